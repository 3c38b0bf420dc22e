//! The error type, with English (`Display`) and Chinese (`message_zh`) messages.
//!
//! Every message states what is wrong, where (a glTF JSON path such as `accessors[3]` or a byte
//! offset in the GLB), and what the exhibitor can do about it.

use std::fmt;

use crate::Container;

const REEXPORT_EN: &str = "Re-export the model from your 3D tool as glTF 2.0 (.glb).";
const REEXPORT_ZH: &str = "请在 3D 软件中将模型重新导出为 glTF 2.0（.glb）。";
const KEEP_IN_FOLDER_EN: &str =
    "Keep referenced files in the model's folder or below it, and export again.";
const KEEP_IN_FOLDER_ZH: &str = "请把引用的文件放在模型所在的文件夹或其子文件夹中，然后重新导出。";

/// A reason why a model file must not be handed to Bevy's glTF loader.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// The body has no bytes, or only whitespace.
    Empty,
    /// The body is some other kind of file, such as an HTML error page.
    NotGltf { kind: FileKind },
    /// The body ends early. `expected` is the GLB header's total length; it is `None` for a
    /// `.gltf` whose JSON ends in the middle of a value.
    Truncated { expected: Option<u64>, actual: u64 },
    /// A `.gltf` that starts with a UTF-8 byte order mark, which gltf 1.4.1 (through
    /// `serde_json`) rejects as invalid JSON.
    ByteOrderMark,
    /// The GLB header's version field is not 2.
    BadVersion { version: u32 },
    /// The GLB header's length field disagrees with the file size and does not indicate
    /// truncation (it is smaller than the file, for example 0).
    BadLength { declared: u32, actual: u64 },
    /// Fewer than 8 bytes remain where a GLB chunk header must start.
    ChunkHeader {
        chunk: usize,
        offset: u64,
        available: u64,
    },
    /// A GLB chunk's data runs past the end of the file.
    ChunkLength {
        chunk: usize,
        offset: u64,
        length: u32,
        available: u64,
    },
    /// A GLB chunk's length is not a multiple of 4.
    ChunkAlignment {
        chunk: usize,
        offset: u64,
        length: u32,
    },
    /// A GLB chunk has the wrong type: the first must be JSON, the second BIN.
    ChunkType {
        chunk: usize,
        offset: u64,
        expected: &'static str,
        found: [u8; 4],
    },
    /// The JSON does not parse. `detail` is `serde_json`'s message with line and column.
    InvalidJson { detail: String },
    /// The JSON is larger than [`crate::MAX_JSON_BYTES`].
    JsonTooLarge { bytes: u64, limit: u64 },
    /// A top-level array (or all mesh primitives together) exceeds [`crate::MAX_ITEMS`].
    TooManyItems {
        path: String,
        count: u64,
        limit: u64,
    },
    /// `asset.version` or `asset.minVersion` does not allow a glTF 2.0 loader.
    AssetVersion {
        version: String,
        min_version: Option<String>,
    },
    /// `extensionsRequired` names an extension that Bevy's loader rejects.
    UnsupportedExtension { path: String, name: String },
    /// A property is missing, has the wrong JSON type or an invalid value.
    InvalidValue { path: String, problem: ValueProblem },
    /// An index refers past the end of the array it points into.
    BadIndex {
        path: String,
        index: u64,
        target: &'static str,
        count: usize,
    },
    /// A buffer or image URI that must not be fetched or that Bevy's loader cannot decode.
    BadUri {
        path: String,
        uri: String,
        problem: UriProblem,
    },
    /// A `data:` URI that Bevy's loader cannot decode.
    BadDataUri {
        path: String,
        problem: DataUriProblem,
    },
    /// A buffer without `uri` that has no data to use.
    MissingBufferData {
        index: usize,
        reason: MissingBufferReason,
    },
    /// A buffer's data is shorter than its `byteLength`, or a data URI's decoded length differs.
    BufferLength {
        path: String,
        declared: u64,
        actual: u64,
        source: BufferSource,
    },
    /// A bufferView ends past the end of its buffer.
    BufferViewRange {
        path: String,
        buffer: usize,
        end: u64,
        buffer_length: u64,
    },
    /// An accessor (or image, or sparse part) needs bytes past the end of its bufferView.
    AccessorRange {
        path: String,
        buffer_view: usize,
        end: u64,
        view_length: u64,
    },
    /// A primitive's index refers to a vertex past the end of its POSITION accessor.
    IndexOutOfRange {
        path: String,
        accessor: usize,
        position: u64,
        value: u64,
        vertex_count: u64,
    },
    /// An attribute of a primitive has a different element count than its POSITION.
    AttributeCount {
        path: String,
        count: u64,
        position_count: u64,
    },
    /// A mesh primitive without a POSITION attribute.
    MissingPosition { path: String },
    /// Nodes whose `children` form a loop, each listed once, from parent to child.
    NodeCycle { nodes: Vec<usize> },
    /// A node listed in the `children` of two nodes, or twice in one `children` array.
    MultipleParents {
        node: usize,
        first_parent: usize,
        second_parent: usize,
    },
    /// A node nested deeper than [`crate::MAX_NODE_DEPTH`]; a root node has depth 1.
    TooDeep { node: usize, depth: u64, limit: u64 },
    /// `check_external_buffers` got no fetched size for an external buffer's URI.
    MissingExternal { path: String, uri: String },
    /// An image that is not PNG. The app builds Bevy with the PNG decoder only, so Bevy's
    /// loader would fail on it. `path` is the image, such as `images[2]`.
    UnsupportedImage { path: String, format: ImageFormat },
}

