//! `uzel export xlsx` and `uzel import`: the templates' workbook out of and
//! into a data directory no server holds (with a server running, use the
//! API's `export.xlsx` and `import.xlsx`), or a PostgreSQL database (nodes
//! may serve it meanwhile).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use super::admin::on_store;
use crate::domain::ids::Slug;
use crate::http::at::{self, ReadAt};
use crate::interop::apply::apply;
use crate::interop::book::Book;
use crate::interop::export::{Reader, network_book, region_book};
use crate::interop::import::{Report, Verdict, plan};
use crate::store::StoreArg;

/// What to export.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The three templates (and contacts, meetings, tasks, code lists) as
    /// an .xlsx workbook, of a network or of a region (a set of sheets per
    /// network).
    Xlsx(XlsxArgs),
    /// The network's public actors in Open Referral HSDS 3.1: a directory
    /// with `services.json` (every service), `service/{id}.json` (one
    /// object per file), `datapackage.json` and a CSV per table.
    Hsds(HsdsArgs),
}

/// The options of `uzel export hsds`.
#[derive(Debug, Args)]
pub struct HsdsArgs {
    #[command(flatten)]
    data: StoreArg,
    /// The network's slug, e.g. `tachov`.
    #[arg(long)]
    network: String,
    /// The directory to write (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Only services changed after this date or instant.
    #[arg(long, value_name = "DATE")]
    modified_after: Option<String>,
}

/// The options of `uzel export xlsx`.
#[derive(Debug, Args)]
pub struct XlsxArgs {
    #[command(flatten)]
    data: StoreArg,
    /// The network's slug, e.g. `tachov`.
    #[arg(long, conflicts_with = "region", required_unless_present = "region")]
    network: Option<String>,
    /// The region's slug, e.g. `plzensky`.
    #[arg(long)]
    region: Option<String>,
    /// The workbook to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// As the network was on this date (`2025-06-30`) or instant.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
}

/// The options of `uzel import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    data: StoreArg,
    /// The network's slug, e.g. `tachov`.
    #[arg(long)]
    network: String,
    /// The workbook: the export, or a coordinator's own variant of the
    /// actors template.
    #[arg(long, value_name = "FILE")]
    file: PathBuf,
    /// Write the differences; without it, only say what would happen.
    #[arg(long)]
    apply: bool,
    /// Import the valid rows even if some are refused.
    #[arg(long)]
    valid_only: bool,
    /// The user the changes are recorded as (their username).
    #[arg(long = "as", value_name = "USERNAME")]
    author: String,
}

/// Runs `uzel export …`.
pub fn export(command: ExportCommand) -> Result<(), String> {
    let args = match command {
        ExportCommand::Xlsx(args) => args,
        ExportCommand::Hsds(args) => return hsds(args),
    };
    on_store(&args.data.store()?, async |app| {
        let q = ReadAt { as_of: args.as_of.clone(), ..ReadAt::default() };
        let at = at::model(app, &q).await.map_err(|e| e.0.detail.clone())?;
        let book = match (&args.network, &args.region) {
            (Some(network), _) => {
                let slug = Slug::parse(network)?;
                at.network(&slug).map_err(|e| e.0.detail.clone())?;
                network_book(&at.model, &slug, at.now, &Reader::everything())
            }
            (None, Some(region)) => {
                let slug = Slug::parse(region)?;
                if !at.model.regions.contains_key(&slug) {
                    return Err(format!("region {slug} does not exist"));
                }
                region_book(&at.model, &slug, at.now, &Reader::everything())
            }
            (None, None) => return Err("give --network or --region".into()),
        };
        drop(at);
        let bytes = book.to_xlsx().map_err(|e| format!("the workbook cannot be written: {e}"))?;
        std::fs::write(&args.out, &bytes).map_err(|e| format!("{} cannot be written: {e}", args.out.display()))?;
        let rows: usize = book.sheets.iter().map(|s| s.rows.len().saturating_sub(1)).sum();
        println!("{}: {} sheets, {rows} rows, {} bytes", args.out.display(), book.sheets.len(), bytes.len());
        Ok(())
    })
}

