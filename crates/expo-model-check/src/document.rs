//! Runs all checks in order: container, JSON, asset version, required extensions, then the
//! glTF objects from buffers up to scenes, so that later checks can rely on earlier ones.

use serde_json::Value;

use crate::buffers::{self, BufferData, BufferInfo};
use crate::container;
use crate::error::{FileKind, JsonType, ModelError, ValueProblem};
use crate::json::{self, Object};
use crate::{Checked, Container, ExternalFile, MAX_ITEMS, materials, meshes, nodes};

/// Extensions that a model may list in `extensionsRequired`.
///
/// Source: Bevy 0.20.1 parses models with `gltf::Gltf::from_slice` (gltf 1.4.1), because
/// `GltfLoaderSettings::validate` defaults to true. gltf-json 1.4.1 (`root_validate_hook` in
/// `src/root.rs`) reports every required extension that is missing from its
/// `ENABLED_EXTENSIONS`, and with the gltf features that bevy_gltf 0.20.1 enables that list is
/// exactly these six.
///
/// Bevy 0.20.1 also reads KHR_materials_specular, KHR_materials_volume,
/// KHR_materials_clearcoat and KHR_materials_anisotropy, but only from models that list them in
/// `extensionsUsed` alone: gltf-json rejects a model that requires them. KHR_mesh_quantization
/// is marked unsupported in bevy_gltf's documentation. The test
/// `required_extensions_match_gltf_validation` checks this list against gltf 1.4.1.
pub(crate) const SUPPORTED_REQUIRED_EXTENSIONS: &[&str] = &[
    "KHR_lights_punctual",
    "KHR_materials_emissive_strength",
    "KHR_materials_ior",
    "KHR_materials_transmission",
    "KHR_materials_unlit",
    "KHR_texture_transform",
];

/// The result of all checks, with what [`crate::check_external_buffers`] needs.
pub(crate) struct CheckedModel<'a> {
    pub checked: Checked,
    pub buffers: Vec<BufferInfo<'a>>,
}

/// The top-level arrays of a glTF, each empty when absent.
pub(crate) struct Document<'a> {
    pub root: &'a Object,
    pub accessors: &'a [Value],
    pub animations: &'a [Value],
    pub buffers: &'a [Value],
    pub buffer_views: &'a [Value],
    pub cameras: &'a [Value],
    pub images: &'a [Value],
    pub materials: &'a [Value],
    pub meshes: &'a [Value],
    pub nodes: &'a [Value],
    pub samplers: &'a [Value],
    pub scenes: &'a [Value],
    pub skins: &'a [Value],
    pub textures: &'a [Value],
}

pub(crate) fn check(bytes: &[u8]) -> Result<CheckedModel<'_>, ModelError> {
    let split = container::split(bytes)?;
    let value = parse_json(split.json, split.container)?;
    let root = match (&value, split.container) {
        (Value::Object(root), _) => root,
        (_, Container::Gltf) => {
            return Err(ModelError::NotGltf {
                kind: FileKind::JsonWithoutAsset,
            });
        }
        (_, Container::Glb) => {
            return Err(json::wrong_type(
                "the JSON chunk".to_owned(),
                JsonType::Object,
            ));
        }
    };

    check_asset(root, split.container)?;
    check_required_extensions(root)?;
    let document = Document::new(root)?;

    let buffers = buffers::check_buffers(&document, split.container, split.bin)?;
    let views = buffers::check_buffer_views(&document, &buffers)?;
    let accessors = buffers::check_accessors(&document, &views)?;
    let images = materials::check_images(&document, &views)?;
    materials::check_samplers(&document)?;
    materials::check_textures(&document)?;
    materials::check_materials(&document)?;
    let mesh_triangles = meshes::check_meshes(&document, &accessors, &views, &buffers)?;
    nodes::check_cameras(&document)?;
    nodes::check_skins(&document)?;
    nodes::check_animations(&document)?;
    let node_infos = nodes::check_nodes(&document)?;
    nodes::check_hierarchy(&node_infos)?;
    let default_scene = nodes::check_scenes(&document)?;
    let triangle_estimate =
        nodes::estimate_triangles(&node_infos, default_scene.as_deref(), &mesh_triangles);

    let mut external_uris: Vec<String> = Vec::new();
    let mut external_files: Vec<ExternalFile> = Vec::new();
    let buffer_references = buffers.iter().filter_map(|buffer| match &buffer.data {
        BufferData::External(reference) => Some(reference),
        _ => None,
    });
    for reference in buffer_references.chain(&images.external) {
        if external_uris.contains(&reference.uri) {
            continue;
        }
        external_uris.push(reference.uri.clone());
        if let Some(path) = &reference.model_folder_path {
            external_files.push(ExternalFile {
                uri: reference.uri.clone(),
                path: path.clone(),
            });
        }
    }

    Ok(CheckedModel {
        checked: Checked {
            container: split.container,
            external_uris,
            external_files,
            triangle_estimate,
        },
        buffers,
    })
}

