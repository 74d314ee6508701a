//! One replication of a scenario: the discrete-event simulation of a contact-centre day.
//!
//! [`run`] builds an engine for (scenario, replication), drives the event calendar until the day
//! and its work-off are over, and returns what it measured. Nothing here formats, hashes or
//! allocates per event once the call slab and the queue have grown to the day's peak.
//!
//! Event order at equal times is first-scheduled first (see [`crate::kernel::Calendar`]). A
//! waiting caller's possible exits are resolved when they arrive: the earliest of a technical
//! failure, the system's maximum wait and their patience (ties in that order) becomes one
//! cancellable event, so answering a caller cancels exactly one timer.

mod agents;
mod calls;
mod engine;
pub mod metrics;
mod queue;
mod tally;

pub use tally::{CallTally, ClockTally, DayTally, EndOfDay};

use crate::model::{CallRecord, Scenario};

/// The purposes that get their own random stream in every replication. A caller's attributes are
/// drawn from these streams in arrival order, so the i-th caller is the same person in every
/// variant of a scenario (common random numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Inter-arrival times.
    Arrivals = 0,
    /// Handle times.
    HandleTimes = 1,
    /// Patience (time a caller is willing to wait).
    Patience = 2,
    /// Technical failures: whether and when a call is dropped.
    Failures = 3,
    /// Reserved for caller-contact policies (decisions such as accepting a callback), so that
    /// adding a policy never shifts the numbers of the streams above.
    Policy = 4,
}

/// What one replication produced.
#[derive(Clone, Debug)]
pub struct RunOutput {
    /// The replication's statistics.
    pub tally: DayTally,
    /// One record per call, in the order calls ended, if a call log was requested.
    pub call_log: Option<Vec<CallRecord>>,
}

/// Simulates replication `replication` of `scenario`.
pub fn run(scenario: &Scenario, replication: u64, keep_call_log: bool) -> RunOutput {
    engine::Engine::new(scenario, replication, keep_call_log).run()
}
