//! Typed exhibition manifest (format version 1), as organizers write it in JSON.
//!
//! Every struct rejects unknown fields so that a misspelt key is reported instead of ignored.
//! Fields that the hall does not use yet (media entries, contact) are still typed and validated
//! here so organizers can publish them now.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The manifest format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// Pattern of zone, sub-area, booth and preface board ids, as written into the JSON Schema.
const ID_PATTERN: &str = r"^[a-z0-9][a-z0-9-]{0,63}$";

/// A whole exhibition: its header, zones, booths and the preface boards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Manifest format version. This build reads version 1.
    #[schemars(range(min = FORMAT_VERSION, max = FORMAT_VERSION))]
    pub format: u32,
    pub exhibition: Exhibition,
    /// Zones in any order; `order` decides the visiting order.
    #[schemars(length(max = crate::limits::MAX_ZONES))]
    pub zones: Vec<Zone>,
    #[schemars(length(max = crate::limits::MAX_BOOTHS))]
    pub booths: Vec<Booth>,
    /// Boards shown on the preface plaza, in this order.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_PREFACE_BOARDS))]
    pub preface_boards: Vec<PrefaceBoard>,
}

/// Text in Chinese with an optional English version; the English version falls back to Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    /// Returns the text in `lang`, falling back to Chinese when no English text is given.
    pub fn get(&self, lang: Lang) -> &str {
        match (lang, &self.en) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => &self.zh,
        }
    }
}

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Parses a `lang` URL parameter value (`zh`, `en`, or a BCP 47 tag starting with either).
    pub fn parse(value: &str) -> Option<Lang> {
        let lower = value.trim().to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh-") {
            Some(Lang::Zh)
        } else if lower == "en" || lower.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Returns the two-letter code used in URLs and the status object.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// The exhibition header shown on the loading screen and the preface plaza.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exhibition {
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<Text>,
    pub theme: Text,
    pub dates: DateRange,
    pub host: Text,
    pub organizer: Text,
    #[serde(default)]
    pub default_language: Lang,
    /// True while exhibit descriptions are placeholders that organizers must replace.
    #[serde(default)]
    pub sample_content: bool,
    /// Identifier sent with negotiation requests and visit events: lowercase letters, digits
    /// and `-`. Required when `negotiation_endpoint` or `statistics_endpoint` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: Option<String>,
    /// URL that receives negotiation requests (JSON POST), relative to the page or absolute.
    /// Without it, negotiation panels show only the meeting link and WeChat QR code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negotiation_endpoint: Option<String>,
    /// URL that receives anonymous visit events (JSON POST), relative to the page or absolute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics_endpoint: Option<String>,
    /// Host names whose pages may be embedded as live-stream players (in a sandboxed iframe),
    /// such as `live.example.com`. Only `https` pages on these exact hosts are embedded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = crate::limits::MAX_EMBED_HOSTS))]
    pub embed_hosts: Vec<String>,
    /// Videos and live streams shown on the big screen of the preface plaza, in this order:
    /// the first live stream that is on air plays, otherwise the first video.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = crate::limits::MAX_MEDIA))]
    pub plaza_screen: Vec<Media>,
    /// Absolute `https://` (or `http://`) address where visitors open this exhibition, such as
    /// `https://expo.example.cn/`. QR codes and shared links put `booth=` or `zone=` on it.
    /// Without it, links point at the address the hall was opened from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    /// Timing of the guided tour and of the big-screen mode (`mode=kiosk`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tour: Option<TourSettings>,
}

/// Timing of the guided tour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TourSettings {
    /// Seconds without operator input after which the big-screen tour resumes, 10 to 3600.
    #[serde(default = "TourSettings::default_idle_seconds")]
    #[schemars(range(min = 10, max = 3600))]
    pub idle_seconds: u32,
    /// Seconds the tour stays at a featured booth, 3 to 120.
    #[serde(default = "TourSettings::default_dwell_seconds")]
    #[schemars(range(min = 3, max = 120))]
    pub dwell_seconds: u32,
}

