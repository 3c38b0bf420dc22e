//! The WebXR session (wasm only): the "Enter VR" button where `navigator.xr` offers
//! immersive-vr, the session with an `XRWebGLLayer` on the hall's WebGL2 context and a
//! `local-floor` reference space, and each XR frame's views and input sources copied into
//! [`XrFrameInput`]. `web/xr-frame.js` routes Bevy's frames and the default framebuffer to the
//! session.

use std::cell::RefCell;
use std::rc::Rc;

use bevy::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    XrEye, XrFrame, XrHandedness, XrReferenceSpace, XrReferenceSpaceType, XrRenderStateInit, XrSession, XrSessionInit,
    XrSessionMode, XrWebGlLayer,
};

use crate::exhibition::Exhibition;
use crate::status::{HallStatus, StatusError};
use crate::xr::math::{transform_from_webxr, XrViewport};
use crate::xr::{
    Eye, Handedness, XrBoothPanel, XrMode, XrFrameInput, XrInputSourceInput, XrProjection, XrSessionChanged, XrViewInput, DEPTH_FAR,
    DEPTH_NEAR,
};
use crate::AppState;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, check_support);
    app.add_systems(First, copy_frame);
    app.add_systems(Update, (show_button, set_negotiation_links).run_if(in_state(AppState::Touring)));
    app.add_systems(Update, size_to_layer.run_if(in_state(XrMode::Immersive)));
}

/// State shared between the browser callbacks and the app.
#[derive(Default)]
struct Shared {
    /// True once `isSessionSupported("immersive-vr")` resolved true.
    supported: bool,
    session: Option<XrSession>,
    /// A session start or end that the app has not seen yet.
    changes: Vec<XrSessionChanged>,
    /// The latest XR frame's data, and whether the app has copied it.
    frame: XrFrameInput,
    frame_copied: bool,
    /// Selects since the app last copied the frame.
    selects: Vec<Handedness>,
    /// A session request or setup is under way.
    starting: bool,
    /// Reason the last session could not start, shown on the page.
    failure: Option<String>,
    /// Size of the layer's own framebuffer on headsets; none where the layer draws to the canvas.
    layer_framebuffer: Option<UVec2>,
}

thread_local! {
    static SHARED: Rc<RefCell<Shared>> = Rc::new(RefCell::new(Shared::default()));
}

fn shared() -> Rc<RefCell<Shared>> {
    SHARED.with(Rc::clone)
}

fn xr_system() -> Option<web_sys::XrSystem> {
    let navigator = web_sys::window()?.navigator();
    // `navigator.xr` is undefined in browsers without WebXR; the typed getter would not say so.
    let xr = js_sys::Reflect::get(&navigator, &JsValue::from_str("xr")).ok()?;
    (!xr.is_undefined() && !xr.is_null()).then(|| xr.unchecked_into())
}

/// Asks the browser whether it offers immersive-vr; the button appears only if it does.
fn check_support() {
    let Some(xr) = xr_system() else {
        info!("WebXR is not available; no Enter VR button");
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let supported = JsFuture::from(xr.is_session_supported(XrSessionMode::ImmersiveVr)).await;
        let supported = supported.ok().and_then(|value| value.as_bool()).unwrap_or(false);
        info!("WebXR immersive-vr supported: {supported}");
        shared().borrow_mut().supported = supported;
        if supported {
            attach_button();
        }
    });
}

fn button() -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.get_element_by_id("xr-enter")?.dyn_into().ok()
}

fn attach_button() {
    let Some(button) = button() else { return };
    let on_click = Closure::<dyn FnMut()>::new(move || {
        let session = shared().borrow().session.clone();
        match session {
            Some(session) => {
                let _ = session.end();
            }
            None => request_session(),
        }
    });
    let _ = button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
}

