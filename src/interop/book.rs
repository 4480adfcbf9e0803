//! A workbook as tables of text: what the export writes and what the
//! import reads, so the two meet in one shape. Writing uses
//! rust_xlsxwriter (header bold and frozen, widths set, a filter on the
//! header, drop-downs from the code lists, every value a string so nothing
//! is ever taken for a formula); reading uses calamine, with limits that
//! keep a hostile file from costing more than a real one.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook, XlsxError};

/// The largest workbook read, in bytes.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
/// The largest page form carrying a workbook (the file and its fields).
pub const MAX_FORM_BYTES: usize = MAX_BYTES + (64 << 10);
/// The most rows read from one sheet.
pub const MAX_ROWS: usize = 100_000;
/// The most columns read from one sheet.
pub const MAX_COLUMNS: usize = 200;

/// One sheet: its name and rows, the first row its header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name (at most 31 characters).
    pub name: String,
    /// Its rows; the first is the header.
    pub rows: Vec<Vec<String>>,
    /// Columns whose cells are one of a code list: (column, the list's
    /// range as a formula, e.g. `'Číselníky'!$A$2:$A$7`).
    pub lists: Vec<(u16, String)>,
}

/// A workbook: its sheets in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Book {
    /// The sheets.
    pub sheets: Vec<Sheet>,
}

impl Book {
    /// The sheet called `name`, if any.
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }

    /// The workbook as an `.xlsx` file.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold().set_background_color("#E8EEF5");
        for sheet in &self.sheets {
            let page = book.add_worksheet();
            page.set_name(&sheet.name)?;
            let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
            for (r, row) in sheet.rows.iter().enumerate() {
                let r = u32::try_from(r).map_err(|_| XlsxError::RowColumnLimitError)?;
                for (c, value) in row.iter().enumerate() {
                    let c = u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
                    if r == 0 {
                        page.write_string_with_format(r, c, value, &bold)?;
                    } else if !value.is_empty() {
                        page.write_string(r, c, value)?;
                    }
                }
            }
            for c in 0..width {
                let widest = sheet.rows.iter().filter_map(|r| r.get(c)).map(|v| v.chars().count()).max().unwrap_or(0);
                page.set_column_width(u16::try_from(c).unwrap_or(u16::MAX), widest.clamp(6, 60) as f64 + 2.0)?;
            }
            if !sheet.rows.is_empty() {
                page.set_freeze_panes(1, 0)?;
                let last_col = u16::try_from(width.saturating_sub(1)).unwrap_or(0);
                page.autofilter(0, 0, u32::try_from(sheet.rows.len() - 1).unwrap_or(0), last_col)?;
            }
            // Drop-downs down to a thousand rows below the data, for new rows.
            let last_row = u32::try_from(sheet.rows.len() + 1000).unwrap_or(u32::MAX);
            for (c, range) in &sheet.lists {
                let validation = DataValidation::new()
                    .allow_list_formula(Formula::new(format!("={range}")))
                    .ignore_blank(true)
                    .set_error_title("Hodnota není v číselníku")?
                    .set_error_message("Vyberte hodnotu ze seznamu (list Číselníky).")?;
                page.add_data_validation(1, *c, last_row, *c, &validation)?;
            }
        }
        book.save_to_buffer()
    }

    /// Reads an `.xlsx` file: every sheet's cells as text (numbers as
    /// people write them, dates as `2026-12-05`, formulas as the values the
    /// spreadsheet last computed, a merged area as its first cell), trailing
    /// empty rows and columns dropped. Cells are streamed, never laid out as
    /// the sheet's whole rectangle, so a sheet that claims a million rows
    /// costs only what it holds. Refuses what is not a workbook, what
    /// unpacks to more than [`MAX_UNPACKED`] (a zip bomb), and a sheet with
    /// data below row [`MAX_ROWS`].
    pub fn from_xlsx(bytes: &[u8]) -> Result<Book, String> {
        if bytes.len() > MAX_BYTES {
            return Err(format!("soubor má {} MB; největší, který se načte, má 50 MB", bytes.len() / 1024 / 1024));
        }
        if !bytes.starts_with(b"PK") {
            return Err("soubor není sešit Excelu (.xlsx); uložte ho v Excelu jako „Sešit Excelu (*.xlsx)“".into());
        }
        unpacked_size(bytes)?;
        let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
            .map_err(|e| format!("sešit nejde přečíst ({e}); uložte ho znovu jako .xlsx"))?;
        let mut sheets = Vec::new();
        for name in workbook.sheet_names() {
            let unreadable = |e: calamine::XlsxError| format!("list „{name}“ nejde přečíst: {e}");
            let mut cells = workbook.worksheet_cells_reader(&name).map_err(unreadable)?;
            let mut rows: Vec<Vec<String>> = Vec::new();
            while let Some(cell) = cells.next_cell().map_err(unreadable)? {
                let (r, c) = cell.get_position();
                let (r, c) = (r as usize, c as usize);
                let value = text(&Data::from(cell.get_value().clone()));
                if value.is_empty() || c >= MAX_COLUMNS {
                    continue;
                }
                if r > MAX_ROWS {
                    return Err(format!("list „{name}“ má data i pod řádkem {}; rozdělte ho", MAX_ROWS + 1));
                }
                if rows.len() <= r {
                    rows.resize(r + 1, Vec::new());
                }
                let row = &mut rows[r];
                if row.len() <= c {
                    row.resize(c + 1, String::new());
                }
                row[c] = value;
            }
            sheets.push(Sheet { name, rows, lists: Vec::new() });
        }
        Ok(Book { sheets })
    }
}

