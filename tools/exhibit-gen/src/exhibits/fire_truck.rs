//! Aerial-ladder fire truck: red forward-control crew cab with light bar, equipment body with
//! roller shutters, three axles, and a two-section ladder on a turntable at the rear, resting
//! forward over the cab.
//!
//! The cab faces +Z. Modelled at full size (about 10 m long), then scaled to fit.

use std::f32::consts::PI;

use super::parts::{box_between, fender, rim, side_extrusion, srgb, tyre};
use super::{FIT_LARGE, Palette};
use crate::math::{Quat, Transform, vec3};
use crate::mesh::Mesh;
use crate::model::{Material, MaterialId, Model, NodeId};

const HALF_WIDTH: f32 = 1.25;
const WHEEL_RADIUS: f32 = 0.52;
const TRACK_HALF: f32 = 1.0;
const AXLES_Z: [f32; 3] = [3.6, -1.9, -3.25];
const BODY_TOP: f32 = 2.75;
const TURNTABLE_Z: f32 = -3.6;
/// Ladder elevation above horizontal; at 0 the ladder lies stowed on the rest over the cab.
const LADDER_ELEVATION_DEGREES: f32 = 0.0;

pub fn build() -> Model {
    let mut model = Model::new("fire-truck");
    let palette = Palette::standard(&mut model);
    let red = model.add_material(Material::paint("fire engine red", srgb(0xC4161C)));
    let white = model.add_material(Material::paint("stripe white", srgb(0xF3F3F0)));
    let shutter = model.add_material(Material::metal(
        "roller shutter aluminium",
        srgb(0xC3C7CC),
        0.35,
    ));
    let amber = model.add_material(Material::emissive("indicator amber", [1.0, 0.55, 0.05]));
    let beacon_red = model.add_material(Material::emissive("beacon red", [1.0, 0.06, 0.04]));
    let beacon_blue = model.add_material(Material::emissive("beacon blue", [0.1, 0.25, 1.0]));
    let root = model.root();

    // Chassis rails and the cab.
    let chassis = model.add_node(root, "chassis", Transform::IDENTITY);
    for x in [-0.45, 0.45] {
        model.add_mesh(
            chassis,
            palette.dark_metal,
            box_between(vec3(x - 0.1, 0.55, -4.9), vec3(x + 0.1, 0.85, 4.8)),
        );
    }
    let cab = model.add_node(chassis, "crew-cab", Transform::IDENTITY);
    let mut cab_outline = vec![[1.35, 0.85]];
    cab_outline.extend(wheel_arch(AXLES_Z[0], 0.0, 0.85));
    cab_outline.extend([
        [5.0, 0.85],
        [5.1, 1.0],
        [5.1, 1.95],
        [4.95, 3.0],
        [4.7, 3.15],
        [1.35, 3.15],
    ]);
    model.add_mesh(cab, red, side_extrusion(&cab_outline, 2.0 * HALF_WIDTH));
    model.add_mesh(
        cab,
        palette.glass,
        box_between(vec3(-1.15, 2.0, 5.0), vec3(1.15, 2.95, 5.06)).transformed(&windscreen_lean()),
    );
    for side in [-1.0f32, 1.0] {
        let x = side * (HALF_WIDTH + 0.003);
        for (z0, z1) in [(3.9, 4.8), (2.6, 3.75), (1.5, 2.45)] {
            model.add_mesh(
                cab,
                palette.glass,
                box_between(vec3(x - 0.004, 2.05, z0), vec3(x + 0.004, 2.9, z1)),
            );
        }
        model.add_mesh(
            cab,
            palette.black_plastic,
            box_between(vec3(x - 0.004, 1.0, 3.82), vec3(x + 0.004, 2.95, 3.86)),
        );
        model.add_mesh(
            cab,
            palette.black_plastic,
            box_between(vec3(x - 0.004, 1.0, 2.5), vec3(x + 0.004, 2.95, 2.54)),
        );

        // Mirror on an arm ahead of the door.
        let mirror_x = side * (HALF_WIDTH + 0.3);
        model.add_mesh(
            cab,
            palette.black_plastic,
            Mesh::rod(
                vec3(side * HALF_WIDTH, 2.6, 4.8),
                vec3(mirror_x, 2.6, 4.95),
                0.025,
                6,
            ),
        );
        model.add_mesh(
            cab,
            palette.black_plastic,
            box_between(
                vec3(mirror_x - 0.05, 2.2, 4.9),
                vec3(mirror_x + 0.05, 2.75, 5.0),
            ),
        );
    }
    model.add_mesh(
        cab,
        palette.chrome,
        box_between(vec3(-1.3, 0.55, 5.05), vec3(1.3, 0.9, 5.3)),
    );
    model.add_mesh(
        cab,
        palette.black_plastic,
        box_between(vec3(-0.8, 1.2, 5.1), vec3(0.8, 1.75, 5.13)),
    );
    for side in [-1.0f32, 1.0] {
        model.add_mesh(
            cab,
            palette.head_lamp,
            box_between(
                vec3(side * 0.9 - 0.2, 1.2, 5.1),
                vec3(side * 0.9 + 0.2, 1.42, 5.14),
            ),
        );
        model.add_mesh(
            cab,
            amber,
            box_between(
                vec3(side * 0.9 - 0.2, 1.46, 5.1),
                vec3(side * 0.9 + 0.2, 1.56, 5.14),
            ),
        );
    }

    // Light bar: alternating red and blue beacons across the roof front.
    model.add_mesh(
        cab,
        palette.black_plastic,
        box_between(vec3(-1.0, 3.15, 4.2), vec3(1.0, 3.22, 4.5)),
    );
    for i in 0..6 {
        let x = -0.9 + 0.36 * i as f32;
        let beacon = if i % 2 == 0 { beacon_red } else { beacon_blue };
        model.add_mesh(
            cab,
            beacon,
            box_between(vec3(x - 0.15, 3.22, 4.22), vec3(x + 0.15, 3.36, 4.48)),
        );
    }

    add_equipment_body(&mut model, chassis, red, white, shutter, &palette);
    add_wheels(&mut model, root, red, &palette);
    add_ladder(&mut model, chassis, red, &palette);

    // White stripe along both sides of cab and body.
    for side in [-1.0f32, 1.0] {
        let x = side * (HALF_WIDTH + 0.006);
        model.add_mesh(
            chassis,
            white,
            box_between(vec3(x - 0.004, 1.55, -4.85), vec3(x + 0.004, 1.7, 5.05)),
        );
    }
    model.add_mesh(
        chassis,
        white,
        box_between(vec3(-1.26, 1.55, 5.1), vec3(1.26, 1.7, 5.115)),
    );

    model.fit_to(FIT_LARGE);
    model
}

