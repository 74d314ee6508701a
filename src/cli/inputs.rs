//! What every simulating subcommand does before it runs: parse `--set`, load every scenario (all
//! errors at once, before any simulation time is spent), and run them under a progress bar.

use super::Failure;
use super::progress;
use crate::Scenario;
use crate::experiment::{ExperimentResult, RunOptions, run_replications, run_study};
use crate::scenario::{self, Override, ScenarioError, ScenarioOrStudy};
use clap::Args;
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

/// The text of a scenario file, for commands that build several scenarios from it.
pub fn read_text(path: &Path) -> Result<String, Failure> {
    crate::column_file::read_regular_text_or_reason(path, "scenario file (TOML)").map_err(
        |reason| {
            Failure::bad_input(format!(
                "{}: cannot read the file: {reason}",
                path.display()
            ))
        },
    )
}

/// Loads every scenario before anything runs, reporting every one that fails, so a typo in the
/// last file costs no simulation time.
pub fn load_all(paths: &[PathBuf], overrides: &[Override]) -> Result<Vec<Scenario>, Failure> {
    load_all_with(paths, overrides, scenario::load)
}

/// As [`load_all`], for commands that also run multi-day studies (files with `[[days]]`).
pub fn load_all_any(
    paths: &[PathBuf],
    overrides: &[Override],
) -> Result<Vec<ScenarioOrStudy>, Failure> {
    load_all_with(paths, overrides, scenario::load_any)
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
            Ok(loaded) => {
                for note in scenario::notes(path, overrides) {
                    eprintln!("note: {note}");
                }
                scenarios.push(loaded);
            }
            Err(error) => errors.push(error.to_string()),
        }
    }
    if errors.is_empty() {
        Ok(scenarios)
    } else {
        Err(Failure::bad_input(errors.join("\nerror: ")))
    }
}

/// Runs the replications of a scenario, or of a study's days.
pub fn run_one(scenario: &ScenarioOrStudy, options: &RunOptions) -> ExperimentResult {
    match scenario {
        ScenarioOrStudy::Scenario(scenario) => run_replications(scenario, options),
        ScenarioOrStudy::Study(study) => run_study(study, options),
    }
}

/// How replications run: worker threads and the progress bar (shared by `run`, `baseline`,
/// `check`, `compare`, `sweep` and `staff`).
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
    /// The worker threads asked for (`None`: every core), at most the cores available: more
    /// threads than cores only add switching (3,000 threads made a 0.03 s run take 231 s), and
    /// results never depend on the count. A note on standard error says when it was lowered.
    pub fn threads(&self) -> Option<usize> {
        let asked = self.threads? as usize;
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        if asked > cores {
            eprintln!(
                "note: --threads {asked} is more than the {cores} cores available; using {cores}"
            );
            return Some(cores);
        }
        Some(asked)
    }

    /// Whether progress bars are off.
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// Runs the replications of the scenarios and studies one after the other under one
    /// progress bar, and hands each result, with the seconds it took, to `each` (in order).
    pub fn run_each(
        &self,
        scenarios: &[&ScenarioOrStudy],
        keep_call_log: bool,
        mut each: impl FnMut(usize, ExperimentResult, f64),
    ) {
        let replications = scenarios.iter().map(|s| s.first().replications);
        self.with_progress(replications, keep_call_log, |options| {
            for (index, scenario) in scenarios.iter().enumerate() {
                let started = Instant::now();
                let result = run_one(scenario, options);
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
        let total = replications.map(u64::from).sum();
        let progress = progress::bar(total, "replications", self.quiet);
        let tick = || progress.inc(1);
        let options = RunOptions {
            threads: self.threads(),
            keep_call_log,
            on_replication_done: Some(&tick),
            policies: None,
            group_by: None,
            first_replication: 0,
        };
        let result = work(&options);
        progress.finish_and_clear();
        result
    }

    /// Runs every scenario and study and returns the results in order.
    pub fn run_all(
        &self,
        scenarios: &[&ScenarioOrStudy],
        keep_call_log: bool,
    ) -> Vec<ExperimentResult> {
        let mut results = Vec::with_capacity(scenarios.len());
        self.run_each(scenarios, keep_call_log, |_, result, _| {
            results.push(result)
        });
        results
    }
}
