//! Meshes and their primitives: attribute and index references, index values, and the
//! triangle count of each mesh.

use serde_json::Value;

use crate::MAX_ITEMS;
use crate::buffers::{self, AccessorInfo, BufferInfo, UNSIGNED_INT_TYPES, ViewInfo};
use crate::document::{Document, check_one_of};
use crate::error::{JsonType, ModelError, ValueProblem};
use crate::json::{self, Object, field_path};

/// glTF primitive modes 0 to 6: POINTS, LINES, LINE_LOOP, LINE_STRIP, TRIANGLES,
/// TRIANGLE_STRIP, TRIANGLE_FAN.
const MODES: &[u64] = &[0, 1, 2, 3, 4, 5, 6];
const MODE_TRIANGLES: u64 = 4;

/// The accessors and buffers that primitive checks read from.
struct Data<'a> {
    accessor_values: &'a [Value],
    accessors: &'a [AccessorInfo],
    views: &'a [ViewInfo],
    buffers: &'a [BufferInfo<'a>],
    material_count: usize,
}

/// Checks every mesh and returns each mesh's triangle count.
pub(crate) fn check_meshes<'a>(
    document: &Document<'a>,
    accessors: &'a [AccessorInfo],
    views: &'a [ViewInfo],
    buffers: &'a [BufferInfo<'a>],
) -> Result<Vec<u64>, ModelError> {
    let data = Data {
        accessor_values: document.accessors,
        accessors,
        views,
        buffers,
        material_count: document.materials.len(),
    };
    let mut primitive_total: u64 = 0;
    let mut triangles = Vec::with_capacity(document.meshes.len());

    for (mesh_index, value) in document.meshes.iter().enumerate() {
        let path = format!("meshes[{mesh_index}]");
        let mesh = json::as_object(value, &path)?;
        let primitives = match mesh.get("primitives") {
            Some(Value::Array(primitives)) => primitives,
            Some(_) => {
                return Err(json::wrong_type(
                    field_path(&path, "primitives"),
                    JsonType::Array,
                ));
            }
            None => return Err(json::missing(field_path(&path, "primitives"))),
        };

        primitive_total += primitives.len() as u64;
        if primitive_total > MAX_ITEMS {
            return Err(ModelError::TooManyItems {
                path: "meshes[*].primitives".to_owned(),
                count: primitive_total,
                limit: MAX_ITEMS,
            });
        }

        let mut mesh_triangles: u64 = 0;
        for (primitive_index, primitive) in primitives.iter().enumerate() {
            let primitive_path = format!("{path}.primitives[{primitive_index}]");
            let primitive = json::as_object(primitive, &primitive_path)?;
            let primitive_triangles = check_primitive(primitive, &primitive_path, &data)?;
            mesh_triangles = mesh_triangles.saturating_add(primitive_triangles);
        }
        triangles.push(mesh_triangles);
    }
    Ok(triangles)
}

/// Checks one primitive and returns its triangle count.
fn check_primitive(primitive: &Object, path: &str, data: &Data<'_>) -> Result<u64, ModelError> {
    let accessor_count = data.accessors.len();
    let attributes_path = field_path(path, "attributes");
    let attributes = json::optional_object(primitive, "attributes", path)?
        .ok_or_else(|| json::missing(attributes_path.clone()))?;

    let position = match attributes.get("POSITION") {
        Some(value) => json::index_value(
            value,
            &field_path(&attributes_path, "POSITION"),
            "accessors",
            accessor_count,
        )?,
        None => {
            return Err(ModelError::MissingPosition {
                path: path.to_owned(),
            });
        }
    };
    check_position_bounds(position, path, data)?;
    let vertex_count = data.accessors[position].count;

    check_attribute_set(attributes, &attributes_path, vertex_count, data)?;
    for (target_index, target) in json::array(primitive, "targets", path)?.iter().enumerate() {
        let target_path = format!("{path}.targets[{target_index}]");
        let target = json::as_object(target, &target_path)?;
        check_attribute_set(target, &target_path, vertex_count, data)?;
    }

    json::optional_index(
        primitive,
        "material",
        path,
        "materials",
        data.material_count,
    )?;

    let mode = json::optional_u64(primitive, "mode", path)?.unwrap_or(MODE_TRIANGLES);
    check_one_of(mode, MODES, "0, 1, 2, 3, 4, 5, 6", || {
        field_path(path, "mode")
    })?;

    let drawn_count =
        match json::optional_index(primitive, "indices", path, "accessors", accessor_count)? {
            Some(indices) => {
                check_indices(indices, path, vertex_count, data)?;
                data.accessors[indices].count
            }
            None => vertex_count,
        };

    let triangles = match mode {
        4 => drawn_count / 3,
        5 | 6 => drawn_count.saturating_sub(2),
        _ => 0,
    };
    Ok(triangles)
}

