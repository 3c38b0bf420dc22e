//! Zhang Heng's seismoscope (Houfeng Didong Yi, AD 132) after the usual museum reconstruction,
//! beside a modern broadband seismometer.
//!
//! The bronze urn carries eight dragons facing the eight principal compass directions, each
//! holding a ball in its mouth. Below each dragon sits a toad with its mouth open upwards, to
//! catch the ball that a tremor from that direction would release. The modern station on the
//! right is a cylindrical sensor on a granite pier with a recorder showing a live trace.

use std::f32::consts::{PI, TAU};

use super::parts::{box_between, srgb};
use super::{FIT_LARGE, Palette};
use crate::math::{Quat, Transform, Vec3, vec3};
use crate::mesh::{Mesh, SweepFrame, circle};
use crate::model::{Material, Model, NodeId};

const URN_X: f32 = -0.4;
/// Radius at which the dragons' balls hang and the toads' mouths open.
const DROP_RADIUS: f32 = 0.64;
const DRAGON_HEAD_Y: f32 = 0.8;

pub fn build() -> Model {
    let mut model = Model::new("seismograph");
    let palette = Palette::standard(&mut model);
    let bronze = model.add_material(Material::metal("aged bronze", srgb(0xA87B4F), 0.45));
    let dark_bronze = model.add_material(Material::metal("dark bronze", srgb(0x6E4E30), 0.55));
    let gilt = model.add_material(Material::metal(
        "polished bronze ball",
        srgb(0xE0BB70),
        0.22,
    ));
    let patina = model.add_material(
        Material::new("verdigris patina", srgb(0x4F8A74))
            .with_metallic(0.35)
            .with_roughness(0.65),
    );
    let root = model.root();

    let urn = model.add_node(
        root,
        "houfeng-didong-yi",
        Transform::from_translation(vec3(URN_X, 0.0, 0.0)),
    );
    model.add_mesh(urn, bronze, Mesh::lathe(&urn_outline(), 40));
    for (y, radius) in [(0.12, 0.405), (0.74, 0.505), (1.03, 0.425)] {
        model.add_mesh(
            urn,
            dark_bronze,
            Mesh::torus(radius, 0.018, 40, 5).translated(vec3(0.0, y, 0.0)),
        );
    }

    // Raised cloud bosses between the dragons on the belly.
    for k in 0..8 {
        let angle = TAU * (k as f32 + 0.5) / 8.0;
        let boss = Mesh::uv_sphere(1.0, 8, 4)
            .scaled(vec3(0.015, 0.06, 0.06))
            .translated(vec3(0.51, 0.5, 0.0))
            .rotated(Quat::from_rotation_y(angle));
        model.add_mesh(urn, dark_bronze, boss);
    }

    let (dragon, dragon_ball) = dragon_meshes();
    let toad = toad_meshes();
    for k in 0..8 {
        let angle = TAU * k as f32 / 8.0;

        // The dragon and toad meshes point along +X; each node turns them to one of the eight directions.
        let facing = Quat::from_rotation_y(angle);
        let dragon_node = model.add_node(
            urn,
            &format!("dragon-{}", k + 1),
            Transform::from_rotation(facing),
        );
        model.add_mesh(dragon_node, bronze, dragon.clone());
        model.add_mesh(dragon_node, gilt, dragon_ball.clone());

        let toad_node = model.add_node(
            urn,
            &format!("toad-{}", k + 1),
            Transform::from_rotation(facing),
        );
        model.add_mesh(toad_node, patina, toad.body.clone());
        model.add_mesh(toad_node, palette.black_plastic, toad.mouth.clone());
        model.add_mesh(toad_node, gilt, toad.eyes.clone());
    }

    add_modern_station(&mut model, root, &palette);
    model.fit_to(FIT_LARGE);
    model
}

/// Returns the urn's outline (radius, y): foot, swelling body, shoulder, neck and domed lid
/// with a knob.
fn urn_outline() -> Vec<[f32; 2]> {
    vec![
        [0.0, 0.0],
        [0.36, 0.0],
        [0.39, 0.04],
        [0.36, 0.09],
        [0.4, 0.16],
        [0.46, 0.3],
        [0.5, 0.45],
        [0.51, 0.58],
        [0.5, 0.7],
        [0.46, 0.82],
        [0.4, 0.92],
        [0.38, 0.98],
        [0.42, 1.01],
        [0.42, 1.05],
        [0.39, 1.07],
        [0.35, 1.17],
        [0.24, 1.27],
        [0.1, 1.32],
        [0.06, 1.34],
        [0.08, 1.4],
        [0.05, 1.45],
        [0.0, 1.46],
    ]
}

