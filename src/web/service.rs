//! A service's own page (the `actor` role's home): announcing free
//! capacity is the first thing on it — per registered unit, free now,
//! occupied, waiting, valid until, with the registered maximum and the
//! last announcement beside it — so it takes two actions from signing in.
//! Then its announcements of the last week, links to keep its entry and
//! contact persons, a post for the board (event, project, news), the
//! "place wanted" requests it may answer with an offer, and its offers'
//! state. Every write goes through the board's application functions, the
//! same the API and the socket use.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;
use maud::html;
use uuid::Uuid;

use super::controls::{Control, csrf};
use super::forms::{Filled, Posted, Refusal, admitted, frame, meta, moment, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::session::refused;
use crate::app::board::{CapacityPost, OfferBody, PostBody, open_requests};
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::{date, date_time, free, number, unit_name};
use crate::domain::ids::Slug;
use crate::domain::post::{EventDetails, PostKind};
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::views;

fn params(path: &(String, String)) -> Params {
    Params { network: Some(path.0.clone()), actor: Some(path.1.clone()), ..Params::default() }
}

/// The forms of the page as shown (`unit`: the capacity form that failed).
#[derive(Default)]
struct Forms {
    capacity: Option<(String, Filled)>,
    post: Filled,
    offer: Option<(Uuid, Filled)>,
}

/// `GET /site/{network}/sluzba/{actor}`
pub async fn page(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::ActorWrite, &params(&path)));
    let Ok(actor) = Uuid::parse_str(&path.1) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    let mut forms = Forms::default();
    forms.post.sent.0.push(("klic".into(), Uuid::now_v7().to_string()));
    answer(&app, &req, &principal, &me, &slug, actor, &forms, StatusCode::OK).await
}

