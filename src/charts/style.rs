//! The look every chart shares: fonts, colours, the legend strip, the axes and the CI band.

use super::DrawResult;
use crate::experiment::{IntervalSummary, Summary};
use crate::report::clock_time;
use crate::stats::Estimate;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The font family charts ask for; [`super::render`] registers the bundled font under it.
pub(crate) const FONT_FAMILY: &str = "sans-serif";

/// Dark grey for text and axes: softer than black on a white page, still high contrast.
pub(crate) const INK: RGBColor = RGBColor(40, 40, 40);
/// Grey for reference lines (targets, thresholds) that are not a series of their own.
pub(crate) const REFERENCE: RGBColor = RGBColor(90, 90, 90);
/// Light grey grid lines.
const GRID: RGBColor = RGBColor(225, 225, 225);

/// The Okabe–Ito palette: distinguishable with the common colour-vision deficiencies and in
/// greyscale print, which matters for a report that gets forwarded and printed.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(240, 228, 66),  // yellow
];

/// The colour of series `index` (classes, outcomes, pools), cycling through the palette.
pub(crate) fn series_color(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// Opacity of confidence bands and filled bars, so that overlapping series stay visible.
pub(crate) const BAND_OPACITY: f64 = 0.22;

fn text(size: u32) -> TextStyle<'static> {
    TextStyle::from((FONT_FAMILY, size).into_font()).color(&INK)
}

/// The chart title.
pub(crate) fn title() -> TextStyle<'static> {
    text(24)
}

/// Tick labels.
pub(crate) fn tick_label() -> TextStyle<'static> {
    text(14)
}

/// Axis descriptions ("Service level (%)").
pub(crate) fn axis_description() -> TextStyle<'static> {
    text(16)
}

/// Legend entries and notes.
pub(crate) fn legend_label() -> TextStyle<'static> {
    text(15)
}

/// How a legend entry shows its series.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Mark {
    /// A solid line with a dot: a series of estimates.
    Line(RGBColor),
    /// A dashed line: a target, a threshold or an exact curve.
    Dashed(RGBColor),
    /// A translucent box: a confidence band.
    Band(RGBColor),
    /// A solid box: bars.
    Bar(RGBColor),
    /// A vertical line with end caps: confidence intervals drawn as whiskers.
    Whisker(RGBColor),
}

/// One legend entry.
#[derive(Clone, Debug)]
pub(crate) struct LegendEntry {
    pub mark: Mark,
    pub label: String,
}

impl LegendEntry {
    pub(crate) fn new(mark: Mark, label: impl Into<String>) -> Self {
        LegendEntry {
            mark,
            label: label.into(),
        }
    }
}

const LEGEND_ROW: i32 = 24;
const LEGEND_MARK: i32 = 26;

/// Draws the legend as rows of entries across the top of `area` and returns the area below it.
///
/// A legend of its own strip never hides data, whatever the series do, which plotters' in-plot
/// legend box cannot promise.
pub(crate) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let (width, _) = area.dim_in_pixel();
    let label_style = legend_label().pos(Pos::new(HPos::Left, VPos::Center));
    let margin = 70;
    let (mut x, mut y) = (margin, LEGEND_ROW / 2);
    for entry in entries {
        let (text_width, _) = area.estimate_text_size(&entry.label, &label_style)?;
        let entry_width = LEGEND_MARK + 8 + text_width as i32 + 24;
        if x > margin && x + entry_width > width as i32 - 20 {
            (x, y) = (margin, y + LEGEND_ROW);
        }
        draw_mark(area, entry.mark, (x, y))?;
        area.draw_text(&entry.label, &label_style, (x + LEGEND_MARK + 8, y))?;
        x += entry_width;
    }
    let (_, below) = area.split_vertically(y + LEGEND_ROW / 2 + 6);
    Ok(below)
}

