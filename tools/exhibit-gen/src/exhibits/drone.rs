//! Quadcopter drone in X configuration, displayed on a stand: streamlined body with a dark
//! canopy, four arms with motors and two-blade propellers, landing skids, navigation lights
//! and a camera on a gimbal under the nose (+Z).

use std::f32::consts::{FRAC_PI_2, FRAC_PI_4, PI};

use super::Palette;
use super::parts::{box_between, side_extrusion, srgb};
use crate::math::{Quat, Transform, Vec3, vec3};
use crate::mesh::{Mesh, Section, rounded_rect};
use crate::model::{Material, MaterialId, Model, NodeId};

/// Height of the drone's body centre above the floor.
const BODY_Y: f32 = 1.05;
/// Distance from the body centre to each motor axis.
const ARM_REACH: f32 = 0.42;
const PROPELLER_RADIUS: f32 = 0.19;

pub fn build() -> Model {
    let mut model = Model::new("drone");
    let palette = Palette::standard(&mut model);
    let shell =
        model.add_material(Material::paint("drone shell grey", srgb(0xD5D8DB)).with_roughness(0.3));
    let canopy =
        model.add_material(Material::paint("canopy charcoal", srgb(0x2B2E33)).with_roughness(0.2));
    let carbon = model.add_material(
        Material::new("carbon fibre", srgb(0x1F2124))
            .with_roughness(0.35)
            .with_metallic(0.2),
    );
    let propeller =
        model.add_material(Material::new("propeller black", srgb(0x18191B)).with_roughness(0.4));
    let lights = [
        model.add_material(Material::emissive("navigation red", [1.0, 0.05, 0.05])),
        model.add_material(Material::emissive("navigation green", [0.05, 1.0, 0.2])),
        model.add_material(Material::emissive("navigation white", [1.0, 1.0, 1.0])),
    ];
    let root = model.root();

    // Display stand: weighted disc and a slim post under the drone's belly.
    let stand = model.add_node(root, "stand", Transform::IDENTITY);
    model.add_mesh(
        stand,
        palette.dark_metal,
        Mesh::lathe(
            &[
                [0.0, 0.0],
                [0.3, 0.0],
                [0.3, 0.03],
                [0.26, 0.05],
                [0.0, 0.05],
            ],
            40,
        ),
    );
    model.add_mesh(
        stand,
        palette.chrome,
        Mesh::rod(
            vec3(0.0, 0.04, 0.0),
            vec3(0.0, BODY_Y - 0.045, 0.0),
            0.015,
            16,
        ),
    );

    let drone = model.add_node(
        root,
        "quadcopter",
        Transform::from_translation(vec3(0.0, BODY_Y, 0.0)),
    );
    let body_outline = rounded_rect(1.0, 1.0, 0.35, 5);
    let body_sections = [
        Section::in_xy_plane(-0.2, [0.0, 0.0], [0.1, 0.05], 0.0),
        Section::in_xy_plane(-0.17, [0.0, 0.0], [0.2, 0.1], 0.0),
        Section::in_xy_plane(0.1, [0.0, 0.0], [0.22, 0.11], 0.0),
        Section::in_xy_plane(0.2, [0.0, -0.01], [0.17, 0.08], 0.0),
        Section::in_xy_plane(0.24, [0.0, -0.015], [0.08, 0.04], 0.0),
    ];
    model.add_mesh(drone, shell, Mesh::loft(&body_outline, &body_sections));
    let canopy_sections = [
        Section::in_xy_plane(-0.16, [0.0, 0.045], [0.15, 0.05], 0.0),
        Section::in_xy_plane(0.08, [0.0, 0.05], [0.17, 0.06], 0.0),
        Section::in_xy_plane(0.17, [0.0, 0.035], [0.11, 0.035], 0.0),
    ];
    model.add_mesh(
        drone,
        canopy,
        Mesh::loft(&rounded_rect(1.0, 1.0, 0.45, 5), &canopy_sections),
    );
    model.add_mesh(
        drone,
        palette.white_plastic,
        Mesh::cylinder(0.04, 0.015, 24).translated(vec3(0.0, 0.085, -0.08)),
    );

    for k in 0..4 {
        // Arms at 45, 135, 225 and 315 degrees; front arms get red/green lights, rear white.
        let angle = FRAC_PI_4 + FRAC_PI_2 * k as f32;
        let direction = vec3(angle.cos(), 0.0, angle.sin());
        let motor_center = direction * ARM_REACH;
        model.add_mesh(
            drone,
            carbon,
            Mesh::rod(direction * 0.08, motor_center, 0.016, 12),
        );
        model.add_mesh(
            drone,
            carbon,
            Mesh::cylinder(0.038, 0.05, 24).translated(motor_center + vec3(0.0, 0.02, 0.0)),
        );
        model.add_mesh(
            drone,
            palette.aluminium,
            Mesh::cylinder(0.03, 0.02, 24).translated(motor_center + vec3(0.0, 0.055, 0.0)),
        );
        let light = if direction.z < 0.0 {
            lights[2]
        } else if direction.x < 0.0 {
            lights[0]
        } else {
            lights[1]
        };
        model.add_mesh(
            drone,
            light,
            Mesh::uv_sphere(0.012, 8, 5)
                .translated(motor_center + vec3(0.0, -0.01, 0.0) + direction * 0.04),
        );
        add_propeller(
            &mut model,
            drone,
            k,
            motor_center + vec3(0.0, 0.07, 0.0),
            propeller,
        );
    }

    // Landing skids.
    for side in [-1.0f32, 1.0] {
        let x = side * 0.13;
        for z in [-0.1, 0.1] {
            model.add_mesh(
                drone,
                carbon,
                Mesh::rod(vec3(x * 0.6, -0.04, z), vec3(x, -0.17, z * 1.1), 0.01, 8),
            );
        }
        model.add_mesh(
            drone,
            carbon,
            Mesh::rod(vec3(x, -0.17, -0.18), vec3(x, -0.17, 0.18), 0.012, 10),
        );
    }

    add_camera_gimbal(&mut model, drone, &palette);
    model.fit_to(vec3(2.0, 1.9, 2.0));
    model
}

