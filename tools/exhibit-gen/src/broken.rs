//! Deliberately broken or unusual glTF files for testing how a loader fails, plus valid
//! `.gltf` variants (embedded data URI, separate `.bin`, skinned and morphed) that a loader
//! must accept.

use serde_json::{Value, json};

use crate::glb::{assemble_glb, build_document, encode_glb};
use crate::math::{Vec3, vec3};
use crate::mesh::Mesh;
use crate::model::{Material, Model};

/// Number of nested nodes in `deep-tree.gltf`. A loader that recurses once per level needs
/// this many stack frames; at an estimated 100 bytes or more each, that is over 1 MB.
pub const DEEP_TREE_DEPTH: usize = 10_000;

/// Returns the test files as `(file name, contents)`:
///
/// - `truncated.glb`: a valid GLB cut in half.
/// - `not-gltf.glb`: an HTML error page, as a misconfigured server returns it.
/// - `bad-version.glb`: a valid GLB whose header says version 1.
/// - `zero-length.glb`: a valid GLB whose header length field is 0.
/// - `accessor-overflow.glb`: a GLB whose POSITION accessor count runs past its bufferView.
/// - `deep-tree.gltf`: a chain of [`DEEP_TREE_DEPTH`] nested nodes with a mesh at the end.
/// - `node-cycle.gltf`: three nodes that are each other's children in a cycle.
/// - `unsupported-extension.gltf`: requires `KHR_draco_mesh_compression`.
/// - `valid-data-uri.gltf`: a valid model with its buffer in a base64 `data:` URI.
/// - `valid-separate.gltf` and `valid-separate.bin`: a valid model with an external buffer.
/// - `valid-skinned.gltf`: a valid panel that is skinned to two joints and has a morph target,
///   which a viewer without animation must still show.
pub fn broken_models() -> Vec<(&'static str, Vec<u8>)> {
    let sample = sample_model();
    let valid_glb = encode_glb(&sample);

    let truncated = valid_glb[..valid_glb.len() / 2].to_vec();

    let mut bad_version = valid_glb.clone();
    bad_version[4..8].copy_from_slice(&1u32.to_le_bytes());

    let mut zero_length = valid_glb.clone();
    zero_length[8..12].copy_from_slice(&0u32.to_le_bytes());

    let (mut overflow_document, overflow_bin) = build_document(&sample, None);
    let count = overflow_document["accessors"][0]["count"]
        .as_u64()
        .expect("POSITION accessor has a count");
    overflow_document["accessors"][0]["count"] = json!(count * 10);
    let accessor_overflow = assemble_glb(&overflow_document, &overflow_bin);

    let (mut data_uri_document, data_uri_bin) = build_document(&sample, None);
    data_uri_document["buffers"][0]["uri"] = json!(data_uri(&data_uri_bin));

    let (separate_document, separate_bin) = build_document(&sample, Some("valid-separate.bin"));

    vec![
        ("truncated.glb", truncated),
        ("not-gltf.glb", NOT_FOUND_PAGE.as_bytes().to_vec()),
        ("bad-version.glb", bad_version),
        ("zero-length.glb", zero_length),
        ("accessor-overflow.glb", accessor_overflow),
        ("deep-tree.gltf", to_json_bytes(&deep_tree(&sample))),
        ("node-cycle.gltf", to_json_bytes(&node_cycle(&sample))),
        (
            "unsupported-extension.gltf",
            to_json_bytes(&unsupported_extension(&sample)),
        ),
        ("valid-data-uri.gltf", to_json_bytes(&data_uri_document)),
        ("valid-separate.gltf", to_json_bytes(&separate_document)),
        ("valid-separate.bin", separate_bin),
        ("valid-skinned.gltf", to_json_bytes(&skinned_panel())),
    ]
}

const NOT_FOUND_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>404 Not Found</title></head>\n<body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body>\n</html>\n";

/// Builds the small valid model behind every test file: a 0.5 m cube with a cone on top.
fn sample_model() -> Model {
    let mut model = Model::new("sample");
    let blue = model.add_material(Material::new("blue", [0.1, 0.3, 0.8]));
    let orange = model.add_material(Material::new("orange", [0.9, 0.4, 0.05]));
    let root = model.root();
    model.add_mesh(
        root,
        blue,
        Mesh::cuboid(Vec3::splat(0.5)).translated(vec3(0.0, 0.25, 0.0)),
    );
    let top = model.add_node(
        root,
        "cone",
        crate::math::Transform::from_translation(vec3(0.0, 0.5, 0.0)),
    );
    model.add_mesh(
        top,
        orange,
        Mesh::cone(0.25, 0.4, 16).translated(vec3(0.0, 0.2, 0.0)),
    );
    model
}

