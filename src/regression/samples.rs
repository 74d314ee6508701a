//! Each replication's values laid out like the sections of a report: what the paired check
//! subtracts replication by replication, and what a baseline's summaries are checked against.
//!
//! A report's sections map onto [`ReplicationValues`] without the scenario: `summary` is
//! `overall`, `end_of_day` is `end_of_day`, the i-th class is `classes[i]`, the i-th day is the
//! i-th day's overall values, and the report's intervals are the *last* intervals of the values
//! (the report leaves out the warm-up intervals, which come first).

use super::report_metrics::{Scope, Section};
use crate::experiment::{ExperimentResult, ReplicationValues};
use crate::partial::UnitRecord;
use crate::sim::metrics::{END_OF_DAY_METRICS, METRICS};

/// One replication's values: every section's, and for a multi-day study each day's overall
/// values in calendar order.
#[derive(Clone, Debug, PartialEq)]
pub struct Replication {
    values: ReplicationValues,
    days: Vec<Vec<Option<f64>>>,
}

/// The replications of a run, by replication index.
pub fn of_result(result: &ExperimentResult) -> Vec<Replication> {
    result
        .replications
        .iter()
        .enumerate()
        .map(|(index, values)| Replication {
            values: values.clone(),
            days: result
                .days
                .iter()
                .map(|day| day.replications[index].clone())
                .collect(),
        })
        .collect()
}

/// The replications stored in a baseline, by replication index.
pub fn of_records(records: &[UnitRecord]) -> Vec<Replication> {
    records
        .iter()
        .map(|record| Replication {
            values: record.values.clone().into(),
            days: record.day_values(),
        })
        .collect()
}

/// `[metric][replication]`: one section's values, its metrics in the section's order.
pub type SectionSamples = Vec<Vec<Option<f64>>>;

/// The values of every metric of every section, replication by replication. Fails, naming the
/// section, when a replication has no row or value for it (values of another layout).
pub fn section_samples(
    sections: &[Section],
    replications: &[Replication],
) -> Result<Vec<SectionSamples>, String> {
    let report_intervals = sections
        .iter()
        .filter(|s| matches!(s.scope, Scope::Interval { .. }))
        .count();
    let (mut class, mut day, mut interval) = (0, 0, 0);
    let mut samples = Vec::with_capacity(sections.len());
    for section in sections {
        let (index, list) = match section.scope {
            Scope::Overall => (0, METRICS),
            Scope::EndOfDay => (0, END_OF_DAY_METRICS),
            Scope::Class { .. } => (post_increment(&mut class), METRICS),
            Scope::Day { .. } => (post_increment(&mut day), METRICS),
            Scope::Interval { .. } => (post_increment(&mut interval), METRICS),
        };
        let mut columns = Vec::with_capacity(section.metrics.len());
        for (key, _) in &section.metrics {
            let position = list.iter().position(|m| m.key == key).ok_or_else(|| {
                format!("{}: `{key}` is not a metric of this section", section.scope)
            })?;
            let column = replications
                .iter()
                .enumerate()
                .map(|(r, replication)| {
                    let row = replication.row(&section.scope, index, report_intervals);
                    row.and_then(|row| row.get(position).copied())
                        .ok_or_else(|| {
                            format!(
                                "replication {r} has no value of `{key}` for {}",
                                section.scope
                            )
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            columns.push(column);
        }
        samples.push(columns);
    }
    Ok(samples)
}

fn post_increment(counter: &mut usize) -> usize {
    *counter += 1;
    *counter - 1
}

impl Replication {
    /// The values of the `index`-th section of its kind, `report_intervals` being how many
    /// intervals the report shows (the last ones of the values).
    fn row(&self, scope: &Scope, index: usize, report_intervals: usize) -> Option<&[Option<f64>]> {
        let values = &self.values;
        let row = match scope {
            Scope::Overall => &values.overall,
            Scope::EndOfDay => &values.end_of_day,
            Scope::Class { .. } => values.classes.get(index)?,
            Scope::Day { .. } => self.days.get(index)?,
            Scope::Interval { .. } => {
                let first = values.intervals.len().checked_sub(report_intervals)?;
                values.intervals.get(first + index)?
            }
        };
        Some(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{RunOptions, run_replications};
    use crate::regression::report_metrics::read_sections;
    use crate::stats::Estimate;
    use crate::{report, scenario};

    /// Summarising the laid-out values gives the report's own estimates, section by section,
    /// including intervals after a warm-up.
    #[test]
    fn samples_summarise_to_the_report() {
        let scenario = scenario::from_str(
            r#"
            name = "samples"
            replications = 4
            warmup = "30m"
            [hours]
            open = "08:00"
            close = "10:00"
            [arrivals]
            calls_per_hour = 60
            [handle_time]
            distribution = "exponential"
            mean = "3m"
            [staffing]
            agents = [2, 3, 4, 3]
            "#,
            "samples.toml",
        )
        .unwrap();
        let result = run_replications(&scenario, &RunOptions::default());
        let sections = read_sections(&report::to_json(&result, "samples.toml")).unwrap();
        let samples = section_samples(&sections, &of_result(&result)).unwrap();
        let mut compared = 0;
        for (section, columns) in sections.iter().zip(&samples) {
            for ((key, estimate), column) in section.metrics.iter().zip(columns) {
                let defined: Vec<f64> = column.iter().flatten().copied().collect();
                let summary = Estimate::from_samples(&defined, 0.95);
                assert_eq!(
                    summary.map(|e| (e.mean, e.std, e.n)),
                    estimate.map(|e| (e.mean, e.std, e.n)),
                    "{} {key}",
                    section.scope
                );
                compared += 1;
            }
        }
        assert!(compared > 100);
        // Too few replications' intervals for the report's: refused, naming the section.
        let mut short = of_result(&result);
        short[1].values.intervals.truncate(1);
        let error = section_samples(&sections, &short).unwrap_err();
        assert!(
            error.starts_with("replication 1 has no value of `offered` for 08:30-09:00"),
            "{error}"
        );
    }
}
