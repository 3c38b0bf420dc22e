//! Automatic weather station on a concrete pad. A mast on tripod legs carries a cup anemometer
//! and a wind vane on its cross arm, and a solar panel and data-logger box lower down. Beside
//! it stand a louvred Stevenson screen for the thermometers and a rain gauge.
//!
//! Modelled at full size (3 m mast), then scaled to fit.

use std::f32::consts::{FRAC_PI_2, FRAC_PI_4, PI, TAU};

use super::parts::{box_between, side_extrusion, srgb};
use super::{FIT_LARGE, Palette};
use crate::math::{Quat, Transform, Vec3, vec3};
use crate::mesh::Mesh;
use crate::model::{Material, MaterialId, Model, NodeId};

const MAST_X: f32 = -0.45;
const MAST_TOP: f32 = 3.0;
const ARM_Y: f32 = 2.85;

pub fn build() -> Model {
    let mut model = Model::new("weather-station");
    let palette = Palette::standard(&mut model);
    let concrete =
        model.add_material(Material::new("concrete", srgb(0xA7A49E)).with_roughness(0.9));
    let galvanized = model.add_material(Material::metal("galvanized steel", srgb(0xB4B9BE), 0.38));
    let screen_white =
        model.add_material(Material::new("screen white paint", srgb(0xF4F4F1)).with_roughness(0.5));
    let cells = model.add_material(
        Material::new("solar cells", srgb(0x1B2A4A))
            .with_roughness(0.15)
            .with_metallic(0.3),
    );
    let enclosure_grey =
        model.add_material(Material::new("enclosure grey", srgb(0xC9CCCF)).with_roughness(0.45));
    let status_led = model.add_material(Material::emissive("status led", [0.1, 1.0, 0.2]));
    let root = model.root();

    let ground = model.add_node(root, "pad", Transform::IDENTITY);
    model.add_mesh(
        ground,
        concrete,
        box_between(vec3(-1.1, 0.0, -0.8), vec3(1.1, 0.08, 0.8)),
    );

    // Mast with tripod legs, cross arm and lightning rod.
    let mast = model.add_node(
        root,
        "mast",
        Transform::from_translation(vec3(MAST_X, 0.08, 0.0)),
    );
    model.add_mesh(
        mast,
        galvanized,
        Mesh::cylinder(0.04, MAST_TOP - 0.08, 16).translated(vec3(
            0.0,
            (MAST_TOP - 0.08) * 0.5,
            0.0,
        )),
    );
    for k in 0..3 {
        let angle = TAU * k as f32 / 3.0 + FRAC_PI_2;
        let foot = vec3(0.55 * angle.cos(), 0.0, 0.55 * angle.sin());
        model.add_mesh(
            mast,
            galvanized,
            Mesh::rod(vec3(0.0, 0.9, 0.0), foot, 0.018, 8),
        );
        model.add_mesh(
            mast,
            galvanized,
            box_between(foot - vec3(0.06, 0.0, 0.06), foot + vec3(0.06, 0.01, 0.06)),
        );
    }
    let arm_y = ARM_Y - 0.08;
    model.add_mesh(
        mast,
        galvanized,
        Mesh::rod(vec3(-0.55, arm_y, 0.0), vec3(0.55, arm_y, 0.0), 0.022, 12),
    );
    model.add_mesh(
        mast,
        galvanized,
        Mesh::rod(
            vec3(0.0, MAST_TOP - 0.1, 0.0),
            vec3(0.0, MAST_TOP + 0.35, 0.0),
            0.008,
            6,
        ),
    );

    add_anemometer(
        &mut model,
        mast,
        vec3(-0.55, arm_y, 0.0),
        galvanized,
        &palette,
    );
    add_wind_vane(
        &mut model,
        mast,
        vec3(0.55, arm_y, 0.0),
        galvanized,
        &palette,
    );

    // Solar panel facing +Z, tilted 35 degrees from horizontal.
    let panel = model.add_node(
        mast,
        "solar-panel",
        Transform::from_translation_rotation(
            vec3(0.0, 1.95, 0.12),
            Quat::from_rotation_x(35.0f32.to_radians()),
        ),
    );
    model.add_mesh(
        panel,
        palette.aluminium,
        box_between(vec3(-0.34, -0.02, -0.26), vec3(0.34, 0.02, 0.26)),
    );
    model.add_mesh(
        panel,
        cells,
        box_between(vec3(-0.32, 0.02, -0.24), vec3(0.32, 0.026, 0.24)),
    );
    for i in 1..6 {
        let x = -0.32 + 0.64 * i as f32 / 6.0;
        model.add_mesh(
            panel,
            palette.aluminium,
            box_between(vec3(x - 0.003, 0.026, -0.24), vec3(x + 0.003, 0.028, 0.24)),
        );
    }
    for i in 1..4 {
        let z = -0.24 + 0.48 * i as f32 / 4.0;
        model.add_mesh(
            panel,
            palette.aluminium,
            box_between(vec3(-0.32, 0.026, z - 0.003), vec3(0.32, 0.028, z + 0.003)),
        );
    }
    model.add_mesh(
        mast,
        galvanized,
        Mesh::rod(vec3(0.0, 1.85, 0.0), vec3(0.0, 1.95, 0.12), 0.015, 8),
    );

    // Data logger enclosure with antenna and status light.
    model.add_mesh(
        mast,
        enclosure_grey,
        box_between(vec3(-0.18, 1.0, 0.05), vec3(0.18, 1.45, 0.24)),
    );
    model.add_mesh(
        mast,
        palette.black_plastic,
        box_between(vec3(-0.12, 1.35, 0.24), vec3(0.12, 1.4, 0.245)),
    );
    model.add_mesh(
        mast,
        status_led,
        Mesh::uv_sphere(0.012, 8, 5).translated(vec3(0.13, 1.375, 0.245)),
    );
    model.add_mesh(
        mast,
        palette.black_plastic,
        Mesh::rod(vec3(0.14, 1.45, 0.15), vec3(0.14, 1.75, 0.15), 0.01, 8),
    );

    // Temperature and humidity probe under a small radiation shield on the mast.
    for i in 0..5 {
        let y = 1.6 + 0.035 * i as f32;
        model.add_mesh(
            mast,
            screen_white,
            Mesh::frustum(0.09, 0.07, 0.012, 20).translated(vec3(0.0, y, -0.16)),
        );
    }
    model.add_mesh(
        mast,
        galvanized,
        Mesh::rod(vec3(0.0, 1.68, -0.04), vec3(0.0, 1.68, -0.16), 0.01, 6),
    );

    add_stevenson_screen(&mut model, root, screen_white, &palette);

    // Rain gauge: a funnel-topped cylinder on the pad.
    let gauge = model.add_node(
        root,
        "rain-gauge",
        Transform::from_translation(vec3(0.15, 0.08, 0.5)),
    );
    let gauge_outline = [
        [0.0, 0.0],
        [0.1, 0.0],
        [0.1, 0.38],
        [0.105, 0.4],
        [0.095, 0.4],
        [0.02, 0.33],
        [0.0, 0.33],
    ];
    model.add_mesh(gauge, palette.aluminium, Mesh::lathe(&gauge_outline, 32));

    model.fit_to(FIT_LARGE);
    model
}