/// Builds one dragon in urn space with +X outwards: a sinuous body from the lid down the
/// shoulder to a head that juts out and down, with horns, jaws and the ball between them.
/// Returns `(dragon, ball)`.
fn dragon_meshes() -> (Mesh, Mesh) {
    let head = vec3(DROP_RADIUS - 0.02, DRAGON_HEAD_Y + 0.07, 0.0);
    let body_path = [
        vec3(0.3, 1.22, 0.0),
        vec3(0.38, 1.12, 0.03),
        vec3(0.43, 1.03, -0.03),
        vec3(0.47, 0.96, 0.03),
        vec3(0.52, 0.9, 0.0),
        vec3(0.57, 0.88, 0.0),
        head - vec3(0.02, 0.0, 0.0),
    ];
    let scales = [0.014, 0.03, 0.042, 0.05, 0.052, 0.048, 0.045];
    let mut dragon = Mesh::sweep(
        &circle(1.0, 10),
        &body_path,
        &scales,
        SweepFrame::ParallelTransport,
    );

    // Head: skull, snout pointing outward and down, lower jaw dropped open.
    let down_tilt = Quat::from_rotation_z(-0.6);
    dragon.append(
        &Mesh::uv_sphere(1.0, 10, 6)
            .scaled(vec3(0.08, 0.06, 0.06))
            .rotated(down_tilt)
            .translated(head),
    );
    let snout_tip = head + down_tilt.rotate(vec3(0.13, 0.0, 0.0));
    dragon.append(&Mesh::rod(head, snout_tip, 0.034, 10));
    let jaw_base = head + vec3(0.0, -0.045, 0.0);
    dragon.append(&Mesh::rod(
        jaw_base,
        jaw_base + Quat::from_rotation_z(-1.3).rotate(vec3(0.1, 0.0, 0.0)),
        0.02,
        8,
    ));
    for side in [-1.0f32, 1.0] {
        let horn_base = head + vec3(-0.025, 0.04, side * 0.03);
        dragon.append(&Mesh::tube(
            &[
                horn_base,
                horn_base + vec3(-0.05, 0.05, side * 0.02),
                horn_base + vec3(-0.11, 0.06, side * 0.025),
            ],
            0.011,
            5,
        ));
        dragon.append(
            &Mesh::uv_sphere(0.014, 6, 4).translated(head + vec3(0.04, 0.032, side * 0.036)),
        );
    }

    // Claws gripping the shoulder.
    for (point, side) in [(vec3(0.5, 0.72, 0.0), 1.0f32), (vec3(0.46, 1.0, 0.0), -1.0)] {
        dragon.append(&Mesh::rod(
            point + vec3(0.0, 0.0, side * 0.06),
            point + vec3(0.05, 0.12, side * 0.04),
            0.012,
            6,
        ));
    }

    // The ball sits between the jaws, right above the toad's mouth.
    let ball =
        Mesh::uv_sphere(0.036, 10, 6).translated(vec3(DROP_RADIUS, DRAGON_HEAD_Y - 0.005, 0.0));
    (dragon, ball)
}

struct ToadMeshes {
    body: Mesh,
    mouth: Mesh,
    eyes: Mesh,
}

/// Builds one toad in urn space with +X outwards, squatting under its dragon with its head
/// tipped back and mouth open upwards at the drop radius.
fn toad_meshes() -> ToadMeshes {
    let center = vec3(DROP_RADIUS + 0.1, 0.0, 0.0);
    let mut body = Mesh::uv_sphere(1.0, 10, 7)
        .scaled(vec3(0.14, 0.09, 0.12))
        .translated(center + vec3(0.0, 0.07, 0.0));

    // Head raised towards the urn, mouth rim around the drop point.
    let mouth_center = vec3(DROP_RADIUS, 0.2, 0.0);
    body.append(
        &Mesh::uv_sphere(1.0, 10, 6)
            .scaled(vec3(0.08, 0.075, 0.085))
            .translated(mouth_center + vec3(0.02, -0.04, 0.0)),
    );
    body.append(&Mesh::torus(0.05, 0.014, 12, 4).translated(mouth_center));
    for side in [-1.0f32, 1.0] {
        body.append(
            &Mesh::uv_sphere(1.0, 6, 4)
                .scaled(vec3(0.05, 0.04, 0.035))
                .translated(center + vec3(-0.06, 0.03, side * 0.1)),
        );
        body.append(
            &Mesh::uv_sphere(1.0, 6, 4)
                .scaled(vec3(0.06, 0.045, 0.05))
                .translated(center + vec3(0.1, 0.04, side * 0.09)),
        );
    }
    let mouth = Mesh::cylinder(0.042, 0.01, 12).translated(mouth_center + vec3(0.0, 0.002, 0.0));
    let mut eyes = Mesh::new();
    for side in [-1.0f32, 1.0] {
        eyes.append(
            &Mesh::uv_sphere(0.016, 6, 4).translated(mouth_center + vec3(0.05, 0.01, side * 0.045)),
        );
    }
    ToadMeshes { body, mouth, eyes }
}