/// The format of an image that is not PNG, as its `mimeType`, data URI media type or file
/// extension names it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageFormat {
    Jpeg,
    WebP,
    Ktx2,
    /// Basis Universal (`.basis`).
    Basis,
    /// Another media type, from `mimeType` or a data URI, as written.
    MimeType(String),
    /// Another file extension, without the dot, as written.
    Extension(String),
    /// A file name without an extension.
    NoExtension,
}

/// The kind of a body that is not glTF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    Html,
    Png,
    Jpeg,
    /// A JSON document without the `asset` object that every glTF has.
    JsonWithoutAsset,
    /// Anything else, with the first bytes of the body (zero-padded when shorter).
    Other {
        first_bytes: [u8; 4],
    },
}

/// The JSON type a property must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    Object,
    Array,
    String,
    NonNegativeInteger,
    /// An array of exactly three numbers, as in `min` and `max` of a POSITION accessor.
    ThreeNumbers,
}

/// The problem with the value at the path of [`ModelError::InvalidValue`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueProblem {
    Missing,
    WrongType {
        expected: JsonType,
    },
    /// The value is not in a fixed set; `allowed` lists the set as JSON literals.
    NotOneOf {
        found: String,
        allowed: &'static str,
    },
    TooSmall {
        value: u64,
        min: u64,
    },
    ByteStride {
        stride: u64,
    },
    /// A primitive's `indices` accessor that is not an unsigned integer SCALAR.
    IndexAccessorType {
        component_type: u64,
        accessor_type: String,
    },
    SparseCountTooLarge {
        sparse_count: u64,
        count: u64,
    },
    /// An accessor with neither `bufferView` nor `sparse`.
    NoAccessorData,
    ImageWithoutSource,
    ImageWithBothSources,
}

/// The reason a URI is rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UriProblem {
    /// An absolute URI with a scheme other than http, https or data.
    Scheme { scheme: String },
    /// An empty URI, which would resolve to the model's own folder.
    Empty,
    /// The percent-decoded URI is not UTF-8. bevy_gltf 0.20.1 unwraps this decoding and would
    /// panic.
    NotUtf8,
    /// The resolved path ends without a file name: it is empty or ends in `/`, `.` or `..`.
    NoFileName,
    /// The resolved path climbs above the model's folder with `..`, or starts at the asset
    /// source root with `/`.
    OutsideModelFolder,
    /// The percent-decoded URI contains text that Bevy 0.20.1's `AssetPath` parses as syntax:
    /// `://` ends an asset source name and `#` starts a label.
    AssetPathSyntax { separator: &'static str },
}

/// The reason a `data:` URI is rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DataUriProblem {
    /// There is no `,` between the media type and the data.
    NoComma,
    /// A buffer data URI whose media type is not `application/octet-stream` or
    /// `application/gltf-buffer`.
    BufferMimeType { mime_type: String },
    /// The data is not standard padded base64; `detail` is the decoder's message.
    Base64 { detail: String },
}

/// The reason a buffer without `uri` has no data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingBufferReason {
    /// `buffers[0]` of a GLB without a BIN chunk.
    NoBinChunk,
    /// A GLB buffer other than `buffers[0]`; only the first buffer may use the BIN chunk.
    NotFirstBuffer,
    /// A `.gltf` buffer, which has no BIN chunk to use.
    GltfNeedsUri,
}

/// The source of a buffer's bytes, for [`ModelError::BufferLength`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BufferSource {
    BinChunk,
    DataUri,
    External { uri: String },
}

