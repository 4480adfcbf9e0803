//! The mid-term plans of a network (`/site/{network}/plan`, for its
//! coordinators and the region's) and of a region (`/kraj/{region}/plan`,
//! for the region's coordinators) as pages: the plans, newest period
//! first, and a form to start one; a plan with its sections,
//! present practice, recommendations and steps — responsible actors and
//! platforms, deadlines (overdue marked), status — each step moved on in
//! place (dropping or reopening a done step asks why, as the domain
//! requires); publishing the plan or taking it back; the plan document as
//! a page and as RTF one click away.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use maud::html;
use uuid::Uuid;

use maud::Markup;

use super::controls::{Control, csrf};
use super::forms::{Filled, Posted, Refusal, admitted, frame, may, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::date;
use crate::domain::ids::Slug;
use crate::domain::plan::{Owner, PlanCommand, StepStatus};
use crate::http::support::State;
use crate::projections::views;

/// Whose plans a page shows: a network's or a region's.
#[derive(Clone, Debug)]
pub enum Place {
    /// `/site/{network}/plan…`
    Network(Slug),
    /// `/kraj/{region}/plan…`
    Region(Slug),
}

impl Place {
    /// The plans' owner.
    pub fn owner(&self) -> Owner {
        match self {
            Self::Network(s) => Owner::Network(s.clone()),
            Self::Region(s) => Owner::Region(s.clone()),
        }
    }

    /// Where its plans' pages are.
    pub fn plans(&self) -> String {
        match self {
            Self::Network(s) => format!("/site/{s}/plan"),
            Self::Region(s) => format!("/kraj/{s}/plan"),
        }
    }

    /// Its API's prefix (the plan documents are served there).
    pub fn api(&self) -> String {
        match self {
            Self::Network(s) => format!("/api/v1/networks/{s}"),
            Self::Region(s) => format!("/api/v1/regions/{s}"),
        }
    }

    fn params(&self) -> Params {
        match self {
            Self::Network(s) => Params { network: Some(s.to_string()), ..Params::default() },
            Self::Region(s) => Params { region: Some(s.to_string()), ..Params::default() },
        }
    }
}

/// Admits the person to the plans of the network or region the request's
/// path names: to read them (`write` false) or to change them — by the
/// access module's rules, as the API's plan routes.
pub fn admit_place(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    write: bool,
) -> Result<(Place, Who), Box<HttpResponse>> {
    let info = req.match_info();
    let (place, access) = match info.get("region") {
        Some(region) => {
            let slug = Slug::parse(region).map_err(|_| Box::new(refused(req, None, StatusCode::NOT_FOUND)))?;
            (Place::Region(slug), Access::RegionCoordination)
        }
        None => {
            let slug =
                Slug::parse(info.query("network")).map_err(|_| Box::new(refused(req, None, StatusCode::NOT_FOUND)))?;
            (Place::Network(slug), if write { Access::NetworkWrite } else { Access::NetworkCoordination })
        }
    };
    let (_, me) = admitted(app, req, principal, access, &place.params())?;
    Ok((place, me))
}

/// The plan `id` of `place` as its coordinators see it.
pub fn plan_of(app: &State, place: &Place, id: &str) -> Option<views::PlanView> {
    let id = Uuid::parse_str(id).ok()?;
    let model = app.models.read();
    model.plans.get(&id).filter(|p| p.state.owned_by(&place.owner()))?;
    views::plan(&model, &id, app.now())
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

/// `GET /site/{network}/plan` and `/kraj/{region}/plan`: the plans, and a
/// form to start one.
pub async fn list(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, false));
    listing(&app, &req, &principal, &place, &me, Filled::default(), StatusCode::OK)
}

