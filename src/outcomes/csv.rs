//! CSV exports of the dashboard's tables. A cell that a spreadsheet would read as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed
//! with `'` so it stays text.

use crate::outcomes::views::Table;

/// One cell, quoted and neutralised.
pub fn cell(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// A whole table, header first, CRLF line ends.
pub fn table(t: &Table) -> String {
    let mut out = String::new();
    let head: Vec<String> = t.head.iter().map(|h| cell(h)).collect();
    out.push_str(&head.join(","));
    out.push_str("\r\n");
    for row in &t.rows {
        let line: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(cell("=1+1"), "\"'=1+1\"");
        assert_eq!(cell("+33"), "\"'+33\"");
        assert_eq!(cell("-2"), "\"'-2\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("\tx"), "\"'\tx\"");
        assert_eq!(cell("plain \"q\""), "\"plain \"\"q\"\"\"");
    }
}
