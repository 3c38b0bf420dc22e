//! Small two-door electric city car, boxy like the micro EVs built in Liuzhou: pastel body,
//! white roof, glass all round, four small wheels.
//!
//! Modelled at full size (2.92 m long, 1.49 m wide, 1.62 m tall), then scaled to fit.

use std::f32::consts::PI;

use super::parts::{box_between, rim, side_extrusion, srgb, tyre};
use super::{FIT_LARGE, Palette};
use crate::math::{Quat, Transform, vec3};
use crate::mesh::Mesh;
use crate::model::{Material, MaterialId, Model, NodeId};

const WHEEL_RADIUS: f32 = 0.265;
const WHEEL_X: f32 = 0.655;
const AXLE_Z: f32 = 0.97;
const BODY_HALF_WIDTH: f32 = 0.73;

pub fn build() -> Model {
    let mut model = Model::new("electric-car");
    let palette = Palette::standard(&mut model);
    let body_paint = model.add_material(Material::paint("pastel green paint", srgb(0xA8D5BA)));
    let roof_paint = model.add_material(Material::paint("white roof paint", srgb(0xF2F2EE)));
    let trim =
        model.add_material(Material::new("bumper grey", srgb(0x4A4D50)).with_roughness(0.55));
    let root = model.root();

    let body = model.add_node(root, "body", Transform::IDENTITY);
    model.add_mesh(
        body,
        body_paint,
        side_extrusion(&body_outline(), 2.0 * BODY_HALF_WIDTH),
    );
    model.add_mesh(
        body,
        roof_paint,
        box_between(vec3(-0.7, 1.595, -1.32), vec3(0.7, 1.625, 0.5)),
    );
    add_glass(&mut model, body, palette.glass);

    // Bumpers, grille, lamps, door seams, handles and mirrors.
    model.add_mesh(
        body,
        trim,
        box_between(vec3(-0.745, 0.24, 1.38), vec3(0.745, 0.46, 1.5)),
    );
    model.add_mesh(
        body,
        trim,
        box_between(vec3(-0.745, 0.24, -1.49), vec3(0.745, 0.46, -1.38)),
    );
    model.add_mesh(
        body,
        palette.black_plastic,
        box_between(vec3(-0.32, 0.52, 1.455), vec3(0.32, 0.6, 1.48)),
    );
    for x in [-0.5, 0.5] {
        let lamp = Mesh::uv_sphere(1.0, 16, 8)
            .scaled(vec3(0.13, 0.075, 0.03))
            .translated(vec3(x, 0.7, 1.455));
        model.add_mesh(body, palette.head_lamp, lamp);
        model.add_mesh(
            body,
            palette.tail_lamp,
            box_between(
                vec3(x * 1.25 - 0.05, 0.72, -1.455),
                vec3(x * 1.25 + 0.05, 1.0, -1.43),
            ),
        );
    }
    for side in [-1.0f32, 1.0] {
        let x = side * (BODY_HALF_WIDTH + 0.002);
        for seam_z in [0.62, -0.12] {
            model.add_mesh(
                body,
                palette.black_plastic,
                box_between(
                    vec3(x - 0.004, 0.3, seam_z - 0.005),
                    vec3(x + 0.004, 0.98, seam_z + 0.005),
                ),
            );
        }
        model.add_mesh(
            body,
            palette.black_plastic,
            box_between(vec3(x - 0.004, 0.96, -0.12), vec3(x + 0.004, 0.975, 0.62)),
        );
        model.add_mesh(
            body,
            palette.chrome,
            box_between(vec3(x - 0.012, 0.86, -0.05), vec3(x + 0.012, 0.885, 0.09)),
        );
        let mirror_x = side * (BODY_HALF_WIDTH + 0.1);
        model.add_mesh(
            body,
            palette.black_plastic,
            Mesh::rod(
                vec3(side * BODY_HALF_WIDTH, 1.02, 0.78),
                vec3(mirror_x, 1.04, 0.76),
                0.015,
                6,
            ),
        );
        let mirror = Mesh::uv_sphere(1.0, 12, 6)
            .scaled(vec3(0.05, 0.07, 0.035))
            .translated(vec3(mirror_x + side * 0.03, 1.06, 0.76));
        model.add_mesh(body, body_paint, mirror);
    }

    for (axle_z, axle_name) in [(AXLE_Z, "front"), (-AXLE_Z, "rear")] {
        for side in [-1.0f32, 1.0] {
            let name = format!(
                "{axle_name}-wheel-{}",
                if side < 0.0 { "right" } else { "left" }
            );
            let rotation = if side < 0.0 {
                Quat::from_rotation_y(PI)
            } else {
                Quat::IDENTITY
            };
            let wheel = model.add_node(
                root,
                &name,
                Transform::from_translation_rotation(
                    vec3(side * WHEEL_X, WHEEL_RADIUS, axle_z),
                    rotation,
                ),
            );
            model.add_mesh(wheel, palette.rubber, tyre(WHEEL_RADIUS, 0.155, 0.16, 32));
            model.add_mesh(wheel, palette.aluminium, rim(0.16, 0.155, 24));
        }
    }

    model.fit_to(FIT_LARGE);
    model
}

