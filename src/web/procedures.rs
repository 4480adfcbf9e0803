//! Agreed procedures as pages ("who informs whom, how, in which
//! situations"): the procedures a person may read — every one with every
//! version for the network's coordinators, the version in force of those
//! that bind their actor or belong to their platform for the rest (the
//! API's own function decides); agreeing a new one (owned by the network
//! or one of its platforms, binding some actors, in force from a date); a
//! new version that says what it changes; withdrawing one with a reason.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use maud::html;
use uuid::Uuid;

use super::controls::{Control, csrf, ticks};
use super::fields::Sent;
use super::forms::{Filled, Posted, Refusal, admitted, frame, holds_from, may, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::platforms::actor_name;
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::date;
use crate::domain::ids::Slug;
use crate::domain::procedure::{ProcedureCommand, Wording};
use crate::domain::value::Value;
use crate::http::at::{At, ModelRef};
use crate::http::routes::procedures::{ProcedureView, visible};
use crate::http::support::State;

fn params(req: &HttpRequest) -> Params {
    Params { network: Some(req.match_info().query("network").to_owned()), ..Params::default() }
}

fn procedures(app: &State, principal: &Principal, slug: &Slug) -> Vec<ProcedureView> {
    let at = At { model: ModelRef::Live(app.models.read()), now: app.now(), as_of: None };
    visible(app, principal, slug, &at)
}

/// Choices of a form: (value, label).
type Options = Vec<(String, String)>;

/// The network's actors and platforms (id, name), by name.
fn choices(app: &State, slug: &Slug) -> (Options, Options) {
    let model = app.models.read();
    let sort = |mut v: Options| {
        v.sort_by_cached_key(|(_, n)| crate::projections::czech::sort_key(n));
        v
    };
    let actors = model
        .actors_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .map(|id| (id.to_string(), actor_name(&model, id)))
        .collect();
    let platforms = model
        .platforms_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter_map(|id| {
            let name = model.platforms.get(id)?.state.fields.get("name").and_then(Value::as_text)?.to_owned();
            Some((id.to_string(), name))
        })
        .collect();
    (sort(actors), sort(platforms))
}

/// `GET /site/{network}/postupy`
pub async fn list(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkRead, &params(&req)));
    let fresh = Sent(vec![("klic".into(), Uuid::now_v7().to_string())]);
    listing(&app, &req, &principal, &slug, &me, Filled::of(fresh), StatusCode::OK)
}

