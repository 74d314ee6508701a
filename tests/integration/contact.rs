//! Caller-contact policies and redials: tiny scenarios with fixed arrival times and deterministic
//! durations where every number is known by hand (derived in each test's comment), and
//! statistical checks of the random decisions against their probabilities.

use crate::common::*;
use ccsim::dist::Distribution;
use ccsim::model::{
    AnnouncedContent, Announcement, Callback, CallbackKind, CallbackService, Curve, Deflection,
    PatienceResponse, RedialRule, Scenario, SelfService,
};

fn deterministic(seconds: f64) -> Distribution {
    Distribution::deterministic(seconds).unwrap()
}

/// A callback offered when the estimated wait exceeds `over` seconds, always accepted, answered
/// with probability `answer`; 10 s dials, retries after 120 s, at most 3 dials.
fn callback(kind: CallbackKind, service: CallbackService, over: f64, answer: f64) -> Callback {
    Callback {
        kind,
        offer_when_wait_over: over,
        accept: Curve::constant(1.0),
        service,
        dial_time: deterministic(10.0),
        answer_probability: answer,
        retry_after: deterministic(120.0),
        max_attempts: 3,
        promise: None,
        classes: vec![],
    }
}

/// (call number, outcome, wait, answered at − opening time) of replication 0, in arrival order.
fn log(result: &ccsim::experiment::ExperimentResult) -> Vec<(u64, &'static str, f64, Option<f64>)> {
    let mut log: Vec<_> = result.call_logs.as_ref().unwrap()[0]
        .iter()
        .map(|r| {
            (
                r.call,
                r.outcome.key(),
                r.wait,
                r.answered_at.map(|t| t - OPEN),
            )
        })
        .collect();
    log.sort_by_key(|entry| entry.0);
    log
}

/// Virtual hold, keep place. One agent, 60 s calls; the queue-length estimate is position × 60 s.
/// A at 0: answered at once (0–60). B at 5: estimate 60 s > 30 s, accepts (the acceptance curve
/// is 1 up to a 60 s estimate and 0 from 61 s) and leaves the line keeping place 1.
/// C at 10: place 2 behind B, estimate 120 s: offered, declines, waits live.
/// At 60 the agent takes the oldest place, B's: dials 60–70, B answers, talks 70–130.
/// C is answered at 130 (wait 120).
#[test]
fn virtual_hold_caller_keeps_their_place_and_is_called_back_at_the_front() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 5.0, 10.0]);
    let mut offer = callback(
        CallbackKind::VirtualHold,
        CallbackService::KeepPlace,
        30.0,
        1.0,
    );
    offer.accept = Curve {
        points: vec![(60.0, 1.0), (61.0, 0.0)],
    };
    offer.promise = Some(600.0);
    s.contact.callback = Some(offer);
    let r = run(&s);
    assert_eq!(
        log(&r),
        [
            (0, "answered", 0.0, Some(0.0)),
            (1, "callback_reached", 0.0, Some(70.0)),
            (2, "answered", 120.0, Some(130.0)),
        ]
    );
    assert_close(overall(&r, "callback_offered"), 2.0);
    assert_close(overall(&r, "callback_accepted"), 1.0);
    assert_close(overall(&r, "callback_attempts"), 1.0);
    assert_close(overall(&r, "callback_reached"), 1.0);
    assert_close(overall(&r, "answered"), 2.0);
    assert_close(overall(&r, "served"), 3.0); // A and C live, B on the callback
    assert_close(overall(&r, "callback_delay_s"), 65.0); // requested at 5, answered at 70
    assert_close(overall(&r, "callback_within_promise"), 1.0);
    assert_close(overall(&r, "callback_agent_hours"), 70.0 / 3600.0); // 10 s dial + 60 s talk
    // The live queue: A within 20 s, C not; B left it for the callback.
    assert_close(overall(&r, "service_level"), 0.5);
    assert_close(overall(&r, "eventually_served"), 1.0);
    assert_close(overall(&r, "lost"), 0.0);
    // Busy 0–190 (A, the dial, B, C) of 3600 agent-seconds.
    assert_close(overall(&r, "occupancy"), 190.0 / 3600.0);
    // C joined at 10 in place 2, waited 120 s. Queue length: 2 × 60 = 120 (exact); last to enter
    // service: A's 0 s (120 short); head of line: B, waiting 5 s (115 short).
    assert_close(overall(&r, "estimate_queue_length_error_s"), 0.0);
    assert_close(
        overall(&r, "estimate_last_to_enter_service_error_s"),
        -120.0,
    );
    assert_close(overall(&r, "estimate_head_of_line_error_s"), -115.0);
    assert_close(overall(&r, "estimate_head_of_line_abs_error_s"), 115.0);
}

