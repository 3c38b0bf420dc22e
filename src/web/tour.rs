//! The guided tour on the page: the tour button and stop list, the caption card of the stop
//! shown, the big-screen layout (`<html data-mode="kiosk">`) and the QR code of the deep link
//! to what is shown.

use std::cell::RefCell;

use bevy::prelude::*;
use expo_manifest::Lang;
use wasm_bindgen::JsCast;

use super::panels::dom;
use crate::exhibition::{Exhibition, LaunchOptions, Mode};
use crate::status::HallStatus;
use crate::tour::share::{qr_modules, ShareTarget};
use crate::tour::{ReportTour, Tour, TourCommand, TourState};
use crate::{AppState, FrameSet};

/// Light modules around a QR code: four, the quiet zone ISO/IEC 18004 requires.
const QUIET_ZONE: usize = 4;
/// Canvas pixels per QR module; CSS scales the canvas without smoothing.
const MODULE_PIXELS: usize = 8;

thread_local! {
    /// Tour requests from the page's buttons, taken each frame.
    static COMMANDS: RefCell<Vec<TourCommand>> = const { RefCell::new(Vec::new()) };
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SharedLink>();
    app.add_systems(Startup, (mark_mode, attach_buttons));
    app.add_systems(
        Update,
        (
            apply_buttons.in_set(FrameSet::Input),
            (build_stop_list, show_tour, show_caption, show_share).chain().in_set(FrameSet::Report).after(ReportTour),
        )
            .run_if(in_state(AppState::Touring)),
    );
}

/// The deep link to what the hall shows now, drawn as the QR code; empty before the hall is shown.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq, Deref)]
pub struct SharedLink(pub String);

fn queue(command: TourCommand) {
    COMMANDS.with(|commands| commands.borrow_mut().push(command));
}

fn mark_mode(options: Res<LaunchOptions>) {
    if options.mode != Mode::Kiosk {
        return;
    }
    if let Some(root) = dom::document().and_then(|document| document.document_element()) {
        dom::set_attribute(&root, "data-mode", "kiosk");
    }
}

fn attach_buttons() {
    let toggle = || {
        let running = TOUR_ON.with(|on| *on.borrow());
        queue(if running { TourCommand::Stop } else { TourCommand::Start });
    };
    let buttons: [(&str, Box<dyn Fn()>); 5] = [
        ("tour-toggle", Box::new(toggle)),
        ("tour-previous", Box::new(|| queue(TourCommand::Previous))),
        ("tour-next", Box::new(|| queue(TourCommand::Next))),
        ("tour-pause", Box::new(|| queue(TourCommand::TogglePause))),
        ("tour-stop", Box::new(|| queue(TourCommand::Stop))),
    ];
    for (id, action) in buttons {
        let Some(button) = dom::by_id(id) else {
            warn!("page element #{id} is missing");
            continue;
        };
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || action());
        let _ = button.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        closure.forget();
    }
}

thread_local! {
    /// Whether the tour is on, for the toggle button's click handler.
    static TOUR_ON: RefCell<bool> = const { RefCell::new(false) };
}

fn apply_buttons(mut commands: Commands) {
    for command in COMMANDS.with(|commands| std::mem::take(&mut *commands.borrow_mut())) {
        commands.trigger(command);
    }
}

/// Returns the Chinese and English name of a stop: the exhibitor for a booth, the zone's name
/// for an overview.
fn stop_name(exhibition: &Exhibition, zone_index: usize, booth_index: Option<usize>) -> (String, String) {
    let manifest = &exhibition.manifest;
    let text = match booth_index {
        Some(index) => &manifest.booths[index].exhibitor,
        None => &manifest.zones[zone_index].name,
    };
    (text.zh.clone(), text.get(Lang::En).to_owned())
}

