//! The exhibition's public address and guided-tour timing.

mod common;

use common::*;
use expo_manifest::{ProblemKind, TourSettings};
use serde_json::json;

#[test]
fn public_url_and_tour_accepted() {
    let mut value = valid();
    set(&mut value, "/exhibition/public_url", json!("https://expo.example.cn/hall/?manifest=a.json"));
    set(&mut value, "/exhibition/tour", json!({ "idle_seconds": 90 }));
    let report = parse_value(&value);
    assert!(!report.has_errors(), "{:#?}", report.problems);
    let exhibition = report.manifest.unwrap().exhibition;
    assert_eq!(exhibition.public_url.as_deref(), Some("https://expo.example.cn/hall/?manifest=a.json"));
    assert_eq!(exhibition.tour, Some(TourSettings { idle_seconds: 90, dwell_seconds: 12 }));
}

#[test]
fn tour_defaults() {
    assert_eq!(TourSettings::default(), TourSettings { idle_seconds: 60, dwell_seconds: 12 });
    let mut value = valid();
    set(&mut value, "/exhibition/tour", json!({}));
    let report = parse_value(&value);
    assert!(!report.has_errors(), "{:#?}", report.problems);
    assert_eq!(report.manifest.unwrap().exhibition.tour, Some(TourSettings::default()));
}

#[test]
fn relative_public_url_rejected() {
    for url in ["expo.example.cn", "/hall/", "ftp://expo.example.cn/"] {
        let mut value = valid();
        set(&mut value, "/exhibition/public_url", json!(url));
        let report = parse_value(&value);
        let problems: Vec<_> = report.problems.iter().filter(|p| p.path == "$.exhibition.public_url").collect();
        assert_eq!(problems.len(), 1, "{url}: {:#?}", report.problems);
    }
    let mut value = valid();
    set(&mut value, "/exhibition/public_url", json!("/hall/"));
    assert_single_error(&value, "$.exhibition.public_url", ProblemKind::NotAbsoluteUrl { url: "/hall/".into() });
}

#[test]
fn tour_timing_out_of_range() {
    let mut value = valid();
    set(&mut value, "/exhibition/tour", json!({ "idle_seconds": 5 }));
    assert_single_error(
        &value,
        "$.exhibition.tour.idle_seconds",
        ProblemKind::OutOfRange { value: 5.0, min: 10.0, max: 3600.0 },
    );
    let mut value = valid();
    set(&mut value, "/exhibition/tour", json!({ "dwell_seconds": 600 }));
    assert_single_error(
        &value,
        "$.exhibition.tour.dwell_seconds",
        ProblemKind::OutOfRange { value: 600.0, min: 3.0, max: 120.0 },
    );
}

#[test]
fn tour_unknown_field_rejected() {
    let mut value = valid();
    set(&mut value, "/exhibition/tour", json!({ "idle": 30 }));
    let report = parse_value(&value);
    assert!(report.has_errors());
    assert!(report.problems.iter().any(|p| p.path.starts_with("$.exhibition.tour")), "{:#?}", report.problems);
}
