//! `uzel backup --data DIR --to DEST` and `uzel restore --from BACKUP
//! --data DIR`.
//!
//! A backup is a data directory itself: the log up to one position and the
//! stores beside it. With no server on `DIR` the command copies it
//! directly; while a server holds `DIR` it asks that server (through the
//! control file, `crate::control`), which copies while it keeps serving.

use std::path::{Path, PathBuf};

use crate::log::{BackupReport, EventLog, LogError, SledLog, SledOptions};

/// Writes a backup of `data` into `to` (a new or empty directory).
pub fn backup(data: &Path, to: &Path) -> Result<(), String> {
    let to = std::path::absolute(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let report = match SledLog::open_existing(data, SledOptions::default()) {
        Ok(log) => {
            let report = SledLog::backup_to(&log, &to).map_err(|e| e.to_string());
            actix_web::rt::System::new().block_on(log.close()).map_err(|e| e.to_string())?;
            report?
        }
        Err(LogError::Locked { .. }) => through_server(data, &to)?,
        Err(other) => return Err(other.to_string()),
    };
    println!(
        "backup of {} at position {} written to {} ({} bytes, {} side stores)",
        data.display(),
        report.position,
        report.path,
        report.bytes,
        report.side_stores
    );
    super::check::run_dir(&to).map_err(|e| format!("the backup does not check: {e}"))
}

fn through_server(data: &Path, to: &Path) -> Result<BackupReport, String> {
    let control = crate::control::read(data)?;
    println!("{} is served at {}; the server writes the backup while it serves", data.display(), control.address);
    let body = serde_json::json!({"to": to.display().to_string()});
    let (status, answer) = crate::control::post(&control, "/api/v1/admin/backups", &body)?;
    if status != 201 {
        let detail = serde_json::from_str::<serde_json::Value>(&answer)
            .ok()
            .and_then(|v| v["detail"].as_str().map(str::to_owned))
            .unwrap_or(answer);
        return Err(format!("the server refused the backup ({status}): {detail}"));
    }
    serde_json::from_str(&answer).map_err(|e| format!("the server's answer is not a backup report: {e}"))
}

/// Restores the backup `from` as the data directory `data`, which must be
/// missing or empty: a restore never overwrites.
pub fn restore(from: &Path, data: &Path) -> Result<(), String> {
    if data.exists() && data.read_dir().map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(format!(
            "{} holds files; a restore never overwrites: stop the server, move the directory aside \
             (e.g. `mv {0} {0}.old`) and restore into the empty path",
            data.display()
        ));
    }
    super::check::run_dir(from).map_err(|e| format!("the backup does not check, nothing restored: {e}"))?;
    copy_dir(from, data).map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), data.display()))?;
    println!(
        "restored {} into {}; start the server on it. Contact persons erased in the backup's log stay erased; \
         erase again any erased after the backup was made (docs/operations.md)",
        from.display(),
        data.display()
    );
    Ok(())
}

/// Copies the files of `from` into `to` (created), recursively; skips a
/// control file.
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if entry.file_name() != crate::control::FILE {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
