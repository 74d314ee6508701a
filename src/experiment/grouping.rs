//! Reporting intervals coarser than the scenario's: `--group-by hour` turns a day of 15- or
//! 30-minute intervals into hours.
//!
//! A grouped interval adds up its intervals' tallies — counts, sums, wait histograms and clock
//! integrals — in each replication before any metric is computed, so its service level, ASA or
//! occupancy is exactly what one interval of that length would have measured (a ratio of totals),
//! not an average of the shorter intervals' ratios.

use crate::model::Hours;
use crate::sim::{CallTally, ClockTally, DayTally};
use std::ops::Range;

/// How the scenario's intervals are grouped into reporting intervals: consecutive intervals that
/// fall in the same stretch of `length` seconds of the clock (counted from midnight) form one.
#[derive(Clone, Debug, PartialEq)]
pub struct Grouping {
    /// The length of a reporting interval, seconds.
    length: f64,
    /// The scenario intervals of each reporting interval, in order.
    groups: Vec<Range<usize>>,
}

/// A reporting interval that does not fit the scenario's intervals.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GroupingError {
    /// The reporting interval is shorter than the scenario's.
    #[error(
        "a reporting interval of {length} s is finer than the scenario's {interval} s intervals; \
         group by the scenario's interval or a multiple of it (such as 1h)"
    )]
    Finer {
        /// The reporting interval asked for, seconds.
        length: f64,
        /// The scenario's interval, seconds.
        interval: f64,
    },
    /// The reporting interval is not a whole number of the scenario's intervals.
    #[error(
        "a reporting interval of {length} s is not a whole number of the scenario's {interval} s \
         intervals; group by a multiple of {interval} s (such as 1h for 15- or 30-minute \
         intervals)"
    )]
    NotMultiple {
        /// The reporting interval asked for, seconds.
        length: f64,
        /// The scenario's interval, seconds.
        interval: f64,
    },
    /// An interval of the scenario straddles two reporting intervals (the opening time is not
    /// on the grid of either).
    #[error(
        "the scenario's interval {start} s–{end} s straddles two reporting intervals of {length} \
         s (counted from midnight); open on a multiple of the scenario's interval, or group by \
         another length"
    )]
    Straddles {
        /// Start of the scenario interval, seconds since midnight.
        start: f64,
        /// End of the scenario interval, seconds since midnight.
        end: f64,
        /// The reporting interval asked for, seconds.
        length: f64,
    },
}

/// Tolerance for comparing interval lengths and clock times, seconds.
const EPSILON: f64 = 1e-6;

impl Grouping {
    /// Every interval on its own: the scenario's own reporting intervals.
    pub fn none(hours: &Hours) -> Self {
        Grouping {
            length: hours.interval,
            groups: (0..hours.interval_count()).map(|i| i..i + 1).collect(),
        }
    }

    /// Reporting intervals of `length` seconds, aligned on the clock (an hour runs from HH:00 to
    /// HH+1:00), each made of whole intervals of the scenario. The first and last may be shorter
    /// when the centre opens or closes within one.
    ///
    /// # Errors
    ///
    /// When `length` is finer than the scenario's interval or not a multiple of it, or when a
    /// scenario interval would straddle two reporting intervals.
    pub fn new(hours: &Hours, length: f64) -> Result<Self, GroupingError> {
        let interval = hours.interval;
        if length < interval - EPSILON {
            return Err(GroupingError::Finer { length, interval });
        }
        let ratio = length / interval;
        if (ratio - ratio.round()).abs() > EPSILON {
            return Err(GroupingError::NotMultiple { length, interval });
        }
        let slot_of = |time: f64| ((time + EPSILON) / length).floor();
        let mut groups: Vec<Range<usize>> = Vec::new();
        let mut current_slot = None;
        for index in 0..hours.interval_count() {
            let (start, end) = hours.interval_bounds(index);
            let slot = slot_of(start);
            if slot_of(end - 2.0 * EPSILON) != slot {
                return Err(GroupingError::Straddles { start, end, length });
            }
            match groups.last_mut() {
                Some(group) if current_slot == Some(slot) => group.end = index + 1,
                _ => groups.push(index..index + 1),
            }
            current_slot = Some(slot);
        }
        Ok(Grouping { length, groups })
    }

