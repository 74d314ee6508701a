//! Student's t distribution: the CDF and its inverse, to near machine precision.
//!
//! The quantile sets the width of every confidence interval ccsim reports, and the CDF turns a
//! Welch statistic into a p-value. With the handful of replications a quick run uses (df of 4 or
//! 9), the t quantile exceeds the normal 1.96 by 15–42 %, so a normal approximation or a
//! coarse table would visibly misstate the uncertainty.
//!
//! Both functions rest on one identity: for T with ν degrees of freedom and t ≥ 0,
//! P(|T| > t) = I_x(ν/2, ½) with x = ν/(ν + t²), the regularised incomplete beta function.
//! Each of P(|T| > t) and P(|T| ≤ t) is evaluated directly wherever it can be small and as the
//! complement of the other only where it is at least about 0.3, so both keep full relative
//! precision, deep in the tails as near the centre.

use super::special::{incomplete_beta_cf, ln_beta};

/// The cumulative distribution function of Student's t with `df` degrees of freedom: P(T ≤ `x`).
///
/// The relative error is a few units of 1e-16 × (1 + |ln F|): about 1e-15 for everyday
/// probabilities and still 1e-13 for F ≈ 1e-300, so deep lower tails are resolved, not rounded to
/// 0 (checked against 50-digit references up to df = 1e12). `df` may be fractional, as Welch's
/// test requires; it must be positive and finite, otherwise the result is NaN, as it is for a NaN
/// `x`.
pub fn student_t_cdf(x: f64, df: f64) -> f64 {
    if x.is_nan() || !is_valid_df(df) {
        return f64::NAN;
    }
    let (beyond, within) = StudentT::new(df).split_at(x.abs());
    if x < 0.0 {
        0.5 * beyond
    } else {
        0.5 + 0.5 * within
    }
}

/// The inverse CDF of Student's t with `df` degrees of freedom: the `t` with P(T ≤ t) = `p`.
///
/// The relative error is below 1e-13 for every `p` in (0, 1) (about 1e-15 for the levels of
/// confidence intervals), far inside the 1e-10 an interval could ever need; `df` may be fractional.
/// Returns NaN unless 0 < `p` < 1 and `df` is positive and finite, and ±∞ when the quantile lies
/// beyond the range of `f64` (only possible in the far tails, for df of about 1 or less).
///
/// The root of the CDF is found by Newton's method inside a bisection bracket: the bracket makes
/// convergence certain, Newton makes it fast (a handful of steps).
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if !(p > 0.0 && p < 1.0 && is_valid_df(df)) {
        return f64::NAN;
    }
    if p == 0.5 {
        return 0.0;
    }
    // Exact: 1 − p is exact for p in [½, 1).
    let tail = p.min(1.0 - p);
    let t = StudentT::new(df).upper_quantile(tail);
    if p < 0.5 { -t } else { t }
}

/// Degrees of freedom the functions accept.
fn is_valid_df(df: f64) -> bool {
    df > 0.0 && df.is_finite()
}

/// Student's t with its normalising constant computed once, for the repeated evaluations of a
/// root search.
struct StudentT {
    /// Degrees of freedom ν.
    df: f64,
    /// ln B(ν/2, ½): the density is 1 / (√ν · B(ν/2, ½)) at its peak.
    ln_beta: f64,
}

impl StudentT {
    fn new(df: f64) -> Self {
        Self {
            df,
            ln_beta: ln_beta(0.5 * df, 0.5),
        }
    }

