//! The domain: the three templates of a network — actors, needs and
//! activities, interdisciplinary platforms — as aggregates whose every
//! change is an event. Pure code: `decide(state, command) -> events or
//! error` and `apply(state, event)`, no I/O, no clock (time comes in a
//! [`actor::Ctx`]), no randomness (ids come in commands).

pub mod actor;
pub mod actor_fields;
pub mod actor_parts;
pub mod error;
pub mod filter;
pub mod finding;
pub mod identifying;
pub mod ids;
pub mod links;
pub mod need_area;
pub mod needs;
pub mod network;
pub mod plan;
pub mod platform;
pub mod platform_fields;
pub mod post;
pub mod procedure;
pub mod region;
pub mod revision;
pub mod text;
pub mod user;
pub mod value;

pub use self::error::{DomainError, FieldError};

#[cfg(test)]
mod tests;
pub use self::need_area::NeedArea;
