//! The answers to what coordinators and case managers ask: an actor in
//! full, a platform with its meetings, coverage and gaps of a network, and a
//! region's networks side by side, a network's plan. Each is a plain serializable value built
//! from the [`Model`](crate::projections::Model) at one moment.

mod actor;
mod coverage;
mod evaluation;
mod plan;
mod platform;
mod region;

pub use self::actor::*;
pub use self::coverage::*;
pub use self::evaluation::*;
pub use self::plan::*;
pub use self::platform::*;
pub use self::region::*;
