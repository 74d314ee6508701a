//! The HTML report: one self-contained file to read offline or mail to a manager.
//!
//! Everything is inline — a short style sheet and the charts as SVG — so the file shows the same
//! anywhere, with no network, no scripts and no companion files. Every piece of scenario text
//! (name, description, class and pool names) is escaped.

use super::format::{ci_text, clock_time, mean_text, value, warmup_note};
use super::markup::escape_markup as escape;
use super::target::{IntervalCount, Verdict, interval_verdict};
use crate::charts::RenderedChart;
use crate::experiment::{CONFIDENCE_LEVEL, ExperimentResult, GroupSummary, MetricTable};
use crate::model::AfterClose;
use crate::sim::metrics::{Metric, Unit};
use crate::stats::Estimate;
use std::io::{self, Write};

/// A section another module adds to the HTML report (after the headline figures), such as the
/// back-test against observed values.
pub type HtmlSection<'a> = &'a dyn Fn(&mut dyn Write) -> io::Result<()>;

/// Writes the HTML report of one scenario's replications, with `charts` inline.
pub fn write_html(
    out: &mut dyn Write,
    result: &ExperimentResult,
    scenario_file: &str,
    charts: &[RenderedChart],
) -> io::Result<()> {
    write_html_with(out, result, scenario_file, charts, None)
}

/// [`write_html`] with an `extra` section after the headline figures.
pub fn write_html_with(
    out: &mut dyn Write,
    result: &ExperimentResult,
    scenario_file: &str,
    charts: &[RenderedChart],
    extra: Option<HtmlSection<'_>>,
) -> io::Result<()> {
    write_page_start(out, &format!("{} — ccsim report", result.scenario.name))?;
    write_header(out, result, scenario_file)?;
    write_headline(out, result)?;
    if let Some(extra) = extra {
        extra(out)?;
    }
    write_lost_calls(out, &result.summary.overall)?;
    if !result.days.is_empty() {
        write_days(out, result)?;
    }
    if !charts.is_empty() {
        writeln!(out, "<h2>Charts</h2>")?;
        for chart in charts {
            write_chart(out, chart)?;
        }
    }
    write_classes(out, result)?;
    write_pools(out, result)?;
    write_intervals(out, result)?;
    write_metric_table(out, "End of day", &result.summary.end_of_day)?;
    writeln!(
        out,
        "<details><summary>Every metric over the whole day</summary>"
    )?;
    write_metric_table(out, "", &result.summary.overall)?;
    writeln!(out, "</details>")?;
    writeln!(
        out,
        "<footer>ccsim {}: every figure is the mean over {} independent simulated days; brackets \
         give its {:.0}% confidence interval (Student t). Definitions of every metric: \
         docs/report-format.md in the ccsim source.</footer>",
        env!("CARGO_PKG_VERSION"),
        result.scenario.replications,
        CONFIDENCE_LEVEL * 100.0
    )?;
    writeln!(out, "</body>\n</html>")
}

/// Opens a self-contained HTML page titled `title` (escaped here) with the report's style sheet,
/// up to the opening `<body>`: shared by the run, comparison and sweep pages so they look and
/// print alike.
pub(crate) fn write_page_start(out: &mut dyn Write, title: &str) -> io::Result<()> {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<title>{}</title>", escape(title))?;
    writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>")
}

