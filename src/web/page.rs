//! The page's HTML overlays: loading screen, messages page, zone bar, notices, help and language.
//!
//! Static texts are in `web/index.html` in both languages, and CSS shows the one matching
//! `<html lang>`. This module writes only the dynamic texts, and only when they change.

use std::sync::atomic::{AtomicBool, Ordering};

use bevy::prelude::*;
use expo_manifest::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::exhibition::Exhibition;
use crate::panels::{OpenPanelRequest, PanelKind, PanelTarget};
use crate::status::{HallStatus, Stage, UiLanguage};
use crate::FrameSet;

static LANG_CLICKED: AtomicBool = AtomicBool::new(false);
static HELP_CLICKED: AtomicBool = AtomicBool::new(false);
static SCREEN_CLICKED: AtomicBool = AtomicBool::new(false);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ShownPage>();
    app.add_systems(Startup, attach_buttons);
    app.add_systems(Update, (read_buttons.in_set(FrameSet::Input), update_page.in_set(FrameSet::Report)));
}

/// The texts and flags the page shows now; the DOM is written only when they change.
#[derive(Resource, Default, PartialEq, Clone)]
struct ShownPage {
    lang: Option<Lang>,
    progress_percent: u32,
    stage: Option<&'static str>,
    title: String,
    zone: String,
    models: String,
    errors: usize,
    warnings: usize,
    ready: bool,
    failed: bool,
    help: bool,
    sample: bool,
    outbox: usize,
    screen: bool,
}

fn element(id: &str) -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.get_element_by_id(id)?.dyn_into().ok()
}

fn set_text(id: &str, text: &str) {
    if let Some(element) = element(id) {
        element.set_text_content(Some(text));
    }
}

fn set_class(id: &str, class: &str, on: bool) {
    if let Some(element) = element(id) {
        let _ = element.class_list().toggle_with_force(class, on);
    }
}

fn attach_buttons() {
    for (id, flag) in [
        ("lang-toggle", &LANG_CLICKED),
        ("help-toggle", &HELP_CLICKED),
        ("help-close", &HELP_CLICKED),
        ("screen-open", &SCREEN_CLICKED),
    ] {
        let Some(button) = element(id) else {
            warn!("page element #{id} is missing");
            continue;
        };
        let closure = Closure::<dyn FnMut()>::new(move || flag.store(true, Ordering::Relaxed));
        let _ = button.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        closure.forget();
    }
}

