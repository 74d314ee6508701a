//! Multi-day studies: days summed replication by replication, each day with streams of its own.

use crate::common::*;
use ccsim::dist::Distribution;
use ccsim::experiment::{RunOptions, run_replications, run_study};
use ccsim::model::{Arrivals, Study, StudyDay};
use ccsim::policy::Policies;
use ccsim::sim::{self, metrics};
use std::fs;

fn day(name: &str, scenario: &ccsim::Scenario) -> StudyDay {
    StudyDay {
        name: name.into(),
        scenario: scenario.clone(),
    }
}

/// One agent, 60 s calls, callers who hang up after 20 s.
/// Day A: calls at 0, 60 and 120, each answered at once (busy 0–180).
/// Day B: a call at 0 (answered, busy 0–60) and one at 10, which would be answered at 60 but
/// hangs up at 30 after waiting 20 s.
/// The study: offered 3 + 2 = 5, answered 4, abandoned 1. Rates are ratios of totals: abandon
/// rate 1/5 = 0.2 (the mean of the daily rates, (0 + 1/2) / 2, would be 0.25); mean wait of all
/// calls (0 + 0 + 0 + 0 + 20) / 5 = 4 s (not (0 + 10) / 2 = 5); service level: 4 of 5 answered
/// within 20 s = 0.8; occupancy (180 + 60) busy of 2 × 3600 present agent-seconds.
#[test]
fn counts_add_and_rates_are_ratios_of_totals() {
    let mut a = base();
    a.classes[0].patience = Some(Distribution::deterministic(20.0).unwrap());
    a.classes[0].arrivals = arrivals_after_open(&[0.0, 60.0, 120.0]);
    let mut b = a.clone();
    b.classes[0].arrivals = arrivals_after_open(&[0.0, 10.0]);
    let study = Study::new("pair".into(), vec![day("A", &a), day("B", &b)]).unwrap();
    let result = run_study(&study, &RunOptions::default());

    assert_close(overall(&result, "offered"), 5.0);
    assert_close(overall(&result, "answered"), 4.0);
    assert_close(overall(&result, "abandoned"), 1.0);
    assert_close(overall(&result, "abandon_rate"), 0.2);
    assert_close(overall(&result, "mean_wait_s"), 4.0);
    assert_close(overall(&result, "asa_s"), 0.0);
    assert_close(overall(&result, "service_level"), 0.8);
    assert_close(overall(&result, "occupancy"), 240.0 / 7200.0);
    assert_close(in_interval(&result, 0, "offered"), 5.0);
    assert_close(
        result.summary.classes[0]
            .metrics
            .get("answered")
            .unwrap()
            .mean,
        4.0,
    );
    assert_eq!(result.summary.intervals[0].scheduled_agents, 2);

    let day_value = |index: usize, key: &str| result.days[index].metrics.get(key).unwrap().mean;
    assert_eq!(result.days[0].name, "A");
    assert_close(day_value(0, "offered"), 3.0);
    assert_close(day_value(0, "abandon_rate"), 0.0);
    assert_close(day_value(1, "offered"), 2.0);
    assert_close(day_value(1, "abandon_rate"), 0.5);
    assert_close(day_value(1, "mean_wait_s"), 10.0);
}

/// A stochastic one-class day: 100 calls an hour, 4 agents, exponential handle and patience.
fn poisson_day() -> ccsim::Scenario {
    let mut s = base();
    s.replications = 4;
    s.classes[0].arrivals = Arrivals::Poisson {
        calls_per_hour: vec![100.0],
    };
    s.classes[0].handle_time = Distribution::exponential(120.0).unwrap();
    s.classes[0].patience = Some(Distribution::exponential(60.0).unwrap());
    s.pools[0].agents = vec![4];
    s
}

