//! The call log: one CSV row per call, for analysts who want to look at individual calls, and
//! for fitting a scenario back from simulated calls (so it says who answered, and how long talk
//! and wrap-up took).

use super::format::clock_time;
use crate::model::{CallRecord, Scenario};
use std::io::Write;

/// The call log's columns, in order: the contract `ccsim fit` reads back (docs/report-format.md).
pub const CALL_LOG_COLUMNS: [&str; 18] = [
    "scenario",
    "replication",
    "call",
    "caller",
    "attempt",
    "class",
    "arrival_s",
    "arrival",
    "interval",
    "wait_s",
    "answered_s",
    "ended_s",
    "outcome",
    "counted",
    "pool",
    "agent",
    "talk_s",
    "wrap_up_s",
];

/// Writes every replication's calls, in arrival order within each replication.
pub fn write_call_log(
    out: &mut dyn Write,
    scenario: &Scenario,
    logs: &[Vec<CallRecord>],
) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    crate::report::csv_cell::write_row(&mut writer, CALL_LOG_COLUMNS)?;
    for (replication, log) in logs.iter().enumerate() {
        let mut calls: Vec<&CallRecord> = log.iter().collect();
        calls.sort_by_key(|record| record.call);
        for record in calls {
            crate::report::csv_cell::write_row(
                &mut writer,
                [
                    scenario.name.clone(),
                    replication.to_string(),
                    record.call.to_string(),
                    record.caller.to_string(),
                    record.attempt.to_string(),
                    scenario.classes[record.class].name.clone(),
                    record.arrival.to_string(),
                    clock_time(record.arrival),
                    record.interval.to_string(),
                    record.wait.to_string(),
                    record
                        .answered_at
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                    record.ended_at.to_string(),
                    record.outcome.key().to_string(),
                    record.counted.to_string(),
                    record
                        .pool
                        .map(|pool| scenario.pools[pool].name.clone())
                        .unwrap_or_default(),
                    optional(record.agent),
                    optional(record.talk),
                    optional(record.wrap_up),
                ],
            )?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// A value, or an empty field when there is none.
fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}
