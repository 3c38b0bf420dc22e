//! Structural checks: JSON syntax, duplicate keys, and deserializing each item on its own so
//! that every broken item gets its own problem with a full path.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::model::{StreamFormat, Text};
use crate::path::{self, Segment};
use crate::problem::{ProblemKind, Problems};

/// Parses `bytes` as JSON, reporting a syntax error or every duplicate key.
///
/// A leading UTF-8 byte order mark, which Windows editors often write, is skipped. UTF-16
/// text, which Windows editors write when "Unicode" is chosen, is reported as such instead of
/// as a syntax error at its first NUL byte.
pub(crate) fn read_document(bytes: &[u8], problems: &mut Problems) -> Option<Value> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || bytes.contains(&0) {
        problems.error("$", ProblemKind::Utf16);
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => {
            find_duplicate_keys(bytes, problems);
            Some(value)
        }
        Err(error) => {
            let kind = match comment_at(bytes, error.line(), error.column()) {
                true => ProblemKind::JsonComment {
                    line: error.line(),
                    column: error.column(),
                },
                false => syntax_problem(&error),
            };
            problems.error("$", kind);
            None
        }
    }
}

fn syntax_problem(error: &serde_json::Error) -> ProblemKind {
    let full = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let detail = full.strip_suffix(&position).unwrap_or(&full).to_owned();
    ProblemKind::Syntax {
        line: error.line(),
        column: error.column(),
        detail,
    }
}

/// Checks whether a `//` or `/*` starts at or just before the 1-based `line` and `column`
/// of a syntax error. serde_json points at the `/` itself or at the character after it.
fn comment_at(bytes: &[u8], line: usize, column: usize) -> bool {
    let Some(line_bytes) = bytes.split(|&b| b == b'\n').nth(line.saturating_sub(1)) else {
        return false;
    };
    let error_index = column.saturating_sub(1);
    [error_index.saturating_sub(1), error_index]
        .into_iter()
        .any(|start| matches!(line_bytes.get(start..start + 2), Some(b"//") | Some(b"/*")))
}

/// Reports every key that occurs twice in one object, and records the position of every value
/// in the file for [`Problems::position`]. `serde_json::Value` keeps only the last value of a
/// repeated key and sorts keys by name, so this walks the text again.
fn find_duplicate_keys(bytes: &[u8], problems: &mut Problems) {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let walker = DuplicateKeyWalker {
        path: "$".to_owned(),
        problems,
    };
    // The same text just parsed as a `Value`, so this walk cannot fail and its result is ignored.
    let _ = walker.deserialize(&mut deserializer);
}

struct DuplicateKeyWalker<'a> {
    path: String,
    problems: &'a mut Problems,
}

impl<'de> DeserializeSeed<'de> for DuplicateKeyWalker<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DuplicateKeyWalker<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let element_path = path::index(&self.path, index);
            self.problems.record_position(&element_path);
            let element = DuplicateKeyWalker {
                path: element_path,
                problems: &mut *self.problems,
            };
            if seq.next_element_seed(element)?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let child_path = path::child(&self.path, &key);
            self.problems.record_position(&child_path);
            if !seen.insert(key.clone()) {
                self.problems
                    .error(child_path.clone(), ProblemKind::DuplicateKey { key });
            }
            map.next_value_seed(DuplicateKeyWalker {
                path: child_path,
                problems: &mut *self.problems,
            })?;
        }
        Ok(())
    }
}

/// An item that deserialized, completely or after patching the values that had problems.
pub(crate) enum Parsed<T> {
    Complete(T),
    /// Deserialized after replacing or removing offending values; its errors are already
    /// reported. Its other fields can still be checked, but placeholder values must not be:
    /// [`Problems::suppress`] holds their paths while the item is checked.
    Partial(T),
}

/// Maximum number of deserialization attempts for one item. Each attempt fixes one error, so
/// this bounds the work spent on a huge broken item.
const MAX_ATTEMPTS_PER_ITEM: usize = 10_000;

