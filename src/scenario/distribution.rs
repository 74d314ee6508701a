//! Distribution tables — `{ distribution = "lognormal", mean = "4m", cv = 0.6 }` — read into a
//! [`Distribution`]. The `distribution` key picks the family, and the family decides which
//! parameters are allowed.

use super::data_file::DataFile;
use super::issue::{Issue, one_of};
use super::kinds::{CENSORED, CV, DURATION, PHASES, POSITIVE_DURATION, SHAPE, cap};
use super::reader::{Field, Table};
use super::suggest;
use super::units::format_duration;
use crate::column_file;
use crate::dist::{DistError, Distribution};

/// Describes a distribution table for an error message.
const EXPECTED: &str =
    "a distribution table such as { distribution = \"exponential\", mean = \"4m\" }";

/// The keys of every family together.
const EVERY_KEY: &[&str] = &[
    "distribution",
    "mean",
    "value",
    "min",
    "max",
    "sd",
    "cv",
    "shape",
    "scale",
    "k",
    "values",
    "values_file",
    "column",
    "censored",
    "censored_column",
    "tail_mean",
];

/// The families, as the `distribution` key spells them.
#[derive(Clone, Copy, Debug)]
enum Family {
    Exponential,
    Deterministic,
    Uniform,
    LogNormal,
    Gamma,
    Weibull,
    Erlang,
    Empirical,
    KaplanMeier,
}

/// Keys of the families built from observations.
const OBSERVED_KEYS: &[&str] = &[
    "distribution",
    "values",
    "values_file",
    "column",
    "censored",
    "censored_column",
    "tail_mean",
];

impl Family {
    const ALL: [Family; 9] = [
        Family::Exponential,
        Family::Deterministic,
        Family::Uniform,
        Family::LogNormal,
        Family::Gamma,
        Family::Weibull,
        Family::Erlang,
        Family::Empirical,
        Family::KaplanMeier,
    ];

    fn name(self) -> &'static str {
        match self {
            Family::Exponential => "exponential",
            Family::Deterministic => "deterministic",
            Family::Uniform => "uniform",
            Family::LogNormal => "lognormal",
            Family::Gamma => "gamma",
            Family::Weibull => "weibull",
            Family::Erlang => "erlang",
            Family::Empirical => "empirical",
            Family::KaplanMeier => "kaplan_meier",
        }
    }

    /// The keys a table of this family may have.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Family::Exponential => &["distribution", "mean"],
            Family::Deterministic => &["distribution", "value"],
            Family::Uniform => &["distribution", "min", "max"],
            Family::LogNormal | Family::Gamma => &["distribution", "mean", "sd", "cv"],
            Family::Weibull => &["distribution", "shape", "scale", "mean"],
            Family::Erlang => &["distribution", "k", "mean"],
            Family::Empirical | Family::KaplanMeier => OBSERVED_KEYS,
        }
    }

    /// Reads the parameters from `table` and builds the distribution. The outer error is a
    /// parameter that cannot be read; the inner one, the model refusing the combination.
    fn build(self, table: &Table) -> Result<Result<Distribution, DistError>, Issue> {
        let mean = || table.required("mean", &POSITIVE_DURATION);
        Ok(match self {
            Family::Exponential => Distribution::exponential(mean()?),
            Family::Deterministic => {
                Distribution::deterministic(table.required("value", &DURATION)?)
            }
            Family::Uniform => uniform(table)?,
            Family::LogNormal => {
                let mean = mean()?;
                Distribution::lognormal(mean, spread(table, mean)?)
            }
            Family::Gamma => {
                let mean = mean()?;
                Distribution::gamma(mean, spread(table, mean)?)
            }
            Family::Weibull => weibull(table)?,
            Family::Erlang => Distribution::erlang(table.required("k", &PHASES)?, mean()?),
            Family::Empirical => observed(table, false)?,
            Family::KaplanMeier => observed(table, true)?,
        })
    }
}

/// Reads the distribution table `key` of `table`, which must be given.
pub(super) fn required(table: &Table, key: &str) -> Result<Distribution, Issue> {
    read(&table.required_field(key, EXPECTED)?)
}

/// Reads the distribution table `key` of `table`, if given.
pub(super) fn optional(table: &Table, key: &str) -> Result<Option<Distribution>, Issue> {
    table.field(key).map(|field| read(&field)).transpose()
}

/// Describes a time that may be fixed or random, for an error message.
const DURATION_OR_TABLE: &str = "a duration such as \"30s\" (always that long) or a distribution \
                                 table such as { distribution = \"exponential\", mean = \"30s\" }";

