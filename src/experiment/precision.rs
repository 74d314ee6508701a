//! Replications in batches until the metrics that decide are precise enough (`--precision`).
//!
//! A fixed number of replications is too many where an answer is clear and too few where it is
//! close. Here the scenario's replications are a first batch; after each batch the caller says
//! how far the deciding confidence intervals are from the half-width asked for, and another
//! batch of the next replication indices runs, until they are narrow enough or a cap is reached.
//!
//! **Determinism.** Replication `r` depends only on (scenario, seed, `r`), batches are ranges of
//! replication indices (`n..m`), and the size of the next batch depends only on the results of
//! the replications so far. So the same seed gives the same batches, the same stopping point
//! and the same output whatever the number of threads, and a run stopped at `m` replications is
//! identical to a fixed run of `m` replications.
//!
//! **The stopping rule.** With `n` replications done and the widest deciding interval `ratio`
//! times as wide as asked for, the half-width shrinks as 1/√n, so about `n · ratio²`
//! replications are needed. The next total is that projection, at least `n + ⌈n/10⌉` (the
//! projection is itself an estimate, and creeping up one replication at a time would
//! re-summarise the day once per replication) and at most `4n` (a first batch with a lucky
//! small spread would otherwise be trusted for a leap), and never beyond the cap.
//!
//! **Known bias.** Stopping when the sample standard deviation first makes the interval narrow
//! enough favours stops at a spread that happens to be small, so the reported half-width is a
//! little optimistic and the coverage of the final interval a little under 95 % (Chow and
//! Robbins, 1965: the coverage tends to the nominal level as the half-width asked for shrinks).
//! A first batch of at least [`MIN_FIRST_BATCH`] replications keeps the first spread estimate
//! from being a matter of luck.

use super::{ExperimentResult, MetricTable, PooledWaits, summarise};
use crate::sim::metrics::METRICS;
use crate::stats::{Estimate, WaitHistogram};
use std::ops::Range;

/// The fewest replications of a first batch: fewer would make the first estimate of the spread,
/// and so the size of the next batch, a matter of luck.
pub const MIN_FIRST_BATCH: u32 = 10;

/// The cap on replications when none is given: an analyst's run stays within minutes, and a
/// precision that needs more is better asked for in a coarser unit.
pub const DEFAULT_CAP: u32 = 1000;

/// Where batches start and stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Batches {
    /// Replications in the first batch.
    pub first: u32,
    /// Most replications in all.
    pub cap: u32,
}

impl Batches {
    /// The first batch is the scenario's replications, at least [`MIN_FIRST_BATCH`]; never more
    /// than `cap`.
    pub fn new(replications: u32, cap: u32) -> Self {
        Batches {
            first: replications.max(MIN_FIRST_BATCH).min(cap),
            cap,
        }
    }

    /// The total after `done` replications whose widest deciding interval is `ratio` (more
    /// than 1) times the half-width asked for (see the module documentation).
    pub fn next_total(&self, done: u32, ratio: f64) -> u32 {
        let projected = (f64::from(done) * ratio * ratio).ceil();
        let least = f64::from(done + done.div_ceil(10).max(1));
        let most = f64::from(done.saturating_mul(4));
        (projected.clamp(least, most) as u32).min(self.cap)
    }
}

/// How far one estimate is from a half-width: its interval's half-width over the one asked for
/// (1 or less: precise enough). An estimate without an interval (one replication) is infinitely
/// far.
pub fn width_ratio(estimate: &Estimate, half_width: f64) -> f64 {
    let Some(h) = estimate.half_width() else {
        return f64::INFINITY;
    };
    if half_width > 0.0 {
        h / half_width
    } else if h == 0.0 {
        0.0
    } else {
        f64::INFINITY
    }
}

/// The result of running in batches.
#[derive(Clone, Debug)]
pub struct Batched {
    /// Every replication run, summarised.
    pub result: ExperimentResult,
    /// The total replications after each batch, in order.
    pub totals: Vec<u32>,
    /// The widest deciding interval over the half-width asked for, when the cap stopped the
    /// batches first; `None` when the precision was reached.
    pub short_by: Option<f64>,
}

/// Runs replications in batches: `run(n..m)` runs replications `n` to `m − 1`, and
/// `shortfall(result so far)` is the widest deciding interval over the half-width asked for, or
/// `None` once every deciding interval is narrow enough (or decided otherwise).
pub fn run_in_batches(
    batches: &Batches,
    mut run: impl FnMut(Range<u32>) -> ExperimentResult,
    shortfall: impl Fn(&ExperimentResult) -> Option<f64>,
) -> Batched {
    let mut result = run(0..batches.first);
    let mut totals = vec![batches.first];
    loop {
        let done = result.replications.len() as u32;
        let Some(ratio) = shortfall(&result) else {
            return Batched {
                result,
                totals,
                short_by: None,
            };
        };
        if done >= batches.cap {
            return Batched {
                result,
                totals,
                short_by: Some(ratio),
            };
        }
        let next = batches.next_total(done, ratio);
        extend(&mut result, run(done..next));
        totals.push(next);
    }
}

