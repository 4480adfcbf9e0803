//! The network's mid-term plans as pages for its coordinators (and the
//! region's): the plans, newest period first; a plan with its sections,
//! present practice, recommendations and steps — responsible actors and
//! platforms, deadlines (overdue marked), status — each step moved on in
//! place (dropping or reopening a done step asks why, as the domain
//! requires); publishing the plan or taking it back; the plan document as
//! a page and as RTF one click away.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use uuid::Uuid;

use super::controls::csrf;
use super::forms::{Posted, Refusal, admitted, frame, may, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::date;
use crate::domain::ids::Slug;
use crate::domain::plan::{Owner, PlanCommand, StepStatus};
use crate::http::support::State;
use crate::projections::views;

fn params(network: &str) -> Params {
    Params { network: Some(network.to_owned()), ..Params::default() }
}

/// A step's status, said.
pub fn status_name(lang: Lang, status: StepStatus) -> &'static str {
    lang.t(match status {
        StepStatus::Planned => Msg::StepPlanned,
        StepStatus::InProgress => Msg::StepInProgress,
        StepStatus::Done => Msg::StepDone,
        StepStatus::Dropped => Msg::StepDropped,
    })
}

fn status_code(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Planned => "planned",
        StepStatus::InProgress => "in_progress",
        StepStatus::Done => "done",
        StepStatus::Dropped => "dropped",
    }
}

const STATUSES: [StepStatus; 4] = [StepStatus::Planned, StepStatus::InProgress, StepStatus::Done, StepStatus::Dropped];

/// `GET /site/{network}/plan`: the network's plans.
pub async fn list(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkCoordination, &params(&path)));
    let lang = Lang::of(&req);
    let now = app.now();
    let model = app.models.read();
    let owner = Owner::Network(slug.clone());
    let mut plans: Vec<views::PlanView> = model
        .plans
        .iter()
        .filter(|(_, p)| p.state.owned_by(&owner))
        .filter_map(|(id, _)| views::plan(&model, id, now))
        .collect();
    plans.sort_by_key(|p| std::cmp::Reverse(p.from));
    let content = html! {
        @if plans.is_empty() { p class="prazdne" { (lang.t(Msg::NoPlans)) } }
        ul {
            @for p in &plans {
                li {
                    a href={ "/site/" (slug) "/plan/" (p.id) } { (p.title) } " (" (p.from) "–" (p.to) ")"
                    " – " @if p.published.is_some() { (lang.t(Msg::Published)) } @else { (lang.t(Msg::NotPublished)) }
                    " · " span class="kdy" {
                        (lang.t(Msg::StepDone)) " " (p.steps.done) ", " (lang.t(Msg::StepInProgress)) " " (p.steps.in_progress)
                        ", " (lang.t(Msg::StepPlanned)) " " (p.steps.planned) @if p.steps.overdue > 0 { ", " strong class="pozor" { (lang.t(Msg::Overdue)) " " (p.steps.overdue) } }
                    }
                }
            }
        }
    };
    drop(model);
    frame(&req, lang, &me, lang.t(Msg::Plans), StatusCode::OK, content)
}

/// `GET /site/{network}/plan/{plan}`
pub async fn page(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkCoordination, &params(&path.0)));
    answer(&app, &req, &principal, &me, &slug, &path.1, Vec::new(), StatusCode::OK)
}

