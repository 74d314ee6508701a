//! Builders shared by the integration tests.

use ccsim::Scenario;
use ccsim::dist::Distribution;
use ccsim::experiment::{ExperimentResult, RunOptions, run_replications};
use ccsim::model::{
    AfterClose, AgentPool, Arrivals, CallClass, Drops, Hours, Limits, Routing, ServiceLevel,
    ServiceLevelFormula, Skill,
};

pub const OPEN: f64 = 8.0 * 3600.0;

/// One agent open 08:00–09:00 in one interval, 60 s handle times, callers who never hang up, no
/// arrivals: each test adds what it needs.
pub fn base() -> Scenario {
    Scenario {
        name: "test".into(),
        description: String::new(),
        seed: 1,
        replications: 1,
        hours: Hours {
            open: OPEN,
            close: OPEN + 3600.0,
            interval: 3600.0,
        },
        warmup: 0.0,
        classes: vec![CallClass {
            name: "calls".into(),
            arrivals: Arrivals::Trace { times: vec![] },
            handle_time: Distribution::deterministic(60.0).unwrap(),
            handle_time_by_interval: None,
            patience: None,
            wrap_up: None,
            threshold: 20.0,
            target: 0.8,
            short_abandon: None,
            priority: 1,
            credit: 0.0,
            redial: Default::default(),
        }],
        pools: vec![AgentPool {
            name: "agents".into(),
            agents: vec![1],
            shrinkage: vec![0.0],
            fractional: None,
            skills: vec![Skill {
                class: 0,
                after: 0.0,
                handle_factor: 1.0,
            }],
            reserve: None,
        }],
        routing: Routing::default(),
        service_level: ServiceLevel {
            threshold: 20.0,
            target: 0.8,
            formula: ServiceLevelFormula::Offered,
            short_abandon: None,
        },
        limits: Limits::default(),
        drops: Drops::default(),
        after_close: AfterClose::WorkOff,
        contact: Default::default(),
        uncertainty: Default::default(),
        start: Default::default(),
        shift_patterns: Vec::new(),
        targets: Default::default(),
        campaigns: Vec::new(),
    }
}

/// Arrivals at these offsets (seconds) after opening.
pub fn arrivals_after_open(offsets: &[f64]) -> Arrivals {
    Arrivals::Trace {
        times: offsets.iter().map(|t| OPEN + t).collect(),
    }
}

/// Runs the scenario's replications with a call log.
pub fn run(scenario: &Scenario) -> ExperimentResult {
    run_replications(
        scenario,
        &RunOptions {
            keep_call_log: true,
            ..RunOptions::default()
        },
    )
}

/// The mean of an overall metric.
pub fn overall(result: &ExperimentResult, key: &str) -> f64 {
    result
        .summary
        .overall
        .get(key)
        .unwrap_or_else(|| panic!("metric {key} is defined"))
        .mean
}

/// The mean of a metric in interval `index`.
pub fn in_interval(result: &ExperimentResult, index: usize, key: &str) -> f64 {
    result.summary.intervals[index]
        .metrics
        .get(key)
        .unwrap_or_else(|| panic!("metric {key} is defined in interval {index}"))
        .mean
}

/// The mean of an end-of-day metric.
pub fn end_of_day(result: &ExperimentResult, key: &str) -> f64 {
    result.summary.end_of_day.get(key).unwrap().mean
}

/// (call number, outcome, wait) of every call of replication 0, in arrival order.
pub fn calls(result: &ExperimentResult) -> Vec<(u64, &'static str, f64)> {
    let mut log: Vec<_> = result.call_logs.as_ref().unwrap()[0]
        .iter()
        .map(|r| (r.call, r.outcome.key(), r.wait))
        .collect();
    log.sort_by_key(|(call, _, _)| *call);
    log
}

/// Asserts two floats agree to rounding error.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "expected {expected}, got {actual}"
    );
}

/// `base()` with two classes, "standard" (priority 2) and "vip" (priority 1), both 60 s calls and
/// never hanging up, served by the single one-agent pool.
pub fn standard_and_vip() -> Scenario {
    let mut s = base();
    s.classes[0].name = "standard".into();
    s.classes[0].priority = 2;
    let mut vip = s.classes[0].clone();
    vip.name = "vip".into();
    vip.priority = 1;
    s.classes.push(vip);
    s.pools[0].skills.push(Skill {
        class: 1,
        after: 0.0,
        handle_factor: 1.0,
    });
    s
}

/// (call number, class index, outcome, wait) of every call of replication 0, in arrival order.
pub fn calls_by_class(result: &ExperimentResult) -> Vec<(u64, usize, &'static str, f64)> {
    let mut log: Vec<_> = result.call_logs.as_ref().unwrap()[0]
        .iter()
        .map(|r| (r.call, r.class, r.outcome.key(), r.wait))
        .collect();
    log.sort_by_key(|(call, ..)| *call);
    log
}

/// The `ccsim` binary, run from the project folder (so `scenarios/…` paths work).
pub fn ccsim() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("ccsim").unwrap();
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Runs a command that must succeed; its standard output.
pub fn stdout_of(command: &mut assert_cmd::Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}
