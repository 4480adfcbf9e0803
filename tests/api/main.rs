//! Black-box tests of the HTTP API: a real server on port 0 over a temporary
//! data directory, driven by a real HTTP client.

pub mod access;
mod actors;
mod asof;
mod asof_props;
pub mod board;
pub mod browser;
mod changes;
mod contract;
mod demo;
mod directory;
mod helpers;
mod history;
mod metrics;
mod more;
mod networks;
mod now;
mod now_props;
mod openapi;
pub mod pages;
mod plans;
mod platforms;
mod region_plans;
mod report;
mod restart;
mod retries;
mod revision;
mod trust_access;
mod web;
mod web_asof;
mod web_browser;
mod web_directory_tools;
mod web_forms;
mod web_needs;
mod web_people;
mod web_platforms;
mod web_settings;
