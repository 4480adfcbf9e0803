//! `network.*` events.

use super::common::{DecodeError, bytes, id_bytes, id_from, message, slug_from};
use crate::domain::filter::DirectoryFilter;
use crate::domain::network::{Audience, CategoryKind, NetworkEvent, TermKind};
use crate::proto::events::v1 as pb;

/// Every `network.*` type this build writes and reads.
pub const TYPES: &[&str] = &[
    "network.registered",
    "network.described",
    "network.term_added",
    "network.term_renamed",
    "network.term_retired",
    "network.category_defined",
    "network.category_removed",
    "network.filter_saved",
    "network.filter_removed",
    "network.fields_designated",
    "network.capacity_stale_days_set",
    "network.records_reviewed",
];

fn term_kind(kind: TermKind) -> pb::TermKind {
    match kind {
        TermKind::TargetGroup => pb::TermKind::TargetGroup,
        TermKind::LifeSituation => pb::TermKind::LifeSituation,
        TermKind::Place => pb::TermKind::Place,
    }
}

fn term_kind_from(kind: i32) -> Result<TermKind, DecodeError> {
    match pb::TermKind::try_from(kind) {
        Ok(pb::TermKind::TargetGroup) => Ok(TermKind::TargetGroup),
        Ok(pb::TermKind::LifeSituation) => Ok(TermKind::LifeSituation),
        Ok(pb::TermKind::Place) => Ok(TermKind::Place),
        _ => Err(format!("unknown term kind {kind}")),
    }
}

fn category_kind(kind: CategoryKind) -> pb::CategoryKind {
    match kind {
        CategoryKind::Text => pb::CategoryKind::Text,
        CategoryKind::YesNo => pb::CategoryKind::YesNo,
        CategoryKind::Number => pb::CategoryKind::Number,
        CategoryKind::OneOf => pb::CategoryKind::OneOf,
        CategoryKind::ManyOf => pb::CategoryKind::ManyOf,
    }
}

fn category_kind_from(kind: i32) -> Result<CategoryKind, DecodeError> {
    match pb::CategoryKind::try_from(kind) {
        Ok(pb::CategoryKind::Text) => Ok(CategoryKind::Text),
        Ok(pb::CategoryKind::YesNo) => Ok(CategoryKind::YesNo),
        Ok(pb::CategoryKind::Number) => Ok(CategoryKind::Number),
        Ok(pb::CategoryKind::OneOf) => Ok(CategoryKind::OneOf),
        Ok(pb::CategoryKind::ManyOf) => Ok(CategoryKind::ManyOf),
        _ => Err(format!("unknown category kind {kind}")),
    }
}

fn audience_from(audience: i32) -> Result<Audience, DecodeError> {
    match pb::Audience::try_from(audience) {
        Ok(pb::Audience::Coordinators) => Ok(Audience::Coordinators),
        Ok(pb::Audience::CaseManagers) => Ok(Audience::CaseManagers),
        _ => Err(format!("unknown audience {audience}")),
    }
}

/// The type and payload of an event.
pub fn encode(event: &NetworkEvent) -> (&'static str, Vec<u8>) {
    use NetworkEvent as E;
    match event {
        E::Registered { slug, name, orp_code, region } => (
            "network.registered",
            bytes(&pb::NetworkRegistered {
                network_id: slug.to_string(),
                name: name.clone(),
                orp_code: orp_code.clone().unwrap_or_default(),
                region_code: region.to_string(),
            }),
        ),
        E::Described { name, orp_code } => (
            "network.described",
            bytes(&pb::NetworkDescribed { name: name.clone(), orp_code: orp_code.clone().unwrap_or_default() }),
        ),
        E::TermAdded { id, kind, name } => (
            "network.term_added",
            bytes(&pb::TermAdded { id: id_bytes(id), kind: term_kind(*kind).into(), name: name.clone() }),
        ),
        E::TermRenamed { id, name } => {
            ("network.term_renamed", bytes(&pb::TermRenamed { id: id_bytes(id), name: name.clone() }))
        }
        E::TermRetired { id } => ("network.term_retired", bytes(&pb::TermRetired { id: id_bytes(id) })),
        E::CategoryDefined { id, name, kind, allowed } => (
            "network.category_defined",
            bytes(&pb::CategoryDefined {
                id: id_bytes(id),
                name: name.clone(),
                kind: category_kind(*kind).into(),
                allowed: allowed.clone(),
            }),
        ),
        E::CategoryRemoved { id } => ("network.category_removed", bytes(&pb::CategoryRemoved { id: id_bytes(id) })),
        E::FilterSaved { id, name, filter, audience } => (
            "network.filter_saved",
            bytes(&pb::FilterSaved {
                id: id_bytes(id),
                name: name.clone(),
                query: filter.to_query(),
                audience: match audience {
                    Audience::Coordinators => pb::Audience::Coordinators,
                    Audience::CaseManagers => pb::Audience::CaseManagers,
                }
                .into(),
            }),
        ),
        E::FilterRemoved { id } => ("network.filter_removed", bytes(&pb::FilterRemoved { id: id_bytes(id) })),
        E::FieldsDesignated { fields } => {
            ("network.fields_designated", bytes(&pb::FieldsDesignated { fields: fields.clone() }))
        }
        E::CapacityStaleDaysSet { days } => {
            ("network.capacity_stale_days_set", bytes(&pb::CapacityStaleDaysSet { days: *days }))
        }
        E::RecordsReviewed { actors, platforms, activities } => {
            let ids = |list: &[uuid::Uuid]| list.iter().map(id_bytes).collect();
            (
                "network.records_reviewed",
                bytes(&pb::RecordsReviewed {
                    actors: ids(actors),
                    platforms: ids(platforms),
                    activities: ids(activities),
                }),
            )
        }
    }
}

