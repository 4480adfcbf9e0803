//! The yearly review as a page: the actors, platforms and activities of the
//! needs map not reviewed (nor entered) in the last 12 months, longest
//! waiting first, each a link; a coordinator ticks those checked and marks
//! them reviewed at once (one event, as the API's revision does), or one
//! with its own button. The yearly report is one link away.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::controls::csrf;
use super::forms::{Posted, Refusal, admitted, frame, may, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use crate::audit::revision::{Due, due};
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::{date, number};
use crate::domain::revision::Reviewed;
use crate::http::support::State;

fn params(network: &str) -> Params {
    Params { network: Some(network.to_owned()), ..Params::default() }
}

fn list(lang: Lang, title: Msg, kind: &str, items: &[Due], link: &dyn Fn(&Uuid) -> String, writes: bool) -> Markup {
    html! {
        fieldset class="pole" {
            legend { (lang.t(title)) " " span class="pocet" { "(" (items.len()) ")" } }
            @if items.is_empty() { p class="prazdne" { (lang.t(Msg::NothingDue)) } }
            ul class="revize" {
                @for d in items {
                    li {
                        @if writes {
                            input type="checkbox" id={ "r-" (d.id) } name=(kind) value=(d.id);
                            " "
                            label for={ "r-" (d.id) } class="skryte" { (lang.t(Msg::Reviewed)) ": " (d.name) }
                        }
                        a href=(link(&d.id)) { (d.name) } " "
                        span class="kdy" {
                            @match d.reviewed_at {
                                Some(at) => { (lang.t(Msg::LastReviewed)) " " (date(at)) }
                                None => { (lang.t(Msg::NeverReviewed)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /site/{network}/revize`
pub async fn page(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkPlanning, &params(&path)));
    let lang = Lang::of(&req);
    let writes = !me.csrf.is_empty() && may(&app, &principal, Access::NetworkWrite, &params(&path));
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let revision = due(&app.models.read(), &slug, app.now(), 12);
    let actor = |id: &Uuid| format!("/site/{slug}/akter/{id}");
    let platform = |id: &Uuid| format!("/site/{slug}/platforma/{id}");
    let activity = |id: &Uuid| format!("/site/{slug}/potreby#aktivita-{id}");
    let content = html! {
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        p {
            (lang.t(Msg::ReviewIntro)) " "
            strong { (number(revision.up_to_date as i64)) " / " (number(revision.records as i64)) }
            " · " a href={ "/api/v1/networks/" (slug) "/report/page" } { (lang.t(Msg::YearlyReport)) }
        }
        form method="post" action={ "/site/" (slug) "/revize" } class="formular siroky" {
            (csrf(&me.csrf))
            (list(lang, Msg::Actors, "actors", &revision.actors, &actor, writes))
            (list(lang, Msg::Platforms, "platforms", &revision.platforms, &platform, writes))
            (list(lang, Msg::Activities, "activities", &revision.activities, &activity, writes))
            @if writes { button type="submit" { (lang.t(Msg::MarkReviewed)) } }
        }
    };
    frame(&req, lang, &me, lang.t(Msg::YearlyReview), StatusCode::OK, content)
}

/// `POST /site/{network}/revize`: marks the ticked records reviewed.
pub async fn mark(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&path)));
    let sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let ids = |key: &str| sent.all(key).iter().filter_map(|v| Uuid::parse_str(v).ok()).collect::<Vec<_>>();
    let marked = Reviewed { actors: ids("actors"), platforms: ids("platforms"), activities: ids("activities") };
    let back = format!("/site/{slug}/revize");
    if marked.actors.is_empty() && marked.platforms.is_empty() && marked.activities.is_empty() {
        return see_other(back);
    }
    match app.review(&slug, marked, &meta(&principal, None, None)).await {
        Ok(_) => see_other(format!("{back}?ulozeno=1")),
        Err(error) => {
            let problems = Refusal::of(lang, error).all();
            let content = html! {
                div class="chyby" role="alert" { ul { @for p in &problems { li { (p) } } } }
                p { a href=(back) { (lang.t(Msg::Back)) } }
            };
            frame(&req, lang, &me, lang.t(Msg::NotSaved), StatusCode::UNPROCESSABLE_ENTITY, content)
        }
    }
}
