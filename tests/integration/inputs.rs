//! Scenario inputs for what-if staffing studies, run through the engine: a start state worked
//! out by hand, forecast uncertainty against the gamma-mixed Poisson, and per-interval handle
//! times against the forecast.

use crate::common::*;
use ccsim::dist::Distribution;
use ccsim::model::{
    AgentPool, Arrivals, BusyAtStart, Skill, StartState, Uncertainty, WaitingAtStart,
};

/// One agent, 60 s calls, patience 70 s. At the opening time the agent is busy for 15 s more;
/// X has waited 40 s and Y 5 s (listed Y first: the queue still puts X, who came first, ahead);
/// C arrives at +10.
/// - 15: the agent takes X (arrived −40): wait 55. X ends at 75.
/// - Y's remaining patience is 70 − 5 = 65, so Y hangs up at 65: wait 5 + 65 = 70 (counted
///   from the open, Y would have held on until 70 and waited 75).
/// - C (arrived 10, patience until 80) is answered at 75: wait 65; ends 135.
#[test]
fn start_state_by_hand() {
    let mut s = base();
    s.classes[0].arrivals = arrivals_after_open(&[10.0]);
    s.classes[0].patience = Some(Distribution::deterministic(70.0).unwrap());
    s.start = StartState {
        waiting: vec![
            WaitingAtStart {
                class: 0,
                callers: 1,
                waited: 5.0,
            },
            WaitingAtStart {
                class: 0,
                callers: 1,
                waited: 40.0,
            },
        ],
        busy: vec![BusyAtStart {
            pool: 0,
            agents: 1,
            remaining: Distribution::deterministic(15.0).unwrap(),
        }],
    };
    let r = run(&s);
    // Call 0 is the conversation in progress (not counted); then X, Y, C in arrival order.
    assert_eq!(
        calls(&r),
        [
            (0, "answered", 0.0),
            (1, "answered", 55.0),
            (2, "abandoned", 70.0),
            (3, "answered", 65.0)
        ]
    );
    let log = &r.call_logs.as_ref().unwrap()[0];
    assert!(!log.iter().find(|c| c.call == 0).unwrap().counted);
    assert_close(
        log.iter().find(|c| c.call == 1).unwrap().arrival,
        OPEN - 40.0,
    );
    // X and Y are offered in the first (only) interval, with C.
    assert_close(overall(&r, "offered"), 3.0);
    assert_close(in_interval(&r, 0, "offered"), 3.0);
    assert_close(overall(&r, "answered"), 2.0);
    assert_close(overall(&r, "abandoned"), 1.0);
    assert_close(overall(&r, "answered_within"), 0.0);
    assert_close(overall(&r, "asa_s"), 60.0); // (55 + 65) / 2
    assert_close(overall(&r, "mean_wait_s"), 190.0 / 3.0); // (55 + 70 + 65) / 3
    // Busy 0–15 (the call in progress), 15–75 (X), 75–135 (C).
    assert_close(overall(&r, "occupancy"), 135.0 / 3600.0);
    // Waiting: X 0–15, Y 0–65, C 10–75; all three at once during 10–15.
    assert_close(overall(&r, "queue_mean"), 145.0 / 3600.0);
    assert_close(overall(&r, "queue_max"), 3.0);
}

/// The system's maximum wait counts from the caller's real arrival: with `max_wait` 30 s, a
/// caller who has waited 25 s is disconnected 5 s after the opening (wait 30), while the one
/// agent is busy for 60 s more.
#[test]
fn maximum_wait_counts_the_wait_before_the_start() {
    let mut s = base();
    s.limits.max_wait = Some(30.0);
    s.start = StartState {
        waiting: vec![WaitingAtStart {
            class: 0,
            callers: 2,
            waited: 25.0,
        }],
        busy: vec![BusyAtStart {
            pool: 0,
            agents: 1,
            remaining: Distribution::deterministic(60.0).unwrap(),
        }],
    };
    let r = run(&s);
    assert_eq!(
        calls(&r),
        [
            (0, "answered", 0.0),
            (1, "missed_timeout", 30.0),
            (2, "missed_timeout", 30.0)
        ]
    );
}

