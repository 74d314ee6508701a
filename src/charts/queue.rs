//! The queue through the day: how many callers wait on average, and at the busiest moment.

use super::style::{self, LegendEntry, Mark};
use super::{Chart, DrawResult};
use crate::experiment::Summary;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Per interval, the time-average number of callers waiting and the interval's maximum (the
/// mean over days of each day's peak), each with its 95 % confidence band.
pub struct QueueChart<'a> {
    summary: &'a Summary,
}

impl<'a> QueueChart<'a> {
    /// The chart of `summary`.
    pub fn new(summary: &'a Summary) -> Self {
        QueueChart { summary }
    }
}

/// (metric key, legend label) of each series, in drawing order.
const SERIES: [(&str, &str); 2] = [
    ("queue_mean", "callers waiting (time average)"),
    (
        "queue_max",
        "callers waiting at the interval's peak (mean over days)",
    ),
];

impl Chart for QueueChart<'_> {
    fn title(&self) -> String {
        "Queue length by interval".to_string()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let mut entries: Vec<LegendEntry> = SERIES
            .iter()
            .enumerate()
            .map(|(index, (_, label))| {
                LegendEntry::new(Mark::Line(style::series_color(index)), *label)
            })
            .collect();
        entries.push(LegendEntry::new(
            Mark::Band(style::REFERENCE),
            "95% confidence interval",
        ));
        let body = style::legend(area, &entries)?;

        let slots = style::reported_intervals(self.summary);
        let series: Vec<Vec<_>> = SERIES
            .iter()
            .map(|(key, _)| {
                slots
                    .iter()
                    .map(|slot| {
                        let estimate = slot.interval.metrics.get(key)?;
                        Some(style::band_point(slot.middle(), estimate, 1.0))
                    })
                    .collect()
            })
            .collect();
        let top = series
            .iter()
            .flatten()
            .flatten()
            .map(|p| p.3)
            .fold(0.0, f64::max);
        let mut plot = style::day_plot(
            &body,
            self.summary,
            top,
            "Interval (time of day)",
            "Callers waiting",
        )?;
        for (index, points) in series.iter().enumerate() {
            style::estimate_series(&mut plot, points, style::series_color(index))?;
        }
        Ok(())
    }
}
