//! Writing a plan from its pages (a network's or a region's, the same
//! handlers): a new section; a section's title and present practice and a
//! recommendation added to it; a step added to a recommendation — what is
//! to be done, the actors and platforms responsible, the deadline, the
//! need areas and the findings it answers. Each form shows its problems by
//! field and keeps what was typed; each creating form carries its id
//! (`klic`), so a second send writes nothing new.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use maud::html;
use uuid::Uuid;

use super::controls::{Control, csrf, ticks};
use super::fields::Sent;
use super::forms::{Filled, Posted, Refusal, day, frame, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::plan::{Place, admit_place, plan_of, rename};
use super::session::refused;
use crate::auth::Principal;
use crate::domain::need_area::NeedArea;
use crate::domain::plan::{PlanCommand, StepDraft};
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::views;

/// The plan the request's path names, or the 404 page.
fn the_plan(app: &State, req: &HttpRequest, place: &Place, me: &Who) -> Result<views::PlanView, Box<HttpResponse>> {
    plan_of(app, place, req.match_info().query("plan"))
        .ok_or_else(|| Box::new(refused(req, Some(me), StatusCode::NOT_FOUND)))
}

/// Sends `command` to the plan; on success back to the plan's page at
/// `anchor`, on refusal the problems into `form`.
async fn run(
    app: &State,
    principal: &Principal,
    lang: Lang,
    (place, plan): (&Place, Uuid),
    command: PlanCommand,
    form: &mut Filled,
    anchor: &str,
) -> Result<HttpResponse, StatusCode> {
    match app.plan(&place.owner(), plan, command, &meta(principal, None, None)).await {
        Ok(_) => Ok(see_other(format!("{}/{plan}?ulozeno=1#{anchor}", place.plans()))),
        Err(error) => Err(form.refused(Refusal::of(lang, error))),
    }
}

/// Whether `plan` holds a section, recommendation or step `id` (the same
/// creating form sent twice: the first one wrote it).
fn holds(plan: &views::PlanView, id: Uuid) -> bool {
    plan.sections
        .iter()
        .any(|s| s.id == id || s.recommendations.iter().any(|r| r.id == id || r.steps.iter().any(|st| st.id == id)))
}

/// The plan's page after a form that was sent again.
fn written_before(place: &Place, plan: &views::PlanView) -> HttpResponse {
    see_other(format!("{}/{}?ulozeno=1", place.plans(), plan.id))
}

/// `GET …/plan/{plan}/oddil`: a new section.
pub async fn new_section(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, true));
    let plan = or_answer!(the_plan(&app, &req, &place, &me));
    let form = Filled::of(Sent(vec![("klic".into(), Uuid::now_v7().to_string())]));
    section_form(&req, &me, &place, &plan, None, (form, Filled::default()), StatusCode::OK)
}

/// `POST …/plan/{plan}/oddil`
pub async fn add_section(app: State, req: HttpRequest, principal: Principal, body: Posted) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, true));
    let plan = or_answer!(the_plan(&app, &req, &place, &me));
    let mut form = Filled::of(or_answer!(sent(body)));
    let lang = Lang::of(&req);
    let id = form.sent.key();
    if holds(&plan, id) {
        return written_before(&place, &plan);
    }
    let command = PlanCommand::AddSection {
        id,
        title: form.sent.one("title").trim().into(),
        practice: form.sent.one("practice").trim().into(),
    };
    match run(&app, &principal, lang, (&place, plan.id), command, &mut form, &format!("s-{id}")).await {
        Ok(done) => done,
        Err(status) => section_form(&req, &me, &place, &plan, None, (form, Filled::default()), status),
    }
}

/// `GET …/plan/{plan}/oddil/{section}`: a section's title and practice, and
/// a recommendation to add to it.
pub async fn section(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, true));
    let plan = or_answer!(the_plan(&app, &req, &place, &me));
    let Some(section) = section_of(&req, &plan) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    let forms = (Filled::of(section_sent(section)), Filled::of(section_sent(section)));
    section_form(&req, &me, &place, &plan, Some(section), forms, StatusCode::OK)
}

fn section_of<'a>(req: &HttpRequest, plan: &'a views::PlanView) -> Option<&'a views::SectionView> {
    let id = Uuid::parse_str(req.match_info().query("section")).ok()?;
    plan.sections.iter().find(|s| s.id == id)
}

/// `POST …/plan/{plan}/oddil/{section}`: rewrite it.
pub async fn change_section(app: State, req: HttpRequest, principal: Principal, body: Posted) -> HttpResponse {
    section_write(app, req, principal, body, false).await
}

/// `POST …/plan/{plan}/oddil/{section}/doporuceni`: add a recommendation
/// to it.
pub async fn recommend(app: State, req: HttpRequest, principal: Principal, body: Posted) -> HttpResponse {
    section_write(app, req, principal, body, true).await
}

