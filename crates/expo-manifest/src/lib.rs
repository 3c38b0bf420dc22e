//! The exhibition manifest: its typed model, validation with messages in Chinese and English,
//! and its JSON Schema. Pure Rust, without Bevy, so that the hall and the `expo-validate`
//! command-line tool share the same rules.
//!
//! ```
//! let report = expo_manifest::parse(br#"{"format": 1}"#);
//! assert!(report.has_errors());
//! for problem in &report.problems {
//!     println!("{}: {}", problem.path, problem.message(expo_manifest::Lang::En));
//! }
//! ```

pub mod formats;
pub mod limits;
pub mod model;

mod checks;
mod messages;
mod path;
mod problem;
mod structure;
mod url;
mod validate;

pub use model::*;
pub use problem::{Problem, ProblemKind, Severity, UrlIssue};

/// The outcome of [`parse`]: the manifest when it is usable, and every problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The manifest, present only when no problem is an error (warnings are allowed).
    pub manifest: Option<Manifest>,
    /// Problems in the order found: syntax and duplicate keys, top-level keys, `format`,
    /// `exhibition`, each zone, the plaza and pavilion counts, each booth, empty pavilions,
    /// and each preface board.
    pub problems: Vec<Problem>,
}

impl Report {
    /// Returns whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Returns the number of problems that are errors.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Returns the number of problems that are warnings.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|problem| problem.severity == severity)
            .count()
    }
}

/// Parses and validates a manifest file's bytes (UTF-8 JSON, optionally with a byte order mark),
/// collecting every problem instead of stopping at the first.
pub fn parse(bytes: &[u8]) -> Report {
    validate::validate(bytes)
}

/// Generates the JSON Schema of [`Manifest`] with schemars, pretty-printed, with a trailing
/// newline. The schema covers structure, types, id and colour patterns and number ranges.
/// Cross-references, URL rules and most text limits are checked only by [`parse`].
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Manifest);
    let mut json = serde_json::to_string_pretty(&schema).expect("a JSON Schema always serializes");
    json.push('\n');
    json
}
