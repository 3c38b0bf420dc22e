//! Booth hand-offs: the booth card and the video, live-stream and negotiation panels.
//!
//! This module keeps what is open and why (clicks, walking up to a booth, deep links); the
//! browser module draws the panels as HTML and plays the media. Schedules, the negotiation
//! form's rules and the outbox are plain Rust so they are unit-tested without a browser.

pub mod negotiation;
pub mod outbox;
pub mod schedule;

use bevy::prelude::*;
use expo_manifest::{Booth, Media};

use crate::exhibition::{Exhibition, LaunchOptions};
use crate::navigation::VisitorRig;
use crate::status::HallStatus;
use crate::{AppState, FrameSet};

/// Distance from a booth's viewpoint, in metres, within which its card opens by itself.
const CARD_OPEN_DISTANCE: f32 = 1.6;
/// Distance from the booth's viewpoint beyond which its card closes and may open again.
const CARD_CLOSE_DISTANCE: f32 = 4.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<OpenPanel>();
    app.init_resource::<InputCapture>();
    app.add_observer(open_panel);
    app.add_observer(close_panel);
    app.add_systems(OnEnter(AppState::Touring), open_deep_link);
    app.add_systems(
        Update,
        (
            card_follows_visitor
                .in_set(FrameSet::Movement)
                .run_if(in_state(AppState::Touring))
                .run_if(crate::tour::cards_open_nearby)
                .run_if(not(in_state(crate::xr::XrMode::Immersive))),
            report_panel.in_set(FrameSet::Report),
        ),
    );
}

/// The kind of a booth's panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PanelKind {
    /// The booth card: exhibitor, title, summary and one button per hand-off.
    Card,
    Video,
    Live,
    Negotiate,
}

impl PanelKind {
    /// Parses a `panel=` deep-link value.
    pub fn parse(value: &str) -> Option<PanelKind> {
        match value.trim().to_ascii_lowercase().as_str() {
            "card" => Some(PanelKind::Card),
            "video" => Some(PanelKind::Video),
            "live" => Some(PanelKind::Live),
            "negotiate" => Some(PanelKind::Negotiate),
            _ => None,
        }
    }

    /// Returns the name used in deep links and the status object.
    pub fn code(self) -> &'static str {
        match self {
            PanelKind::Card => "card",
            PanelKind::Video => "video",
            PanelKind::Live => "live",
            PanelKind::Negotiate => "negotiate",
        }
    }

    /// Returns whether the panel covers the hall and takes keyboard input (all but the card).
    pub fn is_modal(self) -> bool {
        self != PanelKind::Card
    }
}

/// The subject of a panel: a booth (index into the manifest's booths) or the plaza's big screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PanelTarget {
    Booth(usize),
    PlazaScreen,
}

/// The panel shown now, if any.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenPanel {
    pub shown: Option<(PanelTarget, PanelKind)>,
    /// A booth whose card the visitor closed; it does not open again by walking until the
    /// visitor has left it.
    dismissed: Option<usize>,
    /// The booth whose card opened because the visitor walked up to it.
    opened_nearby: Option<usize>,
}

impl OpenPanel {
    pub fn kind(&self) -> Option<PanelKind> {
        self.shown.map(|(_, kind)| kind)
    }

    pub fn target(&self) -> Option<PanelTarget> {
        self.shown.map(|(target, _)| target)
    }
}

/// True while a panel takes the keyboard, so that typing does not move the visitor.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq, Deref, DerefMut)]
pub struct InputCapture(pub bool);

/// Opens a panel (replacing the one shown).
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenPanelRequest {
    pub target: PanelTarget,
    pub kind: PanelKind,
}

/// Closes the panel shown; a modal panel goes back to the booth card, the card closes.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClosePanelRequest {
    /// Close everything instead of going back to the card.
    pub all: bool,
}

/// The hand-offs a booth offers, from its media entries in manifest order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Offers<'a> {
    pub videos: Vec<&'a Media>,
    pub live: Vec<&'a Media>,
    pub negotiation: Option<&'a Media>,
}

