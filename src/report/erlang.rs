//! The Erlang calculator's results ([`crate::analytic::calculator`]) as a table, CSV and
//! versioned JSON, with one set of labels and keys for Erlang B, C, A and X.
//!
//! Numbers are written to be read: shares as percentages, with "< 0.01%" rather than a
//! 300-digit zero when a probability is tiny, and engineering notation for huge waits. The
//! JSON and CSV keep the exact values (in exponent form when they are very small or large).

use super::clock_time;
use super::format::{duration, write_aligned};
use crate::analytic::calculator::{Formula, Measures, Targets, Traffic};
use serde_json::{Value, json};
use std::io::{self, Write};

/// Version of the JSON written by [`erlang_to_json`]; it changes when a key changes meaning or
/// goes away.
pub const ERLANG_SCHEMA_VERSION: u32 = 1;

/// A staffing and what the formula says of it, or why it refused.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluated {
    /// Agents on the phones.
    pub agents: u32,
    /// The measures, or the formula's refusal (an unstable Erlang C queue, say).
    pub outcome: Result<Measures, String>,
}

/// The answer to "how many agents meet the targets?".
#[derive(Clone, Debug, PartialEq)]
pub enum Required {
    /// The fewest agents that do, and their measures.
    Met(Measures),
    /// No calls are offered: no agent is needed.
    NoCalls,
    /// Not even this many agents do.
    Unreachable {
        /// The most agents tried.
        most: u32,
    },
    /// The formula refuses the parameters whatever the staffing.
    Refused(String),
}

/// One or more staffings of one traffic, and the staffing the targets require.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffingTable {
    /// The formula and its parameters.
    pub formula: Formula,
    /// Calls per hour, when given as such.
    pub calls_per_hour: Option<f64>,
    /// The traffic.
    pub traffic: Traffic,
    /// Service-level threshold, seconds (Erlang B has none).
    pub threshold: Option<f64>,
    /// The targets given (none: no staffing is required).
    pub targets: Targets,
    /// The requirement, when targets are given.
    pub required: Option<Required>,
    /// The staffings asked for, in order.
    pub rows: Vec<Evaluated>,
}

/// One interval of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct IntervalRow {
    /// Start and end, seconds since midnight.
    pub start: f64,
    /// End of the interval.
    pub end: f64,
    /// The formula with this interval's parameters (its callers' mean patience).
    pub formula: Formula,
    /// The interval's traffic.
    pub traffic: Traffic,
    /// The scenario's agents on the phones in the interval and their measures.
    pub scenario: Evaluated,
    /// The agents the targets require, when targets are given.
    pub required: Option<Required>,
}

/// Every interval of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct IntervalTable {
    /// The scenario's name.
    pub name: String,
    /// The scenario file.
    pub file: String,
    /// Service-level threshold, seconds (Erlang B has none).
    pub threshold: Option<f64>,
    /// The targets given.
    pub targets: Targets,
    /// The intervals in order.
    pub intervals: Vec<IntervalRow>,
}

/// What `ccsim erlang` computed.
#[derive(Clone, Debug, PartialEq)]
pub enum ErlangReport {
    /// Staffings of one traffic.
    Staffings(StaffingTable),
    /// Every interval of a scenario.
    Intervals(IntervalTable),
}

/// A measure: its JSON/CSV key, its table label, and how to read it.
struct Column {
    key: &'static str,
    label: &'static str,
    value: fn(&Measures) -> f64,
    text: fn(f64) -> String,
}

