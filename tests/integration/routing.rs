//! Classes, pools and routing policies on tiny scenarios with fixed arrival times, where every
//! wait is known by hand (derivations in each test's comment). Class 0 is "standard", class 1 "vip".

use crate::common::*;
use ccsim::Scenario;
use ccsim::dist::Distribution;
use ccsim::model::{AgentPool, QueueOrder, Reservation, Skill};

const STANDARD: usize = 0;
const VIP: usize = 1;

/// Arrivals of each class at these offsets after opening.
fn arrive(s: &mut Scenario, standard: &[f64], vip: &[f64]) {
    s.classes[STANDARD].arrivals = arrivals_after_open(standard);
    s.classes[VIP].arrivals = arrivals_after_open(vip);
}

fn handle(s: &mut Scenario, seconds: f64) {
    for class in &mut s.classes {
        class.handle_time = Distribution::deterministic(seconds).unwrap();
    }
}

/// One agent, 100 s calls. Standard A at 0 is answered at once (agent busy until 100). Standard B
/// arrives at 10 and VIP V at 20. Strict priority: at 100 V goes first (wait 80), B at 200 (wait
/// 190). First come first served: B at 100 (wait 90), V at 200 (wait 180).
#[test]
fn vip_overtakes_a_waiting_standard_call() {
    let mut s = standard_and_vip();
    handle(&mut s, 100.0);
    // Call numbers follow arrival order: A 0, B 1, V 2.
    arrive(&mut s, &[0.0, 10.0], &[20.0]);
    s.routing.queue = QueueOrder::Priority;
    assert_eq!(
        calls_by_class(&run(&s)),
        [
            (0, STANDARD, "answered", 0.0),
            (1, STANDARD, "answered", 190.0),
            (2, VIP, "answered", 80.0)
        ]
    );
    s.routing.queue = QueueOrder::Fifo;
    assert_eq!(
        calls_by_class(&run(&s)),
        [
            (0, STANDARD, "answered", 0.0),
            (1, STANDARD, "answered", 90.0),
            (2, VIP, "answered", 180.0)
        ]
    );
}

/// Waiting-time credit of 90 s for VIP. One agent busy 0–100 with standard A. Standard B arrives
/// at 10 (rank 10); VIP V1 at 95 (rank 95 − 90 = 5) goes ahead of B: answered at 100 (wait 5),
/// busy until 200. VIP V2 arrives at 150 (rank 60): B's rank 10 is lower, so B is answered at 200
/// (wait 190) and V2 at 300 (wait 150) — a head start, not strict priority.
#[test]
fn credit_orders_by_arrival_minus_credit() {
    let mut s = standard_and_vip();
    handle(&mut s, 100.0);
    arrive(&mut s, &[0.0, 10.0], &[95.0, 150.0]);
    s.classes[VIP].credit = 90.0;
    s.routing.queue = QueueOrder::Credit;
    assert_eq!(
        calls_by_class(&run(&s)),
        [
            (0, STANDARD, "answered", 0.0),
            (1, STANDARD, "answered", 190.0),
            (2, VIP, "answered", 5.0),
            (3, VIP, "answered", 150.0)
        ]
    );
    // With infinite credit the same calls are served in strict priority: V2 before B.
    s.classes[VIP].credit = f64::INFINITY;
    let calls = calls_by_class(&run(&s));
    assert_eq!(calls[1], (1, STANDARD, "answered", 290.0));
    assert_eq!(calls[3], (3, VIP, "answered", 50.0));
}

/// A one-agent VIP desk and a one-agent general pool that takes VIP calls only after 30 s.
/// 100 s calls. VIP V1 at 0 goes to the desk (busy until 100). VIP V2 at 10 finds the desk busy;
/// the general agent is idle but may not take V2 until it has waited 30 s: answered at exactly 40
/// by the general pool (an overflow). Standard S at 50 waits for the general agent until 140.
#[test]
fn overflow_at_exactly_the_delay() {
    let mut s = standard_and_vip();
    handle(&mut s, 100.0);
    arrive(&mut s, &[50.0], &[0.0, 10.0]);
    s.pools = vec![
        AgentPool {
            name: "vip desk".into(),
            agents: vec![1],
            shrinkage: vec![0.0],
            fractional: None,
            skills: vec![Skill {
                class: VIP,
                after: 0.0,
                handle_factor: 1.0,
            }],
            reserve: None,
        },
        AgentPool {
            name: "general".into(),
            agents: vec![1],
            shrinkage: vec![0.0],
            fractional: None,
            skills: vec![
                Skill {
                    class: STANDARD,
                    after: 0.0,
                    handle_factor: 1.0,
                },
                Skill {
                    class: VIP,
                    after: 30.0,
                    handle_factor: 1.0,
                },
            ],
            reserve: None,
        },
    ];
    let r = run(&s);
    // Call numbers: V1 0 (at 0), V2 1 (at 10), S 2 (at 50).
    assert_eq!(
        calls_by_class(&r),
        [
            (0, VIP, "answered", 0.0),
            (1, VIP, "answered", 30.0),
            (2, STANDARD, "answered", 90.0)
        ]
    );
    assert_close(overall(&r, "overflowed"), 1.0);
    let general = &r.summary.pools[1];
    assert_eq!(general.metrics.get("overflow_handled").unwrap().mean, 1.0);
    assert_eq!(general.handled_by_class[VIP].unwrap().mean, 1.0);
    assert_eq!(general.handled_by_class[STANDARD].unwrap().mean, 1.0);
    assert_eq!(r.summary.pools[0].metrics.get("handled").unwrap().mean, 1.0);
}

