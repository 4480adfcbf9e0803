//! "Now" on the effective clock: the live model holds every change whose
//! effective date has come, folded in effective order — exactly what an
//! `as_of=now` query folds — whatever order the changes were recorded in.
//!
//! The projector receives events in position (recording) order. For each
//! one it asks [`Model::step`]:
//!
//! - a change that takes effect later is **scheduled**: the record's
//!   version moves (a command decides against the newest version), its
//!   state does not; views list it as "from {date}". The projector applies
//!   it when its date comes ([`Model::mature`]), without a restart, and
//!   bumps [`Model::generation`] so cached answers are computed again;
//! - a change that takes effect before a change of the same record already
//!   applied (entered late, back-dated) makes the projector **refold** that
//!   record: its stream is read from the log and folded again in effective
//!   order ([`Model::refold`]);
//! - anything else (the usual case: effective when recorded) is applied at
//!   once.
//!
//! An aggregate's state depends on its own stream only; what crosses
//! streams (reviews marked by the yearly revision, platform membership,
//! the directory index) is derived so that the order does not matter:
//! reviews keep the latest date, memberships and index slots are derived
//! from the refolded state.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::model::{ActorEntry, Entry, Model, stream_slug, stream_uuid};
use crate::domain::ids::Slug;
use crate::events::DomainEvent;
use crate::log::Position;
use crate::log::RecordedEvent;

/// An event's place on a clock: microseconds since the epoch, then its
/// position.
pub type Key = (i64, Position);

/// An event's key on the effective clock: its effective instant, then its
/// position (the order an `as_of` query folds in).
pub fn effective_key(event: &RecordedEvent) -> Key {
    (event.effective_at.timestamp_micros(), event.position)
}

/// A change recorded to take effect later.
#[derive(Clone, Debug)]
pub struct Scheduled {
    /// The recorded event.
    pub event: Arc<RecordedEvent>,
    /// Its domain event.
    pub domain: DomainEvent,
}

/// The effective clock's bookkeeping of the live model.
#[derive(Clone, Debug, Default)]
pub struct Schedule {
    /// Changes waiting for their effective date, in effective order.
    pending: BTreeMap<Key, Scheduled>,
    /// The newest effective key applied of each stream (looked up for
    /// every event a projector applies, hence the cheap hash).
    last: HashMap<String, Key, BuildHasherDefault<StreamHasher>>,
}

/// A cheap hash of stream names (the Fx hash: a rotate, a xor and a
/// multiply per word). The names are the server's own (ids, and slugs an
/// admin chose), so a slower hash resisting chosen collisions buys nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct StreamHasher(u64);

impl Hasher for StreamHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl StreamHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Schedule {
    /// The changes of `stream` waiting for their date, in effective order.
    pub fn of_stream<'a>(&'a self, stream: &'a str) -> impl Iterator<Item = &'a Scheduled> + 'a {
        self.pending.values().filter(move |s| s.event.stream.as_str() == stream)
    }

    /// When the next waiting change takes effect.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.pending.values().next().map(|s| s.event.effective_at)
    }

    /// The positions of the changes waiting for their date, in effective
    /// order (a snapshot keeps these and reads the changes back from the
    /// log).
    pub fn pending_positions(&self) -> Vec<Position> {
        self.pending.keys().map(|k| k.1).collect()
    }

    /// The newest effective key applied of each stream, by stream name.
    pub fn applied(&self) -> Vec<(String, Key)> {
        let mut applied: Vec<(String, Key)> = self.last.iter().map(|(s, k)| (s.clone(), *k)).collect();
        applied.sort_unstable();
        applied
    }

    /// The schedule a snapshot kept: what each stream applied, and the
    /// waiting changes read back from the log.
    pub fn restore(applied: Vec<(String, Key)>, pending: Vec<Scheduled>) -> Self {
        Self {
            pending: pending.into_iter().map(|s| (effective_key(&s.event), s)).collect(),
            last: applied.into_iter().collect(),
        }
    }
}

