//! The readable output of `ccsim check`: per scenario, its verdict and a table of what moved, by
//! how much, and with what evidence.

use super::compare::{Finding, MetricCheck, Mode, ScenarioCheck, Status};
use super::direction::Direction;
use super::outcome::{CheckOutcome, CheckedScenario};
use super::report_metrics::{Scope, metric};
use crate::report;
use crate::sim::metrics::Unit;
use std::io::{self, Write};
use std::path::Path;

/// The table shows at most this many moved metrics per scenario; `--format json` lists them all.
const MAX_ROWS: usize = 40;

/// Writes the whole outcome: a header naming the mode, each scenario, and the tally.
pub fn write_check_table(out: &mut dyn Write, outcome: &CheckOutcome) -> io::Result<()> {
    match &outcome.mode {
        Mode::Exact => writeln!(
            out,
            "ccsim check, exact mode: every value must be the baseline's, bit for bit"
        )?,
        Mode::Statistical { alpha, power, .. } => writeln!(
            out,
            "ccsim check, statistical mode: alpha = {alpha} per scenario, Holm-corrected over \
             its metrics; detectable changes at power {power}"
        )?,
    }
    for scenario in &outcome.scenarios {
        writeln!(out)?;
        write_scenario(out, scenario, &outcome.mode)?;
    }
    writeln!(out)?;
    writeln!(out, "{}", outcome.tally())
}

/// Writes one scenario's verdict and what moved (also the body of its JUnit failure).
pub fn write_scenario(
    out: &mut dyn Write,
    scenario: &CheckedScenario,
    mode: &Mode,
) -> io::Result<()> {
    let check = &scenario.check;
    let label = match check.status {
        Status::Ok => "ok",
        Status::Regression => "REGRESSION",
        Status::Changed => "CHANGED",
    };
    writeln!(
        out,
        "{label:<11} {} ({})",
        scenario.scenario_file, check.name
    )?;
    let indent = " ".repeat(12);
    let version = env!("CARGO_PKG_VERSION");
    let made_by = if check.baseline_ccsim_version == version {
        format!("ccsim {version}")
    } else {
        format!(
            "ccsim {}; this is ccsim {version}, so the numbers are compared statistically",
            check.baseline_ccsim_version
        )
    };
    writeln!(
        out,
        "{indent}baseline {} (made by {made_by})",
        scenario.baseline_file
    )?;
    writeln!(
        out,
        "{indent}run: seed {}, {} replication{}; {}",
        check.seed,
        check.replications,
        if check.replications == 1 { "" } else { "s" },
        count_line(check, mode)
    )?;
    if check.status == Status::Changed {
        writeln!(
            out,
            "{indent}the scenario differs from the one baselined; re-baseline if that is \
             intended: {}",
            rebaseline_command(scenario)
        )?;
        for change in &check.changes {
            let show =
                |value: &Option<String>| value.as_deref().map_or("(not set)".to_string(), shorten);
            writeln!(
                out,
                "{indent}  {}: {} -> {}",
                change.key,
                show(&change.baseline),
                show(&change.now)
            )?;
        }
    }
    if let Mode::Statistical { power, .. } = mode {
        writeln!(out, "{indent}{}", method_line(check))?;
        if let Some(line) = detectable_line(check, *power) {
            writeln!(out, "{indent}{line}")?;
        }
    }
    for note in &check.notes {
        writeln!(out, "{indent}{note}")?;
    }
    let flagged: Vec<&MetricCheck> = check.flagged().collect();
    if !flagged.is_empty() {
        if check.status == Status::Changed {
            writeln!(out, "{indent}what moved, for information:")?;
        }
        write_rows(out, &flagged, mode)?;
    }
    Ok(())
}

/// How the metrics were tested.
fn method_line(check: &ScenarioCheck) -> String {
    if check.paired {
        format!(
            "paired test: each of the {} replications against the baseline's with the same \
             random numbers",
            check.replications
        )
    } else {
        "unpaired test (Welch): the run's seed or replications differ from the baseline's"
            .to_string()
    }
}

/// The headline metrics whose detectable change the table states for every scenario.
const HEADLINE: [&str; 4] = ["service_level", "asa_s", "abandon_rate", "lost"];

