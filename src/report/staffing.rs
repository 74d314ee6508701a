//! A staffing search's answer: a table with the Erlang C requirement beside the simulated one,
//! the staffing as CSV and as versioned JSON, and the line to paste into the scenario. The
//! layouts are documented in `docs/report-format.md`.

use super::csv_table::{estimate_fields, metric_columns};
use super::format::{clock_time, compact_estimate, write_aligned};
use super::json::estimate_json;
use crate::experiment::CONFIDENCE_LEVEL;
use crate::experiment::staffing::{Misses, Staffing, key_label, show_value};
use crate::sim::metrics::Unit;
use serde_json::{Map, Value, json};
use std::io::{self, Write};

/// Version of the staffing JSON layout.
pub const STAFFING_SCHEMA_VERSION: u32 = 4;

/// The interval metrics shown with the staffing, with their units.
const OUTCOME: [(&str, Unit); 3] = [
    ("service_level", Unit::Share),
    ("abandon_rate", Unit::Share),
    ("occupancy", Unit::Share),
];

/// The constraints that bind in an interval, for the table: `SL`, `abandon`, `occupancy`,
/// `ASA`, joined by `+`; `-` where none does.
fn binding_words(binding: &Misses) -> String {
    let words: Vec<&str> = (binding.keys().into_iter())
        .map(|key| match key {
            "service_level" => "SL",
            "abandon_rate" => "abandon",
            "occupancy" => "occupancy",
            _ => "ASA",
        })
        .collect();
    if words.is_empty() {
        "-".into()
    } else {
        words.join("+")
    }
}

/// The daily targets with the day's outcome, such as `service level >= 85.0% (met: 86.1%
/// [85.4%, 86.8%])`; `None` without daily targets.
fn day_goals(staffing: &Staffing) -> Option<String> {
    let overall = &staffing.result.summary.overall;
    let goals: Vec<String> = (staffing.day_targets.bounds())
        .map(|(key, bound, floor)| {
            let estimate = overall.get(key);
            let unit = if key == "asa_s" {
                Unit::Seconds
            } else {
                Unit::Share
            };
            format!(
                "{} {} {} (met: {})",
                key_label(key),
                if floor { ">=" } else { "<=" },
                show_value(key, bound),
                compact_estimate(estimate, unit)
            )
        })
        .collect();
    (!goals.is_empty()).then(|| goals.join(", "))
}

/// How the searched pool's staffing is written in the scenario file, which decides how the
/// answer goes back into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffingForm {
    /// A count of scheduled agents under `key`: `staffing.agents`, or `pools.N.agents`.
    Count {
        /// The key that holds the count.
        key: String,
    },
    /// The agents column of the `[forecast]` file. A count under `key` (`staffing.agents`)
    /// wins over the column, so the answer is pasted there and replaces it.
    Forecast {
        /// The key whose count replaces the column.
        key: String,
    },
    /// `[[shifts]]`: the file takes no count beside them, so there is no line to paste; the
    /// shifts must be re-planned to schedule the requirement.
    Shifts,
}

impl StaffingForm {
    /// The key the answer is pasted under, if there is one.
    pub fn key(&self) -> Option<&str> {
        match self {
            StaffingForm::Count { key } | StaffingForm::Forecast { key } => Some(key),
            StaffingForm::Shifts => None,
        }
    }

    /// Its name in the JSON (`staffed_by`).
    fn name(&self) -> &'static str {
        match self {
            StaffingForm::Count { .. } => "agents",
            StaffingForm::Forecast { .. } => "forecast",
            StaffingForm::Shifts => "shifts",
        }
    }
}

/// `KEY = [a, b, …]`: the scheduled agents found, ready to paste as `--set KEY=[…]` or into the
/// file. They are the agents on the phones where the pool has no shrinkage.
pub fn staffing_line(staffing: &Staffing, key: &str) -> String {
    let agents: Vec<String> = staffing.scheduled().iter().map(u32::to_string).collect();
    format!("{key} = [{}]", agents.join(", "))
}

