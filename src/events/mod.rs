//! The catalogue of event types: for every `type` the log may hold, the
//! schema numbers this build understands and the protobuf message of each
//! payload (defined in `proto/uzel/events/`). `uzel check` uses it to prove
//! that every stored payload decodes.

use prost::Message;

use crate::proto::events::v1 as pb;

/// One event type at one schema version.
#[derive(Clone, Copy, Debug)]
pub struct EventType {
    /// The type name, e.g. `network.registered`.
    pub name: &'static str,
    /// The payload schema number.
    pub schema: u32,
    /// Decodes a payload of this type and schema, discarding the result.
    pub decode: fn(&[u8]) -> Result<(), prost::DecodeError>,
}

/// `network.registered`: a network was set up (`pb::NetworkRegistered`).
pub const NETWORK_REGISTERED: &str = "network.registered";

/// `log.probe`: an event written only to exercise the log
/// (`crate::proto::log::v1::Probe`).
pub const LOG_PROBE: &str = crate::log::probe::PROBE_TYPE;

/// Every event type and schema this build knows.
pub const CATALOG: &[EventType] = &[
    EventType {
        name: NETWORK_REGISTERED,
        schema: 1,
        decode: |bytes| pb::NetworkRegistered::decode(bytes).map(drop),
    },
    EventType {
        name: LOG_PROBE,
        schema: 1,
        decode: |bytes| crate::proto::log::v1::Probe::decode(bytes).map(drop),
    },
];

/// Checks that `payload` is a valid payload of `name` at `schema`.
pub fn validate_payload(name: &str, schema: u32, payload: &[u8]) -> Result<(), String> {
    let known = CATALOG
        .iter()
        .find(|t| t.name == name && t.schema == schema)
        .ok_or_else(|| {
            if CATALOG.iter().any(|t| t.name == name) {
                format!("schema {schema} of {name} is unknown to this build")
            } else {
                format!("event type {name} is unknown to this build")
            }
        })?;
    (known.decode)(payload).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_network_payload_validates_and_garbage_does_not() {
        let payload = pb::NetworkRegistered {
            network_id: "decin".into(),
            ..Default::default()
        }
        .encode_to_vec();
        assert_eq!(validate_payload(NETWORK_REGISTERED, 1, &payload), Ok(()));
        assert!(validate_payload(NETWORK_REGISTERED, 1, &[0xff, 0xff, 0xff]).is_err());
        assert!(
            validate_payload(NETWORK_REGISTERED, 2, &payload)
                .unwrap_err()
                .contains("schema 2")
        );
        assert!(
            validate_payload("nothing.happened", 1, &payload)
                .unwrap_err()
                .contains("unknown")
        );
    }
}
