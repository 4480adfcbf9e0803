//! The templates' workbook at the size of a large network: `cargo bench
//! --bench workbook` (`UZEL_WORKBOOK_ACTORS`, default 10,000;
//! `UZEL_BENCH_RUNS`, default 3).
//!
//! Each run opens a fresh data directory (real sled files), registers a
//! region and a network with a few terms, and makes a workbook of N actors
//! the way a coordinator's would look (every template column filled). It
//! then measures, with the peak resident memory of each phase:
//! - **import**: reading the workbook, the dry run's plan, and writing
//!   every actor through the application (the events on disk) — beside it
//!   the peer, calamine reading the same file's cells alone;
//! - **export**: the network's workbook built from the read model and
//!   written as .xlsx — beside it the peer, rust_xlsxwriter writing the
//!   same cells with no formats, widths or drop-downs.
//!
//! It prints the median of the runs.

use std::time::{Duration, Instant};

use calamine::{Reader as _, Xlsx};
use uzel::app::Meta;
use uzel::domain::ids::Slug;
use uzel::domain::network::{NetworkCommand, TermKind};
use uzel::domain::region::RegionCommand;
use uzel::interop::apply::apply;
use uzel::interop::book::{Book, Sheet};
use uzel::interop::export::{Reader, network_book};
use uzel::interop::import::plan;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The peak resident memory since the last reset, in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// Starts measuring a new peak (Linux: `5` to `clear_refs`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A workbook of `n` actors, every template column filled.
fn workbook(n: usize) -> Book {
    let header: Vec<String> = [
        "Název",
        "Popis",
        "Druh služby",
        "Zřizovatel",
        "Resort",
        "Cílové skupiny",
        "Životní situace",
        "Místa působnosti",
        "Adresa",
        "Web",
        "E-mail",
        "Telefon",
        "Forma služby",
        "Služba on-line",
        "Provozní doba",
        "Primární oblast potřeb",
        "Prevence / intervence",
        "Krizová síť",
        "Registrovaná kapacita",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let mut rows = vec![header];
    for i in 0..n {
        rows.push(
            [
                format!("Služba číslo {i}"),
                format!("Pomáhá rodinám s dětmi v obci {}; poradenství, doprovázení, skupiny.", i % 97),
                "odborné sociální poradenství".into(),
                if i % 2 == 0 { "obec" } else { "nestátní nezisková organizace" }.into(),
                "sociální věci".into(),
                "6–10 let; 11–15 let".into(),
                "rozvod rodičů".into(),
                "Tachov".into(),
                format!("Náměstí {i}, Tachov"),
                format!("https://sluzba{i}.example.org"),
                format!("info@sluzba{i}.example.org"),
                format!("+420 777 {:03} {:03}", i / 1000, i % 1000),
                "ambulantní; terénní".into(),
                if i % 3 == 0 { "ano" } else { "ne" }.into(),
                "po–pá 8–16".into(),
                "bezpečí; učení".into(),
                "prevence".into(),
                "ne".into(),
                "klienti: 20".into(),
            ]
            .to_vec(),
        );
    }
    Book { sheets: vec![Sheet { name: "Aktéři".into(), rows, lists: Vec::new() }] }
}

struct Run {
    import: Duration,
    import_mb: f64,
    import_peer: Duration,
    export: Duration,
    export_mb: f64,
    export_peer: Duration,
    bytes: usize,
}

async fn run(n: usize) -> Run {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let app = uzel::server::open_app(dir.path()).await.expect("the data directory opens");
    let meta = Meta { author: "system:bench".into(), ..Meta::default() };
    let (region, slug) = (Slug::parse("plzensky").unwrap(), Slug::parse("tachov").unwrap());
    app.region(&region, RegionCommand::Register { slug: region.clone(), name: "Plzeňský kraj".into() }, &meta)
        .await
        .expect("a region");
    let register = NetworkCommand::Register {
        slug: slug.clone(),
        name: "ORP Tachov".into(),
        orp_code: None,
        region: region.clone(),
    };
    app.network(&slug, register, &meta).await.expect("a network");
    for (kind, name) in [
        (TermKind::TargetGroup, "6–10 let"),
        (TermKind::TargetGroup, "11–15 let"),
        (TermKind::LifeSituation, "rozvod rodičů"),
        (TermKind::Place, "Tachov"),
    ] {
        let add = NetworkCommand::AddTerm { id: uuid::Uuid::now_v7(), kind, name: name.into() };
        app.network(&slug, add, &meta).await.expect("a term");
    }
    let bytes = workbook(n).to_xlsx().expect("a workbook");

    // Import: read, plan, write.
    reset_peak();
    let started = Instant::now();
    let book = Book::from_xlsx(&bytes).expect("the workbook reads");
    app.caught_up().await.expect("caught up");
    let (report, writes) = plan(&app.models.read(), &slug, &book, app.now()).expect("a plan");
    assert_eq!(report.created, n, "every row creates an actor: {:?}", report.rows.iter().find(|r| r.record.is_none()));
    let applied = apply(&app, &slug, &writes, "system:bench", None, |_, _| {}).await.expect("the import");
    app.models.wait_for(applied.position, Duration::from_secs(60)).await;
    let import = started.elapsed();
    let import_mb = peak_mb();
    let started = Instant::now();
    let mut peer: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(&bytes)).expect("calamine");
    let cells = peer.worksheet_range("Aktéři").expect("the sheet").cells().count();
    assert!(cells >= n);
    let import_peer = started.elapsed();

    // Export: the network's workbook from the read model.
    reset_peak();
    let started = Instant::now();
    let out = network_book(&app.models.read(), &slug, app.now(), &Reader::everything()).to_xlsx().expect("the export");
    let export = started.elapsed();
    let export_mb = peak_mb();
    let started = Instant::now();
    let mut plain = rust_xlsxwriter::Workbook::new();
    let sheet = plain.add_worksheet();
    for (r, row) in book.sheets[0].rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).expect("a cell");
        }
    }
    plain.save_to_buffer().expect("the peer's workbook");
    let export_peer = started.elapsed();
    app.log.close().await.expect("the log closes");
    Run { import, import_mb, import_peer, export, export_mb, export_peer, bytes: out.len() }
}

