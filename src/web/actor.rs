//! An actor's page, read-only for now: its fields as the template names
//! them, its status, capacity (the registered maximum beside the latest
//! announcement, stale ones marked), changes waiting for their date, and
//! its history — every change, old → new, who and when on both clocks. What
//! the reader may not see is cut by the same rules as the API's view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::i18n::Lang;
use super::layout::Page;
use super::session::{admit, here, refused, who};
use crate::audit::history::{Sight, changes};
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::{date, date_time, free, number, unit_name};
use crate::domain::actor::Status;
use crate::domain::actor_fields;
use crate::domain::ids::Slug;
use crate::domain::value::Value;
use crate::http::support::State;
use crate::log::{Direction, ReadFrom, StreamName};
use crate::projections::{Model, views};

/// A field's value as people read it: need areas by their Czech names,
/// terms and actors by name, yes/no, Czech numbers.
fn value(model: &Model, network: &Slug, field: &str, value: &Value) -> String {
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
        Value::Flag(true) => "ano".to_owned(),
        Value::Flag(false) => "ne".to_owned(),
        Value::Number(n) => number(*n),
        Value::Text(t) => one(t),
        Value::List(items) => items.iter().map(|i| one(i)).collect::<Vec<_>>().join(", "),
        Value::Capacities(limits) => limits
            .iter()
            .map(|l| format!("{}: nejvýše {}", unit_name(&l.unit), number(i64::from(l.max))))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A field's name as the template (or the network's custom category)
/// names it.
fn label(model: &Model, network: &Slug, field: &str) -> String {
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

fn status_cs(status: Status) -> &'static str {
    match status {
        Status::Active => "aktivní",
        Status::TemporarilyClosed => "dočasně uzavřen",
        Status::Ended => "ukončen",
    }
}

/// Who made a change, by name.
fn author(model: &Model, author: &str) -> String {
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
        .unwrap_or_else(|| if author.starts_with("system:") { "systém".to_owned() } else { author.to_owned() })
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
    if let Err(answer) = admit(&app, &req, &principal, Access::NetworkRead, &params, me.as_ref()) {
        return *answer;
    }
    let (Ok(slug), Ok(id)) = (Slug::parse(&path.0), Uuid::parse_str(&path.1)) else {
        return refused(&req, me.as_ref(), StatusCode::NOT_FOUND);
    };
    let now = app.now();
    let view = {
        let model = app.models.read();
        views::actor(&model, &id, now).filter(|v| v.network.as_ref() == Some(&slug)).map(|mut v| {
            crate::auth::redact::actor(&mut v, &principal, &slug, &model);
            v
        })
    };
    let Some(view) = view else { return refused(&req, me.as_ref(), StatusCode::NOT_FOUND) };
    let case_manager = crate::auth::redact::case_manager_fields(&principal, &slug, &app.models.read()).is_some();
    let history = if case_manager {
        Vec::new()
    } else {
        let stream = StreamName::new("actor", id).ok();
        let events = match stream {
            Some(s) => {
                app.log.read_stream(&s, ReadFrom::At(0), Direction::Forward, usize::MAX).await.unwrap_or_default()
            }
            None => Vec::new(),
        };
        let sight = Sight { private_notes: principal.coordinates(&slug), ..Sight::default() };
        changes(events, app.keys.as_ref(), sight)
    };
    let lang = Lang::of(&req);
    let content = {
        let model = app.models.read();
        render(&model, &slug, &view, &history, now)
    };
    let title = view.fields.get("name").and_then(Value::as_text).unwrap_or("").to_owned();
    let here = here(&req);
    Page { lang, title: &title, who: me.as_ref(), path: &here }.answer(StatusCode::OK, content)
}

