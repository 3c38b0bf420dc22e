//! Publishes `window.__EXPO_HALL__`, a frozen snapshot of [`HallStatus`] replaced each frame.

use bevy::prelude::*;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::exhibition::LaunchOptions;
use crate::signs::SignStats;
use crate::status::{HallStatus, StatusError, UiLanguage};
use crate::FrameSet;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Last, publish.after(FrameSet::Report));
}

fn set(object: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value.into());
}

fn optional(value: &Option<String>) -> JsValue {
    value.as_deref().map_or(JsValue::NULL, JsValue::from_str)
}

fn error_object(error: &StatusError) -> Object {
    let object = Object::new();
    set(&object, "code", error.code.as_str());
    set(&object, "booth", optional(&error.booth));
    set(&object, "url", error.url.as_str());
    set(&object, "zh", error.message_zh.as_str());
    set(&object, "en", error.message_en.as_str());
    Object::freeze(&object)
}

fn list(errors: &[StatusError]) -> Array {
    let array: Array = errors.iter().map(error_object).collect();
    Object::freeze(&array);
    array
}

thread_local! {
    /// The frozen error and warning arrays with the counts they were built from. Problems are
    /// only ever appended, so the arrays are rebuilt only when a count changes.
    static LISTS: std::cell::RefCell<Option<((usize, Array), (usize, Array))>> = const { std::cell::RefCell::new(None) };
}

fn cached_lists(status: &HallStatus) -> (Array, Array) {
    LISTS.with(|cell| {
        let mut cache = cell.borrow_mut();
        let stale = cache
            .as_ref()
            .is_none_or(|((errors, _), (warnings, _))| *errors != status.errors.len() || *warnings != status.warnings.len());
        if stale {
            *cache = Some(((status.errors.len(), list(&status.errors)), (status.warnings.len(), list(&status.warnings))));
        }
        let ((_, errors), (_, warnings)) = cache.as_ref().expect("the cache was filled above");
        (errors.clone(), warnings.clone())
    })
}

/// Describes the panel's playing media element: `{ state, engine, format, src, currentTime,
/// paused, ended, readyState }`, where `state` is web/stream.js's loading, playing,
/// reconnecting or failed. Returns null when no panel plays media.
fn media_state() -> JsValue {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return JsValue::NULL };
    let Ok(Some(element)) = document.query_selector("#panel-root video") else { return JsValue::NULL };
    let Ok(video) = element.dyn_into::<web_sys::HtmlVideoElement>() else { return JsValue::NULL };
    let dataset = video.dataset();
    let object = Object::new();
    set(&object, "state", dataset.get("streamState").unwrap_or_default());
    set(&object, "engine", dataset.get("engine").unwrap_or_default());
    set(&object, "format", dataset.get("format").unwrap_or_default());
    set(&object, "src", dataset.get("url").unwrap_or_default());
    set(&object, "attempt", dataset.get("attempt").and_then(|a| a.parse::<u32>().ok()).unwrap_or(0));
    set(&object, "currentTime", video.current_time());
    set(&object, "paused", video.paused());
    set(&object, "ended", video.ended());
    set(&object, "readyState", video.ready_state() as u32);
    JsValue::from(Object::freeze(&object))
}

/// Returns `{ drawCalls, triangles }` of the last complete frame as web/gl-stats.js counts them,
/// or null before its first frame.
fn renderer_stats() -> JsValue {
    let read = || -> Option<Object> {
        let window: JsValue = web_sys::window()?.into();
        let stats = Reflect::get(&window, &JsValue::from_str("__EXPO_GL_STATS__")).ok()?;
        let draw_calls = Reflect::get(&stats, &JsValue::from_str("drawCalls")).ok()?.as_f64()?;
        let triangles = Reflect::get(&stats, &JsValue::from_str("triangles")).ok()?.as_f64()?;
        let object = Object::new();
        set(&object, "drawCalls", draw_calls);
        set(&object, "triangles", triangles);
        Some(Object::freeze(&object))
    };
    read().map_or(JsValue::NULL, JsValue::from)
}

/// Returns the size of the wasm module's linear memory, in bytes; it grows and never shrinks.
fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64
}

fn point(value: Vec3) -> Object {
    let object = Object::new();
    set(&object, "x", value.x as f64);
    set(&object, "y", value.y as f64);
    set(&object, "z", value.z as f64);
    Object::freeze(&object)
}

/// `{ mode, supported, views, frames, rig, head, target, panel, negotiationLink }` of
/// immersive VR.
fn xr_object(xr: &crate::status::XrStatus) -> Object {
    let object = Object::new();
    set(&object, "mode", if xr.immersive { "immersive" } else { "none" });
    set(&object, "supported", xr.supported);
    set(&object, "views", xr.views as u32);
    set(&object, "frames", xr.frames as f64);
    let rig = Object::new();
    set(&rig, "x", xr.rig_origin.x as f64);
    set(&rig, "z", xr.rig_origin.y as f64);
    set(&rig, "yaw", xr.rig_yaw_degrees as f64);
    set(&object, "rig", Object::freeze(&rig));
    set(&object, "head", xr.head.map_or(JsValue::NULL, |head| point(head).into()));
    let target = match &xr.target {
        Some(target) => {
            let value = Object::new();
            set(&value, "hand", target.hand);
            set(&value, "kind", target.kind);
            set(&value, "booth", optional(&target.booth));
            set(&value, "point", target.point.map_or(JsValue::NULL, |p| point(p).into()));
            JsValue::from(Object::freeze(&value))
        }
        None => JsValue::NULL,
    };
    set(&object, "target", target);
    set(&object, "panel", optional(&xr.panel));
    set(&object, "negotiationLink", optional(&xr.negotiation_link));
    Object::freeze(&object)
}

