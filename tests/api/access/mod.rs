//! Who may see and do what: the authorization matrix over every route, the
//! canaries, sign-in, sessions, tokens, CSRF, throttling and redaction.

mod matrix;
mod sessions;
mod views;
pub mod world;
