//! One column of a CSV file: the values a scenario (or a fitting tool) takes from data rather
//! than from inline arrays — observed handle times, patience with its censoring flags, a replayed
//! day's arrival times.
//!
//! A column file has a header row; a column is named by its header, or left unnamed when the
//! file has exactly one column. Fields are separated by commas, or by tabs when the header row
//! has tabs and no comma (a TSV export), and surrounding blanks are ignored. Only regular files
//! up to [`MAX_FILE_BYTES`] are read, so a path that names a directory, a device or a pipe, or
//! a runaway export, gets a clear error instead of a hang.
//!
//! Every error names the file, and for a bad cell its line, character column, the column's
//! header, the value found and what would have been accepted; callers add what referred to the
//! file (a scenario key, a command-line option).

use std::fmt;
use std::path::Path;

/// The largest column file read: 256 MiB.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// A CSV file with a header row, read into memory and checked to be well formed.
#[derive(Debug)]
pub struct ColumnFile {
    label: String,
    text: String,
    delimiter: u8,
    headers: Vec<String>,
}

/// Why a column file, or a value in it, could not be used.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnFileError {
    /// The file, as its path displays.
    pub file: String,
    /// 1-based line and character column of the problem, when it is in one place.
    pub position: Option<(usize, usize)>,
    /// The header of the column concerned, when one is.
    pub column: Option<String>,
    /// What was found (a quoted cell, a description), when there is something to quote.
    pub found: Option<String>,
    /// What would have been accepted, as a phrase completing "expected …".
    pub expected: String,
}

impl fmt::Display for ColumnFileError {
    /// `calls.csv:12:9: column "wait_s": found "abc"; expected a number of seconds, 0 or more`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        f.write_str(": ")?;
        if let Some(column) = &self.column {
            write!(f, "column \"{column}\": ")?;
        }
        if let Some(found) = &self.found {
            write!(f, "found {found}; ")?;
        }
        write!(f, "expected {}", self.expected)
    }
}

impl std::error::Error for ColumnFileError {}

/// The text of the regular file at `path`, of at most [`MAX_FILE_BYTES`]; or what was found
/// there instead and what is expected, a `kind` of file ("CSV file", "scenario file (TOML)").
/// A device such as `/dev/zero`, a pipe or a directory is refused before anything is read, so
/// no input can make ccsim read without end. Every file ccsim reads goes through here.
pub fn read_regular_text(path: &Path, kind: &str) -> Result<String, (String, String)> {
    let metadata = std::fs::metadata(path).map_err(|e| {
        (
            format!("an unreadable path ({e})"),
            format!("a readable {kind}"),
        )
    })?;
    if !metadata.is_file() {
        let what = if metadata.is_dir() {
            "a directory"
        } else {
            "something that is not a regular file"
        };
        return Err((what.to_string(), format!("a regular {kind}")));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err((
            format!("{} bytes", metadata.len()),
            format!("a {kind} of at most 256 MiB"),
        ));
    }
    std::fs::read_to_string(path).map_err(|e| {
        (
            format!("an unreadable file ({e})"),
            format!("a readable {kind} of UTF-8 text"),
        )
    })
}

/// [`read_regular_text`] with its refusal as one sentence: `a directory; expected a regular
/// {kind}`, for callers that prefix the file's name.
pub fn read_regular_text_or_reason(path: &Path, kind: &str) -> Result<String, String> {
    read_regular_text(path, kind)
        .map_err(|(found, expected)| format!("{found}; expected {expected}"))
}

impl ColumnFile {
    /// Reads the file at `path` (a regular file of at most [`MAX_FILE_BYTES`], UTF-8 text with a
    /// header row); errors name it as `path` displays.
    pub fn open(path: &Path) -> Result<Self, ColumnFileError> {
        let label = path.display().to_string();
        let error = |found: Option<String>, expected: &str| ColumnFileError {
            file: label.clone(),
            position: None,
            column: None,
            found,
            expected: expected.to_string(),
        };
        let text = read_regular_text(path, "CSV file")
            .map_err(|(found, expected)| error(Some(found), &expected))?;
        Self::from_text(text, label)
    }

