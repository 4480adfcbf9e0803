//! Starting the product: open the log in a data directory, the personal-data
//! keys beside it, build the read models, and serve the API. Used by
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
use crate::log::{EventLog, SledLog, SledOptions};
use crate::personal::PersonKeys;
use crate::projections::ReadModels;

/// A running server.
pub struct Running {
    /// The port it listens on.
    pub port: u16,
    /// The server; await it to run until shutdown.
    pub server: Server,
    /// The application behind it.
    pub app: App,
}

/// Opens the data directory and builds the application.
pub async fn open_app(data: &Path) -> Result<App, String> {
    let log = SledLog::open(data, SledOptions::default()).map_err(|e| e.to_string())?;
    let tree = |name: &str| log.side_tree(name).map_err(|e| e.to_string());
    let keys = Arc::new(PersonKeys::new(tree("person_keys")?));
    let auth = Arc::new(Auth {
        credentials: Credentials::new(tree("credentials")?),
        sessions: Sessions::new(tree("sessions")?),
        throttle: Throttle::default(),
    });
    let answers = Arc::new(crate::app::idempotency::Answers::new(tree("idempotency")?));
    let log: Arc<dyn EventLog> = Arc::new(log);
    let erased = crate::personal::reapply_erasures(log.as_ref(), &keys).await.map_err(|e| e.to_string())?;
    if erased > 0 {
        eprintln!("uzel: {erased} erased contact person(s) had a key again (a restored backup?); erased again");
    }
    let models = ReadModels::start(Arc::clone(&log), keys.clone()).await.map_err(|e| e.to_string())?;
    Ok(App::new(log, keys, models, auth, answers))
}

/// Serves `app` on `listen` (`host:port`; port 0 picks a free one).
pub fn serve(app: App, listen: &str) -> Result<Running, String> {
    let listener = TcpListener::bind(listen).map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let server = crate::http::serve(app.clone(), listener, workers).map_err(|e| e.to_string())?;
    Ok(Running { port, server, app })
}

/// Opens `data` and serves it on `listen`.
pub async fn start(data: &Path, listen: &str) -> Result<Running, String> {
    serve(open_app(data).await?, listen)
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
pub async fn run(running: Running) -> Result<(), String> {
    let handle = running.server.handle();
    let server = actix_web::rt::spawn(running.server);
    wait_for_signal().await;
    println!("uzel: stopping (board connections are told to resume after the restart)");
    stop(&running.app, &handle).await;
    server.await.map_err(|e| format!("the server failed: {e}"))?.map_err(|e| format!("the server failed: {e}"))?;
    running.app.log.close().await.map_err(|e| e.to_string())
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
