//! `/` and the network's overview: a visitor gets "Kam se obrátit", a
//! coordinator lands on their network's overview — what changed in the
//! last 14 days, free capacity now, stale announcements, the records due
//! for the yearly review, open "place wanted" requests — each item a link.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;
use maud::{Markup, html};

use super::forms::or_answer;
use super::i18n::{Lang, Msg};
use super::layout::Page;
use super::session::{admit, here, who};
use crate::audit::changeset::{ChangeSet, Period};
use crate::audit::timeline::Clock;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::{date, date_time, free};
use crate::domain::actor::Status;
use crate::domain::ids::Slug;
use crate::domain::platform::{MeetingState, OutcomeKind, TaskStatus};
use crate::domain::post::PostKind;
use crate::http::support::State;
use crate::projections::{Model, views};

/// `GET /`: "Kam se obrátit" for a visitor (with a link to sign in); a
/// coordinator's network overview; for anyone else, their networks.
pub async fn root(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let lang = Lang::of(&req);
    let path = here(&req);
    let Some(me) = who(&app, &principal) else {
        let page = Page { lang, title: lang.t(Msg::WhereToTurn), who: None, path: &path };
        return page.answer(StatusCode::OK, super::public::content(&app, &req, lang));
    };
    if let Some(home) = super::roles::home_of(&principal) {
        return HttpResponse::SeeOther().insert_header((actix_web::http::header::LOCATION, home)).finish();
    }
    if let Some(home) = super::service::home_of(&principal).filter(|_| me.coordinates.is_empty()) {
        return HttpResponse::SeeOther().insert_header((actix_web::http::header::LOCATION, home)).finish();
    }
    if let Some(network) = me.coordinates.first() {
        return HttpResponse::SeeOther()
            .insert_header((actix_web::http::header::LOCATION, format!("/site/{network}")))
            .finish();
    }
    let networks: BTreeSet<String> =
        principal.grants.iter().filter_map(|g| g.network().map(ToString::to_string)).collect();
    let content = html! {
        h2 { (lang.t(Msg::YourNetworks)) }
        @if networks.is_empty() {
            p { (lang.t(Msg::NoRoleYet)) }
        } @else {
            ul { @for n in &networks { li { (n) } } }
            p { a href="/board" { (lang.t(Msg::Board)) } }
        }
    };
    Page { lang, title: lang.t(Msg::Home), who: Some(&me), path: &path }.answer(StatusCode::OK, content)
}

/// `GET /site/{network}`: the coordinator's overview of the network.
pub async fn network(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let me = who(&app, &principal);
    let params = Params { network: Some(path.clone()), ..Params::default() };
    let slug = or_answer!(admit(&app, &req, &principal, Access::NetworkCoordination, &params, me.as_ref()));
    let lang = Lang::of(&req);
    let now = app.now();
    // From the start of the day 14 days ago: the same instant all day, so
    // the model at that end is folded once and then kept.
    let from = (now - Duration::days(14)).date_naive().and_hms_opt(0, 0, 0).map_or(now, |t| t.and_utc());
    let recent = recent_card(&app, lang, &slug, from, now).await;
    let name = app.models.read().networks.get(&slug).map_or_else(|| slug.to_string(), |n| n.state.name.clone());
    let content = {
        let model = app.models.read();
        let follows = super::live::Follows {
            network: &slug,
            kinds: &["capacity", "place_wanted", "meeting_outcome"],
            actors: Vec::new(),
            platforms: Vec::new(),
        };
        super::live::region(
            &follows,
            app.models.position(),
            html! {
                div class="prehled" {
                    (free_now(lang, &model, &slug, now))
                    (due(lang, &model, &slug, now))
                    (stale(lang, &model, &slug, now))
                    (meetings(lang, &model, &slug, now))
                    (tasks(lang, &model, &slug, now))
                    (recent)
                    (place_wanted(lang, &model, &slug, now))
                }
            },
        )
    };
    let content = html! {
        (content)
        p class="akce" {
            a href={ "/api/v1/networks/" (slug) "/report/page" } { (lang.t(Msg::YearlyReport)) }
            " · " a href={ "/site/" (slug) "/revize" } { (lang.t(Msg::ReviewMenu)) }
            " · " a href={ "/site/" (slug) "/zmeny" } { (lang.t(Msg::ChangesMenu)) }
            @if me.as_ref().is_some_and(|m| m.coordinates.contains(&slug)) {
                " · " a href={ "/site/" (slug) "/import" } { (lang.t(Msg::ImportTitle)) }
            }
        }
    };
    let title = format!("{} – {name}", lang.t(Msg::NetworkHome));
    let path = here(&req);
    Page { lang, title: &title, who: me.as_ref(), path: &path }.answer(StatusCode::OK, content)
}

/// The link to an actor's page.
fn actor_link(slug: &Slug, id: &uuid::Uuid, name: &str) -> Markup {
    html! { a href={ "/site/" (slug) "/akter/" (id) } { (name) } }
}

