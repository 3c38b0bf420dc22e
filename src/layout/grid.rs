//! Walkable-floor grid: which floor cells a visitor circle fits in, and paths between them.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use bevy::math::Vec2;

use super::HallLayout;

/// Edge length of one grid cell, in metres.
pub const CELL: f32 = 0.25;

/// Floor cells where the visitor's collision circle fits without touching an obstacle.
#[derive(Debug, Clone)]
pub struct WalkGrid {
    origin: Vec2,
    width: usize,
    height: usize,
    walkable: Vec<bool>,
}

impl WalkGrid {
    /// Rasterizes the hall floor for a visitor of `radius` metres.
    pub fn build(layout: &HallLayout, radius: f32) -> WalkGrid {
        let (min, max) = layout.hall.bounds();
        let width = ((max.x - min.x) / CELL).ceil() as usize;
        let height = ((max.y - min.y) / CELL).ceil() as usize;
        let mut grid = WalkGrid { origin: min, width, height, walkable: vec![true; width * height] };

        // Cells whose centre is closer than `radius` to the hall edge are blocked.
        for row in 0..height {
            for column in 0..width {
                let center = grid.cell_center(column, row);
                let inner = layout.hall.half - Vec2::splat(radius);
                if center.x.abs() > inner.x || center.y.abs() > inner.y {
                    grid.walkable[row * width + column] = false;
                }
            }
        }

        // Only the cells near each obstacle are tested against it.
        for obstacle in &layout.obstacles {
            let (low, high) = obstacle.bounds();
            let low = low - Vec2::splat(radius + CELL);
            let high = high + Vec2::splat(radius + CELL);
            let (c0, r0) = grid.cell_of_clamped(low);
            let (c1, r1) = grid.cell_of_clamped(high);
            for row in r0..=r1 {
                for column in c0..=c1 {
                    let center = grid.cell_center(column, row);
                    if obstacle.closest_point(center).distance(center) < radius {
                        grid.walkable[row * width + column] = false;
                    }
                }
            }
        }
        grid
    }

    fn cell_center(&self, column: usize, row: usize) -> Vec2 {
        self.origin + Vec2::new((column as f32 + 0.5) * CELL, (row as f32 + 0.5) * CELL)
    }

    fn cell_of_clamped(&self, point: Vec2) -> (usize, usize) {
        let local = (point - self.origin) / CELL;
        let column = (local.x.floor().max(0.0) as usize).min(self.width - 1);
        let row = (local.y.floor().max(0.0) as usize).min(self.height - 1);
        (column, row)
    }

    fn cell_of(&self, point: Vec2) -> Option<(usize, usize)> {
        let local = (point - self.origin) / CELL;
        if local.x < 0.0 || local.y < 0.0 {
            return None;
        }
        let (column, row) = (local.x as usize, local.y as usize);
        (column < self.width && row < self.height).then_some((column, row))
    }

    /// Returns true when a visitor can stand at `point`.
    pub fn is_walkable(&self, point: Vec2) -> bool {
        self.cell_of(point).is_some_and(|(column, row)| self.walkable[row * self.width + column])
    }

