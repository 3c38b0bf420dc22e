//! Anonymous visit events for the organizers' statistics: a random id per visit (kept in
//! sessionStorage, so it ends with the tab) and events for the visit's start, zones entered,
//! booths viewed, panels opened, live streams watched and negotiations sent. Batches go to the
//! manifest's `statistics_endpoint`; the last one is sent with `navigator.sendBeacon` when the
//! page is hidden. No personal data is sent.

use std::cell::RefCell;
use std::time::Duration;

use bevy::prelude::*;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::exhibition::Exhibition;
use crate::panels::negotiation::uuid_v4;
use crate::status::HallStatus;
use crate::{AppState, FrameSet};

/// Seconds between batches while events wait.
const FLUSH_SECONDS: f64 = 15.0;
/// Events that send a batch at once.
const FLUSH_COUNT: usize = 20;
/// Events kept at most while the endpoint cannot be reached; older ones are dropped.
const MAX_QUEUED: usize = 100;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(AppState::Touring), start_visit);
    app.add_systems(Update, (record_changes, flush).chain().in_set(FrameSet::Report).run_if(in_state(AppState::Touring)));
}

#[derive(Debug, Clone, Serialize)]
struct VisitEvent {
    kind: &'static str,
    at: String,
    zone: Option<String>,
    booth: Option<String>,
    panel: Option<&'static str>,
}

#[derive(Serialize)]
struct Batch<'a> {
    exhibition: &'a str,
    visit: &'a str,
    events: &'a [VisitEvent],
}

/// The batches' destination, set when the manifest names an endpoint and an exhibition id.
struct Target {
    endpoint: String,
    exhibition: String,
    visit: String,
    /// Booth ids of this exhibition; the outbox may deliver requests of other exhibitions on
    /// the same site, whose booths the endpoint would reject.
    booths: std::collections::HashSet<String>,
}

thread_local! {
    static QUEUE: RefCell<Vec<VisitEvent>> = const { RefCell::new(Vec::new()) };
    static TARGET: RefCell<Option<Target>> = const { RefCell::new(None) };
}

/// Queues an event; ignored when the exhibition has no statistics endpoint.
pub fn record(kind: &'static str, zone: Option<&str>, booth: Option<&str>, panel: Option<&'static str>) {
    let known = TARGET.with(|target| {
        target.borrow().as_ref().is_some_and(|target| booth.is_none_or(|booth| target.booths.contains(booth)))
    });
    if !known {
        return;
    }
    let at = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
    let event = VisitEvent { kind, at, zone: zone.map(str::to_owned), booth: booth.map(str::to_owned), panel };
    QUEUE.with(|queue| {
        let mut queue = queue.borrow_mut();
        queue.push(event);
        let excess = queue.len().saturating_sub(MAX_QUEUED);
        queue.drain(..excess);
    });
}

/// Returns this tab's visit id, making one on the first call.
fn visit_id() -> Option<String> {
    let storage = web_sys::window()?.session_storage().ok().flatten();
    if let Some(id) = storage.as_ref().and_then(|s| s.get_item("expo-hall.visit").ok().flatten()) {
        return Some(id);
    }
    let mut bytes = [0u8; 16];
    web_sys::window()?.crypto().ok()?.get_random_values_with_u8_array(&mut bytes).ok()?;
    let id = uuid_v4(bytes);
    if let Some(storage) = storage {
        let _ = storage.set_item("expo-hall.visit", &id);
    }
    Some(id)
}

fn start_visit(exhibition: Res<Exhibition>) {
    let header = &exhibition.manifest.exhibition;
    let (Some(endpoint), Some(id)) = (&header.statistics_endpoint, &header.id) else { return };
    let Some(visit) = visit_id() else {
        warn!("the browser gave no random numbers for a visit id; visit statistics are off");
        return;
    };
    let endpoint = super::panels::absolute_url(&exhibition, endpoint);
    info!("visit statistics go to {endpoint}");
    let booths = exhibition.manifest.booths.iter().map(|booth| booth.id.clone()).collect();
    TARGET.with(|target| *target.borrow_mut() = Some(Target { endpoint, exhibition: id.clone(), visit, booths }));
    record("visit_start", None, None, None);
    listen_page_hide();
}

