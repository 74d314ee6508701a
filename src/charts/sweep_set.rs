//! The charts of a sweep: each headline metric against the swept parameter.

use super::{ChartError, RenderedChart, SweepChart, render};
use crate::experiment::sweep::{HEADLINE_METRICS, Sweep};
use crate::sim::metrics::{METRICS, Unit};

/// The chart file name of each of [`HEADLINE_METRICS`], in the same order.
const CHART_NAMES: [&str; 5] = [
    "sweep-service-level",
    "sweep-asa",
    "sweep-abandon-rate",
    "sweep-occupancy",
    "sweep-lost-rate",
];

/// One chart per headline metric against the swept parameter, with 95 % confidence bands, the
/// service-level target, and the Erlang A value where the formula describes every point's
/// scenario. Only a sweep over one parameter with numeric values has a horizontal axis to draw
/// on: any other gives no charts.
pub fn sweep_charts(sweep: &Sweep) -> Result<Vec<RenderedChart>, ChartError> {
    let [parameter] = sweep.parameters.as_slice() else {
        return Ok(Vec::new());
    };
    let Some(xs) = parameter
        .values
        .iter()
        .map(|value| value.parse::<f64>().ok())
        .collect::<Option<Vec<f64>>>()
    else {
        return Ok(Vec::new());
    };
    let target = sweep
        .points
        .first()
        .map(|point| point.result.scenario.service_level.target);
    HEADLINE_METRICS
        .iter()
        .zip(CHART_NAMES)
        .map(|(&key, name)| {
            let metric = METRICS
                .iter()
                .find(|metric| metric.key == key)
                .expect("headline metrics are reported metrics");
            let points = xs
                .iter()
                .zip(sweep.curve(key))
                .filter_map(|(&x, estimate)| Some((x, estimate?)))
                .collect();
            let y_label = match metric.unit {
                Unit::Share => format!("{} (%)", metric.label),
                Unit::Seconds | Unit::SignedSeconds => format!("{} (s)", metric.label),
                Unit::Calls | Unit::Level => metric.label.to_string(),
            };
            let mut chart = SweepChart::new(
                format!("{} by {}", metric.label, parameter.key),
                parameter.key.clone(),
                y_label,
                points,
            );
            if metric.unit == Unit::Share {
                chart = chart.shares_as_percent();
            }
            if let (Some(target), "service_level") = (target, key) {
                chart = chart.with_target(format!("target {:.0}%", target * 100.0), target);
            }
            let exact: Option<Vec<(f64, f64)>> = xs
                .iter()
                .zip(&sweep.points)
                .map(|(&x, point)| Some((x, point.erlang_a?.get(key)?)))
                .collect();
            if let Some(exact) = exact {
                chart = chart.with_overlay("Erlang A", exact);
            }
            render(name, &chart)
        })
        .collect()
}
