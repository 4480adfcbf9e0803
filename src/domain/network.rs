//! Networks (regions are in `region.rs`). A network (one ORP, or another area its
//! coordinator names) keeps its own taxonomies — target groups, life
//! situations, places — its custom categories, saved filters, the actor
//! fields designated for case managers, and the age past which a capacity
//! announcement is stale.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::{DomainError, Problems};
use super::filter::DirectoryFilter;
use super::ids::Slug;
use super::text::required_text;

pub use super::region::{RegionCommand, RegionEvent, RegionState};

/// The three taxonomies a network keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TermKind {
    /// Age bands and other target groups.
    TargetGroup,
    /// Life situations (e.g. divorce, debt, disability).
    LifeSituation,
    /// Municipalities and localities (e.g. a socially excluded locality).
    Place,
}

impl TermKind {
    /// How the kind is called in messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::TargetGroup => "target group",
            Self::LifeSituation => "life situation",
            Self::Place => "place",
        }
    }

    /// The actor field whose values are terms of this kind.
    pub fn actor_field(self) -> &'static str {
        match self {
            Self::TargetGroup => "target_groups",
            Self::LifeSituation => "life_situations",
            Self::Place => "places",
        }
    }
}

/// One term of a taxonomy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
pub struct Term {
    /// Which taxonomy.
    pub kind: TermKind,
    /// Its name, e.g. "6–10 let" or "Janov".
    pub name: String,
    /// Retired terms stay on old records but cannot be chosen anew.
    pub retired: bool,
}

/// The kinds of values a custom category takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CategoryKind {
    /// Free text.
    Text,
    /// Yes or no.
    YesNo,
    /// A whole number.
    Number,
    /// One of the allowed values.
    OneOf,
    /// Any of the allowed values.
    ManyOf,
}

/// A category the coordinator added to the actor template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
pub struct Category {
    /// Its name, e.g. "Provozní doba".
    pub name: String,
    /// What values it takes.
    pub kind: CategoryKind,
    /// The allowed values of `one_of` and `many_of`.
    pub allowed: Vec<String>,
}

/// Who a saved filter is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Coordinators only.
    Coordinators,
    /// Shared with case managers.
    CaseManagers,
}

/// A saved view of the directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
pub struct SavedFilter {
    /// Its name, e.g. "Krizová lůžka".
    pub name: String,
    /// The filter, in the directory's query syntax.
    pub filter: DirectoryFilter,
    /// Who may run it.
    pub audience: Audience,
}

/// What may be designated for case managers besides the template's fields:
/// the contact persons and the shared notes.
pub const DESIGNATABLE: [&str; 2] = ["contacts", "notes"];

/// Days after which a capacity announcement is stale unless a network sets
/// another age.
pub const DEFAULT_CAPACITY_STALE_DAYS: u32 = 14;

/// A network's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NetworkState {
    /// Its slug, once registered.
    pub slug: Option<Slug>,
    /// Its name, e.g. "ORP Děčín".
    pub name: String,
    /// The official ORP code, if it is one ORP.
    pub orp_code: Option<String>,
    /// The region it belongs to.
    pub region: Option<Slug>,
    /// Its taxonomy terms.
    pub terms: BTreeMap<Uuid, Term>,
    /// Its custom categories.
    pub categories: BTreeMap<Uuid, Category>,
    /// Its saved filters.
    pub filters: BTreeMap<Uuid, SavedFilter>,
    /// Actor fields case managers may read.
    pub designated_fields: Vec<String>,
    /// Days after which a capacity announcement is stale (`None`: default).
    pub capacity_stale_days: Option<u32>,
}

/// What can be asked of a network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetworkCommand {
    /// Register a network in an existing region.
    Register { slug: Slug, name: String, orp_code: Option<String>, region: Slug },
    /// Rename it or change its ORP code.
    Describe { name: String, orp_code: Option<String> },
    /// Add a taxonomy term.
    AddTerm { id: Uuid, kind: TermKind, name: String },
    /// Rename a term.
    RenameTerm { id: Uuid, name: String },
    /// Retire a term.
    RetireTerm { id: Uuid },
    /// Define (or redefine) a custom category.
    DefineCategory { id: Uuid, name: String, kind: CategoryKind, allowed: Vec<String> },
    /// Remove a custom category.
    RemoveCategory { id: Uuid },
    /// Save (or replace) a filter.
    SaveFilter { id: Uuid, name: String, filter: Box<DirectoryFilter>, audience: Audience },
    /// Remove a saved filter.
    RemoveFilter { id: Uuid },
    /// Set the actor fields case managers may read and/or the age after
    /// which capacity announcements are stale (one atomic change).
    Configure { designated_fields: Option<Vec<String>>, capacity_stale_days: Option<u32> },
}

