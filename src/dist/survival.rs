//! A duration distribution estimated from censored observations: the Kaplan–Meier survival
//! function, prepared for inverse-transform sampling, with an exponential tail where the data
//! end before the survival reaches zero.

use super::DistError;
use crate::stats::kaplan_meier;

/// The product-limit estimate of a duration's survival function, from observations some of which
/// are censored, ready to draw from.
///
/// Up to the largest observation, draws follow the estimated survival Ŝ exactly (a step function:
/// every draw is an observed event time). When the largest observation is censored, Ŝ stays above
/// zero there and the data cannot say how the remaining mass is spread: it gets an exponential
/// tail starting at the largest observation, with mean `tail_mean` if the scenario gives one and
/// otherwise the censored exponential estimate (total observed time) / (number of events) over
/// every observation. [`SurvivalCurve::mean`] includes the tail.
#[derive(Clone, Debug, PartialEq)]
pub struct SurvivalCurve {
    times: Vec<f64>,
    censored: Vec<bool>,
    given_tail_mean: Option<f64>,
    /// (event time, Ŝ just after it), increasing time and decreasing survival.
    steps: Vec<(f64, f64)>,
    /// Ŝ after the last step (0 when the largest observation is an event).
    residual: f64,
    /// The largest observation, where the tail starts.
    last: f64,
    /// Mean of the tail beyond `last` (unused when `residual` is 0).
    tail_mean: f64,
    mean: f64,
}

impl SurvivalCurve {
    /// The estimate from `times` (seconds), each censored where `censored` says so; see
    /// [`super::Distribution::kaplan_meier`].
    pub fn new(
        times: Vec<f64>,
        censored: Vec<bool>,
        given_tail_mean: Option<f64>,
    ) -> Result<Self, DistError> {
        if times.len() != censored.len() {
            return Err(DistError(format!(
                "censored must have one flag per value ({} values, {} flags)",
                times.len(),
                censored.len()
            )));
        }
        if let Some(mean) = given_tail_mean
            && !(mean.is_finite() && mean > 0.0)
        {
            return Err(DistError(
                "tail_mean must be a positive, finite duration".to_string(),
            ));
        }
        let observations: Vec<(f64, bool)> =
            times.iter().zip(&censored).map(|(t, c)| (*t, !c)).collect();
        let estimate = kaplan_meier(&observations).map_err(|e| DistError(e.to_string()))?;
        let residual = estimate.residual_survival();
        let tail_mean = match (residual > 0.0, given_tail_mean) {
            (false, _) => 0.0,
            (true, Some(mean)) => mean,
            (true, None) => estimate.exponential_mean().ok_or_else(|| {
                DistError(
                    "every observation is censored: give at least one uncensored value (an \
                     abandonment) or tail_mean"
                        .to_string(),
                )
            })?,
        };
        Ok(SurvivalCurve {
            steps: estimate
                .steps()
                .iter()
                .map(|step| (step.time, step.survival))
                .collect(),
            residual,
            last: estimate.last_time(),
            mean: estimate.mean_with_tail(tail_mean),
            tail_mean,
            times,
            censored,
            given_tail_mean,
        })
    }

    /// The observations, seconds, as given.
    pub fn times(&self) -> &[f64] {
        &self.times
    }

    /// Which observations are censored, as given.
    pub fn censored(&self) -> &[bool] {
        &self.censored
    }

    /// The tail mean the scenario gave, if it gave one.
    pub fn given_tail_mean(&self) -> Option<f64> {
        self.given_tail_mean
    }

    /// The mean of the tail beyond the largest observation (0 when there is no tail).
    pub fn tail_mean(&self) -> f64 {
        self.tail_mean
    }

    /// The mean of the distribution, tail included.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Ŝ(t) = P(T > t) of the distribution drawn from, tail included.
    pub fn survival(&self, t: f64) -> f64 {
        if t >= self.last && self.residual > 0.0 {
            return self.residual * (-(t - self.last) / self.tail_mean).exp();
        }
        let passed = self.steps.partition_point(|(time, _)| *time <= t);
        passed.checked_sub(1).map_or(1.0, |k| self.steps[k].1)
    }

