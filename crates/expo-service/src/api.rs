//! Pieces shared by the JSON API handlers: the error body of the negotiation contract, the
//! language of messages, and reading a size-limited request body.

use axum::body::Body;
use axum::http::StatusCode;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use expo_manifest::Lang;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::json;

/// An error response: `{"error": {"code", "message", "field"}}` with the message in the
/// request's language.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub field: Option<String>,
    zh: String,
    en: String,
    retry_after_seconds: Option<u64>,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            code,
            field: None,
            zh: zh.into(),
            en: en.into(),
            retry_after_seconds: None,
        }
    }

    /// Creates a 422 error about one field of the request body.
    pub fn invalid_field(
        field: impl Into<String>,
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> ApiError {
        ApiError {
            field: Some(field.into()),
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, zh, en)
        }
    }

    pub fn rate_limited(retry_after_seconds: u64) -> ApiError {
        ApiError {
            retry_after_seconds: Some(retry_after_seconds),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("请求过于频繁，请在 {retry_after_seconds} 秒后重试。"),
                format!("Too many requests. Try again in {retry_after_seconds} seconds."),
            )
        }
    }

    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "服务器内部错误，请稍后重试。",
            "Internal server error. Try again later.",
        )
    }

    /// The database is unreachable or has no free connection; the client should retry.
    pub fn unavailable() -> ApiError {
        ApiError {
            retry_after_seconds: Some(5),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "service_unavailable",
                "服务暂时不可用，请稍后重试。",
                "The service is temporarily unavailable. Try again later.",
            )
        }
    }

    /// Logs a database error (never request contents) and returns the matching response.
    pub fn from_database(error: sqlx::Error, action: &str) -> ApiError {
        match error {
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
                tracing::warn!(%error, "database unavailable while {action}");
                ApiError::unavailable()
            }
            error => {
                tracing::error!(%error, "database error while {action}");
                ApiError::internal()
            }
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    pub fn into_response(self, lang: Lang) -> Response {
        let body = json!({
            "error": {
                "code": self.code,
                "message": self.message(lang),
                "field": self.field,
            }
        });
        let mut response = (self.status, json_body(&body)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(JSON_CONTENT_TYPE),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(seconds) = self.retry_after_seconds {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

fn json_body(value: &serde_json::Value) -> String {
    serde_json::to_string(value).expect("a serde_json::Value always serializes")
}

/// Builds a JSON response with the contract's content type.
pub fn json_response(status: StatusCode, value: &serde_json::Value) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(JSON_CONTENT_TYPE),
        )],
        json_body(value),
    )
        .into_response()
}

/// Returns the message language from `Accept-Language`: the first tag that starts with `zh`
/// or `en`, and Chinese when there is none.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    headers
        .get_all(header::ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|entry| entry.split(';').next())
        .find_map(|tag| Lang::parse(tag.trim()))
        .unwrap_or(Lang::Zh)
}

/// Media types a request body may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyType {
    Json,
    /// `navigator.sendBeacon` with a string sends `text/plain;charset=UTF-8`.
    JsonOrTextPlain,
}

/// Checks the `Content-Type` and reads at most `limit` bytes of the body.
pub async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    accepted: BodyType,
) -> Result<Bytes, ApiError> {
    check_content_type(headers, accepted)?;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("请求内容过大，最多 {} KiB。", limit / 1024),
            format!(
                "The request body is too large; the maximum is {} KiB.",
                limit / 1024
            ),
        )
    };
    let declared_length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Err(error) => {
            tracing::debug!(%error, "reading the request body failed");
            Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "body_unreadable",
                "无法读取请求内容。",
                "The request body could not be read.",
            ))
        }
    }
}

fn check_content_type(headers: &HeaderMap, accepted: BodyType) -> Result<(), ApiError> {
    let value = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset_ok = parts.all(|parameter| {
        let (name, value) = parameter.split_once('=').unwrap_or((parameter, ""));
        !name.trim().eq_ignore_ascii_case("charset")
            || value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
    });
    let type_ok = essence == "application/json"
        || (accepted == BodyType::JsonOrTextPlain && essence == "text/plain");
    if type_ok && charset_ok {
        return Ok(());
    }
    let (expected_zh, expected_en) = match accepted {
        BodyType::Json => ("application/json", "application/json"),
        BodyType::JsonOrTextPlain => (
            "application/json 或 text/plain",
            "application/json or text/plain",
        ),
    };
    Err(ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        format!("请求内容类型必须是 UTF-8 编码的 {expected_zh}，收到的是 {value:?}。"),
        format!("The Content-Type must be {expected_en} in UTF-8, not {value:?}."),
    ))
}

/// Parses a JSON body into an object, or returns 400 `malformed_json`.
pub fn parse_json_object(
    body: &[u8],
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    let malformed = |detail_zh: String, detail_en: String| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            detail_zh,
            detail_en,
        )
    };
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(object)) => Ok(object),
        Ok(_) => Err(malformed(
            "请求内容必须是一个 JSON 对象。".into(),
            "The request body must be a JSON object.".into(),
        )),
        Err(error) => Err(malformed(
            format!(
                "请求内容不是有效的 JSON（第 {} 行第 {} 列）。",
                error.line(),
                error.column()
            ),
            format!("The request body is not valid JSON: {error}."),
        )),
    }
}

/// Adds `Cache-Control: no-store` to a response that contains personal data or tokens.
pub fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn lang_comes_from_accept_language() {
        assert_eq!(request_lang(&headers(&[])), Lang::Zh);
        assert_eq!(
            request_lang(&headers(&[("accept-language", "en")])),
            Lang::En
        );
        assert_eq!(
            request_lang(&headers(&[("accept-language", "en-US,en;q=0.9")])),
            Lang::En
        );
        assert_eq!(
            request_lang(&headers(&[(
                "accept-language",
                "fr, zh-CN;q=0.8, en;q=0.5"
            )])),
            Lang::Zh
        );
        assert_eq!(
            request_lang(&headers(&[("accept-language", "*")])),
            Lang::Zh
        );
    }

    #[test]
    fn content_type_accepts_json_with_utf8() {
        for value in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON;charset=\"UTF-8\"",
        ] {
            let map = headers(&[("content-type", value)]);
            assert!(check_content_type(&map, BodyType::Json).is_ok(), "{value}");
        }
    }

    #[test]
    fn content_type_rejects_others() {
        for value in [
            "text/plain",
            "application/json; charset=gbk",
            "multipart/form-data",
        ] {
            let map = headers(&[("content-type", value)]);
            let error = check_content_type(&map, BodyType::Json).unwrap_err();
            assert_eq!(error.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{value}");
        }
        assert!(check_content_type(&HeaderMap::new(), BodyType::Json).is_err());
    }

    #[test]
    fn beacon_content_type_is_accepted_for_events() {
        let map = headers(&[("content-type", "text/plain;charset=UTF-8")]);
        assert!(check_content_type(&map, BodyType::JsonOrTextPlain).is_ok());
    }
}
