//! Merging a loaded model's parts into one mesh per shading kind, so that a model costs one or
//! two draw calls and every booth that shows the same model file batches with the others.
//!
//! A glTF model arrives as many primitives, each with its own material, and WebGL2 draws each
//! (mesh, material) pair separately. Most exhibit models use plain colour materials, so the merge
//! bakes the base colour into vertex colours and the metallic and roughness factors into a UV
//! that points at a texel of a small lookup texture. All merged models then share a few
//! materials. Parts that the merge cannot reproduce keep their own mesh and material.

use bevy::asset::RenderAssetUsages;
use bevy::image::{ImageSampler, ImageSamplerDescriptor};
use bevy::math::Affine3A;
use bevy::mesh::{Indices, PrimitiveTopology, VertexAttributeValues};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, Face, TextureDimension, TextureFormat};

/// Texels per side of the metallic-roughness lookup texture. Roughness varies along x and
/// metallic along y, so both are rounded to steps of 1/15.
pub const LUT_SIZE: u32 = 16;

/// The shading kind of a merged mesh. Each kind has one shared material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MergedShading {
    /// Lit: colour from vertex colours, metallic and roughness from the lookup texture.
    Lit { double_sided: bool },
    /// Unlit in the vertex colour: parts with an unlit or emissive material.
    Glow { double_sided: bool },
}

/// One primitive of a loaded model, placed relative to the model's root.
pub struct ModelPart<'a> {
    pub mesh: &'a Mesh,
    pub material: &'a StandardMaterial,
    pub transform: Affine3A,
}

/// The result of [`merge_parts`].
#[derive(Debug, Default)]
pub struct MergedModel {
    /// One mesh per shading kind, in the model's root space, sorted by kind.
    pub merged: Vec<(MergedShading, Mesh)>,
    /// Indices into the input of the parts that keep their own mesh and material.
    pub unmerged: Vec<usize>,
}

/// Vertex data of one shading kind while parts are appended.
#[derive(Default)]
struct Builder {
    positions: Vec<[f32; 3]>,
    normals: Vec<[f32; 3]>,
    colors: Vec<[f32; 4]>,
    uvs: Vec<[f32; 2]>,
    indices: Vec<u32>,
}

impl Builder {
    fn into_mesh(self) -> Mesh {
        Mesh::new(PrimitiveTopology::TriangleList, RenderAssetUsages::default())
            .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, self.positions)
            .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, self.normals)
            .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, self.colors)
            .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, self.uvs)
            .with_inserted_indices(Indices::U32(self.indices))
    }
}

/// Merges every part that [`shading_of`] accepts into one mesh per shading kind and lists the
/// others as unmerged.
pub fn merge_parts(parts: &[ModelPart]) -> MergedModel {
    let mut builders: std::collections::BTreeMap<MergedShading, Builder> = Default::default();
    let mut unmerged = Vec::new();
    for (index, part) in parts.iter().enumerate() {
        let Some(shading) = shading_of(part.material) else {
            unmerged.push(index);
            continue;
        };
        let Some(geometry) = Geometry::read(part.mesh) else {
            unmerged.push(index);
            continue;
        };
        append(builders.entry(shading).or_default(), &geometry, part, shading);
    }
    MergedModel { merged: builders.into_iter().map(|(shading, builder)| (shading, builder.into_mesh())).collect(), unmerged }
}

/// Returns the shading kind a material merges into, or `None` when the merge would change how
/// it looks: textures, transparency, transmission, clearcoat and other extensions.
pub fn shading_of(material: &StandardMaterial) -> Option<MergedShading> {
    let textured = material.base_color_texture.is_some()
        || material.emissive_texture.is_some()
        || material.metallic_roughness_texture.is_some()
        || material.normal_map_texture.is_some()
        || material.occlusion_texture.is_some()
        || material.depth_map.is_some();
    let extended = material.diffuse_transmission != 0.0
        || material.specular_transmission != 0.0
        || material.clearcoat != 0.0
        || material.anisotropy_strength != 0.0
        || material.depth_bias != 0.0
        || (material.reflectance - 0.5).abs() > 1e-3
        || material.specular_tint != Color::WHITE;
    if textured || extended || material.alpha_mode != AlphaMode::Opaque {
        return None;
    }
    let double_sided = match material.cull_mode {
        None => true,
        Some(Face::Back) => false,
        Some(Face::Front) => return None,
    };
    if material.unlit || material.emissive.to_vec3() != Vec3::ZERO {
        Some(MergedShading::Glow { double_sided })
    } else {
        Some(MergedShading::Lit { double_sided })
    }
}

/// Returns the UV of the lookup texel nearest to `metallic` and `roughness`.
pub fn lut_uv(metallic: f32, roughness: f32) -> [f32; 2] {
    let steps = (LUT_SIZE - 1) as f32;
    let texel = |value: f32| ((value.clamp(0.0, 1.0) * steps).round() + 0.5) / LUT_SIZE as f32;
    [texel(roughness), texel(metallic)]
}

