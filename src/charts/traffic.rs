//! Offered calls and staffed agents through the day: the demand and the supply, one panel each
//! on the same time axis.

use super::style::{self, LegendEntry, Mark, Slot};
use super::{Chart, DrawResult};
use crate::experiment::{MetricTable, Summary};
use crate::model::Scenario;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Offered calls per interval (stacked by class when there are several, with the 95 % CI of the
/// total) above the scheduled agents (stacked by pool) and the agents actually present.
pub struct TrafficChart<'a> {
    scenario: &'a Scenario,
    summary: &'a Summary,
}

impl<'a> TrafficChart<'a> {
    /// The chart of `summary`, a run of `scenario`.
    pub fn new(scenario: &'a Scenario, summary: &'a Summary) -> Self {
        TrafficChart { scenario, summary }
    }

    /// The colour of pool `index`: after the classes' colours, so that no pool looks like a class.
    fn pool_color(&self, index: usize) -> RGBColor {
        style::series_color(self.scenario.classes.len() + index)
    }

    fn offered_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        slots: &[Slot<'_>],
    ) -> DrawResult<DB> {
        let classes = &self.summary.classes;
        let offered = |table: &MetricTable| table.get("offered").map_or(0.0, |e| e.mean);
        let stacks: Vec<Vec<f64>> = slots
            .iter()
            .map(|slot| {
                if classes.len() == 1 {
                    vec![offered(&slot.interval.metrics)]
                } else {
                    classes
                        .iter()
                        .map(|class| offered(&class.intervals[slot.index]))
                        .collect()
                }
            })
            .collect();
        let (totals, top) = style::totals(slots, "offered");
        let mut plot = style::day_plot(area, self.summary, top, "", "Offered calls per interval")?;
        let colors: Vec<RGBColor> = (0..classes.len()).map(style::series_color).collect();
        style::stacked_bars(&mut plot, slots, &stacks, &colors)?;
        style::whiskers(&mut plot, slots, &totals)
    }

    fn agents_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        slots: &[Slot<'_>],
    ) -> DrawResult<DB> {
        let pools = &self.scenario.pools;
        let stacks: Vec<Vec<f64>> = slots
            .iter()
            .map(|slot| {
                let scheduled = &slot.interval.scheduled_by_pool;
                scheduled.iter().map(|&agents| f64::from(agents)).collect()
            })
            .collect();
        let present: Vec<_> = slots
            .iter()
            .map(|slot| {
                let estimate = slot.interval.metrics.get("agents_mean")?;
                Some(style::band_point(slot.middle(), estimate, 1.0))
            })
            .collect();
        let top = slots
            .iter()
            .map(|slot| f64::from(slot.interval.scheduled_agents))
            .chain(present.iter().flatten().map(|p| p.3))
            .fold(0.0, f64::max);
        let mut plot =
            style::day_plot(area, self.summary, top, "Interval (time of day)", "Agents")?;
        let colors: Vec<RGBColor> = (0..pools.len()).map(|p| self.pool_color(p)).collect();
        style::stacked_bars(&mut plot, slots, &stacks, &colors)?;
        style::estimate_series(&mut plot, &present, style::INK)
    }
}

impl Chart for TrafficChart<'_> {
    fn title(&self) -> String {
        "Offered calls and staffed agents".to_string()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let mut entries = Vec::new();
        if self.scenario.classes.len() == 1 {
            entries.push(LegendEntry::new(
                Mark::Bar(style::series_color(0)),
                "offered calls",
            ));
        } else {
            for (index, class) in self.scenario.classes.iter().enumerate() {
                entries.push(LegendEntry::new(
                    Mark::Bar(style::series_color(index)),
                    format!("offered: {}", class.name),
                ));
            }
        }
        entries.push(LegendEntry::new(Mark::Whisker(style::INK), "95% CI"));
        for (index, pool) in self.scenario.pools.iter().enumerate() {
            let label = if self.scenario.pools.len() == 1 {
                "scheduled agents".to_string()
            } else {
                format!("scheduled: {}", pool.name)
            };
            entries.push(LegendEntry::new(Mark::Bar(self.pool_color(index)), label));
        }
        entries.push(LegendEntry::new(
            Mark::Line(style::INK),
            "agents present (time average, 95% CI)",
        ));
        let body = style::legend(area, &entries)?;
        let panels = body.split_evenly((2, 1));
        let slots = style::reported_intervals(self.summary);
        self.offered_panel(&panels[0], &slots)?;
        self.agents_panel(&panels[1], &slots)
    }
}
