//! Answers the HTTP parser writes itself, made problems like every other.
//!
//! actix-http refuses some requests before any route sees them: a request
//! head over 128 KiB or with more than 96 headers (431), a malformed
//! request line or header or an address over 65,534 bytes (400), a head
//! that does not arrive within the client request timeout (408). It writes
//! that answer itself — a status line, `content-length: 0`, `connection`,
//! `date` — and closes the connection; it offers no hook to give it a body.
//! [`Connection`] wraps each accepted socket and, as that answer goes out,
//! writes a problem (`application/problem+json`, with the security headers
//! and an `X-Request-Id`) in its place, and logs the line every answered
//! request gets.
//!
//! How the parser's answer is told from the app's:
//! - it is the last thing written on its connection, so it ends the bytes
//!   handed to the socket: the check looks only at the end of each write;
//! - its only headers are `content-length: 0`, `connection` and `date`,
//!   while every answer of the app carries the request's `X-Request-Id`
//!   (`observe/request.rs`, outermost, errors included) and the security
//!   headers (`headers.rs`), so no answer of the app is ever taken for it;
//! - no body the app writes ends in a bare HTTP head: bodies end in their
//!   format's closing (`}`, `</html>`, a zip's directory, `END:VCALENDAR`),
//!   streamed ones in the last chunk's `0\r\n\r\n`.
//!
//! One refusal the parser does not make, it is made here: a header name
//! over 65,535 bytes, which panics actix-http's parser (`long_names.rs`).
//! The connection stops reading at the line that starts it, lets the
//! answers before it go out, and answers 431 as it closes.
//!
//! Checked with actix-http 3.19 (`Cargo.lock`); a release that writes these
//! answers differently fails `tests/api/contract.rs`.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use actix_web::web::Bytes;
use serde_json::json;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use self::long_names::Lines;
use super::headers::SECURITY;

mod long_names;

/// How far from the end of a write the parser's answer can start: its
/// status line, three headers and the blank line.
const WINDOW: usize = 256;

/// An accepted connection: passes every byte through, except the HTTP
/// parser's own answer, which it writes as a problem.
pub struct Connection<T> {
    io: T,
    /// The problem written in place of the parser's answer, and how much
    /// of it is out.
    owed: Option<(Bytes, usize)>,
    /// The lines read, watched for a header name too long for the parser.
    lines: Lines,
    /// Reading stopped at such a name: its 431, written when the
    /// connection closes (after the answers still owed before it).
    refused: Option<Bytes>,
}

impl<T> Connection<T> {
    /// Wraps an accepted socket.
    pub fn new(io: T) -> Self {
        Self { io, owed: None, lines: Lines::new(), refused: None }
    }

    /// The socket, for a connection that leaves HTTP (a websocket).
    pub fn into_inner(self) -> T {
        self.io
    }
}

impl<T: AsyncWrite + Unpin> Connection<T> {
    /// Writes what is left of the problem.
    fn poll_owed(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = &mut self.owed {
            if *written == bytes.len() {
                self.owed = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Connection<T> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.refused.is_some() {
            // The end, for the parser: it answers what came before.
            return Poll::Ready(Ok(()));
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.io).poll_read(cx, buf))?;
        if let Some(at) = this.lines.read(&buf.filled()[before..]) {
            buf.set_filled(before + at);
            let status_line = b"HTTP/1.1 431 Request Header Fields Too Large";
            let date = actix_web::http::header::HttpDate::from(std::time::SystemTime::now()).to_string();
            this.refused = Some(problem(status_line, 431, Some(date.as_bytes())));
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Connection<T> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_owed(cx))?;
        let Some(answer) = parser_answer(buf) else { return Pin::new(&mut this.io).poll_write(cx, buf) };
        if answer.start > 0 {
            // The answers before it go out as they are; the writer comes
            // back with the rest.
            return Pin::new(&mut this.io).poll_write(cx, &buf[..answer.start]);
        }
        this.owed = Some((problem(answer.status_line, answer.status, answer.date), 0));
        // Taken whole: what the socket has not taken yet goes out on the
        // next write, flush or shutdown.
        if let Poll::Ready(Err(e)) = this.poll_owed(cx) {
            return Poll::Ready(Err(e));
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_owed(cx))?;
        Pin::new(&mut this.io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_owed(cx))?;
        // The refusal goes out once; `refused` stays set (emptied), so the
        // parser reads nothing more.
        if let Some(refusal) = this.refused.as_mut().map(std::mem::take).filter(|r| !r.is_empty()) {
            this.owed = Some((refusal, 0));
            ready!(this.poll_owed(cx))?;
        }
        Pin::new(&mut this.io).poll_shutdown(cx)
    }
}

/// The parser's answer found at the end of a write.
#[derive(Debug, PartialEq)]
struct ParserAnswer<'a> {
    /// Where it starts in the write.
    start: usize,
    /// Its status line, without the line end.
    status_line: &'a [u8],
    status: u16,
    /// Its `date` header's value.
    date: Option<&'a [u8]>,
}

