//! Tiny scenarios with fixed arrival times and deterministic durations, where every number is known
//! by hand. The expected values in each test are derived in its comment.

use crate::common::*;
use ccsim::dist::Distribution;
use ccsim::model::{AfterClose, DropRule, Drops, Limits};

/// One agent, 60 s calls, callers who hang up after 45 s.
/// A at 0: answered at once, ends 60. B at 10: would be answered at 60 but hangs up at 55 (wait 45).
/// C at 20: answered at 60 (wait 40), ends 120. D at 100: answered at 120 (wait 20), ends 180.
#[test]
fn abandonment_and_waits() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 10.0, 20.0, 100.0]);
    s.classes[0].patience = Some(Distribution::deterministic(45.0).unwrap());
    let r = run(&s);
    assert_eq!(
        calls(&r),
        [
            (0, "answered", 0.0),
            (1, "abandoned", 45.0),
            (2, "answered", 40.0),
            (3, "answered", 20.0)
        ]
    );
    assert_close(overall(&r, "offered"), 4.0);
    assert_close(overall(&r, "answered"), 3.0);
    assert_close(overall(&r, "answered_within"), 2.0); // A (0 s) and D (exactly 20 s)
    assert_close(overall(&r, "abandoned"), 1.0);
    assert_close(overall(&r, "lost"), 1.0);
    assert_close(overall(&r, "service_level"), 0.5);
    assert_close(overall(&r, "service_level_answered"), 2.0 / 3.0);
    assert_close(overall(&r, "service_level_answered_abandoned"), 2.0 / 4.0);
    assert_close(
        overall(&r, "service_level_abandoned_after_threshold"),
        2.0 / 4.0,
    );
    assert_close(overall(&r, "abandon_rate"), 0.25);
    assert_close(overall(&r, "asa_s"), 20.0); // (0 + 40 + 20) / 3
    assert_close(overall(&r, "mean_wait_s"), 26.25); // (0 + 45 + 40 + 20) / 4
    // B, C and D queued (A was answered the moment it arrived); B of them hung up.
    assert_close(overall(&r, "p_wait"), 3.0 / 4.0);
    assert_close(overall(&r, "abandon_given_wait"), 1.0 / 3.0);
    assert_close(overall(&r, "mean_wait_waiting_s"), 35.0); // (45 + 40 + 20) / 3
    assert_close(overall(&r, "mean_wait_abandoned_s"), 45.0);
    assert_close(overall(&r, "aht_s"), 60.0);
    // Queue: B waits 10–55, C 20–60, D 100–120: 105 call-seconds over the hour; at most 2 at once.
    assert_close(overall(&r, "queue_mean"), 105.0 / 3600.0);
    assert_close(overall(&r, "queue_max"), 2.0);
    // Busy 0–180 of 3600 agent-seconds.
    assert_close(overall(&r, "occupancy"), 180.0 / 3600.0);
}

/// Short abandons are excluded from the abandon rate and from one service-level formula.
/// One agent busy 0–300 with A; B (at 1) hangs up after 3 s (short), C (at 2) after 50 s.
#[test]
fn short_abandons() {
    let mut s = base();
    s.classes[0].handle_time = Distribution::deterministic(300.0).unwrap();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 1.0, 2.0]);
    s.classes[0].patience = Some(Distribution::empirical(vec![3.0]).unwrap());
    s.classes[0].short_abandon = Some(5.0);
    let r = run(&s);
    assert_eq!(
        calls(&r),
        [
            (0, "answered", 0.0),
            (1, "abandoned", 3.0),
            (2, "abandoned", 3.0)
        ]
    );
    assert_close(overall(&r, "short_abandoned"), 2.0);
    assert_close(overall(&r, "lost"), 0.0);
    assert_close(overall(&r, "abandon_rate"), 0.0);
    assert_close(overall(&r, "service_level_excluding_short_abandons"), 1.0);
    assert_close(overall(&r, "service_level_answered_abandoned"), 1.0 / 3.0);
}