fn draw_mark<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mark: Mark,
    (x, y): (i32, i32),
) -> DrawResult<DB> {
    let end = x + LEGEND_MARK;
    match mark {
        Mark::Line(color) => {
            area.draw(&PathElement::new(
                vec![(x, y), (end, y)],
                color.stroke_width(2),
            ))?;
            area.draw(&Circle::new((x + LEGEND_MARK / 2, y), 3, color.filled()))
        }
        Mark::Dashed(color) => {
            for start in [x, x + 10, x + 20] {
                area.draw(&PathElement::new(
                    vec![(start, y), ((start + 6).min(end), y)],
                    color.stroke_width(2),
                ))?;
            }
            Ok(())
        }
        Mark::Band(color) => area.draw(&Rectangle::new(
            [(x, y - 7), (end, y + 7)],
            color.mix(BAND_OPACITY).filled(),
        )),
        Mark::Bar(color) => area.draw(&Rectangle::new([(x, y - 7), (end, y + 7)], color.filled())),
        Mark::Whisker(color) => {
            let (middle, style) = (x + LEGEND_MARK / 2, color.stroke_width(1));
            area.draw(&PathElement::new(
                vec![(middle, y - 8), (middle, y + 8)],
                style,
            ))?;
            area.draw(&PathElement::new(
                vec![(middle - 5, y - 8), (middle + 5, y - 8)],
                style,
            ))?;
            area.draw(&PathElement::new(
                vec![(middle - 5, y + 8), (middle + 5, y + 8)],
                style,
            ))
        }
    }
}

/// A chart context with `f64` axes, as every chart here uses.
pub(crate) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Builds the plotting area inside `area` with the shared margins and label areas.
pub(crate) fn plot<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Result<Plot<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    ChartBuilder::on(area)
        .margin_left(12)
        .margin_right(28)
        .margin_top(8)
        .margin_bottom(8)
        .x_label_area_size(52)
        .y_label_area_size(72)
        .build_cartesian_2d(x, y)
}

/// Draws the grid, the axes, their tick labels and descriptions.
pub(crate) fn axes<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    x_description: &str,
    y_description: &str,
    x_format: &dyn Fn(&f64) -> String,
    y_format: &dyn Fn(&f64) -> String,
) -> DrawResult<DB> {
    plot.configure_mesh()
        .x_desc(x_description)
        .y_desc(y_description)
        .x_label_formatter(x_format)
        .y_label_formatter(y_format)
        .x_labels(12)
        .y_labels(8)
        .label_style(tick_label())
        .axis_desc_style(axis_description())
        .axis_style(INK)
        .bold_line_style(GRID)
        .light_line_style(WHITE)
        .draw()
}

/// Tick label of a time of day given in hours.
pub(crate) fn clock_label(hours: &f64) -> String {
    clock_time(hours * 3600.0)
}

/// A duration in seconds for a legend: "20 s", "7.5 s".
pub(crate) fn seconds(value: f64) -> String {
    format!("{} s", number_label(&value))
}

/// A share (0–1) as a percentage for a legend: "80%", "92.5%".
pub(crate) fn percent(share: f64) -> String {
    format!("{}%", number_label(&(share * 100.0)))
}

/// Tick label of a percentage.
pub(crate) fn percent_label(value: &f64) -> String {
    format!("{value:.0}%")
}

/// Tick label of a count or level: no decimals once the axis is past a few units.
pub(crate) fn number_label(value: &f64) -> String {
    if value.fract().abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// A reported interval on the time axis.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot<'a> {
    /// Index in the summary's intervals (and in every per-interval list of the summary).
    pub index: usize,
    /// Start, hours since midnight.
    pub start: f64,
    /// End, hours since midnight.
    pub end: f64,
    /// The interval's metrics.
    pub interval: &'a IntervalSummary,
}

impl Slot<'_> {
    /// The middle of the interval, where its point is drawn.
    pub fn middle(&self) -> f64 {
        (self.start + self.end) / 2.0
    }

    /// The interval narrowed by `gap` of its width on each side, where its bar is drawn.
    pub fn bar(&self, gap: f64) -> (f64, f64) {
        let inset = (self.end - self.start) * gap;
        (self.start + inset, self.end - inset)
    }
}

/// The reported intervals: those that end after the warm-up (the others have no statistics).
pub(crate) fn reported_intervals(summary: &Summary) -> Vec<Slot<'_>> {
    summary
        .intervals
        .iter()
        .enumerate()
        .filter(|(_, interval)| !interval.in_warmup)
        .map(|(index, interval)| Slot {
            index,
            start: interval.start / 3600.0,
            end: interval.end / 3600.0,
            interval,
        })
        .collect()
}