    /// A column file from `text` already in memory, named `label` in errors.
    pub fn from_text(text: String, label: String) -> Result<Self, ColumnFileError> {
        let first_line = text.lines().next().unwrap_or("");
        let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
            b'\t'
        } else {
            b','
        };
        let mut file = ColumnFile {
            label,
            text,
            delimiter,
            headers: Vec::new(),
        };
        let headers: Vec<String> = file
            .reader()
            .headers()
            .map_err(|e| file.csv_error(&e))?
            .iter()
            .map(str::to_string)
            .collect();
        if headers.iter().all(String::is_empty) {
            return Err(ColumnFileError {
                file: file.label,
                position: Some((1, 1)),
                column: None,
                found: Some("no header row".to_string()),
                expected: "a header row naming the columns, such as \"handle_s\"".to_string(),
            });
        }
        file.headers = headers;
        Ok(file)
    }

    /// The file, as its path displays.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The column headers, in file order.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The index of the column headed `name`, or of the only column when `name` is `None`.
    pub fn column(&self, name: Option<&str>) -> Result<usize, ColumnFileError> {
        let listed = || {
            let quoted: Vec<String> = self.headers.iter().map(|h| format!("\"{h}\"")).collect();
            quoted.join(", ")
        };
        match name {
            Some(name) => self
                .headers
                .iter()
                .position(|header| header == name)
                .ok_or_else(|| ColumnFileError {
                    file: self.label.clone(),
                    position: Some((1, 1)),
                    column: None,
                    found: Some(format!("no column \"{name}\"")),
                    expected: format!(
                        "a header row with a column \"{name}\" (the file has {})",
                        listed()
                    ),
                }),
            None if self.headers.len() == 1 => Ok(0),
            None => Err(ColumnFileError {
                file: self.label.clone(),
                position: Some((1, 1)),
                column: None,
                found: Some(format!("{} columns", self.headers.len())),
                expected: format!(
                    "one column, or `column` naming which to read (the file has {})",
                    listed()
                ),
            }),
        }
    }

    /// Every value of column `index` (from [`ColumnFile::column`]), in file order, each read by
    /// `parse`; the first cell `parse` refuses is reported with `expected`. A file without data
    /// rows is refused: a scenario has nothing to draw from an empty column.
    pub fn values<T>(
        &self,
        index: usize,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Result<Vec<T>, ColumnFileError> {
        let read = self.values_by_line(index, |cell| parse(cell).ok_or(expected.to_string()))?;
        Ok(read.into_iter().map(|(_, value)| value).collect())
    }

    /// As [`ColumnFile::values`], each value with its 1-based line, for checks that need state
    /// (values in order) or come later (against the opening hours): `parse` returns what was
    /// expected when it refuses a cell.
    pub fn values_by_line<T>(
        &self,
        index: usize,
        mut parse: impl FnMut(&str) -> Result<T, String>,
    ) -> Result<Vec<(usize, T)>, ColumnFileError> {
        let mut values = Vec::new();
        let mut record = csv::StringRecord::new();
        let mut reader = self.reader();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(self.csv_error(&e)),
            }
            let cell = record.get(index).unwrap_or("");
            let position = record.position().expect("records read have a position");
            match parse(cell) {
                Ok(value) => values.push((position.line() as usize, value)),
                Err(expected) => return Err(self.cell_error(position, index, cell, &expected)),
            }
        }
        if values.is_empty() {
            return Err(ColumnFileError {
                file: self.label.clone(),
                position: None,
                column: Some(self.headers[index].clone()),
                found: Some("no data rows".to_string()),
                expected: "at least one row below the header".to_string(),
            });
        }
        Ok(values)
    }

    /// A problem with the cell of column `index` on `line` found after reading (see
    /// [`ColumnFile::values_by_line`]): `found` as written there, `expected` what would do.
    pub fn error_at(
        &self,
        line: usize,
        index: usize,
        found: &str,
        expected: &str,
    ) -> ColumnFileError {
        let line_text = self.text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        ColumnFileError {
            file: self.label.clone(),
            position: Some((line, field_column(line_text, index, self.delimiter))),
            column: Some(self.headers[index].clone()),
            found: Some(format!("\"{found}\"")),
            expected: expected.to_string(),
        }
    }

    fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .trim(csv::Trim::All)
            .from_reader(self.text.as_bytes())
    }

    fn cell_error(
        &self,
        position: &csv::Position,
        index: usize,
        cell: &str,
        expected: &str,
    ) -> ColumnFileError {
        let start = position.byte() as usize;
        let line_text = self.text[start..].lines().next().unwrap_or("");
        ColumnFileError {
            file: self.label.clone(),
            position: Some((
                position.line() as usize,
                field_column(line_text, index, self.delimiter),
            )),
            column: Some(self.headers[index].clone()),
            found: Some(format!("\"{cell}\"")),
            expected: expected.to_string(),
        }
    }

    /// A row the csv reader refuses (more or fewer fields than the header).
    fn csv_error(&self, error: &csv::Error) -> ColumnFileError {
        let (line, found, expected) = refused_row(error, "a well-formed CSV file");
        ColumnFileError {
            file: self.label.clone(),
            position: line.map(|line| (line, 1)),
            column: None,
            found: Some(found),
            expected,
        }
    }
}

