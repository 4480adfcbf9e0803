//! What all board connections share: their settings, the shutdown signal,
//! and counters for `/metrics`.

use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::watch;

/// The board's connection settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardConfig {
    /// The server pings every connection this often.
    pub heartbeat: Duration,
    /// A connection silent (no pong, no message) this long is closed with
    /// code 4001.
    pub timeout: Duration,
    /// A connection whose outgoing queue stays full this long is too slow:
    /// it is closed with code 4000 and resumes from its last position.
    pub slow_after: Duration,
    /// Client messages larger than this close the connection (code 1009).
    pub max_frame: usize,
}

impl Default for BoardConfig {
    fn default() -> Self {
        Self {
            heartbeat: Duration::from_secs(15),
            timeout: Duration::from_secs(45),
            slow_after: Duration::from_secs(10),
            max_frame: 64 << 10,
        }
    }
}

/// Heartbeat groups: each moves once per `heartbeat`, a group's turn
/// coming every `heartbeat / HEARTBEAT_GROUPS`, so the pings of thousands of
/// connections are spread over the interval instead of sent all at once
/// (a burst that would hold up a post behind them).
pub const HEARTBEAT_GROUPS: usize = 16;

/// Shared by every board connection.
pub struct Hub {
    config: RwLock<BoardConfig>,
    shutdown: watch::Sender<bool>,
    /// The heartbeat of each group of connections (a counter that moves
    /// every `heartbeat`): no timer per connection.
    ticks: [watch::Sender<u64>; HEARTBEAT_GROUPS],
    /// The group the next connection joins.
    next_group: AtomicUsize,
    ticker: std::sync::Once,
    /// Whether the log's storage can be reached, for a log on a database
    /// server (`None`: always).
    store: std::sync::Mutex<Option<watch::Receiver<bool>>>,
    /// Open connections.
    pub connections: AtomicUsize,
    /// Frames sent to clients.
    pub delivered: AtomicU64,
    /// Connections closed for being too slow.
    pub slow_closed: AtomicU64,
    /// Connections closed for missing heartbeats.
    pub timed_out: AtomicU64,
    /// Times a subscription fell behind the live feed and re-read the
    /// board's history.
    pub lagged: AtomicU64,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            config: RwLock::new(BoardConfig::default()),
            shutdown: watch::channel(false).0,
            ticks: std::array::from_fn(|_| watch::channel(0).0),
            next_group: AtomicUsize::new(0),
            ticker: std::sync::Once::new(),
            store: std::sync::Mutex::new(None),
            connections: AtomicUsize::new(0),
            delivered: AtomicU64::new(0),
            slow_closed: AtomicU64::new(0),
            timed_out: AtomicU64::new(0),
            lagged: AtomicU64::new(0),
        }
    }
}

impl Hub {
    /// The settings new connections get.
    pub fn config(&self) -> BoardConfig {
        *self.config.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Changes the settings of connections opened from now on.
    pub fn configure(&self, config: BoardConfig) {
        *self.config.write().unwrap_or_else(|e| e.into_inner()) = config;
    }

    /// Tells every connection to close (code 1001, with the position to
    /// resume from); new connections are refused from now on.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
        // Connections wait on the heartbeat only: it wakes them to close.
        for ticks in &self.ticks {
            ticks.send_modify(|t| *t += 1);
        }
    }

    /// Follows whether the log's storage can be reached: while it cannot,
    /// connections are closed (code 1013, with the position to resume
    /// from) and new ones refused, so that clients say they are offline
    /// and resume once it is back.
    pub fn follow_store(&self, reachable: watch::Receiver<bool>) {
        *self.store.lock().unwrap_or_else(|e| e.into_inner()) = Some(reachable);
    }

    /// Whether the log's storage cannot be reached just now.
    pub fn store_unreachable(&self) -> bool {
        self.store.lock().unwrap_or_else(|e| e.into_inner()).as_ref().is_some_and(|r| !*r.borrow())
    }

    /// Whether the server is shutting down.
    pub fn is_shutting_down(&self) -> bool {
        *self.shutdown.borrow()
    }

