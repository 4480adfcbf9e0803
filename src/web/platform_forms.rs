//! The platform's one-step forms: planning a meeting, moving a task on (back
//! to the page it was moved on from) and calling a meeting off — each
//! answered by a redirect, or the page again with its problem in Czech.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use uuid::Uuid;

use super::fields::Sent;
use super::forms::{Filled, Posted, Refusal, admitted, back_to, frame, meta, moment, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::platforms::{network_params, platform_answer, platform_view};
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::Access;
use crate::domain::platform::{PlatformCommand, TaskStatus};
use crate::http::support::State;

/// `POST /site/{network}/platforma/{platform}/schuzky`: plans a meeting.
pub async fn schedule(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &network_params(&path.0)));
    let Some(view) = platform_view(&app, &principal, &slug, &path.1) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let mut form = Filled::of(sent);
    let id = form.sent.key();
    let back = format!("/site/{slug}/platforma/{}", view.id);
    // The same form sent twice: the first one planned it.
    if view.meetings.iter().any(|m| m.id == id) {
        return see_other(format!("{back}?ulozeno=1#schuzky"));
    }
    let Some(when) = moment(form.sent.one("date"), form.sent.one("cas")) else {
        form.errors.insert("date".into(), lang.t(Msg::DateTimeFormat).to_owned());
        return platform_answer(&app, &req, &principal, &me, &slug, &view, &form, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let command = PlatformCommand::ScheduleMeeting {
        id,
        date: when,
        place: form.sent.one("place").to_owned(),
        agenda: form.sent.one("agenda").to_owned(),
    };
    match app.platform(&slug, view.id, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(format!("{back}?ulozeno=1#schuzky")),
        Err(error) => {
            let status = form.refused(Refusal::of(lang, error));
            platform_answer(&app, &req, &principal, &me, &slug, &view, &form, status)
        }
    }
}

/// `POST /site/{network}/platforma/{platform}/ukol/{outcome}/stav`: moves a
/// task on, back to the page it was moved on from.
pub async fn task_status(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &network_params(&path.0)));
    let Some(view) = platform_view(&app, &principal, &slug, &path.1) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let back = back_to(sent.one("zpet"), &slug, format!("/site/{slug}/platforma/{}", view.id));
    let status = match sent.one("status") {
        "open" => TaskStatus::Open,
        "done" => TaskStatus::Done,
        "dropped" => TaskStatus::Dropped,
        _ => return problem_page(&req, lang, &me, &back, vec![lang.t(Msg::PickStatus).to_owned()]),
    };
    let Ok(outcome) = Uuid::parse_str(&path.2) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    let command = PlatformCommand::SetTaskStatus { id: outcome, status };
    match app.platform(&slug, view.id, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(with_saved(&back)),
        Err(error) => problem_page(&req, lang, &me, &back, Refusal::of(lang, error).general),
    }
}

/// `back` with `ulozeno=1` in its query.
pub fn with_saved(back: &str) -> String {
    let (path, anchor) = back.split_once('#').map_or((back, ""), |(p, a)| (p, a));
    let joined = if path.contains('?') { format!("{path}&ulozeno=1") } else { format!("{path}?ulozeno=1") };
    if anchor.is_empty() { joined } else { format!("{joined}#{anchor}") }
}

/// A short page saying why a one-button form did not go through, with the
/// way back.
fn problem_page(req: &HttpRequest, lang: Lang, me: &Who, back: &str, problems: Vec<String>) -> HttpResponse {
    let content = html! {
        div class="chyby" role="alert" { h2 { (lang.t(Msg::ErrorSummary)) } ul { @for p in &problems { li { (p) } } } }
        p { a href=(back) { (lang.t(Msg::Back)) } }
    };
    frame(req, lang, me, lang.t(Msg::NotSaved), StatusCode::UNPROCESSABLE_ENTITY, content)
}

/// `POST /site/{network}/platforma/{platform}/schuzka/{meeting}/zruseni`
pub async fn cancel(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String, String)>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &network_params(&path.0)));
    let Some(view) = platform_view(&app, &principal, &slug, &path.1) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let sent: Sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let Ok(meeting) = Uuid::parse_str(&path.2) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    let back = format!("/site/{slug}/platforma/{}", view.id);
    let command = PlatformCommand::CancelMeeting { id: meeting, reason: sent.one("reason").to_owned() };
    match app.platform(&slug, view.id, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(format!("{back}?ulozeno=1#schuzky")),
        Err(error) => {
            problem_page(&req, lang, &me, &format!("{back}/schuzka/{meeting}"), Refusal::of(lang, error).all())
        }
    }
}
