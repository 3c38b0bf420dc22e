//! Sweeps: a closed 2D outline placed at a series of cross-sections and skinned, for tubes
//! along polylines and helices, lofts (train noses, turbine blades) and leaves.

use std::f32::consts::TAU;

use super::Mesh;
use super::profile::signed_area_doubled;
use super::triangulate::triangulate_polygon;
use crate::math::{Quat, Vec3, vec3};

/// Placement of one cross-section: outline point `(u, v)` lands on `origin + axis_u * u + axis_v * v`.
/// The axes carry the section's scale and need not be unit length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Section {
    pub origin: Vec3,
    pub axis_u: Vec3,
    pub axis_v: Vec3,
}

impl Section {
    /// Creates a section in the plane z = `z`, centred on `(center[0], center[1])`, scaled by
    /// `scale` along X and Y and then turned by `angle` radians counterclockwise about +Z.
    pub fn in_xy_plane(z: f32, center: [f32; 2], scale: [f32; 2], angle: f32) -> Section {
        let (sin, cos) = angle.sin_cos();
        Section {
            origin: vec3(center[0], center[1], z),
            axis_u: vec3(cos, sin, 0.0) * scale[0],
            axis_v: vec3(-sin, cos, 0.0) * scale[1],
        }
    }

    fn place(&self, point: [f32; 2]) -> Vec3 {
        self.origin + self.axis_u * point[0] + self.axis_v * point[1]
    }
}

/// The vertices and smooth normals of a swept surface, from which the side (whole or as
/// bands of outline points, for multi-coloured surfaces) and the end caps are built.
#[derive(Debug, Clone)]
pub struct SweepGrid {
    outline: Vec<[f32; 2]>,
    sections: Vec<Section>,
    /// `positions[section][outline_point]`.
    positions: Vec<Vec<Vec3>>,
    normals: Vec<Vec<Vec3>>,
    /// +1 when the sections advance along `axis_u × axis_v`, -1 when they advance against it.
    travel_sign: f32,
}

impl SweepGrid {
    /// Places `outline` (closed, either direction) at each of `sections` and computes normals.
    pub fn new(outline: &[[f32; 2]], sections: &[Section]) -> SweepGrid {
        assert!(
            outline.len() >= 3,
            "a sweep outline needs at least 3 points"
        );
        assert!(sections.len() >= 2, "a sweep needs at least 2 sections");
        let positions: Vec<Vec<Vec3>> = sections
            .iter()
            .map(|section| outline.iter().map(|&point| section.place(point)).collect())
            .collect();

        // The side normal du × dv points outwards when a counterclockwise outline travels along
        // axis_u × axis_v, so it is flipped when the outline or the travel runs the other way.
        // The travel is judged at the middle section, because a closed loop such as a belt
        // ends where it starts.
        let middle = sections.len() / 2;
        let travel =
            sections[(middle + 1).min(sections.len() - 1)].origin - sections[middle - 1].origin;
        let along = sections[middle]
            .axis_u
            .cross(sections[middle].axis_v)
            .dot(travel);
        let travel_sign = if along < 0.0 { -1.0 } else { 1.0 };
        let orientation = signed_area_doubled(outline).signum() * travel_sign;

        let count = outline.len();
        let last = sections.len() - 1;
        let mut normals = Vec::with_capacity(sections.len());
        for s in 0..sections.len() {
            let (previous, next) = (s.saturating_sub(1), (s + 1).min(last));
            let travel_here =
                (sections[next].origin - sections[previous].origin).normalize_or_zero();
            let row = (0..count)
                .map(|p| {
                    let du = positions[s][(p + 1) % count] - positions[s][(p + count - 1) % count];
                    let dv = positions[next][p] - positions[previous][p];
                    let normal = du.cross(dv) * orientation;
                    if normal.length() > 1e-12 {
                        normal.normalize_or_zero()
                    } else if s == 0 {
                        // A section shrunk to a point: the surface there faces along the sweep.
                        -travel_here
                    } else {
                        travel_here
                    }
                })
                .collect();
            normals.push(row);
        }
        SweepGrid {
            outline: outline.to_vec(),
            sections: sections.to_vec(),
            positions,
            normals,
            travel_sign,
        }
    }

    /// Builds the side surface between outline points `first` and `last` (inclusive, wrapping
    /// past the end), for example one colour band of a train's cross-section.
    pub fn side_band(&self, first: usize, last: usize) -> Mesh {
        let count = self.outline.len();
        let columns = (last + count - first) % count + 1;
        let mut mesh = Mesh::new();
        let mut rows = Vec::with_capacity(self.positions.len());
        for (row_positions, row_normals) in self.positions.iter().zip(&self.normals) {
            let start = mesh.positions.len() as u32;
            for column in 0..columns {
                let p = (first + column) % count;
                mesh.push_vertex(row_positions[p], row_normals[p]);
            }
            rows.push(start);
        }
        for pair in rows.windows(2) {
            for column in 0..columns as u32 - 1 {
                mesh.push_quad(
                    pair[0] + column,
                    pair[0] + column + 1,
                    pair[1] + column + 1,
                    pair[1] + column,
                );
            }
        }
        mesh
    }

    /// Builds the whole closed side surface.
    pub fn side(&self) -> Mesh {
        let count = self.outline.len();
        let mut mesh = Mesh::new();
        for (row_positions, row_normals) in self.positions.iter().zip(&self.normals) {
            for (&position, &normal) in row_positions.iter().zip(row_normals) {
                mesh.push_vertex(position, normal);
            }
        }
        for row in 0..self.positions.len() as u32 - 1 {
            let (a, b) = (row * count as u32, (row + 1) * count as u32);
            for p in 0..count as u32 {
                let q = (p + 1) % count as u32;
                mesh.push_quad(a + p, a + q, b + q, b + p);
            }
        }
        mesh
    }

