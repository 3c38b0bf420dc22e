//! `POST /api/negotiations`: the negotiation request contract of the hall.

pub mod receipt;
pub mod request;
pub mod store;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::api::{self, ApiError, BodyType};
use crate::app::{AppState, ClientAddress};
use crate::clock;
use store::InsertOutcome;

pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

pub async fn create(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = api::request_lang(&headers);
    match create_inner(&state, client, &headers, body).await {
        Ok(response) => response,
        Err(error) => error.into_response(lang),
    }
}

async fn create_inner(
    state: &AppState,
    client: ClientAddress,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    state.negotiation_limiter.check(client.0)?;

    let body = api::read_body(headers, body, request::MAX_BODY_BYTES, BodyType::Json).await?;
    let idempotency_key = idempotency_key(headers)?;
    let object = api::parse_json_object(&body)?;
    let request = request::validate(&object, &state.catalog)?;
    let body_sha256 = request::body_sha256(&object);

    let received_at_ms = clock::now_ms();
    let day = clock::local_day(received_at_ms, state.settings.utc_offset);
    let outcome = store::insert(
        &state.db,
        &request,
        &idempotency_key,
        &body_sha256,
        received_at_ms,
        &day,
        || receipt::new_receipt(&day),
    )
    .await
    .map_err(|error| ApiError::from_database(error, "storing a negotiation request"))?;

    match outcome {
        InsertOutcome::Created(stored) => {
            tracing::info!(receipt = %stored.receipt, booth = %request.booth, "negotiation request stored");
            Ok(receipt_response(
                StatusCode::CREATED,
                &stored.receipt,
                stored.received_at_ms,
            ))
        }
        InsertOutcome::Existing(stored) if stored.body_sha256 == body_sha256 => {
            tracing::info!(receipt = %stored.receipt, booth = %request.booth, "negotiation request retried, returning the stored receipt");
            Ok(receipt_response(
                StatusCode::OK,
                &stored.receipt,
                stored.received_at_ms,
            ))
        }
        InsertOutcome::Existing(stored) => {
            tracing::info!(receipt = %stored.receipt, "idempotency key reused with a different body, rejected");
            Err(ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_key_reused",
                "这个 Idempotency-Key 已用于另一份不同的请求。新的请求请使用新的键。",
                "This Idempotency-Key was already used for a different request body. Use a new key for a new request.",
            ))
        }
    }
}

fn receipt_response(status: StatusCode, receipt: &str, received_at_ms: i64) -> Response {
    api::json_response(
        status,
        &json!({
            "receipt": receipt,
            "received_at": clock::rfc3339_utc(received_at_ms),
        }),
    )
}

/// Reads the `Idempotency-Key` header, which must be a UUID, and returns it in lowercase
/// hyphenated form.
fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY_HEADER) else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "missing_idempotency_key",
            "缺少 Idempotency-Key 请求头。每份表单请生成一个 UUID，重试时沿用。",
            "The Idempotency-Key header is missing. Send a new UUID for each form and reuse it for retries.",
        ));
    };
    value
        .to_str()
        .ok()
        .and_then(|text| uuid::Uuid::try_parse(text.trim()).ok())
        .map(|key| key.hyphenated().to_string())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_idempotency_key",
                "Idempotency-Key 必须是 UUID，例如 0b5f9c1e-2f7a-4a8e-9d4b-3c1f2e6a7b8c。",
                "The Idempotency-Key header must be a UUID, such as 0b5f9c1e-2f7a-4a8e-9d4b-3c1f2e6a7b8c.",
            )
        })
}
