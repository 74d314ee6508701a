//! The examples in `examples/` compile and run as part of the test suite.

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../examples/custom_routing.rs"]
mod custom_routing;

/// The custom agent selector runs through the library API and changes the routing: the pools'
/// shares of calls differ from the built-in policy's, and both service levels are real shares.
#[test]
fn custom_routing_example_runs() {
    let (built_in, custom) = custom_routing::compare();
    assert!((0.0..=1.0).contains(&built_in) && (0.0..=1.0).contains(&custom));
    assert_ne!(
        built_in, custom,
        "a different routing policy changes the outcome"
    );
}

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../examples/custom_contact.rs"]
mod custom_contact;

/// The custom contact policy runs through the library API: callers who waited 45 seconds take
/// the callback it offers, so fewer callers abandon than on the same day without the offer.
#[test]
fn custom_contact_example_runs() {
    let (without, with) = custom_contact::compare();
    let mean = |result: &ccsim::experiment::ExperimentResult, key: &str| {
        result.summary.overall.get(key).unwrap().mean
    };
    assert_eq!(mean(&without, "callback_accepted"), 0.0);
    assert!(mean(&with, "callback_accepted") > 0.0);
    assert!(mean(&with, "callback_reached") > 0.0);
    assert!(mean(&with, "abandoned") < mean(&without, "abandoned"));
}

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../examples/chat_invite.rs"]
mod chat_invite;

/// The example's policy decides as documented, from each caller's own random numbers, and its
/// estimator blends the two built-ins; the scenario runs with both plugged in.
#[test]
fn chat_invite_example_decides_and_runs() {
    use ccsim::policy::{
        ArrivalDecision, CallerRandom, CallerView, ContactPolicy, Moment, QueueState, WaitEstimator,
    };
    use chat_invite::{BlendedEstimate, ChatInvite};

    let scenario = ccsim::scenario::from_str(chat_invite::SCENARIO, "t.toml").unwrap();
    let invite = ChatInvite {
        over: 300.0,
        per_minute: 0.05,
        at_most: 0.4,
    };
    let caller = |seed: u64, estimated_wait: f64| CallerView {
        class_index: 0,
        class: &scenario.classes[0],
        interval: 0,
        arrival: 32_400.0,
        now: 32_400.0,
        attempt: 1,
        position: 0,
        estimated_wait,
        remaining_patience: None,
        callback_offered: false,
        random: CallerRandom::new(seed),
        moment: Moment::Arrival,
    };
    let deflected_share = |estimated_wait: f64| {
        let n = 20_000;
        let deflected = (0..n)
            .filter(|&seed| {
                invite.on_arrival(&caller(seed, estimated_wait)) == ArrivalDecision::Deflect
            })
            .count();
        deflected as f64 / n as f64
    };
    assert_eq!(deflected_share(300.0), 0.0);
    // 4 minutes beyond the threshold: 20 %; far beyond it: capped at 40 %. Within 4 SE.
    for (wait, share) in [(540.0, 0.2), (3600.0, 0.4)] {
        let se = (share * (1.0 - share) / 20_000.0_f64).sqrt();
        let observed = deflected_share(wait);
        assert!((observed - share).abs() < 4.0 * se, "{wait}: {observed}");
    }
    // The same caller decides the same way every time.
    let decision = invite.on_arrival(&caller(7, 900.0));
    assert_eq!(invite.on_arrival(&caller(7, 900.0)), decision);

    let queue = QueueState {
        position: 6,
        agents: 3,
        mean_handle_time: 240.0,
        last_to_enter_service: Some(95.0),
        head_of_line: Some(130.0),
    };
    assert_eq!(BlendedEstimate.estimate(&queue), (480.0 + 130.0) / 2.0);
    let unstaffed = QueueState { agents: 0, ..queue };
    assert_eq!(BlendedEstimate.estimate(&unstaffed), f64::INFINITY);

    let result = chat_invite::run();
    assert_eq!(result.replications.len(), 10);
    let offered = result.summary.overall.get("offered").unwrap().mean;
    assert!(offered > 0.0);
    assert!(result.summary.overall.get("deflected").unwrap().mean > 0.0);
}
