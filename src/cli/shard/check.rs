//! `baseline` and `check` with `--shard I/N --partial FILE`, and the merge of their parts. The
//! units are the (scenario, replication) pairs, scenario after scenario as one machine runs them.
//! The merge rebuilds each scenario's result from its replications and then does exactly what
//! the unsharded command does with it: write the baseline, or pass it to the same verdict.

use super::{
    ScenarioOrStudyRef, check_unchanged, entry, recorded, recorded_options, results_of,
    scenarios_shard,
};
use crate::cli::Failure;
use crate::cli::check::{
    BaselineInputs, BaselineInvocation, CheckFormat, CheckInputs, CheckInvocation, baseline_inputs,
    check_inputs, report_outcome, verdict, write_baselines,
};
use crate::cli::inputs::Execution;
use crate::partial::{CommandKind, Header, MergedScenario, ScenarioEntry, Shard};
use crate::regression::CheckOutcome;
use crate::scenario::ScenarioOrStudy;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The header's entries of the scenarios `baseline` runs.
fn baseline_entries(inputs: &BaselineInputs) -> Vec<ScenarioEntry> {
    inputs
        .paths
        .iter()
        .zip(&inputs.scenarios)
        .map(|(path, scenario)| {
            entry(
                path.display().to_string(),
                &ScenarioOrStudyRef::Any(scenario),
            )
        })
        .collect()
}

/// Runs the units of `ccsim baseline` that are `shard`'s and writes them to `partial`.
pub(in crate::cli) fn baseline_shard(
    invocation: &BaselineInvocation,
    inputs: &BaselineInputs,
    shard: Shard,
    partial: &Path,
    execution: &Execution,
) -> Result<(), Failure> {
    let header = Header::new(
        CommandKind::Baseline,
        recorded(invocation)?,
        baseline_entries(inputs),
        shard,
    );
    let scenarios: Vec<&ScenarioOrStudy> = inputs.scenarios.iter().collect();
    scenarios_shard(header, &scenarios, None, partial, execution)
}

/// Writes the baselines of the merged parts into the directory the shards were given (`--dir`,
/// recorded in the parts), as `ccsim baseline` does.
pub(super) fn merge_baseline(header: &Header, merged: Vec<MergedScenario>) -> Result<(), Failure> {
    let invocation: BaselineInvocation = recorded_options(header)?;
    let inputs = baseline_inputs(&invocation)?;
    check_unchanged(&baseline_entries(&inputs), &header.scenarios)?;
    let scenarios: Vec<&ScenarioOrStudy> = inputs.scenarios.iter().collect();
    let results = results_of(&scenarios, None, merged);
    write_baselines(&inputs, &invocation.dir, &results)
}

/// What a `check` part records: the check's options, and the baselines it was run against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct CheckRecord {
    #[serde(flatten)]
    check: CheckInvocation,
    /// Per scenario, in order, the baseline the shard read.
    baselines: Vec<BaselineIdentity>,
}

/// What tells one baseline from another: where it is, what it ran and what it found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct BaselineIdentity {
    /// The baseline file.
    file: String,
    /// The fingerprint of the scenario it ran.
    scenario_fingerprint: String,
    /// The digest of its results, bit for bit.
    results_digest: String,
}

fn baseline_identities(inputs: &CheckInputs) -> Vec<BaselineIdentity> {
    inputs
        .plans
        .iter()
        .map(|plan| BaselineIdentity {
            file: plan.baseline_file.clone(),
            scenario_fingerprint: plan.baseline.scenario_fingerprint.clone(),
            results_digest: plan.baseline.results_digest.clone(),
        })
        .collect()
}

/// The header's entries of what `check` runs: each scenario as checked (with the check's own
/// overrides, seed and replications).
fn check_entries(inputs: &CheckInputs) -> Vec<ScenarioEntry> {
    inputs
        .plans
        .iter()
        .map(|plan| {
            entry(
                plan.scenario_file.clone(),
                &ScenarioOrStudyRef::Any(&plan.variant),
            )
        })
        .collect()
}

/// Runs the units of `ccsim check` that are `shard`'s and writes them, with the seconds spent
/// on each scenario (for the JUnit file) and the identity of every baseline, to `partial`.
pub(in crate::cli) fn check_shard(
    invocation: &CheckInvocation,
    inputs: &CheckInputs,
    shard: Shard,
    partial: &Path,
    execution: &Execution,
) -> Result<(), Failure> {
    let record = CheckRecord {
        check: invocation.clone(),
        baselines: baseline_identities(inputs),
    };
    let header = Header::new(
        CommandKind::Check,
        recorded(&record)?,
        check_entries(inputs),
        shard,
    );
    let variants: Vec<&ScenarioOrStudy> = inputs.plans.iter().map(|plan| &plan.variant).collect();
    scenarios_shard(header, &variants, None, partial, execution)
}

/// Refuses (exit 2) a merge against baselines other than those the shards ran against: the
/// verdict would mix two references.
fn same_baselines(now: &[BaselineIdentity], then: &[BaselineIdentity]) -> Result<(), Failure> {
    for (now, then) in now.iter().zip(then) {
        let differs = [
            ("file", &now.file, &then.file),
            (
                "scenario fingerprint",
                &now.scenario_fingerprint,
                &then.scenario_fingerprint,
            ),
            ("results digest", &now.results_digest, &then.results_digest),
        ]
        .into_iter()
        .find(|(_, now, then)| now != then);
        if let Some((what, now_value, then_value)) = differs {
            return Err(Failure::bad_input(format!(
                "{}: the baseline is not the one the shards checked against ({what} {now_value} \
                 now, {then_value} in the parts): merge against the baselines the shards read, \
                 or run the shards again",
                then.file
            )));
        }
    }
    Ok(())
}

/// The verdict from the merged parts of a check: the scenarios and baselines loaded again from
/// the recorded options (the baselines must be those the shards read), each scenario's result
/// rebuilt from its replications and judged by the same function `ccsim check` calls. Prints
/// the outcome, writes `junit` if asked, and fails (exit 1) unless every scenario holds.
pub(super) fn merge_check(
    header: &Header,
    merged: Vec<MergedScenario>,
    format: CheckFormat,
    junit: Option<&Path>,
) -> Result<(), Failure> {
    let record: CheckRecord = recorded_options(header)?;
    let inputs = check_inputs(&record.check)?;
    if inputs.plans.len() != record.baselines.len() {
        return Err(Failure::bad_input(format!(
            "the parts checked {} scenarios, and their files now give {}: merge where the \
             shards' scenario files and baselines are, unchanged",
            record.baselines.len(),
            inputs.plans.len()
        )));
    }
    same_baselines(&baseline_identities(&inputs), &record.baselines)?;
    check_unchanged(&check_entries(&inputs), &header.scenarios)?;
    let seconds: Vec<f64> = merged.iter().map(|m| m.seconds).collect();
    let variants: Vec<&ScenarioOrStudy> = inputs.plans.iter().map(|plan| &plan.variant).collect();
    let results = results_of(&variants, None, merged);
    let scenarios = inputs
        .plans
        .iter()
        .zip(&results)
        .zip(seconds)
        .map(|((plan, result), seconds)| verdict(plan, result, &inputs.mode, seconds))
        .collect::<Result<_, _>>()?;
    let outcome = CheckOutcome {
        mode: inputs.mode,
        scenarios,
    };
    report_outcome(&outcome, format, junit)
}