/// Returns the (z, y) points of a wheel-arch cut-out in a body edge at height `edge_y`,
/// running towards +Z: arcs around a wheel at `center_z`, or two wheels `half_spacing`
/// either side of it joined by a straight top.
fn wheel_arch(center_z: f32, half_spacing: f32, edge_y: f32) -> Vec<[f32; 2]> {
    let radius = WHEEL_RADIUS + 0.1;

    // The arch meets the edge where the circle around the axle crosses y = edge_y.
    let start_angle = ((edge_y - WHEEL_RADIUS) / radius).asin();
    let steps = 8;
    let mut points = Vec::new();
    for i in 0..=steps {
        let angle = PI - start_angle - (PI * 0.5 - start_angle) * i as f32 / steps as f32;
        points.push([
            center_z - half_spacing + radius * angle.cos(),
            WHEEL_RADIUS + radius * angle.sin(),
        ]);
    }
    for i in 0..=steps {
        let angle = PI * 0.5 - (PI * 0.5 - start_angle) * i as f32 / steps as f32;
        points.push([
            center_z + half_spacing + radius * angle.cos(),
            WHEEL_RADIUS + radius * angle.sin(),
        ]);
    }
    points
}

/// Leans the windscreen back to follow the cab's sloping front.
fn windscreen_lean() -> Transform {
    // Rotate about the screen's lower edge (y = 2.0, z = 5.05) by the front's slope angle.
    let slope = (0.15f32).atan2(1.05);
    let pivot = vec3(0.0, 2.0, 5.05);
    let rotation = Quat::from_rotation_x(-slope);
    Transform::from_translation_rotation(pivot - rotation.rotate(pivot), rotation)
}

