//! `ccsim baseline` and `ccsim check`: store runs of scenarios, and check later runs against them
//! in CI. What the checks mean is in `docs/ci.md`; the work is done by [`crate::regression`].
//!
//! Every input is read and validated — scenarios, baselines, tolerances, flags — before anything
//! runs, so that a mistake costs no simulation time and leaves no output file behind.

use super::inputs::{Execution, load_all_any, parse_overrides};
use super::output::{write_atomically, write_stdout};
use super::run::parse_shard;
use super::{Failure, shard};
use crate::experiment::ExperimentResult;
use crate::partial::Shard;
use crate::regression::{
    self, Baseline, CheckOptions, CheckOutcome, CheckedScenario, DEFAULT_POWER, Mode,
    TOLERANCES_FILE, Tolerances,
};
use crate::scenario::{self, Override, ScenarioOrStudy};
use clap::{Args, ValueEnum};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default family-wise significance level of statistical mode.
const DEFAULT_ALPHA: f64 = 0.01;

/// What `ccsim check --help` says about exit statuses (and `docs/ci.md` repeats).
pub const CHECK_EXIT_STATUS: &str = "\
Exit status:
  0  every scenario holds
  1  a regression, or a scenario that differs from the one baselined (re-baseline if intended),
     or the JUnit file could not be written
  2  bad input, and nothing was run: a usage error, an invalid scenario, a missing or unreadable
     baseline, a bad tolerance, or exact mode against a baseline of another ccsim version

See docs/ci.md for the statistical method, tolerances and a CI setup to copy.";

#[derive(Args, Debug)]
pub struct BaselineArgs {
    /// Scenario files (TOML), or directories: every `*.toml` directly in them, in name order.
    #[arg(required = true, value_name = "SCENARIO_OR_DIR")]
    scenarios: Vec<PathBuf>,
    /// Where to write the baselines, one `<scenario file stem>.json` per scenario (created if
    /// missing; existing baselines of these scenarios are replaced).
    #[arg(long, value_name = "BASELINES")]
    dir: PathBuf,
    /// Number of replications; overrides the scenario's `replications`.
    #[arg(long, short = 'r', value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::model::MAX_REPLICATIONS)))]
    replications: Option<u32>,
    /// Seed of the random streams; overrides the scenario's `seed`.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Override a scenario value, as for `run`; recorded in the baseline, and applied again by
    /// `check`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
    /// Run only shard I of N of the (scenario, replication) pairs (numbered from 0; `auto/N`
    /// takes I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX) and write its partial result
    /// to `--partial` instead of the baselines; `ccsim merge` of the N parts writes the
    /// baselines into --dir (docs/cluster.md).
    #[arg(long, value_name = "I/N", value_parser = parse_shard, requires = "partial")]
    shard: Option<Shard>,
    /// The partial-result file a `--shard` writes.
    #[arg(long, value_name = "FILE", requires = "shard")]
    partial: Option<PathBuf>,
    #[command(flatten)]
    execution: Execution,
}

/// The options of `ccsim baseline` that decide what it writes (never the thread count): what a
/// shard records so that the merge writes the same baselines into the same directory.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct BaselineInvocation {
    /// The scenario files and directories, as given.
    pub scenarios: Vec<PathBuf>,
    /// `--dir`: where the baselines go.
    pub dir: PathBuf,
    /// `--replications`.
    pub replications: Option<u32>,
    /// `--seed`.
    pub seed: Option<u64>,
    /// The `--set` overrides, as given.
    #[serde(rename = "set")]
    pub overrides: Vec<String>,
}

/// What `ccsim baseline` runs, and where each baseline goes.
pub(super) struct BaselineInputs {
    /// The scenario files, directories expanded.
    pub paths: Vec<PathBuf>,
    /// `DIR/<stem>.json` of each.
    pub targets: Vec<PathBuf>,
    /// Each scenario or study, with `--replications` and `--seed` applied.
    pub scenarios: Vec<ScenarioOrStudy>,
    /// The `--set` overrides, parsed.
    pub overrides: Vec<Override>,
}

/// How `check` compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum ModeArg {
    /// Flag a metric only when it moved significantly (or beyond its tolerance).
    Statistical,
    /// Every number must be the baseline's, bit for bit (same ccsim version and seed).
    Exact,
}

