//! Tests of `check_model` and `check_external_buffers` on models built by `builder`.
//!
//! Valid models are also parsed with gltf 1.4.1 (the parser behind Bevy 0.20.1's loader,
//! with bevy_gltf's features) to confirm that what passes here passes there.

mod builder;

use builder::*;
use expo_model_check::{
    Container, ExternalFile, MAX_ITEMS, MAX_JSON_BYTES, ModelError, check_external_buffers,
    check_model,
};
use serde_json::{Value, json};

/// Asserts the error code, and that both the English and the Chinese message contain every
/// string in `names` (JSON paths and values, which both languages quote as they are).
#[track_caller]
fn assert_error(
    result: Result<impl std::fmt::Debug, ModelError>,
    code: &str,
    names: &[&str],
) -> ModelError {
    let error = match result {
        Ok(checked) => panic!("expected error {code}, got Ok({checked:?})"),
        Err(error) => error,
    };
    assert_eq!(error.code(), code, "wrong code for: {error}");

    let english = error.to_string();
    let chinese = error.message_zh();
    for name in names {
        assert!(
            english.contains(name),
            "English message lacks {name:?}: {english}"
        );
        assert!(
            chinese.contains(name),
            "Chinese message lacks {name:?}: {chinese}"
        );
    }
    error
}

/// Asserts that gltf 1.4.1 parses and validates the model, as Bevy 0.20.1 does first.
#[track_caller]
fn assert_gltf_crate_accepts(bytes: &[u8]) {
    if let Err(error) = gltf::Gltf::from_slice(bytes) {
        panic!("gltf 1.4.1 rejects a model that check_model accepts: {error}");
    }
}

// Valid models.

#[test]
fn valid_glb_passes() {
    let bytes = valid_glb();
    let checked = check_model(&bytes).expect("valid GLB");
    assert_eq!(checked.container, Container::Glb);
    assert!(checked.external_uris.is_empty());
    assert_eq!(checked.triangle_estimate, 1);
    assert_gltf_crate_accepts(&bytes);
}

#[test]
fn valid_gltf_with_data_uri_passes() {
    let bytes = gltf(&data_uri_json());
    let checked = check_model(&bytes).expect("valid .gltf");
    assert_eq!(checked.container, Container::Gltf);
    assert!(checked.external_uris.is_empty());
    assert_eq!(checked.triangle_estimate, 1);
    assert_gltf_crate_accepts(&bytes);
}

#[test]
fn valid_gltf_with_external_bin_returns_uri() {
    let bytes = gltf(&external_json("triangle.bin"));
    let checked = check_model(&bytes).expect("valid .gltf");
    assert_eq!(checked.container, Container::Gltf);
    assert_eq!(checked.external_uris, ["triangle.bin"]);
    assert_eq!(checked.triangle_estimate, 1);
    assert_gltf_crate_accepts(&bytes);

    let sizes = [("triangle.bin".to_owned(), TRIANGLE_BIN_BYTES as usize)];
    check_external_buffers(&bytes, &sizes).expect("fetched size matches");
}

#[test]
fn gltf_with_bom_and_whitespace_json() {
    // Leading whitespace is valid JSON; a byte order mark is not, for serde_json and gltf.
    let mut spaced = b" \r\n\t".to_vec();
    spaced.extend_from_slice(&gltf(&data_uri_json()));
    check_model(&spaced).expect("leading whitespace is fine");

    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&gltf(&data_uri_json()));
    assert_error(check_model(&with_bom), "byte-order-mark", &["BOM"]);
    assert!(
        gltf::Gltf::from_slice(&with_bom).is_err(),
        "gltf 1.4.1 rejects a BOM"
    );
}

#[test]
fn external_uris_dedup_in_order() {
    let mut json = external_json("parts/triangle.bin");
    json["images"] = json!([
        { "uri": "textures/wood.png" },
        { "uri": "https://cdn.example.test/logo.png" },
        { "uri": "textures/wood.png" },
        { "uri": "data:image/png;base64,iVBORw0KGgo=" }
    ]);
    json["textures"] = json!([{ "source": 0 }, { "source": 1 }]);
    json["materials"] = json!([{ "pbrMetallicRoughness": { "baseColorTexture": { "index": 0 } } }]);
    json["meshes"][0]["primitives"][0]["material"] = json!(0);
    let bytes = gltf(&json);

    let checked = check_model(&bytes).expect("valid .gltf");
    assert_eq!(
        checked.external_uris,
        [
            "parts/triangle.bin",
            "textures/wood.png",
            "https://cdn.example.test/logo.png"
        ]
    );
    assert_gltf_crate_accepts(&bytes);
}

