//! `run --shard I/N --partial FILE` and `ccsim merge`: the merged parts are byte for byte the
//! report one machine writes, and parts that are not one run's whole are refused.

use crate::common::{ccsim, stdout_of};
use std::fs;
use std::path::{Path, PathBuf};

/// Runs shard `index` of `count` of `ccsim run ARGS` into `dir/part-index.json`, on 1 or 2
/// threads by the shard's parity (so the parts of one run come from different thread counts).
fn run_shard(args: &[&str], index: u32, count: u32, dir: &Path) -> PathBuf {
    shard_of("run", args, index, count, dir)
}

/// As [`run_shard`], for `ccsim COMMAND ARGS`.
fn shard_of(command: &str, args: &[&str], index: u32, count: u32, dir: &Path) -> PathBuf {
    let part = dir.join(format!("part-{index}.json"));
    let threads = (1 + index % 2).to_string();
    stdout_of(
        ccsim()
            .arg(command)
            .args(args)
            .args(["--quiet", "--threads", &threads])
            .args(["--shard", &format!("{index}/{count}"), "--partial"])
            .arg(&part),
    );
    part
}

/// All parts of `ccsim run ARGS` split `count` ways, listed last shard first.
fn run_shards(args: &[&str], count: u32, dir: &Path) -> Vec<PathBuf> {
    shards_of("run", args, count, dir)
}

/// As [`run_shards`], for `ccsim COMMAND ARGS`, the parts listed in a shuffled order: shard
/// `(5i + 2) mod N` at position `i` (a permutation, 5 being prime to 1, 2, 3 and 7).
fn shards_of(command: &str, args: &[&str], count: u32, dir: &Path) -> Vec<PathBuf> {
    (0..count)
        .map(|position| shard_of(command, args, (5 * position + 2) % count, count, dir))
        .collect()
}

/// Every file under `dir` (relative path, bytes), in path order.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                files.push((path.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    files.sort();
    files
}

/// The output of `command` with `--format FORMAT`, and of `--out DIR` into a fresh directory.
fn outputs(command: impl Fn() -> assert_cmd::Command, dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut outputs = Vec::new();
    for format in ["table", "json", "csv"] {
        let text = stdout_of(command().args(["--format", format]));
        outputs.push((format!("stdout --format {format}"), text.into_bytes()));
    }
    let out = dir.join("out");
    stdout_of(command().arg("--out").arg(&out));
    for (path, bytes) in files_under(&out) {
        outputs.push((format!("--out {}", path.display()), bytes));
    }
    assert!(
        outputs.len() >= 6,
        "the three formats and at least three files: {}",
        outputs.len()
    );
    outputs
}

/// Asserts that merging the shards of `ccsim run ARGS`, split 1, 2, 3 and 7 ways, gives exactly
/// what the unsharded run gives on standard output (every format) and in `--out`.
fn assert_merges_to_the_unsharded_run(args: &[&str]) {
    assert_merges_to_the_unsharded("run", args);
}

/// As [`assert_merges_to_the_unsharded_run`], for `ccsim COMMAND ARGS`.
fn assert_merges_to_the_unsharded(name: &str, args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let single = outputs(
        || {
            let mut command = ccsim();
            command.arg(name).args(args).arg("--quiet");
            command
        },
        &dir.path().join("single"),
    );
    for count in [1, 2, 3, 7] {
        let shards = dir.path().join(format!("shards-{count}"));
        fs::create_dir(&shards).unwrap();
        let parts = shards_of(name, args, count, &shards);
        let merged = outputs(
            || {
                let mut command = ccsim();
                command.arg("merge").args(&parts);
                command
            },
            &shards,
        );
        assert_eq!(merged.len(), single.len(), "{count} shards: the same files");
        for ((name, expected), (merged_name, found)) in single.iter().zip(&merged) {
            assert_eq!(name, merged_name, "{count} shards");
            assert!(
                expected == found,
                "{count} shards: {name} differs from the unsharded run"
            );
        }
    }
}

