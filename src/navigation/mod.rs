//! Walking through the hall: the visitor's camera rig, input, click-to-walk and collisions.

mod input;
mod rig;
mod walk_to;

use bevy::prelude::*;

pub use input::VisitorIntent;
pub use rig::{VisitorRig, WALK_SPEED};

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((rig::plugin, input::plugin, walk_to::plugin));
}
