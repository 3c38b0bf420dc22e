//! B-DNA double helix on a round plinth: two sugar-phosphate backbones with base-pair rungs
//! coloured by base (A green, T red, G yellow, C blue).
//!
//! Proportions follow B-DNA: about 10 base pairs per turn, pitch about 1.7 times the
//! diameter, and the strands offset by 150 degrees so that the major and minor grooves show.

use std::f32::consts::TAU;

use super::FIT_LARGE;
use super::parts::srgb;
use crate::math::{Transform, vec3};
use crate::mesh::{Mesh, helix};
use crate::model::{Material, MaterialId, Model};

const HELIX_RADIUS: f32 = 0.3;
const PITCH: f32 = 1.0;
const BASE_PAIRS_PER_TURN: f32 = 10.0;
const TURNS: f32 = 2.2;
const STRAND_OFFSET_DEGREES: f32 = 150.0;
const START_Y: f32 = 0.2;
/// One strand's bases, read upwards; the other strand carries the complements.
const SEQUENCE: &[u8] = b"ATGCGTACCGATTGCAGCTAGG";

pub fn build() -> Model {
    let mut model = Model::new("dna-helix");
    let plinth =
        model.add_material(Material::new("plinth black", srgb(0x1E2024)).with_roughness(0.25));
    let steel = model.add_material(Material::metal("brushed steel", srgb(0xB8BCC2), 0.35));
    let strand_blue =
        model.add_material(Material::paint("backbone blue", srgb(0x2F6FB0)).with_roughness(0.3));
    let strand_silver =
        model.add_material(Material::metal("backbone silver", srgb(0xD0D4DA), 0.25));
    let bases = [
        (
            b'A',
            model.add_material(Material::new("adenine green", srgb(0x3CB44B)).with_roughness(0.35)),
        ),
        (
            b'T',
            model.add_material(Material::new("thymine red", srgb(0xE6194B)).with_roughness(0.35)),
        ),
        (
            b'G',
            model
                .add_material(Material::new("guanine yellow", srgb(0xFFC61A)).with_roughness(0.35)),
        ),
        (
            b'C',
            model.add_material(Material::new("cytosine blue", srgb(0x4363D8)).with_roughness(0.35)),
        ),
    ];
    let base_material = |base: u8| -> MaterialId {
        bases
            .iter()
            .find(|(letter, _)| *letter == base)
            .expect("sequence uses only A, T, G, C")
            .1
    };
    let root = model.root();

    let stand = model.add_node(root, "plinth", Transform::IDENTITY);
    model.add_mesh(
        stand,
        plinth,
        Mesh::lathe(
            &[
                [0.0, 0.0],
                [0.48, 0.0],
                [0.48, 0.1],
                [0.44, 0.14],
                [0.0, 0.14],
            ],
            48,
        ),
    );
    model.add_mesh(
        stand,
        steel,
        Mesh::cylinder(0.4, 0.02, 48).translated(vec3(0.0, 0.15, 0.0)),
    );

    let offset = STRAND_OFFSET_DEGREES.to_radians();
    let helix_node = model.add_node(
        root,
        "double-helix",
        Transform::from_translation(vec3(0.0, START_Y, 0.0)),
    );
    let strand_a = helix(HELIX_RADIUS, PITCH, TURNS, 40, 0.0);
    let strand_b = helix(HELIX_RADIUS, PITCH, TURNS, 40, offset);
    model.add_mesh(helix_node, strand_blue, Mesh::tube(&strand_a, 0.035, 10));
    model.add_mesh(helix_node, strand_silver, Mesh::tube(&strand_b, 0.035, 10));

    // Feet joining each strand to the plinth.
    for strand in [&strand_a, &strand_b] {
        let foot = strand[0];
        model.add_mesh(
            helix_node,
            steel,
            Mesh::rod(vec3(foot.x, -0.05, foot.z), foot, 0.02, 8),
        );
    }

    let pair_count = (TURNS * BASE_PAIRS_PER_TURN) as usize;
    let knob = Mesh::uv_sphere(0.045, 10, 6);
    for k in 0..pair_count {
        let turn = (k as f32 + 0.5) / BASE_PAIRS_PER_TURN;
        let angle = TAU * turn;
        let y = PITCH * turn;

        // Same parametrization as `helix`: right-handed, angles from +X towards -Z.
        let on_strand = |phase: f32, radius: f32| {
            vec3(
                radius * (angle + phase).cos(),
                y,
                -radius * (angle + phase).sin(),
            )
        };
        let end_a = on_strand(0.0, HELIX_RADIUS);
        let end_b = on_strand(offset, HELIX_RADIUS);
        let middle = (end_a + end_b) * 0.5;

        let base = SEQUENCE[k % SEQUENCE.len()];
        let partner = complement(base);
        model.add_mesh(
            helix_node,
            base_material(base),
            Mesh::rod(end_a, middle, 0.022, 8),
        );
        model.add_mesh(
            helix_node,
            base_material(partner),
            Mesh::rod(middle, end_b, 0.022, 8),
        );
        model.add_mesh(helix_node, strand_blue, knob.clone().translated(end_a));
        model.add_mesh(helix_node, strand_silver, knob.clone().translated(end_b));
    }

    model.fit_to(FIT_LARGE);
    model
}

fn complement(base: u8) -> u8 {
    match base {
        b'A' => b'T',
        b'T' => b'A',
        b'G' => b'C',
        b'C' => b'G',
        other => panic!("not a DNA base: {}", other as char),
    }
}