#[test]
fn merged_shards_of_several_scenarios_are_the_unsharded_report() {
    assert_merges_to_the_unsharded_run(&[
        "scenarios/retail-day.toml",
        "scenarios/vip-priority.toml",
        "-r",
        "5",
        "--seed",
        "11",
    ]);
}

#[test]
fn merged_shards_of_a_study_by_two_hours_are_the_unsharded_report() {
    assert_merges_to_the_unsharded_run(&["scenarios/week.toml", "-r", "4", "--group-by", "2h"]);
}

#[test]
fn merged_shards_of_pooled_days_are_the_unsharded_report() {
    let days = tempfile::tempdir().unwrap();
    let retail = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/retail-day.toml");
    let monday = days.path().join("monday.toml");
    let tuesday = days.path().join("tuesday.toml");
    fs::copy(&retail, &monday).unwrap();
    fs::copy(&retail, &tuesday).unwrap();
    assert_merges_to_the_unsharded_run(&[
        monday.to_str().unwrap(),
        tuesday.to_str().unwrap(),
        "--pool",
        "--set",
        "handle_time.mean=5m",
        "-r",
        "3",
    ]);
}

#[test]
fn merged_shards_of_a_sweep_are_the_unsharded_sweep() {
    assert_merges_to_the_unsharded(
        "sweep",
        &[
            "scenarios/retail-day.toml",
            "--vary",
            "staffing.agents.5=30..36:3",
            "--set",
            "replications=4",
        ],
    );
}

#[test]
fn merged_shards_of_a_comparison_of_variants_are_the_unsharded_comparison() {
    assert_merges_to_the_unsharded(
        "compare",
        &[
            "scenarios/retail-day.toml",
            "-r",
            "3",
            "--seed",
            "5",
            "--variant",
            "peak cover",
            "--variant",
            "lunch cover",
        ],
    );
}

#[test]
fn merged_shards_of_a_comparison_of_files_with_a_back_test_are_the_unsharded_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let retail = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/retail-day.toml");
    let more = dir.path().join("more-agents.toml");
    let text = fs::read_to_string(&retail).unwrap();
    let more_text = text
        .replacen("name = \"Retail day\"", "name = \"Shorter calls\"", 1)
        .replacen("mean = \"4m30s\"", "mean = \"4m\"", 1);
    assert!(
        more_text.contains("\"Shorter calls\"") && more_text.contains("mean = \"4m\""),
        "a name of its own, and shorter calls"
    );
    fs::write(&more, more_text).unwrap();
    assert_merges_to_the_unsharded(
        "compare",
        &[
            "scenarios/retail-day.toml",
            more.to_str().unwrap(),
            "--set",
            "staffing.agents.5=34",
            "-r",
            "2",
            "--actual",
            "tests/fixtures/actual/retail-day.json",
        ],
    );
}

#[test]
fn auto_takes_the_index_from_slurm_or_kubernetes() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["run", "scenarios/basic.toml", "-r", "4", "--quiet"];
    let explicit = run_shard(&args[1..4], 1, 3, dir.path());
    for variable in ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"] {
        let part = dir.path().join(format!("{variable}.json"));
        stdout_of(
            ccsim()
                .args(args)
                .args(["--shard", "auto/3", "--partial"])
                .arg(&part)
                .env_remove("SLURM_ARRAY_TASK_ID")
                .env_remove("JOB_COMPLETION_INDEX")
                .env(variable, "1"),
        );
        assert_eq!(fs::read(&part).unwrap(), fs::read(&explicit).unwrap());
    }
}

/// Runs `command`, which must fail with exit code 2, and returns its standard error.
fn refused(command: &mut assert_cmd::Command) -> String {
    let output = command.output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing on standard output");
    stderr
}