/// The pool's shrinkage in words: `30%`, `10%-30% by interval`, or `None` without any.
fn shrinkage_words(shrinkage: &[f64]) -> Option<String> {
    let low = shrinkage.iter().copied().fold(f64::INFINITY, f64::min);
    let high = shrinkage.iter().copied().fold(0.0, f64::max);
    let percent = |share: f64| format!("{}%", (share * 1000.0).round() / 10.0);
    if high == 0.0 {
        None
    } else if low == high {
        Some(percent(high))
    } else {
        Some(format!("{}-{} by interval", percent(low), percent(high)))
    }
}

/// What the table ends with: how the answer goes back into the file.
fn write_paste_back(
    out: &mut dyn Write,
    staffing: &Staffing,
    form: &StaffingForm,
) -> io::Result<()> {
    let shrinkage = shrinkage_words(staffing.shrinkage());
    let unit = match &shrinkage {
        Some(share) => format!(
            "scheduled agents (the `scheduled` column: the agents on the phones\nbefore the \
             {share} shrinkage the file takes off)"
        ),
        None => "agents (the file has no shrinkage:\nscheduled agents are on the phones)".into(),
    };
    match form {
        StaffingForm::Count { key } => {
            if shrinkage.is_some() {
                writeln!(out, "To paste back, in {unit}:")?;
            }
            writeln!(out, "{}", staffing_line(staffing, key))
        }
        StaffingForm::Forecast { key } => {
            writeln!(
                out,
                "The agents come from the forecast's agents column. To replace it, paste this \
                 count\ninto [staffing] (a count there wins over the column), in {unit}:"
            )?;
            writeln!(out, "{}", staffing_line(staffing, key))
        }
        StaffingForm::Shifts => writeln!(
            out,
            "The pool is staffed by [[shifts]], which take no count of agents beside them:\n\
             re-plan the shifts so that they schedule at least the `scheduled` column in every \
             interval,\nin {unit}."
        ),
    }
}

fn agent_hours(staffing: &Staffing, agents: impl Fn(usize) -> Option<u32>) -> Option<f64> {
    staffing
        .intervals
        .iter()
        .enumerate()
        .map(|(index, interval)| {
            agents(index).map(|a| f64::from(a) * (interval.end - interval.start) / 3600.0)
        })
        .sum()
}