/// The time axis, in hours, covering the reported intervals.
pub(crate) fn time_range(summary: &Summary) -> std::ops::Range<f64> {
    let slots = reported_intervals(summary);
    match (slots.first(), slots.last()) {
        (Some(first), Some(last)) => first.start..last.end,
        _ => 0.0..1.0,
    }
}

/// A plot over the reported part of the day, from 0 to a round number above `top`, with clock
/// times along the bottom and plain numbers up the side: the frame of every per-interval count
/// chart.
pub(crate) fn day_plot<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    summary: &Summary,
    top: f64,
    x_description: &str,
    y_description: &str,
) -> Result<Plot<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut plot = plot(area, time_range(summary), 0.0..nice_ceiling(top * 1.05))?;
    axes(
        &mut plot,
        x_description,
        y_description,
        &clock_label,
        &number_label,
    )?;
    Ok(plot)
}

/// A round number at or above `value` (1, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) to top an
/// axis with; 1 when there is nothing to show.
pub(crate) fn nice_ceiling(value: f64) -> f64 {
    if !(value > 0.0 && value.is_finite()) {
        return 1.0;
    }
    let magnitude = 10_f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|step| step * magnitude)
        .find(|&candidate| candidate >= value * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude)
}

/// The upper end of an estimate's confidence interval, or its mean when there is none.
pub(crate) fn upper(estimate: &Estimate) -> f64 {
    estimate.ci_high.unwrap_or(estimate.mean)
}

/// Each slot's 95 % confidence interval of the interval metric `key` (the whisker on top of a
/// stacked bar), and the highest point the metric reaches over the slots (where the axis must
/// end).
pub(crate) fn totals(slots: &[Slot<'_>], key: &str) -> (Vec<Option<(f64, f64)>>, f64) {
    let intervals = slots
        .iter()
        .map(|slot| {
            let estimate = slot.interval.metrics.get(key)?;
            Some((estimate.ci_low?, estimate.ci_high?))
        })
        .collect();
    let top = slots
        .iter()
        .filter_map(|slot| slot.interval.metrics.get(key))
        .map(upper)
        .fold(0.0, f64::max);
    (intervals, top)
}

/// A point of a series with its confidence interval: (x, mean, low, high).
pub(crate) type BandPoint = (f64, f64, f64, f64);

/// The point of an estimate at `x`, scaled by `scale` (100 for a share shown in percent).
pub(crate) fn band_point(x: f64, estimate: &Estimate, scale: f64) -> BandPoint {
    (
        x,
        estimate.mean * scale,
        estimate.ci_low.unwrap_or(estimate.mean) * scale,
        estimate.ci_high.unwrap_or(estimate.mean) * scale,
    )
}

/// Splits a series at its undefined points, so lines and bands are not drawn across a gap (an
/// interval with no calls has no service level).
pub(crate) fn runs<T: Copy>(points: &[Option<T>]) -> Vec<Vec<T>> {
    points
        .split(Option::is_none)
        .filter(|run| !run.is_empty())
        .map(|run| run.iter().flatten().copied().collect())
        .collect()
}

/// Draws one series of estimates: its confidence band, its line and a dot per point (a point on
/// its own, between undefined ones, gets its interval as a whisker).
pub(crate) fn estimate_series<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    points: &[Option<BandPoint>],
    color: RGBColor,
) -> DrawResult<DB> {
    for run in runs(points) {
        if let [(x, _, low, high)] = run[..] {
            // A lone point has no band to draw: its interval becomes a whisker.
            let cap = (plot.x_range().end - plot.x_range().start) * 0.006;
            let style = color.stroke_width(2);
            plot.draw_series([
                PathElement::new(vec![(x, low), (x, high)], style),
                PathElement::new(vec![(x - cap, low), (x + cap, low)], style),
                PathElement::new(vec![(x - cap, high), (x + cap, high)], style),
            ])?;
        }
        let mut outline: Vec<(f64, f64)> = run.iter().map(|p| (p.0, p.3)).collect();
        outline.extend(run.iter().rev().map(|p| (p.0, p.2)));
        plot.draw_series(std::iter::once(Polygon::new(
            outline,
            color.mix(BAND_OPACITY).filled(),
        )))?;
        plot.draw_series(LineSeries::new(
            run.iter().map(|p| (p.0, p.1)),
            color.stroke_width(2),
        ))?;
        plot.draw_series(
            run.iter()
                .map(|p| Circle::new((p.0, p.1), 3, color.filled())),
        )?;
    }
    Ok(())
}