#[test]
fn bad_shard_values_are_refused_with_what_was_found() {
    for (shard, expected) in [
        ("4/4", "must be below 4"),
        ("1", "expected I/N"),
        ("-1/4", "must be a whole number"),
        ("1/0", "at least 1"),
        (
            "auto/4",
            "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set",
        ),
    ] {
        let stderr = refused(
            ccsim()
                .args(["run", "scenarios/basic.toml", "--partial", "p.json"])
                .arg(format!("--shard={shard}"))
                .env_remove("SLURM_ARRAY_TASK_ID")
                .env_remove("JOB_COMPLETION_INDEX"),
        );
        assert!(stderr.contains(expected), "{shard}: {stderr}");
        assert!(stderr.contains(&format!("{shard:?}")), "{shard}: {stderr}");
    }
    let stderr = refused(
        ccsim()
            .args([
                "run",
                "scenarios/basic.toml",
                "--shard",
                "auto/4",
                "--partial",
                "p.json",
            ])
            .env("SLURM_ARRAY_TASK_ID", "4"),
    );
    assert!(
        stderr.contains("SLURM_ARRAY_TASK_ID=\"4\"") && stderr.contains("--array=0-3"),
        "{stderr}"
    );
    let stderr = refused(ccsim().args(["run", "scenarios/basic.toml", "--shard", "0/2"]));
    assert!(stderr.contains("--partial"), "{stderr}");
    let stderr = refused(ccsim().args([
        "run",
        "scenarios/basic.toml",
        "--shard",
        "0/2",
        "--partial",
        "p.json",
        "--call-log",
        "calls.csv",
    ]));
    assert!(stderr.contains("--call-log"), "{stderr}");
}

/// Merges `parts` into `--out DIR`, which must be refused with exit code 2 and a message naming
/// each of `named`; nothing is written.
fn assert_merge_refused(parts: &[&Path], named: &[&Path], expected: &str) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("report");
    let stderr = refused(ccsim().arg("merge").args(parts).arg("--out").arg(&target));
    assert!(stderr.contains(expected), "{stderr}");
    for file in named {
        let name = file.display().to_string();
        assert!(stderr.contains(&name), "names {name}: {stderr}");
    }
    assert!(!target.exists(), "no output directory after a refusal");
}

/// Rewrites the JSON of a part with `edit`, into a new file named `name` beside it.
fn edited(part: &Path, name: &str, edit: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let mut value: serde_json::Value = serde_json::from_slice(&fs::read(part).unwrap()).unwrap();
    edit(&mut value);
    let path = part.with_file_name(name);
    fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
    path
}

#[test]
fn merge_refuses_parts_that_are_not_one_run_whole() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let args = [
        "scenarios/basic.toml",
        "-r",
        "4",
        "--set",
        "hours.duration=6h",
        "--set",
        "hours.interval=2h",
    ];
    let parts = run_shards(&args, 3, dir);
    let (p2, p1, p0) = (&parts[0], &parts[1], &parts[2]);

    assert_merge_refused(&[p0, p2], &[], "missing shard 1/3");
    assert_merge_refused(&[p0, p1, p2, p1], &[p1], "both shard 1/3");

    let other_seed = dir.join("seed");
    fs::create_dir(&other_seed).unwrap();
    let seeded = run_shard(&[&args[..], &["--seed", "2"]].concat(), 1, 3, &other_seed);
    assert_merge_refused(&[p0, &seeded, p2], &[p0, &seeded], "seed");

    let other_scenario = dir.join("scenario");
    fs::create_dir(&other_scenario).unwrap();
    let changed = run_shard(
        &[&args[..], &["--set", "staffing.agents=30"]].concat(),
        1,
        3,
        &other_scenario,
    );
    assert_merge_refused(&[p0, &changed, p2], &[p0, &changed], "fingerprint");

    let other_count = dir.join("count");
    fs::create_dir(&other_count).unwrap();
    let halves = run_shards(&args, 2, &other_count);
    assert_merge_refused(&[p0, &halves[0], p2], &[p0, &halves[0]], "shard count");

    let newer = edited(p1, "newer.json", |v| v["ccsim_version"] = "99.0.0".into());
    assert_merge_refused(&[p0, &newer, p2], &[&newer], "ccsim 99.0.0");
    let future = edited(p1, "future.json", |v| v["format_version"] = 2.into());
    assert_merge_refused(&[p0, &future, p2], &[&future], "`format_version` is 2");
    let not_a_part = dir.join("report.json");
    fs::write(&not_a_part, "{\"schema_version\": 1}").unwrap();
    assert_merge_refused(
        &[p0, &not_a_part],
        &[&not_a_part],
        "expected \"ccsim-partial\"",
    );

    // Shard 1 also claims shard 0's first replication: the parts overlap.
    let p0_value: serde_json::Value = serde_json::from_slice(&fs::read(p0).unwrap()).unwrap();
    let overlapping = edited(p1, "overlapping.json", |v| {
        v["units"]
            .as_array_mut()
            .unwrap()
            .push(p0_value["units"][0].clone());
    });
    assert_merge_refused(&[p0, &overlapping, p2], &[&overlapping], "overlap");
    // Shard 1 lost a replication: a gap no shard covers.
    let gap = edited(p1, "gap.json", |v| {
        v["units"].as_array_mut().unwrap().pop();
    });
    assert_merge_refused(&[p0, &gap, p2], &[], "is in no part");
}

