//! High-speed EMU head car (in the style of the 350 km/h "Fuxing" trains) on a slab-track
//! segment: white body with a black window band that wraps into the windscreen, red waist
//! stripe, grey skirt, two bogies.
//!
//! The nose points to +Z. Modelled at full size (25 m car), then scaled to fit.

use std::f32::consts::PI;

use super::parts::{box_between, srgb};
use super::{FIT_LARGE, Palette};
use crate::math::{Quat, Transform, vec3};
use crate::mesh::{Mesh, Section, SweepGrid};
use crate::model::{Material, MaterialId, Model, NodeId};

const RAIL_TOP: f32 = 0.55;
const GAUGE_HALF: f32 = 0.7175;
const BODY_HALF_WIDTH: f32 = 1.68;
const BODY_BOTTOM: f32 = RAIL_TOP + 0.35;
const BODY_TOP: f32 = RAIL_TOP + 4.05;
/// The straight body runs from z = 0 to here; the nose from here to `NOSE_TIP_Z`.
const NOSE_START_Z: f32 = 15.5;
const NOSE_TIP_Z: f32 = 25.0;
/// Height of the nose tip (where the nose closes to a point).
const NOSE_TIP_Y: f32 = RAIL_TOP + 1.15;

pub fn build() -> Model {
    let mut model = Model::new("train");
    let palette = Palette::standard(&mut model);
    let white =
        model.add_material(Material::paint("body white", srgb(0xF4F5F1)).with_roughness(0.25));
    let red = model.add_material(Material::paint("stripe red", srgb(0xC8102E)).with_roughness(0.3));
    let window_black = model.add_material(
        Material::new("window band glass", srgb(0x101418))
            .with_roughness(0.05)
            .with_metallic(0.4),
    );
    let skirt = model.add_material(Material::paint("skirt grey", srgb(0x6B6E72)));
    let concrete =
        model.add_material(Material::new("slab concrete", srgb(0xA9A7A2)).with_roughness(0.85));
    let root = model.root();

    add_track(&mut model, root, concrete, &palette);

    let car = model.add_node(root, "head-car", Transform::IDENTITY);
    let outline = body_outline();
    let grid = SweepGrid::new(&outline, &body_sections());
    let band_materials = [white, window_black, red, skirt];

    // Each run of outline edges in the same band becomes one strip.
    let count = outline.len();
    let edge_band = |edge: usize| band_of(outline[edge], outline[(edge + 1) % count]);
    let mut start = 0;
    for edge in 1..=count {
        if edge == count || edge_band(edge) != edge_band(start) {
            model.add_mesh(
                car,
                band_materials[edge_band(start)],
                grid.side_band(start, edge % count),
            );
            start = edge;
        }
    }
    model.add_mesh(car, white, grid.cap(false));

    // Head lamps low on the nose, and the door near the cab.
    let nose_lamp_t: f32 = 0.72;
    let lamp_section = nose_section(nose_lamp_t);
    for side in [-1.0f32, 1.0] {
        let on_surface = lamp_section.origin
            + lamp_section.axis_u * (side * 0.78)
            + lamp_section.axis_v * (-0.42);
        let lamp = Mesh::uv_sphere(1.0, 12, 6)
            .scaled(vec3(0.35, 0.16, 0.6))
            .rotated(Quat::from_rotation_y(side * 0.5))
            .translated(on_surface);
        model.add_mesh(car, palette.head_lamp, lamp);
    }
    for side in [-1.0f32, 1.0] {
        let x = side * (BODY_HALF_WIDTH + 0.005);
        let door = [
            (13.2, 13.25, 1.2, 3.4),
            (14.15, 14.2, 1.2, 3.4),
            (13.2, 14.2, 3.35, 3.4),
        ];
        for (z0, z1, y0, y1) in door {
            model.add_mesh(
                car,
                palette.dark_metal,
                box_between(vec3(x - 0.01, y0, z0), vec3(x + 0.01, y1, z1)),
            );
        }
    }

    for (name, z) in [("rear-bogie", 3.2), ("front-bogie", 19.0)] {
        add_bogie(&mut model, car, name, z, &palette);
    }

    model.fit_to(FIT_LARGE);
    model
}

/// Side heights (normalized) of the outline points; the band edges fall on them.
const SIDE_HEIGHTS: [f32; 11] = [
    -0.8, -0.62, -0.45, -0.3, -0.18, -0.06, 0.02, 0.2, 0.42, 0.5, 0.56,
];

/// Returns the car's cross-section, normalized to half-width and half-height 1 and running
/// counterclockwise: the right side (+X) upwards, the roof arc, the left side downwards and
/// the rounded floor. The sides bulge slightly.
fn body_outline() -> Vec<[f32; 2]> {
    let side_x = |y: f32| 1.0 - 0.08 * (y - 0.05) * (y - 0.05);
    let mut outline: Vec<[f32; 2]> = SIDE_HEIGHTS.iter().map(|&y| [side_x(y), y]).collect();
    let (roof_x, roof_y) = (side_x(0.56), 0.56);
    let arc = |from: f32,
               to: f32,
               center_y: f32,
               half_height: f32,
               exponent: f32,
               steps: usize,
               x_extent: f32|
     -> Vec<[f32; 2]> {
        (1..steps)
            .map(|i| {
                let angle = from + (to - from) * i as f32 / steps as f32;
                let (sin, cos) = angle.sin_cos();
                let power = |value: f32| value.signum() * value.abs().powf(2.0 / exponent);
                [x_extent * power(cos), center_y + half_height * power(sin)]
            })
            .collect()
    };
    outline.extend(arc(0.0, PI, roof_y, 1.0 - roof_y, 2.6, 18, roof_x));
    outline.extend(SIDE_HEIGHTS.iter().rev().map(|&y| [-side_x(y), y]));
    let floor_x = side_x(-0.8);
    outline.extend(arc(PI, 2.0 * PI, -0.8, 0.2, 5.0, 8, floor_x));
    outline
}

