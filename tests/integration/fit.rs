//! `ccsim fit` end to end: a small log in an analyst's own layout, and every kind of bad input
//! refused with its file, line, column and value, exit code 2 and nothing written.

use crate::common::ccsim;
use std::fs;
use std::path::Path;

const COLUMNS: &str = "date=call_date,arrival=arrival_time,answered=answer_time,ended=end_time,outcome=result,agent=agent,class=queue";
const OUTCOMES: &str = "answered=ANS,abandoned=ABN,ignore=TEST";
const HEADER: &str = "call_date,arrival_time,answer_time,end_time,result,agent,queue";
const GOOD_ROWS: &[&str] = &[
    "2024-03-04,08:00:05,08:00:05,08:03:10,ANS,a1,sales",
    "2024-03-04,08:01:00,08:01:40,08:05:00,ANS,a2,sales",
    "2024-03-04,08:02:00,,08:02:50,ABN,,sales",
    "2024-03-04,08:10:00,08:10:30,08:12:00,ANS,a1,support",
    "2024-03-04,08:20:00,,08:20:01,TEST,,sales",
    "2024-03-05,08:00:30,08:01:00,08:04:00,ANS,a1,sales",
    "2024-03-05,08:40:00,,08:41:30,ABN,,support",
];

fn write_log(dir: &Path, rows: &[&str]) -> std::path::PathBuf {
    let path = dir.join("calls.csv");
    let mut text = format!("{HEADER}\n");
    for row in rows {
        text += row;
        text += "\n";
    }
    fs::write(&path, text).unwrap();
    path
}

fn fit(log: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    ccsim()
        .arg("fit")
        .arg(log)
        .arg("--out")
        .arg(out)
        .args([
            "--columns",
            COLUMNS,
            "--outcomes",
            OUTCOMES,
            "--interval",
            "1h",
        ])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn a_mapped_log_is_fitted_and_every_row_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path(), GOOD_ROWS);
    let out = dir.path().join("fitted");
    let output = fit(&log, &out, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = fs::read_to_string(out.join("fit.md")).unwrap();
    assert!(
        report.contains("| 1 | outcome TEST (ignored) | no |"),
        "{report}"
    );
    assert!(
        report.contains("Days fitted: 2 (2024-03-04 to 2024-03-05)"),
        "{report}"
    );
    let scenario = fs::read_to_string(out.join("scenario.toml")).unwrap();
    // sales: 4 calls in 08:00-09:00 over 2 days = 2 per hour; support: 2 calls = 1 per hour.
    assert!(
        scenario.contains("arrivals = { calls_per_hour = [2] }"),
        "{scenario}"
    );
    assert!(
        scenario.contains("arrivals = { calls_per_hour = [1] }"),
        "{scenario}"
    );
    // The sales handle times are the talk times 185, 200 and 180 s.
    let handle = fs::read_to_string(out.join("handle-sales.csv")).unwrap();
    assert_eq!(handle, "handle_s\n180\n185\n200\n");
    // Queued sales calls in log order: 40 s answered (censored), 50 s hung up (an event), 30 s
    // answered on the second day; the call answered at once did not queue.
    let patience = fs::read_to_string(out.join("patience-sales.csv")).unwrap();
    assert_eq!(patience, "wait_s,censored\n40,1\n50,0\n30,1\n");
    let actual: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("actual.json")).unwrap()).unwrap();
    assert_eq!(actual["kind"], "actual");
    assert_eq!(actual["observed"]["calls"], 6);
    // Per typical day: 6 calls over 2 days; 2 abandoned of 6; 4 of 6 queued.
    assert_eq!(actual["summary"]["offered"]["mean"], 3.0);
    assert_eq!(actual["summary"]["abandoned"]["mean"], 1.0);
    assert_eq!(actual["summary"]["p_wait"]["mean"], 5.0 / 6.0);
    assert_eq!(actual["summary"]["occupancy"]["n"], 0);
}

/// Runs a fit expected to fail: exit 2, the message's parts present, no output directory.
fn refused(rows: &[&str], extra: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path(), rows);
    let out = dir.path().join("fitted");
    let output = fit(&log, &out, extra);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    for part in expected {
        assert!(stderr.contains(part), "expected {part:?} in: {stderr}");
    }
    assert!(!out.exists(), "nothing written on bad input");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no partial output: {leftovers:?}");
}

