//! Online participation statistics, computed from the stored visit events and negotiation
//! counts for organizer tokens. docs/service.md defines every figure.
//!
//! A visit is one opening of the hall page, identified by the random id the page makes. The
//! service cannot tell people apart, so every figure counts visits or events, never people.

use std::collections::{BTreeMap, HashMap};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use expo_manifest::Lang;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{AssertSqlSafe, Row};

use crate::api::{self, ApiError};
use crate::app::AppState;
use crate::clock;
use crate::csv::CsvWriter;
use crate::on_reader;
use crate::tokens;

/// Event kinds that count towards an exhibiting unit: everything that names a booth.
const BOOTH_KINDS: &str = "('booth_viewed', 'panel_opened', 'live_watched', 'negotiation_sent')";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeParams {
    /// First day, `YYYY-MM-DD`, inclusive.
    from: Option<String>,
    /// Last day, `YYYY-MM-DD`, inclusive.
    to: Option<String>,
    /// Language of CSV column headings and unit names.
    lang: Option<String>,
}

/// Figures of one day, or of the whole range.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct DayFigures {
    /// Distinct visits with any event (线上活动群众参与数量).
    pub participants: i64,
    /// Distinct visits that sent `visit_start`.
    pub visits_started: i64,
    /// Distinct visits that viewed at least one booth.
    pub booth_viewers: i64,
    /// Distinct visits that opened at least one booth panel.
    pub panel_openers: i64,
    /// Distinct visits that watched a live stream.
    pub live_viewers: i64,
    /// `booth_viewed` events.
    pub booth_views: i64,
    /// Negotiation requests stored (one per idempotency key).
    pub negotiations: i64,
}

/// Figures of one exhibiting unit over the range.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct UnitFigures {
    /// Distinct visits that viewed a booth of the unit, opened one of its panels, watched its
    /// live stream or sent it a negotiation request.
    pub participants: i64,
    pub booth_viewers: i64,
    pub panel_openers: i64,
    pub live_viewers: i64,
    /// Distinct visits whose page reported sending a negotiation request.
    pub negotiation_senders: i64,
    /// Negotiation requests stored for the unit's booths.
    pub negotiations: i64,
}

#[derive(Debug, Clone)]
pub struct Statistics {
    pub days: BTreeMap<String, DayFigures>,
    pub total: DayFigures,
    /// Figures per unit, in the order of [`crate::catalog::Catalog::units`].
    pub units: Vec<UnitFigures>,
}

/// The inclusive day range of a query. Days compare as `YYYY-MM-DD` strings.
struct DayRange {
    from: String,
    to: String,
}

pub async fn summary(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<RangeParams>, QueryRejection>,
) -> Response {
    let lang = api::request_lang(&headers);
    let result = async {
        let (range, params) = authorize(&state, &headers, params).await?;
        let statistics = compute(&state, &range).await?;
        Ok::<_, ApiError>(summary_json(&state, &statistics, &params))
    }
    .await;
    match result {
        Ok(body) => api::no_store(api::json_response(StatusCode::OK, &body)),
        Err(error) => error.into_response(lang),
    }
}

pub async fn daily_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<RangeParams>, QueryRejection>,
) -> Response {
    let lang = api::request_lang(&headers);
    let result = async {
        let (range, params) = authorize(&state, &headers, params).await?;
        let statistics = compute(&state, &range).await?;
        let csv_lang = params.lang.as_deref().and_then(Lang::parse).unwrap_or(lang);
        Ok::<_, ApiError>(daily_table(&statistics, csv_lang).into_response("statistics-daily.csv"))
    }
    .await;
    match result {
        Ok(response) => api::no_store(response),
        Err(error) => error.into_response(lang),
    }
}

