//! Teleport and turning rules for VR controllers: the arc, where it may land, snap turn and the
//! fade that hides the jump. Plain Rust, unit-tested.

use bevy::math::{Vec2, Vec3};

use crate::layout::{HallLayout, WalkGrid, PAVILION_WALL_HEIGHT};

/// Launch speed of the teleport arc, in metres per second. With [`GRAVITY`] the arc reaches
/// about 8 m on level ground when aimed 45 degrees up.
const ARC_SPEED: f32 = 8.0;
/// Downward acceleration of the arc, in metres per second squared.
const GRAVITY: f32 = 9.8;
/// Time between arc samples, in seconds.
const ARC_STEP: f32 = 0.03;
/// Samples before the arc gives up without reaching the floor.
const ARC_SAMPLES: usize = 80;
/// Snap turn angle, in radians (30 degrees).
pub const SNAP_TURN: f32 = std::f32::consts::PI / 6.0;
/// Thumbstick deflection that triggers a snap turn.
const SNAP_PRESS: f32 = 0.7;
/// Deflection below which the thumbstick counts as released, ready for the next turn.
const SNAP_RELEASE: f32 = 0.3;
/// Length of the fade to black and back around a teleport, in seconds, each way.
pub const FADE_SECONDS: f32 = 0.12;

/// The teleport arc from a controller and where it ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Arc {
    /// Sampled points from the controller to the end, in world metres.
    pub points: Vec<Vec3>,
    /// End of the arc.
    pub end: ArcEnd,
}

/// End of a teleport arc.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArcEnd {
    /// On walkable floor: the visitor may teleport to this floor point.
    Walkable(Vec2),
    /// On the floor, but not where a visitor may stand (inside a booth, too close to a wall,
    /// outside the hall).
    NotWalkable(Vec2),
    /// Against a wall, board or stand before reaching the floor.
    Blocked(Vec3),
    /// Nowhere: aimed too high or too far.
    Nothing,
}

impl ArcEnd {
    /// Returns the floor point a teleport may land on.
    pub fn landing(self) -> Option<Vec2> {
        match self {
            ArcEnd::Walkable(point) => Some(point),
            _ => None,
        }
    }
}

/// Traces the teleport arc from `origin` along `direction` (any length) through the hall.
pub fn trace_arc(layout: &HallLayout, grid: &WalkGrid, origin: Vec3, direction: Vec3) -> Arc {
    let velocity = direction.normalize_or_zero() * ARC_SPEED;
    let mut points = vec![origin];
    let mut previous = origin;
    for sample in 1..=ARC_SAMPLES {
        let t = sample as f32 * ARC_STEP;
        let point = origin + velocity * t + Vec3::new(0.0, -0.5 * GRAVITY * t * t, 0.0);
        if point.y <= 0.0 {
            // Interpolate the floor crossing between the last two samples.
            let fraction = previous.y / (previous.y - point.y);
            let hit = previous.lerp(point, fraction);
            let floor = Vec2::new(hit.x, hit.z);
            if blocked_at(layout, hit) {
                points.push(hit);
                return Arc { points, end: ArcEnd::Blocked(hit) };
            }
            points.push(Vec3::new(hit.x, 0.0, hit.z));
            let end = if grid.is_walkable(floor) { ArcEnd::Walkable(floor) } else { ArcEnd::NotWalkable(floor) };
            return Arc { points, end };
        }
        if blocked_at(layout, point) {
            points.push(point);
            return Arc { points, end: ArcEnd::Blocked(point) };
        }
        points.push(point);
        previous = point;
    }
    Arc { points, end: ArcEnd::Nothing }
}

/// Returns true where a point lies inside a wall, pillar, board or stand. Obstacles are treated
/// as pavilion-wall high, which is above any arc launched from a visitor's hand.
fn blocked_at(layout: &HallLayout, point: Vec3) -> bool {
    point.y < PAVILION_WALL_HEIGHT && layout.obstacles.iter().any(|rect| rect.contains(Vec2::new(point.x, point.z)))
}