/// The active actors of `slug`, each with its view at `now`.
fn active(model: &Model, slug: &Slug, now: chrono::DateTime<chrono::Utc>) -> Vec<views::ActorView> {
    let mut out: Vec<views::ActorView> = model
        .actors_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter_map(|id| views::actor(model, id, now))
        .filter(|v| v.status == Status::Active)
        .collect();
    out.sort_by_cached_key(|v| crate::projections::czech::sort_key(&name_of(v)));
    out
}

fn name_of(view: &views::ActorView) -> String {
    view.fields.get("name").and_then(|v| v.as_text()).unwrap_or_default().to_owned()
}

fn section(id: &str, title: &str, empty: &str, items: Vec<Markup>) -> Markup {
    html! {
        section class="karta" aria-labelledby=(id) {
            h2 id=(id) { (title) " " span class="pocet" { "(" (items.len()) ")" } }
            @if items.is_empty() { p class="prazdne" { (empty) } }
            @else { ul { @for item in items { li { (item) } } } }
        }
    }
}

fn free_now(lang: Lang, model: &Model, slug: &Slug, now: chrono::DateTime<chrono::Utc>) -> Markup {
    let items = active(model, slug, now)
        .iter()
        .flat_map(|v| {
            v.capacity.iter().filter(|c| !c.stale && c.free.unwrap_or(0) > 0).map(move |c| {
                html! {
                    (actor_link(slug, &v.id, &name_of(v))) ": "
                    strong { (free(c.free.unwrap_or(0), &c.unit)) }
                    @if let Some(at) = c.announced_at { " " span class="kdy" { "(" (lang.t(Msg::AnnouncedOn)) " " (date(at)) ")" } }
                }
            })
        })
        .collect();
    section("volna-kapacita", lang.t(Msg::FreeCapacityNow), lang.t(Msg::NoFreeCapacity), items)
}

fn stale(lang: Lang, model: &Model, slug: &Slug, now: chrono::DateTime<chrono::Utc>) -> Markup {
    let items = active(model, slug, now)
        .iter()
        .flat_map(|v| {
            v.capacity.iter().filter(|c| c.stale && c.announced_at.is_some()).map(move |c| {
                html! {
                    (actor_link(slug, &v.id, &name_of(v))) " "
                    span class="kdy" { (lang.t(Msg::AnnouncedOn)) " " (date(c.announced_at.unwrap_or(now))) }
                }
            })
        })
        .collect();
    section("zastarala-hlaseni", lang.t(Msg::StaleCapacity), lang.t(Msg::NoneStale), items)
}

fn due(lang: Lang, model: &Model, slug: &Slug, now: chrono::DateTime<chrono::Utc>) -> Markup {
    let revision = crate::audit::revision::due(model, slug, now, 12);
    let items = revision
        .actors
        .iter()
        .map(|d| {
            html! {
                (actor_link(slug, &d.id, &d.name)) " "
                span class="kdy" {
                    @match d.reviewed_at {
                        Some(at) => { (lang.t(Msg::LastReviewed)) " " (date(at)) }
                        None => { (lang.t(Msg::NeverReviewed)) }
                    }
                }
            }
        })
        .collect();
    section("k-revizi", lang.t(Msg::DueForReview), lang.t(Msg::NothingDue), items)
}

