//! "It validates" means "it runs": scenarios that once passed validation and then panicked, hung
//! or exhausted memory (tests/fixtures/hardening) are refused with a clear error, and a scenario
//! with every bounded value at its limit runs to the end.

use crate::common::ccsim;
use std::time::Duration;

/// Each reproducer, the key its error must name and the value it must quote.
const REFUSED: &[(&str, &str, &str)] = &[
    ("handle-time-mean-huge", "handle_time.mean", "1e308"),
    ("uniform-max-huge", "handle_time.max", "1e308"),
    ("deterministic-huge", "handle_time.value", "1e308"),
    ("empirical-huge", "handle_time.values.1", "1e308"),
    ("patience-mean-huge", "patience.mean", "1e308"),
    (
        "pool-handle-factor-huge",
        "pools.0.skills.0.handle_factor",
        "1e308",
    ),
    (
        "announcement-scale-huge",
        "announcement.patience.scale",
        "1e308",
    ),
    ("weibull-shape-tiny", "handle_time.shape", "0.001"),
    ("gamma-cv-tiny", "handle_time.cv", "1e-200"),
    ("lognormal-sd-huge", "handle_time.sd", "1e300"),
    ("volume-cv-panic", "uncertainty.volume_cv", "1e-300"),
    ("volume-cv-hang", "uncertainty.volume_cv", "1e-160"),
    (
        "calls-per-hour-huge",
        "arrivals.calls_per_hour",
        "1000000000000",
    ),
    ("agents-huge", "staffing.agents", "1000000000"),
    (
        "start-callers-huge",
        "start.waiting.0.callers",
        "1000000000",
    ),
    ("redial-zero-delay", "redial.blocked.delay", "\"0s\""),
    ("callback-zero-retry", "callback.retry_after", "\"0s\""),
    (
        "duration-overflowing-minutes",
        "handle_time.mean",
        "\"1h99m\"",
    ),
];

