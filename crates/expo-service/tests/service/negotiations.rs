//! The negotiation endpoint: receipts, idempotency, concurrency, load and rejected requests.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::harness::*;

crate::backend_tests!(
    request_is_stored_and_listed,
    retry_returns_same_receipt,
    concurrent_retries_store_one_row,
    reused_key_with_other_body_conflicts,
    thousand_concurrent_requests_all_stored,
    invalid_requests_get_messages,
    chunked_oversized_body_is_rejected,
    rate_limit_answers_429,
);

fn is_receipt(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.len() == 18
        && text.starts_with("NG-")
        && bytes[3..11].iter().all(u8::is_ascii_digit)
        && bytes[11] == b'-'
}

async fn request_is_stored_and_listed(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Service::start(&db).await;
    let organizer = create_token(&db, &["--organizer"]);
    let mut body = negotiation_body(BOOTH_A, TOPIC_A, "  张三  ");
    body["email"] = Value::Null;

    let (status, receipt) = service.negotiate(&new_key(), &body).await;
    assert_eq!(status, 201, "{receipt}");
    let receipt_number = receipt["receipt"].as_str().unwrap();
    assert!(is_receipt(receipt_number), "{receipt_number}");
    assert!(receipt["received_at"].as_str().unwrap().ends_with('Z'));

    let (status, list) = service
        .get_json("/api/inbox/negotiations", &organizer)
        .await;
    assert_eq!(status, 200);
    let requests = list["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1);
    let stored = &requests[0];
    assert_eq!(stored["receipt"], receipt["receipt"]);
    assert_eq!(stored["received_at"], receipt["received_at"]);
    assert_eq!(stored["booth"], BOOTH_A);
    assert_eq!(stored["exhibitor"]["zh"], "广西柳工机械股份有限公司");
    assert_eq!(stored["name"], "张三");
    assert_eq!(stored["organization"], body["organization"]);
    assert_eq!(stored["phone"], body["phone"]);
    assert_eq!(stored["email"], Value::Null);
    assert_eq!(stored["topic"], TOPIC_A);
    assert_eq!(stored["message"], body["message"]);
    assert_eq!(stored["time_slot"], body["time_slot"]);
    assert_eq!(stored["created_at"], "2022-05-21T10:00:00.000Z");
    assert_eq!(stored["handled"], false);
}

async fn retry_returns_same_receipt(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Service::start(&db).await;
    let key = new_key();
    let body = negotiation_body(BOOTH_A, TOPIC_A, "张三");

    let (first_status, first) = service.negotiate(&key, &body).await;
    assert_eq!(first_status, 201, "{first}");
    let (status, retry) = service.negotiate(&key, &body).await;
    assert_eq!(status, 200, "{retry}");
    assert_eq!(retry, first);

    // The same fields in another order and with other spacing are the same request.
    let reversed: Vec<String> = body
        .as_object()
        .unwrap()
        .iter()
        .rev()
        .map(|(name, value)| format!("{} : {value}", json!(name)))
        .collect();
    let (status, retry) = service
        .negotiate_raw(&key, format!("{{ {} }}", reversed.join(" , ")))
        .await;
    assert_eq!(status, 200, "{retry}");
    assert_eq!(retry, first);
    assert_eq!(db.scalar("SELECT COUNT(*) FROM negotiations").await, 1);
    assert_eq!(
        db.scalar("SELECT CAST(SUM(requests) AS BIGINT) FROM negotiation_daily_counts")
            .await,
        1
    );
}

async fn concurrent_retries_store_one_row(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Arc::new(Service::start(&db).await);
    let key = new_key();
    let body = Arc::new(negotiation_body(BOOTH_A, TOPIC_A, "张三"));

    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let (service, key, body) = (service.clone(), key.clone(), body.clone());
            tokio::spawn(async move { service.negotiate(&key, &body).await })
        })
        .collect();
    let mut created = 0;
    let mut receipts = HashSet::new();
    for task in tasks {
        let (status, response) = task.await.unwrap();
        assert!(
            status == 201 || status == 200,
            "status {status}: {response}"
        );
        if status == 201 {
            created += 1;
        }
        receipts.insert(response["receipt"].as_str().unwrap().to_owned());
    }
    assert_eq!(created, 1, "exactly one request creates the row");
    assert_eq!(
        receipts.len(),
        1,
        "every retry gets the same receipt: {receipts:?}"
    );
    assert_eq!(db.scalar("SELECT COUNT(*) FROM negotiations").await, 1);
    assert_eq!(
        db.scalar("SELECT CAST(SUM(requests) AS BIGINT) FROM negotiation_daily_counts")
            .await,
        1
    );
}

