//! `expo-service precompress DIR`: writes `.br` and `.gz` copies of compressible files once at
//! build time, at the strongest settings, so the service never compresses them per request.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Extensions of files worth compressing. Images and video are compressed already.
const COMPRESSIBLE: [&str; 14] = [
    "html", "js", "mjs", "css", "wasm", "json", "glb", "gltf", "bin", "svg", "txt", "vtt", "xml",
    "md",
];
/// Smaller files gain less than the extra request headers cost.
const MIN_BYTES: u64 = 1024;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub written: usize,
    pub up_to_date: usize,
    pub skipped: usize,
}

/// Compresses every compressible file under `dir` whose `.br` or `.gz` copy is missing or
/// older than the file. A copy that would not be smaller than the file is not written, and a
/// stale one is removed.
pub fn run(dir: &Path) -> Result<Summary, String> {
    let mut files = Vec::new();
    collect(dir, &mut files).map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    let mut summary = Summary::default();
    for file in files {
        let metadata = fs::metadata(&file)
            .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
        if metadata.len() < MIN_BYTES || !is_compressible(&file) {
            summary.skipped += 1;
            continue;
        }
        for (suffix, compress) in [
            ("br", brotli_bytes as fn(&[u8]) -> io::Result<Vec<u8>>),
            ("gz", gzip_bytes),
        ] {
            let target = PathBuf::from(format!("{}.{suffix}", file.display()));
            if is_fresh(&target, &metadata) {
                summary.up_to_date += 1;
                continue;
            }
            let original = fs::read(&file)
                .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
            let compressed = compress(&original)
                .map_err(|error| format!("cannot compress {}: {error}", file.display()))?;
            if compressed.len() >= original.len() {
                let _ = fs::remove_file(&target);
                summary.skipped += 1;
                continue;
            }
            fs::write(&target, compressed)
                .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
            summary.written += 1;
        }
    }
    Ok(summary)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            collect(&path, files)?;
        } else if file_type.is_file() {
            files.push(path);
        }
    }
    Ok(())
}

fn is_compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| COMPRESSIBLE.contains(&extension.to_ascii_lowercase().as_str()))
}

fn is_fresh(target: &Path, source: &fs::Metadata) -> bool {
    let (Ok(target), Ok(source_modified)) = (fs::metadata(target), source.modified()) else {
        return false;
    };
    target
        .modified()
        .is_ok_and(|modified| modified >= source_modified)
}

fn brotli_bytes(input: &[u8]) -> io::Result<Vec<u8>> {
    let mut output = Vec::new();
    {
        // Quality 11 with a 16 MiB window (lgwin 24), the largest window of RFC 7932 that
        // browsers decode. It makes the wasm about 1 % smaller than the 4 MiB default.
        let mut writer = brotli::CompressorWriter::new(&mut output, 64 * 1024, 11, 24);
        writer.write_all(input)?;
        writer.flush()?;
    }
    Ok(output)
}

fn gzip_bytes(input: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(input)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("expo-precompress-{name}-{}", uuid::Uuid::new_v4()));
        fs::create_dir_all(dir.join("nested")).unwrap();
        dir
    }

    #[test]
    fn writes_copies_that_decompress_to_the_original() {
        let dir = temp_dir("roundtrip");
        let text = "走进科技 你我同行\n".repeat(500);
        fs::write(dir.join("nested/app.js"), &text).unwrap();
        fs::write(dir.join("photo.png"), vec![7u8; 4096]).unwrap();
        fs::write(dir.join("tiny.css"), "a{}").unwrap();

        let summary = run(&dir).unwrap();
        assert_eq!(summary.written, 2);
        assert!(!dir.join("photo.png.br").exists());
        assert!(!dir.join("tiny.css.gz").exists());

        let mut gunzipped = String::new();
        flate2::read::GzDecoder::new(fs::File::open(dir.join("nested/app.js.gz")).unwrap())
            .read_to_string(&mut gunzipped)
            .unwrap();
        assert_eq!(gunzipped, text);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(fs::File::open(dir.join("nested/app.js.br")).unwrap(), 4096)
            .read_to_string(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, text);

        let again = run(&dir).unwrap();
        assert_eq!(again.written, 0);
        assert_eq!(again.up_to_date, 2);
        fs::remove_dir_all(&dir).unwrap();
    }
}