/// Writes the readable answer: the targets, one row per interval with the offered load, the
/// Erlang C and Erlang A requirements, the simulated one, its difference from Erlang C and the
/// interval's outcome with confidence intervals; the agent-hours of each; then how to write the
/// answer back into the file: the line `key = [...]` in the file's unit, or for shifts the
/// requirement they must cover.
pub fn write_staffing_table(
    out: &mut dyn Write,
    staffing: &Staffing,
    scenario_file: &str,
    form: &StaffingForm,
) -> io::Result<()> {
    let scenario = &staffing.result.scenario;
    let targets = &staffing.targets;
    let pool = &scenario.pools[staffing.pool].name;
    writeln!(
        out,
        "Staffing of pool \"{pool}\" for {} ({scenario_file})",
        scenario.name
    )?;
    let mut goals = vec![format!(
        "service level >= {:.1}% ({}, threshold {} s)",
        targets.service_level * 100.0,
        scenario.service_level.formula.formula(),
        scenario.service_level.threshold
    )];
    if let Some(ceiling) = targets.max_abandon {
        goals.push(format!("abandon rate <= {:.1}%", ceiling * 100.0));
    }
    if let Some(ceiling) = targets.max_occupancy {
        goals.push(format!("occupancy <= {:.1}%", ceiling * 100.0));
    }
    if let Some(ceiling) = targets.max_asa {
        goals.push(format!("ASA <= {ceiling} s"));
    }
    writeln!(out, "Targets in every interval: {}", goals.join(", "))?;
    if let Some(day) = day_goals(staffing) {
        writeln!(out, "Targets over the day: {day}")?;
    }
    let (fewest, most) = staffing.replications;
    let replications = match staffing.precision {
        None => format!("{} replications", scenario.replications),
        Some(_) => format!(
            "{fewest} to {most} replications per simulated day as each decision needed \
             (--precision), the outcome below from {}",
            scenario.replications
        ),
    };
    writeln!(
        out,
        "A target is met when its whole {:.0}% confidence interval is on the right side of it; \
         {replications}, seed {}, {} simulated days",
        CONFIDENCE_LEVEL * 100.0,
        scenario.seed,
        staffing.simulations
    )?;
    writeln!(out)?;

    let header: Vec<String> = [
        "Interval",
        "load",
        "Erlang C",
        "Erlang A",
        "on phones",
        "vs Erlang C",
        "scheduled",
        "service level",
        "abandon rate",
        "occupancy",
        "binds",
    ]
    .map(String::from)
    .to_vec();
    let count = |agents: Option<u32>| agents.map_or("-".into(), |a| a.to_string());
    let scheduled = staffing.scheduled();
    let mut rows: Vec<Vec<String>> = staffing
        .intervals
        .iter()
        .zip(&staffing.result.summary.intervals)
        .zip(&scheduled)
        .map(|((interval, summary), scheduled)| {
            let difference = interval
                .erlang_c
                .map(|c| i64::from(interval.agents) - i64::from(c));
            let mut row = vec![
                format!(
                    "{}-{}",
                    clock_time(interval.start),
                    clock_time(interval.end)
                ),
                format!("{:.1}", interval.offered_load),
                count(interval.erlang_c),
                count(interval.erlang_a),
                if interval.searched {
                    interval.agents.to_string()
                } else {
                    format!("{} (warm-up)", interval.agents)
                },
                difference.map_or("-".into(), |d| format!("{d:+}")),
                scheduled.to_string(),
            ];
            for (key, unit) in OUTCOME {
                let estimate = summary.metrics.get(key);
                row.push(compact_estimate(estimate, unit));
            }
            let mut binds = binding_words(&interval.binding);
            if interval.day_added > 0 {
                binds.push_str(&format!(
                    " +{} for day {}",
                    interval.day_added,
                    binding_words(&interval.day_binding)
                ));
            }
            row.push(binds);
            row
        })
        .collect();
    let hours = |agents: Option<f64>| agents.map_or("-".into(), |h| format!("{h:.1}"));
    let erlang_c = agent_hours(staffing, |i| staffing.intervals[i].erlang_c);
    let simulated = agent_hours(staffing, |i| Some(staffing.intervals[i].agents));
    let mut total = vec![
        "Agent-hours".to_string(),
        String::new(),
        hours(erlang_c),
        hours(agent_hours(staffing, |i| staffing.intervals[i].erlang_a)),
        hours(simulated),
        erlang_c
            .zip(simulated)
            .map_or("-".into(), |(c, s)| format!("{:+.1}", s - c)),
        hours(agent_hours(staffing, |i| Some(scheduled[i]))),
    ];
    total.resize(header.len(), String::new());
    rows.push(total);
    write_aligned(out, &header, &rows, 1)?;
    writeln!(out)?;
    write_paste_back(out, staffing, form)
}

/// Writes one CSV row per interval: `start`, `end`, `offered_load`, `erlang_c_agents`,
/// `erlang_a_agents`, `agents` (on the phones), `shrinkage`, `scheduled_agents`, `searched`, then
/// mean, ci_low and ci_high of the interval's
/// service level, abandon rate and occupancy with the staffing found, then `binding` (the
/// metric keys of the targets one agent fewer misses, joined by `;`).
pub fn write_staffing_csv(out: &mut dyn Write, staffing: &Staffing) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "start",
        "end",
        "offered_load",
        "erlang_c_agents",
        "erlang_a_agents",
        "agents",
        "shrinkage",
        "scheduled_agents",
        "searched",
    ]
    .map(String::from)
    .to_vec();
    header.extend(metric_columns(OUTCOME.iter().map(|(key, _)| *key)));
    header.push("binding".into());
    crate::report::csv_cell::write_row(&mut writer, &header)?;
    let count = |agents: Option<u32>| agents.map(|a| a.to_string()).unwrap_or_default();
    let scheduled = staffing.scheduled();
    for (index, (interval, summary)) in staffing
        .intervals
        .iter()
        .zip(&staffing.result.summary.intervals)
        .enumerate()
    {
        let mut fields = vec![
            clock_time(interval.start),
            clock_time(interval.end),
            interval.offered_load.to_string(),
            count(interval.erlang_c),
            count(interval.erlang_a),
            interval.agents.to_string(),
            staffing.shrinkage()[index].to_string(),
            scheduled[index].to_string(),
            interval.searched.to_string(),
        ];
        let outcome: Vec<_> = OUTCOME
            .iter()
            .map(|(key, _)| summary.metrics.get(key).copied())
            .collect();
        fields.extend(estimate_fields(outcome.iter()));
        fields.push(interval.binding.keys().join(";"));
        crate::report::csv_cell::write_row(&mut writer, &fields)?;
    }
    writer.flush()?;
    Ok(())
}

