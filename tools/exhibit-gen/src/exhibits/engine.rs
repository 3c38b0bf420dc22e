//! Inline six-cylinder diesel engine on a display stand, in the style of the truck engines
//! built in Yulin. It has a block and oil pan, six individual cylinder heads with rocker
//! covers, the exhaust manifold and turbocharger on the front (+Z) side, and pulleys, belt and
//! fan at the +X end.
//!
//! Crankshaft along X. Modelled at full size (about 1.5 m long), then scaled up for display.

use std::f32::consts::{FRAC_PI_2, TAU};

use super::Palette;
use super::parts::{box_between, side_extrusion, srgb};
use crate::math::{Quat, Transform, Vec3, vec3};
use crate::mesh::{Mesh, SweepFrame, rounded_rect};
use crate::model::{Material, Model};

const CYLINDERS: usize = 6;
/// Cylinder spacing along X in metres.
const BORE_PITCH: f32 = 0.19;

fn cylinder_x(index: usize) -> f32 {
    (index as f32 - (CYLINDERS as f32 - 1.0) * 0.5) * BORE_PITCH
}

pub fn build() -> Model {
    let mut model = Model::new("engine");
    let palette = Palette::standard(&mut model);
    let block_paint =
        model.add_material(Material::paint("engine blue", srgb(0x2F557F)).with_roughness(0.45));
    let cast_iron = model.add_material(Material::metal("cast iron manifold", srgb(0x5C4B43), 0.75));
    let stand_paint = model.add_material(Material::paint("stand grey", srgb(0x55595E)));
    let accent =
        model.add_material(Material::new("filler cap yellow", srgb(0xF2C230)).with_roughness(0.4));
    let root = model.root();

    // Display stand: two legs with feet, the engine held on cradle arms.
    let stand = model.add_node(root, "stand", Transform::IDENTITY);
    for x in [-0.45, 0.45] {
        model.add_mesh(
            stand,
            stand_paint,
            box_between(vec3(x - 0.04, 0.0, -0.4), vec3(x + 0.04, 0.06, 0.4)),
        );
        model.add_mesh(
            stand,
            stand_paint,
            box_between(vec3(x - 0.035, 0.06, -0.035), vec3(x + 0.035, 0.47, 0.035)),
        );
        model.add_mesh(
            stand,
            stand_paint,
            box_between(vec3(x - 0.05, 0.47, -0.2), vec3(x + 0.05, 0.5, 0.2)),
        );
    }
    model.add_mesh(
        stand,
        stand_paint,
        box_between(vec3(-0.45, 0.0, -0.035), vec3(0.45, 0.06, 0.035)),
    );

    let engine = model.add_node(
        root,
        "engine-block",
        Transform::from_translation(vec3(0.0, 0.5, 0.0)),
    );
    add_block(&mut model, engine, block_paint, &palette);

    // Cylinder heads with rocker covers, one per cylinder.
    for i in 0..CYLINDERS {
        let x = cylinder_x(i);
        let head = model.add_node(
            engine,
            &format!("cylinder-head-{}", i + 1),
            Transform::from_translation(vec3(x, 0.68, 0.0)),
        );
        model.add_mesh(
            head,
            block_paint,
            box_between(vec3(-0.088, 0.0, -0.21), vec3(0.088, 0.13, 0.21)),
        );
        let cover = side_extrusion(&rounded_rect(0.34, 0.1, 0.035, 3), 0.15)
            .translated(vec3(0.0, 0.17, 0.0));
        model.add_mesh(head, palette.aluminium, cover);
        for z in [-0.12, 0.12] {
            model.add_mesh(
                head,
                palette.dark_metal,
                Mesh::cylinder(0.012, 0.03, 6).translated(vec3(0.05, 0.235, z)),
            );
            model.add_mesh(
                head,
                palette.dark_metal,
                Mesh::cylinder(0.012, 0.03, 6).translated(vec3(-0.05, 0.235, z)),
            );
        }
        if i == 2 {
            model.add_mesh(
                head,
                accent,
                Mesh::cylinder(0.03, 0.04, 16).translated(vec3(0.0, 0.24, 0.0)),
            );
        }
    }

    add_exhaust_and_turbo(&mut model, engine, cast_iron, &palette);
    add_front_drive(&mut model, engine, block_paint, &palette);
    add_intake_side(&mut model, engine, block_paint, &palette);

    model.fit_to(vec3(2.2, 1.7, 2.2));
    model
}

