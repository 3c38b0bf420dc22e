//! The HTTP application: shared state, the router and the client address used for rate limits.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::json;
use time::UtcOffset;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::api::{self, ApiError};
use crate::catalog::Catalog;
use crate::db::Db;
use crate::rate_limit::RateLimiter;
use crate::{events, inbox, inbox_page, negotiation, static_files, statistics};

/// Settings that handlers read.
#[derive(Debug, Clone)]
pub struct Settings {
    pub utc_offset: UtcOffset,
    pub trust_proxy: bool,
    pub dist: Option<PathBuf>,
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub catalog: Arc<Catalog>,
    pub settings: Arc<Settings>,
    pub negotiation_limiter: Arc<RateLimiter>,
    pub events_limiter: Arc<RateLimiter>,
}

/// Builds the router: the API under `/api/`, the inbox page under `/inbox/`, and the built
/// hall at every other path when `--dist` is given.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/negotiations", post(negotiation::create))
        .route("/api/events", post(events::record))
        .route("/api/health", get(health))
        .route("/api/inbox/me", get(inbox::me))
        .route("/api/inbox/negotiations", get(inbox::list))
        .route("/api/inbox/negotiations.csv", get(inbox::export_csv))
        .route(
            "/api/inbox/negotiations/{receipt}/handled",
            put(inbox::set_handled),
        )
        .route("/api/statistics", get(statistics::summary))
        .route("/api/statistics/daily.csv", get(statistics::daily_csv))
        .route("/api/statistics/units.csv", get(statistics::units_csv))
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .route("/api", axum::routing::any(api_not_found));

    let mut router = api.merge(inbox_page::router());
    router = match &state.settings.dist {
        Some(dist) => router.fallback_service(static_files::service(dist)),
        None => router.fallback(no_dist),
    };
    router
        .with_state(state)
        // Brotli quality 11 (the library default) costs seconds per megabyte, far too slow
        // for on-the-fly compression. Files precompressed by `expo-service precompress` are
        // sent as they are. Video and audio are compressed already.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(5))
                .compress_when(
                    DefaultPredicate::new()
                        .and(NotForContentType::const_new("video/"))
                        .and(NotForContentType::const_new("audio/")),
                ),
        )
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(TraceLayer::new_for_http())
}

async fn health(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => api::json_response(StatusCode::OK, &json!({"status": "ok"})),
        Err(error) => {
            ApiError::from_database(error, "checking health").into_response(expo_manifest::Lang::En)
        }
    }
}

async fn api_not_found(headers: HeaderMap) -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "没有这个接口。",
        "There is no such API endpoint.",
    )
    .into_response(api::request_lang(&headers))
}

async fn no_dist() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "未配置展厅文件（--dist）。The hall is not served here: start expo-service with --dist DIR.\n",
    )
        .into_response()
}

/// The client address for rate limiting: the TCP peer, or with `--trust-proxy` the last
/// `X-Forwarded-For` entry, which the reverse proxy in front of the service appended.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        if !state.settings.trust_proxy {
            return Ok(ClientAddress(peer));
        }
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .last()
            .and_then(|entry| entry.trim().parse::<IpAddr>().ok());
        Ok(ClientAddress(forwarded.unwrap_or(peer)))
    }
}
