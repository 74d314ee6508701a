//! The staffing search: the fewest agents per interval that meet the service-level target (and
//! optionally an abandonment and an occupancy ceiling) in the simulated day.
//!
//! Erlang C answers this question one interval at a time, as if each were a steady state of its
//! own in which nobody hangs up. The simulation knows better on both counts: callers who hang up
//! take load off the agents (fewer are needed), and the queue an interval inherits from the one
//! before makes its first minutes harder (more are needed at the start of a peak). So the
//! search simulates:
//!
//! 1. **Start** every interval at its closed-form estimate: Erlang A (abandonment with the
//!    callers' mean patience) when callers hang up, Erlang C when they never do.
//! 2. **Forward pass.** Interval by interval in time order, with the intervals before it fixed
//!    at the staffing found for them and the intervals after it at their estimate, find the
//!    fewest agents that meet the targets there: simulate the start value, then step down one
//!    agent at a time while the targets are still met, or up one at a time until they are.
//!    The later intervals matter because a call that arrives late in an interval is answered
//!    in the next one; their estimate is the best guess of the staffing they will get.
//! 3. **Verification.** Simulate the whole day with the staffing found. A later interval may
//!    have come out below its estimate, leaving less help for the calls an earlier one passed
//!    on; the first interval that now misses a target gets one more agent, and the day is
//!    simulated again, until every interval meets its targets. The outcome reported is this
//!    last run's.
//!
//! Every simulation runs all the scenario's replications on the same seed, so two staffings
//! are compared on the same callers (common random numbers) and a step of one agent is not
//! drowned by noise. A target counts as met only when the whole 95 % confidence interval of the
//! interval's metric is on the right side of it (the lower bound of the service level at or
//! above the target, the upper bounds of the abandon rate and occupancy at or below their
//! ceilings): the staffing then holds up when the day is simulated again on fresh random
//! numbers, and is not the lucky draw of one seed. More replications narrow the intervals and
//! bring the answer down to what the targets need.

use super::closed_form::{Requirement, erlang_a_agents, erlang_c_agents, interval_load};
use super::{BatchOptions, ExperimentResult, MetricTable, run_batch};
use crate::model::Scenario;
use crate::report::clock_time;
use crate::stats::Estimate;

/// What every interval must achieve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Targets {
    /// Lowest acceptable service level (a share), by the scenario's formula and thresholds.
    pub service_level: f64,
    /// Highest acceptable abandon rate (short abandons excluded), a share.
    pub max_abandon: Option<f64>,
    /// Highest acceptable occupancy, a share.
    pub max_occupancy: Option<f64>,
}

/// Sets the service-level threshold and target of the scenario and of every call class, as
/// `--target 80/20` means them: 80 % answered within 20 seconds, whoever calls.
pub fn set_service_target(scenario: &mut Scenario, threshold: f64, target: f64) {
    scenario.service_level.threshold = threshold;
    scenario.service_level.target = target;
    for class in &mut scenario.classes {
        class.threshold = threshold;
        class.target = target;
    }
}

/// How the search runs.
#[derive(Default)]
pub struct StaffingOptions<'a> {
    /// Worker threads; `None` uses every core. Never changes the results.
    pub threads: Option<usize>,
    /// Told what the search does next (for progress bars).
    pub on_progress: Option<&'a (dyn Fn(SearchStep) + Sync)>,
}

/// A step of the search, for progress reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchStep {
    /// Simulating the day with `agents` in interval `interval`.
    Trying {
        /// Index of the interval searched.
        interval: usize,
        /// Agents tried there.
        agents: u32,
    },
    /// Interval `interval` is settled at `agents` (before verification).
    Found {
        /// Index of the interval.
        interval: usize,
        /// Agents found.
        agents: u32,
    },
    /// Simulating the whole day with the staffing found, or after a correction.
    Verifying,
}

