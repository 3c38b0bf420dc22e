//! Checks that each broken test file fails for its intended reason, and that the valid
//! `.gltf` variants pass, using the independent validator in `support`.

mod support;

use std::collections::BTreeMap;
use std::process::Command;

use exhibit_gen::broken::DEEP_TREE_DEPTH;
use exhibit_gen::broken_models;

fn files() -> BTreeMap<&'static str, Vec<u8>> {
    broken_models().into_iter().collect()
}

fn file(name: &str) -> Vec<u8> {
    files()
        .remove(name)
        .unwrap_or_else(|| panic!("broken_models() has no {name}"))
}

fn validate_gltf(name: &str) -> Result<support::ModelStats, String> {
    let json: serde_json::Value = serde_json::from_slice(&file(name))
        .unwrap_or_else(|error| panic!("{name} is not JSON: {error}"));
    let dir = std::env::temp_dir().join(format!("exhibit-gen-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    std::fs::write(dir.join("valid-separate.bin"), file("valid-separate.bin")).expect("write .bin");
    let buffers = support::load_gltf_buffers(&json, &dir)?;
    support::validate_document(&json, &buffers)
}

fn expect_error(result: Result<impl std::fmt::Debug, String>, name: &str, expected: &str) {
    match result {
        Ok(value) => panic!("{name} was accepted: {value:?}"),
        Err(error) => assert!(
            error.contains(expected),
            "{name} failed for another reason: {error}"
        ),
    }
}

#[test]
fn broken_file_names() {
    let names: Vec<&str> = broken_models().iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        [
            "truncated.glb",
            "not-gltf.glb",
            "bad-version.glb",
            "zero-length.glb",
            "accessor-overflow.glb",
            "deep-tree.gltf",
            "node-cycle.gltf",
            "unsupported-extension.gltf",
            "valid-data-uri.gltf",
            "valid-separate.gltf",
            "valid-separate.bin",
            "valid-skinned.gltf",
        ]
    );
}

#[test]
fn truncated_glb_rejected() {
    expect_error(
        support::validate_glb(&file("truncated.glb")),
        "truncated.glb",
        "does not match the file size",
    );
}

#[test]
fn html_glb_rejected() {
    let bytes = file("not-gltf.glb");
    assert!(bytes.starts_with(b"<!DOCTYPE html>"));
    expect_error(
        support::validate_glb(&bytes),
        "not-gltf.glb",
        "invalid magic",
    );
}

#[test]
fn version_one_glb_rejected() {
    expect_error(
        support::validate_glb(&file("bad-version.glb")),
        "bad-version.glb",
        "unsupported GLB version 1",
    );
}

#[test]
fn zero_length_glb_rejected() {
    expect_error(
        support::validate_glb(&file("zero-length.glb")),
        "zero-length.glb",
        "header length 0",
    );
}

#[test]
fn accessor_overflow_rejected() {
    let bytes = file("accessor-overflow.glb");

    // Only the accessor is wrong: the container itself is intact.
    assert!(support::parse_glb(&bytes).is_ok());
    expect_error(
        support::validate_glb(&bytes),
        "accessor-overflow.glb",
        "needs",
    );
}

#[test]
fn deep_tree_is_deep() {
    let stats = validate_gltf("deep-tree.gltf").expect("deep-tree.gltf is structurally valid");
    assert!(
        stats.max_depth > DEEP_TREE_DEPTH,
        "depth {} is not beyond {DEEP_TREE_DEPTH}",
        stats.max_depth
    );
    assert!(stats.triangle_count > 0, "the chain should end in a mesh");
}

#[test]
fn node_cycle_rejected() {
    expect_error(validate_gltf("node-cycle.gltf"), "node-cycle.gltf", "cycle");
}

#[test]
fn draco_requirement_rejected() {
    expect_error(
        validate_gltf("unsupported-extension.gltf"),
        "unsupported-extension.gltf",
        "KHR_draco_mesh_compression",
    );
}

#[test]
fn data_uri_gltf_valid() {
    let stats = validate_gltf("valid-data-uri.gltf")
        .unwrap_or_else(|error| panic!("valid-data-uri.gltf: {error}"));
    assert!(stats.triangle_count > 0);
}

#[test]
fn separate_bin_gltf_valid() {
    let stats = validate_gltf("valid-separate.gltf")
        .unwrap_or_else(|error| panic!("valid-separate.gltf: {error}"));
    assert!(stats.triangle_count > 0);
    let json: serde_json::Value =
        serde_json::from_slice(&file("valid-separate.gltf")).expect("JSON");
    assert_eq!(json["buffers"][0]["uri"], "valid-separate.bin");
}

#[test]
fn skinned_gltf_valid() {
    let stats = validate_gltf("valid-skinned.gltf")
        .unwrap_or_else(|error| panic!("valid-skinned.gltf: {error}"));
    assert_eq!(stats.triangle_count, 2);
    let json: serde_json::Value = serde_json::from_slice(&file("valid-skinned.gltf")).expect("JSON");
    assert_eq!(json["skins"][0]["joints"], serde_json::json!([1, 2]));
    assert!(json["meshes"][0]["primitives"][0]["targets"].is_array());
}

#[test]
fn cli_writes_broken_files() {
    let dir = std::env::temp_dir().join(format!("exhibit-gen-cli-broken-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let output = Command::new(env!("CARGO_BIN_EXE_exhibit-gen"))
        .arg("--broken")
        .arg(&dir)
        .output()
        .expect("run exhibit-gen");
    assert!(
        output.status.success(),
        "exhibit-gen --broken failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    for (name, bytes) in broken_models() {
        let written = std::fs::read(dir.join(name))
            .unwrap_or_else(|error| panic!("{name} not written: {error}"));
        assert!(written == bytes, "{name} differs from broken_models()");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_broken_needs_directory() {
    let output = Command::new(env!("CARGO_BIN_EXE_exhibit-gen"))
        .arg("--broken")
        .output()
        .expect("run exhibit-gen");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--broken needs an output directory"));
}
