//! Requests to switch protocols (a websocket's handshake). They go through
//! the same app, routes, guards and error answers as any request; a handler
//! that accepts puts a [`Takeover`] in its `101 Switching Protocols`
//! answer, and from then on the connection is the handler's: its socket,
//! with no HTTP machinery left between them. The board writes each frame
//! into the socket itself (`board/outbox.rs`), so a post reaches thousands
//! of sockets without a task and two buffer copies per socket.
//!
//! Any other answer to such a request is written whole, and the connection
//! closes after it.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use actix_codec::{Encoder, Framed};
use actix_http::body::{BodySize, MessageBody};
use actix_http::error::PayloadError;
use actix_http::h1::{self, Codec};
use actix_http::{ConnectionType, Payload, Request, Response, StatusCode};
use actix_service::{Service, ServiceFactory, fn_factory, fn_service};
use actix_web::dev::{AppConfig, ServiceResponse};
use actix_web::web::{Bytes, BytesMut};
use tokio::net::TcpStream;

use super::parser_answers::Connection;

/// How long a closed connection waits for the client to close its side
/// before the socket is dropped.
const LINGER: Duration = Duration::from_secs(2);

/// A connection that left HTTP: its socket, shared by whoever writes to it.
pub type Socket = Rc<TcpStream>;

type LocalBoxFuture = Pin<Box<dyn Future<Output = ()>>>;

/// Put in a `101 Switching Protocols` answer by a handler that takes the
/// connection over: called with the socket once the answer is written; the
/// connection lives as long as the future it returns.
pub struct Takeover(Box<dyn FnOnce(Socket) -> LocalBoxFuture>);

impl Takeover {
    /// A takeover that runs `connection` on the socket.
    pub fn new<F, Fut>(connection: F) -> Self
    where
        F: FnOnce(Socket) -> Fut + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        Self(Box::new(move |socket| Box::pin(connection(socket))))
    }
}

/// The service for upgrade requests of one server worker: `app` builds the
/// same app that serves every other request, with the same `config`.
pub fn service<F, B>(
    app: F,
    config: AppConfig,
) -> impl ServiceFactory<
    (Request, Framed<Connection<TcpStream>, Codec>),
    Config = (),
    Response = (),
    Error = actix_web::Error,
    InitError = (),
>
where
    F: ServiceFactory<Request, Config = AppConfig, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    let app = Rc::new(app);
    fn_factory(move || {
        let (app, config) = (Rc::clone(&app), config.clone());
        async move {
            let service = Rc::new(app.new_service(config).await.map_err(|_| ())?);
            Ok(fn_service(move |(req, framed)| serve(Rc::clone(&service), req, framed)))
        }
    })
}

/// Answers one upgrade request and, if the handler took the connection
/// over, runs it.
async fn serve<S, B>(
    app: Rc<S>,
    req: Request,
    framed: Framed<Connection<TcpStream>, Codec>,
) -> Result<(), actix_web::Error>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    // Boxed: answering takes far more room than a connection needs, and
    // this future lives as long as the connection.
    let Some((socket, connection)) = Box::pin(answer(app, req, framed)).await? else { return Ok(()) };
    connection(Rc::clone(&socket)).await;
    linger(&socket).await;
    Ok(())
}

/// Runs the request through the app and writes its answer: the socket and
/// the connection to run on it if the handler took it over.
async fn answer<S, B>(
    app: Rc<S>,
    req: Request,
    framed: Framed<Connection<TcpStream>, Codec>,
) -> Result<Option<(Socket, Box<dyn FnOnce(Socket) -> LocalBoxFuture>)>, actix_web::Error>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    let parts = framed.into_parts();
    let mut codec = parts.codec;
    let socket = Rc::new(parts.io.into_inner());
    // What the client sends after its request is the new protocol's: the
    // handler reads it as the request's payload, straight from the socket.
    let reader = Reader { socket: Rc::clone(&socket), early: Some(parts.read_buf.freeze()).filter(|b| !b.is_empty()) };
    let (req, _) = req.replace_payload(Payload::Stream { payload: Box::pin(reader) as _ });
    let mut response: Response<_> = match app.call(req).await {
        Ok(answer) => Response::from(answer.into_parts().1).map_into_boxed_body(),
        Err(error) => Response::from(error),
    };
    let takeover = match response.status() {
        StatusCode::SWITCHING_PROTOCOLS => response.extensions_mut().remove::<Takeover>(),
        _ => None,
    };
    let (mut head, body) = response.into_parts();
    let mut out = BytesMut::new();
    let Some(Takeover(connection)) = takeover else {
        head.head_mut().set_connection_type(ConnectionType::Close);
        let body = actix_http::body::to_bytes(body).await.unwrap_or_default();
        codec.encode(h1::Message::Item((head, BodySize::Sized(body.len() as u64))), &mut out)?;
        codec.encode(h1::Message::Chunk(Some(body)), &mut out)?;
        codec.encode(h1::Message::Chunk(None), &mut out)?;
        write_all(&socket, &out).await?;
        linger(&socket).await;
        return Ok(None);
    };
    codec.encode(h1::Message::Item((head, BodySize::None)), &mut out)?;
    write_all(&socket, &out).await?;
    // Frames go out as soon as they are written: a live board waits for
    // no acknowledgement.
    socket.set_nodelay(true)?;
    Ok(Some((socket, connection)))
}

/// Writes all of `bytes`, waiting for room as needed.
async fn write_all(socket: &TcpStream, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        socket.writable().await?;
        match socket.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Ends the connection politely: says no more comes from here, and lets
/// the client close its side (for at most [`LINGER`]), reading and dropping
/// what it still sends, so that the last answer is not lost to a reset.
async fn linger(socket: &TcpStream) {
    if socket2::SockRef::from(socket).shutdown(std::net::Shutdown::Write).is_err() {
        return;
    }
    let drain = async {
        let mut scratch = [0u8; 1024];
        loop {
            if socket.readable().await.is_err() {
                return;
            }
            match socket.try_read(&mut scratch) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(_) => return,
            }
        }
    };
    let _ = tokio::time::timeout(LINGER, drain).await;
}

/// The bytes the client sends after its request, as the request's payload:
/// read only when the handler asks for more (so a client that sends too
/// much waits on its own socket), into buffers of the size read.
struct Reader {
    socket: Socket,
    /// What arrived together with the request.
    early: Option<Bytes>,
}

impl futures_core::Stream for Reader {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(early) = this.early.take() {
            return Poll::Ready(Some(Ok(early)));
        }
        let mut scratch = [0u8; 4096];
        loop {
            if let Err(e) = ready!(this.socket.poll_read_ready(cx)) {
                return Poll::Ready(Some(Err(PayloadError::Io(e))));
            }
            match this.socket.try_read(&mut scratch) {
                Ok(0) => return Poll::Ready(None),
                Ok(n) => return Poll::Ready(Some(Ok(Bytes::copy_from_slice(&scratch[..n])))),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Poll::Ready(Some(Err(PayloadError::Io(e)))),
            }
        }
    }
}
