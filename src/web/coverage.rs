//! Coverage as a page: the need area × target group matrix (optionally of
//! one place), each cell counting the active actors — preventive and
//! intervening — and linking to the directory filtered to it; cells nobody
//! covers and cells without prevention marked; then the other white spots
//! (target groups and places nobody serves, activities without actors,
//! actors in no platform, need areas and activities no platform takes up).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use uuid::Uuid;

use super::asof::AsOf;
use super::fields::{network_terms, term_name};
use super::forms::{admitted, frame, or_answer};
use super::i18n::{Lang, Msg};
use super::platforms::actor_link;
use crate::auth::Principal;
use crate::auth::access::{Access, Params};
use crate::czech::number;
use crate::domain::ids::Slug;
use crate::domain::network::TermKind;
use crate::domain::value::Value;
use crate::http::support::State;
use crate::projections::{Model, views};

/// `GET /site/{network}/pokryti`
pub async fn page(app: State, req: HttpRequest, principal: Principal, path: web::Path<String>) -> HttpResponse {
    let params = Params { network: Some(path.clone()), ..Params::default() };
    let (slug, me) = or_answer!(admitted(&app, &req, &principal, Access::NetworkPlanning, &params));
    let lang = Lang::of(&req);
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let asof = AsOf::of(&req, lang);
    let base = format!("/site/{slug}/pokryti");
    let at = match asof.model(&app).await {
        Ok(at) => at,
        Err(detail) => return super::asof::unavailable(&req, lang, &me, &base, &asof, &detail),
    };
    let model: &Model = &at.model;
    let keep = if asof.past() { format!("&{}", asof.query()) } else { String::new() };
    let places = network_terms(model, &slug, TermKind::Place);
    let place = pairs
        .iter()
        .find(|(k, _)| k == "misto")
        .and_then(|(_, v)| Uuid::parse_str(v).ok())
        .filter(|p| places.iter().any(|(id, _)| id == p));
    let coverage = views::coverage(model, &slug, place);
    let groups = network_terms(model, &slug, TermKind::TargetGroup);
    let directory = |area: &str, group: &Uuid| {
        let mut link = format!("/site/{slug}/adresar?need_area={area}&target_group={group}");
        if let Some(p) = place {
            link.push_str(&format!("&place={p}"));
        }
        link.push_str(&keep);
        link
    };
    let content = html! {
        (super::asof::banner(lang, &asof, at.as_of.map(|(_, d)| d), &base))
        form method="get" action={ "/site/" (slug) "/pokryti" } class="filtry" {
            @for (k, v) in pairs.iter().filter(|(k, _)| asof.past() && (k == "k" || k == "hodiny")) {
                input type="hidden" name=(k) value=(v);
            }
            div class="pole" {
                label for="misto" { (lang.t(Msg::OnlyPlace)) }
                select id="misto" name="misto" {
                    option value="" { (lang.t(Msg::WholeNetwork)) }
                    @for (id, name) in &places { option value=(id) selected[place == Some(*id)] { (name) } }
                }
            }
            button type="submit" { (lang.t(Msg::Show)) }
        }
        p { (lang.t(Msg::CoverageLegend)) }
        @if groups.is_empty() {
            p class="prazdne" { (lang.t(Msg::NoTargetGroups)) }
        } @else {
            div class="siroka" {
                table class="pokryti" {
                    caption { (lang.t(Msg::CoverageCaption)) }
                    thead { tr {
                        th scope="col" { (lang.t(Msg::NeedArea)) }
                        @for (_, name) in &groups { th scope="col" { (name) } }
                    } }
                    tbody {
                        @for area in &coverage.areas {
                            tr {
                                th scope="row" { (area.label_cs) }
                                @for (group, _) in &groups {
                                    @let cell = area.by_target_group.get(group).cloned().unwrap_or_default();
                                    (cell_markup(lang, &cell, &directory(area.area.code(), group)))
                                }
                            }
                        }
                    }
                }
            }
        }
        (gaps(lang, model, &slug, &coverage))
        (super::asof::picker(lang, &base, &asof, &pairs))
    };
    drop(at);
    frame(&req, lang, &me, lang.t(Msg::Coverage), StatusCode::OK, content)
}

fn cell_markup(lang: Lang, cell: &views::Cell, link: &str) -> Markup {
    let class = if cell.actors == 0 {
        "mezera"
    } else if cell.prevention == 0 {
        "bez-prevence"
    } else {
        "pokryto"
    };
    html! {
        td class=(class) {
            a href=(link) {
                @if cell.actors == 0 {
                    (lang.t(Msg::Uncovered))
                } @else {
                    strong { (number(cell.actors as i64)) }
                    " " span class="rozpad" { "(P " (number(cell.prevention as i64)) " / I " (number(cell.intervention as i64)) ")" }
                    @if cell.prevention == 0 { br; (lang.t(Msg::NoPrevention)) }
                }
            }
        }
    }
}

fn gaps(lang: Lang, model: &Model, slug: &Slug, c: &views::Coverage) -> Markup {
    let needs = model.needs.get(slug).map(|n| &n.state);
    let activity = |id: &Uuid| -> Markup {
        let text = needs
            .and_then(|n| n.activities.get(id))
            .and_then(|f| f.get("text").and_then(Value::as_text))
            .unwrap_or("")
            .to_owned();
        html! { a href={ "/site/" (slug) "/potreby/aktivita/" (id) } { (text) } }
    };
    let list = |title: Msg, id: &str, items: Vec<Markup>| -> Markup {
        html! {
            section class="karta" aria-labelledby=(id) {
                h2 id=(id) { (lang.t(title)) " " span class="pocet" { "(" (items.len()) ")" } }
                @if items.is_empty() { p class="prazdne" { (lang.t(Msg::NoGap)) } }
                @else { ul { @for i in items { li { (i) } } } }
            }
        }
    };
    html! {
        div class="prehled" {
            (list(Msg::GroupsUnserved, "skupiny", c.target_groups_uncovered.iter().map(|g| html! { (term_name(model, slug, g)) }).collect()))
            (list(Msg::PlacesUnserved, "mista", c.places_unserved.iter().map(|p| html! { (term_name(model, slug, p)) }).collect()))
            (list(Msg::ActivitiesWithoutActors, "bez-aktera", c.activities_without_actors.iter().map(activity).collect()))
            (list(Msg::ActorsInNoPlatform, "bez-platformy", c.actors_in_no_platform.iter().map(|a| actor_link(model, slug, a)).collect()))
            (list(Msg::AreasWithoutPlatform, "oblasti-bez-platformy", c.need_areas_without_platform.iter().map(|a| html! { (a.label_cs()) }).collect()))
            (list(Msg::ActivitiesWithoutPlatform, "aktivity-bez-platformy", c.activities_without_platform.iter().map(activity).collect()))
        }
    }
}
