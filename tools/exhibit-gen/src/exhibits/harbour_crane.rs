//! Ship-to-shore container gantry crane on a quay, with a container ship alongside: four
//! legs on rails, the A-frame apex with fore- and backstays, the boom reaching over the ship,
//! a trolley with its spreader lifting a container.
//!
//! The boom runs along +X (the ship is at +X), so the front (+Z) view shows the crane's
//! profile. Modelled at full size (about 105 m long, 78 m tall), then scaled to fit.

use super::parts::{Lcg, beam, box_between, srgb};
use super::{FIT_LARGE, Palette};
use crate::math::{Transform, vec3};
use crate::mesh::Mesh;
use crate::model::{Material, MaterialId, Model, NodeId};

/// Half the rail gauge: the legs are at x = ±15 m.
const LEG_X: f32 = 15.0;
/// Half the leg spacing along the rails (z).
const LEG_Z: f32 = 9.0;
/// Height of the portal and boom girders.
const GIRDER_Y: f32 = 46.0;
const BOOM_END_X: f32 = 66.0;
const BACKREACH_END_X: f32 = -32.0;
const APEX: [f32; 2] = [12.0, 76.0];

pub fn build() -> Model {
    let mut model = Model::new("harbour-crane");
    let palette = Palette::standard(&mut model);
    let crane_red = model.add_material(Material::paint("crane red", srgb(0xC8372D)));
    let trolley_yellow = model.add_material(Material::paint("trolley yellow", srgb(0xF2B705)));
    let concrete =
        model.add_material(Material::new("quay concrete", srgb(0x9C9A94)).with_roughness(0.9));
    let water = model.add_material(
        Material::new("harbour water", srgb(0x1F4E6B))
            .with_roughness(0.08)
            .with_metallic(0.1),
    );
    let hull_paint = model.add_material(Material::paint("ship hull", srgb(0x2A3440)));
    let antifouling = model.add_material(Material::paint("ship antifouling red", srgb(0x8E2A22)));
    let root = model.root();

    // Quay with crane rails, and the water beside it.
    let quay = model.add_node(root, "quay", Transform::IDENTITY);
    model.add_mesh(
        quay,
        concrete,
        box_between(vec3(-36.0, 0.0, -18.0), vec3(20.0, 3.0, 18.0)),
    );
    model.add_mesh(
        quay,
        water,
        box_between(vec3(20.0, 0.0, -18.0), vec3(70.0, 1.5, 18.0)),
    );
    for x in [-LEG_X, LEG_X] {
        model.add_mesh(
            quay,
            palette.steel,
            box_between(vec3(x - 0.4, 3.0, -18.0), vec3(x + 0.4, 3.3, 18.0)),
        );
    }

    add_gantry(&mut model, root, crane_red, &palette);
    add_ship(&mut model, root, hull_paint, antifouling, &palette);
    add_trolley(&mut model, root, trolley_yellow, &palette);

    model.fit_to(FIT_LARGE);
    model
}