fn listing(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    place: &Place,
    me: &Who,
    form: Filled,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let now = app.now();
    let writes = writes(app, principal, place, me);
    let owner = place.owner();
    let mut plans: Vec<views::PlanView> = {
        let model = app.models.read();
        model
            .plans
            .iter()
            .filter(|(_, p)| p.state.owned_by(&owner))
            .filter_map(|(id, _)| views::plan(&model, id, now))
            .collect()
    };
    plans.sort_by_key(|p| std::cmp::Reverse(p.from));
    let base = place.plans();
    let year = chrono::Datelike::year(&now);
    let mut sent = form.sent.clone();
    if sent.0.is_empty() {
        sent.0 = vec![
            ("od".into(), year.to_string()),
            ("do".into(), (year + 2).to_string()),
            ("klic".into(), Uuid::now_v7().to_string()),
        ];
    }
    let content = html! {
        @if plans.is_empty() { p class="prazdne" { (lang.t(Msg::NoPlans)) } }
        ul {
            @for p in &plans {
                li {
                    a href={ (base) "/" (p.id) } { (p.title) } " (" (p.from) "–" (p.to) ")"
                    " – " @if p.published.is_some() { (lang.t(Msg::Published)) } @else { (lang.t(Msg::NotPublished)) }
                    " · " span class="kdy" {
                        (lang.t(Msg::StepDone)) " " (p.steps.done) ", " (lang.t(Msg::StepInProgress)) " " (p.steps.in_progress)
                        ", " (lang.t(Msg::StepPlanned)) " " (p.steps.planned) @if p.steps.overdue > 0 { ", " strong class="pozor" { (lang.t(Msg::Overdue)) " " (p.steps.overdue) } }
                    }
                }
            }
        }
        @if writes {
            details class="formular" open[form.failed()] {
                summary { (lang.t(Msg::NewPlan)) }
                form method="post" action=(base) id="novy-plan" {
                    (form.summary(lang, "novy-plan"))
                    (csrf(&me.csrf))
                    input type="hidden" name="klic" value=(sent.one("klic"));
                    (Control::new("title", lang.t(Msg::PlanTitle), &form.errors).input("text", &sent))
                    (Control::new("od", lang.t(Msg::PlanFrom), &form.errors).input("number", &sent))
                    (Control::new("do", lang.t(Msg::PlanTo), &form.errors).hint(lang.t(Msg::PlanYearsHint)).input("number", &sent))
                    button type="submit" { (lang.t(Msg::StartPlan)) }
                }
            }
        }
    };
    let title = match place {
        Place::Network(_) => Msg::Plans,
        Place::Region(_) => Msg::RegionPlanMenu,
    };
    frame(req, lang, me, lang.t(title), status, content)
}

/// Whether `me` (a session, not a token) may change `place`'s plans.
pub fn writes(app: &State, principal: &Principal, place: &Place, me: &Who) -> bool {
    let access = match place {
        Place::Network(_) => Access::NetworkWrite,
        Place::Region(_) => Access::RegionCoordination,
    };
    !me.csrf.is_empty() && may(app, principal, access, &place.params())
}

/// `POST /site/{network}/plan` and `/kraj/{region}/plan`: start a plan with
/// the standard's four sections.
pub async fn create(app: State, req: HttpRequest, principal: Principal, body: Posted) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, true));
    let sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let id = sent.key();
    if plan_of(&app, &place, &id.to_string()).is_some() {
        return see_other(format!("{}/{id}", place.plans()));
    }
    let mut form = Filled::of(sent);
    let year = |name: &str| form.sent.one(name).trim().parse::<i32>().ok();
    let (from, to) = (year("od"), year("do"));
    for (name, value) in [("od", from), ("do", to)] {
        if value.is_none() {
            form.errors.insert(name.into(), lang.t(Msg::YearWanted).into());
        }
    }
    let (Some(from), Some(to)) = (from, to) else {
        return listing(&app, &req, &principal, &place, &me, form, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let command = PlanCommand::Create { owner: place.owner(), title: form.sent.one("title").trim().into(), from, to };
    match app.plan(&place.owner(), id, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(format!("{}/{id}?ulozeno=1", place.plans())),
        Err(error) => {
            let status = form.refused(Refusal::of(lang, error));
            rename(&mut form, &[("from", "od"), ("to", "do")]);
            listing(&app, &req, &principal, &place, &me, form, status)
        }
    }
}

/// Moves the domain's field names to the form's input names.
pub fn rename(form: &mut Filled, names: &[(&str, &str)]) {
    for (domain, input) in names {
        if let Some(e) = form.errors.remove(*domain) {
            form.errors.insert((*input).to_owned(), e);
        }
    }
}

/// `GET /site/{network}/plan/{plan}` and `/kraj/{region}/plan/{plan}`
pub async fn page(app: State, req: HttpRequest, principal: Principal) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, false));
    answer(&app, &req, &principal, &me, &place, Vec::new(), StatusCode::OK)
}