async fn section_write(
    app: State,
    req: HttpRequest,
    principal: Principal,
    body: Posted,
    recommending: bool,
) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, true));
    let plan = or_answer!(the_plan(&app, &req, &place, &me));
    let Some(section) = section_of(&req, &plan) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
    let mut form = Filled::of(or_answer!(sent(body)));
    let lang = Lang::of(&req);
    if recommending && holds(&plan, form.sent.key()) {
        return written_before(&place, &plan);
    }
    let command = if recommending {
        PlanCommand::Recommend { id: form.sent.key(), section: section.id, text: form.sent.one("text").trim().into() }
    } else {
        PlanCommand::ChangeSection {
            id: section.id,
            title: Some(form.sent.one("title").trim().into()),
            practice: Some(form.sent.one("practice").trim().into()),
        }
    };
    match run(&app, &principal, lang, (&place, plan.id), command, &mut form, &format!("s-{}", section.id)).await {
        Ok(done) => done,
        Err(status) => {
            let (edit, recommend) = if recommending {
                (Filled::of(section_sent(section)), form)
            } else {
                (form, Filled::of(Sent(vec![("klic".into(), Uuid::now_v7().to_string())])))
            };
            section_form(&req, &me, &place, &plan, Some(section), (edit, recommend), status)
        }
    }
}

fn section_sent(section: &views::SectionView) -> Sent {
    Sent(vec![
        ("title".into(), section.title.clone()),
        ("practice".into(), section.practice.clone()),
        ("klic".into(), Uuid::now_v7().to_string()),
    ])
}

fn section_form(
    req: &HttpRequest,
    me: &Who,
    place: &Place,
    plan: &views::PlanView,
    section: Option<&views::SectionView>,
    (edit, recommend): (Filled, Filled),
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let base = format!("{}/{}", place.plans(), plan.id);
    let edit_sent = &edit.sent;
    let action = match section {
        Some(s) => format!("{base}/oddil/{}", s.id),
        None => format!("{base}/oddil"),
    };
    let content = html! {
        p { a href=(base) { "← " (plan.title) } }
        form method="post" action=(action) id="oddil" class="formular" {
            (edit.summary(lang, "oddil"))
            (csrf(&me.csrf))
            @if section.is_none() { input type="hidden" name="klic" value=(edit_sent.one("klic")); }
            (Control::new("title", lang.t(Msg::SectionTitle), &edit.errors).input("text", edit_sent))
            (Control::new("practice", lang.t(Msg::SectionPractice), &edit.errors).hint(lang.t(Msg::SectionPracticeHint)).textarea(8, edit_sent))
            button type="submit" { (lang.t(Msg::Save)) }
        }
        @if let Some(s) = section {
            h2 { (lang.t(Msg::Recommendations)) }
            @if s.recommendations.is_empty() { p class="prazdne" { (lang.t(Msg::NoRecommendations)) } }
            ol { @for r in &s.recommendations { li value=(r.number) { (r.text) } } }
            form method="post" action={ (action) "/doporuceni" } id="doporuceni" class="formular" {
                (recommend.summary(lang, "doporuceni"))
                (csrf(&me.csrf))
                input type="hidden" name="klic" value=(recommend.sent.one("klic"));
                (Control::new("text", lang.t(Msg::NewRecommendation), &recommend.errors).textarea(3, &recommend.sent))
                button type="submit" { (lang.t(Msg::AddRecommendation)) }
            }
        }
    };
    let title = section.map_or(lang.t(Msg::NewSection), |s| s.title.as_str());
    frame(req, lang, me, title, status, content)
}

/// What a step's form offers: the recommendations, actors, platforms and
/// findings of the plan's owner.
struct Choices {
    recommendations: Vec<(String, String)>,
    actors: Vec<(String, String)>,
    platforms: Vec<(String, String)>,
    findings: Vec<(String, String)>,
}

fn choices(app: &State, place: &Place, plan: &views::PlanView) -> Choices {
    let model = app.models.read();
    let networks = crate::app::plans::networks_of(&model, &place.owner());
    let sorted = |mut items: Vec<(String, String)>| {
        items.sort_by_cached_key(|(_, name)| crate::projections::czech::sort_key(name));
        items
    };
    let actors = networks
        .iter()
        .flat_map(|n| model.actors_by_network.get(n).into_iter().flatten())
        .filter_map(|id| model.actors.get(id).map(|a| (id.to_string(), a.entry.state.name().to_owned())))
        .collect();
    let platforms = networks
        .iter()
        .flat_map(|n| model.platforms_by_network.get(n).into_iter().flatten())
        .filter_map(|id| {
            let name = model.platforms.get(id)?.state.fields.get("name").and_then(Value::as_text)?.to_owned();
            Some((id.to_string(), name))
        })
        .collect();
    let findings = model
        .findings
        .iter()
        .filter(|(_, f)| f.state.network.as_ref().is_some_and(|n| networks.contains(n)))
        .map(|(id, f)| (id.to_string(), f.state.draft.title.clone()))
        .collect();
    let recommendations = plan
        .sections
        .iter()
        .flat_map(|s| {
            s.recommendations.iter().map(move |r| (r.id.to_string(), format!("{} – {}. {}", s.title, r.number, r.text)))
        })
        .collect();
    Choices { recommendations, actors: sorted(actors), platforms: sorted(platforms), findings: sorted(findings) }
}

