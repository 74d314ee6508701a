//! `ccsim erlang b|c|a|x`: the exact formulas of [`crate::analytic`] as a calculator — the
//! measures at one staffing or a range, the fewest agents that meet targets, or every interval
//! of a scenario — as a table, JSON or CSV.

use super::Failure;
use super::inputs::{load_all, parse_overrides};
use super::output::{ResultFormat, csv_to_io, write_stdout};
use super::staff::{parse_share, parse_target};
use crate::analytic::calculator::{Formula, MAX_AGENTS, Targets, Traffic, fewest_agents, measures};
use crate::analytic::{AnalyticError, MAX_ATTEMPTS, Redials};
use crate::experiment::closed_form::interval_load;
use crate::model::{RedialAfter, Scenario};
use crate::report::{
    ErlangReport, Evaluated, IntervalRow, IntervalTable, Required, StaffingTable, clock_time,
    erlang_to_json, write_erlang_csv, write_erlang_table,
};
use crate::scenario::parse_duration;
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Most calls per hour the calculator takes.
const MAX_CALLS_PER_HOUR: f64 = 1e7;
/// Longest duration it takes (handle time, patience, threshold, ASA ceiling): 30 days.
const MAX_DURATION: f64 = 30.0 * 86_400.0;
/// Most rows of an `--agents` range.
const MAX_ROWS: u32 = 1000;

#[derive(Subcommand, Debug)]
pub enum ErlangCommand {
    /// Erlang B: blocking probability with no queue (M/M/c/c); --agents are the lines.
    B(CommonArgs),
    /// Erlang C: waits and service level when nobody hangs up (M/M/c).
    C(ServiceArgs),
    /// Erlang A: waits, service level and abandonment with exponential patience (M/M/c+M).
    A(AbandonArgs),
    /// Erlang X: Erlang A with a finite number of lines (blocked calls) and redials.
    X(RedialArgs),
}

/// The traffic, the staffing and the output, for every formula.
#[derive(Args, Debug)]
pub struct CommonArgs {
    /// Agents on the phones (for Erlang B: lines): a count such as 12, or a range such as
    /// 20..30 for a table, at most 100000.
    #[arg(long, value_name = "N|FROM..TO", value_parser = agent_range, conflicts_with = "scenario")]
    agents: Option<(u32, u32)>,
    /// Calls per hour (with --aht), at most 10000000.
    #[arg(long, value_name = "RATE", conflicts_with = "scenario")]
    calls_per_hour: Option<f64>,
    /// Offered load in erlangs, instead of --calls-per-hour.
    #[arg(long, value_name = "A", conflicts_with_all = ["calls_per_hour", "scenario"])]
    erlangs: Option<f64>,
    /// Average handle time, e.g. 240s or 4m.
    #[arg(long, value_name = "DURATION", value_parser = duration, conflicts_with = "scenario")]
    aht: Option<f64>,
    /// Compute every interval of this scenario: its calls, handle time, patience and agents on
    /// the phones per interval (and with a target, the agents each interval requires).
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// Override a scenario value, as for `run` (with --scenario).
    #[arg(long = "set", value_name = "KEY=VALUE", requires = "scenario")]
    overrides: Vec<String>,
    /// Format on standard output.
    #[arg(long, value_enum, default_value_t)]
    format: ResultFormat,
}

/// The service-level threshold and the targets, for the formulas with a queue.
#[derive(Args, Debug)]
pub struct ServiceArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Service-level threshold, e.g. 20s (default: 20 s, or the scenario's).
    #[arg(long, value_name = "DURATION", value_parser = duration, conflicts_with = "target")]
    threshold: Option<f64>,
    /// Solve for agents: the fewest that answer PERCENT of calls within SECONDS, such as 80/20.
    #[arg(long, value_name = "PERCENT/SECONDS", value_parser = parse_target)]
    target: Option<(f64, f64)>,
    /// Solve for agents with an ASA ceiling, such as 30s (with the other targets, all must hold).
    #[arg(long, visible_alias = "asa", value_name = "DURATION", value_parser = duration)]
    max_asa: Option<f64>,
    /// Solve for agents with an abandonment ceiling, such as 5% (with the other targets, all
    /// must hold).
    #[arg(long, visible_alias = "abandon", value_name = "SHARE", value_parser = parse_share)]
    max_abandon: Option<f64>,
}