/// Returns the sample model as a `.gltf` document with an embedded buffer, for editing.
fn embedded_document(model: &Model) -> Value {
    let (mut document, bin) = build_document(model, None);
    document["buffers"][0]["uri"] = json!(data_uri(&bin));
    document
}

fn deep_tree(model: &Model) -> Value {
    let mut document = embedded_document(model);
    let original_nodes = document["nodes"]
        .as_array()
        .expect("document has nodes")
        .clone();

    // Nodes 0..DEPTH-1 form the chain; the sample's own nodes are appended after it, with
    // their child indices shifted, and hang below the last chain node.
    let mut nodes: Vec<Value> = (0..DEEP_TREE_DEPTH)
        .map(|level| json!({ "name": format!("level-{level}"), "children": [level + 1] }))
        .collect();
    for mut node in original_nodes {
        if let Some(children) = node["children"].as_array_mut() {
            for child in children {
                *child = json!(child.as_u64().expect("child index") as usize + DEEP_TREE_DEPTH);
            }
        }
        nodes.push(node);
    }
    document["nodes"] = Value::Array(nodes);
    document["scenes"][0]["nodes"] = json!([0]);
    document
}

fn node_cycle(model: &Model) -> Value {
    let mut document = embedded_document(model);
    document["nodes"] = json!([
        { "name": "a", "children": [1], "mesh": 0 },
        { "name": "b", "children": [2] },
        { "name": "c", "children": [0] },
    ]);
    document["scenes"][0]["nodes"] = json!([0]);
    document
}

fn unsupported_extension(model: &Model) -> Value {
    let mut document = embedded_document(model);
    document["extensionsUsed"] = json!(["KHR_draco_mesh_compression"]);
    document["extensionsRequired"] = json!(["KHR_draco_mesh_compression"]);

    // Point the extension at an existing bufferView so only the missing decoder is wrong;
    // the bytes there are ordinary vertex data, not a Draco stream.
    document["meshes"][0]["primitives"][0]["extensions"] = json!({
        "KHR_draco_mesh_compression": { "bufferView": 0, "attributes": { "POSITION": 0, "NORMAL": 1 } }
    });
    document
}