/// Deserializes one item (the exhibition, a zone, a booth, a board) found at `item_path`.
///
/// On failure, reports the error and patches a scratch copy so that the next attempt gets
/// past it: a missing required field gets a placeholder of the right type, a value of the
/// wrong type or an unknown enum value is replaced by a placeholder, an unknown key is
/// removed. Errors inside a placeholder are fixed the same way without being reported, and
/// the placeholder paths are added to [`Problems::suppress`] so that the value checks skip
/// them. Array elements are patched one by one, so one bad tag or media entry does not hide
/// its siblings. The reported errors are sorted by their position in the file.
///
/// Returns `None` when the item itself has the wrong type or cannot be patched.
pub(crate) fn deserialize_item<T: DeserializeOwned>(
    value: &Value,
    item_path: &str,
    problems: &mut Problems,
) -> Option<Parsed<T>> {
    let mut error = match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(item) => return Some(Parsed::Complete(item)),
        Err(error) => error,
    };
    let mut scratch = value.clone();
    let mut placeholders: Vec<Vec<Segment>> = Vec::new();
    let mut reported: Vec<(String, ProblemKind)> = Vec::new();
    let mut parsed = None;

    for _ in 0..MAX_ATTEMPTS_PER_ITEM {
        let (segments, kind) = locate_error(&scratch, &error);
        let inside_placeholder = placeholders
            .iter()
            .any(|placeholder| segments.starts_with(placeholder));
        let Some(patched) = patch(&mut scratch, &segments, &kind) else {
            if !inside_placeholder {
                reported.push((path::join(item_path, &segments), kind));
            }
            break;
        };
        if !inside_placeholder {
            reported.push((path::join(item_path, &segments), kind));
        }
        if let Some(placeholder) = patched {
            placeholders.push(placeholder);
        }
        match serde_path_to_error::deserialize::<_, T>(&scratch) {
            Ok(item) => {
                parsed = Some(Parsed::Partial(item));
                break;
            }
            Err(next) => error = next,
        }
    }

    reported.sort_by_key(|(path, _)| problems.position(path));
    for (path, kind) in reported {
        problems.error(path, kind);
    }
    for placeholder in placeholders {
        problems.suppress(path::join(item_path, &placeholder));
    }
    parsed
}

/// Patches `scratch` past the error at `segments`. Returns `None` when that is not possible,
/// `Some(Some(path))` when a placeholder was written at `path`, and `Some(None)` when a key
/// was removed.
fn patch(
    scratch: &mut Value,
    segments: &[Segment],
    kind: &ProblemKind,
) -> Option<Option<Vec<Segment>>> {
    match kind {
        ProblemKind::UnknownField { .. } => remove_at(scratch, segments).then_some(None),
        ProblemKind::MissingField { field } => {
            let object = value_at_mut(scratch, segments)?.as_object_mut()?;
            // `null` is replaced again once serde names the type it expects.
            object.insert(field.clone(), Value::Null);
            let mut placeholder = segments.to_vec();
            placeholder.push(Segment::Key(field.clone()));
            Some(Some(placeholder))
        }
        ProblemKind::UnknownVariant { allowed, .. } => {
            let first = allowed.first()?;
            // An unknown media `kind` makes the whole entry unreadable, so the entry becomes
            // a placeholder of the first kind.
            let is_media_kind = matches!(
                segments,
                [.., Segment::Key(media), Segment::Index(_), Segment::Key(kind)]
                    if media == "media" && kind == "kind"
            );
            if is_media_kind {
                let entry = &segments[..segments.len() - 1];
                *value_at_mut(scratch, entry)? = serde_json::json!({ "kind": first });
                return Some(Some(entry.to_vec()));
            }
            replace_at(scratch, segments, Value::String(first.clone()))
        }
        ProblemKind::WrongType { expected, .. } => {
            replace_at(scratch, segments, placeholder_for(expected)?)
        }
        ProblemKind::WrongLength { expected, .. } => replace_at(
            scratch,
            segments,
            Value::Array(vec![Value::from(0); *expected]),
        ),
        _ => replace_at(scratch, segments, Value::Null),
    }
}