/// What the live model does with an event that arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Apply it now: it is effective and later than what its record holds.
    Apply,
    /// Keep it until its effective date.
    Schedule,
    /// It takes effect before a change its record already holds: fold the
    /// record's stream again, in effective order.
    Refold,
}

/// Streams the effective clock orders: the records a client may date. Users
/// and posts take effect when recorded, always; agreed procedures keep
/// every version with the date it comes into force and say themselves
/// which one is in force, so a version agreed for later is applied (and
/// listed) at once.
fn dated(domain: &DomainEvent) -> bool {
    !matches!(domain, DomainEvent::User(_) | DomainEvent::Post(_) | DomainEvent::Procedure(_))
}

impl Model {
    /// What to do with `event` arriving at `now`.
    pub fn step(&self, event: &RecordedEvent, domain: &DomainEvent, now: DateTime<Utc>) -> Step {
        if !dated(domain) {
            return Step::Apply;
        }
        if event.effective_at > now {
            return Step::Schedule;
        }
        match self.schedule.last.get(event.stream.as_str()) {
            Some(last) if *last > effective_key(event) => Step::Refold,
            _ => Step::Apply,
        }
    }

    /// Applies an arriving event by its [`Step`]. A refold needs the
    /// record's whole stream (`stream`, read from the log, this event
    /// included); without it the event is applied as it comes.
    pub fn apply_live(
        &mut self,
        event: &RecordedEvent,
        domain: &DomainEvent,
        now: DateTime<Utc>,
        stream: Option<Vec<(Arc<RecordedEvent>, DomainEvent)>>,
    ) {
        match stream {
            Some(stream) if self.step(event, domain, now) == Step::Refold => {
                self.refold(stream, now);
                self.position = event.position;
            }
            _ => {
                self.arrive(event, domain, now);
            }
        }
    }

    /// Applies an arriving event without reading the log: applied at once,
    /// or scheduled. A change dated before its record's latest is applied
    /// in arrival order and reported as [`Step::Refold`]: the caller folds
    /// the record again (a rebuild does it once per record at its end). The
    /// usual case costs one lookup of the stream.
    pub fn arrive(&mut self, event: &RecordedEvent, domain: &DomainEvent, now: DateTime<Utc>) -> Step {
        let mut step = Step::Apply;
        if dated(domain) {
            if event.effective_at > now {
                self.schedule
                    .pending
                    .insert(effective_key(event), Scheduled { event: Arc::new(event.clone()), domain: domain.clone() });
                self.touch_only(event, domain);
                self.position = event.position;
                return Step::Schedule;
            }
            let key = effective_key(event);
            match self.schedule.last.get_mut(event.stream.as_str()) {
                Some(last) if *last > key => step = Step::Refold,
                Some(last) => *last = key,
                None => {
                    self.schedule.last.insert(event.stream.as_str().to_owned(), key);
                }
            }
        }
        self.apply(event, domain);
        step
    }

    fn note_applied(&mut self, event: &RecordedEvent, domain: &DomainEvent) {
        if dated(domain) {
            let key = effective_key(event);
            match self.schedule.last.get_mut(event.stream.as_str()) {
                Some(last) => *last = (*last).max(key),
                None => {
                    self.schedule.last.insert(event.stream.as_str().to_owned(), key);
                }
            }
        }
    }

