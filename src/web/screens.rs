//! Fills the in-world screens: each shows its poster, and the two screens nearest the visitor
//! within their play distance show their video, muted and looping, through hidden `<video>`
//! elements. Two decoders at most, so phones cope.

use std::collections::HashMap;

use bevy::prelude::*;
use expo_manifest::{Media, StreamFormat};
use js_sys::Array;
use wasm_bindgen::{Clamped, JsCast, JsValue};

use crate::booth::MediaScreen;
use crate::exhibition::Exhibition;
use crate::navigation::VisitorRig;
use crate::panels::schedule::{current_entry, LiveState};
use crate::panels::{target_media, OpenPanel, PanelTarget};
use crate::{AppState, FrameSet};

/// Most videos decoded at once for in-world screens.
pub const MAX_DECODERS: usize = 2;
/// Frames copied into a playing screen's texture per second.
const FRAMES_PER_SECOND: f64 = 10.0;

pub(super) fn plugin(app: &mut App) {
    app.init_non_send::<ScreenPlayers>();
    app.add_systems(Update, (choose_players, copy_frames).chain().in_set(FrameSet::Report).run_if(in_state(AppState::Touring)));
}

/// A screen's media: its URL, format and poster.
struct Source {
    url: String,
    format: StreamFormat,
    live: bool,
    poster: Option<String>,
}

/// The hidden players of the screens that play now, and the posters drawn so far.
#[derive(Default)]
pub struct ScreenPlayers {
    playing: HashMap<Entity, web_sys::HtmlVideoElement>,
    /// Screens whose poster is in their texture, or whose poster failed; not drawn again.
    posters: HashMap<Entity, PosterState>,
    canvas: Option<(web_sys::HtmlCanvasElement, web_sys::CanvasRenderingContext2d)>,
    last_copy: f64,
    /// Frames copied into textures since the start, for the status object.
    pub frames_copied: u64,
}

enum PosterState {
    Loading(web_sys::HtmlImageElement),
    Done,
}

impl ScreenPlayers {
    /// Returns the number of screen videos playing now.
    pub fn decoders(&self) -> usize {
        self.playing.len()
    }
}

/// Picks a screen's source: a live stream on air, else the first video, else the replay of the
/// last live stream.
fn source(exhibition: &Exhibition, target: PanelTarget) -> Option<Source> {
    let media = target_media(exhibition, target);
    let absolute = |url: &str| super::panels::absolute_url(exhibition, url);
    if let Some((index, LiveState::Live)) = current_entry(media, js_sys::Date::now() as i64)
        && let Media::Live { url, poster, .. } = &media[index]
        && let Some(format @ (StreamFormat::Hls | StreamFormat::Flv)) = media[index].stream_format()
    {
        return Some(Source { url: absolute(url), format, live: true, poster: poster.as_deref().map(absolute) });
    }
    let first_video = media.iter().find_map(|entry| match entry {
        Media::Video { url, poster, .. } => Some(Source {
            url: absolute(url),
            format: entry.stream_format().unwrap_or(StreamFormat::Mp4),
            live: false,
            poster: poster.as_deref().map(absolute),
        }),
        _ => None,
    });
    first_video.or_else(|| {
        media.iter().rev().find_map(|entry| match entry {
            Media::Live { replay_url: Some(replay), poster, .. } => {
                let format = StreamFormat::from_url(replay).filter(|f| matches!(f, StreamFormat::Mp4 | StreamFormat::Hls))?;
                Some(Source { url: absolute(replay), format, live: false, poster: poster.as_deref().map(absolute) })
            }
            _ => None,
        })
    })
}

fn call_stream(method: &str, args: &Array) {
    if let Err(error) = super::panels::video::call_stream(method, args) {
        warn!("screen player {method} failed: {error:?}");
    }
}

fn stop(video: &web_sys::HtmlVideoElement) {
    call_stream("stop", &Array::of1(video));
    video.remove();
}