    /// A receiver of heartbeat ticks for a new connection (groups taken in
    /// turn), which also moves when the server shuts down. The first call
    /// starts the ticker thread, which ends when the server shuts down.
    pub fn heartbeats(self: &std::sync::Arc<Self>) -> watch::Receiver<u64> {
        self.ticker.call_once(|| {
            let hub = std::sync::Arc::downgrade(self);
            let started = std::thread::Builder::new().name("uzel-board-heartbeat".into()).spawn(move || {
                let mut last = std::time::Instant::now();
                let mut group = 0;
                let mut offline = false;
                loop {
                    let Some(step) = hub.upgrade().map(|h| h.config().heartbeat / HEARTBEAT_GROUPS as u32) else {
                        return;
                    };
                    // Short sleeps: shutdown and new settings are noticed soon.
                    let wait = step.saturating_sub(last.elapsed()).min(Duration::from_millis(50));
                    std::thread::sleep(wait.max(Duration::from_millis(1)));
                    let Some(hub) = hub.upgrade() else { return };
                    if hub.is_shutting_down() {
                        return;
                    }
                    // The storage just went away: every connection wakes
                    // now to close, not at its next heartbeat.
                    let unreachable = hub.store_unreachable();
                    if unreachable && !offline {
                        (0..HEARTBEAT_GROUPS).for_each(|g| hub.tick(g));
                    }
                    offline = unreachable;
                    if last.elapsed() >= step {
                        last = std::time::Instant::now();
                        hub.tick(group);
                        group = (group + 1) % HEARTBEAT_GROUPS;
                    }
                }
            });
            if let Err(e) = started {
                tracing::error!(error = %e, "no board heartbeat thread");
            }
        });
        let group = self.next_group.fetch_add(1, Ordering::Relaxed) % HEARTBEAT_GROUPS;
        self.ticks[group].subscribe()
    }

    /// Moves the heartbeat of one group of connections.
    fn tick(&self, group: usize) {
        self.ticks[group % HEARTBEAT_GROUPS].send_modify(|t| *t += 1);
    }

    /// The counters in Prometheus text format.
    pub fn metrics(&self) -> String {
        format!(
            "# HELP uzel_board_connections Open board websocket connections.\n\
             # TYPE uzel_board_connections gauge\n\
             uzel_board_connections {}\n\
             # HELP uzel_board_frames_delivered_total Board frames sent to clients.\n\
             # TYPE uzel_board_frames_delivered_total counter\n\
             uzel_board_frames_delivered_total {}\n\
             # HELP uzel_board_slow_closed_total Connections closed for being too slow (code 4000).\n\
             # TYPE uzel_board_slow_closed_total counter\n\
             uzel_board_slow_closed_total {}\n\
             # HELP uzel_board_timed_out_total Connections closed for missing heartbeats (code 4001).\n\
             # TYPE uzel_board_timed_out_total counter\n\
             uzel_board_timed_out_total {}\n\
             # HELP uzel_board_lagged_total Times a subscription fell behind the live feed and re-read the history.\n\
             # TYPE uzel_board_lagged_total counter\n\
             uzel_board_lagged_total {}\n",
            self.connections.load(Ordering::Relaxed),
            self.delivered.load(Ordering::Relaxed),
            self.slow_closed.load(Ordering::Relaxed),
            self.timed_out.load(Ordering::Relaxed),
            self.lagged.load(Ordering::Relaxed),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heartbeats_move_one_group_at_a_time_and_all_at_shutdown() {
        let hub = std::sync::Arc::new(Hub::default());
        // No tick from the ticker thread during the test.
        hub.configure(BoardConfig { heartbeat: Duration::from_secs(3600), ..BoardConfig::default() });
        let receivers: Vec<_> = (0..2 * HEARTBEAT_GROUPS).map(|_| hub.heartbeats()).collect();
        let moved = |receivers: &[watch::Receiver<u64>]| receivers.iter().filter(|r| r.has_changed().unwrap()).count();
        assert_eq!(moved(&receivers), 0);
        hub.tick(3);
        assert_eq!(moved(&receivers), 2, "one group of connections pings, not all");
        assert!(receivers[3].has_changed().unwrap() && receivers[3 + HEARTBEAT_GROUPS].has_changed().unwrap());
        hub.shut_down();
        assert_eq!(moved(&receivers), receivers.len(), "shutdown wakes every connection");
    }
}
