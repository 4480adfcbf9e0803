//! The plan document, generated from the live data and laid out like seed
//! 004: an introduction, the three templates' content in figures (actors by
//! need area, the needs map, the platforms), then each section's present
//! practice and its recommendations with their steps and status. Rendered
//! as a printable Czech page and as RTF, which the word processors
//! coordinators use open and edit.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::report_page::escape;
use crate::domain::NeedArea;
use crate::domain::actor::Status;
use crate::domain::plan::Owner;
use crate::domain::plan::StepStatus;
use crate::domain::value::Value;
use crate::projections::views::{self, PlanView};
use crate::projections::{Model, czech};

/// A table of the document: a heading, column names and rows.
pub struct Table {
    /// Its heading.
    pub heading: String,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// The document's content, before it is rendered.
pub struct Document {
    /// The plan's title.
    pub title: String,
    /// The line under the title.
    pub subtitle: String,
    /// The introduction.
    pub introduction: String,
    /// The templates' content in figures.
    pub tables: Vec<Table>,
    /// The plan.
    pub plan: PlanView,
}

/// A step's status in Czech.
pub fn status_cs(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Planned => "plánováno",
        StepStatus::InProgress => "probíhá",
        StepStatus::Done => "splněno",
        StepStatus::Dropped => "zrušeno",
    }
}

/// Where a plan is: "ORP Tachov", or the region's name.
fn place(model: &Model, owner: &Owner) -> String {
    let name = crate::app::plans::owner_name(model, owner);
    match owner {
        // Networks are named "ORP Tachov" or just "Tachov".
        Owner::Network(_) if !name.starts_with("ORP") => format!("ORP {name}"),
        _ => name,
    }
}

/// Assembles the document of `plan` from the model at `now`: for a
/// region's plan the figures cover every network of the region.
pub fn document(model: &Model, plan: PlanView, now: DateTime<Utc>) -> Document {
    let owner = plan.owner.clone();
    let networks = crate::app::plans::networks_of(model, &owner);
    let orp = place(model, &owner);
    let actors: usize = networks
        .iter()
        .flat_map(|n| model.actors_by_network.get(n).into_iter().flatten())
        .filter_map(|id| model.actors.get(id))
        .filter(|a| a.entry.state.status == Status::Active)
        .count();
    let coverages: Vec<_> = networks.iter().map(|n| views::coverage(model, n, None)).collect();
    let needs: Vec<_> = networks.iter().filter_map(|n| model.needs.get(n).map(|n| &n.state)).collect();
    let area_rows = NeedArea::ALL
        .iter()
        .enumerate()
        .map(|(i, area)| {
            let activities: usize = needs
                .iter()
                .map(|n| {
                    n.activities
                        .values()
                        .filter(|f| f.get("area").and_then(Value::as_text) == Some(area.code()))
                        .count()
                })
                .sum();
            let forms: usize = needs.iter().map(|n| n.forms.values().filter(|f| f.area == *area).count()).sum();
            let total = |f: fn(&views::Cell) -> usize| -> usize {
                coverages.iter().filter_map(|c| c.areas.get(i)).map(|c| f(&c.total)).sum()
            };
            vec![
                area.label_cs().to_owned(),
                total(|c| c.actors).to_string(),
                total(|c| c.prevention).to_string(),
                total(|c| c.intervention).to_string(),
                forms.to_string(),
                activities.to_string(),
            ]
        })
        .collect();
    let mut platforms: Vec<Vec<String>> = networks
        .iter()
        .flat_map(|n| model.platforms_by_network.get(n).into_iter().flatten())
        .filter_map(|id| model.platforms.get(id))
        .filter(|p| p.state.ended_at.is_none())
        .map(|p| {
            let a = views::attendance(&p.state, now);
            vec![
                p.state.fields.get("name").and_then(Value::as_text).unwrap_or_default().to_owned(),
                a.planned_per_year.map_or("—".to_owned(), |n| n.to_string()),
                a.held_last_12_months.to_string(),
            ]
        })
        .collect();
    platforms.sort_by_cached_key(|row| czech::sort_key(&row[0]));
    let whose = match &owner {
        Owner::Network(_) => format!("sítě služeb pro ohrožené děti a jejich rodiny v {orp}"),
        Owner::Region(_) => format!("sítí služeb pro ohrožené děti a jejich rodiny – {orp} ({} sítí)", networks.len()),
    };
    let introduction = format!(
        "Střednědobý plán {whose} na období {}–{}. \
         Vychází ze tří šablon sítě – aktérů, potřeb a činností a mezioborových platforem – jejichž současný \
         obsah shrnují tabulky níže, a pro každou oblast popisuje současnou praxi a doporučení s konkrétními \
         kroky, odpovědnými aktéry, termíny a stavem plnění. Dokument je vytvořen z aktuálních dat systému \
         uzel ke dni {}.",
        plan.from,
        plan.to,
        crate::czech::date(now),
    );
    Document {
        title: plan.title.clone(),
        subtitle: format!("{orp}, období {}–{}", plan.from, plan.to),
        introduction,
        tables: vec![
            Table {
                heading: format!("Aktéři sítě a potřeby dětí ({actors} aktivních aktérů)"),
                columns: ["Oblast potřeb", "Aktéři", "z toho prevence", "z toho intervence", "Projevy", "Činnosti"]
                    .map(str::to_owned)
                    .to_vec(),
                rows: area_rows,
            },
            Table {
                heading: "Mezioborové platformy".into(),
                columns: ["Platforma", "Plánovaná setkání za rok", "Konaná za 12 měsíců"].map(str::to_owned).to_vec(),
                rows: platforms,
            },
        ],
        plan,
    }
}

