//! A workbook read against a network: the template's sheets (or a
//! coordinator's own variant of them — columns found by their heading, in
//! any order, some renamed, unknown ones set aside and said) become a
//! report, row by row and cell by cell — what would be created, changed
//! (old → new) or refused and why, in Czech — and the commands that write
//! exactly the differences. The sheets are read in the order their records
//! depend on each other: the code lists (terms and custom categories) and
//! the actors before the needs and platforms that name them, then the
//! meetings, outcomes and contact persons, so a fresh network takes a whole
//! workbook at once. Every command is decided by the
//! domain against the network as the earlier rows leave it, so the dry run
//! refuses what the import would. Nothing here writes; [`super::apply`]
//! runs the commands.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::book::{Book, Sheet};
use super::cells::Context;
use super::columns::{Column, ID, STATUS};
use super::export::context;
use crate::domain::actor::ActorCommand;
use crate::domain::ids::Slug;
use crate::domain::needs::NeedsCommand;
use crate::domain::network::NetworkCommand;
use crate::domain::platform::PlatformCommand;
use crate::projections::Model;
use crate::projections::czech::fold;

/// A cell that changes: its column, what it holds, what it will hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CellChange {
    /// The column's heading.
    pub column: String,
    /// What the network holds now (empty: nothing).
    pub old: String,
    /// What the workbook says.
    pub new: String,
}

/// Why a row (or one of its cells) is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Problem {
    /// The column, if it is one cell's problem.
    pub column: Option<String>,
    /// Why, in Czech.
    pub reason: String,
}

/// What would happen to a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Verdict {
    /// A new record.
    Create,
    /// A record that changes.
    Change {
        /// Its cells that change.
        changes: Vec<CellChange>,
    },
    /// A record the row says nothing new of.
    Same,
    /// Not imported.
    Refused {
        /// Why.
        problems: Vec<Problem>,
    },
}

/// One row of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RowReport {
    /// The sheet.
    pub sheet: String,
    /// The row's number as the spreadsheet shows it (the header is 1).
    pub row: usize,
    /// The record it is (or will be): an actor, a need's form, an
    /// activity, a platform, a term or a category.
    pub record: Option<Uuid>,
    /// Its name (or text), as the row gives it.
    pub name: String,
    /// What would happen.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// The dry run's answer.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct Report {
    /// Every row with data.
    pub rows: Vec<RowReport>,
    /// Columns not read, by heading (not a column of the template).
    pub ignored_columns: Vec<String>,
    /// Sheets not read: sheets of no template.
    pub ignored_sheets: Vec<String>,
    /// Rows that would create a record.
    pub created: usize,
    /// Rows that would change one.
    pub changed: usize,
    /// Rows that change nothing.
    pub unchanged: usize,
    /// Rows refused.
    pub refused: usize,
}

/// One command of an import.
#[derive(Clone, Debug)]
pub enum Planned {
    /// To the network (a term, a custom category).
    Network(NetworkCommand),
    /// To an actor.
    Actor(ActorCommand),
    /// To the network's needs map.
    Needs(NeedsCommand),
    /// To a platform, taking effect when given (its founding, its end, an
    /// evaluation's date).
    Platform(PlatformCommand, Option<DateTime<Utc>>),
}

/// The commands one row writes to one record, with the version the
/// record's stream had when the report was made (`None`: no expectation —
/// a new record, or a stream an earlier row of the import writes first).
#[derive(Clone, Debug)]
pub struct Step {
    /// The record.
    pub record: Uuid,
    /// The version its stream must still have.
    pub expected: Option<u64>,
    /// Its commands, in order.
    pub commands: Vec<Planned>,
}

/// What the import would write, in the order it must be written.
#[derive(Clone, Debug, Default)]
pub struct Writes {
    /// The steps, one per row that changes something.
    pub steps: Vec<Step>,
}

/// A platform to end after its meetings, and the row that says so.
pub(super) struct End {
    /// The platform.
    pub platform: Uuid,
    /// When it ended.
    pub at: DateTime<Utc>,
    /// The row's sheet, number and name, for the report.
    pub row: (String, usize, String),
}

/// The report and writes as they are made, sheet after sheet.
pub(super) struct Planner<'a> {
    /// The network's read models before the import.
    pub model: &'a Model,
    /// The network.
    pub slug: &'a Slug,
    /// Now, for the domain's decisions.
    pub now: DateTime<Utc>,
    /// The report so far.
    pub report: Report,
    /// The writes so far.
    pub writes: Writes,
    /// Streams a step already expects a version of.
    expected: BTreeSet<String>,
    /// The sheets read.
    read: BTreeSet<String>,
    /// The platforms as the import leaves them so far, with their
    /// versions before it, for the meetings' sheets.
    pub platforms: std::collections::BTreeMap<Uuid, (crate::domain::platform::PlatformState, Option<u64>)>,
    /// Platforms to end once their meetings are written.
    pub ends: Vec<End>,
}