fn listing(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    slug: &Slug,
    me: &Who,
    form: Filled,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let items = procedures(app, principal, slug);
    let writes = !me.csrf.is_empty() && may(app, principal, Access::NetworkWrite, &params(req));
    let (actors, platforms) = choices(app, slug);
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let mut owners = vec![(String::new(), lang.t(Msg::TheWholeNetwork).to_owned())];
    owners.extend(platforms.iter().cloned());
    let model = app.models.read();
    let platform_name =
        |id: &Uuid| platforms.iter().find(|(p, _)| *p == id.to_string()).map(|(_, n)| n.clone()).unwrap_or_default();
    let content = html! {
        p class="podtitul" { (lang.t(Msg::ProceduresIntro)) }
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        @if items.is_empty() { p class="prazdne" { (lang.t(Msg::NoProcedures)) } }
        @for p in &items {
            @let shown = p.in_force.as_ref().or(p.versions.last());
            article class="karta" id={ "p-" (p.id) } {
                h2 { (shown.map(|v| v.title.as_str()).unwrap_or_default()) }
                p class="kdy" {
                    @match (&p.withdrawn, &p.in_force) {
                        (Some((at, why)), _) => { strong class="pozor" { (lang.t(Msg::ProcWithdrawn)) " " (date(*at)) } ": " (why) }
                        (None, Some(v)) => { (lang.t(Msg::VersionNumber)) " " (v.number) ", " (lang.t(Msg::ProcInForceFrom)) " " (date(v.in_force_from)) }
                        (None, None) => { (lang.t(Msg::NotYetInForce)) }
                    }
                    " · " @match p.platform { Some(pl) => { (lang.t(Msg::PlatformsProcedure)) " " a href={ "/site/" (slug) "/platforma/" (pl) } { (platform_name(&pl)) } } None => { (lang.t(Msg::NetworksProcedure)) } }
                }
                @if let Some(v) = shown {
                    p class="odstavce" { (v.text) }
                    @if !v.actors.is_empty() {
                        p { (lang.t(Msg::Binds)) ": "
                            @for (i, a) in v.actors.iter().enumerate() { @if i > 0 { ", " } a href={ "/site/" (slug) "/akter/" (a) } { (actor_name(&model, a)) } }
                        }
                    }
                }
                @if p.versions.len() > 1 {
                    details {
                        summary { (lang.t(Msg::AllVersions)) " (" (p.versions.len()) ")" }
                        ol { @for v in p.versions.iter().rev() { li value=(v.number) { (date(v.in_force_from)) " – " (v.title) @if !v.note.is_empty() { ": " (v.note) } } } }
                    }
                }
                @if writes && p.withdrawn.is_none() { p class="akce" { a href={ "/site/" (slug) "/postupy/" (p.id) } { (lang.t(Msg::NewVersionOrWithdraw)) } } }
            }
        }
        @if writes {
            details class="formular" open[form.failed()] {
                summary { (lang.t(Msg::AgreeProcedure)) }
                form method="post" action={ "/site/" (slug) "/postupy" } id="novy-postup" {
                    (form.summary(lang, "novy-postup"))
                    (csrf(&me.csrf))
                    input type="hidden" name="klic" value=(form.sent.one("klic"));
                    (Control::new("title", lang.t(Msg::ProcedureTitle), &form.errors).input("text", &form.sent))
                    (Control::new("text", lang.t(Msg::ProcedureText), &form.errors).hint(lang.t(Msg::ProcedureTextHint)).textarea(6, &form.sent))
                    (Control::new("platform", lang.t(Msg::ProcedureOwner), &form.errors).select(&owners, &form.sent))
                    (ticks("actors", lang.t(Msg::Binds), &actors, &form.sent, form.errors.get("actors").map(String::as_str)))
                    (Control::new("plati_od", lang.t(Msg::ProcInForceFrom), &form.errors).hint(lang.t(Msg::DateHint)).input("text", &form.sent))
                    button type="submit" { (lang.t(Msg::AgreeProcedure)) }
                }
            }
        }
    };
    drop(model);
    frame(req, lang, me, lang.t(Msg::ProceduresMenu), status, content)
}

/// What the form says, and when it is to hold from (a problem in `form`
/// when the date cannot be read).
fn wording(app: &State, lang: Lang, form: &mut Filled) -> (Wording, Option<chrono::DateTime<chrono::Utc>>) {
    let s = &form.sent;
    let wording = Wording {
        title: s.one("title").trim().into(),
        text: s.one("text").trim().into(),
        actors: s.all("actors").iter().filter_map(|a| Uuid::parse_str(a).ok()).collect(),
        note: s.one("note").trim().into(),
    };
    let from = holds_from(s.one("plati_od"), app.now()).unwrap_or_else(|_| {
        form.errors.insert("plati_od".into(), lang.t(Msg::DateFormat).into());
        None
    });
    (wording, from)
}

/// `POST /site/{network}/postupy`: agree a procedure.
pub async fn agree(app: State, req: HttpRequest, principal: Principal, body: Posted) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&req)));
    let mut form = Filled::of(or_answer!(sent(body)));
    let lang = Lang::of(&req);
    let id = form.sent.key();
    if app.models.read().procedures.contains_key(&id) {
        return see_other(format!("/site/{slug}/postupy?ulozeno=1#p-{id}"));
    }
    let platform = Uuid::parse_str(form.sent.one("platform")).ok();
    let (wording, from) = wording(&app, lang, &mut form);
    if !form.failed() {
        let command = ProcedureCommand::Agree { network: slug.clone(), platform, wording };
        match app.procedure(&slug, id, command, &meta(&principal, from, None)).await {
            Ok(_) => return see_other(format!("/site/{slug}/postupy?ulozeno=1#p-{id}")),
            Err(error) => {
                form.refused(Refusal::of(lang, error));
            }
        }
    }
    listing(&app, &req, &principal, &slug, &me, form, StatusCode::UNPROCESSABLE_ENTITY)
}

/// The procedure the path names, as its coordinators see it.
fn the_procedure(app: &State, principal: &Principal, slug: &Slug, req: &HttpRequest) -> Option<ProcedureView> {
    let id = Uuid::parse_str(req.match_info().query("procedure")).ok()?;
    procedures(app, principal, slug).into_iter().find(|p| p.id == id)
}

