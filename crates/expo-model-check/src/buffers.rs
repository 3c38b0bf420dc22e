//! Buffers, bufferViews and accessors: where each one's bytes come from and that every byte
//! range stays inside the range it is cut from.
//!
//! gltf 1.4.1 and bevy_gltf 0.20.1 slice buffer data with these ranges without bounds checks in
//! several places (for example images in bufferViews), so an out-of-range value panics there.

use serde_json::Value;

use crate::Container;
use crate::document::{Document, check_one_of};
use crate::error::{BufferSource, MissingBufferReason, ModelError, ValueProblem};
use crate::json;
use crate::uri::{ExternalReference, UriTarget, UriUse, resolve_external, resolve_uri};

pub(crate) struct BufferInfo<'a> {
    pub byte_length: u64,
    pub data: BufferData<'a>,
}

pub(crate) enum BufferData<'a> {
    /// The GLB BIN chunk; at least `byte_length` bytes.
    Bin(&'a [u8]),
    /// A decoded data URI; exactly `byte_length` bytes.
    Decoded(Vec<u8>),
    /// A file or URL fetched later.
    External(ExternalReference),
}

impl BufferInfo<'_> {
    /// Returns the buffer's bytes when they are part of the model.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.data {
            BufferData::Bin(bytes) => Some(bytes),
            BufferData::Decoded(bytes) => Some(bytes),
            BufferData::External(_) => None,
        }
    }
}

/// A bufferView that lies inside its buffer.
pub(crate) struct ViewInfo {
    pub buffer: usize,
    pub offset: u64,
    pub length: u64,
    pub stride: Option<u64>,
}

/// An accessor whose data lies inside its bufferViews.
pub(crate) struct AccessorInfo {
    pub view: Option<usize>,
    pub offset: u64,
    pub component_type: u64,
    pub accessor_type: String,
    pub count: u64,
    pub sparse: Option<SparseInfo>,
}

pub(crate) struct SparseInfo {
    pub count: u64,
    pub indices_view: usize,
    pub indices_offset: u64,
    pub indices_component_type: u64,
    pub values_view: usize,
    pub values_offset: u64,
}

const COMPONENT_TYPES: &[u64] = &[5120, 5121, 5122, 5123, 5125, 5126];
const COMPONENT_TYPES_TEXT: &str = "5120, 5121, 5122, 5123, 5125, 5126";
pub(crate) const UNSIGNED_INT_TYPES: &[u64] = &[5121, 5123, 5125];
const UNSIGNED_INT_TYPES_TEXT: &str = "5121, 5123, 5125";
const ACCESSOR_TYPES: &[&str] = &["SCALAR", "VEC2", "VEC3", "VEC4", "MAT2", "MAT3", "MAT4"];
const ACCESSOR_TYPES_TEXT: &str =
    "\"SCALAR\", \"VEC2\", \"VEC3\", \"VEC4\", \"MAT2\", \"MAT3\", \"MAT4\"";

/// Returns the size in bytes of one component, for a component type already checked.
pub(crate) fn component_size(component_type: u64) -> u64 {
    match component_type {
        5120 | 5121 => 1,
        5122 | 5123 => 2,
        _ => 4,
    }
}

/// Returns the size in bytes of one element, for types already checked. Each matrix column
/// starts on a 4-byte boundary (glTF 2.0 specification, "Data Alignment"), so a MAT3 of bytes
/// takes 12 bytes, not 9.
fn element_size(component_type: u64, accessor_type: &str) -> u64 {
    let size = component_size(component_type);
    let matrix_columns = match accessor_type {
        "MAT2" => 2,
        "MAT3" => 3,
        "MAT4" => 4,
        "VEC2" => return 2 * size,
        "VEC3" => return 3 * size,
        "VEC4" => return 4 * size,
        _ => return size,
    };
    let column_bytes = (matrix_columns * size).next_multiple_of(4);
    matrix_columns * column_bytes
}

