//! A clump of sugarcane (Guangxi grows most of China's cane) in a round planter: segmented
//! green-yellow stalks with waxy node rings, topped by arching leaves.

use std::f32::consts::{PI, TAU};

use super::FIT_LARGE;
use super::parts::{Lcg, srgb};
use crate::math::{Quat, Transform, Vec3, vec3};
use crate::mesh::{Mesh, SweepFrame, ellipse};
use crate::model::{Material, MaterialId, Model};

const STALKS: usize = 8;
const SOIL_Y: f32 = 0.22;

pub fn build() -> Model {
    let mut model = Model::new("sugarcane");
    let planter_glaze =
        model.add_material(Material::new("planter glaze", srgb(0x3D4A52)).with_roughness(0.35));
    let soil = model.add_material(Material::new("soil", srgb(0x3B2A1E)).with_roughness(1.0));
    let stalk_skin =
        model.add_material(Material::new("cane stalk", srgb(0xB3B545)).with_roughness(0.45));
    let stalk_top =
        model.add_material(Material::new("young cane stalk", srgb(0x7FA33A)).with_roughness(0.5));
    let node_wax =
        model.add_material(Material::new("cane node wax", srgb(0xDCD59A)).with_roughness(0.6));
    let node_ring =
        model.add_material(Material::new("cane node ring", srgb(0x5E5A2A)).with_roughness(0.6));
    let leaf = model.add_material(Material::new("cane leaf", srgb(0x4F8A2B)).with_roughness(0.55));
    let dry_leaf =
        model.add_material(Material::new("dry cane leaf", srgb(0xA58F5A)).with_roughness(0.8));
    let root = model.root();

    let planter = model.add_node(root, "planter", Transform::IDENTITY);
    let wall = [
        [0.0, 0.0],
        [0.5, 0.0],
        [0.62, 0.26],
        [0.58, 0.26],
        [0.5, 0.2],
        [0.0, 0.2],
    ];
    model.add_mesh(planter, planter_glaze, Mesh::lathe(&wall, 48));
    model.add_mesh(
        planter,
        soil,
        Mesh::lathe(
            &[[0.0, 0.18], [0.56, 0.18], [0.56, SOIL_Y], [0.0, SOIL_Y]],
            48,
        ),
    );

    let mut random = Lcg(7);
    for index in 0..STALKS {
        let angle = TAU * (index as f32 + 0.5 * random.next_unit()) / STALKS as f32;
        let distance = if index == 0 {
            0.0
        } else {
            0.12 + 0.25 * random.next_unit()
        };
        let base = vec3(
            distance * angle.cos(),
            SOIL_Y - 0.02,
            distance * angle.sin(),
        );
        let outward = vec3(angle.cos(), 0.0, angle.sin());
        let tilt = 0.03 + 0.12 * distance / 0.37;
        let rotation = Quat::from_axis_angle(Vec3::Y.cross(outward), tilt);
        let stalk = model.add_node(
            root,
            &format!("stalk-{}", index + 1),
            Transform::from_translation_rotation(base, rotation),
        );

        let height = 1.75 + 0.4 * random.next_unit();
        let radius = 0.022 + 0.008 * random.next_unit();
        let parts = StalkMaterials {
            skin: stalk_skin,
            top: stalk_top,
            wax: node_wax,
            ring: node_ring,
            leaf,
            dry_leaf,
        };
        add_stalk(
            &mut model,
            stalk,
            height,
            radius,
            angle,
            &mut random,
            &parts,
        );
    }

    model.fit_to(FIT_LARGE);
    model
}

struct StalkMaterials {
    skin: MaterialId,
    top: MaterialId,
    wax: MaterialId,
    ring: MaterialId,
    leaf: MaterialId,
    dry_leaf: MaterialId,
}