/// A callback the caller never answers is retried, then fails. A at 0 answered (0–60). B at 5
/// accepts (any wait over 0 s is offered). Dials 60–75 (15 s), 195–210 and 330–345, each 120 s
/// after the last; none answered: the callback fails at 345 after 3 dials, a lost call.
#[test]
fn unanswered_callback_is_retried_then_fails() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 5.0]);
    let mut offer = callback(
        CallbackKind::VirtualHold,
        CallbackService::KeepPlace,
        0.0,
        0.0,
    );
    offer.dial_time = deterministic(15.0);
    offer.promise = Some(300.0);
    s.contact.callback = Some(offer);
    let r = run(&s);
    assert_eq!(
        log(&r),
        [
            (0, "answered", 0.0, Some(0.0)),
            (1, "callback_failed", 0.0, None)
        ]
    );
    let ended = r.call_logs.as_ref().unwrap()[0]
        .iter()
        .find(|c| c.call == 1)
        .unwrap()
        .ended_at;
    assert_close(ended - OPEN, 345.0);
    assert_close(overall(&r, "callback_attempts"), 3.0);
    assert_close(overall(&r, "callback_failed"), 1.0);
    assert_close(overall(&r, "lost"), 1.0);
    assert_close(overall(&r, "callback_within_promise"), 0.0);
    assert_close(overall(&r, "callback_agent_hours"), 45.0 / 3600.0);
    assert_close(overall(&r, "eventually_served"), 0.5);
}

/// Call slots of 10 minutes with room for one callback each. A at 0 answered (0–60). B at 5, C at
/// 10 and D at 20 accept: B books the first slot starting after 5 (600), C finds it full and books
/// 1200, D books 1800. Each is dialled at the slot's start (10 s) and answered.
#[test]
fn slot_booking_takes_the_next_slot_with_room() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 5.0, 10.0, 20.0]);
    let slots = CallbackKind::Slot {
        length: 600.0,
        capacity: 1,
    };
    s.contact.callback = Some(callback(slots, CallbackService::Head, 0.0, 1.0));
    let r = run(&s);
    assert_eq!(
        log(&r),
        [
            (0, "answered", 0.0, Some(0.0)),
            (1, "callback_reached", 0.0, Some(610.0)),
            (2, "callback_reached", 0.0, Some(1210.0)),
            (3, "callback_reached", 0.0, Some(1810.0)),
        ]
    );
    // Delays 605, 1200 and 1790 s; each reached within its slot.
    assert_close(
        overall(&r, "callback_delay_s"),
        (605.0 + 1200.0 + 1790.0) / 3.0,
    );
    assert_close(overall(&r, "callback_within_promise"), 1.0);
}