/// Builds a 0.6 m by 0.8 m upright panel (two triangles, double-sided) skinned to a two-joint
/// skeleton, with one morph target that bends its top edge forward, weighted 0.5.
fn skinned_panel() -> Value {
    let positions: [[f32; 3]; 4] = [[-0.3, 0.0, 0.0], [0.3, 0.0, 0.0], [0.3, 0.8, 0.0], [-0.3, 0.8, 0.0]];
    let normals = [[0.0f32, 0.0, 1.0]; 4];
    // The bottom vertices follow the root joint and the top ones the tip joint.
    let joints: [[u8; 4]; 4] = [[0, 0, 0, 0], [0, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]];
    let weights = [[1.0f32, 0.0, 0.0, 0.0]; 4];
    let indices: [u16; 6] = [0, 1, 2, 0, 2, 3];
    let morph: [[f32; 3]; 4] = [[0.0; 3], [0.0; 3], [0.0, 0.0, 0.2], [0.0, 0.0, 0.2]];
    // Inverse bind matrices (column-major): the root joint at the origin, the tip at 0.4 m up.
    let mut tip_inverse = [0.0f32; 16];
    for i in 0..4 {
        tip_inverse[i * 5] = 1.0;
    }
    tip_inverse[13] = -0.4;
    let mut root_inverse = [0.0f32; 16];
    for i in 0..4 {
        root_inverse[i * 5] = 1.0;
    }

    let mut bin: Vec<u8> = Vec::new();
    let mut views = Vec::new();
    let mut add_view = |bin: &mut Vec<u8>, bytes: Vec<u8>, target: Option<u32>| {
        while !bin.len().is_multiple_of(4) {
            bin.push(0);
        }
        let mut view = json!({ "buffer": 0, "byteOffset": bin.len(), "byteLength": bytes.len() });
        if let Some(target) = target {
            view["target"] = json!(target);
        }
        bin.extend_from_slice(&bytes);
        views.push(view);
        views.len() - 1
    };
    let floats = |values: &[f32]| values.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
    const ARRAY_BUFFER: u32 = 34962;
    const ELEMENT_ARRAY_BUFFER: u32 = 34963;
    let position_view = add_view(&mut bin, floats(positions.as_flattened()), Some(ARRAY_BUFFER));
    let normal_view = add_view(&mut bin, floats(normals.as_flattened()), Some(ARRAY_BUFFER));
    let joint_view = add_view(&mut bin, joints.as_flattened().to_vec(), Some(ARRAY_BUFFER));
    let weight_view = add_view(&mut bin, floats(weights.as_flattened()), Some(ARRAY_BUFFER));
    let index_view = add_view(&mut bin, indices.iter().flat_map(|i| i.to_le_bytes()).collect(), Some(ELEMENT_ARRAY_BUFFER));
    let morph_view = add_view(&mut bin, floats(morph.as_flattened()), Some(ARRAY_BUFFER));
    let inverse_view = add_view(&mut bin, floats(&[root_inverse, tip_inverse].concat()), None);

    json!({
        "asset": { "version": "2.0", "generator": "exhibit-gen" },
        "scene": 0,
        "scenes": [{ "nodes": [0, 1] }],
        "nodes": [
            { "name": "panel", "mesh": 0, "skin": 0 },
            { "name": "root-joint", "children": [2] },
            { "name": "tip-joint", "translation": [0.0, 0.4, 0.0] },
        ],
        "skins": [{ "joints": [1, 2], "skeleton": 1, "inverseBindMatrices": 6 }],
        "meshes": [{
            "name": "panel",
            "primitives": [{
                "attributes": { "POSITION": 0, "NORMAL": 1, "JOINTS_0": 2, "WEIGHTS_0": 3 },
                "indices": 4,
                "material": 0,
                "targets": [{ "POSITION": 5 }],
            }],
            "weights": [0.5],
        }],
        "materials": [{
            "name": "green",
            "doubleSided": true,
            "pbrMetallicRoughness": { "baseColorFactor": [0.1, 0.6, 0.3, 1.0], "metallicFactor": 0.0, "roughnessFactor": 0.6 },
        }],
        "accessors": [
            { "bufferView": position_view, "componentType": 5126, "count": 4, "type": "VEC3", "min": [-0.3, 0.0, 0.0], "max": [0.3, 0.8, 0.0] },
            { "bufferView": normal_view, "componentType": 5126, "count": 4, "type": "VEC3" },
            { "bufferView": joint_view, "componentType": 5121, "count": 4, "type": "VEC4" },
            { "bufferView": weight_view, "componentType": 5126, "count": 4, "type": "VEC4" },
            { "bufferView": index_view, "componentType": 5123, "count": 6, "type": "SCALAR" },
            { "bufferView": morph_view, "componentType": 5126, "count": 4, "type": "VEC3", "min": [0.0, 0.0, 0.0], "max": [0.0, 0.0, 0.2] },
            { "bufferView": inverse_view, "componentType": 5126, "count": 2, "type": "MAT4" },
        ],
        "bufferViews": views,
        "buffers": [{ "byteLength": bin.len(), "uri": data_uri(&bin) }],
    })
}

fn to_json_bytes(document: &Value) -> Vec<u8> {
    let mut bytes =
        serde_json::to_vec_pretty(document).expect("serializing a serde_json::Value cannot fail");
    bytes.push(b'\n');
    bytes
}

/// Encodes bytes as an `application/octet-stream` base64 data URI (RFC 2397, RFC 4648).
pub fn data_uri(bytes: &[u8]) -> String {
    format!(
        "data:application/octet-stream;base64,{}",
        base64_encode(bytes)
    )
}

/// Encodes bytes as standard base64 with padding (RFC 4648, section 4).
pub fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let group = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for position in 0..4 {
            if position <= chunk.len() {
                out.push(ALPHABET[((group >> (18 - 6 * position)) & 0x3F) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64_encode;

    #[test]
    fn base64_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                base64_encode(input.as_bytes()),
                expected,
                "base64 of {input:?}"
            );
        }
    }
}