/// Builds the lookup texture: green is roughness and blue is metallic, as glTF's
/// metallic-roughness textures store them and `StandardMaterial` reads them.
pub fn lut_image() -> Image {
    let steps = (LUT_SIZE - 1) as f32;
    let mut pixels = Vec::with_capacity((LUT_SIZE * LUT_SIZE * 4) as usize);
    for metallic in 0..LUT_SIZE {
        for roughness in 0..LUT_SIZE {
            let level = |step: u32| (step as f32 / steps * 255.0).round() as u8;
            pixels.extend_from_slice(&[0, level(roughness), level(metallic), 255]);
        }
    }
    let mut image = Image::new(
        Extent3d { width: LUT_SIZE, height: LUT_SIZE, depth_or_array_layers: 1 },
        TextureDimension::D2,
        pixels,
        TextureFormat::Rgba8Unorm,
        RenderAssetUsages::RENDER_WORLD,
    );
    // Nearest sampling keeps neighbouring texels, which are other materials, out of a part.
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor::nearest());
    image
}

/// The attributes of a triangle-list mesh that the merge reads.
struct Geometry<'a> {
    positions: &'a [[f32; 3]],
    normals: &'a [[f32; 3]],
    colors: Option<Vec<[f32; 4]>>,
    indices: Vec<u32>,
}

