//! In-world video screens: one on the backdrop of each booth with a video, and the big screen
//! on the back of the plaza's title gate when the exhibition has a plaza screen. The browser
//! module fills their textures with the poster or, near the visitor, the playing video.

use bevy::asset::RenderAssetUsages;
use bevy::image::{ImageSampler, ImageSamplerDescriptor};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};

use crate::exhibition::Exhibition;
use crate::hall::{HallKit, SpawnHall};
use crate::layout::{BACKDROP_OFFSET, PLINTH_HEIGHT};
use crate::panels::PanelTarget;
use crate::AppState;

/// Booth screen size in metres (16:9), on the backdrop above the model.
const BOOTH_SCREEN_SIZE: Vec2 = Vec2::new(1.6, 0.9);
/// Height of the booth screen's centre above the floor, in metres.
const BOOTH_SCREEN_HEIGHT: f32 = 1.95;
/// Plaza screen height in metres; its width follows 16:9.
const PLAZA_SCREEN_HEIGHT: f32 = 2.9;
/// Height of the title gate board's centre (see `hall::plaza`), where the plaza screen hangs.
const PLAZA_SCREEN_CENTER: f32 = 4.5;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(AppState::Touring), spawn_screens.after(SpawnHall));
}

/// A screen in the hall that shows the media of a booth or of the plaza.
#[derive(Component, Debug, Clone)]
pub struct MediaScreen {
    pub target: PanelTarget,
    /// The texture the browser writes the poster or video frames into.
    pub image: Handle<Image>,
    /// Texture size in pixels.
    pub size: UVec2,
    /// Distance within which the screen plays its video, in metres.
    pub play_distance: f32,
}

fn screen_image(size: UVec2) -> Image {
    // A dark blue-grey until the poster or a frame arrives.
    let pixels = [24u8, 30, 40, 255].repeat((size.x * size.y) as usize);
    let mut image = Image::new(
        Extent3d { width: size.x, height: size.y, depth_or_array_layers: 1 },
        TextureDimension::D2,
        pixels,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD | RenderAssetUsages::MAIN_WORLD,
    );
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor::linear());
    image
}

fn spawn_screens(
    mut commands: Commands,
    exhibition: Res<Exhibition>,
    kit: Res<HallKit>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let mut spawn = |commands: &mut Commands, name: String, target: PanelTarget, size: UVec2, play_distance: f32, transform: Transform, frame: Vec2| {
        let image = images.add(screen_image(size));
        let material = materials.add(StandardMaterial { unlit: true, base_color_texture: Some(image.clone()), ..default() });
        commands.spawn((
            Name::new(format!("{name} frame")),
            Mesh3d(kit.cube.clone()),
            MeshMaterial3d(kit.dark.clone()),
            transform.with_scale(Vec3::new(frame.x + 0.12, frame.y + 0.12, 0.06)),
        ));
        commands.spawn((
            Name::new(name),
            MediaScreen { target, image, size, play_distance },
            // The frame behind the screen casts its shadow.
            bevy::light::NotShadowCaster,
            Mesh3d(kit.quad.clone()),
            MeshMaterial3d(material),
            Transform { translation: transform.translation + transform.rotation * Vec3::Z * 0.035, ..transform }.with_scale(frame.extend(1.0)),
        ));
    };

    for slot in &exhibition.layout.booths {
        let booth = &exhibition.manifest.booths[slot.booth_index];
        if !booth.media.iter().any(|media| matches!(media, expo_manifest::Media::Video { .. })) {
            continue;
        }
        let rotation = Quat::from_rotation_y(slot.placement.yaw);
        let base = Vec3::new(slot.placement.position.x, 0.0, slot.placement.position.y);
        let local = Vec3::new(0.0, BOOTH_SCREEN_HEIGHT.max(PLINTH_HEIGHT + BOOTH_SCREEN_SIZE.y), -BACKDROP_OFFSET + 0.1);
        let transform = Transform::from_translation(base + rotation * local).with_rotation(rotation);
        spawn(&mut commands, format!("Screen {}", booth.id), PanelTarget::Booth(slot.booth_index), UVec2::new(256, 144), 12.0, transform, BOOTH_SCREEN_SIZE);
    }

    if let Some(plaza) = &exhibition.layout.plaza
        && !exhibition.manifest.exhibition.plaza_screen.is_empty()
    {
        // The back of the title gate faces the plaza; the gate's own yaw faces the start.
        let gate = plaza.title_gate;
        let rotation = Quat::from_rotation_y(gate.yaw + std::f32::consts::PI);
        let base = Vec3::new(gate.position.x, PLAZA_SCREEN_CENTER, gate.position.y);
        let transform = Transform::from_translation(base + rotation * Vec3::Z * 0.2).with_rotation(rotation);
        let size = Vec2::new(PLAZA_SCREEN_HEIGHT * 16.0 / 9.0, PLAZA_SCREEN_HEIGHT);
        spawn(&mut commands, "Plaza screen".to_owned(), PanelTarget::PlazaScreen, UVec2::new(512, 288), 30.0, transform, size);
    }
}
