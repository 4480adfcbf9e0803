//! A meeting of a platform as a page: when, where, the agenda; for a
//! meeting not yet held, the form that records it (attendees ticked from
//! the platform's coordinators and members, others present, the minutes)
//! and the form that calls it off; for a held one, its decisions and tasks
//! and the form that adds one (a task with its owner and due date). A
//! meeting that was never planned is recorded on the page of a fresh id,
//! which the platform's page links.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use uuid::Uuid;

use super::controls::{Control, csrf, ticks};
use super::fields::Sent;
use super::forms::{Filled, Posted, Refusal, admitted, frame, may, meta, moment, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::platforms::{actor_link, actor_name, meeting_state, others_text, outcomes, platform_view};
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::date_time;
use crate::domain::ids::Slug;
use crate::domain::platform::{MeetingState, OutcomeKind, PlatformCommand};
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::views;

fn params(network: &str) -> Params {
    Params { network: Some(network.to_owned()), ..Params::default() }
}

/// The forms of the page as shown.
#[derive(Default)]
struct Forms {
    held: Filled,
    outcome: Filled,
}

/// `GET /site/{network}/platforma/{platform}/schuzka/{meeting}`
pub async fn page(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String, String)>,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkPlanning, &params(&path.0)));
    let (Some(view), Ok(meeting)) = (platform_view(&app, &principal, &slug, &path.1), Uuid::parse_str(&path.2)) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let mut forms = Forms::default();
    let existing = view.meetings.iter().find(|m| m.id == meeting);
    if existing.is_none() && !may(&app, &principal, Access::NetworkWrite, &params(&path.0)) {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    }
    if let Some(m) = existing {
        // The planned meeting's details, to confirm or correct as held.
        let d = m.meeting.date;
        forms.held.sent = Sent(vec![
            ("date".into(), d.format("%Y-%m-%d").to_string()),
            ("cas".into(), d.format("%H:%M").to_string()),
            ("place".into(), m.meeting.place.clone()),
            ("agenda".into(), m.meeting.agenda.clone()),
        ]);
    }
    forms.outcome.sent.0.push(("klic".into(), Uuid::now_v7().to_string()));
    answer(&app, &req, &principal, &me, &slug, &view, meeting, &forms, StatusCode::OK)
}

