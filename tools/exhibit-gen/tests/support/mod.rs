//! A small, independent glTF 2.0 reader and validator for the tests, written against the
//! specification (https://registry.khronos.org/glTF/specs/2.0/glTF-2.0.html) rather than
//! against the generator, so that generator bugs cannot hide in shared code.
//!
//! It checks the container, the buffer/bufferView/accessor ranges, the mesh data the
//! exhibits use (POSITION with min/max, unit NORMALs, in-range triangle indices) and the node
//! tree, and returns statistics for further checks. It walks the node tree without
//! recursion, so deep trees cannot overflow the test thread's stack.

// Each test crate that includes this module uses only part of it.
#![allow(dead_code)]

use std::path::Path;

use serde_json::Value;

const GLB_MAGIC: u32 = 0x4654_6C67;
const CHUNK_JSON: u32 = 0x4E4F_534A;
const CHUNK_BIN: u32 = 0x004E_4942;

/// Extensions a loader of this project supports; a file requiring any other fails.
const SUPPORTED_EXTENSIONS: &[&str] = &[];

/// A parsed GLB container.
#[derive(Debug)]
pub struct Glb {
    pub json: Value,
    pub bin: Option<Vec<u8>>,
}

/// Statistics of a valid model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelStats {
    /// Triangles as rendered: a mesh used by several nodes counts once per node.
    pub triangle_count: usize,
    /// Axis-aligned bounds of all vertices after the node transforms, `(min, max)`.
    pub bounds: ([f64; 3], [f64; 3]),
    /// Depth of the deepest node below a scene root (a root has depth 1).
    pub max_depth: usize,
}

fn read_u32(bytes: &[u8], offset: usize) -> Result<u32, String> {
    let slice = bytes
        .get(offset..offset + 4)
        .ok_or_else(|| format!("file ends before byte {}", offset + 4))?;
    Ok(u32::from_le_bytes(
        slice.try_into().expect("slice of 4 bytes"),
    ))
}

/// Parses a GLB container, checking the header, chunk types, lengths and 4-byte alignment.
pub fn parse_glb(bytes: &[u8]) -> Result<Glb, String> {
    if bytes.len() < 12 {
        return Err(format!(
            "file is {} bytes, shorter than the 12-byte GLB header",
            bytes.len()
        ));
    }
    let magic = read_u32(bytes, 0)?;
    if magic != GLB_MAGIC {
        return Err(format!(
            "invalid magic 0x{magic:08x}, expected 0x{GLB_MAGIC:08x} (\"glTF\")"
        ));
    }
    let version = read_u32(bytes, 4)?;
    if version != 2 {
        return Err(format!("unsupported GLB version {version}, expected 2"));
    }
    let length = read_u32(bytes, 8)? as usize;
    if length != bytes.len() {
        return Err(format!(
            "header length {length} does not match the file size {}",
            bytes.len()
        ));
    }
    if !length.is_multiple_of(4) {
        return Err(format!("file length {length} is not a multiple of 4"));
    }

    let mut offset = 12;
    let mut json = None;
    let mut bin = None;
    let mut chunk_index = 0;
    while offset < length {
        let chunk_length = read_u32(bytes, offset)? as usize;
        let chunk_type = read_u32(bytes, offset + 4)?;
        let start = offset + 8;
        let end = start
            .checked_add(chunk_length)
            .ok_or("chunk length overflows")?;
        if end > length {
            return Err(format!(
                "chunk {chunk_index} runs to byte {end}, past the end of the file ({length})"
            ));
        }
        if !chunk_length.is_multiple_of(4) {
            return Err(format!(
                "chunk {chunk_index} length {chunk_length} is not a multiple of 4"
            ));
        }
        let data = &bytes[start..end];
        match (chunk_index, chunk_type) {
            (0, CHUNK_JSON) => {
                let text = std::str::from_utf8(data)
                    .map_err(|error| format!("JSON chunk is not UTF-8: {error}"))?;
                if !text.ends_with(['}', ' ']) {
                    return Err("JSON chunk is padded with something other than spaces".into());
                }
                json = Some(
                    serde_json::from_str::<Value>(text.trim_end_matches(' '))
                        .map_err(|error| format!("invalid JSON chunk: {error}"))?,
                );
            }
            (0, other) => return Err(format!("first chunk has type 0x{other:08x}, expected JSON")),
            (1, CHUNK_BIN) => bin = Some(data.to_vec()),
            // Later chunks of unknown type must be ignored by readers.
            _ => {}
        }
        offset = end;
        chunk_index += 1;
    }
    let json = json.ok_or("GLB has no JSON chunk")?;
    Ok(Glb { json, bin })
}

