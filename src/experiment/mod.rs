//! Replications: independent simulated days of one scenario, run in parallel and summarised.
//!
//! Replication `r` always uses the random streams derived from (scenario seed, `r`), and results are
//! collected by replication index, so the output is the same whatever the number of threads.

mod daily;
mod grouping;
mod study;

pub use daily::{DailySpread, percentile};
pub use grouping::{Grouping, GroupingError};
pub use study::{DaySummary, result_of_study, run_study, run_study_listed};

use crate::model::{CallRecord, Scenario};
use crate::policy::Policies;
use crate::sim::campaign_tally::{CAMPAIGN_METRICS, CampaignBasis, campaign_values};
use crate::sim::metrics::{self, END_OF_DAY_METRICS, METRICS, Metric, POOL_METRICS, Unit};
use crate::sim::{self, CallTally, ClockTally, DayTally, RunOutput};
use crate::stats::{Estimate, HistogramCounts, WaitHistogram};
use rayon::prelude::*;

mod batch;
pub mod closed_form;
pub mod day_targets;
pub mod precision;
pub mod stability;
pub mod staffing;
pub mod sweep;

pub use batch::{BatchOptions, run_batch};

/// The confidence level of every interval ccsim reports.
pub const CONFIDENCE_LEVEL: f64 = 0.95;

/// How to run a scenario's replications (the scenario itself says how many, and the seed).
#[derive(Clone, Copy, Default)]
pub struct RunOptions<'a> {
    /// Worker threads; `None` uses every core. Never changes the results.
    pub threads: Option<usize>,
    /// Keep one record per call (memory grows with the number of calls).
    pub keep_call_log: bool,
    /// Called once after each replication, from worker threads (for progress bars).
    pub on_replication_done: Option<&'a (dyn Fn() + Sync)>,
    /// Routing policies to use instead of the built-ins the scenario names.
    pub policies: Option<&'a Policies>,
    /// Report intervals of this many seconds, each grouping whole intervals of the scenario
    /// ([`Grouping::new`]); `None` reports the scenario's own intervals. Check it against every
    /// scenario with [`Grouping::new`] first: running a scenario it does not fit panics.
    pub group_by: Option<f64>,
    /// The first replication index to run: replications `first_replication..` up to the
    /// scenario's count run, and the result holds those only. 0 runs them all; a later start
    /// adds replications to a finished run ([`precision::extend`]) without repeating any.
    pub first_replication: u32,
}

/// One replication's metric values, in the order of [`METRICS`] and [`END_OF_DAY_METRICS`].
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicationValues {
    /// Values over all counted calls and the opening hours.
    pub overall: Vec<Option<f64>>,
    /// Values per interval.
    pub intervals: Vec<Vec<Option<f64>>>,
    /// Values per class.
    pub classes: Vec<Vec<Option<f64>>>,
    /// Values per class and interval (`[class][interval]`): the call metrics but the wait
    /// percentiles; queues and agents are not measured per class and interval.
    pub class_intervals: Vec<Vec<Vec<Option<f64>>>>,
    /// Values per pool: [`POOL_METRICS`], then calls handled of each class.
    pub pools: Vec<Vec<Option<f64>>>,
    /// End-of-day values.
    pub end_of_day: Vec<Option<f64>>,
    /// Values per outbound campaign ([`CAMPAIGN_METRICS`]); empty without campaigns.
    pub campaigns: Vec<Vec<Option<f64>>>,
}

/// Estimates of a list of metrics across replications.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricTable {
    /// The metrics, in report order.
    pub metrics: &'static [Metric],
    /// One estimate per metric; `None` where no replication defined the metric.
    pub estimates: Vec<Option<Estimate>>,
}

impl MetricTable {
    fn summarise<'v>(
        metrics: &'static [Metric],
        replications: impl Iterator<Item = &'v [Option<f64>]> + Clone,
    ) -> Self {
        let estimates = metrics
            .iter()
            .enumerate()
            .map(|(index, metric)| estimate(index, metric.unit, replications.clone()))
            .collect();
        MetricTable { metrics, estimates }
    }

    /// Estimates of the first `count` values of every replication, all in `unit`.
    fn estimates<'v>(
        count: usize,
        unit: Unit,
        replications: impl Iterator<Item = &'v [Option<f64>]> + Clone,
    ) -> Vec<Option<Estimate>> {
        (0..count)
            .map(|index| estimate(index, unit, replications.clone()))
            .collect()
    }

    /// The estimate of the metric with this key, if the metric exists and was defined.
    pub fn get(&self, key: &str) -> Option<&Estimate> {
        let index = self.metrics.iter().position(|m| m.key == key)?;
        self.estimates[index].as_ref()
    }

    /// Metrics with their estimates, in report order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static Metric, Option<&Estimate>)> {
        self.metrics
            .iter()
            .zip(self.estimates.iter().map(Option::as_ref))
    }
}