/// Fills `#tour-stops` with one button per stop once the plan exists.
fn build_stop_list(exhibition: Res<Exhibition>, tour: Res<Tour>, mut built: Local<bool>) {
    if *built {
        return;
    }
    *built = true;
    let Some(list) = dom::by_id("tour-stops") else { return };
    list.set_text_content(None);
    for (index, stop) in tour.plan.stops.iter().enumerate() {
        let (zh, en) = stop_name(&exhibition, stop.zone_index, stop.booth_index);
        let item = dom::element("li", "");
        let button = dom::bilingual("button", "", &zh, &en);
        dom::set_attribute(&button, "type", "button");
        dom::set_attribute(&button, "data-stop", &index.to_string());
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || queue(TourCommand::Jump(index)));
        let _ = button.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref());
        // The list is built once and lives as long as the page.
        closure.forget();
        dom::append(&item, &button);
        dom::append(&list, &item);
    }
}

/// Shows the tour panel while the tour is on (visitor mode) and marks the current stop.
fn show_tour(options: Res<LaunchOptions>, tour: Res<Tour>, mut shown: Local<Option<(TourState, Option<usize>)>>) {
    let next = (tour.state, tour.current_stop_index());
    if *shown == Some(next) {
        return;
    }
    *shown = Some(next);
    let on = tour.state != TourState::Off;
    TOUR_ON.with(|flag| *flag.borrow_mut() = on);
    if let Some(toggle) = dom::by_id("tour-toggle") {
        dom::set_attribute(&toggle, "aria-pressed", if on { "true" } else { "false" });
    }
    if let Some(panel) = dom::by_id("tour-panel") {
        let _ = panel.class_list().toggle_with_force("hidden", !on || options.mode == Mode::Kiosk);
    }
    if let Some(state) = dom::by_id("tour-state") {
        let (zh, en) = match tour.state {
            TourState::Running => ("进行中", "running"),
            TourState::Paused => ("已暂停", "paused"),
            TourState::Off => ("", ""),
        };
        dom::fill_bilingual(&state, zh, en);
    }
    let Some(document) = dom::document() else { return };
    let Ok(buttons) = document.query_selector_all("#tour-stops button") else { return };
    for i in 0..buttons.length() {
        let Some(button) = buttons.item(i).and_then(|node| node.dyn_into::<web_sys::Element>().ok()) else { continue };
        if Some(i as usize) == next.1 {
            dom::set_attribute(&button, "aria-current", "step");
        } else {
            let _ = button.remove_attribute("aria-current");
        }
    }
}

/// Shows the caption card (exhibitor, title, one-line summary, or the zone's name and
/// description) while the tour is at a stop.
fn show_caption(
    exhibition: Res<Exhibition>,
    tour: Res<Tour>,
    status: Res<HallStatus>,
    mut shown: Local<Option<Option<usize>>>,
) {
    let stop_index = status.tour.at_stop.then(|| tour.current_stop_index()).flatten();
    if *shown == Some(stop_index) {
        return;
    }
    *shown = Some(stop_index);
    let Some(caption) = dom::by_id("caption") else { return };
    let Some(stop) = stop_index.and_then(|index| tour.plan.stops.get(index)) else {
        let _ = caption.class_list().add_1("hidden");
        return;
    };
    let manifest = &exhibition.manifest;
    let zone = &manifest.zones[stop.zone_index];
    let fill = |id: &str, zh: &str, en: &str| {
        if let Some(element) = dom::by_id(id) {
            dom::fill_bilingual(&element, zh, en);
        }
    };
    match stop.booth_index.map(|index| &manifest.booths[index]) {
        Some(booth) => {
            let mut place_zh = zone.name.zh.clone();
            let mut place_en = zone.name.get(Lang::En).to_owned();
            if let Some(city) = &booth.city {
                place_zh = format!("{place_zh} · {}", city.zh);
                place_en = format!("{place_en} · {}", city.get(Lang::En));
            }
            fill("caption-place", &place_zh, &place_en);
            fill("caption-title", &booth.exhibitor.zh, booth.exhibitor.get(Lang::En));
            fill("caption-subtitle", &booth.title.zh, booth.title.get(Lang::En));
            // One line: the summary's first sentence; CSS cuts what does not fit.
            fill("caption-summary", first_sentence(&booth.summary.zh), first_sentence(booth.summary.get(Lang::En)));
            dom::set_attribute(&caption, "data-booth", &booth.id);
        }
        None => {
            let title = &manifest.exhibition.title;
            fill("caption-place", &title.zh, title.get(Lang::En));
            fill("caption-title", &zone.name.zh, zone.name.get(Lang::En));
            let description = zone.description.as_ref();
            fill(
                "caption-subtitle",
                description.map_or("", |text| first_sentence(&text.zh)),
                description.map_or("", |text| first_sentence(text.get(Lang::En))),
            );
            fill("caption-summary", "", "");
            let _ = caption.remove_attribute("data-booth");
        }
    }
    dom::set_attribute(&caption, "data-zone", &zone.id);
    let _ = caption.class_list().remove_1("hidden");
}

