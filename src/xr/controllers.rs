//! Controllers and hands in VR: a pointer ray, the teleport arc with its landing marker, snap
//! turn on the thumbstick, and select (trigger or pinch) to teleport or open a booth's panel.

use std::collections::HashMap;

use bevy::prelude::*;

use super::panel::{XrBoothPanel, XrPanelRequest};
use super::teleport::{trace_arc, ArcEnd, Fade, SnapTurn};
use super::{Handedness, XrFrameInput, XrMode, XrRig, XrSet};
use crate::exhibition::Exhibition;
use crate::hall::HallKit;
use crate::status::{HallStatus, XrTargetStatus};
use crate::AppState;

/// Farthest booth a pointer ray selects, in metres.
const POINTER_REACH: f32 = 25.0;
/// Arc segments drawn per controller.
const ARC_SEGMENTS: usize = 24;
/// Thickness of the pointer ray and the arc, in metres.
const LINE_WIDTH: f32 = 0.012;
/// Radius of the landing marker, in metres.
const MARKER_RADIUS: f32 = 0.3;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Pointers>();
    app.add_systems(
        Update,
        (aim_pointers, handle_selects, snap_turn, run_fade)
            .chain()
            .in_set(XrSet::Controllers)
            .run_if(in_state(XrMode::Immersive))
            .run_if(in_state(AppState::Touring)),
    );
    app.add_systems(Update, draw_pointers.after(XrSet::Rig).run_if(in_state(XrMode::Immersive)).run_if(in_state(AppState::Touring)));
    app.add_systems(OnExit(XrMode::Immersive), clear_pointers);
}

/// Target of a controller's pointer.
#[derive(Debug, Clone, PartialEq)]
pub enum PointerTarget {
    /// The open booth panel, where select closes it.
    Panel(Vec3),
    /// A booth (index into the manifest's booths), at the hit point.
    Booth { booth_index: usize, point: Vec3 },
    /// The teleport arc and how it ends.
    Floor { points: Vec<Vec3>, end: ArcEnd },
}

/// Per-hand pointer state and the entities that draw it.
#[derive(Resource, Default)]
struct Pointers {
    hands: HashMap<Handedness, Pointer>,
    fade: Option<TeleportFade>,
}

struct Pointer {
    origin: Vec3,
    direction: Vec3,
    target: PointerTarget,
    snap: SnapTurn,
    visuals: Option<PointerVisuals>,
    /// The XR frame this hand was last seen in.
    seen: u64,
}

struct PointerVisuals {
    ray: Entity,
    arc: Vec<Entity>,
    marker: Entity,
}

struct TeleportFade {
    fade: Fade,
    destination: Vec2,
    overlay: Option<Entity>,
}

/// Marks entities drawn for pointers and the fade, so they go when the session ends.
#[derive(Component)]
struct PointerPart;

fn aim_pointers(
    input: Res<XrFrameInput>,
    rig: Res<XrRig>,
    exhibition: Res<Exhibition>,
    panels: Query<(&XrBoothPanel, &Transform)>,
    mut pointers: ResMut<Pointers>,
    mut status: ResMut<HallStatus>,
) {
    let world_from_local = rig.world_from_local();
    let layout = &exhibition.layout;
    for source in &input.input_sources {
        let ray = world_from_local * source.target_ray;
        let origin = ray.translation;
        let direction = *ray.forward();

        let panel_hit = panels.iter().find_map(|(panel, transform)| panel.hit(transform, origin, direction));
        let wall = layout.first_wall_hit(origin, direction, crate::layout::PAVILION_WALL_HEIGHT).unwrap_or(f32::INFINITY);
        let booth = layout
            .pick_booth_3d(origin, direction)
            .filter(|&(_, distance)| distance <= POINTER_REACH && distance < wall)
            .map(|(slot, distance)| (layout.booths[slot].booth_index, origin + direction * distance));
        let target = match (panel_hit, booth) {
            (Some(point), _) => PointerTarget::Panel(point),
            (None, Some((booth_index, point))) => PointerTarget::Booth { booth_index, point },
            (None, None) => {
                let arc = trace_arc(layout, &exhibition.walk_grid, origin, direction);
                PointerTarget::Floor { points: arc.points, end: arc.end }
            }
        };
        let pointer = pointers.hands.entry(source.handedness).or_insert_with(|| Pointer {
            origin,
            direction,
            target: target.clone(),
            snap: SnapTurn::default(),
            visuals: None,
            seen: input.frame,
        });
        pointer.origin = origin;
        pointer.direction = direction;
        pointer.target = target;
        pointer.seen = input.frame;
    }

    // The status shows the first hand's target, the right one where there are two.
    let reported = [Handedness::Right, Handedness::Left, Handedness::None]
        .into_iter()
        .find_map(|hand| pointers.hands.get(&hand).filter(|pointer| pointer.seen == input.frame).map(|pointer| (hand, pointer)));
    status.xr.target = reported.map(|(hand, pointer)| target_status(&exhibition, hand, &pointer.target));
}

