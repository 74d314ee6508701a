//! Number and time formatting shared by the table and the CSV/JSON writers.

use crate::sim::metrics::Unit;
use crate::stats::Estimate;

/// Formats seconds since midnight as a clock time: `HH:MM`, or `HH:MM:SS` when the seconds are not
/// zero. Hours go past 24 for runs longer than a day.
pub fn clock_time(seconds: f64) -> String {
    let total = seconds.round() as i64;
    let (hours, minutes, secs) = (total / 3600, (total % 3600) / 60, total % 60);
    if secs == 0 {
        format!("{hours:02}:{minutes:02}")
    } else {
        format!("{hours:02}:{minutes:02}:{secs:02}")
    }
}

/// Formats a value for a table according to its unit.
pub(crate) fn value(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Share => format!("{:.1}%", value * 100.0),
        Unit::Seconds => format!("{value:.1} s"),
        Unit::Calls => format!("{value:.1}"),
        Unit::Level => format!("{value:.2}"),
    }
}

/// The mean of an estimate for its unit, or "-" when the metric is undefined.
pub(crate) fn mean_text(estimate: Option<&Estimate>, unit: Unit) -> String {
    estimate.map_or_else(|| "-".to_string(), |e| value(e.mean, unit))
}

/// The confidence interval of an estimate as "[low, high]", or nothing when there is none.
pub(crate) fn ci_text(estimate: Option<&Estimate>, unit: Unit) -> String {
    match estimate.and_then(|e| e.ci_low.zip(e.ci_high)) {
        Some((low, high)) => format!("[{}, {}]", value(low, unit), value(high, unit)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times() {
        assert_eq!(clock_time(8.0 * 3600.0), "08:00");
        assert_eq!(clock_time(8.0 * 3600.0 + 90.0), "08:01:30");
        assert_eq!(clock_time(25.0 * 3600.0), "25:00");
    }

    #[test]
    fn values_by_unit() {
        assert_eq!(value(0.8123, Unit::Share), "81.2%");
        assert_eq!(value(23.456, Unit::Seconds), "23.5 s");
        assert_eq!(value(1234.25, Unit::Calls), "1234.2");
    }
}
