//! What the public may follow of a network as an Atom feed (RFC 4287): the
//! free capacity its services announce to the public, newest first — the
//! same announcements the "where to turn" page shows, while they hold.

use chrono::{DateTime, SecondsFormat, Utc};

use super::hsds::derived;
use crate::domain::ids::Slug;
use crate::http::routes::public::{PublicFilter, public_actors};
use crate::projections::Model;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The feed of network `slug` at `now`; `base` is the server's address
/// (`https://uzel.example.org`), for links. `None` if there is no such
/// network.
pub fn feed(model: &Model, slug: &Slug, now: DateTime<Utc>, base: &str) -> Option<String> {
    let network = model.networks.get(slug)?;
    let mut entries: Vec<(DateTime<Utc>, String)> = Vec::new();
    for actor in public_actors(model, slug, &network.state, &PublicFilter::default(), now) {
        for c in &actor.capacity {
            let unit = crate::czech::unit_name(&c.unit);
            let id = derived(&["capacity", &actor.id.to_string(), &c.unit, &time(c.announced_at)]);
            let until = c.valid_until.map(|u| format!(" (platí do {})", crate::czech::date(u))).unwrap_or_default();
            entries.push((
                c.announced_at,
                format!(
                    "<entry><id>urn:uuid:{id}</id><title>{}</title><updated>{}</updated>\
                     <link rel=\"alternate\" href=\"{}/kam-se-obratit?sit={slug}#a-{}\"/>\
                     <summary>{}</summary></entry>",
                    escape(&format!("{} – volno: {unit} {}", actor.name, c.free)),
                    time(c.announced_at),
                    escape(base),
                    actor.id,
                    escape(&format!("{} hlásí volno: {unit} {}{until}.", actor.name, c.free)),
                ),
            ));
        }
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    let updated = entries.first().map_or_else(|| time(now), |(at, _)| time(*at));
    let name = escape(&network.state.name);
    let id = derived(&["feed", slug.as_str()]);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"cs\">\
         <id>urn:uuid:{id}</id><title>{name}: volná místa ve službách</title><updated>{updated}</updated>\
         <author><name>{name}</name></author>\
         <link rel=\"self\" href=\"{base}/api/v1/networks/{slug}/public/feed.atom\"/>\
         <link rel=\"alternate\" href=\"{base}/kam-se-obratit?sit={slug}\"/>",
        base = escape(base)
    );
    for (_, entry) in entries {
        out.push_str(&entry);
    }
    out.push_str("</feed>\n");
    Some(out)
}
