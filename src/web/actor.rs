//! An actor's page, read-only for now: its fields as the template names
//! them, its status, capacity (the registered maximum beside the latest
//! announcement, stale ones marked), changes waiting for their date, and
//! its history — every change, old → new, who and when on both clocks. What
//! the reader may not see is cut by the same rules as the API's view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::asof::{self, AsOf};
use super::forms::or_answer;
use super::i18n::{Lang, Msg};
use super::layout::Page;
use super::session::{admit, here, refused, who};
use crate::audit::history::Sight;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::{date, date_time, free, number, unit_name};
use crate::domain::actor::Status;
use crate::domain::actor_fields;
use crate::domain::ids::Slug;
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::{Model, views};

/// A field's value as people read it: need areas by their Czech names,
/// terms and actors by name, yes/no, Czech numbers.
pub(super) fn value(lang: Lang, model: &Model, network: &Slug, field: &str, value: &Value) -> String {
    let one = |code: &str| -> String {
        if let Some(name) = crate::czech::code_name(field, code) {
            return name.to_owned();
        }
        if let Ok(area) = code.parse::<crate::domain::NeedArea>() {
            return area.label_cs().to_owned();
        }
        if let Ok(id) = Uuid::parse_str(code) {
            if let Some(term) = model.networks.get(network).and_then(|n| n.state.terms.get(&id)) {
                return term.name.clone();
            }
            if let Some(actor) = model.actors.get(&id) {
                return actor.entry.state.name().to_owned();
            }
        }
        code.to_owned()
    };
    match value {
        Value::Flag(true) => lang.t(Msg::Yes).to_owned(),
        Value::Flag(false) => lang.t(Msg::No).to_owned(),
        Value::Number(n) => number(*n),
        Value::Text(t) => one(t),
        Value::List(items) => items.iter().map(|i| one(i)).collect::<Vec<_>>().join(", "),
        Value::Capacities(limits) => limits
            .iter()
            .map(|l| {
                format!("{}: {} {}", unit_name(&l.unit), lang.t(Msg::AtMost).to_lowercase(), number(i64::from(l.max)))
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A field's name as the template (or the network's custom category)
/// names it.
pub(super) fn label(model: &Model, network: &Slug, field: &str) -> String {
    if let Some(spec) = actor_fields::spec(field) {
        return spec.label_cs.to_owned();
    }
    field
        .strip_prefix(actor_fields::CUSTOM_PREFIX)
        .and_then(|id| Uuid::parse_str(id).ok())
        .and_then(|id| model.networks.get(network)?.state.categories.get(&id).map(|c| c.name.clone()))
        .unwrap_or_else(|| field.to_owned())
}

/// The fields in the template's order, the network's custom categories
/// after them.
fn ordered(fields: &std::collections::BTreeMap<String, Value>) -> Vec<(&str, &Value)> {
    let mut out: Vec<(&str, &Value)> =
        actor_fields::ACTOR_FIELDS.iter().filter_map(|s| fields.get(s.code).map(|v| (s.code, v))).collect();
    out.extend(fields.iter().filter(|(k, _)| actor_fields::spec(k).is_none()).map(|(k, v)| (k.as_str(), v)));
    out
}

pub(super) fn status_name(lang: Lang, status: Status) -> &'static str {
    lang.t(match status {
        Status::Active => Msg::Active,
        Status::TemporarilyClosed => Msg::TemporarilyClosed,
        Status::Ended => Msg::EndedActor,
    })
}

/// Who made a change, by name.
pub(super) fn author(lang: Lang, model: &Model, author: &str) -> String {
    author
        .strip_prefix("user:")
        .and_then(|u| Uuid::parse_str(u).ok())
        .and_then(|u| model.users.get(&u))
        .map(|u| {
            if u.state.display_name.is_empty() {
                u.state.username.clone().unwrap_or_default()
            } else {
                u.state.display_name.clone()
            }
        })
        .unwrap_or_else(
            || if author.starts_with("system:") { lang.t(Msg::System).to_owned() } else { author.to_owned() },
        )
}

/// `GET /site/{network}/akter/{actor}`
pub async fn page(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let me = who(&app, &principal);
    let params = Params { network: Some(path.0.clone()), actor: Some(path.1.clone()), ..Params::default() };
    let slug = or_answer!(admit(&app, &req, &principal, Access::NetworkRead, &params, me.as_ref()));
    let Ok(id) = Uuid::parse_str(&path.1) else {
        return refused(&req, me.as_ref(), StatusCode::NOT_FOUND);
    };
    let known = app.models.read().actors.get(&id).is_some_and(|a| a.entry.state.network.as_ref() == Some(&slug));
    if !known {
        return refused(&req, me.as_ref(), StatusCode::NOT_FOUND);
    }
    let lang = Lang::of(&req);
    let asof = AsOf::of(&req, lang);
    let case_manager = crate::auth::redact::case_manager_fields(&principal, &slug, &app.models.read()).is_some();
    let history = if case_manager {
        Vec::new()
    } else {
        let sight = Sight { private_notes: principal.coordinates(&slug), ..Sight::default() };
        crate::http::routes::history::lines(&app, &slug, "actor", id, sight).await.unwrap_or_default()
    };
    let series = crate::http::routes::capacity::announcements(&app, id, 5_000).await.unwrap_or_default();
    let live = !asof.past();
    let may_edit = live
        && me.is_some()
        && crate::auth::access::check(Access::ActorWrite, &principal, &params, &app.models.read()).is_ok();
    let (notes, contacts) = super::people::keeps(&app, &principal, &path.0, &path.1);
    let token = me.as_ref().filter(|_| live).map_or("", |w| w.csrf.as_str()).to_owned();
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let base = format!("/site/{slug}/akter/{id}");
    let here = here(&req);
    let at = match asof.model(&app).await {
        Ok(at) => at,
        Err(detail) => {
            let content = html! {
                div class="chyby" role="alert" { p { (lang.t(Msg::NoStateForDate)) " " (detail) } }
                (asof::picker(lang, &base, &asof, &[]))
            };
            let page = Page { lang, title: lang.t(Msg::NotFound), who: me.as_ref(), path: &here };
            return page.answer(StatusCode::BAD_REQUEST, content);
        }
    };
    let now = at.now;
    let view = views::actor(&at.model, &id, now).filter(|v| v.network.as_ref() == Some(&slug)).map(|mut v| {
        at.model.with_live(&app, |live| crate::auth::redact::actor(&mut v, &principal, &slug, live));
        v
    });
    let picker = asof::picker(lang, &base, &asof, &[]);
    let banner = asof::banner(lang, &asof, at.as_of.map(|(_, d)| d), &base);
    let Some(view) = view else {
        // Not in the network on that date (or not at all).
        let content = html! { (banner) p { (lang.t(Msg::NotThereThen)) } (picker) };
        let page = Page { lang, title: lang.t(Msg::NotFound), who: me.as_ref(), path: &here };
        return page.answer(StatusCode::NOT_FOUND, content);
    };
    let follows =
        super::live::Follows { network: &slug, kinds: &["capacity"], actors: vec![id], platforms: Vec::new() };
    let position = app.models.position();
    let content = html! {
        (banner)
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        @if may_edit {
            p class="akce" { a class="tlacitko" href={ (base) "/upravit" } { (lang.t(Msg::Edit)) } }
        }
        (render(lang, &at.model, &principal, &slug, &view, &series, now))
        (super::people::sections(lang, &slug, &view, notes && !token.is_empty(), contacts && !token.is_empty(), &token))
        (picker)
        (history_section(lang, &at.model, &slug, &history))
        p class="kdy" { (lang.t(Msg::StateOn)) " " (date(now)) }
    };
    let content = if live { super::live::region(&follows, position, content) } else { content };
    drop(at);
    let title = view.fields.get("name").and_then(Value::as_text).unwrap_or("").to_owned();
    Page { lang, title: &title, who: me.as_ref(), path: &here }.answer(StatusCode::OK, content)
}

fn render(
    lang: Lang,
    model: &Model,
    principal: &Principal,
    slug: &Slug,
    view: &views::ActorView,
    series: &[crate::http::routes::capacity::Announcement],
    now: chrono::DateTime<chrono::Utc>,
) -> Markup {
    html! {
        p class="podtitul" {
            (lang.t(Msg::StatusLabel)) " " strong { (status_name(lang, view.status)) }
            @if let Some(since) = view.status_since { " " (lang.t(Msg::Since)) " " (date(since)) }
        }
        section aria-labelledby="udaje" {
            h2 id="udaje" { (lang.t(Msg::Details)) }
            dl class="udaje" {
                @for (field, v) in ordered(&view.fields) {
                    dt { (label(model, slug, field)) }
                    dd { (value(lang, model, slug, field, v)) }
                }
            }
        }
        @if !view.capacity.is_empty() {
            section aria-labelledby="kapacita" {
                h2 id="kapacita" { (lang.t(Msg::Capacity)) }
                table {
                    thead { tr { th scope="col" { (lang.t(Msg::Unit)) } th scope="col" { (lang.t(Msg::AtMost)) } th scope="col" { (lang.t(Msg::Free)) } th scope="col" { (lang.t(Msg::Announced)) } } }
                    tbody {
                        @for c in &view.capacity {
                            tr class=[c.stale.then_some("zastarale")] {
                                td { (unit_name(&c.unit)) }
                                td class="n" { (c.max.map_or("—".to_owned(), |m| number(i64::from(m)))) }
                                td {
                                    @match (c.free, c.stale) {
                                        (Some(n), false) => { (free(n, &c.unit)) }
                                        (Some(_), true) => { (lang.t(Msg::NoLongerValid)) }
                                        (None, _) => { (lang.t(Msg::NotAnnounced)) }
                                    }
                                }
                                td { (c.announced_at.map_or("—".to_owned(), date)) }
                            }
                        }
                    }
                }
                (charts(lang, view, series, now))
            }
        }
        @if !view.platforms.is_empty() || !view.activities.is_empty() {
            section aria-labelledby="zapojeni" {
                h2 id="zapojeni" { (lang.t(Msg::InTheNetwork)) }
                @if !view.platforms.is_empty() {
                    h3 { (lang.t(Msg::Platforms)) }
                    ul {
                        @for p in &view.platforms {
                            li {
                                a href={ "/site/" (slug) "/platforma/" (p.id) } { (p.name) }
                                " – " (lang.t(if p.role == "coordinator" { Msg::CoordinatesIt } else { Msg::MemberOfIt }))
                                @if !p.active { " (" (lang.t(Msg::PlatformEnded)) ")" }
                            }
                        }
                    }
                }
                @if !view.activities.is_empty() {
                    h3 { (lang.t(Msg::Activities)) }
                    ul {
                        @for a in &view.activities {
                            li {
                                a href={ "/site/" (slug) "/potreby#aktivita-" (a.id) } { (a.text) }
                                @if let Ok(area) = a.area.parse::<crate::domain::NeedArea>() { " – " (area.label_cs()) }
                            }
                        }
                    }
                }
            }
        }
        @let tasks = open_tasks(model, principal, slug, view.id);
        @if !tasks.is_empty() {
            section aria-labelledby="ukoly" {
                h2 id="ukoly" { (lang.t(Msg::OpenTasks)) }
                ul {
                    @for (platform, name, outcome) in &tasks {
                        li class=[outcome.due.is_some_and(|d| d < now).then_some("po-terminu")] {
                            (outcome.text)
                            @if let Some(due) = outcome.due { " – " (lang.t(Msg::Due)) " " (date(due)) }
                            " (" a href={ "/site/" (slug) "/platforma/" (platform) "/schuzka/" (outcome.meeting) } { (name) } ")"
                        }
                    }
                }
            }
        }
        @if !view.scheduled.is_empty() {
            section aria-labelledby="naplanovano" {
                h2 id="naplanovano" { (lang.t(Msg::ScheduledChanges)) }
                ul {
                    @for s in &view.scheduled {
                        li {
                            (lang.t(Msg::Since)) " " strong { (date(s.effective_at)) } ": "
                            @for c in &s.changes {
                                (label(model, slug, &c.field)) " → "
                                (c.new.as_ref().map_or("—".to_owned(), |v| value(lang, model, slug, &c.field, v))) "; "
                            }
                            @if let Some(st) = s.status { (lang.t(Msg::StatusTo)) " " (status_name(lang, st)) }
                        }
                    }
                }
            }
        }
    }
}

/// The open tasks `actor` is responsible for, across the network's
/// platforms, soonest due first: (platform, its name, the task).
/// Only platforms whose outcomes `principal` follows (the access module's
/// rule for outcomes).
fn open_tasks(
    model: &Model,
    principal: &Principal,
    slug: &Slug,
    actor: Uuid,
) -> Vec<(Uuid, String, crate::domain::platform::Outcome)> {
    use crate::domain::platform::{OutcomeKind, TaskStatus};
    let mut out: Vec<_> = model
        .platforms_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter(|id| principal.follows_platform(slug, id, model) || principal.regional_for(slug, model))
        .filter_map(|id| model.platforms.get(id).map(|p| (id, p)))
        .flat_map(|(id, p)| {
            let name = p.state.fields.get("name").and_then(Value::as_text).unwrap_or("").to_owned();
            p.state
                .outcomes
                .values()
                .filter(|o| o.kind == OutcomeKind::Task && o.status == TaskStatus::Open && o.owner == Some(actor))
                .map(move |o| (*id, name.clone(), o.clone()))
        })
        .collect();
    out.sort_by_key(|(_, _, o)| (o.due.is_none(), o.due));
    out
}

/// Every change of the record, newest first: both dates, who, old → new.
fn history_section(lang: Lang, model: &Model, slug: &Slug, history: &[crate::audit::history::Change]) -> Markup {
    html! {
        @if !history.is_empty() {
            section aria-labelledby="historie" {
                h2 id="historie" { (lang.t(Msg::History)) }
                table class="historie" {
                    thead { tr { th scope="col" { (lang.t(Msg::EffectiveFrom)) } th scope="col" { (lang.t(Msg::RecordedOn)) } th scope="col" { (lang.t(Msg::WhoColumn)) } th scope="col" { (lang.t(Msg::Change)) } } }
                    tbody {
                        @for line in history {
                            tr {
                                td { (date(line.effective_at)) }
                                td { (date_time(line.recorded_at)) }
                                td { (author(lang, model, &line.author)) }
                                td {
                                    @if line.changes.is_empty() {
                                        (kind_name(lang, &line.kind))
                                        @if let Some(c) = line.detail.get("capacity") {
                                            ": " (free(c["free"].as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0), c["unit"].as_str().unwrap_or("")))
                                        }
                                    }
                                    @for c in &line.changes {
                                        div {
                                            (label(model, slug, &c.field)) ": "
                                            span class="stare" { (c.old.as_ref().map_or("—".to_owned(), |v| value(lang, model, slug, &c.field, v))) }
                                            " → "
                                            span class="nove" { (c.new.as_ref().map_or("—".to_owned(), |v| value(lang, model, slug, &c.field, v))) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A chart of each unit's free places over the last year.
fn charts(
    lang: Lang,
    view: &views::ActorView,
    series: &[crate::http::routes::capacity::Announcement],
    now: chrono::DateTime<chrono::Utc>,
) -> Markup {
    html! {
        @if !series.is_empty() {
            div class="kapacita-rok" {
                h3 id="kapacita-rok" { (lang.t(Msg::CapacityOverYear)) }
                @for c in &view.capacity {
                    @let points: Vec<_> = series.iter().filter(|a| a.capacity.unit == c.unit).map(|a| (a.announced_at, a.capacity.free)).collect();
                    @if !points.is_empty() {
                        h4 { (unit_name(&c.unit)) }
                        (super::chart::capacity(lang, &format!("{} – {}", lang.t(Msg::Free), unit_name(&c.unit)), &points, c.max, now))
                    }
                }
            }
        }
    }
}

/// What a history line without field changes says.
fn kind_name(lang: Lang, kind: &str) -> &str {
    let msg = match kind {
        "actor.registered" => Msg::EvRegistered,
        "actor.status_changed" => Msg::EvStatus,
        "actor.reviewed" | "network.records_reviewed" => Msg::EvReviewed,
        "actor.note_added" => Msg::EvNoteAdded,
        "actor.note_edited" => Msg::EvNoteEdited,
        "actor.note_removed" => Msg::EvNoteRemoved,
        "actor.contact_added" => Msg::EvContactAdded,
        "actor.contact_changed" => Msg::EvContactChanged,
        "actor.contact_removed" => Msg::EvContactRemoved,
        "actor.contact_erased" => Msg::EvContactErased,
        "actor.capacity_announced" => Msg::EvCapacity,
        other => return other,
    };
    lang.t(msg)
}
