//! The booth directory on the page: zones, sub-areas and booths as real buttons, filtered as
//! the visitor types. Choosing a booth walks there, or moves there at once when the visitor
//! saved that preference. Without WebGL2, choosing a booth opens its card with its hand-offs.

use std::cell::RefCell;

use bevy::prelude::*;
use expo_manifest::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use super::panels::dom;
use crate::directory::{groups, matches, query_terms, search_text};
use crate::exhibition::Exhibition;
use crate::navigation::WalkToRequest;
use crate::panels::{OpenPanelRequest, PanelKind, PanelTarget};
use crate::status::HallStatus;
use crate::tour::{Tour, TourCommand, TourState};
use crate::{AppState, FrameSet};

/// localStorage key of the "move instantly" preference.
const INSTANT_KEY: &str = "expo-hall.instant-move";

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, attach_controls);
    app.add_systems(
        Update,
        (build_list, apply_choices.in_set(FrameSet::Input)).run_if(in_state(AppState::Touring)),
    );
}

/// Marks an app without 3D rendering: choosing a booth opens its card.
#[derive(Resource, Debug, Default)]
pub struct DirectoryOnly;

/// A zone's `<section>` and its groups, each a wrapper with the group's booths.
struct ZoneBlock {
    section: Element,
    groups: Vec<GroupBlock>,
}

struct GroupBlock {
    wrapper: Element,
    /// Each booth's search text and `<li>`.
    booths: Vec<(String, Element)>,
}

