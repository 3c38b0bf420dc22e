//! The inbox API for exhibitors and organizers: list, export and mark negotiation requests.
//! A booth token reaches only its own booth's requests; an organizer token reaches all.
//! Responses contain personal data, so they are sent with `Cache-Control: no-store`.

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use expo_manifest::Lang;
use serde::Deserialize;
use serde_json::{Value, json};
use sqlx::Row;

use crate::api::{self, ApiError, BodyType};
use crate::app::AppState;
use crate::clock;
use crate::csv::CsvWriter;
use crate::fields::Fields;
use crate::negotiation::receipt;
use crate::tokens::{self, Principal};
use crate::{on_reader, on_writer};

/// Maximum number of requests in one page of the list.
pub const MAX_PAGE: i64 = 500;
const DEFAULT_PAGE: i64 = 100;

/// Filter of the list by handled state.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StatusFilter {
    #[default]
    All,
    Open,
    Handled,
}

impl StatusFilter {
    fn code(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Open => "open",
            StatusFilter::Handled => "handled",
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    #[serde(default)]
    status: StatusFilter,
    /// Organizers only: one booth's requests.
    booth: Option<String>,
    limit: Option<i64>,
    /// Cursor from `next_before` of the previous page.
    before: Option<i64>,
    /// Language of the CSV column headings.
    lang: Option<String>,
}

/// A stored negotiation request as the inbox shows it.
#[derive(Debug, Clone)]
struct StoredRequest {
    id: i64,
    receipt: String,
    booth: String,
    name: String,
    organization: String,
    phone: Option<String>,
    email: Option<String>,
    topic: String,
    message: String,
    time_slot: Option<String>,
    lang: String,
    client_created_at: String,
    received_at_ms: i64,
    handled_at_ms: Option<i64>,
}

pub async fn me(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let lang = api::request_lang(&headers);
    let principal =
        match tokens::authenticate(&state.db, &state.catalog.exhibition_id, &headers).await {
            Ok(principal) => principal,
            Err(error) => return error.into_response(lang),
        };
    let booth = principal.booth().map(|id| {
        let info = state.catalog.booth(id);
        json!({
            "id": id,
            "title": info.map(|booth| &booth.title),
            "exhibitor": info.map(|booth| &booth.exhibitor),
        })
    });
    // Organizers filter the list by booth: these are the booths that can receive requests.
    let negotiation_booths: Vec<Value> = match principal {
        Principal::Organizer => state
            .catalog
            .booths
            .iter()
            .filter(|booth| booth.negotiation_topics.is_some())
            .map(
                |booth| json!({"id": booth.id, "title": booth.title, "exhibitor": booth.exhibitor}),
            )
            .collect(),
        Principal::Booth(_) => Vec::new(),
    };
    let body = json!({
        "role": if principal == Principal::Organizer { "organizer" } else { "booth" },
        "booth": booth,
        "negotiation_booths": negotiation_booths,
        "exhibition": {
            "id": state.catalog.exhibition_id,
            "title": state.catalog.title,
        },
        "utc_offset": clock::format_utc_offset(state.settings.utc_offset),
    });
    api::no_store(api::json_response(StatusCode::OK, &body))
}

pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Response {
    let lang = api::request_lang(&headers);
    match list_inner(&state, &headers, params).await {
        Ok(body) => api::no_store(api::json_response(StatusCode::OK, &body)),
        Err(error) => error.into_response(lang),
    }
}

async fn list_inner(
    state: &AppState,
    headers: &HeaderMap,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Value, ApiError> {
    let principal = tokens::authenticate(&state.db, &state.catalog.exhibition_id, headers).await?;
    let Query(params) = params.map_err(invalid_query)?;
    let limit = params.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            format!("limit 必须在 1 到 {MAX_PAGE} 之间。"),
            format!("limit must be between 1 and {MAX_PAGE}."),
        ));
    }
    let booth = visible_booth(&principal, params.booth.as_deref());
    let rows = fetch(state, booth, params.status, params.before, Some(limit))
        .await
        .map_err(|error| ApiError::from_database(error, "listing negotiation requests"))?;
    let next_before = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|row| row.id))
        .flatten();
    let requests: Vec<Value> = rows.iter().map(|row| request_json(state, row)).collect();
    Ok(json!({ "requests": requests, "next_before": next_before }))
}

