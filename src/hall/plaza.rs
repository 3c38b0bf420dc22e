//! The preface plaza: its floor, the raised title gate and the preface boards.

use bevy::light::NotShadowCaster;
use bevy::prelude::*;
use expo_manifest::{Lang, Manifest};

use super::structure::{zone_color, HallKit};
use super::ZoneRoot;
use crate::exhibition::Exhibition;
use crate::signs::{Sign, SignLine, SignStyle};

/// Board face size (width, height) in metres; the texture keeps this aspect ratio.
const BOARD_SIZE: Vec2 = Vec2::new(3.2, 4.2);
/// Height of the board's lower edge above the floor, in metres.
const BOARD_BOTTOM: f32 = 0.35;

pub(super) fn spawn_plaza(
    mut commands: Commands,
    exhibition: Res<Exhibition>,
    kit: Res<HallKit>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let manifest = &exhibition.manifest;
    let Some(plaza) = &exhibition.layout.plaza else { return };
    let zone = &manifest.zones[plaza.zone_index];
    let accent = zone_color(zone);

    commands.spawn((
        Name::new(format!("Plaza {}", zone.id)),
        ZoneRoot { zone_index: plaza.zone_index, id: zone.id.clone() },
        Mesh3d(meshes.add(Circle::new(plaza.radius).mesh().resolution(96))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::srgb(0.93, 0.91, 0.87),
            perceptual_roughness: 0.3,
            reflectance: 0.35,
            ..default()
        })),
        Transform::from_xyz(0.0, 0.008, 0.0).with_rotation(Quat::from_rotation_x(-std::f32::consts::FRAC_PI_2)),
        NotShadowCaster,
    ));
    commands.spawn((
        Name::new("Plaza ring"),
        Mesh3d(meshes.add(Annulus::new(plaza.radius - 0.6, plaza.radius).mesh().resolution(96))),
        MeshMaterial3d(kit.zone_color(plaza.zone_index)),
        Transform::from_xyz(0.0, 0.01, 0.0).with_rotation(Quat::from_rotation_x(-std::f32::consts::FRAC_PI_2)),
        NotShadowCaster,
    ));

    spawn_title_gate(&mut commands, &kit, manifest, plaza.title_gate.position, plaza.title_gate.yaw, plaza.title_gate_width, accent);

    for (board, placement) in manifest.preface_boards.iter().zip(&plaza.boards) {
        let rotation = Quat::from_rotation_y(placement.yaw);
        let base = Vec3::new(placement.position.x, 0.0, placement.position.y);
        let face_center = Vec3::new(0.0, BOARD_BOTTOM + BOARD_SIZE.y * 0.5, 0.0);
        commands.spawn((
            Name::new(format!("Preface board frame {}", board.id)),
            Mesh3d(kit.cube.clone()),
            MeshMaterial3d(kit.zone_color(plaza.zone_index)),
            Transform::from_translation(base + rotation * face_center)
                .with_rotation(rotation)
                .with_scale(Vec3::new(BOARD_SIZE.x + 0.2, BOARD_SIZE.y + 0.2, 0.12)),
        ));
        let sign = Sign::localized(
            SignStyle { width: 768, height: 1008, background: Color::srgb(0.98, 0.97, 0.95), centered: false },
            |lang| {
                let ink = Color::srgb(0.12, 0.14, 0.18);
                vec![
                    SignLine::new(board.title.get(lang), 0.05).bold().wrapped().color(accent),
                    SignLine::new(board.text.get(lang), if lang == Lang::Zh { 0.027 } else { 0.025 }).wrapped().color(ink),
                ]
            },
        );
        commands.spawn((
            Name::new(format!("Preface board {}", board.id)),
            sign,
            Transform::from_translation(base + rotation * (face_center + Vec3::Z * 0.065))
                .with_rotation(rotation)
                .with_scale(BOARD_SIZE.extend(1.0)),
        ));
    }
}

/// Spawns a wide board raised on two posts over the path from the start, with the title and theme.
fn spawn_title_gate(
    commands: &mut Commands,
    kit: &HallKit,
    manifest: &Manifest,
    position: Vec2,
    yaw: f32,
    width: f32,
    accent: Color,
) {
    let rotation = Quat::from_rotation_y(yaw);
    let base = Vec3::new(position.x, 0.0, position.y);
    let board_bottom = 2.9;
    let board_height = 3.2;
    for side in [-1.0, 1.0] {
        commands.spawn((
            Name::new("Title gate post"),
            Mesh3d(kit.cube.clone()),
            MeshMaterial3d(kit.dark.clone()),
            Transform::from_translation(base + rotation * Vec3::new(side * width * 0.5, (board_bottom + board_height) * 0.5, 0.0))
                .with_rotation(rotation)
                .with_scale(Vec3::new(0.5, board_bottom + board_height, 0.5)),
        ));
    }
    let center = Vec3::new(0.0, board_bottom + board_height * 0.5, 0.0);
    commands.spawn((
        Name::new("Title gate board"),
        Mesh3d(kit.cube.clone()),
        MeshMaterial3d(kit.dark.clone()),
        Transform::from_translation(base + rotation * center)
            .with_rotation(rotation)
            .with_scale(Vec3::new(width + 0.6, board_height, 0.3)),
    ));

    let exhibition = &manifest.exhibition;
    let style = SignStyle { width: 1536, height: 512, background: accent.mix(&Color::srgb(0.05, 0.08, 0.15), 0.35), centered: true };
    let dates = format!("{} — {}", exhibition.dates.start, exhibition.dates.end);
    for face_yaw in [0.0, std::f32::consts::PI] {
        let sign = Sign::localized(style.clone(), |lang| {
            let mut lines = vec![SignLine::new(exhibition.title.get(lang), 0.17).bold()];
            if let Some(subtitle) = &exhibition.subtitle {
                lines.push(SignLine::new(subtitle.get(lang), 0.08));
            }
            lines.push(SignLine::new(exhibition.theme.get(lang), 0.12).bold().color(Color::srgb(1.0, 0.86, 0.45)));
            lines.push(SignLine::new(dates.clone(), 0.07));
            lines
        });
        let face_rotation = rotation * Quat::from_rotation_y(face_yaw);
        commands.spawn((
            Name::new("Title sign"),
            sign,
            Transform::from_translation(base + rotation * center + face_rotation * Vec3::Z * 0.16)
                .with_rotation(face_rotation)
                .with_scale(Vec3::new(width + 0.3, board_height - 0.2, 1.0)),
        ));
    }
}
