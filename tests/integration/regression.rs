//! `ccsim baseline` and `ccsim check`: a neutral change passes, a real one fails naming what moved,
//! an edited scenario is reported as changed, exact mode sees a single call, and the false-alarm
//! rate of statistical mode stays within its level.

use crate::common::ccsim;
use ccsim::experiment::{RunOptions, run_replications};
use ccsim::regression::{
    Baseline, CheckOptions, DEFAULT_POWER, INPUT_ECHO_METRICS, Mode, Status, Tolerances, compare,
};
use ccsim::scenario;
use ccsim::sim::metrics::{END_OF_DAY_METRICS, METRICS};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// Runs `ccsim` with `args`, asserts its exit code, and returns standard output and error.
#[track_caller]
fn run(args: &[&str], expected_code: i32) -> (String, String) {
    let output = ccsim().args(args).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    );
    assert_eq!(
        output.status.code(),
        Some(expected_code),
        "ccsim {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        args.join(" ")
    );
    (stdout, stderr)
}

/// Baselines `scenario` into a fresh directory.
fn baseline(scenario: &str, extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().display().to_string();
    let mut args = vec!["baseline", scenario, "--dir", &target, "--quiet"];
    args.extend_from_slice(extra);
    run(&args, 0);
    dir
}

/// `ccsim check … --format json`, parsed, after asserting the exit code.
#[track_caller]
fn check_json(args: &[&str], expected_code: i32) -> Value {
    let mut all = vec!["check", "--format", "json", "--quiet"];
    all.extend_from_slice(args);
    serde_json::from_str(&run(&all, expected_code).0).unwrap()
}

