//! "What changed between two dates" as a page: the network's change set
//! (the API's, from the same span of the log) made readable — actors added,
//! ended, closed, reopened and reviewed; every field edit old → new with
//! who and when; coverage cells gained and lost; capacity announced; the
//! platforms' meetings against their planned frequency; tasks; planning.
//! The last year by default, either clock.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use maud::{Markup, html};

use super::actor::{author, label, value};
use super::forms::{admitted, day, frame, or_answer};
use super::i18n::{Lang, Msg};
use crate::audit::changeset::{ChangeSet, Mark, Period};
use crate::audit::timeline::Clock;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::{date, number};
use crate::domain::ids::Slug;
use crate::http::support::State;
use crate::projections::Model;

/// `GET /site/{network}/zmeny?od=&do=&hodiny=`
pub async fn page(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let params = Params { network: Some(path.clone()), ..Params::default() };
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkPlanning, &params));
    let lang = Lang::of(&req);
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v.as_str()).trim().to_owned();
    let now = app.now();
    let clock = if get("hodiny") == "zapsano" { Clock::Recorded } else { Clock::Effective };
    let mut problems = Vec::new();
    let mut read = |key: &str, default: DateTime<Utc>, end: bool| -> DateTime<Utc> {
        let text = get(key);
        if text.is_empty() {
            return default;
        }
        match day(&text) {
            Some(d) => {
                let time = if end { d.and_hms_opt(23, 59, 59) } else { d.and_hms_opt(0, 0, 0) };
                time.map_or(default, |t| t.and_utc()).min(now)
            }
            None => {
                problems.push(lang.t(Msg::DateFormat).to_owned());
                default
            }
        }
    };
    let from = read("od", now - Duration::days(365), false);
    let to = read("do", now, true);
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    let period = Period { clock, from, to };
    let networks = std::collections::BTreeSet::from([slug.as_str().to_owned()]);
    let set = crate::http::routes::changes::read_span(&app, period, networks).await.map(|s| s.network(&slug));
    let model = app.models.read();
    let content = html! {
        form method="get" action={ "/site/" (slug) "/zmeny" } class="filtry" {
            @if !problems.is_empty() { div class="chyby" role="alert" { ul { @for p in &problems { li { (p) } } } } }
            div class="pole" { label for="od" { (lang.t(Msg::FromDate)) } input type="date" id="od" name="od" value=(from.format("%Y-%m-%d")); }
            div class="pole" { label for="do" { (lang.t(Msg::ToDate)) } input type="date" id="do" name="do" value=(to.format("%Y-%m-%d")); }
            div class="pole" {
                label for="hodiny" { (lang.t(Msg::ClockLabel)) }
                select id="hodiny" name="hodiny" {
                    option value="" { (lang.t(Msg::ClockEffective)) }
                    option value="zapsano" selected[clock == Clock::Recorded] { (lang.t(Msg::ClockRecorded)) }
                }
            }
            button type="submit" { (lang.t(Msg::Show)) }
        }
        @match &set {
            Ok(set) => { (render(lang, &model, &slug, set)) }
            Err(_) => { div class="chyby" role="alert" { p { (lang.t(Msg::NotSavedTryAgain)) } } }
        }
    };
    drop(model);
    let title = format!("{} {} – {}", lang.t(Msg::ChangesBetween), date(from), date(to));
    frame(&req, lang, &me, &title, StatusCode::OK, content)
}

fn marks(lang: Lang, model: &Model, slug: &Slug, title: Msg, list: &[Mark]) -> Markup {
    html! {
        @if !list.is_empty() {
            h3 { (lang.t(title)) " " span class="pocet" { "(" (list.len()) ")" } }
            ul {
                @for m in list {
                    li {
                        a href={ "/site/" (slug) "/akter/" (m.id) } { (m.name) } " "
                        span class="kdy" { (date(m.effective_at)) ", " (author(lang, model, &m.author)) }
                    }
                }
            }
        }
    }
}

