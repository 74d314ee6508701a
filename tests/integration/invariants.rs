//! Invariants that hold in every run, checked on randomly generated scenarios and on the shipped
//! ones: every offered call ends in exactly one outcome, and intervals add up to the day.

use ccsim::Scenario;
use ccsim::dist::Distribution;
use ccsim::experiment::{ReplicationValues, RunOptions, run_replications};
use ccsim::model::{
    AfterClose, Arrivals, DropRule, Drops, Hours, Limits, ServiceLevel, ServiceLevelFormula,
};
use ccsim::sim::metrics::METRICS;
use proptest::prelude::*;
use std::path::Path;

fn value(values: &[Option<f64>], key: &str) -> f64 {
    values[METRICS.iter().position(|m| m.key == key).unwrap()].unwrap()
}

/// offered = answered + abandoned + missed + dropped + unfinished, overall and in every interval,
/// and the intervals' counts add up to the overall counts.
fn assert_outcomes_add_up(replication: &ReplicationValues) {
    let check = |values: &[Option<f64>]| {
        let outcomes: f64 = ["answered", "abandoned", "missed", "dropped", "unfinished"]
            .iter()
            .map(|key| value(values, key))
            .sum();
        assert_eq!(
            value(values, "offered"),
            outcomes,
            "outcomes add up to offered"
        );
        assert!(value(values, "answered_within") <= value(values, "answered"));
        assert!(value(values, "short_abandoned") <= value(values, "abandoned"));
    };
    check(&replication.overall);
    replication.intervals.iter().for_each(|i| check(i));
    for key in [
        "offered",
        "answered",
        "abandoned",
        "missed",
        "dropped",
        "lost",
        "unfinished",
    ] {
        let by_interval: f64 = replication.intervals.iter().map(|i| value(i, key)).sum();
        assert_eq!(
            by_interval,
            value(&replication.overall, key),
            "{key}: intervals add up to the day"
        );
    }
}

fn distribution() -> impl Strategy<Value = Distribution> {
    prop_oneof![
        (1.0..600.0f64).prop_map(|m| Distribution::exponential(m).unwrap()),
        (0.0..600.0f64).prop_map(|v| Distribution::deterministic(v).unwrap()),
        (1.0..600.0f64, 0.1..2.0f64)
            .prop_map(|(m, cv)| Distribution::lognormal(m, m * cv).unwrap()),
        (0.3..3.0f64, 1.0..600.0f64)
            .prop_map(|(k, m)| Distribution::weibull_with_mean(k, m).unwrap()),
    ]
}

fn drop_rule() -> impl Strategy<Value = Option<DropRule>> {
    proptest::option::of(
        (0.0..=1.0f64, distribution())
            .prop_map(|(probability, after)| DropRule { probability, after }),
    )
}

prop_compose! {
    fn scenario()(
        intervals in 1usize..5,
        rates in proptest::collection::vec(0.0..900.0f64, 4),
        agents in proptest::collection::vec(0u32..8, 4),
        handle_time in distribution(),
        patience in proptest::option::of(distribution()),
        max_wait in proptest::option::of(1.0..900.0f64),
        lines in proptest::option::of(1u32..20),
        queue_capacity in proptest::option::of(0u32..10),
        in_queue in drop_rule(),
        in_conversation in drop_rule(),
        stop in any::<bool>(),
        warmup_share in 0.0..0.5f64,
        threshold in 0.0..60.0f64,
        short_abandon in proptest::option::of(1.0..10.0f64),
        seed in any::<u64>(),
    ) -> Scenario {
        let interval = 900.0;
        let open = 9.0 * 3600.0;
        let close = open + interval * intervals as f64;
        Scenario {
            name: "random".into(),
            description: String::new(),
            seed,
            replications: 2,
            hours: Hours { open, close, interval },
            warmup: warmup_share * (close - open),
            arrivals: Arrivals::Poisson { calls_per_hour: rates[..intervals].to_vec() },
            handle_time,
            patience,
            agents: agents[..intervals].to_vec(),
            service_level: ServiceLevel { threshold, target: 0.8, formula: ServiceLevelFormula::Offered, short_abandon },
            limits: Limits { max_wait, lines, queue_capacity },
            drops: Drops { in_queue, in_conversation },
            after_close: if stop { AfterClose::Stop } else { AfterClose::WorkOff },
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_call_ends_in_exactly_one_outcome(scenario in scenario()) {
        let result = run_replications(&scenario, &RunOptions { threads: Some(1), ..RunOptions::default() });
        result.replications.iter().for_each(assert_outcomes_add_up);
    }
}

#[test]
fn shipped_scenarios_add_up() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let mut scenario = ccsim::scenario::load(&path, &[]).unwrap();
            scenario.replications = 3;
            let result = run_replications(&scenario, &RunOptions::default());
            result.replications.iter().for_each(assert_outcomes_add_up);
        }
    }
}
