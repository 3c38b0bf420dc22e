//! The negotiation panel: the form (with a draft saved on every change), the meeting link and
//! WeChat QR code, and the submission that puts a request into the outbox.

use std::cell::RefCell;

use bevy::prelude::*;
use expo_manifest::{Lang, Media, Text};
use wasm_bindgen::JsCast;

use super::{absolute_url, dom, frame, media_of, UiEvent};
use crate::exhibition::Exhibition;
use crate::panels::negotiation::{build_request, default_time_slots, uuid_v4, Field, NegotiationForm, RequestContext};
use crate::panels::outbox::OutboxEntry;
use crate::panels::{PanelKind, PanelTarget};
use crate::status::UiLanguage;

/// The form shown now: where it sends and which choices it offers.
struct FormContext {
    exhibition_id: String,
    booth_id: String,
    /// Absolute endpoint URL, or `None` when the exhibition has no negotiation endpoint.
    endpoint: Option<String>,
    topics: Vec<Text>,
    time_slots: Vec<(String, String)>,
}

thread_local! {
    static FORM: RefCell<Option<FormContext>> = const { RefCell::new(None) };
    /// The booth and form of the request delivered last from this page.
    static SENT: RefCell<Option<(String, NegotiationForm)>> = const { RefCell::new(None) };
}

/// Every field of the form, in order: (field, Chinese label, English label).
const FIELDS: [(Field, &str, &str); 7] = [
    (Field::Name, "姓名", "Name"),
    (Field::Organization, "单位", "Organization"),
    (Field::Phone, "电话", "Phone"),
    (Field::Email, "邮箱", "E-mail"),
    (Field::Topic, "洽谈话题", "Topic"),
    (Field::TimeSlot, "希望洽谈时间", "Preferred time"),
    (Field::Message, "留言", "Message"),
];

fn draft_key(booth: &str) -> String {
    format!("expo-hall.draft.{booth}")
}

/// Returns the page's language from `<html lang>`.
fn page_lang() -> Lang {
    let lang = dom::document().and_then(|d| d.document_element()).and_then(|root| root.get_attribute("lang"));
    if lang.as_deref() == Some("en") { Lang::En } else { Lang::Zh }
}

pub(super) fn build(exhibition: &Exhibition, target: PanelTarget, lang: Lang) -> Option<web_sys::Element> {
    let (dialog, body) = frame(exhibition, target, PanelKind::Negotiate);
    let PanelTarget::Booth(index) = target else { return Some(dialog) };
    let booth = exhibition.manifest.booths.get(index)?;
    let Some(Media::Negotiation { topics, time_slots, meeting_url, wechat_qr }) =
        media_of(exhibition, target).iter().find(|m| matches!(m, Media::Negotiation { .. }))
    else {
        return Some(dialog);
    };
    let header = &exhibition.manifest.exhibition;
    let endpoint = match (&header.negotiation_endpoint, &header.id) {
        (Some(endpoint), Some(_)) => Some(absolute_url(exhibition, endpoint)),
        _ => None,
    };
    let slots: Vec<(String, String)> = if time_slots.is_empty() {
        default_time_slots(&header.dates.start, &header.dates.end, Lang::Zh)
            .into_iter()
            .zip(default_time_slots(&header.dates.start, &header.dates.end, Lang::En))
            .collect()
    } else {
        time_slots.iter().map(|slot| (slot.zh.clone(), slot.get(Lang::En).to_owned())).collect()
    };
    dom::append(
        &body,
        &dom::bilingual(
            "p",
            "form-intro",
            &format!("向“{}”发起线上洽谈，展商会通过您留下的联系方式与您联系。", booth.exhibitor.zh),
            &format!("Start an online negotiation with {}; the exhibitor will contact you using the details you leave.", booth.exhibitor.get(Lang::En)),
        ),
    );

    if let Some(endpoint) = &endpoint {
        let form = build_form(topics, &slots, lang);
        dom::set_attribute(&form, "data-endpoint", endpoint);
        dom::append(&body, &form);
    } else {
        dom::append(
            &body,
            &dom::bilingual("p", "panel-empty", "本展览未开通在线提交，请使用下面的会议链接或微信联系展商。", "This exhibition takes no online requests; use the meeting link or WeChat below to reach the exhibitor."),
        );
    }
    if let Some(meeting) = meeting_url {
        let link = dom::bilingual("a", "meeting-link", "进入视频会议", "Join the video meeting");
        dom::set_attribute(&link, "href", &absolute_url(exhibition, meeting));
        dom::set_attribute(&link, "target", "_blank");
        dom::set_attribute(&link, "rel", "noopener noreferrer");
        dom::append(&body, &link);
    }
    if let Some(qr) = wechat_qr {
        let figure = dom::element("figure", "wechat-qr");
        let image = dom::element("img", "");
        dom::set_attribute(&image, "src", &absolute_url(exhibition, qr));
        dom::set_attribute(&image, "alt", "微信二维码 / WeChat QR code");
        dom::append(&figure, &image);
        dom::append(&figure, &dom::bilingual("figcaption", "", "微信扫码联系展商", "Scan with WeChat to contact the exhibitor"));
        dom::append(&body, &figure);
    }

    FORM.with(|form| {
        *form.borrow_mut() = Some(FormContext {
            exhibition_id: header.id.clone().unwrap_or_default(),
            booth_id: booth.id.clone(),
            endpoint,
            topics: topics.clone(),
            time_slots: slots,
        })
    });
    Some(dialog)
}

