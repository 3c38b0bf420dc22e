//! `POST /api/events`: anonymous visit events from the hall, stored for the statistics.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::api::{self, ApiError, BodyType};
use crate::app::{AppState, ClientAddress};
use crate::catalog::Catalog;
use crate::clock;
use crate::fields::Fields;
use crate::on_writer;

/// Maximum size of an events body in bytes: 100 events of about 250 bytes, with room to spare.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Maximum number of events in one batch.
pub const MAX_EVENTS: usize = 100;
/// Event times are trusted only this far into the past; older ones count as this old. The
/// limit stops a wrong client clock from adding visits to days long closed.
const MAX_EVENT_AGE_MS: i64 = 24 * 60 * 60 * 1000;

/// Kinds of visit events, as the contract names them.
pub const KINDS: [&str; 6] = [
    "visit_start",
    "zone_entered",
    "booth_viewed",
    "panel_opened",
    "live_watched",
    "negotiation_sent",
];
const PANELS: [&str; 3] = ["video", "live", "negotiate"];

/// One validated event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitEvent {
    pub kind: &'static str,
    pub occurred_at_ms: i64,
    pub zone: Option<String>,
    pub booth: Option<String>,
    pub panel: Option<&'static str>,
}

/// A validated batch of events from one visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventBatch {
    pub exhibition: String,
    pub visit: String,
    pub events: Vec<VisitEvent>,
}

pub async fn record(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = api::request_lang(&headers);
    match record_inner(&state, client, &headers, body).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => error.into_response(lang),
    }
}

async fn record_inner(
    state: &AppState,
    client: ClientAddress,
    headers: &HeaderMap,
    body: Body,
) -> Result<(), ApiError> {
    state.events_limiter.check(client.0)?;
    let body = api::read_body(headers, body, MAX_BODY_BYTES, BodyType::JsonOrTextPlain).await?;
    let object = api::parse_json_object(&body)?;
    let batch = validate(&object, &state.catalog)?;
    let received_at_ms = clock::now_ms();
    store(state, &batch, received_at_ms)
        .await
        .map_err(|error| ApiError::from_database(error, "storing visit events"))?;
    tracing::debug!(events = batch.events.len(), "visit events stored");
    Ok(())
}

/// Validates an events body. The first invalid event rejects the whole batch, and the error
/// names it, such as `events[3].booth`.
pub fn validate(object: &Map<String, Value>, catalog: &Catalog) -> Result<EventBatch, ApiError> {
    let fields = Fields::new(object, "");
    fields.reject_unknown(&["exhibition", "visit", "events"])?;

    let exhibition = fields.id("exhibition", fields.required_str("exhibition")?)?;
    if exhibition != catalog.exhibition_id {
        return Err(fields.invalid(
            "exhibition",
            "unknown_exhibition",
            format!("本服务不接收展览 {exhibition:?} 的事件。"),
            format!("This service does not receive events for the exhibition {exhibition:?}."),
        ));
    }

    let visit = fields.required_str("visit")?;
    let visit = uuid::Uuid::try_parse(visit)
        .ok()
        .filter(|uuid| uuid.get_version_num() == 4)
        .ok_or_else(|| {
            fields.invalid(
                "visit",
                "invalid_format",
                "visit 必须是随机生成的 UUID（第 4 版）。",
                "The field visit must be a random (version 4) UUID.",
            )
        })?
        .hyphenated()
        .to_string();

    let items = fields.required_array("events")?;
    if items.is_empty() || items.len() > MAX_EVENTS {
        return Err(fields.invalid(
            "events",
            "invalid_count",
            format!(
                "每批事件须有 1 到 {MAX_EVENTS} 个，收到 {} 个。",
                items.len()
            ),
            format!(
                "A batch must have 1 to {MAX_EVENTS} events; it has {}.",
                items.len()
            ),
        ));
    }
    let events = items
        .iter()
        .enumerate()
        .map(|(index, item)| validate_event(index, item, catalog))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(EventBatch {
        exhibition,
        visit,
        events,
    })
}

