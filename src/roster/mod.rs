//! Shifts from a requirement (`ccsim staff --shifts`): how many agents start on each allowed
//! [`ShiftPattern`] so that the shifts cover the agents a staffing search requires, at the
//! fewest paid hours (or the lowest cost when the patterns are priced), and the roster then
//! simulated, since covering each interval's requirement is not the same as meeting the targets
//! when calls carry over from one interval to the next.
//!
//! The method:
//! 1. The requirement of interval *j* is the scheduled agents the search found,
//!    `on_phones / (1 − shrinkage)` rounded up ([`crate::model::scheduled_agents`]).
//! 2. Every (pattern, start time) is one integer variable, the agents who start there. One agent
//!    covers interval *j* by the share of it they work, breaks left out, as `[[shifts]]` count.
//!    The integer program (in [`solver`]) minimises paid hours or cost subject to covering every
//!    interval's requirement and each pattern's `max_agents`.
//! 3. The roster is simulated with the scenario's seed. An interval that misses a target gets one
//!    more scheduled agent of requirement and the program is solved again, up to
//!    [`MAX_ROUNDS`] times; what still misses after that is reported, never hidden.

pub mod solver;

use crate::experiment::staffing::{Misses, Targets, misses};
use crate::experiment::{ExperimentResult, RunOptions, run_replications};
use crate::model::{Scenario, ShiftPattern, on_the_phones, scheduled_agents};
use crate::report::clock_time;
use solver::Start;

/// How many times the roster is simulated and re-planned before the misses are reported.
pub const MAX_ROUNDS: usize = 6;

/// Agents starting one pattern at one time: a `[[shifts]]` entry of the roster.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterShift {
    /// Index of the pattern in [`Scenario::shift_patterns`].
    pub pattern: usize,
    /// Start, seconds since midnight.
    pub start: f64,
    /// End, seconds since midnight.
    pub end: f64,
    /// Agents who work it.
    pub agents: u32,
    /// The breaks, each (start, end) in seconds since midnight.
    pub breaks: Vec<(f64, f64)>,
}

/// A roster planned and simulated.
#[derive(Clone, Debug)]
pub struct Roster {
    /// Index of the pool rostered.
    pub pool: usize,
    /// The shifts, by start time then pattern.
    pub shifts: Vec<RosterShift>,
    /// The requirement the last plan covered, scheduled agents per interval (the search's,
    /// plus what the simulation added).
    pub required: Vec<u32>,
    /// Agents the shifts schedule per interval, fractional where a shift or break covers part
    /// of it.
    pub scheduled: Vec<f64>,
    /// Paid hours of the roster.
    pub paid_hours: f64,
    /// Its cost, when the patterns are priced.
    pub cost: Option<f64>,
    /// Per interval, the targets the simulated roster misses.
    pub misses: Vec<Misses>,
    /// How many times the roster was simulated.
    pub rounds: usize,
    /// The simulated day with the roster.
    pub result: ExperimentResult,
}

impl Roster {
    /// The intervals that miss a target in the simulated day.
    pub fn missed_intervals(&self) -> usize {
        self.misses.iter().filter(|m| !m.none()).count()
    }
}

/// Why no roster could be planned.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    /// The scenario declares no pattern for the pool.
    #[error(
        "no [[shift_patterns]] for pool \"{pool}\": declare the shapes of shift it may use \
         (docs/staffing.md, \"Shifts from a requirement\")"
    )]
    NoPatterns {
        /// The pool's name.
        pool: String,
    },
    /// An interval needs agents that no start of any pattern covers.
    #[error(
        "{interval} needs {needed} scheduled agents but no shift pattern covers it: add a \
         pattern, or widen a start window, that works {interval}"
    )]
    Uncovered {
        /// The interval, `HH:MM-HH:MM`.
        interval: String,
        /// Scheduled agents it needs.
        needed: u32,
    },
    /// The patterns' `max_agents` leave the requirement uncovered.
    #[error(
        "the shift patterns' max_agents cannot cover the requirement (it needs {needed} \
         scheduled agents at {interval}, its busiest interval): raise a limit or add a pattern"
    )]
    Infeasible {
        /// The busiest interval, `HH:MM-HH:MM`.
        interval: String,
        /// Its scheduled agents.
        needed: u32,
    },
    /// The solver failed for a reason of its own.
    #[error("the shift solver failed: {0}")]
    Solver(String),
}

