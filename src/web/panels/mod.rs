//! The panels as HTML: the booth card, the video and live-stream players and the negotiation
//! form, drawn into `#panel-root` when [`OpenPanel`] changes. Buttons and keys queue
//! [`UiEvent`]s that a system turns into panel requests.

mod card;
pub mod dom;
pub mod live;
pub(super) mod negotiate;
pub(crate) mod video;

pub use live::LiveShown;

use bevy::prelude::*;
use expo_manifest::Media;
use wasm_bindgen::JsCast;

use crate::exhibition::Exhibition;
use crate::panels::{ClosePanelRequest, OpenPanel, OpenPanelRequest, PanelKind, PanelTarget};
use crate::status::UiLanguage;
use crate::{AppState, FrameSet};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ShownPanel>();
    app.init_resource::<live::LiveShown>();
    app.init_resource::<video::VideoChoice>();
    app.add_systems(Startup, attach_keys);
    app.add_systems(Update, apply_ui_events.in_set(FrameSet::Input).run_if(in_state(AppState::Touring)));
    app.add_systems(
        Update,
        (render_panel, live::update_schedule, negotiate::relabel_on_language)
            .chain()
            .in_set(FrameSet::Report)
            .run_if(in_state(AppState::Touring)),
    );
}

/// A request from a button, key or form in a panel.
#[derive(Debug, Clone, PartialEq)]
pub enum UiEvent {
    /// Open this panel of the booth or screen shown.
    Open(PanelKind),
    /// Close the panel shown (a hand-off panel goes back to the card).
    Close,
    /// Close everything (Esc on the card, the backdrop).
    CloseAll,
    /// Play entry `index` of the video playlist.
    PlayVideo(usize),
    /// The negotiation form was submitted.
    Submit,
    /// A negotiation field changed; the draft is saved.
    FormInput,
}

/// The panel whose HTML is in the page now.
#[derive(Resource, Default)]
struct ShownPanel {
    shown: Option<(PanelTarget, PanelKind)>,
}

/// Returns an absolute URL for a manifest reference: relative references resolve against the
/// manifest's URL, and that against the page.
pub fn absolute_url(exhibition: &Exhibition, reference: &str) -> String {
    let resolved = crate::net::resolve_reference(&exhibition.url, reference);
    let base = web_sys::window().and_then(|window| window.location().href().ok()).unwrap_or_default();
    web_sys::Url::new_with_base(&resolved, &base).map(|url| url.href()).unwrap_or(resolved)
}

/// Listens for Escape (close) and keeps Tab inside a modal panel.
fn attach_keys() {
    let Some(document) = dom::document() else { return };
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(|event: web_sys::KeyboardEvent| {
        let Some(root) = dom::by_id("panel-root") else { return };
        // Esc while an input method composes Chinese text belongs to the input method.
        if root.child_element_count() == 0 || event.is_composing() {
            return;
        }
        match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                dom::push_event(UiEvent::Close);
            }
            "Tab" => trap_focus(&event),
            _ => {}
        }
    });
    let _ = document.add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    closure.forget();
}

/// Keeps keyboard focus inside the modal panel: Tab from the last control goes to the first,
/// Shift+Tab from the first to the last.
fn trap_focus(event: &web_sys::KeyboardEvent) {
    let Some(panel) = dom::by_id("panel") else { return };
    let Ok(controls) = panel.query_selector_all("button, a[href], input, select, textarea, video[controls], iframe") else {
        return;
    };
    let (Some(first), Some(last)) = (controls.get(0), controls.get(controls.length().saturating_sub(1))) else { return };
    let active = dom::document().and_then(|d| d.active_element());
    let inside = active.as_ref().is_some_and(|active| panel.contains(Some(active)));
    let focus = |node: web_sys::Node| {
        if let Ok(element) = node.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    };
    if !inside {
        event.prevent_default();
        focus(first);
    } else if event.shift_key() && active.as_ref().map(|a| a.as_ref() as &web_sys::Node) == Some(&first) {
        event.prevent_default();
        focus(last);
    } else if !event.shift_key() && active.as_ref().map(|a| a.as_ref() as &web_sys::Node) == Some(&last) {
        event.prevent_default();
        focus(first);
    }
}

fn apply_ui_events(mut commands: Commands, open: Res<OpenPanel>, mut video: ResMut<video::VideoChoice>) {
    for event in dom::take_events() {
        match event {
            UiEvent::Open(kind) => {
                if let Some(target) = open.target() {
                    commands.trigger(OpenPanelRequest { target, kind });
                }
            }
            UiEvent::Close => commands.trigger(ClosePanelRequest { all: false }),
            UiEvent::CloseAll => commands.trigger(ClosePanelRequest { all: true }),
            UiEvent::PlayVideo(index) => video.index = index,
            UiEvent::Submit => negotiate::submit(),
            UiEvent::FormInput => negotiate::save_draft(),
        }
    }
}

