//! Who sees which frame ([`Reader`], from the access rules) and which frames
//! a subscriber asked for ([`Filter`]). Both are computed once per
//! subscription (the reader again whenever roles change), so checking a
//! frame is a few set lookups.

use std::collections::HashSet;

use uuid::Uuid;

use super::frame::{Frame, Kind, Visibility, area_bit};
use crate::auth::Principal;
use crate::domain::ids::Slug;
use crate::domain::need_area::NeedArea;
use crate::domain::user::Grant;
use crate::projections::Model;

/// What one principal may see of the board.
#[derive(Clone, Debug, Default)]
pub struct Reader {
    user: Option<Uuid>,
    networks: HashSet<Slug>,
    regions: HashSet<Slug>,
    platforms: HashSet<Uuid>,
    actors: HashSet<Uuid>,
    /// Networks whose every platform the reader follows (coordinators).
    coordinated: HashSet<Slug>,
    /// Admins see every frame but private ones.
    admin: bool,
}

impl Reader {
    /// The reader `principal` is, by the roles the model holds.
    pub fn of(principal: &Principal, model: &Model) -> Self {
        let mut reader = Self { user: principal.user, admin: principal.is_admin(), ..Self::default() };
        for (slug, network) in &model.networks {
            if principal.reads_network(slug, model) {
                reader.networks.insert(slug.clone());
                if let Some(region) = &network.state.region
                    && (principal.reads_region(region) || principal.grants.iter().any(|g| g.network() == Some(slug)))
                {
                    reader.regions.insert(region.clone());
                }
            }
            if principal.coordinates(slug) {
                reader.coordinated.insert(slug.clone());
            }
        }
        for grant in &principal.grants {
            match grant {
                Grant::PlatformMember { platform, .. } => {
                    reader.platforms.insert(*platform);
                }
                Grant::Actor { actor, .. } => {
                    reader.actors.insert(*actor);
                    reader.platforms.extend(model.memberships.get(actor).into_iter().flatten());
                }
                _ => {}
            }
        }
        reader
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    networks: HashSet<Slug>,
    kinds: HashSet<Kind>,
    need_areas: u8,
    actors: HashSet<Uuid>,
    platforms: HashSet<Uuid>,
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