#[test]
fn triangle_estimate_counts_instances() {
    let mut json = glb_json();
    json["nodes"] = json!([
        { "children": [1, 2] },
        { "mesh": 0 },
        { "mesh": 0, "children": [3] },
        { "mesh": 0 },
        { "mesh": 0, "name": "not in the scene" }
    ]);
    let checked = check_model(&glb(&json, Some(&triangle_bin()))).expect("valid GLB");
    assert_eq!(checked.triangle_estimate, 3);

    // A triangle strip of 3 indices draws 1 triangle, points draw none.
    json["meshes"][0]["primitives"][0]["mode"] = json!(5);
    let checked = check_model(&glb(&json, Some(&triangle_bin()))).expect("valid GLB");
    assert_eq!(checked.triangle_estimate, 3);
    json["meshes"][0]["primitives"][0]["mode"] = json!(0);
    let checked = check_model(&glb(&json, Some(&triangle_bin()))).expect("valid GLB");
    assert_eq!(checked.triangle_estimate, 0);
}

#[test]
fn newer_minor_version_passes() {
    let mut json = glb_json();
    json["asset"]["version"] = json!("2.1");
    check_model(&glb(&json, Some(&triangle_bin()))).expect("2.1 without minVersion");
    json["asset"]["minVersion"] = json!("2.0");
    check_model(&glb(&json, Some(&triangle_bin()))).expect("2.1 with minVersion 2.0");
}

// Container errors.

#[test]
fn html_page_is_not_gltf() {
    let page = b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>";
    assert_error(check_model(page), "not-gltf", &["HTML"]);
    assert_error(check_model(b"\n  <html></html>"), "not-gltf", &["HTML"]);
}

#[test]
fn other_files_are_not_gltf() {
    assert_error(
        check_model(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        "not-gltf",
        &["PNG"],
    );
    assert_error(
        check_model(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
        "not-gltf",
        &["JPEG"],
    );
    assert_error(
        check_model(b"PK\x03\x04zipdata"),
        "not-gltf",
        &["50 4B 03 04"],
    );
    assert_error(
        check_model(br#"{"error": "not found"}"#),
        "not-gltf",
        &["\"asset\""],
    );
    assert_error(check_model(b"{}"), "not-gltf", &["\"asset\""]);
}

#[test]
fn empty_body_is_empty() {
    assert_error(check_model(b""), "empty", &[]);
    assert_error(check_model(b" \n\t"), "empty", &[]);
}

#[test]
fn truncated_glb_is_truncated() {
    let bytes = valid_glb();
    let total = bytes.len().to_string();
    let half = bytes.len() / 2;
    assert_error(
        check_model(&bytes[..half]),
        "truncated",
        &[&total, &half.to_string()],
    );
    assert_error(check_model(&bytes[..7]), "truncated", &["12", "7"]);
    assert_error(check_model(b"glT"), "truncated", &["12", "3"]);
}

#[test]
fn truncated_gltf_is_truncated() {
    let bytes = gltf(&data_uri_json());
    assert_error(check_model(&bytes[..bytes.len() / 2]), "truncated", &[]);
}

#[test]
fn glb_bad_version() {
    let mut bytes = valid_glb();
    set_u32(&mut bytes, 4, 1);
    assert_error(check_model(&bytes), "bad-version", &["1", "2"]);
}

#[test]
fn glb_zero_length() {
    let mut bytes = valid_glb();
    set_u32(&mut bytes, 8, 0);
    let actual = bytes.len().to_string();
    assert_error(check_model(&bytes), "bad-length", &["0", &actual]);
}

#[test]
fn glb_json_chunk_length_out_of_range() {
    let mut bytes = valid_glb();
    set_u32(&mut bytes, 12, 0x7FFF_FFF0);
    assert_error(check_model(&bytes), "chunk-length", &["0", "2147483632"]);
}

#[test]
fn glb_chunk_structure_errors() {
    // First chunk is BIN.
    let mut bytes = valid_glb();
    bytes[16..20].copy_from_slice(b"BIN\0");
    assert_error(check_model(&bytes), "chunk-type", &["\"BIN\\0\"", "JSON"]);

    // JSON chunk length not a multiple of 4.
    let json_text = glb_json().to_string();
    let mut bytes = glb_from_text(json_text.as_bytes(), None);
    let padded = u32::from_le_bytes(bytes[12..16].try_into().unwrap());
    set_u32(&mut bytes, 12, padded - 1);
    assert_error(
        check_model(&bytes),
        "chunk-alignment",
        &["0", &(padded - 1).to_string()],
    );

    // Header alone, no JSON chunk.
    let mut bytes = valid_glb()[..12].to_vec();
    set_u32(&mut bytes, 8, 12);
    assert_error(check_model(&bytes), "chunk-header", &["0", "12"]);

    // A second chunk that is not BIN.
    let mut bytes = valid_glb();
    let bin_header = 20 + u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    bytes[bin_header + 4..bin_header + 8].copy_from_slice(b"XYZW");
    assert_error(check_model(&bytes), "chunk-type", &["1", "\"XYZW\""]);
}

#[test]
fn glb_bin_chunk_shorter_than_buffer() {
    let mut json = glb_json();
    json["buffers"][0]["byteLength"] = json!(TRIANGLE_BIN_BYTES + 100);
    let bytes = glb(&json, Some(&triangle_bin()));
    assert_error(
        check_model(&bytes),
        "buffer-length",
        &["buffers[0]", "144", "44", "BIN"],
    );
}

#[test]
fn glb_without_bin_chunk() {
    let bytes = glb(&glb_json(), None);
    assert_error(
        check_model(&bytes),
        "missing-buffer-data",
        &["buffers[0]", "BIN"],
    );
}

// JSON errors.

#[test]
fn invalid_json() {
    let bytes = glb_from_text(br#"{"asset": {"version": "2.0"},,}"#, None);
    assert_error(check_model(&bytes), "invalid-json", &["line 1"]);
}

#[test]
fn unsupported_asset_version() {
    let mut json = glb_json();
    json["asset"]["version"] = json!("1.0");
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "asset-version",
        &["\"1.0\""],
    );

    json["asset"]["version"] = json!("2.1");
    json["asset"]["minVersion"] = json!("2.1");
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "asset-version",
        &["\"2.1\""],
    );

    json["asset"] = json!({});
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "invalid-value",
        &["asset.version"],
    );
}

#[test]
fn json_too_large() {
    let mut bytes = vec![b' '; MAX_JSON_BYTES as usize + 1];
    bytes[0] = b'{';
    assert_error(
        check_model(&bytes),
        "json-too-large",
        &[&MAX_JSON_BYTES.to_string()],
    );
}

#[test]
fn too_many_nodes() {
    let mut json = glb_json();
    json["nodes"] = Value::Array(vec![json!({}); MAX_ITEMS as usize + 1]);
    let bytes = glb(&json, Some(&triangle_bin()));
    assert_error(
        check_model(&bytes),
        "too-many-items",
        &["nodes", "100001", "100000"],
    );
}

#[test]
fn wrong_json_types() {
    let cases: [(&str, Value, &str); 4] = [
        ("/accessors/0/count", json!(3.5), "accessors[0].count"),
        (
            "/bufferViews/0/byteLength",
            json!("36"),
            "bufferViews[0].byteLength",
        ),
        ("/nodes/0", json!([1]), "nodes[0]"),
        ("/meshes/0/primitives", json!({}), "meshes[0].primitives"),
    ];
    for (pointer, value, path) in cases {
        let mut json = glb_json();
        set_pointer(&mut json, pointer, value);
        assert_error(
            check_model(&glb(&json, Some(&triangle_bin()))),
            "invalid-value",
            &[path],
        );
    }
}

// Required extensions.

#[test]
fn unsupported_required_extension() {
    let mut json = glb_json();
    json["extensionsUsed"] = json!(["KHR_materials_unlit", "KHR_draco_mesh_compression"]);
    json["extensionsRequired"] = json!(["KHR_materials_unlit", "KHR_draco_mesh_compression"]);
    let error = assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "unsupported-extension",
        &["extensionsRequired[1]", "KHR_draco_mesh_compression"],
    );
    assert!(error.to_string().contains("Draco"));
}