async fn reused_key_with_other_body_conflicts(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Service::start(&db).await;
    let key = new_key();
    let (status, _) = service
        .negotiate(&key, &negotiation_body(BOOTH_A, TOPIC_A, "张三"))
        .await;
    assert_eq!(status, 201);

    let (status, error) = service
        .negotiate(&key, &negotiation_body(BOOTH_A, TOPIC_A, "李四"))
        .await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["error"]["code"], "idempotency_key_reused");
    assert!(!error["error"]["message"].as_str().unwrap().is_empty());
    assert_eq!(db.scalar("SELECT COUNT(*) FROM negotiations").await, 1);
}

/// Sends the load: 1,000 requests with distinct keys, all at once.
async fn thousand_concurrent_requests_all_stored(backend: Backend) {
    const REQUESTS: usize = 1000;
    let db = TestDb::create(&backend).await;
    let service = Arc::new(Service::start(&db).await);
    let started = std::time::Instant::now();

    let tasks: Vec<_> = (0..REQUESTS)
        .map(|index| {
            let service = service.clone();
            tokio::spawn(async move {
                let (booth, topic) = if index % 2 == 0 {
                    (BOOTH_A, TOPIC_A)
                } else {
                    (BOOTH_B, TOPIC_B)
                };
                let body = negotiation_body(booth, topic, &format!("访客{index}"));
                service.negotiate(&new_key(), &body).await
            })
        })
        .collect();
    let mut receipts = HashSet::new();
    for task in tasks {
        let (status, response) = task.await.unwrap();
        assert_eq!(status, 201, "{response}");
        receipts.insert(response["receipt"].as_str().unwrap().to_owned());
    }
    eprintln!(
        "{REQUESTS} concurrent requests answered in {:?}",
        started.elapsed()
    );
    assert_eq!(receipts.len(), REQUESTS, "receipts are unique");

    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM negotiations").await,
        REQUESTS as i64
    );
    let stored: HashSet<String> = db
        .column("SELECT receipt FROM negotiations")
        .await
        .into_iter()
        .collect();
    assert_eq!(stored, receipts);
    let organizer = create_token(&db, &["--organizer"]);
    let listed: HashSet<String> = list_all_receipts(&service, &organizer)
        .await
        .into_iter()
        .collect();
    assert_eq!(listed, receipts);
}

/// One rejected request and the error it must get.
struct Case {
    name: &'static str,
    content_type: &'static str,
    key: Option<String>,
    body: String,
    status: u16,
    code: &'static str,
    field: Option<&'static str>,
}

