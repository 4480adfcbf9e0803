//! An actor's notes as pages, and its notes and contact persons on its
//! page (the contact persons' own pages are `contacts.rs`). Coordinators add, edit
//! and remove notes (shared, or private to coordinators); those who keep
//! the entry (its coordinators and the service itself) add, change and
//! remove contact persons, and erase a person's personal data for good —
//! after a page that says what erasure means and asks to confirm it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::controls::{Control, csrf};
use super::fields::Sent;
use super::forms::{Filled, Posted, Refusal, admitted, frame, may, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::domain::actor::{ActorCommand, Note};
use crate::domain::ids::Slug;
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::views::{self, ActorView};

pub(super) fn params(path: &(String, String)) -> Params {
    Params { network: Some(path.0.clone()), actor: Some(path.1.clone()), ..Params::default() }
}

/// The actor of the page, as `principal` may see it.
pub(super) fn actor(app: &State, principal: &Principal, slug: &Slug, id: &str) -> Option<ActorView> {
    let id = Uuid::parse_str(id).ok()?;
    let model = app.models.read();
    let mut view = views::actor(&model, &id, app.now()).filter(|v| v.network.as_ref() == Some(slug))?;
    crate::auth::redact::actor(&mut view, principal, slug, &model);
    Some(view)
}

pub(super) fn name(view: &ActorView) -> &str {
    view.fields.get("name").and_then(Value::as_text).unwrap_or("")
}

/// The notes and contact persons on the actor's page, with the forms the
/// reader may use.
pub fn sections(lang: Lang, slug: &Slug, view: &ActorView, notes: bool, contacts: bool, token: &str) -> Markup {
    let base = format!("/site/{slug}/akter/{}", view.id);
    html! {
        @if notes || !view.notes.is_empty() {
            section aria-labelledby="poznamky" {
                h2 id="poznamky" { (lang.t(Msg::Notes)) }
                @if view.notes.is_empty() { p class="prazdne" { (lang.t(Msg::NoNotes)) } }
                ul {
                    @for n in &view.notes {
                        li {
                            @if n.private { strong { (lang.t(Msg::PrivateNote)) } ": " }
                            span class="odstavce" { (n.text) }
                            @if notes { " " a href={ (base) "/poznamka/" (n.id) } { (lang.t(Msg::Edit)) } }
                        }
                    }
                }
                @if notes {
                    form method="post" action={ (base) "/poznamky" } class="formular" {
                        (csrf(token))
                        input type="hidden" name="klic" value=(Uuid::now_v7());
                        div class="pole" {
                            label for="poznamka-text" { (lang.t(Msg::NewNote)) }
                            textarea id="poznamka-text" name="text" rows="3" {}
                        }
                        div class="pole zaskrt" { label { input type="checkbox" name="private" value="ano"; " " (lang.t(Msg::PrivateHint)) } }
                        button type="submit" { (lang.t(Msg::AddNote)) }
                    }
                }
            }
        }
        section aria-labelledby="kontakty" {
            h2 id="kontakty" { (lang.t(Msg::Contacts)) }
            @if view.contacts.is_empty() { p class="prazdne" { (lang.t(Msg::NoContacts)) } }
            ul {
                @for c in &view.contacts {
                    li { (contact_line(lang, c)) }
                }
            }
            @if contacts { p { a href={ (base) "/kontakty" } { (lang.t(Msg::ManageContacts)) } } }
        }
    }
}

fn contact_line(lang: Lang, c: &views::ContactView) -> Markup {
    html! {
        @if c.erased {
            em { (lang.t(Msg::ContactErased)) }
        } @else {
            strong { (c.person.name) }
            @if !c.person.role.is_empty() { ", " (c.person.role) }
            @if let Some(e) = &c.person.email { " · " a href={ "mailto:" (e) } { (e) } }
            @if let Some(p) = &c.person.phone { " · " (p) }
            @if c.person.public { " · " span class="kdy" { (lang.t(Msg::PublicContact)) } }
        }
    }
}

/// `POST /site/{network}/akter/{actor}/poznamky`: adds a note.
pub async fn add_note(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&path)));
    let Some(view) = actor(&app, &principal, &slug, &path.1) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let sent = or_answer!(sent(body));
    let id = sent.key();
    let back = format!("/site/{slug}/akter/{}?ulozeno=1#poznamky", view.id);
    if view.notes.iter().any(|n| n.id == id) {
        return see_other(back);
    }
    let note = Note { text: sent.one("text").to_owned(), private: sent.one("private") == "ano" };
    let lang = Lang::of(&req);
    match app.actor(&slug, view.id, ActorCommand::AddNote { id, note }, &meta(&principal, None, None)).await {
        Ok(_) => see_other(back),
        Err(error) => {
            let mut form = Filled::of(sent);
            let status = form.refused(Refusal::of(lang, error));
            note_answer(&req, lang, &me, &slug, &view, None, &form, status)
        }
    }
}

