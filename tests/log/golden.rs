//! Golden files of the stored format: bytes written by an earlier build,
//! committed under `tests/golden/`, must keep decoding to the same events.
//! A change of the record or chunk format that would break existing logs
//! fails here. Set `UZEL_BLESS=1` to write the files the first time.

use std::path::PathBuf;

use bytes::Bytes;
use chrono::DateTime;
use prost::Message;
use uuid::Uuid;
use uzel::log::{RecordedEvent, StreamName, decode_record, encode_record};
use uzel::proto::events::v1::NetworkRegistered;

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

/// The event the golden record holds, written out field by field.
fn expected_network_registered() -> RecordedEvent {
    let payload = NetworkRegistered {
        network_id: "decin".into(),
        name: "ORP Děčín".into(),
        orp_code: "4202".into(),
        region_code: "CZ042".into(),
    };
    RecordedEvent {
        position: 42,
        stream: StreamName::parse("network-decin").unwrap(),
        version: 0,
        event_id: Uuid::parse_str("0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b8a").unwrap(),
        event_type: "network.registered".into(),
        schema: 1,
        recorded_at: DateTime::from_timestamp_micros(1_750_000_000_123_456).unwrap(),
        effective_at: DateTime::from_timestamp_micros(1_719_705_600_000_000).unwrap(),
        network: "decin".into(),
        author: "system:demo".into(),
        correlation_id: Some(Uuid::parse_str("0192f3c4-0000-7000-8000-000000000001").unwrap()),
        causation_id: None,
        payload: Bytes::from(payload.encode_to_vec()),
    }
}

#[test]
fn the_golden_network_registered_record_still_decodes() {
    let path = golden("record_v1_network_registered.bin");
    let expected = expected_network_registered();
    if std::env::var_os("UZEL_BLESS").is_some() && !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, encode_record(&expected)).unwrap();
    }
    let bytes = std::fs::read(&path).expect("golden file is committed");
    let decoded = decode_record(&bytes).expect("the golden record decodes");
    assert_eq!(decoded, expected);
    let payload = NetworkRegistered::decode(decoded.payload.as_ref()).expect("payload decodes");
    assert_eq!(payload.name, "ORP Děčín");
    assert_eq!(encode_record(&decoded), bytes, "encoding is stable, byte for byte");
}
