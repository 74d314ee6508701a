//! A scenario file as parsed TOML that remembers where everything came from: the byte span of
//! every key and value in the file, and which key paths a `--set` override replaced. It turns a
//! position-free [`Issue`] into a [`ScenarioError`] that points at the right line and column.

use super::error::ScenarioError;
use super::issue::{Issue, Problem};
use super::overrides::{self, Override};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use toml::Value;
use toml::de::{DeTable, DeValue};

/// Where a key and its value are written in the file. Array entries have no key of their own.
#[derive(Clone, Debug)]
struct Spans {
    key: Option<Range<usize>>,
    value: Range<usize>,
}

/// A parsed scenario file with overrides applied: `--set`, then, for a variant, its `set`.
#[derive(Clone, Debug)]
pub(super) struct Document<'t> {
    label: &'t str,
    text: &'t str,
    table: toml::Table,
    spans: HashMap<String, Spans>,
    /// Key paths written as the leading part of a dotted key (`staffing` in
    /// `staffing.agents = 27`), as opposed to a table of their own.
    dotted: HashSet<String>,
    /// The overrides applied, in order.
    overridden: Vec<Applied>,
    /// The `[[variants]]` entry being built, named in every error.
    variant: Option<String>,
    /// The `[[days]]` entry being built, named in every error.
    day: Option<String>,
}

/// An override applied to the document, and where it came from.
#[derive(Clone, Debug)]
struct Applied {
    set: Override,
    /// For an entry of a variant's `set`, its key path in the file (`variants.0.set.KEY`), where
    /// errors in the value it supplied are reported; `None` for `--set`.
    entry: Option<String>,
}