#[test]
fn used_but_not_required_extensions_pass() {
    let mut json = glb_json();
    json["extensionsUsed"] = json!(["KHR_materials_specular", "KHR_draco_mesh_compression"]);
    check_model(&glb(&json, Some(&triangle_bin()))).expect("optional extensions are ignored");
}

/// Every extension that check_model accepts in `extensionsRequired` must pass gltf 1.4.1's
/// validation, and every one it rejects must fail there, so the list in the crate matches
/// what Bevy 0.20.1 loads.
#[test]
fn required_extensions_match_gltf_validation() {
    let names = [
        "KHR_materials_unlit",
        "KHR_texture_transform",
        "KHR_materials_emissive_strength",
        "KHR_materials_ior",
        "KHR_materials_specular",
        "KHR_materials_transmission",
        "KHR_materials_volume",
        "KHR_materials_clearcoat",
        "KHR_materials_anisotropy",
        "KHR_lights_punctual",
        "KHR_mesh_quantization",
        "KHR_draco_mesh_compression",
        "EXT_meshopt_compression",
        "KHR_texture_basisu",
        "KHR_materials_pbrSpecularGlossiness",
        "KHR_materials_variants",
    ];
    for name in names {
        let mut json = glb_json();
        json["extensionsUsed"] = json!([name]);
        json["extensionsRequired"] = json!([name]);
        let bytes = glb(&json, Some(&triangle_bin()));

        let ours = check_model(&bytes);
        let theirs = gltf::Gltf::from_slice(&bytes);
        assert_eq!(
            ours.is_ok(),
            theirs.is_ok(),
            "{name}: check_model {ours:?}, gltf 1.4.1 {:?}",
            theirs.err()
        );
        if let Err(error) = ours {
            assert_eq!(error.code(), "unsupported-extension", "{name}");
        }
    }
}

// Buffers, bufferViews and accessors.

