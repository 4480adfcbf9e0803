//! The yearly report as a printable Czech page: the summary, the three
//! charts inline (SVG) and each network's changes. One self-contained
//! document — its style inline, no script, nothing fetched.

use std::fmt::Write;

use crate::audit::changeset::{ChangeSet, Mark};
use crate::audit::charts;
use crate::audit::report::Report;

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

use crate::czech::{date, number};

/// A count as Czech writes it (`1 234`).
fn n(count: impl TryInto<i64>) -> String {
    count.try_into().map_or_else(|_| "—".to_owned(), number)
}

fn row(out: &mut String, label: &str, value: impl std::fmt::Display) {
    let _ = write!(out, "<tr><th>{}</th><td class=\"n\">{}</td></tr>", escape(label), escape(&value.to_string()));
}

fn marks(out: &mut String, title: &str, list: &[Mark]) {
    if list.is_empty() {
        return;
    }
    let _ = write!(out, "<h3>{}</h3><ul>", escape(title));
    for m in list {
        let _ = write!(out, "<li>{} ({})</li>", escape(&m.name), date(m.effective_at));
    }
    out.push_str("</ul>");
}

fn network(out: &mut String, set: &ChangeSet) {
    let _ = write!(out, "<h2>Změny v síti {}</h2>", escape(&set.name));
    marks(out, "Nově zapsaní aktéři", &set.actors.added);
    marks(out, "Ukončení aktéři", &set.actors.ended);
    marks(out, "Dočasně uzavření aktéři", &set.actors.temporarily_closed);
    marks(out, "Znovu otevření aktéři", &set.actors.reopened);
    if !set.actors.changed.is_empty() {
        out.push_str("<h3>Změny údajů aktérů</h3><ul>");
        for actor in &set.actors.changed {
            let mut fields: Vec<&str> = actor
                .changes
                .iter()
                .map(|c| {
                    crate::domain::actor_fields::spec(&c.change.field).map_or(c.change.field.as_str(), |s| s.label_cs)
                })
                .collect();
            fields.dedup();
            let _ = write!(out, "<li>{}: {}</li>", escape(&actor.name), escape(&fields.join(", ")));
        }
        out.push_str("</ul>");
    }
    marks(out, "Založené platformy", &set.platforms.founded);
    marks(out, "Ukončené platformy", &set.platforms.ended);
    if !set.platforms.meetings.is_empty() {
        out.push_str("<h3>Setkání platforem</h3><table><tr><th>Platforma</th><th>konaná</th><th>plánovaná</th></tr>");
        for m in &set.platforms.meetings {
            let planned = m.planned.map_or("—".to_owned(), n);
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&m.name),
                n(m.held),
                planned
            );
        }
        out.push_str("</table>");
    }
}

/// The page of `report`; `region` says whether it covers a region.
pub fn page(report: &Report, region: bool) -> Result<String, String> {
    let s = &report.summary;
    let whose = if region { "kraje" } else { "sítě" };
    let mut out = String::with_capacity(64 << 10);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"cs\"><head><meta charset=\"utf-8\"><title>Roční zpráva {whose} {name} – {year}</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"stylesheet\" href=\"/assets/uzel.css\"></head><body class=\"zprava\"><h1>Roční zpráva {whose} {name} za rok {year}</h1>\
         <p>Období od {from} do {to}, podle data účinnosti změn.</p><h2>Souhrn</h2><table>",
        name = escape(&report.name),
        year = report.year,
        from = date(report.period.from + chrono::Duration::microseconds(1)),
        to = date(report.period.to),
    );
    row(&mut out, "Aktivní aktéři na začátku roku", n(s.actors_before));
    row(&mut out, "Aktivní aktéři na konci období", n(s.actors_after));
    row(&mut out, "Nově zapsaní aktéři", n(s.added));
    row(&mut out, "Ukončení aktéři", n(s.ended));
    row(&mut out, "Dočasně uzavření aktéři", n(s.temporarily_closed));
    row(&mut out, "Aktéři se změnou údajů (změn celkem)", format!("{} ({})", n(s.actors_changed), n(s.field_changes)));
    row(&mut out, "Nově pokryté oblasti × cílové skupiny", n(s.cells_became_covered));
    row(&mut out, "Nově nepokryté oblasti × cílové skupiny", n(s.cells_became_uncovered));
    row(&mut out, "Hlášení kapacity", n(s.announcements));
    let fresh = s.fresh_days_share.map_or("—".to_owned(), |f| format!("{:.0}\u{a0}%", f * 100.0));
    row(&mut out, "Podíl dní s čerstvým hlášením kapacity", fresh);
    row(&mut out, "Založené / ukončené platformy", format!("{} / {}", n(s.platforms_founded), n(s.platforms_ended)));
    row(
        &mut out,
        "Konaná / plánovaná setkání platforem",
        format!("{} / {}", n(s.meetings_held), n(s.meetings_planned)),
    );
    let t = &s.tasks;
    row(&mut out, "Úkoly zadané / splněné / zrušené", format!("{} / {} / {}", n(t.opened), n(t.done), n(t.dropped)));
    row(&mut out, "Úkoly po termínu na konci období", n(t.overdue));
    out.push_str("</table><h2>Grafy</h2>");
    for svg in [
        charts::capacity(&report.capacity)?,
        charts::need_areas(&report.need_areas)?,
        charts::meetings(&report.meetings_per_month)?,
    ] {
        let _ = write!(out, "<figure>{svg}</figure>");
    }
    for set in &report.networks {
        network(&mut out, set);
    }
    out.push_str("</body></html>");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("<b>\"Ať\" & 'ne'</b>"), "&lt;b&gt;&quot;Ať&quot; &amp; &#39;ne&#39;&lt;/b&gt;");
    }
}
