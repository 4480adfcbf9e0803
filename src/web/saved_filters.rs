//! Saved filters of the directory as pages: the filters the reader may run
//! (by the access module's rule: case managers only those shared with
//! them), each opening the directory with its query; coordinators save the
//! current filters under a name, shared with case managers or not, and
//! remove one.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::controls::{Control, csrf};
use super::forms::{Filled, Posted, Refusal, admitted, frame, may, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::domain::filter::DirectoryFilter;
use crate::domain::ids::Slug;
use crate::domain::network::{Audience, NetworkCommand};
use crate::http::support::State;

/// The saved filters `principal` may run, in Czech name order: (id, name,
/// query, shared with case managers).
fn runnable(app: &State, principal: &Principal, slug: &Slug) -> Vec<(Uuid, String, String, bool)> {
    let model = app.models.read();
    let Some(network) = model.networks.get(slug) else { return Vec::new() };
    let mut out: Vec<(Uuid, String, String, bool)> = network
        .state
        .filters
        .iter()
        .filter(|(id, _)| {
            let params = Params { network: Some(slug.to_string()), filter: Some(id.to_string()), ..Params::default() };
            crate::auth::access::check(Access::SavedFilter, principal, &params, &model).is_ok()
        })
        .map(|(id, f)| (*id, f.name.clone(), f.filter.to_query(), f.audience == Audience::CaseManagers))
        .collect();
    out.sort_by_cached_key(|(_, name, _, _)| crate::projections::czech::sort_key(name));
    out
}

/// The saved filters the reader may run, and for coordinators the form
/// that saves the current `filter`.
pub fn section(
    app: &State,
    lang: Lang,
    principal: &Principal,
    slug: &Slug,
    filter: &DirectoryFilter,
    token: &str,
) -> Markup {
    let saved = runnable(app, principal, slug);
    let params = Params { network: Some(slug.to_string()), ..Params::default() };
    let saves = !token.is_empty() && may(app, principal, Access::NetworkWrite, &params);
    let query = filter.to_query();
    html! {
        @if !saved.is_empty() || saves {
            details class="ulozene" open[!saved.is_empty()] {
                summary { (lang.t(Msg::SavedFilters)) " (" (saved.len()) ")" }
                @if !saved.is_empty() {
                    ul {
                        @for (id, name, q, shared) in &saved {
                            li {
                                a href={ "/site/" (slug) "/adresar?" (q) } { (name) }
                                @if *shared { " " span class="kdy" { "(" (lang.t(Msg::SharedWithCaseManagers)) ")" } }
                                @if saves {
                                    form method="post" action={ "/site/" (slug) "/adresar/filtry/" (id) "/odebrat" } class="vradku" {
                                        (csrf(token))
                                        button type="submit" class="druhotne" aria-label={ (lang.t(Msg::Remove)) ": " (name) } { (lang.t(Msg::Remove)) }
                                    }
                                }
                            }
                        }
                    }
                }
                @if saves && !query.is_empty() {
                    (save_form(lang, slug, token, &query, &Filled::of(super::fields::Sent(vec![("klic".into(), Uuid::now_v7().to_string())]))))
                }
            }
        }
    }
}

fn save_form(lang: Lang, slug: &Slug, token: &str, query: &str, form: &Filled) -> Markup {
    html! {
        (form.summary(lang, "ulozit-filtr"))
        form method="post" action={ "/site/" (slug) "/adresar/filtry" } class="formular" id="ulozit-filtr" {
            (csrf(token))
            input type="hidden" name="klic" value=(form.sent.one("klic"));
            input type="hidden" name="dotaz" value=(query);
            (Control::new("nazev", lang.t(Msg::FilterName), &form.errors).hint(lang.t(Msg::FilterNameHint)).input("text", &form.sent))
            div class="pole zaskrt" { label { input type="checkbox" name="sdilet" value="ano" checked[form.sent.one("sdilet") == "ano"]; " " (lang.t(Msg::ShareWithCaseManagers)) } }
            button type="submit" { (lang.t(Msg::SaveFilter)) }
        }
    }
}

fn params(network: &str) -> Params {
    Params { network: Some(network.to_owned()), ..Params::default() }
}

/// `POST /site/{network}/adresar/filtry`: saves the current filters.
pub async fn save(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&path)));
    let sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let query = sent.one("dotaz").to_owned();
    let id = sent.key();
    let back = format!("/site/{slug}/adresar?{query}");
    if app.models.read().networks.get(&slug).is_some_and(|n| n.state.filters.contains_key(&id)) {
        return see_other(back);
    }
    let mut form = Filled::of(sent);
    let refusal = match DirectoryFilter::parse(&query) {
        Err(_) => Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            general: vec![lang.t(Msg::FilterUnusable).to_owned()],
            ..Refusal::default()
        },
        Ok(filter) => {
            let audience =
                if form.sent.one("sdilet") == "ano" { Audience::CaseManagers } else { Audience::Coordinators };
            let name = form.sent.one("nazev").to_owned();
            let command = NetworkCommand::SaveFilter { id, name, filter: Box::new(filter), audience };
            match app.network(&slug, command, &meta(&principal, None, None)).await {
                Ok(_) => return see_other(back),
                Err(error) => {
                    let mut refusal = Refusal::of(lang, error);
                    if let Some(e) = refusal.fields.remove("name") {
                        refusal.fields.insert("nazev".into(), e);
                    }
                    refusal
                }
            }
        }
    };
    let status = form.refused(refusal);
    let content = html! {
        p { a href=(back) { "← " (lang.t(Msg::Directory)) } }
        (save_form(lang, &slug, &me.csrf, &query, &form))
    };
    frame(&req, lang, &me, lang.t(Msg::SaveFilter), status, content)
}

/// `POST /site/{network}/adresar/filtry/{filter}/odebrat`
pub async fn remove(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&path.0)));
    let sent = or_answer!(sent(body));
    // Back where it was removed from: the directory or the settings.
    let back = super::forms::back_to(sent.one("zpet"), &slug, format!("/site/{slug}/adresar"));
    let Ok(id) = Uuid::parse_str(&path.1) else { return see_other(back) };
    if !app.models.read().networks.get(&slug).is_some_and(|n| n.state.filters.contains_key(&id)) {
        return see_other(back);
    }
    let lang = Lang::of(&req);
    match app.network(&slug, NetworkCommand::RemoveFilter { id }, &meta(&principal, None, None)).await {
        Ok(_) => see_other(back),
        Err(error) => {
            let problems = Refusal::of(lang, error).all();
            let content = html! {
                div class="chyby" role="alert" { ul { @for p in &problems { li { (p) } } } }
                p { a href=(back) { (lang.t(Msg::Back)) } }
            };
            frame(&req, lang, &me, lang.t(Msg::NotSaved), StatusCode::CONFLICT, content)
        }
    }
}