impl TourSettings {
    /// Allowed `idle_seconds`.
    pub const IDLE_RANGE: std::ops::RangeInclusive<u32> = 10..=3600;
    /// Allowed `dwell_seconds`.
    pub const DWELL_RANGE: std::ops::RangeInclusive<u32> = 3..=120;

    fn default_idle_seconds() -> u32 {
        60
    }

    fn default_dwell_seconds() -> u32 {
        12
    }
}

impl Default for TourSettings {
    fn default() -> Self {
        TourSettings { idle_seconds: Self::default_idle_seconds(), dwell_seconds: Self::default_dwell_seconds() }
    }
}

/// Opening and closing day, both inclusive, as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    #[schemars(extend("format" = "date"))]
    pub start: String,
    #[schemars(extend("format" = "date"))]
    pub end: String,
}

/// How a zone is built in the hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ZoneKind {
    /// The open central plaza with the preface boards; at most one per exhibition.
    Plaza,
    /// A walled pavilion around the plaza, entered through an arch.
    #[default]
    Pavilion,
}

/// An exhibition zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Identifier used by booths and deep links: lowercase letters, digits and `-`.
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub kind: ZoneKind,
    /// Zone colour as `#RRGGBB`, used on the arch, signs and floor accents.
    #[schemars(regex(pattern = r"^#[0-9A-Fa-f]{6}$"))]
    pub color: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Visiting order, lowest first; pavilions are placed clockwise around the plaza in this order.
    pub order: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_areas: Vec<SubArea>,
}

/// A named group of booths inside a zone, laid out together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubArea {
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    pub name: Text,
}

/// Floor space a booth takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BoothSize {
    #[default]
    Standard,
    /// Double width, for a theme city or a headline exhibit.
    Large,
}

/// One exhibitor's booth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Booth {
    /// Identifier used in deep links (`booth=<id>`): lowercase letters, digits and `-`.
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    pub zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_area: Option<String>,
    pub exhibitor: Text,
    pub title: Text,
    pub summary: Text,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = crate::limits::MAX_TAGS))]
    #[schemars(inner(length(min = 1, max = crate::limits::MAX_TAG_CHARS)))]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<Text>,
    #[serde(default)]
    pub size: BoothSize,
    /// Featured booths are the stops of the guided tour.
    #[serde(default)]
    pub featured: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Model>,
    /// Poster image URL (PNG or JPEG).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poster: Option<String>,
    /// Videos, live streams and the negotiation entry (at most one), in the order shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = crate::limits::MAX_MEDIA))]
    pub media: Vec<Media>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// Fixed place in the zone; booths without one are laid out automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<BoothPosition>,
}

/// A glTF 2.0 exhibit model and how to place it on the plinth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// URL of a `.glb` or `.gltf` file, relative to the manifest or absolute (http or https).
    pub url: String,
    /// Uniform scale factor, 0.01 to 100.
    #[serde(default = "default_scale")]
    #[schemars(range(min = 0.01, max = 100))]
    pub scale: f32,
    /// Rotation in degrees about the X, Y and Z axes (applied in that order), each -360 to 360.
    #[serde(default)]
    #[schemars(inner(range(min = -360, max = 360)))]
    pub rotation: [f32; 3],
    /// Offset in metres from the plinth's top centre, each -5 to 5.
    #[serde(default)]
    #[schemars(inner(range(min = -5, max = 5)))]
    pub offset: [f32; 3],
}

fn default_scale() -> f32 {
    1.0
}

/// A fixed booth place in metres, relative to the zone's centre with +z towards the zone entrance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BoothPosition {
    #[schemars(range(min = -200, max = 200))]
    pub x: f32,
    #[schemars(range(min = -200, max = 200))]
    pub z: f32,
    /// Facing in degrees; 0 faces the zone entrance.
    #[serde(default)]
    #[schemars(range(min = -360, max = 360))]
    pub yaw: f32,
}

