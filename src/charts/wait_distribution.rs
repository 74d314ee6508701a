//! How long callers waited: the distribution of waits pooled over every simulated day.

use super::style::{self, LegendEntry, Mark};
use super::{Chart, DrawResult};
use crate::experiment::Summary;
use crate::model::Scenario;
use crate::stats::WaitHistogram;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A histogram of the waits of every call that entered the queue (all outcomes but blocked and
/// unfinished), one series per class when there are several, with each class's threshold.
///
/// Bars are shares of the series' calls, so classes of different sizes compare. Calls answered at
/// once are most of a well-staffed day and would flatten every other bar, so they are not drawn:
/// the legend gives their share, and the share of waits beyond the axis (the axis ends near the
/// 99th percentile).
pub struct WaitDistributionChart<'a> {
    scenario: &'a Scenario,
    summary: &'a Summary,
}

impl<'a> WaitDistributionChart<'a> {
    /// The chart of `summary`, a run of `scenario`.
    pub fn new(scenario: &'a Scenario, summary: &'a Summary) -> Self {
        WaitDistributionChart { scenario, summary }
    }

    /// (name, threshold, waits) of every series.
    fn series(&self) -> Vec<(Option<&'a str>, f64, &'a WaitHistogram)> {
        let classes = &self.scenario.classes;
        if classes.len() == 1 {
            return vec![(None, classes[0].threshold, &self.summary.waits)];
        }
        classes
            .iter()
            .zip(&self.summary.classes)
            .filter_map(|(class, group)| {
                Some((
                    Some(class.name.as_str()),
                    class.threshold,
                    group.waits.as_ref()?,
                ))
            })
            .collect()
    }
}

/// Bin widths the chart may use, seconds: round numbers a reader can add up.
const BIN_WIDTHS: [f64; 12] = [
    1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0,
];

/// At most this many bins across the axis.
const MAX_BINS: f64 = 40.0;

/// The bins of the axis: their width and the end of the axis (a whole number of bins), seconds.
fn bins(series: &[(Option<&str>, f64, &WaitHistogram)]) -> (f64, f64) {
    let longest = series
        .iter()
        .flat_map(|(_, threshold, waits)| [waits.quantile(0.99).unwrap_or(0.0), 1.5 * threshold])
        .fold(1.0, f64::max);
    let width = BIN_WIDTHS
        .into_iter()
        .find(|width| longest / width <= MAX_BINS)
        .unwrap_or(BIN_WIDTHS[BIN_WIDTHS.len() - 1]);
    (width, (longest / width).ceil() * width)
}

/// One series regrouped into bins of `width` up to `end`.
struct Binned {
    /// Share of all the series' waits in each bin, percent.
    shares: Vec<f64>,
    /// Share of waits of exactly zero, percent.
    no_wait: f64,
    /// Share of waits at or beyond `end`, percent.
    beyond: f64,
}

fn regroup(waits: &WaitHistogram, width: f64, end: f64) -> Binned {
    let bin_count = (end / width).round() as usize;
    let mut counts = vec![0_u64; bin_count];
    let (mut no_wait, mut beyond) = (0, 0);
    for (lower, upper, count) in waits.buckets().filter(|b| b.2 > 0) {
        if upper == 0.0 {
            no_wait += count;
        } else if lower >= end {
            beyond += count;
        } else {
            // `end` is a whole number of bins, so the index is below `bin_count`; the `min`
            // only guards against rounding in the division.
            counts[((lower / width) as usize).min(bin_count - 1)] += count;
        }
    }
    let share = |count: u64| 100.0 * count as f64 / waits.count().max(1) as f64;
    Binned {
        shares: counts.into_iter().map(share).collect(),
        no_wait: share(no_wait),
        beyond: share(beyond),
    }
}

