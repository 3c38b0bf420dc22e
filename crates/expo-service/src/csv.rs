//! CSV exports for spreadsheet software: UTF-8 with a byte order mark, so that Excel and WPS
//! detect UTF-8 and show Chinese correctly, CRLF line ends and RFC 4180 quoting.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const BOM: &str = "\u{feff}";

/// A CSV document built row by row.
pub struct CsvWriter {
    out: String,
}

impl CsvWriter {
    pub fn new() -> CsvWriter {
        CsvWriter {
            out: BOM.to_owned(),
        }
    }

    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for (index, cell) in cells.into_iter().enumerate() {
            if index > 0 {
                self.out.push(',');
            }
            push_cell(&mut self.out, cell.as_ref());
        }
        self.out.push_str("\r\n");
    }

    /// Returns the document as a download named `file_name` (ASCII).
    pub fn into_response(self, file_name: &str) -> Response {
        let disposition = format!("attachment; filename=\"{file_name}\"");
        let mut response = (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            )],
            self.out,
        )
            .into_response();
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, value);
        }
        response
    }
}

/// Writes one cell, quoted when needed. A cell that a spreadsheet would run as a formula
/// (starting with =, +, -, @, tab or carriage return) gets a leading apostrophe, because cells
/// hold text that visitors typed (OWASP's advice against CSV injection).
fn push_cell(out: &mut String, cell: &str) {
    let guarded;
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{cell}");
        guarded.as_str()
    } else {
        cell
    };
    if cell.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(rows: &[&[&str]]) -> String {
        let mut writer = CsvWriter::new();
        for row in rows {
            writer.row(row.iter());
        }
        writer.out
    }

    #[test]
    fn starts_with_bom_and_uses_crlf() {
        assert_eq!(
            document(&[&["回执号", "姓名"], &["NG-1", "张三"]]),
            "\u{feff}回执号,姓名\r\nNG-1,张三\r\n"
        );
    }

    #[test]
    fn quotes_separators_and_quotes() {
        assert_eq!(
            document(&[&["a,b", "say \"hi\"", "two\nlines"]]),
            "\u{feff}\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }

    #[test]
    fn formulas_are_neutralized() {
        assert_eq!(
            document(&[&["=HYPERLINK(\"x\")", "+86 138", "@SUM(A1)", "ok"]]),
            "\u{feff}\"'=HYPERLINK(\"\"x\"\")\",'+86 138,'@SUM(A1),ok\r\n"
        );
    }
}
