//! The Kaplan–Meier (product-limit) estimate of a survival function from censored durations.
//!
//! A caller who is answered hides their patience: all we learn is that they would have waited at
//! least as long as they did. Averaging only the abandoners' waits therefore underestimates
//! patience (the patient callers are the ones who got answered). The product-limit estimator uses
//! both kinds of observation: an *event* (the caller hung up after `t` seconds) and a *censored*
//! observation (the caller was still willing to wait at `t`, a lower bound). It is the
//! nonparametric maximum-likelihood estimate of the survival function under independent censoring.
//!
//! Conventions (those of Klein & Moeschberger, *Survival Analysis*, §4.2, and of R's `survfit`):
//! at a time with both events and censorings, the events come first (a caller censored at `t` was
//! at risk of the events at `t`); the estimate is a right-continuous step function that drops only
//! at event times; Greenwood's formula gives its standard error.

use std::fmt;

/// One drop of the estimated survival function: at `time`, `events` of the `at_risk`
/// observations still running ended with an event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurvivalStep {
    /// The event time.
    pub time: f64,
    /// Observations still running just before `time` (observed for at least `time`).
    pub at_risk: usize,
    /// Events at exactly `time`.
    pub events: usize,
    /// Estimated survival just after the step, Ŝ(time) = P(T > time).
    pub survival: f64,
    /// Greenwood standard error of `survival`.
    pub std_error: f64,
}

/// Why a sample of observations cannot give a product-limit estimate.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SurvivalError {
    /// There were no observations at all.
    #[error("there are no observations")]
    Empty,
    /// An observation is negative, infinite or not a number.
    #[error("observation {index} is {value}; durations must be finite and zero or more")]
    BadValue {
        /// Its position (0-based) in the sample.
        index: usize,
        /// The value found.
        value: f64,
    },
}

/// The product-limit estimate of a survival function, with what is needed to draw from it,
/// summarise it and extend it beyond the last observation.
///
/// ```
/// # use ccsim::stats::kaplan_meier;
/// // Patience observations: (seconds, true = hung up, false = still waiting when answered).
/// let km = kaplan_meier(&[(10.0, true), (20.0, false), (30.0, true), (40.0, false)]).unwrap();
/// assert_eq!(km.survival(15.0), 0.75); // one of four hung up by 15 s
/// assert_eq!(km.survival(35.0), 0.375); // then one of the two still waiting at 30 s
/// assert_eq!(km.median(), Some(30.0));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct KaplanMeier {
    steps: Vec<SurvivalStep>,
    observations: usize,
    events: usize,
    /// The largest observation (event or censored).
    last_time: f64,
    /// Σ of every observation: the total time at risk.
    time_at_risk: f64,
}

/// Estimates the survival function from `observations`, each a duration (seconds, or any unit
/// used consistently) and whether it ended with the event (`true`) or was censored (`false`: the
/// duration is a lower bound).
///
/// Returns an error for an empty sample or a value that is negative, infinite or NaN. A sample
/// without any event is valid: the survival is 1 up to the last observation.
pub fn kaplan_meier(observations: &[(f64, bool)]) -> Result<KaplanMeier, SurvivalError> {
    if observations.is_empty() {
        return Err(SurvivalError::Empty);
    }
    if let Some((index, &(value, _))) = observations
        .iter()
        .enumerate()
        .find(|(_, (t, _))| !(t.is_finite() && *t >= 0.0))
    {
        return Err(SurvivalError::BadValue { index, value });
    }
    let mut sorted: Vec<(f64, bool)> = observations.to_vec();
    // Ascending time; at equal times events (true) before censorings.
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));

    let mut steps = Vec::new();
    let mut survival = 1.0;
    let mut greenwood_sum = 0.0;
    let mut at_risk = sorted.len();
    let mut i = 0;
    while i < sorted.len() {
        let time = sorted[i].0;
        let same_time = sorted[i..].iter().take_while(|o| o.0 == time).count();
        let events = sorted[i..i + same_time].iter().filter(|o| o.1).count();
        if events > 0 {
            survival *= (at_risk - events) as f64 / at_risk as f64;
            let std_error = if events < at_risk {
                greenwood_sum += events as f64 / (at_risk as f64 * (at_risk - events) as f64);
                survival * greenwood_sum.sqrt()
            } else {
                // Everyone still at risk had the event: the estimate is exactly 0 from here.
                0.0
            };
            steps.push(SurvivalStep {
                time,
                at_risk,
                events,
                survival,
                std_error,
            });
        }
        at_risk -= same_time;
        i += same_time;
    }
    Ok(KaplanMeier {
        observations: sorted.len(),
        events: steps.iter().map(|s| s.events).sum(),
        last_time: sorted[sorted.len() - 1].0,
        time_at_risk: sorted.iter().map(|o| o.0).sum(),
        steps,
    })
}