/// Loads the buffers of a `.gltf` document: `data:` URIs are decoded, other URIs are read
/// relative to `base_dir`.
pub fn load_gltf_buffers(json: &Value, base_dir: &Path) -> Result<Vec<Vec<u8>>, String> {
    let mut buffers = Vec::new();
    for (index, buffer) in json["buffers"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let uri = buffer["uri"]
            .as_str()
            .ok_or_else(|| format!("buffer {index} of a .gltf has no uri"))?;
        let data = if let Some(rest) = uri.strip_prefix("data:") {
            let (_, payload) = rest
                .split_once(";base64,")
                .ok_or_else(|| format!("buffer {index} data URI is not base64"))?;
            base64_decode(payload)
                .ok_or_else(|| format!("buffer {index} data URI has invalid base64"))?
        } else {
            std::fs::read(base_dir.join(uri))
                .map_err(|error| format!("buffer {index}: cannot read {uri}: {error}"))?
        };
        buffers.push(data);
    }
    Ok(buffers)
}

/// Decodes standard padded base64 (RFC 4648, section 4).
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for group in bytes.chunks(4) {
        let padding = group.iter().rev().take_while(|&&c| c == b'=').count();
        let mut bits = 0u32;
        for &c in &group[..4 - padding] {
            bits = (bits << 6) | value(c)?;
        }
        bits <<= 6 * padding as u32;
        let decoded = [(bits >> 16) as u8, (bits >> 8) as u8, bits as u8];
        out.extend_from_slice(&decoded[..3 - padding]);
    }
    Some(out)
}

/// Validates a GLB file and returns its statistics.
pub fn validate_glb(bytes: &[u8]) -> Result<ModelStats, String> {
    let glb = parse_glb(bytes)?;
    let buffers: Vec<Vec<u8>> = glb.bin.into_iter().collect();
    validate_document(&glb.json, &buffers)
}

fn array<'a>(json: &'a Value, key: &str) -> &'a [Value] {
    json[key].as_array().map(Vec::as_slice).unwrap_or(&[])
}

fn index_field(object: &Value, key: &str, len: usize, what: &str) -> Result<usize, String> {
    let index = object[key]
        .as_u64()
        .ok_or_else(|| format!("{what} has no valid {key}"))? as usize;
    if index >= len {
        return Err(format!("{what} {key} {index} is out of range (0..{len})"));
    }
    Ok(index)
}

fn component_size(component_type: u64) -> Result<usize, String> {
    match component_type {
        5120 | 5121 => Ok(1),
        5122 | 5123 => Ok(2),
        5125 | 5126 => Ok(4),
        other => Err(format!("unknown componentType {other}")),
    }
}

fn component_count(kind: &str) -> Result<usize, String> {
    match kind {
        "SCALAR" => Ok(1),
        "VEC2" => Ok(2),
        "VEC3" => Ok(3),
        "VEC4" => Ok(4),
        "MAT2" => Ok(4),
        "MAT3" => Ok(9),
        "MAT4" => Ok(16),
        other => Err(format!("unknown accessor type {other:?}")),
    }
}