impl ModelError {
    /// Returns a stable short code for logs, metrics and tests, such as `"not-gltf"`.
    pub fn code(&self) -> &'static str {
        match self {
            ModelError::Empty => "empty",
            ModelError::NotGltf { .. } => "not-gltf",
            ModelError::Truncated { .. } => "truncated",
            ModelError::ByteOrderMark => "byte-order-mark",
            ModelError::BadVersion { .. } => "bad-version",
            ModelError::BadLength { .. } => "bad-length",
            ModelError::ChunkHeader { .. } => "chunk-header",
            ModelError::ChunkLength { .. } => "chunk-length",
            ModelError::ChunkAlignment { .. } => "chunk-alignment",
            ModelError::ChunkType { .. } => "chunk-type",
            ModelError::InvalidJson { .. } => "invalid-json",
            ModelError::JsonTooLarge { .. } => "json-too-large",
            ModelError::TooManyItems { .. } => "too-many-items",
            ModelError::AssetVersion { .. } => "asset-version",
            ModelError::UnsupportedExtension { .. } => "unsupported-extension",
            ModelError::InvalidValue { .. } => "invalid-value",
            ModelError::BadIndex { .. } => "bad-index",
            ModelError::BadUri { .. } => "bad-uri",
            ModelError::BadDataUri { .. } => "bad-data-uri",
            ModelError::MissingBufferData { .. } => "missing-buffer-data",
            ModelError::BufferLength { .. } => "buffer-length",
            ModelError::BufferViewRange { .. } => "buffer-view-range",
            ModelError::AccessorRange { .. } => "accessor-range",
            ModelError::IndexOutOfRange { .. } => "index-out-of-range",
            ModelError::AttributeCount { .. } => "attribute-count",
            ModelError::MissingPosition { .. } => "missing-position",
            ModelError::NodeCycle { .. } => "node-cycle",
            ModelError::MultipleParents { .. } => "multiple-parents",
            ModelError::TooDeep { .. } => "too-deep",
            ModelError::MissingExternal { .. } => "missing-external",
            ModelError::UnsupportedImage { .. } => "unsupported-image",
        }
    }

    /// Formats the message in Chinese, with the same facts as the English `Display` output.
    pub fn message_zh(&self) -> String {
        match self {
            ModelError::Empty => "模型文件为空。请检查模型 URL，并重新上传文件。".to_owned(),
            ModelError::NotGltf { kind } => not_gltf_zh(kind),
            ModelError::Truncated { expected: Some(expected), actual } => format!(
                "模型文件不完整：GLB 文件头声明 {expected} 字节，但只收到 {actual} 字节。\
                 请重新上传文件，或检查服务器。"
            ),
            ModelError::Truncated { expected: None, actual } => format!(
                "模型文件不完整：JSON 在第 {actual} 字节处中断。请重新上传文件，或检查服务器。"
            ),
            ModelError::ByteOrderMark => "该 .gltf 文件以 UTF-8 字节顺序标记（BOM）开头，\
                 Bevy 的 glTF 加载器会将其视为无效 JSON。请以不带 BOM 的 UTF-8 保存，或导出为 .glb。"
                .to_owned(),
            ModelError::BadVersion { version } => format!(
                "GLB 文件头的版本号为 {version}，只支持版本 2（glTF 2.0）。{REEXPORT_ZH}"
            ),
            ModelError::BadLength { declared, actual } => format!(
                "GLB 文件头声明总长度为 {declared} 字节，但文件实际有 {actual} 字节。{REEXPORT_ZH}"
            ),
            ModelError::ChunkHeader { chunk, offset, available } => format!(
                "GLB 第 {chunk} 个数据块的块头应从第 {offset} 字节开始，需要 8 字节，\
                 但只剩 {available} 字节。{REEXPORT_ZH}"
            ),
            ModelError::ChunkLength { chunk, offset, length, available } => format!(
                "GLB 第 {chunk} 个数据块（位于第 {offset} 字节）声明有 {length} 字节数据，\
                 但块头之后只剩 {available} 字节。{REEXPORT_ZH}"
            ),
            ModelError::ChunkAlignment { chunk, offset, length } => format!(
                "GLB 第 {chunk} 个数据块（位于第 {offset} 字节）的长度为 {length}，\
                 不是 GLB 要求的 4 的倍数。{REEXPORT_ZH}"
            ),
            ModelError::ChunkType { chunk, offset, expected, found } => format!(
                "GLB 第 {chunk} 个数据块（位于第 {offset} 字节）的类型为 {}，应为 {expected}。{REEXPORT_ZH}",
                chunk_type_text(found)
            ),
            ModelError::InvalidJson { detail } => {
                format!("glTF 的 JSON 无效：{detail}。{REEXPORT_ZH}")
            }
            ModelError::JsonTooLarge { bytes, limit } => format!(
                "glTF 的 JSON 有 {bytes} 字节，超过上限 {limit} 字节。\
                 请简化模型，或导出为 .glb 以便把数据存入二进制缓冲区。"
            ),
            ModelError::TooManyItems { path, count, limit } => format!(
                "{path} 有 {count} 项，超过上限 {limit}。请简化模型（合并网格、减少节点）。"
            ),
            ModelError::AssetVersion { version, min_version } => {
                let min = match min_version {
                    Some(min) => format!("，asset.minVersion 为 \"{min}\""),
                    None => String::new(),
                };
                format!(
                    "asset.version 为 \"{version}\"{min}，只支持 glTF 2.0。{REEXPORT_ZH}"
                )
            }
            ModelError::UnsupportedExtension { path, name } => format!(
                "{path}：模型要求扩展 {name}，但 Bevy 的 glTF 加载器不支持它。{}",
                extension_hint_zh(name)
            ),
            ModelError::InvalidValue { path, problem } => {
                format!("{path} {}。{REEXPORT_ZH}", value_problem_zh(problem))
            }
            ModelError::BadIndex { path, index, target, count } => format!(
                "{path} 引用了 {target}[{index}]，但文件中的 {target} 共有 {count} 项。{REEXPORT_ZH}"
            ),
            ModelError::BadUri { path, uri, problem } => match problem {
                UriProblem::Scheme { scheme } => format!(
                    "{path}：URI \"{uri}\" 使用了 \"{scheme}:\" 协议，只允许相对路径、http(s) 和 data: URI。\
                     请使用相对文件名重新导出，或导出为单个 .glb。"
                ),
                UriProblem::Empty => format!(
                    "{path}：URI 为空。{REEXPORT_ZH}"
                ),
                UriProblem::NotUtf8 => format!(
                    "{path}：URI \"{uri}\" 的百分号编码解码后不是有效的 UTF-8。\
                     请使用只含 ASCII 字符的文件名重新导出，或导出为单个 .glb。"
                ),
                UriProblem::NoFileName => format!(
                    "{path}：URI \"{uri}\" 解析后不是文件名（为空或以 \"/\"、\".\"、\"..\" 结尾）。\
                     {KEEP_IN_FOLDER_ZH}"
                ),
                UriProblem::OutsideModelFolder => format!(
                    "{path}：URI \"{uri}\" 指向模型所在文件夹之外（以 \"/\" 开头，或 \"..\" 超出了该文件夹）。\
                     {KEEP_IN_FOLDER_ZH}"
                ),
                UriProblem::AssetPathSyntax { separator } => format!(
                    "{path}：URI \"{uri}\" 含有 \"{separator}\"，Bevy 的资源路径会把它当作语法而不是文件名的一部分。\
                     请将文件改名为不含 \"{separator}\" 的名称后重新导出。"
                ),
            },
            ModelError::BadDataUri { path, problem } => {
                let description = match problem {
                    DataUriProblem::NoComma => "data URI 缺少分隔类型与数据的 \",\"".to_owned(),
                    DataUriProblem::BufferMimeType { mime_type } => format!(
                        "缓冲区 data URI 的 MIME 类型为 \"{mime_type}\"，\
                         应为 application/octet-stream 或 application/gltf-buffer"
                    ),
                    DataUriProblem::Base64 { detail } => {
                        format!("data URI 不是有效的 base64（{detail}）")
                    }
                };
                format!("{path}：{description}。{REEXPORT_ZH}")
            }
            ModelError::MissingBufferData { index, reason } => {
                let description = match reason {
                    MissingBufferReason::NoBinChunk => "没有 uri，而 GLB 中也没有 BIN 数据块",
                    MissingBufferReason::NotFirstBuffer => {
                        "没有 uri；GLB 中只有 buffers[0] 可以使用 BIN 数据块"
                    }
                    MissingBufferReason::GltfNeedsUri => "没有 uri；.gltf 文件中的每个缓冲区都需要 uri",
                };
                format!("buffers[{index}] {description}。{REEXPORT_ZH}")
            }
            ModelError::BufferLength { path, declared, actual, source } => match source {
                BufferSource::BinChunk => format!(
                    "{path}.byteLength 为 {declared}，但 GLB 的 BIN 数据块只有 {actual} 字节。{REEXPORT_ZH}"
                ),
                BufferSource::DataUri => format!(
                    "{path}.byteLength 为 {declared}，但其 data URI 解码后为 {actual} 字节。{REEXPORT_ZH}"
                ),
                BufferSource::External { uri } => format!(
                    "{path}.byteLength 为 {declared}，但获取到的 \"{uri}\" 只有 {actual} 字节。\
                     请上传与模型一同导出的 .bin 文件，或导出为单个 .glb。"
                ),
            },
            ModelError::BufferViewRange { path, buffer, end, buffer_length } => format!(
                "{path} 结束于第 {end} 字节（byteOffset + byteLength），\
                 超出了 buffers[{buffer}] 的长度（{buffer_length} 字节）。{REEXPORT_ZH}"
            ),
            ModelError::AccessorRange { path, buffer_view, end, view_length } => format!(
                "{path} 需要读取 bufferViews[{buffer_view}] 的前 {end} 字节，\
                 但该 bufferView 只有 {view_length} 字节。{REEXPORT_ZH}"
            ),
            ModelError::IndexOutOfRange { path, accessor, position, value, vertex_count } => {
                format!(
                    "{path}：accessors[{accessor}] 中第 {position} 个索引的值为 {value}，\
                     但该图元只有 {vertex_count} 个顶点。{REEXPORT_ZH}"
                )
            }
            ModelError::AttributeCount { path, count, position_count } => format!(
                "{path} 有 {count} 个元素，但 POSITION 有 {position_count} 个；\
                 同一图元的所有属性必须数量相同。{REEXPORT_ZH}"
            ),
            ModelError::MissingPosition { path } => format!(
                "{path} 没有 POSITION 属性，Bevy 无法在没有顶点位置的情况下绘制它。{REEXPORT_ZH}"
            ),
            ModelError::NodeCycle { nodes } => {
                format!("节点构成了循环：{}。{REEXPORT_ZH}", node_chain(nodes))
            }
            ModelError::MultipleParents { node, first_parent, second_parent }
                if first_parent == second_parent =>
            {
                format!("nodes[{node}] 在 nodes[{first_parent}].children 中出现了两次。{REEXPORT_ZH}")
            }
            ModelError::MultipleParents { node, first_parent, second_parent } => format!(
                "nodes[{node}] 同时是 nodes[{first_parent}] 和 nodes[{second_parent}] 的子节点，\
                 而 glTF 节点只能有一个父节点。{REEXPORT_ZH}"
            ),
            ModelError::TooDeep { node, depth, limit } => format!(
                "nodes[{node}] 的嵌套深度为 {depth} 层，超过上限 {limit} 层。\
                 请在 3D 软件中简化节点层级（应用变换、删除多余的空父节点）后重新导出。"
            ),
            ModelError::MissingExternal { path, uri } => format!(
                "{path} 引用的外部文件 \"{uri}\" 未被获取。\
                 请把它上传到模型旁边，或导出为单个 .glb。"
            ),
            ModelError::UnsupportedImage { path, format } => format!(
                "{path} 是 {}，本展厅只能解码 PNG 纹理。请将纹理转换为 PNG 后重新导出。",
                image_format_zh(format)
            ),
        }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Empty => {
                write!(
                    f,
                    "The model file is empty. Check the model URL and upload the file again."
                )
            }
            ModelError::NotGltf { kind } => write_not_gltf(f, kind),
            ModelError::Truncated {
                expected: Some(expected),
                actual,
            } => write!(
                f,
                "The model file is truncated: the GLB header declares {expected} bytes, \
                 but only {actual} arrived. Upload the file again or check the server."
            ),
            ModelError::Truncated {
                expected: None,
                actual,
            } => write!(
                f,
                "The model file is truncated: its JSON ends in the middle of a value after \
                 {actual} bytes. Upload the file again or check the server."
            ),
            ModelError::ByteOrderMark => write!(
                f,
                "The .gltf file starts with a UTF-8 byte order mark, which Bevy's glTF loader \
                 rejects as invalid JSON. Save it as UTF-8 without BOM, or export as .glb."
            ),
            ModelError::BadVersion { version } => write!(
                f,
                "The GLB header has version {version}, but only version 2 (glTF 2.0) is \
                 supported. {REEXPORT_EN}"
            ),
            ModelError::BadLength { declared, actual } => write!(
                f,
                "The GLB header declares a total length of {declared} bytes, but the file has \
                 {actual} bytes. {REEXPORT_EN}"
            ),
            ModelError::ChunkHeader {
                chunk,
                offset,
                available,
            } => write!(
                f,
                "GLB chunk {chunk} needs an 8-byte header at byte {offset}, but only {available} \
                 bytes remain. {REEXPORT_EN}"
            ),
            ModelError::ChunkLength {
                chunk,
                offset,
                length,
                available,
            } => write!(
                f,
                "GLB chunk {chunk} (at byte {offset}) declares {length} bytes of data, but only \
                 {available} bytes follow its header. {REEXPORT_EN}"
            ),
            ModelError::ChunkAlignment {
                chunk,
                offset,
                length,
            } => write!(
                f,
                "GLB chunk {chunk} (at byte {offset}) has length {length}, which is not a \
                 multiple of 4 as GLB requires. {REEXPORT_EN}"
            ),
            ModelError::ChunkType {
                chunk,
                offset,
                expected,
                found,
            } => write!(
                f,
                "GLB chunk {chunk} (at byte {offset}) has type {}, but {expected} is expected. \
                 {REEXPORT_EN}",
                chunk_type_text(found)
            ),
            ModelError::InvalidJson { detail } => {
                write!(f, "The glTF JSON is invalid: {detail}. {REEXPORT_EN}")
            }
            ModelError::JsonTooLarge { bytes, limit } => write!(
                f,
                "The glTF JSON has {bytes} bytes, more than the limit of {limit}. Simplify the \
                 model, or export as .glb so that its data goes into a binary buffer."
            ),
            ModelError::TooManyItems { path, count, limit } => write!(
                f,
                "{path} has {count} entries, more than the limit of {limit}. Simplify the model \
                 (merge meshes, remove nodes)."
            ),
            ModelError::AssetVersion {
                version,
                min_version,
            } => {
                write!(f, "asset.version is \"{version}\"")?;
                if let Some(min) = min_version {
                    write!(f, " with asset.minVersion \"{min}\"")?;
                }
                write!(f, ", but only glTF 2.0 is supported. {REEXPORT_EN}")
            }
            ModelError::UnsupportedExtension { path, name } => write!(
                f,
                "{path}: the model requires extension {name}, which Bevy's glTF loader does not \
                 support. {}",
                extension_hint_en(name)
            ),
            ModelError::InvalidValue { path, problem } => {
                write!(f, "{path} ")?;
                write_value_problem(f, problem)?;
                write!(f, ". {REEXPORT_EN}")
            }
            ModelError::BadIndex {
                path,
                index,
                target,
                count,
            } => write!(
                f,
                "{path} refers to {target}[{index}], but the file has {count} {target}. \
                 {REEXPORT_EN}"
            ),
            ModelError::BadUri {
                path,
                uri,
                problem: UriProblem::Scheme { scheme },
            } => write!(
                f,
                "{path}: URI \"{uri}\" uses the scheme \"{scheme}:\", but only relative URIs, \
                 http(s) and data: URIs are allowed. Re-export with relative file names, or as a \
                 single .glb."
            ),
            ModelError::BadUri {
                path,
                problem: UriProblem::Empty,
                ..
            } => {
                write!(f, "{path}: the URI is empty. {REEXPORT_EN}")
            }
            ModelError::BadUri {
                path,
                uri,
                problem: UriProblem::NotUtf8,
            } => write!(
                f,
                "{path}: URI \"{uri}\" does not percent-decode to valid UTF-8. Re-export with \
                 ASCII file names, or as a single .glb."
            ),
            ModelError::BadUri {
                path,
                uri,
                problem: UriProblem::NoFileName,
            } => write!(
                f,
                "{path}: URI \"{uri}\" does not resolve to a file name, because it is empty or \
                 ends in \"/\", \".\" or \"..\". {KEEP_IN_FOLDER_EN}"
            ),
            ModelError::BadUri {
                path,
                uri,
                problem: UriProblem::OutsideModelFolder,
            } => write!(
                f,
                "{path}: URI \"{uri}\" points outside the model's folder, because it starts with \
                 \"/\" or its \"..\" segments climb above that folder. {KEEP_IN_FOLDER_EN}"
            ),
            ModelError::BadUri {
                path,
                uri,
                problem: UriProblem::AssetPathSyntax { separator },
            } => write!(
                f,
                "{path}: URI \"{uri}\" contains \"{separator}\", which Bevy's asset paths read as \
                 syntax, not as part of a file name. Rename the file without \"{separator}\" and \
                 export again."
            ),
            ModelError::BadDataUri { path, problem } => {
                write!(f, "{path}: ")?;
                match problem {
                    DataUriProblem::NoComma => {
                        write!(f, "the data URI has no \",\" between media type and data")?
                    }
                    DataUriProblem::BufferMimeType { mime_type } => write!(
                        f,
                        "the buffer data URI has media type \"{mime_type}\", but \
                         application/octet-stream or application/gltf-buffer is required"
                    )?,
                    DataUriProblem::Base64 { detail } => {
                        write!(f, "the data URI is not valid base64 ({detail})")?
                    }
                }
                write!(f, ". {REEXPORT_EN}")
            }
            ModelError::MissingBufferData { index, reason } => {
                let description = match reason {
                    MissingBufferReason::NoBinChunk => "has no uri, and the GLB has no BIN chunk",
                    MissingBufferReason::NotFirstBuffer => {
                        "has no uri, but in a GLB only buffers[0] may use the BIN chunk"
                    }
                    MissingBufferReason::GltfNeedsUri => {
                        "has no uri, but every buffer of a .gltf file needs one"
                    }
                };
                write!(f, "buffers[{index}] {description}. {REEXPORT_EN}")
            }
            ModelError::BufferLength {
                path,
                declared,
                actual,
                source,
            } => match source {
                BufferSource::BinChunk => write!(
                    f,
                    "{path}.byteLength is {declared}, but the GLB BIN chunk has only {actual} \
                     bytes. {REEXPORT_EN}"
                ),
                BufferSource::DataUri => write!(
                    f,
                    "{path}.byteLength is {declared}, but its data URI decodes to {actual} \
                     bytes. {REEXPORT_EN}"
                ),
                BufferSource::External { uri } => write!(
                    f,
                    "{path}.byteLength is {declared}, but the fetched \"{uri}\" has only {actual} \
                     bytes. Upload the .bin file that was exported with the model, or export a \
                     single .glb."
                ),
            },
            ModelError::BufferViewRange {
                path,
                buffer,
                end,
                buffer_length,
            } => write!(
                f,
                "{path} ends at byte {end} (byteOffset + byteLength), past the end of \
                 buffers[{buffer}] ({buffer_length} bytes). {REEXPORT_EN}"
            ),
            ModelError::AccessorRange {
                path,
                buffer_view,
                end,
                view_length,
            } => write!(
                f,
                "{path} needs the first {end} bytes of bufferViews[{buffer_view}], which has only \
                 {view_length} bytes. {REEXPORT_EN}"
            ),
            ModelError::IndexOutOfRange {
                path,
                accessor,
                position,
                value,
                vertex_count,
            } => {
                write!(
                    f,
                    "{path}: index {position} in accessors[{accessor}] is {value}, but the \
                     primitive has only {vertex_count} vertices. {REEXPORT_EN}"
                )
            }
            ModelError::AttributeCount {
                path,
                count,
                position_count,
            } => write!(
                f,
                "{path} has {count} elements, but POSITION has {position_count}; all attributes \
                 of a primitive need the same count. {REEXPORT_EN}"
            ),
            ModelError::MissingPosition { path } => write!(
                f,
                "{path} has no POSITION attribute, so Bevy cannot draw it. {REEXPORT_EN}"
            ),
            ModelError::NodeCycle { nodes } => {
                write!(
                    f,
                    "Nodes form a cycle: {}. {REEXPORT_EN}",
                    node_chain(nodes)
                )
            }
            ModelError::MultipleParents {
                node,
                first_parent,
                second_parent,
            } if first_parent == second_parent => {
                write!(
                    f,
                    "nodes[{node}] is listed twice in nodes[{first_parent}].children. {REEXPORT_EN}"
                )
            }
            ModelError::MultipleParents {
                node,
                first_parent,
                second_parent,
            } => write!(
                f,
                "nodes[{node}] is a child of both nodes[{first_parent}] and \
                 nodes[{second_parent}], but a glTF node can have only one parent. {REEXPORT_EN}"
            ),
            ModelError::TooDeep { node, depth, limit } => write!(
                f,
                "nodes[{node}] is nested {depth} levels deep, more than the limit of {limit}. \
                 Flatten the node hierarchy in your 3D tool (apply transforms, remove empty \
                 parents) and re-export."
            ),
            ModelError::MissingExternal { path, uri } => write!(
                f,
                "{path} refers to the external file \"{uri}\", which was not fetched. Upload it \
                 next to the model, or export a single .glb."
            ),
            ModelError::UnsupportedImage { path, format } => write!(
                f,
                "{path} is {}; this hall decodes PNG textures only. Convert the textures to PNG \
                 and export again.",
                image_format_en(format)
            ),
        }
    }
}

