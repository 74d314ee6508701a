//! Multi-day studies: every replication simulates each day of the calendar once and sums the
//! days' tallies into the study's.
//!
//! Replication `r` of day `d` draws from the streams keyed by (seed, `d`, `r`), so each day has
//! callers of its own, day 0 draws exactly what a plain run of it draws, and replication `r`
//! depends only on (study, seed, `r`): replications run in parallel and are collected by index,
//! so the output does not depend on the number of threads.
//!
//! The study's metrics are computed from the summed tallies, so counts are totals over the days,
//! rates are ratios of totals (the abandon rate is the week's abandoned calls over the week's
//! offered calls, not the mean of five daily rates), and time averages are averaged over the days'
//! clock time. Each day's own metrics are kept beside them, with their intervals across
//! replications.

use super::{
    ExperimentResult, Finished, ListedReplications, MetricTable, PooledWaits, ReplicationValues,
    ReplicationWaits, RunOptions, experiment_result, grouping_of, in_parallel, replication_values,
};
use crate::model::{Scenario, Study};
use crate::policy::Policies;
use crate::sim::metrics::METRICS;
use crate::sim::{self, DayTally, RunOutput};

/// One day of a study as it came out: its overall metrics across replications.
#[derive(Clone, Debug, PartialEq)]
pub struct DaySummary {
    /// The day's name.
    pub name: String,
    /// The day's scenario, as run.
    pub scenario: Scenario,
    /// The day's overall metrics ([`METRICS`]) with their intervals across replications.
    pub metrics: MetricTable,
    /// The day's overall metric values, by replication index (in [`METRICS`] order).
    pub replications: Vec<Vec<Option<f64>>>,
}

/// One replication's overall metric values of each day, in calendar order.
type DaysValues = Vec<Vec<Option<f64>>>;

/// Runs every replication of `study` and summarises the pooled days and each day.
///
/// The result's scenario is [`Study::pooled_scenario`]; its summary, classes and intervals are
/// those of the days summed, and `days` holds each day's own summary. `options.keep_call_log`
/// is not supported for studies and is ignored: a call log has no column for the day.
pub fn run_study(study: &Study, options: &RunOptions) -> ExperimentResult {
    let all: Vec<u32> = (options.first_replication..study.first().replications).collect();
    let listed = run_study_listed(study, options, &all);
    result_of_study(
        study,
        options.group_by,
        listed.values,
        listed.days,
        listed.waits,
    )
}

/// Runs only the listed replications of `study` (a shard of a run split across machines), each
/// on the streams it draws from in [`run_study`].
pub fn run_study_listed(
    study: &Study,
    options: &RunOptions,
    replications: &[u32],
) -> ListedReplications {
    let built_in: Vec<Policies> = match options.policies {
        Some(_) => Vec::new(),
        None => study
            .days
            .iter()
            .map(|day| Policies::for_scenario(&day.scenario))
            .collect(),
    };
    let policies_of = |day: usize| options.policies.unwrap_or_else(|| &built_in[day]);
    let pooled_scenario = study.pooled_scenario();
    let grouping = grouping_of(&pooled_scenario, options.group_by);
    let finished: Vec<(Finished, DaysValues)> =
        in_parallel(options.threads, replications.len(), |job| {
            let replication = u64::from(replications[job]);
            let mut pooled: Option<DayTally> = None;
            let mut days = Vec::with_capacity(study.days.len());
            for (index, day) in study.days.iter().enumerate() {
                let output = sim::run_day(
                    &day.scenario,
                    policies_of(index),
                    index as u64,
                    replication,
                    false,
                );
                days.push(replication_values(&day.scenario, &output).overall);
                match &mut pooled {
                    Some(pooled) => pooled.add(&output.tally),
                    None => pooled = Some(output.tally),
                }
            }
            let mut output = RunOutput {
                tally: pooled.expect("a study has at least one day"),
                call_log: None,
            };
            grouping.apply(&mut output.tally);
            let finished = Finished {
                values: replication_values(&pooled_scenario, &output),
                waits: ReplicationWaits::of(&output.tally),
                call_log: None,
            };
            if let Some(done) = options.on_replication_done {
                done();
            }
            (finished, days)
        });
    let mut waits = PooledWaits::empty(&pooled_scenario);
    let mut values = Vec::with_capacity(finished.len());
    let mut per_day = Vec::with_capacity(finished.len());
    for (replication, days) in finished {
        waits.add_replication(&replication.waits);
        values.push(replication.values);
        per_day.push(days);
    }
    ListedReplications {
        values,
        days: per_day,
        waits,
    }
}

/// The result of every replication of `study`, from the pooled values and each day's values (in
/// replication order) and the pooled waits: the one summary both a single machine and a merge of
/// shards report.
///
/// # Panics
///
/// When `group_by` does not fit the study's hours (check with [`super::Grouping::new`] first).
pub fn result_of_study(
    study: &Study,
    group_by: Option<f64>,
    values: Vec<ReplicationValues>,
    per_day: Vec<DaysValues>,
    waits: PooledWaits,
) -> ExperimentResult {
    let pooled_scenario = study.pooled_scenario();
    let mut result = experiment_result(&pooled_scenario, group_by, values, waits, None);
    result.days = study
        .days
        .iter()
        .enumerate()
        .map(|(index, day)| {
            let replications: Vec<Vec<Option<f64>>> =
                per_day.iter().map(|days| days[index].clone()).collect();
            DaySummary {
                name: day.name.clone(),
                scenario: day.scenario.clone(),
                metrics: MetricTable::summarise(METRICS, replications.iter().map(Vec::as_slice)),
                replications,
            }
        })
        .collect();
    result
}
