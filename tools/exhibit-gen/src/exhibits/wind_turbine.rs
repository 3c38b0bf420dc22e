//! Three-bladed horizontal-axis wind turbine: tapered tower on a foundation, nacelle, spinner
//! and three twisted airfoil blades with red tip markings, rotor facing +Z.
//!
//! Modelled at full size (80 m hub height, 100 m rotor), then scaled to fit. One blade points
//! straight down, which keeps the model low enough to fit at a larger scale.

use std::f32::consts::{FRAC_PI_2, TAU};

use super::parts::{box_between, srgb};
use super::{FIT_LARGE, Palette};
use crate::math::{Quat, Transform, vec3};
use crate::mesh::{Mesh, Section, SweepGrid, naca_airfoil, rounded_rect};
use crate::model::{Material, MaterialId, Model, NodeId};

const HUB_HEIGHT: f32 = 80.0;
const BLADE_ROOT: f32 = 1.8;
const BLADE_TIP: f32 = 50.0;
/// Spans beyond this radius get the red aviation marking.
const MARKING_START: f32 = 45.0;

pub fn build() -> Model {
    let mut model = Model::new("wind-turbine");
    let palette = Palette::standard(&mut model);
    let white =
        model.add_material(Material::paint("turbine white", srgb(0xF1F2F0)).with_roughness(0.4));
    let marking_red =
        model.add_material(Material::paint("blade tip red", srgb(0xD0312D)).with_roughness(0.4));
    let concrete = model
        .add_material(Material::new("foundation concrete", srgb(0xA2A09B)).with_roughness(0.9));
    let warning_light = model.add_material(Material::emissive("aviation light", [1.0, 0.08, 0.05]));
    let root = model.root();

    let tower = model.add_node(root, "tower", Transform::IDENTITY);
    model.add_mesh(
        tower,
        concrete,
        Mesh::lathe(
            &[[0.0, 0.0], [9.0, 0.0], [9.0, 1.0], [3.0, 1.6], [0.0, 1.6]],
            8,
        ),
    );
    let tower_outline = [
        [0.0, 1.6],
        [2.2, 1.6],
        [2.1, 10.0],
        [1.5, HUB_HEIGHT - 2.4],
        [0.0, HUB_HEIGHT - 2.4],
    ];
    model.add_mesh(tower, white, Mesh::lathe(&tower_outline, 32));
    model.add_mesh(
        tower,
        palette.dark_metal,
        box_between(vec3(-0.5, 1.6, 2.05), vec3(0.5, 4.0, 2.25)),
    );

    // Nacelle: a rounded box lofted along Z, narrowing towards the back.
    let nacelle = model.add_node(
        tower,
        "nacelle",
        Transform::from_translation(vec3(0.0, HUB_HEIGHT - 2.4, 0.0)),
    );
    let outline = rounded_rect(1.0, 1.0, 0.25, 4);
    let sections = [
        Section::in_xy_plane(-9.0, [0.0, 2.3], [3.0, 3.0], 0.0),
        Section::in_xy_plane(-8.6, [0.0, 2.3], [3.5, 3.7], 0.0),
        Section::in_xy_plane(-2.0, [0.0, 2.4], [3.9, 4.1], 0.0),
        Section::in_xy_plane(1.6, [0.0, 2.4], [3.9, 4.1], 0.0),
        Section::in_xy_plane(2.2, [0.0, 2.4], [3.4, 3.6], 0.0),
    ];
    model.add_mesh(nacelle, white, Mesh::loft(&outline, &sections));
    model.add_mesh(
        nacelle,
        palette.aluminium,
        Mesh::rod(vec3(0.8, 4.45, -7.0), vec3(0.8, 5.6, -7.0), 0.06, 6),
    );
    model.add_mesh(
        nacelle,
        palette.aluminium,
        Mesh::rod(vec3(0.8, 5.6, -7.4), vec3(0.8, 5.6, -6.6), 0.05, 6),
    );
    model.add_mesh(
        nacelle,
        warning_light,
        Mesh::uv_sphere(0.3, 10, 6).translated(vec3(-0.8, 4.7, -7.0)),
    );

    // Rotor: spinner and blades, on a shaft tilted up 5 degrees.
    let rotor_transform = Transform::from_translation_rotation(
        vec3(0.0, 2.4, 2.6),
        Quat::from_rotation_x(-5.0f32.to_radians()),
    );
    let rotor = model.add_node(nacelle, "rotor", rotor_transform);
    let spinner = Mesh::lathe(
        &[
            [0.0, -0.4],
            [1.9, -0.4],
            [1.95, 0.6],
            [1.5, 2.3],
            [0.7, 3.4],
            [0.0, 3.7],
        ],
        32,
    )
    .rotated(Quat::from_rotation_x(FRAC_PI_2));
    model.add_mesh(rotor, white, spinner);
    for k in 0..3 {
        // Blades at 30, 150 and 270 degrees: a "Y" with one blade pointing down.
        let angle = TAU * k as f32 / 3.0 + 30.0f32.to_radians() - FRAC_PI_2;
        add_blade(&mut model, rotor, k, angle, white, marking_red);
    }

    model.fit_to(FIT_LARGE);
    model
}

/// Adds blade `index`, turned by `angle` about the rotor axis from pointing along +Y.
fn add_blade(
    model: &mut Model,
    rotor: NodeId,
    index: usize,
    angle: f32,
    white: MaterialId,
    red: MaterialId,
) {
    let blade = model.add_node(
        rotor,
        &format!("blade-{}", index + 1),
        Transform::from_rotation(Quat::from_rotation_z(angle)),
    );

    // Build along +Z with the airfoil in the XY plane, then turn +Z onto the span (+Y):
    // the chord then lies in the rotor plane and the thickness along the rotor axis.
    let to_span = Quat::from_rotation_x(-FRAC_PI_2);
    let airfoil = naca_airfoil(0.3, 10);
    let all: Vec<Section> = (0..=16)
        .map(|i| blade_section(BLADE_ROOT + (BLADE_TIP - BLADE_ROOT) * i as f32 / 16.0))
        .collect();
    let split = all
        .iter()
        .position(|section| section.origin.z >= MARKING_START)
        .expect("marking start lies on the blade");
    let main = SweepGrid::new(&airfoil, &all[..=split]);
    let tip = SweepGrid::new(&airfoil, &all[split..]);
    model.add_mesh(
        blade,
        white,
        main.side().merged(&main.cap(false)).rotated(to_span),
    );
    model.add_mesh(
        blade,
        red,
        tip.side().merged(&tip.cap(true)).rotated(to_span),
    );
}

/// Returns the blade section at radius `r`: round-ish and thick at the root, widest chord
/// near 20 % of the span, thin and narrow at the tip, with the twist decreasing outwards.
fn blade_section(r: f32) -> Section {
    let t = (r - BLADE_ROOT) / (BLADE_TIP - BLADE_ROOT);
    let chord = if t < 0.18 {
        2.4 + (4.2 - 2.4) * (t / 0.18).sqrt()
    } else {
        4.2 - (4.2 - 1.0) * ((t - 0.18) / 0.82).powf(0.8)
    };

    // Thickness as a multiple of the airfoil's own 30 %: nearly round at the root, 15 % at the tip.
    let thickness_factor = if t < 0.18 {
        2.6 - (2.6 - 1.0) * t / 0.18
    } else {
        1.0 - 0.5 * (t - 0.18) / 0.82
    };
    let twist = (14.0 * (1.0 - t).powf(1.5)).to_radians();
    Section::in_xy_plane(r, [0.0, 0.0], [chord, chord * thickness_factor], twist)
}