/// An abandon exactly at the service-level threshold (20 s) is not an abandon *after* the
/// threshold. One agent busy 0–300 with A; B (at 1) and C (at 2) hang up after exactly 20 s.
/// Answered within: A. Abandoned after the threshold: none (waits of 20 s are not > 20 s), so
/// the abandoned-after-threshold service level is 1 / (1 + 0) = 1, while the
/// answered-and-abandoned one counts both: 1 / 3. Neither abandon is short (no short-abandon time).
#[test]
fn abandon_exactly_at_the_threshold() {
    let mut s = base();
    s.classes[0].handle_time = Distribution::deterministic(300.0).unwrap();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 1.0, 2.0]);
    s.classes[0].patience = Some(Distribution::deterministic(20.0).unwrap());
    let r = run(&s);
    assert_eq!(
        calls(&r),
        [
            (0, "answered", 0.0),
            (1, "abandoned", 20.0),
            (2, "abandoned", 20.0)
        ]
    );
    assert_close(overall(&r, "answered_within"), 1.0);
    assert_close(overall(&r, "service_level_abandoned_after_threshold"), 1.0);
    assert_close(overall(&r, "service_level_answered_abandoned"), 1.0 / 3.0);
    assert_close(overall(&r, "service_level"), 1.0 / 3.0);
    assert_close(overall(&r, "abandon_rate"), 2.0 / 3.0);
    // One second later, the same abandons are after the threshold: 1 / (1 + 2).
    s.classes[0].patience = Some(Distribution::deterministic(21.0).unwrap());
    let r = run(&s);
    assert_close(
        overall(&r, "service_level_abandoned_after_threshold"),
        1.0 / 3.0,
    );
}

/// An abandon exactly at the short-abandon limit (5 s) is short: "within 5 s" includes 5 s.
/// One agent busy 0–300 with A; B (at 1) and C (at 2) hang up after exactly 5 s. Both are short
/// abandons: nothing is lost, the abandon rate is 0 / (3 − 2) = 0, and the service level
/// excluding short abandons is 1 / (1 + 2 − 2) = 1. With 6 s patience neither is short: the
/// abandon rate is 2 / 3, two calls are lost, and that service level is 1 / 3.
#[test]
fn abandon_exactly_at_the_short_abandon_limit() {
    let mut s = base();
    s.classes[0].handle_time = Distribution::deterministic(300.0).unwrap();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 1.0, 2.0]);
    s.classes[0].patience = Some(Distribution::deterministic(5.0).unwrap());
    s.classes[0].short_abandon = Some(5.0);
    let r = run(&s);
    assert_eq!(
        calls(&r),
        [
            (0, "answered", 0.0),
            (1, "abandoned", 5.0),
            (2, "abandoned", 5.0)
        ]
    );
    assert_close(overall(&r, "short_abandoned"), 2.0);
    assert_close(overall(&r, "lost"), 0.0);
    assert_close(overall(&r, "abandon_rate"), 0.0);
    assert_close(overall(&r, "service_level_excluding_short_abandons"), 1.0);
    s.classes[0].patience = Some(Distribution::deterministic(6.0).unwrap());
    let r = run(&s);
    assert_close(overall(&r, "short_abandoned"), 0.0);
    assert_close(overall(&r, "lost"), 2.0);
    assert_close(overall(&r, "abandon_rate"), 2.0 / 3.0);
    assert_close(
        overall(&r, "service_level_excluding_short_abandons"),
        1.0 / 3.0,
    );
}

