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
//!
//! **With a precision** ([`SearchPrecision`]), every simulation of the search starts with the
//! scenario's replications and adds batches of the next replication indices
//! ([`precision`](super::precision)) only while the decision it is run for is close: while a
//! target's confidence interval straddles it and is wider than the half-width asked for. Clear
//! decisions cost one batch; close ones get the replications they need, and a straddling
//! interval that reaches the half-width counts as missed, as any straddling interval does.

use super::closed_form::{Requirement, erlang_a_agents, erlang_c_agents, interval_load};
use super::precision::{Batches, run_in_batches, width_ratio};
use super::{BatchOptions, ExperimentResult, MetricTable, RunOptions, run_batch, run_replications};
use crate::model::{Scenario, TargetBounds};
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
    /// Highest acceptable ASA (mean wait of answered calls), seconds.
    pub max_asa: Option<f64>,
}

impl Targets {
    /// Every target as (metric key, bound, whether the bound is a floor), service level first.
    fn bounds(&self) -> impl Iterator<Item = (&'static str, f64, bool)> {
        [
            Some(("service_level", self.service_level, true)),
            self.max_abandon.map(|c| ("abandon_rate", c, false)),
            self.max_occupancy.map(|c| ("occupancy", c, false)),
            self.max_asa.map(|c| ("asa_s", c, false)),
        ]
        .into_iter()
        .flatten()
    }
}

/// How precisely a close decision is made: the 95 % confidence half-widths asked for, by
/// target, and the cap on replications.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct SearchPrecision {
    /// Half-width of the service level's interval, a share (0.01 for 1 percentage point).
    pub service_level: Option<f64>,
    /// Half-width of the abandon rate's interval, a share.
    pub abandon_rate: Option<f64>,
    /// Half-width of the occupancy's interval, a share.
    pub occupancy: Option<f64>,
    /// Half-width of the ASA's interval, seconds.
    pub asa: Option<f64>,
    /// Most replications of one simulated day.
    pub cap: u32,
}

impl SearchPrecision {
    /// The half-width asked for the metric with this key.
    fn of(&self, key: &str) -> Option<f64> {
        match key {
            "service_level" => self.service_level,
            "abandon_rate" => self.abandon_rate,
            "occupancy" => self.occupancy,
            "asa_s" => self.asa,
            _ => None,
        }
    }
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
    /// Replications in batches where a decision is close; `None` runs the scenario's
    /// replications for every decision.
    pub precision: Option<SearchPrecision>,
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
    /// The targets one agent fewer misses there: the constraints that bind. None for an
    /// interval that needs no agent or was not searched.
    pub binding: Misses,
    /// Whether one agent fewer missed only by a straddling interval wider than the precision
    /// asked for (or any straddling interval, without one): too wide to tell whether it would
    /// have done, so more replications could lower the answer.
    pub fewer_undecided: bool,
    /// Agents added after the per-interval search for the daily targets
    /// ([`day_targets`](super::day_targets)); included in `agents`.
    pub day_added: u32,
    /// The daily targets those agents were added for.
    pub day_binding: Misses,
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
    /// The fewest and most replications one simulated day took (equal without a precision).
    pub replications: (u32, u32),
    /// The precision asked for, if any.
    pub precision: Option<SearchPrecision>,
    /// The targets on the day's overall figures that were met on top (none by default).
    pub day_targets: TargetBounds,
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
    /// The cap on replications came before a decision did (with a precision).
    #[error(
        "{interval}: the precision asked for is not reached within the cap on replications: \
         {detail}; raise --max-replications, or ask for a coarser --precision"
    )]
    Imprecise {
        /// The interval, `HH:MM-HH:MM`.
        interval: String,
        /// What was tried and how wide its intervals stayed.
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
    /// The ASA is not surely at or below its ceiling.
    pub asa: bool,
}

impl Misses {
    /// Whether every target is met.
    pub fn none(&self) -> bool {
        !(self.service_level || self.abandon || self.occupancy || self.asa)
    }

    /// The metric keys of the targets missed, in report order.
    pub fn keys(&self) -> Vec<&'static str> {
        [
            (self.service_level, "service_level"),
            (self.abandon, "abandon_rate"),
            (self.occupancy, "occupancy"),
            (self.asa, "asa_s"),
        ]
        .into_iter()
        .filter_map(|(missed, key)| missed.then_some(key))
        .collect()
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
        asa: below("asa_s", targets.max_asa),
    }
}

