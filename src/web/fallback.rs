//! The page without 3D: where the browser has no WebGL2, the booth directory becomes the page
//! and every booth's card, videos, live streams and negotiation form still work.

use bevy::prelude::*;
use wasm_bindgen::JsCast;

use super::panels::dom;
use crate::status::{HallStatus, Stage};
use crate::AppState;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(AppState::Touring), show_directory_page);
}

/// Returns whether the browser can create a WebGL2 context, which the 3D hall needs.
pub fn webgl2_available() -> bool {
    let Some(document) = dom::document() else { return false };
    let Some(canvas) = document
        .create_element("canvas")
        .ok()
        .and_then(|element| element.dyn_into::<web_sys::HtmlCanvasElement>().ok())
    else {
        return false;
    };
    canvas.get_context("webgl2").ok().flatten().is_some()
}

fn show_directory_page(mut status: ResMut<HallStatus>) {
    status.ready = true;
    status.stage = Stage::Done;
    if let Some(root) = dom::document().and_then(|document| document.document_element()) {
        dom::set_attribute(&root, "data-mode", "fallback");
    }
    if let Some(notice) = dom::by_id("directory-fallback") {
        let _ = notice.class_list().remove_1("hidden");
    }
    super::directory::set_open(true);
    info!("no WebGL2: showing the booth directory instead of the hall");
}
