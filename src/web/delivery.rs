//! Delivers negotiation requests from the outbox in localStorage: sends each due entry with
//! reqwest (the browser's fetch), applies the outcome, retries with back-off, after the page
//! comes back online and on the next visit.

use std::cell::RefCell;
use std::collections::HashSet;
use std::time::Duration;

use bevy::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::panels::negotiate;
use crate::panels::outbox::{classify_response, Outbox, OutboxEntry, SendOutcome, STORAGE_KEY};
use crate::FrameSet;

/// Time limit of one delivery attempt.
const SEND_TIMEOUT: Duration = Duration::from_secs(20);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, (log_stored_outbox, listen_online));
    app.add_systems(Update, (apply_results, start_due_sends).chain().in_set(FrameSet::Report));
}

thread_local! {
    /// Keys being sent now, so an entry is never sent twice at once from this page.
    static IN_FLIGHT: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
    /// Outcomes of finished attempts, applied by `apply_results`.
    static RESULTS: RefCell<Vec<(String, SendOutcome)>> = const { RefCell::new(Vec::new()) };
    /// Set when the browser reports that it is online again.
    static ONLINE_AGAIN: RefCell<bool> = const { RefCell::new(false) };
    /// Entries in the outbox when it was last read or written.
    static PENDING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Reads the outbox from localStorage; an unreadable one is logged and replaced.
fn load() -> Outbox {
    let text = super::panels::dom::local_storage().and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten());
    let (outbox, problem) = Outbox::from_json(text.as_deref());
    if let Some(problem) = problem {
        warn!("{problem}; starting with an empty outbox");
    }
    PENDING.with(|pending| pending.set(outbox.entries.len()));
    outbox
}

fn save(outbox: &Outbox) {
    PENDING.with(|pending| pending.set(outbox.entries.len()));
    let Some(storage) = super::panels::dom::local_storage() else {
        warn!("localStorage is not available; pending negotiation requests are kept only until the page closes");
        return;
    };
    if let Err(error) = storage.set_item(STORAGE_KEY, &outbox.to_json()) {
        error!("could not save the negotiation outbox: {error:?}");
    }
}

/// Number of requests waiting in the outbox when it was last read (at most half a second
/// ago), for the status object and the HUD.
pub fn pending_count() -> usize {
    PENDING.with(|pending| pending.get())
}

/// Number of requests of `booth` waiting in the outbox.
pub fn pending_for(booth: &str) -> usize {
    load().entries.iter().filter(|entry| entry.booth == booth).count()
}

/// Adds a request to the outbox; it is sent on the next frame.
pub fn enqueue(entry: OutboxEntry) {
    let mut outbox = load();
    info!("negotiation request {} for booth {} queued", entry.key, entry.booth);
    for dropped in outbox.push(entry) {
        warn!("outbox full; dropped the oldest request {dropped}");
    }
    save(&outbox);
}

fn log_stored_outbox() {
    let count = load().entries.len();
    if count > 0 {
        info!("{count} negotiation requests from an earlier visit are waiting; sending them now");
    }
}

fn listen_online() {
    let Some(window) = web_sys::window() else { return };
    let closure = Closure::<dyn FnMut()>::new(|| ONLINE_AGAIN.with(|flag| *flag.borrow_mut() = true));
    let _ = window.add_event_listener_with_callback("online", closure.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    closure.forget();
}

fn start_due_sends(mut last_check: Local<f64>) {
    let now = js_sys::Date::now();
    let online_again = ONLINE_AGAIN.with(|flag| std::mem::take(&mut *flag.borrow_mut()));
    // The outbox is read from storage at most twice a second.
    if now - *last_check < 500.0 && !online_again {
        return;
    }
    *last_check = now;
    let mut outbox = load();
    if online_again && !outbox.entries.is_empty() {
        info!("the browser is online again; retrying {} negotiation requests", outbox.entries.len());
        outbox.retry_all_now(now as i64);
        save(&outbox);
    }
    for key in outbox.due(now as i64) {
        let newly = IN_FLIGHT.with(|keys| keys.borrow_mut().insert(key.clone()));
        if !newly {
            continue;
        }
        let Some(entry) = outbox.get(&key).cloned() else { continue };
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = send(&entry).await;
            RESULTS.with(|results| results.borrow_mut().push((entry.key, outcome)));
        });
    }
}

