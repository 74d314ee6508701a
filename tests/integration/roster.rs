//! `ccsim staff --shifts`: the shift solver is optimal on a small instance checked by brute
//! force and by hand, its roster covers the requirement, and pasted into the scenario it meets
//! the target on a fresh seed; patterns that cannot cover the day are refused.

use crate::common::ccsim;
use ccsim::model::{PatternBreak, ShiftPattern};
use ccsim::roster::solver::{Start, solve};
use serde_json::Value;
use std::fs;

const HOUR: f64 = 3600.0;

fn pattern(name: &str, hours: f64, starts: &[f64], max_agents: Option<u32>) -> ShiftPattern {
    ShiftPattern {
        name: name.into(),
        pool: 0,
        length: hours * HOUR,
        starts: starts.iter().map(|s| s * HOUR).collect(),
        breaks: Vec::new(),
        cost: None,
        max_agents,
    }
}

/// Every (pattern, start) of `patterns` and the presence it gives each hour from 08:00.
fn starts_and_coverage(patterns: &[ShiftPattern], hours: usize) -> (Vec<Start>, Vec<Vec<f64>>) {
    let starts: Vec<Start> = (patterns.iter().enumerate())
        .flat_map(|(pattern, p)| p.starts.iter().map(move |&at| Start { pattern, at }))
        .collect();
    let coverage = (starts.iter())
        .map(|s| {
            (0..hours)
                .map(|j| {
                    let from = (8 + j) as f64 * HOUR;
                    patterns[s.pattern].presence(s.at, from, from + HOUR) / HOUR
                })
                .collect()
        })
        .collect();
    (starts, coverage)
}

fn paid_hours(patterns: &[ShiftPattern], starts: &[Start], agents: &[u32]) -> f64 {
    (starts.iter().zip(agents))
        .map(|(s, &x)| patterns[s.pattern].paid_seconds() / HOUR * f64::from(x))
        .sum()
}

fn covers(coverage: &[Vec<f64>], agents: &[u32], need: &[f64]) -> bool {
    (0..need.len()).all(|j| {
        let present: f64 = (coverage.iter().zip(agents))
            .map(|(c, &x)| c[j] * f64::from(x))
            .sum();
        present >= need[j] - 1e-9
    })
}

/// The cheapest cover by trying every assignment of 0..=limit agents to every start.
fn brute_force(
    patterns: &[ShiftPattern],
    starts: &[Start],
    coverage: &[Vec<f64>],
    need: &[f64],
    limit: u32,
) -> Option<f64> {
    let mut agents = vec![0u32; starts.len()];
    let mut best: Option<f64> = None;
    loop {
        let within_limits = (patterns.iter().enumerate()).all(|(index, p)| {
            let on: u32 = (starts.iter().zip(&agents))
                .filter(|(s, _)| s.pattern == index)
                .map(|(_, x)| x)
                .sum();
            p.max_agents.is_none_or(|m| on <= m)
        });
        if within_limits && covers(coverage, &agents, need) {
            let cost = paid_hours(patterns, starts, &agents);
            best = Some(best.map_or(cost, |b: f64| b.min(cost)));
        }
        // The next assignment, as a number in base limit + 1.
        let Some(digit) = agents.iter().position(|&x| x < limit) else {
            return best;
        };
        agents[digit] += 1;
        agents[..digit].iter_mut().for_each(|x| *x = 0);
    }
}

/// Hours 08:00–12:00 needing 2, 3, 3 and 1 agents; 2-hour shifts at 08, 09 or 10, and a
/// 4-hour shift at 08 with an unpaid half-hour break at 10:00. By hand: five 2-hour shifts
/// (2 at 08, 1 at 09, 2 at 10) cost 10 paid hours, and so does one 4-hour shift with three
/// 2-hour ones (at 08, 09 and 10), since the 4-hour shift's break leaves 10:00–11:00 half
/// covered; nothing cheaper covers 3 agents at 09 and 10 — the solver finds 10, as the brute
/// force does.
#[test]
fn the_solver_finds_the_cheapest_cover_of_a_small_instance() {
    let mut long = pattern("long", 4.0, &[8.0], None);
    long.breaks = vec![PatternBreak {
        after: 2.0 * HOUR,
        length: 0.5 * HOUR,
        paid: false,
    }];
    let patterns = vec![pattern("short", 2.0, &[8.0, 9.0, 10.0], None), long];
    let (starts, coverage) = starts_and_coverage(&patterns, 4);
    let need = [2.0, 3.0, 3.0, 1.0];
    let agents = solve(&patterns, &starts, &coverage, &need)
        .unwrap()
        .expect("a cover exists");
    assert!(
        covers(&coverage, &agents, &need),
        "{agents:?} covers {need:?}"
    );
    let cost = paid_hours(&patterns, &starts, &agents);
    assert_eq!(cost, 10.0, "{agents:?}");
    assert_eq!(
        brute_force(&patterns, &starts, &coverage, &need, 3),
        Some(cost)
    );
}