/// `GET /site/{network}/postupy/{procedure}`: a new version, or withdrawing it.
pub async fn edit(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&req)));
    let Some(p) = the_procedure(&app, &principal, &slug, &req) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let mut sent = Sent::default();
    if let Some(v) = p.versions.last() {
        sent.0.push(("title".into(), v.title.clone()));
        sent.0.push(("text".into(), v.text.clone()));
        sent.0.extend(v.actors.iter().map(|a| ("actors".into(), a.to_string())));
    }
    editing(&app, &req, &slug, &me, &p, Filled::of(sent), Filled::default(), StatusCode::OK)
}

#[allow(clippy::too_many_arguments)]
fn editing(
    app: &State,
    req: &HttpRequest,
    slug: &Slug,
    me: &Who,
    p: &ProcedureView,
    form: Filled,
    withdrawal: Filled,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let (actors, _) = choices(app, slug);
    let here = format!("/site/{slug}/postupy/{}", p.id);
    let title = p.versions.last().map(|v| v.title.clone()).unwrap_or_default();
    let content = html! {
        p { a href={ "/site/" (slug) "/postupy#p-" (p.id) } { "← " (lang.t(Msg::ProceduresMenu)) } }
        h2 { (lang.t(Msg::NewVersion)) }
        form method="post" action=(here) id="verze" class="formular" {
            (form.summary(lang, "verze"))
            (csrf(&me.csrf))
            (Control::new("title", lang.t(Msg::ProcedureTitle), &form.errors).input("text", &form.sent))
            (Control::new("text", lang.t(Msg::ProcedureText), &form.errors).textarea(6, &form.sent))
            (ticks("actors", lang.t(Msg::Binds), &actors, &form.sent, form.errors.get("actors").map(String::as_str)))
            (Control::new("note", lang.t(Msg::WhatChanged), &form.errors).hint(lang.t(Msg::WhatChangedHint)).input("text", &form.sent))
            (Control::new("plati_od", lang.t(Msg::ProcInForceFrom), &form.errors).hint(lang.t(Msg::DateHint)).input("text", &form.sent))
            button type="submit" { (lang.t(Msg::AgreeNewVersion)) }
        }
        h2 { (lang.t(Msg::WithdrawProcedure)) }
        form method="post" action={ (here) "/zruseni" } id="zruseni" class="formular" {
            (withdrawal.summary(lang, "zruseni"))
            (csrf(&me.csrf))
            (Control::new("reason", lang.t(Msg::WithdrawReason), &withdrawal.errors).input("text", &withdrawal.sent))
            button type="submit" class="druhotne" { (lang.t(Msg::WithdrawProcedure)) }
        }
    };
    frame(req, lang, me, &title, status, content)
}

/// `POST /site/{network}/postupy/{procedure}` (a new version) and
/// `…/zruseni` (withdrawing it).
pub async fn revise(app: State, req: HttpRequest, principal: Principal, body: Posted) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&req)));
    let Some(p) = the_procedure(&app, &principal, &slug, &req) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let mut form = Filled::of(or_answer!(sent(body)));
    let lang = Lang::of(&req);
    let withdrawing = req.path().ends_with("/zruseni");
    let (command, from) = if withdrawing {
        (ProcedureCommand::Withdraw { reason: form.sent.one("reason").trim().into() }, None)
    } else {
        let (wording, from) = wording(&app, lang, &mut form);
        (ProcedureCommand::Revise { wording }, from)
    };
    if !form.failed() {
        match app.procedure(&slug, p.id, command, &meta(&principal, from, None)).await {
            Ok(_) => return see_other(format!("/site/{slug}/postupy?ulozeno=1#p-{}", p.id)),
            Err(error) => {
                form.refused(Refusal::of(lang, error));
            }
        }
    }
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    if withdrawing {
        let mut again = Sent::default();
        if let Some(v) = p.versions.last() {
            again.0.push(("title".into(), v.title.clone()));
            again.0.push(("text".into(), v.text.clone()));
            again.0.extend(v.actors.iter().map(|a| ("actors".into(), a.to_string())));
        }
        editing(&app, &req, &slug, &me, &p, Filled::of(again), form, status)
    } else {
        editing(&app, &req, &slug, &me, &p, form, Filled::default(), status)
    }
}
