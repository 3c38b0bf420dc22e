//! JSON paths in the form used by problem reports: `$`, `$.booths[3].model.url`.

/// One step from a JSON value to a child value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// Appends `.key` to `path`, or `["key"]` when the key is not a plain identifier.
pub(crate) fn child(path: &str, key: &str) -> String {
    let mut out = path.to_owned();
    push_key(&mut out, key);
    out
}

/// Appends `[index]` to `path`.
pub(crate) fn index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// Appends every segment to `path`.
pub(crate) fn join(path: &str, segments: &[Segment]) -> String {
    let mut out = path.to_owned();
    for segment in segments {
        match segment {
            Segment::Key(key) => push_key(&mut out, key),
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Maximum number of characters of a key written into a path; longer keys are cut with `…`,
/// as [`crate::messages::quote`] cuts values.
const MAX_KEY_CHARS: usize = 80;

fn push_key(out: &mut String, key: &str) {
    let mut chars = key.chars();
    let is_identifier = key.len() <= MAX_KEY_CHARS
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if is_identifier {
        out.push('.');
        out.push_str(key);
    } else {
        out.push_str("[\"");
        for (count, c) in key.chars().enumerate() {
            if count == MAX_KEY_CHARS {
                out.push('…');
                break;
            }
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if crate::messages::is_invisible(c) => {
                    out.push_str(&format!("\\u{{{:x}}}", c as u32))
                }
                c => out.push(c),
            }
        }
        out.push_str("\"]");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_quoted_keys() {
        assert_eq!(child("$", "booths"), "$.booths");
        assert_eq!(index("$.booths", 3), "$.booths[3]");
        assert_eq!(child("$", "model url"), "$[\"model url\"]");
        assert_eq!(child("$", "a\"b"), "$[\"a\\\"b\"]");
        assert_eq!(child("$", "1st"), "$[\"1st\"]");
        assert_eq!(child("$", "\u{1b}[31m"), "$[\"\\u{1b}[31m\"]");
    }

    #[test]
    fn join_segments() {
        let segments = [
            Segment::Key("media".into()),
            Segment::Index(2),
            Segment::Key("url".into()),
        ];
        assert_eq!(join("$.booths[0]", &segments), "$.booths[0].media[2].url");
        assert_eq!(join("$", &[]), "$");
    }
}