/// Plans the cheapest roster of pool `pool` covering `on_phones` (agents on the phones per
/// interval, as a staffing search finds them), simulates it, and re-plans intervals that miss
/// `targets` (see the module documentation).
///
/// # Errors
///
/// [`RosterError`] when the pool has no patterns, an interval with a requirement has no
/// pattern covering it, or the patterns' limits cannot cover the requirement.
pub fn plan_roster(
    scenario: &Scenario,
    pool: usize,
    on_phones: &[u32],
    targets: &Targets,
    options: &RunOptions,
) -> Result<Roster, RosterError> {
    // The pool's patterns, with their index among all the scenario's.
    let (indices, patterns): (Vec<usize>, Vec<ShiftPattern>) = (scenario.shift_patterns.iter())
        .enumerate()
        .filter(|(_, pattern)| pattern.pool == pool)
        .map(|(index, pattern)| (index, pattern.clone()))
        .unzip();
    if patterns.is_empty() {
        return Err(RosterError::NoPatterns {
            pool: scenario.pools[pool].name.clone(),
        });
    }
    let shrinkage = &scenario.pools[pool].shrinkage;
    let mut required: Vec<u32> = (on_phones.iter().enumerate())
        .map(|(j, agents)| scheduled_agents(*agents, shrinkage.get(j).copied().unwrap_or(0.0)))
        .collect();
    let starts: Vec<Start> = (patterns.iter().enumerate())
        .flat_map(|(pattern, p)| p.starts.iter().map(move |&at| Start { pattern, at }))
        .collect();
    let hours = &scenario.hours;
    let coverage: Vec<Vec<f64>> = (starts.iter())
        .map(|start| {
            (0..hours.interval_count())
                .map(|j| {
                    let (from, to) = hours.interval_bounds(j);
                    patterns[start.pattern].presence(start.at, from, to) / (to - from)
                })
                .collect()
        })
        .collect();
    let interval_name = |j: usize| {
        let (from, to) = hours.interval_bounds(j);
        format!("{}-{}", clock_time(from), clock_time(to))
    };
    let uncovered = |j: usize| required[j] > 0 && coverage.iter().all(|c| c[j] <= 0.0);
    if let Some(j) = (0..required.len()).find(|&j| uncovered(j)) {
        return Err(RosterError::Uncovered {
            interval: interval_name(j),
            needed: required[j],
        });
    }
    let mut rounds = 0;
    loop {
        rounds += 1;
        let need: Vec<f64> = required.iter().map(|&r| f64::from(r)).collect();
        let Some(agents) =
            solver::solve(&patterns, &starts, &coverage, &need).map_err(RosterError::Solver)?
        else {
            let busiest = (0..required.len())
                .max_by_key(|&j| required[j])
                .unwrap_or(0);
            return Err(RosterError::Infeasible {
                interval: interval_name(busiest),
                needed: required[busiest],
            });
        };
        let scheduled: Vec<f64> = (0..required.len())
            .map(|j| {
                (coverage.iter().zip(&agents))
                    .map(|(c, &x)| c[j] * f64::from(x))
                    .sum()
            })
            .collect();
        let result = simulate(scenario, pool, &scheduled, options);
        let misses: Vec<Misses> = (result.summary.intervals.iter())
            .map(|interval| match interval.in_warmup {
                true => Misses::default(),
                false => misses(&interval.metrics, targets),
            })
            .collect();
        let missed: Vec<usize> = (0..misses.len()).filter(|&j| !misses[j].none()).collect();
        if missed.is_empty() || rounds == MAX_ROUNDS {
            let mut shifts = (starts.iter().zip(&agents))
                .filter(|(_, agents)| **agents > 0)
                .map(|(start, &agents)| {
                    let pattern = &patterns[start.pattern];
                    RosterShift {
                        pattern: indices[start.pattern],
                        start: start.at,
                        end: start.at + pattern.length,
                        agents,
                        breaks: (pattern.breaks.iter())
                            .map(|b| (start.at + b.after, start.at + b.after + b.length))
                            .collect(),
                    }
                })
                .collect::<Vec<_>>();
            shifts.sort_by(|a, b| a.start.total_cmp(&b.start).then(a.pattern.cmp(&b.pattern)));
            let total = |price: &dyn Fn(&ShiftPattern) -> f64| -> f64 {
                (starts.iter().zip(&agents))
                    .map(|(start, &x)| price(&patterns[start.pattern]) * f64::from(x))
                    .sum()
            };
            let priced = patterns.iter().all(|p| p.cost.is_some());
            return Ok(Roster {
                pool,
                shifts,
                required,
                scheduled,
                paid_hours: total(&|p| p.paid_seconds() / 3600.0),
                cost: priced.then(|| total(&|p| p.cost.unwrap_or(0.0))),
                misses,
                rounds,
                result,
            });
        }
        for j in missed {
            required[j] += 1;
        }
    }
}

/// The day simulated with the pool staffed by `scheduled` agents per interval, turned into
/// agents on the phones exactly as the scenario loader turns `[[shifts]]` into them.
fn simulate(
    scenario: &Scenario,
    pool: usize,
    scheduled: &[f64],
    options: &RunOptions,
) -> ExperimentResult {
    let mut rostered = scenario.clone();
    let staffed = &mut rostered.pools[pool];
    staffed.agents = (scheduled.iter().enumerate())
        .map(|(j, &x)| on_the_phones(x, staffed.shrinkage.get(j).copied().unwrap_or(0.0)))
        .collect();
    staffed.fractional = None;
    run_replications(&rostered, options)
}
