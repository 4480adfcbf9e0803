//! The read model: every aggregate's current state, folded from the log in
//! position order, plus what is derived from them (platform membership of
//! each actor, search text, sort keys). It doubles as the command side's
//! cache: a command is decided against the state here and appended with the
//! stream version recorded here, so a stale cache can only cause a version
//! conflict, never a wrong write.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::index::DirectoryIndex;
use crate::domain::actor::{ActorEvent, ActorState};
use crate::domain::finding::FindingState;
use crate::domain::ids::Slug;
use crate::domain::links::linked_actors;
use crate::domain::needs::{NeedsEvent, NeedsState};
use crate::domain::network::{DEFAULT_CAPACITY_STALE_DAYS, NetworkEvent, NetworkState, RegionState};
use crate::domain::plan::{PlanEvent, PlanState};
use crate::domain::platform::PlatformState;
use crate::domain::post::PostState;
use crate::domain::procedure::ProcedureState;
use crate::domain::user::{TokenScope, UserEvent, UserState};
use crate::events::DomainEvent;
use crate::log::{Position, RecordedEvent};

/// One aggregate's state with the log facts about it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry<S> {
    /// The folded state.
    pub state: S,
    /// The stream version of its last event (the version to expect next).
    pub version: u64,
    /// The position of its last event.
    pub position: Position,
    /// When it last changed (recorded).
    pub updated_at: Option<DateTime<Utc>>,
}

/// An actor and its id.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActorEntry {
    /// Its id.
    pub id: Uuid,
    /// The actor.
    pub entry: Entry<ActorState>,
}

/// Every aggregate of every network, at one position of the log.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// The last position applied.
    pub position: Position,
    /// Regions by slug.
    pub regions: BTreeMap<Slug, Entry<RegionState>>,
    /// Networks by slug.
    pub networks: BTreeMap<Slug, Entry<NetworkState>>,
    /// Actors by id. Shared with the checkpoints of as-of queries, each
    /// copied only when it changes.
    pub actors: HashMap<Uuid, Arc<ActorEntry>>,
    /// Platforms by id (shared like actors).
    pub platforms: HashMap<Uuid, Arc<Entry<PlatformState>>>,
    /// Needs maps by network.
    pub needs: BTreeMap<Slug, Entry<NeedsState>>,
    /// For each actor, the platforms it coordinates or is a member of.
    pub memberships: HashMap<Uuid, BTreeSet<Uuid>>,
    /// Actors of each network.
    pub actors_by_network: HashMap<Slug, BTreeSet<Uuid>>,
    /// Platforms of each network.
    pub platforms_by_network: HashMap<Slug, BTreeSet<Uuid>>,
    /// The directory index of each network (shared like actors).
    pub directories: HashMap<Slug, Arc<DirectoryIndex>>,
    /// Users by id.
    pub users: HashMap<Uuid, Entry<UserState>>,
    /// Users by username.
    pub usernames: HashMap<String, Uuid>,
    /// Live API tokens by the hash of their secret: (user, token).
    pub tokens: HashMap<[u8; 32], (Uuid, Uuid)>,
    /// Live calendar feed tokens by the hash of their secret: (user,
    /// token). They open the user's calendar feed and nothing else.
    pub calendar_tokens: HashMap<[u8; 32], (Uuid, Uuid)>,
    /// Findings by id.
    pub findings: HashMap<Uuid, Entry<FindingState>>,
    /// Agreed procedures by id.
    pub procedures: HashMap<Uuid, Entry<ProcedureState>>,
    /// Plans by id.
    pub plans: HashMap<Uuid, Entry<PlanState>>,
    /// Posts on the board by id.
    pub posts: HashMap<Uuid, Entry<PostState>>,
    /// Counts changes to who may see what (users' roles, tokens and
    /// passwords; platform membership): a board connection re-checks its
    /// reader when it moves.
    pub access_changed: u64,
    /// Changes waiting for their effective date, and what each stream has
    /// applied on the effective clock (the live model only).
    pub schedule: super::effective::Schedule,
    /// Moves when the model changes without a new event: a scheduled change
    /// took effect, or a record was folded again. Cached answers hold while
    /// both the position and this have not moved.
    pub generation: u64,
}

fn touch<S>(entry: &mut Entry<S>, event: &RecordedEvent) {
    entry.version = event.version;
    entry.position = event.position;
    entry.updated_at = Some(event.recorded_at);
}

/// The id of a stream named `{category}-{uuid}`.
pub(super) fn stream_uuid(event: &RecordedEvent) -> Option<Uuid> {
    Uuid::parse_str(event.stream.id()).ok()
}

