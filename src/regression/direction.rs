//! Which way each metric gets worse.
//!
//! A tolerance ("the service level may not drop by more than 2 points") needs to know what
//! *drop* means for each metric. Performance measures have a good direction: a higher service
//! level is better, a longer wait or more lost calls worse. Measures of demand, of the inputs, or
//! of a trade-off (calls offered, handle time, occupancy) have none, and for them any move counts.

#[cfg(test)]
use crate::sim::metrics::{END_OF_DAY_METRICS, METRICS};

/// The direction in which a metric improves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// More is better: service levels, calls answered.
    HigherIsBetter,
    /// Less is better: waits, lost calls, abandonment, queue length, work-off after closing.
    LowerIsBetter,
    /// Neither: demand (calls offered), inputs (handle time, agents present) and trade-offs
    /// (occupancy). A move either way counts.
    Neutral,
}

impl Direction {
    /// The direction of the metric with this report key; [`Direction::Neutral`] for a key this
    /// version of ccsim does not know (a metric added by a newer version), so that any move of
    /// it counts.
    pub fn of(key: &str) -> Direction {
        DIRECTIONS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(Direction::Neutral, |(_, direction)| *direction)
    }

    /// The JSON spelling.
    pub fn key(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
            Direction::Neutral => "neutral",
        }
    }

    /// How far `difference` (new − baseline) moved in the bad direction: the difference itself
    /// when lower is better, its negation when higher is better, and its size for a neutral metric.
    pub fn worsening(self, difference: f64) -> f64 {
        match self {
            Direction::HigherIsBetter => -difference,
            Direction::LowerIsBetter => difference,
            Direction::Neutral => difference.abs(),
        }
    }
}

/// Every metric of the report and its direction. A unit test keeps this list in step with
/// the report's metrics (`sim::metrics::METRICS` and `END_OF_DAY_METRICS`).
const DIRECTIONS: &[(&str, Direction)] = {
    use Direction::{HigherIsBetter as Higher, LowerIsBetter as Lower, Neutral};
    &[
        ("offered", Neutral),
        ("answered", Higher),
        ("answered_within", Higher),
        ("abandoned", Lower),
        // Wrong numbers and changed minds: not a measure of the service.
        ("short_abandoned", Neutral),
        ("missed", Lower),
        ("missed_timeout", Lower),
        ("missed_blocked", Lower),
        ("dropped", Lower),
        ("dropped_in_queue", Lower),
        ("dropped_in_conversation", Lower),
        ("balked", Lower),
        // How accepted callbacks ended: the count of reached ones follows the number accepted.
        ("callback_reached", Neutral),
        // Callers an agent talked to, live or on a callback: the policy's real throughput.
        ("served", Higher),
        ("callback_failed", Lower),
        // Served in another channel: a policy outcome, neither good nor bad for the queue.
        ("deflected", Neutral),
        ("lost", Lower),
        ("unfinished", Lower),
        // A routing outcome: more overflow is neither good nor bad in itself.
        ("overflowed", Neutral),
        ("service_level", Higher),
        ("service_level_offered", Higher),
        ("service_level_answered_abandoned", Higher),
        ("service_level_excluding_short_abandons", Higher),
        ("service_level_abandoned_after_threshold", Higher),
        ("service_level_answered", Higher),
        ("abandon_rate", Lower),
        ("lost_rate", Lower),
        ("p_wait", Lower),
        ("abandon_given_wait", Lower),
        ("asa_s", Lower),
        ("mean_wait_s", Lower),
        ("mean_wait_waiting_s", Lower),
        // How long callers hold on before giving up: the callers' patience as much as the
        // service, so any move counts.
        ("mean_wait_abandoned_s", Neutral),
        ("wait_p50_s", Lower),
        ("wait_p90_s", Lower),
        ("wait_p95_s", Lower),
        // Mostly the handle-time input, shifted by who gets answered.
        ("aht_s", Neutral),
        // Efficiency against agent strain: a trade-off, not a goal.
        ("occupancy", Neutral),
        ("queue_mean", Lower),
        ("queue_max", Lower),
        ("agents_mean", Neutral),
        // Demand kept away and distinct callers: inputs, not performance.
        ("self_served", Neutral),
        ("unique_callers", Neutral),
        // Every redial is a caller who was lost once.
        ("redials", Lower),
        ("eventually_served", Higher),
        // How often callbacks are offered and taken, and the dials and agent time they need, are
        // the policy's costs and reach, not its quality.
        ("callback_offered", Neutral),
        ("callback_accepted", Neutral),
        ("callback_attempts", Neutral),
        ("callback_within_promise", Higher),
        ("callback_delay_s", Lower),
        ("callback_agent_hours", Neutral),
        // A signed mean error is best at zero: any move counts; the absolute error should shrink.
        ("estimate_queue_length_error_s", Neutral),
        ("estimate_queue_length_abs_error_s", Lower),
        ("estimate_last_to_enter_service_error_s", Neutral),
        ("estimate_last_to_enter_service_abs_error_s", Lower),
        ("estimate_head_of_line_error_s", Neutral),
        ("estimate_head_of_line_abs_error_s", Lower),
        ("waiting_at_close", Lower),
        // Calls in progress at closing time are normal business.
        ("talking_at_close", Neutral),
        ("answered_after_close", Lower),
        ("overtime_s", Lower),
        ("busy_agent_hours_after_close", Lower),
    ]
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reported_metric_has_a_direction() {
        let reported: Vec<&str> = METRICS
            .iter()
            .chain(END_OF_DAY_METRICS)
            .map(|m| m.key)
            .collect();
        let listed: Vec<&str> = DIRECTIONS.iter().map(|(key, _)| *key).collect();
        assert_eq!(
            listed, reported,
            "give every metric a direction, in report order"
        );
    }

    #[test]
    fn worsening_follows_the_direction() {
        assert_eq!(Direction::of("service_level").worsening(-0.03), 0.03);
        assert_eq!(Direction::of("asa_s").worsening(-4.0), -4.0);
        assert_eq!(Direction::of("offered").worsening(-12.0), 12.0);
        assert_eq!(
            Direction::of("a_metric_from_the_future"),
            Direction::Neutral
        );
    }
}
