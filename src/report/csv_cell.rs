//! One guard for every CSV ccsim writes: a text cell that a spreadsheet would read as a formula
//! (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as
//! OWASP's CSV-injection guidance advises. A scenario, class or pool name such as
//! `=HYPERLINK(…)` then shows as text instead of running. Numbers (`-3.5`, `+1`) are left alone,
//! so a negative difference stays a number.

use std::borrow::Cow;
use std::io::Write;

/// The characters a spreadsheet takes as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell`, with a leading `'` if a spreadsheet would otherwise read it as a formula.
pub fn escape(cell: &str) -> Cow<'_, str> {
    let formula = cell.starts_with(FORMULA_STARTS) && cell.parse::<f64>().is_err();
    match formula {
        true => Cow::Owned(format!("'{cell}")),
        false => Cow::Borrowed(cell),
    }
}

/// Writes one record with every cell passed through [`escape`].
pub fn write_row<W: Write, T: AsRef<str>>(
    writer: &mut csv::Writer<W>,
    record: impl IntoIterator<Item = T>,
) -> csv::Result<()> {
    for cell in record {
        writer.write_field(escape(cell.as_ref()).as_bytes())?;
    }
    writer.write_record(None::<&[u8]>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_quoted_and_numbers_kept() {
        assert_eq!(escape("=1+2"), "'=1+2");
        assert_eq!(escape("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape("+cmd"), "'+cmd");
        assert_eq!(escape("-2+3"), "'-2+3");
        assert_eq!(escape("\tx"), "'\tx");
        assert_eq!(escape("-3.5"), "-3.5");
        assert_eq!(escape("+1"), "+1");
        assert_eq!(escape("Retail day"), "Retail day");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn rows_are_written_escaped() {
        let mut writer = csv::Writer::from_writer(Vec::new());
        write_row(&mut writer, ["=evil", "-1.5", "ok"]).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(text, "'=evil,-1.5,ok\n");
    }
}
