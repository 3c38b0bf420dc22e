//! Buffer and image URIs: `data:` URIs decoded the way bevy_gltf 0.20.1 decodes them, and
//! external URIs screened before the app fetches them.
//!
//! bevy_gltf 0.20.1 (`load_buffers` and `load_image` in `src/loader/mod.rs`) first
//! percent-decodes every URI and unwraps the UTF-8 conversion. It then treats a URI that starts
//! with `data:` and contains a `,` as a data URI. Data marked `;base64` goes through base64's
//! STANDARD engine, and other data is used as its text bytes. Buffer data URIs must have one of
//! [`BUFFER_MIME_TYPES`]. Any other URI is a path relative to the model.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::percent_decode_str;

use crate::error::{DataUriProblem, ModelError, UriProblem};

/// Media types bevy_gltf 0.20.1 accepts in a buffer data URI.
const BUFFER_MIME_TYPES: &[&str] = &["application/octet-stream", "application/gltf-buffer"];

/// Schemes of absolute URIs that may be fetched; everything else (`file:`, `javascript:`, a
/// Windows drive letter such as `C:`) is rejected.
const FETCHABLE_SCHEMES: &[&str] = &["http", "https"];

/// Maximum number of characters of a URI quoted in an error message.
const QUOTED_URI_CHARS: usize = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UriUse {
    Buffer,
    Image,
}

pub(crate) enum UriTarget {
    /// A data URI with its decoded bytes.
    Data(Vec<u8>),
    /// A file next to the model, or an http(s) URL.
    External,
}

/// Decodes a data URI or checks that an external URI may be fetched.
pub(crate) fn resolve_uri(uri: &str, path: &str, uri_use: UriUse) -> Result<UriTarget, ModelError> {
    let decoded = percent_decode_str(uri)
        .decode_utf8()
        .map_err(|_| ModelError::BadUri {
            path: path.to_owned(),
            uri: quote(uri),
            problem: UriProblem::NotUtf8,
        })?;

    if let Some(rest) = decoded.strip_prefix("data:") {
        return decode_data_uri(rest, path, uri_use).map(UriTarget::Data);
    }

    if uri.is_empty() {
        return Err(ModelError::BadUri {
            path: path.to_owned(),
            uri: String::new(),
            problem: UriProblem::Empty,
        });
    }
    if let Some(scheme) = uri_scheme(uri) {
        let fetchable = FETCHABLE_SCHEMES
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(scheme));
        if !fetchable {
            return Err(ModelError::BadUri {
                path: path.to_owned(),
                uri: quote(uri),
                problem: UriProblem::Scheme {
                    scheme: scheme.to_owned(),
                },
            });
        }
    }
    Ok(UriTarget::External)
}

/// Decodes the part of a percent-decoded data URI after `data:`.
fn decode_data_uri(rest: &str, path: &str, uri_use: UriUse) -> Result<Vec<u8>, ModelError> {
    let data_uri_error = |problem| ModelError::BadDataUri {
        path: path.to_owned(),
        problem,
    };

    // Without a comma bevy_gltf 0.20.1 would treat the whole URI as a file path.
    let (media_type, data) = rest
        .split_once(',')
        .ok_or_else(|| data_uri_error(DataUriProblem::NoComma))?;
    let (mime_type, is_base64) = match media_type.strip_suffix(";base64") {
        Some(mime_type) => (mime_type, true),
        None => (media_type, false),
    };

    if uri_use == UriUse::Buffer && !BUFFER_MIME_TYPES.contains(&mime_type) {
        return Err(data_uri_error(DataUriProblem::BufferMimeType {
            mime_type: quote(mime_type),
        }));
    }

    if is_base64 {
        STANDARD.decode(data).map_err(|error| {
            data_uri_error(DataUriProblem::Base64 {
                detail: error.to_string(),
            })
        })
    } else {
        Ok(data.as_bytes().to_vec())
    }
}