#[test]
fn merge_refuses_a_scenario_file_changed_since_the_shards_ran() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("centre.toml");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/basic.toml"),
        &scenario,
    )
    .unwrap();
    let scenario_arg = scenario.to_str().unwrap();
    let args = [
        scenario_arg,
        "-r",
        "2",
        "--set",
        "hours.duration=3h",
        "--set",
        "hours.interval=3h",
    ];
    let parts = run_shards(&args, 2, dir.path());
    let text = fs::read_to_string(&scenario).unwrap();
    fs::write(&scenario, text.replace("agents = 25", "agents = 26")).unwrap();
    let part_refs: Vec<&Path> = parts.iter().map(PathBuf::as_path).collect();
    assert_merge_refused(&part_refs, &[&scenario], "not the one the shards ran");
}

/// A one-hour line with a handful of calls: 10,000 replications of it run in seconds.
const TINY_LINE: &str = r#"
name = "Tiny line"
seed = 7
replications = 10000
[hours]
open = "08:00"
close = "09:00"
interval = "1h"
[arrivals]
calls_per_hour = 30
[handle_time]
distribution = "exponential"
mean = "2m"
[patience]
distribution = "exponential"
mean = "3m"
[staffing]
agents = 2
"#;

/// The memory bound of `ccsim merge` (docs/cluster.md): it reads one part at a time, so 10,000
/// parts fit in the address space of their summary. Parts are cut from one part of the whole
/// run (one replication each; the first carries every wait, which adds to the same histogram),
/// merged under a 128 MiB address-space limit, and must give the single machine's report.
#[cfg(target_os = "linux")]
#[test]
fn ten_thousand_parts_merge_within_128_mib() {
    const PARTS: usize = 10_000;
    const LIMIT_KIB: u64 = 128 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("tiny.toml");
    fs::write(&scenario, TINY_LINE).unwrap();
    let single = stdout_of(
        ccsim()
            .arg("run")
            .arg(&scenario)
            .args(["--quiet", "--format", "json"]),
    );
    let whole = run_shard(&[scenario.to_str().unwrap()], 0, 1, dir.path());
    let mut whole: serde_json::Value = serde_json::from_slice(&fs::read(&whole).unwrap()).unwrap();
    let units = whole["units"].take();
    let units = units.as_array().unwrap();
    assert_eq!(units.len(), PARTS);
    let empty = serde_json::json!({"cap": 7200, "zeros": 0, "bins": [], "overflow": 0, "max": 0.0});
    let classes = whole["waits"][0]["classes"].as_array().unwrap().len();
    let no_waits = serde_json::json!([{"overall": empty, "classes": vec![empty.clone(); classes]}]);
    let parts_dir = dir.path().join("parts");
    fs::create_dir(&parts_dir).unwrap();
    let mut parts = Vec::with_capacity(PARTS);
    let mut total_bytes = 0;
    for (index, unit) in units.iter().enumerate() {
        let mut part = whole.clone();
        part["shard"] = serde_json::json!({"index": index, "count": PARTS});
        part["units"] = serde_json::json!([unit]);
        if index > 0 {
            part["waits"] = no_waits.clone();
        }
        let path = parts_dir.join(format!("{index}.json"));
        let bytes = serde_json::to_vec(&part).unwrap();
        total_bytes += bytes.len();
        fs::write(&path, bytes).unwrap();
        parts.push(path);
    }
    assert!(
        total_bytes > 15_000_000,
        "the parts hold {total_bytes} bytes"
    );
    parts.reverse();
    let binary = assert_cmd::cargo::cargo_bin("ccsim");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {LIMIT_KIB} && exec \"$0\" merge --format json \"$@\""
        ))
        .arg(&binary)
        .args(&parts)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "merge within {LIMIT_KIB} KiB: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stdout == single.as_bytes(),
        "the merged report is the single run's"
    );
}

