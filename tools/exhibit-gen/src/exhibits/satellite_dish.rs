//! Ground-station satellite dish: a parabolic reflector with back ribs on an elevation-over-
//! azimuth mount, the feed horn held at the focus by four struts, tilted up towards +Z.
//!
//! Modelled at full size (2.4 m reflector), then scaled to fit.

use std::f32::consts::{FRAC_PI_4, TAU};

use super::parts::{box_between, hydraulic_cylinder, side_extrusion, srgb};
use super::{FIT_LARGE, Palette};
use crate::math::{Quat, Transform, Vec3, vec3};
use crate::mesh::Mesh;
use crate::model::{Material, Model};

const DISH_RADIUS: f32 = 1.2;
const FOCAL_LENGTH: f32 = 0.9;
const SHELL_THICKNESS: f32 = 0.03;
/// Height of the reflector vertex above the elevation axis, in dish space.
const VERTEX_Y: f32 = 0.35;
/// Elevation of the dish axis above the horizon, in degrees.
const ELEVATION_DEGREES: f32 = 35.0;

/// Height of the reflector's inner surface at radius `r`, in dish space.
fn surface_y(r: f32) -> f32 {
    VERTEX_Y + r * r / (4.0 * FOCAL_LENGTH)
}

pub fn build() -> Model {
    let mut model = Model::new("satellite-dish");
    let palette = Palette::standard(&mut model);
    let reflector_white =
        model.add_material(Material::new("reflector white", srgb(0xF4F4F0)).with_roughness(0.4));
    let mount_grey = model.add_material(Material::paint("mount grey", srgb(0x7D8388)));
    let concrete =
        model.add_material(Material::new("concrete", srgb(0xA3A09A)).with_roughness(0.9));
    let root = model.root();

    // Concrete plinth, pedestal, azimuth bearing and yoke.
    let mount = model.add_node(root, "mount", Transform::IDENTITY);
    model.add_mesh(
        mount,
        concrete,
        box_between(vec3(-0.6, 0.0, -0.6), vec3(0.6, 0.2, 0.6)),
    );
    model.add_mesh(
        mount,
        mount_grey,
        Mesh::lathe(
            &[
                [0.0, 0.2],
                [0.3, 0.2],
                [0.3, 0.26],
                [0.16, 0.32],
                [0.14, 1.1],
                [0.0, 1.1],
            ],
            32,
        ),
    );
    let azimuth = model.add_node(
        mount,
        "azimuth-turntable",
        Transform::from_translation(vec3(0.0, 1.1, 0.0)),
    );
    model.add_mesh(
        azimuth,
        palette.dark_metal,
        Mesh::cylinder(0.24, 0.12, 32).translated(vec3(0.0, 0.06, 0.0)),
    );
    let yoke_arm = [[-0.25, 0.12], [0.25, 0.12], [0.12, 0.5], [-0.12, 0.5]];
    for x in [-0.3, 0.3] {
        model.add_mesh(
            azimuth,
            mount_grey,
            side_extrusion(&yoke_arm, 0.06).translated(vec3(x, 0.0, 0.0)),
        );
    }
    model.add_mesh(
        azimuth,
        mount_grey,
        box_between(vec3(-0.33, 0.12, -0.25), vec3(0.33, 0.18, 0.25)),
    );
    let axis_height = 0.45;
    model.add_mesh(
        azimuth,
        palette.steel,
        Mesh::rod(
            vec3(-0.38, axis_height, 0.0),
            vec3(0.38, axis_height, 0.0),
            0.05,
            16,
        ),
    );

    // Reflector, tilted about the elevation axis; dish space has the dish axis along +Y.
    let tilt = Quat::from_rotation_x((90.0 - ELEVATION_DEGREES).to_radians());
    let dish_transform = Transform::from_translation_rotation(vec3(0.0, axis_height, 0.0), tilt);
    let dish = model.add_node(azimuth, "dish", dish_transform);
    model.add_mesh(dish, reflector_white, reflector());
    model.add_mesh(
        dish,
        reflector_white,
        Mesh::torus(DISH_RADIUS, 0.02, 64, 6).translated(vec3(
            0.0,
            surface_y(DISH_RADIUS) - 0.01,
            0.0,
        )),
    );

    // Hub and back ribs.
    model.add_mesh(
        dish,
        mount_grey,
        Mesh::cylinder(0.2, 0.2, 24).translated(vec3(0.0, VERTEX_Y - SHELL_THICKNESS - 0.1, 0.0)),
    );
    model.add_mesh(
        dish,
        mount_grey,
        box_between(vec3(-0.25, -0.08, -0.12), vec3(0.25, VERTEX_Y - 0.12, 0.12)),
    );
    for i in 0..8 {
        let angle = TAU * i as f32 / 8.0 + FRAC_PI_4 * 0.5;
        let direction = vec3(angle.cos(), 0.0, angle.sin());
        let path: Vec<Vec3> = (0..=6)
            .map(|k| {
                let r = 0.18 + (DISH_RADIUS * 0.92 - 0.18) * k as f32 / 6.0;
                let depth = 0.1 * (1.0 - k as f32 / 6.0) + 0.02;
                direction * r + Vec3::Y * (surface_y(r) - SHELL_THICKNESS - depth)
            })
            .collect();
        model.add_mesh(dish, mount_grey, Mesh::tube(&path, 0.025, 8));
    }

    // Feed horn and low-noise block at the focus, on four struts from the reflector.
    let focus = vec3(0.0, VERTEX_Y + FOCAL_LENGTH, 0.0);
    let feed = model.add_node(dish, "feed", Transform::from_translation(focus));
    model.add_mesh(
        feed,
        palette.aluminium,
        Mesh::frustum(0.09, 0.05, 0.14, 24).translated(vec3(0.0, 0.03, 0.0)),
    );
    model.add_mesh(
        feed,
        palette.white_plastic,
        box_between(vec3(-0.06, 0.1, -0.06), vec3(0.06, 0.3, 0.06)),
    );
    model.add_mesh(
        feed,
        palette.black_plastic,
        Mesh::cylinder(0.1, 0.03, 24).translated(vec3(0.0, -0.025, 0.0)),
    );
    for i in 0..4 {
        let angle = TAU * i as f32 / 4.0 + FRAC_PI_4;
        let foot_r = DISH_RADIUS * 0.8;
        let foot = vec3(
            foot_r * angle.cos(),
            surface_y(foot_r),
            foot_r * angle.sin(),
        );
        let head = focus + vec3(0.07 * angle.cos(), 0.2, 0.07 * angle.sin());
        model.add_mesh(dish, palette.aluminium, Mesh::rod(foot, head, 0.018, 8));
    }
    let cable = [
        focus + vec3(0.0, 0.3, 0.0),
        focus + vec3(0.05, 0.35, 0.0),
        vec3(
            DISH_RADIUS * 0.8 * 0.72,
            surface_y(DISH_RADIUS * 0.8) + 0.05,
            DISH_RADIUS * 0.8 * 0.69,
        ),
    ];
    model.add_mesh(dish, palette.black_plastic, Mesh::tube(&cable, 0.008, 6));

    // Elevation jack from the turntable to the upper back of the reflector.
    let jack_end = dish_transform.transform_point(vec3(0.0, VERTEX_Y - 0.2, -0.75));
    let (barrel, rod) = hydraulic_cylinder(vec3(0.0, 0.2, -0.2), jack_end, 0.05);
    model.add_mesh(azimuth, mount_grey, barrel);
    model.add_mesh(azimuth, palette.chrome, rod);

    model.fit_to(FIT_LARGE);
    model
}

/// Builds the reflector shell: a paraboloid of revolution with thickness, outward normals on
/// the back and focus-facing normals on the front.
fn reflector() -> Mesh {
    let steps = 16;
    let radius_at = |k: usize| DISH_RADIUS * k as f32 / steps as f32;
    let mut outline: Vec<[f32; 2]> = (0..=steps)
        .map(|k| [radius_at(k), surface_y(radius_at(k)) - SHELL_THICKNESS])
        .collect();
    outline.extend(
        (0..=steps)
            .rev()
            .map(|k| [radius_at(k), surface_y(radius_at(k))]),
    );
    Mesh::lathe(&outline, 64)
}
