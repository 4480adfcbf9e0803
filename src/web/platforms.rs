//! The network's platforms as pages: the list (type, members, meetings
//! held against the planned frequency, the last and the next meeting) and
//! a platform's page (composition as links to the actors, coordinators,
//! topics, goals, evaluations, outputs; its meetings with their decisions
//! and tasks). Coordinators plan a meeting, call one off and move a task on
//! in place; recording a held meeting is the meeting's page
//! (`meeting.rs`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use uuid::Uuid;

use super::controls::{Control, csrf};
use super::forms::{Filled, admitted, frame, may, or_answer};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::{date, date_time, number};
use crate::domain::NeedArea;
use crate::domain::ids::Slug;
use crate::domain::platform::{MeetingState, OutcomeKind, TaskStatus};
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::{Model, views};

/// An actor's name, by id.
pub fn actor_name(model: &Model, id: &Uuid) -> String {
    model.actors.get(id).map_or_else(|| id.to_string(), |a| a.entry.state.name().to_owned())
}

/// A link to actor `id`'s page.
pub fn actor_link(model: &Model, slug: &Slug, id: &Uuid) -> Markup {
    html! { a href={ "/site/" (slug) "/akter/" (id) } { (actor_name(model, id)) } }
}

fn platform_type(code: &str) -> String {
    crate::czech::code_name("platform_type", code).unwrap_or(code).to_owned()
}

/// The name of a task's status.
pub fn task_status_name(lang: Lang, status: TaskStatus) -> &'static str {
    lang.t(match status {
        TaskStatus::Open => Msg::TaskOpen,
        TaskStatus::Done => Msg::TaskDone,
        TaskStatus::Dropped => Msg::TaskDropped,
    })
}

/// "2 další osoby": people present for no actor.
pub fn others_text(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Cs => crate::czech::count(i64::from(n), ["další osoba", "další osoby", "dalších osob"]),
        Lang::En => format!("{} {}", number(i64::from(n)), lang.t(Msg::OthersCount)),
    }
}

/// The status of a meeting, said.
pub fn meeting_state(lang: Lang, state: &MeetingState) -> String {
    match state {
        MeetingState::Scheduled => lang.t(Msg::MeetingScheduled).to_owned(),
        MeetingState::Held { .. } => lang.t(Msg::MeetingHeld).to_owned(),
        MeetingState::Cancelled { reason } if reason.is_empty() => lang.t(Msg::MeetingCancelled).to_owned(),
        MeetingState::Cancelled { reason } => format!("{}: {reason}", lang.t(Msg::MeetingCancelled)),
    }
}

pub(super) fn network_params(network: &str) -> Params {
    Params { network: Some(network.to_owned()), ..Params::default() }
}

/// The platform `id` of `slug` as `principal` may see it (evaluations,
/// minutes and outcomes by the access module's rules).
pub fn platform_view(app: &State, principal: &Principal, slug: &Slug, id: &str) -> Option<views::PlatformView> {
    let id = Uuid::parse_str(id).ok()?;
    let model = app.models.read();
    let mut view = views::platform(&model, &id, app.now()).filter(|p| p.network.as_ref() == Some(slug))?;
    crate::auth::redact::platform(&mut view, principal, slug, &model);
    Some(view)
}

/// The last held and the next scheduled meeting of a platform.
fn last_and_next(view: &views::PlatformView, now: DateTime<Utc>) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let last = view
        .meetings
        .iter()
        .filter(|m| matches!(m.meeting.state, MeetingState::Held { .. }))
        .map(|m| m.meeting.date)
        .max();
    let next = view
        .meetings
        .iter()
        .filter(|m| matches!(m.meeting.state, MeetingState::Scheduled) && m.meeting.date >= now)
        .map(|m| m.meeting.date)
        .min();
    (last, next)
}

