//! `--shard I/N --partial FILE` of `run`, `sweep`, `compare`, `baseline` and `check`, and the
//! merge of their parts: a command's share of the units of work written as a partial result,
//! and the parts turned back into the command's output. What is common to every command is
//! here, with `run` and `sweep`; `compare`, and `baseline` and `check`, have modules of their
//! own.

use super::Failure;
use super::inputs::Execution;
use super::output::{ResultFormat, write_atomically};
use super::progress;
use super::run::{Format, RunInputs, RunInvocation, load_inputs, read_actual, write_report};
use super::sweep::{SweepInvocation, plan_sweep, write_sweep};
use crate::experiment::sweep::SweepPlan;
use crate::experiment::{
    ExperimentResult, ListedReplications, RunOptions, result_of_replications, result_of_study,
    run_listed, run_listed_many, run_study_listed,
};
use crate::model::Scenario;
use crate::partial::{
    CommandKind, Header, MergedScenario, PartialFile, ScenarioEntry, Shard, UnitRecord, WaitsRecord,
};
use crate::regression::fingerprint::scenario_fingerprint;
use crate::scenario::ScenarioOrStudy;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;
use std::time::Instant;

mod check;
mod compare;

use super::check::{CheckFormat, directory_exists};
use super::compare::CompareFormat;
pub(super) use check::{baseline_shard, check_shard};
pub(super) use compare::compare_shard;

/// The header's entry of one scenario (or study, or sweep point) named `label`.
pub(super) fn entry(label: String, scenario: &ScenarioOrStudyRef) -> ScenarioEntry {
    let (fingerprint, first) = match scenario {
        ScenarioOrStudyRef::Scenario(s) => (scenario_fingerprint(*s), *s),
        ScenarioOrStudyRef::Any(s) => (scenario_fingerprint(*s), s.first()),
    };
    ScenarioEntry {
        file: label,
        fingerprint,
        seed: first.seed,
        replications: first.replications,
    }
}

/// A plain scenario (a sweep point) or a run's scenario or study.
pub(super) enum ScenarioOrStudyRef<'a> {
    Scenario(&'a Scenario),
    Any(&'a ScenarioOrStudy),
}

/// The (scenario index, replication) pairs of `entries` that are `shard`'s, in the order one
/// machine runs them (partial::Shard numbers the units scenario after scenario).
pub(super) fn owned_units(entries: &[ScenarioEntry], shard: Shard) -> Vec<(usize, u32)> {
    let mut first_unit = 0_u64;
    let mut owned = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let offset = first_unit;
        first_unit += u64::from(entry.replications);
        owned.extend(
            (0..entry.replications)
                .filter(|&r| shard.owns(offset + u64::from(r)))
                .map(|r| (index, r)),
        );
    }
    owned
}

/// Writes the part: the header, one record per unit of `jobs` (whose values `listed` holds,
/// scenario by scenario in job order), each scenario's pooled waits and, for a command whose
/// output reports time, the seconds spent on each scenario.
fn write_part(
    partial: &Path,
    header: Header,
    jobs: &[(usize, u32)],
    listed: &[ListedReplications],
    seconds: Vec<f64>,
) -> Result<(), Failure> {
    let mut next = vec![0_usize; listed.len()];
    let units = jobs
        .iter()
        .map(|&(index, replication)| {
            let position = next[index];
            next[index] += 1;
            let days = listed[index]
                .days
                .get(position)
                .map(Vec::as_slice)
                .unwrap_or_default();
            UnitRecord::new(index, replication, &listed[index].values[position], days)
        })
        .collect();
    let file = PartialFile {
        header,
        units,
        waits: listed.iter().map(|l| WaitsRecord::from(&l.waits)).collect(),
        seconds,
    };
    write_atomically(partial, |out| file.write(out))
}

/// Whether a part records the seconds spent on each scenario: only for `check`, whose JUnit file
/// reports them; every other part stays byte-identical from run to run.
fn records_time(command: CommandKind) -> bool {
    match command {
        CommandKind::Check => true,
        CommandKind::Run | CommandKind::Sweep | CommandKind::Compare | CommandKind::Baseline => {
            false
        }
    }
}

/// Runs the units of `scenarios` that are `header.shard`'s, scenario after scenario as `run`,
/// `baseline` and `check` run them on one machine, and writes them to `partial`.
pub(super) fn scenarios_shard(
    header: Header,
    scenarios: &[&ScenarioOrStudy],
    group_by: Option<f64>,
    partial: &Path,
    execution: &Execution,
) -> Result<(), Failure> {
    let jobs = owned_units(&header.scenarios, header.shard);
    let owned = |index: usize| -> Vec<u32> {
        jobs.iter()
            .filter(|&&(i, _)| i == index)
            .map(|&(_, r)| r)
            .collect()
    };
    let counts = (0..scenarios.len()).map(|index| owned(index).len() as u32);
    let (listed, seconds): (Vec<ListedReplications>, Vec<f64>) =
        execution.with_progress(counts, false, |options| {
            let options = RunOptions {
                group_by,
                ..*options
            };
            scenarios
                .iter()
                .enumerate()
                .map(|(index, scenario)| {
                    let started = Instant::now();
                    let listed = match scenario {
                        ScenarioOrStudy::Scenario(scenario) => {
                            run_listed(scenario, &options, &owned(index))
                        }
                        ScenarioOrStudy::Study(study) => {
                            run_study_listed(study, &options, &owned(index))
                        }
                    };
                    (listed, started.elapsed().as_secs_f64())
                })
                .unzip()
        });
    let seconds = if records_time(header.command) {
        seconds
    } else {
        Vec::new()
    };
    write_part(partial, header, &jobs, &listed, seconds)
}

