//! `ccsim sweep`: one scenario at every combination of some parameters' values.

use super::inputs::{Execution, parse_overrides, read_text};
use super::output::{
    ResultFormat, create_dir, csv_to_io, write_atomically, write_charts, write_stdout,
};
use super::progress;
use super::run::parse_shard;
use super::{Failure, shard};
use crate::charts;
use crate::experiment::sweep::{self, Sweep, SweepOptions, SweepPlan, Vary};
use crate::partial::Shard;
use crate::report;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Scenario file (TOML).
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// A parameter to sweep: KEY=LIST such as `staffing.agents=20,22,25`, or an inclusive range
    /// KEY=FROM..TO[:STEP] such as `staffing.agents=20..30:2` or
    /// `service_level.target=0.7..0.9:0.05` (decimals need a step). KEY is any key `--set`
    /// accepts. Several --vary run every combination, the first changing slowest.
    #[arg(long = "vary", value_name = "KEY=VALUES", required = true)]
    parameters: Vec<String>,
    /// Override a scenario value at every point, as for `run`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
    /// Format on standard output: the table shows the headline metrics, CSV and JSON every
    /// overall metric.
    #[arg(long, value_enum, default_value_t)]
    format: ResultFormat,
    /// Also write sweep.csv, sweep.json, report.html and, for a sweep over one numeric
    /// parameter, a chart of each headline metric against it (charts/sweep-*.png and *.svg,
    /// inline in report.html) into this directory.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Run only shard I of N of the (point, replication) pairs (numbered from 0; `auto/N` takes
    /// I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX) and write its partial result to
    /// `--partial` instead of the table; `ccsim merge` turns the N parts into the sweep.
    #[arg(long, value_name = "I/N", value_parser = parse_shard, requires = "partial",
          conflicts_with = "out")]
    shard: Option<Shard>,
    /// The partial-result file a `--shard` writes.
    #[arg(long, value_name = "FILE", requires = "shard")]
    partial: Option<PathBuf>,
    #[command(flatten)]
    execution: Execution,
}

/// The options of `ccsim sweep` that decide what it reports: what a shard records so that the
/// merge plans the same sweep.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct SweepInvocation {
    /// The scenario file, as given.
    pub scenario: PathBuf,
    /// The `--vary` parameters, as given.
    pub vary: Vec<String>,
    /// The `--set` overrides, as given.
    #[serde(rename = "set")]
    pub overrides: Vec<String>,
}

/// The sweep's points (every error found before anything runs, exit 2) and the file's name.
pub(super) fn plan_sweep(invocation: &SweepInvocation) -> Result<(SweepPlan, String), Failure> {
    let overrides = parse_overrides(&invocation.overrides)?;
    let parsed: Vec<Result<Vary, String>> = invocation
        .vary
        .iter()
        .map(|text| text.parse::<Vary>().map_err(|e| e.to_string()))
        .collect();
    let problems: Vec<String> = parsed.iter().filter_map(|p| p.clone().err()).collect();
    if !problems.is_empty() {
        return Err(Failure::bad_input(problems.join("\nerror: ")));
    }
    let parameters = parsed.into_iter().filter_map(Result::ok).collect();
    let text = read_text(&invocation.scenario)?;
    let file = invocation.scenario.display().to_string();
    let plan = sweep::plan(&text, &file, &overrides, parameters)
        .map_err(|error| Failure::bad_input(error.problems.join("\nerror: ")))?;
    Ok((plan, file))
}

pub fn sweep(args: SweepArgs) -> Result<(), Failure> {
    let invocation = SweepInvocation {
        scenario: args.scenario.clone(),
        vary: args.parameters.clone(),
        overrides: args.overrides.clone(),
    };
    let (plan, file) = plan_sweep(&invocation)?;
    if let Some(dir) = &args.out {
        super::output::check_out_dir(dir)?;
    }
    if let (Some(shard), Some(partial)) = (args.shard, &args.partial) {
        return shard::sweep_shard(&invocation, &plan, &file, shard, partial, &args.execution);
    }

    let progress = progress::bar(plan.len() as u64, "points", args.execution.quiet());
    let tick = || progress.inc(1);
    let result = plan.run(&SweepOptions {
        threads: args.execution.threads(),
        on_point_done: Some(&tick),
    });
    progress.finish_and_clear();
    write_sweep(&result, &file, args.format, args.out.as_deref())
}

/// Writes the sweep to standard output in `format` and, with `out`, its files: what `ccsim
/// sweep` writes, and `ccsim merge` of its shards.
pub(super) fn write_sweep(
    sweep: &Sweep,
    file: &str,
    format: ResultFormat,
    out: Option<&Path>,
) -> Result<(), Failure> {
    write_stdout(|stdout| print(stdout, format, sweep, file))?;
    if let Some(dir) = out {
        write_files(dir, sweep, file)?;
    }
    Ok(())
}

fn print(
    out: &mut dyn Write,
    format: ResultFormat,
    sweep: &Sweep,
    file: &str,
) -> std::io::Result<()> {
    match format {
        ResultFormat::Table => report::write_sweep_table(out, sweep, file),
        ResultFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report::sweep_to_json(sweep, file))?;
            writeln!(out)
        }
        ResultFormat::Csv => report::write_sweep_csv(out, sweep).map_err(csv_to_io),
    }
}

fn write_files(dir: &Path, sweep: &Sweep, file: &str) -> Result<(), Failure> {
    // Charts first: a sweep whose charts cannot be drawn gets none of its files rewritten.
    let charts = charts::sweep_charts(sweep).map_err(|e| Failure::failed(e.to_string()))?;
    create_dir(dir)?;
    if !charts.is_empty() {
        write_charts(&dir.join("charts"), &charts)?;
    }
    write_atomically(&dir.join("sweep.csv"), |out| {
        report::write_sweep_csv(out, sweep).map_err(csv_to_io)
    })?;
    write_atomically(&dir.join("sweep.json"), |out| {
        serde_json::to_writer_pretty(&mut *out, &report::sweep_to_json(sweep, file))?;
        writeln!(out)
    })?;
    write_atomically(&dir.join("report.html"), |out| {
        report::write_sweep_html(out, sweep, file, &charts)
    })
}
