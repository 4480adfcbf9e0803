//! A small, real websocket client over a TCP socket (RFC 6455: handshake,
//! masked client frames, server frames), so tests control everything: the
//! receive buffer, when (and whether) to read, pings.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// A message received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Text(String),
    Binary(Vec<u8>),
    Ping(Vec<u8>),
    Pong,
    Close(u16, String),
}

/// One websocket connection.
pub struct Ws {
    stream: TcpStream,
    buffer: Vec<u8>,
    /// The subprotocol the server chose, if any.
    pub protocol: Option<String>,
    /// Whether `recv` answers pings by itself.
    pub answer_pings: bool,
}

/// Options of a connection.
#[derive(Default, Clone)]
pub struct Options<'a> {
    pub headers: Vec<(&'a str, String)>,
    pub protocol: Option<&'a str>,
    /// SO_RCVBUF, to make a client that stops reading fill up quickly.
    pub receive_buffer: Option<u32>,
}

impl Ws {
    /// Connects to `address` (`127.0.0.1:port`) at `path`; an error holds the
    /// HTTP status and body when the server refuses the upgrade.
    pub async fn connect(address: &str, path: &str, options: Options<'_>) -> Result<Self, (u16, String)> {
        let socket = TcpSocket::new_v4().map_err(|e| (0, e.to_string()))?;
        if let Some(size) = options.receive_buffer {
            socket.set_recv_buffer_size(size).map_err(|e| (0, e.to_string()))?;
        }
        let addr = address.parse().map_err(|_| (0, format!("bad address {address}")))?;
        let mut stream = socket.connect(addr).await.map_err(|e| (0, e.to_string()))?;
        let mut request = format!(
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        );
        if let Some(protocol) = options.protocol {
            request.push_str(&format!("Sec-WebSocket-Protocol: {protocol}\r\n"));
        }
        for (name, value) in &options.headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).await.map_err(|e| (0, e.to_string()))?;
        let mut buffer = Vec::new();
        let end = loop {
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await.map_err(|e| (0, e.to_string()))?;
            if n == 0 {
                return Err((0, "the server closed during the handshake".into()));
            }
            buffer.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buffer[..end]).to_string();
        let status: u16 = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let header = |name: &str| {
            head.lines().find_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
            })
        };
        if status != 101 {
            let length: usize = header("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
            let mut body = buffer[end..].to_vec();
            while body.len() < length {
                let mut chunk = [0u8; 4096];
                let n = stream.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
            return Err((status, String::from_utf8_lossy(&body).to_string()));
        }
        let protocol = header("sec-websocket-protocol");
        Ok(Self { stream, buffer: buffer[end..].to_vec(), protocol, answer_pings: true })
    }

    /// The socket and what was read past the handshake, for a client that
    /// goes on by itself (the board's load benchmark).
    #[allow(dead_code)]
    pub fn into_parts(self) -> (TcpStream, Vec<u8>) {
        (self.stream, self.buffer)
    }

    /// Sends one frame (masked, as clients must).
    pub async fn send_frame(&mut self, opcode: u8, payload: &[u8]) -> std::io::Result<()> {
        let mask = [0x37u8, 0xfa, 0x21, 0x3d];
        let mut frame = vec![0x80 | opcode];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n < 65536 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame).await
    }

    /// Sends a text message.
    pub async fn send_text(&mut self, text: &str) {
        self.send_frame(1, text.as_bytes()).await.expect("send a text frame");
    }

    /// Sends a JSON message.
    pub async fn send_json(&mut self, value: serde_json::Value) {
        self.send_text(&value.to_string()).await;
    }

    async fn fill(&mut self, at_least: usize) -> Result<(), String> {
        while self.buffer.len() < at_least {
            // Straight into the buffer's spare room: no chunk to zero and
            // copy, and no 16 KiB in every waiting client's future.
            self.buffer.reserve((at_least - self.buffer.len()).max(4096));
            let n = self.stream.read_buf(&mut self.buffer).await.map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("the connection ended".into());
            }
        }
        Ok(())
    }

    /// The next message (pings are answered when `answer_pings`).
    pub async fn recv(&mut self) -> Result<Msg, String> {
        loop {
            self.fill(2).await?;
            let opcode = self.buffer[0] & 0x0f;
            let (length, header) = match self.buffer[1] & 0x7f {
                126 => {
                    self.fill(4).await?;
                    (u16::from_be_bytes([self.buffer[2], self.buffer[3]]) as usize, 4)
                }
                127 => {
                    self.fill(10).await?;
                    let mut eight = [0u8; 8];
                    eight.copy_from_slice(&self.buffer[2..10]);
                    (u64::from_be_bytes(eight) as usize, 10)
                }
                n => (n as usize, 2),
            };
            self.fill(header + length).await?;
            let payload: Vec<u8> = self.buffer[header..header + length].to_vec();
            self.buffer.drain(..header + length);
            return Ok(match opcode {
                1 => Msg::Text(String::from_utf8(payload).map_err(|e| e.to_string())?),
                2 => Msg::Binary(payload),
                8 => {
                    let code = if payload.len() >= 2 { u16::from_be_bytes([payload[0], payload[1]]) } else { 1005 };
                    Msg::Close(code, String::from_utf8_lossy(payload.get(2..).unwrap_or(&[])).to_string())
                }
                9 => {
                    if self.answer_pings {
                        self.send_frame(10, &payload).await.map_err(|e| e.to_string())?;
                        continue;
                    }
                    Msg::Ping(payload)
                }
                10 => Msg::Pong,
                other => return Err(format!("unexpected opcode {other}")),
            });
        }
    }

    /// The next JSON message, within `seconds`.
    pub async fn json(&mut self, seconds: u64) -> serde_json::Value {
        match tokio::time::timeout(std::time::Duration::from_secs(seconds), self.recv()).await {
            Ok(Ok(Msg::Text(text))) => serde_json::from_str(&text).expect("a JSON frame"),
            other => panic!("expected a JSON text frame, got {other:?}"),
        }
    }

    /// JSON messages until one of `kind` (returned with those before it).
    pub async fn until(&mut self, kind: &str, seconds: u64) -> (Vec<serde_json::Value>, serde_json::Value) {
        let mut before = Vec::new();
        loop {
            let frame = self.json(seconds).await;
            if frame["type"] == kind {
                return (before, frame);
            }
            before.push(frame);
        }
    }
}