/// Requests the session. Runs inside the button's click handler, because browsers grant
/// immersive sessions only to a user gesture.
fn request_session() {
    let Some(xr) = xr_system() else { return };
    {
        let shared = shared();
        let mut shared = shared.borrow_mut();
        if shared.starting {
            return;
        }
        shared.starting = true;
        shared.failure = None;
    }
    let init = XrSessionInit::new();
    init.set_required_features(&[JsValue::from_str("local-floor")]);
    init.set_optional_features(&[JsValue::from_str("hand-tracking")]);
    let request = xr.request_session_with_options(XrSessionMode::ImmersiveVr, &init);
    wasm_bindgen_futures::spawn_local(async move {
        let result = start_session(request).await;
        let shared = shared();
        let mut shared = shared.borrow_mut();
        shared.starting = false;
        if let Err(error) = result {
            let message = error.as_string().or_else(|| js_sys::JSON::stringify(&error).ok().and_then(|s| s.as_string()));
            let message = message.unwrap_or_else(|| format!("{error:?}"));
            error!("could not start the immersive VR session: {message}");
            shared.failure = Some(message);
        }
    });
}

async fn start_session(request: js_sys::Promise<XrSession>) -> Result<(), JsValue> {
    let session: XrSession = JsFuture::from(request).await?.unchecked_into();
    let document = web_sys::window().and_then(|window| window.document()).ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = document.get_element_by_id("hall-canvas").ok_or("no #hall-canvas")?.dyn_into()?;
    // The context wgpu created; asking again returns the same one.
    let gl: web_sys::WebGl2RenderingContext = canvas.get_context("webgl2")?.ok_or("no WebGL2 context")?.dyn_into()?;
    JsFuture::from(gl.make_xr_compatible()).await?;
    let layer = XrWebGlLayer::new_with_web_gl2_rendering_context(&session, &gl)?;
    let state = XrRenderStateInit::new();
    state.set_base_layer(Some(&layer));
    state.set_depth_near(DEPTH_NEAR as f64);
    state.set_depth_far(DEPTH_FAR as f64);
    session.update_render_state_with_state(&state);
    let space: XrReferenceSpace = JsFuture::from(session.request_reference_space(XrReferenceSpaceType::LocalFloor)).await?.unchecked_into();

    listen(&session, "select", |event: web_sys::Event| {
        let event: web_sys::XrInputSourceEvent = event.unchecked_into();
        let hand = handedness(event.input_source().handedness());
        shared().borrow_mut().selects.push(hand);
    });
    listen(&session, "end", |_| {
        let shared = shared();
        let mut shared = shared.borrow_mut();
        shared.session = None;
        shared.layer_framebuffer = None;
        shared.changes.push(XrSessionChanged::Ended);
        call_frame_glue("end", &[]);
    });

    {
        let shared = shared();
        let mut shared = shared.borrow_mut();
        shared.session = Some(session.clone());
        shared.frame = XrFrameInput::default();
        shared.layer_framebuffer =
            layer.framebuffer().map(|_| UVec2::new(layer.framebuffer_width(), layer.framebuffer_height()));
        shared.changes.push(XrSessionChanged::Started);
    }
    // This loop copies poses first in every XR frame, before the app's routed frame draws.
    start_frame_loop(session.clone(), layer.clone(), space);
    call_frame_glue("begin", &[session.into(), gl.into(), layer.clone().into()]);
    info!(
        "immersive VR session started: framebuffer {}x{}, {}",
        layer.framebuffer_width(),
        layer.framebuffer_height(),
        if layer.framebuffer().is_some() { "layer framebuffer" } else { "canvas" }
    );
    Ok(())
}

