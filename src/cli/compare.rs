//! `ccsim compare`: a baseline against its variants on common random numbers. The comparison
//! itself is [`crate::compare`]'s; this module picks the arms and formats the result.

use super::inputs::{Execution, load_all, parse_overrides};
use super::output::{csv_to_io, write_atomically, write_stdout};
use super::run::{parse_shard, read_actual};
use super::{Failure, shard};
use crate::Scenario;
use crate::backtest::{self, BackTest, Observed};
use crate::compare::{self, Arm, Comparison};
use crate::experiment::ExperimentResult;
use crate::partial::Shard;
use crate::scenario::{self, Override, ScenarioWithVariants};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Format of the comparison on standard output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum CompareFormat {
    /// A readable table per variant: the lost-call breakdown and headline measures.
    Table,
    /// The versioned JSON comparison: every metric, overall, per class, per pool, end of day.
    Json,
    /// One row per variant, scope and metric.
    Csv,
}

#[derive(Args, Debug)]
#[command(after_help = "\
With one file, the baseline is the file as written and the variants are its [[variants]]
entries. With several, the first file is the baseline and every other file a variant; they
must have the same seed and replications (or use --seed and --replications). The same seed is
what makes replication r meet the same simulated callers on both sides, so that the
per-replication differences have the day-to-day noise removed. See docs/compare.md.")]
pub struct CompareArgs {
    /// The baseline scenario file, then any scenario files to compare with it.
    #[arg(required = true, value_name = "SCENARIO")]
    scenarios: Vec<PathBuf>,
    /// Compare only this `[[variants]]` entry of the (single) scenario file; repeatable.
    #[arg(long = "variant", value_name = "NAME")]
    variants: Vec<String>,
    /// Number of replications of every side; overrides the scenarios' `replications`.
    #[arg(long, short = 'r', value_name = "N", value_parser = clap::value_parser!(u32).range(2..=i64::from(crate::model::MAX_REPLICATIONS)))]
    replications: Option<u32>,
    /// Seed of every side; overrides the scenarios' `seed`.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Override a value of every scenario, baseline and variants alike (a variant's own `set`
    /// applies on top), e.g. `--set staffing.agents=30`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
    /// Format of the comparison on standard output.
    #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
    format: CompareFormat,
    /// Also write comparison.json, comparison.csv and report.html (every difference with its
    /// interval, interval by interval too) into this directory.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Back-test the baseline: set the metrics a real centre observed (an actual.json, as
    /// `ccsim fit` writes) beside the baseline's, each checked against the baseline's simulated
    /// day-to-day range.
    #[arg(long, value_name = "FILE")]
    actual: Option<PathBuf>,
    /// Run only shard I of N of the (side, replication) pairs (numbered from 0; `auto/N` takes
    /// I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX) and write its partial result to
    /// `--partial` instead of the comparison; `ccsim merge` turns the N parts into the
    /// comparison (docs/cluster.md).
    #[arg(long, value_name = "I/N", value_parser = parse_shard, requires = "partial",
          conflicts_with = "out")]
    shard: Option<Shard>,
    /// The partial-result file a `--shard` writes.
    #[arg(long, value_name = "FILE", requires = "shard")]
    partial: Option<PathBuf>,
    #[command(flatten)]
    execution: Execution,
}

/// The options of `ccsim compare` that decide what it reports (never the thread count or where
/// the output goes): what a shard records so that the merge compares the same sides.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct CompareInvocation {
    /// The scenario files, as given.
    pub scenarios: Vec<PathBuf>,
    /// The `--variant` names, as given.
    pub variants: Vec<String>,
    /// `--replications`.
    pub replications: Option<u32>,
    /// `--seed`.
    pub seed: Option<u64>,
    /// The `--set` overrides, as given.
    #[serde(rename = "set")]
    pub overrides: Vec<String>,
    /// `--actual`.
    pub actual: Option<PathBuf>,
}

pub fn compare(args: CompareArgs) -> Result<(), Failure> {
    let invocation = CompareInvocation {
        scenarios: args.scenarios.clone(),
        variants: args.variants.clone(),
        replications: args.replications,
        seed: args.seed,
        overrides: args.overrides.clone(),
        actual: args.actual.clone(),
    };
    let (baseline, variants) = load_arms(&invocation)?;
    let observed = read_actual(args.actual.as_deref())?;
    if let Some(dir) = &args.out {
        super::output::check_out_dir(dir)?;
    }
    if let (Some(shard), Some(partial)) = (args.shard, &args.partial) {
        return shard::compare_shard(
            &invocation,
            &baseline,
            &variants,
            shard,
            partial,
            &args.execution,
        );
    }
    let replications: Vec<u32> = std::iter::once(&baseline)
        .chain(&variants)
        .map(|arm| arm.scenario.replications)
        .collect();
    let (comparison, baseline_result) = args
        .execution
        .with_progress(replications.into_iter(), false, |options| {
            compare::run_comparison_keeping_baseline(baseline, variants, options)
        })
        .map_err(|error| Failure::bad_input(error.to_string()))?;
    write_comparison(
        &comparison,
        &baseline_result,
        observed.as_ref(),
        args.actual.as_deref(),
        args.format,
        args.out.as_deref(),
    )
}