/// The card of the last 14 days' changes: the change set of the period,
/// rendered once per model state (reading a period folds the log; the
/// overview is read far more often than the network is written).
async fn recent_card(
    app: &State,
    lang: Lang,
    slug: &Slug,
    from: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Markup {
    let stamp = {
        let model = app.models.read();
        (model.position, model.generation)
    };
    let key = format!("page:recent:{slug}:{}:{}", lang.code(), from.timestamp());
    if let Some(bytes) = app.models.answers.get(&key, stamp, now) {
        return maud::PreEscaped(String::from_utf8_lossy(&bytes).into_owned());
    }
    let period = Period { clock: Clock::Effective, from, to: now };
    let networks = BTreeSet::from([slug.as_str().to_owned()]);
    let changes = crate::http::routes::changes::read_span(app, period, networks).await.ok().map(|s| s.network(slug));
    let card = recent(lang, changes.as_ref());
    if changes.is_some() {
        app.models.answers.put(key, stamp, None, bytes::Bytes::from(card.clone().into_string()));
    }
    card
}

fn recent(lang: Lang, changes: Option<&ChangeSet>) -> Markup {
    let mut items = Vec::new();
    if let Some(set) = changes {
        let slug = &set.network;
        let marks =
            [(&set.actors.added, Msg::Added), (&set.actors.ended, Msg::Ended), (&set.actors.reviewed, Msg::Reviewed)];
        for (list, what) in marks {
            for m in list {
                items.push(html! {
                    (actor_link(slug, &m.id, &m.name)) " – " (lang.t(what)) " " span class="kdy" { (date(m.effective_at)) }
                });
            }
        }
        for actor in &set.actors.changed {
            let last = actor.changes.iter().map(|c| c.effective_at).max();
            items.push(html! {
                (actor_link(slug, &actor.id, &actor.name)) " – " (lang.t(Msg::Changed))
                @if let Some(at) = last { " " span class="kdy" { (date(at)) } }
            });
        }
    }
    section("zmeny", lang.t(Msg::RecentChanges), lang.t(Msg::NoRecentChanges), items)
}

fn place_wanted(lang: Lang, model: &Model, slug: &Slug, now: chrono::DateTime<chrono::Utc>) -> Markup {
    let mut open: Vec<(&String, chrono::DateTime<chrono::Utc>)> = model
        .posts
        .values()
        .filter(|p| p.state.withdrawn.is_none() && p.state.resolved.is_none())
        .filter_map(|p| {
            let draft = p.state.draft.as_ref()?;
            let until = draft.valid_until.unwrap_or(now);
            (draft.kind == PostKind::PlaceWanted && &draft.network == slug && until > now)
                .then_some((&draft.title, p.updated_at.unwrap_or(now)))
        })
        .collect();
    open.sort_by_key(|(_, at)| std::cmp::Reverse(*at));
    let items = open
        .into_iter()
        .map(|(title, at)| html! { a href="/board" { (title) } " " span class="kdy" { (date(at)) } })
        .collect();
    section("hleda-se-misto", lang.t(Msg::PlaceWanted), lang.t(Msg::NoPlaceWanted), items)
}

/// The network's live platforms, in Czech name order.
fn platforms(model: &Model, slug: &Slug, now: chrono::DateTime<chrono::Utc>) -> Vec<views::PlatformView> {
    let mut out: Vec<views::PlatformView> = model
        .platforms_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter_map(|id| views::platform(model, id, now))
        .filter(|p| p.ended_at.is_none())
        .collect();
    out.sort_by_cached_key(|p| crate::projections::czech::sort_key(&platform_name(p)));
    out
}

fn platform_name(view: &views::PlatformView) -> String {
    view.fields.get("name").and_then(|v| v.as_text()).unwrap_or_default().to_owned()
}

/// Upcoming meetings, planned meetings past their date and not recorded,
/// and platforms meeting less often than planned.
fn meetings(lang: Lang, model: &Model, slug: &Slug, now: chrono::DateTime<chrono::Utc>) -> Markup {
    let mut items = Vec::new();
    for p in platforms(model, slug, now) {
        let base = format!("/site/{slug}/platforma/{}", p.id);
        let name = platform_name(&p);
        let planned = p.meetings.iter().filter(|m| matches!(m.meeting.state, MeetingState::Scheduled));
        let mut planned: Vec<_> = planned.collect();
        planned.sort_by_key(|m| m.meeting.date);
        for m in planned {
            let late = m.meeting.date < now;
            items.push(html! {
                a href={ (base) "/schuzka/" (m.id) } { (name) } " – " (date_time(m.meeting.date))
                @if late { " " strong class="pozor" { (lang.t(Msg::Overdue)) ", " (lang.t(Msg::NotRecorded)) } }
            });
        }
        if p.attendance.on_track == Some(false) {
            items.push(html! {
                a href=(base) { (name) } " – " strong class="pozor" { (lang.t(Msg::BehindPlan)) } " "
                span class="kdy" { (super::platforms::attendance(lang, &p.attendance)) }
            });
        }
    }
    section("setkani", lang.t(Msg::Meetings), lang.t(Msg::NoMeetings), items)
}

/// Open tasks of every platform, soonest due first, overdue marked.
fn tasks(lang: Lang, model: &Model, slug: &Slug, now: chrono::DateTime<chrono::Utc>) -> Markup {
    let mut open = Vec::new();
    for p in platforms(model, slug, now) {
        for m in &p.meetings {
            for o in m
                .outcomes
                .iter()
                .filter(|o| o.outcome.kind == OutcomeKind::Task && o.outcome.status == TaskStatus::Open)
            {
                open.push((o.outcome.due, format!("/site/{slug}/platforma/{}/schuzka/{}", p.id, m.id), o.clone()));
            }
        }
    }
    open.sort_by_key(|(due, _, _)| (due.is_none(), *due));
    let items = open
        .into_iter()
        .map(|(due, link, o)| {
            html! {
                a href=(link) { (o.outcome.text) }
                @if let Some(owner) = o.outcome.owner { " – " (super::platforms::actor_name(model, &owner)) }
                @if let Some(due) = due { " " span class="kdy" { (lang.t(Msg::Due)) " " (date(due)) } }
                @if o.overdue { " " strong class="pozor" { (lang.t(Msg::Overdue)) } }
            }
        })
        .collect();
    section("ukoly", lang.t(Msg::OpenTasks), lang.t(Msg::NoOpenTasks), items)
}

/// `GET /kam-se-obratit`: where to turn, for anyone, signed in or not.
pub async fn where_to_turn(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let lang = Lang::of(&req);
    let path = here(&req);
    let me = who(&app, &principal);
    let page = Page { lang, title: lang.t(Msg::WhereToTurn), who: me.as_ref(), path: &path };
    page.answer(StatusCode::OK, super::public::content(&app, &req, lang))
}