/// Adds legs, bogies, sill and portal beams, boom girders, apex, stays and machinery house.
fn add_gantry(model: &mut Model, root: NodeId, red: MaterialId, palette: &Palette) {
    let gantry = model.add_node(root, "gantry", Transform::IDENTITY);
    for x in [-LEG_X, LEG_X] {
        for z in [-LEG_Z, LEG_Z] {
            model.add_mesh(
                gantry,
                red,
                beam(vec3(x, 5.0, z), vec3(x, GIRDER_Y, z * 0.55), 1.8),
            );

            // Bogie with four wheels on the rail.
            model.add_mesh(
                gantry,
                palette.dark_metal,
                box_between(vec3(x - 0.9, 4.0, z - 4.0), vec3(x + 0.9, 5.2, z + 4.0)),
            );
            for wheel_z in [-3.0, -1.0, 1.0, 3.0] {
                model.add_mesh(
                    gantry,
                    palette.black_plastic,
                    Mesh::rod(
                        vec3(x - 0.5, 3.9, z + wheel_z),
                        vec3(x + 0.5, 3.9, z + wheel_z),
                        0.6,
                        10,
                    ),
                );
            }
        }

        // Sill beam along the rail and portal beam on top.
        model.add_mesh(
            gantry,
            red,
            box_between(
                vec3(x - 1.0, 5.0, -LEG_Z - 1.0),
                vec3(x + 1.0, 7.0, LEG_Z + 1.0),
            ),
        );
        model.add_mesh(
            gantry,
            red,
            box_between(
                vec3(x - 1.0, GIRDER_Y - 3.0, -LEG_Z * 0.55 - 1.0),
                vec3(x + 1.0, GIRDER_Y, LEG_Z * 0.55 + 1.0),
            ),
        );

        // Knee braces between the legs and the portal beam.
        for z in [-1.0, 1.0] {
            model.add_mesh(
                gantry,
                red,
                beam(
                    vec3(x, GIRDER_Y - 14.0, z * LEG_Z * 0.62),
                    vec3(x, GIRDER_Y - 3.0, z * 1.5),
                    0.8,
                ),
            );
        }
    }

    // Portal ties along X between the waterside and landside legs.
    for z in [-LEG_Z, LEG_Z] {
        model.add_mesh(
            gantry,
            red,
            beam(
                vec3(-LEG_X, 28.0, z * 0.78),
                vec3(LEG_X, 28.0, z * 0.78),
                1.0,
            ),
        );
    }

    // Two box girders: the fixed girder with the backreach and the boom over the water.
    for z in [-4.5, 4.5] {
        model.add_mesh(
            gantry,
            red,
            box_between(
                vec3(BACKREACH_END_X, GIRDER_Y, z - 1.0),
                vec3(LEG_X + 1.0, GIRDER_Y + 3.5, z + 1.0),
            ),
        );
        let boom = [
            [LEG_X + 1.0, GIRDER_Y],
            [BOOM_END_X, GIRDER_Y + 1.0],
            [BOOM_END_X, GIRDER_Y + 2.5],
            [LEG_X + 1.0, GIRDER_Y + 3.5],
        ];
        model.add_mesh(
            gantry,
            red,
            Mesh::extrude(&boom, 2.0).translated(vec3(0.0, 0.0, z)),
        );

        // Walkway rail along the boom.
        model.add_mesh(
            gantry,
            palette.steel,
            beam(
                vec3(BACKREACH_END_X, GIRDER_Y + 4.6, z * 1.3),
                vec3(BOOM_END_X, GIRDER_Y + 3.6, z * 1.3),
                0.25,
            ),
        );
    }
    for x in [BACKREACH_END_X + 1.0, 0.0, LEG_X + 20.0, BOOM_END_X - 1.0] {
        model.add_mesh(
            gantry,
            red,
            box_between(
                vec3(x - 0.7, GIRDER_Y + 0.5, -4.5),
                vec3(x + 0.7, GIRDER_Y + 2.0, 4.5),
            ),
        );
    }

    // A-frame apex and the stays holding the boom and the backreach.
    let apex_z = 4.5;
    for z in [-apex_z, apex_z] {
        let apex = vec3(APEX[0], APEX[1], z);
        model.add_mesh(gantry, red, beam(vec3(LEG_X, GIRDER_Y + 3.5, z), apex, 1.6));
        model.add_mesh(
            gantry,
            red,
            beam(vec3(-LEG_X + 4.0, GIRDER_Y + 3.5, z), apex, 1.6),
        );
        for stay_end in [
            vec3(BOOM_END_X - 2.0, GIRDER_Y + 2.5, z),
            vec3(40.0, GIRDER_Y + 3.2, z),
        ] {
            model.add_mesh(
                gantry,
                palette.dark_metal,
                Mesh::rod(apex, stay_end, 0.35, 8),
            );
        }
        model.add_mesh(
            gantry,
            palette.dark_metal,
            Mesh::rod(
                apex,
                vec3(BACKREACH_END_X + 2.0, GIRDER_Y + 3.5, z),
                0.35,
                8,
            ),
        );
    }
    model.add_mesh(
        gantry,
        red,
        box_between(
            vec3(APEX[0] - 1.0, APEX[1] - 1.0, -apex_z - 1.0),
            vec3(APEX[0] + 1.0, APEX[1] + 1.0, apex_z + 1.0),
        ),
    );
    model.add_mesh(
        gantry,
        red,
        box_between(vec3(-3.0, 60.0, -apex_z), vec3(-1.5, 61.2, apex_z)),
    );

    // Machinery house on the backreach, with the aircraft warning lamp on the apex.
    model.add_mesh(
        gantry,
        palette.white_plastic,
        box_between(
            vec3(-30.0, GIRDER_Y + 3.5, -6.0),
            vec3(-17.0, GIRDER_Y + 10.0, 6.0),
        ),
    );
    model.add_mesh(
        gantry,
        palette.tail_lamp,
        Mesh::uv_sphere(0.9, 10, 6).translated(vec3(APEX[0], APEX[1] + 1.6, 0.0)),
    );
}

