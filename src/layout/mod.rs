//! Hall layout computed from a manifest: plaza, pavilions, booth slots, walls and signs.
//!
//! Pure data and geometry without ECS, so it is unit-tested without a window. The hall module
//! spawns entities from a [`HallLayout`]; navigation uses its obstacles and walk grid.

mod geometry;
mod grid;
mod pick;

pub use geometry::{Rect2, approach_yaw, rotate};
pub use grid::WalkGrid;
pub use pick::ray_hit_box;

use std::f32::consts::{PI, TAU};

use bevy::math::Vec2;
use expo_manifest::{BoothSize, Manifest, ZoneKind};

/// Radius of the open central plaza, in metres.
pub const PLAZA_RADIUS: f32 = 15.0;
/// Radius of the visitor's collision circle, in metres.
pub const VISITOR_RADIUS: f32 = 0.3;
/// Height of the visitor's eyes above the floor, in metres.
pub const EYE_HEIGHT: f32 = 1.6;
/// Height of pavilion walls, in metres.
pub const PAVILION_WALL_HEIGHT: f32 = 4.5;
/// Height of the outer hall walls, in metres.
pub const HALL_WALL_HEIGHT: f32 = 7.0;
/// Wall thickness, in metres.
pub const WALL_THICKNESS: f32 = 0.3;
/// Width of a pavilion's entrance opening, in metres.
pub const ENTRANCE_WIDTH: f32 = 6.0;

/// Width of a standard booth slot along its row, in metres.
const SLOT_WIDTH: f32 = 4.5;
/// Depth of a booth slot from the backdrop's back to the plinth's front edge, in metres.
const SLOT_DEPTH: f32 = 3.8;
/// Aisle width between facing rows, in metres.
const AISLE: f32 = 4.5;
/// Free floor inside the entrance before the first row, in metres.
const ENTRANCE_HALL: f32 = 6.0;
/// Width of the central aisle that runs from the entrance to the back wall, in metres.
const CENTRAL_AISLE: f32 = 5.0;
/// Walkway between the outermost booths and the side walls, in metres.
const SIDE_AISLE: f32 = 2.5;
/// Gap kept between neighbouring pavilions, in metres.
const PAVILION_GAP: f32 = 6.0;
/// Floor kept between the outermost pavilion and the hall wall, in metres.
const HALL_MARGIN: f32 = 8.0;

/// Plinth size (width, depth) of a standard booth, in metres.
pub const PLINTH_SIZE: Vec2 = Vec2::new(3.0, 2.6);
/// Plinth height, in metres.
pub const PLINTH_HEIGHT: f32 = 0.5;
/// Backdrop panel size (width, height), in metres. The panel is behind the plinth.
pub const BACKDROP_SIZE: Vec2 = Vec2::new(4.2, 3.2);
/// Distance from the booth centre to the backdrop's centre plane, in metres.
pub const BACKDROP_OFFSET: f32 = 1.75;
/// Distance from the booth centre to the viewpoint in the aisle, in metres.
const VIEWING_DISTANCE: f32 = 4.2;

/// A problem found while laying out booths with fixed positions.
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutIssue {
    /// A booth's fixed position puts it partly outside its zone.
    OutsideZone { booth: String },
    /// A booth's fixed position overlaps another booth.
    Overlap { booth: String, other: String },
    /// A booth was placed in a plaza zone, which has no booth slots.
    NoSlot { booth: String },
}

/// The whole hall, in world coordinates on the floor plane.
#[derive(Debug, Clone)]
pub struct HallLayout {
    /// Inner floor of the hall, inside the outer walls.
    pub hall: Rect2,
    pub plaza: Option<PlazaLayout>,
    /// Pavilions in visiting order.
    pub pavilions: Vec<PavilionLayout>,
    /// One slot per booth, in manifest order.
    pub booths: Vec<BoothSlot>,
    /// Every solid footprint the visitor collides with.
    pub obstacles: Vec<Rect2>,
    /// The visitor's starting point and the yaw they face there.
    pub start: Vec2,
    pub start_yaw: f32,
    pub issues: Vec<LayoutIssue>,
}

