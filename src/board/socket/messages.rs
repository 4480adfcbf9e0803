//! The client's messages on a board socket: pings, a close, a new
//! subscription, and commands (publish, capacity, offers, withdraw, share,
//! resolve), each answered with an ack or a problem.

use std::time::Duration;

use actix_ws::{AggregatedMessage, CloseCode, Message};

use super::Connection;
use crate::app::{AppError, Meta, Written};
use crate::board::protocol::{self, ClientMessage, Out};
use crate::board::reader::Filter;
use crate::board::subscription::Subscription;
use crate::http::error::ApiError;
use crate::http::support::slug;

impl Connection {
    /// Handles one message from the client: a ping, a close, a
    /// subscription or a command.
    pub(super) async fn on_message(
        &mut self,
        message: AggregatedMessage,
        subscription: &mut Option<Subscription>,
        slow_after: Duration,
    ) -> Option<(CloseCode, String)> {
        let parsed = match message {
            AggregatedMessage::Text(text) => protocol::parse_json(&text),
            AggregatedMessage::Binary(bytes) => protocol::parse_protobuf(&bytes),
            AggregatedMessage::Ping(bytes) => {
                let result = self.send_message(Message::Pong(bytes), slow_after).await;
                return self.sent(result);
            }
            AggregatedMessage::Pong(_) => return None,
            AggregatedMessage::Close(_) => return Some((CloseCode::Normal, "closed by the client".into())),
        };
        let message = match parsed {
            Ok(message) => message,
            Err((reference, why)) => {
                let problem = ApiError::bad_request(why);
                let out = protocol::error(self.encoding, self.delivered, &reference, &problem.0);
                return self.reply(out, slow_after).await;
            }
        };
        let reference = message.reference().to_owned();
        if let ClientMessage::Subscribe { from, networks, kinds, need_areas, actors, platforms, .. } = &message {
            let lists = ClientMessage::lists(networks, kinds, need_areas, actors, platforms);
            match Filter::parse(&lists) {
                Ok(filter) => {
                    let from = *from;
                    if let Err(problem) = super::super::handshake::check_from(from, self.app.log.last_position()) {
                        let out = protocol::error(self.encoding, self.delivered, &reference, &problem.0);
                        return self.reply(out, slow_after).await;
                    }
                    *subscription = Some(self.subscribe(from, filter).await);
                    return None;
                }
                Err(why) => {
                    let out = protocol::error(self.encoding, self.delivered, &reference, &ApiError::bad_request(why).0);
                    return self.reply(out, slow_after).await;
                }
            }
        }
        if let Some(closing) = self.refresh_reader().await {
            return Some(closing);
        }
        let out = match self.command(message).await {
            Ok(w) => protocol::ack(self.encoding, w.position, &reference, &w.id, w.version),
            Err(problem) => protocol::error(self.encoding, self.delivered, &reference, &problem.0),
        };
        self.reply(out, slow_after).await
    }

    /// Sends an answer to the client: what the connection does next.
    async fn reply(&self, out: Out, slow_after: Duration) -> Option<(CloseCode, String)> {
        let result = self.send(out, slow_after).await;
        self.sent(result)
    }

    /// Runs a command sent over the socket, as its HTTP route would.
    async fn command(&self, message: ClientMessage) -> Result<Written, ApiError> {
        let principal = &self.principal;
        let meta = Meta { author: principal.author(), ..Meta::default() };
        let app = &self.app;
        let result: Result<Written, AppError> = match message {
            ClientMessage::Subscribe { .. } => unreachable!("handled by the caller"),
            ClientMessage::Publish { network, post, .. } => {
                app.publish(principal, &slug(&network, "network")?, post, &meta).await
            }
            ClientMessage::Capacity { network, actor, capacity, .. } => {
                app.board_capacity(principal, &slug(&network, "network")?, actor, capacity, &meta).await
            }
            ClientMessage::Offer { post, offer, .. } => app.offer(principal, post, offer, &meta).await,
            ClientMessage::Withdraw { post, reason, .. } => app.withdraw(principal, post, reason, &meta).await,
            ClientMessage::Share { post, offer, .. } => app.share_offer(principal, post, offer, &meta).await,
            ClientMessage::Resolve { post, note, .. } => app.resolve(principal, post, note, &meta).await,
        };
        result.map_err(ApiError::from)
    }
}
