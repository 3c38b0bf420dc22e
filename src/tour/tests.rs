//! Tour plan and runner tests with a fixed time step on the bundled and generated exhibitions.

use bevy::math::Vec2;
use expo_manifest::{Manifest, TourSettings};

use super::plan::TourPlan;
use super::runner::{TourPose, TourRunner};
use crate::layout::tests::{bundled, generated};
use crate::layout::{HallLayout, WalkGrid, VISITOR_RADIUS};

/// Fixed time step of the simulated tour, in seconds.
const DT: f32 = 1.0 / 30.0;
/// Clearance the camera keeps from every wall, plinth and backdrop, in metres.
const CLEARANCE: f32 = 0.1;

struct Hall {
    manifest: Manifest,
    layout: HallLayout,
    grid: WalkGrid,
    plan: TourPlan,
}

fn hall(manifest: Manifest) -> Hall {
    let layout = HallLayout::build(&manifest);
    let grid = WalkGrid::build(&layout, VISITOR_RADIUS);
    let plan = TourPlan::build(&manifest, &layout, &grid, &TourSettings::default());
    Hall { manifest, layout, grid, plan }
}

/// Runs the tour from stop 0 until it has arrived at stop 0 again, checking every pose against
/// the obstacles. Returns the stops in the order they were reached.
fn run_one_loop(hall: &Hall) -> Vec<usize> {
    let mut pose = TourPose::default();
    let mut runner = TourRunner::place_at(&hall.plan, 0, &mut pose);
    let mut reached = Vec::new();
    let mut previous = pose.position;
    for step in 0..200_000 {
        if let Some(stop) = runner.step(&hall.plan, &hall.grid, &mut pose, DT) {
            reached.push(stop);
            if stop == 0 {
                return reached;
            }
        }
        for obstacle in &hall.layout.obstacles {
            assert!(
                obstacle.push_out(pose.position, CLEARANCE).is_none(),
                "step {step}: camera at {} is inside or touching obstacle {obstacle:?}",
                pose.position
            );
        }
        assert!(pose.position.distance(previous) < 0.2, "step {step}: camera jumped from {previous} to {}", pose.position);
        assert!(pose.yaw.is_finite(), "step {step}: yaw is not finite");
        previous = pose.position;
    }
    panic!("the tour did not come back to its first stop; reached {reached:?}");
}

fn zone_id(hall: &Hall, stop: usize) -> &str {
    &hall.manifest.zones[hall.plan.stops[stop].zone_index].id
}

#[test]
fn bundled_tour_visits_zones_in_order() {
    let hall = hall(bundled());
    let reached = run_one_loop(&hall);
    let expected: Vec<usize> = (1..hall.plan.stops.len()).chain([0]).collect();
    assert_eq!(reached, expected, "stops must be reached in plan order and loop");

    let mut zones: Vec<&str> = Vec::new();
    for stop in 0..hall.plan.stops.len() {
        let zone = zone_id(&hall, stop);
        if zones.last() != Some(&zone) {
            zones.push(zone);
        }
    }
    assert_eq!(zones, ["preface", "industry", "regional", "universities", "science-popularization"]);
}

#[test]
fn bundled_tour_dwells_at_every_featured_booth() {
    let hall = hall(bundled());
    let featured: Vec<usize> = (0..hall.manifest.booths.len()).filter(|&i| hall.manifest.booths[i].featured).collect();
    assert!(featured.len() >= 5, "the bundled exhibition features booths in several zones");
    for booth in &featured {
        let stop = hall.plan.stop_of_booth(*booth);
        assert!(stop.is_some(), "featured booth {} has no stop", hall.manifest.booths[*booth].id);
    }
    let booth_stops = hall.plan.stops.iter().filter(|stop| stop.booth_index.is_some()).count();
    assert_eq!(booth_stops, featured.len(), "only featured booths are stops");
    for stop in &hall.plan.stops {
        if let Some(booth) = stop.booth_index {
            assert_eq!(stop.dwell, 12.0, "booth {} dwells for dwell_seconds", hall.manifest.booths[booth].id);
        }
    }
}

#[test]
fn theme_city_comes_first_in_regional_zone() {
    let hall = hall(bundled());
    let regional_booths: Vec<&str> = hall
        .plan
        .stops
        .iter()
        .filter(|stop| hall.manifest.zones[stop.zone_index].id == "regional")
        .filter_map(|stop| stop.booth_index)
        .map(|booth| hall.manifest.booths[booth].id.as_str())
        .collect();
    assert_eq!(regional_booths.first(), Some(&"hezhou-overview"), "{regional_booths:?}");
}

#[test]
fn tour_keeps_looping() {
    let hall = hall(bundled());
    let mut pose = TourPose::default();
    let mut runner = TourRunner::place_at(&hall.plan, 0, &mut pose);
    let mut arrivals_at_first = 0;
    for _ in 0..400_000 {
        if runner.step(&hall.plan, &hall.grid, &mut pose, DT) == Some(0) {
            arrivals_at_first += 1;
            if arrivals_at_first == 2 {
                return;
            }
        }
    }
    panic!("the tour reached its first stop {arrivals_at_first} times, not twice");
}

#[test]
fn stops_stand_on_walkable_floor() {
    for manifest in [bundled(), generated(1, 3, 0), generated(3, 12, 2), generated(6, 20, 7)] {
        let hall = hall(manifest);
        assert!(!hall.plan.stops.is_empty());
        for (index, stop) in hall.plan.stops.iter().enumerate() {
            assert!(hall.grid.is_walkable(stop.position), "stop {index} at {} is not walkable", stop.position);
        }
    }
}

#[test]
fn generated_tour_with_featured_booths_loops() {
    let mut manifest = generated(4, 10, 3);
    for (index, booth) in manifest.booths.iter_mut().enumerate() {
        booth.featured = index % 3 == 0;
    }
    let featured = manifest.booths.iter().filter(|booth| booth.featured).count();
    let hall = hall(manifest);
    // The plaza, four pavilion overviews and every featured booth.
    assert_eq!(hall.plan.stops.len(), 1 + 4 + featured);
    let reached = run_one_loop(&hall);
    assert_eq!(reached.len(), hall.plan.stops.len());
}

#[test]
fn stop_lookups() {
    let hall = hall(bundled());
    let hezhou = hall.manifest.booths.iter().position(|booth| booth.id == "hezhou-overview").unwrap();
    let stop = hall.plan.stop_of_booth(hezhou).expect("hezhou-overview is featured");
    assert_eq!(hall.plan.nearest_stop(hall.plan.stops[stop].position + Vec2::new(0.2, 0.0)), Some(stop));
    let regional = hall.manifest.zones.iter().position(|zone| zone.id == "regional").unwrap();
    let overview = hall.plan.stop_of_zone(regional).expect("every pavilion has an overview stop");
    assert!(overview < stop, "the zone overview comes before its booths");
    let not_featured = hall.manifest.booths.iter().position(|booth| !booth.featured).unwrap();
    assert_eq!(hall.plan.stop_of_booth(not_featured), None);
}

#[test]
fn unreachable_stop_is_placed_directly() {
    let hall = hall(bundled());
    // Outside the hall no path starts, so the runner places the camera at the stop.
    let mut pose = TourPose { position: Vec2::splat(10_000.0), yaw: 0.0 };
    let (runner, walked) = TourRunner::walk_to(&hall.plan, 1, &mut pose, &hall.grid);
    assert!(!walked);
    assert!(runner.is_at_stop());
    assert_eq!(pose.position, hall.plan.stops[1].position);
}