    /// `(P(|T| > t), P(|T| ≤ t))` for t ≥ 0, each to full relative precision.
    fn split_at(&self, t: f64) -> (f64, f64) {
        if t == 0.0 {
            return (1.0, 0.0);
        }
        // X = ν/(ν + T²) is Beta(ν/2, ½), and |T| > t exactly when X < x = ν/(ν + t²).
        let (a, b) = (0.5 * self.df, 0.5);
        let (ln_x, ln_y) = self.ln_beta_point(t);
        let front = (a * ln_x + b * ln_y - self.ln_beta).exp();
        let (x, y) = (ln_x.exp(), ln_y.exp());
        // P(|T| ≤ t) = I_y(½, ν/2) is computed directly only for t < 1, where its continued
        // fraction is well conditioned; everywhere else P(|T| > t) = I_x(ν/2, ½) is. Just above
        // t = 1 that fraction is outside its fast region and needs up to about 160 terms at
        // large ν; a few dozen suffice elsewhere.
        if t < 1.0 && y < (b + 1.0) / (a + b + 2.0) {
            let within = front * incomplete_beta_cf(y, x, b, a) / b;
            (1.0 - within, within)
        } else {
            let beyond = front * incomplete_beta_cf(x, y, a, b) / a;
            (beyond, 1.0 - beyond)
        }
    }

    /// The logarithm of the probability density at `t`; the density itself underflows in the far
    /// tails of small ν (at t ≈ 1e160 for ν = 1) long before the tail probability does.
    fn ln_density(&self, t: f64) -> f64 {
        let (ln_x, _) = self.ln_beta_point(t);
        // (1 + t²/ν)^(−(ν+1)/2) = x^((ν+1)/2).
        0.5 * (self.df + 1.0) * ln_x - self.ln_beta - 0.5 * self.df.ln()
    }

    /// `(ln x, ln y)` for x = ν/(ν + t²) and y = t²/(ν + t²) = 1 − x, t > 0.
    ///
    /// Computed from r = t/√ν in log space, so that t² never overflows (the far tails of small ν
    /// reach t ≈ 1e300), and each from the form in which it is a sum of same-signed terms, so that
    /// neither loses digits when the other is close to 1.
    fn ln_beta_point(&self, t: f64) -> (f64, f64) {
        let sqrt_df = self.df.sqrt();
        let r = t / sqrt_df;
        // r overflows for ν < 1 and t near the top of the f64 range; its logarithm does not.
        let ln_r = if r.is_finite() {
            r.ln()
        } else {
            t.ln() - sqrt_df.ln()
        };
        if r > 1.0 {
            let ln_y = -(sqrt_df / t).powi(2).ln_1p();
            (ln_y - 2.0 * ln_r, ln_y)
        } else {
            let ln_x = -(r * r).ln_1p();
            (ln_x, ln_x + 2.0 * ln_r)
        }
    }