/// Compact, print-friendly styling; system fonts only.
const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#282828;\
max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.45}
h1{margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.description{font-size:1.05em;color:#444}.meta{color:#555;font-size:.92em}
.formula{background:#f4f6f8;border-left:4px solid #0072b2;padding:.5em .8em}
.cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em .9em;min-width:10em}
.card .label{font-size:.85em;color:#555}.card .value{font-size:1.5em;font-weight:600}
.card .ci{font-size:.85em;color:#555}
.met{color:#00795a}.missed{color:#c0392b}.unclear{color:#a66a00}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
th,td{padding:.25em .6em;border-bottom:1px solid #e4e4e4;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}thead th{border-bottom:2px solid #bbb}
td .ci{color:#666;font-size:.85em}.scroll{overflow-x:auto;max-width:100%}
tr.row-missed td{background:#fdecea}tr.row-unclear td{background:#fff5dd}\
tr.row-better td{background:#e6f4ee}
figure{margin:1.2em 0}figure svg{max-width:100%;height:auto}
figcaption{font-size:.9em;color:#555}
footer{margin-top:2.5em;font-size:.85em;color:#666}
@media print{@page{size:A4 landscape;margin:10mm}\
body{margin:0;max-width:none;font-size:9pt}.scroll{overflow:visible}\
table{font-size:6.5pt;width:100%}th,td{padding:.1em .2em}th{white-space:normal}\
td .ci{display:block}thead{display:table-header-group}tr{break-inside:avoid}\
h2{break-after:avoid}figure{break-inside:avoid}\
tr.row-missed td,tr.row-unclear td,tr.row-better td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
";

fn write_header(
    out: &mut dyn Write,
    result: &ExperimentResult,
    scenario_file: &str,
) -> io::Result<()> {
    let scenario = &result.scenario;
    let hours = &scenario.hours;
    let service = &scenario.service_level;
    writeln!(out, "<h1>{}</h1>", escape(&scenario.name))?;
    if !scenario.description.trim().is_empty() {
        writeln!(
            out,
            "<p class=\"description\">{}</p>",
            escape(scenario.description.trim())
        )?;
    }
    let warmup = warmup_note(scenario);
    let after_close = match scenario.after_close {
        AfterClose::WorkOff => "calls waiting at closing time are worked off",
        AfterClose::Stop => "the run stops at closing time",
    };
    writeln!(
        out,
        "<p class=\"meta\">Scenario file {} · open {}–{} in {}-minute intervals{}{warmup}; \
         {after_close} · {} simulated days, seed {} · ccsim {}</p>",
        escape(scenario_file),
        clock_time(hours.open),
        clock_time(hours.close),
        hours.interval / 60.0,
        super::table::grouping_note(result),
        scenario.replications,
        scenario.seed,
        env!("CARGO_PKG_VERSION")
    )?;
    write!(
        out,
        "<p class=\"formula\"><strong>Service level</strong> = {} with threshold {} s, target {}",
        escape(service.formula.formula()),
        service.threshold,
        value(service.target, Unit::Share)
    )?;
    if scenario.classes.len() > 1 {
        let classes: Vec<String> = scenario
            .classes
            .iter()
            .map(|class| {
                format!(
                    "{}: {} within {} s",
                    escape(&class.name),
                    value(class.target, Unit::Share),
                    class.threshold
                )
            })
            .collect();
        write!(out, "; per class {}", classes.join(", "))?;
    }
    if let Some(short) = service.short_abandon {
        write!(
            out,
            ". Abandons within {short} s are short abandons, not lost"
        )?;
    }
    writeln!(out, ".</p>")
}

/// A verdict's words in the headline.
fn verdict_words(verdict: Verdict, one_day: bool) -> &'static str {
    match (verdict, one_day) {
        (Verdict::Met, false) => "target met",
        (Verdict::Missed, false) => "below target",
        (Verdict::Unclear, _) => "not distinguishable from the target",
        (Verdict::Met, true) => "target met (one day, no interval)",
        (Verdict::Missed, true) => "below target (one day, no interval)",
    }
}

/// The headline figures, one card each.
fn write_headline(out: &mut dyn Write, result: &ExperimentResult) -> io::Result<()> {
    let overall = &result.summary.overall;
    writeln!(out, "<h2>Headline</h2>\n<div class=\"cards\">")?;
    let cards: [(&str, &str); 9] = [
        ("service_level", "Service level"),
        ("offered", "Offered calls"),
        ("answered", "Answered"),
        ("abandon_rate", "Abandon rate (excl. short)"),
        ("lost", "Lost calls"),
        ("lost_rate", "Lost rate"),
        ("asa_s", "ASA"),
        ("wait_p90_s", "90% of waits within"),
        ("occupancy", "Occupancy"),
    ];
    for (key, label) in cards {
        let (metric, estimate) = lookup(overall, key);
        write!(
            out,
            "<div class=\"card\"><div class=\"label\">{label}</div><div class=\"value\">{}</div>\
             <div class=\"ci\">{}</div>",
            mean_text(estimate, metric.unit),
            ci_text(estimate, metric.unit)
        )?;
        if key == "service_level"
            && let Some(estimate) = estimate
        {
            let target = result.scenario.service_level.target;
            let verdict = Verdict::of(estimate, target);
            write!(
                out,
                "<div class=\"{}\">{} ({}) over the day</div>",
                verdict.key(),
                verdict_words(verdict, estimate.ci_low.is_none()),
                value(target, Unit::Share)
            )?;
            let count = IntervalCount::of(result);
            let class = if count.missed > 0 {
                "missed"
            } else if count.unclear > 0 {
                "unclear"
            } else {
                "met"
            };
            write!(out, "<div class=\"{class}\">{}</div>", count.words())?;
        }
        writeln!(out, "</div>")?;
    }
    writeln!(out, "</div>")
}

/// Every lost or not-answered call by outcome, with its share of the offered calls.
fn write_lost_calls(out: &mut dyn Write, overall: &MetricTable) -> io::Result<()> {
    const ROWS: [(&str, &str); 13] = [
        ("abandoned", "Abandoned (all)"),
        ("short_abandoned", "of which short abandons (not lost)"),
        ("balked", "Balked on hearing the announcement"),
        ("missed_timeout", "Missed: timeout at the maximum wait"),
        ("missed_blocked", "Missed: blocked (lines or queue full)"),
        ("dropped_in_queue", "Dropped in queue"),
        ("dropped_in_conversation", "Dropped in conversation"),
        ("callback_failed", "Callback failed"),
        (
            "lost",
            "Lost (missed + abandoned − short + balked + dropped + failed callbacks)",
        ),
        ("unfinished", "Unfinished when the run stopped"),
        ("answered", "Answered"),
        ("callback_reached", "Reached by callback"),
        ("deflected", "Deflected to another channel (not lost)"),
    ];
    let offered = overall.get("offered").map(|e| e.mean);
    writeln!(out, "<h2>What happened to the calls</h2>")?;
    writeln!(
        out,
        "<div class=\"scroll\"><table><thead><tr><th>Outcome</th><th>Calls per day</th><th>95% CI</th>\
         <th>Share of offered</th></tr></thead><tbody>"
    )?;
    for (key, label) in ROWS {
        let (metric, estimate) = lookup(overall, key);
        let share = match (estimate, offered) {
            (Some(e), Some(offered)) if offered > 0.0 => value(e.mean / offered, Unit::Share),
            _ => "-".to_string(),
        };
        writeln!(
            out,
            "<tr><td>{label}</td><td>{}</td><td>{}</td><td>{share}</td></tr>",
            mean_text(estimate, metric.unit),
            ci_text(estimate, metric.unit)
        )?;
    }
    writeln!(
        out,
        "</tbody></table></div>\n<p class=\"meta\">Share of offered: the mean count over the mean \
         offered calls ({} per day).</p>",
        offered.map_or_else(|| "-".to_string(), |o| value(o, Unit::Calls))
    )
}

pub(crate) fn write_chart(out: &mut dyn Write, chart: &RenderedChart) -> io::Result<()> {
    // Inline SVG in HTML needs no namespace declaration; dropping it leaves no URL in the file.
    let svg = chart
        .svg
        .replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
        .replacen(
            "<svg ",
            &format!("<svg role=\"img\" aria-label=\"{}\" ", escape(&chart.title)),
            1,
        );
    writeln!(
        out,
        "<figure id=\"chart-{}\">\n{svg}<figcaption>{}</figcaption>\n</figure>",
        chart.name,
        escape(&chart.title)
    )
}

/// The metric `key` of `table` and its estimate.
fn lookup<'t>(table: &'t MetricTable, key: &str) -> (&'static Metric, Option<&'t Estimate>) {
    table
        .iter()
        .find(|(metric, _)| metric.key == key)
        .expect("report columns are metrics")
}

/// A table cell with the mean and, smaller, its confidence interval.
fn cell(table: &MetricTable, key: &str, with_ci: bool) -> String {
    let (metric, estimate) = lookup(table, key);
    let ci = ci_text(estimate, metric.unit);
    if with_ci && !ci.is_empty() {
        format!(
            "<td>{} <span class=\"ci\">{ci}</span></td>",
            mean_text(estimate, metric.unit)
        )
    } else {
        format!("<td>{}</td>", mean_text(estimate, metric.unit))
    }
}

/// (metric key, heading, with confidence interval) of the per-class columns.
const CLASS_COLUMNS: [(&str, &str, bool); 14] = [
    ("offered", "Offered", false),
    ("answered", "Answered", false),
    ("service_level", "Service level", true),
    ("abandon_rate", "Abandon rate", true),
    ("p_wait", "P(wait)", false),
    ("abandon_given_wait", "Abandoned if queued", false),
    ("mean_wait_waiting_s", "Wait (queued)", false),
    ("mean_wait_abandoned_s", "Wait (abandoned)", false),
    ("lost", "Lost", false),
    ("asa_s", "ASA", true),
    ("wait_p90_s", "Wait p90", false),
    ("aht_s", "AHT", false),
    ("overflowed", "Overflowed", false),
    ("queue_mean", "Queue (mean)", false),
];

fn write_classes(out: &mut dyn Write, result: &ExperimentResult) -> io::Result<()> {
    writeln!(
        out,
        "<h2>By class</h2>\n<div class=\"scroll\"><table><thead><tr>"
    )?;
    write!(out, "<th>Class</th><th>Target</th>")?;
    for (_, heading, _) in CLASS_COLUMNS {
        write!(out, "<th>{heading}</th>")?;
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for (class, group) in result.scenario.classes.iter().zip(&result.summary.classes) {
        write!(
            out,
            "<tr><td>{}</td><td>{} within {} s</td>",
            escape(&group.name),
            value(class.target, Unit::Share),
            class.threshold
        )?;
        for (key, _, with_ci) in CLASS_COLUMNS {
            write!(out, "{}", cell(&group.metrics, key, with_ci))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table></div>")
}

/// (metric key, heading, with confidence interval) of the per-day columns of a study.
const DAY_COLUMNS: [(&str, &str, bool); 6] = [
    ("offered", "Offered", false),
    ("answered", "Answered", false),
    ("abandon_rate", "Abandon rate", true),
    ("service_level", "Service level", true),
    ("asa_s", "ASA", true),
    ("occupancy", "Occupancy", true),
];

/// One row per day of a multi-day study (the rest of the report is the days pooled).
fn write_days(out: &mut dyn Write, result: &ExperimentResult) -> io::Result<()> {
    writeln!(
        out,
        "<h2>By day</h2>\n<p>The report above and below pools the {} days: counts are totals \
         over the days, rates are ratios of totals and agents are summed over the days.</p>\n\
         <div class=\"scroll\"><table><thead><tr>",
        result.days.len()
    )?;
    write!(out, "<th>Day</th>")?;
    for (_, heading, _) in DAY_COLUMNS {
        write!(out, "<th>{heading}</th>")?;
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for day in &result.days {
        write!(out, "<tr><td>{}</td>", escape(&day.name))?;
        for (key, _, with_ci) in DAY_COLUMNS {
            write!(out, "{}", cell(&day.metrics, key, with_ci))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table></div>")
}

fn write_pools(out: &mut dyn Write, result: &ExperimentResult) -> io::Result<()> {
    const COLUMNS: [(&str, &str, bool); 4] = [
        ("handled", "Calls answered", false),
        ("overflow_handled", "as overflow", false),
        ("occupancy", "Occupancy", true),
        ("agents_mean", "Agents present", false),
    ];
    let classes: &[GroupSummary] = &result.summary.classes;
    writeln!(
        out,
        "<h2>By agent pool</h2>\n<div class=\"scroll\"><table><thead><tr>"
    )?;
    write!(out, "<th>Pool</th>")?;
    for (_, heading, _) in COLUMNS {
        write!(out, "<th>{heading}</th>")?;
    }
    if classes.len() > 1 {
        for class in classes {
            write!(out, "<th>answered: {}</th>", escape(&class.name))?;
        }
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for pool in &result.summary.pools {
        write!(out, "<tr><td>{}</td>", escape(&pool.name))?;
        for (key, _, with_ci) in COLUMNS {
            write!(out, "{}", cell(&pool.metrics, key, with_ci))?;
        }
        if classes.len() > 1 {
            for handled in &pool.handled_by_class {
                write!(out, "<td>{}</td>", mean_text(handled.as_ref(), Unit::Calls))?;
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table></div>")
}

/// (metric key, heading, with confidence interval) of the per-interval columns.
const INTERVAL_COLUMNS: [(&str, &str, bool); 16] = [
    ("offered", "Offered", false),
    ("answered", "Answered", false),
    ("abandoned", "Abandoned", false),
    ("missed", "Missed", false),
    ("dropped", "Dropped", false),
    ("lost", "Lost", false),
    ("service_level", "Service level", true),
    ("abandon_rate", "Abandon rate", false),
    ("p_wait", "P(wait)", false),
    ("abandon_given_wait", "Abandoned if queued", false),
    ("asa_s", "ASA", false),
    ("mean_wait_waiting_s", "Wait (queued)", false),
    ("mean_wait_abandoned_s", "Wait (abandoned)", false),
    ("occupancy", "Occupancy", false),
    ("queue_mean", "Queue (mean)", false),
    ("queue_max", "Queue (max)", false),
];

fn write_intervals(out: &mut dyn Write, result: &ExperimentResult) -> io::Result<()> {
    let summary = &result.summary;
    let classes = if summary.classes.len() > 1 {
        summary.classes.as_slice()
    } else {
        &[]
    };
    writeln!(
        out,
        "<h2>By interval</h2>\n<div class=\"scroll\"><table><thead><tr>"
    )?;
    write!(out, "<th>Interval</th><th>Target</th><th>Agents</th>")?;
    for (_, heading, _) in INTERVAL_COLUMNS {
        write!(out, "<th>{heading}</th>")?;
    }
    for class in classes {
        write!(out, "<th>SL {}</th>", escape(&class.name))?;
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for (index, interval) in summary.intervals.iter().enumerate() {
        if interval.in_warmup {
            continue;
        }
        let verdict = interval_verdict(result, interval);
        let row_class = verdict.map_or(String::new(), |v| format!(" class=\"row-{}\"", v.key()));
        let mark = verdict.map_or("", Verdict::key);
        write!(
            out,
            "<tr{row_class}><td>{}–{}</td><td>{mark}</td><td>{}</td>",
            clock_time(interval.start),
            clock_time(interval.end),
            interval.scheduled_agents
        )?;
        for (key, _, with_ci) in INTERVAL_COLUMNS {
            write!(out, "{}", cell(&interval.metrics, key, with_ci))?;
        }
        for class in classes {
            write!(
                out,
                "{}",
                cell(&class.intervals[index], "service_level", false)
            )?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(
        out,
        "</tbody></table></div>\n<p class=\"meta\">Calls count in the interval they arrived \
         in; occupancy and queue length by clock time. Queue (max): the mean over days of each \
         day's longest queue in the interval. Target: the interval's service level against the \
         target, judged on its confidence interval (missed: wholly below; unclear: on both \
         sides).</p>"
    )
}

fn write_metric_table(out: &mut dyn Write, heading: &str, table: &MetricTable) -> io::Result<()> {
    if !heading.is_empty() {
        writeln!(out, "<h2>{heading}</h2>")?;
    }
    writeln!(
        out,
        "<div class=\"scroll\"><table><thead><tr><th>Metric</th><th>Mean</th><th>95% CI</th></tr></thead><tbody>"
    )?;
    for (metric, estimate) in table.iter() {
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(metric.label.trim_start()),
            mean_text(estimate, metric.unit),
            ci_text(estimate, metric.unit)
        )?;
    }
    writeln!(out, "</tbody></table></div>")
}