const COLUMNS: [Column; 10] = [
    Column {
        key: "offered_load",
        label: "load",
        value: |m| m.offered_load,
        text: plain,
    },
    Column {
        key: "service_level",
        label: "service level",
        value: |m| m.service_level,
        text: percent,
    },
    Column {
        key: "asa_s",
        label: "ASA",
        value: |m| m.asa,
        text: duration,
    },
    Column {
        key: "p_wait",
        label: "P(wait)",
        value: |m| m.p_wait,
        text: percent,
    },
    Column {
        key: "abandon_rate",
        label: "abandoned",
        value: |m| m.abandon_rate,
        text: percent,
    },
    Column {
        key: "p_blocked",
        label: "blocked",
        value: |m| m.p_blocked,
        text: percent,
    },
    Column {
        key: "occupancy",
        label: "occupancy",
        value: |m| m.occupancy,
        text: percent,
    },
    Column {
        key: "mean_queue_length",
        label: "queue",
        value: |m| m.mean_queue_length,
        text: plain,
    },
    Column {
        key: "redial_share",
        label: "redials",
        value: |m| m.redial_share,
        text: percent,
    },
    Column {
        key: "callers_answered",
        label: "callers answered",
        value: |m| m.callers_answered,
        text: percent,
    },
];

/// The columns a formula's table shows: those its model can make other than 0 (JSON and CSV
/// have them all).
fn shown(formula: &Formula) -> Vec<&'static Column> {
    let keys: &[&str] = match formula {
        Formula::B => &["offered_load", "p_blocked", "occupancy"],
        Formula::C => &[
            "offered_load",
            "service_level",
            "asa_s",
            "p_wait",
            "occupancy",
            "mean_queue_length",
        ],
        Formula::A { .. } => &[
            "offered_load",
            "service_level",
            "asa_s",
            "p_wait",
            "abandon_rate",
            "occupancy",
            "mean_queue_length",
        ],
        Formula::X { .. } => &[
            "offered_load",
            "service_level",
            "asa_s",
            "p_wait",
            "abandon_rate",
            "p_blocked",
            "occupancy",
            "mean_queue_length",
            "redial_share",
            "callers_answered",
        ],
    };
    COLUMNS.iter().filter(|c| keys.contains(&c.key)).collect()
}

/// A share as a percentage with two decimals; "< 0.01%" and "> 99.99%" where two decimals
/// would round a value that is not 0 or 1 to one that is.
fn percent(share: f64) -> String {
    if share > 0.0 && share < 0.00005 {
        "< 0.01%".into()
    } else if share < 1.0 && share > 0.99995 {
        "> 99.99%".into()
    } else {
        format!("{:.2}%", share * 100.0)
    }
}

/// A load or a queue length with two decimals, in engineering notation from a million on.
fn plain(value: f64) -> String {
    if value.abs() >= 1e6 {
        format!("{value:.2e}")
    } else {
        format!("{value:.2}")
    }
}