/// Returns the colour band (0 white, 1 window, 2 stripe, 3 skirt) of the outline edge from `a`
/// to `b`, judged at its midpoint.
fn band_of(a: [f32; 2], b: [f32; 2]) -> usize {
    let (x, y) = ((a[0] + b[0]) * 0.5, (a[1] + b[1]) * 0.5);
    if y < -0.62 {
        3
    } else if x.abs() > 0.5 && (0.02..0.42).contains(&y) {
        1
    } else if x.abs() > 0.5 && (-0.3..-0.18).contains(&y) {
        2
    } else {
        0
    }
}

/// Places the cross-section along the car: constant to the nose, then narrowing and lowering
/// to the nose tip.
fn body_sections() -> Vec<Section> {
    let mut sections = vec![straight_section(0.0), straight_section(NOSE_START_Z)];
    let steps = 16;
    for i in 1..=steps {
        // Denser towards the tip, where the shape changes fastest.
        let t = 1.0 - (1.0 - i as f32 / steps as f32).powf(1.4);
        sections.push(nose_section(t));
    }
    sections
}

fn straight_section(z: f32) -> Section {
    let half_height = (BODY_TOP - BODY_BOTTOM) * 0.5;
    Section::in_xy_plane(
        z,
        [0.0, BODY_BOTTOM + half_height],
        [BODY_HALF_WIDTH, half_height],
        0.0,
    )
}

/// Returns the section at fraction `t` (0 at the nose start, 1 at the tip) of the nose.
fn nose_section(t: f32) -> Section {
    let z = NOSE_START_Z + (NOSE_TIP_Z - NOSE_START_Z) * t;
    let width = BODY_HALF_WIDTH * (1.0 - t.powf(2.4)).max(0.0).sqrt();
    let top = NOSE_TIP_Y + (BODY_TOP - NOSE_TIP_Y) * (1.0 - t.powf(1.7)).max(0.0).powf(0.75);
    let bottom = BODY_BOTTOM + (NOSE_TIP_Y - BODY_BOTTOM) * t.powf(3.0);
    let half_height = (top - bottom) * 0.5;
    Section::in_xy_plane(z, [0.0, bottom + half_height], [width, half_height], 0.0)
}

/// Adds a bogie centred at `z`: frame, four wheels on two axles, and a skirt between them.
fn add_bogie(model: &mut Model, car: NodeId, name: &str, z: f32, palette: &Palette) {
    let bogie = model.add_node(
        car,
        name,
        Transform::from_translation(vec3(0.0, RAIL_TOP, z)),
    );
    model.add_mesh(
        bogie,
        palette.dark_metal,
        box_between(vec3(-1.1, 0.35, -1.6), vec3(1.1, 0.75, 1.6)),
    );
    for axle_z in [-1.25, 1.25] {
        model.add_mesh(
            bogie,
            palette.steel,
            Mesh::rod(vec3(-0.9, 0.46, axle_z), vec3(0.9, 0.46, axle_z), 0.08, 12),
        );
        for side in [-1.0f32, 1.0] {
            let wheel = Mesh::lathe(
                &[
                    [0.0, -0.07],
                    [0.46, -0.07],
                    [0.49, -0.04],
                    [0.46, 0.07],
                    [0.0, 0.07],
                ],
                28,
            )
            .rotated(Quat::from_rotation_z(PI * 0.5))
            .translated(vec3(side * GAUGE_HALF, 0.46, axle_z));
            model.add_mesh(bogie, palette.steel, wheel);
        }
    }
    model.add_mesh(
        bogie,
        palette.black_plastic,
        Mesh::rod(vec3(-1.15, 0.55, -0.4), vec3(-1.15, 0.55, 0.4), 0.15, 12),
    );
    model.add_mesh(
        bogie,
        palette.black_plastic,
        Mesh::rod(vec3(1.15, 0.55, -0.4), vec3(1.15, 0.55, 0.4), 0.15, 12),
    );
}

/// Adds the slab track: concrete slab, sleeper blocks, and two rails.
fn add_track(model: &mut Model, root: NodeId, concrete: MaterialId, palette: &Palette) {
    let track = model.add_node(root, "track", Transform::IDENTITY);
    let (start, end) = (-1.0, 26.5);
    model.add_mesh(
        track,
        concrete,
        box_between(vec3(-1.6, 0.0, start), vec3(1.6, 0.3, end)),
    );
    let mut z = start + 0.3;
    while z < end - 0.2 {
        model.add_mesh(
            track,
            concrete,
            box_between(vec3(-1.15, 0.3, z - 0.12), vec3(1.15, 0.42, z + 0.12)),
        );
        z += 0.65;
    }
    for side in [-1.0f32, 1.0] {
        let x = side * (GAUGE_HALF + 0.035);
        let rail_outline = [
            [-0.07, 0.0],
            [0.07, 0.0],
            [0.07, 0.015],
            [0.012, 0.03],
            [0.012, 0.1],
            [0.035, 0.11],
            [0.035, 0.13],
            [-0.035, 0.13],
            [-0.035, 0.11],
            [-0.012, 0.1],
            [-0.012, 0.03],
            [-0.07, 0.015],
        ];
        let rail = Mesh::extrude(&rail_outline, end - start).translated(vec3(
            x,
            0.42,
            (start + end) * 0.5,
        ));
        model.add_mesh(track, palette.steel, rail);
    }
}