/// Adds the modern station: granite pier, broadband sensor with levelling feet, cable and a
/// recorder whose screen shows a seismogram.
fn add_modern_station(model: &mut Model, root: NodeId, palette: &Palette) {
    let granite = model.add_material(Material::new("granite", srgb(0x8E8B87)).with_roughness(0.75));
    let sensor_paint = model.add_material(Material::paint("sensor blue-grey", srgb(0x5B6F82)));
    let screen = model.add_material(
        Material::emissive("recorder screen", srgb(0x0B1A24)).with_emissive([0.01, 0.03, 0.05]),
    );
    let trace = model.add_material(Material::emissive("seismogram trace", [0.2, 1.0, 0.45]));
    let station = model.add_node(
        root,
        "modern-seismometer",
        Transform::from_translation(vec3(0.95, 0.0, 0.0)),
    );

    model.add_mesh(
        station,
        granite,
        box_between(vec3(-0.3, 0.0, -0.25), vec3(0.3, 0.5, 0.25)),
    );
    let sensor = model.add_node(
        station,
        "broadband-sensor",
        Transform::from_translation(vec3(-0.12, 0.5, -0.05)),
    );
    model.add_mesh(
        sensor,
        sensor_paint,
        Mesh::lathe(
            &[
                [0.0, 0.03],
                [0.11, 0.03],
                [0.11, 0.2],
                [0.09, 0.24],
                [0.0, 0.25],
            ],
            32,
        ),
    );
    model.add_mesh(
        sensor,
        palette.black_plastic,
        Mesh::cylinder(0.112, 0.02, 32).translated(vec3(0.0, 0.12, 0.0)),
    );
    for k in 0..3 {
        let angle = TAU * k as f32 / 3.0 + PI / 6.0;
        let foot = vec3(0.12 * angle.cos(), 0.0, 0.12 * angle.sin());
        model.add_mesh(
            sensor,
            palette.steel,
            Mesh::cylinder(0.02, 0.03, 12).translated(foot + vec3(0.0, 0.015, 0.0)),
        );
    }
    model.add_mesh(
        sensor,
        palette.chrome,
        Mesh::cylinder(0.02, 0.04, 12).translated(vec3(0.0, 0.27, 0.0)),
    );

    // Recorder: a box with its screen tilted towards the viewer.
    let recorder = model.add_node(
        station,
        "recorder",
        Transform::from_translation_rotation(vec3(0.14, 0.5, 0.06), Quat::from_rotation_x(-0.25)),
    );
    model.add_mesh(
        recorder,
        palette.dark_metal,
        box_between(vec3(-0.15, 0.0, -0.07), vec3(0.15, 0.2, 0.07)),
    );
    model.add_mesh(
        recorder,
        screen,
        box_between(vec3(-0.13, 0.025, 0.07), vec3(0.13, 0.18, 0.074)),
    );
    let samples = 40;
    let mut previous: Option<Vec3> = None;
    for i in 0..=samples {
        let t = i as f32 / samples as f32;

        // A quiet trace, then a P arrival and a larger S wave, decaying.
        let envelope = if t < 0.3 {
            0.05
        } else if t < 0.5 {
            0.4
        } else {
            (1.0 - t) * 1.6
        };
        let wiggle = (t * 97.0).sin() * 0.6 + (t * 61.0).cos() * 0.4;
        let point = vec3(-0.12 + 0.24 * t, 0.1 + 0.06 * envelope * wiggle, 0.076);
        if let Some(start) = previous {
            model.add_mesh(recorder, trace, Mesh::rod(start, point, 0.0025, 4));
        }
        previous = Some(point);
    }
    let cable = [
        vec3(-0.12 + 0.1, 0.62, -0.05),
        vec3(0.0, 0.58, -0.1),
        vec3(0.1, 0.55, -0.05),
        vec3(0.14, 0.55, 0.0),
    ];
    model.add_mesh(station, palette.black_plastic, Mesh::tube(&cable, 0.008, 6));
}
