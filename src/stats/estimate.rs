//! The summary of one metric over independent replications.

use serde::Serialize;

use super::Welford;
use super::student_t::student_t_quantile;

/// The confidence level of every interval ccsim reports unless told otherwise.
pub const DEFAULT_CONFIDENCE_LEVEL: f64 = 0.95;

/// One metric summarised over independent replications: the mean, the sample standard deviation
/// and a two-sided Student-t confidence interval for the mean.
///
/// The t interval, mean ± t₍₁₊ₗ₎/₂,ₙ₋₁ · s/√n, is exact for normal data and a good approximation
/// for daily totals and averages, which are sums of many calls. With the handful of replications
/// of a quick run it is markedly wider than the normal interval (t = 2.78 against 1.96 at n = 5),
/// and that width is real uncertainty, not a formality.
///
/// Serialises as `{"mean": …, "std": …, "ci_low": …, "ci_high": …, "n": …}`, with `null` for the
/// parts that need at least two replications.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// Mean over the replications.
    pub mean: f64,
    /// Sample standard deviation (divisor n − 1) of the replication values; `None` when n < 2.
    pub std: Option<f64>,
    /// Lower end of the confidence interval for the mean; `None` when n < 2.
    pub ci_low: Option<f64>,
    /// Upper end of the confidence interval for the mean; `None` when n < 2.
    pub ci_high: Option<f64>,
    /// Number of replications.
    pub n: u32,
}

impl Estimate {
    /// Summarises one value per replication with a two-sided confidence interval at `level`
    /// (for example [`DEFAULT_CONFIDENCE_LEVEL`]).
    ///
    /// Returns `None` when there are no samples, when `level` is not strictly between 0 and 1, or
    /// when there are more than `u32::MAX` samples. With a single sample only the mean is known.
    /// When all samples are equal the interval is `[mean, mean]`.
    ///
    /// ```
    /// # use ccsim::stats::Estimate;
    /// let e = Estimate::from_samples(&[10.0, 12.0, 11.0, 13.0], 0.95).unwrap();
    /// assert_eq!(e.mean, 11.5);
    /// assert!(e.ci_low.unwrap() < 11.5 && 11.5 < e.ci_high.unwrap());
    /// ```
    pub fn from_samples(samples: &[f64], level: f64) -> Option<Estimate> {
        let acc: Welford = samples.iter().copied().collect();
        Self::from_welford(&acc, level)
    }

    /// As [`Estimate::from_samples`], from values already accumulated one replication at a time.
    pub fn from_welford(acc: &Welford, level: f64) -> Option<Estimate> {
        if !(level > 0.0 && level < 1.0) {
            return None;
        }
        let n = u32::try_from(acc.count()).ok()?;
        let mean = acc.mean()?;
        let Some(std) = acc.std_dev() else {
            return Some(Estimate {
                mean,
                std: None,
                ci_low: None,
                ci_high: None,
                n,
            });
        };
        let t = critical_value(level, n - 1);
        let half_width = t * std / f64::from(n).sqrt();
        Some(Estimate {
            mean,
            std: Some(std),
            ci_low: Some(mean - half_width),
            ci_high: Some(mean + half_width),
            n,
        })
    }

    /// Half the width of the confidence interval (the "±" of "mean ± h"); `None` when n < 2.
    pub fn half_width(&self) -> Option<f64> {
        Some(0.5 * (self.ci_high? - self.ci_low?))
    }

    /// Standard error of the mean, s/√n; `None` when n < 2.
    pub fn standard_error(&self) -> Option<f64> {
        Some(self.std? / f64::from(self.n).sqrt())
    }
}

