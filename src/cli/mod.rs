//! The command line: the only place that knows about terminals, files to write and exit codes.
//!
//! Exit codes: 0 success; 1 a failure while running or writing results, or (for `ccsim check`) a
//! regression or a changed scenario, or (for `ccsim staff`) targets no staffing meets; 2 bad
//! input (a usage error, an unreadable or invalid scenario or baseline, a bad `--set` or
//! `--vary`).

mod check;
mod compare;
mod erlang;
mod fit;
mod inputs;
mod merge;
mod output;
mod precision;
mod progress;
mod run;
mod shard;
mod staff;
mod sweep;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit code for bad input: usage errors, invalid scenarios.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code for a failure while running or writing results.
pub const EXIT_FAILURE: u8 = 1;

/// ccsim: discrete-event simulation of contact-centre queues.
#[derive(Parser, Debug)]
#[command(name = "ccsim", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run scenarios and report service level, waits and the lost-call breakdown.
    Run(run::RunArgs),
    /// Check scenario files without running them.
    Validate(run::ValidateArgs),
    /// Exact Erlang B / C / A measures (the formulas the test suite checks the simulation against).
    #[command(subcommand)]
    Erlang(erlang::ErlangCommand),
    /// Run scenarios and store their results as baselines for `ccsim check`.
    Baseline(check::BaselineArgs),
    /// Re-run scenarios and fail if their results moved from the stored baselines (for CI).
    #[command(after_help = check::CHECK_EXIT_STATUS)]
    Check(check::CheckArgs),
    /// Compare a baseline with variants on the same simulated callers: every metric's paired
    /// difference with its confidence interval.
    Compare(compare::CompareArgs),
    /// Run a scenario at every combination of some values (`--vary`), on the same callers, and
    /// tabulate service level, ASA, abandonment, occupancy and lost calls at each.
    Sweep(sweep::SweepArgs),
    /// Find the fewest agents per interval that meet a service-level target (and abandonment
    /// and occupancy ceilings) in the simulated day, beside the Erlang C requirement.
    Staff(staff::StaffArgs),
    /// Read a call log (CSV or TSV) and write a calibrated scenario: arrivals per class and
    /// interval, handle times, Kaplan-Meier patience and agents per interval, with fit.md
    /// (every estimate with its uncertainty) and actual.json (the observed metrics).
    Fit(fit::FitArgs),
    /// Merge the partial results of a command run in shards (`--shard I/N --partial FILE`)
    /// into the output one machine would have written.
    Merge(merge::MergeArgs),
}

/// An error with the exit code it maps to.
#[derive(Debug)]
pub struct Failure {
    /// What went wrong, ready to print after `error: `.
    pub message: String,
    /// The process exit code.
    pub code: u8,
}

impl Failure {
    pub(crate) fn bad_input(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: EXIT_BAD_INPUT,
        }
    }

    pub(crate) fn failed(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: EXIT_FAILURE,
        }
    }
}

/// Parses the command line, runs the command and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Run(args) => run::run(args),
        Command::Validate(args) => run::validate(args),
        Command::Erlang(command) => erlang::run(command),
        Command::Baseline(args) => check::baseline(args),
        Command::Check(args) => check::check(args),
        Command::Compare(args) => compare::compare(args),
        Command::Sweep(args) => sweep::sweep(args),
        Command::Staff(args) => staff::staff(args),
        Command::Fit(args) => fit::run(args),
        Command::Merge(args) => merge::merge(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}
