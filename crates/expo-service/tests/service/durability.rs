//! A receipt means the request is committed: the service killed with SIGKILL in the middle of
//! a load loses no request that got a receipt, and retries after the restart add no rows.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::Semaphore;

use crate::harness::*;

crate::backend_tests!(sigkill_during_load_loses_no_receipt);

const REQUESTS: usize = 600;
const CONCURRENCY: usize = 64;
/// The service is killed once this many receipts have arrived.
const KILL_AFTER_RECEIPTS: usize = 150;

async fn sigkill_during_load_loses_no_receipt(backend: Backend) {
    let db = TestDb::create(&backend).await;
    let mut service = Service::start(&db).await;
    let pid = service.pid() as libc::pid_t;
    let url = service.url.clone();

    let requests: Arc<Vec<(String, Value)>> = Arc::new(
        (0..REQUESTS)
            .map(|index| {
                (
                    new_key(),
                    negotiation_body(BOOTH_A, TOPIC_A, &format!("访客{index}")),
                )
            })
            .collect(),
    );
    let receipts: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let receipt_count = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let permits = Arc::new(Semaphore::new(CONCURRENCY));
    let client = client();

    let mut tasks = Vec::new();
    for index in 0..REQUESTS {
        let permit = permits.clone().acquire_owned().await.unwrap();
        let (requests, receipts, receipt_count, killed, client, url) = (
            requests.clone(),
            receipts.clone(),
            receipt_count.clone(),
            killed.clone(),
            client.clone(),
            url.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let _permit = permit;
            let (key, body) = &requests[index];
            let response = client
                .post(format!("{url}/api/negotiations"))
                .header("content-type", "application/json")
                .header("idempotency-key", key)
                .body(body.to_string())
                .send()
                .await;
            let Ok(response) = response else { return };
            if response.status().as_u16() != 201 {
                return;
            }
            // A receipt counts only once its whole body has arrived.
            let Ok(receipt) = response.json::<Value>().await else {
                return;
            };
            receipts
                .lock()
                .unwrap()
                .insert(key.clone(), receipt["receipt"].as_str().unwrap().to_owned());
            if receipt_count.fetch_add(1, Ordering::SeqCst) + 1 >= KILL_AFTER_RECEIPTS
                && !killed.swap(true, Ordering::SeqCst)
            {
                // SAFETY: kill(2) with a pid this test started and has not reaped yet.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    service.kill();
    let receipts = receipts.lock().unwrap().clone();
    assert!(
        killed.load(Ordering::SeqCst),
        "the service was never killed"
    );
    assert!(
        receipts.len() >= KILL_AFTER_RECEIPTS && receipts.len() < REQUESTS,
        "the kill should land in the middle of the load, but {} of {REQUESTS} requests got receipts",
        receipts.len()
    );
    eprintln!(
        "{} of {REQUESTS} requests got a receipt before SIGKILL",
        receipts.len()
    );

    let restarted = Service::start(&db).await;
    let stored: HashSet<String> = db
        .column("SELECT receipt FROM negotiations")
        .await
        .into_iter()
        .collect();
    let lost: Vec<&String> = receipts
        .values()
        .filter(|receipt| !stored.contains(*receipt))
        .collect();
    assert!(lost.is_empty(), "receipts sent but not stored: {lost:?}");

    // Every client retries with its key: known receipts come back unchanged, the rest are
    // stored now, and no key gets a second row.
    for (key, body) in requests.iter() {
        let (status, response) = restarted.negotiate(key, body).await;
        match receipts.get(key) {
            Some(receipt) => {
                assert_eq!(status, 200, "{response}");
                assert_eq!(response["receipt"].as_str(), Some(receipt.as_str()));
            }
            None => assert!(
                status == 201 || status == 200,
                "status {status}: {response}"
            ),
        }
    }
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM negotiations").await,
        REQUESTS as i64
    );
    assert_eq!(
        db.scalar("SELECT COUNT(DISTINCT idempotency_key) FROM negotiations")
            .await,
        REQUESTS as i64
    );
    assert_eq!(
        db.scalar("SELECT CAST(SUM(requests) AS BIGINT) FROM negotiation_daily_counts")
            .await,
        REQUESTS as i64
    );
}
