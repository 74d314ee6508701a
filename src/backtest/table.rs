//! The back-test in the readable table, the wide CSV and the HTML report.

use super::{BackTest, Check, ScopeChecks};
use crate::Scenario;
use crate::compare::ObservedColumns;
use crate::report::{ExtraColumns, applies, escape_markup, mean_text, value, write_aligned};
use crate::sim::metrics::METRICS;
use std::io::{self, Write};

/// The metrics of the per-class and per-interval back-test tables (JSON and CSV carry every one).
const SCOPE_KEYS: [(&str, &str); 6] = [
    ("offered", "offered"),
    ("service_level", "SL"),
    ("abandon_rate", "abandon"),
    ("p_wait", "P(wait)"),
    ("abandon_given_wait", "abandon|queued"),
    ("asa_s", "ASA"),
];

/// (report section, heading) of the scopes shown in tables of their own, in report order.
const SCOPE_TABLES: [(&str, &str); 3] = [
    ("classes", "Class"),
    ("days", "Day"),
    ("intervals", "Interval"),
];

/// `yes`, `no`, or `–` when there is no observation or no simulated range.
fn verdict(check: &Check) -> &'static str {
    match check.inside() {
        Some(true) => "yes",
        Some(false) => "no",
        None => "–",
    }
}

fn observed_text(check: &Check) -> String {
    check
        .observed
        .map_or_else(|| "–".to_string(), |v| value(v, check.metric.unit))
}

fn range_text(check: &Check) -> String {
    check.range.map_or_else(
        || "–".to_string(),
        |(low, high)| {
            let unit = check.metric.unit;
            format!("[{}, {}]", value(low, unit), value(high, unit))
        },
    )
}

/// The heading lines: the file, the days observed, and how the range was taken.
fn heading(backtest: &BackTest) -> String {
    let days = match backtest.days.as_slice() {
        [] => String::new(),
        [one] => format!(", observed {one}"),
        [first, .., last] => format!(
            ", observed {first} to {last} ({} days)",
            backtest.days.len()
        ),
    };
    format!(
        "Back-test against {}{days}\n{}",
        backtest.file,
        backtest.rule.describe(backtest.replications)
    )
}

/// The summary line: how many observed values fall outside the simulated day-to-day range.
fn tally_line(backtest: &BackTest) -> String {
    let (checked, outside) = backtest.tally();
    format!(
        "{outside} of {checked} observed values fall outside the simulated day-to-day range \
         ({} inside)",
        checked - outside
    )
}