#[derive(Args, Debug)]
pub struct AbandonArgs {
    #[command(flatten)]
    service: ServiceArgs,
    /// Mean patience (time callers wait before hanging up), e.g. 3m (default with --scenario:
    /// the scenario's callers').
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    patience: Option<f64>,
}

#[derive(Args, Debug)]
pub struct RedialArgs {
    #[command(flatten)]
    abandon: AbandonArgs,
    /// Trunk lines: the most calls waiting or talking (default: unlimited, or the scenario's
    /// `limits.lines`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_AGENTS)))]
    lines: Option<u32>,
    /// Probability that a blocked or abandoned caller tries again, such as 50% (default: 0, or
    /// the scenario's `[redial]` rules).
    #[arg(long, value_name = "SHARE", value_parser = parse_share)]
    redial: Option<f64>,
    /// Probability of trying again after a busy signal, instead of --redial's.
    #[arg(long, value_name = "SHARE", value_parser = parse_share)]
    redial_blocked: Option<f64>,
    /// Probability of trying again after abandoning, instead of --redial's.
    #[arg(long, value_name = "SHARE", value_parser = parse_share)]
    redial_abandoned: Option<f64>,
    /// Attempts a caller makes at most, the first included, 1 to 100 (default 3, as in a
    /// scenario's `[redial]`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_ATTEMPTS)))]
    max_attempts: Option<u32>,
}

fn duration(text: &str) -> Result<f64, String> {
    parse_duration(text)
        .filter(|seconds| *seconds <= MAX_DURATION)
        .ok_or_else(|| {
            format!(
                "expected a duration up to 30 days such as \"20s\", \"4m\" or \"1h30m\", found \
                 \"{text}\""
            )
        })
}

/// `12` or `20..30` (inclusive): the first and last agents.
fn agent_range(text: &str) -> Result<(u32, u32), String> {
    let expected = format!(
        "expected a number of agents such as 12, or a range such as 20..30, from 0 to {MAX_AGENTS} \
         and at most {MAX_ROWS} rows"
    );
    let number = |part: &str| part.trim().parse::<u32>().ok().filter(|n| *n <= MAX_AGENTS);
    let range = match text.split_once("..") {
        Some((from, to)) => number(from).zip(number(to.strip_prefix('=').unwrap_or(to))),
        None => number(text).map(|n| (n, n)),
    };
    range
        .filter(|(from, to)| from <= to && to - from < MAX_ROWS)
        .ok_or(expected)
}

/// The formula's parameters from the command line, before a scenario may fill them in.
struct Choice {
    kind: Kind,
    threshold: Option<f64>,
    targets: Targets,
    patience: Option<f64>,
    lines: Option<u32>,
    redial_blocked: Option<f64>,
    redial_abandoned: Option<f64>,
    max_attempts: Option<u32>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    B,
    C,
    A,
    X,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::B => "b",
            Kind::C => "c",
            Kind::A => "a",
            Kind::X => "x",
        }
    }
}

fn choice(kind: Kind, service: Option<&ServiceArgs>) -> Choice {
    let (threshold, targets) = match service {
        Some(s) => (
            s.target.map(|(_, seconds)| seconds).or(s.threshold),
            Targets {
                service_level: s.target.map(|(share, _)| share),
                max_asa: s.max_asa,
                max_abandon: s.max_abandon,
            },
        ),
        None => (None, Targets::default()),
    };
    Choice {
        kind,
        threshold,
        targets,
        patience: None,
        lines: None,
        redial_blocked: None,
        redial_abandoned: None,
        max_attempts: None,
    }
}