/// Adds propeller `index`: a hub and two pitched blades, in a node rotating about Y.
fn add_propeller(model: &mut Model, drone: NodeId, index: usize, hub: Vec3, material: MaterialId) {
    let turn = Quat::from_rotation_y(0.4 + 1.1 * index as f32);
    let rotor = model.add_node(
        drone,
        &format!("propeller-{}", index + 1),
        Transform::from_translation_rotation(hub, turn),
    );
    model.add_mesh(rotor, material, Mesh::cylinder(0.018, 0.02, 16));

    // Blade planform in (z, y) before it is laid flat: root at the hub, rounded tip.
    let planform = [
        [0.0, -0.012],
        [0.05, -0.02],
        [PROPELLER_RADIUS - 0.03, -0.012],
        [PROPELLER_RADIUS, 0.0],
        [PROPELLER_RADIUS - 0.03, 0.01],
        [0.05, 0.016],
        [0.0, 0.012],
    ];
    for side in [0.0, PI] {
        // side_extrusion lays the planform in the ZY plane. Tip it over to lie flat in the XZ
        // plane, pitch it 0.21 rad (12 degrees) about its span, then turn it to its side of the hub.
        let flat = side_extrusion(&planform, 0.004)
            .rotated(Quat::from_rotation_z(FRAC_PI_2))
            .rotated(Quat::from_rotation_z(0.21))
            .rotated(Quat::from_rotation_y(side));
        model.add_mesh(rotor, material, flat);
    }
}

/// Adds the two-axis gimbal and camera under the nose, looking forward and slightly down.
fn add_camera_gimbal(model: &mut Model, drone: NodeId, palette: &Palette) {
    let gimbal = model.add_node(
        drone,
        "camera-gimbal",
        Transform::from_translation(vec3(0.0, -0.07, 0.16)),
    );
    model.add_mesh(gimbal, palette.dark_metal, Mesh::cylinder(0.02, 0.04, 16));
    model.add_mesh(
        gimbal,
        palette.dark_metal,
        box_between(vec3(-0.05, -0.04, -0.01), vec3(0.05, -0.02, 0.01)),
    );
    for x in [-0.05, 0.05] {
        model.add_mesh(
            gimbal,
            palette.dark_metal,
            box_between(vec3(x - 0.008, -0.09, -0.01), vec3(x + 0.008, -0.02, 0.01)),
        );
    }
    let camera = model.add_node(
        gimbal,
        "camera",
        Transform::from_translation_rotation(vec3(0.0, -0.07, 0.0), Quat::from_rotation_x(0.35)),
    );
    model.add_mesh(
        camera,
        palette.black_plastic,
        box_between(vec3(-0.04, -0.035, -0.035), vec3(0.04, 0.035, 0.045)),
    );
    model.add_mesh(
        camera,
        palette.dark_metal,
        Mesh::rod(vec3(0.0, 0.0, 0.045), vec3(0.0, 0.0, 0.065), 0.026, 24),
    );
    model.add_mesh(
        camera,
        palette.glass,
        Mesh::cylinder(0.02, 0.004, 24)
            .rotated(Quat::from_rotation_x(FRAC_PI_2))
            .translated(vec3(0.0, 0.0, 0.066)),
    );
}
