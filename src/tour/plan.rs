//! The guided tour's stops: every zone in the exhibition's order, then that zone's featured booths.

use bevy::math::Vec2;
use expo_manifest::{Manifest, TourSettings, ZoneKind};

use crate::layout::{booth_order, rotate, HallLayout, WalkGrid};

/// Seconds the tour stays at a zone's overview stop.
const ZONE_DWELL: f32 = 5.0;
/// Distance from a pavilion's entrance to its overview stop, inside the pavilion, in metres.
const ZONE_STOP_DEPTH: f32 = 3.0;
/// How far a stop may be moved to reach walkable floor, in metres.
const SNAP_DISTANCE: f32 = 2.0;

/// One place the tour stops at.
#[derive(Debug, Clone, PartialEq)]
pub struct TourStop {
    /// Index into `manifest.zones`.
    pub zone_index: usize,
    /// Index into `manifest.booths` for a booth stop; `None` for a zone's overview.
    pub booth_index: Option<usize>,
    /// Floor position, in metres.
    pub position: Vec2,
    /// Yaw to face while dwelling, in radians (0 looks towards -z).
    pub yaw: f32,
    /// Seconds to stay before moving on.
    pub dwell: f32,
}

/// The tour's stops in visiting order; the tour loops from the last back to the first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TourPlan {
    pub stops: Vec<TourStop>,
}

/// Returns the yaw at which the visitor faces along the floor direction `direction`.
pub fn yaw_facing(direction: Vec2) -> f32 {
    (-direction.x).atan2(-direction.y)
}

impl TourPlan {
    /// Plans the tour for a laid-out exhibition, zones in their `order`. The plaza gets an
    /// overview from the start point. Each pavilion gets an overview just inside its entrance,
    /// then its featured booths in display order, so a theme city whose sub-area is listed
    /// first comes first. Stops off the walkable floor move onto it, or are left out when no
    /// walkable floor is near.
    pub fn build(manifest: &Manifest, layout: &HallLayout, grid: &WalkGrid, settings: &TourSettings) -> TourPlan {
        let mut zone_order: Vec<usize> = (0..manifest.zones.len()).collect();
        zone_order.sort_by_key(|&index| manifest.zones[index].order);
        let booth_dwell = settings.dwell_seconds as f32;
        let mut stops = Vec::new();
        let mut push = |stop: TourStop| {
            if let Some(position) = grid.nearest_walkable(stop.position, SNAP_DISTANCE) {
                stops.push(TourStop { position, ..stop });
            }
        };

        for zone_index in zone_order {
            match manifest.zones[zone_index].kind {
                ZoneKind::Plaza => {
                    if layout.plaza.as_ref().is_some_and(|plaza| plaza.zone_index == zone_index) {
                        push(TourStop {
                            zone_index,
                            booth_index: None,
                            position: layout.start,
                            yaw: layout.start_yaw,
                            dwell: booth_dwell.max(ZONE_DWELL),
                        });
                    }
                }
                ZoneKind::Pavilion => {
                    let Some(pavilion) = layout.pavilions.iter().find(|p| p.zone_index == zone_index) else {
                        continue;
                    };
                    let rect = pavilion.rect;
                    push(TourStop {
                        zone_index,
                        booth_index: None,
                        position: rect.to_world(Vec2::new(0.0, rect.half.y - ZONE_STOP_DEPTH)),
                        yaw: yaw_facing(rotate(Vec2::NEG_Y, rect.yaw)),
                        dwell: ZONE_DWELL,
                    });
                    for booth_index in booth_order(manifest, zone_index) {
                        if !manifest.booths[booth_index].featured {
                            continue;
                        }
                        let Some(slot) = layout.slot_for_booth(booth_index) else { continue };
                        push(TourStop {
                            zone_index,
                            booth_index: Some(booth_index),
                            position: slot.viewpoint,
                            yaw: slot.viewing_yaw(),
                            dwell: booth_dwell,
                        });
                    }
                }
            }
        }
        TourPlan { stops }
    }

    /// Returns the index of the stop closest to `position`, by straight-line distance.
    pub fn nearest_stop(&self, position: Vec2) -> Option<usize> {
        self.stops
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| a.position.distance(position).total_cmp(&b.position.distance(position)))
            .map(|(index, _)| index)
    }

    /// Returns the index of the stop of `booth_index`, if the tour stops there.
    pub fn stop_of_booth(&self, booth_index: usize) -> Option<usize> {
        self.stops.iter().position(|stop| stop.booth_index == Some(booth_index))
    }

    /// Returns the index of the overview stop of `zone_index`, if the tour has one.
    pub fn stop_of_zone(&self, zone_index: usize) -> Option<usize> {
        self.stops.iter().position(|stop| stop.zone_index == zone_index && stop.booth_index.is_none())
    }
}
