//! The simulation against exact queueing theory. Each test runs independent long replications of
//! a stationary scenario that meets the formula's assumptions and requires the replication mean to
//! lie within 4 standard errors of the exact value: seeds are fixed, so each test is deterministic,
//! and 4 SE makes a false failure of a correct simulator a 1-in-15,000 event per check.

use ccsim::Scenario;
use ccsim::analytic::{ErlangA, ErlangC, ErlangX, LineLimited, Redials, erlang_b};
use ccsim::dist::Distribution;
use ccsim::experiment::{ExperimentResult, RunOptions, run_replications};
use ccsim::model::{Arrivals, Hours, QueueOrder, RedialAfter, RedialRule, Skill};
use ccsim::sim::metrics::METRICS;

const REPLICATIONS: u32 = 20;
const WARMUP: f64 = 2.0 * 3600.0;

/// A stationary M/M/c(+M) centre: `calls_per_hour`, exponential handle times of mean `aht`,
/// `agents`, optional exponential patience, observed for `hours` after a 2-hour warm-up.
fn stationary(
    calls_per_hour: f64,
    aht: f64,
    agents: u32,
    patience: Option<f64>,
    hours: f64,
) -> Scenario {
    let length = WARMUP + hours * 3600.0;
    let mut scenario = crate::common::base();
    scenario.name = "theory".into();
    scenario.seed = 2026;
    scenario.replications = REPLICATIONS;
    scenario.hours = Hours {
        open: 0.0,
        close: length,
        interval: length,
    };
    scenario.warmup = WARMUP;
    let class = &mut scenario.classes[0];
    class.arrivals = Arrivals::Poisson {
        calls_per_hour: vec![calls_per_hour],
    };
    class.handle_time = Distribution::exponential(aht).unwrap();
    class.patience = patience.map(|mean| Distribution::exponential(mean).unwrap());
    scenario.pools[0].agents = vec![agents];
    scenario
}

fn run(scenario: &Scenario) -> ExperimentResult {
    run_replications(scenario, &RunOptions::default())
}

fn index(key: &str) -> usize {
    METRICS.iter().position(|m| m.key == key).unwrap()
}

/// Per-replication values of an overall metric.
fn samples(result: &ExperimentResult, key: &str) -> Vec<f64> {
    let i = index(key);
    result
        .replications
        .iter()
        .map(|r| r.overall[i].unwrap())
        .collect()
}

/// Per-replication ratio of two overall count metrics.
fn ratio_samples(result: &ExperimentResult, numerator: &str, denominator: &str) -> Vec<f64> {
    let (n, d) = (index(numerator), index(denominator));
    result
        .replications
        .iter()
        .map(|r| r.overall[n].unwrap() / r.overall[d].unwrap())
        .collect()
}

/// Asserts that the mean of `samples` is within 4 standard errors of `exact`.
#[track_caller]
fn assert_matches(what: &str, samples: &[f64], exact: f64) {
    let n = samples.len() as f64;
    let mean = samples.iter().sum::<f64>() / n;
    let variance = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let se = (variance / n).sqrt();
    assert!(
        (mean - exact).abs() <= 4.0 * se,
        "{what}: simulated {mean:.6} ± {se:.6} (1 SE), exact {exact:.6}, off by {:.1} SE",
        (mean - exact).abs() / se
    );
}

/// Erlang B: 8 erlangs on 10 lines, no queue, whether the limit is set as lines or as a zero
/// queue capacity.
#[test]
fn erlang_b_blocking() {
    let exact = erlang_b(10, 8.0);
    let mut by_lines = stationary(160.0, 180.0, 10, None, 200.0);
    by_lines.limits.lines = Some(10);
    let result = run(&by_lines);
    assert_matches(
        "P(blocked), lines = 10",
        &ratio_samples(&result, "missed_blocked", "offered"),
        exact,
    );

    let mut by_queue = stationary(160.0, 180.0, 10, None, 200.0);
    by_queue.limits.queue_capacity = Some(0);
    let result = run(&by_queue);
    assert_matches(
        "P(blocked), queue capacity 0",
        &ratio_samples(&result, "missed_blocked", "offered"),
        exact,
    );
    assert_matches(
        "occupancy",
        &samples(&result, "occupancy"),
        8.0 * (1.0 - exact) / 10.0,
    );
}

