//! Snapshots of the read models: the live model with the board's frames,
//! and both clocks' lines of the as-of queries, saved at a position in the
//! log's snapshot store ([`crate::log::SnapshotStore`]). A start loads the
//! newest one it can read and folds only the events after it.
//!
//! # Format
//! MessagePack of `Saved` (structs with their field names), framed with
//! [`MAGIC`] and the format [`VERSION`] (`log/framed.rs`: a CRC-32 too). A snapshot of another version, or one
//! whose checksum or body does not read, is skipped with a warning: the
//! next older one is tried, then the model is rebuilt from the log (and
//! a readable snapshot saved again). So is one another release of uzel
//! wrote (the body names it): a release may fold the same events
//! differently. Within a release, bump [`VERSION`] whenever the model's
//! shape or the meaning of a fold changes.
//!
//! # What is not in it
//! - Contact persons in the clear: each is sealed under its person's key,
//!   as in the log (`events::actor::seal_contact`), so erasing a person
//!   makes the snapshot's copy unreadable too.
//! - What derives from the rest: the directory indexes (rebuilt in the
//!   saved slot order), the changes waiting for their date (kept by
//!   position, read back from the log and decoded with the keys of now),
//!   as-of checkpoints and cached answers.
//!
//! # When
//! The projector (`saver.rs`) saves one when at least [`EVERY`] events arrived since
//! the last and [`MIN_INTERVAL`] has passed — it copies the model under
//! its lock (records are shared, so this is cheap) and encodes and writes
//! on a thread of its own — and at shutdown, once the log is closed. The
//! newest [`KEEP`] are kept.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Live;
use crate::audit::asof::Past;
use crate::audit::timeline::Key;
use crate::board::history::{History, Saved as SavedBoard};
use crate::domain::finding::FindingState;
use crate::domain::ids::Slug;
use crate::domain::needs::NeedsState;
use crate::domain::network::{NetworkState, RegionState};
use crate::domain::plan::PlanState;
use crate::domain::platform::PlatformState;
use crate::domain::post::PostState;
use crate::domain::procedure::ProcedureState;
use crate::domain::user::UserState;
use crate::events::PersonalData;
use crate::events::actor::{open_contact, seal_contact};
use crate::log::{EventLog, Position};
use crate::projections::Model;
use crate::projections::effective::{Schedule, Scheduled};
use crate::projections::model::{ActorEntry, Entry};

/// The snapshot store's name for the read models.
pub const NAME: &str = "read-models";
/// The first bytes of every snapshot of the read models.
pub const MAGIC: &[u8; 8] = b"uzel-rm\n";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;
/// The release that writes and reads snapshots: one of another release is
/// rebuilt from the log, once.
const BUILD: &str = env!("CARGO_PKG_VERSION");
/// Events between periodic snapshots, at least.
pub const EVERY: Position = 10_000;
/// Time between periodic snapshots, at least.
pub const MIN_INTERVAL: Duration = Duration::from_secs(60);
/// Snapshots kept.
pub const KEEP: usize = 2;

/// Everything a snapshot holds.
#[derive(Serialize, Deserialize)]
struct Saved {
    /// The uzel that wrote it (`CARGO_PKG_VERSION`): another release may
    /// fold the same events differently, so its snapshot is not used.
    build: String,
    position: Position,
    access_changed: u64,
    generation: u64,
    regions: BTreeMap<Slug, Entry<RegionState>>,
    networks: BTreeMap<Slug, Entry<NetworkState>>,
    /// Without their contact persons (see `contacts`).
    actors: Vec<Arc<ActorEntry>>,
    /// Each actor's contact persons, sealed: (actor, sealed person).
    contacts: Vec<(Uuid, Bytes)>,
    platforms: HashMap<Uuid, Arc<Entry<PlatformState>>>,
    needs: BTreeMap<Slug, Entry<NeedsState>>,
    memberships: HashMap<Uuid, BTreeSet<Uuid>>,
    actors_by_network: HashMap<Slug, BTreeSet<Uuid>>,
    platforms_by_network: HashMap<Slug, BTreeSet<Uuid>>,
    /// Each network's directory slots, in slot order, with the position
    /// each slot shows as its last change.
    directories: Vec<(Slug, Vec<Uuid>, Vec<Position>)>,
    users: HashMap<Uuid, Entry<UserState>>,
    usernames: HashMap<String, Uuid>,
    tokens: HashMap<[u8; 32], (Uuid, Uuid)>,
    calendar_tokens: HashMap<[u8; 32], (Uuid, Uuid)>,
    findings: HashMap<Uuid, Entry<FindingState>>,
    procedures: HashMap<Uuid, Entry<ProcedureState>>,
    plans: HashMap<Uuid, Entry<PlanState>>,
    posts: HashMap<Uuid, Entry<PostState>>,
    board: SavedBoard,
    /// The positions of the changes waiting for their date.
    scheduled: Vec<Position>,
    /// The newest effective key applied of each stream.
    applied: Vec<(String, Key)>,
    /// The as-of lines' keys, 16 bytes each (`pack`).
    effective: Bytes,
    recorded: Bytes,
}

