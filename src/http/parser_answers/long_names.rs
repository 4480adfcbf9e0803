//! A header name the HTTP parser cannot take. httparse accepts a header
//! name of any length that fits the 128 KiB head, but actix-http then
//! builds it with `HeaderName::from_bytes(…).unwrap()`, and a name over
//! 65,535 bytes panics the connection's task: no answer, and a panic in the
//! log. [`Lines`] watches the bytes coming in for a line that starts with
//! that many name characters, so that the connection can refuse it (431)
//! before the parser sees its end.
//!
//! A body is watched too (where heads end is the parser's to know), but a
//! line of 65,536 name characters and nothing else is not in any body the
//! app reads: JSON starts with `{` or `[` and quotes its strings, a form
//! has its `=`, a workbook is zipped binary.

/// The longest header name `http` builds.
const LONGEST: usize = 65_535;

/// What the connection has read of its current line.
#[derive(Debug, Default)]
pub(super) struct Lines {
    /// How many header-name characters the line has begun with, or `None`
    /// once it holds anything else.
    run: Option<usize>,
}

impl Lines {
    /// A connection's first line is still to come.
    pub(super) fn new() -> Self {
        Self { run: Some(0) }
    }

    /// Reads `bytes`, the next ones in: where the line too long to be a
    /// header name starts in them (0 when it started before them), if
    /// one is among them.
    pub(super) fn read(&mut self, bytes: &[u8]) -> Option<usize> {
        for (i, &b) in bytes.iter().enumerate() {
            self.run = match self.run {
                _ if b == b'\n' => Some(0),
                Some(n) if is_name(b) => Some(n + 1),
                _ => None,
            };
            if let Some(n) = self.run.filter(|&n| n > LONGEST) {
                return Some((i + 1).saturating_sub(n));
            }
        }
        None
    }
}

/// A character of a header name (RFC 9110's `tchar`).
fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn a_line_of_more_name_characters_than_a_header_name_may_have_is_found_where_it_starts() {
        let mut lines = Lines::new();
        let head = b"GET / HTTP/1.1\r\nHost: x\r\n";
        assert_eq!(lines.read(head), None);
        let mut rest = vec![b'a'; 65_535];
        assert_eq!(lines.read(&rest), None, "65,535 is still a name");
        rest.clear();
        rest.extend_from_slice(b"a: v\r\n");
        assert_eq!(lines.read(&rest), Some(0), "it started before these bytes");

        let mut lines = Lines::new();
        let mut bytes = head.to_vec();
        bytes.extend(vec![b'x'; 70_000]);
        assert_eq!(lines.read(&bytes), Some(head.len()));
    }

    #[test]
    fn long_lines_of_anything_else_pass() {
        let mut lines = Lines::new();
        let json = format!("{{\"note\": \"{}\"}}", "a".repeat(100_000));
        assert_eq!(lines.read(json.as_bytes()), None);
        let form = format!("q={}", "a".repeat(100_000));
        assert_eq!(lines.read(form.as_bytes()), None);
        let value = format!("X-Long: {}\r\n", "a".repeat(100_000));
        assert_eq!(lines.read(value.as_bytes()), None, "a long value is the parser's to refuse");
    }
}
