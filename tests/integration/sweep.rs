//! `ccsim sweep`: monotone results over staffing on common random numbers, agreement with the
//! Erlang A column, the point order, reproducibility across thread counts, and bad `--vary`.

use crate::common::ccsim;
use ccsim::experiment::sweep::{self, Sweep, SweepOptions};
use std::fs;

/// `scenarios/basic.toml` (M/M/c+M, 24 erlangs) at 22 to 28 agents.
fn basic_over_agents() -> Sweep {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/basic.toml");
    let text = fs::read_to_string(path).unwrap();
    let parameters = vec!["staffing.agents=22..28".parse().unwrap()];
    sweep::plan(&text, "basic.toml", &[], parameters)
        .unwrap()
        .run(&SweepOptions::default())
}

/// More agents never make the service level worse or the ASA longer. Every point sees the same
/// callers, so the comparison is made replication by replication: the paired difference between
/// neighbouring points must not be significantly of the wrong sign (its 95 % interval reaches
/// zero or beyond), while over the whole sweep the improvement is significant.
#[test]
fn more_agents_never_lower_the_service_level_nor_lengthen_the_asa() {
    let sweep = basic_over_agents();
    let last = sweep.points.len() - 1;
    for from in 0..last {
        let sl = sweep
            .paired_difference(from, from + 1, "service_level")
            .unwrap();
        let asa = sweep.paired_difference(from, from + 1, "asa_s").unwrap();
        assert!(
            sl.ci_high.unwrap() >= 0.0,
            "SL fell from point {from}: {sl:?}"
        );
        assert!(
            asa.ci_low.unwrap() <= 0.0,
            "ASA rose from point {from}: {asa:?}"
        );
        // Common random numbers at work: the difference is known far better than either point.
        let own = sweep.points[from]
            .result
            .summary
            .overall
            .get("service_level");
        assert!(sl.half_width().unwrap() < own.unwrap().half_width().unwrap());
    }
    let sl = sweep.paired_difference(0, last, "service_level").unwrap();
    let asa = sweep.paired_difference(0, last, "asa_s").unwrap();
    assert!(sl.ci_low.unwrap() > 0.0, "{sl:?}");
    assert!(asa.ci_high.unwrap() < 0.0, "{asa:?}");
}

/// basic.toml is the Erlang A case, so every point carries the formula's values, and the
/// simulation lands on them within 4 standard errors.
#[test]
fn the_erlang_a_column_matches_the_simulation_of_a_stationary_centre() {
    let sweep = basic_over_agents();
    for point in &sweep.points {
        let formula = point.erlang_a.expect("basic.toml is an Erlang A centre");
        for key in ["service_level", "asa_s", "abandon_rate", "occupancy"] {
            let simulated = point.result.summary.overall.get(key).unwrap();
            let exact = formula.get(key).unwrap();
            let error = (simulated.mean - exact).abs();
            assert!(
                error <= 4.0 * simulated.standard_error().unwrap(),
                "{key} at {}: simulated {simulated:?}, Erlang A {exact}",
                point.settings[0]
            );
        }
    }
}

#[test]
fn points_come_in_cartesian_order_with_the_last_parameter_fastest() {
    let output = ccsim()
        .args(["sweep", "scenarios/retail-day.toml", "--format", "csv"])
        .args(["--vary", "staffing.agents.5=30,34"])
        .args(["--vary", "handle_time.mean=4m,4m30s,5m"])
        .args(["--set", "replications=2"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header = reader.headers().unwrap().clone();
    let first: Vec<&str> = header.iter().take(3).collect();
    assert_eq!(first, ["point", "staffing.agents.5", "handle_time.mean"]);
    assert!(header.iter().any(|h| h == "service_level_ci_low"));
    assert!(header.iter().any(|h| h == "erlang_a_service_level"));
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_string(), r[2].to_string())
        })
        .collect();
    let expected = [
        ("30", "4m"),
        ("30", "4m30s"),
        ("30", "5m"),
        ("34", "4m"),
        ("34", "4m30s"),
        ("34", "5m"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(rows, expected);
}

fn sweep_json(threads: &str) -> Vec<u8> {
    let output = ccsim()
        .args(["sweep", "scenarios/retail-day.toml", "--format", "json"])
        .args([
            "--vary",
            "staffing.agents.5=30..34:2",
            "--set",
            "replications=5",
        ])
        .args(["--threads", threads])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // At most the note that more threads were asked for than this machine has cores.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .lines()
            .all(|line| line.starts_with("note: --threads ")),
        "no progress bar when standard error is not a terminal: {stderr}"
    );
    output.stdout
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let one = sweep_json("1");
    assert_eq!(one, sweep_json("2"));
    assert_eq!(one, sweep_json("3"));
    let report: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(report["kind"], "sweep");
    assert_eq!(report["schema_version"], 1);
    assert_eq!(
        report["parameters"][0]["values"],
        serde_json::json!([30, 32, 34])
    );
    let points = report["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    assert_eq!(points[2]["settings"]["staffing.agents.5"], 34);
    assert!(points[0]["summary"]["lost_rate"]["ci_high"].is_number());
    assert!(
        points[0]["erlang_a"].is_null(),
        "retail-day is not stationary"
    );
}

#[test]
fn out_writes_the_csv_and_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let output = ccsim()
        .args(["sweep", "scenarios/basic.toml", "--quiet"])
        .args(["--vary", "staffing.agents=24,26", "--set", "replications=2"])
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("service level") && table.contains("SL (A)"));
    let csv = fs::read_to_string(dir.path().join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 3, "a header and two points");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("sweep.json")).unwrap()).unwrap();
    assert!(json["points"][1]["erlang_a"]["service_level"].is_number());
}