impl std::error::Error for ModelError {}

impl fmt::Display for Container {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Container::Glb => write!(f, "GLB"),
            Container::Gltf => write!(f, "glTF JSON"),
        }
    }
}

fn write_not_gltf(f: &mut fmt::Formatter<'_>, kind: &FileKind) -> fmt::Result {
    match kind {
        FileKind::Html => write!(
            f,
            "The model URL returned an HTML page, not a glTF model (often a 404 or login page). \
             Check the model URL."
        ),
        FileKind::Png => write!(
            f,
            "The model URL returned a PNG image, not a glTF model. Point it at the .glb or \
             .gltf file."
        ),
        FileKind::Jpeg => write!(
            f,
            "The model URL returned a JPEG image, not a glTF model. Point it at the .glb or \
             .gltf file."
        ),
        FileKind::JsonWithoutAsset => write!(
            f,
            "The file is JSON but not glTF, because it has no \"asset\" object. Point the model \
             URL at the .glb or .gltf file."
        ),
        FileKind::Other { first_bytes } => write!(
            f,
            "The file is not glTF: it starts with bytes {}, but a .glb starts with \"glTF\" and \
             a .gltf with \"{{\". {REEXPORT_EN}",
            hex(first_bytes)
        ),
    }
}

fn not_gltf_zh(kind: &FileKind) -> String {
    match kind {
        FileKind::Html => "模型 URL 返回的是 HTML 网页而不是 glTF 模型（通常是 404 或登录页面）。\
             请检查模型 URL。"
            .to_owned(),
        FileKind::Png => {
            "模型 URL 返回的是 PNG 图片而不是 glTF 模型。请让它指向 .glb 或 .gltf 文件。".to_owned()
        }
        FileKind::Jpeg => {
            "模型 URL 返回的是 JPEG 图片而不是 glTF 模型。请让它指向 .glb 或 .gltf 文件。"
                .to_owned()
        }
        FileKind::JsonWithoutAsset => "该文件是 JSON 但不是 glTF：缺少 \"asset\" 对象。\
             请让模型 URL 指向 .glb 或 .gltf 文件。"
            .to_owned(),
        FileKind::Other { first_bytes } => format!(
            "该文件不是 glTF：开头字节为 {}，而 .glb 应以 \"glTF\" 开头，.gltf 应以 \"{{\" 开头。{REEXPORT_ZH}",
            hex(first_bytes)
        ),
    }
}

