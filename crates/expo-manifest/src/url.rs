//! The URL rule for every link in a manifest: `http://`, `https://` or a relative reference.

use crate::messages::is_invisible;
use crate::problem::UrlIssue;

/// Checks that `url` is an absolute `http`/`https` URL with a host, or a relative reference
/// such as `models/drum.glb`, `../posters/a.png` or `/assets/a.png`.
///
/// Rejected: the empty string, whitespace, control and invisible formatting characters
/// (browsers strip some of them, so `java\tscript:` would run as `javascript:`), backslashes (browsers read them as `/`),
/// protocol-relative `//host/...`, and every other scheme (`javascript:`, `data:`, `file:`, ...).
pub(crate) fn check_url(url: &str) -> Result<(), UrlIssue> {
    if url.is_empty() {
        return Err(UrlIssue::Empty);
    }
    if let Some(character) = url.chars().find(|&c| c.is_whitespace() || is_invisible(c)) {
        return Err(UrlIssue::ForbiddenCharacter { character });
    }
    if url.contains('\\') {
        return Err(UrlIssue::Backslash);
    }
    if url.starts_with("//") {
        return Err(UrlIssue::ProtocolRelative);
    }

    let Some(scheme) = scheme(url) else {
        return Ok(());
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(UrlIssue::DisallowedScheme { scheme });
    }
    let after_scheme = &url[scheme.len() + 1..];
    let host = after_scheme
        .strip_prefix("//")
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(host) if !host.is_empty() => Ok(()),
        _ => Err(UrlIssue::MissingHost),
    }
}

/// Returns the scheme of `url`, if it has one: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`
/// before the first `:` that comes before any `/`, `?` or `#` (RFC 3986, section 3.1).
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes()[end] != b':' {
        return None;
    }
    let candidate = &url[..end];
    let mut bytes = candidate.bytes();
    let starts_with_letter = bytes.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = bytes.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
    // Without a valid scheme name, browsers resolve `1a:b` or `:b` as a relative path.
    (starts_with_letter && rest_ok).then_some(candidate)
}

/// Returns whether the path of `url`, without query and fragment, ends in `extension` (such as
/// `.vtt`), in any letter case.
pub(crate) fn has_extension(url: &str, extension: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    path.to_ascii_lowercase().ends_with(extension)
}

/// Returns the lowercase host of an absolute `https` URL, without user information or port,
/// or `None` for any other URL. `https://allowed.example@other.example/` has the host
/// `other.example`, as browsers read it.
pub(crate) fn https_host(url: &str) -> Option<String> {
    let scheme = scheme(url)?;
    if !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    host_after_scheme(url, scheme)
}

/// Returns the lowercase host of an absolute `http` or `https` URL, or `None` for any other URL.
pub(crate) fn http_host(url: &str) -> Option<String> {
    let scheme = scheme(url)?;
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return None;
    }
    host_after_scheme(url, scheme)
}

fn host_after_scheme(url: &str, scheme: &str) -> Option<String> {
    let rest = url[scheme.len() + 1..].strip_prefix("//")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_and_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_and_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => host_and_port,
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Checks that the path of `url`, without query and fragment, ends in `.glb` or `.gltf`
/// (in any letter case).
pub(crate) fn has_gltf_extension(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    path.ends_with(".glb") || path.ends_with(".gltf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_urls() {
        for url in [
            "https://example.com/a.glb",
            "HTTP://example.com",
            "http://example.com:8080?x=1",
            "models/drum.glb",
            "./models/drum.glb",
            "../posters/a.png",
            "/assets/a.png",
            "posters/展位.png",
            "a.png?v=2#top",
            "1a:b",
        ] {
            assert_eq!(check_url(url), Ok(()), "{url:?} should be accepted");
        }
    }

    #[test]
    fn rejected_urls() {
        let scheme = |name: &str| UrlIssue::DisallowedScheme {
            scheme: name.to_owned(),
        };
        let cases = [
            ("", UrlIssue::Empty),
            ("javascript:alert(1)", scheme("javascript")),
            ("JavaScript:alert(1)", scheme("javascript")),
            ("data:text/html,<script>alert(1)</script>", scheme("data")),
            ("file:///etc/passwd", scheme("file")),
            ("ftp://example.com/a.glb", scheme("ftp")),
            ("c:/models/a.glb", scheme("c")),
            ("//evil.example/a.glb", UrlIssue::ProtocolRelative),
            ("/\\evil.example/a.glb", UrlIssue::Backslash),
            (
                "java\tscript:alert(1)",
                UrlIssue::ForbiddenCharacter { character: '\t' },
            ),
            (
                " https://example.com",
                UrlIssue::ForbiddenCharacter { character: ' ' },
            ),
            ("a b.glb", UrlIssue::ForbiddenCharacter { character: ' ' }),
            (
                "a\u{3000}b.glb",
                UrlIssue::ForbiddenCharacter {
                    character: '\u{3000}',
                },
            ),
            (
                "a\u{7f}.glb",
                UrlIssue::ForbiddenCharacter {
                    character: '\u{7f}',
                },
            ),
            (
                "a\u{200b}.glb",
                UrlIssue::ForbiddenCharacter {
                    character: '\u{200b}',
                },
            ),
            ("https:example.com", UrlIssue::MissingHost),
            ("https:///a.glb", UrlIssue::MissingHost),
            ("http://", UrlIssue::MissingHost),
        ];
        for (url, issue) in cases {
            assert_eq!(check_url(url), Err(issue), "{url:?}");
        }
    }

    #[test]
    fn gltf_extension() {
        assert!(has_gltf_extension("models/drum.glb"));
        assert!(has_gltf_extension("models/drum.GLTF?v=3#node"));
        assert!(!has_gltf_extension("models/drum.obj"));
        assert!(!has_gltf_extension("models/drum.glb.zip"));
        assert!(!has_gltf_extension("https://example.com/get?file=drum.glb"));
    }
}
