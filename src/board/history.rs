//! The board's history: every frame the log has produced, in position
//! order, in memory beside the read model. Subscribers read their catch-up
//! from here (a binary search, no decoding), and so does a subscriber whose
//! live receiver lagged: it never skips a frame.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::frame::{Frame, Kind};
use crate::log::Position;

/// Every board frame, in position order.
#[derive(Clone, Debug, Default)]
pub struct History {
    frames: Vec<Arc<Frame>>,
}

impl History {
    /// Appends a frame (positions only grow).
    pub fn push(&mut self, frame: Arc<Frame>) {
        debug_assert!(self.frames.last().is_none_or(|last| last.position < frame.position));
        self.frames.push(frame);
    }

    /// How many frames.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// The newest frame.
    pub fn last(&self) -> Option<&Arc<Frame>> {
        self.frames.last()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// The frames after `position` (exclusive), at most `max`.
    pub fn after(&self, position: Position, max: usize) -> &[Arc<Frame>] {
        let start = self.frames.partition_point(|f| f.position <= position);
        let end = start.saturating_add(max).min(self.frames.len());
        &self.frames[start..end]
    }

    /// The frames of the board as it stands at `now`: posts neither
    /// withdrawn, resolved nor expired, with everything that happened to
    /// them, and of capacity only each actor's latest announcement per unit
    /// (if it has not expired). In position order.
    pub fn current(&self, now: DateTime<Utc>) -> Vec<Arc<Frame>> {
        let mut open: HashMap<&str, bool> = HashMap::new();
        let mut latest_capacity: HashMap<&str, Position> = HashMap::new();
        for frame in &self.frames {
            if frame.kind == Kind::Capacity {
                latest_capacity.insert(frame.slot.as_str(), frame.position);
            }
            let alive = match frame.op {
                "published" => frame.valid_until.is_none_or(|until| until > now),
                "withdrawn" | "resolved" => false,
                _ => continue,
            };
            open.insert(frame.slot.as_str(), alive);
        }
        self.frames
            .iter()
            .filter(|f| open.get(f.slot.as_str()).copied().unwrap_or(false))
            .filter(|f| f.kind != Kind::Capacity || latest_capacity.get(f.slot.as_str()) == Some(&f.position))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};

    use super::History;
    use crate::board::frame::{Kind, sample};

    #[test]
    fn the_current_board_keeps_open_posts_and_the_latest_capacity() {
        let now = Utc::now();
        let mut history = History::default();
        let frames = [
            sample(1, Kind::Capacity, "published", "a/bed", None),
            sample(2, Kind::News, "published", "n1", Some(now + Duration::days(1))),
            sample(3, Kind::News, "published", "n2", Some(now - Duration::seconds(1))),
            sample(4, Kind::PlaceWanted, "published", "p", None),
            sample(5, Kind::PlaceWanted, "offer", "p", None),
            sample(6, Kind::Capacity, "published", "a/bed", None),
            sample(7, Kind::Event, "published", "e", None),
            sample(8, Kind::Event, "withdrawn", "e", None),
            sample(9, Kind::Capacity, "published", "b/bed", Some(now - Duration::days(1))),
        ];
        frames.into_iter().for_each(|f| history.push(f));
        let current: Vec<u64> = history.current(now).iter().map(|f| f.position).collect();
        // n2 expired, e withdrawn, b's capacity expired, a's first announcement superseded.
        assert_eq!(current, vec![2, 4, 5, 6]);
        assert_eq!(history.after(4, 2).iter().map(|f| f.position).collect::<Vec<_>>(), vec![5, 6]);
        assert_eq!(history.after(9, 10).len(), 0);
    }
}
