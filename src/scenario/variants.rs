//! `[[variants]]` and `[[days]]`: scenarios declared in the scenario file itself as the file's
//! own scenario changed by a `set` table of overrides with the meaning of `--set`. A variant is
//! a what-if compared with the baseline; a day is one day of a multi-day study. This module
//! reads their form; building each (the baseline document with its overrides applied,
//! validated like any scenario) is [`super::from_str_with_variants`]'s and
//! [`super::from_str_any`]'s job.

use super::document::join;
use super::issue::Issue;
use super::kinds::{Kind, TEXT, non_empty};
use super::names;
use super::overrides::{Override, key_path};
use super::reader::{Field, Table};
use super::schema;
use toml::Value;

/// An array of tables whose entries each declare a scenario by overrides.
pub(super) struct Section {
    /// The top-level key: `variants` or `days`.
    pub key: &'static str,
    /// The word for one entry in error messages: "variant" or "day".
    word: &'static str,
    /// What the section should be.
    expected: &'static str,
    /// Keys of each entry.
    keys: &'static [&'static str],
    /// An entry's name.
    name: Kind<String>,
    /// Why `seed` and `replications` cannot be set by an entry.
    shared_reason: &'static str,
    /// Whether an entry may leave `set` out or empty: a day may be the file's own scenario,
    /// a variant that changes nothing is a mistake.
    set_optional: bool,
}

/// `[[variants]]`: what-ifs compared with the baseline.
pub(super) const VARIANTS: Section = Section {
    key: "variants",
    word: "variant",
    expected: "an array of tables, one `[[variants]]` per variant, each with a `name` and a \
         `set` table such as `set = { \"staffing.agents\" = 27 }`",
    keys: schema::VARIANT,
    name: Kind {
        expected: "a non-empty variant name such as \"two more agents\"",
        read: non_empty,
    },
    shared_reason: "a variant runs with the baseline's seed and replications, so that its \
         replications pair with the baseline's",
    set_optional: false,
};

/// `[[days]]`: the days of a multi-day study.
pub(super) const DAYS: Section = Section {
    key: "days",
    word: "day",
    expected: "an array of tables, one `[[days]]` per day, each with a `name` and a `set` table \
         such as `set = { \"arrivals.calls_per_hour\" = [120, 140] }`",
    keys: schema::DAY,
    name: Kind {
        expected: "a non-empty day name such as \"1999-07-01\" or \"Monday\"",
        read: non_empty,
    },
    shared_reason: "every day of a study runs with the study's seed and replications, so that \
         replication r of the study is replication r of every day",
    set_optional: true,
};

/// What a variant's `set` should be.
const SET_EXPECTED: &str = "a table of overrides, each a dotted key path and its value as for \
     --set, such as `set = { \"staffing.agents\" = 27, \"patience.mean\" = \"4m\" }`";

/// Keys an entry may not set: the seed and replications (see [`Section::shared_reason`]), and
/// the sections of declared scenarios themselves.
const NOT_SETTABLE: &[&str] = &["seed", "replications", "variants", "days"];

/// A variant or day as declared in the file.
#[derive(Debug)]
pub(super) struct Declared {
    /// The entry's name.
    pub name: String,
    /// What it changes, in words (variants only; empty for days).
    pub description: String,
    /// Its overrides, each with the key path of its entry in the file (`variants.0.set.KEY`),
    /// in the order of the table's keys; the caller puts them in file order.
    pub overrides: Vec<(Override, String)>,
}

/// Reads every entry of `section`. `is_dotted` tells whether a key path was written as the
/// leading part of a dotted key: `set = { staffing.agents = 27 }` is TOML for a `staffing`
/// table holding `agents`, and reads as the override `staffing.agents=27`, as the user meant,
/// rather than one replacing the whole `[staffing]` table.
pub(super) fn read(
    root: &Table,
    section: &Section,
    is_dotted: &dyn Fn(&str) -> bool,
) -> Result<Vec<Declared>, Issue> {
    let Some(field) = root.field(section.key) else {
        return Ok(Vec::new());
    };
    let entries = field
        .entries()
        .ok_or_else(|| field.invalid(section.expected))?;
    let mut names = Vec::new();
    let mut declared = Vec::new();
    for entry in entries {
        let table = entry.table(section.expected)?;
        table.check_keys(section.keys)?;
        let name = table
            .required_field("name", section.name.expected)?
            .read_written(&section.name)?;
        let description = table.optional("description", &TEXT)?.unwrap_or_default();
        let set = match section.set_optional {
            true => table.optional_table("set", SET_EXPECTED)?,
            false => table.required_table("set", SET_EXPECTED)?,
        };
        let mut overrides = Vec::new();
        for field in set.fields() {
            overrides_of(&field, &set, "", section, is_dotted, &mut overrides)?;
        }
        if overrides.is_empty() && !section.set_optional {
            return Err(Issue::invalid(set.path(), "an empty table", SET_EXPECTED));
        }
        declared.push(Declared {
            name: name.value.clone(),
            description,
            overrides,
        });
        names.push(name);
    }
    names::unique(&names, section.word)?;
    Ok(declared)
}

/// The overrides an entry of `set` stands for: one, or one per key under a dotted key.
/// `within` is the table holding the entry (`set`, or the dotted key around it), and `prefix`
/// the scenario key path the dotted keys around the entry spell so far.
fn overrides_of(
    field: &Field,
    within: &Table,
    prefix: &str,
    section: &Section,
    is_dotted: &dyn Fn(&str) -> bool,
    overrides: &mut Vec<(Override, String)>,
) -> Result<(), Issue> {
    let own = &field.key[within.path().len() + 1..];
    let key = join(prefix, own);
    if is_dotted(&field.key)
        && let Ok(table) = field.table(SET_EXPECTED)
    {
        for inner in table.fields() {
            overrides_of(&inner, &table, &key, section, is_dotted, overrides)?;
        }
        return Ok(());
    }
    let key = key_path(&key).map_err(|reason| {
        let expected = format!(
            "a dotted key path of the scenario, such as \"staffing.agents\" or \
             \"classes.1.priority\", not {reason}"
        );
        Issue::invalid(&field.key, format!("{key:?}"), expected)
    })?;
    let first = key.split('.').next().unwrap_or_default();
    if NOT_SETTABLE.contains(&first) {
        let word = section.word;
        let expected = match first {
            "variants" | "days" => {
                format!("a key path of the scenario; a {word} cannot declare {first}")
            }
            _ => format!(
                "a key other than `{first}`: {}; change them for all with --seed or \
                 --replications",
                section.shared_reason
            ),
        };
        return Err(Issue::invalid(&field.key, format!("{key:?}"), expected));
    }
    let value = match field.value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    overrides.push((Override { key, value }, field.key.clone()));
    Ok(())
}