/// When every slot before closing is full, a caller who accepts keeps waiting live.
/// One slot (08:00–09:00 with 60-minute slots starting at opening: the only slot starts at 0,
/// before any caller asks). A at 0 answered; B at 5 accepts but no slot starts after 5 before
/// closing: B waits and is answered at 60.
#[test]
fn no_free_slot_means_the_caller_keeps_waiting() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 5.0]);
    let slots = CallbackKind::Slot {
        length: 3600.0,
        capacity: 5,
    };
    s.contact.callback = Some(callback(slots, CallbackService::Head, 0.0, 1.0));
    let r = run(&s);
    assert_eq!(
        log(&r),
        [
            (0, "answered", 0.0, Some(0.0)),
            (1, "answered", 55.0, Some(60.0))
        ]
    );
    assert_close(overall(&r, "callback_offered"), 1.0);
    assert_close(overall(&r, "callback_accepted"), 0.0);
}

/// An expected-wait announcement at entry; callers balk when told more than 100 s (curve 0 up to
/// 100 s, 1 from 101 s). A at 0 answered. B at 1: place 1, told 60 s, stays. C at 2: place 2, told
/// 120 s, balks. D at 70: B is talking (60–120), D is told 60 s, stays, answered at 120.
#[test]
fn caller_balks_on_a_long_announced_wait() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 1.0, 2.0, 70.0]);
    s.contact.announcement = Some(Announcement {
        at_entry: true,
        every: None,
        content: AnnouncedContent::ExpectedWait,
        balk: Curve {
            points: vec![(100.0, 0.0), (101.0, 1.0)],
        },
        patience: PatienceResponse::Keep,
    });
    let r = run(&s);
    assert_eq!(
        log(&r),
        [
            (0, "answered", 0.0, Some(0.0)),
            (1, "answered", 59.0, Some(60.0)),
            (2, "balked", 0.0, None),
            (3, "answered", 50.0, Some(120.0)),
        ]
    );
    assert_close(overall(&r, "balked"), 1.0);
    assert_close(overall(&r, "lost"), 1.0);
    assert_close(overall(&r, "abandoned"), 0.0);
    // Balks count as abandons that waited no time: 1 within 20 s of 3 answered + 1 balked.
    assert_close(overall(&r, "service_level_answered_abandoned"), 0.25);
    // A balk never queued: B and D did, of 4 offered, and neither hung up.
    assert_close(overall(&r, "p_wait"), 2.0 / 4.0);
    assert_close(overall(&r, "abandon_given_wait"), 0.0);
    assert_close(overall(&r, "mean_wait_waiting_s"), 109.0 / 2.0);
}

/// Announcements every 30 s by position, and a caller who commits to the announced wait.
/// Agent busy with A 0–300 (300 s calls). B at 10 (patience 50 s) is told place 1 at entry and at
/// each check; the curve never makes them balk. With `Commit(1.0)` the caller will wait at least
/// the announced 300 s: B no longer abandons at 60 and is answered at 300.
#[test]
fn committed_callers_wait_out_the_announced_time() {
    let mut s = base();
    s.classes[0].handle_time = deterministic(300.0);
    s.classes[0].patience = Some(deterministic(50.0));
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 10.0]);
    let announcement = |patience| Announcement {
        at_entry: true,
        every: Some(30.0),
        content: AnnouncedContent::Position,
        balk: Curve::constant(0.0),
        patience,
    };
    s.contact.announcement = Some(announcement(PatienceResponse::Keep));
    assert_eq!(
        log(&run(&s)),
        [
            (0, "answered", 0.0, Some(0.0)),
            (1, "abandoned", 50.0, None)
        ]
    );
    s.contact.announcement = Some(announcement(PatienceResponse::Commit(1.0)));
    assert_eq!(
        log(&run(&s)),
        [
            (0, "answered", 0.0, Some(0.0)),
            (1, "answered", 290.0, Some(300.0))
        ]
    );
}