/// What happened to a network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetworkEvent {
    /// `network.registered`
    Registered { slug: Slug, name: String, orp_code: Option<String>, region: Slug },
    /// `network.described`
    Described { name: String, orp_code: Option<String> },
    /// `network.term_added`
    TermAdded { id: Uuid, kind: TermKind, name: String },
    /// `network.term_renamed`
    TermRenamed { id: Uuid, name: String },
    /// `network.term_retired`
    TermRetired { id: Uuid },
    /// `network.category_defined`
    CategoryDefined { id: Uuid, name: String, kind: CategoryKind, allowed: Vec<String> },
    /// `network.category_removed`
    CategoryRemoved { id: Uuid },
    /// `network.filter_saved`
    FilterSaved { id: Uuid, name: String, filter: Box<DirectoryFilter>, audience: Audience },
    /// `network.filter_removed`
    FilterRemoved { id: Uuid },
    /// `network.fields_designated`
    FieldsDesignated { fields: Vec<String> },
    /// `network.capacity_stale_days_set`
    CapacityStaleDaysSet { days: u32 },
    /// `network.records_reviewed`: the yearly revision of these records
    /// (see `revision.rs`).
    RecordsReviewed { actors: Vec<Uuid>, platforms: Vec<Uuid>, activities: Vec<Uuid> },
}

fn orp_code(code: Option<String>) -> Result<Option<String>, String> {
    match code.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) if c.len() == 4 && c.chars().all(|d| d.is_ascii_digit()) => Ok(Some(c)),
        Some(c) => Err(format!("ORP code {c:?} must be the four digits of the official register")),
    }
}

impl NetworkState {
    /// Days after which capacity announcements are stale.
    pub fn stale_days(&self) -> u32 {
        self.capacity_stale_days.unwrap_or(DEFAULT_CAPACITY_STALE_DAYS)
    }

    /// Checks that `id` is a current term of `kind`.
    pub fn check_term(&self, kind: TermKind, id: &str) -> Result<Uuid, String> {
        let uuid = Uuid::parse_str(id).map_err(|_| format!("{id:?} is not a term id"))?;
        match self.terms.get(&uuid) {
            Some(term) if term.kind == kind && !term.retired => Ok(uuid),
            Some(term) if term.kind == kind => Err(format!("term {:?} is retired", term.name)),
            _ => Err(format!("{id} is not a {} of this network", kind.label())),
        }
    }

