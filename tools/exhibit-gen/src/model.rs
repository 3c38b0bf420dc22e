//! A glTF-shaped scene description: PBR materials and a node tree whose nodes carry meshes.

use crate::math::{Transform, Vec3};
use crate::mesh::Mesh;

/// A PBR metallic-roughness material (the glTF 2.0 core material model).
#[derive(Debug, Clone, PartialEq)]
pub struct Material {
    pub name: String,
    /// Linear RGBA; alpha is always 1 because the exhibits use no blending.
    pub base_color: [f32; 4],
    pub metallic: f32,
    pub roughness: f32,
    /// Linear RGB emitted light, for screens and lamps; zero for most materials.
    pub emissive: [f32; 3],
    /// Whether back faces are rendered too (thin open surfaces).
    pub double_sided: bool,
}

impl Material {
    /// Creates a dielectric (non-metal) material with roughness 0.5. `rgb` is linear.
    pub fn new(name: &str, rgb: [f32; 3]) -> Material {
        Material {
            name: name.to_owned(),
            base_color: [rgb[0], rgb[1], rgb[2], 1.0],
            metallic: 0.0,
            roughness: 0.5,
            emissive: [0.0; 3],
            double_sided: false,
        }
    }

    /// Creates a fully metallic material; `rgb` is the linear specular colour.
    pub fn metal(name: &str, rgb: [f32; 3], roughness: f32) -> Material {
        Material {
            metallic: 1.0,
            roughness,
            ..Material::new(name, rgb)
        }
    }

    /// Creates a glossy painted-metal finish (vehicle and machine paint).
    pub fn paint(name: &str, rgb: [f32; 3]) -> Material {
        Material {
            metallic: 0.2,
            roughness: 0.35,
            ..Material::new(name, rgb)
        }
    }

    /// Creates a light-emitting material, such as a screen or lamp, glowing with `rgb`.
    pub fn emissive(name: &str, rgb: [f32; 3]) -> Material {
        Material {
            emissive: rgb,
            roughness: 0.3,
            ..Material::new(name, rgb)
        }
    }

    pub fn with_metallic(mut self, metallic: f32) -> Material {
        self.metallic = metallic;
        self
    }

    pub fn with_roughness(mut self, roughness: f32) -> Material {
        self.roughness = roughness;
        self
    }

    pub fn with_emissive(mut self, rgb: [f32; 3]) -> Material {
        self.emissive = rgb;
        self
    }

    pub fn with_double_sided(mut self) -> Material {
        self.double_sided = true;
        self
    }
}

/// Index of a material in [`Model::materials`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MaterialId(pub usize);

/// Index of a node in [`Model::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub usize);

/// A named node with a local transform, geometry and child nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub name: String,
    pub transform: Transform,
    /// Geometry in node space, one mesh per material; each becomes one glTF primitive.
    pub parts: Vec<(MaterialId, Mesh)>,
    pub children: Vec<NodeId>,
}

/// A model: materials plus a node tree under a single root node named after the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    pub materials: Vec<Material>,
    pub nodes: Vec<Node>,
}

impl Model {
    /// Creates an empty model whose root node is named `name`.
    pub fn new(name: &str) -> Model {
        let root = Node {
            name: name.to_owned(),
            transform: Transform::IDENTITY,
            parts: Vec::new(),
            children: Vec::new(),
        };
        Model {
            name: name.to_owned(),
            materials: Vec::new(),
            nodes: vec![root],
        }
    }

    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    pub fn add_material(&mut self, material: Material) -> MaterialId {
        self.materials.push(material);
        MaterialId(self.materials.len() - 1)
    }

    /// Adds a child node of `parent` and returns its id.
    pub fn add_node(&mut self, parent: NodeId, name: &str, transform: Transform) -> NodeId {
        let id = NodeId(self.nodes.len());
        self.nodes.push(Node {
            name: name.to_owned(),
            transform,
            parts: Vec::new(),
            children: Vec::new(),
        });
        self.nodes[parent.0].children.push(id);
        id
    }

    /// Adds geometry to `node`, merging it into the node's existing mesh of the same material.
    pub fn add_mesh(&mut self, node: NodeId, material: MaterialId, mesh: Mesh) {
        assert!(
            material.0 < self.materials.len(),
            "material {} does not exist",
            material.0
        );
        let finite = |v: &Vec3| v.x.is_finite() && v.y.is_finite() && v.z.is_finite();
        assert!(
            mesh.positions.iter().all(finite) && mesh.normals.iter().all(finite),
            "mesh for node {:?} of model {:?} has a non-finite position or normal",
            self.nodes[node.0].name,
            self.name
        );
        let parts = &mut self.nodes[node.0].parts;
        match parts.iter_mut().find(|(existing, _)| *existing == material) {
            Some((_, existing_mesh)) => existing_mesh.append(&mesh),
            None => parts.push((material, mesh)),
        }
    }

    pub fn triangle_count(&self) -> usize {
        self.nodes
            .iter()
            .flat_map(|node| &node.parts)
            .map(|(_, mesh)| mesh.triangle_count())
            .sum()
    }

    /// Returns the axis-aligned bounds `(min, max)` of all vertices in model space (after
    /// every node transform, the root's included), or `None` for a model without geometry.
    pub fn bounds(&self) -> Option<(Vec3, Vec3)> {
        let mut bounds: Option<(Vec3, Vec3)> = None;
        self.visit_world_points(self.root(), &[], &mut |point| {
            bounds = Some(match bounds {
                Some((min, max)) => (min.min(point), max.max(point)),
                None => (point, point),
            });
        });
        bounds
    }

    fn visit_world_points(
        &self,
        node: NodeId,
        ancestors: &[Transform],
        visit: &mut impl FnMut(Vec3),
    ) {
        let node = &self.nodes[node.0];
        let mut chain = vec![node.transform];
        chain.extend_from_slice(ancestors);
        for (_, mesh) in &node.parts {
            for &position in &mesh.positions {
                visit(chain.iter().fold(position, |point, transform| {
                    transform.transform_point(point)
                }));
            }
        }
        for &child in &node.children {
            self.visit_world_points(child, &chain, visit);
        }
    }

    /// Scales the model uniformly so that its bounding box just fits `max_size` (x, y, z),
    /// then moves it so that its base rests on y = 0, centred on x = z = 0.
    ///
    /// This sets the root node's scale and translation; the root must not be rotated.
    pub fn fit_to(&mut self, max_size: Vec3) {
        assert!(
            self.nodes[0].transform.rotation.is_identity(),
            "fit_to needs an unrotated root node"
        );
        self.nodes[0].transform.scale = Vec3::ONE;
        self.nodes[0].transform.translation = Vec3::ZERO;
        let (min, max) = self.bounds().expect("fit_to needs a model with geometry");
        let size = max - min;
        let scale = (max_size.x / size.x)
            .min(max_size.y / size.y)
            .min(max_size.z / size.z);
        self.nodes[0].transform.scale = Vec3::splat(scale);
        self.place_on_origin();
    }

    /// Moves the model (through the root node's translation) so that its base rests on y = 0,
    /// centred on x = z = 0.
    pub fn place_on_origin(&mut self) {
        let (min, max) = self
            .bounds()
            .expect("place_on_origin needs a model with geometry");
        let center = (min + max) * 0.5;
        self.nodes[0].transform.translation += Vec3::new(-center.x, -min.y, -center.z);
    }
}
