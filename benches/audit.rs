//! Audit and time travel on a long log: a region of five networks over five
//! years, 1,000,000 events in time order (1 % of them entered up to 60 days
//! late). `cargo bench --bench audit` (the log is generated once into
//! `target/bench-data/audit-1m` and reused; `UZEL_BENCH_RUNS` runs,
//! medians reported).
//!
//! Figures: an as-of query (the model on a random date, then a directory
//! page) on either clock, p50 and p99, with the peer — a fresh fold of the
//! log up to the date, what a log without checkpoints does — measured in
//! the same run; a year's change set of one network; the memory the
//! checkpoints hold (process RSS before and after, and their count).

mod common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Days, TimeZone, Utc};
use uuid::Uuid;
use uzel::audit::asof::Past;
use uzel::audit::changeset::{Period, Span};
use uzel::audit::timeline::Clock;
use uzel::domain::actor::{ActorEvent, Capacity, Status};
use uzel::domain::ids::Slug;
use uzel::domain::network::{NetworkEvent, RegionEvent, TermKind};
use uzel::domain::platform::{OutcomeKind, PlatformEvent, TaskStatus};
use uzel::domain::value::{CapacityLimit, FieldChange, Value};
use uzel::events::{self, DomainEvent, NoKeys};
use uzel::log::{
    Direction, EventFilter, EventLog, ExpectedVersion, NewEvent, ReadFrom, SledLog, SledOptions, StreamName, SyncMode,
};
use uzel::projections::Model;
use uzel::projections::directory::{self, DirectoryQuery};

const EVENTS: usize = 1_000_000;
const NETWORKS: usize = 5;
const ACTORS_PER_NETWORK: usize = 1_000;
const PLATFORMS_PER_NETWORK: usize = 12;
const YEARS: i64 = 5;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/audit-1m")
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 1, 1, 8, 0, 0).unwrap()
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn change(field: &str, value: Value) -> FieldChange {
    FieldChange { field: field.into(), old: None, new: Some(value) }
}

fn network(n: usize) -> Slug {
    Slug::parse(&format!("orp-{n}")).unwrap()
}

fn actor(n: usize, i: usize) -> Uuid {
    Uuid::from_u128(1_000_000 + (n * ACTORS_PER_NETWORK + i) as u128)
}

fn platform(n: usize, i: usize) -> Uuid {
    Uuid::from_u128(2_000_000 + (n * PLATFORMS_PER_NETWORK + i) as u128)
}

/// One event to append: its stream, network, event and effective date.
type Pending = (String, String, DomainEvent, DateTime<Utc>);

async fn flush(log: &Arc<SledLog>, pending: &mut Vec<Pending>) {
    let mut set = tokio::task::JoinSet::new();
    for (stream, network, event, at) in pending.drain(..) {
        let log = Arc::clone(log);
        set.spawn(async move {
            let (t, payload) = events::encode(&event, &NoKeys).expect("no personal data in the bench");
            let new = NewEvent::new(t, payload).with_network(network).with_author("system:bench").with_effective_at(at);
            log.append(&StreamName::parse(&stream).unwrap(), ExpectedVersion::Any, vec![new]).await.expect("append");
        });
        if set.len() >= 256 {
            set.join_next().await;
        }
    }
    while set.join_next().await.is_some() {}
}

