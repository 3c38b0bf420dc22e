//! Basic solids: boxes, surfaces of revolution (cylinders, cones, spheres, tori) and extrusions.

use std::f32::consts::TAU;

use super::Mesh;
use super::profile::signed_area_doubled;
use super::triangulate::triangulate_polygon;
use crate::math::{Vec3, vec3};

/// Adjacent faces that meet at less than this angle (in degrees) share vertex normals and
/// look smooth; sharper corners get separate normals and look creased.
const CREASE_ANGLE_DEGREES: f32 = 35.0;

impl Mesh {
    /// Builds a box of the given full size, centred on the origin, with flat faces.
    pub fn cuboid(size: Vec3) -> Mesh {
        let half = size * 0.5;
        let mut mesh = Mesh::new();

        // Each face: outward normal and two in-plane axes.
        let faces = [
            (Vec3::X, Vec3::Y, Vec3::Z),
            (-Vec3::X, Vec3::Y, Vec3::Z),
            (Vec3::Y, Vec3::Z, Vec3::X),
            (-Vec3::Y, Vec3::Z, Vec3::X),
            (Vec3::Z, Vec3::X, Vec3::Y),
            (-Vec3::Z, Vec3::X, Vec3::Y),
        ];
        for (normal, axis_u, axis_v) in faces {
            let center = normal.mul_elements(half);
            let u = axis_u.mul_elements(half);
            let v = axis_v.mul_elements(half);
            let corners = [
                center - u - v,
                center + u - v,
                center + u + v,
                center - u + v,
            ];
            let [a, b, c, d] = corners.map(|corner| mesh.push_vertex(corner, normal));
            mesh.push_quad(a, b, c, d);
        }
        mesh
    }

    /// Revolves an outline `(radius, y)` about the Y axis in `segments` steps.
    ///
    /// Run the outline from the bottom of the axis outwards and up (for a closed solid, back to
    /// the axis at the top): normals then point away from the enclosed volume. Corners sharper
    /// than 35 degrees stay creased; points on the axis get axial normals.
    pub fn lathe(outline: &[[f32; 2]], segments: usize) -> Mesh {
        build_lathe(outline, segments, false)
    }

    /// Revolves a closed outline (the last point connects back to the first) about the Y axis,
    /// for rings such as tori. The outline must run counterclockwise in the `(radius, y)` plane.
    pub fn lathe_closed(outline: &[[f32; 2]], segments: usize) -> Mesh {
        build_lathe(outline, segments, true)
    }

    /// Builds a capped cone frustum along Y, centred on the origin, with `radius_bottom` at
    /// y = -height/2 and `radius_top` at y = +height/2. Either radius may be zero.
    pub fn frustum(radius_bottom: f32, radius_top: f32, height: f32, segments: usize) -> Mesh {
        let half = height * 0.5;
        Mesh::lathe(
            &[
                [0.0, -half],
                [radius_bottom, -half],
                [radius_top, half],
                [0.0, half],
            ],
            segments,
        )
    }

    /// Builds a capped cylinder along Y, centred on the origin.
    pub fn cylinder(radius: f32, height: f32, segments: usize) -> Mesh {
        Mesh::frustum(radius, radius, height, segments)
    }

    /// Builds a cone along Y with its base at y = -height/2 and its apex at y = +height/2.
    pub fn cone(radius: f32, height: f32, segments: usize) -> Mesh {
        Mesh::frustum(radius, 0.0, height, segments)
    }

    /// Builds a cylinder from `start` to `end`, for struts, rods and pipes.
    pub fn rod(start: Vec3, end: Vec3, radius: f32, segments: usize) -> Mesh {
        let axis = end - start;
        let rotation = crate::math::Quat::from_rotation_arc(Vec3::Y, axis);
        Mesh::cylinder(radius, axis.length(), segments)
            .rotated(rotation)
            .translated((start + end) * 0.5)
    }

    /// Builds a UV sphere centred on the origin with `segments` around the Y axis and `rings`
    /// from pole to pole.
    pub fn uv_sphere(radius: f32, segments: usize, rings: usize) -> Mesh {
        let outline: Vec<[f32; 2]> = (0..=rings)
            .map(|ring| {
                let angle = std::f32::consts::PI * ring as f32 / rings as f32;

                // sin(PI) is not exactly zero in floating point; keep the poles on the axis.
                let ring_radius = if ring == 0 || ring == rings {
                    0.0
                } else {
                    radius * angle.sin()
                };
                [ring_radius, -radius * angle.cos()]
            })
            .collect();
        build_lathe(&outline, segments, false)
    }

    /// Builds a torus in the XZ plane around the Y axis.
    pub fn torus(
        major_radius: f32,
        minor_radius: f32,
        major_segments: usize,
        minor_segments: usize,
    ) -> Mesh {
        let outline: Vec<[f32; 2]> = (0..minor_segments)
            .map(|i| {
                let angle = TAU * i as f32 / minor_segments as f32;
                [
                    major_radius + minor_radius * angle.cos(),
                    minor_radius * angle.sin(),
                ]
            })
            .collect();
        build_lathe(&outline, major_segments, true)
    }

