//! `uzel serve --data DIR --listen ADDR`: serve a data directory.

use std::path::Path;

use crate::server;

/// Serves `data` on `listen` until interrupted (Ctrl-C or SIGTERM), then
/// closes the log cleanly.
pub fn run(data: &Path, listen: &str) -> Result<(), String> {
    actix_web::rt::System::new().block_on(async move {
        let running = server::start(data, listen).await?;
        let host = listen.rsplit_once(':').map_or("127.0.0.1", |(host, _)| host);
        println!("uzel serves {} at http://{host}:{}/", data.display(), running.port);
        let admins = {
            let model = running.app.models.read();
            model.users.values().filter(|u| u.state.grants.contains(&crate::domain::user::Grant::Admin)).count()
        };
        if admins == 0 {
            println!(
                "no admin yet: stop the server and run `uzel admin create-user --data {0} --username admin` \
                 (password on standard input), then `uzel admin grant --data {0} --username admin --role admin`",
                data.display()
            );
        }
        server::run(running).await
    })
}
