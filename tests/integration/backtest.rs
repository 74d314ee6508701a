//! `--actual`: observed values beside the predictions, checked against the simulated day-to-day
//! range. The observations are hand-built (`tests/fixtures/actual/retail-day.json`): 2,870 calls
//! offered over the day and 45 in 08:00–08:30 (the scenario's forecast volumes, so inside any
//! range of simulated days), an abandon rate of 50 % and a P(wait) of 99 % at 08:00 (far beyond
//! anything a centre staffed for 80/20 produces, so outside), and an occupancy the log could not
//! observe (null).

use crate::common::{ccsim, stdout_of};
use serde_json::Value;

const ACTUAL: &str = "tests/fixtures/actual/retail-day.json";

fn json_report(extra: &[&str]) -> Value {
    let mut args = vec!["run", "scenarios/retail-day.toml", "-r", "20", "-q"];
    args.extend(["--format", "json"]);
    args.extend(extra);
    serde_json::from_str(&stdout_of(ccsim().args(&args))).unwrap()
}

/// Removes every `actual` object and the `back_test` summary.
fn without_back_test(mut report: Value) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("actual");
                map.remove("back_test");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut report);
    report
}

#[test]
fn observed_values_inside_and_outside_the_range() {
    let report = json_report(&["--actual", ACTUAL]);
    let summary = &report["summary"];
    let offered = &summary["offered"]["actual"];
    assert_eq!(offered["observed"], 2870.0);
    assert_eq!(offered["inside"], true);
    let (low, high) = (
        offered["range_low"].as_f64().unwrap(),
        offered["range_high"].as_f64().unwrap(),
    );
    assert!(low <= 2870.0 && 2870.0 <= high && low < high);
    let abandon = &summary["abandon_rate"]["actual"];
    assert_eq!(abandon["inside"], false);
    assert!(abandon["range_high"].as_f64().unwrap() < 0.5);
    // Not observed: shown, never invented.
    assert_eq!(summary["occupancy"]["actual"]["observed"], Value::Null);
    assert_eq!(summary["occupancy"]["actual"]["inside"], Value::Null);
    assert_eq!(summary["service_level"]["actual"]["observed"], Value::Null);
    let first = &report["intervals"][0];
    assert_eq!(first["start"], "08:00");
    assert_eq!(first["offered"]["actual"]["inside"], true);
    assert_eq!(first["p_wait"]["actual"]["inside"], false);
    let back_test = &report["back_test"];
    assert_eq!(back_test["checked"], 4);
    assert_eq!(back_test["outside"], 2);
    assert_eq!(back_test["range"], "p2.5-p97.5");
    assert_eq!(back_test["days"][0], "2026-11-02");
    // The back-test only adds: every other value is the report without it.
    assert_eq!(without_back_test(report), json_report(&[]));
}

#[test]
fn the_table_says_how_many_observations_fall_outside() {
    let text = stdout_of(ccsim().args([
        "run",
        "scenarios/retail-day.toml",
        "-r",
        "5",
        "-q",
        "--actual",
        ACTUAL,
    ]));
    assert!(text.contains("Back-test against tests/fixtures/actual/retail-day.json"));
    // Five replications: too few for percentiles, the range is the lowest to the highest day.
    assert!(text.contains("lowest to highest of the 5 simulated days"));
    let row = |label: &str| -> Vec<String> {
        let line = text
            .lines()
            .skip_while(|l| !l.starts_with("Back-test"))
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("a back-test row {label}"));
        line.split_whitespace().map(String::from).collect()
    };
    assert_eq!(row("Offered").last().unwrap(), "yes");
    assert_eq!(row("Abandon rate").last().unwrap(), "no");
    assert_eq!(row("Occupancy").last().unwrap(), "–");
    assert!(text.contains("2 of 4 observed values fall outside the simulated day-to-day range"));
}