/// Describes an image format for "{path} is {description}".
fn image_format_en(format: &ImageFormat) -> String {
    match format {
        ImageFormat::Jpeg => "a JPEG image".to_owned(),
        ImageFormat::WebP => "a WebP image".to_owned(),
        ImageFormat::Ktx2 => "a KTX2 image".to_owned(),
        ImageFormat::Basis => "a Basis Universal image".to_owned(),
        ImageFormat::MimeType(mime_type) => format!("an image of type \"{mime_type}\""),
        ImageFormat::Extension(extension) => format!("a \".{extension}\" file"),
        ImageFormat::NoExtension => "a file without the \".png\" extension".to_owned(),
    }
}

fn image_format_zh(format: &ImageFormat) -> String {
    match format {
        ImageFormat::Jpeg => "JPEG 图像".to_owned(),
        ImageFormat::WebP => "WebP 图像".to_owned(),
        ImageFormat::Ktx2 => "KTX2 图像".to_owned(),
        ImageFormat::Basis => "Basis Universal 图像".to_owned(),
        ImageFormat::MimeType(mime_type) => format!("类型为 \"{mime_type}\" 的图像"),
        ImageFormat::Extension(extension) => format!("\".{extension}\" 文件"),
        ImageFormat::NoExtension => "没有 \".png\" 扩展名的文件".to_owned(),
    }
}

