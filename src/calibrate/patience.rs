//! Patience from waits: the Kaplan–Meier (product-limit) estimate over calls that queued, because
//! an answered caller's patience is hidden — it was at least their wait (a censored
//! observation) — while an abandoned caller's wait is their patience (an event). Averaging the
//! abandon times alone would keep only the impatient callers.
//!
//! Beyond the largest observation the survival left over gets an exponential tail whose rate is
//! the censored exponential MLE (events / total time at risk), the rule the scenario's
//! `kaplan_meier` distribution applies, so the mean and median reported here are those of the
//! distribution the fitted scenario draws from. The product-limit estimate itself is
//! [`crate::stats::kaplan_meier`].

use crate::stats::{KaplanMeier, kaplan_meier};

/// One queued call's observation: its wait, and whether it ended in abandonment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Observation {
    /// Seconds waited.
    pub wait: f64,
    /// `true` if the caller hung up (an event); `false` if the wait ended otherwise (censored).
    pub abandoned: bool,
}

/// A value with its standard error.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WithError {
    /// The estimate.
    pub value: f64,
    /// Its standard error.
    pub se: f64,
}

/// The product-limit estimate of one class's patience, extended by the exponential tail.
#[derive(Clone, Debug, PartialEq)]
pub struct PatienceFit {
    /// Observations (queued calls).
    pub observations: usize,
    /// Of which events (abandoned).
    pub events: usize,
    /// Survival left beyond the largest observation (0 if the largest wait ended in a hang-up).
    pub tail_mass: f64,
    /// Mean of the exponential tail, seconds (total time at risk / events).
    pub tail_mean: f64,
    /// Mean patience, tail included, with its standard error.
    pub mean: WithError,
    /// Median patience with its standard error.
    pub median: WithError,
    /// The naive estimate: the mean wait of callers who hung up (biased low; for comparison).
    pub naive_mean: Option<f64>,
    km: KaplanMeier,
}

impl PatienceFit {
    /// Estimates from the observations; `None` without any event (nobody hung up: the data say
    /// nothing about patience beyond "at least the waits seen").
    pub fn estimate(observations: &[Observation]) -> Option<PatienceFit> {
        let pairs: Vec<(f64, bool)> = observations.iter().map(|o| (o.wait, o.abandoned)).collect();
        let km = kaplan_meier(&pairs).ok()?;
        let tail_mean = km.exponential_mean()?;
        let abandon_waits = observations.iter().filter(|o| o.abandoned).map(|o| o.wait);
        let naive_mean = Some(abandon_waits.sum::<f64>() / km.events() as f64);
        let mut fit = PatienceFit {
            observations: km.observations(),
            events: km.events(),
            tail_mass: km.residual_survival(),
            tail_mean,
            mean: WithError {
                value: 0.0,
                se: 0.0,
            },
            median: WithError {
                value: 0.0,
                se: 0.0,
            },
            naive_mean,
            km,
        };
        let (se_mean, se_median) = bootstrap_errors(observations);
        fit.mean = WithError {
            value: fit.km.mean_with_tail(tail_mean),
            se: se_mean,
        };
        fit.median = WithError {
            value: fit.quantile(0.5),
            se: se_median,
        };
        Some(fit)
    }

    /// S(t): the share of callers still willing to wait after `t` seconds, tail included.
    pub fn survival(&self, t: f64) -> f64 {
        let last = self.km.last_time();
        if t > last {
            self.tail_mass * (-(t - last) / self.tail_mean).exp()
        } else {
            self.km.survival(t)
        }
    }

    /// The p-quantile of patience: the first event time where 1 − S reaches p, or a point of
    /// the tail.
    pub fn quantile(&self, p: f64) -> f64 {
        self.km.quantile(p).unwrap_or_else(|| {
            self.km.last_time() + self.tail_mean * (self.tail_mass / (1.0 - p)).ln()
        })
    }
}

/// Resamples of the bootstrap behind the standard errors.
pub const BOOTSTRAP_RESAMPLES: usize = 200;