/// Reads `field` as a distribution table, or as a duration 0 or more that is always the same
/// (a deterministic distribution). The newer keys (callback dial and retry times, redial delays)
/// take both forms, since a fixed delay is the common case there and a table would be noise.
pub(super) fn fixed_or_random(field: &Field) -> Result<Distribution, Issue> {
    if field.value.is_table() {
        return read(field);
    }
    (DURATION.read)(field.value)
        .and_then(|seconds| Distribution::deterministic(seconds).ok())
        .ok_or_else(|| field.invalid(DURATION_OR_TABLE))
}

/// Reads the delay of a loop that tries again (a redial, a callback's next dial) as
/// [`fixed_or_random`] does, refusing a mean below [`cap::SHORTEST_RETRY_DELAY`]: with a zero
/// delay every attempt of a caller would land at the same instant.
pub(super) fn retry_delay(field: &Field) -> Result<Distribution, Issue> {
    let delay = fixed_or_random(field)?;
    if delay.mean() < cap::SHORTEST_RETRY_DELAY {
        return Err(field.invalid(format!(
            "a delay of at least 1s on average before trying again: {DURATION_OR_TABLE}"
        )));
    }
    Ok(delay)
}

fn read(field: &Field) -> Result<Distribution, Issue> {
    let table = field.table(EXPECTED)?;
    let family = family(&table)?;
    let name = family.name();
    let for_family = |issue: Issue| Issue {
        expected: format!("{} (for distribution = \"{name}\")", issue.expected),
        ..issue
    };
    table.check_keys(family.keys()).map_err(for_family)?;
    family.build(&table)?.map_err(|error| {
        field.invalid(format!(
            "parameters valid for distribution = \"{name}\": {error}"
        ))
    })
}

/// The family named by the `distribution` key.
fn family(table: &Table) -> Result<Family, Issue> {
    let names = || Family::ALL.into_iter().map(Family::name);
    let expected = format!("the family, {}", one_of(names(), '"'));
    let Some(field) = table.field("distribution") else {
        // A misspelt `distribution` key is better reported as that than as a missing family.
        table.check_keys(EVERY_KEY)?;
        return Err(Issue::missing(table.key("distribution"), expected));
    };
    let name = field.value.as_str().unwrap_or_default();
    Family::ALL
        .into_iter()
        .find(|family| family.name() == name)
        .ok_or_else(|| {
            let suggestion = suggest::closest(name, names()).map(|name| format!("\"{name}\""));
            field.invalid(expected).suggesting(suggestion)
        })
}

/// The standard deviation, given directly as `sd` or relative to the mean as `cv`.
fn spread(table: &Table, mean: f64) -> Result<f64, Issue> {
    const EXPECTED: &str = "exactly one of `sd` (the standard deviation, a duration such as \
                            \"3m\") or `cv` (the coefficient of variation, such as 0.6)";
    match (table.field("sd"), table.field("cv")) {
        (Some(sd), None) => sd.read(&POSITIVE_DURATION),
        (None, Some(cv)) => Ok(cv.read(&CV)? * mean),
        (Some(_), Some(cv)) => Err(Issue::conflict(cv.key, table.key("sd"), EXPECTED)),
        (None, None) => Err(Issue::incomplete(table.path(), EXPECTED)),
    }
}

fn uniform(table: &Table) -> Result<Result<Distribution, DistError>, Issue> {
    let min = table.required("min", &DURATION)?;
    let max_field = table.required_field("max", DURATION.expected)?;
    let max = max_field.read(&DURATION)?;
    if max <= min {
        let expected = format!("a duration longer than min (\"{}\")", format_duration(min));
        return Err(max_field.invalid(expected));
    }
    Ok(Distribution::uniform(min, max))
}

/// Weibull, scaled by `scale` or by `mean`; the shape is what makes it different from the
/// exponential (below 1: hang-ups come early), so it is always required.
fn weibull(table: &Table) -> Result<Result<Distribution, DistError>, Issue> {
    const EXPECTED: &str = "exactly one of `mean` (a duration such as \"3m\") or `scale` \
                            (the Weibull scale, a duration)";
    let shape = table.required("shape", &SHAPE)?;
    match (table.field("scale"), table.field("mean")) {
        (Some(scale), None) => {
            let scale = scale.read(&POSITIVE_DURATION)?;
            Ok(Distribution::weibull(shape, scale))
        }
        (None, Some(mean)) => {
            let mean = mean.read(&POSITIVE_DURATION)?;
            Ok(Distribution::weibull_with_mean(shape, mean))
        }
        (Some(_), Some(mean)) => Err(Issue::conflict(mean.key, table.key("scale"), EXPECTED)),
        (None, None) => Err(Issue::incomplete(table.path(), EXPECTED)),
    }
}