/// A directory holding copies of two shipped scenarios, a single day and a multi-day study.
fn scenario_dir(root: &Path) -> PathBuf {
    let dir = root.join("scenarios");
    fs::create_dir(&dir).unwrap();
    for name in ["basic.toml", "week.toml"] {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(name);
        fs::copy(shipped, dir.join(name)).unwrap();
    }
    dir
}

/// What a command left: its standard output, its exit code, and the files under a directory.
type Outcome = (Vec<u8>, Option<i32>, Vec<(PathBuf, Vec<u8>)>);

/// The [`Outcome`] of `command`, which must exit with 0 or 1, and the files under `files`.
fn outcome_of(command: &mut assert_cmd::Command, files: &Path) -> Outcome {
    let output = command.output().unwrap();
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = if files.is_dir() {
        files_under(files)
    } else {
        Vec::new()
    };
    (output.stdout, code, files)
}

#[test]
fn merged_shards_of_baselines_write_the_unsharded_baselines() {
    let root = tempfile::tempdir().unwrap();
    let scenarios = scenario_dir(root.path());
    let dir = root.path().join("baselines");
    let args = [
        scenarios.to_str().unwrap(),
        "--dir",
        dir.to_str().unwrap(),
        "-r",
        "3",
        "--set",
        "handle_time.mean=4m",
    ];
    let single = outcome_of(ccsim().arg("baseline").args(args).arg("--quiet"), &dir);
    assert_eq!(single.1, Some(0));
    assert_eq!(single.2.len(), 2, "basic.json and week.json");
    for count in [1, 2, 3, 7] {
        fs::remove_dir_all(&dir).unwrap();
        let shards = root.path().join(format!("shards-{count}"));
        fs::create_dir(&shards).unwrap();
        let parts = shards_of("baseline", &args, count, &shards);
        assert!(!dir.exists(), "a shard writes its part only");
        let merged = outcome_of(ccsim().arg("merge").args(&parts), &dir);
        assert!(
            merged == single,
            "{count} shards: the merge's output or baselines differ from the unsharded run's"
        );
    }
}

/// The JUnit file with its `time` attributes (wall-clock seconds) blanked out.
fn without_times(junit: &[u8]) -> String {
    let text = String::from_utf8(junit.to_vec()).unwrap();
    let mut kept = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find(" time=\"") {
        kept.push_str(&rest[..start]);
        let after = &rest[start + 7..];
        let end = after.find('"').unwrap();
        let seconds: f64 = after[..end].parse().unwrap();
        assert!(seconds >= 0.0, "a time in seconds: {}", &after[..end]);
        kept.push_str(" time=\"…\"");
        rest = &after[end + 1..];
    }
    kept.push_str(rest);
    kept
}

