//! Opening a data directory safely: refuse what is not a uzel log, what a
//! newer uzel wrote, and what another process holds; mark new logs with the
//! format they are written in.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use super::keys;
use crate::log::error::LogError;

/// The marker every uzel log carries under `m:magic`.
pub const MAGIC: &[u8] = b"uzel event log";
/// The on-disk format this build writes and the newest it reads.
pub const FORMAT: u32 = 1;

/// How to open a directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the log if the directory is missing or empty.
    CreateIfMissing,
    /// Open only an existing log (e.g. for `uzel check`).
    ExistingOnly,
}

/// Opens the sled database in `path`, checking that it is a uzel log of a
/// format this build reads; creates and marks a new log when allowed.
pub fn open(path: &Path, mode: OpenMode, cache_bytes: u64) -> Result<sled::Db, LogError> {
    let not_a_log = |reason: &str| LogError::NotALog { path: path.to_owned(), reason: reason.to_owned() };
    let fresh = match fs::metadata(path) {
        Ok(meta) if !meta.is_dir() => return Err(not_a_log("it is a file, not a directory")),
        Ok(_) => {
            let has_db = path.join("db").is_file() && path.join("conf").is_file();
            let empty =
                fs::read_dir(path).map_err(|e| not_a_log(&format!("it cannot be listed ({e})")))?.next().is_none();
            if !has_db && !empty {
                return Err(not_a_log(
                    "it holds other files but no log; give an empty or new directory to start a log",
                ));
            }
            // sled quietly replaces a damaged configuration file and then
            // reads a damaged data file as empty: refuse before it can.
            let conf = fs::read(path.join("conf")).unwrap_or_default();
            if has_db && (conf.len() <= 8 || !conf.starts_with(b"segment_size: ")) {
                return Err(not_a_log("its sled configuration file (conf) is damaged"));
            }
            !has_db
        }
        Err(_) if mode == OpenMode::CreateIfMissing => {
            fs::create_dir_all(path).map_err(|e| not_a_log(&format!("it cannot be created ({e})")))?;
            true
        }
        Err(_) => return Err(not_a_log("it does not exist")),
    };
    if fresh && mode == OpenMode::ExistingOnly {
        return Err(not_a_log("it holds no log"));
    }

    let config = sled::Config::new()
        .path(path)
        .cache_capacity(cache_bytes)
        // The log flushes every commit itself; a background flusher would
        // only compete with it for the disk.
        .flush_every_ms(None);
    // sled panics on some damaged files instead of returning an error; a
    // damaged directory must give a message, not a crash.
    let db = match catch_unwind(AssertUnwindSafe(|| config.open())) {
        Ok(Ok(db)) => db,
        Ok(Err(e)) if e.to_string().contains("could not acquire lock") => {
            return Err(LogError::Locked { path: path.to_owned() });
        }
        Ok(Err(e)) => return Err(not_a_log(&format!("sled cannot open it ({e})"))),
        Err(_) => return Err(not_a_log("its files are damaged beyond what sled can open")),
    };

    match db.get(keys::meta("magic"))? {
        Some(magic) if magic.as_ref() == MAGIC => {}
        Some(_) => return Err(not_a_log("it is a sled database of another program")),
        // Only a directory that held nothing before gets a new log: an empty
        // database found in an existing directory may be a damaged log
        // that sled could not read, and must not be written over.
        None if fresh && db.is_empty() => {
            let mut batch = sled::Batch::default();
            batch.insert(keys::meta("magic"), MAGIC);
            batch.insert(keys::meta("format"), &FORMAT.to_be_bytes());
            db.apply_batch(batch)?;
            db.flush()?;
            sync_dir(path)?;
        }
        None => {
            return Err(not_a_log(
                "it is a sled database without the uzel marker (if a uzel stopped during the very \
                 first start in this directory, remove the directory and start again)",
            ));
        }
    }
    let format = db
        .get(keys::meta("format"))?
        .and_then(|v| <[u8; 4]>::try_from(v.as_ref()).ok())
        .map(u32::from_be_bytes)
        .ok_or_else(|| not_a_log("its format marker is missing or damaged"))?;
    if format > FORMAT {
        return Err(LogError::NewerFormat { path: path.to_owned(), found: format, supported: FORMAT });
    }
    Ok(db)
}

/// Makes the directory's entries (the new files sled created) durable.
fn sync_dir(path: &Path) -> Result<(), LogError> {
    fs::File::open(path)
        .and_then(|dir| dir.sync_all())
        .map_err(|e| LogError::Storage(format!("cannot sync directory {}: {e}", path.display())))
}
