//! `.qdpx` archives: a zip with `project.qde` and a `sources/` folder. Read with every entry
//! checked before anything is unpacked (names that climb out, absolute names, links, sizes and
//! compression ratios), and written in a fixed order with fixed timestamps, so that one project
//! always gives the same bytes.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use zip::ZipArchive;

use crate::error::{Error, Location, Result};

const MIB: u64 = 1024 * 1024;

/// The most a `.qdpx` archive may unpack to in all (4 GiB): a thousand long transcripts with
/// their Word originals are far below it.
pub const MAX_QDPX_UNPACKED_BYTES: u64 = 4096 * MIB;

/// The most one entry may unpack to (1 GiB).
pub const MAX_QDPX_ENTRY_BYTES: u64 = 1024 * MIB;

/// The most an entry may unpack to, as a multiple of its packed size. XML and plain text pack
/// about tenfold; a zip bomb packs millions of times.
pub const MAX_QDPX_COMPRESSION_RATIO: u64 = 200;

/// Below this size an entry's ratio is not checked: a few kilobytes of repeated text pack far
/// better than 200 times and harm nobody.
const RATIO_CHECKED_FROM: u64 = MIB;

/// The most entries an archive may hold.
pub const MAX_QDPX_ENTRIES: usize = 100_000;

/// A checked archive: its entries by name (as written, and lower-cased for lookups).
pub struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    file: String,
    names: BTreeMap<String, usize>,
}

impl<'a> Archive<'a> {
    /// Open `bytes` as a `.qdpx` archive, checking every entry first.
    pub fn open(bytes: &'a [u8], file: &str) -> Result<Archive<'a>> {
        let bad = |message: String| Error::bad_input(Location::file(file), message);
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(format!("not a REFI-QDA project (.qdpx): it is not a zip archive ({e})")))?;
        if zip.len() > MAX_QDPX_ENTRIES {
            return Err(bad(format!("the archive holds {} entries, more than {MAX_QDPX_ENTRIES} (the limit)", zip.len())));
        }
        let mut names = BTreeMap::new();
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let entry = zip.by_index_raw(i).map_err(|e| bad(format!("entry {i} cannot be read ({e})")))?;
            let name = entry.name().to_string();
            let at = |message: String| Error::bad_input(Location::file(file).field(&name), message);
            if entry.is_symlink() {
                return Err(at(format!("`{name}` is a link; a .qdpx archive holds only files")));
            }
            let clean = name.replace('\\', "/");
            if clean.starts_with('/') || clean.split('/').any(|part| part == "..") || clean.chars().nth(1) == Some(':') {
                return Err(at(format!("`{name}` points outside the archive; a .qdpx archive's entries are relative paths")));
            }
            let (unpacked, packed) = (entry.size(), entry.compressed_size());
            if unpacked > MAX_QDPX_ENTRY_BYTES {
                return Err(at(format!("`{name}` unpacks to {} MiB, more than {} MiB (the limit for one entry)", unpacked / MIB, MAX_QDPX_ENTRY_BYTES / MIB)));
            }
            if unpacked > RATIO_CHECKED_FROM && unpacked / packed.max(1) > MAX_QDPX_COMPRESSION_RATIO {
                return Err(at(format!(
                    "`{name}` unpacks to {} times its packed size, more than {MAX_QDPX_COMPRESSION_RATIO} times (the limit); this looks like a zip bomb",
                    unpacked / packed.max(1)
                )));
            }
            total = total.saturating_add(unpacked);
            if total > MAX_QDPX_UNPACKED_BYTES {
                return Err(bad(format!("the archive unpacks to more than {} MiB (the limit)", MAX_QDPX_UNPACKED_BYTES / MIB)));
            }
            if !entry.is_dir() {
                names.insert(clean.to_lowercase(), i);
            }
        }
        Ok(Archive { zip, file: file.to_string(), names })
    }

    /// Whether the archive holds `name` (case-insensitive, `\` or `/`).
    pub fn has(&self, name: &str) -> bool {
        self.names.contains_key(&name.replace('\\', "/").to_lowercase())
    }

    /// The bytes of entry `name`; never more than its header declared.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>> {
        let key = name.replace('\\', "/").to_lowercase();
        let Some(&i) = self.names.get(&key) else {
            return Err(Error::bad_input(Location::file(&self.file), format!("the archive has no `{name}`")));
        };
        let entry = self.zip.by_index(i).map_err(|e| Error::bad_input(Location::file(&self.file).field(name), format!("`{name}` cannot be unpacked ({e})")))?;
        let declared = entry.size();
        let mut out = Vec::with_capacity(declared.min(64 * MIB) as usize);
        entry
            .take(declared.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| Error::bad_input(Location::file(&self.file).field(name), format!("`{name}` cannot be unpacked ({e})")))?;
        if out.len() as u64 > declared {
            return Err(Error::bad_input(Location::file(&self.file).field(name), format!("`{name}` holds more than its header declares; the archive is damaged")));
        }
        Ok(out)
    }
}

/// Write a zip archive of `entries`, in the order given, deflated, with a fixed timestamp.
pub fn write(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).map_err(|e| Error::BadRequest(format!("cannot write {name} into the archive: {e}")))?;
        zip.write_all(bytes).map_err(|e| Error::BadRequest(format!("cannot write {name} into the archive: {e}")))?;
    }
    let cursor = zip.finish().map_err(|e| Error::BadRequest(format!("cannot finish the archive: {e}")))?;
    Ok(cursor.into_inner())
}
