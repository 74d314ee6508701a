//! `ccsim check --format json`: the whole outcome, every metric compared, for scripts.
//!
//! Wall-clock times are left out, so that the same check gives the same JSON.

use super::compare::{Finding, MetricCheck, Mode};
use super::outcome::CheckOutcome;
use super::report_metrics::Scope;
use crate::stats::Estimate;
use serde_json::{Value, json};

/// The JSON document of a check: the mode, the verdict and every scenario with every metric.
pub fn check_to_json(outcome: &CheckOutcome) -> Value {
    let (alpha, power) = match &outcome.mode {
        Mode::Exact => (None, None),
        Mode::Statistical { alpha, power, .. } => (Some(*alpha), Some(*power)),
    };
    let scenarios: Vec<Value> = outcome
        .scenarios
        .iter()
        .map(|scenario| {
            let check = &scenario.check;
            json!({
                "file": scenario.scenario_file,
                "baseline": scenario.baseline_file,
                "name": check.name,
                "status": check.status.key(),
                "seed": check.seed,
                "replications": check.replications,
                "paired": check.paired,
                "baseline_ccsim_version": check.baseline_ccsim_version,
                "compared": check.metrics.len(),
                "flagged": check.flagged().count(),
                "only_input_echo_moved": check.only_input_echo_moved,
                "changes": check.changes.iter().map(|c| json!({
                    "key": c.key, "baseline": c.baseline, "now": c.now,
                })).collect::<Vec<_>>(),
                "notes": check.notes,
                "metrics": check.metrics.iter().map(metric_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "ccsim_version": env!("CARGO_PKG_VERSION"),
        "mode": outcome.mode.key(),
        "alpha": alpha,
        "power": power,
        "passed": outcome.passed(),
        "scenarios": scenarios,
    })
}

fn metric_json(metric: &MetricCheck) -> Value {
    let (finding, p, p_holm) = match metric.finding {
        Finding::Identical => ("identical", None, None),
        Finding::Differs => ("differs", None, None),
        Finding::BothUndefined => ("both_undefined", None, None),
        Finding::Untestable => ("untestable", None, None),
        Finding::Certain { .. } => ("no_noise", None, None),
        Finding::Tested { p, p_holm } => ("tested", Some(p), Some(p_holm)),
    };
    let interval = match &metric.scope {
        Scope::Interval { start, end } => json!({"start": start, "end": end}),
        _ => Value::Null,
    };
    let class = match &metric.scope {
        Scope::Class { name } => json!(name),
        _ => Value::Null,
    };
    let day = match &metric.scope {
        Scope::Day { name } => json!(name),
        _ => Value::Null,
    };
    json!({
        "section": metric.scope.section(),
        "class": class,
        "day": day,
        "interval": interval,
        "key": metric.key,
        "direction": metric.direction().key(),
        "tolerance": metric.tolerance,
        "baseline": estimate_json(&metric.baseline),
        "new": estimate_json(&metric.new),
        "difference": metric.difference(),
        "finding": finding,
        "p": p,
        "p_holm": p_holm,
        "flagged": metric.flagged,
        "detectable": metric.detectable.map(|d| d.change),
        "detectable_is_bound": metric.detectable.map(|d| d.bound),
    })
}

fn estimate_json(estimate: &Option<Estimate>) -> Value {
    match estimate {
        Some(e) => json!({"mean": e.mean, "std": e.std, "n": e.n}),
        None => json!({"mean": null, "std": null, "n": 0}),
    }
}