/// Checks that an accessor fits its bufferView and the bufferView fits its buffer, and
/// returns the accessor's bytes (from its first element to the end of its last) and stride.
fn accessor_bytes<'a>(
    json: &Value,
    buffers: &'a [Vec<u8>],
    index: usize,
) -> Result<(&'a [u8], usize), String> {
    let accessor = &array(json, "accessors")[index];
    let what = format!("accessor {index}");
    let views = array(json, "bufferViews");
    let view_index = index_field(accessor, "bufferView", views.len(), &what)?;
    let view = &views[view_index];
    let buffer_index = index_field(
        view,
        "buffer",
        buffers.len(),
        &format!("bufferView {view_index}"),
    )?;
    let buffer = &buffers[buffer_index];

    let declared_length = array(json, "buffers")[buffer_index]["byteLength"]
        .as_u64()
        .ok_or("buffer has no byteLength")? as usize;
    if declared_length > buffer.len() {
        return Err(format!(
            "buffer {buffer_index} byteLength {declared_length} exceeds its {} bytes of data",
            buffer.len()
        ));
    }

    let view_offset = view["byteOffset"].as_u64().unwrap_or(0) as usize;
    let view_length = view["byteLength"]
        .as_u64()
        .ok_or("bufferView has no byteLength")? as usize;
    if view_offset + view_length > declared_length {
        return Err(format!(
            "bufferView {view_index} (offset {view_offset}, length {view_length}) runs past buffer {buffer_index} ({declared_length} bytes)"
        ));
    }

    let size = component_size(
        accessor["componentType"]
            .as_u64()
            .ok_or("accessor has no componentType")?,
    )?;
    let components = component_count(accessor["type"].as_str().ok_or("accessor has no type")?)?;
    let element = size * components;
    let stride = view["byteStride"]
        .as_u64()
        .map(|s| s as usize)
        .unwrap_or(element);
    let offset = accessor["byteOffset"].as_u64().unwrap_or(0) as usize;
    let count = accessor["count"].as_u64().ok_or("accessor has no count")? as usize;
    if count == 0 {
        return Err(format!("{what} has count 0"));
    }
    if !(view_offset + offset).is_multiple_of(size) {
        return Err(format!(
            "{what} data is not aligned to its component size {size}"
        ));
    }
    let needed = offset + stride * (count - 1) + element;
    if needed > view_length {
        return Err(format!(
            "{what} needs {needed} bytes but bufferView {view_index} has {view_length}"
        ));
    }

    let view_bytes = &buffer[view_offset..view_offset + view_length];
    Ok((&view_bytes[offset..needed], stride))
}

fn read_vec3s(json: &Value, buffers: &[Vec<u8>], index: usize) -> Result<Vec<[f32; 3]>, String> {
    let accessor = &array(json, "accessors")[index];
    if accessor["componentType"] != 5126 || accessor["type"] != "VEC3" {
        return Err(format!("accessor {index} is not a VEC3 of FLOAT"));
    }
    let (bytes, stride) = accessor_bytes(json, buffers, index)?;
    let count = accessor["count"].as_u64().unwrap_or(0) as usize;
    Ok((0..count)
        .map(|i| {
            let at = |k: usize| {
                f32::from_le_bytes(
                    bytes[i * stride + 4 * k..i * stride + 4 * k + 4]
                        .try_into()
                        .expect("4 bytes"),
                )
            };
            [at(0), at(1), at(2)]
        })
        .collect())
}

fn read_indices(json: &Value, buffers: &[Vec<u8>], index: usize) -> Result<Vec<u32>, String> {
    let accessor = &array(json, "accessors")[index];
    if accessor["type"] != "SCALAR" {
        return Err(format!("index accessor {index} is not SCALAR"));
    }
    let (bytes, stride) = accessor_bytes(json, buffers, index)?;
    let count = accessor["count"].as_u64().unwrap_or(0) as usize;
    let component_type = accessor["componentType"].as_u64().unwrap_or(0);
    (0..count)
        .map(|i| {
            let at = &bytes[i * stride..];
            match component_type {
                5121 => Ok(u32::from(at[0])),
                5123 => Ok(u32::from(u16::from_le_bytes([at[0], at[1]]))),
                5125 => Ok(u32::from_le_bytes([at[0], at[1], at[2], at[3]])),
                other => Err(format!(
                    "index accessor {index} has componentType {other}, expected an unsigned integer"
                )),
            }
        })
        .collect()
}