async fn send(entry: &OutboxEntry) -> SendOutcome {
    let request = reqwest::Client::new()
        .post(&entry.endpoint)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", &entry.key)
        .header("Accept-Language", &entry.lang)
        .timeout(SEND_TIMEOUT)
        .body(entry.body.clone());
    let response = match request.send().await {
        Ok(response) => response,
        Err(error) => {
            let reason = if error.is_timeout() { "timed out".to_owned() } else { format!("network error: {error}") };
            return SendOutcome::Retry { reason, retry_after_ms: None };
        }
    };
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<i64>().ok());
    match response.text().await {
        Ok(body) => classify_response(status, &body, retry_after),
        Err(error) => SendOutcome::Retry { reason: format!("the response could not be read: {error}"), retry_after_ms: None },
    }
}

fn apply_results() {
    let results = RESULTS.with(|results| std::mem::take(&mut *results.borrow_mut()));
    if results.is_empty() {
        return;
    }
    let mut outbox = load();
    let now = js_sys::Date::now() as i64;
    for (key, outcome) in results {
        IN_FLIGHT.with(|keys| keys.borrow_mut().remove(&key));
        let sent_draft = outbox.get(&key).and_then(|entry| entry.draft.clone());
        let booth = outbox.get(&key).map(|entry| entry.booth.clone());
        let left = outbox.settle(&key, &outcome, now);
        let Some(booth) = booth.or_else(|| left.as_ref().map(|entry| entry.booth.clone())) else {
            // Another tab delivered and removed it already.
            continue;
        };
        match &outcome {
            SendOutcome::Accepted { receipt } => {
                info!("negotiation request {key} for booth {booth} delivered, receipt {receipt}");
                super::visits::record("negotiation_sent", None, Some(&booth), None);
                negotiate::clear_draft(&booth, sent_draft.as_deref());
                negotiate::remember_sent(&booth, sent_draft.as_deref());
                negotiate::set_form_status(
                    &booth,
                    "sent",
                    &format!("已送达展商。回执编号：{receipt}"),
                    &format!("Delivered to the exhibitor. Receipt: {receipt}"),
                );
                super::page::show_toast(&format!("洽谈请求已送达，回执编号 {receipt}"), &format!("Negotiation request delivered, receipt {receipt}"));
            }
            SendOutcome::Rejected { status, message, field } => {
                warn!("negotiation request {key} for booth {booth} rejected with HTTP {status}: {message}");
                negotiate::mark_field(&booth, field.as_deref(), message);
                negotiate::set_form_status(
                    &booth,
                    "rejected",
                    &format!("未能提交：{message} 您填写的内容已保留，请修改后重新发送。"),
                    &format!("Not accepted: {message} What you typed is kept; correct it and send again."),
                );
                // The form may be closed (a request from an earlier visit), so a toast shows the
                // message too. The draft is kept and fills the form when the visitor opens it.
                super::page::show_toast(
                    &format!("洽谈请求未被接受：{message} 打开该展位的洽谈表单可修改后重新发送。"),
                    &format!("A negotiation request was not accepted: {message} Open the booth's negotiation form to correct and resend it."),
                );
            }
            SendOutcome::Retry { reason, .. } => {
                let attempts = outbox.get(&key).map_or(0, |entry| entry.attempts);
                warn!("negotiation request {key} for booth {booth} not delivered ({reason}); attempt {attempts} failed, retrying later");
                negotiate::set_form_status(
                    &booth,
                    "pending",
                    "暂时无法连接服务器。请求已保存在本机，网络恢复后会自动发送，下次访问时也会继续发送。",
                    "The server cannot be reached right now. The request is saved on this device and is sent automatically when the network is back, or on your next visit.",
                );
            }
        }
    }
    save(&outbox);
}
