//! What every simulating subcommand does before it runs: parse `--set`, load every scenario (all
//! errors at once, before any simulation time is spent), and set up the progress bar.

use super::Failure;
use crate::Scenario;
use crate::experiment::{ExperimentResult, RunOptions, run_replications};
use crate::scenario::{self, Override, ScenarioError};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Parses `KEY=VALUE` overrides.
pub fn parse_overrides(raw: &[String]) -> Result<Vec<Override>, Failure> {
    raw.iter()
        .map(|text| {
            text.parse::<Override>()
                .map_err(|e| Failure::bad_input(e.to_string()))
        })
        .collect()
}

/// Loads every scenario before anything runs, reporting every one that fails, so a typo in the
/// last file costs no simulation time.
pub fn load_all(paths: &[PathBuf], overrides: &[Override]) -> Result<Vec<Scenario>, Failure> {
    load_all_with(paths, overrides, scenario::load)
}

/// As [`load_all`], with each file read by `load` (for instance with its variants).
pub fn load_all_with<T>(
    paths: &[PathBuf],
    overrides: &[Override],
    load: impl Fn(&Path, &[Override]) -> Result<T, ScenarioError>,
) -> Result<Vec<T>, Failure> {
    let mut scenarios = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match load(path, overrides) {
            Ok(loaded) => scenarios.push(loaded),
            Err(error) => errors.push(error.to_string()),
        }
    }
    if errors.is_empty() {
        Ok(scenarios)
    } else {
        Err(Failure::bad_input(errors.join("\nerror: ")))
    }
}

/// How replications run: worker threads and the progress bar (shared by `run`, `baseline`,
/// `check` and `compare`).
#[derive(Args, Debug)]
pub struct Execution {
    /// Worker threads (default: all cores). Results never depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    threads: Option<u32>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    quiet: bool,
}

impl Execution {
    /// Runs the scenarios' replications one scenario after the other under one progress bar, and
    /// hands each result, with the seconds it took, to `each` (in the scenarios' order).
    pub fn run_each(
        &self,
        scenarios: &[&Scenario],
        keep_call_log: bool,
        mut each: impl FnMut(usize, ExperimentResult, f64),
    ) {
        let replications = scenarios.iter().map(|s| s.replications);
        self.with_progress(replications, keep_call_log, |options| {
            for (index, scenario) in scenarios.iter().enumerate() {
                let started = Instant::now();
                let result = run_replications(scenario, options);
                each(index, result, started.elapsed().as_secs_f64());
            }
        });
    }

    /// Runs `work` with the run options these flags give and a progress bar over `replications`
    /// (ticking once per replication), cleared when `work` returns.
    pub fn with_progress<T>(
        &self,
        replications: impl Iterator<Item = u32>,
        keep_call_log: bool,
        work: impl FnOnce(&RunOptions) -> T,
    ) -> T {
        let progress = progress_bar(replications, self.quiet);
        let tick = || progress.inc(1);
        let options = RunOptions {
            threads: self.threads.map(|n| n as usize),
            keep_call_log,
            on_replication_done: Some(&tick),
            policies: None,
        };
        let result = work(&options);
        progress.finish_and_clear();
        result
    }

    /// Runs every scenario and returns the results in order.
    pub fn run_all(&self, scenarios: &[&Scenario], keep_call_log: bool) -> Vec<ExperimentResult> {
        let mut results = Vec::with_capacity(scenarios.len());
        self.run_each(scenarios, keep_call_log, |_, result, _| {
            results.push(result)
        });
        results
    }
}

/// A progress bar over all the replications to run, on standard error; hidden with `quiet`, and
/// by indicatif itself when standard error is not a terminal (CI logs stay clean).
fn progress_bar(replications: impl Iterator<Item = u32>, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let total = replications.map(u64::from).sum();
    ProgressBar::new(total).with_style(
        ProgressStyle::with_template(
            "{bar:40} {pos}/{len} replications, {elapsed} elapsed, ETA {eta}",
        )
        .expect("valid template"),
    )
}