/// The central plaza with its preface boards and title gate.
#[derive(Debug, Clone)]
pub struct PlazaLayout {
    pub zone_index: usize,
    pub radius: f32,
    /// Preface board places in manifest order; each board faces the plaza centre.
    pub boards: Vec<Placement>,
    /// Centre of the raised title board, spanning the path from the start towards the first
    /// pavilion.
    pub title_gate: Placement,
    pub title_gate_width: f32,
}

/// A position on the floor and the yaw a thing faces (its local +z).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub position: Vec2,
    pub yaw: f32,
}

/// A walled pavilion with its entrance towards the plaza.
#[derive(Debug, Clone)]
pub struct PavilionLayout {
    pub zone_index: usize,
    /// The pavilion's floor; local +z points out through the entrance.
    pub rect: Rect2,
    /// Centre of the entrance opening in the wall facing the plaza.
    pub entrance: Placement,
    /// Wall segments with the entrance left open.
    pub walls: Vec<Rect2>,
}

/// The place of one booth.
#[derive(Debug, Clone)]
pub struct BoothSlot {
    pub booth_index: usize,
    pub zone_index: usize,
    /// Centre of the plinth; the booth's front faces local +z turned by `yaw`.
    pub placement: Placement,
    pub size: BoothSize,
    /// Plinth and backdrop together: the solid part.
    pub footprint: Rect2,
    /// The point in the aisle in front of the booth from which a visitor views it.
    pub viewpoint: Vec2,
}

impl BoothSlot {
    /// Plinth width for this booth size, in metres.
    pub fn plinth_size(&self) -> Vec2 {
        match self.size {
            BoothSize::Standard => PLINTH_SIZE,
            BoothSize::Large => Vec2::new(PLINTH_SIZE.x * 2.0 + 0.6, PLINTH_SIZE.y),
        }
    }

    /// Backdrop width for this booth size, in metres.
    pub fn backdrop_width(&self) -> f32 {
        backdrop_width(self.size)
    }

    /// Returns the yaw a visitor at the viewpoint has when facing the booth.
    pub fn viewing_yaw(&self) -> f32 {
        self.placement.yaw
    }
}