/// Prints the report's refused and changed rows and its totals.
fn print(report: &Report) {
    for row in &report.rows {
        match &row.verdict {
            Verdict::Refused { problems } => {
                for p in problems {
                    let column = p.column.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
                    println!("{}, řádek {}{column}: odmítnuto — {}", row.sheet, row.row, p.reason);
                }
            }
            Verdict::Change { changes } => {
                for c in changes {
                    println!(
                        "{}, řádek {} ({}): {}: „{}“ → „{}“",
                        row.sheet, row.row, row.name, c.column, c.old, c.new
                    );
                }
            }
            Verdict::Create => println!("{}, řádek {}: nový aktér {}", row.sheet, row.row, row.name),
            Verdict::Same => {}
        }
    }
    if !report.ignored_columns.is_empty() {
        println!("nenačtené sloupce: {}", report.ignored_columns.join(", "));
    }
    println!(
        "nových {}, změněných {}, beze změny {}, odmítnutých {}",
        report.created, report.changed, report.unchanged, report.refused
    );
}

/// Runs `uzel import`.
pub fn import(args: ImportArgs) -> Result<(), String> {
    let slug = Slug::parse(&args.network)?;
    let bytes = std::fs::read(&args.file).map_err(|e| format!("{} cannot be read: {e}", args.file.display()))?;
    let book = Book::from_xlsx(&bytes).map_err(|why| format!("{}: {why}", args.file.display()))?;
    on_store(&args.data.store()?, async |app| {
        let user = app.user_named(&args.author).ok_or_else(|| format!("no user is called {:?}", args.author))?;
        app.caught_up().await.map_err(|e| e.to_string())?;
        let (report, writes) = {
            let model = app.models.read();
            plan(&model, &slug, &book, app.now())?
        };
        print(&report);
        if !args.apply {
            println!("(zkouška nanečisto: nic nezapsáno; zapíše se s --apply)");
            return Ok(());
        }
        if report.refused > 0 && !args.valid_only {
            return Err(format!(
                "{} rows are refused, nothing was imported; correct them, or import the valid rows only with --valid-only",
                report.refused
            ));
        }
        let bar = ProgressBar::new(writes.steps.len() as u64).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} záznamů ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let author = crate::auth::author_of(Some(user));
        let result = apply(app, &slug, &writes, &author, None, |done, _| bar.set_position(done as u64)).await;
        bar.finish_and_clear();
        match result {
            Ok(applied) => {
                println!(
                    "zapsáno: {} záznamů, {} změn (pozice v logu {})",
                    applied.records, applied.commands, applied.position
                );
                Ok(())
            }
            Err(stopped) => Err(format!(
                "the import stopped at record {} after writing {} records: {}; run it again to write what remains",
                stopped.record, stopped.applied.records, stopped.error
            )),
        }
    })
}

/// Runs `uzel export hsds`.
fn hsds(args: HsdsArgs) -> Result<(), String> {
    use crate::interop::{hsds, hsds_out};
    let slug = Slug::parse(&args.network)?;
    on_store(&args.data.store()?, async |app| {
        let now = app.now();
        let after = args
            .modified_after
            .as_deref()
            .map(|t| at::parse_as_of(t, crate::audit::timeline::Clock::Recorded, now + chrono::Duration::days(1)))
            .transpose()
            .map_err(|e| format!("--modified-after: {}", e.0.detail))?;
        let records = {
            let model = app.models.read();
            if !model.networks.contains_key(&slug) {
                return Err(format!("network {slug} does not exist"));
            }
            hsds::records(&model, &slug, now, after)
        };
        std::fs::create_dir_all(&args.out).map_err(|e| format!("{} cannot be made: {e}", args.out.display()))?;
        let write = |name: &str, bytes: &[u8]| {
            let path = args.out.join(name);
            std::fs::write(&path, bytes).map_err(|e| format!("{} cannot be written: {e}", path.display()))
        };
        let compiled = hsds_out::services(&records);
        write("services.json", &serde_json::to_vec_pretty(&compiled).map_err(|e| e.to_string())?)?;
        // One file per service too, as HSDS validators read them.
        let one_by_one = args.out.join("service");
        std::fs::create_dir_all(&one_by_one).map_err(|e| format!("{} cannot be made: {e}", one_by_one.display()))?;
        for service in &compiled {
            let id = service["id"].as_str().unwrap_or_default();
            write(&format!("service/{id}.json"), &serde_json::to_vec_pretty(service).map_err(|e| e.to_string())?)?;
        }
        let package =
            hsds_out::datapackage(&records, &format!("uzel-{slug}"), &format!("Síť služeb {slug} (HSDS 3.1)"));
        write("datapackage.json", &serde_json::to_vec_pretty(&package).map_err(|e| e.to_string())?)?;
        for (table, file) in hsds::TABLES {
            write(file, hsds_out::csv(&records, table).as_bytes())?;
        }
        println!("{}: {} services, {} tables", args.out.display(), records.of("service").len(), hsds::TABLES.len());
        Ok(())
    })
}