/// Output format of `check` on standard output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum CheckFormat {
    /// A readable table of what moved.
    Table,
    /// Every metric compared, for scripts.
    Json,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Scenario files (TOML), or directories: every `*.toml` directly in them, in name order.
    #[arg(required = true, value_name = "SCENARIO_OR_DIR")]
    scenarios: Vec<PathBuf>,
    /// Directory of baselines written by `ccsim baseline` (it may also hold a tolerances.toml).
    #[arg(long, value_name = "BASELINES")]
    baseline: PathBuf,
    /// How to compare.
    #[arg(long, value_enum, default_value_t = ModeArg::Statistical)]
    mode: ModeArg,
    /// Statistical mode: the probability of flagging a scenario whose results did not move (its
    /// family-wise level, Holm-corrected over its metrics) [default: 0.01].
    #[arg(long, value_name = "ALPHA", value_parser = parse_alpha)]
    alpha: Option<f64>,
    /// Statistical mode: the power at which each metric's minimal detectable change is stated
    /// (the smallest move the check flags with this probability) [default: 0.8].
    #[arg(long, value_name = "POWER", value_parser = parse_power)]
    power: Option<f64>,
    /// Statistical mode: how far a metric may move in its bad direction, e.g.
    /// `service_level=2%`, `asa_s=10s`, `intervals.abandon_rate=0.03`; repeatable, and wins over
    /// the baseline directory's tolerances.toml.
    #[arg(long = "tolerance", value_name = "KEY=VALUE")]
    tolerances: Vec<String>,
    /// Format of the outcome on standard output.
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    format: CheckFormat,
    /// Also write the outcome as JUnit XML to this file, one test case per scenario.
    #[arg(long, value_name = "FILE", conflicts_with = "shard")]
    junit: Option<PathBuf>,
    /// Statistical mode: run with this seed instead of the baseline's, to see that the baseline
    /// holds beyond its own random numbers.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Statistical mode: run this many replications instead of the baseline's.
    #[arg(long, short = 'r', value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::model::MAX_REPLICATIONS)))]
    replications: Option<u32>,
    /// Run a variant, e.g. `--set staffing.agents=30`, on top of the baseline's own overrides:
    /// would this change pass? The scenario still counts as the one baselined.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
    /// Run only shard I of N of the (scenario, replication) pairs (numbered from 0; `auto/N`
    /// takes I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX) and write its partial result
    /// to `--partial` instead of the verdict; `ccsim merge` of the N parts prints the verdict
    /// and exits as the check would (docs/cluster.md).
    #[arg(long, value_name = "I/N", value_parser = parse_shard, requires = "partial")]
    shard: Option<Shard>,
    /// The partial-result file a `--shard` writes.
    #[arg(long, value_name = "FILE", requires = "shard")]
    partial: Option<PathBuf>,
    #[command(flatten)]
    execution: Execution,
}

/// The options of `ccsim check` that decide its verdict (never the thread count or where the
/// output goes): what a shard records so that the merge judges the same runs the same way.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct CheckInvocation {
    /// The scenario files and directories, as given.
    pub scenarios: Vec<PathBuf>,
    /// `--baseline`: the directory of baselines.
    pub baseline: PathBuf,
    /// `--mode`.
    pub mode: ModeArg,
    /// `--alpha`.
    pub alpha: Option<f64>,
    /// `--power`.
    #[serde(default)]
    pub power: Option<f64>,
    /// The `--tolerance` flags, as given.
    pub tolerances: Vec<String>,
    /// `--seed`.
    pub seed: Option<u64>,
    /// `--replications`.
    pub replications: Option<u32>,
    /// The `--set` overrides, as given.
    #[serde(rename = "set")]
    pub overrides: Vec<String>,
}

/// What `ccsim check` runs and how it judges it: the mode and one plan per scenario.
pub(super) struct CheckInputs {
    /// How the scenarios are compared.
    pub mode: Mode,
    /// Each scenario with its baseline, in the order given.
    pub plans: Vec<Plan>,
}

fn parse_alpha(text: &str) -> Result<f64, String> {
    probability(text, "0.01")
}

fn parse_power(text: &str) -> Result<f64, String> {
    probability(text, "0.8")
}

fn probability(text: &str, example: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(p) if p > 0.0 && p < 1.0 => Ok(p),
        _ => Err(format!(
            "expected a probability strictly between 0 and 1, such as {example}, not {text:?}"
        )),
    }
}

