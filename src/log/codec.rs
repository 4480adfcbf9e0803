//! The stored record format of one event: a format byte, then the protobuf
//! `StoredEvent` of `proto/uzel/log/v1/envelope.proto`.
//!
//! The format byte lets a future uzel change the envelope in a way protobuf
//! cannot absorb (a new byte, a new decoder) while old records keep decoding.
//! Golden files in `tests/golden/` pin the bytes of this format.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use prost::Message;
use uuid::Uuid;

use super::types::{RecordedEvent, StreamName};
use crate::proto::log::v1::StoredEvent;

/// The first byte of every record written by this build.
pub const RECORD_FORMAT_V1: u8 = 1;

/// Why a record does not decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(pub String);

/// Encodes an event as a stored record.
pub fn encode(event: &RecordedEvent) -> Vec<u8> {
    let stored = StoredEvent {
        position: event.position,
        stream: event.stream.as_str().to_owned(),
        version: event.version,
        event_id: Bytes::copy_from_slice(event.event_id.as_bytes()),
        r#type: event.event_type.clone(),
        schema: event.schema,
        recorded_at_us: event.recorded_at.timestamp_micros(),
        effective_at_us: event.effective_at.timestamp_micros(),
        network: event.network.clone(),
        author: event.author.clone(),
        correlation_id: uuid_bytes(event.correlation_id),
        causation_id: uuid_bytes(event.causation_id),
        payload: event.payload.clone(),
    };
    let mut out = Vec::with_capacity(1 + stored.encoded_len());
    out.push(RECORD_FORMAT_V1);
    stored.encode(&mut out).expect("a Vec grows to fit");
    out
}

/// What a filtered read looks at before decoding a record in full.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Peek<'a> {
    /// The record's position.
    pub position: u64,
    /// Its stream.
    pub stream: &'a str,
    /// Its event type.
    pub event_type: &'a str,
    /// Its network.
    pub network: &'a str,
    /// Its version in its stream.
    pub version: u64,
    /// Its event id's bytes (16 in a sound record).
    pub event_id: &'a [u8],
    /// When it was recorded, in microseconds since the epoch.
    pub recorded_at_us: i64,
}

/// Reads a record's position, stream, type, network, version, event id and
/// recording time without copying anything, so a filtered read skips other
/// records cheaply and the log's indexes rebuild without decoding
/// payloads.
pub fn peek(record: &[u8]) -> Result<Peek<'_>, DecodeError> {
    fn text(bytes: &[u8]) -> Result<&str, DecodeError> {
        std::str::from_utf8(bytes).map_err(|_| DecodeError("envelope: a text field is not UTF-8".into()))
    }
    let bad = |what: &str| DecodeError(format!("envelope: {what}"));
    let (&format, mut body) = record.split_first().ok_or_else(|| DecodeError("empty record".into()))?;
    if format != RECORD_FORMAT_V1 {
        return Err(DecodeError(format!("unknown record format {format}; this build reads format {RECORD_FORMAT_V1}")));
    }
    let mut peek = Peek::default();
    while !body.is_empty() {
        let key = prost::encoding::decode_varint(&mut body).map_err(|e| bad(&e.to_string()))?;
        let (tag, wire) = (key >> 3, key & 7);
        let skip = |body: &mut &[u8], n: usize| -> Result<(), DecodeError> {
            *body = body.get(n..).ok_or_else(|| bad("a field runs past the record"))?;
            Ok(())
        };
        match wire {
            0 => {
                let value = prost::encoding::decode_varint(&mut body).map_err(|e| bad(&e.to_string()))?;
                match tag {
                    1 => peek.position = value,
                    3 => peek.version = value,
                    _ => {}
                }
            }
            1 => {
                let word = body.get(..8).ok_or_else(|| bad("a field runs past the record"))?;
                if tag == 7 {
                    peek.recorded_at_us = i64::from_le_bytes(word.try_into().unwrap_or_default());
                }
                skip(&mut body, 8)?;
            }
            5 => skip(&mut body, 4)?,
            2 => {
                let len = prost::encoding::decode_varint(&mut body).map_err(|e| bad(&e.to_string()))?;
                let len = usize::try_from(len).map_err(|_| bad("a field is too long"))?;
                let bytes = body.get(..len).ok_or_else(|| bad("a field runs past the record"))?;
                match tag {
                    2 => peek.stream = text(bytes)?,
                    5 => peek.event_type = text(bytes)?,
                    9 => peek.network = text(bytes)?,
                    4 => peek.event_id = bytes,
                    _ => {}
                }
                skip(&mut body, len)?;
            }
            other => return Err(bad(&format!("unknown wire type {other}"))),
        }
    }
    Ok(peek)
}

