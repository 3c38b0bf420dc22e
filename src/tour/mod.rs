//! The guided tour and the big-screen mode: stops through every zone and featured booth, the
//! camera moving between them, operator control, and deep links to what is shown.

mod guide;
mod plan;
mod runner;
pub mod share;
#[cfg(test)]
mod tests;

use bevy::prelude::*;

pub use guide::{cards_open_nearby, tour_is_driving, ReportTour, Tour, TourCommand, TourState};
pub use plan::{TourPlan, TourStop};
pub use runner::{TourPose, TourRunner};

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(guide::plugin);
}
