//! Problems in values that deserialize: ids, references, URLs, ranges, texts and formats.

mod common;

use common::*;
use expo_manifest::{ProblemKind, Severity, UrlIssue};
use serde_json::{Value, json};

fn out_of_range(value: f64, min: f64, max: f64) -> ProblemKind {
    ProblemKind::OutOfRange { value, min, max }
}

#[test]
fn invalid_ids() {
    let cases = [
        ("/zones/1/id", "$.zones[1].id", "Nanning"),
        (
            "/zones/1/sub_areas/0/id",
            "$.zones[1].sub_areas[0].id",
            "产业",
        ),
        ("/booths/0/id", "$.booths[0].id", "bronze_drum"),
        ("/preface_boards/0/id", "$.preface_boards[0].id", "-welcome"),
    ];
    for (pointer, path, id) in cases {
        let mut value = valid();
        set(&mut value, pointer, json!(id));
        if pointer == "/zones/1/id" {
            set(&mut value, "/booths/0/zone", json!(id));
        }
        if pointer == "/zones/1/sub_areas/0/id" {
            set(&mut value, "/booths/0/sub_area", json!(id));
        }
        assert_single_error(&value, path, ProblemKind::InvalidId { id: id.into() });
    }
}

#[test]
fn id_longer_than_64_characters() {
    let mut value = valid();
    let id = "a".repeat(65);
    set(&mut value, "/booths/0/id", json!(id));
    assert_single_error(&value, "$.booths[0].id", ProblemKind::InvalidId { id });
}

#[test]
fn duplicate_booth_id_names_first() {
    let mut value = valid();
    let copy = value["booths"][0].clone();
    value["booths"].as_array_mut().unwrap().push(copy);
    assert_single_error(
        &value,
        "$.booths[1].id",
        ProblemKind::DuplicateId {
            id: "bronze-drum".into(),
            first_path: "$.booths[0].id".into(),
        },
    );
}

#[test]
fn duplicate_zone_board_and_sub_area_ids() {
    let mut value = valid();
    set(&mut value, "/zones/1/id", json!("plaza"));
    set(&mut value, "/booths/0/zone", json!("plaza"));
    let report = parse_value(&value);
    assert_eq!(
        paths_and_kinds(&report)[0],
        (
            "$.zones[1].id".to_owned(),
            ProblemKind::DuplicateId {
                id: "plaza".into(),
                first_path: "$.zones[0].id".into()
            }
        )
    );

    let mut value = valid();
    let copy = value["preface_boards"][0].clone();
    value["preface_boards"].as_array_mut().unwrap().push(copy);
    assert_single_error(
        &value,
        "$.preface_boards[1].id",
        ProblemKind::DuplicateId {
            id: "welcome".into(),
            first_path: "$.preface_boards[0].id".into(),
        },
    );

    let mut value = valid();
    let copy = value["zones"][1]["sub_areas"][0].clone();
    value["zones"][1]["sub_areas"]
        .as_array_mut()
        .unwrap()
        .push(copy);
    assert_single_error(
        &value,
        "$.zones[1].sub_areas[1].id",
        ProblemKind::DuplicateId {
            id: "industry".into(),
            first_path: "$.zones[1].sub_areas[0].id".into(),
        },
    );
}

#[test]
fn same_id_in_different_lists_is_allowed() {
    let mut value = valid();
    set(&mut value, "/preface_boards/0/id", json!("nanning"));
    set(&mut value, "/booths/0/id", json!("nanning"));
    assert_eq!(parse_value(&value).problems, vec![]);
}

#[test]
fn booth_in_unknown_zone() {
    let mut value = valid();
    set(&mut value, "/booths/0/zone", json!("liuzhou"));
    let report = parse_value(&value);
    assert_eq!(
        paths_and_kinds(&report),
        vec![
            (
                "$.booths[0].zone".to_owned(),
                ProblemKind::UnknownZone {
                    zone: "liuzhou".into(),
                    known: strings(&["plaza", "nanning"])
                }
            ),
            (
                "$.zones[1]".to_owned(),
                ProblemKind::EmptyPavilion {
                    zone: "nanning".into()
                }
            ),
        ]
    );
}

