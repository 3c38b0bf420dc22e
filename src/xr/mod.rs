//! Immersive VR through WebXR: the session's per-frame input, the rig in the hall, eye cameras,
//! controllers (pointer ray, teleport, snap turn) and the in-world booth panel.
//!
//! The browser module (`web::xr`) owns the `XRSession`: it copies each XR frame's views and
//! input sources into [`XrFrameInput`] and triggers [`XrSessionChanged`]. Everything here is
//! plain ECS, so native tests drive it by writing the same resource.

mod cameras;
mod controllers;
pub mod math;
mod panel;
pub mod teleport;

use bevy::prelude::*;
use bevy::winit::WinitSettings;

use crate::navigation::{VisitorRig, WalkTarget};
use crate::status::HallStatus;
use crate::{AppState, FrameSet};

pub use cameras::XrEye;
pub use math::{XrProjection, XrViewport};
pub use panel::XrBoothPanel;

/// Near and far planes requested from the session, in metres.
pub const DEPTH_NEAR: f32 = 0.05;
pub const DEPTH_FAR: f32 = 400.0;

/// Adds the VR systems; headless tests add it on its own.
pub fn plugin(app: &mut App) {
    app.init_state::<XrMode>();
    app.init_resource::<XrFrameInput>();
    app.init_resource::<XrRig>();
    app.add_observer(session_changed);
    app.configure_sets(Update, (XrSet::Controllers.in_set(FrameSet::Input), XrSet::Rig.in_set(FrameSet::Movement)));
    app.add_systems(
        Update,
        follow_headset.in_set(XrSet::Rig).run_if(in_state(XrMode::Immersive)).run_if(in_state(AppState::Touring)),
    );
    app.add_systems(Update, report_xr.in_set(FrameSet::Report));
    // The quality preset sizes the canvas differently in and out of VR.
    app.add_systems(OnEnter(XrMode::Immersive), reapply_quality);
    app.add_systems(OnExit(XrMode::Immersive), reapply_quality);
    app.add_plugins((cameras::plugin, controllers::plugin, panel::plugin));
}

/// Whether the visitor looks through a headset.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum XrMode {
    /// The page's own camera: desktop, phone or big screen.
    #[default]
    Desktop,
    /// An immersive-vr session renders the hall for each eye.
    Immersive,
}

/// The XR systems, in frame order.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum XrSet {
    /// Reads controllers: pointing, selecting, teleporting, turning.
    Controllers,
    /// Places the rig's eyes from the headset pose.
    Rig,
}

/// The start or end of an immersive session, from the browser module.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub enum XrSessionChanged {
    Started,
    Ended,
}

/// Eye of a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Eye {
    #[default]
    None,
    Left,
    Right,
}

/// One view of an XR frame, in the reference space (`local-floor`: origin on the floor where
/// the session started).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct XrViewInput {
    pub eye: Eye,
    /// The eye's pose.
    pub transform: Transform,
    pub projection: XrProjection,
    /// Area of the framebuffer this view is drawn into.
    pub viewport: XrViewport,
}

/// Hand of an input source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Handedness {
    #[default]
    None,
    Left,
    Right,
}

impl Handedness {
    pub fn code(self) -> &'static str {
        match self {
            Handedness::None => "none",
            Handedness::Left => "left",
            Handedness::Right => "right",
        }
    }
}

/// A tracked controller or hand, in the reference space.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct XrInputSourceInput {
    pub handedness: Handedness,
    /// The pointing ray: origin and -z direction of this transform.
    pub target_ray: Transform,
    /// Thumbstick (or touchpad) deflection: x right, y forward, each -1 to 1.
    pub thumbstick: Vec2,
    /// True for tracked hands, whose pinch is their select.
    pub hand: bool,
}

/// Everything the headset reported for the latest XR frame.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct XrFrameInput {
    /// Increases with every XR frame copied; stays put while the session delivers no frames.
    pub frame: u64,
    pub views: Vec<XrViewInput>,
    /// The headset's own pose.
    pub viewer: Option<Transform>,
    pub input_sources: Vec<XrInputSourceInput>,
    /// Completed selects (trigger pulls, hand pinches) since the last app update, by hand.
    pub selects: Vec<Handedness>,
    /// Framebuffer size in pixels; views' viewports are inside it.
    pub framebuffer: UVec2,
}

/// Placement of the reference space in the hall: its floor origin and its turn. Teleport and
/// snap turn move it, while the visitor's own walking moves the headset inside it.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub struct XrRig {
    /// Floor position of the reference space's origin, in metres.
    pub origin: Vec2,
    /// Turn of the reference space about the vertical axis, in radians.
    pub yaw: f32,
}

impl XrRig {
    /// Returns the transform from the reference space to the hall.
    pub fn world_from_local(&self) -> Transform {
        Transform::from_xyz(self.origin.x, 0.0, self.origin.y).with_rotation(Quat::from_rotation_y(self.yaw))
    }

    /// Returns the headset's floor position and yaw in the hall.
    pub fn head_in_hall(&self, viewer: &Transform) -> (Vec2, f32) {
        let world = self.world_from_local() * *viewer;
        let forward = world.forward();
        let yaw = f32::atan2(-forward.x, -forward.z);
        (Vec2::new(world.translation.x, world.translation.z), yaw)
    }

