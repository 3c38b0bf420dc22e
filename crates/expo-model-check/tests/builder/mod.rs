//! Builds small glTF models for the tests: one triangle, as GLB, as `.gltf` with a data URI,
//! or as `.gltf` with an external `.bin`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

/// Byte length of the triangle's vertex positions: 3 vertices of 3 f32.
pub const POSITIONS_BYTES: u64 = 36;
/// Byte length of the triangle's indices: 3 u16 and 2 bytes of padding.
pub const INDICES_BYTES: u64 = 8;
pub const TRIANGLE_BIN_BYTES: u64 = POSITIONS_BYTES + INDICES_BYTES;

/// Returns the triangle's buffer: positions, then u16 indices 0, 1, 2 and padding.
pub fn triangle_bin() -> Vec<u8> {
    let positions: [f32; 9] = [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0];
    let mut bin: Vec<u8> = positions
        .iter()
        .flat_map(|value| value.to_le_bytes())
        .collect();
    for index in [0u16, 1, 2, 0] {
        bin.extend_from_slice(&index.to_le_bytes());
    }
    assert_eq!(bin.len() as u64, TRIANGLE_BIN_BYTES);
    bin
}

/// Returns the glTF JSON of one triangle in one node of one scene, with `buffer` as buffers[0].
pub fn triangle_json(buffer: Value) -> Value {
    json!({
        "asset": { "version": "2.0", "generator": "expo-model-check tests" },
        "scene": 0,
        "scenes": [{ "nodes": [0] }],
        "nodes": [{ "mesh": 0, "name": "booth" }],
        "meshes": [{
            "primitives": [{ "attributes": { "POSITION": 0 }, "indices": 1, "mode": 4 }]
        }],
        "buffers": [buffer],
        "bufferViews": [
            { "buffer": 0, "byteOffset": 0, "byteLength": POSITIONS_BYTES, "target": 34962 },
            { "buffer": 0, "byteOffset": POSITIONS_BYTES, "byteLength": 6, "target": 34963 }
        ],
        "accessors": [
            {
                "bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3",
                "min": [0.0, 0.0, 0.0], "max": [1.0, 1.0, 0.0]
            },
            { "bufferView": 1, "componentType": 5123, "count": 3, "type": "SCALAR" }
        ]
    })
}

/// Returns the JSON of the triangle as a GLB, whose buffers[0] is the BIN chunk.
pub fn glb_json() -> Value {
    triangle_json(json!({ "byteLength": TRIANGLE_BIN_BYTES }))
}

/// Returns the JSON of the triangle as `.gltf` with its buffer in a base64 data URI.
pub fn data_uri_json() -> Value {
    let uri = format!(
        "data:application/octet-stream;base64,{}",
        STANDARD.encode(triangle_bin())
    );
    triangle_json(json!({ "byteLength": TRIANGLE_BIN_BYTES, "uri": uri }))
}

/// Returns the JSON of the triangle as `.gltf` with its buffer in `uri`.
pub fn external_json(uri: &str) -> Value {
    triangle_json(json!({ "byteLength": TRIANGLE_BIN_BYTES, "uri": uri }))
}

/// Encodes a GLB from JSON and an optional BIN chunk, padding both to 4 bytes as the
/// specification requires (JSON with spaces, BIN with zeros).
pub fn glb(json: &Value, bin: Option<&[u8]>) -> Vec<u8> {
    glb_from_text(json.to_string().as_bytes(), bin)
}

pub fn glb_from_text(json_text: &[u8], bin: Option<&[u8]>) -> Vec<u8> {
    let mut chunks = Vec::new();
    push_chunk(&mut chunks, b"JSON", json_text, b' ');
    if let Some(bin) = bin {
        push_chunk(&mut chunks, b"BIN\0", bin, 0);
    }

    let mut file = Vec::new();
    file.extend_from_slice(b"glTF");
    file.extend_from_slice(&2u32.to_le_bytes());
    file.extend_from_slice(&((12 + chunks.len()) as u32).to_le_bytes());
    file.extend_from_slice(&chunks);
    file
}

fn push_chunk(out: &mut Vec<u8>, chunk_type: &[u8; 4], data: &[u8], padding: u8) {
    let padded_length = data.len().next_multiple_of(4);
    out.extend_from_slice(&(padded_length as u32).to_le_bytes());
    out.extend_from_slice(chunk_type);
    out.extend_from_slice(data);
    out.resize(out.len() + padded_length - data.len(), padding);
}

/// Returns the valid triangle GLB.
pub fn valid_glb() -> Vec<u8> {
    glb(&glb_json(), Some(&triangle_bin()))
}

/// Returns the JSON as `.gltf` bytes.
pub fn gltf(json: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(json).expect("test JSON serializes")
}

/// Overwrites the little-endian u32 at `offset`.
pub fn set_u32(bytes: &mut [u8], offset: usize, value: u32) {
    bytes[offset..offset + 4].copy_from_slice(&value.to_le_bytes());
}

/// Returns a GLB of `node_count` nodes where each node is the only child of the one before, so
/// the chain is `node_count` levels deep. With `reversed`, node 0 is the deepest node, so the
/// walk up from node 0 crosses the whole chain.
pub fn chain_glb(node_count: usize, reversed: bool) -> Vec<u8> {
    let mut json = glb_json();
    let nodes: Vec<Value> = (0..node_count)
        .map(|level| {
            let (node, child) = if reversed {
                (node_count - 1 - level, node_count.checked_sub(level + 2))
            } else {
                (level, (level + 1 < node_count).then_some(level + 1))
            };
            let mut value = json!({ "name": format!("level {level}") });
            if let Some(child) = child {
                value["children"] = json!([child]);
            }
            (node, value)
        })
        .fold(vec![Value::Null; node_count], |mut nodes, (node, value)| {
            nodes[node] = value;
            nodes
        });
    let root = if reversed { node_count - 1 } else { 0 };
    json["nodes"] = Value::Array(nodes);
    json["nodes"][root]["mesh"] = json!(0);
    json["scenes"] = json!([{ "nodes": [root] }]);
    glb(&json, Some(&triangle_bin()))
}

/// Sets the value at a JSON pointer, adding the last object key or array entry when missing.
pub fn set_pointer(json: &mut Value, pointer: &str, value: Value) {
    let (parent, last) = pointer.rsplit_once('/').expect("pointer starts with /");
    let parent = json
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no parent for {pointer}"));
    match parent {
        Value::Object(object) => {
            object.insert(last.to_owned(), value);
        }
        Value::Array(items) => {
            let index: usize = last.parse().expect("array index");
            if index == items.len() {
                items.push(value);
            } else {
                items[index] = value;
            }
        }
        _ => panic!("parent of {pointer} is neither object nor array"),
    }
}
