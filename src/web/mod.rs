//! The web application: Czech pages for the people the product is for,
//! rendered on the server from templates checked at compile time (maud),
//! working with scripts off — plain forms with the session's CSRF token,
//! answered by a redirect. Pages call the same application layer and read
//! models as the JSON API; the access rules are the access module's.
//!
//! - `i18n/` — the words of the pages: the messages (`messages.rs`) and
//!   their Czech and English tables (`cs.rs`, `en.rs`);
//! - `layout.rs` — the frame of every page, and the form's error summary;
//! - `live.rs` — the part of a page that follows the board;
//! - `session.rs` — who a page is for, and the answers for those who may
//!   not see it (sign in first, 403, 404 pages);
//! - `signin.rs` — signing in and out, changing one's password;
//! - `home.rs` — `/` and the network's overview;
//! - `public.rs` — "Kam se obrátit": the services that help, for anyone;
//! - `directory.rs` — the directory with its filters as a GET form;
//! - `actor.rs` — an actor's page with its capacity and history;
//! - `forms.rs` — what every form needs: admitting before the body is
//!   read, PRG, dates as typed, a refused write said by field;
//! - `asof.rs` — a page as it was on a date: the picker and the banner;
//! - `calendar.rs` — a person's calendar links: the feed of their
//!   platforms' meetings, made and revoked;
//! - `changes.rs` — what changed between two dates;
//! - `chart.rs` — a unit's free places over the year as a small inline SVG;
//! - `more_filters.rs` — the directory's less used filters, folded;
//! - `requests.rs` — a case manager's place-wanted requests and offers;
//! - `review.rs` — the yearly review of records;
//! - `roles.rs` — a platform member's platforms and a region's networks;
//! - `saved_filters.rs` — the directory's saved filters: open, save, share;
//! - `export.rs` — the directory's result as CSV and XLSX;
//! - `fields.rs` — the actor template as form inputs, read back to values;
//! - `actor_form.rs` — editing an actor (optimistic, merging what someone
//!   changed meanwhile), its status; `actor_new.rs` — entering a new one;
//! - `controls.rs` — a labelled input with its hint and problem, boxes to
//!   tick, the CSRF field;
//! - `platforms.rs` — the platforms, a platform's page, planning and
//!   calling off meetings, moving tasks on;
//! - `platform_forms.rs` — planning a meeting, moving a task on, calling a
//!   meeting off;
//! - `meeting.rs` — a meeting: recording it as held, its decisions and
//!   tasks;
//! - `people.rs` — an actor's notes, and its notes and contacts on its page;
//! - `contacts.rs` — an actor's contact persons, erasure confirmed;
//! - `findings.rs` — the findings of the mapping with their sources;
//! - `finding_forms.rs` — recording, rewriting and moving on a finding;
//! - `plan.rs` — a network's or a region's plans, starting one, steps moved
//!   on, publishing;
//! - `plan_forms.rs` — a plan's sections, recommendations and steps written;
//! - `procedures.rs` — agreed procedures, their versions and withdrawal;
//! - `evaluation.rs` — a plan's years side by side, a year's evaluation;
//! - `needs.rs` — the needs map: forms and activities per need area
//!   (`needs_activity.rs`: one activity's own page);
//! - `coverage.rs` — need area × target group with the gaps marked;
//! - `service.rs` — a service's own page: capacity, requests, offers, posts;
//! - `settings.rs` — the network's settings: taxonomies, categories, what
//!   case managers see, users and roles;
//! - `settings_roles.rs` — the settings' users and roles;
//! - `import.rs` — importing the actors template: the dry run's report
//!   row by row, then the import;
//! - `multipart.rs` — a form with a file read whole;
//! - `reasons.rs` — the domain's refusals said in Czech next to a field.

pub mod actor;
pub mod actor_form;
pub mod actor_new;
pub mod asof;
pub mod calendar;
pub mod changes;
pub mod chart;
pub mod contacts;
pub mod controls;
pub mod coverage;
pub mod directory;
pub mod evaluation;
pub mod export;
pub mod fields;
pub mod finding_forms;
pub mod findings;
pub mod forms;
pub mod home;
pub mod i18n;
pub mod import;
pub mod layout;
pub mod live;
pub mod meeting;
pub mod more_filters;
pub mod multipart;
pub mod needs;
pub mod needs_activity;
pub mod people;
pub mod plan;
pub mod plan_forms;
pub mod platform_forms;
pub mod platforms;
pub mod procedures;
pub mod public;
pub mod reasons;
pub mod requests;
pub mod review;
pub mod roles;
pub mod saved_filters;
pub mod service;
pub mod session;
pub mod settings;
pub mod settings_roles;
pub mod signin;
