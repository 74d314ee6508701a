//! Plugging a custom caller-contact policy and wait estimator into ccsim.
//!
//! The built-in callback offer judges a caller by the *estimated* wait when they join the queue.
//! This example implements `CourtesyCallback`: every 30 seconds it looks at callers who have
//! actually waited 45 seconds or more and offers them a callback, which 70 % accept. It also
//! brings its own estimator, a cautious queue-length formula that counts one caller more than are
//! ahead. Both run through the library API on the same callers (same seed) as the centre without
//! the offer, and the example prints what changed.
//!
//! Run it with `cargo run --release --example custom_contact`.

fn main() {
    compare();
}

use ccsim::dist::Distribution;
use ccsim::experiment::{ExperimentResult, RunOptions, run_replications};
use ccsim::model::{Callback, CallbackKind, CallbackService, Curve};
use ccsim::policy::{
    CallerView, ContactPolicies, ContactPolicy, Policies, QueueState, WaitDecision, WaitEstimator,
};

/// Offers a callback to callers who have waited at least `after` seconds, checking every
/// `every` seconds; a share `accept` of them take it.
struct CourtesyCallback {
    after: f64,
    every: f64,
    accept: f64,
}

/// Tells this policy's random decisions apart from any other policy's (see `CallerView::uniform`).
const COURTESY_TAG: u64 = 0xc0_c0;

impl ContactPolicy for CourtesyCallback {
    fn check_every(&self) -> Option<f64> {
        Some(self.every)
    }

    fn while_waiting(&self, caller: &CallerView<'_>) -> WaitDecision {
        let waited = caller.now - caller.arrival;
        if caller.callback_offered || waited < self.after {
            return WaitDecision::Stay;
        }
        WaitDecision::OfferCallback {
            accepted: caller.uniform(COURTESY_TAG) < self.accept,
        }
    }
}

/// Position + 1 handle times per agent: errs on the long side, as callers prefer.
struct CautiousQueueLength;

impl WaitEstimator for CautiousQueueLength {
    fn estimate(&self, queue: &QueueState) -> f64 {
        if queue.agents == 0 {
            return f64::INFINITY;
        }
        (queue.position + 1) as f64 * queue.mean_handle_time / f64::from(queue.agents)
    }
}

const SCENARIO: &str = r#"
name = "Lunch-time peak"
seed = 11
replications = 20

[hours]
open = "11:00"
close = "14:00"
interval = "30m"

[arrivals]
calls_per_hour = [120, 160, 200, 200, 160, 120]

[handle_time]
distribution = "exponential"
mean = "4m"

[patience]
distribution = "exponential"
mean = "3m"

[staffing]
agents = 11
"#;

/// How the example's callbacks are made: virtual hold, called back when an agent has no live
/// caller to answer (so callbacks move work from the peak into the quieter hour after it),
/// 20-second dials, answered 85 % of the time, retried after 5 minutes, 3 dials at most.
fn callbacks() -> Callback {
    Callback {
        kind: CallbackKind::VirtualHold,
        // The built-in offer is not used here; these two settings belong to it.
        offer_when_wait_over: 0.0,
        accept: Curve::constant(0.0),
        service: CallbackService::WhenIdle,
        dial_time: Distribution::deterministic(20.0).expect("a valid dial time"),
        answer_probability: 0.85,
        retry_after: Distribution::deterministic(300.0).expect("a valid retry delay"),
        max_attempts: 3,
        promise: Some(3600.0),
        classes: vec![],
    }
}

/// Runs the centre without and with the courtesy callback, prints the change and returns both
/// results.
pub fn compare() -> (ExperimentResult, ExperimentResult) {
    let scenario = ccsim::scenario::from_str(SCENARIO, "custom_contact example")
        .expect("the example scenario is valid");
    let without = run_replications(&scenario, &RunOptions::default());
    let policies = Policies {
        contact: ContactPolicies {
            policies: vec![Box::new(CourtesyCallback {
                after: 45.0,
                every: 30.0,
                accept: 0.7,
            })],
            estimator: Box::new(CautiousQueueLength),
            callback: Some(callbacks()),
        },
        ..Policies::for_scenario(&scenario)
    };
    let with = run_replications(
        &scenario,
        &RunOptions {
            policies: Some(&policies),
            ..RunOptions::default()
        },
    );
    let mean = |result: &ExperimentResult, key: &str| {
        result.summary.overall.get(key).map_or(0.0, |e| e.mean)
    };
    for key in [
        "abandoned",
        "callback_accepted",
        "callback_reached",
        "callback_failed",
        "service_level",
    ] {
        println!(
            "{key:>18}: {:8.2} without the offer, {:8.2} with it",
            mean(&without, key),
            mean(&with, key)
        );
    }
    (without, with)
}