    /// Applies every scheduled change whose date is at or before `now`;
    /// true if any was.
    pub fn mature(&mut self, now: DateTime<Utc>) -> bool {
        let due: Vec<Key> =
            self.schedule.pending.range(..=(now.timestamp_micros(), u64::MAX)).map(|(k, _)| *k).collect();
        for key in &due {
            if let Some(Scheduled { event, domain }) = self.schedule.pending.remove(key) {
                let facts = self.facts_mut(&event, &domain, false).map(|(v, p, u)| (*v, *p, *u));
                self.apply_state(&event, &domain);
                if let (Some((version, position, updated)), Some((v, p, u))) =
                    (facts, self.facts_mut(&event, &domain, false))
                {
                    (*v, *p, *u) = (version, position, updated);
                }
                self.note_applied(&event, &domain);
            }
        }
        if !due.is_empty() {
            self.generation += 1;
        }
        !due.is_empty()
    }

    /// Folds one record's stream again: its state is reset and every event
    /// effective at `now` is applied in effective order; later ones wait
    /// in the schedule. `events` are the whole stream.
    pub fn refold(&mut self, mut events: Vec<(Arc<RecordedEvent>, DomainEvent)>, now: DateTime<Utc>) {
        let Some((newest, newest_domain)) = events.iter().max_by_key(|(e, _)| e.position).cloned() else { return };
        let stream = newest.stream.as_str().to_owned();
        events.sort_by_key(|(e, _)| effective_key(e));
        let reset = self.reset(&newest, &newest_domain);
        self.schedule.pending.retain(|_, s| s.event.stream.as_str() != stream);
        self.schedule.last.remove(&stream);
        for (event, domain) in &events {
            if event.effective_at > now {
                self.schedule
                    .pending
                    .insert(effective_key(event), Scheduled { event: Arc::clone(event), domain: domain.clone() });
            } else {
                self.apply_state(event, domain);
                self.note_applied(event, domain);
            }
        }
        self.touch_only(&newest, &newest_domain);
        self.after_reset(reset, &newest);
        self.generation += 1;
    }

    /// Forgets a record's state before a refold; what it returns is what
    /// the refold must merge back (reviews marked from outside the stream,
    /// the platform's people).
    fn reset(&mut self, event: &RecordedEvent, domain: &DomainEvent) -> Reset {
        let id = Uuid::parse_str(event.stream.id()).ok();
        let slug = Slug::parse(event.stream.id()).ok();
        match (domain, id, slug) {
            (DomainEvent::Actor(_), Some(id), _) => {
                Reset::Actor(self.actors.remove(&id).and_then(|a| a.entry.state.reviewed_at))
            }
            (DomainEvent::Platform(_), Some(id), _) => {
                let old = self.platforms.remove(&id);
                let people = old.as_ref().map(|p| super::model::people(&p.state)).unwrap_or_default();
                Reset::Platform(people, old.and_then(|p| p.state.reviewed_at))
            }
            (DomainEvent::Finding(_), Some(id), _) => {
                self.findings.remove(&id);
                Reset::Nothing
            }
            (DomainEvent::Procedure(_), Some(id), _) => {
                self.procedures.remove(&id);
                Reset::Nothing
            }
            (DomainEvent::Plan(_), Some(id), _) => {
                self.plans.remove(&id);
                Reset::Nothing
            }
            (DomainEvent::Needs(_), _, Some(slug)) => {
                Reset::Needs(self.needs.remove(&slug).map(|n| n.state.reviewed).unwrap_or_default())
            }
            (DomainEvent::Network(_), _, Some(slug)) => {
                self.networks.remove(&slug);
                Reset::Nothing
            }
            (DomainEvent::Region(_), _, Some(slug)) => {
                self.regions.remove(&slug);
                Reset::Nothing
            }
            _ => Reset::Nothing,
        }
    }

