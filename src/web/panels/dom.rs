//! Small DOM helpers for the panels: elements with bilingual texts, buttons that queue events
//! for the ECS, and the listeners that live as long as the panel that made them.
//!
//! Every text from the manifest or a server goes in with `textContent`, never as HTML.

use std::cell::RefCell;

use expo_manifest::Text;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

use super::UiEvent;

thread_local! {
    /// Events from panel buttons and forms, taken each frame by `take_events`.
    static EVENTS: RefCell<Vec<UiEvent>> = const { RefCell::new(Vec::new()) };
    /// Listeners of the panel shown; dropped when it is replaced.
    static LISTENERS: RefCell<Vec<Closure<dyn FnMut(web_sys::Event)>>> = const { RefCell::new(Vec::new()) };
}

pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Returns the page's localStorage, or `None` where the browser blocks it (private modes).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn by_id(id: &str) -> Option<HtmlElement> {
    document()?.get_element_by_id(id)?.dyn_into().ok()
}

/// Queues an event for the ECS.
pub fn push_event(event: UiEvent) {
    EVENTS.with(|events| events.borrow_mut().push(event));
}

/// Takes the queued events.
pub fn take_events() -> Vec<UiEvent> {
    EVENTS.with(|events| std::mem::take(&mut *events.borrow_mut()))
}

/// Drops the listeners of the panel that was just removed.
pub fn drop_listeners() {
    LISTENERS.with(|listeners| listeners.borrow_mut().clear());
}

/// Adds `handler` for `event` on `target`, kept until [`drop_listeners`].
pub fn listen(target: &web_sys::EventTarget, event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    LISTENERS.with(|listeners| listeners.borrow_mut().push(closure));
}

/// Creates `<tag class="class">`.
pub fn element(tag: &str, class: &str) -> Element {
    let element = document().and_then(|d| d.create_element(tag).ok()).expect("the page can create elements");
    if !class.is_empty() {
        element.set_class_name(class);
    }
    element
}

/// Creates `<tag>` holding `text` as plain text.
pub fn text(tag: &str, class: &str, text: &str) -> Element {
    let element = element(tag, class);
    element.set_text_content(Some(text));
    element
}

/// Creates `<tag>` with a Chinese and an English span; CSS shows the one for `<html lang>`.
pub fn bilingual(tag: &str, class: &str, zh: &str, en: &str) -> Element {
    let element = element(tag, class);
    fill_bilingual(&element, zh, en);
    element
}

/// Replaces `element`'s content with a Chinese and an English span.
pub fn fill_bilingual(element: &Element, zh: &str, en: &str) {
    element.set_text_content(None);
    for (lang, value) in [("zh", zh), ("en", en)] {
        let span = self::text("span", "", value);
        let _ = span.set_attribute("data-l", lang);
        let _ = element.append_child(&span);
    }
}

/// Creates `<tag>` showing a manifest text; English falls back to Chinese.
pub fn localized(tag: &str, class: &str, value: &Text) -> Element {
    bilingual(tag, class, &value.zh, value.get(expo_manifest::Lang::En))
}

/// Creates a `<button type="button">` that queues `event` when pressed.
pub fn button(class: &str, zh: &str, en: &str, event: UiEvent) -> Element {
    let button = bilingual("button", class, zh, en);
    let _ = button.set_attribute("type", "button");
    listen(&button, "click", move |_| push_event(event.clone()));
    button
}

pub fn set_attribute(element: &Element, name: &str, value: &str) {
    let _ = element.set_attribute(name, value);
}

pub fn append(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}
