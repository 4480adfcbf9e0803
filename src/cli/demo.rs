//! `uzel demo [--data DIR] [--listen ADDR] [serve options]`: build the demo networks (in a
//! fresh temporary directory unless one is given) and serve them.

use std::path::PathBuf;
use std::time::Instant;

use crate::store::Store;
use crate::{demo, server};

/// Builds the demo if the directory holds none, then serves it until
/// interrupted.
pub fn run(data: Option<PathBuf>, store: Option<Store>, options: &server::Options) -> Result<(), String> {
    let temporary = match (&data, &store) {
        (Some(_), _) | (_, Some(Store::Postgres(_))) => None,
        _ => Some(
            tempfile::Builder::new()
                .prefix("uzel-demo-")
                .tempdir()
                .map_err(|e| format!("cannot create a temporary directory: {e}"))?,
        ),
    };
    let dir = data.unwrap_or_else(|| temporary.as_ref().map(|t| t.path().to_owned()).unwrap_or_default());
    let store = match store {
        Some(Store::Postgres(url)) => Store::Postgres(url),
        _ => Store::Dir(dir.clone()),
    };
    actix_web::rt::System::new().block_on(async move {
        let app = server::open_store(&store).await.map_err(|e| e.to_string())?;
        let started = Instant::now();
        let summary = demo::build(&app).await?;
        println!(
            "demo: {} networks, {} actors, {} platforms, {} events in {} ({:.1} s)",
            summary.networks,
            summary.actors,
            summary.platforms,
            summary.position,
            store.describe(),
            started.elapsed().as_secs_f64()
        );
        let users = demo::users::create(&app).await?;
        demo::board::posts(&app).await?;
        println!("demo users, each with the password {:?} (demo only):", demo::users::PASSWORD);
        for user in &users {
            println!("  {:<28} {}", user.username, user.role);
        }
        let running = match &store {
            Store::Dir(dir) => server::serve_with_control(app, dir, options),
            Store::Postgres(_) => server::serve(app, options),
        }
        .map_err(|e| e.to_string())?;
        let host = options.listen.rsplit_once(':').map_or("127.0.0.1", |(host, _)| host);
        println!(
            "uzel demo at http://{host}:{port}/ — the API and its documentation; e.g. http://{host}:{port}/api/v1/regions/ustecky (Ctrl-C to stop)",
            port = running.port
        );
        server::run(running).await.map_err(|e| e.to_string())
    })?;
    drop(temporary);
    Ok(())
}
