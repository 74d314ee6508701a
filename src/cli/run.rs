//! `ccsim run` and `ccsim validate`.

use super::Failure;
use super::inputs::{Execution, load_all, load_all_with, parse_overrides};
use super::output::{create_dir, csv_to_io, write_atomically, write_charts, write_stdout};
use crate::Scenario;
use crate::charts;
use crate::experiment::ExperimentResult;
use crate::report::{self, CsvRows};
use crate::scenario;
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
    #[arg(long, short = 'r', value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    replications: Option<u32>,
    /// Seed of the random streams; overrides the scenario's `seed`.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Format of the report on standard output.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also write report.json, intervals.csv, classes.csv, pools.csv, report.html and the charts
    /// (charts/*.png and *.svg) into this directory (one subdirectory per scenario when several
    /// are run).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write one CSV row per call (every replication) to this file.
    #[arg(long, value_name = "FILE")]
    call_log: Option<PathBuf>,
    /// Override a scenario value by its dotted key path, e.g. `--set staffing.agents=30`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
    #[command(flatten)]
    execution: Execution,
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
    let files = load_all_with(&args.scenarios, &overrides, scenario::load_with_variants)?;
    for (path, file) in args.scenarios.iter().zip(&files) {
        let scenario = &file.baseline;
        let variants = match file.variants.len() {
            0 => String::new(),
            count => format!(", {count} variant{}", plural(count)),
        };
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
    let overrides = parse_overrides(&args.overrides)?;
    let mut scenarios = load_all(&args.scenarios, &overrides)?;
    for scenario in &mut scenarios {
        if let Some(replications) = args.replications {
            scenario.replications = replications;
        }
        if let Some(seed) = args.seed {
            scenario.seed = seed;
        }
    }

    let to_run: Vec<&Scenario> = scenarios.iter().collect();
    let results = args.execution.run_all(&to_run, args.call_log.is_some());

    let files: Vec<String> = args
        .scenarios
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    write_stdout(|out| print_results(out, args.format, &results, &files))?;
    if let Some(dir) = &args.out {
        write_out_dir(dir, &args.scenarios, &results, &files)?;
    }
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

fn print_results(
    out: &mut dyn Write,
    format: Format,
    results: &[ExperimentResult],
    files: &[String],
) -> std::io::Result<()> {
    match format {
        Format::Table => {
            for (index, (result, file)) in results.iter().zip(files).enumerate() {
                if index > 0 {
                    writeln!(out)?;
                }
                report::write_table(out, result, file)?;
            }
        }
        Format::Json => {
            let mut reports: Vec<_> = results
                .iter()
                .zip(files)
                .map(|(r, f)| report::to_json(r, f))
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
            for result in results {
                report::write_csv(out, result, CsvRows::All).map_err(csv_to_io)?;
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
) -> Result<(), Failure> {
    for ((path, result), file) in paths.iter().zip(results).zip(files) {
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
            serde_json::to_writer_pretty(&mut *out, &report::to_json(result, file))?;
            writeln!(out)
        })?;
        write_atomically(&target.join("intervals.csv"), |out| {
            report::write_csv(out, result, CsvRows::Intervals).map_err(csv_to_io)
        })?;
        write_atomically(&target.join("classes.csv"), |out| {
            report::write_csv(out, result, CsvRows::Classes).map_err(csv_to_io)
        })?;
        write_atomically(&target.join("pools.csv"), |out| {
            report::write_pools_csv(out, result).map_err(csv_to_io)
        })?;
        write_charts(&target.join("charts"), &charts)?;
        write_atomically(&target.join("report.html"), |out| {
            report::write_html(out, result, file, &charts)
        })?;
    }
    Ok(())
}