/// A number for CSV: Rust's shortest exact form, in exponent form when it is very small or very
/// large (where the plain form would run to hundreds of digits).
fn csv_number(value: f64) -> String {
    let size = value.abs();
    if value != 0.0 && !(1e-4..1e15).contains(&size) {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

/// Mean patience, lines and redials of a formula, as JSON.
fn formula_json(formula: &Formula) -> Value {
    match formula {
        Formula::B | Formula::C => json!({}),
        Formula::A { mean_patience } => json!({ "patience_s": mean_patience }),
        Formula::X {
            mean_patience,
            lines,
            redials,
        } => json!({
            "patience_s": mean_patience,
            "lines": lines,
            "redial_after_blocked": redials.after_blocked,
            "redial_after_abandoned": redials.after_abandoned,
            "max_attempts": redials.max_attempts,
        }),
    }
}

fn measures_json(measures: &Measures) -> Value {
    let mut object = serde_json::Map::new();
    object.insert("agents".into(), json!(measures.agents));
    for column in &COLUMNS {
        object.insert(column.key.into(), json!((column.value)(measures)));
    }
    Value::Object(object)
}

fn targets_json(targets: &Targets, threshold: Option<f64>) -> Value {
    if targets.is_empty() {
        return Value::Null;
    }
    json!({
        "service_level": targets.service_level,
        "threshold_s": targets.service_level.and(threshold),
        "max_asa_s": targets.max_asa,
        "max_abandon": targets.max_abandon,
    })
}

fn required_json(required: &Option<Required>) -> (Value, Value) {
    match required {
        None => (Value::Null, Value::Null),
        Some(Required::Met(m)) => (json!(m.agents), measures_json(m)),
        Some(Required::NoCalls) => (json!(0), Value::Null),
        Some(Required::Unreachable { .. } | Required::Refused(_)) => (Value::Null, Value::Null),
    }
}

fn refusal(required: &Option<Required>) -> Option<String> {
    match required {
        Some(Required::Unreachable { most }) => {
            Some(format!("no staffing up to {most} agents meets the targets"))
        }
        Some(Required::Refused(reason)) => Some(reason.clone()),
        _ => None,
    }
}

/// The report as versioned JSON (docs/report-format.md).
pub fn erlang_to_json(report: &ErlangReport) -> Value {
    // Every row has every key: a refused staffing's measures are null, with the reason.
    let evaluated = |e: &Evaluated, targets: &Targets| {
        let mut value = match &e.outcome {
            Ok(m) => measures_json(m),
            Err(_) => {
                let mut object = serde_json::Map::new();
                object.insert("agents".into(), json!(e.agents));
                for column in &COLUMNS {
                    object.insert(column.key.into(), Value::Null);
                }
                Value::Object(object)
            }
        };
        value["meets_targets"] = match &e.outcome {
            _ if targets.is_empty() => Value::Null,
            Ok(m) => json!(targets.met_by(m)),
            Err(_) => json!(false),
        };
        value["refused"] = json!(e.outcome.as_ref().err());
        value
    };
    match report {
        ErlangReport::Staffings(table) => {
            let (required_agents, required) = required_json(&table.required);
            json!({
                "schema_version": ERLANG_SCHEMA_VERSION,
                "kind": "erlang",
                "ccsim_version": env!("CARGO_PKG_VERSION"),
                "formula": table.formula.key(),
                "inputs": {
                    "calls_per_hour": table.calls_per_hour,
                    "aht_s": table.traffic.timing.map(|(_, aht)| aht),
                    "offered_load": table.traffic.load,
                    "threshold_s": table.threshold,
                    "parameters": formula_json(&table.formula),
                },
                "targets": targets_json(&table.targets, table.threshold),
                "required_agents": required_agents,
                "required": required,
                "rows": table.rows.iter().map(|e| evaluated(e, &table.targets)).collect::<Vec<_>>(),
            })
        }
        ErlangReport::Intervals(table) => {
            let formula = table
                .intervals
                .first()
                .map_or("erlang", |row| row.formula.key());
            let intervals: Vec<Value> = table
                .intervals
                .iter()
                .map(|row| {
                    let (required_agents, required) = required_json(&row.required);
                    json!({
                        "start": clock_time(row.start),
                        "end": clock_time(row.end),
                        "calls_per_hour": row.traffic.timing.map(|(rate, _)| rate * 3600.0),
                        "aht_s": row.traffic.timing.map(|(_, aht)| aht),
                        "offered_load": row.traffic.load,
                        "parameters": formula_json(&row.formula),
                        "scenario": evaluated(&row.scenario, &table.targets),
                        "required_agents": required_agents,
                        "required": required,
                        "required_refused": refusal(&row.required),
                    })
                })
                .collect();
            json!({
                "schema_version": ERLANG_SCHEMA_VERSION,
                "kind": "erlang_intervals",
                "ccsim_version": env!("CARGO_PKG_VERSION"),
                "formula": formula,
                "scenario": { "name": table.name, "file": table.file },
                "threshold_s": table.threshold,
                "targets": targets_json(&table.targets, table.threshold),
                "intervals": intervals,
            })
        }
    }
}

/// The measure columns of a CSV row: every measure, empty when refused.
fn measure_fields(outcome: Option<&Measures>) -> Vec<String> {
    COLUMNS
        .iter()
        .map(|column| outcome.map_or_else(String::new, |m| csv_number((column.value)(m))))
        .collect()
}

/// The report as CSV: one row per staffing, or per interval.
pub fn write_erlang_csv(out: &mut dyn Write, report: &ErlangReport) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let measure_keys = COLUMNS.iter().map(|c| c.key.to_string());
    match report {
        ErlangReport::Staffings(table) => {
            let mut header = vec!["formula".to_string(), "agents".into()];
            header.extend(measure_keys);
            header.extend(["meets_targets", "required", "refused"].map(String::from));
            writer.write_record(&header)?;
            let required_agents = match &table.required {
                Some(Required::Met(m)) => Some(m.agents),
                _ => None,
            };
            for row in &table.rows {
                let measures = row.outcome.as_ref().ok();
                let mut fields = vec![table.formula.key().to_string(), row.agents.to_string()];
                fields.extend(measure_fields(measures));
                fields.push(match measures {
                    Some(m) if !table.targets.is_empty() => table.targets.met_by(m).to_string(),
                    _ => String::new(),
                });
                fields.push((required_agents == Some(row.agents)).to_string());
                fields.push(row.outcome.as_ref().err().cloned().unwrap_or_default());
                writer.write_record(&fields)?;
            }
        }
        ErlangReport::Intervals(table) => {
            let mut header: Vec<String> = [
                "start",
                "end",
                "formula",
                "calls_per_hour",
                "aht_s",
                "patience_s",
                "lines",
                "agents",
            ]
            .map(String::from)
            .to_vec();
            header.extend(measure_keys.clone());
            header.push("refused".into());
            header.push("required_agents".into());
            header.extend(measure_keys.map(|key| format!("required_{key}")));
            header.push("required_refused".into());
            writer.write_record(&header)?;
            for row in &table.intervals {
                let (patience, lines) = match row.formula {
                    Formula::A { mean_patience } => (Some(mean_patience), None),
                    Formula::X {
                        mean_patience,
                        lines,
                        ..
                    } => (Some(mean_patience), lines),
                    Formula::B | Formula::C => (None, None),
                };
                let optional = |x: Option<f64>| {
                    x.filter(|x| x.is_finite())
                        .map(csv_number)
                        .unwrap_or_default()
                };
                let mut fields = vec![
                    clock_time(row.start),
                    clock_time(row.end),
                    row.formula.key().to_string(),
                    optional(row.traffic.timing.map(|(rate, _)| rate * 3600.0)),
                    optional(row.traffic.timing.map(|(_, aht)| aht)),
                    optional(patience),
                    lines.map(|l| l.to_string()).unwrap_or_default(),
                    row.scenario.agents.to_string(),
                ];
                fields.extend(measure_fields(row.scenario.outcome.as_ref().ok()));
                fields.push(
                    row.scenario
                        .outcome
                        .as_ref()
                        .err()
                        .cloned()
                        .unwrap_or_default(),
                );
                let (agents, measures) = match &row.required {
                    Some(Required::Met(m)) => (m.agents.to_string(), Some(m)),
                    Some(Required::NoCalls) => ("0".into(), None),
                    _ => (String::new(), None),
                };
                fields.push(agents);
                fields.extend(measure_fields(measures));
                fields.push(refusal(&row.required).unwrap_or_default());
                writer.write_record(&fields)?;
            }
        }
    }
    writer.flush()?;
    Ok(())
}

/// The formula's name and model, for a table's first line.
fn title(formula: &Formula) -> &'static str {
    match formula {
        Formula::B => "Erlang B (M/M/c/c, no queue)",
        Formula::C => "Erlang C (M/M/c, callers never hang up)",
        Formula::A { .. } => "Erlang A (M/M/c+M, exponential patience)",
        Formula::X { .. } => "Erlang X (Erlang A with lines and redials)",
    }
}

