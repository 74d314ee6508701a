//! `--precision`: replications in batches until the deciding interval is narrow enough, the
//! same whatever the threads; a cap that comes first is an error; `staff` decides close calls
//! with more replications and says which constraint binds.

use crate::common::ccsim;
use assert_cmd::Command;
use serde_json::Value;

fn output_of(command: &mut Command) -> (Vec<u8>, String) {
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    (output.stdout, stderr)
}

fn day_service_level(report: &Value) -> (f64, f64, u64) {
    let sl = &report["summary"]["service_level"];
    let half = (sl["ci_high"].as_f64().unwrap() - sl["ci_low"].as_f64().unwrap()) / 2.0;
    (
        half,
        sl["mean"].as_f64().unwrap(),
        report["replications"].as_u64().unwrap(),
    )
}

/// The run stops with the day's service level within ±0.5 pp, after more replications than the
/// first batch; the output is byte-identical on one thread and on two, and identical to a
/// fixed run of as many replications.
#[test]
fn a_run_reaches_its_half_width_whatever_the_threads() {
    let run = |threads: &str| {
        output_of(
            ccsim()
                .args(["run", "scenarios/basic.toml", "--precision", "0.5pp"])
                .args(["--format", "json", "-q", "--threads", threads]),
        )
        .0
    };
    let one = run("1");
    assert_eq!(one, run("2"), "the thread count changed the output");
    let report: Value = serde_json::from_slice(&one).unwrap();
    let (half, _, replications) = day_service_level(&report);
    assert!(half <= 0.005, "half-width {half}");
    assert!(replications > 20, "{replications} replications");
    let fixed = output_of(
        ccsim()
            .args(["run", "scenarios/basic.toml", "--format", "json", "-q"])
            .args(["--replications", &replications.to_string()]),
    )
    .0;
    assert_eq!(one, fixed, "a stop at n replications is a run of n");
    // The stop was the first batch narrow enough: ten replications fewer were still too wide.
    let fewer = output_of(
        ccsim()
            .args(["run", "scenarios/basic.toml", "--format", "json", "-q"])
            .args(["--replications", &(replications - 10).to_string()]),
    )
    .0;
    let (half, ..) = day_service_level(&serde_json::from_slice(&fewer).unwrap());
    assert!(half > 0.005, "{half}");
}

#[test]
fn a_precision_out_of_reach_of_the_cap_is_an_error() {
    let output = ccsim()
        .args(["run", "scenarios/basic.toml", "--precision", "0.01pp", "-q"])
        .args(["--max-replications", "15"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--precision not reached within --max-replications 15")
            && stderr.contains("the day's service level is ±"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no report after an error");
}

#[test]
fn bad_precisions_are_refused_with_the_fix() {
    let output = ccsim()
        .args(["run", "scenarios/basic.toml", "--precision", "1%"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1pp"), "{stderr}");
    let output = ccsim()
        .args([
            "staff",
            "scenarios/retail-day.toml",
            "--precision",
            "2s",
            "-q",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--max-asa"), "{stderr}");
}

/// A run whose intervals' service levels straddle the target says so.
#[test]
fn a_run_warns_when_intervals_straddle_the_target() {
    let (_, stderr) = output_of(ccsim().args(["run", "scenarios/retail-day.toml", "-q"]));
    assert!(
        stderr.contains("straddles the 80.0% target in") && stderr.starts_with("warning: "),
        "{stderr}"
    );
}

const SMALL: &str = "name = 'small'\nseed = 9\nreplications = 10\n[hours]\nopen = '09:00'\n\
    close = '11:00'\ninterval = '30m'\n[arrivals]\ncalls_per_hour = [60, 240, 240, 60]\n\
    [handle_time]\ndistribution = 'exponential'\nmean = '4m'\n[patience]\n\
    distribution = 'exponential'\nmean = '3m'\n[staffing]\nagents = 1\n";

/// With a precision, every close call is decided (no undecided one agent fewer), the search
/// takes more replications where it needs them, the answer is the same on one thread and on
/// two, and every interval says which constraint binds.
#[test]
fn staff_decides_close_calls_with_the_replications_they_need() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("small.toml");
    std::fs::write(&file, SMALL).unwrap();
    let staff = |threads: &str| {
        output_of(
            ccsim()
                .arg("staff")
                .arg(&file)
                .args([
                    "--target",
                    "80/20",
                    "--max-asa",
                    "15s",
                    "--precision",
                    "2pp",
                ])
                .args(["--precision", "asa=3s", "--format", "json", "-q"])
                .args(["--threads", threads]),
        )
    };
    let (one, stderr) = staff("1");
    assert!(stderr.is_empty(), "decided calls need no warning: {stderr}");
    assert_eq!(one, staff("2").0, "the thread count changed the answer");
    let staffing: Value = serde_json::from_slice(&one).unwrap();
    let precision = &staffing["precision"];
    assert_eq!(precision["service_level"], 0.02);
    assert_eq!(precision["asa_s"], 3.0);
    let fewest = precision["fewest_replications"].as_u64().unwrap();
    let most = precision["most_replications"].as_u64().unwrap();
    assert_eq!(fewest, 10);
    assert!(most > fewest, "no close call took more replications");
    for interval in staffing["intervals"].as_array().unwrap() {
        assert_eq!(interval["fewer_undecided"], false);
        let binding = interval["binding"].as_array().unwrap();
        assert!(!binding.is_empty(), "{interval}");
        // The interval meets both targets, judged by the whole interval.
        assert!(interval["service_level"]["ci_low"].as_f64().unwrap() >= 0.8);
        assert!(interval["asa_s"]["ci_high"].as_f64().unwrap() <= 15.0);
    }
}

/// One agent fewer than the answer misses the constraint named as binding: the first
/// interval (which inherits no queue) run again with one agent fewer, on the same seed and the
/// same replications, misses that target.
#[test]
fn the_binding_constraint_is_the_one_an_agent_fewer_misses() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("small.toml");
    std::fs::write(&file, SMALL).unwrap();
    let (out, _) = output_of(ccsim().arg("staff").arg(&file).args([
        "--target",
        "50/20",
        "--max-asa",
        "5s",
        "--format",
        "json",
        "-q",
    ]));
    let staffing: Value = serde_json::from_slice(&out).unwrap();
    let first = &staffing["intervals"][0];
    assert_eq!(first["binding"], serde_json::json!(["asa_s"]), "{first}");
    let mut agents: Vec<u64> = (staffing["agents"].as_array().unwrap().iter())
        .map(|a| a.as_u64().unwrap())
        .collect();
    agents[0] -= 1;
    let list: Vec<String> = agents.iter().map(u64::to_string).collect();
    let (out, _) = output_of(
        ccsim()
            .arg("run")
            .arg(&file)
            .args(["--format", "json", "-q", "--set"])
            .arg(format!("staffing.agents=[{}]", list.join(","))),
    );
    let report: Value = serde_json::from_slice(&out).unwrap();
    let interval = &report["intervals"][0];
    assert!(
        interval["asa_s"]["ci_high"].as_f64().unwrap() > 5.0,
        "{interval}"
    );
    assert!(
        interval["service_level"]["ci_low"].as_f64().unwrap() >= 0.5,
        "{interval}"
    );
}
