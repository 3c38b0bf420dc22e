//! Every problem of a broken item is listed, not only the first, and the new input checks.

mod common;

use common::*;
use expo_manifest::{Lang, ProblemKind, UrlIssue};
use serde_json::json;

fn paths(report: &expo_manifest::Report) -> Vec<&str> {
    report.problems.iter().map(|p| p.path.as_str()).collect()
}

#[test]
fn booth_missing_fields_and_bad_urls() {
    let mut value = valid();
    remove(&mut value, "/booths/0/zone");
    remove(&mut value, "/booths/0/exhibitor");
    set(&mut value, "/booths/0/poster", json!("javascript:alert(1)"));
    set(&mut value, "/booths/0/model/url", json!("file:///x.glb"));
    let report = parse_value(&value);
    // The fifth problem is the warning that pavilion "nanning" now has no booth.
    assert_eq!(report.error_count(), 4, "{:#?}", report.problems);
    let kinds = paths_and_kinds(&report);
    assert!(kinds.contains(&(
        "$.booths[0]".into(),
        ProblemKind::MissingField {
            field: "zone".into()
        }
    )));
    assert!(kinds.contains(&(
        "$.booths[0]".into(),
        ProblemKind::MissingField {
            field: "exhibitor".into()
        }
    )));
    assert!(kinds.contains(&(
        "$.booths[0].poster".into(),
        ProblemKind::InvalidUrl {
            url: "javascript:alert(1)".into(),
            issue: UrlIssue::DisallowedScheme {
                scheme: "javascript".into()
            }
        }
    )));
    assert!(kinds.contains(&(
        "$.booths[0].model.url".into(),
        ProblemKind::InvalidUrl {
            url: "file:///x.glb".into(),
            issue: UrlIssue::DisallowedScheme {
                scheme: "file".into()
            }
        }
    )));
}

#[test]
fn exhibition_missing_host_and_bad_date() {
    let mut value = valid();
    remove(&mut value, "/exhibition/host");
    set(&mut value, "/exhibition/dates/start", json!("bad"));
    set(&mut value, "/exhibition/sample_content", json!(true));
    let report = parse_value(&value);
    assert_eq!(
        paths_and_kinds(&report),
        vec![
            (
                "$.exhibition".into(),
                ProblemKind::MissingField {
                    field: "host".into()
                }
            ),
            (
                "$.exhibition.dates.start".into(),
                ProblemKind::InvalidDate {
                    value: "bad".into()
                }
            ),
            (
                "$.exhibition.sample_content".into(),
                ProblemKind::SampleContent
            ),
        ]
    );
}

#[test]
fn each_bad_media_entry_is_reported() {
    let mut value = valid();
    set(
        &mut value,
        "/booths/0/media",
        json!([
            { "kind": "livestream", "url": "https://example.com/a.m3u8" },
            { "kind": "video", "url": "javascript:alert(1)" },
            { "kind": "negotiation", "topics": [] }
        ]),
    );
    let report = parse_value(&value);
    assert_eq!(
        paths(&report),
        vec![
            "$.booths[0].media[0].kind",
            "$.booths[0].media[1].url",
            "$.booths[0].media[2].topics"
        ],
        "{:#?}",
        report.problems
    );
}

#[test]
fn zone_missing_color_and_english_name() {
    let mut value = valid();
    remove(&mut value, "/zones/1/color");
    remove(&mut value, "/zones/1/name/en");
    let report = parse_value(&value);
    assert_eq!(
        paths_and_kinds(&report),
        vec![
            (
                "$.zones[1]".into(),
                ProblemKind::MissingField {
                    field: "color".into()
                }
            ),
            ("$.zones[1].name".into(), ProblemKind::MissingEnglish),
        ]
    );
}

#[test]
fn each_bad_tag_is_reported() {
    let mut value = valid();
    set(
        &mut value,
        "/booths/0/tags",
        json!(["ok", 5, "x".repeat(30)]),
    );
    let report = parse_value(&value);
    assert_eq!(
        paths(&report),
        vec!["$.booths[0].tags[1]", "$.booths[0].tags[2]"]
    );
    assert!(matches!(
        report.problems[0].kind,
        ProblemKind::WrongType { .. }
    ));
    assert!(matches!(
        report.problems[1].kind,
        ProblemKind::TextTooLong { length: 30, .. }
    ));
}

