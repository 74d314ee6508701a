//! The day's volume factor under forecast uncertainty.
//!
//! A forecast is right on average, but a real day's volume strays from it by more than Poisson
//! noise: weather, a marketing mail, a competitor's outage move the whole day. Each replication
//! therefore multiplies every class's arrival rates by one factor drawn from a gamma distribution
//! with mean 1 and the scenario's `volume_cv`. Offered calls are then a gamma-mixed Poisson
//! (negative binomial) count, whose variance λ + λ²·cv² is what a WFM analyst sees across days.

use super::Purpose;
use crate::kernel::rng::day_stream;
use crate::model::Uncertainty;
use rand_distr::{Distribution as _, Gamma};

/// The factor for replication `replication` of day `day` (0 outside a multi-day study): exactly
/// 1, with no draw, when the scenario has no volume uncertainty, so such scenarios give the
/// results they always gave.
pub(super) fn day_factor(uncertainty: &Uncertainty, seed: u64, day: u64, replication: u64) -> f64 {
    let cv = uncertainty.volume_cv;
    if cv <= 0.0 {
        return 1.0;
    }
    // Gamma with shape k and scale θ has mean kθ and CV 1/√k: k = 1/cv², θ = cv².
    let variance = cv * cv;
    // Validation keeps a positive CV within 0.001..=10, so the shape 1/cv² is within
    // 0.01..=10⁶ and the scale positive and finite: `Gamma::new` accepts both.
    let gamma = Gamma::new(1.0 / variance, variance).expect("a validated positive, finite CV");
    gamma.sample(&mut day_stream(
        seed,
        day,
        replication,
        Purpose::Volume as u64,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_uncertainty_is_exactly_one() {
        assert_eq!(day_factor(&Uncertainty::default(), 7, 0, 3), 1.0);
    }

    /// Mean 1 and the requested CV, within 4 standard errors over 20 000 days. The SE of the
    /// sample mean is cv/√n; that of the sample variance about σ²·√((κ − 1)/n), with the gamma's
    /// kurtosis κ = 3 + 6cv².
    #[test]
    fn factors_have_mean_one_and_the_cv() {
        let cv: f64 = 0.2;
        let days = 20_000;
        let factors: Vec<f64> = (0..days)
            .map(|day| day_factor(&Uncertainty { volume_cv: cv }, 11, 0, day))
            .collect();
        let n = days as f64;
        let mean = factors.iter().sum::<f64>() / n;
        let variance = factors.iter().map(|f| (f - mean).powi(2)).sum::<f64>() / (n - 1.0);
        assert!((mean - 1.0).abs() <= 4.0 * cv / n.sqrt(), "mean {mean}");
        let target = cv * cv;
        let se = target * ((2.0 + 6.0 * target) / n).sqrt();
        assert!((variance - target).abs() <= 4.0 * se, "variance {variance}");
    }
}
