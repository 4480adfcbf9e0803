//! The homes of two roles: a platform member's platforms (each with its
//! next meeting and agenda, its open tasks, its last meeting's decisions,
//! a link to the platform's page) and a regional coordinator's region (its
//! networks side by side — actors, free capacity, platforms, meetings,
//! coverage — each a link into the network, read-only). What each shows is
//! cut by the access module's rules, as on every page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;

use super::forms::{admitted, frame, or_answer};
use super::i18n::{Lang, Msg};
use super::platforms::{actor_name, platform_view};
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::{date, date_time, number};
use crate::domain::ids::Slug;
use crate::domain::platform::{MeetingState, OutcomeKind, TaskStatus};
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::views;

/// A plan step and the platforms responsible for it.
struct PlatformStep {
    text: String,
    status: crate::domain::plan::StepStatus,
    deadline: Option<chrono::DateTime<chrono::Utc>>,
    platforms: Vec<uuid::Uuid>,
}

/// `GET /site/{network}/moje-platformy`: the platforms the person takes
/// part in.
pub async fn my_platforms(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let params = Params { network: Some(path.clone()), ..Params::default() };
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkRead, &params));
    let lang = Lang::of(&req);
    let now = app.now();
    let ids = principal.member_platforms(&app.models.read());
    // The plan steps each platform is responsible for, from the network's plans.
    let steps: Vec<PlatformStep> = {
        let model = app.models.read();
        let owner = crate::domain::plan::Owner::Network(slug.clone());
        model
            .plans
            .iter()
            .filter(|(_, p)| p.state.owned_by(&owner))
            .filter_map(|(id, _)| views::plan(&model, id, now))
            .flat_map(|plan| {
                plan.sections
                    .into_iter()
                    .flat_map(|s| s.recommendations.into_iter().flat_map(|r| r.steps))
                    .map(|s| PlatformStep {
                        text: s.text,
                        status: s.status,
                        deadline: s.deadline,
                        platforms: s.platforms.iter().map(|p| p.id).collect(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let platforms: Vec<views::PlatformView> =
        ids.iter().filter_map(|id| platform_view(&app, &principal, &slug, &id.to_string())).collect();
    let model = app.models.read();
    let content = html! {
        p class="akce" { a href={ "/site/" (slug) "/postupy" } { (lang.t(Msg::ProceduresMenu)) } }
        @if platforms.is_empty() { p class="prazdne" { (lang.t(Msg::NoPlatformsOfYours)) } }
        @for p in &platforms {
            @let name = p.fields.get("name").and_then(Value::as_text).unwrap_or("");
            @let next = p.meetings.iter().filter(|m| matches!(m.meeting.state, MeetingState::Scheduled) && m.meeting.date >= now).min_by_key(|m| m.meeting.date);
            @let last = p.meetings.iter().filter(|m| matches!(m.meeting.state, MeetingState::Held { .. })).max_by_key(|m| m.meeting.date);
            section class="karta" aria-labelledby={ "p-" (p.id) } {
                h2 id={ "p-" (p.id) } { a href={ "/site/" (slug) "/platforma/" (p.id) } { (name) } }
                h3 { (lang.t(Msg::NextMeeting)) }
                @match next {
                    Some(m) => {
                        p { a href={ "/site/" (slug) "/platforma/" (p.id) "/schuzka/" (m.id) } { (date_time(m.meeting.date)) } @if !m.meeting.place.is_empty() { ", " (m.meeting.place) } }
                        @if !m.meeting.agenda.is_empty() { p class="odstavce" { (m.meeting.agenda) } }
                    }
                    None => { p class="prazdne" { (lang.t(Msg::NoMeetingPlanned)) } }
                }
                @let open: Vec<_> = p.meetings.iter().flat_map(|m| m.outcomes.iter().map(move |o| (m, o))).filter(|(_, o)| o.outcome.kind == OutcomeKind::Task && o.outcome.status == TaskStatus::Open).collect();
                h3 { (lang.t(Msg::OpenTasks)) " " span class="pocet" { "(" (open.len()) ")" } }
                ul {
                    @for (m, o) in &open {
                        li class=[o.overdue.then_some("po-terminu")] {
                            a href={ "/site/" (slug) "/platforma/" (p.id) "/schuzka/" (m.id) } { (o.outcome.text) }
                            @if let Some(owner) = o.outcome.owner { " – " (actor_name(&model, &owner)) }
                            @if let Some(due) = o.outcome.due { " – " (lang.t(Msg::Due)) " " (date(due)) }
                            @if o.overdue { " " strong class="pozor" { (lang.t(Msg::Overdue)) } }
                        }
                    }
                }
                @let mine: Vec<&PlatformStep> = steps.iter().filter(|s| s.platforms.contains(&p.id)).collect();
                @if !mine.is_empty() {
                    h3 { (lang.t(Msg::PlanStepsOfPlatform)) }
                    ul {
                        @for s in &mine {
                            li {
                                (s.text) " – " (super::plan::status_name(lang, s.status))
                                @if let Some(d) = s.deadline { " – " (lang.t(Msg::Due)) " " (date(d)) }
                            }
                        }
                    }
                }
                @if let Some(m) = last {
                    h3 { (lang.t(Msg::LastMeetingColumn)) " " (date(m.meeting.date)) }
                    ul { @for o in m.outcomes.iter().filter(|o| o.outcome.kind == OutcomeKind::Decision) { li { (o.outcome.text) } } }
                }
            }
        }
    };
    drop(model);
    let follows = super::live::Follows {
        network: &slug,
        kinds: &["meeting_outcome"],
        actors: Vec::new(),
        platforms: platforms.iter().map(|p| p.id).collect(),
    };
    let content = super::live::region(&follows, app.models.position(), content);
    frame(&req, lang, &me, lang.t(Msg::MyPlatforms), StatusCode::OK, content)
}

/// `GET /kraj/{region}`: the region's networks side by side.
pub async fn region(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let me = super::session::who(&app, &principal);
    let params = Params { region: Some(path.clone()), ..Params::default() };
    let check = crate::auth::access::check(Access::RegionCoordination, &principal, &params, &app.models.read());
    match check {
        Ok(()) => {}
        Err(crate::auth::access::Denial::SignIn) => return super::session::sign_in_first(&req),
        Err(crate::auth::access::Denial::Forbidden(_)) => return refused(&req, me.as_ref(), StatusCode::FORBIDDEN),
        Err(crate::auth::access::Denial::Hidden(_)) => return refused(&req, me.as_ref(), StatusCode::NOT_FOUND),
    }
    let me = me.unwrap_or_default();
    let lang = Lang::of(&req);
    let Some(view) = Slug::parse(&path).ok().and_then(|slug| views::region(&app.models.read(), &slug, app.now()))
    else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let content = html! {
        div class="siroka" {
            table {
                caption { (lang.t(Msg::RegionSideBySide)) }
                thead { tr {
                    th scope="col" { (lang.t(Msg::NetworkColumn)) }
                    th scope="col" class="n" { (lang.t(Msg::ActiveActors)) }
                    th scope="col" class="n" { (lang.t(Msg::WithFreeCapacity)) }
                    th scope="col" class="n" { (lang.t(Msg::Platforms)) }
                    th scope="col" class="n" { (lang.t(Msg::MeetingsHeldOfPlanned)) }
                    th scope="col" class="n" { (lang.t(Msg::DueForReviewColumn)) }
                    th scope="col" class="n" { (lang.t(Msg::AreasCovered)) }
                    th scope="col" class="n" { (lang.t(Msg::UncoveredCells)) }
                } }
                tbody {
                    @for n in &view.networks {
                        tr {
                            th scope="row" { a href={ "/site/" (n.network) } { (n.name) } }
                            td class="n" { (number(n.actors as i64)) }
                            td class="n" { (number(n.actors_with_free_capacity as i64)) }
                            td class="n" { (number(n.platforms as i64)) }
                            td class="n" {
                                (number(n.meetings_held_last_12_months as i64)) " / " (number(n.meetings_planned_per_year as i64))
                                @if n.meetings_held_last_12_months < n.meetings_planned_per_year { " " strong class="pozor" { (lang.t(Msg::BehindPlan)) } }
                            }
                            td class="n" { (number(n.records_due_for_review as i64)) }
                            td class="n" { (n.need_areas_covered) " / 6" }
                            td class="n" { (number(n.uncovered_cells as i64)) }
                        }
                    }
                }
            }
        }
        p {
            a href={ "/api/v1/regions/" (view.region) "/report/page" } { (lang.t(Msg::YearlyReport)) }
            " · " a href={ "/kraj/" (view.region) "/plan" } { (lang.t(Msg::RegionPlanMenu)) }
            " · " a href="/plany" { (lang.t(Msg::PublishedPlans)) }
        }
    };
    frame(&req, lang, &me, &view.name, StatusCode::OK, content)
}

/// Where `/` leads a person who only follows platforms, or only reads a
/// region: their page.
pub fn home_of(principal: &Principal) -> Option<String> {
    use crate::domain::user::Grant;
    let only = |f: fn(&Grant) -> bool| !principal.grants.is_empty() && principal.grants.iter().all(f);
    if only(|g| matches!(g, Grant::PlatformMember { .. })) {
        let network = principal.grants.iter().find_map(Grant::network)?;
        return Some(format!("/site/{network}/moje-platformy"));
    }
    if only(|g| matches!(g, Grant::RegionalCoordinator { .. })) {
        return principal.grants.iter().find_map(|g| match g {
            Grant::RegionalCoordinator { region } => Some(format!("/kraj/{region}")),
            _ => None,
        });
    }
    None
}
