//! A network's public actors in Open Referral HSDS 3.1: each actor is an
//! organization delivering one service; its public contact persons are
//! contacts with their phones; its web, where it has one, a virtual
//! location (street addresses are not published: the public directory
//! does not show them, shelters among the services); the places it serves
//! are service areas; its opening hours a schedule; its capacity, where it
//! shows it to the public, service capacities with their units; its need
//! areas, target groups and life situations taxonomy terms linked by
//! attributes. Only what the public directory shows goes out
//! ([`crate::http::routes::public::public_actors`]).
//!
//! Records are made as tables (one object per record, as the tabular
//! datapackage has them) and compiled into one object per service, with
//! its related records inside, as HSDS's API answers a service.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value as Json, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::actor::Status;
use crate::domain::ids::Slug;
use crate::domain::need_area::NeedArea;
use crate::domain::network::TermKind;
use crate::domain::value::Value;
use crate::http::routes::public::{PublicFilter, public_actors};
use crate::projections::Model;

/// The tables, in the datapackage's order: (table, file).
pub const TABLES: &[(&str, &str)] = &[
    ("organization", "organizations.csv"),
    ("service", "services.csv"),
    ("location", "locations.csv"),
    ("service_at_location", "service_at_location.csv"),
    ("contact", "contacts.csv"),
    ("phone", "phones.csv"),
    ("service_area", "service_areas.csv"),
    ("schedule", "schedules.csv"),
    ("unit", "units.csv"),
    ("service_capacity", "service_capacity.csv"),
    ("taxonomy", "taxonomies.csv"),
    ("taxonomy_term", "taxonomy_terms.csv"),
    ("attribute", "attributes.csv"),
];

/// The records of an export, table by table.
#[derive(Clone, Debug, Default)]
pub struct Records {
    /// Records by table name.
    pub tables: BTreeMap<&'static str, Vec<Map<String, Json>>>,
}

