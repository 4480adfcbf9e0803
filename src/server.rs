//! Starting the product: open the log in a data directory or a PostgreSQL
//! database, the personal-data keys and the other stores beside it, build
//! the read models, and serve the API. Used by
//! `uzel serve`, `uzel demo` and the black-box tests (on port 0).

use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;

use actix_web::dev::Server;

use crate::app::App;
use crate::auth::Auth;
use crate::auth::credentials::Credentials;
use crate::auth::sessions::Sessions;
use crate::auth::throttle::Throttle;
use crate::http::peer::Peers;
use crate::live::ReadModels;
use crate::log::{EventLog, LogError, PostgresLog, PostgresOptions, SideStore, SledLog, SledOptions};
use crate::personal::PersonKeys;
use crate::store::Store;

/// A running server.
pub struct Running {
    /// The port it listens on.
    pub port: u16,
    /// The server; await it to run until shutdown.
    pub server: Server,
    /// The application behind it.
    pub app: App,
    /// The control file written into the data directory, removed at a
    /// clean stop.
    pub control: Option<std::path::PathBuf>,
}

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The data directory could not be opened (locked by another process,
    /// not a uzel directory, not readable).
    #[error("cannot open the data directory {dir}: {source}")]
    Open {
        /// The directory.
        dir: String,
        /// Why.
        source: LogError,
    },
    /// The log could not be read to build the read models.
    #[error("cannot read the log to build the read models: {0}")]
    Models(LogError),
    /// The address is taken or not ours.
    #[error("cannot listen on {address}: {source}")]
    Listen {
        /// The address asked for.
        address: String,
        /// Why.
        source: std::io::Error,
    },
    /// The server stopped with an error.
    #[error("the server failed: {0}")]
    Serve(std::io::Error),
    /// The log could not be closed cleanly at the end.
    #[error("cannot close the log: {0}")]
    Close(LogError),
}

/// How the server meets the network: where it listens, and who is around
/// it.
#[derive(Clone, Debug)]
pub struct Options {
    /// `host:port`; port 0 picks a free one.
    pub listen: String,
    /// Worker threads; `None` is one per core.
    pub workers: Option<usize>,
    /// Trusted proxies and metrics scrapers.
    pub peers: Peers,
}

impl Options {
    /// Listening on `listen`, everything else by default.
    pub fn on(listen: &str) -> Self {
        Self { listen: listen.to_owned(), workers: None, peers: Peers::default() }
    }
}

/// Opens the data directory and builds the application.
pub async fn open_app(data: &Path) -> Result<App, StartError> {
    open_app_over(data, |log| log).await
}

/// Opens the data where `store` says and builds the application.
pub async fn open_store(store: &Store) -> Result<App, StartError> {
    match store {
        Store::Dir(dir) => open_app(dir).await,
        Store::Postgres(url) => {
            let opening = |source| StartError::Open { dir: store.describe(), source };
            let began = std::time::Instant::now();
            let log = PostgresLog::open(url, PostgresOptions::default()).await.map_err(opening)?;
            tracing::info!(
                position = log.last_position(),
                ms = began.elapsed().as_millis() as u64,
                store = %store.describe(),
                "opened the log in PostgreSQL"
            );
            let (keys, mut auth, answers) = side_stores(SIDE_STORES.map(|name| log.side_store(name)));
            // Several nodes share the log: they share the sign-in counts too.
            if let Some(auth) = Arc::get_mut(&mut auth) {
                auth.throttle = Throttle::shared(log.side_store("throttle"));
            }
            assemble(Arc::new(log), keys, auth, answers).await
        }
    }
}

/// The stores beside the log, in the order of [`SIDE_STORES`].
fn side_stores(
    [keys, credentials, sessions, answers]: [Arc<dyn SideStore>; 4],
) -> (Arc<PersonKeys>, Arc<Auth>, Arc<crate::app::idempotency::Answers>) {
    let auth = Arc::new(Auth {
        credentials: Credentials::new(credentials),
        sessions: Sessions::new(sessions),
        throttle: Throttle::default(),
    });
    (Arc::new(PersonKeys::new(keys)), auth, Arc::new(crate::app::idempotency::Answers::new(answers)))
}

/// Opens the data directory and builds the application over the log
/// `over` makes of the directory's (a test putting faults in its way).
pub async fn open_app_over(
    data: &Path,
    over: impl FnOnce(Arc<dyn EventLog>) -> Arc<dyn EventLog>,
) -> Result<App, StartError> {
    let opening = |source| StartError::Open { dir: data.display().to_string(), source };
    let began = std::time::Instant::now();
    let log = SledLog::open(data, SledOptions::default()).map_err(opening)?;
    let opened = log.opened();
    let ms = began.elapsed().as_millis() as u64;
    tracing::info!(
        position = log.last_position(),
        indexes_from = opened.saved,
        read = opened.read,
        ms,
        "opened the log"
    );
    let [keys, credentials, sessions, answers] = SIDE_STORES.map(|name| log.side_store(name));
    let stores =
        [keys.map_err(opening)?, credentials.map_err(opening)?, sessions.map_err(opening)?, answers.map_err(opening)?];
    let (keys, auth, answers) = side_stores(stores);
    assemble(over(Arc::new(log)), keys, auth, answers).await
}

