//! `ccsim erlang b|c|a`: the exact formulas of [`crate::analytic`] as a calculator.

use super::Failure;
use crate::analytic::{ErlangA, ErlangC, erlang_b, offered_load};
use crate::scenario::parse_duration;
use clap::{Args, Subcommand};

#[derive(Subcommand, Debug)]
pub enum ErlangCommand {
    /// Erlang B: blocking probability with no queue (M/M/c/c).
    B(LoadArgs),
    /// Erlang C: waits and service level when nobody hangs up (M/M/c).
    C(QueueArgs),
    /// Erlang A: waits, service level and abandonment with exponential patience (M/M/c+M).
    A(AbandonArgs),
}

/// The offered traffic and the agents (or lines) serving it.
#[derive(Args, Debug)]
pub struct LoadArgs {
    /// Agents (for Erlang B: lines).
    #[arg(long, value_name = "N")]
    agents: u32,
    /// Calls per hour (with --aht).
    #[arg(long, value_name = "RATE", required_unless_present = "erlangs")]
    calls_per_hour: Option<f64>,
    /// Offered load in erlangs, instead of --calls-per-hour.
    #[arg(long, value_name = "A", conflicts_with = "calls_per_hour")]
    erlangs: Option<f64>,
    /// Average handle time, e.g. 240s or 4m.
    #[arg(long, value_name = "DURATION", value_parser = duration, required_unless_present = "erlangs")]
    aht: Option<f64>,
}

#[derive(Args, Debug)]
pub struct QueueArgs {
    #[command(flatten)]
    load: LoadArgs,
    /// Service-level threshold, e.g. 20s.
    #[arg(long, value_name = "DURATION", value_parser = duration, default_value = "20s")]
    threshold: f64,
}

#[derive(Args, Debug)]
pub struct AbandonArgs {
    #[command(flatten)]
    queue: QueueArgs,
    /// Mean patience (time callers wait before hanging up), e.g. 3m.
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    patience: f64,
}

fn duration(text: &str) -> Result<f64, String> {
    parse_duration(text).ok_or_else(|| {
        format!("expected a duration such as \"20s\", \"4m\" or \"1h30m\", found \"{text}\"")
    })
}

/// Arrival rate (calls per second), mean handle time (s) and load (erlangs) from the arguments.
/// A time-based measure needs the handle time; `--erlangs` alone gives the load only.
fn traffic(load: &LoadArgs) -> Result<(Option<(f64, f64)>, f64), Failure> {
    let bad = |e: crate::analytic::AnalyticError| Failure::bad_input(e.to_string());
    match (load.calls_per_hour, load.erlangs, load.aht) {
        (Some(per_hour), _, Some(aht)) => {
            let rate = per_hour / 3600.0;
            Ok((Some((rate, aht)), offered_load(rate, aht).map_err(bad)?))
        }
        (None, Some(erlangs), Some(aht)) => Ok((Some((erlangs / aht, aht)), erlangs)),
        (None, Some(erlangs), None) => Ok((None, erlangs)),
        _ => Err(Failure::bad_input(
            "give --calls-per-hour with --aht, or --erlangs",
        )),
    }
}

fn describe(load: &LoadArgs, erlangs: f64) -> String {
    match (load.calls_per_hour, load.aht) {
        (Some(per_hour), Some(aht)) => {
            format!(
                "{per_hour} calls/h, AHT {aht} s ({erlangs:.3} erlangs), {} agents",
                load.agents
            )
        }
        _ => format!("{erlangs} erlangs, {} agents", load.agents),
    }
}

fn needs_handle_time(traffic: Option<(f64, f64)>) -> Result<(f64, f64), Failure> {
    traffic.ok_or_else(|| Failure::bad_input("time-based measures need --aht as well as the load"))
}

pub fn run(command: ErlangCommand) -> Result<(), Failure> {
    let bad = |e: crate::analytic::AnalyticError| Failure::bad_input(e.to_string());
    match command {
        ErlangCommand::B(load) => {
            let (_, erlangs) = traffic(&load)?;
            if !(erlangs.is_finite() && erlangs > 0.0) {
                return Err(Failure::bad_input(format!(
                    "the offered load must be positive, found {erlangs}"
                )));
            }
            println!("Erlang B: {}", describe(&load, erlangs));
            println!("{:<32} {:.6}", "P(blocked)", erlang_b(load.agents, erlangs));
        }
        ErlangCommand::C(args) => {
            let (traffic, erlangs) = traffic(&args.load)?;
            let (rate, aht) = needs_handle_time(traffic)?;
            let c = ErlangC::new(rate, aht, args.load.agents, args.threshold).map_err(bad)?;
            println!(
                "Erlang C: {}, threshold {} s",
                describe(&args.load, erlangs),
                args.threshold
            );
            println!("{:<32} {:.6}", "P(wait)", c.p_wait);
            println!("{:<32} {:.3} s", "ASA (mean wait)", c.asa);
            println!(
                "{:<32} {:.3} s",
                "Mean wait of calls that wait", c.mean_wait_given_wait
            );
            println!(
                "{:<32} {:.4}%",
                format!("Service level ({} s)", args.threshold),
                c.service_level * 100.0
            );
            println!("{:<32} {:.4}%", "Occupancy", c.occupancy * 100.0);
            println!("{:<32} {:.4}", "Mean queue length", c.mean_queue_length);
        }
        ErlangCommand::A(args) => {
            let queue = &args.queue;
            let (traffic, erlangs) = traffic(&queue.load)?;
            let (rate, aht) = needs_handle_time(traffic)?;
            let a = ErlangA::new(rate, aht, args.patience, queue.load.agents, queue.threshold)
                .map_err(bad)?;
            println!(
                "Erlang A: {}, mean patience {} s, threshold {} s",
                describe(&queue.load, erlangs),
                args.patience,
                queue.threshold
            );
            println!("{:<40} {:.6}", "P(wait)", a.p_wait);
            println!("{:<40} {:.6}", "P(abandon)", a.p_abandon);
            println!("{:<40} {:.3} s", "ASA (mean wait of answered calls)", a.asa);
            println!("{:<40} {:.3} s", "Mean wait of all calls", a.mean_wait);
            println!(
                "{:<40} {:.4}%",
                format!("Service level ({} s, of offered)", queue.threshold),
                a.p_answered_within * 100.0
            );
            println!(
                "{:<40} {:.6}",
                format!("P(abandon within {} s)", queue.threshold),
                a.p_abandon_within
            );
            println!("{:<40} {:.4}%", "Occupancy", a.occupancy * 100.0);
            println!("{:<40} {:.4}", "Mean queue length", a.mean_queue_length);
        }
    }
    Ok(())
}