#[test]
fn csv_and_html_carry_the_observations() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let text = stdout_of(ccsim().args([
        "run",
        "scenarios/retail-day.toml",
        "-r",
        "4",
        "-q",
        "--format",
        "csv",
        "--actual",
        ACTUAL,
        "--out",
        out.to_str().unwrap(),
    ]));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let overall = reader.records().next().unwrap().unwrap();
    assert_eq!(&overall[column("scope")], "overall");
    assert_eq!(&overall[column("abandon_rate_observed")], "0.5");
    assert_eq!(&overall[column("abandon_rate_inside")], "false");
    assert_eq!(&overall[column("offered_inside")], "true");
    assert_eq!(&overall[column("occupancy_inside")], "");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Back-test against"));
    assert!(html.contains("class=\"missed\""));
    let intervals = std::fs::read_to_string(out.join("intervals.csv")).unwrap();
    assert!(intervals.lines().next().unwrap().contains("p_wait_inside"));
}

#[test]
fn a_bad_actual_file_is_refused_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let simulated = dir.path().join("simulated.json");
    std::fs::write(
        &simulated,
        r#"{"schema_version": 1, "kind": "simulated", "summary": {}}"#,
    )
    .unwrap();
    let missing = dir.path().join("missing.json");
    let cases: [(Vec<&str>, &str); 3] = [
        (
            vec!["--actual", simulated.to_str().unwrap()],
            "expected \"actual\"",
        ),
        (
            vec!["--actual", missing.to_str().unwrap()],
            "cannot read it",
        ),
        // The observations are by half hour; the report would be by hour.
        (
            vec!["--actual", ACTUAL, "--group-by", "hour"],
            "does not match the report's 08:00-09:00",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["run", "scenarios/retail-day.toml", "-r", "2", "-q"];
        args.extend(&extra);
        let output = ccsim().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{extra:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{stderr}");
        assert!(output.stdout.is_empty(), "nothing printed: {extra:?}");
    }
}

/// A multi-day study is back-tested day by day too: an observed Monday with a single call
/// offered, which no simulated Monday of the retail week comes near.
#[test]
fn each_day_of_a_study_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let actual = dir.path().join("actual.json");
    std::fs::write(
        &actual,
        r#"{"schema_version": 1, "kind": "actual", "summary": {},
            "days": [{"name": "Monday", "offered": {"mean": 1.0, "n": 1}}]}"#,
    )
    .unwrap();
    let text = stdout_of(ccsim().args([
        "run",
        "scenarios/week.toml",
        "-r",
        "3",
        "-q",
        "--format",
        "json",
        "--actual",
        actual.to_str().unwrap(),
    ]));
    let report: Value = serde_json::from_str(&text).unwrap();
    let days = report["days"].as_array().unwrap();
    let monday = days.iter().find(|d| d["name"] == "Monday").unwrap();
    assert_eq!(monday["offered"]["actual"]["observed"], 1.0);
    assert_eq!(monday["offered"]["actual"]["inside"], false);
    let tuesday = days.iter().find(|d| d["name"] == "Tuesday").unwrap();
    assert_eq!(tuesday["offered"]["actual"]["observed"], Value::Null);
    assert_eq!(report["back_test"]["checked"], 1);
    assert_eq!(report["back_test"]["outside"], 1);
}

/// `compare --actual`: the observed values sit beside the baseline, checked against the
/// baseline's day-to-day range, in the table, the JSON and the CSV.
#[test]
fn compare_sets_the_observations_beside_the_baseline() {
    let compare = |format: &str| {
        stdout_of(ccsim().args([
            "compare",
            "scenarios/retail-day.toml",
            "scenarios/retail-day.toml",
            "--set",
            "handle_time.mean=4m",
            "-r",
            "20",
            "-q",
            "--format",
            format,
            "--actual",
            ACTUAL,
        ]))
    };
    let json: Value = serde_json::from_str(&compare("json")).unwrap();
    let summary = &json["variants"][0]["summary"];
    assert_eq!(summary["offered"]["actual"]["inside"], true);
    assert_eq!(summary["abandon_rate"]["actual"]["inside"], false);
    assert_eq!(json["back_test"]["outside"], 2);
    let table = compare("table");
    assert!(table.contains("Back-test against tests/fixtures/actual/retail-day.json"));
    let csv = compare("csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let abandon = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[column("scope")] == "overall" && &r[column("metric")] == "abandon_rate")
        .unwrap();
    assert_eq!(&abandon[column("observed")], "0.5");
    assert_eq!(&abandon[column("inside")], "false");
}