fn validate_event(index: usize, item: &Value, catalog: &Catalog) -> Result<VisitEvent, ApiError> {
    let prefix = format!("events[{index}].");
    let Value::Object(object) = item else {
        let path = format!("events[{index}]");
        return Err(ApiError::invalid_field(
            path.clone(),
            "invalid_type",
            format!("{path} 必须是对象。"),
            format!("The field {path} must be an object."),
        ));
    };
    let fields = Fields::new(object, prefix);
    fields.reject_unknown(&["kind", "at", "zone", "booth", "panel"])?;

    let kind_text = fields.required_str("kind")?;
    let Some(kind) = KINDS.iter().copied().find(|kind| *kind == kind_text) else {
        return Err(fields.invalid(
            "kind",
            "invalid_value",
            format!("未知的事件类型 {kind_text:?}，可用：{}。", KINDS.join("、")),
            format!(
                "Unknown event kind {kind_text:?}; expected one of {}.",
                KINDS.join(", ")
            ),
        ));
    };

    let at = fields.required_str("at")?;
    let occurred_at_ms = (at.len() <= 40)
        .then(|| clock::parse_rfc3339_ms(at))
        .flatten()
        .ok_or_else(|| {
            fields.invalid(
                "at",
                "invalid_format",
                format!("{} 必须是 RFC 3339 时间。", fields.path("at")),
                format!(
                    "The field {} must be an RFC 3339 timestamp.",
                    fields.path("at")
                ),
            )
        })?;

    let zone = match fields.optional_str("zone")? {
        None => None,
        Some(zone) => {
            let zone = fields.id("zone", zone)?;
            if !catalog.has_zone(&zone) {
                return Err(fields.invalid(
                    "zone",
                    "unknown_zone",
                    format!("展区 {zone:?} 不存在。"),
                    format!("There is no zone {zone:?} in this exhibition."),
                ));
            }
            Some(zone)
        }
    };
    let booth = match fields.optional_str("booth")? {
        None => None,
        Some(booth) => {
            let booth = fields.id("booth", booth)?;
            if catalog.booth(&booth).is_none() {
                return Err(fields.invalid(
                    "booth",
                    "unknown_booth",
                    format!("展位 {booth:?} 不存在。"),
                    format!("There is no booth {booth:?} in this exhibition."),
                ));
            }
            Some(booth)
        }
    };
    let panel = match fields.optional_str("panel")? {
        None => None,
        Some(panel) => Some(
            PANELS
                .iter()
                .copied()
                .find(|known| *known == panel)
                .ok_or_else(|| {
                    fields.invalid(
                        "panel",
                        "invalid_value",
                        format!("未知的面板 {panel:?}，可用：video、live、negotiate。"),
                        format!("Unknown panel {panel:?}; expected video, live or negotiate."),
                    )
                })?,
        ),
    };

    let required: &[(&str, bool)] = match kind {
        "zone_entered" => &[("zone", zone.is_some())],
        "booth_viewed" | "live_watched" | "negotiation_sent" => &[("booth", booth.is_some())],
        "panel_opened" => &[("booth", booth.is_some()), ("panel", panel.is_some())],
        _ => &[],
    };
    if let Some((field, _)) = required.iter().find(|(_, present)| !present) {
        let path = fields.path(field);
        return Err(fields.invalid(
            field,
            "missing_field",
            format!("{kind} 事件需要 {path}。"),
            format!("A {kind} event needs {path}."),
        ));
    }

    Ok(VisitEvent {
        kind,
        occurred_at_ms,
        zone,
        booth,
        panel,
    })
}

/// Returns the instant an event counts at: its own time, limited to the day before the
/// service received it and to the time it was received.
pub fn counted_at_ms(occurred_at_ms: i64, received_at_ms: i64) -> i64 {
    occurred_at_ms.clamp(received_at_ms - MAX_EVENT_AGE_MS, received_at_ms)
}

