//! The network's settings as a page for its coordinators: the taxonomies
//! (target groups, life situations, places: add, rename, retire), the
//! custom categories of the actor template, what case managers may read
//! and when capacity goes stale, and who holds which role in the network
//! (grant, take back). Each form is plain, answered by a redirect, or the
//! page again with the form's problems next to its fields.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::controls::{Control, csrf, ticks};
use super::fields::Sent;
use super::forms::{Filled, Posted, Refusal, admitted, frame, meta, or_answer, see_other, sent};
use super::i18n::{Lang, Msg};
use super::layout::Who;
use super::session::refused;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::domain::actor_fields::{ACTOR_FIELDS, CUSTOM_PREFIX};
use crate::domain::ids::Slug;
use crate::domain::network::{CategoryKind, DESIGNATABLE, NetworkCommand, NetworkState, TermKind};
use crate::http::support::State;

fn params(network: &str) -> Params {
    Params { network: Some(network.to_owned()), ..Params::default() }
}

/// The forms of the page as shown.
#[derive(Default)]
struct Forms {
    term: Filled,
    category: Filled,
    sharing: Filled,
    role: Filled,
    /// Problems of a one-button form (rename, retire, remove, take back).
    other: Vec<String>,
}

const KINDS: [(TermKind, &str, Msg); 3] = [
    (TermKind::TargetGroup, "target_group", Msg::TargetGroups),
    (TermKind::LifeSituation, "life_situation", Msg::LifeSituations),
    (TermKind::Place, "place", Msg::Places),
];

fn category_kind(lang: Lang, kind: CategoryKind) -> &'static str {
    lang.t(match kind {
        CategoryKind::Text => Msg::KindText,
        CategoryKind::YesNo => Msg::KindYesNo,
        CategoryKind::Number => Msg::KindNumber,
        CategoryKind::OneOf => Msg::KindOneOf,
        CategoryKind::ManyOf => Msg::KindManyOf,
    })
}

const CATEGORY_KINDS: [(CategoryKind, &str); 5] = [
    (CategoryKind::Text, "text"),
    (CategoryKind::YesNo, "yes_no"),
    (CategoryKind::Number, "number"),
    (CategoryKind::OneOf, "one_of"),
    (CategoryKind::ManyOf, "many_of"),
];

/// `GET /site/{network}/nastaveni`
pub async fn page(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&path)));
    let mut forms = Forms::default();
    forms.term.sent.0.push(("klic".into(), Uuid::now_v7().to_string()));
    forms.category.sent.0.push(("klic".into(), Uuid::now_v7().to_string()));
    answer(&app, &req, &me, &slug, forms, StatusCode::OK)
}

fn answer(app: &State, req: &HttpRequest, me: &Who, slug: &Slug, mut forms: Forms, status: StatusCode) -> HttpResponse {
    let lang = Lang::of(req);
    let saved = req.query_string().split('&').any(|p| p == "ulozeno=1");
    let model = app.models.read();
    let Some(network) = model.networks.get(slug).map(|n| &n.state) else {
        drop(model);
        return refused(req, Some(me), StatusCode::NOT_FOUND);
    };
    if forms.sharing.sent.0.is_empty() {
        forms.sharing.sent = Sent(
            network
                .designated_fields
                .iter()
                .map(|f| ("designated".to_owned(), f.clone()))
                .chain(std::iter::once(("stale_days".to_owned(), network.stale_days().to_string())))
                .collect(),
        );
    }
    let base = format!("/site/{slug}/nastaveni");
    let content = html! {
        @if saved { p class="potvrzeni" role="status" { (lang.t(Msg::Saved)) } }
        @if !forms.other.is_empty() {
            div class="chyby" role="alert" tabindex="-1" { h2 { (lang.t(Msg::ErrorSummary)) } ul { @for p in &forms.other { li { (p) } } } }
        }
        nav aria-label=(lang.t(Msg::OnThisPage)) class="obsah-stranky" {
            ul {
                li { a href="#pojmy" { (lang.t(Msg::Taxonomies)) } }
                li { a href="#kategorie" { (lang.t(Msg::CustomCategories)) } }
                li { a href="#filtry" { (lang.t(Msg::SavedFilters)) } }
                li { a href="#sdileni" { (lang.t(Msg::CaseManagersSee)) } }
                li { a href="#role" { (lang.t(Msg::UsersAndRoles)) } }
            }
        }
        (taxonomies(lang, network, me, &base, &forms.term))
        (categories(lang, network, me, &base, &forms.category))
        (saved_filters(lang, network, me, slug))
        (sharing(lang, network, me, &base, &forms.sharing))
        (super::settings_roles::roles(lang, &model, slug, me, &base, &forms.role))
    };
    drop(model);
    frame(req, lang, me, lang.t(Msg::NetworkSettings), status, content)
}

