//! Upright compound light microscope: base with illuminator, curved arm with focus knobs,
//! stage with slide and clips, condenser, revolving nosepiece with four objectives and a
//! binocular head whose eyepieces point towards the viewer (+Z).
//!
//! Modelled at real size (about 0.45 m tall), then scaled up about 3.5 times for display.

use std::f32::consts::{FRAC_PI_2, TAU};

use super::Palette;
use super::parts::{box_between, side_extrusion, srgb};
use crate::math::{Quat, Transform, Vec3, vec3};
use crate::mesh::{Mesh, rounded_rect};
use crate::model::{Material, Model};

/// Optical axis position (x = 0, z = this) over the stage.
const AXIS_Z: f32 = 0.03;
const STAGE_Y: f32 = 0.15;

pub fn build() -> Model {
    let mut model = Model::new("microscope");
    let palette = Palette::standard(&mut model);
    let body = model
        .add_material(Material::paint("microscope enamel", srgb(0xE9E7E0)).with_roughness(0.3));
    let matte_black =
        model.add_material(Material::new("matte black", srgb(0x1A1A1C)).with_roughness(0.7));
    let lamp = model.add_material(Material::emissive("illuminator", [1.0, 0.92, 0.75]));
    let slide_glass =
        model.add_material(Material::new("slide glass", srgb(0xCFE6EA)).with_roughness(0.05));
    let ring_colours = [0xD7263D, 0xF4C20D, 0x2E86DE, 0xF5F5F5];
    let rings: Vec<_> = ring_colours
        .iter()
        .enumerate()
        .map(|(i, &hex)| {
            model.add_material(
                Material::new(&format!("objective ring {}", i + 1), srgb(hex)).with_roughness(0.4),
            )
        })
        .collect();
    let root = model.root();

    // Base and illuminator.
    let frame = model.add_node(root, "frame", Transform::IDENTITY);
    let base = Mesh::extrude(&rounded_rect(0.2, 0.26, 0.04, 4), 0.045)
        .rotated(Quat::from_rotation_x(-FRAC_PI_2))
        .translated(vec3(0.0, 0.0225, -0.01));
    model.add_mesh(frame, body, base);
    model.add_mesh(
        frame,
        palette.chrome,
        Mesh::cylinder(0.024, 0.012, 24).translated(vec3(0.0, 0.05, AXIS_Z)),
    );
    model.add_mesh(
        frame,
        lamp,
        Mesh::cylinder(0.018, 0.004, 24).translated(vec3(0.0, 0.057, AXIS_Z)),
    );
    model.add_mesh(
        frame,
        matte_black,
        Mesh::rod(vec3(0.1, 0.02, 0.06), vec3(0.112, 0.02, 0.06), 0.012, 16),
    );

    // Curved arm from the back of the base up to the head.
    model.add_mesh(frame, body, side_extrusion(&arm_outline(), 0.055));
    for side in [-1.0f32, 1.0] {
        let coarse = Mesh::rod(
            vec3(side * 0.03, 0.1, -0.075),
            vec3(side * 0.055, 0.1, -0.075),
            0.03,
            24,
        );
        let fine = Mesh::rod(
            vec3(side * 0.055, 0.1, -0.075),
            vec3(side * 0.075, 0.1, -0.075),
            0.017,
            20,
        );
        model.add_mesh(frame, matte_black, coarse.merged(&fine));
    }

    // Stage with slide, clips and the mechanical-stage knobs; condenser underneath.
    let stage = model.add_node(
        frame,
        "stage",
        Transform::from_translation(vec3(0.0, STAGE_Y, AXIS_Z)),
    );
    model.add_mesh(
        stage,
        matte_black,
        box_between(vec3(-0.075, -0.006, -0.07), vec3(0.075, 0.006, 0.07)),
    );
    model.add_mesh(
        stage,
        matte_black,
        box_between(vec3(-0.02, -0.02, -0.09), vec3(0.02, 0.0, -0.06)),
    );
    model.add_mesh(
        stage,
        slide_glass,
        box_between(vec3(-0.038, 0.006, -0.013), vec3(0.038, 0.008, 0.013)),
    );
    model.add_mesh(
        stage,
        palette.chrome,
        box_between(vec3(-0.045, 0.008, -0.018), vec3(-0.02, 0.01, -0.012)),
    );
    model.add_mesh(
        stage,
        palette.chrome,
        box_between(vec3(0.02, 0.008, -0.018), vec3(0.045, 0.01, -0.012)),
    );
    for (y, radius) in [(-0.03, 0.012), (-0.045, 0.009)] {
        model.add_mesh(
            stage,
            matte_black,
            Mesh::rod(vec3(0.065, y, 0.04), vec3(0.095, y, 0.04), radius, 16),
        );
    }
    model.add_mesh(
        stage,
        matte_black,
        Mesh::rod(
            vec3(0.065, -0.01, 0.04),
            vec3(0.065, -0.045, 0.04),
            0.004,
            8,
        ),
    );
    model.add_mesh(
        stage,
        palette.chrome,
        Mesh::cylinder(0.022, 0.03, 24).translated(vec3(0.0, -0.025, 0.0)),
    );
    model.add_mesh(
        stage,
        matte_black,
        Mesh::rod(vec3(0.0, -0.02, 0.0), vec3(0.035, -0.02, 0.02), 0.003, 6),
    );

    // Revolving nosepiece, tilted back, with four objectives of increasing length.
    let nosepiece = model.add_node(
        frame,
        "nosepiece",
        Transform::from_translation_rotation(
            vec3(0.0, 0.29, AXIS_Z - 0.008),
            Quat::from_rotation_x(-0.25),
        ),
    );
    model.add_mesh(
        nosepiece,
        palette.chrome,
        Mesh::lathe(
            &[
                [0.0, -0.012],
                [0.04, -0.012],
                [0.045, -0.004],
                [0.03, 0.01],
                [0.0, 0.012],
            ],
            40,
        ),
    );
    for (i, ring) in rings.iter().enumerate() {
        let angle = TAU * i as f32 / 4.0 + FRAC_PI_2;

        // The first objective (i = 0) is at the front, where the tilt points it down at the stage.
        let seat = vec3(0.026 * angle.cos(), -0.012, 0.026 * angle.sin());
        let length = 0.028 + 0.01 * i as f32;
        let objective = Mesh::lathe(
            &[
                [0.0, 0.0],
                [0.011, 0.0],
                [0.011, length * 0.6],
                [0.008, length],
                [0.0, length],
            ],
            20,
        )
        .rotated(Quat::from_rotation_x(std::f32::consts::PI))
        .translated(seat);
        model.add_mesh(nosepiece, palette.chrome, objective);
        let band = Mesh::cylinder(0.0115, 0.004, 20).translated(seat - Vec3::Y * (length * 0.45));
        model.add_mesh(nosepiece, *ring, band);
    }

    // Binocular head with two eyepieces angled up towards the viewer.
    let head = model.add_node(
        frame,
        "head",
        Transform::from_translation(vec3(0.0, 0.33, AXIS_Z - 0.02)),
    );
    model.add_mesh(
        head,
        body,
        side_extrusion(
            &[
                [-0.1, -0.03],
                [0.05, -0.03],
                [0.06, 0.0],
                [0.03, 0.04],
                [-0.1, 0.04],
            ],
            0.07,
        ),
    );
    model.add_mesh(
        head,
        matte_black,
        box_between(vec3(-0.05, 0.04, -0.02), vec3(0.05, 0.06, 0.04)),
    );
    let eyepiece_direction = vec3(0.0, 0.5f32.sin(), 0.5f32.cos()).normalize_or_zero();
    for side in [-1.0f32, 1.0] {
        let start = vec3(side * 0.032, 0.05, 0.01);
        let end = start + eyepiece_direction * 0.085;
        model.add_mesh(head, body, Mesh::rod(start, end, 0.013, 20));
        let cup = Mesh::rod(end, end + eyepiece_direction * 0.025, 0.015, 20);
        model.add_mesh(head, matte_black, cup);
    }

    model.fit_to(vec3(1.3, 1.6, 1.3));
    model
}

