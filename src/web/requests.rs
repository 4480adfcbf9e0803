//! A case manager's "place wanted" requests as a page: a new request as a
//! form that says, as it is typed, whether the text looks like it
//! identifies a child or family (the domain's own rule, asked without
//! writing) and refuses it on sending with the same reasons in place; the
//! requests this person asked, with the offers services made — shared with
//! the request's audience in one click — and resolving a request. Writes
//! go through the board's application functions.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::controls::{Control, csrf, ticks};
use super::fields::Sent;
use super::forms::{Filled, Posted, Refusal, admitted, frame, meta, moment, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::platforms::actor_name;
use super::reasons;
use crate::app::board::PostBody;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::date;
use crate::domain::NeedArea;
use crate::domain::ids::Slug;
use crate::domain::post::PostKind;
use crate::http::support::State;

fn params(network: &str) -> Params {
    Params { network: Some(network.to_owned()), ..Params::default() }
}

/// `GET /site/{network}/poptavky`
pub async fn page(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkRead, &params(&path)));
    let form = Filled::of(Sent(vec![("klic".into(), Uuid::now_v7().to_string())]));
    answer(&app, &req, &principal, &me, &slug, &form, StatusCode::OK)
}

/// What the identifying-data rule says of a request's title and text, in
/// the person's words (nothing when it finds nothing).
fn check(lang: Lang, sent: &Sent) -> Vec<(&'static str, String)> {
    ["title", "text"]
        .into_iter()
        .filter_map(|field| {
            crate::domain::identifying::refusal(sent.one(field)).map(|r| (field, reasons::say(lang, &r)))
        })
        .collect()
}

fn answer(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    me: &Who,
    slug: &Slug,
    form: &Filled,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let model = app.models.read();
    let base = format!("/site/{slug}/poptavky");
    let mut mine: Vec<(Uuid, &crate::domain::post::PostState)> = model
        .posts
        .iter()
        .filter(|(_, p)| {
            p.state.draft.as_deref().is_some_and(|d| {
                d.kind == PostKind::PlaceWanted
                    && &d.network == slug
                    && principal.user.is_some()
                    && d.asker == principal.user
            })
        })
        .map(|(id, p)| (*id, &p.state))
        .collect();
    mine.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
    let areas: Vec<(String, String)> =
        NeedArea::ALL.iter().map(|a| (a.code().to_owned(), a.label_cs().to_owned())).collect();
    let content = html! {
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        section aria-labelledby="nova-poptavka" {
            h2 id="nova-poptavka" { (lang.t(Msg::NewRequest)) }
            p { (lang.t(Msg::NoIdentifyingData)) }
            (form.summary(lang, "poptavka-formular"))
            form method="post" action=(base) class="formular" id="poptavka-formular" data-kontrola={ (base) "/kontrola" } {
                (csrf(&me.csrf))
                input type="hidden" name="klic" value=(form.sent.one("klic"));
                (Control::new("title", lang.t(Msg::RequestTitle), &form.errors).hint(lang.t(Msg::RequestTitleHint)).input("text", &form.sent))
                (Control::new("text", lang.t(Msg::RequestText), &form.errors).hint(lang.t(Msg::RequestTextHint)).textarea(4, &form.sent))
                div id="kontrola-vysledek" aria-live="polite" {}
                (ticks("need_areas", lang.t(Msg::NeedAreas), &areas, &form.sent, None))
                (Control::new("valid_until", lang.t(Msg::ValidUntil), &form.errors).hint(lang.t(Msg::RequestValidHint)).input("date", &form.sent))
                button type="submit" { (lang.t(Msg::SendRequest)) }
            }
        }
        section aria-labelledby="moje-poptavky" {
            h2 id="moje-poptavky" { (lang.t(Msg::YourRequests)) }
            @if mine.is_empty() { p class="prazdne" { (lang.t(Msg::NoneYet)) } }
            @for (pid, state) in &mine {
                @if let Some(d) = state.draft.as_deref() {
                    article class="karta" {
                        h3 { (d.title) }
                        p class="kdy" {
                            @if let Some(note) = &state.resolved { (lang.t(Msg::RequestResolved)) @if !note.is_empty() { ": " (note) } }
                            @else if state.withdrawn.is_some() { (lang.t(Msg::Withdrawn)) }
                            @else if let Some(u) = d.valid_until { (lang.t(Msg::ValidUntil)) " " (date(u)) }
                        }
                        @if state.offers.is_empty() { p class="prazdne" { (lang.t(Msg::NoOffersYet)) } }
                        ul {
                            @for (oid, offer) in &state.offers {
                                li {
                                    strong { (actor_name(&model, &offer.actor)) } ": " (offer.text)
                                    @if offer.shared { " – " (lang.t(Msg::Shared)) }
                                    @else if state.resolved.is_none() {
                                        form method="post" action={ (base) "/" (pid) "/sdilet/" (oid) } class="vradku" {
                                            (csrf(&me.csrf))
                                            button type="submit" { (lang.t(Msg::ShareOffer)) }
                                        }
                                    }
                                }
                            }
                        }
                        @if state.resolved.is_none() && state.withdrawn.is_none() {
                            form method="post" action={ (base) "/" (pid) "/vyreseno" } class="formular" {
                                (csrf(&me.csrf))
                                div class="pole" {
                                    label for={ "poznamka-" (pid) } { (lang.t(Msg::ResolveNote)) }
                                    input id={ "poznamka-" (pid) } name="note";
                                }
                                button type="submit" { (lang.t(Msg::Resolve)) }
                            }
                        }
                    }
                }
            }
        }
    };
    drop(model);
    let follows =
        super::live::Follows { network: slug, kinds: &["place_wanted"], actors: Vec::new(), platforms: Vec::new() };
    let content = super::live::region(&follows, app.models.position(), content);
    frame(req, lang, me, lang.t(Msg::Requests), status, content)
}

