//! Loading the exhibition: launch options, fetching and validating the manifest, laying out the hall.

use bevy::prelude::*;
use expo_manifest::{Lang, Manifest, Severity};

use crate::layout::{HallLayout, LayoutIssue, WalkGrid, VISITOR_RADIUS};
use crate::net::{self, FetchError, Inbox};
use crate::status::{HallStatus, Stage, StatusError, UiLanguage};
use crate::AppState;

/// Manifest used when no `manifest=` parameter is given.
pub const DEFAULT_MANIFEST: &str = "scenes/guangxi-2022/manifest.json";

pub(super) fn plugin(app: &mut App) {
    if !app.world().contains_resource::<LaunchOptions>() {
        app.insert_resource(LaunchOptions::from_environment());
    }
    app.init_resource::<ManifestInbox>();
    app.add_systems(Startup, (apply_language, start_manifest_fetch).chain());
    app.add_systems(Update, receive_manifest.run_if(in_state(AppState::Loading)));
}

/// Launch options from the URL (web) or the command line (native).
#[derive(Resource, Debug, Clone, PartialEq, Default)]
pub struct LaunchOptions {
    pub manifest_url: String,
    /// Language forced by `lang=`; otherwise the manifest's default language is used.
    pub lang: Option<Lang>,
    /// Booth to start in front of (`booth=<id>`).
    pub booth: Option<String>,
    /// Rendering quality to start with (`quality=low|medium|high`, default high).
    pub quality: Quality,
    /// True when `quality=` chose the preset, which then never changes by itself.
    pub quality_forced: bool,
    /// Panel to open at the `booth=` booth (`panel=card|video|live|negotiate`).
    pub panel: Option<crate::panels::PanelKind>,
    /// Zone to start in (`zone=<id>`), at the zone's overview point; `booth=` wins over it.
    pub zone: Option<String>,
    /// Visitor page or big screen (`mode=kiosk`).
    pub mode: Mode,
    /// Seconds without operator input before the big-screen tour resumes (`idle=`), overriding
    /// the manifest's `tour.idle_seconds`.
    pub idle_seconds: Option<u32>,
}

/// Display mode of the hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// A visitor's browser: walking, panels, the guided tour on request.
    #[default]
    Visitor,
    /// The big screen at the venue: large type, the guided tour runs by itself and resumes
    /// after the operator stops driving, a QR code links phones to what is shown.
    Kiosk,
}

impl Mode {
    pub fn code(self) -> &'static str {
        match self {
            Mode::Visitor => "visitor",
            Mode::Kiosk => "kiosk",
        }
    }
}

/// Rendering quality preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Quality {
    /// No shadows, no anti-aliasing, 60 % resolution: for slow phones and software rendering.
    Low,
    /// Shadows without anti-aliasing, 80 % resolution.
    Medium,
    /// Shadows and 4x multisample anti-aliasing at full resolution.
    #[default]
    High,
}

impl Quality {
    pub fn parse(value: &str) -> Option<Quality> {
        match value.trim().to_ascii_lowercase().as_str() {
            "low" => Some(Quality::Low),
            "medium" => Some(Quality::Medium),
            "high" => Some(Quality::High),
            _ => None,
        }
    }

    pub fn shadows(self) -> bool {
        self != Quality::Low
    }

    /// Returns the render resolution as a fraction of the device's pixels on each axis; the
    /// browser stretches the smaller canvas image to the page.
    pub fn resolution_scale(self) -> f32 {
        match self {
            Quality::Low => 0.6,
            Quality::Medium => 0.8,
            Quality::High => 1.0,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Quality::Low => "low",
            Quality::Medium => "medium",
            Quality::High => "high",
        }
    }
}

impl LaunchOptions {
    /// Builds options from key-value pairs such as URL query parameters or `--key value` flags.
    /// Unknown keys are ignored so later features can add their own.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> LaunchOptions {
        let mut options = LaunchOptions { manifest_url: DEFAULT_MANIFEST.to_owned(), ..default() };
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "manifest" if !value.is_empty() => options.manifest_url = value.to_owned(),
                "lang" => options.lang = Lang::parse(value),
                "booth" if !value.is_empty() => options.booth = Some(value.to_owned()),
                "quality" => {
                    options.quality = Quality::parse(value).unwrap_or_default();
                    options.quality_forced = Quality::parse(value).is_some();
                }
                "panel" => options.panel = crate::panels::PanelKind::parse(value),
                "zone" if !value.is_empty() => options.zone = Some(value.to_owned()),
                "mode" => options.mode = if value.eq_ignore_ascii_case("kiosk") { Mode::Kiosk } else { Mode::Visitor },
                // Out-of-range values are clamped to the manifest's allowed range.
                "idle" => {
                    options.idle_seconds = value.parse::<u32>().ok().map(|seconds| {
                        seconds.clamp(*expo_manifest::TourSettings::IDLE_RANGE.start(), *expo_manifest::TourSettings::IDLE_RANGE.end())
                    })
                }
                _ => {}
            }
        }
        options
    }

    fn from_environment() -> LaunchOptions {
        #[cfg(target_arch = "wasm32")]
        {
            let pairs = crate::web::query_pairs();
            LaunchOptions::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            // `expo-hall [MANIFEST] [--lang zh|en] [--booth ID]`
            let args: Vec<String> = std::env::args().skip(1).collect();
            let mut pairs = Vec::new();
            let mut i = 0;
            while i < args.len() {
                if let Some(key) = args[i].strip_prefix("--") {
                    pairs.push((key.to_owned(), args.get(i + 1).cloned().unwrap_or_default()));
                    i += 2;
                } else {
                    pairs.push(("manifest".to_owned(), args[i].clone()));
                    i += 1;
                }
            }
            LaunchOptions::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        }
    }
}

