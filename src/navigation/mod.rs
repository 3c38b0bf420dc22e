//! Walking through the hall: the visitor's camera rig, input, click-to-walk and collisions.

mod input;
mod rig;
mod walk_to;

use bevy::prelude::*;

pub use input::{ReadInput, VisitorIntent};
pub use rig::{PlaceVisitor, VisitorRig, WALK_SPEED};
pub use walk_to::{WalkTarget, WalkToRequest};

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((rig::plugin, input::plugin, walk_to::plugin));
}
