//! Checks on one typed item at a time: texts, URLs, numbers, dates and other formats.
//! Checks that compare items (ids, zone references) are in `validate`.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use serde_json::Value;

use crate::formats;
use crate::limits::*;
use crate::model::{
    Booth, BoothPosition, Contact, Exhibition, Media, Model, PrefaceBoard, StreamFormat, Text, TourSettings,
    Zone,
};
use crate::path::{child, index};
use crate::problem::{ProblemKind, Problems};
use crate::url;

/// Number of characters quoted from a text that is too long.
const EXCERPT_CHARS: usize = 20;

pub(crate) fn check_exhibition(exhibition: &Exhibition, path: &str, problems: &mut Problems) {
    check_text(
        &exhibition.title,
        &child(path, "title"),
        MAX_TITLE_CHARS,
        English::Required,
        problems,
    );
    if let Some(subtitle) = &exhibition.subtitle {
        check_text(
            subtitle,
            &child(path, "subtitle"),
            MAX_TITLE_CHARS,
            English::Optional,
            problems,
        );
    }
    check_text(
        &exhibition.theme,
        &child(path, "theme"),
        MAX_TITLE_CHARS,
        English::Optional,
        problems,
    );
    check_text(
        &exhibition.host,
        &child(path, "host"),
        MAX_TITLE_CHARS,
        English::Optional,
        problems,
    );
    check_text(
        &exhibition.organizer,
        &child(path, "organizer"),
        MAX_TITLE_CHARS,
        English::Optional,
        problems,
    );

    let dates_path = child(path, "dates");
    let start = check_date(
        &exhibition.dates.start,
        &child(&dates_path, "start"),
        problems,
    );
    let end = check_date(&exhibition.dates.end, &child(&dates_path, "end"), problems);
    if let (Some(start), Some(end)) = (start, end)
        && start > end
    {
        let kind = ProblemKind::DatesOutOfOrder {
            start: exhibition.dates.start.clone(),
            end: exhibition.dates.end.clone(),
        };
        problems.error(dates_path, kind);
    }

    if exhibition.sample_content {
        problems.warning(child(path, "sample_content"), ProblemKind::SampleContent);
    }
    check_services(exhibition, path, problems);
}

/// Checks the exhibition's id, endpoints, embed hosts and plaza screen.
fn check_services(exhibition: &Exhibition, path: &str, problems: &mut Problems) {
    if let Some(id) = &exhibition.id {
        check_id_format(id, &child(path, "id"), problems);
    }
    for (field, value) in [
        ("negotiation_endpoint", &exhibition.negotiation_endpoint),
        ("statistics_endpoint", &exhibition.statistics_endpoint),
    ] {
        let Some(value) = value else { continue };
        check_url(value, &child(path, field), problems);
        if exhibition.id.is_none() {
            let kind = ProblemKind::MissingExhibitionId {
                field: format!("exhibition.{field}"),
            };
            problems.error(child(path, field), kind);
        }
    }

    if let Some(public_url) = &exhibition.public_url {
        let url_path = child(path, "public_url");
        if check_url(public_url, &url_path, problems) && url::http_host(public_url).is_none() {
            let kind = ProblemKind::NotAbsoluteUrl { url: public_url.clone() };
            problems.error(url_path, kind);
        }
    }
    if let Some(tour) = &exhibition.tour {
        let tour_path = child(path, "tour");
        for (field, value, range) in [
            ("idle_seconds", tour.idle_seconds, TourSettings::IDLE_RANGE),
            ("dwell_seconds", tour.dwell_seconds, TourSettings::DWELL_RANGE),
        ] {
            if !range.contains(&value) {
                let kind = ProblemKind::OutOfRange {
                    value: f64::from(value),
                    min: f64::from(*range.start()),
                    max: f64::from(*range.end()),
                };
                problems.error(child(&tour_path, field), kind);
            }
        }
    }

    let hosts_path = child(path, "embed_hosts");
    check_entry_count(exhibition.embed_hosts.len(), MAX_EMBED_HOSTS, &hosts_path, problems);
    for (i, host) in exhibition.embed_hosts.iter().enumerate() {
        if !formats::is_host_name(host) {
            let kind = ProblemKind::InvalidHost {
                value: host.clone(),
            };
            problems.error(index(&hosts_path, i), kind);
        }
    }

    let screen_path = child(path, "plaza_screen");
    check_entry_count(exhibition.plaza_screen.len(), MAX_MEDIA, &screen_path, problems);
    for (i, media) in exhibition.plaza_screen.iter().enumerate() {
        let media_path = index(&screen_path, i);
        if matches!(media, Media::Negotiation { .. }) {
            problems.error(media_path, ProblemKind::NegotiationOnScreen);
            continue;
        }
        check_media(media, &media_path, Some(&exhibition.embed_hosts), problems);
    }
}

