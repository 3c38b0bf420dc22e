//! Typed reads from the parsed glTF JSON that report errors with their JSON path.
//!
//! Paths use the glTF property names with array indices, such as
//! `meshes[0].primitives[1].indices`, so that a reader can find the value in the file.

use serde_json::{Map, Value};

use crate::error::{JsonType, ModelError, ValueProblem};

pub(crate) type Object = Map<String, Value>;

/// Joins a parent path and a property name; the root object has the empty path.
pub(crate) fn field_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) fn wrong_type(path: String, expected: JsonType) -> ModelError {
    ModelError::InvalidValue {
        path,
        problem: ValueProblem::WrongType { expected },
    }
}

pub(crate) fn missing(path: String) -> ModelError {
    ModelError::InvalidValue {
        path,
        problem: ValueProblem::Missing,
    }
}

pub(crate) fn as_object<'a>(value: &'a Value, path: &str) -> Result<&'a Object, ModelError> {
    value
        .as_object()
        .ok_or_else(|| wrong_type(path.to_owned(), JsonType::Object))
}

/// Returns the object at `key`, or `None` when the property is absent.
pub(crate) fn optional_object<'a>(
    object: &'a Object,
    key: &str,
    path: &str,
) -> Result<Option<&'a Object>, ModelError> {
    match object.get(key) {
        None => Ok(None),
        Some(value) => value
            .as_object()
            .map(Some)
            .ok_or_else(|| wrong_type(field_path(path, key), JsonType::Object)),
    }
}

/// Returns the array at `key`; an absent property reads as an empty array, as glTF defaults are.
pub(crate) fn array<'a>(
    object: &'a Object,
    key: &str,
    path: &str,
) -> Result<&'a [Value], ModelError> {
    match object.get(key) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(wrong_type(field_path(path, key), JsonType::Array)),
    }
}

pub(crate) fn optional_str<'a>(
    object: &'a Object,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, ModelError> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(wrong_type(field_path(path, key), JsonType::String)),
    }
}

/// Reads a non-negative integer. Floats such as `12.0` are rejected, as gltf-json 1.4.1
/// deserializes these properties into integer types and fails on them.
pub(crate) fn optional_u64(
    object: &Object,
    key: &str,
    path: &str,
) -> Result<Option<u64>, ModelError> {
    match object.get(key) {
        None => Ok(None),
        Some(value) => value
            .as_u64()
            .map(Some)
            .ok_or_else(|| wrong_type(field_path(path, key), JsonType::NonNegativeInteger)),
    }
}

pub(crate) fn required_u64(object: &Object, key: &str, path: &str) -> Result<u64, ModelError> {
    optional_u64(object, key, path)?.ok_or_else(|| missing(field_path(path, key)))
}

/// Reads an index into the top-level array `target` that has `count` entries.
pub(crate) fn optional_index(
    object: &Object,
    key: &str,
    path: &str,
    target: &'static str,
    count: usize,
) -> Result<Option<usize>, ModelError> {
    match optional_u64(object, key, path)? {
        None => Ok(None),
        Some(index) => check_index(index, &field_path(path, key), target, count).map(Some),
    }
}

pub(crate) fn required_index(
    object: &Object,
    key: &str,
    path: &str,
    target: &'static str,
    count: usize,
) -> Result<usize, ModelError> {
    optional_index(object, key, path, target, count)?.ok_or_else(|| missing(field_path(path, key)))
}

/// Reads an array element that must be an index into `target`, such as an entry of `children`.
pub(crate) fn index_value(
    value: &Value,
    path: &str,
    target: &'static str,
    count: usize,
) -> Result<usize, ModelError> {
    let index = value
        .as_u64()
        .ok_or_else(|| wrong_type(path.to_owned(), JsonType::NonNegativeInteger))?;
    check_index(index, path, target, count)
}

fn check_index(
    index: u64,
    path: &str,
    target: &'static str,
    count: usize,
) -> Result<usize, ModelError> {
    if index < count as u64 {
        Ok(index as usize)
    } else {
        Err(ModelError::BadIndex {
            path: path.to_owned(),
            index,
            target,
            count,
        })
    }
}
