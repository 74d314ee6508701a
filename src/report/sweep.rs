//! A sweep as a table (the headline metrics of every point), as CSV and as versioned JSON (every
//! overall metric). The layouts are documented in `docs/report-format.md`.

use super::csv_table::{estimate_fields, metric_columns};
use super::format::{ci_text, compact_estimate, mean_text, value, write_aligned};
use super::html::{write_chart, write_page_start};
use super::json::{metrics, service_level_json};
use super::markup::escape_markup as escape;
use crate::charts::RenderedChart;
use crate::experiment::CONFIDENCE_LEVEL;
use crate::experiment::sweep::{HEADLINE_METRICS, Sweep};
use crate::sim::metrics::{METRICS, Unit};
use serde_json::{Map, Value, json};
use std::io::{self, Write};

/// Version of the sweep JSON layout.
pub const SWEEP_SCHEMA_VERSION: u32 = 1;

/// Column headings of the headline metrics, in [`HEADLINE_METRICS`] order.
const HEADINGS: [&str; 5] = [
    "service level",
    "ASA",
    "abandon rate",
    "occupancy",
    "lost calls",
];

/// The same for the Erlang A values.
const FORMULA_HEADINGS: [&str; 5] = [
    "SL (A)",
    "ASA (A)",
    "abandon (A)",
    "occupancy (A)",
    "lost (A)",
];

fn unit(key: &str) -> Unit {
    METRICS
        .iter()
        .find(|metric| metric.key == key)
        .expect("headline metrics are metrics")
        .unit
}

/// Writes the readable sweep: a header, then one row per point with the varied values and the
/// headline metrics with their confidence intervals, and the Erlang A values where the formula
/// describes the points.
pub fn write_sweep_table(
    out: &mut dyn Write,
    sweep: &Sweep,
    scenario_file: &str,
) -> io::Result<()> {
    let first = &sweep.points[0].result.scenario;
    let service = &first.service_level;
    writeln!(out, "Sweep of {} ({scenario_file})", first.name)?;
    let same_runs = sweep.points.iter().all(|point| {
        let s = &point.result.scenario;
        (s.seed, s.replications) == (first.seed, first.replications)
    });
    if same_runs {
        writeln!(
            out,
            "{} points, {} replications each, seed {}: every point sees the same callers",
            sweep.points.len(),
            first.replications,
            first.seed
        )?;
    } else {
        writeln!(
            out,
            "{} points; seed or replications vary",
            sweep.points.len()
        )?;
    }
    writeln!(
        out,
        "Service level = {} with threshold {} s; {:.0}% confidence intervals",
        service.formula.formula(),
        service.threshold,
        CONFIDENCE_LEVEL * 100.0
    )?;
    writeln!(out)?;

    let with_formula = sweep.points.iter().any(|point| point.erlang_a.is_some());
    let mut header: Vec<String> = sweep.parameters.iter().map(|v| v.key.clone()).collect();
    header.extend(HEADINGS.map(String::from));
    if with_formula {
        header.extend(FORMULA_HEADINGS.map(String::from));
    }
    let rows: Vec<Vec<String>> = sweep
        .points
        .iter()
        .map(|point| {
            let mut row: Vec<String> = point.settings.iter().map(|s| s.value.clone()).collect();
            for key in HEADLINE_METRICS {
                let estimate = point.result.summary.overall.get(key);
                row.push(compact_estimate(estimate, unit(key)));
            }
            if with_formula {
                for key in HEADLINE_METRICS {
                    let formula = point.erlang_a.and_then(|a| a.get(key));
                    row.push(formula.map_or("-".into(), |v| value(v, unit(key))));
                }
            }
            row
        })
        .collect();
    write_aligned(out, &header, &rows, 0)?;
    if with_formula {
        writeln!(out)?;
        writeln!(
            out,
            "(A): the Erlang A formula for the same centre: steady state, exponential patience, \
             handle times by their mean"
        )?;
    }
    Ok(())
}