/// Max wait 30 s and 2 lines, one agent, 100 s calls, callers who never hang up.
/// A at 0: answered, ends 100. B at 10: queued, disconnected by the system at 40 (timeout).
/// C at 15: A talking + B waiting fill both lines: blocked. D at 50: queued, timed out at 80.
#[test]
fn timeout_and_blocked() {
    let mut s = base();
    s.classes[0].handle_time = Distribution::deterministic(100.0).unwrap();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 10.0, 15.0, 50.0]);
    s.limits = Limits {
        max_wait: Some(30.0),
        lines: Some(2),
        queue_capacity: None,
    };
    let r = run(&s);
    assert_eq!(
        calls(&r),
        [
            (0, "answered", 0.0),
            (1, "missed_timeout", 30.0),
            (2, "missed_blocked", 0.0),
            (3, "missed_timeout", 30.0)
        ]
    );
    assert_close(overall(&r, "missed"), 3.0);
    assert_close(overall(&r, "missed_timeout"), 2.0);
    assert_close(overall(&r, "missed_blocked"), 1.0);
    assert_close(overall(&r, "lost"), 3.0);
    assert_close(overall(&r, "service_level"), 0.25);
    // Waits of calls that entered: 0, 30, 30 (the blocked call never waited).
    assert_close(overall(&r, "mean_wait_s"), 20.0);
    // B and D queued; the blocked C never did. Nobody hung up.
    assert_close(overall(&r, "p_wait"), 2.0 / 4.0);
    assert_close(overall(&r, "abandon_given_wait"), 0.0);
    assert_close(overall(&r, "mean_wait_waiting_s"), 30.0);
    assert!(r.summary.overall.get("mean_wait_abandoned_s").is_none());
}

/// A queue capacity of 1: the second waiting caller is blocked.
#[test]
fn queue_capacity_blocks() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 1.0, 2.0, 3.0]);
    s.limits.queue_capacity = Some(1);
    let r = run(&s);
    // A talks 0–60; B waits 1–60, talks 60–120; C and D find B already waiting.
    assert_eq!(
        calls(&r),
        [
            (0, "answered", 0.0),
            (1, "answered", 59.0),
            (2, "missed_blocked", 0.0),
            (3, "missed_blocked", 0.0)
        ]
    );
}

/// Every call fails 30 s into its conversation; a waiting call fails 25 s after it queued.
/// One agent, 120 s calls. A at 0: answered, dropped at 30. B at 10: answered at 30 (its queue
/// failure at 35 is cancelled), dropped at 60. C at 50 and D at 55 queue; C answered at 60,
/// dropped at 90; D's queue failure at 80 comes first: dropped in queue after waiting 25 s.
#[test]
fn dropped_in_conversation_and_in_queue() {
    let mut s = base();
    s.classes[0].handle_time = Distribution::deterministic(120.0).unwrap();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 10.0, 50.0, 55.0]);
    s.drops = Drops {
        in_queue: Some(DropRule {
            probability: 1.0,
            after: Distribution::deterministic(25.0).unwrap(),
        }),
        in_conversation: Some(DropRule {
            probability: 1.0,
            after: Distribution::deterministic(30.0).unwrap(),
        }),
    };
    let r = run(&s);
    assert_eq!(
        calls(&r),
        [
            (0, "dropped_in_conversation", 0.0),
            (1, "dropped_in_conversation", 20.0),
            (2, "dropped_in_conversation", 10.0),
            (3, "dropped_in_queue", 25.0)
        ]
    );
    assert_close(overall(&r, "dropped"), 4.0);
    assert_close(overall(&r, "answered"), 0.0);
    assert_close(overall(&r, "lost"), 4.0);
    assert_close(overall(&r, "occupancy"), 90.0 / 3600.0);
}

/// A failure later than the handle time does not happen.
#[test]
fn failure_after_the_call_ended_does_not_drop_it() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0]);
    s.drops.in_conversation = Some(DropRule {
        probability: 1.0,
        after: Distribution::deterministic(61.0).unwrap(),
    });
    assert_eq!(calls(&run(&s)), [(0, "answered", 0.0)]);
}