pub fn baseline(args: BaselineArgs) -> Result<(), Failure> {
    let invocation = BaselineInvocation {
        scenarios: args.scenarios.clone(),
        dir: args.dir.clone(),
        replications: args.replications,
        seed: args.seed,
        overrides: args.overrides.clone(),
    };
    let inputs = baseline_inputs(&invocation)?;
    if let (Some(shard), Some(partial)) = (args.shard, &args.partial) {
        return shard::baseline_shard(&invocation, &inputs, shard, partial, &args.execution);
    }
    let to_run: Vec<&ScenarioOrStudy> = inputs.scenarios.iter().collect();
    let results = args.execution.run_all(&to_run, false);
    write_baselines(&inputs, &invocation.dir, &results)
}

/// Loads the scenarios `invocation` baselines (exit 2 on bad input).
pub(super) fn baseline_inputs(invocation: &BaselineInvocation) -> Result<BaselineInputs, Failure> {
    let overrides = parse_overrides(&invocation.overrides)?;
    let paths = scenario_paths(&invocation.scenarios)?;
    let targets = baseline_paths(&paths, &invocation.dir)?;
    let mut scenarios = load_all_any(&paths, &overrides)?;
    for scenario in &mut scenarios {
        if let Some(replications) = invocation.replications {
            scenario.set_replications(replications);
        }
        if let Some(seed) = invocation.seed {
            scenario.set_seed(seed);
        }
    }
    Ok(BaselineInputs {
        paths,
        targets,
        scenarios,
        overrides,
    })
}

/// Writes the baseline of each result into `dir` and says so on standard output: what `ccsim
/// baseline` writes, and `ccsim merge` of its shards.
pub(super) fn write_baselines(
    inputs: &BaselineInputs,
    dir: &Path,
    results: &[ExperimentResult],
) -> Result<(), Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::failed(format!("cannot create directory {}: {e}", dir.display())))?;
    for ((path, target), result) in inputs.paths.iter().zip(&inputs.targets).zip(results) {
        let file = path.display().to_string();
        let baseline = Baseline::new(result, &file, &inputs.overrides);
        write_atomically(target, |out| {
            serde_json::to_writer_pretty(&mut *out, &baseline)?;
            writeln!(out)
        })?;
        println!(
            "wrote {}: {:?}, seed {}, {} replication{}, scenario fingerprint {}",
            target.display(),
            result.scenario.name,
            baseline.seed,
            baseline.replications,
            if baseline.replications == 1 { "" } else { "s" },
            baseline.scenario_fingerprint
        );
    }
    Ok(())
}

pub fn check(args: CheckArgs) -> Result<(), Failure> {
    let invocation = CheckInvocation {
        scenarios: args.scenarios.clone(),
        baseline: args.baseline.clone(),
        mode: args.mode,
        alpha: args.alpha,
        power: args.power,
        tolerances: args.tolerances.clone(),
        seed: args.seed,
        replications: args.replications,
        overrides: args.overrides.clone(),
    };
    if let Some(junit) = &args.junit {
        directory_exists(junit, "--junit")?;
    }
    let inputs = check_inputs(&invocation)?;
    if let (Some(shard), Some(partial)) = (args.shard, &args.partial) {
        return shard::check_shard(&invocation, &inputs, shard, partial, &args.execution);
    }
    let scenarios = run_checks(&inputs, &args.execution)?;
    let outcome = CheckOutcome {
        mode: inputs.mode,
        scenarios,
    };
    report_outcome(&outcome, args.format, args.junit.as_deref())
}

