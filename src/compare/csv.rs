//! The comparison as CSV: one row per variant, scope and metric, with everything the JSON has.

use super::{Comparison, MetricComparison};
use crate::stats::Estimate;
use std::io::Write;

/// Writes the comparison: columns `variant`, `file`, `scope` (`overall`, `class`, `pool` or
/// `end_of_day`), `name` (the class's or pool's), `metric`, then for `baseline`, `variant` and
/// `difference` each `_mean`, `_std`, `_ci_low`, `_ci_high`, `_n`, then `p_value`,
/// `significant` and `verdict`. Undefined values are empty.
pub fn write_csv(out: &mut dyn Write, comparison: &Comparison) -> csv::Result<()> {
    write_csv_with(out, comparison, None)
}

/// Observed values to set beside the baseline, such as a back-test's: `observed`, `range_low`,
/// `range_high` and `inside` of a metric.
pub trait ObservedColumns {
    /// The four fields (empty where unknown) of metric `key` in `scope` (`overall` or `class`)
    /// named `name`.
    fn observed_fields(&self, scope: &str, name: &str, key: &str) -> [String; 4];
}

/// [`write_csv`] with the columns `observed`, `range_low`, `range_high` and `inside` after the
/// rest when `observed` is given.
pub fn write_csv_with(
    out: &mut dyn Write,
    comparison: &Comparison,
    observed: Option<&dyn ObservedColumns>,
) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = ["variant", "file", "scope", "name", "metric"]
        .map(String::from)
        .to_vec();
    for side in ["baseline", "variant", "difference"] {
        header
            .extend(["mean", "std", "ci_low", "ci_high", "n"].map(|part| format!("{side}_{part}")));
    }
    header.extend(["p_value", "significant", "verdict"].map(String::from));
    if observed.is_some() {
        header.extend(["observed", "range_low", "range_high", "inside"].map(String::from));
    }
    crate::report::csv_cell::write_row(&mut writer, &header)?;
    for variant in &comparison.variants {
        let differences = &variant.differences;
        let label = &variant.label;
        let scopes = std::iter::once(("overall", "", &differences.overall))
            .chain(
                differences
                    .classes
                    .iter()
                    .map(|c| ("class", c.name.as_str(), &c.metrics)),
            )
            .chain(
                differences
                    .pools
                    .iter()
                    .map(|p| ("pool", p.name.as_str(), &p.metrics)),
            )
            .chain(std::iter::once(("end_of_day", "", &differences.end_of_day)));
        for (scope, name, metrics) in scopes {
            for metric in metrics {
                let mut fields = vec![
                    label.name.clone(),
                    label.file.clone(),
                    scope.to_string(),
                    name.to_string(),
                    metric.metric.key.to_string(),
                ];
                fields.extend(metric_fields(metric));
                if let Some(observed) = observed {
                    fields.extend(observed.observed_fields(scope, name, metric.metric.key));
                }
                crate::report::csv_cell::write_row(&mut writer, &fields)?;
            }
        }
    }
    writer.flush()?;
    Ok(())
}

fn metric_fields(m: &MetricComparison) -> Vec<String> {
    let mut fields: Vec<String> = [m.baseline, m.variant, m.difference]
        .iter()
        .flat_map(|e| estimate_fields(e.as_ref()))
        .collect();
    fields.push(number(m.p_value));
    fields.push(m.significant().map(|s| s.to_string()).unwrap_or_default());
    fields.push(m.verdict().map(|v| v.key().to_string()).unwrap_or_default());
    fields
}

fn estimate_fields(estimate: Option<&Estimate>) -> [String; 5] {
    [
        number(estimate.map(|e| e.mean)),
        number(estimate.and_then(|e| e.std)),
        number(estimate.and_then(|e| e.ci_low)),
        number(estimate.and_then(|e| e.ci_high)),
        estimate.map(|e| e.n.to_string()).unwrap_or_default(),
    ]
}

fn number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}
