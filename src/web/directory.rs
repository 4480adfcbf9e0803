//! The directory as a page: the API's filters as a plain GET form (need
//! areas, target groups, places and life situations with their counts,
//! kind, focus, crisis network, free capacity, status, text ignoring
//! diacritics), the matching actors in Czech order, a page at a time. A
//! case manager sees the controls and columns of the fields designated for
//! them only, by the access module's rule.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};

use super::asof::{self, AsOf};
use super::forms::or_answer;
use super::i18n::{Lang, Msg};
use super::layout::Page;
use super::saved_filters;
use super::session::{admit, here, who};
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::auth::redact;
use crate::czech::number;
use crate::domain::NeedArea;
use crate::domain::filter::DirectoryFilter;
use crate::domain::ids::Slug;
use crate::domain::network::TermKind;
use crate::http::support::State;
use crate::projections::directory::{self, DirectoryQuery, Facets, Sort};
use crate::projections::{Model, views};

/// Actors per page.
const PER_PAGE: usize = 25;
/// The query keys that are not filters.
pub(super) const OPTIONS: &[&str] = &["strana", "razeni", "k", "hodiny", "ulozeno"];

/// `GET /site/{network}/adresar`
pub async fn page(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let me = who(&app, &principal);
    let params = Params { network: Some(path.clone()), ..Params::default() };
    let slug = or_answer!(admit(&app, &req, &principal, Access::NetworkRead, &params, me.as_ref()));
    let lang = Lang::of(&req);
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    // Empty fields of the form are not filters.
    let pairs: Vec<(String, String)> = pairs.into_iter().filter(|(_, v)| !v.trim().is_empty()).collect();
    let page: usize = pairs.iter().find(|(k, _)| k == "strana").and_then(|(_, v)| v.parse().ok()).unwrap_or(1).max(1);
    let sort = if pairs.iter().any(|(k, v)| k == "razeni" && v == "zmena") { Sort::Updated } else { Sort::Name };
    let mut problems: Vec<String> = Vec::new();
    let filter = match DirectoryFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), OPTIONS) {
        Ok(filter) => filter,
        Err(errors) => {
            problems.extend(errors.into_iter().map(|e| format!("{}: {}", e.field, e.reason)));
            DirectoryFilter::default()
        }
    };
    let token = me.as_ref().map_or("", |w| w.csrf.as_str()).to_owned();
    let asof = AsOf::of(&req, lang);
    // Read before the model of the page is held: the live model is locked once.
    let saved = if asof.past() {
        html! {}
    } else {
        saved_filters::section(&app, lang, &principal, &slug, &filter, &token)
    };
    let take_away = {
        let query = pairs.iter().filter(|(k, _)| k != "strana" && k != "ulozeno").cloned().collect::<Vec<_>>();
        serde_urlencoded::to_string(&query).unwrap_or_default()
    };
    let at = match asof.model(&app).await {
        Ok(at) => at,
        Err(detail) => {
            let path = here(&req);
            let page = Page { lang, title: lang.t(Msg::DirectoryTitle), who: me.as_ref(), path: &path };
            let base = format!("/site/{slug}/adresar");
            return page.answer(
                StatusCode::BAD_REQUEST,
                html! {
                    div class="chyby" role="alert" { p { (lang.t(Msg::NoStateForDate)) " " (detail) } }
                    (asof::picker(lang, &base, &asof, &pairs))
                },
            );
        }
    };
    let model: &Model = &at.model;
    let only = at.model.with_live(&app, |live| redact::case_manager_fields(&principal, &slug, live));
    if let Some(fields) = &only
        && let Err(why) = redact::case_manager_filter(&filter, fields)
    {
        drop(at);
        let path = here(&req);
        let page = Page { lang, title: lang.t(Msg::DirectoryTitle), who: me.as_ref(), path: &path };
        return page.answer(
            StatusCode::FORBIDDEN,
            html! { p { (why) } p { a href={ "/site/" (slug) "/adresar" } { (lang.t(Msg::ClearFilters)) } } },
        );
    }
    let now = at.now;
    let query = DirectoryQuery { filter, page, per_page: PER_PAGE, sort, names_only: only.is_some() };
    let found = directory::query(model, &slug, &query, now);
    let shows = |field: &str| only.as_ref().is_none_or(|f| f.iter().any(|x| x == field));
    let may_enter = !asof.past()
        && me.is_some()
        && at
            .model
            .with_live(&app, |live| crate::auth::access::check(Access::NetworkWrite, &principal, &params, live))
            .is_ok();
    let keep = if asof.past() { format!("?{}", asof.query()) } else { String::new() };
    let base = format!("/site/{slug}/adresar");
    let used = in_use(&pairs);
    let content = html! {
        (asof::banner(lang, &asof, at.as_of.map(|(_, d)| d), &base))
        @if may_enter {
            p class="akce" { a class="tlacitko" href={ "/site/" (slug) "/novy-akter" } { (lang.t(Msg::NewActor)) } }
        }
        @if !problems.is_empty() {
            div class="chyby" role="alert" { h2 { (lang.t(Msg::FilterUnusable)) } ul { @for p in &problems { li { (p) } } } }
        }
        // Filters beside the results on a wide screen (`.adresar`), above
        // them on a narrow one; in this order for a reader either way.
        div class="adresar" {
            div class="adresar-filtry" {
                // Shown on a narrow screen only, where the form is long.
                p class="na-vysledky" { a href="#vysledky" { (lang.t(Msg::ToResults)) span aria-hidden="true" { " ↓" } } }
                form method="get" action={ "/site/" (slug) "/adresar" } class="filtry" data-hned="1" {
                    @for (k, v) in pairs.iter().filter(|(k, _)| asof.past() && (k == "k" || k == "hodiny")) {
                        input type="hidden" name=(k) value=(v);
                    }
                    div class="pole" {
                        label for="q" { (lang.t(Msg::Search)) }
                        p class="napoveda" id="q-napoveda" { @if only.is_some() { (lang.t(Msg::SearchHintNames)) } @else { (lang.t(Msg::SearchHintAll)) } }
                        input id="q" name="q" type="search" value=(value(&pairs, "q")) aria-describedby="q-napoveda";
                    }
                    // Folded on a phone by the page's script (the results then
                    // come right after the search); open otherwise.
                    details class="filtry-vse" open {
                        summary {
                            (lang.t(Msg::FiltersFold))
                            @if used > 0 { " " span class="pocet" { "(" (lang.t(Msg::FiltersInUse)) ": " (used) ")" } }
                        }
                        @if shows("need_areas") { (areas(lang, &pairs, &found.facets)) }
                        @if shows("target_groups") { (terms(model, &slug, TermKind::TargetGroup, "target_group", lang.t(Msg::TargetGroups), &pairs, &found.facets)) }
                        @if shows("places") { (terms(model, &slug, TermKind::Place, "place", lang.t(Msg::Places), &pairs, &found.facets)) }
                        @if shows("life_situations") { (terms(model, &slug, TermKind::LifeSituation, "life_situation", lang.t(Msg::LifeSituations), &pairs, &found.facets)) }
                        @if shows("focus") {
                            div class="pole" {
                                label for="focus" { (lang.t(Msg::Focus)) }
                                select id="focus" name="focus" {
                                    option value="" { (lang.t(Msg::All)) }
                                    @for (code, name) in [("prevention", lang.t(Msg::Prevention)), ("intervention", lang.t(Msg::Intervention))] {
                                        option value=(code) selected[value(&pairs, "focus") == code] { (name) }
                                    }
                                }
                            }
                        }
                        @if shows("crisis_network") {
                            div class="pole zaskrt" { label { input type="checkbox" name="crisis" value="true" checked[value(&pairs, "crisis") == "true"]; " " (lang.t(Msg::OnlyCrisis)) } }
                        }
                        div class="pole zaskrt" { label { input type="checkbox" name="free_capacity" value="true" checked[value(&pairs, "free_capacity") == "true"]; " " (lang.t(Msg::OnlyFree)) } }
                        div class="pole" {
                            label for="status" { (lang.t(Msg::Status)) }
                            select id="status" name="status" {
                                option value="" { (lang.t(Msg::StatusDefault)) }
                                @for (code, name) in [("active", lang.t(Msg::ActivePl)), ("temporarily_closed", lang.t(Msg::ClosedPl)), ("ended", lang.t(Msg::EndedPl))] {
                                    option value=(code) selected[value(&pairs, "status") == code] { (name) }
                                }
                            }
                        }
                        (super::more_filters::section(lang, model, &slug, &pairs, &found.facets, &shows, only.is_none()))
                        div class="pole" {
                            label for="razeni" { (lang.t(Msg::Sort)) }
                            select id="razeni" name="razeni" {
                                option value="nazev" { (lang.t(Msg::SortName)) }
                                option value="zmena" selected[sort == Sort::Updated] { (lang.t(Msg::SortUpdated)) }
                            }
                        }
                    }
                    button type="submit" { (lang.t(Msg::Search)) }
                    " "
                    a href={ "/site/" (slug) "/adresar" } { (lang.t(Msg::ClearFilters)) }
                }
                (saved)
            }
            section aria-labelledby="vysledky" class="vysledky" {
                h2 id="vysledky" { (lang.t(Msg::Found)) " " (number(found.total as i64)) }
                @if found.total > 0 {
                    p class="stahnout" {
                        (lang.t(Msg::Download)) " "
                        a href={ "/site/" (slug) "/adresar.csv?" (take_away) } download { "CSV" } " · "
                        a href={ "/site/" (slug) "/adresar.xlsx?" (take_away) } download { "XLSX" }
                    }
                }
                @if found.items.is_empty() {
                    p { (lang.t(Msg::NoMatch)) }
                } @else {
                    // A card per service on a narrow screen (`.karty`): each
                    // cell names its column; the roles keep it a table for
                    // screen readers once the stylesheet lays it out as blocks.
                    table class="karty" role="table" {
                        thead role="rowgroup" { tr role="row" {
                            th scope="col" role="columnheader" { (lang.t(Msg::Name)) }
                            @if shows("kind") { th scope="col" role="columnheader" { (lang.t(Msg::Kind)) } }
                            @if shows("need_areas") { th scope="col" role="columnheader" { (lang.t(Msg::NeedAreas)) } }
                            th scope="col" role="columnheader" { (lang.t(Msg::FreeCapacity)) }
                        } }
                        tbody role="rowgroup" {
                            @for id in &found.items {
                                @if let Some(view) = views::actor(model, id, now) {
                                    (row(lang, &slug, &view, &shows, &keep))
                                }
                            }
                        }
                    }
                    (pages(lang, &slug, &pairs, found.total, page))
                }
            }
        }
        (asof::picker(lang, &base, &asof, &pairs))
    };
    drop(at);
    let follows =
        super::live::Follows { network: &slug, kinds: &["capacity"], actors: Vec::new(), platforms: Vec::new() };
    let content = if asof.past() { content } else { super::live::region(&follows, app.models.position(), content) };
    let title = lang.t(Msg::DirectoryTitle);
    let path = here(&req);
    Page { lang, title, who: me.as_ref(), path: &path }.answer(StatusCode::OK, content)
}

