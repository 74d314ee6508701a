//! The error a user sees: one problem, where it is, and what would fix it.

use super::issue::Issue;
use super::overrides::Override;
use std::fmt;

/// Why a scenario could not be loaded, pointing at the file, line, column and key concerned.
///
/// It displays on one line, in the `file:line:column: message` form editors and terminals
/// recognise:
///
/// ```text
/// scenarios/retail-day.toml:14:8: `handle_time.mean`: found "-4m"; expected a positive duration such as "240s", "4m" or "1h30m"
/// scenarios/retail-day.toml: --set staffing.agents=abc: `staffing.agents`: found "abc"; expected …
/// scenarios/retail-day.toml:97:24: variant "peak cover": `staffing.agents.5`: found "many"; expected …
/// scenarios/week.toml:80:12: day "Friday": `pools.0.agents.3`: found -1; expected …
/// ```
///
/// A problem found while building a `[[variants]]` or `[[days]]` entry names the variant or
/// day; when the entry's own `set` supplied the offending value or key, the line and column are
/// those of that entry.
///
/// Only the first problem found is reported: fixing it may well change what follows.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct ScenarioError(Box<Details>);

/// Boxed, to keep `Result<Scenario, ScenarioError>` small.
#[derive(Clone, Debug, PartialEq)]
struct Details {
    file: String,
    position: Option<(usize, usize)>,
    variant: Option<String>,
    day: Option<String>,
    overridden_by: Option<Override>,
    issue: Issue,
}

impl ScenarioError {
    /// An issue at a 1-based (line, column) of `file`, or in the value of an override.
    pub(super) fn new(
        file: &str,
        position: Option<(usize, usize)>,
        overridden_by: Option<Override>,
        issue: Issue,
    ) -> Self {
        ScenarioError(Box::new(Details {
            file: file.to_string(),
            position,
            variant: None,
            day: None,
            overridden_by,
            issue,
        }))
    }

    /// The same problem, found while building the variant `name` (if any).
    pub(super) fn in_variant(mut self, name: Option<&str>) -> Self {
        self.0.variant = name.map(str::to_string);
        self
    }

    /// The same problem, found while building the day `name` of a study (if any).
    pub(super) fn in_day(mut self, name: Option<&str>) -> Self {
        self.0.day = name.map(str::to_string);
        self
    }

    /// The file could not be read at all.
    pub(super) fn unreadable(file: &str, reason: &str) -> Self {
        Self::new(file, None, None, Issue::unreadable(reason))
    }

    /// The label of the file, as given to [`super::from_str`] or the path given to [`super::load`].
    pub fn file(&self) -> &str {
        &self.0.file
    }

    /// 1-based line of the problem, when it is in the file (not in a `--set` value).
    pub fn line(&self) -> Option<usize> {
        self.0.position.map(|(line, _)| line)
    }

    /// 1-based column of the problem, counted in characters, when it is in the file.
    pub fn column(&self) -> Option<usize> {
        self.0.position.map(|(_, column)| column)
    }

    /// Dotted path of the key concerned (`handle_time.mean`, `staffing.agents.3`,
    /// `pools.0.skills.1.after`: array elements by 0-based index, as `--set` takes them); empty for
    /// problems with the file as a whole, such as a TOML syntax error.
    pub fn key(&self) -> &str {
        &self.0.issue.key
    }

    /// The offending value as written, when there is one: `"-4m"` (a string, with its quotes),
    /// `-4` (a number), or a description such as `23 entries`.
    pub fn found(&self) -> Option<&str> {
        self.0.issue.found()
    }

    /// What would have been accepted, as a phrase completing "expected …"; for a syntax error,
    /// the TOML parser's message.
    pub fn expected(&self) -> &str {
        &self.0.issue.expected
    }

    /// The name of the `[[variants]]` entry in which the problem arose, if it arose in one.
    pub fn variant(&self) -> Option<&str> {
        self.0.variant.as_deref()
    }

    /// The name of the `[[days]]` entry in which the problem arose, if it arose in one.
    pub fn day(&self) -> Option<&str> {
        self.0.day.as_deref()
    }

    /// What is wrong and what would fix it, without the file, position or override:
    /// `` `handle_time.mean`: found "-4m"; expected a positive duration … ``. For callers that
    /// say where the value came from themselves, such as a sweep's `--vary`.
    pub fn message(&self) -> String {
        self.0.issue.to_string()
    }

    /// The `--set` override that supplied the offending value, if one did.
    pub fn overridden_by(&self) -> Option<&Override> {
        self.0.overridden_by.as_ref()
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.file)?;
        if let Some((line, column)) = self.0.position {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(variant) = &self.0.variant {
            write!(f, ": variant {variant:?}")?;
        }
        if let Some(day) = &self.0.day {
            write!(f, ": day {day:?}")?;
        }
        if let Some(set) = &self.0.overridden_by {
            write!(f, ": --set {set}")?;
        }
        write!(f, ": {}", self.0.issue)
    }
}