/// "detectable at power 0.8, overall: service_level 1.2 pts, …": what the check can see of the
/// headline metrics; `≤` marks a bound from the baseline's spread ([`Detectable::bound`]).
///
/// [`Detectable::bound`]: super::compare::Detectable::bound
fn detectable_line(check: &ScenarioCheck, power: f64) -> Option<String> {
    let shown: Vec<&MetricCheck> = HEADLINE
        .iter()
        .filter_map(|key| {
            check
                .metrics
                .iter()
                .find(|m| m.scope == Scope::Overall && m.key == *key && m.detectable.is_some())
        })
        .collect();
    if shown.is_empty() {
        return None;
    }
    let parts: Vec<String> = shown
        .iter()
        .filter_map(|m| Some(format!("{} {}", m.key, detectable_cell(m)?)))
        .collect();
    let bound = shown.iter().any(|m| m.detectable.is_some_and(|d| d.bound));
    let mut line = format!("detectable at power {power}, overall: {}", parts.join(", "));
    if bound {
        line += " (≤: a bound from the baseline's spread; the paired differences had none)";
    }
    Some(line)
}

/// A metric's minimal detectable change in its unit, `≤` when it is a bound.
fn detectable_cell(row: &MetricCheck) -> Option<String> {
    let detectable = row.detectable?;
    let unit = metric(&row.key).map_or(Unit::Level, |m| m.unit);
    let change = format_change(detectable.change, unit, false);
    let magnitude = change.trim_start_matches('+');
    Some(if detectable.bound {
        format!("≤{magnitude}")
    } else {
        magnitude.to_string()
    })
}