/// Adds a three-cup anemometer: spindle, hub, and a rotor node with arms and conical cups.
fn add_anemometer(
    model: &mut Model,
    mast: NodeId,
    at: Vec3,
    galvanized: MaterialId,
    palette: &Palette,
) {
    model.add_mesh(
        mast,
        galvanized,
        Mesh::cylinder(0.03, 0.18, 16).translated(at + vec3(0.0, 0.09, 0.0)),
    );
    let rotor = model.add_node(
        mast,
        "anemometer-rotor",
        Transform::from_translation_rotation(at + vec3(0.0, 0.22, 0.0), Quat::from_rotation_y(0.3)),
    );
    model.add_mesh(
        rotor,
        palette.black_plastic,
        Mesh::cylinder(0.035, 0.05, 16),
    );

    // Hemispherical cup shell, opening towards -Z of the cup frame.
    let cup_outline: Vec<[f32; 2]> = (0..=6)
        .map(|i| {
            let angle = FRAC_PI_2 * i as f32 / 6.0;
            [0.055 * angle.sin(), -0.055 * angle.cos()]
        })
        .chain((0..=6).rev().map(|i| {
            let angle = FRAC_PI_2 * i as f32 / 6.0;
            [0.05 * angle.sin(), -0.05 * angle.cos() + 0.002]
        }))
        .collect();
    let cup = Mesh::lathe(&cup_outline, 20).rotated(Quat::from_rotation_x(-FRAC_PI_2));
    for k in 0..3 {
        let angle = TAU * k as f32 / 3.0;
        let turn = Quat::from_rotation_y(angle);
        let arm_end = vec3(0.2, 0.0, 0.0);
        model.add_mesh(
            rotor,
            galvanized,
            Mesh::rod(Vec3::ZERO, arm_end, 0.006, 6).rotated(turn),
        );
        model.add_mesh(
            rotor,
            palette.black_plastic,
            cup.clone().translated(arm_end).rotated(turn),
        );
    }
}