/// The slug of a stream named `{category}-{slug}`.
pub(super) fn stream_slug(event: &RecordedEvent) -> Option<Slug> {
    Slug::parse(event.stream.id()).ok()
}

impl Model {
    /// Applies one recorded event and its decoded domain event. Events of
    /// streams the model does not know the shape of are skipped (they are
    /// checked by `uzel check`).
    pub fn apply(&mut self, event: &RecordedEvent, domain: &DomainEvent) {
        self.apply_state(event, domain);
        self.position = event.position;
    }

    /// Applies one event to the state of its aggregate and what derives from
    /// it, without moving the model's position.
    pub(super) fn apply_state(&mut self, event: &RecordedEvent, domain: &DomainEvent) {
        let at = event.effective_at;
        match domain {
            DomainEvent::Region(e) => {
                if let Some(slug) = stream_slug(event) {
                    let entry = self.regions.entry(slug).or_default();
                    entry.state.apply(e);
                    touch(entry, event);
                }
            }
            DomainEvent::Network(e) => {
                if let Some(slug) = stream_slug(event) {
                    let entry = self.networks.entry(slug.clone()).or_default();
                    entry.state.apply(e);
                    touch(entry, event);
                    if matches!(e, NetworkEvent::Registered { .. }) {
                        self.access_changed += 1;
                    }
                    if let NetworkEvent::RecordsReviewed { actors, platforms, activities } = e {
                        self.reviewed(&slug, actors, platforms, activities, at);
                    }
                    if matches!(e, NetworkEvent::CapacityStaleDaysSet { .. }) {
                        let actors: Vec<Uuid> =
                            self.actors_by_network.get(&slug).into_iter().flatten().copied().collect();
                        for actor in actors {
                            self.reindex(&actor, false);
                        }
                    }
                }
            }
            DomainEvent::Actor(e) => {
                let Some(id) = stream_uuid(event) else { return };
                let actor = Arc::make_mut(
                    self.actors.entry(id).or_insert_with(|| Arc::new(ActorEntry { id, ..ActorEntry::default() })),
                );
                actor.entry.state.apply(e, at);
                touch(&mut actor.entry, event);
                if let (ActorEvent::Registered { .. }, Some(network)) = (e, &actor.entry.state.network) {
                    self.actors_by_network.entry(network.clone()).or_default().insert(id);
                }
                // Only these change what the directory filters on; capacity
                // and everything else only refresh the actor's slot.
                let full = match e {
                    ActorEvent::Registered { .. } | ActorEvent::StatusChanged { .. } => true,
                    ActorEvent::Changed { changes } => changes.iter().any(|c| super::index::indexes(&c.field)),
                    _ => false,
                };
                self.reindex(&id, full);
            }
            DomainEvent::Platform(e) => {
                let Some(id) = stream_uuid(event) else { return };
                let entry = Arc::make_mut(self.platforms.entry(id).or_default());
                let before = people(&entry.state);
                let was_active = entry.state.ended_at.is_none();
                entry.state.apply(e, at);
                touch(entry, event);
                let after = people(&entry.state);
                let ended = was_active && entry.state.ended_at.is_some();
                if let Some(network) = &entry.state.network {
                    self.platforms_by_network.entry(network.clone()).or_default().insert(id);
                }
                for gone in before.difference(&after) {
                    if let Some(set) = self.memberships.get_mut(gone) {
                        set.remove(&id);
                    }
                }
                for new in after.difference(&before) {
                    self.memberships.entry(*new).or_default().insert(id);
                }
                // Membership, and a platform ending, change who is in which
                // active platform; meetings and the rest change nothing here.
                if before != after {
                    self.access_changed += 1;
                }
                if before != after || ended {
                    for actor in before.union(&after) {
                        self.reindex(actor, true);
                    }
                }
            }
            DomainEvent::Finding(e) => {
                let Some(id) = stream_uuid(event) else { return };
                let entry = self.findings.entry(id).or_default();
                entry.state.apply(e);
                touch(entry, event);
            }
            DomainEvent::Procedure(e) => {
                let Some(id) = stream_uuid(event) else { return };
                let entry = self.procedures.entry(id).or_default();
                entry.state.apply(e, at);
                touch(entry, event);
            }
            DomainEvent::Plan(e) => {
                let Some(id) = stream_uuid(event) else { return };
                let entry = self.plans.entry(id).or_default();
                entry.state.apply(e, at);
                touch(entry, event);
                if let PlanEvent::Evaluated { year, .. } = e
                    && let Some(last) = entry.state.evaluations.get_mut(year).and_then(|v| v.last_mut())
                {
                    last.author = event.author.clone();
                }
            }
            DomainEvent::Post(e) => {
                let Some(id) = stream_uuid(event) else { return };
                let entry = self.posts.entry(id).or_default();
                entry.state.apply(e);
                touch(entry, event);
            }
            DomainEvent::User(e) => {
                self.access_changed += 1;
                let Some(id) = stream_uuid(event) else { return };
                let entry = self.users.entry(id).or_default();
                entry.state.apply(e, at);
                touch(entry, event);
                match e {
                    UserEvent::Created { username, .. } => {
                        self.usernames.insert(username.clone(), id);
                    }
                    UserEvent::TokenCreated { id: token, hash, scope, .. } => {
                        let live = match scope {
                            TokenScope::Api => &mut self.tokens,
                            TokenScope::Calendar => &mut self.calendar_tokens,
                        };
                        live.insert(*hash, (id, *token));
                    }
                    UserEvent::TokenRevoked { id: token } => {
                        if let Some(hash) = entry.state.tokens.get(token).map(|t| t.hash) {
                            self.tokens.remove(&hash);
                            self.calendar_tokens.remove(&hash);
                        }
                    }
                    _ => {}
                }
            }
            DomainEvent::Needs(e) => {
                if let Some(slug) = stream_slug(event) {
                    let entry = self.needs.entry(slug).or_default();
                    entry.state.apply(e);
                    touch(entry, event);
                    match e {
                        NeedsEvent::ActivityAdded { id, .. } => {
                            entry.state.added.insert(*id, at);
                        }
                        NeedsEvent::ActivityRemoved { id } => {
                            entry.state.added.remove(id);
                            entry.state.reviewed.remove(id);
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    /// Marks a network's records reviewed at `at` (the yearly revision).
    fn reviewed(
        &mut self,
        network: &Slug,
        actors: &[Uuid],
        platforms: &[Uuid],
        activities: &[Uuid],
        at: DateTime<Utc>,
    ) {
        for id in actors {
            if let Some(actor) = self.actors.get_mut(id).map(Arc::make_mut) {
                actor.entry.state.reviewed_at = actor.entry.state.reviewed_at.max(Some(at));
            }
        }
        for id in platforms {
            if let Some(platform) = self.platforms.get_mut(id).map(Arc::make_mut) {
                platform.state.reviewed_at = platform.state.reviewed_at.max(Some(at));
            }
        }
        let needs = self.needs.entry(network.clone()).or_default();
        for id in activities {
            let seen = needs.state.reviewed.entry(*id).or_insert(at);
            *seen = (*seen).max(at);
        }
    }

    /// Brings an actor's slot in its network's directory index up to date:
    /// everything (`full`), or only its capacity and last change.
    pub fn reindex(&mut self, id: &Uuid, full: bool) {
        let Some(actor) = self.actors.get(id) else { return };
        let Some(network) = actor.entry.state.network.clone() else { return };
        let stale_days = self.networks.get(&network).map_or(DEFAULT_CAPACITY_STALE_DAYS, |n| n.state.stale_days());
        let platforms = if full { self.active_platforms_of(id) } else { Vec::new() };
        let index = Arc::make_mut(self.directories.entry(network).or_default());
        if full {
            index.update(actor, &platforms, stale_days);
        } else {
            index.touch(actor, stale_days);
        }
    }

    /// Whether `id` is an actor of `network`.
    pub fn is_actor_of(&self, network: &Slug, id: &Uuid) -> bool {
        self.actors_by_network.get(network).is_some_and(|set| set.contains(id))
    }

    /// How many active platforms an actor coordinates or belongs to.
    pub fn active_platform_count(&self, actor: &Uuid) -> usize {
        self.memberships.get(actor).map_or(0, |set| {
            set.iter().filter(|p| self.platforms.get(p).is_some_and(|e| e.state.ended_at.is_none())).count()
        })
    }

    /// The active platforms an actor coordinates or belongs to.
    pub fn active_platforms_of(&self, actor: &Uuid) -> Vec<Uuid> {
        self.memberships
            .get(actor)
            .map(|set| {
                set.iter()
                    .filter(|p| self.platforms.get(p).is_some_and(|e| e.state.ended_at.is_none()))
                    .copied()
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The actors a platform lists as coordinators or members.
pub(super) fn people(platform: &PlatformState) -> BTreeSet<Uuid> {
    linked_actors(platform.fields.get("coordinators"))
        .into_iter()
        .chain(linked_actors(platform.fields.get("members")))
        .collect()
}
