//! Oranges (Guangxi is a leading citrus region) piled in a bowl on a turned wooden stand, the
//! top one still on its twig with glossy leaves.
//!
//! Display size: the whole exhibit is 1.3 m tall, which makes the oranges about 20 cm across,
//! two to three times life size.

use std::f32::consts::{PI, TAU};

use super::parts::srgb;
use crate::math::{Quat, Transform, Vec3, vec3};
use crate::mesh::{Mesh, SweepFrame, ellipse};
use crate::model::{Material, MaterialId, Model, NodeId};

const ORANGE_RADIUS: f32 = 0.085;
/// Oranges are slightly flattened at the poles.
const ORANGE_FLATTENING: f32 = 0.92;

pub fn build() -> Model {
    let mut model = Model::new("citrus");
    let wood = model.add_material(Material::new("walnut", srgb(0x7A4A26)).with_roughness(0.45));
    let ceramic =
        model.add_material(Material::new("white ceramic", srgb(0xF1EEE6)).with_roughness(0.2));
    let peel =
        model.add_material(Material::new("orange peel", srgb(0xF28A12)).with_roughness(0.55));
    let calyx =
        model.add_material(Material::new("calyx green", srgb(0x6B7A2A)).with_roughness(0.6));
    let leaf_green =
        model.add_material(Material::new("citrus leaf", srgb(0x2D6A26)).with_roughness(0.3));
    let twig = model.add_material(Material::new("twig", srgb(0x5A4A2A)).with_roughness(0.7));
    let root = model.root();

    let stand = model.add_node(root, "stand", Transform::IDENTITY);
    let pedestal = [
        [0.0, 0.0],
        [0.22, 0.0],
        [0.22, 0.03],
        [0.12, 0.06],
        [0.05, 0.1],
        [0.04, 0.35],
        [0.05, 0.6],
        [0.08, 0.66],
        [0.2, 0.68],
        [0.2, 0.71],
        [0.0, 0.71],
    ];
    model.add_mesh(stand, wood, Mesh::lathe(&pedestal, 40));
    let bowl = [
        [0.0, 0.71],
        [0.1, 0.71],
        [0.3, 0.8],
        [0.36, 0.86],
        [0.345, 0.866],
        [0.28, 0.81],
        [0.09, 0.735],
        [0.0, 0.735],
    ];
    model.add_mesh(stand, ceramic, Mesh::lathe(&bowl, 48));

    let orange = orange_mesh();
    let orange_calyx = calyx_mesh();
    let half_height = ORANGE_RADIUS * ORANGE_FLATTENING;

    // Five oranges in a ring on the bowl, one resting on top of them.
    let ring_radius = 0.15;
    let ring_y = 0.752 + half_height;
    for i in 0..5 {
        let angle = TAU * i as f32 / 5.0 + 0.3;
        let tilt = Quat::from_axis_angle(vec3(angle.sin(), 0.0, -angle.cos()), 0.5);
        let position = vec3(ring_radius * angle.cos(), ring_y, ring_radius * angle.sin());
        let node = model.add_node(
            root,
            &format!("orange-{}", i + 1),
            Transform::from_translation_rotation(position, tilt),
        );
        model.add_mesh(node, peel, orange.clone());
        model.add_mesh(node, calyx, orange_calyx.clone());
    }
    let top_y = ring_y + ((2.0 * ORANGE_RADIUS).powi(2) - ring_radius * ring_radius).sqrt() * 0.98;
    let top = model.add_node(
        root,
        "orange-top",
        Transform::from_translation(vec3(0.0, top_y, 0.0)),
    );
    model.add_mesh(top, peel, orange);
    model.add_mesh(top, calyx, orange_calyx);
    add_twig_with_leaves(&mut model, top, twig, leaf_green);

    // Two loose leaves tucked under the fruit, hanging over the bowl rim.
    for angle in [0.3 + TAU * 0.5 / 5.0, 0.3 + TAU * 2.5 / 5.0] {
        let outward = vec3(angle.cos(), 0.0, angle.sin());
        let base = outward * 0.2 + Vec3::Y * 0.84;
        let path = [
            base,
            base + outward * 0.08 + Vec3::Y * 0.045,
            base + outward * 0.17 + Vec3::Y * 0.065,
            base + outward * 0.25 + Vec3::Y * 0.03,
        ];
        model.add_mesh(
            root,
            leaf_green,
            leaf_blade(&path, 0.045, Vec3::Y.cross(outward)),
        );
    }

    model.fit_to(vec3(1.3, 1.3, 1.3));
    model
}

