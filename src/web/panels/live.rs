//! The live-stream panel: upcoming with a countdown, live in a player (HLS, HTTP-FLV) or an
//! allowlisted embedded page, ended with the replay. The state follows the browser's clock.

use bevy::prelude::*;
use expo_manifest::{Media, StreamFormat};

use super::{absolute_url, dom, frame, media_of, video};
use crate::exhibition::Exhibition;
use crate::panels::schedule::{countdown, current_entry, LiveState};
use crate::panels::{OpenPanel, PanelKind, PanelTarget};

/// The live entry and state drawn in the live panel, so the body is redrawn only when the
/// state changes and the countdown only when its text does.
#[derive(Resource, Debug, Default)]
pub struct LiveShown {
    state: Option<(usize, &'static str)>,
    countdown: String,
}

impl LiveShown {
    pub(super) fn reset(&mut self) {
        *self = LiveShown::default();
    }

    /// Returns the schedule state shown (`upcoming`, `live`, `ended`), for the status object.
    pub fn state_code(&self) -> Option<&'static str> {
        self.state.map(|(_, code)| code)
    }
}

pub(super) fn build(exhibition: &Exhibition, target: PanelTarget, shown: &mut LiveShown) -> Option<web_sys::Element> {
    let (dialog, body) = frame(exhibition, target, PanelKind::Live);
    dom::set_attribute(&body, "id", "live-body");
    fill_body(exhibition, target, &body, shown);
    Some(dialog)
}

fn fill_body(exhibition: &Exhibition, target: PanelTarget, body: &web_sys::Element, shown: &mut LiveShown) {
    video::stop_players(body);
    body.set_text_content(None);
    let media = media_of(exhibition, target);
    let now = js_sys::Date::now() as i64;
    let Some((index, state)) = current_entry(media, now) else {
        dom::append(body, &dom::bilingual("p", "panel-empty", "这里没有直播。", "There is no live stream here."));
        return;
    };
    shown.state = Some((index, state.code()));
    let Media::Live { url, title, poster, starts_at, replay_url, .. } = &media[index] else { return };
    dom::set_attribute(body, "data-live-state", state.code());
    if let Some(title) = title {
        dom::append(body, &dom::localized("h3", "live-title", title));
    }

    match state {
        LiveState::Upcoming { seconds_left } => {
            dom::append(body, &dom::bilingual("p", "live-badge upcoming", "即将开播", "Starting soon"));
            if let Some(poster) = poster {
                let image = dom::element("img", "live-poster");
                dom::set_attribute(&image, "src", &absolute_url(exhibition, poster));
                dom::set_attribute(&image, "alt", "");
                dom::append(body, &image);
            }
            let line = dom::element("p", "live-countdown");
            dom::set_attribute(&line, "id", "live-countdown");
            dom::set_attribute(&line, "aria-live", "off");
            shown.countdown = write_countdown(&line, seconds_left);
            dom::append(body, &line);
            dom::append(body, &dom::bilingual("p", "live-start", &format!("开播时间：{starts_at}"), &format!("Starts at {starts_at}")));
        }
        LiveState::Live => {
            dom::append(body, &dom::bilingual("p", "live-badge on-air", "直播中", "Live now"));
            let format = media[index].stream_format().unwrap_or(StreamFormat::Embed);
            if format == StreamFormat::Embed {
                append_embed(exhibition, body, url);
            } else {
                let player = video::player_element(exhibition, poster.as_deref(), None);
                dom::set_attribute(&player, "autoplay", "");
                dom::append(body, &player);
                dom::append(body, &video::status_line());
                video::play(&player, &absolute_url(exhibition, url), format, true);
            }
        }
        LiveState::Ended => {
            dom::append(body, &dom::bilingual("p", "live-badge ended", "直播已结束", "The live stream has ended"));
            let Some(replay) = replay_url else {
                dom::append(body, &dom::bilingual("p", "", "暂无回放。", "No replay is available."));
                return;
            };
            match StreamFormat::from_url(replay) {
                Some(format @ (StreamFormat::Mp4 | StreamFormat::Hls)) => {
                    dom::append(body, &dom::bilingual("p", "", "回放：", "Replay:"));
                    let player = video::player_element(exhibition, poster.as_deref(), None);
                    dom::append(body, &player);
                    dom::append(body, &video::status_line());
                    video::play(&player, &absolute_url(exhibition, replay), format, false);
                }
                _ => {
                    let link = dom::bilingual("a", "replay-link", "观看回放", "Watch the replay");
                    dom::set_attribute(&link, "href", &absolute_url(exhibition, replay));
                    dom::set_attribute(&link, "target", "_blank");
                    dom::set_attribute(&link, "rel", "noopener noreferrer");
                    dom::append(body, &link);
                }
            }
        }
    }
}

/// Adds the sandboxed iframe of an embedded player page, after checking again that it is an
/// https page on an allowlisted host (the manifest validator checked it first).
fn append_embed(exhibition: &Exhibition, body: &web_sys::Element, url: &str) {
    let allowed = web_sys::Url::new(url).ok().filter(|parsed| {
        parsed.protocol() == "https:" && exhibition.manifest.exhibition.embed_hosts.iter().any(|host| *host == parsed.hostname())
    });
    let Some(parsed) = allowed else {
        warn!("live player page {url} is not an https page on embed_hosts; not embedded");
        dom::append(body, &dom::bilingual("p", "stream-status", "该直播页面不在允许的列表中，无法嵌入。", "This live player page is not on the allowed list and cannot be embedded."));
        return;
    };
    let frame = dom::element("iframe", "live-embed");
    dom::set_attribute(&frame, "src", &parsed.href());
    dom::set_attribute(&frame, "sandbox", "allow-scripts allow-same-origin allow-presentation");
    dom::set_attribute(&frame, "allow", "autoplay; fullscreen; picture-in-picture");
    dom::set_attribute(&frame, "referrerpolicy", "strict-origin-when-cross-origin");
    dom::set_attribute(&frame, "title", "直播 / Live stream");
    dom::append(body, &frame);
}

fn write_countdown(line: &web_sys::Element, seconds_left: i64) -> String {
    let zh = format!("距离开播 {}", countdown(seconds_left, true));
    let en = format!("Starts in {}", countdown(seconds_left, false));
    dom::fill_bilingual(line, &zh, &en);
    zh
}

/// Moves the live panel along its schedule: the countdown each second, and a new body when
/// the stream starts or ends.
pub(super) fn update_schedule(open: Res<OpenPanel>, exhibition: Res<Exhibition>, mut shown: ResMut<LiveShown>) {
    let Some((target, PanelKind::Live)) = open.shown else { return };
    let Some(body) = dom::by_id("live-body") else { return };
    let now = js_sys::Date::now() as i64;
    let current = current_entry(media_of(&exhibition, target), now);
    let code = current.map(|(index, state)| (index, state.code()));
    if code != shown.state {
        if let Some((_, state)) = code {
            info!("live stream state is now {state}");
        }
        fill_body(&exhibition, target, &body, &mut shown);
        return;
    }
    if let Some((_, LiveState::Upcoming { seconds_left })) = current
        && let Some(line) = dom::by_id("live-countdown")
    {
        let zh = format!("距离开播 {}", countdown(seconds_left, true));
        if zh != shown.countdown {
            shown.countdown = write_countdown(&line, seconds_left);
        }
    }
}