/// What a start did: loaded a snapshot and folded the rest, or rebuilt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Start {
    /// The position of the snapshot loaded (`None`: rebuilt from the log).
    pub snapshot: Option<Position>,
    /// The events folded after it.
    pub folded: u64,
}

fn pack(keys: &[Key]) -> Bytes {
    let mut out = Vec::with_capacity(keys.len() * 16);
    for (micros, position) in keys {
        out.extend_from_slice(&micros.to_le_bytes());
        out.extend_from_slice(&position.to_le_bytes());
    }
    Bytes::from(out)
}

fn unpack(bytes: &[u8]) -> Result<Vec<Key>, String> {
    if !bytes.len().is_multiple_of(16) {
        return Err("the as-of lines are cut short".into());
    }
    Ok(bytes
        .chunks_exact(16)
        .map(|k| {
            let (micros, position) = k.split_at(8);
            (
                i64::from_le_bytes(micros.try_into().unwrap_or_default()),
                u64::from_le_bytes(position.try_into().unwrap_or_default()),
            )
        })
        .collect())
}

/// Encodes the model, the board and the as-of lines' keys (effective,
/// recorded) as a snapshot, sealing contact persons with `keys`.
pub fn encode(live: Live, lines: (Vec<Key>, Vec<Key>), keys: &dyn PersonalData) -> Result<Vec<u8>, String> {
    let Live { model, board } = live;
    let contacts = model
        .actors
        .values()
        .flat_map(|a| {
            a.entry.state.contacts.iter().map(|(id, person)| (a.id, Bytes::from(seal_contact(id, person, keys))))
        })
        .collect();
    let directories = model
        .directories
        .iter()
        .map(|(slug, index)| (slug.clone(), index.slots.clone(), index.positions.clone()))
        .collect();
    let saved = Saved {
        build: BUILD.to_owned(),
        position: model.position,
        access_changed: model.access_changed,
        generation: model.generation,
        board: board.saved(),
        scheduled: model.schedule.pending_positions(),
        applied: model.schedule.applied(),
        regions: model.regions,
        networks: model.networks,
        actors: model.actors.into_values().collect(),
        contacts,
        platforms: model.platforms,
        needs: model.needs,
        memberships: model.memberships,
        actors_by_network: model.actors_by_network,
        platforms_by_network: model.platforms_by_network,
        directories,
        users: model.users,
        usernames: model.usernames,
        tokens: model.tokens,
        calendar_tokens: model.calendar_tokens,
        findings: model.findings,
        procedures: model.procedures,
        plans: model.plans,
        posts: model.posts,
        effective: pack(&lines.0),
        recorded: pack(&lines.1),
    };
    let body = rmp_serde::to_vec_named(&saved).map_err(|e| format!("cannot encode the read models: {e}"))?;
    Ok(crate::log::framed::wrap(MAGIC, VERSION, &body))
}

/// What a snapshot holds, if it is one this build reads.
fn read(bytes: &[u8]) -> Result<Saved, String> {
    let body = crate::log::framed::unwrap(bytes, MAGIC, VERSION, "a snapshot of the read models")?;
    let saved: Saved = rmp_serde::from_slice(body).map_err(|e| format!("cannot read the snapshot: {e}"))?;
    if saved.build != BUILD {
        return Err(format!("written by uzel {}; this is uzel {BUILD}", saved.build));
    }
    Ok(saved)
}

