//! The statistics of `ccsim check`: a t-test of a metric's move against an allowed margin, the
//! smallest move that test would see, and Holm's step-down correction over all the metrics of a
//! scenario.
//!
//! **The difference.** Each metric's move is a [`Difference`]: an estimate `d` of new − baseline,
//! its standard error `se` and the degrees of freedom ν of its t distribution.
//!
//! * **Paired** ([`Difference::paired`]), the default of `ccsim check`: the new run re-runs the
//!   baseline's seed and replications, so replication r of both sides draws the same random
//!   numbers (common random numbers) and the two values of replication r are strongly, positively
//!   correlated. The test then works on the per-replication differences `d_r` = new_r − base_r
//!   of the n replications that define the metric on both sides: `d` their mean, `se` = s_d/√n
//!   with s_d their standard deviation, ν = n − 1. The shared noise cancels in each `d_r`, so se
//!   is several times smaller than for two independent runs. The test stays valid when the noise
//!   does not cancel (an engine that now draws its random numbers differently makes the pairs
//!   independent): the d_r are then still independent and identically distributed, with mean 0
//!   when nothing moved.
//! * **Welch** ([`Difference::welch`]), when the new run has another seed or another number of
//!   replications, so that there are no pairs: `d` = new mean − baseline mean,
//!   se = √(s₁²/n₁ + s₂²/n₂), ν from Welch–Satterthwaite.
//!
//! **The test** ([`Difference::evidence`]). The null hypothesis is that the *true* move stays
//! within what is allowed:
//!
//! * no tolerance: the metric may not move at all, H₀: δ = 0, two-sided;
//! * a tolerance `m` on a metric with a good direction: H₀: the true worsening ≤ `m`, one-sided,
//!   p = P(T_ν ≥ (w − m)/se) with `w` the observed worsening — improvements never fail;
//! * a tolerance `m` on a neutral metric: H₀: |δ| ≤ `m`, two one-sided tests, p = 2·min of their
//!   p-values (capped at 1), which is the usual two-sided p-value when `m` = 0.
//!
//! **The minimal detectable change** ([`Difference::detectable`]): the smallest true move beyond
//! the margin that the test flags with probability `power` (0.8 by default) at a per-metric level
//! `a`: MDC = margin + (t_{1−a/k, ν} + t_{power, ν})·se, k = 2 for a two-sided test and 1 for a
//! one-sided one. `ccsim check` takes a = α/m over the m metrics of the scenario that can be
//! tested: the first step of Holm's procedure, which a single moved metric has to pass.
//!
//! **The correction.** A scenario reports hundreds of metrics (every metric overall, at the end of
//! the day and in every interval), and at 1 % each, a handful would be flagged on noise alone.
//! Holm's step-down procedure keeps the probability of flagging *any* metric of an unchanged
//! scenario at or below α, under any dependence between the metrics (and the metrics of one
//! scenario are strongly dependent: the service level moves with the wait). It is uniformly more
//! powerful than Bonferroni, and its adjusted p-values compare directly with α.

use super::direction::Direction;
use crate::stats::{Estimate, Welford, student_t_cdf, student_t_quantile};

/// What a test says about one metric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Evidence {
    /// The difference has no noise (zero standard error): the move either exceeds what is
    /// allowed or it does not.
    Certain {
        /// Whether the metric moved beyond what is allowed.
        exceeded: bool,
    },
    /// The p-value of the test against the allowed margin (before any correction).
    PValue(f64),
}

/// A metric's move, new − baseline, with its standard error (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Difference {
    /// The estimated move.
    pub mean: f64,
    /// Its standard error; 0 when neither side has noise.
    pub se: f64,
    /// Degrees of freedom of its t distribution.
    pub df: f64,
}

impl Difference {
    /// From the per-replication differences of paired replications; `None` for fewer than two.
    pub fn paired(differences: &[f64]) -> Option<Difference> {
        let acc: Welford = differences.iter().copied().collect();
        let n = differences.len();
        if n < 2 {
            return None;
        }
        Some(Difference {
            mean: acc.mean()?,
            se: acc.std_dev()? / (n as f64).sqrt(),
            df: (n - 1) as f64,
        })
    }

    /// From two independent sets of replications (Welch); `None` when either side has fewer
    /// than two replications.
    pub fn welch(baseline: &Estimate, new: &Estimate) -> Option<Difference> {
        if baseline.n < 2 || new.n < 2 {
            return None;
        }
        let (vb, vn) = (
            baseline.std?.powi(2) / f64::from(baseline.n),
            new.std?.powi(2) / f64::from(new.n),
        );
        let variance = vb + vn;
        let df = if variance == 0.0 {
            f64::from(baseline.n + new.n - 2)
        } else {
            variance.powi(2)
                / (vb.powi(2) / f64::from(baseline.n - 1) + vn.powi(2) / f64::from(new.n - 1))
        };
        Some(Difference {
            mean: new.mean - baseline.mean,
            se: variance.sqrt(),
            df,
        })
    }

