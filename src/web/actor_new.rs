//! Entering a new actor as a page: every field of the template and of the
//! network's custom categories (the form of `actor_form.rs`), with the date
//! the entry holds from. A second send of the same form finds the actor
//! written and writes nothing.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use uuid::Uuid;

use super::actor_form::{Form, actor_view, failed, template};
use super::fields::{self, Sent};
use super::forms::{Posted, admitted, frame, holds_from, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::domain::actor::ActorCommand;
use crate::domain::ids::Slug;
use crate::http::support::State;

/// `GET /site/{network}/novy-akter`
pub async fn new_page(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let params = Params { network: Some(path.clone()), ..Params::default() };
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params));
    let lang = Lang::of(&req);
    let fields = template(&app.models.read(), &slug, &BTreeMap::new());
    let mut form = Form::new(format!("/site/{slug}/novy-akter"), fields, Sent::default());
    form.key = Some(Uuid::now_v7());
    new_answer(&req, lang, &me, &slug, &form, StatusCode::OK)
}

fn new_answer(req: &HttpRequest, lang: Lang, me: &Who, slug: &Slug, form: &Form, status: StatusCode) -> HttpResponse {
    let content = html! {
        p { a href={ "/site/" (slug) "/adresar" } { "← " (lang.t(Msg::Directory)) } }
        p { (lang.t(Msg::NewActorIntro)) }
        (form.render(lang, &me.csrf))
    };
    frame(req, lang, me, lang.t(Msg::NewActor), status, content)
}

/// `POST /site/{network}/novy-akter`
pub async fn new_submit(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    body: Posted,
) -> HttpResponse {
    let params = Params { network: Some(path.clone()), ..Params::default() };
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params));
    let lang = Lang::of(&req);
    let sent = or_answer!(sent(body));
    let fields = template(&app.models.read(), &slug, &BTreeMap::new());
    let mut form = Form::new(format!("/site/{slug}/novy-akter"), fields, sent);
    form.from = form.sent.one("plati_od").to_owned();
    form.key = Some(form.sent.key());
    let id = form.key.unwrap_or_else(Uuid::now_v7);
    // The same form sent twice: the first one wrote it.
    if actor_view(&app, &slug, id).is_some() {
        return see_other(format!("/site/{slug}/akter/{id}"));
    }
    let effective = holds_from(&form.from, app.now()).unwrap_or_else(|_| {
        form.errors.insert("plati_od".into(), lang.t(Msg::DateFormat).to_owned());
        None
    });
    let mut values = Vec::new();
    for field in &form.fields {
        match fields::read(lang, field, &form.sent) {
            Ok(Some(v)) => values.push((field.code.clone(), v)),
            Ok(None) => {}
            Err(e) => {
                form.errors.insert(field.code.clone(), e);
            }
        }
    }
    if !form.errors.is_empty() {
        return new_answer(&req, lang, &me, &slug, &form, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let command = ActorCommand::Register { network: slug.clone(), fields: values };
    match app.actor(&slug, id, command, &meta(&principal, effective, None)).await {
        Ok(_) => see_other(format!("/site/{slug}/akter/{id}?ulozeno=1")),
        Err(error) => {
            let status = failed(lang, &mut form, error);
            new_answer(&req, lang, &me, &slug, &form, status)
        }
    }
}