/// Checks one mesh primitive and returns (positions, triangle count).
fn validate_primitive(
    json: &Value,
    buffers: &[Vec<u8>],
    what: &str,
    primitive: &Value,
) -> Result<(Vec<[f32; 3]>, usize), String> {
    let accessors = array(json, "accessors");
    if primitive["mode"].as_u64().unwrap_or(4) != 4 {
        return Err(format!("{what} is not a triangle list"));
    }
    let position_index = index_field(&primitive["attributes"], "POSITION", accessors.len(), what)?;
    let positions = read_vec3s(json, buffers, position_index)?;

    // POSITION min and max are required and must equal the data's bounds.
    let accessor = &accessors[position_index];
    for (key, pick) in [("min", f32::min as fn(f32, f32) -> f32), ("max", f32::max)] {
        let declared = accessor[key]
            .as_array()
            .ok_or_else(|| format!("{what} POSITION accessor has no {key}"))?;
        for axis in 0..3 {
            let actual = positions
                .iter()
                .map(|p| p[axis])
                .fold(positions[0][axis], pick);
            let stated = declared
                .get(axis)
                .and_then(Value::as_f64)
                .ok_or_else(|| format!("{what} POSITION {key} is malformed"))?
                as f32;
            if stated != actual {
                return Err(format!(
                    "{what} POSITION {key}[{axis}] is {stated}, but the data has {actual}"
                ));
            }
        }
    }
    if positions.iter().flatten().any(|v| !v.is_finite()) {
        return Err(format!("{what} has a non-finite position"));
    }

    let normal_index = index_field(&primitive["attributes"], "NORMAL", accessors.len(), what)?;
    let normals = read_vec3s(json, buffers, normal_index)?;
    if normals.len() != positions.len() {
        return Err(format!(
            "{what} has {} normals for {} positions",
            normals.len(),
            positions.len()
        ));
    }
    for (i, n) in normals.iter().enumerate() {
        let length = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
        if (length - 1.0).abs() > 1e-3 {
            return Err(format!("{what} normal {i} has length {length}, expected 1"));
        }
    }

    let index_accessor = index_field(primitive, "indices", accessors.len(), what)?;
    let indices = read_indices(json, buffers, index_accessor)?;
    if indices.len() % 3 != 0 {
        return Err(format!(
            "{what} has {} indices, not a multiple of 3",
            indices.len()
        ));
    }
    if let Some(bad) = indices.iter().find(|&&i| i as usize >= positions.len()) {
        return Err(format!(
            "{what} index {bad} is out of range for {} vertices",
            positions.len()
        ));
    }
    if let Some(material) = primitive.get("material") {
        let count = array(json, "materials").len();
        if material.as_u64().is_none_or(|m| m as usize >= count) {
            return Err(format!(
                "{what} material {material} is out of range (0..{count})"
            ));
        }
    }
    Ok((positions, indices.len() / 3))
}

fn validate_materials(json: &Value) -> Result<(), String> {
    for (index, material) in array(json, "materials").iter().enumerate() {
        let pbr = &material["pbrMetallicRoughness"];
        let in_unit = |v: &Value| v.as_f64().is_some_and(|x| (0.0..=1.0).contains(&x));
        if let Some(color) = pbr.get("baseColorFactor") {
            let values = color
                .as_array()
                .ok_or_else(|| format!("material {index} baseColorFactor is not an array"))?;
            if values.len() != 4 || !values.iter().all(in_unit) {
                return Err(format!(
                    "material {index} baseColorFactor must be 4 numbers in 0..1"
                ));
            }
        }
        for key in ["metallicFactor", "roughnessFactor"] {
            if let Some(value) = pbr.get(key)
                && !in_unit(value)
            {
                return Err(format!("material {index} {key} {value} is outside 0..1"));
            }
        }
        if let Some(emissive) = material.get("emissiveFactor") {
            let values = emissive
                .as_array()
                .ok_or_else(|| format!("material {index} emissiveFactor is not an array"))?;
            if values.len() != 3 || !values.iter().all(in_unit) {
                return Err(format!(
                    "material {index} emissiveFactor must be 3 numbers in 0..1"
                ));
            }
        }
    }
    Ok(())
}

/// A row-major 4x4 matrix.
type Matrix = [[f64; 4]; 4];

