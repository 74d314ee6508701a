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

/// The custom contact policy runs through the library API: callers who waited two minutes take
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