impl Chart for WaitDistributionChart<'_> {
    fn title(&self) -> String {
        "Distribution of waiting times (every call that entered the queue)".to_string()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let series = self.series();
        let (width, end) = bins(&series);
        let binned: Vec<Binned> = series
            .iter()
            .map(|(_, _, waits)| regroup(waits, width, end))
            .collect();

        let single = series.len() == 1;
        let mut entries = Vec::new();
        for (index, ((name, threshold, _), bins)) in series.iter().zip(&binned).enumerate() {
            let color = style::series_color(index);
            let summary = format!(
                "{} did not wait, {} waited {} or more",
                style::percent(bins.no_wait / 100.0),
                style::percent(bins.beyond / 100.0),
                style::seconds(end)
            );
            let (bar_label, threshold_label, threshold_color) = match name {
                None => (
                    format!("waits ({summary})"),
                    format!("threshold {}", style::seconds(*threshold)),
                    style::REFERENCE,
                ),
                Some(name) => (
                    format!("{name} ({summary})"),
                    format!("{name} threshold {}", style::seconds(*threshold)),
                    color,
                ),
            };
            entries.push(LegendEntry::new(Mark::Bar(color), bar_label));
            entries.push(LegendEntry::new(
                Mark::Dashed(threshold_color),
                threshold_label,
            ));
        }
        let body = style::legend(area, &entries)?;

        let top = binned
            .iter()
            .flat_map(|b| b.shares.iter().copied())
            .fold(0.0, f64::max);
        let mut plot = style::plot(&body, 0.0..end, 0.0..style::nice_ceiling(top * 1.05))?;
        style::axes(
            &mut plot,
            "Wait (s)",
            &format!("Share of calls per {} bin (%)", style::seconds(width)),
            &style::number_label,
            &style::number_label,
        )?;
        if series.iter().all(|(_, _, waits)| waits.count() == 0) {
            return style::note(&mut plot, "No call entered the queue");
        }
        let opacity = if single { 0.75 } else { 0.35 };
        for (index, bins) in binned.iter().enumerate() {
            let color = style::series_color(index);
            for (bin, share) in bins.shares.iter().enumerate().filter(|(_, s)| **s > 0.0) {
                let corners = [
                    (bin as f64 * width, 0.0),
                    ((bin + 1) as f64 * width, *share),
                ];
                plot.draw_series([
                    Rectangle::new(corners, color.mix(opacity).filled()),
                    Rectangle::new(corners, color.stroke_width(1)),
                ])?;
            }
        }
        for (index, (_, threshold, _)) in series.iter().enumerate() {
            let color = if single {
                style::REFERENCE
            } else {
                style::series_color(index)
            };
            let y = plot.y_range();
            plot.draw_series(DashedLineSeries::new(
                [(*threshold, y.start), (*threshold, y.end)],
                8,
                5,
                color.stroke_width(2),
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn histogram(waits: &[f64]) -> WaitHistogram {
        let mut histogram = WaitHistogram::default();
        waits.iter().for_each(|&w| histogram.record(w));
        histogram
    }

    #[test]
    fn regrouping_keeps_every_wait_once() {
        let waits = histogram(&[0.0, 0.0, 0.5, 4.0, 9.9, 10.0, 25.0, 300.0]);
        let binned = regroup(&waits, 10.0, 30.0);
        assert_eq!(binned.shares, [37.5, 12.5, 12.5]);
        assert_eq!(binned.no_wait, 25.0);
        assert_eq!(binned.beyond, 12.5);
    }

    #[test]
    fn bins_cover_the_99th_percentile_and_the_threshold() {
        let waits = histogram(&(0..1000).map(f64::from).collect::<Vec<_>>());
        let (width, end) = bins(&[(None, 20.0, &waits)]);
        assert_eq!(width, 30.0);
        assert!(end >= waits.quantile(0.99).unwrap() && end / width <= MAX_BINS);
        let none = WaitHistogram::default();
        assert_eq!(bins(&[(None, 20.0, &none)]), (1.0, 30.0));
    }
}