fn target_status(exhibition: &Exhibition, hand: Handedness, target: &PointerTarget) -> XrTargetStatus {
    let (kind, booth, point) = match target {
        PointerTarget::Panel(point) => ("panel", None, Some(*point)),
        PointerTarget::Booth { booth_index, point } => ("booth", Some(exhibition.manifest.booths[*booth_index].id.clone()), Some(*point)),
        PointerTarget::Floor { end, .. } => match *end {
            ArcEnd::Walkable(floor) => ("floor", None, Some(Vec3::new(floor.x, 0.0, floor.y))),
            ArcEnd::NotWalkable(floor) => ("not-walkable", None, Some(Vec3::new(floor.x, 0.0, floor.y))),
            ArcEnd::Blocked(point) => ("blocked", None, Some(point)),
            ArcEnd::Nothing => ("nothing", None, None),
        },
    };
    XrTargetStatus { hand: hand.code(), kind, booth, point }
}

fn handle_selects(
    mut input: ResMut<XrFrameInput>,
    exhibition: Res<Exhibition>,
    mut pointers: ResMut<Pointers>,
    mut commands: Commands,
) {
    let selects = std::mem::take(&mut input.selects);
    for hand in selects {
        let Some(pointer) = pointers.hands.get(&hand) else { continue };
        match &pointer.target {
            PointerTarget::Panel(_) => commands.trigger(XrPanelRequest::Close),
            PointerTarget::Booth { booth_index, .. } => {
                info!("VR select opens booth {}", exhibition.manifest.booths[*booth_index].id);
                commands.trigger(XrPanelRequest::Open(*booth_index));
            }
            PointerTarget::Floor { end, .. } => {
                if let Some(destination) = end.landing()
                    && pointers.fade.is_none()
                {
                    pointers.fade = Some(TeleportFade { fade: Fade::new(), destination, overlay: None });
                }
            }
        }
    }
}

fn snap_turn(input: Res<XrFrameInput>, mut pointers: ResMut<Pointers>, mut rig: ResMut<XrRig>) {
    let Some(viewer) = input.viewer else { return };
    for source in &input.input_sources {
        let Some(pointer) = pointers.hands.get_mut(&source.handedness) else { continue };
        let angle = pointer.snap.update(source.thumbstick.x);
        if angle != 0.0 {
            rig.turn(&viewer, angle);
        }
    }
}

/// Fades to black, teleports at full black and fades back.
fn run_fade(
    time: Res<Time>,
    input: Res<XrFrameInput>,
    kit: Res<HallKit>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut pointers: ResMut<Pointers>,
    mut rig: ResMut<XrRig>,
    mut overlays: Query<(&mut Transform, &MeshMaterial3d<StandardMaterial>)>,
    mut commands: Commands,
) {
    let Some(fade) = pointers.fade.as_mut() else { return };
    let step = fade.fade.step(time.delta_secs());
    if step.move_now
        && let Some(viewer) = input.viewer
    {
        rig.teleport(&viewer, fade.destination);
        info!("VR teleport to ({:.1}, {:.1})", fade.destination.x, fade.destination.y);
    }

    // A black sheet just in front of the eyes; it covers both eyes' fields of view.
    let head = input.viewer.map(|viewer| rig.world_from_local() * viewer).unwrap_or_default();
    let sheet = Transform::from_translation(head.translation + *head.forward() * 0.08)
        .with_rotation(head.rotation)
        .with_scale(Vec3::new(1.0, 1.0, 1.0));
    let overlay = *fade.overlay.get_or_insert_with(|| {
        let material = materials.add(StandardMaterial {
            base_color: Color::srgba(0.0, 0.0, 0.0, 0.0),
            alpha_mode: AlphaMode::Blend,
            unlit: true,
            ..default()
        });
        commands.spawn((Name::new("VR teleport fade"), PointerPart, Mesh3d(kit.quad.clone()), MeshMaterial3d(material), sheet)).id()
    });
    if let Ok((mut transform, material)) = overlays.get_mut(overlay) {
        *transform = sheet;
        if let Some(mut material) = materials.get_mut(&material.0) {
            material.base_color = Color::srgba(0.0, 0.0, 0.0, step.alpha);
        }
    }
    if step.finished {
        commands.entity(overlay).despawn();
        pointers.fade = None;
    }
}