/// The stores beside the log: the personal-data keys, password hashes,
/// sessions, idempotent answers.
pub const SIDE_STORES: [&str; 4] = ["person_keys", "credentials", "sessions", "idempotency"];

/// The application over `log` and the stores beside it: erasures applied
/// again, read models started.
async fn assemble(
    log: Arc<dyn EventLog>,
    keys: Arc<PersonKeys>,
    auth: Arc<Auth>,
    answers: Arc<crate::app::idempotency::Answers>,
) -> Result<App, StartError> {
    let began = std::time::Instant::now();
    let erased = crate::personal::reapply_erasures(log.as_ref(), &keys).await.map_err(StartError::Models)?;
    tracing::info!(ms = began.elapsed().as_millis() as u64, "checked the erasures against the person keys");
    if erased > 0 {
        tracing::warn!(erased, "erased contact persons had a key again (a restored backup?); erased again");
    }
    let models = ReadModels::start(Arc::clone(&log), keys.clone()).await.map_err(StartError::Models)?;
    Ok(App::new(log, keys, models, auth, answers))
}

/// Serves `app` as `options` say.
pub fn serve(mut app: App, options: &Options) -> Result<Running, StartError> {
    let listen = &options.listen;
    let listening = |source| StartError::Listen { address: listen.clone(), source };
    let listener = TcpListener::bind(listen).map_err(listening)?;
    let port = listener.local_addr().map_err(listening)?.port();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    app.peers = Arc::new(options.peers.clone());
    let server = crate::http::serve(app.clone(), listener, options.workers.unwrap_or(cores)).map_err(listening)?;
    tracing::info!(address = %listen, port, "listening");
    Ok(Running { port, server, app, control: None })
}

/// Opens `data` and serves it on `listen`.
pub async fn start(data: &Path, listen: &str) -> Result<Running, StartError> {
    start_with(data, &Options::on(listen)).await
}

/// Opens `data` and serves it as `options` say, with a control file in
/// `data` for the commands of this machine (`crate::control`).
pub async fn start_with(data: &Path, options: &Options) -> Result<Running, StartError> {
    serve_with_control(open_app(data).await?, data, options)
}

/// Opens the data where `store` says and serves it as `options` say; a
/// data directory gets a control file (`crate::control`).
pub async fn start_store(store: &Store, options: &Options) -> Result<Running, StartError> {
    match store {
        Store::Dir(dir) => start_with(dir, options).await,
        Store::Postgres(_) => serve(open_store(store).await?, options),
    }
}

/// Serves `app`, opened from `data`, as `options` say, with a control file
/// in `data` for the commands of this machine (`crate::control`).
pub fn serve_with_control(app: App, data: &Path, options: &Options) -> Result<Running, StartError> {
    let key = crate::auth::secret::fresh();
    let mut options = options.clone();
    options.peers.control = Some(crate::auth::secret::hash(&key));
    let mut running = serve(app, &options)?;
    match crate::control::write(data, &options.listen, running.port, &key) {
        Ok(path) => running.control = Some(path),
        Err(e) => tracing::warn!(error = %e, "no control file: `uzel backup --data` cannot reach this server"),
    }
    Ok(running)
}

/// Stops a running server gracefully: board sockets are told to close
/// (code 1001, with the position to resume from), then the server stops
/// taking connections and finishes the requests under way.
pub async fn stop(app: &App, handle: &actix_web::dev::ServerHandle) {
    app.board.shut_down();
    // Let the connections send their close frames.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(2);
    while app.board.connections.load(std::sync::atomic::Ordering::Relaxed) > 0 && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    handle.stop(true).await;
}

/// Runs `running` until SIGINT or SIGTERM, stops it gracefully, and closes
/// the log.
pub async fn run(running: Running) -> Result<(), StartError> {
    let handle = running.server.handle();
    let server = actix_web::rt::spawn(running.server);
    wait_for_signal().await;
    tracing::info!("stopping: board connections are told to resume after the restart");
    stop(&running.app, &handle).await;
    let joined = server.await.map_err(|e| StartError::Serve(std::io::Error::other(e.to_string())))?;
    joined.map_err(StartError::Serve)?;
    if let Some(path) = &running.control {
        let _ = std::fs::remove_file(path);
    }
    running.app.shut_down().await.map_err(StartError::Close)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