/// Bootstrap standard errors of the mean and the median (tail included): the calls are
/// resampled with replacement [`BOOTSTRAP_RESAMPLES`] times (a fixed seed, so a fit is
/// reproducible) and the estimate recomputed on each resample. Greenwood's formula would
/// understate both: near the longest waits few callers are at risk and few hang up, so the
/// survival left for the tail is uncertain in a way Greenwood's sum, which grows only at
/// events, does not see.
fn bootstrap_errors(observations: &[Observation]) -> (f64, f64) {
    use rand::RngExt;
    use rand::SeedableRng;
    let mut sorted = observations.to_vec();
    sorted.sort_by(|a, b| {
        a.wait
            .total_cmp(&b.wait)
            .then(b.abandoned.cmp(&a.abandoned))
    });
    let n = sorted.len();
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(0x6b6d_2d62_6f6f_7473);
    let mut weights = vec![0u32; n];
    let (mut means, mut medians) = (crate::stats::Welford::new(), crate::stats::Welford::new());
    for _ in 0..BOOTSTRAP_RESAMPLES {
        weights.fill(0);
        for _ in 0..n {
            weights[rng.random_range(0..n)] += 1;
        }
        if let Some((mean, median)) = weighted_estimate(&sorted, &weights) {
            means.push(mean);
            medians.push(median);
        }
    }
    (
        means.std_dev().unwrap_or(0.0),
        medians.std_dev().unwrap_or(0.0),
    )
}

/// Mean and median (exponential tail included) of the product-limit estimate of `sorted`
/// observations (by wait, events first at ties), each counted `weights[i]` times.
fn weighted_estimate(sorted: &[Observation], weights: &[u32]) -> Option<(f64, f64)> {
    let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
    let events: u64 = sorted
        .iter()
        .zip(weights)
        .filter(|(o, _)| o.abandoned)
        .map(|(_, w)| u64::from(*w))
        .sum();
    if events == 0 {
        return None;
    }
    let time: f64 = sorted
        .iter()
        .zip(weights)
        .map(|(o, w)| o.wait * f64::from(*w))
        .sum();
    let tail_mean = time / events as f64;
    let (mut at_risk, mut survival, mut area, mut previous) = (total, 1.0, 0.0, 0.0);
    let mut median = None;
    let mut last = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let t = sorted[i].wait;
        let (mut d, mut leaving) = (0u64, 0u64);
        while i < sorted.len() && sorted[i].wait == t {
            let w = u64::from(weights[i]);
            d += if sorted[i].abandoned { w } else { 0 };
            leaving += w;
            i += 1;
        }
        if leaving == 0 {
            continue;
        }
        area += survival * (t - previous);
        previous = t;
        last = t;
        if d > 0 {
            survival *= 1.0 - d as f64 / at_risk as f64;
            if median.is_none() && survival <= 0.5 + 1e-12 {
                median = Some(t);
            }
        }
        at_risk -= leaving;
    }
    let median = median.unwrap_or_else(|| last + tail_mean * (survival / 0.5).ln());
    Some((area + survival * tail_mean, median))
}