/// `GET /site/{network}/platformy`
pub async fn list(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkPlanning, &network_params(&path)));
    let lang = Lang::of(&req);
    let asof = super::asof::AsOf::of(&req, lang);
    let base = format!("/site/{slug}/platformy");
    let at = match asof.model(&app).await {
        Ok(at) => at,
        Err(detail) => return super::asof::unavailable(&req, lang, &me, &base, &asof, &detail),
    };
    let now = at.now;
    let model: &Model = &at.model;
    let mut rows: Vec<views::PlatformView> = model
        .platforms_by_network
        .get(&slug)
        .into_iter()
        .flatten()
        .filter_map(|id| views::platform(model, id, now))
        .collect();
    let name = |v: &views::PlatformView| v.fields.get("name").and_then(Value::as_text).unwrap_or("").to_owned();
    rows.sort_by_cached_key(|v| crate::projections::czech::sort_key(&name(v)));
    let content = html! {
        (super::asof::banner(lang, &asof, at.as_of.map(|(_, d)| d), &base))
        @if rows.is_empty() {
            p class="prazdne" { (lang.t(Msg::NoPlatforms)) }
        } @else {
            // A card per platform on a narrow screen (`.karty`, as the directory).
            table class="karty" role="table" {
                thead role="rowgroup" { tr role="row" {
                    th scope="col" role="columnheader" { (lang.t(Msg::Name)) }
                    th scope="col" role="columnheader" { (lang.t(Msg::PlatformType)) }
                    th scope="col" role="columnheader" { (lang.t(Msg::MembersCount)) }
                    th scope="col" role="columnheader" { (lang.t(Msg::HeldVsPlanned)) }
                    th scope="col" role="columnheader" { (lang.t(Msg::LastMeetingColumn)) }
                    th scope="col" role="columnheader" { (lang.t(Msg::NextMeeting)) }
                } }
                tbody role="rowgroup" {
                    @for v in &rows {
                        @let (last, next) = last_and_next(v, now);
                        @let people = ["coordinators", "members"].iter().map(|f| v.fields.get(*f).and_then(Value::as_list).map_or(0, <[String]>::len)).sum::<usize>();
                        tr role="row" class=[v.ended_at.map(|_| "ukonceno")] {
                            td role="cell" {
                                a href={ "/site/" (slug) "/platforma/" (v.id) } { (name(v)) }
                                @if v.ended_at.is_some() { " (" (lang.t(Msg::PlatformEnded)) ")" }
                            }
                            td role="cell" data-sloupec=(lang.t(Msg::PlatformType)) { (v.fields.get("platform_type").and_then(Value::as_text).map(platform_type).unwrap_or_default()) }
                            td role="cell" class="n" data-sloupec=(lang.t(Msg::MembersCount)) { (number(people as i64)) }
                            td role="cell" data-sloupec=(lang.t(Msg::HeldVsPlanned)) { (attendance(lang, &v.attendance)) }
                            td role="cell" data-sloupec=(lang.t(Msg::LastMeetingColumn)) { (last.map_or("—".to_owned(), date)) }
                            td role="cell" data-sloupec=(lang.t(Msg::NextMeeting)) { (next.map_or("—".to_owned(), date)) }
                        }
                    }
                }
            }
        }
    };
    drop(at);
    let content = html! { (content) (super::asof::picker(lang, &base, &asof, &[])) };
    frame(&req, lang, &me, lang.t(Msg::Platforms), StatusCode::OK, content)
}

/// Meetings held in the last 12 months against the plan, with a mark when
/// behind.
pub fn attendance(lang: Lang, a: &views::Attendance) -> Markup {
    html! {
        (number(a.held_last_12_months as i64))
        @if let Some(planned) = a.planned_per_year { " / " (number(planned)) }
        @match a.on_track {
            Some(false) => { " " strong class="pozor" { (lang.t(Msg::BehindPlan)) } }
            Some(true) => { " " span class="vporadku" { (lang.t(Msg::OnPlan)) } }
            None => {}
        }
    }
}