/// Fills the form from the saved draft and shows a pending request, once the panel is in the
/// page (the controls are looked up by id).
pub(super) fn mounted() {
    let Some(booth) = FORM.with(|form| form.borrow().as_ref().map(|form| form.booth_id.clone())) else { return };
    restore_draft(&booth);
    show_pending(&booth);
}

fn build_form(topics: &[Text], slots: &[(String, String)], lang: Lang) -> web_sys::Element {
    let form = dom::element("form", "negotiate-form");
    dom::set_attribute(&form, "id", "negotiate-form");
    dom::set_attribute(&form, "novalidate", "");
    dom::listen(&form, "submit", |event| {
        event.prevent_default();
        dom::push_event(UiEvent::Submit);
    });
    dom::listen(&form, "input", |_| dom::push_event(UiEvent::FormInput));
    dom::listen(&form, "change", |_| dom::push_event(UiEvent::FormInput));

    for (field, zh, en) in FIELDS {
        let row = dom::element("div", "form-row");
        let id = format!("nf-{}", field.key());
        let label = dom::bilingual("label", "", zh, en);
        dom::set_attribute(&label, "for", &id);
        dom::append(&row, &label);
        let control = match field {
            Field::Topic => select(topics.iter().map(|topic| (topic.zh.clone(), topic.get(Lang::En).to_owned())).collect(), lang, None),
            Field::TimeSlot => select(slots.to_vec(), lang, Some(("不限", "Any time"))),
            Field::Message => {
                let area = dom::element("textarea", "");
                dom::set_attribute(&area, "rows", "4");
                dom::set_attribute(&area, "maxlength", &crate::panels::negotiation::MAX_MESSAGE_CHARS.to_string());
                area
            }
            _ => input(field),
        };
        dom::set_attribute(&control, "id", &id);
        dom::set_attribute(&control, "name", field.key());
        dom::set_attribute(&control, "aria-describedby", &format!("{id}-error"));
        dom::append(&row, &control);
        let error = dom::element("p", "field-error");
        dom::set_attribute(&error, "id", &format!("{id}-error"));
        dom::append(&row, &error);
        dom::append(&form, &row);
    }

    let consent_row = dom::element("div", "form-row consent");
    let checkbox = dom::element("input", "");
    dom::set_attribute(&checkbox, "type", "checkbox");
    dom::set_attribute(&checkbox, "id", "nf-consent");
    dom::set_attribute(&checkbox, "name", "consent");
    dom::set_attribute(&checkbox, "aria-describedby", "nf-consent-error");
    dom::append(&consent_row, &checkbox);
    let label = dom::bilingual(
        "label",
        "",
        "我同意把以上姓名、单位、联系方式和留言发送给展会主办方和该展商，仅用于本次洽谈。",
        "I agree that the name, organization, contact details and message above are sent to the organizers and this exhibitor, for this negotiation only.",
    );
    dom::set_attribute(&label, "for", "nf-consent");
    dom::append(&consent_row, &label);
    let error = dom::element("p", "field-error");
    dom::set_attribute(&error, "id", "nf-consent-error");
    dom::append(&consent_row, &error);
    dom::append(&form, &consent_row);

    let submit = dom::bilingual("button", "submit", "发送洽谈请求", "Send request");
    dom::set_attribute(&submit, "type", "submit");
    dom::set_attribute(&submit, "data-action", "submit");
    dom::append(&form, &submit);
    let status = dom::element("div", "form-status");
    dom::set_attribute(&status, "id", "negotiate-status");
    dom::set_attribute(&status, "role", "status");
    dom::set_attribute(&status, "aria-live", "polite");
    dom::append(&form, &status);
    form
}

