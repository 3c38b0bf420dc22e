//! expo-hall: a walkable 3D exhibition hall built from a JSON manifest, for the browser and native.

pub mod booth;
pub mod directory;
pub mod exhibition;
pub mod hall;
pub mod layout;
pub mod navigation;
pub mod net;
pub mod panels;
pub mod quality;
pub mod signs;
pub mod status;
pub mod tour;
#[cfg(target_arch = "wasm32")]
mod web;
pub mod xr;

use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::window::WindowResolution;

/// Phases of the app.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AppState {
    /// Fetching and validating the manifest.
    #[default]
    Loading,
    /// The hall is shown and the visitor walks; models keep streaming in.
    Touring,
    /// The manifest could not be used; its problems are shown instead of the hall.
    Failed,
}

/// Ordering of the per-frame work, configured once here.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum FrameSet {
    /// Reads keyboard, mouse, touch and browser input into intentions.
    Input,
    /// Moves the visitor and resolves collisions.
    Movement,
    /// Publishes status to the page and the log.
    Report,
}

/// Runs the app with a window (the browser canvas on the web). A browser without WebGL2 gets
/// the booth directory and the booth panels without the 3D hall.
pub fn run() {
    #[cfg(target_arch = "wasm32")]
    if !web::webgl2_available() {
        run_directory_only();
        return;
    }
    let mut app = App::new();
    booth::register_model_source(&mut app);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    // Replaced by the exhibition's title once the manifest is loaded.
                    title: "expo-hall".into(),
                    canvas: Some("#hall-canvas".into()),
                    fit_canvas_to_parent: true,
                    // The page's own interface needs keyboard and touch events too.
                    prevent_default_event_handling: false,
                    resolution: WindowResolution::new(1280, 720),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                // The hall fetches its own files; no `.meta` requests that would 404 on the web.
                meta_check: AssetMetaCheck::Never,
                ..default()
            }),
    );
    app.add_plugins(plugin);
    app.run();
}

/// Runs the manifest loading, booth directory and panels without rendering.
#[cfg(target_arch = "wasm32")]
fn run_directory_only() {
    let mut app = App::new();
    app.add_plugins((
        // Nothing is drawn, so a few updates a second keep forms, playback state and the
        // outbox current.
        MinimalPlugins.set(bevy::app::ScheduleRunnerPlugin::run_loop(std::time::Duration::from_millis(50))),
        bevy::log::LogPlugin::default(),
        bevy::state::app::StatesPlugin,
        bevy::input::InputPlugin,
    ));
    app.init_state::<AppState>();
    app.configure_sets(Update, (FrameSet::Input, FrameSet::Movement, FrameSet::Report).chain());
    app.add_plugins((status::plugin, exhibition::plugin, panels::plugin, web::directory_only_plugin));
    app.run();
}

/// Everything the hall needs on top of Bevy's default plugins.
pub fn plugin(app: &mut App) {
    app.init_state::<AppState>();
    app.configure_sets(Update, (FrameSet::Input, FrameSet::Movement, FrameSet::Report).chain());
    app.add_plugins((
        status::plugin,
        exhibition::plugin,
        scene_plugin,
        booth::model_plugin,
        navigation::plugin,
        panels::plugin,
        tour::plugin,
        quality::plugin,
        xr::plugin,
    ));
    #[cfg(target_arch = "wasm32")]
    app.add_plugins(web::plugin);
}

/// Spawning the hall and booths from the loaded exhibition, without any I/O or input.
/// Headless tests add this on its own.
pub fn scene_plugin(app: &mut App) {
    app.add_plugins((signs::plugin, hall::plugin, booth::stand_plugin));
}