impl<'t> Document<'t> {
    /// The name of the file in error messages (its path, when it was read from one).
    pub fn label(&self) -> &'t str {
        self.label
    }

    /// Parses `text`; `label` names the file in error messages.
    pub fn parse(text: &'t str, label: &'t str) -> Result<Self, ScenarioError> {
        let mut document = Document {
            label,
            text,
            table: toml::Table::new(),
            spans: HashMap::new(),
            dotted: HashSet::new(),
            overridden: Vec::new(),
            variant: None,
            day: None,
        };
        let parsed = DeTable::parse(text)
            .map_err(|error| document.syntax_error(error.message(), error.span()))?;
        document.table = document
            .convert_table(parsed.get_ref(), "")
            .map_err(|(message, span)| document.syntax_error(message, Some(span)))?;
        Ok(document)
    }

    /// The scenario as TOML, overrides included.
    pub fn table(&self) -> &toml::Table {
        &self.table
    }

    /// Applies one `--set`; the key path and everything under it now come from the override.
    pub fn set(&mut self, set: &Override) -> Result<(), ScenarioError> {
        self.apply(Applied {
            set: set.clone(),
            entry: None,
        })
    }

    /// This document as the variant `name`, whose errors name it.
    pub fn for_variant(&self, name: &str) -> Self {
        let mut variant = self.clone();
        variant.variant = Some(name.to_string());
        variant
    }

    /// This document as the day `name` of a study, whose errors name it.
    pub fn for_day(&self, name: &str) -> Self {
        let mut day = self.clone();
        day.day = Some(name.to_string());
        day
    }

    /// Applies one entry of a variant's or day's `set`, written in the file at key path `entry`.
    pub fn set_from_entry(&mut self, set: &Override, entry: &str) -> Result<(), ScenarioError> {
        self.apply(Applied {
            set: set.clone(),
            entry: Some(entry.to_string()),
        })
    }

    fn apply(&mut self, applied: Applied) -> Result<(), ScenarioError> {
        if let Err(issue) = overrides::apply(&mut self.table, &applied.set) {
            return Err(self.error_from(&applied, issue));
        }
        self.overridden.push(applied);
        Ok(())
    }

    /// Where the key at `path` is written in the file (for putting entries in file order);
    /// `usize::MAX` for a key the file does not have.
    pub fn offset_of(&self, path: &str) -> usize {
        self.spans.get(path).map_or(usize::MAX, |spans| {
            spans.key.as_ref().unwrap_or(&spans.value).start
        })
    }

    /// Whether `path` was written as the leading part of a dotted key, `staffing` in
    /// `staffing.agents = 27`, rather than as a key or table of its own.
    pub fn is_dotted(&self, path: &str) -> bool {
        self.dotted.contains(path)
    }

    /// Places `issue` in the file — at the value that is wrong, the key that is unknown or in
    /// conflict, or the table a key is missing from — or at the `--set` that supplied it.
    pub fn error(&self, issue: Issue) -> ScenarioError {
        if let Some(place) = issue.elsewhere.clone() {
            return ScenarioError::new(&place.file, place.position, None, issue);
        }
        let anchor = match issue.problem {
            Problem::Missing => parent(&issue.key),
            _ => issue.key.as_str(),
        };
        if let Some(applied) = self.override_of(anchor) {
            return self.error_from(applied, issue);
        }
        let position = self.position_of(anchor, &issue.problem);
        ScenarioError::new(self.label, position, None, issue)
            .in_variant(self.variant.as_deref())
            .in_day(self.day.as_deref())
    }

    /// An issue with the value an override supplied: at the `--set`, or at the variant's `set`
    /// entry in the file.
    fn error_from(&self, applied: &Applied, issue: Issue) -> ScenarioError {
        let error = match &applied.entry {
            None => ScenarioError::new(self.label, None, Some(applied.set.clone()), issue),
            Some(entry) => {
                let position = self.position_of(entry, &issue.problem);
                ScenarioError::new(self.label, position, None, issue)
            }
        };
        error
            .in_variant(self.variant.as_deref())
            .in_day(self.day.as_deref())
    }

    /// Line and column of the value at `path` (for a wrong value) or of its key (otherwise), or
    /// of its closest ancestor written in the file.
    fn position_of(&self, path: &str, problem: &Problem) -> Option<(usize, usize)> {
        let offset = self.nearest_spans(path).map(|spans| match problem {
            Problem::Invalid { .. } => spans.value.start,
            _ => spans.key.as_ref().unwrap_or(&spans.value).start,
        });
        offset.map(|offset| position(self.text, offset))
    }

    /// The latest override that wrote `path`: by setting it or a table around it, or by
    /// creating it on the way to its own key.
    fn override_of(&self, path: &str) -> Option<&Applied> {
        let created = |set: &Override| within(&set.key, path) && !self.spans.contains_key(path);
        self.overridden
            .iter()
            .rev()
            .find(|applied| within(path, &applied.set.key) || created(&applied.set))
    }

    /// The spans of `path`, or of its closest ancestor written in the file.
    fn nearest_spans(&self, mut path: &str) -> Option<&Spans> {
        loop {
            if let Some(spans) = self.spans.get(path) {
                return Some(spans);
            }
            if path.is_empty() {
                return None;
            }
            path = parent(path);
        }
    }

    fn syntax_error(&self, message: &str, span: Option<Range<usize>>) -> ScenarioError {
        let position = span.map(|span| position(self.text, span.start));
        ScenarioError::new(self.label, position, None, Issue::syntax(message))
    }

    /// Converts a parsed table to plain TOML values, recording spans on the way. The parser keeps
    /// numbers as text; the only failure left is a number too large for 64 bits.
    fn convert_table(
        &mut self,
        table: &DeTable<'_>,
        path: &str,
    ) -> Result<toml::Table, (&'static str, Range<usize>)> {
        let mut converted = toml::Table::new();
        for (key, value) in table.iter() {
            let key_path = join(path, key.get_ref());
            let spans = Spans {
                key: Some(key.span()),
                value: value.span(),
            };
            if self.text[key.span().end..].trim_start().starts_with('.') {
                self.dotted.insert(key_path.clone());
            }
            self.spans.insert(key_path.clone(), spans);
            let value = self.convert_value(value.get_ref(), value.span(), &key_path)?;
            converted.insert(key.get_ref().to_string(), value);
        }
        Ok(converted)
    }

    fn convert_value(
        &mut self,
        value: &DeValue<'_>,
        span: Range<usize>,
        path: &str,
    ) -> Result<Value, (&'static str, Range<usize>)> {
        Ok(match value {
            DeValue::String(text) => Value::String(text.to_string()),
            DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix())
                .map(Value::Integer)
                .map_err(|_| ("integer out of range (it must fit in 64 bits)", span))?,
            DeValue::Float(float) => {
                let x: f64 = float
                    .as_str()
                    .parse()
                    .map_err(|_| ("invalid number", span.clone()))?;
                // `inf` is a TOML float, but an infinity from a literal like `1e400` is an overflow.
                if x.is_infinite() && !float.as_str().contains("inf") {
                    return Err(("number out of range", span));
                }
                Value::Float(x)
            }
            DeValue::Boolean(flag) => Value::Boolean(*flag),
            DeValue::Datetime(datetime) => Value::Datetime(*datetime),
            DeValue::Array(items) => {
                let mut converted = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    let item_path = join(path, &index.to_string());
                    let spans = Spans {
                        key: None,
                        value: item.span(),
                    };
                    self.spans.insert(item_path.clone(), spans);
                    converted.push(self.convert_value(item.get_ref(), item.span(), &item_path)?);
                }
                Value::Array(converted)
            }
            DeValue::Table(table) => Value::Table(self.convert_table(table, path)?),
        })
    }
}

