//! The inbox API: token isolation between booths, marking requests handled, paging and CSV.

use serde_json::{Value, json};

use crate::harness::*;

crate::backend_tests!(
    booth_token_sees_only_its_booth,
    requests_are_marked_handled,
    list_pages_follow_cursor,
    csv_export_opens_in_spreadsheets,
    token_commands_check_input,
);

async fn store(service: &Service, booth: &str, topic: &str, name: &str) -> String {
    let (status, receipt) = service
        .negotiate(&new_key(), &negotiation_body(booth, topic, name))
        .await;
    assert_eq!(status, 201, "{receipt}");
    receipt["receipt"].as_str().unwrap().to_owned()
}

async fn mark(service: &Service, token: &str, receipt: &str, handled: bool) -> (u16, Value) {
    let response = service
        .client
        .put(service.endpoint(&format!("/api/inbox/negotiations/{receipt}/handled")))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(json!({ "handled": handled }).to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn receipts_of(list: &Value) -> Vec<String> {
    list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|request| request["receipt"].as_str().unwrap().to_owned())
        .collect()
}

async fn booth_token_sees_only_its_booth(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Service::start(&db).await;
    let receipt_a = store(&service, BOOTH_A, TOPIC_A, "张三").await;
    let receipt_b = store(&service, BOOTH_B, TOPIC_B, "李四").await;
    let token_a = create_token(&db, &["--booth", BOOTH_A]);

    let (status, me) = service.get_json("/api/inbox/me", &token_a).await;
    assert_eq!(status, 200);
    assert_eq!(me["role"], "booth");
    assert_eq!(me["booth"]["id"], BOOTH_A);

    for path in [
        "/api/inbox/negotiations".to_owned(),
        format!("/api/inbox/negotiations?booth={BOOTH_B}"),
        "/api/inbox/negotiations?status=all".to_owned(),
    ] {
        let (status, list) = service.get_json(&path, &token_a).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(receipts_of(&list), vec![receipt_a.clone()], "{path}");
    }

    let (status, csv) = service
        .get_bytes(
            &format!("/api/inbox/negotiations.csv?booth={BOOTH_B}"),
            &token_a,
        )
        .await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains(&receipt_a), "{csv}");
    assert!(!csv.contains(&receipt_b), "{csv}");
    assert!(!csv.contains("李四"), "{csv}");

    let (status, error) = mark(&service, &token_a, &receipt_b, true).await;
    assert_eq!(status, 404, "{error}");
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM negotiations WHERE handled_at_ms IS NOT NULL")
            .await,
        0
    );

    let (status, error) = service.get_json("/api/statistics", &token_a).await;
    assert_eq!(status, 403, "{error}");
    assert_eq!(error["error"]["code"], "forbidden");

    for token in ["", "expo_0000", "not-a-token"] {
        let response = service
            .client
            .get(service.endpoint("/api/inbox/negotiations"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401, "token {token:?}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
    }
    let response = service
        .client
        .get(service.endpoint("/api/inbox/negotiations"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(response.headers()["cache-control"], "no-store");

    let organizer = create_token(&db, &["--organizer"]);
    let (_, list) = service
        .get_json("/api/inbox/negotiations", &organizer)
        .await;
    let mut all = receipts_of(&list);
    all.sort();
    let mut expected = vec![receipt_a.clone(), receipt_b.clone()];
    expected.sort();
    assert_eq!(all, expected);
    let (_, list) = service
        .get_json(
            &format!("/api/inbox/negotiations?booth={BOOTH_B}"),
            &organizer,
        )
        .await;
    assert_eq!(receipts_of(&list), vec![receipt_b]);

    // A revoked token stops working at once.
    let (revoked, stderr) = token_command(&db, &["revoke", "1"]);
    assert!(revoked, "{stderr}");
    let (status, _) = service.get_json("/api/inbox/negotiations", &token_a).await;
    assert_eq!(status, 401);
}

async fn requests_are_marked_handled(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Service::start(&db).await;
    let first = store(&service, BOOTH_A, TOPIC_A, "张三").await;
    let second = store(&service, BOOTH_A, TOPIC_A, "王五").await;
    let token = create_token(&db, &["--booth", BOOTH_A]);

    let (status, marked) = mark(&service, &token, &first, true).await;
    assert_eq!(status, 200, "{marked}");
    assert_eq!(marked["handled"], true);
    let handled_at = marked["handled_at"].clone();
    assert!(handled_at.is_string());
    // Marking again keeps the first time.
    let (_, again) = mark(&service, &token, &first, true).await;
    assert_eq!(again["handled_at"], handled_at);

    let (_, open) = service
        .get_json("/api/inbox/negotiations?status=open", &token)
        .await;
    assert_eq!(receipts_of(&open), vec![second.clone()]);
    let (_, handled) = service
        .get_json("/api/inbox/negotiations?status=handled", &token)
        .await;
    assert_eq!(receipts_of(&handled), vec![first.clone()]);

    let (status, unmarked) = mark(&service, &token, &first, false).await;
    assert_eq!(status, 200);
    assert_eq!(unmarked["handled"], false);
    let (_, open) = service
        .get_json("/api/inbox/negotiations?status=open", &token)
        .await;
    assert_eq!(receipts_of(&open).len(), 2);

    let (status, _) = mark(&service, &token, "NG-20220521-ZZZZZZ", true).await;
    assert_eq!(status, 404);
    let (status, error) = service
        .get_json("/api/inbox/negotiations?status=done", &token)
        .await;
    assert_eq!(status, 400);
    assert_eq!(error["error"]["code"], "invalid_query");
}

async fn list_pages_follow_cursor(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Service::start(&db).await;
    let mut stored = Vec::new();
    for index in 0..5 {
        stored.push(store(&service, BOOTH_A, TOPIC_A, &format!("访客{index}")).await);
    }
    let organizer = create_token(&db, &["--organizer"]);
    let (_, first_page) = service
        .get_json("/api/inbox/negotiations?limit=2", &organizer)
        .await;
    assert_eq!(
        receipts_of(&first_page),
        vec![stored[4].clone(), stored[3].clone()]
    );
    let cursor = first_page["next_before"].as_i64().unwrap();
    let (_, second_page) = service
        .get_json(
            &format!("/api/inbox/negotiations?limit=2&before={cursor}"),
            &organizer,
        )
        .await;
    assert_eq!(
        receipts_of(&second_page),
        vec![stored[2].clone(), stored[1].clone()]
    );
    let (status, _) = service
        .get_json("/api/inbox/negotiations?limit=0", &organizer)
        .await;
    assert_eq!(status, 400);
    let (status, _) = service
        .get_json("/api/inbox/negotiations?limit=501", &organizer)
        .await;
    assert_eq!(status, 400);
}

async fn csv_export_opens_in_spreadsheets(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let service = Service::start(&db).await;
    let mut body = negotiation_body(BOOTH_A, TOPIC_A, "张三");
    body["message"] = json!("=HYPERLINK(\"http://example.invalid\", \"点击\")\n第二行, 带逗号");
    let (status, receipt) = service.negotiate(&new_key(), &body).await;
    assert_eq!(status, 201);
    let receipt = receipt["receipt"].as_str().unwrap().to_owned();
    let token = create_token(&db, &["--booth", BOOTH_A]);

    let response = service
        .client
        .get(service.endpoint("/api/inbox/negotiations.csv"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut lines = text.split("\r\n");
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("回执号,展位,参展单位,姓名"),
        "{text}"
    );
    let row = lines.next().unwrap();
    assert!(row.starts_with(&format!("{receipt},{BOOTH_A},广西柳工机械股份有限公司,张三,广西某科技有限公司,'+86 138-0013-8000,")), "{row}");
    assert!(
        text.contains(
            "\"'=HYPERLINK(\"\"http://example.invalid\"\", \"\"点击\"\")\n第二行, 带逗号\""
        ),
        "{text}"
    );

    let (_, english) = service
        .get_bytes("/api/inbox/negotiations.csv?lang=en", &token)
        .await;
    let english = String::from_utf8(english).unwrap();
    assert!(
        english.starts_with("\u{feff}Receipt,Booth,Exhibitor,Name"),
        "{english}"
    );
    assert!(
        english.contains("Guangxi LiuGong Machinery Co., Ltd."),
        "{english}"
    );
}

async fn token_commands_check_input(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let _service = Service::start(&db).await;
    let (created, stderr) = token_command(&db, &["create", "--booth", "no-such-booth"]);
    assert!(!created);
    assert!(stderr.contains("no-such-booth"), "{stderr}");
    let (created, _) = token_command(&db, &["create"]);
    assert!(!created, "either --booth or --organizer is required");
    let (revoked, stderr) = token_command(&db, &["revoke", "99"]);
    assert!(!revoked);
    assert!(stderr.contains("99"), "{stderr}");
    assert_eq!(db.scalar("SELECT COUNT(*) FROM access_tokens").await, 0);

    let token = create_token(&db, &["--booth", BOOTH_A, "--label", "柳工 2022-05"]);
    assert!(token.starts_with("expo_"));
    let stored = db.column("SELECT token_sha256 FROM access_tokens").await;
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(&token[5..]), "only the hash is stored");
}
