//! The spread of the daily service level across simulated days.
//!
//! The confidence interval of the mean service level says how well the *average* day is known;
//! a planner facing an uncertain forecast also asks how bad a bad day gets, and on how many days
//! the target is met. Each replication is one simulated day, so the percentiles of the
//! per-replication service level answer that directly.

/// Percentiles of the per-day headline service level and the share of days meeting the target.
#[derive(Clone, Debug, PartialEq)]
pub struct DailySpread {
    /// Days (replications) with a defined service level.
    pub days: usize,
    /// 10th percentile: one simulated day in ten is worse than this.
    pub p10: f64,
    /// Median day.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Share of days whose service level reached the target.
    pub met_target: f64,
}

impl DailySpread {
    /// The spread of `levels` (one per day where defined) against `target`; `None` with no day.
    pub fn new(levels: impl Iterator<Item = f64>, target: f64) -> Option<Self> {
        let mut sorted: Vec<f64> = levels.collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let days = sorted.len();
        let met = sorted.iter().filter(|level| **level >= target).count();
        Some(DailySpread {
            days,
            p10: percentile(&sorted, 0.1),
            p50: percentile(&sorted, 0.5),
            p90: percentile(&sorted, 0.9),
            met_target: met as f64 / days as f64,
        })
    }
}

/// The `p`-quantile of ascending `sorted` values, interpolating linearly between the order
/// statistics at rank `p·(n − 1)` (the definition of spreadsheets' PERCENTILE.INC).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = p * (sorted.len() - 1) as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Eleven days 0.70, 0.71, …, 0.80 (given out of order): rank 0.1·10 = 1 → 0.71, the median
    /// 0.75, rank 9 → 0.79; days at or above a 77.5 % target: 0.78, 0.79, 0.80 = 3 of 11.
    #[test]
    fn percentiles_and_days_meeting_the_target() {
        let levels = (0..=10).rev().map(|i| 0.70 + f64::from(i) / 100.0);
        let spread = DailySpread::new(levels, 0.775).unwrap();
        assert_eq!(spread.days, 11);
        assert!((spread.p10 - 0.71).abs() < 1e-12);
        assert!((spread.p50 - 0.75).abs() < 1e-12);
        assert!((spread.p90 - 0.79).abs() < 1e-12);
        assert!((spread.met_target - 3.0 / 11.0).abs() < 1e-12);
    }

    /// Between order statistics: four days 0.6, 0.7, 0.8, 0.9: rank 0.3 → 0.63, rank 1.5 → 0.75.
    #[test]
    fn interpolates_between_days() {
        let spread = DailySpread::new([0.9, 0.6, 0.8, 0.7].into_iter(), 0.8).unwrap();
        assert!((spread.p10 - 0.63).abs() < 1e-12);
        assert!((spread.p50 - 0.75).abs() < 1e-12);
        assert!((spread.p90 - 0.87).abs() < 1e-12);
        assert_eq!(spread.met_target, 0.5);
        assert_eq!(DailySpread::new(std::iter::empty(), 0.8), None);
    }
}
