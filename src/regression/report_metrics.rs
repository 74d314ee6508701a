//! The metrics of a JSON report, read back for comparison.
//!
//! Both sides of a check are read from the same JSON layout (`docs/report-format.md`): the
//! baseline's stored report and the new run's report, so that what is compared is exactly the
//! published contract, and a baseline written by another version of ccsim reads the same way.

use crate::sim::metrics::{END_OF_DAY_METRICS, METRICS, Metric};
use crate::stats::Estimate;
use serde_json::Value;
use std::fmt;

/// Where in a report a metric is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The whole day (the report's `summary`).
    Overall,
    /// Closing-time state and work-off (`end_of_day`).
    EndOfDay,
    /// One call class.
    Class {
        /// The class's name.
        name: String,
    },
    /// One day of a multi-day study.
    Day {
        /// The day's name.
        name: String,
    },
    /// One reporting interval.
    Interval {
        /// Start, as the report writes it (`"10:30"`).
        start: String,
        /// End, as the report writes it.
        end: String,
    },
}

impl Scope {
    /// The report section the scope belongs to: `summary`, `end_of_day`, `classes`, `days` or
    /// `intervals`. Scoped tolerances are keyed by it.
    pub fn section(&self) -> &'static str {
        match self {
            Scope::Overall => "summary",
            Scope::EndOfDay => "end_of_day",
            Scope::Class { .. } => "classes",
            Scope::Day { .. } => "days",
            Scope::Interval { .. } => "intervals",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Overall => f.write_str("overall"),
            Scope::EndOfDay => f.write_str("end of day"),
            Scope::Class { name } => write!(f, "class {name}"),
            Scope::Day { name } => write!(f, "day {name}"),
            Scope::Interval { start, end } => write!(f, "{start}-{end}"),
        }
    }
}

/// One section of a report: its scope and its metrics in report order, each with its estimate
/// (`None` where no replication defined it).
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// Where the metrics are.
    pub scope: Scope,
    /// Metric key and estimate, in report order.
    pub metrics: Vec<(String, Option<Estimate>)>,
}

impl Section {
    /// The estimate of `key`: `None` if the section has no such metric, `Some(None)` if it has
    /// but no replication defined it.
    pub fn get(&self, key: &str) -> Option<Option<&Estimate>> {
        self.metrics
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, estimate)| estimate.as_ref())
    }
}

/// Every section of a report: overall, end of day, the classes (when the report has them: older
/// reports do not), the days of a multi-day study, then the intervals in order.
pub fn read_sections(report: &Value) -> Result<Vec<Section>, String> {
    let mut sections = vec![
        section(Scope::Overall, report.get("summary"), "summary", METRICS)?,
        section(
            Scope::EndOfDay,
            report.get("end_of_day"),
            "end_of_day",
            END_OF_DAY_METRICS,
        )?,
    ];
    for field in ["classes", "days"] {
        let Some(entries) = report.get(field) else {
            continue;
        };
        let entries = entries
            .as_array()
            .ok_or_else(|| format!("`{field}`: not an array"))?;
        for (index, entry) in entries.iter().enumerate() {
            let name = entry
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("`{field}.{index}.name`: missing or not a string"))?
                .to_string();
            let scope = match field {
                "classes" => Scope::Class { name },
                _ => Scope::Day { name },
            };
            sections.push(section(
                scope,
                Some(entry),
                &format!("{field}.{index}"),
                METRICS,
            )?);
        }
    }
    let intervals = report
        .get("intervals")
        .and_then(Value::as_array)
        .ok_or("`intervals`: missing or not an array")?;
    for (index, interval) in intervals.iter().enumerate() {
        let clock = |field: &str| {
            interval
                .get(field)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("`intervals.{index}.{field}`: missing or not a string"))
        };
        let scope = Scope::Interval {
            start: clock("start")?,
            end: clock("end")?,
        };
        sections.push(section(
            scope,
            Some(interval),
            &format!("intervals.{index}"),
            METRICS,
        )?);
    }
    Ok(sections)
}

