//! The call log says which pool and which agent answered each call, and for how long they talked.

use crate::common::*;
use ccsim::dist::Distribution;
use ccsim::model::{DropRule, Drops};

/// Who served a call and for how long: (pool, agent, talk, wrap-up).
type Served = (Option<usize>, Option<u32>, Option<f64>, Option<f64>);

/// [`Served`] for every call of replication 0, in arrival order.
fn served(result: &ccsim::experiment::ExperimentResult) -> Vec<Served> {
    let mut log: Vec<_> = result.call_logs.as_ref().unwrap()[0].iter().collect();
    log.sort_by_key(|r| r.call);
    log.iter()
        .map(|r| (r.pool, r.agent, r.talk, r.wrap_up))
        .collect()
}

/// Two agents, 60 s calls, the longest-idle agent answers. A at 0 takes agent 0 (both idle since
/// opening, agent 0 first in line), B at 10 agent 1. C at 20 waits for agent 0, free at 60
/// (C ends at 120). Agent 1 is free at 70 and takes D at 75 (ends 135). E at 200 takes agent 0
/// (idle since 120, longer than agent 1 since 135) until 260; F at 300 takes agent 1.
#[test]
fn agents_keep_their_numbers_across_calls() {
    let mut s = base();
    s.pools[0].agents = vec![2];
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 10.0, 20.0, 75.0, 200.0, 300.0]);
    let r = run(&s);
    let talk = Some(60.0);
    let zero = Some(0.0);
    assert_eq!(
        served(&r),
        [
            (Some(0), Some(0), talk, zero),
            (Some(0), Some(1), talk, zero),
            (Some(0), Some(0), talk, zero),
            (Some(0), Some(1), talk, zero),
            (Some(0), Some(0), talk, zero),
            (Some(0), Some(1), talk, zero),
        ]
    );
}

/// A caller who hangs up has no pool, agent or talk time; a conversation cut by a failure after
/// 25 s talked 25 s.
#[test]
fn unanswered_calls_have_empty_columns_and_drops_talk_until_the_failure() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 10.0]);
    s.classes[0].patience = Some(Distribution::deterministic(30.0).unwrap());
    s.drops = Drops {
        in_queue: None,
        in_conversation: Some(DropRule {
            probability: 1.0,
            after: Distribution::deterministic(25.0).unwrap(),
        }),
    };
    let r = run(&s);
    // A at 0 is answered and dropped at 25; B at 10 is answered then (wait 15) and dropped at 50.
    assert_eq!(
        calls(&r),
        [
            (0, "dropped_in_conversation", 0.0),
            (1, "dropped_in_conversation", 15.0)
        ]
    );
    assert_eq!(
        served(&r),
        [
            (Some(0), Some(0), Some(25.0), Some(0.0)),
            (Some(0), Some(0), Some(25.0), Some(0.0))
        ]
    );
    s.drops = Drops::default();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 10.0]);
    let r = run(&s);
    // Now A talks 0–60 and B hangs up at 40.
    assert_eq!(calls(&r), [(0, "answered", 0.0), (1, "abandoned", 30.0)]);
    assert_eq!(
        served(&r),
        [
            (Some(0), Some(0), Some(60.0), Some(0.0)),
            (None, None, None, None)
        ]
    );
}

/// The CSV columns follow the existing ones, with the pool's name.
#[test]
fn csv_has_the_new_columns() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls.csv");
    ccsim()
        .args(["run", "scenarios/basic.toml", "-r", "1", "--quiet"])
        .arg("--call-log")
        .arg(&log)
        .assert()
        .success();
    let text = std::fs::read_to_string(&log).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[header.len() - 6..],
        ["outcome", "counted", "pool", "agent", "talk_s", "wrap_up_s"]
    );
    let mut answered = 0;
    for row in rows.records() {
        let row = row.unwrap();
        let field = |name: &str| row[header.iter().position(|h| h == name).unwrap()].to_string();
        if field("answered_s").is_empty() {
            assert_eq!(
                (field("pool"), field("agent"), field("talk_s")),
                (String::new(), String::new(), String::new())
            );
        } else {
            answered += 1;
            assert!(!field("pool").is_empty());
            let talk: f64 = field("talk_s").parse().unwrap();
            let ended: f64 = field("ended_s").parse().unwrap();
            let at: f64 = field("answered_s").parse().unwrap();
            assert!(
                (ended - at - talk).abs() < 1e-6,
                "talk is the time with the agent"
            );
            assert_eq!(field("wrap_up_s"), "0");
        }
    }
    assert!(answered > 0);
}
