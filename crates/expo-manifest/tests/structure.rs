//! Structural problems: JSON syntax, keys, types and format version, each with its full path.

mod common;

use common::*;
use expo_manifest::{Lang, ProblemKind};
use serde_json::json;

#[test]
fn syntax_error_has_line_and_column() {
    let report = expo_manifest::parse(b"{\n  \"format\": 1,\n  \"zones\": [],\n}\n");
    let problem = single_problem(&report);
    assert_eq!(problem.path, "$");
    assert_eq!(
        problem.kind,
        ProblemKind::Syntax {
            line: 4,
            column: 1,
            detail: "trailing comma".into()
        }
    );
    assert!(report.manifest.is_none());
    assert_eq!(
        problem.message(Lang::En),
        "Invalid JSON at line 4, column 1: trailing comma. Fix it there; common causes are a comma after the last item, a missing double quote, and full-width punctuation such as ，：“”."
    );
    assert!(
        problem
            .message(Lang::Zh)
            .starts_with("JSON 语法错误，位于第 4 行第 1 列：最后一项后面有多余的逗号。")
    );
}

#[test]
fn full_width_colon_is_a_syntax_error() {
    let report = expo_manifest::parse("{\"format\"：1}".as_bytes());
    let problem = single_problem(&report);
    assert_eq!(
        problem.kind,
        ProblemKind::Syntax {
            line: 1,
            column: 10,
            detail: "expected `:`".into()
        }
    );
    assert!(problem.message(Lang::Zh).contains("此处应为英文冒号 “:”"));
}

#[test]
fn empty_file_is_a_syntax_error() {
    let report = expo_manifest::parse(b"");
    let problem = single_problem(&report);
    assert_eq!(
        problem.kind,
        ProblemKind::Syntax {
            line: 1,
            column: 0,
            detail: "EOF while parsing a value".into()
        }
    );
}

#[test]
fn invalid_utf8_is_a_syntax_error() {
    // "广西" in GBK, as an editor set to a Chinese legacy encoding would save it.
    let report = expo_manifest::parse(b"{\"a\": \"\xb9\xe3\xce\xf7\"}");
    let problem = single_problem(&report);
    assert!(
        matches!(&problem.kind, ProblemKind::Syntax { line: 1, detail, .. } if detail == "invalid unicode code point")
    );
    assert!(problem.message(Lang::Zh).contains("UTF-8"));
}

#[test]
fn duplicate_key_is_reported() {
    let text = std::fs::read_to_string(VALID_FIXTURE).unwrap();
    let text = text.replacen("\"poster\": ", "\"poster\": \"a.png\", \"poster\": ", 1);
    let report = expo_manifest::parse(text.as_bytes());
    let problem = single_problem(&report);
    assert_eq!(problem.path, "$.booths[0].poster");
    assert_eq!(
        problem.kind,
        ProblemKind::DuplicateKey {
            key: "poster".into()
        }
    );
    assert!(report.manifest.is_none());
}

#[test]
fn root_must_be_an_object() {
    let report = expo_manifest::parse(b"[1, 2]");
    let problem = single_problem(&report);
    assert_eq!(problem.path, "$");
    assert_eq!(
        problem.kind,
        ProblemKind::WrongType {
            expected: "struct Manifest".into(),
            found: "sequence".into(),
            detail: "invalid type: sequence, expected struct Manifest".into(),
        }
    );
    assert_eq!(
        problem.message(Lang::En),
        "Expected an object {...}, found an array [...]. Change the value to an object {...}."
    );
}

#[test]
fn unknown_top_level_key() {
    let mut value = valid();
    value["exhibiton"] = json!({});
    assert_single_error(
        &value,
        "$.exhibiton",
        ProblemKind::UnknownField {
            field: "exhibiton".into(),
            allowed: strings(&["format", "exhibition", "zones", "booths", "preface_boards"]),
        },
    );
}

#[test]
fn missing_top_level_keys() {
    let report = expo_manifest::parse(b"{}");
    assert_eq!(
        paths_and_kinds(&report),
        vec![
            (
                "$".to_owned(),
                ProblemKind::MissingField {
                    field: "format".into()
                }
            ),
            (
                "$".to_owned(),
                ProblemKind::MissingField {
                    field: "exhibition".into()
                }
            ),
            (
                "$".to_owned(),
                ProblemKind::MissingField {
                    field: "zones".into()
                }
            ),
            (
                "$".to_owned(),
                ProblemKind::MissingField {
                    field: "booths".into()
                }
            ),
        ]
    );
}