/// Reports a list inside an item with more than `max` entries.
fn check_entry_count(count: usize, max: usize, path: &str, problems: &mut Problems) {
    if count > max {
        problems.error(path, ProblemKind::TooManyEntries { count, max });
    }
}

pub(crate) fn check_zone(zone: &Zone, path: &str, problems: &mut Problems) {
    check_text(
        &zone.name,
        &child(path, "name"),
        MAX_TITLE_CHARS,
        English::Required,
        problems,
    );
    if !formats::is_hex_color(&zone.color) {
        problems.error(
            child(path, "color"),
            ProblemKind::InvalidColor {
                value: zone.color.clone(),
            },
        );
    }
    if let Some(description) = &zone.description {
        check_text(
            description,
            &child(path, "description"),
            MAX_SUMMARY_CHARS,
            English::Optional,
            problems,
        );
    }

    let sub_areas_path = child(path, "sub_areas");
    let mut first_paths: HashMap<&str, String> = HashMap::new();
    for (i, sub_area) in zone.sub_areas.iter().enumerate() {
        let sub_area_path = index(&sub_areas_path, i);
        let id_path = child(&sub_area_path, "id");
        check_id_format(&sub_area.id, &id_path, problems);
        match first_paths.get(sub_area.id.as_str()) {
            Some(first_path) => {
                let kind = ProblemKind::DuplicateId {
                    id: sub_area.id.clone(),
                    first_path: first_path.clone(),
                };
                problems.error(id_path, kind);
            }
            None => {
                first_paths.insert(&sub_area.id, id_path);
            }
        }
        check_text(
            &sub_area.name,
            &child(&sub_area_path, "name"),
            MAX_TITLE_CHARS,
            English::Optional,
            problems,
        );
    }
}

/// Checks a booth on its own; its zone and sub-area references are checked in `validate`.
/// `raw` is the booth's JSON, whose numbers are compared before rounding to `f32`.
/// `embed_hosts` is the exhibition's embed allowlist, or `None` when the exhibition header is
/// unusable, so that embedded live streams are not reported against an unknown list.
pub(crate) fn check_booth(
    booth: &Booth,
    raw: &Value,
    path: &str,
    embed_hosts: Option<&[String]>,
    problems: &mut Problems,
) {
    check_text(
        &booth.exhibitor,
        &child(path, "exhibitor"),
        MAX_TITLE_CHARS,
        English::Required,
        problems,
    );
    check_text(
        &booth.title,
        &child(path, "title"),
        MAX_TITLE_CHARS,
        English::Optional,
        problems,
    );
    check_text(
        &booth.summary,
        &child(path, "summary"),
        MAX_SUMMARY_CHARS,
        English::Optional,
        problems,
    );
    check_tags(&booth.tags, &child(path, "tags"), problems);
    if let Some(city) = &booth.city {
        check_text(
            city,
            &child(path, "city"),
            MAX_TITLE_CHARS,
            English::Optional,
            problems,
        );
    }
    if let Some(model) = &booth.model {
        check_model(model, raw.get("model"), &child(path, "model"), problems);
    }
    check_optional_url(booth.poster.as_deref(), &child(path, "poster"), problems);

    let media_path = child(path, "media");
    check_entry_count(booth.media.len(), MAX_MEDIA, &media_path, problems);
    let mut first_negotiation: Option<String> = None;
    for (i, media) in booth.media.iter().enumerate() {
        let entry_path = index(&media_path, i);
        if matches!(media, Media::Negotiation { .. }) {
            match &first_negotiation {
                Some(first_path) => {
                    let kind = ProblemKind::SecondNegotiation {
                        first_path: first_path.clone(),
                    };
                    problems.error(entry_path.clone(), kind);
                }
                None => first_negotiation = Some(entry_path.clone()),
            }
        }
        check_media(media, &entry_path, embed_hosts, problems);
    }
    if let Some(contact) = &booth.contact {
        check_contact(contact, &child(path, "contact"), problems);
    }
    if let Some(position) = &booth.position {
        check_position(
            position,
            raw.get("position"),
            &child(path, "position"),
            problems,
        );
    }
}

