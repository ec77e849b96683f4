//! The manifest of the generated files (`.devbox-gen.json` in the output
//! directory): which files devbox-gen owns there, and what it wrote in each.

use std::collections::BTreeMap;

use camino::Utf8Path;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::EmitError;
use super::tree::stays_inside;

/// The manifest of the generated files, inside the output directory.
pub const MANIFEST: &str = ".devbox-gen.json";
const GENERATOR: &str = concat!("devbox-gen ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Manifest {
    generator: String,
    /// Relative path → sha256 of the contents, sorted.
    pub(super) files: BTreeMap<String, String>,
}

impl Manifest {
    pub(super) fn new(files: BTreeMap<String, String>) -> Manifest {
        Manifest {
            generator: GENERATOR.to_owned(),
            files,
        }
    }

    pub(super) fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Parses the manifest found at `path`. Pruning deletes what it lists, so
    /// an entry outside the output directory, or naming the manifest itself,
    /// makes the whole manifest untrustworthy.
    pub(super) fn parse(bytes: &[u8], path: &Utf8Path) -> Result<Manifest, EmitError> {
        let bad = |reason: String| EmitError::BadManifest {
            path: path.to_owned(),
            reason,
        };
        let manifest: Manifest = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
        if let Some(rel) = manifest.files.keys().find(|rel| !stays_inside(rel)) {
            return Err(bad(format!("{rel:?} is outside the output directory")));
        }
        if manifest.files.contains_key(MANIFEST) {
            return Err(bad(format!("it lists itself ({MANIFEST})")));
        }
        Ok(manifest)
    }

    /// Whether `bytes` are what the manifest recorded for `rel`.
    pub(super) fn records(&self, rel: &str, bytes: &[u8]) -> bool {
        self.files
            .get(rel)
            .is_some_and(|digest| *digest == sha256_hex(bytes))
    }
}

pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    hex
}
