//! Distributions and replayed days read from data files, and Kaplan–Meier patience: what they
//! load as, and the message for each bad form.

use super::MINIMAL;
use crate::dist::Distribution;
use crate::model::{Arrivals, Scenario};
use crate::scenario::{ScenarioError, from_str, load};
use std::path::PathBuf;

/// A directory of its own for one test's files.
fn directory(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ccsim-data-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Loads `MINIMAL` with `patience` appended as `DIR/t.toml`, next to the `files` (name, text).
fn with_files(test: &str, extra: &str, files: &[(&str, &str)]) -> Result<Scenario, ScenarioError> {
    let dir = directory(test);
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let toml = format!("{MINIMAL}{extra}");
    std::fs::write(dir.join("t.toml"), toml).unwrap();
    load(&dir.join("t.toml"), &[])
}

fn error(test: &str, extra: &str, files: &[(&str, &str)]) -> String {
    let error = with_files(test, extra, files).unwrap_err();
    let message = error.to_string();
    // Messages name the data file by its path; keep its name only.
    let dir = directory(test).display().to_string();
    message.replace(&format!("{dir}/"), "")
}

const PATIENCE_FILE: &str = "[patience]\ndistribution = \"kaplan_meier\"\n\
                             values_file = \"p.csv\"\ncolumn = \"wait_s\"\n\
                             censored_column = \"censored\"\n";

#[test]
fn kaplan_meier_from_a_file_equals_the_inline_form() {
    let csv = "call,wait_s,censored\n1,10,false\n2, 20 ,1\n3,30,0\n4,40,TRUE\n";
    let from_file = with_files("km", PATIENCE_FILE, &[("p.csv", csv)]).unwrap();
    let inline = from_str(
        &format!(
            "{MINIMAL}[patience]\ndistribution = \"empirical\"\nvalues = [10, \"20s\", 30, 40]\n\
             censored = [false, true, 0, 1]\n"
        ),
        "t.toml",
    )
    .unwrap();
    let expected = Distribution::kaplan_meier(
        vec![10.0, 20.0, 30.0, 40.0],
        vec![false, true, false, true],
        None,
    )
    .unwrap();
    assert_eq!(from_file.classes[0].patience.as_ref(), Some(&expected));
    assert_eq!(inline.classes[0].patience.as_ref(), Some(&expected));
    // Ŝ: 3/4 after 10 s, 3/4 · 1/2 = 3/8 after 30 s, then the tail from 40 s with mean
    // (10 + 20 + 30 + 40) / 2 events = 50 s: mean = 10 + 0.75·20 + 0.375·10 + 0.375·50.
    assert!((expected.mean() - (10.0 + 15.0 + 3.75 + 18.75)).abs() < 1e-9);
}

#[test]
fn empirical_values_and_replayed_times_from_files() {
    let extra = "[patience]\ndistribution = \"empirical\"\nvalues_file = \"v.csv\"\n";
    let s = with_files("empirical", extra, &[("v.csv", "handle_s\n5\n7.5\n")]).unwrap();
    assert_eq!(
        s.classes[0].patience,
        Some(Distribution::empirical(vec![5.0, 7.5]).unwrap())
    );
    let replay = MINIMAL.replace(
        "calls_per_hour = 120",
        "times_file = \"a.csv\"\ncolumn = \"arrival_s\"",
    );
    let dir = directory("replay");
    std::fs::write(
        dir.join("a.csv"),
        "id,arrival_s\n1,28800\n2,08:00:05.5\n3,08:00:05.5\n",
    )
    .unwrap();
    std::fs::write(dir.join("t.toml"), replay).unwrap();
    let s = load(&dir.join("t.toml"), &[]).unwrap();
    assert_eq!(
        s.classes[0].arrivals,
        Arrivals::Trace {
            times: vec![28800.0, 28805.5, 28805.5]
        }
    );
}

#[test]
fn bad_cells_are_reported_at_their_line_and_column() {
    let bad = "call,wait_s,censored\n1,10,false\n2,n/a,true\n";
    assert_eq!(
        error("bad-value", PATIENCE_FILE, &[("p.csv", bad)]),
        "p.csv:3:3: `patience.values_file`: found \"n/a\" in column \"wait_s\"; expected a \
         duration in seconds, 0 or more, such as 245.5"
    );
    let negative = "call,wait_s,censored\n1,-4,false\n";
    assert!(
        error("negative", PATIENCE_FILE, &[("p.csv", negative)])
            .starts_with("p.csv:2:3: `patience.values_file`: found \"-4\" in column \"wait_s\"")
    );
    let flag = "call,wait_s,censored\n1,4,yes\n";
    assert!(
        error("flag", PATIENCE_FILE, &[("p.csv", flag)]).starts_with(
            "p.csv:2:5: `patience.values_file`: found \"yes\" in column \"censored\"; expected a \
         censoring flag"
        )
    );
    let missing = "call,wait,censored\n1,4,true\n";
    assert_eq!(
        error("missing", PATIENCE_FILE, &[("p.csv", missing)]),
        "p.csv:1:1: `patience.column`: found no column \"wait_s\"; expected a header row with a \
         column \"wait_s\" (the file has \"call\", \"wait\", \"censored\")"
    );
    let empty = "call,wait_s,censored\n";
    assert!(
        error("empty", PATIENCE_FILE, &[("p.csv", empty)])
            .starts_with("p.csv: `patience.values_file`: found no data rows in column \"wait_s\""),
    );
    let ragged = "call,wait_s,censored\n1,4\n";
    assert!(
        error("ragged", PATIENCE_FILE, &[("p.csv", ragged)])
            .starts_with("p.csv:2:1: `patience.values_file`: found 2 fields; expected 3 fields")
    );
}

#[test]
fn arrival_times_out_of_order_or_hours_name_their_line() {
    let replay = "times_file = \"a.csv\"";
    let run = |test: &str, csv: &str| {
        let dir = directory(test);
        std::fs::write(dir.join("a.csv"), csv).unwrap();
        let text = MINIMAL.replace("calls_per_hour = 120", replay);
        std::fs::write(dir.join("t.toml"), text).unwrap();
        let message = load(&dir.join("t.toml"), &[]).unwrap_err().to_string();
        message.replace(&format!("{}/", dir.display()), "")
    };
    assert_eq!(
        run("order", "t\n08:00:10\n08:00:05\n"),
        "a.csv:3:1: `arrivals.times_file`: found \"08:00:05\" in column \"t\"; expected a time \
         no earlier than the arrival before it, \"08:00:10\" (28810 s)"
    );
    assert_eq!(
        run("hours", "t\n08:00:10\n10:00:00\n"),
        "a.csv:3:1: `arrivals.times_file`: found \"10:00 (36000 s)\" in column \"t\"; expected \
         a time within the opening hours, from 08:00 to before 10:00"
    );
}

#[test]
fn forms_that_cannot_work_are_refused_in_the_scenario_file() {
    let both = "[patience]\ndistribution = \"empirical\"\nvalues = [1]\nvalues_file = \"v.csv\"\n";
    assert!(error("both", both, &[("v.csv", "v\n1\n")]).ends_with(
        "`patience.values_file`: given together with `patience.values`; expected exactly one \
             of `values` (an array of observed durations) or `values_file` (a CSV file, relative \
             to the scenario file, with `column` naming the column of seconds)"
    ));
    let dir = "[patience]\ndistribution = \"empirical\"\nvalues_file = \"sub\"\n";
    std::fs::create_dir_all(directory("dir").join("sub")).unwrap();
    assert!(error("dir", dir, &[]).ends_with(
        "t.toml:14:15: `patience.values_file`: found \"sub\" (a directory); expected a regular \
         CSV file, relative to the scenario file"
    ));
    let which = "[patience]\ndistribution = \"empirical\"\nvalues_file = \"v.csv\"\n";
    assert!(error("which", which, &[("v.csv", "a,b\n1,2\n")]).contains(
        "v.csv:1:1: `patience.values_file`: found 2 columns; expected one column, or `column` \
         naming which to read (the file has \"a\", \"b\")"
    ));
    let short = "[patience]\ndistribution = \"kaplan_meier\"\nvalues = [1, 2]\ncensored = [true]\n";
    assert!(error("short", short, &[]).ends_with(
        "`patience.censored`: found 1 flags; expected an array of 2 flags, one per value (true \
         or 1 (censored: the duration is a lower bound), false or 0 (observed))"
    ));
    let all_censored = "[patience]\ndistribution = \"kaplan_meier\"\nvalues = [1, 2]\n\
                        censored = [true, 1]\n";
    assert!(error("all", all_censored, &[]).contains("every observation is censored"));
    let tail = "[patience]\ndistribution = \"empirical\"\nvalues = [1, 2]\ntail_mean = \"1m\"\n";
    assert!(error("tail", tail, &[]).contains("`patience.tail_mean`: given without"));
    let column = "[patience]\ndistribution = \"empirical\"\nvalues = [1, 2]\ncolumn = \"x\"\n";
    assert!(error("column", column, &[]).contains("`patience.column`: given without"));
}

/// An edited data file changes the fingerprint; moving it does not.
#[test]
fn fingerprint_follows_the_values_not_the_path() {
    use crate::regression::fingerprint::scenario_fingerprint;
    let extra = "[patience]\ndistribution = \"empirical\"\nvalues_file = \"v.csv\"\n";
    let one = with_files("fp-one", extra, &[("v.csv", "v\n5\n7\n")]).unwrap();
    let moved = extra.replace("v.csv", "w.csv");
    let two = with_files("fp-two", &moved, &[("w.csv", "v\n5\n7\n")]).unwrap();
    let edited = with_files("fp-three", extra, &[("v.csv", "v\n5\n8\n")]).unwrap();
    assert_eq!(scenario_fingerprint(&one), scenario_fingerprint(&two));
    assert_ne!(scenario_fingerprint(&one), scenario_fingerprint(&edited));
    let many: String = (0..500).map(|i| format!("{i}\n")).collect();
    let big = with_files("fp-big", extra, &[("v.csv", &format!("v\n{many}"))]).unwrap();
    let lines = crate::regression::fingerprint::canonical_lines(&big);
    assert!(
        lines.iter().any(|l| l.contains("[500 values, fnv1a64 ")),
        "{lines:?}"
    );
}

/// A top-level `wrap_up` is every class's default; a class's own replaces it; a file without one
/// has none.
#[test]
fn wrap_up_at_the_top_level_and_per_class() {
    let text = super::classes_with(
        "[[classes]]\nname = \"standard\"",
        "[wrap_up]\ndistribution = \"deterministic\"\nvalue = \"30s\"\n\n[[classes]]\n\
         name = \"standard\"\nwrap_up = { distribution = \"exponential\", mean = \"1m\" }",
    );
    let s = from_str(&text, "t.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        s.classes[0].wrap_up,
        Some(Distribution::exponential(60.0).unwrap())
    );
    assert_eq!(
        s.classes[1].wrap_up,
        Some(Distribution::deterministic(30.0).unwrap())
    );
    // The agent's mean time per call is talk plus wrap-up: 180 + 30 s for "vip".
    assert_eq!(s.classes[1].mean_agent_time(), 210.0);
    let single = from_str(
        &format!("{MINIMAL}[wrap_up]\ndistribution = \"deterministic\"\nvalue = 20\n"),
        "t.toml",
    )
    .unwrap();
    assert_eq!(
        single.classes[0].wrap_up,
        Some(Distribution::deterministic(20.0).unwrap())
    );
    assert_eq!(
        from_str(MINIMAL, "t.toml").unwrap().classes[0].wrap_up,
        None
    );
}