#[allow(clippy::too_many_arguments)]
async fn answer(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    me: &Who,
    slug: &Slug,
    actor: Uuid,
    forms: &Forms,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let now = app.now();
    let series = crate::http::routes::capacity::announcements(app, actor, 500).await.unwrap_or_default();
    let model = app.models.read();
    let Some(view) = views::actor(&model, &actor, now).filter(|v| v.network.as_ref() == Some(slug)) else {
        drop(model);
        return refused(req, Some(me), StatusCode::NOT_FOUND);
    };
    let name = view.fields.get("name").and_then(Value::as_text).unwrap_or("").to_owned();
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let base = format!("/site/{slug}/sluzba/{actor}");
    let week: Vec<_> = series.iter().filter(|a| a.announced_at > now - Duration::days(7)).collect();
    let requests = open_requests(&model, principal, slug, now);
    let mine: Vec<(Uuid, String, &crate::domain::post::Offer, bool)> = model
        .posts
        .iter()
        .flat_map(|(pid, p)| {
            let title = p.state.draft.as_ref().map(|d| d.title.clone()).unwrap_or_default();
            let resolved = p.state.resolved.is_some();
            p.state.offers.values().filter(|o| o.actor == actor).map(move |o| (*pid, title.clone(), o, resolved))
        })
        .collect();
    let announcable: Vec<&views::CapacityView> = view.capacity.iter().filter(|c| c.max.is_some()).collect();
    let kinds = [("news", Msg::KindNews), ("event", Msg::KindEvent), ("project", Msg::KindProject)]
        .iter()
        .map(|(code, msg)| ((*code).to_owned(), lang.t(*msg).to_owned()))
        .collect::<Vec<_>>();
    let content = html! {
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        section aria-labelledby="oznamit" {
            h2 id="oznamit" { (lang.t(Msg::AnnounceCapacity)) }
            @if announcable.is_empty() { p class="prazdne" { (lang.t(Msg::NoRegisteredCapacity)) } }
            @else {
                p class="napoveda" {
                    @if view.fields.get("capacity_public").and_then(Value::as_flag) == Some(true) { (lang.t(Msg::CapacityShownToPublic)) }
                    @else { (lang.t(Msg::CapacityNotShownToPublic)) }
                    " " a href={ "/site/" (slug) "/akter/" (actor) "/upravit#" (super::fields::anchor("capacity_public")) } { (lang.t(Msg::ChangeInEntry)) }
                }
            }
            div class="prehled" {
                @for c in &announcable {
                    @let failed = forms.capacity.as_ref().filter(|(u, _)| *u == c.unit).map(|(_, f)| f);
                    @let empty = Filled::default();
                    @let f = failed.unwrap_or(&empty);
                    @let id = |field: &str| format!("{}-{field}", c.unit);
                    form method="post" action={ (base) "/kapacita" } class="karta formular" id={ "kapacita-" (c.unit) } {
                        h3 { (unit_name(&c.unit)) " " span class="pocet" { "(" (lang.t(Msg::AtMost).to_lowercase()) " " (number(i64::from(c.max.unwrap_or(0)))) ")" } }
                        p class="kdy" {
                            @match (c.free, c.announced_at) {
                                (Some(n), Some(at)) => { (lang.t(Msg::LastAnnounced)) " " (date_time(at)) ": " (free(n, &c.unit)) @if c.stale { " – " (lang.t(Msg::NoLongerValid)) } }
                                _ => { (lang.t(Msg::NotAnnounced)) }
                            }
                        }
                        (csrf(&me.csrf))
                        input type="hidden" name="unit" value=(c.unit);
                        (f.summary(lang, &format!("kapacita-{}", c.unit)))
                        @for (field, label, hint) in [("free", Msg::FreeNow, true), ("occupied", Msg::Occupied, false), ("waiting", Msg::Waiting, false)] {
                            div class={ "pole" @if f.errors.contains_key(field) { " s-chybou" } } {
                                label for=(id(field)) { (lang.t(label)) }
                                @if hint { p class="napoveda" { (lang.t(Msg::FreeNowHint)) } }
                                @if let Some(e) = f.errors.get(field) { p class="chyba-pole" { (e) } }
                                input id=(id(field)) name=(field) type="number" min="0" inputmode="numeric" value=(f.sent.one(field)) required[field == "free"];
                            }
                        }
                        div class={ "pole" @if f.errors.contains_key("valid_until") { " s-chybou" } } {
                            label for=(id("valid_until")) { (lang.t(Msg::ValidUntil)) }
                            p class="napoveda" { (lang.t(Msg::ValidUntilHint)) }
                            @if let Some(e) = f.errors.get("valid_until") { p class="chyba-pole" { (e) } }
                            input id=(id("valid_until")) name="valid_until" type="date" value=(f.sent.one("valid_until"));
                        }
                        button type="submit" { (lang.t(Msg::Announce)) }
                    }
                }
            }
        }
        section aria-labelledby="tyden" {
            h2 id="tyden" { (lang.t(Msg::LastWeek)) }
            @if week.is_empty() { p class="prazdne" { (lang.t(Msg::NoneYet)) } }
            ul {
                @for a in &week {
                    li {
                        (date_time(a.announced_at)) ": " (free(a.capacity.free, &a.capacity.unit))
                        @if let Some(o) = a.capacity.occupied { ", " (lang.t(Msg::Occupied).to_lowercase()) " " (number(i64::from(o))) }
                        @if let Some(w) = a.capacity.waiting { ", " (lang.t(Msg::Waiting).to_lowercase()) " " (number(i64::from(w))) }
                        @if let Some(u) = a.capacity.valid_until { ", " (lang.t(Msg::ValidUntil).to_lowercase()) " " (date(u)) }
                    }
                }
            }
        }
        p class="akce" {
            a href={ "/site/" (slug) "/akter/" (actor) "/upravit" } { (lang.t(Msg::EditOwnEntry)) } " · "
            a href={ "/site/" (slug) "/akter/" (actor) "/kontakty" } { (lang.t(Msg::ManageContacts)) } " · "
            a href={ "/site/" (slug) "/akter/" (actor) } { (lang.t(Msg::OwnPage)) }
        }
        section aria-labelledby="hleda-se" {
            h2 id="hleda-se" { (lang.t(Msg::PlaceWanted)) }
            @if requests.is_empty() { p class="prazdne" { (lang.t(Msg::NoPlaceWanted)) } }
            @for (pid, state) in &requests {
                @if let Some(d) = state.draft.as_deref() {
                    article class="karta" {
                        h3 { (d.title) }
                        @if !d.text.is_empty() { p class="odstavce" { (d.text) } }
                        @if !d.need_areas.is_empty() { p class="kdy" { (d.need_areas.iter().map(|a| a.label_cs()).collect::<Vec<_>>().join(", ")) } }
                        @if state.offers.values().any(|o| o.actor == actor) {
                            p { strong { (lang.t(Msg::OfferSent)) } }
                        } @else {
                            @let failed = forms.offer.as_ref().filter(|(p, _)| p == pid).map(|(_, f)| f);
                            @let empty = Filled::default();
                            @let f = failed.unwrap_or(&empty);
                            form method="post" action={ (base) "/nabidka/" (pid) } class="formular" {
                                (csrf(&me.csrf))
                                (f.summary(lang, &format!("nabidka-{pid}")))
                                div class={ "pole" @if f.errors.contains_key("text") { " s-chybou" } } {
                                    label for={ "nabidka-" (pid) } { (lang.t(Msg::OfferText)) }
                                    @if let Some(e) = f.errors.get("text") { p class="chyba-pole" { (e) } }
                                    textarea id={ "nabidka-" (pid) } name="text" rows="2" { (f.sent.one("text")) }
                                }
                                button type="submit" { (lang.t(Msg::MakeOffer)) }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="nabidky" {
            h2 id="nabidky" { (lang.t(Msg::YourOffers)) }
            @if mine.is_empty() { p class="prazdne" { (lang.t(Msg::NoneYet)) } }
            ul {
                @for (_, title, offer, resolved) in &mine {
                    li {
                        strong { (title) } ": " (offer.text) " – "
                        @if *resolved { (lang.t(Msg::RequestResolved)) }
                        @else if offer.shared { (lang.t(Msg::OfferShared)) }
                        @else { (lang.t(Msg::OfferWaiting)) }
                    }
                }
            }
        }
        section aria-labelledby="zverejnit" {
            h2 id="zverejnit" { (lang.t(Msg::PostOnBoard)) }
            (forms.post.summary(lang, "prispevek-formular"))
            form method="post" action={ (base) "/prispevek" } class="formular" id="prispevek-formular" {
                (csrf(&me.csrf))
                input type="hidden" name="klic" value=(forms.post.sent.one("klic"));
                (Control::new("kind", lang.t(Msg::PostKindLabel), &forms.post.errors).select(&kinds, &forms.post.sent))
                (Control::new("title", lang.t(Msg::PostTitle), &forms.post.errors).input("text", &forms.post.sent))
                (Control::new("text", lang.t(Msg::PostText), &forms.post.errors).textarea(3, &forms.post.sent))
                (Control::new("starts", lang.t(Msg::EventStarts), &forms.post.errors).hint(lang.t(Msg::EventOnly)).input("date", &forms.post.sent))
                (Control::new("place", lang.t(Msg::Place), &forms.post.errors).hint(lang.t(Msg::EventOnly)).input("text", &forms.post.sent))
                button type="submit" { (lang.t(Msg::Publish)) }
            }
        }
        p class="akce" { a href={ "/site/" (slug) "/postupy" } { (lang.t(Msg::ProceduresMenu)) } }
    };
    drop(model);
    let follows =
        super::live::Follows { network: slug, kinds: &["place_wanted"], actors: Vec::new(), platforms: Vec::new() };
    let content = super::live::region(&follows, app.models.position(), content);
    frame(req, lang, me, &name, status, content)
}

/// A count as typed (empty: not said).
fn count(text: &str) -> Result<Option<u32>, ()> {
    let text = text.trim();
    if text.is_empty() { Ok(None) } else { text.parse().map(Some).map_err(|_| ()) }
}

/// `POST /site/{network}/sluzba/{actor}/kapacita`
pub async fn announce(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::ActorWrite, &params(&path)));
    let sent = or_answer!(sent(body));
    let Ok(actor) = Uuid::parse_str(&path.1) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    let lang = Lang::of(&req);
    let unit = sent.one("unit").to_owned();
    let mut form = Filled::of(sent.clone());
    let mut number_of = |field: &str| match count(sent.one(field)) {
        Ok(n) => n,
        Err(()) => {
            form.errors.insert(field.into(), lang.t(Msg::WholeNumber).to_owned());
            None
        }
    };
    let (free_now, occupied, waiting) = (number_of("free"), number_of("occupied"), number_of("waiting"));
    if free_now.is_none() && !form.errors.contains_key("free") {
        form.errors.insert("free".into(), lang.t(Msg::FreeNowMissing).to_owned());
    }
    let valid_until = match sent.one("valid_until").trim() {
        "" => None,
        text => match moment(text, "23:59") {
            Some(at) => Some(at),
            None => {
                form.errors.insert("valid_until".into(), lang.t(Msg::DateFormat).to_owned());
                None
            }
        },
    };
    let back = format!("/site/{slug}/sluzba/{actor}");
    let status = if form.failed() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        let body = CapacityPost {
            unit: unit.clone(),
            free: free_now.unwrap_or(0),
            occupied,
            waiting,
            valid_until,
            note: String::new(),
        };
        match app.board_capacity(&principal, &slug, actor, body, &meta(&principal, None, None)).await {
            Ok(_) => return see_other(format!("{back}?ulozeno=1")),
            Err(error) => form.refused(Refusal::of(lang, error)),
        }
    };
    let forms = Forms { capacity: Some((unit, form)), ..Forms::default() };
    answer(&app, &req, &principal, &me, &slug, actor, &forms, status).await
}

/// `POST /site/{network}/sluzba/{actor}/prispevek`: an event, a project or
/// news on the board, for the service.
pub async fn publish(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::ActorWrite, &params(&path)));
    let sent = or_answer!(sent(body));
    let Ok(actor) = Uuid::parse_str(&path.1) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    let lang = Lang::of(&req);
    let id = sent.key();
    let back = format!("/site/{slug}/sluzba/{actor}?ulozeno=1");
    if app.models.read().posts.contains_key(&id) {
        return see_other(back);
    }
    let mut form = Filled::of(sent.clone());
    let kind = match sent.one("kind") {
        "event" => PostKind::Event,
        "project" => PostKind::Project,
        _ => PostKind::News,
    };
    let event = if kind == PostKind::Event {
        match moment(sent.one("starts"), "") {
            Some(starts_at) => {
                Some(EventDetails { starts_at, place: sent.one("place").to_owned(), ..EventDetails::default() })
            }
            None => {
                form.errors.insert("starts".into(), lang.t(Msg::DateFormat).to_owned());
                None
            }
        }
    } else {
        None
    };
    let status = if form.failed() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        let body = PostBody {
            id: Some(id),
            kind,
            reach: None,
            platform: None,
            actor: Some(actor),
            title: sent.one("title").to_owned(),
            text: sent.one("text").to_owned(),
            need_areas: Vec::new(),
            valid_until: None,
            event,
        };
        match app.publish(&principal, &slug, body, &meta(&principal, None, None)).await {
            Ok(_) => return see_other(back),
            Err(error) => form.refused(Refusal::of(lang, error)),
        }
    };
    let forms = Forms { post: form, ..Forms::default() };
    answer(&app, &req, &principal, &me, &slug, actor, &forms, status).await
}

