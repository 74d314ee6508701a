//! The JSON report: the machine-readable contract that scripts and `ccsim check` read.
//! Its layout is documented in `docs/report-format.md`; any incompatible change bumps
//! [`SCHEMA_VERSION`].

use super::format::clock_time;
use crate::experiment::{CONFIDENCE_LEVEL, DailySpread, ExperimentResult, MetricTable};
use crate::model::ServiceLevel;
use crate::stats::Estimate;
use serde_json::{Map, Value, json};

/// Version of the JSON report layout.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON report of one scenario's replications.
pub fn to_json(result: &ExperimentResult, scenario_file: &str) -> Value {
    let scenario = &result.scenario;
    let service = &scenario.service_level;
    let hours = &scenario.hours;
    let intervals: Vec<Value> = result
        .summary
        .intervals
        .iter()
        .filter(|interval| !interval.in_warmup)
        .map(|interval| {
            let mut object = Map::new();
            object.insert("start".into(), json!(clock_time(interval.start)));
            object.insert("end".into(), json!(clock_time(interval.end)));
            object.insert("start_s".into(), json!(interval.start));
            object.insert("end_s".into(), json!(interval.end));
            object.insert("scheduled_agents".into(), json!(interval.scheduled_agents));
            object.extend(metrics(&interval.metrics));
            Value::Object(object)
        })
        .collect();
    let summary = &result.summary;
    let classes: Vec<Value> = summary
        .classes
        .iter()
        .map(|class| {
            let mut object = Map::new();
            object.insert("name".into(), json!(class.name));
            object.extend(metrics(&class.metrics));
            Value::Object(object)
        })
        .collect();
    let pools: Vec<Value> = summary
        .pools
        .iter()
        .map(|pool| {
            let mut object = Map::new();
            object.insert("name".into(), json!(pool.name));
            object.extend(metrics(&pool.metrics));
            let handled: Map<String, Value> = summary
                .classes
                .iter()
                .zip(&pool.handled_by_class)
                .map(|(class, estimate)| (class.name.clone(), estimate_json(estimate.as_ref())))
                .collect();
            object.insert("handled_by_class".into(), Value::Object(handled));
            Value::Object(object)
        })
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "ccsim_version": env!("CARGO_PKG_VERSION"),
        "scenario": {
            "name": scenario.name,
            "description": scenario.description,
            "file": scenario_file,
        },
        "seed": scenario.seed,
        "replications": scenario.replications,
        "confidence_level": CONFIDENCE_LEVEL,
        "service_level": service_level_json(service),
        "hours": {
            "open": clock_time(hours.open),
            "close": clock_time(hours.close),
            "interval_s": hours.interval,
            "warmup_s": scenario.warmup,
            "after_close": scenario.after_close.key(),
        },
        "summary": metrics(&result.summary.overall),
        "classes": classes,
        "pools": pools,
        "end_of_day": metrics(&result.summary.end_of_day),
        "daily_service_level": daily_json(result.summary.daily_service_level.as_ref()),
        "intervals": intervals,
    })
}

/// The day-to-day spread of the service level, or `null` without forecast uncertainty.
fn daily_json(spread: Option<&DailySpread>) -> Value {
    match spread {
        Some(s) => json!({
            "days": s.days,
            "p10": s.p10,
            "p50": s.p50,
            "p90": s.p90,
            "met_target": s.met_target,
        }),
        None => Value::Null,
    }
}

/// The scenario's service-level rule: threshold, target, the headline formula (its key and its
/// definition) and the short-abandon time.
pub(super) fn service_level_json(service: &ServiceLevel) -> Value {
    json!({
        "threshold_s": service.threshold,
        "target": service.target,
        "formula": service.formula.key(),
        "definition": service.formula.formula(),
        "short_abandon_s": service.short_abandon,
    })
}

pub(super) fn metrics(table: &MetricTable) -> Map<String, Value> {
    table
        .iter()
        .map(|(metric, estimate)| (metric.key.to_string(), estimate_json(estimate)))
        .collect()
}

pub(super) fn estimate_json(estimate: Option<&Estimate>) -> Value {
    match estimate {
        Some(e) => {
            json!({"mean": e.mean, "std": e.std, "ci_low": e.ci_low, "ci_high": e.ci_high, "n": e.n})
        }
        None => json!({"mean": null, "std": null, "ci_low": null, "ci_high": null, "n": 0}),
    }
}