/// `GET /site/{network}/platforma/{platform}`
pub async fn page(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkPlanning, &network_params(&path.0)));
    let Some(view) = platform_view(&app, &principal, &slug, &path.1) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let mut schedule = Filled::default();
    schedule.sent.0.push(("klic".into(), Uuid::now_v7().to_string()));
    platform_answer(&app, &req, &principal, &me, &slug, &view, &schedule, StatusCode::OK)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn platform_answer(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    me: &Who,
    slug: &Slug,
    view: &views::PlatformView,
    schedule: &Filled,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let writes = may(app, principal, Access::NetworkWrite, &network_params(slug.as_str()));
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let now = app.now();
    let model = app.models.read();
    let text = |f: &str| view.fields.get(f).and_then(Value::as_text).unwrap_or("").to_owned();
    let list = |f: &str| view.fields.get(f).and_then(Value::as_list).map(<[String]>::to_vec).unwrap_or_default();
    let actors = |f: &str| list(f).iter().filter_map(|s| Uuid::parse_str(s).ok()).collect::<Vec<_>>();
    let title = text("name");
    let here = format!("/site/{slug}/platforma/{}", view.id);
    let content = html! {
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        p class="podtitul" {
            (platform_type(&text("platform_type")))
            @if let Some(ended) = view.ended_at { " · " (lang.t(Msg::PlatformEnded)) " " (date(ended)) }
        }
        section aria-labelledby="slozeni" {
            h2 id="slozeni" { (lang.t(Msg::Composition)) }
            dl class="udaje" {
                dt { (lang.t(Msg::PlatformCoordinators)) }
                dd { @for (i, a) in actors("coordinators").iter().enumerate() { @if i > 0 { ", " } (actor_link(&model, slug, a)) } }
                dt { (lang.t(Msg::PlatformMembers)) }
                dd { @for (i, a) in actors("members").iter().enumerate() { @if i > 0 { ", " } (actor_link(&model, slug, a)) } }
                @if !text("composition").is_empty() { dt { (lang.t(Msg::OthersPresent)) } dd { (text("composition")) } }
                dt { (lang.t(Msg::Frequency)) }
                dd {
                    @if let Some(n) = view.fields.get("frequency_per_year").and_then(Value::as_number) { (number(n)) " " (lang.t(Msg::PerYear)) }
                    @if !text("frequency_note").is_empty() { " (" (text("frequency_note")) ")" }
                }
                dt { (lang.t(Msg::HeldVsPlanned)) }
                dd { (attendance(lang, &view.attendance)) }
                @if !list("topics").is_empty() { dt { (lang.t(Msg::Topics)) } dd { ul { @for t in list("topics") { li { (t) } } } } }
                @if !list("goals").is_empty() { dt { (lang.t(Msg::Goals)) } dd { ul { @for g in list("goals") { li { (g) } } } } }
                @if !list("need_areas").is_empty() {
                    dt { (lang.t(Msg::NeedAreas)) }
                    dd { (list("need_areas").iter().filter_map(|c| c.parse::<NeedArea>().ok()).map(|a| a.label_cs()).collect::<Vec<_>>().join(", ")) }
                }
                dt { (lang.t(Msg::WrittenOutputs)) }
                dd {
                    @match view.fields.get("written_outputs").and_then(Value::as_flag) {
                        Some(true) => { (lang.t(Msg::Yes)) }
                        Some(false) => { (lang.t(Msg::No)) }
                        None => { "—" }
                    }
                    @if !text("outputs_where").is_empty() { " – " (text("outputs_where")) }
                }
            }
        }
        section aria-labelledby="schuzky" {
            h2 id="schuzky" { (lang.t(Msg::MeetingsTitle)) }
            @if view.meetings.is_empty() { p class="prazdne" { (lang.t(Msg::NoMeetingsYet)) } }
            @for m in &view.meetings {
                article class="schuzka" {
                    h3 {
                        a href={ (here) "/schuzka/" (m.id) } { (date_time(m.meeting.date)) }
                        " – " (meeting_state(lang, &m.meeting.state))
                    }
                    @if !m.meeting.place.is_empty() { p { (lang.t(Msg::Place)) ": " (m.meeting.place) } }
                    @if let MeetingState::Held { attendees, others, .. } = &m.meeting.state {
                        p { (lang.t(Msg::Attended)) ": "
                            @for (i, a) in attendees.iter().enumerate() { @if i > 0 { ", " } (actor_link(&model, slug, a)) }
                            @if *others > 0 { " + " (others_text(lang, *others)) }
                        }
                    }
                    @if !m.outcomes.is_empty() {
                        (outcomes(lang, &model, slug, view.id, &m.outcomes, writes, &me.csrf, &here))
                    }
                }
            }
        }
        @if !view.evaluations.is_empty() {
            section aria-labelledby="hodnoceni" {
                h2 id="hodnoceni" { (lang.t(Msg::Evaluations)) }
                @for e in &view.evaluations { p { strong { (date(e.date)) } ": " (e.text) } }
            }
        }
        @if writes && view.ended_at.is_none() {
            section aria-labelledby="naplanovat" {
                h2 id="naplanovat" { (lang.t(Msg::PlanMeeting)) }
                (schedule.summary(lang, "naplanovat-formular"))
                form method="post" action={ (here) "/schuzky" } class="formular" id="naplanovat-formular" {
                    (csrf(&me.csrf))
                    input type="hidden" name="klic" value=(schedule.sent.one("klic"));
                    (Control::new("date", lang.t(Msg::Date), &schedule.errors).hint(lang.t(Msg::DateHint)).input("date", &schedule.sent))
                    (Control::new("cas", lang.t(Msg::Time), &schedule.errors).hint(lang.t(Msg::TimeHint)).input("time", &schedule.sent))
                    (Control::new("place", lang.t(Msg::Place), &schedule.errors).input("text", &schedule.sent))
                    (Control::new("agenda", lang.t(Msg::Agenda), &schedule.errors).textarea(4, &schedule.sent))
                    button type="submit" { (lang.t(Msg::PlanMeeting)) }
                }
                p { a href={ (here) "/schuzka/" (Uuid::now_v7()) } { (lang.t(Msg::RecordUnplannedMeeting)) } }
            }
        }
        p class="kdy" { (lang.t(Msg::StateOn)) " " (date(now)) }
    };
    drop(model);
    let follows = super::live::Follows::platform(slug, view.id);
    let content = super::live::region(&follows, app.models.position(), content);
    frame(req, lang, me, &title, status, content)
}