/// Adds the crankcase, oil pan and flywheel housing, in engine space (y = 0 at the pan).
fn add_block(
    model: &mut Model,
    engine: crate::model::NodeId,
    paint: crate::model::MaterialId,
    palette: &Palette,
) {
    let block_section = [
        [-0.2, 0.12],
        [0.2, 0.12],
        [0.26, 0.3],
        [0.26, 0.68],
        [-0.26, 0.68],
        [-0.26, 0.3],
    ];
    let block = Mesh::extrude(&block_section, 1.2).rotated(Quat::from_rotation_y(FRAC_PI_2));
    model.add_mesh(engine, paint, block);

    // Cooling-jacket ribs between the cylinders on both sides.
    for i in 0..=CYLINDERS {
        let x = cylinder_x(0) - BORE_PITCH * 0.5 + BORE_PITCH * i as f32;
        for z in [-0.27, 0.27] {
            model.add_mesh(
                engine,
                paint,
                box_between(
                    vec3(x - 0.012, 0.32, z - 0.012),
                    vec3(x + 0.012, 0.66, z + 0.012),
                ),
            );
        }
    }
    model.add_mesh(
        engine,
        palette.dark_metal,
        box_between(vec3(-0.58, 0.0, -0.18), vec3(0.5, 0.13, 0.18)),
    );
    model.add_mesh(
        engine,
        palette.dark_metal,
        box_between(vec3(-0.61, 0.11, -0.22), vec3(0.61, 0.135, 0.22)),
    );

    // Flywheel housing: a short bell on the -X end.
    let bell = Mesh::lathe(
        &[
            [0.0, 0.0],
            [0.3, 0.0],
            [0.3, 0.04],
            [0.22, 0.16],
            [0.0, 0.16],
        ],
        40,
    )
    .rotated(Quat::from_rotation_z(FRAC_PI_2))
    .translated(vec3(-0.6, 0.34, 0.0));
    model.add_mesh(engine, paint, bell);
    let starter = Mesh::rod(vec3(-0.6, 0.2, 0.3), vec3(-0.35, 0.2, 0.3), 0.06, 16);
    model.add_mesh(engine, palette.black_plastic, starter);
}

/// Adds the six exhaust runners, the collector and the turbocharger on the +Z side.
fn add_exhaust_and_turbo(
    model: &mut Model,
    engine: crate::model::NodeId,
    cast_iron: crate::model::MaterialId,
    palette: &Palette,
) {
    let manifold = model.add_node(engine, "exhaust-manifold", Transform::IDENTITY);
    let collector_y = 0.6;
    let collector_z = 0.36;
    for i in 0..CYLINDERS {
        let x = cylinder_x(i);
        let runner = [
            vec3(x, 0.74, 0.2),
            vec3(x, 0.72, 0.28),
            vec3(x + 0.02, 0.66, 0.34),
            vec3(x + 0.04, collector_y, collector_z),
        ];
        model.add_mesh(manifold, cast_iron, Mesh::tube(&runner, 0.032, 12));
        model.add_mesh(
            manifold,
            cast_iron,
            box_between(vec3(x - 0.05, 0.7, 0.2), vec3(x + 0.05, 0.79, 0.225)),
        );
    }
    let collector = [
        vec3(cylinder_x(0) - 0.04, collector_y, collector_z),
        vec3(0.52, collector_y, collector_z),
    ];
    model.add_mesh(manifold, cast_iron, Mesh::tube(&collector, 0.05, 16));

    // Turbocharger: turbine volute (cast iron) and compressor housing (aluminium) on one shaft.
    let turbo = model.add_node(
        engine,
        "turbocharger",
        Transform::from_translation(vec3(0.56, 0.72, 0.4)),
    );
    let volute = Mesh::torus(0.08, 0.05, 24, 12).rotated(Quat::from_rotation_z(FRAC_PI_2));
    model.add_mesh(
        turbo,
        cast_iron,
        volute.merged(&Mesh::rod(
            vec3(-0.05, 0.0, 0.0),
            vec3(0.05, 0.0, 0.0),
            0.07,
            20,
        )),
    );
    model.add_mesh(
        turbo,
        cast_iron,
        Mesh::rod(vec3(-0.04, -0.12, 0.0), vec3(-0.04, 0.0, 0.0), 0.05, 16),
    );
    let compressor = Mesh::torus(0.085, 0.055, 24, 12)
        .rotated(Quat::from_rotation_z(FRAC_PI_2))
        .translated(vec3(0.14, 0.0, 0.0));
    model.add_mesh(turbo, palette.aluminium, compressor);
    model.add_mesh(
        turbo,
        palette.aluminium,
        Mesh::rod(vec3(0.1, 0.0, 0.0), vec3(0.22, 0.0, 0.0), 0.075, 20),
    );
    model.add_mesh(
        turbo,
        palette.steel,
        Mesh::rod(vec3(0.05, 0.0, 0.0), vec3(0.1, 0.0, 0.0), 0.04, 12),
    );

    // Downpipe and the charge-air pipe over the heads to the intake side.
    model.add_mesh(
        turbo,
        palette.dark_metal,
        Mesh::tube(
            &[
                vec3(-0.02, -0.05, 0.05),
                vec3(0.0, -0.2, 0.12),
                vec3(0.0, -0.45, 0.12),
            ],
            0.05,
            16,
        ),
    );
    let charge_pipe = [
        vec3(0.22, 0.0, 0.0),
        vec3(0.27, 0.06, -0.05),
        vec3(0.27, 0.2, -0.3),
        vec3(0.2, 0.2, -0.62),
        vec3(0.1, 0.12, -0.72),
    ];
    model.add_mesh(
        turbo,
        palette.black_plastic,
        Mesh::tube(&charge_pipe, 0.045, 16),
    );
}