/// How much wider than the precision asked for the widest interval is among the targets whose
/// interval straddles them (a decision still open); `None` when every target is decided: its
/// whole interval on one side, or no wider than asked for. Without a precision, any straddling
/// interval is open (ratio infinite).
pub fn open_decision(
    metrics: &MetricTable,
    targets: &Targets,
    precision: Option<&SearchPrecision>,
) -> Option<f64> {
    targets
        .bounds()
        .filter_map(|(key, bound, _)| {
            let estimate = metrics.get(key)?;
            let (low, high) = (estimate.ci_low?, estimate.ci_high?);
            let straddles = low < bound && bound < high;
            let ratio = match precision.and_then(|p| p.of(key)) {
                Some(half_width) => width_ratio(estimate, half_width),
                None => f64::INFINITY,
            };
            (straddles && ratio > 1.0).then_some(ratio)
        })
        .reduce(f64::max)
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
    let mut scenario = scenario.clone();
    let batches = options.precision.map(|precision| {
        let batches = Batches::new(scenario.replications, precision.cap);
        scenario.replications = batches.first;
        batches
    });
    let mut search = Search {
        replications: (scenario.replications, scenario.replications),
        scenario,
        pool,
        targets: *targets,
        options,
        batches,
        simulations: 0,
    };
    let mut intervals = search.estimates();
    let warm_end = search.scenario.hours.open + search.scenario.warmup;
    for index in 0..intervals.len() {
        if intervals[index].end <= warm_end {
            continue;
        }
        let (agents, fewer) = search.interval(index, &intervals)?;
        let interval = &mut intervals[index];
        interval.agents = agents;
        interval.searched = true;
        (interval.binding, interval.fewer_undecided) = fewer.unwrap_or_default();
        search.tell(SearchStep::Found {
            interval: index,
            agents,
        });
    }
    let result = search.verify(&mut intervals)?;
    Ok(Staffing {
        pool,
        targets: *targets,
        intervals,
        result,
        simulations: search.simulations,
        replications: search.replications,
        precision: options.precision,
        day_targets: TargetBounds::default(),
    })
}

/// Most agents tried in an interval whose search started at `start`: far beyond any estimate.
/// A search normally stops well before, when one agent more no longer changes the interval.
fn agent_limit(start: u32) -> u32 {
    start.saturating_mul(10).saturating_add(100)
}

/// One simulated day of a trial, judged in one interval.
struct Trial {
    /// The targets the interval misses.
    misses: Misses,
    /// Whether a missed target's interval straddles it, wider than the precision asked for.
    undecided: bool,
    /// The interval's service level and abandon rate (to tell when more agents stop helping).
    outcome: [Option<Estimate>; 2],
}

