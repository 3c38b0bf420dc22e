//! Visit events and the statistics computed from them, checked against the events sent.

use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

use crate::harness::*;

crate::backend_tests!(
    figures_match_sent_events,
    invalid_events_are_rejected,
    retention_keeps_counts_only
);

/// The service's default calendar offset.
const OFFSET_HOURS: i8 = 8;

fn at(time: OffsetDateTime) -> String {
    time.format(&Rfc3339).unwrap()
}

fn day_of(time: OffsetDateTime) -> String {
    let local = time.to_offset(UtcOffset::from_hms(OFFSET_HOURS, 0, 0).unwrap());
    format!(
        "{:04}-{:02}-{:02}",
        local.year(),
        u8::from(local.month()),
        local.day()
    )
}

fn batch(visit: &str, events: Value) -> Value {
    json!({ "exhibition": EXHIBITION, "visit": visit, "events": events })
}

async fn figures_match_sent_events(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Service::start(&db).await;
    let organizer = create_token(&db, &["--organizer"]);

    // Events claiming a time far in the future count now (today); events older than a day
    // count a day before they were received (yesterday). Both days are fixed by the service's
    // clock, so the test does not depend on the time of day it runs.
    let now = OffsetDateTime::now_utc();
    let today_at = at(now + Duration::days(2));
    let yesterday_at = at(now - Duration::days(3));
    let today = day_of(now);
    let yesterday = day_of(now - Duration::days(1));
    let live_booth = "gxst-achievements";

    let visits: Vec<String> = (0..4).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let batches = vec![
        batch(
            &visits[0],
            json!([
                {"kind": "visit_start", "at": today_at},
                {"kind": "zone_entered", "at": today_at, "zone": "industry"},
                {"kind": "booth_viewed", "at": today_at, "booth": BOOTH_A},
                {"kind": "panel_opened", "at": today_at, "booth": BOOTH_A, "panel": "video"},
            ]),
        ),
        // The same visit again, as a page resends a batch: distinct counts do not change.
        batch(
            &visits[0],
            json!([{"kind": "booth_viewed", "at": today_at, "booth": BOOTH_A}]),
        ),
        batch(
            &visits[1],
            json!([
                {"kind": "visit_start", "at": today_at},
                {"kind": "booth_viewed", "at": today_at, "booth": BOOTH_A},
                {"kind": "live_watched", "at": today_at, "booth": live_booth},
            ]),
        ),
        batch(
            &visits[2],
            json!([
                {"kind": "visit_start", "at": yesterday_at},
                {"kind": "booth_viewed", "at": yesterday_at, "booth": live_booth},
            ]),
        ),
        batch(
            &visits[3],
            json!([
                {"kind": "visit_start", "at": today_at},
                {"kind": "negotiation_sent", "at": today_at, "booth": BOOTH_A},
            ]),
        ),
    ];
    for body in &batches {
        let (status, error) = service.send_events(body).await;
        assert_eq!(status, 204, "{error}");
    }
    // A beacon sends text/plain.
    let beacon = service
        .client
        .post(service.endpoint("/api/events"))
        .header("content-type", "text/plain;charset=UTF-8")
        .body(
            batch(
                &visits[3],
                json!([{"kind": "zone_entered", "at": today_at, "zone": "preface"}]),
            )
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(beacon.status().as_u16(), 204);
    let (status, _) = service
        .negotiate(&new_key(), &negotiation_body(BOOTH_A, TOPIC_A, "张三"))
        .await;
    assert_eq!(status, 201);

    let (status, statistics) = service.get_json("/api/statistics", &organizer).await;
    assert_eq!(status, 200, "{statistics}");
    assert_eq!(statistics["utc_offset"], "+08:00");
    let days = statistics["days"].as_array().unwrap();
    let day = |name: &str| {
        days.iter()
            .find(|entry| entry["day"] == name)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(days.len(), 2, "{statistics}");

    let today_figures = day(&today);
    assert_eq!(today_figures["participants"], 3, "{today_figures}");
    assert_eq!(today_figures["visits_started"], 3);
    assert_eq!(today_figures["booth_viewers"], 2);
    assert_eq!(today_figures["booth_views"], 3);
    assert_eq!(today_figures["panel_openers"], 1);
    assert_eq!(today_figures["live_viewers"], 1);
    assert_eq!(today_figures["negotiations"], 1);

    let yesterday_figures = day(&yesterday);
    assert_eq!(yesterday_figures["participants"], 1, "{yesterday_figures}");
    assert_eq!(yesterday_figures["booth_viewers"], 1);
    assert_eq!(yesterday_figures["negotiations"], 0);

    assert_eq!(statistics["total"]["participants"], 4);
    assert_eq!(statistics["total"]["negotiations"], 1);

    let units = statistics["units"].as_array().unwrap();
    let unit = |booth: &str| {
        units
            .iter()
            .find(|unit| {
                unit["booths"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|id| id == booth)
            })
            .cloned()
            .unwrap()
    };
    let unit_a = unit(BOOTH_A);
    assert_eq!(unit_a["exhibitor"]["zh"], "广西柳工机械股份有限公司");
    assert_eq!(unit_a["participants"], 3, "{unit_a}");
    assert_eq!(unit_a["booth_viewers"], 2);
    assert_eq!(unit_a["panel_openers"], 1);
    assert_eq!(unit_a["live_viewers"], 0);
    assert_eq!(unit_a["negotiation_senders"], 1);
    assert_eq!(unit_a["negotiations"], 1);
    let unit_live = unit(live_booth);
    assert_eq!(unit_live["participants"], 2, "{unit_live}");
    assert_eq!(unit_live["booth_viewers"], 1);
    assert_eq!(unit_live["live_viewers"], 1);
    assert_eq!(unit(BOOTH_B)["participants"], 0);

    // A range of one day.
    let (_, only_yesterday) = service
        .get_json(
            &format!("/api/statistics?from={yesterday}&to={yesterday}"),
            &organizer,
        )
        .await;
    assert_eq!(only_yesterday["days"].as_array().unwrap().len(), 1);
    assert_eq!(only_yesterday["total"]["participants"], 1);
    let (status, error) = service
        .get_json("/api/statistics?from=21-05-2022", &organizer)
        .await;
    assert_eq!(status, 400, "{error}");

    let (status, daily) = service
        .get_bytes("/api/statistics/daily.csv", &organizer)
        .await;
    assert_eq!(status, 200);
    let daily = String::from_utf8(daily).unwrap();
    let lines: Vec<&str> = daily.trim_end().split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{feff}日期,线上活动群众参与数量（访问数）,开始的访问数,浏览展位的访问数,打开展位面板的访问数,观看直播的访问数,展位浏览次数,洽谈请求数"
    );
    assert_eq!(lines[1], format!("{yesterday},1,1,1,0,0,1,0"));
    assert_eq!(lines[2], format!("{today},3,3,2,1,1,3,1"));
    assert_eq!(lines[3], "合计（按访问去重）,4,4,3,1,1,4,1");

    let (status, units_csv) = service
        .get_bytes("/api/statistics/units.csv?lang=en", &organizer)
        .await;
    assert_eq!(status, 200);
    let units_csv = String::from_utf8(units_csv).unwrap();
    assert!(
        units_csv.starts_with("\u{feff}Exhibiting unit,Booths,"),
        "{units_csv}"
    );
    assert!(
        units_csv.contains(&format!(
            "\"Guangxi LiuGong Machinery Co., Ltd.\",{BOOTH_A},3,2,1,0,1,1\r\n"
        )),
        "{units_csv}"
    );
}

async fn invalid_events_are_rejected(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Service::start(&db).await;
    let visit = uuid::Uuid::new_v4().to_string();
    let event = json!({"kind": "visit_start", "at": "2022-05-21T10:00:00Z"});
    let many: Vec<Value> = (0..101).map(|_| event.clone()).collect();
    let cases: Vec<(&str, Value, u16, &str, Option<&str>)> = vec![
        (
            "no events",
            batch(&visit, json!([])),
            422,
            "invalid_count",
            Some("events"),
        ),
        (
            "101 events",
            batch(&visit, json!(many)),
            422,
            "invalid_count",
            Some("events"),
        ),
        (
            "unknown kind",
            batch(
                &visit,
                json!([{"kind": "clicked", "at": "2022-05-21T10:00:00Z"}]),
            ),
            422,
            "invalid_value",
            Some("events[0].kind"),
        ),
        (
            "unknown booth",
            batch(
                &visit,
                json!([event, {"kind": "booth_viewed", "at": "2022-05-21T10:00:00Z", "booth": "nope"}]),
            ),
            422,
            "unknown_booth",
            Some("events[1].booth"),
        ),
        (
            "personal data",
            batch(
                &visit,
                json!([{"kind": "visit_start", "at": "2022-05-21T10:00:00Z", "phone": "13800138000"}]),
            ),
            422,
            "unknown_field",
            Some("events[0].phone"),
        ),
        (
            "visit not a uuid",
            batch("visitor-1", json!([event])),
            422,
            "invalid_format",
            Some("visit"),
        ),
        (
            "other exhibition",
            json!({"exhibition": "other", "visit": visit, "events": [event]}),
            422,
            "unknown_exhibition",
            Some("exhibition"),
        ),
    ];
    for (case, body, status, code, field) in cases {
        let (got_status, error) = service.send_events(&body).await;
        assert_eq!(got_status, status, "{case}: {error}");
        assert_eq!(error["error"]["code"], code, "{case}");
        assert_eq!(error["error"]["field"].as_str(), field, "{case}");
        assert!(
            !error["error"]["message"].as_str().unwrap().is_empty(),
            "{case}"
        );
    }

    // The service responds before reading the whole body and then closes the connection,
    // so the client must not reuse it.
    let oversized = service
        .client
        .post(service.endpoint("/api/events"))
        .header("content-type", "application/json")
        .header("connection", "close")
        .body(format!("{{\"padding\": \"{}\"}}", "x".repeat(70 * 1024)))
        .send()
        .await
        .unwrap();
    assert_eq!(oversized.status().as_u16(), 413);
    let malformed = service
        .client
        .post(service.endpoint("/api/events"))
        .header("content-type", "text/plain")
        .body("visit_start")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status().as_u16(), 400);
    assert_eq!(db.scalar("SELECT COUNT(*) FROM visit_events").await, 0);
}