#[test]
fn booth_in_unknown_sub_area() {
    let mut value = valid();
    set(&mut value, "/booths/0/sub_area", json!("culture"));
    assert_single_error(
        &value,
        "$.booths[0].sub_area",
        ProblemKind::UnknownSubArea {
            sub_area: "culture".into(),
            zone: "nanning".into(),
            known: strings(&["industry"]),
        },
    );
}

#[test]
fn booth_in_plaza() {
    let mut value = valid();
    set(&mut value, "/booths/0/zone", json!("plaza"));
    remove(&mut value, "/booths/0/sub_area");
    let report = parse_value(&value);
    assert_eq!(
        paths_and_kinds(&report),
        vec![
            (
                "$.booths[0].zone".to_owned(),
                ProblemKind::BoothInPlaza {
                    zone: "plaza".into()
                }
            ),
            (
                "$.zones[1]".to_owned(),
                ProblemKind::EmptyPavilion {
                    zone: "nanning".into()
                }
            ),
        ]
    );
}

#[test]
fn second_plaza() {
    let mut value = valid();
    let mut plaza = value["zones"][0].clone();
    plaza["id"] = json!("plaza-2");
    value["zones"].as_array_mut().unwrap().push(plaza);
    assert_single_error(
        &value,
        "$.zones[2].kind",
        ProblemKind::SecondPlaza {
            first_path: "$.zones[0]".into(),
        },
    );
}

#[test]
fn no_pavilion() {
    let mut value = valid();
    let plaza = value["zones"][0].clone();
    set(&mut value, "/zones", json!([plaza]));
    set(&mut value, "/booths", json!([]));
    assert_single_error(&value, "$.zones", ProblemKind::NoPavilion);
}

#[test]
fn empty_pavilion_is_a_warning() {
    let mut value = valid();
    let mut pavilion = value["zones"][1].clone();
    pavilion["id"] = json!("liuzhou");
    value["zones"].as_array_mut().unwrap().push(pavilion);
    let report = parse_value(&value);
    let problem = single_problem(&report);
    assert_eq!(problem.path, "$.zones[2]");
    assert_eq!(
        problem.kind,
        ProblemKind::EmptyPavilion {
            zone: "liuzhou".into()
        }
    );
    assert_eq!(problem.severity, Severity::Warning);
    assert!(report.manifest.is_some());
}

#[test]
fn invalid_urls_in_every_url_field() {
    let fields = [
        ("/booths/0/model/url", "$.booths[0].model.url"),
        ("/booths/0/poster", "$.booths[0].poster"),
        ("/booths/0/media/0/url", "$.booths[0].media[0].url"),
        (
            "/booths/0/media/0/captions",
            "$.booths[0].media[0].captions",
        ),
        ("/booths/0/media/1/url", "$.booths[0].media[1].url"),
        (
            "/booths/0/media/1/replay_url",
            "$.booths[0].media[1].replay_url",
        ),
        (
            "/booths/0/media/2/wechat_qr",
            "$.booths[0].media[2].wechat_qr",
        ),
        ("/booths/0/contact/website", "$.booths[0].contact.website"),
        ("/preface_boards/0/image", "$.preface_boards[0].image"),
    ];
    let urls = [
        (
            "javascript:alert(1)",
            UrlIssue::DisallowedScheme {
                scheme: "javascript".into(),
            },
        ),
        (
            "data:image/png;base64,AAAA",
            UrlIssue::DisallowedScheme {
                scheme: "data".into(),
            },
        ),
        (
            "file:///C:/models/a.glb",
            UrlIssue::DisallowedScheme {
                scheme: "file".into(),
            },
        ),
        (
            "ftp://example.com/a.glb",
            UrlIssue::DisallowedScheme {
                scheme: "ftp".into(),
            },
        ),
        ("//evil.example/a.glb", UrlIssue::ProtocolRelative),
        (
            "models/a b.glb",
            UrlIssue::ForbiddenCharacter { character: ' ' },
        ),
        (
            "models/a\u{0}.glb",
            UrlIssue::ForbiddenCharacter { character: '\u{0}' },
        ),
        ("", UrlIssue::Empty),
    ];
    for (pointer, path) in fields {
        for (url, issue) in &urls {
            let mut value = valid();
            set(&mut value, pointer, json!(url));
            assert_single_error(
                &value,
                path,
                ProblemKind::InvalidUrl {
                    url: url.to_string(),
                    issue: issue.clone(),
                },
            );
        }
    }
}

