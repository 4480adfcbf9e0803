//! `uzel erase-person`: erase a contact person's personal data for good, on
//! a data directory no server holds (with a server running, use the API:
//! `POST /api/v1/networks/{network}/actors/{actor}/contacts/{person}/erasure`).

use std::path::Path;

use uuid::Uuid;

use crate::app::Meta;
use crate::domain::ids::Slug;
use crate::server;

/// Erases `person`, a contact of `actor` in `network`, in `data`.
pub fn run(data: &Path, network: &str, actor: &str, person: &str) -> Result<(), String> {
    let network = Slug::parse(network)?;
    let actor = Uuid::parse_str(actor).map_err(|_| format!("--actor {actor:?} is not an actor id (a UUID)"))?;
    let person =
        Uuid::parse_str(person).map_err(|_| format!("--person {person:?} is not a contact person id (a UUID)"))?;
    if !data.join("db").exists() {
        return Err(format!("{} holds no uzel data; give the server's --data directory", data.display()));
    }
    actix_web::rt::System::new().block_on(async move {
        let app = server::open_app(data).await.map_err(|e| e.to_string())?;
        let meta = Meta { author: "system:cli".into(), ..Meta::default() };
        let result = app.erase_contact(&network, actor, person, &meta).await.map_err(|e| e.to_string());
        app.shut_down().await.map_err(|e| e.to_string())?;
        let written = result?;
        println!("erased: the personal data of contact person {person} of actor {actor} is unreadable for good (log position {})", written.position);
        Ok(())
    })
}
