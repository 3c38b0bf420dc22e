//! Media entries, the plaza screen and the exhibition's service settings: formats, embedded
//! players, endpoints and the lists' limits.

mod common;

use common::*;
use expo_manifest::{Lang, Media, ProblemKind, StreamFormat, UrlIssue};
use serde_json::json;

fn live(url: &str) -> serde_json::Value {
    json!({
        "kind": "live",
        "url": url,
        "starts_at": "2022-05-21T09:30:00+08:00",
        "ends_at": "2022-05-21T11:30:00+08:00"
    })
}

#[test]
fn formats_guessed_from_extension() {
    assert_eq!(StreamFormat::from_url("media/a.MP4?x=1"), Some(StreamFormat::Mp4));
    assert_eq!(StreamFormat::from_url("a.m4v"), Some(StreamFormat::Mp4));
    assert_eq!(StreamFormat::from_url("https://cdn.example.com/live/a.m3u8#t"), Some(StreamFormat::Hls));
    assert_eq!(StreamFormat::from_url("https://cdn.example.com/live/a.flv"), Some(StreamFormat::Flv));
    assert_eq!(StreamFormat::from_url("https://cdn.example.com/watch?id=1"), None);
    assert_eq!(StreamFormat::from_url("media/a.mp4.html"), None);
}

#[test]
fn live_without_extension_is_embed() {
    let mut value = valid();
    set(&mut value, "/exhibition/embed_hosts", json!(["live.example.com"]));
    set(&mut value, "/booths/0/media/1", live("https://live.example.com/player?room=7"));
    let report = parse_value(&value);
    assert!(!report.has_errors(), "{:#?}", report.problems);
    let manifest = report.manifest.unwrap();
    assert_eq!(manifest.booths[0].media[1].stream_format(), Some(StreamFormat::Embed));
}

#[test]
fn video_of_unknown_format() {
    let mut value = valid();
    set(&mut value, "/booths/0/media/0/url", json!("media/drum.avi"));
    assert_single_error(
        &value,
        "$.booths[0].media[0].url",
        ProblemKind::UnsupportedVideoFormat { url: "media/drum.avi".into() },
    );
}

#[test]
fn video_format_field_overrides_extension() {
    let mut value = valid();
    set(&mut value, "/booths/0/media/0/url", json!("https://cdn.example.com/v?id=9"));
    set(&mut value, "/booths/0/media/0/format", json!("hls"));
    let report = parse_value(&value);
    assert!(!report.has_errors(), "{:#?}", report.problems);

    set(&mut value, "/booths/0/media/0/format", json!("flv"));
    assert_single_error(
        &value,
        "$.booths[0].media[0].url",
        ProblemKind::UnsupportedVideoFormat { url: "https://cdn.example.com/v?id=9".into() },
    );
}

#[test]
fn captions_must_be_webvtt() {
    let mut value = valid();
    set(&mut value, "/booths/0/media/0/captions", json!("media/drum.srt"));
    assert_single_error(
        &value,
        "$.booths[0].media[0].captions",
        ProblemKind::NotWebVtt { url: "media/drum.srt".into() },
    );
}

#[test]
fn live_cannot_be_mp4() {
    let mut value = valid();
    set(&mut value, "/booths/0/media/1/url", json!("https://live.example.com/drum.mp4"));
    assert_single_error(
        &value,
        "$.booths[0].media[1].url",
        ProblemKind::UnsupportedLiveFormat { url: "https://live.example.com/drum.mp4".into() },
    );
}

#[test]
fn embed_host_must_be_allowed() {
    let mut value = valid();
    set(&mut value, "/exhibition/embed_hosts", json!(["live.example.com"]));
    set(&mut value, "/booths/0/media/1", live("https://other.example.net/room/1"));
    assert_single_error(
        &value,
        "$.booths[0].media[1].url",
        ProblemKind::EmbedHostNotAllowed {
            url: "https://other.example.net/room/1".into(),
            host: "other.example.net".into(),
            allowed: vec!["live.example.com".into()],
        },
    );
}

#[test]
fn embed_host_read_like_browser() {
    // User information before `@` is not the host, and the port is not part of it.
    let mut value = valid();
    set(&mut value, "/exhibition/embed_hosts", json!(["live.example.com"]));
    set(&mut value, "/booths/0/media/1", live("https://live.example.com@evil.example/room"));
    let report = parse_value(&value);
    let kinds = paths_and_kinds(&report);
    assert!(
        kinds.iter().any(|(_, kind)| matches!(kind, ProblemKind::EmbedHostNotAllowed { host, .. } if host == "evil.example")),
        "{kinds:#?}"
    );

    set(&mut value, "/booths/0/media/1", live("https://LIVE.example.com:8443/room"));
    let report = parse_value(&value);
    assert!(!report.has_errors(), "{:#?}", report.problems);
}

#[test]
fn embed_must_be_https() {
    let mut value = valid();
    set(&mut value, "/exhibition/embed_hosts", json!(["live.example.com"]));
    set(&mut value, "/booths/0/media/1", live("http://live.example.com/room"));
    assert_single_error(
        &value,
        "$.booths[0].media[1].url",
        ProblemKind::EmbedNotHttps { url: "http://live.example.com/room".into() },
    );
    set(&mut value, "/booths/0/media/1", live("player/room.html"));
    assert_single_error(
        &value,
        "$.booths[0].media[1].url",
        ProblemKind::EmbedNotHttps { url: "player/room.html".into() },
    );
}