/// Adds the timing cover, crank, water-pump and alternator pulleys, the belt and the fan at +X.
fn add_front_drive(
    model: &mut Model,
    engine: crate::model::NodeId,
    paint: crate::model::MaterialId,
    palette: &Palette,
) {
    let front_x = 0.6;
    model.add_mesh(
        engine,
        paint,
        side_extrusion(&rounded_rect(0.46, 0.62, 0.08, 4), 0.06).translated(vec3(
            front_x + 0.03,
            0.43,
            0.0,
        )),
    );

    let drive = model.add_node(
        engine,
        "pulleys",
        Transform::from_translation(vec3(front_x + 0.1, 0.0, 0.0)),
    );

    // Pulley centres in (z, y) and radii.
    let pulleys = [
        ([0.0f32, 0.26f32], 0.12f32),
        ([0.0, 0.62], 0.08),
        ([0.24, 0.5], 0.055),
    ];
    for (center, radius) in pulleys {
        model.add_mesh(
            drive,
            palette.steel,
            pulley(radius).translated(vec3(0.0, center[1], center[0])),
        );
    }
    model.add_mesh(
        drive,
        palette.black_plastic,
        Mesh::rod(vec3(-0.12, 0.5, 0.24), vec3(0.0, 0.5, 0.24), 0.09, 20)
            .translated(vec3(-0.03, 0.0, 0.03)),
    );
    model.add_mesh(drive, palette.rubber, belt(&pulleys));

    // Six-blade cooling fan on the water-pump pulley.
    let fan = model.add_node(
        drive,
        "fan",
        Transform::from_translation(vec3(0.07, 0.62, 0.0)),
    );
    model.add_mesh(
        fan,
        palette.black_plastic,
        Mesh::rod(vec3(-0.03, 0.0, 0.0), vec3(0.04, 0.0, 0.0), 0.06, 20),
    );
    for i in 0..6 {
        let angle = TAU * i as f32 / 6.0;
        let blade = side_extrusion(
            &[
                [-0.045, 0.05],
                [0.06, 0.07],
                [0.07, 0.25],
                [0.0, 0.28],
                [-0.07, 0.24],
            ],
            0.008,
        )
        .rotated(Quat::from_rotation_y(0.35))
        .rotated(Quat::from_rotation_x(angle));
        model.add_mesh(fan, palette.black_plastic, blade);
    }
}