async fn invalid_requests_get_messages(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Service::start(&db).await;
    let valid = negotiation_body(BOOTH_A, TOPIC_A, "张三");
    let post =
        |content_type: &'static str, key: Option<String>, body: String, lang: &'static str| {
            let mut request = service
                .client
                .post(service.endpoint("/api/negotiations"))
                .header("content-type", content_type)
                .header("accept-language", lang)
                // After an early 413 the service closes the connection, so none is reused.
                .header("connection", "close")
                .body(body);
            if let Some(key) = key {
                request = request.header("idempotency-key", key);
            }
            async move {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let content_type = response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                let body: Value = response.json().await.unwrap();
                (status, content_type, body)
            }
        };

    let mut oversized = valid.clone();
    oversized["message"] = json!("字".repeat(6000));
    let mut unknown_booth = valid.clone();
    unknown_booth["booth"] = json!("no-such-booth");
    let mut no_contact = valid.clone();
    no_contact["phone"] = Value::Null;
    no_contact["email"] = Value::Null;

    let case = |name: &'static str,
                content_type: &'static str,
                key: Option<String>,
                body: String,
                status: u16,
                code: &'static str,
                field: Option<&'static str>| {
        Case {
            name,
            content_type,
            key,
            body,
            status,
            code,
            field,
        }
    };
    let cases = vec![
        case(
            "oversized",
            "application/json",
            Some(new_key()),
            oversized.to_string(),
            413,
            "body_too_large",
            None,
        ),
        case(
            "malformed",
            "application/json",
            Some(new_key()),
            "{\"booth\": ".to_owned(),
            400,
            "malformed_json",
            None,
        ),
        case(
            "not an object",
            "application/json",
            Some(new_key()),
            "[1, 2]".to_owned(),
            400,
            "malformed_json",
            None,
        ),
        case(
            "missing key",
            "application/json",
            None,
            valid.to_string(),
            400,
            "missing_idempotency_key",
            None,
        ),
        case(
            "invalid key",
            "application/json",
            Some("retry-1".to_owned()),
            valid.to_string(),
            400,
            "invalid_idempotency_key",
            None,
        ),
        case(
            "form post",
            "application/x-www-form-urlencoded",
            Some(new_key()),
            "name=x".to_owned(),
            415,
            "unsupported_media_type",
            None,
        ),
        case(
            "unknown booth",
            "application/json",
            Some(new_key()),
            unknown_booth.to_string(),
            422,
            "unknown_booth",
            Some("booth"),
        ),
        case(
            "no contact",
            "application/json",
            Some(new_key()),
            no_contact.to_string(),
            422,
            "contact_required",
            Some("phone"),
        ),
    ];
    for case in cases {
        for lang in ["zh", "en"] {
            let (status, content_type, error) =
                post(case.content_type, case.key.clone(), case.body.clone(), lang).await;
            let name = case.name;
            assert_eq!(status, case.status, "{name} ({lang}): {error}");
            assert_eq!(content_type, "application/json; charset=utf-8", "{name}");
            assert_eq!(error["error"]["code"], case.code, "{name}");
            assert_eq!(error["error"]["field"].as_str(), case.field, "{name}");
            let message = error["error"]["message"].as_str().unwrap();
            let has_chinese = message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert_eq!(
                has_chinese,
                lang == "zh",
                "{name} ({lang}) message language: {message}"
            );
        }
    }
    assert_eq!(db.scalar("SELECT COUNT(*) FROM negotiations").await, 0);
}

/// Sends a body in chunks without Content-Length, which is cut off at the limit, too.
async fn chunked_oversized_body_is_rejected(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Service::start(&db).await;
    let address = service.url.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /api/negotiations HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Idempotency-Key: {}\r\nAccept-Language: en\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        new_key()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = "x".repeat(4096);
    for _ in 0..5 {
        // The server may respond and close before the last chunk, so later writes may fail.
        if stream
            .write_all(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes())
            .await
            .is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(response.contains("body_too_large"), "{response}");
}

async fn rate_limit_answers_429(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let options = Options::default()
        .set("--negotiation-burst", "2")
        .set("--negotiation-rate-per-minute", "1");
    let service = Service::start_with(&db, options).await;
    let body = negotiation_body(BOOTH_A, TOPIC_A, "张三");
    for _ in 0..2 {
        let (status, response) = service.negotiate(&new_key(), &body).await;
        assert_eq!(status, 201, "{response}");
    }
    let response = service
        .client
        .post(service.endpoint("/api/negotiations"))
        .header("content-type", "application/json")
        .header("idempotency-key", new_key())
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "rate_limited");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&retry_after.to_string())
    );

    // Events have their own bucket.
    let events = json!({
        "exhibition": EXHIBITION,
        "visit": uuid::Uuid::new_v4().to_string(),
        "events": [{"kind": "visit_start", "at": "2022-05-21T10:00:00Z"}],
    });
    assert_eq!(service.send_events(&events).await.0, 204);
    assert_eq!(db.scalar("SELECT COUNT(*) FROM negotiations").await, 2);
}