/// The staffing found for one interval.
#[derive(Clone, Debug, PartialEq)]
pub struct IntervalStaffing {
    /// Start, seconds since midnight.
    pub start: f64,
    /// End, seconds since midnight.
    pub end: f64,
    /// Offered load of the interval, erlangs (every class).
    pub offered_load: f64,
    /// Agents Erlang C says the pool needs (what the other pools staff subtracted); `None` if
    /// no staffing meets the targets in that formula.
    pub erlang_c: Option<u32>,
    /// The same by Erlang A, the search's starting point; `None` as for Erlang C.
    pub erlang_a: Option<u32>,
    /// The fewest agents of the pool that meet the targets in the simulated day.
    pub agents: u32,
    /// Whether the interval was searched: intervals that end within the warm-up have no
    /// statistics and keep their estimate.
    pub searched: bool,
}

/// The result of a staffing search.
#[derive(Clone, Debug)]
pub struct Staffing {
    /// Index of the pool whose staffing was searched.
    pub pool: usize,
    /// The targets searched for.
    pub targets: Targets,
    /// One entry per interval, in time order.
    pub intervals: Vec<IntervalStaffing>,
    /// The simulated day with the staffing found (the verification run): its interval metrics
    /// are the outcome of the staffing.
    pub result: ExperimentResult,
    /// Days simulated in all (each with every replication).
    pub simulations: usize,
}

impl Staffing {
    /// The pool's agents per interval.
    pub fn agents(&self) -> Vec<u32> {
        self.intervals.iter().map(|i| i.agents).collect()
    }

    /// The pool's shrinkage per interval, as the scenario gives it.
    pub fn shrinkage(&self) -> &[f64] {
        &self.result.scenario.pools[self.pool].shrinkage
    }

    /// The scheduled agents per interval that leave the agents found on the phones after the
    /// pool's shrinkage: the unit a scenario file with shrinkage is written in.
    pub fn scheduled(&self) -> Vec<u32> {
        let pool = &self.result.scenario.pools[self.pool];
        (self.intervals.iter().enumerate())
            .map(|(index, interval)| pool.scheduled(index, interval.agents))
            .collect()
    }
}

/// Why no staffing could be found.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StaffingError {
    /// Confidence intervals need two replications or more.
    #[error(
        "the staffing search needs at least 2 replications for its confidence intervals \
         (the scenario has {0}); set replications = 30 or more"
    )]
    TooFewReplications(u32),
    /// No staffing meets the targets in an interval.
    #[error(
        "{interval}: no staffing meets the targets ({detail}); loosen them, or look at what \
         keeps the interval from them (limits, failures, short patience)"
    )]
    Unreachable {
        /// The interval, `HH:MM-HH:MM`.
        interval: String,
        /// What was tried and what it gave.
        detail: String,
    },
}

/// Which targets an interval's metrics miss.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Misses {
    /// The service level is not surely at or above its target.
    pub service_level: bool,
    /// The abandon rate is not surely at or below its ceiling.
    pub abandon: bool,
    /// The occupancy is not surely at or below its ceiling.
    pub occupancy: bool,
}

impl Misses {
    /// Whether every target is met.
    pub fn none(&self) -> bool {
        !(self.service_level || self.abandon || self.occupancy)
    }
}

/// The targets an interval misses, judged by the confidence interval of each metric: a target
/// is met when the whole interval is on the right side of it. A metric the interval leaves
/// undefined (a service level without calls, an occupancy without agents) meets its target;
/// with one defining replication only, the mean is judged.
pub fn misses(metrics: &MetricTable, targets: &Targets) -> Misses {
    let low = |e: &Estimate| e.ci_low.unwrap_or(e.mean);
    let high = |e: &Estimate| e.ci_high.unwrap_or(e.mean);
    let above = |key, floor: f64| metrics.get(key).is_some_and(|e| low(e) < floor);
    let below = |key, ceiling: Option<f64>| {
        ceiling.is_some_and(|c| metrics.get(key).is_some_and(|e| high(e) > c))
    };
    Misses {
        service_level: above("service_level", targets.service_level),
        abandon: below("abandon_rate", targets.max_abandon),
        occupancy: below("occupancy", targets.max_occupancy),
    }
}