/// Reads and validates everything `invocation` checks — flags, scenarios, baselines,
/// tolerances — before anything runs (exit 2, every problem at once where they are per scenario).
pub(super) fn check_inputs(invocation: &CheckInvocation) -> Result<CheckInputs, Failure> {
    let mode = mode(invocation)?;
    let check_overrides = parse_overrides(&invocation.overrides)?;
    if let Some(set) = check_overrides
        .iter()
        .find(|o| o.key == "seed" || o.key == "replications")
    {
        return Err(Failure::bad_input(format!(
            "--set {set}: check runs with the baseline's seed and replications; use --{} instead",
            set.key
        )));
    }
    let paths = scenario_paths(&invocation.scenarios)?;
    let baseline_files = baseline_paths(&paths, &invocation.baseline)?;
    let mut plans = Vec::new();
    let mut errors = Vec::new();
    for (path, baseline_file) in paths.iter().zip(&baseline_files) {
        match plan(path, baseline_file, invocation, &check_overrides, &mode) {
            Ok(plan) => plans.push(plan),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(Failure::bad_input(errors.join("\nerror: ")));
    }
    Ok(CheckInputs { mode, plans })
}

/// Prints the outcome in `format`, writes the JUnit file if asked, and fails (exit 1) unless
/// every scenario holds: how `ccsim check`, and `ccsim merge` of its shards, end.
pub(super) fn report_outcome(
    outcome: &CheckOutcome,
    format: CheckFormat,
    junit: Option<&Path>,
) -> Result<(), Failure> {
    write_stdout(|out| match format {
        CheckFormat::Table => regression::write_check_table(out, outcome),
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &regression::check_to_json(outcome))?;
            writeln!(out)
        }
    })?;
    if let Some(junit) = junit {
        write_atomically(junit, |out| regression::write_junit(out, outcome))?;
    }
    if outcome.passed() {
        Ok(())
    } else {
        Err(Failure::failed(format!(
            "check failed: {}",
            outcome.tally()
        )))
    }
}

/// Refuses an output file whose directory does not exist, before anything runs.
pub(super) fn directory_exists(file: &Path, flag: &str) -> Result<(), Failure> {
    match file.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) if !parent.is_dir() => Err(Failure::bad_input(format!(
            "{flag} {}: the directory {} does not exist; create it first",
            file.display(),
            parent.display()
        ))),
        _ => Ok(()),
    }
}

/// Runs every planned scenario and compares it with its baseline, timing each for JUnit.
fn run_checks(
    inputs: &CheckInputs,
    execution: &Execution,
) -> Result<Vec<CheckedScenario>, Failure> {
    let variants: Vec<&ScenarioOrStudy> = inputs.plans.iter().map(|plan| &plan.variant).collect();
    let mut checked = Vec::new();
    let mut failure = None;
    execution.run_each(&variants, false, |index, result, seconds| {
        match verdict(&inputs.plans[index], &result, &inputs.mode, seconds) {
            Ok(check) => checked.push(check),
            Err(error) => {
                failure.get_or_insert(error);
            }
        }
    });
    match failure {
        Some(failure) => Err(failure),
        None => Ok(checked),
    }
}

/// The verdict on one scenario: `result`, the run of `plan`'s variant (which took `seconds`),
/// compared with `plan`'s baseline in `mode`. The one judgement `check` and the merge of its
/// shards both make.
pub(super) fn verdict(
    plan: &Plan,
    result: &ExperimentResult,
    mode: &Mode,
    seconds: f64,
) -> Result<CheckedScenario, Failure> {
    // The baseline's report was read when it was loaded, so this cannot fail on bad input.
    let options = CheckOptions {
        mode,
        scenario: &plan.file_scenario,
    };
    let check = regression::compare(&plan.baseline, result, &options)
        .map_err(|e| Failure::failed(format!("{}: {e}", plan.baseline_file)))?;
    Ok(CheckedScenario {
        scenario_file: plan.scenario_file.clone(),
        baseline_file: plan.baseline_file.clone(),
        seconds,
        check,
    })
}

/// The comparison mode, refusing statistical-only flags in exact mode.
fn mode(args: &CheckInvocation) -> Result<Mode, Failure> {
    if args.mode == ModeArg::Exact {
        let statistical_only = [
            ("--alpha", args.alpha.is_some()),
            ("--power", args.power.is_some()),
            ("--tolerance", !args.tolerances.is_empty()),
            ("--seed", args.seed.is_some()),
            ("--replications", args.replications.is_some()),
        ];
        if let Some((flag, _)) = statistical_only.iter().find(|(_, given)| *given) {
            return Err(Failure::bad_input(format!(
                "{flag} applies to statistical mode only: exact mode re-runs the baseline's \
                 seed and replications and allows no difference at all; drop {flag} or use \
                 --mode statistical"
            )));
        }
        return Ok(Mode::Exact);
    }
    let mut tolerances = Tolerances::default();
    let file = args.baseline.join(TOLERANCES_FILE);
    if file.is_file() {
        let text = crate::column_file::read_regular_text_or_reason(&file, "tolerances file (TOML)")
            .map_err(|reason| {
                Failure::bad_input(format!("{}: cannot read: {reason}", file.display()))
            })?;
        tolerances = Tolerances::from_toml(&text, &file.display().to_string())
            .map_err(Failure::bad_input)?;
    }
    let mut flags = Tolerances::default();
    for flag in &args.tolerances {
        flags.insert_flag(flag).map_err(Failure::bad_input)?;
    }
    tolerances.extend(flags);
    Ok(Mode::Statistical {
        alpha: args.alpha.unwrap_or(DEFAULT_ALPHA),
        power: args.power.unwrap_or(DEFAULT_POWER),
        tolerances,
    })
}

