//! Wide CSV: one row per scope (overall, each class, each day of a multi-day study, each
//! interval), three columns per metric; and the pools' CSV, whose metrics differ.

use super::format::clock_time;
use super::target::Verdict;
use crate::experiment::{ExperimentResult, MetricTable};
use crate::sim::metrics::POOL_METRICS;
use crate::stats::Estimate;
use std::io::Write;

/// Which rows a CSV holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvRows {
    /// The overall row, one per class, one per day of a multi-day study, then one per interval.
    All,
    /// One row per class.
    Classes,
    /// One row per day of a multi-day study.
    Days,
    /// One row per interval.
    Intervals,
}

/// Columns appended to every row of the wide CSV, such as a back-test's observations.
pub trait ExtraColumns {
    /// The appended column names.
    fn header(&self) -> Vec<String>;
    /// The appended fields of one row: `scope` is `overall`, `class`, `day` or `interval`,
    /// `name` the class's or day's name, `start` the row's start (`"HH:MM"`).
    fn fields(&self, scope: &str, name: &str, start: &str) -> Vec<String>;
}

/// Writes the chosen rows: columns `scenario`, `scope`, `name`, `start`, `end`, then `KEY_mean`,
/// `KEY_ci_low`, `KEY_ci_high` for every metric.
pub fn write_csv(out: &mut dyn Write, result: &ExperimentResult, rows: CsvRows) -> csv::Result<()> {
    write_csv_with(out, result, rows, None)
}

/// [`write_csv`] with `extra` columns after the rest.
pub fn write_csv_with(
    out: &mut dyn Write,
    result: &ExperimentResult,
    rows: CsvRows,
    extra: Option<&dyn ExtraColumns>,
) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let summary = &result.summary;
    let mut header: Vec<String> = ["scenario", "scope", "name", "start", "end"]
        .map(String::from)
        .to_vec();
    header.extend(metric_columns(
        summary.overall.metrics.iter().map(|m| m.key),
    ));
    header.push("service_level_verdict".into());
    let daily = summary.daily_service_level.as_ref();
    if daily.is_some() {
        header.extend(DAILY_COLUMNS.map(String::from));
    }
    if let Some(extra) = extra {
        header.extend(extra.header());
    }
    crate::report::csv_cell::write_row(&mut writer, &header)?;
    let scenario = &result.scenario.name;
    let (open, close) = (result.scenario.hours.open, result.scenario.hours.close);
    let mut write =
        |scope: &str, name: &str, start: f64, end: f64, table: &MetricTable, target: f64| {
            let mut fields = vec![
                scenario.clone(),
                scope.into(),
                name.into(),
                clock_time(start),
                clock_time(end),
            ];
            fields.extend(estimate_fields(table.estimates.iter()));
            let verdict = table.get("service_level").map(|e| Verdict::of(e, target));
            fields.push(verdict.map_or(String::new(), |v| v.key().to_string()));
            if let Some(spread) = daily {
                // Only the overall row has a spread across days; other rows leave the columns empty.
                let values = [spread.p10, spread.p50, spread.p90, spread.met_target];
                let overall = scope == "overall";
                fields.extend(values.map(|v| {
                    if overall {
                        v.to_string()
                    } else {
                        String::new()
                    }
                }));
            }
            if let Some(extra) = extra {
                fields.extend(extra.fields(scope, name, &clock_time(start)));
            }
            crate::report::csv_cell::write_row(&mut writer, &fields)
        };
    let target = result.scenario.service_level.target;
    if rows == CsvRows::All {
        write("overall", "", open, close, &summary.overall, target)?;
    }
    if matches!(rows, CsvRows::All | CsvRows::Classes) {
        for (class, own) in summary.classes.iter().zip(&result.scenario.classes) {
            write(
                "class",
                &class.name,
                open,
                close,
                &class.metrics,
                own.target,
            )?;
        }
    }
    if matches!(rows, CsvRows::All | CsvRows::Days) {
        for day in &result.days {
            write("day", &day.name, open, close, &day.metrics, target)?;
        }
    }
    if matches!(rows, CsvRows::All | CsvRows::Intervals) {
        for interval in summary.intervals.iter().filter(|i| !i.in_warmup) {
            write(
                "interval",
                "",
                interval.start,
                interval.end,
                &interval.metrics,
                target,
            )?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// Columns of the day-to-day service-level spread, present under forecast uncertainty only.
const DAILY_COLUMNS: [&str; 4] = [
    "service_level_day_p10",
    "service_level_day_p50",
    "service_level_day_p90",
    "days_met_target",
];

/// Writes one row per agent pool: its metrics, then the calls it handled of each class
/// (`handled_CLASS_mean`, …).
pub fn write_pools_csv(out: &mut dyn Write, result: &ExperimentResult) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let summary = &result.summary;
    let mut header: Vec<String> = ["scenario", "pool"].map(String::from).to_vec();
    header.extend(metric_columns(POOL_METRICS.iter().map(|m| m.key)));
    let handled: Vec<String> = summary
        .classes
        .iter()
        .map(|c| format!("handled_{}", c.name))
        .collect();
    header.extend(metric_columns(handled.iter().map(String::as_str)));
    crate::report::csv_cell::write_row(&mut writer, &header)?;
    for pool in &summary.pools {
        let mut fields = vec![result.scenario.name.clone(), pool.name.clone()];
        fields.extend(estimate_fields(pool.metrics.estimates.iter()));
        fields.extend(estimate_fields(pool.handled_by_class.iter()));
        crate::report::csv_cell::write_row(&mut writer, &fields)?;
    }
    writer.flush()?;
    Ok(())
}

pub(super) fn metric_columns<'k>(
    keys: impl Iterator<Item = &'k str>,
) -> impl Iterator<Item = String> {
    keys.flat_map(|key| ["mean", "ci_low", "ci_high"].map(|suffix| format!("{key}_{suffix}")))
}

pub(super) fn estimate_fields<'e>(
    estimates: impl Iterator<Item = &'e Option<Estimate>>,
) -> impl Iterator<Item = String> {
    let text = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    estimates.flat_map(move |estimate| {
        [
            text(estimate.map(|e| e.mean)),
            text(estimate.and_then(|e| e.ci_low)),
            text(estimate.and_then(|e| e.ci_high)),
        ]
    })
}