/// With at most 2 agents on 3-hour shifts and no other pattern, 3 agents at 09:00 cannot be
/// covered: the solver says so rather than returning a short roster. Loosened to 3, it covers
/// at the brute force's cost.
#[test]
fn limits_that_cannot_cover_the_need_give_no_roster() {
    let need = [1.0, 3.0, 2.0];
    let tight = vec![pattern("three", 3.0, &[8.0, 9.0], Some(2))];
    let (starts, coverage) = starts_and_coverage(&tight, 3);
    assert_eq!(solve(&tight, &starts, &coverage, &need).unwrap(), None);
    assert_eq!(brute_force(&tight, &starts, &coverage, &need, 3), None);

    let loose = vec![pattern("three", 3.0, &[8.0, 9.0], Some(3))];
    let agents = solve(&loose, &starts, &coverage, &need).unwrap().unwrap();
    assert!(covers(&coverage, &agents, &need));
    assert_eq!(
        Some(paid_hours(&loose, &starts, &agents)),
        brute_force(&loose, &starts, &coverage, &need, 3)
    );
}

fn run_json(args: &[&str]) -> Value {
    let output = ccsim().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// forecast-day (30 % shrinkage, agents from its forecast) rostered on its shift patterns: the
/// shifts cover the scheduled requirement in every interval, and pasted into a copy of the
/// scenario — as they are — they staff at least the on-phone requirement and meet 80/20 on a
/// fresh seed (no interval significantly below it, the daily figure's whole interval above).
#[test]
fn the_forecast_day_roster_pasted_into_the_scenario_meets_the_target_on_a_fresh_seed() {
    let planned = run_json(&[
        "staff",
        "scenarios/forecast-day.toml",
        "--shifts",
        "--format",
        "json",
        "-q",
    ]);
    let (staffing, roster) = (&planned["staffing"], &planned["roster"]);
    assert_eq!(roster["missed_intervals"], 0, "{roster}");
    let intervals = roster["intervals"].as_array().unwrap();
    for (interval, scheduled) in intervals
        .iter()
        .zip(staffing["scheduled_agents"].as_array().unwrap())
    {
        assert!(
            interval["scheduled"].as_f64().unwrap() >= scheduled.as_f64().unwrap(),
            "{interval} covers the scheduled requirement {scheduled}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string("scenarios/forecast-day.toml").unwrap();
    let file = dir.path().join("forecast-day.toml");
    fs::write(
        &file,
        format!("{text}\n{}", roster["toml"].as_str().unwrap()),
    )
    .unwrap();
    fs::copy(
        "scenarios/forecast-day.csv",
        dir.path().join("forecast-day.csv"),
    )
    .unwrap();
    let pasted = ccsim::scenario::load(&file, &[]).unwrap();
    let on_phones: Vec<u64> = (staffing["intervals"].as_array().unwrap().iter())
        .map(|i| i["agents"].as_u64().unwrap())
        .collect();
    for (got, needed) in pasted.pools[0].agents.iter().zip(&on_phones) {
        assert!(
            u64::from(*got) >= *needed,
            "{got} on the phones, {needed} needed"
        );
    }

    let file = file.to_str().unwrap();
    let rerun = run_json(&[
        "run",
        file,
        "--format",
        "json",
        "-q",
        "--set",
        "seed=918273645",
    ]);
    let target = 0.8;
    for interval in rerun["intervals"].as_array().unwrap() {
        let sl = &interval["service_level"];
        assert!(
            sl["ci_high"].as_f64().unwrap() >= target,
            "{}: service level {sl} on a fresh seed",
            interval["start"]
        );
    }
    let daily = &rerun["summary"]["service_level"];
    assert!(daily["ci_low"].as_f64().unwrap() >= target, "{daily}");
}

fn staff_error(scenario: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    fs::write(&file, scenario).unwrap();
    let output = ccsim()
        .args(["staff", file.to_str().unwrap(), "--shifts", "-q"])
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const DAY: &str = r#"
name = "small"
replications = 10
[hours]
open = "08:00"
close = "12:00"
interval = "1h"
[arrivals]
calls_per_hour = 60
[handle_time]
distribution = "exponential"
mean = "3m"
[staffing]
agents = 4
"#;

#[test]
fn a_pool_without_patterns_or_an_interval_no_pattern_covers_is_refused() {
    let (code, message) = staff_error(DAY);
    assert_eq!(code, 2, "{message}");
    assert!(message.contains("no [[shift_patterns]]"), "{message}");

    let morning = format!(
        "{DAY}\n[[shift_patterns]]\nname = \"morning\"\nlength = \"2h\"\nearliest = \"08:00\"\n"
    );
    let (code, message) = staff_error(&morning);
    assert_eq!(code, 2, "{message}");
    assert!(
        message.contains("10:00-11:00 needs") && message.contains("no shift pattern covers it"),
        "{message}"
    );
}