/// Adds the replications of `more` (the next indices of the same scenario, run with
/// [`RunOptions::first_replication`](super::RunOptions::first_replication) at the end of
/// `result`'s) to `result`, and summarises them all: the result is that of one run of every
/// replication.
pub fn extend(result: &mut ExperimentResult, more: ExperimentResult) {
    let waits_of = |result: &ExperimentResult| PooledWaits {
        overall: result.summary.waits.clone(),
        classes: (result.summary.classes.iter())
            .map(|class| class.waits.clone().unwrap_or_else(WaitHistogram::default))
            .collect(),
    };
    let mut waits = waits_of(result);
    waits.add(&waits_of(&more));
    result.replications.extend(more.replications);
    let total = result.replications.len() as u32;
    result.scenario.replications = total;
    result.summary = summarise(
        &result.scenario,
        &result.grouping,
        &result.replications,
        waits,
    );
    if let (Some(logs), Some(more_logs)) = (&mut result.call_logs, more.call_logs) {
        logs.extend(more_logs);
    }
    for (day, more_day) in result.days.iter_mut().zip(more.days) {
        day.replications.extend(more_day.replications);
        day.scenario.replications = total;
        day.metrics = MetricTable::summarise(METRICS, day.replications.iter().map(Vec::as_slice));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{RunOptions, run_replications};
    use crate::model::Scenario;

    fn scenario(replications: u32) -> Scenario {
        let text = format!(
            "name = 'p'\nseed = 11\nreplications = {replications}\n[hours]\nopen = '08:00'\n\
             close = '10:00'\n[arrivals]\ncalls_per_hour = 120\n[handle_time]\n\
             distribution = 'exponential'\nmean = '3m'\n[patience]\ndistribution = 'exponential'\n\
             mean = '2m'\n[staffing]\nagents = 7"
        );
        crate::scenario::from_str(&text, "p.toml").unwrap()
    }

    fn run_range(base: &Scenario, range: Range<u32>, threads: usize) -> ExperimentResult {
        let mut scenario = base.clone();
        scenario.replications = range.end;
        let options = RunOptions {
            threads: Some(threads),
            first_replication: range.start,
            ..RunOptions::default()
        };
        run_replications(&scenario, &options)
    }

    #[test]
    fn a_run_extended_batch_by_batch_is_one_run_of_every_replication() {
        let base = scenario(1);
        let mut result = run_range(&base, 0..7, 1);
        extend(&mut result, run_range(&base, 7..12, 2));
        extend(&mut result, run_range(&base, 12..20, 1));
        let whole = run_replications(&scenario(20), &RunOptions::default());
        assert_eq!(result.scenario, whole.scenario);
        assert_eq!(result.replications, whole.replications);
        assert_eq!(result.summary, whole.summary);
    }

    #[test]
    fn the_next_batch_follows_the_projection_within_its_bounds() {
        let batches = Batches::new(30, 1000);
        // Twice too wide: four times the replications.
        assert_eq!(batches.next_total(30, 2.0), 120);
        // Just too wide: at least a tenth more.
        assert_eq!(batches.next_total(30, 1.01), 33);
        // Far too wide: at most four times, and never beyond the cap.
        assert_eq!(batches.next_total(30, 10.0), 120);
        assert_eq!(batches.next_total(400, 10.0), 1000);
        assert_eq!(Batches::new(3, 1000).first, MIN_FIRST_BATCH);
        assert_eq!(Batches::new(50, 40).first, 40);
    }

    fn service_level_ratio(result: &ExperimentResult, half_width: f64) -> Option<f64> {
        let estimate = result.summary.overall.get("service_level").unwrap();
        Some(width_ratio(estimate, half_width)).filter(|r| *r > 1.0)
    }

    /// The rule stops at the first total whose interval is narrow enough, with fewer
    /// replications than the cap, and its batches and result do not depend on the threads.
    #[test]
    fn batches_run_until_the_half_width_is_reached_whatever_the_threads() {
        let base = scenario(10);
        let wanted = 0.01;
        let batched = |threads| {
            run_in_batches(
                &Batches::new(base.replications, 1000),
                |range| run_range(&base, range, threads),
                |result| service_level_ratio(result, wanted),
            )
        };
        let one = batched(1);
        assert_eq!(one.short_by, None);
        let last = *one.totals.last().unwrap();
        assert!(one.totals.len() > 1 && last < 1000, "{:?}", one.totals);
        let estimate = one.result.summary.overall.get("service_level").unwrap();
        assert!(estimate.half_width().unwrap() <= wanted);
        assert_eq!(estimate.n, last);
        // Every earlier stop was still too wide.
        for &total in &one.totals[..one.totals.len() - 1] {
            let earlier = run_range(&base, 0..total, 2);
            assert!(service_level_ratio(&earlier, wanted).is_some(), "{total}");
        }
        let two = batched(2);
        assert_eq!(one.totals, two.totals);
        assert_eq!(one.result.summary, two.result.summary);
    }

    #[test]
    fn the_cap_stops_the_batches_and_says_how_far_they_are() {
        let base = scenario(10);
        let batched = run_in_batches(
            &Batches::new(base.replications, 25),
            |range| run_range(&base, range, 2),
            |result| service_level_ratio(result, 0.0001),
        );
        assert_eq!(*batched.totals.last().unwrap(), 25);
        assert!(batched.short_by.is_some_and(|r| r > 1.0));
        assert_eq!(batched.result.replications.len(), 25);
    }
}