fn parse_json(text: &[u8], container: Container) -> Result<Value, ModelError> {
    // serde_json limits nesting to 128 levels, so deeply nested JSON returns an error here
    // rather than overflowing the stack.
    serde_json::from_slice(text).map_err(|error| {
        // An end of input inside a GLB's JSON chunk is invalid JSON, not a short download,
        // because the chunk lengths were already checked.
        if error.is_eof() && container == Container::Gltf {
            ModelError::Truncated {
                expected: None,
                actual: text.len() as u64,
            }
        } else {
            ModelError::InvalidJson {
                detail: error.to_string(),
            }
        }
    })
}

/// Checks that `asset.version` is 2.x and that `asset.minVersion`, when present, is at most
/// 2.0, as the glTF 2.0 specification ("Versioning") requires of a 2.0 loader.
fn check_asset(root: &Object, container: Container) -> Result<(), ModelError> {
    let Some(asset) = root.get("asset") else {
        return match container {
            Container::Gltf => Err(ModelError::NotGltf {
                kind: FileKind::JsonWithoutAsset,
            }),
            Container::Glb => Err(json::missing("asset".to_owned())),
        };
    };
    let asset = json::as_object(asset, "asset")?;
    let version = json::optional_str(asset, "version", "asset")?
        .ok_or_else(|| json::missing("asset.version".to_owned()))?;
    let min_version = json::optional_str(asset, "minVersion", "asset")?;

    let version_supported = parse_version(version).is_some_and(|(major, _)| major == 2);
    let min_version_supported = match min_version {
        None => true,
        Some(min_version) => parse_version(min_version).is_some_and(|min| min <= (2, 0)),
    };
    if version_supported && min_version_supported {
        Ok(())
    } else {
        Err(ModelError::AssetVersion {
            version: version.to_owned(),
            min_version: min_version.map(str::to_owned),
        })
    }
}

/// Parses `major.minor`, the version pattern of the glTF 2.0 schema.
fn parse_version(version: &str) -> Option<(u64, u64)> {
    let (major, minor) = version.split_once('.')?;
    let all_digits =
        |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    if !all_digits(major) || !all_digits(minor) {
        return None;
    }
    Some((major.parse().ok()?, minor.parse().ok()?))
}

fn check_required_extensions(root: &Object) -> Result<(), ModelError> {
    for (index, name) in json::array(root, "extensionsRequired", "")?
        .iter()
        .enumerate()
    {
        let path = format!("extensionsRequired[{index}]");
        let name = name
            .as_str()
            .ok_or_else(|| json::wrong_type(path.clone(), JsonType::String))?;
        if !SUPPORTED_REQUIRED_EXTENSIONS.contains(&name) {
            return Err(ModelError::UnsupportedExtension {
                path,
                name: name.to_owned(),
            });
        }
    }
    Ok(())
}

impl<'a> Document<'a> {
    fn new(root: &'a Object) -> Result<Self, ModelError> {
        let top_level = |key: &str| -> Result<&'a [Value], ModelError> {
            let items = json::array(root, key, "")?;
            let count = items.len() as u64;
            if count > MAX_ITEMS {
                return Err(ModelError::TooManyItems {
                    path: key.to_owned(),
                    count,
                    limit: MAX_ITEMS,
                });
            }
            Ok(items)
        };
        Ok(Document {
            root,
            accessors: top_level("accessors")?,
            animations: top_level("animations")?,
            buffers: top_level("buffers")?,
            buffer_views: top_level("bufferViews")?,
            cameras: top_level("cameras")?,
            images: top_level("images")?,
            materials: top_level("materials")?,
            meshes: top_level("meshes")?,
            nodes: top_level("nodes")?,
            samplers: top_level("samplers")?,
            scenes: top_level("scenes")?,
            skins: top_level("skins")?,
            textures: top_level("textures")?,
        })
    }
}

/// Returns an error unless `value` is one of `allowed`; `allowed_text` lists them for messages.
/// The error shows the value as a JSON literal, so strings appear in quotes.
pub(crate) fn check_one_of<T>(
    value: T,
    allowed: &[T],
    allowed_text: &'static str,
    path: impl FnOnce() -> String,
) -> Result<(), ModelError>
where
    T: PartialEq + Into<Value>,
{
    if allowed.contains(&value) {
        return Ok(());
    }
    let found = value.into().to_string();
    Err(ModelError::InvalidValue {
        path: path(),
        problem: ValueProblem::NotOneOf {
            found,
            allowed: allowed_text,
        },
    })
}
