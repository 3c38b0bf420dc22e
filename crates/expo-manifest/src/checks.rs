//! Checks on one typed item at a time: texts, URLs, numbers, dates and other formats.
//! Checks that compare items (ids, zone references) are in `validate`.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use crate::formats;
use crate::limits::*;
use crate::model::{
    Booth, BoothPosition, Contact, Exhibition, Media, Model, PrefaceBoard, Text, Zone,
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
pub(crate) fn check_booth(booth: &Booth, path: &str, problems: &mut Problems) {
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
        check_model(model, &child(path, "model"), problems);
    }
    check_optional_url(booth.poster.as_deref(), &child(path, "poster"), problems);

    let media_path = child(path, "media");
    for (i, media) in booth.media.iter().enumerate() {
        check_media(media, &index(&media_path, i), problems);
    }
    if let Some(contact) = &booth.contact {
        check_contact(contact, &child(path, "contact"), problems);
    }
    if let Some(position) = &booth.position {
        check_position(position, &child(path, "position"), problems);
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

/// Reports a text that is empty after trimming or longer than `max_chars` characters.
fn check_text_value(value: &str, path: &str, max_chars: usize, problems: &mut Problems) {
    if value.trim().is_empty() {
        problems.error(path, ProblemKind::EmptyText);
        return;
    }
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
        check_text_value(tag, &index(path, i), MAX_TAG_CHARS, problems);
    }
}

fn check_model(model: &Model, path: &str, problems: &mut Problems) {
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

    check_range(model.scale, MODEL_SCALE, &child(path, "scale"), problems);
    let rotation_path = child(path, "rotation");
    for (i, angle) in model.rotation.iter().enumerate() {
        check_range(
            *angle,
            MODEL_ROTATION_DEGREES,
            &index(&rotation_path, i),
            problems,
        );
    }
    let offset_path = child(path, "offset");
    for (i, component) in model.offset.iter().enumerate() {
        check_range(
            *component,
            MODEL_OFFSET_METRES,
            &index(&offset_path, i),
            problems,
        );
    }
}

fn check_position(position: &BoothPosition, path: &str, problems: &mut Problems) {
    check_range(position.x, POSITION_METRES, &child(path, "x"), problems);
    check_range(position.z, POSITION_METRES, &child(path, "z"), problems);
    check_range(
        position.yaw,
        POSITION_YAW_DEGREES,
        &child(path, "yaw"),
        problems,
    );
}

fn check_media(media: &Media, path: &str, problems: &mut Problems) {
    match media {
        Media::Video {
            url,
            title,
            poster,
            captions,
        } => {
            check_url(url, &child(path, "url"), problems);
            check_optional_title(title.as_ref(), &child(path, "title"), problems);
            check_optional_url(poster.as_deref(), &child(path, "poster"), problems);
            check_optional_url(captions.as_deref(), &child(path, "captions"), problems);
        }
        Media::Live {
            url,
            title,
            starts_at,
            ends_at,
            replay_url,
        } => {
            check_url(url, &child(path, "url"), problems);
            check_optional_title(title.as_ref(), &child(path, "title"), problems);
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
            meeting_url,
            wechat_qr,
        } => {
            let topics_path = child(path, "topics");
            if topics.is_empty() {
                problems.error(topics_path.clone(), ProblemKind::NoTopics);
            }
            for (i, topic) in topics.iter().enumerate() {
                check_text(
                    topic,
                    &index(&topics_path, i),
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

fn check_optional_title(title: Option<&Text>, path: &str, problems: &mut Problems) {
    if let Some(title) = title {
        check_text(title, path, MAX_TITLE_CHARS, English::Optional, problems);
    }
}

fn check_contact(contact: &Contact, path: &str, problems: &mut Problems) {
    if let Some(phone) = &contact.phone
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

/// Reports an invalid URL and returns whether the URL is valid.
fn check_url(value: &str, path: &str, problems: &mut Problems) -> bool {
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

fn check_range(value: f32, range: RangeInclusive<f32>, path: &str, problems: &mut Problems) {
    if value.is_finite() && range.contains(&value) {
        return;
    }
    let kind = ProblemKind::OutOfRange {
        value: shortest_f64(value),
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