pub async fn units_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<RangeParams>, QueryRejection>,
) -> Response {
    let lang = api::request_lang(&headers);
    let result = async {
        let (range, params) = authorize(&state, &headers, params).await?;
        let statistics = compute(&state, &range).await?;
        let csv_lang = params.lang.as_deref().and_then(Lang::parse).unwrap_or(lang);
        Ok::<_, ApiError>(
            units_table(&state, &statistics, csv_lang).into_response("statistics-units.csv"),
        )
    }
    .await;
    match result {
        Ok(response) => api::no_store(response),
        Err(error) => error.into_response(lang),
    }
}

async fn authorize(
    state: &AppState,
    headers: &HeaderMap,
    params: Result<Query<RangeParams>, QueryRejection>,
) -> Result<(DayRange, RangeParams), ApiError> {
    let principal = tokens::authenticate(&state.db, &state.catalog.exhibition_id, headers).await?;
    tokens::require_organizer(&principal)?;
    let Query(params) = params.map_err(|rejection| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            format!("查询参数无效：{}", rejection.body_text()),
            format!("Invalid query parameters: {}", rejection.body_text()),
        )
    })?;
    let day = |value: &Option<String>, name: &str, default: &str| -> Result<String, ApiError> {
        match value.as_deref() {
            None | Some("") => Ok(default.to_owned()),
            Some(text) if clock::parse_date(text).is_some() => Ok(text.to_owned()),
            Some(text) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query",
                format!("{name} 必须是 YYYY-MM-DD 格式的日期，收到的是 {text:?}。"),
                format!("{name} must be a date as YYYY-MM-DD, not {text:?}."),
            )),
        }
    };
    let range = DayRange {
        from: day(&params.from, "from", "0000-01-01")?,
        to: day(&params.to, "to", "9999-12-31")?,
    };
    Ok((range, params))
}

/// Computes every figure for the range.
async fn compute(state: &AppState, range: &DayRange) -> Result<Statistics, ApiError> {
    let exhibition = state.catalog.exhibition_id.as_str();
    let database_error = |error| ApiError::from_database(error, "computing statistics");

    let mut days = BTreeMap::new();
    for (day, figures) in event_figures(state, exhibition, range, true)
        .await
        .map_err(database_error)?
    {
        days.insert(day, figures);
    }
    let mut total = event_figures(state, exhibition, range, false)
        .await
        .map_err(database_error)?
        .pop()
        .map(|(_, figures)| figures)
        .unwrap_or_default();

    let negotiation_counts = negotiation_counts(state, exhibition, range)
        .await
        .map_err(database_error)?;
    for (day, _, requests) in &negotiation_counts {
        days.entry(day.clone()).or_default().negotiations += requests;
        total.negotiations += requests;
    }

    let mut units = vec![UnitFigures::default(); state.catalog.units.len()];
    let unit_index: HashMap<&str, usize> = state
        .catalog
        .units
        .iter()
        .enumerate()
        .map(|(index, unit)| (unit.booth_ids[0].as_str(), index))
        .collect();
    for (unit_key, figures) in unit_figures(state, exhibition, range)
        .await
        .map_err(database_error)?
    {
        if let Some(&index) = unit_index.get(unit_key.as_str()) {
            units[index] = figures;
        }
    }
    for (_, booth, requests) in &negotiation_counts {
        if let Some(booth) = state.catalog.booth(booth) {
            units[booth.unit].negotiations += requests;
        }
    }
    Ok(Statistics { days, total, units })
}

