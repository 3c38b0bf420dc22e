//! Six-axis industrial robot arm on a pedestal, with a two-finger gripper.
//!
//! Each axis is a node rotating about its joint, so the pose can be changed by editing one
//! rotation: J1 (turret, about Y), J2 (lower arm, about X), J3 (upper arm, about X), J4 (wrist
//! roll, about the forearm), J5 (wrist pitch, about X) and J6 (flange roll). The arm reaches
//! towards +Z. Modelled at real size (about 1.6 m reach).

use std::f32::consts::{FRAC_PI_2, TAU};

use super::Palette;
use super::parts::{box_between, side_extrusion, srgb};
use crate::math::{Quat, Transform, vec3};
use crate::mesh::{Mesh, rounded_rect};
use crate::model::{Material, MaterialId, Model};

const LOWER_ARM_LENGTH: f32 = 0.78;
const FOREARM_LENGTH: f32 = 0.82;

/// Joint angles in radians for the displayed pose.
const J1: f32 = 0.45;
const J2: f32 = -0.25;
const J3: f32 = 0.3;
const J4: f32 = 0.3;
const J5: f32 = 1.2;
const J6: f32 = 0.4;

pub fn build() -> Model {
    let mut model = Model::new("robot-arm");
    let palette = Palette::standard(&mut model);
    let orange =
        model.add_material(Material::paint("robot orange", srgb(0xF26A10)).with_roughness(0.3));
    let motor_grey =
        model.add_material(Material::paint("motor grey", srgb(0x4B4F54)).with_roughness(0.4));
    let pedestal_grey = model.add_material(Material::paint("pedestal grey", srgb(0x6F757B)));
    let root = model.root();

    // Pedestal and fixed base.
    let base = model.add_node(root, "base", Transform::IDENTITY);
    model.add_mesh(
        base,
        pedestal_grey,
        box_between(vec3(-0.4, 0.0, -0.4), vec3(0.4, 0.04, 0.4)),
    );
    model.add_mesh(
        base,
        pedestal_grey,
        Mesh::cylinder(0.22, 0.3, 32).translated(vec3(0.0, 0.19, 0.0)),
    );
    model.add_mesh(
        base,
        orange,
        Mesh::lathe(
            &[
                [0.0, 0.34],
                [0.3, 0.34],
                [0.3, 0.4],
                [0.24, 0.46],
                [0.0, 0.46],
            ],
            40,
        ),
    );
    for k in 0..8 {
        let angle = TAU * k as f32 / 8.0;
        model.add_mesh(
            base,
            palette.steel,
            Mesh::cylinder(0.018, 0.02, 8).translated(vec3(
                0.34 * angle.cos(),
                0.05,
                0.34 * angle.sin(),
            )),
        );
    }

    // J1: turret rotating about Y, carrying the shoulder.
    let turret = model.add_node(
        base,
        "j1-turret",
        Transform::from_translation_rotation(vec3(0.0, 0.46, 0.0), Quat::from_rotation_y(J1)),
    );
    model.add_mesh(
        turret,
        orange,
        Mesh::cylinder(0.23, 0.12, 40).translated(vec3(0.0, 0.06, 0.0)),
    );
    let shoulder_housing =
        side_extrusion(&rounded_rect(0.42, 0.36, 0.12, 5), 0.3).translated(vec3(0.0, 0.3, 0.05));
    model.add_mesh(turret, orange, shoulder_housing);
    model.add_mesh(
        turret,
        motor_grey,
        Mesh::rod(vec3(-0.15, 0.22, -0.2), vec3(-0.15, 0.22, -0.38), 0.07, 20),
    );
    let shoulder = vec3(0.19, 0.38, 0.1);

    // J2: lower arm, hanging on the side of the turret and rising along +Y.
    let lower = model.add_node(
        turret,
        "j2-lower-arm",
        Transform::from_translation_rotation(shoulder, Quat::from_rotation_x(J2)),
    );
    model.add_mesh(
        lower,
        motor_grey,
        Mesh::rod(vec3(-0.03, 0.0, 0.0), vec3(0.12, 0.0, 0.0), 0.11, 28),
    );
    let link = stadium(LOWER_ARM_LENGTH, 0.15, 0.11);
    model.add_mesh(
        lower,
        orange,
        side_extrusion(&link, 0.13).translated(vec3(0.05, 0.0, 0.0)),
    );
    model.add_mesh(
        lower,
        palette.black_plastic,
        Mesh::tube(
            &[
                vec3(0.13, 0.1, -0.1),
                vec3(0.16, 0.4, -0.14),
                vec3(0.13, LOWER_ARM_LENGTH - 0.05, -0.12),
            ],
            0.025,
            10,
        ),
    );

    // J3: upper arm with the elbow housing and the forearm reaching along +Z.
    let upper = model.add_node(
        lower,
        "j3-upper-arm",
        Transform::from_translation_rotation(
            vec3(0.0, LOWER_ARM_LENGTH, 0.0),
            Quat::from_rotation_x(J3 - J2),
        ),
    );
    model.add_mesh(
        upper,
        motor_grey,
        Mesh::rod(vec3(-0.04, 0.0, 0.0), vec3(0.12, 0.0, 0.0), 0.09, 28),
    );
    model.add_mesh(
        upper,
        orange,
        box_between(vec3(-0.16, -0.12, -0.28), vec3(0.0, 0.14, 0.12)),
    );
    model.add_mesh(
        upper,
        motor_grey,
        Mesh::rod(
            vec3(-0.08, 0.02, -0.28),
            vec3(-0.08, 0.02, -0.42),
            0.075,
            20,
        ),
    );
    let forearm = Mesh::frustum(0.09, 0.065, FOREARM_LENGTH - 0.12, 28)
        .rotated(Quat::from_rotation_x(FRAC_PI_2))
        .translated(vec3(-0.08, 0.02, 0.12 + (FOREARM_LENGTH - 0.12) * 0.5));
    model.add_mesh(upper, orange, forearm);

    // J4: wrist roll about the forearm axis; J5: wrist pitch; J6: flange with gripper.
    let wrist = model.add_node(
        upper,
        "j4-wrist-roll",
        Transform::from_translation_rotation(
            vec3(-0.08, 0.02, FOREARM_LENGTH),
            Quat::from_rotation_z(J4),
        ),
    );
    for x in [-0.07, 0.07] {
        model.add_mesh(
            wrist,
            orange,
            side_extrusion(&stadium_z(0.12, 0.1), 0.03).translated(vec3(x, 0.0, 0.0)),
        );
    }
    let pitch = model.add_node(
        wrist,
        "j5-wrist-pitch",
        Transform::from_translation_rotation(vec3(0.0, 0.0, 0.1), Quat::from_rotation_x(J5)),
    );
    model.add_mesh(
        pitch,
        motor_grey,
        Mesh::rod(vec3(-0.055, 0.0, 0.0), vec3(0.055, 0.0, 0.0), 0.05, 20),
    );
    model.add_mesh(
        pitch,
        orange,
        Mesh::cylinder(0.045, 0.08, 24)
            .rotated(Quat::from_rotation_x(FRAC_PI_2))
            .translated(vec3(0.0, 0.0, 0.06)),
    );
    let flange = model.add_node(
        pitch,
        "j6-flange",
        Transform::from_translation_rotation(vec3(0.0, 0.0, 0.1), Quat::from_rotation_z(J6)),
    );
    add_gripper(&mut model, flange, &palette, motor_grey);

    model.fit_to(vec3(2.0, 2.1, 2.0));
    model
}