#[test]
fn accessor_count_past_buffer_view() {
    let mut json = glb_json();
    json["accessors"][0]["count"] = json!(100);
    let bytes = glb(&json, Some(&triangle_bin()));
    assert_error(
        check_model(&bytes),
        "accessor-range",
        &["accessors[0]", "bufferViews[0]", "1200", "36"],
    );
}

#[test]
fn accessor_offset_and_stride_past_buffer_view() {
    let mut json = glb_json();
    json["accessors"][0]["byteOffset"] = json!(4);
    let bytes = glb(&json, Some(&triangle_bin()));
    assert_error(
        check_model(&bytes),
        "accessor-range",
        &["accessors[0]", "40"],
    );

    let mut json = glb_json();
    json["bufferViews"][0]["byteStride"] = json!(16);
    let bytes = glb(&json, Some(&triangle_bin()));
    assert_error(
        check_model(&bytes),
        "accessor-range",
        &["accessors[0]", "44"],
    );
}

#[test]
fn buffer_view_past_buffer() {
    let mut json = glb_json();
    json["bufferViews"][1]["byteLength"] = json!(64);
    let bytes = glb(&json, Some(&triangle_bin()));
    assert_error(
        check_model(&bytes),
        "buffer-view-range",
        &["bufferViews[1]", "buffers[0]", "100", "44"],
    );
}

#[test]
fn invalid_accessor_values() {
    let cases: [(&str, Value, &str, &str); 5] = [
        (
            "/accessors/0/componentType",
            json!(5124),
            "accessors[0].componentType",
            "5124",
        ),
        (
            "/accessors/0/type",
            json!("VEC5"),
            "accessors[0].type",
            "\"VEC5\"",
        ),
        ("/accessors/0/count", json!(0), "accessors[0].count", "0"),
        (
            "/bufferViews/0/byteStride",
            json!(6),
            "bufferViews[0].byteStride",
            "6",
        ),
        (
            "/meshes/0/primitives/0/mode",
            json!(9),
            "meshes[0].primitives[0].mode",
            "9",
        ),
    ];
    for (pointer, value, path, shown) in cases {
        let mut json = glb_json();
        set_pointer(&mut json, pointer, value);
        assert_error(
            check_model(&glb(&json, Some(&triangle_bin()))),
            "invalid-value",
            &[path, shown],
        );
    }
}

#[test]
fn sparse_accessor_ranges() {
    let mut json = glb_json();
    // Replace vertex 1 with the values of vertex 2: index at byte 36 (the u16 index 0 of the
    // indices view is reused as a sparse index), values from the positions view.
    json["accessors"][0]["sparse"] = json!({
        "count": 1,
        "indices": { "bufferView": 1, "componentType": 5123 },
        "values": { "bufferView": 0, "byteOffset": 24 }
    });
    let bytes = glb(&json, Some(&triangle_bin()));
    check_model(&bytes).expect("sparse ranges inside their views");
    assert_gltf_crate_accepts(&bytes);

    json["accessors"][0]["sparse"]["values"]["byteOffset"] = json!(28);
    let bytes = glb(&json, Some(&triangle_bin()));
    assert_error(
        check_model(&bytes),
        "accessor-range",
        &["accessors[0].sparse.values", "bufferViews[0]", "40"],
    );

    json["accessors"][0]["sparse"]["values"]["byteOffset"] = json!(0);
    json["accessors"][0]["sparse"]["count"] = json!(4);
    let bytes = glb(&json, Some(&triangle_bin()));
    assert_error(
        check_model(&bytes),
        "invalid-value",
        &["accessors[0].sparse.count", "4", "3"],
    );

    json["accessors"][0]["sparse"]["count"] = json!(1);
    json["accessors"][0]["sparse"]["indices"]["byteOffset"] = json!(6);
    let bytes = glb(&json, Some(&triangle_bin()));
    assert_error(
        check_model(&bytes),
        "accessor-range",
        &["accessors[0].sparse.indices", "bufferViews[1]", "8", "6"],
    );
}

#[test]
fn accessor_without_data() {
    let mut json = glb_json();
    json["accessors"][1]
        .as_object_mut()
        .unwrap()
        .remove("bufferView");
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "invalid-value",
        &["accessors[1]", "bufferView"],
    );
}

#[test]
fn data_uri_length_mismatch() {
    let mut json = data_uri_json();
    json["buffers"][0]["byteLength"] = json!(TRIANGLE_BIN_BYTES + 4);
    assert_error(
        check_model(&gltf(&json)),
        "buffer-length",
        &["buffers[0]", "48", "44", "data URI"],
    );
}

#[test]
fn bad_data_uris() {
    let mut json = data_uri_json();
    json["buffers"][0]["uri"] = json!("data:text/plain;base64,AAAA");
    assert_error(
        check_model(&gltf(&json)),
        "bad-data-uri",
        &["buffers[0].uri", "text/plain"],
    );

    json["buffers"][0]["uri"] = json!("data:application/octet-stream;base64,A===");
    assert_error(
        check_model(&gltf(&json)),
        "bad-data-uri",
        &["buffers[0].uri"],
    );
}