/// Checks an attribute map (`attributes` or a morph target): valid accessor indices, each
/// with the POSITION accessor's count.
fn check_attribute_set(
    attributes: &Object,
    path: &str,
    vertex_count: u64,
    data: &Data<'_>,
) -> Result<(), ModelError> {
    for (name, value) in attributes {
        let attribute_path = field_path(path, name);
        let accessor =
            json::index_value(value, &attribute_path, "accessors", data.accessors.len())?;
        let count = data.accessors[accessor].count;
        if count != vertex_count {
            return Err(ModelError::AttributeCount {
                path: attribute_path,
                count,
                position_count: vertex_count,
            });
        }
    }
    Ok(())
}

/// gltf-json 1.4.1 (`primitive_validate_hook`) requires `min` and `max` of three numbers on
/// every POSITION accessor, so Bevy rejects a model without them.
fn check_position_bounds(
    position: usize,
    primitive_path: &str,
    data: &Data<'_>,
) -> Result<(), ModelError> {
    let accessor_path = format!("accessors[{position}]");
    let accessor = json::as_object(&data.accessor_values[position], &accessor_path)?;
    for key in ["min", "max"] {
        let path = || format!("{accessor_path}.{key} (POSITION of {primitive_path})");
        match accessor.get(key) {
            None => return Err(json::missing(path())),
            Some(Value::Array(items)) if items.len() == 3 && items.iter().all(Value::is_number) => {
            }
            Some(_) => return Err(json::wrong_type(path(), JsonType::ThreeNumbers)),
        }
    }
    Ok(())
}

/// Checks the type of the `indices` accessor and, when its data is inside the model, that
/// every index is below the vertex count.
fn check_indices(
    indices: usize,
    primitive_path: &str,
    vertex_count: u64,
    data: &Data<'_>,
) -> Result<(), ModelError> {
    let accessor = &data.accessors[indices];
    let is_unsigned_scalar =
        UNSIGNED_INT_TYPES.contains(&accessor.component_type) && accessor.accessor_type == "SCALAR";
    if !is_unsigned_scalar {
        return Err(ModelError::InvalidValue {
            path: format!("accessors[{indices}] (indices of {primitive_path})"),
            problem: ValueProblem::IndexAccessorType {
                component_type: accessor.component_type,
                accessor_type: accessor.accessor_type.clone(),
            },
        });
    }

    let out_of_range = |position: u64, value: u64| ModelError::IndexOutOfRange {
        path: primitive_path.to_owned(),
        accessor: indices,
        position,
        value,
        vertex_count,
    };

    if let Some(view_index) = accessor.view
        && let Some((bytes, view)) = view_bytes(view_index, data)
    {
        let size = buffers::component_size(accessor.component_type);
        let stride = view.stride.unwrap_or(size);
        let start = view.offset + accessor.offset;
        for position in 0..accessor.count {
            let Some(value) =
                buffers::read_unsigned(bytes, start + position * stride, accessor.component_type)
            else {
                break;
            };
            if value >= vertex_count {
                return Err(out_of_range(position, value));
            }
        }
    }

    if let Some(sparse) = &accessor.sparse
        && let Some((index_bytes, index_view)) = view_bytes(sparse.indices_view, data)
        && let Some((value_bytes, value_view)) = view_bytes(sparse.values_view, data)
    {
        let index_size = buffers::component_size(sparse.indices_component_type);
        let value_size = buffers::component_size(accessor.component_type);
        let index_start = index_view.offset + sparse.indices_offset;
        let value_start = value_view.offset + sparse.values_offset;
        for entry in 0..sparse.count {
            let position = buffers::read_unsigned(
                index_bytes,
                index_start + entry * index_size,
                sparse.indices_component_type,
            );
            let value = buffers::read_unsigned(
                value_bytes,
                value_start + entry * value_size,
                accessor.component_type,
            );
            let (Some(position), Some(value)) = (position, value) else {
                break;
            };
            if value >= vertex_count {
                return Err(out_of_range(position, value));
            }
        }
    }
    Ok(())
}

/// Returns the bytes of the buffer under a bufferView, when they are inside the model.
fn view_bytes<'a>(view_index: usize, data: &'a Data<'_>) -> Option<(&'a [u8], &'a ViewInfo)> {
    let view = &data.views[view_index];
    let bytes = data.buffers[view.buffer].bytes()?;
    Some((bytes, view))
}