/// Writes the back-test after the report table: every overall metric the table shows with its
/// prediction, range, observation and verdict; then the main metrics of each class, day and
/// interval the observations have; then how many observations fall outside.
pub fn write_table(
    out: &mut dyn Write,
    backtest: &BackTest,
    scenario: &Scenario,
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", heading(backtest))?;
    writeln!(out)?;
    let header: Vec<String> = [
        "Overall",
        "predicted",
        "day-to-day range",
        "observed",
        "in range",
    ]
    .map(String::from)
    .to_vec();
    let overall = &backtest.scopes[0];
    let rows: Vec<Vec<String>> = overall
        .checks
        .iter()
        .filter(|c| applies(c.metric.key, scenario))
        .map(|check| {
            vec![
                check.metric.label.to_string(),
                mean_text(check.predicted.as_ref(), check.metric.unit),
                range_text(check),
                observed_text(check),
                verdict(check).to_string(),
            ]
        })
        .collect();
    write_aligned(out, &header, &rows, 1)?;
    for (section, title) in SCOPE_TABLES {
        let scopes = observed_scopes(backtest, section);
        if !scopes.is_empty() {
            writeln!(out)?;
            write_scopes(out, title, &scopes)?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", tally_line(backtest))
}

/// One row per scope: for each of [`SCOPE_KEYS`], the prediction, the observation and whether
/// it is in range.
fn write_scopes(out: &mut dyn Write, title: &str, scopes: &[&ScopeChecks]) -> io::Result<()> {
    let mut header = vec![title.to_string()];
    for (_, heading) in SCOPE_KEYS {
        header.extend([heading.to_string(), "observed".into(), "in".into()]);
    }
    let rows: Vec<Vec<String>> = scopes
        .iter()
        .map(|scope| {
            let label = match &scope.end {
                Some(end) => format!("{}-{end}", scope.name),
                None => scope.name.clone(),
            };
            let mut row = vec![label];
            for (key, _) in SCOPE_KEYS {
                let check = scope.get(key).expect("back-test keys are metrics");
                row.extend([
                    mean_text(check.predicted.as_ref(), check.metric.unit),
                    observed_text(check),
                    verdict(check).to_string(),
                ]);
            }
            row
        })
        .collect();
    write_aligned(out, &header, &rows, 1)
}

/// The back-test's columns in the wide CSV: `KEY_observed`, `KEY_range_low`, `KEY_range_high`
/// and `KEY_inside` (`true`, `false` or empty) for every metric.
impl ExtraColumns for BackTest {
    fn header(&self) -> Vec<String> {
        METRICS
            .iter()
            .flat_map(|m| {
                ["observed", "range_low", "range_high", "inside"]
                    .map(|suffix| format!("{}_{suffix}", m.key))
            })
            .collect()
    }

    fn fields(&self, scope: &str, name: &str, start: &str) -> Vec<String> {
        let found = match scope {
            "overall" => self.scopes.first(),
            "class" => self.scope("classes", name),
            "day" => self.scope("days", name),
            _ => self.scope("intervals", start),
        };
        let text = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        match found {
            Some(scope) => scope
                .checks
                .iter()
                .flat_map(|check| {
                    [
                        text(check.observed),
                        text(check.range.map(|r| r.0)),
                        text(check.range.map(|r| r.1)),
                        check.inside().map(|b| b.to_string()).unwrap_or_default(),
                    ]
                })
                .collect(),
            None => vec![String::new(); 4 * METRICS.len()],
        }
    }
}

/// The observed value beside the baseline in the comparison's CSV (overall and per class; pools
/// and the end of the day are not observed).
impl ObservedColumns for BackTest {
    fn observed_fields(&self, scope: &str, name: &str, key: &str) -> [String; 4] {
        let found = match scope {
            "overall" => self.scopes.first(),
            "class" => self.scope("classes", name),
            _ => None,
        };
        let text = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        match found.and_then(|scope| scope.get(key)) {
            Some(check) => [
                text(check.observed),
                text(check.range.map(|r| r.0)),
                text(check.range.map(|r| r.1)),
                check.inside().map(|b| b.to_string()).unwrap_or_default(),
            ],
            None => Default::default(),
        }
    }
}

/// The back-test section of the HTML report: the overall metrics, then the main metrics per
/// class and per interval, with the observations outside the range marked.
pub fn write_html(out: &mut dyn Write, backtest: &BackTest, scenario: &Scenario) -> io::Result<()> {
    let (first, second) = heading(backtest)
        .split_once('\n')
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap_or_default();
    writeln!(out, "<h2>{}</h2>", escape_markup(&first))?;
    writeln!(
        out,
        "<p class=\"meta\">{}; observations outside it are marked. {}.</p>",
        escape_markup(&second),
        escape_markup(&tally_line(backtest))
    )?;
    writeln!(
        out,
        "<div class=\"scroll\"><table><thead><tr><th>Metric</th><th>Predicted</th><th>Day-to-day range</th>\
         <th>Observed</th><th>In range</th></tr></thead><tbody>"
    )?;
    for check in backtest.scopes[0]
        .checks
        .iter()
        .filter(|c| c.observed.is_some() && applies(c.metric.key, scenario))
    {
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td>{}<td>{}</td></tr>",
            escape_markup(check.metric.label.trim_start()),
            mean_text(check.predicted.as_ref(), check.metric.unit),
            range_text(check),
            observed_cell(check),
            verdict(check)
        )?;
    }
    writeln!(out, "</tbody></table></div>")?;
    for (section, title) in SCOPE_TABLES {
        let scopes = observed_scopes(backtest, section);
        if scopes.is_empty() {
            continue;
        }
        write!(
            out,
            "<div class=\"scroll\"><table><thead><tr><th>{title}</th>"
        )?;
        for (_, heading) in SCOPE_KEYS {
            write!(out, "<th>{}</th><th>observed</th>", escape_markup(heading))?;
        }
        writeln!(out, "</tr></thead><tbody>")?;
        for scope in scopes {
            let label = match &scope.end {
                Some(end) => format!("{}–{end}", scope.name),
                None => scope.name.clone(),
            };
            write!(out, "<tr><td>{}</td>", escape_markup(&label))?;
            for (key, _) in SCOPE_KEYS {
                let check = scope.get(key).expect("back-test keys are metrics");
                write!(
                    out,
                    "<td>{}</td>{}",
                    mean_text(check.predicted.as_ref(), check.metric.unit),
                    observed_cell(check)
                )?;
            }
            writeln!(out, "</tr>")?;
        }
        writeln!(out, "</tbody></table></div>")?;
    }
    Ok(())
}

/// A table cell with the observed value, marked (and titled with the range) when outside it.
fn observed_cell(check: &Check) -> String {
    match check.inside() {
        Some(false) => format!(
            "<td class=\"missed\" title=\"outside {}\"><strong>{}</strong></td>",
            range_text(check),
            observed_text(check)
        ),
        _ => format!("<td>{}</td>", observed_text(check)),
    }
}

/// The scopes of `section` (classes, days or intervals) that the observations cover.
fn observed_scopes<'a>(backtest: &'a BackTest, section: &str) -> Vec<&'a ScopeChecks> {
    backtest
        .scopes
        .iter()
        .filter(|scope| scope.section == section && scope.observed)
        .collect()
}
