//! Rendering quality: shadows, anti-aliasing and render resolution by preset. Unless
//! `quality=` forces a preset, the hall starts high and steps down while the median frame time
//! stays above 40 ms.

use bevy::prelude::*;

use crate::exhibition::{LaunchOptions, Quality};
use crate::{AppState, FrameSet};

/// Frames measured before each decision, at most.
const WINDOW: usize = 90;
/// Seconds of frames after which a window ends early, once it has `MIN_WINDOW` frames, so a
/// device that draws a frame a second decides in seconds, not minutes.
const WINDOW_SECONDS: f32 = 6.0;
/// Frames measured before each decision, at least.
const MIN_WINDOW: usize = 9;
/// Median frame time above which the preset steps down, in seconds (below 25 frames a second).
const SLOW_FRAME: f32 = 0.040;
/// Seconds ignored after the hall appears and after each change, while pipelines compile.
const WARMUP: f32 = 3.0;
/// A frame longer than this, in seconds, after a shorter one is a pause (a hidden tab, a blocked
/// main thread), not rendering cost, and is not counted. Long frames in a row are counted,
/// because then the device is that slow.
const PAUSE: f32 = 1.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<RenderQuality>();
    app.add_systems(
        Update,
        (measure_frames, apply_quality).chain().in_set(FrameSet::Report).run_if(in_state(AppState::Touring)),
    );
}

/// The preset in use and whether the visitor forced it.
#[derive(Resource, Debug, Clone)]
pub struct RenderQuality {
    pub current: Quality,
    pub forced: bool,
    monitor: FrameMonitor,
}

impl FromWorld for RenderQuality {
    fn from_world(world: &mut World) -> Self {
        let options = world.get_resource::<LaunchOptions>().cloned().unwrap_or_default();
        RenderQuality { current: options.quality, forced: options.quality_forced, monitor: FrameMonitor::default() }
    }
}

/// Frame times of the current measuring window.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameMonitor {
    samples: Vec<f32>,
    warmup_left: f32,
    /// Whether the previous frame was longer than `PAUSE`.
    after_long_frame: bool,
}

impl Default for FrameMonitor {
    fn default() -> Self {
        FrameMonitor { samples: Vec::with_capacity(WINDOW), warmup_left: WARMUP, after_long_frame: false }
    }
}

impl FrameMonitor {
    /// Adds one frame's duration in seconds. Returns the window's median once it is full, and
    /// starts a new window.
    pub fn push(&mut self, seconds: f32) -> Option<f32> {
        if !(seconds.is_finite() && seconds > 0.0) {
            return None;
        }
        let long = seconds > PAUSE;
        let pause = long && !self.after_long_frame;
        self.after_long_frame = long;
        if self.warmup_left > 0.0 {
            self.warmup_left -= seconds.min(PAUSE);
            return None;
        }
        if pause {
            return None;
        }
        self.samples.push(seconds);
        let measured: f32 = self.samples.iter().sum();
        if self.samples.len() < WINDOW && (self.samples.len() < MIN_WINDOW || measured < WINDOW_SECONDS) {
            return None;
        }
        self.samples.sort_by(f32::total_cmp);
        let median = self.samples[self.samples.len() / 2];
        self.samples.clear();
        Some(median)
    }

    /// Starts over with a warm-up, after a change of preset.
    pub fn restart(&mut self) {
        *self = FrameMonitor::default();
    }
}

/// Returns the preset to switch to for a window's median frame time: one step lower when
/// frames are slow, or `None` to keep `current`.
pub fn step_down(current: Quality, median: f32) -> Option<Quality> {
    if median <= SLOW_FRAME {
        return None;
    }
    match current {
        Quality::High => Some(Quality::Medium),
        Quality::Medium => Some(Quality::Low),
        Quality::Low => None,
    }
}

fn measure_frames(time: Res<Time<Real>>, mut quality: ResMut<RenderQuality>) {
    if quality.forced || quality.current == Quality::Low {
        return;
    }
    let Some(median) = quality.monitor.push(time.delta_secs()) else { return };
    if let Some(next) = step_down(quality.current, median) {
        info!(
            "median frame time {:.0} ms is above {:.0} ms: quality {} -> {}",
            median * 1000.0,
            SLOW_FRAME * 1000.0,
            quality.current.code(),
            next.code()
        );
        quality.current = next;
        quality.monitor.restart();
    }
}

