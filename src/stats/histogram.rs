//! Fixed-bin histogram of waiting times, for percentiles without keeping every call.

use std::iter;

/// Histogram of non-negative durations in seconds (waits, typically), from which quantiles such
/// as the 90th-percentile wait are read.
///
/// Storing every wait of a busy day for every replication would cost memory proportional to the
/// traffic; this keeps a fixed set of counters instead, and recording is one increment with no
/// allocation. The buckets are:
///
/// * an exact counter of zero waits: calls answered at once are often the majority, and the
///   quantiles that fall among them are then exactly 0, not an interpolated fraction of a second;
/// * bins of width 1 s covering (0, cap), where cap is [`WaitHistogram::DEFAULT_CAP`] = 7200 s
///   unless set with [`WaitHistogram::with_cap`];
/// * an overflow bin for waits of cap seconds and more, which remembers the largest.
///
/// **Resolution.** [`WaitHistogram::quantile`] interpolates linearly inside the bin where the
/// requested rank falls. That bin also holds the exact sample quantile (the ⌈qn⌉-th smallest
/// value, the smallest for q = 0), so below the cap the result is within 1 s of it, and exact in the zero counter. A
/// quantile in the overflow bin is only known to lie between the cap and the observed maximum.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitHistogram {
    /// Number of waits of exactly 0 s.
    zeros: u64,
    /// `bins[i]` counts the positive waits in [i, i + 1) s.
    bins: Box<[u64]>,
    /// Number of waits of at least `bins.len()` seconds.
    overflow: u64,
    /// Total number of waits recorded.
    count: u64,
    /// Largest wait recorded, 0 while there is none.
    max: f64,
}

impl WaitHistogram {
    /// The default cap, 2 hours: waits beyond it are rare enough that only their count and the
    /// maximum matter.
    pub const DEFAULT_CAP: u32 = 7200;

    /// An empty histogram with 1 s bins up to `cap_seconds`, using 8 bytes per bin.
    pub fn with_cap(cap_seconds: u32) -> Self {
        Self {
            zeros: 0,
            bins: vec![0; cap_seconds as usize].into_boxed_slice(),
            overflow: 0,
            count: 0,
            max: 0.0,
        }
    }

    /// Records one wait of `seconds`.
    ///
    /// Anything not greater than 0 counts as a zero wait: a negative wait can only be the rounding
    /// residue of subtracting two event times (−1e-12 s), and a NaN, which no correct caller
    /// produces, is filed there too rather than corrupting the bins and the maximum.
    pub fn record(&mut self, seconds: f64) {
        self.count += 1;
        if seconds.is_nan() || seconds <= 0.0 {
            self.zeros += 1;
            return;
        }
        self.max = self.max.max(seconds);
        // Truncation is the bin index; it saturates for huge values, which then miss the bins.
        match self.bins.get_mut(seconds as usize) {
            Some(bin) => *bin += 1,
            None => self.overflow += 1,
        }
    }

    /// Number of waits recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The largest wait recorded, or `None` if there is none.
    pub fn max(&self) -> Option<f64> {
        (self.count > 0).then_some(self.max)
    }

    /// Adds the counts of `other`, as if its waits had been recorded here.
    ///
    /// # Panics
    ///
    /// If the two histograms have different caps: their bins would not line up. Histograms of
    /// one experiment are all built with the same cap.
    pub fn merge(&mut self, other: &WaitHistogram) {
        assert_eq!(
            self.bins.len(),
            other.bins.len(),
            "cannot merge wait histograms with different caps"
        );
        self.zeros += other.zeros;
        for (bin, &count) in self.bins.iter_mut().zip(other.bins.iter()) {
            *bin += count;
        }
        self.overflow += other.overflow;
        self.count += other.count;
        self.max = self.max.max(other.max);
    }