fn input(field: Field) -> web_sys::Element {
    let input = dom::element("input", "");
    let (kind, autocomplete, max) = match field {
        Field::Name => ("text", "name", crate::panels::negotiation::MAX_NAME_CHARS),
        Field::Organization => ("text", "organization", crate::panels::negotiation::MAX_ORGANIZATION_CHARS),
        Field::Phone => ("tel", "tel", *crate::panels::negotiation::PHONE_CHARS.end()),
        _ => ("email", "email", crate::panels::negotiation::MAX_EMAIL_CHARS),
    };
    dom::set_attribute(&input, "type", kind);
    dom::set_attribute(&input, "autocomplete", autocomplete);
    dom::set_attribute(&input, "maxlength", &max.to_string());
    input
}

/// Creates a `<select>` whose option values are the Chinese texts, labelled in `lang`. The
/// labels are rewritten when the language changes.
fn select(options: Vec<(String, String)>, lang: Lang, empty: Option<(&str, &str)>) -> web_sys::Element {
    let select = dom::element("select", "");
    let mut all = Vec::new();
    if let Some((zh, en)) = empty {
        all.push((String::new(), zh.to_owned(), en.to_owned()));
    }
    all.extend(options.into_iter().map(|(zh, en)| (zh.clone(), zh, en)));
    for (value, zh, en) in all {
        let option = dom::text("option", "", if lang == Lang::En { &en } else { &zh });
        dom::set_attribute(&option, "value", &value);
        dom::set_attribute(&option, "data-zh", &zh);
        dom::set_attribute(&option, "data-en", &en);
        dom::append(&select, &option);
    }
    select
}

/// Rewrites the option labels of the form's selects when the language changes.
pub(super) fn relabel_on_language(language: Res<UiLanguage>) {
    if !language.is_changed() {
        return;
    }
    let Some(form) = dom::by_id("negotiate-form") else { return };
    let Ok(options) = form.query_selector_all("option") else { return };
    let attribute = if **language == Lang::En { "data-en" } else { "data-zh" };
    for i in 0..options.length() {
        if let Some(option) = options.get(i).and_then(|node| node.dyn_into::<web_sys::Element>().ok()) {
            let label = option.get_attribute(attribute).unwrap_or_default();
            option.set_text_content(Some(&label));
        }
    }
}

fn control_value(key: &str) -> String {
    let Some(element) = dom::by_id(&format!("nf-{key}")) else { return String::new() };
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        return input.value();
    }
    if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return area.value();
    }
    element.dyn_ref::<web_sys::HtmlSelectElement>().map(|select| select.value()).unwrap_or_default()
}

fn set_control_value(key: &str, value: &str) {
    let Some(element) = dom::by_id(&format!("nf-{key}")) else { return };
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(value);
    } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    }
}

