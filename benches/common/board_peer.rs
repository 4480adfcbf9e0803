//! The board bench's peers, each in a child process of the bench: a bare
//! actix-ws broadcast server (`UZEL_BOARD_PEER=port`) and the floor
//! (`UZEL_BOARD_FLOOR=port`, `floor_server.rs`).

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::probe::http;
use crate::{Figures, Poster, Server, floor_server, measure};

/// The peer: a bare actix-ws broadcast server in a child process of this
/// bench (`UZEL_BOARD_PEER=port`).
pub fn peer_server(port: u16) {
    use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
    type Tx = web::Data<tokio::sync::broadcast::Sender<bytestring::ByteString>>;
    async fn ws(req: HttpRequest, body: web::Payload, tx: Tx) -> actix_web::Result<HttpResponse> {
        let (response, mut session, _stream) = actix_ws::handle(&req, body)?;
        let mut rx = tx.subscribe();
        actix_web::rt::spawn(async move {
            while let Ok(frame) = rx.recv().await {
                if session.text(frame).await.is_err() {
                    return;
                }
            }
        });
        Ok(response)
    }
    async fn post(tx: Tx, path: web::Path<u64>) -> HttpResponse {
        let position = path.into_inner();
        let _ = tx.send(floor_server::post_frame(position).into());
        HttpResponse::Created().body(format!(r#"{{"position":{position}}}"#))
    }
    let (tx, _) = tokio::sync::broadcast::channel::<bytestring::ByteString>(4096);
    let tx = web::Data::new(tx);
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            App::new().app_data(tx.clone()).route("/ws", web::get().to(ws)).route("/post/{n}", web::post().to(post))
        })
        .workers(2)
        .bind(("127.0.0.1", port))
        .expect("bind")
        .run()
        .await
        .expect("peer runs");
    });
}

/// A peer in a child process of this bench: the bare actix-ws server
/// (`UZEL_BOARD_PEER=port`) or the floor (`UZEL_BOARD_FLOOR=port`).
pub async fn peer_run(n: usize, variable: &str) -> Figures {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let server = Server(
        Command::new(std::env::current_exe().unwrap())
            .env(variable, port.to_string())
            .stdout(Stdio::null())
            .spawn()
            .expect("the peer starts"),
    );
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let counter = Arc::new(AtomicU64::new(1));
    let post: Poster = Arc::new(move |_| {
        let counter = Arc::clone(&counter);
        Box::pin(async move {
            let position = counter.fetch_add(1, Ordering::Relaxed);
            http(port, "POST", &format!("/post/{position}"), None, None).await;
            position
        })
    });
    let figures = measure(server.0.id(), port, "/ws", None, n, false, post).await;
    drop(server);
    figures
}