#[test]
fn bad_buffer_and_image_uris() {
    let mut json = external_json("file:///etc/passwd");
    assert_error(
        check_model(&gltf(&json)),
        "bad-uri",
        &["buffers[0].uri", "file:///etc/passwd", "\"file:\""],
    );

    // bevy_gltf 0.20.1 unwraps the percent-decoded UTF-8 and would panic on this URI.
    json["buffers"][0]["uri"] = json!("triangle%FF.bin");
    assert_error(
        check_model(&gltf(&json)),
        "bad-uri",
        &["buffers[0].uri", "triangle%FF.bin"],
    );

    let mut json = glb_json();
    json["images"] = json!([{ "uri": "javascript:alert(1)" }]);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "bad-uri",
        &["images[0].uri", "\"javascript:\""],
    );
}

#[test]
fn external_files_resolve_like_bevy() {
    let mut json = external_json("sub/../triangle%20data.bin");
    json["images"] = json!([
        { "uri": "my%20tex.png" },
        { "uri": "https://cdn.example.test/logo.png" },
        { "uri": "./textures/./wood.png" }
    ]);
    json["textures"] = json!([{ "source": 0 }, { "source": 1 }, { "source": 2 }]);
    let bytes = gltf(&json);

    let checked = check_model(&bytes).expect("valid .gltf");
    assert_eq!(
        checked.external_uris,
        [
            "sub/../triangle%20data.bin",
            "my%20tex.png",
            "https://cdn.example.test/logo.png",
            "./textures/./wood.png"
        ]
    );
    let expected = [
        ("sub/../triangle%20data.bin", "triangle data.bin"),
        ("my%20tex.png", "my tex.png"),
        ("./textures/./wood.png", "textures/wood.png"),
    ]
    .map(|(uri, path)| ExternalFile {
        uri: uri.to_owned(),
        path: path.to_owned(),
    });
    assert_eq!(checked.external_files, expected);
    assert_gltf_crate_accepts(&bytes);

    let sizes = [(
        "sub/../triangle%20data.bin".to_owned(),
        TRIANGLE_BIN_BYTES as usize,
    )];
    check_external_buffers(&bytes, &sizes).expect("sizes are keyed by the URI as written");
}

#[test]
fn uris_outside_model_folder_rejected() {
    let uris = [
        "../a.bin",
        "..",
        "./",
        ".",
        "textures/",
        "/a.bin",
        "sub/../../a.bin",
    ];
    for uri in uris {
        let json = external_json(uri);
        let error = assert_error(
            check_model(&gltf(&json)),
            "bad-uri",
            &["buffers[0].uri", uri],
        );
        assert!(
            error.to_string().contains("model's folder or below"),
            "{uri}: {error}"
        );

        let mut json = glb_json();
        json["images"] = json!([{ "uri": uri }]);
        let error = assert_error(
            check_model(&glb(&json, Some(&triangle_bin()))),
            "bad-uri",
            &["images[0].uri", uri],
        );
        assert!(
            error.message_zh().contains("模型所在的文件夹"),
            "{uri}: {}",
            error.message_zh()
        );
    }
}

#[test]
fn uri_with_label_separator_rejected() {
    let json = external_json("triangle%23part.bin");
    assert_error(
        check_model(&gltf(&json)),
        "bad-uri",
        &["buffers[0].uri", "triangle%23part.bin", "\"#\""],
    );
}

#[test]
fn non_png_images_rejected() {
    let cases = [
        (json!({ "bufferView": 0, "mimeType": "image/jpeg" }), "JPEG"),
        (json!({ "uri": "wood.jpg" }), "JPEG"),
        (json!({ "uri": "textures/WOOD.JPEG" }), "JPEG"),
        (json!({ "uri": "data:image/jpeg;base64,/9j/4AAQ" }), "JPEG"),
        (
            json!({ "uri": "wood.png", "mimeType": "image/jpeg" }),
            "JPEG",
        ),
        (json!({ "uri": "wood.webp" }), "WebP"),
        (json!({ "bufferView": 0, "mimeType": "image/ktx2" }), "KTX2"),
        (json!({ "uri": "wood.basis" }), "Basis Universal"),
        (json!({ "uri": "wood.tga" }), "\".tga\""),
        (
            json!({ "bufferView": 0, "mimeType": "image/avif" }),
            "\"image/avif\"",
        ),
        (json!({ "uri": "textures/wood" }), "\".png\""),
    ];
    for (image, format) in cases {
        let mut json = glb_json();
        json["images"] = json!([{ "uri": "ok.png" }, image]);
        let error = assert_error(
            check_model(&glb(&json, Some(&triangle_bin()))),
            "unsupported-image",
            &["images[1]", format],
        );
        assert!(error.to_string().contains("PNG textures only"), "{error}");
        assert!(error.message_zh().contains("PNG"), "{}", error.message_zh());
    }
}