impl KaplanMeier {
    /// The drops of the survival function, in increasing time.
    pub fn steps(&self) -> &[SurvivalStep] {
        &self.steps
    }

    /// Number of observations.
    pub fn observations(&self) -> usize {
        self.observations
    }

    /// Number of events (uncensored observations).
    pub fn events(&self) -> usize {
        self.events
    }

    /// The largest observation, event or censored: the estimate says nothing beyond it.
    pub fn last_time(&self) -> f64 {
        self.last_time
    }

    /// Ŝ(t) = estimated P(T > t), for `t` up to [`KaplanMeier::last_time`] (beyond it the value
    /// stays at [`KaplanMeier::residual_survival`], which is all the data says).
    pub fn survival(&self, t: f64) -> f64 {
        let passed = self.steps.partition_point(|s| s.time <= t);
        passed
            .checked_sub(1)
            .map_or(1.0, |k| self.steps[k].survival)
    }

    /// Greenwood standard error of [`KaplanMeier::survival`] at `t`.
    pub fn std_error(&self, t: f64) -> f64 {
        let passed = self.steps.partition_point(|s| s.time <= t);
        passed
            .checked_sub(1)
            .map_or(0.0, |k| self.steps[k].std_error)
    }

    /// Survival left after the last step: 0 when the largest observation is an event, positive
    /// when it is censored (the estimate cannot say how that mass is spread beyond the data).
    pub fn residual_survival(&self) -> f64 {
        self.steps.last().map_or(1.0, |s| s.survival)
    }

    /// The `p`-quantile (0 < p < 1): the first event time at which Ŝ ≤ 1 − p, or `None` when the
    /// survival never falls that low within the data.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        let level = 1.0 - p;
        self.steps
            .iter()
            .find(|s| s.survival <= level + 1e-12)
            .map(|s| s.time)
    }

    /// The median: the first event time at which Ŝ ≤ 0.5, or `None` if it never gets there.
    pub fn median(&self) -> Option<f64> {
        self.quantile(0.5)
    }

    /// Confidence interval for the median from the pointwise interval Ŝ ± z·SE (Brookmeyer and
    /// Crowley's construction with the plain "linear" band, as R's `survfit` does with
    /// `conf.type = "plain"`): the lower limit is the first event time at which the lower band
    /// Ŝ − z·SE falls to 0.5 or below, the upper limit the first at which the upper band Ŝ + z·SE
    /// does (`None` if it never does within the data). `z` is the normal quantile, 1.96 for 95 %.
    pub fn median_interval(&self, z: f64) -> (Option<f64>, Option<f64>) {
        let first_below = |sign: f64| {
            self.steps
                .iter()
                .find(|s| s.survival + sign * z * s.std_error <= 0.5 + 1e-12)
                .map(|s| s.time)
        };
        (first_below(-1.0), first_below(1.0))
    }

    /// The restricted mean ∫₀^τ Ŝ(t) dt: the mean of min(T, τ). With τ at or beyond the last
    /// observation and a last observation that is an event, this is the estimated mean.
    pub fn restricted_mean(&self, tau: f64) -> f64 {
        let mut area = 0.0;
        let mut from = 0.0;
        let mut level = 1.0;
        for step in self.steps.iter().take_while(|s| s.time < tau) {
            area += level * (step.time - from);
            from = step.time;
            level = step.survival;
        }
        area + level * (tau - from).max(0.0)
    }

    /// Standard error of [`KaplanMeier::restricted_mean`] (Klein & Moeschberger eq. 4.5.2):
    /// Var = Σ over event times tⱼ < τ of Aⱼ² dⱼ / (nⱼ (nⱼ − dⱼ)), with Aⱼ = ∫ from tⱼ to τ of Ŝ.
    pub fn restricted_mean_std_error(&self, tau: f64) -> f64 {
        let total = self.restricted_mean(tau);
        self.steps
            .iter()
            .take_while(|s| s.time < tau && s.events < s.at_risk)
            .map(|s| {
                let after = total - self.restricted_mean(s.time);
                after * after * s.events as f64 / (s.at_risk as f64 * (s.at_risk - s.events) as f64)
            })
            .sum::<f64>()
            .sqrt()
    }

    /// Mean of the censored exponential fitted to all observations, (total time at risk) /
    /// (number of events): the maximum-likelihood estimate when durations are exponential. Used
    /// as the mean of the tail beyond the last observation; `None` without any event.
    pub fn exponential_mean(&self) -> Option<f64> {
        (self.events > 0).then(|| self.time_at_risk / self.events as f64)
    }

    /// The mean of the distribution that follows Ŝ up to the last observation and then, for the
    /// [`KaplanMeier::residual_survival`] left, an exponential tail of mean `tail_mean` starting
    /// there: ∫₀^last Ŝ + residual × tail mean.
    pub fn mean_with_tail(&self, tail_mean: f64) -> f64 {
        self.restricted_mean(self.last_time) + self.residual_survival() * tail_mean
    }
}

