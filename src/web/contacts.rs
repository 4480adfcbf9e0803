//! An actor's contact persons as a page: those who keep the entry (its
//! coordinators and the service itself) add, change and remove contact
//! persons, and erase a person's personal data for good — after a page
//! that says what erasure means and asks to confirm it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::controls::csrf;
use super::fields::Sent;
use super::forms::{Filled, Posted, Refusal, admitted, frame, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::people::{actor, name, params};
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::Access;
use crate::domain::actor::{ActorCommand, ContactPerson};
use crate::domain::ids::Slug;
use crate::http::support::State;
use crate::projections::views::ActorView;

/// The contact persons' page: each with its form, and a form for a new one.
fn contacts_answer(
    req: &HttpRequest,
    lang: Lang,
    me: &Who,
    slug: &Slug,
    view: &ActorView,
    failed: Option<(Option<Uuid>, &Filled)>,
    status: StatusCode,
) -> HttpResponse {
    let base = format!("/site/{slug}/akter/{}", view.id);
    let fresh = Filled::of(Sent(vec![("klic".into(), Uuid::now_v7().to_string())]));
    let new_form = match failed {
        Some((None, form)) => form,
        _ => &fresh,
    };
    let content = html! {
        p { a href={ (base) "#kontakty" } { "← " (name(view)) } }
        p { (lang.t(Msg::ContactsIntro)) }
        @for c in view.contacts.iter().filter(|c| !c.erased) {
            @let own = Filled::of(person_sent(&c.person));
            @let shown = match failed {
                Some((Some(id), form)) if id == c.id => form,
                _ => &own,
            };
            section class="karta" aria-labelledby={ "osoba-" (c.id) } {
                h2 id={ "osoba-" (c.id) } { (c.person.name) }
                (person_form(lang, me, &format!("{base}/kontakt/{}", c.id), shown, &c.id.to_string()))
                div class="akce" {
                    form method="post" action={ (base) "/kontakt/" (c.id) "/odebrat" } class="vradku" {
                        (csrf(&me.csrf))
                        button type="submit" class="druhotne" { (lang.t(Msg::RemoveContact)) }
                    }
                    " "
                    a href={ (base) "/kontakt/" (c.id) "/vymaz" } { (lang.t(Msg::EraseContact)) }
                }
            }
        }
        section aria-labelledby="nova-osoba" {
            h2 id="nova-osoba" { (lang.t(Msg::AddContact)) }
            (person_form(lang, me, &format!("{base}/kontakty"), new_form, "nova"))
        }
    };
    frame(req, lang, me, &format!("{} – {}", lang.t(Msg::Contacts), name(view)), status, content)
}

fn person_sent(p: &ContactPerson) -> Sent {
    let mut out = vec![
        ("name".to_owned(), p.name.clone()),
        ("role".to_owned(), p.role.clone()),
        ("email".to_owned(), p.email.clone().unwrap_or_default()),
        ("phone".to_owned(), p.phone.clone().unwrap_or_default()),
    ];
    if p.public {
        out.push(("public".into(), "ano".into()));
    }
    Sent(out)
}

/// A contact person's form; `key` keeps the inputs' ids apart on a page
/// with several.
fn person_form(lang: Lang, me: &Who, action: &str, form: &Filled, key: &str) -> Markup {
    // Several forms on one page: each input's id carries the form's key.
    let id = |field: &str| format!("{key}-{field}");
    let control = |field: &str, label: Msg, kind: &str| {
        let error = form.errors.get(field);
        html! {
            div class={ "pole" @if error.is_some() { " s-chybou" } } {
                label for=(id(field)) { (lang.t(label)) }
                @if let Some(e) = error { p class="chyba-pole" { (e) } }
                input id=(id(field)) name=(field) type=(kind) value=(form.sent.one(field));
            }
        }
    };
    html! {
        (form.summary(lang, &id("formular")))
        form method="post" action=(action) class="formular" id=(id("formular")) {
            (csrf(&me.csrf))
            @if !form.sent.one("klic").is_empty() { input type="hidden" name="klic" value=(form.sent.one("klic")); }
            (control("name", Msg::PersonName, "text"))
            (control("role", Msg::PersonRole, "text"))
            (control("email", Msg::PersonEmail, "email"))
            (control("phone", Msg::PersonPhone, "tel"))
            div class="pole zaskrt" { label { input type="checkbox" name="public" value="ano" checked[form.sent.one("public") == "ano"]; " " (lang.t(Msg::PublicHint)) } }
            button type="submit" { (lang.t(Msg::Save)) }
        }
    }
}

fn person(sent: &Sent) -> ContactPerson {
    let optional = |k: &str| Some(sent.one(k).trim().to_owned()).filter(|v| !v.is_empty());
    ContactPerson {
        name: sent.one("name").to_owned(),
        email: optional("email"),
        phone: optional("phone"),
        role: sent.one("role").to_owned(),
        public: sent.one("public") == "ano",
        erased: false,
    }
}

/// `GET /site/{network}/akter/{actor}/kontakty`
pub async fn contacts_page(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::ActorWrite, &params(&path)));
    let Some(view) = actor(&app, &principal, &slug, &path.1) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    contacts_answer(&req, Lang::of(&req), &me, &slug, &view, None, StatusCode::OK)
}

