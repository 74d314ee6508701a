//! Scenario files: TOML text (plus `--set` overrides) in, a validated [`Scenario`] out, or one
//! error that names the file, line, column and key, what was found there and what would be
//! accepted. The file format is documented in `docs/scenarios.md`.
//!
//! ```
//! use ccsim::scenario::{Override, from_str_with_overrides};
//!
//! let text = r#"
//! name = "Small office"
//! [hours]
//! open = "09:00"
//! close = "17:00"
//! [arrivals]
//! calls_per_hour = 40
//! [handle_time]
//! distribution = "lognormal"
//! mean = "-4m"
//! cv = 0.6
//! [staffing]
//! agents = 4
//! "#;
//! let error = ccsim::scenario::from_str(text, "office.toml").unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     r#"office.toml:10:8: `handle_time.mean`: found "-4m"; expected a positive duration up to 8760h (one year), such as "240s", "4m" or "1h30m""#
//! );
//!
//! let fixed: Override = "handle_time.mean=4m".parse().unwrap();
//! let scenario = from_str_with_overrides(text, "office.toml", &[fixed]).unwrap();
//! assert_eq!(scenario.hours.interval_count(), 16);
//! assert_eq!(scenario.pools[0].agents, vec![4; 16]);
//! ```
//!
//! Loading happens in two stages, so that each check has the facts it needs and no more:
//!
//! 1. **Read** (`raw`): the text is parsed keeping the position of every key and value
//!    (`document`), the overrides are applied, and each table is read on its own. Unknown keys
//!    are refused, and every value is checked for its type, unit and range: a duration is a
//!    duration, a number of agents a whole number, a distribution table a valid distribution.
//! 2. **Validate** (`validate`): values that depend on each other are checked together —
//!    per-interval arrays against the number of intervals the opening hours define, the warm-up
//!    against the opening period, class names in pool skills against the classes, shares against
//!    the top-level arrivals — and the [`Scenario`] is built.
//!
//! Who calls and who answers is read by `calls`: a file without `[[classes]]` is one class
//! served by one pool, so every file written before classes existed loads unchanged; `classes`
//! and `pools` read the arrays of tables.
//!
//! What callers are told and offered is read by `contact` (with `announcement`, `callback` and
//! `curve` for probability curves), redials — top-level or per class — by `redial`, and the
//! `enabled` switch those sections share by `switch`.
//!
//! Checks name the dotted key path they concern (array elements by 0-based index, as in
//! `classes.1.handle_time.mean`, which is also what `--set` takes) and never deal with positions;
//! only when an error is reported is the path turned into a line and column, or into the `--set`
//! that supplied it.
//!
//! The TOML is read by hand (`reader`) rather than through `serde` structs: serde's errors are
//! plain strings, without the found/expected parts this module reports separately, and a
//! distribution table selected by its `distribution` key would be an internally tagged enum,
//! inside which `serde_path_to_error` loses the key path.

mod announcement;
mod arrivals;
mod callback;
mod calls;
mod campaigns;
mod classes;
mod contact;
mod curve;
mod data_file;
mod distribution;
mod document;
mod drops;
mod error;
mod forecast;
mod hours;
mod issue;
mod kinds;
mod limits;
mod names;
mod overrides;
mod per_interval;
mod pools;
mod raw;
mod reader;
mod redial;
mod routing;
mod schema;
mod service_level;
mod shift_patterns;
mod shifts;
mod staffing;
mod start;
mod suggest;
mod switch;
mod targets;
mod units;
mod validate;
mod variants;

#[cfg(test)]
mod tests;

pub use error::ScenarioError;
pub use overrides::{Override, ParseOverrideError};
pub use units::{format_clock, format_duration, parse_clock, parse_duration};

use crate::model::{DayMismatch, Scenario, Study, StudyDay};
use document::Document;
use issue::Issue;
use std::path::Path;

/// Reads the scenario file at `path` and applies `overrides` in order.
///
/// A `[[variants]]` section is read for its form only (names, keys of `set`); the variants are
/// not built. [`load_with_variants`] builds them too. A file with `[[days]]` describes a
/// multi-day study, not one scenario, and is refused: [`load_any`] reads either.
///
/// Errors name the file as `path` displays, so relative paths stay short.
pub fn load(path: &Path, overrides: &[Override]) -> Result<Scenario, ScenarioError> {
    let label = path.display().to_string();
    let text = read_file(path, &label)?;
    from_str_with_overrides(&text, &label, overrides)
}

