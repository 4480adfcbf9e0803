//! The findings of the network's mapping as a page for its coordinators:
//! each need or theme with what it rests on — an actor's note, a platform
//! meeting's outcome, a gap of the coverage, each a link — the need areas
//! and target groups it concerns, where it stands, and the plan steps that
//! answer it (the API's findings, from the same function).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;

use super::forms::{admitted, frame, or_answer};
use super::i18n::{Lang, Msg};
use super::platforms::actor_name;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::domain::finding::{FindingStatus, Source};
use crate::http::routes::findings::{FindingView, view};
use crate::http::support::State;

/// A finding's status, said.
pub fn status_name(lang: Lang, status: FindingStatus) -> &'static str {
    lang.t(match status {
        FindingStatus::Open => Msg::FindingOpen,
        FindingStatus::Addressed => Msg::FindingAddressed,
        FindingStatus::Resolved => Msg::FindingResolved,
        FindingStatus::SetAside => Msg::FindingSetAside,
    })
}

/// `GET /site/{network}/zjisteni`
pub async fn page(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let params = Params { network: Some(path.clone()), ..Params::default() };
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkCoordination, &params));
    let lang = Lang::of(&req);
    let model = app.models.read();
    let mut items: Vec<FindingView> = model
        .findings
        .iter()
        .filter(|(_, f)| f.state.network.as_ref() == Some(&slug))
        .filter_map(|(id, _)| view(&model, id))
        .collect();
    items.sort_by_cached_key(|f| crate::projections::czech::sort_key(&f.title));
    let term = |id: &uuid::Uuid| super::fields::term_name(&model, &slug, id);
    let platform = |id: &uuid::Uuid| {
        model
            .platforms
            .get(id)
            .and_then(|p| p.state.fields.get("name").and_then(crate::domain::value::Value::as_text).map(str::to_owned))
            .unwrap_or_default()
    };
    let writes = !me.csrf.is_empty() && super::forms::may(&app, &principal, Access::NetworkWrite, &params);
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let content = html! {
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        @if writes { p class="akce" { a href={ "/site/" (slug) "/zjisteni/nove" } { (lang.t(Msg::NewFinding)) } } }
        @if items.is_empty() { p class="prazdne" { (lang.t(Msg::NoFindings)) } }
        @for f in &items {
            article class="karta" id={ "z-" (f.id) } {
                h2 { (f.title) }
                @if writes { p class="akce" { a href={ "/site/" (slug) "/zjisteni/" (f.id) } { (lang.t(Msg::EditFinding)) } } }
                p class="kdy" { (status_name(lang, f.status)) @if !f.reason.is_empty() { " – " (f.reason) } }
                @if !f.text.is_empty() { p class="odstavce" { (f.text) } }
                @if !f.need_areas.is_empty() || !f.target_groups.is_empty() {
                    p {
                        (f.need_areas.iter().map(|a| a.label_cs()).collect::<Vec<_>>().join(", "))
                        @if !f.target_groups.is_empty() { " · " (f.target_groups.iter().map(&term).collect::<Vec<_>>().join(", ")) }
                    }
                }
                @if !f.sources.is_empty() {
                    h3 { (lang.t(Msg::Sources)) }
                    ul {
                        @for s in &f.sources {
                            li {
                                @match s {
                                    Source::ActorNote { actor, .. } => { (lang.t(Msg::SourceNote)) ": " a href={ "/site/" (slug) "/akter/" (actor) "#poznamky" } { (actor_name(&model, actor)) } }
                                    Source::PlatformOutcome { platform: p, .. } => { (lang.t(Msg::SourceOutcome)) ": " a href={ "/site/" (slug) "/platforma/" (p) } { (platform(p)) } }
                                    Source::Gap { area, target_group } => {
                                        (lang.t(Msg::SourceGap)) ": "
                                        a href={ "/site/" (slug) "/pokryti" } { (area.label_cs()) " × " (term(target_group)) }
                                    }
                                }
                            }
                        }
                    }
                }
                @if !f.steps.is_empty() {
                    h3 { (lang.t(Msg::AnsweredBySteps)) }
                    ul {
                        @for s in &f.steps {
                            li { a href={ "/site/" (slug) "/plan/" (s.plan) } { (s.text) } " – " (super::plan::status_name(lang, s.status)) }
                        }
                    }
                }
            }
        }
    };
    drop(model);
    frame(&req, lang, &me, lang.t(Msg::Findings), StatusCode::OK, content)
}
