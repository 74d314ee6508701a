//! `ccsim staff`: the fewest agents per interval that meet the targets in the simulated day.

use super::Failure;
use super::inputs::{Execution, load_all, parse_overrides, read_text};
use super::output::{ResultFormat, create_dir, csv_to_io, write_atomically, write_stdout};
use super::precision::PrecisionArgs;
use super::progress;
use crate::Scenario;
use crate::experiment::staffing::{
    self, SearchStep, Staffing, StaffingError, StaffingOptions, Targets,
};
use crate::experiment::{RunOptions, day_targets};
use crate::report::{self, StaffingForm, clock_time};
use crate::roster::{self, RosterError};
use crate::scenario::{Override, parse_duration};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct StaffArgs {
    /// Scenario file (TOML).
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// Service-level target PERCENT/SECONDS, such as 80/20: 80% of calls answered within 20 s,
    /// counted by the scenario's service-level formula, for every call class. Default: the
    /// scenario's own target and threshold.
    #[arg(long, value_name = "PERCENT/SECONDS", value_parser = parse_target)]
    target: Option<(f64, f64)>,
    /// Highest acceptable abandon rate (short abandons excluded) in every interval, such as 5%.
    /// This flag and the other ceilings override the scenario's [targets].
    #[arg(long, value_name = "SHARE", value_parser = parse_share)]
    max_abandon: Option<f64>,
    /// Highest acceptable occupancy in every interval, such as 90%.
    #[arg(long, value_name = "SHARE", value_parser = parse_share)]
    max_occupancy: Option<f64>,
    /// Highest acceptable ASA (mean wait of answered calls) in every interval, such as 30s.
    #[arg(long, value_name = "DURATION", value_parser = parse_seconds)]
    max_asa: Option<f64>,
    /// The pool whose staffing is searched (needed when the scenario has several); the other
    /// pools keep theirs.
    #[arg(long, value_name = "NAME")]
    pool: Option<String>,
    /// Override a scenario value, as for `run` (`--set replications=60` narrows the confidence
    /// intervals and so the margin the answer keeps).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
    /// Also plan shifts: how many agents start on each of the scenario's [[shift_patterns]] to
    /// cover the requirement at the fewest paid hours (or lowest cost), simulated and re-planned
    /// until every interval meets the targets (docs/staffing.md).
    #[arg(long)]
    shifts: bool,
    /// Format on standard output.
    #[arg(long, value_enum, default_value_t)]
    format: ResultFormat,
    /// Also write staffing.csv and staff.json into this directory.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    precision: PrecisionArgs,
    #[command(flatten)]
    execution: Execution,
}

/// `80/20`, `80%/20s` or `90/10s`: (share, threshold in seconds).
pub(super) fn parse_target(text: &str) -> Result<(f64, f64), String> {
    let expected = "expected PERCENT/SECONDS such as 80/20 (80% answered within 20 s)";
    let (percent, threshold) = text
        .split_once('/')
        .ok_or_else(|| format!("no `/`; {expected}"))?;
    let percent = percent.trim();
    let share = match percent.strip_suffix('%') {
        Some(number) => number.trim().parse::<f64>().ok(),
        // A bare number up to 1 is most likely a share typed by mistake: 0.8/20 is not 0.8 %.
        None => percent.parse::<f64>().ok().filter(|p| *p > 1.0),
    }
    .filter(|p| *p > 0.0 && *p <= 100.0)
    .ok_or_else(|| format!("{percent:?} is not a percentage from 1 to 100; {expected}"))?;
    let seconds = parse_duration(threshold)
        .ok_or_else(|| format!("{:?} is not a duration; {expected}", threshold.trim()))?;
    Ok((share / 100.0, seconds))
}

/// `5%` or `0.05`: a share from 0 to 1.
pub(super) fn parse_share(text: &str) -> Result<f64, String> {
    let text = text.trim();
    let share = match text.strip_suffix('%') {
        Some(number) => number.trim().parse::<f64>().ok().map(|p| p / 100.0),
        None => text.parse::<f64>().ok(),
    };
    share.filter(|s| (0.0..=1.0).contains(s)).ok_or_else(|| {
        "expected a percentage such as 5% or a share from 0 to 1 such as 0.05".to_string()
    })
}

