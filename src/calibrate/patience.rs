//! Patience from waits: the Kaplan–Meier (product-limit) estimate over calls that queued, because
//! an answered caller's patience is hidden — it was at least their wait (a censored
//! observation) — while an abandoned caller's wait is their patience (an event). Averaging the
//! abandon times alone would keep only the impatient callers.
//!
//! Beyond the largest observation the survival left over gets an exponential tail whose rate is
//! the censored exponential MLE (events / total time at risk), the rule the scenario's
//! `kaplan_meier` distribution applies, so the mean and median reported here are those of the
//! distribution the fitted scenario draws from.

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

/// The product-limit estimate of one class's patience.
#[derive(Clone, Debug, PartialEq)]
pub struct PatienceFit {
    /// Observations (queued calls).
    pub observations: usize,
    /// Of which events (abandoned).
    pub events: usize,
    /// Survival left beyond the largest observation (0 if the largest wait ended in a hang-up).
    pub tail_mass: f64,
    /// Mean of the exponential tail, seconds (events / time at risk, inverted).
    pub tail_mean: f64,
    /// Mean patience, tail included, with its standard error.
    pub mean: WithError,
    /// Median patience with its standard error.
    pub median: WithError,
    /// The naive estimate: the mean wait of callers who hung up (biased low; for comparison).
    pub naive_mean: Option<f64>,
    /// (time, survival just after it) at each distinct event time.
    steps: Vec<(f64, f64)>,
    /// Greenwood's sum Σ d/(n(n−d)) up to each step.
    greenwood: Vec<f64>,
    last: f64,
}

impl PatienceFit {
    /// Estimates from the observations; `None` without any event (nobody hung up: the data say
    /// nothing about patience beyond "at least the waits seen").
    pub fn estimate(mut observations: Vec<Observation>) -> Option<PatienceFit> {
        // Events before censorings at the same time, as the product-limit convention has it.
        observations.sort_by(|a, b| {
            a.wait
                .total_cmp(&b.wait)
                .then(b.abandoned.cmp(&a.abandoned))
        });
        let n = observations.len();
        let events = observations.iter().filter(|o| o.abandoned).count();
        if events == 0 {
            return None;
        }
        let total_time: f64 = observations.iter().map(|o| o.wait).sum();
        let naive_mean = Some(
            observations
                .iter()
                .filter(|o| o.abandoned)
                .map(|o| o.wait)
                .sum::<f64>()
                / events as f64,
        );
        let mut steps = Vec::new();
        let mut greenwood = Vec::new();
        let (mut survival, mut sum, mut i) = (1.0, 0.0, 0);
        while i < n {
            let t = observations[i].wait;
            let at_risk = n - i;
            let mut d = 0;
            let mut j = i;
            while j < n && observations[j].wait == t {
                d += usize::from(observations[j].abandoned);
                j += 1;
            }
            if d > 0 {
                survival *= 1.0 - d as f64 / at_risk as f64;
                if at_risk > d {
                    sum += d as f64 / (at_risk * (at_risk - d)) as f64;
                }
                steps.push((t, survival));
                greenwood.push(sum);
            }
            i = j;
        }
        let last = observations[n - 1].wait;
        let tail_mass = survival;
        let tail_mean = if total_time > 0.0 {
            total_time / events as f64
        } else {
            0.0
        };
        let mut fit = PatienceFit {
            observations: n,
            events,
            tail_mass,
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
            steps,
            greenwood,
            last,
        };
        fit.mean = fit.mean_with_error();
        fit.median = fit.median_with_error();
        Some(fit)
    }

    /// S(t): the share of callers still willing to wait after `t` seconds.
    pub fn survival(&self, t: f64) -> f64 {
        if t > self.last {
            return self.tail_mass * (-(t - self.last) / self.tail_mean).exp();
        }
        let k = self.steps.partition_point(|(time, _)| *time <= t);
        if k == 0 { 1.0 } else { self.steps[k - 1].1 }
    }

    /// The p-quantile of patience: the first event time where 1 − S reaches p, or a point of
    /// the tail.
    pub fn quantile(&self, p: f64) -> f64 {
        let target = 1.0 - p;
        match self.steps.iter().find(|(_, s)| *s <= target + 1e-12) {
            Some((t, _)) => *t,
            None => self.last + self.tail_mean * (self.tail_mass / target).ln(),
        }
    }

    /// Mean = ∫₀^τ S + S(τ)·θ, with a Greenwood-type variance for the integral (each step's
    /// area to its right, tail included) plus the tail's own (θ²/events, scaled by S(τ)²).
    fn mean_with_error(&self) -> WithError {
        let mut area_right = self.tail_mass * self.tail_mean;
        let mut variance = 0.0;
        let mut previous_sum = 0.0;
        // Walk the steps from the right: area right of step j = area right of step j+1 + S_j·(t_{j+1} − t_j).
        let mut right_time = self.last;
        let mut increments = Vec::with_capacity(self.steps.len());
        for (j, &(t, s)) in self.steps.iter().enumerate().rev() {
            area_right += s * (right_time - t);
            right_time = t;
            let term = self.greenwood[j] - if j > 0 { self.greenwood[j - 1] } else { 0.0 };
            increments.push(area_right * area_right * term);
        }
        variance += increments.iter().sum::<f64>();
        let total = area_right + right_time; // S = 1 on [0, first event)
        previous_sum +=
            self.tail_mass * self.tail_mass * self.tail_mean * self.tail_mean / self.events as f64;
        WithError {
            value: total,
            se: (variance + previous_sum).sqrt(),
        }
    }

    /// Median with the delta-method error: SE(S(m)) (Greenwood) over the density near m, read off
    /// the estimate as 0.1 / (t₀.₅₅ − t₀.₄₅).
    fn median_with_error(&self) -> WithError {
        let median = self.quantile(0.5);
        let k = self
            .steps
            .partition_point(|(time, _)| *time <= median.min(self.last));
        let greenwood = if k == 0 { 0.0 } else { self.greenwood[k - 1] };
        let s = self.survival(median).max(0.0);
        let se_survival = s * greenwood.sqrt();
        let spread = self.quantile(0.55) - self.quantile(0.45);
        let se = if spread > 0.0 {
            se_survival * spread / 0.1
        } else {
            0.0
        };
        WithError { value: median, se }
    }
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
        let fit = PatienceFit::estimate(vec![
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
        let fit = PatienceFit::estimate(vec![obs(10.0, true), obs(20.0, false), obs(30.0, false)])
            .unwrap();
        assert!((fit.tail_mass - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(fit.tail_mean, 60.0);
        let expected = 10.0 + (2.0 / 3.0) * 20.0 + (2.0 / 3.0) * 60.0;
        assert!((fit.mean.value - expected).abs() < 1e-9, "{fit:?}");
        // Median in the tail: 30 + 60 ln((2/3)/0.5).
        assert!((fit.median.value - (30.0 + 60.0 * (4.0f64 / 3.0).ln())).abs() < 1e-9);
        assert!(PatienceFit::estimate(vec![obs(5.0, false)]).is_none());
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