    /// Builds the flat cap over the first section (`at_end == false`) or the last one; empty
    /// when that section is shrunk to a point.
    pub fn cap(&self, at_end: bool) -> Mesh {
        let index = if at_end { self.sections.len() - 1 } else { 0 };
        let section = &self.sections[index];
        let outward = section.axis_u.cross(section.axis_v).normalize_or_zero()
            * self.travel_sign
            * if at_end { 1.0 } else { -1.0 };
        let mut mesh = Mesh::new();
        if outward == Vec3::ZERO {
            // The section is shrunk to a point or a line, so there is nothing to cover.
            return mesh;
        }
        for &position in &self.positions[index] {
            mesh.push_vertex(position, outward);
        }
        for [a, b, c] in triangulate_polygon(&self.outline) {
            mesh.push_triangle(a as u32, b as u32, c as u32);
        }
        mesh
    }

    /// Builds the side plus both caps: a closed solid.
    pub fn solid(&self) -> Mesh {
        self.side().merged(&self.cap(false)).merged(&self.cap(true))
    }
}

/// Orientation of a sweep's outline around its path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SweepFrame {
    /// A parallel-transport frame, which does not twist along the path (round tubes).
    ParallelTransport,
    /// The outline's V axis turned as close to the given direction as the path allows.
    VToward(Vec3),
    /// The outline's U axis turned as close to the given direction as the path allows, for
    /// flat outlines such as leaves whose width should stay across a curved path.
    UToward(Vec3),
}

impl Mesh {
    /// Sweeps `outline` along `path`, scaled by `scales[i]` at `path[i]`, and caps both ends.
    pub fn sweep(outline: &[[f32; 2]], path: &[Vec3], scales: &[f32], frame: SweepFrame) -> Mesh {
        SweepGrid::new(outline, &path_sections(path, scales, frame)).solid()
    }

    /// Builds a capped round tube of `radius` along `path`.
    pub fn tube(path: &[Vec3], radius: f32, segments: usize) -> Mesh {
        let scales = vec![radius; path.len()];
        Mesh::sweep(
            &super::circle(1.0, segments),
            path,
            &scales,
            SweepFrame::ParallelTransport,
        )
    }

    /// Lofts `outline` through sections (usually made with [`Section::in_xy_plane`]) and caps
    /// both ends. Sections scaled to zero close the surface to a point instead.
    pub fn loft(outline: &[[f32; 2]], sections: &[Section]) -> Mesh {
        SweepGrid::new(outline, sections).solid()
    }
}

/// Computes sweep sections along a polyline; see [`Mesh::sweep`].
pub(crate) fn path_sections(path: &[Vec3], scales: &[f32], frame: SweepFrame) -> Vec<Section> {
    assert!(path.len() >= 2, "a sweep path needs at least 2 points");
    assert_eq!(
        path.len(),
        scales.len(),
        "a sweep needs one scale per path point"
    );
    let last = path.len() - 1;
    let tangents: Vec<Vec3> = (0..path.len())
        .map(|i| (path[(i + 1).min(last)] - path[i.saturating_sub(1)]).normalize_or_zero())
        .collect();
    let perpendicular_part = |direction: Vec3, tangent: Vec3| {
        (direction - tangent * tangent.dot(direction)).normalize_or_zero()
    };

    let mut sections = Vec::with_capacity(path.len());
    let mut axis_u = tangents[0].any_perpendicular();
    for i in 0..path.len() {
        let tangent = tangents[i];
        match frame {
            SweepFrame::VToward(direction) => {
                let axis_v = perpendicular_part(direction, tangent);
                if axis_v != Vec3::ZERO {
                    axis_u = axis_v.cross(tangent);
                }
            }
            SweepFrame::UToward(direction) => {
                let candidate = perpendicular_part(direction, tangent);
                if candidate != Vec3::ZERO {
                    axis_u = candidate;
                }
            }
            SweepFrame::ParallelTransport if i > 0 => {
                // Turn the previous frame by the change of tangent.
                axis_u = perpendicular_part(
                    Quat::from_rotation_arc(tangents[i - 1], tangent).rotate(axis_u),
                    tangent,
                );
            }
            SweepFrame::ParallelTransport => {}
        }

        // axis_u × axis_v = tangent keeps counterclockwise outlines facing outwards.
        let axis_v = tangent.cross(axis_u);
        sections.push(Section {
            origin: path[i],
            axis_u: axis_u * scales[i],
            axis_v: axis_v * scales[i],
        });
    }
    sections
}

/// Returns points on a right-handed helix around the Y axis (like B-DNA or an ordinary screw
/// thread): it starts at y = 0 and angle `phase` and rises `pitch` metres per turn. Angles are
/// in radians and run from +X towards -Z, counterclockwise as seen from above.
pub fn helix(
    radius: f32,
    pitch: f32,
    turns: f32,
    samples_per_turn: usize,
    phase: f32,
) -> Vec<Vec3> {
    let samples = (turns * samples_per_turn as f32).ceil() as usize;
    (0..=samples)
        .map(|i| {
            let turn = turns * i as f32 / samples as f32;
            let angle = phase + TAU * turn;
            vec3(radius * angle.cos(), pitch * turn, -radius * angle.sin())
        })
        .collect()
}