/// Returns the event figures per day, or one row for the whole range when `per_day` is false.
async fn event_figures(
    state: &AppState,
    exhibition: &str,
    range: &DayRange,
    per_day: bool,
) -> Result<Vec<(String, DayFigures)>, sqlx::Error> {
    let (select_day, group_by) = if per_day {
        ("day", "GROUP BY day ORDER BY day")
    } else {
        ("''", "")
    };
    let sql = format!(
        "SELECT {select_day} AS day, \
         COUNT(DISTINCT visit) AS participants, \
         COUNT(DISTINCT CASE WHEN kind = 'visit_start' THEN visit END) AS visits_started, \
         COUNT(DISTINCT CASE WHEN kind = 'booth_viewed' THEN visit END) AS booth_viewers, \
         COUNT(DISTINCT CASE WHEN kind = 'panel_opened' THEN visit END) AS panel_openers, \
         COUNT(DISTINCT CASE WHEN kind = 'live_watched' THEN visit END) AS live_viewers, \
         COUNT(CASE WHEN kind = 'booth_viewed' THEN 1 END) AS booth_views \
         FROM visit_events WHERE exhibition = $1 AND day >= $2 AND day <= $3 {group_by}"
    );
    on_reader!(&state.db, |pool| {
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(exhibition)
            .bind(&range.from)
            .bind(&range.to)
            .fetch_all(pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get::<String, _>("day")?,
                    DayFigures {
                        participants: row.try_get("participants")?,
                        visits_started: row.try_get("visits_started")?,
                        booth_viewers: row.try_get("booth_viewers")?,
                        panel_openers: row.try_get("panel_openers")?,
                        live_viewers: row.try_get("live_viewers")?,
                        booth_views: row.try_get("booth_views")?,
                        negotiations: 0,
                    },
                ))
            })
            .collect()
    })
}

/// Returns the stored negotiation requests per day and booth.
async fn negotiation_counts(
    state: &AppState,
    exhibition: &str,
    range: &DayRange,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    on_reader!(&state.db, |pool| {
        let rows = sqlx::query(
            "SELECT day, booth, requests FROM negotiation_daily_counts \
             WHERE exhibition = $1 AND day >= $2 AND day <= $3",
        )
        .bind(exhibition)
        .bind(&range.from)
        .bind(&range.to)
        .fetch_all(pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("day")?,
                    row.try_get("booth")?,
                    row.try_get("requests")?,
                ))
            })
            .collect()
    })
}

/// Returns the distinct-visit figures per exhibiting unit, keyed by the unit's first booth id.
/// Distinct counts cannot be added up across booths, so the booth-to-unit mapping goes into
/// the query as a VALUES list.
async fn unit_figures(
    state: &AppState,
    exhibition: &str,
    range: &DayRange,
) -> Result<Vec<(String, UnitFigures)>, sqlx::Error> {
    let booths = &state.catalog.booths;
    if booths.is_empty() {
        return Ok(Vec::new());
    }
    let values: Vec<String> = (0..booths.len())
        .map(|index| format!("(${}, ${})", 4 + 2 * index, 5 + 2 * index))
        .collect();
    let sql = format!(
        "WITH units (booth, unit) AS (VALUES {}) \
         SELECT units.unit AS unit, \
         COUNT(DISTINCT e.visit) AS participants, \
         COUNT(DISTINCT CASE WHEN e.kind = 'booth_viewed' THEN e.visit END) AS booth_viewers, \
         COUNT(DISTINCT CASE WHEN e.kind = 'panel_opened' THEN e.visit END) AS panel_openers, \
         COUNT(DISTINCT CASE WHEN e.kind = 'live_watched' THEN e.visit END) AS live_viewers, \
         COUNT(DISTINCT CASE WHEN e.kind = 'negotiation_sent' THEN e.visit END) AS negotiation_senders \
         FROM visit_events e JOIN units ON units.booth = e.booth \
         WHERE e.exhibition = $1 AND e.day >= $2 AND e.day <= $3 AND e.kind IN {BOOTH_KINDS} \
         GROUP BY units.unit",
        values.join(", ")
    );
    let unit_keys: Vec<&str> = booths
        .iter()
        .map(|booth| state.catalog.units[booth.unit].booth_ids[0].as_str())
        .collect();
    on_reader!(&state.db, |pool| {
        let mut query = sqlx::query(AssertSqlSafe(sql.clone()))
            .bind(exhibition)
            .bind(&range.from)
            .bind(&range.to);
        for (booth, unit_key) in booths.iter().zip(&unit_keys) {
            query = query.bind(booth.id.as_str()).bind(*unit_key);
        }
        let rows = query.fetch_all(pool).await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get::<String, _>("unit")?,
                    UnitFigures {
                        participants: row.try_get("participants")?,
                        booth_viewers: row.try_get("booth_viewers")?,
                        panel_openers: row.try_get("panel_openers")?,
                        live_viewers: row.try_get("live_viewers")?,
                        negotiation_senders: row.try_get("negotiation_senders")?,
                        negotiations: 0,
                    },
                ))
            })
            .collect()
    })
}

