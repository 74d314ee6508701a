//! `--set KEY=VALUE`: changing one value of a scenario from the command line, for what-if runs
//! that should not need a copy of the file.

use super::document::join;
use super::issue::{Issue, describe};
use std::fmt;
use std::str::FromStr;
use toml::Value;

/// One `--set KEY=VALUE`: a dotted key path and the value to put there.
///
/// The key walks into tables by name and into arrays by 0-based index, so
/// `staffing.agents.3=12` changes the fourth interval's staffing and `classes.1.priority=1` the
/// second class's priority (arrays of tables such as `[[classes]]` are arrays too). The value is
/// read as TOML when it is valid TOML (`30`, `0.8`, `"4m"`, `[10, 12]`, `true`, `08:00`) and as
/// a plain string otherwise, so `handle_time.mean=4m` needs no quotes. A key that does not exist
/// is created, so a misspelt key is then refused by the same unknown-key check as in a file.
/// Indices in brackets (`classes[1]`) are refused with a pointer to the dotted form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    /// Dotted key path, e.g. `staffing.agents` or `staffing.agents.3`.
    pub key: String,
    /// The value, as typed.
    pub value: String,
}

/// Why a `--set` argument is not of the form `KEY=VALUE`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "--set {given}: {reason}; expected KEY=VALUE with a dotted key, such as staffing.agents=30 \
     or handle_time.mean=4m"
)]
pub struct ParseOverrideError {
    given: String,
    reason: &'static str,
}

impl FromStr for Override {
    type Err = ParseOverrideError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = |reason| ParseOverrideError {
            given: text.to_string(),
            reason,
        };
        let (key, value) = text.split_once('=').ok_or_else(|| error("no `=`"))?;
        if key.trim().is_empty() {
            return Err(error("no key before `=`"));
        }
        Ok(Override {
            key: key_path(key).map_err(error)?,
            value: value.to_string(),
        })
    }
}

/// The dotted key path as `--set` and a variant's `set` take it, with spaces around the dots
/// removed; or why it is not one.
pub(super) fn key_path(key: &str) -> Result<String, &'static str> {
    if key.contains(['[', ']']) {
        return Err(
            "an index in brackets (write array indices as dotted numbers: classes.1.priority)",
        );
    }
    let parts: Vec<&str> = key.split('.').map(str::trim).collect();
    if parts.iter().any(|part| part.is_empty()) {
        return Err("an empty part in the key");
    }
    Ok(parts.join("."))
}

impl fmt::Display for Override {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key, self.value)
    }
}

/// Puts the override's value at its key path in `table`, creating missing tables on the way.
pub(super) fn apply(table: &mut toml::Table, set: &Override) -> Result<(), Issue> {
    let mut parts = set.key.split('.');
    let first = parts.next().unwrap_or_default();
    let mut path = first.to_string();
    let mut slot = table.entry(first).or_insert_with(empty_table);
    for part in parts {
        slot = match slot {
            Value::Table(table) => table.entry(part).or_insert_with(empty_table),
            Value::Array(items) => {
                let count = items.len();
                let entry = part
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| items.get_mut(index));
                entry.ok_or_else(|| {
                    let expected = match count {
                        0 => format!("no index: `{path}` is an empty array"),
                        _ => format!(
                            "an index from 0 to {} (`{path}` has {count} entries)",
                            count - 1
                        ),
                    };
                    Issue::invalid(join(&path, part), format!("index {part}"), expected)
                })?
            }
            other => {
                let expected = format!("a table or array to hold `{part}`");
                return Err(Issue::invalid(path, describe(other), expected));
            }
        };
        path = join(&path, part);
    }
    *slot = parse_value(&set.value);
    Ok(())
}

fn empty_table() -> Value {
    Value::Table(toml::Table::new())
}

/// The value as TOML if it is valid TOML, otherwise as a plain string.
fn parse_value(text: &str) -> Value {
    let text = text.trim();
    text.parse()
        .unwrap_or_else(|_| Value::String(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(table: &mut toml::Table, text: &str) -> Result<(), Issue> {
        apply(table, &text.parse().unwrap())
    }

    #[test]
    fn parses_key_value() {
        let o: Override = "staffing.agents.3 = 12".parse().unwrap();
        assert_eq!(
            (o.key.as_str(), o.value.as_str()),
            ("staffing.agents.3", " 12")
        );
        assert_eq!("a=b=c".parse::<Override>().unwrap().value, "b=c");
        assert_eq!(o.to_string(), "staffing.agents.3= 12");
    }

    #[test]
    fn values_are_toml_when_they_can_be() {
        assert_eq!(parse_value("30"), Value::Integer(30));
        assert_eq!(parse_value("0.8"), Value::Float(0.8));
        assert_eq!(parse_value("\"4m\""), Value::String("4m".into()));
        assert_eq!(parse_value("4m"), Value::String("4m".into()));
        assert_eq!(parse_value("80%"), Value::String("80%".into()));
        assert_eq!(parse_value(" true "), Value::Boolean(true));
        assert_eq!(
            parse_value("[10, 12]"),
            Value::Array(vec![Value::Integer(10), Value::Integer(12)])
        );
    }

    #[test]
    fn walks_tables_and_arrays_and_creates_missing_keys() {
        let mut table: toml::Table = "[staffing]\nagents = [1, 2, 3]".parse().unwrap();
        set(&mut table, "staffing.agents.1=9").unwrap();
        assert_eq!(table["staffing"]["agents"][1], Value::Integer(9));
        set(&mut table, "drops.in_queue.probability=0.1").unwrap();
        assert_eq!(table["drops"]["in_queue"]["probability"], Value::Float(0.1));
    }

    #[test]
    fn refuses_paths_that_do_not_walk() {
        let mut table: toml::Table = "name = 'x'\n[staffing]\nagents = [1, 2]".parse().unwrap();
        let issue = set(&mut table, "staffing.agents.5=1").unwrap_err();
        assert_eq!(issue.key, "staffing.agents.5");
        assert!(issue.expected.contains("from 0 to 1"), "{issue:?}");
        let issue = set(&mut table, "name.first=1").unwrap_err();
        assert_eq!(issue.key, "name");
        assert_eq!(issue.found(), Some("\"x\""));
    }
}