    /// Decides a command. `region_exists` says whether the region named by a
    /// registration exists.
    pub fn decide(&self, command: NetworkCommand, region_exists: bool) -> Result<Vec<NetworkEvent>, DomainError> {
        use NetworkCommand as C;
        use NetworkEvent as E;
        if !matches!(command, C::Register { .. }) && self.slug.is_none() {
            return Err(DomainError::NotFound("network".into()));
        }
        let mut problems = Problems::default();
        let events = match command {
            C::Register { slug, name, orp_code: code, region } => {
                if self.slug.is_some() {
                    return Err(DomainError::Conflict(format!("network {slug} exists already")));
                }
                let name = problems.check("name", required_text("name", &name, 200));
                let code = problems.check("orp_code", orp_code(code));
                if !region_exists {
                    problems.add("region", format!("region {region} does not exist"));
                }
                problems.finish()?;
                vec![E::Registered { slug, name: name.unwrap_or_default(), orp_code: code.flatten(), region }]
            }
            C::Describe { name, orp_code: code } => {
                let name = problems.check("name", required_text("name", &name, 200));
                let code = problems.check("orp_code", orp_code(code));
                problems.finish()?;
                let (name, code) = (name.unwrap_or_default(), code.flatten());
                if name == self.name && code == self.orp_code {
                    return Ok(vec![]);
                }
                vec![E::Described { name, orp_code: code }]
            }
            C::AddTerm { id, kind, name } => {
                if self.terms.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("term {id} exists already")));
                }
                let name = required_text("name", &name, 120).map_err(|e| DomainError::invalid("name", e))?;
                if self.terms.values().any(|t| t.kind == kind && !t.retired && t.name == name) {
                    return Err(DomainError::invalid("name", format!("the network already has the term {name:?}")));
                }
                vec![E::TermAdded { id, kind, name }]
            }
            C::RenameTerm { id, name } => {
                let term = self.terms.get(&id).ok_or_else(|| DomainError::NotFound(format!("term {id}")))?;
                let name = required_text("name", &name, 120).map_err(|e| DomainError::invalid("name", e))?;
                if term.name == name {
                    return Ok(vec![]);
                }
                vec![E::TermRenamed { id, name }]
            }
            C::RetireTerm { id } => {
                let term = self.terms.get(&id).ok_or_else(|| DomainError::NotFound(format!("term {id}")))?;
                if term.retired {
                    return Ok(vec![]);
                }
                vec![E::TermRetired { id }]
            }
            C::DefineCategory { id, name, kind, allowed } => {
                let name = problems.check("name", required_text("name", &name, 120));
                let mut values = Vec::new();
                for (i, value) in allowed.iter().enumerate() {
                    if let Some(v) = problems.check(&format!("allowed[{i}]"), required_text("value", value, 120)) {
                        if values.contains(&v) {
                            problems.add(format!("allowed[{i}]"), format!("{v:?} is listed twice"));
                        }
                        values.push(v);
                    }
                }
                let choice = matches!(kind, CategoryKind::OneOf | CategoryKind::ManyOf);
                if choice && values.is_empty() {
                    problems.add("allowed", "a one-of or many-of category needs its allowed values");
                }
                if !choice && !values.is_empty() {
                    problems.add("allowed", "only one-of and many-of categories have allowed values");
                }
                problems.finish()?;
                let name = name.unwrap_or_default();
                if self.categories.iter().any(|(other, c)| *other != id && c.name == name) {
                    return Err(DomainError::invalid("name", format!("the network already has the category {name:?}")));
                }
                let same = Category { name: name.clone(), kind, allowed: values.clone() };
                if self.categories.get(&id) == Some(&same) {
                    return Ok(vec![]);
                }
                vec![E::CategoryDefined { id, name, kind, allowed: values }]
            }
            C::RemoveCategory { id } => {
                if !self.categories.contains_key(&id) {
                    return Err(DomainError::NotFound(format!("category {id}")));
                }
                vec![E::CategoryRemoved { id }]
            }
            C::SaveFilter { id, name, filter, audience } => {
                let name = required_text("name", &name, 120).map_err(|e| DomainError::invalid("name", e))?;
                filter.check_against(self).map_err(DomainError::Invalid)?;
                vec![E::FilterSaved { id, name, filter, audience }]
            }
            C::RemoveFilter { id } => {
                if !self.filters.contains_key(&id) {
                    return Err(DomainError::NotFound(format!("saved filter {id}")));
                }
                vec![E::FilterRemoved { id }]
            }
            C::Configure { designated_fields, capacity_stale_days } => {
                let mut events = Vec::new();
                if let Some(mut fields) = designated_fields {
                    for (i, field) in fields.iter().enumerate() {
                        let extra = DESIGNATABLE.contains(&field.as_str());
                        if !extra && let Err(e) = super::actor_fields::check_field_name(self, field) {
                            problems.add(format!("designated_fields[{i}]"), e);
                        }
                    }
                    fields.dedup();
                    if fields != self.designated_fields {
                        events.push(E::FieldsDesignated { fields });
                    }
                }
                if let Some(days) = capacity_stale_days {
                    if !(1..=365).contains(&days) {
                        problems.add("capacity_stale_days", "a capacity announcement goes stale after 1 to 365 days");
                    } else if Some(days) != self.capacity_stale_days {
                        events.push(E::CapacityStaleDaysSet { days });
                    }
                }
                problems.finish()?;
                events
            }
        };
        Ok(events)
    }

    /// Applies an event.
    pub fn apply(&mut self, event: &NetworkEvent) {
        use NetworkEvent as E;
        match event {
            E::Registered { slug, name, orp_code, region } => {
                self.slug = Some(slug.clone());
                self.name = name.clone();
                self.orp_code = orp_code.clone();
                self.region = Some(region.clone());
            }
            E::Described { name, orp_code } => {
                self.name = name.clone();
                self.orp_code = orp_code.clone();
            }
            E::TermAdded { id, kind, name } => {
                self.terms.insert(*id, Term { kind: *kind, name: name.clone(), retired: false });
            }
            E::TermRenamed { id, name } => {
                if let Some(term) = self.terms.get_mut(id) {
                    term.name = name.clone();
                }
            }
            E::TermRetired { id } => {
                if let Some(term) = self.terms.get_mut(id) {
                    term.retired = true;
                }
            }
            E::CategoryDefined { id, name, kind, allowed } => {
                self.categories.insert(*id, Category { name: name.clone(), kind: *kind, allowed: allowed.clone() });
            }
            E::CategoryRemoved { id } => {
                self.categories.remove(id);
            }
            E::FilterSaved { id, name, filter, audience } => {
                self.filters
                    .insert(*id, SavedFilter { name: name.clone(), filter: (**filter).clone(), audience: *audience });
            }
            E::FilterRemoved { id } => {
                self.filters.remove(id);
            }
            E::FieldsDesignated { fields } => self.designated_fields = fields.clone(),
            E::CapacityStaleDaysSet { days } => self.capacity_stale_days = Some(*days),
            // The records' own states keep the date (the read model sets it).
            E::RecordsReviewed { .. } => {}
        }
    }
}
