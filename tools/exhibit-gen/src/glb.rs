//! Writes a [`Model`] as glTF 2.0: a binary `.glb` container or a JSON document plus buffer.
//!
//! All data goes into one buffer, with one bufferView per accessor, each starting on a 4-byte
//! boundary. Each primitive has a POSITION accessor (with min/max), a NORMAL accessor and an
//! index accessor, which is UNSIGNED_SHORT when every index fits and UNSIGNED_INT otherwise.
//! Nodes with equal geometry share one glTF mesh. Output depends only on the model, so the
//! same model always gives the same bytes.

use serde_json::{Map, Value, json};

use crate::math::Vec3;
use crate::model::Model;

/// Value of `asset.generator` in every file written here.
pub const GENERATOR: &str = concat!("expo-hall exhibit-gen ", env!("CARGO_PKG_VERSION"));

const GLB_MAGIC: u32 = 0x4654_6C67; // "glTF"
const GLB_VERSION: u32 = 2;
const CHUNK_JSON: u32 = 0x4E4F_534A; // "JSON"
const CHUNK_BIN: u32 = 0x004E_4942; // "BIN\0"

const ARRAY_BUFFER: u32 = 34962;
const ELEMENT_ARRAY_BUFFER: u32 = 34963;
const FLOAT: u32 = 5126;
const UNSIGNED_SHORT: u32 = 5123;
const UNSIGNED_INT: u32 = 5125;

/// Encodes `model` as a GLB file.
pub fn encode_glb(model: &Model) -> Vec<u8> {
    let (document, buffer) = build_document(model, None);
    assemble_glb(&document, &buffer)
}

/// Builds the glTF JSON document and its binary buffer.
///
/// With `buffer_uri` (a file name or a `data:` URI) the buffer refers to that URI, as in a
/// `.gltf` file. Without it the buffer has no URI, which means the GLB BIN chunk.
pub fn build_document(model: &Model, buffer_uri: Option<&str>) -> (Value, Vec<u8>) {
    // Only materials that some primitive uses are written, renumbered in their original order.
    let mut used = vec![false; model.materials.len()];
    for (material, mesh) in model.nodes.iter().flat_map(|node| &node.parts) {
        used[material.0] |= !mesh.is_empty();
    }
    let mut material_index = vec![usize::MAX; model.materials.len()];
    let mut materials = Vec::new();
    for (old, material) in model.materials.iter().enumerate() {
        if used[old] {
            material_index[old] = materials.len();
            materials.push(material_json(material));
        }
    }

    let mut writer = BufferWriter::default();
    let mut meshes = Vec::new();
    let mut nodes = Vec::new();
    let mut mesh_of_node: Vec<Option<usize>> = Vec::with_capacity(model.nodes.len());

    for (node_index, node) in model.nodes.iter().enumerate() {
        let mut node_json = Map::new();
        node_json.insert("name".into(), json!(node.name));
        let transform = node.transform;
        if transform.translation != Vec3::ZERO {
            node_json.insert(
                "translation".into(),
                number_array(&transform.translation.to_array()),
            );
        }
        if !transform.rotation.is_identity() {
            node_json.insert(
                "rotation".into(),
                number_array(&transform.rotation.normalize().to_array()),
            );
        }
        if transform.scale != Vec3::ONE {
            node_json.insert("scale".into(), number_array(&transform.scale.to_array()));
        }
        if !node.children.is_empty() {
            node_json.insert(
                "children".into(),
                json!(
                    node.children
                        .iter()
                        .map(|child| child.0)
                        .collect::<Vec<_>>()
                ),
            );
        }

        // Nodes with identical geometry (the wheels of a vehicle, say) share one glTF mesh.
        let shared = model.nodes[..node_index]
            .iter()
            .position(|earlier| !earlier.parts.is_empty() && earlier.parts == node.parts)
            .and_then(|earlier| mesh_of_node[earlier]);
        if let Some(mesh) = shared {
            node_json.insert("mesh".into(), json!(mesh));
            mesh_of_node.push(Some(mesh));
            nodes.push(Value::Object(node_json));
            continue;
        }

        let primitives: Vec<Value> = node
            .parts
            .iter()
            .filter(|(_, mesh)| !mesh.is_empty())
            .map(|(material, mesh)| {
                let mesh = mesh.without_unused_vertices();
                let positions: Vec<[f32; 3]> =
                    mesh.positions.iter().map(|p| p.to_array()).collect();
                let normals: Vec<[f32; 3]> = mesh
                    .normals
                    .iter()
                    .map(|n| n.normalize_or_zero().to_array())
                    .collect();
                let position_accessor = writer.push_vec3(&positions, true);
                let normal_accessor = writer.push_vec3(&normals, false);
                let index_accessor = writer.push_indices(&mesh.indices, mesh.vertex_count());
                json!({
                    "attributes": { "POSITION": position_accessor, "NORMAL": normal_accessor },
                    "indices": index_accessor,
                    "material": material_index[material.0],
                })
            })
            .collect();
        if primitives.is_empty() {
            mesh_of_node.push(None);
        } else {
            node_json.insert("mesh".into(), json!(meshes.len()));
            mesh_of_node.push(Some(meshes.len()));
            meshes.push(json!({ "name": node.name, "primitives": primitives }));
        }
        nodes.push(Value::Object(node_json));
    }

    let mut buffer = json!({ "byteLength": writer.data.len() });
    if let Some(uri) = buffer_uri {
        buffer["uri"] = json!(uri);
    }
    let mut document = json!({
        "asset": { "version": "2.0", "generator": GENERATOR },
        "scene": 0,
        "scenes": [{ "name": model.name, "nodes": [0] }],
        "nodes": nodes,
        "meshes": meshes,
        "materials": materials,
        "accessors": writer.accessors,
        "bufferViews": writer.buffer_views,
        "buffers": [buffer],
    });

    // glTF forbids empty top-level arrays, so a model without geometry leaves them out.
    if let Value::Object(fields) = &mut document {
        fields.retain(|_, value| !matches!(value, Value::Array(items) if items.is_empty()));
    }
    (document, writer.data)
}