/// `30s`, `1m`: a duration of 0 or more, in seconds.
fn parse_seconds(text: &str) -> Result<f64, String> {
    parse_duration(text).ok_or_else(|| {
        format!(
            "found {:?}; expected a duration such as 30s or 1m",
            text.trim()
        )
    })
}

/// The index of the pool to staff: the one named, or the only one.
fn choose_pool(scenario: &Scenario, name: Option<&str>, file: &str) -> Result<usize, Failure> {
    let names: Vec<&str> = scenario.pools.iter().map(|p| p.name.as_str()).collect();
    let listed = names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    match name {
        Some(name) => names.iter().position(|n| *n == name).ok_or_else(|| {
            Failure::bad_input(format!(
                "--pool {name}: {file} has no pool of that name; its pools are {listed}"
            ))
        }),
        None if names.len() == 1 => Ok(0),
        None => Err(Failure::bad_input(format!(
            "{file} has several pools ({listed}); choose the one to staff with --pool NAME"
        ))),
    }
}

/// How the pool's staffing is written, as the loader reads it: a count of agents (`agents` in
/// `[staffing]` or `[[pools]]` N, from the file or a `--set`) comes first; else the shifts for
/// the pool; else the forecast's agents column (only `[staffing]` takes one). The scenario has
/// loaded, so one of them is there.
fn staffing_form(text: &str, pool: usize, name: &str, overrides: &[Override]) -> StaffingForm {
    let document = text.parse::<toml::Table>().unwrap_or_default();
    let pools = document.get("pools").and_then(|pools| pools.as_array());
    let (path, table) = match pools {
        Some(pools) => (format!("pools.{pool}"), pools.get(pool)),
        None => ("staffing".to_string(), document.get("staffing")),
    };
    let key = format!("{path}.agents");
    let counted = table.and_then(|table| table.get("agents")).is_some()
        || overrides.iter().any(|o| o.key == key);
    let shifts = document
        .get("shifts")
        .and_then(|shifts| shifts.as_array())
        .is_some_and(|shifts| {
            shifts.iter().any(|shift| {
                let for_pool = shift.get("pool").and_then(|p| p.as_str());
                pools.is_none() || for_pool == Some(name)
            })
        });
    if counted {
        StaffingForm::Count { key }
    } else if shifts {
        StaffingForm::Shifts
    } else if document.contains_key("forecast") {
        StaffingForm::Forecast { key }
    } else {
        StaffingForm::Count { key }
    }
}

