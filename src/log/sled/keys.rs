//! The key layout of the log in sled's default tree.
//!
//! | key | value |
//! | --- | --- |
//! | `e` first position (u64 BE) | a chunk of records from that position (`chunk.rs`) |
//! | `m` name | format marker (`meta.rs`) |
//!
//! Big-endian numbers sort like the numbers, so a range over `e` keys walks
//! the log in position order, and the chunk holding position p is the last
//! `e` key at or before p. One commit writes its chunks in one sled batch,
//! which sled applies atomically, also through crash recovery.
//!
//! The stream and idempotency indexes are not stored: they are rebuilt in
//! memory from the chunks when the log opens (`index.rs`), so they can never
//! disagree with the log.

/// Prefix of chunks.
pub const CHUNK: u8 = b'e';
/// Prefix of the format markers.
pub const META: u8 = b'm';

/// Key of the chunk whose first position is `position`.
pub fn chunk(position: u64) -> [u8; 9] {
    let mut key = [CHUNK; 9];
    key[1..].copy_from_slice(&position.to_be_bytes());
    key
}

/// The first position of a chunk key, if it is one.
pub fn chunk_position(key: &[u8]) -> Option<u64> {
    let body: [u8; 8] = key.strip_prefix(&[CHUNK])?.try_into().ok()?;
    Some(u64::from_be_bytes(body))
}

/// Key of a format marker.
pub fn meta(name: &str) -> Vec<u8> {
    let mut key = vec![META];
    key.extend_from_slice(name.as_bytes());
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_keys_sort_by_position_and_parse_back() {
        assert!(chunk(255) < chunk(256));
        assert_eq!(chunk_position(&chunk(300)), Some(300));
        assert_eq!(chunk_position(b"mformat"), None);
    }
}