    /// Tests whether the move exceeds `margin` in the bad `direction` (see the module
    /// documentation). A metric without a tolerance is tested with [`Direction::Neutral`] and
    /// margin 0: any move counts.
    pub fn evidence(&self, direction: Direction, margin: f64) -> Evidence {
        if self.se == 0.0 {
            return Evidence::Certain {
                exceeded: direction.worsening(self.mean) > margin,
            };
        }
        let upper_tail = |t: f64| student_t_cdf(-t, self.df);
        let p = match direction {
            Direction::HigherIsBetter | Direction::LowerIsBetter => {
                upper_tail((direction.worsening(self.mean) - margin) / self.se)
            }
            Direction::Neutral => {
                let above = upper_tail((self.mean - margin) / self.se);
                let below = upper_tail((-self.mean - margin) / self.se);
                (2.0 * above.min(below)).min(1.0)
            }
        };
        Evidence::PValue(p)
    }

    /// The minimal detectable change beyond `margin` at per-metric level `level` and `power`
    /// (see the module documentation): two-sided for [`Direction::Neutral`], one-sided
    /// otherwise.
    pub fn detectable(&self, direction: Direction, margin: f64, level: f64, power: f64) -> f64 {
        if self.se == 0.0 {
            return margin;
        }
        let sides = if direction == Direction::Neutral {
            2.0
        } else {
            1.0
        };
        let critical = student_t_quantile(1.0 - level / sides, self.df);
        margin + (critical + student_t_quantile(power, self.df)) * self.se
    }
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
    use crate::stats::{paired_t_test, welch_t_test};

    fn estimate(samples: &[f64]) -> Estimate {
        Estimate::from_samples(samples, 0.95).unwrap()
    }

    fn margin_test(a: &Estimate, b: &Estimate, direction: Direction, margin: f64) -> f64 {
        match Difference::welch(a, b).unwrap().evidence(direction, margin) {
            Evidence::PValue(p) => p,
            other => panic!("expected a p-value, got {other:?}"),
        }
    }

    const A: [f64; 6] = [0.81, 0.79, 0.84, 0.80, 0.77, 0.83];
    const B: [f64; 5] = [0.78, 0.74, 0.80, 0.77, 0.76];

    #[test]
    fn without_a_margin_it_is_welchs_two_sided_test() {
        let (a, b) = (estimate(&A), estimate(&B));
        let welch = welch_t_test(&a, &b).unwrap();
        let ours = margin_test(&a, &b, Direction::Neutral, 0.0);
        assert!((ours - welch).abs() < 1e-15, "{ours} vs {welch}");
    }

    /// The paired difference is the one-sample t-test of the differences, the same as the
    /// library's paired t-test.
    #[test]
    fn paired_is_the_t_test_of_the_differences() {
        let before = [10.0, 12.0, 9.0, 11.0, 13.0];
        let after = [10.4, 12.9, 9.3, 11.2, 13.8];
        let differences: Vec<f64> = after.iter().zip(&before).map(|(a, b)| a - b).collect();
        let paired = Difference::paired(&differences).unwrap();
        // By hand: d = 0.52, squared deviations sum to 0.388, s_d² = 0.097, se = √(0.097/5).
        assert!((paired.mean - 0.52).abs() < 1e-12);
        assert!((paired.se - (0.097f64 / 5.0).sqrt()).abs() < 1e-12);
        assert_eq!(paired.df, 4.0);
        let Evidence::PValue(p) = paired.evidence(Direction::Neutral, 0.0) else {
            panic!("noise expected")
        };
        let library = paired_t_test(&estimate(&differences)).unwrap();
        assert!((p - library).abs() < 1e-12, "{p} vs {library}");
        // The same values unpaired: the shared spread between replications hides the move.
        let welch = margin_test(
            &estimate(&before),
            &estimate(&after),
            Direction::Neutral,
            0.0,
        );
        assert!(p < 0.05 && welch > 0.5, "paired {p}, unpaired {welch}");
        assert_eq!(Difference::paired(&[1.0]), None);
    }

