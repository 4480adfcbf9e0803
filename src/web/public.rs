//! "Kam se obrátit" (where to turn): the page anyone gets at `/` without
//! signing in. A parent, a teacher or a doctor picks where they live (the
//! network), what the child needs or the situation the family is in, and
//! the place, and gets the services that help — what they do, for whom,
//! where, when they are open, their web, the contacts they made public and
//! free places where the service shows them to the public.
//! The services come from the same function as the API's public
//! directory: nothing private, nothing not marked public. A plain GET form
//! (bookmarkable, works without scripts), printable, for a phone.

use actix_web::HttpRequest;
use maud::{Markup, html};
use uuid::Uuid;

use super::fields::network_terms;
use super::i18n::{Lang, Msg};
use crate::domain::NeedArea;
use crate::domain::ids::Slug;
use crate::domain::network::TermKind;
use crate::http::routes::public::{PublicActor, PublicFilter, public_actors};
use crate::http::support::State;

/// Plain words for the six need areas, for parents rather than for the
/// network's templates.
fn plain(lang: Lang, area: NeedArea) -> &'static str {
    lang.t(match area {
        NeedArea::Relationships => Msg::PlainRelationships,
        NeedArea::Safety => Msg::PlainSafety,
        NeedArea::Health => Msg::PlainHealth,
        NeedArea::Learning => Msg::PlainLearning,
        NeedArea::Behaviour => Msg::PlainBehaviour,
        NeedArea::Material => Msg::PlainMaterial,
    })
}

/// The query's pairs.
fn query(req: &HttpRequest) -> Vec<(String, String)> {
    serde_urlencoded::from_str(req.query_string()).unwrap_or_default()
}

fn one<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v.trim())
}

/// The page's content: the search form and, once a network is chosen, the
/// services found.
pub fn content(app: &State, req: &HttpRequest, lang: Lang) -> Markup {
    let pairs = query(req);
    let now = app.now();
    let model = app.models.read();
    let mut networks: Vec<(Slug, String)> = model
        .networks
        .iter()
        .filter(|(_, n)| n.state.region.is_some())
        .map(|(slug, n)| (slug.clone(), n.state.name.clone()))
        .collect();
    networks.sort_by_cached_key(|(_, n)| crate::projections::czech::sort_key(n));
    let chosen = Slug::parse(one(&pairs, "sit")).ok().filter(|s| model.networks.contains_key(s));
    let area = one(&pairs, "oblast").parse::<NeedArea>().ok();
    let id = |key: &str| Uuid::parse_str(one(&pairs, key)).ok();
    let text = Some(one(&pairs, "q").to_owned()).filter(|t| !t.is_empty());
    html! {
        p class="uvod" { (lang.t(Msg::WhereToTurnIntro)) }
        p class="prihlasit-odkaz" { (lang.t(Msg::ForNetworkMembers)) " " a href="/prihlaseni" { (lang.t(Msg::SignInButton)) } }
        form method="get" action="/" class="filtry verejne" role="search" {
            div class="pole" {
                label for="sit" { (lang.t(Msg::WhereYouLive)) }
                p class="napoveda" id="sit-napoveda" { (lang.t(Msg::WhereYouLiveHint)) }
                select id="sit" name="sit" aria-describedby="sit-napoveda" {
                    option value="" { (lang.t(Msg::PickOne)) }
                    @for (slug, name) in &networks {
                        option value=(slug) selected[chosen.as_ref() == Some(slug)] { (name) }
                    }
                }
            }
            fieldset class="pole" {
                legend { (lang.t(Msg::WhatTheChildNeeds)) }
                div class="volby sloupce" {
                    label for="oblast-vse" { input type="radio" id="oblast-vse" name="oblast" value="" checked[area.is_none()]; " " (lang.t(Msg::AnyNeed)) }
                    @for a in NeedArea::ALL {
                        label for={ "oblast-" (a.code()) } {
                            input type="radio" id={ "oblast-" (a.code()) } name="oblast" value=(a.code()) checked[area == Some(a)];
                            " " (plain(lang, a))
                        }
                    }
                }
            }
            @if let Some(slug) = &chosen {
                @let situations = network_terms(&model, slug, TermKind::LifeSituation);
                @if !situations.is_empty() {
                    div class="pole" {
                        label for="situace" { (lang.t(Msg::FamilySituation)) }
                        select id="situace" name="situace" {
                            option value="" { (lang.t(Msg::AnySituation)) }
                            @for (tid, name) in &situations { option value=(tid) selected[id("situace") == Some(*tid)] { (name) } }
                        }
                    }
                }
                @let places = network_terms(&model, slug, TermKind::Place);
                @if !places.is_empty() {
                    div class="pole" {
                        label for="misto" { (lang.t(Msg::PlaceInNetwork)) }
                        select id="misto" name="misto" {
                            option value="" { (lang.t(Msg::AnyPlace)) }
                            @for (tid, name) in &places { option value=(tid) selected[id("misto") == Some(*tid)] { (name) } }
                        }
                    }
                }
            }
            div class="pole" {
                label for="q" { (lang.t(Msg::SearchWords)) }
                input id="q" name="q" type="search" value=(one(&pairs, "q"));
            }
            button type="submit" { (lang.t(Msg::FindHelp)) }
        }
        @if let Some(slug) = &chosen {
            @let network = model.networks.get(slug).map(|n| &n.state);
            @if let Some(network) = network {
                @let filter = PublicFilter { need_area: area, life_situation: id("situace"), place: id("misto"), text };
                @let found = public_actors(&model, slug, network, &filter, now);
                section aria-labelledby="nalezeno" class="verejne-vysledky" {
                    h2 id="nalezeno" { (lang.t(Msg::ServicesThatHelp)) " – " (network.name) " (" (found.len()) ")" }
                    @if found.is_empty() { p { (lang.t(Msg::NoServiceFound)) } }
                    @for actor in &found { (card(lang, actor)) }
                }
            }
        }
        p class="kdy" { (lang.t(Msg::InEmergency)) }
    }
}

