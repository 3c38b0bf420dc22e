//! Recognizes GLB and `.gltf` bodies and splits a GLB into its JSON and BIN chunks.
//!
//! GLB layout (glTF 2.0 specification, "Binary glTF Layout"): a 12-byte header (magic `glTF`,
//! u32 version, u32 total length), then chunks of u32 length, u32 type and data. The first chunk
//! is JSON and the optional second is BIN. All integers are little-endian.

use crate::error::{FileKind, ModelError};
use crate::{Container, MAX_JSON_BYTES};

const GLB_MAGIC: &[u8; 4] = b"glTF";
const GLB_HEADER_BYTES: u64 = 12;
const CHUNK_HEADER_BYTES: u64 = 8;
const CHUNK_TYPE_JSON: &[u8; 4] = b"JSON";
const CHUNK_TYPE_BIN: &[u8; 4] = b"BIN\0";
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The JSON text of a model and, for a GLB with a BIN chunk, the BIN chunk's data.
pub(crate) struct Split<'a> {
    pub container: Container,
    pub json: &'a [u8],
    pub bin: Option<&'a [u8]>,
}

pub(crate) fn split(bytes: &[u8]) -> Result<Split<'_>, ModelError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ModelError::Empty);
    }

    let is_glb_prefix = bytes.len() < GLB_MAGIC.len() && GLB_MAGIC.starts_with(bytes);
    if bytes.starts_with(GLB_MAGIC) || is_glb_prefix {
        return split_glb(bytes);
    }

    let json = recognize_json(bytes)?;
    check_json_size(json)?;
    Ok(Split {
        container: Container::Gltf,
        json,
        bin: None,
    })
}

/// Returns the body as `.gltf` JSON text, or an error that names what the body is instead.
fn recognize_json(bytes: &[u8]) -> Result<&[u8], ModelError> {
    if bytes.starts_with(UTF8_BOM) {
        return Err(ModelError::ByteOrderMark);
    }
    if bytes.starts_with(b"\x89PNG") {
        return Err(ModelError::NotGltf {
            kind: FileKind::Png,
        });
    }
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        return Err(ModelError::NotGltf {
            kind: FileKind::Jpeg,
        });
    }

    let first_text_byte = bytes
        .iter()
        .copied()
        .find(|byte| !byte.is_ascii_whitespace());
    match first_text_byte {
        Some(b'{') => Ok(bytes),
        Some(b'<') => Err(ModelError::NotGltf {
            kind: FileKind::Html,
        }),
        _ => {
            let mut first_bytes = [0; 4];
            let copied = bytes.len().min(first_bytes.len());
            first_bytes[..copied].copy_from_slice(&bytes[..copied]);
            Err(ModelError::NotGltf {
                kind: FileKind::Other { first_bytes },
            })
        }
    }
}

fn check_json_size(json: &[u8]) -> Result<(), ModelError> {
    let bytes = json.len() as u64;
    if bytes > MAX_JSON_BYTES {
        return Err(ModelError::JsonTooLarge {
            bytes,
            limit: MAX_JSON_BYTES,
        });
    }
    Ok(())
}

fn split_glb(bytes: &[u8]) -> Result<Split<'_>, ModelError> {
    let actual = bytes.len() as u64;
    if actual < GLB_HEADER_BYTES {
        return Err(ModelError::Truncated {
            expected: Some(GLB_HEADER_BYTES),
            actual,
        });
    }

    // The version comes first, because a glTF 1.0 binary file (version 1) is best reported as
    // such, whatever its length fields contain.
    let version = read_u32(bytes, 4);
    if version != 2 {
        return Err(ModelError::BadVersion { version });
    }

    let declared = read_u32(bytes, 8);
    if u64::from(declared) > actual {
        return Err(ModelError::Truncated {
            expected: Some(u64::from(declared)),
            actual,
        });
    }
    if u64::from(declared) != actual {
        return Err(ModelError::BadLength { declared, actual });
    }

    let mut chunks = ChunkReader {
        bytes,
        offset: GLB_HEADER_BYTES,
        index: 0,
    };

    let json_chunk = chunks.next_chunk()?;
    if &json_chunk.chunk_type != CHUNK_TYPE_JSON {
        return Err(json_chunk.wrong_type("JSON"));
    }
    check_json_size(json_chunk.data)?;

    let bin = if chunks.is_at_end() {
        None
    } else {
        let bin_chunk = chunks.next_chunk()?;
        if &bin_chunk.chunk_type != CHUNK_TYPE_BIN {
            return Err(bin_chunk.wrong_type("\"BIN\\0\""));
        }
        Some(bin_chunk.data)
    };

    // The specification requires loaders to ignore chunks of unknown types, and gltf 1.4.1 ignores
    // everything after the BIN chunk, but their headers must still describe the file.
    while !chunks.is_at_end() {
        chunks.next_chunk()?;
    }

    Ok(Split {
        container: Container::Glb,
        json: json_chunk.data,
        bin,
    })
}

struct Chunk<'a> {
    index: usize,
    offset: u64,
    chunk_type: [u8; 4],
    data: &'a [u8],
}

impl Chunk<'_> {
    fn wrong_type(&self, expected: &'static str) -> ModelError {
        ModelError::ChunkType {
            chunk: self.index,
            offset: self.offset,
            expected,
            found: self.chunk_type,
        }
    }
}

/// Walks the chunks after the GLB header. The caller has checked that the header's length
/// equals `bytes.len()`.
struct ChunkReader<'a> {
    bytes: &'a [u8],
    offset: u64,
    index: usize,
}

impl<'a> ChunkReader<'a> {
    fn is_at_end(&self) -> bool {
        self.offset == self.bytes.len() as u64
    }

    fn next_chunk(&mut self) -> Result<Chunk<'a>, ModelError> {
        let chunk = self.index;
        let offset = self.offset;
        let available = self.bytes.len() as u64 - offset;
        if available < CHUNK_HEADER_BYTES {
            return Err(ModelError::ChunkHeader {
                chunk,
                offset,
                available,
            });
        }

        // Offsets fit in usize because they are within `bytes`.
        let start = offset as usize;
        let length = read_u32(self.bytes, start);
        let mut chunk_type = [0; 4];
        chunk_type.copy_from_slice(&self.bytes[start + 4..start + 8]);

        let data_available = available - CHUNK_HEADER_BYTES;
        if u64::from(length) > data_available {
            return Err(ModelError::ChunkLength {
                chunk,
                offset,
                length,
                available: data_available,
            });
        }
        if !length.is_multiple_of(4) {
            return Err(ModelError::ChunkAlignment {
                chunk,
                offset,
                length,
            });
        }

        let data_start = start + CHUNK_HEADER_BYTES as usize;
        let data = &self.bytes[data_start..data_start + length as usize];
        self.offset = offset + CHUNK_HEADER_BYTES + u64::from(length);
        self.index += 1;
        Ok(Chunk {
            index: chunk,
            offset,
            chunk_type,
            data,
        })
    }
}

/// Reads a little-endian u32 at `offset`; the caller has checked that 4 bytes are there.
fn read_u32(bytes: &[u8], offset: usize) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(&bytes[offset..offset + 4]);
    u32::from_le_bytes(word)
}