/// Returns the body's side silhouette in (z, y), with both wheel arches cut out.
fn body_outline() -> Vec<[f32; 2]> {
    let arch = |center_z: f32| -> Vec<[f32; 2]> {
        (0..=12)
            .map(|i| {
                let angle = PI - PI * i as f32 / 12.0;
                [
                    center_z + 0.32 * angle.cos(),
                    WHEEL_RADIUS + 0.32 * angle.sin(),
                ]
            })
            .collect()
    };
    let mut outline = vec![[-1.41, 0.23], [-1.39, 0.22]];
    outline.extend(arch(-AXLE_Z));
    outline.extend(arch(AXLE_Z));
    outline.extend([
        [1.42, 0.22],
        [1.46, 0.27],
        [1.475, 0.6],
        [1.45, 0.72],
        [1.38, 0.82],
        [1.1, 0.92],
        [0.64, 1.5],
        [0.58, 1.57],
        [0.5, 1.6],
        [-1.3, 1.6],
        [-1.38, 1.57],
        [-1.42, 1.5],
        [-1.445, 0.4],
    ]);
    outline
}

/// Adds the windscreen, rear window and side windows as thin glass panels just proud of the body.
fn add_glass(model: &mut Model, body: NodeId, glass: MaterialId) {
    model.add_mesh(
        body,
        glass,
        slanted_panel([1.06, 0.98], [0.66, 1.48], 1.3, 0.006),
    );
    model.add_mesh(
        body,
        glass,
        slanted_panel([-1.418, 1.5], [-1.442, 0.98], 1.24, 0.006),
    );
    let front_window = [[0.76, 1.0], [0.0, 1.0], [0.0, 1.47], [0.39, 1.47]];
    let rear_window = [
        [-0.22, 1.0],
        [-1.22, 1.0],
        [-1.25, 1.44],
        [-1.2, 1.47],
        [-0.22, 1.47],
    ];
    for side in [-1.0f32, 1.0] {
        for window in [&front_window[..], &rear_window[..]] {
            let x = side * (BODY_HALF_WIDTH + 0.004);
            model.add_mesh(
                body,
                glass,
                side_extrusion(window, 0.008).translated(vec3(x, 0.0, 0.0)),
            );
        }
    }
}

/// Builds a thin panel of `width` (along X) lying on the side-profile line from `a` to `b`
/// (both (z, y)), pushed `offset` towards the right of a→b when +Z points right and +Y up.
fn slanted_panel(a: [f32; 2], b: [f32; 2], width: f32, offset: f32) -> Mesh {
    let (dz, dy) = (b[0] - a[0], b[1] - a[1]);
    let length = (dz * dz + dy * dy).sqrt();
    let outward = [dy / length, -dz / length];
    let center = vec3(
        0.0,
        (a[1] + b[1]) * 0.5 + outward[1] * offset,
        (a[0] + b[0]) * 0.5 + outward[0] * offset,
    );

    // Rotating about X by this angle turns local +Y into the a→b direction.
    let angle = (dz / length).atan2(dy / length);
    Mesh::cuboid(vec3(width, length, 0.01))
        .rotated(Quat::from_rotation_x(angle))
        .translated(center)
}
