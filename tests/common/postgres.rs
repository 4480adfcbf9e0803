//! A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary
//! directory and a server on a unix socket there (no TCP port), started
//! once per test binary, with a fresh database per test. A watchdog stops
//! the server and removes the directory when the test binary exits, so
//! nothing is left running. `UZEL_TEST_POSTGRES` (an address such as
//! `postgres://uzel@/postgres?host=/tmp/pg`) uses a server already running.
//!
//! PostgreSQL's programs come from Debian's packages (`scripts/test`
//! installs `postgresql`); as root they run as the `postgres` user, which
//! refuses to run as root.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The running test server.
pub struct Server {
    /// Directory of its unix socket.
    pub socket: PathBuf,
    /// Its port (part of the socket's name).
    pub port: u16,
    /// The role tests connect as.
    pub user: String,
    /// The binaries' directory (for `pg_ctl` in tests that stop it).
    pub bin: PathBuf,
    /// The cluster's data directory.
    pub data: PathBuf,
    /// The server's options (to start it again after a stop).
    options: String,
    /// Its log file.
    log: PathBuf,
}

impl Server {
    /// The address of database `db`.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://{}@/{db}?host={}&port={}", self.user, self.socket.display(), self.port)
    }

    /// Creates a fresh, empty database and returns its address.
    pub fn fresh_database(&self) -> String {
        let name = format!("t_{}", uuid::Uuid::now_v7().simple());
        let out = Command::new(self.bin.join("createdb"))
            .args(["-h", self.socket.to_str().unwrap(), "-p", &self.port.to_string(), "-U", &self.user, &name])
            .output()
            .expect("createdb runs");
        assert!(out.status.success(), "createdb: {}", String::from_utf8_lossy(&out.stderr));
        self.url(&name)
    }

    /// Stops the server at once, as a crash would (`pg_ctl -m immediate`:
    /// no checkpoint; it recovers from its WAL when started again).
    pub fn crash(&self) {
        let out = self.pg_ctl(&["-m", "immediate", "-w", "stop"]);
        assert!(out.status.success(), "pg_ctl stop: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Starts the server again after [`Server::crash`].
    pub fn start_again(&self) {
        let out = self.pg_ctl(&["-l", self.log.to_str().unwrap(), "-o", &self.options, "-w", "start"]);
        assert!(out.status.success(), "pg_ctl start: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Runs `pg_ctl` with `args` on the cluster (as its owner).
    pub fn pg_ctl(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["-D", self.data.to_str().unwrap()];
        all.extend_from_slice(args);
        as_owner(&self.bin.join("pg_ctl"), &all).output().expect("pg_ctl runs")
    }
}

/// The server, started on first use.
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(start)
}

fn running_as_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `program args…`, as the `postgres` user when this process is root.
fn as_owner(program: &Path, args: &[&str]) -> Command {
    if running_as_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program).args(args);
        command
    } else {
        let mut command = Command::new(program);
        command.args(args);
        command
    }
}

/// The directory of PostgreSQL's server programs: the newest under
/// `/usr/lib/postgresql/*/bin` (Debian), or the one `pg_config` names.
fn bin_dir() -> PathBuf {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").exists())
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return bin;
    }
    let out = Command::new("pg_config").arg("--bindir").output().expect(
        "PostgreSQL's server programs are missing: run scripts/test (it installs Debian's postgresql), or set UZEL_TEST_POSTGRES",
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn start() -> Server {
    let bin = bin_dir();
    if let Ok(url) = std::env::var("UZEL_TEST_POSTGRES") {
        let config: tokio_postgres::Config = url.parse().expect("UZEL_TEST_POSTGRES is a postgres:// address");
        let socket = match config.get_hosts().first() {
            Some(tokio_postgres::config::Host::Unix(path)) => path.clone(),
            _ => panic!("UZEL_TEST_POSTGRES must name a unix socket directory (?host=/dir)"),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let user = config.get_user().unwrap_or("postgres").to_owned();
        return Server { socket, port, user, bin, data: PathBuf::new(), options: String::new(), log: PathBuf::new() };
    }
    cluster(bin, 0)
}

/// A cluster of this test's own, which it may stop and start (the shared
/// one serves other tests meanwhile); stopped and removed like the shared
/// one when the test binary exits.
pub fn own_server() -> Server {
    static NEXT: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(1);
    cluster(bin_dir(), NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

/// A new cluster in a temporary directory; `offset` keeps the socket names
/// of one process's clusters apart.
fn cluster(bin: PathBuf, offset: u16) -> Server {
    let root = tempfile::Builder::new().prefix("uzel-pg-").tempdir().expect("a temporary directory").keep();
    let data = root.join("data");
    let socket = root.join("socket");
    std::fs::create_dir_all(&socket).unwrap();
    if running_as_root() {
        let chown = Command::new("chown").args(["-R", "postgres:postgres"]).arg(&root).status().unwrap();
        assert!(chown.success(), "chown of the test cluster's directory");
    }
    let initdb =
        as_owner(&bin.join("initdb"), &["-D", data.to_str().unwrap(), "-U", "uzel", "--auth=trust", "-E", "UTF8"])
            .output()
            .expect("initdb runs");
    assert!(initdb.status.success(), "initdb: {}", String::from_utf8_lossy(&initdb.stderr));
    // The port only names the socket: no TCP at all.
    let port = 20_000 + (std::process::id() % 20_000) as u16 + offset;
    let options = format!(
        "-k {} -p {port} -c listen_addresses='' -c fsync=on -c synchronous_commit=on -c max_connections=300",
        socket.display()
    );
    let log = root.join("server.log");
    let started = as_owner(
        &bin.join("pg_ctl"),
        &["-D", data.to_str().unwrap(), "-l", log.to_str().unwrap(), "-o", &options, "-w", "start"],
    )
    .output()
    .expect("pg_ctl runs");
    assert!(
        started.status.success(),
        "pg_ctl start: {}{}",
        String::from_utf8_lossy(&started.stderr),
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    watchdog(&bin, &data, &root);
    Server { socket, port, user: "uzel".into(), bin, data, options, log }
}

/// Stops the cluster and removes its directory once this process exits.
fn watchdog(bin: &Path, data: &Path, root: &Path) {
    let owner = if running_as_root() { "runuser -u postgres -- " } else { "" };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {owner}{pg_ctl} -D {data} -m immediate stop >/dev/null 2>&1; rm -rf {root}",
        pid = std::process::id(),
        pg_ctl = bin.join("pg_ctl").display(),
        data = data.display(),
        root = root.display(),
    );
    // It outlives this process on purpose: nothing here waits for it.
    #[allow(clippy::zombie_processes)]
    Command::new("setsid")
        .args(["sh", "-c", &script])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the test cluster's watchdog starts");
}