pub(crate) fn check_buffers<'a>(
    document: &Document<'_>,
    container: Container,
    bin: Option<&'a [u8]>,
) -> Result<Vec<BufferInfo<'a>>, ModelError> {
    let mut buffers = Vec::with_capacity(document.buffers.len());
    for (index, value) in document.buffers.iter().enumerate() {
        let path = format!("buffers[{index}]");
        let buffer = json::as_object(value, &path)?;
        let byte_length = json::required_u64(buffer, "byteLength", &path)?;

        let data = match json::optional_str(buffer, "uri", &path)? {
            Some(uri) => {
                let uri_path = format!("{path}.uri");
                match resolve_uri(uri, &uri_path, UriUse::Buffer)? {
                    UriTarget::Data(bytes) => {
                        let actual = bytes.len() as u64;
                        if actual != byte_length {
                            return Err(ModelError::BufferLength {
                                path,
                                declared: byte_length,
                                actual,
                                source: BufferSource::DataUri,
                            });
                        }
                        BufferData::Decoded(bytes)
                    }
                    UriTarget::External => BufferData::External(resolve_external(uri, &uri_path)?),
                }
            }
            None => BufferData::Bin(bin_buffer(index, container, bin)?),
        };

        // The BIN chunk may be up to 3 bytes longer than byteLength because of padding, and a
        // longer one does no harm. A shorter one makes reads run past the data.
        if let BufferData::Bin(bytes) = &data
            && (bytes.len() as u64) < byte_length
        {
            return Err(ModelError::BufferLength {
                path,
                declared: byte_length,
                actual: bytes.len() as u64,
                source: BufferSource::BinChunk,
            });
        }
        buffers.push(BufferInfo { byte_length, data });
    }
    Ok(buffers)
}

/// Returns the BIN chunk for a buffer without `uri`. gltf 1.4.1 hands the BIN chunk to every
/// buffer without `uri`, but the specification allows that only for `buffers[0]` of a GLB.
fn bin_buffer(index: usize, container: Container, bin: Option<&[u8]>) -> Result<&[u8], ModelError> {
    let reason = match (container, index, bin) {
        (Container::Glb, 0, Some(bin)) => return Ok(bin),
        (Container::Glb, 0, None) => MissingBufferReason::NoBinChunk,
        (Container::Glb, _, _) => MissingBufferReason::NotFirstBuffer,
        (Container::Gltf, _, _) => MissingBufferReason::GltfNeedsUri,
    };
    Err(ModelError::MissingBufferData { index, reason })
}

