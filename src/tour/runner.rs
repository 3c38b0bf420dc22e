//! Moving the camera along the tour: walk a path to the next stop, turn to face it, dwell, loop.

use bevy::math::Vec2;

use super::plan::{yaw_facing, TourPlan};
use crate::layout::{approach_yaw, WalkGrid};

/// Cruising speed between stops, in metres per second.
pub const TOUR_SPEED: f32 = 1.8;
/// Slowest speed at the start and end of a leg, as a fraction of [`TOUR_SPEED`].
const MIN_SPEED_FRACTION: f32 = 0.2;
/// Seconds to reach cruising speed after leaving a stop.
const ACCELERATION_TIME: f32 = 1.5;
/// Distance before a stop at which the camera starts slowing down, in metres.
const BRAKING_DISTANCE: f32 = 2.0;
/// Rate at which the view turns towards the walking direction or the stop, per second.
const TURN_RATE: f32 = 2.5;

/// Floor position and yaw of the tour camera.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TourPose {
    pub position: Vec2,
    pub yaw: f32,
}

/// The runner's phase on the way to, or at, the current stop.
#[derive(Debug, Clone, PartialEq)]
enum Leg {
    /// Walking the remaining waypoints to the stop.
    Travel { waypoints: Vec<Vec2>, elapsed: f32 },
    /// Arrived and turning to face the stop's direction.
    Turn,
    /// Standing at the stop for the remaining seconds.
    Dwell { remaining: f32 },
}

/// Progress through a [`TourPlan`]: which stop is next or current and how far along the leg is.
#[derive(Debug, Clone, PartialEq)]
pub struct TourRunner {
    /// Index of the stop being walked to or shown.
    pub stop: usize,
    leg: Leg,
}

/// Returns the length of the path from `from` through `waypoints`.
fn remaining_length(from: Vec2, waypoints: &[Vec2]) -> f32 {
    let mut length = 0.0;
    let mut previous = from;
    for &point in waypoints {
        length += previous.distance(point);
        previous = point;
    }
    length
}

impl TourRunner {
    /// Starts walking from `pose` to stop `index`. When no walkable path leads there, the
    /// camera is placed at the stop instead and the second value is false.
    pub fn walk_to(plan: &TourPlan, index: usize, pose: &mut TourPose, grid: &WalkGrid) -> (TourRunner, bool) {
        let index = index % plan.stops.len().max(1);
        let Some(stop) = plan.stops.get(index) else {
            return (TourRunner { stop: 0, leg: Leg::Dwell { remaining: 0.0 } }, false);
        };
        match grid.find_path(pose.position, stop.position) {
            Some(waypoints) => (TourRunner { stop: index, leg: Leg::Travel { waypoints, elapsed: 0.0 } }, true),
            None => (TourRunner::place_at(plan, index, pose), false),
        }
    }

    /// Places the camera at stop `index`, facing it, and starts its dwell.
    pub fn place_at(plan: &TourPlan, index: usize, pose: &mut TourPose) -> TourRunner {
        let index = index % plan.stops.len().max(1);
        match plan.stops.get(index) {
            Some(stop) => {
                *pose = TourPose { position: stop.position, yaw: stop.yaw };
                TourRunner { stop: index, leg: Leg::Dwell { remaining: stop.dwell } }
            }
            None => TourRunner { stop: 0, leg: Leg::Dwell { remaining: 0.0 } },
        }
    }

    /// Returns true while the camera is at the current stop.
    pub fn is_at_stop(&self) -> bool {
        matches!(self.leg, Leg::Turn | Leg::Dwell { .. })
    }

    /// Advances the tour by `dt` seconds, moving `pose`. Returns the index of a stop reached
    /// in this step. After the dwell at the last stop the tour walks back to the first.
    pub fn step(&mut self, plan: &TourPlan, grid: &WalkGrid, pose: &mut TourPose, dt: f32) -> Option<usize> {
        let stop = plan.stops.get(self.stop)?;
        match &mut self.leg {
            Leg::Travel { waypoints, elapsed } => {
                *elapsed += dt;
                let ramp_up = (*elapsed / ACCELERATION_TIME).min(1.0);
                let ramp_down = (remaining_length(pose.position, waypoints) / BRAKING_DISTANCE).min(1.0);
                let speed = TOUR_SPEED * ramp_up.min(ramp_down).max(MIN_SPEED_FRACTION);
                let mut budget = speed * dt;
                // Waypoints are joined by straight walkable segments, so moving along them
                // never enters an obstacle.
                while budget > 0.0 {
                    let Some(&next) = waypoints.first() else { break };
                    let to_next = next - pose.position;
                    let distance = to_next.length();
                    if distance <= budget {
                        pose.position = next;
                        budget -= distance;
                        waypoints.remove(0);
                    } else {
                        pose.position += to_next / distance * budget;
                        budget = 0.0;
                    }
                }
                if let Some(&next) = waypoints.first() {
                    let direction = next - pose.position;
                    if direction.length_squared() > 1e-6 {
                        pose.yaw = approach_yaw(pose.yaw, yaw_facing(direction), TURN_RATE * dt).0;
                    }
                    None
                } else {
                    self.leg = Leg::Turn;
                    Some(self.stop)
                }
            }
            Leg::Turn => {
                let (yaw, facing) = approach_yaw(pose.yaw, stop.yaw, TURN_RATE * dt);
                pose.yaw = yaw;
                if facing {
                    self.leg = Leg::Dwell { remaining: stop.dwell };
                }
                None
            }
            Leg::Dwell { remaining } => {
                *remaining -= dt;
                if *remaining <= 0.0 {
                    let next = (self.stop + 1) % plan.stops.len();
                    *self = TourRunner::walk_to(plan, next, pose, grid).0;
                    // A stop placed directly (no path) counts as reached now.
                    if self.is_at_stop() {
                        return Some(self.stop);
                    }
                }
                None
            }
        }
    }
}
