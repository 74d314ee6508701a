//! The `ccsim` command end to end: outputs, files written, error messages and exit codes.

use crate::common::{ccsim, stdout_of};
use std::fs;

#[test]
fn run_prints_the_table_overall_then_per_interval() {
    let text = stdout_of(ccsim().args(["run", "scenarios/retail-day.toml", "-r", "4", "--quiet"]));
    let overall = text.find("Overall").expect("an overall section");
    let intervals = text.find("Interval").expect("an interval section");
    assert!(overall < intervals);
    assert!(text.contains("Service level = answered_within / offered with threshold 20 s"));
    for label in [
        "Abandoned",
        "Missed",
        "Dropped",
        "Lost",
        "ASA",
        "Occupancy",
        "Wait p90",
        "P(wait)",
        "Mean wait (abandoned calls)",
    ] {
        assert!(text.contains(label), "table shows {label}");
    }
    let waiting = text.find("\nWaiting ").expect("a waiting section");
    assert!(intervals < waiting);
    let interval_rows = |section: &str| {
        section
            .lines()
            .filter(|l| l.len() > 6 && l.as_bytes()[2] == b':' && l.as_bytes()[5] == b'-')
            .count()
    };
    let (outcomes, waits) = text.split_at(waiting);
    assert_eq!(
        interval_rows(outcomes),
        24,
        "one row per 30-minute interval"
    );
    assert_eq!(interval_rows(waits), 24, "one waiting row per interval");
}

#[test]
fn the_table_shows_durations_as_minutes_and_the_json_in_seconds() {
    let args = ["run", "scenarios/retail-day.toml", "-r", "3", "--quiet"];
    let table = stdout_of(ccsim().args(args));
    let json = stdout_of(ccsim().args(args).args(["--format", "json"]));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    for (label, key) in [
        ("AHT (answered)", "aht_s"),
        ("ASA (mean wait, answered)", "asa_s"),
    ] {
        let seconds = report["summary"][key]["mean"].as_f64().unwrap();
        let tenths = (seconds * 10.0).round() as u64;
        let minutes_and_seconds =
            format!("{}:{:02}.{}", tenths / 600, tenths / 10 % 60, tenths % 10);
        let row = table.lines().find(|l| l.starts_with(label)).unwrap();
        assert_eq!(
            row.split_whitespace().nth(label.split_whitespace().count()),
            Some(minutes_and_seconds.as_str()),
            "{label} {seconds} s is shown as m:ss.s in: {row}"
        );
    }
    let aht = report["summary"]["aht_s"]["mean"].as_f64().unwrap();
    assert!(aht > 60.0, "the JSON keeps seconds: {aht}");
}

#[test]
fn json_report_has_the_contracted_fields() {
    let text = stdout_of(ccsim().args([
        "run",
        "scenarios/retail-day.toml",
        "-r",
        "3",
        "--format",
        "json",
    ]));
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["ccsim_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(report["scenario"]["name"], "Retail day");
    assert_eq!(report["replications"], 3);
    assert_eq!(report["service_level"]["threshold_s"], 20.0);
    assert_eq!(report["service_level"]["formula"], "offered");
    for key in [
        "offered",
        "answered",
        "abandoned",
        "missed",
        "dropped",
        "lost",
        "service_level",
        "abandon_rate",
        "asa_s",
        "occupancy",
    ] {
        let metric = &report["summary"][key];
        for field in ["mean", "std", "ci_low", "ci_high"] {
            assert!(
                metric[field].is_number(),
                "summary.{key}.{field} is a number"
            );
        }
        assert!(metric["ci_low"].as_f64() <= metric["mean"].as_f64());
        assert!(metric["mean"].as_f64() <= metric["ci_high"].as_f64());
    }
    let intervals = report["intervals"].as_array().unwrap();
    assert_eq!(intervals.len(), 24);
    assert_eq!(intervals[0]["start"], "08:00");
    assert_eq!(intervals[23]["end"], "20:00");
    assert!(intervals[5]["service_level"]["mean"].is_number());
}

#[test]
fn out_dir_and_call_log_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results");
    let log = dir.path().join("calls.csv");
    stdout_of(
        ccsim()
            .args([
                "run",
                "scenarios/retail-day.toml",
                "-r",
                "2",
                "--format",
                "csv",
            ])
            .args([
                "--out".as_ref(),
                out.as_os_str(),
                "--call-log".as_ref(),
                log.as_os_str(),
            ]),
    );
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let offered = report["summary"]["offered"]["mean"].as_f64().unwrap();
    let intervals = fs::read_to_string(out.join("intervals.csv")).unwrap();
    assert_eq!(
        intervals.lines().count(),
        1 + 24,
        "a header and one row per interval"
    );
    assert!(
        intervals
            .lines()
            .next()
            .unwrap()
            .contains("service_level_mean")
    );
    let calls = fs::read_to_string(&log).unwrap();
    // Two replications: the rows are the offered calls of both days.
    assert_eq!((calls.lines().count() - 1) as f64, 2.0 * offered);
    assert!(
        calls
            .lines()
            .skip(1)
            .all(|row| row.starts_with("Retail day,"))
    );
    let mut written: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "charts",
            "classes.csv",
            "intervals.csv",
            "pools.csv",
            "report.html",
            "report.json"
        ],
        "the outputs and no temporary files"
    );
    let pools = fs::read_to_string(out.join("pools.csv")).unwrap();
    assert!(
        pools
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("Retail day,agents,"),
        "{pools}"
    );
}

#[test]
fn set_overrides_a_value() {
    let fewer = stdout_of(
        ccsim()
            .args(["run", "scenarios/basic.toml", "-r", "2", "--format", "json"])
            .args([
                "--set",
                "staffing.agents=20",
                "--set",
                "hours.duration=6h",
                "--set",
                "hours.interval=6h",
                "--set",
                "warmup=1h",
            ]),
    );
    let report: serde_json::Value = serde_json::from_str(&fewer).unwrap();
    assert_eq!(report["intervals"][0]["scheduled_agents"], 20);
}

#[test]
fn validate_accepts_the_shipped_scenarios() {
    let text = stdout_of(ccsim().args([
        "validate",
        "scenarios/basic.toml",
        "scenarios/retail-day.toml",
    ]));
    assert_eq!(text.lines().filter(|l| l.starts_with("ok: ")).count(), 2);
}

#[test]
fn bad_input_exits_2_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = fs::read_to_string("scenarios/retail-day.toml")
        .unwrap()
        .replace("mean = \"4m30s\"", "mean = \"-4m\"");
    fs::write(&bad, text).unwrap();
    let out_dir = dir.path().join("out");
    let output = ccsim()
        .arg("run")
        .arg(&bad)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("bad.toml:"), "names the file: {stderr}");
    assert!(
        stderr.contains("`handle_time.mean`"),
        "names the key: {stderr}"
    );
    assert!(stderr.contains("\"-4m\""), "shows the value: {stderr}");
    assert!(output.stdout.is_empty());
    assert!(!out_dir.exists(), "nothing written on bad input");

    let output = ccsim()
        .args(["run", "scenarios/basic.toml", "--set", "staffing.agents"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("KEY=VALUE"));

    let output = ccsim().args(["run", "no/such/file.toml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/file.toml"));

    let output = ccsim()
        .args(["run", "scenarios/basic.toml", "--replications", "0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "usage errors exit 2 as well");
}
