//! `[[shift_patterns]]`: the shapes of shift `ccsim staff --shifts` may roster — a length, a
//! window of start times, breaks placed from the start, and an optional cost and limit.

use super::issue::Issue;
use super::kinds::{
    CLOCK, FLAG, Kind, NAME, PATTERN_AGENTS, POOL_NAME, POSITIVE_DURATION, SHIFT_COST,
};
use super::reader::{Table, Written};
use super::schema;
use super::units::{format_clock, format_duration};
use crate::model::{Hours, PatternBreak, ShiftPattern};

pub(super) const EXPECTED: &str = "one [[shift_patterns]] table per allowed shape of shift, \
                                   such as { name = \"day\", length = \"8h30m\", earliest = \
                                   \"07:00\", latest = \"10:00\", breaks = [{ after = \"4h\", \
                                   length = \"30m\", paid = false }] }";

const BREAKS: &str = "an array of breaks, each a table such as { after = \"4h\", length = \
                      \"30m\", paid = false }";

/// A pattern as written, before it is checked against the hours and the pools.
#[derive(Debug)]
pub(super) struct RawPattern {
    path: String,
    name: Written<String>,
    pool: Option<Written<String>>,
    length: Written<f64>,
    earliest: Written<f64>,
    latest: Option<Written<f64>>,
    every: Option<Written<f64>>,
    breaks: Vec<PatternBreak>,
    cost: Option<f64>,
    max_agents: Option<u32>,
}

/// Reads every `[[shift_patterns]]` table (none when the key is absent).
pub(super) fn read(root: &Table) -> Result<Vec<RawPattern>, Issue> {
    let Some(field) = root.field("shift_patterns") else {
        return Ok(Vec::new());
    };
    field
        .non_empty_entries(EXPECTED)?
        .map(|entry| pattern(&entry.table(EXPECTED)?))
        .collect()
}

fn pattern(table: &Table) -> Result<RawPattern, Issue> {
    table.check_keys(schema::SHIFT_PATTERN)?;
    let name = table
        .required_field("name", NAME.expected)?
        .read_written(&NAME)?;
    let length = (table.required_field("length", POSITIVE_DURATION.expected)?)
        .read_written(&POSITIVE_DURATION)?;
    let mut breaks: Vec<PatternBreak> = Vec::new();
    if let Some(field) = table.field("breaks") {
        let entries = field.entries().ok_or_else(|| field.invalid(BREAKS))?;
        for entry in entries {
            let shift_break = entry.table(BREAKS)?;
            shift_break.check_keys(schema::PATTERN_BREAK)?;
            let after = (shift_break.required_field("after", POSITIVE_DURATION.expected)?)
                .read_written(&POSITIVE_DURATION)?;
            let break_length = (shift_break
                .required_field("length", POSITIVE_DURATION.expected)?)
            .read_written(&POSITIVE_DURATION)?;
            let paid = shift_break.optional("paid", &FLAG)?.unwrap_or(true);
            if let Some(last) = breaks.last()
                && after.value < last.after + last.length
            {
                return Err(after.invalid(format!(
                    "a break starting at or after the end of the previous one ({} into the \
                     shift), breaks in order",
                    format_duration(last.after + last.length)
                )));
            }
            if after.value + break_length.value >= length.value {
                return Err(break_length.invalid(format!(
                    "a break that ends before the shift does ({} after its start)",
                    length.text()
                )));
            }
            breaks.push(PatternBreak {
                after: after.value,
                length: break_length.value,
                paid,
            });
        }
    }
    Ok(RawPattern {
        path: table.path().to_string(),
        pool: written(table, "pool", &POOL_NAME)?,
        earliest: (table.required_field("earliest", CLOCK.expected)?).read_written(&CLOCK)?,
        latest: written(table, "latest", &CLOCK)?,
        every: written(table, "every", &POSITIVE_DURATION)?,
        cost: table.optional("cost", &SHIFT_COST)?,
        max_agents: table.optional("max_agents", &PATTERN_AGENTS)?,
        name,
        length,
        breaks,
    })
}

/// `key` read as `kind` with how it was written, if given.
fn written<T>(table: &Table, key: &str, kind: &Kind<T>) -> Result<Option<Written<T>>, Issue> {
    (table.field(key))
        .map(|field| field.read_written(kind))
        .transpose()
}

