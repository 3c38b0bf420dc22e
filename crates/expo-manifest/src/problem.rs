//! Problems found in a manifest: where they are, how severe, and what kind.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::Lang;

/// Severity of a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The manifest cannot be used; [`crate::parse`] returns no manifest.
    Error,
    /// The manifest can be used, but something should be fixed before publishing.
    Warning,
}

impl Severity {
    /// Returns the word printed before a message: `错误`/`警告` or `error`/`warning`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Warning, Lang::En) => "warning",
        }
    }
}

/// One problem found in a manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// JSON path of the offending value, such as `$.booths[3].model.url`; `$` is the root.
    /// For a missing field it is the path of the object that lacks it.
    pub path: String,
    pub kind: ProblemKind,
}

impl Problem {
    /// Formats the message for organizers in `lang`: what is wrong, the offending value, and
    /// what to do. The path and severity are not part of it.
    pub fn message(&self, lang: Lang) -> String {
        crate::messages::message(&self.kind, &self.path, lang)
    }
}

/// Kind of problem, with the values its message needs.
///
/// Serialized with a `code` tag in snake case, for example
/// `{"code": "unknown_field", "field": "modle", "allowed": ["url", ...]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The file is not valid JSON. `detail` is serde_json's description without the position.
    Syntax {
        line: usize,
        column: usize,
        detail: String,
    },
    /// An object contains the same key twice; JSON readers keep only the last value.
    DuplicateKey { key: String },
    /// A key that this object does not have; `allowed` lists the keys it does have.
    UnknownField { field: String, allowed: Vec<String> },
    /// A required key is absent from the object at the problem's path.
    MissingField { field: String },
    /// A string that is not one of the enumerated values, such as a zone `kind`.
    UnknownVariant { value: String, allowed: Vec<String> },
    /// A value of the wrong JSON type or outside its type's domain. `expected` and `found` are
    /// serde's descriptions (`u32`, `a string`, `integer \`-1\``), `detail` its whole message.
    WrongType {
        expected: String,
        found: String,
        detail: String,
    },
    /// An array with the wrong number of elements, such as a rotation with two angles.
    WrongLength { length: usize, expected: usize },
    /// Any other value that serde rejected; `detail` is serde's message.
    InvalidValue { detail: String },
    /// `format` names a manifest version this build does not read.
    UnsupportedFormat { found: u32, supported: u32 },
    /// An id that does not match `^[a-z0-9][a-z0-9-]{0,63}$`.
    InvalidId { id: String },
    /// An id already used by another item of the same list; `first_path` is that item's id path.
    DuplicateId { id: String, first_path: String },
    /// A booth's `zone` that names no zone; `known` lists the zone ids.
    UnknownZone { zone: String, known: Vec<String> },
    /// A booth's `sub_area` that its zone does not have; `known` lists the zone's sub-area ids.
    UnknownSubArea {
        sub_area: String,
        zone: String,
        known: Vec<String>,
    },
    /// A booth placed in the plaza zone, which contains only the preface boards.
    BoothInPlaza { zone: String },
    /// A second zone of kind `plaza`; `first_path` is the first plaza zone.
    SecondPlaza { first_path: String },
    /// No zone of kind `pavilion`.
    NoPavilion,
    /// A pavilion without booths (a warning).
    EmptyPavilion { zone: String },
    /// A URL that is not an http(s) URL or a relative reference.
    InvalidUrl { url: String, issue: UrlIssue },
    /// A model URL whose path does not end in `.glb` or `.gltf`.
    NotGltfModel { url: String },
    /// A number outside `min..=max`, or not finite (too large for `f32`).
    OutOfRange { value: f64, min: f64, max: f64 },
    /// A text, tag or optional English text that is empty or only whitespace.
    EmptyText,
    /// A name that must have an English version (`en`) has none.
    MissingEnglish,
    /// A text longer than its limit, in Unicode scalar values (one per Chinese character).
    /// `excerpt` is the text's start.
    TextTooLong {
        length: usize,
        max: usize,
        excerpt: String,
    },
    /// A booth with more tags than allowed.
    TooManyTags { count: usize, max: usize },
    /// A colour that is not `#RRGGBB`.
    InvalidColor { value: String },
    /// A date that is not a real calendar date written as `YYYY-MM-DD`.
    InvalidDate { value: String },
    /// The exhibition's start date is after its end date.
    DatesOutOfOrder { start: String, end: String },
    /// A time that is not RFC 3339 with an offset, such as `2022-05-21T09:30:00+08:00`.
    InvalidTimestamp { value: String },
    /// A live stream whose start is not before its end.
    TimesOutOfOrder { starts_at: String, ends_at: String },
    /// A negotiation entry with an empty `topics` list.
    NoTopics,
    /// An e-mail address without the `name@domain.tld` shape.
    InvalidEmail { value: String },
    /// A phone number with characters other than digits, `+`, `-` and spaces, or no digits.
    InvalidPhone { value: String },
    /// `sample_content` is true, so descriptions are placeholders (a warning).
    SampleContent,
    /// The file is UTF-16 (it starts with a UTF-16 byte order mark or contains NUL bytes).
    Utf16,
    /// A `//` or `/*` comment, which JSON does not allow.
    JsonComment { line: usize, column: usize },
    /// `format` is a number that is not a whole number from 0 to 4294967295, such as `1.0`;
    /// `value` is the number as serde_json prints it.
    InvalidFormat { value: String, supported: u32 },
    /// A text shown to visitors contains a control character or a bidirectional override.
    ForbiddenCharacter { character: char },
    /// A section with more items than allowed; `section` is `zones`, `booths` or
    /// `preface_boards`.
    TooManyItems {
        section: String,
        count: usize,
        max: usize,
    },
    /// One item had more problems than are listed; `hidden` is how many were left out.
    ProblemsHidden { hidden: usize },
    /// A list inside an item (media, topics, time slots, embed hosts) with too many entries.
    TooManyEntries { count: usize, max: usize },
    /// A video whose format is neither given nor known from the URL's extension, or is not
    /// `mp4` or `hls`.
    UnsupportedVideoFormat { url: String },
    /// A live stream whose `format` is `mp4`; live streams are `hls`, `flv` or `embed`.
    UnsupportedLiveFormat { url: String },
    /// An embedded live-stream page that is not an absolute `https` URL.
    EmbedNotHttps { url: String },
    /// An embedded live-stream page whose host is not on `exhibition.embed_hosts`.
    EmbedHostNotAllowed {
        url: String,
        host: String,
        allowed: Vec<String>,
    },
    /// An `embed_hosts` entry that is not a lowercase host name such as `live.example.com`.
    InvalidHost { value: String },
    /// A captions URL whose path does not end in `.vtt`.
    NotWebVtt { url: String },
    /// A negotiation entry on the plaza screen, which shows only videos and live streams.
    NegotiationOnScreen,
    /// A booth with a second negotiation entry; `first_path` is the first one.
    SecondNegotiation { first_path: String },
    /// An endpoint is set but `exhibition.id`, which requests carry, is not; `field` names the
    /// endpoint.
    MissingExhibitionId { field: String },
    /// `exhibition.public_url` is not an absolute `https://` or `http://` address with a host.
    NotAbsoluteUrl { url: String },
}

