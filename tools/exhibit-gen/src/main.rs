//! Command-line entry point; run with `--help` for usage.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Usage:
  exhibit-gen [OUT_DIR]          Write the exhibit models (.glb) into OUT_DIR
                                 (default: scenes/guangxi-2022/models in the workspace).
  exhibit-gen --broken OUT_DIR   Write deliberately broken glTF files for loader tests into
                                 OUT_DIR. Keep them out of scenes/, which is deployed.
  exhibit-gen --help             Print this help.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match arg_refs.as_slice() {
        ["--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        ["--broken", out_dir] => write_broken(PathBuf::from(out_dir)),
        ["--broken"] => Err("--broken needs an output directory, for example: exhibit-gen --broken target/broken-models".to_owned()),
        [] => write_exhibits(exhibit_gen::default_out_dir()),
        [out_dir] if !out_dir.starts_with('-') => write_exhibits(PathBuf::from(out_dir)),
        _ => Err(format!("invalid arguments: {}\n\n{USAGE}", args.join(" "))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn write_exhibits(out_dir: PathBuf) -> Result<(), String> {
    let models = exhibit_gen::generate_exhibits();
    let files: Vec<(&str, &[u8])> = models
        .iter()
        .map(|model| (model.file_name, model.glb.as_slice()))
        .collect();
    exhibit_gen::write_files(&out_dir, &files)
        .map_err(|error| format!("failed to write models into {}: {error}", out_dir.display()))?;

    println!("{:<22} {:>9} {:>10}", "file", "bytes", "triangles");
    for model in &models {
        println!(
            "{:<22} {:>9} {:>10}",
            model.file_name,
            model.glb.len(),
            model.triangle_count
        );
    }
    println!("wrote {} models into {}", models.len(), out_dir.display());
    Ok(())
}

fn write_broken(out_dir: PathBuf) -> Result<(), String> {
    let models = exhibit_gen::broken_models();
    let files: Vec<(&str, &[u8])> = models
        .iter()
        .map(|(name, bytes)| (*name, bytes.as_slice()))
        .collect();
    exhibit_gen::write_files(&out_dir, &files).map_err(|error| {
        format!(
            "failed to write broken models into {}: {error}",
            out_dir.display()
        )
    })?;
    for (name, bytes) in &models {
        println!("{name:<28} {:>9} bytes", bytes.len());
    }
    println!("wrote {} files into {}", models.len(), out_dir.display());
    Ok(())
}
