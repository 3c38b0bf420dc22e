//! Booths: the stand of each (plinth, backdrop, name plates) and its streamed glTF model.

mod merge;
mod model;
mod residency;
mod screen;
mod stand;

use bevy::prelude::*;

pub use model::register_model_source;
pub use screen::MediaScreen;
pub use stand::{BoothModelAnchor, BoothRoot};

/// Adds the systems that spawn booth stands when touring starts.
pub fn stand_plugin(app: &mut App) {
    stand::plugin(app);
    screen::plugin(app);
}

/// Adds the systems that stream booth models nearest-first and replace placeholders with them.
pub fn model_plugin(app: &mut App) {
    model::plugin(app);
}
