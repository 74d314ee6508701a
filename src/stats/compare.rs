//! Comparisons of two configurations: paired differences on common random numbers (with the
//! paired t-test), and Welch's test and interval for independent runs.

use super::student_t::{student_t_cdf, student_t_quantile};
use super::{Estimate, Welford};

/// The mean of `variant[i] − baseline[i]` with its Student-t confidence interval at `level`.
///
/// This is the way to compare two policies run on common random numbers: replication `i` of both
/// must come from the same replication index, and so from the same random streams (same
/// arrivals, same handle times). The day-to-day noise both runs share then cancels in each
/// difference, and the interval is typically much narrower than the two separate intervals
/// suggest. Pairing values from different replications would silently give a wrong interval.
///
/// Returns `None` when the slices differ in length, are empty, or `level` is not strictly between
/// 0 and 1 (as [`Estimate::from_samples`]).
pub fn paired_difference(baseline: &[f64], variant: &[f64], level: f64) -> Option<Estimate> {
    if baseline.len() != variant.len() {
        return None;
    }
    let differences: Welford = baseline.iter().zip(variant).map(|(b, v)| v - b).collect();
    Estimate::from_welford(&differences, level)
}

/// The two-sided p-value of the paired t-test: whether the per-replication differences
/// summarised by `difference` (from [`paired_difference`]) have mean 0.
///
/// It is the one-sample t-test on the differences, with n − 1 degrees of freedom, so it agrees
/// with the paired interval: p < 1 − level exactly when the interval at `level` excludes 0.
/// Returns `None` when there are fewer than two differences. When every difference is the same
/// the answer is certain: 1 if they are all 0, 0 otherwise.
pub fn paired_t_test(difference: &Estimate) -> Option<f64> {
    let std = difference.std.filter(|_| difference.n >= 2)?;
    if std == 0.0 {
        return Some(if difference.mean == 0.0 { 1.0 } else { 0.0 });
    }
    let t = difference.mean / (std / f64::from(difference.n).sqrt());
    Some(2.0 * student_t_cdf(-t.abs(), f64::from(difference.n - 1)))
}

/// Half the width of Welch's confidence interval at `level` for the difference of two means
/// estimated from independent runs: t(ν) · √(s²ₐ/nₐ + s²ᵦ/nᵦ) with the Welch–Satterthwaite ν.
///
/// This is what a comparison costs without common random numbers; [`paired_difference`] on
/// paired runs is typically several times narrower. Returns `None` when either side has fewer
/// than two replications or `level` is not strictly between 0 and 1; 0 when neither side varies.
pub fn welch_half_width(a: &Estimate, b: &Estimate, level: f64) -> Option<f64> {
    if !(level > 0.0 && level < 1.0) {
        return None;
    }
    let (variance, df) = welch_variance_and_df(a, b)?;
    if variance == 0.0 {
        return Some(0.0);
    }
    Some(-student_t_quantile(0.5 * (1.0 - level), df) * variance.sqrt())
}

/// The variance of the difference of the two means (the sum of the squared standard errors)
/// and its Welch–Satterthwaite degrees of freedom; `None` when either side has n < 2.
fn welch_variance_and_df(a: &Estimate, b: &Estimate) -> Option<(f64, f64)> {
    if a.n < 2 || b.n < 2 {
        return None;
    }
    let (va, vb) = (
        a.std?.powi(2) / f64::from(a.n),
        b.std?.powi(2) / f64::from(b.n),
    );
    let variance = va + vb;
    let df = variance.powi(2) / (va.powi(2) / f64::from(a.n - 1) + vb.powi(2) / f64::from(b.n - 1));
    Some((variance, df))
}