pub async fn export_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Response {
    let lang = api::request_lang(&headers);
    let result = async {
        let principal =
            tokens::authenticate(&state.db, &state.catalog.exhibition_id, &headers).await?;
        let Query(params) = params.map_err(invalid_query)?;
        let booth = visible_booth(&principal, params.booth.as_deref());
        let rows = fetch(&state, booth, params.status, None, None)
            .await
            .map_err(|error| ApiError::from_database(error, "exporting negotiation requests"))?;
        let csv_lang = params.lang.as_deref().and_then(Lang::parse).unwrap_or(lang);
        let file_name = match booth {
            Some(booth) => format!("negotiations-{booth}.csv"),
            None => format!("negotiations-{}.csv", state.catalog.exhibition_id),
        };
        tracing::info!(
            booth = booth.unwrap_or("all"),
            requests = rows.len(),
            "negotiation requests exported"
        );
        Ok::<_, ApiError>(requests_csv(&state, &rows, csv_lang).into_response(&file_name))
    }
    .await;
    match result {
        Ok(response) => api::no_store(response),
        Err(error) => error.into_response(lang),
    }
}

pub async fn set_handled(
    State(state): State<AppState>,
    Path(receipt_number): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = api::request_lang(&headers);
    match set_handled_inner(&state, &receipt_number, &headers, body).await {
        Ok(body) => api::no_store(api::json_response(StatusCode::OK, &body)),
        Err(error) => error.into_response(lang),
    }
}

async fn set_handled_inner(
    state: &AppState,
    receipt_number: &str,
    headers: &HeaderMap,
    body: Body,
) -> Result<Value, ApiError> {
    let principal = tokens::authenticate(&state.db, &state.catalog.exhibition_id, headers).await?;
    let body = api::read_body(headers, body, 1024, BodyType::Json).await?;
    let object = api::parse_json_object(&body)?;
    let fields = Fields::new(&object, "");
    fields.reject_unknown(&["handled"])?;
    let handled = fields.required_bool("handled")?;

    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("没有回执号为 {receipt_number} 的洽谈请求。"),
            format!("There is no negotiation request with the receipt {receipt_number}."),
        )
    };
    if !receipt::is_receipt(receipt_number) {
        return Err(not_found());
    }
    let booth = principal.booth();
    let now = clock::now_ms();
    // $1 is the time to record, or 0 to clear the mark. Marking twice keeps the first time.
    let sql = "UPDATE negotiations \
               SET handled_at_ms = CASE WHEN $1 > 0 THEN COALESCE(handled_at_ms, $1) ELSE NULL END \
               WHERE receipt = $2 AND exhibition = $3 AND ($4 IS NULL OR booth = $4) \
               RETURNING booth, handled_at_ms";
    let handled_at = if handled { now } else { 0 };
    let updated = on_writer!(&state.db, |pool| {
        sqlx::query(sql)
            .bind(handled_at)
            .bind(receipt_number)
            .bind(&state.catalog.exhibition_id)
            .bind(booth)
            .fetch_optional(pool)
            .await
            .and_then(|row| {
                row.map(|row| {
                    Ok((
                        row.try_get::<String, _>("booth")?,
                        row.try_get::<Option<i64>, _>("handled_at_ms")?,
                    ))
                })
                .transpose()
            })
    })
    .map_err(|error| ApiError::from_database(error, "marking a negotiation request"))?;
    // Another booth's request gets 404 like a missing one, so a booth token cannot probe
    // which receipts exist.
    let Some((booth, handled_at_ms)) = updated else {
        return Err(not_found());
    };
    tracing::info!(receipt = receipt_number, booth = %booth, handled, "negotiation request marked");
    Ok(json!({
        "receipt": receipt_number,
        "handled": handled_at_ms.is_some(),
        "handled_at": handled_at_ms.map(clock::rfc3339_utc),
    }))
}

/// Returns the booth a request may read: a booth token's own booth whatever was asked, or
/// the organizer's optional filter.
fn visible_booth<'a>(principal: &'a Principal, requested: Option<&'a str>) -> Option<&'a str> {
    match principal {
        Principal::Booth(booth) => Some(booth),
        Principal::Organizer => requested.filter(|booth| !booth.is_empty()),
    }
}

fn invalid_query(rejection: QueryRejection) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_query",
        format!("查询参数无效：{}", rejection.body_text()),
        format!("Invalid query parameters: {}", rejection.body_text()),
    )
}