#[test]
fn png_images_pass() {
    let images = [
        json!({ "bufferView": 0, "mimeType": "image/png" }),
        json!({ "uri": "wood.png" }),
        json!({ "uri": "Wood.PNG" }),
        json!({ "uri": "data:image/png;base64,iVBORw0KGgo=" }),
        json!({ "uri": "https://cdn.example.test/logo.png?v=2" }),
    ];
    for image in images {
        let mut json = glb_json();
        json["images"] = json!([image.clone()]);
        json["textures"] = json!([{ "source": 0 }]);
        let bytes = glb(&json, Some(&triangle_bin()));
        if let Err(error) = check_model(&bytes) {
            panic!("{image} should pass: {error}");
        }
        assert_gltf_crate_accepts(&bytes);
    }
}

#[test]
fn buffer_without_uri_in_gltf() {
    let json = triangle_json(json!({ "byteLength": TRIANGLE_BIN_BYTES }));
    assert_error(
        check_model(&gltf(&json)),
        "missing-buffer-data",
        &["buffers[0]", ".gltf"],
    );

    let mut json = glb_json();
    json["buffers"] = json!([{ "byteLength": TRIANGLE_BIN_BYTES }, { "byteLength": 4 }]);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "missing-buffer-data",
        &["buffers[1]", "buffers[0]"],
    );
}

#[test]
fn external_buffer_sizes() {
    let bytes = gltf(&external_json("triangle.bin"));

    let short = [("triangle.bin".to_owned(), 40)];
    assert_error(
        check_external_buffers(&bytes, &short),
        "buffer-length",
        &["buffers[0]", "44", "40", "triangle.bin"],
    );

    let unrelated = [("other.bin".to_owned(), 44)];
    assert_error(
        check_external_buffers(&bytes, &unrelated),
        "missing-external",
        &["buffers[0]", "triangle.bin"],
    );

    let longer = [
        ("triangle.bin".to_owned(), 100),
        ("texture.png".to_owned(), 5),
    ];
    check_external_buffers(&bytes, &longer).expect("a longer file is fine");
}

#[test]
fn external_buffers_rerun_all_checks() {
    let mut json = external_json("triangle.bin");
    json["accessors"][0]["count"] = json!(100);
    let sizes = [("triangle.bin".to_owned(), 10_000)];
    assert_error(
        check_external_buffers(&gltf(&json), &sizes),
        "accessor-range",
        &["accessors[0]"],
    );
}

// Meshes.

#[test]
fn index_value_out_of_range() {
    let mut bin = triangle_bin();
    let last_index = POSITIONS_BYTES as usize + 4;
    bin[last_index..last_index + 2].copy_from_slice(&7u16.to_le_bytes());
    let bytes = glb(&glb_json(), Some(&bin));
    assert_error(
        check_model(&bytes),
        "index-out-of-range",
        &["meshes[0].primitives[0]", "accessors[1]", "7", "3"],
    );
}

#[test]
fn index_value_out_of_range_in_data_uri() {
    use base64::Engine as _;
    let mut bin = triangle_bin();
    let first_index = POSITIONS_BYTES as usize;
    bin[first_index..first_index + 2].copy_from_slice(&3u16.to_le_bytes());
    let mut json = data_uri_json();
    let encoded = base64::engine::general_purpose::STANDARD.encode(&bin);
    json["buffers"][0]["uri"] = json!(format!("data:application/gltf-buffer;base64,{encoded}"));
    assert_error(
        check_model(&gltf(&json)),
        "index-out-of-range",
        &["meshes[0].primitives[0]", "3"],
    );
}

#[test]
fn index_value_out_of_range_in_sparse_indices() {
    let mut bin = triangle_bin();
    bin.extend_from_slice(&[0, 0, 9, 0]); // sparse index 0, then value 9
    let mut json = glb_json();
    json["buffers"][0]["byteLength"] = json!(bin.len());
    json["bufferViews"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "buffer": 0, "byteOffset": 44, "byteLength": 4 }));
    json["accessors"][1]["sparse"] = json!({
        "count": 1,
        "indices": { "bufferView": 2, "componentType": 5123 },
        "values": { "bufferView": 2, "byteOffset": 2 }
    });
    assert_error(
        check_model(&glb(&json, Some(&bin))),
        "index-out-of-range",
        &["accessors[1]", "9"],
    );
}

#[test]
fn index_accessor_must_be_unsigned_scalar() {
    let mut json = glb_json();
    json["meshes"][0]["primitives"][0]["indices"] = json!(0);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "invalid-value",
        &["accessors[0]", "meshes[0].primitives[0]", "5126", "VEC3"],
    );
}

#[test]
fn primitive_without_position() {
    let mut json = glb_json();
    json["meshes"][0]["primitives"][0]["attributes"] = json!({ "NORMAL": 0 });
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "missing-position",
        &["meshes[0].primitives[0]"],
    );
}

