//! `ccsim run --shard I/N --partial FILE` and the merge of its parts: the run's share of the
//! replications written as a partial result, and the parts turned back into the run's report.

use super::Failure;
use super::inputs::Execution;
use super::output::write_atomically;
use super::run::{Format, RunInputs, RunInvocation, load_inputs, read_actual, write_report};
use crate::experiment::{
    ExperimentResult, ListedReplications, RunOptions, result_of_replications, result_of_study,
    run_listed, run_study_listed,
};
use crate::partial::{
    CommandKind, Header, MergedScenario, PartialFile, ScenarioEntry, Shard, UnitRecord, WaitsRecord,
};
use crate::regression::fingerprint::scenario_fingerprint;
use crate::scenario::ScenarioOrStudy;
use std::path::Path;

/// What the header records of each scenario of a run.
fn entries(inputs: &RunInputs) -> Vec<ScenarioEntry> {
    inputs
        .scenarios
        .iter()
        .zip(&inputs.files)
        .map(|(scenario, file)| ScenarioEntry {
            file: file.clone(),
            fingerprint: scenario_fingerprint(scenario),
            seed: scenario.first().seed,
            replications: scenario.first().replications,
        })
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
    let options = serde_json::to_value(invocation).map_err(|error| {
        Failure::bad_input(format!(
            "--partial: cannot record the run's options: {error}"
        ))
    })?;
    let entries = entries(inputs);
    let mut first_unit = 0_u64;
    let owned: Vec<Vec<u32>> = entries
        .iter()
        .map(|entry| {
            let offset = first_unit;
            first_unit += u64::from(entry.replications);
            (0..entry.replications)
                .filter(|&r| shard.owns(offset + u64::from(r)))
                .collect()
        })
        .collect();
    let counts = owned.iter().map(|r| r.len() as u32);
    let listed: Vec<ListedReplications> = execution.with_progress(counts, false, |options| {
        let options = RunOptions {
            group_by: invocation.group_by,
            ..*options
        };
        inputs
            .scenarios
            .iter()
            .zip(&owned)
            .map(|(scenario, replications)| match scenario {
                ScenarioOrStudy::Scenario(scenario) => run_listed(scenario, &options, replications),
                ScenarioOrStudy::Study(study) => run_study_listed(study, &options, replications),
            })
            .collect()
    });
    let mut units = Vec::new();
    for (index, (listed, replications)) in listed.iter().zip(&owned).enumerate() {
        for (position, (&replication, values)) in
            replications.iter().zip(&listed.values).enumerate()
        {
            let days = listed
                .days
                .get(position)
                .map(Vec::as_slice)
                .unwrap_or_default();
            units.push(UnitRecord::new(index, replication, values, days));
        }
    }
    let file = PartialFile {
        header: Header::new(CommandKind::Run, options, entries, shard),
        units,
        waits: listed.iter().map(|l| WaitsRecord::from(&l.waits)).collect(),
    };
    write_atomically(partial, |out| file.write(out))
}

/// The report of a run from its merged parts: the scenarios are loaded again as the shards loaded
/// them (from the files and options the parts record) and must have the parts' fingerprints.
pub(super) fn merge_run(
    header: &Header,
    merged: Vec<MergedScenario>,
    format: Format,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let invocation: RunInvocation =
        serde_json::from_value(header.options.clone()).map_err(|error| {
            Failure::bad_input(format!("the parts' run options cannot be read: {error}"))
        })?;
    let inputs = load_inputs(&invocation)?;
    for (now, then) in entries(&inputs).iter().zip(&header.scenarios) {
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
    let observed = read_actual(invocation.actual.as_deref())?;
    let results: Vec<ExperimentResult> = inputs
        .scenarios
        .iter()
        .zip(merged)
        .map(|(scenario, merged)| match scenario {
            ScenarioOrStudy::Scenario(scenario) => {
                result_of_replications(scenario, invocation.group_by, merged.values, merged.waits)
            }
            ScenarioOrStudy::Study(study) => result_of_study(
                study,
                invocation.group_by,
                merged.values,
                merged.days,
                merged.waits,
            ),
        })
        .collect();
    write_report(
        &results,
        &inputs,
        observed.as_ref(),
        invocation.actual.as_deref(),
        format,
        out,
    )
}
