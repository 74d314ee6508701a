//! The JSON report: the machine-readable contract that scripts and `ccsim check` read.
//! Its layout is documented in `docs/report-format.md`; any incompatible change bumps
//! [`SCHEMA_VERSION`].

use super::format::clock_time;
use crate::experiment::{CONFIDENCE_LEVEL, DailySpread, ExperimentResult, MetricTable};
use crate::model::ServiceLevel;
use crate::sim::metrics::METRICS;
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
    let mut report = json!({
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
            "report_interval_s": result.grouping.length(),
            "warmup_s": scenario.warmup,
            "after_close": scenario.after_close.key(),
        },
        "summary": metrics(&result.summary.overall),
        "classes": classes,
        "pools": pools,
        "end_of_day": metrics(&result.summary.end_of_day),
        "daily_service_level": daily_json(result.summary.daily_service_level.as_ref()),
        "intervals": intervals,
    });
    let object = report.as_object_mut().expect("the report is an object");
    if !summary.campaigns.is_empty() {
        let campaigns = summary.campaigns.iter().map(|campaign| {
            let mut object = Map::new();
            object.insert("name".into(), json!(campaign.name));
            object.extend(metrics(&campaign.metrics));
            Value::Object(object)
        });
        object.insert("campaigns".into(), Value::Array(campaigns.collect()));
    }
    if !result.days.is_empty() {
        let days = result.days.iter().map(|day| {
            let mut object = Map::new();
            object.insert("name".into(), json!(day.name));
            object.extend(metrics(&day.metrics));
            Value::Object(object)
        });
        object.insert("days".into(), Value::Array(days.collect()));
    }
    object.insert("per_replication".into(), per_replication(result));
    report
}

/// Every replication's value of every summary metric (and, for a multi-day study, of every
/// day's metrics), in replication order, `null` where a replication left a metric undefined:
/// what is needed to pool these results with others later.
fn per_replication(result: &ExperimentResult) -> Value {
    let mut object = Map::new();
    let overall = result.replications.iter().map(|r| r.overall.as_slice());
    object.insert("summary".into(), values_by_key(overall));
    if !result.days.is_empty() {
        let days = result.days.iter().map(|day| {
            json!({
                "name": day.name,
                "summary": values_by_key(day.replications.iter().map(Vec::as_slice)),
            })
        });
        object.insert("days".into(), Value::Array(days.collect()));
    }
    Value::Object(object)
}

/// `{ key: [value of replication 0, value of replication 1, …] }` for every metric of
/// [`METRICS`], from each replication's values in that order.
fn values_by_key<'v>(replications: impl Iterator<Item = &'v [Option<f64>]> + Clone) -> Value {
    let object: Map<String, Value> = METRICS
        .iter()
        .enumerate()
        .map(|(index, metric)| {
            let values = replications.clone().map(|values| json!(values[index]));
            (metric.key.to_string(), Value::Array(values.collect()))
        })
        .collect();
    Value::Object(object)
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