/// The delivery format of a video or live stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StreamFormat {
    /// An MP4 file (H.264 video, AAC audio).
    Mp4,
    /// HTTP Live Streaming, a `.m3u8` playlist.
    Hls,
    /// HTTP-FLV, common on Chinese live platforms (live streams only).
    Flv,
    /// A player page from a host on `embed_hosts`, shown in a sandboxed iframe (live streams only).
    Embed,
}

impl StreamFormat {
    /// Guesses the format from the URL path's extension: `.mp4`/`.m4v`, `.m3u8` or `.flv`.
    pub fn from_url(url: &str) -> Option<StreamFormat> {
        let path = url.split(['?', '#']).next().unwrap_or("").to_ascii_lowercase();
        if path.ends_with(".mp4") || path.ends_with(".m4v") {
            Some(StreamFormat::Mp4)
        } else if path.ends_with(".m3u8") {
            Some(StreamFormat::Hls)
        } else if path.ends_with(".flv") {
            Some(StreamFormat::Flv)
        } else {
            None
        }
    }

    /// Returns the lowercase name used in manifests and the status object.
    pub fn code(self) -> &'static str {
        match self {
            StreamFormat::Mp4 => "mp4",
            StreamFormat::Hls => "hls",
            StreamFormat::Flv => "flv",
            StreamFormat::Embed => "embed",
        }
    }
}

/// A media hand-off a booth offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Media {
    /// A recorded video (MP4 or HLS `.m3u8`).
    Video {
        url: String,
        /// `mp4` or `hls`; guessed from the URL's extension when left out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        format: Option<StreamFormat>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<Text>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        poster: Option<String>,
        /// WebVTT captions URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        captions: Option<String>,
    },
    /// A live stream with its schedule.
    Live {
        url: String,
        /// `hls`, `flv` or `embed`; guessed from the URL's extension when left out, and `embed`
        /// when the URL has neither extension.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        format: Option<StreamFormat>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<Text>,
        /// Image shown before the stream starts (PNG or JPEG).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        poster: Option<String>,
        /// Start time, RFC 3339 with offset, for example `2022-05-21T09:30:00+08:00`.
        #[schemars(extend("format" = "date-time"))]
        starts_at: String,
        /// End time, RFC 3339 with offset; after it the replay link is shown.
        #[schemars(extend("format" = "date-time"))]
        ends_at: String,
        /// Recording shown after the end: an MP4 or HLS video plays in the panel, any other
        /// URL opens as a link.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        replay_url: Option<String>,
    },
    /// Online business negotiation (线上洽谈) with the exhibitor.
    Negotiation {
        /// Topics the visitor can choose from; at least one.
        #[schemars(length(min = 1, max = crate::limits::MAX_TOPICS))]
        topics: Vec<Text>,
        /// Meeting times the visitor can prefer, such as "5月23日 上午"; when left out the form
        /// offers the mornings and afternoons of the exhibition's dates.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        #[schemars(length(max = crate::limits::MAX_TIME_SLOTS))]
        time_slots: Vec<Text>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        meeting_url: Option<String>,
        /// WeChat QR code image URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        wechat_qr: Option<String>,
    },
}

impl Media {
    /// Returns the delivery format: the `format` field, else the URL's extension, else `embed`
    /// for live streams. `None` for negotiation entries and for videos of unknown format.
    pub fn stream_format(&self) -> Option<StreamFormat> {
        match self {
            Media::Video { url, format, .. } => format.or_else(|| StreamFormat::from_url(url)),
            Media::Live { url, format, .. } => {
                Some(format.or_else(|| StreamFormat::from_url(url)).unwrap_or(StreamFormat::Embed))
            }
            Media::Negotiation { .. } => None,
        }
    }
}

/// Public contact details of an exhibitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(email)]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// A text board on the preface plaza.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrefaceBoard {
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    pub title: Text,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}