/// The deflection message plays only when the estimated wait exceeds 30 s. A at 0 finds the agent
/// free (estimate 0): no message, answered. B at 5 (estimate 60 s) hears it and takes the other
/// channel (share 1): deflected, not lost, and out of the service-level denominator.
#[test]
fn deflection_offers_another_channel_only_on_a_long_wait() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 5.0]);
    s.contact.deflection = Some(Deflection {
        share: 1.0,
        when_wait_over: Some(30.0),
    });
    let r = run(&s);
    assert_eq!(
        log(&r),
        [(0, "answered", 0.0, Some(0.0)), (1, "deflected", 0.0, None)]
    );
    assert_close(overall(&r, "offered"), 2.0);
    assert_close(overall(&r, "deflected"), 1.0);
    assert_close(overall(&r, "lost"), 0.0);
    assert_close(overall(&r, "service_level"), 1.0);
}

/// A blocked caller redials. The queue holds nobody, so B at 5 (agent busy with A 0–60) hears a
/// busy signal and calls again 100 s later (probability 1, at most 2 attempts): at 105 the agent
/// is free. Two callers, three attempts, both eventually served.
#[test]
fn blocked_caller_redials_and_is_served() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 5.0]);
    s.limits.queue_capacity = Some(0);
    s.classes[0].redial.max_attempts = 2;
    s.classes[0].redial.rules[ccsim::model::RedialAfter::Blocked as usize] = Some(RedialRule {
        probability: 1.0,
        delay: deterministic(100.0),
    });
    let r = run(&s);
    let attempts: Vec<_> = r.call_logs.as_ref().unwrap()[0]
        .iter()
        .map(|c| (c.caller, c.attempt, c.outcome.key(), c.arrival - OPEN))
        .collect();
    assert_eq!(
        attempts,
        [
            (1, 1, "missed_blocked", 5.0),
            (0, 1, "answered", 0.0),
            (1, 2, "answered", 105.0)
        ]
    );
    assert_close(overall(&r, "offered"), 3.0);
    assert_close(overall(&r, "unique_callers"), 2.0);
    assert_close(overall(&r, "redials"), 1.0);
    assert_close(overall(&r, "eventually_served"), 1.0);
    // Without the second attempt, one caller of two is lost for good.
    s.classes[0].redial.max_attempts = 1;
    let r = run(&s);
    assert_close(overall(&r, "offered"), 2.0);
    assert_close(overall(&r, "eventually_served"), 0.5);
}

/// A busy, steady centre for the statistical checks: Poisson arrivals at 100 calls per hour, five
/// agents, 3-minute exponential handle times, 10 long days.
fn busy_centre() -> Scenario {
    let mut s = base();
    s.hours.close = OPEN + 10.0 * 3600.0;
    s.hours.interval = 3600.0;
    s.pools[0].agents = vec![5; 10];
    s.classes[0].arrivals = ccsim::model::Arrivals::Poisson {
        calls_per_hour: vec![100.0; 10],
    };
    s.classes[0].handle_time = Distribution::exponential(180.0).unwrap();
    s.replications = 10;
    s
}

/// Each dial is answered with probability p, independently: a callback is reached with
/// probability 1 − (1 − p)^k over k dials, and takes 1 + (1 − p) + … + (1 − p)^(k−1) dials on
/// average. With p = 0.5 and k = 3: 0.875 and 1.75. Pooled over every accepted callback of the
/// replications; tolerances are 4 binomial / sample standard errors.
#[test]
fn callback_reach_and_dials_follow_the_answer_probability() {
    let mut s = busy_centre();
    s.contact.callback = Some(callback(
        CallbackKind::VirtualHold,
        CallbackService::WhenIdle,
        0.0,
        0.5,
    ));
    let r = run(&s);
    let mut accepted = 0.0;
    let mut reached = 0.0;
    let mut dials = 0.0;
    for values in &r.replications {
        let value = |key: &str| {
            let index = ccsim::sim::metrics::METRICS
                .iter()
                .position(|m| m.key == key)
                .unwrap();
            values.overall[index].unwrap()
        };
        accepted += value("callback_accepted");
        reached += value("callback_reached");
        dials += value("callback_attempts");
    }
    assert!(accepted > 2000.0, "{accepted} callbacks");
    let p_reach = reached / accepted;
    let se = (0.875f64 * 0.125 / accepted).sqrt();
    assert!((p_reach - 0.875).abs() <= 4.0 * se, "reached {p_reach}");
    // Dials per callback take the values 1, 2, 3 with probabilities 1/2, 1/4, 1/4: variance 0.6875.
    let mean_dials = dials / accepted;
    let se = (0.6875f64 / accepted).sqrt();
    assert!((mean_dials - 1.75).abs() <= 4.0 * se, "dials {mean_dials}");
}

