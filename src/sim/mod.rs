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
pub mod campaign_tally;
mod engine;
pub mod metrics;
mod queue;
mod tally;
mod volume;

pub use campaign_tally::CampaignTally;
pub(crate) use tally::CountingRules;
pub use tally::{CallTally, ClockTally, DayTally, EndOfDay, PoolTally};

use crate::model::{CallRecord, Scenario};
use crate::policy::Policies;

/// The purposes that get their own random stream in every replication. A caller's attributes are
/// drawn from these streams in arrival order, so the i-th caller is the same person in every
/// variant of a scenario (common random numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Inter-arrival times (class k > 0 uses its own stream, see [`Purpose::stream_for_class`]).
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
    /// The day's volume factor under forecast uncertainty: one draw per replication, taken only
    /// when the scenario has `volume_cv`.
    Volume = 5,
    /// Everything random about the start state (callers already waiting, conversations already
    /// in progress), taken only when the scenario has one, so later callers keep their numbers.
    Start = 6,
    /// Wrap-up (after-call work) times, drawn at arrival only for classes that have a wrap-up,
    /// so a scenario without one draws exactly what it drew before wrap-up existed.
    WrapUp = 7,
    /// Outbound campaigns: one key per campaign, from which every dial's numbers are hashed
    /// (see [`Purpose::stream_for_campaign`]). Drawn only by scenarios with campaigns.
    Outbound = 8,
}

impl Purpose {
    /// The stream number of this purpose for class `class`: class 0 uses the purpose's own number,
    /// so a single-class scenario draws exactly what it always drew; other classes get numbers
    /// above every purpose.
    pub fn stream_for_class(self, class: usize) -> u64 {
        if class == 0 {
            self as u64
        } else {
            (self as u64) + 16 * class as u64
        }
    }

    /// The stream number of campaign `campaign`: 8 + 16 × campaign, in the gap each class's
    /// block of sixteen numbers leaves above its eight purposes, so no campaign shares a class's
    /// stream.
    pub fn stream_for_campaign(campaign: usize) -> u64 {
        Purpose::Outbound as u64 + 16 * campaign as u64
    }
}

/// What one replication produced.
#[derive(Clone, Debug)]
pub struct RunOutput {
    /// The replication's statistics.
    pub tally: DayTally,
    /// One record per call, in the order calls ended, if a call log was requested.
    pub call_log: Option<Vec<CallRecord>>,
}

/// Simulates replication `replication` of `scenario` with the routing policies it names.
pub fn run(scenario: &Scenario, replication: u64, keep_call_log: bool) -> RunOutput {
    run_with_policies(
        scenario,
        &Policies::for_scenario(scenario),
        replication,
        keep_call_log,
    )
}

/// Simulates replication `replication` of `scenario` with the given routing policies (built-in or
/// implemented by the caller).
pub fn run_with_policies(
    scenario: &Scenario,
    policies: &Policies,
    replication: u64,
    keep_call_log: bool,
) -> RunOutput {
    run_day(scenario, policies, 0, replication, keep_call_log)
}

/// Simulates replication `replication` of day `day` of a multi-day study, `scenario` being that
/// day's scenario. Every random stream is keyed by (seed, day, replication), so each day of a
/// study sees callers of its own, and day 0 is exactly [`run_with_policies`].
pub fn run_day(
    scenario: &Scenario,
    policies: &Policies,
    day: u64,
    replication: u64,
    keep_call_log: bool,
) -> RunOutput {
    engine::Engine::new(scenario, policies, day, replication, keep_call_log).run()
}