fn apply_quality(
    quality: Res<RenderQuality>,
    xr: Option<Res<State<crate::xr::XrMode>>>,
    mut cameras: Query<&mut Msaa, With<Camera3d>>,
    mut lights: Query<&mut DirectionalLight>,
) {
    if !quality.is_changed() {
        return;
    }
    // In VR the headset's layer sets the render resolution, and a scaled canvas would no longer
    // match the viewports the session gives each eye.
    let immersive = xr.is_some_and(|mode| *mode.get() == crate::xr::XrMode::Immersive);
    #[cfg(target_arch = "wasm32")]
    scale_canvas(if immersive { 1.0 } else { quality.current.resolution_scale() });
    #[cfg(not(target_arch = "wasm32"))]
    let _ = immersive;
    let msaa = if quality.current == Quality::High { Msaa::Sample4 } else { Msaa::Off };
    for mut camera_msaa in &mut cameras {
        if *camera_msaa != msaa {
            *camera_msaa = msaa;
        }
    }
    for mut light in &mut lights {
        if light.shadow_maps_enabled != quality.current.shadows() {
            light.shadow_maps_enabled = quality.current.shadows();
        }
    }
}

/// Renders the hall canvas at `scale` times the page's resolution on each axis. The canvas is
/// laid out `scale` times the viewport's size, so the window system gives it that many pixels,
/// and a CSS transform stretches it back over the viewport. Pointer events report positions in
/// the canvas's untransformed box (`offsetX`), which is what the window system expects.
#[cfg(target_arch = "wasm32")]
fn scale_canvas(scale: f32) {
    use wasm_bindgen::JsCast;

    let Some(canvas) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("hall-canvas"))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        warn!("the hall canvas was not found; the render resolution stays at full scale");
        return;
    };
    let style = canvas.style();
    let size = format!("{}%", scale * 100.0);
    let transform = if scale == 1.0 { String::new() } else { format!("scale({})", 1.0 / scale) };
    for (property, value) in [("width", size.as_str()), ("height", size.as_str()), ("transform-origin", "0 0"), ("transform", transform.as_str())] {
        if let Err(error) = style.set_property(property, value) {
            warn!("could not set the hall canvas's {property} to {value}: {error:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn median_after(monitor: &mut FrameMonitor, frame: f32) -> Option<f32> {
        let mut result = None;
        for _ in 0..10_000 {
            result = monitor.push(frame);
            if result.is_some() {
                break;
            }
        }
        result
    }

    #[test]
    fn warmup_frames_are_ignored() {
        let mut monitor = FrameMonitor::default();
        // 3 s of 62.5 ms frames are warm-up, then 90 frames (5.6 s) make a window.
        let mut pushed = 0;
        while monitor.push(0.0625).is_none() {
            pushed += 1;
        }
        assert_eq!(pushed, 48 + WINDOW - 1);
    }

    #[test]
    fn window_ends_after_six_seconds() {
        let mut monitor = FrameMonitor::default();
        // 3 s of 250 ms frames are warm-up, then 24 frames make 6 s.
        let mut pushed = 0;
        while monitor.push(0.25).is_none() {
            pushed += 1;
        }
        assert_eq!(pushed, 12 + 24 - 1);
    }

    #[test]
    fn slow_device_frames_are_counted() {
        // A device that takes 1.5 s per frame: every frame is long, so none is a pause.
        let mut monitor = FrameMonitor::default();
        let mut pushed = 0;
        let median = loop {
            pushed += 1;
            if let Some(median) = monitor.push(1.5) {
                break median;
            }
        };
        assert_eq!(median, 1.5);
        // Three warm-up frames (each counts as at most `PAUSE`), then the smallest window.
        assert_eq!(pushed, 3 + MIN_WINDOW);
    }

    #[test]
    fn median_ignores_hitches_and_pauses() {
        let mut monitor = FrameMonitor { samples: Vec::new(), warmup_left: 0.0, after_long_frame: false };
        for i in 0..WINDOW - 1 {
            // A few long frames (models appearing) and a hidden tab do not move the median.
            let frame = if i % 10 == 0 { 0.3 } else { 0.016 };
            assert_eq!(monitor.push(frame), None);
            assert_eq!(monitor.push(5.0), None, "pauses are not counted");
        }
        assert_eq!(monitor.push(0.016), Some(0.016));
    }

    #[test]
    fn slow_frames_step_down_to_low() {
        assert_eq!(step_down(Quality::High, 0.1), Some(Quality::Medium));
        assert_eq!(step_down(Quality::Medium, 0.1), Some(Quality::Low));
        assert_eq!(step_down(Quality::Low, 0.1), None);
        assert_eq!(step_down(Quality::High, 0.016), None);
        assert_eq!(step_down(Quality::High, SLOW_FRAME), None);
    }

    #[test]
    fn restart_begins_a_new_warmup() {
        let mut monitor = FrameMonitor::default();
        assert!(median_after(&mut monitor, 0.05).is_some());
        monitor.restart();
        assert_eq!(monitor.push(0.05), None);
        assert_eq!(monitor, FrameMonitor { samples: Vec::new(), warmup_left: WARMUP - 0.05, after_long_frame: false });
    }
}