/// How many filters the query sets (the search, the sorting, the page
/// and the date are not filters).
fn in_use(pairs: &[(String, String)]) -> usize {
    pairs
        .iter()
        .filter(|(k, v)| !v.is_empty() && !matches!(k.as_str(), "q" | "razeni" | "strana" | "k" | "hodiny"))
        .count()
}

fn value<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v.as_str())
}

fn chosen(pairs: &[(String, String)], key: &str, value: &str) -> bool {
    pairs.iter().any(|(k, v)| k == key && v == value)
}

fn count(facets: &Facets, facet: &str, value: &str) -> usize {
    facets.get(facet).and_then(|values| values.get(value)).copied().unwrap_or(0)
}

fn areas(lang: Lang, pairs: &[(String, String)], facets: &Facets) -> Markup {
    html! {
        fieldset class="pole" {
            legend { (lang.t(Msg::NeedAreas)) }
            @for area in NeedArea::ALL {
                label class="volba" {
                    input type="checkbox" name="need_area" value=(area.code()) checked[chosen(pairs, "need_area", area.code())];
                    " " (area.label_cs()) " " span class="pocet" { "(" (count(facets, "need_areas", area.code())) ")" }
                }
            }
        }
    }
}

fn terms(
    model: &Model,
    slug: &Slug,
    kind: TermKind,
    key: &str,
    legend: &str,
    pairs: &[(String, String)],
    facets: &Facets,
) -> Markup {
    let facet = match kind {
        TermKind::TargetGroup => "target_groups",
        TermKind::LifeSituation => "life_situations",
        TermKind::Place => "places",
    };
    let list: Vec<(String, String)> =
        super::fields::network_terms(model, slug, kind).into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    html! {
        @if !list.is_empty() {
            fieldset class="pole" {
                legend { (legend) }
                @for (id, name) in &list {
                    label class="volba" {
                        input type="checkbox" name=(key) value=(id) checked[chosen(pairs, key, id)];
                        " " (name) " " span class="pocet" { "(" (count(facets, facet, id)) ")" }
                    }
                }
            }
        }
    }
}