thread_local! {
    static BLOCKS: RefCell<Vec<ZoneBlock>> = const { RefCell::new(Vec::new()) };
    /// Booths chosen in the list since the last frame.
    static CHOSEN: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
    /// Id of the booth chosen last, whose button gets the focus back when its card closes.
    static LAST_CHOSEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn listen_forever(target: &web_sys::EventTarget, event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // The directory's controls live as long as the page.
    closure.forget();
}

fn search_input() -> Option<HtmlInputElement> {
    dom::by_id("directory-search")?.dyn_into().ok()
}

fn instant_checkbox() -> Option<HtmlInputElement> {
    dom::by_id("directory-instant")?.dyn_into().ok()
}

/// Returns true where the directory is the page (no WebGL2).
fn is_page() -> bool {
    dom::document()
        .and_then(|document| document.document_element())
        .and_then(|root| root.get_attribute("data-mode"))
        .as_deref()
        == Some("fallback")
}

/// Moves the keyboard focus back to the booth chosen last, after its card closed. Returns false
/// when there is none.
pub fn return_focus() -> bool {
    let Some(id) = LAST_CHOSEN.with(|last| last.borrow().clone()) else { return false };
    let selector = format!(".directory-booth[data-booth=\"{id}\"]");
    let button = dom::document().and_then(|document| document.query_selector(&selector).ok().flatten());
    match button.and_then(|button| button.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(button) => button.focus().is_ok(),
        None => false,
    }
}

/// Shows or hides the directory; opening it focuses the search field, closing it returns the
/// focus to the button that opened it.
pub fn set_open(open: bool) {
    let Some(directory) = dom::by_id("directory") else { return };
    let _ = directory.class_list().toggle_with_force("hidden", !open);
    if let Some(button) = dom::by_id("directory-open") {
        dom::set_attribute(&button, "aria-expanded", if open { "true" } else { "false" });
        if !open {
            let _ = button.focus();
        }
    }
    if open && let Some(input) = search_input() {
        let _ = input.focus();
        // Typing replaces the previous query.
        input.select();
    }
}

fn attach_controls() {
    if let Some(button) = dom::by_id("directory-open") {
        listen_forever(&button, "click", |_| {
            let open = dom::by_id("directory").is_some_and(|d| d.class_list().contains("hidden"));
            set_open(open);
        });
    }
    if let Some(button) = dom::by_id("directory-close") {
        listen_forever(&button, "click", |_| set_open(false));
    }
    if let Some(directory) = dom::by_id("directory") {
        listen_forever(&directory, "keydown", |event| {
            let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else { return };
            // Without WebGL2 the directory is the page and stays open.
            if event.key() == "Escape" && !event.is_composing() && !is_page() {
                event.prevent_default();
                // The page-wide Esc handler would also close the booth card.
                event.stop_propagation();
                set_open(false);
            }
        });
    }
    if let Some(input) = search_input() {
        listen_forever(&input, "input", |_| filter());
    }
    if let Some(checkbox) = instant_checkbox() {
        let saved = dom::local_storage().and_then(|storage| storage.get_item(INSTANT_KEY).ok().flatten());
        checkbox.set_checked(saved.as_deref() == Some("1"));
        let target = checkbox.clone();
        listen_forever(&checkbox, "change", move |_| {
            if let Some(storage) = dom::local_storage() {
                let _ = storage.set_item(INSTANT_KEY, if target.checked() { "1" } else { "0" });
            }
        });
    }
}

/// Shows the booths matching the search field and hides empty groups and zones.
fn filter() {
    let query = search_input().map(|input| input.value()).unwrap_or_default();
    let terms = query_terms(&query);
    let mut shown = 0;
    BLOCKS.with(|blocks| {
        for zone in blocks.borrow().iter() {
            let mut zone_shown = false;
            for group in &zone.groups {
                let mut group_shown = false;
                for (text, item) in &group.booths {
                    let visible = matches(text, &terms);
                    let _ = item.class_list().toggle_with_force("hidden", !visible);
                    group_shown |= visible;
                    shown += visible as usize;
                }
                let _ = group.wrapper.class_list().toggle_with_force("hidden", !group_shown);
                zone_shown |= group_shown;
            }
            let _ = zone.section.class_list().toggle_with_force("hidden", !zone_shown);
        }
    });
    if let Some(count) = dom::by_id("directory-count") {
        let (zh, en) = match shown {
            0 => ("没有找到展位，请换个关键词。".to_owned(), "No booth found; try other words.".to_owned()),
            1 => ("找到 1 个展位".to_owned(), "1 booth".to_owned()),
            n => (format!("找到 {n} 个展位"), format!("{n} booths")),
        };
        dom::fill_bilingual(&count, &zh, &en);
    }
}

/// Builds the list once the exhibition is loaded.
fn build_list(exhibition: Res<Exhibition>, mut built: Local<bool>) {
    if *built {
        return;
    }
    *built = true;
    let Some(list) = dom::by_id("directory-list") else { return };
    list.set_text_content(None);
    let manifest = &exhibition.manifest;
    let mut blocks: Vec<ZoneBlock> = Vec::new();
    for group in groups(manifest) {
        let zone = &manifest.zones[group.zone_index];
        if blocks.last().is_none_or(|block| block.section.get_attribute("data-zone").as_deref() != Some(zone.id.as_str())) {
            let section = dom::element("section", "");
            dom::set_attribute(&section, "data-zone", &zone.id);
            let heading = dom::localized("h3", "", &zone.name);
            // Through CSSOM: the Content-Security-Policy blocks style attributes.
            if let Some(heading) = heading.dyn_ref::<web_sys::HtmlElement>() {
                let _ = heading.style().set_property("--zone-color", &zone.color);
            }
            dom::append(&section, &heading);
            dom::append(&list, &section);
            blocks.push(ZoneBlock { section, groups: Vec::new() });
        }
        let Some(block) = blocks.last_mut() else { continue };
        let wrapper = dom::element("div", "directory-group");
        if let Some(area) = group.sub_area.and_then(|index| zone.sub_areas.get(index)) {
            dom::append(&wrapper, &dom::localized("h4", "", &area.name));
        }
        let items = dom::element("ul", "");
        let mut booths = Vec::new();
        for booth_index in group.booths {
            let item = dom::element("li", "");
            dom::append(&item, &booth_button(&exhibition, booth_index));
            dom::append(&items, &item);
            booths.push((search_text(manifest, booth_index), item));
        }
        dom::append(&wrapper, &items);
        dom::append(&block.section, &wrapper);
        block.groups.push(GroupBlock { wrapper, booths });
    }
    BLOCKS.with(|cell| *cell.borrow_mut() = blocks);
    filter();
}

/// Creates a booth's button: exhibitor, then title and city.
fn booth_button(exhibition: &Exhibition, booth_index: usize) -> Element {
    let booth = &exhibition.manifest.booths[booth_index];
    let button = dom::element("button", "directory-booth");
    dom::set_attribute(&button, "type", "button");
    dom::set_attribute(&button, "data-booth", &booth.id);
    dom::append(&button, &dom::localized("strong", "", &booth.exhibitor));
    let mut detail_zh = booth.title.zh.clone();
    let mut detail_en = booth.title.get(Lang::En).to_owned();
    if let Some(city) = &booth.city {
        detail_zh = format!("{detail_zh} · {}", city.zh);
        detail_en = format!("{detail_en} · {}", city.get(Lang::En));
    }
    dom::append(&button, &dom::bilingual("span", "detail", &detail_zh, &detail_en));
    listen_forever(&button, "click", move |_| CHOSEN.with(|chosen| chosen.borrow_mut().push(booth_index)));
    button
}

/// Takes the visitor to the chosen booths (the last one wins), or opens the chosen booth's card
/// where the hall is not shown.
fn apply_choices(
    mut commands: Commands,
    exhibition: Res<Exhibition>,
    directory_only: Option<Res<DirectoryOnly>>,
    tour: Option<Res<Tour>>,
    mut status: ResMut<HallStatus>,
) {
    let Some(booth_index) = CHOSEN.with(|chosen| chosen.borrow_mut().drain(..).last()) else { return };
    let booth = &exhibition.manifest.booths[booth_index];
    status.selected_booth = Some(booth.id.clone());
    LAST_CHOSEN.with(|last| *last.borrow_mut() = Some(booth.id.clone()));
    if directory_only.is_some() {
        info!("directory: opening booth {}", booth.id);
        commands.trigger(OpenPanelRequest { target: PanelTarget::Booth(booth_index), kind: PanelKind::Card });
        return;
    }
    let Some(slot) = exhibition.layout.slot_for_booth(booth_index) else {
        warn!("directory: booth {} has no place in the hall", booth.id);
        return;
    };
    if tour.is_some_and(|tour| tour.state != TourState::Off) {
        commands.trigger(TourCommand::Stop);
    }
    let instant = instant_checkbox().is_some_and(|checkbox| checkbox.checked());
    info!("directory: {} to booth {}", if instant { "moving" } else { "walking" }, booth.id);
    commands.trigger(WalkToRequest { destination: slot.viewpoint, final_yaw: Some(slot.viewing_yaw()), instant });
    set_open(false);
    if let Some(canvas) = dom::by_id("hall-canvas") {
        let _ = canvas.focus();
    }
}