    fn after_reset(&mut self, reset: Reset, event: &RecordedEvent) {
        let id = Uuid::parse_str(event.stream.id()).ok();
        match (reset, id) {
            (Reset::Actor(reviewed), Some(id)) => {
                if let Some(actor) = self.actors.get_mut(&id).map(Arc::make_mut) {
                    actor.entry.state.reviewed_at = actor.entry.state.reviewed_at.max(reviewed);
                }
                self.reindex(&id, true);
            }
            (Reset::Platform(before, reviewed), Some(id)) => {
                let after = self.platforms.get(&id).map(|p| super::model::people(&p.state)).unwrap_or_default();
                if let Some(platform) = self.platforms.get_mut(&id).map(Arc::make_mut) {
                    platform.state.reviewed_at = platform.state.reviewed_at.max(reviewed);
                }
                for gone in before.difference(&after) {
                    if let Some(set) = self.memberships.get_mut(gone) {
                        set.remove(&id);
                    }
                }
                for actor in before.union(&after) {
                    self.reindex(actor, true);
                }
                self.access_changed += 1;
            }
            (Reset::Needs(reviewed), _) => {
                if let Ok(slug) = Slug::parse(event.stream.id()) {
                    let needs = self.needs.entry(slug).or_default();
                    for (activity, at) in reviewed {
                        if needs.state.activities.contains_key(&activity) {
                            let seen = needs.state.reviewed.entry(activity).or_insert(at);
                            *seen = (*seen).max(at);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Moves a record's version and position to `event` without applying
    /// it (it waits in the schedule, or a refold applied it already).
    fn touch_only(&mut self, event: &RecordedEvent, domain: &DomainEvent) {
        if let Some((version, position, updated)) = self.facts_mut(event, domain, true) {
            (*version, *position, *updated) = (event.version, event.position, Some(event.recorded_at));
        }
    }
}

impl Model {
    /// The log facts (version, position, last change) of the record
    /// `event` belongs to; with `create`, an empty record is made for a
    /// stream the model does not hold yet (its first change waits for its
    /// date).
    pub(super) fn facts_mut(
        &mut self,
        event: &RecordedEvent,
        domain: &DomainEvent,
        create: bool,
    ) -> Option<(&mut u64, &mut Position, &mut Option<DateTime<Utc>>)> {
        fn of<S>(entry: &mut Entry<S>) -> (&mut u64, &mut Position, &mut Option<DateTime<Utc>>) {
            (&mut entry.version, &mut entry.position, &mut entry.updated_at)
        }
        macro_rules! by_key {
            ($map:expr, $key:expr) => {{
                let key = $key?;
                if create { Some(of($map.entry(key).or_default())) } else { $map.get_mut(&key).map(of) }
            }};
        }
        match domain {
            DomainEvent::Actor(_) => {
                let id = stream_uuid(event)?;
                if create {
                    self.actors.entry(id).or_insert_with(|| Arc::new(ActorEntry { id, ..ActorEntry::default() }));
                }
                self.actors.get_mut(&id).map(|a| of(&mut Arc::make_mut(a).entry))
            }
            DomainEvent::Platform(_) => {
                let id = stream_uuid(event)?;
                if create {
                    self.platforms.entry(id).or_default();
                }
                self.platforms.get_mut(&id).map(|p| of(Arc::make_mut(p)))
            }
            DomainEvent::Region(_) => by_key!(self.regions, stream_slug(event)),
            DomainEvent::Network(_) => by_key!(self.networks, stream_slug(event)),
            DomainEvent::Needs(_) => by_key!(self.needs, stream_slug(event)),
            DomainEvent::Finding(_) => by_key!(self.findings, stream_uuid(event)),
            DomainEvent::Procedure(_) => by_key!(self.procedures, stream_uuid(event)),
            DomainEvent::Plan(_) => by_key!(self.plans, stream_uuid(event)),
            DomainEvent::Post(_) => by_key!(self.posts, stream_uuid(event)),
            DomainEvent::User(_) => by_key!(self.users, stream_uuid(event)),
        }
    }
}

/// What a refold merges back into the refolded record.
enum Reset {
    Actor(Option<DateTime<Utc>>),
    Platform(std::collections::BTreeSet<Uuid>, Option<DateTime<Utc>>),
    Needs(BTreeMap<Uuid, DateTime<Utc>>),
    Nothing,
}
