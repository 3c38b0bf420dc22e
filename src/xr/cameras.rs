//! Eye cameras: one per XR view, each with the view's pose, projection and viewport, while the
//! desktop camera rests.

use bevy::camera::{ClearColorConfig, Viewport};
use bevy::core_pipeline::tonemapping::{DebandDither, Tonemapping};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use super::{XrFrameInput, XrMode, XrProjection, XrRig, XrSet};
use crate::navigation::VisitorRig;

/// Most views drawn; stereo headsets report two.
const MAX_VIEWS: usize = 2;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(XrMode::Immersive), set_desktop_camera_active::<false>);
    app.add_systems(OnExit(XrMode::Immersive), (despawn_eyes, set_desktop_camera_active::<true>));
    app.add_systems(Update, place_eyes.after(XrSet::Rig).run_if(in_state(XrMode::Immersive)));
}

/// An eye camera, by view index.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct XrEye(pub usize);

fn set_desktop_camera_active<const ACTIVE: bool>(mut cameras: Query<&mut Camera, With<VisitorRig>>) {
    for mut camera in &mut cameras {
        camera.is_active = ACTIVE;
    }
}

fn despawn_eyes(mut commands: Commands, eyes: Query<Entity, With<XrEye>>) {
    for entity in &eyes {
        commands.entity(entity).despawn();
    }
}

/// Spawns or updates one camera per view of the latest XR frame.
fn place_eyes(
    mut commands: Commands,
    input: Res<XrFrameInput>,
    rig: Res<XrRig>,
    windows: Query<&Window, With<PrimaryWindow>>,
    desktop: Query<&Msaa, With<VisitorRig>>,
    mut eyes: Query<(Entity, &XrEye, &mut Camera, &mut Transform, &mut Projection)>,
) {
    let target = windows.single().map(|window| window.physical_size()).unwrap_or(input.framebuffer);
    let world_from_local = rig.world_from_local();
    let views = &input.views[..input.views.len().min(MAX_VIEWS)];

    for (entity, eye, ..) in &eyes {
        if eye.0 >= views.len() {
            commands.entity(entity).despawn();
        }
    }
    for (index, view) in views.iter().enumerate() {
        let viewport = view.viewport.to_bevy(target).map(|(physical_position, physical_size)| Viewport {
            physical_position,
            physical_size,
            ..default()
        });
        let transform = world_from_local * view.transform;
        if let Some((_, _, mut camera, mut eye_transform, mut projection)) = eyes.iter_mut().find(|(_, eye, ..)| eye.0 == index) {
            camera.is_active = viewport.is_some();
            camera.viewport = viewport;
            *eye_transform = transform;
            *projection = Projection::custom(view.projection);
            continue;
        }
        let msaa = desktop.iter().next().copied().unwrap_or(Msaa::Off);
        commands.spawn((
            Name::new(format!("XR eye {index}")),
            XrEye(index),
            Camera3d::default(),
            Camera {
                // Eyes draw after each other into the one canvas; only the first clears it, so
                // the second eye does not wipe the first.
                order: 10 + index as isize,
                clear_color: if index == 0 { ClearColorConfig::Default } else { ClearColorConfig::None },
                viewport: viewport.clone(),
                is_active: viewport.is_some(),
                ..default()
            },
            Projection::custom::<XrProjection>(view.projection),
            Tonemapping::None,
            DebandDither::Disabled,
            msaa,
            transform,
        ));
    }
}
