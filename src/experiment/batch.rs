//! Several scenarios' replications run as one pool of jobs: the engine of sweeps and staffing
//! searches, where the scenarios are variants of one another.
//!
//! Every (scenario, replication) pair is a job of its own, so two cores stay busy whether there
//! are two variants of thirty replications or thirty variants of two. Replication `r` of every
//! variant uses the streams of (seed, `r`), as [`run_replications`](super::run_replications)
//! does: variants with the same seed see the same callers (common random numbers), and results
//! are collected by index, so they never depend on the number of threads.

use super::{ExperimentResult, RunOptions, run_jobs};
use crate::model::Scenario;
use std::sync::atomic::{AtomicU32, Ordering};

/// How a batch runs.
#[derive(Default)]
pub struct BatchOptions<'a> {
    /// Worker threads; `None` uses every core. Never changes the results.
    pub threads: Option<usize>,
    /// Called with a scenario's index once all its replications are done, from worker threads
    /// and in no particular order (for progress bars).
    pub on_scenario_done: Option<&'a (dyn Fn(usize) + Sync)>,
}

/// Runs every replication of every scenario and summarises each scenario, in the given order.
pub fn run_batch(scenarios: &[Scenario], options: &BatchOptions) -> Vec<ExperimentResult> {
    let remaining: Vec<AtomicU32> = scenarios
        .iter()
        .map(|scenario| AtomicU32::new(scenario.replications))
        .collect();
    let replication_of = |index: usize| {
        if remaining[index].fetch_sub(1, Ordering::AcqRel) == 1
            && let Some(done) = options.on_scenario_done
        {
            done(index);
        }
    };
    let scenarios: Vec<&Scenario> = scenarios.iter().collect();
    let run = RunOptions {
        threads: options.threads,
        ..RunOptions::default()
    };
    run_jobs(&scenarios, &run, &replication_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::run_replications;

    fn scenario(agents: u32) -> Scenario {
        let text = format!(
            "name = 'batch'\nseed = 5\nreplications = 3\n[hours]\nopen = '08:00'\nclose = '10:00'\n\
             [arrivals]\ncalls_per_hour = 100\n[handle_time]\ndistribution = 'exponential'\n\
             mean = '3m'\n[patience]\ndistribution = 'exponential'\nmean = '2m'\n\
             [staffing]\nagents = {agents}"
        );
        crate::scenario::from_str(&text, "batch.toml").unwrap()
    }

    #[test]
    fn a_batch_gives_what_each_scenario_gives_alone() {
        let scenarios = [scenario(4), scenario(6)];
        let done = std::sync::Mutex::new(Vec::new());
        let record = |index: usize| done.lock().unwrap().push(index);
        let options = BatchOptions {
            threads: Some(2),
            on_scenario_done: Some(&record),
        };
        let batch = run_batch(&scenarios, &options);
        for (scenario, result) in scenarios.iter().zip(&batch) {
            let alone = run_replications(scenario, &RunOptions::default());
            assert_eq!(result.replications, alone.replications);
            assert_eq!(result.summary, alone.summary);
        }
        let mut done = done.into_inner().unwrap();
        done.sort();
        assert_eq!(done, vec![0, 1], "each scenario reported done once");
    }
}