/// Replaces the value at `segments`, which must not be the item itself.
fn replace_at(
    scratch: &mut Value,
    segments: &[Segment],
    new: Value,
) -> Option<Option<Vec<Segment>>> {
    if segments.is_empty() {
        return None;
    }
    let target = value_at_mut(scratch, segments)?;
    if *target == new {
        // The same patch again would loop forever.
        return None;
    }
    *target = new;
    Some(Some(segments.to_vec()))
}

/// A value of the type that serde's "expected" text names.
fn placeholder_for(expected: &str) -> Option<Value> {
    let value = match expected {
        "a string" => Value::String(String::new()),
        "u32" | "f32" | "f64" => Value::from(0),
        "a boolean" => Value::Bool(false),
        "a sequence" => Value::Array(Vec::new()),
        e if e.starts_with("struct ") || e.starts_with("internally tagged enum") => {
            Value::Object(serde_json::Map::new())
        }
        e => {
            let length: usize = e.strip_prefix("an array of length ")?.parse().ok()?;
            Value::Array(vec![Value::from(0); length])
        }
    };
    Some(value)
}

fn value_at_mut<'v>(value: &'v mut Value, segments: &[Segment]) -> Option<&'v mut Value> {
    segments
        .iter()
        .try_fold(value, |current, segment| match segment {
            Segment::Key(key) => current.get_mut(key.as_str()),
            Segment::Index(index) => current.get_mut(*index),
        })
}

fn remove_at(value: &mut Value, segments: &[Segment]) -> bool {
    let Some((Segment::Key(last), parents)) = segments.split_last() else {
        return false;
    };
    value_at_mut(value, parents)
        .and_then(Value::as_object_mut)
        .and_then(|object| object.remove(last))
        .is_some()
}

/// Converts a serde error into the path below the item and a problem kind.
///
/// `serde_path_to_error` cannot see inside an internally tagged enum, so an error inside a
/// booth's media entry only has the path of the entry. Such an entry is deserialized again
/// into a plain struct with the same fields to find the exact place.
fn locate_error(
    scratch: &Value,
    error: &serde_path_to_error::Error<serde_json::Error>,
) -> (Vec<Segment>, ProblemKind) {
    let segments = convert_path(error.path());
    let is_media_entry = matches!(
        segments.as_slice(),
        [.., Segment::Key(key), Segment::Index(_)] if key == "media"
    );
    if is_media_entry
        && let Some(entry) = value_at(scratch, &segments)
        && let Some(inner) = media_fields_error(entry)
    {
        let mut full = segments;
        full.extend(convert_path(inner.path()));
        return (full, classify(&inner.inner().to_string()));
    }
    (segments, classify(&error.inner().to_string()))
}

fn convert_path(path: &serde_path_to_error::Path) -> Vec<Segment> {
    path.iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
            _ => None,
        })
        .collect()
}

fn value_at<'v>(value: &'v Value, segments: &[Segment]) -> Option<&'v Value> {
    segments
        .iter()
        .try_fold(value, |current, segment| match segment {
            Segment::Key(key) => current.get(key.as_str()),
            Segment::Index(index) => current.get(*index),
        })
}