fn publish(
    status: Res<HallStatus>,
    language: Res<UiLanguage>,
    options: Res<LaunchOptions>,
    signs: Option<Res<SignStats>>,
    time: Res<Time<Real>>,
    live: Res<super::panels::LiveShown>,
    screens: Option<NonSend<super::screens::ScreenPlayers>>,
    link: Option<Res<super::tour::SharedLink>>,
    directory_only: Option<Res<super::DirectoryOnly>>,
    entities: &bevy::ecs::entity::Entities,
    quality: Option<Res<crate::quality::RenderQuality>>,
    mut frames: Local<u32>,
    mut entity_count: Local<u32>,
) {
    *frames += 1;
    // Counting walks every entity slot, so it is refreshed twice a second at 60 frames a second.
    if *frames % 30 == 1 {
        *entity_count = entities.count_spawned();
    }
    let Some(window) = web_sys::window() else { return };
    let object = Object::new();
    set(&object, "ready", status.ready);
    set(&object, "stage", status.stage.code());
    set(&object, "progress", status.progress() as f64);
    set(&object, "manifest", status.manifest_url.as_str());
    set(&object, "zones", status.zones as u32);
    set(&object, "booths", status.booths as u32);
    set(&object, "modelsTotal", status.models_total as u32);
    set(&object, "modelsLoaded", status.models_loaded as u32);
    set(&object, "modelsFailed", status.models_failed as u32);
    set(&object, "modelsInView", status.models_in_view as u32);
    set(&object, "modelsInViewSettled", status.models_in_view_settled as u32);
    let (errors, warnings) = cached_lists(&status);
    set(&object, "errors", errors);
    set(&object, "warnings", warnings);
    let camera = Object::new();
    set(&camera, "x", status.camera.position.x as f64);
    set(&camera, "y", status.camera.position.y as f64);
    set(&camera, "z", status.camera.position.z as f64);
    set(&camera, "yaw", status.camera.yaw_degrees as f64);
    set(&camera, "pitch", status.camera.pitch_degrees as f64);
    set(&object, "camera", Object::freeze(&camera));
    set(&object, "zone", optional(&status.zone));
    set(&object, "booth", optional(&status.selected_booth));
    set(&object, "lang", language.code());
    set(&object, "signsRendered", signs.map_or(0, |signs| signs.rendered) as u32);
    set(&object, "cjkFont", super::canvas_text::cjk_font_available());
    // The preset in use: automatic quality may have lowered it since the start.
    let current_quality = quality.as_ref().map_or(options.quality, |quality| quality.current);
    set(&object, "quality", current_quality.code());
    set(&object, "resolutionScale", current_quality.resolution_scale() as f64);
    set(&object, "qualityForced", options.quality_forced);
    set(&object, "sampleContent", status.sample_content);
    let panel = match &status.panel {
        Some(panel) => {
            let value = Object::new();
            set(&value, "kind", panel.kind);
            set(&value, "booth", optional(&panel.booth));
            set(&value, "liveState", live.state_code().map_or(JsValue::NULL, JsValue::from_str));
            JsValue::from(Object::freeze(&value))
        }
        None => JsValue::NULL,
    };
    set(&object, "panel", panel);
    set(&object, "media", media_state());
    set(&object, "outbox", super::delivery::pending_count() as u32);
    if let Some(screens) = screens {
        let screen_status = Object::new();
        set(&screen_status, "decoders", screens.decoders() as u32);
        set(&screen_status, "framesCopied", screens.frames_copied as f64);
        set(&object, "screens", Object::freeze(&screen_status));
    }
    set(&object, "mode", if directory_only.is_some() { "fallback" } else { options.mode.code() });
    let tour = Object::new();
    set(&tour, "state", status.tour.state);
    set(&tour, "stop", status.tour.stop.map_or(JsValue::NULL, |stop| JsValue::from(stop as u32)));
    set(&tour, "stops", status.tour.stops as u32);
    set(&tour, "atStop", status.tour.at_stop);
    set(&tour, "booth", optional(&status.tour.booth));
    set(&tour, "zone", optional(&status.tour.zone));
    set(&object, "tour", Object::freeze(&tour));
    // The deep link the big screen's QR code encodes, and shared links use.
    set(&object, "shareUrl", link.as_ref().filter(|link| !link.0.is_empty()).map_or(JsValue::NULL, |link| JsValue::from_str(&link.0)));
    set(&object, "xr", xr_object(&status.xr));
    set(&object, "entities", *entity_count);
    set(&object, "wasmMemoryBytes", wasm_memory_bytes());
    set(&object, "renderer", renderer_stats());
    set(&object, "frames", *frames);
    set(&object, "seconds", time.elapsed_secs_f64());
    Object::freeze(&object);

    // A read-only property whose value is swapped each frame; pages and tests only read it.
    let descriptor = Object::new();
    set(&descriptor, "value", object);
    set(&descriptor, "writable", false);
    set(&descriptor, "configurable", true);
    set(&descriptor, "enumerable", true);
    let _ = Reflect::define_property(&window, &JsValue::from_str("__EXPO_HALL__"), &descriptor);
}