    /// One-sided p-value at margin 0 is half the two-sided one when the move is in the bad
    /// direction, and its complement when it is in the good one.
    #[test]
    fn one_sided_test_only_counts_the_bad_direction() {
        let (a, b) = (estimate(&A), estimate(&B)); // b is lower
        let two_sided = welch_t_test(&a, &b).unwrap();
        let worse = margin_test(&a, &b, Direction::HigherIsBetter, 0.0);
        let better = margin_test(&a, &b, Direction::LowerIsBetter, 0.0);
        assert!((worse - two_sided / 2.0).abs() < 1e-15);
        assert!((better - (1.0 - two_sided / 2.0)).abs() < 1e-14);
    }

    /// Shifting the data by the margin in the bad direction is the same as testing against the
    /// margin.
    #[test]
    fn a_margin_is_a_shifted_null_hypothesis() {
        let (a, b) = (estimate(&A), estimate(&B));
        let shifted = estimate(&B.map(|x| x + 0.02));
        let against_margin = margin_test(&a, &b, Direction::HigherIsBetter, 0.02);
        let shifted_data = margin_test(&a, &shifted, Direction::HigherIsBetter, 0.0);
        assert!((against_margin - shifted_data).abs() < 1e-12);
        // The observed drop (about 0.037) is larger than a 0.02 margin but not significantly so.
        assert!(
            against_margin > 0.1 && against_margin < 0.5,
            "{against_margin}"
        );
        // A margin wider than the drop makes it unremarkable.
        assert!(margin_test(&a, &b, Direction::HigherIsBetter, 0.08) > 0.99);
    }

    #[test]
    fn neutral_margin_is_symmetric() {
        let (a, b) = (estimate(&A), estimate(&B));
        let down = margin_test(&a, &b, Direction::Neutral, 0.01);
        let up = margin_test(&b, &a, Direction::Neutral, 0.01);
        assert!((down - up).abs() < 1e-15);
        assert!(down > welch_t_test(&a, &b).unwrap());
    }

    #[test]
    fn noise_free_moves_are_certain_and_too_few_replications_untestable() {
        let zero = estimate(&[0.0; 4]);
        let one = estimate(&[1.0; 3]);
        let evidence = |direction, margin| {
            Difference::welch(&zero, &one)
                .unwrap()
                .evidence(direction, margin)
        };
        let certain = |exceeded| Evidence::Certain { exceeded };
        let still = Difference::welch(&zero, &zero).unwrap();
        assert_eq!(still.evidence(Direction::Neutral, 0.0), certain(false));
        assert_eq!(evidence(Direction::Neutral, 0.0), certain(true));
        assert_eq!(evidence(Direction::LowerIsBetter, 1.0), certain(false));
        assert_eq!(evidence(Direction::HigherIsBetter, 0.0), certain(false));
        let single = estimate(&[1.0]);
        assert_eq!(Difference::welch(&single, &one), None);
        assert_eq!(Difference::welch(&one, &single), None);
        // Identical paired replications: no noise, no move.
        let same = Difference::paired(&[0.0; 5]).unwrap();
        assert_eq!(same.evidence(Direction::Neutral, 0.0), certain(false));
        assert_eq!(same.detectable(Direction::Neutral, 0.0, 0.01, 0.8), 0.0);
    }

    /// At the minimal detectable change the test rejects with probability `power`: with a
    /// known standard error the t statistic of a true move δ is δ/se plus a t-distributed
    /// error, so P(reject) = P(T ≥ t_crit − δ/se) = power exactly when δ is the MDC. Checked
    /// against the t distribution itself, and against the normal-theory value for many degrees
    /// of freedom: (z_{0.995} + z_{0.8})·se = (2.5758 + 0.8416)·se.
    #[test]
    fn detectable_change_has_the_stated_power() {
        let difference = Difference {
            mean: 0.0,
            se: 2.0,
            df: 29.0,
        };
        let mdc = difference.detectable(Direction::Neutral, 0.0, 0.01, 0.8);
        let critical = student_t_quantile(0.995, 29.0);
        let power = 1.0 - student_t_cdf(critical - mdc / 2.0, 29.0);
        assert!((power - 0.8).abs() < 1e-9, "{power}");
        let one_sided = difference.detectable(Direction::LowerIsBetter, 1.5, 0.01, 0.8);
        let critical = student_t_quantile(0.99, 29.0);
        assert!((one_sided - 1.5 - (critical + student_t_quantile(0.8, 29.0)) * 2.0).abs() < 1e-12);
        let large = Difference {
            df: 1e7,
            ..difference
        };
        let normal = (2.575_829_303_548_901 + 0.841_621_233_572_914_3) * 2.0;
        assert!((large.detectable(Direction::Neutral, 0.0, 0.01, 0.8) - normal).abs() < 1e-5);
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