/// Returns a node's local transform as a row-major 4x4 matrix: its `matrix`, or T * R * S.
fn node_matrix(node: &Value, index: usize) -> Result<Matrix, String> {
    if let Some(values) = node.get("matrix").and_then(Value::as_array) {
        let m: Vec<f64> = values.iter().filter_map(Value::as_f64).collect();
        if m.len() != 16 {
            return Err(format!("node {index} matrix must have 16 numbers"));
        }

        // glTF matrices are column-major.
        return Ok(std::array::from_fn(|row| {
            std::array::from_fn(|column| m[column * 4 + row])
        }));
    }

    let read = |key: &str, default: &[f64]| -> Result<Vec<f64>, String> {
        match node.get(key) {
            None => Ok(default.to_vec()),
            Some(value) => {
                let numbers: Vec<f64> = value
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_f64).collect())
                    .unwrap_or_default();
                if numbers.len() != default.len() {
                    return Err(format!(
                        "node {index} {key} must have {} numbers",
                        default.len()
                    ));
                }
                Ok(numbers)
            }
        }
    };

    let t = read("translation", &[0.0, 0.0, 0.0])?;
    let r = read("rotation", &[0.0, 0.0, 0.0, 1.0])?;
    let s = read("scale", &[1.0, 1.0, 1.0])?;
    let norm = (r[0] * r[0] + r[1] * r[1] + r[2] * r[2] + r[3] * r[3]).sqrt();
    if (norm - 1.0).abs() > 1e-5 {
        return Err(format!(
            "node {index} rotation is not a unit quaternion (length {norm})"
        ));
    }

    let (x, y, z, w) = (r[0], r[1], r[2], r[3]);
    let rotation = [
        [
            1.0 - 2.0 * (y * y + z * z),
            2.0 * (x * y - z * w),
            2.0 * (x * z + y * w),
        ],
        [
            2.0 * (x * y + z * w),
            1.0 - 2.0 * (x * x + z * z),
            2.0 * (y * z - x * w),
        ],
        [
            2.0 * (x * z - y * w),
            2.0 * (y * z + x * w),
            1.0 - 2.0 * (x * x + y * y),
        ],
    ];

    let mut m = [[0.0; 4]; 4];
    for row in 0..3 {
        for column in 0..3 {
            m[row][column] = rotation[row][column] * s[column];
        }
        m[row][3] = t[row];
    }
    m[3][3] = 1.0;
    Ok(m)
}

fn multiply(a: &Matrix, b: &Matrix) -> Matrix {
    std::array::from_fn(|row| {
        std::array::from_fn(|column| (0..4).map(|k| a[row][k] * b[k][column]).sum())
    })
}

/// Validates a glTF document with its loaded buffers and returns its statistics.
pub fn validate_document(json: &Value, buffers: &[Vec<u8>]) -> Result<ModelStats, String> {
    if json["asset"]["version"] != "2.0" {
        return Err(format!(
            "asset.version is {}, expected \"2.0\"",
            json["asset"]["version"]
        ));
    }
    for required in array(json, "extensionsRequired") {
        let name = required.as_str().unwrap_or("?");
        if !SUPPORTED_EXTENSIONS.contains(&name) {
            return Err(format!("unsupported required extension {name}"));
        }
    }
    for (index, buffer) in array(json, "buffers").iter().enumerate() {
        let declared = buffer["byteLength"]
            .as_u64()
            .ok_or_else(|| format!("buffer {index} has no byteLength"))?
            as usize;
        let actual = buffers
            .get(index)
            .ok_or_else(|| format!("buffer {index} has no data"))?
            .len();

        // A GLB BIN chunk may carry up to 3 padding bytes beyond byteLength.
        if declared > actual || actual - declared > 3 {
            return Err(format!(
                "buffer {index} byteLength {declared} does not match its {actual} bytes of data"
            ));
        }
    }
    for (index, view) in array(json, "bufferViews").iter().enumerate() {
        if let Some(target) = view.get("target")
            && target != 34962
            && target != 34963
        {
            return Err(format!("bufferView {index} has invalid target {target}"));
        }
    }
    for index in 0..array(json, "accessors").len() {
        accessor_bytes(json, buffers, index)?;
    }
    validate_materials(json)?;

    // Per-mesh positions and triangle counts.
    let mut mesh_data = Vec::new();
    for (mesh_index, mesh) in array(json, "meshes").iter().enumerate() {
        let primitives = array(mesh, "primitives");
        if primitives.is_empty() {
            return Err(format!("mesh {mesh_index} has no primitives"));
        }
        let mut positions = Vec::new();
        let mut triangles = 0;
        for (primitive_index, primitive) in primitives.iter().enumerate() {
            let what = format!("mesh {mesh_index} primitive {primitive_index}");
            let (primitive_positions, primitive_triangles) =
                validate_primitive(json, buffers, &what, primitive)?;
            positions.extend(primitive_positions);
            triangles += primitive_triangles;
        }
        mesh_data.push((positions, triangles));
    }

    // Node tree: valid indices, one parent at most, no cycles.
    let nodes = array(json, "nodes");
    let mut parent: Vec<Option<usize>> = vec![None; nodes.len()];
    for (index, node) in nodes.iter().enumerate() {
        if let Some(mesh) = node.get("mesh")
            && mesh.as_u64().is_none_or(|m| m as usize >= mesh_data.len())
        {
            return Err(format!("node {index} mesh {mesh} is out of range"));
        }
        for child in array(node, "children") {
            let child = child
                .as_u64()
                .filter(|&c| (c as usize) < nodes.len())
                .ok_or_else(|| format!("node {index} has invalid child {child}"))?
                as usize;
            if let Some(other) = parent[child] {
                return Err(format!(
                    "node {child} has two parents ({other} and {index})"
                ));
            }
            parent[child] = Some(index);
        }
    }
    for start in 0..nodes.len() {
        let mut current = start;
        let mut steps = 0;
        while let Some(up) = parent[current] {
            current = up;
            steps += 1;
            if current == start || steps > nodes.len() {
                return Err(format!("node {start} is part of a cycle"));
            }
        }
    }

    let scenes = array(json, "scenes");
    let scene_index = match json.get("scene") {
        Some(value) => value
            .as_u64()
            .filter(|&s| (s as usize) < scenes.len())
            .ok_or_else(|| format!("scene {value} is out of range"))?
            as usize,
        None if scenes.is_empty() => return Err("document has no scene".into()),
        None => 0,
    };
    let identity: Matrix = std::array::from_fn(|row| {
        std::array::from_fn(|column| if row == column { 1.0 } else { 0.0 })
    });
    let mut stack = Vec::new();
    for root in array(&scenes[scene_index], "nodes") {
        let root =
            root.as_u64()
                .filter(|&r| (r as usize) < nodes.len())
                .ok_or_else(|| format!("scene root {root} is out of range"))? as usize;
        if parent[root].is_some() {
            return Err(format!("scene root node {root} has a parent"));
        }
        stack.push((root, identity, 1));
    }

    let mut min = [f64::INFINITY; 3];
    let mut max = [f64::NEG_INFINITY; 3];
    let mut triangle_count = 0;
    let mut max_depth = 0;
    while let Some((index, parent_matrix, depth)) = stack.pop() {
        max_depth = max_depth.max(depth);
        let world = multiply(&parent_matrix, &node_matrix(&nodes[index], index)?);
        if let Some(mesh) = nodes[index].get("mesh").and_then(Value::as_u64) {
            let (positions, triangles) = &mesh_data[mesh as usize];
            triangle_count += triangles;
            for p in positions {
                let local = [f64::from(p[0]), f64::from(p[1]), f64::from(p[2]), 1.0];
                for axis in 0..3 {
                    let value: f64 = (0..4).map(|k| world[axis][k] * local[k]).sum();
                    min[axis] = min[axis].min(value);
                    max[axis] = max[axis].max(value);
                }
            }
        }
        for child in array(&nodes[index], "children") {
            stack.push((
                child.as_u64().expect("checked above") as usize,
                world,
                depth + 1,
            ));
        }
    }
    Ok(ModelStats {
        triangle_count,
        bounds: (min, max),
        max_depth,
    })
}