/// A meeting's decisions and tasks; a coordinator moves a task on in place.
#[allow(clippy::too_many_arguments)]
pub fn outcomes(
    lang: Lang,
    model: &Model,
    slug: &Slug,
    platform: Uuid,
    outcomes: &[views::OutcomeView],
    writes: bool,
    token: &str,
    back: &str,
) -> Markup {
    html! {
        ul class="vystupy" {
            @for o in outcomes {
                li class=[o.overdue.then_some("po-terminu")] {
                    strong { (lang.t(if o.outcome.kind == OutcomeKind::Task { Msg::Task } else { Msg::Decision })) } ": "
                    (o.outcome.text)
                    @if let Some(owner) = &o.outcome.owner { " – " (lang.t(Msg::Owner)) " " (actor_link(model, slug, owner)) }
                    @if let Some(due) = o.outcome.due { " – " (lang.t(Msg::Due)) " " (date(due)) }
                    @if o.overdue { " " strong class="pozor" { (lang.t(Msg::Overdue)) } }
                    @if o.outcome.kind == OutcomeKind::Task {
                        " – " (task_status_name(lang, o.outcome.status))
                        @if writes {
                            form method="post" action={ "/site/" (slug) "/platforma/" (platform) "/ukol/" (o.id) "/stav" } class="vradku" {
                                (csrf(token))
                                input type="hidden" name="zpet" value=(back);
                                label for={ "ukol-" (o.id) } class="skryte" { (lang.t(Msg::TaskStatusLabel)) }
                                select id={ "ukol-" (o.id) } name="status" {
                                    @for s in [TaskStatus::Open, TaskStatus::Done, TaskStatus::Dropped] {
                                        option value=(task_code(s)) selected[s == o.outcome.status] { (task_status_name(lang, s)) }
                                    }
                                }
                                " "
                                button type="submit" { (lang.t(Msg::ChangeButton)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn task_code(status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::Open => "open",
        TaskStatus::Done => "done",
        TaskStatus::Dropped => "dropped",
    }
}