#[test]
fn video_poster_and_meeting_url_are_checked() {
    let mut value = valid();
    value["booths"][0]["media"][0]["poster"] = json!("javascript:x");
    value["booths"][0]["media"][2]["meeting_url"] = json!("//meet.example");
    let report = parse_value(&value);
    let paths: Vec<&str> = report
        .problems
        .iter()
        .map(|problem| problem.path.as_str())
        .collect();
    assert_eq!(
        paths,
        vec![
            "$.booths[0].media[0].poster",
            "$.booths[0].media[2].meeting_url"
        ]
    );
}

#[test]
fn model_must_be_gltf() {
    for url in [
        "models/drum.obj",
        "models/drum.fbx",
        "https://example.com/get?file=drum.glb",
    ] {
        let mut value = valid();
        set(&mut value, "/booths/0/model/url", json!(url));
        assert_single_error(
            &value,
            "$.booths[0].model.url",
            ProblemKind::NotGltfModel { url: url.into() },
        );
    }
    for url in [
        "models/drum.GLB",
        "models/drum.gltf?v=2",
        "https://cdn.example.com/drum.glb#node",
    ] {
        let mut value = valid();
        set(&mut value, "/booths/0/model/url", json!(url));
        assert_eq!(
            parse_value(&value).problems,
            vec![],
            "{url} should be accepted"
        );
    }
}

#[test]
fn numbers_out_of_range() {
    let cases: [(&str, &str, Value, ProblemKind); 9] = [
        (
            "/booths/0/model/scale",
            "$.booths[0].model.scale",
            json!(0.001),
            out_of_range(0.001, 0.01, 100.0),
        ),
        (
            "/booths/0/model/scale",
            "$.booths[0].model.scale",
            json!(101),
            out_of_range(101.0, 0.01, 100.0),
        ),
        (
            "/booths/0/model/scale",
            "$.booths[0].model.scale",
            json!(-1),
            out_of_range(-1.0, 0.01, 100.0),
        ),
        (
            "/booths/0/model/rotation/1",
            "$.booths[0].model.rotation[1]",
            json!(400),
            out_of_range(400.0, -360.0, 360.0),
        ),
        (
            "/booths/0/model/offset/2",
            "$.booths[0].model.offset[2]",
            json!(-5.5),
            out_of_range(-5.5, -5.0, 5.0),
        ),
        (
            "/booths/0/position/x",
            "$.booths[0].position.x",
            json!(250),
            out_of_range(250.0, -200.0, 200.0),
        ),
        (
            "/booths/0/position/z",
            "$.booths[0].position.z",
            json!(-201),
            out_of_range(-201.0, -200.0, 200.0),
        ),
        (
            "/booths/0/position/yaw",
            "$.booths[0].position.yaw",
            json!(720),
            out_of_range(720.0, -360.0, 360.0),
        ),
        (
            "/booths/0/position/x",
            "$.booths[0].position.x",
            json!(1e300),
            out_of_range(f64::INFINITY, -200.0, 200.0),
        ),
    ];
    for (pointer, path, number, kind) in cases {
        let mut value = valid();
        set(&mut value, pointer, number);
        assert_single_error(&value, path, kind);
    }
}

#[test]
fn empty_texts() {
    let cases = [
        ("/booths/0/title/zh", "$.booths[0].title.zh", "   "),
        ("/booths/0/summary/en", "$.booths[0].summary.en", ""),
        ("/exhibition/theme/zh", "$.exhibition.theme.zh", ""),
        (
            "/zones/1/sub_areas/0/name/zh",
            "$.zones[1].sub_areas[0].name.zh",
            "\u{3000}",
        ),
        ("/booths/0/tags/1", "$.booths[0].tags[1]", " "),
        (
            "/booths/0/media/2/topics/0/zh",
            "$.booths[0].media[2].topics[0].zh",
            "",
        ),
        (
            "/preface_boards/0/text/en",
            "$.preface_boards[0].text.en",
            " ",
        ),
    ];
    for (pointer, path, text) in cases {
        let mut value = valid();
        set(&mut value, pointer, json!(text));
        assert_single_error(&value, path, ProblemKind::EmptyText);
    }
}