/// `GET …/plan/{plan}/krok?doporuceni=…`: a step to add.
pub async fn new_step(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, true));
    let plan = or_answer!(the_plan(&app, &req, &place, &me));
    let chosen =
        req.query_string().split('&').find_map(|p| p.strip_prefix("doporuceni=")).unwrap_or_default().to_owned();
    let form = Filled::of(Sent(vec![("doporuceni".into(), chosen), ("klic".into(), Uuid::now_v7().to_string())]));
    step_form(&app, &req, &me, &place, &plan, form, StatusCode::OK)
}

/// `POST …/plan/{plan}/krok`
pub async fn add_step(app: State, req: HttpRequest, principal: Principal, body: Posted) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, true));
    let plan = or_answer!(the_plan(&app, &req, &place, &me));
    let mut form = Filled::of(or_answer!(sent(body)));
    if holds(&plan, form.sent.key()) {
        return written_before(&place, &plan);
    }
    let lang = Lang::of(&req);
    let ids = |name: &str| form.sent.all(name).iter().filter_map(|v| Uuid::parse_str(v).ok()).collect::<Vec<_>>();
    let deadline_text = form.sent.one("termin").trim().to_owned();
    let deadline = day(&deadline_text).and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc());
    let draft = StepDraft {
        text: form.sent.one("text").trim().into(),
        actors: ids("actors"),
        platforms: ids("platforms"),
        deadline,
        need_areas: form.sent.all("need_areas").iter().filter_map(|c| c.parse::<NeedArea>().ok()).collect(),
        findings: ids("findings"),
        gaps: Vec::new(),
    };
    let recommendation = Uuid::parse_str(form.sent.one("doporuceni")).ok();
    if recommendation.is_none() {
        form.errors.insert("doporuceni".into(), lang.t(Msg::PickRecommendation).into());
    }
    if !deadline_text.is_empty() && deadline.is_none() {
        form.errors.insert("termin".into(), lang.t(Msg::NotADate).into());
    }
    let status = match recommendation {
        Some(recommendation) if !form.failed() => {
            let command = PlanCommand::AddStep { id: form.sent.key(), recommendation, step: draft };
            match run(&app, &principal, lang, (&place, plan.id), command, &mut form, "").await {
                Ok(done) => return done,
                Err(status) => status,
            }
        }
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    rename(&mut form, &[("deadline", "termin"), ("recommendation", "doporuceni")]);
    step_form(&app, &req, &me, &place, &plan, form, status)
}

fn step_form(
    app: &State,
    req: &HttpRequest,
    me: &Who,
    place: &Place,
    plan: &views::PlanView,
    form: Filled,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let base = format!("{}/{}", place.plans(), plan.id);
    let c = choices(app, place, plan);
    let areas: Vec<(String, String)> =
        NeedArea::ALL.iter().map(|a| (a.code().to_owned(), lang.need_area(*a).to_owned())).collect();
    let err = |name: &str| form.errors.get(name).map(String::as_str);
    let content = html! {
        p { a href=(base) { "← " (plan.title) } }
        @if c.recommendations.is_empty() {
            p class="prazdne" { (lang.t(Msg::NoRecommendations)) }
        } @else {
            form method="post" action={ (base) "/krok" } id="krok" class="formular" {
                (form.summary(lang, "krok"))
                (csrf(&me.csrf))
                input type="hidden" name="klic" value=(form.sent.one("klic"));
                (Control::new("doporuceni", lang.t(Msg::Recommendation), &form.errors).select(&c.recommendations, &form.sent))
                (Control::new("text", lang.t(Msg::StepText), &form.errors).textarea(3, &form.sent))
                (Control::new("termin", lang.t(Msg::Deadline), &form.errors).hint(lang.t(Msg::DateHint)).input("date", &form.sent))
                (ticks("actors", lang.t(Msg::ResponsibleActors), &c.actors, &form.sent, err("actors")))
                (ticks("platforms", lang.t(Msg::ResponsiblePlatforms), &c.platforms, &form.sent, err("platforms")))
                (ticks("need_areas", lang.t(Msg::NeedAreasAnswered), &areas, &form.sent, err("need_areas")))
                @if !c.findings.is_empty() { (ticks("findings", lang.t(Msg::FindingsAnswered), &c.findings, &form.sent, err("findings"))) }
                button type="submit" { (lang.t(Msg::AddStep)) }
            }
        }
    };
    frame(req, lang, me, lang.t(Msg::NewStep), status, content)
}
