//! One activity of the needs map on its own page: its form (stage, kinds
//! of actors, local practice, the actors doing it), saved or removed from
//! there. The map itself, and adding an activity from it, are `needs.rs`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::controls::{Control, csrf, ticks};
use super::fields::Sent;
use super::forms::{Filled, Posted, Refusal, admitted, frame, meta, or_answer, see_other};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::needs::{actor_options, admit_write, params, stage};
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::Access;
use crate::domain::NeedArea;
use crate::domain::ids::Slug;
use crate::domain::needs::NeedsCommand;
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::Model;

/// The activity's form, posting to `action`.
pub(super) fn activity_form(lang: Lang, model: &Model, slug: &Slug, me: &Who, f: &Filled, action: &str) -> Markup {
    let areas: Vec<(String, String)> =
        NeedArea::ALL.iter().map(|a| (a.code().to_owned(), a.label_cs().to_owned())).collect();
    let stages: Vec<(String, String)> =
        ["prevention", "intervention"].iter().map(|s| ((*s).to_owned(), stage(lang, s).to_owned())).collect();
    html! {
        (f.summary(lang, "aktivita-formular"))
        form method="post" action=(action) class="formular" id="aktivita-formular" {
            (csrf(&me.csrf))
            @if !f.sent.one("klic").is_empty() { input type="hidden" name="klic" value=(f.sent.one("klic")); }
            @if !f.sent.one("verze").is_empty() { input type="hidden" name="verze" value=(f.sent.one("verze")); }
            (Control::new("text", lang.t(Msg::Activity), &f.errors).textarea(2, &f.sent))
            (Control::new("area", lang.t(Msg::NeedArea), &f.errors).select(&areas, &f.sent))
            (Control::new("stage", lang.t(Msg::Stage), &f.errors).select(&stages, &f.sent))
            (Control::new("actor_kinds", lang.t(Msg::ActorKinds), &f.errors).hint(lang.t(Msg::OnePerLine)).textarea(3, &f.sent))
            (Control::new("local_practice", lang.t(Msg::LocalPractice), &f.errors).textarea(4, &f.sent))
            (ticks("actors", lang.t(Msg::ActorsDoingIt), &actor_options(model, slug), &f.sent, f.errors.get("actors").map(String::as_str)))
            button type="submit" { (lang.t(Msg::Save)) }
        }
    }
}

/// An activity's fields from its form (each kind of actor on its own line).
pub(super) fn activity_fields(sent: &Sent) -> Vec<(String, Option<Value>)> {
    let text = |k: &str| {
        let t = sent.one(k).trim().to_owned();
        (!t.is_empty()).then_some(Value::Text(t))
    };
    let kinds: Vec<String> =
        sent.one("actor_kinds").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
    let actors: Vec<String> = sent.all("actors").iter().map(|s| (*s).to_owned()).collect();
    vec![
        ("text".into(), text("text")),
        ("area".into(), text("area")),
        ("stage".into(), text("stage")),
        ("actor_kinds".into(), (!kinds.is_empty()).then_some(Value::List(kinds))),
        ("local_practice".into(), text("local_practice")),
        ("actors".into(), (!actors.is_empty()).then_some(Value::List(actors))),
    ]
}

/// An activity's fields as its form sends them.
pub(super) fn activity_sent(fields: &BTreeMap<String, Value>) -> Sent {
    let mut out = Vec::new();
    for (k, v) in fields {
        match (k.as_str(), v) {
            ("actor_kinds", Value::List(l)) => out.push((k.clone(), l.join("\n"))),
            (_, Value::List(l)) => out.extend(l.iter().map(|i| (k.clone(), i.clone()))),
            (_, Value::Text(t)) => out.push((k.clone(), t.clone())),
            _ => {}
        }
    }
    Sent(out)
}

/// `GET /site/{network}/potreby/aktivita/{activity}`: an activity's form.
pub async fn activity_page(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&path.0)));
    let Some((id, fields)) = activity(&app, &slug, &path.1) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let form = Filled::of(activity_sent(&fields));
    activity_answer(&app, &req, &me, &slug, id, &form, StatusCode::OK)
}

fn activity(app: &State, slug: &Slug, id: &str) -> Option<(Uuid, BTreeMap<String, Value>)> {
    let id = Uuid::parse_str(id).ok()?;
    let model = app.models.read();
    model.needs.get(slug)?.state.activities.get(&id).map(|f| (id, f.clone()))
}

fn activity_answer(
    app: &State,
    req: &HttpRequest,
    me: &Who,
    slug: &Slug,
    id: Uuid,
    form: &Filled,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let here = format!("/site/{slug}/potreby/aktivita/{id}");
    let model = app.models.read();
    let content = html! {
        p { a href={ "/site/" (slug) "/potreby#aktivita-" (id) } { "← " (lang.t(Msg::NeedsMap)) } }
        (activity_form(lang, &model, slug, me, form, &here))
        section aria-labelledby="odebrat" class="stav" {
            h2 id="odebrat" { (lang.t(Msg::RemoveActivity)) }
            form method="post" action={ (here) "/odebrat" } {
                (csrf(&me.csrf))
                button type="submit" class="druhotne" { (lang.t(Msg::RemoveActivity)) }
            }
        }
    };
    drop(model);
    frame(req, lang, me, lang.t(Msg::EditActivity), status, content)
}

/// `POST /site/{network}/potreby/aktivita/{activity}`: saves its changes.
pub async fn change_activity(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me, sent) = or_answer!(admit_write(&app, &req, &principal, &path.0, body).await);
    let Some((id, current)) = activity(&app, &slug, &path.1) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let lang = Lang::of(&req);
    let changes: Vec<(String, Option<Value>)> =
        activity_fields(&sent).into_iter().filter(|(k, v)| !super::fields::same(v.as_ref(), current.get(k))).collect();
    let back = format!("/site/{slug}/potreby?ulozeno=1#aktivita-{id}");
    if changes.is_empty() {
        return see_other(back);
    }
    let mut form = Filled::of(sent);
    match app.needs(&slug, NeedsCommand::ChangeActivity { id, fields: changes }, &meta(&principal, None, None)).await {
        Ok(_) => see_other(back),
        Err(error) => {
            let status = form.refused(Refusal::of(lang, error));
            activity_answer(&app, &req, &me, &slug, id, &form, status)
        }
    }
}

/// `POST /site/{network}/potreby/aktivita/{activity}/odebrat`
pub async fn remove_activity(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me, _) = or_answer!(admit_write(&app, &req, &principal, &path.0, body).await);
    let back = format!("/site/{slug}/potreby?ulozeno=1");
    let Some((id, current)) = activity(&app, &slug, &path.1) else {
        // Removed already (sent twice), or never there.
        return see_other(back);
    };
    match app.needs(&slug, NeedsCommand::RemoveActivity { id }, &meta(&principal, None, None)).await {
        Ok(_) => see_other(back),
        Err(error) => {
            let lang = Lang::of(&req);
            let mut form = Filled::of(activity_sent(&current));
            let status = form.refused(Refusal::of(lang, error));
            activity_answer(&app, &req, &me, &slug, id, &form, status)
        }
    }
}
