//! Who sees which frame ([`Reader`], from the access rules) and which frames
//! a subscriber asked for ([`Filter`]). Both are computed once per
//! subscription (the reader again whenever roles change), so checking a
//! frame is a few set lookups. The sets are small sorted slices: a
//! connection keeps its reader and filter for as long as it is open, and
//! thousands of idle connections should cost little memory (equal ones
//! are shared: `intern.rs`).

use uuid::Uuid;

use super::frame::{Frame, Kind, Visibility, area_bit};
use crate::auth::Principal;
use crate::domain::ids::Slug;
use crate::domain::need_area::NeedArea;
use crate::domain::user::Grant;
use crate::projections::Model;

/// A small set: a sorted slice, searched by bisection; empty costs no
/// allocation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Set<T>(Box<[T]>);

impl<T> Default for Set<T> {
    fn default() -> Self {
        Self(Box::default())
    }
}

impl<T: Ord> Set<T> {
    /// Whether `item` is in the set.
    pub fn contains(&self, item: &T) -> bool {
        self.0.binary_search(item).is_ok()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Ord> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut items: Vec<T> = items.into_iter().collect();
        items.sort_unstable();
        items.dedup();
        Self(items.into_boxed_slice())
    }
}

/// What one principal may see of the board.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Reader {
    user: Option<Uuid>,
    networks: Set<Slug>,
    regions: Set<Slug>,
    platforms: Set<Uuid>,
    actors: Set<Uuid>,
    /// Networks whose every platform the reader follows (coordinators).
    coordinated: Set<Slug>,
    /// Admins see every frame but private ones.
    admin: bool,
}

impl Reader {
    /// The reader `principal` is, by the roles the model holds.
    pub fn of(principal: &Principal, model: &Model) -> Self {
        let (mut networks, mut regions, mut coordinated) = (Vec::new(), Vec::new(), Vec::new());
        for (slug, network) in &model.networks {
            if principal.reads_network(slug, model) {
                networks.push(slug.clone());
                if let Some(region) = &network.state.region
                    && (principal.reads_region(region) || principal.grants.iter().any(|g| g.network() == Some(slug)))
                {
                    regions.push(region.clone());
                }
            }
            if principal.coordinates(slug) {
                coordinated.push(slug.clone());
            }
        }
        let platforms = principal.member_platforms(model);
        let actors: Vec<Uuid> = principal
            .grants
            .iter()
            .filter_map(|g| match g {
                Grant::Actor { actor, .. } => Some(*actor),
                _ => None,
            })
            .collect();
        Self {
            user: principal.user,
            admin: principal.is_admin(),
            networks: networks.into_iter().collect(),
            regions: regions.into_iter().collect(),
            platforms: platforms.into_iter().collect(),
            actors: actors.into_iter().collect(),
            coordinated: coordinated.into_iter().collect(),
        }
    }

    /// An administrator's reader: every frame but private ones.
    #[cfg(test)]
    pub fn admin() -> Self {
        Self { admin: true, ..Self::default() }
    }

    /// Whether the reader may see `frame`.
    pub fn sees(&self, frame: &Frame) -> bool {
        self.sees_visibility(&frame.visibility)
    }

    /// Whether the reader may see what is visible to `visibility`.
    pub fn sees_visibility(&self, visibility: &Visibility) -> bool {
        match visibility {
            Visibility::Private { .. } => {}
            _ if self.admin => return true,
            _ => {}
        }
        match visibility {
            Visibility::Network(network) => self.networks.contains(network),
            Visibility::Region(region) => self.regions.contains(region),
            Visibility::Platform { network, platform } => {
                self.platforms.contains(platform) || self.coordinated.contains(network)
            }
            Visibility::Private { users, actor } => {
                self.user.is_some_and(|u| users.contains(&u)) || self.actors.contains(actor)
            }
        }
    }
}

/// What a subscriber asked for; an empty list admits everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    networks: Set<Slug>,
    kinds: Set<Kind>,
    need_areas: u8,
    actors: Set<Uuid>,
    platforms: Set<Uuid>,
}

/// The filter's lists as the client sends them.
#[derive(Clone, Debug, Default, serde::Deserialize, schemars::JsonSchema)]
pub struct FilterLists {
    /// Network slugs.
    #[serde(default)]
    pub networks: Vec<String>,
    /// Post kinds.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Need area codes.
    #[serde(default)]
    pub need_areas: Vec<String>,
    /// Actor ids.
    #[serde(default)]
    pub actors: Vec<String>,
    /// Platform ids.
    #[serde(default)]
    pub platforms: Vec<String>,
}

impl FilterLists {
    /// Splits comma-separated query values (`networks=a,b`).
    pub fn from_query(pairs: &[(String, String)]) -> Self {
        let mut lists = Self::default();
        for (key, value) in pairs {
            let target = match key.as_str() {
                "networks" | "network" => &mut lists.networks,
                "kinds" | "kind" => &mut lists.kinds,
                "need_areas" | "need_area" => &mut lists.need_areas,
                "actors" | "actor" => &mut lists.actors,
                "platforms" | "platform" => &mut lists.platforms,
                _ => continue,
            };
            target.extend(value.split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned));
        }
        lists
    }
}

impl Filter {
    /// Parses the lists, naming the first value that is not one.
    pub fn parse(lists: &FilterLists) -> Result<Self, String> {
        let uuid =
            |text: &String, what: &str| Uuid::parse_str(text).map_err(|_| format!("{text:?} is not a {what} id"));
        Ok(Self {
            networks: lists
                .networks
                .iter()
                .map(|n| Slug::parse(n).map_err(|_| format!("{n:?} is not a network slug")))
                .collect::<Result<_, _>>()?,
            kinds: lists.kinds.iter().map(|k| Kind::parse(k)).collect::<Result<_, _>>()?,
            need_areas: lists
                .need_areas
                .iter()
                .map(|a| a.parse::<NeedArea>().map(area_bit))
                .try_fold(0u8, |bits, bit| bit.map(|b| bits | b))?,
            actors: lists.actors.iter().map(|a| uuid(a, "actor")).collect::<Result<_, _>>()?,
            platforms: lists.platforms.iter().map(|p| uuid(p, "platform")).collect::<Result<_, _>>()?,
        })
    }

    /// Whether `frame` passes.
    pub fn admits(&self, frame: &Frame) -> bool {
        (self.networks.is_empty() || self.networks.contains(&frame.network))
            && (self.kinds.is_empty() || self.kinds.contains(&frame.kind))
            && (self.need_areas == 0 || self.need_areas & frame.need_areas != 0)
            && (self.actors.is_empty() || frame.actor.is_some_and(|a| self.actors.contains(&a)))
            && (self.platforms.is_empty() || frame.platform.is_some_and(|p| self.platforms.contains(&p)))
    }
}
