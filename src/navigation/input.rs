//! Keyboard, mouse, touch and on-screen joystick input turned into the visitor's intent.

use bevy::input::mouse::AccumulatedMouseMotion;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use crate::panels::InputCapture;
use crate::status::{HallStatus, UiLanguage};
use crate::xr::XrMode;
use crate::{AppState, FrameSet};

/// Look speed for dragging, in radians per pixel.
const LOOK_PER_PIXEL: f32 = 0.004;
/// Pointer travel, in pixels, below which a press and release counts as a click or tap.
const CLICK_SLOP: f32 = 6.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<VisitorIntent>();
    app.init_resource::<PointerGesture>();
    app.add_systems(
        Update,
        (read_keyboard, read_pointer)
            .chain()
            .in_set(FrameSet::Input)
            .in_set(ReadInput)
            .run_if(in_state(AppState::Touring))
            // In VR the controllers steer; see `crate::xr`.
            .run_if(not(in_state(XrMode::Immersive))),
    );
}

/// The systems that fill [`VisitorIntent`]; consumers run after them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReadInput;

/// The visitor's movement, look and click requests for this frame.
#[derive(Resource, Debug, Default, Clone)]
pub struct VisitorIntent {
    /// Forward (+1) or back (-1).
    pub forward: f32,
    /// Right (+1) or left (-1).
    pub strafe: f32,
    /// Turn left (+1) or right (-1), at the keyboard turn speed.
    pub turn: f32,
    pub run: bool,
    /// Look change this frame, in radians: yaw (x) and pitch (y).
    pub look: Vec2,
    /// A click or tap this frame, in window pixels.
    pub click: Option<Vec2>,
    /// True when the visitor steers by hand this frame, which cancels a walk to a target.
    pub steering: bool,
}

/// Tracks a mouse press or a single touch to tell drags from clicks.
#[derive(Resource, Debug, Default)]
struct PointerGesture {
    start: Option<Vec2>,
    last: Option<Vec2>,
    dragging: bool,
}

fn read_keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    capture: Res<InputCapture>,
    mut intent: ResMut<VisitorIntent>,
    mut status: ResMut<HallStatus>,
    mut language: ResMut<UiLanguage>,
) {
    // Keys typed into a panel (a form, the player's controls) must not walk or toggle anything.
    if **capture {
        *intent = VisitorIntent::default();
        return;
    }
    let axis = |positive: &[KeyCode], negative: &[KeyCode]| -> f32 {
        let pressed = |codes: &[KeyCode]| codes.iter().any(|code| keys.pressed(*code));
        (pressed(positive) as i32 - pressed(negative) as i32) as f32
    };
    *intent = VisitorIntent {
        forward: axis(&[KeyCode::KeyW, KeyCode::ArrowUp], &[KeyCode::KeyS, KeyCode::ArrowDown]),
        strafe: axis(&[KeyCode::KeyD], &[KeyCode::KeyA]),
        turn: axis(&[KeyCode::ArrowLeft], &[KeyCode::ArrowRight]),
        run: keys.pressed(KeyCode::ShiftLeft) || keys.pressed(KeyCode::ShiftRight),
        ..default()
    };

    #[cfg(target_arch = "wasm32")]
    {
        let stick = crate::web::joystick();
        intent.forward = (intent.forward + stick.y).clamp(-1.0, 1.0);
        intent.strafe = (intent.strafe + stick.x).clamp(-1.0, 1.0);
    }
    intent.steering = intent.forward != 0.0 || intent.strafe != 0.0 || intent.turn != 0.0;

    if keys.just_pressed(KeyCode::KeyH) || keys.just_pressed(KeyCode::F1) {
        status.help_visible = !status.help_visible;
    }
    if keys.just_pressed(KeyCode::KeyL) {
        **language = match **language {
            expo_manifest::Lang::Zh => expo_manifest::Lang::En,
            expo_manifest::Lang::En => expo_manifest::Lang::Zh,
        };
    }
}

fn read_pointer(
    mouse: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    touches: Res<Touches>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut gesture: ResMut<PointerGesture>,
    mut intent: ResMut<VisitorIntent>,
) {
    let Ok(window) = windows.single() else { return };
    let cursor = window.cursor_position();

    // One finger drags to look or taps to walk; it behaves like the left mouse button. A press
    // and release can fall in the same frame when frames are slow, so both edges are read.
    let touch = touches.iter().next().map(|touch| touch.position());
    let started = touches
        .iter_just_pressed()
        .next()
        .map(|touch| touch.position())
        .or_else(|| mouse.just_pressed(MouseButton::Left).then_some(cursor).flatten());
    let released = touches
        .iter_just_released()
        .next()
        .map(|touch| touch.position())
        .or_else(|| mouse.just_released(MouseButton::Left).then(|| cursor.or(gesture.last)).flatten());

    if let Some(position) = started {
        *gesture = PointerGesture { start: Some(position), last: Some(position), dragging: false };
    }

    let pressed_at = touch.or_else(|| mouse.pressed(MouseButton::Left).then_some(cursor).flatten());
    if let (Some(position), Some(start)) = (pressed_at, gesture.start) {
        if position.distance(start) > CLICK_SLOP {
            gesture.dragging = true;
        }
        if gesture.dragging {
            // Touch has no mouse motion events, so it uses the change in position.
            let delta = if touch.is_none() && motion.delta != Vec2::ZERO {
                motion.delta
            } else {
                position - gesture.last.unwrap_or(position)
            };
            intent.look += Vec2::new(-delta.x, -delta.y) * LOOK_PER_PIXEL;
        }
        gesture.last = Some(position);
    }

    if let Some(position) = released {
        if gesture.start.is_some() && !gesture.dragging && position.distance(gesture.start.unwrap_or(position)) <= CLICK_SLOP {
            intent.click = Some(position);
        }
        *gesture = PointerGesture::default();
    }
}