/// `POST /site/{network}/poptavky/kontrola`: what the rule says of the text
/// typed so far — a fragment for the form's script; writes nothing.
pub async fn check_typed(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    body: Posted,
) -> HttpResponse {
    let _ = or_answer!(admitted(&app, &req, &principal, Access::NetworkRead, &params(&path)));
    let sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let found = check(lang, &sent);
    let fragment: Markup = html! {
        @if found.is_empty() {
            p class="ok" { (lang.t(Msg::NoIdentifyingFound)) }
        } @else {
            div class="chyby" { ul { @for (_, reason) in &found { li { (reason) } } } }
        }
    };
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(fragment.into_string())
}

/// `POST /site/{network}/poptavky`: a new request.
pub async fn create(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkRead, &params(&path)));
    let sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let id = sent.key();
    let back = format!("/site/{slug}/poptavky?ulozeno=1");
    if app.models.read().posts.contains_key(&id) {
        return see_other(back);
    }
    let mut form = Filled::of(sent.clone());
    let valid_until = match sent.one("valid_until").trim() {
        "" => None,
        text => moment(text, "23:59").or_else(|| {
            form.errors.insert("valid_until".into(), lang.t(Msg::DateFormat).to_owned());
            None
        }),
    };
    let status = if form.failed() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        let body = PostBody {
            id: Some(id),
            kind: PostKind::PlaceWanted,
            reach: None,
            platform: None,
            actor: None,
            title: sent.one("title").to_owned(),
            text: sent.one("text").to_owned(),
            need_areas: sent.all("need_areas").iter().filter_map(|c| c.parse().ok()).collect(),
            valid_until,
            event: None,
        };
        match app.publish(&principal, &slug, body, &meta(&principal, None, None)).await {
            Ok(_) => return see_other(back),
            Err(error) => form.refused(Refusal::of(lang, error)),
        }
    };
    answer(&app, &req, &principal, &me, &slug, &form, status)
}

/// `POST /site/{network}/poptavky/{post}/sdilet/{offer}` and
/// `…/{post}/vyreseno`: the asker shares an offer or resolves the request.
pub async fn act(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<Vec<String>>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkRead, &params(&path[0])));
    let sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let Some(post) = path.get(1).and_then(|p| Uuid::parse_str(p).ok()) else {
        return super::session::refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let m = meta(&principal, None, None);
    let result = match path.get(2).and_then(|o| Uuid::parse_str(o).ok()) {
        Some(offer) => app.share_offer(&principal, post, offer, &m).await,
        None => app.resolve(&principal, post, sent.one("note").to_owned(), &m).await,
    };
    match result {
        Ok(_) => see_other(format!("/site/{slug}/poptavky?ulozeno=1")),
        Err(error) => {
            let mut form = Filled::of(Sent(vec![("klic".into(), Uuid::now_v7().to_string())]));
            let status = form.refused(Refusal::of(lang, error));
            answer(&app, &req, &principal, &me, &slug, &form, status)
        }
    }
}
