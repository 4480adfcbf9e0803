//! The yearly evaluation of a plan (a network's or a region's) as pages:
//! every year of the plan so far side by side in figures (steps due, done,
//! done on time, dropped, overdue at the year's end, evaluated or not);
//! one year with its steps, what changed in the network that year (the
//! audit's change set, summarised), and the form recording the year's
//! evaluation — a summary and each step's outcome. Recording it again
//! keeps the earlier versions, listed with who wrote them and when.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use chrono::Datelike;
use maud::html;

use super::controls::{Control, csrf};
use super::fields::Sent;
use super::forms::{Filled, Posted, Refusal, frame, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::plan::{Place, admit_place, plan_of, status_name, writes};
use super::session::refused;
use crate::auth::Principal;
use crate::czech::{date, date_time, number};
use crate::domain::plan::{PlanCommand, StepOutcome};
use crate::http::support::State;
use crate::projections::views;

/// `GET …/plan/{plan}/hodnoceni`: the plan's years side by side.
pub async fn years(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, false));
    let lang = Lang::of(&req);
    let Some(plan) = plan_of(&app, &place, req.match_info().query("plan")) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let rows = app.models.read().plans.get(&plan.id).map(|p| views::years(&p.state, app.now())).unwrap_or_default();
    let base = format!("{}/{}", place.plans(), plan.id);
    let content = html! {
        p { a href=(base) { "← " (plan.title) } }
        @if rows.is_empty() { p class="prazdne" { (lang.t(Msg::PlanNotBegun)) } }
        @else {
            div class="siroka" {
                table {
                    caption { (lang.t(Msg::YearToYear)) }
                    thead { tr {
                        th scope="col" { (lang.t(Msg::Year)) }
                        th scope="col" class="n" { (lang.t(Msg::StepsDue)) }
                        th scope="col" class="n" { (lang.t(Msg::StepsDoneInYear)) }
                        th scope="col" class="n" { (lang.t(Msg::StepsOnTime)) }
                        th scope="col" class="n" { (lang.t(Msg::StepsDropped)) }
                        th scope="col" class="n" { (lang.t(Msg::OverdueAtYearEnd)) }
                        th scope="col" { (lang.t(Msg::Evaluation)) }
                    } }
                    tbody {
                        @for y in &rows {
                            tr {
                                th scope="row" { a href={ (base) "/hodnoceni/" (y.year) } { (y.year) } }
                                td class="n" { (number(y.due as i64)) }
                                td class="n" { (number(y.done as i64)) }
                                td class="n" { (number(y.done_on_time as i64)) }
                                td class="n" { (number(y.dropped as i64)) }
                                td class="n" { (number(y.overdue_at_end as i64)) }
                                td { @if y.evaluated { (lang.t(Msg::Recorded)) } @else { strong class="pozor" { (lang.t(Msg::NotYetEvaluated)) } } }
                            }
                        }
                    }
                }
            }
        }
    };
    frame(&req, lang, &me, lang.t(Msg::YearlyEvaluations), StatusCode::OK, content)
}

/// The year the path names, if it is a year of the plan that has begun.
fn year_of(req: &HttpRequest, plan: &views::PlanView, now: chrono::DateTime<chrono::Utc>) -> Option<i32> {
    let year: i32 = req.match_info().query("year").parse().ok()?;
    ((plan.from..=plan.to).contains(&year) && year <= now.year()).then_some(year)
}

/// `GET …/plan/{plan}/hodnoceni/{year}`
pub async fn year(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, false));
    show(&app, &req, &principal, &place, &me, None, StatusCode::OK).await
}

/// `POST …/plan/{plan}/hodnoceni/{year}`: record the year's evaluation.
pub async fn evaluate(app: State, req: HttpRequest, principal: Principal, body: Posted) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, true));
    let mut form = Filled::of(or_answer!(sent(body)));
    let lang = Lang::of(&req);
    let Some((plan, year)) = plan_of(&app, &place, req.match_info().query("plan"))
        .and_then(|plan| year_of(&req, &plan, app.now()).map(|y| (plan, y)))
    else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let outcomes = form
        .sent
        .0
        .iter()
        .filter_map(|(k, v)| {
            let step = uuid::Uuid::parse_str(k.strip_prefix("vysledek-")?).ok()?;
            (!v.trim().is_empty()).then(|| StepOutcome { step, text: v.trim().to_owned() })
        })
        .collect();
    let command = PlanCommand::Evaluate { year, summary: form.sent.one("summary").trim().to_owned(), outcomes };
    match app.plan(&place.owner(), plan.id, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(format!("{}/{}/hodnoceni/{year}?ulozeno=1", place.plans(), plan.id)),
        Err(error) => {
            let status = form.refused(Refusal::of(lang, error));
            show(&app, &req, &principal, &place, &me, Some(form), status).await
        }
    }
}