/// "780 metrics compared, 12 moved (…)": what was compared and what the closest call was.
fn count_line(check: &ScenarioCheck, mode: &Mode) -> String {
    let compared = check.metrics.len();
    let moved = check.flagged().count();
    if let Mode::Exact = mode {
        return match moved {
            0 if check.notes.is_empty() => format!("all {compared} metrics identical"),
            _ => format!("{moved} of {compared} metrics differ"),
        };
    }
    let untestable = check
        .metrics
        .iter()
        .filter(|m| m.finding == Finding::Untestable)
        .count();
    let mut line = format!("{compared} metrics compared");
    if untestable > 0 {
        line += &format!(" ({untestable} defined in fewer than 2 replications: not tested)");
    }
    if moved > 0 {
        return format!("{line}, {moved} moved");
    }
    // The closest call: the smallest p-value, before and after the correction.
    let closest = check
        .metrics
        .iter()
        .filter_map(|m| match m.finding {
            Finding::Tested { p, p_holm } if p < 1.0 => Some((p, p_holm, m)),
            _ => None,
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    match closest {
        Some((p, p_holm, m)) => format!(
            "{line}, none moved (smallest p = {} for {} {}, {} after Holm)",
            p_value(p),
            m.scope,
            m.key,
            p_value(p_holm)
        ),
        None => format!("{line}, none moved"),
    }
}

fn rebaseline_command(scenario: &CheckedScenario) -> String {
    let dir = Path::new(&scenario.baseline_file)
        .parent()
        .map_or(".".to_string(), |p| p.display().to_string());
    format!(
        "ccsim baseline {} --dir {}",
        scenario.scenario_file,
        if dir.is_empty() { "." } else { &dir }
    )
}

fn write_rows(out: &mut dyn Write, rows: &[&MetricCheck], mode: &Mode) -> io::Result<()> {
    let exact = *mode == Mode::Exact;
    // (header, right-aligned); exact mode has no p-values or tolerances.
    let mut columns = vec![
        ("where", false),
        ("metric", false),
        ("baseline", true),
        ("new", true),
        ("change", true),
    ];
    if !exact {
        columns.extend([
            ("p (Holm)", true),
            ("tolerance", true),
            ("detectable", true),
        ]);
    }
    columns.push(("verdict", false));

    let cells: Vec<Vec<String>> = rows
        .iter()
        .take(MAX_ROWS)
        .map(|row| {
            let unit = metric(&row.key).map_or(Unit::Level, |m| m.unit);
            let value = |e: &Option<crate::stats::Estimate>| {
                e.map_or("undefined".to_string(), |e| {
                    format_value(e.mean, unit, exact)
                })
            };
            let mut cells = vec![
                row.scope.to_string(),
                row.key.clone(),
                value(&row.baseline),
                value(&row.new),
                row.difference()
                    .map_or("-".to_string(), |d| format_change(d, unit, exact)),
            ];
            if !exact {
                cells.push(evidence(row));
                cells.push(
                    row.tolerance
                        .map_or("-".to_string(), |t| format_tolerance(t, unit)),
                );
                cells.push(detectable_cell(row).unwrap_or_else(|| "-".to_string()));
            }
            cells.push(verdict(row, exact).to_string());
            cells
        })
        .collect();
    let mut widths: Vec<usize> = columns.iter().map(|(h, _)| h.len()).collect();
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut text = String::from(" ");
        for ((cell, width), (_, right)) in cells.iter().zip(&widths).zip(&columns) {
            let pad = " ".repeat(width - cell.chars().count());
            text += &if *right {
                format!(" {pad}{cell} ")
            } else {
                format!(" {cell}{pad} ")
            };
        }
        text.trim_end().to_string()
    };
    writeln!(out, "{}", line(columns.iter().map(|(h, _)| *h).collect()))?;
    for row in &cells {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    if rows.len() > MAX_ROWS {
        writeln!(
            out,
            "  … and {} more (--format json lists every metric)",
            rows.len() - MAX_ROWS
        )?;
    }
    Ok(())
}

fn evidence(row: &MetricCheck) -> String {
    match row.finding {
        Finding::Tested { p_holm, .. } => p_value(p_holm),
        Finding::Certain { .. } => "no noise".to_string(),
        _ => String::new(),
    }
}

fn verdict(row: &MetricCheck, exact: bool) -> &'static str {
    match (row.baseline, row.new) {
        (Some(_), None) => "now undefined",
        (None, Some(_)) => "now defined",
        _ if exact => "differs",
        _ => match (row.direction(), row.difference().unwrap_or(0.0)) {
            (Direction::Neutral, _) | (_, 0.0) => "moved",
            (Direction::HigherIsBetter, d) if d > 0.0 => "better",
            (Direction::LowerIsBetter, d) if d < 0.0 => "better",
            _ => "worse",
        },
    }
}

fn p_value(p: f64) -> String {
    if p < 1e-300 {
        "< 1e-300".to_string()
    } else if p < 1e-4 {
        format!("{p:.1e}")
    } else {
        format!("{p:.4}")
    }
}

/// A value as tables show it; exact mode shows every digit, since the difference may be in the
/// last one.
fn format_value(x: f64, unit: Unit, exact: bool) -> String {
    if exact {
        return format!("{x}");
    }
    report::format_value(x, unit)
}

fn format_change(d: f64, unit: Unit, exact: bool) -> String {
    if exact {
        return format!("{d:+.3e}");
    }
    match unit {
        Unit::Share => format!("{:+.1} pts", d * 100.0),
        Unit::Seconds | Unit::SignedSeconds => report::duration_change(d),
        Unit::Calls => format!("{d:+.1}"),
        Unit::Level => format!("{d:+.2}"),
    }
}

fn format_tolerance(t: f64, unit: Unit) -> String {
    match unit {
        Unit::Share => format!("{:.1} pts", t * 100.0),
        Unit::Seconds | Unit::SignedSeconds => format!("{t} s"),
        Unit::Calls | Unit::Level => format!("{t}"),
    }
}

/// Long values (arrays of a whole day) cut to a readable length.
fn shorten(value: &str) -> String {
    const MAX: usize = 70;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let cut: String = value.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_changes_by_unit() {
        assert_eq!(format_value(0.8943, Unit::Share, false), "89.4%");
        assert_eq!(format_change(-0.063, Unit::Share, false), "-6.3 pts");
        assert_eq!(format_change(6.25, Unit::Seconds, false), "+0:06.3");
        assert_eq!(format_tolerance(0.02, Unit::Share), "2.0 pts");
        assert_eq!(
            format_value(0.1 + 0.2, Unit::Share, true),
            "0.30000000000000004"
        );
        assert_eq!(format_change(1.0, Unit::Calls, true), "+1.000e0");
    }

    #[test]
    fn p_values_are_readable() {
        assert_eq!(p_value(0.0), "< 1e-300");
        assert_eq!(p_value(3.2e-9), "3.2e-9");
        assert_eq!(p_value(0.00712), "0.0071");
    }

    #[test]
    fn long_values_are_cut() {
        assert_eq!(shorten("[1, 2]"), "[1, 2]");
        let long = format!("[{}]", ["10"; 40].join(", "));
        let short = shorten(&long);
        assert_eq!(short.chars().count(), 71);
        assert!(short.ends_with('…'));
    }
}