#[test]
fn structural_problems_in_file_order() {
    let text = std::fs::read_to_string(VALID_FIXTURE).unwrap();
    // "zone" comes before "featured" in the file but after it alphabetically.
    let text = text
        .replacen("\"zone\": \"nanning\"", "\"zone\": 5", 1)
        .replacen("\"featured\": true", "\"featured\": \"yes\"", 1);
    let report = expo_manifest::parse(text.as_bytes());
    // The warning at $.zones[1] is the pavilion that no booth names any more.
    assert_eq!(
        paths(&report),
        vec!["$.booths[0].zone", "$.booths[0].featured", "$.zones[1]"]
    );
}

#[test]
fn hidden_problems_are_counted() {
    let mut value = valid();
    let tags: Vec<i32> = (0..50).collect();
    set(&mut value, "/booths/0/tags", json!(tags));
    let report = parse_value(&value);
    assert_eq!(report.problems.len(), 33);
    let last = report.problems.last().unwrap();
    assert_eq!(last.path, "$.booths[0]");
    // 50 wrong types and the tag count over 12.
    assert_eq!(last.kind, ProblemKind::ProblemsHidden { hidden: 19 });
    assert!(last.message(Lang::En).contains("run the validator again"));
}

#[test]
fn utf16_file_is_reported() {
    let utf16: Vec<u8> = "{\"format\": 1}"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    for bytes in [[&[0xFF, 0xFE][..], &utf16].concat(), utf16.clone()] {
        let report = expo_manifest::parse(&bytes);
        let problem = single_problem(&report);
        assert_eq!(problem.kind, ProblemKind::Utf16);
        assert!(problem.message(Lang::En).contains("UTF-8"));
        assert!(problem.message(Lang::Zh).contains("UTF-8"));
    }
}

#[test]
fn empty_file_message() {
    let report = expo_manifest::parse(b"");
    let problem = single_problem(&report);
    assert!(problem.message(Lang::En).starts_with("The file is empty."));
    assert!(problem.message(Lang::Zh).starts_with("文件是空的。"));
}

#[test]
fn comments_are_reported() {
    for text in [
        "{\n  // note\n  \"format\": 1\n}",
        "{ /* note */ \"format\": 1 }",
    ] {
        let report = expo_manifest::parse(text.as_bytes());
        let problem = single_problem(&report);
        assert!(
            matches!(problem.kind, ProblemKind::JsonComment { .. }),
            "{text}: {:?}",
            problem.kind
        );
        assert!(
            problem
                .message(Lang::En)
                .contains("JSON allows no comments")
        );
    }
}

#[test]
fn booth_in_plaza_with_sub_area() {
    let mut value = valid();
    set(&mut value, "/booths/0/zone", json!("plaza"));
    let report = parse_value(&value);
    assert_eq!(report.error_count(), 1, "{:#?}", report.problems);
    let problem = &report.problems[0];
    assert_eq!(
        problem.kind,
        ProblemKind::BoothInPlaza {
            zone: "plaza".into()
        }
    );
    assert!(!problem.message(Lang::En).contains("(none)"));
}

#[test]
fn empty_tag_message() {
    let mut value = valid();
    set(&mut value, "/booths/0/tags/0", json!(" "));
    let report = parse_value(&value);
    let problem = single_problem(&report);
    assert_eq!(problem.kind, ProblemKind::EmptyText);
    assert!(!problem.message(Lang::En).contains("English"));
    assert!(!problem.message(Lang::Zh).contains("英文"));
}

#[test]
fn format_must_be_the_integer_one() {
    for number in [json!(1.0), json!(-1), json!(2.5)] {
        let mut value = valid();
        set(&mut value, "/format", number.clone());
        let report = parse_value(&value);
        let problem = single_problem(&report);
        assert!(
            matches!(
                problem.kind,
                ProblemKind::InvalidFormat { supported: 1, .. }
            ),
            "{number}: {:?}",
            problem.kind
        );
        assert!(problem.message(Lang::En).contains("whole number 1"));
    }
}