async fn show(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    place: &Place,
    me: &Who,
    form: Option<Filled>,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let now = app.now();
    let Some((plan, year)) = plan_of(app, place, req.match_info().query("plan"))
        .and_then(|plan| year_of(req, &plan, now).map(|y| (plan, y)))
    else {
        return refused(req, Some(me), StatusCode::NOT_FOUND);
    };
    let (found, networks) = {
        let model = app.models.read();
        (views::year(&model, &plan.id, year, now), crate::app::plans::networks_of(&model, &place.owner()))
    };
    let Some(found) = found else { return refused(req, Some(me), StatusCode::NOT_FOUND) };
    // What changed in the network (the region's networks) that year.
    let summary = match crate::audit::report::year_period(year, now) {
        Some(period) => {
            let names = networks.iter().map(|n| n.as_str().to_owned()).collect();
            crate::http::routes::changes::read_span(app, period, names).await.ok().map(|span| {
                crate::audit::report::report(place.owner().slug().clone(), String::new(), year, &span, &networks)
                    .summary
            })
        }
        None => None,
    };
    let form = form.unwrap_or_else(|| {
        let mut sent = Sent::default();
        if let Some(e) = &found.evaluation {
            sent.0.push(("summary".into(), e.summary.clone()));
            sent.0.extend(e.outcomes.iter().map(|o| (format!("vysledek-{}", o.step), o.text.clone())));
        }
        Filled::of(sent)
    });
    let writes = writes(app, principal, place, me);
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let base = format!("{}/{}", place.plans(), plan.id);
    let c = &found.counts;
    let content = html! {
        p { a href={ (base) "/hodnoceni" } { "← " (lang.t(Msg::YearlyEvaluations)) } " · " a href=(base) { (plan.title) } }
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        ul class="cisla" {
            li { strong { (c.due) } " " (lang.t(Msg::StepsDue)) }
            li { strong { (c.done) } " " (lang.t(Msg::StepsDoneInYear)) }
            li { strong { (c.done_on_time) } " " (lang.t(Msg::StepsOnTime)) }
            li { strong { (c.dropped) } " " (lang.t(Msg::StepsDropped)) }
            li { strong { (c.overdue_at_end) } " " (lang.t(Msg::OverdueAtYearEnd)) }
        }
        @if let Some(s) = &summary {
            h2 { (lang.t(Msg::NetworkThatYear)) }
            ul {
                li { (lang.t(Msg::ActiveActors)) ": " (s.actors_before) " → " (s.actors_after) " (+" (s.added) ", −" (s.ended) ")" }
                li { (lang.t(Msg::CellsGainedLost)) ": +" (s.cells_became_covered) " / −" (s.cells_became_uncovered) }
                li { (lang.t(Msg::MeetingsHeldPlanned)) ": " (s.meetings_held) " / " (s.meetings_planned) }
                li { (lang.t(Msg::TasksOpenedDone)) ": " (s.tasks.opened) " / " (s.tasks.done) }
            }
        }
        form method="post" action={ (base) "/hodnoceni/" (year) } id="hodnoceni" class="formular" {
            (form.summary(lang, "hodnoceni"))
            (csrf(&me.csrf))
            fieldset class="bez-ramu" disabled[!writes] {
            legend class="skryte" { (lang.t(Msg::Evaluation)) " " (year) }
            (Control::new("summary", lang.t(Msg::EvaluationSummary), &form.errors).hint(lang.t(Msg::EvaluationSummaryHint)).textarea(5, &form.sent))
            h2 { (lang.t(Msg::StepsOfYear)) }
            @if found.steps.is_empty() { p class="prazdne" { (lang.t(Msg::NoStepsYet)) } }
            @for s in &found.steps {
                @let name = format!("vysledek-{}", s.id);
                @let label = format!("{} ({}{})", s.text, status_name(lang, s.status), s.deadline.map(|d| format!(", {} {}", lang.t(Msg::Due), date(d))).unwrap_or_default());
                (Control::new(&name, &label, &form.errors).hint(&s.recommendation).textarea(2, &form.sent))
            }
            }
            @if writes { button type="submit" { (lang.t(Msg::RecordEvaluation)) } }
        }
        @if found.versions.len() > 1 {
            h2 { (lang.t(Msg::EarlierVersions)) }
            @let model = app.models.read();
            ul { @for v in found.versions.iter().rev().skip(1) { li { (date_time(v.at)) " – " (super::actor::author(lang, &model, &v.author)) ": " (v.summary) } } }
        }
    };
    let title = format!("{} {year}", lang.t(Msg::Evaluation));
    frame(req, lang, me, &title, status, content)
}