/// Draws each hand's ray, arc and landing marker.
fn draw_pointers(
    input: Res<XrFrameInput>,
    kit: Res<HallKit>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut pointers: ResMut<Pointers>,
    mut parts: Query<(&mut Transform, &mut Visibility, &mut MeshMaterial3d<StandardMaterial>), With<PointerPart>>,
    mut colors: Local<Option<(Handle<StandardMaterial>, Handle<StandardMaterial>, Handle<StandardMaterial>, Handle<Mesh>)>>,
    mut commands: Commands,
) {
    let (valid, invalid, booth, disc) = colors
        .get_or_insert_with(|| {
            let glow = |color: Color| StandardMaterial { base_color: color, unlit: true, ..default() };
            (
                materials.add(glow(Color::srgb(0.2, 0.85, 1.0))),
                materials.add(glow(Color::srgb(1.0, 0.3, 0.25))),
                materials.add(glow(Color::srgb(1.0, 0.85, 0.2))),
                meshes.add(Cylinder::new(MARKER_RADIUS, 0.02)),
            )
        })
        .clone();

    for pointer in pointers.hands.values_mut() {
        let visuals = pointer.visuals.get_or_insert_with(|| {
            let mut part = |mesh: Handle<Mesh>, name: &str| {
                commands.spawn((Name::new(name.to_owned()), PointerPart, Mesh3d(mesh), MeshMaterial3d(valid.clone()), Visibility::Hidden)).id()
            };
            PointerVisuals {
                ray: part(kit.cube.clone(), "VR pointer ray"),
                arc: (0..ARC_SEGMENTS).map(|_| part(kit.cube.clone(), "VR teleport arc")).collect(),
                marker: part(disc.clone(), "VR landing marker"),
            }
        });
        let live = pointer.seen == input.frame;
        let mut set = |entity: Entity, transform: Option<Transform>, material: &Handle<StandardMaterial>| {
            if let Ok((mut current, mut visibility, mut current_material)) = parts.get_mut(entity) {
                match transform.filter(|_| live) {
                    Some(transform) => {
                        *current = transform;
                        *visibility = Visibility::Visible;
                        if current_material.0 != *material {
                            current_material.0 = material.clone();
                        }
                    }
                    None => *visibility = Visibility::Hidden,
                }
            }
        };

        let (ray_end, ray_material, arc_points, marker) = match &pointer.target {
            PointerTarget::Panel(point) => (*point, &valid, None, None),
            PointerTarget::Booth { point, .. } => (*point, &booth, None, None),
            PointerTarget::Floor { points, end } => {
                let (material, marker) = match *end {
                    ArcEnd::Walkable(floor) => (&valid, Some(floor)),
                    ArcEnd::NotWalkable(floor) => (&invalid, Some(floor)),
                    _ => (&invalid, None),
                };
                (pointer.origin + pointer.direction * 0.3, material, Some((points, material)), marker)
            }
        };
        set(visuals.ray, Some(segment(pointer.origin, ray_end)), ray_material);

        let points = arc_points.map(|(points, _)| points.as_slice()).unwrap_or(&[]);
        let material = arc_points.map(|(_, material)| material).unwrap_or(&valid);
        // Spread the drawn segments over the arc's samples.
        for (index, entity) in visuals.arc.iter().enumerate() {
            let segment_of = |i: usize| points.get(i * points.len().saturating_sub(1) / ARC_SEGMENTS).copied();
            let transform = match (segment_of(index), segment_of(index + 1)) {
                (Some(a), Some(b)) if a != b => Some(segment(a, b)),
                _ => None,
            };
            set(*entity, transform, material);
        }
        let marker_material = if matches!(pointer.target, PointerTarget::Floor { end: ArcEnd::Walkable(_), .. }) { &valid } else { &invalid };
        set(visuals.marker, marker.map(|floor| Transform::from_xyz(floor.x, 0.01, floor.y)), marker_material);
    }
}

/// Returns the transform of a thin box from `a` to `b`.
fn segment(a: Vec3, b: Vec3) -> Transform {
    let length = a.distance(b).max(0.001);
    let direction = (b - a) / length;
    Transform::from_translation((a + b) * 0.5)
        .with_rotation(Quat::from_rotation_arc(Vec3::Z, direction))
        .with_scale(Vec3::new(LINE_WIDTH, LINE_WIDTH, length))
}

fn clear_pointers(mut pointers: ResMut<Pointers>, parts: Query<Entity, With<PointerPart>>, mut commands: Commands, mut status: ResMut<HallStatus>) {
    *pointers = Pointers::default();
    for entity in &parts {
        commands.entity(entity).despawn();
    }
    status.xr.target = None;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_spans_points() {
        let a = Vec3::new(1.0, 2.0, 3.0);
        let b = Vec3::new(1.0, 0.0, 1.0);
        let transform = segment(a, b);
        let start = transform.transform_point(Vec3::new(0.0, 0.0, -0.5));
        let end = transform.transform_point(Vec3::new(0.0, 0.0, 0.5));
        assert!(start.distance(a) < 1e-4 || start.distance(b) < 1e-4, "{start}");
        assert!(end.distance(a) < 1e-4 || end.distance(b) < 1e-4, "{end}");
        assert!(start.distance(end) > 2.8);
    }
}