#[allow(clippy::too_many_arguments)]
fn answer(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    me: &Who,
    slug: &Slug,
    view: &views::PlatformView,
    meeting: Uuid,
    forms: &Forms,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let writes = may(app, principal, Access::NetworkWrite, &params(slug.as_str()));
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let model = app.models.read();
    let platform_name = view.fields.get("name").and_then(Value::as_text).unwrap_or("").to_owned();
    let here = format!("/site/{slug}/platforma/{}/schuzka/{meeting}", view.id);
    let found = view.meetings.iter().find(|m| m.id == meeting);
    let title = match found {
        Some(m) => format!("{} – {}", lang.t(Msg::Meeting), date_time(m.meeting.date)),
        None => lang.t(Msg::RecordUnplannedMeeting).to_owned(),
    };
    // Attendees are picked from the platform's coordinators and members.
    let people: Vec<(String, String)> = ["coordinators", "members"]
        .iter()
        .flat_map(|f| view.fields.get(*f).and_then(Value::as_list).map(<[String]>::to_vec).unwrap_or_default())
        .filter_map(|s| Uuid::parse_str(&s).ok())
        .fold(Vec::new(), |mut out, id| {
            if !out.iter().any(|(v, _): &(String, String)| v == &id.to_string()) {
                out.push((id.to_string(), actor_name(&model, &id)));
            }
            out
        });
    let mut owners: Vec<(String, String)> = model
        .actors_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .map(|id| (id.to_string(), actor_name(&model, id)))
        .collect();
    owners.sort_by_cached_key(|(_, name)| crate::projections::czech::sort_key(name));
    owners.insert(0, (String::new(), lang.t(Msg::NoOwner).to_owned()));
    let content = html! {
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        p { a href={ "/site/" (slug) "/platforma/" (view.id) } { "← " (platform_name) } }
        @if let Some(m) = found {
            dl class="udaje" {
                dt { (lang.t(Msg::StatusLabel)) } dd { (meeting_state(lang, &m.meeting.state)) }
                dt { (lang.t(Msg::Date)) } dd { (date_time(m.meeting.date)) }
                @if !m.meeting.place.is_empty() { dt { (lang.t(Msg::Place)) } dd { (m.meeting.place) } }
                @if !m.meeting.agenda.is_empty() { dt { (lang.t(Msg::Agenda)) } dd class="odstavce" { (m.meeting.agenda) } }
                @if let MeetingState::Held { attendees, others, minutes } = &m.meeting.state {
                    dt { (lang.t(Msg::Attended)) }
                    dd {
                        @for (i, a) in attendees.iter().enumerate() { @if i > 0 { ", " } (actor_link(&model, slug, a)) }
                        @if *others > 0 { " + " (others_text(lang, *others)) }
                    }
                    @if !minutes.is_empty() { dt { (lang.t(Msg::Minutes)) } dd class="odstavce" { (minutes) } }
                }
            }
        }
        @let held = found.is_some_and(|m| matches!(m.meeting.state, MeetingState::Held { .. }));
        @let open = found.is_none_or(|m| matches!(m.meeting.state, MeetingState::Scheduled));
        @if held {
            section aria-labelledby="vystupy" {
                h2 id="vystupy" { (lang.t(Msg::Outcomes)) }
                @if let Some(m) = found {
                    @if m.outcomes.is_empty() { p class="prazdne" { (lang.t(Msg::NoOutcomes)) } }
                    (outcomes(lang, &model, slug, view.id, &m.outcomes, writes, &me.csrf, &here))
                }
            }
            @if writes {
                section aria-labelledby="pridat-vystup" {
                    h2 id="pridat-vystup" { (lang.t(Msg::AddOutcome)) }
                    @let f = &forms.outcome;
                    (f.summary(lang, "vystup-formular"))
                    form method="post" action={ (here) "/vystupy" } class="formular" id="vystup-formular" {
                        (csrf(&me.csrf))
                        input type="hidden" name="klic" value=(f.sent.one("klic"));
                        (Control::new("kind", lang.t(Msg::OutcomeKindLabel), &f.errors).select(&[("decision".into(), lang.t(Msg::Decision).into()), ("task".into(), lang.t(Msg::Task).into())], &f.sent))
                        (Control::new("text", lang.t(Msg::OutcomeText), &f.errors).textarea(3, &f.sent))
                        (Control::new("owner", lang.t(Msg::Owner), &f.errors).hint(lang.t(Msg::OwnerHint)).select(&owners, &f.sent))
                        (Control::new("due", lang.t(Msg::DueLabel), &f.errors).input("date", &f.sent))
                        button type="submit" { (lang.t(Msg::AddOutcome)) }
                    }
                }
            }
        }
        @if open && writes {
            section aria-labelledby="zapsat" {
                h2 id="zapsat" { (lang.t(Msg::RecordHeld)) }
                @let f = &forms.held;
                (f.summary(lang, "konani-formular"))
                form method="post" action={ (here) "/konani" } class="formular" id="konani-formular" {
                    (csrf(&me.csrf))
                    (Control::new("date", lang.t(Msg::Date), &f.errors).input("date", &f.sent))
                    (Control::new("cas", lang.t(Msg::Time), &f.errors).hint(lang.t(Msg::TimeHint)).input("time", &f.sent))
                    (Control::new("place", lang.t(Msg::Place), &f.errors).input("text", &f.sent))
                    (Control::new("agenda", lang.t(Msg::Agenda), &f.errors).textarea(3, &f.sent))
                    @if people.is_empty() {
                        p class="prazdne" { (lang.t(Msg::NoMembersToTick)) }
                    } @else {
                        (ticks("attendees", lang.t(Msg::Attended), &people, &f.sent, f.errors.get("attendees").map(String::as_str)))
                    }
                    (Control::new("others", lang.t(Msg::OthersPresentCount), &f.errors).hint(lang.t(Msg::OthersHint)).input("number", &f.sent))
                    (Control::new("minutes", lang.t(Msg::Minutes), &f.errors).textarea(8, &f.sent))
                    button type="submit" { (lang.t(Msg::RecordHeld)) }
                }
            }
            @if found.is_some() {
                section aria-labelledby="zrusit" {
                    h2 id="zrusit" { (lang.t(Msg::CancelMeeting)) }
                    form method="post" action={ (here) "/zruseni" } class="formular" {
                        (csrf(&me.csrf))
                        div class="pole" {
                            label for="reason" { (lang.t(Msg::CancelReason)) }
                            input id="reason" name="reason" type="text";
                        }
                        button type="submit" class="druhotne" { (lang.t(Msg::CancelMeeting)) }
                    }
                }
            }
        }
    };
    drop(model);
    let follows = super::live::Follows::platform(slug, view.id);
    let content = super::live::region(&follows, app.models.position(), content);
    frame(req, lang, me, &title, status, content)
}

/// The page's path and the platform, meeting and person, or the answer.
type Found = (Slug, Who, views::PlatformView, Uuid, Sent);