/// The metrics of one section that this version of ccsim reports. A report from an older version
/// of the same schema may lack metrics added since (fields are only ever added within a schema
/// version), and those are left out; metrics it has beyond these (from a newer version) have
/// nothing to be compared with and are skipped.
fn section(
    scope: Scope,
    value: Option<&Value>,
    path: &str,
    metrics: &[Metric],
) -> Result<Section, String> {
    let object = value
        .and_then(Value::as_object)
        .ok_or_else(|| format!("`{path}`: missing or not an object"))?;
    let metrics = metrics
        .iter()
        .filter_map(|metric| {
            let value = object.get(metric.key)?;
            let estimate = estimate(value, &format!("{path}.{}", metric.key));
            Some(estimate.map(|e| (metric.key.to_string(), e)))
        })
        .collect::<Result<_, String>>()?;
    Ok(Section { scope, metrics })
}

fn estimate(value: &Value, path: &str) -> Result<Option<Estimate>, String> {
    let metric = value.as_object().ok_or_else(|| {
        format!("`{path}`: expected a metric object {{mean, std, ci_low, ci_high, n}}")
    })?;
    let number = |field: &str| -> Result<Option<f64>, String> {
        match metric.get(field) {
            Some(Value::Null) => Ok(None),
            Some(value) => value
                .as_f64()
                .map(Some)
                .ok_or_else(|| format!("`{path}.{field}`: expected a number or null")),
            None => Err(format!("`{path}.{field}`: missing")),
        }
    };
    let n = metric
        .get("n")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| format!("`{path}.n`: expected a whole number"))?;
    let Some(mean) = number("mean")? else {
        return Ok(None);
    };
    Ok(Some(Estimate {
        mean,
        std: number("std")?,
        ci_low: number("ci_low")?,
        ci_high: number("ci_high")?,
        n,
    }))
}

/// The reported metric with this key (overall and per interval, or at the end of the day).
pub fn metric(key: &str) -> Option<&'static Metric> {
    METRICS
        .iter()
        .chain(END_OF_DAY_METRICS)
        .find(|metric| metric.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{RunOptions, run_replications};
    use crate::{report, scenario};

    #[test]
    fn reads_back_what_the_report_says() {
        let scenario = scenario::from_str(
            r#"
            name = "read back"
            replications = 3
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
            agents = 4
            "#,
            "read-back.toml",
        )
        .unwrap();
        let result = run_replications(&scenario, &RunOptions::default());
        let sections = read_sections(&report::to_json(&result, "read-back.toml")).unwrap();
        assert_eq!(
            sections.len(),
            2 + 1 + 3,
            "overall, end of day, the one class, three intervals after warm-up"
        );
        assert_eq!(sections[2].scope.to_string(), "class calls");
        assert_eq!(
            sections[2].get("offered"),
            Some(result.summary.classes[0].metrics.get("offered"))
        );
        assert_eq!(sections[3].scope.to_string(), "08:30-09:00");
        assert_eq!(
            sections[0].get("offered"),
            Some(result.summary.overall.get("offered"))
        );
        assert_eq!(
            sections[1].get("overtime_s"),
            Some(result.summary.end_of_day.get("overtime_s"))
        );
        assert_eq!(sections[0].get("no_such_metric"), None);
    }

    #[test]
    fn malformed_reports_are_described_by_path() {
        let error = read_sections(&serde_json::json!({"summary": []})).unwrap_err();
        assert_eq!(error, "`summary`: missing or not an object");
        let mut report = serde_json::json!({"summary": {}, "end_of_day": {}, "intervals": []});
        let metric =
            serde_json::json!({"mean": 1.0, "std": null, "ci_low": null, "ci_high": null, "n": 1});
        report["summary"]["asa_s"] = metric.clone();
        report["summary"]["lost"] = metric;
        // Metrics a report lacks (from an older version) are left out.
        let sections = read_sections(&report).unwrap();
        assert_eq!(sections[0].metrics.len(), 2);
        assert_eq!(sections[0].get("offered"), None);
        report["summary"]["asa_s"]["mean"] = serde_json::json!("fast");
        assert_eq!(
            read_sections(&report).unwrap_err(),
            "`summary.asa_s.mean`: expected a number or null"
        );
        report["summary"]["asa_s"] = serde_json::json!(3.5);
        assert!(
            read_sections(&report)
                .unwrap_err()
                .starts_with("`summary.asa_s`: expected a metric object")
        );
    }
}