/// Thumbstick snap turning: one turn per push past [`SNAP_PRESS`], re-armed once the stick
/// returns below [`SNAP_RELEASE`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SnapTurn {
    /// True after a turn until the stick is released.
    turned: bool,
}

impl SnapTurn {
    /// Feeds the stick's horizontal axis (-1 left to 1 right) and returns the yaw change in
    /// radians, positive to the left like the rig's yaw.
    pub fn update(&mut self, axis_x: f32) -> f32 {
        if !axis_x.is_finite() {
            return 0.0;
        }
        if self.turned {
            if axis_x.abs() < SNAP_RELEASE {
                self.turned = false;
            }
            return 0.0;
        }
        if axis_x.abs() >= SNAP_PRESS {
            self.turned = true;
            return -axis_x.signum() * SNAP_TURN;
        }
        0.0
    }
}

/// A fade to black and back around a teleport.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fade {
    /// Seconds since the fade started.
    elapsed: f32,
    /// True once the move at full black has been handed out.
    moved: bool,
}

/// One step of a [`Fade`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FadeStep {
    /// Opacity of the black overlay, 0 to 1.
    pub alpha: f32,
    /// True on the one step where the view is black and the rig should move.
    pub move_now: bool,
    /// True once the fade is over.
    pub finished: bool,
}

impl Fade {
    pub fn new() -> Fade {
        Fade { elapsed: 0.0, moved: false }
    }

    /// Advances by `dt` seconds.
    pub fn step(&mut self, dt: f32) -> FadeStep {
        self.elapsed += dt.max(0.0);
        let half = FADE_SECONDS;
        let move_now = !self.moved && self.elapsed >= half;
        if move_now {
            self.moved = true;
        }
        let alpha = if self.elapsed < half { self.elapsed / half } else { (1.0 - (self.elapsed - half) / half).max(0.0) };
        FadeStep { alpha, move_now, finished: self.moved && self.elapsed >= 2.0 * half }
    }
}