    /// Finds the walkable cell centre nearest to `point`, searching outwards up to `max_distance` metres.
    pub fn nearest_walkable(&self, point: Vec2, max_distance: f32) -> Option<Vec2> {
        if self.is_walkable(point) {
            return Some(point);
        }
        let (column, row) = self.cell_of_clamped(point);
        let reach = (max_distance / CELL).ceil() as isize;
        let mut best: Option<(f32, Vec2)> = None;
        for dr in -reach..=reach {
            for dc in -reach..=reach {
                let (c, r) = (column as isize + dc, row as isize + dr);
                if c < 0 || r < 0 || c as usize >= self.width || r as usize >= self.height {
                    continue;
                }
                if !self.walkable[r as usize * self.width + c as usize] {
                    continue;
                }
                let center = self.cell_center(c as usize, r as usize);
                let distance = center.distance(point);
                if distance <= max_distance && best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, center));
                }
            }
        }
        best.map(|(_, center)| center)
    }

    /// Marks every cell reachable on foot from `start` (4-connected flood fill).
    pub fn reachable_from(&self, start: Vec2) -> Vec<bool> {
        let mut seen = vec![false; self.walkable.len()];
        let Some((column, row)) = self.cell_of(start) else { return seen };
        let first = row * self.width + column;
        if !self.walkable[first] {
            return seen;
        }
        let mut stack = vec![first];
        seen[first] = true;
        while let Some(index) = stack.pop() {
            let (column, row) = (index % self.width, index / self.width);
            let mut visit = |c: usize, r: usize| {
                let next = r * self.width + c;
                if self.walkable[next] && !seen[next] {
                    seen[next] = true;
                    stack.push(next);
                }
            };
            if column > 0 {
                visit(column - 1, row);
            }
            if column + 1 < self.width {
                visit(column + 1, row);
            }
            if row > 0 {
                visit(column, row - 1);
            }
            if row + 1 < self.height {
                visit(column, row + 1);
            }
        }
        seen
    }

    /// Returns true when `point` is in a cell marked in `reachable` (from [`Self::reachable_from`]).
    pub fn is_marked(&self, reachable: &[bool], point: Vec2) -> bool {
        self.cell_of(point).is_some_and(|(column, row)| reachable[row * self.width + column])
    }

    /// Shortest walk from `from` to `to` as waypoints (A* over 8-connected cells, then shortened by
    /// line of sight). The first waypoint is the first turn, the last is `to`. Returns `None` when
    /// either end is blocked or no walk exists.
    pub fn find_path(&self, from: Vec2, to: Vec2) -> Option<Vec<Vec2>> {
        let start = self.cell_of(from)?;
        let goal = self.cell_of(to)?;
        let index = |(c, r): (usize, usize)| r * self.width + c;
        if !self.walkable[index(goal)] {
            return None;
        }
        let heuristic = |(c, r): (usize, usize)| {
            let dx = (c as f32 - goal.0 as f32).abs();
            let dy = (r as f32 - goal.1 as f32).abs();
            dx.max(dy) + (std::f32::consts::SQRT_2 - 1.0) * dx.min(dy)
        };

        let mut cost = vec![f32::INFINITY; self.walkable.len()];
        let mut came_from = vec![usize::MAX; self.walkable.len()];
        let mut open = BinaryHeap::new();
        cost[index(start)] = 0.0;
        open.push(Node { estimate: heuristic(start), cell: index(start) });

        while let Some(Node { cell, .. }) = open.pop() {
            if cell == index(goal) {
                break;
            }
            let (column, row) = (cell % self.width, cell / self.width);
            for (dc, dr) in [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)] {
                let (c, r) = (column as isize + dc, row as isize + dr);
                if c < 0 || r < 0 || c as usize >= self.width || r as usize >= self.height {
                    continue;
                }
                let next = r as usize * self.width + c as usize;
                // The start cell may be blocked (standing against a wall); every other cell must
                // be walkable, and diagonal steps must not cut a blocked corner.
                if !self.walkable[next] {
                    continue;
                }
                if dc != 0 && dr != 0 {
                    let side_a = row * self.width + c as usize;
                    let side_b = r as usize * self.width + column;
                    if !self.walkable[side_a] || !self.walkable[side_b] {
                        continue;
                    }
                }
                let step = if dc != 0 && dr != 0 { std::f32::consts::SQRT_2 } else { 1.0 };
                let candidate = cost[cell] + step;
                if candidate < cost[next] {
                    cost[next] = candidate;
                    came_from[next] = cell;
                    let estimate = candidate + heuristic((c as usize, r as usize));
                    open.push(Node { estimate, cell: next });
                }
            }
        }
        if cost[index(goal)].is_infinite() {
            return None;
        }

        let mut cells = vec![index(goal)];
        while let Some(&last) = cells.last() {
            let previous = came_from[last];
            if previous == usize::MAX {
                break;
            }
            cells.push(previous);
        }
        cells.reverse();
        let points: Vec<Vec2> = cells
            .iter()
            .map(|&cell| self.cell_center(cell % self.width, cell / self.width))
            .collect();

        // Keep only the turns: skip ahead while the straight line stays on walkable cells.
        let mut waypoints = Vec::new();
        let mut current = from;
        let mut i = 0;
        while i < points.len() {
            let mut furthest = i;
            for j in (i..points.len()).rev() {
                if self.line_is_walkable(current, points[j]) {
                    furthest = j;
                    break;
                }
            }
            current = points[furthest];
            waypoints.push(current);
            i = furthest + 1;
        }
        if let Some(last) = waypoints.last_mut() {
            *last = to;
        }
        Some(waypoints)
    }

    /// Returns true when every sample along the segment lies on a walkable cell.
    pub fn line_is_walkable(&self, from: Vec2, to: Vec2) -> bool {
        let steps = (from.distance(to) / (CELL * 0.5)).ceil().max(1.0) as usize;
        (1..=steps).all(|step| self.is_walkable(from.lerp(to, step as f32 / steps as f32)))
    }
}

#[derive(Debug, PartialEq)]
struct Node {
    estimate: f32,
    cell: usize,
}

impl Eq for Node {}

impl Ord for Node {
    // Reversed so the binary max-heap pops the lowest estimate first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.estimate.total_cmp(&self.estimate).then_with(|| other.cell.cmp(&self.cell))
    }
}

impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
