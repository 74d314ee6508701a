//! The statistics of `ccsim check`: Welch's test of a metric against an allowed margin, and
//! Holm's step-down correction over all the metrics of a scenario.
//!
//! **The test.** A baseline and a new run are two independent sets of replications, each summarised
//! by a mean, a standard deviation and a count, so Welch's two-sample t-test applies: it needs no
//! raw values and does not assume equal variances. With `d` = new mean − baseline mean, standard
//! error `se` = √(s₁²/n₁ + s₂²/n₂) and Welch–Satterthwaite degrees of freedom ν, the null hypothesis
//! is that the *true* move stays within what is allowed:
//!
//! * no tolerance: the metric may not move at all, H₀: δ = 0, two-sided — this is exactly
//!   [`welch_t_test`](crate::stats::welch_t_test);
//! * a tolerance `m` on a metric with a good direction: H₀: the true worsening ≤ `m`, one-sided,
//!   p = P(T_ν ≥ (w − m)/se) with `w` the observed worsening — improvements never fail;
//! * a tolerance `m` on a neutral metric: H₀: |δ| ≤ `m`, two one-sided tests, p = 2·min of their
//!   p-values (capped at 1), which is the usual two-sided p-value when `m` = 0.
//!
//! When the new run shares random numbers with the baseline (the same seed, as `ccsim check` uses
//! by default), the two sides are positively correlated rather than independent: the true variance
//! of the difference is then smaller than Welch assumes, so the test errs on the side of fewer
//! alarms, never more.
//!
//! **The correction.** A scenario reports hundreds of metrics (every metric overall, at the end of
//! the day and in every interval), and at 1 % each, a handful would be flagged on noise alone.
//! Holm's step-down procedure keeps the probability of flagging *any* metric of an unchanged
//! scenario at or below α, under any dependence between the metrics (and the metrics of one
//! scenario are strongly dependent: the service level moves with the wait). It is uniformly more
//! powerful than Bonferroni, and its adjusted p-values compare directly with α.

use super::direction::Direction;
use crate::stats::{Estimate, student_t_cdf};

/// What a test says about one metric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Evidence {
    /// Neither side varies between replications, so there is no noise to test against: the move
    /// either exceeds what is allowed or it does not.
    Certain {
        /// Whether the metric moved beyond what is allowed.
        exceeded: bool,
    },
    /// The p-value of the test against the allowed margin (before any correction).
    PValue(f64),
}

/// Tests whether `new` moved beyond `margin` from `baseline` in the bad `direction` (see the
/// module documentation). A metric without a tolerance is tested with [`Direction::Neutral`] and
/// margin 0: any move counts.
///
/// Returns `None` when either side has fewer than two replications (no standard deviation).
pub fn margin_test(
    baseline: &Estimate,
    new: &Estimate,
    direction: Direction,
    margin: f64,
) -> Option<Evidence> {
    if baseline.n < 2 || new.n < 2 {
        return None;
    }
    let (vb, vn) = (
        baseline.std?.powi(2) / f64::from(baseline.n),
        new.std?.powi(2) / f64::from(new.n),
    );
    let variance = vb + vn;
    let difference = new.mean - baseline.mean;
    if variance == 0.0 {
        return Some(Evidence::Certain {
            exceeded: direction.worsening(difference) > margin,
        });
    }
    let se = variance.sqrt();
    let df = variance.powi(2)
        / (vb.powi(2) / f64::from(baseline.n - 1) + vn.powi(2) / f64::from(new.n - 1));
    let upper_tail = |t: f64| student_t_cdf(-t, df);
    let p = match direction {
        Direction::HigherIsBetter | Direction::LowerIsBetter => {
            upper_tail((direction.worsening(difference) - margin) / se)
        }
        Direction::Neutral => {
            let above = upper_tail((difference - margin) / se);
            let below = upper_tail((-difference - margin) / se);
            (2.0 * above.min(below)).min(1.0)
        }
    };
    Some(Evidence::PValue(p))
}