/// Adds the fuel-injection pump, injector lines, oil filter and dipstick on the -Z side.
fn add_intake_side(
    model: &mut Model,
    engine: crate::model::NodeId,
    paint: crate::model::MaterialId,
    palette: &Palette,
) {
    let intake = model.add_node(engine, "intake-manifold", Transform::IDENTITY);
    model.add_mesh(
        intake,
        palette.aluminium,
        side_extrusion(&rounded_rect(0.12, 0.12, 0.04, 3), 1.0)
            .translated(vec3(-0.05, 0.62, -0.34)),
    );
    model.add_mesh(
        intake,
        palette.aluminium,
        Mesh::rod(vec3(0.45, 0.62, -0.34), vec3(0.66, 0.62, -0.34), 0.05, 16),
    );
    model.add_mesh(
        intake,
        palette.aluminium,
        Mesh::tube(
            &[
                vec3(0.66, 0.62, -0.34),
                vec3(0.66, 0.7, -0.34),
                vec3(0.66, 0.84, -0.32),
            ],
            0.05,
            16,
        ),
    );

    let pump = box_between(vec3(-0.3, 0.3, -0.42), vec3(0.25, 0.46, -0.28));
    model.add_mesh(intake, paint, pump);
    for i in 0..CYLINDERS {
        let x = cylinder_x(i);
        let start = vec3(-0.25 + 0.09 * i as f32, 0.46, -0.35);
        let line = [
            start,
            vec3(start.x, 0.56, -0.36),
            vec3(x, 0.58, -0.4),
            vec3(x, 0.76, -0.24),
            vec3(x, 0.8, -0.12),
        ];
        model.add_mesh(intake, palette.steel, Mesh::tube(&line, 0.007, 6));
    }
    model.add_mesh(
        intake,
        palette.white_plastic,
        Mesh::cylinder(0.055, 0.17, 20).translated(vec3(0.35, 0.2, -0.33)),
    );
    model.add_mesh(
        intake,
        palette.dark_metal,
        Mesh::cylinder(0.05, 0.02, 20).translated(vec3(0.35, 0.295, -0.33)),
    );
    model.add_mesh(
        intake,
        palette.tail_lamp,
        Mesh::rod(vec3(0.1, 0.25, -0.27), vec3(0.13, 0.62, -0.3), 0.007, 6),
    );
}

/// Builds a V-belt pulley (axle along X): a disc with a groove.
fn pulley(radius: f32) -> Mesh {
    let outline = [
        [0.0, -0.025],
        [radius, -0.025],
        [radius * 0.88, 0.0],
        [radius, 0.025],
        [0.0, 0.025],
    ];
    Mesh::lathe(&outline, 32).rotated(Quat::from_rotation_z(FRAC_PI_2))
}

/// Builds a flat belt around the convex hull of the pulleys, given as ((z, y), radius).
fn belt(pulleys: &[([f32; 2], f32)]) -> Mesh {
    let mut points = Vec::new();
    for (center, radius) in pulleys {
        for i in 0..48 {
            let angle = TAU * i as f32 / 48.0;
            points.push([
                center[0] + (radius - 0.012) * angle.cos(),
                center[1] + (radius - 0.012) * angle.sin(),
            ]);
        }
    }
    let hull = convex_hull(&mut points);
    let mut path: Vec<Vec3> = hull.iter().map(|&[z, y]| vec3(0.0, y, z)).collect();
    path.push(path[0]);
    path.push(path[1]);
    let scales = vec![1.0; path.len()];
    Mesh::sweep(
        &rounded_rect(0.012, 0.03, 0.0, 1),
        &path,
        &scales,
        SweepFrame::VToward(Vec3::X),
    )
}

/// Returns the convex hull of 2D points, counterclockwise (Andrew's monotone chain).
fn convex_hull(points: &mut [[f32; 2]]) -> Vec<[f32; 2]> {
    points.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    let cross = |o: [f32; 2], a: [f32; 2], b: [f32; 2]| {
        (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    };
    let mut hull: Vec<[f32; 2]> = Vec::new();

    // Lower hull left to right, then upper hull right to left.
    let ordered: Vec<[f32; 2]> = points
        .iter()
        .copied()
        .chain(points.iter().rev().copied())
        .collect();
    for chain in ordered.chunks(points.len()) {
        let start = hull.len();
        for &point in chain {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], point) <= 0.0
            {
                hull.pop();
            }
            hull.push(point);
        }

        // The last point of each chain starts the other one.
        hull.pop();
    }
    hull
}