/// The state of one search.
struct Search<'a> {
    /// The scenario, with the pool's staffing as last simulated.
    scenario: Scenario,
    pool: usize,
    targets: Targets,
    options: &'a StaffingOptions<'a>,
    /// The batches of a search with a precision.
    batches: Option<Batches>,
    simulations: usize,
    /// The fewest and most replications a simulated day took.
    replications: (u32, u32),
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
                    binding: Misses::default(),
                    fewer_undecided: false,
                    day_added: 0,
                    day_binding: Misses::default(),
                }
            })
            .collect()
    }

    /// Simulates the day with the pool staffed as `agents`: the scenario's replications, or
    /// with a precision, batches until `open(result)` (the widest open decision over the
    /// precision) is `None` or the cap is reached. With the result comes how far its widest
    /// open decision is from the precision when the cap stopped the batches.
    fn simulate(
        &mut self,
        agents: Vec<u32>,
        open: impl Fn(&ExperimentResult) -> Option<f64>,
    ) -> (ExperimentResult, Option<f64>) {
        self.scenario.pools[self.pool].agents = agents;
        self.scenario.pools[self.pool].fractional = None;
        self.simulations += 1;
        let Some(batches) = self.batches else {
            let options = BatchOptions {
                threads: self.options.threads,
                on_scenario_done: None,
            };
            let result = run_batch(std::slice::from_ref(&self.scenario), &options)
                .pop()
                .expect("one result per scenario");
            return (result, None);
        };
        let base = &self.scenario;
        let threads = self.options.threads;
        let batched = run_in_batches(
            &batches,
            |range| {
                let mut scenario = base.clone();
                scenario.replications = range.end;
                let options = RunOptions {
                    threads,
                    first_replication: range.start,
                    ..RunOptions::default()
                };
                run_replications(&scenario, &options)
            },
            open,
        );
        let total = batched.result.scenario.replications;
        self.replications = (
            self.replications.0.min(total),
            self.replications.1.max(total),
        );
        (batched.result, batched.short_by)
    }

    /// The widest open decision of interval `index` over the precision, if one is open.
    fn open_in(&self, result: &ExperimentResult, index: usize) -> Option<f64> {
        let metrics = &result.summary.intervals[index].metrics;
        open_decision(metrics, &self.targets, self.options.precision.as_ref())
    }

    /// How interval `index` fares with `agents` there and `staffing` elsewhere.
    fn try_agents(
        &mut self,
        index: usize,
        agents: u32,
        staffing: &[IntervalStaffing],
    ) -> Result<Trial, StaffingError> {
        self.tell(SearchStep::Trying {
            interval: index,
            agents,
        });
        let mut plan: Vec<u32> = staffing.iter().map(|i| i.agents).collect();
        plan[index] = agents;
        let precision = self.options.precision;
        let targets = self.targets;
        let open = |result: &ExperimentResult| {
            let metrics = &result.summary.intervals[index].metrics;
            open_decision(metrics, &targets, precision.as_ref())
        };
        let (result, short_by) = self.simulate(plan, open);
        if let Some(ratio) = short_by {
            return Err(self.imprecise(index, agents, &result, ratio));
        }
        let metrics = &result.summary.intervals[index].metrics;
        Ok(Trial {
            misses: misses(metrics, &self.targets),
            undecided: self.open_in(&result, index).is_some(),
            outcome: [
                metrics.get("service_level").copied(),
                metrics.get("abandon_rate").copied(),
            ],
        })
    }

    /// The fewest agents meeting the targets in interval `index`, the others as in `staffing`,
    /// with what one agent fewer misses and whether that miss was undecided (`None` when the
    /// answer is no agent at all).
    fn interval(
        &mut self,
        index: usize,
        staffing: &[IntervalStaffing],
    ) -> Result<(u32, Option<(Misses, bool)>), StaffingError> {
        let start = staffing[index].agents;
        let first = self.try_agents(index, start, staffing)?;
        if first.misses.none() {
            let mut agents = start;
            while agents > 0 {
                let fewer = self.try_agents(index, agents - 1, staffing)?;
                if !fewer.misses.none() {
                    return Ok((agents, Some((fewer.misses, fewer.undecided))));
                }
                agents -= 1;
            }
            return Ok((0, None));
        }
        let limit = agent_limit(start);
        let mut agents = start;
        let mut last = first;
        loop {
            agents += 1;
            let next = self.try_agents(index, agents, staffing)?;
            if next.misses.none() {
                return Ok((agents, Some((last.misses, last.undecided))));
            }
            let stuck =
                (next.misses.service_level || next.misses.abandon) && next.outcome == last.outcome;
            if stuck || agents >= limit {
                return Err(self.unreachable(index, agents, &next.outcome));
            }
            last = next;
        }
    }

    /// The cap reached with a decision of interval `index` still open.
    fn imprecise(
        &self,
        index: usize,
        agents: u32,
        result: &ExperimentResult,
        ratio: f64,
    ) -> StaffingError {
        let (start, end) = self.scenario.hours.interval_bounds(index);
        let metrics = &result.summary.intervals[index].metrics;
        let precision = self.options.precision.unwrap_or_default();
        let open: Vec<String> = self
            .targets
            .bounds()
            .filter_map(|(key, bound, floor)| {
                let estimate = metrics.get(key)?;
                let (low, high) = (estimate.ci_low?, estimate.ci_high?);
                let wanted = precision.of(key);
                let wide = wanted.is_none_or(|w| width_ratio(estimate, w) > 1.0);
                (low < bound && bound < high && wide).then(|| {
                    let side = if floor { ">=" } else { "<=" };
                    format!(
                        "{} {} straddles {side} {}",
                        key_label(key),
                        show_estimate(key, Some(estimate)),
                        show_value(key, bound)
                    )
                })
            })
            .collect();
        StaffingError::Imprecise {
            interval: format!("{}-{}", clock_time(start), clock_time(end)),
            detail: format!(
                "with {agents} agents after {} replications, {} ({ratio:.1} times the \
                 half-width asked for)",
                result.scenario.replications,
                open.join(", ")
            ),
        }
    }

    fn unreachable(
        &self,
        index: usize,
        agents: u32,
        outcome: &[Option<Estimate>; 2],
    ) -> StaffingError {
        let (start, end) = self.scenario.hours.interval_bounds(index);
        StaffingError::Unreachable {
            interval: format!("{}-{}", clock_time(start), clock_time(end)),
            detail: format!(
                "with {agents} agents: service level {}, abandon rate {}, and one agent more \
                 changes neither",
                show_estimate("service_level", outcome[0].as_ref()),
                show_estimate("abandon_rate", outcome[1].as_ref())
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
            let searched: Vec<usize> = (staffing.iter().enumerate())
                .filter(|(_, interval)| interval.searched)
                .map(|(index, _)| index)
                .collect();
            let (precision, targets) = (self.options.precision, self.targets);
            let open = |result: &ExperimentResult| {
                (searched.iter())
                    .filter_map(|&index| {
                        let metrics = &result.summary.intervals[index].metrics;
                        open_decision(metrics, &targets, precision.as_ref())
                    })
                    .reduce(f64::max)
            };
            let plan = staffing.iter().map(|i| i.agents).collect();
            let (result, short_by) = self.simulate(plan, open);
            if let Some(ratio) = short_by {
                let index = (searched.iter().copied())
                    .find(|&index| self.open_in(&result, index).is_some())
                    .expect("an open decision stopped the batches");
                return Err(self.imprecise(index, staffing[index].agents, &result, ratio));
            }
            let failing = searched.iter().copied().find(|&index| {
                !misses(&result.summary.intervals[index].metrics, &self.targets).none()
            });
            let Some(index) = failing else {
                return Ok(result);
            };
            let metrics = &result.summary.intervals[index].metrics;
            let interval = &mut staffing[index];
            if interval.agents >= agent_limit(interval.erlang_a.unwrap_or(0)) {
                let outcome = [
                    metrics.get("service_level").copied(),
                    metrics.get("abandon_rate").copied(),
                ];
                return Err(self.unreachable(index, interval.agents, &outcome));
            }
            interval.binding = misses(metrics, &self.targets);
            interval.fewer_undecided =
                open_decision(metrics, &self.targets, self.options.precision.as_ref()).is_some();
            interval.agents += 1;
        }
    }
}

