//! The human-readable report: overall metrics with confidence intervals, the end-of-day state, then
//! one line per interval.

use super::format::{ci_text, clock_time, mean_text, printable, value, warmup_note};
use super::target::{IntervalCount, Verdict, day_target_words, interval_verdict};
use crate::Scenario;
use crate::experiment::{
    CONFIDENCE_LEVEL, DailySpread, DaySummary, ExperimentResult, GroupSummary, IntervalSummary,
    MetricTable,
};
use crate::sim::metrics::Unit;
use std::io::{self, Write};

/// Writes the readable report of one scenario.
pub fn write_table(
    out: &mut dyn Write,
    result: &ExperimentResult,
    scenario_file: &str,
) -> io::Result<()> {
    let scenario = &result.scenario;
    let service = &scenario.service_level;
    let hours = &scenario.hours;
    writeln!(
        out,
        "{} ({})",
        printable(&scenario.name),
        printable(scenario_file)
    )?;
    writeln!(
        out,
        "{} replications, seed {}, {:.0}% confidence intervals (Student t), ccsim {}",
        scenario.replications,
        scenario.seed,
        CONFIDENCE_LEVEL * 100.0,
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(
        out,
        "Service level = {} with threshold {} s, target {:.0}%",
        service.formula.formula(),
        service.threshold,
        service.target * 100.0
    )?;
    if let Some(day) = result.summary.overall.get("service_level") {
        let verdict = match Verdict::of(day, service.target) {
            Verdict::Met => "met",
            Verdict::Missed => "missed",
            Verdict::Unclear => "too close to tell",
        };
        writeln!(
            out,
            "Target over the day: {verdict}; {}",
            IntervalCount::of(result).words()
        )?;
    }
    if let Some(words) = day_target_words(result) {
        writeln!(out, "Daily targets: {words}")?;
    }
    let warmup = warmup_note(scenario);
    writeln!(
        out,
        "Open {}-{}{warmup}{}",
        clock_time(hours.open),
        clock_time(hours.close),
        grouping_note(result)
    )?;
    if !result.days.is_empty() {
        writeln!(
            out,
            "{} days pooled: counts are totals over the days, rates are ratios of totals, \
             agents are summed over the days",
            result.days.len()
        )?;
    }
    writeln!(out)?;

    let shown = |key: &str| applies(key, scenario);
    write_metrics(out, "Overall", &result.summary.overall, shown)?;
    if let Some(spread) = &result.summary.daily_service_level {
        write_daily(out, spread, scenario)?;
    }
    write_metrics(out, "End of day", &result.summary.end_of_day, |_| true)?;
    for campaign in &result.summary.campaigns {
        let heading = format!("Outbound campaign \"{}\"", campaign.name);
        write_metrics(out, &heading, &campaign.metrics, |_| true)?;
    }
    if !result.days.is_empty() {
        write_days(out, &result.days)?;
    }
    let summary = &result.summary;
    if summary.classes.len() > 1 || summary.pools.len() > 1 {
        let class_names: Vec<&str> = summary.classes.iter().map(|c| c.name.as_str()).collect();
        write_groups(out, "Class", &summary.classes, &CLASS_COLUMNS, &class_names)?;
        write_groups(out, "Pool", &summary.pools, &POOL_COLUMNS, &class_names)?;
    }
    write_intervals(out, result)?;
    write_waiting(out, summary)
}

/// `", reported by 60-minute intervals"` when the report groups the scenario's intervals.
pub(super) fn grouping_note(result: &ExperimentResult) -> String {
    let length = result.grouping.length();
    if length == result.scenario.hours.interval {
        String::new()
    } else {
        format!(
            ", reported by {}-minute intervals (each adding up {}-minute intervals)",
            length / 60.0,
            result.scenario.hours.interval / 60.0
        )
    }
}

/// (metric key, column heading) of the outcome columns every call table starts with.
const OUTCOME_COLUMNS: [(&str, &str); 8] = [
    ("offered", "offered"),
    ("answered", "answered"),
    ("abandoned", "abandoned"),
    ("missed", "missed"),
    ("dropped", "dropped"),
    ("service_level", "SL"),
    ("abandon_rate", "abandon"),
    ("asa_s", "ASA"),
];

const CLASS_COLUMNS: [(&str, &str); 9] = with(OUTCOME_COLUMNS, [("overflowed", "overflowed")]);

const INTERVAL_COLUMNS: [(&str, &str); 10] = with(
    OUTCOME_COLUMNS,
    [("occupancy", "occupancy"), ("queue_mean", "queue")],
);

/// The outcome columns followed by `extra` (a const concatenation of the two arrays).
const fn with<const E: usize, const N: usize>(
    outcome: [(&'static str, &'static str); 8],
    extra: [(&'static str, &'static str); E],
) -> [(&'static str, &'static str); N] {
    assert!(N == 8 + E);
    let mut columns = [("", ""); N];
    let mut index = 0;
    while index < N {
        columns[index] = if index < 8 {
            outcome[index]
        } else {
            extra[index - 8]
        };
        index += 1;
    }
    columns
}

/// (metric key, column heading) of the waiting table: who queued, who of them hung up, and how
/// long each waited.
const WAITING_COLUMNS: [(&str, &str); 5] = [
    ("p_wait", "P(wait)"),
    ("abandon_given_wait", "abandon|queued"),
    ("mean_wait_waiting_s", "wait (queued)"),
    ("mean_wait_abandoned_s", "wait (abandoned)"),
    ("asa_s", "ASA"),
];

const POOL_COLUMNS: [(&str, &str); 4] = [
    ("handled", "handled"),
    ("overflow_handled", "overflow"),
    ("occupancy", "occupancy"),
    ("agents_mean", "agents"),
];

/// One line per class or pool with the means of the chosen metrics; for pools, then the calls
/// handled of each class.
fn write_groups(
    out: &mut dyn Write,
    heading: &str,
    groups: &[GroupSummary],
    columns: &[(&str, &str)],
    class_names: &[&str],
) -> io::Result<()> {
    write!(out, "{heading:<20}")?;
    for (_, title) in columns {
        write!(out, " {title:>10}")?;
    }
    writeln!(out)?;
    for group in groups {
        write!(out, "{:<20}", printable(&group.name))?;
        for (key, _) in columns {
            write!(out, " {:>10}", column_text(&group.metrics, key))?;
        }
        for (class, handled) in class_names.iter().zip(&group.handled_by_class) {
            write!(
                out,
                "  {}: {}",
                printable(class),
                mean_text(handled.as_ref(), Unit::Calls)
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out)
}

/// (metric key, column heading) of the per-day table of a multi-day study.
const DAY_COLUMNS: [(&str, &str); 6] = [
    ("offered", "offered"),
    ("answered", "answered"),
    ("abandon_rate", "abandon"),
    ("service_level", "SL"),
    ("asa_s", "ASA"),
    ("occupancy", "occupancy"),
];

/// One line per day of a multi-day study, with the means of the headline metrics.
fn write_days(out: &mut dyn Write, days: &[DaySummary]) -> io::Result<()> {
    write!(out, "{:<20}", "Day")?;
    for (_, title) in DAY_COLUMNS {
        write!(out, " {title:>10}")?;
    }
    writeln!(out, " {:>16}", "SL 95% CI")?;
    for day in days {
        write!(out, "{:<20}", printable(&day.name))?;
        for (key, _) in DAY_COLUMNS {
            write!(out, " {:>10}", column_text(&day.metrics, key))?;
        }
        let service_level = day.metrics.get("service_level");
        writeln!(out, " {:>16}", ci_text(service_level, Unit::Share))?;
    }
    writeln!(out)
}

/// The day-to-day spread of the headline service level, under forecast uncertainty.
fn write_daily(out: &mut dyn Write, spread: &DailySpread, scenario: &Scenario) -> io::Result<()> {
    let share = |x: f64| value(x, Unit::Share);
    writeln!(
        out,
        "Service level across simulated days (volume CV {}, {} days)",
        scenario.uncertainty.volume_cv, spread.days
    )?;
    writeln!(
        out,
        "{:<58} {:>12}",
        "10th percentile (1 day in 10 is worse)",
        share(spread.p10)
    )?;
    writeln!(out, "{:<58} {:>12}", "median day", share(spread.p50))?;
    writeln!(out, "{:<58} {:>12}", "90th percentile", share(spread.p90))?;
    let target = format!(
        "days meeting the {} target",
        share(scenario.service_level.target)
    );
    writeln!(out, "{target:<58} {:>12}", share(spread.met_target))?;
    writeln!(out)
}

/// Whether the metric `key` says anything about `scenario`: the caller-contact metrics only
/// appear in the table when the scenario uses the policy they describe (JSON and CSV always carry
/// every metric).
pub(crate) fn applies(key: &str, scenario: &Scenario) -> bool {
    let contact = &scenario.contact;
    match key {
        "self_served" => contact.self_service.is_some(),
        // Without callbacks, the callers served are the calls answered.
        "served" => contact.callback.is_some(),
        "unique_callers" | "redials" | "eventually_served" => {
            scenario.classes.iter().any(|class| class.redial.any())
        }
        _ if key.starts_with("callback_")
            && !matches!(key, "callback_reached" | "callback_failed") =>
        {
            contact.callback.is_some()
        }
        _ if key.starts_with("estimate_") => contact.any_policy() || contact.measure_estimates,
        _ => true,
    }
}

fn write_metrics(
    out: &mut dyn Write,
    heading: &str,
    table: &MetricTable,
    shown: impl Fn(&str) -> bool,
) -> io::Result<()> {
    writeln!(out, "{heading:<58} {:>12}  95% CI", "mean")?;
    for (metric, estimate) in table.iter().filter(|(metric, _)| shown(metric.key)) {
        let line = format!(
            "{:<58} {:>12}  {}",
            metric.label,
            mean_text(estimate, metric.unit),
            ci_text(estimate, metric.unit)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out)
}

fn write_intervals(out: &mut dyn Write, result: &ExperimentResult) -> io::Result<()> {
    write!(out, "{:<13} {:>6}", "Interval", "agents")?;
    for (_, heading) in INTERVAL_COLUMNS {
        write!(out, " {heading:>10}")?;
    }
    writeln!(out, " {:>16}  target", "SL 95% CI")?;
    let intervals: &[IntervalSummary] = &result.summary.intervals;
    for interval in intervals.iter().filter(|i| !i.in_warmup) {
        let label = format!(
            "{}-{}",
            clock_time(interval.start),
            clock_time(interval.end)
        );
        write!(out, "{label:<13} {:>6}", interval.scheduled_agents)?;
        for (key, _) in INTERVAL_COLUMNS {
            write!(out, " {:>10}", column_text(&interval.metrics, key))?;
        }
        let service_level = interval.metrics.get("service_level");
        let mark = interval_verdict(result, interval).map_or("", Verdict::mark);
        let line = format!(" {:>16}  {mark}", ci_text(service_level, Unit::Share));
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Who queued and how long they waited: per class (when there are several), then per interval.
fn write_waiting(out: &mut dyn Write, summary: &crate::experiment::Summary) -> io::Result<()> {
    let mut rows: Vec<(String, &MetricTable)> = Vec::new();
    if summary.classes.len() > 1 {
        rows.extend(
            summary
                .classes
                .iter()
                .map(|c| (printable(&c.name).into_owned(), &c.metrics)),
        );
    }
    rows.extend(summary.intervals.iter().filter(|i| !i.in_warmup).map(|i| {
        let label = format!("{}-{}", clock_time(i.start), clock_time(i.end));
        (label, &i.metrics)
    }));
    writeln!(out)?;
    write!(out, "{:<20}", "Waiting")?;
    for (_, heading) in WAITING_COLUMNS {
        write!(out, " {heading:>16}")?;
    }
    writeln!(out)?;
    for (label, table) in rows {
        write!(out, "{label:<20}")?;
        for (key, _) in WAITING_COLUMNS {
            write!(out, " {:>16}", column_text(table, key))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The mean of the metric `key` of `table`, formatted for its unit.
fn column_text(table: &MetricTable, key: &str) -> String {
    let (metric, estimate) = table
        .iter()
        .find(|(metric, _)| metric.key == key)
        .expect("table columns are metrics");
    mean_text(estimate, metric.unit)
}