/// The short-abandon rule: a class has a short-abandon time when callers hang up in the first
/// seconds of the wait far more often than later (wrong numbers, changed minds). The hang-up rate
/// is events per second at risk. If the first 5 s show more than three times the rate between
/// 30 s and 3 min, the short-abandon time is the first whole second s (up to 30) after which the
/// rate over the next 5 s is at most twice that later rate; otherwise there is none.
pub fn short_abandon_time(observations: &[Observation]) -> Option<f64> {
    let rate = |a: f64, b: f64| {
        let (mut events, mut exposure) = (0usize, 0.0);
        for o in observations {
            if o.wait > a {
                exposure += o.wait.min(b) - a;
            }
            if o.abandoned && o.wait > a && o.wait <= b {
                events += 1;
            }
        }
        (exposure > 0.0).then(|| events as f64 / exposure)
    };
    let later = rate(30.0, 180.0).filter(|r| *r > 0.0)?;
    let early = rate(0.0, 5.0)?;
    if early <= 3.0 * later {
        return None;
    }
    (1..=30)
        .map(f64::from)
        .find(|s| rate(*s, s + 5.0).is_some_and(|r| r <= 2.0 * later))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(wait: f64, abandoned: bool) -> Observation {
        Observation { wait, abandoned }
    }

    #[test]
    fn product_limit_matches_a_hand_computation() {
        // Waits 1(event) 2(censored) 3(event) 4(event): S(1) = 3/4, S(3) = 3/4·1/2, S(4) = 0.
        let fit = PatienceFit::estimate(&[
            obs(3.0, true),
            obs(1.0, true),
            obs(2.0, false),
            obs(4.0, true),
        ])
        .unwrap();
        assert_eq!(fit.survival(0.5), 1.0);
        assert_eq!(fit.survival(1.0), 0.75);
        assert_eq!(fit.survival(3.5), 0.375);
        assert_eq!(fit.tail_mass, 0.0);
        // Mean = 1·1 + 0.75·2 + 0.375·1 = 2.875; median = 3 (S falls to 0.375 there).
        assert!((fit.mean.value - 2.875).abs() < 1e-12, "{fit:?}");
        assert_eq!(fit.median.value, 3.0);
        assert_eq!(fit.naive_mean, Some(8.0 / 3.0));
    }

    #[test]
    fn a_censored_last_wait_gets_the_exponential_tail() {
        // One event at 10 among waits 10(e), 20(c), 30(c): S = 2/3 beyond 10; time at risk 60,
        // one event: tail mean 60 s from 30 s on.
        let fit =
            PatienceFit::estimate(&[obs(10.0, true), obs(20.0, false), obs(30.0, false)]).unwrap();
        assert!((fit.tail_mass - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(fit.tail_mean, 60.0);
        let expected = 10.0 + (2.0 / 3.0) * 20.0 + (2.0 / 3.0) * 60.0;
        assert!((fit.mean.value - expected).abs() < 1e-9, "{fit:?}");
        // Median in the tail: 30 + 60 ln((2/3)/0.5).
        assert!((fit.median.value - (30.0 + 60.0 * (4.0f64 / 3.0).ln())).abs() < 1e-9);
        assert!(PatienceFit::estimate(&[obs(5.0, false)]).is_none());
    }

    #[test]
    fn the_bootstrap_recomputes_the_same_estimate() {
        // With every observation counted once, the resample estimator gives the fit's own mean
        // and median (here with a censored last wait, so the tail counts).
        let observations: Vec<Observation> = (0..50)
            .map(|i| obs(f64::from(i * 7 % 61) + 1.0, i % 3 == 0))
            .collect();
        let fit = PatienceFit::estimate(&observations).unwrap();
        let mut sorted = observations.clone();
        sorted.sort_by(|a, b| {
            a.wait
                .total_cmp(&b.wait)
                .then(b.abandoned.cmp(&a.abandoned))
        });
        let (mean, median) = weighted_estimate(&sorted, &vec![1; sorted.len()]).unwrap();
        assert!(fit.tail_mass > 0.0);
        assert!((mean - fit.mean.value).abs() < 1e-9, "{mean} vs {fit:?}");
        assert!(
            (median - fit.median.value).abs() < 1e-9,
            "{median} vs {fit:?}"
        );
        assert!(fit.mean.se > 0.0 && fit.median.se > 0.0);
    }

    #[test]
    fn short_abandons_show_as_an_early_burst() {
        let mut with_burst: Vec<Observation> = (0..2000)
            .map(|i| obs(f64::from(i % 200) + 0.5, i % 10 == 0))
            .collect();
        with_burst.extend((0..300).map(|i| obs(f64::from(i % 3) + 0.5, true)));
        assert_eq!(short_abandon_time(&with_burst), Some(3.0));
        let flat: Vec<Observation> = (0..2000)
            .map(|i| obs(f64::from(i % 200) + 0.5, i % 10 == 0))
            .collect();
        assert_eq!(short_abandon_time(&flat), None);
    }
}