/// The two-sided p-value of Welch's t-test for equal means, from two independent summaries.
///
/// Welch's test does not assume equal variances, and its statistic and Welch–Satterthwaite
/// degrees of freedom need only each side's mean, standard deviation and count, so it can check a
/// fresh run against a stored reference [`Estimate`] (a regression check) without the raw values.
/// Use [`paired_difference`] instead when the two sides share random numbers: they are then not
/// independent and this test would overstate the p-value.
///
/// Returns `None` when either side has fewer than two replications. When both standard deviations
/// are 0 the answer is certain: 1 for equal means, 0 otherwise.
pub fn welch_t_test(a: &Estimate, b: &Estimate) -> Option<f64> {
    let (variance, df) = welch_variance_and_df(a, b)?;
    let difference = a.mean - b.mean;
    if variance == 0.0 {
        return Some(if difference == 0.0 { 1.0 } else { 0.0 });
    }
    let t = difference / variance.sqrt();
    Some(2.0 * student_t_cdf(-t.abs(), df))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two samples of the Welch's t-test example on Wikipedia (15 values each).
    const WELCH_A: [f64; 15] = [
        27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4,
    ];
    const WELCH_B: [f64; 15] = [
        27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4,
    ];

    fn estimate(samples: &[f64]) -> Estimate {
        Estimate::from_samples(samples, 0.95).unwrap()
    }

    #[test]
    fn paired_difference_of_a_constant_shift_is_exact() {
        let baseline = [0.71, 0.80, 0.77, 0.69, 0.85];
        let variant = baseline.map(|x| x + 0.25);
        let e = paired_difference(&baseline, &variant, 0.95).unwrap();
        assert_eq!(e.n, 5);
        assert!((e.mean - 0.25).abs() < 1e-15);
        assert!(e.std.unwrap() < 1e-15);
        assert!(e.half_width().unwrap() < 1e-14);
    }

    #[test]
    fn paired_difference_is_the_estimate_of_the_differences() {
        let baseline = [10.0, 20.0, 30.0, 40.0];
        let variant = [11.0, 22.0, 30.0, 45.0];
        let expected = Estimate::from_samples(&[1.0, 2.0, 0.0, 5.0], 0.9);
        assert_eq!(paired_difference(&baseline, &variant, 0.9), expected);
    }

    /// Common random numbers at work: the day-to-day noise is shared and cancels in the pairs.
    #[test]
    fn pairing_removes_shared_noise() {
        let day_noise = [-3.0, 1.0, 4.0, -2.0, 0.5, 2.5, -1.5, -0.5];
        let baseline = day_noise.map(|noise| 50.0 + noise);
        let effect = [0.9, 1.1, 1.0, 0.95, 1.05, 1.0, 0.98, 1.02];
        let variant: Vec<f64> = baseline.iter().zip(effect).map(|(b, e)| b + e).collect();
        let paired = paired_difference(&baseline, &variant, 0.95).unwrap();
        let separate =
            estimate(&variant).half_width().unwrap() + estimate(&baseline).half_width().unwrap();
        assert!(
            paired.ci_low.unwrap() > 0.9 && paired.ci_high.unwrap() < 1.1,
            "{paired:?}"
        );
        assert!(paired.half_width().unwrap() * 20.0 < separate);
    }

    #[test]
    fn paired_difference_rejects_mismatched_or_empty_input() {
        assert_eq!(paired_difference(&[1.0, 2.0], &[1.0], 0.95), None);
        assert_eq!(paired_difference(&[], &[], 0.95), None);
    }

    /// The first example of the Wikipedia article on Welch's test (t = −2.46, ν = 24.99,
    /// p = 0.021), with the p-value confirmed by a second computation that does not use the
    /// incomplete beta function: substituting u = √ν tan θ in the t density gives
    /// P(|T| > t) = ∫_{θₜ}^{π/2} cos^{ν−1}θ dθ / ∫_0^{π/2} cos^{ν−1}θ dθ with θₜ = atan(t/√ν),
    /// integrated here by Simpson's rule.
    #[test]
    fn welch_matches_a_textbook_example_and_an_independent_integral() {
        let (a, b) = (estimate(&WELCH_A), estimate(&WELCH_B));
        let p = welch_t_test(&a, &b).unwrap();
        // mpmath at 40 digits: t = −2.455356…, ν = 24.988529…, p = 0.021378001462867032.
        assert!((p - 0.021_378_001_462_867_032).abs() < 1e-14, "p = {p}");

        let (t, df) = (-2.455_356_398_286_005_f64, 24.988_529_290_231_414_f64);
        let simpson = |from: f64, to: f64| {
            let steps = 2_000;
            let h = (to - from) / f64::from(steps);
            let f = |theta: f64| theta.cos().powf(df - 1.0);
            let inner: f64 = (1..steps)
                .map(|i| f(from + f64::from(i) * h) * if i % 2 == 1 { 4.0 } else { 2.0 })
                .sum();
            (f(from) + inner + f(to)) * h / 3.0
        };
        let half_pi = std::f64::consts::FRAC_PI_2;
        let theta = (t.abs() / df.sqrt()).atan();
        let by_integral = simpson(theta, half_pi) / simpson(0.0, half_pi);
        assert!(
            (p - by_integral).abs() < 1e-10,
            "p = {p}, integral gives {by_integral}"
        );
    }

    #[test]
    fn welch_is_symmetric_and_one_for_identical_estimates() {
        let a = estimate(&[3.0, 4.5, 5.0, 2.5, 4.0]);
        let b = estimate(&[5.0, 6.0, 4.5, 7.0]);
        assert_eq!(welch_t_test(&a, &a), Some(1.0));
        assert_eq!(welch_t_test(&a, &b), welch_t_test(&b, &a));
        let p = welch_t_test(&a, &b).unwrap();
        assert!(p > 0.0 && p < 1.0);
    }

    #[test]
    fn welch_p_value_shrinks_as_the_means_separate() {
        let base = [1.0, 2.0, 3.0, 4.0, 5.0];
        let p_values: Vec<f64> = [0.0, 1.0, 2.0, 4.0, 8.0, 16.0]
            .iter()
            .map(|shift| {
                welch_t_test(&estimate(&base), &estimate(&base.map(|x| x + shift))).unwrap()
            })
            .collect();
        assert!(p_values.windows(2).all(|w| w[0] > w[1]), "{p_values:?}");
        assert!(p_values[5] < 1e-6);
    }

    /// The paired t-test is the one-sample test on the differences: t = mean / (s/√n). For
    /// the differences 1, 2, 0, 5: mean 2, s² = 14/3, t = 2/√(14/12) = 1.8516…, ν = 3, and
    /// P(|T₃| > t) = 0.16117… (the closed form for ν = 3:
    /// 1 − (2/π)(atan(t/√3) + (t/√3)/(1 + t²/3))).
    #[test]
    fn paired_t_test_matches_the_closed_form_for_three_degrees_of_freedom() {
        let difference =
            paired_difference(&[10.0, 20.0, 30.0, 40.0], &[11.0, 22.0, 30.0, 45.0], 0.95).unwrap();
        let t = 2.0 / (14.0_f64 / 12.0).sqrt();
        let x = t / 3.0_f64.sqrt();
        let closed_form = 1.0 - 2.0 / std::f64::consts::PI * (x.atan() + x / (1.0 + x * x));
        let p = paired_t_test(&difference).unwrap();
        assert!(
            (p - closed_form).abs() < 1e-13,
            "p = {p}, closed form {closed_form}"
        );
    }

    /// p < 5 % exactly when the 95 % paired interval excludes 0.
    #[test]
    fn paired_t_test_agrees_with_the_paired_interval() {
        let baseline = [5.0, 7.0, 6.0, 9.0, 8.0, 6.5];
        for shift in [0.0, 0.2, 0.5, 0.8, 1.2, 2.0] {
            let variant: Vec<f64> = baseline
                .iter()
                .enumerate()
                .map(|(i, b)| b + shift + if i % 2 == 0 { 0.6 } else { -0.6 })
                .collect();
            let difference = paired_difference(&baseline, &variant, 0.95).unwrap();
            let excludes_zero =
                difference.ci_low.unwrap() > 0.0 || difference.ci_high.unwrap() < 0.0;
            let p = paired_t_test(&difference).unwrap();
            assert_eq!(
                p < 0.05,
                excludes_zero,
                "shift {shift}: p = {p}, {difference:?}"
            );
        }
    }

    #[test]
    fn paired_t_test_edge_cases() {
        let single = paired_difference(&[1.0], &[2.0], 0.95).unwrap();
        assert_eq!(paired_t_test(&single), None);
        let none = paired_difference(&[1.0, 2.0], &[1.0, 2.0], 0.95).unwrap();
        assert_eq!(paired_t_test(&none), Some(1.0));
        let constant = paired_difference(&[1.0, 2.0], &[1.5, 2.5], 0.95).unwrap();
        assert_eq!(paired_t_test(&constant), Some(0.0));
    }

    /// The Wikipedia example again: the half-width is the t quantile at the Welch–Satterthwaite
    /// ν = 24.9885… (checked above) times the standard error of the difference.
    #[test]
    fn welch_half_width_is_t_times_the_standard_error_of_the_difference() {
        let (a, b) = (estimate(&WELCH_A), estimate(&WELCH_B));
        let standard_error =
            (a.standard_error().unwrap().powi(2) + b.standard_error().unwrap().powi(2)).sqrt();
        let t = -student_t_quantile(0.025, 24.988_529_290_231_414);
        let half_width = welch_half_width(&a, &b, 0.95).unwrap();
        assert!(
            (half_width - t * standard_error).abs() < 1e-12,
            "{half_width}"
        );
        // Between the normal (1.96) and the t with the smaller side's n − 1 = 14 (2.145).
        assert!(half_width > 1.96 * standard_error && half_width < 2.145 * standard_error);
        assert_eq!(welch_half_width(&a, &b, 1.0), None);
        assert_eq!(welch_half_width(&a, &estimate(&[1.0]), 0.95), None);
    }

    #[test]
    fn welch_edge_cases() {
        let single = estimate(&[1.0]);
        let several = estimate(&[1.0, 2.0, 4.0]);
        assert_eq!(welch_t_test(&single, &several), None);
        assert_eq!(welch_t_test(&several, &single), None);

        let constant = estimate(&[2.0, 2.0, 2.0]);
        let other_constant = estimate(&[3.0, 3.0]);
        assert_eq!(welch_t_test(&constant, &constant), Some(1.0));
        assert_eq!(welch_t_test(&constant, &other_constant), Some(0.0));
        // One side without spread: the test rests on the other side's ν = n − 1.
        assert!(welch_t_test(&constant, &several).is_some_and(|p| p > 0.0 && p < 1.0));
    }
}
