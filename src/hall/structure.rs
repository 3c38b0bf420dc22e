//! Floor, outer walls, pavilion walls and entrance arches, with shared meshes and materials.

use bevy::light::NotShadowCaster;
use bevy::prelude::*;
use expo_manifest::Zone;

use super::ZoneRoot;
use crate::exhibition::Exhibition;
use crate::layout::{hall_walls, Rect2, ENTRANCE_WIDTH, HALL_WALL_HEIGHT, PAVILION_WALL_HEIGHT};
use crate::signs::{Sign, SignLine, SignStyle};

/// Shared meshes and materials, so repeated parts batch into few draw calls.
#[derive(Resource, Clone)]
pub struct HallKit {
    /// A 1 m cube; scale it with the transform.
    pub cube: Handle<Mesh>,
    /// A 1 m square facing +z; scale it with the transform.
    pub quad: Handle<Mesh>,
    pub white: Handle<StandardMaterial>,
    pub wall: Handle<StandardMaterial>,
    pub dark: Handle<StandardMaterial>,
    zone_materials: Vec<Handle<StandardMaterial>>,
    zone_tints: Vec<Handle<StandardMaterial>>,
}

impl HallKit {
    /// Returns the material in the full colour of zone `zone_index`.
    pub fn zone_color(&self, zone_index: usize) -> Handle<StandardMaterial> {
        self.zone_materials[zone_index].clone()
    }

    /// Returns the material in a light tint of the zone colour, for large surfaces.
    pub fn zone_tint(&self, zone_index: usize) -> Handle<StandardMaterial> {
        self.zone_tints[zone_index].clone()
    }
}

/// Parses `#RRGGBB`; the validator has already rejected other forms.
pub fn zone_color(zone: &Zone) -> Color {
    Srgba::hex(zone.color.trim_start_matches('#')).map(Color::from).unwrap_or(Color::srgb(0.3, 0.4, 0.6))
}

pub(super) fn spawn_structure(
    mut commands: Commands,
    exhibition: Res<Exhibition>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let manifest = &exhibition.manifest;
    let layout = &exhibition.layout;
    info!("spawning hall: {} pavilions, {} booths", layout.pavilions.len(), layout.booths.len());

    let floor_color = Color::srgb(0.83, 0.81, 0.77);
    let kit = HallKit {
        cube: meshes.add(Cuboid::new(1.0, 1.0, 1.0)),
        quad: meshes.add(Rectangle::new(1.0, 1.0)),
        white: materials.add(StandardMaterial { base_color: Color::srgb(0.95, 0.95, 0.93), perceptual_roughness: 0.6, ..default() }),
        wall: materials.add(StandardMaterial { base_color: Color::srgb(0.93, 0.93, 0.91), perceptual_roughness: 0.85, ..default() }),
        dark: materials.add(StandardMaterial { base_color: Color::srgb(0.18, 0.2, 0.24), perceptual_roughness: 0.5, metallic: 0.3, ..default() }),
        zone_materials: manifest
            .zones
            .iter()
            .map(|zone| materials.add(StandardMaterial { base_color: zone_color(zone), perceptual_roughness: 0.45, ..default() }))
            .collect(),
        zone_tints: manifest
            .zones
            .iter()
            .map(|zone| {
                let tint = floor_color.mix(&zone_color(zone), 0.18);
                materials.add(StandardMaterial { base_color: tint, perceptual_roughness: 0.55, ..default() })
            })
            .collect(),
    };

    // Hall floor and outer walls. Floors and floor strips have nothing below them to shade,
    // so they stay out of the shadow passes.
    let hall = layout.hall;
    let floor = materials.add(StandardMaterial { base_color: floor_color, perceptual_roughness: 0.35, reflectance: 0.3, ..default() });
    commands.spawn((
        Name::new("Hall floor"),
        Mesh3d(meshes.add(Plane3d::default().mesh().size(hall.half.x * 2.0, hall.half.y * 2.0))),
        MeshMaterial3d(floor),
        Transform::IDENTITY,
        NotShadowCaster,
    ));
    let outer_wall = materials.add(StandardMaterial { base_color: Color::srgb(0.78, 0.83, 0.88), perceptual_roughness: 0.9, ..default() });
    for wall in hall_walls(&hall) {
        spawn_block(&mut commands, &kit.cube, outer_wall.clone(), &wall, 0.0, HALL_WALL_HEIGHT, "Hall wall");
    }

    // Pavilions: tinted floor, walls with a coloured top band, and the entrance arch.
    for pavilion in &layout.pavilions {
        let zone = &manifest.zones[pavilion.zone_index];
        let rect = pavilion.rect;
        let root = commands
            .spawn((
                Name::new(format!("Pavilion {}", zone.id)),
                ZoneRoot { zone_index: pavilion.zone_index, id: zone.id.clone() },
                Transform::from_translation(Vec3::new(rect.center.x, 0.0, rect.center.y))
                    .with_rotation(Quat::from_rotation_y(rect.yaw)),
                Visibility::default(),
            ))
            .id();
        commands.entity(root).with_children(|parent| {
            parent.spawn((
                Mesh3d(kit.cube.clone()),
                MeshMaterial3d(kit.zone_tint(pavilion.zone_index)),
                NotShadowCaster,
                Transform::from_xyz(0.0, 0.005, 0.0).with_scale(Vec3::new(rect.half.x * 2.0, 0.01, rect.half.y * 2.0)),
            ));
        });
        for wall in &pavilion.walls {
            spawn_block(&mut commands, &kit.cube, kit.wall.clone(), wall, 0.0, PAVILION_WALL_HEIGHT - 0.4, "Pavilion wall");
            spawn_block(&mut commands, &kit.cube, kit.zone_color(pavilion.zone_index), wall, PAVILION_WALL_HEIGHT - 0.4, PAVILION_WALL_HEIGHT, "Wall band");
        }
        spawn_arch(&mut commands, &kit, pavilion.entrance.position, rect.yaw, pavilion.zone_index, zone);
        spawn_entrance_path(&mut commands, &kit, pavilion.zone_index, pavilion.entrance.position, rect.yaw);
    }

    commands.insert_resource(kit);
}

