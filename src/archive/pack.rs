//! The archive file: a gzip-compressed tar of `records/<table>.json` parts, `files/<storage key>` parts (the
//! bytes of media and papers) and `manifest.json`, which names every other part with its SHA-256 and size.
//! Reading checks every part against the manifest before anything is written anywhere.
use std::{
    collections::BTreeMap,
    fs::File,
    io::{self, Read, Write},
    path::PathBuf,
};

use flate2::{Compression, read::GzDecoder, write::GzEncoder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::ArchiveError;

pub const FORMAT: &str = "townhall-council-archive";
pub const VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";

/// What the archive holds: the same council's data gives the same manifest, whichever database it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// The last database migration of the Townhall that wrote it: an archive restores into the same schema.
    pub schema: String,
    pub council: ManifestCouncil,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestCouncil {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
    /// For record parts: how many rows.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rows: Option<usize>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes parts one at a time, remembering each one's hash for the manifest, which goes last.
pub struct Writer<W: Write> {
    tar: tar::Builder<GzEncoder<W>>,
    parts: Vec<Part>,
    mtime: u64,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, mtime: u64) -> Self {
        Self {
            tar: tar::Builder::new(GzEncoder::new(out, Compression::default())),
            parts: Vec::new(),
            mtime,
        }
    }

    pub fn add(&mut self, name: &str, bytes: &[u8], rows: Option<usize>) -> io::Result<()> {
        self.append(name, bytes)?;
        self.parts.push(Part {
            name: name.to_owned(),
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
            rows,
        });
        Ok(())
    }

    fn append(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(self.mtime);
        header.set_entry_type(tar::EntryType::Regular);
        self.tar.append_data(&mut header, name, bytes)
    }

    /// Adds the manifest and closes the archive; returns the manifest written.
    pub fn finish(mut self, schema: String, council: ManifestCouncil) -> io::Result<Manifest> {
        let mut parts = std::mem::take(&mut self.parts);
        parts.sort_by(|a, b| a.name.cmp(&b.name));
        let manifest = Manifest {
            format: FORMAT.into(),
            version: VERSION,
            schema,
            council,
            parts,
        };
        let bytes = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
        self.append(MANIFEST, &bytes)?;
        self.tar.into_inner()?.finish()?.flush()?;
        Ok(manifest)
    }
}

/// An archive unpacked into a temporary directory, every part checked against the manifest.
pub struct Unpacked {
    pub manifest: Manifest,
    files: BTreeMap<String, PathBuf>,
    _dir: tempfile::TempDir,
}

impl Unpacked {
    pub fn read(&self, name: &str) -> Result<Vec<u8>, ArchiveError> {
        let path = self
            .files
            .get(name)
            .ok_or_else(|| ArchiveError::Damaged(format!("the archive has no part {name}")))?;
        std::fs::read(path).map_err(ArchiveError::internal)
    }

    pub fn path(&self, name: &str) -> Option<&PathBuf> {
        self.files.get(name)
    }
}

/// The names a part may have: no other (no `..`, no absolute paths, nothing unexpected) is taken.
fn allowed_name(name: &str) -> bool {
    let simple = |s: &str| {
        !s.is_empty()
            && s.len() <= 100
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if name == MANIFEST {
        return true;
    }
    if let Some(table) = name
        .strip_prefix("records/")
        .and_then(|t| t.strip_suffix(".json"))
    {
        return simple(table);
    }
    if let Some(key) = name.strip_prefix("files/") {
        let parts: Vec<&str> = key.split('/').collect();
        return (1..=4).contains(&parts.len()) && parts.iter().all(|p| simple(p));
    }
    false
}

/// How much an archive may unpack to: bytes (records and files together) and parts. Both are counted while the
/// archive is read, so a small archive that would unpack to a large one is stopped at the limit.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_parts: usize,
}

impl Limits {
    pub fn from_settings(settings: &crate::config::Settings) -> Self {
        Self {
            max_bytes: settings.archive_max_unpacked_bytes,
            max_parts: settings.archive_max_parts,
        }
    }
}

/// Unpacks and checks the archive: the manifest must name every part with the right hash and size, and every
/// named part must be there. Anything else (not gzip, not tar, a part altered, added or missing) is refused, and
/// so is an archive past `limits`; the temporary directory goes with any refusal.
pub fn unpack(input: impl Read, limits: Limits) -> Result<Unpacked, ArchiveError> {
    let damaged = |what: String| ArchiveError::Damaged(what);
    let too_large = || {
        ArchiveError::TooLarge(format!(
            "archives may unpack to at most {} bytes in {} parts here",
            limits.max_bytes, limits.max_parts
        ))
    };
    let mut unpacked_bytes: u64 = 0;
    let dir = tempfile::tempdir().map_err(ArchiveError::internal)?;
    let mut archive = tar::Archive::new(GzDecoder::new(input));
    let mut found: BTreeMap<String, (String, u64, PathBuf)> = BTreeMap::new();
    let entries = archive
        .entries()
        .map_err(|e| damaged(format!("not a Townhall archive (gzip-compressed tar): {e}")))?;
    for (n, entry) in entries.enumerate() {
        if n >= limits.max_parts {
            return Err(too_large());
        }
        let mut entry = entry.map_err(|e| damaged(format!("the archive cannot be read: {e}")))?;
        let room = limits.max_bytes.saturating_sub(unpacked_bytes);
        if entry.header().size().unwrap_or(u64::MAX) > room {
            return Err(too_large());
        }
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(damaged(
                "the archive holds something other than files".into(),
            ));
        }
        let name = entry
            .path()
            .map_err(|e| damaged(format!("a part's name cannot be read: {e}")))?
            .to_string_lossy()
            .into_owned();
        if !allowed_name(&name) {
            return Err(damaged(format!(
                "the archive holds an unexpected part {name:?}"
            )));
        }
        if found.contains_key(&name) {
            return Err(damaged(format!("the archive holds {name} twice")));
        }
        let path = dir.path().join(format!("part-{n}"));
        let mut out = HashingWriter {
            file: File::create(&path).map_err(ArchiveError::internal)?,
            hash: Sha256::new(),
            bytes: 0,
        };
        // The header's size is the tar reader's bound too; taking one byte past the room left catches a reader
        // that gives more.
        io::copy(&mut (&mut entry).take(room.saturating_add(1)), &mut out)
            .map_err(|e| damaged(format!("{name} cannot be read whole: {e}")))?;
        if out.bytes > room {
            return Err(too_large());
        }
        unpacked_bytes += out.bytes;
        out.file.flush().map_err(ArchiveError::internal)?;
        found.insert(name, (hex(&out.hash.finalize()), out.bytes, path));
    }
    let (_, _, manifest_path) = found
        .remove(MANIFEST)
        .ok_or_else(|| damaged("the archive has no manifest.json".into()))?;
    let manifest: Manifest =
        serde_json::from_slice(&std::fs::read(&manifest_path).map_err(ArchiveError::internal)?)
            .map_err(|e| damaged(format!("manifest.json cannot be read: {e}")))?;
    if manifest.format != FORMAT {
        return Err(damaged(
            "manifest.json is not a Townhall council archive's".into(),
        ));
    }
    if manifest.version != VERSION {
        return Err(ArchiveError::Unsupported(format!(
            "archive format version {} (this Townhall reads version {VERSION})",
            manifest.version
        )));
    }
    let mut files = BTreeMap::new();
    for part in &manifest.parts {
        let Some((sha256, bytes, path)) = found.remove(&part.name) else {
            return Err(damaged(format!(
                "{} is missing from the archive",
                part.name
            )));
        };
        if sha256 != part.sha256 || bytes != part.bytes {
            return Err(damaged(format!(
                "{} does not match the manifest (SHA-256 {sha256}, {bytes} bytes; the manifest says {}, {} bytes)",
                part.name, part.sha256, part.bytes
            )));
        }
        files.insert(part.name.clone(), path);
    }
    if let Some(extra) = found.keys().next() {
        return Err(damaged(format!(
            "{extra} is in the archive but not in its manifest"
        )));
    }
    Ok(Unpacked {
        manifest,
        files,
        _dir: dir,
    })
}

struct HashingWriter {
    file: File,
    hash: Sha256,
    bytes: u64,
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names_are_only_those_the_writer_makes() {
        assert!(allowed_name("manifest.json"));
        assert!(allowed_name("records/content_items.json"));
        assert!(allowed_name(
            "files/0190aaaa-0000-7000-8000-000000000000/0190aaaa-0000-7000-8000-000000000001"
        ));
        for bad in [
            "../etc/passwd",
            "/abs",
            "records/../x.json",
            "files/a/../b",
            "files/",
            "records/.json",
            "other.txt",
        ] {
            assert!(!allowed_name(bad), "{bad}");
        }
    }
}
