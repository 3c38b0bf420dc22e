//! Typed access to the fields of a JSON request object, with the 422 errors of the contract.
//! Field names in messages are the JSON names, so the page can point at the form field.

use serde_json::{Map, Value};

use crate::api::ApiError;

/// Maximum length of an id (exhibition, booth, zone), as in the manifest.
pub const MAX_ID_CHARS: usize = 64;

/// A JSON object whose fields are read and checked one by one. `prefix` is prepended to field
/// names in errors, such as `events[2].`.
pub struct Fields<'a> {
    object: &'a Map<String, Value>,
    prefix: String,
}

impl<'a> Fields<'a> {
    pub fn new(object: &'a Map<String, Value>, prefix: impl Into<String>) -> Fields<'a> {
        Fields {
            object,
            prefix: prefix.into(),
        }
    }

    /// Returns the field's name as errors report it, with the prefix.
    pub fn path(&self, field: &str) -> String {
        format!("{}{field}", self.prefix)
    }

    /// Rejects any field not in `allowed`, so that a misspelt field is reported, not ignored.
    pub fn reject_unknown(&self, allowed: &[&str]) -> Result<(), ApiError> {
        match self
            .object
            .keys()
            .find(|key| !allowed.contains(&key.as_str()))
        {
            None => Ok(()),
            Some(key) => {
                let path = self.path(key);
                Err(ApiError::invalid_field(
                    path.clone(),
                    "unknown_field",
                    format!("未知字段 {path}。"),
                    format!("Unknown field {path}."),
                ))
            }
        }
    }

    /// Returns a string field that must be present.
    pub fn required_str(&self, field: &str) -> Result<&'a str, ApiError> {
        match self.object.get(field) {
            None | Some(Value::Null) => Err(self.missing(field)),
            Some(Value::String(text)) => Ok(text),
            Some(_) => Err(self.wrong_type(field, "字符串", "a string")),
        }
    }

    /// Returns a string field that may be missing or null.
    pub fn optional_str(&self, field: &str) -> Result<Option<&'a str>, ApiError> {
        match self.object.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(self.wrong_type(field, "字符串或 null", "a string or null")),
        }
    }

    pub fn required_bool(&self, field: &str) -> Result<bool, ApiError> {
        match self.object.get(field) {
            None | Some(Value::Null) => Err(self.missing(field)),
            Some(Value::Bool(value)) => Ok(*value),
            Some(_) => Err(self.wrong_type(field, "true 或 false", "true or false")),
        }
    }

    pub fn required_array(&self, field: &str) -> Result<&'a Vec<Value>, ApiError> {
        match self.object.get(field) {
            None | Some(Value::Null) => Err(self.missing(field)),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(self.wrong_type(field, "数组", "an array")),
        }
    }

    /// Trims a text field and checks its length in characters. Control characters (except line
    /// breaks and tabs where `multiline`) and bidirectional embeddings, overrides and isolates
    /// (U+202A to U+202E, U+2066 to U+2069) are rejected, because they can disguise the text
    /// that exhibitors read.
    pub fn text(
        &self,
        field: &str,
        value: &str,
        min: usize,
        max: usize,
        multiline: bool,
    ) -> Result<String, ApiError> {
        let trimmed = value.trim();
        let length = trimmed.chars().count();
        let path = self.path(field);
        if length == 0 && min > 0 {
            return Err(ApiError::invalid_field(
                path.clone(),
                "empty_field",
                format!("{path} 不能为空。"),
                format!("The field {path} must not be empty."),
            ));
        }
        if length < min {
            return Err(ApiError::invalid_field(
                path.clone(),
                "too_short",
                format!("{path} 至少需要 {min} 个字符，现在是 {length} 个。"),
                format!("The field {path} must have at least {min} characters; it has {length}."),
            ));
        }
        if length > max {
            return Err(ApiError::invalid_field(
                path.clone(),
                "too_long",
                format!("{path} 最多 {max} 个字符，现在是 {length} 个。"),
                format!("The field {path} must have at most {max} characters; it has {length}."),
            ));
        }
        let allowed_control = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
        let bidirectional =
            |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if trimmed
            .chars()
            .any(|c| (c.is_control() && !allowed_control(c)) || bidirectional(c))
        {
            return Err(ApiError::invalid_field(
                path.clone(),
                "invalid_characters",
                format!("{path} 含有不允许的控制字符或文字方向控制字符。"),
                format!(
                    "The field {path} contains control or text direction characters that are not allowed."
                ),
            ));
        }
        Ok(trimmed.to_owned())
    }

    /// Checks an id: 1 to 64 lowercase ASCII letters, digits and `-`, as manifest ids are.
    pub fn id(&self, field: &str, value: &str) -> Result<String, ApiError> {
        let valid = !value.is_empty()
            && value.len() <= MAX_ID_CHARS
            && value
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
        if valid {
            return Ok(value.to_owned());
        }
        let path = self.path(field);
        Err(ApiError::invalid_field(
            path.clone(),
            "invalid_format",
            format!("{path} 必须是 1 到 {MAX_ID_CHARS} 个小写字母、数字或连字符。"),
            format!(
                "The field {path} must be 1 to {MAX_ID_CHARS} lowercase letters, digits or hyphens."
            ),
        ))
    }

    /// Creates a 422 error for a value that has the right type but is not allowed.
    pub fn invalid(
        &self,
        field: &str,
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> ApiError {
        ApiError::invalid_field(self.path(field), code, zh, en)
    }

    fn missing(&self, field: &str) -> ApiError {
        let path = self.path(field);
        ApiError::invalid_field(
            path.clone(),
            "missing_field",
            format!("缺少字段 {path}。"),
            format!("The field {path} is missing."),
        )
    }

    fn wrong_type(&self, field: &str, expected_zh: &str, expected_en: &str) -> ApiError {
        let path = self.path(field);
        ApiError::invalid_field(
            path.clone(),
            "invalid_type",
            format!("{path} 必须是{expected_zh}。"),
            format!("The field {path} must be {expected_en}."),
        )
    }
}

