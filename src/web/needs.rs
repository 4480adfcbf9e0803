//! The needs map as pages, laid out as the needs template: the six need
//! areas, each with the forms in which the need is met and the activities
//! that meet it (stage, kinds of actors, local practice, the actors doing
//! it, as links). Coordinators add a form, add an activity linking actors,
//! edit or remove one — plain forms answered by a redirect, problems next
//! to their fields with what was typed kept. One activity's own page is
//! `needs_activity.rs`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::asof::AsOf;
use super::controls::{Control, csrf};
use super::fields::Sent;
use super::forms::{Filled, Posted, Refusal, admitted, frame, may, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::needs_activity::{activity_fields, activity_form};
use super::platforms::actor_link;
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::domain::NeedArea;
use crate::domain::ids::Slug;
use crate::domain::needs::NeedsCommand;
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::Model;

pub(super) fn params(network: &str) -> Params {
    Params { network: Some(network.to_owned()), ..Params::default() }
}

/// The stage's name.
pub(super) fn stage(lang: Lang, code: &str) -> &'static str {
    match code {
        "prevention" => lang.t(Msg::Prevention),
        "intervention" => lang.t(Msg::Intervention),
        _ => "",
    }
}

/// The network's actors in Czech name order (id, name), to pick from.
pub fn actor_options(model: &Model, slug: &Slug) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = model
        .actors_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter_map(|id| model.actors.get(id).map(|a| (id.to_string(), a.entry.state.name().to_owned())))
        .collect();
    out.sort_by_cached_key(|(_, name)| crate::projections::czech::sort_key(name));
    out
}

/// The forms of the map page as shown.
#[derive(Default)]
struct Forms {
    form: Filled,
    activity: Filled,
}

/// `GET /site/{network}/potreby`
pub async fn page(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkPlanning, &params(&path)));
    let mut forms = Forms::default();
    forms.form.sent.0.push(("klic".into(), Uuid::now_v7().to_string()));
    forms.activity.sent.0.push(("klic".into(), Uuid::now_v7().to_string()));
    if let Some((_, area)) = url_area(&req) {
        forms.activity.sent.0.push(("area".into(), area));
    }
    // The map as it was on a date: read-only, under a banner.
    let lang = Lang::of(&req);
    let asof = AsOf::of(&req, lang);
    let base = format!("/site/{slug}/potreby");
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let picker = super::asof::picker(lang, &base, &asof, &pairs);
    if !asof.past() && asof.error.is_none() {
        let model = app.models.read();
        return render(&app, &req, &principal, &me, &slug, &forms, StatusCode::OK, &model, (None, picker));
    }
    let at = match asof.model(&app).await {
        Ok(at) => at,
        Err(detail) => return super::asof::unavailable(&req, lang, &me, &base, &asof, &detail),
    };
    let banner = super::asof::banner(lang, &asof, at.as_of.map(|(_, d)| d), &base);
    render(&app, &req, &principal, &me, &slug, &forms, StatusCode::OK, &at.model, (Some(banner), picker))
}

/// The `oblast` of the query, if any.
fn url_area(req: &HttpRequest) -> Option<(String, String)> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    pairs.into_iter().find(|(k, _)| k == "oblast")
}

fn answer(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    me: &Who,
    slug: &Slug,
    forms: &Forms,
    status: StatusCode,
) -> HttpResponse {
    let model = app.models.read();
    render(app, req, principal, me, slug, forms, status, &model, (None, html! {}))
}

