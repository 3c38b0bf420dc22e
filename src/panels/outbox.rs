//! The negotiation outbox: requests kept in the browser's localStorage until the endpoint has
//! accepted them, retried with back-off and on the next visit. The server's idempotency key
//! check makes a retried request count once.

use serde::{Deserialize, Serialize};

/// localStorage key of the outbox. The version changes when the entry format does.
pub const STORAGE_KEY: &str = "expo-hall.outbox.v1";
/// First retry delay in milliseconds; each failed attempt doubles it.
const FIRST_RETRY_MS: i64 = 2_000;
/// Maximum retry delay in milliseconds.
const MAX_RETRY_MS: i64 = 5 * 60 * 1000;
/// Entries kept at most; the oldest are dropped beyond this so a broken endpoint cannot fill
/// the visitor's storage.
pub const MAX_ENTRIES: usize = 50;

/// One request waiting for delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Idempotency key sent in the `Idempotency-Key` header.
    pub key: String,
    /// Absolute endpoint URL.
    pub endpoint: String,
    pub booth: String,
    /// The JSON request body, exactly as first sent.
    pub body: String,
    /// `zh` or `en`, sent as `Accept-Language` so server messages match the form.
    pub lang: String,
    pub attempts: u32,
    /// Earliest next attempt, in milliseconds since 1970.
    pub next_attempt_ms: i64,
    /// Reason the last attempt failed, in English, for the log.
    #[serde(default)]
    pub last_error: Option<String>,
    /// The form's draft (JSON) when it was sent. On delivery the stored draft is deleted only
    /// while it is still this one, so text typed after sending is kept.
    #[serde(default)]
    pub draft: Option<String>,
}

/// The result of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// Stored by the server; the receipt id it returned.
    Accepted { receipt: String },
    /// Refused for good (4xx): the server's message, and the field it names if any.
    Rejected { status: u16, message: String, field: Option<String> },
    /// Not delivered yet (network failure, timeout, 5xx, 429): try again later, no sooner than
    /// `retry_after_ms` when the server sent `Retry-After`.
    Retry { reason: String, retry_after_ms: Option<i64> },
}

/// Classifies an HTTP response by status and body (the contract's JSON), for `Retry-After`
/// in seconds when the server sent one.
pub fn classify_response(status: u16, body: &str, retry_after_seconds: Option<i64>) -> SendOutcome {
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    match status {
        200..=299 => {
            let receipt = json.as_ref().and_then(|value| value.get("receipt")).and_then(|value| value.as_str());
            match receipt {
                Some(receipt) if !receipt.trim().is_empty() => SendOutcome::Accepted { receipt: receipt.to_owned() },
                // A 2xx without a receipt comes from something other than the endpoint (a
                // captive portal, a proxy's error page), so the request was not stored.
                _ => SendOutcome::Retry { reason: format!("HTTP {status} without a receipt"), retry_after_ms: None },
            }
        }
        // 404 and 405 come from a missing or misrouted endpoint, and `body_unreadable` from a
        // connection cut while sending. None of them means the request is invalid, so it is
        // sent again.
        400 if error_code(json.as_ref()) == Some("body_unreadable") => {
            SendOutcome::Retry { reason: "HTTP 400 body_unreadable".to_owned(), retry_after_ms: None }
        }
        404 | 405 | 408 | 425 | 429 | 500..=599 => SendOutcome::Retry {
            reason: format!("HTTP {status}"),
            retry_after_ms: retry_after_seconds.map(|seconds| seconds.clamp(0, 3600) * 1000),
        },
        _ => {
            let error = json.as_ref().and_then(|value| value.get("error"));
            let message = error
                .and_then(|error| error.get("message"))
                .and_then(|message| message.as_str())
                .map(str::to_owned)
                .unwrap_or_else(|| format!("HTTP {status}"));
            let field = error.and_then(|error| error.get("field")).and_then(|field| field.as_str()).map(str::to_owned);
            SendOutcome::Rejected { status, message, field }
        }
    }
}