#[allow(clippy::too_many_arguments)]
fn answer(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    me: &super::layout::Who,
    slug: &Slug,
    plan: &str,
    problems: Vec<String>,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let owner = Owner::Network(slug.clone());
    let view = Uuid::parse_str(plan).ok().and_then(|id| {
        let model = app.models.read();
        model.plans.get(&id).filter(|p| p.state.owned_by(&owner))?;
        views::plan(&model, &id, app.now())
    });
    let Some(view) = view else { return refused(req, Some(me), StatusCode::NOT_FOUND) };
    let writes = !me.csrf.is_empty() && may(app, principal, Access::NetworkWrite, &params(slug.as_str()));
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let base = format!("/site/{slug}/plan/{}", view.id);
    let document = format!("/api/v1/networks/{slug}/plans/{}/document", view.id);
    let content = html! {
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        @if !problems.is_empty() { div class="chyby" role="alert" tabindex="-1" { h2 { (lang.t(Msg::ErrorSummary)) } ul { @for p in &problems { li { (p) } } } } }
        p class="podtitul" {
            (view.from) "–" (view.to) " · "
            @match view.published { Some(at) => { (lang.t(Msg::Published)) " " (date(at)) } None => { (lang.t(Msg::NotPublished)) } }
        }
        p class="akce" {
            a href=(document) { (lang.t(Msg::PlanDocument)) } " · " a href={ (document) ".rtf" } { (lang.t(Msg::PlanDocumentRtf)) }
            " · " a href={ "/site/" (slug) "/zjisteni" } { (lang.t(Msg::Findings)) }
        }
        @if writes {
            form method="post" action={ (base) "/zverejneni" } class="formular" {
                (csrf(&me.csrf))
                @if view.published.is_some() {
                    div class="pole" { label for="duvod" { (lang.t(Msg::UnpublishReason)) } input id="duvod" name="reason"; }
                    button type="submit" class="druhotne" name="zverejnit" value="ne" { (lang.t(Msg::Unpublish)) }
                } @else {
                    input type="hidden" name="zverejnit" value="ano";
                    button type="submit" { (lang.t(Msg::PublishPlan)) }
                }
            }
        }
        @for section in &view.sections {
            section aria-labelledby={ "s-" (section.id) } class="oblast" {
                h2 id={ "s-" (section.id) } { (section.title) }
                @if !section.practice.is_empty() { p class="odstavce" { (section.practice) } }
                @for r in &section.recommendations {
                    h3 { (r.number) ". " (r.text) }
                    @if r.steps.is_empty() { p class="prazdne" { (lang.t(Msg::NoStepsYet)) } }
                    ul class="kroky" {
                        @for step in &r.steps {
                            li class=[step.overdue.then_some("po-terminu")] {
                                strong { (step.text) }
                                @if !step.actors.is_empty() || !step.platforms.is_empty() {
                                    br; (lang.t(Msg::Responsible)) ": "
                                    @let who = step.actors.iter().map(|a| (format!("/site/{slug}/akter/{}", a.id), &a.name))
                                        .chain(step.platforms.iter().map(|p| (format!("/site/{slug}/platforma/{}", p.id), &p.name)));
                                    @for (i, (href, name)) in who.enumerate() { @if i > 0 { ", " } a href=(href) { (name) } }
                                }
                                @if let Some(d) = step.deadline { br; (lang.t(Msg::Due)) " " (date(d)) @if step.overdue { " " strong class="pozor" { (lang.t(Msg::Overdue)) } } }
                                br; (lang.t(Msg::StatusLabel)) " " (status_name(lang, step.status))
                                @if writes {
                                    form method="post" action={ (base) "/krok/" (step.id) } class="vradku" {
                                        (csrf(&me.csrf))
                                        label for={ "k-" (step.id) } class="skryte" { (lang.t(Msg::NewStatus)) }
                                        select id={ "k-" (step.id) } name="status" {
                                            @for s in STATUSES { option value=(status_code(s)) selected[s == step.status] { (status_name(lang, s)) } }
                                        }
                                        label for={ "d-" (step.id) } class="skryte" { (lang.t(Msg::StepReason)) }
                                        input id={ "d-" (step.id) } name="reason" placeholder=(lang.t(Msg::StepReason)) size="24";
                                        button type="submit" { (lang.t(Msg::ChangeButton)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    frame(req, lang, me, &view.title, status, content)
}

/// `POST /site/{network}/plan/{plan}/krok/{step}` (a step's status) and
/// `…/zverejneni` (publishing).
pub async fn write(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<Vec<String>>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&path[0])));
    let sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let Some(plan) = path.get(1).and_then(|p| Uuid::parse_str(p).ok()) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let command = match path.get(2).and_then(|s| Uuid::parse_str(s).ok()) {
        Some(step) => {
            let Some(status) = STATUSES.into_iter().find(|s| status_code(*s) == sent.one("status")) else {
                return answer(
                    &app,
                    &req,
                    &principal,
                    &me,
                    &slug,
                    &path[1],
                    vec![lang.t(Msg::PickStatus).into()],
                    StatusCode::UNPROCESSABLE_ENTITY,
                );
            };
            PlanCommand::SetStatus { id: step, status, reason: sent.one("reason").to_owned() }
        }
        None if sent.one("zverejnit") == "ano" => PlanCommand::Publish,
        None => PlanCommand::Unpublish { reason: sent.one("reason").to_owned() },
    };
    match app.plan(&Owner::Network(slug.clone()), plan, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(format!("/site/{slug}/plan/{plan}?ulozeno=1")),
        Err(error) => {
            let problems = Refusal::of(lang, error).all();
            answer(&app, &req, &principal, &me, &slug, &path[1], problems, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}