#[test]
fn position_without_bounds() {
    let mut json = glb_json();
    json["accessors"][0].as_object_mut().unwrap().remove("max");
    let bytes = glb(&json, Some(&triangle_bin()));
    assert_error(
        check_model(&bytes),
        "invalid-value",
        &["accessors[0].max", "meshes[0].primitives[0]"],
    );
    assert!(
        gltf::Gltf::from_slice(&bytes).is_err(),
        "gltf 1.4.1 requires POSITION max"
    );
}

#[test]
fn attribute_count_mismatch() {
    let mut json = glb_json();
    json["accessors"].as_array_mut().unwrap().push(json!({
        "bufferView": 0, "componentType": 5126, "count": 2, "type": "VEC3"
    }));
    json["meshes"][0]["primitives"][0]["attributes"]["NORMAL"] = json!(2);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "attribute-count",
        &["meshes[0].primitives[0].attributes.NORMAL", "2", "3"],
    );
}

// Index references.

#[test]
fn bad_index_references() {
    let cases: [(&str, Value, &str, &str); 9] = [
        (
            "/meshes/0/primitives/0/material",
            json!(5),
            "meshes[0].primitives[0].material",
            "materials[5]",
        ),
        (
            "/meshes/0/primitives/0/attributes/POSITION",
            json!(9),
            "meshes[0].primitives[0].attributes.POSITION",
            "accessors[9]",
        ),
        (
            "/meshes/0/primitives/0/indices",
            json!(2),
            "meshes[0].primitives[0].indices",
            "accessors[2]",
        ),
        (
            "/accessors/1/bufferView",
            json!(4),
            "accessors[1].bufferView",
            "bufferViews[4]",
        ),
        (
            "/bufferViews/1/buffer",
            json!(1),
            "bufferViews[1].buffer",
            "buffers[1]",
        ),
        ("/nodes/0/mesh", json!(3), "nodes[0].mesh", "meshes[3]"),
        ("/nodes/0/camera", json!(0), "nodes[0].camera", "cameras[0]"),
        (
            "/scenes/0/nodes/0",
            json!(8),
            "scenes[0].nodes[0]",
            "nodes[8]",
        ),
        ("/scene", json!(1), "scene", "scenes[1]"),
    ];
    for (pointer, value, path, target) in cases {
        let mut json = glb_json();
        set_pointer(&mut json, pointer, value);
        assert_error(
            check_model(&glb(&json, Some(&triangle_bin()))),
            "bad-index",
            &[path, target],
        );
    }
}

#[test]
fn bad_material_and_texture_references() {
    let mut json = glb_json();
    json["images"] = json!([{ "uri": "wood.png" }]);
    json["samplers"] = json!([{ "magFilter": 9729 }]);
    json["textures"] = json!([{ "source": 0, "sampler": 0 }]);
    json["materials"] = json!([{
        "pbrMetallicRoughness": { "baseColorTexture": { "index": 0 } },
        "extensions": { "KHR_materials_clearcoat": { "clearcoatTexture": { "index": 0 } } }
    }]);
    let bytes = glb(&json, Some(&triangle_bin()));
    check_model(&bytes).expect("valid references");
    assert_gltf_crate_accepts(&bytes);

    let cases: [(&str, Value, &str, &str); 5] = [
        (
            "/textures/0/source",
            json!(1),
            "textures[0].source",
            "images[1]",
        ),
        (
            "/textures/0/sampler",
            json!(2),
            "textures[0].sampler",
            "samplers[2]",
        ),
        (
            "/materials/0/pbrMetallicRoughness/baseColorTexture/index",
            json!(3),
            "materials[0].pbrMetallicRoughness.baseColorTexture.index",
            "textures[3]",
        ),
        (
            "/materials/0/extensions/KHR_materials_clearcoat/clearcoatTexture/index",
            json!(4),
            "materials[0].extensions.KHR_materials_clearcoat.clearcoatTexture.index",
            "textures[4]",
        ),
        (
            "/images/0",
            json!({ "bufferView": 7, "mimeType": "image/png" }),
            "images[0].bufferView",
            "bufferViews[7]",
        ),
    ];
    for (pointer, value, path, target) in cases {
        let mut broken = json.clone();
        set_pointer(&mut broken, pointer, value);
        assert_error(
            check_model(&glb(&broken, Some(&triangle_bin()))),
            "bad-index",
            &[path, target],
        );
    }

    let mut broken = json.clone();
    broken["samplers"][0]["wrapS"] = json!(1234);
    assert_error(
        check_model(&glb(&broken, Some(&triangle_bin()))),
        "invalid-value",
        &["samplers[0].wrapS", "1234"],
    );
}