/// Notes on the scenario file at `path` for the person running it: the columns of its
/// `[forecast]` CSV that ccsim does not read, which are ignored. Empty when there are none, or
/// when the file does not load ([`load`] reports why).
pub fn notes(path: &Path, overrides: &[Override]) -> Vec<String> {
    let label = path.display().to_string();
    let Ok(text) = read_file(path, &label) else {
        return Vec::new();
    };
    let Ok(document) = with_overrides(&text, &label, overrides) else {
        return Vec::new();
    };
    let base = path.parent().unwrap_or(Path::new(""));
    let root = reader::Table::root(document.table(), base);
    match forecast::read(&root, base) {
        Ok(Some(forecast)) if !forecast.ignored_columns().is_empty() => vec![format!(
            "{}: ignored the columns ccsim does not read: {}",
            forecast.label(),
            forecast
                .ignored_columns()
                .iter()
                .map(|name| format!("\"{name}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )],
        _ => Vec::new(),
    }
}

/// Reads a scenario from TOML `text`; `file_label` names it in error messages.
pub fn from_str(text: &str, file_label: &str) -> Result<Scenario, ScenarioError> {
    from_str_with_overrides(text, file_label, &[])
}

/// Reads a scenario from TOML `text` and applies `overrides` in order, as `--set` does.
///
/// Files the scenario refers to (a `[forecast]` CSV) are found relative to the directory of
/// `file_label`, taken as the scenario file's path.
pub fn from_str_with_overrides(
    text: &str,
    file_label: &str,
    overrides: &[Override],
) -> Result<Scenario, ScenarioError> {
    let document = with_overrides(text, file_label, overrides)?;
    refuse_days(&document)?;
    let scenario = build(&document)?;
    declared(&document, &variants::VARIANTS)?;
    Ok(scenario)
}

/// What a scenario file describes: one scenario, or a multi-day study (`[[days]]`).
#[derive(Clone, Debug)]
pub enum ScenarioOrStudy {
    /// A scenario of one day (its `[[variants]]` are read for their form only).
    Scenario(Box<Scenario>),
    /// The days of a study, each the file's scenario with the day's `set` applied.
    Study(Study),
}

impl ScenarioOrStudy {
    /// The scenario's name, or the study's.
    pub fn name(&self) -> &str {
        match self {
            ScenarioOrStudy::Scenario(scenario) => &scenario.name,
            ScenarioOrStudy::Study(study) => &study.name,
        }
    }

    /// The scenario, or the study's first day: the seed, replications, hours, classes and
    /// pools every day shares.
    pub fn first(&self) -> &Scenario {
        match self {
            ScenarioOrStudy::Scenario(scenario) => scenario,
            ScenarioOrStudy::Study(study) => study.first(),
        }
    }

    /// Every scenario: the one, or each day's.
    fn scenarios_mut(&mut self) -> Vec<&mut Scenario> {
        match self {
            ScenarioOrStudy::Scenario(scenario) => vec![scenario],
            ScenarioOrStudy::Study(study) => {
                study.days.iter_mut().map(|d| &mut d.scenario).collect()
            }
        }
    }

    /// Runs with this seed (every day of a study).
    pub fn set_seed(&mut self, seed: u64) {
        for scenario in self.scenarios_mut() {
            scenario.seed = seed;
        }
    }

    /// Runs this many replications (every day of a study).
    pub fn set_replications(&mut self, replications: u32) {
        for scenario in self.scenarios_mut() {
            scenario.replications = replications;
        }
    }
}

/// Reads the scenario file at `path`, applies `overrides` (to every day of a study), and builds
/// the scenario or, when the file has `[[days]]`, the study.
pub fn load_any(path: &Path, overrides: &[Override]) -> Result<ScenarioOrStudy, ScenarioError> {
    let label = path.display().to_string();
    let text = read_file(path, &label)?;
    from_str_any(&text, &label, overrides)
}

/// As [`load_any`], from TOML `text`; `file_label` names it in error messages.
///
/// Each day is the file's scenario with `--set` and then the day's own `set` applied, validated
/// like any scenario; errors name the day. The days must share what a study sums over (see
/// [`Study::new`]); a day that does not is refused at the key it differs in. The study is named
/// after the file's `name`.
///
/// ```
/// use ccsim::scenario::{ScenarioOrStudy, from_str_any};
///
/// let text = r#"
/// name = "Week"
/// [hours]
/// open = "09:00"
/// close = "17:00"
/// [arrivals]
/// calls_per_hour = 40
/// [handle_time]
/// distribution = "exponential"
/// mean = "4m"
/// [staffing]
/// agents = 4
///
/// [[days]]
/// name = "Monday"
/// set = { "arrivals.calls_per_hour" = 60, "staffing.agents" = 6 }
///
/// [[days]]
/// name = "Tuesday"
/// set = { "arrivals.calls_per_hour" = 40 }
/// "#;
/// let ScenarioOrStudy::Study(study) = from_str_any(text, "week.toml", &[]).unwrap() else {
///     panic!("a file with [[days]] is a study");
/// };
/// assert_eq!(study.name, "Week");
/// assert_eq!(study.days[0].name, "Monday");
/// assert_eq!(study.days[0].scenario.pools[0].agents, vec![6; 16]);
/// assert_eq!(study.days[1].scenario.pools[0].agents, vec![4; 16]);
///
/// let moved = text.replace(r#""staffing.agents" = 6"#, r#""hours.open" = "08:00""#);
/// let error = from_str_any(&moved, "week.toml", &[]).unwrap_err();
/// assert_eq!(error.day(), Some("Monday"));
/// assert_eq!(error.line(), Some(16));
/// assert!(error.to_string().contains("`hours.open`: found 28800 s; expected 32400 s"));
/// ```
pub fn from_str_any(
    text: &str,
    file_label: &str,
    overrides: &[Override],
) -> Result<ScenarioOrStudy, ScenarioError> {
    let document = with_overrides(text, file_label, overrides)?;
    let days = declared(&document, &variants::DAYS)?;
    if days.is_empty() {
        let scenario = build(&document)?;
        declared(&document, &variants::VARIANTS)?;
        return Ok(ScenarioOrStudy::Scenario(Box::new(scenario)));
    }
    if let Some(variants) = reader::Table::root(document.table(), Path::new("")).field("variants") {
        return Err(document.error(Issue::conflict(
            variants.key,
            "days",
            "either `[[days]]` (a multi-day study) or `[[variants]]` (what-ifs of one day): \
             a study's what-ifs are separate study files, compared by running each",
        )));
    }
    let base = build(&document)?;
    let mut built = Vec::with_capacity(days.len());
    for (index, declared) in days.into_iter().enumerate() {
        let mut document = document.for_day(&declared.name);
        for (set, entry) in &declared.overrides {
            document.set_from_entry(set, entry)?;
        }
        let day = StudyDay {
            scenario: build(&document)?,
            name: declared.name,
        };
        DayMismatch::check(&base, "the file's own scenario", index, &day).map_err(|mismatch| {
            document.error(Issue::invalid(
                mismatch.key,
                mismatch.found,
                mismatch.expected,
            ))
        })?;
        built.push(day);
    }
    let study = Study::new(base.name, built).expect("every day matches the file's own scenario");
    Ok(ScenarioOrStudy::Study(study))
}

/// Refuses a study file where one scenario is expected.
fn refuse_days(document: &Document) -> Result<(), ScenarioError> {
    let days = declared(document, &variants::DAYS)?;
    if days.is_empty() {
        return Ok(());
    }
    Err(document.error(Issue::invalid(
        variants::DAYS.key,
        format!("{} days", days.len()),
        "a scenario of one day: this file is a multi-day study, which `ccsim run`, \
         `validate`, `baseline` and `check` accept; run one of its days alone by copying the file \
         without `[[days]]` and applying that day's `set` with --set",
    )))
}

/// A what-if declared in a scenario file's `[[variants]]`: the baseline with the variant's `set`
/// applied.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The variant's name, unique in its file.
    pub name: String,
    /// What the variant changes, in words (empty when not given).
    pub description: String,
    /// The variant's `set` entries, in file order; they apply after any `--set`.
    pub overrides: Vec<Override>,
    /// The scenario the variant describes, validated like any scenario. Its seed and
    /// replications are the baseline's: a variant may not set them.
    pub scenario: Scenario,
}

/// A scenario file's own scenario (the baseline) and every variant it declares.
#[derive(Clone, Debug)]
pub struct ScenarioWithVariants {
    /// The scenario as written, with `--set` applied.
    pub baseline: Scenario,
    /// The `[[variants]]`, in file order.
    pub variants: Vec<Variant>,
}

/// Reads the scenario file at `path`, applies `overrides`, and builds every variant it
/// declares. Errors in a variant name it, and point at its `set` entry when that entry supplied
/// the offending key or value.
pub fn load_with_variants(
    path: &Path,
    overrides: &[Override],
) -> Result<ScenarioWithVariants, ScenarioError> {
    let label = path.display().to_string();
    let text = read_file(path, &label)?;
    from_str_with_variants(&text, &label, overrides)
}

/// As [`load_with_variants`], from TOML `text`; `file_label` names it in error messages.
///
/// ```
/// let text = r#"
/// name = "Small office"
/// [hours]
/// open = "09:00"
/// close = "17:00"
/// [arrivals]
/// calls_per_hour = 40
/// [handle_time]
/// distribution = "exponential"
/// mean = "4m"
/// [staffing]
/// agents = 4
///
/// [[variants]]
/// name = "one more agent"
/// set = { "staffing.agents" = 5 }
/// "#;
/// let file = ccsim::scenario::from_str_with_variants(text, "office.toml", &[]).unwrap();
/// assert_eq!(file.baseline.pools[0].agents, vec![4; 16]);
/// assert_eq!(file.variants[0].name, "one more agent");
/// assert_eq!(file.variants[0].scenario.pools[0].agents, vec![5; 16]);
///
/// let typo = text.replace("staffing.agents", "staffing.agnets");
/// let error = ccsim::scenario::from_str_with_variants(&typo, "office.toml", &[]).unwrap_err();
/// assert_eq!(error.line(), Some(16));
/// assert_eq!(error.variant(), Some("one more agent"));
/// assert!(error.to_string().contains("`staffing.agnets`: unknown key (did you mean `staffing.agents`?)"));
/// ```
pub fn from_str_with_variants(
    text: &str,
    file_label: &str,
    overrides: &[Override],
) -> Result<ScenarioWithVariants, ScenarioError> {
    let document = with_overrides(text, file_label, overrides)?;
    refuse_days(&document)?;
    let baseline = build(&document)?;
    let variants = declared(&document, &variants::VARIANTS)?
        .into_iter()
        .map(|declared| {
            let mut variant = document.for_variant(&declared.name);
            for (set, entry) in &declared.overrides {
                variant.set_from_entry(set, entry)?;
            }
            Ok(Variant {
                name: declared.name,
                description: declared.description,
                overrides: declared.overrides.into_iter().map(|(set, _)| set).collect(),
                scenario: build(&variant)?,
            })
        })
        .collect::<Result<_, ScenarioError>>()?;
    Ok(ScenarioWithVariants { baseline, variants })
}

fn read_file(path: &Path, label: &str) -> Result<String, ScenarioError> {
    crate::column_file::read_regular_text_or_reason(path, "scenario file (TOML)")
        .map_err(|reason| ScenarioError::unreadable(label, &reason))
}

/// The parsed text with `overrides` applied in order.
fn with_overrides<'t>(
    text: &'t str,
    file_label: &'t str,
    overrides: &[Override],
) -> Result<Document<'t>, ScenarioError> {
    let mut document = Document::parse(text, file_label)?;
    for set in overrides {
        document.set(set)?;
    }
    Ok(document)
}

/// The scenario the document describes (its `[[variants]]` aside). Files it names (a forecast)
/// are found next to the scenario file.
fn build(document: &Document) -> Result<Scenario, ScenarioError> {
    let base = Path::new(document.label())
        .parent()
        .unwrap_or(Path::new(""));
    raw::read(document.table(), base)
        .and_then(validate::scenario)
        .map_err(|issue| document.error(issue))
}

/// The document's `[[variants]]` or `[[days]]`, each with its overrides in file order.
fn declared(
    document: &Document,
    section: &variants::Section,
) -> Result<Vec<variants::Declared>, ScenarioError> {
    let root = reader::Table::root(document.table(), Path::new(""));
    let mut declared = variants::read(&root, section, &|path| document.is_dotted(path))
        .map_err(|issue| document.error(issue))?;
    for variant in &mut declared {
        variant
            .overrides
            .sort_by_key(|(_, entry)| document.offset_of(entry));
    }
    Ok(declared)
}
