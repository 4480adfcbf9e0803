//! A plain HTTP/1.1 client on one keep-alive connection, and the real
//! binary's demo started on a free port, for the benches that load pages.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The server process, killed when dropped.
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 answer: status, headers (lower-case names), body.
pub struct Answer {
    /// The status.
    pub status: u16,
    /// The headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// The first value of header `name` (empty if absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }
}

/// A keep-alive connection.
pub struct Connection(BufReader<TcpStream>);

impl Connection {
    /// Connects to the server on `port`.
    pub async fn open(port: u16) -> Self {
        let stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Self(BufReader::new(stream))
    }

    /// Sends a JSON body with a bearer token and reads the answer.
    pub async fn send_json(&mut self, method: &str, path: &str, token: &str, json: &str) -> Answer {
        let bearer = if token.is_empty() { String::new() } else { format!("Authorization: Bearer {token}\r\n") };
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{bearer}\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
            json.len()
        );
        self.exchange(request).await
    }

    /// Sends a request (a form body when `form` is given) and reads the
    /// answer.
    pub async fn send(&mut self, method: &str, path: &str, cookie: &str, form: Option<&str>) -> Answer {
        let body = form.unwrap_or("");
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if !cookie.is_empty() {
            request.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        if form.is_some() {
            request.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nOrigin: http://127.0.0.1\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        request.push_str("\r\n");
        request.push_str(body);
        self.exchange(request).await
    }

    async fn exchange(&mut self, request: String) -> Answer {
        self.0.get_mut().write_all(request.as_bytes()).await.expect("write");
        let mut line = String::new();
        self.0.read_line(&mut line).await.expect("status line");
        let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut headers = Vec::new();
        loop {
            line.clear();
            self.0.read_line(&mut line).await.expect("a header");
            let text = line.trim_end();
            if text.is_empty() {
                break;
            }
            if let Some((k, v)) = text.split_once(':') {
                headers.push((k.trim().to_lowercase(), v.trim().to_owned()));
            }
        }
        let length: usize =
            headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        self.0.read_exact(&mut body).await.expect("the body");
        Answer { status, headers, body }
    }
}

/// Starts `uzel demo` on a free port in a fresh data directory and waits
/// until it is ready: its port, the process, and the directory.
pub async fn demo() -> (u16, Server, tempfile::TempDir) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_uzel"))
            .args(["demo", "--data"])
            .arg(dir.path().join("data"))
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(["--metrics-from", "127.0.0.1", "--log-level", "warn"])
            .stdout(Stdio::null())
            .spawn()
            .expect("uzel starts"),
    );
    for _ in 0..900 {
        if TcpStream::connect(("127.0.0.1", port)).await.is_ok()
            && Connection::open(port).await.send("GET", "/readyz", "", None).await.status == 200
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (port, server, dir)
}