/// Adds a container ship alongside the quay, its deck stacked with containers.
fn add_ship(
    model: &mut Model,
    root: NodeId,
    hull_paint: MaterialId,
    antifouling: MaterialId,
    palette: &Palette,
) {
    let ship = model.add_node(root, "ship", Transform::IDENTITY);

    // Hull section in (x, y), extruded along the quay (z).
    let hull = [[23.0, 1.5], [57.0, 1.5], [57.0, 14.0], [23.0, 14.0]];
    model.add_mesh(ship, hull_paint, Mesh::extrude(&hull, 34.0));
    model.add_mesh(
        ship,
        antifouling,
        box_between(vec3(22.9, 1.5, -17.05), vec3(57.1, 4.0, 17.05)),
    );
    model.add_mesh(
        ship,
        palette.white_plastic,
        box_between(vec3(22.95, 13.0, -17.02), vec3(57.05, 13.6, 17.02)),
    );

    let colours = [
        0x1F5FA8, 0xC23B22, 0x2E8B57, 0xE0E0E0, 0xE3A21A, 0x7A3E9D, 0x8A8D91, 0x1E7F8C,
    ];
    let container_materials: Vec<MaterialId> = colours
        .iter()
        .enumerate()
        .map(|(i, &hex)| {
            model.add_material(
                Material::paint(&format!("container {}", i + 1), srgb(hex)).with_roughness(0.6),
            )
        })
        .collect();
    let mut random = Lcg(2022);

    // Forty-foot containers lie along the ship (z), stacked in rows across it (x).
    for row in 0..12 {
        let x = 24.5 + row as f32 * 2.6;
        for bay in [-8.0f32, 8.0] {
            let tiers = 2 + (random.next_unit() * 4.0) as usize;
            for tier in 0..tiers {
                let material = container_materials
                    [(random.next_unit() * colours.len() as f32) as usize % colours.len()];
                let y = 14.0 + tier as f32 * 2.6;
                model.add_mesh(
                    ship,
                    material,
                    box_between(vec3(x, y, bay - 6.0), vec3(x + 2.45, y + 2.55, bay + 6.0)),
                );
            }
        }
    }
}

/// Adds the trolley on the boom with its hanging operator cab, hoist ropes, spreader and
/// the container it is lifting.
fn add_trolley(model: &mut Model, root: NodeId, yellow: MaterialId, palette: &Palette) {
    let trolley = model.add_node(
        root,
        "trolley",
        Transform::from_translation(vec3(38.0, GIRDER_Y + 3.5, 0.0)),
    );
    model.add_mesh(
        trolley,
        yellow,
        box_between(vec3(-4.0, 0.0, -5.5), vec3(4.0, 3.0, 5.5)),
    );
    model.add_mesh(
        trolley,
        palette.white_plastic,
        box_between(vec3(-2.0, -6.5, 1.5), vec3(2.0, -3.5, 5.0)),
    );
    model.add_mesh(
        trolley,
        palette.glass,
        box_between(vec3(-2.1, -6.0, 1.4), vec3(2.1, -4.2, 5.1)),
    );
    model.add_mesh(
        trolley,
        palette.steel,
        box_between(vec3(-0.3, -3.5, 3.0), vec3(0.3, 0.0, 3.5)),
    );

    let spreader_y = -16.0;
    for (x, z) in [(-1.0, -5.0), (1.0, -5.0), (-1.0, 5.0), (1.0, 5.0)] {
        model.add_mesh(
            trolley,
            palette.dark_metal,
            Mesh::rod(vec3(x, 0.0, z * 0.6), vec3(x, spreader_y + 1.0, z), 0.12, 6),
        );
    }
    let spreader = model.add_node(
        trolley,
        "spreader",
        Transform::from_translation(vec3(0.0, spreader_y, 0.0)),
    );
    model.add_mesh(
        spreader,
        yellow,
        box_between(vec3(-1.2, 0.0, -6.1), vec3(1.2, 1.0, 6.1)),
    );
    model.add_mesh(
        spreader,
        yellow,
        box_between(vec3(-1.5, 1.0, -1.5), vec3(1.5, 2.0, 1.5)),
    );
    let container =
        model.add_material(Material::paint("lifted container", srgb(0x2B6CB0)).with_roughness(0.6));
    model.add_mesh(
        spreader,
        container,
        box_between(vec3(-1.22, -2.6, -6.05), vec3(1.22, 0.0, 6.05)),
    );
    for i in 0..14 {
        let z = -5.6 + i as f32 * 0.86;
        for x in [-1.25, 1.25] {
            model.add_mesh(
                spreader,
                container,
                box_between(
                    vec3(x - 0.04, -2.5, z - 0.12),
                    vec3(x + 0.04, -0.1, z + 0.12),
                ),
            );
        }
    }
}