/// A sweep over one numeric parameter charts each headline metric against it: PNG and SVG, the
/// swept key on the axis, the simulated series with its band, the Erlang A curve where the
/// formula applies, and the target on the service-level chart. A sweep over two parameters has
/// no single axis and writes no charts.
#[test]
fn out_charts_each_headline_metric_against_the_parameter() {
    let dir = tempfile::tempdir().unwrap();
    let status = ccsim()
        .args(["sweep", "scenarios/basic.toml", "--quiet"])
        .args([
            "--vary",
            "staffing.agents=23..27",
            "--set",
            "replications=3",
        ])
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let charts = dir.path().join("charts");
    for name in [
        "sweep-service-level",
        "sweep-asa",
        "sweep-abandon-rate",
        "sweep-occupancy",
        "sweep-lost-rate",
    ] {
        let svg = fs::read_to_string(charts.join(format!("{name}.svg"))).unwrap();
        for text in ["staffing.agents", "simulated (95% CI)", "Erlang A"] {
            assert!(svg.contains(text), "{name}.svg lacks {text}");
        }
        let png = fs::read(charts.join(format!("{name}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name}.png is a PNG");
        assert!(png.len() > 10_000, "{name}.png has content");
    }
    let service_level = fs::read_to_string(charts.join("sweep-service-level.svg")).unwrap();
    assert!(service_level.contains("target 80%"));

    // report.html: one row per point with the JSON's service level and interval (formatted
    // here), and every chart inline.
    let html = fs::read_to_string(dir.path().join("report.html")).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("sweep.json")).unwrap()).unwrap();
    let percent = |value: &serde_json::Value| format!("{:.1}%", value.as_f64().unwrap() * 100.0);
    for (point, agents) in json["points"].as_array().unwrap().iter().zip(23..=27) {
        let estimate = &point["summary"]["service_level"];
        let row = html
            .lines()
            .find(|line| line.starts_with(&format!("<tr><td>{agents}</td>")))
            .unwrap_or_else(|| panic!("no row for {agents} agents"));
        assert!(
            row.contains(&format!(
                "<td>{} <span class=\"ci\">[{}, {}]</span></td>",
                percent(&estimate["mean"]),
                percent(&estimate["ci_low"]),
                percent(&estimate["ci_high"])
            )),
            "{row}"
        );
    }
    for name in ["sweep-service-level", "sweep-asa", "sweep-lost-rate"] {
        assert!(
            html.contains(&format!("<figure id=\"chart-{name}\">")),
            "{name}"
        );
    }

    let two = tempfile::tempdir().unwrap();
    let status = ccsim()
        .args(["sweep", "scenarios/basic.toml", "--quiet"])
        .args([
            "--vary",
            "staffing.agents=24,26",
            "--vary",
            "patience.mean=2m,3m",
        ])
        .args(["--set", "replications=2", "--out"])
        .arg(two.path())
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    assert!(two.path().join("sweep.csv").exists());
    assert!(!two.path().join("charts").exists());
    let html = fs::read_to_string(two.path().join("report.html")).unwrap();
    assert!(html.contains("<th>patience.mean</th>") && !html.contains("<figure"));
}

#[test]
fn without_out_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let output = ccsim()
        .current_dir(dir.path())
        .args([
            "sweep",
            concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/basic.toml"),
        ])
        .args([
            "--quiet",
            "--vary",
            "staffing.agents=24,26",
            "--set",
            "replications=2",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

fn failing(args: &[&str]) -> String {
    let output = ccsim()
        .args(["sweep", "scenarios/retail-day.toml"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert!(output.stdout.is_empty());
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn bad_vary_exits_2_with_the_key_and_the_fix() {
    let stderr = failing(&["--vary", "staffing.agents.5=30,thirty"]);
    assert_eq!(
        stderr.trim_end(),
        "error: scenarios/retail-day.toml: --vary staffing.agents.5=thirty: \
         `staffing.agents.5`: found \"thirty\"; expected a number of agents from 0 to 100000, \
         such as 12 or 3.4 (an average presence)"
    );
    let stderr = failing(&["--vary", "handle_time.mean=3.5..4.5"]);
    assert!(
        stderr.contains("--vary handle_time.mean=3.5..4.5: a range of decimals needs a step"),
        "{stderr}"
    );
    let stderr = failing(&["--vary", "staffing.agents"]);
    assert!(
        stderr.contains("expected KEY=LIST or KEY=FROM..TO[:STEP]"),
        "{stderr}"
    );
    let stderr = failing(&["--vary", "staffing.agentz=1,2"]);
    assert!(
        stderr.contains("unknown key (did you mean `staffing.agents`?)"),
        "{stderr}"
    );
    let stderr = failing(&["--vary", "seed=1,2", "--set", "seed=3"]);
    assert!(
        stderr.contains("both set `seed`; drop the --set"),
        "{stderr}"
    );
    let stderr = failing(&[]);
    assert!(stderr.contains("--vary"), "--vary is required: {stderr}");
}
