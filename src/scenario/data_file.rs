//! Values a scenario takes from a column of a CSV file (`values_file`, `times_file`), with
//! problems reported in terms of the scenario key that named the file.

use super::issue::Issue;
use super::kinds::{FILE, TEXT};
use super::reader::Table;
use crate::column_file::{ColumnFile, ColumnFileError};

/// A column file named by a scenario key.
#[derive(Debug)]
pub(super) struct DataFile {
    file: ColumnFile,
    /// Dotted key of the scenario value that named the file, e.g. `patience.values_file`.
    file_key: String,
}

impl DataFile {
    /// Opens the file named by `table[file_key]`, relative to the scenario file.
    pub fn open(table: &Table, file_key: &str) -> Result<Self, Issue> {
        let field = table.required_field(file_key, FILE.expected)?;
        let name = field.read(&FILE)?;
        let path = field.relative_path(&name);
        let file = ColumnFile::open(&path).map_err(|error| {
            let found = format!(
                "\"{name}\" ({})",
                error.found.as_deref().unwrap_or("unreadable")
            );
            let expected = format!("{}, relative to the scenario file", error.expected);
            Issue::invalid(&field.key, found, expected)
        })?;
        Ok(DataFile {
            file,
            file_key: field.key,
        })
    }

    /// The index of the column named by `table[column_key]`, or of the file's only column when
    /// that key is absent and `required` is false.
    pub fn column(&self, table: &Table, column_key: &str, required: bool) -> Result<usize, Issue> {
        let name = match required {
            true => Some(table.required(column_key, &TEXT)?),
            false => table.optional(column_key, &TEXT)?,
        };
        self.file.column(name.as_deref()).map_err(|error| {
            let key = match name {
                Some(_) => table.key(column_key),
                None => self.file_key.clone(),
            };
            in_file(&key, error)
        })
    }

    /// Every value of column `index`, read by `parse`; a cell it refuses is reported in the data
    /// file at its line and column, under the scenario key that named the file.
    pub fn values<T>(
        &self,
        index: usize,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Result<Vec<T>, Issue> {
        self.file
            .values(index, parse, expected)
            .map_err(|error| in_file(&self.file_key, error))
    }
}

impl DataFile {
    /// As [`DataFile::values`], each value with its line, and `parse` saying what was expected
    /// when it refuses a cell (for checks with state, such as values in order).
    pub fn values_by_line<T>(
        &self,
        index: usize,
        parse: impl FnMut(&str) -> Result<T, String>,
    ) -> Result<Vec<(usize, T)>, Issue> {
        self.file
            .values_by_line(index, parse)
            .map_err(|error| in_file(&self.file_key, error))
    }

    /// A problem with the value on `line` of column `index`, found after reading.
    pub fn issue_at(&self, line: usize, index: usize, found: &str, expected: &str) -> Issue {
        in_file(
            &self.file_key,
            self.file.error_at(line, index, found, expected),
        )
    }

    /// Dotted key of the scenario value that named the file.
    pub fn key(&self) -> &str {
        &self.file_key
    }
}

/// A problem inside a data file: at its place in that file, under scenario key `key`, naming the
/// column when there is one.
fn in_file(key: &str, error: ColumnFileError) -> Issue {
    let found = match (&error.found, &error.column) {
        (Some(found), Some(column)) => format!("{found} in column \"{column}\""),
        (Some(found), None) => found.clone(),
        (None, Some(column)) => format!("column \"{column}\""),
        (None, None) => String::new(),
    };
    Issue::invalid(key, found, error.expected).in_file(&error.file, error.position)
}