/// Adds one stalk along the node's +Y: internodes that lengthen towards the
/// green top, node rings, a few dry leaves low down and a crown of green leaves.
fn add_stalk(
    model: &mut Model,
    stalk: crate::model::NodeId,
    height: f32,
    radius: f32,
    facing: f32,
    random: &mut Lcg,
    materials: &StalkMaterials,
) {
    let ripe_height = height * 0.72;

    // Ripe part: internodes with slightly pinched nodes.
    let mut node_heights = Vec::new();
    let mut y = 0.0;
    while y < ripe_height {
        node_heights.push(y);
        y += 0.11 + 0.05 * (y / ripe_height) + 0.02 * random.next_unit();
    }
    let mut outline = vec![[0.0, 0.0]];
    for (i, &node_y) in node_heights.iter().enumerate() {
        let next = node_heights.get(i + 1).copied().unwrap_or(ripe_height);
        outline.push([radius * 0.93, node_y]);
        outline.push([radius * 1.01, (node_y + next) * 0.5]);
    }
    outline.push([radius * 0.93, ripe_height]);
    outline.push([0.0, ripe_height]);
    model.add_mesh(stalk, materials.skin, Mesh::lathe(&outline, 8));

    // Waxy band just above each node, lying on the stalk surface.
    for (i, &node_y) in node_heights.iter().enumerate().skip(1) {
        let next = node_heights.get(i + 1).copied().unwrap_or(ripe_height);
        let band_top = node_y + 0.15 * (next - node_y);
        let band = Mesh::lathe(
            &[[radius * 0.935, node_y + 0.002], [radius * 0.962, band_top]],
            8,
        );
        model.add_mesh(stalk, materials.wax, band);
    }

    // Green top, tapering, carrying the leaf crown.
    let top = Mesh::lathe(
        &[
            [0.0, ripe_height],
            [radius * 0.9, ripe_height],
            [radius * 0.75, height - 0.1],
            [radius * 0.3, height],
            [0.0, height + 0.05],
        ],
        8,
    );
    model.add_mesh(stalk, materials.top, top);
    model.add_mesh(
        stalk,
        materials.ring,
        Mesh::lathe(
            &[
                [radius * 0.93, ripe_height - 0.004],
                [radius * 0.95, ripe_height + 0.012],
            ],
            8,
        ),
    );

    // Dry, drooping leaves on the lower nodes.
    for k in 0..2 {
        let node_y = node_heights[(node_heights.len() * (k + 1)) / 5];
        let direction = facing + PI * (0.6 + k as f32) + 0.5 * random.next_unit();
        model.add_mesh(
            stalk,
            materials.dry_leaf,
            leaf(vec3(0.0, node_y, 0.0), direction, 0.55, 0.15, 0.45),
        );
    }

    // Crown of green leaves, alternating sides like the real plant.
    let crown = 6;
    for k in 0..crown {
        let t = k as f32 / (crown - 1) as f32;
        let attach = vec3(0.0, ripe_height + (height - ripe_height) * t * 0.9, 0.0);
        let direction = facing + PI * k as f32 + 0.6 * (random.next_unit() - 0.5);
        let length = 1.05 - 0.35 * t + 0.15 * random.next_unit();
        model.add_mesh(
            stalk,
            materials.leaf,
            leaf(attach, direction, length, 0.75 - 0.2 * t, 0.25 - 0.35 * t),
        );
    }
}

/// Builds an arching leaf blade from `base`, heading out in horizontal direction `angle`
/// (radians from +X towards +Z). `rise` lifts the arch and `droop` lowers the tip, both as
/// fractions of `length`.
fn leaf(base: Vec3, angle: f32, length: f32, rise: f32, droop: f32) -> Mesh {
    let outward = vec3(angle.cos(), 0.0, angle.sin());

    // Quadratic Bézier: up from the stalk, then out and down to the tip.
    let control = base + Vec3::Y * (length * rise) + outward * (length * 0.3);
    let tip = base + outward * (length * 0.8) + Vec3::Y * (length * (rise * 0.3 - droop));
    let samples = 7;
    let path: Vec<Vec3> = (0..=samples)
        .map(|i| {
            let t = i as f32 / samples as f32;
            base * ((1.0 - t) * (1.0 - t)) + control * (2.0 * t * (1.0 - t)) + tip * (t * t)
        })
        .collect();
    let scales: Vec<f32> = (0..=samples)
        .map(|i| {
            let t = i as f32 / samples as f32;
            0.004 + 0.03 * (t * 3.0).min(1.0) * (1.0 - t).powf(0.7)
        })
        .collect();
    let side = Vec3::Y.cross(outward);
    Mesh::sweep(
        &ellipse(1.0, 0.12, 4),
        &path,
        &scales,
        SweepFrame::UToward(side),
    )
}