/// Returns the scheme of an absolute URI (RFC 3986: a letter, then letters, digits, `+`, `-`
/// or `.`, then `:`), or `None` for a relative reference.
fn uri_scheme(uri: &str) -> Option<&str> {
    let (scheme, _) = uri.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic());
    let rest_valid = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_valid).then_some(scheme)
}

/// Shortens a URI for an error message; a long data URI would otherwise fill the screen.
fn quote(uri: &str) -> String {
    match uri.char_indices().nth(QUOTED_URI_CHARS) {
        Some((cut, _)) => format!("{}...", &uri[..cut]),
        None => uri.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_detection() {
        assert_eq!(uri_scheme("https://example.test/a.bin"), Some("https"));
        assert_eq!(uri_scheme("file:///etc/passwd"), Some("file"));
        assert_eq!(uri_scheme("C:\\models\\a.bin"), Some("C"));
        assert_eq!(uri_scheme("javascript:alert(1)"), Some("javascript"));
        assert_eq!(uri_scheme("textures/a:b.png"), None);
        assert_eq!(uri_scheme("model.bin"), None);
        assert_eq!(uri_scheme("../shared/model.bin"), None);
        assert_eq!(uri_scheme("1abc:def"), None);
    }

    #[test]
    fn external_uri_rules() {
        let allowed = [
            "model.bin",
            "../shared/a%20b.bin",
            "/assets/a.bin",
            "HTTPS://example.test/a.bin",
        ];
        for uri in allowed {
            let result = resolve_uri(uri, "buffers[0]", UriUse::Buffer);
            assert!(
                matches!(result, Ok(UriTarget::External)),
                "{uri} should be allowed"
            );
        }

        let rejected = [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "C:\\models\\a.bin",
            "blob:abc",
        ];
        for uri in rejected {
            let error = resolve_uri(uri, "buffers[0]", UriUse::Buffer)
                .err()
                .expect(uri);
            assert_eq!(error.code(), "bad-uri", "{uri}");
        }
    }

    #[test]
    fn percent_decoding_to_invalid_utf8_is_rejected() {
        let error = resolve_uri("model%FF.bin", "buffers[1]", UriUse::Buffer)
            .err()
            .unwrap();
        assert_eq!(error.code(), "bad-uri");
        assert!(error.to_string().contains("buffers[1]"));
    }

    #[test]
    fn data_uri_decoding() {
        let Ok(UriTarget::Data(bytes)) = resolve_uri(
            "data:application/octet-stream;base64,AAECAw==",
            "buffers[0]",
            UriUse::Buffer,
        ) else {
            panic!("base64 data URI should decode");
        };
        assert_eq!(bytes, [0, 1, 2, 3]);

        let Ok(UriTarget::Data(bytes)) = resolve_uri(
            "data:application/gltf-buffer,abc",
            "buffers[0]",
            UriUse::Buffer,
        ) else {
            panic!("plain data URI should decode");
        };
        assert_eq!(bytes, b"abc");
    }

    #[test]
    fn bad_data_uris() {
        let cases = [
            ("data:text/plain;base64,AAAA", UriUse::Buffer),
            ("data:application/octet-stream;base64,AA=A", UriUse::Buffer),
            ("data:application/octet-stream;base64", UriUse::Buffer),
            ("data:image/png;base64,%%%", UriUse::Image),
        ];
        for (uri, uri_use) in cases {
            let error = resolve_uri(uri, "buffers[0]", uri_use).err().expect(uri);
            assert_eq!(error.code(), "bad-data-uri", "{uri}");
        }
    }

    #[test]
    fn long_uris_are_shortened_in_messages() {
        let uri = format!("file:///{}", "a".repeat(1000));
        let error = resolve_uri(&uri, "images[0]", UriUse::Image).err().unwrap();
        assert!(error.to_string().len() < 400);
    }
}
