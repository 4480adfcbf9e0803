//! The yearly revision: a coordinator marks a network's records reviewed —
//! actors, platforms and activities of the needs map, one or many at once —
//! as one event (`network.records_reviewed`), so the revision itself is
//! audited like any other change.

use std::collections::BTreeSet;

use uuid::Uuid;

use super::error::{DomainError, Problems};
use super::network::NetworkEvent;

/// The most records one revision marks.
pub const MAX_RECORDS: usize = 10_000;

/// What a coordinator marks reviewed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reviewed {
    /// Actors.
    pub actors: Vec<Uuid>,
    /// Platforms.
    pub platforms: Vec<Uuid>,
    /// Activities of the needs map.
    pub activities: Vec<Uuid>,
}

/// Which records of the network exist, to check a revision against.
pub trait Known {
    /// Whether `id` is an actor of the network.
    fn actor(&self, id: &Uuid) -> bool;
    /// Whether `id` is a platform of the network.
    fn platform(&self, id: &Uuid) -> bool;
    /// Whether `id` is an activity of the network's needs map.
    fn activity(&self, id: &Uuid) -> bool;
}

fn unique(ids: Vec<Uuid>) -> Vec<Uuid> {
    let mut seen = BTreeSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).collect()
}

/// Decides a revision: every record must be the network's; at least one,
/// at most [`MAX_RECORDS`]; repeated ids count once.
pub fn decide(marked: Reviewed, known: &dyn Known) -> Result<NetworkEvent, DomainError> {
    let marked = Reviewed {
        actors: unique(marked.actors),
        platforms: unique(marked.platforms),
        activities: unique(marked.activities),
    };
    let total = marked.actors.len() + marked.platforms.len() + marked.activities.len();
    if total == 0 {
        return Err(DomainError::invalid("actors", "name at least one actor, platform or activity to mark reviewed"));
    }
    if total > MAX_RECORDS {
        return Err(DomainError::invalid(
            "actors",
            format!("one revision marks at most {MAX_RECORDS} records; send the rest in another"),
        ));
    }
    let mut problems = Problems::default();
    let mut check = |field: &str, ids: &[Uuid], what: &str, exists: &dyn Fn(&Uuid) -> bool| {
        for (i, id) in ids.iter().enumerate() {
            if !exists(id) {
                problems.add(format!("{field}[{i}]"), format!("{id} is not {what} of this network"));
            }
        }
    };
    check("actors", &marked.actors, "an actor", &|id| known.actor(id));
    check("platforms", &marked.platforms, "a platform", &|id| known.platform(id));
    check("activities", &marked.activities, "an activity", &|id| known.activity(id));
    problems.finish()?;
    Ok(NetworkEvent::RecordsReviewed {
        actors: marked.actors,
        platforms: marked.platforms,
        activities: marked.activities,
    })
}
