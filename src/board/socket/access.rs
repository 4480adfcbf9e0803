//! A board connection's right to read, checked again whenever users
//! change: the credential it opened with (a token or a session) is looked
//! up anew and what it may see recomputed — or the connection is closed.

use actix_ws::CloseCode;

use super::Connection;
use crate::board::handshake::Credential;
use crate::board::intern;
use crate::board::reader::Reader;
use crate::http::guard;

impl Connection {
    /// When users changed, checks the credentials again and recomputes
    /// what this connection may see.
    pub(super) async fn refresh_reader(&mut self) -> Option<(CloseCode, String)> {
        let changed = self.app.models.access_changed();
        if changed == self.access_seen {
            return None;
        }
        // The session, looked up before the read models are locked.
        let session = match &self.credential {
            Some(Credential::Session(cookie)) => match self.app.auth.sessions.find(cookie, self.app.now()).await {
                Ok(session) => session,
                // The database is away: the client resumes later.
                Err(_) => return Some((CloseCode::Again, "sign-ins cannot be checked just now".into())),
            },
            _ => None,
        };
        self.access_seen = changed;
        let model = self.app.models.read();
        let principal = match &self.credential {
            Some(Credential::Token(hash)) => guard::by_token(&model, hash),
            Some(Credential::Session(_)) => session.as_ref().and_then(|s| guard::by_session(&model, s)),
            None => None,
        };
        match principal {
            Some(principal) => {
                self.reader = intern::reader(Reader::of(&principal, &model));
                self.principal = principal;
                None
            }
            None => Some((CloseCode::Policy, "your sign-in is no longer valid; sign in again".into())),
        }
    }
}
