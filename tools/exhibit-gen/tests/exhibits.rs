//! Checks every generated exhibit with the independent validator in `support`, plus the
//! size limits, determinism, the command line and the bundled copies in scenes/.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use exhibit_gen::{GeneratedModel, generate_exhibits};

/// Space above a booth plinth, in metres: width (x), height (y), depth (z).
const MAX_SIZE: [f64; 3] = [2.4, 2.6, 2.4];
const MAX_TRIANGLES: usize = 15_000;
const MAX_BYTES: usize = 400 * 1024;

const EXPECTED_FILES: [&str; 16] = [
    "wheel-loader.glb",
    "electric-car.glb",
    "engine.glb",
    "harbour-crane.glb",
    "sugarcane.glb",
    "citrus.glb",
    "satellite-dish.glb",
    "dna-helix.glb",
    "microscope.glb",
    "seismograph.glb",
    "weather-station.glb",
    "train.glb",
    "wind-turbine.glb",
    "robot-arm.glb",
    "drone.glb",
    "fire-truck.glb",
];

fn models() -> Vec<GeneratedModel> {
    generate_exhibits()
}

/// Creates an empty scratch directory under the system temp directory for one test.
fn scratch_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("exhibit-gen-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

#[test]
fn exhibit_file_names() {
    let names: Vec<&str> = models().iter().map(|model| model.file_name).collect();
    assert_eq!(names, EXPECTED_FILES);
}

#[test]
fn exhibits_are_valid_gltf() {
    for model in models() {
        let stats = support::validate_glb(&model.glb)
            .unwrap_or_else(|error| panic!("{} is invalid: {error}", model.file_name));
        assert_eq!(
            stats.triangle_count, model.triangle_count,
            "{}: triangle count in the file differs from the model",
            model.file_name
        );
    }
}

#[test]
fn exhibit_header_and_asset() {
    for model in models() {
        let glb = support::parse_glb(&model.glb)
            .unwrap_or_else(|error| panic!("{} is not a GLB: {error}", model.file_name));
        assert_eq!(glb.json["asset"]["version"], "2.0", "{}", model.file_name);
        assert_eq!(
            glb.json["asset"]["generator"],
            exhibit_gen::glb::GENERATOR,
            "{}",
            model.file_name
        );
        assert_eq!(
            glb.json["buffers"].as_array().map(Vec::len),
            Some(1),
            "{}: expected exactly one buffer",
            model.file_name
        );
        assert!(
            glb.json["buffers"][0].get("uri").is_none(),
            "{}: the GLB buffer must not have a uri",
            model.file_name
        );
        assert!(glb.bin.is_some(), "{}: missing BIN chunk", model.file_name);
        for (index, view) in glb.json["bufferViews"]
            .as_array()
            .expect("bufferViews")
            .iter()
            .enumerate()
        {
            assert!(
                view.get("target").is_some(),
                "{}: bufferView {index} has no target",
                model.file_name
            );
        }
        for (index, material) in glb.json["materials"]
            .as_array()
            .expect("materials")
            .iter()
            .enumerate()
        {
            let pbr = &material["pbrMetallicRoughness"];
            for key in ["baseColorFactor", "metallicFactor", "roughnessFactor"] {
                assert!(
                    pbr.get(key).is_some(),
                    "{}: material {index} has no {key}",
                    model.file_name
                );
            }
        }
    }
}

#[test]
fn exhibit_nodes_are_named() {
    for model in models() {
        let glb = support::parse_glb(&model.glb).expect("valid GLB");
        let nodes = glb.json["nodes"].as_array().expect("nodes");
        assert!(
            nodes.len() > 1,
            "{}: expected a node tree, found {} node",
            model.file_name,
            nodes.len()
        );
        for (index, node) in nodes.iter().enumerate() {
            let name = node["name"].as_str().unwrap_or("");
            assert!(
                !name.is_empty(),
                "{}: node {index} has no name",
                model.file_name
            );
        }
    }
}

#[test]
fn exhibit_bounds_fit_plinth() {
    for model in models() {
        let stats = support::validate_glb(&model.glb).expect("valid GLB");
        let (min, max) = stats.bounds;
        for axis in 0..3 {
            let size = max[axis] - min[axis];
            assert!(
                size <= MAX_SIZE[axis] + 1e-4,
                "{}: size {size:.3} m along axis {axis} exceeds {} m",
                model.file_name,
                MAX_SIZE[axis]
            );
        }
        assert!(
            min[1].abs() < 1e-4,
            "{}: lowest point is at y = {}, expected 0",
            model.file_name,
            min[1]
        );
        for axis in [0, 2] {
            let center = (min[axis] + max[axis]) * 0.5;
            assert!(
                center.abs() < 1e-3,
                "{}: bounds centre on axis {axis} is {center:.4}, expected 0",
                model.file_name
            );
        }
    }
}

#[test]
fn exhibit_budgets() {
    for model in models() {
        assert!(
            model.triangle_count <= MAX_TRIANGLES,
            "{}: {} triangles exceed {MAX_TRIANGLES}",
            model.file_name,
            model.triangle_count
        );
        assert!(
            model.glb.len() <= MAX_BYTES,
            "{}: {} bytes exceed {MAX_BYTES}",
            model.file_name,
            model.glb.len()
        );
    }
}

#[test]
fn exhibit_winding_matches_normals() {
    for model in models() {
        let misoriented = support::count_misoriented_triangles(&model.glb).expect("valid GLB");
        assert_eq!(
            misoriented, 0,
            "{}: triangles wound against their normals",
            model.file_name
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let first = models();
    let second = models();
    for (a, b) in first.iter().zip(&second) {
        assert!(
            a.glb == b.glb,
            "{}: two runs in one process differ",
            a.file_name
        );
    }
}

#[test]
fn cli_runs_are_byte_identical() {
    let dirs = [scratch_dir("run-a"), scratch_dir("run-b")];
    for dir in &dirs {
        let status = Command::new(env!("CARGO_BIN_EXE_exhibit-gen"))
            .arg(dir)
            .output()
            .expect("run exhibit-gen");
        assert!(
            status.status.success(),
            "exhibit-gen failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    for name in EXPECTED_FILES {
        let a = std::fs::read(dirs[0].join(name))
            .unwrap_or_else(|error| panic!("{name} missing in first run: {error}"));
        let b = std::fs::read(dirs[1].join(name))
            .unwrap_or_else(|error| panic!("{name} missing in second run: {error}"));
        assert!(a == b, "{name} differs between two runs");
    }
    for dir in &dirs {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn cli_rejects_unknown_option() {
    let output = Command::new(env!("CARGO_BIN_EXE_exhibit-gen"))
        .arg("--frobnicate")
        .output()
        .expect("run exhibit-gen");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid arguments"));
}

/// The models in scenes/ are what the generator produces now; after changing an exhibit,
/// regenerate them with `cargo run -p exhibit-gen`.
#[test]
fn bundled_models_are_current() {
    let dir = exhibit_gen::default_out_dir();
    assert!(
        dir.ends_with(Path::new("scenes/guangxi-2022/models")),
        "unexpected default directory {}",
        dir.display()
    );
    for model in models() {
        let path = dir.join(model.file_name);
        let bundled = std::fs::read(&path).unwrap_or_else(|error| {
            panic!(
                "cannot read {}: {error}; run `cargo run -p exhibit-gen`",
                path.display()
            )
        });
        assert!(
            bundled == model.glb,
            "{} is out of date; run `cargo run -p exhibit-gen`",
            path.display()
        );
    }
}

/// Guards the validator itself: a POSITION max that disagrees with the data must fail.
#[test]
fn validator_rejects_wrong_position_max() {
    let model = models().remove(0);
    let glb = support::parse_glb(&model.glb).expect("valid GLB");
    let mut json = glb.json;
    let max_x = json["accessors"][0]["max"][0]
        .as_f64()
        .expect("POSITION max");
    json["accessors"][0]["max"][0] = serde_json::json!(max_x + 0.5);
    let tampered = exhibit_gen::glb::assemble_glb(&json, &glb.bin.expect("BIN chunk"));
    let error = support::validate_glb(&tampered).expect_err("tampered max was accepted");
    assert!(
        error.contains("POSITION max[0]"),
        "failed for another reason: {error}"
    );
}
