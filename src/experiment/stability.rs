//! Whether anything bounds a scenario's queue, and whether its day is more work than its agents
//! can do.
//!
//! When no caller ever hangs up and no limit (maximum wait, lines, queue capacity) turns calls
//! away, a day whose calls need more agent time than the rota gives has a queue that only grows:
//! its ASA and waits are then set by when the day stops, not by the centre, and a report of a
//! 24-million-second ASA without a word of warning reads as a result. [`expected_overload`] says
//! so before a run, from the Erlang loads of the intervals; [`observed_backlog`] says so after it,
//! from the calls still waiting at close and the work-off.

use super::ExperimentResult;
use super::closed_form::interval_load;
use crate::model::Scenario;

/// A day that asks more of the agents than they have, estimated before the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Overload {
    /// The agent-hours the day's calls need if all are answered: every interval's offered load
    /// (erlangs) times its length, plus the handle time of the callers waiting at the start.
    pub offered_agent_hours: f64,
    /// The agent-hours of the rota over the opening hours, every pool together.
    pub agent_hours: f64,
    /// The intervals whose offered load is at least their agents, by index.
    pub overloaded_intervals: Vec<usize>,
}

/// After the run: how much work was left when the doors closed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backlog {
    /// Mean calls still waiting at closing time.
    pub waiting_at_close: f64,
    /// Mean work-off after close, seconds.
    pub overtime_s: f64,
}

/// A work-off after close this long says the queue outgrew the day, whatever the rota.
const LONG_WORK_OFF_S: f64 = 3600.0;

/// Whether nothing bounds the queue: some class that calls never hangs up, and there is no
/// maximum wait, no line limit and no queue capacity.
pub fn queue_unbounded(scenario: &Scenario) -> bool {
    let limits = &scenario.limits;
    let limited =
        limits.max_wait.is_some() || limits.lines.is_some() || limits.queue_capacity.is_some();
    let someone_waits_forever = (0..scenario.hours.interval_count())
        .map(|interval| interval_load(scenario, interval))
        .any(|load| load.arrival_rate > 0.0 && load.mean_patience.is_none());
    !limited && someone_waits_forever
}

/// The day's overload, when nothing bounds the queue and the calls need at least the agent time
/// the rota gives; `None` otherwise. An estimate: redials and callbacks would add work, and a
/// pool's handle factor changes it.
pub fn expected_overload(scenario: &Scenario) -> Option<Overload> {
    if !queue_unbounded(scenario) {
        return None;
    }
    let mut offered = 0.0;
    let mut available = 0.0;
    let mut overloaded_intervals = Vec::new();
    for interval in 0..scenario.hours.interval_count() {
        let (start, end) = scenario.hours.interval_bounds(interval);
        let load = interval_load(scenario, interval).erlangs();
        let agents = agents_present(scenario, interval);
        offered += load * (end - start);
        available += agents * (end - start);
        if load > 0.0 && load >= agents {
            overloaded_intervals.push(interval);
        }
    }
    offered += scenario
        .start
        .waiting
        .iter()
        .map(|w| f64::from(w.callers) * scenario.classes[w.class].mean_agent_time())
        .sum::<f64>();
    (offered > 0.0 && offered >= available).then(|| Overload {
        offered_agent_hours: offered / 3600.0,
        agent_hours: available / 3600.0,
        overloaded_intervals,
    })
}

/// The backlog at close, when nothing bounds the queue and it was left long: on average at least
/// as many calls waiting as the last interval has agents, or a work-off of an hour or more;
/// `None` otherwise.
pub fn observed_backlog(result: &ExperimentResult) -> Option<Backlog> {
    let scenario = &result.scenario;
    if !queue_unbounded(scenario) {
        return None;
    }
    let end_of_day = &result.summary.end_of_day;
    let mean = |key: &str| end_of_day.get(key).map_or(0.0, |e| e.mean);
    let backlog = Backlog {
        waiting_at_close: mean("waiting_at_close"),
        overtime_s: mean("overtime_s"),
    };
    let last = scenario.hours.interval_count().saturating_sub(1);
    let closing_agents = agents_present(scenario, last).max(1.0);
    (backlog.waiting_at_close >= closing_agents || backlog.overtime_s >= LONG_WORK_OFF_S)
        .then_some(backlog)
}

/// Agents present in `interval`, every pool together, fractional presence included.
fn agents_present(scenario: &Scenario, interval: usize) -> f64 {
    scenario
        .pools
        .iter()
        .map(|pool| match &pool.fractional {
            Some(fractional) => fractional.get(interval).copied().unwrap_or(0.0),
            None => pool.agents.get(interval).copied().map_or(0.0, f64::from),
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two hours of 100 calls an hour with a 6-minute handle time (10 erlangs) on `agents`,
    /// with `extra` TOML added; nobody hangs up unless `extra` says so.
    fn day(agents: u32, extra: &str) -> Scenario {
        let text = format!(
            "name = 'day'\n[hours]\nopen = '08:00'\nclose = '10:00'\n[arrivals]\n\
             calls_per_hour = 100\n[handle_time]\ndistribution = 'exponential'\nmean = '6m'\n\
             [staffing]\nagents = {agents}\n{extra}"
        );
        crate::scenario::from_str(&text, "day.toml").unwrap()
    }

    #[test]
    fn a_day_of_more_work_than_agents_is_overloaded() {
        let overload = expected_overload(&day(9, "")).expect("10 erlangs on 9 agents");
        assert!((overload.offered_agent_hours - 20.0).abs() < 1e-9);
        assert!((overload.agent_hours - 18.0).abs() < 1e-9);
        assert_eq!(overload.overloaded_intervals, (0..4).collect::<Vec<_>>());
        // Exactly the load is still unstable (a load of one per agent has no steady state);
        // one agent more is not.
        assert!(expected_overload(&day(10, "")).is_some());
        assert_eq!(expected_overload(&day(11, "")), None);
    }

    #[test]
    fn callers_waiting_at_the_start_add_their_work() {
        let start = "[start]\nwaiting = [{ callers = 30, waited = '1m' }]";
        let overload = expected_overload(&day(11, start)).expect("3 agent-hours more");
        assert!((overload.offered_agent_hours - 23.0).abs() < 1e-9);
        assert!(overload.overloaded_intervals.is_empty());
    }

    #[test]
    fn patience_or_a_limit_bounds_the_queue() {
        assert!(queue_unbounded(&day(5, "")));
        for extra in [
            "[patience]\ndistribution = 'exponential'\nmean = '2m'",
            "[limits]\nmax_wait = '10m'",
            "[limits]\nlines = 40",
            "[limits]\nqueue_capacity = 30",
        ] {
            assert!(!queue_unbounded(&day(5, extra)), "{extra}");
            assert_eq!(expected_overload(&day(5, extra)), None, "{extra}");
        }
    }
}