fn orange_mesh() -> Mesh {
    Mesh::uv_sphere(ORANGE_RADIUS, 28, 16).scaled(vec3(1.0, ORANGE_FLATTENING, 1.0))
}

/// Builds the small five-pointed calyx and stem stub on top of an orange.
fn calyx_mesh() -> Mesh {
    let points: Vec<[f32; 2]> = (0..10)
        .map(|i| {
            let angle = PI * i as f32 / 5.0;
            let radius = if i % 2 == 0 { 0.018 } else { 0.008 };
            [radius * angle.cos(), radius * angle.sin()]
        })
        .collect();
    let star = Mesh::extrude(&points, 0.004).rotated(Quat::from_rotation_x(-PI * 0.5));
    let top_y = ORANGE_RADIUS * ORANGE_FLATTENING;
    star.translated(vec3(0.0, top_y, 0.0))
        .merged(&Mesh::cylinder(0.004, 0.012, 8).translated(vec3(0.0, top_y + 0.006, 0.0)))
}

/// Adds the twig rising from the top orange with three leaves, in the orange's node space.
fn add_twig_with_leaves(model: &mut Model, orange: NodeId, twig: MaterialId, leaf: MaterialId) {
    let top = ORANGE_RADIUS * ORANGE_FLATTENING;
    let twig_path = [
        vec3(0.0, top, 0.0),
        vec3(0.01, top + 0.04, 0.0),
        vec3(0.04, top + 0.08, 0.01),
        vec3(0.08, top + 0.1, 0.02),
    ];
    model.add_mesh(orange, twig, Mesh::tube(&twig_path, 0.005, 8));
    let leaves = [
        (vec3(0.02, top + 0.055, 0.0), 2.2, 0.35),
        (vec3(0.05, top + 0.09, 0.012), -0.6, 0.2),
        (vec3(0.08, top + 0.1, 0.02), 0.4, 0.1),
    ];
    for (base, angle, lift) in leaves {
        let outward = vec3(f32::cos(angle), 0.0, f32::sin(angle));
        let path = [
            base,
            base + outward * 0.05 + Vec3::Y * (0.02 + lift * 0.05),
            base + outward * 0.12 + Vec3::Y * (0.02 + lift * 0.08),
            base + outward * 0.18 + Vec3::Y * (lift * 0.05 - 0.02),
        ];
        model.add_mesh(
            orange,
            leaf,
            leaf_blade(&path, 0.04, Vec3::Y.cross(outward)),
        );
    }
}

/// Builds an elliptical leaf blade along `path` with the given maximum half-width; `side`
/// is the direction across the blade.
fn leaf_blade(path: &[Vec3], half_width: f32, side: Vec3) -> Mesh {
    // Resample the polyline to a smooth enough curve for the width profile.
    let samples = 10;
    let mut points = Vec::with_capacity(samples + 1);
    for i in 0..=samples {
        let t = i as f32 / samples as f32 * (path.len() - 1) as f32;
        let segment = (t.floor() as usize).min(path.len() - 2);
        points.push(path[segment].lerp(path[segment + 1], t - segment as f32));
    }
    let scales: Vec<f32> = (0..=samples)
        .map(|i| {
            let t = i as f32 / samples as f32;
            0.002 + half_width * (PI * t).sin().max(0.0).powf(0.8) * (1.0 - 0.3 * t)
        })
        .collect();
    Mesh::sweep(
        &ellipse(1.0, 0.08, 6),
        &points,
        &scales,
        SweepFrame::UToward(side),
    )
}
