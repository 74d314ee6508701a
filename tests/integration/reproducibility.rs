//! Same scenario and seed ⇒ byte-identical output, whatever the number of threads.

use crate::common::{ccsim, stdout_of};

fn json_report(threads: &str, seed: &str) -> String {
    stdout_of(
        ccsim()
            .args([
                "run",
                "scenarios/retail-day.toml",
                "--format",
                "json",
                "--quiet",
                "-r",
                "8",
            ])
            .args(["--threads", threads, "--seed", seed]),
    )
}

#[test]
fn same_seed_gives_byte_identical_json_with_any_thread_count() {
    let first = json_report("2", "7");
    assert_eq!(first, json_report("2", "7"), "twice with the same settings");
    assert_eq!(first, json_report("1", "7"), "one thread instead of two");
    assert_eq!(first, json_report("3", "7"), "more threads than cores");
    assert_ne!(
        first,
        json_report("2", "8"),
        "another seed gives other numbers"
    );
}

/// The same holds with caller-contact policies and redials, whose decisions use each caller's own
/// random numbers: the callback day with virtual hold switched on, on one, two and three threads.
#[test]
fn contact_policies_and_redials_are_reproducible_with_any_thread_count() {
    let report = |threads: &str| {
        stdout_of(
            ccsim()
                .args(["run", "scenarios/callback-vs-none.toml", "--format", "json"])
                .args(["--quiet", "-r", "6", "--set", "callback.enabled=true"])
                .args(["--threads", threads]),
        )
    };
    let first = report("2");
    let json: serde_json::Value = serde_json::from_str(&first).unwrap();
    let reached = json["summary"]["callback_reached"]["mean"]
        .as_f64()
        .unwrap();
    assert!(reached > 0.0, "callbacks were made: {reached}");
    assert_eq!(first, report("1"), "one thread instead of two");
    assert_eq!(first, report("3"), "more threads than cores");
}