/// Erlang C: 10 erlangs (150 calls/h, AHT 240 s) on 12 agents, callers never hang up.
#[test]
fn erlang_c_waits_and_service_level() {
    let exact = ErlangC::new(150.0 / 3600.0, 240.0, 12, 20.0).unwrap();
    let result = run(&stationary(150.0, 240.0, 12, None, 300.0));
    assert_matches("ASA", &samples(&result, "asa_s"), exact.asa);
    assert_matches(
        "service level 20 s",
        &samples(&result, "service_level"),
        exact.service_level,
    );
    assert_matches("occupancy", &samples(&result, "occupancy"), exact.occupancy);
    assert_matches(
        "mean queue length",
        &samples(&result, "queue_mean"),
        exact.mean_queue_length,
    );
    assert_matches("P(wait)", &samples(&result, "p_wait"), exact.p_wait);
    // A caller who waits waits Exp(cμ − λ): the mean wait of those who queued is 1/(cμ − λ).
    assert_matches(
        "mean wait of the calls that queued",
        &samples(&result, "mean_wait_waiting_s"),
        1.0 / (12.0 / 240.0 - 150.0 / 3600.0),
    );

    // With a threshold of 0 s, "answered within" means "answered without waiting": 1 − P(wait).
    let mut immediate = stationary(150.0, 240.0, 12, None, 300.0);
    immediate.classes[0].threshold = 0.0;
    let result = run(&immediate);
    assert_matches(
        "1 - P(wait)",
        &samples(&result, "service_level"),
        1.0 - exact.p_wait,
    );
}

fn check_erlang_a(calls_per_hour: f64, aht: f64, agents: u32, patience: f64) {
    let exact = ErlangA::new(calls_per_hour / 3600.0, aht, patience, agents, 20.0).unwrap();
    let result = run(&stationary(
        calls_per_hour,
        aht,
        agents,
        Some(patience),
        200.0,
    ));
    assert_matches(
        "P(abandon)",
        &ratio_samples(&result, "abandoned", "offered"),
        exact.p_abandon,
    );
    assert_matches("ASA", &samples(&result, "asa_s"), exact.asa);
    assert_matches(
        "mean wait of all calls",
        &samples(&result, "mean_wait_s"),
        exact.mean_wait,
    );
    assert_matches(
        "service level (of offered)",
        &samples(&result, "service_level"),
        exact.p_answered_within,
    );
    assert_matches(
        "answered within / (answered + abandoned after threshold)",
        &samples(&result, "service_level_abandoned_after_threshold"),
        exact.p_answered_within / (1.0 - exact.p_abandon_within),
    );
    assert_matches("occupancy", &samples(&result, "occupancy"), exact.occupancy);
    assert_matches(
        "mean queue length",
        &samples(&result, "queue_mean"),
        exact.mean_queue_length,
    );
    // Every caller who finds the agents busy queues; only they can hang up.
    assert_matches("P(wait)", &samples(&result, "p_wait"), exact.p_wait);
    assert_matches(
        "P(abandon | queued)",
        &samples(&result, "abandon_given_wait"),
        exact.p_abandon / exact.p_wait,
    );
    assert_matches(
        "mean wait of the calls that queued",
        &samples(&result, "mean_wait_waiting_s"),
        exact.mean_wait / exact.p_wait,
    );
    // E[W·1{abandoned}] = E[W] − E[W·1{answered}] = mean wait − ASA·P(answered).
    let answered = 1.0 - exact.p_abandon;
    assert_matches(
        "mean wait of abandoned calls",
        &samples(&result, "mean_wait_abandoned_s"),
        (exact.mean_wait - exact.asa * answered) / exact.p_abandon,
    );
}

/// Erlang A below saturation: 360 calls/h, AHT 240 s (24 erlangs), 25 agents, patience 3 min.
#[test]
fn erlang_a_below_saturation() {
    check_erlang_a(360.0, 240.0, 25, 180.0);
}

/// Erlang A overloaded: 360 calls/h, AHT 300 s (30 erlangs) on 25 agents, ρ = 1.2 — stable only
/// because callers abandon.
#[test]
fn erlang_a_overloaded() {
    check_erlang_a(360.0, 300.0, 25, 180.0);
}

/// Checks one attempt's measures of the simulation against `exact`.
fn check_line_limited(result: &ExperimentResult, exact: &LineLimited) {
    assert_matches(
        "P(blocked)",
        &ratio_samples(result, "missed_blocked", "offered"),
        exact.p_blocked,
    );
    assert_matches(
        "P(abandon)",
        &ratio_samples(result, "abandoned", "offered"),
        exact.p_abandon,
    );
    assert_matches("P(wait)", &samples(result, "p_wait"), exact.p_wait);
    assert_matches("ASA", &samples(result, "asa_s"), exact.asa);
    assert_matches(
        "service level (of offered)",
        &samples(result, "service_level"),
        exact.p_answered_within,
    );
    assert_matches("occupancy", &samples(result, "occupancy"), exact.occupancy);
    assert_matches(
        "mean queue length",
        &samples(result, "queue_mean"),
        exact.mean_queue_length,
    );
}

/// Erlang A with finite lines, exact: 360 calls/h, AHT 300 s (30 erlangs) on 28 agents and 33
/// lines, patience 3 min. About 6 % of calls are blocked, so the limit binds.
#[test]
fn erlang_a_with_lines() {
    let exact = LineLimited::new(0.1, 300.0, 180.0, 28, Some(33), 20.0).unwrap();
    assert!(exact.p_blocked > 0.02, "{exact:?}");
    let mut scenario = stationary(360.0, 300.0, 28, Some(180.0), 200.0);
    scenario.limits.lines = Some(33);
    check_line_limited(&run(&scenario), &exact);
}

