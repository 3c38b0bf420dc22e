//! The hall's observable state: loading progress, counts, errors, camera and zone.
//!
//! Systems write [`HallStatus`]; the web module mirrors it into `window.__EXPO_HALL__` and the
//! page's overlays each frame, and native builds log changes.

use bevy::prelude::*;
use expo_manifest::Lang;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<HallStatus>();
    app.init_resource::<UiLanguage>();
    app.add_systems(Update, log_new_errors.in_set(crate::FrameSet::Report));
}

/// The interface language; the web module keeps `<html lang>` and the URL in step with it.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default, Deref, DerefMut)]
pub struct UiLanguage(pub Lang);

/// Loading stage shown on the loading screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    #[default]
    Manifest,
    Hall,
    Models,
    Done,
    Failed,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Stage::Manifest => "manifest",
            Stage::Hall => "hall",
            Stage::Models => "models",
            Stage::Done => "done",
            Stage::Failed => "failed",
        }
    }
}

/// One problem shown to the visitor and listed in the status object.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusError {
    /// Stable short code, such as `manifest-invalid` or `model-not-found`.
    pub code: String,
    /// The booth concerned, if any.
    pub booth: Option<String>,
    /// The file or URL concerned.
    pub url: String,
    pub message_zh: String,
    pub message_en: String,
}

impl StatusError {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message_zh,
            Lang::En => &self.message_en,
        }
    }
}

/// Camera pose for the status object: floor position in metres and yaw in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CameraPose {
    pub position: Vec3,
    pub yaw_degrees: f32,
    pub pitch_degrees: f32,
}

/// The open panel for the status object: `card`, `video`, `live` or `negotiate`, and its booth
/// (none for the plaza screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelStatus {
    pub kind: &'static str,
    pub booth: Option<String>,
}

/// The guided tour for the status object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TourStatus {
    /// `off`, `running` or `paused`.
    pub state: &'static str,
    /// Index of the stop walked to or shown.
    pub stop: Option<usize>,
    pub stops: usize,
    /// True while the tour is at its stop, running or paused there.
    pub at_stop: bool,
    /// Booth of the current stop; none for a zone overview.
    pub booth: Option<String>,
    /// Zone of the current stop.
    pub zone: Option<String>,
}

impl Default for TourStatus {
    fn default() -> Self {
        TourStatus { state: "off", stop: None, stops: 0, at_stop: false, booth: None, zone: None }
    }
}

/// Immersive VR for the status object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct XrStatus {
    /// True when the browser offers immersive-vr sessions.
    pub supported: bool,
    /// True while an immersive session runs.
    pub immersive: bool,
    /// Views drawn in the latest XR frame.
    pub views: usize,
    /// XR frames received since the page loaded.
    pub frames: u64,
    /// Floor position of the reference space's origin, in metres, and its turn in degrees.
    pub rig_origin: Vec2,
    pub rig_yaw_degrees: f32,
    /// The headset's position in the hall, in metres.
    pub head: Option<Vec3>,
    /// Target of the controller's pointer.
    pub target: Option<XrTargetStatus>,
    /// Booth whose in-world panel is open.
    pub panel: Option<String>,
    /// Link to that booth's negotiation form, shown as a QR code on the panel.
    pub negotiation_link: Option<String>,
}

/// Target of a VR controller's pointer.
#[derive(Debug, Clone, PartialEq)]
pub struct XrTargetStatus {
    /// `left`, `right` or `none`.
    pub hand: &'static str,
    /// `panel`, `booth`, `floor` (a teleport would land), `not-walkable`, `blocked` or `nothing`.
    pub kind: &'static str,
    pub booth: Option<String>,
    /// End point of the ray or arc, in metres.
    pub point: Option<Vec3>,
}

#[derive(Resource, Debug, Clone, Default)]
pub struct HallStatus {
    /// True once the hall shell (floor, walls, booth plinths and backdrops) is shown.
    pub ready: bool,
    pub stage: Stage,
    /// URL (web) or path (native) of the manifest.
    pub manifest_url: String,
    pub exhibition_title: Option<expo_manifest::Text>,
    pub zones: usize,
    pub booths: usize,
    pub models_total: usize,
    pub models_loaded: usize,
    pub models_failed: usize,
    /// Number of booth models in the camera's view (inside its frustum and within the show distance).
    pub models_in_view: usize,
    /// Number of the models in view that have settled, either shown or replaced by the error placeholder.
    pub models_in_view_settled: usize,
    pub errors: Vec<StatusError>,
    /// Warnings that do not stop the hall (for example sample content), in both languages.
    pub warnings: Vec<StatusError>,
    pub camera: CameraPose,
    /// Id of the zone that contains the visitor.
    pub zone: Option<String>,
    /// Booth the visitor clicked or opened by link: the one they walk to or view.
    pub selected_booth: Option<String>,
    /// Whether the controls help is shown.
    pub help_visible: bool,
    /// True while the manifest marks its exhibit descriptions as sample text.
    pub sample_content: bool,
    /// The booth card or hand-off panel shown, if any.
    pub panel: Option<PanelStatus>,
    pub tour: TourStatus,
    /// The booth or zone shown now, which shared links and the big screen's QR code open.
    pub share: Option<crate::tour::share::ShareTarget>,
    pub xr: XrStatus,
    logged_errors: usize,
}

impl HallStatus {
    /// Loading progress from 0 to 1: the manifest is the first tenth, the hall shell the next
    /// two tenths, and models the rest.
    pub fn progress(&self) -> f32 {
        match self.stage {
            Stage::Manifest => 0.05,
            Stage::Hall => 0.2,
            Stage::Models | Stage::Done => {
                if self.models_total == 0 {
                    1.0
                } else {
                    let settled = (self.models_loaded + self.models_failed) as f32;
                    0.3 + 0.7 * settled / self.models_total as f32
                }
            }
            Stage::Failed => 1.0,
        }
    }

    pub fn push_error(&mut self, error: StatusError) {
        self.errors.push(error);
    }
}

fn log_new_errors(mut status: ResMut<HallStatus>) {
    if status.logged_errors == status.errors.len() {
        return;
    }
    for error in &status.errors[status.logged_errors..] {
        match &error.booth {
            Some(booth) => error!("{} (booth {booth}, {}): {}", error.code, error.url, error.message_en),
            None => error!("{} ({}): {}", error.code, error.url, error.message_en),
        }
    }
    status.logged_errors = status.errors.len();
}