/// Checks the scenarios of `root` against their baselines with `ccsim check ARGS`, unsharded
/// and split 1, 2, 3 and 7 ways: the merge prints the same verdict (table and JSON), writes the
/// same JUnit file (but for its wall-clock times) and exits with the same code, which must be
/// `expected_code`.
fn assert_check_merges_to_the_unsharded(root: &Path, args: &[&str], expected_code: i32) {
    let junit = |dir: &Path| dir.join("junit.xml");
    let verdicts = |command: &dyn Fn() -> assert_cmd::Command, dir: &Path| {
        let mut verdicts = Vec::new();
        for format in ["table", "json"] {
            let (stdout, code, _) = outcome_of(command().args(["--format", format]), dir);
            verdicts.push((format!("--format {format}"), stdout, code));
        }
        let (stdout, code, _) = outcome_of(command().arg("--junit").arg(junit(dir)), dir);
        verdicts.push(("--junit".to_string(), stdout, code));
        let junit = without_times(&fs::read(junit(dir)).unwrap());
        verdicts.push(("junit.xml".to_string(), junit.into_bytes(), None));
        verdicts
    };
    let single_dir = root.join("single");
    fs::create_dir(&single_dir).unwrap();
    let single = verdicts(
        &|| {
            let mut command = ccsim();
            command.arg("check").args(args).arg("--quiet");
            command
        },
        &single_dir,
    );
    assert_eq!(
        single[0].2,
        Some(expected_code),
        "the unsharded check's exit code"
    );
    assert!(!single[0].1.is_empty() && !single[1].1.is_empty());
    for count in [1, 2, 3, 7] {
        let shards = root.join(format!("check-shards-{count}"));
        fs::create_dir(&shards).unwrap();
        let parts = shards_of("check", args, count, &shards);
        let merged = verdicts(
            &|| {
                let mut command = ccsim();
                command.arg("merge").args(&parts);
                command
            },
            &shards,
        );
        for ((what, expected, code), (_, found, merged_code)) in single.iter().zip(&merged) {
            assert_eq!(code, merged_code, "{count} shards: the exit code of {what}");
            assert!(
                expected == found,
                "{count} shards: {what} differs from the unsharded check:\n{}\n---\n{}",
                String::from_utf8_lossy(expected),
                String::from_utf8_lossy(found)
            );
        }
    }
}

/// Baselines of the scenarios of `root` (3 replications), for the checks below.
fn baselined(root: &Path) -> (PathBuf, PathBuf) {
    let scenarios = scenario_dir(root);
    let baselines = root.join("baselines");
    stdout_of(
        ccsim()
            .arg("baseline")
            .arg(&scenarios)
            .arg("--dir")
            .arg(&baselines)
            .args(["-r", "3", "--quiet"]),
    );
    (scenarios, baselines)
}

#[test]
fn merged_shards_of_a_check_that_holds_exit_0_with_the_unsharded_verdict() {
    let root = tempfile::tempdir().unwrap();
    let (scenarios, baselines) = baselined(root.path());
    let args = [
        scenarios.to_str().unwrap(),
        "--baseline",
        baselines.to_str().unwrap(),
    ];
    assert_check_merges_to_the_unsharded(root.path(), &args, 0);
    let exact = root.path().join("exact");
    fs::create_dir(&exact).unwrap();
    assert_check_merges_to_the_unsharded(&exact, &[&args[..], &["--mode", "exact"]].concat(), 0);
}

#[test]
fn merged_shards_of_a_check_that_regresses_exit_1_with_the_unsharded_verdict() {
    let root = tempfile::tempdir().unwrap();
    let (scenarios, baselines) = baselined(root.path());
    // Calls a third longer than baselined, on the same agents: waits and abandons grow.
    let args = [
        scenarios.to_str().unwrap(),
        "--baseline",
        baselines.to_str().unwrap(),
        "--set",
        "handle_time.mean=6m",
    ];
    assert_check_merges_to_the_unsharded(root.path(), &args, 1);
}