/// Classifies a serde error message into a problem kind.
///
/// The prefixes are those of the provided `serde::de::Error` constructors in serde 1.0
/// (checked against serde_core 1.0.229), and serde_json 1.0 keeps the same wording for
/// `invalid_type` and `invalid_value`. Anything else becomes [`ProblemKind::InvalidValue`].
/// The `classify_serde_messages` test and the integration tests catch a change of wording.
pub(crate) fn classify(message: &str) -> ProblemKind {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, allowed)) = split_name_and_expected(rest, "there are no fields")
    {
        return ProblemKind::UnknownField { field, allowed };
    }
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((value, allowed)) = split_name_and_expected(rest, "there are no variants")
    {
        return ProblemKind::UnknownVariant { value, allowed };
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return ProblemKind::MissingField {
            field: field.to_owned(),
        };
    }
    let type_error = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "));
    if let Some((found, expected)) = type_error.and_then(|rest| rest.rsplit_once(", expected ")) {
        return ProblemKind::WrongType {
            expected: expected.to_owned(),
            found: found.to_owned(),
            detail: message.to_owned(),
        };
    }
    if let Some((length, expected)) = message
        .strip_prefix("invalid length ")
        .and_then(|rest| rest.split_once(", expected an array of length "))
        && let (Ok(length), Ok(expected)) = (length.parse(), expected.parse())
    {
        return ProblemKind::WrongLength { length, expected };
    }
    ProblemKind::InvalidValue {
        detail: message.to_owned(),
    }
}

/// Splits "name`, expected one of `a`, `b`" into the name and `[a, b]`.
fn split_name_and_expected(rest: &str, none_text: &str) -> Option<(String, Vec<String>)> {
    if let Some(name) = rest.strip_suffix(&format!("`, {none_text}")) {
        return Some((name.to_owned(), Vec::new()));
    }
    let (name, expected) = rest.rsplit_once("`, expected ")?;
    let allowed = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((name.to_owned(), allowed))
}

/// The fields of each [`crate::model::Media`] variant as plain structs, used only to locate
/// an error inside a media entry. `media_mirrors_match_model` in the tests keeps them in step.
#[allow(
    dead_code,
    reason = "deserialized only to find where an entry is invalid"
)]
mod media_fields {
    use super::*;

    #[derive(Deserialize, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Video {
        url: String,
        #[serde(default)]
        format: Option<StreamFormat>,
        #[serde(default)]
        title: Option<Text>,
        #[serde(default)]
        poster: Option<String>,
        #[serde(default)]
        captions: Option<String>,
    }

    #[derive(Deserialize, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Live {
        url: String,
        #[serde(default)]
        format: Option<StreamFormat>,
        #[serde(default)]
        title: Option<Text>,
        #[serde(default)]
        poster: Option<String>,
        #[schemars(extend("format" = "date-time"))]
        starts_at: String,
        #[schemars(extend("format" = "date-time"))]
        ends_at: String,
        #[serde(default)]
        replay_url: Option<String>,
    }

    #[derive(Deserialize, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Negotiation {
        #[schemars(length(min = 1, max = crate::limits::MAX_TOPICS))]
        topics: Vec<Text>,
        #[serde(default)]
        #[schemars(length(max = crate::limits::MAX_TIME_SLOTS))]
        time_slots: Vec<Text>,
        #[serde(default)]
        meeting_url: Option<String>,
        #[serde(default)]
        wechat_qr: Option<String>,
    }
}

/// Deserializes a media entry without its `kind` into the matching plain struct. Returns the
/// error, or `None` when the kind is missing or unknown or the fields are valid.
fn media_fields_error(entry: &Value) -> Option<serde_path_to_error::Error<serde_json::Error>> {
    let mut fields = entry.as_object()?.clone();
    let kind = fields.remove("kind")?;
    let fields = Value::Object(fields);
    match kind.as_str()? {
        "video" => serde_path_to_error::deserialize::<_, media_fields::Video>(&fields).err(),
        "live" => serde_path_to_error::deserialize::<_, media_fields::Live>(&fields).err(),
        "negotiation" => {
            serde_path_to_error::deserialize::<_, media_fields::Negotiation>(&fields).err()
        }
        _ => None,
    }
}