/// One service as the public sees it.
fn card(lang: Lang, a: &PublicActor) -> Markup {
    html! {
        article class="karta sluzba" id={ "a-" (a.id) } {
            h3 { (a.name) }
            @if !a.description.is_empty() { p class="odstavce" { (a.description) } }
            dl class="udaje" {
                @if !a.helps_with.is_empty() { dt { (lang.t(Msg::HelpsWith)) } dd { (a.helps_with.join(", ")) } }
                @if !a.life_situations.is_empty() { dt { (lang.t(Msg::InSituations)) } dd { (a.life_situations.join(", ")) } }
                @if !a.target_groups.is_empty() { dt { (lang.t(Msg::ForWhom)) } dd { (a.target_groups.join(", ")) } }
                @if !a.places.is_empty() { dt { (lang.t(Msg::Where)) } dd { (a.places.join(", ")) } }
                @if !a.opening_hours.is_empty() { dt { (lang.t(Msg::OpeningHours)) } dd { (a.opening_hours) } }
                @for c in &a.capacity {
                    dt { (lang.t(Msg::PublicFreePlaces)) }
                    dd {
                        @if c.free > 0 { strong { (crate::czech::free(c.free, &c.unit)) } } @else { (lang.t(Msg::NoFreePlaces)) " (" (crate::czech::unit_name(&c.unit)) ")" }
                        " " span class="kdy" { "(" (lang.t(Msg::AnnouncedOn)) " " (crate::czech::date(c.announced_at))
                            @if let Some(until) = c.valid_until { ", " (lang.t(Msg::PublicValidUntil)) " " (crate::czech::date(until)) }
                            ")" }
                    }
                }
                @if let Some(web) = &a.web { dt { "Web" } dd { a href=(web) rel="noopener" { (web) } } }
                @for c in &a.contacts {
                    dt { (lang.t(Msg::Contact)) }
                    dd {
                        (c.name) @if !c.role.is_empty() { ", " (c.role) }
                        @if let Some(p) = &c.phone { " · " a href={ "tel:" (p.replace(' ', "")) } { (p) } }
                        @if let Some(e) = &c.email { " · " a href={ "mailto:" (e) } { (e) } }
                    }
                }
            }
        }
    }
}
