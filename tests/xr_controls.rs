//! Headless ECS test of VR controls on the bundled exhibition: a session starts where the visitor
//! is, eye cameras follow the views, a select on the floor teleports, a select on a booth
//! opens its panel, and the end of the session brings the desktop back. The browser module's
//! part (reading a real `XRFrame`) is covered by tests/e2e/xr.test.mjs.

use std::time::Duration;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use expo_hall::exhibition::{load_exhibition, Exhibition, LaunchOptions};
use expo_hall::navigation::{VisitorRig, WalkTarget};
use expo_hall::status::{HallStatus, UiLanguage};
use expo_hall::xr::{
    Eye, Handedness, XrBoothPanel, XrEye, XrFrameInput, XrInputSourceInput, XrMode, XrProjection, XrRig, XrSessionChanged,
    XrViewInput, XrViewport,
};
use expo_hall::AppState;

const MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenes/guangxi-2022/manifest.json");

fn headless_vr_hall() -> App {
    let bytes = std::fs::read(MANIFEST).expect("the bundled manifest is readable");
    let (exhibition, _warnings) = load_exhibition(&bytes, MANIFEST).expect("the bundled manifest is valid");
    let start = (exhibition.layout.start, exhibition.layout.start_yaw);

    let mut app = App::new();
    app.add_plugins((MinimalPlugins, AssetPlugin::default(), StatesPlugin));
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(20)));
    app.init_asset::<Mesh>();
    app.init_asset::<StandardMaterial>();
    app.init_asset::<Image>();
    app.init_state::<AppState>();
    app.init_resource::<UiLanguage>();
    app.init_resource::<HallStatus>();
    app.init_resource::<WalkTarget>();
    app.insert_resource(LaunchOptions::default());
    app.insert_resource(exhibition);
    app.configure_sets(Update, (expo_hall::FrameSet::Input, expo_hall::FrameSet::Movement, expo_hall::FrameSet::Report).chain());
    app.add_plugins((expo_hall::scene_plugin, expo_hall::xr::plugin));
    app.world_mut().spawn(VisitorRig { position: start.0, yaw: start.1, pitch: 0.0 });
    app.world_mut().resource_mut::<NextState<AppState>>().set(AppState::Touring);
    app.update();
    app.update();
    app
}

fn eye(eye: Eye, x: f32, viewport_x: i32) -> XrViewInput {
    XrViewInput {
        eye,
        transform: Transform::from_xyz(x, 1.6, 0.0),
        projection: XrProjection { scale: Vec2::new(1.0, 1.0), offset: Vec2::ZERO, near: 0.05, far: 400.0 },
        viewport: XrViewport { x: viewport_x, y: 0, width: 640, height: 720 },
    }
}

/// Builds one XR frame with the headset at the room's origin and the right controller at chest
/// height, aimed by yaw (left) and pitch (up) in radians.
fn frame(number: u64, yaw: f32, pitch: f32) -> XrFrameInput {
    XrFrameInput {
        frame: number,
        views: vec![eye(Eye::Left, -0.03, 0), eye(Eye::Right, 0.03, 640)],
        viewer: Some(Transform::from_xyz(0.0, 1.6, 0.0)),
        input_sources: vec![XrInputSourceInput {
            handedness: Handedness::Right,
            target_ray: Transform::from_xyz(0.15, 1.2, -0.1).with_rotation(Quat::from_euler(EulerRot::YXZ, yaw, pitch, 0.0)),
            thumbstick: Vec2::ZERO,
            hand: false,
        }],
        selects: Vec::new(),
        framebuffer: UVec2::new(1280, 720),
    }
}

fn head(app: &App) -> Vec2 {
    let status = app.world().resource::<HallStatus>();
    let head = status.xr.head.expect("the status shows the head while immersive");
    Vec2::new(head.x, head.z)
}

#[test]
fn vr_session_teleport_panel_and_exit() {
    let mut app = headless_vr_hall();
    let start = app.world().resource::<Exhibition>().layout.start;

    app.world_mut().trigger(XrSessionChanged::Started);
    *app.world_mut().resource_mut::<XrFrameInput>() = frame(1, 0.0, -0.35);
    app.update();
    app.update();
    assert_eq!(*app.world().resource::<State<XrMode>>().get(), XrMode::Immersive);
    assert!(head(&app).distance(start) < 0.01, "VR starts where the visitor stood");
    let mut eyes = app.world_mut().query::<&XrEye>();
    assert_eq!(eyes.iter(app.world()).count(), 2, "one camera per view");

    // Pointing down ahead: the arc lands on the plaza floor.
    let target = app.world().resource::<HallStatus>().xr.target.clone().expect("the pointer has a target");
    assert_eq!(target.kind, "floor");
    assert_eq!(target.hand, "right");
    let point = target.point.expect("a landing point");
    let landing = Vec2::new(point.x, point.z);
    assert!(landing.distance(start) > 1.0, "the arc ends away from the visitor");

    let mut input = frame(2, 0.0, -0.35);
    input.selects.push(Handedness::Right);
    *app.world_mut().resource_mut::<XrFrameInput>() = input;
    for _ in 0..30 {
        app.update();
    }
    assert!(head(&app).distance(landing) < 0.05, "the select teleported the head to {landing}, it is at {}", head(&app));
    let mut visitors = app.world_mut().query::<&VisitorRig>();
    let visitor = visitors.single(app.world()).unwrap().clone();
    assert!(visitor.position.distance(landing) < 0.05, "the visitor follows the headset");

    // Stand at a booth's viewpoint facing it, as a teleport there would, and select the booth.
    let slot = app.world().resource::<Exhibition>().layout.booths[0].clone();
    *app.world_mut().resource_mut::<XrRig>() = XrRig { origin: slot.viewpoint, yaw: slot.viewing_yaw() };
    let mut input = frame(3, 0.0, 0.0);
    app.world_mut().resource_mut::<XrFrameInput>().clone_from(&input);
    app.update();
    let target = app.world().resource::<HallStatus>().xr.target.clone().expect("the pointer has a target");
    assert_eq!(target.kind, "booth");
    let booth_id = app.world().resource::<Exhibition>().manifest.booths[slot.booth_index].id.clone();
    assert_eq!(target.booth.as_deref(), Some(booth_id.as_str()));
    input.frame = 4;
    input.selects.push(Handedness::Right);
    *app.world_mut().resource_mut::<XrFrameInput>() = input;
    app.update();
    app.update();
    let mut panels = app.world_mut().query::<&XrBoothPanel>();
    let panel = panels.single(app.world()).expect("one booth panel").clone();
    assert_eq!(panel.booth_index, slot.booth_index);
    assert_eq!(app.world().resource::<HallStatus>().xr.panel.as_deref(), Some(booth_id.as_str()));

    // The panel now sits between the controller and the booth.
    *app.world_mut().resource_mut::<XrFrameInput>() = frame(5, 0.0, 0.0);
    app.update();
    app.update();
    assert_eq!(app.world().resource::<HallStatus>().xr.target.as_ref().map(|t| t.kind), Some("panel"));

    app.world_mut().trigger(XrSessionChanged::Ended);
    app.update();
    app.update();
    assert_eq!(*app.world().resource::<State<XrMode>>().get(), XrMode::Desktop);
    assert_eq!(panels.iter(app.world()).count(), 0, "leaving VR removes the panel");
    assert_eq!(eyes.iter(app.world()).count(), 0, "leaving VR removes the eye cameras");
    let status = app.world().resource::<HallStatus>();
    assert!(!status.xr.immersive);
    assert_eq!(status.xr.head, None);
}
