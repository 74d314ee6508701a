//! `ccsim run` and `ccsim validate`.

use super::inputs::{Execution, load_all_any, load_all_with, parse_overrides, run_one};
use super::output::{
    check_out_dir, check_out_file, create_dir, csv_to_io, write_atomically, write_charts,
    write_stdout,
};
use super::precision::{self, PrecisionArgs};
use super::{Failure, shard};
use crate::Scenario;
use crate::backtest::{self, BackTest};
use crate::charts;
use crate::experiment::{ExperimentResult, Grouping, RunOptions, stability};
use crate::model::{DayMismatch, Study, StudyDay};
use crate::partial::Shard;
use crate::report::{self, CsvRows, clock_time, duration};
use crate::scenario::{self, ScenarioOrStudy};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output format on standard output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table: overall, end of day, then per interval.
    Table,
    /// The versioned JSON report (an array of reports when several scenarios are run).
    Json,
    /// Wide CSV: an overall row and one row per interval, mean and CI bounds per metric.
    Csv,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Scenario files (TOML).
    #[arg(required = true, value_name = "SCENARIO")]
    scenarios: Vec<PathBuf>,
    /// Number of replications (simulated days); overrides the scenario's `replications`.
    #[arg(long, short = 'r', value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::model::MAX_REPLICATIONS)))]
    replications: Option<u32>,
    /// Seed of the random streams; overrides the scenario's `seed`.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Format of the report on standard output.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also write report.json, intervals.csv, classes.csv, pools.csv (and days.csv for a
    /// multi-day study), report.html and the charts (charts/*.png and *.svg) into this directory
    /// (one subdirectory per scenario when several are run).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write one CSV row per call (every replication) to this file (not for multi-day studies).
    #[arg(long, value_name = "FILE")]
    call_log: Option<PathBuf>,
    /// Run the scenario files as the days of one multi-day study, in the order given (each day
    /// named after its file), and report the days pooled and each day. The files must share
    /// opening hours, intervals, classes, pools, service level, seed and replications.
    #[arg(long)]
    pool: bool,
    /// Override a scenario value by its dotted key path, e.g. `--set staffing.agents=30`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
    /// Report intervals coarser than the scenario's: `hour`, or a duration such as `2h` (a
    /// multiple of the scenario's interval). Each replication's intervals are added up before
    /// the metrics are computed.
    #[arg(long, value_name = "LENGTH", value_parser = parse_group_by)]
    group_by: Option<f64>,
    /// Back-test: set the metrics a real centre observed (an actual.json, as `ccsim fit`
    /// writes) beside the predictions, each checked against the simulated day-to-day range.
    #[arg(long, value_name = "FILE")]
    actual: Option<PathBuf>,
    /// Run only shard I of N of the replications (numbered from 0; `auto/N` takes I from
    /// SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX) and write its partial result to `--partial`
    /// instead of the report; `ccsim merge` turns the N parts into the report (docs/cluster.md).
    #[arg(long, value_name = "I/N", value_parser = parse_shard, requires = "partial",
          conflicts_with_all = ["out", "call_log"])]
    shard: Option<Shard>,
    /// The partial-result file a `--shard` writes.
    #[arg(long, value_name = "FILE", requires = "shard")]
    partial: Option<PathBuf>,
    #[command(flatten)]
    precision: PrecisionArgs,
    #[command(flatten)]
    execution: Execution,
}

/// Reads `--shard I/N` (or `auto/N`, from the scheduler's environment).
pub(super) fn parse_shard(text: &str) -> Result<Shard, String> {
    Shard::parse(text, |name| std::env::var(name).ok())
}

/// The length in seconds of a `--group-by` value: `hour`, or a positive duration.
pub(super) fn parse_group_by(text: &str) -> Result<f64, String> {
    if text.trim().eq_ignore_ascii_case("hour") {
        return Ok(3600.0);
    }
    scenario::parse_duration(text)
        .filter(|seconds| *seconds > 0.0)
        .ok_or_else(|| {
            format!(
                "found {text:?}; expected `hour` or a positive duration such as \"1h\" or \"2h\""
            )
        })
}

