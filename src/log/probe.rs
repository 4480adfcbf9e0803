//! Probe events: events written only to exercise and measure the log (by
//! `uzel log-load`, the crash tests and the benchmarks). Their payload
//! carries a filler derived from the event id, so a reader can prove the
//! payload it got back is the one written.

use bytes::Bytes;
use prost::Message;
use uuid::Uuid;

use super::types::{NewEvent, RecordedEvent};
use crate::proto::log::v1::Probe;

/// The event type of probes.
pub const PROBE_TYPE: &str = "log.probe";

/// The filler of `len` bytes for `event_id`: byte i is byte i mod 16 of the id.
pub fn filler(event_id: &Uuid, len: usize) -> Vec<u8> {
    event_id.as_bytes().iter().copied().cycle().take(len).collect()
}

/// A probe event from `writer` with its `sequence` number, whose whole
/// payload is about `payload_bytes` long.
pub fn probe(writer: u32, sequence: u64, payload_bytes: usize) -> NewEvent {
    let event_id = Uuid::now_v7();
    // The writer and sequence fields and the field headers take ~16 bytes.
    let data = filler(&event_id, payload_bytes.saturating_sub(16));
    let payload = Probe { writer, sequence, data: Bytes::from(data) }.encode_to_vec();
    NewEvent::new(PROBE_TYPE, payload).with_id(event_id).with_author("system:probe")
}

/// Checks that `event` is an intact probe; returns its writer and sequence.
pub fn verify(event: &RecordedEvent) -> Result<(u32, u64), String> {
    if event.event_type != PROBE_TYPE {
        return Err(format!("position {} is a {}, not a probe", event.position, event.event_type));
    }
    let probe = Probe::decode(event.payload.as_ref())
        .map_err(|e| format!("position {}: probe payload does not decode: {e}", event.position))?;
    if probe.data.as_ref() != filler(&event.event_id, probe.data.len()).as_slice() {
        return Err(format!("position {}: probe filler is damaged", event.position));
    }
    Ok((probe.writer, probe.sequence))
}