impl Default for Fade {
    fn default() -> Self {
        Fade::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{HallLayout, WalkGrid, EYE_HEIGHT, VISITOR_RADIUS};

    fn bundled() -> (HallLayout, WalkGrid) {
        let layout = HallLayout::build(&crate::layout::tests::bundled());
        let grid = WalkGrid::build(&layout, VISITOR_RADIUS);
        (layout, grid)
    }

    /// Returns a hand at chest height at the start, aiming the way the start faces and `pitch`
    /// radians up.
    fn aim(layout: &HallLayout, pitch: f32) -> (Vec3, Vec3) {
        let start = layout.start;
        let forward = Vec2::new(-layout.start_yaw.sin(), -layout.start_yaw.cos());
        let origin = Vec3::new(start.x, EYE_HEIGHT - 0.4, start.y);
        let direction = Vec3::new(forward.x * pitch.cos(), pitch.sin(), forward.y * pitch.cos());
        (origin, direction)
    }

    #[test]
    fn arc_lands_on_open_floor() {
        let (layout, grid) = bundled();
        let (origin, direction) = aim(&layout, -0.3);
        let arc = trace_arc(&layout, &grid, origin, direction);
        let landing = arc.end.landing().expect("arc from the start lands on the plaza floor");
        let distance = landing.distance(layout.start);
        assert!(distance > 1.0, "landed only {distance} m away");
        assert!(distance < 9.0, "landed {distance} m away");
        assert!(grid.is_walkable(landing));
        assert_eq!(arc.points.last().unwrap().y, 0.0);
    }

    #[test]
    fn arc_aimed_higher_lands_further() {
        let (layout, grid) = bundled();
        let low = trace_arc(&layout, &grid, aim(&layout, -0.4).0, aim(&layout, -0.4).1);
        let high = trace_arc(&layout, &grid, aim(&layout, 0.2).0, aim(&layout, 0.2).1);
        let low = low.end.landing().unwrap().distance(layout.start);
        let high = high.end.landing().unwrap().distance(layout.start);
        assert!(high > low + 1.0, "low {low} m, high {high} m");
    }

    #[test]
    fn arc_into_booth_does_not_land() {
        let (layout, grid) = bundled();
        let slot = &layout.booths[0];
        // Stand at the booth's viewpoint and aim level at the middle of the booth.
        let origin = Vec3::new(slot.viewpoint.x, 1.2, slot.viewpoint.y);
        let target = Vec3::new(slot.placement.position.x, 1.2, slot.placement.position.y);
        let direction = (target - origin).normalize();
        let arc = trace_arc(&layout, &grid, origin, direction);
        assert!(arc.end.landing().is_none(), "arc ended {:?}", arc.end);
        assert!(matches!(arc.end, ArcEnd::Blocked(_) | ArcEnd::NotWalkable(_)), "arc ended {:?}", arc.end);
    }

    #[test]
    fn arc_never_ends_inside_obstacle() {
        let (layout, grid) = bundled();
        let start = layout.start;
        for step in 0..72 {
            let yaw = step as f32 * std::f32::consts::TAU / 72.0;
            for pitch in [-0.6, -0.2, 0.1, 0.4] {
                let origin = Vec3::new(start.x, 1.2, start.y);
                let direction = Vec3::new(-yaw.sin() * f32::cos(pitch), f32::sin(pitch), -yaw.cos() * f32::cos(pitch));
                let arc = trace_arc(&layout, &grid, origin, direction);
                if let Some(landing) = arc.end.landing() {
                    assert!(
                        !layout.obstacles.iter().any(|rect| rect.contains(landing)),
                        "landing {landing} inside an obstacle (yaw {yaw}, pitch {pitch})"
                    );
                    assert!(grid.is_walkable(landing));
                }
            }
        }
    }

    #[test]
    fn arc_straight_up_finds_nothing_or_lands_near() {
        let (layout, grid) = bundled();
        let origin = Vec3::new(layout.start.x, 1.2, layout.start.y);
        let arc = trace_arc(&layout, &grid, origin, Vec3::Y);
        match arc.end {
            ArcEnd::Walkable(point) => assert!(point.distance(layout.start) < 0.01),
            other => panic!("straight up ended {other:?}"),
        }
    }

    #[test]
    fn snap_turn_once_per_push() {
        let mut snap = SnapTurn::default();
        assert_eq!(snap.update(0.2), 0.0);
        assert_eq!(snap.update(0.9), -SNAP_TURN);
        assert_eq!(snap.update(1.0), 0.0, "held stick must not turn again");
        assert_eq!(snap.update(0.5), 0.0, "stick between release and press is still held");
        assert_eq!(snap.update(0.1), 0.0);
        assert_eq!(snap.update(-0.8), SNAP_TURN, "left push turns left");
    }

    #[test]
    fn snap_turn_ignores_bad_axis() {
        let mut snap = SnapTurn::default();
        assert_eq!(snap.update(f32::NAN), 0.0);
        assert_eq!(snap.update(0.9), -SNAP_TURN);
    }

    #[test]
    fn fade_moves_once_at_black() {
        let mut fade = Fade::new();
        let mut moves = 0;
        let mut peak: f32 = 0.0;
        let mut finished_after = None;
        for frame in 0..40 {
            let step = fade.step(1.0 / 90.0);
            peak = peak.max(step.alpha);
            if step.move_now {
                moves += 1;
                assert!(step.alpha > 0.95, "moved at alpha {}", step.alpha);
            }
            if step.finished && finished_after.is_none() {
                finished_after = Some(frame);
                assert_eq!(step.alpha, 0.0);
            }
        }
        assert_eq!(moves, 1);
        assert!(peak > 0.95);
        let frames = finished_after.expect("fade finishes");
        assert!(frames <= 23, "fade took {frames} frames at 90 fps");
    }
}
