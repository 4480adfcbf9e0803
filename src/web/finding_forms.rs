//! Recording and revising findings of the mapping from their pages: the
//! theme and what was found, the need areas and target groups it
//! concerns, and what it rests on — chosen from the network's present
//! coverage gaps, its platforms' recent meeting outcomes and its actors'
//! notes (the sources a finding already holds stay offered) — and moving a
//! finding on (setting it aside needs a reason).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use maud::html;
use uuid::Uuid;

use super::controls::{Control, csrf, ticks};
use super::fields::{Sent, network_terms};
use super::forms::{Filled, Posted, Refusal, admitted, frame, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::platforms::actor_name;
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::date;
use crate::domain::finding::{FindingCommand, FindingDraft, FindingStatus, Source};
use crate::domain::ids::Slug;
use crate::domain::need_area::NeedArea;
use crate::domain::network::TermKind;
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::Model;

/// How many recent outcomes and notes are offered as sources.
const RECENT: usize = 40;

fn admit(app: &State, req: &HttpRequest, principal: &Principal) -> Result<(Slug, Who), Box<HttpResponse>> {
    let params = Params { network: Some(req.match_info().query("network").to_owned()), ..Params::default() };
    admitted(app, req, principal, Access::NetworkWrite, &params)
}

/// A source as a form's value.
fn code(source: &Source) -> String {
    match source {
        Source::ActorNote { actor, note } => format!("n:{actor}:{note}"),
        Source::PlatformOutcome { platform, outcome } => format!("v:{platform}:{outcome}"),
        Source::Gap { area, target_group } => format!("m:{}:{target_group}", area.code()),
    }
}

/// A form's value as a source.
fn source(code: &str) -> Option<Source> {
    let mut parts = code.splitn(3, ':');
    let (kind, a, b) = (parts.next()?, parts.next()?, parts.next()?);
    let id = Uuid::parse_str(b).ok()?;
    Some(match kind {
        "n" => Source::ActorNote { actor: Uuid::parse_str(a).ok()?, note: id },
        "v" => Source::PlatformOutcome { platform: Uuid::parse_str(a).ok()?, outcome: id },
        "m" => Source::Gap { area: a.parse::<NeedArea>().ok()?, target_group: id },
        _ => return None,
    })
}

fn short(text: &str) -> String {
    let cut: String = text.chars().take(90).collect();
    if cut.len() < text.len() { format!("{cut}…") } else { cut }
}

/// A source, said.
fn label(lang: Lang, model: &Model, slug: &Slug, s: &Source) -> String {
    let platform = |id: &Uuid| {
        model.platforms.get(id).and_then(|p| p.state.fields.get("name").and_then(Value::as_text).map(str::to_owned))
    };
    match s {
        Source::ActorNote { actor, note } => {
            let text = model.actors.get(actor).and_then(|a| a.entry.state.notes.get(note)).map(|n| short(&n.text));
            format!("{} – {}: {}", lang.t(Msg::SourceNote), actor_name(model, actor), text.unwrap_or_default())
        }
        Source::PlatformOutcome { platform: p, outcome } => {
            let found = model.platforms.get(p).and_then(|pl| pl.state.outcomes.get(outcome).cloned());
            let when = found
                .as_ref()
                .and_then(|o| model.platforms.get(p)?.state.meetings.get(&o.meeting).map(|m| date(m.date)));
            format!(
                "{} – {}{}: {}",
                lang.t(Msg::SourceOutcome),
                platform(p).unwrap_or_default(),
                when.map(|w| format!(", {w}")).unwrap_or_default(),
                found.map(|o| short(&o.text)).unwrap_or_default()
            )
        }
        Source::Gap { area, target_group } => format!(
            "{} – {} × {}",
            lang.t(Msg::SourceGap),
            lang.need_area(*area),
            super::fields::term_name(model, slug, target_group)
        ),
    }
}

/// The sources offered: the finding's own, the coverage gaps, the recent
/// outcomes and notes.
fn offered(lang: Lang, app: &State, slug: &Slug, held: &[Source]) -> Vec<(String, String)> {
    let model = app.models.read();
    let mut sources: Vec<Source> = held.to_vec();
    let coverage = crate::projections::views::coverage(&model, slug, None);
    sources.extend(coverage.uncovered.iter().map(|g| Source::Gap { area: g.area, target_group: g.target_group }));
    let mut outcomes: Vec<(chrono::DateTime<chrono::Utc>, Source)> = model
        .platforms_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter_map(|id| model.platforms.get(id).map(|p| (id, p)))
        .flat_map(|(id, p)| {
            p.state.outcomes.iter().filter_map(move |(oid, o)| {
                let at = p.state.meetings.get(&o.meeting)?.date;
                Some((at, Source::PlatformOutcome { platform: *id, outcome: *oid }))
            })
        })
        .collect();
    outcomes.sort_by_key(|o| std::cmp::Reverse(o.0));
    sources.extend(outcomes.into_iter().take(RECENT).map(|(_, s)| s));
    let mut notes: Vec<Source> = model
        .actors_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter_map(|id| model.actors.get(id).map(|a| (id, a)))
        .flat_map(|(id, a)| a.entry.state.notes.keys().map(move |note| Source::ActorNote { actor: *id, note: *note }))
        .collect();
    // Note ids are time-ordered: the newest first.
    notes.sort_by_key(|s| std::cmp::Reverse(if let Source::ActorNote { note, .. } = s { *note } else { Uuid::nil() }));
    sources.extend(notes.into_iter().take(RECENT));
    let mut seen = std::collections::BTreeSet::new();
    sources.iter().filter(|s| seen.insert(code(s))).map(|s| (code(s), label(lang, &model, slug, s))).collect()
}

fn draft(form: &Filled) -> FindingDraft {
    let s = &form.sent;
    FindingDraft {
        title: s.one("title").trim().into(),
        text: s.one("text").trim().into(),
        sources: s.all("sources").iter().filter_map(|c| source(c)).collect(),
        need_areas: s.all("need_areas").iter().filter_map(|c| c.parse().ok()).collect(),
        target_groups: s.all("target_groups").iter().filter_map(|c| Uuid::parse_str(c).ok()).collect(),
    }
}

/// `GET /site/{network}/zjisteni/nove`
pub async fn new(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (slug, me) = or_answer!(admit(&app, &req, &principal));
    let form = Filled::of(Sent(vec![("klic".into(), Uuid::now_v7().to_string())]));
    show(&app, &req, &slug, &me, None, (form, None), StatusCode::OK)
}

/// `POST /site/{network}/zjisteni/nove` (record) and
/// `…/zjisteni/{finding}` (revise).
pub async fn write(app: State, req: HttpRequest, principal: Principal, body: Posted) -> HttpResponse {
    let (slug, me) = or_answer!(admit(&app, &req, &principal));
    let mut form = Filled::of(or_answer!(sent(body)));
    let lang = Lang::of(&req);
    let existing = Uuid::parse_str(req.match_info().query("finding")).ok();
    let exists =
        |id: &Uuid| app.models.read().findings.get(id).is_some_and(|f| f.state.network.as_ref() == Some(&slug));
    let (id, command) = match existing {
        Some(id) if exists(&id) => (id, FindingCommand::Revise { draft: draft(&form) }),
        Some(_) => return refused(&req, Some(&me), StatusCode::NOT_FOUND),
        None => {
            let id = form.sent.key();
            if exists(&id) {
                return see_other(format!("/site/{slug}/zjisteni?ulozeno=1#z-{id}"));
            }
            (id, FindingCommand::Record { network: slug.clone(), draft: draft(&form) })
        }
    };
    match app.finding(&slug, id, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(format!("/site/{slug}/zjisteni?ulozeno=1#z-{id}")),
        Err(error) => {
            let status = form.refused(Refusal::of(lang, error));
            show(&app, &req, &slug, &me, existing, (form, None), status)
        }
    }
}

/// The finding `id` of network `slug` as its form shows it.
fn held(app: &State, slug: &Slug, id: Option<Uuid>) -> Option<Filled> {
    let model = app.models.read();
    let state = &model.findings.get(&id?).filter(|f| f.state.network.as_ref() == Some(slug))?.state;
    let d = &state.draft;
    let mut sent = Sent(vec![("title".into(), d.title.clone()), ("text".into(), d.text.clone())]);
    sent.0.extend(d.sources.iter().map(|s| ("sources".into(), code(s))));
    sent.0.extend(d.need_areas.iter().map(|a| ("need_areas".into(), a.code().to_owned())));
    sent.0.extend(d.target_groups.iter().map(|g| ("target_groups".into(), g.to_string())));
    Some(Filled::of(sent))
}

/// `GET /site/{network}/zjisteni/{finding}`: revise it, move it on.
pub async fn edit(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (slug, me) = or_answer!(admit(&app, &req, &principal));
    let id = Uuid::parse_str(req.match_info().query("finding")).ok();
    let Some(form) = held(&app, &slug, id) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    show(&app, &req, &slug, &me, id, (form, None), StatusCode::OK)
}

fn show(
    app: &State,
    req: &HttpRequest,
    slug: &Slug,
    me: &Who,
    finding: Option<Uuid>,
    (form, moved): (Filled, Option<Filled>),
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let held: Vec<Source> = form.sent.all("sources").iter().filter_map(|c| source(c)).collect();
    let sources = offered(lang, app, slug, &held);
    let areas: Vec<(String, String)> =
        NeedArea::ALL.iter().map(|a| (a.code().to_owned(), lang.need_area(*a).to_owned())).collect();
    let groups: Vec<(String, String)> = {
        let model = app.models.read();
        network_terms(&model, slug, TermKind::TargetGroup).into_iter().map(|(id, n)| (id.to_string(), n)).collect()
    };
    let current =
        finding.and_then(|id| app.models.read().findings.get(&id).map(|f| (f.state.status, f.state.reason.clone())));
    let action = match finding {
        Some(id) => format!("/site/{slug}/zjisteni/{id}"),
        None => format!("/site/{slug}/zjisteni/nove"),
    };
    let err = |name: &str| form.errors.get(name).map(String::as_str);
    let statuses: Vec<(String, String)> = FindingStatus::ALL
        .iter()
        .map(|s| (s.code().to_owned(), super::findings::status_name(lang, *s).to_owned()))
        .collect();
    let content = html! {
        p { a href={ "/site/" (slug) "/zjisteni" } { "← " (lang.t(Msg::Findings)) } }
        form method="post" action=(action) id="zjisteni" class="formular" {
            (form.summary(lang, "zjisteni"))
            (csrf(&me.csrf))
            @if finding.is_none() { input type="hidden" name="klic" value=(form.sent.one("klic")); }
            (Control::new("title", lang.t(Msg::FindingTitle), &form.errors).hint(lang.t(Msg::FindingTitleHint)).input("text", &form.sent))
            (Control::new("text", lang.t(Msg::FindingText), &form.errors).textarea(5, &form.sent))
            (ticks("need_areas", lang.t(Msg::ConcernsAreas), &areas, &form.sent, err("need_areas")))
            @if !groups.is_empty() { (ticks("target_groups", lang.t(Msg::ConcernsGroups), &groups, &form.sent, err("target_groups"))) }
            @if sources.is_empty() { p class="prazdne" { (lang.t(Msg::NoSourcesToOffer)) } }
            @else { (ticks("sources", lang.t(Msg::RestsOn), &sources, &form.sent, err("sources"))) }
            button type="submit" { (lang.t(Msg::Save)) }
        }
        @if let (Some(id), Some((status, reason))) = (finding, current) {
            h2 { (lang.t(Msg::FindingStands)) }
            @let moved = moved.unwrap_or_else(|| Filled::of(Sent(vec![("status".into(), status.code().to_owned()), ("reason".into(), reason)])));
            form method="post" action={ "/site/" (slug) "/zjisteni/" (id) "/stav" } id="stav" class="formular" {
                (moved.summary(lang, "stav"))
                (csrf(&me.csrf))
                (Control::new("status", lang.t(Msg::StatusLabel), &moved.errors).select(&statuses, &moved.sent))
                (Control::new("reason", lang.t(Msg::FindingReason), &moved.errors).hint(lang.t(Msg::FindingReasonHint)).input("text", &moved.sent))
                button type="submit" { (lang.t(Msg::ChangeButton)) }
            }
        }
    };
    let title = if finding.is_some() { lang.t(Msg::EditFinding) } else { lang.t(Msg::NewFinding) };
    frame(req, lang, me, title, status, content)
}

/// `POST /site/{network}/zjisteni/{finding}/stav`
pub async fn status(app: State, req: HttpRequest, principal: Principal, body: Posted) -> HttpResponse {
    let (slug, me) = or_answer!(admit(&app, &req, &principal));
    let mut moved = Filled::of(or_answer!(sent(body)));
    let lang = Lang::of(&req);
    let id = Uuid::parse_str(req.match_info().query("finding")).ok();
    let Some(form) = held(&app, &slug, id) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    let status = FindingStatus::ALL.into_iter().find(|s| s.code() == moved.sent.one("status"));
    let answer = match (id, status) {
        (Some(id), Some(status)) => {
            let command = FindingCommand::SetStatus { status, reason: moved.sent.one("reason").trim().to_owned() };
            match app.finding(&slug, id, command, &meta(&principal, None, None)).await {
                Ok(_) => return see_other(format!("/site/{slug}/zjisteni?ulozeno=1#z-{id}")),
                Err(error) => moved.refused(Refusal::of(lang, error)),
            }
        }
        _ => {
            moved.errors.insert("status".into(), lang.t(Msg::PickStatus).into());
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    show(&app, &req, &slug, &me, id, (form, Some(moved)), answer)
}
