//! The pages' words: Czech first, English second, as two message tables
//! (`cs.rs`, `en.rs`) of the messages `messages.rs` names —
//! the templates say [`Msg`]s, never text, so a page is written once for
//! both languages. The language is the `uzel_lang` cookie (`/jazyk?l=en`
//! sets it), Czech when there is none.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

pub use self::messages::Msg;

mod cs;
mod en;
mod messages;

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "uzel_lang";

/// A language of the pages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Czech (the default).
    #[default]
    Cs,
    /// English.
    En,
}

impl Lang {
    /// The language a request asks for (its cookie), Czech by default.
    pub fn of(req: &HttpRequest) -> Self {
        match req.cookie(LANG_COOKIE).as_ref().map(Cookie::value) {
            Some("en") => Self::En,
            _ => Self::Cs,
        }
    }

    /// The `lang` attribute of the page.
    pub fn code(self) -> &'static str {
        match self {
            Self::Cs => "cs",
            Self::En => "en",
        }
    }

    /// The other language, offered in every page's footer.
    pub fn other(self) -> Self {
        match self {
            Self::Cs => Self::En,
            Self::En => Self::Cs,
        }
    }

    /// A need area's name in the language.
    pub fn need_area(self, area: crate::domain::need_area::NeedArea) -> &'static str {
        match self {
            Self::Cs => area.label_cs(),
            Self::En => area.label_en(),
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cs => "Česky",
            Self::En => "English",
        }
    }

    /// The text of `msg` in this language.
    pub fn t(self, msg: Msg) -> &'static str {
        match self {
            Self::Cs => cs::text(msg),
            Self::En => en::text(msg),
        }
    }
}

/// The query of `/jazyk`.
#[derive(Debug, Deserialize)]
pub struct Switch {
    /// `cs` or `en`.
    l: String,
    /// Where to go back to (a path of this site).
    #[serde(default)]
    zpet: String,
}

/// `GET /jazyk?l=en&zpet=/…`: keeps the language in a cookie and goes back.
pub async fn switch(q: web::Query<Switch>) -> HttpResponse {
    let lang = if q.l == "en" { "en" } else { "cs" };
    // Only a path of this site: never a redirect elsewhere.
    let back = if q.zpet.starts_with('/') && !q.zpet.starts_with("//") { q.zpet.as_str() } else { "/" };
    let cookie =
        Cookie::build(LANG_COOKIE, lang).path("/").same_site(SameSite::Lax).max_age(time::Duration::days(365)).finish();
    HttpResponse::SeeOther().cookie(cookie).insert_header((header::LOCATION, back.to_owned())).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_say_every_message_and_differ() {
        for msg in [Msg::SignIn, Msg::FreeCapacityNow, Msg::DueForReview, Msg::WrongPassword] {
            assert!(!Lang::Cs.t(msg).is_empty() && !Lang::En.t(msg).is_empty());
            assert_ne!(Lang::Cs.t(msg), Lang::En.t(msg));
        }
        assert_eq!(Lang::Cs.other(), Lang::En);
    }
}
