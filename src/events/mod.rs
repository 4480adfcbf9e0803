//! The catalogue of event types and their codecs: every domain event to and
//! from its protobuf payload (`proto/uzel/events/v1/`), named by its `type`
//! (`{aggregate}.{what happened}`). All types are at schema 1; a change that
//! old payloads cannot absorb gets schema 2 and an upcaster here.
//!
//! `uzel check` uses [`validate_payload`] to prove every stored payload
//! decodes. Every type's payloads are kept as golden files
//! (`tests/golden/events/`, checked by `golden.rs`).

pub mod actor;
pub mod common;
pub mod finding;
pub mod needs;
pub mod network;
pub mod plan;
pub mod platform;
pub mod post;
pub mod procedure;
pub mod region;
pub mod user;

pub use self::actor::{NoKeys, PersonalData};
pub use self::common::DecodeError;
use crate::domain::actor::ActorEvent;
use crate::domain::finding::FindingEvent;
use crate::domain::needs::NeedsEvent;
use crate::domain::network::{NetworkEvent, RegionEvent};
use crate::domain::plan::PlanEvent;
use crate::domain::platform::PlatformEvent;
use crate::domain::post::PostEvent;
use crate::domain::procedure::ProcedureEvent;
use crate::domain::user::UserEvent;

/// `log.probe`: an event written only to exercise the log.
pub const LOG_PROBE: &str = crate::log::probe::PROBE_TYPE;

/// Any domain event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomainEvent {
    /// Of a region.
    Region(RegionEvent),
    /// Of a network.
    Network(NetworkEvent),
    /// Of an actor.
    Actor(ActorEvent),
    /// Of a needs map.
    Needs(NeedsEvent),
    /// Of a platform.
    Platform(PlatformEvent),
    /// Of a user.
    User(UserEvent),
    /// Of a post on the board.
    Post(PostEvent),
    /// Of a network's plan.
    Plan(PlanEvent),
    /// Of a finding of mapping.
    Finding(FindingEvent),
    /// Of an agreed procedure.
    Procedure(ProcedureEvent),
}

/// Every event type this build knows, with the stream category it lives in.
pub fn all_types() -> impl Iterator<Item = (&'static str, &'static str)> {
    let of = |category: &'static str, types: &'static [&'static str]| types.iter().map(move |t| (category, *t));
    of("region", region::TYPES)
        .chain(of("network", network::TYPES))
        .chain(of("actor", actor::TYPES))
        .chain(of("needs", needs::TYPES))
        .chain(of("platform", platform::TYPES))
        .chain(of("user", user::TYPES))
        .chain(of("post", post::TYPES))
        .chain(of("plan", plan::TYPES))
        .chain(of("finding", finding::TYPES))
        .chain(of("procedure", procedure::TYPES))
        .chain(std::iter::once(("probe", LOG_PROBE)))
}

/// The type and payload of a domain event; fails only if personal data
/// cannot be sealed (the person was erased).
pub fn encode(event: &DomainEvent, keys: &dyn PersonalData) -> Result<(&'static str, Vec<u8>), String> {
    Ok(match event {
        DomainEvent::Region(e) => region::encode(e),
        DomainEvent::Network(e) => network::encode(e),
        DomainEvent::Actor(e) => actor::encode(e, keys)?,
        DomainEvent::Needs(e) => needs::encode(e),
        DomainEvent::Platform(e) => platform::encode(e),
        DomainEvent::User(e) => user::encode(e),
        DomainEvent::Post(e) => post::encode(e),
        DomainEvent::Plan(e) => plan::encode(e),
        DomainEvent::Finding(e) => finding::encode(e),
        DomainEvent::Procedure(e) => procedure::encode(e),
    })
}

/// The domain event a stored payload holds.
pub fn decode(
    event_type: &str,
    schema: u32,
    payload: &[u8],
    keys: &dyn PersonalData,
) -> Result<DomainEvent, DecodeError> {
    if schema != 1 {
        return Err(format!("schema {schema} of {event_type} is unknown to this build"));
    }
    let category = event_type.split('.').next().unwrap_or("");
    Ok(match category {
        "region" => DomainEvent::Region(region::decode(event_type, payload)?),
        "network" => DomainEvent::Network(network::decode(event_type, payload)?),
        "actor" => DomainEvent::Actor(actor::decode(event_type, payload, keys)?),
        "needs" => DomainEvent::Needs(needs::decode(event_type, payload)?),
        "platform" => DomainEvent::Platform(platform::decode(event_type, payload)?),
        "user" => DomainEvent::User(user::decode(event_type, payload)?),
        "post" => DomainEvent::Post(post::decode(event_type, payload)?),
        "plan" => DomainEvent::Plan(plan::decode(event_type, payload)?),
        "finding" => DomainEvent::Finding(finding::decode(event_type, payload)?),
        "procedure" => DomainEvent::Procedure(procedure::decode(event_type, payload)?),
        _ => return Err(format!("event type {event_type} is unknown to this build")),
    })
}

/// Checks that `payload` is a valid payload of `event_type` at `schema`.
pub fn validate_payload(event_type: &str, schema: u32, payload: &[u8]) -> Result<(), String> {
    if event_type == LOG_PROBE {
        if schema != 1 {
            return Err(format!("schema {schema} of {event_type} is unknown to this build"));
        }
        return <crate::proto::log::v1::Probe as prost::Message>::decode(payload).map(drop).map_err(|e| e.to_string());
    }
    decode(event_type, schema, payload, &NoKeys).map(drop)
}

#[cfg(test)]
mod golden;
#[cfg(test)]
mod tests;