pub(crate) fn check_buffer_views(
    document: &Document<'_>,
    buffers: &[BufferInfo<'_>],
) -> Result<Vec<ViewInfo>, ModelError> {
    let mut views = Vec::with_capacity(document.buffer_views.len());
    for (index, value) in document.buffer_views.iter().enumerate() {
        let path = format!("bufferViews[{index}]");
        let view = json::as_object(value, &path)?;
        let buffer = json::required_index(view, "buffer", &path, "buffers", buffers.len())?;
        let offset = json::optional_u64(view, "byteOffset", &path)?.unwrap_or(0);
        let length = json::required_u64(view, "byteLength", &path)?;

        let buffer_length = buffers[buffer].byte_length;
        let end = offset.saturating_add(length);
        if end > buffer_length {
            return Err(ModelError::BufferViewRange {
                path,
                buffer,
                end,
                buffer_length,
            });
        }

        let stride = json::optional_u64(view, "byteStride", &path)?;
        if let Some(stride) = stride
            && !((4..=252).contains(&stride) && stride.is_multiple_of(4))
        {
            return Err(ModelError::InvalidValue {
                path: format!("{path}.byteStride"),
                problem: ValueProblem::ByteStride { stride },
            });
        }
        views.push(ViewInfo {
            buffer,
            offset,
            length,
            stride,
        });
    }
    Ok(views)
}

pub(crate) fn check_accessors(
    document: &Document<'_>,
    views: &[ViewInfo],
) -> Result<Vec<AccessorInfo>, ModelError> {
    let mut accessors = Vec::with_capacity(document.accessors.len());
    for (index, value) in document.accessors.iter().enumerate() {
        accessors.push(check_accessor(
            value,
            &format!("accessors[{index}]"),
            views,
        )?);
    }
    Ok(accessors)
}

fn check_accessor(
    value: &Value,
    path: &str,
    views: &[ViewInfo],
) -> Result<AccessorInfo, ModelError> {
    let accessor = json::as_object(value, path)?;
    let view = json::optional_index(accessor, "bufferView", path, "bufferViews", views.len())?;
    let offset = json::optional_u64(accessor, "byteOffset", path)?.unwrap_or(0);

    let component_type = json::required_u64(accessor, "componentType", path)?;
    check_one_of(
        component_type,
        COMPONENT_TYPES,
        COMPONENT_TYPES_TEXT,
        || format!("{path}.componentType"),
    )?;

    let accessor_type = json::optional_str(accessor, "type", path)?
        .ok_or_else(|| json::missing(format!("{path}.type")))?;
    check_one_of(accessor_type, ACCESSOR_TYPES, ACCESSOR_TYPES_TEXT, || {
        format!("{path}.type")
    })?;

    // gltf 1.4.1 computes `count - 1` when reading, which underflows for 0.
    let count = json::required_u64(accessor, "count", path)?;
    if count == 0 {
        return Err(ModelError::InvalidValue {
            path: format!("{path}.count"),
            problem: ValueProblem::TooSmall { value: 0, min: 1 },
        });
    }

    let element = element_size(component_type, accessor_type);
    if let Some(view_index) = view {
        let view = &views[view_index];
        let stride = view.stride.unwrap_or(element);
        let end = range_end(offset, count - 1, stride, element);
        check_in_view(end, path, view_index, view)?;
    }

    let sparse = match json::optional_object(accessor, "sparse", path)? {
        Some(sparse) => Some(check_sparse(
            sparse,
            &format!("{path}.sparse"),
            count,
            element,
            views,
        )?),
        None => None,
    };

    if view.is_none() && sparse.is_none() {
        return Err(ModelError::InvalidValue {
            path: path.to_owned(),
            problem: ValueProblem::NoAccessorData,
        });
    }

    Ok(AccessorInfo {
        view,
        offset,
        component_type,
        accessor_type: accessor_type.to_owned(),
        count,
        sparse,
    })
}

fn check_sparse(
    sparse: &json::Object,
    path: &str,
    accessor_count: u64,
    element: u64,
    views: &[ViewInfo],
) -> Result<SparseInfo, ModelError> {
    let count = json::required_u64(sparse, "count", path)?;
    if count == 0 {
        return Err(ModelError::InvalidValue {
            path: format!("{path}.count"),
            problem: ValueProblem::TooSmall { value: 0, min: 1 },
        });
    }
    if count > accessor_count {
        return Err(ModelError::InvalidValue {
            path: format!("{path}.count"),
            problem: ValueProblem::SparseCountTooLarge {
                sparse_count: count,
                count: accessor_count,
            },
        });
    }

    // Sparse indices and values are tightly packed (glTF 2.0 specification, "Sparse
    // Accessors"), so their strides are their element sizes.
    let indices_path = format!("{path}.indices");
    let indices = json::optional_object(sparse, "indices", path)?
        .ok_or_else(|| json::missing(indices_path.clone()))?;
    let indices_view = json::required_index(
        indices,
        "bufferView",
        &indices_path,
        "bufferViews",
        views.len(),
    )?;
    let indices_offset = json::optional_u64(indices, "byteOffset", &indices_path)?.unwrap_or(0);
    let indices_component_type = json::required_u64(indices, "componentType", &indices_path)?;
    check_one_of(
        indices_component_type,
        UNSIGNED_INT_TYPES,
        UNSIGNED_INT_TYPES_TEXT,
        || format!("{indices_path}.componentType"),
    )?;
    let index_size = component_size(indices_component_type);
    let end = range_end(indices_offset, count - 1, index_size, index_size);
    check_in_view(end, &indices_path, indices_view, &views[indices_view])?;

    let values_path = format!("{path}.values");
    let values = json::optional_object(sparse, "values", path)?
        .ok_or_else(|| json::missing(values_path.clone()))?;
    let values_view = json::required_index(
        values,
        "bufferView",
        &values_path,
        "bufferViews",
        views.len(),
    )?;
    let values_offset = json::optional_u64(values, "byteOffset", &values_path)?.unwrap_or(0);
    let end = range_end(values_offset, count - 1, element, element);
    check_in_view(end, &values_path, values_view, &views[values_view])?;

    Ok(SparseInfo {
        count,
        indices_view,
        indices_offset,
        indices_component_type,
        values_view,
        values_offset,
    })
}

/// Returns `offset + last_index * stride + element`, the end of the last element, saturating
/// at `u64::MAX` so that absurd counts read as out of range.
fn range_end(offset: u64, last_index: u64, stride: u64, element: u64) -> u64 {
    let end =
        u128::from(offset) + u128::from(last_index) * u128::from(stride) + u128::from(element);
    u64::try_from(end).unwrap_or(u64::MAX)
}

fn check_in_view(
    end: u64,
    path: &str,
    view_index: usize,
    view: &ViewInfo,
) -> Result<(), ModelError> {
    if end > view.length {
        return Err(ModelError::AccessorRange {
            path: path.to_owned(),
            buffer_view: view_index,
            end,
            view_length: view.length,
        });
    }
    Ok(())
}

/// Reads the unsigned integer of `component_type` at `offset` of `data`, or `None` when the
/// bytes are not there.
pub(crate) fn read_unsigned(data: &[u8], offset: u64, component_type: u64) -> Option<u64> {
    let start = usize::try_from(offset).ok()?;
    let size = component_size(component_type) as usize;
    let bytes = data.get(start..start.checked_add(size)?)?;
    let value = match bytes {
        [a] => u64::from(*a),
        [a, b] => u64::from(u16::from_le_bytes([*a, *b])),
        [a, b, c, d] => u64::from(u32::from_le_bytes([*a, *b, *c, *d])),
        _ => return None,
    };
    Some(value)
}
