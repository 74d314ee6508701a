use std::cmp::Ordering;
use std::fmt;

/// A point in simulated time, in seconds since midnight of the simulated day.
///
/// Always finite: [`SimTime::new`] refuses NaN and infinities, so times can be totally ordered and
/// the calendar can reject an event scheduled "never" instead of sorting it somewhere surprising.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SimTime(f64);

impl SimTime {
    /// Midnight at the start of the simulated day.
    pub const ZERO: SimTime = SimTime(0.0);

    /// A time `secs` seconds after midnight, or `None` if `secs` is not finite.
    pub fn new(secs: f64) -> Option<SimTime> {
        secs.is_finite().then_some(SimTime(secs))
    }

    /// Seconds since midnight.
    pub fn secs(self) -> f64 {
        self.0
    }
}

impl Eq for SimTime {}

impl PartialOrd for SimTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SimTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3}s", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_finite_times() {
        assert!(SimTime::new(f64::NAN).is_none());
        assert!(SimTime::new(f64::INFINITY).is_none());
        assert_eq!(SimTime::new(1.5).map(SimTime::secs), Some(1.5));
    }

    #[test]
    fn orders_totally() {
        let a = SimTime::new(-0.0).unwrap();
        let b = SimTime::new(0.0).unwrap();
        assert!(a < b);
        assert!(SimTime::new(2.0).unwrap() > SimTime::new(1.0).unwrap());
    }
}