    /// Every bucket as (lower edge, upper edge, count), in increasing order of wait: the zero
    /// waits as (0, 0, n), the 1 s bins [i, i + 1), then the overflow as (cap, largest wait, n).
    /// Charts regroup these into wider bins.
    pub fn buckets(&self) -> impl Iterator<Item = (f64, f64, u64)> + '_ {
        let cap = self.bins.len() as f64;
        iter::once((0.0, 0.0, self.zeros))
            .chain(self.bins.iter().zip(0_u32..).map(|(&count, lower)| {
                let lower = f64::from(lower);
                (lower, lower + 1.0, count)
            }))
            .chain(iter::once((cap, self.max, self.overflow)))
    }

    /// The `q`-quantile of the recorded waits (`q` = 0.9 for the 90th percentile), or `None` if
    /// nothing is recorded or `q` is outside [0, 1].
    ///
    /// The rank q·n is located among the buckets in order and interpolated linearly inside its
    /// bucket, so the result is continuous and increasing in `q`. A rank among the zero waits gives
    /// exactly 0, one in the overflow bin interpolates from the cap towards the observed maximum,
    /// and no result exceeds that maximum. See the type documentation for the resolution.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.count == 0 || !(0.0..=1.0).contains(&q) {
            return None;
        }
        let rank = q * self.count as f64;
        let mut below = 0.0;
        for (lower, upper, count) in self.buckets().filter(|&(_, _, count)| count > 0) {
            let count = count as f64;
            if rank <= below + count {
                let fraction = (rank - below) / count;
                return Some((lower + fraction * (upper - lower)).min(self.max));
            }
            below += count;
        }
        // Unreachable with exact arithmetic, since rank ≤ n; the top is the right answer anyway.
        Some(self.max)
    }
}

/// A histogram's counters laid out for storage: only the bins that counted something, so the
/// histogram of a shard of a few replications takes a few hundred numbers, not 7,200.
#[derive(Clone, Debug, PartialEq)]
pub struct HistogramCounts {
    /// The cap in seconds (the number of 1 s bins).
    pub cap: u32,
    /// Waits of exactly 0 s.
    pub zeros: u64,
    /// (bin index, count) of every bin with a positive count, in increasing order of bin.
    pub bins: Vec<(u32, u64)>,
    /// Waits of the cap and more.
    pub overflow: u64,
    /// The largest wait recorded, 0 while there is none.
    pub max: f64,
}

impl WaitHistogram {
    /// The counters, for storing the histogram ([`WaitHistogram::from_counts`] reads them back
    /// into an equal histogram).
    pub fn counts(&self) -> HistogramCounts {
        HistogramCounts {
            cap: self.bins.len() as u32,
            zeros: self.zeros,
            bins: (0_u32..)
                .zip(self.bins.iter())
                .filter(|&(_, &count)| count > 0)
                .map(|(bin, &count)| (bin, count))
                .collect(),
            overflow: self.overflow,
            max: self.max,
        }
    }

    /// Adds the counters `counts` of another histogram, as [`WaitHistogram::merge`] does.
    ///
    /// # Panics
    ///
    /// If `counts` has another cap, or a bin beyond it: the bins would not line up.
    pub fn add_counts(&mut self, counts: &HistogramCounts) {
        assert_eq!(
            self.bins.len(),
            counts.cap as usize,
            "cannot merge wait histograms with different caps"
        );
        self.zeros += counts.zeros;
        for &(bin, count) in &counts.bins {
            self.bins[bin as usize] += count;
            self.count += count;
        }
        self.overflow += counts.overflow;
        self.count += counts.zeros + counts.overflow;
        self.max = self.max.max(counts.max);
    }

    /// The histogram with these counters, or why they cannot be one (a bin beyond the cap or
    /// listed twice, out of order, or a count that overflows).
    pub fn from_counts(counts: &HistogramCounts) -> Result<Self, String> {
        let mut histogram = WaitHistogram::with_cap(counts.cap);
        let mut total = counts.zeros.checked_add(counts.overflow);
        let mut previous = None;
        for &(bin, count) in &counts.bins {
            if previous.is_some_and(|p| bin <= p) {
                return Err(format!("bin {bin} is out of increasing order"));
            }
            previous = Some(bin);
            let slot = histogram
                .bins
                .get_mut(bin as usize)
                .ok_or_else(|| format!("bin {bin} is beyond the cap of {} s", counts.cap))?;
            *slot = count;
            total = total.and_then(|t| t.checked_add(count));
        }
        if !(counts.max.is_finite() && counts.max >= 0.0) {
            return Err(format!("the largest wait {} is not a wait", counts.max));
        }
        histogram.zeros = counts.zeros;
        histogram.overflow = counts.overflow;
        histogram.count = total.ok_or("the counts add up to more than 2^64")?;
        histogram.max = counts.max;
        Ok(histogram)
    }
}

impl Default for WaitHistogram {
    /// An empty histogram with the [default cap](WaitHistogram::DEFAULT_CAP).
    fn default() -> Self {
        Self::with_cap(Self::DEFAULT_CAP)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: a few lines of reproducible pseudo-randomness, good enough for test data.
    struct XorShift(u64);

    impl XorShift {
        /// Uniform in [0, 1).
        fn next_unit(&mut self) -> f64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1_u64 << 53) as f64
        }

