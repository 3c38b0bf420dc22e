//! Articulated wheel loader in the style of the 5-tonne class machines built in Liuzhou:
//! yellow frames, cab, four large lugged tyres, and a bucket on two lift arms.
//!
//! Modelled at full size (about 8.5 m long with the bucket), then scaled to fit the plinth.

use std::f32::consts::PI;

use super::parts::{
    box_between, fender, hydraulic_cylinder, rim, side_extrusion, srgb, tread_lugs, tyre,
};
use super::{FIT_LARGE, Palette};
use crate::math::{Quat, Transform, vec3};
use crate::mesh::{Mesh, rounded_rect};
use crate::model::{Material, Model};

const TYRE_RADIUS: f32 = 0.8;
const TYRE_WIDTH: f32 = 0.6;
const TRACK_HALF: f32 = 1.0;
const FRONT_AXLE_Z: f32 = 1.45;
const REAR_AXLE_Z: f32 = -1.85;

pub fn build() -> Model {
    let mut model = Model::new("wheel-loader");
    let palette = Palette::standard(&mut model);
    let yellow = model.add_material(Material::paint("loader yellow", srgb(0xF2B705)));
    let dark_frame =
        model.add_material(Material::paint("frame charcoal", srgb(0x2E2F31)).with_roughness(0.5));
    let root = model.root();

    // Rear frame: engine hood, counterweight, deck and cab.
    let rear = model.add_node(root, "rear-frame", Transform::IDENTITY);
    model.add_mesh(
        rear,
        dark_frame,
        box_between(vec3(-0.55, 0.7, -3.2), vec3(0.55, 1.3, 0.0)),
    );
    let hood = side_extrusion(
        &[
            [-3.25, 1.3],
            [-1.25, 1.3],
            [-1.25, 2.15],
            [-1.4, 2.25],
            [-2.85, 2.25],
            [-3.25, 1.95],
        ],
        1.7,
    );
    model.add_mesh(rear, yellow, hood);
    let counterweight = side_extrusion(
        &offset_outline(&rounded_rect(0.55, 1.0, 0.15, 3), -3.45, 1.0),
        2.2,
    );
    model.add_mesh(rear, yellow, counterweight);
    for i in 0..3 {
        let y = 1.52 + 0.13 * i as f32;
        model.add_mesh(
            rear,
            palette.black_plastic,
            box_between(vec3(-0.7, y, -3.27), vec3(0.7, y + 0.06, -3.2)),
        );
    }
    model.add_mesh(
        rear,
        palette.dark_metal,
        Mesh::cylinder(0.08, 0.6, 12).translated(vec3(0.45, 2.5, -2.3)),
    );
    model.add_mesh(
        rear,
        palette.dark_metal,
        Mesh::cylinder(0.12, 0.3, 12).translated(vec3(-0.45, 2.35, -1.6)),
    );
    model.add_mesh(
        rear,
        dark_frame,
        box_between(vec3(-1.15, 1.3, -1.35), vec3(1.15, 1.45, 0.15)),
    );
    for (x, lamp_z) in [(-0.7, -3.28), (0.7, -3.28)] {
        model.add_mesh(
            rear,
            palette.tail_lamp,
            box_between(
                vec3(x - 0.12, 1.9, lamp_z - 0.02),
                vec3(x + 0.12, 2.0, lamp_z),
            ),
        );
    }

    let cab = model.add_node(
        rear,
        "cab",
        Transform::from_translation(vec3(0.0, 1.45, -0.55)),
    );
    model.add_mesh(
        cab,
        yellow,
        box_between(vec3(-0.62, 0.0, -0.65), vec3(0.62, 0.55, 0.65)),
    );
    model.add_mesh(
        cab,
        palette.glass,
        box_between(vec3(-0.6, 0.55, -0.62), vec3(0.6, 1.8, 0.62)),
    );
    for (x, z) in [(-0.6, -0.63), (0.6, -0.63), (-0.6, 0.63), (0.6, 0.63)] {
        model.add_mesh(
            cab,
            yellow,
            box_between(
                vec3(x - 0.05, 0.55, z - 0.05),
                vec3(x + 0.05, 1.8, z + 0.05),
            ),
        );
    }
    model.add_mesh(
        cab,
        yellow,
        box_between(vec3(-0.72, 1.8, -0.75), vec3(0.72, 1.95, 0.78)),
    );
    for x in [-0.5, 0.5] {
        model.add_mesh(
            cab,
            palette.head_lamp,
            box_between(vec3(x - 0.1, 1.82, 0.78), vec3(x + 0.1, 1.9, 0.8)),
        );
    }
    model.add_mesh(
        cab,
        palette.dark_metal,
        Mesh::rod(vec3(-0.65, 0.7, 0.5), vec3(-0.65, 1.5, 0.5), 0.02, 6),
    );
    for i in 0..3 {
        let y = -0.05 - 0.3 * i as f32;
        model.add_mesh(
            cab,
            palette.dark_metal,
            box_between(vec3(-1.05, y - 0.03, 0.2), vec3(-0.75, y, 0.5)),
        );
    }

    // Front frame with the lift-arm tower and the articulation hinge.
    let front = model.add_node(root, "front-frame", Transform::IDENTITY);
    model.add_mesh(
        front,
        dark_frame,
        box_between(vec3(-0.45, 0.7, 0.1), vec3(0.45, 1.45, 2.3)),
    );
    model.add_mesh(
        front,
        yellow,
        box_between(vec3(-0.42, 1.45, 0.15), vec3(0.42, 2.05, 0.75)),
    );
    model.add_mesh(
        front,
        palette.dark_metal,
        Mesh::cylinder(0.14, 0.9, 16).translated(vec3(0.0, 1.05, 0.05)),
    );

    // Wheels, with fenders on the frames they belong to.
    for (axle_z, frame, name) in [(FRONT_AXLE_Z, front, "front"), (REAR_AXLE_Z, rear, "rear")] {
        model.add_mesh(
            frame,
            dark_frame,
            Mesh::rod(
                vec3(-TRACK_HALF, TYRE_RADIUS, axle_z),
                vec3(TRACK_HALF, TYRE_RADIUS, axle_z),
                0.16,
                12,
            ),
        );
        for side in [-1.0f32, 1.0] {
            let wheel_name = format!("{name}-wheel-{}", if side < 0.0 { "right" } else { "left" });
            let rotation = if side < 0.0 {
                Quat::from_rotation_y(PI)
            } else {
                Quat::IDENTITY
            };
            let wheel = model.add_node(
                frame,
                &wheel_name,
                Transform::from_translation_rotation(
                    vec3(side * TRACK_HALF, TYRE_RADIUS, axle_z),
                    rotation,
                ),
            );
            model.add_mesh(
                wheel,
                palette.rubber,
                tyre(TYRE_RADIUS - 0.03, TYRE_WIDTH, 0.5, 36),
            );
            model.add_mesh(
                wheel,
                palette.rubber,
                tread_lugs(TYRE_RADIUS - 0.03, TYRE_WIDTH, 22, 0.035),
            );
            model.add_mesh(wheel, yellow, rim(0.5, TYRE_WIDTH, 24));
            let guard = fender(
                TYRE_RADIUS + 0.08,
                TYRE_RADIUS + 0.14,
                TYRE_WIDTH + 0.1,
                0.35,
                PI - 0.35,
            )
            .translated(vec3(side * TRACK_HALF, TYRE_RADIUS, axle_z));
            model.add_mesh(frame, yellow, guard);
        }
    }

    add_boom_and_bucket(&mut model, front, yellow, &palette);
    model.fit_to(FIT_LARGE);
    model
}

