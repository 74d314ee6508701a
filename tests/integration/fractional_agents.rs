//! Fractional staffing: x agents in an interval of length L are floor(x) agents for all of it and
//! one more for its first frac(x)·L seconds.

use crate::common::*;
use ccsim::dist::Distribution;
use ccsim::model::Hours;

/// Half an agent in the first 30-minute interval is one agent from 08:00 to 08:15, none after.
/// A at 08:10 is answered at once (talks 60 s); B at 08:20 finds nobody, waits, and hangs up
/// after its 120 s of patience. Interval 0 has one agent present for 900 of its 1800 s.
#[test]
fn half_an_agent_answers_at_ten_minutes_and_not_at_twenty() {
    let mut s = base();
    s.hours = Hours {
        open: OPEN,
        close: OPEN + 3600.0,
        interval: 1800.0,
    };
    s.pools[0].agents = vec![1, 0];
    s.pools[0].fractional = Some(vec![0.5, 0.0]);
    s.classes[0].patience = Some(Distribution::deterministic(120.0).unwrap());
    s.classes[0].arrivals = arrivals_after_open(&[600.0, 1200.0]);
    let r = run(&s);
    assert_eq!(calls(&r), [(0, "answered", 0.0), (1, "abandoned", 120.0)]);
    assert_close(in_interval(&r, 0, "agents_mean"), 0.5);
    assert_close(in_interval(&r, 1, "agents_mean"), 0.0);
}

/// 1.25 agents in a one-hour interval: two agents until 08:15, then one. A at 08:00 and B at
/// 08:05 are answered at once (600 s calls). A's agent is free at 08:10 and stays; B's agent is
/// busy at 08:15, finishes at 08:15 exactly and leaves then as the second agent. C at 08:20 is
/// answered by the agent who stayed; D at 08:21 finds them busy until 08:30 and hangs up after
/// 60 s. Presence: 2 agents for 900 s, then 1 for 2700 s.
#[test]
fn a_busy_agent_finishes_the_call_before_leaving() {
    let mut s = base();
    s.classes[0].handle_time = Distribution::deterministic(600.0).unwrap();
    s.pools[0].agents = vec![2];
    s.pools[0].fractional = Some(vec![1.25]);
    s.classes[0].arrivals = arrivals_after_open(&[0.0, 300.0, 1200.0, 1260.0]);
    s.classes[0].patience = Some(Distribution::deterministic(60.0).unwrap());
    let r = run(&s);
    // D at 08:21 finds the one remaining agent busy with C until 08:30 and hangs up after 60 s.
    assert_eq!(
        calls(&r),
        [
            (0, "answered", 0.0),
            (1, "answered", 0.0),
            (2, "answered", 0.0),
            (3, "abandoned", 60.0)
        ]
    );
    assert_close(overall(&r, "agents_mean"), (2.0 * 900.0 + 2700.0) / 3600.0);
}

/// Whole numbers written as decimals staff exactly as whole numbers, and a scenario file with
/// fractional agents loads them as their ceilings plus the counts.
#[test]
fn scenario_files_take_decimal_agents() {
    let text = r#"
name = "Fractional"
[hours]
open = "08:00"
close = "09:00"
interval = "30m"
[arrivals]
calls_per_hour = 20
[handle_time]
distribution = "exponential"
mean = "3m"
[staffing]
agents = [3.4, 5.0]
"#;
    let s = ccsim::scenario::from_str(text, "f.toml").unwrap();
    assert_eq!(s.pools[0].agents, [4, 5]);
    assert_eq!(s.pools[0].fractional, Some(vec![3.4, 5.0]));
    let whole = ccsim::scenario::from_str(&text.replace("3.4", "3.0"), "w.toml").unwrap();
    assert_eq!(
        (
            whole.pools[0].agents.clone(),
            whole.pools[0].fractional.clone()
        ),
        (vec![3, 5], None)
    );
}

/// `ccsim staff`, `sweep` and the Erlang view work on a fractional scenario: the search staffs
/// whole agents, a sweep may vary the count by decimals.
#[test]
fn staff_and_sweep_accept_fractional_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.toml");
    std::fs::write(
        &file,
        "name = \"F\"\n[hours]\nopen = \"08:00\"\nclose = \"09:00\"\ninterval = \"30m\"\n\
         [arrivals]\ncalls_per_hour = 60\n[handle_time]\ndistribution = \"exponential\"\n\
         mean = \"3m\"\n[staffing]\nagents = [3.5, 4.25]\n",
    )
    .unwrap();
    ccsim()
        .args([
            "staff",
            "--quiet",
            "--target",
            "80/20",
            "--set",
            "replications=4",
        ])
        .arg(&file)
        .assert()
        .success();
    ccsim()
        .args(["sweep", "--quiet", "--set", "replications=4"])
        .args(["--vary", "staffing.agents.0=2.5,3.5"])
        .arg(&file)
        .assert()
        .success();
}
