//! Indexed triangle meshes with per-vertex normals, plus the shape builders in the submodules.
//!
//! Every builder returns triangles wound counterclockwise when seen from the side the
//! normals point to (the glTF front face), and normals that point out of solid shapes.
//! [`Mesh::push_triangle`] enforces the winding: it orders each triangle so that its
//! geometric normal agrees with the sum of its vertex normals, which lets the builders
//! concentrate on computing correct normals.

mod profile;
mod shapes;
mod sweep;
mod triangulate;

pub use profile::{circle, ellipse, naca_airfoil, rounded_rect};
pub use sweep::{Section, SweepFrame, SweepGrid, helix};

use crate::math::{Transform, Vec3};

/// An indexed triangle list with one normal per vertex.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mesh {
    pub positions: Vec<Vec3>,
    pub normals: Vec<Vec3>,
    pub indices: Vec<u32>,
}

/// Triangles are dropped as degenerate (for example the zero-width triangles at a sphere
/// pole) when their doubled area is below this fraction of their longest edge squared, so
/// slivers whose orientation rounding could flip are skipped too.
const DEGENERATE_RATIO: f32 = 1e-6;

impl Mesh {
    pub fn new() -> Mesh {
        Mesh::default()
    }

    pub fn vertex_count(&self) -> usize {
        self.positions.len()
    }

    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// Adds a vertex and returns its index. The normal is normalized here.
    pub fn push_vertex(&mut self, position: Vec3, normal: Vec3) -> u32 {
        let index =
            u32::try_from(self.positions.len()).expect("mesh has more than u32::MAX vertices");
        self.positions.push(position);
        self.normals.push(normal.normalize_or_zero());
        index
    }

    /// Adds triangle `a, b, c`, flipping it if needed so that it is counterclockwise when seen
    /// from the side its vertex normals point to. Degenerate triangles are skipped.
    pub fn push_triangle(&mut self, a: u32, b: u32, c: u32) {
        let [pa, pb, pc] = [a, b, c].map(|i| self.positions[i as usize]);
        let face_normal = (pb - pa).cross(pc - pa);
        let longest_edge_squared = [pb - pa, pc - pb, pa - pc]
            .iter()
            .map(|edge| edge.dot(*edge))
            .fold(0.0, f32::max);
        if face_normal.length() <= DEGENERATE_RATIO * longest_edge_squared {
            return;
        }
        let vertex_normal_sum =
            self.normals[a as usize] + self.normals[b as usize] + self.normals[c as usize];
        if face_normal.dot(vertex_normal_sum) >= 0.0 {
            self.indices.extend([a, b, c]);
        } else {
            self.indices.extend([a, c, b]);
        }
    }

    /// Adds quad `a, b, c, d` (in order around its edge) as two triangles.
    pub fn push_quad(&mut self, a: u32, b: u32, c: u32, d: u32) {
        self.push_triangle(a, b, c);
        self.push_triangle(a, c, d);
    }

    /// Appends all vertices and triangles of `other`.
    pub fn append(&mut self, other: &Mesh) {
        let offset =
            u32::try_from(self.positions.len()).expect("mesh has more than u32::MAX vertices");
        self.positions.extend_from_slice(&other.positions);
        self.normals.extend_from_slice(&other.normals);
        self.indices
            .extend(other.indices.iter().map(|index| index + offset));
    }

    /// Returns a copy of `self` with `other` appended.
    pub fn merged(mut self, other: &Mesh) -> Mesh {
        self.append(other);
        self
    }

    /// Applies `transform` to positions and normals; a mirroring transform also reverses
    /// the winding so that triangles stay counterclockwise.
    pub fn transformed(mut self, transform: &Transform) -> Mesh {
        for position in &mut self.positions {
            *position = transform.transform_point(*position);
        }
        for normal in &mut self.normals {
            *normal = transform.transform_normal(*normal);
        }
        if transform.is_mirroring() {
            for triangle in self.indices.chunks_exact_mut(3) {
                triangle.swap(1, 2);
            }
        }
        self
    }

    pub fn translated(self, offset: Vec3) -> Mesh {
        self.transformed(&Transform::from_translation(offset))
    }

    pub fn rotated(self, rotation: crate::math::Quat) -> Mesh {
        self.transformed(&Transform::from_rotation(rotation))
    }

    pub fn scaled(self, scale: Vec3) -> Mesh {
        self.transformed(&Transform {
            scale,
            ..Transform::IDENTITY
        })
    }

    /// Returns a copy without the vertices that no triangle uses (for example the extra
    /// vertices left at a sphere pole), keeping the order of the rest.
    pub fn without_unused_vertices(&self) -> Mesh {
        let mut new_index = vec![u32::MAX; self.positions.len()];
        for &index in &self.indices {
            new_index[index as usize] = 0;
        }
        let mut mesh = Mesh::new();
        for (old, slot) in new_index.iter_mut().enumerate() {
            if *slot == 0 {
                *slot = mesh.positions.len() as u32;
                mesh.positions.push(self.positions[old]);
                mesh.normals.push(self.normals[old]);
            }
        }
        mesh.indices = self
            .indices
            .iter()
            .map(|&index| new_index[index as usize])
            .collect();
        mesh
    }

    /// Returns the axis-aligned bounds `(min, max)`, or `None` for a mesh without vertices.
    pub fn bounds(&self) -> Option<(Vec3, Vec3)> {
        let first = *self.positions.first()?;
        Some(
            self.positions
                .iter()
                .fold((first, first), |(min, max), p| (min.min(*p), max.max(*p))),
        )
    }
}
