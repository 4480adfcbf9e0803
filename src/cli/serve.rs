//! `uzel serve --data DIR --listen ADDR`: serve a data directory (or
//! `--store postgres://…`: a database several nodes share).

use std::net::IpAddr;

use clap::Args;

use crate::http::peer::Peers;
use crate::server;
use crate::store::Store;

/// How `serve` and `demo` meet the network; each option also comes from
/// its environment variable.
#[derive(Debug, Args)]
pub struct ServeOptions {
    /// Address to listen on.
    #[arg(long, env = "UZEL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Worker threads (default: one per core).
    #[arg(long, env = "UZEL_WORKERS", value_name = "N")]
    pub workers: Option<usize>,
    /// Addresses that may read /metrics without an admin's token
    /// (comma-separated), e.g. the Prometheus server's.
    #[arg(long, env = "UZEL_METRICS_FROM", value_name = "IP,...", value_delimiter = ',')]
    pub metrics_from: Vec<IpAddr>,
    /// Reverse proxies whose X-Real-IP / X-Forwarded-For name the client
    /// (comma-separated); sign-in throttling counts that client.
    #[arg(long, env = "UZEL_TRUSTED_PROXIES", value_name = "IP,...", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
}

impl ServeOptions {
    /// The server's options.
    pub fn options(&self) -> server::Options {
        server::Options {
            listen: self.listen.clone(),
            workers: self.workers.filter(|n| *n > 0),
            peers: Peers {
                metrics_from: self.metrics_from.clone(),
                trusted_proxies: self.trusted_proxies.clone(),
                control: None,
            },
        }
    }
}

/// Serves `store` as `options` say until interrupted (Ctrl-C or SIGTERM),
/// then closes the log cleanly.
pub fn run(store: &Store, options: &ServeOptions) -> Result<(), String> {
    let options = options.options();
    actix_web::rt::System::new().block_on(async move {
        let running = server::start_store(store, &options).await.map_err(|e| e.to_string())?;
        let host = options.listen.rsplit_once(':').map_or("127.0.0.1", |(host, _)| host);
        println!("uzel serves {} at http://{host}:{}/", store.describe(), running.port);
        let admins = {
            let model = running.app.models.read();
            model.users.values().filter(|u| u.state.grants.contains(&crate::domain::user::Grant::Admin)).count()
        };
        if admins == 0 {
            println!(
                "no admin yet: stop the server and run `uzel admin create-user {0} --username admin` \
                 (password on standard input), then `uzel admin grant {0} --username admin --role admin`",
                match store {
                    Store::Dir(dir) => format!("--data {}", dir.display()),
                    Store::Postgres(url) => format!("--store '{}'", crate::store::redact(url)),
                }
            );
        }
        server::run(running).await.map_err(|e| e.to_string())
    })
}
