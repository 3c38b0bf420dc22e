//! The video panel: a player for the booth's videos with a playlist, poster, WebVTT captions
//! and fullscreen. `web/stream.js` attaches MP4 and HLS sources to the `<video>` element.

use bevy::prelude::*;
use expo_manifest::{Media, StreamFormat};
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::{absolute_url, dom, frame, media_of, UiEvent};
use crate::exhibition::Exhibition;
use crate::panels::{PanelKind, PanelTarget};

/// The playlist entry shown in the video panel.
#[derive(Resource, Debug, Default)]
pub struct VideoChoice {
    pub index: usize,
}

pub(super) fn build(exhibition: &Exhibition, target: PanelTarget, index: usize) -> Option<web_sys::Element> {
    let (dialog, body) = frame(exhibition, target, PanelKind::Video);
    let videos: Vec<&Media> = media_of(exhibition, target).iter().filter(|m| matches!(m, Media::Video { .. })).collect();
    let index = index.min(videos.len().saturating_sub(1));
    let Some(Media::Video { url, title, poster, captions, .. }) = videos.get(index).copied() else {
        dom::append(&body, &dom::bilingual("p", "panel-empty", "这个展位没有视频。", "This booth has no video."));
        return Some(dialog);
    };
    let format = videos[index].stream_format().unwrap_or(StreamFormat::Mp4);

    if let Some(title) = title {
        dom::append(&body, &dom::localized("h3", "video-title", title));
    }
    let player = player_element(exhibition, poster.as_deref(), captions.as_deref());
    dom::append(&body, &player);
    let bar = dom::element("div", "player-bar");
    let fullscreen = dom::bilingual("button", "", "全屏", "Fullscreen");
    dom::set_attribute(&fullscreen, "type", "button");
    dom::set_attribute(&fullscreen, "data-action", "fullscreen");
    let player_for_fullscreen = player.clone();
    dom::listen(&fullscreen, "click", move |_| {
        let _ = player_for_fullscreen.request_fullscreen();
    });
    dom::append(&bar, &fullscreen);
    dom::append(&bar, &status_line());
    dom::append(&body, &bar);

    if videos.len() > 1 {
        let list = dom::element("ol", "playlist");
        dom::set_attribute(&list, "aria-label", "播放列表 / Playlist");
        for (i, entry) in videos.iter().enumerate() {
            let Media::Video { title, .. } = entry else { continue };
            let (zh, en) = match title {
                Some(title) => (title.zh.clone(), title.get(expo_manifest::Lang::En).to_owned()),
                None => (format!("视频 {}", i + 1), format!("Video {}", i + 1)),
            };
            let item = dom::element("li", "");
            let button = dom::button(if i == index { "current" } else { "" }, &zh, &en, UiEvent::PlayVideo(i));
            if i == index {
                dom::set_attribute(&button, "aria-current", "true");
            }
            dom::append(&item, &button);
            dom::append(&list, &item);
        }
        dom::append(&body, &list);
    }
    play(&player, &absolute_url(exhibition, url), format, false);
    Some(dialog)
}

/// Creates the `<video>` element with controls, poster and captions.
pub(super) fn player_element(exhibition: &Exhibition, poster: Option<&str>, captions: Option<&str>) -> web_sys::Element {
    let player = dom::element("video", "player");
    dom::set_attribute(&player, "id", "panel-video");
    dom::set_attribute(&player, "controls", "");
    dom::set_attribute(&player, "playsinline", "");
    dom::set_attribute(&player, "preload", "metadata");
    if let Some(poster) = poster {
        dom::set_attribute(&player, "poster", &absolute_url(exhibition, poster));
    }
    if let Some(captions) = captions {
        // Browsers load captions from another host only for a video that requests CORS, so a
        // video with captions needs CORS on its server too, as docs/manifest.md states.
        dom::set_attribute(&player, "crossorigin", "anonymous");
        let track = dom::element("track", "");
        dom::set_attribute(&track, "kind", "captions");
        dom::set_attribute(&track, "src", &absolute_url(exhibition, captions));
        dom::set_attribute(&track, "srclang", "zh");
        dom::set_attribute(&track, "label", "中文字幕");
        dom::set_attribute(&track, "default", "");
        dom::append(&player, &track);
    }
    player
}

/// Creates the status line that shows when a stream is loading, reconnecting or failed.
pub(super) fn status_line() -> web_sys::Element {
    let line = dom::element("span", "stream-status");
    dom::set_attribute(&line, "role", "status");
    dom::set_attribute(&line, "aria-live", "polite");
    line
}

/// Starts `url` in `player` through `window.__EXPO_STREAM__.play` (web/stream.js).
pub(super) fn play(player: &web_sys::Element, url: &str, format: StreamFormat, live: bool) {
    let args = Array::of4(player, &JsValue::from_str(url), &JsValue::from_str(format.code()), &JsValue::from_bool(live));
    if let Err(error) = call_stream("play", &args) {
        error!("could not start {url}: {error:?}");
    }
}

/// Stops every player inside `root`: pauses it, detaches its stream and frees the decoder.
pub(super) fn stop_players(root: &web_sys::Element) {
    let Ok(players) = root.query_selector_all("video") else { return };
    for i in 0..players.length() {
        if let Some(player) = players.get(i) {
            let _ = call_stream("stop", &Array::of1(&player));
        }
    }
}

/// Calls `window.__EXPO_STREAM__[method](...args)` (web/stream.js).
pub(crate) fn call_stream(method: &str, args: &Array) -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let stream = Reflect::get(&window, &JsValue::from_str("__EXPO_STREAM__"))?;
    let function: Function = Reflect::get(&stream, &JsValue::from_str(method))?.dyn_into()?;
    function.apply(&stream, args)
}
