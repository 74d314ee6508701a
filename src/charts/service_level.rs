//! The service level of each interval against the target, with its 95 % confidence band.

use super::style::{self, LegendEntry, Mark};
use super::{Chart, DrawResult};
use crate::experiment::Summary;
use crate::model::Scenario;
use crate::stats::Estimate;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Service level per interval, one series per class when there are several (each class has its
/// own threshold and target), else the whole centre; targets as dashed lines.
pub struct ServiceLevelChart<'a> {
    scenario: &'a Scenario,
    summary: &'a Summary,
}

impl<'a> ServiceLevelChart<'a> {
    /// The chart of `summary`, a run of `scenario`.
    pub fn new(scenario: &'a Scenario, summary: &'a Summary) -> Self {
        ServiceLevelChart { scenario, summary }
    }

    /// (label, target, the service level of each reported interval) of every series.
    fn series(&self) -> Vec<(String, f64, Vec<Option<Estimate>>)> {
        let slots = style::reported_intervals(self.summary);
        let classes = &self.scenario.classes;
        if classes.len() == 1 {
            let class = &classes[0];
            let levels = slots
                .iter()
                .map(|slot| slot.interval.metrics.get("service_level").copied())
                .collect();
            let label = format!("answered within {}", style::seconds(class.threshold));
            return vec![(label, class.target, levels)];
        }
        classes
            .iter()
            .zip(&self.summary.classes)
            .map(|(class, group)| {
                let levels = slots
                    .iter()
                    .map(|slot| group.intervals[slot.index].get("service_level").copied())
                    .collect();
                let label = format!(
                    "{} (within {})",
                    class.name,
                    style::seconds(class.threshold)
                );
                (label, class.target, levels)
            })
            .collect()
    }
}

impl Chart for ServiceLevelChart<'_> {
    fn title(&self) -> String {
        format!(
            "Service level by interval ({})",
            self.scenario.service_level.formula.formula()
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let series = self.series();
        let targets_differ = series.iter().any(|s| s.1 != series[0].1);
        let mut entries: Vec<LegendEntry> = Vec::new();
        for (index, (label, target, _)) in series.iter().enumerate() {
            let color = style::series_color(index);
            entries.push(LegendEntry::new(Mark::Line(color), label.clone()));
            if targets_differ {
                entries.push(LegendEntry::new(
                    Mark::Dashed(color),
                    format!("target {}", style::percent(*target)),
                ));
            }
        }
        if !targets_differ {
            entries.push(LegendEntry::new(
                Mark::Dashed(style::REFERENCE),
                format!("target {}", style::percent(series[0].1)),
            ));
        }
        entries.push(LegendEntry::new(
            Mark::Band(style::REFERENCE),
            "95% confidence interval",
        ));
        let body = style::legend(area, &entries)?;

        let slots = style::reported_intervals(self.summary);
        let mut plot = style::plot(&body, style::time_range(self.summary), 0.0..102.0)?;
        style::axes(
            &mut plot,
            "Interval (time of day)",
            "Service level (%)",
            &style::clock_label,
            &style::percent_label,
        )?;
        for (index, (_, target, _)) in series.iter().enumerate() {
            let color = if targets_differ {
                style::series_color(index)
            } else {
                style::REFERENCE
            };
            if targets_differ || index == 0 {
                style::horizontal_reference(&mut plot, target * 100.0, color)?;
            }
        }
        for (index, (_, _, levels)) in series.iter().enumerate() {
            let points: Vec<_> = slots
                .iter()
                .zip(levels)
                .map(|(slot, level)| level.map(|e| style::band_point(slot.middle(), &e, 100.0)))
                .collect();
            style::estimate_series(&mut plot, &points, style::series_color(index))?;
        }
        Ok(())
    }
}