/// Spawns a box standing on a floor rectangle between heights `bottom` and `top`.
pub fn spawn_block(
    commands: &mut Commands,
    cube: &Handle<Mesh>,
    material: Handle<StandardMaterial>,
    rect: &Rect2,
    bottom: f32,
    top: f32,
    name: &'static str,
) {
    commands.spawn((
        Name::new(name),
        Mesh3d(cube.clone()),
        MeshMaterial3d(material),
        Transform::from_translation(Vec3::new(rect.center.x, (bottom + top) * 0.5, rect.center.y))
            .with_rotation(Quat::from_rotation_y(rect.yaw))
            .with_scale(Vec3::new(rect.half.x * 2.0, top - bottom, rect.half.y * 2.0)),
    ));
}

/// Spawns the entrance arch: two pillars and a lintel in the zone colour, with the zone name on both faces.
fn spawn_arch(
    commands: &mut Commands,
    kit: &HallKit,
    entrance: Vec2,
    yaw: f32,
    zone_index: usize,
    zone: &Zone,
) {
    let rotation = Quat::from_rotation_y(yaw);
    let base = Vec3::new(entrance.x, 0.0, entrance.y);
    let arch_height = 6.2;
    let pillar_offset = ENTRANCE_WIDTH * 0.5 + 0.4;
    let lintel_width = ENTRANCE_WIDTH + 2.0 * 0.8 + 0.8;
    let lintel_height = 1.5;
    let at = |local: Vec3| base + rotation * local;

    for side in [-1.0, 1.0] {
        commands.spawn((
            Name::new("Arch pillar"),
            Mesh3d(kit.cube.clone()),
            MeshMaterial3d(kit.zone_color(zone_index)),
            Transform::from_translation(at(Vec3::new(side * pillar_offset, arch_height * 0.5, 0.4)))
                .with_rotation(rotation)
                .with_scale(Vec3::new(0.8, arch_height, 0.8)),
        ));
    }
    let lintel_center = Vec3::new(0.0, arch_height - lintel_height * 0.5, 0.4);
    commands.spawn((
        Name::new("Arch lintel"),
        Mesh3d(kit.cube.clone()),
        MeshMaterial3d(kit.zone_color(zone_index)),
        Transform::from_translation(at(lintel_center))
            .with_rotation(rotation)
            .with_scale(Vec3::new(lintel_width, lintel_height, 0.7)),
    ));

    let background = zone_color(zone);
    let style = SignStyle { width: 1024, height: 192, background, centered: true };
    // The outer face greets visitors on the plaza; the inner face shows the way out.
    for (face_z, face_yaw) in [(0.36, 0.0), (-0.36, std::f32::consts::PI)] {
        let sign = Sign::localized(style.clone(), |lang| {
            let main = zone.name.get(lang).to_owned();
            let second = match lang {
                expo_manifest::Lang::Zh => zone.name.en.clone().unwrap_or_default(),
                expo_manifest::Lang::En => zone.name.zh.clone(),
            };
            vec![SignLine::new(main, 0.36).bold(), SignLine::new(second, 0.2)]
        });
        commands.spawn((
            Name::new(format!("Zone sign {}", zone.id)),
            sign,
            Transform::from_translation(at(lintel_center + Vec3::new(0.0, 0.0, face_z)))
                .with_rotation(rotation * Quat::from_rotation_y(face_yaw))
                .with_scale(Vec3::new(lintel_width - 0.3, lintel_height - 0.2, 1.0)),
        ));
    }
}

/// Spawns a coloured strip on the floor leading from the plaza to the entrance.
fn spawn_entrance_path(commands: &mut Commands, kit: &HallKit, zone_index: usize, entrance: Vec2, yaw: f32) {
    let rotation = Quat::from_rotation_y(yaw);
    let toward_plaza = rotation * Vec3::Z;
    let length = (entrance.length() - crate::layout::PLAZA_RADIUS).max(1.0);
    let center = Vec3::new(entrance.x, 0.012, entrance.y) + toward_plaza * (length * 0.5);
    commands.spawn((
        Name::new("Entrance path"),
        Mesh3d(kit.cube.clone()),
        MeshMaterial3d(kit.zone_tint(zone_index)),
        NotShadowCaster,
        Transform::from_translation(center).with_rotation(rotation).with_scale(Vec3::new(ENTRANCE_WIDTH, 0.01, length)),
    ));
}
