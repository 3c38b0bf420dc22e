//! Layout tests on generated manifests of several sizes and on the bundled exhibition.

use super::*;
use expo_manifest::{
    Booth, BoothPosition, DateRange, Exhibition, Lang, PrefaceBoard, SubArea, Text, Zone,
};

fn text(value: &str) -> Text {
    Text { zh: value.to_owned(), en: Some(value.to_owned()) }
}

fn zone(id: &str, kind: ZoneKind, order: u32) -> Zone {
    Zone {
        id: id.to_owned(),
        name: text(id),
        kind,
        color: "#336699".to_owned(),
        description: None,
        order,
        sub_areas: vec![SubArea { id: "a".to_owned(), name: text("a") }],
    }
}

pub(crate) fn booth(id: &str, zone: &str, size: BoothSize) -> Booth {
    Booth {
        id: id.to_owned(),
        zone: zone.to_owned(),
        sub_area: None,
        exhibitor: text(id),
        title: text(id),
        summary: text(id),
        tags: vec![],
        city: None,
        size,
        featured: false,
        model: None,
        poster: None,
        media: vec![],
        contact: None,
        position: None,
    }
}

/// Builds a plaza plus `pavilions` pavilions holding `booths_per_zone` booths each, every fifth large.
pub(crate) fn generated(pavilions: usize, booths_per_zone: usize, boards: usize) -> Manifest {
    let mut zones = vec![zone("plaza", ZoneKind::Plaza, 0)];
    let mut booths = Vec::new();
    for p in 0..pavilions {
        let zone_id = format!("zone-{p}");
        zones.push(zone(&zone_id, ZoneKind::Pavilion, p as u32 + 1));
        for b in 0..booths_per_zone {
            let size = if b % 5 == 4 { BoothSize::Large } else { BoothSize::Standard };
            booths.push(booth(&format!("booth-{p}-{b}"), &zone_id, size));
        }
    }
    Manifest {
        format: 1,
        exhibition: Exhibition {
            title: text("t"),
            subtitle: None,
            theme: text("t"),
            dates: DateRange { start: "2022-05-21".to_owned(), end: "2022-05-28".to_owned() },
            host: text("h"),
            organizer: text("o"),
            default_language: Lang::Zh,
            sample_content: true,
            id: None,
            negotiation_endpoint: None,
            statistics_endpoint: None,
            embed_hosts: Vec::new(),
            plaza_screen: Vec::new(),
            public_url: None,
            tour: None,
        },
        zones,
        booths,
        preface_boards: (0..boards)
            .map(|i| PrefaceBoard { id: format!("board-{i}"), title: text("b"), text: text("b"), image: None })
            .collect(),
    }
}

pub(crate) fn bundled() -> Manifest {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenes/guangxi-2022/manifest.json");
    let bytes = std::fs::read(path).expect("the bundled manifest is readable");
    let report = expo_manifest::parse(&bytes);
    report.manifest.unwrap_or_else(|| panic!("the bundled manifest is valid: {:?}", report.problems))
}

fn manifests() -> Vec<(String, Manifest)> {
    vec![
        ("bundled".to_owned(), bundled()),
        ("4x12".to_owned(), generated(4, 12, 8)),
        ("3x5".to_owned(), generated(3, 5, 2)),
        ("6x20".to_owned(), generated(6, 20, 9)),
        ("1x1".to_owned(), generated(1, 1, 0)),
    ]
}

#[test]
fn every_booth_gets_a_slot() {
    for (name, manifest) in manifests() {
        let layout = HallLayout::build(&manifest);
        assert_eq!(layout.booths.len(), manifest.booths.len(), "{name}");
        assert!(layout.issues.is_empty(), "{name}: {:?}", layout.issues);
    }
}

#[test]
fn booths_never_overlap() {
    for (name, manifest) in manifests() {
        let layout = HallLayout::build(&manifest);
        for (i, a) in layout.booths.iter().enumerate() {
            for b in &layout.booths[i + 1..] {
                assert!(
                    !a.footprint.overlaps(&b.footprint),
                    "{name}: booths {} and {} overlap",
                    manifest.booths[a.booth_index].id,
                    manifest.booths[b.booth_index].id
                );
            }
        }
    }
}

#[test]
fn booths_stand_inside_their_zone() {
    for (name, manifest) in manifests() {
        let layout = HallLayout::build(&manifest);
        for slot in &layout.booths {
            let booth = &manifest.booths[slot.booth_index];
            let pavilion = layout
                .pavilions
                .iter()
                .find(|p| p.zone_index == slot.zone_index)
                .expect("the booth's zone is a pavilion");
            assert_eq!(manifest.zones[slot.zone_index].id, booth.zone, "{name}");
            assert!(
                pavilion.rect.contains_rect(&slot.footprint, WALL_THICKNESS + VISITOR_RADIUS * 2.0),
                "{name}: booth {} leaves its zone",
                booth.id
            );
            assert_eq!(layout.zone_at(slot.viewpoint), Some(slot.zone_index), "{name}: {}", booth.id);
        }
    }
}

#[test]
fn pavilions_keep_clear_of_each_other_and_plaza() {
    for (name, manifest) in manifests() {
        let layout = HallLayout::build(&manifest);
        for (i, a) in layout.pavilions.iter().enumerate() {
            let nearest = a.rect.closest_point(Vec2::ZERO).length();
            assert!(nearest > PLAZA_RADIUS, "{name}: pavilion {i} reaches into the plaza");
            for b in &layout.pavilions[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{name}: pavilions overlap");
            }
            assert!(layout.hall.contains_rect(&a.rect, 1.0), "{name}: pavilion {i} leaves the hall");
        }
    }
}

