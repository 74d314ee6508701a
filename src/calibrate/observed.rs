//! `actual.json`: the metrics of the observed days, in the report JSON's own schema
//! (docs/report-format.md), so `ccsim run --actual` can put each observation beside the
//! prediction with the same key.
//!
//! Each observed call is counted with the simulator's own tally ([`CallTally`]) and turned into
//! metrics by the simulator's own definitions ([`metrics::values`]), so an observed abandon rate
//! is exactly what ccsim calls an abandon rate. Counts are per typical day (totals / days) for a
//! typical-day fit, and totals over the days for a replayed calendar; ratios are ratios of
//! totals. Metrics a call log cannot observe (occupancy, agents present, the longest queue,
//! caller-contact policies) are `null` with `n` 0.

use super::Fit;
use super::log::ObservedCall;
use crate::model::{ServiceLevel, ServiceLevelFormula};
use crate::report::{SCHEMA_VERSION, clock_time};
use crate::sim::CountingRules;
use crate::sim::metrics::{self, CONTACT_METRIC_KEYS, METRICS, Unit};
use crate::sim::{CallTally, ClockTally};
use serde_json::{Map, Value, json};

/// Metrics a call log does not show, besides those of caller-contact policies
/// ([`CONTACT_METRIC_KEYS`]).
const UNOBSERVED: &[&str] = &[
    "occupancy",
    "agents_mean",
    "queue_max",
    "queue_mean",
    "estimate_queue_length_error_s",
    "estimate_queue_length_abs_error_s",
    "estimate_last_to_enter_service_error_s",
    "estimate_last_to_enter_service_abs_error_s",
    "estimate_head_of_line_error_s",
    "estimate_head_of_line_abs_error_s",
];

/// Calls of one group and the clock time they were observed over.
struct Group {
    calls: CallTally,
    clock: ClockTally,
    /// Calls that queued, their waits, and the waits of abandoned calls (the waiting metrics).
    queued: u64,
    queued_wait: f64,
    abandoned_wait: f64,
}

impl Group {
    fn new() -> Self {
        Group {
            calls: CallTally::default(),
            clock: ClockTally::default(),
            queued: 0,
            queued_wait: 0.0,
            abandoned_wait: 0.0,
        }
    }

    fn add(&mut self, call: &ObservedCall, rules: &CountingRules) {
        self.calls.offered += 1;
        let handle = call.talk.unwrap_or(0.0) + call.wrap_up.unwrap_or(0.0);
        self.calls
            .record(call.outcome, call.wait, handle, false, rules);
        if call.queued() {
            self.queued += 1;
            self.queued_wait += call.wait;
        }
        if call.outcome == crate::model::Outcome::Abandoned {
            self.abandoned_wait += call.wait;
        }
    }

    /// The metric objects; `per_day` divides counts (a typical day), 1 keeps totals.
    fn json(&self, service: &ServiceLevel, per_day: f64) -> Map<String, Value> {
        let values = metrics::values(&self.calls, &self.clock, service);
        let mut map = Map::new();
        for (metric, value) in METRICS.iter().zip(values) {
            let value =
                if UNOBSERVED.contains(&metric.key) || CONTACT_METRIC_KEYS.contains(&metric.key) {
                    None
                } else if metric.unit == Unit::Calls {
                    value.map(|v| v / per_day)
                } else {
                    value
                };
            map.insert(metric.key.to_string(), observed(value));
        }
        let ratio = |a: f64, b: u64| (b > 0).then(|| a / b as f64);
        let offered = self.calls.offered;
        let extra = [
            ("p_wait", ratio(self.queued as f64, offered)),
            (
                "abandon_given_wait",
                ratio(self.calls.abandoned as f64, self.queued),
            ),
            ("mean_wait_waiting_s", ratio(self.queued_wait, self.queued)),
            (
                "mean_wait_abandoned_s",
                ratio(self.abandoned_wait, self.calls.abandoned),
            ),
        ];
        for (key, value) in extra {
            map.entry(key.to_string())
                .or_insert_with(|| observed(value));
        }
        map
    }
}

fn observed(value: Option<f64>) -> Value {
    match value.filter(|v| v.is_finite()) {
        Some(v) => json!({"mean": v, "std": null, "ci_low": null, "ci_high": null, "n": 1}),
        None => json!({"mean": null, "std": null, "ci_low": null, "ci_high": null, "n": 0}),
    }
}

