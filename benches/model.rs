//! The read models' figures: rebuilding every model from a generated log of
//! 1,000,000 events, and directory queries over a network of 10,000 actors.
//! `cargo bench --bench model` (the log is generated once into
//! `target/bench-data/model-1m` and reused; `UZEL_BENCH_RUNS` runs per
//! figure, median reported). `benches/http.sh` serves the same data to wrk.

mod common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Duration as Days, Utc};
use uuid::Uuid;
use uzel::domain::actor::{ActorEvent, Capacity};
use uzel::domain::filter::DirectoryFilter;
use uzel::domain::ids::Slug;
use uzel::domain::network::{NetworkEvent, RegionEvent, TermKind};
use uzel::domain::platform::PlatformEvent;
use uzel::domain::value::{CapacityLimit, FieldChange, Value};
use uzel::events::{self, DomainEvent, NoKeys};
use uzel::log::{EventLog, ExpectedVersion, NewEvent, SledLog, SledOptions, StreamName, SyncMode};
use uzel::projections::directory::{self, DirectoryQuery};

/// Where the generated log lives between runs.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/model-1m")
}

const ACTORS: usize = 10_000;
const EVENTS: usize = 1_000_000;

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

async fn append(log: &SledLog, stream: &str, network: &str, events: Vec<DomainEvent>, at: chrono::DateTime<Utc>) {
    let new: Vec<NewEvent> = events
        .iter()
        .map(|e| {
            let (t, payload) = events::encode(e, &NoKeys).expect("no personal data in the bench");
            NewEvent::new(t, payload).with_network(network).with_author("system:bench").with_effective_at(at)
        })
        .collect();
    log.append(&StreamName::parse(stream).unwrap(), ExpectedVersion::Any, new).await.expect("append");
}

