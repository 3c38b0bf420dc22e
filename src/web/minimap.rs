//! The minimap: a top-down plan of the plaza, pavilions and booths with the visitor's position
//! and heading, drawn into `#minimap` with Canvas 2D. Clicking a place walks there.

use std::cell::RefCell;

use bevy::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::panels::dom;
use crate::exhibition::{Exhibition, LaunchOptions, Mode};
use crate::layout::{HallLayout, Rect2};
use crate::navigation::{VisitorRig, WalkToRequest};
use crate::tour::{Tour, TourCommand, TourState};
use crate::{AppState, FrameSet};

/// How far from a clicked point a walkable spot may be, in metres.
const SNAP_DISTANCE: f32 = 3.0;
/// Movement, in metres, or turn, in radians, after which the map is redrawn.
const REDRAW_DISTANCE: f32 = 0.15;
const REDRAW_TURN: f32 = 0.05;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(AppState::Touring), show_minimap);
    app.add_systems(
        Update,
        (walk_to_click.in_set(FrameSet::Input), draw.in_set(FrameSet::Report)).run_if(in_state(AppState::Touring)),
    );
}

thread_local! {
    /// Map transform of the last drawing: world minimum corner and canvas pixels per metre.
    static MAPPING: RefCell<Option<Mapping>> = const { RefCell::new(None) };
    /// Clicked map points in world floor coordinates.
    static CLICKS: RefCell<Vec<Vec2>> = const { RefCell::new(Vec::new()) };
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Mapping {
    origin: Vec2,
    scale: f32,
    offset: Vec2,
    /// Canvas pixels per CSS pixel.
    ratio: f32,
}

impl Mapping {
    fn fit(layout: &HallLayout, side: f32, ratio: f32) -> Mapping {
        let (min, max) = layout.hall.bounds();
        let size = max - min;
        let margin = side * 0.04;
        let scale = (side - 2.0 * margin) / size.x.max(size.y).max(1.0);
        let offset = Vec2::splat(margin) + (Vec2::splat(side - 2.0 * margin) - size * scale) * 0.5;
        Mapping { origin: min, scale, offset, ratio }
    }

    fn to_map(self, point: Vec2) -> (f64, f64) {
        let p = self.offset + (point - self.origin) * self.scale;
        (p.x as f64, p.y as f64)
    }

    fn to_world(self, css_x: f32, css_y: f32) -> Vec2 {
        let canvas = Vec2::new(css_x, css_y) * self.ratio;
        self.origin + (canvas - self.offset) / self.scale
    }
}

fn canvas() -> Option<HtmlCanvasElement> {
    dom::by_id("minimap")?.dyn_into().ok()
}

fn show_minimap(options: Res<LaunchOptions>) {
    let Some(canvas) = canvas() else { return };
    let _ = canvas.class_list().remove_1("hidden");
    if options.mode == Mode::Kiosk {
        return;
    }
    let target = canvas.clone();
    let closure = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
        let Some(mapping) = MAPPING.with(|mapping| *mapping.borrow()) else { return };
        let rect = target.get_bounding_client_rect();
        let x = event.client_x() as f32 - rect.left() as f32;
        let y = event.client_y() as f32 - rect.top() as f32;
        CLICKS.with(|clicks| clicks.borrow_mut().push(mapping.to_world(x, y)));
    });
    let _ = canvas.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref());
    // The map lives as long as the page.
    closure.forget();
}

fn walk_to_click(mut commands: Commands, exhibition: Res<Exhibition>, tour: Res<Tour>) {
    let Some(point) = CLICKS.with(|clicks| clicks.borrow_mut().drain(..).last()) else { return };
    let Some(spot) = exhibition.walk_grid.nearest_walkable(point, SNAP_DISTANCE) else {
        debug!("minimap click at {point} is not near walkable floor");
        return;
    };
    if tour.state != TourState::Off {
        commands.trigger(TourCommand::Stop);
    }
    info!("minimap: walking to {spot}");
    commands.trigger(WalkToRequest { destination: spot, final_yaw: None, instant: false });
}