fn read_form() -> NegotiationForm {
    let consent = dom::by_id("nf-consent")
        .and_then(|element| element.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|checkbox| checkbox.checked());
    NegotiationForm {
        name: control_value("name"),
        organization: control_value("organization"),
        phone: control_value("phone"),
        email: control_value("email"),
        topic: control_value("topic"),
        message: control_value("message"),
        time_slot: control_value("time_slot"),
        consent,
    }
}

/// Saves what the visitor typed, so a closed panel, a language switch or a reload loses nothing.
pub(super) fn save_draft() {
    let Some(booth) = FORM.with(|form| form.borrow().as_ref().map(|form| form.booth_id.clone())) else { return };
    // A change event can arrive after the panel was closed; an absent form reads as empty and
    // must not replace the draft.
    if dom::by_id("negotiate-form").is_none() {
        return;
    }
    if let (Some(storage), Ok(json)) = (dom::local_storage(), serde_json::to_string(&read_form())) {
        let _ = storage.set_item(&draft_key(&booth), &json);
    }
}

/// Puts a saved draft back into the form, if there is one.
pub(crate) fn restore_draft(booth: &str) {
    let Some(text) = dom::local_storage().and_then(|storage| storage.get_item(&draft_key(booth)).ok().flatten()) else { return };
    let Ok(draft) = serde_json::from_str::<NegotiationForm>(&text) else {
        warn!("the saved negotiation draft of booth {booth} is unreadable; starting with an empty form");
        return;
    };
    for (key, value) in [
        ("name", &draft.name),
        ("organization", &draft.organization),
        ("phone", &draft.phone),
        ("email", &draft.email),
        ("topic", &draft.topic),
        ("message", &draft.message),
        ("time_slot", &draft.time_slot),
    ] {
        set_control_value(key, value);
    }
    if let Some(checkbox) = dom::by_id("nf-consent").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        checkbox.set_checked(draft.consent);
    }
}

/// Deletes the draft of a booth whose request was accepted, unless the visitor has changed it
/// since sending (`sent` is the draft as sent).
pub(crate) fn clear_draft(booth: &str, sent: Option<&str>) {
    let Some(storage) = dom::local_storage() else { return };
    let current = storage.get_item(&draft_key(booth)).ok().flatten();
    if current.is_none() || current.as_deref() == sent {
        let _ = storage.remove_item(&draft_key(booth));
    }
}

/// Writes the form's status line, in both languages; `state` is a CSS and test hook
/// (`sending`, `sent`, `pending`, `rejected`, `invalid`).
pub(crate) fn set_form_status(booth: &str, state: &str, zh: &str, en: &str) {
    let open = FORM.with(|form| form.borrow().as_ref().is_some_and(|form| form.booth_id == booth));
    let Some(line) = dom::by_id("negotiate-status").filter(|_| open) else { return };
    dom::fill_bilingual(&line, zh, en);
    dom::set_attribute(&line, "data-state", state);
}

/// Marks `field` invalid with a server message, when the form is open for `booth`.
pub(crate) fn mark_field(booth: &str, field: Option<&str>, message: &str) {
    let open = FORM.with(|form| form.borrow().as_ref().is_some_and(|form| form.booth_id == booth));
    let Some(field) = field.and_then(Field::from_key).filter(|_| open) else { return };
    show_field_error(field, message, message);
}

fn show_field_error(field: Field, zh: &str, en: &str) {
    let id = format!("nf-{}", field.key());
    if let Some(control) = dom::by_id(&id) {
        dom::set_attribute(&control, "aria-invalid", "true");
    }
    if let Some(line) = dom::by_id(&format!("{id}-error")) {
        dom::fill_bilingual(&line, zh, en);
    }
}

fn clear_field_errors() {
    for key in ["name", "organization", "phone", "email", "topic", "message", "time_slot", "consent"] {
        let id = format!("nf-{key}");
        if let Some(control) = dom::by_id(&id) {
            let _ = control.remove_attribute("aria-invalid");
        }
        if let Some(line) = dom::by_id(&format!("{id}-error")) {
            line.set_text_content(None);
        }
    }
}