/// The estimate of value `index` across replications (those that define it).
fn estimate<'v>(
    index: usize,
    unit: Unit,
    replications: impl Iterator<Item = &'v [Option<f64>]>,
) -> Option<Estimate> {
    let samples: Vec<f64> = replications.filter_map(|values| values[index]).collect();
    Estimate::from_samples(&samples, CONFIDENCE_LEVEL).map(|e| within_range(e, unit))
}

/// Intersects a confidence interval with the metric's possible values ([0, 1] for shares, zero or
/// more for everything else but signed seconds). The true value lies in that range, so coverage is
/// unchanged, and an analyst is never shown a service level above 100 %.
fn within_range(mut estimate: Estimate, unit: Unit) -> Estimate {
    if unit == Unit::SignedSeconds {
        return estimate;
    }
    let high = if unit == Unit::Share {
        1.0
    } else {
        f64::INFINITY
    };
    estimate.ci_low = estimate.ci_low.map(|v| v.clamp(0.0, high));
    estimate.ci_high = estimate.ci_high.map(|v| v.clamp(0.0, high));
    estimate
}

/// One reporting interval's summary.
#[derive(Clone, Debug, PartialEq)]
pub struct IntervalSummary {
    /// Start, seconds since midnight.
    pub start: f64,
    /// End, seconds since midnight.
    pub end: f64,
    /// Staffed agents scheduled for the interval (of all pools). For an interval grouping several
    /// of the scenario's, the time average of each pool's, rounded to whole agents.
    pub scheduled_agents: u32,
    /// The same, pool by pool (in scenario order).
    pub scheduled_by_pool: Vec<u32>,
    /// Whether the interval ends before the warm-up does (it then has no statistics).
    pub in_warmup: bool,
    /// The interval's metrics.
    pub metrics: MetricTable,
}

/// One class's or pool's summary.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupSummary {
    /// The class's or pool's name.
    pub name: String,
    /// Its metrics.
    pub metrics: MetricTable,
    /// For a pool, the calls it handled of each class (in scenario class order); empty for a class.
    pub handled_by_class: Vec<Option<Estimate>>,
    /// For a class, its call metrics per interval (calls count in the interval they arrived in;
    /// queue, agent and wait-percentile metrics are undefined); empty for a pool.
    pub intervals: Vec<MetricTable>,
    /// For a class, the waits of its calls pooled over every replication; `None` for a pool.
    pub waits: Option<WaitHistogram>,
}

/// Every metric across replications: overall, per interval and at the end of the day.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// All counted calls over the opening hours after warm-up.
    pub overall: MetricTable,
    /// Per interval; calls count in the interval they arrived in.
    pub intervals: Vec<IntervalSummary>,
    /// Per call class.
    pub classes: Vec<GroupSummary>,
    /// Per agent pool.
    pub pools: Vec<GroupSummary>,
    /// Per outbound campaign ([`CAMPAIGN_METRICS`]); empty without campaigns.
    pub campaigns: Vec<GroupSummary>,
    /// Closing-time state and work-off.
    pub end_of_day: MetricTable,
    /// The spread of the headline service level across simulated days, when the scenario has
    /// forecast uncertainty (`volume_cv`), which is what makes days differ by more than chance.
    pub daily_service_level: Option<DailySpread>,
    /// The waits of every counted call that entered the system (the calls behind `mean_wait_s`),
    /// pooled over every replication: the day's waiting-time distribution.
    pub waits: WaitHistogram,
}

/// Wait histograms pooled over every replication: overall and per class.
///
/// Pooling adds counts, so the result does not depend on the order replications finished in.
#[derive(Clone, Debug, PartialEq)]
pub struct PooledWaits {
    /// Every counted call that entered the system.
    pub overall: WaitHistogram,
    /// Per class, in scenario order.
    pub classes: Vec<WaitHistogram>,
}

