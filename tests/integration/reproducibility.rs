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
