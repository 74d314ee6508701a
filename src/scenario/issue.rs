//! What is wrong with a scenario, said in terms of its keys. Position-free on purpose: the checks
//! name a dotted key path, and [`super::document`] turns that path into a file position or the
//! `--set` that supplied it only when the error is reported.

use std::fmt;

/// A problem with one key, and what would have been accepted there.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Issue {
    /// Dotted path of the key concerned, e.g. `handle_time.mean`, `staffing.agents.3` or
    /// `classes.1.priority`.
    pub key: String,
    /// What is wrong.
    pub problem: Problem,
    /// What a valid input looks like, as a phrase that completes "expected …".
    pub expected: String,
    /// A near miss of what was written, already quoted: `` `hours.close` `` or `"exponential"`.
    pub suggestion: Option<String>,
    /// For a problem in a file the scenario refers to (a forecast CSV): that file, and the line
    /// and column when the problem is in one cell. `None`: the problem is in the scenario file.
    pub elsewhere: Option<Box<Elsewhere>>,
}

/// A place in another file than the scenario file.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Elsewhere {
    /// The file, as the scenario's path to it displays.
    pub file: String,
    /// 1-based line and column (in characters), when the problem is in one place.
    pub position: Option<(usize, usize)>,
}

/// The kinds of problem, each with the facts its message needs.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Problem {
    /// The file could not be read; the operating system's reason.
    Unreadable(String),
    /// The text is not TOML; the parser's reason is the expectation.
    Syntax,
    /// A required key is absent.
    Missing,
    /// A table lacks one of several alternative keys.
    Incomplete,
    /// The key is not part of the schema.
    UnknownKey,
    /// The key excludes another key that is also given.
    Conflict {
        /// Dotted path of the other key.
        other: String,
    },
    /// The key only makes sense with another key (or another value of it) that is not given.
    Without {
        /// Dotted path of the other key.
        other: String,
    },
    /// The key is valid but nothing would use it, so changing it would change nothing.
    Unused,
    /// The value is there but wrong.
    Invalid {
        /// The value as written (TOML syntax) or a short description of it.
        found: String,
    },
}

impl Issue {
    fn new(key: impl Into<String>, problem: Problem, expected: impl Into<String>) -> Self {
        Issue {
            key: key.into(),
            problem,
            expected: expected.into(),
            suggestion: None,
            elsewhere: None,
        }
    }

    /// Places the issue in `file` (at `position`) rather than in the scenario file.
    pub fn in_file(mut self, file: &str, position: Option<(usize, usize)>) -> Self {
        let file = file.to_string();
        self.elsewhere = Some(Box::new(Elsewhere { file, position }));
        self
    }

    /// `key` holds `found` where `expected` was needed.
    pub fn invalid(
        key: impl Into<String>,
        found: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        let found = found.into();
        Self::new(key, Problem::Invalid { found }, expected)
    }

    /// The required `key` is absent.
    pub fn missing(key: impl Into<String>, expected: impl Into<String>) -> Self {
        Self::new(key, Problem::Missing, expected)
    }

    /// The table at `key` has none of the alternatives `expected` lists.
    pub fn incomplete(key: impl Into<String>, expected: impl Into<String>) -> Self {
        Self::new(key, Problem::Incomplete, expected)
    }

    /// `key` and `other` may not both be given.
    pub fn conflict(
        key: impl Into<String>,
        other: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        let other = other.into();
        Self::new(key, Problem::Conflict { other }, expected)
    }

    /// `key` needs `other` (or another value of it), which is not given.
    pub fn without(
        key: impl Into<String>,
        other: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        let other = other.into();
        Self::new(key, Problem::Without { other }, expected)
    }

    /// `key` is given but nothing uses it.
    pub fn unused(key: impl Into<String>, expected: impl Into<String>) -> Self {
        Self::new(key, Problem::Unused, expected)
    }

    /// `key` is not a key of its table; `expected` lists the keys that are.
    pub fn unknown_key(key: impl Into<String>, expected: impl Into<String>) -> Self {
        Self::new(key, Problem::UnknownKey, expected)
    }

    /// The file is not valid TOML, for the parser's `reason`.
    pub fn syntax(reason: &str) -> Self {
        // One line, whatever the parser's formatting.
        let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
        Self::new("", Problem::Syntax, reason)
    }

    /// The file could not be read.
    pub fn unreadable(reason: &str) -> Self {
        let problem = Problem::Unreadable(reason.to_string());
        Self::new("", problem, "a readable TOML scenario file")
    }

    /// Adds a near miss (already quoted) for the message to offer.
    pub fn suggesting(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }

    /// The offending value, for problems that have one.
    pub fn found(&self) -> Option<&str> {
        match &self.problem {
            Problem::Invalid { found } => Some(found),
            _ => None,
        }
    }
}

impl fmt::Display for Issue {
    /// `` `handle_time.mean`: found "-4m"; expected a positive duration … ``
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.key.is_empty() {
            write!(f, "`{}`: ", self.key)?;
        }
        let expected = &self.expected;
        match &self.problem {
            Problem::Unreadable(reason) => return write!(f, "cannot read the file: {reason}"),
            Problem::Syntax => return write!(f, "not valid TOML: {expected}"),
            Problem::Missing => f.write_str("missing")?,
            Problem::Incomplete => f.write_str("incomplete")?,
            Problem::UnknownKey => f.write_str("unknown key")?,
            Problem::Conflict { other } => write!(f, "given together with `{other}`")?,
            Problem::Without { other } => write!(f, "given without `{other}`")?,
            Problem::Unused => f.write_str("not used")?,
            Problem::Invalid { found } => write!(f, "found {found}")?,
        }
        if let Some(suggestion) = &self.suggestion {
            write!(f, " (did you mean {suggestion}?)")?;
        }
        write!(f, "; expected {expected}")
    }
}

/// Quotes a value in a message as it would be written in TOML (`"-4m"`, `-4`, `[1, 2]`), or
/// describes it when it is too long to quote usefully (`an array of 24 entries`, `a table`).
pub(super) fn describe(value: &toml::Value) -> String {
    const LONGEST_QUOTE: usize = 60;
    if let toml::Value::Float(x) = value
        && x.is_finite()
        && *x != 0.0
        && !(1e-6..1e16).contains(&x.abs())
    {
        // `1e308` as written, not 309 digits cut off.
        return format!("{x:e}");
    }
    let quoted = value.to_string();
    if quoted.chars().count() <= LONGEST_QUOTE && !quoted.contains('\n') {
        return quoted;
    }
    match value {
        toml::Value::Array(items) => format!("an array of {} entries", items.len()),
        toml::Value::Table(_) => "a table".to_string(),
        _ => {
            let start: String = quoted
                .chars()
                .take_while(|c| *c != '\n')
                .take(LONGEST_QUOTE - 1)
                .collect();
            format!("{start}…")
        }
    }
}

/// Lists words for a message: `` `a`, `b` or `c` `` with `quote` = '`'.
pub(super) fn one_of<'a>(words: impl IntoIterator<Item = &'a str>, quote: char) -> String {
    let quoted: Vec<String> = words
        .into_iter()
        .map(|w| format!("{quote}{w}{quote}"))
        .collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("one of {} or {last}", rest.join(", ")),
    }
}