/// Adds a wind vane: spindle and a vane node with counterweighted arrow head and tail fin.
fn add_wind_vane(
    model: &mut Model,
    mast: NodeId,
    at: Vec3,
    galvanized: MaterialId,
    palette: &Palette,
) {
    model.add_mesh(
        mast,
        galvanized,
        Mesh::cylinder(0.025, 0.16, 16).translated(at + vec3(0.0, 0.08, 0.0)),
    );
    let vane = model.add_node(
        mast,
        "wind-vane",
        Transform::from_translation_rotation(at + vec3(0.0, 0.2, 0.0), Quat::from_rotation_y(0.6)),
    );
    model.add_mesh(vane, palette.black_plastic, Mesh::cylinder(0.03, 0.06, 16));
    model.add_mesh(
        vane,
        galvanized,
        Mesh::rod(vec3(0.0, 0.0, -0.28), vec3(0.0, 0.0, 0.22), 0.008, 8),
    );
    model.add_mesh(
        vane,
        palette.tail_lamp,
        Mesh::cone(0.03, 0.08, 16)
            .rotated(Quat::from_rotation_x(FRAC_PI_2))
            .translated(vec3(0.0, 0.0, 0.26)),
    );
    let fin = side_extrusion(
        &[[-0.42, -0.02], [-0.26, -0.02], [-0.26, 0.02], [-0.42, 0.12]],
        0.006,
    );
    model.add_mesh(vane, palette.white_plastic, fin);
}

/// Adds a Stevenson screen: a white louvred box with a double roof on four legs.
fn add_stevenson_screen(model: &mut Model, root: NodeId, white: MaterialId, palette: &Palette) {
    let screen = model.add_node(
        root,
        "stevenson-screen",
        Transform::from_translation(vec3(0.6, 0.08, -0.1)),
    );
    let (half_width, half_depth, bottom, top) = (0.3, 0.22, 0.95, 1.45);
    for (x, z) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        let leg = vec3(x * (half_width - 0.03), 0.0, z * (half_depth - 0.03));
        model.add_mesh(
            screen,
            white,
            box_between(
                leg - vec3(0.025, 0.0, 0.025),
                leg + vec3(0.025, bottom, 0.025),
            ),
        );
    }
    model.add_mesh(
        screen,
        white,
        box_between(
            vec3(-half_width, bottom, -half_depth),
            vec3(half_width, bottom + 0.03, half_depth),
        ),
    );

    // Corner posts.
    for (x, z) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        let post = vec3(x * half_width, bottom, z * half_depth);
        model.add_mesh(
            screen,
            white,
            box_between(
                post - vec3(0.02, 0.0, 0.02),
                post + vec3(0.02, top - bottom, 0.02),
            ),
        );
    }

    // Louvres: slats tilted 45 degrees on all four sides.
    let slats = 8;
    for i in 0..slats {
        let y = bottom + 0.05 + (top - bottom - 0.08) * i as f32 / (slats - 1) as f32;

        // Each side's slat is built on the +Z side and turned about Y into place.
        for (distance, length, facing) in [
            (half_depth, 2.0 * half_width, 0.0),
            (half_depth, 2.0 * half_width, PI),
            (half_width, 2.0 * half_depth, FRAC_PI_2),
            (half_width, 2.0 * half_depth, -FRAC_PI_2),
        ] {
            let slat = Mesh::cuboid(vec3(length - 0.04, 0.05, 0.006))
                .rotated(Quat::from_rotation_x(FRAC_PI_4))
                .translated(vec3(0.0, y, distance))
                .rotated(Quat::from_rotation_y(facing));
            model.add_mesh(screen, white, slat);
        }
    }

    // Double roof, sloping down to the back, and a door knob on the front.
    for (lift, overhang) in [(0.0, 0.04), (0.05, 0.07)] {
        let roof = Mesh::cuboid(vec3(
            2.0 * (half_width + overhang),
            0.02,
            2.0 * (half_depth + overhang),
        ))
        .rotated(Quat::from_rotation_x(0.12))
        .translated(vec3(0.0, top + 0.03 + lift, 0.0));
        model.add_mesh(screen, white, roof);
    }
    model.add_mesh(
        screen,
        palette.dark_metal,
        Mesh::uv_sphere(0.015, 8, 5).translated(vec3(0.2, 1.2, half_depth + 0.02)),
    );
}
