//! One metric against a varied parameter: the chart of a sweep over staffing, arrival rate,
//! patience or any other setting.

use super::style::{self, LegendEntry, Mark};
use super::{Chart, DrawResult};
use crate::stats::Estimate;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A simulated metric at several values of a parameter, as points joined by a line with their
/// confidence band, optionally with an exact curve (Erlang C or A) and a target line overlaid.
///
/// It takes plain data, so any command that runs a scenario at several settings can draw it:
///
/// * `points`: (parameter value, estimate of the metric there), in any order (they are drawn in
///   increasing order of the parameter); an estimate without a confidence interval (one
///   replication) is drawn as a point only;
/// * `x_label`, `y_label`: the axis descriptions, with their units ("Agents", "Service level (%)");
/// * [`SweepChart::shares_as_percent`]: the metric is a share (0–1), drawn as a percentage;
/// * [`SweepChart::with_overlay`]: a labelled curve of (parameter, value) pairs, in the metric's
///   unit (a share for a share), drawn dashed;
/// * [`SweepChart::with_target`]: a labelled horizontal line at a value of the metric.
///
/// Render it with [`super::to_svg`] or [`super::to_png`]; see the [module example](super).
#[derive(Clone, Debug, PartialEq)]
pub struct SweepChart {
    /// The chart title.
    pub title: String,
    /// Description of the horizontal axis (the parameter), with its unit.
    pub x_label: String,
    /// Description of the vertical axis (the metric), with its unit.
    pub y_label: String,
    /// The simulated points.
    pub points: Vec<(f64, Estimate)>,
    /// Legend label of the simulated points.
    pub points_label: String,
    /// Whether the metric is a share drawn as a percentage.
    pub percent: bool,
    /// An exact curve: its legend label and its (parameter, value) pairs.
    pub overlay: Option<(String, Vec<(f64, f64)>)>,
    /// A target: its legend label and value.
    pub target: Option<(String, f64)>,
}

impl SweepChart {
    /// A chart of `points` with the given title and axis descriptions; the points' legend label
    /// is "simulated (95% CI)".
    pub fn new(
        title: impl Into<String>,
        x_label: impl Into<String>,
        y_label: impl Into<String>,
        points: Vec<(f64, Estimate)>,
    ) -> Self {
        SweepChart {
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            points,
            points_label: "simulated (95% CI)".to_string(),
            percent: false,
            overlay: None,
            target: None,
        }
    }

    /// Draws the metric, a share between 0 and 1, as a percentage.
    pub fn shares_as_percent(mut self) -> Self {
        self.percent = true;
        self
    }

    /// Overlays a curve, e.g. the exact Erlang A value at each parameter value.
    pub fn with_overlay(mut self, label: impl Into<String>, curve: Vec<(f64, f64)>) -> Self {
        self.overlay = Some((label.into(), curve));
        self
    }

    /// Draws a horizontal line at `value` (in the metric's unit), e.g. a service-level target.
    pub fn with_target(mut self, label: impl Into<String>, value: f64) -> Self {
        self.target = Some((label.into(), value));
        self
    }

    fn scale(&self) -> f64 {
        if self.percent { 100.0 } else { 1.0 }
    }

    /// The points in increasing order of the parameter, scaled for drawing.
    fn sorted_points(&self) -> Vec<style::BandPoint> {
        let mut points: Vec<_> = self
            .points
            .iter()
            .filter(|(x, e)| x.is_finite() && e.mean.is_finite())
            .map(|(x, e)| style::band_point(*x, e, self.scale()))
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        points
    }