pub fn run(command: ErlangCommand) -> Result<(), Failure> {
    let (common, choice) = match &command {
        ErlangCommand::B(common) => (common, choice(Kind::B, None)),
        ErlangCommand::C(service) => (&service.common, choice(Kind::C, Some(service))),
        ErlangCommand::A(args) => (
            &args.service.common,
            Choice {
                patience: args.patience,
                ..choice(Kind::A, Some(&args.service))
            },
        ),
        ErlangCommand::X(args) => (
            &args.abandon.service.common,
            Choice {
                patience: args.abandon.patience,
                lines: args.lines,
                redial_blocked: args.redial_blocked.or(args.redial),
                redial_abandoned: args.redial_abandoned.or(args.redial),
                max_attempts: args.max_attempts,
                ..choice(Kind::X, Some(&args.abandon.service))
            },
        ),
    };
    let (report, unreachable) = match &common.scenario {
        Some(path) => intervals(common, &choice, path)?,
        None => (staffings(common, &choice)?, None),
    };
    write_stdout(|out| match common.format {
        ResultFormat::Table => write_erlang_table(out, &report),
        ResultFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &erlang_to_json(&report))?;
            writeln!(out)
        }
        ResultFormat::Csv => write_erlang_csv(out, &report).map_err(csv_to_io),
    })?;
    match unreachable {
        Some(message) => Err(Failure::failed(message)),
        None => Ok(()),
    }
}

fn bad(error: AnalyticError) -> Failure {
    Failure::bad_input(error.to_string())
}

/// Arrival rate and load from the command line, capped.
fn traffic(common: &CommonArgs) -> Result<(Option<f64>, Traffic), Failure> {
    let load_cap = f64::from(MAX_AGENTS);
    let checked = |value: f64, what: &str, most: f64| {
        if value > 0.0 && value.is_finite() && value <= most {
            Ok(value)
        } else {
            Err(Failure::bad_input(format!(
                "{what} must be a positive number up to {most}, found {value}"
            )))
        }
    };
    match (common.calls_per_hour, common.erlangs, common.aht) {
        (Some(per_hour), _, Some(aht)) => {
            let per_hour = checked(per_hour, "--calls-per-hour", MAX_CALLS_PER_HOUR)?;
            let rate = per_hour / 3600.0;
            let load = checked(rate * aht, "the offered load (erlangs)", load_cap)?;
            Ok((
                Some(per_hour),
                Traffic {
                    load,
                    timing: Some((rate, aht)),
                },
            ))
        }
        (None, Some(erlangs), aht) => {
            let load = checked(erlangs, "--erlangs", load_cap)?;
            Ok((
                None,
                Traffic {
                    load,
                    timing: aht.map(|aht| (load / aht, aht)),
                },
            ))
        }
        _ => Err(Failure::bad_input(
            "give --calls-per-hour with --aht, or --erlangs (with --aht for the formulas with a \
             queue), or --scenario FILE",
        )),
    }
}

/// The redials from the command line, when any of them is given.
fn redials_given(choice: &Choice) -> Option<Redials> {
    let given = choice.redial_blocked.is_some()
        || choice.redial_abandoned.is_some()
        || choice.max_attempts.is_some();
    given.then(|| Redials {
        after_blocked: choice.redial_blocked.unwrap_or(0.0),
        after_abandoned: choice.redial_abandoned.unwrap_or(0.0),
        max_attempts: choice.max_attempts.unwrap_or(3),
    })
}

/// The formula with a given mean patience (for A and X), lines and redials (for X).
fn formula(
    choice: &Choice,
    patience: Option<f64>,
    lines: Option<u32>,
    redials: Redials,
) -> Formula {
    match (choice.kind, patience) {
        (Kind::B, _) => Formula::B,
        (Kind::C, _) => Formula::C,
        (Kind::A, Some(mean_patience)) => Formula::A { mean_patience },
        (Kind::X, Some(mean_patience)) => Formula::X {
            mean_patience,
            lines,
            redials,
        },
        (Kind::A | Kind::X, None) => unreachable!("patience checked before"),
    }
}

/// The most agents worth trying: agents beyond the lines never answer a call.
fn most_agents(formula: &Formula) -> u32 {
    match formula {
        Formula::X {
            lines: Some(lines), ..
        } => (*lines).min(MAX_AGENTS),
        _ => MAX_AGENTS,
    }
}

fn unreachable_message(formula: &Formula, most: u32) -> String {
    match formula {
        Formula::X {
            lines: Some(lines), ..
        } if *lines == most => format!(
            "no staffing meets the targets with {lines} lines (agents beyond the lines answer \
             nothing): add lines with --lines, or relax the targets"
        ),
        _ => format!("no staffing up to {most} agents meets the targets: relax the targets"),
    }
}

