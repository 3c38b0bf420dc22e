//! A booth's stand: plinth, backdrop with the exhibitor's name, the title plate and a model anchor.

use bevy::prelude::*;
use expo_manifest::{Booth, Lang};

use crate::exhibition::Exhibition;
use crate::hall::{HallKit, SpawnHall};
use crate::layout::{BoothSlot, BACKDROP_OFFSET, BACKDROP_SIZE, PLINTH_HEIGHT};
use crate::signs::{Sign, SignLine, SignStyle};
use crate::AppState;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(AppState::Touring), spawn_stands.after(SpawnHall));
}

/// Marks a booth's root entity, placed at the plinth centre and turned to face the aisle.
#[derive(Component, Debug, Clone)]
pub struct BoothRoot {
    /// Index into the manifest's booths.
    pub booth_index: usize,
    pub id: String,
}

/// The entity on top of the plinth that is the parent of the booth's model (or its placeholder).
#[derive(Component, Debug, Clone)]
pub struct BoothModelAnchor {
    pub booth_index: usize,
}

fn spawn_stands(
    mut commands: Commands,
    exhibition: Res<Exhibition>,
    kit: Res<HallKit>,
) {
    for slot in &exhibition.layout.booths {
        let booth = &exhibition.manifest.booths[slot.booth_index];
        spawn_stand(&mut commands, &kit, booth, slot);
    }
}

fn spawn_stand(commands: &mut Commands, kit: &HallKit, booth: &Booth, slot: &BoothSlot) {
    let plinth = slot.plinth_size();
    let backdrop_width = slot.backdrop_width();
    let zone = slot.zone_index;
    let root = commands
        .spawn((
            Name::new(format!("Booth {}", booth.id)),
            BoothRoot { booth_index: slot.booth_index, id: booth.id.clone() },
            Transform::from_xyz(slot.placement.position.x, 0.0, slot.placement.position.y)
                .with_rotation(Quat::from_rotation_y(slot.placement.yaw)),
            Visibility::default(),
        ))
        .id();

    let header_height = 0.7;
    let header_y = BACKDROP_SIZE.y - header_height * 0.5 - 0.05;
    let exhibitor_sign = Sign::localized(
        SignStyle { width: 1024, height: 168, background: Color::NONE, centered: true },
        |lang| {
            let second = match lang {
                Lang::Zh => booth.exhibitor.en.clone().unwrap_or_default(),
                Lang::En => booth.exhibitor.zh.clone(),
            };
            vec![SignLine::new(booth.exhibitor.get(lang), 0.42).bold(), SignLine::new(second, 0.22)]
        },
    );
    let title_sign = Sign::localized(
        SignStyle { width: 1024, height: 128, background: Color::srgb(0.97, 0.97, 0.96), centered: true },
        |lang| vec![SignLine::new(booth.title.get(lang), 0.45).bold().color(Color::srgb(0.15, 0.17, 0.2))],
    );

    commands.entity(root).with_children(|parent| {
        // Plinth with a coloured band along its top edge.
        parent.spawn((
            Mesh3d(kit.cube.clone()),
            MeshMaterial3d(kit.white.clone()),
            Transform::from_xyz(0.0, PLINTH_HEIGHT * 0.5, 0.0).with_scale(Vec3::new(plinth.x, PLINTH_HEIGHT, plinth.y)),
        ));
        parent.spawn((
            Mesh3d(kit.cube.clone()),
            MeshMaterial3d(kit.zone_color(zone)),
            Transform::from_xyz(0.0, PLINTH_HEIGHT + 0.02, 0.0).with_scale(Vec3::new(plinth.x + 0.04, 0.04, plinth.y + 0.04)),
        ));
        // Backdrop panel: tinted wall with the exhibitor's name on a coloured header.
        parent.spawn((
            Mesh3d(kit.cube.clone()),
            MeshMaterial3d(kit.zone_tint(zone)),
            Transform::from_xyz(0.0, BACKDROP_SIZE.y * 0.5, -BACKDROP_OFFSET).with_scale(Vec3::new(backdrop_width, BACKDROP_SIZE.y, 0.12)),
        ));
        parent.spawn((
            Mesh3d(kit.cube.clone()),
            MeshMaterial3d(kit.zone_color(zone)),
            Transform::from_xyz(0.0, header_y, -BACKDROP_OFFSET + 0.07).with_scale(Vec3::new(backdrop_width, header_height, 0.04)),
        ));
        parent.spawn((
            Name::new(format!("Exhibitor sign {}", booth.id)),
            exhibitor_sign,
            Transform::from_xyz(0.0, header_y, -BACKDROP_OFFSET + 0.095).with_scale(Vec3::new(backdrop_width - 0.2, header_height - 0.08, 1.0)),
        ));
        // Title plate on the plinth's front face.
        parent.spawn((
            Name::new(format!("Title plate {}", booth.id)),
            title_sign,
            Transform::from_xyz(0.0, PLINTH_HEIGHT * 0.5, plinth.y * 0.5 + 0.005).with_scale(Vec3::new(plinth.x - 0.1, PLINTH_HEIGHT - 0.1, 1.0)),
        ));
        parent.spawn((
            Name::new(format!("Model anchor {}", booth.id)),
            BoothModelAnchor { booth_index: slot.booth_index },
            Transform::from_xyz(0.0, PLINTH_HEIGHT, 0.0),
            Visibility::default(),
        ));
    });
}