    /// Extrudes a closed outline in the XY plane along Z, from z = -depth/2 to z = +depth/2,
    /// with flat end caps. The outline may be concave and may run in either direction.
    pub fn extrude(outline: &[[f32; 2]], depth: f32) -> Mesh {
        let mut outline = outline.to_vec();
        if signed_area_doubled(&outline) < 0.0 {
            outline.reverse();
        }
        let count = outline.len();
        let half = depth * 0.5;
        let mut mesh = Mesh::new();

        // Caps.
        let triangles = triangulate_polygon(&outline);
        for (z, normal) in [(half, Vec3::Z), (-half, -Vec3::Z)] {
            let first = mesh.positions.len() as u32;
            for point in &outline {
                mesh.push_vertex(vec3(point[0], point[1], z), normal);
            }
            for triangle in &triangles {
                mesh.push_triangle(
                    first + triangle[0] as u32,
                    first + triangle[1] as u32,
                    first + triangle[2] as u32,
                );
            }
        }

        // Sides: for a counterclockwise outline the outward normal of edge (dx, dy) is (dy, -dx).
        let edge_normal = |i: usize| {
            let (a, b) = (outline[i], outline[(i + 1) % count]);
            vec3(b[1] - a[1], a[0] - b[0], 0.0).normalize_or_zero()
        };
        let crease_cos = CREASE_ANGLE_DEGREES.to_radians().cos();
        for i in 0..count {
            let j = (i + 1) % count;
            let normal = edge_normal(i);
            if normal == Vec3::ZERO {
                continue;
            }
            let smooth_with = |other: Vec3| {
                if other.dot(normal) >= crease_cos {
                    (normal + other).normalize_or_zero()
                } else {
                    normal
                }
            };
            let normal_at_start = smooth_with(edge_normal((i + count - 1) % count));
            let normal_at_end = smooth_with(edge_normal(j));
            let (a, b) = (outline[i], outline[j]);
            let v0 = mesh.push_vertex(vec3(a[0], a[1], -half), normal_at_start);
            let v1 = mesh.push_vertex(vec3(b[0], b[1], -half), normal_at_end);
            let v2 = mesh.push_vertex(vec3(b[0], b[1], half), normal_at_end);
            let v3 = mesh.push_vertex(vec3(a[0], a[1], half), normal_at_start);
            mesh.push_quad(v0, v1, v2, v3);
        }
        mesh
    }
}

fn build_lathe(outline: &[[f32; 2]], segments: usize, closed: bool) -> Mesh {
    let point_count = outline.len();
    let edge_count = if closed { point_count } else { point_count - 1 };

    // Outline-plane normal (radial, axial) of each edge; zero for zero-length edges.
    let edge_normals: Vec<[f32; 2]> = (0..edge_count)
        .map(|i| {
            let (a, b) = (outline[i], outline[(i + 1) % point_count]);
            let (dr, dy) = (b[0] - a[0], b[1] - a[1]);
            let length = (dr * dr + dy * dy).sqrt();
            if length < 1e-9 {
                [0.0, 0.0]
            } else {
                [dy / length, -dr / length]
            }
        })
        .collect();
    let crease_cos = CREASE_ANGLE_DEGREES.to_radians().cos();

    // Normal at point `point` as seen from edge `edge`, smoothed with the neighbouring edge
    // across that point unless the corner is sharp.
    let normal_at = |edge: usize, point: usize| -> [f32; 2] {
        let own = edge_normals[edge];
        let neighbour = if point == edge {
            if edge > 0 || closed {
                Some(edge_normals[(edge + edge_count - 1) % edge_count])
            } else {
                None
            }
        } else if edge + 1 < edge_count || closed {
            Some(edge_normals[(edge + 1) % edge_count])
        } else {
            None
        };
        let radius = outline[point % point_count][0];
        if radius.abs() < 1e-7 {
            // On the axis the surface is perpendicular to it.
            return [0.0, if own[1] >= 0.0 { 1.0 } else { -1.0 }];
        }
        match neighbour {
            Some(other) if own[0] * other[0] + own[1] * other[1] >= crease_cos => {
                let sum = [own[0] + other[0], own[1] + other[1]];
                let length = (sum[0] * sum[0] + sum[1] * sum[1]).sqrt();
                [sum[0] / length, sum[1] / length]
            }
            _ => own,
        }
    };

    let mut mesh = Mesh::new();
    let directions: Vec<(f32, f32)> = (0..segments)
        .map(|i| {
            let angle = TAU * i as f32 / segments as f32;
            (angle.cos(), -angle.sin())
        })
        .collect();
    let push_ring = |mesh: &mut Mesh, point: [f32; 2], normal: [f32; 2]| -> u32 {
        let first = mesh.positions.len() as u32;
        for &(cos, sin) in &directions {
            mesh.push_vertex(
                vec3(point[0] * cos, point[1], point[0] * sin),
                vec3(normal[0] * cos, normal[1], normal[0] * sin),
            );
        }
        first
    };

    // Rings are shared between edges that meet smoothly, and duplicated at creases.
    let mut previous_end: Option<(u32, [f32; 2])> = None;
    let mut first_ring: Option<(u32, [f32; 2])> = None;
    for (edge, edge_normal) in edge_normals.iter().enumerate() {
        if *edge_normal == [0.0, 0.0] {
            continue;
        }
        let (start_point, end_point) = (edge, (edge + 1) % point_count);
        let start_normal = normal_at(edge, start_point);
        let start_ring = match previous_end {
            Some((ring, normal)) if normal == start_normal => ring,
            _ => push_ring(&mut mesh, outline[start_point], start_normal),
        };
        if first_ring.is_none() {
            first_ring = Some((start_ring, start_normal));
        }
        let end_normal = normal_at(edge, end_point);
        let end_ring = match first_ring {
            Some((ring, normal)) if closed && end_point == 0 && normal == end_normal => ring,
            _ => push_ring(&mut mesh, outline[end_point], end_normal),
        };
        for i in 0..segments as u32 {
            let j = (i + 1) % segments as u32;
            mesh.push_quad(start_ring + i, start_ring + j, end_ring + j, end_ring + i);
        }
        previous_end = Some((end_ring, end_normal));
    }
    mesh
}
