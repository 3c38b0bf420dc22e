//! Colour conversion and parts shared by several exhibits (boxes by corners, side-profile
//! extrusions, wheels, hydraulic cylinders).

use std::f32::consts::{FRAC_PI_2, TAU};

use crate::math::{Quat, Vec3, vec3};
use crate::mesh::{Mesh, rounded_rect};

/// Converts a `0xRRGGBB` sRGB colour to the linear RGB that glTF colour factors expect.
pub fn srgb(hex: u32) -> [f32; 3] {
    let channel = |shift: u32| {
        let encoded = ((hex >> shift) & 0xFF) as f32 / 255.0;
        if encoded <= 0.04045 {
            encoded / 12.92
        } else {
            ((encoded + 0.055) / 1.055).powf(2.4)
        }
    };
    [channel(16), channel(8), channel(0)]
}

/// Builds an axis-aligned box spanning two opposite corners, given in any order.
pub fn box_between(corner: Vec3, opposite: Vec3) -> Mesh {
    let (min, max) = (corner.min(opposite), corner.max(opposite));
    Mesh::cuboid(max - min).translated((min + max) * 0.5)
}

/// Extrudes a side outline given as `(z, y)` points along X, centred on x = 0 with the given
/// width. Vehicles are drawn this way: outline seen from the side, front towards +Z.
pub fn side_extrusion(outline_zy: &[[f32; 2]], width: f32) -> Mesh {
    // Rotating -90 degrees about Y turns the extrusion's local +X into +Z and its depth axis into X.
    Mesh::extrude(outline_zy, width).rotated(Quat::from_rotation_y(-FRAC_PI_2))
}

/// Builds a tyre (axle along X, centred on the origin): a torus-like ring with a rounded
/// rectangular cross-section from `inner_radius` to `radius`.
pub fn tyre(radius: f32, width: f32, inner_radius: f32, segments: usize) -> Mesh {
    let thickness = radius - inner_radius;
    let corner = (thickness.min(width) * 0.35).max(0.001);
    let section: Vec<[f32; 2]> = rounded_rect(thickness, width, corner, 2)
        .into_iter()
        .map(|[r, y]| [r + inner_radius + thickness * 0.5, y])
        .collect();
    Mesh::lathe_closed(&section, segments).rotated(Quat::from_rotation_z(FRAC_PI_2))
}

/// Builds raised tread lugs around a tyre of `radius` and `width` (axle along X): pairs of
/// angled blocks forming the chevron pattern of earth-mover and tractor tyres.
pub fn tread_lugs(radius: f32, width: f32, count: usize, depth: f32) -> Mesh {
    let mut mesh = Mesh::new();
    let lug = Mesh::cuboid(vec3(width * 0.48, depth * 2.0, width * 0.16));
    for i in 0..count {
        let angle = TAU * i as f32 / count as f32;
        for side in [-1.0f32, 1.0] {
            // Offset every other side by half a pitch and skew the lug into a chevron.
            let side_angle = angle
                + if side > 0.0 {
                    0.0
                } else {
                    TAU / count as f32 * 0.5
                };
            let placed = lug
                .clone()
                .rotated(Quat::from_rotation_y(side * 0.45))
                .translated(vec3(side * width * 0.25, radius, 0.0))
                .rotated(Quat::from_rotation_x(side_angle));
            mesh.append(&placed);
        }
    }
    mesh
}

/// Builds a wheel rim with hub and lug nuts (axle along X, outer face towards +X), sized to
/// sit inside a tyre with the given inner radius and width.
pub fn rim(inner_radius: f32, width: f32, segments: usize) -> Mesh {
    let half = width * 0.5;
    let outline = [
        [0.0, -half * 0.8],
        [inner_radius, -half * 0.8],
        [inner_radius, half * 0.8],
        [inner_radius * 0.8, half * 0.55],
        [inner_radius * 0.3, half * 0.55],
        [inner_radius * 0.25, half * 0.9],
        [0.0, half * 0.9],
    ];
    let mut mesh = Mesh::lathe(&outline, segments);
    let nut = Mesh::cylinder(inner_radius * 0.05, half * 0.2, 6);
    for i in 0..5 {
        let angle = TAU * i as f32 / 5.0;
        let offset = vec3(
            inner_radius * 0.42 * angle.cos(),
            half * 0.6,
            inner_radius * 0.42 * angle.sin(),
        );
        mesh.append(&nut.clone().translated(offset));
    }

    // The lathe axis is Y; turn it so the outer face (+Y) points along +X.
    mesh.rotated(Quat::from_rotation_z(-FRAC_PI_2))
}

/// Builds a hydraulic cylinder from `start` (barrel end) to `end` (rod end) and returns
/// `(barrel, rod)` so the two can get different materials.
pub fn hydraulic_cylinder(start: Vec3, end: Vec3, radius: f32) -> (Mesh, Mesh) {
    let split = start.lerp(end, 0.58);
    let barrel = Mesh::rod(start, split, radius, 12);
    let rod = Mesh::rod(
        split - (end - start).normalize_or_zero() * radius,
        end,
        radius * 0.5,
        10,
    );
    let eye = Mesh::rod(
        end - Vec3::X * radius,
        end + Vec3::X * radius,
        radius * 0.8,
        10,
    );
    (barrel, rod.merged(&eye))
}

/// Builds an upright arc of a ring, for fenders and mudguards: axle along X, covering
/// `start_angle..end_angle` (radians, measured from +Z towards +Y) between the two radii.
pub fn fender(
    inner_radius: f32,
    outer_radius: f32,
    width: f32,
    start_angle: f32,
    end_angle: f32,
) -> Mesh {
    let steps = 12;
    let arc = |radius: f32, i: usize| {
        let angle = start_angle + (end_angle - start_angle) * i as f32 / steps as f32;
        [radius * angle.cos(), radius * angle.sin()]
    };
    let mut outline: Vec<[f32; 2]> = (0..=steps).map(|i| arc(outer_radius, i)).collect();
    outline.extend((0..=steps).rev().map(|i| arc(inner_radius, i)));
    side_extrusion(&outline, width)
}

/// Builds a square-section beam of side `thickness` from `start` to `end`.
pub fn beam(start: Vec3, end: Vec3, thickness: f32) -> Mesh {
    let axis = end - start;
    Mesh::cuboid(vec3(thickness, axis.length(), thickness))
        .rotated(Quat::from_rotation_arc(Vec3::Y, axis))
        .translated((start + end) * 0.5)
}

/// Deterministic pseudo-random numbers in `[0, 1)` (a 32-bit linear congruential generator
/// with the Numerical Recipes constants), for varied but reproducible details.
pub struct Lcg(pub u32);

impl Lcg {
    pub fn next_unit(&mut self) -> f32 {
        self.0 = self.0.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (self.0 >> 8) as f32 / (1u32 << 24) as f32
    }
}