/// Where the observations of an empirical or Kaplan–Meier distribution come from.
const SOURCE: &str = "exactly one of `values` (an array of observed durations) or \
                      `values_file` (a CSV file, relative to the scenario file, with `column` \
                      naming the column of seconds)";

/// What a cell of a `values_file` column must hold.
const SECONDS: &str = "a duration in seconds, 0 or more, such as 245.5";

/// What a cell of a `censored_column` must hold.
const FLAG: &str = "a censoring flag: true or 1 (the duration is a lower bound, such as the wait \
                    of a caller who was answered), false or 0 (an observed event)";

/// An empirical distribution, or the Kaplan–Meier estimate when the observations carry
/// censoring flags (or `kaplan_meier` is asked for): from inline `values` (with `censored`) or
/// from a file's column (with `censored_column`).
fn observed(table: &Table, kaplan_meier: bool) -> Result<Result<Distribution, DistError>, Issue> {
    let (values, censored) = match (table.field("values"), table.field("values_file")) {
        (Some(_), Some(file)) => {
            return Err(Issue::conflict(file.key, table.key("values"), SOURCE));
        }
        (Some(_), None) => {
            for key in ["column", "censored_column"] {
                if let Some(field) = table.field(key) {
                    let expected = "`values_file` to read a column from (inline `values` take \
                                    their censoring flags from `censored`)";
                    return Err(Issue::without(
                        field.key,
                        table.key("values_file"),
                        expected,
                    ));
                }
            }
            let values = values(table)?;
            let censored = table
                .field("censored")
                .map(|field| inline_flags(&field, values.len()))
                .transpose()?;
            (values, censored)
        }
        (None, Some(_)) => {
            if let Some(field) = table.field("censored") {
                let expected = "`censored_column` naming the column of censoring flags in \
                                `values_file`";
                return Err(Issue::conflict(
                    field.key,
                    table.key("values_file"),
                    expected,
                ));
            }
            let file = DataFile::open(table, "values_file")?;
            let column = file.column(table, "column", false)?;
            let values = file.values(column, column_file::seconds, SECONDS)?;
            let censored = match table.field("censored_column") {
                Some(_) => {
                    let flags = file.column(table, "censored_column", true)?;
                    Some(file.values(flags, column_file::flag, FLAG)?)
                }
                None => None,
            };
            (values, censored)
        }
        (None, None) => return Err(Issue::incomplete(table.path(), SOURCE)),
    };
    let tail_mean = table.optional("tail_mean", &POSITIVE_DURATION)?;
    match censored {
        None if !kaplan_meier => {
            if let Some(field) = table.field("tail_mean") {
                let expected = "censoring flags (`censored` or `censored_column`): the tail \
                                extends a Kaplan–Meier estimate beyond a censored last value";
                return Err(Issue::without(field.key, table.key("censored"), expected));
            }
            Ok(Distribution::empirical(values))
        }
        censored => {
            let censored = censored.unwrap_or_else(|| vec![false; values.len()]);
            Ok(Distribution::kaplan_meier(values, censored, tail_mean))
        }
    }
}

/// Inline censoring flags, one per value.
fn inline_flags(field: &Field, count: usize) -> Result<Vec<bool>, Issue> {
    let expected = format!(
        "an array of {count} flags, one per value ({})",
        CENSORED.expected
    );
    let flags: Vec<bool> = field
        .entries()
        .ok_or_else(|| field.invalid(&expected))?
        .map(|entry| entry.read(&CENSORED))
        .collect::<Result<_, _>>()?;
    if flags.len() != count {
        return Err(Issue::invalid(
            &field.key,
            format!("{} flags", flags.len()),
            expected,
        ));
    }
    Ok(flags)
}

/// The observed durations of an empirical distribution.
fn values(table: &Table) -> Result<Vec<f64>, Issue> {
    const EXPECTED: &str =
        "a non-empty array of observed durations such as [\"45s\", \"3m\", \"4m30s\"]";
    let field = table.required_field("values", EXPECTED)?;
    match field.entries() {
        Some(entries) => {
            let values: Vec<f64> = entries
                .map(|entry| entry.read(&DURATION))
                .collect::<Result<_, _>>()?;
            if values.is_empty() {
                return Err(field.invalid(EXPECTED));
            }
            Ok(values)
        }
        None => Err(field.invalid(EXPECTED)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_the_union_of_the_families_keys() {
        let mut union: Vec<&str> = Family::ALL.iter().flat_map(|f| f.keys()).copied().collect();
        union.sort_unstable();
        union.dedup();
        let mut every_key = EVERY_KEY.to_vec();
        every_key.sort_unstable();
        assert_eq!(union, every_key);
    }
}