fn answer(
    app: &State,
    req: &HttpRequest,
    principal: &Principal,
    me: &Who,
    place: &Place,
    problems: Vec<String>,
    status: StatusCode,
) -> HttpResponse {
    let lang = Lang::of(req);
    let Some(view) = plan_of(app, place, req.match_info().query("plan")) else {
        return refused(req, Some(me), StatusCode::NOT_FOUND);
    };
    let writes = writes(app, principal, place, me);
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let base = format!("{}/{}", place.plans(), view.id);
    let document = format!("{}/plans/{}/document", place.api(), view.id);
    let network = match place {
        Place::Network(slug) => Some(slug),
        Place::Region(_) => None,
    };
    let content = html! {
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        @if !problems.is_empty() { div class="chyby" role="alert" tabindex="-1" { h2 { (lang.t(Msg::ErrorSummary)) } ul { @for p in &problems { li { (p) } } } } }
        p class="podtitul" {
            (view.from) "–" (view.to) " · "
            @match view.published { Some(at) => { (lang.t(Msg::Published)) " " (date(at)) } None => { (lang.t(Msg::NotPublished)) } }
        }
        p class="akce" {
            a href=(document) { (lang.t(Msg::PlanDocument)) } " · " a href={ (document) ".rtf" } { (lang.t(Msg::PlanDocumentRtf)) }
            " · " a href={ (base) "/hodnoceni" } { (lang.t(Msg::YearlyEvaluations)) }
            @if let Some(slug) = network { " · " a href={ "/site/" (slug) "/zjisteni" } { (lang.t(Msg::Findings)) } }
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
                @if writes { p class="akce" { a href={ (base) "/oddil/" (section.id) } { (lang.t(Msg::EditSectionLink)) } } }
                @for r in &section.recommendations {
                    h3 { (r.number) ". " (r.text) }
                    @if r.steps.is_empty() { p class="prazdne" { (lang.t(Msg::NoStepsYet)) } }
                    ul class="kroky" {
                        @for step in &r.steps { (step_item(lang, me, network, &base, step, writes)) }
                    }
                    @if writes { p class="akce" { a href={ (base) "/krok?doporuceni=" (r.id) } { (lang.t(Msg::AddStepLink)) } } }
                }
            }
        }
        @if writes { p class="akce" { a href={ (base) "/oddil" } { (lang.t(Msg::AddSectionLink)) } } }
    };
    frame(req, lang, me, &view.title, status, content)
}

fn step_item(lang: Lang, me: &Who, network: Option<&Slug>, base: &str, step: &views::StepView, writes: bool) -> Markup {
    let link = |kind: &str, id: &Uuid| network.map(|slug| format!("/site/{slug}/{kind}/{id}"));
    html! {
        li class=[step.overdue.then_some("po-terminu")] {
            strong { (step.text) }
            @if !step.actors.is_empty() || !step.platforms.is_empty() {
                br; (lang.t(Msg::Responsible)) ": "
                @let who = step.actors.iter().map(|a| (link("akter", &a.id), &a.name))
                    .chain(step.platforms.iter().map(|p| (link("platforma", &p.id), &p.name)));
                @for (i, (href, name)) in who.enumerate() {
                    @if i > 0 { ", " }
                    @match href { Some(href) => { a href=(href) { (name) } } None => { (name) } }
                }
            }
            @if let Some(d) = step.deadline { br; (lang.t(Msg::Due)) " " (date(d)) @if step.overdue { " " strong class="pozor" { (lang.t(Msg::Overdue)) } } }
            br; (lang.t(Msg::StatusLabel)) " " (status_name(lang, step.status))
            @let changes: Vec<_> = step.history.iter().filter(|h| !h.reason.is_empty()).collect();
            @if !changes.is_empty() {
                details {
                    summary { (lang.t(Msg::StepHistory)) }
                    ul { @for h in &changes { li { (date(h.at)) " – " (status_name(lang, h.status)) ": " (h.reason) } } }
                }
            }
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

/// `POST …/plan/{plan}/krok/{step}` (a step's status) and
/// `…/plan/{plan}/zverejneni` (publishing), of a network's or a region's
/// plan.
pub async fn write(app: State, req: HttpRequest, principal: Principal, body: Posted) -> HttpResponse {
    let (place, me) = or_answer!(admit_place(&app, &req, &principal, true));
    let sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let Ok(plan) = Uuid::parse_str(req.match_info().query("plan")) else {
        return refused(&req, Some(&me), StatusCode::NOT_FOUND);
    };
    let command = match req.match_info().get("step").map(Uuid::parse_str) {
        Some(Ok(step)) => {
            let Some(status) = STATUSES.into_iter().find(|s| status_code(*s) == sent.one("status")) else {
                let problems = vec![lang.t(Msg::PickStatus).into()];
                return answer(&app, &req, &principal, &me, &place, problems, StatusCode::UNPROCESSABLE_ENTITY);
            };
            PlanCommand::SetStatus { id: step, status, reason: sent.one("reason").to_owned() }
        }
        Some(Err(_)) => return refused(&req, Some(&me), StatusCode::NOT_FOUND),
        None if sent.one("zverejnit") == "ano" => PlanCommand::Publish,
        None => PlanCommand::Unpublish { reason: sent.one("reason").to_owned() },
    };
    match app.plan(&place.owner(), plan, command, &meta(&principal, None, None)).await {
        Ok(_) => see_other(format!("{}/{plan}?ulozeno=1", place.plans())),
        Err(error) => {
            let problems = Refusal::of(lang, error).all();
            answer(&app, &req, &principal, &me, &place, problems, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}
