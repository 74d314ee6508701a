//! The metrics every report shows, computed from one replication's tallies.
//!
//! Each metric has a stable key (the JSON and CSV contract), a label for tables and a unit. Values
//! are `None` where a metric is undefined for a replication (a service level with no calls, an
//! occupancy with no agents), and such replications are left out of that metric's estimate.

use super::tally::{CallTally, ClockTally, EndOfDay, PoolTally};
use crate::model::{ServiceLevel, ServiceLevelFormula};

/// How a metric's value is expressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A number of calls.
    Calls,
    /// A share between 0 and 1 (tables show it as a percentage).
    Share,
    /// Seconds.
    Seconds,
    /// A time-average or maximum number of calls or agents.
    Level,
    /// Seconds that may be negative (an estimate's error).
    SignedSeconds,
}

/// A reported metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Metric {
    /// Stable key used in JSON and CSV.
    pub key: &'static str,
    /// Label for tables.
    pub label: &'static str,
    /// Unit of the value.
    pub unit: Unit,
}

const fn metric(key: &'static str, label: &'static str, unit: Unit) -> Metric {
    Metric { key, label, unit }
}

/// The metrics reported overall and per interval, in report order.
pub const METRICS: &[Metric] = &[
    metric("offered", "Offered", Unit::Calls),
    metric("answered", "Answered", Unit::Calls),
    metric("answered_within", "Answered within threshold", Unit::Calls),
    metric("abandoned", "Abandoned (all)", Unit::Calls),
    metric("short_abandoned", "  of which short abandons", Unit::Calls),
    metric("missed", "Missed", Unit::Calls),
    metric("missed_timeout", "  timeout (max wait)", Unit::Calls),
    metric(
        "missed_blocked",
        "  blocked (lines/queue full)",
        Unit::Calls,
    ),
    metric("dropped", "Dropped", Unit::Calls),
    metric("dropped_in_queue", "  in queue", Unit::Calls),
    metric("dropped_in_conversation", "  in conversation", Unit::Calls),
    metric(
        "balked",
        "Balked (hung up on the announcement)",
        Unit::Calls,
    ),
    metric("callback_reached", "Callback reached", Unit::Calls),
    metric(
        "served",
        "Served (answered live or reached by callback)",
        Unit::Calls,
    ),
    metric("callback_failed", "Callback failed", Unit::Calls),
    metric("deflected", "Deflected to another channel", Unit::Calls),
    metric(
        "lost",
        "Lost calls (missed, abandoned, balked, dropped, failed)",
        Unit::Calls,
    ),
    metric("unfinished", "Unfinished at stop", Unit::Calls),
    metric("overflowed", "Answered by an overflow pool", Unit::Calls),
    metric("service_level", "Service level (headline)", Unit::Share),
    metric(
        "service_level_offered",
        "SL answered_within / offered",
        Unit::Share,
    ),
    metric(
        "service_level_answered_abandoned",
        "SL answered_within / (answered + abandoned)",
        Unit::Share,
    ),
    metric(
        "service_level_excluding_short_abandons",
        "SL answered_within / (answered + abandoned - short)",
        Unit::Share,
    ),
    metric(
        "service_level_abandoned_after_threshold",
        "SL answered_within / (answered + abandoned after threshold)",
        Unit::Share,
    ),
    metric(
        "service_level_answered",
        "SL answered_within / answered",
        Unit::Share,
    ),
    metric("abandon_rate", "Abandon rate (excl. short)", Unit::Share),
    metric("lost_rate", "Lost rate (lost / offered)", Unit::Share),
    metric("p_wait", "P(wait) (queued / offered)", Unit::Share),
    metric(
        "abandon_given_wait",
        "Abandoned if queued (abandoned / queued)",
        Unit::Share,
    ),
    metric("asa_s", "ASA (mean wait, answered)", Unit::Seconds),
    metric("mean_wait_s", "Mean wait (all calls)", Unit::Seconds),
    metric(
        "mean_wait_waiting_s",
        "Mean wait (calls that queued)",
        Unit::Seconds,
    ),
    metric(
        "mean_wait_abandoned_s",
        "Mean wait (abandoned calls)",
        Unit::Seconds,
    ),
    metric("wait_p50_s", "Wait p50", Unit::Seconds),
    metric("wait_p90_s", "Wait p90", Unit::Seconds),
    metric("wait_p95_s", "Wait p95", Unit::Seconds),
    metric("aht_s", "AHT (answered)", Unit::Seconds),
    metric("occupancy", "Occupancy", Unit::Share),
    metric("queue_mean", "Queue length (time average)", Unit::Level),
    metric("queue_max", "Queue length (max)", Unit::Level),
    metric("agents_mean", "Agents present (time average)", Unit::Level),
    // Caller-contact policies and redials (tables show them only for scenarios that use them).
    metric("self_served", "Self-served (did not call)", Unit::Calls),
    metric("unique_callers", "Unique callers", Unit::Calls),
    metric("redials", "Redial attempts", Unit::Calls),
    metric(
        "eventually_served",
        "Callers eventually served",
        Unit::Share,
    ),
    metric("callback_offered", "Callbacks offered", Unit::Calls),
    metric("callback_accepted", "Callbacks accepted", Unit::Calls),
    metric("callback_attempts", "Callback dials", Unit::Calls),
    metric(
        "callback_within_promise",
        "Callbacks reached within promise",
        Unit::Share,
    ),
    metric(
        "callback_delay_s",
        "Callback request to answer (mean)",
        Unit::Seconds,
    ),
    metric(
        "callback_agent_hours",
        "Agent hours on callbacks",
        Unit::Level,
    ),
    metric(
        "estimate_queue_length_error_s",
        "Estimate error, queue length (mean)",
        Unit::SignedSeconds,
    ),
    metric(
        "estimate_queue_length_abs_error_s",
        "  mean absolute",
        Unit::Seconds,
    ),
    metric(
        "estimate_last_to_enter_service_error_s",
        "Estimate error, last to enter service (mean)",
        Unit::SignedSeconds,
    ),
    metric(
        "estimate_last_to_enter_service_abs_error_s",
        "  mean absolute",
        Unit::Seconds,
    ),
    metric(
        "estimate_head_of_line_error_s",
        "Estimate error, head of line (mean)",
        Unit::SignedSeconds,
    ),
    metric(
        "estimate_head_of_line_abs_error_s",
        "  mean absolute",
        Unit::Seconds,
    ),
];

