//! Click or tap to walk: a booth click walks up to the booth and faces it, a floor click walks there.

use bevy::prelude::*;

use super::input::VisitorIntent;
use super::rig::{VisitorRig, WALK_SPEED};
use crate::exhibition::Exhibition;
use crate::panels::{OpenPanelRequest, PanelKind, PanelTarget};
use crate::status::HallStatus;
use crate::xr::XrMode;
use crate::{AppState, FrameSet};

/// How far from the clicked floor point a walkable spot may be, in metres.
const SNAP_DISTANCE: f32 = 1.5;
/// Walking speed along a path, in metres per second.
const PATH_SPEED: f32 = WALK_SPEED * 1.4;
/// Rate at which the view turns towards the walking direction, per second.
const TURN_RATE: f32 = 5.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<WalkTarget>();
    app.add_observer(walk_to_request);
    app.add_systems(
        Update,
        (choose_target.in_set(FrameSet::Input).after(super::input::ReadInput), follow_path.in_set(FrameSet::Movement))
            .chain()
            .run_if(in_state(AppState::Touring))
            .run_if(not(in_state(XrMode::Immersive))),
    );
}

/// The path the visitor is walking, if any.
#[derive(Resource, Debug, Default)]
pub struct WalkTarget {
    /// Remaining waypoints; the last is the destination.
    waypoints: Vec<Vec2>,
    /// Yaw to face on arrival (a booth's viewing direction).
    final_yaw: Option<f32>,
}

impl WalkTarget {
    /// Returns true while the visitor walks a path or turns at its end.
    pub fn is_active(&self) -> bool {
        !self.waypoints.is_empty() || self.final_yaw.is_some()
    }
}

/// A request to bring the visitor to a floor point, from the booth directory or the minimap.
#[derive(Event, Debug, Clone, Copy, PartialEq)]
pub struct WalkToRequest {
    /// Walkable floor point, in metres.
    pub destination: Vec2,
    /// Yaw to face on arrival, in radians.
    pub final_yaw: Option<f32>,
    /// Move there at once instead of walking.
    pub instant: bool,
}

fn walk_to_request(
    request: On<WalkToRequest>,
    exhibition: Res<Exhibition>,
    mut target: ResMut<WalkTarget>,
    mut rigs: Query<(&mut VisitorRig, &mut Transform)>,
) {
    let Ok((mut rig, mut transform)) = rigs.single_mut() else { return };
    let path = if request.instant { None } else { exhibition.walk_grid.find_path(rig.position, request.destination) };
    match path {
        Some(waypoints) => *target = WalkTarget { waypoints, final_yaw: request.final_yaw },
        None => {
            if !request.instant {
                warn!("no walkable path from {} to {}; moving there directly", rig.position, request.destination);
            }
            *target = WalkTarget::default();
            rig.position = request.destination;
            if let Some(yaw) = request.final_yaw {
                rig.yaw = yaw;
            }
            *transform = rig.transform();
        }
    }
}

fn choose_target(
    mut commands: Commands,
    intent: Res<VisitorIntent>,
    exhibition: Res<Exhibition>,
    mut target: ResMut<WalkTarget>,
    mut status: ResMut<HallStatus>,
    cameras: Query<(&Camera, &GlobalTransform, &VisitorRig)>,
) {
    if intent.steering {
        *target = WalkTarget::default();
        return;
    }
    let Some(click) = intent.click else { return };
    let Ok((camera, camera_transform, rig)) = cameras.single() else { return };
    let Ok(ray) = camera.viewport_to_world(camera_transform, click) else { return };
    let origin = ray.origin;
    let direction = *ray.direction;
    let layout = &exhibition.layout;

    let floor_hit = (direction.y < -1e-4).then(|| -origin.y / direction.y);
    let wall_hit = layout.first_wall_hit(origin, direction, crate::layout::HALL_WALL_HEIGHT);
    let booth_hit = layout.pick_booth_3d(origin, direction);

    let (destination, final_yaw) = match (booth_hit, floor_hit) {
        // A booth counts only when nothing (floor, wall) is in front of it.
        (Some((slot_index, booth_t)), floor_t)
            if floor_t.is_none_or(|t| booth_t <= t) && wall_hit.is_none_or(|t| booth_t <= t) =>
        {
            let slot = &layout.booths[slot_index];
            let id = exhibition.manifest.booths[slot.booth_index].id.clone();
            info!("walking to booth {id}");
            status.selected_booth = Some(id);
            commands.trigger(OpenPanelRequest { target: PanelTarget::Booth(slot.booth_index), kind: PanelKind::Card });
            (slot.viewpoint, Some(slot.viewing_yaw()))
        }
        (_, Some(floor_t)) => {
            // A click that lands behind a wall walks to the wall, not through it.
            let t = wall_hit.map_or(floor_t, |wall_t| floor_t.min(wall_t));
            let point = origin + direction * t;
            let Some(spot) = exhibition.walk_grid.nearest_walkable(Vec2::new(point.x, point.z), SNAP_DISTANCE) else {
                return;
            };
            (spot, None)
        }
        _ => return,
    };

    match exhibition.walk_grid.find_path(rig.position, destination) {
        Some(waypoints) => *target = WalkTarget { waypoints, final_yaw },
        None => debug!("no walkable path from {} to {destination}", rig.position),
    }
}

fn follow_path(
    time: Res<Time>,
    exhibition: Res<Exhibition>,
    mut target: ResMut<WalkTarget>,
    mut rigs: Query<(&mut VisitorRig, &mut Transform)>,
) {
    let Ok((mut rig, mut transform)) = rigs.single_mut() else { return };
    let dt = time.delta_secs();
    if let Some(&next) = target.waypoints.first() {
        let to_next = next - rig.position;
        let distance = to_next.length();
        let step = PATH_SPEED * dt;
        if distance <= step.max(0.05) {
            rig.position = next;
            target.waypoints.remove(0);
        } else {
            let direction = to_next / distance;
            rig.walk(direction * step, &exhibition);
            turn_towards(&mut rig, direction.x.atan2(direction.y) + std::f32::consts::PI, dt);
        }
    } else if let Some(yaw) = target.final_yaw {
        if turn_towards(&mut rig, yaw, dt) {
            target.final_yaw = None;
        }
    } else {
        return;
    }
    *transform = rig.transform();
}

/// Turns the rig's yaw towards `yaw`; returns true once it faces it.
fn turn_towards(rig: &mut VisitorRig, yaw: f32, dt: f32) -> bool {
    let (next, done) = crate::layout::approach_yaw(rig.yaw, yaw, TURN_RATE * dt);
    rig.yaw = next;
    done
}