/// Erlang X: 30 agents and 35 lines for the same calls, where 70 % of blocked and 50 % of
/// abandoned callers try again after an exponential delay, up to 3 attempts. The formula takes
/// the redials to come as a Poisson stream (a fixed point on the attempt rate), which holds when
/// the delays are long next to the swings of congestion: here 2 hours on average, with a 20-hour
/// warm-up so that the callers waiting to redial reach their steady number. (With 15-minute
/// delays the simulation blocks about 10 % more calls than the formula says: docs/staffing.md.)
#[test]
fn erlang_x_lines_and_redials() {
    let redials = Redials {
        after_blocked: 0.7,
        after_abandoned: 0.5,
        max_attempts: 3,
    };
    let exact = ErlangX::new(0.1, 300.0, 180.0, 30, Some(35), redials, 20.0).unwrap();
    let mut scenario = stationary(360.0, 300.0, 30, Some(180.0), 200.0);
    let warmup = 20.0 * 3600.0;
    let length = warmup + 200.0 * 3600.0;
    scenario.warmup = warmup;
    scenario.hours = Hours {
        open: 0.0,
        close: length,
        interval: length,
    };
    scenario.limits.lines = Some(35);
    let class = &mut scenario.classes[0];
    class.redial.max_attempts = 3;
    let delay = Distribution::exponential(7200.0).unwrap();
    class.redial.rules[RedialAfter::Blocked as usize] = Some(RedialRule {
        probability: 0.7,
        delay: delay.clone(),
    });
    class.redial.rules[RedialAfter::Abandoned as usize] = Some(RedialRule {
        probability: 0.5,
        delay,
    });
    let result = run(&scenario);
    assert_matches(
        "share of attempts that are redials",
        &ratio_samples(&result, "redials", "offered"),
        exact.redial_share,
    );
    check_line_limited(&result, &exact.attempt);
}

/// M/M/1 at ρ = 0.7 (42 calls/h, AHT 60 s): P(wait) = ρ, Wq = ρ·E[S]/(1 − ρ) = 140 s,
/// Lq = ρ²/(1 − ρ).
#[test]
fn mm1() {
    let rho: f64 = 0.7;
    let result = run(&stationary(42.0, 60.0, 1, None, 1000.0));
    assert_matches("Wq", &samples(&result, "asa_s"), rho * 60.0 / (1.0 - rho));
    assert_matches(
        "Lq",
        &samples(&result, "queue_mean"),
        rho * rho / (1.0 - rho),
    );
    assert_matches("occupancy", &samples(&result, "occupancy"), rho);
    // P(W ≤ t) = 1 − ρ·e^{−(μ−λ)t}
    let exact_sl = 1.0 - rho * (-(1.0 - rho) / 60.0 * 20.0_f64).exp();
    assert_matches("P(W <= 20 s)", &samples(&result, "service_level"), exact_sl);
}

/// Two-class non-preemptive priority M/M/c with equal service rates (Cobham; Kella & Yechiali):
/// class k waits on average W_k = C(c, A)/(cμ) / ((1 − σ_{k−1})(1 − σ_k)), σ_k the load of classes
/// 1..k per agent. 12 agents, AHT 240 s, VIP 60 calls/h (priority 1) and standard 90 calls/h: 10
/// erlangs in all. The aggregate wait must still be Erlang C's.
#[test]
fn two_class_priority_mmc() {
    let (aht, agents) = (240.0, 12);
    let mut scenario = stationary(90.0, aht, agents, None, 300.0);
    scenario.routing.queue = QueueOrder::Priority;
    scenario.classes[0].name = "standard".into();
    scenario.classes[0].priority = 2;
    let mut vip = scenario.classes[0].clone();
    vip.name = "vip".into();
    vip.priority = 1;
    vip.arrivals = Arrivals::Poisson {
        calls_per_hour: vec![60.0],
    };
    scenario.classes.push(vip);
    scenario.pools[0].skills.push(Skill {
        class: 1,
        after: 0.0,
        handle_factor: 1.0,
    });
    let result = run(&scenario);

    let service_rate = agents as f64 / aht; // cμ
    let erlang_c = ErlangC::new(150.0 / 3600.0, aht, agents, 20.0).unwrap();
    let w0 = erlang_c.p_wait / service_rate;
    let sigma_vip = 60.0 / 3600.0 / service_rate;
    let sigma_all = 150.0 / 3600.0 / service_rate;
    let exact_vip = w0 / (1.0 - sigma_vip);
    let exact_standard = w0 / ((1.0 - sigma_vip) * (1.0 - sigma_all));
    let class_asa = |class: usize| -> Vec<f64> {
        let i = index("asa_s");
        result
            .replications
            .iter()
            .map(|r| r.classes[class][i].unwrap())
            .collect()
    };
    assert_matches("VIP mean wait", &class_asa(1), exact_vip);
    assert_matches("standard mean wait", &class_asa(0), exact_standard);
    assert_matches(
        "aggregate mean wait (Erlang C)",
        &samples(&result, "asa_s"),
        erlang_c.asa,
    );
}
