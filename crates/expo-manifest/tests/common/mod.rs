//! Helpers shared by the integration tests.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use expo_manifest::{Problem, ProblemKind, Report, Severity};
use serde_json::Value;

/// Path of the small valid manifest used as the starting point of most tests.
pub const VALID_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid.json");

/// Returns the valid fixture as a JSON value, ready to be broken in one place.
pub fn valid() -> Value {
    let text = std::fs::read_to_string(VALID_FIXTURE).expect("the valid fixture is readable");
    serde_json::from_str(&text).expect("the valid fixture is JSON")
}

pub fn parse_value(value: &Value) -> Report {
    expo_manifest::parse(serde_json::to_string_pretty(value).unwrap().as_bytes())
}

/// Sets the value at a JSON pointer such as `/booths/0/model/url`, adding the key to its
/// object when it is absent.
pub fn set(value: &mut Value, pointer: &str, new: Value) {
    if let Some(existing) = value.pointer_mut(pointer) {
        *existing = new;
        return;
    }
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let object = value
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"));
    object.insert(key.to_owned(), new);
}

/// Removes the key at a JSON pointer such as `/booths/0/title`.
pub fn remove(value: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let object = value
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"));
    assert!(object.remove(key).is_some(), "no key at {pointer}");
}

/// Asserts that the report contains exactly one problem and returns it.
pub fn single_problem(report: &Report) -> &Problem {
    assert_eq!(
        report.problems.len(),
        1,
        "expected exactly one problem, got {:#?}",
        report.problems
    );
    &report.problems[0]
}

/// Asserts that `value` has exactly one problem, an error with this path and kind.
pub fn assert_single_error(value: &Value, path: &str, kind: ProblemKind) {
    let report = parse_value(value);
    let problem = single_problem(&report);
    assert_eq!(problem.path, path);
    assert_eq!(problem.kind, kind);
    assert_eq!(problem.severity, Severity::Error);
    assert!(
        report.manifest.is_none(),
        "a manifest with errors must not be returned"
    );
}

/// Returns the problems as `(path, kind)` pairs, for comparing whole reports.
pub fn paths_and_kinds(report: &Report) -> Vec<(String, ProblemKind)> {
    report
        .problems
        .iter()
        .map(|problem| (problem.path.clone(), problem.kind.clone()))
        .collect()
}

pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}