    /// Moves the rig so that the headset is over `floor`.
    pub fn teleport(&mut self, viewer: &Transform, floor: Vec2) {
        let (head, _) = self.head_in_hall(viewer);
        self.origin += floor - head;
    }

    /// Turns the rig by `angle` radians about the headset's position.
    pub fn turn(&mut self, viewer: &Transform, angle: f32) {
        let (head, _) = self.head_in_hall(viewer);
        let offset = crate::layout::rotate(self.origin - head, angle);
        self.origin = head + offset;
        self.yaw += angle;
    }
}

fn session_changed(
    event: On<XrSessionChanged>,
    mut next: ResMut<NextState<XrMode>>,
    mut rig: ResMut<XrRig>,
    mut input: ResMut<XrFrameInput>,
    mut walk: ResMut<WalkTarget>,
    visitors: Query<&VisitorRig>,
    mut commands: Commands,
) {
    match *event {
        XrSessionChanged::Started => {
            // Bevy updates on timers while the canvas lacks focus (after a click on the Enter
            // VR button, for example). A headset needs every frame drawn inside its own frame
            // callback, which the app's animation frame requests are routed to.
            commands.insert_resource(WinitSettings::continuous());
            // The reference space's origin is where the headset started, so putting it at the
            // visitor's place and turn keeps the view where it was.
            if let Ok(visitor) = visitors.single() {
                *rig = XrRig { origin: visitor.position, yaw: visitor.yaw };
            }
            *input = XrFrameInput::default();
            *walk = WalkTarget::default();
            commands.trigger(crate::tour::TourCommand::Stop);
            info!("immersive VR session started at ({:.1}, {:.1})", rig.origin.x, rig.origin.y);
            next.set(XrMode::Immersive);
        }
        XrSessionChanged::Ended => {
            commands.insert_resource(WinitSettings::default());
            info!("immersive VR session ended");
            next.set(XrMode::Desktop);
        }
    }
}

/// Puts the visitor where the headset is, so the zone, minimap, nearby screens and the desktop
/// view after the session all follow the headset.
fn follow_headset(rig: Res<XrRig>, input: Res<XrFrameInput>, mut visitors: Query<&mut VisitorRig>) {
    let Some(viewer) = &input.viewer else { return };
    let (position, yaw) = rig.head_in_hall(viewer);
    for mut visitor in &mut visitors {
        visitor.position = position;
        visitor.yaw = yaw;
        visitor.pitch = 0.0;
    }
}

fn reapply_quality(quality: Option<ResMut<crate::quality::RenderQuality>>) {
    if let Some(mut quality) = quality {
        quality.set_changed();
    }
}

fn report_xr(mode: Res<State<XrMode>>, rig: Res<XrRig>, input: Res<XrFrameInput>, mut status: ResMut<HallStatus>) {
    let immersive = *mode.get() == XrMode::Immersive;
    let xr = &mut status.xr;
    xr.immersive = immersive;
    xr.frames = input.frame;
    xr.views = if immersive { input.views.len() } else { 0 };
    xr.rig_origin = rig.origin;
    xr.rig_yaw_degrees = rig.yaw.to_degrees();
    xr.head = input.viewer.filter(|_| immersive).map(|viewer| (rig.world_from_local() * viewer).translation);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer_at(x: f32, z: f32, yaw: f32) -> Transform {
        Transform::from_xyz(x, 1.7, z).with_rotation(Quat::from_rotation_y(yaw))
    }

    #[test]
    fn head_in_hall_adds_rig() {
        let rig = XrRig { origin: Vec2::new(10.0, -5.0), yaw: std::f32::consts::FRAC_PI_2 };
        let (position, yaw) = rig.head_in_hall(&viewer_at(0.0, -1.0, 0.0));
        // One metre forward in the reference space is one metre towards -x in the hall.
        assert!(position.distance(Vec2::new(9.0, -5.0)) < 1e-5, "{position}");
        assert!((yaw - std::f32::consts::FRAC_PI_2).abs() < 1e-5, "{yaw}");
    }

    #[test]
    fn teleport_puts_head_on_target() {
        let mut rig = XrRig { origin: Vec2::new(2.0, 3.0), yaw: 0.7 };
        let viewer = viewer_at(0.4, -0.3, 0.2);
        rig.teleport(&viewer, Vec2::new(-6.0, 1.5));
        let (position, _) = rig.head_in_hall(&viewer);
        assert!(position.distance(Vec2::new(-6.0, 1.5)) < 1e-5, "{position}");
    }

    #[test]
    fn turn_keeps_head_in_place() {
        let mut rig = XrRig { origin: Vec2::new(2.0, 3.0), yaw: 0.0 };
        let viewer = viewer_at(0.5, 0.5, 0.0);
        let (before, yaw_before) = rig.head_in_hall(&viewer);
        rig.turn(&viewer, teleport::SNAP_TURN);
        let (after, yaw_after) = rig.head_in_hall(&viewer);
        assert!(after.distance(before) < 1e-5, "{before} -> {after}");
        assert!((yaw_after - yaw_before - teleport::SNAP_TURN).abs() < 1e-5);
    }
}