/// The keys of the metrics of caller-contact policies and redials: zero for a scenario without
/// them, so tables show them only when either side of a view has any, and a call log never shows
/// them.
pub const CONTACT_METRIC_KEYS: &[&str] = &[
    "self_served",
    "unique_callers",
    "redials",
    "eventually_served",
    "callback_offered",
    "callback_accepted",
    "callback_attempts",
    "callback_within_promise",
    "callback_delay_s",
    "callback_agent_hours",
];

/// The metrics reported per agent pool (calls handled by class come on top, see
/// [`pool_values`]).
pub const POOL_METRICS: &[Metric] = &[
    metric("handled", "Calls answered", Unit::Calls),
    metric("overflow_handled", "  as overflow pool", Unit::Calls),
    metric("occupancy", "Occupancy", Unit::Share),
    metric("agents_mean", "Agents present (time average)", Unit::Level),
];

/// The end-of-day metrics, reported once per scenario.
pub const END_OF_DAY_METRICS: &[Metric] = &[
    metric("waiting_at_close", "Calls waiting at close", Unit::Calls),
    metric(
        "talking_at_close",
        "Calls in conversation at close",
        Unit::Calls,
    ),
    metric(
        "answered_after_close",
        "Calls answered after close",
        Unit::Calls,
    ),
    metric("overtime_s", "Work-off after close", Unit::Seconds),
    metric(
        "busy_agent_hours_after_close",
        "Busy agent-hours after close",
        Unit::Level,
    ),
];