/// A stable UUID for a record made from `parts` (the same record gets the
/// same id in every export, so a consumer can sync).
pub fn derived(parts: &[&str]) -> Uuid {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    let hash: [u8; 32] = hash.finalize().into();
    let mut bytes = [0; 16];
    bytes.copy_from_slice(&hash[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn object(value: Json) -> Map<String, Json> {
    match value {
        Json::Object(map) => map.into_iter().filter(|(_, v)| !v.is_null()).collect(),
        _ => Map::new(),
    }
}

impl Records {
    fn push(&mut self, table: &'static str, value: Json) {
        self.tables.entry(table).or_default().push(object(value));
    }

    /// The records of `table`.
    pub fn of(&self, table: &str) -> &[Map<String, Json>] {
        self.tables.get(table).map_or(&[], Vec::as_slice)
    }
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::TemporarilyClosed => "temporarily closed",
        Status::Ended => "defunct",
    }
}

fn taxonomies(records: &mut Records, slug: &Slug, model: &Model) -> BTreeMap<String, Uuid> {
    let mut terms = BTreeMap::new();
    let need_areas = derived(&["taxonomy", "need_areas"]);
    records.push(
        "taxonomy",
        json!({"id": need_areas, "name": "Oblasti potřeb dětí",
            "description": "Šest oblastí potřeb dítěte, podle nichž síť služeb mapuje, co děti a rodiny potřebují.",
            "version": "1"}),
    );
    for area in NeedArea::ALL {
        let id = derived(&["taxonomy_term", "need_area", area.code()]);
        terms.insert(area.code().to_owned(), id);
        records.push(
            "taxonomy_term",
            json!({"id": id, "code": area.code(), "name": area.label_cs(), "description": area.label_cs(),
                "taxonomy": "Oblasti potřeb dětí", "taxonomy_id": need_areas, "language": "cs"}),
        );
    }
    let Some(network) = model.networks.get(slug) else { return terms };
    for (kind, name) in [(TermKind::TargetGroup, "Cílové skupiny"), (TermKind::LifeSituation, "Životní situace")] {
        let taxonomy = derived(&["taxonomy", slug.as_str(), name]);
        records.push(
            "taxonomy",
            json!({"id": taxonomy, "name": format!("{name} – {}", network.state.name),
                "description": format!("{name} v číselníku sítě {}.", network.state.name)}),
        );
        for (id, term) in network.state.terms.iter().filter(|(_, t)| t.kind == kind && !t.retired) {
            terms.insert(id.to_string(), *id);
            records.push(
                "taxonomy_term",
                json!({"id": id, "name": term.name, "description": term.name, "taxonomy": name,
                    "taxonomy_id": taxonomy, "language": "cs"}),
            );
        }
    }
    terms
}

/// The public actors of network `slug` at `now` as HSDS records; with
/// `modified_after`, only the services changed since, and those no longer
/// public as services with their status (so a copy can drop them).
pub fn records(model: &Model, slug: &Slug, now: DateTime<Utc>, modified_after: Option<DateTime<Utc>>) -> Records {
    let mut records = Records::default();
    let Some(network) = model.networks.get(slug) else { return records };
    let terms = taxonomies(&mut records, slug, model);
    let public = public_actors(model, slug, &network.state, &PublicFilter::default(), now);
    let changed = |id: &Uuid| {
        let at = model.actors.get(id).and_then(|a| a.entry.updated_at);
        (modified_after.is_none_or(|after| at.is_some_and(|at| at > after)), at)
    };
    let mut units = BTreeMap::new();
    for actor in &public {
        let (wanted, updated) = changed(&actor.id);
        if !wanted {
            continue;
        }
        let Some(state) = model.actors.get(&actor.id).map(|a| &a.entry.state) else { continue };
        let (service, organization) = (actor.id, derived(&["organization", &actor.id.to_string()]));
        let description = if actor.description.is_empty() { actor.name.clone() } else { actor.description.clone() };
        let web = actor.web.clone().filter(|w| w.starts_with("http://") || w.starts_with("https://"));
        records.push(
            "organization",
            json!({"id": organization, "name": actor.name, "description": description, "website": web}),
        );
        records.push(
            "service",
            json!({"id": service, "organization_id": organization, "name": actor.name, "description": description,
                "url": web, "status": "active", "last_modified": updated.map(time),
                "eligibility_description": (!actor.target_groups.is_empty()).then(|| actor.target_groups.join(", "))}),
        );
        if let Some(url) = &web {
            let location = derived(&["location", &service.to_string()]);
            records.push(
                "location",
                json!({"id": location, "location_type": "virtual", "url": url, "organization_id": organization,
                    "name": actor.name}),
            );
            records.push(
                "service_at_location",
                json!({"id": derived(&["service_at_location", &service.to_string()]), "service_id": service,
                    "location_id": location}),
            );
        }
        for (i, c) in actor.contacts.iter().enumerate() {
            let contact = derived(&["contact", &service.to_string(), &i.to_string()]);
            records.push(
                "contact",
                json!({"id": contact, "service_id": service, "name": c.name,
                    "title": (!c.role.is_empty()).then_some(&c.role), "email": c.email}),
            );
            if let Some(number) = &c.phone {
                records.push(
                    "phone",
                    json!({"id": derived(&["phone", &contact.to_string()]), "contact_id": contact,
                        "service_id": service, "number": number, "type": "voice"}),
                );
            }
        }
        let places = state.fields.get("places").and_then(Value::as_list).unwrap_or(&[]);
        for place in places.iter().filter_map(|p| Uuid::parse_str(p).ok()) {
            if let Some(term) = network.state.terms.get(&place) {
                records.push(
                    "service_area",
                    json!({"id": derived(&["service_area", &service.to_string(), &place.to_string()]),
                        "service_id": service, "name": term.name, "extent_type": "name"}),
                );
            }
        }
        if !actor.opening_hours.is_empty() {
            records.push(
                "schedule",
                json!({"id": derived(&["schedule", &service.to_string()]), "service_id": service,
                    "description": actor.opening_hours}),
            );
        }
        for c in &actor.capacity {
            let unit = *units.entry(c.unit.clone()).or_insert_with(|| derived(&["unit", &c.unit]));
            let maximum = state.fields.get("capacities").and_then(|v| match v {
                Value::Capacities(limits) => limits.iter().find(|l| l.unit == c.unit).map(|l| l.max),
                _ => None,
            });
            records.push(
                "service_capacity",
                json!({"id": derived(&["service_capacity", &service.to_string(), &c.unit]), "service_id": service,
                    "unit_id": unit, "available": c.free, "maximum": maximum, "updated": time(c.announced_at)}),
            );
        }
        let mut linked = Vec::new();
        for field in ["need_areas", "target_groups", "life_situations"] {
            for code in state.fields.get(field).and_then(Value::as_list).unwrap_or(&[]) {
                if let Some(term) = terms.get(code) {
                    linked.push((*term, field));
                }
            }
        }
        for (term, field) in linked {
            records.push(
                "attribute",
                json!({"id": derived(&["attribute", &service.to_string(), &term.to_string()]),
                    "link_id": service, "link_type": field, "link_entity": "service", "taxonomy_term_id": term}),
            );
        }
    }
    for (code, id) in units {
        records.push(
            "unit",
            json!({"id": id, "name": crate::czech::unit_name(&code), "identifier": code, "scheme": "uzel"}),
        );
    }
    if modified_after.is_some() {
        // Actors that left the public directory since: their status.
        let shown: Vec<Uuid> = public.iter().map(|a| a.id).collect();
        for id in model.actors_by_network.get(slug).into_iter().flatten() {
            let Some(a) = model.actors.get(id) else { continue };
            if shown.contains(id) || !changed(id).0 {
                continue;
            }
            let organization = derived(&["organization", &id.to_string()]);
            records.push(
                "service",
                json!({"id": id, "organization_id": organization, "name": a.entry.state.name(),
                    "status": status(a.entry.state.status),
                    "last_modified": a.entry.updated_at.map(time)}),
            );
        }
    }
    records
}
