//! Errors of `ccsim fit`: every one names where the problem is (file, line, column), the value
//! found and how to fix it, so an analyst can correct an export without reading code.

use std::fmt;

/// Why a call log could not be fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct FitError {
    /// Where: `file:line`, or a command-line option such as `--days`.
    pub place: String,
    /// The column (or option) the problem is in, when there is one.
    pub column: Option<String>,
    /// The value found, when there is one.
    pub value: Option<String>,
    /// What is wrong and what would fix it.
    pub message: String,
}

impl FitError {
    /// A problem with one field of one row of a log.
    pub fn at_field(
        file: &str,
        line: u64,
        column: &str,
        value: &str,
        message: impl Into<String>,
    ) -> Self {
        FitError {
            place: format!("{file}:{line}"),
            column: Some(column.to_string()),
            value: Some(value.to_string()),
            message: message.into(),
        }
    }

    /// A problem with a whole file (an unreadable file, a missing column).
    pub fn in_file(file: &str, message: impl Into<String>) -> Self {
        FitError {
            place: file.to_string(),
            column: None,
            value: None,
            message: message.into(),
        }
    }

    /// A problem with a command-line option and its value.
    pub fn option(option: &str, value: &str, message: impl Into<String>) -> Self {
        FitError {
            place: option.to_string(),
            column: None,
            value: Some(value.to_string()),
            message: message.into(),
        }
    }
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.place)?;
        if let Some(column) = &self.column {
            write!(f, ": column `{column}`")?;
        }
        if let Some(value) = &self.value {
            write!(f, ": found {value:?}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for FitError {}