fn write_value_problem(f: &mut fmt::Formatter<'_>, problem: &ValueProblem) -> fmt::Result {
    match problem {
        ValueProblem::Missing => write!(f, "is missing"),
        ValueProblem::WrongType { expected } => {
            let expected = match expected {
                JsonType::Object => "a JSON object",
                JsonType::Array => "a JSON array",
                JsonType::String => "a string",
                JsonType::NonNegativeInteger => "a non-negative integer",
                JsonType::ThreeNumbers => "an array of three numbers",
            };
            write!(f, "must be {expected}")
        }
        ValueProblem::NotOneOf { found, allowed } => {
            write!(f, "is {found}, but the allowed values are {allowed}")
        }
        ValueProblem::TooSmall { value, min } => write!(f, "is {value}, but the minimum is {min}"),
        ValueProblem::ByteStride { stride } => write!(
            f,
            "is {stride}, but byteStride must be a multiple of 4 from 4 to 252"
        ),
        ValueProblem::IndexAccessorType {
            component_type,
            accessor_type,
        } => write!(
            f,
            "has componentType {component_type} and type {accessor_type}, but indices must be \
             SCALAR with componentType 5121, 5123 or 5125 (unsigned byte, short or int)"
        ),
        ValueProblem::SparseCountTooLarge {
            sparse_count,
            count,
        } => {
            write!(
                f,
                "is {sparse_count}, more than the accessor's count of {count}"
            )
        }
        ValueProblem::NoAccessorData => write!(f, "has neither bufferView nor sparse"),
        ValueProblem::ImageWithoutSource => write!(f, "has neither uri nor bufferView"),
        ValueProblem::ImageWithBothSources => {
            write!(f, "has both uri and bufferView, but only one is allowed")
        }
    }
}