/// The formula's own parameters in words: ", mean patience 180 s, 30 lines, …".
fn parameters_text(formula: &Formula) -> String {
    match formula {
        Formula::B | Formula::C => String::new(),
        Formula::A { mean_patience } => format!(", mean patience {}", duration(*mean_patience)),
        Formula::X {
            mean_patience,
            lines,
            redials,
        } => format!(
            ", mean patience {}, {}, redial {} after a busy signal and {} after abandoning, \
             at most {} attempts",
            duration(*mean_patience),
            lines.map_or("unlimited lines".to_string(), |l| format!("{l} lines")),
            percent(redials.after_blocked),
            percent(redials.after_abandoned),
            redials.max_attempts
        ),
    }
}

fn targets_text(targets: &Targets, threshold: Option<f64>) -> String {
    let mut goals = Vec::new();
    if let Some(share) = targets.service_level {
        goals.push(format!(
            "service level >= {} within {}",
            percent(share),
            duration(threshold.unwrap_or(0.0))
        ));
    }
    if let Some(most) = targets.max_asa {
        goals.push(format!("ASA <= {}", duration(most)));
    }
    if let Some(most) = targets.max_abandon {
        goals.push(format!("abandoned <= {}", percent(most)));
    }
    goals.join(", ")
}

/// The report as a readable table.
pub fn write_erlang_table(out: &mut dyn Write, report: &ErlangReport) -> io::Result<()> {
    match report {
        ErlangReport::Staffings(table) => write_staffings(out, table),
        ErlangReport::Intervals(table) => write_intervals(out, table),
    }
}