fn error_code(json: Option<&serde_json::Value>) -> Option<&str> {
    json?.get("error")?.get("code")?.as_str()
}

/// Returns the delay before attempt number `attempts + 1`: 2 s doubled per failed attempt, at
/// most 5 minutes.
pub fn retry_delay_ms(attempts: u32) -> i64 {
    FIRST_RETRY_MS.saturating_mul(1_i64 << attempts.min(20)).min(MAX_RETRY_MS)
}

/// The stored outbox.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    pub entries: Vec<OutboxEntry>,
}

impl Outbox {
    /// Reads the stored JSON. Returns an empty outbox and the reason when it cannot be read.
    pub fn from_json(text: Option<&str>) -> (Outbox, Option<String>) {
        match text.map(serde_json::from_str::<Outbox>) {
            None => (Outbox::default(), None),
            Some(Ok(outbox)) => (outbox, None),
            Some(Err(error)) => (Outbox::default(), Some(format!("the stored outbox is unreadable ({error})"))),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("the outbox always serializes")
    }

    /// Adds an entry due now, dropping the oldest beyond [`MAX_ENTRIES`]. Returns the dropped keys.
    pub fn push(&mut self, entry: OutboxEntry) -> Vec<String> {
        self.entries.retain(|existing| existing.key != entry.key);
        self.entries.push(entry);
        let excess = self.entries.len().saturating_sub(MAX_ENTRIES);
        self.entries.drain(..excess).map(|dropped| dropped.key).collect()
    }

    /// Keys of the entries due at `now_ms`, oldest first.
    pub fn due(&self, now_ms: i64) -> Vec<String> {
        self.entries.iter().filter(|entry| entry.next_attempt_ms <= now_ms).map(|entry| entry.key.clone()).collect()
    }

    pub fn get(&self, key: &str) -> Option<&OutboxEntry> {
        self.entries.iter().find(|entry| entry.key == key)
    }

    /// Applies an attempt's outcome: accepted and rejected entries leave the outbox, the others
    /// are scheduled again. Returns the entry when it left.
    pub fn settle(&mut self, key: &str, outcome: &SendOutcome, now_ms: i64) -> Option<OutboxEntry> {
        let position = self.entries.iter().position(|entry| entry.key == key)?;
        match outcome {
            SendOutcome::Accepted { .. } | SendOutcome::Rejected { .. } => Some(self.entries.remove(position)),
            SendOutcome::Retry { reason, retry_after_ms } => {
                let entry = &mut self.entries[position];
                let delay = retry_delay_ms(entry.attempts).max(retry_after_ms.unwrap_or(0));
                entry.attempts = entry.attempts.saturating_add(1);
                entry.next_attempt_ms = now_ms + delay;
                entry.last_error = Some(reason.clone());
                None
            }
        }
    }

    /// Makes every entry due now, for when the browser reports that it is back online.
    pub fn retry_all_now(&mut self, now_ms: i64) {
        for entry in &mut self.entries {
            entry.next_attempt_ms = entry.next_attempt_ms.min(now_ms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str) -> OutboxEntry {
        OutboxEntry {
            key: key.into(),
            endpoint: "http://127.0.0.1:1/api/negotiations".into(),
            booth: "b".into(),
            body: "{}".into(),
            lang: "zh".into(),
            attempts: 0,
            next_attempt_ms: 1000,
            last_error: None,
            draft: None,
        }
    }

    #[test]
    fn responses_classified() {
        assert_eq!(
            classify_response(201, r#"{"receipt":"NG-1","received_at":"x"}"#, None),
            SendOutcome::Accepted { receipt: "NG-1".into() }
        );
        assert_eq!(classify_response(200, r#"{"receipt":"NG-1"}"#, None), SendOutcome::Accepted { receipt: "NG-1".into() });
        assert_eq!(
            classify_response(422, r#"{"error":{"code":"invalid_field","message":"电话无效","field":"phone"}}"#, None),
            SendOutcome::Rejected { status: 422, message: "电话无效".into(), field: Some("phone".into()) }
        );
        assert_eq!(
            classify_response(400, "<html>bad</html>", None),
            SendOutcome::Rejected { status: 400, message: "HTTP 400".into(), field: None }
        );
        assert!(matches!(classify_response(200, "<html>portal</html>", None), SendOutcome::Retry { .. }));
        assert!(matches!(classify_response(201, r#"{"receipt":""}"#, None), SendOutcome::Retry { .. }));
        assert!(matches!(classify_response(404, "not found", None), SendOutcome::Retry { .. }));
        assert!(matches!(
            classify_response(400, r#"{"error":{"code":"body_unreadable","message":"x","field":null}}"#, None),
            SendOutcome::Retry { .. }
        ));
        assert!(matches!(
            classify_response(409, r#"{"error":{"code":"idempotency_key_reused","message":"x","field":null}}"#, None),
            SendOutcome::Rejected { status: 409, .. }
        ));
        assert_eq!(
            classify_response(503, "", None),
            SendOutcome::Retry { reason: "HTTP 503".into(), retry_after_ms: None }
        );
        assert_eq!(
            classify_response(429, "{}", Some(30)),
            SendOutcome::Retry { reason: "HTTP 429".into(), retry_after_ms: Some(30_000) }
        );
    }

    #[test]
    fn retry_delays_double_up_to_cap() {
        assert_eq!(retry_delay_ms(0), 2_000);
        assert_eq!(retry_delay_ms(1), 4_000);
        assert_eq!(retry_delay_ms(7), 256_000);
        assert_eq!(retry_delay_ms(8), MAX_RETRY_MS);
        assert_eq!(retry_delay_ms(u32::MAX), MAX_RETRY_MS);
    }

    #[test]
    fn settle_removes_or_reschedules() {
        let mut outbox = Outbox::default();
        outbox.push(entry("a"));
        outbox.push(entry("b"));
        assert_eq!(outbox.due(1000), vec!["a", "b"]);

        let retry = SendOutcome::Retry { reason: "network".into(), retry_after_ms: None };
        assert_eq!(outbox.settle("a", &retry, 5_000), None);
        assert_eq!(outbox.get("a").unwrap().next_attempt_ms, 7_000);
        assert_eq!(outbox.get("a").unwrap().attempts, 1);
        assert_eq!(outbox.due(6_000), vec!["b"]);

        let accepted = SendOutcome::Accepted { receipt: "R".into() };
        assert_eq!(outbox.settle("b", &accepted, 6_000).unwrap().key, "b");
        assert_eq!(outbox.settle("b", &accepted, 6_000), None);
        outbox.retry_all_now(6_500);
        assert_eq!(outbox.due(6_500), vec!["a"]);
    }

    #[test]
    fn storage_round_trip_and_damage() {
        let mut outbox = Outbox::default();
        outbox.push(entry("a"));
        let (read, problem) = Outbox::from_json(Some(&outbox.to_json()));
        assert_eq!(read, outbox);
        assert_eq!(problem, None);
        let (read, problem) = Outbox::from_json(Some("{not json"));
        assert!(read.entries.is_empty());
        assert!(problem.unwrap().contains("unreadable"));
        assert_eq!(Outbox::from_json(None).0, Outbox::default());
    }

    #[test]
    fn push_bounds_entries_and_replaces_same_key() {
        let mut outbox = Outbox::default();
        outbox.push(entry("a"));
        outbox.push(entry("a"));
        assert_eq!(outbox.entries.len(), 1);
        for i in 0..MAX_ENTRIES {
            outbox.push(entry(&format!("k{i}")));
        }
        assert_eq!(outbox.entries.len(), MAX_ENTRIES);
        assert!(outbox.get("a").is_none());
    }
}