/// Two identical days: replication r of the study is the sum of day 0 and day 1 of replication
/// r, each simulated with its own streams; day 0 draws exactly what a plain run draws, day 1
/// other callers.
#[test]
fn a_study_of_two_identical_days_is_the_sum_of_their_runs() {
    let s = poisson_day();
    let study = Study::new("twice".into(), vec![day("first", &s), day("second", &s)]).unwrap();
    let result = run_study(&study, &RunOptions::default());
    let plain = run_replications(&s, &RunOptions::default());
    let policies = Policies::for_scenario(&s);
    for r in 0..u64::from(s.replications) {
        let mut sum = sim::run_day(&s, &policies, 0, r, false).tally;
        sum.add(&sim::run_day(&s, &policies, 1, r, false).tally);
        let expected = metrics::values(&sum.calls, &sum.clock, &s.service_level);
        let index = r as usize;
        assert_eq!(result.replications[index].overall, expected);
        assert_eq!(
            result.days[0].replications[index],
            plain.replications[index].overall
        );
        assert_ne!(
            result.days[1].replications[index], result.days[0].replications[index],
            "the second day has callers of its own"
        );
    }
}

#[test]
fn a_study_is_the_same_whatever_the_thread_count() {
    let s = poisson_day();
    let mut busier = s.clone();
    busier.classes[0].arrivals = Arrivals::Poisson {
        calls_per_hour: vec![140.0],
    };
    let study = Study::new("two".into(), vec![day("a", &s), day("b", &busier)]).unwrap();
    let run = |threads| {
        run_study(
            &study,
            &RunOptions {
                threads: Some(threads),
                ..RunOptions::default()
            },
        )
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one.replications, two.replications);
    assert_eq!(one.summary, two.summary);
    assert_eq!(one.days, two.days);
}

const STUDY: &str = r#"
name = "Two days"
seed = 5
replications = 3
[hours]
open = "09:00"
close = "11:00"
interval = "1h"
[arrivals]
calls_per_hour = [60, 80]
[handle_time]
distribution = "exponential"
mean = "4m"
[patience]
distribution = "exponential"
mean = "3m"
[staffing]
agents = [5, 6]

[[days]]
name = "Monday"
set = { "arrivals.calls_per_hour" = [90, 100], "staffing.agents" = [7, 8] }