#[test]
fn javascript_urls_rejected_everywhere() {
    let mut value = valid();
    set(&mut value, "/booths/0/media/0/url", json!("javascript:alert(1)"));
    set(&mut value, "/booths/0/media/1/replay_url", json!("JavaScript:alert(2)"));
    set(&mut value, "/booths/0/media/2/wechat_qr", json!("data:image/png;base64,AAAA"));
    set(&mut value, "/exhibition/negotiation_endpoint", json!("javascript:void(0)"));
    set(&mut value, "/exhibition/id", json!("expo"));
    let report = parse_value(&value);
    let kinds = paths_and_kinds(&report);
    for (path, scheme) in [
        ("$.booths[0].media[0].url", "javascript"),
        ("$.booths[0].media[1].replay_url", "javascript"),
        ("$.booths[0].media[2].wechat_qr", "data"),
        ("$.exhibition.negotiation_endpoint", "javascript"),
    ] {
        assert!(
            kinds.iter().any(|(p, kind)| p == path
                && matches!(kind, ProblemKind::InvalidUrl { issue: UrlIssue::DisallowedScheme { scheme: s }, .. } if s == scheme)),
            "no disallowed-scheme error at {path}: {kinds:#?}"
        );
    }
    // The video URL's format is not reported on top of its scheme.
    assert_eq!(report.error_count(), 4, "{:#?}", report.problems);
}

#[test]
fn endpoint_needs_exhibition_id() {
    let mut value = valid();
    set(&mut value, "/exhibition/negotiation_endpoint", json!("/api/negotiations"));
    assert_single_error(
        &value,
        "$.exhibition.negotiation_endpoint",
        ProblemKind::MissingExhibitionId { field: "exhibition.negotiation_endpoint".into() },
    );
    set(&mut value, "/exhibition/id", json!("guangxi-2022"));
    let report = parse_value(&value);
    assert!(!report.has_errors(), "{:#?}", report.problems);
}

#[test]
fn invalid_exhibition_id_and_host() {
    let mut value = valid();
    set(&mut value, "/exhibition/id", json!("Guangxi 2022"));
    set(&mut value, "/exhibition/embed_hosts", json!(["https://live.example.com/"]));
    let report = parse_value(&value);
    let kinds = paths_and_kinds(&report);
    assert!(kinds.contains(&("$.exhibition.id".into(), ProblemKind::InvalidId { id: "Guangxi 2022".into() })), "{kinds:#?}");
    assert!(
        kinds.contains(&(
            "$.exhibition.embed_hosts[0]".into(),
            ProblemKind::InvalidHost { value: "https://live.example.com/".into() }
        )),
        "{kinds:#?}"
    );
}

#[test]
fn second_negotiation_rejected() {
    let mut value = valid();
    let negotiation = value.pointer("/booths/0/media/2").unwrap().clone();
    value.pointer_mut("/booths/0/media").unwrap().as_array_mut().unwrap().push(negotiation);
    assert_single_error(
        &value,
        "$.booths[0].media[3]",
        ProblemKind::SecondNegotiation { first_path: "$.booths[0].media[2]".into() },
    );
}

#[test]
fn plaza_screen_takes_video_and_live() {
    let mut value = valid();
    set(
        &mut value,
        "/exhibition/plaza_screen",
        json!([live("https://live.example.com/launch.m3u8"), {"kind": "video", "url": "media/intro.mp4"}]),
    );
    let report = parse_value(&value);
    assert!(!report.has_errors(), "{:#?}", report.problems);
    assert!(matches!(report.manifest.unwrap().exhibition.plaza_screen[0], Media::Live { .. }));

    set(&mut value, "/exhibition/plaza_screen/1", json!({"kind": "negotiation", "topics": [{"zh": "合作"}]}));
    assert_single_error(&value, "$.exhibition.plaza_screen[1]", ProblemKind::NegotiationOnScreen);
}

#[test]
fn too_many_topics_and_slots() {
    let mut value = valid();
    let topics: Vec<_> = (0..21).map(|i| json!({"zh": format!("话题{i}")})).collect();
    set(&mut value, "/booths/0/media/2/topics", json!(topics));
    assert_single_error(
        &value,
        "$.booths[0].media[2].topics",
        ProblemKind::TooManyEntries { count: 21, max: 20 },
    );

    let mut value = valid();
    set(&mut value, "/booths/0/media/2/time_slots", json!([{"zh": "5月21日 上午", "en": "21 May, morning"}, {"zh": " "}]));
    assert_single_error(&value, "$.booths[0].media[2].time_slots[1].zh", ProblemKind::EmptyText);
}

#[test]
fn media_messages_name_fix() {
    let mut value = valid();
    set(&mut value, "/exhibition/embed_hosts", json!(["live.example.com"]));
    set(&mut value, "/booths/0/media/1", live("https://other.example.net/room/1"));
    let report = parse_value(&value);
    let problem = single_problem(&report);
    let zh = problem.message(Lang::Zh);
    let en = problem.message(Lang::En);
    assert!(zh.contains("other.example.net"), "{zh}");
    assert!(zh.contains("embed_hosts"), "{zh}");
    assert!(en.contains("other.example.net"), "{en}");
    assert!(en.contains("embed_hosts"), "{en}");
}