/// `path.key`, or `key` at the top level.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether `path` is `ancestor` or lies inside it; nothing lies inside the top level `""` here,
/// since the top level always comes from the file.
fn within(path: &str, ancestor: &str) -> bool {
    path == ancestor || (path.starts_with(ancestor) && path[ancestor.len()..].starts_with('.'))
}

/// The path of the table holding `path`; `""` for a top-level key.
fn parent(path: &str) -> &str {
    path.rfind('.').map_or("", |dot| &path[..dot])
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text
        .char_indices()
        .take_while(|(index, _)| *index < offset)
        .map(|(_, c)| c);
    let (mut line, mut column) = (1, 1);
    for c in before {
        if c == '\n' {
            (line, column) = (line + 1, 1);
        } else {
            column += 1;
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "a = 1\nné = \"x\"\n";
        assert_eq!(position(text, 0), (1, 1));
        assert_eq!(position(text, 4), (1, 5));
        assert_eq!(position(text, 6), (2, 1));
        // "né = " is 6 bytes but 5 characters.
        assert_eq!(position(text, 12), (2, 6));
        assert_eq!(position(text, 1000), (3, 1));
    }

    #[test]
    fn records_spans_of_keys_values_and_array_entries() {
        let text = "[hours]\nopen = \"08:00\"\n[staffing]\nagents = [1, 2]\n";
        let document = Document::parse(text, "t.toml").unwrap();
        let open = &document.spans["hours.open"];
        assert_eq!(&text[open.key.clone().unwrap()], "open");
        assert_eq!(&text[open.value.clone()], "\"08:00\"");
        assert_eq!(
            &text[document.spans["staffing.agents.1"].value.clone()],
            "2"
        );
    }

    #[test]
    fn converts_every_toml_type() {
        let text =
            "s = 'x'\ni = 0x10\nf = 2.5\nn = nan\nb = true\nt = 08:30\na = [1]\n[x]\ny = 1\n";
        let table = Document::parse(text, "t.toml").unwrap().table;
        assert_eq!(table["i"], Value::Integer(16));
        assert!(matches!(table["n"], Value::Float(x) if x.is_nan()));
        assert_eq!(table["x"]["y"], Value::Integer(1));
        assert!(matches!(table["t"], Value::Datetime(_)));
    }

    #[test]
    fn numbers_out_of_range_are_syntax_errors() {
        for text in ["a = 99999999999999999999", "a = 1e400"] {
            let error = Document::parse(text, "t.toml").unwrap_err();
            assert_eq!(
                (error.line(), error.column()),
                (Some(1), Some(5)),
                "{error}"
            );
            assert!(error.to_string().contains("out of range"), "{error}");
        }
    }
}