    /// The draw for a uniform `u` in (0, 1]: the smallest t with Ŝ(t) ≤ u, so that
    /// P(draw > t) = Ŝ(t). Below the residual survival the draw is in the exponential tail.
    pub(super) fn inverse(&self, u: f64) -> f64 {
        let step = self.steps.partition_point(|(_, survival)| *survival > u);
        match self.steps.get(step) {
            Some((time, _)) => *time,
            None => self.last - self.tail_mean * (u / self.residual).ln(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Distribution;
    use crate::kernel::rng::stream;
    use crate::stats::kaplan_meier;

    /// Draws reproduce the estimated survival at every step within 4 binomial standard errors.
    #[test]
    fn draws_follow_the_estimated_survival() {
        let times = vec![5.0, 8.0, 8.0, 12.0, 20.0, 25.0, 31.0, 40.0, 44.0, 60.0];
        let censored = vec![
            false, true, false, false, true, false, true, false, false, true,
        ];
        let Distribution::KaplanMeier(curve) =
            Distribution::kaplan_meier(times, censored, None).unwrap()
        else {
            unreachable!()
        };
        let sampler = Distribution::KaplanMeier(curve.clone()).sampler();
        let mut rng = stream(11, 0, 0);
        let n = 200_000;
        let draws: Vec<f64> = (0..n).map(|_| sampler.sample(&mut rng)).collect();
        for t in [
            0.0, 5.0, 7.0, 8.0, 12.0, 30.0, 40.0, 44.0, 59.0, 60.0, 90.0, 150.0,
        ] {
            let expected = curve.survival(t);
            let observed = draws.iter().filter(|d| **d > t).count() as f64 / n as f64;
            let se = (expected * (1.0 - expected) / n as f64).sqrt();
            assert!(
                (observed - expected).abs() <= 4.0 * se.max(1e-9),
                "S({t}): drawn {observed}, estimated {expected}"
            );
        }
        // The tail starts at the censored 60 s with the censored exponential mean:
        // total time 253 s over 6 events.
        assert_eq!(curve.tail_mean(), 253.0 / 6.0);
        let mean = draws.iter().sum::<f64>() / n as f64;
        let sd = (draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
        assert!((mean - curve.mean()).abs() <= 4.0 * sd / (n as f64).sqrt());
    }

    /// Exponential patience (mean 180 s) censored by an independent exponential answer time
    /// (mean 120 s): the Kaplan–Meier mean, tail included, recovers 180 s within 4 standard
    /// errors, where the mean of the uncensored observations alone is far below it.
    #[test]
    fn recovers_the_mean_of_censored_exponential_data() {
        use rand::RngExt;
        let mut rng = stream(5, 0, 0);
        let n = 20_000;
        let (mut times, mut censored) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let patience = -180.0 * (1.0 - rng.random::<f64>()).ln();
            let answer = -120.0 * (1.0 - rng.random::<f64>()).ln();
            times.push(patience.min(answer));
            censored.push(answer < patience);
        }
        let d = Distribution::kaplan_meier(times.clone(), censored.clone(), None).unwrap();
        let observations: Vec<(f64, bool)> =
            times.iter().zip(&censored).map(|(t, c)| (*t, !c)).collect();
        let km = kaplan_meier(&observations).unwrap();
        let se = km.restricted_mean_std_error(km.last_time());
        assert!(
            (d.mean() - 180.0).abs() <= 4.0 * se,
            "mean {} ± {se}",
            d.mean()
        );
        let events: Vec<f64> = observations.iter().filter(|o| o.1).map(|o| o.0).collect();
        let naive = events.iter().sum::<f64>() / events.len() as f64;
        assert!(naive < 100.0, "abandoners alone say {naive}");
    }

    #[test]
    fn refuses_inconsistent_or_uninformative_observations() {
        assert!(Distribution::kaplan_meier(vec![1.0, 2.0], vec![false], None).is_err());
        assert!(Distribution::kaplan_meier(vec![1.0, 2.0], vec![true, true], None).is_err());
        assert!(Distribution::kaplan_meier(vec![1.0, 2.0], vec![true, true], Some(60.0)).is_ok());
        assert!(Distribution::kaplan_meier(vec![], vec![], None).is_err());
        assert!(Distribution::kaplan_meier(vec![1.0], vec![false], Some(0.0)).is_err());
        assert!(Distribution::kaplan_meier(vec![-1.0], vec![false], None).is_err());
    }

    #[test]
    fn uncensored_data_is_the_empirical_distribution() {
        let d = Distribution::kaplan_meier(vec![10.0, 30.0], vec![false, false], None).unwrap();
        assert_eq!(d.mean(), 20.0);
        let scaled = d.scaled(2.0).unwrap();
        assert_eq!(scaled.mean(), 40.0);
    }
}