/// The keys of the overall metrics a check flagged, for its first scenario.
fn flagged_overall(outcome: &Value) -> Vec<String> {
    outcome["scenarios"][0]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["flagged"] == true && m["section"] == "summary")
        .map(|m| m["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn another_seed_passes_and_real_changes_fail_naming_what_moved() {
    let dir = baseline("scenarios/retail-day.toml", &[]);
    let baselines = dir.path().display().to_string();
    let stored = Baseline::read(&dir.path().join("retail-day.json")).unwrap();
    assert_eq!((stored.seed, stored.replications), (20261126, 30));

    // Another seed is other random numbers for the same system: nothing moved.
    let (table, _) = run(
        &[
            "check",
            "scenarios/retail-day.toml",
            "--baseline",
            &baselines,
            "--seed",
            "7",
        ],
        0,
    );
    assert!(
        table.contains("ok          scenarios/retail-day.toml"),
        "{table}"
    );
    // The whole day, its one class and 24 intervals, and the end of day.
    let compared = 26 * METRICS.len() + END_OF_DAY_METRICS.len();
    let summary = format!("run: seed 7, 30 replications; {compared} metrics compared, none moved");
    assert!(table.contains(&summary), "{table}");

    // One agent fewer in every interval.
    let agents = scenario::load(Path::new("scenarios/retail-day.toml"), &[])
        .unwrap()
        .pools[0]
        .agents
        .clone();
    let fewer: Vec<String> = agents.iter().map(|a| (a - 1).to_string()).collect();
    let set = format!("staffing.agents=[{}]", fewer.join(", "));
    let args = [
        "scenarios/retail-day.toml",
        "--baseline",
        &baselines,
        "--set",
        &set,
    ];
    let outcome = check_json(&args, 1);
    assert_eq!(outcome["passed"], false);
    assert_eq!(outcome["scenarios"][0]["status"], "regression");
    let flagged = flagged_overall(&outcome);
    for key in ["service_level", "asa_s", "abandon_rate", "lost"] {
        assert!(
            flagged.contains(&key.to_string()),
            "{key} not in {flagged:?}"
        );
    }
    let (table, stderr) = run(&[&["check"][..], &args].concat(), 1);
    assert!(
        table.contains("REGRESSION  scenarios/retail-day.toml"),
        "{table}"
    );
    let service_level = table
        .lines()
        .find(|l| l.starts_with("  overall") && l.contains(" service_level "))
        .unwrap();
    assert!(
        service_level.trim_end().ends_with("worse"),
        "{service_level}"
    );
    assert!(stderr.contains("check failed: 1 regression"), "{stderr}");

    // 10 % more calls on the Erlang-A benchmark (360 → 396 per hour).
    let dir = baseline("scenarios/basic.toml", &[]);
    let baselines = dir.path().display().to_string();
    let outcome = check_json(
        &[
            "scenarios/basic.toml",
            "--baseline",
            &baselines,
            "--set",
            "arrivals.calls_per_hour=396",
        ],
        1,
    );
    let flagged = flagged_overall(&outcome);
    for key in ["offered", "service_level", "asa_s", "abandon_rate"] {
        assert!(
            flagged.contains(&key.to_string()),
            "{key} not in {flagged:?}"
        );
    }
}

#[test]
fn an_edited_scenario_is_changed_and_layout_is_not_an_edit() {
    let work = tempfile::tempdir().unwrap();
    let file = path(work.path(), "retail-day.toml");
    let original = fs::read_to_string("scenarios/retail-day.toml").unwrap();
    fs::write(&file, &original).unwrap();
    let dir = baseline(&file, &[]);
    let baselines = dir.path().display().to_string();

    // New comments, blank lines and the same duration in other units: the same scenario.
    let relaid = format!("# reviewed\n\n{}", original.replace("\"4m30s\"", "270"));
    fs::write(&file, relaid).unwrap();
    run(&["check", &file, "--baseline", &baselines, "--quiet"], 0);

    fs::write(&file, original.replace("lines = 80", "lines = 70")).unwrap();
    let (table, stderr) = run(&["check", &file, "--baseline", &baselines], 1);
    assert!(table.contains(&format!("CHANGED     {file}")), "{table}");
    assert!(table.contains("limits.lines: 80 -> 70"), "{table}");
    assert!(
        table.contains(&format!("ccsim baseline {file} --dir {baselines}")),
        "{table}"
    );
    assert!(stderr.contains("1 scenario changed"), "{stderr}");
    let outcome = check_json(&[&file, "--baseline", &baselines], 1);
    assert_eq!(outcome["scenarios"][0]["status"], "changed");
    assert_eq!(outcome["scenarios"][0]["changes"][0]["key"], "limits.lines");

    // Re-baselining accepts the change.
    run(&["baseline", &file, "--dir", &baselines, "--quiet"], 0);
    run(&["check", &file, "--baseline", &baselines, "--quiet"], 0);
}

/// A replayed morning: 30 calls at fixed times, random handle times and patience.
const TRACE: &str = r#"
name = "Replayed morning"
replications = 20
[hours]
open = "08:00"
close = "09:00"
[arrivals]
times = TIMES
[handle_time]
distribution = "exponential"
mean = "3m"
[patience]
distribution = "exponential"
mean = "1m"
[staffing]
agents = 2
"#;

fn trace_times(extra: Option<&str>, shift_last: bool) -> String {
    let mut times: Vec<String> = (0..30)
        .map(|i| format!("\"08:{:02}:{:02}\"", i * 3 / 2, (i % 2) * 30))
        .collect();
    if shift_last {
        times[29] = "\"08:43:31\"".to_string();
    }
    times.extend(extra.map(|t| format!("\"{t}\"")));
    format!("[{}]", times.join(", "))
}

#[test]
fn exact_mode_sees_a_single_call_that_statistics_cannot() {
    let work = tempfile::tempdir().unwrap();
    let file = path(work.path(), "trace.toml");
    fs::write(&file, TRACE.replace("TIMES", &trace_times(None, false))).unwrap();
    let dir = baseline(&file, &[]);
    let baselines = dir.path().display().to_string();
    let exact = ["--baseline", &baselines, "--mode", "exact"];

    let (table, _) = run(&[&["check", &file][..], &exact].concat(), 0);
    // The whole day, its one class and two intervals, and the end of day.
    let identical = format!(
        "all {} metrics identical",
        4 * METRICS.len() + END_OF_DAY_METRICS.len()
    );
    assert!(table.contains(&identical), "{table}");

    // One caller more, at 08:50: exact mode names the counts that moved.
    let one_more = format!("arrivals.times={}", trace_times(Some("08:50:00"), false));
    let outcome = check_json(
        &[&[file.as_str()][..], &exact, &["--set", &one_more]].concat(),
        1,
    );
    assert_eq!(outcome["scenarios"][0]["status"], "regression");
    assert!(flagged_overall(&outcome).contains(&"offered".to_string()));

    // The last caller a second later: the same calls, one of them waits a little differently.
    // Exact mode sees it; in statistical mode it is noise.
    let moved = format!("arrivals.times={}", trace_times(None, true));
    let (table, _) = run(
        &[&["check", &file][..], &exact, &["--set", &moved]].concat(),
        1,
    );
    assert!(table.contains("REGRESSION"), "{table}");
    assert!(table.contains("differs"), "{table}");
    let outcome = check_json(&[&file, "--baseline", &baselines, "--set", &moved], 0);
    assert_eq!(outcome["scenarios"][0]["status"], "ok");

    // A baseline from another ccsim version cannot be compared exactly: bad input, and said so.
    let stored = dir.path().join("trace.json");
    let text = fs::read_to_string(&stored).unwrap();
    let version = format!("\"ccsim_version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    fs::write(
        &stored,
        text.replacen(&version, "\"ccsim_version\": \"0.0.1\"", 1),
    )
    .unwrap();
    let (_, stderr) = run(&[&["check", &file][..], &exact].concat(), 2);
    assert!(stderr.contains("made by ccsim 0.0.1"), "{stderr}");
    assert!(
        stderr.contains("use --mode statistical, or re-baseline"),
        "{stderr}"
    );
    let (table, _) = run(&["check", &file, "--baseline", &baselines], 0);
    assert!(
        table.contains("made by ccsim 0.0.1; this is ccsim"),
        "{table}"
    );
}

/// The smallest k with P(X ≤ k) ≥ `quantile` for X ~ Binomial(n, p).
fn binomial_quantile(n: u32, p: f64, quantile: f64) -> u32 {
    let mut pmf = (1.0 - p).powi(n as i32); // P(X = 0)
    let mut cdf = pmf;
    let mut k = 0;
    while cdf < quantile {
        pmf *= f64::from(n - k) / f64::from(k + 1) * p / (1.0 - p);
        cdf += pmf;
        k += 1;
    }
    k
}

/// Statistical mode on an unchanged scenario: 50 independent pairs (baseline seed, check seed),
/// each pair flagged at most with probability α = 0.05, both as two independent runs (Welch, as
/// `--seed` checks) and as a paired check whose pairs share no random numbers (the baseline's seed
/// relabelled: what an engine that now draws its random numbers differently looks like to the
/// paired test, the case where pairing helps least). The number flagged must stay within the
/// 99.9 % quantile of Binomial(50, 0.05). (Holm is conservative when the metrics are dependent,
/// as these are, so the true rate is well below α; docs/ci.md records a 200-seed run.)
#[test]
fn false_alarms_stay_within_the_level() {
    assert_false_alarms_within_the_level(50, 0.05);
}

/// The same measurement over 200 pairs at the default α = 0.01, as recorded in docs/ci.md
/// (about a minute in the optimised test profile): `cargo test --test integration
/// false_alarms_over_200_seeds -- --ignored --nocapture`.
#[test]
#[ignore = "a minute-long measurement, run by hand (docs/ci.md)"]
fn false_alarms_over_200_seeds() {
    assert_false_alarms_within_the_level(200, 0.01);
}

/// Checks `pairs` unchanged (baseline seed, check seed) pairs, unpaired and paired, and asserts
/// that each count flagged stays within the 99.9 % quantile of Binomial(`pairs`, `alpha`).
fn assert_false_alarms_within_the_level(pairs: u32, alpha: f64) {
    let file = scenario::load(Path::new("scenarios/retail-day.toml"), &[]).unwrap();
    let mode = Mode::Statistical {
        alpha,
        power: DEFAULT_POWER,
        tolerances: Tolerances::default(),
    };
    let options = RunOptions::default();
    let check_options = CheckOptions {
        mode: &mode,
        scenario: &file,
    };
    let (mut welch, mut paired) = (0, 0);
    for pair in 0..pairs {
        let run_with_seed = |seed: u32| {
            let mut scenario = file.clone();
            scenario.seed = u64::from(seed);
            run_replications(&scenario, &options)
        };
        let new = run_with_seed(2 * pair + 2);
        let mut baseline = Baseline::new(&run_with_seed(2 * pair + 1), "retail-day.toml", &[]);
        let check = compare(&baseline, &new, &check_options).unwrap();
        assert!(!check.paired);
        welch += u32::from(check.status != Status::Ok);
        baseline.seed = u64::from(2 * pair + 2);
        let check = compare(&baseline, &new, &check_options).unwrap();
        assert!(check.paired);
        paired += u32::from(check.status != Status::Ok);
    }
    let bound = binomial_quantile(pairs, alpha, 0.999);
    eprintln!(
        "false alarms of {pairs} at alpha {alpha}: {welch} unpaired, {paired} paired (bound {bound})"
    );
    assert!(welch <= bound, "{welch} of {pairs} flagged; bound {bound}");
    assert!(
        paired <= bound,
        "{paired} of {pairs} flagged; bound {bound}"
    );
}

#[test]
fn bad_input_runs_nothing_and_writes_nothing() {
    let empty = tempfile::tempdir().unwrap();
    let baselines = empty.path().display().to_string();
    let junit = path(empty.path(), "junit.xml");
    let (stdout, stderr) = run(
        &[
            "check",
            "scenarios",
            "--baseline",
            &baselines,
            "--junit",
            &junit,
        ],
        2,
    );
    assert!(stdout.is_empty());
    assert!(
        stderr.contains(&format!(
            "error: scenarios/basic.toml: no baseline {}; create it with `ccsim baseline \
             scenarios/basic.toml --dir {baselines}`",
            path(empty.path(), "basic.json")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("scenarios/retail-day.toml: no baseline"),
        "{stderr}"
    );
    assert!(!Path::new(&junit).exists());

    let dir = baseline("scenarios/basic.toml", &[]);
    let baselines = dir.path().display().to_string();
    for (args, message) in [
        (
            vec!["--tolerance", "service_levle=2%"],
            "`service_levle`: no such metric",
        ),
        (
            vec!["--tolerance", "asa_s=fast"],
            "--tolerance asa_s=fast: `asa_s`: found \"fast\"; expected a duration",
        ),
        (
            vec!["--mode", "exact", "--alpha", "0.05"],
            "--alpha applies to statistical mode only",
        ),
        (
            vec!["--alpha", "0"],
            "expected a probability strictly between 0 and 1",
        ),
        (vec!["--set", "seed=3"], "use --seed instead"),
    ] {
        let all = [
            &["check", "scenarios/basic.toml", "--baseline", &baselines][..],
            &args,
        ]
        .concat();
        let (_, stderr) = run(&all, 2);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }

    fs::write(
        dir.path().join("tolerances.toml"),
        "[intervals]\nasa_s = true\n",
    )
    .unwrap();
    let (_, stderr) = run(
        &["check", "scenarios/basic.toml", "--baseline", &baselines],
        2,
    );
    assert!(
        stderr.contains(&format!(
            "{}: `intervals.asa_s`: found true; expected a duration",
            path(dir.path(), "tolerances.toml")
        )),
        "{stderr}"
    );
    fs::remove_file(dir.path().join("tolerances.toml")).unwrap();
    // One replication has no standard deviation: statistical mode could test nothing.
    run(
        &[
            "baseline",
            "scenarios/basic.toml",
            "--dir",
            &baselines,
            "-r",
            "1",
            "--quiet",
        ],
        0,
    );
    let (_, stderr) = run(
        &["check", "scenarios/basic.toml", "--baseline", &baselines],
        2,
    );
    assert!(
        stderr.contains("statistical mode needs at least 2 replications"),
        "{stderr}"
    );
    run(
        &[
            "check",
            "scenarios/basic.toml",
            "--baseline",
            &baselines,
            "--mode",
            "exact",
        ],
        0,
    );
    // Statistics that do not hold up: exit 2, naming the file, the key, the value and the fix.
    let stored = dir.path().join("basic.json");
    let intact: Value = serde_json::from_str(&fs::read_to_string(&stored).unwrap()).unwrap();
    let mut edited = intact.clone();
    edited["report"]["summary"]["asa_s"]["std"] = serde_json::json!(1e300);
    fs::write(&stored, edited.to_string()).unwrap();
    let check = ["check", "scenarios/basic.toml", "--baseline", &baselines];
    let (_, stderr) = run(&check, 2);
    let expected = format!(
        "error: {}: not a valid ccsim baseline: `report.summary.asa_s.std` is 1e300, but the \
         stored replications give",
        stored.display()
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(
        stderr.contains("re-create it with `ccsim baseline`"),
        "{stderr}"
    );
    let mut edited = intact;
    edited["baseline_format"] = serde_json::json!(1);
    fs::write(&stored, edited.to_string()).unwrap();
    let (_, stderr) = run(&check, 2);
    assert!(
        stderr.contains("baseline format 1 stores no per-replication values")
            && stderr.contains("re-run `ccsim baseline`"),
        "{stderr}"
    );
    fs::write(&stored, "{\"baseline_format\": 2}").unwrap();
    let (_, stderr) = run(&check, 2);
    assert!(
        stderr.contains("not a ccsim baseline (missing field"),
        "{stderr}"
    );
}

#[test]
fn baselines_are_written_per_scenario_and_tolerances_file_applies() {
    let dir = baseline("scenarios", &["--replications", "5", "--seed", "11"]);
    let mut written: Vec<PathBuf> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            dir.path().join("announcement.json"),
            dir.path().join("basic.json"),
            dir.path().join("callback-vs-none.json"),
            dir.path().join("forecast-day.json"),
            dir.path().join("lost-calls.json"),
            dir.path().join("retail-day.json"),
            dir.path().join("vip-priority.json"),
            dir.path().join("week.json")
        ]
    );
    let stored = Baseline::read(&written[5]).unwrap();
    assert_eq!((stored.seed, stored.replications), (11, 5));
    assert_eq!(stored.scenario_file, "scenarios/retail-day.toml");
    assert_eq!(stored.report["replications"], 5);

    fs::write(
        dir.path().join("tolerances.toml"),
        "service_level = \"2%\"\n[intervals]\nasa_s = \"30s\"\n",
    )
    .unwrap();
    let baselines = dir.path().display().to_string();
    let outcome = check_json(&["scenarios", "--baseline", &baselines], 0);
    let retail_day = &outcome["scenarios"][5];
    assert_eq!(retail_day["file"], "scenarios/retail-day.toml");
    let metrics = retail_day["metrics"].as_array().unwrap();
    let tolerance = |section: &str, key: &str| {
        metrics
            .iter()
            .find(|m| m["section"] == section && m["key"] == key)
            .unwrap()["tolerance"]
            .clone()
    };
    assert_eq!(tolerance("summary", "service_level"), 0.02);
    assert_eq!(tolerance("intervals", "service_level"), 0.02);
    assert_eq!(tolerance("intervals", "asa_s"), 30.0);
    assert_eq!(tolerance("summary", "asa_s"), Value::Null);
}

#[test]
fn junit_shows_each_scenario_as_a_test_case() {
    let work = tempfile::tempdir().unwrap();
    let odd = path(work.path(), "odd.toml");
    fs::write(
        &odd,
        fs::read_to_string("scenarios/basic.toml")
            .unwrap()
            .replace(
                "name = \"Erlang-A benchmark (M/M/25+M)\"",
                "name = \"Q&A <line> \\\"1\\\"\"",
            )
            .replace("replications = 20", "replications = 4"),
    )
    .unwrap();
    let dir = baseline(&odd, &[]);
    run(
        &[
            "baseline",
            "scenarios/retail-day.toml",
            "-r",
            "4",
            "--quiet",
        ]
        .iter()
        .copied()
        .chain(["--dir", &dir.path().display().to_string()])
        .collect::<Vec<_>>(),
        0,
    );
    let baselines = dir.path().display().to_string();
    let junit = path(work.path(), "junit.xml");
    run(
        &[
            "check",
            &odd,
            "scenarios/retail-day.toml",
            "--baseline",
            &baselines,
            "--set",
            "staffing.agents=10",
            "--junit",
            &junit,
            "--quiet",
        ],
        1,
    );
    let xml = fs::read_to_string(&junit).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert!(
        xml.contains(r#"tests="2" failures="2" errors="0""#),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), 2);
    assert!(xml.contains(&format!(r#"name="{odd}""#)), "{xml}");
    assert!(xml.contains(r#"<failure type="regression" message="Q&amp;A &lt;line&gt; &quot;1&quot; regressed: overall"#), "{xml}");
    assert!(!xml.contains("Q&A"), "unescaped name in {xml}");
    assert!(xml.trim_end().ends_with("</testsuites>"));
}

/// How often the paired check at its defaults (the baseline's seed and 30 replications, α = 0.01)
/// flags small changes of the retail day through an outcome metric (anything but the input echo
/// `agents_mean`): over 10 seeds, each change is run as a `--set` variant against a baseline of
/// the same seed. The rates are recorded in docs/ci.md ("What it detects"); the three changes the
/// check must catch are asserted at ≥ 9 of 10.
#[test]
fn paired_check_detects_small_changes_of_the_retail_day() {
    const TRIES: u64 = 10;
    let path = Path::new("scenarios/retail-day.toml");
    let mode = Mode::Statistical {
        alpha: 0.01,
        power: DEFAULT_POWER,
        tolerances: Tolerances::default(),
    };
    let changes: [(&str, &[&str], Option<u64>); 6] = [
        ("AHT +1 %", &["handle_time.mean=272.7"], None),
        ("AHT +3 %", &["handle_time.mean=278.1"], Some(9)),
        ("patience -10 %", &["patience.mean=162"], Some(9)),
        (
            "one agent fewer at 10:30",
            &["staffing.agents.5=31"],
            Some(9),
        ),
        ("lines 80 -> 76", &["limits.lines=76"], None),
        ("max wait 15 -> 12 min", &["limits.max_wait=12m"], None),
    ];
    let options = RunOptions::default();
    let mut detected = [0u64; 6];
    for seed in 1..=TRIES {
        let mut file = scenario::load(path, &[]).unwrap();
        file.seed = seed;
        let baseline = Baseline::new(&run_replications(&file, &options), "retail-day.toml", &[]);
        let check_options = CheckOptions {
            mode: &mode,
            scenario: &file,
        };
        for ((_, sets, _), count) in changes.iter().zip(&mut detected) {
            let overrides: Vec<_> = sets.iter().map(|s| s.parse().unwrap()).collect();
            let mut variant = scenario::load(path, &overrides).unwrap();
            variant.seed = seed;
            let check = compare(
                &baseline,
                &run_replications(&variant, &options),
                &check_options,
            )
            .unwrap();
            assert!(check.paired);
            let outcome_moved = check
                .flagged()
                .any(|m| !INPUT_ECHO_METRICS.contains(&m.key.as_str()));
            *count += u64::from(outcome_moved);
        }
    }
    for ((name, _, _), count) in changes.iter().zip(&detected) {
        eprintln!("{name}: flagged through an outcome in {count} of {TRIES}");
    }
    for ((name, _, required), count) in changes.iter().zip(&detected) {
        if let Some(required) = required {
            assert!(count >= required, "{name}: {count} of {TRIES}");
        }
    }
}

/// The shipped scenario `lost-calls.toml` loses calls every way there is, so that the CI
/// baselines see a change in any of them: blocked on lines and on the queue's capacity, timed out,
/// dropped in the queue and in conversation, balked, failed callbacks, with two priority levels
/// and a warm-up; and one line or one queue place more or fewer moves an outcome that the paired
/// check flags.
#[test]
fn the_lost_calls_scenario_exercises_every_lost_call_type() {
    let path = Path::new("scenarios/lost-calls.toml");
    let file = scenario::load(path, &[]).unwrap();
    assert!(file.warmup > 0.0 && file.classes.len() == 2);
    let result = run_replications(&file, &RunOptions::default());
    for key in [
        "missed_blocked",
        "missed_timeout",
        "dropped_in_queue",
        "dropped_in_conversation",
        "balked",
        "callback_failed",
        "abandoned",
    ] {
        let mean = result.summary.overall.get(key).unwrap().mean;
        assert!(mean > 0.5, "{key}: {mean} a day");
    }
    // Both limits block calls: each off-by-one changes what is blocked, and the check sees it.
    let mode = Mode::Statistical {
        alpha: 0.01,
        power: DEFAULT_POWER,
        tolerances: Tolerances::default(),
    };
    let baseline = Baseline::new(&result, "lost-calls.toml", &[]);
    let options = CheckOptions {
        mode: &mode,
        scenario: &file,
    };
    for set in [
        "limits.lines=13",
        "limits.lines=15",
        "limits.queue_capacity=3",
        "limits.queue_capacity=5",
    ] {
        let variant = scenario::load(path, &[set.parse().unwrap()]).unwrap();
        let check = compare(
            &baseline,
            &run_replications(&variant, &RunOptions::default()),
            &options,
        )
        .unwrap();
        assert!(
            check
                .flagged()
                .any(|m| m.scope == ccsim::regression::Scope::Overall && m.key == "missed_blocked"),
            "{set}: blocked calls not flagged"
        );
    }
}
