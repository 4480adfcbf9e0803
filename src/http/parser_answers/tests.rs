use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::{Connection, parser_answer};

/// A socket that takes at most `step` bytes a write, and every other
/// write not at once.
struct Trickle {
    out: Vec<u8>,
    step: usize,
    wait: bool,
}

impl AsyncWrite for Trickle {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.wait = !this.wait;
        if this.wait {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let n = buf.len().min(this.step);
        this.out.extend_from_slice(&buf[..n]);
        Poll::Ready(Ok(n))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// What reaches the socket when the writer hands it `writes`, one after
/// another, through a `step`-byte socket.
async fn sent(writes: &[&[u8]], step: usize) -> Vec<u8> {
    let mut connection = Connection::new(Trickle { out: Vec::new(), step, wait: false });
    for write in writes {
        connection.write_all(write).await.expect("written");
    }
    connection.shutdown().await.expect("shut down");
    connection.into_inner().out
}

const PARSER_431: &[u8] = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\
    connection: close\r\ndate: Mon, 07 Dec 2026 21:15:00 GMT\r\n\r\n";

const APP_OK: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: application/json\r\n\
    x-content-type-options: nosniff\r\ndate: Mon, 07 Dec 2026 21:15:00 GMT\r\n\r\n{}";

/// The head and the parsed body of a problem on the wire.
fn split(answer: &[u8]) -> (String, serde_json::Value) {
    let text = String::from_utf8(answer.to_vec()).expect("text");
    let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .expect("a content-length")
        .parse()
        .expect("a number");
    assert_eq!(length, body.len(), "{head}");
    (head.to_owned(), serde_json::from_str(body).expect("the body is JSON"))
}

#[tokio::test]
async fn the_parsers_answer_goes_out_as_a_problem() {
    for step in [1, 7, 4096] {
        let out = sent(&[PARSER_431], step).await;
        let (head, body) = split(&out);
        assert!(head.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"), "{head}");
        assert!(head.contains("content-type: application/problem+json\r\n"), "{head}");
        assert!(head.contains("connection: close\r\n"), "{head}");
        assert!(head.contains("x-content-type-options: nosniff\r\n"), "{head}");
        assert!(head.contains("date: Mon, 07 Dec 2026 21:15:00 GMT"), "{head}");
        assert!(head.contains("x-request-id: "), "{head}");
        assert_eq!(body["status"], 431);
        assert_eq!(body["type"], "/problems/request-header-fields-too-large");
        assert!(body["detail"].as_str().expect("a detail").contains("128 KiB"), "{body}");
    }
}

#[tokio::test]
async fn answers_before_it_go_out_unchanged() {
    let both = [APP_OK, PARSER_431].concat();
    for step in [1, 7, 4096] {
        let out = sent(&[&both], step).await;
        assert!(out.starts_with(APP_OK), "{}", String::from_utf8_lossy(&out));
        let (head, body) = split(&out[APP_OK.len()..]);
        assert!(head.starts_with("HTTP/1.1 431 "), "{head}");
        assert_eq!(body["status"], 431);
    }
}

#[tokio::test]
async fn the_apps_answers_pass_through_byte_for_byte() {
    let app_problem = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nx-content-type-options: nosniff\r\n\
        date: Mon, 07 Dec 2026 21:15:00 GMT\r\n\r\n";
    let no_content = b"HTTP/1.1 204 No Content\r\ndate: Mon, 07 Dec 2026 21:15:00 GMT\r\n\r\n";
    let last_chunk = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
    for writes in [&[&app_problem[..]][..], &[no_content], &[last_chunk], &[APP_OK, APP_OK]] {
        let out = sent(writes, 7).await;
        assert_eq!(out, writes.concat(), "{}", String::from_utf8_lossy(&out));
    }
}

#[test]
fn only_a_bare_head_at_the_end_is_the_parsers() {
    let found = parser_answer(PARSER_431).expect("found");
    assert_eq!((found.start, found.status), (0, 431));
    let with_app = [APP_OK, b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"].concat();
    assert_eq!(parser_answer(&with_app).map(|a| (a.start, a.status)), Some((APP_OK.len(), 400)));
    // A success, a header of the app's, a body, or a head not at the end.
    for bytes in [
        &b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"[..],
        b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nx-request-id: a\r\n\r\n",
        b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n",
        b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n{}",
        b"HTTP/1.1 400 Bad Request\r\n\r\n",
    ] {
        assert_eq!(parser_answer(bytes), None, "{}", String::from_utf8_lossy(bytes));
    }
}

/// A client's bytes to read, and what is written back.
struct Pipe {
    input: std::io::Cursor<Vec<u8>>,
    out: Vec<u8>,
}

impl tokio::io::AsyncRead for Pipe {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut tokio::io::ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().input).poll_read(cx, buf)
    }
}

impl AsyncWrite for Pipe {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.get_mut().out.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[tokio::test]
async fn reading_ends_at_a_header_name_too_long_and_its_refusal_follows_the_answers_before_it() {
    use tokio::io::AsyncReadExt;
    let first = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".to_vec();
    let second = format!("GET / HTTP/1.1\r\n{}: v\r\n\r\n", "a".repeat(70_000));
    let input = [first.clone(), second.into_bytes()].concat();
    let mut connection = Connection::new(Pipe { input: std::io::Cursor::new(input), out: Vec::new() });
    let mut read = Vec::new();
    connection.read_to_end(&mut read).await.expect("read");
    let start = [first, b"GET / HTTP/1.1\r\n".to_vec()].concat();
    assert!(read.starts_with(&start), "the first request and the second's line are read");
    let name = &read[start.len()..];
    assert!(name.len() <= 65_535 && name.iter().all(|&b| b == b'a'), "never the whole name: {}", name.len());
    // The parser answers the first request; the refusal follows at the close.
    connection.write_all(APP_OK).await.expect("written");
    connection.shutdown().await.expect("shut down");
    let out = connection.into_inner().out;
    assert!(out.starts_with(APP_OK), "{}", String::from_utf8_lossy(&out));
    let (head, body) = split(&out[APP_OK.len()..]);
    assert!(head.starts_with("HTTP/1.1 431 "), "{head}");
    assert_eq!(body["type"], "/problems/request-header-fields-too-large");
}