/// The results of `scenarios` from their merged parts, as one machine summarises them.
pub(super) fn results_of(
    scenarios: &[&ScenarioOrStudy],
    group_by: Option<f64>,
    merged: Vec<MergedScenario>,
) -> Vec<ExperimentResult> {
    scenarios
        .iter()
        .zip(merged)
        .map(|(scenario, merged)| match scenario {
            ScenarioOrStudy::Scenario(scenario) => {
                result_of_replications(scenario, group_by, merged.values, merged.waits)
            }
            ScenarioOrStudy::Study(study) => {
                result_of_study(study, group_by, merged.values, merged.days, merged.waits)
            }
        })
        .collect()
}

/// The command options the parts record, as the command's own type.
pub(super) fn recorded_options<T: DeserializeOwned>(header: &Header) -> Result<T, Failure> {
    serde_json::from_value(header.options.clone())
        .map_err(|error| Failure::bad_input(format!("the parts' options cannot be read: {error}")))
}

/// The options a part records, as JSON.
pub(super) fn recorded(options: &impl Serialize) -> Result<serde_json::Value, Failure> {
    serde_json::to_value(options).map_err(|error| {
        Failure::bad_input(format!("--partial: cannot record the options: {error}"))
    })
}

/// Refuses a merge whose inputs, loaded again, are not those the shards ran.
pub(super) fn check_unchanged(
    now: &[ScenarioEntry],
    then: &[ScenarioEntry],
) -> Result<(), Failure> {
    if now.len() != then.len() {
        return Err(Failure::bad_input(format!(
            "the parts hold {} scenarios or points, and their files now give {}: merge where \
             the shards' scenario files and data files are, unchanged",
            then.len(),
            now.len()
        )));
    }
    for (now, then) in now.iter().zip(then) {
        if now != then {
            return Err(Failure::bad_input(format!(
                "{}: the scenario is not the one the shards ran (fingerprint {}, seed {}, {} \
                 replications now; {}, {}, {} in the parts): merge where the shards' scenario \
                 files and data files are, unchanged",
                then.file,
                now.fingerprint,
                now.seed,
                now.replications,
                then.fingerprint,
                then.seed,
                then.replications
            )));
        }
    }
    Ok(())
}

/// The header's entries of a run's scenarios.
fn run_entries(inputs: &RunInputs) -> Vec<ScenarioEntry> {
    inputs
        .scenarios
        .iter()
        .zip(&inputs.files)
        .map(|(scenario, file)| entry(file.clone(), &ScenarioOrStudyRef::Any(scenario)))
        .collect()
}

/// Runs the replications of `inputs` that are `shard`'s and writes them to `partial`.
pub(super) fn run_shard(
    invocation: &RunInvocation,
    inputs: &RunInputs,
    shard: Shard,
    partial: &Path,
    execution: &Execution,
) -> Result<(), Failure> {
    let header = Header::new(
        CommandKind::Run,
        recorded(invocation)?,
        run_entries(inputs),
        shard,
    );
    let scenarios: Vec<&ScenarioOrStudy> = inputs.scenarios.iter().collect();
    scenarios_shard(header, &scenarios, invocation.group_by, partial, execution)
}

/// The report of a run from its merged parts: the scenarios are loaded again as the shards loaded
/// them (from the files and options the parts record) and must have the parts' fingerprints.
fn merge_run(
    header: &Header,
    merged: Vec<MergedScenario>,
    format: Format,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let invocation: RunInvocation = recorded_options(header)?;
    let inputs = load_inputs(&invocation)?;
    check_unchanged(&run_entries(&inputs), &header.scenarios)?;
    let observed = read_actual(invocation.actual.as_deref())?;
    let scenarios: Vec<&ScenarioOrStudy> = inputs.scenarios.iter().collect();
    let results = results_of(&scenarios, invocation.group_by, merged);
    write_report(
        &results,
        &inputs,
        observed.as_ref(),
        invocation.actual.as_deref(),
        format,
        out,
    )
}

/// The header's entries of a sweep's points, each named by the file and its parameter values.
fn sweep_entries(plan: &SweepPlan, file: &str) -> Vec<ScenarioEntry> {
    plan.points()
        .map(|(settings, scenario)| {
            let values: Vec<String> = settings.iter().map(ToString::to_string).collect();
            let label = format!("{file} at {}", values.join(" "));
            entry(label, &ScenarioOrStudyRef::Scenario(scenario))
        })
        .collect()
}