/// The two-sided Student-t critical value at `level` with `df` degrees of freedom.
///
/// A report summarises thousands of metrics over the same number of replications, and the
/// quantile is an iterative computation, so the values are kept per thread by (level, df). The
/// cache returns exactly the value computed, so results do not depend on it.
fn critical_value(level: f64, df: u32) -> f64 {
    thread_local! {
        static CRITICAL: std::cell::RefCell<Vec<(u64, u32, f64)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let key = level.to_bits();
    CRITICAL.with(|cache| {
        if let Some(&(_, _, t)) = cache
            .borrow()
            .iter()
            .find(|(l, d, _)| *l == key && *d == df)
        {
            return t;
        }
        // Through the lower tail, (1 − level)/2, which keeps full precision for levels very
        // close to 1, where 0.5 + level/2 would round to 1.
        let t = -student_t_quantile(0.5 * (1.0 - level), f64::from(df));
        let mut cache = cache.borrow_mut();
        if cache.len() >= 64 {
            cache.clear(); // a bound on memory for callers that vary n widely
        }
        cache.push((key, df, t));
        t
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_samples_give_no_estimate() {
        assert_eq!(Estimate::from_samples(&[], 0.95), None);
    }

    #[test]
    fn a_single_sample_gives_only_the_mean() {
        let e = Estimate::from_samples(&[4.25], 0.95).unwrap();
        let expected = Estimate {
            mean: 4.25,
            std: None,
            ci_low: None,
            ci_high: None,
            n: 1,
        };
        assert_eq!(e, expected);
        assert_eq!((e.half_width(), e.standard_error()), (None, None));
    }

    #[test]
    fn equal_samples_give_a_degenerate_interval() {
        let e = Estimate::from_samples(&[0.1; 7], 0.95).unwrap();
        assert_eq!(
            (e.mean, e.std, e.ci_low, e.ci_high, e.n),
            (0.1, Some(0.0), Some(0.1), Some(0.1), 7)
        );
        assert_eq!(e.half_width(), Some(0.0));
    }

    /// Worked by hand: mean 11.5, s² = 5/3, s/√n = √(5/12), and t(0.975, 3) = 3.18244630528371.
    #[test]
    fn interval_is_mean_plus_minus_t_times_standard_error() {
        let e = Estimate::from_samples(&[10.0, 12.0, 11.0, 13.0], 0.95).unwrap();
        let standard_error = (5.0_f64 / 12.0).sqrt();
        let half_width = 3.182_446_305_283_71 * standard_error;
        assert_eq!(e.n, 4);
        assert_eq!(e.mean, 11.5);
        assert!((e.std.unwrap() - (5.0_f64 / 3.0).sqrt()).abs() < 1e-15);
        assert!((e.standard_error().unwrap() - standard_error).abs() < 1e-15);
        assert!((e.ci_low.unwrap() - (11.5 - half_width)).abs() < 1e-13);
        assert!((e.ci_high.unwrap() - (11.5 + half_width)).abs() < 1e-13);
        assert!((e.half_width().unwrap() - half_width).abs() < 1e-13);
    }

    #[test]
    fn higher_levels_give_wider_intervals() {
        let samples = [3.0, 5.0, 4.0, 6.0, 2.0];
        let widths: Vec<f64> = [0.5, 0.8, 0.95, 0.99]
            .iter()
            .map(|&level| {
                Estimate::from_samples(&samples, level)
                    .unwrap()
                    .half_width()
                    .unwrap()
            })
            .collect();
        assert!(widths.windows(2).all(|w| w[0] < w[1]), "{widths:?}");
    }

    #[test]
    fn levels_next_to_one_give_wide_but_finite_intervals() {
        let level = 1.0 - f64::EPSILON / 2.0; // the largest f64 below 1
        let e = Estimate::from_samples(&[1.0, 2.0, 3.0], level).unwrap();
        let half_width = e.half_width().unwrap();
        assert!(half_width.is_finite() && half_width > 1e6, "{e:?}");
    }

    #[test]
    fn invalid_levels_give_no_estimate() {
        for level in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
            assert_eq!(
                Estimate::from_samples(&[1.0, 2.0], level),
                None,
                "level {level}"
            );
        }
    }

    #[test]
    fn from_welford_agrees_with_from_samples() {
        let samples = [0.81, 0.79, 0.84, 0.80, 0.77, 0.83];
        let mut acc = Welford::new();
        acc.extend(samples);
        assert_eq!(
            Estimate::from_welford(&acc, DEFAULT_CONFIDENCE_LEVEL),
            Estimate::from_samples(&samples, DEFAULT_CONFIDENCE_LEVEL)
        );
    }

    #[test]
    fn serialises_fields_in_report_order() {
        let e = Estimate::from_samples(&[1.0, 3.0], 0.95).unwrap();
        let json = serde_json::to_string(&e).unwrap();
        let keys: Vec<usize> = [
            "\"mean\":",
            "\"std\":",
            "\"ci_low\":",
            "\"ci_high\":",
            "\"n\":2",
        ]
        .iter()
        .map(|key| {
            json.find(key)
                .unwrap_or_else(|| panic!("{key} missing in {json}"))
        })
        .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{json}");

        let single = serde_json::to_string(&Estimate::from_samples(&[1.5], 0.95).unwrap()).unwrap();
        assert_eq!(
            single,
            r#"{"mean":1.5,"std":null,"ci_low":null,"ci_high":null,"n":1}"#
        );
    }
}