#[test]
fn names_need_english() {
    let cases = [
        ("/exhibition/title/en", "$.exhibition.title"),
        ("/zones/1/name/en", "$.zones[1].name"),
        ("/booths/0/exhibitor/en", "$.booths[0].exhibitor"),
    ];
    for (pointer, path) in cases {
        let mut value = valid();
        remove(&mut value, pointer);
        assert_single_error(&value, path, ProblemKind::MissingEnglish);
    }
}

#[test]
fn texts_over_their_limits() {
    let cases = [
        ("/booths/0/title/zh", "$.booths[0].title.zh", "题", 80),
        (
            "/booths/0/exhibitor/en",
            "$.booths[0].exhibitor.en",
            "e",
            80,
        ),
        ("/exhibition/title/zh", "$.exhibition.title.zh", "展", 80),
        ("/booths/0/summary/zh", "$.booths[0].summary.zh", "简", 400),
        (
            "/zones/1/description/zh",
            "$.zones[1].description.zh",
            "述",
            400,
        ),
        (
            "/preface_boards/0/text/zh",
            "$.preface_boards[0].text.zh",
            "文",
            1200,
        ),
        ("/booths/0/tags/0", "$.booths[0].tags[0]", "标", 24),
    ];
    for (pointer, path, character, max) in cases {
        let mut value = valid();
        set(&mut value, pointer, json!(character.repeat(max + 1)));
        let excerpt = format!("{}…", character.repeat(20));
        assert_single_error(
            &value,
            path,
            ProblemKind::TextTooLong {
                length: max + 1,
                max,
                excerpt,
            },
        );
    }
}

#[test]
fn too_many_tags() {
    let mut value = valid();
    let tags: Vec<String> = (1..=13).map(|i| format!("标签{i}")).collect();
    set(&mut value, "/booths/0/tags", json!(tags));
    assert_single_error(
        &value,
        "$.booths[0].tags",
        ProblemKind::TooManyTags { count: 13, max: 12 },
    );
}

#[test]
fn invalid_colors() {
    for color in ["red", "#1E88E", "1E88E5", "#1E88EG", "＃1E88E5"] {
        let mut value = valid();
        set(&mut value, "/zones/1/color", json!(color));
        assert_single_error(
            &value,
            "$.zones[1].color",
            ProblemKind::InvalidColor {
                value: color.into(),
            },
        );
    }
}

#[test]
fn invalid_dates() {
    for date in ["2022-02-30", "2022/05/20", "20220520", "2022-5-20"] {
        let mut value = valid();
        set(&mut value, "/exhibition/dates/start", json!(date));
        assert_single_error(
            &value,
            "$.exhibition.dates.start",
            ProblemKind::InvalidDate { value: date.into() },
        );
    }
}

#[test]
fn start_date_after_end_date() {
    let mut value = valid();
    set(&mut value, "/exhibition/dates/start", json!("2022-05-23"));
    assert_single_error(
        &value,
        "$.exhibition.dates",
        ProblemKind::DatesOutOfOrder {
            start: "2022-05-23".into(),
            end: "2022-05-22".into(),
        },
    );
}

#[test]
fn invalid_live_times() {
    for time in [
        "2022-05-21 09:30:00",
        "2022-05-21T09:30:00",
        "2022-05-21T25:00:00+08:00",
        "tomorrow",
    ] {
        let mut value = valid();
        set(&mut value, "/booths/0/media/1/starts_at", json!(time));
        assert_single_error(
            &value,
            "$.booths[0].media[1].starts_at",
            ProblemKind::InvalidTimestamp { value: time.into() },
        );
    }
}