/// Shows that a request of this booth is still waiting in the outbox.
fn show_pending(booth: &str) {
    if super::super::delivery::pending_for(booth) > 0 {
        set_form_status(booth, "pending", "上次的洽谈请求尚未送达，网络恢复后会自动发送。", "Your earlier request has not been delivered yet; it is sent automatically when the network is back.");
    }
}

/// Checks the form and, when it is valid, puts the request into the outbox and sends it.
pub(super) fn submit() {
    let lang = page_lang();
    let form = read_form();
    let Some((request, booth, endpoint)) = FORM.with(|context| {
        let context = context.borrow();
        let context = context.as_ref()?;
        let topics: Vec<String> = context.topics.iter().map(|topic| topic.zh.clone()).collect();
        let created_at = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
        let request_context = RequestContext { exhibition: &context.exhibition_id, booth: &context.booth_id, topics: &topics, lang, created_at };
        Some((build_request(&form, &request_context), context.booth_id.clone(), context.endpoint.clone()?))
    }) else {
        return;
    };
    clear_field_errors();
    let mut request = match request {
        Ok(request) => request,
        Err(errors) => {
            for error in &errors {
                show_field_error(error.field, &error.zh, &error.en);
            }
            if let Some(first) = errors.first().and_then(|error| dom::by_id(&format!("nf-{}", error.field.key()))) {
                let _ = first.focus();
            }
            set_form_status(&booth, "invalid", "请按提示修改后再发送。", "Correct the fields marked above, then send again.");
            return;
        }
    };
    // Topic and time slot values are the Chinese texts; send them in the visitor's language.
    FORM.with(|context| {
        if let Some(context) = context.borrow().as_ref() {
            if let Some(topic) = context.topics.iter().find(|topic| topic.zh == request.topic) {
                request.topic = topic.get(lang).to_owned();
            }
            if let Some(slot) = &request.time_slot
                && let Some((zh, en)) = context.time_slots.iter().find(|(zh, _)| zh == slot)
            {
                request.time_slot = Some(if lang == Lang::En { en.clone() } else { zh.clone() });
            }
        }
    });
    // One request per booth at a time, and the same form is not sent twice: a double click or
    // a second press while the first waits must not reach the exhibitor twice.
    if super::super::delivery::pending_for(&booth) > 0 {
        set_form_status(&booth, "pending", "这个展位已有一条请求在等待发送，送达后才能再次发送。", "A request to this booth is still waiting to be sent; you can send another once it is delivered.");
        return;
    }
    let draft = serde_json::to_string(&form).ok();
    if SENT.with(|sent| sent.borrow().as_ref() == Some(&(booth.clone(), form.clone()))) {
        set_form_status(&booth, "sent", "这份请求已经送达。如需补充，请修改内容后再发送。", "This request has been delivered. Change it before sending another.");
        return;
    }
    let Ok(body) = serde_json::to_string(&request) else { return };
    let mut random = [0u8; 16];
    let key = match web_sys::window().and_then(|w| w.crypto().ok()).map(|crypto| crypto.get_random_values_with_u8_array(&mut random)) {
        Some(Ok(_)) => uuid_v4(random),
        _ => {
            error!("the browser gave no random numbers for the idempotency key; the request is not sent");
            set_form_status(&booth, "rejected", "浏览器无法生成请求编号，请换用新版浏览器。", "The browser could not create a request id; use a current browser.");
            return;
        }
    };
    save_draft();
    set_form_status(&booth, "sending", "正在发送…", "Sending…");
    super::super::delivery::enqueue(OutboxEntry {
        key,
        endpoint,
        booth,
        body,
        lang: lang.code().to_owned(),
        attempts: 0,
        next_attempt_ms: 0,
        last_error: None,
        draft,
    });
}

/// Remembers the form of a delivered request, so pressing send again without a change does not
/// send it twice.
pub(crate) fn remember_sent(booth: &str, draft: Option<&str>) {
    let Some(form) = draft.and_then(|draft| serde_json::from_str::<NegotiationForm>(draft).ok()) else { return };
    SENT.with(|sent| *sent.borrow_mut() = Some((booth.to_owned(), form)));
}