/// Runs the (point, replication) units of a sweep that are `shard`'s, in one pool of worker
/// threads as the whole sweep runs, and writes them to `partial`.
pub(super) fn sweep_shard(
    invocation: &SweepInvocation,
    plan: &SweepPlan,
    file: &str,
    shard: Shard,
    partial: &Path,
    execution: &Execution,
) -> Result<(), Failure> {
    let entries = sweep_entries(plan, file);
    let header = Header::new(CommandKind::Sweep, recorded(invocation)?, entries, shard);
    let jobs = owned_units(&header.scenarios, shard);
    let scenarios: Vec<&Scenario> = plan.points().map(|(_, scenario)| scenario).collect();
    let progress = progress::bar(jobs.len() as u64, "replications", execution.quiet());
    let tick = || progress.inc(1);
    let options = RunOptions {
        threads: execution.threads(),
        on_replication_done: Some(&tick),
        ..RunOptions::default()
    };
    let listed = run_listed_many(&scenarios, &options, &jobs);
    progress.finish_and_clear();
    write_part(partial, header, &jobs, &listed, Vec::new())
}

/// The sweep's table and files from its merged parts, the plan rebuilt from the recorded
/// scenario file and options.
fn merge_sweep(
    header: &Header,
    merged: Vec<MergedScenario>,
    format: ResultFormat,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let invocation: SweepInvocation = recorded_options(header)?;
    let (plan, file) = plan_sweep(&invocation)?;
    check_unchanged(&sweep_entries(&plan, &file), &header.scenarios)?;
    let results = plan
        .points()
        .zip(merged)
        .map(|((_, scenario), merged)| {
            result_of_replications(scenario, None, merged.values, merged.waits)
        })
        .collect();
    let sweep = plan.assemble(results);
    write_sweep(&sweep, &file, format, out)
}

/// What `ccsim merge` was asked to write besides standard output, and in which format.
pub(super) struct MergeOutputs<'a> {
    /// `--format`, when given.
    pub format: Option<Format>,
    /// `--out DIR`.
    pub out: Option<&'a Path>,
    /// `--junit FILE`.
    pub junit: Option<&'a Path>,
}

impl MergeOutputs<'_> {
    /// Refuses (exit 2) the outputs asked for that `command` does not write, as soon as the
    /// first part says which command it is (before the other parts are read).
    pub(super) fn check_for(&self, command: CommandKind) -> Result<(), Failure> {
        let junit = (
            "--junit",
            self.junit.is_some(),
            "writes no JUnit file (only `check` does)",
        );
        let (name, unwritten) = match command {
            CommandKind::Run => ("run", vec![junit]),
            CommandKind::Sweep => ("sweep", vec![junit]),
            CommandKind::Compare => ("compare", vec![junit]),
            CommandKind::Baseline => (
                "baseline",
                vec![
                    (
                        "--format",
                        self.format.is_some(),
                        "prints only the baselines it wrote",
                    ),
                    (
                        "--out",
                        self.out.is_some(),
                        "writes its baselines into the directory the shards were given (--dir)",
                    ),
                    junit,
                ],
            ),
            CommandKind::Check => (
                "check",
                vec![
                    (
                        "--format csv",
                        self.format == Some(Format::Csv),
                        "prints its verdict as a table or JSON",
                    ),
                    (
                        "--out",
                        self.out.is_some(),
                        "writes no output directory (its file is --junit)",
                    ),
                ],
            ),
        };
        if let Some((flag, _, why)) = unwritten.iter().find(|(_, given, _)| *given) {
            return Err(Failure::bad_input(format!(
                "{flag}: the parts are of `ccsim {name}`, which {why}; drop {flag}"
            )));
        }
        match self.junit {
            Some(junit) => directory_exists(junit, "--junit"),
            None => Ok(()),
        }
    }
}

/// Writes the output of the command the merged parts come from, in the outputs
/// [`MergeOutputs::check_for`] accepted.
pub(super) fn merge_output(
    header: &Header,
    merged: Vec<MergedScenario>,
    outputs: &MergeOutputs,
) -> Result<(), Failure> {
    let format = outputs.format.unwrap_or(Format::Table);
    match header.command {
        CommandKind::Run => merge_run(header, merged, format, outputs.out),
        CommandKind::Sweep => {
            let format = match format {
                Format::Table => ResultFormat::Table,
                Format::Json => ResultFormat::Json,
                Format::Csv => ResultFormat::Csv,
            };
            merge_sweep(header, merged, format, outputs.out)
        }
        CommandKind::Compare => {
            let format = match format {
                Format::Table => CompareFormat::Table,
                Format::Json => CompareFormat::Json,
                Format::Csv => CompareFormat::Csv,
            };
            compare::merge_compare(header, merged, format, outputs.out)
        }
        CommandKind::Baseline => check::merge_baseline(header, merged),
        CommandKind::Check => {
            let format = match format {
                Format::Table => CheckFormat::Table,
                Format::Json => CheckFormat::Json,
                Format::Csv => unreachable!("check_for refuses --format csv for check"),
            };
            check::merge_check(header, merged, format, outputs.junit)
        }
    }
}
