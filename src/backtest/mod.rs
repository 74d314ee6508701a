//! Back-testing: a scenario's predictions beside what the real centre observed (`--actual`).
//!
//! An analyst shows that a model fits before using it for a what-if: for every metric, overall,
//! per class, per day of a multi-day study and per interval, the observed value is set beside the prediction, and checked
//! against the *simulated day-to-day range* — the spread of that metric over the replications,
//! each one simulated day. The range is the 2.5th to 97.5th percentile of the per-replication
//! values (linear interpolation, as [`crate::experiment::DailySpread`]), or their minimum to
//! maximum with fewer than [`PERCENTILE_MINIMUM`] replications, where those percentiles would be
//! the extremes anyway. An observed day inside the range is one the model could have produced.

pub mod actual;
mod json;
mod table;

pub use actual::{ActualError, Observed, ObservedScope};
pub use json::{annotate_comparison, annotate_json};
pub use table::{write_html, write_table};

use crate::experiment::{ExperimentResult, MetricTable, percentile};
use crate::report::clock_time;
use crate::sim::metrics::{METRICS, Metric};
use crate::stats::Estimate;

/// Replications from which the range is the 2.5th–97.5th percentile rather than min–max.
pub const PERCENTILE_MINIMUM: usize = 20;

/// How the simulated day-to-day range was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeRule {
    /// The 2.5th to 97.5th percentile of the per-replication values.
    Percentiles,
    /// Minimum to maximum (fewer than [`PERCENTILE_MINIMUM`] replications).
    MinMax,
}

impl RangeRule {
    /// The rule for `replications` simulated days.
    pub fn for_replications(replications: u32) -> Self {
        if replications as usize >= PERCENTILE_MINIMUM {
            RangeRule::Percentiles
        } else {
            RangeRule::MinMax
        }
    }

    /// The JSON spelling.
    pub fn key(self) -> &'static str {
        match self {
            RangeRule::Percentiles => "p2.5-p97.5",
            RangeRule::MinMax => "min-max",
        }
    }

    /// A sentence for reports.
    pub fn describe(self, replications: u32) -> String {
        match self {
            RangeRule::Percentiles => format!(
                "Day-to-day range: 2.5th to 97.5th percentile of the {replications} simulated days"
            ),
            RangeRule::MinMax => format!(
                "Day-to-day range: lowest to highest of the {replications} simulated days (fewer \
                 than {PERCENTILE_MINIMUM}, too few for percentiles)"
            ),
        }
    }
}

/// One metric of one scope: prediction, observation and verdict.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Check {
    /// The metric.
    pub metric: &'static Metric,
    /// The prediction (mean and confidence interval over replications), as in the report.
    pub predicted: Option<Estimate>,
    /// The observed value; `None` when the observation does not have it.
    pub observed: Option<f64>,
    /// The simulated day-to-day range; `None` when no replication defines the metric.
    pub range: Option<(f64, f64)>,
}

impl Check {
    /// Whether the observation lies within the range (bounds included); `None` when either is
    /// missing.
    pub fn inside(&self) -> Option<bool> {
        let observed = self.observed?;
        let (low, high) = self.range?;
        Some(low <= observed && observed <= high)
    }
}

/// The checks of one scope, in [`METRICS`] order.
#[derive(Clone, Debug, PartialEq)]
pub struct ScopeChecks {
    /// The report section: `summary`, `classes`, `days` or `intervals`.
    pub section: &'static str,
    /// A class's or day's name, an interval's start (`"HH:MM"`); empty for `summary`.
    pub name: String,
    /// For an interval, its end (`"HH:MM"`).
    pub end: Option<String>,
    /// Whether the observations have this scope at all.
    pub observed: bool,
    /// One check per metric.
    pub checks: Vec<Check>,
}

impl ScopeChecks {
    /// The check of the metric `key`.
    pub fn get(&self, key: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.metric.key == key)
    }
}

/// A run's predictions checked against observations.
#[derive(Clone, Debug, PartialEq)]
pub struct BackTest {
    /// The observations' file, as given.
    pub file: String,
    /// The dates the observations cover, as the file lists them.
    pub days: Vec<String>,
    /// How the range was taken.
    pub rule: RangeRule,
    /// Replications behind the ranges.
    pub replications: u32,
    /// Overall, then each class, each day of a multi-day study and each interval after warm-up
    /// (the report's scopes).
    pub scopes: Vec<ScopeChecks>,
}