/// The baseline and variants `invocation` compares, with `--seed` and `--replications` applied;
/// refuses (exit 2) sides that cannot be paired, before anything runs.
pub(super) fn load_arms(invocation: &CompareInvocation) -> Result<(Arm, Vec<Arm>), Failure> {
    let overrides = parse_overrides(&invocation.overrides)?;
    let (mut baseline, mut variants) = match invocation.scenarios.as_slice() {
        [single] => arms_of_one_file(single, &overrides, &invocation.variants)?,
        [first, others @ ..] => arms_of_files(first, others, &overrides, &invocation.variants)?,
        [] => unreachable!("clap requires a scenario"),
    };
    for scenario in std::iter::once(&mut baseline.scenario)
        .chain(variants.iter_mut().map(|arm| &mut arm.scenario))
    {
        scenario.seed = invocation.seed.unwrap_or(scenario.seed);
        scenario.replications = invocation.replications.unwrap_or(scenario.replications);
    }
    if baseline.scenario.replications < 2 {
        return Err(Failure::bad_input(format!(
            "{}: 1 replication gives no confidence interval on a difference; set \
             `replications` to 2 or more (30 is usual), or use --replications",
            baseline.label.file
        )));
    }
    compare::check_arms(&baseline, &variants)
        .map_err(|error| Failure::bad_input(error.to_string()))?;
    Ok((baseline, variants))
}

/// Writes the comparison to standard output in `format` and, with `out`, its files: what `ccsim
/// compare` writes, and `ccsim merge` of its shards. `baseline_result` is the baseline's run,
/// which a back-test against `observed` (read from the file `actual`) needs.
pub(super) fn write_comparison(
    comparison: &Comparison,
    baseline_result: &ExperimentResult,
    observed: Option<&Observed>,
    actual: Option<&Path>,
    format: CompareFormat,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let backtest = match (observed, actual) {
        (Some(observed), Some(file)) => Some(
            BackTest::new(baseline_result, observed, &file.display().to_string())
                .map_err(|error| Failure::bad_input(error.to_string()))?,
        ),
        _ => None,
    };
    let backtest = backtest.as_ref();
    let observed_columns = backtest.map(|b| b as &dyn compare::ObservedColumns);

    write_stdout(|out| match format {
        CompareFormat::Table => {
            compare::write_table(out, comparison)?;
            match backtest {
                Some(backtest) => backtest::write_table(out, backtest, &baseline_result.scenario),
                None => Ok(()),
            }
        }
        CompareFormat::Json => write_json(out, comparison, backtest),
        CompareFormat::Csv => {
            compare::write_csv_with(out, comparison, observed_columns).map_err(csv_to_io)
        }
    })?;
    if let Some(dir) = out {
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::failed(format!("cannot create directory {}: {e}", dir.display()))
        })?;
        write_atomically(&dir.join("comparison.json"), |out| {
            write_json(out, comparison, backtest)
        })?;
        write_atomically(&dir.join("comparison.csv"), |out| {
            compare::write_csv_with(out, comparison, observed_columns).map_err(csv_to_io)
        })?;
        write_atomically(&dir.join("report.html"), |out| {
            compare::write_html(out, comparison)
        })?;
    }
    Ok(())
}

fn write_json(
    out: &mut dyn Write,
    comparison: &Comparison,
    backtest: Option<&BackTest>,
) -> std::io::Result<()> {
    let mut document = compare::to_json(comparison);
    if let Some(backtest) = backtest {
        backtest::annotate_comparison(&mut document, backtest);
    }
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// The file as written against its `[[variants]]`: all of them, or those `chosen`.
fn arms_of_one_file(
    path: &Path,
    overrides: &[Override],
    chosen: &[String],
) -> Result<(Arm, Vec<Arm>), Failure> {
    let file = path.display().to_string();
    let ScenarioWithVariants { baseline, variants } = scenario::load_with_variants(path, overrides)
        .map_err(|error| Failure::bad_input(error.to_string()))?;
    if variants.is_empty() {
        return Err(Failure::bad_input(format!(
            "{file}: no [[variants]] to compare with; declare some in the file (see \
             docs/scenarios.md) or give a second scenario file to compare with"
        )));
    }
    let names: Vec<String> = variants.iter().map(|v| format!("{:?}", v.name)).collect();
    if let Some(unknown) = chosen
        .iter()
        .find(|name| !variants.iter().any(|v| &v.name == *name))
    {
        return Err(Failure::bad_input(format!(
            "--variant {unknown:?}: {file} has no such variant; its variants are {}",
            names.join(", ")
        )));
    }
    let selected = variants
        .into_iter()
        .filter(|variant| chosen.is_empty() || chosen.contains(&variant.name))
        .map(|variant| Arm::from_variant(variant, &file))
        .collect();
    Ok((Arm::baseline(baseline, &file), selected))
}

/// The first file against each of the others.
fn arms_of_files(
    first: &Path,
    others: &[PathBuf],
    overrides: &[Override],
    chosen: &[String],
) -> Result<(Arm, Vec<Arm>), Failure> {
    if !chosen.is_empty() {
        return Err(Failure::bad_input(
            "--variant picks among one file's [[variants]]; with several files every file after \
             the first is a variant: give one file with --variant, or the files alone",
        ));
    }
    let paths: Vec<PathBuf> = std::iter::once(first.to_path_buf())
        .chain(others.iter().cloned())
        .collect();
    let mut arms = load_all(&paths, overrides)?.into_iter().zip(&paths).map(
        |(scenario, path): (Scenario, _)| Arm::from_file(scenario, &path.display().to_string()),
    );
    let baseline = arms.next().expect("at least two files");
    Ok((baseline, arms.collect()))
}
