//! Generates the bundled exhibit models of the expo hall as binary glTF 2.0 (`.glb`) files,
//! with meshes built from code, and a set of deliberately broken glTF files for loader
//! failure tests.
//!
//! Model conventions: Y up, metres, front towards +Z. Each model rests on y = 0, centred on
//! x = z = 0, and fits in 2.4 m (x) by 2.6 m (y) by 2.4 m (z), the space above a booth plinth.

pub mod broken;
pub mod exhibits;
pub mod glb;
pub mod math;
pub mod mesh;
pub mod model;

use std::io;
use std::path::{Path, PathBuf};

pub use broken::broken_models;
pub use exhibits::{EXHIBITS, Exhibit};

/// Output directory for the bundled models, relative to the workspace root.
pub const DEFAULT_OUT_DIR: &str = "scenes/guangxi-2022/models";

/// One generated exhibit: file name, GLB bytes and triangle count.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedModel {
    pub file_name: &'static str,
    pub glb: Vec<u8>,
    pub triangle_count: usize,
}

/// Builds and encodes every exhibit in [`EXHIBITS`]. The output is deterministic.
pub fn generate_exhibits() -> Vec<GeneratedModel> {
    EXHIBITS
        .iter()
        .map(|exhibit| {
            let model = (exhibit.build)();
            GeneratedModel {
                file_name: exhibit.file_name,
                glb: glb::encode_glb(&model),
                triangle_count: model.triangle_count(),
            }
        })
        .collect()
}

/// Returns the default output directory: [`DEFAULT_OUT_DIR`] under the workspace root, which
/// is found from this crate's manifest directory at compile time.
pub fn default_out_dir() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));

    // The crate lives in tools/exhibit-gen, two levels below the workspace root.
    manifest_dir
        .ancestors()
        .nth(2)
        .unwrap_or(manifest_dir)
        .join(DEFAULT_OUT_DIR)
}

/// Writes `files` (name and contents) into `dir`, creating it if needed, and returns the
/// written paths.
pub fn write_files(dir: &Path, files: &[(&str, &[u8])]) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::with_capacity(files.len());
    for (name, contents) in files {
        let path = dir.join(name);
        std::fs::write(&path, contents)?;
        written.push(path);
    }
    Ok(written)
}