/// `POST /site/{network}/akter/{actor}/kontakty` (a new person),
/// `…/kontakt/{person}` (changes) and `…/kontakt/{person}/odebrat`.
pub async fn contact_submit(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<Vec<String>>,
    body: Posted,
) -> HttpResponse {
    let actor_path = (path[0].clone(), path[1].clone());
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::ActorWrite, &params(&actor_path)));
    let Some(view) = actor(&app, &principal, &slug, &path[1]) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let sent = or_answer!(sent(body));
    let back = format!("/site/{slug}/akter/{}?ulozeno=1#kontakty", view.id);
    let existing = path.get(2).and_then(|p| Uuid::parse_str(p).ok());
    let command = match existing {
        None => {
            let id = sent.key();
            if view.contacts.iter().any(|c| c.id == id) {
                return see_other(back);
            }
            ActorCommand::AddContact { id, person: person(&sent) }
        }
        Some(id) if req.path().ends_with("/odebrat") => {
            if !view.contacts.iter().any(|c| c.id == id) {
                return see_other(back);
            }
            ActorCommand::RemoveContact { id }
        }
        Some(id) => ActorCommand::ChangeContact { id, person: person(&sent) },
    };
    let lang = Lang::of(&req);
    match app.actor(&slug, view.id, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(back),
        Err(error) => {
            let mut form = Filled::of(sent);
            let status = form.refused(Refusal::of(lang, error));
            contacts_answer(&req, lang, &me, &slug, &view, Some((existing, &form)), status)
        }
    }
}

/// `GET /site/{network}/akter/{actor}/kontakt/{person}/vymaz`: what erasure
/// means, and the button that does it.
pub async fn erase_page(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String, String)>,
) -> HttpResponse {
    let actor_path = (path.0.clone(), path.1.clone());
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::ActorWrite, &params(&actor_path)));
    let view = actor(&app, &principal, &slug, &path.1);
    let person = view.as_ref().and_then(|v| v.contacts.iter().find(|c| c.id.to_string() == path.2 && !c.erased));
    let (Some(view), Some(person)) = (view.as_ref(), person) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let lang = Lang::of(&req);
    let base = format!("/site/{slug}/akter/{}", view.id);
    let content = html! {
        div class="upozorneni" {
            p { strong { (person.person.name) } }
            p { (lang.t(Msg::EraseExplained)) }
        }
        form method="post" action={ (base) "/kontakt/" (person.id) "/vymaz" } {
            (csrf(&me.csrf))
            button type="submit" class="druhotne" { (lang.t(Msg::EraseConfirm)) }
            " "
            a href={ (base) "/kontakty" } { (lang.t(Msg::Back)) }
        }
    };
    frame(&req, lang, &me, lang.t(Msg::EraseContact), StatusCode::OK, content)
}

/// `POST /site/{network}/akter/{actor}/kontakt/{person}/vymaz`
pub async fn erase_submit(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String, String)>,
    body: Posted,
) -> HttpResponse {
    let actor_path = (path.0.clone(), path.1.clone());
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::ActorWrite, &params(&actor_path)));
    let Some(view) = actor(&app, &principal, &slug, &path.1) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    if let Err(answer) = sent(body) {
        return *answer;
    }
    let Ok(person) = Uuid::parse_str(&path.2) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    let back = format!("/site/{slug}/akter/{}?ulozeno=1#kontakty", view.id);
    if view.contacts.iter().any(|c| c.id == person && c.erased) {
        return see_other(back);
    }
    let lang = Lang::of(&req);
    match app.erase_contact(&slug, view.id, person, &meta(&principal, None, None)).await {
        Ok(_) => see_other(back),
        Err(error) => {
            let mut form = Filled::default();
            let status = form.refused(Refusal::of(lang, error));
            contacts_answer(&req, lang, &me, &slug, &view, Some((Some(person), &form)), status)
        }
    }
}