/// Decodes a stored record.
pub fn decode(record: &[u8]) -> Result<RecordedEvent, DecodeError> {
    let (&format, body) = record.split_first().ok_or_else(|| DecodeError("empty record".into()))?;
    if format != RECORD_FORMAT_V1 {
        return Err(DecodeError(format!("unknown record format {format}; this build reads format {RECORD_FORMAT_V1}")));
    }
    let s = StoredEvent::decode(body).map_err(|e| DecodeError(format!("envelope: {e}")))?;
    if s.stream.is_empty() {
        return Err(DecodeError("the record names no stream".into()));
    }
    let stream = StreamName::trusted(s.stream);
    Ok(RecordedEvent {
        position: s.position,
        stream,
        version: s.version,
        event_id: parse_uuid(&s.event_id, "event_id")?.ok_or_else(|| DecodeError("event_id is empty".into()))?,
        event_type: s.r#type,
        schema: s.schema,
        recorded_at: micros(s.recorded_at_us, "recorded_at")?,
        effective_at: micros(s.effective_at_us, "effective_at")?,
        network: s.network,
        author: s.author,
        correlation_id: parse_uuid(&s.correlation_id, "correlation_id")?,
        causation_id: parse_uuid(&s.causation_id, "causation_id")?,
        payload: s.payload,
    })
}

/// Truncates a time to the microsecond precision records keep, so an event
/// handed back before and after a round trip through storage is equal.
pub fn to_micros(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at)
}

fn uuid_bytes(id: Option<Uuid>) -> Bytes {
    id.map_or_else(Bytes::new, |id| Bytes::copy_from_slice(id.as_bytes()))
}

fn parse_uuid(bytes: &[u8], field: &str) -> Result<Option<Uuid>, DecodeError> {
    if bytes.is_empty() {
        return Ok(None);
    }
    Uuid::from_slice(bytes).map(Some).map_err(|_| DecodeError(format!("{field} is {} bytes, not 16", bytes.len())))
}

fn micros(us: i64, field: &str) -> Result<DateTime<Utc>, DecodeError> {
    DateTime::from_timestamp_micros(us).ok_or_else(|| DecodeError(format!("{field} {us} µs is out of range")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn arb_event() -> impl Strategy<Value = RecordedEvent> {
        (
            (1u64.., "[a-z][a-z0-9_]{0,8}-[A-Za-z0-9.:-]{1,20}", any::<u64>(), any::<u128>()),
            ("[a-z.]{1,20}", 1u32.., -4_000_000_000i64..4_000_000_000, -4_000_000_000i64..4_000_000_000),
            (".{0,10}", ".{0,10}", any::<Option<u128>>(), any::<Option<u128>>()),
            prop::collection::vec(any::<u8>(), 0..400),
        )
            .prop_map(
                |((position, stream, version, id), (t, schema, rec, eff), (network, author, c, k), p)| RecordedEvent {
                    position,
                    stream: StreamName::parse(&stream).expect("strategy makes valid names"),
                    version,
                    event_id: Uuid::from_u128(id),
                    event_type: t,
                    schema,
                    recorded_at: DateTime::from_timestamp(rec, 0).expect("in range"),
                    effective_at: DateTime::from_timestamp_micros(eff * 1000 + 7).expect("in range"),
                    network,
                    author,
                    correlation_id: c.map(Uuid::from_u128),
                    causation_id: k.map(Uuid::from_u128),
                    payload: Bytes::from(p),
                },
            )
    }

    proptest! {
        #[test]
        fn every_event_survives_a_round_trip(event in arb_event()) {
            let bytes = encode(&event);
            prop_assert_eq!(decode(&bytes).expect("decodes"), event);
        }

        #[test]
        fn a_peek_reads_the_names_the_full_decode_reads(event in arb_event()) {
            let bytes = encode(&event);
            let peek = peek(&bytes).expect("peeks");
            prop_assert_eq!(peek.position, event.position);
            prop_assert_eq!(peek.stream, event.stream.as_str());
            prop_assert_eq!(peek.event_type, event.event_type.as_str());
            prop_assert_eq!(peek.network, event.network.as_str());
        }

        #[test]
        fn arbitrary_bytes_never_panic_the_decoder(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode(&bytes);
            let _ = peek(&bytes);
        }
    }

    #[test]
    fn a_field_that_runs_past_the_record_is_refused() {
        let event = RecordedEvent {
            position: 3,
            stream: StreamName::parse("actor-1").unwrap(),
            version: 0,
            event_id: Uuid::from_u128(1),
            event_type: "actor.changed".into(),
            schema: 1,
            recorded_at: DateTime::from_timestamp(1, 0).unwrap(),
            effective_at: DateTime::from_timestamp(1, 0).unwrap(),
            network: "tachov".into(),
            author: String::new(),
            correlation_id: None,
            causation_id: None,
            payload: Bytes::from_static(b"0123456789"),
        };
        let bytes = encode(&event);
        assert!(peek(&bytes[..bytes.len() - 3]).is_err(), "the payload is cut");
    }

    #[test]
    fn a_record_of_an_unknown_format_is_refused_with_its_number() {
        let err = decode(&[9, 1, 2]).expect_err("format 9 is unknown");
        assert!(err.0.contains("unknown record format 9"), "{err}");
    }
}