    /// The length of a reporting interval, seconds (the first and last may be shorter).
    pub fn length(&self) -> f64 {
        self.length
    }

    /// The scenario intervals of each reporting interval, in order.
    pub fn groups(&self) -> &[Range<usize>] {
        &self.groups
    }

    /// Whether every reporting interval is one scenario interval.
    pub fn is_identity(&self) -> bool {
        self.groups.iter().all(|group| group.len() == 1)
    }

    /// Replaces the per-interval tallies of one replication (calls, clock time, and calls of
    /// each class) by their sums over each reporting interval.
    pub fn apply(&self, tally: &mut DayTally) {
        if self.is_identity() {
            return;
        }
        tally.interval_calls = self.sum(&tally.interval_calls, CallTally::add);
        tally.interval_clock = self.sum(&tally.interval_clock, ClockTally::add);
        for class in &mut tally.class_interval_calls {
            *class = self.sum(class, CallTally::add);
        }
    }

    /// Each group's sum of `parts`.
    fn sum<T: Clone>(&self, parts: &[T], add: impl Fn(&mut T, &T)) -> Vec<T> {
        self.groups
            .iter()
            .map(|group| {
                let mut total = parts[group.start].clone();
                for part in &parts[group.start + 1..group.end] {
                    add(&mut total, part);
                }
                total
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(open: f64, close: f64, interval: f64) -> Hours {
        Hours {
            open: open * 3600.0,
            close: close * 3600.0,
            interval,
        }
    }

    #[test]
    fn half_hours_group_into_clock_hours() {
        let grouping = Grouping::new(&hours(8.0, 10.0, 1800.0), 3600.0).unwrap();
        assert_eq!(grouping.groups(), [0..2, 2..4]);
        // Opening at 08:30: the first hour holds one half hour, the last is cut by closing.
        let grouping = Grouping::new(&hours(8.5, 10.25, 900.0), 3600.0).unwrap();
        assert_eq!(grouping.groups(), [0..2, 2..6, 6..7]);
    }

    #[test]
    fn grouping_by_the_scenario_interval_changes_nothing() {
        let h = hours(8.0, 10.0, 1800.0);
        let grouping = Grouping::new(&h, 1800.0).unwrap();
        assert_eq!(grouping, Grouping::none(&h));
        assert!(grouping.is_identity());
    }

    #[test]
    fn finer_or_uneven_groupings_are_refused() {
        let h = hours(8.0, 10.0, 1800.0);
        assert!(matches!(
            Grouping::new(&h, 900.0),
            Err(GroupingError::Finer { .. })
        ));
        assert!(matches!(
            Grouping::new(&h, 2700.0),
            Err(GroupingError::NotMultiple { .. })
        ));
        // 08:15 + 30 min: the interval 08:45–09:15 crosses 09:00.
        let off_grid = Hours {
            open: 8.25 * 3600.0,
            close: 10.25 * 3600.0,
            interval: 1800.0,
        };
        assert!(matches!(
            Grouping::new(&off_grid, 3600.0),
            Err(GroupingError::Straddles { .. })
        ));
    }

    #[test]
    fn applying_adds_each_groups_tallies() {
        let grouping = Grouping::new(&hours(8.0, 9.5, 1800.0), 3600.0).unwrap();
        let mut tally = DayTally::new(3, 2, 1);
        for (index, offered) in [3, 4, 5].into_iter().enumerate() {
            tally.interval_calls[index].offered = offered;
            tally.interval_clock[index].seconds = 1800.0;
            tally.class_interval_calls[1][index].offered = offered + 1;
        }
        grouping.apply(&mut tally);
        let offered: Vec<u64> = tally.interval_calls.iter().map(|c| c.offered).collect();
        assert_eq!(offered, [7, 5]);
        let seconds: Vec<f64> = tally.interval_clock.iter().map(|c| c.seconds).collect();
        assert_eq!(seconds, [3600.0, 1800.0]);
        assert_eq!(tally.class_interval_calls[1][0].offered, 9);
        assert_eq!(tally.class_interval_calls[0].len(), 2);
    }
}