/// Why the csv reader refused a row, for an error message: (the 1-based line, what was found,
/// what is expected). A row with more or fewer fields than the header says how many;
/// anything else is `otherwise_expected`.
pub fn refused_row(
    error: &csv::Error,
    otherwise_expected: &str,
) -> (Option<usize>, String, String) {
    let line = error.position().map(|p| p.line() as usize);
    let (found, expected) = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => (
            format!("{len} fields"),
            format!("{expected_len} fields on every row, as in the header row"),
        ),
        _ => (error.to_string(), otherwise_expected.to_string()),
    };
    (line, found, expected)
}

/// The 1-based character column where field `index` of a CSV line starts (after any blanks),
/// quotes taken into account; `delimiter` separates fields.
pub fn field_column(line: &str, index: usize, delimiter: u8) -> usize {
    let delimiter = char::from(delimiter);
    let mut field = 0;
    let mut quoted = false;
    let mut start = 0;
    for (position, c) in line.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => {
                if field == index {
                    break;
                }
                field += 1;
                start = position + 1;
            }
            _ => {}
        }
    }
    let blanks = line
        .chars()
        .skip(start)
        .take_while(|c| c.is_whitespace())
        .count();
    start + blanks + 1
}

/// Reads a number of seconds, 0 or more (`12`, `4.5`).
pub fn seconds(text: &str) -> Option<f64> {
    text.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x >= 0.0)
}

/// Reads a censoring flag: `true`/`1` (censored) or `false`/`0`, in any case.
pub fn flag(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> ColumnFile {
        ColumnFile::from_text(text.to_string(), "data.csv".to_string()).unwrap()
    }

    #[test]
    fn reads_a_named_column_or_the_only_one() {
        let f = file("id,handle_s\n1, 30\n2,45.5\n");
        let column = f.column(Some("handle_s")).unwrap();
        assert_eq!(f.values(column, seconds, "s").unwrap(), [30.0, 45.5]);
        let only = file("wait_s\n3\n");
        assert_eq!(
            only.values(only.column(None).unwrap(), seconds, "s")
                .unwrap(),
            [3.0]
        );
        let tsv = file("a\tb\n1\t2\n");
        assert_eq!(tsv.values(1, seconds, "s").unwrap(), [2.0]);
    }

    #[test]
    fn a_bad_cell_names_line_column_header_and_value() {
        let f = file("id,handle_s\n1,30\n2, abc\n");
        let error = f.values(1, seconds, "a number of seconds").unwrap_err();
        assert_eq!(
            error.to_string(),
            "data.csv:3:4: column \"handle_s\": found \"abc\"; expected a number of seconds"
        );
        let error = f
            .values(1, |t| seconds(t).filter(|x| *x > 100.0), "more")
            .unwrap_err();
        assert_eq!(error.position, Some((2, 3)));
    }

    #[test]
    fn refuses_missing_or_ambiguous_columns_ragged_rows_and_empty_files() {
        let f = file("id,handle_s\n1,30\n");
        let error = f.column(Some("talk_s")).unwrap_err();
        assert_eq!(error.found.as_deref(), Some("no column \"talk_s\""));
        assert!(error.expected.contains("\"id\", \"handle_s\""));
        assert_eq!(
            f.column(None).unwrap_err().found.as_deref(),
            Some("2 columns")
        );
        let ragged = file("a,b\n1,2\n3\n");
        let error = ragged.values(0, seconds, "s").unwrap_err();
        assert_eq!(
            (error.position, error.found.as_deref()),
            (Some((3, 1)), Some("1 fields"))
        );
        let empty = file("a\n");
        assert_eq!(
            empty.values(0, seconds, "s").unwrap_err().found.as_deref(),
            Some("no data rows")
        );
        assert!(ColumnFile::from_text(String::new(), "e.csv".into()).is_err());
    }

    #[test]
    fn refuses_directories() {
        let dir = tempfile::tempdir().unwrap();
        let error = ColumnFile::open(dir.path()).unwrap_err();
        assert_eq!(error.found.as_deref(), Some("a directory"));
        let missing = ColumnFile::open(&dir.path().join("none.csv")).unwrap_err();
        assert!(missing.found.unwrap().starts_with("an unreadable path"));
    }

    #[test]
    fn flags_and_field_columns() {
        assert_eq!(flag("TRUE"), Some(true));
        assert_eq!(flag("0"), Some(false));
        assert_eq!(flag("yes"), None);
        let line = "08:30, \"1,200\",  240";
        assert_eq!(field_column(line, 0, b','), 1);
        assert_eq!(field_column(line, 1, b','), 8);
        assert_eq!(field_column(line, 2, b','), 18);
    }
}
