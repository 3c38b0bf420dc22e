//! Sun, sky and ambient light that read well on WebGL2.
//!
//! Levels suit the camera's default exposure without tone mapping (see `navigation`), so a
//! lit white wall stays below full white and unlit signs show their exact colours.

use bevy::light::CascadeShadowConfigBuilder;
use bevy::prelude::*;

use crate::exhibition::LaunchOptions;

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(ClearColor(Color::srgb(0.72, 0.82, 0.92)));
    app.insert_resource(GlobalAmbientLight { color: Color::srgb(0.95, 0.97, 1.0), brightness: 420.0, ..default() });
    app.add_systems(Startup, spawn_sun);
}

fn spawn_sun(mut commands: Commands, options: Res<LaunchOptions>) {
    commands.spawn((
        Name::new("Sun"),
        DirectionalLight { illuminance: 3_000.0, shadow_maps_enabled: options.quality.shadows(), ..default() },
        // Two short cascades keep shadow cost low; far booths need no crisp shadows.
        CascadeShadowConfigBuilder { num_cascades: 2, first_cascade_far_bound: 12.0, maximum_distance: 60.0, ..default() }.build(),
        Transform::from_xyz(30.0, 60.0, 20.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
}