/// Packs a JSON document and binary buffer into a GLB container: the 12-byte header, the JSON
/// chunk padded with spaces and, when `bin` is not empty, the BIN chunk padded with zeros.
pub fn assemble_glb(document: &Value, bin: &[u8]) -> Vec<u8> {
    let mut json_bytes =
        serde_json::to_vec(document).expect("serializing a serde_json::Value cannot fail");
    pad_to_four(&mut json_bytes, b' ');
    let mut bin_bytes = bin.to_vec();
    pad_to_four(&mut bin_bytes, 0);

    let bin_chunk_size = if bin_bytes.is_empty() {
        0
    } else {
        8 + bin_bytes.len()
    };
    let total = 12 + 8 + json_bytes.len() + bin_chunk_size;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&GLB_MAGIC.to_le_bytes());
    out.extend_from_slice(&GLB_VERSION.to_le_bytes());
    out.extend_from_slice(
        &u32::try_from(total)
            .expect("GLB larger than 4 GiB")
            .to_le_bytes(),
    );
    out.extend_from_slice(&(json_bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(&CHUNK_JSON.to_le_bytes());
    out.extend_from_slice(&json_bytes);
    if !bin_bytes.is_empty() {
        out.extend_from_slice(&(bin_bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(&CHUNK_BIN.to_le_bytes());
        out.extend_from_slice(&bin_bytes);
    }
    out
}

fn pad_to_four(bytes: &mut Vec<u8>, fill: u8) {
    while !bytes.len().is_multiple_of(4) {
        bytes.push(fill);
    }
}

fn material_json(material: &crate::model::Material) -> Value {
    let mut value = json!({
        "name": material.name,
        "pbrMetallicRoughness": {
            "baseColorFactor": number_array(&material.base_color),
            "metallicFactor": number(material.metallic),
            "roughnessFactor": number(material.roughness),
        },
    });
    if material.emissive != [0.0; 3] {
        value["emissiveFactor"] = number_array(&material.emissive);
    }
    if material.double_sided {
        value["doubleSided"] = json!(true);
    }
    value
}

/// Converts an `f32` to a JSON number with the shortest decimal text that reads back as the
/// same `f32` ("0.3" rather than "0.30000001192092896"), so min/max stay exact and readable.
pub(crate) fn number(value: f32) -> Value {
    assert!(
        value.is_finite(),
        "glTF cannot store the non-finite number {value}"
    );
    let value = if value == 0.0 { 0.0 } else { value };
    let shortest: f64 = value
        .to_string()
        .parse()
        .expect("Rust prints f32 values as valid decimals");
    json!(shortest)
}

fn number_array(values: &[f32]) -> Value {
    Value::Array(values.iter().map(|&value| number(value)).collect())
}

/// Accumulates the binary buffer with its bufferViews and accessors.
#[derive(Default)]
struct BufferWriter {
    data: Vec<u8>,
    buffer_views: Vec<Value>,
    accessors: Vec<Value>,
}

impl BufferWriter {
    /// Appends `bytes` as a new bufferView and returns its index.
    fn push_view(&mut self, bytes: &[u8], target: u32) -> usize {
        pad_to_four(&mut self.data, 0);
        let offset = self.data.len();
        self.data.extend_from_slice(bytes);
        self.buffer_views.push(json!({
            "buffer": 0,
            "byteOffset": offset,
            "byteLength": bytes.len(),
            "target": target,
        }));
        self.buffer_views.len() - 1
    }

    /// Appends a VEC3 FLOAT accessor (with min/max when `with_bounds`) and returns its index.
    fn push_vec3(&mut self, values: &[[f32; 3]], with_bounds: bool) -> usize {
        let bytes: Vec<u8> = values
            .iter()
            .flatten()
            .flat_map(|component| component.to_le_bytes())
            .collect();
        let view = self.push_view(&bytes, ARRAY_BUFFER);
        let mut accessor = json!({
            "bufferView": view,
            "componentType": FLOAT,
            "count": values.len(),
            "type": "VEC3",
        });
        if with_bounds {
            let mut min = [f32::INFINITY; 3];
            let mut max = [f32::NEG_INFINITY; 3];
            for value in values {
                for axis in 0..3 {
                    min[axis] = min[axis].min(value[axis]);
                    max[axis] = max[axis].max(value[axis]);
                }
            }
            accessor["min"] = number_array(&min);
            accessor["max"] = number_array(&max);
        }
        self.accessors.push(accessor);
        self.accessors.len() - 1
    }

    /// Appends a SCALAR index accessor and returns its index. glTF forbids the maximum value of
    /// the component type as an index (it is the primitive-restart value), so UNSIGNED_SHORT is
    /// used only for up to 65 535 vertices.
    fn push_indices(&mut self, indices: &[u32], vertex_count: usize) -> usize {
        let (bytes, component_type): (Vec<u8>, u32) = if vertex_count <= usize::from(u16::MAX) {
            (
                indices
                    .iter()
                    .flat_map(|&index| (index as u16).to_le_bytes())
                    .collect(),
                UNSIGNED_SHORT,
            )
        } else {
            (
                indices
                    .iter()
                    .flat_map(|&index| index.to_le_bytes())
                    .collect(),
                UNSIGNED_INT,
            )
        };
        let view = self.push_view(&bytes, ELEMENT_ARRAY_BUFFER);
        self.accessors.push(json!({
            "bufferView": view,
            "componentType": component_type,
            "count": indices.len(),
            "type": "SCALAR",
        }));
        self.accessors.len() - 1
    }
}