/// Draws bars stacked from zero: `stacks[i]` holds the segments of slot `i`, bottom first, and
/// segment `k` is drawn in `colors[k]`.
pub(crate) fn stacked_bars<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    slots: &[Slot<'_>],
    stacks: &[Vec<f64>],
    colors: &[RGBColor],
) -> DrawResult<DB> {
    for (slot, segments) in slots.iter().zip(stacks) {
        let (left, right) = slot.bar(0.12);
        let mut bottom = 0.0;
        for (height, color) in segments.iter().zip(colors) {
            if *height > 0.0 {
                plot.draw_series(std::iter::once(Rectangle::new(
                    [(left, bottom), (right, bottom + height)],
                    color.filled(),
                )))?;
            }
            bottom += height;
        }
    }
    Ok(())
}

/// Draws confidence intervals as whiskers: a vertical line from low to high with end caps, at
/// the middle of each slot with an interval.
pub(crate) fn whiskers<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    slots: &[Slot<'_>],
    intervals: &[Option<(f64, f64)>],
) -> DrawResult<DB> {
    for (slot, interval) in slots.iter().zip(intervals) {
        let Some((low, high)) = *interval else {
            continue;
        };
        let (x, cap) = (slot.middle(), (slot.end - slot.start) * 0.15);
        let style = INK.stroke_width(1);
        plot.draw_series([
            PathElement::new(vec![(x, low), (x, high)], style),
            PathElement::new(vec![(x - cap, low), (x + cap, low)], style),
            PathElement::new(vec![(x - cap, high), (x + cap, high)], style),
        ])?;
    }
    Ok(())
}

/// Draws a dashed horizontal line across the plot at `y`.
pub(crate) fn horizontal_reference<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    y: f64,
    color: RGBColor,
) -> DrawResult<DB> {
    let x = plot.x_range();
    plot.draw_series(DashedLineSeries::new(
        [(x.start, y), (x.end, y)],
        8,
        5,
        color.stroke_width(2),
    ))?;
    Ok(())
}

/// Writes a note in the middle of the plot (for a chart with nothing to show).
pub(crate) fn note<DB: DrawingBackend>(plot: &mut Plot<'_, DB>, message: &str) -> DrawResult<DB> {
    let (x, y) = (plot.x_range(), plot.y_range());
    let style = legend_label().pos(Pos::new(HPos::Center, VPos::Center));
    plot.draw_series(std::iter::once(Text::new(
        message.to_string(),
        ((x.start + x.end) / 2.0, (y.start + y.end) / 2.0),
        style,
    )))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceilings_are_round_and_not_below_the_value() {
        for (value, expected) in [
            (0.0, 1.0),
            (0.7, 0.8),
            (1.0, 1.0),
            (1.3, 2.0),
            (2.2, 2.5),
            (3.0, 3.0),
            (4.5, 5.0),
            (7.5, 8.0),
            (8.5, 10.0),
            (31.5, 40.0),
            (42.0, 50.0),
            (240.0, 250.0),
            (1001.0, 2000.0),
        ] {
            assert_eq!(nice_ceiling(value), expected, "{value}");
        }
    }

    #[test]
    fn runs_split_at_undefined_points() {
        let points = [None, Some(1), Some(2), None, None, Some(3), None];
        assert_eq!(runs(&points), vec![vec![1, 2], vec![3]]);
        assert!(runs::<i32>(&[None, None]).is_empty());
    }

    #[test]
    fn tick_labels() {
        assert_eq!(clock_label(&8.5), "08:30");
        assert_eq!(percent_label(&80.0), "80%");
        assert_eq!(number_label(&12.0), "12");
        assert_eq!(number_label(&0.5), "0.5");
    }
}