pub fn staff(args: StaffArgs) -> Result<(), Failure> {
    let overrides = parse_overrides(&args.overrides)?;
    let mut scenario = load_all(std::slice::from_ref(&args.scenario), &overrides)?.remove(0);
    let file = args.scenario.display().to_string();
    let pool = choose_pool(&scenario, args.pool.as_deref(), &file)?;
    let form = staffing_form(
        &read_text(&args.scenario)?,
        pool,
        &scenario.pools[pool].name,
        &overrides,
    );
    if let Some((share, threshold)) = args.target {
        staffing::set_service_target(&mut scenario, threshold, share);
    }
    let ceilings = scenario.targets.interval;
    let targets = Targets {
        service_level: scenario.service_level.target,
        max_abandon: args.max_abandon.or(ceilings.max_abandon),
        max_occupancy: args.max_occupancy.or(ceilings.max_occupancy),
        max_asa: args.max_asa.or(ceilings.max_asa),
    };
    let precision = args.precision.for_search(&targets)?;
    if let Some(dir) = &args.out {
        super::output::check_out_dir(dir)?;
    }

    let intervals = scenario.hours.interval_count() as u64;
    let progress = progress::bar(intervals, "intervals", args.execution.quiet());
    let hours = &scenario.hours;
    let report_step = |step: SearchStep| match step {
        SearchStep::Trying { interval, agents } => {
            let start = clock_time(hours.interval_bounds(interval).0);
            progress.set_message(format!("{start}: trying {agents} agents"));
        }
        SearchStep::Found { .. } => progress.inc(1),
        SearchStep::Verifying => progress.set_message("verifying the whole day"),
    };
    let options = StaffingOptions {
        threads: args.execution.threads(),
        on_progress: Some(&report_step),
        precision,
    };
    let found = staffing::find_staffing(&scenario, pool, &targets, &options);
    progress.finish_and_clear();
    let mut found = found.map_err(|error| match error {
        StaffingError::TooFewReplications(_) => Failure::bad_input(format!("{file}: {error}")),
        StaffingError::Unreachable { .. } | StaffingError::Imprecise { .. } => {
            Failure::failed(format!("{file}: {error}"))
        }
    })?;
    if !scenario.targets.day.is_empty() {
        let threads = args.execution.threads();
        day_targets::meet_day_targets(&mut found, &scenario.targets.day, threads)
            .map_err(|error| Failure::failed(format!("{file}: {error}")))?;
    }
    if let Some(warning) = undecided_warning(&found, &file) {
        eprintln!("warning: {warning}");
    }

    if !args.shifts {
        write_stdout(|out| print(out, args.format, &found, &file, &form))?;
        if let Some(dir) = &args.out {
            write_files(dir, &found, &file, &form)?;
        }
        return Ok(());
    }
    let run_options = RunOptions {
        threads: args.execution.threads(),
        ..RunOptions::default()
    };
    let planned = roster::plan_roster(&scenario, pool, &found.agents(), &targets, &run_options)
        .map_err(|error| match error {
            RosterError::NoPatterns { .. } | RosterError::Uncovered { .. } => {
                Failure::bad_input(format!("{file}: {error}"))
            }
            RosterError::Infeasible { .. } | RosterError::Solver(_) => {
                Failure::failed(format!("{file}: {error}"))
            }
        })?;
    write_stdout(|out| match args.format {
        ResultFormat::Json => {
            let json = serde_json::json!({
                "staffing": report::staffing_to_json(&found, &file, &form),
                "roster": report::roster_to_json(&planned, &scenario),
            });
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)
        }
        // CSV stays one table, the requirement; the roster's files are written by --out.
        ResultFormat::Csv => print(out, ResultFormat::Csv, &found, &file, &form),
        ResultFormat::Table => {
            print(out, ResultFormat::Table, &found, &file, &form)?;
            writeln!(out)?;
            report::write_roster_table(out, &planned, &scenario)
        }
    })?;
    if let Some(dir) = &args.out {
        write_files(dir, &found, &file, &form)?;
        write_atomically(&dir.join("shifts.toml"), |out| {
            out.write_all(report::roster_to_toml(&planned, &scenario).as_bytes())
        })?;
        write_atomically(&dir.join("roster.json"), |out| {
            serde_json::to_writer_pretty(&mut *out, &report::roster_to_json(&planned, &scenario))?;
            writeln!(out)
        })?;
    }
    match planned.missed_intervals() {
        0 => Ok(()),
        missed => Err(Failure::failed(format!(
            "{file}: the planned roster still misses the targets in {missed} intervals after {}              rounds of re-planning; the shifts above are the best found, not a roster that meets              the targets",
            planned.rounds
        ))),
    }
}

/// A warning when, in some intervals, one agent fewer than the answer missed a target only by
/// a confidence interval that straddles it: too wide to tell whether it would have done.
fn undecided_warning(staffing: &Staffing, file: &str) -> Option<String> {
    let undecided: Vec<String> = (staffing.intervals.iter())
        .filter(|interval| interval.fewer_undecided)
        .map(|interval| clock_time(interval.start))
        .collect();
    if undecided.is_empty() {
        return None;
    }
    let count = undecided.len();
    let total = staffing.intervals.iter().filter(|i| i.searched).count();
    let listed = match undecided.len() {
        1..=6 => undecided.join(", "),
        _ => format!("{} … {}", undecided[..3].join(", "), undecided[count - 1]),
    };
    Some(format!(
        "{file}: in {count} of {total} interval{} ({listed}) one agent fewer straddles a target: its 95% \
         confidence interval is too wide to tell whether it would meet it, so the answer may \
         keep a margin for noise; --precision (such as --precision 1pp) decides close calls \
         with more replications",
        if total == 1 { "" } else { "s" },
    ))
}