#[test]
fn image_sources() {
    let mut json = glb_json();
    json["images"] = json!([{ "bufferView": 0 }]);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "invalid-value",
        &["images[0].mimeType"],
    );

    json["images"] = json!([{ "name": "nothing" }]);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "invalid-value",
        &["images[0]", "uri", "bufferView"],
    );

    json["images"] = json!([{ "bufferView": 0, "mimeType": "image/png", "uri": "a.png" }]);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "invalid-value",
        &["images[0]"],
    );

    json["images"] = json!([{ "bufferView": 0, "mimeType": "image/png" }]);
    check_model(&glb(&json, Some(&triangle_bin()))).expect("image in a bufferView");
}

#[test]
fn camera_projection_must_match_type() {
    let mut json = glb_json();
    json["cameras"] =
        json!([{ "type": "orthographic", "perspective": { "yfov": 1.0, "znear": 0.1 } }]);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "invalid-value",
        &["cameras[0].orthographic"],
    );
}

#[test]
fn skin_and_animation_references() {
    let mut json = glb_json();
    json["skins"] = json!([{ "joints": [0, 4] }]);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "bad-index",
        &["skins[0].joints[1]", "nodes[4]"],
    );

    let mut json = glb_json();
    json["animations"] = json!([{
        "samplers": [{ "input": 0, "output": 0 }],
        "channels": [{ "sampler": 1, "target": { "node": 0, "path": "translation" } }]
    }]);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "bad-index",
        &["animations[0].channels[0].sampler", "animation samplers[1]"],
    );
}

#[test]
fn light_reference() {
    let mut json = glb_json();
    json["extensionsUsed"] = json!(["KHR_lights_punctual"]);
    json["extensions"] = json!({ "KHR_lights_punctual": { "lights": [{ "type": "point" }] } });
    json["nodes"][0]["extensions"] = json!({ "KHR_lights_punctual": { "light": 0 } });
    let bytes = glb(&json, Some(&triangle_bin()));
    check_model(&bytes).expect("valid light");
    assert_gltf_crate_accepts(&bytes);

    json["nodes"][0]["extensions"]["KHR_lights_punctual"]["light"] = json!(1);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "bad-index",
        &["nodes[0].extensions.KHR_lights_punctual.light"],
    );
}

// Node hierarchy.

#[test]
fn node_cycle() {
    let mut json = glb_json();
    json["nodes"] =
        json!([{ "children": [1], "mesh": 0 }, { "children": [2] }, { "children": [0] }]);
    json["scenes"] = json!([{ "nodes": [] }]);
    let error = assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "node-cycle",
        &["nodes[0]", "nodes[1]", "nodes[2]"],
    );
    assert!(
        error
            .to_string()
            .contains("nodes[1] -> nodes[2] -> nodes[0] -> nodes[1]"),
        "{error}"
    );

    json["nodes"] = json!([{ "children": [0] }]);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "node-cycle",
        &["nodes[0] -> nodes[0]"],
    );
}

#[test]
fn node_with_two_parents() {
    let mut json = glb_json();
    json["nodes"] = json!([{ "children": [2] }, { "children": [2] }, { "mesh": 0 }]);
    json["scenes"] = json!([{ "nodes": [0, 1] }]);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "multiple-parents",
        &["nodes[2]", "nodes[0]", "nodes[1]"],
    );

    json["nodes"] = json!([{ "children": [1, 1] }, { "mesh": 0 }]);
    json["scenes"] = json!([{ "nodes": [0] }]);
    assert_error(
        check_model(&glb(&json, Some(&triangle_bin()))),
        "multiple-parents",
        &["nodes[1]", "nodes[0].children"],
    );
}

#[test]
fn deep_chain_is_too_deep_without_stack_overflow() {
    // A 64 KiB stack is enough for a walk of constant depth, but not for a recursion 10,000
    // levels deep.
    for reversed in [false, true] {
        let bytes = chain_glb(10_000, reversed);
        let result = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || check_model(&bytes))
            .expect("spawn test thread")
            .join()
            .expect("check_model must not overflow the stack");
        let first_too_deep = if reversed { 10_000 - 65 } else { 64 };
        let node = format!("nodes[{first_too_deep}]");
        assert_error(result, "too-deep", &[&node, "65", "64"]);
    }
}

#[test]
fn chain_at_depth_limit_passes() {
    let bytes = chain_glb(64, false);
    check_model(&bytes).expect("64 levels are allowed");
    assert_gltf_crate_accepts(&bytes);
    assert_error(
        check_model(&chain_glb(65, true)),
        "too-deep",
        &["nodes[0]", "65"],
    );
}

// Robustness.

/// Cuts and corrupts a valid GLB at every byte; check_model must return, never panic.
#[test]
fn corrupted_glb_never_panics() {
    let bytes = valid_glb();
    for length in 0..bytes.len() {
        let _ = check_model(&bytes[..length]);
    }
    for position in 0..bytes.len() {
        for replacement in [0x00, 0x01, 0x7F, 0xFF] {
            let mut corrupted = bytes.clone();
            corrupted[position] = replacement;
            let _ = check_model(&corrupted);
        }
    }
}