impl Planner<'_> {
    /// Notes that `sheet` is read.
    pub fn read(&mut self, sheet: &Sheet) {
        self.read.insert(sheet.name.clone());
    }

    /// Adds a row's verdict to the report.
    pub fn row(&mut self, sheet: &str, row: usize, record: Uuid, name: String, verdict: Verdict) {
        match &verdict {
            Verdict::Create => self.report.created += 1,
            Verdict::Change { .. } => self.report.changed += 1,
            Verdict::Same => self.report.unchanged += 1,
            Verdict::Refused { .. } => self.report.refused += 1,
        }
        let record = (!matches!(verdict, Verdict::Refused { .. })).then_some(record);
        self.report.rows.push(RowReport { sheet: sheet.to_owned(), row, record, name, verdict });
    }

    /// Adds a row's commands to `record`, on `stream` at `version`: only
    /// the stream's first step expects its version.
    pub fn step(&mut self, record: Uuid, stream: String, version: Option<u64>, commands: Vec<Planned>) {
        let expected = if self.expected.insert(stream) { version } else { None };
        self.writes.steps.push(Step { record, expected, commands });
    }

    /// Sets aside `header`'s headings that are not columns.
    pub fn ignore(&mut self, sheet: &str, header: &[String], headings: &[Heading]) {
        for (h, k) in header.iter().zip(headings) {
            if *k == Heading::Unknown && !h.trim().is_empty() {
                let said = if sheet.is_empty() { h.clone() } else { format!("{sheet}: {h}") };
                self.report.ignored_columns.push(said);
            }
        }
    }
}

/// Which column a heading is: its index in the sheet's columns, `ID`,
/// `Stav`, an extra column of the sheet (by its index in the extras), or
/// nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Heading {
    Id,
    Status,
    Field(usize),
    Extra(usize),
    Unknown,
}

/// The column `text` heads among `columns` (by header, code or one of
/// `aliases`) and `extras`.
pub(super) fn heading(text: &str, columns: &[Column], aliases: &[(&str, &str)], extras: &[&str]) -> Heading {
    let wanted = fold(text.trim());
    if wanted == fold(ID) {
        return Heading::Id;
    }
    if wanted == fold(STATUS) {
        return Heading::Status;
    }
    if let Some(i) = extras.iter().position(|e| fold(e) == wanted) {
        return Heading::Extra(i);
    }
    let alias = aliases.iter().find(|(a, _)| fold(a) == wanted).map(|(_, code)| *code);
    columns
        .iter()
        .position(|c| fold(&c.header) == wanted || fold(&c.code) == wanted || alias == Some(c.code.as_str()))
        .map_or(Heading::Unknown, Heading::Field)
}

/// A row's cell under heading `h` (empty if the sheet has no such column).
pub(super) fn cell<'r>(headings: &[Heading], row: &'r [String], h: Heading) -> &'r str {
    headings.iter().position(|x| *x == h).and_then(|p| row.get(p)).map_or("", |s| s.as_str())
}

/// The sheet of `book` called `name` for network `slug`: its own name, or
/// the set of a region's workbook that is the network's.
pub(super) fn sheet<'b>(book: &'b Book, slug: &Slug, name: &str) -> Option<&'b Sheet> {
    let prefixed: String = format!("{slug} · {name}").chars().take(31).collect();
    book.sheets.iter().find(|s| s.name == name).or_else(|| book.sheets.iter().find(|s| s.name == prefixed))
}

/// The rows of `sheet` with data, with their numbers as the spreadsheet
/// shows them (the header is 1).
pub(super) fn data_rows(sheet: &Sheet) -> impl Iterator<Item = (usize, &Vec<String>)> {
    sheet
        .rows
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, r)| (i + 1, r))
}

/// A domain error as the report says it.
pub(super) fn said(error: &crate::domain::DomainError) -> String {
    crate::web::reasons::say(crate::web::i18n::Lang::Cs, &error.to_string())
}

/// Reads `book` against network `slug` at `now`: the report and the
/// writes.
pub fn plan(model: &Model, slug: &Slug, book: &Book, now: DateTime<Utc>) -> Result<(Report, Writes), String> {
    let ctx = context(model, slug).ok_or_else(|| format!("síť {slug} neexistuje"))?;
    let mut planner = Planner {
        model,
        slug,
        now,
        report: Report::default(),
        writes: Writes::default(),
        expected: BTreeSet::new(),
        read: BTreeSet::new(),
        platforms: std::collections::BTreeMap::new(),
        ends: Vec::new(),
    };
    let mut network = ctx.network.clone();
    let read_codes = super::import_codes::plan(&mut planner, book, &mut network);
    let mut ctx = Context { network: &network, names: ctx.names };
    let read_actors = super::import_actors::plan(&mut planner, book, &mut ctx)?;
    let read_records = super::import_records::plan(&mut planner, book, &ctx)?;
    super::import_meetings::plan(&mut planner, book, &ctx);
    super::import_records::end_platforms(&mut planner, &ctx);
    if !(read_codes || read_actors || read_records) {
        return Err(
            "sešit nemá list Aktéři ani list se sloupcem Název; exportujte šablonu ze systému a vyplňte ji".to_owned()
        );
    }
    let unread = book.sheets.iter().filter(|s| !planner.read.contains(&s.name) && data_rows(s).next().is_some());
    planner.report.ignored_sheets = unread.map(|s| s.name.clone()).collect();
    Ok((planner.report, planner.writes))
}
