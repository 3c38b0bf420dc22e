//! Checks a glTF 2.0 model's bytes before Bevy's glTF loader parses them.
//!
//! Bevy 0.20.1's glTF loader (bevy_gltf 0.20.1 on the `gltf` 1.4.1 crate) panics on some
//! malformed files, for example an accessor whose data runs past its buffer or a GLB whose
//! header length is smaller than 12, and its recursive node walk can overflow the stack on a
//! very deep node tree. In the browser a panic ends the whole app, so the app runs every booth
//! model through [`check_model`] first, and through [`check_external_buffers`] once the files
//! named in [`Checked::external_uris`] are fetched. A model that fails gets a placeholder and
//! the error message.
//!
//! The checks cover the GLB container, the JSON, `extensionsRequired`, every index reference,
//! the byte ranges of buffers, bufferViews and accessors, the node hierarchy, and the index
//! values of primitives whose data is inside the file. Images must be PNG by `mimeType`, data
//! URI media type or file extension. The checks do not decode images or check vertex data
//! values.
//!
//! The crate uses no file system, threads or Bevy, so it builds for `wasm32-unknown-unknown`.

mod buffers;
mod container;
mod document;
mod error;
mod image_format;
mod json;
mod materials;
mod meshes;
mod nodes;
mod uri;

pub use error::{
    BufferSource, DataUriProblem, FileKind, ImageFormat, JsonType, MissingBufferReason, ModelError,
    UriProblem, ValueProblem,
};

use buffers::BufferData;

/// Maximum size of the JSON text: the JSON chunk of a GLB, or the whole `.gltf` file.
pub const MAX_JSON_BYTES: u64 = 64 * 1024 * 1024;

/// Maximum number of entries in each top-level array (nodes, accessors, meshes, ...), and of
/// mesh primitives in all meshes together.
pub const MAX_ITEMS: u64 = 100_000;

/// Maximum depth of the node hierarchy; a root node has depth 1.
pub const MAX_NODE_DEPTH: u64 = 64;

/// The file format of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Binary glTF (`.glb`).
    Glb,
    /// glTF JSON (`.gltf`).
    Gltf,
}

/// The result of a successful [`check_model`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub container: Container,
    /// Relative URIs of external buffers and images that must be fetched next to the model (in
    /// order of first use, deduplicated; data: URIs excluded).
    ///
    /// Buffers come first, in index order, then images. Each URI is exactly as written in the
    /// file, so it is still percent-encoded; http(s) URLs are included as well.
    pub external_uris: Vec<String>,
    /// The external files of [`Checked::external_uris`] that Bevy's loader reads from the
    /// model's folder, in the same order: every entry except http(s) URLs.
    ///
    /// NOTE: Bevy 0.20.1 parses an `https://host/file` URI as asset source `https`, which exists
    /// only with bevy_asset's `http` or `https` feature. Without it, a model that refers to an
    /// http(s) URL passes this check but fails in Bevy's loader.
    pub external_files: Vec<ExternalFile>,
    /// Estimated triangles drawn when the default scene (`scene`, else `scenes[0]`) is spawned,
    /// counting each node that uses a mesh. Without scenes, every mesh counts once. Point and
    /// line primitives count 0; strips and fans count `count - 2`.
    pub triangle_estimate: u64,
}

/// An external buffer or image file that Bevy's glTF loader reads from the model's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalFile {
    /// The URI as written in the model, still percent-encoded; fetch it relative to the model's
    /// URL.
    pub uri: String,
    /// The path that Bevy 0.20.1's glTF loader requests, relative to the model file's folder:
    /// percent-decoded, with `.`, `..` and empty segments collapsed, `/`-separated. It always
    /// ends in a file name and never leaves that folder.
    pub path: String,
}

/// Checks a model's bytes, a `.glb` or a `.gltf`, and lists the external files it needs.
///
/// External buffers can only be checked against their declared `byteLength` here; call
/// [`check_external_buffers`] once they are fetched.
pub fn check_model(bytes: &[u8]) -> Result<Checked, ModelError> {
    document::check(bytes).map(|model| model.checked)
}

/// Second stage, once the external files are fetched: checks buffer byteLength against the
/// fetched sizes and accessor/bufferView ranges for external buffers.
///
/// `sizes` maps each URI from [`Checked::external_uris`] to the fetched file's size in bytes;
/// entries for images and unknown URIs are ignored. This runs all checks of [`check_model`]
/// again, which already hold every bufferView and accessor inside its buffer's declared
/// `byteLength`, so a fetched size of at least `byteLength` keeps them inside the fetched data.
///
/// NOTE: index values of primitives are only checked for data inside the model (GLB BIN
/// chunk or data URIs). Sizes alone cannot show an out-of-range index in an external buffer.
pub fn check_external_buffers(bytes: &[u8], sizes: &[(String, usize)]) -> Result<(), ModelError> {
    let model = document::check(bytes)?;

    for (index, buffer) in model.buffers.iter().enumerate() {
        let BufferData::External(reference) = &buffer.data else {
            continue;
        };
        let uri = &reference.uri;
        let path = format!("buffers[{index}]");
        let size = sizes
            .iter()
            .find(|(fetched_uri, _)| fetched_uri == uri)
            .map(|(_, size)| *size as u64)
            .ok_or_else(|| ModelError::MissingExternal {
                path: path.clone(),
                uri: uri.clone(),
            })?;

        if size < buffer.byte_length {
            return Err(ModelError::BufferLength {
                path,
                declared: buffer.byte_length,
                actual: size,
                source: BufferSource::External { uri: uri.clone() },
            });
        }
    }
    Ok(())
}