/// One scenario, ready to run: its baseline, the scenario as baselined (for the fingerprint) and
/// the variant to run.
pub(super) struct Plan {
    /// The scenario file, as listed.
    pub scenario_file: String,
    /// Its baseline file.
    pub baseline_file: String,
    /// The baseline read from it.
    pub baseline: Baseline,
    /// The scenario with the baseline's overrides only.
    pub file_scenario: ScenarioOrStudy,
    /// What runs: with the check's own overrides, seed and replications too.
    pub variant: ScenarioOrStudy,
}

fn plan(
    path: &Path,
    baseline_path: &Path,
    args: &CheckInvocation,
    check_overrides: &[Override],
    mode: &Mode,
) -> Result<Plan, String> {
    let scenario_file = path.display().to_string();
    let baseline_file = baseline_path.display().to_string();
    if !path.exists() {
        // The loader's own message for a file it cannot read.
        scenario::load_any(path, &[]).map_err(|e| e.to_string())?;
    }
    if !baseline_path.exists() {
        return Err(format!(
            "{scenario_file}: no baseline {baseline_file}; create it with `ccsim baseline \
             {scenario_file} --dir {}`",
            args.baseline.display()
        ));
    }
    let baseline = Baseline::read(baseline_path)?;
    let mut overrides = baseline
        .parsed_overrides()
        .map_err(|e| format!("{baseline_file}: `overrides`: {e}"))?;
    let file_scenario = scenario::load_any(path, &overrides).map_err(|e| e.to_string())?;
    overrides.extend_from_slice(check_overrides);
    let mut variant = scenario::load_any(path, &overrides).map_err(|e| e.to_string())?;
    variant.set_seed(args.seed.unwrap_or(baseline.seed));
    variant.set_replications(args.replications.unwrap_or(baseline.replications));
    mode.applies(&baseline, variant.first())
        .map_err(|e| format!("{baseline_file}: {e}"))?;
    Ok(Plan {
        scenario_file,
        baseline_file,
        baseline,
        file_scenario,
        variant,
    })
}

/// The scenario files named: files as given, directories replaced by the `*.toml` files directly
/// in them, sorted by name.
fn scenario_paths(arguments: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut paths = Vec::new();
    for argument in arguments {
        if !argument.is_dir() {
            paths.push(argument.clone());
            continue;
        }
        let unreadable = |e: std::io::Error| {
            Failure::bad_input(format!(
                "{}: cannot list the directory: {e}",
                argument.display()
            ))
        };
        let mut found: Vec<PathBuf> = std::fs::read_dir(argument)
            .map_err(unreadable)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(unreadable)?
            .into_iter()
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
            .collect();
        if found.is_empty() {
            return Err(Failure::bad_input(format!(
                "{}: no *.toml scenario files in this directory",
                argument.display()
            )));
        }
        found.sort();
        paths.extend(found);
    }
    Ok(paths)
}

/// `DIR/<stem>.json` for every scenario, refusing two scenarios that would share one.
fn baseline_paths(paths: &[PathBuf], dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let mut seen: BTreeMap<PathBuf, &Path> = BTreeMap::new();
    let mut targets = Vec::new();
    for path in paths {
        let stem = path.file_stem().ok_or_else(|| {
            Failure::bad_input(format!("{}: not a scenario file name", path.display()))
        })?;
        let target = dir.join(stem).with_extension("json");
        if let Some(other) = seen.insert(target.clone(), path) {
            return Err(Failure::bad_input(format!(
                "{} and {} would share the baseline {}; give the scenario files different names",
                other.display(),
                path.display(),
                target.display()
            )));
        }
        targets.push(target);
    }
    Ok(targets)
}