async fn admit_post(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    path: &(String, String, String),
    body: Posted,
) -> Result<Found, Box<HttpResponse>> {
    let (slug, me) = admitted(app, req, principal, Access::NetworkWrite, &params(&path.0))?;
    let (Some(view), Ok(meeting)) = (platform_view(app, principal, &slug, &path.1), Uuid::parse_str(&path.2)) else {
        return Err(Box::new(refused(req, Some(&me), StatusCode::NOT_FOUND)));
    };
    let sent = sent(body)?;
    Ok((slug, me, view, meeting, sent))
}

/// `POST …/schuzka/{meeting}/konani`: records the meeting as held.
pub async fn held(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me, view, meeting, sent) = or_answer!(admit_post(&app, &req, &principal, &path, body).await);
    let lang = Lang::of(&req);
    let here = format!("/site/{slug}/platforma/{}/schuzka/{meeting}", view.id);
    // Sent twice: the first one recorded it.
    if view.meetings.iter().any(|m| m.id == meeting && matches!(m.meeting.state, MeetingState::Held { .. })) {
        return see_other(format!("{here}?ulozeno=1"));
    }
    let mut forms = Forms { held: Filled::of(sent), ..Forms::default() };
    forms.outcome.sent.0.push(("klic".into(), Uuid::now_v7().to_string()));
    let f = &mut forms.held;
    let when = moment(f.sent.one("date"), f.sent.one("cas"));
    if when.is_none() {
        f.errors.insert("date".into(), lang.t(Msg::DateTimeFormat).to_owned());
    }
    let others = f.sent.one("others").trim();
    let others = if others.is_empty() { Some(0) } else { others.parse::<u32>().ok() };
    if others.is_none() {
        f.errors.insert("others".into(), lang.t(Msg::WholeNumber).to_owned());
    }
    let attendees: Vec<Uuid> = f.sent.all("attendees").iter().filter_map(|s| Uuid::parse_str(s).ok()).collect();
    let (Some(when), Some(others)) = (when, others) else {
        return answer(&app, &req, &principal, &me, &slug, &view, meeting, &forms, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let command = PlatformCommand::HoldMeeting {
        id: meeting,
        date: when,
        place: f.sent.one("place").to_owned(),
        agenda: f.sent.one("agenda").to_owned(),
        attendees,
        others,
        minutes: f.sent.one("minutes").to_owned(),
    };
    match app.platform(&slug, view.id, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(format!("{here}?ulozeno=1")),
        Err(error) => {
            let status = forms.held.refused(Refusal::of(lang, error));
            answer(&app, &req, &principal, &me, &slug, &view, meeting, &forms, status)
        }
    }
}

/// `POST …/schuzka/{meeting}/vystupy`: records a decision or a task.
pub async fn outcome(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me, view, meeting, sent) = or_answer!(admit_post(&app, &req, &principal, &path, body).await);
    let lang = Lang::of(&req);
    let here = format!("/site/{slug}/platforma/{}/schuzka/{meeting}", view.id);
    let mut forms = Forms { outcome: Filled::of(sent), ..Forms::default() };
    let f = &mut forms.outcome;
    let id = f.sent.key();
    if view.meetings.iter().flat_map(|m| &m.outcomes).any(|o| o.id == id) {
        return see_other(format!("{here}?ulozeno=1#vystupy"));
    }
    let kind = match f.sent.one("kind") {
        "task" => OutcomeKind::Task,
        _ => OutcomeKind::Decision,
    };
    let owner = match f.sent.one("owner") {
        "" => None,
        text => match Uuid::parse_str(text) {
            Ok(id) => Some(id),
            Err(_) => {
                f.errors.insert("owner".into(), lang.t(Msg::PickFromList).to_owned());
                None
            }
        },
    };
    let due_text = f.sent.one("due").trim().to_owned();
    let due = if due_text.is_empty() { None } else { moment(&due_text, "23:59") };
    if !due_text.is_empty() && due.is_none() {
        f.errors.insert("due".into(), lang.t(Msg::DateFormat).to_owned());
    }
    if f.failed() {
        return answer(&app, &req, &principal, &me, &slug, &view, meeting, &forms, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let command = PlatformCommand::RecordOutcome { id, meeting, kind, text: f.sent.one("text").to_owned(), owner, due };
    match app.platform(&slug, view.id, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(format!("{here}?ulozeno=1#vystupy")),
        Err(error) => {
            let status = forms.outcome.refused(Refusal::of(lang, error));
            answer(&app, &req, &principal, &me, &slug, &view, meeting, &forms, status)
        }
    }
}
