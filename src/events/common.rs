//! Conversions shared by the event codecs: ids, times, field values and
//! field changes between their domain and protobuf forms.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::ids::Slug;
use crate::domain::value::{CapacityLimit, FieldChange, Value};
use crate::proto::events::v1 as pb;

/// Why a stored payload does not decode into a domain event.
pub type DecodeError = String;

/// A UUID as 16 bytes.
pub fn id_bytes(id: &Uuid) -> Bytes {
    Bytes::copy_from_slice(id.as_bytes())
}

/// A UUID from 16 bytes.
pub fn id_from(bytes: &[u8], field: &str) -> Result<Uuid, DecodeError> {
    Uuid::from_slice(bytes).map_err(|_| format!("{field} is {} bytes, not a 16-byte UUID", bytes.len()))
}

/// An optional UUID: empty bytes are none.
pub fn optional_id(bytes: &[u8], field: &str) -> Result<Option<Uuid>, DecodeError> {
    if bytes.is_empty() { Ok(None) } else { id_from(bytes, field).map(Some) }
}

/// A time as microseconds since the epoch.
pub fn micros(at: &DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// A time from microseconds since the epoch.
pub fn time_from(us: i64, field: &str) -> Result<DateTime<Utc>, DecodeError> {
    DateTime::from_timestamp_micros(us).ok_or_else(|| format!("{field} {us} µs is out of range"))
}

/// A slug read back from storage.
pub fn slug_from(text: &str, field: &str) -> Result<Slug, DecodeError> {
    Slug::parse(text).map_err(|e| format!("{field}: {e}"))
}

/// A field value in protobuf form.
pub fn value_to_pb(value: &Value) -> pb::Value {
    use pb::value::Kind;
    let kind = match value {
        Value::Flag(b) => Kind::Flag(*b),
        Value::Number(n) => Kind::Number(*n),
        Value::Text(t) => Kind::Text(t.clone()),
        Value::List(items) => Kind::List(pb::TextList { items: items.clone() }),
        Value::Capacities(limits) => Kind::Capacities(pb::CapacityLimits {
            limits: limits.iter().map(|l| pb::CapacityLimit { unit: l.unit.clone(), max: l.max }).collect(),
        }),
    };
    pb::Value { kind: Some(kind) }
}

/// A field value from protobuf form.
pub fn value_from_pb(value: pb::Value) -> Result<Value, DecodeError> {
    use pb::value::Kind;
    Ok(match value.kind.ok_or("a value has no kind")? {
        Kind::Flag(b) => Value::Flag(b),
        Kind::Number(n) => Value::Number(n),
        Kind::Text(t) => Value::Text(t),
        Kind::List(list) => Value::List(list.items),
        Kind::Capacities(c) => {
            Value::Capacities(c.limits.into_iter().map(|l| CapacityLimit { unit: l.unit, max: l.max }).collect())
        }
    })
}

/// Field changes in protobuf form.
pub fn changes_to_pb(changes: &[FieldChange]) -> Vec<pb::FieldChange> {
    changes
        .iter()
        .map(|c| pb::FieldChange {
            field: c.field.clone(),
            old: c.old.as_ref().map(value_to_pb),
            new: c.new.as_ref().map(value_to_pb),
        })
        .collect()
}

/// Field changes from protobuf form.
pub fn changes_from_pb(changes: Vec<pb::FieldChange>) -> Result<Vec<FieldChange>, DecodeError> {
    changes
        .into_iter()
        .map(|c| {
            Ok(FieldChange {
                field: c.field,
                old: c.old.map(value_from_pb).transpose()?,
                new: c.new.map(value_from_pb).transpose()?,
            })
        })
        .collect()
}

/// Decodes a protobuf message, naming the event type on failure.
pub fn message<M: prost::Message + Default>(event_type: &str, payload: &[u8]) -> Result<M, DecodeError> {
    M::decode(payload).map_err(|e| format!("{event_type}: {e}"))
}

/// Encodes a protobuf message.
pub fn bytes<M: prost::Message>(message: &M) -> Vec<u8> {
    message.encode_to_vec()
}
