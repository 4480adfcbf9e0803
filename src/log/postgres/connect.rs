//! Connections to PostgreSQL, made and driven on the log's own runtime, so
//! that they outlive whichever runtime asked for them (a request's, the
//! projector's) and can be used from any of them.

use std::future::poll_fn;

use tokio::runtime::Handle;
use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, Client, Config, NoTls};

use super::rows::storage;
use crate::log::error::LogError;
use crate::log::types::Position;

/// Makes connections to one database.
#[derive(Clone)]
pub struct Connector {
    config: Config,
    runtime: Handle,
    node: std::sync::Arc<str>,
}

impl Connector {
    /// Connections made from `config` on `runtime`. An unreachable server
    /// is given up on after 5 s unless the address says otherwise
    /// (`connect_timeout=`): a caller waits for it, never for ever.
    pub fn new(mut config: Config, runtime: Handle) -> Self {
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(5));
        }
        // The low bits of a version 7 id are random.
        let node = format!("{:08x}", uuid::Uuid::now_v7().as_u128() as u32).into();
        Self { config, runtime, node }
    }

    /// This node's name in the announcements of its commits, drawn at
    /// random when the log is opened.
    pub fn node(&self) -> &str {
        &self.node
    }

    /// A new connection, driven on the log's runtime until it closes.
    pub async fn connect(&self) -> Result<Client, LogError> {
        let config = self.config.clone();
        self.runtime
            .spawn(async move {
                let (client, connection) = config.connect(NoTls).await.map_err(storage)?;
                tokio::spawn(async move {
                    if let Err(why) = connection.await {
                        tracing::debug!(error = %why, "a PostgreSQL connection ended");
                    }
                });
                // What every connection of the log relies on. Statements are
                // planned for each execution: a plan cached while the log
                // was small (a scan of the whole table) would stay when it
                // is not.
                client
                    .batch_execute(
                        "SET synchronous_commit = on; SET default_transaction_isolation = 'read committed'; \
                         SET plan_cache_mode = force_custom_plan",
                    )
                    .await
                    .map_err(storage)?;
                Ok(client)
            })
            .await
            .map_err(|e| LogError::Storage(format!("the PostgreSQL connection task failed: {e}")))?
    }

    /// A connection that listens on `channel` and sends the position each
    /// notification announces to `to` (0 for a payload that is not one),
    /// except this node's own (its follower has those from its writer); it
    /// ends when the connection does.
    pub async fn listen(&self, channel: &str, to: mpsc::Sender<Position>) -> Result<Client, LogError> {
        let config = self.config.clone();
        let sql = format!("LISTEN {channel}");
        let own = std::sync::Arc::clone(&self.node);
        self.runtime
            .spawn(async move {
                let (client, mut connection) = config.connect(NoTls).await.map_err(storage)?;
                tokio::spawn(async move {
                    while let Some(message) = poll_fn(|cx| connection.poll_message(cx)).await {
                        match message {
                            Ok(AsyncMessage::Notification(note)) => {
                                // Full: a wake-up is waiting already.
                                let Some(note) = announced(note.payload(), &own) else { continue };
                                if let Err(mpsc::error::TrySendError::Closed(_)) = to.try_send(note) {
                                    break;
                                }
                            }
                            Ok(_) => {}
                            Err(why) => {
                                tracing::debug!(error = %why, "the PostgreSQL listening connection ended");
                                break;
                            }
                        }
                    }
                });
                client.batch_execute(&sql).await.map_err(storage)?;
                Ok(client)
            })
            .await
            .map_err(|e| LogError::Storage(format!("the PostgreSQL connection task failed: {e}")))?
    }
}

/// The position a commit's announcement (`position node`) names; none for
/// a commit of `own` node; 0 for a payload that is not one.
fn announced(payload: &str, own: &str) -> Option<Position> {
    let (position, node) = payload.split_once(' ').unwrap_or((payload, ""));
    (node != own).then(|| position.parse().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::announced;

    #[test]
    fn a_nodes_own_announcements_are_skipped_and_others_read() {
        assert_eq!(announced("42 0a1b2c3d", "0a1b2c3d"), None);
        assert_eq!(announced("42 0a1b2c3d", "ffffffff"), Some(42));
        assert_eq!(announced("42", "ffffffff"), Some(42), "an announcement without a node");
        assert_eq!(announced("nonsense", "ffffffff"), Some(0), "read the log to be sure");
    }

    #[test]
    fn what_the_herald_and_the_importer_announce_is_read_back() {
        use super::super::herald::announcement;
        assert_eq!(announced(&announcement(7, "0a1b2c3d"), "ffffffff"), Some(7));
        assert_eq!(announced(&announcement(7, "0a1b2c3d"), "0a1b2c3d"), None);
        assert_eq!(announced(&announcement(9, ""), "0a1b2c3d"), Some(9), "the importer is no node");
    }
}