fn value_problem_zh(problem: &ValueProblem) -> String {
    match problem {
        ValueProblem::Missing => "缺失".to_owned(),
        ValueProblem::WrongType { expected } => {
            let expected = match expected {
                JsonType::Object => "JSON 对象",
                JsonType::Array => "JSON 数组",
                JsonType::String => "字符串",
                JsonType::NonNegativeInteger => "非负整数",
                JsonType::ThreeNumbers => "由三个数字组成的数组",
            };
            format!("必须是{expected}")
        }
        ValueProblem::NotOneOf { found, allowed } => {
            format!("的值为 {found}，允许的值为 {allowed}")
        }
        ValueProblem::TooSmall { value, min } => format!("的值为 {value}，最小值为 {min}"),
        ValueProblem::ByteStride { stride } => {
            format!("的值为 {stride}，byteStride 必须是 4 到 252 之间 4 的倍数")
        }
        ValueProblem::IndexAccessorType {
            component_type,
            accessor_type,
        } => format!(
            "的 componentType 为 {component_type}、type 为 {accessor_type}，\
             但索引必须是 componentType 为 5121、5123 或 5125（无符号 byte、short 或 int）的 SCALAR"
        ),
        ValueProblem::SparseCountTooLarge {
            sparse_count,
            count,
        } => {
            format!("的值为 {sparse_count}，超过了该 accessor 的 count（{count}）")
        }
        ValueProblem::NoAccessorData => "既没有 bufferView 也没有 sparse".to_owned(),
        ValueProblem::ImageWithoutSource => "既没有 uri 也没有 bufferView".to_owned(),
        ValueProblem::ImageWithBothSources => "同时有 uri 和 bufferView，只允许其中一个".to_owned(),
    }
}

