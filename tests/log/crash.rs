//! No acknowledged event is ever lost: the real binary appends from many
//! concurrent writers, printing each acknowledgement, and is killed with
//! SIGKILL at random moments; after each kill every acknowledged event must
//! be in the log, intact, at its acknowledged position, and `uzel check`
//! must pass. On both backends: a data directory, and a PostgreSQL database
//! (a throwaway cluster). `UZEL_CRASH_CYCLES` sets the number of cycles (20
//! by default).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use uuid::Uuid;
use uzel::log::{EventLog, PostgresLog, PostgresOptions, RecordedEvent, SledOptions, probe};

use crate::conformance::read_everything;
use crate::helpers::open;

/// One acknowledgement as `uzel log-load --acks` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ack {
    position: u64,
    stream: String,
    version: u64,
    event_id: Uuid,
}

fn parse(line: &str) -> Ack {
    let fields: Vec<&str> = line.split(' ').collect();
    assert_eq!(fields.len(), 5, "malformed ack line {line:?}");
    assert_eq!(fields[0], "ack");
    Ack {
        position: fields[1].parse().expect("position"),
        stream: fields[2].to_owned(),
        version: fields[3].parse().expect("version"),
        event_id: fields[4].parse().expect("event id"),
    }
}

/// A small deterministic generator, seeded from the clock and printed, so a
/// failing run can be repeated with `UZEL_CRASH_SEED`.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// Where the log under test is.
enum Target {
    Dir(tempfile::TempDir),
    Postgres(String),
}

impl Target {
    /// `--data DIR` or `--store URL`.
    fn args(&self) -> Vec<String> {
        match self {
            Target::Dir(dir) => vec!["--data".into(), dir.path().display().to_string()],
            Target::Postgres(url) => vec!["--store".into(), url.clone()],
        }
    }
}

/// Runs `uzel log-load` until killed `after` its first acknowledgement (so
/// the kill lands while it appends, however long opening a grown log takes);
/// returns the acks it printed in full (a line cut by the kill was never
/// acknowledged whole).
fn run_and_kill(target: &Target, after: Duration) -> Vec<Ack> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_uzel"))
        .args(["log-load", "--writers", "24", "--events", "0", "--payload-bytes", "200", "--acks"])
        .args(target.args())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start uzel log-load");
    let stdout = child.stdout.take().expect("piped stdout");
    let lines = Arc::new(Mutex::new(Vec::new()));
    let (first_ack, appending) = std::sync::mpsc::channel();
    let reader = {
        let lines = Arc::clone(&lines);
        std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            let mut line = Vec::new();
            while stdout.read_until(b'\n', &mut line).map(|n| n > 0).unwrap_or(false) {
                if line.ends_with(b"\n") {
                    let text = String::from_utf8(line[..line.len() - 1].to_vec()).expect("utf-8 ack");
                    lines.lock().unwrap().push(parse(&text));
                    let _ = first_ack.send(());
                }
                line.clear();
            }
        })
    };
    // A log-load that never acknowledges within the bound is killed anyway;
    // the cycle then still checks that nothing acknowledged earlier is lost.
    let _ = appending.recv_timeout(Duration::from_secs(120));
    std::thread::sleep(after);
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    reader.join().expect("reader");
    Arc::try_unwrap(lines).expect("reader done").into_inner().unwrap()
}

/// Waits until no session of the killed process is left on the database:
/// the server still runs what reached it before the kill (a transaction
/// that arrived whole commits), and the log is read once it has.
async fn sessions_ended(url: &str) {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("connects");
    tokio::spawn(connection);
    let others = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
    for _ in 0..300 {
        if client.query_one(others, &[]).await.expect("pg_stat_activity").get::<_, i64>(0) == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the killed process's sessions were still open after 30 s");
}

async fn whole_log(target: &Target) -> HashMap<u64, RecordedEvent> {
    if let Target::Postgres(url) = target {
        sessions_ended(url).await;
    }
    let log: Box<dyn EventLog> = match target {
        Target::Dir(dir) => Box::new(open(dir.path(), SledOptions::default())),
        Target::Postgres(url) => Box::new(PostgresLog::open(url, PostgresOptions::default()).await.expect("opens")),
    };
    let events: HashMap<_, _> = read_everything(log.as_ref()).await.into_iter().map(|e| (e.position, e)).collect();
    assert_eq!(events.len() as u64, log.last_position(), "positions are gap-free");
    log.close().await.unwrap();
    events
}

#[tokio::test]
async fn acknowledged_events_survive_sigkill_at_random_moments() {
    kills(Target::Dir(tempfile::tempdir().unwrap())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_events_survive_sigkill_at_random_moments_on_postgres() {
    kills(Target::Postgres(crate::postgres_server::server().fresh_database())).await;
}

/// Kills `uzel log-load` on `target` again and again; checks every
/// acknowledged event after each kill.
async fn kills(target: Target) {
    let cycles: usize = std::env::var("UZEL_CRASH_CYCLES").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let seed = std::env::var("UZEL_CRASH_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    println!("crash test: {cycles} cycles, UZEL_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let mut acked: Vec<Ack> = Vec::new();
    let mut cycles_with_acks = 0;
    for cycle in 0..cycles {
        let after = Duration::from_millis(rng.next(800));
        let acks = run_and_kill(&target, after);
        cycles_with_acks += usize::from(!acks.is_empty());
        acked.extend(acks);
        let log = whole_log(&target).await;
        for ack in &acked {
            let event = log.get(&ack.position).unwrap_or_else(|| {
                panic!("cycle {cycle}: acknowledged position {} is gone (seed {seed})", ack.position)
            });
            assert_eq!(event.event_id, ack.event_id, "cycle {cycle}: position {} holds another event", ack.position);
            assert_eq!((event.stream.as_str(), event.version), (ack.stream.as_str(), ack.version));
            probe::verify(event).unwrap_or_else(|e| panic!("cycle {cycle}: {e}"));
        }
        let check = Command::new(env!("CARGO_BIN_EXE_uzel")).arg("check").args(target.args()).output().unwrap();
        assert!(
            check.status.success(),
            "cycle {cycle}: uzel check failed (seed {seed}):\n{}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
        if (cycle + 1) % 10 == 0 {
            println!("crash test: {} cycles, {} acknowledged events verified, none lost", cycle + 1, acked.len());
        }
    }
    println!("crash test: {} acknowledged events verified over {cycles} kills", acked.len());
    assert!(cycles_with_acks * 2 >= cycles, "too few cycles got as far as acknowledging anything");
}