async fn fetch(
    state: &AppState,
    booth: Option<&str>,
    status: StatusFilter,
    before: Option<i64>,
    limit: Option<i64>,
) -> Result<Vec<StoredRequest>, sqlx::Error> {
    on_reader!(&state.db, |pool| {
        let rows = sqlx::query(
            "SELECT id, receipt, booth, name, organization, phone, email, topic, message, time_slot, \
             lang, client_created_at, received_at_ms, handled_at_ms FROM negotiations \
             WHERE exhibition = $1 \
             AND ($2 IS NULL OR booth = $2) \
             AND ($3 = 'all' OR ($3 = 'open' AND handled_at_ms IS NULL) \
                  OR ($3 = 'handled' AND handled_at_ms IS NOT NULL)) \
             AND ($4 IS NULL OR id < $4) \
             ORDER BY id DESC LIMIT $5",
        )
        .bind(&state.catalog.exhibition_id)
        .bind(booth)
        .bind(status.code())
        .bind(before)
        .bind(limit.unwrap_or(i64::MAX))
        .fetch_all(pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredRequest {
                    id: row.try_get("id")?,
                    receipt: row.try_get("receipt")?,
                    booth: row.try_get("booth")?,
                    name: row.try_get("name")?,
                    organization: row.try_get("organization")?,
                    phone: row.try_get("phone")?,
                    email: row.try_get("email")?,
                    topic: row.try_get("topic")?,
                    message: row.try_get("message")?,
                    time_slot: row.try_get("time_slot")?,
                    lang: row.try_get("lang")?,
                    client_created_at: row.try_get("client_created_at")?,
                    received_at_ms: row.try_get("received_at_ms")?,
                    handled_at_ms: row.try_get("handled_at_ms")?,
                })
            })
            .collect()
    })
}

fn request_json(state: &AppState, row: &StoredRequest) -> Value {
    let booth = state.catalog.booth(&row.booth);
    json!({
        "receipt": row.receipt,
        "booth": row.booth,
        "booth_title": booth.map(|booth| &booth.title),
        "exhibitor": booth.map(|booth| &booth.exhibitor),
        "name": row.name,
        "organization": row.organization,
        "phone": row.phone,
        "email": row.email,
        "topic": row.topic,
        "message": row.message,
        "time_slot": row.time_slot,
        "lang": row.lang,
        "created_at": row.client_created_at,
        "received_at": clock::rfc3339_utc(row.received_at_ms),
        "handled": row.handled_at_ms.is_some(),
        "handled_at": row.handled_at_ms.map(clock::rfc3339_utc),
    })
}

fn requests_csv(state: &AppState, rows: &[StoredRequest], lang: Lang) -> CsvWriter {
    let offset = state.settings.utc_offset;
    let zone = clock::format_utc_offset(offset);
    let mut csv = CsvWriter::new();
    let headings: [String; 14] = match lang {
        Lang::Zh => [
            "回执号".into(),
            "展位".into(),
            "参展单位".into(),
            "姓名".into(),
            "单位".into(),
            "电话".into(),
            "电子邮箱".into(),
            "洽谈主题".into(),
            "留言".into(),
            "意向时间".into(),
            "语言".into(),
            format!("接收时间（UTC{zone}）"),
            "访客提交时间（UTC）".into(),
            format!("处理时间（UTC{zone}）"),
        ],
        Lang::En => [
            "Receipt".into(),
            "Booth".into(),
            "Exhibitor".into(),
            "Name".into(),
            "Organization".into(),
            "Phone".into(),
            "E-mail".into(),
            "Topic".into(),
            "Message".into(),
            "Preferred time".into(),
            "Language".into(),
            format!("Received (UTC{zone})"),
            "Sent by visitor (UTC)".into(),
            format!("Handled (UTC{zone})"),
        ],
    };
    csv.row(headings.iter());
    for row in rows {
        let exhibitor = state
            .catalog
            .booth(&row.booth)
            .map(|booth| booth.exhibitor.get(lang).to_owned())
            .unwrap_or_default();
        csv.row([
            row.receipt.as_str(),
            &row.booth,
            &exhibitor,
            &row.name,
            &row.organization,
            row.phone.as_deref().unwrap_or(""),
            row.email.as_deref().unwrap_or(""),
            &row.topic,
            &row.message,
            row.time_slot.as_deref().unwrap_or(""),
            &row.lang,
            &clock::local_date_time(row.received_at_ms, offset),
            &row.client_created_at,
            &row.handled_at_ms
                .map(|ms| clock::local_date_time(ms, offset))
                .unwrap_or_default(),
        ]);
    }
    csv
}
