//! Fetching files by URL (browser `fetch` on the web, the file system natively) and resolving
//! references relative to the file that names them.

use std::sync::{Arc, Mutex};

/// The reason a fetch failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The server responded with an HTTP error status (404 and so on).
    Status(u16),
    /// No response: network down, blocked by the browser, or the file could not be opened.
    Unreachable(String),
    /// Fetching this kind of URL is not possible in this build.
    Unsupported,
    /// No complete response within the fetch time limit.
    TimedOut,
}

impl FetchError {
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::Status(404) => "not-found",
            FetchError::Status(_) => "http-error",
            FetchError::Unreachable(_) => "unreachable",
            FetchError::Unsupported => "unsupported-url",
            FetchError::TimedOut => "timed-out",
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            FetchError::Status(404) => "the file was not found (HTTP 404). Check the URL and that the file is published".to_owned(),
            FetchError::Status(status) => format!("the server responded with HTTP {status}. Check the server and try again"),
            FetchError::Unreachable(detail) => format!("the file could not be fetched ({detail}). Check the URL and the network"),
            FetchError::Unsupported => "this URL cannot be fetched by the native build; use a file path relative to the manifest".to_owned(),
            FetchError::TimedOut => "the download timed out. Check the network and the server, then reload the page".to_owned(),
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            FetchError::Status(404) => "找不到文件（HTTP 404）。请检查地址，并确认文件已发布".to_owned(),
            FetchError::Status(status) => format!("服务器返回 HTTP {status}。请检查服务器后重试"),
            FetchError::Unreachable(detail) => format!("无法获取文件（{detail}）。请检查地址和网络"),
            FetchError::Unsupported => "本地版本无法获取此地址；请使用相对于清单文件的路径".to_owned(),
            FetchError::TimedOut => "下载超时。请检查网络和服务器，然后刷新页面".to_owned(),
        }
    }
}

/// Results of fetches started with [`fetch_into`], collected for a system to take each frame.
pub type Inbox<T> = Arc<Mutex<Vec<T>>>;

/// Fetches `url` and pushes `wrap(result)` into `inbox` when done.
pub fn fetch_into<T: Send + 'static>(
    url: String,
    inbox: Inbox<T>,
    wrap: impl FnOnce(Result<Vec<u8>, FetchError>) -> T + 'static,
) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        let result = crate::web::fetch::fetch_bytes(&url).await;
        push(&inbox, wrap(result));
    });

    #[cfg(not(target_arch = "wasm32"))]
    {
        let result = read_local(&url);
        push(&inbox, wrap(result));
    }
}

fn push<T>(inbox: &Inbox<T>, item: T) {
    // A poisoned lock only means another pusher panicked; the queue itself is still usable.
    let mut queue = inbox.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    queue.push(item);
}

/// Takes every finished result out of `inbox`.
pub fn drain<T>(inbox: &Inbox<T>) -> Vec<T> {
    let mut queue = inbox.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    std::mem::take(&mut *queue)
}

#[cfg(not(target_arch = "wasm32"))]
fn read_local(path: &str) -> Result<Vec<u8>, FetchError> {
    if has_http_scheme(path) {
        // NOTE: the native build is for development and tests, so it reads local files only.
        return Err(FetchError::Unsupported);
    }
    std::fs::read(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => FetchError::Status(404),
        _ => FetchError::Unreachable(error.to_string()),
    })
}

/// Resolves `reference` against the URL or path `base` of the file that contains it.
///
/// Absolute http(s) references are returned unchanged; `/path` keeps the base's origin; other
/// references replace the base's last path segment, with `.` and `..` segments collapsed.
pub fn resolve_reference(base: &str, reference: &str) -> String {
    if has_http_scheme(reference) {
        return reference.to_owned();
    }
    let base = base.split(['?', '#']).next().unwrap_or(base);
    let (origin, base_path) = split_origin(base);
    if reference.starts_with('/') {
        return format!("{origin}{}", normalize(reference));
    }
    let directory = match base_path.rfind('/') {
        Some(slash) => &base_path[..=slash],
        None => "",
    };
    format!("{origin}{}", normalize(&format!("{directory}{reference}")))
}

/// Returns true for `http://` and `https://` URLs; URL schemes are case-insensitive.
pub fn has_http_scheme(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Returns the scheme of `url` (`javascript`, `data`, …) when it has one other than http(s).
/// A reference without a scheme is relative and returns `None`.
pub fn other_scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let is_scheme = !scheme.is_empty()
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (is_scheme && !has_http_scheme(url)).then(|| scheme.to_ascii_lowercase())
}

/// Splits `scheme://host` off a URL; paths have an empty origin.
fn split_origin(url: &str) -> (&str, &str) {
    if let Some(scheme_end) = url.find("://") {
        let after = scheme_end + 3;
        let path_start = url[after..].find('/').map_or(url.len(), |i| after + i);
        (&url[..path_start], &url[path_start..])
    } else {
        ("", url)
    }
}

fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.last().is_some_and(|last| *last != "..") {
                    segments.pop();
                } else if !absolute {
                    segments.push("..");
                }
            }
            other => segments.push(other),
        }
    }
    let joined = segments.join("/");
    if absolute { format!("/{joined}") } else { joined }
}

#[cfg(test)]
mod tests {
    use super::resolve_reference;

    #[test]
    fn resolve_relative_to_page_path() {
        assert_eq!(
            resolve_reference("scenes/guangxi-2022/manifest.json", "models/engine.glb"),
            "scenes/guangxi-2022/models/engine.glb"
        );
        assert_eq!(resolve_reference("a/b/m.json", "../x/y.glb"), "a/x/y.glb");
        assert_eq!(resolve_reference("m.json", "y.glb"), "y.glb");
    }

    #[test]
    fn resolve_relative_to_absolute_url() {
        assert_eq!(
            resolve_reference("http://127.0.0.1:8080/s/m.json?v=2#top", "models/a.glb"),
            "http://127.0.0.1:8080/s/models/a.glb"
        );
        assert_eq!(
            resolve_reference("http://127.0.0.1:8080/s/m.json", "/other/a.glb"),
            "http://127.0.0.1:8080/other/a.glb"
        );
        assert_eq!(
            resolve_reference("http://127.0.0.1:8080/s/m.json", "../../../a.glb"),
            "http://127.0.0.1:8080/a.glb"
        );
    }

    #[test]
    fn absolute_reference_is_unchanged() {
        assert_eq!(resolve_reference("a/m.json", "https://example.org/a.glb"), "https://example.org/a.glb");
        assert_eq!(resolve_reference("a/m.json", "HTTPS://example.org/a.glb"), "HTTPS://example.org/a.glb");
    }

    #[test]
    fn other_schemes_are_detected() {
        assert_eq!(super::other_scheme("javascript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(super::other_scheme("DATA:application/json,{}").as_deref(), Some("data"));
        assert_eq!(super::other_scheme("Https://example.org/m.json"), None);
        assert_eq!(super::other_scheme("scenes/m.json"), None);
        assert_eq!(super::other_scheme("/scenes/a:b.json"), None);
    }
}
