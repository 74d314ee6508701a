//! `compare --shard I/N --partial FILE` and the merge of its parts. The units are the (side,
//! replication) pairs, the baseline's first and then each variant's; every side of replication r
//! draws from the streams keyed by (seed, r) wherever it runs, so the merged sides pair exactly
//! as on one machine.

use super::{
    ScenarioOrStudyRef, check_unchanged, entry, owned_units, recorded, recorded_options, write_part,
};
use crate::cli::Failure;
use crate::cli::compare::{CompareFormat, CompareInvocation, load_arms, write_comparison};
use crate::cli::inputs::Execution;
use crate::cli::progress;
use crate::cli::run::read_actual;
use crate::compare::{self, Arm};
use crate::experiment::{RunOptions, result_of_replications, run_listed_many};
use crate::model::Scenario;
use crate::partial::{CommandKind, Header, MergedScenario, ScenarioEntry, Shard};
use std::path::Path;

/// The header's entries of the sides: the baseline, then each variant, named by file and name.
fn arm_entries(baseline: &Arm, variants: &[Arm]) -> Vec<ScenarioEntry> {
    std::iter::once(baseline)
        .chain(variants)
        .map(|arm| {
            let label = format!("{} ({})", arm.label.file, arm.label.name);
            entry(label, &ScenarioOrStudyRef::Scenario(&arm.scenario))
        })
        .collect()
}

/// Runs the (side, replication) units that are `shard`'s, in one pool of worker threads as the
/// whole comparison runs, and writes them to `partial`.
pub(in crate::cli) fn compare_shard(
    invocation: &CompareInvocation,
    baseline: &Arm,
    variants: &[Arm],
    shard: Shard,
    partial: &Path,
    execution: &Execution,
) -> Result<(), Failure> {
    let entries = arm_entries(baseline, variants);
    let header = Header::new(CommandKind::Compare, recorded(invocation)?, entries, shard);
    let jobs = owned_units(&header.scenarios, shard);
    let scenarios: Vec<&Scenario> = std::iter::once(baseline)
        .chain(variants)
        .map(|arm| &arm.scenario)
        .collect();
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

/// The comparison from its merged parts: the sides loaded again from the recorded files and
/// options (they must have the parts' fingerprints), each side's result summarised from its
/// replications, and the variants compared with the baseline as one machine compares them.
pub(super) fn merge_compare(
    header: &Header,
    merged: Vec<MergedScenario>,
    format: CompareFormat,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let invocation: CompareInvocation = recorded_options(header)?;
    let (baseline, variants) = load_arms(&invocation)?;
    check_unchanged(&arm_entries(&baseline, &variants), &header.scenarios)?;
    let observed = read_actual(invocation.actual.as_deref())?;
    let results = std::iter::once(&baseline)
        .chain(&variants)
        .zip(merged)
        .map(|(arm, merged)| {
            result_of_replications(&arm.scenario, None, merged.values, merged.waits)
        })
        .collect();
    let (comparison, baseline_result) = compare::comparison_of(baseline, variants, results)
        .map_err(|error| Failure::bad_input(error.to_string()))?;
    write_comparison(
        &comparison,
        &baseline_result,
        observed.as_ref(),
        invocation.actual.as_deref(),
        format,
        out,
    )
}