/// Counts the triangles whose counterclockwise face normal points against the sum of their
/// vertex normals (triangles wound the wrong way round).
pub fn count_misoriented_triangles(bytes: &[u8]) -> Result<usize, String> {
    let glb = parse_glb(bytes)?;
    let buffers: Vec<Vec<u8>> = glb.bin.into_iter().collect();
    let json = &glb.json;
    let mut misoriented = 0;
    for mesh in array(json, "meshes") {
        for primitive in array(mesh, "primitives") {
            let positions = read_vec3s(
                json,
                &buffers,
                primitive["attributes"]["POSITION"]
                    .as_u64()
                    .ok_or("no POSITION")? as usize,
            )?;
            let normals = read_vec3s(
                json,
                &buffers,
                primitive["attributes"]["NORMAL"]
                    .as_u64()
                    .ok_or("no NORMAL")? as usize,
            )?;
            let indices = read_indices(
                json,
                &buffers,
                primitive["indices"].as_u64().ok_or("no indices")? as usize,
            )?;
            for triangle in indices.chunks_exact(3) {
                let [a, b, c] =
                    [triangle[0], triangle[1], triangle[2]].map(|i| positions[i as usize]);
                let u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
                let v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
                let face = [
                    u[1] * v[2] - u[2] * v[1],
                    u[2] * v[0] - u[0] * v[2],
                    u[0] * v[1] - u[1] * v[0],
                ];
                let sum: [f32; 3] =
                    std::array::from_fn(|k| triangle.iter().map(|&i| normals[i as usize][k]).sum());
                if face[0] * sum[0] + face[1] * sum[1] + face[2] * sum[2] < 0.0 {
                    misoriented += 1;
                }
            }
        }
    }
    Ok(misoriented)
}