impl PooledWaits {
    /// No waits yet, with one histogram per class of `scenario`.
    pub fn empty(scenario: &Scenario) -> Self {
        PooledWaits {
            overall: WaitHistogram::default(),
            classes: vec![WaitHistogram::default(); scenario.classes.len()],
        }
    }

    /// Adds the waits of one replication.
    fn add_replication(&mut self, waits: &ReplicationWaits) {
        self.overall.add_counts(&waits.overall);
        for (pooled, class) in self.classes.iter_mut().zip(&waits.classes) {
            pooled.add_counts(class);
        }
    }

    /// Adds the waits of `other`, which has the same classes.
    pub fn add(&mut self, other: &PooledWaits) {
        self.overall.merge(&other.overall);
        for (pooled, class) in self.classes.iter_mut().zip(&other.classes) {
            pooled.merge(class);
        }
    }
}

/// The waits of one replication, as the counters of the bins that counted something: a day
/// has a few hundred distinct whole-second waits, so this holds kilobytes where two full
/// histograms hold 115 KB, and the replications waiting to be pooled stay small.
struct ReplicationWaits {
    overall: HistogramCounts,
    classes: Vec<HistogramCounts>,
}

impl ReplicationWaits {
    fn of(tally: &DayTally) -> Self {
        ReplicationWaits {
            overall: tally.calls.waits.counts(),
            classes: tally.class_calls.iter().map(|c| c.waits.counts()).collect(),
        }
    }
}

/// What the summary and the call log need of one replication, taken from its output as soon as it
/// ends: the tallies (mostly wait histograms, kilobytes per interval) are then freed replication
/// by replication instead of being held for the whole experiment.
struct Finished {
    values: ReplicationValues,
    waits: ReplicationWaits,
    call_log: Option<Vec<CallRecord>>,
}

/// The result of running a scenario's replications.
#[derive(Clone, Debug)]
pub struct ExperimentResult {
    /// The scenario as run.
    pub scenario: Scenario,
    /// Per-replication metric values, by replication index.
    pub replications: Vec<ReplicationValues>,
    /// Estimates across replications.
    pub summary: Summary,
    /// How the scenario's intervals were grouped into the summary's intervals.
    pub grouping: Grouping,
    /// Per-replication call logs, by replication index, if requested.
    pub call_logs: Option<Vec<Vec<CallRecord>>>,
    /// For a multi-day study, each day's own summary, in calendar order (the rest of the
    /// result is the days pooled); empty for a single scenario.
    pub days: Vec<DaySummary>,
}

/// Runs every replication of `scenario` and summarises them.
pub fn run_replications(scenario: &Scenario, options: &RunOptions) -> ExperimentResult {
    run_many(&[scenario], options)
        .pop()
        .expect("one result per scenario")
}

/// Runs every replication of several scenarios — a baseline and its variants, say — in one pool
/// of worker threads, and summarises each; results in the order of `scenarios`.
///
/// All (scenario, replication) pairs share the pool, so threads stay busy even when each
/// scenario has fewer replications than there are cores. Each replication still depends only
/// on (scenario, seed, replication index), so the results are those of [`run_replications`] on
/// each scenario, whatever the number of threads. `options.policies`, when given, applies to
/// every scenario.
pub fn run_many(scenarios: &[&Scenario], options: &RunOptions) -> Vec<ExperimentResult> {
    run_jobs(scenarios, options, &|_| {})
}

/// [`run_many`], calling `replication_of(index)` after each replication of scenario `index` (from
/// worker threads, in no particular order).
fn run_jobs(
    scenarios: &[&Scenario],
    options: &RunOptions,
    replication_of: &(dyn Fn(usize) + Sync),
) -> Vec<ExperimentResult> {
    let jobs: Vec<(usize, u32)> = scenarios
        .iter()
        .enumerate()
        .flat_map(|(index, scenario)| {
            (options.first_replication..scenario.replications).map(move |r| (index, r))
        })
        .collect();
    let mut finished = run_listed_jobs(scenarios, options, &jobs, replication_of).into_iter();
    scenarios
        .iter()
        .map(|scenario| {
            let count = scenario
                .replications
                .saturating_sub(options.first_replication);
            let own = finished.by_ref().take(count as usize);
            let mut waits = PooledWaits::empty(scenario);
            let mut replications = Vec::with_capacity(scenario.replications as usize);
            let mut call_logs = Vec::with_capacity(scenario.replications as usize);
            for replication in own {
                waits.add_replication(&replication.waits);
                replications.push(replication.values);
                call_logs.push(replication.call_log.unwrap_or_default());
            }
            let call_logs = options.keep_call_log.then_some(call_logs);
            experiment_result(scenario, options.group_by, replications, waits, call_logs)
        })
        .collect()
}

