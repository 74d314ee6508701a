//! Reading TOML tables and values by key, so that every problem names its full key path and
//! says what would have been accepted.

use super::document::join;
use super::issue::{Issue, describe, one_of};
use super::kinds::Kind;
use super::{schema, suggest};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use toml::Value;

/// A table of the scenario and the dotted key path that leads to it.
pub(super) struct Table<'a> {
    path: String,
    entries: &'a toml::Table,
    /// The directory of the scenario file, which the paths of data files are relative to.
    base: &'a Path,
}

/// A value of the scenario and its dotted key path.
pub(super) struct Field<'a> {
    /// Dotted key path, e.g. `handle_time.mean`, `staffing.agents.3` or `classes.1.priority`.
    pub key: String,
    /// The value.
    pub value: &'a Value,
    base: &'a Path,
}

/// A value read from a field, with its key and the way it was written, for checks made after
/// reading that need to quote it.
#[derive(Debug)]
pub(super) struct Written<T> {
    /// The value read.
    pub value: T,
    key: String,
    text: String,
}

impl<T> Written<T> {
    /// Dotted key path the value was read from.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The value as written, quoted for a message.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The value is not what `expected` describes.
    pub fn invalid(&self, expected: impl Into<String>) -> Issue {
        Issue::invalid(&self.key, &self.text, expected)
    }
}

impl<'a> Table<'a> {
    /// The top level of a scenario whose file is in directory `base`.
    pub fn root(entries: &'a toml::Table, base: &'a Path) -> Self {
        Table {
            path: String::new(),
            entries,
            base,
        }
    }

    /// The table at dotted `path` below this one, if every step of the way is a table.
    pub fn descend(&self, path: &str) -> Option<Table<'a>> {
        let mut table = Table {
            path: self.path.clone(),
            entries: self.entries,
            base: self.base,
        };
        for key in path.split('.').filter(|key| !key.is_empty()) {
            table = match table.field(key)?.value {
                Value::Table(entries) => Table {
                    path: table.key(key),
                    entries,
                    base: self.base,
                },
                _ => return None,
            };
        }
        Some(table)
    }

    /// Dotted path of this table; `""` at the top level.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Dotted path of `key` in this table.
    pub fn key(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// Refuses any key outside `allowed`, offering the key probably meant: a near miss in this
    /// table, or the same key in the table it belongs in. Called before reading, so that a
    /// misspelt key is reported as such rather than as the required key it was meant to be.
    pub fn check_keys(&self, allowed: &[&str]) -> Result<(), Issue> {
        let Some(unknown) = self
            .entries
            .keys()
            .find(|key| !allowed.contains(&key.as_str()))
        else {
            return Ok(());
        };
        let suggestion = suggest::closest(unknown, allowed.iter().copied())
            .map(|key| self.key(key))
            .or_else(|| schema::home_of(unknown, &self.path));
        let expected = one_of(allowed.iter().copied(), '`');
        Err(Issue::unknown_key(self.key(unknown), expected)
            .suggesting(suggestion.map(|key| format!("`{key}`"))))
    }

    /// Every key of the table with its value, in key order.
    pub fn fields(&self) -> impl Iterator<Item = Field<'a>> + '_ {
        self.entries.iter().map(|(key, value)| Field {
            key: self.key(key),
            value,
            base: self.base,
        })
    }

    /// Whether `key` is the only key of the table.
    pub fn has_only(&self, key: &str) -> bool {
        self.entries.len() == 1 && self.entries.contains_key(key)
    }

    /// The value of `key`, if given.
    pub fn field(&self, key: &str) -> Option<Field<'a>> {
        self.entries.get(key).map(|value| Field {
            key: self.key(key),
            value,
            base: self.base,
        })
    }

    /// The value of `key`, which must be given.
    pub fn required_field(&self, key: &str, expected: &str) -> Result<Field<'a>, Issue> {
        self.field(key)
            .ok_or_else(|| Issue::missing(self.key(key), expected))
    }

    /// `key` read as `kind`, if given.
    pub fn optional<T>(&self, key: &str, kind: &Kind<T>) -> Result<Option<T>, Issue> {
        self.field(key).map(|field| field.read(kind)).transpose()
    }

    /// `key` read as `kind`; it must be given.
    pub fn required<T>(&self, key: &str, kind: &Kind<T>) -> Result<T, Issue> {
        self.required_field(key, kind.expected)?.read(kind)
    }

    /// The sub-table `key`, which must be given; `expected` describes it.
    pub fn required_table(&self, key: &str, expected: &str) -> Result<Table<'a>, Issue> {
        self.required_field(key, expected)?.table(expected)
    }

    /// The sub-table `key`; when it is not given, an empty table, so every key in it takes its
    /// default. `expected` describes the table.
    pub fn optional_table(&self, key: &str, expected: &str) -> Result<Table<'a>, Issue> {
        static EMPTY: LazyLock<toml::Table> = LazyLock::new(toml::Table::new);
        match self.field(key) {
            Some(field) => field.table(expected),
            None => Ok(Table {
                path: self.key(key),
                entries: &EMPTY,
                base: self.base,
            }),
        }
    }
}