#[test]
fn live_must_start_before_it_ends() {
    // 10:30 in UTC+8 is 02:30 UTC, so it equals the end time.
    let mut value = valid();
    set(
        &mut value,
        "/booths/0/media/1/ends_at",
        json!("2022-05-21T02:30:00Z"),
    );
    set(
        &mut value,
        "/booths/0/media/1/starts_at",
        json!("2022-05-21T10:30:00+08:00"),
    );
    assert_single_error(
        &value,
        "$.booths[0].media[1]",
        ProblemKind::TimesOutOfOrder {
            starts_at: "2022-05-21T10:30:00+08:00".into(),
            ends_at: "2022-05-21T02:30:00Z".into(),
        },
    );

    let mut value = valid();
    set(
        &mut value,
        "/booths/0/media/1/ends_at",
        json!("2022-05-21T02:30:01Z"),
    );
    set(
        &mut value,
        "/booths/0/media/1/starts_at",
        json!("2022-05-21T10:30:00+08:00"),
    );
    assert_eq!(parse_value(&value).problems, vec![]);
}

#[test]
fn negotiation_without_topics() {
    let mut value = valid();
    set(&mut value, "/booths/0/media/2/topics", json!([]));
    assert_single_error(&value, "$.booths[0].media[2].topics", ProblemKind::NoTopics);
}

#[test]
fn invalid_contact_details() {
    for email in ["expo", "expo@example", "ex po@example.com", "@example.com"] {
        let mut value = valid();
        set(&mut value, "/booths/0/contact/email", json!(email));
        assert_single_error(
            &value,
            "$.booths[0].contact.email",
            ProblemKind::InvalidEmail {
                value: email.into(),
            },
        );
    }
    for phone in ["0771-1234 转 8", "(0771) 1234567", "---", ""] {
        let mut value = valid();
        set(&mut value, "/booths/0/contact/phone", json!(phone));
        assert_single_error(
            &value,
            "$.booths[0].contact.phone",
            ProblemKind::InvalidPhone {
                value: phone.into(),
            },
        );
    }
}

#[test]
fn many_problems_are_all_reported() {
    let mut value = valid();
    set(&mut value, "/format", json!(2));
    remove(&mut value, "/exhibition/title/en");
    set(&mut value, "/zones/1/color", json!("blue"));
    set(
        &mut value,
        "/booths/0/model/url",
        json!("javascript:alert(1)"),
    );
    set(&mut value, "/booths/0/model/scale", json!(0));
    value["booths"][0]["modle"] = json!({});
    set(&mut value, "/booths/0/contact/email", json!("nobody"));
    set(
        &mut value,
        "/preface_boards/0/image",
        json!("//evil.example/a.png"),
    );
    set(&mut value, "/exhibition/sample_content", json!(true));

    let report = parse_value(&value);
    assert_eq!(
        paths_and_kinds(&report),
        vec![
            (
                "$.format".to_owned(),
                ProblemKind::UnsupportedFormat {
                    found: 2,
                    supported: 1
                }
            ),
            ("$.exhibition.title".to_owned(), ProblemKind::MissingEnglish),
            (
                "$.exhibition.sample_content".to_owned(),
                ProblemKind::SampleContent
            ),
            (
                "$.zones[1].color".to_owned(),
                ProblemKind::InvalidColor {
                    value: "blue".into()
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
                "$.booths[0].model.url".to_owned(),
                ProblemKind::InvalidUrl {
                    url: "javascript:alert(1)".into(),
                    issue: UrlIssue::DisallowedScheme {
                        scheme: "javascript".into()
                    },
                }
            ),
            (
                "$.booths[0].model.scale".to_owned(),
                out_of_range(0.0, 0.01, 100.0)
            ),
            (
                "$.booths[0].contact.email".to_owned(),
                ProblemKind::InvalidEmail {
                    value: "nobody".into()
                }
            ),
            (
                "$.preface_boards[0].image".to_owned(),
                ProblemKind::InvalidUrl {
                    url: "//evil.example/a.png".into(),
                    issue: UrlIssue::ProtocolRelative
                }
            ),
        ]
    );
    assert_eq!(report.error_count(), 8);
    assert_eq!(report.warning_count(), 1);
    assert!(report.manifest.is_none());
}