fn render(
    model: &Model,
    slug: &Slug,
    view: &views::ActorView,
    history: &[crate::audit::history::Change],
    now: chrono::DateTime<chrono::Utc>,
) -> Markup {
    html! {
        p class="podtitul" {
            "Stav: " strong { (status_cs(view.status)) }
            @if let Some(since) = view.status_since { " od " (date(since)) }
        }
        section aria-labelledby="udaje" {
            h2 id="udaje" { "Údaje" }
            dl class="udaje" {
                @for (field, v) in ordered(&view.fields) {
                    dt { (label(model, slug, field)) }
                    dd { (value(model, slug, field, v)) }
                }
            }
        }
        @if !view.capacity.is_empty() {
            section aria-labelledby="kapacita" {
                h2 id="kapacita" { "Kapacita" }
                table {
                    thead { tr { th scope="col" { "Jednotka" } th scope="col" { "Nejvýše" } th scope="col" { "Volno" } th scope="col" { "Hlášeno" } } }
                    tbody {
                        @for c in &view.capacity {
                            tr class=[c.stale.then_some("zastarale")] {
                                td { (unit_name(&c.unit)) }
                                td class="n" { (c.max.map_or("—".to_owned(), |m| number(i64::from(m)))) }
                                td {
                                    @match (c.free, c.stale) {
                                        (Some(n), false) => { (free(n, &c.unit)) }
                                        (Some(_), true) => { "hlášení už neplatí" }
                                        (None, _) => { "nehlášeno" }
                                    }
                                }
                                td { (c.announced_at.map_or("—".to_owned(), date)) }
                            }
                        }
                    }
                }
            }
        }
        @if !view.scheduled.is_empty() {
            section aria-labelledby="naplanovano" {
                h2 id="naplanovano" { "Naplánované změny" }
                ul {
                    @for s in &view.scheduled {
                        li {
                            "od " strong { (date(s.effective_at)) } ": "
                            @for c in &s.changes {
                                (label(model, slug, &c.field)) " → "
                                (c.new.as_ref().map_or("—".to_owned(), |v| value(model, slug, &c.field, v))) "; "
                            }
                            @if let Some(st) = s.status { "stav → " (status_cs(st)) }
                        }
                    }
                }
            }
        }
        @if !history.is_empty() {
            section aria-labelledby="historie" {
                h2 id="historie" { "Historie změn" }
                table class="historie" {
                    thead { tr { th scope="col" { "Platí od" } th scope="col" { "Zapsáno" } th scope="col" { "Kdo" } th scope="col" { "Změna" } } }
                    tbody {
                        @for line in history {
                            tr {
                                td { (date(line.effective_at)) }
                                td { (date_time(line.recorded_at)) }
                                td { (author(model, &line.author)) }
                                td {
                                    @if line.changes.is_empty() {
                                        (kind_cs(&line.kind))
                                        @if let Some(c) = line.detail.get("capacity") {
                                            ": " (free(c["free"].as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0), c["unit"].as_str().unwrap_or("")))
                                        }
                                    }
                                    @for c in &line.changes {
                                        div {
                                            (label(model, slug, &c.field)) ": "
                                            span class="stare" { (c.old.as_ref().map_or("—".to_owned(), |v| value(model, slug, &c.field, v))) }
                                            " → "
                                            span class="nove" { (c.new.as_ref().map_or("—".to_owned(), |v| value(model, slug, &c.field, v))) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        p class="kdy" { "Stav k " (date(now)) }
    }
}

fn kind_cs(kind: &str) -> &str {
    match kind {
        "actor.registered" => "zapsán do sítě",
        "actor.status_changed" => "změna stavu",
        "actor.reviewed" | "network.records_reviewed" => "zrevidován",
        "actor.note_added" => "přidána poznámka",
        "actor.note_edited" => "upravena poznámka",
        "actor.note_removed" => "odebrána poznámka",
        "actor.contact_added" => "přidána kontaktní osoba",
        "actor.contact_changed" => "změněna kontaktní osoba",
        "actor.contact_removed" => "odebrána kontaktní osoba",
        "actor.contact_erased" => "výmaz osobních údajů kontaktní osoby",
        "actor.capacity_announced" => "hlášení kapacity",
        other => other,
    }
}
