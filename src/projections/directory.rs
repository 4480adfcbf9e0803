//! The directory of a network's actors: any combination of filters, search
//! that ignores case and diacritics, Czech name order, facet counts and
//! pages. Saved filters run the same query.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::bits::Bits;
use super::czech;
use super::index::{DirectoryIndex, normalize};
use super::model::Model;
use crate::domain::actor::Status;
use crate::domain::filter::DirectoryFilter;
use crate::domain::ids::Slug;

/// The most actors one page holds.
pub const MAX_PER_PAGE: usize = 200;

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// By name, in Czech order.
    #[default]
    Name,
    /// Most recently changed first.
    Updated,
}

/// A directory query: a filter and a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryQuery {
    /// What to match.
    pub filter: DirectoryFilter,
    /// Page number from 1.
    pub page: usize,
    /// Actors per page, 1 to [`MAX_PER_PAGE`].
    pub per_page: usize,
    /// Order.
    pub sort: Sort,
    /// Search (`q`) looks at names only (a case manager's directory: the
    /// rest of the record is not theirs to search).
    pub names_only: bool,
}

impl Default for DirectoryQuery {
    fn default() -> Self {
        Self { filter: DirectoryFilter::default(), page: 1, per_page: 50, sort: Sort::Name, names_only: false }
    }
}

/// Counts of each value of each facet among the matching actors.
pub type Facets = BTreeMap<&'static str, BTreeMap<String, usize>>;

/// One page of results.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct DirectoryPage {
    /// Matching actors in all.
    pub total: usize,
    /// This page's number.
    pub page: usize,
    /// Actors per page.
    pub per_page: usize,
    /// The actors of this page, in order.
    pub items: Vec<Uuid>,
    /// Facet counts over all matching actors.
    pub facets: Facets,
}

/// The facets a page counts.
const FACETS: &[&str] = &[
    "need_areas",
    "target_groups",
    "life_situations",
    "places",
    "forms",
    "kind",
    "service_type",
    "founder",
    "sector",
    "focus",
    "crisis_network",
    "online",
    "status",
    "in_no_platform",
    "platforms",
];

/// The slots of `index` a filter's indexed parts admit.
fn candidates(index: &DirectoryIndex, f: &DirectoryFilter) -> Bits {
    let strings = |v: &[String]| v.to_vec();
    let ids = |v: &[Uuid]| v.iter().map(Uuid::to_string).collect::<Vec<_>>();
    let statuses: Vec<String> = if f.statuses.is_empty() {
        vec![Status::Active.code().into(), Status::TemporarilyClosed.code().into()]
    } else {
        f.statuses.iter().map(|s| s.code().to_owned()).collect()
    };
    let mut set = index.any("status", statuses).unwrap_or_default();
    // Actors focused on both count for prevention and for intervention.
    let focus: Vec<String> = f
        .focus
        .iter()
        .flat_map(|w| if w == "both" { vec![w.clone()] } else { vec![w.clone(), "both".to_owned()] })
        .collect();
    let narrowing = [
        index.any("need_areas", f.need_areas.iter().map(|a| a.code().to_owned())),
        index.any("target_groups", ids(&f.target_groups)),
        index.any("life_situations", ids(&f.life_situations)),
        index.any("places", ids(&f.places)),
        index.any("kind", strings(&f.kinds)),
        index.any("service_type", strings(&f.service_types)),
        index.any("founder", strings(&f.founders)),
        index.any("sector", strings(&f.sectors)),
        index.any("focus", focus),
        index.any("forms", strings(&f.forms)),
        index.any("crisis_network", f.crisis.map(|b| b.to_string())),
        index.any("online", f.online.map(|b| b.to_string())),
        index.any("in_no_platform", f.in_no_platform.map(|b| b.to_string())),
        index.any("platforms", ids(&f.platforms)),
    ];
    for bits in narrowing.iter().flatten() {
        set.and(bits);
    }
    for (category, value) in &f.custom {
        set.and(&index.any(&format!("custom.{category}"), [normalize(value)]).unwrap_or_default());
    }
    set
}

/// Runs a directory query over one network at `now`.
pub fn query(model: &Model, network: &Slug, q: &DirectoryQuery, now: DateTime<Utc>) -> DirectoryPage {
    let per_page = q.per_page.clamp(1, MAX_PER_PAGE);
    let page = q.page.max(1);
    let Some(index) = model.directories.get(network) else {
        return DirectoryPage { total: 0, page, per_page, items: Vec::new(), facets: Facets::new() };
    };
    let f = &q.filter;
    let set = candidates(index, f);
    let words = f.text.as_deref().map(czech::fold).unwrap_or_default();
    let free = |slot: usize| index.free_until[slot].is_some_and(|until| now < until);
    let mut hits: Vec<usize> = set
        .ones()
        .filter(|slot| {
            words.is_empty()
                || if q.names_only {
                    czech::matches(&czech::fold(index.name(*slot)), &words)
                } else {
                    czech::matches(&index.search[*slot], &words)
                }
        })
        .filter(|slot| f.free_capacity.is_none_or(|want| free(*slot) == want))
        .collect();
    // Facets count the actors found: the candidate set itself unless search
    // or capacity narrowed it further.
    let found = if words.is_empty() && f.free_capacity.is_none() {
        set
    } else {
        let mut bits = Bits::default();
        hits.iter().for_each(|slot| bits.set(*slot));
        bits
    };
    let mut facets = Facets::new();
    for facet in FACETS {
        for (value, bits) in index.bits.get(*facet).into_iter().flatten() {
            let n = found.count_and(bits);
            if n > 0 {
                facets.entry(facet).or_default().insert(value.clone(), n);
            }
        }
    }
    let with_free = hits.iter().filter(|slot| free(**slot)).count();
    if !hits.is_empty() {
        let capacity = facets.entry("free_capacity").or_default();
        for (value, n) in [("true", with_free), ("false", hits.len() - with_free)] {
            if n > 0 {
                capacity.insert(value.into(), n);
            }
        }
    }
    match q.sort {
        Sort::Name => hits.sort_unstable_by_key(|slot| index.rank[*slot]),
        Sort::Updated => hits.sort_by_key(|slot| std::cmp::Reverse(index.positions[*slot])),
    }
    let items =
        hits.iter().skip((page - 1).saturating_mul(per_page)).take(per_page).map(|slot| index.slots[*slot]).collect();
    DirectoryPage { total: hits.len(), page, per_page, items, facets }
}