impl fmt::Display for KaplanMeier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Kaplan–Meier estimate from {} observations ({} events)",
            self.observations, self.events
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Remission times (weeks) of the 6-MP group of Freireich et al. (1963), the textbook example
    /// of Klein & Moeschberger §4.2 (Table 4.1A); `false` marks a censored time.
    fn six_mp() -> Vec<(f64, bool)> {
        [
            (6, true),
            (6, true),
            (6, true),
            (6, false),
            (7, true),
            (9, false),
            (10, true),
            (10, false),
            (11, false),
            (13, true),
            (16, true),
            (17, false),
            (19, false),
            (20, false),
            (22, true),
            (23, true),
            (25, false),
            (32, false),
            (32, false),
            (34, false),
            (35, false),
        ]
        .into_iter()
        .map(|(t, e)| (f64::from(t), e))
        .collect()
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// The survival steps and Greenwood errors of the textbook table, computed by hand:
    /// Ŝ(6) = 18/21, Ŝ(7) = Ŝ(6)·16/17, Ŝ(10) = ·14/15, Ŝ(13) = ·11/12, Ŝ(16) = ·10/11,
    /// Ŝ(22) = ·6/7, Ŝ(23) = ·5/6; the book prints the errors to four decimals.
    #[test]
    fn reproduces_the_textbook_table() {
        let km = kaplan_meier(&six_mp()).unwrap();
        let factors = [
            (6.0, 21, 3, 18.0 / 21.0),
            (7.0, 17, 1, 16.0 / 17.0),
            (10.0, 15, 1, 14.0 / 15.0),
            (13.0, 12, 1, 11.0 / 12.0),
            (16.0, 11, 1, 10.0 / 11.0),
            (22.0, 7, 1, 6.0 / 7.0),
            (23.0, 6, 1, 5.0 / 6.0),
        ];
        let book_se = [0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346];
        assert_eq!(km.steps().len(), factors.len());
        let mut s = 1.0;
        for ((step, (time, n, d, factor)), se) in km.steps().iter().zip(factors).zip(book_se) {
            s *= factor;
            assert_eq!((step.time, step.at_risk, step.events), (time, n, d));
            assert!(close(step.survival, s, 1e-12), "S({time})");
            assert!(
                close(step.std_error, se, 5e-5),
                "SE({time}) = {}",
                step.std_error
            );
        }
        assert_eq!(km.observations(), 21);
        assert_eq!(km.events(), 9);
        assert_eq!(km.survival(5.9), 1.0);
        assert_eq!(km.survival(6.0), 18.0 / 21.0);
        assert!(close(km.survival(22.5), km.steps()[5].survival, 0.0));
        assert!(close(km.residual_survival(), 0.448, 5e-4));
    }

    /// Median 23 weeks; the restricted mean to 35 weeks is 23.287 with standard error 2.827
    /// (Klein & Moeschberger, Example 4.2 continued).
    #[test]
    fn median_and_restricted_mean_match_the_book() {
        let km = kaplan_meier(&six_mp()).unwrap();
        assert_eq!(km.median(), Some(23.0));
        assert!(close(km.restricted_mean(35.0), 23.287, 5e-4));
        assert!(close(km.restricted_mean_std_error(35.0), 2.827, 5e-4));
        // Area by hand: 6·1 + 1·S(6) + 3·S(7) + 3·S(10) + 3·S(13) + 6·S(16) + 1·S(22) + 12·S(23).
        let s: Vec<f64> = km.steps().iter().map(|s| s.survival).collect();
        let by_hand = 6.0 + s[0] + 3.0 * s[1] + 3.0 * s[2] + 3.0 * s[3] + 6.0 * s[4] + s[5];
        assert!(close(km.restricted_mean(35.0), by_hand + 12.0 * s[6], 1e-9));
        // Lower band S − 1.96 SE: 0.753 − 0.189 = 0.564 at 10 weeks, 0.690 − 0.209 = 0.481 at 13;
        // the upper band ends at 0.448 + 0.264 = 0.712 and never reaches 0.5.
        assert_eq!(km.median_interval(1.96), (Some(13.0), None));
    }

    #[test]
    fn uncensored_sample_is_the_empirical_distribution() {
        let km = kaplan_meier(&[(3.0, true), (1.0, true), (2.0, true), (2.0, true)]).unwrap();
        assert_eq!(km.survival(1.0), 0.75);
        assert_eq!(km.survival(2.0), 0.25);
        assert_eq!(km.survival(3.0), 0.0);
        assert_eq!(km.residual_survival(), 0.0);
        assert_eq!(km.restricted_mean(km.last_time()), 2.0);
        assert_eq!(km.mean_with_tail(100.0), 2.0);
        assert_eq!(km.steps().last().unwrap().std_error, 0.0);
    }

    #[test]
    fn censoring_at_an_event_time_counts_as_at_risk() {
        let km = kaplan_meier(&[(5.0, false), (5.0, true), (8.0, true)]).unwrap();
        assert_eq!(km.steps()[0].at_risk, 3);
        assert_eq!(km.survival(5.0), 2.0 / 3.0);
        assert_eq!(km.survival(8.0), 0.0);
    }

    #[test]
    fn tail_beyond_a_censored_last_observation() {
        let km = kaplan_meier(&[(10.0, true), (20.0, false)]).unwrap();
        assert_eq!(km.residual_survival(), 0.5);
        assert_eq!(km.exponential_mean(), Some(30.0));
        // ∫₀²⁰ Ŝ = 10 + 0.5·10 = 15, then half the mass with mean 30 beyond 20 s.
        assert_eq!(km.mean_with_tail(30.0), 30.0);
    }

    #[test]
    fn no_events_leaves_survival_at_one() {
        let km = kaplan_meier(&[(4.0, false)]).unwrap();
        assert_eq!(km.residual_survival(), 1.0);
        assert_eq!(km.exponential_mean(), None);
        assert_eq!(km.median(), None);
    }

    #[test]
    fn refuses_empty_or_bad_samples() {
        assert_eq!(kaplan_meier(&[]), Err(SurvivalError::Empty));
        assert_eq!(
            kaplan_meier(&[(1.0, true), (-2.0, true)]),
            Err(SurvivalError::BadValue {
                index: 1,
                value: -2.0
            })
        );
        assert!(kaplan_meier(&[(f64::NAN, false)]).is_err());
    }
}
