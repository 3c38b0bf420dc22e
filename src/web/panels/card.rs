//! The booth card: exhibitor, title, city, tags, summary, poster and one button per hand-off.

use expo_manifest::Text;

use super::{absolute_url, dom, frame, media_of, UiEvent};
use crate::exhibition::Exhibition;
use crate::panels::{Offers, PanelKind, PanelTarget};

pub(super) fn build(exhibition: &Exhibition, target: PanelTarget) -> Option<web_sys::Element> {
    let (dialog, body) = frame(exhibition, target, PanelKind::Card);
    if let PanelTarget::Booth(index) = target {
        let booth = exhibition.manifest.booths.get(index)?;
        dom::set_attribute(&dialog, "data-booth", &booth.id);
        if let Some(poster) = &booth.poster {
            let image = dom::element("img", "card-poster");
            dom::set_attribute(&image, "src", &absolute_url(exhibition, poster));
            dom::set_attribute(&image, "alt", "");
            dom::set_attribute(&image, "loading", "lazy");
            dom::append(&body, &image);
        }
        dom::append(&body, &dom::localized("h3", "card-title", &booth.title));
        let zone = exhibition.manifest.zones.iter().find(|zone| zone.id == booth.zone);
        let place: Vec<&Text> = zone.map(|zone| &zone.name).into_iter().chain(booth.city.as_ref()).collect();
        if !place.is_empty() {
            let zh: Vec<&str> = place.iter().map(|text| text.zh.as_str()).collect();
            let en: Vec<&str> = place.iter().map(|text| text.get(expo_manifest::Lang::En)).collect();
            dom::append(&body, &dom::bilingual("p", "card-place", &zh.join(" · "), &en.join(" · ")));
        }
        let offers = Offers::of(media_of(exhibition, target));
        let actions = dom::element("div", "card-actions");
        for (kind, zh, en) in [
            (PanelKind::Video, "视频", "Video"),
            (PanelKind::Live, "直播", "Live"),
            (PanelKind::Negotiate, "洽谈", "Negotiate"),
        ] {
            if offers.has(kind) {
                let button = dom::button("card-action", zh, en, UiEvent::Open(kind));
                dom::set_attribute(&button, "data-action", kind.code());
                dom::append(&actions, &button);
            }
        }
        if actions.child_element_count() > 0 {
            dom::append(&body, &actions);
        }
        if !booth.tags.is_empty() {
            let tags = dom::element("ul", "card-tags");
            dom::set_attribute(&tags, "aria-label", "标签 / Tags");
            for tag in &booth.tags {
                dom::append(&tags, &dom::text("li", "", tag));
            }
            dom::append(&body, &tags);
        }
        dom::append(&body, &dom::localized("p", "card-summary", &booth.summary));
    }

    Some(dialog)
}