/// Runs the (scenario index, replication) pairs `jobs` in one pool of worker threads and returns
/// what each left, in the order of `jobs`.
fn run_listed_jobs(
    scenarios: &[&Scenario],
    options: &RunOptions,
    jobs: &[(usize, u32)],
    replication_of: &(dyn Fn(usize) + Sync),
) -> Vec<Finished> {
    let built_in: Vec<Policies> = match options.policies {
        Some(_) => Vec::new(),
        None => scenarios
            .iter()
            .map(|scenario| Policies::for_scenario(scenario))
            .collect(),
    };
    let policies_of = |index: usize| options.policies.unwrap_or_else(|| &built_in[index]);
    let groupings: Vec<Grouping> = scenarios
        .iter()
        .map(|scenario| grouping_of(scenario, options.group_by))
        .collect();
    in_parallel(options.threads, jobs.len(), |job| {
        let (index, replication) = jobs[job];
        let scenario = scenarios[index];
        let mut output = sim::run_with_policies(
            scenario,
            policies_of(index),
            u64::from(replication),
            options.keep_call_log,
        );
        groupings[index].apply(&mut output.tally);
        let finished = Finished {
            values: replication_values(scenario, &output),
            waits: ReplicationWaits::of(&output.tally),
            call_log: output.call_log,
        };
        if let Some(done) = options.on_replication_done {
            done();
        }
        replication_of(index);
        finished
    })
}

/// Some replications of a scenario (or a study), as one machine of several runs them: the values
/// of each, in the order asked for, and their waits pooled.
#[derive(Clone, Debug)]
pub struct ListedReplications {
    /// Each listed replication's values.
    pub values: Vec<ReplicationValues>,
    /// For a study, each listed replication's overall values of every day (in calendar order);
    /// empty for a single scenario.
    pub days: Vec<Vec<Vec<Option<f64>>>>,
    /// The waits of the listed replications, pooled.
    pub waits: PooledWaits,
}

/// Runs only the listed replications of `scenario` (a shard of a run split across machines).
/// Each draws from the streams it draws from in [`run_replications`], so the values are those of
/// the same replications there. `options.keep_call_log` is ignored.
pub fn run_listed(
    scenario: &Scenario,
    options: &RunOptions,
    replications: &[u32],
) -> ListedReplications {
    let jobs: Vec<(usize, u32)> = replications.iter().map(|&r| (0, r)).collect();
    run_listed_many(&[scenario], options, &jobs)
        .pop()
        .expect("one scenario")
}

/// Runs only the listed (scenario index, replication) pairs of several scenarios in one pool of
/// worker threads, as [`run_many`] runs them all; one [`ListedReplications`] per scenario, each
/// with its replications in the order of `jobs`. `options.keep_call_log` is ignored.
pub fn run_listed_many(
    scenarios: &[&Scenario],
    options: &RunOptions,
    jobs: &[(usize, u32)],
) -> Vec<ListedReplications> {
    let options = RunOptions {
        keep_call_log: false,
        ..*options
    };
    let finished = run_listed_jobs(scenarios, &options, jobs, &|_| {});
    let mut listed: Vec<ListedReplications> = scenarios
        .iter()
        .map(|scenario| ListedReplications {
            values: Vec::new(),
            days: Vec::new(),
            waits: PooledWaits::empty(scenario),
        })
        .collect();
    for (&(index, _), replication) in jobs.iter().zip(finished) {
        listed[index].waits.add_replication(&replication.waits);
        listed[index].values.push(replication.values);
    }
    listed
}

/// The result of every replication of `scenario`, from their values (in replication order) and
/// their pooled waits: the one summary both a single machine and a merge of shards report.
/// `group_by` is the run's `--group-by` (as in [`RunOptions::group_by`]).
///
/// # Panics
///
/// When `group_by` does not fit the scenario (check with [`Grouping::new`] first).
pub fn result_of_replications(
    scenario: &Scenario,
    group_by: Option<f64>,
    replications: Vec<ReplicationValues>,
    waits: PooledWaits,
) -> ExperimentResult {
    experiment_result(scenario, group_by, replications, waits, None)
}

