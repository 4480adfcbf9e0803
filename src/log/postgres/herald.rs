//! Announcing this node's commits to the other nodes (`NOTIFY uzel_log`,
//! `position node`), from a connection of its own once the writer knows
//! they committed — not from the append transactions: a notification sent
//! at commit costs the backend that holds the append lock a signal to
//! every listening backend, a twenty-fifth of its time, and every node
//! waits for that backend. Announcements are a wake-up, never the data:
//! the commits of a millisecond after one are announced together by the
//! next (an announcement per commit kept a second backend and this node
//! busy enough to slow the appends by a fifteenth), and one that is lost
//! (the connection broke, the node was killed between a commit and its
//! announcement) is made up for by the followers' poll (`follower.rs`).

use tokio::sync::watch;
use tokio_postgres::Client;

use super::connect::Connector;
use super::follower::CHANNEL;
use crate::log::types::Position;

/// The least time between two announcements: the commits of that time go
/// in one.
const SPACING: std::time::Duration = std::time::Duration::from_millis(1);

/// Announces the last position of `commits` each time it moves, until the
/// writer drops its end.
pub(super) async fn run(connector: Connector, mut commits: watch::Receiver<Position>) {
    let mut client: Option<Client> = None;
    while commits.changed().await.is_ok() {
        let last = *commits.borrow_and_update();
        if client.as_ref().is_none_or(Client::is_closed) {
            client = connect(&connector).await;
        }
        if let Some(connection) = client.as_ref() {
            let payload = announcement(last, connector.node());
            if let Err(why) = connection.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &payload]).await {
                tracing::debug!(error = %why, position = last, "a commit could not be announced; other nodes poll for it");
                client = None;
            }
        }
        tokio::time::sleep(SPACING).await;
    }
}

/// A connection for announcements. Their transactions hold nothing that
/// must survive a crash, so they do not wait for the WAL to be flushed
/// (which would be a flush of the disk per announcement, besides the
/// append transactions').
async fn connect(connector: &Connector) -> Option<Client> {
    let client = connector.connect().await.ok()?;
    client.batch_execute("SET synchronous_commit = off").await.ok()?;
    Some(client)
}

/// The payload announcing a commit that ends at `last` on `node`; read by
/// `connect::announced`.
pub(super) fn announcement(last: Position, node: &str) -> String {
    format!("{last} {node}")
}
