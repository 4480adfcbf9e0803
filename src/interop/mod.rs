//! The network in and out of other tools: the three templates of seed 004
//! as an `.xlsx` workbook and back, and the public directory in Open
//! Referral HSDS 3.1.
//!
//! # Layout
//! - `apply.rs` — an import carried out: the plan's commands as the
//!   importing user, stopping at a record changed meanwhile;
//! - `atom.rs` — the capacity a network announces to the public as an
//!   Atom feed;
//! - `book.rs` — a workbook as tables of text; writing (rust_xlsxwriter)
//!   and reading (calamine) with limits;
//! - `cells.rs` — one template value as a cell and back (codes by their
//!   Czech names, terms and actors by name, lists with `; `);
//! - `columns.rs` — the templates' columns, shared by export and import;
//! - `export.rs` — a network's (a region's) sheets for a reader;
//! - `export_records.rs` — the contact persons, meetings and outcomes
//!   sheets;
//! - `hsds.rs` — the public actors as Open Referral HSDS 3.1 records,
//!   table by table, with stable ids;
//! - `hsds_out.rs` — those records as one JSON object per service and
//!   as the zipped tabular datapackage;
//! - `ics.rs` — meetings as an iCalendar feed;
//! - `import.rs` — a workbook read against the network: the dry run's
//!   report row by row, cell by cell, and the commands that write only the
//!   differences, sheet after sheet in the order records depend on;
//! - `jobs.rs` — imports under way: how far each is, how it ended;
//! - `import_actors.rs` — the actors sheet (matched by ID, then name and
//!   address);
//! - `import_codes.rs` — the code lists' terms and the custom categories;
//! - `import_meetings.rs` — the meetings, outcomes and contact persons
//!   (new ones only, by ID);
//! - `import_records.rs` — the needs' forms, activities and platforms.

pub mod apply;
pub mod atom;
pub mod book;
pub mod cells;
pub mod columns;
pub mod export;
mod export_records;
pub mod hsds;
pub mod hsds_out;
pub mod ics;
pub mod import;
mod import_actors;
mod import_codes;
mod import_meetings;
mod import_records;
pub mod jobs;
