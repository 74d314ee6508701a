use rand::RngExt;

/// A Poisson arrival process whose rate is constant within each interval of the day.
///
/// Arrivals are generated interval by interval: an exponential gap is drawn at the current rate, and
/// if it would cross the interval's end the clock moves to that end and a fresh gap is drawn at the
/// next interval's rate. The exponential is memoryless, so this is exact at every boundary, and an
/// interval with rate zero simply receives no arrivals.
#[derive(Clone, Debug, PartialEq)]
pub struct PiecewisePoisson {
    start: f64,
    interval: f64,
    end: f64,
    rates_per_second: Vec<f64>,
}

impl PiecewisePoisson {
    /// A process starting at `start` (seconds) with one rate per interval of length `interval`; the
    /// last interval may be cut short by `end`. Rates are calls per second.
    pub fn new(start: f64, interval: f64, end: f64, rates_per_second: Vec<f64>) -> Self {
        debug_assert!(interval > 0.0 && end > start);
        debug_assert!(rates_per_second.iter().all(|r| r.is_finite() && *r >= 0.0));
        PiecewisePoisson {
            start,
            interval,
            end,
            rates_per_second,
        }
    }

    /// The time of the first arrival strictly after `now`, or `None` if none comes before the end.
    pub fn next_after<R: rand::Rng + ?Sized>(&self, now: f64, rng: &mut R) -> Option<f64> {
        let mut t = now.max(self.start);
        let mut index = ((t - self.start) / self.interval).floor() as usize;
        while index < self.rates_per_second.len() && t < self.end {
            let interval_end = (self.start + (index + 1) as f64 * self.interval).min(self.end);
            let rate = self.rates_per_second[index];
            if rate > 0.0 {
                let unit_exponential = -(1.0 - rng.random::<f64>()).ln();
                let candidate = t + unit_exponential / rate;
                if candidate < interval_end {
                    return Some(candidate);
                }
            }
            t = interval_end;
            index += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::rng::stream;

    fn counts_per_interval(process: &PiecewisePoisson, days: usize) -> Vec<f64> {
        let mut counts = vec![0.0; process.rates_per_second.len()];
        for day in 0..days {
            let mut rng = stream(11, day as u64, 0);
            let mut t = process.start;
            while let Some(next) = process.next_after(t, &mut rng) {
                counts[((next - process.start) / process.interval) as usize] += 1.0;
                t = next;
            }
        }
        counts.iter().map(|c| c / days as f64).collect()
    }

    /// Mean counts per interval match rate × length within 4 standard errors (Poisson: se = √(λ/days)),
    /// including an interval with rate zero and a short last interval.
    #[test]
    fn counts_are_right_across_boundaries() {
        let per_hour = [120.0, 0.0, 600.0, 30.0];
        let process = PiecewisePoisson::new(
            8.0 * 3600.0,
            1800.0,
            8.0 * 3600.0 + 3.5 * 1800.0,
            per_hour.iter().map(|r| r / 3600.0).collect(),
        );
        let days = 2000;
        let counts = counts_per_interval(&process, days);
        let lengths = [1800.0, 1800.0, 1800.0, 900.0];
        for ((count, rate), length) in counts.iter().zip(per_hour).zip(lengths) {
            let expected = rate / 3600.0 * length;
            let se = (expected / days as f64).sqrt();
            assert!(
                (count - expected).abs() <= 4.0 * se.max(1e-12),
                "{count} vs {expected}"
            );
        }
        assert_eq!(counts[1], 0.0);
    }

    #[test]
    fn no_arrivals_after_the_end() {
        let process = PiecewisePoisson::new(0.0, 60.0, 120.0, vec![1.0, 1.0]);
        let mut rng = stream(1, 0, 0);
        assert_eq!(process.next_after(120.0, &mut rng), None);
        assert_eq!(process.next_after(500.0, &mut rng), None);
    }
}
