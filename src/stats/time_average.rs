//! Time-weighted average of a piecewise-constant quantity.

/// Time average and maximum of a quantity that changes only at events, such as the queue length
/// or the number of busy agents.
///
/// Between two events the level is constant, so its integral over the day is Σ level × duration,
/// accumulated in O(1) without storing the path. The caller reports each level for the time it
/// was held, usually just before it changes:
///
/// ```
/// # use ccsim::stats::TimeAverage;
/// let mut queue = TimeAverage::default();
/// queue.add(0.0, 30.0); // empty for 30 s
/// queue.add(2.0, 10.0); // two waiting for 10 s
/// assert_eq!(queue.mean(), Some(0.5));
/// assert_eq!(queue.max(), Some(2.0));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TimeAverage {
    /// ∫ level dt.
    integral: f64,
    /// Total time covered.
    duration: f64,
    /// Highest level seen.
    max: Option<f64>,
}

impl TimeAverage {
    /// Records that the quantity stood at `level` for `duration` (≥ 0, in any time unit as long
    /// as it is always the same one). The level also counts towards [`TimeAverage::max`].
    pub fn add(&mut self, level: f64, duration: f64) {
        self.integral += level * duration;
        self.duration += duration;
        self.observe_level(level);
    }

    /// Records a level for the maximum only, without adding time: a level reached and left at the
    /// same instant (two events with one timestamp), or the current level of a period not yet
    /// closed.
    pub fn observe_level(&mut self, level: f64) {
        self.max = Some(self.max.map_or(level, |max| max.max(level)));
    }

    /// Adds the time and integral of `other`, as if its levels had been recorded here: the mean
    /// of the result is weighted by each part's duration, and its maximum is the larger of the
    /// two. For pooling the same clock interval over several days.
    pub fn merge(&mut self, other: &TimeAverage) {
        self.integral += other.integral;
        self.duration += other.duration;
        if let Some(level) = other.max {
            self.observe_level(level);
        }
    }

    /// The time-weighted mean level, or `None` before any time has been added.
    pub fn mean(&self) -> Option<f64> {
        (self.duration > 0.0).then(|| self.integral / self.duration)
    }

    /// The highest level recorded, or `None` if none has been.
    pub fn max(&self) -> Option<f64> {
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 30 s at 0 then 10 s at 2 in one part, 20 s at 1 in the other: (0 + 20 + 20) / 60.
    #[test]
    fn merge_weights_by_duration_and_keeps_the_larger_maximum() {
        let mut first = TimeAverage::default();
        first.add(0.0, 30.0);
        first.add(2.0, 10.0);
        let mut second = TimeAverage::default();
        second.add(1.0, 20.0);
        first.merge(&second);
        assert_eq!(first.mean(), Some(40.0 / 60.0));
        assert_eq!(first.max(), Some(2.0));
        let mut empty = TimeAverage::default();
        empty.merge(&TimeAverage::default());
        assert_eq!((empty.mean(), empty.max()), (None, None));
    }

    #[test]
    fn empty_accumulator_has_no_mean_or_max() {
        let avg = TimeAverage::default();
        assert_eq!((avg.mean(), avg.max()), (None, None));
    }

    #[test]
    fn mean_is_weighted_by_duration() {
        let mut avg = TimeAverage::default();
        for (level, duration) in [(1.0, 10.0), (3.0, 5.0), (0.0, 5.0)] {
            avg.add(level, duration);
        }
        // (1·10 + 3·5 + 0·5) / 20
        assert_eq!(avg.mean(), Some(1.25));
        assert_eq!(avg.max(), Some(3.0));
    }

    #[test]
    fn instantaneous_levels_count_for_the_max_only() {
        let mut avg = TimeAverage::default();
        avg.add(2.0, 4.0);
        avg.observe_level(9.0);
        avg.add(2.0, 0.0);
        assert_eq!(avg.mean(), Some(2.0));
        assert_eq!(avg.max(), Some(9.0));
    }

    #[test]
    fn zero_total_duration_has_no_mean() {
        let mut avg = TimeAverage::default();
        avg.add(5.0, 0.0);
        assert_eq!((avg.mean(), avg.max()), (None, Some(5.0)));
    }

    #[test]
    fn max_of_negative_levels_is_not_clamped_to_zero() {
        let mut avg = TimeAverage::default();
        avg.add(-3.0, 1.0);
        avg.add(-1.0, 1.0);
        assert_eq!(avg.max(), Some(-1.0));
    }
}
