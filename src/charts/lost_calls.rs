//! Lost calls per interval, stacked by how they were lost.

use super::style::{self, LegendEntry, Mark};
use super::{Chart, DrawResult};
use crate::experiment::{MetricTable, Summary};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Per interval, the mean number of lost calls split by outcome (abandoned beyond the
/// short-abandon time, balked, missed by timeout or blocked, dropped in queue or in conversation,
/// failed callbacks), with
/// the 95 % confidence interval of the total. Outcomes that never happen are left out of the
/// legend.
pub struct LostCallsChart<'a> {
    summary: &'a Summary,
}

impl<'a> LostCallsChart<'a> {
    /// The chart of `summary`.
    pub fn new(summary: &'a Summary) -> Self {
        LostCallsChart { summary }
    }
}

/// A part of the lost calls: its legend label, palette colour and mean in an interval.
struct Outcome {
    label: &'static str,
    color: usize,
    mean: fn(&MetricTable) -> f64,
}

fn mean(table: &MetricTable, key: &str) -> f64 {
    table.get(key).map_or(0.0, |e| e.mean)
}

/// The parts that add up to `lost`, bottom of the stack first.
const OUTCOMES: [Outcome; 7] = [
    Outcome {
        label: "abandoned (beyond short abandons)",
        color: 3,
        mean: |t| mean(t, "abandoned") - mean(t, "short_abandoned"),
    },
    Outcome {
        label: "balked at the announcement",
        color: 2,
        mean: |t| mean(t, "balked"),
    },
    Outcome {
        label: "missed: timeout",
        color: 1,
        mean: |t| mean(t, "missed_timeout"),
    },
    Outcome {
        label: "missed: blocked",
        color: 5,
        mean: |t| mean(t, "missed_blocked"),
    },
    Outcome {
        label: "dropped in queue",
        color: 0,
        mean: |t| mean(t, "dropped_in_queue"),
    },
    Outcome {
        label: "dropped in conversation",
        color: 4,
        mean: |t| mean(t, "dropped_in_conversation"),
    },
    Outcome {
        label: "callback failed",
        color: 6,
        mean: |t| mean(t, "callback_failed"),
    },
];

impl Chart for LostCallsChart<'_> {
    fn title(&self) -> String {
        "Lost calls by interval and outcome".to_string()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let slots = style::reported_intervals(self.summary);
        let occurring: Vec<&Outcome> = OUTCOMES
            .iter()
            .filter(|outcome| {
                slots
                    .iter()
                    .any(|slot| (outcome.mean)(&slot.interval.metrics) > 0.0)
            })
            .collect();
        let mut entries: Vec<LegendEntry> = occurring
            .iter()
            .map(|o| LegendEntry::new(Mark::Bar(style::series_color(o.color)), o.label))
            .collect();
        if !occurring.is_empty() {
            entries.push(LegendEntry::new(
                Mark::Whisker(style::INK),
                "95% CI of all lost calls",
            ));
        }
        let body = style::legend(area, &entries)?;

        let stacks: Vec<Vec<f64>> = slots
            .iter()
            .map(|slot| {
                occurring
                    .iter()
                    .map(|o| (o.mean)(&slot.interval.metrics).max(0.0))
                    .collect()
            })
            .collect();
        let (totals, top) = style::totals(&slots, "lost");
        let mut plot = style::day_plot(
            &body,
            self.summary,
            top,
            "Interval (time of day)",
            "Lost calls per interval",
        )?;
        if occurring.is_empty() {
            return style::note(&mut plot, "No lost calls in any interval");
        }
        let colors: Vec<RGBColor> = occurring
            .iter()
            .map(|o| style::series_color(o.color))
            .collect();
        style::stacked_bars(&mut plot, &slots, &stacks, &colors)?;
        style::whiskers(&mut plot, &slots, &totals)
    }
}