    /// The t > 0 with P(T > t) = `tail`, for 0 < `tail` < ½.
    fn upper_quantile(&self, tail: f64) -> f64 {
        /// Generous: bisection alone would need about 60 steps to reach full precision.
        const MAX_ITERATIONS: u32 = 200;

        // Solve g(t) = 0 for an increasing g, returned with its derivative. In the tails g
        // compares logarithms, which are close to linear (heavy tails) or quadratic (light tails)
        // in t, so Newton's method converges in a few steps where on the probabilities themselves
        // it would crawl. Near the centre g compares P(|T| ≤ t) with its target instead, so that
        // neither side is a difference of nearly equal numbers. Both targets are exact.
        let beyond_target = 2.0 * tail;
        let within_target = 1.0 - 2.0 * tail;
        let g = |t: f64| {
            let (beyond, within) = self.split_at(t);
            // The density of |T| is twice that of T.
            let ln_abs_density = std::f64::consts::LN_2 + self.ln_density(t);
            if tail > 0.25 {
                (within - within_target, ln_abs_density.exp())
            } else {
                let ln_beyond = beyond.ln();
                (
                    beyond_target.ln() - ln_beyond,
                    (ln_abs_density - ln_beyond).exp(),
                )
            }
        };

        // g(0) < 0. Double the upper end until it is at or past the root.
        let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
        while g(hi).0 < 0.0 {
            lo = hi;
            hi *= 2.0;
            if hi.is_infinite() {
                return f64::INFINITY;
            }
        }

        // Newton's method, falling back to bisection whenever a step would leave the bracket.
        let mut t = 0.5 * (lo + hi);
        for _ in 0..MAX_ITERATIONS {
            let (value, slope) = g(t);
            if value == 0.0 {
                return t;
            }
            if value < 0.0 {
                lo = t;
            } else {
                hi = t;
            }
            let newton = t - value / slope;
            let next = if newton > lo && newton < hi {
                newton
            } else {
                0.5 * (lo + hi)
            };
            if (next - t).abs() <= 2.0 * f64::EPSILON * next {
                return next;
            }
            t = next;
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn assert_relative(got: f64, expected: f64, tolerance: f64, what: &str) {
        let error = ((got - expected) / expected).abs();
        assert!(
            error <= tolerance,
            "{what}: got {got:e}, expected {expected:e} (relative error {error:e})"
        );
    }

    /// The published two-sided 95 % (and 99 %, one-sided 95 %) critical values, to the digits
    /// the tables give them.
    #[test]
    fn quantile_matches_published_table_values() {
        let table = [
            (0.975, 1.0, 12.706_204_7),
            (0.975, 2.0, 4.302_652_73),
            (0.975, 5.0, 2.570_581_84),
            (0.975, 9.0, 2.262_157_16),
            (0.975, 29.0, 2.045_229_64),
            (0.975, 100.0, 1.983_971_52),
            (0.995, 10.0, 3.169_272_67),
            (0.95, 20.0, 1.724_718_24),
        ];
        for (p, df, expected) in table {
            let got = student_t_quantile(p, df);
            assert!(
                (got - expected).abs() <= 5e-8,
                "t({p}, {df}) = {got}, table says {expected}"
            );
        }
    }

    /// The same and harder cases (fractional df, far tail) against mpmath at 50 digits.
    #[test]
    fn quantile_matches_high_precision_references() {
        let references = [
            (0.975, 1.0, 12.706_204_736_174_693),
            (0.975, 5.0, 2.570_581_835_636_315),
            (0.975, 29.0, 2.045_229_642_132_704),
            (0.995, 10.0, 3.169_272_672_616_951),
            (0.975, 4.5, 2.658_912_347_204_403),
            (0.995, 3.3, 5.344_306_069_721_078),
            (0.975, 1e5, 1.959_987_707_534_609_3),
            (1e-12, 7.0, -104.021_829_262_647_2),
        ];
        for (p, df, expected) in references {
            assert_relative(
                student_t_quantile(p, df),
                expected,
                1e-13,
                &format!("t({p}, {df})"),
            );
        }
    }

    #[test]
    fn quantile_tends_to_the_normal_quantile_for_large_df() {
        // The t quantile exceeds the normal one by about (z³ + z)/(4ν) ≈ 2.4e-12 at ν = 1e12.
        let z = 1.959_963_984_540_054;
        let got = student_t_quantile(0.975, 1e12);
        assert!((got - z).abs() < 1e-11, "t(0.975, 1e12) = {got}");
    }

    /// For one and two degrees of freedom the distribution has closed forms:
    /// F₁(t) = ½ + atan(t)/π and F₂(t) = ½ + t / (2√(2 + t²)), inverted exactly below.
    #[test]
    fn quantile_matches_closed_forms_across_the_whole_range() {
        let probabilities = [
            1e-300,
            1e-100,
            1e-20,
            1e-9,
            1e-3,
            0.025,
            0.1,
            0.25,
            0.3,
            0.49,
            0.499_999_9,
            0.5 + 1e-12,
            0.6,
            0.75,
            0.9,
            0.975,
            0.999,
            1.0 - 1e-9,
        ];
        for p in probabilities {
            // t = tan(π(p − ½)), evaluated in the form whose argument is exact.
            let cauchy = if p < 0.25 {
                -1.0 / (PI * p).tan()
            } else if p <= 0.75 {
                (PI * (p - 0.5)).tan()
            } else {
                1.0 / (PI * (1.0 - p)).tan()
            };
            assert_relative(
                student_t_quantile(p, 1.0),
                cauchy,
                1e-13,
                &format!("df 1, p {p}"),
            );

            let two = (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
            assert_relative(
                student_t_quantile(p, 2.0),
                two,
                1e-13,
                &format!("df 2, p {p}"),
            );
        }
    }

    #[test]
    fn quantile_is_antisymmetric_and_inverts_the_cdf() {
        for df in [0.7, 1.0, 2.5, 3.0, 9.0, 47.3, 1e3, 1e7] {
            for p in [1e-15, 1e-6, 0.01, 0.2, 0.25, 0.26, 0.4, 0.5 - 1e-9] {
                let t = student_t_quantile(p, df);
                // 1 − (1 − p) need not be p, so compare a pair that are exact complements.
                let complement = 1.0 - p;
                assert_eq!(
                    student_t_quantile(complement, df),
                    -student_t_quantile(1.0 - complement, df)
                );
                assert_relative(student_t_cdf(t, df), p, 1e-12, &format!("df {df}, p {p}"));
            }
            assert_eq!(student_t_quantile(0.5, df), 0.0);
        }
    }

    /// Tails and large df against mpmath; these are the cases a naive incomplete beta evaluation
    /// gets wrong (the deep lower tail, and ν ≥ 10⁶ where the textbook continued fraction cancels).
    #[test]
    fn cdf_matches_high_precision_references() {
        let references = [
            (-40.0, 3.0, 1.719_034_039_457_926_4e-5),
            (-8.0, 30.0, 3.132_911_237_850_379_5e-9),
            (-0.5, 2.5, 0.328_848_959_934_857_35),
            (-2.0, 1e6, 0.022_750_266_925_659_604),
            (-2.0, 1e8, 0.022_750_133_297_953_376),
            (-1.0, 1e12, 0.158_655_253_931_578_04),
            (-5.0, 1e10, 2.866_515_767_110_323_7e-7),
        ];
        for (t, df, expected) in references {
            assert_relative(
                student_t_cdf(t, df),
                expected,
                1e-13,
                &format!("F({t}; {df})"),
            );
            assert_relative(
                student_t_cdf(-t, df),
                1.0 - expected,
                1e-15,
                &format!("F({}; {df})", -t),
            );
        }
    }

    #[test]
    fn cdf_matches_closed_form_for_one_degree_of_freedom() {
        for t in [-1e250_f64, -1e6, -30.0, -1.0, -1e-3, 0.0, 0.3, 1.0, 7.0] {
            // Lower tail for t < 0: atan(1/|t|)/π, free of cancellation.
            let expected = if t < 0.0 {
                (1.0 / -t).atan() / PI
            } else {
                0.5 + t.atan() / PI
            };
            assert_relative(
                student_t_cdf(t, 1.0),
                expected,
                1e-13,
                &format!("F({t:e}; 1)"),
            );
        }
        assert_eq!(student_t_cdf(f64::NEG_INFINITY, 4.0), 0.0);
        assert_eq!(student_t_cdf(f64::INFINITY, 4.0), 1.0);
    }

    #[test]
    fn invalid_arguments_give_nan_and_unreachable_quantiles_give_infinity() {
        for (p, df) in [
            (0.0, 5.0),
            (1.0, 5.0),
            (f64::NAN, 5.0),
            (0.9, 0.0),
            (0.9, -1.0),
            (0.9, f64::INFINITY),
        ] {
            assert!(student_t_quantile(p, df).is_nan(), "p {p}, df {df}");
        }
        assert!(student_t_cdf(f64::NAN, 3.0).is_nan());
        assert!(student_t_cdf(1.0, f64::NAN).is_nan());
        // P(T < t) ≈ 0.6/t^0.25 for ν = 0.25: 1e-100 lies beyond 1e308.
        assert_eq!(student_t_quantile(1e-100, 0.25), f64::NEG_INFINITY);
    }
}