impl BackTest {
    /// Checks `result` against `observed` (read from `file`).
    ///
    /// # Errors
    ///
    /// When an observed interval starting where a reported one does ends elsewhere: the
    /// observations were taken over other intervals (use `--group-by` to match them).
    pub fn new(
        result: &ExperimentResult,
        observed: &Observed,
        file: &str,
    ) -> Result<Self, ActualError> {
        let replications = result.scenario.replications;
        let rule = RangeRule::for_replications(replications);
        let summary = &result.summary;
        let runs = &result.replications;
        let mut scopes = vec![scope_checks(
            ("summary", String::new(), None),
            Some(&observed.summary),
            &summary.overall,
            runs.iter().map(|r| r.overall.as_slice()).collect(),
            rule,
        )];
        for (index, class) in summary.classes.iter().enumerate() {
            let seen = observed.classes.iter().find(|c| c.name == class.name);
            scopes.push(scope_checks(
                ("classes", class.name.clone(), None),
                seen,
                &class.metrics,
                runs.iter().map(|r| r.classes[index].as_slice()).collect(),
                rule,
            ));
        }
        for day in &result.days {
            let seen = observed.study_days.iter().find(|d| d.name == day.name);
            scopes.push(scope_checks(
                ("days", day.name.clone(), None),
                seen,
                &day.metrics,
                day.replications.iter().map(Vec::as_slice).collect(),
                rule,
            ));
        }
        for (index, interval) in summary.intervals.iter().enumerate() {
            if interval.in_warmup {
                continue;
            }
            let (start, end) = (clock_time(interval.start), clock_time(interval.end));
            let seen = observed.intervals.iter().find(|i| i.name == start);
            if let Some(other_end) = seen.and_then(|s| s.end.as_ref())
                && *other_end != end
            {
                return Err(ActualError {
                    file: file.to_string(),
                    problem: format!(
                        "the observed interval {start}-{other_end} does not match the report's \
                         {start}-{end}; observe the same intervals as the report (run with \
                         --group-by to report coarser ones)"
                    ),
                });
            }
            scopes.push(scope_checks(
                ("intervals", start, Some(end)),
                seen,
                &interval.metrics,
                runs.iter().map(|r| r.intervals[index].as_slice()).collect(),
                rule,
            ));
        }
        Ok(BackTest {
            file: file.to_string(),
            days: observed.days.clone(),
            rule,
            replications,
            scopes,
        })
    }

    /// The checks of the scope `name` of `section`.
    pub fn scope(&self, section: &str, name: &str) -> Option<&ScopeChecks> {
        self.scopes
            .iter()
            .find(|s| s.section == section && s.name == name)
    }

    /// (observed values checked against a range, of which outside it).
    pub fn tally(&self) -> (usize, usize) {
        let verdicts = self
            .scopes
            .iter()
            .flat_map(|s| &s.checks)
            .filter_map(Check::inside);
        verdicts.fold((0, 0), |(checked, outside), inside| {
            (checked + 1, outside + usize::from(!inside))
        })
    }
}

/// The checks of one scope: its report table, its per-replication values (in [`METRICS`]
/// order) and its observations, if any.
fn scope_checks(
    (section, name, end): (&'static str, String, Option<String>),
    observed: Option<&ObservedScope>,
    table: &MetricTable,
    values: Vec<&[Option<f64>]>,
    rule: RangeRule,
) -> ScopeChecks {
    let checks = METRICS
        .iter()
        .enumerate()
        .map(|(index, metric)| Check {
            metric,
            predicted: table.get(metric.key).copied(),
            observed: observed.and_then(|o| o.get(metric.key)),
            range: day_range(values.iter().filter_map(|v| v[index]), rule),
        })
        .collect();
    ScopeChecks {
        section,
        name,
        end,
        observed: observed.is_some(),
        checks,
    }
}

/// The simulated day-to-day range of per-replication `values` by `rule`; `None` without any.
pub fn day_range(values: impl Iterator<Item = f64>, rule: RangeRule) -> Option<(f64, f64)> {
    let mut sorted: Vec<f64> = values.collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    Some(match rule {
        RangeRule::Percentiles => (percentile(&sorted, 0.025), percentile(&sorted, 0.975)),
        RangeRule::MinMax => (sorted[0], sorted[sorted.len() - 1]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 41 values 0, 1, …, 40: rank 0.025·40 = 1 → 1, rank 0.975·40 = 39 → 39.
    #[test]
    fn the_range_is_the_central_95_percent_or_the_extremes() {
        let values = (0..=40).rev().map(f64::from);
        assert_eq!(
            day_range(values.clone(), RangeRule::Percentiles),
            Some((1.0, 39.0))
        );
        assert_eq!(day_range(values, RangeRule::MinMax), Some((0.0, 40.0)));
        assert_eq!(day_range(std::iter::empty(), RangeRule::MinMax), None);
        assert_eq!(RangeRule::for_replications(19), RangeRule::MinMax);
        assert_eq!(RangeRule::for_replications(20), RangeRule::Percentiles);
    }

    #[test]
    fn a_check_is_inside_when_the_observation_is_within_the_bounds() {
        let metric = &METRICS[0];
        let check = |observed| Check {
            metric,
            predicted: None,
            observed,
            range: Some((2.0, 5.0)),
        };
        assert_eq!(check(Some(2.0)).inside(), Some(true));
        assert_eq!(check(Some(5.5)).inside(), Some(false));
        assert_eq!(check(None).inside(), None);
    }
}
