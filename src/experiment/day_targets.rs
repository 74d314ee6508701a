//! Daily targets in the staffing search: targets on the day's overall figures (its service
//! level, abandon rate, occupancy or ASA), met on top of the per-interval targets.
//!
//! A daily figure is met when its whole 95 % confidence interval is on the right side of the
//! target, as an interval's is. The method is greedy and simple to follow: starting from the
//! staffing that meets every per-interval target, while a daily target is missed, add one agent
//! to the searched interval where that target's metric is worst (the lowest service level, the
//! highest abandon rate, occupancy or ASA) and simulate the day again on the same seed. Each
//! agent goes where the day's figure is pulled down most, so the day is brought up where it
//! falls short rather than evenly. The search stops when every daily target is met, or reports
//! the target infeasible after [`agent_cap`] agents added.

use super::staffing::{Misses, Staffing, key_label as label, show_estimate, show_value as value};
use super::{ExperimentResult, MetricTable, RunOptions, run_replications};
use crate::model::TargetBounds;

/// Why the daily targets could not be met.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error(
    "the daily target{} {} {} still missed after adding {added} agents to the intervals where it \
     is worst (the most the search adds: 2 per searched interval, plus 10); the day's figures: \
     {detail}; loosen the daily target, or look at what keeps the day from it",
    if missed.len() == 1 { "" } else { "s" },
    missed.join(", "),
    if missed.len() == 1 { "is" } else { "are" }
)]
pub struct DayTargetsError {
    /// The daily targets missed, in words.
    pub missed: Vec<String>,
    /// Agents added before giving up.
    pub added: u32,
    /// The day's figures with their intervals.
    pub detail: String,
}

/// The daily targets a day's overall metrics miss, judged by their confidence intervals: a
/// target is met when the whole interval is on its side (the mean with one replication); a
/// metric the day leaves undefined meets it.
pub fn day_misses(overall: &MetricTable, targets: &TargetBounds) -> Misses {
    let missed = |key: &str, bound: Option<f64>, floor: bool| {
        bound.is_some_and(|bound| {
            overall.get(key).is_some_and(|e| {
                if floor {
                    e.ci_low.unwrap_or(e.mean) < bound
                } else {
                    e.ci_high.unwrap_or(e.mean) > bound
                }
            })
        })
    };
    Misses {
        service_level: missed("service_level", targets.service_level, true),
        abandon: missed("abandon_rate", targets.max_abandon, false),
        occupancy: missed("occupancy", targets.max_occupancy, false),
        asa: missed("asa_s", targets.max_asa, false),
    }
}

/// The most agents the daily phase adds to a day of `searched` searched intervals.
pub fn agent_cap(searched: usize) -> u32 {
    u32::try_from(searched)
        .unwrap_or(u32::MAX / 4)
        .saturating_mul(2)
        + 10
}

/// Adds agents to `staffing` until its day meets `targets` (see the module documentation),
/// recording in each interval the agents added and the daily targets they were added for.
/// Every simulation runs the replications of the staffing's own outcome, on its seed.
///
/// # Errors
///
/// [`DayTargetsError`] when [`agent_cap`] agents are added and a daily target is still missed.
pub fn meet_day_targets(
    staffing: &mut Staffing,
    targets: &TargetBounds,
    threads: Option<usize>,
) -> Result<(), DayTargetsError> {
    staffing.day_targets = *targets;
    let searched: Vec<usize> = (staffing.intervals.iter().enumerate())
        .filter(|(_, interval)| interval.searched)
        .map(|(index, _)| index)
        .collect();
    let cap = agent_cap(searched.len());
    let mut added = 0;
    loop {
        let missed = day_misses(&staffing.result.summary.overall, targets);
        if missed.none() {
            return Ok(());
        }
        let key = missed.keys()[0];
        let worst = worst_interval(&staffing.result, &searched, key);
        let (Some(index), true) = (worst, added < cap) else {
            return Err(infeasible(&staffing.result, targets, &missed, added));
        };
        let interval = &mut staffing.intervals[index];
        interval.agents += 1;
        interval.day_added += 1;
        set(&mut interval.day_binding, key);
        added += 1;
        let mut scenario = staffing.result.scenario.clone();
        scenario.pools[staffing.pool].agents = staffing.agents();
        scenario.pools[staffing.pool].fractional = None;
        let options = RunOptions {
            threads,
            ..RunOptions::default()
        };
        staffing.result = run_replications(&scenario, &options);
        staffing.simulations += 1;
    }
}

/// Marks the target of metric `key` in `misses`.
fn set(misses: &mut Misses, key: &str) {
    match key {
        "service_level" => misses.service_level = true,
        "abandon_rate" => misses.abandon = true,
        "occupancy" => misses.occupancy = true,
        _ => misses.asa = true,
    }
}

/// The searched interval where metric `key` is worst: the lowest service level, the highest
/// abandon rate, occupancy or ASA (the earliest on a tie); `None` if no interval defines it.
fn worst_interval(result: &ExperimentResult, searched: &[usize], key: &str) -> Option<usize> {
    let badness = |index: usize| {
        let mean = result.summary.intervals[index].metrics.get(key)?.mean;
        Some(if key == "service_level" { -mean } else { mean })
    };
    let mut worst: Option<(usize, f64)> = None;
    for &index in searched {
        if let Some(bad) = badness(index)
            && worst.is_none_or(|(_, most)| bad > most)
        {
            worst = Some((index, bad));
        }
    }
    worst.map(|(index, _)| index)
}

/// The error for daily targets still missed after `added` agents.
fn infeasible(
    result: &ExperimentResult,
    targets: &TargetBounds,
    missed: &Misses,
    added: u32,
) -> DayTargetsError {
    let keys = missed.keys();
    let words = |key: &str, bound: f64, floor: bool| {
        format!(
            "{} {} {}",
            label(key),
            if floor { ">=" } else { "<=" },
            value(key, bound)
        )
    };
    let missed_words = (targets.bounds())
        .filter(|(key, ..)| keys.contains(key))
        .map(|(key, bound, floor)| words(key, bound, floor))
        .collect();
    let detail: Vec<String> = (targets.bounds())
        .filter(|(key, ..)| keys.contains(key))
        .map(|(key, ..)| {
            let shown = show_estimate(key, result.summary.overall.get(key));
            format!("{} {shown}", label(key))
        })
        .collect();
    DayTargetsError {
        missed: missed_words,
        added,
        detail: detail.join(", "),
    }
}
