//! The comparison as JSON: a versioned contract for scripts, documented in
//! `docs/report-format.md`. Any incompatible change bumps [`COMPARISON_SCHEMA_VERSION`].

use super::{ArmLabel, Comparison, GroupComparison, IntervalComparison, MetricComparison};
use crate::regression::Direction;
use crate::report::clock_time;
use crate::stats::Estimate;
use serde_json::{Map, Value, json};

/// What the document is, so that a script never mistakes it for a report or a baseline.
pub const COMPARISON_FORMAT: &str = "ccsim-comparison";

/// Version of the comparison's JSON layout.
pub const COMPARISON_SCHEMA_VERSION: u32 = 1;

/// The comparison as JSON.
pub fn to_json(comparison: &Comparison) -> Value {
    let variants: Vec<Value> = comparison
        .variants
        .iter()
        .map(|variant| {
            let differences = &variant.differences;
            let mut object = label(&variant.label);
            object.insert("summary".into(), metrics(&differences.overall));
            object.insert("classes".into(), groups(&differences.classes));
            object.insert("pools".into(), groups(&differences.pools));
            object.insert("end_of_day".into(), metrics(&differences.end_of_day));
            object.insert("intervals".into(), intervals(&differences.intervals));
            Value::Object(object)
        })
        .collect();
    json!({
        "format": COMPARISON_FORMAT,
        "schema_version": COMPARISON_SCHEMA_VERSION,
        "ccsim_version": env!("CARGO_PKG_VERSION"),
        "seed": comparison.seed,
        "replications": comparison.replications,
        "confidence_level": comparison.confidence_level,
        "baseline": Value::Object(label(&comparison.baseline)),
        "variants": variants,
    })
}

fn label(label: &ArmLabel) -> Map<String, Value> {
    let overrides: Vec<String> = label.overrides.iter().map(|o| o.to_string()).collect();
    let mut object = Map::new();
    object.insert("name".into(), json!(label.name));
    object.insert("description".into(), json!(label.description));
    object.insert("file".into(), json!(label.file));
    object.insert("overrides".into(), json!(overrides));
    object
}

fn groups(groups: &[GroupComparison]) -> Value {
    groups
        .iter()
        .map(|group| {
            let mut object = Map::new();
            object.insert("name".into(), json!(group.name));
            if let Value::Object(metrics) = metrics(&group.metrics) {
                object.extend(metrics);
            }
            Value::Object(object)
        })
        .collect()
}

fn intervals(intervals: &[IntervalComparison]) -> Value {
    intervals
        .iter()
        .map(|interval| {
            let mut object = Map::new();
            object.insert("start".into(), json!(clock_time(interval.start)));
            object.insert("end".into(), json!(clock_time(interval.end)));
            if let Value::Object(metrics) = metrics(&interval.metrics) {
                object.extend(metrics);
            }
            Value::Object(object)
        })
        .collect()
}

fn metrics(metrics: &[MetricComparison]) -> Value {
    metrics
        .iter()
        .map(|m| (m.metric.key.to_string(), metric(m)))
        .collect::<Map<String, Value>>()
        .into()
}

fn metric(m: &MetricComparison) -> Value {
    json!({
        "baseline": estimate(m.baseline.as_ref()),
        "variant": estimate(m.variant.as_ref()),
        "difference": estimate(m.difference.as_ref()),
        "p_value": m.p_value,
        "significant": m.significant(),
        "direction": Direction::of(m.metric.key).key(),
        "verdict": m.verdict().map(|v| v.key()),
    })
}

/// As in the report: `{"mean", "std", "ci_low", "ci_high", "n"}`, nulls where undefined.
fn estimate(estimate: Option<&Estimate>) -> Value {
    match estimate {
        Some(e) => {
            json!({"mean": e.mean, "std": e.std, "ci_low": e.ci_low, "ci_high": e.ci_high, "n": e.n})
        }
        None => json!({"mean": null, "std": null, "ci_low": null, "ci_high": null, "n": 0}),
    }
}
