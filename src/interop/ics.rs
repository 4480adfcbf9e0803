//! Meetings as an iCalendar feed (RFC 5545) that a calendar application
//! subscribes to: one event per meeting — planned, held, or cancelled
//! (kept, marked cancelled, so a subscribed calendar drops it) — with the
//! platform's name, the place and the agenda, two hours from its start.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::domain::platform::{Meeting, MeetingState};

/// How long a meeting is taken to last (the record has its start only).
pub const MEETING_LENGTH: Duration = Duration::hours(2);

/// A text value escaped as RFC 5545 asks.
fn text(value: &str) -> String {
    value.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// A content line folded at 75 octets, as RFC 5545 asks.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// One meeting of a platform.
pub struct Entry<'a> {
    /// The meeting's id.
    pub id: Uuid,
    /// The platform's name.
    pub platform: &'a str,
    /// The meeting.
    pub meeting: &'a Meeting,
}

/// The calendar called `name` with `entries`, made at `now`.
pub fn calendar(name: &str, entries: &[Entry<'_>], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//uzel//setkani platforem//CS", "CALSCALE:GREGORIAN"] {
        line(&mut out, l);
    }
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    for e in entries {
        let m = e.meeting;
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}@uzel", e.id));
        line(&mut out, &format!("DTSTAMP:{}", stamp(now)));
        line(&mut out, &format!("DTSTART:{}", stamp(m.date)));
        line(&mut out, &format!("DTEND:{}", stamp(m.date + MEETING_LENGTH)));
        line(&mut out, &format!("SUMMARY:{}", text(&format!("Setkání: {}", e.platform))));
        if !m.place.is_empty() {
            line(&mut out, &format!("LOCATION:{}", text(&m.place)));
        }
        if !m.agenda.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", text(&m.agenda)));
        }
        let status = match &m.state {
            MeetingState::Scheduled | MeetingState::Held { .. } => "CONFIRMED",
            MeetingState::Cancelled { .. } => "CANCELLED",
        };
        line(&mut out, &format!("STATUS:{status}"));
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_folded_on_characters() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "ř".repeat(60)));
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 1 && lines.iter().all(|l| l.len() <= 75), "{lines:?}");
        assert_eq!(out.replace("\r\n ", ""), format!("SUMMARY:{}\r\n", "ř".repeat(60)));
    }
}