/// Both `validate` and `run` refuse each reproducer with exit 2, naming the file, line, key and
/// value and saying what is expected — in well under the time a hang would take.
#[test]
fn reproducers_are_refused_with_the_key_and_value() {
    for (name, key, found) in REFUSED {
        let file = format!("tests/fixtures/hardening/{name}.toml");
        for command in ["validate", "run"] {
            let output = ccsim()
                .args([command, &file])
                .timeout(Duration::from_secs(60))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{command} {name}: {stderr}");
            assert!(
                stderr.starts_with(&format!("error: {file}:")),
                "{command} {name} names the file and line: {stderr}"
            );
            assert!(
                stderr.contains(&format!("`{key}`: found {found}")),
                "{command} {name} names `{key}` and {found}: {stderr}"
            );
            assert!(
                stderr.contains("; expected "),
                "{name} says the fix: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        }
    }
}

/// Every bounded value at its limit together: the run finishes, quickly, with finite numbers.
#[test]
fn a_scenario_at_the_caps_runs_to_the_end() {
    let output = ccsim()
        .args([
            "run",
            "tests/fixtures/hardening/at-the-caps.toml",
            "--format",
            "json",
            "--quiet",
        ])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let offered = report["summary"]["offered"]["mean"].as_f64().unwrap();
    let answered = report["summary"]["answered"]["mean"].as_f64().unwrap();
    assert!(
        offered >= 1000.0,
        "the 1000 callers waiting at the start are offered"
    );
    assert!(
        answered > 0.0 && answered <= offered,
        "{answered} of {offered}"
    );
    for (metric, estimate) in report["summary"].as_object().unwrap() {
        if let Some(mean) = estimate["mean"].as_f64() {
            assert!(mean.is_finite(), "{metric} = {mean}");
        }
    }
}

/// Runs `ccsim` with `args`; (exit code, stdout, stderr).
fn outcome(args: &[&str]) -> (Option<i32>, String, String) {
    let output = ccsim()
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn replications_and_threads_are_capped() {
    let (code, _, stderr) = outcome(&["run", "scenarios/basic.toml", "-r", "100001", "-q"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("1..=100000"), "{stderr}");
    let (code, stdout, stderr) = outcome(&[
        "run",
        "scenarios/basic.toml",
        "-r",
        "2",
        "-q",
        "--threads",
        "100000",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("note: --threads 100000 is more than the"),
        "{stderr}"
    );
    let (_, reference, _) = outcome(&["run", "scenarios/basic.toml", "-r", "2", "-q"]);
    assert_eq!(stdout, reference, "the thread count never changes results");
}

#[test]
fn out_naming_a_file_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("afile");
    std::fs::write(&file, "keep me").unwrap();
    let path = file.to_str().unwrap();
    let (code, stdout, stderr) = outcome(&[
        "run",
        "scenarios/basic.toml",
        "-r",
        "2",
        "-q",
        "--out",
        path,
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty(), "refused before the run: {stdout}");
    assert!(
        stderr.contains(&format!("{path}: is a file, so the output directory")),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

/// A name that a spreadsheet would run as a formula reaches every CSV as text, and control
/// characters in a name reach the terminal escaped.
#[test]
fn names_are_quoted_in_csv_and_escaped_on_the_terminal() {
    let (code, csv, stderr) = outcome(&[
        "run",
        "scenarios/basic.toml",
        "-r",
        "2",
        "-q",
        "--format",
        "csv",
        "--set",
        "name=\"=HYPERLINK(\\\"http://x\\\")\"",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let first_row = csv.lines().nth(1).unwrap();
    assert!(
        first_row.starts_with("\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{first_row}"
    );
    let (code, table, stderr) = outcome(&[
        "run",
        "scenarios/basic.toml",
        "-r",
        "2",
        "-q",
        "--set",
        "name=\"a\\u001b[2Jb\"",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        !table.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    assert!(table.starts_with("a\\u{1b}[2Jb ("), "{table}");
}

/// A day of more work than agents, where nobody hangs up and nothing limits the queue, is run,
/// and warned about before (the estimate) and after (the backlog at close); a stable day is not.
#[test]
fn an_unstable_queue_is_warned_about_before_and_after_the_run() {
    let overloaded = ccsim()
        .args([
            "run",
            "tests/fixtures/hardening/overloaded-no-abandonment.toml",
        ])
        .args(["-r", "3", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(overloaded.status.code(), Some(0));
    let stderr = String::from_utf8(overloaded.stderr).unwrap();
    assert!(
        stderr.contains(
            "the queue is unstable: the calls need 80.0 agent-hours and the rota gives 72.0"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("the queue was still long at closing time"),
        "{stderr}"
    );
    let stable = ccsim()
        .args([
            "run",
            "tests/fixtures/hardening/overloaded-no-abandonment.toml",
        ])
        .args(["-r", "3", "--quiet", "--set", "staffing.agents=21"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(stable.stderr).unwrap();
    assert!(
        !stderr.contains("unstable") && !stderr.contains("still long"),
        "{stderr}"
    );
}

/// Input files are read only when they are regular files: a device would be read without end,
/// a directory cannot be. Each is refused with its name and exit code 2 before anything runs.
#[test]
fn inputs_that_are_not_regular_files_are_refused() {
    let directory = tempfile::tempdir().unwrap();
    let folder = directory.path().display().to_string();
    for args in [
        vec!["run", "/dev/zero"],
        vec!["run", folder.as_str()],
        vec!["compare", "/dev/zero"],
        vec!["run", "scenarios/retail-day.toml", "--actual", "/dev/zero"],
    ] {
        let output = ccsim().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        let named = args
            .iter()
            .any(|a| a.starts_with('/') && stderr.contains(a));
        assert!(
            named && stderr.contains("expected a regular"),
            "{args:?}: {stderr}"
        );
    }
}

/// Output paths that cannot be written are refused with exit 2 before anything is simulated (no
/// report on standard output), and nothing is left behind.
#[test]
fn unwritable_output_paths_are_refused_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap();
    let missing = dir.path().join("missing").join("calls.csv");
    let cases: [(&[&str], &str); 4] = [
        (&["--call-log", folder], "is a directory"),
        (&["--call-log", missing.to_str().unwrap()], "does not exist"),
        (
            &["--out", "/proc/ccsim-out/report"],
            "cannot write in /proc",
        ),
        (&["--call-log", "/proc/calls.csv"], "cannot write in /proc"),
    ];
    for (flags, says) in cases {
        let mut args = vec!["run", "scenarios/basic.toml", "-r", "2", "-q"];
        args.extend_from_slice(flags);
        let (code, stdout, stderr) = outcome(&args);
        assert_eq!(code, Some(2), "{flags:?}: {stderr}");
        assert!(stdout.is_empty(), "{flags:?}: refused before the run");
        assert!(stderr.contains(says), "{flags:?}: {stderr}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