/// Staffing drops from 2 to 1 at 08:30 while both agents talk: the first to finish leaves.
/// 600 s calls. A at 08:25 (ends 08:35), B at 08:28:20 (ends 08:38:20). C at 08:36:40 finds the
/// remaining agent busy and waits until 08:38:20 (100 s). Interval 2 (08:30–09:00): agents present
/// 300 + 1800 agent-seconds; busy A 300 + B 500 + C 600 = 1400.
#[test]
fn staffing_drop_mid_call() {
    let mut s = base();
    s.hours.interval = 1800.0;
    s.pools[0].agents = vec![2, 1];
    s.classes[0].handle_time = Distribution::deterministic(600.0).unwrap();
    s.classes[0].arrivals = arrivals_after_open(&[1500.0, 1700.0, 2200.0]);
    let r = run(&s);
    assert_eq!(
        calls(&r),
        [
            (0, "answered", 0.0),
            (1, "answered", 0.0),
            (2, "answered", 100.0)
        ]
    );
    assert_close(in_interval(&r, 1, "occupancy"), 1400.0 / 2100.0);
    assert_close(in_interval(&r, 1, "agents_mean"), 2100.0 / 1800.0);
    assert_close(in_interval(&r, 0, "occupancy"), 400.0 / 3600.0);
    assert_close(in_interval(&r, 0, "offered"), 2.0);
    assert_close(in_interval(&r, 1, "offered"), 1.0);
}

fn closing_scenario(after_close: AfterClose) -> ccsim::Scenario {
    // Open 08:00–08:02, one agent, 100 s calls. A at 0 (ends 100); B at 60 answered at 100;
    // C at 110 still waiting at close (120) while B talks.
    let mut s = base();
    s.hours.close = OPEN + 120.0;
    s.hours.interval = 120.0;
    s.classes[0].handle_time = Distribution::deterministic(100.0).unwrap();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 60.0, 110.0]);
    s.after_close = after_close;
    s
}

/// Work-off: B ends at 200, C is answered after closing at 200 (wait 90) and ends at 300.
#[test]
fn work_off_after_close() {
    let r = run(&closing_scenario(AfterClose::WorkOff));
    assert_eq!(
        calls(&r),
        [
            (0, "answered", 0.0),
            (1, "answered", 40.0),
            (2, "answered", 90.0)
        ]
    );
    assert_close(end_of_day(&r, "waiting_at_close"), 1.0);
    assert_close(end_of_day(&r, "talking_at_close"), 1.0);
    assert_close(end_of_day(&r, "answered_after_close"), 1.0);
    assert_close(end_of_day(&r, "overtime_s"), 180.0);
}

/// Stop at close: B (talking) and C (waiting) are unfinished, not lost.
#[test]
fn stop_at_close() {
    let r = run(&closing_scenario(AfterClose::Stop));
    assert_close(overall(&r, "answered"), 1.0);
    assert_close(overall(&r, "unfinished"), 2.0);
    assert_close(overall(&r, "lost"), 0.0);
    assert_close(overall(&r, "offered"), 3.0);
}

/// Calls arriving before the warm-up ends are not counted; clock measures start at the warm-up.
/// Two agents, 60 s calls, A at 0 and B at 1000; warm-up 600 s: only B counts, and the busy time
/// counted is B's 60 s of 2 × 3000 agent-seconds.
#[test]
fn warmup_excludes_early_calls() {
    let mut s = base();
    s.pools[0].agents = vec![2];
    s.warmup = 600.0;
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 1000.0]);
    let r = run(&s);
    assert_close(overall(&r, "offered"), 1.0);
    assert_close(overall(&r, "occupancy"), 60.0 / 6000.0);
}

/// A call arriving at the very instant an agent finishes waits 0 s. (B's arrival was scheduled
/// before A's end, so B is processed first, queues, and is answered by A's agent at the same
/// instant: equal times keep the order in which they were scheduled.)
#[test]
fn arrival_at_the_instant_an_agent_frees_up() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 60.0]);
    let r = run(&s);
    assert_eq!(calls(&r), [(0, "answered", 0.0), (1, "answered", 0.0)]);
}

