//! `[[variants]]`: what-ifs declared in the scenario file itself, each a name and a `set` table
//! of overrides with the meaning of `--set`. This module reads their form; building each
//! variant (the baseline document with its overrides applied, validated like any scenario) is
//! [`super::from_str_with_variants`]'s job.

use super::document::join;
use super::issue::Issue;
use super::kinds::{Kind, TEXT, non_empty};
use super::names;
use super::overrides::{Override, key_path};
use super::reader::{Field, Table};
use super::schema;
use toml::Value;

/// What `variants` should be.
const EXPECTED: &str = "an array of tables, one `[[variants]]` per variant, each with a `name` and \
     a `set` table such as `set = { \"staffing.agents\" = 27 }`";

/// What a variant's `set` should be.
const SET_EXPECTED: &str = "a table of overrides, each a dotted key path and its value as for \
     --set, such as `set = { \"staffing.agents\" = 27, \"patience.mean\" = \"4m\" }`";

/// A variant's name.
const VARIANT_NAME: Kind<String> = Kind {
    expected: "a non-empty variant name such as \"two more agents\"",
    read: non_empty,
};

/// Keys a variant may not set: pairing a variant with its baseline needs the same seed and
/// replications, and a variant cannot declare variants.
const NOT_SETTABLE: &[&str] = &["seed", "replications", "variants"];

/// A variant as declared in the file.
#[derive(Debug)]
pub(super) struct Declared {
    /// The variant's name.
    pub name: String,
    /// What it changes, in words.
    pub description: String,
    /// Its overrides, each with the key path of its entry in the file (`variants.0.set.KEY`),
    /// in the order of the table's keys; the caller puts them in file order.
    pub overrides: Vec<(Override, String)>,
}

/// Reads every `[[variants]]` entry. `is_dotted` tells whether a key path was written as the
/// leading part of a dotted key: `set = { staffing.agents = 27 }` is TOML for a `staffing`
/// table holding `agents`, and reads as the override `staffing.agents=27`, as the user meant,
/// rather than one replacing the whole `[staffing]` table.
pub(super) fn read(root: &Table, is_dotted: &dyn Fn(&str) -> bool) -> Result<Vec<Declared>, Issue> {
    let Some(field) = root.field("variants") else {
        return Ok(Vec::new());
    };
    let entries = field.entries().ok_or_else(|| field.invalid(EXPECTED))?;
    let mut names = Vec::new();
    let mut declared = Vec::new();
    for entry in entries {
        let table = entry.table(EXPECTED)?;
        table.check_keys(schema::VARIANT)?;
        let name = table
            .required_field("name", VARIANT_NAME.expected)?
            .read_written(&VARIANT_NAME)?;
        let description = table.optional("description", &TEXT)?.unwrap_or_default();
        let set = table.required_table("set", SET_EXPECTED)?;
        let mut overrides = Vec::new();
        for field in set.fields() {
            overrides_of(&field, &set, "", is_dotted, &mut overrides)?;
        }
        if overrides.is_empty() {
            return Err(Issue::invalid(set.path(), "an empty table", SET_EXPECTED));
        }
        declared.push(Declared {
            name: name.value.clone(),
            description,
            overrides,
        });
        names.push(name);
    }
    names::unique(&names, "variant")?;
    Ok(declared)
}

/// The overrides an entry of `set` stands for: one, or one per key under a dotted key.
/// `within` is the table holding the entry (`set`, or the dotted key around it), and `prefix`
/// the scenario key path the dotted keys around the entry spell so far.
fn overrides_of(
    field: &Field,
    within: &Table,
    prefix: &str,
    is_dotted: &dyn Fn(&str) -> bool,
    overrides: &mut Vec<(Override, String)>,
) -> Result<(), Issue> {
    let own = &field.key[within.path().len() + 1..];
    let key = join(prefix, own);
    if is_dotted(&field.key)
        && let Ok(table) = field.table(SET_EXPECTED)
    {
        for inner in table.fields() {
            overrides_of(&inner, &table, &key, is_dotted, overrides)?;
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
        let expected = match first {
            "variants" => "a key path of the scenario; a variant cannot declare variants".into(),
            _ => format!(
                "a key other than `{first}`: a variant runs with the baseline's seed and \
                 replications, so that its replications pair with the baseline's; change \
                 them for both with --seed or --replications"
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