/// The loaded, valid exhibition and its computed layout.
#[derive(Resource, Debug, Clone)]
pub struct Exhibition {
    pub manifest: Manifest,
    pub layout: HallLayout,
    pub walk_grid: WalkGrid,
    /// URL or path the manifest came from; booth files resolve against it.
    pub url: String,
}

impl Exhibition {
    pub fn new(manifest: Manifest, url: String) -> Exhibition {
        let layout = HallLayout::build(&manifest);
        let walk_grid = WalkGrid::build(&layout, VISITOR_RADIUS);
        Exhibition { manifest, layout, walk_grid, url }
    }
}

#[derive(Resource, Default, Deref)]
struct ManifestInbox(Inbox<Result<Vec<u8>, FetchError>>);

fn apply_language(options: Res<LaunchOptions>, mut language: ResMut<UiLanguage>) {
    if let Some(lang) = options.lang {
        **language = lang;
    }
}

fn start_manifest_fetch(
    options: Res<LaunchOptions>,
    inbox: Res<ManifestInbox>,
    mut status: ResMut<HallStatus>,
    mut next_state: ResMut<NextState<AppState>>,
) {
    let url = options.manifest_url.clone();
    status.manifest_url = url.clone();
    status.stage = Stage::Manifest;
    // `data:`, `javascript:` and other schemes would let a link show any content under this
    // site's address, so only http(s) and relative URLs are fetched.
    if let Some(scheme) = net::other_scheme(&url) {
        status.push_error(StatusError {
            code: "manifest-bad-url".to_owned(),
            booth: None,
            url: url.clone(),
            message_zh: format!("展览清单地址 {url} 使用了不允许的协议“{scheme}:”。请使用 http://、https:// 或相对地址。"),
            message_en: format!("The manifest URL {url} uses the scheme \"{scheme}:\", which is not allowed. Use http://, https:// or a relative URL."),
        });
        status.stage = Stage::Failed;
        next_state.set(AppState::Failed);
        return;
    }
    info!("loading manifest {url}");
    net::fetch_into(url, inbox.0.clone(), |result| result);
}

fn receive_manifest(
    mut commands: Commands,
    inbox: Res<ManifestInbox>,
    options: Res<LaunchOptions>,
    mut language: ResMut<UiLanguage>,
    mut status: ResMut<HallStatus>,
    mut next_state: ResMut<NextState<AppState>>,
) {
    let Some(result) = net::drain(&inbox).pop() else { return };
    let url = options.manifest_url.clone();

    let bytes = match result {
        Ok(bytes) => bytes,
        Err(error) => {
            status.push_error(StatusError {
                code: format!("manifest-{}", error.code()),
                booth: None,
                url: url.clone(),
                message_zh: format!("无法加载展览清单 {url}：{}", error.message_zh()),
                message_en: format!("Could not load the exhibition manifest {url}: {}", error.message_en()),
            });
            status.stage = Stage::Failed;
            next_state.set(AppState::Failed);
            return;
        }
    };

    match load_exhibition(&bytes, &url) {
        Ok((exhibition, warnings)) => {
            info!(
                "manifest {url} loaded: {} zones, {} booths",
                exhibition.manifest.zones.len(),
                exhibition.manifest.booths.len()
            );
            if options.lang.is_none() {
                **language = exhibition.manifest.exhibition.default_language;
            }
            status.exhibition_title = Some(exhibition.manifest.exhibition.title.clone());
            status.zones = exhibition.manifest.zones.len();
            status.sample_content = exhibition.manifest.exhibition.sample_content;
            status.booths = exhibition.manifest.booths.len();
            status.warnings.extend(warnings.iter().cloned());
            for warning in &warnings {
                warn!("{url}: {}", warning.message_en);
            }
            status.stage = Stage::Hall;
            commands.insert_resource(exhibition);
            next_state.set(AppState::Touring);
        }
        Err(errors) => {
            error!("manifest {url} is invalid: {} problems", errors.len());
            status.errors.extend(errors);
            status.stage = Stage::Failed;
            next_state.set(AppState::Failed);
        }
    }
}