fn required(
    formula: &Formula,
    traffic: &Traffic,
    threshold: f64,
    targets: &Targets,
) -> Result<Required, AnalyticError> {
    if traffic.timing.is_some_and(|(rate, _)| rate == 0.0) {
        return Ok(Required::NoCalls);
    }
    let most = most_agents(formula);
    Ok(
        match fewest_agents(formula, traffic, threshold, targets, most)? {
            Some(m) => Required::Met(m),
            None => Required::Unreachable { most },
        },
    )
}

/// `erlang b|c|a|x` without a scenario: the staffings asked for, and the one the targets need.
fn staffings(common: &CommonArgs, choice: &Choice) -> Result<ErlangReport, Failure> {
    let (calls_per_hour, traffic) = traffic(common)?;
    if choice.kind != Kind::B && traffic.timing.is_none() {
        return Err(Failure::bad_input(
            "the formulas with a queue need the handle time: add --aht",
        ));
    }
    if matches!(choice.kind, Kind::A | Kind::X) && choice.patience.is_none() {
        return Err(Failure::bad_input(format!(
            "erlang {} needs the callers' mean patience: add --patience, such as 3m",
            choice.kind.name()
        )));
    }
    if common.agents.is_none() && choice.targets.is_empty() {
        return Err(Failure::bad_input(
            "give --agents N (or a range such as 20..30), or a target to solve for agents \
             (--target 80/20, --max-asa, --max-abandon)",
        ));
    }
    let redials = redials_given(choice).unwrap_or(Redials::NONE);
    let formula = formula(choice, choice.patience, choice.lines, redials);
    let threshold = choice.threshold.unwrap_or(20.0);
    let required = if choice.targets.is_empty() {
        None
    } else {
        match required(&formula, &traffic, threshold, &choice.targets).map_err(bad)? {
            Required::Unreachable { most } => {
                return Err(Failure::failed(unreachable_message(&formula, most)));
            }
            found => Some(found),
        }
    };
    let rows = match common.agents {
        Some((from, to)) if from == to => {
            let m = measures(&formula, &traffic, from, threshold).map_err(bad)?;
            vec![Evaluated {
                agents: from,
                outcome: Ok(m),
            }]
        }
        Some((from, to)) => (from..=to)
            .map(|agents| Evaluated {
                agents,
                outcome: measures(&formula, &traffic, agents, threshold).map_err(|e| e.to_string()),
            })
            .collect(),
        None => match &required {
            Some(Required::Met(m)) => vec![Evaluated {
                agents: m.agents,
                outcome: Ok(*m),
            }],
            _ => Vec::new(),
        },
    };
    Ok(ErlangReport::Staffings(StaffingTable {
        formula,
        calls_per_hour,
        traffic,
        threshold: (choice.kind != Kind::B).then_some(threshold),
        targets: choice.targets,
        required,
        rows,
    }))
}

/// The redial rules every class of the scenario shares, for Erlang X.
fn scenario_redials(scenario: &Scenario, file: &str) -> Result<Redials, Failure> {
    let of_class = |class: &crate::model::CallClass| {
        let probability = |after| {
            class
                .redial
                .rule(after)
                .map_or(0.0, |rule| rule.probability)
        };
        let redials = Redials {
            after_blocked: probability(RedialAfter::Blocked),
            after_abandoned: probability(RedialAfter::Abandoned),
            max_attempts: class.redial.max_attempts.min(MAX_ATTEMPTS),
        };
        if redials.after_blocked == 0.0 && redials.after_abandoned == 0.0 {
            Redials::NONE
        } else {
            redials
        }
    };
    let first = of_class(&scenario.classes[0]);
    if scenario
        .classes
        .iter()
        .any(|class| of_class(class) != first)
    {
        return Err(Failure::bad_input(format!(
            "{file}: the call classes redial differently, and Erlang X takes one rule: give \
             --redial (or --redial-blocked and --redial-abandoned) and --max-attempts"
        )));
    }
    Ok(first)
}