/// Returns the arm's side outline in (z, y): a thick curve from the back of the base up and
/// forward to the head.
fn arm_outline() -> Vec<[f32; 2]> {
    let steps = 10;
    let center = |t: f32| -> [f32; 2] {
        // Quadratic Bézier from the base (back) through a rearward bulge to the head.
        let (p0, p1, p2) = (
            [-0.085f32, 0.03f32],
            [-0.11f32, 0.26f32],
            [-0.02f32, 0.33f32],
        );
        let u = 1.0 - t;
        [
            u * u * p0[0] + 2.0 * u * t * p1[0] + t * t * p2[0],
            u * u * p0[1] + 2.0 * u * t * p1[1] + t * t * p2[1],
        ]
    };
    let half_width = |t: f32| 0.03 - 0.008 * t;
    let mut front = Vec::new();
    let mut back = Vec::new();
    for i in 0..=steps {
        let t = i as f32 / steps as f32;
        let (a, b) = (center((t - 0.01).max(0.0)), center((t + 0.01).min(1.0)));
        let (dz, dy) = (b[0] - a[0], b[1] - a[1]);
        let length = (dz * dz + dy * dy).sqrt();
        let normal = [dy / length, -dz / length];
        let c = center(t);
        let w = half_width(t);
        front.push([c[0] + normal[0] * w, c[1] + normal[1] * w]);
        back.push([c[0] - normal[0] * w, c[1] - normal[1] * w]);
    }
    front.extend(back.into_iter().rev());
    front
}
