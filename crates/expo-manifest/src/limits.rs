//! Limits that [`crate::parse`] enforces. Text lengths count Unicode scalar values, so one
//! Chinese character counts as one.
//!
//! NOTE: the text limits keep signs and panels readable; they have not been measured against
//! the hall's layout.

use std::ops::RangeInclusive;

/// Maximum length of an id (zone, sub-area, booth, preface board).
pub const MAX_ID_CHARS: usize = 64;
/// Maximum length of a title or name: exhibition title, subtitle, theme, host, organizer,
/// zone and sub-area names, booth exhibitor, title and city, media titles, negotiation topics
/// and preface board titles.
pub const MAX_TITLE_CHARS: usize = 80;
/// Maximum length of a booth summary or a zone description.
pub const MAX_SUMMARY_CHARS: usize = 400;
/// Maximum length of a preface board's text. A board is 3.2 m wide and 4.2 m high, and at a
/// size visitors can read from the plaza it holds about this many characters.
pub const MAX_BOARD_TEXT_CHARS: usize = 1200;
/// Maximum number of tags on one booth.
pub const MAX_TAGS: usize = 12;
/// Maximum length of one tag.
pub const MAX_TAG_CHARS: usize = 24;
/// Maximum length of a URL and of a contact phone number or e-mail address.
pub const MAX_URL_CHARS: usize = 2048;

/// Maximum number of hosts in `embed_hosts`.
pub const MAX_EMBED_HOSTS: usize = 32;
/// Maximum number of media entries on one booth or on the plaza screen.
pub const MAX_MEDIA: usize = 16;
/// Maximum number of negotiation topics on one booth.
pub const MAX_TOPICS: usize = 20;
/// Maximum number of negotiation time slots on one booth.
pub const MAX_TIME_SLOTS: usize = 40;

/// Maximum number of zones.
pub const MAX_ZONES: usize = 200;
/// Maximum number of booths in the whole exhibition.
pub const MAX_BOOTHS: usize = 2000;
/// Maximum number of preface boards.
pub const MAX_PREFACE_BOARDS: usize = 50;

/// Allowed `model.scale`.
pub const MODEL_SCALE: RangeInclusive<f32> = 0.01..=100.0;
/// Allowed value of each `model.rotation` angle, in degrees.
pub const MODEL_ROTATION_DEGREES: RangeInclusive<f32> = -360.0..=360.0;
/// Allowed value of each `model.offset` component, in metres.
pub const MODEL_OFFSET_METRES: RangeInclusive<f32> = -5.0..=5.0;
/// Allowed `position.x` and `position.z`, in metres from the zone's centre.
pub const POSITION_METRES: RangeInclusive<f32> = -200.0..=200.0;
/// Allowed `position.yaw`, in degrees.
pub const POSITION_YAW_DEGREES: RangeInclusive<f32> = -360.0..=360.0;