async fn store(
    state: &AppState,
    batch: &EventBatch,
    received_at_ms: i64,
) -> Result<(), sqlx::Error> {
    let offset = state.settings.utc_offset;
    let rows: Vec<(i64, String)> = batch
        .events
        .iter()
        .map(|event| {
            let at = counted_at_ms(event.occurred_at_ms, received_at_ms);
            (at, clock::local_day(at, offset))
        })
        .collect();
    on_writer!(&state.db, |pool| {
        let mut builder = sqlx::QueryBuilder::new(
            "INSERT INTO visit_events (exhibition, visit, kind, day, occurred_at_ms, received_at_ms, zone, booth, panel) ",
        );
        builder.push_values(
            batch.events.iter().zip(&rows),
            |mut values, (event, (at, day))| {
                values
                    .push_bind(&batch.exhibition)
                    .push_bind(&batch.visit)
                    .push_bind(event.kind)
                    .push_bind(day)
                    .push_bind(*at)
                    .push_bind(received_at_ms)
                    .push_bind(&event.zone)
                    .push_bind(&event.booth)
                    .push_bind(event.panel);
            },
        );
        builder.build().execute(pool).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    fn catalog() -> Catalog {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenes/guangxi-2022/manifest.json");
        Catalog::load(&path, "guangxi-2022").unwrap()
    }

    fn batch(events: Value) -> Value {
        json!({
            "exhibition": "guangxi-2022",
            "visit": "0b5f9c1e-2f7a-4a8e-9d4b-3c1f2e6a7b8c",
            "events": events,
        })
    }

    fn check(body: &Value) -> Result<EventBatch, ApiError> {
        validate(body.as_object().unwrap(), &catalog())
    }

    #[test]
    fn valid_batch_passes() {
        let body = batch(json!([
            {"kind": "visit_start", "at": "2022-05-21T10:00:00.000Z"},
            {"kind": "zone_entered", "at": "2022-05-21T10:00:05.000Z", "zone": "industry", "booth": null, "panel": null},
            {"kind": "panel_opened", "at": "2022-05-21T10:01:00.000Z", "booth": "liugong-machinery", "panel": "video"},
        ]));
        let batch = check(&body).unwrap();
        assert_eq!(batch.events.len(), 3);
        assert_eq!(batch.events[2].panel, Some("video"));
    }

    #[test]
    fn invalid_events_are_named() {
        let cases: &[(Value, &str, &str)] = &[
            (
                json!({"kind": "teleported", "at": "2022-05-21T10:00:00Z"}),
                "events[0].kind",
                "invalid_value",
            ),
            (
                json!({"kind": "visit_start", "at": "noon"}),
                "events[0].at",
                "invalid_format",
            ),
            (
                json!({"kind": "booth_viewed", "at": "2022-05-21T10:00:00Z"}),
                "events[0].booth",
                "missing_field",
            ),
            (
                json!({"kind": "booth_viewed", "at": "2022-05-21T10:00:00Z", "booth": "nope"}),
                "events[0].booth",
                "unknown_booth",
            ),
            (
                json!({"kind": "zone_entered", "at": "2022-05-21T10:00:00Z", "zone": "nope"}),
                "events[0].zone",
                "unknown_zone",
            ),
            (
                json!({"kind": "panel_opened", "at": "2022-05-21T10:00:00Z", "booth": "guet"}),
                "events[0].panel",
                "missing_field",
            ),
            (
                json!({"kind": "panel_opened", "at": "2022-05-21T10:00:00Z", "booth": "guet", "panel": "map"}),
                "events[0].panel",
                "invalid_value",
            ),
            (
                json!({"kind": "visit_start", "at": "2022-05-21T10:00:00Z", "name": "张三"}),
                "events[0].name",
                "unknown_field",
            ),
            (json!("visit_start"), "events[0]", "invalid_type"),
        ];
        for (event, field, code) in cases {
            let error = check(&batch(json!([event]))).unwrap_err();
            assert_eq!(error.code, *code, "{event}");
            assert_eq!(error.field.as_deref(), Some(*field), "{event}");
        }
    }

    #[test]
    fn batch_size_is_bounded() {
        let one = json!({"kind": "visit_start", "at": "2022-05-21T10:00:00Z"});
        assert_eq!(check(&batch(json!([]))).unwrap_err().code, "invalid_count");
        let too_many: Vec<Value> = (0..=MAX_EVENTS).map(|_| one.clone()).collect();
        assert_eq!(
            check(&batch(json!(too_many))).unwrap_err().code,
            "invalid_count"
        );
        let most: Vec<Value> = (0..MAX_EVENTS).map(|_| one.clone()).collect();
        assert!(check(&batch(json!(most))).is_ok());
    }

    #[test]
    fn visit_must_be_random_uuid() {
        let mut body = batch(json!([{"kind": "visit_start", "at": "2022-05-21T10:00:00Z"}]));
        body["visit"] = json!("c232ab00-9414-11ec-b3c8-9e6bdeced846");
        assert_eq!(check(&body).unwrap_err().field.as_deref(), Some("visit"));
        body["visit"] = json!("zhangsan@example.cn");
        assert_eq!(check(&body).unwrap_err().field.as_deref(), Some("visit"));
    }

    #[test]
    fn event_time_is_clamped() {
        let received = 10 * MAX_EVENT_AGE_MS;
        assert_eq!(counted_at_ms(received - 5, received), received - 5);
        assert_eq!(counted_at_ms(received + 5_000, received), received);
        assert_eq!(counted_at_ms(0, received), received - MAX_EVENT_AGE_MS);
    }
}