/// `erlang b|c|a|x --scenario FILE`: every interval, and a message when some interval's
/// targets cannot be met.
fn intervals(
    common: &CommonArgs,
    choice: &Choice,
    path: &std::path::Path,
) -> Result<(ErlangReport, Option<String>), Failure> {
    let overrides = parse_overrides(&common.overrides)?;
    let scenario = load_all(std::slice::from_ref(&path.to_path_buf()), &overrides)?.remove(0);
    let file = path.display().to_string();
    let threshold = choice.threshold.unwrap_or(scenario.service_level.threshold);
    let lines = choice.lines.or(scenario.limits.lines);
    let redials = match redials_given(choice) {
        Some(given) => given,
        None if choice.kind == Kind::X => scenario_redials(&scenario, &file)?,
        None => Redials::NONE,
    };
    let mut rows = Vec::new();
    let mut unmet = Vec::new();
    for interval in 0..scenario.hours.interval_count() {
        let (start, end) = scenario.hours.interval_bounds(interval);
        let load = interval_load(&scenario, interval);
        let agents: u32 = scenario
            .pools
            .iter()
            .map(|pool| pool.agents.get(interval).copied().unwrap_or(0))
            .sum();
        let calls = load.arrival_rate > 0.0;
        let patience = choice.patience.or(load.mean_patience);
        if calls && matches!(choice.kind, Kind::A | Kind::X) && patience.is_none() {
            return Err(Failure::bad_input(format!(
                "{file}: callers in {}-{} never hang up (no patience), so Erlang {} has nothing \
                 to go on: give --patience, or use erlang c",
                clock_time(start),
                clock_time(end),
                choice.kind.name().to_uppercase()
            )));
        }
        // An interval without calls has no patience to speak of; its formula is never evaluated.
        let formula = formula(choice, patience.or(Some(f64::NAN)), lines, redials);
        let traffic = Traffic {
            load: load.erlangs(),
            timing: Some((load.arrival_rate, load.mean_handle)),
        };
        let outcome = if calls {
            measures(&formula, &traffic, agents, threshold).map_err(|e| e.to_string())
        } else {
            Err("no calls offered".to_string())
        };
        let required = if choice.targets.is_empty() {
            None
        } else {
            let found = required(&formula, &traffic, threshold, &choice.targets)
                .unwrap_or_else(|e| Required::Refused(e.to_string()));
            if !matches!(found, Required::Met(_) | Required::NoCalls) {
                unmet.push(format!("{}-{}", clock_time(start), clock_time(end)));
            }
            Some(found)
        };
        rows.push(IntervalRow {
            start,
            end,
            formula,
            traffic,
            scenario: Evaluated { agents, outcome },
            required,
        });
    }
    let unreachable = (!unmet.is_empty()).then(|| {
        format!(
            "no staffing meets the targets in {} of {file}'s intervals ({}): see the notes under \
             the table",
            unmet.len(),
            unmet.join(", ")
        )
    });
    let report = ErlangReport::Intervals(IntervalTable {
        name: scenario.name.clone(),
        file,
        threshold: (choice.kind != Kind::B).then_some(threshold),
        targets: choice.targets,
        intervals: rows,
    });
    Ok((report, unreachable))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytic::calculator::Measures;

    /// The measures of the only row.
    fn only(report: &ErlangReport) -> Measures {
        match report {
            ErlangReport::Staffings(table) => table.rows[0].outcome.clone().unwrap(),
            ErlangReport::Intervals(_) => panic!("not a staffing table"),
        }
    }

    #[test]
    fn agents_are_a_count_or_a_range() {
        assert_eq!(agent_range("12"), Ok((12, 12)));
        assert_eq!(agent_range("20..30"), Ok((20, 30)));
        assert_eq!(agent_range("20..=30"), Ok((20, 30)));
        assert!(agent_range("30..20").is_err());
        assert!(agent_range("4000000000").is_err());
        assert!(agent_range("1..5000").unwrap_err().contains("1000 rows"));
        assert!(agent_range("many").is_err());
    }

    #[test]
    fn durations_are_capped() {
        assert_eq!(duration("4m"), Ok(240.0));
        assert!(duration("1000d").is_err());
    }

    #[test]
    fn a_target_alone_gives_the_required_row() {
        let common = CommonArgs {
            agents: None,
            calls_per_hour: None,
            erlangs: Some(10.0),
            aht: Some(180.0),
            scenario: None,
            overrides: Vec::new(),
            format: ResultFormat::Table,
        };
        let mut chosen = choice(Kind::C, None);
        chosen.targets.service_level = Some(0.8);
        let report = staffings(&common, &chosen).unwrap();
        assert_eq!(only(&report).agents, 14);
    }
}