/// The actual.json document of a fit: the replayed days if there are any, else the fitted days.
pub fn actual_json(fit: &Fit) -> Value {
    let replayed = !fit.replay.is_empty();
    let days: Vec<u32> = if replayed {
        fit.replay
            .iter()
            .filter_map(|d| {
                fit.log
                    .days
                    .iter()
                    .position(|x| x.label() == d.label)
                    .map(|i| i as u32)
            })
            .collect()
    } else {
        fit.fit_days.clone()
    };
    let per_day = if replayed { 1.0 } else { days.len() as f64 };
    let service = ServiceLevel {
        threshold: fit.options.threshold,
        target: 0.8,
        formula: ServiceLevelFormula::Offered,
        short_abandon: None,
    };
    let rules: Vec<CountingRules> = fit
        .classes
        .iter()
        .map(|c| CountingRules {
            threshold: fit.options.threshold,
            short_abandon: c.short_abandon,
        })
        .collect();
    let n = fit.intervals;
    let mut summary = Group::new();
    let mut classes: Vec<Group> = fit.classes.iter().map(|_| Group::new()).collect();
    let mut intervals: Vec<Group> = (0..n).map(|_| Group::new()).collect();
    let mut by_day: Vec<Group> = days.iter().map(|_| Group::new()).collect();
    let mut day_slot = vec![None; fit.log.days.len()];
    for (slot, &day) in days.iter().enumerate() {
        day_slot[day as usize] = Some(slot);
    }
    // Seconds of waiting in each interval of each day, for the time-average queue length.
    let mut waiting = vec![vec![0.0; n]; days.len()];
    for call in &fit.log.calls {
        let Some(slot) = day_slot[call.day as usize] else {
            continue;
        };
        let j = ((call.arrival - fit.open) / fit.interval).floor();
        if j < 0.0 || j as usize >= n {
            continue;
        }
        let rule = &rules[call.class as usize];
        summary.add(call, rule);
        classes[call.class as usize].add(call, rule);
        intervals[j as usize].add(call, rule);
        by_day[slot].add(call, rule);
        let (start, end) = (call.arrival, call.arrival + call.wait);
        for (k, seconds) in waiting[slot].iter_mut().enumerate() {
            let (a, b) = (
                fit.open + k as f64 * fit.interval,
                fit.open + (k + 1) as f64 * fit.interval,
            );
            let overlap = end.min(b) - start.max(a);
            if overlap > 0.0 {
                *seconds += overlap;
            }
        }
    }
    for (slot, day_waiting) in waiting.iter().enumerate() {
        for (k, seconds) in day_waiting.iter().enumerate() {
            let level = seconds / fit.interval;
            summary.clock.queue.add(level, fit.interval);
            summary.clock.seconds += fit.interval;
            intervals[k].clock.queue.add(level, fit.interval);
            intervals[k].clock.seconds += fit.interval;
            by_day[slot].clock.queue.add(level, fit.interval);
            by_day[slot].clock.seconds += fit.interval;
        }
    }
    let interval_json: Vec<Value> = intervals
        .iter()
        .enumerate()
        .map(|(k, group)| {
            let (start, end) = (
                fit.open + k as f64 * fit.interval,
                fit.open + (k + 1) as f64 * fit.interval,
            );
            let mut object = Map::new();
            object.insert("start".into(), json!(clock_time(start)));
            object.insert("end".into(), json!(clock_time(end)));
            object.insert("start_s".into(), json!(start));
            object.insert("end_s".into(), json!(end));
            object.extend(group.json(&service, per_day));
            Value::Object(object)
        })
        .collect();
    let class_json: Vec<Value> = fit
        .classes
        .iter()
        .zip(&classes)
        .map(|(class, group)| {
            let mut object = Map::new();
            object.insert("name".into(), json!(class.name));
            object.extend(group.json(&service, per_day));
            Value::Object(object)
        })
        .collect();
    let day_json: Vec<Value> = days
        .iter()
        .zip(&by_day)
        .map(|(day, group)| {
            let mut object = Map::new();
            object.insert("name".into(), json!(fit.log.days[*day as usize].label()));
            object.extend(group.json(&service, 1.0));
            Value::Object(object)
        })
        .collect();
    let labels: Vec<String> = days
        .iter()
        .map(|d| fit.log.days[*d as usize].label())
        .collect();
    let mut document = json!({
        "schema_version": SCHEMA_VERSION,
        "ccsim_version": env!("CARGO_PKG_VERSION"),
        "kind": "actual",
        "observed": {
            "source": fit.log.sources,
            "days": labels,
            "calls": summary.calls.offered,
            "counts": if replayed { "totals over the days" } else { "per day (totals / days)" },
            "excluded": fit.log.excluded,
        },
        "service_level": {
            "threshold_s": fit.options.threshold,
            "formula": ServiceLevelFormula::Offered.key(),
            "definition": ServiceLevelFormula::Offered.formula(),
        },
        "hours": {
            "open": clock_time(fit.open),
            "close": clock_time(fit.close()),
            "interval_s": fit.interval,
        },
        "summary": summary.json(&service, per_day),
        "classes": class_json,
        "intervals": interval_json,
    });
    if replayed {
        document["days"] = Value::Array(day_json);
    }
    document
}
