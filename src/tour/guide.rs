//! The tour in the running app: start and stop, operator keys, idle resume on the big screen,
//! and moving the visitor's camera along the plan.

use bevy::input::touch::Touches;
use bevy::prelude::*;

use super::plan::{TourPlan, TourStop};
use super::runner::{TourPose, TourRunner};
use super::share::{shown_at, ShareTarget};
use crate::exhibition::{Exhibition, LaunchOptions, Mode};
use crate::navigation::{PlaceVisitor, ReadInput, VisitorIntent, VisitorRig, WalkTarget};
use crate::panels::{ClosePanelRequest, InputCapture};
use crate::status::{HallStatus, StatusError, TourStatus};
use crate::{AppState, FrameSet};

/// Pitch the camera settles to while touring, in radians: a little below the horizon.
const TOUR_PITCH: f32 = -0.06;
/// Rate at which the pitch settles, per second.
const PITCH_RATE: f32 = 2.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Tour>();
    app.add_observer(apply_command);
    app.add_systems(
        OnEnter(AppState::Touring),
        (plan_tour, start_in_zone, start_kiosk_tour).chain().after(PlaceVisitor),
    );
    app.add_systems(
        Update,
        (
            (read_tour_input, resume_when_idle).chain().in_set(FrameSet::Input).after(ReadInput),
            drive_camera.in_set(FrameSet::Movement),
            report_tour.in_set(FrameSet::Report).in_set(ReportTour),
        )
            .run_if(in_state(AppState::Touring)),
    );
}

/// Publishing the tour's state and the deep-link target into [`HallStatus`]; readers of
/// `status.tour` and `status.share` run after it.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportTour;

/// Whether the tour moves the camera.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TourState {
    #[default]
    Off,
    Running,
    /// Stopped by operator input on the big screen; resumes after the idle time.
    Paused,
}

impl TourState {
    pub fn code(self) -> &'static str {
        match self {
            TourState::Off => "off",
            TourState::Running => "running",
            TourState::Paused => "paused",
        }
    }
}

/// The guided tour: its plan, its state and where it is.
#[derive(Resource, Debug, Default)]
pub struct Tour {
    pub plan: TourPlan,
    pub state: TourState,
    runner: Option<TourRunner>,
    /// Camera pose when the tour was paused; resuming from it continues the same leg.
    paused_pose: Option<TourPose>,
    /// Real time of the last operator input, in seconds since the app started.
    last_input: f64,
    /// Seconds without operator input before a paused big-screen tour resumes.
    pub idle_seconds: f32,
}

impl Tour {
    /// Returns the index of the stop being walked to or shown, while the tour is on.
    pub fn current_stop_index(&self) -> Option<usize> {
        match (self.state, &self.runner) {
            (TourState::Off, _) | (_, None) => None,
            (_, Some(runner)) => Some(runner.stop),
        }
    }

    pub fn current_stop(&self) -> Option<&TourStop> {
        self.current_stop_index().and_then(|index| self.plan.stops.get(index))
    }

    /// Returns true while the tour is at its current stop: running, or paused without the
    /// camera having moved away from the stop (at `position`).
    pub fn at_stop(&self, position: Vec2) -> bool {
        let at_stop = self.runner.as_ref().is_some_and(TourRunner::is_at_stop);
        match self.state {
            TourState::Running => at_stop,
            TourState::Paused => at_stop && self.paused_pose.is_some_and(|paused| paused.position.distance(position) < 0.05),
            TourState::Off => false,
        }
    }
}

/// Returns true while the tour moves the camera; visitor-driven behaviour (opening booth cards
/// by walking up) waits meanwhile.
pub fn tour_is_driving(tour: Option<Res<Tour>>) -> bool {
    tour.is_some_and(|tour| tour.state == TourState::Running)
}

/// Returns true where walking up to a booth opens its card: not on the big screen, where the
/// caption describes the booth, and not while the tour drives.
pub fn cards_open_nearby(tour: Option<Res<Tour>>, options: Option<Res<LaunchOptions>>) -> bool {
    let kiosk = options.is_some_and(|options| options.mode == Mode::Kiosk);
    !kiosk && !tour.is_some_and(|tour| tour.state == TourState::Running)
}