fn summary_json(
    state: &AppState,
    statistics: &Statistics,
    params: &RangeParams,
) -> serde_json::Value {
    let days: Vec<serde_json::Value> = statistics
        .days
        .iter()
        .map(|(day, figures)| {
            let mut value = serde_json::to_value(figures).expect("figures serialize");
            value["day"] = json!(day);
            value
        })
        .collect();
    let units: Vec<serde_json::Value> = state
        .catalog
        .units
        .iter()
        .zip(&statistics.units)
        .map(|(unit, figures)| {
            let mut value = serde_json::to_value(figures).expect("figures serialize");
            value["exhibitor"] = json!(unit.name);
            value["booths"] = json!(unit.booth_ids);
            value
        })
        .collect();
    json!({
        "exhibition": state.catalog.exhibition_id,
        "utc_offset": clock::format_utc_offset(state.settings.utc_offset),
        "from": params.from.as_deref().filter(|day| !day.is_empty()),
        "to": params.to.as_deref().filter(|day| !day.is_empty()),
        "days": days,
        "total": statistics.total,
        "units": units,
    })
}

fn daily_table(statistics: &Statistics, lang: Lang) -> CsvWriter {
    let mut csv = CsvWriter::new();
    match lang {
        Lang::Zh => csv.row([
            "日期",
            "线上活动群众参与数量（访问数）",
            "开始的访问数",
            "浏览展位的访问数",
            "打开展位面板的访问数",
            "观看直播的访问数",
            "展位浏览次数",
            "洽谈请求数",
        ]),
        Lang::En => csv.row([
            "Day",
            "Online participants (visits)",
            "Visits started",
            "Visits that viewed a booth",
            "Visits that opened a booth panel",
            "Visits that watched a live stream",
            "Booth views",
            "Negotiation requests",
        ]),
    }
    let row = |label: &str, figures: &DayFigures| {
        [
            label.to_owned(),
            figures.participants.to_string(),
            figures.visits_started.to_string(),
            figures.booth_viewers.to_string(),
            figures.panel_openers.to_string(),
            figures.live_viewers.to_string(),
            figures.booth_views.to_string(),
            figures.negotiations.to_string(),
        ]
    };
    for (day, figures) in &statistics.days {
        csv.row(row(day, figures));
    }
    // The total counts each visit once, so it can be less than the sum of the days.
    let total_label = match lang {
        Lang::Zh => "合计（按访问去重）",
        Lang::En => "Total (each visit once)",
    };
    csv.row(row(total_label, &statistics.total));
    csv
}

fn units_table(state: &AppState, statistics: &Statistics, lang: Lang) -> CsvWriter {
    let mut csv = CsvWriter::new();
    match lang {
        Lang::Zh => csv.row([
            "参展单位",
            "展位",
            "参与访问数",
            "浏览展位的访问数",
            "打开展位面板的访问数",
            "观看直播的访问数",
            "发送洽谈的访问数",
            "洽谈请求数",
        ]),
        Lang::En => csv.row([
            "Exhibiting unit",
            "Booths",
            "Participating visits",
            "Visits that viewed a booth",
            "Visits that opened a booth panel",
            "Visits that watched a live stream",
            "Visits that sent a negotiation request",
            "Negotiation requests",
        ]),
    }
    for (unit, figures) in state.catalog.units.iter().zip(&statistics.units) {
        csv.row([
            unit.name.get(lang).to_owned(),
            unit.booth_ids.join(" "),
            figures.participants.to_string(),
            figures.booth_viewers.to_string(),
            figures.panel_openers.to_string(),
            figures.live_viewers.to_string(),
            figures.negotiation_senders.to_string(),
            figures.negotiations.to_string(),
        ]);
    }
    csv
}