#[test]
fn tiny_scale_is_shown_as_written() {
    let text = std::fs::read_to_string(VALID_FIXTURE).unwrap();
    let text = text.replacen("\"scale\": 1.5", "\"scale\": 1e-50", 1);
    let report = expo_manifest::parse(text.as_bytes());
    let problem = single_problem(&report);
    assert_eq!(problem.path, "$.booths[0].model.scale");
    assert!(
        problem.message(Lang::En).contains("The number 1e-50 "),
        "{}",
        problem.message(Lang::En)
    );
}

#[test]
fn long_key_is_shortened_in_path() {
    let mut value = valid();
    value["booths"][0]["k".repeat(5_000_000)] = json!(1);
    let report = parse_value(&value);
    let problem = single_problem(&report);
    assert!(
        problem.path.len() < 200,
        "path is {} bytes",
        problem.path.len()
    );
    assert!(problem.message(Lang::En).len() < 1000);
}

#[test]
fn control_and_bidi_characters_in_texts() {
    for (pointer, path, text) in [
        ("/booths/0/title/zh", "$.booths[0].title.zh", "a\u{202e}b"),
        (
            "/preface_boards/0/text/en",
            "$.preface_boards[0].text.en",
            "a\tb",
        ),
        ("/booths/0/exhibitor/en", "$.booths[0].exhibitor.en", "a\nb"),
        ("/zones/1/name/zh", "$.zones[1].name.zh", "a\u{2066}b"),
        ("/booths/0/tags/0", "$.booths[0].tags[0]", "a\u{1}"),
    ] {
        let mut value = valid();
        set(&mut value, pointer, json!(text));
        let report = parse_value(&value);
        let problem = single_problem(&report);
        assert_eq!(problem.path, path);
        assert!(
            matches!(problem.kind, ProblemKind::ForbiddenCharacter { .. }),
            "{:?}",
            problem.kind
        );
    }
}

#[test]
fn line_breaks_allowed_in_long_texts() {
    let mut value = valid();
    set(&mut value, "/preface_boards/0/text/zh", json!("第一段。\n第二段。"));
    set(&mut value, "/booths/0/summary/en", json!("First paragraph.\nSecond paragraph."));
    let report = parse_value(&value);
    assert!(!report.has_errors(), "{:?}", report.problems);
}

#[test]
fn long_urls_and_contacts_are_errors() {
    let long_url = format!("https://example.com/{}", "a".repeat(2100));
    for (pointer, path, text) in [
        ("/booths/0/poster", "$.booths[0].poster", long_url.clone()),
        (
            "/booths/0/contact/website",
            "$.booths[0].contact.website",
            long_url,
        ),
        (
            "/booths/0/contact/phone",
            "$.booths[0].contact.phone",
            "1".repeat(2049),
        ),
    ] {
        let mut value = valid();
        set(&mut value, pointer, json!(text));
        let report = parse_value(&value);
        let problem = single_problem(&report);
        assert_eq!(problem.path, path);
        assert!(
            matches!(problem.kind, ProblemKind::TextTooLong { max: 2048, .. }),
            "{:?}",
            problem.kind
        );
    }
}

#[test]
fn too_many_items_per_section() {
    let mut value = valid();
    let board = value["preface_boards"][0].clone();
    let boards: Vec<_> = (0..51)
        .map(|i| {
            let mut board = board.clone();
            board["id"] = json!(format!("b{i}"));
            board
        })
        .collect();
    set(&mut value, "/preface_boards", json!(boards));
    let report = parse_value(&value);
    assert_eq!(
        paths_and_kinds(&report),
        vec![(
            "$.preface_boards".into(),
            ProblemKind::TooManyItems {
                section: "preface_boards".into(),
                count: 51,
                max: 50
            }
        )]
    );
}

#[test]
fn chinese_wrong_type_spacing() {
    let mut value = valid();
    set(&mut value, "/booths/0/featured", json!("yes"));
    let report = parse_value(&value);
    let message = single_problem(&report).message(Lang::Zh);
    assert!(message.starts_with("这里应为 true 或 false，"), "{message}");
}