/// The map from `model`; with a banner (a past date), read-only.
#[allow(clippy::too_many_arguments)]
fn render(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    me: &Who,
    slug: &Slug,
    forms: &Forms,
    status: StatusCode,
    model: &Model,
    (banner, picker): (Option<Markup>, Markup),
) -> HttpResponse {
    let lang = Lang::of(req);
    let writes = banner.is_none() && may(app, principal, Access::NetworkWrite, &params(slug.as_str()));
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let needs = model.needs.get(slug).map(|n| &n.state);
    let areas: Vec<(String, String)> =
        NeedArea::ALL.iter().map(|a| (a.code().to_owned(), a.label_cs().to_owned())).collect();
    let base = format!("/site/{slug}/potreby");
    let content = html! {
        @if let Some(b) = &banner { (b) }
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        p { (lang.t(Msg::NeedsIntro)) " " a href={ "/site/" (slug) "/pokryti" } { (lang.t(Msg::Coverage)) } }
        @for area in NeedArea::ALL {
            section aria-labelledby={ "oblast-" (area.code()) } class="oblast" {
                h2 id={ "oblast-" (area.code()) } { (area.label_cs()) }
                h3 { (lang.t(Msg::NeedForms)) }
                @let area_forms: Vec<_> = needs.into_iter().flat_map(|n| n.forms.iter()).filter(|(_, f)| f.area == area).collect();
                @if area_forms.is_empty() { p class="prazdne" { (lang.t(Msg::NoneYet)) } }
                ul {
                    @for (id, f) in area_forms {
                        li {
                            (f.text)
                            @if writes {
                                form method="post" action={ (base) "/formy/" (id) "/odebrat" } class="vradku" {
                                    (csrf(&me.csrf))
                                    button type="submit" class="druhotne" aria-label={ (lang.t(Msg::Remove)) ": " (f.text) } { (lang.t(Msg::Remove)) }
                                }
                            }
                        }
                    }
                }
                h3 { (lang.t(Msg::Activities)) }
                @let activities: Vec<_> = needs.into_iter().flat_map(|n| n.activities.iter()).filter(|(_, f)| f.get("area").and_then(Value::as_text) == Some(area.code())).collect();
                @if activities.is_empty() { p class="prazdne" { (lang.t(Msg::NoneYet)) } }
                @else {
                    table {
                        thead { tr {
                            th scope="col" { (lang.t(Msg::Activity)) }
                            th scope="col" { (lang.t(Msg::Stage)) }
                            th scope="col" { (lang.t(Msg::ActorKinds)) }
                            th scope="col" { (lang.t(Msg::LocalPractice)) }
                            th scope="col" { (lang.t(Msg::Actors)) }
                        } }
                        tbody {
                            @for (id, f) in activities {
                                (activity_row(lang, model, slug, id, f, writes))
                            }
                        }
                    }
                }
                @if writes {
                    p { a href={ (base) "?oblast=" (area.code()) "#nova-aktivita" } { (lang.t(Msg::AddActivityHere)) } }
                }
            }
        }
        @if writes {
            section aria-labelledby="nova-forma" {
                h2 id="nova-forma" { (lang.t(Msg::AddNeedForm)) }
                @let f = &forms.form;
                (f.summary(lang, "forma-formular"))
                form method="post" action={ (base) "/formy" } class="formular" id="forma-formular" {
                    (csrf(&me.csrf))
                    input type="hidden" name="klic" value=(f.sent.one("klic"));
                    (Control::new("area", lang.t(Msg::NeedArea), &f.errors).select(&areas, &f.sent))
                    (Control::new("text", lang.t(Msg::NeedFormText), &f.errors).hint(lang.t(Msg::NeedFormHint)).input("text", &f.sent))
                    button type="submit" { (lang.t(Msg::AddNeedForm)) }
                }
            }
            section aria-labelledby="nova-aktivita" {
                h2 id="nova-aktivita" { (lang.t(Msg::AddActivity)) }
                (activity_form(lang, model, slug, me, &forms.activity, &format!("{base}/aktivity")))
            }
        }
        (picker)
    };
    frame(req, lang, me, lang.t(Msg::NeedsMap), status, content)
}

fn activity_row(
    lang: Lang,
    model: &Model,
    slug: &Slug,
    id: &Uuid,
    f: &BTreeMap<String, Value>,
    writes: bool,
) -> Markup {
    let text = |k: &str| f.get(k).and_then(Value::as_text).unwrap_or("").to_owned();
    let list = |k: &str| f.get(k).and_then(Value::as_list).map(<[String]>::to_vec).unwrap_or_default();
    let actors: Vec<Uuid> = list("actors").iter().filter_map(|s| Uuid::parse_str(s).ok()).collect();
    html! {
        tr id={ "aktivita-" (id) } {
            td {
                (text("text"))
                @if writes { " " a href={ "/site/" (slug) "/potreby/aktivita/" (id) } aria-label={ (lang.t(Msg::Edit)) ": " (text("text")) } { (lang.t(Msg::Edit)) } }
            }
            td { (stage(lang, &text("stage"))) }
            td { (list("actor_kinds").join(", ")) }
            td class="odstavce" { (text("local_practice")) }
            td {
                @if actors.is_empty() { strong class="pozor" { (lang.t(Msg::NoActorLinked)) } }
                @for (i, a) in actors.iter().enumerate() { @if i > 0 { ", " } (actor_link(model, slug, a)) }
            }
        }
    }
}