/// Two agents serving both classes, one kept for VIP. 100 s calls. Standard A at 0 takes an agent
/// (2 idle > 1 reserved). Standard B at 10 finds 1 idle agent, which is reserved: B waits although
/// an agent is idle. VIP V at 50 takes the reserved agent at once (busy until 150). At 100 A's
/// agent frees, but 1 idle is still the reserve; at 150 two are idle and B is answered (wait 140).
#[test]
fn reservation_holds_an_agent_idle_while_a_standard_call_waits() {
    let mut s = standard_and_vip();
    handle(&mut s, 100.0);
    arrive(&mut s, &[0.0, 10.0], &[50.0]);
    s.pools[0].agents = vec![2];
    s.pools[0].reserve = Some(Reservation {
        agents: 1,
        classes: vec![VIP],
    });
    assert_eq!(
        calls_by_class(&run(&s)),
        [
            (0, STANDARD, "answered", 0.0),
            (1, STANDARD, "answered", 140.0),
            (2, VIP, "answered", 0.0)
        ]
    );
}

/// A pool may serve a class more slowly: the general pool's handle factor 1.5 turns a 100 s VIP
/// call into 150 s, and the class's handle time (AHT) reports it.
#[test]
fn handle_factor_scales_the_pool_handle_time() {
    let mut s = standard_and_vip();
    handle(&mut s, 100.0);
    arrive(&mut s, &[], &[0.0]);
    s.pools[0].skills[1].handle_factor = 1.5;
    let r = run(&s);
    assert_close(overall(&r, "aht_s"), 150.0);
    assert_eq!(
        r.summary.classes[VIP].metrics.get("aht_s").unwrap().mean,
        150.0
    );
}

/// Aging: strict priority, but a standard call that has waited 150 s goes ahead of a VIP call.
/// One agent, 100 s calls: standard A at 0 (busy until 100), standard B at 10, VIP V at 20, VIP W
/// at 150. At 100, B has waited 90 < 150: V goes first (until 200). At 200, B has waited 190 ≥
/// 150 and is promoted ahead of W (waited 50): B at 200 (wait 190), W at 300 (wait 150).
#[test]
fn aging_promotes_a_long_waiting_call() {
    let mut s = standard_and_vip();
    handle(&mut s, 100.0);
    arrive(&mut s, &[0.0, 10.0], &[20.0, 150.0]);
    s.routing.queue = QueueOrder::Aging { after: 150.0 };
    assert_eq!(
        calls_by_class(&run(&s)),
        [
            (0, STANDARD, "answered", 0.0),
            (1, STANDARD, "answered", 190.0),
            (2, VIP, "answered", 80.0),
            (3, VIP, "answered", 150.0)
        ]
    );
}

/// The per-class and per-pool breakdowns add up: class offered counts sum to the total, and
/// every answered call was handled by some pool.
#[test]
fn class_and_pool_breakdowns_add_up() {
    let mut s = standard_and_vip();
    handle(&mut s, 100.0);
    arrive(&mut s, &[0.0, 10.0, 400.0], &[20.0, 30.0]);
    s.pools[0].agents = vec![2];
    let r = run(&s);
    let offered: f64 = r
        .summary
        .classes
        .iter()
        .map(|c| c.metrics.get("offered").unwrap().mean)
        .sum();
    assert_close(offered, overall(&r, "offered"));
    assert_close(
        r.summary.pools[0].metrics.get("handled").unwrap().mean,
        overall(&r, "answered"),
    );
}

/// The engine keeps the numbers of the foundation: `tests/fixtures/foundation/{basic,retail-day}.json`
/// were written by the single-queue engine (before classes, pools and caller-contact policies),
/// `vip-priority.json` by the engine with classes and pools (before caller-contact policies). With
/// every later feature switched off, every value they hold (overall, end of day, every interval)
/// must come out the same, seed for seed, to the last bit.
#[test]
fn switched_off_features_reproduce_the_foundation_engine() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["basic", "retail-day", "vip-priority"] {
        let text =
            std::fs::read_to_string(root.join(format!("tests/fixtures/foundation/{name}.json")))
                .unwrap();
        let baseline: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut scenario =
            ccsim::scenario::load(&root.join(format!("scenarios/{name}.toml")), &[]).unwrap();
        scenario.seed = baseline["seed"].as_u64().unwrap();
        scenario.replications = baseline["replications"].as_u64().unwrap() as u32;
        let result = ccsim::experiment::run_replications(&scenario, &Default::default());
        let report = ccsim::report::to_json(&result, "");
        let old = &baseline["report"];
        let mut compared = 0;
        for section in ["summary", "end_of_day"] {
            for (key, value) in old[section].as_object().unwrap() {
                assert_eq!(&report[section][key], value, "{name}: {section}.{key}");
                compared += 1;
            }
        }
        for list in ["classes", "pools"] {
            let Some(entries) = old[list].as_array() else {
                continue; // written before classes and pools were reported
            };
            for (index, entry) in entries.iter().enumerate() {
                for (key, value) in entry.as_object().unwrap() {
                    assert_eq!(
                        &report[list][index][key], value,
                        "{name}: {list}.{index}.{key}"
                    );
                    compared += 1;
                }
            }
        }
        let intervals = old["intervals"].as_array().unwrap();
        assert_eq!(
            report["intervals"].as_array().unwrap().len(),
            intervals.len()
        );
        for (index, interval) in intervals.iter().enumerate() {
            for (key, value) in interval.as_object().unwrap() {
                assert_eq!(
                    &report["intervals"][index][key], value,
                    "{name}: intervals.{index}.{key}"
                );
                compared += 1;
            }
        }
        assert!(compared > 60, "{name}: {compared} values compared");
    }
}
