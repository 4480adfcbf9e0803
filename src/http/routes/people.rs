//! Notes and contact persons of an actor, with erasure of a person's
//! personal data.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use crate::domain::actor::{ActorCommand, ContactPerson, Note};
use crate::http::error::ApiError;
use crate::http::named::Network;
use crate::http::support::{State, meta, new_id, uuid, written};

/// Body of note writes.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    #[serde(default)]
    id: Option<Uuid>,
    text: String,
    #[serde(default)]
    private: bool,
}

/// `POST /api/v1/networks/{network}/actors/{id}/notes`
pub async fn add_note(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<NoteBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "actor")?;
    let body = body.into_inner();
    let note_id = new_id(body.id);
    let command = ActorCommand::AddNote { id: note_id, note: Note { text: body.text, private: body.private } };
    let mut answer = app.actor(&slug, id, command, &meta(&req, None)?).await?;
    answer.id = note_id.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// `PUT /api/v1/networks/{network}/actors/{id}/notes/{note}`
pub async fn edit_note(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<NoteBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let (id, note_id) = (uuid(&path.1, "actor")?, uuid(&path.2, "note")?);
    let body = body.into_inner();
    let command = ActorCommand::EditNote { id: note_id, note: Note { text: body.text, private: body.private } };
    Ok(written(StatusCode::OK, app.actor(&slug, id, command, &meta(&req, None)?).await?))
}

/// `DELETE /api/v1/networks/{network}/actors/{id}/notes/{note}`
pub async fn remove_note(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let (id, note_id) = (uuid(&path.1, "actor")?, uuid(&path.2, "note")?);
    Ok(written(
        StatusCode::OK,
        app.actor(&slug, id, ActorCommand::RemoveNote { id: note_id }, &meta(&req, None)?).await?,
    ))
}

/// Body of contact person writes.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    #[serde(default)]
    id: Option<Uuid>,
    name: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    role: String,
    /// Whether the public may see this contact.
    #[serde(default)]
    public: bool,
}

impl ContactBody {
    fn person(self) -> ContactPerson {
        ContactPerson {
            name: self.name,
            email: self.email,
            phone: self.phone,
            role: self.role,
            public: self.public,
            erased: false,
        }
    }
}

/// `POST /api/v1/networks/{network}/actors/{id}/contacts`
pub async fn add_contact(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<ContactBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "actor")?;
    let body = body.into_inner();
    let person_id = new_id(body.id);
    let command = ActorCommand::AddContact { id: person_id, person: body.person() };
    let mut answer = app.actor(&slug, id, command, &meta(&req, None)?).await?;
    answer.id = person_id.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// `PUT /api/v1/networks/{network}/actors/{id}/contacts/{person}`
pub async fn change_contact(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<ContactBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let (id, person_id) = (uuid(&path.1, "actor")?, uuid(&path.2, "contact person")?);
    let command = ActorCommand::ChangeContact { id: person_id, person: body.into_inner().person() };
    Ok(written(StatusCode::OK, app.actor(&slug, id, command, &meta(&req, None)?).await?))
}

/// `DELETE /api/v1/networks/{network}/actors/{id}/contacts/{person}`
pub async fn remove_contact(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let (id, person_id) = (uuid(&path.1, "actor")?, uuid(&path.2, "contact person")?);
    Ok(written(
        StatusCode::OK,
        app.actor(&slug, id, ActorCommand::RemoveContact { id: person_id }, &meta(&req, None)?).await?,
    ))
}

/// `POST /api/v1/networks/{network}/actors/{id}/contacts/{person}/erasure`:
/// erases the person's personal data for good (crypto-shredding).
pub async fn erase_contact(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let (id, person_id) = (uuid(&path.1, "actor")?, uuid(&path.2, "contact person")?);
    Ok(written(StatusCode::OK, app.erase_contact(&slug, id, person_id, &meta(&req, None)?).await?))
}