/// Adds the lift arms ("boom" node, pivoting on the tower) with the bucket ("bucket" node,
/// pivoting at the arm tips), and the lift and tilt cylinders.
fn add_boom_and_bucket(
    model: &mut Model,
    front: crate::model::NodeId,
    yellow: crate::model::MaterialId,
    palette: &Palette,
) {
    let arm_pivot = vec3(0.0, 1.95, 0.5);
    let bucket_pin = vec3(0.0, 0.6, 3.3);
    let reach = bucket_pin - arm_pivot;
    let arm_length = reach.length();
    let arm_angle = (-reach.y).atan2(reach.z);
    let boom_transform =
        Transform::from_translation_rotation(arm_pivot, Quat::from_rotation_x(arm_angle));
    let boom = model.add_node(front, "boom", boom_transform);

    // Each arm is a plate bent slightly downwards in the middle, in boom space along +Z.
    let arm_outline = [
        [-0.15, -0.2],
        [arm_length * 0.5, -0.32],
        [arm_length + 0.12, -0.12],
        [arm_length + 0.12, 0.12],
        [arm_length * 0.5, 0.02],
        [-0.15, 0.2],
    ];
    for x in [-0.62, 0.62] {
        model.add_mesh(
            boom,
            yellow,
            side_extrusion(&arm_outline, 0.14).translated(vec3(x, 0.0, 0.0)),
        );
    }
    model.add_mesh(
        boom,
        yellow,
        Mesh::rod(vec3(-0.62, -0.15, 1.4), vec3(0.62, -0.15, 1.4), 0.14, 16),
    );
    model.add_mesh(
        boom,
        palette.steel,
        Mesh::rod(vec3(-0.75, 0.0, 0.0), vec3(0.75, 0.0, 0.0), 0.07, 12),
    );

    // Tilt lever (bell crank) in the middle of the arms.
    let lever_outline = [[-0.15, -0.35], [0.15, -0.35], [0.2, 0.55], [-0.05, 0.6]];
    model.add_mesh(
        boom,
        yellow,
        side_extrusion(&lever_outline, 0.18).translated(vec3(0.0, 0.05, 1.4)),
    );

    // Lift cylinders from the front frame to the arms, placed in frame space.
    for x in [-0.62, 0.62] {
        let arm_point = boom_transform.transform_point(vec3(x, -0.25, 1.0));
        let (barrel, rod) = hydraulic_cylinder(vec3(x * 0.85, 1.05, 0.9), arm_point, 0.1);
        model.add_mesh(front, yellow, barrel);
        model.add_mesh(front, palette.chrome, rod);
    }
    let lever_top = boom_transform.transform_point(vec3(0.0, 0.6, 1.4));
    let (barrel, rod) = hydraulic_cylinder(vec3(0.0, 1.9, 0.8), lever_top, 0.11);
    model.add_mesh(front, yellow, barrel);
    model.add_mesh(front, palette.chrome, rod);

    // Bucket, held level: its node undoes the arm angle.
    let bucket = model.add_node(
        boom,
        "bucket",
        Transform::from_translation_rotation(
            vec3(0.0, 0.0, arm_length),
            Quat::from_rotation_x(-arm_angle),
        ),
    );

    // Bucket section in (z, y) bucket space, pin at the origin, opening towards +Z and up.
    let shell: Vec<[f32; 2]> = bucket_shell_outline();
    model.add_mesh(bucket, yellow, side_extrusion(&shell, 2.7));
    let side_plate: Vec<[f32; 2]> = bucket_side_outline();
    for x in [-1.37, 1.37] {
        model.add_mesh(
            bucket,
            yellow,
            side_extrusion(&side_plate, 0.06).translated(vec3(x, 0.0, 0.0)),
        );
    }
    model.add_mesh(
        bucket,
        palette.steel,
        box_between(vec3(-1.4, -0.62, 1.05), vec3(1.4, -0.56, 1.3)),
    );
    for i in 0..9 {
        let x = -1.2 + 0.3 * i as f32;
        let tooth = side_extrusion(&[[1.25, -0.62], [1.55, -0.6], [1.25, -0.52]], 0.12)
            .translated(vec3(x, 0.0, 0.0));
        model.add_mesh(bucket, palette.dark_metal, tooth);
    }
    model.add_mesh(
        bucket,
        palette.steel,
        Mesh::rod(vec3(-0.8, 0.0, 0.0), vec3(0.8, 0.0, 0.0), 0.08, 12),
    );
}

