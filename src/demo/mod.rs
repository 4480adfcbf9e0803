//! The demo networks, built through the same commands as everything else:
//! the Ústí region's 16 ORPs and Tachov (`data.rs`), with a history of
//! thirteen months ending today — actors entered, reviewed, closed and
//! replaced; platforms meeting against their plan, with decisions and tasks;
//! capacity announced every fortnight, some of it now stale. The demo users
//! (`users.rs`) then write a few posts on Tachov's notice board
//! (`board.rs`). Tachov carries the mid-term plan of seed 004 with its
//! findings and agreed procedures (`plan.rs`, its data in
//! `data/tachov_plan.rs`), published; the Ústecký kraj a short plan of its
//! own, kept for the coordinators (`region_plan.rs`).
//!
//! Deterministic: every id and every idempotency key derives from names, and
//! every figure from a generator seeded by the network's slug, so building
//! twice in one directory writes nothing the second time.

mod activity;
pub mod board;
mod builder;
pub mod data;
pub mod plan;
pub mod region_plan;
pub mod users;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use self::builder::Builder;
use self::data::{NetworkSpec, REGIONS};
use crate::app::{App, AppError, Meta};
use crate::domain::ids::Slug;
use crate::domain::network::RegionCommand;
use crate::domain::value::Value;

/// How far back the demo history starts.
pub const HISTORY_DAYS: i64 = 400;

/// What the demo built.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Networks.
    pub networks: usize,
    /// Actors.
    pub actors: usize,
    /// Platforms.
    pub platforms: usize,
    /// The log's last position afterwards.
    pub position: u64,
}

/// A deterministic UUID (version 8) from names.
pub fn demo_id(parts: &[&str]) -> Uuid {
    let mut hash: u128 = 0x6c62272e07bb014262b821756295c58d;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(0x0000000001000000000000000000013B);
        }
    }
    let mut bytes = hash.to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    Uuid::from_bytes(bytes)
}

/// A small deterministic generator.
struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Self {
        Self(demo_id(&[seed]).as_u64_pair().0 | 1)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("demo slugs are valid")
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn list<S: ToString>(items: impl IntoIterator<Item = S>) -> Value {
    Value::List(items.into_iter().map(|i| i.to_string()).collect())
}

async fn build_network(
    app: App,
    spec: &'static NetworkSpec,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    entered_all: std::sync::Arc<tokio::sync::Barrier>,
) -> Result<(usize, usize), String> {
    let mut b = Builder {
        app: &app,
        spec,
        network: slug(spec.slug),
        start,
        now,
        step: 0,
        rng: Rng::new(spec.slug),
        actors: HashMap::new(),
        ages: Vec::new(),
        places: Vec::new(),
    };
    let describe = |e: AppError| format!("building the demo network {}: {e}", spec.slug);
    // Every network and its actors first, recorded at the start of the
    // history; then, with the recording clock moving on, what happened since.
    let entered = async {
        b.network().await?;
        b.actors().await
    }
    .await;
    entered_all.wait().await;
    entered.map_err(describe)?;
    let platforms = b.platforms().await.map_err(describe)?;
    b.needs().await.map_err(describe)?;
    b.history().await.map_err(describe)?;
    b.capacity().await.map_err(describe)?;
    Ok((b.actors.len(), platforms))
}

/// Builds (or, in a directory that has it, confirms) the demo networks.
pub async fn build(app: &App) -> Result<Summary, String> {
    let now = app.now();
    let start = now - Duration::days(HISTORY_DAYS);
    for (region, name) in REGIONS {
        let meta = Meta {
            author: "system:demo".into(),
            effective_at: Some(start),
            expected: None,
            idempotency_key: Some(demo_id(&["demo", region])),
            recorded_at: Some(start),
        };
        let result = app
            .region(&slug(region), RegionCommand::Register { slug: slug(region), name: (*name).into() }, &meta)
            .await;
        result.map_err(|e| format!("building the demo region {region}: {e}"))?;
    }
    let mut tasks = tokio::task::JoinSet::new();
    let entered_all = std::sync::Arc::new(tokio::sync::Barrier::new(data::networks().count()));
    for spec in data::networks() {
        tasks.spawn(build_network(app.clone(), spec, start, now, std::sync::Arc::clone(&entered_all)));
    }
    let mut summary = Summary { networks: data::networks().count(), ..Summary::default() };
    while let Some(done) = tasks.join_next().await {
        let (actors, platforms) = done.map_err(|e| format!("a demo builder failed: {e}"))??;
        summary.actors += actors;
        summary.platforms += platforms;
    }
    plan::tachov(app).await?;
    region_plan::ustecky(app).await?;
    summary.position = app.log.last_position();
    Ok(summary)
}
