//! `--group-by`: reporting intervals coarser than the scenario's add up each replication's
//! tallies, so a grouped hour measures what a one-hour interval would have.

use crate::common::*;
use ccsim::Scenario;
use ccsim::dist::Distribution;
use ccsim::experiment::{ExperimentResult, RunOptions, run_replications};
use ccsim::sim::metrics::METRICS;

/// Two classes (standard and VIP) on one pool, 08:00–10:00 in 30-minute intervals, `agents` per
/// interval, random handle times and patience, and ~200 replayed arrivals at irregular times
/// (none on an interval boundary). Replayed arrivals and per-caller draws do not depend on the
/// intervals, so the same callers come whatever the interval length.
fn two_hours(agents: &[u32], interval: f64) -> Scenario {
    let mut s = standard_and_vip();
    s.replications = 12;
    s.seed = 7;
    s.hours.close = OPEN + 2.0 * 3600.0;
    s.hours.interval = interval;
    s.pools[0].agents = agents.to_vec();
    let times = |offset: f64, step: f64| -> Vec<f64> {
        // A fixed, irregular sequence: gaps alternate around `step`.
        let mut t = offset;
        let mut times = Vec::new();
        while t < 7190.0 {
            times.push(t);
            t += step * (0.3 + 1.4 * ((t * 0.618_034).fract()));
        }
        times
    };
    s.classes[0].arrivals = arrivals_after_open(&times(3.7, 50.0));
    s.classes[1].arrivals = arrivals_after_open(&times(11.3, 110.0));
    for class in &mut s.classes {
        class.handle_time = Distribution::exponential(150.0).unwrap();
        class.patience = Some(Distribution::exponential(90.0).unwrap());
    }
    s
}

fn run_grouped(scenario: &Scenario, group_by: Option<f64>) -> ExperimentResult {
    run_replications(
        scenario,
        &RunOptions {
            group_by,
            ..RunOptions::default()
        },
    )
}

fn index(key: &str) -> usize {
    METRICS.iter().position(|m| m.key == key).unwrap()
}

/// Whether two per-replication values agree: exactly for counts and maxima, to rounding for
/// values computed from clock integrals added in a different order.
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
        (a, b) => a == b,
    }
}

/// Half hours grouped into hours give every metric, in every replication, of the same scenario
/// written with one-hour intervals (same staffing in both halves of each hour): per interval and
/// per class and interval.
#[test]
fn grouped_half_hours_equal_one_hour_intervals() {
    let half_hours = two_hours(&[2, 2, 3, 3], 1800.0);
    let hours = two_hours(&[2, 3], 3600.0);
    let grouped = run_grouped(&half_hours, Some(3600.0));
    let direct = run_grouped(&hours, None);
    assert_eq!(grouped.summary.intervals.len(), 2);
    for (g, d) in grouped.replications.iter().zip(&direct.replications) {
        assert!(g.overall.iter().zip(&d.overall).all(|(a, b)| same(*a, *b)));
        for (interval, (gi, di)) in g.intervals.iter().zip(&d.intervals).enumerate() {
            for ((a, b), metric) in gi.iter().zip(di).zip(METRICS) {
                assert!(
                    same(*a, *b),
                    "{} in hour {interval}: {a:?} vs {b:?}",
                    metric.key
                );
            }
        }
        for (class, (gc, dc)) in g.class_intervals.iter().zip(&d.class_intervals).enumerate() {
            for (gi, di) in gc.iter().zip(dc) {
                for ((a, b), metric) in gi.iter().zip(di).zip(METRICS) {
                    assert!(same(*a, *b), "class {class}: {}", metric.key);
                }
            }
        }
    }
    for (g, d) in grouped
        .summary
        .intervals
        .iter()
        .zip(&direct.summary.intervals)
    {
        assert_eq!((g.start, g.end), (d.start, d.end));
        assert_eq!(g.scheduled_agents, d.scheduled_agents);
    }
    // The busy scenario does produce waits and abandons to compare.
    assert!(
        grouped.summary.intervals[0]
            .metrics
            .get("abandoned")
            .unwrap()
            .mean
            > 1.0
    );
}

/// With staffing that changes at the half hour, each grouped hour is the sum of its two half
/// hours' tallies: counts add, and ratios are ratios of the totals (not means of the halves').
#[test]
fn a_grouped_hour_adds_its_half_hours() {
    let scenario = two_hours(&[1, 3, 2, 4], 1800.0);
    let grouped = run_grouped(&scenario, Some(3600.0));
    let halves = run_grouped(&scenario, None);
    let (offered, queued_share, abandoned) =
        (index("offered"), index("p_wait"), index("abandoned"));
    let mut checked = 0;
    for (g, h) in grouped.replications.iter().zip(&halves.replications) {
        for hour in 0..2 {
            let parts = &h.intervals[2 * hour..2 * hour + 2];
            let total = |key: usize| parts.iter().map(|p| p[key].unwrap()).sum::<f64>();
            let hour_values = &g.intervals[hour];
            assert_eq!(hour_values[offered], Some(total(offered)));
            assert_eq!(hour_values[abandoned], Some(total(abandoned)));
            let queued: f64 = parts
                .iter()
                .map(|p| (p[queued_share].unwrap() * p[offered].unwrap()).round())
                .sum();
            assert_close(hour_values[queued_share].unwrap(), queued / total(offered));
            checked += 1;
        }
    }
    assert_eq!(checked, 24);
    // Scheduled agents of a grouped hour: the time average of its half hours.
    let scheduled: Vec<u32> = grouped
        .summary
        .intervals
        .iter()
        .map(|i| i.scheduled_agents)
        .collect();
    assert_eq!(scheduled, [2, 3]);
}

/// A grouping finer than the scenario's interval, or not a multiple of it, is refused with exit
/// code 2 and a message naming the file and the fix.
#[test]
fn a_grouping_that_does_not_fit_is_refused() {
    for (value, expected) in [("10m", "finer than"), ("45m", "not a whole number")] {
        let output = ccsim()
            .args([
                "run",
                "scenarios/retail-day.toml",
                "-r",
                "2",
                "-q",
                "--group-by",
                value,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("scenarios/retail-day.toml"), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
    let text = stdout_of(ccsim().args([
        "run",
        "scenarios/retail-day.toml",
        "-r",
        "2",
        "-q",
        "--group-by",
        "hour",
        "--format",
        "json",
    ]));
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["hours"]["report_interval_s"], 3600.0);
    let intervals = report["intervals"].as_array().unwrap();
    assert_eq!(intervals.len(), 12);
    assert_eq!(intervals[0]["start"], "08:00");
    assert_eq!(intervals[0]["end"], "09:00");
}