/// `POST /site/{network}/sluzba/{actor}/nabidka/{post}`: an offer on a
/// "place wanted" request.
pub async fn offer(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String, String)>,
    body: Posted,
) -> HttpResponse {
    let actor_path = (path.0.clone(), path.1.clone());
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::ActorWrite, &params(&actor_path)));
    let sent = or_answer!(sent(body));
    let (Ok(actor), Ok(post)) = (Uuid::parse_str(&path.1), Uuid::parse_str(&path.2)) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let lang = Lang::of(&req);
    let back = format!("/site/{slug}/sluzba/{actor}?ulozeno=1#hleda-se");
    let already = app.models.read().posts.get(&post).is_some_and(|p| p.state.offers.values().any(|o| o.actor == actor));
    if already {
        return see_other(back);
    }
    let body = OfferBody { id: None, actor: Some(actor), text: sent.one("text").to_owned(), hold_until: None };
    let mut form = Filled::of(sent);
    let status = match app.offer(&principal, post, body, &meta(&principal, None, None)).await {
        Ok(_) => return see_other(back),
        Err(error) => form.refused(Refusal::of(lang, error)),
    };
    let forms = Forms { offer: Some((post, form)), ..Forms::default() };
    answer(&app, &req, &principal, &me, &slug, actor, &forms, status).await
}

/// Where an actor account's `/` leads: its service's page, when it keeps
/// exactly one.
pub fn home_of(principal: &Principal) -> Option<String> {
    let mut own = principal.grants.iter().filter_map(|g| match g {
        crate::domain::user::Grant::Actor { network, actor } => Some(format!("/site/{network}/sluzba/{actor}")),
        _ => None,
    });
    let first = own.next()?;
    own.next().is_none().then_some(first)
}
