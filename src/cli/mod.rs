//! The command line. Each subcommand lives in its own file; this one only
//! parses arguments and dispatches. Failures print what was wrong and how to
//! fix it, and exit non-zero.

mod admin;
mod backup;
mod check;
mod demo;
mod erase;
mod interop;
mod load;
mod migrate;
mod pg_backup;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::log::SyncMode;
use crate::observe::{LogFormat, LogLevel};
use crate::store::Store;

/// uzel: maps, plans and evaluates networks of services for children and
/// families, on a durable event log.
#[derive(Debug, Parser)]
#[command(name = "uzel", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How log lines are written to standard error.
    #[arg(long, global = true, env = "UZEL_LOG_FORMAT", value_enum, default_value_t = LogFormat::Human)]
    log_format: LogFormat,
    /// The least important log lines written.
    #[arg(long, global = true, env = "UZEL_LOG_LEVEL", value_enum, default_value_t = LogLevel::Info)]
    log_level: LogLevel,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the demo networks and serve them on localhost.
    Demo {
        /// Keep the demo in this directory (built if empty); a fresh
        /// temporary one otherwise.
        #[arg(long, env = "UZEL_DATA", value_name = "DIR", conflicts_with = "store")]
        data: Option<PathBuf>,
        /// Keep the demo in this PostgreSQL database instead (built if
        /// empty): postgres://user@host/db.
        #[arg(long, env = "UZEL_STORE", value_name = "postgres://…")]
        store: Option<String>,
        #[command(flatten)]
        serve: serve::ServeOptions,
    },
    /// Serve a data directory, or a PostgreSQL database, over HTTP.
    Serve {
        #[command(flatten)]
        store: crate::store::StoreArg,
        #[command(flatten)]
        serve: serve::ServeOptions,
    },
    /// Write a consistent copy of the log and the stores beside it into a
    /// new directory, also while servers serve it: of a data directory (the
    /// server then writes the copy), or of a PostgreSQL database (`pg_dump`,
    /// which must be installed).
    Backup {
        #[command(flatten)]
        store: crate::store::StoreArg,
        /// A new or empty directory for the copy.
        #[arg(long, value_name = "DEST")]
        to: PathBuf,
    },
    /// Copy a data directory's log and the stores beside it into a
    /// PostgreSQL database, as it is; resumable, and verified at the end.
    Migrate {
        /// The data directory (no server may hold it).
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// The database: postgres://user@host/db.
        #[arg(long, value_name = "postgres://…")]
        to: String,
    },
    /// Restore a backup as a data directory or into a PostgreSQL database
    /// (checked; never overwrites: the target must be missing or empty).
    Restore {
        /// The backup (a directory `uzel backup` wrote).
        #[arg(long, value_name = "BACKUP")]
        from: PathBuf,
        /// Where to restore it: a data directory to create, or an empty
        /// PostgreSQL database (`pg_restore`, which must be installed).
        #[command(flatten)]
        store: crate::store::StoreArg,
    },
    /// Verify a data directory offline: positions, stream versions, indexes
    /// and payloads. Exits non-zero on any inconsistency.
    Check {
        #[command(flatten)]
        store: crate::store::StoreArg,
    },
    /// Erase a contact person's personal data for good (crypto-shredding);
    /// history stays, every view shows the fields as erased.
    ErasePerson {
        /// A data directory no server holds (otherwise use the API), or a
        /// PostgreSQL database.
        #[command(flatten)]
        data: crate::store::StoreArg,
        /// The network's slug, e.g. `tachov`.
        #[arg(long)]
        network: String,
        /// The actor's id.
        #[arg(long)]
        actor: String,
        /// The contact person's id.
        #[arg(long)]
        person: String,
    },
    /// Export a network or region: `uzel export xlsx`.
    #[command(subcommand)]
    Export(interop::ExportCommand),
    /// Import a workbook of the templates into a network: a dry run that
    /// says row by row what would change, then `--apply`.
    Import(interop::ImportArgs),
    /// Accounts and roles: create-user, grant, revoke, reset-password.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Append probe events from concurrent writers and report throughput and
    /// acknowledgement latency (a load tool for the real binary).
    LogLoad(load::LoadArgs),
}

/// How hard each commit pushes data to the disk (see docs/durability.md).
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SyncArg {
    /// sled flush only: survives the process dying, not a power loss.
    Flush,
    /// flush and fdatasync: survives power loss.
    Fdatasync,
}

impl From<SyncArg> for SyncMode {
    fn from(arg: SyncArg) -> Self {
        match arg {
            SyncArg::Flush => SyncMode::Flush,
            SyncArg::Fdatasync => SyncMode::Fdatasync,
        }
    }
}

/// Parses the command line, runs the command and returns the exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    crate::observe::init(cli.log_format, cli.log_level);
    let result = match cli.command {
        Command::Demo { data, store, serve } => {
            let store = crate::store::StoreArg { data: data.clone(), store }.store().ok();
            demo::run(data, store, &serve.options())
        }
        Command::Check { store } => store.store().and_then(|store| check::run(&store)),
        Command::Backup { store, to } => store.store().and_then(|store| match store {
            Store::Dir(data) => backup::backup(&data, &to),
            Store::Postgres(url) => pg_backup::backup(&url, &to),
        }),
        Command::Migrate { from, to } => migrate::run(&from, &to),
        Command::Restore { from, store } => store.store().and_then(|store| match store {
            Store::Dir(data) => backup::restore(&from, &data),
            Store::Postgres(url) => pg_backup::restore(&from, &url),
        }),
        Command::Serve { store, serve } => store.store().and_then(|store| serve::run(&store, &serve)),
        Command::ErasePerson { data, network, actor, person } => {
            data.store().and_then(|store| erase::run(&store, &network, &actor, &person))
        }
        Command::LogLoad(args) => load::run(args),
        Command::Admin(command) => admin::run(command),
        Command::Export(command) => interop::export(command),
        Command::Import(args) => interop::import(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("uzel: {message}");
            ExitCode::FAILURE
        }
    }
}