/// Redraws the map when the visitor has moved or turned, or the canvas changed size.
fn draw(exhibition: Res<Exhibition>, rigs: Query<&VisitorRig>, mut drawn: Local<Option<(Vec2, f32, u32)>>) {
    let Ok(rig) = rigs.single() else { return };
    let Some(canvas) = canvas() else { return };
    let ratio = web_sys::window().map_or(1.0, |window| window.device_pixel_ratio()) as f32;
    let side = (canvas.client_width().max(1) as f32 * ratio).round() as u32;
    if let Some((position, yaw, size)) = *drawn
        && size == side
        && position.distance(rig.position) < REDRAW_DISTANCE
        && (yaw - rig.yaw).abs() < REDRAW_TURN
    {
        return;
    }
    *drawn = Some((rig.position, rig.yaw, side));
    if canvas.width() != side {
        canvas.set_width(side);
        canvas.set_height(side);
    }
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|context| context.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let mapping = Mapping::fit(&exhibition.layout, side as f32, ratio);
    MAPPING.with(|cell| *cell.borrow_mut() = Some(mapping));
    paint(&context, &exhibition, mapping, side as f64, rig);
}

fn fill_rect(context: &CanvasRenderingContext2d, mapping: Mapping, rect: &Rect2) {
    let corners = rect.corners();
    context.begin_path();
    let (x, y) = mapping.to_map(corners[0]);
    context.move_to(x, y);
    for corner in &corners[1..] {
        let (x, y) = mapping.to_map(*corner);
        context.line_to(x, y);
    }
    context.close_path();
    context.fill();
}

fn paint(context: &CanvasRenderingContext2d, exhibition: &Exhibition, mapping: Mapping, side: f64, rig: &VisitorRig) {
    let layout = &exhibition.layout;
    context.clear_rect(0.0, 0.0, side, side);
    context.set_fill_style_str("rgba(250, 249, 246, 0.9)");
    context.fill_rect(0.0, 0.0, side, side);
    context.set_fill_style_str("#dfe5ec");
    fill_rect(context, mapping, &layout.hall);

    if let Some(plaza) = &layout.plaza {
        let (x, y) = mapping.to_map(Vec2::ZERO);
        context.set_fill_style_str("#f3e3c3");
        context.begin_path();
        let _ = context.arc(x, y, (plaza.radius * mapping.scale) as f64, 0.0, std::f64::consts::TAU);
        context.fill();
    }
    for pavilion in &layout.pavilions {
        let color = &exhibition.manifest.zones[pavilion.zone_index].color;
        context.set_global_alpha(0.35);
        context.set_fill_style_str(color);
        fill_rect(context, mapping, &pavilion.rect);
        context.set_global_alpha(1.0);
        context.set_fill_style_str("#5b6472");
        for wall in &pavilion.walls {
            fill_rect(context, mapping, wall);
        }
    }
    context.set_fill_style_str("#8a93a3");
    for slot in &layout.booths {
        fill_rect(context, mapping, &slot.footprint);
    }

    // The visitor: a red arrow pointing where they look.
    let forward = rig.forward();
    let right = Vec2::new(-forward.y, forward.x);
    let size = (side as f32 * 0.035).max(6.0) / mapping.scale;
    let tip = rig.position + forward * size;
    let left = rig.position - forward * size * 0.6 - right * size * 0.6;
    let back_right = rig.position - forward * size * 0.6 + right * size * 0.6;
    context.set_fill_style_str("#c8102e");
    context.begin_path();
    for (i, point) in [tip, left, back_right].into_iter().enumerate() {
        let (x, y) = mapping.to_map(point);
        if i == 0 {
            context.move_to(x, y);
        } else {
            context.line_to(x, y);
        }
    }
    context.close_path();
    context.fill();
}