/// The most a workbook may unpack to.
pub const MAX_UNPACKED: u64 = 500 * 1024 * 1024;

/// Refuses a workbook whose parts unpack to more than [`MAX_UNPACKED`] or
/// pack more than a thousandfold (what a zip bomb does; a real workbook
/// packs about tenfold).
fn unpacked_size(bytes: &[u8]) -> Result<u64, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("soubor není sešit Excelu ({e}); uložte ho jako „Sešit Excelu (*.xlsx)“"))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let damaged = |e: &dyn std::fmt::Display| format!("sešit je poškozený ({e}); uložte ho znovu v Excelu");
        let part = zip.by_index(i).map_err(|e| damaged(&e))?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let (size, packed) = (part.size(), part.compressed_size());
        if size > 1000 * packed.max(1024) || total.saturating_add(size) > MAX_UNPACKED {
            return Err(format!(
                "část sešitu „{name}“ se rozbalí na {} MB z {} kB; takový soubor se nenačte (uložte ho znovu v Excelu)",
                size >> 20,
                packed >> 10
            ));
        }
        // A part that unpacks to more than it declares is refused before
        // it can: the declared sizes are what the limits above trust.
        let unpacked = std::io::copy(&mut part.take(size + 1), &mut std::io::sink()).map_err(|e| damaged(&e))?;
        if unpacked > size {
            return Err(damaged(&format!("část „{name}“ je větší, než uvádí")));
        }
        total += size;
    }
    if total > MAX_UNPACKED {
        return Err(format!("sešit se rozbalí na {} MB, víc než 500 MB; rozdělte ho", total >> 20));
    }
    Ok(total)
}

/// A cell as text.
fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => (if *b { "ano" } else { "ne" }).to_owned(),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|t| {
                if t.time() == chrono::NaiveTime::MIN {
                    t.format("%Y-%m-%d").to_string()
                } else {
                    t.format("%Y-%m-%d %H:%M").to_string()
                }
            })
            .unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
        Data::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_survives_writing_and_reading() {
        let book = Book {
            sheets: vec![
                Sheet {
                    name: "Aktéři".into(),
                    rows: vec![
                        vec!["ID".into(), "Název".into(), "Zřizovatel".into()],
                        vec!["1".into(), "=SUM(A1)".into(), "obec".into()],
                        vec!["2".into(), "Klub „Kotec“".into()],
                    ],
                    lists: vec![(2, "'Číselníky'!$A$2:$A$3".into())],
                },
                Sheet {
                    name: "Číselníky".into(),
                    rows: vec![vec!["Zřizovatel".into()], vec!["obec".into()], vec!["kraj".into()]],
                    lists: Vec::new(),
                },
            ],
        };
        let bytes = book.to_xlsx().unwrap();
        let back = Book::from_xlsx(&bytes).unwrap();
        let plain: Vec<(String, Vec<Vec<String>>)> =
            book.sheets.iter().map(|s| (s.name.clone(), s.rows.clone())).collect();
        let read: Vec<(String, Vec<Vec<String>>)> =
            back.sheets.iter().map(|s| (s.name.clone(), s.rows.clone())).collect();
        assert_eq!(plain, read, "a formula-like text stays text");
    }

    #[test]
    fn what_is_not_a_workbook_is_refused_with_a_reason() {
        assert!(Book::from_xlsx(b"Nazev;Zrizovatel\n").unwrap_err().contains("není sešit Excelu"));
        assert!(Book::from_xlsx(b"PK\x03\x04broken").unwrap_err().contains("není sešit Excelu"));
    }
}
