//! The demo networks, built through the same commands as everything else:
//! the Ústí region's 16 ORPs and Tachov (`data.rs`), with a history of
//! thirteen months ending today — actors entered, reviewed, closed and
//! replaced; platforms meeting against their plan, with decisions and tasks;
//! capacity announced every fortnight, some of it now stale.
//!
//! Deterministic: every id and every idempotency key derives from names, and
//! every figure from a generator seeded by the network's slug, so building
//! twice in one directory writes nothing the second time.

pub mod data;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use self::data::{AGE_BANDS, ActorSpec, LIFE_SITUATIONS, NetworkSpec, REGIONS, STANDARD, TACHOV_NEEDS};
use crate::app::{App, AppError, Meta};
use crate::domain::actor::{ActorCommand, Capacity, ContactPerson, Note, Status};
use crate::domain::ids::Slug;
use crate::domain::needs::NeedsCommand;
use crate::domain::network::{CategoryKind, NetworkCommand, RegionCommand, TermKind};
use crate::domain::platform::{OutcomeKind, PlatformCommand, TaskStatus};
use crate::domain::value::{CapacityLimit, Value};

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

/// Builds one network's history; each command gets an idempotency key from
/// the network and a step number, so a second build writes nothing.
struct Builder<'a> {
    app: &'a App,
    spec: &'a NetworkSpec,
    network: Slug,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    step: usize,
    rng: Rng,
    actors: HashMap<String, Uuid>,
    ages: Vec<Uuid>,
    places: Vec<Uuid>,
}