fn print(
    out: &mut dyn Write,
    format: ResultFormat,
    staffing: &Staffing,
    file: &str,
    form: &StaffingForm,
) -> std::io::Result<()> {
    match format {
        ResultFormat::Table => report::write_staffing_table(out, staffing, file, form),
        ResultFormat::Json => {
            let json = report::staffing_to_json(staffing, file, form);
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)
        }
        ResultFormat::Csv => report::write_staffing_csv(out, staffing).map_err(csv_to_io),
    }
}

fn write_files(
    dir: &Path,
    staffing: &Staffing,
    file: &str,
    form: &StaffingForm,
) -> Result<(), Failure> {
    create_dir(dir)?;
    write_atomically(&dir.join("staffing.csv"), |out| {
        report::write_staffing_csv(out, staffing).map_err(csv_to_io)
    })?;
    write_atomically(&dir.join("staff.json"), |out| {
        let json = report::staffing_to_json(staffing, file, form);
        serde_json::to_writer_pretty(&mut *out, &json)?;
        writeln!(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_percent_over_seconds() {
        assert_eq!(parse_target("80/20"), Ok((0.8, 20.0)));
        assert_eq!(parse_target("90%/10s"), Ok((0.9, 10.0)));
        assert_eq!(parse_target(" 80 / 1m"), Ok((0.8, 60.0)));
        assert!(parse_target("80").unwrap_err().contains("no `/`"));
        assert!(
            parse_target("0.8/20")
                .unwrap_err()
                .contains("not a percentage")
        );
        assert!(
            parse_target("180/20")
                .unwrap_err()
                .contains("not a percentage")
        );
        assert!(
            parse_target("80/soon")
                .unwrap_err()
                .contains("not a duration")
        );
    }

    #[test]
    fn shares_are_percentages_or_fractions() {
        assert_eq!(parse_share("5%"), Ok(0.05));
        assert_eq!(parse_share("0.9"), Ok(0.9));
        assert!(parse_share("5").is_err(), "5 is neither 5% nor a share");
        assert!(parse_share("-1%").is_err());
    }

    #[test]
    fn the_staffing_form_follows_the_file_layout() {
        let count = |key: &str| StaffingForm::Count { key: key.into() };
        assert_eq!(
            staffing_form("[staffing]\nagents = 3", 0, "agents", &[]),
            count("staffing.agents")
        );
        let pools = "[[pools]]\nname = 'a'\nagents = 2\n[[pools]]\nname = 'b'\n\
                     [[shifts]]\npool = 'b'\nstart = '08:00'\nend = '12:00'\nagents = 4";
        assert_eq!(staffing_form(pools, 0, "a", &[]), count("pools.0.agents"));
        assert_eq!(staffing_form(pools, 1, "b", &[]), StaffingForm::Shifts);
        let shifts = "[staffing]\nshrinkage = 0.3\n[[shifts]]\nstart = '08:00'\nagents = 4";
        assert_eq!(
            staffing_form(shifts, 0, "agents", &[]),
            StaffingForm::Shifts
        );
        let forecast = "[forecast]\nfile = 'f.csv'\n[staffing]\nshrinkage = 0.3";
        assert_eq!(
            staffing_form(forecast, 0, "agents", &[]),
            StaffingForm::Forecast {
                key: "staffing.agents".into()
            }
        );
        // A count given with --set wins over the forecast's column, as in the loader.
        let set: Override = "staffing.agents=[5, 6]".parse().unwrap();
        assert_eq!(
            staffing_form(forecast, 0, "agents", &[set]),
            count("staffing.agents")
        );
    }
}
