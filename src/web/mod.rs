//! Browser glue (wasm only): URL parameters, fetch, Canvas 2D text, the page overlays and the
//! `window.__EXPO_HALL__` status object.

pub mod canvas_text;
mod delivery;
mod directory;
mod fallback;
pub mod fetch;
mod minimap;
mod page;
mod panels;
mod screens;
mod status_object;
mod tour;
mod visits;
mod xr;

use bevy::prelude::*;
use wasm_bindgen::JsValue;

pub use directory::DirectoryOnly;
pub use fallback::webgl2_available;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        page::plugin,
        panels::plugin,
        delivery::plugin,
        screens::plugin,
        status_object::plugin,
        visits::plugin,
        directory::plugin,
        minimap::plugin,
        tour::plugin,
        xr::plugin,
    ));
}

/// Adds the page's parts that work without 3D rendering, for browsers without WebGL2.
pub(super) fn directory_only_plugin(app: &mut App) {
    app.insert_resource(DirectoryOnly);
    app.add_plugins((
        page::plugin,
        panels::plugin,
        delivery::plugin,
        status_object::plugin,
        visits::plugin,
        directory::plugin,
        fallback::plugin,
    ));
}

/// Returns the page's query parameters, in order.
pub fn query_pairs() -> Vec<(String, String)> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    let Ok(search) = window.location().search() else { return Vec::new() };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return Vec::new() };
    let mut pairs = Vec::new();
    let entries = js_sys::try_iter(&params).ok().flatten();
    for entry in entries.into_iter().flatten().flatten() {
        let entry = js_sys::Array::from(&entry);
        if let (Some(key), Some(value)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
            pairs.push((key, value));
        }
    }
    pairs
}

/// Reads the on-screen joystick's deflection: x to the right, y forward, each -1 to 1.
/// `web/joystick.js` writes it to `window.__EXPO_INPUT__.joystick`.
pub fn joystick() -> Vec2 {
    let read = || -> Option<Vec2> {
        let window = web_sys::window()?;
        let input = js_sys::Reflect::get(&window, &JsValue::from_str("__EXPO_INPUT__")).ok()?;
        let stick = js_sys::Reflect::get(&input, &JsValue::from_str("joystick")).ok()?;
        let x = js_sys::Reflect::get(&stick, &JsValue::from_str("x")).ok()?.as_f64()?;
        let y = js_sys::Reflect::get(&stick, &JsValue::from_str("y")).ok()?.as_f64()?;
        let v = Vec2::new(x as f32, y as f32);
        v.is_finite().then(|| v.clamp_length_max(1.0))
    };
    read().unwrap_or(Vec2::ZERO)
}
