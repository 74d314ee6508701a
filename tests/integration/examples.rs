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