/// The waiting metrics by class and by interval, with 30-minute intervals. One agent, 60 s calls,
/// standard callers hang up after 100 s, VIPs (served first by priority) never do.
/// 08:00:00 standard A: answered at once, ends 60. 08:00:10 standard B: queued.
/// 08:00:20 VIP C: queued, answered at 60 (wait 40), ends 120. B hangs up at 110 (wait 100).
/// 08:29:50 VIP D (offset 1790): answered at once, ends 1850.
/// 08:30:00 standard E (offset 1800): queued, answered at 1850 (wait 50), ends 1910.
/// 08:30:30 standard F (offset 1830): queued, answered at 1910 (wait 80).
#[test]
fn waiting_metrics_by_class_and_interval() {
    let mut s = standard_and_vip();
    s.routing.queue = ccsim::model::QueueOrder::Priority;
    s.hours.interval = 1800.0;
    s.pools[0].agents = vec![1, 1];
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 10.0, 1800.0, 1830.0]);
    s.classes[0].patience = Some(Distribution::deterministic(100.0).unwrap());
    s.classes[1].arrivals = arrivals_after_open(&[20.0, 1790.0]);
    let r = run(&s);
    assert_eq!(
        calls_by_class(&r),
        [
            (0, 0, "answered", 0.0),
            (1, 0, "abandoned", 100.0),
            (2, 1, "answered", 40.0),
            (3, 1, "answered", 0.0),
            (4, 0, "answered", 50.0),
            (5, 0, "answered", 80.0),
        ]
    );
    // Overall: B, C, E and F queued of 6; B hung up.
    assert_close(overall(&r, "p_wait"), 4.0 / 6.0);
    assert_close(overall(&r, "abandon_given_wait"), 1.0 / 4.0);
    assert_close(overall(&r, "mean_wait_waiting_s"), 270.0 / 4.0);
    assert_close(overall(&r, "mean_wait_abandoned_s"), 100.0);
    // 08:00–08:30: A, B, C, D; B and C queued. 08:30–09:00: E and F, both queued.
    assert_close(in_interval(&r, 0, "p_wait"), 2.0 / 4.0);
    assert_close(in_interval(&r, 0, "abandon_given_wait"), 1.0 / 2.0);
    assert_close(in_interval(&r, 0, "mean_wait_waiting_s"), 70.0);
    assert_close(in_interval(&r, 1, "p_wait"), 1.0);
    assert_close(in_interval(&r, 1, "abandon_given_wait"), 0.0);
    assert_close(in_interval(&r, 1, "mean_wait_waiting_s"), 65.0);
    assert!(
        r.summary.intervals[1]
            .metrics
            .get("mean_wait_abandoned_s")
            .is_none()
    );
    // Standard: A, B, E, F; B, E and F queued. VIP: C and D; C queued.
    let class = |index: usize, key: &str| r.summary.classes[index].metrics.get(key).unwrap().mean;
    assert_close(class(0, "p_wait"), 3.0 / 4.0);
    assert_close(class(0, "abandon_given_wait"), 1.0 / 3.0);
    assert_close(class(0, "mean_wait_waiting_s"), 230.0 / 3.0);
    assert_close(class(0, "mean_wait_abandoned_s"), 100.0);
    assert_close(class(1, "p_wait"), 1.0 / 2.0);
    assert_close(class(1, "mean_wait_waiting_s"), 40.0);
    // The standard class in the second interval: E and F.
    let standard_late = |key: &str| r.summary.classes[0].intervals[1].get(key).unwrap().mean;
    assert_close(standard_late("p_wait"), 1.0);
    assert_close(standard_late("mean_wait_waiting_s"), 65.0);
}