#[test]
fn every_booth_is_reachable_on_foot() {
    for (name, manifest) in manifests() {
        let layout = HallLayout::build(&manifest);
        let grid = WalkGrid::build(&layout, VISITOR_RADIUS);
        assert!(grid.is_walkable(layout.start), "{name}: the start is blocked");
        let reachable = grid.reachable_from(layout.start);
        for slot in &layout.booths {
            assert!(
                grid.is_marked(&reachable, slot.viewpoint),
                "{name}: booth {} cannot be reached",
                manifest.booths[slot.booth_index].id
            );
        }
        for pavilion in &layout.pavilions {
            let inside = pavilion.rect.to_world(Vec2::new(0.0, pavilion.rect.half.y - 2.0));
            assert!(grid.is_marked(&reachable, inside), "{name}: an entrance is blocked");
        }
    }
}

#[test]
fn paths_avoid_obstacles() {
    let manifest = bundled();
    let layout = HallLayout::build(&manifest);
    let grid = WalkGrid::build(&layout, VISITOR_RADIUS);
    for slot in layout.booths.iter().step_by(3) {
        let path = grid.find_path(layout.start, slot.viewpoint).expect("a path exists");
        let mut previous = layout.start;
        for &point in &path {
            for step in 0..=20 {
                let sample = previous.lerp(point, step as f32 / 20.0);
                for obstacle in &layout.obstacles {
                    assert!(
                        obstacle.push_out(sample, VISITOR_RADIUS * 0.9).is_none(),
                        "path to {} crosses an obstacle at {sample}",
                        manifest.booths[slot.booth_index].id
                    );
                }
            }
            previous = point;
        }
        assert_eq!(path.last().copied(), Some(slot.viewpoint));
    }
}

#[test]
fn start_is_on_plaza_facing_first_pavilion() {
    let manifest = bundled();
    let layout = HallLayout::build(&manifest);
    let plaza = layout.plaza.as_ref().expect("the bundled exhibition has a plaza");
    assert_eq!(layout.zone_at(layout.start), Some(plaza.zone_index));
    let first = &layout.pavilions[0];
    let facing = rotate(-Vec2::Y, layout.start_yaw);
    let toward_entrance = (first.entrance.position - layout.start).normalize();
    assert!(facing.dot(toward_entrance) > 0.99, "the start does not face the first entrance");
    // Walking straight ahead reaches the first pavilion without hitting anything.
    let grid = WalkGrid::build(&layout, VISITOR_RADIUS);
    let inside = first.rect.to_world(Vec2::new(0.0, first.rect.half.y - 3.0));
    assert!(grid.line_is_walkable(layout.start, inside));
    assert_eq!(layout.zone_at(inside), Some(first.zone_index));
}

#[test]
fn pavilions_follow_zone_order() {
    let manifest = bundled();
    let layout = HallLayout::build(&manifest);
    let orders: Vec<u32> = layout.pavilions.iter().map(|p| manifest.zones[p.zone_index].order).collect();
    let mut sorted = orders.clone();
    sorted.sort();
    assert_eq!(orders, sorted);
}

#[test]
fn preface_boards_stand_on_plaza() {
    let manifest = generated(4, 6, 9);
    let layout = HallLayout::build(&manifest);
    let plaza = layout.plaza.as_ref().unwrap();
    assert_eq!(plaza.boards.len(), 9);
    for board in &plaza.boards {
        assert!(board.position.length() < PLAZA_RADIUS);
        let facing = rotate(Vec2::Y, board.yaw);
        assert!(facing.dot(-board.position.normalize()) > 0.99, "a board does not face the centre");
    }
}

#[test]
fn fixed_position_outside_zone_is_reported() {
    let mut manifest = generated(4, 6, 0);
    manifest.booths[0].position = Some(BoothPosition { x: 150.0, z: 0.0, yaw: 0.0 });
    let layout = HallLayout::build(&manifest);
    assert_eq!(layout.issues, vec![LayoutIssue::OutsideZone { booth: "booth-0-0".to_owned() }]);
}

#[test]
fn fixed_positions_that_overlap_are_reported() {
    let mut manifest = generated(4, 6, 0);
    manifest.booths[0].position = Some(BoothPosition { x: 0.0, z: 0.0, yaw: 0.0 });
    manifest.booths[1].position = Some(BoothPosition { x: 1.0, z: 0.0, yaw: 0.0 });
    let layout = HallLayout::build(&manifest);
    assert!(layout.issues.contains(&LayoutIssue::Overlap {
        booth: "booth-0-1".to_owned(),
        other: "booth-0-0".to_owned()
    }));
}

#[test]
fn collisions_keep_visitor_out_of_plinths() {
    let layout = HallLayout::build(&generated(4, 6, 0));
    let slot = &layout.booths[0];
    let resolved = layout.resolve_collisions(slot.placement.position, VISITOR_RADIUS);
    for obstacle in &layout.obstacles {
        assert!(obstacle.push_out(resolved, VISITOR_RADIUS - 0.01).is_none());
    }
}

#[test]
fn pick_booth_hits_nearest_footprint() {
    let layout = HallLayout::build(&generated(4, 6, 0));
    let slot = &layout.booths[0];
    let direction = (slot.placement.position - slot.viewpoint).normalize();
    let (picked, distance) = layout.pick_booth(slot.viewpoint, direction).expect("the booth is hit");
    assert_eq!(picked.booth_index, slot.booth_index);
    assert!(distance > 1.0, "distance {distance}");
    assert!(distance < VIEWING_DISTANCE, "distance {distance}");
}