#[test]
fn section_must_be_an_array() {
    let mut value = valid();
    set(&mut value, "/booths", json!({}));
    assert_single_error(
        &value,
        "$.booths",
        ProblemKind::WrongType {
            expected: "a sequence".into(),
            found: "map".into(),
            detail: "invalid type: map, expected a sequence".into(),
        },
    );
}

#[test]
fn other_format_version() {
    let mut value = valid();
    set(&mut value, "/format", json!(2));
    assert_single_error(
        &value,
        "$.format",
        ProblemKind::UnsupportedFormat {
            found: 2,
            supported: 1,
        },
    );
}

#[test]
fn format_as_string() {
    let mut value = valid();
    set(&mut value, "/format", json!("1"));
    assert_single_error(
        &value,
        "$.format",
        ProblemKind::WrongType {
            expected: "u32".into(),
            found: "string \"1\"".into(),
            detail: "invalid type: string \"1\", expected u32".into(),
        },
    );
}

#[test]
fn unknown_booth_field_lists_allowed_names() {
    let mut value = valid();
    value["booths"][0]["modle"] = json!({});
    assert_single_error(
        &value,
        "$.booths[0].modle",
        ProblemKind::UnknownField {
            field: "modle".into(),
            allowed: strings(&[
                "id",
                "zone",
                "sub_area",
                "exhibitor",
                "title",
                "summary",
                "tags",
                "city",
                "size",
                "featured",
                "model",
                "poster",
                "media",
                "contact",
                "position",
            ]),
        },
    );
}

#[test]
fn unknown_field_inside_media_has_full_path() {
    let mut value = valid();
    value["booths"][0]["media"][2]["topics"][0]["fr"] = json!("x");
    assert_single_error(
        &value,
        "$.booths[0].media[2].topics[0].fr",
        ProblemKind::UnknownField {
            field: "fr".into(),
            allowed: strings(&["zh", "en"]),
        },
    );

    let mut value = valid();
    value["booths"][0]["media"][0]["tittle"] = json!("x");
    assert_single_error(
        &value,
        "$.booths[0].media[0].tittle",
        ProblemKind::UnknownField {
            field: "tittle".into(),
            allowed: strings(&["url", "format", "title", "poster", "captions"]),
        },
    );
}

#[test]
fn wrong_type_inside_media_has_full_path() {
    let mut value = valid();
    set(&mut value, "/booths/0/media/2/topics", json!("合作"));
    assert_single_error(
        &value,
        "$.booths[0].media[2].topics",
        ProblemKind::WrongType {
            expected: "a sequence".into(),
            found: "string \"合作\"".into(),
            detail: "invalid type: string \"合作\", expected a sequence".into(),
        },
    );
}

#[test]
fn unknown_media_kind() {
    let mut value = valid();
    set(&mut value, "/booths/0/media/0/kind", json!("vid"));
    assert_single_error(
        &value,
        "$.booths[0].media[0].kind",
        ProblemKind::UnknownVariant {
            value: "vid".into(),
            allowed: strings(&["video", "live", "negotiation"]),
        },
    );
}

#[test]
fn missing_field_reported_at_its_object() {
    let mut value = valid();
    remove(&mut value, "/booths/0/title");
    assert_single_error(
        &value,
        "$.booths[0]",
        ProblemKind::MissingField {
            field: "title".into(),
        },
    );

    let mut value = valid();
    remove(&mut value, "/booths/0/model/url");
    assert_single_error(
        &value,
        "$.booths[0].model",
        ProblemKind::MissingField {
            field: "url".into(),
        },
    );

    let mut value = valid();
    remove(&mut value, "/booths/0/media/1/starts_at");
    assert_single_error(
        &value,
        "$.booths[0].media[1]",
        ProblemKind::MissingField {
            field: "starts_at".into(),
        },
    );
}

