//! Opening logs for tests.

use std::path::Path;
use std::time::Duration;

use uzel::log::{EventLog, LogError, SledLog, SledOptions};

use crate::conformance::Backend;

/// Options for tests: a tiny live buffer, so subscribers lag and must fall
/// back to the log far more often than in production.
pub fn test_options() -> SledOptions {
    SledOptions { live_capacity: 4, ..SledOptions::default() }
}

/// Opens the log in `dir`, waiting briefly if a just-closed handle still
/// holds sled's file lock.
pub fn open(dir: &Path, options: SledOptions) -> SledLog {
    for _ in 0..100 {
        match SledLog::open(dir, options.clone()) {
            Err(LogError::Locked { .. }) => std::thread::sleep(Duration::from_millis(20)),
            other => return other.expect("open the log"),
        }
    }
    panic!("{} stayed locked", dir.display());
}

/// Waits (at most 10 s) until no handle holds sled's file lock on `dir`: a
/// dropped handle lets go of it only when its background thread ends.
pub fn released(dir: &Path) {
    for _ in 0..1000 {
        let Ok(file) = std::fs::File::open(dir.join("db")) else { return };
        match file.try_lock() {
            Ok(()) => return,
            Err(std::fs::TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(10)),
            Err(error) => panic!("cannot lock {}: {error:?}", dir.display()),
        }
    }
    panic!("{} stayed locked", dir.display());
}

/// A sled log in a fresh temporary directory.
pub struct SledBackend {
    pub dir: tempfile::TempDir,
}

impl SledBackend {
    pub fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("temporary directory") }
    }
}

#[async_trait::async_trait]
impl Backend for SledBackend {
    type Log = SledLog;

    async fn open(&self) -> SledLog {
        open(self.dir.path(), test_options())
    }

    async fn reopen(&self, log: SledLog) -> SledLog {
        log.close().await.expect("close");
        drop(log);
        open(self.dir.path(), test_options())
    }
}
