//! The readable comparison: for each variant, the whole lost-call breakdown and the headline
//! measures, each with both sides' means and the paired difference with its interval; then the
//! headline measures of each class when there are several.

use super::{ArmLabel, Comparison, Differences, MetricComparison, Verdict};
use crate::report::format_value;
use crate::sim::metrics::{CONTACT_METRIC_KEYS, Unit};
use std::io::{self, Write};

/// Overall rows: every outcome of the lost-call breakdown, then the headline measures.
pub(super) const OVERALL_ROWS: &[&str] = &[
    "offered",
    "answered",
    "answered_within",
    "abandoned",
    "short_abandoned",
    "missed",
    "missed_timeout",
    "missed_blocked",
    "dropped",
    "dropped_in_queue",
    "dropped_in_conversation",
    "balked",
    "callback_reached",
    "served",
    "callback_failed",
    "deflected",
    "lost",
    "unfinished",
    "service_level",
    "abandon_rate",
    "lost_rate",
    "p_wait",
    "abandon_given_wait",
    "asa_s",
    "mean_wait_s",
    "mean_wait_waiting_s",
    "mean_wait_abandoned_s",
    "wait_p90_s",
    "occupancy",
    "queue_mean",
];

/// Rows of each class, when there are several.
pub(super) const CLASS_ROWS: &[&str] = &[
    "offered",
    "answered",
    "abandoned",
    "lost",
    "service_level",
    "abandon_rate",
    "p_wait",
    "abandon_given_wait",
    "asa_s",
];

const LABEL_WIDTH: usize = 56;

/// Writes the readable comparison.
pub fn write_table(out: &mut dyn Write, comparison: &Comparison) -> io::Result<()> {
    let baseline = &comparison.baseline;
    writeln!(out, "Baseline: {} ({})", baseline.name, baseline.file)?;
    writeln!(
        out,
        "{} paired replications, seed {}, {:.0}% confidence intervals (Student t), ccsim {}",
        comparison.replications,
        comparison.seed,
        comparison.confidence_level * 100.0,
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(
        out,
        "Every variant meets the same simulated callers as the baseline (common random numbers)."
    )?;
    writeln!(
        out,
        "Difference = variant - baseline, per replication; * = significant (its interval excludes 0)."
    )?;
    for variant in &comparison.variants {
        writeln!(out)?;
        write_heading(out, &variant.label, baseline)?;
        let overall = &variant.differences.overall;
        let rows: Vec<&str> = OVERALL_ROWS
            .iter()
            .chain(
                CONTACT_METRIC_KEYS
                    .iter()
                    .filter(|key| either_side_has(overall, key)),
            )
            .copied()
            .collect();
        write_rows(out, "Overall", overall, &rows)?;
        write_classes(out, &variant.differences)?;
    }
    Ok(())
}

/// The variant's name and, for a `[[variants]]` entry, what it changes; for a file of its own,
/// the file.
fn write_heading(out: &mut dyn Write, variant: &ArmLabel, baseline: &ArmLabel) -> io::Result<()> {
    write!(out, "Variant: {}", variant.name)?;
    if variant.file != baseline.file {
        write!(out, " ({})", variant.file)?;
    }
    writeln!(out)?;
    if !variant.overrides.is_empty() {
        if !variant.description.is_empty() {
            writeln!(out, "  {}", variant.description)?;
        }
        let sets: Vec<String> = variant.overrides.iter().map(|o| o.to_string()).collect();
        writeln!(out, "  set {}", sets.join(", "))?;
    }
    writeln!(out)
}

/// Whether the metric `key` is defined and not zero on either side.
pub(super) fn either_side_has(metrics: &[MetricComparison], key: &str) -> bool {
    metrics
        .iter()
        .find(|m| m.metric.key == key)
        .is_some_and(|m| {
            [m.baseline, m.variant]
                .iter()
                .flatten()
                .any(|side| side.mean != 0.0)
        })
}

fn write_classes(out: &mut dyn Write, differences: &Differences) -> io::Result<()> {
    if differences.classes.len() < 2 {
        return Ok(());
    }
    for class in &differences.classes {
        writeln!(out)?;
        write_rows(
            out,
            &format!("Class {}", class.name),
            &class.metrics,
            CLASS_ROWS,
        )?;
    }
    Ok(())
}

/// A heading line, then one line per metric in `rows`.
fn write_rows(
    out: &mut dyn Write,
    heading: &str,
    metrics: &[MetricComparison],
    rows: &[&str],
) -> io::Result<()> {
    writeln!(
        out,
        "{heading:<LABEL_WIDTH$} {:>10} {:>10} {:>11}  {:<24} {:>7}",
        "baseline", "variant", "difference", "95% CI of difference", "p"
    )?;
    for key in rows {
        let Some(row) = metrics.iter().find(|m| m.metric.key == *key) else {
            continue;
        };
        let unit = row.metric.unit;
        let mean = |side: Option<crate::stats::Estimate>| {
            side.map_or_else(|| "-".to_string(), |e| format_value(e.mean, unit))
        };
        let difference = row.difference;
        let interval = difference
            .and_then(|d| d.ci_low.zip(d.ci_high))
            .map_or_else(String::new, |(low, high)| {
                format!("[{}, {}]", signed(low, unit), signed(high, unit))
            });
        let line = format!(
            "{:<LABEL_WIDTH$} {:>10} {:>10} {:>11}  {:<24} {:>7} {}",
            row.metric.label,
            mean(row.baseline),
            mean(row.variant),
            difference.map_or_else(|| "-".to_string(), |d| signed(d.mean, unit)),
            interval,
            row.p_value.map_or_else(|| "-".to_string(), p_text),
            marker(row.verdict()),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// `*` and what it means for a significant difference; nothing otherwise.
fn marker(verdict: Option<Verdict>) -> &'static str {
    match verdict {
        Some(Verdict::Better) => "* better",
        Some(Verdict::Worse) => "* worse",
        Some(Verdict::Changed) => "*",
        Some(Verdict::NotSignificant) | None => "",
    }
}

/// A difference with its sign, in the metric's unit; shares in percentage points.
pub(super) fn signed(value: f64, unit: Unit) -> String {
    let sign = if value > 0.0 { "+" } else { "" };
    match unit {
        Unit::Share => format!("{sign}{:.1} pp", value * 100.0),
        _ => format!("{sign}{}", format_value(value, unit)),
    }
}

pub(super) fn p_text(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}