fn taxonomies(lang: Lang, network: &NetworkState, me: &Who, base: &str, form: &Filled) -> Markup {
    let kinds: Vec<(String, String)> =
        KINDS.iter().map(|(_, code, msg)| ((*code).to_owned(), lang.t(*msg).to_owned())).collect();
    html! {
        section aria-labelledby="pojmy" {
            h2 id="pojmy" { (lang.t(Msg::Taxonomies)) }
            div class="prehled" {
                @for (kind, _, msg) in KINDS {
                    @let terms = super::fields::live_terms(network, kind, &[]);
                    section class="karta" aria-label=(lang.t(msg)) {
                        h3 { (lang.t(msg)) }
                        @if terms.is_empty() { p class="prazdne" { (lang.t(Msg::NoneYet)) } }
                        ul class="pojmy" {
                            @for (id, name) in terms {
                                li {
                                    form method="post" action={ (base) "/pojmy/" (id) } class="vradku" {
                                        (csrf(&me.csrf))
                                        label for={ "pojem-" (id) } class="skryte" { (lang.t(Msg::RenameTo)) }
                                        input id={ "pojem-" (id) } name="name" value=(name) size="18";
                                        button type="submit" { (lang.t(Msg::Rename)) }
                                    }
                                    form method="post" action={ (base) "/pojmy/" (id) "/vyradit" } class="vradku" {
                                        (csrf(&me.csrf))
                                        button type="submit" class="druhotne" aria-label={ (lang.t(Msg::Retire)) ": " (name) } { (lang.t(Msg::Retire)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h3 { (lang.t(Msg::AddTerm)) }
            (form.summary(lang, "pojem-formular"))
            form method="post" action={ (base) "/pojmy" } class="formular" id="pojem-formular" {
                (csrf(&me.csrf))
                input type="hidden" name="klic" value=(form.sent.one("klic"));
                (Control::new("kind", lang.t(Msg::Taxonomy), &form.errors).select(&kinds, &form.sent))
                (Control::new("name", lang.t(Msg::TermName), &form.errors).hint(lang.t(Msg::TermHint)).input("text", &form.sent))
                button type="submit" { (lang.t(Msg::AddTerm)) }
            }
        }
    }
}

fn categories(lang: Lang, network: &NetworkState, me: &Who, base: &str, form: &Filled) -> Markup {
    let kinds: Vec<(String, String)> =
        CATEGORY_KINDS.iter().map(|(k, code)| ((*code).to_owned(), category_kind(lang, *k).to_owned())).collect();
    html! {
        section aria-labelledby="kategorie" {
            h2 id="kategorie" { (lang.t(Msg::CustomCategories)) }
            @if network.categories.is_empty() { p class="prazdne" { (lang.t(Msg::NoneYet)) } }
            ul {
                @for (id, c) in &network.categories {
                    li {
                        strong { (c.name) } " – " (category_kind(lang, c.kind))
                        @if !c.allowed.is_empty() { ": " (c.allowed.join(", ")) }
                        form method="post" action={ (base) "/kategorie/" (id) "/odebrat" } class="vradku" {
                            (csrf(&me.csrf))
                            button type="submit" class="druhotne" aria-label={ (lang.t(Msg::Remove)) ": " (c.name) } { (lang.t(Msg::Remove)) }
                        }
                    }
                }
            }
            h3 { (lang.t(Msg::AddCategory)) }
            (form.summary(lang, "kategorie-formular"))
            form method="post" action={ (base) "/kategorie" } class="formular" id="kategorie-formular" {
                (csrf(&me.csrf))
                input type="hidden" name="klic" value=(form.sent.one("klic"));
                (Control::new("name", lang.t(Msg::CategoryName), &form.errors).input("text", &form.sent))
                (Control::new("kind", lang.t(Msg::CategoryKindLabel), &form.errors).select(&kinds, &form.sent))
                (Control::new("allowed", lang.t(Msg::AllowedValues), &form.errors).hint(lang.t(Msg::AllowedHint)).textarea(4, &form.sent))
                button type="submit" { (lang.t(Msg::AddCategory)) }
            }
        }
    }
}

/// The saved filters of the directory: open, remove; new ones are saved
/// from the directory itself.
fn saved_filters(lang: Lang, network: &NetworkState, me: &Who, slug: &Slug) -> Markup {
    let mut filters: Vec<_> = network.filters.iter().collect();
    filters.sort_by_cached_key(|(_, f)| crate::projections::czech::sort_key(&f.name));
    html! {
        section aria-labelledby="filtry" {
            h2 id="filtry" { (lang.t(Msg::SavedFilters)) }
            p { (lang.t(Msg::SavedFiltersHint)) " " a href={ "/site/" (slug) "/adresar" } { (lang.t(Msg::Directory)) } }
            @if filters.is_empty() { p class="prazdne" { (lang.t(Msg::NoneYet)) } }
            ul {
                @for (id, f) in filters {
                    li {
                        a href={ "/site/" (slug) "/adresar?" (f.filter.to_query()) } { (f.name) }
                        @if f.audience == crate::domain::network::Audience::CaseManagers {
                            " " span class="kdy" { "(" (lang.t(Msg::SharedWithCaseManagers)) ")" }
                        }
                        form method="post" action={ "/site/" (slug) "/adresar/filtry/" (id) "/odebrat" } class="vradku" {
                            (csrf(&me.csrf))
                            input type="hidden" name="zpet" value={ "/site/" (slug) "/nastaveni#filtry" };
                            button type="submit" class="druhotne" aria-label={ (lang.t(Msg::Remove)) ": " (f.name) } { (lang.t(Msg::Remove)) }
                        }
                    }
                }
            }
        }
    }
}

fn sharing(lang: Lang, network: &NetworkState, me: &Who, base: &str, form: &Filled) -> Markup {
    let mut options: Vec<(String, String)> =
        ACTOR_FIELDS.iter().map(|f| (f.code.to_owned(), f.label_cs.to_owned())).collect();
    options.extend(network.categories.iter().map(|(id, c)| (format!("{CUSTOM_PREFIX}{id}"), c.name.clone())));
    options.extend(DESIGNATABLE.iter().map(|f| {
        ((*f).to_owned(), lang.t(if *f == "contacts" { Msg::Contacts } else { Msg::SharedNotes }).to_owned())
    }));
    html! {
        section aria-labelledby="sdileni" {
            h2 id="sdileni" { (lang.t(Msg::CaseManagersSee)) }
            (form.summary(lang, "sdileni-formular"))
            form method="post" action={ (base) "/sdileni" } class="formular" id="sdileni-formular" {
                (csrf(&me.csrf))
                (ticks("designated", lang.t(Msg::DesignatedFields), &options, &form.sent, form.errors.get("designated_fields").map(String::as_str)))
                (Control::new("stale_days", lang.t(Msg::StaleDays), &form.errors).hint(lang.t(Msg::StaleDaysHint)).input("number", &form.sent))
                button type="submit" { (lang.t(Msg::Save)) }
            }
        }
    }
}

/// `POST /site/{network}/nastaveni/{…}`: every form of the page, told
/// apart by the path.
pub async fn submit(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<Vec<String>>,
    body: Posted,
) -> HttpResponse {
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkWrite, &params(&path[0])));
    let sent = or_answer!(sent(body));
    let lang = Lang::of(&req);
    let rest: Vec<&str> = req.path().split('/').skip(4).collect();
    let m = meta(&principal, None, None);
    let network_has =
        |check: &dyn Fn(&NetworkState) -> bool| app.models.read().networks.get(&slug).is_some_and(|n| check(&n.state));
    let mut forms = Forms::default();
    let key = sent.key();
    let (result, anchor) = match rest.as_slice() {
        ["pojmy"] => {
            if network_has(&|n| n.terms.contains_key(&key)) {
                return see_other(format!("/site/{slug}/nastaveni?ulozeno=1#pojmy"));
            }
            let kind = KINDS.iter().find(|(_, code, _)| *code == sent.one("kind")).map(|(k, _, _)| *k);
            forms.term = Filled::of(sent.clone());
            let Some(kind) = kind else {
                forms.term.errors.insert("kind".into(), lang.t(Msg::PickFromList).to_owned());
                return answer(&app, &req, &me, &slug, forms, StatusCode::UNPROCESSABLE_ENTITY);
            };
            let command = NetworkCommand::AddTerm { id: key, kind, name: sent.one("name").to_owned() };
            (app.network(&slug, command, &m).await, "pojmy")
        }
        ["pojmy", id] | ["pojmy", id, "vyradit"] => {
            let Ok(id) = Uuid::parse_str(id) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
            let command = if rest.len() == 3 {
                NetworkCommand::RetireTerm { id }
            } else {
                NetworkCommand::RenameTerm { id, name: sent.one("name").to_owned() }
            };
            (app.network(&slug, command, &m).await, "pojmy")
        }
        ["kategorie"] => {
            if network_has(&|n| n.categories.contains_key(&key)) {
                return see_other(format!("/site/{slug}/nastaveni?ulozeno=1#kategorie"));
            }
            forms.category = Filled::of(sent.clone());
            let Some(kind) = CATEGORY_KINDS.iter().find(|(_, c)| *c == sent.one("kind")).map(|(k, _)| *k) else {
                forms.category.errors.insert("kind".into(), lang.t(Msg::PickFromList).to_owned());
                return answer(&app, &req, &me, &slug, forms, StatusCode::UNPROCESSABLE_ENTITY);
            };
            let allowed =
                sent.one("allowed").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
            let command = NetworkCommand::DefineCategory { id: key, name: sent.one("name").to_owned(), kind, allowed };
            (app.network(&slug, command, &m).await, "kategorie")
        }
        ["kategorie", id, "odebrat"] => {
            let Ok(id) = Uuid::parse_str(id) else { return refused(&req, Some(&me), StatusCode::NOT_FOUND) };
            if !network_has(&|n| n.categories.contains_key(&id)) {
                return see_other(format!("/site/{slug}/nastaveni#kategorie"));
            }
            (app.network(&slug, NetworkCommand::RemoveCategory { id }, &m).await, "kategorie")
        }
        ["sdileni"] => {
            forms.sharing = Filled::of(sent.clone());
            let days = sent.one("stale_days").trim();
            let Ok(days) = days.parse::<u32>() else {
                forms.sharing.errors.insert("stale_days".into(), lang.t(Msg::WholeNumber).to_owned());
                return answer(&app, &req, &me, &slug, forms, StatusCode::UNPROCESSABLE_ENTITY);
            };
            let fields = sent.all("designated").iter().map(|s| (*s).to_owned()).collect();
            let command =
                NetworkCommand::Configure { designated_fields: Some(fields), capacity_stale_days: Some(days) };
            (app.network(&slug, command, &m).await, "sdileni")
        }
        ["role"] | ["role", "odebrat"] => {
            let give = rest.len() == 1;
            if give {
                forms.role = Filled::of(sent.clone());
            }
            match super::settings_roles::grant_of(lang, &slug, &sent) {
                Ok(grant) => (app.network_role(&slug, sent.one("username"), grant, give, &m).await, "role"),
                Err((field, e)) => {
                    forms.role.errors.insert(field.into(), e.clone());
                    forms.other.extend((!give).then_some(e));
                    return answer(&app, &req, &me, &slug, forms, StatusCode::UNPROCESSABLE_ENTITY);
                }
            }
        }
        _ => return refused(&req, Some(&me), StatusCode::NOT_FOUND),
    };
    match result {
        Ok(_) => see_other(format!("/site/{slug}/nastaveni?ulozeno=1#{anchor}")),
        Err(error) => {
            let refusal = Refusal::of(lang, error);
            let form = match rest.as_slice() {
                ["pojmy"] => &mut forms.term,
                ["kategorie"] => &mut forms.category,
                ["sdileni"] => &mut forms.sharing,
                ["role"] => &mut forms.role,
                _ => {
                    forms.other = refusal.all();
                    let status =
                        if forms.other.is_empty() { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
                    return answer(&app, &req, &me, &slug, forms, status);
                }
            };
            let status = form.refused(refusal);
            // The domain's field names, as this page's inputs are named.
            form.errors = std::mem::take(&mut form.errors)
                .into_iter()
                .map(|(field, e)| {
                    let field = field.split('[').next().unwrap_or("").to_owned();
                    let input = match field.as_str() {
                        "designated_fields" => "designated",
                        "capacity_stale_days" => "stale_days",
                        "grant" => "role",
                        other => other,
                    };
                    (input.to_owned(), e)
                })
                .collect();
            answer(&app, &req, &me, &slug, forms, status)
        }
    }
}