impl<'a> Offers<'a> {
    pub fn of(media: &'a [Media]) -> Offers<'a> {
        let mut offers = Offers::default();
        for entry in media {
            match entry {
                Media::Video { .. } => offers.videos.push(entry),
                Media::Live { .. } => offers.live.push(entry),
                Media::Negotiation { .. } => {
                    offers.negotiation.get_or_insert(entry);
                }
            }
        }
        offers
    }

    /// Returns whether the booth offers `kind`. Every booth has a card.
    pub fn has(&self, kind: PanelKind) -> bool {
        match kind {
            PanelKind::Card => true,
            PanelKind::Video => !self.videos.is_empty(),
            PanelKind::Live => !self.live.is_empty(),
            PanelKind::Negotiate => self.negotiation.is_some(),
        }
    }
}

/// Returns the media a panel target shows: a booth's entries or the plaza screen's.
pub fn target_media(exhibition: &Exhibition, target: PanelTarget) -> &[Media] {
    match target {
        PanelTarget::Booth(index) => exhibition.manifest.booths.get(index).map_or(&[], |booth: &Booth| &booth.media),
        PanelTarget::PlazaScreen => &exhibition.manifest.exhibition.plaza_screen,
    }
}

fn open_panel(
    request: On<OpenPanelRequest>,
    exhibition: Option<Res<Exhibition>>,
    mut open: ResMut<OpenPanel>,
    mut status: ResMut<HallStatus>,
) {
    let Some(exhibition) = exhibition else { return };
    let OpenPanelRequest { target, kind } = *request;
    let offers = Offers::of(target_media(&exhibition, target));
    // A booth without the requested hand-off shows its card instead, so a stale link still
    // lands somewhere useful.
    let kind = if offers.has(kind) || target == PanelTarget::PlazaScreen { kind } else { PanelKind::Card };
    if let PanelTarget::Booth(index) = target {
        let id = &exhibition.manifest.booths[index].id;
        status.selected_booth = Some(id.clone());
        info!("opening the {} panel of booth {id}", kind.code());
    }
    if open.opened_nearby.map(PanelTarget::Booth) != Some(target) {
        open.opened_nearby = None;
    }
    open.shown = Some((target, kind));
}

fn close_panel(request: On<ClosePanelRequest>, mut open: ResMut<OpenPanel>) {
    let Some((target, kind)) = open.shown else { return };
    if kind.is_modal() && !request.all {
        if let PanelTarget::Booth(_) = target {
            open.shown = Some((target, PanelKind::Card));
            return;
        }
    }
    if let PanelTarget::Booth(index) = target {
        open.dismissed = Some(index);
    }
    open.shown = None;
}

/// Opens `booth=<id>&panel=...` once the hall is shown; the rig is already at the booth.
fn open_deep_link(mut commands: Commands, options: Res<LaunchOptions>, exhibition: Res<Exhibition>) {
    let Some(id) = &options.booth else { return };
    let Some(index) = exhibition.manifest.booths.iter().position(|booth| &booth.id == id) else { return };
    let kind = options.panel.unwrap_or(PanelKind::Card);
    commands.trigger(OpenPanelRequest { target: PanelTarget::Booth(index), kind });
}

/// Opens a booth's card when the visitor walks up to it and closes it when they walk away.
fn card_follows_visitor(
    mut commands: Commands,
    exhibition: Res<Exhibition>,
    mut open: ResMut<OpenPanel>,
    rigs: Query<&VisitorRig>,
) {
    let Ok(rig) = rigs.single() else { return };
    let distance_to = |index: usize| {
        exhibition.layout.slot_for_booth(index).map(|slot| slot.viewpoint.distance(rig.position))
    };

    if let Some(dismissed) = open.dismissed
        && distance_to(dismissed).is_none_or(|distance| distance > CARD_CLOSE_DISTANCE)
    {
        open.dismissed = None;
    }
    // Only a card that opened because the visitor walked up closes when they walk away; a
    // clicked booth's card stays while the visitor walks there.
    if let Some((PanelTarget::Booth(index), PanelKind::Card)) = open.shown
        && open.opened_nearby == Some(index)
        && distance_to(index).is_some_and(|distance| distance > CARD_CLOSE_DISTANCE)
    {
        open.shown = None;
        open.opened_nearby = None;
        return;
    }
    if open.shown.is_some() {
        return;
    }
    let nearest = exhibition
        .layout
        .booths
        .iter()
        .map(|slot| (slot.booth_index, slot.viewpoint.distance(rig.position)))
        .filter(|&(index, distance)| distance <= CARD_OPEN_DISTANCE && open.dismissed != Some(index))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((index, _)) = nearest {
        open.opened_nearby = Some(index);
        commands.trigger(OpenPanelRequest { target: PanelTarget::Booth(index), kind: PanelKind::Card });
    }
}

fn report_panel(
    open: Res<OpenPanel>,
    exhibition: Option<Res<Exhibition>>,
    mut capture: ResMut<InputCapture>,
    mut status: ResMut<HallStatus>,
) {
    let modal = open.kind().is_some_and(PanelKind::is_modal);
    if **capture != modal {
        **capture = modal;
    }
    let next = open.shown.map(|(target, kind)| crate::status::PanelStatus {
        kind: kind.code(),
        booth: match (target, &exhibition) {
            (PanelTarget::Booth(index), Some(exhibition)) => exhibition.manifest.booths.get(index).map(|booth| booth.id.clone()),
            _ => None,
        },
    });
    if status.panel != next {
        status.panel = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panel_codes_round_trip() {
        for kind in [PanelKind::Card, PanelKind::Video, PanelKind::Live, PanelKind::Negotiate] {
            assert_eq!(PanelKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(PanelKind::parse(" VIDEO "), Some(PanelKind::Video));
        assert_eq!(PanelKind::parse("shop"), None);
        assert!(!PanelKind::Card.is_modal());
        assert!(PanelKind::Negotiate.is_modal());
    }

    #[test]
    fn offers_follow_media_order() {
        let media: Vec<Media> = serde_json::from_value(serde_json::json!([
            {"kind": "video", "url": "a.mp4"},
            {"kind": "negotiation", "topics": [{"zh": "合作"}]},
            {"kind": "video", "url": "b.m3u8"},
            {"kind": "live", "url": "c.flv", "starts_at": "2022-05-21T09:30:00+08:00", "ends_at": "2022-05-21T10:30:00+08:00"}
        ]))
        .unwrap();
        let offers = Offers::of(&media);
        assert_eq!(offers.videos.len(), 2);
        assert_eq!(offers.live.len(), 1);
        assert!(offers.has(PanelKind::Negotiate));
        assert!(Offers::of(&[]).has(PanelKind::Card));
        assert!(!Offers::of(&[]).has(PanelKind::Video));
    }
}
