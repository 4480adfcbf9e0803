//! What an actor holds besides its fields: its status, notes, contact
//! persons and the capacity it announces (re-exported by `actor.rs`).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whether an actor works now.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Working.
    #[default]
    Active,
    /// Closed for a while.
    TemporarilyClosed,
    /// No longer exists.
    Ended,
}

impl Status {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::TemporarilyClosed => "temporarily_closed",
            Self::Ended => "ended",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(code: &str) -> Result<Self, String> {
        [Self::Active, Self::TemporarilyClosed, Self::Ended]
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| format!("unknown status {code:?}; use active, temporarily_closed or ended"))
    }
}

/// A note on an actor: findings from mapping, what it needs from others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Note {
    /// The note.
    pub text: String,
    /// Private notes are for the network's coordinators only.
    pub private: bool,
}

/// A contact person of an actor (personal data).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPerson {
    /// Full name.
    pub name: String,
    /// E-mail address, if given.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number, if given.
    #[serde(default)]
    pub phone: Option<String>,
    /// Role at the actor, e.g. "vedoucí služby".
    #[serde(default)]
    pub role: String,
    /// Whether the actor lets the public see this contact.
    #[serde(default)]
    pub public: bool,
    /// The person's data was erased on request: name, e-mail and phone are
    /// gone for good (and empty here).
    #[serde(skip)]
    pub erased: bool,
}

/// The latest announcement of each unit, in unit order. An actor has a
/// unit or two: a vector copies in one small allocation, where a map
/// allocated a node for eleven (copies of an actor's state are what
/// as-of checkpoints hold).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Announcements(Vec<(Capacity, DateTime<Utc>)>);

impl Announcements {
    /// The latest announcement in `unit` and when it took effect.
    pub fn get(&self, unit: &str) -> Option<&(Capacity, DateTime<Utc>)> {
        self.0.iter().find(|(c, _)| c.unit == unit)
    }

    /// Keeps `capacity` as its unit's latest, effective at `at`.
    pub fn insert(&mut self, capacity: Capacity, at: DateTime<Utc>) {
        match self.0.binary_search_by(|(c, _)| c.unit.as_str().cmp(&capacity.unit)) {
            Ok(i) => self.0[i] = (capacity, at),
            Err(i) => self.0.insert(i, (capacity, at)),
        }
    }

    /// The units announced, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(c, _)| &c.unit)
    }

    /// The announcements, in unit order.
    pub fn values(&self) -> impl Iterator<Item = &(Capacity, DateTime<Utc>)> {
        self.0.iter()
    }

    /// How many units were announced.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing was announced.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One announcement of current capacity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Capacity {
    /// The unit (`client`, `bed`, …), one the actor registered.
    pub unit: String,
    /// Free places now.
    pub free: u32,
    /// Occupied places now, if said.
    pub occupied: Option<u32>,
    /// People waiting, if said.
    pub waiting: Option<u32>,
    /// Until when the announcement holds, if said.
    pub valid_until: Option<DateTime<Utc>>,
    /// A short note, e.g. "jen pro matky s dětmi".
    pub note: String,
}
