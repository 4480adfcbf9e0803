//! A workbook as tables of text: what the export writes and what the
//! import reads, so the two meet in one shape. Writing uses
//! rust_xlsxwriter (header bold and frozen, widths set, a filter on the
//! header, drop-downs from the code lists, every value a string so nothing
//! is ever taken for a formula); reading uses calamine, with limits that
//! keep a hostile file from costing more than a real one.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook, XlsxError};

/// The largest workbook read, in bytes.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
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
    /// people write them, dates as `2026-12-05`), trailing empty rows and
    /// columns dropped. Refuses what is not a workbook, or too big.
    pub fn from_xlsx(bytes: &[u8]) -> Result<Book, String> {
        if bytes.len() > MAX_BYTES {
            return Err(format!("soubor má {} MB; největší, který se načte, má 50 MB", bytes.len() / 1024 / 1024));
        }
        if !bytes.starts_with(b"PK") {
            return Err("soubor není sešit Excelu (.xlsx); uložte ho v Excelu jako „Sešit Excelu (*.xlsx)“".into());
        }
        let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
            .map_err(|e| format!("sešit nejde přečíst ({e}); uložte ho znovu jako .xlsx"))?;
        let mut sheets = Vec::new();
        for name in workbook.sheet_names() {
            let range = workbook.worksheet_range(&name).map_err(|e| format!("list „{name}“ nejde přečíst: {e}"))?;
            let (height, width) = range.get_size();
            let start = range.start().unwrap_or((0, 0));
            let mut rows: Vec<Vec<String>> = Vec::new();
            for r in 0..height.min(MAX_ROWS + 1 + start.0 as usize) {
                let mut row = vec![String::new(); start.1 as usize];
                for c in 0..width.min(MAX_COLUMNS) {
                    row.push(range.get((r, c)).map(text).unwrap_or_default());
                }
                while row.last().is_some_and(String::is_empty) {
                    row.pop();
                }
                rows.push(row);
            }
            let mut all = vec![Vec::new(); start.0 as usize];
            all.extend(rows);
            while all.last().is_some_and(Vec::is_empty) {
                all.pop();
            }
            if all.len() > MAX_ROWS + 1 {
                return Err(format!("list „{name}“ má víc než {MAX_ROWS} řádků; rozdělte ho"));
            }
            sheets.push(Sheet { name, rows: all, lists: Vec::new() });
        }
        Ok(Book { sheets })
    }
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
        assert!(Book::from_xlsx(b"PK\x03\x04broken").unwrap_err().contains("nejde přečíst"));
    }
}