/// A target's metric in words.
pub(crate) fn key_label(key: &str) -> &'static str {
    match key {
        "service_level" => "service level",
        "abandon_rate" => "abandon rate",
        "occupancy" => "occupancy",
        _ => "ASA",
    }
}

/// A target's value: a percentage, or a duration (`m:ss.s`) for the ASA.
pub(crate) fn show_value(key: &str, value: f64) -> String {
    if key == "asa_s" {
        crate::report::duration(value)
    } else {
        format!("{:.1}%", value * 100.0)
    }
}

/// An estimate with its interval, in its metric's unit.
pub(super) fn show_estimate(key: &str, estimate: Option<&Estimate>) -> String {
    match estimate {
        Some(e) => format!(
            "{} [{}, {}]",
            show_value(key, e.mean),
            show_value(key, e.ci_low.unwrap_or(e.mean)),
            show_value(key, e.ci_high.unwrap_or(e.mean))
        ),
        None => "undefined".into(),
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
        max_asa: None,
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
                occupancy: true,
                asa: false,
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

    /// A precision finer than the cap can reach: the search stops with the interval, the
    /// straddling target and how far it is, instead of answering on a coin toss.
    #[test]
    fn a_precision_the_cap_cannot_reach_is_reported() {
        let targets = Targets {
            max_abandon: None,
            max_occupancy: None,
            ..TARGETS
        };
        let options = StaffingOptions {
            precision: Some(SearchPrecision {
                service_level: Some(0.0001),
                cap: 12,
                ..SearchPrecision::default()
            }),
            ..StaffingOptions::default()
        };
        let error = find_staffing(&small_day(10), 0, &targets, &options).unwrap_err();
        let StaffingError::Imprecise { detail, .. } = &error else {
            panic!("{error}")
        };
        assert!(
            detail.contains("after 12 replications") && detail.contains("straddles >= 80.0%"),
            "{error}"
        );
    }
}
