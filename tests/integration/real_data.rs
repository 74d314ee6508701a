//! The back-test on real data of docs/real-data.md: the 1999 Anonymous Bank call log, fitted on
//! January–June weekdays (Sunday–Thursday) and replayed month by month for July–October, each
//! month's real arrivals and inferred rosters run against what the bank observed.
//!
//! The data are third-party and never part of ccsim: the test reads them from
//! `../shared/data/anonymous_bank_1999/` beside the project, and is skipped (with the reason
//! printed) where they are absent.
//!
//! What it holds ccsim to: the observed figures `ccsim fit` writes into `actual.json` are the
//! ones an analyst counts by hand from the raw rows (counted again here, independently, with the
//! bank's own field definitions), and the replayed months run and carry those observations into
//! the back-test. The accuracy bounds (abandonment within 2 pp, P(wait) within 5 pp) are
//! not met by the fitted model yet: the month-by-month table is printed, and docs/real-data.md
//! records it and why the model misses, rather than a test asserting what is not so.

use crate::common::ccsim;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The replayed months: (month number, file of its calls relative to the data directory).
const MONTHS: &[(u8, &str)] = &[
    (7, "raw/07_July.txt"),
    (8, "derived/08_August.from_ods.tsv"),
    (9, "raw/09_September.txt"),
    (10, "raw/10_October.txt"),
];
const FITTED: &[&str] = &[
    "raw/01_January.txt",
    "raw/02_February.txt",
    "raw/03_March.txt",
    "raw/04_April.txt",
    "raw/05_May.txt",
    "raw/06_June.txt",
];
const OPEN_S: u32 = 7 * 3600;

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/anonymous_bank_1999");
    dir.join("raw").is_dir().then_some(dir)
}

/// The bank's own figures for one month, counted from the raw rows by the definitions of its
/// documentation: a call is offered to the queue unless it is a PHANTOM record, hung up in the
/// voice-response unit (`HANG` with `q_start` 0:00:00), arrived before 07:00 or fell on a Friday
/// or Saturday; it queued unless an agent took it with no time in queue (`AGENT` with `q_time`
/// 0); every offered `HANG` abandoned.
#[derive(Debug, Default, PartialEq)]
struct Observed {
    offered: u64,
    abandoned: u64,
    queued: u64,
}

fn count_month(path: &Path) -> Observed {
    let text = fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (date, vru_exit, q_start, q_time, outcome) = (
        col("date"),
        col("vru_exit"),
        col("q_start"),
        col("q_time"),
        col("outcome"),
    );
    let mut seen = Observed::default();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let d = f[date];
        let day = jiff::civil::date(
            1900 + d[0..2].parse::<i16>().unwrap(),
            d[2..4].parse().unwrap(),
            d[4..6].parse().unwrap(),
        );
        let weekend = matches!(
            day.weekday(),
            jiff::civil::Weekday::Friday | jiff::civil::Weekday::Saturday
        );
        let hms: Vec<u32> = f[vru_exit].split(':').map(|x| x.parse().unwrap()).collect();
        let arrival = hms[0] * 3600 + hms[1] * 60 + hms[2];
        let never_queued = f[q_start] == "0:00:00";
        if weekend || f[outcome] == "PHANTOM" || arrival < OPEN_S {
            continue;
        }
        if f[outcome] == "HANG" && never_queued {
            continue;
        }
        seen.offered += 1;
        match f[outcome] {
            "HANG" => {
                seen.abandoned += 1;
                seen.queued += 1;
            }
            "AGENT" => seen.queued += u64::from(f[q_time] != "0"),
            other => panic!("{}: unexpected outcome {other}", path.display()),
        }
    }
    seen
}

fn summary_mean(report: &Value, key: &str) -> f64 {
    report["summary"][key]["mean"]
        .as_f64()
        .unwrap_or_else(|| panic!("summary.{key}.mean missing"))
}

#[test]
fn the_bank_back_test_runs_month_by_month_on_the_observed_figures() {
    let Some(data) = data_dir() else {
        println!(
            "skipped: ../shared/data/anonymous_bank_1999/raw is not beside the project (third-party data, never in the repository)"
        );
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let mut table = BTreeMap::new();
    for &(month, file) in MONTHS {
        let calls = data.join(file);
        let last_day = if month == 9 { 30 } else { 31 };
        let replay = format!("1999-{month:02}-01..1999-{month:02}-{last_day}");
        let out = work.path().join(format!("m{month:02}"));
        let fit = ccsim()
            .arg("fit")
            .args(FITTED.iter().map(|f| data.join(f)))
            .arg(&calls)
            .args(["--preset", "bank", "--days", "1999-01-01..1999-06-30"])
            .args(["--weekdays", "sun-thu", "--hours", "07:00-24:00"])
            .args(["--replay", &replay])
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            fit.status.success(),
            "fit, month {month}: {}",
            String::from_utf8_lossy(&fit.stderr)
        );

        // actual.json holds what the bank observed, exactly as counted from the raw rows.
        let actual: Value =
            serde_json::from_str(&fs::read_to_string(out.join("actual.json")).unwrap()).unwrap();
        let seen = count_month(&calls);
        assert!(seen.offered > 10_000, "month {month}: {seen:?}");
        assert_eq!(summary_mean(&actual, "offered"), seen.offered as f64);
        assert_eq!(summary_mean(&actual, "abandoned"), seen.abandoned as f64);
        let abandon = seen.abandoned as f64 / seen.offered as f64;
        let p_wait = seen.queued as f64 / seen.offered as f64;
        assert!((summary_mean(&actual, "abandon_rate") - abandon).abs() < 1e-12);
        assert!((summary_mean(&actual, "p_wait") - p_wait).abs() < 1e-12);

        // The replayed month runs, and the back-test sets those observations beside the
        // predictions of its own offered calls.
        let run = ccsim()
            .arg("run")
            .arg(out.join("scenario.toml"))
            .arg("--actual")
            .arg(out.join("actual.json"))
            .args(["--replications", "10", "--format", "json", "--quiet"])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "run, month {month}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let report: Value = serde_json::from_slice(&run.stdout).unwrap();
        assert_eq!(summary_mean(&report, "offered"), seen.offered as f64);
        let mut row = Vec::new();
        for (key, observed) in [("abandon_rate", abandon), ("p_wait", p_wait)] {
            let metric = &report["summary"][key];
            let back = metric["actual"]["observed"].as_f64().unwrap();
            assert!((back - observed).abs() < 1e-12, "month {month}, {key}");
            row.push((
                key,
                metric["mean"].as_f64().unwrap(),
                metric["ci_low"].as_f64().unwrap(),
                metric["ci_high"].as_f64().unwrap(),
                observed,
            ));
        }
        table.insert(month, row);
    }
    println!("month  metric        predicted [95% CI]         observed   predicted - observed");
    for (month, row) in &table {
        for (key, mean, low, high, observed) in row {
            println!(
                "{month:>5}  {key:<12}  {:>5.1}% [{:>5.1}%, {:>5.1}%]   {:>6.1}%   {:>+6.1} pp",
                100.0 * mean,
                100.0 * low,
                100.0 * high,
                100.0 * observed,
                100.0 * (mean - observed)
            );
        }
    }
}