        /// Exponential with the given mean.
        fn exponential(&mut self, mean: f64) -> f64 {
            -mean * (1.0 - self.next_unit()).ln()
        }
    }

    /// The exact sample quantile the histogram approximates: the ⌈qn⌉-th smallest value (the
    /// smallest for q = 0).
    fn exact_quantile(sorted: &[f64], q: f64) -> f64 {
        let rank = (q * sorted.len() as f64).ceil() as usize;
        sorted[rank.max(1) - 1]
    }

    fn histogram_of(values: &[f64], cap: u32) -> WaitHistogram {
        let mut histogram = WaitHistogram::with_cap(cap);
        values.iter().for_each(|&x| histogram.record(x));
        histogram
    }

    const QUANTILES: [f64; 12] = [
        0.0, 0.01, 0.1, 0.25, 0.5, 0.6, 0.75, 0.8, 0.9, 0.95, 0.99, 1.0,
    ];

    #[test]
    fn buckets_hold_every_wait_in_order() {
        let histogram = histogram_of(&[0.0, 0.5, 2.25, 2.75, 9.0, 15.0], 10);
        let buckets: Vec<_> = histogram.buckets().filter(|b| b.2 > 0).collect();
        assert_eq!(
            buckets,
            [
                (0.0, 0.0, 1),
                (0.0, 1.0, 1),
                (2.0, 3.0, 2),
                (9.0, 10.0, 1),
                (10.0, 15.0, 1)
            ]
        );
        assert_eq!(histogram.buckets().count(), 12);
    }

    #[test]
    fn empty_histogram_has_no_quantiles() {
        let histogram = WaitHistogram::default();
        assert_eq!(
            (histogram.count(), histogram.quantile(0.5), histogram.max()),
            (0, None, None)
        );
    }

    #[test]
    fn quantiles_are_within_one_bin_of_the_exact_sample_quantiles() {
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        for (n, mean) in [(7, 40.0), (100, 3.0), (10_000, 45.0), (50_000, 400.0)] {
            let mut waits: Vec<f64> = (0..n).map(|_| rng.exponential(mean)).collect();
            let histogram = histogram_of(&waits, WaitHistogram::DEFAULT_CAP);
            waits.sort_by(f64::total_cmp);
            assert!(
                waits[n - 1] < 7200.0,
                "the test data must stay below the cap"
            );
            for q in QUANTILES {
                let (got, exact) = (histogram.quantile(q).unwrap(), exact_quantile(&waits, q));
                assert!(
                    (got - exact).abs() <= 1.0,
                    "n {n}, q {q}: got {got}, exact {exact}"
                );
            }
            assert_eq!(histogram.quantile(1.0), Some(waits[n - 1]));
        }
    }

    /// Most calls answered at once: the low quantiles must be exactly 0, not a fraction of a bin.
    #[test]
    fn zero_heavy_data_gives_exact_zero_quantiles() {
        let mut rng = XorShift(42);
        let mut waits: Vec<f64> = (0..20_000)
            .map(|_| {
                if rng.next_unit() < 0.7 {
                    0.0
                } else {
                    rng.exponential(20.0)
                }
            })
            .collect();
        let histogram = histogram_of(&waits, WaitHistogram::DEFAULT_CAP);
        waits.sort_by(f64::total_cmp);
        let zeros = waits.iter().filter(|&&x| x == 0.0).count();
        let zero_share = zeros as f64 / waits.len() as f64;
        for q in QUANTILES {
            let (got, exact) = (histogram.quantile(q).unwrap(), exact_quantile(&waits, q));
            if q <= zero_share {
                assert_eq!(got, 0.0, "q {q}");
            }
            assert!(
                (got - exact).abs() <= 1.0,
                "q {q}: got {got}, exact {exact}"
            );
        }
        assert_eq!(histogram.quantile(zero_share), Some(0.0));
        assert!(histogram.quantile(zero_share + 1e-3).unwrap() > 0.0);
    }

    #[test]
    fn all_zero_waits() {
        let histogram = histogram_of(&[0.0; 5], 60);
        assert_eq!(histogram.count(), 5);
        assert_eq!(histogram.max(), Some(0.0));
        for q in QUANTILES {
            assert_eq!(histogram.quantile(q), Some(0.0));
        }
    }

    #[test]
    fn interpolates_linearly_inside_a_bin() {
        // Four waits in the bin [10, 11): rank q·4 sits a quarter of the bin further per wait.
        let histogram = histogram_of(&[10.2, 10.4, 10.6, 10.8], 60);
        assert_eq!(histogram.quantile(0.0), Some(10.0));
        assert_eq!(histogram.quantile(0.25), Some(10.25));
        assert_eq!(histogram.quantile(0.5), Some(10.5));
        // Capped at the largest wait rather than the bin's upper edge.
        assert_eq!(histogram.quantile(1.0), Some(10.8));
    }

    #[test]
    fn overflow_bin_interpolates_towards_the_maximum() {
        // Half the waits below a 60 s cap, half in the overflow bin between 60 and 160 s.
        let histogram = histogram_of(&[5.5, 5.5, 70.0, 160.0], 60);
        assert_eq!(histogram.max(), Some(160.0));
        assert_eq!(histogram.quantile(0.5), Some(6.0));
        assert_eq!(histogram.quantile(0.75), Some(110.0));
        assert_eq!(histogram.quantile(1.0), Some(160.0));
        // At the cap exactly, a wait belongs to the overflow bin.
        let at_cap = histogram_of(&[60.0], 60);
        assert_eq!(at_cap.quantile(0.5), Some(60.0));
    }

    #[test]
    fn quantile_is_monotone_in_q() {
        let mut rng = XorShift(7);
        let waits: Vec<f64> = (0..3_000)
            .map(|_| {
                if rng.next_unit() < 0.3 {
                    0.0
                } else {
                    rng.exponential(30.0)
                }
            })
            .collect();
        let histogram = histogram_of(&waits, 120);
        let values: Vec<f64> = (0..=1000)
            .map(|i| histogram.quantile(f64::from(i) / 1000.0).unwrap())
            .collect();
        assert!(values.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn odd_inputs_are_handled_without_panicking() {
        let mut histogram = WaitHistogram::with_cap(10);
        for x in [-1e-12, f64::NAN, f64::INFINITY, 1e300, 3.0] {
            histogram.record(x);
        }
        assert_eq!(histogram.count(), 5);
        // Negative and NaN count as zero waits: the lowest two fifths are 0.
        assert_eq!(histogram.quantile(0.4), Some(0.0));
        assert_eq!(histogram.max(), Some(f64::INFINITY));
        for q in [-0.1, 1.1, f64::NAN] {
            assert_eq!(histogram.quantile(q), None);
        }
        // A zero cap sends every positive wait to the overflow bin.
        let no_bins = histogram_of(&[0.0, 4.0], 0);
        assert_eq!(no_bins.quantile(1.0), Some(4.0));
    }

    #[test]
    fn merge_equals_recording_everything_into_one() {
        let mut rng = XorShift(3);
        let waits: Vec<f64> = (0..5_000)
            .map(|_| {
                if rng.next_unit() < 0.4 {
                    0.0
                } else {
                    rng.exponential(90.0)
                }
            })
            .collect();
        let whole = histogram_of(&waits, 300);
        let (left, right) = waits.split_at(1_234);
        let mut merged = histogram_of(left, 300);
        merged.merge(&histogram_of(right, 300));
        assert_eq!(merged, whole);
    }

    #[test]
    #[should_panic(expected = "different caps")]
    fn merging_different_caps_panics() {
        WaitHistogram::with_cap(10).merge(&WaitHistogram::with_cap(20));
    }

    #[test]
    fn counts_read_back_into_an_equal_histogram() {
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        let mut histogram = WaitHistogram::with_cap(60);
        for _ in 0..500 {
            histogram.record(rng.exponential(20.0));
        }
        histogram.record(0.0);
        let counts = histogram.counts();
        assert!(counts.bins.len() < 60 && counts.overflow > 0 && counts.zeros == 1);
        assert_eq!(WaitHistogram::from_counts(&counts).as_ref(), Ok(&histogram));
        let mut added = WaitHistogram::with_cap(60);
        added.record(0.5);
        let mut merged = added.clone();
        added.add_counts(&counts);
        merged.merge(&histogram);
        assert_eq!(added, merged);
    }

    #[test]
    fn counts_beyond_the_cap_or_out_of_order_are_refused() {
        let mut counts = WaitHistogram::with_cap(10).counts();
        counts.bins = vec![(10, 1)];
        assert!(
            WaitHistogram::from_counts(&counts)
                .unwrap_err()
                .contains("beyond the cap")
        );
        counts.bins = vec![(3, 1), (3, 2)];
        assert!(
            WaitHistogram::from_counts(&counts)
                .unwrap_err()
                .contains("order")
        );
    }
}
