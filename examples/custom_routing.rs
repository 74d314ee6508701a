//! Plugging a custom routing policy into ccsim.
//!
//! The built-in agent selectors are `longest_idle` and `preferred_pool`. This example implements a
//! third, `MostIdlePool`: a new call goes to the pool with the most idle agents, which spreads work
//! between a VIP desk and a general pool. It then runs the same scenario (same seed, so the same
//! callers) with the built-in policy and with the custom one and prints the difference.
//!
//! Run it with `cargo run --release --example custom_routing`.

fn main() {
    compare();
}

use ccsim::experiment::{RunOptions, run_replications};
use ccsim::policy::{AgentSelector, Policies, PoolCandidate, WaitingCall};

/// Sends each call to the pool with the most idle agents (ties: the pool listed first).
struct MostIdlePool;

impl AgentSelector for MostIdlePool {
    fn choose(&self, _call: &WaitingCall<'_>, candidates: &[PoolCandidate]) -> usize {
        let mut best = 0;
        for (index, candidate) in candidates.iter().enumerate() {
            if candidate.idle > candidates[best].idle {
                best = index;
            }
        }
        best
    }
}

const SCENARIO: &str = r#"
name = "VIP desk and general pool"
seed = 7
replications = 20

[hours]
open = "09:00"
close = "13:00"

[[classes]]
name = "standard"
arrivals = { calls_per_hour = 160 }
handle_time = { distribution = "lognormal", mean = "4m", cv = 0.8 }
patience = { distribution = "exponential", mean = "3m" }
priority = 2

[[classes]]
name = "vip"
arrivals = { calls_per_hour = 40 }
handle_time = { distribution = "lognormal", mean = "5m", cv = 0.8 }
patience = { distribution = "exponential", mean = "5m" }
priority = 1

[routing]
queue = "priority"

# The VIP desk knows VIP accounts (faster on them) but is slower on standard calls; the general
# pool the other way round. Which pool answers therefore changes handle times and waits.
[[pools]]
name = "vip desk"
agents = 5
skills = [{ class = "vip", handle_factor = 0.8 }, { class = "standard", handle_factor = 1.3 }]

[[pools]]
name = "general"
agents = 12
skills = ["standard", { class = "vip", handle_factor = 1.2 }]
"#;

/// Runs the comparison, prints it and returns the (built-in, custom) service levels.
pub fn compare() -> (f64, f64) {
    let scenario = ccsim::scenario::from_str(SCENARIO, "custom_routing example")
        .expect("the example scenario is valid");
    let built_in = run_replications(&scenario, &RunOptions::default());
    let custom_policies = Policies {
        agents: Box::new(MostIdlePool),
        ..Policies::for_scenario(&scenario)
    };
    let custom = run_replications(
        &scenario,
        &RunOptions {
            policies: Some(&custom_policies),
            ..RunOptions::default()
        },
    );
    let service_level = |result: &ccsim::experiment::ExperimentResult| {
        result
            .summary
            .overall
            .get("service_level")
            .expect("calls were offered")
            .mean
    };
    let (before, after) = (service_level(&built_in), service_level(&custom));
    println!(
        "service level with longest-idle routing: {:.1}%",
        before * 100.0
    );
    println!(
        "service level with most-idle-pool routing: {:.1}%",
        after * 100.0
    );
    for (pool, summary) in custom.summary.pools.iter().enumerate() {
        let handled = summary.metrics.get("handled").map_or(0.0, |e| e.mean);
        let occupancy = summary.metrics.get("occupancy").map_or(0.0, |e| e.mean);
        println!(
            "  pool {pool} ({}): {handled:.0} calls, occupancy {:.1}%",
            summary.name,
            occupancy * 100.0
        );
    }
    (before, after)
}