fn ratio(numerator: u64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

fn mean(sum: f64, count: u64) -> Option<f64> {
    (count > 0).then(|| sum / count as f64)
}

/// The service level of `calls` by `formula`.
///
/// Callers who chose to leave the live queue — for a callback or another channel — are in no
/// denominator: the service level measures the live queue. A balk (hanging up on the
/// announcement at entry) counts as an abandon that waited no time.
pub fn service_level(calls: &CallTally, formula: ServiceLevelFormula) -> Option<f64> {
    let c = calls;
    let hung_up = c.abandoned + c.balked;
    let denominator = match formula {
        ServiceLevelFormula::Offered => {
            c.offered - c.deflected - c.callback_reached - c.callback_failed
        }
        ServiceLevelFormula::AnsweredAndAbandoned => c.answered + hung_up,
        ServiceLevelFormula::ExcludingShortAbandons => c.answered + hung_up - c.short_abandoned,
        ServiceLevelFormula::AbandonedAfterThreshold => c.answered + c.abandoned_after_threshold,
        ServiceLevelFormula::Answered => c.answered,
    };
    ratio(c.answered_within, denominator)
}

/// The values of [`METRICS`], in order, for one set of calls and the clock time they are reported with.
pub fn values(calls: &CallTally, clock: &ClockTally, service: &ServiceLevel) -> Vec<Option<f64>> {
    let c = calls;
    let missed = c.missed_timeout + c.missed_blocked;
    let dropped = c.dropped_in_queue + c.dropped_in_conversation;
    let lost = missed + (c.abandoned - c.short_abandoned) + c.balked + dropped + c.callback_failed;
    let count = |n: u64| Some(n as f64);
    let quantile = |q| c.waits.quantile(q);
    let clock_mean = |sum: f64| (clock.seconds > 0.0).then(|| sum / clock.seconds);
    let values = vec![
        count(c.offered),
        count(c.answered),
        count(c.answered_within),
        count(c.abandoned),
        count(c.short_abandoned),
        count(missed),
        count(c.missed_timeout),
        count(c.missed_blocked),
        count(dropped),
        count(c.dropped_in_queue),
        count(c.dropped_in_conversation),
        count(c.balked),
        count(c.callback_reached),
        count(c.answered + c.callback_reached),
        count(c.callback_failed),
        count(c.deflected),
        count(lost),
        count(c.unfinished),
        count(c.overflowed),
        service_level(c, service.formula),
        service_level(c, ServiceLevelFormula::Offered),
        service_level(c, ServiceLevelFormula::AnsweredAndAbandoned),
        service_level(c, ServiceLevelFormula::ExcludingShortAbandons),
        service_level(c, ServiceLevelFormula::AbandonedAfterThreshold),
        service_level(c, ServiceLevelFormula::Answered),
        ratio(
            c.abandoned - c.short_abandoned,
            c.offered - c.short_abandoned,
        ),
        ratio(lost, c.offered),
        ratio(c.queued, c.offered),
        ratio(c.abandoned, c.queued),
        mean(c.answered_wait_sum, c.answered),
        mean(c.wait_sum, c.waited()),
        mean(c.queued_wait_sum, c.queued_ended),
        mean(c.abandoned_wait_sum, c.abandoned),
        quantile(0.50),
        quantile(0.90),
        quantile(0.95),
        mean(c.handle_sum, c.answered),
        (clock.present_agent_seconds > 0.0)
            .then(|| clock.busy_agent_seconds / clock.present_agent_seconds),
        clock.queue.mean(),
        (clock.seconds > 0.0).then(|| clock.queue.max().unwrap_or(0.0)),
        clock_mean(clock.present_agent_seconds),
    ];
    let mut values = values;
    values.extend(contact_values(c));
    debug_assert_eq!(values.len(), METRICS.len());
    values
}

/// The caller-contact values at the end of [`METRICS`].
fn contact_values(calls: &CallTally) -> Vec<Option<f64>> {
    let t = &calls.contact;
    let count = |n: u64| Some(n as f64);
    let promised = t.callback_promised;
    let mut values = vec![
        count(t.self_served),
        count(t.unique_callers),
        count(calls.offered - t.unique_callers),
        ratio(t.callers_served, t.unique_callers),
        count(t.callback_offered),
        count(t.callback_accepted),
        count(t.callback_attempts),
        ratio(t.callback_within_promise, promised),
        mean(t.callback_delay_sum, calls.callback_reached),
        Some(t.callback_agent_seconds / 3600.0),
    ];
    for errors in &t.estimate_errors {
        values.push(mean(errors.sum, errors.count));
        values.push(mean(errors.abs_sum, errors.count));
    }
    values
}

/// The values of [`METRICS`] for one class: agent measures belong to pools, so a class's
/// occupancy and agents present are undefined.
pub fn class_values(
    calls: &CallTally,
    queue: &ClockTally,
    service: &ServiceLevel,
) -> Vec<Option<f64>> {
    let mut values = values(calls, queue, service);
    for (value, metric) in values.iter_mut().zip(METRICS) {
        if matches!(metric.key, "occupancy" | "agents_mean") {
            *value = None;
        }
    }
    values
}

/// The values of [`POOL_METRICS`], in order, followed by the calls handled of each class.
pub fn pool_values(pool: &PoolTally) -> Vec<Option<f64>> {
    let clock = &pool.clock;
    let mut values = vec![
        Some(pool.handled_by_class.iter().sum::<u64>() as f64),
        Some(pool.overflow_handled as f64),
        (clock.present_agent_seconds > 0.0)
            .then(|| clock.busy_agent_seconds / clock.present_agent_seconds),
        (clock.seconds > 0.0).then(|| clock.present_agent_seconds / clock.seconds),
    ];
    values.extend(pool.handled_by_class.iter().map(|n| Some(*n as f64)));
    values
}

/// The values of [`END_OF_DAY_METRICS`], in order.
pub fn end_of_day_values(end: &EndOfDay) -> Vec<Option<f64>> {
    vec![
        Some(f64::from(end.waiting_at_close)),
        Some(f64::from(end.talking_at_close)),
        Some(end.answered_after_close as f64),
        Some(end.overtime),
        Some(end.busy_agent_seconds_after_close / 3600.0),
    ]
}
