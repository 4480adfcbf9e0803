//! The control file: how a command on the server's machine reaches the
//! server that holds a data directory (sled lets one process open it).
//!
//! At start the server writes `control.json` into its data directory —
//! the address it listens on and a fresh key, readable by the server's
//! user only — and removes it at a clean stop. `uzel backup --data DIR`
//! finds the directory held, reads the file and asks the server over HTTP,
//! presenting the key. Anyone who can read the file can read the data
//! directory itself, so the key opens nothing more than the files do.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The file's name in the data directory.
pub const FILE: &str = "control.json";

/// What the file holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Control {
    /// `host:port` the server answers on, from this machine.
    pub address: String,
    /// The key to present (`X-Uzel-Control`).
    pub key: String,
}

/// Writes the control file of `dir` for a server on `listen` and `port`;
/// returns its path.
pub fn write(dir: &Path, listen: &str, port: u16, key: &str) -> std::io::Result<PathBuf> {
    let host = listen.rsplit_once(':').map_or("127.0.0.1", |(host, _)| host);
    let host = match host {
        "0.0.0.0" | "" => "127.0.0.1",
        "[::]" => "[::1]",
        other => other,
    };
    let control = Control { address: format!("{host}:{port}"), key: key.to_owned() };
    let path = dir.join(FILE);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path)?;
    file.write_all(serde_json::to_string(&control).unwrap_or_default().as_bytes())?;
    Ok(path)
}

/// Reads the control file of `dir`.
pub fn read(dir: &Path) -> Result<Control, String> {
    let path = dir.join(FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{} is held by another process, and its control file {} cannot be read ({e}); \
             run this as the server's user, or stop the server",
            dir.display(),
            path.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| format!("the control file {} is damaged: {e}", path.display()))
}

/// Sends `body` as JSON to `path` on the server of `control`; returns the
/// status and the body of the answer.
pub fn post(control: &Control, path: &str, body: &serde_json::Value) -> Result<(u16, String), String> {
    let unreachable = |e: std::io::Error| format!("the server at {} does not answer: {e}", control.address);
    let mut stream = TcpStream::connect(&control.address).map_err(unreachable)?;
    stream.set_read_timeout(Some(Duration::from_secs(3600))).map_err(unreachable)?;
    let body = body.to_string();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         X-Uzel-Control: {}\r\nConnection: close\r\n\r\n{body}",
        control.address,
        body.len(),
        control.key
    );
    stream.write_all(request.as_bytes()).map_err(unreachable)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(unreachable)?;
    let answer = String::from_utf8_lossy(&answer);
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or("the server's answer is not HTTP")?;
    Ok((status, body.to_owned()))
}
