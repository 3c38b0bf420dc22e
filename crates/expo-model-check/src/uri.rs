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

/// An external buffer or image URI that passed [`resolve_uri`].
pub(crate) struct ExternalReference {
    /// The URI as written in the model.
    pub uri: String,
    /// The path Bevy requests, relative to the model's folder, or `None` for an http(s) URL.
    pub model_folder_path: Option<String>,
}

/// Resolves an external URI that passed [`resolve_uri`]. `path` names the URI in errors, such
/// as `buffers[0].uri`.
pub(crate) fn resolve_external(uri: &str, path: &str) -> Result<ExternalReference, ModelError> {
    let model_folder_path = if is_fetchable_url(uri) {
        None
    } else {
        Some(model_folder_path(uri, path)?)
    };
    Ok(ExternalReference {
        uri: uri.to_owned(),
        model_folder_path,
    })
}

/// Returns true for an `http:` or `https:` URL, which is fetched as written and is not a file
/// in the model's folder.
fn is_fetchable_url(uri: &str) -> bool {
    uri_scheme(uri).is_some_and(|scheme| {
        FETCHABLE_SCHEMES
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(scheme))
    })
}

/// Returns the media type of a `data:` URI as bevy_gltf 0.20.1 reads it (after percent-decoding,
/// without `;base64`), or `None` for any other URI.
pub(crate) fn data_uri_media_type(uri: &str) -> Option<String> {
    let decoded = percent_decode_str(uri).decode_utf8().ok()?;
    let (media_type, _) = decoded.strip_prefix("data:")?.split_once(',')?;
    let media_type = media_type.strip_suffix(";base64").unwrap_or(media_type);
    Some(media_type.to_owned())
}

/// Resolves a relative URI to the path that Bevy 0.20.1 requests for it, relative to the model
/// file's folder, and rejects a URI that names no file in that folder or below it.
///
/// bevy_gltf 0.20.1 percent-decodes the URI and passes it to bevy_asset's
/// `AssetPath::resolve_embed_str`. That drops the model's file name from the model path, appends
/// the URI (from the asset source root when it starts with `/`), and collapses `.`, `..` and
/// empty segments with `normalize_path`. A `..` that climbs above the model's folder stays in
/// Bevy's path and leaves the folder. The app stores fetched files in an in-memory folder whose
/// insert function unwraps the file name, so a path must also end in a file name.
fn model_folder_path(uri: &str, path: &str) -> Result<String, ModelError> {
    let uri_error = |problem| ModelError::BadUri {
        path: path.to_owned(),
        uri: quote(uri),
        problem,
    };
    let decoded = percent_decode_str(uri)
        .decode_utf8()
        .map_err(|_| uri_error(UriProblem::NotUtf8))?;

    // `AssetPath::parse_internal` reads the text before `://` as an asset source name and the
    // text after the last `#` as a label, so either would change the path Bevy requests.
    for separator in BEVY_PATH_SEPARATORS {
        if decoded.contains(separator) {
            return Err(uri_error(UriProblem::AssetPathSyntax { separator }));
        }
    }

    // Without a file name at the end, Bevy's path names a folder, because `std::path::Path`
    // drops a trailing `/` or `/.` and `..` names the parent folder.
    let last_segment = decoded.rsplit('/').next().unwrap_or_default();
    if matches!(last_segment, "" | "." | "..") {
        return Err(uri_error(UriProblem::NoFileName));
    }
    if decoded.starts_with('/') {
        return Err(uri_error(UriProblem::OutsideModelFolder));
    }

    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Err(uri_error(UriProblem::OutsideModelFolder));
                }
            }
            name => segments.push(name),
        }
    }
    Ok(segments.join("/"))
}

/// Text that `AssetPath` parses as syntax rather than as part of a file path.
const BEVY_PATH_SEPARATORS: [&str; 2] = ["://", "#"];

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
pub(crate) fn quote(uri: &str) -> String {
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
        // `resolve_uri` checks only the scheme. `check_model` also rejects the second and third
        // URIs, because `model_folder_path` finds that they leave the model's folder.
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
    fn model_folder_paths() {
        let cases = [
            ("my%20tex.png", "my tex.png"),
            ("sub/../a.bin", "a.bin"),
            ("./textures/./wood.png", "textures/wood.png"),
            ("textures//wood.png", "textures/wood.png"),
            ("a/b/../../c.bin", "c.bin"),
            ("sub%2F..%2Fb.bin", "b.bin"),
        ];
        for (uri, expected) in cases {
            let resolved = model_folder_path(uri, "buffers[0].uri");
            assert_eq!(resolved.as_deref().ok(), Some(expected), "{uri}");
        }
    }

    #[test]
    fn model_folder_paths_without_file_rejected() {
        let cases = [
            ("..", UriProblem::NoFileName),
            ("./", UriProblem::NoFileName),
            (".", UriProblem::NoFileName),
            ("textures/", UriProblem::NoFileName),
            ("textures/.", UriProblem::NoFileName),
            ("a/..", UriProblem::NoFileName),
            ("%2E%2E", UriProblem::NoFileName),
            ("../a.bin", UriProblem::OutsideModelFolder),
            ("sub/../../a.bin", UriProblem::OutsideModelFolder),
            ("%2E%2E/a.bin", UriProblem::OutsideModelFolder),
            ("/assets/a.bin", UriProblem::OutsideModelFolder),
            ("a%23b.bin", UriProblem::AssetPathSyntax { separator: "#" }),
            (
                "x%3A//a.bin",
                UriProblem::AssetPathSyntax { separator: "://" },
            ),
        ];
        for (uri, expected) in cases {
            let error = model_folder_path(uri, "images[3].uri").unwrap_err();
            let ModelError::BadUri { path, problem, .. } = &error else {
                panic!("{uri}: expected BadUri, got {error:?}");
            };
            assert_eq!(path, "images[3].uri", "{uri}");
            assert_eq!(problem, &expected, "{uri}");
        }
    }

    #[test]
    fn http_urls_have_no_model_folder_path() {
        let reference = resolve_external("HTTPS://example.test/a.bin", "buffers[0].uri").unwrap();
        assert_eq!(reference.model_folder_path, None);

        let reference = resolve_external("a%20b.bin", "buffers[0].uri").unwrap();
        assert_eq!(reference.model_folder_path.as_deref(), Some("a b.bin"));
    }

    #[test]
    fn data_uri_media_types() {
        assert_eq!(
            data_uri_media_type("data:image/jpeg;base64,AAAA").as_deref(),
            Some("image/jpeg")
        );
        assert_eq!(
            data_uri_media_type("data:image%2Fpng,abc").as_deref(),
            Some("image/png")
        );
        assert_eq!(data_uri_media_type("wood.png"), None);
    }

    #[test]
    fn long_uris_are_shortened_in_messages() {
        let uri = format!("file:///{}", "a".repeat(1000));
        let error = resolve_uri(&uri, "images[0]", UriUse::Image).err().unwrap();
        assert!(error.to_string().len() < 400);
    }
}