/// Returns `text` up to and including its first sentence end (。！？ or ". ").
fn first_sentence(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(i, c)| matches!(c, '。' | '！' | '？') || (c == '.' && text[i + 1..].starts_with(' ')))
        .map(|(i, c)| i + c.len_utf8());
    end.map_or(text, |end| &text[..end])
}

/// Builds the deep link for `target`: on the manifest's `public_url` when it has one, else on
/// this page's address keeping only its `manifest=` parameter, so a phone opens the same
/// exhibition in visitor mode.
pub(super) fn deep_link(exhibition: &Exhibition, target: Option<ShareTarget>) -> Option<String> {
    let url = match &exhibition.manifest.exhibition.public_url {
        Some(public) => {
            let url = web_sys::Url::new(public).ok()?;
            url.set_hash("");
            url
        }
        None => {
            let href = web_sys::window()?.location().href().ok()?;
            let url = web_sys::Url::new(&href).ok()?;
            let manifest = url.search_params().get("manifest");
            url.set_search("");
            url.set_hash("");
            if let Some(manifest) = manifest {
                url.search_params().set("manifest", &manifest);
            }
            url
        }
    };
    let params = url.search_params();
    for key in ["booth", "zone", "panel", "mode", "idle"] {
        params.delete(key);
    }
    let manifest = &exhibition.manifest;
    match target {
        Some(ShareTarget::Booth(index)) => params.set("booth", &manifest.booths.get(index)?.id),
        Some(ShareTarget::Zone(index)) => params.set("zone", &manifest.zones.get(index)?.id),
        None => {}
    }
    Some(url.href())
}

/// Keeps the deep link to what is shown current and, on the big screen, draws its QR code.
fn show_share(
    exhibition: Res<Exhibition>,
    options: Res<LaunchOptions>,
    status: Res<HallStatus>,
    mut link: ResMut<SharedLink>,
    mut target: Local<Option<Option<ShareTarget>>>,
) {
    if *target == Some(status.share) {
        return;
    }
    *target = Some(status.share);
    let Some(next) = deep_link(&exhibition, status.share) else { return };
    if link.0 == next {
        return;
    }
    info!("deep link to what is shown: {next}");
    link.0 = next;
    if options.mode != Mode::Kiosk {
        return;
    }
    let Some(share) = dom::by_id("share") else { return };
    match draw_qr(&link.0) {
        Ok(()) => {
            dom::set_attribute(&share, "data-url", &link.0);
            let _ = share.class_list().remove_1("hidden");
        }
        Err(problem) => {
            warn!("QR code for {} not drawn: {problem}", link.0);
            let _ = share.class_list().add_1("hidden");
        }
    }
}

/// Draws `text`'s QR code into `#share-qr`, dark modules on white with the quiet zone.
fn draw_qr(text: &str) -> Result<(), String> {
    let modules = qr_modules(text).ok_or("the link is too long for a QR code")?;
    let canvas: web_sys::HtmlCanvasElement =
        dom::by_id("share-qr").and_then(|element| element.dyn_into().ok()).ok_or("#share-qr is missing")?;
    let side = (modules.width + 2 * QUIET_ZONE) * MODULE_PIXELS;
    canvas.set_width(side as u32);
    canvas.set_height(side as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|context| context.dyn_into().ok())
        .ok_or("no 2D context")?;
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, side as f64, side as f64);
    context.set_fill_style_str("#000000");
    for (i, &dark) in modules.dark.iter().enumerate() {
        if dark {
            let x = (QUIET_ZONE + i % modules.width) * MODULE_PIXELS;
            let y = (QUIET_ZONE + i / modules.width) * MODULE_PIXELS;
            context.fill_rect(x as f64, y as f64, MODULE_PIXELS as f64, MODULE_PIXELS as f64);
        }
    }
    Ok(())
}