pub(super) async fn admit_write(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    network: &str,
    body: Posted,
) -> Result<(Slug, Who, Sent), Box<HttpResponse>> {
    let (slug, me) = admitted(app, req, principal, Access::NetworkWrite, &params(network))?;
    Ok((slug, me, sent(body)?))
}

/// `POST /site/{network}/potreby/formy`: adds a form of a need area.
pub async fn add_form(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    body: Posted,
) -> HttpResponse {
    let (slug, me, sent) = or_answer!(admit_write(&app, &req, &principal, &path, body).await);
    let lang = Lang::of(&req);
    let id = sent.key();
    let back = format!("/site/{slug}/potreby?ulozeno=1");
    if app.models.read().needs.get(&slug).is_some_and(|n| n.state.forms.contains_key(&id)) {
        return see_other(back);
    }
    let mut forms = Forms { form: Filled::of(sent), ..Forms::default() };
    forms.activity.sent.0.push(("klic".into(), Uuid::now_v7().to_string()));
    let Ok(area) = forms.form.sent.one("area").parse::<NeedArea>() else {
        forms.form.errors.insert("area".into(), lang.t(Msg::PickFromList).to_owned());
        return answer(&app, &req, &principal, &me, &slug, &forms, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let text = forms.form.sent.one("text").to_owned();
    let command = NeedsCommand::AddForm { network: slug.clone(), id, area, text };
    match app.needs(&slug, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(format!("{back}#oblast-{}", area.code())),
        Err(error) => {
            let status = forms.form.refused(Refusal::of(lang, error));
            answer(&app, &req, &principal, &me, &slug, &forms, status)
        }
    }
}

/// `POST /site/{network}/potreby/formy/{form}/odebrat`
pub async fn remove_form(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me, _) = or_answer!(admit_write(&app, &req, &principal, &path.0, body).await);
    let Ok(id) = Uuid::parse_str(&path.1) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    let back = format!("/site/{slug}/potreby?ulozeno=1");
    if !app.models.read().needs.get(&slug).is_some_and(|n| n.state.forms.contains_key(&id)) {
        // Removed already (sent twice).
        return see_other(back);
    }
    match app.needs(&slug, NeedsCommand::RemoveForm { id }, &meta(&principal, None, None)).await {
        Ok(_) => see_other(back),
        Err(error) => {
            let lang = Lang::of(&req);
            let mut forms = Forms::default();
            let status = forms.form.refused(Refusal::of(lang, error));
            answer(&app, &req, &principal, &me, &slug, &forms, status)
        }
    }
}

/// `POST /site/{network}/potreby/aktivity`: adds an activity.
pub async fn add_activity(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    body: Posted,
) -> HttpResponse {
    let (slug, me, sent) = or_answer!(admit_write(&app, &req, &principal, &path, body).await);
    let lang = Lang::of(&req);
    let id = sent.key();
    let back = format!("/site/{slug}/potreby?ulozeno=1#aktivita-{id}");
    if app.models.read().needs.get(&slug).is_some_and(|n| n.state.activities.contains_key(&id)) {
        return see_other(back);
    }
    let fields = activity_fields(&sent).into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect();
    let mut forms = Forms { activity: Filled::of(sent), ..Forms::default() };
    forms.form.sent.0.push(("klic".into(), Uuid::now_v7().to_string()));
    let command = NeedsCommand::AddActivity { network: slug.clone(), id, fields };
    match app.needs(&slug, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(back),
        Err(error) => {
            let status = forms.activity.refused(Refusal::of(lang, error));
            answer(&app, &req, &principal, &me, &slug, &forms, status)
        }
    }
}