/// The state last recorded, so that each change is recorded once.
#[derive(Default)]
struct Recorded {
    zone: Option<String>,
    panel: Option<(&'static str, Option<String>)>,
    live_watched: Vec<String>,
}

fn record_changes(status: Res<HallStatus>, live: Res<super::panels::LiveShown>, mut recorded: Local<Recorded>) {
    if status.zone != recorded.zone {
        if let Some(zone) = &status.zone {
            record("zone_entered", Some(zone), None, None);
        }
        recorded.zone = status.zone.clone();
    }
    let panel = status.panel.as_ref().map(|panel| (panel.kind, panel.booth.clone()));
    if panel != recorded.panel {
        let previous_booth = recorded.panel.as_ref().and_then(|(_, booth)| booth.clone());
        match &panel {
            // Going back from a hand-off panel to the card is not a new view of the booth.
            Some(("card", Some(booth))) if previous_booth.as_ref() != Some(booth) => record("booth_viewed", None, Some(booth), None),
            Some(("card", _)) | None => {}
            Some((kind, Some(booth))) => record("panel_opened", None, Some(booth), Some(kind)),
            Some((_, None)) => {}
        }
        recorded.panel = panel;
    }
    // A live stream counts as watched once per booth and visit, when it plays in its live state.
    let watched = match &recorded.panel {
        Some(("live", Some(booth))) if live.state_code() == Some("live") && !recorded.live_watched.contains(booth) => Some(booth.clone()),
        _ => None,
    };
    if let Some(booth) = watched.filter(|_| super::panels::playing_in_panel()) {
        record("live_watched", None, Some(&booth), None);
        recorded.live_watched.push(booth);
    }
}

/// Takes the queued events with the endpoint and the batch's JSON body.
fn take_batch() -> Option<(String, String, Vec<VisitEvent>)> {
    let events = QUEUE.with(|queue| std::mem::take(&mut *queue.borrow_mut()));
    if events.is_empty() {
        return None;
    }
    TARGET.with(|target| {
        let target = target.borrow();
        let target = target.as_ref()?;
        let body = serde_json::to_string(&Batch { exhibition: &target.exhibition, visit: &target.visit, events: &events }).ok()?;
        Some((target.endpoint.clone(), body, events))
    })
}

/// Puts unsent events back in front of the queue, keeping at most [`MAX_QUEUED`].
fn requeue(mut events: Vec<VisitEvent>) {
    QUEUE.with(|queue| {
        let mut queue = queue.borrow_mut();
        events.append(&mut queue);
        let excess = events.len().saturating_sub(MAX_QUEUED);
        events.drain(..excess);
        *queue = events;
    });
}

fn flush(mut last: Local<f64>) {
    let now = js_sys::Date::now();
    let count = QUEUE.with(|queue| queue.borrow().len());
    if count == 0 || (count < FLUSH_COUNT && now - *last < FLUSH_SECONDS * 1000.0) {
        return;
    }
    *last = now;
    let Some((endpoint, body, events)) = take_batch() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let response = reqwest::Client::new()
            .post(&endpoint)
            .header("Content-Type", "application/json")
            .timeout(Duration::from_secs(20))
            .body(body)
            .send()
            .await;
        match response {
            Ok(response) if response.status().is_success() => {}
            Ok(response) => warn!("visit events were rejected by {endpoint} with HTTP {}", response.status().as_u16()),
            Err(error) => {
                warn!("visit events could not be sent to {endpoint}: {error}; keeping them for the next batch");
                requeue(events);
            }
        }
    });
}

/// Sends what is left with `navigator.sendBeacon` when the page is hidden or closed.
fn listen_page_hide() {
    let Some(window) = web_sys::window() else { return };
    let closure = Closure::<dyn FnMut()>::new(|| {
        let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if !hidden {
            return;
        }
        let Some((endpoint, body, _)) = take_batch() else { return };
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().send_beacon_with_opt_str(&endpoint, Some(&body));
        }
    });
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback("visibilitychange", closure.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    closure.forget();
}