pub(crate) fn check_board(board: &PrefaceBoard, path: &str, problems: &mut Problems) {
    check_text(
        &board.title,
        &child(path, "title"),
        MAX_TITLE_CHARS,
        English::Optional,
        problems,
    );
    check_text(
        &board.text,
        &child(path, "text"),
        MAX_BOARD_TEXT_CHARS,
        English::Optional,
        problems,
    );
    check_optional_url(board.image.as_deref(), &child(path, "image"), problems);
}

/// Reports an id that does not match `^[a-z0-9][a-z0-9-]{0,63}$`.
pub(crate) fn check_id_format(id: &str, path: &str, problems: &mut Problems) {
    if !formats::is_valid_id(id) {
        problems.error(path, ProblemKind::InvalidId { id: id.to_owned() });
    }
}

/// Whether a text must have an English version.
#[derive(Clone, Copy, PartialEq, Eq)]
enum English {
    Required,
    Optional,
}

fn check_text(
    text: &Text,
    path: &str,
    max_chars: usize,
    english: English,
    problems: &mut Problems,
) {
    check_text_value(&text.zh, &child(path, "zh"), max_chars, problems);
    match &text.en {
        Some(en) => check_text_value(en, &child(path, "en"), max_chars, problems),
        None if english == English::Required => problems.error(path, ProblemKind::MissingEnglish),
        None => {}
    }
}

/// Reports a text that is empty after trimming, longer than `max_chars` characters, or
/// contains a character that must not be shown to visitors.
fn check_text_value(value: &str, path: &str, max_chars: usize, problems: &mut Problems) {
    if value.trim().is_empty() {
        problems.error(path, ProblemKind::EmptyText);
        return;
    }
    // Long texts (summaries, descriptions, board texts) are paragraphs, so they may contain
    // line breaks; names and titles are single lines on a sign.
    let allow_line_breaks = max_chars >= MAX_SUMMARY_CHARS;
    check_visible_characters(value, path, allow_line_breaks, problems);
    check_length(value, path, max_chars, problems);
}