#[test]
fn unknown_zone_kind() {
    let mut value = valid();
    set(&mut value, "/zones/0/kind", json!("palza"));
    assert_single_error(
        &value,
        "$.zones[0].kind",
        ProblemKind::UnknownVariant {
            value: "palza".into(),
            allowed: strings(&["plaza", "pavilion"]),
        },
    );
}

#[test]
fn negative_order_is_wrong_type() {
    let mut value = valid();
    set(&mut value, "/zones/1/order", json!(-1));
    assert_single_error(
        &value,
        "$.zones[1].order",
        ProblemKind::WrongType {
            expected: "u32".into(),
            found: "integer `-1`".into(),
            detail: "invalid value: integer `-1`, expected u32".into(),
        },
    );
}

#[test]
fn rotation_with_two_angles() {
    let mut value = valid();
    set(&mut value, "/booths/0/model/rotation", json!([0, 90]));
    assert_single_error(
        &value,
        "$.booths[0].model.rotation",
        ProblemKind::WrongLength {
            length: 2,
            expected: 3,
        },
    );
}

#[test]
fn one_item_reports_several_structural_problems() {
    let mut value = valid();
    value["booths"][0]["modle"] = json!({});
    set(&mut value, "/booths/0/featured", json!("yes"));
    set(
        &mut value,
        "/booths/0/title",
        json!({ "zh": "标题", "title": "x" }),
    );
    set(&mut value, "/booths/0/tags", json!(["文化", 3]));
    let report = parse_value(&value);
    assert_eq!(
        paths_and_kinds(&report),
        vec![
            (
                "$.booths[0].featured".to_owned(),
                ProblemKind::WrongType {
                    expected: "a boolean".into(),
                    found: "string \"yes\"".into(),
                    detail: "invalid type: string \"yes\", expected a boolean".into(),
                }
            ),
            (
                "$.booths[0].modle".to_owned(),
                ProblemKind::UnknownField {
                    field: "modle".into(),
                    allowed: strings(&[
                        "id",
                        "zone",
                        "sub_area",
                        "exhibitor",
                        "title",
                        "summary",
                        "tags",
                        "city",
                        "size",
                        "featured",
                        "model",
                        "poster",
                        "media",
                        "contact",
                        "position",
                    ]),
                }
            ),
            (
                "$.booths[0].tags[1]".to_owned(),
                ProblemKind::WrongType {
                    expected: "a string".into(),
                    found: "integer `3`".into(),
                    detail: "invalid type: integer `3`, expected a string".into(),
                }
            ),
            (
                "$.booths[0].title.title".to_owned(),
                ProblemKind::UnknownField {
                    field: "title".into(),
                    allowed: strings(&["zh", "en"])
                }
            ),
        ]
    );
}

#[test]
fn broken_item_does_not_hide_other_items() {
    let mut value = valid();
    set(&mut value, "/booths/0/exhibitor", json!(5));
    let mut second = value["booths"][0].clone();
    second["id"] = json!("second");
    second["exhibitor"] = json!({ "zh": "乙" });
    value["booths"].as_array_mut().unwrap().push(second);
    let report = parse_value(&value);
    assert_eq!(
        paths_and_kinds(&report),
        vec![
            (
                "$.booths[0].exhibitor".to_owned(),
                ProblemKind::WrongType {
                    expected: "struct Text".into(),
                    found: "integer `5`".into(),
                    detail: "invalid type: integer `5`, expected struct Text".into(),
                }
            ),
            (
                "$.booths[1].exhibitor".to_owned(),
                ProblemKind::MissingEnglish
            ),
        ]
    );
}

#[test]
fn partly_broken_item_still_gets_value_checks() {
    let mut value = valid();
    value["booths"][0]["modle"] = json!({});
    set(&mut value, "/booths/0/poster", json!("javascript:alert(1)"));
    let report = parse_value(&value);
    let paths: Vec<&str> = report
        .problems
        .iter()
        .map(|problem| problem.path.as_str())
        .collect();
    assert_eq!(paths, vec!["$.booths[0].modle", "$.booths[0].poster"]);
}

#[test]
fn broken_zone_does_not_cascade_to_booths() {
    let mut value = valid();
    set(&mut value, "/zones/1/order", json!("first"));
    let report = parse_value(&value);
    let problem = single_problem(&report);
    assert_eq!(problem.path, "$.zones[1].order");
}