/// A request to the tour from the page's buttons or the operator's keys.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TourCommand {
    /// Starts from the stop nearest the visitor.
    Start,
    /// Hands control back to the visitor.
    Stop,
    /// Goes straight to the next stop.
    Next,
    /// Goes straight to the previous stop.
    Previous,
    /// Goes straight to this stop.
    Jump(usize),
    /// Pauses a running tour or resumes a paused one.
    TogglePause,
}

fn pose_of(rig: &VisitorRig) -> TourPose {
    TourPose { position: rig.position, yaw: rig.yaw }
}

fn place_rig(rig: &mut VisitorRig, transform: &mut Transform, pose: TourPose) {
    rig.position = pose.position;
    rig.yaw = pose.yaw;
    *transform = rig.transform();
}

fn apply_command(
    command: On<TourCommand>,
    mut commands: Commands,
    exhibition: Res<Exhibition>,
    time: Res<Time<Real>>,
    mut tour: ResMut<Tour>,
    mut walk: ResMut<WalkTarget>,
    mut rigs: Query<(&mut VisitorRig, &mut Transform)>,
) {
    let Ok((mut rig, mut transform)) = rigs.single_mut() else { return };
    let stops = tour.plan.stops.len();
    if stops == 0 {
        return;
    }
    let mut pose = pose_of(&rig);
    let current = tour.current_stop_index();
    let jump = |tour: &mut Tour, index: usize, pose: &mut TourPose| {
        tour.runner = Some(TourRunner::place_at(&tour.plan, index, pose));
    };
    match *command {
        TourCommand::Start => {
            if tour.state == TourState::Running {
                return;
            }
            let nearest = tour.plan.nearest_stop(pose.position).unwrap_or(0);
            let (runner, walked) = TourRunner::walk_to(&tour.plan, nearest, &mut pose, &exhibition.walk_grid);
            if !walked {
                warn!("tour stop {nearest} is not reachable on foot; the camera moves there directly");
            }
            tour.runner = Some(runner);
            tour.state = TourState::Running;
            info!("guided tour started at stop {nearest} of {stops}");
        }
        TourCommand::Stop => {
            if tour.state != TourState::Off {
                info!("guided tour ended");
            }
            tour.state = TourState::Off;
            tour.runner = None;
            return;
        }
        TourCommand::Next | TourCommand::Previous | TourCommand::Jump(_) => {
            let index = match (*command, current) {
                (TourCommand::Jump(index), _) => index.min(stops - 1),
                (TourCommand::Next, Some(index)) => (index + 1) % stops,
                (TourCommand::Previous, Some(index)) => (index + stops - 1) % stops,
                // Without a current stop, next and previous start from the nearest one.
                _ => tour.plan.nearest_stop(pose.position).unwrap_or(0),
            };
            jump(&mut tour, index, &mut pose);
            if tour.state == TourState::Off {
                tour.state = TourState::Running;
            }
            if tour.state == TourState::Paused {
                tour.paused_pose = Some(pose);
                tour.last_input = time.elapsed_secs_f64();
            }
            info!("guided tour moved to stop {index} of {stops}");
        }
        TourCommand::TogglePause => match tour.state {
            TourState::Running => {
                tour.state = TourState::Paused;
                tour.paused_pose = Some(pose);
                tour.last_input = time.elapsed_secs_f64();
                info!("guided tour paused");
                return;
            }
            TourState::Paused => resume(&mut tour, &mut pose, &exhibition),
            TourState::Off => return,
        },
    }
    // The tour drives now: no walk to a clicked point and no booth card in the way.
    *walk = WalkTarget::default();
    commands.trigger(ClosePanelRequest { all: true });
    place_rig(&mut rig, &mut transform, pose);
}

