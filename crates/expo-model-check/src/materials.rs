//! Images, samplers, textures and materials: their references and enumerated values.

use crate::buffers::ViewInfo;
use crate::document::{Document, check_one_of};
use crate::error::{ModelError, ValueProblem};
use crate::image_format;
use crate::json::{self, Object, field_path};
use crate::uri::{ExternalReference, UriTarget, UriUse, resolve_external, resolve_uri};

pub(crate) struct ImageSummary {
    /// External images, in image order.
    pub external: Vec<ExternalReference>,
}

pub(crate) fn check_images(
    document: &Document<'_>,
    views: &[ViewInfo],
) -> Result<ImageSummary, ModelError> {
    let mut external = Vec::new();
    for (index, value) in document.images.iter().enumerate() {
        let path = format!("images[{index}]");
        let image = json::as_object(value, &path)?;
        let uri = json::optional_str(image, "uri", &path)?;
        let view = json::optional_index(image, "bufferView", &path, "bufferViews", views.len())?;
        let mime_type = json::optional_str(image, "mimeType", &path)?;

        // gltf 1.4.1 (`Image::source`) unwraps `uri` when there is no bufferView, and
        // `mimeType` when there is one, so a missing value panics there.
        match (uri, view) {
            (None, None) => {
                return Err(ModelError::InvalidValue {
                    path,
                    problem: ValueProblem::ImageWithoutSource,
                });
            }
            (Some(_), Some(_)) => {
                return Err(ModelError::InvalidValue {
                    path,
                    problem: ValueProblem::ImageWithBothSources,
                });
            }
            (None, Some(_)) if mime_type.is_none() => {
                return Err(json::missing(format!("{path}.mimeType")));
            }
            (None, Some(_)) => {}
            (Some(uri), None) => {
                let uri_path = format!("{path}.uri");
                if let UriTarget::External = resolve_uri(uri, &uri_path, UriUse::Image)? {
                    external.push(resolve_external(uri, &uri_path)?);
                }
            }
        }
        image_format::check_png(mime_type, uri, &path)?;
    }
    Ok(ImageSummary { external })
}

pub(crate) fn check_samplers(document: &Document<'_>) -> Result<(), ModelError> {
    const MAG_FILTERS: &[u64] = &[9728, 9729];
    const MIN_FILTERS: &[u64] = &[9728, 9729, 9984, 9985, 9986, 9987];
    const WRAP_MODES: &[u64] = &[33071, 33648, 10497];
    let properties: [(&str, &[u64], &'static str); 4] = [
        ("magFilter", MAG_FILTERS, "9728, 9729"),
        (
            "minFilter",
            MIN_FILTERS,
            "9728, 9729, 9984, 9985, 9986, 9987",
        ),
        ("wrapS", WRAP_MODES, "33071, 33648, 10497"),
        ("wrapT", WRAP_MODES, "33071, 33648, 10497"),
    ];

    for (index, value) in document.samplers.iter().enumerate() {
        let path = format!("samplers[{index}]");
        let sampler = json::as_object(value, &path)?;
        for (key, allowed, allowed_text) in properties {
            if let Some(mode) = json::optional_u64(sampler, key, &path)? {
                check_one_of(mode, allowed, allowed_text, || field_path(&path, key))?;
            }
        }
    }
    Ok(())
}

pub(crate) fn check_textures(document: &Document<'_>) -> Result<(), ModelError> {
    for (index, value) in document.textures.iter().enumerate() {
        let path = format!("textures[{index}]");
        let texture = json::as_object(value, &path)?;
        // gltf-json 1.4.1 requires `source` unless its `allow_empty_texture` feature is on,
        // which bevy_gltf 0.20.1 does not enable.
        json::required_index(texture, "source", &path, "images", document.images.len())?;
        json::optional_index(
            texture,
            "sampler",
            &path,
            "samplers",
            document.samplers.len(),
        )?;
    }
    Ok(())
}

pub(crate) fn check_materials(document: &Document<'_>) -> Result<(), ModelError> {
    let texture_count = document.textures.len();
    for (index, value) in document.materials.iter().enumerate() {
        let path = format!("materials[{index}]");
        let material = json::as_object(value, &path)?;

        if let Some(pbr) = json::optional_object(material, "pbrMetallicRoughness", &path)? {
            let pbr_path = field_path(&path, "pbrMetallicRoughness");
            for key in ["baseColorTexture", "metallicRoughnessTexture"] {
                check_texture_info(pbr, key, &pbr_path, texture_count)?;
            }
        }
        for key in ["normalTexture", "occlusionTexture", "emissiveTexture"] {
            check_texture_info(material, key, &path, texture_count)?;
        }

        if let Some(alpha_mode) = json::optional_str(material, "alphaMode", &path)? {
            check_one_of(
                alpha_mode,
                &["OPAQUE", "MASK", "BLEND"],
                "\"OPAQUE\", \"MASK\", \"BLEND\"",
                || field_path(&path, "alphaMode"),
            )?;
        }

        check_extension_textures(material, &path, texture_count)?;
    }
    Ok(())
}

/// Checks the textures of KHR_materials_* extensions: every property whose name ends in
/// `Texture`, such as `clearcoatTexture` or `specularColorTexture`, is a textureInfo.
fn check_extension_textures(
    material: &Object,
    path: &str,
    texture_count: usize,
) -> Result<(), ModelError> {
    let Some(extensions) = json::optional_object(material, "extensions", path)? else {
        return Ok(());
    };
    let extensions_path = field_path(path, "extensions");
    for (name, extension) in extensions {
        let Some(extension) = extension
            .as_object()
            .filter(|_| name.starts_with("KHR_materials_"))
        else {
            continue;
        };
        let extension_path = field_path(&extensions_path, name);
        for key in extension.keys().filter(|key| key.ends_with("Texture")) {
            check_texture_info(extension, key, &extension_path, texture_count)?;
        }
    }
    Ok(())
}

/// Checks the textureInfo at `key` of `object`, when present.
fn check_texture_info(
    object: &Object,
    key: &str,
    path: &str,
    texture_count: usize,
) -> Result<(), ModelError> {
    if let Some(info) = json::optional_object(object, key, path)? {
        let info_path = field_path(path, key);
        json::required_index(info, "index", &info_path, "textures", texture_count)?;
        json::optional_u64(info, "texCoord", &info_path)?;
    }
    Ok(())
}