/// Adds the equipment body with roller-shutter lockers, rear steps and outrigger boxes.
fn add_equipment_body(
    model: &mut Model,
    chassis: NodeId,
    red: MaterialId,
    white: MaterialId,
    shutter: MaterialId,
    palette: &Palette,
) {
    let body = model.add_node(chassis, "equipment-body", Transform::IDENTITY);
    let mut body_outline = vec![[-4.9, 0.9]];
    let tandem_center = (AXLES_Z[1] + AXLES_Z[2]) * 0.5;
    body_outline.extend(wheel_arch(
        tandem_center,
        (AXLES_Z[1] - AXLES_Z[2]) * 0.5,
        0.9,
    ));
    body_outline.extend([[1.3, 0.9], [1.3, BODY_TOP], [-4.9, BODY_TOP]]);
    model.add_mesh(body, red, side_extrusion(&body_outline, 2.0 * HALF_WIDTH));

    // Lockers between and above the wheels, with shutter slats.
    let lockers = [(-4.75, -4.0), (-1.2, 1.15)];
    for side in [-1.0f32, 1.0] {
        let x = side * (HALF_WIDTH + 0.004);
        for (z0, z1) in lockers {
            model.add_mesh(
                body,
                shutter,
                box_between(vec3(x - 0.004, 1.0, z0), vec3(x + 0.004, 2.6, z1)),
            );
            for i in 0..9 {
                let y = 1.1 + 0.16 * i as f32;
                model.add_mesh(
                    body,
                    palette.steel,
                    box_between(
                        vec3(x - 0.008, y, z0 + 0.02),
                        vec3(x + 0.008, y + 0.015, z1 - 0.02),
                    ),
                );
            }
        }
        model.add_mesh(
            body,
            shutter,
            box_between(vec3(x - 0.004, 1.85, -3.85), vec3(x + 0.004, 2.6, -1.35)),
        );
        model.add_mesh(
            body,
            palette.dark_metal,
            box_between(
                vec3(side * 0.9 - 0.15, 0.7, -4.6),
                vec3(side * (HALF_WIDTH + 0.05), 0.9, -4.2),
            ),
        );
    }
    model.add_mesh(
        body,
        palette.steel,
        box_between(vec3(-0.9, 0.5, -5.05), vec3(0.9, 0.6, -4.9)),
    );
    model.add_mesh(
        body,
        palette.tail_lamp,
        box_between(vec3(-1.2, 1.0, -4.92), vec3(-0.95, 1.3, -4.9)),
    );
    model.add_mesh(
        body,
        palette.tail_lamp,
        box_between(vec3(0.95, 1.0, -4.92), vec3(1.2, 1.3, -4.9)),
    );

    // Hose reel on the rear face.
    let reel = Mesh::torus(0.3, 0.09, 24, 8)
        .rotated(Quat::from_rotation_x(PI * 0.5))
        .translated(vec3(0.0, 1.9, -4.98));
    model.add_mesh(body, white, reel);
}