/// Holm's step-down adjusted p-values, in the order given: the i-th smallest p-value of m is
/// multiplied by m − i + 1 (i from 1), capped at 1, and made non-decreasing in that order. A
/// hypothesis is rejected at family-wise level α exactly when its adjusted p-value is ≤ α.
pub fn holm_adjusted(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]));
    let mut adjusted = vec![0.0; m];
    let mut running_max = 0.0_f64;
    for (rank, &index) in order.iter().enumerate() {
        let scaled = ((m - rank) as f64 * p_values[index]).min(1.0);
        running_max = running_max.max(scaled);
        adjusted[index] = running_max;
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::welch_t_test;

    fn estimate(samples: &[f64]) -> Estimate {
        Estimate::from_samples(samples, 0.95).unwrap()
    }

    fn p(evidence: Option<Evidence>) -> f64 {
        match evidence {
            Some(Evidence::PValue(p)) => p,
            other => panic!("expected a p-value, got {other:?}"),
        }
    }

    const A: [f64; 6] = [0.81, 0.79, 0.84, 0.80, 0.77, 0.83];
    const B: [f64; 5] = [0.78, 0.74, 0.80, 0.77, 0.76];

    #[test]
    fn without_a_margin_it_is_welchs_two_sided_test() {
        let (a, b) = (estimate(&A), estimate(&B));
        let welch = welch_t_test(&a, &b).unwrap();
        let ours = p(margin_test(&a, &b, Direction::Neutral, 0.0));
        assert!((ours - welch).abs() < 1e-15, "{ours} vs {welch}");
    }

    /// The one-sided p-value at margin 0 is half the two-sided one when the move is in the bad
    /// direction, and its complement when it is in the good one.
    #[test]
    fn one_sided_test_only_counts_the_bad_direction() {
        let (a, b) = (estimate(&A), estimate(&B)); // b is lower
        let two_sided = welch_t_test(&a, &b).unwrap();
        let worse = p(margin_test(&a, &b, Direction::HigherIsBetter, 0.0));
        let better = p(margin_test(&a, &b, Direction::LowerIsBetter, 0.0));
        assert!((worse - two_sided / 2.0).abs() < 1e-15);
        assert!((better - (1.0 - two_sided / 2.0)).abs() < 1e-14);
    }

    /// Shifting the data by the margin in the bad direction is the same as testing against the
    /// margin.
    #[test]
    fn a_margin_is_a_shifted_null_hypothesis() {
        let (a, b) = (estimate(&A), estimate(&B));
        let shifted = estimate(&B.map(|x| x + 0.02));
        let against_margin = p(margin_test(&a, &b, Direction::HigherIsBetter, 0.02));
        let shifted_data = p(margin_test(&a, &shifted, Direction::HigherIsBetter, 0.0));
        assert!((against_margin - shifted_data).abs() < 1e-12);
        // The observed drop (about 0.037) is larger than a 0.02 margin but not significantly so.
        assert!(
            against_margin > 0.1 && against_margin < 0.5,
            "{against_margin}"
        );
        // A margin wider than the drop makes it unremarkable.
        assert!(p(margin_test(&a, &b, Direction::HigherIsBetter, 0.08)) > 0.99);
    }

    #[test]
    fn neutral_margin_is_symmetric() {
        let (a, b) = (estimate(&A), estimate(&B));
        let down = p(margin_test(&a, &b, Direction::Neutral, 0.01));
        let up = p(margin_test(&b, &a, Direction::Neutral, 0.01));
        assert!((down - up).abs() < 1e-15);
        assert!(down > welch_t_test(&a, &b).unwrap());
    }

    #[test]
    fn noise_free_metrics_are_certain_and_too_few_replications_untestable() {
        let zero = estimate(&[0.0; 4]);
        let one = estimate(&[1.0; 3]);
        let certain = |exceeded| Some(Evidence::Certain { exceeded });
        assert_eq!(
            margin_test(&zero, &zero, Direction::Neutral, 0.0),
            certain(false)
        );
        assert_eq!(
            margin_test(&zero, &one, Direction::Neutral, 0.0),
            certain(true)
        );
        assert_eq!(
            margin_test(&zero, &one, Direction::LowerIsBetter, 1.0),
            certain(false)
        );
        assert_eq!(
            margin_test(&zero, &one, Direction::HigherIsBetter, 0.0),
            certain(false)
        );
        let single = estimate(&[1.0]);
        assert_eq!(margin_test(&single, &one, Direction::Neutral, 0.0), None);
        assert_eq!(margin_test(&one, &single, Direction::Neutral, 0.0), None);
    }

    /// R: `p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm")` gives 0.03 0.06 0.06 0.02.
    #[test]
    fn holm_matches_a_worked_example() {
        let adjusted = holm_adjusted(&[0.01, 0.04, 0.03, 0.005]);
        for (got, expected) in adjusted.iter().zip([0.03, 0.06, 0.06, 0.02]) {
            assert!((got - expected).abs() < 1e-15, "{adjusted:?}");
        }
        assert_eq!(holm_adjusted(&[0.5, 0.9]), [1.0, 1.0]);
        assert!(holm_adjusted(&[]).is_empty());
    }
}