fn read_buttons(
    mut commands: Commands,
    exhibition: Option<Res<Exhibition>>,
    mut language: ResMut<UiLanguage>,
    mut status: ResMut<HallStatus>,
) {
    if SCREEN_CLICKED.swap(false, Ordering::Relaxed)
        && let Some(exhibition) = exhibition
    {
        // The plaza screen's live panel when it has a live stream, else its videos.
        let screen = &exhibition.manifest.exhibition.plaza_screen;
        let kind = if screen.iter().any(|media| matches!(media, expo_manifest::Media::Live { .. })) {
            PanelKind::Live
        } else {
            PanelKind::Video
        };
        commands.trigger(OpenPanelRequest { target: PanelTarget::PlazaScreen, kind });
    }
    if LANG_CLICKED.swap(false, Ordering::Relaxed) {
        **language = match **language {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
    }
    if HELP_CLICKED.swap(false, Ordering::Relaxed) {
        status.help_visible = !status.help_visible;
    }
}

fn update_page(
    status: Res<HallStatus>,
    language: Res<UiLanguage>,
    exhibition: Option<Res<Exhibition>>,
    mut shown: ResMut<ShownPage>,
) {
    let lang = **language;
    let zone_name = match (&status.zone, &exhibition) {
        (Some(id), Some(exhibition)) => exhibition
            .manifest
            .zones
            .iter()
            .find(|zone| &zone.id == id)
            .map(|zone| zone.name.get(lang).to_owned())
            .unwrap_or_default(),
        _ => String::new(),
    };
    let models = match (lang, status.models_total) {
        (_, 0) => String::new(),
        (Lang::Zh, total) => format!("展品模型 {}/{}", status.models_loaded, total),
        (Lang::En, total) => format!("Exhibit models {}/{}", status.models_loaded, total),
    };
    let next = ShownPage {
        lang: Some(lang),
        progress_percent: (status.progress() * 100.0).round() as u32,
        stage: Some(status.stage.code()),
        title: status.exhibition_title.as_ref().map(|title| title.get(lang).to_owned()).unwrap_or_default(),
        zone: zone_name,
        models,
        errors: status.errors.len(),
        warnings: status.warnings.len(),
        ready: status.ready,
        failed: status.stage == Stage::Failed,
        help: status.help_visible,
        sample: status.sample_content,
        outbox: super::delivery::pending_count(),
        screen: exhibition.as_ref().is_some_and(|exhibition| !exhibition.manifest.exhibition.plaza_screen.is_empty()),
    };
    if *shown == next {
        return;
    }

    if shown.lang != next.lang {
        apply_language(lang);
    }
    if let Some(bar) = element("loading-bar") {
        let _ = bar.style().set_property("width", &format!("{}%", next.progress_percent));
    }
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-stage", next.stage.unwrap_or(""));
    }
    if !next.title.is_empty() {
        set_text("loading-title", &next.title);
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&next.title);
        }
    }
    set_text("zone-name", &next.zone);
    set_text("model-progress", &next.models);
    set_class("loading", "hidden", next.ready || next.failed);
    set_class("hud", "hidden", !next.ready);
    set_class("help", "hidden", !next.help);
    set_class("sample-badge", "hidden", !next.sample);
    set_class("outbox-badge", "hidden", next.outbox == 0);
    set_class("screen-open", "hidden", !next.screen);
    if let Some(badge) = element("outbox-badge") {
        let count = next.outbox;
        super::panels::dom::fill_bilingual(&badge, &format!("待发送洽谈 {count}"), &format!("{count} requests waiting to send"));
    }

    if next.failed {
        fill_list("messages-list", status.errors.iter().map(|e| e.message(lang)));
        set_class("messages", "hidden", false);
    }
    // Manifest warnings are for organizers: they stay in the status object and the log.
    let notices: Vec<&str> = status
        .errors
        .iter()
        .chain(status.warnings.iter().filter(|warning| warning.code != "manifest-warning"))
        .map(|notice| notice.message(lang))
        .collect();
    if !next.failed {
        fill_list("notices-list", notices.iter().copied());
        set_class("notices", "hidden", notices.is_empty());
    }
    *shown = next;
}

/// Shows a short message at the bottom of the page for eight seconds.
pub fn show_toast(zh: &str, en: &str) {
    let Some(toast) = element("toast") else { return };
    super::panels::dom::fill_bilingual(&toast, zh, en);
    let _ = toast.class_list().remove_1("hidden");
    let Some(window) = web_sys::window() else { return };
    let hide = Closure::once_into_js(move || {
        let _ = toast.class_list().add_1("hidden");
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(hide.unchecked_ref(), 8000);
}

/// Replaces a list's items with one text-only `<li>` per message (never parsed as HTML).
fn fill_list<'a>(id: &str, messages: impl Iterator<Item = &'a str>) {
    let Some(list) = element(id) else { return };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    list.set_text_content(None);
    for message in messages {
        if let Ok(item) = document.create_element("li") {
            item.set_text_content(Some(message));
            let _ = list.append_child(&item);
        }
    }
}

/// Sets `<html lang>` (CSS shows the matching static texts) and keeps `lang=` in the address.
fn apply_language(lang: Lang) {
    let Some(window) = web_sys::window() else { return };
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", if lang == Lang::Zh { "zh-CN" } else { "en" });
    }
    let Ok(href) = window.location().href() else { return };
    let Ok(url) = web_sys::Url::new(&href) else { return };
    url.search_params().set("lang", lang.code());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url.href()));
    }
}