/// Writes the sweep as an HTML page in the run report's style: the same table as
/// [`write_sweep_table`] (every headline metric with its confidence interval, and the Erlang A
/// values where the formula applies), then `charts` inline.
pub fn write_sweep_html(
    out: &mut dyn Write,
    sweep: &Sweep,
    scenario_file: &str,
    charts: &[RenderedChart],
) -> io::Result<()> {
    let first = &sweep.points[0].result.scenario;
    let service = &first.service_level;
    write_page_start(out, &format!("{} — ccsim sweep", first.name))?;
    writeln!(out, "<h1>Sweep: {}</h1>", escape(&first.name))?;
    writeln!(
        out,
        "<p class=\"meta\">Scenario file {} · {} points, replications and seed as listed · \
         ccsim {}</p>",
        escape(scenario_file),
        sweep.points.len(),
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(
        out,
        "<p class=\"formula\"><strong>Service level</strong> = {} with threshold {} s; \
         brackets give the {:.0}% confidence interval over the replications.</p>",
        escape(service.formula.formula()),
        service.threshold,
        CONFIDENCE_LEVEL * 100.0
    )?;
    let with_formula = sweep.points.iter().any(|point| point.erlang_a.is_some());
    writeln!(
        out,
        "<h2>Points</h2>\n<div class=\"scroll\"><table><thead><tr>"
    )?;
    for vary in &sweep.parameters {
        write!(out, "<th>{}</th>", escape(&vary.key))?;
    }
    write!(out, "<th>Replications</th><th>Seed</th>")?;
    for heading in HEADINGS {
        write!(out, "<th>{heading}</th>")?;
    }
    if with_formula {
        for heading in FORMULA_HEADINGS {
            write!(out, "<th>{heading}</th>")?;
        }
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for point in &sweep.points {
        write!(out, "<tr>")?;
        for setting in &point.settings {
            write!(out, "<td>{}</td>", escape(&setting.value))?;
        }
        let scenario = &point.result.scenario;
        write!(
            out,
            "<td>{}</td><td>{}</td>",
            scenario.replications, scenario.seed
        )?;
        for key in HEADLINE_METRICS {
            let estimate = point.result.summary.overall.get(key);
            write!(
                out,
                "<td>{} <span class=\"ci\">{}</span></td>",
                mean_text(estimate, unit(key)),
                ci_text(estimate, unit(key))
            )?;
        }
        if with_formula {
            for key in HEADLINE_METRICS {
                let formula = point.erlang_a.and_then(|a| a.get(key));
                write!(
                    out,
                    "<td>{}</td>",
                    formula.map_or("-".into(), |v| value(v, unit(key)))
                )?;
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table></div>")?;
    if with_formula {
        writeln!(
            out,
            "<p class=\"meta\">(A): the Erlang A formula for the same centre: steady state, \
             exponential patience, handle times by their mean.</p>"
        )?;
    }
    if !charts.is_empty() {
        writeln!(out, "<h2>Charts</h2>")?;
        for chart in charts {
            write_chart(out, chart)?;
        }
    }
    writeln!(
        out,
        "<footer>ccsim {}: definitions of every metric: docs/report-format.md in the ccsim \
         source.</footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    )
}

/// Writes one CSV row per point: `point` (from 0), one column per swept key, `KEY_mean`,
/// `KEY_ci_low`, `KEY_ci_high` for every overall metric, then `erlang_a_KEY` for each headline
/// metric (empty where the formula does not apply).
pub fn write_sweep_csv(out: &mut dyn Write, sweep: &Sweep) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["point".to_string()];
    header.extend(sweep.parameters.iter().map(|v| v.key.clone()));
    header.extend(metric_columns(METRICS.iter().map(|m| m.key)));
    header.extend(HEADLINE_METRICS.map(|key| format!("erlang_a_{key}")));
    crate::report::csv_cell::write_row(&mut writer, &header)?;
    for (index, point) in sweep.points.iter().enumerate() {
        let mut fields = vec![index.to_string()];
        fields.extend(point.settings.iter().map(|s| s.value.clone()));
        fields.extend(estimate_fields(
            point.result.summary.overall.estimates.iter(),
        ));
        fields.extend(HEADLINE_METRICS.map(|key| {
            point
                .erlang_a
                .and_then(|a| a.get(key))
                .map(|v| v.to_string())
                .unwrap_or_default()
        }));
        crate::report::csv_cell::write_row(&mut writer, &fields)?;
    }
    writer.flush()?;
    Ok(())
}

/// A swept value as JSON: a number when it reads as one, as typed otherwise.
fn typed(value: &str) -> Value {
    if let Ok(integer) = value.parse::<i64>() {
        return json!(integer);
    }
    match value.parse::<f64>() {
        Ok(number) if number.is_finite() => json!(number),
        _ => json!(value),
    }
}

/// The sweep as versioned JSON.
pub fn sweep_to_json(sweep: &Sweep, scenario_file: &str) -> Value {
    let first = &sweep.points[0].result.scenario;
    let service = &first.service_level;
    let parameters: Vec<Value> = sweep
        .parameters
        .iter()
        .map(|vary| {
            json!({
                "key": vary.key,
                "values": vary.values.iter().map(|v| typed(v)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let points: Vec<Value> = sweep
        .points
        .iter()
        .map(|point| {
            let settings: Map<String, Value> = point
                .settings
                .iter()
                .map(|s| (s.key.clone(), typed(&s.value)))
                .collect();
            let erlang_a = point.erlang_a.map_or(Value::Null, |a| {
                let values: Map<String, Value> = HEADLINE_METRICS
                    .iter()
                    .map(|key| (key.to_string(), json!(a.get(key))))
                    .collect();
                Value::Object(values)
            });
            let scenario = &point.result.scenario;
            json!({
                "settings": settings,
                "seed": scenario.seed,
                "replications": scenario.replications,
                "summary": metrics(&point.result.summary.overall),
                "erlang_a": erlang_a,
            })
        })
        .collect();
    json!({
        "schema_version": SWEEP_SCHEMA_VERSION,
        "kind": "sweep",
        "ccsim_version": env!("CARGO_PKG_VERSION"),
        "scenario": {
            "name": first.name,
            "description": first.description,
            "file": scenario_file,
        },
        "confidence_level": CONFIDENCE_LEVEL,
        "service_level": service_level_json(service),
        "parameters": parameters,
        "points": points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swept_values_are_numbers_when_they_read_as_numbers() {
        assert_eq!(typed("25"), json!(25));
        assert_eq!(typed("0.90"), json!(0.9));
        assert_eq!(typed("4m"), json!("4m"));
        assert_eq!(typed("[10, 12]"), json!("[10, 12]"));
        assert_eq!(typed("inf"), json!("inf"));
    }
}