fn row(lang: Lang, slug: &Slug, view: &views::ActorView, shows: &dyn Fn(&str) -> bool, keep: &str) -> Markup {
    let text = |f: &str| view.fields.get(f).and_then(|v| v.as_text()).unwrap_or("").to_owned();
    let areas: Vec<&str> = view
        .fields
        .get("need_areas")
        .and_then(|v| v.as_list())
        .unwrap_or(&[])
        .iter()
        .filter_map(|c| c.parse::<NeedArea>().ok().map(NeedArea::label_cs))
        .collect();
    let free: Vec<String> = view
        .capacity
        .iter()
        .filter(|c| !c.stale && c.free.unwrap_or(0) > 0)
        .map(|c| crate::czech::free(c.free.unwrap_or(0), &c.unit))
        .collect();
    html! {
        tr role="row" {
            td role="cell" { a href={ "/site/" (slug) "/akter/" (view.id) (keep) } { (text("name")) } }
            @if shows("kind") { td role="cell" data-sloupec=(lang.t(Msg::Kind)) { (text("kind")) } }
            @if shows("need_areas") { td role="cell" data-sloupec=(lang.t(Msg::NeedAreas)) { (areas.join(", ")) } }
            td role="cell" data-sloupec=(lang.t(Msg::FreeCapacity)) { @if free.is_empty() { "—" } @else { (free.join(", ")) } }
        }
    }
}

fn pages(lang: Lang, slug: &Slug, pairs: &[(String, String)], total: usize, page: usize) -> Markup {
    let last = total.div_ceil(PER_PAGE).max(1);
    let link = |n: usize| {
        let mut query: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k != "strana").cloned().collect();
        query.push(("strana".into(), n.to_string()));
        format!("/site/{slug}/adresar?{}", serde_urlencoded::to_string(&query).unwrap_or_default())
    };
    html! {
        @if last > 1 {
            nav aria-label=(lang.t(Msg::Pages)) class="strany" {
                @if page > 1 { a href=(link(page - 1)) rel="prev" { (lang.t(Msg::Previous)) } " " }
                (lang.t(Msg::PageWord)) " " (page) " " (lang.t(Msg::PageOf)) " " (last)
                @if page < last { " " a href=(link(page + 1)) rel="next" { (lang.t(Msg::Next)) } }
            }
        }
    }
}
