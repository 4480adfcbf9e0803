//! `uzel erase-person`: erase a contact person's personal data for good, on
//! a data directory no server holds (with a server running, use the API:
//! `POST /api/v1/networks/{network}/actors/{actor}/contacts/{person}/erasure`),
//! or on a PostgreSQL database (nodes may serve it meanwhile: each forgets
//! the person's key when it applies the erasure).

use uuid::Uuid;

use crate::app::Meta;
use crate::domain::ids::Slug;
use crate::store::Store;

use super::admin::on_store;

/// Erases `person`, a contact of `actor` in `network`, in `store`.
pub fn run(store: &Store, network: &str, actor: &str, person: &str) -> Result<(), String> {
    let network = Slug::parse(network)?;
    let actor = Uuid::parse_str(actor).map_err(|_| format!("--actor {actor:?} is not an actor id (a UUID)"))?;
    let person =
        Uuid::parse_str(person).map_err(|_| format!("--person {person:?} is not a contact person id (a UUID)"))?;
    if let Store::Dir(data) = store
        && !data.join("db").exists()
    {
        return Err(format!("{} holds no uzel data; give the server's --data directory", data.display()));
    }
    on_store(store, async |app| {
        let meta = Meta { author: "system:cli".into(), ..Meta::default() };
        let written = app.erase_contact(&network, actor, person, &meta).await.map_err(|e| e.to_string())?;
        println!(
            "erased: the personal data of contact person {person} of actor {actor} is unreadable for good (log position {})",
            written.position
        );
        Ok(())
    })
}