/// Writes `value` as JSON with object keys sorted, so that equal values always give the same
/// bytes whatever order the client sent the keys in.
pub fn canonical_json(value: &Value, out: &mut String) {
    match value {
        Value::Object(object) => {
            let mut keys: Vec<&String> = object.keys().collect();
            keys.sort();
            out.push('{');
            for (index, key) in keys.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                canonical_json(&object[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                canonical_json(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys() {
        let a: Value =
            serde_json::from_str(r#"{"b": 1, "a": {"d": [1, "x"], "c": null}}"#).unwrap();
        let b: Value =
            serde_json::from_str(r#"{"a": {"c": null, "d": [1, "x"]}, "b": 1}"#).unwrap();
        let (mut out_a, mut out_b) = (String::new(), String::new());
        canonical_json(&a, &mut out_a);
        canonical_json(&b, &mut out_b);
        assert_eq!(out_a, out_b);
        assert_eq!(out_a, r#"{"a":{"c":null,"d":[1,"x"]},"b":1}"#);
    }

    #[test]
    fn text_counts_characters_after_trim() {
        let object = json!({}).as_object().unwrap().clone();
        let fields = Fields::new(&object, "");
        assert_eq!(fields.text("name", "  张三 ", 1, 2, false).unwrap(), "张三");
        assert_eq!(
            fields.text("name", "张三丰", 1, 2, false).unwrap_err().code,
            "too_long"
        );
        assert_eq!(
            fields.text("name", "   ", 1, 2, false).unwrap_err().code,
            "empty_field"
        );
        assert_eq!(
            fields.text("name", "a\nb", 1, 9, false).unwrap_err().code,
            "invalid_characters"
        );
        assert_eq!(fields.text("message", "a\nb", 0, 9, true).unwrap(), "a\nb");
        assert_eq!(
            fields
                .text("name", "a\u{202e}b", 1, 9, false)
                .unwrap_err()
                .code,
            "invalid_characters"
        );
        assert_eq!(
            fields
                .text("message", "a\u{2066}b", 0, 9, true)
                .unwrap_err()
                .code,
            "invalid_characters"
        );
    }

    #[test]
    fn ids_are_lowercase_ascii() {
        let object = Map::new();
        let fields = Fields::new(&object, "");
        assert!(fields.id("booth", "liugong-machinery").is_ok());
        for bad in ["", "Liugong", "a b", "展位", &"a".repeat(65)] {
            assert!(fields.id("booth", bad).is_err(), "{bad}");
        }
    }
}