/// Resumes a paused tour: the same leg when the camera has not moved since the pause, else a
/// walk to the nearest stop.
fn resume(tour: &mut Tour, pose: &mut TourPose, exhibition: &Exhibition) {
    let unmoved = tour.paused_pose.is_some_and(|paused| paused.position.distance(pose.position) < 0.05);
    if !unmoved || tour.runner.is_none() {
        let nearest = tour.plan.nearest_stop(pose.position).unwrap_or(0);
        tour.runner = Some(TourRunner::walk_to(&tour.plan, nearest, pose, &exhibition.walk_grid).0);
    }
    tour.state = TourState::Running;
    tour.paused_pose = None;
    info!("guided tour resumed at stop {}", tour.runner.as_ref().map_or(0, |runner| runner.stop));
}

fn plan_tour(exhibition: Res<Exhibition>, options: Res<LaunchOptions>, mut tour: ResMut<Tour>) {
    let settings = exhibition.manifest.exhibition.tour.unwrap_or_default();
    let plan = TourPlan::build(&exhibition.manifest, &exhibition.layout, &exhibition.walk_grid, &settings);
    info!("guided tour planned with {} stops", plan.stops.len());
    *tour = Tour {
        plan,
        idle_seconds: options.idle_seconds.unwrap_or(settings.idle_seconds) as f32,
        ..default()
    };
}

/// Moves the visitor to the overview of the `zone=` zone, unless `booth=` chose a booth.
fn start_in_zone(
    exhibition: Res<Exhibition>,
    options: Res<LaunchOptions>,
    tour: Res<Tour>,
    mut status: ResMut<HallStatus>,
    mut rigs: Query<(&mut VisitorRig, &mut Transform)>,
) {
    let (None, Some(id)) = (&options.booth, &options.zone) else { return };
    let stop = exhibition
        .manifest
        .zones
        .iter()
        .position(|zone| &zone.id == id)
        .and_then(|index| tour.plan.stop_of_zone(index))
        .and_then(|index| tour.plan.stops.get(index));
    let Some(stop) = stop else {
        status.warnings.push(StatusError {
            code: "zone-not-found".to_owned(),
            booth: None,
            url: exhibition.url.clone(),
            message_zh: format!("链接中的展区 {id} 不存在或在展厅中没有位置，已从默认起点开始。"),
            message_en: format!("Zone {id} from the link was not found or has no place in the hall; the visit starts at the usual starting point."),
        });
        return;
    };
    for (mut rig, mut transform) in &mut rigs {
        place_rig(&mut rig, &mut transform, TourPose { position: stop.position, yaw: stop.yaw });
    }
}

fn start_kiosk_tour(mut commands: Commands, options: Res<LaunchOptions>) {
    if options.mode == Mode::Kiosk {
        commands.trigger(TourCommand::Start);
    }
}

/// Reads the operator keys: N or Page Down for the next stop, P or Page Up for the previous
/// one, Space to pause. Other input takes control back from the tour. On the big screen any
/// key, click or touch pauses it, and for a visitor walking, looking or clicking ends it.
#[allow(clippy::too_many_arguments)]
fn read_tour_input(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    mouse: Res<ButtonInput<MouseButton>>,
    touches: Res<Touches>,
    intent: Res<VisitorIntent>,
    capture: Res<InputCapture>,
    options: Res<LaunchOptions>,
    time: Res<Time<Real>>,
    mut tour: ResMut<Tour>,
) {
    let kiosk = options.mode == Mode::Kiosk;
    if **capture {
        // Typing in a form or watching a video in a panel is operator activity on the big screen.
        if kiosk {
            tour.last_input = time.elapsed_secs_f64();
        }
        return;
    }
    const OPERATOR_KEYS: [KeyCode; 5] = [KeyCode::KeyN, KeyCode::PageDown, KeyCode::KeyP, KeyCode::PageUp, KeyCode::Space];
    if kiosk || tour.state != TourState::Off {
        if keys.any_just_pressed([KeyCode::KeyN, KeyCode::PageDown]) {
            commands.trigger(TourCommand::Next);
        } else if keys.any_just_pressed([KeyCode::KeyP, KeyCode::PageUp]) {
            commands.trigger(TourCommand::Previous);
        } else if keys.just_pressed(KeyCode::Space) {
            commands.trigger(TourCommand::TogglePause);
        }
    }

    let steered = intent.steering || intent.look != Vec2::ZERO || intent.click.is_some();
    if kiosk {
        let other_key = keys.get_just_pressed().any(|key| !OPERATOR_KEYS.contains(key));
        let pointer = mouse.get_just_pressed().next().is_some() || touches.iter_just_pressed().next().is_some();
        if steered || other_key || pointer {
            tour.last_input = time.elapsed_secs_f64();
            if tour.state == TourState::Running {
                commands.trigger(TourCommand::TogglePause);
            }
        }
    } else if steered && tour.state != TourState::Off {
        commands.trigger(TourCommand::Stop);
    }
}

