//! The hall's structure built from the layout: floor, walls, pavilion arches, plaza and lighting.

mod lighting;
mod plaza;
mod structure;

use bevy::prelude::*;

use crate::AppState;

pub use structure::HallKit;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(lighting::plugin);
    app.add_systems(
        OnEnter(AppState::Touring),
        (structure::spawn_structure, plaza::spawn_plaza).chain().in_set(SpawnHall),
    );
}

/// Systems that run once when touring starts and spawn the static hall; booth stands run after them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SpawnHall;

/// Marks the root entity of a zone (the plaza or a pavilion).
#[derive(Component, Debug, Clone)]
pub struct ZoneRoot {
    /// Index into the manifest's zones.
    pub zone_index: usize,
    pub id: String,
}
