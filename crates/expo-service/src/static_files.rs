//! Serving the built hall (trunk's dist folder): content types, precompressed `.br` and `.gz`
//! siblings, and cache headers that let browsers keep hashed files for a year.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::ServeDir;

/// For file names that change with their content.
const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For everything else (index.html, the manifest, models): revalidate on every use, which
/// costs a 304 when the file is unchanged.
const CACHE_REVALIDATE: &str = "no-cache";

/// Builds the service for the files under `dist`.
pub fn service(dist: &Path) -> Router {
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(static_headers))
}

async fn static_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let status = response.status();
    if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
        return response;
    }
    let headers = response.headers_mut();
    let cache = if is_hashed_file_name(&path) {
        CACHE_IMMUTABLE
    } else {
        CACHE_REVALIDATE
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // The same URL may be sent as Brotli, gzip or plain, so shared caches must key on it.
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if status.is_success()
        && let Some(content_type) = content_type(&path)
    {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    response
}

/// Returns the content type for the path's extension, where the one `mime_guess` gives is
/// missing a charset or differs from what browsers expect. `None` keeps ServeDir's guess.
pub fn content_type(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or("");
    if name.is_empty() {
        return Some("text/html; charset=utf-8");
    }
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "glb" => "model/gltf-binary",
        "gltf" => "model/gltf+json",
        "bin" => "application/octet-stream",
        "m3u8" => "application/vnd.apple.mpegurl",
        "vtt" => "text/vtt; charset=utf-8",
        "svg" => "image/svg+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => return None,
    })
}

/// Returns whether the file name carries a content hash as trunk writes it:
/// `<name>-<hash>.<ext>` or `<name>-<hash>_bg.wasm`. Trunk 0.22 writes a 64-bit hash in
/// lowercase hex without leading zeros, so the hash has up to 16 digits. Names with fewer than
/// 8 are not taken as hashed, which misses about one build in four billion.
pub fn is_hashed_file_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let Some((stem, _extension)) = name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    (8..=16).contains(&hash.len())
        && hash
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_recognized() {
        for hashed in [
            "/expo-hall-0123456789abcdef_bg.wasm",
            "/expo-hall-0123456789abcdef.js",
            "/style-fedcba9876543210.css",
            "/joystick-00112233445566ff.js",
            // A hash with a leading zero digit dropped.
            "/expo-hall-f87d2af24b8c7af_bg.wasm",
        ] {
            assert!(is_hashed_file_name(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/scenes/guangxi-2022/manifest.json",
            "/scenes/guangxi-2022/models/robot-arm.glb",
            "/expo-hall-0123456789ABCDEF.js",
            "/expo-hall-abc1234.js",
            "/expo-hall-0123456789abcdef0.js",
        ] {
            assert!(!is_hashed_file_name(plain), "{plain}");
        }
    }

    #[test]
    fn content_types_match_extensions() {
        assert_eq!(content_type("/x_bg.wasm"), Some("application/wasm"));
        assert_eq!(content_type("/"), Some("text/html; charset=utf-8"));
        assert_eq!(content_type("/a/model.GLB"), Some("model/gltf-binary"));
        assert_eq!(content_type("/poster.png"), None);
    }
}
