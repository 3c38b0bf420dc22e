//! The visitor's camera rig: position on the floor, yaw and pitch, moved by intents with collisions.

use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::prelude::*;
use expo_manifest::Lang;

use super::input::VisitorIntent;
use crate::exhibition::{Exhibition, LaunchOptions, Quality};
use crate::layout::{EYE_HEIGHT, VISITOR_RADIUS};
use crate::status::{CameraPose, HallStatus, StatusError};
use crate::xr::XrMode;
use crate::{AppState, FrameSet};

/// Walking speed, in metres per second.
pub const WALK_SPEED: f32 = 2.2;
/// Speed while Shift is held, in metres per second.
const RUN_SPEED: f32 = 4.5;
/// Turning speed for the arrow keys, in radians per second.
const TURN_SPEED: f32 = 1.8;
/// Maximum step moved before collisions are resolved, in metres. It is shorter than a wall is thick, so no step passes through a wall.
const MAX_STEP: f32 = 0.1;
/// Pitch limit, in radians.
const MAX_PITCH: f32 = 1.2;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_camera);
    app.add_systems(OnEnter(AppState::Touring), (place_visitor.in_set(PlaceVisitor).after(crate::hall::SpawnHall), start_drawing));
    app.add_systems(
        Update,
        (
            move_visitor.in_set(FrameSet::Movement).run_if(not(in_state(XrMode::Immersive))),
            report_pose.in_set(FrameSet::Report),
        )
            .run_if(in_state(AppState::Touring)),
    );
}

/// Placing the visitor at the start, or at the `booth=` booth, when the hall is shown.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlaceVisitor;

/// The visitor: where they stand and where they look.
#[derive(Component, Debug, Clone, Default)]
pub struct VisitorRig {
    /// Floor position, in metres.
    pub position: Vec2,
    /// Turn about the vertical axis, in radians; 0 looks towards -z.
    pub yaw: f32,
    /// Look up (positive) or down, in radians.
    pub pitch: f32,
}

impl VisitorRig {
    pub fn transform(&self) -> Transform {
        Transform::from_xyz(self.position.x, EYE_HEIGHT, self.position.y)
            .with_rotation(Quat::from_euler(EulerRot::YXZ, self.yaw, self.pitch, 0.0))
    }

    /// Unit floor vector the visitor faces.
    pub fn forward(&self) -> Vec2 {
        Vec2::new(-self.yaw.sin(), -self.yaw.cos())
    }

    /// Moves by `delta` in small steps, resolving collisions after each.
    pub fn walk(&mut self, delta: Vec2, exhibition: &Exhibition) {
        let steps = (delta.length() / MAX_STEP).ceil().max(1.0) as usize;
        for _ in 0..steps {
            let next = self.position + delta / steps as f32;
            self.position = exhibition.layout.resolve_collisions(next, VISITOR_RADIUS);
        }
    }
}

/// Spawns the visitor's camera, inactive: the loading screen covers the page until the hall is
/// shown, and frames that draw nothing let loading finish sooner on a slow GPU.
fn spawn_camera(mut commands: Commands, options: Res<LaunchOptions>) {
    commands.spawn((
        Name::new("Visitor camera"),
        VisitorRig::default(),
        Camera3d::default(),
        Camera { is_active: false, ..default() },
        Projection::from(PerspectiveProjection { fov: 65f32.to_radians(), near: 0.05, far: 400.0, ..default() }),
        // The light levels are set for the default exposure without tone mapping, which also
        // keeps unlit signs at their exact colours.
        Tonemapping::None,
        if options.quality == Quality::High { Msaa::Sample4 } else { Msaa::Off },
        VisitorRig::default().transform(),
    ));
}

fn start_drawing(mut cameras: Query<&mut Camera, With<VisitorRig>>) {
    for mut camera in &mut cameras {
        camera.is_active = true;
    }
}

fn place_visitor(
    exhibition: Res<Exhibition>,
    options: Res<LaunchOptions>,
    mut status: ResMut<HallStatus>,
    mut rigs: Query<&mut VisitorRig>,
) {
    let layout = &exhibition.layout;
    let mut place = (layout.start, layout.start_yaw);
    if let Some(id) = &options.booth {
        let slot = exhibition
            .manifest
            .booths
            .iter()
            .position(|booth| &booth.id == id)
            .and_then(|index| layout.slot_for_booth(index));
        match slot {
            Some(slot) => {
                place = (slot.viewpoint, slot.viewing_yaw());
                status.selected_booth = Some(id.clone());
            }
            None => status.warnings.push(StatusError {
                code: "booth-not-found".to_owned(),
                booth: Some(id.clone()),
                url: exhibition.url.clone(),
                message_zh: format!("链接中的展位 {id} 不存在，已从序言区开始参观。"),
                message_en: format!("Booth {id} from the link does not exist; the tour starts at the preface plaza."),
            }),
        }
    }
    for mut rig in &mut rigs {
        rig.position = place.0;
        rig.yaw = place.1;
        rig.pitch = if options.booth.is_some() { -0.12 } else { 0.05 };
    }
}

fn move_visitor(
    time: Res<Time>,
    exhibition: Res<Exhibition>,
    intent: Res<VisitorIntent>,
    mut rigs: Query<(&mut VisitorRig, &mut Transform)>,
) {
    // Bevy caps one frame's virtual time at 0.25 s, so a stall is at most a short step, and
    // `walk` moves in sub-steps so no step passes through a wall.
    let dt = time.delta_secs();
    for (mut rig, mut transform) in &mut rigs {
        rig.yaw += intent.turn * TURN_SPEED * dt + intent.look.x;
        rig.pitch = (rig.pitch + intent.look.y).clamp(-MAX_PITCH, MAX_PITCH);

        let speed = if intent.run { RUN_SPEED } else { WALK_SPEED };
        let forward = rig.forward();
        let right = Vec2::new(-forward.y, forward.x);
        let wish = forward * intent.forward + right * intent.strafe;
        if wish.length_squared() > 0.0 {
            let delta = wish.clamp_length_max(1.0) * speed * dt;
            rig.walk(delta, &exhibition);
        }
        *transform = rig.transform();
    }
}

fn report_pose(exhibition: Res<Exhibition>, mut status: ResMut<HallStatus>, rigs: Query<&VisitorRig>) {
    let Ok(rig) = rigs.single() else { return };
    let yaw_degrees = rig.yaw.to_degrees().rem_euclid(360.0);
    status.camera = CameraPose {
        position: Vec3::new(rig.position.x, EYE_HEIGHT, rig.position.y),
        yaw_degrees,
        pitch_degrees: rig.pitch.to_degrees(),
    };
    let zone = exhibition.layout.zone_at(rig.position).map(|index| exhibition.manifest.zones[index].id.clone());
    if zone != status.zone {
        if let Some(id) = &zone {
            let index = exhibition.manifest.zones.iter().position(|z| &z.id == id);
            if let Some(zone) = index.map(|i| &exhibition.manifest.zones[i]) {
                info!("visitor entered zone {} ({})", zone.id, zone.name.get(Lang::En));
            }
        }
        status.zone = zone;
    }
}