fn render(lang: Lang, model: &Model, slug: &Slug, set: &ChangeSet) -> Markup {
    let term = |id: &uuid::Uuid| super::fields::term_name(model, slug, id);
    html! {
        section aria-labelledby="zmeny-akteri" {
            h2 id="zmeny-akteri" { (lang.t(Msg::Actors)) }
            p { (lang.t(Msg::ActiveBeforeAfter)) " " strong { (number(set.actors.active_before as i64)) " → " (number(set.actors.active_after as i64)) } }
            (marks(lang, model, slug, Msg::Added, &set.actors.added))
            (marks(lang, model, slug, Msg::Ended, &set.actors.ended))
            (marks(lang, model, slug, Msg::TemporarilyClosedPl, &set.actors.temporarily_closed))
            (marks(lang, model, slug, Msg::Reopened, &set.actors.reopened))
            (marks(lang, model, slug, Msg::Reviewed, &set.actors.reviewed))
            @if !set.actors.changed.is_empty() {
                h3 { (lang.t(Msg::Changed)) " " span class="pocet" { "(" (set.actors.changed.len()) ")" } }
                table class="historie" {
                    thead { tr { th scope="col" { (lang.t(Msg::Name)) } th scope="col" { (lang.t(Msg::EffectiveFrom)) } th scope="col" { (lang.t(Msg::WhoColumn)) } th scope="col" { (lang.t(Msg::Change)) } } }
                    tbody {
                        @for a in &set.actors.changed {
                            @for (i, e) in a.changes.iter().enumerate() {
                                tr {
                                    td { @if i == 0 { a href={ "/site/" (slug) "/akter/" (a.id) } { (a.name) } } }
                                    td { (date(e.effective_at)) }
                                    td { (author(lang, model, &e.author)) }
                                    td {
                                        (label(model, slug, &e.change.field)) ": "
                                        span class="stare" { (e.change.old.as_ref().map_or("—".to_owned(), |v| value(lang, model, slug, &e.change.field, v))) }
                                        " → "
                                        span class="nove" { (e.change.new.as_ref().map_or("—".to_owned(), |v| value(lang, model, slug, &e.change.field, v))) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="zmeny-pokryti" {
            h2 id="zmeny-pokryti" { (lang.t(Msg::Coverage)) }
            table {
                thead { tr { th scope="col" { (lang.t(Msg::NeedArea)) } th scope="col" { (lang.t(Msg::Before)) } th scope="col" { (lang.t(Msg::After)) } } }
                tbody { @for a in &set.coverage.areas { tr { th scope="row" { (a.label_cs) } td class="n" { (a.before) } td class="n" { (a.after) } } } }
            }
            @if !set.coverage.became_covered.is_empty() {
                h3 { (lang.t(Msg::BecameCovered)) }
                ul { @for c in &set.coverage.became_covered { li { (c.area.label_cs()) " × " (term(&c.target_group)) } } }
            }
            @if !set.coverage.became_uncovered.is_empty() {
                h3 { (lang.t(Msg::BecameUncovered)) }
                ul { @for c in &set.coverage.became_uncovered { li { (c.area.label_cs()) " × " (term(&c.target_group)) } } }
            }
        }
        @if !set.capacity.is_empty() {
            section aria-labelledby="zmeny-kapacita" {
                h2 id="zmeny-kapacita" { (lang.t(Msg::Capacity)) }
                table {
                    thead { tr { th scope="col" { (lang.t(Msg::Name)) } th scope="col" { (lang.t(Msg::Unit)) } th scope="col" { (lang.t(Msg::Announcements)) } th scope="col" { (lang.t(Msg::FreshShare)) } th scope="col" { (lang.t(Msg::FreeRange)) } } }
                    tbody {
                        @for c in &set.capacity {
                            tr {
                                td { a href={ "/site/" (slug) "/akter/" (c.actor) } { (c.name) } }
                                td { (crate::czech::unit_name(&c.unit)) }
                                td class="n" { (c.announcements) }
                                td class="n" { (format!("{:.0} %", c.fresh_days_share * 100.0)) }
                                td class="n" {
                                    (c.series.iter().map(|p| p.free).min().unwrap_or(0)) "–" (c.series.iter().map(|p| p.free).max().unwrap_or(0))
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="zmeny-platformy" {
            h2 id="zmeny-platformy" { (lang.t(Msg::Platforms)) }
            @if !set.platforms.founded.is_empty() { p { (lang.t(Msg::Founded)) ": " @for (i, m) in set.platforms.founded.iter().enumerate() { @if i > 0 { ", " } (m.name) } } }
            @if !set.platforms.ended.is_empty() { p { (lang.t(Msg::Ended)) ": " @for (i, m) in set.platforms.ended.iter().enumerate() { @if i > 0 { ", " } (m.name) } } }
            table {
                thead { tr { th scope="col" { (lang.t(Msg::Name)) } th scope="col" { (lang.t(Msg::MeetingsHeld)) } th scope="col" { (lang.t(Msg::MeetingsPlanned)) } th scope="col" { (lang.t(Msg::MeetingCancelled)) } } }
                tbody {
                    @for m in &set.platforms.meetings {
                        tr {
                            td { a href={ "/site/" (slug) "/platforma/" (m.platform) } { (m.name) } }
                            td class="n" { (m.held) }
                            td class="n" { (m.planned.map_or("—".to_owned(), |p| p.to_string())) }
                            td class="n" { (m.cancelled) }
                        }
                    }
                }
            }
            p {
                (lang.t(Msg::OpenTasks)) ": " (lang.t(Msg::TasksOpened)) " " (set.tasks.opened) ", "
                (lang.t(Msg::TaskDone)) " " (set.tasks.done) ", " (lang.t(Msg::TaskDropped)) " " (set.tasks.dropped) ", "
                (lang.t(Msg::Overdue)) " " (set.tasks.overdue)
            }
        }
        section aria-labelledby="zmeny-planovani" {
            h2 id="zmeny-planovani" { (lang.t(Msg::Planning)) }
            p {
                (lang.t(Msg::FindingsRecorded)) " " (set.planning.findings_recorded) " · "
                (lang.t(Msg::StepsAdded)) " " (set.planning.steps_added) " · "
                (lang.t(Msg::StepsDone)) " " (set.planning.steps_done) " · "
                (lang.t(Msg::EvaluationsRecorded)) " " (set.planning.evaluations) " · "
                (lang.t(Msg::ProceduresAgreed)) " " (set.planning.procedures_agreed)
            }
        }
    }
}