    fn overlay_points(&self) -> Vec<(f64, f64)> {
        let mut curve: Vec<(f64, f64)> = self
            .overlay
            .iter()
            .flat_map(|(_, curve)| curve.iter())
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|&(x, y)| (x, y * self.scale()))
            .collect();
        curve.sort_by(|a, b| a.0.total_cmp(&b.0));
        curve
    }

    /// The axis ranges: every point, band, curve and target inside, with a little room.
    fn ranges(
        &self,
        points: &[style::BandPoint],
        curve: &[(f64, f64)],
    ) -> (std::ops::Range<f64>, std::ops::Range<f64>) {
        let xs = points.iter().map(|p| p.0).chain(curve.iter().map(|c| c.0));
        let ys = points
            .iter()
            .flat_map(|p| [p.2, p.3])
            .chain(curve.iter().map(|c| c.1))
            .chain(self.target.iter().map(|t| t.1 * self.scale()));
        let (x_low, x_high) = bounds(xs);
        let (y_low, y_high) = bounds(ys);
        let x_pad = ((x_high - x_low) * 0.04).max(0.5);
        let y_low = if y_low >= 0.0 { 0.0 } else { y_low * 1.05 };
        let y_high = if self.percent && y_high <= 100.0 {
            102.0
        } else {
            style::nice_ceiling(y_high * 1.05)
        };
        (x_low - x_pad..x_high + x_pad, y_low..y_high)
    }
}

/// The smallest and largest of `values`; (0, 1) when there are none.
fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values
        .fold(None, |range: Option<(f64, f64)>, v| {
            Some(range.map_or((v, v), |(low, high)| (low.min(v), high.max(v))))
        })
        .unwrap_or((0.0, 1.0))
}

impl Chart for SweepChart {
    fn title(&self) -> String {
        self.title.clone()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let points = self.sorted_points();
        let curve = self.overlay_points();
        let series_color = style::series_color(0);
        let curve_color = style::series_color(3);
        let mut entries = vec![LegendEntry::new(
            Mark::Line(series_color),
            self.points_label.clone(),
        )];
        if let Some((label, _)) = &self.overlay {
            entries.push(LegendEntry::new(Mark::Dashed(curve_color), label.clone()));
        }
        if let Some((label, _)) = &self.target {
            entries.push(LegendEntry::new(
                Mark::Dashed(style::REFERENCE),
                label.clone(),
            ));
        }
        let body = style::legend(area, &entries)?;

        let (x_range, y_range) = self.ranges(&points, &curve);
        let mut plot = style::plot(&body, x_range, y_range)?;
        let y_format: &dyn Fn(&f64) -> String = if self.percent {
            &style::percent_label
        } else {
            &style::number_label
        };
        style::axes(
            &mut plot,
            &self.x_label,
            &self.y_label,
            &style::number_label,
            y_format,
        )?;
        if let Some((_, value)) = self.target {
            style::horizontal_reference(&mut plot, value * self.scale(), style::REFERENCE)?;
        }
        let defined: Vec<Option<style::BandPoint>> = points.into_iter().map(Some).collect();
        style::estimate_series(&mut plot, &defined, series_color)?;
        if !curve.is_empty() {
            plot.draw_series(DashedLineSeries::new(
                curve,
                8,
                5,
                curve_color.stroke_width(2),
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(mean: f64, half_width: f64) -> Estimate {
        Estimate {
            mean,
            std: Some(1.0),
            ci_low: Some(mean - half_width),
            ci_high: Some(mean + half_width),
            n: 10,
        }
    }

    #[test]
    fn ranges_hold_points_bands_curve_and_target() {
        let chart = SweepChart::new(
            "t",
            "x",
            "y",
            vec![(12.0, estimate(0.5, 0.1)), (10.0, estimate(0.3, 0.05))],
        )
        .shares_as_percent()
        .with_overlay("exact", vec![(9.0, 0.2), (13.0, 0.9)])
        .with_target("target", 0.8);
        let points = chart.sorted_points();
        assert_eq!(points[0].0, 10.0, "sorted by the parameter");
        assert_eq!(points[1], (12.0, 50.0, 40.0, 60.0));
        let (x, y) = chart.ranges(&points, &chart.overlay_points());
        assert!(x.start < 9.0 && x.end > 13.0);
        assert_eq!(y, 0.0..102.0);
    }

    #[test]
    fn plain_metrics_get_a_round_top() {
        let chart = SweepChart::new("t", "x", "ASA (s)", vec![(1.0, estimate(40.0, 5.0))]);
        let (_, y) = chart.ranges(&chart.sorted_points(), &[]);
        assert_eq!(y, 0.0..50.0);
    }
}