fn listen(session: &XrSession, event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = session.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

fn call_frame_glue(method: &str, args: &[JsValue]) {
    let call = || -> Result<(), JsValue> {
        let window = web_sys::window().ok_or("no window")?;
        let glue = js_sys::Reflect::get(&window, &JsValue::from_str("__EXPO_XR_FRAME__"))?;
        let function: js_sys::Function = js_sys::Reflect::get(&glue, &JsValue::from_str(method))?.dyn_into()?;
        function.apply(&glue, &args.iter().collect::<js_sys::Array>())?;
        Ok(())
    };
    if let Err(error) = call() {
        error!("web/xr-frame.js {method} failed: {error:?}");
    }
}

type FrameClosure = Closure<dyn FnMut(f64, XrFrame)>;

fn start_frame_loop(session: XrSession, layer: XrWebGlLayer, space: XrReferenceSpace) {
    let slot: Rc<RefCell<Option<FrameClosure>>> = Rc::new(RefCell::new(None));
    let again = slot.clone();
    let request_session = session.clone();
    *slot.borrow_mut() = Some(Closure::new(move |_time: f64, frame: XrFrame| {
        if shared().borrow().session.is_none() {
            // The session ended; drop the closure with the loop.
            again.borrow_mut().take();
            return;
        }
        if let Some(closure) = again.borrow().as_ref() {
            request_session.request_animation_frame(closure.as_ref().unchecked_ref());
        }
        copy_xr_frame(&frame, &layer, &space);
    }));
    if let Some(closure) = slot.borrow().as_ref() {
        session.request_animation_frame(closure.as_ref().unchecked_ref());
    }
}

fn matrix(values: Vec<f32>) -> Option<[f32; 16]> {
    values.try_into().ok()
}

fn handedness(value: XrHandedness) -> Handedness {
    match value {
        XrHandedness::Left => Handedness::Left,
        XrHandedness::Right => Handedness::Right,
        _ => Handedness::None,
    }
}

/// Copies the viewer pose, views and input sources of an XR frame. Runs inside the session's
/// frame callback, the only place the frame's poses are valid.
fn copy_xr_frame(frame: &XrFrame, layer: &XrWebGlLayer, space: &XrReferenceSpace) {
    let Some(pose) = frame.get_viewer_pose(space) else { return };
    let mut views = Vec::new();
    for view in pose.views().iter() {
        let view: web_sys::XrView = view.unchecked_into();
        let (Some(transform), Some(projection)) = (matrix(view.transform().matrix()), matrix(view.projection_matrix())) else {
            continue;
        };
        let viewport = layer
            .get_viewport(&view)
            .map(|v| XrViewport { x: v.x(), y: v.y(), width: v.width(), height: v.height() })
            .unwrap_or_default();
        let eye = match view.eye() {
            XrEye::Left => Eye::Left,
            XrEye::Right => Eye::Right,
            _ => Eye::None,
        };
        views.push(XrViewInput {
            eye,
            transform: transform_from_webxr(&transform),
            projection: XrProjection::from_webxr(&projection, DEPTH_NEAR, DEPTH_FAR),
            viewport,
        });
    }
    let viewer = matrix(pose.transform().matrix()).map(|m| transform_from_webxr(&m));

    let session = frame.session();
    let sources = session.input_sources();
    let mut input_sources = Vec::new();
    for index in 0..sources.length() {
        let Some(source) = sources.get(index) else { continue };
        let Some(ray) = frame.get_pose(&source.target_ray_space(), space) else { continue };
        let Some(ray) = matrix(ray.transform().matrix()) else { continue };
        // xr-standard gamepads put the thumbstick on axes 2 and 3, a touchpad on 0 and 1.
        let thumbstick = source
            .gamepad()
            .map(|gamepad| {
                let axes: Vec<f32> = gamepad.axes().iter().filter_map(|value| value.as_f64()).map(|value| value as f32).collect();
                match axes.len() {
                    4.. => Vec2::new(axes[2], -axes[3]),
                    2 | 3 => Vec2::new(axes[0], -axes[1]),
                    _ => Vec2::ZERO,
                }
            })
            .unwrap_or(Vec2::ZERO);
        input_sources.push(XrInputSourceInput {
            handedness: handedness(source.handedness()),
            target_ray: transform_from_webxr(&ray),
            thumbstick,
            hand: source.hand().is_some(),
        });
    }

    let shared = shared();
    let mut shared = shared.borrow_mut();
    let next = shared.frame.frame + 1;
    if next == 1 {
        for view in &views {
            info!("first XR frame view {:?}: {:?} viewport {:?} pose {:?}", view.eye, view.projection, view.viewport, view.transform);
        }
    }
    shared.frame = XrFrameInput {
        frame: next,
        views,
        viewer,
        input_sources,
        selects: Vec::new(),
        framebuffer: UVec2::new(layer.framebuffer_width(), layer.framebuffer_height()),
    };
    shared.frame_copied = false;
}

/// Hands session changes and the latest XR frame to the app.
fn copy_frame(mut input: ResMut<XrFrameInput>, mut status: ResMut<HallStatus>, mut commands: Commands) {
    let shared = shared();
    let mut shared = shared.borrow_mut();
    status.xr.supported = shared.supported;
    if let Some(failure) = shared.failure.take() {
        status.warnings.push(StatusError {
            code: "xr-session-failed".to_owned(),
            booth: None,
            url: String::new(),
            message_zh: format!("无法进入VR：{failure}。请确认头显已连接并允许本页面使用VR，然后再点“进入VR”。"),
            message_en: format!("Could not enter VR: {failure}. Check that the headset is connected and that this page may use VR, then press Enter VR again."),
        });
    }
    for change in shared.changes.drain(..) {
        commands.trigger(change);
    }
    if shared.session.is_none() {
        return;
    }
    let selects = std::mem::take(&mut shared.selects);
    if !shared.frame_copied {
        let mut frame = shared.frame.clone();
        frame.selects = selects;
        *input = frame;
        shared.frame_copied = true;
    } else {
        input.selects.extend(selects);
    }
}

/// Sizes the window to a headset layer's framebuffer, because wgpu presents the whole surface
/// into framebuffer null, which `web/xr-frame.js` turns into the layer's framebuffer.
// NOTE: only checked in Chromium with an emulated layer framebuffer of the canvas's size. Real
// headsets have other sizes, so docs/vr-headset.md lists them on the manual checklist.
fn size_to_layer(mut windows: Query<&mut Window, With<bevy::window::PrimaryWindow>>) {
    let Some(size) = shared().borrow().layer_framebuffer else { return };
    for mut window in &mut windows {
        if window.physical_size() != size {
            info!("sizing the canvas to the headset framebuffer, {}x{}", size.x, size.y);
            window.resolution.set_physical_resolution(size.x, size.y);
        }
    }
}

/// Shows the button while immersive-vr is offered and switches its label between enter and leave.
fn show_button(status: Res<HallStatus>, mut shown: Local<Option<(bool, bool)>>) {
    let state = (status.xr.supported, status.xr.immersive);
    if *shown == Some(state) {
        return;
    }
    *shown = Some(state);
    let Some(button) = button() else { return };
    let _ = button.class_list().toggle_with_force("hidden", !status.xr.supported);
    let _ = button.set_attribute("aria-pressed", if status.xr.immersive { "true" } else { "false" });
}

/// Gives each new booth panel the link to its negotiation form for the QR code.
fn set_negotiation_links(exhibition: Res<Exhibition>, mut panels: Query<&mut XrBoothPanel, Added<XrBoothPanel>>) {
    for mut panel in &mut panels {
        if !panel.negotiates {
            continue;
        }
        let target = Some(crate::tour::share::ShareTarget::Booth(panel.booth_index));
        let Some(link) = super::tour::deep_link(&exhibition, target) else { continue };
        let Ok(url) = web_sys::Url::new(&link) else { continue };
        url.search_params().set("panel", "negotiate");
        panel.negotiation_link = Some(url.href());
    }
}