/// Reason a URL was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "issue", rename_all = "snake_case")]
#[non_exhaustive]
pub enum UrlIssue {
    Empty,
    /// Whitespace or a control character, which browsers strip or reinterpret.
    ForbiddenCharacter {
        character: char,
    },
    /// A backslash, which browsers treat as `/` (so `/\host` would load from another host).
    Backslash,
    /// A URL starting with `//`, which loads from whatever host follows.
    ProtocolRelative,
    /// A scheme other than `http` or `https`, such as `javascript` or `data` (lowercased).
    DisallowedScheme {
        scheme: String,
    },
    /// An `http:` or `https:` URL without `//host`.
    MissingHost,
}

/// Problems collected during one validation run.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    pub(crate) list: Vec<Problem>,
    /// Order of each value's path in the file, for sorting the problems of one item.
    positions: HashMap<String, usize>,
    /// Paths of placeholder values in the item being checked. Problems at or below them are
    /// dropped, because they are about the placeholder and not about the file.
    suppressed: Vec<String>,
}

impl Problems {
    pub(crate) fn record_position(&mut self, path: &str) {
        let next = self.positions.len();
        self.positions.entry(path.to_owned()).or_insert(next);
    }

    /// Returns the file position of `path`, or of its nearest recorded ancestor for a path
    /// that is not in the file (a missing field's placeholder).
    pub(crate) fn position(&self, path: &str) -> usize {
        let mut current = path;
        loop {
            if let Some(&position) = self.positions.get(current) {
                return position;
            }
            match current.rfind(['.', '[']) {
                Some(end) if end > 0 => current = &current[..end],
                _ => return usize::MAX,
            }
        }
    }

    pub(crate) fn suppress(&mut self, path: String) {
        self.suppressed.push(path);
    }

    pub(crate) fn clear_suppressed(&mut self) {
        self.suppressed.clear();
    }

    fn is_suppressed(&self, path: &str) -> bool {
        self.suppressed.iter().any(|prefix| {
            path.strip_prefix(prefix.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
    }

    pub(crate) fn error(&mut self, path: impl Into<String>, kind: ProblemKind) {
        self.push(Severity::Error, path.into(), kind);
    }

    pub(crate) fn warning(&mut self, path: impl Into<String>, kind: ProblemKind) {
        self.push(Severity::Warning, path.into(), kind);
    }

    fn push(&mut self, severity: Severity, path: String, kind: ProblemKind) {
        if self.is_suppressed(&path) {
            return;
        }
        self.list.push(Problem {
            severity,
            path,
            kind,
        });
    }
}