impl<'a> Field<'a> {
    /// The value read as `kind`.
    pub fn read<T>(&self, kind: &Kind<T>) -> Result<T, Issue> {
        (kind.read)(self.value).ok_or_else(|| self.invalid(kind.expected))
    }

    /// The value, which must be one of `names`; a near miss is suggested.
    pub fn choice(&self, names: &[&'static str]) -> Result<&'static str, Issue> {
        let written = self.value.as_str().unwrap_or_default();
        let known = names.iter().copied().find(|name| *name == written);
        known.ok_or_else(|| {
            let suggestion = suggest::closest(written, names.iter().copied());
            self.invalid(one_of(names.iter().copied(), '"'))
                .suggesting(suggestion.map(|name| format!("\"{name}\"")))
        })
    }

    /// The value as a table; `expected` describes it.
    pub fn table(&self, expected: &str) -> Result<Table<'a>, Issue> {
        match self.value {
            Value::Table(entries) => Ok(Table {
                path: self.key.clone(),
                entries,
                base: self.base,
            }),
            _ => Err(self.invalid(expected)),
        }
    }

    /// The entries of an array, each with its own key path (`staffing.agents.3`).
    pub fn entries(&self) -> Option<impl Iterator<Item = Field<'a>>> {
        let Value::Array(items) = self.value else {
            return None;
        };
        Some(items.iter().enumerate().map(|(index, value)| Field {
            key: join(&self.key, &index.to_string()),
            value,
            base: self.base,
        }))
    }

    /// The entries of an array that must have at least one; `expected` describes it.
    pub fn non_empty_entries(
        &self,
        expected: &str,
    ) -> Result<impl Iterator<Item = Field<'a>>, Issue> {
        let mut entries = self
            .entries()
            .ok_or_else(|| self.invalid(expected))?
            .peekable();
        match entries.peek() {
            Some(_) => Ok(entries),
            None => Err(self.invalid(expected)),
        }
    }

    /// The value read as `kind`, remembering how it was written.
    pub fn read_written<T>(&self, kind: &Kind<T>) -> Result<Written<T>, Issue> {
        Ok(self.written(self.read(kind)?))
    }

    /// `value`, read from this field by other means, remembering how the field was written.
    pub fn written<T>(&self, value: T) -> Written<T> {
        Written {
            value,
            key: self.key.clone(),
            text: describe(self.value),
        }
    }

    /// The value is not what `expected` describes.
    pub fn invalid(&self, expected: impl Into<String>) -> Issue {
        Issue::invalid(&self.key, describe(self.value), expected)
    }

    /// The path the value names, relative to the scenario file's directory.
    pub fn relative_path(&self, file: &str) -> PathBuf {
        self.base.join(file)
    }
}
