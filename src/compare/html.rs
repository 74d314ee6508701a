//! The comparison as one self-contained HTML page, in the run report's style (it scrolls on
//! screen and prints whole the same way): for each variant, the overall differences, each
//! class's when there are several, and the headline measures interval by interval, every
//! difference with its paired confidence interval.

use super::table::{CLASS_ROWS, OVERALL_ROWS, either_side_has, p_text, signed};
use super::{ArmLabel, Comparison, IntervalComparison, MetricComparison, Verdict};
use crate::report::{clock_time, escape_markup as escape, format_value, write_html_page_start};
use crate::sim::metrics::CONTACT_METRIC_KEYS;
use crate::stats::Estimate;
use std::io::{self, Write};

/// The measures shown per interval: (metric key, heading).
const INTERVAL_COLUMNS: [(&str, &str); 5] = [
    ("service_level", "Service level"),
    ("asa_s", "ASA"),
    ("abandon_rate", "Abandon rate"),
    ("lost", "Lost"),
    ("occupancy", "Occupancy"),
];

/// Writes the comparison as an HTML page.
pub fn write_html(out: &mut dyn Write, comparison: &Comparison) -> io::Result<()> {
    let baseline = &comparison.baseline;
    write_html_page_start(out, &format!("{} — ccsim comparison", baseline.name))?;
    writeln!(out, "<h1>Comparison: {}</h1>", escape(&baseline.name))?;
    writeln!(
        out,
        "<p class=\"meta\">Baseline {} ({}) · {} paired replications, seed {} · ccsim {}</p>",
        escape(&baseline.name),
        escape(&baseline.file),
        comparison.replications,
        comparison.seed,
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(
        out,
        "<p class=\"formula\">Every variant meets the same simulated callers as the baseline \
         (common random numbers). <strong>Difference</strong> = variant − baseline, replication \
         by replication, with its {:.0}% confidence interval (Student t); shares differ in \
         percentage points (pp). A difference is significant when its interval excludes 0; \
         significant rows are coloured by what they mean for the service.</p>",
        comparison.confidence_level * 100.0
    )?;
    for variant in &comparison.variants {
        write_heading(out, &variant.label, baseline)?;
        let differences = &variant.differences;
        let rows: Vec<&str> = OVERALL_ROWS
            .iter()
            .chain(
                CONTACT_METRIC_KEYS
                    .iter()
                    .filter(|key| either_side_has(&differences.overall, key)),
            )
            .copied()
            .collect();
        write_metrics(out, "Over the day", &differences.overall, &rows)?;
        if differences.classes.len() > 1 {
            for class in &differences.classes {
                let heading = format!("Class {}", class.name);
                write_metrics(out, &heading, &class.metrics, CLASS_ROWS)?;
            }
        }
        write_metrics(out, "End of day", &differences.end_of_day, &[])?;
        write_intervals(out, &differences.intervals)?;
    }
    writeln!(
        out,
        "<footer>ccsim {}: how to read a comparison is in docs/compare.md in the ccsim \
         source.</footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    )
}

/// The variant's name, what it changes, and its file when it has its own.
fn write_heading(out: &mut dyn Write, variant: &ArmLabel, baseline: &ArmLabel) -> io::Result<()> {
    writeln!(out, "<h2>Variant: {}</h2>", escape(&variant.name))?;
    if !variant.description.is_empty() {
        writeln!(
            out,
            "<p class=\"description\">{}</p>",
            escape(&variant.description)
        )?;
    }
    if variant.file != baseline.file {
        writeln!(out, "<p class=\"meta\">File {}</p>", escape(&variant.file))?;
    }
    if !variant.overrides.is_empty() {
        let sets: Vec<String> = variant.overrides.iter().map(|o| o.to_string()).collect();
        writeln!(
            out,
            "<p class=\"meta\">Sets {}</p>",
            escape(&sets.join(", "))
        )?;
    }
    Ok(())
}

/// The row class that colours a significant difference.
fn row_class(verdict: Option<Verdict>) -> &'static str {
    match verdict {
        Some(Verdict::Better) => " class=\"row-better\"",
        Some(Verdict::Worse) => " class=\"row-missed\"",
        Some(Verdict::Changed) => " class=\"row-unclear\"",
        Some(Verdict::NotSignificant) | None => "",
    }
}

/// A difference's mean with its sign, in the metric's unit.
fn difference_text(row: &MetricComparison) -> String {
    row.difference
        .map_or_else(|| "-".into(), |d| signed(d.mean, row.metric.unit))
}

/// A difference's confidence interval, signed; empty without one.
fn interval_text(row: &MetricComparison) -> String {
    let unit = row.metric.unit;
    row.difference
        .and_then(|d| d.ci_low.zip(d.ci_high))
        .map_or_else(String::new, |(low, high)| {
            format!("[{}, {}]", signed(low, unit), signed(high, unit))
        })
}

/// A table of `metrics` with both sides, the difference, its interval, p and the verdict: the
/// metrics with the keys in `rows`, in that order, or every metric when `rows` is empty.
fn write_metrics(
    out: &mut dyn Write,
    heading: &str,
    metrics: &[MetricComparison],
    rows: &[&str],
) -> io::Result<()> {
    writeln!(out, "<h3>{}</h3>", escape(heading))?;
    writeln!(
        out,
        "<div class=\"scroll\"><table><thead><tr><th>Metric</th><th>Baseline</th>\
         <th>Variant</th><th>Difference</th><th>95% CI of difference</th><th>p</th>\
         <th>Verdict</th></tr></thead><tbody>"
    )?;
    let chosen: Vec<&MetricComparison> = if rows.is_empty() {
        metrics.iter().collect()
    } else {
        rows.iter()
            .filter_map(|key| metrics.iter().find(|m| m.metric.key == *key))
            .collect()
    };
    for row in chosen {
        let unit = row.metric.unit;
        let mean = |side: Option<Estimate>| {
            side.map_or_else(|| "-".to_string(), |e| format_value(e.mean, unit))
        };
        let verdict = row.verdict();
        writeln!(
            out,
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            row_class(verdict),
            escape(row.metric.label.trim_start()),
            mean(row.baseline),
            mean(row.variant),
            difference_text(row),
            interval_text(row),
            row.p_value.map_or_else(|| "-".to_string(), p_text),
            verdict.map_or("", Verdict::key).replace('_', " ")
        )?;
    }
    writeln!(out, "</tbody></table></div>")
}

/// The headline measures interval by interval: each side's mean and the difference with its
/// interval.
fn write_intervals(out: &mut dyn Write, intervals: &[IntervalComparison]) -> io::Result<()> {
    if intervals.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<h3>By interval</h3>\n<div class=\"scroll\"><table><thead><tr><th>Interval</th>"
    )?;
    for (_, heading) in INTERVAL_COLUMNS {
        write!(
            out,
            "<th>{heading}: baseline</th><th>variant</th><th>difference [95% CI]</th>"
        )?;
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for interval in intervals {
        write!(
            out,
            "<tr><td>{}–{}</td>",
            clock_time(interval.start),
            clock_time(interval.end)
        )?;
        for (key, _) in INTERVAL_COLUMNS {
            let Some(row) = interval.get(key) else {
                write!(out, "<td>-</td><td>-</td><td>-</td>")?;
                continue;
            };
            let unit = row.metric.unit;
            let mean = |side: Option<Estimate>| {
                side.map_or_else(|| "-".to_string(), |e| format_value(e.mean, unit))
            };
            let class = match row.verdict() {
                Some(Verdict::Better) => "met",
                Some(Verdict::Worse) => "missed",
                _ => "",
            };
            write!(
                out,
                "<td>{}</td><td>{}</td><td class=\"{class}\">{} <span class=\"ci\">{}</span></td>",
                mean(row.baseline),
                mean(row.variant),
                difference_text(row),
                interval_text(row)
            )?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(
        out,
        "</tbody></table></div>\n<p class=\"meta\">Calls count in the interval they arrived in. \
         A difference in green is significantly better, in red significantly worse.</p>"
    )
}