/// Reports the first control character (U+0000 to U+001F, including line breaks) or
/// bidirectional embedding, override or isolate (U+202A to U+202E, U+2066 to U+2069) in a
/// text shown to visitors. They can garble the hall's signs or reorder text on them.
fn check_visible_characters(value: &str, path: &str, allow_line_breaks: bool, problems: &mut Problems) {
    let forbidden = |c: &char| {
        !(allow_line_breaks && *c == '\n')
            && matches!(c, '\u{0}'..='\u{1f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if let Some(character) = value.chars().find(forbidden) {
        problems.error(path, ProblemKind::ForbiddenCharacter { character });
    }
}

/// Reports a value longer than `max_chars` characters, quoting its start.
fn check_length(value: &str, path: &str, max_chars: usize, problems: &mut Problems) {
    let length = value.chars().count();
    if length > max_chars {
        let mut excerpt: String = value.chars().take(EXCERPT_CHARS).collect();
        excerpt.push('…');
        problems.error(
            path,
            ProblemKind::TextTooLong {
                length,
                max: max_chars,
                excerpt,
            },
        );
    }
}

fn check_tags(tags: &[String], path: &str, problems: &mut Problems) {
    if tags.len() > MAX_TAGS {
        problems.error(
            path,
            ProblemKind::TooManyTags {
                count: tags.len(),
                max: MAX_TAGS,
            },
        );
    }
    for (i, tag) in tags.iter().enumerate() {
        let tag_path = index(path, i);
        if tag.trim().is_empty() {
            problems.error(tag_path, ProblemKind::EmptyText);
            continue;
        }
        check_visible_characters(tag, &tag_path, false, problems);
        check_length(tag, &tag_path, MAX_TAG_CHARS, problems);
    }
}

fn check_model(model: &Model, raw: Option<&Value>, path: &str, problems: &mut Problems) {
    let raw_number = |key: &str, i: Option<usize>| {
        let value = raw?.get(key)?;
        match i {
            Some(i) => value.get(i),
            None => Some(value),
        }
    };
    let url_path = child(path, "url");
    let url_ok = check_url(&model.url, &url_path, problems);
    if url_ok && !url::has_gltf_extension(&model.url) {
        problems.error(
            url_path,
            ProblemKind::NotGltfModel {
                url: model.url.clone(),
            },
        );
    }

    check_range(
        model.scale,
        raw_number("scale", None),
        MODEL_SCALE,
        &child(path, "scale"),
        problems,
    );
    let rotation_path = child(path, "rotation");
    for (i, angle) in model.rotation.iter().enumerate() {
        check_range(
            *angle,
            raw_number("rotation", Some(i)),
            MODEL_ROTATION_DEGREES,
            &index(&rotation_path, i),
            problems,
        );
    }
    let offset_path = child(path, "offset");
    for (i, component) in model.offset.iter().enumerate() {
        check_range(
            *component,
            raw_number("offset", Some(i)),
            MODEL_OFFSET_METRES,
            &index(&offset_path, i),
            problems,
        );
    }
}

fn check_position(
    position: &BoothPosition,
    raw: Option<&Value>,
    path: &str,
    problems: &mut Problems,
) {
    let raw_number = |key: &str| raw?.get(key);
    check_range(
        position.x,
        raw_number("x"),
        POSITION_METRES,
        &child(path, "x"),
        problems,
    );
    check_range(
        position.z,
        raw_number("z"),
        POSITION_METRES,
        &child(path, "z"),
        problems,
    );
    check_range(
        position.yaw,
        raw_number("yaw"),
        POSITION_YAW_DEGREES,
        &child(path, "yaw"),
        problems,
    );
}

fn check_media(
    media: &Media,
    path: &str,
    embed_hosts: Option<&[String]>,
    problems: &mut Problems,
) {
    match media {
        Media::Video {
            url,
            format: _,
            title,
            poster,
            captions,
        } => {
            let url_path = child(path, "url");
            if check_url(url, &url_path, problems)
                && !matches!(
                    media.stream_format(),
                    Some(StreamFormat::Mp4 | StreamFormat::Hls)
                )
            {
                let kind = ProblemKind::UnsupportedVideoFormat { url: url.clone() };
                problems.error(url_path, kind);
            }
            check_optional_title(title.as_ref(), &child(path, "title"), problems);
            check_optional_url(poster.as_deref(), &child(path, "poster"), problems);
            if let Some(captions) = captions {
                let captions_path = child(path, "captions");
                if check_url(captions, &captions_path, problems) && !url::has_extension(captions, ".vtt")
                {
                    let kind = ProblemKind::NotWebVtt {
                        url: captions.clone(),
                    };
                    problems.error(captions_path, kind);
                }
            }
        }
        Media::Live {
            url,
            format: _,
            title,
            poster,
            starts_at,
            ends_at,
            replay_url,
        } => {
            let url_path = child(path, "url");
            if check_url(url, &url_path, problems) {
                check_live_format(media, url, &url_path, embed_hosts, problems);
            }
            check_optional_title(title.as_ref(), &child(path, "title"), problems);
            check_optional_url(poster.as_deref(), &child(path, "poster"), problems);
            let start = check_timestamp(starts_at, &child(path, "starts_at"), problems);
            let end = check_timestamp(ends_at, &child(path, "ends_at"), problems);
            if let (Some(start), Some(end)) = (start, end)
                && start >= end
            {
                let kind = ProblemKind::TimesOutOfOrder {
                    starts_at: starts_at.clone(),
                    ends_at: ends_at.clone(),
                };
                problems.error(path, kind);
            }
            check_optional_url(replay_url.as_deref(), &child(path, "replay_url"), problems);
        }
        Media::Negotiation {
            topics,
            time_slots,
            meeting_url,
            wechat_qr,
        } => {
            let topics_path = child(path, "topics");
            if topics.is_empty() {
                problems.error(topics_path.clone(), ProblemKind::NoTopics);
            }
            check_entry_count(topics.len(), MAX_TOPICS, &topics_path, problems);
            for (i, topic) in topics.iter().enumerate() {
                check_text(
                    topic,
                    &index(&topics_path, i),
                    MAX_TITLE_CHARS,
                    English::Optional,
                    problems,
                );
            }
            let slots_path = child(path, "time_slots");
            check_entry_count(time_slots.len(), MAX_TIME_SLOTS, &slots_path, problems);
            for (i, slot) in time_slots.iter().enumerate() {
                check_text(
                    slot,
                    &index(&slots_path, i),
                    MAX_TITLE_CHARS,
                    English::Optional,
                    problems,
                );
            }
            check_optional_url(
                meeting_url.as_deref(),
                &child(path, "meeting_url"),
                problems,
            );
            check_optional_url(wechat_qr.as_deref(), &child(path, "wechat_qr"), problems);
        }
    }
}

/// Checks a live stream's format, and for embedded player pages the scheme and host.
fn check_live_format(
    media: &Media,
    url: &str,
    url_path: &str,
    embed_hosts: Option<&[String]>,
    problems: &mut Problems,
) {
    match media.stream_format() {
        Some(StreamFormat::Mp4) => {
            let kind = ProblemKind::UnsupportedLiveFormat {
                url: url.to_owned(),
            };
            problems.error(url_path, kind);
        }
        Some(StreamFormat::Embed) => {
            let Some(host) = url::https_host(url) else {
                let kind = ProblemKind::EmbedNotHttps {
                    url: url.to_owned(),
                };
                problems.error(url_path, kind);
                return;
            };
            if let Some(allowed) = embed_hosts
                && !allowed.iter().any(|entry| *entry == host)
            {
                let kind = ProblemKind::EmbedHostNotAllowed {
                    url: url.to_owned(),
                    host,
                    allowed: allowed.to_vec(),
                };
                problems.error(url_path, kind);
            }
        }
        _ => {}
    }
}

fn check_optional_title(title: Option<&Text>, path: &str, problems: &mut Problems) {
    if let Some(title) = title {
        check_text(title, path, MAX_TITLE_CHARS, English::Optional, problems);
    }
}

fn check_contact(contact: &Contact, path: &str, problems: &mut Problems) {
    if let Some(phone) = &contact.phone
        && phone.chars().count() > MAX_URL_CHARS
    {
        check_length(phone, &child(path, "phone"), MAX_URL_CHARS, problems);
    } else if let Some(phone) = &contact.phone
        && !formats::is_valid_phone(phone)
    {
        problems.error(
            child(path, "phone"),
            ProblemKind::InvalidPhone {
                value: phone.clone(),
            },
        );
    }
    if let Some(email) = &contact.email
        && email.chars().count() > MAX_URL_CHARS
    {
        check_length(email, &child(path, "email"), MAX_URL_CHARS, problems);
    } else if let Some(email) = &contact.email
        && !formats::is_plausible_email(email)
    {
        problems.error(
            child(path, "email"),
            ProblemKind::InvalidEmail {
                value: email.clone(),
            },
        );
    }
    check_optional_url(
        contact.website.as_deref(),
        &child(path, "website"),
        problems,
    );
}

/// Reports an invalid or too long URL and returns whether the URL is valid.
fn check_url(value: &str, path: &str, problems: &mut Problems) -> bool {
    if value.chars().count() > MAX_URL_CHARS {
        check_length(value, path, MAX_URL_CHARS, problems);
        return false;
    }
    match url::check_url(value) {
        Ok(()) => true,
        Err(issue) => {
            problems.error(
                path,
                ProblemKind::InvalidUrl {
                    url: value.to_owned(),
                    issue,
                },
            );
            false
        }
    }
}

fn check_optional_url(value: Option<&str>, path: &str, problems: &mut Problems) {
    if let Some(value) = value {
        check_url(value, path, problems);
    }
}

/// Reports a number outside `range`. The number as written in `raw` is checked and shown
/// when it is available and fits in an `f32`, so that `1e-50`, which rounds to `0.0`, is
/// shown as written and `0.00999999999`, which rounds to `0.01`, is rejected.
fn check_range(
    value: f32,
    raw: Option<&Value>,
    range: RangeInclusive<f32>,
    path: &str,
    problems: &mut Problems,
) {
    let exact = match raw.and_then(Value::as_f64) {
        Some(raw) if value.is_finite() => raw,
        _ => shortest_f64(value),
    };
    let range_f64 = f64::from(*range.start())..=f64::from(*range.end());
    if exact.is_finite() && range_f64.contains(&exact) {
        return;
    }
    let kind = ProblemKind::OutOfRange {
        value: exact,
        min: shortest_f64(*range.start()),
        max: shortest_f64(*range.end()),
    };
    problems.error(path, kind);
}

/// Converts through the shortest decimal form, so that `0.001f32` becomes `0.001`, not
/// `0.0010000000474974513`.
fn shortest_f64(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

fn check_date(value: &str, path: &str, problems: &mut Problems) -> Option<formats::Days> {
    let days = formats::parse_date(value);
    if days.is_none() {
        problems.error(
            path,
            ProblemKind::InvalidDate {
                value: value.to_owned(),
            },
        );
    }
    days
}

fn check_timestamp(value: &str, path: &str, problems: &mut Problems) -> Option<formats::Instant> {
    let instant = formats::parse_timestamp(value);
    if instant.is_none() {
        problems.error(
            path,
            ProblemKind::InvalidTimestamp {
                value: value.to_owned(),
            },
        );
    }
    instant
}
