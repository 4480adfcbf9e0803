//! The directory's less used filters, folded under "more filters" (open
//! when one of them is set): kind and type of service, founder, sector,
//! form, on-line, platforms and "in no platform", and the network's custom
//! categories — each with the number of actors the current result holds.
//! A case manager gets the controls of the fields designated for them only.

use maud::{Markup, html};

use super::i18n::{Lang, Msg};
use crate::domain::actor_fields::{FORMS, FOUNDERS, SECTORS};
use crate::domain::ids::Slug;
use crate::domain::network::CategoryKind;
use crate::domain::value::Value;
use crate::projections::Model;
use crate::projections::directory::Facets;

/// The query keys this part sets.
const KEYS: &[&str] = &["kind", "service_type", "founder", "sector", "form", "online", "platform", "in_no_platform"];

fn chosen(pairs: &[(String, String)], key: &str, value: &str) -> bool {
    pairs.iter().any(|(k, v)| k == key && v == value)
}

fn count(facets: &Facets, facet: &str, value: &str) -> usize {
    facets.get(facet).and_then(|values| values.get(value)).copied().unwrap_or(0)
}

/// Boxes to tick for `key`, one per option (value, label), with the count
/// of facet `facet`; options no actor has and nobody ticked are left out.
fn boxes(
    legend: &str,
    key: &str,
    facet: &str,
    options: &[(String, String)],
    pairs: &[(String, String)],
    facets: &Facets,
) -> Markup {
    let shown: Vec<&(String, String)> =
        options.iter().filter(|(v, _)| count(facets, facet, v) > 0 || chosen(pairs, key, v)).collect();
    html! {
        @if !shown.is_empty() {
            fieldset class="pole" {
                legend { (legend) }
                @for (value, label) in shown {
                    label class="volba" {
                        input type="checkbox" name=(key) value=(value) checked[chosen(pairs, key, value)];
                        " " (label) " " span class="pocet" { "(" (count(facets, facet, value)) ")" }
                    }
                }
            }
        }
    }
}

fn codes(field: &str, values: &[&str]) -> Vec<(String, String)> {
    values.iter().map(|v| ((*v).to_owned(), crate::czech::code_name(field, v).unwrap_or(v).to_owned())).collect()
}

/// Free-text values as the facet knows them, in Czech order.
fn texts(facets: &Facets, facet: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        facets.get(facet).into_iter().flatten().map(|(v, _)| (v.clone(), v.clone())).collect();
    out.sort_by_cached_key(|(v, _)| crate::projections::czech::sort_key(v));
    out
}

/// The folded filters; `shows` says which fields the reader may filter by,
/// `everything` whether the reader may filter by platforms and categories.
pub fn section(
    lang: Lang,
    model: &Model,
    slug: &Slug,
    pairs: &[(String, String)],
    facets: &Facets,
    shows: &dyn Fn(&str) -> bool,
    everything: bool,
) -> Markup {
    let set = pairs.iter().any(|(k, _)| KEYS.contains(&k.as_str()) || k.starts_with("custom."));
    let network = model.networks.get(slug).map(|n| &n.state);
    let mut platforms: Vec<(String, String)> = model
        .platforms_by_network
        .get(slug)
        .into_iter()
        .flatten()
        .filter_map(|id| {
            let name = model.platforms.get(id)?.state.fields.get("name").and_then(Value::as_text)?.to_owned();
            Some((id.to_string(), name))
        })
        .collect();
    platforms.sort_by_cached_key(|(_, n)| crate::projections::czech::sort_key(n));
    let online = pairs.iter().find(|(k, _)| k == "online").map_or("", |(_, v)| v.as_str());
    html! {
        details class="dalsi-filtry" open[set] {
            summary { (lang.t(Msg::MoreFilters)) }
            @if shows("kind") { (boxes(lang.t(Msg::Kind), "kind", "kind", &texts(facets, "kind"), pairs, facets)) }
            @if shows("service_type") { (boxes(lang.t(Msg::ServiceType), "service_type", "service_type", &texts(facets, "service_type"), pairs, facets)) }
            @if shows("founder") { (boxes(lang.t(Msg::Founder), "founder", "founder", &codes("founder", FOUNDERS), pairs, facets)) }
            @if shows("sector") { (boxes(lang.t(Msg::Sector), "sector", "sector", &codes("sector", SECTORS), pairs, facets)) }
            @if shows("forms") { (boxes(lang.t(Msg::ServiceForm), "form", "forms", &codes("forms", FORMS), pairs, facets)) }
            @if shows("online") {
                div class="pole" {
                    label for="online" { (lang.t(Msg::Online)) }
                    select id="online" name="online" {
                        option value="" { (lang.t(Msg::All)) }
                        option value="true" selected[online == "true"] { (lang.t(Msg::Yes)) }
                        option value="false" selected[online == "false"] { (lang.t(Msg::No)) }
                    }
                }
            }
            @if everything {
                (boxes(lang.t(Msg::Platforms), "platform", "platforms", &platforms, pairs, facets))
                div class="pole zaskrt" {
                    label {
                        input type="checkbox" name="in_no_platform" value="true" checked[chosen(pairs, "in_no_platform", "true")];
                        " " (lang.t(Msg::InNoPlatform)) " " span class="pocet" { "(" (count(facets, "in_no_platform", "true")) ")" }
                    }
                }
                @for (id, category) in network.map(|n| n.categories.iter().collect::<Vec<_>>()).unwrap_or_default() {
                    @let key = format!("custom.{id}");
                    @let current = pairs.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v.as_str());
                    div class="pole" {
                        label for=(key.replace('.', "-")) { (category.name) }
                        @match category.kind {
                            CategoryKind::OneOf | CategoryKind::ManyOf => {
                                select id=(key.replace('.', "-")) name=(key) {
                                    option value="" { (lang.t(Msg::All)) }
                                    @for allowed in &category.allowed {
                                        option value=(allowed) selected[current == allowed] { (allowed) }
                                    }
                                }
                            }
                            CategoryKind::YesNo => {
                                select id=(key.replace('.', "-")) name=(key) {
                                    option value="" { (lang.t(Msg::All)) }
                                    option value="true" selected[current == "true"] { (lang.t(Msg::Yes)) }
                                    option value="false" selected[current == "false"] { (lang.t(Msg::No)) }
                                }
                            }
                            CategoryKind::Text | CategoryKind::Number => {
                                input id=(key.replace('.', "-")) name=(key) value=(current);
                            }
                        }
                    }
                }
            }
        }
    }
}