impl HallLayout {
    /// Lays out the hall for a validated manifest.
    pub fn build(manifest: &Manifest) -> HallLayout {
        let mut zone_order: Vec<usize> = (0..manifest.zones.len()).collect();
        zone_order.sort_by_key(|&index| manifest.zones[index].order);

        let plaza_zone = zone_order
            .iter()
            .copied()
            .find(|&index| manifest.zones[index].kind == ZoneKind::Plaza);
        let pavilion_zones: Vec<usize> = zone_order
            .iter()
            .copied()
            .filter(|&index| manifest.zones[index].kind == ZoneKind::Pavilion)
            .collect();

        let mut issues = Vec::new();
        let mut booths: Vec<Option<BoothSlot>> = vec![None; manifest.booths.len()];

        // Size each pavilion from its booths, then place it around the plaza.
        let mut plans = Vec::new();
        for &zone_index in &pavilion_zones {
            let zone = &manifest.zones[zone_index];
            let members: Vec<usize> = booth_order(manifest, zone_index);
            let auto: Vec<(usize, BoothSize)> = members
                .iter()
                .filter(|&&b| manifest.booths[b].position.is_none())
                .map(|&b| (b, manifest.booths[b].size))
                .collect();
            let plan = RowPlan::fit(&auto);
            plans.push((zone_index, zone, members, auto, plan));
        }

        let count = plans.len().max(1);
        let yaws: Vec<f32> = (0..plans.len()).map(|k| -(k as f32) * TAU / count as f32).collect();
        let mut distances: Vec<f32> = plans
            .iter()
            .map(|(_, _, _, _, plan)| PLAZA_RADIUS + 3.0 + plan.depth * 0.5)
            .collect();
        let rects = |distances: &[f32]| -> Vec<Rect2> {
            plans
                .iter()
                .enumerate()
                .map(|(k, (_, _, _, _, plan))| {
                    let toward_plaza = rotate(Vec2::Y, yaws[k]);
                    Rect2::new(-toward_plaza * distances[k], Vec2::new(plan.width, plan.depth), yaws[k])
                })
                .collect()
        };
        // Push pavilions outwards until neighbours keep their gap.
        for _ in 0..200 {
            let current = rects(&distances);
            let mut moved = false;
            for a in 0..current.len() {
                for b in (a + 1)..current.len() {
                    let grown_a = Rect2 { half: current[a].half + Vec2::splat(PAVILION_GAP * 0.5), ..current[a] };
                    let grown_b = Rect2 { half: current[b].half + Vec2::splat(PAVILION_GAP * 0.5), ..current[b] };
                    if grown_a.overlaps(&grown_b) {
                        distances[a] += 1.0;
                        distances[b] += 1.0;
                        moved = true;
                    }
                }
            }
            if !moved {
                break;
            }
        }
        let pavilion_rects = rects(&distances);

        let mut pavilions = Vec::new();
        let mut obstacles = Vec::new();
        for (k, (zone_index, _zone, members, auto, plan)) in plans.iter().enumerate() {
            let rect = pavilion_rects[k];
            let walls = pavilion_walls(&rect);
            obstacles.extend(walls.iter().copied());
            // Arch pillars stand just outside the entrance opening.
            for side in [-1.0, 1.0] {
                let pillar = rect.to_world(Vec2::new(
                    side * (ENTRANCE_WIDTH * 0.5 + 0.4),
                    rect.half.y + 0.4,
                ));
                obstacles.push(Rect2::new(pillar, Vec2::splat(0.8), rect.yaw));
            }
            pavilions.push(PavilionLayout {
                zone_index: *zone_index,
                rect,
                entrance: Placement { position: rect.to_world(Vec2::new(0.0, rect.half.y)), yaw: rect.yaw },
                walls,
            });

            for (slot_index, &(booth_index, size)) in auto.iter().enumerate() {
                let local = plan.slots[slot_index];
                booths[booth_index] = Some(make_slot(booth_index, *zone_index, &rect, local, size));
            }
            for &booth_index in members {
                let booth = &manifest.booths[booth_index];
                let Some(position) = booth.position else { continue };
                let local = LocalSlot {
                    center: Vec2::new(position.x, position.z),
                    yaw: position.yaw.to_radians(),
                };
                let slot = make_slot(booth_index, *zone_index, &rect, local, booth.size);
                if !rect.contains_rect(&slot.footprint, WALL_THICKNESS) {
                    issues.push(LayoutIssue::OutsideZone { booth: booth.id.clone() });
                }
                booths[booth_index] = Some(slot);
            }
        }

        // Booths whose zone is missing or is the plaza get no slot.
        for (booth_index, slot) in booths.iter().enumerate() {
            if slot.is_none() {
                issues.push(LayoutIssue::NoSlot { booth: manifest.booths[booth_index].id.clone() });
            }
        }
        let booths: Vec<BoothSlot> = booths.into_iter().flatten().collect();
        for (i, a) in booths.iter().enumerate() {
            for b in &booths[i + 1..] {
                if a.footprint.overlaps(&b.footprint) {
                    issues.push(LayoutIssue::Overlap {
                        booth: manifest.booths[b.booth_index].id.clone(),
                        other: manifest.booths[a.booth_index].id.clone(),
                    });
                }
            }
        }
        obstacles.extend(booths.iter().map(|slot| slot.footprint));

        // The start faces the first pavilion's entrance across the plaza.
        let first_direction = yaws.first().map(|&yaw| rotate(Vec2::Y, yaw)).unwrap_or(Vec2::Y);
        let start = first_direction * (PLAZA_RADIUS - 3.0);
        let start_yaw = yaws.first().copied().unwrap_or(0.0);

        let plaza = plaza_zone.map(|zone_index| {
            let gate_position = first_direction * 5.0;
            let gate = Placement { position: gate_position, yaw: start_yaw };
            let gate_width = 9.0;
            for side in [-1.0, 1.0] {
                let post = gate_position + rotate(Vec2::new(side * gate_width * 0.5, 0.0), start_yaw);
                obstacles.push(Rect2::new(post, Vec2::splat(0.5), start_yaw));
            }
            let boards = board_placements(manifest.preface_boards.len(), &yaws);
            for board in &boards {
                obstacles.push(Rect2::new(board.position, Vec2::new(3.4, 0.6), board.yaw));
            }
            PlazaLayout { zone_index, radius: PLAZA_RADIUS, boards, title_gate: gate, title_gate_width: gate_width }
        });

        let hall = hall_rect(&pavilion_rects);
        obstacles.extend(hall_walls(&hall));

        HallLayout { hall, plaza, pavilions, booths, obstacles, start, start_yaw, issues }
    }

