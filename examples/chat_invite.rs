//! Plugging a custom caller-contact policy and wait estimator into ccsim.
//!
//! `ChatInvite` is an IVR message the built-in `[deflection]` cannot express: it offers web chat
//! only to callers whose estimated wait is over a minute, and more callers take it the longer
//! the wait. `BlendedEstimate` is a wait estimator that averages two built-in ones. The example
//! adds both to the policies the scenario names and runs the scenario with them.
//!
//! Run it with `cargo run --release --example chat_invite`.

fn main() {
    let result = run();
    let mean = |key: &str| result.summary.overall.get(key).map_or(0.0, |e| e.mean);
    println!("offered calls:        {:.0}", mean("offered"));
    println!("deflected to chat:    {:.0}", mean("deflected"));
    println!(
        "service level:        {:.1}%",
        mean("service_level") * 100.0
    );
}

use ccsim::experiment::{ExperimentResult, RunOptions, run_replications};
use ccsim::policy::{
    ArrivalDecision, CallerView, ContactPolicy, HeadOfLineEstimate, Policies, QueueLengthEstimate,
    QueueState, WaitEstimator,
};

/// Tells this policy's random numbers apart from every other policy's.
const CHAT_TAG: u64 = 0xc4a7;

/// Offers web chat to callers facing a long wait: none below `over` seconds, then a share that
/// grows by `per_minute` for every minute of estimated wait beyond it, up to `at_most`.
pub struct ChatInvite {
    pub over: f64,
    pub per_minute: f64,
    pub at_most: f64,
}

impl ContactPolicy for ChatInvite {
    fn on_arrival(&self, caller: &CallerView<'_>) -> ArrivalDecision {
        let beyond = caller.estimated_wait - self.over;
        if beyond <= 0.0 {
            return ArrivalDecision::Continue;
        }
        let share = (beyond / 60.0 * self.per_minute).min(self.at_most);
        // The caller's own number for this decision: the same caller decides the same way in
        // every variant of the scenario (common random numbers).
        if caller.uniform(CHAT_TAG) < share {
            ArrivalDecision::Deflect
        } else {
            ArrivalDecision::Continue
        }
    }
}

/// The mean of the queue-length and head-of-line estimates: the first reacts at once to staffing,
/// the second to handle times the first assumes away.
pub struct BlendedEstimate;

impl WaitEstimator for BlendedEstimate {
    fn estimate(&self, queue: &QueueState) -> f64 {
        let by_length = QueueLengthEstimate.estimate(queue);
        if by_length.is_infinite() {
            return by_length; // nobody serves the class
        }
        (by_length + HeadOfLineEstimate.estimate(queue)) / 2.0
    }
}

pub const SCENARIO: &str = r#"
name = "Chat invitation"
seed = 11
replications = 10

[hours]
open = "09:00"
close = "13:00"

[arrivals]
calls_per_hour = [150, 200, 240, 220, 200, 180, 160, 150]

[handle_time]
distribution = "lognormal"
mean = "4m"
cv = 0.8

[patience]
distribution = "exponential"
mean = "5m"

[staffing]
agents = [11, 13, 14, 14, 13, 12, 11, 10]
"#;

/// Runs the scenario with the chat invitation and the blended estimator added.
pub fn run() -> ExperimentResult {
    let scenario = ccsim::scenario::from_str(SCENARIO, "custom_contact example")
        .expect("the example scenario is valid");
    let mut policies = Policies::for_scenario(&scenario);
    policies.contact.policies.push(Box::new(ChatInvite {
        over: 60.0,
        per_minute: 0.2,
        at_most: 0.5,
    }));
    policies.contact.estimator = Box::new(BlendedEstimate);
    run_replications(
        &scenario,
        &RunOptions {
            policies: Some(&policies),
            ..RunOptions::default()
        },
    )
}