/// Validates manifest bytes and lays out the hall. Returns the warnings with the exhibition, or
/// every problem (errors and warnings) when the manifest cannot be used.
pub fn load_exhibition(bytes: &[u8], url: &str) -> Result<(Exhibition, Vec<StatusError>), Vec<StatusError>> {
    let report = expo_manifest::parse(bytes);
    let to_status = |problem: &expo_manifest::Problem| StatusError {
        code: match problem.severity {
            Severity::Error => "manifest-invalid".to_owned(),
            Severity::Warning => "manifest-warning".to_owned(),
        },
        booth: None,
        url: format!("{url} {}", problem.path),
        message_zh: format!("{url}：{}：{}", problem.path, problem.message(Lang::Zh)),
        message_en: format!("{url}: {}: {}", problem.path, problem.message(Lang::En)),
    };
    let Some(manifest) = report.manifest.clone().filter(|_| !report.has_errors()) else {
        return Err(report.problems.iter().map(to_status).collect());
    };
    let mut warnings: Vec<StatusError> = report.problems.iter().map(to_status).collect();

    let exhibition = Exhibition::new(manifest, url.to_owned());
    for issue in &exhibition.layout.issues {
        let (booth, zh, en) = match issue {
            LayoutIssue::OutsideZone { booth } => (
                booth,
                "固定位置超出所在展区，请调整 position".to_owned(),
                "its fixed position lies outside its zone; adjust `position`".to_owned(),
            ),
            LayoutIssue::Overlap { booth, other } => (
                booth,
                format!("固定位置与展位 {other} 重叠，请调整 position"),
                format!("its fixed position overlaps booth {other}; adjust `position`"),
            ),
            LayoutIssue::NoSlot { booth } => (
                booth,
                "没有可放置的位置（所在展区不是展馆），已跳过".to_owned(),
                "it has no place in the hall (its zone is not a pavilion) and is skipped".to_owned(),
            ),
        };
        warnings.push(StatusError {
            code: "layout".to_owned(),
            booth: Some(booth.clone()),
            url: url.to_owned(),
            message_zh: format!("{url}：展位 {booth}：{zh}"),
            message_en: format!("{url}: booth {booth}: {en}"),
        });
    }
    Ok((exhibition, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launch_options_from_query() {
        let options = LaunchOptions::from_pairs([
            ("manifest", "x/m.json"),
            ("lang", "en"),
            ("booth", "nanning"),
            ("quality", "low"),
            ("panel", "negotiate"),
        ]);
        assert_eq!(options.panel, Some(crate::panels::PanelKind::Negotiate));
        assert_eq!(options.quality, Quality::Low);
        assert!(options.quality_forced);
        assert_eq!(options.manifest_url, "x/m.json");
        assert_eq!(options.lang, Some(Lang::En));
        assert_eq!(options.booth.as_deref(), Some("nanning"));
    }

    #[test]
    fn page_preloads_default_manifest() {
        let page = include_str!("../web/index.html");
        let preload = format!(r#"<link rel="preload" href="{DEFAULT_MANIFEST}" as="fetch" crossorigin="anonymous">"#);
        assert!(page.contains(&preload), "web/index.html does not preload {DEFAULT_MANIFEST}");
    }

    #[test]
    fn launch_options_defaults() {
        let options = LaunchOptions::from_pairs([("lang", "fr"), ("manifest", " "), ("quality", "ultra")]);
        assert_eq!(options.quality, Quality::High);
        assert!(!options.quality_forced, "an unknown preset leaves the choice automatic");
        assert_eq!(options.manifest_url, DEFAULT_MANIFEST);
        assert_eq!(options.lang, None);
        assert_eq!(options.mode, Mode::Visitor);
        assert_eq!(options.idle_seconds, None);
        assert_eq!(options.zone, None);
    }

    #[test]
    fn kiosk_options() {
        let options = LaunchOptions::from_pairs([("mode", "KIOSK"), ("idle", "30"), ("zone", "regional")]);
        assert_eq!(options.mode, Mode::Kiosk);
        assert_eq!(options.idle_seconds, Some(30));
        assert_eq!(options.zone.as_deref(), Some("regional"));
        assert_eq!(LaunchOptions::from_pairs([("idle", "1")]).idle_seconds, Some(10));
        assert_eq!(LaunchOptions::from_pairs([("idle", "99999")]).idle_seconds, Some(3600));
        assert_eq!(LaunchOptions::from_pairs([("idle", "soon")]).idle_seconds, None);
        assert_eq!(LaunchOptions::from_pairs([("mode", "wall")]).mode, Mode::Visitor);
    }

    #[test]
    fn invalid_manifest_lists_problems_with_url() {
        let errors = load_exhibition(b"{\"format\": 1,", "bad.json").unwrap_err();
        assert!(!errors.is_empty());
        assert!(errors[0].message_en.starts_with("bad.json: "), "{}", errors[0].message_en);
        assert_eq!(errors[0].code, "manifest-invalid");
    }
}
