//! The export opens in LibreOffice: a network's workbook (with values that
//! trip spreadsheets — quotes, `;`, a leading `=`, Czech letters) is
//! converted sheet by sheet to CSV by headless LibreOffice Calc, and every
//! sheet's values are the export's. `scripts/test` installs Debian's
//! `libreoffice-calc-nogui`.

use std::path::Path;

use serde_json::json;

use crate::helpers::spawn_app;
use crate::interop::{cells, raw};

/// RFC 4180 CSV: fields separated by `,`, quoted with `"` when they hold
/// one, a quote or a line break.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Rows without trailing empty cells, and no trailing empty rows.
fn trimmed(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            while r.last().is_some_and(String::is_empty) {
                r.pop();
            }
            r
        })
        .collect();
    while out.last().is_some_and(Vec::is_empty) {
        out.pop();
    }
    out
}

#[actix_web::test]
async fn the_export_opens_in_libreoffice_with_the_same_values() {
    assert!(
        Path::new("/usr/bin/soffice").exists(),
        "/usr/bin/soffice is missing: `scripts/test` installs Debian's libreoffice-calc-nogui"
    );
    let app = spawn_app().await;
    let (group, _, _) = app.tachov().await;
    app.actor(json!({"name": "Klub „Kotec“; Tachov", "description": "=SUM(A1) není vzorec, \"uvozovky\"\na nový řádek",
        "target_groups": [group], "founder": "ngo", "phone": "+420 777 000 111", "capacities": [{"unit": "bed", "max": 4}]}))
        .await;
    app.actor(json!({"name": "ZŠ Zárečná", "founder": "municipality", "online": true})).await;
    let export = raw(&app, "GET", "/api/v1/networks/tachov/export.xlsx", &app.admin_token, None).await;
    assert_eq!(export.status, 200);
    let dir = tempfile::tempdir().expect("a directory");
    std::fs::write(dir.path().join("sit.xlsx"), &export.bytes).expect("written");
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.path().display());
    let run = std::process::Command::new("/usr/bin/soffice")
        .env("HOME", dir.path())
        .args([profile.as_str(), "--headless", "--convert-to"])
        // UTF-8 (76), comma, quotes, every sheet to its own file (-1).
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(dir.path().join("csv"))
        .arg(dir.path().join("sit.xlsx"))
        .output()
        .expect("LibreOffice runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let ours = cells(&export.bytes);
    assert!(ours.len() >= 8, "{} sheets", ours.len());
    for (sheet, rows) in &ours {
        let path = dir.path().join("csv").join(format!("sit-{sheet}.csv"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("{}: {e}; LibreOffice said {}", path.display(), String::from_utf8_lossy(&run.stdout))
        });
        assert_eq!(trimmed(&parse_csv(&text)), trimmed(rows), "sheet {sheet}");
    }
    let actors = std::fs::read_to_string(dir.path().join("csv/sit-Aktéři.csv")).expect("the actors");
    assert!(actors.contains("=SUM(A1) není vzorec"), "a text starting with = stays text: {actors}");
}