fn write_staffings(out: &mut dyn Write, table: &StaffingTable) -> io::Result<()> {
    let traffic = match (table.calls_per_hour, table.traffic.timing) {
        (Some(per_hour), Some((_, aht))) => format!(
            "{} calls/h, AHT {}, offered load {} erlangs",
            plain(per_hour),
            duration(aht),
            plain(table.traffic.load)
        ),
        (None, Some((_, aht))) => format!(
            "offered load {} erlangs, AHT {}",
            plain(table.traffic.load),
            duration(aht)
        ),
        _ => format!("offered load {} erlangs", plain(table.traffic.load)),
    };
    let threshold = table
        .threshold
        .map_or(String::new(), |t| format!(", threshold {}", duration(t)));
    writeln!(
        out,
        "{}: {traffic}{}{threshold}",
        title(&table.formula),
        parameters_text(&table.formula)
    )?;
    if !table.targets.is_empty() {
        writeln!(
            out,
            "Targets: {}",
            targets_text(&table.targets, table.threshold)
        )?;
        if let Some(Required::Met(m)) = &table.required {
            writeln!(out, "Fewest agents that meet them: {}", m.agents)?;
        }
    }
    writeln!(out)?;
    let columns = shown(&table.formula);
    let mut header = vec!["agents".to_string()];
    header.extend(columns.iter().map(|c| c.label.to_string()));
    let with_targets = !table.targets.is_empty();
    if with_targets {
        header.push("targets".into());
    }
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.agents.to_string()];
            match &row.outcome {
                Ok(m) => {
                    cells.extend(columns.iter().map(|c| (c.text)((c.value)(m))));
                    if with_targets {
                        cells.push(
                            if table.targets.met_by(m) {
                                "met"
                            } else {
                                "missed"
                            }
                            .into(),
                        );
                    }
                }
                Err(_) => {
                    cells.extend(columns.iter().map(|_| "-".to_string()));
                    if with_targets {
                        cells.push("missed".into());
                    }
                }
            }
            cells
        })
        .collect();
    write_aligned(out, &header, &rows, 0)?;
    write_refusals(
        out,
        table
            .rows
            .iter()
            .filter_map(|row| Some((row.agents.to_string(), row.outcome.as_ref().err()?))),
    )
}

/// Notes under a table for the rows a formula refused.
fn write_refusals<'a>(
    out: &mut dyn Write,
    refused: impl Iterator<Item = (String, &'a String)>,
) -> io::Result<()> {
    let mut first = true;
    for (what, reason) in refused {
        if first {
            writeln!(out)?;
            first = false;
        }
        writeln!(out, "{what}: {reason}")?;
    }
    Ok(())
}