[[days]]
name = "Tuesday"
"#;

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_study_file_reports_the_days_and_per_replication_values() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "study.toml", STUDY);
    let text = stdout_of(ccsim().args(["run", &file, "--format", "json", "--quiet"]));
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    let days = report["days"].as_array().unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(days[0]["name"], "Monday");
    assert_eq!(report["scenario"]["name"], "Two days");
    let per_day: Vec<f64> = days
        .iter()
        .map(|d| d["offered"]["mean"].as_f64().unwrap())
        .collect();
    let total = report["summary"]["offered"]["mean"].as_f64().unwrap();
    assert!((per_day[0] + per_day[1] - total).abs() < 1e-9);

    let replications = &report["per_replication"];
    let offered = replications["summary"]["offered"].as_array().unwrap();
    assert_eq!(offered.len(), 3);
    let monday = replications["days"][0]["summary"]["offered"]
        .as_array()
        .unwrap();
    let tuesday = replications["days"][1]["summary"]["offered"]
        .as_array()
        .unwrap();
    for r in 0..3 {
        let sum = monday[r].as_f64().unwrap() + tuesday[r].as_f64().unwrap();
        assert_eq!(offered[r].as_f64().unwrap(), sum);
    }
    assert_eq!(replications["days"][1]["name"], "Tuesday");

    let table = stdout_of(ccsim().args(["run", &file, "--quiet"]));
    assert!(table.contains("2 days pooled"));
    let monday_row = table.lines().find(|l| l.starts_with("Monday")).unwrap();
    assert!(monday_row.contains('%'), "{monday_row}");

    let out = dir.path().join("out");
    ccsim()
        .args(["run", &file, "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let days_csv = fs::read_to_string(out.join("days.csv")).unwrap();
    assert_eq!(days_csv.lines().count(), 3, "{days_csv}");
    assert!(
        days_csv
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("Two days,day,Monday,")
    );
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<h2>By day</h2>"));
}

#[test]
fn pooling_files_equals_the_study_with_the_same_days() {
    let dir = tempfile::tempdir().unwrap();
    let study = write(dir.path(), "study.toml", STUDY);
    let base = STUDY.split("[[days]]").next().unwrap();
    let monday = base
        .replace("[60, 80]", "[90, 100]")
        .replace("[5, 6]", "[7, 8]");
    let monday = write(dir.path(), "Monday.toml", &monday);
    let tuesday = write(dir.path(), "Tuesday.toml", base);
    let json = |args: &[&str]| -> serde_json::Value {
        let text = stdout_of(ccsim().args(args).args(["--format", "json", "--quiet"]));
        serde_json::from_str(&text).unwrap()
    };
    let from_file = json(&["run", &study]);
    let pooled = json(&["run", "--pool", &monday, &tuesday]);
    assert_eq!(from_file["summary"], pooled["summary"]);
    assert_eq!(from_file["intervals"], pooled["intervals"]);
    assert_eq!(from_file["per_replication"], pooled["per_replication"]);
    assert_eq!(pooled["days"][1]["name"], "Tuesday");
}

#[test]
fn days_that_differ_in_their_hours_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let moved = STUDY.replace(
        r#""staffing.agents" = [7, 8] }"#,
        r#""staffing.agents" = [7, 8], "hours.open" = "08:00", "hours.close" = "10:00" }"#,
    );
    let file = write(dir.path(), "moved.toml", &moved);
    let output = ccsim().args(["run", &file]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(r#"day "Monday": `hours.open`: found 28800 s; expected 32400 s"#),
        "{stderr}"
    );
    assert!(stderr.contains("moved.toml:22:"), "{stderr}");

    let base = STUDY.split("[[days]]").next().unwrap();
    let first = write(dir.path(), "first.toml", base);
    let later = write(
        dir.path(),
        "later.toml",
        &base
            .replace(r#"close = "11:00""#, r#"close = "12:00""#)
            .replace("[60, 80]", "[60, 80, 70]")
            .replace("[5, 6]", "[5, 6, 5]"),
    );
    let output = ccsim()
        .args(["run", "--pool", &first, &later])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("later.toml: `hours.close`: found 43200 s"),
        "{stderr}"
    );
}

#[test]
fn commands_of_one_day_refuse_a_study_and_check_runs_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "study.toml", STUDY);
    let output = ccsim()
        .args(["sweep", &file, "--vary", "staffing.agents=5,6"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`days`: found 2 days; expected a scenario of one day"),
        "{stderr}"
    );

    let call_log = dir.path().join("calls.csv");
    let output = ccsim()
        .args(["run", &file, "--call-log"])
        .arg(&call_log)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!call_log.exists(), "nothing is written");
    let output = ccsim()
        .args(["run", "--pool", &file, &file])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is itself a multi-day study"), "{stderr}");

    let validated = stdout_of(ccsim().args(["validate", &file]));
    assert!(validated.contains("2 days"), "{validated}");

    let baselines = dir.path().join("baselines");
    ccsim()
        .args(["baseline", &file, "--quiet", "--dir"])
        .arg(&baselines)
        .assert()
        .success();
    ccsim()
        .args(["check", &file, "--quiet", "--mode", "exact", "--baseline"])
        .arg(&baselines)
        .assert()
        .success();
    let checked = stdout_of(
        ccsim()
            .args(["check", &file, "--quiet", "--format", "json", "--baseline"])
            .arg(&baselines),
    );
    let checked: serde_json::Value = serde_json::from_str(&checked).unwrap();
    let metrics = checked["scenarios"][0]["metrics"].as_array().unwrap();
    let tuesday_offered = metrics
        .iter()
        .find(|m| m["section"] == "days" && m["day"] == "Tuesday" && m["key"] == "offered");
    assert!(tuesday_offered.is_some(), "each day's metrics are checked");
    // Editing one day changes the study's fingerprint: the check says the scenario changed.
    fs::write(&file, STUDY.replace("[7, 8]", "[7, 9]")).unwrap();
    let output = ccsim()
        .args(["check", &file, "--quiet", "--mode", "exact", "--baseline"])
        .arg(&baselines)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("days.0.staffing.agents"), "{stdout}");
}