/// The staffing as versioned JSON.
pub fn staffing_to_json(staffing: &Staffing, scenario_file: &str, form: &StaffingForm) -> Value {
    let scenario = &staffing.result.scenario;
    let targets = &staffing.targets;
    let scheduled = staffing.scheduled();
    let intervals: Vec<Value> = staffing
        .intervals
        .iter()
        .zip(&staffing.result.summary.intervals)
        .enumerate()
        .map(|(index, (interval, summary))| {
            let mut object = Map::new();
            object.insert("start".into(), json!(clock_time(interval.start)));
            object.insert("end".into(), json!(clock_time(interval.end)));
            object.insert("start_s".into(), json!(interval.start));
            object.insert("end_s".into(), json!(interval.end));
            object.insert("offered_load".into(), json!(interval.offered_load));
            object.insert("erlang_c_agents".into(), json!(interval.erlang_c));
            object.insert("erlang_a_agents".into(), json!(interval.erlang_a));
            object.insert("agents".into(), json!(interval.agents));
            object.insert("shrinkage".into(), json!(staffing.shrinkage()[index]));
            object.insert("scheduled_agents".into(), json!(scheduled[index]));
            object.insert("searched".into(), json!(interval.searched));
            object.insert("binding".into(), json!(interval.binding.keys()));
            object.insert("fewer_undecided".into(), json!(interval.fewer_undecided));
            object.insert("day_added".into(), json!(interval.day_added));
            object.insert("day_binding".into(), json!(interval.day_binding.keys()));
            for (key, _) in OUTCOME.iter().chain(&[("asa_s", Unit::Seconds)]) {
                object.insert(key.to_string(), estimate_json(summary.metrics.get(key)));
            }
            Value::Object(object)
        })
        .collect();
    json!({
        "schema_version": STAFFING_SCHEMA_VERSION,
        "kind": "staffing",
        "ccsim_version": env!("CARGO_PKG_VERSION"),
        "scenario": {
            "name": scenario.name,
            "description": scenario.description,
            "file": scenario_file,
        },
        "pool": scenario.pools[staffing.pool].name,
        "staffed_by": form.name(),
        "setting": form.key(),
        "seed": scenario.seed,
        "replications": scenario.replications,
        "confidence_level": CONFIDENCE_LEVEL,
        "targets": {
            "service_level": targets.service_level,
            "threshold_s": scenario.service_level.threshold,
            "formula": scenario.service_level.formula.key(),
            "max_abandon": targets.max_abandon,
            "max_occupancy": targets.max_occupancy,
            "max_asa_s": targets.max_asa,
            "day": {
                "service_level": staffing.day_targets.service_level,
                "max_abandon": staffing.day_targets.max_abandon,
                "max_occupancy": staffing.day_targets.max_occupancy,
                "max_asa_s": staffing.day_targets.max_asa,
            },
        },
        "precision": staffing.precision.map(|p| json!({
            "service_level": p.service_level,
            "abandon_rate": p.abandon_rate,
            "occupancy": p.occupancy,
            "asa_s": p.asa,
            "max_replications": p.cap,
            "fewest_replications": staffing.replications.0,
            "most_replications": staffing.replications.1,
        })),
        "simulations": staffing.simulations,
        "agents": staffing.agents(),
        "scheduled_agents": scheduled,
        "intervals": intervals,
    })
}
