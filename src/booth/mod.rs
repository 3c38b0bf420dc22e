//! Booths: their stands (plinth, backdrop, name plates) and their streamed glTF models.

mod model;
mod stand;

use bevy::prelude::*;

pub use model::register_model_source;
pub use stand::{BoothModelAnchor, BoothRoot};

/// Spawns booth stands when touring starts.
pub fn stand_plugin(app: &mut App) {
    stand::plugin(app);
}

/// Streams booth models nearest-first and swaps placeholders for them.
pub fn model_plugin(app: &mut App) {
    model::plugin(app);
}
