//! A planned roster (`ccsim staff --shifts`) as text: the `[[shifts]]` entries to paste into the
//! scenario, a table of the requirement against what the shifts schedule and what the simulated
//! day gives, and JSON.

use crate::experiment::staffing::Misses;
use crate::model::Scenario;
use crate::roster::Roster;
use crate::scenario::{format_clock, format_duration};
use serde_json::{Value, json};
use std::io::{self, Write};

/// The roster as `[[shifts]]` tables, ready to replace the pool's `agents` in the scenario.
pub fn roster_to_toml(roster: &Roster, scenario: &Scenario) -> String {
    let with_pool = scenario.pools.len() > 1;
    let mut text = String::new();
    for shift in &roster.shifts {
        let pattern = &scenario.shift_patterns[shift.pattern];
        text += &format!("[[shifts]]    # pattern \"{}\"\n", pattern.name);
        if with_pool {
            text += &format!("pool = \"{}\"\n", scenario.pools[roster.pool].name);
        }
        text += &format!(
            "start = \"{}\"\nend = \"{}\"\nagents = {}\n",
            format_clock(shift.start),
            format_clock(shift.end),
            shift.agents
        );
        if !shift.breaks.is_empty() {
            let breaks: Vec<String> = (shift.breaks.iter())
                .map(|(from, to)| {
                    format!(
                        "{{ start = \"{}\", length = \"{}\" }}",
                        format_clock(*from),
                        format_duration(to - from)
                    )
                })
                .collect();
            text += &format!("breaks = [{}]\n", breaks.join(", "));
        }
        text += "\n";
    }
    text
}

/// What an interval misses, in words (empty when it meets every target).
fn missed(misses: &Misses) -> String {
    let mut what = Vec::new();
    if misses.service_level {
        what.push("service level");
    }
    if misses.abandon {
        what.push("abandonment");
    }
    if misses.occupancy {
        what.push("occupancy");
    }
    what.join(", ")
}

/// A headline, the `[[shifts]]` to paste, and the roster interval by interval.
pub fn write_roster_table(
    out: &mut dyn Write,
    roster: &Roster,
    scenario: &Scenario,
) -> io::Result<()> {
    let agents: u32 = roster.shifts.iter().map(|s| s.agents).sum();
    writeln!(
        out,
        "Roster for pool \"{}\": {agents} agents on {} shifts, {:.1} paid hours{}",
        scenario.pools[roster.pool].name,
        roster.shifts.len(),
        roster.paid_hours,
        roster
            .cost
            .map_or(String::new(), |c| format!(", cost {c:.2}")),
    )?;
    let missed_count = roster.missed_intervals();
    match missed_count {
        0 => writeln!(
            out,
            "Simulated with the scenario's seed: every interval meets the targets ({} {}).",
            roster.rounds,
            if roster.rounds == 1 {
                "round"
            } else {
                "rounds"
            }
        )?,
        n => writeln!(
            out,
            "Simulated with the scenario's seed: {n} intervals still miss a target after {} \
             rounds of re-planning (marked below).",
            roster.rounds
        )?,
    }
    writeln!(
        out,
        "\nPaste these [[shifts]] into the scenario; they replace the pool's staffing (its \
         `agents`, or a forecast's agents column):\n"
    )?;
    write!(out, "{}", roster_to_toml(roster, scenario))?;
    writeln!(
        out,
        "{:<13} {:>9} {:>10} {:>10} {:>14} {:>9}  missed",
        "interval", "required", "scheduled", "on phones", "service level", "abandon"
    )?;
    for (j, interval) in roster.result.summary.intervals.iter().enumerate() {
        let percent = |key: &str| {
            (interval.metrics.get(key))
                .map_or("-".to_string(), |e| format!("{:.1}%", e.mean * 100.0))
        };
        writeln!(
            out,
            "{:<13} {:>9} {:>10.2} {:>10} {:>14} {:>9}  {}",
            format!(
                "{}-{}",
                format_clock(interval.start),
                format_clock(interval.end)
            ),
            roster.required[j],
            roster.scheduled[j],
            interval.scheduled_by_pool[roster.pool],
            percent("service_level"),
            percent("abandon_rate"),
            missed(&roster.misses[j]),
        )?;
    }
    Ok(())
}

/// The roster as JSON: its shifts, totals and each interval's requirement and outcome.
pub fn roster_to_json(roster: &Roster, scenario: &Scenario) -> Value {
    let shifts: Vec<Value> = (roster.shifts.iter())
        .map(|shift| {
            json!({
                "pattern": scenario.shift_patterns[shift.pattern].name,
                "start": format_clock(shift.start),
                "end": format_clock(shift.end),
                "agents": shift.agents,
                "breaks": shift.breaks.iter().map(|(from, to)| json!({
                    "start": format_clock(*from),
                    "length_s": to - from,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let intervals: Vec<Value> = (roster.result.summary.intervals.iter().enumerate())
        .map(|(j, interval)| {
            let mean = |key: &str| interval.metrics.get(key).map(|e| e.mean);
            json!({
                "start": format_clock(interval.start),
                "required": roster.required[j],
                "scheduled": roster.scheduled[j],
                "on_phones": interval.scheduled_by_pool[roster.pool],
                "service_level": mean("service_level"),
                "abandon_rate": mean("abandon_rate"),
                "met": roster.misses[j].none(),
            })
        })
        .collect();
    json!({
        "pool": scenario.pools[roster.pool].name,
        "shifts": shifts,
        "paid_hours": roster.paid_hours,
        "cost": roster.cost,
        "rounds": roster.rounds,
        "missed_intervals": roster.missed_intervals(),
        "intervals": intervals,
        "toml": roster_to_toml(roster, scenario),
    })
}