/// An overflow delay that passed before the opening: a VIP who has waited 40 s is answered at
/// once by the general pool, which takes VIPs after 30 s, while the VIP desk is busy.
#[test]
fn overflow_delay_already_passed() {
    let mut s = standard_and_vip();
    s.pools[0].skills = vec![Skill {
        class: 1,
        after: 0.0,
        handle_factor: 1.0,
    }];
    s.pools.push(AgentPool {
        name: "general".into(),
        agents: vec![1],
        shrinkage: vec![0.0],
        fractional: None,
        skills: vec![
            Skill {
                class: 0,
                after: 0.0,
                handle_factor: 1.0,
            },
            Skill {
                class: 1,
                after: 30.0,
                handle_factor: 1.0,
            },
        ],
        reserve: None,
    });
    s.start = StartState {
        waiting: vec![WaitingAtStart {
            class: 1,
            callers: 1,
            waited: 40.0,
        }],
        busy: vec![BusyAtStart {
            pool: 0,
            agents: 1,
            remaining: Distribution::deterministic(100.0).unwrap(),
        }],
    };
    let r = run(&s);
    assert_eq!(calls_by_class(&r)[1], (1, 1, "answered", 40.0));
    assert_close(overall(&r, "overflowed"), 1.0);
}

/// Offered calls per day under `volume_cv` are a gamma-mixed Poisson count: with λ = 200 calls
/// and cv = 0.2, mean λ = 200 and variance λ + λ²·cv² = 200 + 1600 = 1800 (Poisson alone: 200).
/// Over n = 2000 days the SE of the mean is √(1800/n) ≈ 0.95; the SE of the sample variance is
/// σ²·√((2 + γ₂)/n) with the negative binomial's excess kurtosis γ₂ = 6/r + p²/(r(1 − p)),
/// r = 1/cv² = 25, p = λ/σ² = 1/9: γ₂ ≈ 0.2406, SE ≈ 1800·√(2.2406/2000) ≈ 60.
#[test]
fn volume_uncertainty_gives_the_gamma_mixed_poisson_variance() {
    let mut s = base();
    s.replications = 2000;
    s.seed = 7;
    s.classes[0].arrivals = Arrivals::Poisson {
        calls_per_hour: vec![200.0],
    };
    s.pools[0].agents = vec![40];
    s.uncertainty = Uncertainty { volume_cv: 0.2 };
    let result = ccsim::experiment::run_replications(&s, &Default::default());
    let offered = result.summary.overall.get("offered").unwrap();
    let n = f64::from(offered.n);
    let variance = offered.std.unwrap().powi(2);
    let (lambda, cv): (f64, f64) = (200.0, 0.2);
    let expected_variance = lambda + lambda * lambda * cv * cv;
    assert!(
        (offered.mean - lambda).abs() <= 4.0 * (expected_variance / n).sqrt(),
        "mean {}",
        offered.mean
    );
    let r = 1.0 / (cv * cv);
    let p = lambda / expected_variance;
    let excess_kurtosis = 6.0 / r + p * p / (r * (1.0 - p));
    let se = expected_variance * ((2.0 + excess_kurtosis) / n).sqrt();
    assert!(
        (variance - expected_variance).abs() <= 4.0 * se,
        "variance {variance}, expected {expected_variance} ± {se}"
    );
    // The report's day-to-day spread is there, and ordered.
    let spread = result.summary.daily_service_level.as_ref().unwrap();
    assert_eq!(spread.days, 2000);
    assert!(spread.p10 <= spread.p50 && spread.p50 <= spread.p90);
}

/// Per-interval handle times follow the forecast's AHT: exponential handle times with means
/// 100 s and 300 s in two half-hour intervals. The mean AHT of answered calls in each interval
/// is within 4 SE of the forecast (SE from the replications' spread).
#[test]
fn handle_time_follows_the_forecast_per_interval() {
    let mut s = base();
    s.replications = 200;
    s.hours.interval = 1800.0;
    s.classes[0].arrivals = Arrivals::Poisson {
        calls_per_hour: vec![120.0, 120.0],
    };
    s.classes[0].handle_time = Distribution::exponential(200.0).unwrap();
    s.classes[0].handle_time_by_interval = Some(vec![100.0, 300.0]);
    s.pools[0].agents = vec![30, 30];
    let result = ccsim::experiment::run_replications(&s, &Default::default());
    for (index, forecast) in [100.0, 300.0].into_iter().enumerate() {
        let aht = result.summary.intervals[index]
            .metrics
            .get("aht_s")
            .unwrap();
        let se = aht.std.unwrap() / f64::from(aht.n).sqrt();
        assert!(
            (aht.mean - forecast).abs() <= 4.0 * se,
            "interval {index}: {} vs {forecast} ± {se}",
            aht.mean
        );
    }
    // Without uncertainty the report has no day-to-day spread.
    assert_eq!(result.summary.daily_service_level, None);
}