/// Retention deletes old requests with their personal data, while the daily counts that the
/// statistics use stay.
async fn retention_keeps_counts_only(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let mut service = Service::start(&db).await;
    let (_, old) = service
        .negotiate(&new_key(), &negotiation_body(BOOTH_A, TOPIC_A, "张三"))
        .await;
    let (_, recent) = service
        .negotiate(&new_key(), &negotiation_body(BOOTH_A, TOPIC_A, "李四"))
        .await;
    service.kill();

    let days_ago_ms =
        |days: i64| (OffsetDateTime::now_utc() - Duration::days(days)).unix_timestamp() * 1000;
    db.execute(&format!(
        "UPDATE negotiations SET received_at_ms = {} WHERE receipt = '{}'",
        days_ago_ms(31),
        old["receipt"].as_str().unwrap()
    ))
    .await;
    db.execute(&format!(
        "UPDATE negotiations SET received_at_ms = {} WHERE receipt = '{}'",
        days_ago_ms(29),
        recent["receipt"].as_str().unwrap()
    ))
    .await;

    // The service deletes expired requests when it starts.
    let service = Service::start_with(&db, Options::default().set("--retention-days", "30")).await;
    let organizer = create_token(&db, &["--organizer"]);
    let mut remaining = Vec::new();
    for _ in 0..50 {
        remaining = db.column("SELECT receipt FROM negotiations").await;
        if remaining.len() == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        remaining,
        vec![recent["receipt"].as_str().unwrap().to_owned()]
    );
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM negotiations WHERE name = '张三'")
            .await,
        0
    );
    let (_, statistics) = service.get_json("/api/statistics", &organizer).await;
    assert_eq!(statistics["total"]["negotiations"], 2, "{statistics}");
}