/// The region `kraj` with five networks: 1,000 actors and 12 platforms
/// each, registered over the first year; then capacity announcements,
/// field and status changes, meetings, outcomes and tasks, in time order
/// over five years.
async fn generate(dir: &std::path::Path) {
    let log =
        Arc::new(SledLog::open(dir, SledOptions { sync: SyncMode::Flush, ..SledOptions::default() }).expect("open"));
    let mut rng = Rng(0x2545f4914f6cdd1d);
    let mut pending: Vec<Pending> = Vec::new();
    let kraj = Slug::parse("kraj").unwrap();
    let region = RegionEvent::Registered { slug: kraj.clone(), name: "Kraj".into() };
    pending.push(("region-kraj".into(), String::new(), DomainEvent::Region(region), start()));
    flush(&log, &mut pending).await;
    let areas = ["relationships", "safety", "health", "learning", "behaviour", "material"];
    let mut groups = Vec::new();
    for n in 0..NETWORKS {
        let slug = network(n);
        let mut events = vec![NetworkEvent::Registered {
            slug: slug.clone(),
            name: format!("ORP {n}"),
            orp_code: None,
            region: kraj.clone(),
        }];
        for g in 0..4 {
            let id = Uuid::from_u128(3_000_000 + (n * 4 + g) as u128);
            groups.push(id);
            events.push(NetworkEvent::TermAdded { id, kind: TermKind::TargetGroup, name: format!("skupina {g}") });
        }
        for e in events {
            pending.push((format!("network-{slug}"), slug.to_string(), DomainEvent::Network(e), start()));
        }
    }
    flush(&log, &mut pending).await;
    let span = Days::days(365 * YEARS).num_seconds();
    let mut registered = [0usize; NETWORKS];
    let mut meeting = 0u128;
    for i in 0..EVENTS {
        let now = start() + Days::seconds(span * i as i64 / EVENTS as i64);
        let late = rng.below(100) == 0;
        let at = if late { now - Days::days(1 + rng.below(60) as i64) } else { now };
        let n = rng.below(NETWORKS as u64) as usize;
        let slug = network(n);
        // Actors enter over the first year.
        let due = (ACTORS_PER_NETWORK * (i + 1) * 5 / EVENTS).min(ACTORS_PER_NETWORK);
        let roll = rng.below(100);
        let (stream, event) = if registered[n] < due.max(1) {
            let a = registered[n];
            registered[n] += 1;
            let group = groups[n * 4 + a % 4];
            let event = ActorEvent::Registered {
                network: slug.clone(),
                changes: vec![
                    change("name", Value::Text(format!("Služba {n}-{a}"))),
                    change("need_areas", Value::List(vec![areas[a % 6].into(), areas[(a / 6) % 6].into()])),
                    change("focus", Value::Text(["prevention", "intervention", "both"][a % 3].into())),
                    change("target_groups", Value::List(vec![group.to_string()])),
                    change("capacities", Value::Capacities(vec![CapacityLimit { unit: "client".into(), max: 20 }])),
                ],
            };
            (format!("actor-{}", actor(n, a)), DomainEvent::Actor(event))
        } else if roll < 8 && i > EVENTS / 20 {
            let p = rng.below(PLATFORMS_PER_NETWORK as u64) as usize;
            let stream = format!("platform-{}", platform(n, p));
            let event = match roll {
                0 | 1 => {
                    meeting += 1;
                    PlatformEvent::MeetingHeld {
                        id: Uuid::from_u128(10_000_000 + meeting),
                        date: at,
                        place: "MěÚ".into(),
                        agenda: "program".into(),
                        attendees: vec![actor(n, rng.below(registered[n] as u64) as usize)],
                        others: 0,
                        minutes: String::new(),
                    }
                }
                2 if meeting > 0 => PlatformEvent::OutcomeRecorded {
                    id: Uuid::from_u128(20_000_000 + i as u128),
                    meeting: Uuid::from_u128(10_000_000 + meeting),
                    kind: OutcomeKind::Task,
                    text: "úkol".into(),
                    owner: None,
                    due: Some(at + Days::days(30)),
                },
                3 => PlatformEvent::TaskStatusChanged {
                    id: Uuid::from_u128(20_000_000 + rng.below(i as u64) as u128),
                    from: TaskStatus::Open,
                    to: TaskStatus::Done,
                },
                _ => PlatformEvent::Changed {
                    changes: vec![change("topics", Value::List(vec![format!("téma {}", rng.below(50))]))],
                },
            };
            (stream, DomainEvent::Platform(event))
        } else {
            let a = rng.below(registered[n] as u64) as usize;
            let event = match roll {
                8..=17 => ActorEvent::Changed {
                    changes: vec![change("opening_hours", Value::Text(format!("Po–Pá {}–16", 7 + i % 3)))],
                },
                18 => ActorEvent::StatusChanged {
                    from: Status::Active,
                    to: if rng.below(2) == 0 { Status::TemporarilyClosed } else { Status::Active },
                },
                _ => {
                    let free = rng.below(10) as u32;
                    ActorEvent::CapacityAnnounced {
                        capacity: Capacity {
                            unit: "client".into(),
                            free,
                            occupied: Some(20 - free),
                            waiting: Some(rng.below(4) as u32),
                            valid_until: None,
                            note: String::new(),
                        },
                    }
                }
            };
            (format!("actor-{}", actor(n, a)), DomainEvent::Actor(event))
        };
        pending.push((stream, slug.to_string(), event, at));
        if pending.len() == 2048 {
            flush(&log, &mut pending).await;
        }
    }
    // Platforms are founded at the start.
    for n in 0..NETWORKS {
        for p in 0..PLATFORMS_PER_NETWORK {
            let event = PlatformEvent::Founded {
                network: network(n),
                changes: vec![
                    change("name", Value::Text(format!("Platforma {n}-{p}"))),
                    change("platform_type", Value::Text("formal".into())),
                    change("frequency_per_year", Value::Number(4)),
                ],
            };
            pending.push((
                format!("platform-{}", platform(n, p)),
                network(n).to_string(),
                DomainEvent::Platform(event),
                start(),
            ));
        }
    }
    flush(&log, &mut pending).await;
    let written = log.last_position();
    Arc::try_unwrap(log).ok().expect("no other handle").close().await.expect("close");
    println!("generated {written} events into {}", dir.display());
}

