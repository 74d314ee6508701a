//! Wrap-up (after-call work): the caller has gone, the agent is still busy. Tiny scenarios with
//! fixed arrival times and deterministic durations, every number derived by hand in the comment.

use crate::common::*;
use ccsim::dist::Distribution;
use ccsim::experiment::ExperimentResult;
use ccsim::model::{DropRule, Drops};

/// (talk, wrap-up) of every call of replication 0, in arrival order.
fn talk_and_wrap_up(result: &ExperimentResult) -> Vec<(Option<f64>, Option<f64>)> {
    let mut log: Vec<_> = result.call_logs.as_ref().unwrap()[0].iter().collect();
    log.sort_by_key(|r| r.call);
    log.iter().map(|r| (r.talk, r.wrap_up)).collect()
}

/// `base()` (one agent, 08:00–09:00) with 60 s of talk and 30 s of wrap-up.
fn with_wrap_up() -> ccsim::Scenario {
    let mut s = base();
    s.classes[0].wrap_up = Some(Distribution::deterministic(30.0).unwrap());
    s
}

/// A at 0 talks 0–60 (and leaves at 60); the agent wraps up 60–90. B at 10 waits through the
/// wrap-up: answered at 90 (wait 80), talks 90–150, wrap-up 150–180.
/// AHT is talk + wrap-up = 90 s; the agent is busy 0–180 of the hour's 3600 s.
#[test]
fn a_caller_waits_through_the_previous_wrap_up() {
    let mut s = with_wrap_up();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 10.0]);
    let r = run(&s);
    assert_eq!(calls(&r), [(0, "answered", 0.0), (1, "answered", 80.0)]);
    let log = &r.call_logs.as_ref().unwrap()[0];
    let ended: Vec<f64> = log.iter().map(|c| c.ended_at - OPEN).collect();
    assert_eq!(ended, [60.0, 150.0], "callers leave when talk ends");
    assert_eq!(
        talk_and_wrap_up(&r),
        [(Some(60.0), Some(30.0)), (Some(60.0), Some(30.0))]
    );
    assert_close(overall(&r, "aht_s"), 90.0);
    assert_close(overall(&r, "asa_s"), 40.0);
    assert_close(overall(&r, "occupancy"), 180.0 / 3600.0);
}

/// A conversation failure 70 s after the answer would fall in the wrap-up (talk ends at 60):
/// it does not happen. One 50 s after the answer cuts the talk: A is dropped at 50, the agent
/// still wraps up 50–80, and B (at 55) is answered at 80 (wait 25).
#[test]
fn a_drop_cannot_hit_the_wrap_up() {
    let mut s = with_wrap_up();
    s.classes[0].arrivals = arrivals_after_open(&[0.0]);
    let fail_after = |seconds: f64| Drops {
        in_queue: None,
        in_conversation: Some(DropRule {
            probability: 1.0,
            after: Distribution::deterministic(seconds).unwrap(),
        }),
    };
    s.drops = fail_after(70.0);
    let r = run(&s);
    assert_eq!(calls(&r), [(0, "answered", 0.0)]);
    assert_close(overall(&r, "dropped"), 0.0);

    s.drops = fail_after(50.0);
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 55.0]);
    let r = run(&s);
    assert_eq!(
        calls(&r),
        [
            (0, "dropped_in_conversation", 0.0),
            (1, "dropped_in_conversation", 25.0)
        ]
    );
    assert_eq!(
        talk_and_wrap_up(&r),
        [(Some(50.0), Some(30.0)), (Some(50.0), Some(30.0))]
    );
}

/// One line: during A's wrap-up (60–90) the line is free again, so B at 70 is not blocked; it
/// waits for the agent until 90. Without the wrap-up freeing the line B would hear a busy
/// signal.
#[test]
fn an_agent_in_wrap_up_holds_no_line() {
    let mut s = with_wrap_up();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 70.0]);
    s.limits.lines = Some(1);
    let r = run(&s);
    assert_eq!(calls(&r), [(0, "answered", 0.0), (1, "answered", 20.0)]);
}

/// With a deterministic talk T and wrap-up W, an agent is busy exactly T + W per call, as with a
/// deterministic handle time T + W and no wrap-up; patience draws are the same in both (the
/// wrap-up has a stream of its own and a constant draws nothing). So every caller waits exactly
/// as long and every metric the callers or the agents see is the same, up to rounding of the
/// event times ((t + T) + W against t + (T + W)).
#[test]
fn deterministic_wrap_up_is_the_same_queue_as_a_longer_handle_time() {
    let mut with = base();
    with.pools[0].agents = vec![6];
    with.replications = 5;
    with.classes[0].arrivals = ccsim::model::Arrivals::Poisson {
        calls_per_hour: vec![200.0],
    };
    with.classes[0].patience = Some(Distribution::exponential(90.0).unwrap());
    with.classes[0].handle_time = Distribution::deterministic(75.0).unwrap();
    with.classes[0].wrap_up = Some(Distribution::deterministic(25.0).unwrap());
    let mut without = with.clone();
    without.classes[0].handle_time = Distribution::deterministic(100.0).unwrap();
    without.classes[0].wrap_up = None;
    let (a, b) = (run(&with), run(&without));
    for key in ["offered", "answered", "abandoned", "answered_within"] {
        assert_eq!(overall(&a, key), overall(&b, key), "{key}");
    }
    for key in [
        "service_level",
        "asa_s",
        "mean_wait_s",
        "aht_s",
        "occupancy",
        "queue_mean",
    ] {
        assert_close(overall(&a, key), overall(&b, key));
    }
    assert!(overall(&a, "abandoned") > 0.0 && overall(&a, "answered_within") > 0.0);
}