/// Adds six wheels on three axles, with mudguards; all wheels share one mesh.
fn add_wheels(model: &mut Model, root: NodeId, red: MaterialId, palette: &Palette) {
    for (axle, &z) in AXLES_Z.iter().enumerate() {
        for side in [-1.0f32, 1.0] {
            let name = format!(
                "wheel-{}-{}",
                axle + 1,
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
                    vec3(side * TRACK_HALF, WHEEL_RADIUS, z),
                    rotation,
                ),
            );
            model.add_mesh(wheel, palette.rubber, tyre(WHEEL_RADIUS, 0.38, 0.33, 32));
            model.add_mesh(wheel, palette.aluminium, rim(0.33, 0.38, 24));
            let guard = fender(
                WHEEL_RADIUS + 0.06,
                WHEEL_RADIUS + 0.12,
                0.45,
                0.3,
                PI - 0.3,
            )
            .translated(vec3(side * (TRACK_HALF + 0.02), WHEEL_RADIUS, z));
            model.add_mesh(
                root,
                if axle == 0 {
                    red
                } else {
                    palette.black_plastic
                },
                guard,
            );
        }
    }
}

/// Adds the turntable and the two-section ladder, pointing forward over the cab.
fn add_ladder(model: &mut Model, chassis: NodeId, red: MaterialId, palette: &Palette) {
    let turntable = model.add_node(
        chassis,
        "turntable",
        Transform::from_translation(vec3(0.0, BODY_TOP, TURNTABLE_Z)),
    );
    model.add_mesh(
        turntable,
        palette.dark_metal,
        Mesh::cylinder(0.75, 0.15, 36).translated(vec3(0.0, 0.075, 0.0)),
    );
    model.add_mesh(
        turntable,
        red,
        box_between(vec3(-0.6, 0.15, -0.6), vec3(0.6, 0.55, 0.6)),
    );
    let elevation = Quat::from_rotation_x(-LADDER_ELEVATION_DEGREES.to_radians());
    let ladder = model.add_node(
        turntable,
        "ladder",
        Transform::from_translation_rotation(vec3(0.0, 0.55, 0.0), elevation),
    );
    add_ladder_section(model, ladder, 0.5, 0.0, 8.3, palette.aluminium, palette);
    let fly = model.add_node(
        ladder,
        "ladder-fly-section",
        Transform::from_translation(vec3(0.0, 0.16, 0.4)),
    );
    add_ladder_section(model, fly, 0.4, 0.0, 7.6, palette.aluminium, palette);

    // Rest on the cab roof that supports the stowed ladder.
    model.add_mesh(
        chassis,
        palette.dark_metal,
        box_between(vec3(-0.6, 3.15, 3.0), vec3(0.6, 3.28, 3.2)),
    );
    let (barrel, rod) =
        super::parts::hydraulic_cylinder(vec3(0.0, 0.2, 0.7), vec3(0.0, 0.5, 1.9), 0.09);
    model.add_mesh(turntable, red, barrel);
    model.add_mesh(turntable, palette.chrome, rod);
}

/// Adds one ladder section along +Z: two box rails `half_width` either side and rungs.
fn add_ladder_section(
    model: &mut Model,
    node: NodeId,
    half_width: f32,
    start: f32,
    length: f32,
    rails: MaterialId,
    palette: &Palette,
) {
    for x in [-half_width, half_width] {
        model.add_mesh(
            node,
            rails,
            box_between(
                vec3(x - 0.04, 0.0, start),
                vec3(x + 0.04, 0.16, start + length),
            ),
        );
        model.add_mesh(
            node,
            rails,
            box_between(
                vec3(x - 0.015, 0.16, start),
                vec3(x + 0.015, 0.35, start + length),
            ),
        );
    }
    let rungs = (length / 0.36) as usize;
    for i in 0..rungs {
        let z = start + 0.2 + i as f32 * 0.36;
        model.add_mesh(
            node,
            palette.steel,
            Mesh::rod(
                vec3(-half_width, 0.08, z),
                vec3(half_width, 0.08, z),
                0.022,
                6,
            ),
        );
    }
}