fn runs() -> usize {
    std::env::var("UZEL_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3)
}

fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()).unwrap_or(0) * 4096
}

/// A random instant on the effective clock within the five years.
fn random_date(rng: &mut Rng) -> DateTime<Utc> {
    start() + Days::seconds(rng.below(Days::days(365 * YEARS).num_seconds() as u64) as i64)
}

fn query(model: &Model, n: usize, at: DateTime<Utc>) -> usize {
    directory::query(model, &network(n), &DirectoryQuery::default(), at).total
}

/// Both clocks' lines of the whole log, for `past`.
async fn place(log: &Arc<dyn EventLog>, past: &Past) {
    let mut from = 1;
    loop {
        let page = log.read_all(ReadFrom::At(from), Direction::Forward, 4096, &EventFilter::all()).await.expect("read");
        page.events.iter().for_each(|e| past.record(e));
        from = page.last_examined + 1;
        if page.end_of_log {
            return;
        }
    }
}

/// When the event at `position` was recorded.
fn recorded_at(rt: &tokio::runtime::Runtime, log: &Arc<dyn EventLog>, position: u64) -> DateTime<Utc> {
    let page =
        rt.block_on(log.read_all(ReadFrom::At(position), Direction::Forward, 1, &EventFilter::all())).expect("read");
    page.events[0].recorded_at
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let dir = data_dir();
    if !dir.join("db").exists() {
        std::fs::create_dir_all(&dir).expect("bench data directory");
        rt.block_on(generate(&dir));
    }
    let log = SledLog::open(&dir, SledOptions::default()).expect("open the generated log");
    let events = log.last_position();
    let log: Arc<dyn EventLog> = Arc::new(log);
    let every = std::env::var("UZEL_CHECKPOINT_EVERY").ok().and_then(|v| v.parse().ok());
    let past = every.map_or_else(Past::default, Past::new);
    let before_lines = rss_bytes();
    let started = Instant::now();
    rt.block_on(place(&log, &past));
    println!(
        "{events} events placed on both clocks' lines in {:.2} s; RSS +{:.0} MiB",
        started.elapsed().as_secs_f64(),
        rss_bytes().saturating_sub(before_lines) as f64 / 1048576.0
    );
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let before = rss_bytes();
    let started = Instant::now();
    let end = start() + Days::days(365 * YEARS);
    let first = rt.block_on(past.model_at(log.as_ref(), &NoKeys, Clock::Effective, end)).expect("as of");
    println!(
        "first as-of query (folds the whole log, keeps checkpoints on the way): {:.0} ms, {} actors",
        started.elapsed().as_secs_f64() * 1000.0,
        first.actors.len()
    );
    drop(first);
    let stats = past.stats();
    let held = rss_bytes().saturating_sub(before);
    println!(
        "checkpoints: {} (every {} events), RSS +{:.0} MiB, {:.1} MiB each",
        stats.checkpoints,
        past.every(),
        held as f64 / 1048576.0,
        held as f64 / 1048576.0 / stats.checkpoints.max(1) as f64
    );
    for clock in [Clock::Effective, Clock::Recorded] {
        let (lo, hi) = match clock {
            Clock::Effective => (start(), end),
            Clock::Recorded => (recorded_at(&rt, &log, 1), recorded_at(&rt, &log, events)),
        };
        let mut p50s = Vec::new();
        let mut p99s = Vec::new();
        for _ in 0..runs() {
            let mut times: Vec<Duration> = Vec::new();
            for _ in 0..200 {
                let at = match clock {
                    Clock::Effective => random_date(&mut rng),
                    Clock::Recorded => lo + Days::seconds(rng.below((hi - lo).num_seconds() as u64) as i64),
                };
                let t = Instant::now();
                let model = rt.block_on(past.model_at(log.as_ref(), &NoKeys, clock, at)).expect("as of");
                query(&model, rng.below(NETWORKS as u64) as usize, at);
                times.push(t.elapsed());
            }
            times.sort();
            p50s.push(common::quantile_ms(&times, 0.5));
            p99s.push(common::quantile_ms(&times, 0.99));
        }
        let stats = past.stats();
        println!(
            "as-of query, {clock:?} clock (model on a random date + a directory page): p50 {:.1} ms, p99 {:.1} ms (medians of {}); checkpoints now {}",
            common::median(p50s),
            common::median(p99s),
            runs(),
            stats.checkpoints
        );
    }
    println!("RSS now {:.0} MiB", rss_bytes() as f64 / 1048576.0);
    let fresh = Past::without_checkpoints();
    rt.block_on(place(&log, &fresh));
    let mut peer = Vec::new();
    for _ in 0..runs() {
        let at = random_date(&mut rng);
        let t = Instant::now();
        let model = rt.block_on(fresh.model_at(log.as_ref(), &NoKeys, Clock::Effective, at)).expect("fold");
        query(&model, 0, at);
        peer.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "peer: the same query by a fresh fold of the log up to the date: {:.0} ms (median of {})",
        common::median(peer),
        runs()
    );
    let mut sets = Vec::new();
    let mut size = 0;
    for run in 0..runs().max(3) {
        let year = 2022 + (run as i32 % 4);
        let from = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).unwrap() - Days::microseconds(1);
        let to = Utc.with_ymd_and_hms(year, 12, 31, 23, 59, 59).unwrap();
        let period = Period { clock: Clock::Effective, from, to };
        let networks = std::collections::BTreeSet::from([network(run % NETWORKS).to_string()]);
        let t = Instant::now();
        let span = rt.block_on(Span::read(&past, log.as_ref(), &NoKeys, period, &networks)).expect("span");
        let set = span.network(&network(run % NETWORKS));
        sets.push(t.elapsed().as_secs_f64() * 1000.0);
        size = serde_json::to_vec(&set).map(|v| v.len()).unwrap_or(0);
    }
    println!(
        "a year's change set of one network (of {NETWORKS}): {:.0} ms median of {} ({} KiB of JSON)",
        common::median(sets.clone()),
        sets.len(),
        size / 1024
    );
}
