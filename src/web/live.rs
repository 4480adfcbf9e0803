//! The part of a page that follows the board (`#zive`): what it shows is
//! fetched again when the board carries a change of it. The region says
//! which network, kinds of posts, actors and platforms it follows, and the
//! log position the page was rendered at, so the script's subscription
//! resumes from there and misses nothing in between.

use maud::{Markup, html};
use uuid::Uuid;

use crate::domain::ids::Slug;

/// What a live region follows.
pub struct Follows<'a> {
    /// The network.
    pub network: &'a Slug,
    /// The kinds of board posts (`capacity`, `meeting_outcome`, …).
    pub kinds: &'a [&'a str],
    /// Only these actors' posts (none: every actor's).
    pub actors: Vec<Uuid>,
    /// Only these platforms' posts (none: every platform's).
    pub platforms: Vec<Uuid>,
}

impl<'a> Follows<'a> {
    /// A platform's meeting outcomes.
    pub fn platform(network: &'a Slug, platform: Uuid) -> Self {
        Self { network, kinds: &["meeting_outcome"], actors: Vec::new(), platforms: vec![platform] }
    }
}

/// `content` as a live region rendered at log `position`.
pub fn region(follows: &Follows<'_>, position: u64, content: Markup) -> Markup {
    let ids = |list: &[Uuid]| list.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ");
    html! {
        div id="zive" data-site=(follows.network) data-druhy=(follows.kinds.join(" ")) data-akteri=(ids(&follows.actors))
            data-platformy=(ids(&follows.platforms)) data-pozice=(position) {
            (content)
        }
    }
}