fn non_empty(text: String) -> Option<String> {
    Some(text).filter(|t| !t.is_empty())
}

/// The event a stored payload holds.
pub fn decode(t: &str, payload: &[u8]) -> Result<NetworkEvent, DecodeError> {
    use NetworkEvent as E;
    Ok(match t {
        "network.registered" => {
            let m: pb::NetworkRegistered = message(t, payload)?;
            E::Registered {
                slug: slug_from(&m.network_id, "network_id")?,
                name: m.name,
                orp_code: non_empty(m.orp_code),
                region: slug_from(&m.region_code, "region_code")?,
            }
        }
        "network.described" => {
            let m: pb::NetworkDescribed = message(t, payload)?;
            E::Described { name: m.name, orp_code: non_empty(m.orp_code) }
        }
        "network.term_added" => {
            let m: pb::TermAdded = message(t, payload)?;
            E::TermAdded { id: id_from(&m.id, "id")?, kind: term_kind_from(m.kind)?, name: m.name }
        }
        "network.term_renamed" => {
            let m: pb::TermRenamed = message(t, payload)?;
            E::TermRenamed { id: id_from(&m.id, "id")?, name: m.name }
        }
        "network.term_retired" => E::TermRetired { id: id_from(&message::<pb::TermRetired>(t, payload)?.id, "id")? },
        "network.category_defined" => {
            let m: pb::CategoryDefined = message(t, payload)?;
            E::CategoryDefined {
                id: id_from(&m.id, "id")?,
                name: m.name,
                kind: category_kind_from(m.kind)?,
                allowed: m.allowed,
            }
        }
        "network.category_removed" => {
            E::CategoryRemoved { id: id_from(&message::<pb::CategoryRemoved>(t, payload)?.id, "id")? }
        }
        "network.filter_saved" => {
            let m: pb::FilterSaved = message(t, payload)?;
            let filter = DirectoryFilter::parse(&m.query)
                .map_err(|errors| format!("saved filter {:?} does not parse: {}", m.query, errors[0].reason))?;
            E::FilterSaved {
                id: id_from(&m.id, "id")?,
                name: m.name,
                filter: Box::new(filter),
                audience: audience_from(m.audience)?,
            }
        }
        "network.filter_removed" => {
            E::FilterRemoved { id: id_from(&message::<pb::FilterRemoved>(t, payload)?.id, "id")? }
        }
        "network.fields_designated" => {
            E::FieldsDesignated { fields: message::<pb::FieldsDesignated>(t, payload)?.fields }
        }
        "network.capacity_stale_days_set" => {
            E::CapacityStaleDaysSet { days: message::<pb::CapacityStaleDaysSet>(t, payload)?.days }
        }
        "network.records_reviewed" => {
            let m: pb::RecordsReviewed = message(t, payload)?;
            let ids = |list: Vec<bytes::Bytes>, what: &str| -> Result<Vec<uuid::Uuid>, DecodeError> {
                list.iter().map(|id| id_from(id, what)).collect()
            };
            E::RecordsReviewed {
                actors: ids(m.actors, "actors")?,
                platforms: ids(m.platforms, "platforms")?,
                activities: ids(m.activities, "activities")?,
            }
        }
        other => return Err(format!("{other} is not a network event")),
    })
}
