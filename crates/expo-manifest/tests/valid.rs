//! A valid manifest parses, keeps its text verbatim, and returns only warnings.

mod common;

use common::*;
use expo_manifest::{BoothSize, Lang, Media, ProblemKind, Severity, ZoneKind};
use serde_json::json;

#[test]
fn valid_fixture_has_no_problems() {
    let report = expo_manifest::parse(&std::fs::read(VALID_FIXTURE).unwrap());
    assert_eq!(report.problems, vec![]);
    assert!(!report.has_errors());

    let manifest = report.manifest.expect("a valid manifest is returned");
    assert_eq!(manifest.format, 1);
    assert_eq!(
        manifest.exhibition.title.get(Lang::En),
        "Guangxi Digital Economy Expo"
    );
    assert_eq!(manifest.zones.len(), 2);
    assert_eq!(manifest.zones[0].kind, ZoneKind::Plaza);
    assert_eq!(manifest.zones[1].kind, ZoneKind::Pavilion);
    assert_eq!(manifest.booths[0].size, BoothSize::Large);
    assert_eq!(manifest.booths[0].model.as_ref().unwrap().scale, 1.5);
    assert!(matches!(manifest.booths[0].media[1], Media::Live { .. }));
    assert_eq!(manifest.preface_boards[0].id, "welcome");
}

#[test]
fn html_in_text_is_kept_verbatim() {
    let report = parse_value(&valid());
    let manifest = report.manifest.unwrap();
    assert_eq!(
        manifest.booths[0].summary.zh,
        "<img src=x onerror=alert(1)>"
    );
}

#[test]
fn javascript_url_is_an_error() {
    let mut value = valid();
    set(&mut value, "/booths/0/poster", json!("javascript:alert(1)"));
    assert_single_error(
        &value,
        "$.booths[0].poster",
        ProblemKind::InvalidUrl {
            url: "javascript:alert(1)".into(),
            issue: expo_manifest::UrlIssue::DisallowedScheme {
                scheme: "javascript".into(),
            },
        },
    );
}

#[test]
fn byte_order_mark_is_skipped() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(VALID_FIXTURE).unwrap());
    let report = expo_manifest::parse(&bytes);
    assert_eq!(report.problems, vec![]);
    assert!(report.manifest.is_some());
}

#[test]
fn warnings_keep_the_manifest() {
    let mut value = valid();
    set(&mut value, "/exhibition/sample_content", json!(true));
    let report = parse_value(&value);
    let problem = single_problem(&report);
    assert_eq!(problem.severity, Severity::Warning);
    assert_eq!(problem.path, "$.exhibition.sample_content");
    assert_eq!(problem.kind, ProblemKind::SampleContent);
    assert!(!report.has_errors());
    assert_eq!(report.warning_count(), 1);
    assert!(
        report.manifest.is_some(),
        "warnings must not drop the manifest"
    );
}

#[test]
fn preface_boards_are_optional() {
    let mut value = valid();
    remove(&mut value, "/preface_boards");
    let report = parse_value(&value);
    assert_eq!(report.problems, vec![]);
    assert_eq!(report.manifest.unwrap().preface_boards, vec![]);
}

#[test]
fn values_at_the_limits_are_accepted() {
    let mut value = valid();
    set(&mut value, "/booths/0/title/zh", json!("题".repeat(80)));
    set(&mut value, "/booths/0/summary/zh", json!("简".repeat(400)));
    set(
        &mut value,
        "/preface_boards/0/text/zh",
        json!("文".repeat(1200)),
    );
    set(
        &mut value,
        "/booths/0/tags",
        json!(vec!["标".repeat(24); 12]),
    );
    set(&mut value, "/booths/0/model/scale", json!(0.01));
    set(
        &mut value,
        "/booths/0/model/rotation",
        json!([-360, 360, 0]),
    );
    set(&mut value, "/booths/0/model/offset", json!([-5, 5, 0]));
    set(
        &mut value,
        "/booths/0/position",
        json!({ "x": -200, "z": 200, "yaw": -360 }),
    );
    set(&mut value, "/booths/0/id", json!("a".repeat(64)));
    set(&mut value, "/exhibition/dates/end", json!("2022-05-20"));
    let report = parse_value(&value);
    assert_eq!(report.problems, vec![]);
}
