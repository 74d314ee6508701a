//! Wide CSV: one row per scope (overall, then each interval), three columns per metric.

use super::format::clock_time;
use crate::experiment::{ExperimentResult, MetricTable};
use std::io::Write;

/// Writes the overall row (if `include_overall`) and one row per interval.
pub fn write_csv(
    out: &mut dyn Write,
    result: &ExperimentResult,
    include_overall: bool,
) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let overall = &result.summary.overall;
    let mut header = vec![
        "scenario".to_string(),
        "scope".into(),
        "start".into(),
        "end".into(),
    ];
    for metric in overall.metrics {
        for suffix in ["mean", "ci_low", "ci_high"] {
            header.push(format!("{}_{suffix}", metric.key));
        }
    }
    writer.write_record(&header)?;
    let name = &result.scenario.name;
    let hours = &result.scenario.hours;
    if include_overall {
        writer.write_record(row(name, "overall", hours.open, hours.close, overall))?;
    }
    for interval in result.summary.intervals.iter().filter(|i| !i.in_warmup) {
        writer.write_record(row(
            name,
            "interval",
            interval.start,
            interval.end,
            &interval.metrics,
        ))?;
    }
    writer.flush()?;
    Ok(())
}

fn row(name: &str, scope: &str, start: f64, end: f64, table: &MetricTable) -> Vec<String> {
    let mut fields = vec![
        name.to_string(),
        scope.to_string(),
        clock_time(start),
        clock_time(end),
    ];
    let text = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for (_, estimate) in table.iter() {
        fields.push(text(estimate.map(|e| e.mean)));
        fields.push(text(estimate.and_then(|e| e.ci_low)));
        fields.push(text(estimate.and_then(|e| e.ci_high)));
    }
    fields
}
