//! Image formats. The app builds Bevy 0.20.1 with the `png` image feature only, so Bevy's
//! loader fails on every other format and each image must be PNG.
//!
//! bevy_gltf 0.20.1 decodes an image in a bufferView or a data URI by its media type (`mimeType`
//! first, else the data URI's), and loads an image file through the asset server, which picks
//! the decoder by file extension. bevy_image 0.20.1 compares media types and extensions
//! case-insensitively, and so does this check.

use percent_encoding::percent_decode_str;

use crate::error::{ImageFormat, ModelError};
use crate::uri::{data_uri_media_type, quote};

const PNG_MIME_TYPE: &str = "image/png";
const PNG_EXTENSION: &str = "png";

/// Rejects an image whose `mimeType`, data URI media type or file extension is not PNG. `path`
/// is the image, such as `images[2]`. Its URI must already have passed `resolve_uri`.
pub(crate) fn check_png(
    mime_type: Option<&str>,
    uri: Option<&str>,
    path: &str,
) -> Result<(), ModelError> {
    let unsupported = |format| ModelError::UnsupportedImage {
        path: path.to_owned(),
        format,
    };

    if let Some(mime_type) = mime_type
        && !mime_type.eq_ignore_ascii_case(PNG_MIME_TYPE)
    {
        return Err(unsupported(format_from_mime_type(mime_type)));
    }

    let Some(uri) = uri else {
        return Ok(());
    };
    if let Some(media_type) = data_uri_media_type(uri) {
        if media_type.eq_ignore_ascii_case(PNG_MIME_TYPE) {
            return Ok(());
        }
        return Err(unsupported(format_from_mime_type(&media_type)));
    }

    match file_extension(uri) {
        Some(extension) if extension.eq_ignore_ascii_case(PNG_EXTENSION) => Ok(()),
        Some(extension) => Err(unsupported(format_from_extension(&extension))),
        None => Err(unsupported(ImageFormat::NoExtension)),
    }
}

/// Returns the extension of the file a URI names, without the dot: the text after the last `.`
/// of the percent-decoded last path segment, ignoring a query or fragment. bevy_asset 0.20.1
/// (`AssetPath::get_full_extension`) also ignores the query when it picks a loader.
fn file_extension(uri: &str) -> Option<String> {
    let decoded = percent_decode_str(uri).decode_utf8_lossy();
    let without_query = decoded.split(['?', '#']).next().unwrap_or_default();
    let file_name = without_query.rsplit('/').next().unwrap_or_default();
    let (_, extension) = file_name.rsplit_once('.')?;
    (!extension.is_empty()).then(|| extension.to_owned())
}

fn format_from_mime_type(mime_type: &str) -> ImageFormat {
    match mime_type.to_ascii_lowercase().as_str() {
        "image/jpeg" | "image/jpg" => ImageFormat::Jpeg,
        "image/webp" => ImageFormat::WebP,
        "image/ktx2" => ImageFormat::Ktx2,
        "image/basis" | "image/x-basis" => ImageFormat::Basis,
        _ => ImageFormat::MimeType(quote(mime_type)),
    }
}

fn format_from_extension(extension: &str) -> ImageFormat {
    match extension.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" => ImageFormat::Jpeg,
        "webp" => ImageFormat::WebP,
        "ktx2" => ImageFormat::Ktx2,
        "basis" => ImageFormat::Basis,
        _ => ImageFormat::Extension(quote(extension)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_of_uris() {
        assert_eq!(file_extension("textures/wood.PNG").as_deref(), Some("PNG"));
        assert_eq!(file_extension("my%20tex.jpg").as_deref(), Some("jpg"));
        assert_eq!(file_extension("a.png?v=2").as_deref(), Some("png"));
        assert_eq!(
            file_extension("https://cdn.example.test/x.webp#top").as_deref(),
            Some("webp")
        );
        assert_eq!(file_extension("v1.2/texture"), None);
        assert_eq!(file_extension("texture."), None);
    }

    #[test]
    fn png_media_types_and_extensions_pass() {
        let accepted = [
            (Some("image/png"), None),
            (Some("IMAGE/PNG"), Some("wood.png")),
            (None, Some("wood.Png")),
            (None, Some("data:image/png;base64,iVBORw0KGgo=")),
        ];
        for (mime_type, uri) in accepted {
            assert!(
                check_png(mime_type, uri, "images[0]").is_ok(),
                "{mime_type:?} {uri:?} should pass"
            );
        }
    }

    #[test]
    fn other_formats_are_named() {
        let cases = [
            (Some("image/jpeg"), None, ImageFormat::Jpeg),
            (None, Some("wood.JPEG"), ImageFormat::Jpeg),
            (None, Some("data:image/webp;base64,AAAA"), ImageFormat::WebP),
            (Some("image/ktx2"), Some("wood.ktx2"), ImageFormat::Ktx2),
            (None, Some("wood.basis"), ImageFormat::Basis),
            (
                Some("image/avif"),
                None,
                ImageFormat::MimeType("image/avif".to_owned()),
            ),
            (
                None,
                Some("wood.tga"),
                ImageFormat::Extension("tga".to_owned()),
            ),
            (None, Some("textures/wood"), ImageFormat::NoExtension),
        ];
        for (mime_type, uri, expected) in cases {
            let error = check_png(mime_type, uri, "images[0]").unwrap_err();
            assert_eq!(
                error,
                ModelError::UnsupportedImage {
                    path: "images[0]".to_owned(),
                    format: expected,
                },
                "{mime_type:?} {uri:?}"
            );
        }
    }
}