/// The report intervals `group_by` (`--group-by`) asks for on `scenario`'s hours.
///
/// # Panics
///
/// When `options.group_by` does not fit the scenario (check with [`Grouping::new`] first).
fn grouping_of(scenario: &Scenario, group_by: Option<f64>) -> Grouping {
    match group_by {
        Some(length) => Grouping::new(&scenario.hours, length)
            .unwrap_or_else(|error| panic!("{}: {error}", scenario.name)),
        None => Grouping::none(&scenario.hours),
    }
}

/// The summary of one scenario's replications (values in replication order, waits pooled).
fn experiment_result(
    scenario: &Scenario,
    group_by: Option<f64>,
    replications: Vec<ReplicationValues>,
    waits: PooledWaits,
    call_logs: Option<Vec<Vec<CallRecord>>>,
) -> ExperimentResult {
    let grouping = grouping_of(scenario, group_by);
    let summary = summarise(scenario, &grouping, &replications, waits);
    ExperimentResult {
        scenario: (*scenario).clone(),
        replications,
        summary,
        grouping,
        call_logs,
        days: Vec::new(),
    }
}

/// Runs `job(0)`, …, `job(count − 1)` on `threads` workers (every core when `None`, the calling
/// thread when 1) and returns the results in job order, so that they never depend on the number
/// of threads.
fn in_parallel<T: Send>(
    threads: Option<usize>,
    count: usize,
    job: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    match threads {
        Some(1) => (0..count).map(job).collect(),
        threads => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads.unwrap_or(0))
                .build()
                .expect("a thread pool can be built");
            pool.install(|| (0..count).into_par_iter().map(&job).collect())
        }
    }
}

fn replication_values(scenario: &Scenario, output: &RunOutput) -> ReplicationValues {
    let tally = &output.tally;
    let service = &scenario.service_level;
    ReplicationValues {
        overall: metrics::values(&tally.calls, &tally.clock, service),
        intervals: tally
            .interval_calls
            .iter()
            .zip(&tally.interval_clock)
            .map(|(calls, clock)| metrics::values(calls, clock, service))
            .collect(),
        classes: tally
            .class_calls
            .iter()
            .zip(&tally.class_clock)
            .map(|(calls, queue)| metrics::class_values(calls, queue, service))
            .collect(),
        class_intervals: class_interval_values(scenario, output),
        pools: tally.pools.iter().map(metrics::pool_values).collect(),
        end_of_day: metrics::end_of_day_values(&tally.end_of_day),
        campaigns: (scenario.campaigns.iter().zip(&tally.campaigns))
            .map(|(campaign, campaign_tally)| {
                let basis = CampaignBasis::of(campaign, scenario, &tally.pools);
                campaign_values(campaign_tally, &basis)
            })
            .collect(),
    }
}

/// Metrics not kept per class and interval: the simulation keeps no wait histogram there (one per
/// class and interval would multiply a replication's memory and time), so no wait percentiles.
const NOT_PER_CLASS_AND_INTERVAL: [&str; 3] = ["wait_p50_s", "wait_p90_s", "wait_p95_s"];

/// The call metrics of each class in each interval. A single-class scenario's one class is the
/// whole of each interval, so it reuses the interval tallies (the simulation keeps no copy).
fn class_interval_values(scenario: &Scenario, output: &RunOutput) -> Vec<Vec<Vec<Option<f64>>>> {
    let tally = &output.tally;
    let no_clock = ClockTally::default();
    let values = |calls: &CallTally| {
        let mut values = metrics::class_values(calls, &no_clock, &scenario.service_level);
        for (value, metric) in values.iter_mut().zip(METRICS) {
            if NOT_PER_CLASS_AND_INTERVAL.contains(&metric.key) {
                *value = None;
            }
        }
        values
    };
    let per_class = if scenario.classes.len() == 1 {
        std::slice::from_ref(&tally.interval_calls)
    } else {
        tally.class_interval_calls.as_slice()
    };
    per_class
        .iter()
        .map(|intervals| intervals.iter().map(values).collect())
        .collect()
}