impl Builder<'_> {
    fn meta(&mut self, at: DateTime<Utc>) -> Meta {
        self.step += 1;
        Meta {
            author: "system:demo".into(),
            effective_at: Some(at.min(self.now)),
            expected: None,
            idempotency_key: Some(demo_id(&["demo", self.spec.slug, &self.step.to_string()])),
        }
    }

    fn day(&self, days: i64) -> DateTime<Utc> {
        (self.start + Duration::days(days)).min(self.now)
    }

    /// The actor a platform or activity names: a role key or a name.
    fn resolve(&self, name: &str) -> Option<Uuid> {
        self.actors
            .get(name)
            .copied()
            .or_else(|| data::standard_name(name, self.spec.town).and_then(|n| self.actors.get(&n).copied()))
    }

    async fn network(&mut self) -> Result<(), AppError> {
        let (net, spec) = (self.network.clone(), self.spec);
        let register = NetworkCommand::Register {
            slug: net.clone(),
            name: spec.name.into(),
            orp_code: None,
            region: slug(spec.region),
        };
        let meta = self.meta(self.start);
        self.app.network(&net, register, &meta).await?;
        let mut terms = Vec::new();
        for band in AGE_BANDS {
            terms.push((TermKind::TargetGroup, band.to_owned()));
        }
        for situation in LIFE_SITUATIONS {
            terms.push((TermKind::LifeSituation, situation.to_owned()));
        }
        terms.push((TermKind::Place, spec.town.to_owned()));
        for locality in spec.localities {
            terms.push((TermKind::Place, (*locality).to_owned()));
        }
        for (kind, name) in terms {
            let id = demo_id(&[spec.slug, "term", &name]);
            let meta = self.meta(self.start);
            self.app.network(&net, NetworkCommand::AddTerm { id, kind, name }, &meta).await?;
            match kind {
                TermKind::TargetGroup => self.ages.push(id),
                TermKind::Place => self.places.push(id),
                TermKind::LifeSituation => {}
            }
        }
        let languages = demo_id(&[spec.slug, "category", "jazyky"]);
        let define = NetworkCommand::DefineCategory {
            id: languages,
            name: "Jazyky, ve kterých služba pracuje".into(),
            kind: CategoryKind::ManyOf,
            allowed: vec!["čeština".into(), "ukrajinština".into(), "vietnamština".into(), "romština".into()],
        };
        let meta = self.meta(self.start);
        self.app.network(&net, define, &meta).await?;
        let designated = [
            "name",
            "kind",
            "service_type",
            "need_areas",
            "places",
            "phone",
            "opening_hours",
            "crisis_network",
            "crisis_contact",
        ];
        let configure = NetworkCommand::Configure {
            designated_fields: Some(designated.iter().map(|s| (*s).to_owned()).collect()),
            capacity_stale_days: Some(14),
        };
        let meta = self.meta(self.start);
        self.app.network(&net, configure, &meta).await?;
        Ok(())
    }

    async fn actor(&mut self, role: Option<&str>, spec: &ActorSpec, entered: DateTime<Utc>) -> Result<Uuid, AppError> {
        let name = spec.name.replace("{town}", self.spec.town);
        let id = demo_id(&[self.spec.slug, "actor", &name]);
        let mut places = vec![self.places[0]];
        if spec.forms.contains(&"field") {
            places.extend(self.places.iter().skip(1));
        }
        let mut fields = vec![
            ("name".to_owned(), text(&name)),
            ("kind".to_owned(), text(spec.kind)),
            ("service_type".to_owned(), text(spec.service_type)),
            ("founder".to_owned(), text(spec.founder)),
            ("sector".to_owned(), text(spec.sector)),
            ("need_areas".to_owned(), list(spec.areas)),
            ("focus".to_owned(), text(spec.focus)),
            ("forms".to_owned(), list(spec.forms)),
            ("target_groups".to_owned(), list(spec.ages.iter().map(|i| self.ages[*i]))),
            ("places".to_owned(), list(places)),
            (
                "opening_hours".to_owned(),
                text(if spec.forms.contains(&"residential") { "nonstop" } else { "Po–Pá 8–16" }),
            ),
            ("online".to_owned(), Value::Flag(self.rng.below(3) == 0)),
            ("crisis_network".to_owned(), Value::Flag(spec.crisis)),
            (format!("custom.{}", demo_id(&[self.spec.slug, "category", "jazyky"])), list(["čeština"])),
        ];
        if spec.crisis {
            fields.push(("crisis_contact".to_owned(), text("krizová linka služby (ukázková)")));
        }
        if let Some((unit, max)) = spec.capacity {
            fields
                .push(("capacities".to_owned(), Value::Capacities(vec![CapacityLimit { unit: unit.to_owned(), max }])));
        }
        let meta = self.meta(entered);
        self.app
            .actor(&self.network, id, ActorCommand::Register { network: self.network.clone(), fields }, &meta)
            .await?;
        self.actors.insert(name.clone(), id);
        if !spec.note.is_empty() {
            let note = Note { text: spec.note.to_owned(), private: false };
            let meta = self.meta(entered + Duration::days(5));
            self.app
                .actor(&self.network, id, ActorCommand::AddNote { id: demo_id(&[&name, "note"]), note }, &meta)
                .await?;
        }
        if let Some(person) = role.and_then(|r| data::PLACEHOLDER_PEOPLE.iter().find(|(key, _)| *key == r)) {
            let contact = ContactPerson {
                name: person.1.to_owned(),
                email: Some(format!("kontakt.{}@priklad.example", self.spec.slug)),
                phone: None,
                role: "kontaktní osoba (ukázková)".into(),
                public: role != Some("ospod"),
                erased: false,
            };
            let meta = self.meta(entered + Duration::days(2));
            self.app
                .actor(
                    &self.network,
                    id,
                    ActorCommand::AddContact { id: demo_id(&[&name, "contact"]), person: contact },
                    &meta,
                )
                .await?;
        }
        Ok(id)
    }

    async fn actors(&mut self) -> Result<(), AppError> {
        if self.spec.active {
            for (role, spec) in STANDARD {
                let offset = 1 + self.rng.below(20) as i64;
                let entered = self.day(offset);
                self.actor(Some(role), spec, entered).await?;
            }
        } else {
            // A network that did not take part has only its OSPOD and school.
            for (role, spec) in STANDARD.iter().filter(|(r, _)| matches!(*r, "ospod" | "school")) {
                self.actor(Some(role), spec, self.day(1)).await?;
            }
        }
        for spec in self.spec.actors {
            let offset = 3 + self.rng.below(25) as i64;
            let entered = self.day(offset);
            self.actor(None, spec, entered).await?;
        }
        if self.spec.active {
            let ospod = self.resolve("ospod").expect("every network has its OSPOD");
            let note = Note { text: format!("Témata síťování: {}.", self.spec.topics.join("; ")), private: true };
            let meta = self.meta(self.day(45));
            self.app
                .actor(
                    &self.network,
                    ospod,
                    ActorCommand::AddNote { id: demo_id(&[self.spec.slug, "topics"]), note },
                    &meta,
                )
                .await?;
        }
        Ok(())
    }

    async fn history(&mut self) -> Result<(), AppError> {
        // The yearly revision: about half the entries were reviewed in the
        // summer; the rest are due.
        let names: Vec<(String, Uuid)> = {
            let mut v: Vec<_> = self.actors.iter().map(|(n, id)| (n.clone(), *id)).collect();
            v.sort();
            v
        };
        for (i, (_, id)) in names.iter().enumerate() {
            if i % 2 == 0 {
                let meta = self.meta(self.now - Duration::days(100 + i as i64));
                self.app.actor(&self.network, *id, ActorCommand::MarkReviewed, &meta).await?;
            }
        }
        if self.spec.slug == "decin"
            && let Some(id) = self.resolve("MC Rákosníček")
        {
            let meta = self.meta(self.now - Duration::days(180));
            self.app.actor(&self.network, id, ActorCommand::SetStatus { status: Status::Ended }, &meta).await?;
        }
        if self.spec.slug == "most"
            && let Some(id) = self.resolve("Fokus Labe, z. s.")
        {
            let meta = self.meta(self.now - Duration::days(120));
            self.app
                .actor(&self.network, id, ActorCommand::SetStatus { status: Status::TemporarilyClosed }, &meta)
                .await?;
            let meta = self.meta(self.now - Duration::days(90));
            self.app.actor(&self.network, id, ActorCommand::SetStatus { status: Status::Active }, &meta).await?;
        }
        Ok(())
    }

    async fn capacity(&mut self) -> Result<(), AppError> {
        let mut with_capacity: Vec<(Uuid, &str, u32)> = Vec::new();
        for (role, spec) in
            STANDARD.iter().map(|(r, s)| (Some(*r), s)).chain(self.spec.actors.iter().map(|s| (None, s)))
        {
            let name =
                role.and_then(|r| data::standard_name(r, self.spec.town)).unwrap_or_else(|| spec.name.to_owned());
            if let (Some((unit, max)), Some(id)) = (spec.capacity, self.actors.get(&name)) {
                with_capacity.push((*id, unit, max));
            }
        }
        with_capacity.sort();
        for (index, (id, unit, max)) in with_capacity.into_iter().enumerate() {
            // Every fortnight from the second month; one in three services
            // stopped announcing a month ago, so its capacity is stale now.
            let stops = if index % 3 == 2 { 35 } else { 1 };
            let mut day = 30 + self.rng.below(7) as i64;
            while self.start + Duration::days(day) < self.now - Duration::days(stops) {
                let free = self.rng.below(u64::from(max) / 2 + 1) as u32;
                let capacity = Capacity {
                    unit: unit.to_owned(),
                    free,
                    occupied: Some(max - free),
                    waiting: Some(self.rng.below(6) as u32),
                    valid_until: None,
                    note: String::new(),
                };
                let meta = self.meta(self.day(day));
                match self.app.actor(&self.network, id, ActorCommand::AnnounceCapacity { capacity }, &meta).await {
                    // A service closed at that date announces nothing.
                    Err(AppError::Domain(crate::domain::DomainError::Conflict(_))) => {}
                    other => {
                        other?;
                    }
                }
                day += 14;
            }
        }
        Ok(())
    }

    async fn platforms(&mut self) -> Result<usize, AppError> {
        for spec in self.spec.platforms {
            let id = demo_id(&[self.spec.slug, "platform", spec.name]);
            let coordinators: Vec<Uuid> = spec.coordinators.iter().filter_map(|n| self.resolve(n)).collect();
            let members: Vec<Uuid> =
                spec.members.iter().filter_map(|n| self.resolve(n)).filter(|m| !coordinators.contains(m)).collect();
            let founded = self.day(40);
            let fields = vec![
                ("name".to_owned(), text(spec.name)),
                ("platform_type".to_owned(), text(spec.platform_type)),
                ("coordinators".to_owned(), list(&coordinators)),
                ("members".to_owned(), list(&members)),
                ("frequency_per_year".to_owned(), Value::Number(spec.per_year)),
                ("topics".to_owned(), list(spec.topics)),
                ("goals".to_owned(), list(["sdílet informace a domlouvat společný postup"])),
                ("need_areas".to_owned(), list(spec.areas)),
                ("written_outputs".to_owned(), Value::Flag(true)),
                ("outputs_where".to_owned(), text("zápisy u koordinátora platformy")),
                ("composition".to_owned(), text(&format!("{} aktérů sítě", coordinators.len() + members.len()))),
            ];
            let meta = self.meta(founded);
            self.app
                .platform(&self.network, id, PlatformCommand::Found { network: self.network.clone(), fields }, &meta)
                .await?;
            let people: Vec<Uuid> = coordinators.iter().chain(&members).copied().collect();
            let span = (self.now - founded).num_days() - 7;
            let count = (spec.per_year * span / 365).max(1);
            for n in 0..count {
                let date = founded + Duration::days(7 + span * n / count) + Duration::hours(14);
                let meeting = demo_id(&[self.spec.slug, spec.name, "meeting", &n.to_string()]);
                let attendees: Vec<Uuid> = people.iter().filter(|_| self.rng.below(5) != 0).copied().collect();
                let hold = PlatformCommand::HoldMeeting {
                    id: meeting,
                    date,
                    place: format!("MěÚ {}", self.spec.town),
                    agenda: spec.topics.first().copied().unwrap_or("").to_owned(),
                    attendees,
                    others: self.rng.below(4) as u32,
                    minutes: format!("Zápis ze setkání č. {}.", n + 1),
                };
                let meta = self.meta(date);
                self.app.platform(&self.network, id, hold, &meta).await?;
                let task = demo_id(&[self.spec.slug, spec.name, "task", &n.to_string()]);
                let owner = people.get(self.rng.below(people.len() as u64) as usize).copied();
                let record = PlatformCommand::RecordOutcome {
                    id: task,
                    meeting,
                    kind: OutcomeKind::Task,
                    text: format!("Připravit podklady k tématu: {}", spec.topics[(n as usize) % spec.topics.len()]),
                    owner,
                    due: Some(date + Duration::days(45)),
                };
                let meta = self.meta(date);
                self.app.platform(&self.network, id, record, &meta).await?;
                let decision = PlatformCommand::RecordOutcome {
                    id: demo_id(&[self.spec.slug, spec.name, "decision", &n.to_string()]),
                    meeting,
                    kind: OutcomeKind::Decision,
                    text: "Příští setkání rozšířit o zástupce škol.".into(),
                    owner: None,
                    due: None,
                };
                let meta = self.meta(date);
                self.app.platform(&self.network, id, decision, &meta).await?;
                if date + Duration::days(40) < self.now && self.rng.below(4) != 0 {
                    let meta = self.meta(date + Duration::days(30));
                    self.app
                        .platform(
                            &self.network,
                            id,
                            PlatformCommand::SetTaskStatus { id: task, status: TaskStatus::Done },
                            &meta,
                        )
                        .await?;
                }
            }
            let evaluate = PlatformCommand::Evaluate { text: spec.evaluation.to_owned() };
            let meta = self.meta(self.now - Duration::days(60));
            self.app.platform(&self.network, id, evaluate, &meta).await?;
            let next = PlatformCommand::ScheduleMeeting {
                id: demo_id(&[self.spec.slug, spec.name, "next"]),
                date: self.now + Duration::days(21),
                place: format!("MěÚ {}", self.spec.town),
                agenda: "plán na další období".into(),
            };
            let meta = self.meta(self.now);
            self.app.platform(&self.network, id, next, &meta).await?;
        }
        Ok(self.spec.platforms.len())
    }

    async fn needs(&mut self) -> Result<(), AppError> {
        if self.spec.slug != "tachov" {
            return Ok(());
        }
        for area in TACHOV_NEEDS {
            for form in area.forms {
                let command = NeedsCommand::AddForm {
                    network: self.network.clone(),
                    id: demo_id(&["tachov", "form", form]),
                    area: area.area.parse().expect("demo areas are valid"),
                    text: (*form).to_owned(),
                };
                let meta = self.meta(self.day(60));
                self.app.needs(&self.network, command, &meta).await?;
            }
            for (activity, stage, kinds, practice, actors) in area.activities {
                let ids: Vec<Uuid> = actors.iter().filter_map(|a| self.resolve(a)).collect();
                let mut fields = vec![
                    ("text".to_owned(), text(activity)),
                    ("area".to_owned(), text(area.area)),
                    ("stage".to_owned(), text(stage)),
                    ("actor_kinds".to_owned(), list(*kinds)),
                    ("actors".to_owned(), list(ids)),
                ];
                if !practice.is_empty() {
                    fields.push(("local_practice".to_owned(), text(practice)));
                }
                let command = NeedsCommand::AddActivity {
                    network: self.network.clone(),
                    id: demo_id(&["tachov", "activity", activity]),
                    fields,
                };
                let meta = self.meta(self.day(60));
                self.app.needs(&self.network, command, &meta).await?;
            }
        }
        Ok(())
    }
}

async fn build_network(
    app: App,
    spec: &'static NetworkSpec,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
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
    b.network().await.map_err(describe)?;
    b.actors().await.map_err(describe)?;
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
        };
        let result = app
            .region(&slug(region), RegionCommand::Register { slug: slug(region), name: (*name).into() }, &meta)
            .await;
        result.map_err(|e| format!("building the demo region {region}: {e}"))?;
    }
    let mut tasks = tokio::task::JoinSet::new();
    for spec in data::networks() {
        tasks.spawn(build_network(app.clone(), spec, start, now));
    }
    let mut summary = Summary { networks: data::networks().count(), ..Summary::default() };
    while let Some(done) = tasks.join_next().await {
        let (actors, platforms) = done.map_err(|e| format!("a demo builder failed: {e}"))??;
        summary.actors += actors;
        summary.platforms += platforms;
    }
    summary.position = app.log.last_position();
    Ok(summary)
}