/// The model and board a snapshot holds, with `past`'s lines put back;
/// reads the changes waiting for their date from `log`.
pub async fn restore(bytes: &[u8], log: &dyn EventLog, keys: &dyn PersonalData, past: &Past) -> Result<Live, String> {
    let saved = read(bytes)?;
    let mut actors: HashMap<Uuid, Arc<ActorEntry>> = saved.actors.into_iter().map(|a| (a.id, a)).collect();
    for (actor, sealed) in &saved.contacts {
        let (id, person) = open_contact(sealed, keys).map_err(|e| format!("a contact person of actor {actor}: {e}"))?;
        let entry = actors.get_mut(actor).ok_or_else(|| format!("contact person {id} of an unknown actor {actor}"))?;
        Arc::make_mut(entry).entry.state.contacts.insert(id, person);
    }
    let scheduled = crate::audit::asof::fetch(log, saved.scheduled.clone())
        .await
        .map_err(|e| format!("cannot read the changes waiting for their date: {e}"))?;
    if scheduled.len() != saved.scheduled.len() {
        return Err("a change waiting for its date is not in the log".into());
    }
    let pending = scheduled
        .into_iter()
        .map(|event| {
            let domain = crate::events::decode(&event.event_type, event.schema, &event.payload, keys)
                .map_err(|e| format!("the change at {} does not decode: {e}", event.position))?;
            Ok(Scheduled { event: Arc::new(event), domain })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let mut model = Model {
        position: saved.position,
        regions: saved.regions,
        networks: saved.networks,
        actors,
        platforms: saved.platforms,
        needs: saved.needs,
        memberships: saved.memberships,
        actors_by_network: saved.actors_by_network,
        platforms_by_network: saved.platforms_by_network,
        directories: HashMap::new(),
        users: saved.users,
        usernames: saved.usernames,
        tokens: saved.tokens,
        calendar_tokens: saved.calendar_tokens,
        findings: saved.findings,
        procedures: saved.procedures,
        plans: saved.plans,
        posts: saved.posts,
        access_changed: saved.access_changed,
        schedule: Schedule::restore(saved.applied, pending),
        generation: saved.generation,
    };
    rebuild_directories(&mut model, &saved.directories);
    let board = History::restore(saved.board)?;
    past.restore(unpack(&saved.effective)?, unpack(&saved.recorded)?)?;
    Ok(Live { model, board })
}

/// Indexes the actors of each saved directory again, in slot order (so
/// that slots, and ties in name order, come out as they were), and puts
/// back the position each slot showed: a change waiting for its date moves
/// the record's position but not its slot's.
fn rebuild_directories(model: &mut Model, saved: &[(Slug, Vec<Uuid>, Vec<Position>)]) {
    for (slug, slots, positions) in saved {
        for id in slots {
            model.reindex(id, true);
        }
        if let Some(index) = model.directories.get_mut(slug).map(Arc::make_mut)
            && index.slots == *slots
        {
            index.positions.clone_from(positions);
        }
    }
}

/// The model and board of the newest snapshot of `log` that reads, with
/// `past`'s lines put back; `None` if the log keeps none that does (the
/// caller rebuilds from the log).
pub async fn load(log: &dyn EventLog, keys: &dyn PersonalData, past: &Past) -> Option<Live> {
    let store = log.snapshots()?;
    // Newest first, one at a time: listing would read every snapshot.
    let mut upto = Some(log.last_position());
    while let Some(at) = upto {
        let snapshot = match store.load_snapshot(NAME, Some(at)).await {
            Ok(Some(snapshot)) => snapshot,
            Ok(None) => return None,
            Err(why) => {
                tracing::warn!(error = %why, "cannot read the snapshots of the read models; rebuilding");
                return None;
            }
        };
        upto = snapshot.position.checked_sub(1);
        match restore(&snapshot.data, log, keys, past).await {
            Ok(live) => return Some(live),
            Err(why) => {
                let position = snapshot.position;
                tracing::warn!(position, error = %why, "skipping a snapshot of the read models that does not read");
            }
        }
    }
    None
}

/// Writes a snapshot of the model and board (with the as-of lines' keys)
/// into `log`'s snapshot store and prunes the older ones; returns its size
/// in bytes.
pub async fn save(
    log: &dyn EventLog,
    keys: &dyn PersonalData,
    live: Live,
    lines: (Vec<Key>, Vec<Key>),
) -> Result<usize, String> {
    let store = log.snapshots().ok_or("this log keeps no snapshots")?;
    let position = live.model.position;
    let started = Instant::now();
    let bytes = encode(live, lines, keys)?;
    store.save_snapshot(NAME, position, &bytes).await.map_err(|e| e.to_string())?;
    store.prune_snapshots(NAME, KEEP).await.map_err(|e| e.to_string())?;
    tracing::info!(
        position,
        bytes = bytes.len(),
        ms = started.elapsed().as_millis() as u64,
        "saved a snapshot of the read models"
    );
    Ok(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `saved`'s snapshot bytes, as `encode` frames them.
    fn framed(saved: &Saved) -> Vec<u8> {
        crate::log::framed::wrap(MAGIC, VERSION, &rmp_serde::to_vec_named(saved).expect("encodes"))
    }

    #[test]
    fn a_snapshot_reads_back_only_in_the_release_and_format_that_wrote_it() {
        let bytes = encode(Live::default(), (vec![(1, 1)], vec![(2, 1)]), &crate::events::NoKeys).expect("encodes");
        let mut saved = read(&bytes).expect("reads back");
        assert_eq!((saved.build.as_str(), unpack(&saved.recorded).unwrap()), (BUILD, vec![(2, 1)]));
        saved.build = "0.0.1-older".into();
        let older = read(&framed(&saved)).err().expect("another release's snapshot is refused");
        assert!(older.contains("written by uzel 0.0.1-older"), "{older}");
        let mut other = bytes.clone();
        other[8..12].copy_from_slice(&(VERSION + 1).to_le_bytes());
        assert!(read(&other).err().expect("refused").contains("format"));
        let mut damaged = bytes;
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        assert!(read(&damaged).err().expect("refused").contains("checksum"));
    }
}