fn extension_hint_en(name: &str) -> String {
    match name {
        "KHR_draco_mesh_compression" => {
            "Re-export the model with Draco mesh compression turned off.".to_owned()
        }
        "EXT_meshopt_compression" | "KHR_meshopt_compression" => {
            "Re-export the model with meshopt compression turned off.".to_owned()
        }
        "KHR_texture_basisu" | "EXT_texture_webp" | "EXT_texture_avif" | "MSFT_texture_dds" => {
            "Re-export the model with PNG or JPEG textures.".to_owned()
        }
        _ => format!("Re-export the model without {name}."),
    }
}

fn extension_hint_zh(name: &str) -> String {
    match name {
        "KHR_draco_mesh_compression" => "请关闭 Draco 网格压缩后重新导出模型。".to_owned(),
        "EXT_meshopt_compression" | "KHR_meshopt_compression" => {
            "请关闭 meshopt 压缩后重新导出模型。".to_owned()
        }
        "KHR_texture_basisu" | "EXT_texture_webp" | "EXT_texture_avif" | "MSFT_texture_dds" => {
            "请改用 PNG 或 JPEG 贴图后重新导出模型。".to_owned()
        }
        _ => format!("请在不使用 {name} 的情况下重新导出模型。"),
    }
}

/// Formats a chunk type as its ASCII name when printable (`"JSON"`, `"BIN\0"`), else as hex.
fn chunk_type_text(found: &[u8; 4]) -> String {
    let printable = found
        .iter()
        .all(|&byte| byte == 0 || byte.is_ascii_graphic());
    if printable {
        let text: String = found
            .iter()
            .map(|&byte| {
                if byte == 0 {
                    "\\0".to_owned()
                } else {
                    char::from(byte).to_string()
                }
            })
            .collect();
        format!("\"{text}\"")
    } else {
        hex(found)
    }
}

fn hex(bytes: &[u8]) -> String {
    let parts: Vec<String> = bytes.iter().map(|byte| format!("{byte:02X}")).collect();
    parts.join(" ")
}

/// Formats a cycle as `nodes[1] -> nodes[2] -> nodes[1]`, showing at most 8 of its nodes.
fn node_chain(nodes: &[usize]) -> String {
    const SHOWN: usize = 8;
    let mut parts: Vec<String> = nodes
        .iter()
        .take(SHOWN)
        .map(|node| format!("nodes[{node}]"))
        .collect();
    if nodes.len() > SHOWN {
        parts.push(format!("... ({} nodes in all)", nodes.len()));
    }
    if let Some(first) = nodes.first() {
        parts.push(format!("nodes[{first}]"));
    }
    parts.join(" -> ")
}