fn median<T: PartialOrd + Copy>(mut values: Vec<T>) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
    values[values.len() / 2]
}

fn main() {
    let n = env("UZEL_WORKBOOK_ACTORS", 10_000);
    let runs = env("UZEL_BENCH_RUNS", 3).max(1);
    let mut all = Vec::new();
    for i in 0..runs {
        let r = actix_web::rt::System::new().block_on(run(n));
        println!(
            "run {}: import {:.2} s ({:.0} MB peak; calamine alone {:.2} s), export {:.2} s ({:.0} MB peak, {} KB; plain writer {:.2} s)",
            i + 1,
            r.import.as_secs_f64(),
            r.import_mb,
            r.import_peer.as_secs_f64(),
            r.export.as_secs_f64(),
            r.export_mb,
            r.bytes / 1024,
            r.export_peer.as_secs_f64()
        );
        all.push(r);
    }
    println!(
        "median of {runs} runs, {n} actors: import {:.2} s at {:.0} MB peak (peer: calamine reading the cells {:.2} s); \
         export {:.2} s at {:.0} MB peak (peer: rust_xlsxwriter writing the same cells plainly {:.2} s)",
        median(all.iter().map(|r| r.import.as_secs_f64()).collect()),
        median(all.iter().map(|r| r.import_mb).collect()),
        median(all.iter().map(|r| r.import_peer.as_secs_f64()).collect()),
        median(all.iter().map(|r| r.export.as_secs_f64()).collect()),
        median(all.iter().map(|r| r.export_mb).collect()),
        median(all.iter().map(|r| r.export_peer.as_secs_f64()).collect()),
    );
}