/// Checks that `--group-by LENGTH` fits each scenario's intervals (exit 2, naming the file).
pub(super) fn check_grouping(
    scenarios: &[&Scenario],
    files: &[String],
    length: Option<f64>,
) -> Result<(), Failure> {
    let Some(length) = length else {
        return Ok(());
    };
    for (scenario, file) in scenarios.iter().zip(files) {
        Grouping::new(&scenario.hours, length)
            .map_err(|error| Failure::bad_input(format!("{file}: --group-by: {error}")))?;
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Scenario files (TOML).
    #[arg(required = true, value_name = "SCENARIO")]
    scenarios: Vec<PathBuf>,
    /// Override a scenario value by its dotted key path, as for `run` (variants apply theirs on
    /// top).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
}

pub(super) fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Checks every scenario and every variant it declares.
pub fn validate(args: ValidateArgs) -> Result<(), Failure> {
    let overrides = parse_overrides(&args.overrides)?;
    let files =
        load_all_with(
            &args.scenarios,
            &overrides,
            |path, overrides| match scenario::load_any(path, overrides)? {
                ScenarioOrStudy::Scenario(_) => {
                    scenario::load_with_variants(path, overrides).map(|file| {
                        let variants = file.variants.len();
                        let extra = match variants {
                            0 => String::new(),
                            count => format!(", {count} variant{}", plural(count)),
                        };
                        (file.baseline, extra)
                    })
                }
                ScenarioOrStudy::Study(study) => {
                    let days = study.days.len();
                    let extra = format!(", {days} day{}", plural(days));
                    Ok((
                        study.days.into_iter().next().expect("a day").scenario,
                        extra,
                    ))
                }
            },
        )?;
    for (path, (scenario, variants)) in args.scenarios.iter().zip(&files) {
        println!(
            "ok: {} ({:?}: {} interval{}, {} replication{}{variants})",
            path.display(),
            scenario.name,
            scenario.hours.interval_count(),
            plural(scenario.hours.interval_count()),
            scenario.replications,
            plural(scenario.replications as usize)
        );
    }
    Ok(())
}

pub fn run(args: RunArgs) -> Result<(), Failure> {
    let invocation = RunInvocation {
        scenarios: args.scenarios.clone(),
        overrides: args.overrides.clone(),
        replications: args.replications,
        seed: args.seed,
        pool: args.pool,
        group_by: args.group_by,
        actual: args.actual.clone(),
    };
    let inputs = load_inputs(&invocation)?;
    if let Some(dir) = &args.out {
        check_out_dir(dir)?;
    }
    if let Some(path) = &args.call_log {
        check_out_file(path)?;
    }
    for warning in overload_warnings(&inputs) {
        eprintln!("warning: {warning}");
    }
    if let (Some(shard), Some(partial)) = (args.shard, &args.partial) {
        if args.precision.asked() {
            return Err(Failure::bad_input(
                "--shard: a run to a --precision target cannot be split into shards, since how \
                 many replications it runs depends on the results so far; give --replications",
            ));
        }
        return shard::run_shard(&invocation, &inputs, shard, partial, &args.execution);
    }
    if args.call_log.is_some()
        && let Some(study) = inputs.scenarios.iter().find_map(|s| match s {
            ScenarioOrStudy::Study(study) => Some(study),
            ScenarioOrStudy::Scenario(_) => None,
        })
    {
        return Err(Failure::bad_input(format!(
            "--call-log: {:?} is a multi-day study, and the call log has no column for the \
             day; write the call log of one day by running that day's scenario on its own",
            study.name
        )));
    }

    let to_run: Vec<&ScenarioOrStudy> = inputs.scenarios.iter().collect();
    let replications = to_run.iter().map(|s| s.first().replications);
    let observed = read_actual(args.actual.as_deref())?;
    let results: Vec<ExperimentResult> = if args.precision.asked() {
        let caps = to_run.iter().map(|_| args.precision.cap());
        args.execution
            .with_progress(caps, args.call_log.is_some(), |options| {
                let options = RunOptions {
                    group_by: args.group_by,
                    ..*options
                };
                (to_run.iter().zip(&inputs.files))
                    .map(|(scenario, file)| {
                        let replications = scenario.first().replications;
                        args.precision.run(file, replications, |range| {
                            let mut batch = (*scenario).clone();
                            batch.set_replications(range.end);
                            let options = RunOptions {
                                first_replication: range.start,
                                ..options
                            };
                            run_one(&batch, &options)
                        })
                    })
                    .collect::<Result<_, _>>()
            })?
    } else {
        args.execution
            .with_progress(replications, args.call_log.is_some(), |options| {
                let options = RunOptions {
                    group_by: args.group_by,
                    ..*options
                };
                to_run.iter().map(|s| run_one(s, &options)).collect()
            })
    };

    write_report(
        &results,
        &inputs,
        observed.as_ref(),
        args.actual.as_deref(),
        args.format,
        args.out.as_deref(),
    )?;
    if let Some(path) = &args.call_log {
        write_atomically(path, |out| {
            for result in &results {
                let logs = result.call_logs.as_deref().unwrap_or_default();
                report::write_call_log(out, &result.scenario, logs).map_err(csv_to_io)?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// The options of `ccsim run` that decide what it reports (never the thread count or where the
/// output goes): what a shard records so that the merge rebuilds the same report.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct RunInvocation {
    /// The scenario files, as given.
    pub scenarios: Vec<PathBuf>,
    /// The `--set` overrides, as given.
    #[serde(rename = "set")]
    pub overrides: Vec<String>,
    /// `--replications`.
    pub replications: Option<u32>,
    /// `--seed`.
    pub seed: Option<u64>,
    /// `--pool`.
    pub pool: bool,
    /// `--group-by`, in seconds.
    pub group_by: Option<f64>,
    /// `--actual`.
    pub actual: Option<PathBuf>,
}

/// The scenarios `ccsim run` runs, with the names its reports give them.
pub(super) struct RunInputs {
    /// Each scenario or study, with `--replications`, `--seed` and `--pool` applied.
    pub scenarios: Vec<ScenarioOrStudy>,
    /// The name of each in the reports: its file as given (the files joined by ` + ` when pooled).
    pub files: Vec<String>,
    /// The file of each (the first when pooled), naming its `--out` subdirectory.
    pub paths: Vec<PathBuf>,
}

/// Loads the scenarios of `invocation` and checks `--group-by` against them (exit 2 on bad input).
pub(super) fn load_inputs(invocation: &RunInvocation) -> Result<RunInputs, Failure> {
    let overrides = parse_overrides(&invocation.overrides)?;
    let mut scenarios = load_all_any(&invocation.scenarios, &overrides)?;
    for scenario in &mut scenarios {
        if let Some(replications) = invocation.replications {
            scenario.set_replications(replications);
        }
        if let Some(seed) = invocation.seed {
            scenario.set_seed(seed);
        }
    }
    let mut files: Vec<String> = invocation
        .scenarios
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut paths = invocation.scenarios.clone();
    if invocation.pool {
        scenarios = vec![pooled(&invocation.scenarios, scenarios)?];
        files = vec![files.join(" + ")];
        paths.truncate(1);
    }
    let firsts: Vec<&Scenario> = scenarios.iter().map(|s| s.first()).collect();
    check_grouping(&firsts, &files, invocation.group_by)?;
    Ok(RunInputs {
        scenarios,
        files,
        paths,
    })
}

/// Writes the report of `results` to standard output in `format` and, with `out`, its files:
/// what `ccsim run` writes, and `ccsim merge` of its shards.
pub(super) fn write_report(
    results: &[ExperimentResult],
    inputs: &RunInputs,
    observed: Option<&backtest::Observed>,
    actual: Option<&Path>,
    format: Format,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let files = &inputs.files;
    for (result, file) in results.iter().zip(files) {
        let backlog = stability::observed_backlog(result).map(|b| backlog_warning(file, &b));
        for warning in precision::run_warnings(result, file)
            .into_iter()
            .chain(backlog)
        {
            eprintln!("warning: {warning}");
        }
    }
    let backtests = back_tests(results, observed, actual)?;
    write_stdout(|out| print_results(out, format, results, files, &backtests))?;
    if let Some(dir) = out {
        write_out_dir(dir, &inputs.paths, results, files, &backtests)?;
    }
    Ok(())
}

/// Before a run: the scenarios (or days of a study) whose calls need at least the agent time the
/// rota gives while nothing bounds their queue, each with the estimate and what would bound it.
fn overload_warnings(inputs: &RunInputs) -> Vec<String> {
    let mut warnings = Vec::new();
    for (scenario, file) in inputs.scenarios.iter().zip(&inputs.files) {
        let days: Vec<(Option<&str>, &Scenario)> = match scenario {
            ScenarioOrStudy::Scenario(scenario) => vec![(None, scenario)],
            ScenarioOrStudy::Study(study) => (study.days.iter())
                .map(|day| (Some(day.name.as_str()), &day.scenario))
                .collect(),
        };
        for (day, scenario) in days {
            let Some(overload) = stability::expected_overload(scenario) else {
                continue;
            };
            let intervals = &overload.overloaded_intervals;
            let worst = match intervals.len() {
                0 => String::new(),
                n => format!(
                    "; the load is at least the agents in {n} interval{} (from {})",
                    plural(n),
                    clock_time(scenario.hours.interval_bounds(intervals[0]).0)
                ),
            };
            warnings.push(format!(
                "{file}{}: the queue is unstable: the calls need {:.1} agent-hours and the rota \
                 gives {:.1}{worst}, and no caller hangs up and no limit turns calls away, so \
                 the queue grows until the day ends and the ASA and waits measure the length of \
                 the day; add agents, [patience] or limits.max_wait",
                day.map_or(String::new(), |d| format!(" (day {d:?})")),
                overload.offered_agent_hours,
                overload.agent_hours,
            ));
        }
    }
    warnings
}

/// After a run: the queue left at closing time where nothing bounds it.
fn backlog_warning(file: &str, backlog: &stability::Backlog) -> String {
    format!(
        "{file}: the queue was still long at closing time: {:.1} calls waiting on average and a \
         work-off of {}; with no caller hanging up and no limit, the ASA and waits grow with \
         the length of the day; add agents, [patience] or limits.max_wait",
        backlog.waiting_at_close,
        duration(backlog.overtime_s)
    )
}

/// The scenario files of `--pool` as the days of one study, each day named after its file.
fn pooled(paths: &[PathBuf], scenarios: Vec<ScenarioOrStudy>) -> Result<ScenarioOrStudy, Failure> {
    let mut days = Vec::with_capacity(scenarios.len());
    for (path, scenario) in paths.iter().zip(scenarios) {
        let name = path
            .file_stem()
            .unwrap_or(path.as_os_str())
            .to_string_lossy()
            .into_owned();
        match scenario {
            ScenarioOrStudy::Scenario(scenario) => days.push(StudyDay {
                name,
                scenario: *scenario,
            }),
            ScenarioOrStudy::Study(_) => {
                return Err(Failure::bad_input(format!(
                    "--pool {}: this file is itself a multi-day study (`[[days]]`); pool \
                     scenario files of one day each, or run the study on its own",
                    path.display()
                )));
            }
        }
    }
    let name = format!("{} ({} days pooled)", days[0].scenario.name, days.len());
    Study::new(name, days)
        .map(ScenarioOrStudy::Study)
        .map_err(|mismatch: DayMismatch| {
            Failure::bad_input(format!(
                "--pool {}: `{}`: found {}; expected {}",
                paths[mismatch.day].display(),
                mismatch.key,
                mismatch.found,
                mismatch.expected
            ))
        })
}

/// Reads `--actual FILE`, if given (exit 2 on a bad file).
pub(super) fn read_actual(path: Option<&Path>) -> Result<Option<backtest::Observed>, Failure> {
    path.map(backtest::actual::read)
        .transpose()
        .map_err(|error| Failure::bad_input(error.to_string()))
}

/// Each result checked against the observations (none without `--actual`).
fn back_tests(
    results: &[ExperimentResult],
    observed: Option<&backtest::Observed>,
    file: Option<&Path>,
) -> Result<Vec<Option<BackTest>>, Failure> {
    let file = file.map(|f| f.display().to_string()).unwrap_or_default();
    results
        .iter()
        .map(|result| {
            observed
                .map(|observed| BackTest::new(result, observed, &file))
                .transpose()
                .map_err(|error| Failure::bad_input(error.to_string()))
        })
        .collect()
}

/// The JSON report of one result, with its back-test when there is one.
fn report_json(
    result: &ExperimentResult,
    file: &str,
    backtest: Option<&BackTest>,
) -> serde_json::Value {
    let mut report = report::to_json(result, file);
    if let Some(backtest) = backtest {
        backtest::annotate_json(&mut report, backtest);
    }
    report
}

fn print_results(
    out: &mut dyn Write,
    format: Format,
    results: &[ExperimentResult],
    files: &[String],
    backtests: &[Option<BackTest>],
) -> std::io::Result<()> {
    match format {
        Format::Table => {
            for (index, ((result, file), backtest)) in
                results.iter().zip(files).zip(backtests).enumerate()
            {
                if index > 0 {
                    writeln!(out)?;
                }
                report::write_table(out, result, file)?;
                if let Some(backtest) = backtest {
                    backtest::write_table(out, backtest, &result.scenario)?;
                }
            }
        }
        Format::Json => {
            let mut reports: Vec<_> = results
                .iter()
                .zip(files)
                .zip(backtests)
                .map(|((r, f), b)| report_json(r, f, b.as_ref()))
                .collect();
            let value = if reports.len() == 1 {
                reports.remove(0)
            } else {
                serde_json::Value::Array(reports)
            };
            serde_json::to_writer_pretty(&mut *out, &value)?;
            writeln!(out)?;
        }
        Format::Csv => {
            for (result, backtest) in results.iter().zip(backtests) {
                let extra = backtest.as_ref().map(|b| b as &dyn report::ExtraColumns);
                report::write_csv_with(out, result, CsvRows::All, extra).map_err(csv_to_io)?;
            }
        }
    }
    Ok(())
}

fn write_out_dir(
    dir: &Path,
    paths: &[PathBuf],
    results: &[ExperimentResult],
    files: &[String],
    backtests: &[Option<BackTest>],
) -> Result<(), Failure> {
    for (((path, result), file), backtest) in paths.iter().zip(results).zip(files).zip(backtests) {
        let backtest = backtest.as_ref();
        let extra = backtest.map(|b| b as &dyn report::ExtraColumns);
        let target = if results.len() == 1 {
            dir.to_path_buf()
        } else {
            dir.join(path.file_stem().unwrap_or_default())
        };
        // Charts first: a scenario whose charts cannot be drawn gets none of its files rewritten.
        let charts = charts::day_charts(&result.scenario, &result.summary)
            .map_err(|e| Failure::failed(e.to_string()))?;
        create_dir(&target)?;
        write_atomically(&target.join("report.json"), |out| {
            serde_json::to_writer_pretty(&mut *out, &report_json(result, file, backtest))?;
            writeln!(out)
        })?;
        write_atomically(&target.join("intervals.csv"), |out| {
            report::write_csv_with(out, result, CsvRows::Intervals, extra).map_err(csv_to_io)
        })?;
        write_atomically(&target.join("classes.csv"), |out| {
            report::write_csv_with(out, result, CsvRows::Classes, extra).map_err(csv_to_io)
        })?;
        write_atomically(&target.join("pools.csv"), |out| {
            report::write_pools_csv(out, result).map_err(csv_to_io)
        })?;
        if !result.days.is_empty() {
            write_atomically(&target.join("days.csv"), |out| {
                report::write_csv_with(out, result, CsvRows::Days, extra).map_err(csv_to_io)
            })?;
        }
        write_charts(&target.join("charts"), &charts)?;
        write_atomically(&target.join("report.html"), |out| {
            let section = |out: &mut dyn Write| match backtest {
                Some(backtest) => backtest::write_html(out, backtest, &result.scenario),
                None => Ok(()),
            };
            report::write_html_with(out, result, file, &charts, Some(&section))
        })?;
    }
    Ok(())
}