#[test]
fn merge_refuses_check_parts_mixed_incomplete_misused_or_against_other_baselines() {
    let root = tempfile::tempdir().unwrap();
    let (scenarios, baselines) = baselined(root.path());
    let check_args = [
        scenarios.to_str().unwrap(),
        "--baseline",
        baselines.to_str().unwrap(),
    ];
    let checks = root.path().join("checks");
    fs::create_dir(&checks).unwrap();
    let parts = shards_of("check", &check_args, 3, &checks);
    let part = |index: usize| checks.join(format!("part-{index}.json"));
    let (p0, p1, p2) = (part(0), part(1), part(2));
    assert!(parts.contains(&p0) && parts.contains(&p1) && parts.contains(&p2));
    let merge_refused = |parts: &[&Path], flags: &[&str]| {
        let junit = root.path().join("refused.xml");
        let stderr = refused(
            ccsim()
                .arg("merge")
                .args(parts)
                .args(flags)
                .arg("--junit")
                .arg(&junit),
        );
        assert!(!junit.exists(), "no JUnit file after a refusal");
        stderr
    };

    let compares = root.path().join("compares");
    fs::create_dir(&compares).unwrap();
    let compare_part = shard_of(
        "compare",
        &["scenarios/basic.toml", "scenarios/basic.toml", "-r", "2"],
        1,
        3,
        &compares,
    );
    let stderr = merge_refused(&[&p0, &compare_part, &p2], &[]);
    assert!(stderr.contains("command Compare against Check"), "{stderr}");
    for file in [&p0, &compare_part] {
        assert!(stderr.contains(&file.display().to_string()), "{stderr}");
    }

    let stderr = merge_refused(&[&p2, &p0], &[]);
    assert!(stderr.contains("missing shard 1/3"), "{stderr}");
    let stderr = merge_refused(&[&p0, &p1, &p2, &p1], &[]);
    assert!(stderr.contains("both shard 1/3"), "{stderr}");
    let stderr = merge_refused(&[&p0, &p1, &p2], &["--format", "csv"]);
    assert!(
        stderr.contains("--format csv") && stderr.contains("`ccsim check`"),
        "{stderr}"
    );
    let out = root.path().join("out");
    let stderr = refused(
        ccsim()
            .arg("merge")
            .args([&p0, &p1, &p2])
            .arg("--out")
            .arg(&out),
    );
    assert!(stderr.contains("--out"), "{stderr}");
    assert!(!out.exists(), "no output directory after a refusal");
    let stderr = refused(
        ccsim()
            .arg("merge")
            .arg(&compare_part)
            .arg("--junit")
            .arg(root.path().join("x.xml")),
    );
    assert!(
        stderr.contains("--junit") && stderr.contains("`ccsim compare`"),
        "{stderr}"
    );

    // The baselines made again with another seed: the shards' verdict would mix references.
    stdout_of(
        ccsim()
            .arg("baseline")
            .arg(&scenarios)
            .arg("--dir")
            .arg(&baselines)
            .args(["-r", "3", "--seed", "99", "--quiet"]),
    );
    let stderr = merge_refused(&[&p0, &p1, &p2], &[]);
    assert!(
        stderr.contains("is not the one the shards checked against"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&baselines.join("basic.json").display().to_string()),
        "names the baseline: {stderr}"
    );
}

#[test]
fn merge_refuses_outputs_baseline_parts_do_not_write() {
    let root = tempfile::tempdir().unwrap();
    let scenarios = scenario_dir(root.path());
    let dir = root.path().join("baselines");
    let args = [
        scenarios.to_str().unwrap(),
        "--dir",
        dir.to_str().unwrap(),
        "-r",
        "2",
    ];
    let parts = shards_of("baseline", &args, 2, root.path());
    for flags in [
        ["--format", "json"],
        ["--out", root.path().join("out").to_str().unwrap()],
    ] {
        let stderr = refused(ccsim().arg("merge").args(&parts).args(flags));
        assert!(
            stderr.contains(flags[0]) && stderr.contains("`ccsim baseline`"),
            "{stderr}"
        );
        assert!(!dir.exists(), "no baselines after a refusal");
    }
}