/// Describes a JSON value the way serde's error messages do, for [`ProblemKind::WrongType`].
pub(crate) fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_owned(),
        Value::Object(_) => "map".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemars::schema_for;

    fn property_names(schema: &Value) -> Vec<String> {
        let mut names: Vec<String> = schema["properties"]
            .as_object()
            .map(|properties| {
                properties
                    .keys()
                    .filter(|key| *key != "kind")
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    fn required_names(schema: &Value) -> Vec<String> {
        let mut names: Vec<String> = schema["required"]
            .as_array()
            .map(|required| {
                required
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|key| *key != "kind")
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Drops `description` and `default`, which differ between the model and the mirrors.
    fn without_annotations(schema: &Value) -> Value {
        let mut schema = schema.clone();
        if let Some(object) = schema.as_object_mut() {
            object.remove("description");
            object.remove("default");
        }
        schema
    }

    #[test]
    fn media_mirrors_match_model() {
        let media = serde_json::to_value(schema_for!(crate::model::Media)).unwrap();
        let variants = media["oneOf"].as_array().expect("Media schema has oneOf");
        let mirrors = [
            (
                "video",
                serde_json::to_value(schema_for!(media_fields::Video)).unwrap(),
            ),
            (
                "live",
                serde_json::to_value(schema_for!(media_fields::Live)).unwrap(),
            ),
            (
                "negotiation",
                serde_json::to_value(schema_for!(media_fields::Negotiation)).unwrap(),
            ),
        ];
        assert_eq!(
            variants.len(),
            mirrors.len(),
            "a Media variant has no mirror struct"
        );
        for (kind, mirror) in mirrors {
            let variant = variants
                .iter()
                .find(|variant| variant["properties"]["kind"]["const"] == kind)
                .unwrap_or_else(|| panic!("no Media variant with kind {kind}"));
            assert_eq!(
                property_names(variant),
                property_names(&mirror),
                "fields of {kind}"
            );
            assert_eq!(
                required_names(variant),
                required_names(&mirror),
                "required fields of {kind}"
            );
            for name in property_names(&mirror) {
                assert_eq!(
                    without_annotations(&variant["properties"][&name]),
                    without_annotations(&mirror["properties"][&name]),
                    "type of {kind}.{name}"
                );
            }
        }
    }

    #[test]
    fn classify_serde_messages() {
        assert_eq!(
            classify("unknown field `modle`, expected one of `url`, `scale`"),
            ProblemKind::UnknownField {
                field: "modle".into(),
                allowed: vec!["url".into(), "scale".into()]
            }
        );
        assert_eq!(
            classify("unknown field `fr`, expected `zh` or `en`"),
            ProblemKind::UnknownField {
                field: "fr".into(),
                allowed: vec!["zh".into(), "en".into()]
            }
        );
        assert_eq!(
            classify("unknown field `x`, there are no fields"),
            ProblemKind::UnknownField {
                field: "x".into(),
                allowed: vec![]
            }
        );
        assert_eq!(
            classify("unknown variant `palza`, expected `plaza` or `pavilion`"),
            ProblemKind::UnknownVariant {
                value: "palza".into(),
                allowed: vec!["plaza".into(), "pavilion".into()]
            }
        );
        assert_eq!(
            classify("missing field `url`"),
            ProblemKind::MissingField {
                field: "url".into()
            }
        );
        assert_eq!(
            classify("invalid type: string \"a, expected b\", expected u32"),
            ProblemKind::WrongType {
                expected: "u32".into(),
                found: "string \"a, expected b\"".into(),
                detail: "invalid type: string \"a, expected b\", expected u32".into(),
            }
        );
        assert_eq!(
            classify("invalid length 2, expected an array of length 3"),
            ProblemKind::WrongLength {
                length: 2,
                expected: 3
            }
        );
        assert_eq!(
            classify("something else"),
            ProblemKind::InvalidValue {
                detail: "something else".into()
            }
        );
    }
}