/// Starts and stops the hidden players: the nearest screens within their play distance play,
/// at most [`MAX_DECODERS`]. While a video or live panel is open no screen plays, so the
/// panel's player is the only decoder.
fn choose_players(
    exhibition: Res<Exhibition>,
    open: Res<OpenPanel>,
    rigs: Query<&VisitorRig>,
    screens: Query<(Entity, &MediaScreen, &GlobalTransform)>,
    mut players: NonSendMut<ScreenPlayers>,
    mut timer: Local<f64>,
) {
    let now = js_sys::Date::now();
    if now - *timer < 500.0 {
        return;
    }
    *timer = now;
    let Ok(rig) = rigs.single() else { return };
    let panel_plays = matches!(open.kind(), Some(crate::panels::PanelKind::Video | crate::panels::PanelKind::Live));
    let mut nearby: Vec<(Entity, f32)> = screens
        .iter()
        .filter(|_| !panel_plays)
        .map(|(entity, screen, transform)| {
            let position = transform.translation();
            (entity, Vec2::new(position.x, position.z).distance(rig.position), screen.play_distance)
        })
        .filter(|&(_, distance, play_distance)| distance <= play_distance)
        .map(|(entity, distance, _)| (entity, distance))
        .collect();
    nearby.sort_by(|a, b| a.1.total_cmp(&b.1));
    nearby.truncate(MAX_DECODERS);
    let wanted: Vec<Entity> = nearby.into_iter().map(|(entity, _)| entity).collect();

    let finished: Vec<Entity> = players.playing.keys().filter(|entity| !wanted.contains(entity)).copied().collect();
    for entity in finished {
        if let Some(video) = players.playing.remove(&entity) {
            stop(&video);
        }
        // Back to the poster.
        players.posters.remove(&entity);
    }
    for entity in wanted {
        if players.playing.contains_key(&entity) {
            continue;
        }
        let Ok((_, screen, _)) = screens.get(entity) else { continue };
        let Some(source) = source(&exhibition, screen.target) else { continue };
        let Some(video) = hidden_video() else { continue };
        call_stream("play", &Array::of4(&video, &JsValue::from_str(&source.url), &JsValue::from_str(source.format.code()), &JsValue::from_bool(source.live)));
        players.playing.insert(entity, video);
    }
}

/// Creates a muted, looping, hidden `<video>` that requests CORS, so its frames can be read.
fn hidden_video() -> Option<web_sys::HtmlVideoElement> {
    let document = web_sys::window()?.document()?;
    let video: web_sys::HtmlVideoElement = document.create_element("video").ok()?.dyn_into().ok()?;
    video.set_muted(true);
    video.set_loop(true);
    video.set_cross_origin(Some("anonymous"));
    let _ = video.set_attribute("playsinline", "");
    let _ = video.set_attribute("muted", "");
    let _ = video.set_attribute("aria-hidden", "true");
    video.set_class_name("screen-video");
    document.body()?.append_child(&video).ok()?;
    Some(video)
}

/// Copies the playing videos' frames, and posters not drawn yet, into the screens' textures.
fn copy_frames(
    exhibition: Res<Exhibition>,
    screens: Query<(Entity, &MediaScreen)>,
    mut images: ResMut<Assets<Image>>,
    mut players: NonSendMut<ScreenPlayers>,
) {
    let now = js_sys::Date::now();
    let copy_video = now - players.last_copy >= 1000.0 / FRAMES_PER_SECOND;
    if copy_video {
        players.last_copy = now;
    }
    for (entity, screen) in &screens {
        if let Some(video) = players.playing.get(&entity).cloned() {
            if copy_video && video.ready_state() >= 2 && draw(&mut players, screen, &video, &mut images) {
                players.frames_copied += 1;
            }
            continue;
        }
        match players.posters.get(&entity) {
            Some(PosterState::Done) => {}
            Some(PosterState::Loading(image)) => {
                if image.complete() {
                    let image = image.clone();
                    if image.natural_width() > 0 {
                        draw(&mut players, screen, &image, &mut images);
                    }
                    players.posters.insert(entity, PosterState::Done);
                }
            }
            None => {
                let poster = source(&exhibition, screen.target).and_then(|source| source.poster);
                let state = match poster.and_then(|url| load_image(&url)) {
                    Some(image) => PosterState::Loading(image),
                    None => PosterState::Done,
                };
                players.posters.insert(entity, state);
            }
        }
    }
}

fn load_image(url: &str) -> Option<web_sys::HtmlImageElement> {
    let image = web_sys::HtmlImageElement::new().ok()?;
    image.set_cross_origin(Some("anonymous"));
    image.set_src(url);
    Some(image)
}

/// Draws `source` scaled to the screen's texture and writes the pixels into it. Returns false
/// when the browser refused (a source without CORS taints the canvas).
fn draw(players: &mut ScreenPlayers, screen: &MediaScreen, source: &JsValue, images: &mut Assets<Image>) -> bool {
    let (width, height) = (screen.size.x, screen.size.y);
    if players.canvas.is_none() {
        let canvas = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        let context = canvas.as_ref().and_then(|c| c.get_context("2d").ok().flatten()).and_then(|c| c.dyn_into().ok());
        if let (Some(canvas), Some(context)) = (canvas, context) {
            players.canvas = Some((canvas, context));
        }
    }
    let Some((canvas, context)) = &players.canvas else { return false };
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    let drawn = if let Some(video) = source.dyn_ref::<web_sys::HtmlVideoElement>() {
        context.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, width as f64, height as f64)
    } else if let Some(image) = source.dyn_ref::<web_sys::HtmlImageElement>() {
        context.draw_image_with_html_image_element_and_dw_and_dh(image, 0.0, 0.0, width as f64, height as f64)
    } else {
        return false;
    };
    if drawn.is_err() {
        return false;
    }
    let Ok(data) = context.get_image_data(0, 0, width as i32, height as i32) else {
        warn!("a screen source has no CORS permission; its frames cannot be shown in the hall");
        return false;
    };
    let Clamped(pixels) = data.data();
    if let Some(mut image) = images.get_mut(&screen.image) {
        image.data = Some(pixels);
    }
    true
}