/// Generates a region with one network `velka` of 10,000 actors, 50
/// platforms meeting regularly, and capacity announcements and changes up to
/// 1,000,000 events.
async fn generate(dir: &std::path::Path) {
    let log = SledLog::open(dir, SledOptions { sync: SyncMode::Flush, ..SledOptions::default() }).expect("open");
    let start = Utc::now() - Days::days(700);
    let net = Slug::parse("velka").unwrap();
    let mut rng = Rng(0x9e3779b97f4a7c15);
    append(
        &log,
        "region-kraj",
        "",
        vec![DomainEvent::Region(RegionEvent::Registered { slug: Slug::parse("kraj").unwrap(), name: "Kraj".into() })],
        start,
    )
    .await;
    let mut network = vec![DomainEvent::Network(NetworkEvent::Registered {
        slug: net.clone(),
        name: "Velká síť".into(),
        orp_code: None,
        region: Slug::parse("kraj").unwrap(),
    })];
    let groups: Vec<Uuid> = (0..4).map(|i| Uuid::from_u128(1000 + i)).collect();
    let places: Vec<Uuid> = (0..10).map(|i| Uuid::from_u128(2000 + i)).collect();
    for (i, id) in groups.iter().enumerate() {
        network.push(DomainEvent::Network(NetworkEvent::TermAdded {
            id: *id,
            kind: TermKind::TargetGroup,
            name: format!("skupina {i}"),
        }));
    }
    for (i, id) in places.iter().enumerate() {
        network.push(DomainEvent::Network(NetworkEvent::TermAdded {
            id: *id,
            kind: TermKind::Place,
            name: format!("obec {i}"),
        }));
    }
    append(&log, "network-velka", "velka", network, start).await;
    let areas = ["relationships", "safety", "health", "learning", "behaviour", "material"];
    let foci = ["prevention", "intervention", "both"];
    let mut written = 1 + 15;
    let actors: Vec<Uuid> = (0..ACTORS).map(|i| Uuid::from_u128(100_000 + i as u128)).collect();
    let per_actor = (EVENTS - 60_000) / ACTORS;
    for (i, id) in actors.iter().enumerate() {
        let mut batch = vec![DomainEvent::Actor(ActorEvent::Registered {
            network: net.clone(),
            changes: vec![
                change("name", Value::Text(format!("Služba č. {i} {}", ["Děčín", "Most", "Chomutov", "Žatec"][i % 4]))),
                change("need_areas", Value::List(vec![areas[i % 6].into(), areas[(i / 6) % 6].into()])),
                change("focus", Value::Text(foci[rng.below(3) as usize].into())),
                change("crisis_network", Value::Flag(rng.below(4) == 0)),
                change(
                    "forms",
                    Value::List(vec![["field", "outpatient", "residential"][rng.below(3) as usize].into()]),
                ),
                change("target_groups", Value::List(vec![groups[rng.below(4) as usize].to_string()])),
                change("places", Value::List(vec![places[rng.below(10) as usize].to_string()])),
                change("capacities", Value::Capacities(vec![CapacityLimit { unit: "client".into(), max: 20 }])),
                change("description", Value::Text("Sociální služba pro rodiny s dětmi v obtížné situaci.".into())),
            ],
        })];
        for n in 0..per_actor - 1 {
            batch.push(if n % 5 == 4 {
                DomainEvent::Actor(ActorEvent::Changed {
                    changes: vec![change("opening_hours", Value::Text(format!("Po–Pá {}–16", 7 + n % 3)))],
                })
            } else {
                let free = rng.below(10) as u32;
                DomainEvent::Actor(ActorEvent::CapacityAnnounced {
                    capacity: Capacity {
                        unit: "client".into(),
                        free,
                        occupied: Some(20 - free),
                        waiting: Some(1),
                        valid_until: None,
                        note: String::new(),
                    },
                })
            });
        }
        written += batch.len();
        append(&log, &format!("actor-{id}"), "velka", batch, start + Days::days((i % 600) as i64)).await;
    }
    let mut p = 0;
    while written < EVENTS {
        let id = Uuid::from_u128(900_000 + p);
        let members: Vec<String> = (0..8).map(|_| actors[rng.below(ACTORS as u64) as usize].to_string()).collect();
        let mut batch = vec![DomainEvent::Platform(PlatformEvent::Founded {
            network: net.clone(),
            changes: vec![
                change("name", Value::Text(format!("Platforma {p}"))),
                change("platform_type", Value::Text("interdisciplinary".into())),
                change("members", Value::List(members)),
                change("frequency_per_year", Value::Number(12)),
            ],
        })];
        for m in 0..(EVENTS - written).min(1199) as u128 {
            batch.push(DomainEvent::Platform(PlatformEvent::MeetingHeld {
                id: Uuid::from_u128(10_000_000 + p * 10_000 + m),
                date: start + Days::days((m % 600) as i64),
                place: "MěÚ".into(),
                agenda: "agenda".into(),
                attendees: vec![actors[(m as usize * 7) % ACTORS]],
                others: 1,
                minutes: String::new(),
            }));
        }
        written += batch.len();
        append(&log, &format!("platform-{id}"), "velka", batch, start).await;
        p += 1;
    }
    log.close().await.expect("close");
    println!("generated {written} events into {}", dir.display());
}

fn runs() -> usize {
    std::env::var("UZEL_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3)
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
    let shared: Arc<dyn EventLog> = Arc::new(log.clone());

    let mut rates = Vec::new();
    let mut model = None;
    for _ in 0..runs() {
        let started = Instant::now();
        let built = rt.block_on(uzel::live::rebuild(Arc::clone(&shared), Arc::new(NoKeys))).expect("rebuild").model;
        rates.push(events as f64 / started.elapsed().as_secs_f64());
        model = Some(built);
    }
    println!(
        "rebuild of all read models: {events} events, {:.0} events/s (median of {})",
        common::median(rates),
        runs()
    );
    let model = model.expect("at least one run");
    let network = Slug::parse("velka").unwrap();
    let now = Utc::now();
    let queries = [
        ("three filters", "need_area=safety&crisis=true&focus=prevention"),
        ("one filter", "need_area=health"),
        ("search", "q=decin"),
        ("no filter", ""),
    ];
    for (label, query) in queries {
        let q = DirectoryQuery { filter: DirectoryFilter::parse(query).expect("valid"), ..DirectoryQuery::default() };
        let mut times: Vec<Duration> = Vec::new();
        let mut total = 0;
        for _ in 0..500 {
            let started = Instant::now();
            let page = directory::query(&model, &network, &q, now);
            times.push(started.elapsed());
            total = page.total;
        }
        times.sort();
        println!(
            "directory over {ACTORS} actors, {label} ({total} match): p50 {:.3} ms, p99 {:.3} ms",
            common::quantile_ms(&times, 0.5),
            common::quantile_ms(&times, 0.99)
        );
    }
}
