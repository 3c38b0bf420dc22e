//! Structural checks: JSON syntax, duplicate keys, and deserializing each item on its own so
//! that every broken item gets its own problem with a full path.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::model::Text;
use crate::path::{self, Segment};
use crate::problem::{ProblemKind, Problems};

/// Maximum number of problems reported for one item before the rest are skipped.
const MAX_PROBLEMS_PER_ITEM: usize = 32;

/// Parses `bytes` as JSON, reporting a syntax error or every duplicate key.
///
/// A leading UTF-8 byte order mark, which Windows editors often write, is skipped.
pub(crate) fn read_document(bytes: &[u8], problems: &mut Problems) -> Option<Value> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => {
            find_duplicate_keys(bytes, problems);
            Some(value)
        }
        Err(error) => {
            problems.error("$", syntax_problem(&error));
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

/// Reports every key that occurs twice in one object. `serde_json::Value` keeps only the last
/// value of such a key, so this walks the text again.
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
            let element = DuplicateKeyWalker {
                path: path::index(&self.path, index),
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

/// An item that deserialized, completely or after removing the keys that had problems.
pub(crate) enum Parsed<T> {
    Complete(T),
    /// Deserialized after removing offending keys; its errors are already reported. Its other
    /// fields can still be checked, but optional fields may be missing or defaulted.
    Partial(T),
}

/// Deserializes one item (the exhibition, a zone, a booth, a board) found at `item_path`.
///
/// On failure, reports the error, removes the nearest offending key from a scratch copy and
/// tries again, so that one item can report several problems. A "missing field" error for a
/// key that this function removed is not reported. An item reports at most
/// [`MAX_PROBLEMS_PER_ITEM`] problems. Returns `None` when the item cannot be deserialized
/// even with keys removed, for example when a required field is missing.
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
    let mut removed: Vec<Vec<Segment>> = Vec::new();

    for _ in 0..MAX_PROBLEMS_PER_ITEM {
        let (segments, kind) = locate_error(&scratch, &error);

        let caused_by_removal = match &kind {
            ProblemKind::MissingField { field } => {
                let mut missing = segments.clone();
                missing.push(Segment::Key(field.clone()));
                removed.contains(&missing)
            }
            _ => false,
        };
        if !caused_by_removal {
            problems.error(path::join(item_path, &segments), kind);
        }

        // Remove the nearest key at or above the error. For a missing field that is the object
        // lacking it, and for a bad array element the whole array.
        let Some(last_key) = segments
            .iter()
            .rposition(|segment| matches!(segment, Segment::Key(_)))
        else {
            break;
        };
        let prefix = segments[..=last_key].to_vec();
        if !remove_at(&mut scratch, &prefix) {
            break;
        }
        removed.push(prefix);
        match serde_path_to_error::deserialize::<_, T>(&scratch) {
            Ok(item) => return Some(Parsed::Partial(item)),
            Err(next) => error = next,
        }
    }
    None
}

fn remove_at(value: &mut Value, segments: &[Segment]) -> bool {
    let Some((Segment::Key(last), parents)) = segments.split_last() else {
        return false;
    };
    let mut current = value;
    for segment in parents {
        let next = match segment {
            Segment::Key(key) => current.get_mut(key.as_str()),
            Segment::Index(index) => current.get_mut(*index),
        };
        let Some(next) = next else { return false };
        current = next;
    }
    current
        .as_object_mut()
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
        title: Option<Text>,
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
        #[schemars(length(min = 1))]
        topics: Vec<Text>,
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