    /// Returns the index (into `manifest.zones`) of the zone that contains `point`, if any.
    pub fn zone_at(&self, point: Vec2) -> Option<usize> {
        if let Some(pavilion) = self.pavilions.iter().find(|p| p.rect.contains(point)) {
            return Some(pavilion.zone_index);
        }
        self.plaza
            .as_ref()
            .filter(|plaza| point.length() <= plaza.radius)
            .map(|plaza| plaza.zone_index)
    }

    /// Moves a visitor circle out of every obstacle it overlaps; returns the corrected point.
    pub fn resolve_collisions(&self, mut point: Vec2, radius: f32) -> Vec2 {
        // A few passes settle corners where two obstacles meet.
        for _ in 0..4 {
            let mut moved = false;
            for obstacle in &self.obstacles {
                if let Some(push) = obstacle.push_out(point, radius) {
                    point += push;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        point
    }

    /// Slot of the booth at `booth_index` in manifest order.
    pub fn slot_for_booth(&self, booth_index: usize) -> Option<&BoothSlot> {
        self.booths.iter().find(|slot| slot.booth_index == booth_index)
    }

    /// Nearest booth whose footprint the floor ray `origin + t * direction` hits, with its distance.
    pub fn pick_booth(&self, origin: Vec2, direction: Vec2) -> Option<(&BoothSlot, f32)> {
        self.booths
            .iter()
            .filter_map(|slot| slot.footprint.ray_hit(origin, direction).map(|t| (slot, t)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// Returns the booths of a zone (indices into `manifest.booths`) in display order: by sub-area as
/// the zone lists them, then as the manifest lists them.
pub fn booth_order(manifest: &Manifest, zone_index: usize) -> Vec<usize> {
    let zone = &manifest.zones[zone_index];
    let sub_area_rank = |sub_area: &Option<String>| -> usize {
        sub_area
            .as_ref()
            .and_then(|id| zone.sub_areas.iter().position(|area| &area.id == id))
            .unwrap_or(usize::MAX)
    };
    let mut members: Vec<usize> = manifest
        .booths
        .iter()
        .enumerate()
        .filter(|(_, booth)| booth.zone == zone.id)
        .map(|(index, _)| index)
        .collect();
    members.sort_by_key(|&index| sub_area_rank(&manifest.booths[index].sub_area));
    members
}

/// A booth position in pavilion-local coordinates.
#[derive(Debug, Clone, Copy)]
struct LocalSlot {
    center: Vec2,
    yaw: f32,
}

/// Rows of booth slots inside one pavilion, in local coordinates (entrance at +z).
struct RowPlan {
    width: f32,
    depth: f32,
    slots: Vec<LocalSlot>,
}

impl RowPlan {
    /// Chooses how many booths stand on each side of the central aisle so the pavilion is
    /// close to square, then fills rows from the entrance backwards. Rows come in back-to-back
    /// pairs so every row faces an aisle.
    fn fit(booths: &[(usize, BoothSize)]) -> RowPlan {
        (2..=5)
            .map(|columns| RowPlan::with_columns(booths, columns))
            .min_by(|a, b| {
                let score = |plan: &RowPlan| (plan.width - plan.depth).abs() + plan.width * plan.depth * 0.001;
                score(a).total_cmp(&score(b))
            })
            .expect("the column range is not empty")
    }

    fn with_columns(booths: &[(usize, BoothSize)], columns: usize) -> RowPlan {
        let half_width = columns as f32 * SLOT_WIDTH;
        let width = 2.0 * half_width + CENTRAL_AISLE + 2.0 * SIDE_AISLE;

        // Assign booths to (row, side, offset along the half row), in slot units.
        let mut cells = Vec::new();
        let (mut row, mut side, mut used) = (0usize, 0usize, 0usize);
        for &(_, size) in booths {
            let units = match size {
                BoothSize::Standard => 1,
                BoothSize::Large => 2,
            };
            if used + units > columns {
                side += 1;
                used = 0;
                if side == 2 {
                    side = 0;
                    row += 1;
                }
            }
            cells.push((row, side, used, units));
            used += units;
        }
        let rows = cells.last().map_or(1, |cell| cell.0 + 1);

        // Row r's plinth-front line, measured from the entrance wall inwards.
        let row_front = |r: usize| -> f32 {
            let pair = r / 2;
            let pair_start = ENTRANCE_HALL + pair as f32 * (2.0 * SLOT_DEPTH + AISLE);
            if r % 2 == 0 { pair_start } else { pair_start + 2.0 * SLOT_DEPTH }
        };
        let depth = row_front(rows - 1) + if (rows - 1) % 2 == 0 { SLOT_DEPTH + 1.5 } else { AISLE };
        let depth = depth.max(ENTRANCE_HALL + SLOT_DEPTH + AISLE);

        let slots = cells
            .iter()
            .map(|&(row, side, offset, units)| {
                let along = offset as f32 * SLOT_WIDTH + units as f32 * SLOT_WIDTH * 0.5;
                let x = if side == 0 {
                    -(CENTRAL_AISLE * 0.5 + half_width) + along
                } else {
                    CENTRAL_AISLE * 0.5 + along
                };
                // Even rows face the entrance (+z); odd rows stand back to back with them.
                let front_from_entrance = row_front(row);
                let (center_from_entrance, yaw) = if row % 2 == 0 {
                    (front_from_entrance + PLINTH_SIZE.y * 0.5, 0.0)
                } else {
                    (front_from_entrance - PLINTH_SIZE.y * 0.5, PI)
                };
                LocalSlot { center: Vec2::new(x, depth * 0.5 - center_from_entrance), yaw }
            })
            .collect();
        RowPlan { width, depth, slots }
    }
}

/// Returns the backdrop width for a booth size, in metres; the booth's footprint is as wide.
fn backdrop_width(size: BoothSize) -> f32 {
    match size {
        BoothSize::Standard => BACKDROP_SIZE.x,
        BoothSize::Large => BACKDROP_SIZE.x * 2.0,
    }
}

fn make_slot(booth_index: usize, zone_index: usize, zone: &Rect2, local: LocalSlot, size: BoothSize) -> BoothSlot {
    let yaw = zone.yaw + local.yaw;
    let center = zone.to_world(local.center);
    let width = backdrop_width(size);
    // The footprint runs from the backdrop's back to the plinth's front edge.
    let back = BACKDROP_OFFSET + 0.1;
    let front = PLINTH_SIZE.y * 0.5;
    let footprint_center = center + rotate(Vec2::new(0.0, (front - back) * 0.5), yaw);
    BoothSlot {
        booth_index,
        zone_index,
        placement: Placement { position: center, yaw },
        size,
        footprint: Rect2::new(footprint_center, Vec2::new(width, front + back), yaw),
        viewpoint: center + rotate(Vec2::new(0.0, VIEWING_DISTANCE), yaw),
    }
}

/// Four walls around a pavilion, with the entrance open in the wall at local +z.
fn pavilion_walls(rect: &Rect2) -> Vec<Rect2> {
    let h = rect.half;
    let t = WALL_THICKNESS;
    let side_length = h.x - ENTRANCE_WIDTH * 0.5;
    let pieces = [
        (Vec2::new(0.0, -h.y), Vec2::new(2.0 * h.x + t, t)),
        (Vec2::new(-h.x, 0.0), Vec2::new(t, 2.0 * h.y + t)),
        (Vec2::new(h.x, 0.0), Vec2::new(t, 2.0 * h.y + t)),
        (Vec2::new(-h.x + side_length * 0.5, h.y), Vec2::new(side_length + t, t)),
        (Vec2::new(h.x - side_length * 0.5, h.y), Vec2::new(side_length + t, t)),
    ];
    pieces
        .iter()
        .map(|&(center, size)| Rect2::new(rect.to_world(center), size, rect.yaw))
        .collect()
}

/// Computes the hall floor: a square around the plaza and every pavilion, with a margin.
fn hall_rect(pavilions: &[Rect2]) -> Rect2 {
    let mut extent = PLAZA_RADIUS + HALL_MARGIN;
    for rect in pavilions {
        let (min, max) = rect.bounds();
        extent = extent.max(-min.x).max(-min.y).max(max.x).max(max.y);
    }
    let size = 2.0 * (extent + HALL_MARGIN).ceil();
    Rect2::new(Vec2::ZERO, Vec2::splat(size), 0.0)
}

/// Returns the four outer walls just outside the hall floor.
pub fn hall_walls(hall: &Rect2) -> Vec<Rect2> {
    let h = hall.half;
    let t = WALL_THICKNESS;
    vec![
        Rect2::new(Vec2::new(0.0, -h.y - t * 0.5), Vec2::new(2.0 * h.x + 2.0 * t, t), 0.0),
        Rect2::new(Vec2::new(0.0, h.y + t * 0.5), Vec2::new(2.0 * h.x + 2.0 * t, t), 0.0),
        Rect2::new(Vec2::new(-h.x - t * 0.5, 0.0), Vec2::new(t, 2.0 * h.y), 0.0),
        Rect2::new(Vec2::new(h.x + t * 0.5, 0.0), Vec2::new(t, 2.0 * h.y), 0.0),
    ]
}

/// Spreads preface boards over the gaps between pavilion directions on a ring, facing inwards.
fn board_placements(count: usize, pavilion_yaws: &[f32]) -> Vec<Placement> {
    const RING: f32 = 10.5;
    // The direction from the centre towards pavilion k is the angle of rotate(-Y, yaw_k).
    let mut angles: Vec<f32> = pavilion_yaws
        .iter()
        .map(|&yaw| {
            let direction = rotate(-Vec2::Y, yaw);
            direction.y.atan2(direction.x)
        })
        .collect();
    if angles.is_empty() {
        angles.push(-PI / 2.0);
    }
    angles.sort_by(f32::total_cmp);

    let gaps: Vec<(f32, f32)> = (0..angles.len())
        .map(|i| {
            let start = angles[i];
            let end = if i + 1 < angles.len() { angles[i + 1] } else { angles[0] + TAU };
            (start, end)
        })
        .collect();

    // Boards go round-robin into the gaps, starting with the gaps next to the first pavilion.
    let mut per_gap = vec![0usize; gaps.len()];
    for i in 0..count {
        per_gap[i % gaps.len()] += 1;
    }
    let mut placements = Vec::new();
    for (gap, &(start, end)) in gaps.iter().enumerate() {
        let n = per_gap[gap];
        for j in 0..n {
            let angle = start + (end - start) * (j as f32 + 1.0) / (n as f32 + 1.0);
            let position = Vec2::new(angle.cos(), angle.sin()) * RING;
            // Face the centre: local +z must point along -position.
            let inward = -position.normalize();
            let yaw = inward.x.atan2(inward.y);
            placements.push(Placement { position, yaw });
        }
    }

    // Sort so consecutive boards read around the ring in order.
    placements.sort_by(|a, b| {
        let angle = |p: &Placement| {
            let a = p.position.y.atan2(p.position.x);
            (a - angles[0]).rem_euclid(TAU)
        };
        angle(a).total_cmp(&angle(b))
    });
    placements
}

#[cfg(test)]
pub(crate) mod tests;