/// Summarises per-replication values, and the wait histograms pooled from the same replications,
/// into estimates with confidence intervals. The replications' interval values are those of
/// `grouping`'s intervals.
pub fn summarise(
    scenario: &Scenario,
    grouping: &Grouping,
    replications: &[ReplicationValues],
    waits: PooledWaits,
) -> Summary {
    let hours = &scenario.hours;
    let warm_end = hours.open + scenario.warmup;
    let intervals = grouping
        .groups()
        .iter()
        .enumerate()
        .map(|(index, group)| {
            let start = hours.interval_bounds(group.start).0;
            let end = hours.interval_bounds(group.end - 1).1;
            let scheduled_by_pool = scheduled_agents(scenario, group.clone());
            IntervalSummary {
                start,
                end,
                scheduled_agents: scheduled_by_pool.iter().sum(),
                scheduled_by_pool,
                in_warmup: end <= warm_end,
                metrics: MetricTable::summarise(
                    METRICS,
                    replications.iter().map(|r| r.intervals[index].as_slice()),
                ),
            }
        })
        .collect();
    let classes = scenario
        .classes
        .iter()
        .zip(waits.classes)
        .enumerate()
        .map(|(index, (class, class_waits))| GroupSummary {
            name: class.name.clone(),
            metrics: MetricTable::summarise(
                METRICS,
                replications.iter().map(|r| r.classes[index].as_slice()),
            ),
            handled_by_class: Vec::new(),
            intervals: (0..grouping.groups().len())
                .map(|interval| {
                    MetricTable::summarise(
                        METRICS,
                        replications
                            .iter()
                            .map(move |r| r.class_intervals[index][interval].as_slice()),
                    )
                })
                .collect(),
            waits: Some(class_waits),
        })
        .collect();
    let pools = scenario
        .pools
        .iter()
        .enumerate()
        .map(|(index, pool)| {
            let values = || replications.iter().map(move |r| r.pools[index].as_slice());
            let by_class = values().map(|v| &v[POOL_METRICS.len()..]);
            GroupSummary {
                name: pool.name.clone(),
                metrics: MetricTable::summarise(POOL_METRICS, values()),
                handled_by_class: MetricTable::estimates(
                    scenario.classes.len(),
                    Unit::Calls,
                    by_class,
                ),
                intervals: Vec::new(),
                waits: None,
            }
        })
        .collect();
    let campaigns = (scenario.campaigns.iter().enumerate())
        .map(|(index, campaign)| GroupSummary {
            name: campaign.name.clone(),
            metrics: MetricTable::summarise(
                CAMPAIGN_METRICS,
                replications.iter().map(|r| r.campaigns[index].as_slice()),
            ),
            handled_by_class: Vec::new(),
            intervals: Vec::new(),
            waits: None,
        })
        .collect();
    Summary {
        overall: MetricTable::summarise(METRICS, replications.iter().map(|r| r.overall.as_slice())),
        intervals,
        classes,
        pools,
        campaigns,
        end_of_day: MetricTable::summarise(
            END_OF_DAY_METRICS,
            replications.iter().map(|r| r.end_of_day.as_slice()),
        ),
        daily_service_level: daily_spread(scenario, replications),
        waits: waits.overall,
    }
}

/// Each pool's agents scheduled over the scenario intervals `group`: the time average, rounded
/// to whole agents (one interval's own staffing when the group is one interval).
fn scheduled_agents(scenario: &Scenario, group: std::ops::Range<usize>) -> Vec<u32> {
    let hours = &scenario.hours;
    let lengths: Vec<f64> = group
        .clone()
        .map(|index| {
            let (start, end) = hours.interval_bounds(index);
            end - start
        })
        .collect();
    let total: f64 = lengths.iter().sum();
    scenario
        .pools
        .iter()
        .map(|pool| {
            let agent_seconds: f64 = group
                .clone()
                .zip(&lengths)
                .map(|(index, length)| f64::from(pool.agents[index]) * length)
                .sum();
            (agent_seconds / total).round() as u32
        })
        .collect()
}

/// The spread of the per-replication headline service level, under forecast uncertainty only.
fn daily_spread(scenario: &Scenario, replications: &[ReplicationValues]) -> Option<DailySpread> {
    if scenario.uncertainty.volume_cv <= 0.0 {
        return None;
    }
    let index = METRICS.iter().position(|m| m.key == "service_level")?;
    let levels = replications.iter().filter_map(|r| r.overall[index]);
    DailySpread::new(levels, scenario.service_level.target)
}