/// The parser's own answer, if `buf` ends with one.
fn parser_answer(buf: &[u8]) -> Option<ParserAnswer<'_>> {
    if !buf.ends_with(b"\r\n\r\n") {
        return None;
    }
    let from = buf.len().saturating_sub(WINDOW);
    let start = (from..buf.len()).rev().find(|&i| buf[i..].starts_with(b"HTTP/1."))?;
    let head = &buf[start..buf.len() - 4];
    let mut lines = head.split(|&b| b == b'\n').map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    let status_line = lines.next()?;
    let status: u16 = std::str::from_utf8(status_line.get(9..12)?).ok()?.parse().ok()?;
    if status < 400 || status_line.get(8) != Some(&b' ') {
        return None;
    }
    let (mut empty_body, mut date) = (false, None);
    for line in lines {
        if line == b"content-length: 0" {
            empty_body = true;
        } else if let Some(value) = line.strip_prefix(b"date: ") {
            date = Some(value);
        } else if !line.starts_with(b"connection: ") {
            return None;
        }
    }
    empty_body.then_some(ParserAnswer { start, status_line, status, date })
}

/// The problem answered with `status_line` (and the `date` header's
/// value), whole: head and body.
fn problem(status_line: &[u8], status: u16, date: Option<&[u8]>) -> Bytes {
    let (kind, title, detail) = explain(status);
    let body = json!({"type": format!("/problems/{kind}"), "title": title, "status": status, "detail": detail});
    let body = body.to_string();
    let id = uuid::Uuid::now_v7().simple().to_string();
    log(status, &id);
    let mut out = Vec::with_capacity(body.len() + 512);
    out.extend_from_slice(status_line);
    out.extend_from_slice(b"\r\ncontent-type: application/problem+json\r\n");
    out.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
    out.extend_from_slice(b"connection: close\r\n");
    out.extend_from_slice(format!("x-request-id: {id}\r\n").as_bytes());
    for (name, value) in SECURITY {
        out.extend_from_slice(format!("{}: {value}\r\n", name.to_ascii_lowercase()).as_bytes());
    }
    if let Some(date) = date {
        out.extend_from_slice(b"date: ");
        out.extend_from_slice(date);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body.as_bytes());
    Bytes::from(out)
}

/// The problem's type, title and detail for each status the parser answers.
fn explain(status: u16) -> (&'static str, &'static str, &'static str) {
    match status {
        400 => (
            "bad-request",
            "The request cannot be read",
            "the request line or a header is malformed, or the address is longer than 65,534 bytes; \
             send a well-formed HTTP/1.1 request",
        ),
        408 => (
            "request-timeout",
            "The request came too slowly",
            "the request's head did not arrive within the time allowed; send it again",
        ),
        431 => (
            "request-header-fields-too-large",
            "The request head is too large",
            "the request line and headers together must stay under 128 KiB and 96 headers, \
             and a header's name under 64 KiB; shorten the address or the headers",
        ),
        500..=599 => ("internal", "The request could not be answered", "the connection failed; try again"),
        _ => ("bad-request", "The request cannot be answered", "send a well-formed HTTP/1.1 request"),
    }
}

/// The line every answered request gets (`observe/request.rs`), for a
/// request no route saw.
fn log(status: u16, id: &str) {
    crate::observe::counters::answered(status);
    let (method, route, user) = ("-", "(refused by the HTTP parser)", "-");
    if status >= 500 {
        tracing::error!(method, route, status, request_id = %id, user, "answered");
    } else {
        tracing::info!(method, route, status, request_id = %id, user, "answered");
    }
}

#[cfg(test)]
mod tests;