fn write_intervals(out: &mut dyn Write, table: &IntervalTable) -> io::Result<()> {
    let Some(formula) = table.intervals.first().map(|row| row.formula) else {
        return writeln!(out, "{} ({}) has no intervals", table.name, table.file);
    };
    let threshold = table
        .threshold
        .map_or(String::new(), |t| format!(", threshold {}", duration(t)));
    writeln!(
        out,
        "{} per interval of {} ({}){threshold}",
        title(&formula),
        table.name,
        table.file
    )?;
    if let Formula::X { lines, redials, .. } = formula {
        writeln!(
            out,
            "{}, redial {} after a busy signal and {} after abandoning, at most {} attempts",
            lines.map_or("Unlimited lines".to_string(), |l| format!("{l} lines")),
            percent(redials.after_blocked),
            percent(redials.after_abandoned),
            redials.max_attempts
        )?;
    }
    let with_targets = !table.targets.is_empty();
    if with_targets {
        writeln!(
            out,
            "Targets in every interval: {}",
            targets_text(&table.targets, table.threshold)
        )?;
    }
    writeln!(out, "Agents are the scenario's, on the phones.")?;
    writeln!(out)?;
    let columns = shown(&formula);
    let patience = matches!(formula, Formula::A { .. } | Formula::X { .. });
    let mut header: Vec<String> = ["Interval", "calls/h", "AHT"].map(String::from).to_vec();
    if patience {
        header.push("patience".into());
    }
    header.push("agents".into());
    header.extend(columns.iter().map(|c| c.label.to_string()));
    if with_targets {
        header.push("required".into());
    }
    let rows: Vec<Vec<String>> = table
        .intervals
        .iter()
        .map(|row| {
            let timing = row.traffic.timing;
            let mut cells = vec![
                format!("{}-{}", clock_time(row.start), clock_time(row.end)),
                timing.map_or("-".into(), |(rate, _)| format!("{:.1}", rate * 3600.0)),
                timing.map_or("-".into(), |(_, aht)| duration(aht)),
            ];
            if patience {
                cells.push(match row.formula {
                    Formula::A { mean_patience } | Formula::X { mean_patience, .. }
                        if mean_patience.is_finite() =>
                    {
                        duration(mean_patience)
                    }
                    Formula::A { .. } | Formula::X { .. } => "-".into(),
                    Formula::B | Formula::C => "-".into(),
                });
            }
            cells.push(row.scenario.agents.to_string());
            match &row.scenario.outcome {
                Ok(m) => cells.extend(columns.iter().map(|c| (c.text)((c.value)(m)))),
                Err(_) => cells.extend(columns.iter().map(|_| "-".to_string())),
            }
            if with_targets {
                cells.push(match &row.required {
                    Some(Required::Met(m)) => m.agents.to_string(),
                    Some(Required::NoCalls) => "0".into(),
                    _ => "none".into(),
                });
            }
            cells
        })
        .collect();
    write_aligned(out, &header, &rows, 1)?;
    let interval = |row: &IntervalRow| format!("{}-{}", clock_time(row.start), clock_time(row.end));
    let mut notes: Vec<(String, String)> = Vec::new();
    for row in &table.intervals {
        if let Err(reason) = &row.scenario.outcome {
            notes.push((
                format!("{} with {} agents", interval(row), row.scenario.agents),
                reason.clone(),
            ));
        }
        if let Some(reason) = refusal(&row.required) {
            notes.push((format!("{} required", interval(row)), reason));
        }
    }
    write_refusals(
        out,
        notes.iter().map(|(what, reason)| (what.clone(), reason)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_and_huge_numbers_stay_short() {
        assert_eq!(percent(1e-300), "< 0.01%");
        assert_eq!(percent(0.0), "0.00%");
        assert_eq!(percent(1.0 - 1e-12), "> 99.99%");
        assert_eq!(percent(0.8884), "88.84%");
        assert_eq!(duration(2.5e7), "2.50e7 s");
        assert_eq!(csv_number(1e-300), "1e-300");
        assert_eq!(csv_number(0.25), "0.25");
        assert_eq!(csv_number(0.0), "0");
        assert_eq!(csv_number(3e20), "3e20");
    }
}
