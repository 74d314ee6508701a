//! Exact queueing formulas: Erlang B, Erlang C and Erlang A.
//!
//! They serve twice. The test suite validates the simulator against them — a long run of a
//! scenario that meets their assumptions (Poisson arrivals, exponential handle times and, for
//! Erlang A, exponential patience) must land on these numbers — and the `ccsim erlang b|c|a|x`
//! calculator prints them. Both uses need them exact, not approximately right: an oracle that is
//! off by a percent hides simulator bugs of that size.
//!
//! Units are seconds and calls per second throughout; an offered load is in erlangs, the arrival
//! rate times the mean handle time ([`offered_load`]).
//!
//! * [`erlang_b`]: probability that a call is blocked when there is no queue (M/M/c/c).
//! * [`erlang_c`]: probability that a call waits when nobody abandons (M/M/c).
//! * [`ErlangC`]: waits, service level, occupancy and queue length of M/M/c.
//! * [`ErlangA`]: the same and abandonment for M/M/c+M, where callers hang up after an
//!   exponential patience; it stays stable when the load exceeds the agents.
//! * [`LineLimited`] and [`ErlangX`]: Erlang A with a finite number of trunk lines (blocked
//!   calls), and with callers who redial after a blocked or abandoned attempt.
//! * [`calculator`]: the four as one set of measures per staffing, and the fewest agents that
//!   meet service-level, ASA and abandonment targets, for `ccsim erlang`.
//!
//! Erlang B comes from its stable recursion, Erlang C in closed form from it, and Erlang A from
//! the exact birth–death chain, truncated only where the neglected probability is below 1e-16
//! (see [`ErlangA`] for the method and its error bounds).

pub mod calculator;
mod erlang;
mod erlang_a;
mod erlang_x;
mod error;

pub use erlang::{ErlangC, erlang_b, erlang_c};
pub use erlang_a::ErlangA;
pub use erlang_x::{ErlangX, LineLimited, MAX_ATTEMPTS, Redials};
pub use error::AnalyticError;

const ARRIVAL_RATE: &str = "arrival rate (calls per second)";
const MEAN_HANDLE: &str = "mean handle time (seconds)";
const MEAN_PATIENCE: &str = "mean patience (seconds)";
const OFFERED_LOAD: &str = "offered load (erlangs, arrival rate × mean handle time)";

/// Offered load in erlangs, `arrival_rate` (calls per second) × `mean_handle` (seconds): the
/// average number of agents the calls would keep busy if all were answered at once.
///
/// This is the input of [`erlang_b`] and [`erlang_c`]; going through it also validates the two
/// rates. For a rate in calls per hour, divide it by 3600 first.
///
/// # Errors
///
/// [`AnalyticError::NotPositive`] when either input, or their product, is not a positive finite
/// number.
///
/// ```
/// use ccsim::analytic::offered_load;
/// // 360 calls an hour, each handled in 5 minutes on average, keep 30 agents busy.
/// assert!((offered_load(360.0 / 3600.0, 300.0).unwrap() - 30.0).abs() < 1e-12);
/// assert!(offered_load(0.0, 300.0).is_err());
/// ```
pub fn offered_load(arrival_rate: f64, mean_handle: f64) -> Result<f64, AnalyticError> {
    let product = positive(ARRIVAL_RATE, arrival_rate)? * positive(MEAN_HANDLE, mean_handle)?;
    positive(OFFERED_LOAD, product)
}

/// `value` if it is a positive normal number, else an error naming `quantity`.
///
/// Subnormal numbers are refused along with zero, infinity and NaN: their reciprocals, the rates
/// the formulas work with, would overflow.
fn positive(quantity: &'static str, value: f64) -> Result<f64, AnalyticError> {
    if value > 0.0 && value.is_normal() {
        Ok(value)
    } else {
        Err(AnalyticError::NotPositive { quantity, value })
    }
}

/// `threshold` if it is a finite number of seconds, zero or more.
fn valid_threshold(threshold: f64) -> Result<f64, AnalyticError> {
    if threshold >= 0.0 && threshold.is_finite() {
        Ok(threshold)
    } else {
        Err(AnalyticError::InvalidThreshold { value: threshold })
    }
}

/// The number of agents as a float, refusing zero: with nobody to answer, no call is ever served
/// and the answered-call measures are undefined.
fn staffed(agents: u32) -> Result<f64, AnalyticError> {
    if agents == 0 {
        Err(AnalyticError::NoAgents)
    } else {
        Ok(f64::from(agents))
    }
}
