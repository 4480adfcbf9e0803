//! Given/when/then tests of the aggregates: given past events, when a
//! command, then these events or this error. No I/O.

mod actor;
mod finding;
mod needs;
mod network;
mod plan;
mod platform;
mod post;
mod procedure;
mod user;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::ids::Slug;
use super::network::{NetworkCommand, NetworkEvent, NetworkState, TermKind};

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("test dates are RFC 3339").with_timezone(&Utc)
}

pub fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("test slugs are valid")
}

/// A registered network `tachov` with one term of each kind and the ids of
/// those terms.
pub fn tachov() -> (NetworkState, Uuid, Uuid, Uuid) {
    let (group, situation, place) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
    let mut network = NetworkState::default();
    let events = [
        NetworkEvent::Registered {
            slug: slug("tachov"),
            name: "ORP Tachov".into(),
            orp_code: Some("3214".into()),
            region: slug("plzensky"),
        },
        NetworkEvent::TermAdded { id: group, kind: TermKind::TargetGroup, name: "6–10 let".into() },
        NetworkEvent::TermAdded { id: situation, kind: TermKind::LifeSituation, name: "rozvod rodičů".into() },
        NetworkEvent::TermAdded { id: place, kind: TermKind::Place, name: "Tachov".into() },
    ];
    events.iter().for_each(|e| network.apply(e));
    (network, group, situation, place)
}

/// Runs a network command on `state`.
pub fn network_when(state: &NetworkState, command: NetworkCommand) -> Result<Vec<NetworkEvent>, super::DomainError> {
    state.decide(command, true)
}