/// Resumes the big-screen tour once the operator has left it alone for the idle time.
fn resume_when_idle(
    mut commands: Commands,
    exhibition: Res<Exhibition>,
    options: Res<LaunchOptions>,
    time: Res<Time<Real>>,
    mut tour: ResMut<Tour>,
    mut rigs: Query<(&mut VisitorRig, &mut Transform)>,
) {
    if options.mode != Mode::Kiosk || tour.state != TourState::Paused {
        return;
    }
    if time.elapsed_secs_f64() - tour.last_input < f64::from(tour.idle_seconds) {
        return;
    }
    let Ok((mut rig, mut transform)) = rigs.single_mut() else { return };
    let mut pose = pose_of(&rig);
    info!("no operator input for {} s", tour.idle_seconds);
    resume(&mut tour, &mut pose, &exhibition);
    // The booth card or walk the operator left behind goes, as when the tour is resumed by key.
    commands.insert_resource(WalkTarget::default());
    commands.trigger(ClosePanelRequest { all: true });
    place_rig(&mut rig, &mut transform, pose);
}

fn drive_camera(
    time: Res<Time>,
    exhibition: Res<Exhibition>,
    mut tour: ResMut<Tour>,
    mut rigs: Query<(&mut VisitorRig, &mut Transform)>,
) {
    if tour.state != TourState::Running {
        return;
    }
    let Ok((mut rig, mut transform)) = rigs.single_mut() else { return };
    let tour = &mut *tour;
    let Some(runner) = tour.runner.as_mut() else { return };
    let dt = time.delta_secs();
    let mut pose = pose_of(&rig);
    if let Some(reached) = runner.step(&tour.plan, &exhibition.walk_grid, &mut pose, dt) {
        let stop = &tour.plan.stops[reached];
        match stop.booth_index {
            Some(booth) => info!("guided tour at stop {reached}: booth {}", exhibition.manifest.booths[booth].id),
            None => info!("guided tour at stop {reached}: zone {}", exhibition.manifest.zones[stop.zone_index].id),
        }
    }
    rig.pitch += (TOUR_PITCH - rig.pitch) * (PITCH_RATE * dt).min(1.0);
    place_rig(&mut rig, &mut transform, pose);
}

fn report_tour(
    exhibition: Res<Exhibition>,
    tour: Res<Tour>,
    mut status: ResMut<HallStatus>,
    rigs: Query<&VisitorRig>,
) {
    let manifest = &exhibition.manifest;
    let stop = tour.current_stop();
    let position = rigs.single().map_or(Vec2::splat(f32::INFINITY), |rig| rig.position);
    let next = TourStatus {
        state: tour.state.code(),
        stop: tour.current_stop_index(),
        stops: tour.plan.stops.len(),
        at_stop: tour.at_stop(position),
        booth: stop.and_then(|stop| stop.booth_index).map(|index| manifest.booths[index].id.clone()),
        zone: stop.map(|stop| manifest.zones[stop.zone_index].id.clone()),
    };
    if status.tour != next {
        status.tour = next;
    }

    // While the tour runs, the screen shows its stop. Otherwise it shows the visitor's surroundings.
    let share = match (tour.state, stop) {
        (TourState::Running, Some(stop)) => {
            Some(stop.booth_index.map_or(ShareTarget::Zone(stop.zone_index), ShareTarget::Booth))
        }
        _ => rigs.single().ok().and_then(|rig| shown_at(&exhibition.layout, rig.position)),
    };
    if status.share != share {
        status.share = share;
    }
}