#[test]
fn a_missing_column_is_named_with_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.csv");
    fs::write(
        &path,
        "call_date,arrival_time,result\n2024-03-04,08:00:05,ANS\n",
    )
    .unwrap();
    let out = dir.path().join("fitted");
    let output = fit(&path, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("calls.csv: column `answer_time`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("call_date, arrival_time, result"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn an_unparseable_time_names_line_column_and_value() {
    let mut rows = GOOD_ROWS.to_vec();
    rows[2] = "2024-03-04,8h02,,08:02:50,ABN,,sales";
    refused(
        &rows,
        &[],
        &[
            "calls.csv:4",
            "column `arrival_time`",
            "\"8h02\"",
            "--time-format",
        ],
    );
}

#[test]
fn an_unparseable_date_names_line_column_and_value() {
    let mut rows = GOOD_ROWS.to_vec();
    rows[1] = "2024-13-04,08:01:00,08:01:40,08:05:00,ANS,a2,sales";
    refused(
        &rows,
        &[],
        &["calls.csv:3", "column `call_date`", "\"2024-13-04\""],
    );
}

#[test]
fn a_negative_duration_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.csv");
    fs::write(
        &path,
        "arrival,wait,talk,result\n2024-03-04 08:00:00,5,120,ANS\n2024-03-04 08:01:00,12,-40,ANS\n",
    )
    .unwrap();
    let out = dir.path().join("fitted");
    let output = ccsim()
        .arg("fit")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .args([
            "--columns",
            "arrival=arrival,wait=wait,talk=talk,outcome=result",
            "--outcomes",
            "answered=ANS",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    for part in [
        "calls.csv:3",
        "column `talk`",
        "\"-40\"",
        "negative duration",
    ] {
        assert!(stderr.contains(part), "expected {part:?} in: {stderr}");
    }
    assert!(!out.exists());
}

#[test]
fn an_answer_before_arrival_is_refused() {
    let mut rows = GOOD_ROWS.to_vec();
    rows[3] = "2024-03-04,08:10:00,08:09:30,08:12:00,ANS,a1,support";
    refused(
        &rows,
        &[],
        &[
            "calls.csv:5",
            "column `answer_time`",
            "\"08:09:30\"",
            "answered before it arrived",
        ],
    );
}

#[test]
fn an_unknown_outcome_word_is_refused() {
    let mut rows = GOOD_ROWS.to_vec();
    rows[0] = "2024-03-04,08:00:05,08:00:05,08:03:10,TRANSFER,a1,sales";
    refused(
        &rows,
        &[],
        &[
            "calls.csv:2",
            "column `result`",
            "\"TRANSFER\"",
            "--outcomes",
        ],
    );
}

#[test]
fn an_empty_selection_of_days_is_refused() {
    refused(
        GOOD_ROWS,
        &["--days", "2024-04-01..2024-04-30"],
        &[
            "--days",
            "2024-04-01..2024-04-30",
            "2024-03-04 to 2024-03-05",
        ],
    );
    refused(
        GOOD_ROWS,
        &["--weekdays", "sat-sun"],
        &["--days", "no call"],
    );
    refused(
        GOOD_ROWS,
        &["--days", "2024-02-30"],
        &["--days", "2024-02-30", "YYYY-MM-DD"],
    );
}

/// The round trip's known centre.
const ROUND_TRIP: &str = "tests/fixtures/fit/round-trip.toml";

/// Simulates the round-trip centre with a call log and fits the log (one replication = one day).
fn simulate_and_fit(dir: &Path) -> (std::path::PathBuf, ccsim::calibrate::Fit) {
    use ccsim::calibrate::days::DaySelection;
    use ccsim::calibrate::log::ReadOptions;
    use ccsim::calibrate::{FitOptions, HandleChoice, fit};
    let log = dir.join("calls.csv");
    let output = ccsim()
        .args(["run", ROUND_TRIP, "--quiet", "--call-log"])
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let options = FitOptions {
        read: ReadOptions::default(),
        fit_days: DaySelection::parse("--days", None, None).unwrap(),
        replay: None,
        interval: 1800.0,
        hours: None,
        handle_time: HandleChoice::Empirical,
        threshold: 20.0,
    };
    let fitted = fit(&[log.as_path()], &options).unwrap();
    (log, fitted)
}

/// |estimate − truth| ≤ 4 standard errors.
fn within_4_se(what: &str, estimate: f64, se: f64, truth: f64) -> bool {
    let ok = (estimate - truth).abs() <= 4.0 * se;
    eprintln!(
        "{what}: fitted {estimate:.2} ± {se:.2}, true {truth:.2}: {}",
        if ok { "ok" } else { "outside 4 SE" }
    );
    ok
}

#[test]
fn round_trip_recovers_arrivals_handle_times_and_patience() {
    let dir = tempfile::tempdir().unwrap();
    let (_, fitted) = simulate_and_fit(dir.path());
    // The truth, as tests/fixtures/fit/round-trip.toml writes it.
    let truth = [
        (
            "retail",
            [80.0, 110.0, 140.0, 140.0, 120.0, 90.0],
            240.0,
            180.0,
        ),
        (
            "business",
            [30.0, 50.0, 60.0, 60.0, 50.0, 40.0],
            300.0,
            300.0,
        ),
    ];
    assert_eq!(fitted.fit_days.len(), 40, "one day per replication");
    assert_eq!((fitted.open, fitted.intervals), (8.0 * 3600.0, 6));
    for ((name, rates, handle_mean, patience_mean), class) in truth.iter().zip(&fitted.classes) {
        assert_eq!(&class.name, name);
        for (j, (rate, estimate)) in rates.iter().zip(&class.arrivals).enumerate() {
            assert!(within_4_se(
                &format!("{name} calls/hour, interval {j}"),
                estimate.calls_per_hour,
                estimate.se,
                *rate
            ));
        }
        let handle = class.handle_mean.unwrap();
        assert!(within_4_se(
            &format!("{name} handle-time mean"),
            handle.value,
            handle.se,
            *handle_mean
        ));
        let patience = class.patience.as_ref().unwrap();
        assert!(within_4_se(
            &format!("{name} KM patience mean"),
            patience.mean.value,
            patience.mean.se,
            *patience_mean
        ));
        // Exponential patience: median = mean · ln 2.
        let median = patience_mean * std::f64::consts::LN_2;
        assert!(within_4_se(
            &format!("{name} KM patience median"),
            patience.median.value,
            patience.median.se,
            median
        ));
        // The naive estimate, the mean wait of the callers who hung up, fails the same check
        // with its own standard error: it keeps only the impatient callers.
        let abandon_waits: Vec<f64> = class
            .patience_observations
            .iter()
            .filter(|o| o.abandoned)
            .map(|o| o.wait)
            .collect();
        let n = abandon_waits.len() as f64;
        let naive = abandon_waits.iter().sum::<f64>() / n;
        let sd = (abandon_waits
            .iter()
            .map(|w| (w - naive).powi(2))
            .sum::<f64>()
            / (n - 1.0))
            .sqrt();
        assert_eq!(patience.naive_mean, Some(naive));
        assert!(!within_4_se(
            &format!("{name} naive patience mean"),
            naive,
            sd / n.sqrt(),
            *patience_mean
        ));
    }
}

#[test]
fn the_bank_preset_reads_the_bank_layout_and_counts_what_it_leaves_out() {
    // Made-up rows in the 1999 Anonymous Bank layout (no real data): an answered call after a
    // 30 s wait, a hang-up in the voice-response unit (never queued), an abandon after 60 s, a
    // call answered at once, a PHANTOM record, a call of another type, and a Friday.
    let rows = [
        "AA0101\t1\t11\t0\tPS\t990103\t7:00:01\t7:00:10\t9\t7:00:10\t7:00:40\t30\tAGENT\t7:00:40\t7:03:40\t180\tMICHAL",
        "AA0101\t2\t0\t0\tPS\t990103\t7:01:00\t7:01:08\t8\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
        "AA0102\t3\t12\t0\tPS\t990103\t7:02:00\t7:02:05\t5\t7:02:05\t7:03:05\t60\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
        "AA0102\t4\t0\t0\tPS\t990103\t7:05:00\t7:05:06\t6\t0:00:00\t0:00:00\t0\tAGENT\t7:05:06\t7:07:06\t120\tBASCH",
        "AA0103\t5\t0\t0\tPS\t990103\t7:06:00\t7:06:00\t0\t7:06:00\t7:06:00\t0\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER",
        "AA0103\t6\t13\t2\tNE\t990103\t7:10:00\t7:10:05\t5\t7:10:05\t7:10:25\t20\tAGENT\t7:10:25\t7:15:25\t300\tMICHAL",
        "AA0104\t7\t14\t0\tPS\t990101\t7:10:00\t7:10:05\t5\t7:10:05\t7:10:25\t20\tAGENT\t7:10:25\t7:15:25\t300\tMICHAL",
    ];
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("01_January.txt");
    let header = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver";
    fs::write(&log, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    let out = dir.path().join("fitted");
    let output = ccsim()
        .arg("fit")
        .arg(&log)
        .arg("--out")
        .arg(&out)
        .args([
            "--preset",
            "bank",
            "--weekdays",
            "sun-thu",
            "--hours",
            "07:00-08:00",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = fs::read_to_string(out.join("fit.md")).unwrap();
    for row in [
        "| 1 | hung up before reaching the queue (in the IVR/VRU) | no |",
        "| 1 | outcome PHANTOM (ignored) | no |",
        "| 1 | outside the selected days | no |",
    ] {
        assert!(report.contains(row), "{row} in {report}");
    }
    // PS: three calls queued or answered in 07:00-07:30 of one day = 6 per hour.
    let scenario = fs::read_to_string(out.join("scenario.toml")).unwrap();
    assert!(
        scenario.contains("name = \"PS\"\n# 3 calls on 1 day:"),
        "{scenario}"
    );
    assert!(
        scenario.contains("arrivals = { calls_per_hour = [6, 0] }"),
        "{scenario}"
    );
    assert_eq!(
        fs::read_to_string(out.join("handle-PS.csv")).unwrap(),
        "handle_s\n120\n180\n"
    );
    // The call answered at once did not queue: it is no patience observation.
    assert_eq!(
        fs::read_to_string(out.join("patience-PS.csv")).unwrap(),
        "wait_s,censored\n30,1\n60,0\n"
    );
    assert!(
        !out.join("patience-NE.csv").exists(),
        "nobody of type NE hung up"
    );
}