/// Finds the fewest agents of pool `pool` per interval that meet `targets` in every interval
/// of the simulated day (see the module documentation for the method).
///
/// # Errors
///
/// [`StaffingError::TooFewReplications`] for a scenario of one replication, and
/// [`StaffingError::Unreachable`] for an interval where more agents stop helping before the
/// targets are met (for example a service level above what the technical failures allow).
///
/// # Panics
///
/// If `pool` is not an index of `scenario.pools`.
pub fn find_staffing(
    scenario: &Scenario,
    pool: usize,
    targets: &Targets,
    options: &StaffingOptions,
) -> Result<Staffing, StaffingError> {
    assert!(pool < scenario.pools.len(), "pool {pool} exists");
    if scenario.replications < 2 {
        return Err(StaffingError::TooFewReplications(scenario.replications));
    }
    let mut search = Search {
        scenario: scenario.clone(),
        pool,
        targets: *targets,
        options,
        simulations: 0,
    };
    let mut intervals = search.estimates();
    let warm_end = scenario.hours.open + scenario.warmup;
    for index in 0..intervals.len() {
        if intervals[index].end <= warm_end {
            continue;
        }
        intervals[index].agents = search.interval(index, &intervals)?;
        intervals[index].searched = true;
        search.tell(SearchStep::Found {
            interval: index,
            agents: intervals[index].agents,
        });
    }
    let result = search.verify(&mut intervals)?;
    Ok(Staffing {
        pool,
        targets: *targets,
        intervals,
        result,
        simulations: search.simulations,
    })
}

/// Most agents tried in an interval whose search started at `start`: far beyond any estimate.
/// A search normally stops well before, when one agent more no longer changes the interval.
fn agent_limit(start: u32) -> u32 {
    start.saturating_mul(10).saturating_add(100)
}

/// The state of one search.
struct Search<'a> {
    /// The scenario, with the pool's staffing as last simulated.
    scenario: Scenario,
    pool: usize,
    targets: Targets,
    options: &'a StaffingOptions<'a>,
    simulations: usize,
}