/// A knowledge hub with a 30 % share: the calls that reach the centre are a thinned Poisson stream,
/// 70 % of the would-be callers. Over 10 days of 1000 would-be callers the share self-served is
/// within 4 binomial standard errors of 0.3.
#[test]
fn self_service_thins_the_inbound_volume_by_its_share() {
    let mut s = busy_centre();
    s.contact.self_service = Some(SelfService {
        share: vec![0.3; 10],
    });
    let r = run(&s);
    let served = overall(&r, "self_served");
    let offered = overall(&r, "offered");
    let share = served / (served + offered);
    let n = (served + offered) * s.replications as f64;
    let se = (0.3f64 * 0.7 / n).sqrt();
    assert!((share - 0.3).abs() <= 4.0 * se, "self-served share {share}");
}

/// Periodic announcements end with the day: with no agent at all, a caller who never hangs up
/// (arrived at 10, checked every 30 s) is still waiting at closing time; the first check after it
/// (at 3610) finds no agent left and stops, and the run ends with the caller unfinished after
/// 3600 s, instead of announcing for ever.
#[test]
fn announcements_stop_when_no_agent_is_left_after_closing() {
    let mut s = base();
    s.pools[0].agents = vec![0];
    s.classes[0].arrivals = arrivals_after_open(&[10.0]);
    s.contact.announcement = Some(Announcement {
        at_entry: true,
        every: Some(30.0),
        content: AnnouncedContent::Position,
        balk: Curve::constant(0.0),
        patience: PatienceResponse::Keep,
    });
    let r = run(&s);
    assert_eq!(log(&r), [(0, "unfinished", 3600.0, None)]);
}

/// A caller already waiting when the run starts can redial like any other. One agent, busy until
/// 200 with a call from before the start. The waiting caller had waited 30 s with a patience of
/// 40 s: they hang up at 10 (a 40-second wait), call again 300 s later, at 310, and the agent,
/// free since 200, answers at once.
#[test]
fn a_caller_waiting_at_the_start_redials() {
    let mut s = base();
    s.classes[0].patience = Some(deterministic(40.0));
    s.classes[0].redial.max_attempts = 2;
    s.classes[0].redial.rules[ccsim::model::RedialAfter::Abandoned as usize] = Some(RedialRule {
        probability: 1.0,
        delay: deterministic(300.0),
    });
    s.start.busy = vec![ccsim::model::BusyAtStart {
        pool: 0,
        agents: 1,
        remaining: deterministic(200.0),
    }];
    s.start.waiting = vec![ccsim::model::WaitingAtStart {
        class: 0,
        callers: 1,
        waited: 30.0,
    }];
    let r = run(&s);
    let attempts: Vec<_> = r.call_logs.as_ref().unwrap()[0]
        .iter()
        .map(|c| (c.caller, c.attempt, c.outcome.key(), c.wait, c.counted))
        .collect();
    assert_eq!(
        attempts,
        [
            (1, 1, "abandoned", 40.0, true),
            (0, 1, "answered", 0.0, false),
            (1, 2, "answered", 0.0, true)
        ]
    );
    assert_close(overall(&r, "unique_callers"), 1.0);
    assert_close(overall(&r, "redials"), 1.0);
    assert_close(overall(&r, "eventually_served"), 1.0);
}
