//! Schema evolution, proven: every sample event of every type is kept as
//! its payload bytes under `tests/golden/events/v{schema}/`, written once
//! and never rewritten. Each must still decode to the same event, and the
//! event must still encode to the same bytes — so a renumbered field (its
//! value is lost), a retyped one (the bytes no longer decode) or a changed
//! encoding fails here, while a field added the compatible way passes.
//!
//! A new type or sample gets its file with `UZEL_BLESS=1 cargo test --lib
//! golden`; existing files are never touched. Samples are only ever added
//! at the end of `tests.rs::samples`, never changed.

use std::collections::HashMap;
use std::path::PathBuf;

use super::tests::{ReversingKeys, samples};
use super::*;

/// The schema every type is at today.
const SCHEMA: u32 = 1;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/events/v{SCHEMA}"))
}

/// The file of the `n`-th sample of `event_type` (from 1).
fn file(event_type: &str, n: usize) -> PathBuf {
    if n == 1 { dir().join(format!("{event_type}.bin")) } else { dir().join(format!("{event_type}.{n}.bin")) }
}

#[test]
fn every_event_type_decodes_from_its_golden_payload_and_encodes_back_to_it() {
    let keys = ReversingKeys::default();
    let bless = std::env::var_os("UZEL_BLESS").is_some();
    let mut count: HashMap<&str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for sample in samples() {
        let (event_type, payload) = encode(&sample, &keys).unwrap();
        let n = {
            let n = count.entry(event_type).or_default();
            *n += 1;
            *n
        };
        let path = file(event_type, n);
        let golden = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(_) if bless => {
                std::fs::create_dir_all(dir()).unwrap();
                std::fs::write(&path, &payload).unwrap();
                continue;
            }
            Err(_) => {
                problems.push(format!("{}: missing; write it with UZEL_BLESS=1", path.display()));
                continue;
            }
        };
        match decode(event_type, SCHEMA, &golden, &keys) {
            Ok(event) if event == sample => {}
            Ok(event) => problems.push(format!("{}: decodes to {event:?}, not {sample:?}", path.display())),
            Err(why) => problems.push(format!("{}: no longer decodes: {why}", path.display())),
        }
        if payload != golden {
            problems.push(format!("{}: the sample now encodes to other bytes", path.display()));
        }
    }
    let files = std::fs::read_dir(dir()).map(|d| d.count()).unwrap_or(0);
    let samples: usize = count.values().sum();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(files, samples, "a golden file for each sample, no stray ones (blessed now: run again)");
    let typed: Vec<_> = all_types().map(|(_, t)| t).filter(|t| *t != LOG_PROBE).collect();
    let missing: Vec<_> = typed.iter().filter(|t| !count.contains_key(**t)).collect();
    assert!(missing.is_empty(), "types without a golden payload: {missing:?}");
}

/// The check itself can fail: a payload with a field renumbered (the
/// network's name moved from field 1 to field 9) and one retyped (a string
/// field sent as a number) are both caught.
#[test]
fn a_renumbered_or_retyped_field_is_caught() {
    let keys = ReversingKeys::default();
    let golden = std::fs::read(file("region.registered", 1)).expect("the golden payload of region.registered");
    let sample = decode("region.registered", SCHEMA, &golden, &keys).unwrap();
    // Field 1, length-delimited (tag 0x0a): renumber it to 9 (tag 0x4a).
    assert_eq!(golden[0], 0x0a, "region.registered starts with field 1");
    let mut renumbered = golden.clone();
    renumbered[0] = 0x4a;
    let moved = decode("region.registered", SCHEMA, &renumbered, &keys);
    assert!(moved.map_or(true, |e| e != sample), "a renumbered field changes what decodes");
    // Field 1 as a varint (tag 0x08) instead of a string.
    let retyped = [vec![0x08, 0x05], golden[2 + usize::from(golden[1])..].to_vec()].concat();
    assert!(decode("region.registered", SCHEMA, &retyped, &keys).is_err(), "a retyped field does not decode");
}
