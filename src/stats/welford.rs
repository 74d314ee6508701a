//! Streaming mean and variance.

/// Running count, mean and sum of squared deviations of a stream of values (Welford's algorithm).
///
/// Welford's update avoids the catastrophic cancellation of the textbook Σx² − n·x̄² formula,
/// which matters here because simulated metrics often have a large mean and a small spread (a
/// service level of 0.8 ± 0.01, a day's call count of 20 000 ± 150). Accumulators built on
/// different threads or replications combine exactly with [`Welford::merge`].
///
/// ```
/// # use ccsim::stats::Welford;
/// let acc: Welford = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0].into_iter().collect();
/// assert_eq!(acc.mean(), Some(5.0));
/// assert_eq!(acc.variance(), Some(32.0 / 7.0));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Welford {
    count: u64,
    mean: f64,
    /// Sum of squared deviations from the current mean.
    m2: f64,
}

impl Welford {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one value.
    pub fn push(&mut self, x: f64) {
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// Number of values pushed (or merged in).
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Mean of the values, or `None` if there are none.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then_some(self.mean)
    }

    /// Sample variance (divisor n − 1), or `None` with fewer than two values.
    pub fn variance(&self) -> Option<f64> {
        (self.count > 1).then(|| self.m2 / (self.count - 1) as f64)
    }

    /// Sample standard deviation, the square root of [`Welford::variance`].
    pub fn std_dev(&self) -> Option<f64> {
        self.variance().map(f64::sqrt)
    }

    /// Folds `other` into `self`, as if all of its values had been pushed here.
    ///
    /// Uses the pairwise update of Chan, Golub and LeVeque (1979), which is exact in exact
    /// arithmetic and as stable as Welford's update in floating point.
    pub fn merge(&mut self, other: &Welford) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = *other;
            return;
        }
        let count = self.count + other.count;
        let (n_self, n_other, n) = (self.count as f64, other.count as f64, count as f64);
        let delta = other.mean - self.mean;
        self.mean += delta * (n_other / n);
        self.m2 += other.m2 + delta * delta * (n_self * n_other / n);
        self.count = count;
    }
}

impl Extend<f64> for Welford {
    fn extend<I: IntoIterator<Item = f64>>(&mut self, values: I) {
        values.into_iter().for_each(|x| self.push(x));
    }
}

impl FromIterator<f64> for Welford {
    fn from_iter<I: IntoIterator<Item = f64>>(values: I) -> Self {
        let mut acc = Self::new();
        acc.extend(values);
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two-pass mean and sample variance, the reference the streaming version must reproduce.
    fn two_pass(values: &[f64]) -> (f64, f64) {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let variance = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (mean, variance)
    }

    fn close(a: f64, b: f64, relative: f64) -> bool {
        (a - b).abs() <= relative * b.abs().max(f64::MIN_POSITIVE)
    }

    #[test]
    fn empty_and_single_value() {
        let mut acc = Welford::new();
        assert_eq!(
            (acc.count(), acc.mean(), acc.variance(), acc.std_dev()),
            (0, None, None, None)
        );
        acc.push(3.5);
        assert_eq!(
            (acc.count(), acc.mean(), acc.variance(), acc.std_dev()),
            (1, Some(3.5), None, None)
        );
    }

    #[test]
    fn matches_two_pass_formulas() {
        let values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let acc: Welford = values.into_iter().collect();
        let (mean, variance) = two_pass(&values);
        assert_eq!(acc.count(), 8);
        assert!(close(acc.mean().unwrap(), mean, 1e-15));
        assert!(close(acc.variance().unwrap(), variance, 1e-15));
        assert!(close(acc.std_dev().unwrap(), variance.sqrt(), 1e-15));
    }

    /// A large offset with a tiny spread (standard deviation 2e-12 of the mean): the textbook
    /// (Σx² − n·x̄²)/(n − 1) loses every digit, Welford's update keeps five.
    #[test]
    fn is_stable_for_a_large_mean_and_small_spread() {
        let values: Vec<f64> = (0..1000).map(|i| 1e9 + f64::from(i % 7) * 1e-3).collect();
        let acc: Welford = values.iter().copied().collect();
        let (mean, variance) = two_pass(&values);
        assert!(close(acc.mean().unwrap(), mean, 1e-15));
        assert!(close(acc.variance().unwrap(), variance, 1e-5));

        let n = values.len() as f64;
        let sum_of_squares: f64 = values.iter().map(|x| x * x).sum();
        let textbook = (sum_of_squares - n * mean * mean) / (n - 1.0);
        assert!(!close(textbook, variance, 1.0));
    }

    #[test]
    fn merge_equals_pushing_everything_into_one() {
        let values: Vec<f64> = (0..100)
            .map(|i| (f64::from(i) * 0.37).sin() * 10.0 + 3.0)
            .collect();
        let whole: Welford = values.iter().copied().collect();
        for split in [0, 1, 37, 99, 100] {
            let mut left: Welford = values[..split].iter().copied().collect();
            let right: Welford = values[split..].iter().copied().collect();
            left.merge(&right);
            assert_eq!(left.count(), whole.count(), "split at {split}");
            assert!(
                close(left.mean().unwrap(), whole.mean().unwrap(), 1e-14),
                "split at {split}"
            );
            assert!(
                close(left.variance().unwrap(), whole.variance().unwrap(), 1e-13),
                "split at {split}"
            );
        }
    }

    #[test]
    fn merging_empty_accumulators_changes_nothing() {
        let mut acc: Welford = [1.0, 2.0].into_iter().collect();
        let before = acc;
        acc.merge(&Welford::new());
        assert_eq!(acc, before);
        let mut empty = Welford::new();
        empty.merge(&before);
        assert_eq!(empty, before);
    }
}
