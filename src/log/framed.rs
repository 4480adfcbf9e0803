//! The frame around a saved image (a snapshot of the read models, the
//! log's saved indexes): 8 bytes of magic naming what it is, a format
//! version (u32, little-endian), the CRC-32 of the body (u32,
//! little-endian), then the body. Reading it back checks all three, so a
//! damaged or foreign image is refused, never misread.

/// `body` framed with `magic` and `version`.
pub fn wrap(magic: &[u8; 8], version: u32, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 16);
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// The body of `bytes` if they are a frame of `magic` at `version` whose
/// checksum holds; `what` names the image in the reasons.
pub fn unwrap<'a>(bytes: &'a [u8], magic: &[u8; 8], version: u32, what: &str) -> Result<&'a [u8], String> {
    let header = |range: std::ops::Range<usize>| bytes.get(range).ok_or_else(|| format!("{what}: cut short"));
    if header(0..8)? != magic {
        return Err(format!("not {what}"));
    }
    let word = |range| header(range).map(|b| u32::from_le_bytes(b.try_into().unwrap_or_default()));
    let found = word(8..12)?;
    if found != version {
        return Err(format!("{what} of format {found}; this build reads format {version}"));
    }
    let body = &bytes[16..];
    if crc32fast::hash(body) != word(12..16)? {
        return Err(format!("{what}: the checksum does not match, it is damaged"));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_reads_back_and_refuses_other_magic_versions_and_damage() {
        let framed = wrap(b"uzel-xx\n", 3, b"body");
        assert_eq!(unwrap(&framed, b"uzel-xx\n", 3, "an image"), Ok(&b"body"[..]));
        assert!(unwrap(&framed, b"uzel-yy\n", 3, "an image").unwrap_err().starts_with("not an image"));
        assert!(unwrap(&framed, b"uzel-xx\n", 4, "an image").unwrap_err().contains("format 3"));
        let mut damaged = framed.clone();
        damaged[17] ^= 1;
        assert!(unwrap(&damaged, b"uzel-xx\n", 3, "an image").unwrap_err().contains("checksum"));
        assert!(unwrap(&framed[..10], b"uzel-xx\n", 3, "an image").unwrap_err().contains("cut short"));
    }
}
