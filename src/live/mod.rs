//! The live read side of a running server: the projector, which folds
//! every committed event into the [`Model`] and then hands it to what
//! follows the model — the board's history (`board::history`) and the
//! as-of clocks (`audit::asof`) — and snapshots of all of it.
//!
//! `projections` knows the model and how to fold it; `board` and `audit`
//! derive from the model; this module is where the three meet, so none
//! of them imports another's runtime.
//!
//! - `projector.rs` — [`ReadModels`]: the projector thread, the applied
//!   position (read-your-writes), the board's live frames;
//! - `start.rs` — a start: the newest readable snapshot and the events
//!   after it, or a rebuild from the whole log;
//! - `snapshot.rs` — the model, the board and the clocks saved at a
//!   position; `saver.rs` — when and on which thread they are saved.

pub mod projector;
pub mod saver;
pub mod snapshot;
pub mod start;

use std::ops::Deref;
use std::sync::RwLockReadGuard;

pub use self::projector::{BOARD_LIVE_CAPACITY, ReadModels};
pub use self::start::{BOARD_TAIL, rebuild, rebuild_with_tail};
use crate::board::history::History;
use crate::projections::Model;

/// The model and the board's history, moved together by the projector:
/// the board holds the frames of exactly the events the model applied.
#[derive(Clone, Debug, Default)]
pub struct Live {
    /// Every aggregate's state.
    pub model: Model,
    /// The board's frames, derived from the model.
    pub board: History,
}

/// A read of the live model (and of the board beside it), under the
/// projector's lock: it dereferences to the [`Model`].
pub struct Reading<'a>(RwLockReadGuard<'a, Live>);

impl Reading<'_> {
    /// The board's history at the model's position.
    pub fn board(&self) -> &History {
        &self.0.board
    }
}

impl Deref for Reading<'_> {
    type Target = Model;

    fn deref(&self) -> &Model {
        &self.0.model
    }
}