fn responsible(step: &views::StepView) -> String {
    let names: Vec<&str> =
        step.actors.iter().chain(&step.platforms).map(|n| n.name.as_str()).filter(|n| !n.is_empty()).collect();
    if names.is_empty() { "—".into() } else { names.join(", ") }
}

/// What a step stands on in the document: who, by when, where it stands,
/// and the coverage gaps it answers.
fn details(step: &views::StepView) -> String {
    let mut out =
        format!("odpovídá: {}; termín: {}; stav: {}", responsible(step), deadline(step), status_cs(step.status));
    if !step.gaps.is_empty() {
        let gaps: Vec<String> = step
            .gaps
            .iter()
            .map(|g| {
                let now = if g.covered { "dnes pokryto" } else { "dosud nepokryto" };
                format!("{} × {} ({now})", g.area.label_cs(), g.target_group.name)
            })
            .collect();
        out.push_str(&format!("; mezery v pokrytí: {}", gaps.join(", ")));
    }
    out
}

/// The label of a section's present practice.
fn practice_label(doc: &Document) -> &'static str {
    match doc.plan.owner {
        Owner::Network(_) => "Praxe v ORP",
        Owner::Region(_) => "Současná praxe v kraji",
    }
}

fn deadline(step: &views::StepView) -> String {
    step.deadline.map_or("—".into(), crate::czech::date)
}

/// The printable page.
pub fn html(doc: &Document) -> String {
    let mut out = String::with_capacity(32 << 10);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"cs\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t}</title><link rel=\"stylesheet\" href=\"/assets/uzel.css\"></head><body class=\"dokument\"><h1>{t}</h1><p>{s}</p><h2>Úvod</h2><p>{i}</p><h2>Síť v šablonách</h2>",
        t = escape(&doc.title),
        s = escape(&doc.subtitle),
        i = escape(&doc.introduction)
    );
    for table in &doc.tables {
        let _ = write!(out, "<h3>{}</h3><table><tr>", escape(&table.heading));
        for c in &table.columns {
            let _ = write!(out, "<th>{}</th>", escape(c));
        }
        out.push_str("</tr>");
        for row in &table.rows {
            out.push_str("<tr>");
            for cell in row {
                let _ = write!(out, "<td>{}</td>", escape(cell));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
    }
    for section in &doc.plan.sections {
        let _ = write!(out, "<h2>{}</h2>", escape(&section.title));
        if !section.practice.is_empty() {
            let _ = write!(out, "<p><strong>{}:</strong> {}</p>", practice_label(doc), escape(&section.practice));
        }
        if section.recommendations.is_empty() {
            continue;
        }
        out.push_str("<h3>Doporučení</h3>");
        for rec in &section.recommendations {
            let _ = write!(out, "<p><strong>{}. {}</strong></p><ul>", rec.number, escape(&rec.text));
            for step in &rec.steps {
                let _ = write!(
                    out,
                    "<li>{} <span class=\"stav\">({})</span></li>",
                    escape(&step.text),
                    escape(&details(step))
                );
            }
            out.push_str("</ul>");
        }
    }
    out.push_str("</body></html>");
    out
}

/// Text as RTF: control characters escaped, anything beyond ASCII as a
/// Unicode escape (with `?` for readers that cannot show it).
pub fn rtf_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '\n' => out.push_str("\\line "),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c if c.is_ascii_control() => {}
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{}?", *unit as i16);
                }
            }
        }
    }
    out
}

/// The document as RTF.
pub fn rtf(doc: &Document) -> String {
    let mut out = String::with_capacity(32 << 10);
    out.push_str("{\\rtf1\\ansi\\ansicpg1250\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}\\uc1\\f0\\fs24\n");
    let para = |out: &mut String, style: &str, text: &str| {
        let _ = writeln!(out, "{{\\pard\\sa120{style} {}\\par}}", rtf_text(text));
    };
    para(&mut out, "\\b\\fs36", &doc.title);
    para(&mut out, "", &doc.subtitle);
    para(&mut out, "\\b\\fs28", "Úvod");
    para(&mut out, "", &doc.introduction);
    para(&mut out, "\\b\\fs28", "Síť v šablonách");
    for table in &doc.tables {
        para(&mut out, "\\b", &table.heading);
        let cells = table.columns.len().max(1);
        let row = |out: &mut String, cells_text: &[String]| {
            out.push_str("\\trowd\\trgaph70");
            for i in 1..=cells {
                let _ = write!(out, "\\cellx{}", i * 9000 / cells);
            }
            for cell in cells_text {
                let _ = write!(out, "\\pard\\intbl {}\\cell", rtf_text(cell));
            }
            out.push_str("\\row\n");
        };
        row(&mut out, &table.columns);
        for r in &table.rows {
            row(&mut out, r);
        }
        out.push_str("\\pard\\par\n");
    }
    for section in &doc.plan.sections {
        para(&mut out, "\\b\\fs28", &section.title);
        if !section.practice.is_empty() {
            para(&mut out, "", &format!("{}: {}", practice_label(doc), section.practice));
        }
        for rec in &section.recommendations {
            para(&mut out, "\\b", &format!("{}. {}", rec.number, rec.text));
            for step in &rec.steps {
                let line = format!("– {} ({})", step.text, details(step));
                para(&mut out, "\\li360", &line);
            }
        }
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtf_text_escapes_braces_and_writes_czech_as_unicode() {
        assert_eq!(rtf_text("a{b}\\c"), "a\\{b\\}\\\\c");
        assert_eq!(rtf_text("Úvod"), "\\u218?vod");
        assert_eq!(rtf_text("ř"), "\\u345?");
    }
}