/// Adds a parallel two-finger gripper on the flange, pointing along +Z.
fn add_gripper(
    model: &mut Model,
    flange: crate::model::NodeId,
    palette: &Palette,
    body: MaterialId,
) {
    model.add_mesh(
        flange,
        palette.steel,
        Mesh::cylinder(0.05, 0.02, 24)
            .rotated(Quat::from_rotation_x(FRAC_PI_2))
            .translated(vec3(0.0, 0.0, 0.01)),
    );
    model.add_mesh(
        flange,
        body,
        box_between(vec3(-0.07, -0.04, 0.02), vec3(0.07, 0.04, 0.1)),
    );
    for side in [-1.0f32, 1.0] {
        let finger = box_between(
            vec3(side * 0.035 - 0.012, -0.025, 0.1),
            vec3(side * 0.035 + 0.012, 0.025, 0.2),
        );
        model.add_mesh(flange, palette.aluminium, finger);
        model.add_mesh(
            flange,
            palette.black_plastic,
            box_between(
                vec3(side * 0.035 - side * 0.014, -0.022, 0.15),
                vec3(side * 0.035 - side * 0.01, 0.022, 0.2),
            ),
        );
    }
}

/// Returns a stadium-like outline in (z, y): two semicircular ends, centred on y = 0 (of
/// `radius_start`) and y = `length` (of `radius_end`), joined by straight sides.
fn stadium(length: f32, radius_start: f32, radius_end: f32) -> Vec<[f32; 2]> {
    let steps = 10;
    let mut outline = Vec::new();
    for i in 0..=steps {
        let angle = std::f32::consts::PI * (1.0 + i as f32 / steps as f32);
        outline.push([radius_start * angle.cos(), radius_start * angle.sin()]);
    }
    for i in 0..=steps {
        let angle = std::f32::consts::PI * i as f32 / steps as f32;
        outline.push([radius_end * angle.cos(), length + radius_end * angle.sin()]);
    }
    outline
}

/// Returns a stadium along +Z in (z, y): from z = 0 to z = `length`, half-height `radius`.
fn stadium_z(length: f32, radius: f32) -> Vec<[f32; 2]> {
    stadium(length, radius, radius)
        .into_iter()
        .map(|[z, y]| [y, z])
        .collect()
}