/// The note's page: its form (`note`: an existing note) and removal.
#[allow(clippy::too_many_arguments)]
fn note_answer(
    req: &HttpRequest,
    lang: Lang,
    me: &Who,
    slug: &Slug,
    view: &ActorView,
    note: Option<Uuid>,
    form: &Filled,
    status: StatusCode,
) -> HttpResponse {
    let base = format!("/site/{slug}/akter/{}", view.id);
    let action = note.map_or_else(|| format!("{base}/poznamky"), |n| format!("{base}/poznamka/{n}"));
    let content = html! {
        p { a href={ (base) "#poznamky" } { "← " (name(view)) } }
        (form.summary(lang, "poznamka-formular"))
        form method="post" action=(action) class="formular" id="poznamka-formular" {
            (csrf(&me.csrf))
            @if note.is_none() { input type="hidden" name="klic" value=(form.sent.one("klic")); }
            (Control::new("text", lang.t(Msg::NoteText), &form.errors).textarea(5, &form.sent))
            div class="pole zaskrt" { label { input type="checkbox" name="private" value="ano" checked[form.sent.one("private") == "ano"]; " " (lang.t(Msg::PrivateHint)) } }
            button type="submit" { (lang.t(Msg::Save)) }
        }
        @if let Some(n) = note {
            form method="post" action={ (base) "/poznamka/" (n) "/odebrat" } class="stav" {
                (csrf(&me.csrf))
                button type="submit" class="druhotne" { (lang.t(Msg::RemoveNote)) }
            }
        }
    };
    frame(req, lang, me, lang.t(Msg::Note), status, content)
}

/// `GET /site/{network}/akter/{actor}/poznamka/{note}`
pub async fn note_page(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String, String)>,
) -> HttpResponse {
    let actor_path = (path.0.clone(), path.1.clone());
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&actor_path)));
    let view = actor(&app, &principal, &slug, &path.1);
    let note = view.as_ref().and_then(|v| v.notes.iter().find(|n| n.id.to_string() == path.2)).cloned();
    let (Some(view), Some(note)) = (view, note) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let mut sent = vec![("text".to_owned(), note.text.clone())];
    if note.private {
        sent.push(("private".into(), "ano".into()));
    }
    let lang = Lang::of(&req);
    note_answer(&req, lang, &me, &slug, &view, Some(note.id), &Filled::of(Sent(sent)), StatusCode::OK)
}

/// `POST /site/{network}/akter/{actor}/poznamka/{note}` (save) and
/// `…/odebrat` (remove).
pub async fn note_submit(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String, String)>,
    body: Posted,
) -> HttpResponse {
    let actor_path = (path.0.clone(), path.1.clone());
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&actor_path)));
    let Some(view) = actor(&app, &principal, &slug, &path.1) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let sent = or_answer!(sent(body));
    let back = format!("/site/{slug}/akter/{}?ulozeno=1#poznamky", view.id);
    let Ok(id) = Uuid::parse_str(&path.2) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    let removing = req.path().ends_with("/odebrat");
    if removing && !view.notes.iter().any(|n| n.id == id) {
        return see_other(back);
    }
    let command = if removing {
        ActorCommand::RemoveNote { id }
    } else {
        ActorCommand::EditNote {
            id,
            note: Note { text: sent.one("text").to_owned(), private: sent.one("private") == "ano" },
        }
    };
    let lang = Lang::of(&req);
    match app.actor(&slug, view.id, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(back),
        Err(error) => {
            let mut form = Filled::of(sent);
            let status = form.refused(Refusal::of(lang, error));
            note_answer(&req, lang, &me, &slug, &view, Some(id), &form, status)
        }
    }
}

/// Whether `principal` keeps notes (coordinators) and contacts (those who
/// keep the entry) of the actor at `params`.
pub fn keeps(app: &State, principal: &Principal, network: &str, actor: &str) -> (bool, bool) {
    let p = params(&(network.to_owned(), actor.to_owned()));
    (may(app, principal, Access::NetworkWrite, &p), may(app, principal, Access::ActorWrite, &p))
}
