//! The inbox page for exhibitors and organizers at `/inbox/`, built into the binary.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::app::AppState;

const INDEX_HTML: &str = include_str!("../inbox/index.html");
const INBOX_JS: &str = include_str!("../inbox/inbox.js");
const INBOX_CSS: &str = include_str!("../inbox/inbox.css");
const FAVICON_SVG: &str = include_str!("../inbox/favicon.svg");

/// Allows only the page's own script, style and API calls: no inline script, no other
/// origins, no framing. The chart is inline SVG built with DOM calls, which needs no source.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inbox", get(|| async { Redirect::permanent("/inbox/") }))
        .route(
            "/inbox/",
            get(|| async { page(INDEX_HTML, "text/html; charset=utf-8") }),
        )
        .route(
            "/inbox/inbox.js",
            get(|| async { page(INBOX_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/inbox/inbox.css",
            get(|| async { page(INBOX_CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/inbox/favicon.svg",
            get(|| async { page(FAVICON_SVG, "image/svg+xml") }),
        )
}

fn page(body: &'static str, content_type: &'static str) -> Response {
    let headers: [(HeaderName, HeaderValue); 5] = [
        (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ];
    (headers, body).into_response()
}
