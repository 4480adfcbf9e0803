//! Route families, one file each.

pub mod actors;
pub mod auth;
pub mod board;
pub mod calendar;
pub mod capacity;
pub mod changes;
pub mod evaluations;
pub mod findings;
pub mod health;
pub mod history;
pub mod hsds;
pub mod import;
pub mod needs;
pub mod networks;
pub mod people;
pub mod plan_edits;
pub mod plans;
pub mod platforms;
pub mod procedures;
pub mod public;
pub mod public_plans;
pub mod regions;
pub mod report;
pub mod revision;
pub mod users;
pub mod workbook;