impl Search<'_> {
    fn tell(&self, step: SearchStep) {
        if let Some(progress) = self.options.on_progress {
            progress(step);
        }
    }

    /// Every interval at its closed-form estimate: Erlang A where callers hang up, Erlang C
    /// where they never do, less what the other pools staff; the scenario's own staffing where
    /// no formula meets the targets.
    fn estimates(&self) -> Vec<IntervalStaffing> {
        let scenario = &self.scenario;
        let need = Requirement {
            threshold: scenario.service_level.threshold,
            target: self.targets.service_level,
            max_abandon: self.targets.max_abandon,
            max_occupancy: self.targets.max_occupancy,
        };
        (0..scenario.hours.interval_count())
            .map(|index| {
                let (start, end) = scenario.hours.interval_bounds(index);
                let load = interval_load(scenario, index);
                let others: u32 = scenario
                    .pools
                    .iter()
                    .enumerate()
                    .filter(|(p, _)| *p != self.pool)
                    .map(|(_, pool)| pool.agents[index])
                    .sum();
                let for_pool = |agents: Option<u32>| agents.map(|a| a.saturating_sub(others));
                let erlang_c = for_pool(erlang_c_agents(&load, &need));
                let erlang_a = for_pool(erlang_a_agents(&load, &need));
                IntervalStaffing {
                    start,
                    end,
                    offered_load: load.erlangs(),
                    erlang_c,
                    erlang_a,
                    agents: erlang_a.unwrap_or(scenario.pools[self.pool].agents[index]),
                    searched: false,
                }
            })
            .collect()
    }

    /// Simulates the day with the pool staffed as `agents`.
    fn simulate(&mut self, agents: Vec<u32>) -> ExperimentResult {
        self.scenario.pools[self.pool].agents = agents;
        self.scenario.pools[self.pool].fractional = None;
        self.simulations += 1;
        let options = BatchOptions {
            threads: self.options.threads,
            on_scenario_done: None,
        };
        run_batch(std::slice::from_ref(&self.scenario), &options)
            .pop()
            .expect("one result per scenario")
    }

    /// The targets interval `index` misses with `agents` there and `staffing` elsewhere, and
    /// its service level and abandon rate (to tell when more agents stop helping).
    fn try_agents(
        &mut self,
        index: usize,
        agents: u32,
        staffing: &[IntervalStaffing],
    ) -> (Misses, [Option<Estimate>; 2]) {
        self.tell(SearchStep::Trying {
            interval: index,
            agents,
        });
        let mut plan: Vec<u32> = staffing.iter().map(|i| i.agents).collect();
        plan[index] = agents;
        let result = self.simulate(plan);
        let metrics = &result.summary.intervals[index].metrics;
        let outcome = [
            metrics.get("service_level").copied(),
            metrics.get("abandon_rate").copied(),
        ];
        (misses(metrics, &self.targets), outcome)
    }

    /// The fewest agents meeting the targets in interval `index`, the others as in `staffing`.
    fn interval(
        &mut self,
        index: usize,
        staffing: &[IntervalStaffing],
    ) -> Result<u32, StaffingError> {
        let start = staffing[index].agents;
        let (misses, mut outcome) = self.try_agents(index, start, staffing);
        if misses.none() {
            let mut agents = start;
            while agents > 0 && self.try_agents(index, agents - 1, staffing).0.none() {
                agents -= 1;
            }
            return Ok(agents);
        }
        let limit = agent_limit(start);
        let mut agents = start;
        loop {
            agents += 1;
            let (misses, next) = self.try_agents(index, agents, staffing);
            if misses.none() {
                return Ok(agents);
            }
            let stuck = (misses.service_level || misses.abandon) && next == outcome;
            if stuck || agents >= limit {
                return Err(self.unreachable(index, agents, &next));
            }
            outcome = next;
        }
    }

    fn unreachable(
        &self,
        index: usize,
        agents: u32,
        outcome: &[Option<Estimate>; 2],
    ) -> StaffingError {
        let (start, end) = self.scenario.hours.interval_bounds(index);
        let show = |e: &Option<Estimate>| match e {
            Some(e) => format!(
                "{:.1}% [{:.1}%, {:.1}%]",
                e.mean * 100.0,
                e.ci_low.unwrap_or(e.mean) * 100.0,
                e.ci_high.unwrap_or(e.mean) * 100.0
            ),
            None => "undefined".into(),
        };
        StaffingError::Unreachable {
            interval: format!("{}-{}", clock_time(start), clock_time(end)),
            detail: format!(
                "with {agents} agents: service level {}, abandon rate {}, and one agent more \
                 changes neither",
                show(&outcome[0]),
                show(&outcome[1])
            ),
        }
    }

    /// Simulates the whole day with the staffing found, adding an agent to the first interval
    /// that misses its targets until none does; returns the last run.
    fn verify(
        &mut self,
        staffing: &mut [IntervalStaffing],
    ) -> Result<ExperimentResult, StaffingError> {
        loop {
            self.tell(SearchStep::Verifying);
            let result = self.simulate(staffing.iter().map(|i| i.agents).collect());
            let failing = staffing.iter().enumerate().position(|(index, interval)| {
                interval.searched
                    && !misses(&result.summary.intervals[index].metrics, &self.targets).none()
            });
            let Some(index) = failing else {
                return Ok(result);
            };
            let interval = &mut staffing[index];
            if interval.agents >= agent_limit(interval.erlang_a.unwrap_or(0)) {
                let metrics = &result.summary.intervals[index].metrics;
                let outcome = [
                    metrics.get("service_level").copied(),
                    metrics.get("abandon_rate").copied(),
                ];
                return Err(self.unreachable(index, interval.agents, &outcome));
            }
            interval.agents += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::metrics::METRICS;

    fn table(values: &[(&str, f64, f64, f64)]) -> MetricTable {
        let estimates = METRICS
            .iter()
            .map(|m| {
                values
                    .iter()
                    .find(|(key, ..)| *key == m.key)
                    .map(|&(_, mean, low, high)| Estimate {
                        mean,
                        std: Some(0.1),
                        ci_low: Some(low),
                        ci_high: Some(high),
                        n: 10,
                    })
            })
            .collect();
        MetricTable {
            metrics: METRICS,
            estimates,
        }
    }

    const TARGETS: Targets = Targets {
        service_level: 0.8,
        max_abandon: Some(0.05),
        max_occupancy: Some(0.9),
    };

    #[test]
    fn a_target_is_met_only_when_the_whole_interval_is_on_its_side() {
        let met = table(&[
            ("service_level", 0.85, 0.80, 0.90),
            ("abandon_rate", 0.03, 0.02, 0.05),
            ("occupancy", 0.85, 0.84, 0.86),
        ]);
        assert!(misses(&met, &TARGETS).none());
        let straddling = table(&[
            ("service_level", 0.82, 0.79, 0.85),
            ("abandon_rate", 0.04, 0.03, 0.051),
            ("occupancy", 0.89, 0.88, 0.91),
        ]);
        assert_eq!(
            misses(&straddling, &TARGETS),
            Misses {
                service_level: true,
                abandon: true,
                occupancy: true
            }
        );
        let no_ceilings = Targets {
            max_abandon: None,
            max_occupancy: None,
            ..TARGETS
        };
        assert_eq!(
            misses(&straddling, &no_ceilings),
            Misses {
                service_level: true,
                ..Misses::default()
            }
        );
        // No calls, no agents: nothing to miss.
        assert!(misses(&table(&[]), &TARGETS).none());
    }

    fn small_day(replications: u32) -> Scenario {
        let text = format!(
            "name = 'small'\nseed = 9\nreplications = {replications}\n[hours]\nopen = '09:00'\n\
             close = '11:00'\ninterval = '30m'\n[arrivals]\ncalls_per_hour = [60, 240, 240, 60]\n\
             [handle_time]\ndistribution = 'exponential'\nmean = '4m'\n[patience]\n\
             distribution = 'exponential'\nmean = '3m'\n[staffing]\nagents = 1"
        );
        crate::scenario::from_str(&text, "small.toml").unwrap()
    }

    #[test]
    fn the_staffing_found_meets_the_targets_and_one_agent_less_at_the_first_interval_does_not() {
        let scenario = small_day(20);
        let targets = Targets {
            max_abandon: None,
            max_occupancy: None,
            ..TARGETS
        };
        let staffing = find_staffing(&scenario, 0, &targets, &StaffingOptions::default()).unwrap();
        for (index, interval) in staffing.result.summary.intervals.iter().enumerate() {
            assert!(
                misses(&interval.metrics, &targets).none(),
                "interval {index}"
            );
        }
        assert_eq!(staffing.result.scenario.pools[0].agents, staffing.agents());
        // The first interval inherits no queue and was never corrected upwards from outside:
        // one agent less misses the target there.
        let mut fewer = staffing.result.scenario.clone();
        fewer.pools[0].agents[0] -= 1;
        let result = crate::experiment::run_replications(&fewer, &Default::default());
        assert!(misses(&result.summary.intervals[0].metrics, &targets).service_level);
    }

    #[test]
    fn one_replication_is_refused() {
        let error = find_staffing(&small_day(1), 0, &TARGETS, &StaffingOptions::default());
        assert_eq!(error.unwrap_err(), StaffingError::TooFewReplications(1));
    }

    /// With a dropped share of calls above what the target allows, more agents stop helping.
    #[test]
    fn an_unreachable_target_is_reported_with_its_interval() {
        let mut scenario = small_day(5);
        scenario.drops.in_conversation = Some(crate::model::DropRule {
            probability: 0.3,
            after: crate::dist::Distribution::deterministic(1.0).unwrap(),
        });
        let error = find_staffing(&scenario, 0, &TARGETS, &StaffingOptions::default()).unwrap_err();
        let StaffingError::Unreachable { interval, .. } = &error else {
            panic!("{error}")
        };
        assert_eq!(interval, "09:00-09:30");
        assert!(
            error.to_string().contains("one agent more changes neither"),
            "{error}"
        );
    }
}