impl<'a> Geometry<'a> {
    fn read(mesh: &'a Mesh) -> Option<Geometry<'a>> {
        if mesh.primitive_topology() != PrimitiveTopology::TriangleList || mesh.has_morph_targets() {
            return None;
        }
        let Some(VertexAttributeValues::Float32x3(positions)) = mesh.attribute(Mesh::ATTRIBUTE_POSITION) else { return None };
        let Some(VertexAttributeValues::Float32x3(normals)) = mesh.attribute(Mesh::ATTRIBUTE_NORMAL) else { return None };
        let colors = match mesh.attribute(Mesh::ATTRIBUTE_COLOR) {
            None => None,
            Some(VertexAttributeValues::Float32x4(colors)) => Some(colors.clone()),
            Some(VertexAttributeValues::Float32x3(colors)) => Some(colors.iter().map(|[r, g, b]| [*r, *g, *b, 1.0]).collect()),
            Some(_) => return None,
        };
        if normals.len() != positions.len() || colors.as_ref().is_some_and(|colors| colors.len() != positions.len()) {
            return None;
        }
        let indices: Vec<u32> = match mesh.indices() {
            Some(indices) => indices.iter().map(|index| index as u32).collect(),
            None => (0..positions.len() as u32).collect(),
        };
        if !indices.len().is_multiple_of(3) || indices.iter().any(|&index| index as usize >= positions.len()) {
            return None;
        }
        Some(Geometry { positions, normals, colors, indices })
    }
}

/// Returns whether a mesh is made to deform: it has skinning attributes or morph targets.
pub fn deforms(mesh: &Mesh) -> bool {
    mesh.contains_attribute(Mesh::ATTRIBUTE_JOINT_INDEX)
        || mesh.contains_attribute(Mesh::ATTRIBUTE_JOINT_WEIGHT)
        || mesh.try_has_morph_targets().unwrap_or(false)
}

/// Returns a copy of `mesh` without skinning attributes and morph targets, which draws in its
/// bind pose and base shape without a skeleton or morph weights. `None` once its vertex data
/// has gone to the render world.
pub fn static_copy(mesh: &Mesh) -> Option<Mesh> {
    let mut copy = Mesh::new(mesh.primitive_topology(), mesh.asset_usage);
    for (attribute, values) in mesh.try_attributes().ok()? {
        if attribute.id != Mesh::ATTRIBUTE_JOINT_INDEX.id && attribute.id != Mesh::ATTRIBUTE_JOINT_WEIGHT.id {
            copy.insert_attribute(*attribute, values.clone());
        }
    }
    if let Some(indices) = mesh.try_indices_option().ok()? {
        copy.insert_indices(indices.clone());
    }
    Some(copy)
}

fn append(builder: &mut Builder, geometry: &Geometry, part: &ModelPart, shading: MergedShading) {
    let material = part.material;
    let color = match shading {
        // Emissive parts show their emissive colour; an unlit material shows its base colour.
        MergedShading::Glow { .. } if !material.unlit => {
            let emissive = material.emissive;
            Vec4::new(emissive.red.min(1.0), emissive.green.min(1.0), emissive.blue.min(1.0), 1.0)
        }
        _ => Vec4::from_array(material.base_color.to_linear().to_f32_array()),
    };
    let uv = lut_uv(material.metallic, material.perceptual_roughness);
    let affine = part.transform;
    let normal_matrix = affine.matrix3.inverse().transpose();
    let first = builder.positions.len() as u32;

    builder.positions.extend(geometry.positions.iter().map(|p| affine.transform_point3(Vec3::from_array(*p)).to_array()));
    builder.normals.extend(geometry.normals.iter().map(|n| (normal_matrix * Vec3A::from_array(*n)).normalize_or_zero().to_array()));
    match &geometry.colors {
        Some(colors) => builder.colors.extend(colors.iter().map(|c| (Vec4::from_array(*c) * color).to_array())),
        None => builder.colors.extend(std::iter::repeat_n(color.to_array(), geometry.positions.len())),
    }
    builder.uvs.extend(std::iter::repeat_n(uv, geometry.positions.len()));

    // A mirroring transform turns front faces into back faces unless the winding is reversed.
    let mirrored = affine.matrix3.determinant() < 0.0;
    for triangle in geometry.indices.chunks_exact(3) {
        let [a, b, c] = [triangle[0], triangle[1], triangle[2]].map(|index| first + index);
        if mirrored {
            builder.indices.extend_from_slice(&[a, c, b]);
        } else {
            builder.indices.extend_from_slice(&[a, b, c]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triangle() -> Mesh {
        Mesh::new(PrimitiveTopology::TriangleList, RenderAssetUsages::default())
            .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, vec![[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
            .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, vec![[0.0, 0.0, 1.0]; 3])
            .with_inserted_indices(Indices::U16(vec![0, 1, 2]))
    }

    fn plain(color: Color, metallic: f32, roughness: f32) -> StandardMaterial {
        StandardMaterial { base_color: color, metallic, perceptual_roughness: roughness, ..default() }
    }

    fn positions(mesh: &Mesh) -> Vec<[f32; 3]> {
        match mesh.attribute(Mesh::ATTRIBUTE_POSITION) {
            Some(VertexAttributeValues::Float32x3(values)) => values.clone(),
            other => panic!("unexpected positions {other:?}"),
        }
    }

    fn indices(mesh: &Mesh) -> Vec<usize> {
        mesh.indices().expect("merged meshes are indexed").iter().collect()
    }

    #[test]
    fn static_copy_drops_skinning_and_morph_targets() {
        use bevy::mesh::morph::MorphAttributes;
        let skinned = triangle()
            .with_inserted_attribute(Mesh::ATTRIBUTE_JOINT_INDEX, VertexAttributeValues::Uint16x4(vec![[0, 1, 0, 0]; 3]))
            .with_inserted_attribute(Mesh::ATTRIBUTE_JOINT_WEIGHT, vec![[0.5f32, 0.5, 0.0, 0.0]; 3])
            .with_morph_targets(vec![MorphAttributes { position: Vec3::Y, ..default() }; 3]);
        assert!(deforms(&skinned));
        assert!(!deforms(&triangle()));
        let copy = static_copy(&skinned).expect("the mesh still has its vertex data");
        assert!(!deforms(&copy), "the copy still deforms");
        assert_eq!(positions(&copy), positions(&skinned));
        assert_eq!(indices(&copy), vec![0, 1, 2]);
        assert!(copy.contains_attribute(Mesh::ATTRIBUTE_NORMAL));
        // Without morph targets the merge accepts it like any plain part.
        let red = plain(Color::srgb(1.0, 0.0, 0.0), 0.0, 0.5);
        let merged = merge_parts(&[ModelPart { mesh: &copy, material: &red, transform: Affine3A::IDENTITY }]);
        assert!(merged.unmerged.is_empty());
    }

    #[test]
    fn plain_parts_merge_into_one_mesh() {
        let mesh = triangle();
        let red = plain(Color::srgb(1.0, 0.0, 0.0), 0.0, 0.5);
        let steel = plain(Color::srgb(0.5, 0.5, 0.5), 1.0, 0.2);
        let parts = [
            ModelPart { mesh: &mesh, material: &red, transform: Affine3A::IDENTITY },
            ModelPart { mesh: &mesh, material: &steel, transform: Affine3A::from_translation(Vec3::X * 2.0) },
        ];
        let merged = merge_parts(&parts);
        assert!(merged.unmerged.is_empty());
        assert_eq!(merged.merged.len(), 1);
        let (shading, mesh) = &merged.merged[0];
        assert_eq!(*shading, MergedShading::Lit { double_sided: false });
        assert_eq!(positions(mesh)[3], [2.0, 0.0, 0.0]);
        assert_eq!(indices(mesh), vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn merged_vertices_carry_colour_and_lut_uv() {
        let mesh = triangle();
        let steel = plain(Color::srgb(0.5, 0.5, 0.5), 1.0, 0.2);
        let merged = merge_parts(&[ModelPart { mesh: &mesh, material: &steel, transform: Affine3A::IDENTITY }]);
        let mesh = &merged.merged[0].1;
        let Some(VertexAttributeValues::Float32x4(colors)) = mesh.attribute(Mesh::ATTRIBUTE_COLOR) else { panic!("no colours") };
        let linear = Color::srgb(0.5, 0.5, 0.5).to_linear().to_f32_array();
        assert_eq!(colors[0], linear);
        let Some(VertexAttributeValues::Float32x2(uvs)) = mesh.attribute(Mesh::ATTRIBUTE_UV_0) else { panic!("no UVs") };
        assert_eq!(uvs[0], lut_uv(1.0, 0.2));
    }

    #[test]
    fn lut_uv_hits_texel_centres() {
        assert_eq!(lut_uv(0.0, 0.0), [0.5 / 16.0, 0.5 / 16.0]);
        assert_eq!(lut_uv(1.0, 1.0), [15.5 / 16.0, 15.5 / 16.0]);
        // Roughness 0.3 rounds to step 4.5 -> 5 of 15, metallic 2.0 is clamped to 1.
        assert_eq!(lut_uv(2.0, 0.3), [5.5 / 16.0, 15.5 / 16.0]);
    }

    #[test]
    fn lut_texels_match_their_uv() {
        let image = lut_image();
        let data = image.data.as_ref().expect("the lookup texture has pixels");
        let [u, v] = lut_uv(1.0, 0.2);
        let x = (u * LUT_SIZE as f32) as usize;
        let y = (v * LUT_SIZE as f32) as usize;
        let texel = &data[(y * LUT_SIZE as usize + x) * 4..][..4];
        assert_eq!(texel[1], (3.0_f32 / 15.0 * 255.0).round() as u8, "roughness 0.2 is step 3");
        assert_eq!(texel[2], 255, "metallic 1");
    }

    #[test]
    fn textured_and_transparent_parts_stay_unmerged() {
        let mesh = triangle();
        let textured = StandardMaterial { base_color_texture: Some(Handle::default()), ..default() };
        let glass = StandardMaterial { alpha_mode: AlphaMode::Blend, ..default() };
        let plain = plain(Color::WHITE, 0.0, 0.5);
        let parts = [
            ModelPart { mesh: &mesh, material: &textured, transform: Affine3A::IDENTITY },
            ModelPart { mesh: &mesh, material: &plain, transform: Affine3A::IDENTITY },
            ModelPart { mesh: &mesh, material: &glass, transform: Affine3A::IDENTITY },
        ];
        let merged = merge_parts(&parts);
        assert_eq!(merged.unmerged, vec![0, 2]);
        assert_eq!(merged.merged.len(), 1);
    }

    #[test]
    fn emissive_and_double_sided_kinds() {
        let mesh = triangle();
        let lamp = StandardMaterial { emissive: LinearRgba::rgb(2.0, 0.5, 0.0), ..default() };
        let leaf = StandardMaterial { cull_mode: None, ..default() };
        let parts = [
            ModelPart { mesh: &mesh, material: &lamp, transform: Affine3A::IDENTITY },
            ModelPart { mesh: &mesh, material: &leaf, transform: Affine3A::IDENTITY },
        ];
        let merged = merge_parts(&parts);
        let kinds: Vec<MergedShading> = merged.merged.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(kinds, vec![MergedShading::Lit { double_sided: true }, MergedShading::Glow { double_sided: false }]);
        let glow = &merged.merged[1].1;
        let Some(VertexAttributeValues::Float32x4(colors)) = glow.attribute(Mesh::ATTRIBUTE_COLOR) else { panic!("no colours") };
        assert_eq!(colors[0], [1.0, 0.5, 0.0, 1.0], "emissive colour, clamped to 1");
    }

    #[test]
    fn mirroring_transform_keeps_front_faces() {
        let mesh = triangle();
        let material = plain(Color::WHITE, 0.0, 0.5);
        let mirror = Affine3A::from_scale(Vec3::new(-1.0, 1.0, 1.0));
        let merged = merge_parts(&[ModelPart { mesh: &mesh, material: &material, transform: mirror }]);
        assert_eq!(indices(&merged.merged[0].1), vec![0, 2, 1]);
    }

    #[test]
    fn non_triangle_meshes_stay_unmerged() {
        let lines = Mesh::new(PrimitiveTopology::LineList, RenderAssetUsages::default())
            .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, vec![[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
            .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, vec![[0.0, 0.0, 1.0]; 2]);
        let material = plain(Color::WHITE, 0.0, 0.5);
        let merged = merge_parts(&[ModelPart { mesh: &lines, material: &material, transform: Affine3A::IDENTITY }]);
        assert_eq!(merged.unmerged, vec![0]);
        assert!(merged.merged.is_empty());
    }
}