fn render_panel(
    directory_only: Option<Res<super::DirectoryOnly>>,
    open: Res<OpenPanel>,
    exhibition: Res<Exhibition>,
    language: Res<UiLanguage>,
    mut shown: ResMut<ShownPanel>,
    mut video_choice: ResMut<video::VideoChoice>,
    mut live_shown: ResMut<live::LiveShown>,
) {
    if shown.shown == open.shown && !video_choice.is_changed() {
        return;
    }
    let Some(root) = dom::by_id("panel-root") else { return };
    let previous = shown.shown;
    // The player element goes away with the old panel; stop its decoder and network first.
    video::stop_players(&root);
    root.set_text_content(None);
    dom::drop_listeners();
    live_shown.reset();
    if previous.map(|(target, _)| target) != open.target() {
        video_choice.bypass_change_detection().index = 0;
    }
    shown.shown = open.shown;

    let Some((target, kind)) = open.shown else {
        if directory_only.is_none() || !super::directory::return_focus() {
            focus_hall();
        }
        return;
    };
    let lang = **language;
    let panel = match kind {
        PanelKind::Card => card::build(&exhibition, target),
        PanelKind::Video => video::build(&exhibition, target, video_choice.index),
        PanelKind::Live => live::build(&exhibition, target, &mut live_shown),
        PanelKind::Negotiate => negotiate::build(&exhibition, target, lang),
    };
    let Some(panel) = panel else { return };
    dom::append(&root, &panel);
    if kind.is_modal() {
        // A click on the dimmed backdrop around the dialog closes it.
        let backdrop = dom::element("div", "panel-backdrop");
        dom::listen(&backdrop, "click", |_| dom::push_event(UiEvent::Close));
        let _ = root.insert_before(&backdrop, Some(&panel));
    }
    if kind == PanelKind::Negotiate {
        negotiate::mounted();
    }
    // The card opens by itself when the visitor walks up, so it must not take the keyboard
    // from the hall. Without the hall, the visitor opened it from the directory.
    if kind.is_modal() || directory_only.is_some() {
        focus_first_control(&panel);
    }
}

fn focus_first_control(panel: &web_sys::Element) {
    let preferred = panel.query_selector("[data-autofocus]").ok().flatten();
    // The panel body's first field or button, else the head's (Back, Close).
    let first = |selector: &str| panel.query_selector(selector).ok().flatten();
    let Some(control) = preferred
        .or_else(|| first(".panel-body input, .panel-body select, .panel-body textarea, .panel-body button"))
        .or_else(|| first("input, select, button"))
    else {
        return;
    };
    if let Ok(control) = control.dyn_into::<web_sys::HtmlElement>() {
        let _ = control.focus();
    }
}

fn focus_hall() {
    if let Some(canvas) = dom::by_id("hall-canvas") {
        let _ = canvas.focus();
    }
}

/// Builds the panel frame: a dialog with a heading (the exhibitor, or the plaza screen's
/// name), a close button and an empty body to fill.
fn frame(exhibition: &Exhibition, target: PanelTarget, kind: PanelKind) -> (web_sys::Element, web_sys::Element) {
    let (id, class) = if kind.is_modal() { ("panel", "panel") } else { ("booth-card", "card") };
    let dialog = dom::element("section", class);
    dom::set_attribute(&dialog, "id", id);
    dom::set_attribute(&dialog, "role", "dialog");
    dom::set_attribute(&dialog, "aria-labelledby", "panel-title");
    dom::set_attribute(&dialog, "data-panel", kind.code());
    if kind.is_modal() {
        dom::set_attribute(&dialog, "aria-modal", "true");
    }
    let head = dom::element("header", "panel-head");
    let title = match target {
        PanelTarget::Booth(index) => dom::localized("h2", "", &exhibition.manifest.booths[index].exhibitor),
        PanelTarget::PlazaScreen => dom::bilingual("h2", "", "广场大屏", "Plaza screen"),
    };
    dom::set_attribute(&title, "id", "panel-title");
    dom::append(&head, &title);
    let (zh, en) = match kind {
        PanelKind::Card => ("关闭", "Close"),
        _ => ("返回", "Back"),
    };
    let close = dom::button("panel-close", zh, en, if kind == PanelKind::Card { UiEvent::CloseAll } else { UiEvent::Close });
    dom::set_attribute(&close, "data-action", "close");
    dom::append(&head, &close);
    dom::append(&dialog, &head);
    let body = dom::element("div", "panel-body");
    dom::append(&dialog, &body);
    (dialog, body)
}

/// Returns whether the panel's `<video>` is playing now, as web/stream.js reports it.
pub fn playing_in_panel() -> bool {
    let Ok(Some(element)) = dom::document().map_or(Ok(None), |d| d.query_selector("#panel-root video")) else { return false };
    element.get_attribute("data-stream-state").as_deref() == Some("playing")
}

/// Returns the media entries a panel target shows.
fn media_of(exhibition: &Exhibition, target: PanelTarget) -> &[Media] {
    crate::panels::target_media(exhibition, target)
}