/// The patterns checked against the opening hours and the pools: start times within a window
/// that keeps the whole shift open, a pool named when the scenario has several, names unique,
/// and either every pattern priced or none.
pub(super) fn build(
    raw: &[RawPattern],
    hours: &Hours,
    pool_names: &[&str],
    named_pools: bool,
) -> Result<Vec<ShiftPattern>, Issue> {
    let mut patterns: Vec<ShiftPattern> = Vec::with_capacity(raw.len());
    for pattern in raw {
        if let Some(other) = patterns.iter().find(|p| p.name == pattern.name.value) {
            return Err(pattern.name.invalid(format!(
                "a name no other shift pattern has (\"{}\" is taken)",
                other.name
            )));
        }
        let pool = match (&pattern.pool, named_pools) {
            (Some(name), true) => {
                (pool_names.iter().position(|p| *p == name.value)).ok_or_else(|| {
                    let names: Vec<String> =
                        pool_names.iter().map(|p| format!("\"{p}\"")).collect();
                    name.invalid(format!("the name of a pool: {}", names.join(", ")))
                })?
            }
            (None, true) => {
                return Err(Issue::missing(
                    format!("{}.pool", pattern.path),
                    "the name of the pool whose agents work the pattern",
                ));
            }
            (Some(name), false) => {
                return Err(name.invalid(
                    "no `pool` without [[pools]]: every pattern is for the agents of [staffing]",
                ));
            }
            (None, false) => 0,
        };
        patterns.push(ShiftPattern {
            name: pattern.name.value.clone(),
            pool,
            length: pattern.length.value,
            starts: starts(pattern, hours)?,
            breaks: pattern.breaks.clone(),
            cost: pattern.cost,
            max_agents: pattern.max_agents,
        });
    }
    let priced = raw.iter().filter(|p| p.cost.is_some()).count();
    if priced > 0
        && let Some(unpriced) = raw.iter().find(|p| p.cost.is_none())
    {
        return Err(Issue::missing(
            format!("{}.cost", unpriced.path),
            "a cost for every shift pattern once one has a cost (the planner compares them)",
        ));
    }
    Ok(patterns)
}

/// The start times of a pattern: from `earliest` to `latest` every `every` (the interval
/// length by default), each leaving the whole shift within the opening hours.
fn starts(pattern: &RawPattern, hours: &Hours) -> Result<Vec<f64>, Issue> {
    let earliest = &pattern.earliest;
    let latest_allowed = hours.close - pattern.length.value;
    if latest_allowed < hours.open {
        return Err(pattern.length.invalid(format!(
            "a shift no longer than the opening hours ({} from {} to {})",
            format_duration(hours.close - hours.open),
            format_clock(hours.open),
            format_clock(hours.close)
        )));
    }
    let window = format!(
        "a start time from {} to {}, so that the whole shift ({}) is within the opening hours",
        format_clock(hours.open),
        format_clock(latest_allowed),
        pattern.length.text()
    );
    if earliest.value < hours.open || earliest.value > latest_allowed {
        return Err(earliest.invalid(window));
    }
    let latest = match &pattern.latest {
        Some(latest) if latest.value < earliest.value => {
            return Err(latest.invalid(format!(
                "a clock time at or after `earliest` ({})",
                earliest.text()
            )));
        }
        Some(latest) if latest.value > latest_allowed => return Err(latest.invalid(window)),
        Some(latest) => latest.value,
        None => earliest.value,
    };
    let every = pattern.every.as_ref().map_or(hours.interval, |e| e.value);
    let count = ((latest - earliest.value) / every + 1e-9).floor() as usize + 1;
    Ok((0..count)
        .map(|k| earliest.value + k as f64 * every)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::document::Document;

    fn build_from(text: &str) -> Result<Vec<ShiftPattern>, Issue> {
        let document = Document::parse(text, "t.toml").unwrap();
        let raw = read(&Table::root(document.table(), std::path::Path::new("")))?;
        let hours = Hours {
            open: 8.0 * 3600.0,
            close: 20.0 * 3600.0,
            interval: 1800.0,
        };
        build(&raw, &hours, &["agents"], false)
    }

    #[test]
    fn a_window_gives_every_start_at_the_step_and_breaks_keep_their_pay() {
        let patterns = build_from(
            r#"
[[shift_patterns]]
name = "day"
length = "8h"
earliest = "08:00"
latest = "10:00"
every = "1h"
breaks = [{ after = "4h", length = "30m", paid = false }]
"#,
        )
        .unwrap();
        let hour = 3600.0;
        assert_eq!(patterns[0].starts, [8.0 * hour, 9.0 * hour, 10.0 * hour]);
        assert_eq!(patterns[0].paid_seconds(), 7.5 * hour);
    }

    #[test]
    fn a_start_that_would_run_past_closing_is_refused_with_the_window() {
        let error = build_from(
            r#"
[[shift_patterns]]
name = "late"
length = "8h"
earliest = "13:00"
"#,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("shift_patterns.0.earliest"), "{error}");
        assert!(error.contains("from 08:00 to 12:00"), "{error}");
    }

    #[test]
    fn prices_are_all_or_nothing_and_names_unique() {
        let priced = r#"
[[shift_patterns]]
name = "a"
length = "4h"
earliest = "08:00"
cost = 60

[[shift_patterns]]
name = "b"
length = "4h"
earliest = "12:00"
"#;
        let error = build_from(priced).unwrap_err().to_string();
        assert!(error.contains("shift_patterns.1.cost"), "{error}");
        let twice = priced.replace("name = \"b\"", "name = \"a\"");
        let error = build_from(&twice).unwrap_err().to_string();
        assert!(error.contains("is taken"), "{error}");
    }
}