/// Returns the bucket's curved back and floor plate as a closed (z, y) outline: the plate's
/// centre line offset by half its thickness to either side.
fn bucket_shell_outline() -> Vec<[f32; 2]> {
    let steps = 14;
    let center_line: Vec<[f32; 2]> = (0..=steps)
        .map(|i| {
            // A quarter ellipse from the top of the back wall down to the floor, then the floor.
            let angle = PI * 0.5 * i as f32 / steps as f32;
            [0.55 - 0.5 * angle.cos(), 0.55 - 1.05 * angle.sin() - 0.07]
        })
        .chain([[1.3, -0.6]])
        .collect();
    let thickness = 0.05;
    let mut outer = Vec::new();
    let mut inner = Vec::new();
    for (i, point) in center_line.iter().enumerate() {
        let previous = center_line[i.saturating_sub(1)];
        let next = center_line[(i + 1).min(center_line.len() - 1)];
        let (dz, dy) = (next[0] - previous[0], next[1] - previous[1]);
        let length = (dz * dz + dy * dy).sqrt();
        let normal = [dy / length * thickness, -dz / length * thickness];
        outer.push([point[0] + normal[0], point[1] + normal[1]]);
        inner.push([point[0] - normal[0], point[1] - normal[1]]);
    }
    outer.extend(inner.into_iter().rev());
    outer
}

/// Returns the bucket side plate: the area between the back plate and the opening.
fn bucket_side_outline() -> Vec<[f32; 2]> {
    let steps = 14;
    let mut outline: Vec<[f32; 2]> = (0..=steps)
        .map(|i| {
            let angle = PI * 0.5 * i as f32 / steps as f32;
            [
                0.55 - 0.5 * angle.cos() - 0.05,
                0.55 - 1.05 * angle.sin() - 0.07,
            ]
        })
        .collect();
    outline.push([1.3, -0.62]);
    outline.push([0.75, 0.25]);
    outline.push([0.3, 0.5]);
    outline
}

/// Moves an outline by `(dz, dy)`.
fn offset_outline(outline: &[[f32; 2]], dz: f32, dy: f32) -> Vec<[f32; 2]> {
    outline.iter().map(|&[z, y]| [z + dz, y + dy]).collect()
}
