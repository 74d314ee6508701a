//! Reading `actual.json`: the metrics a real centre observed, in the report's own layout.
//!
//! The file is a JSON report (`docs/report-format.md`) with `"kind": "actual"`: a `summary`
//! object, and optionally `classes` (by `name`), `intervals` (by `start`) and `days` (by `name`)
//! arrays, each holding metric objects whose `mean` is the observed value (`null` when the log
//! cannot observe it). Only the metric keys ccsim reports are read; anything else is ignored.

use crate::report::SCHEMA_VERSION;
use crate::sim::metrics::METRICS;
use serde_json::{Map, Value};
use std::path::Path;

/// The observed value of each metric of one scope (`None`: not observed), by metric key.
pub type ObservedMetrics = Vec<(&'static str, Option<f64>)>;

/// One scope of the observations: the whole period, a class, an interval or a day.
#[derive(Clone, Debug, PartialEq)]
pub struct ObservedScope {
    /// The scope's name: a class's or day's `name`, an interval's `start`; empty for `summary`.
    pub name: String,
    /// For an interval, its `end` when the file gives one.
    pub end: Option<String>,
    /// The observed metrics.
    pub metrics: ObservedMetrics,
}

impl ObservedScope {
    /// The observed value of `key`, if the file gives one.
    pub fn get(&self, key: &str) -> Option<f64> {
        self.metrics
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, value)| *value)
    }
}

/// Everything an `actual.json` holds that back-testing uses.
#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    /// `observed.days` of the file (the dates the observations cover), if given.
    pub days: Vec<String>,
    /// `observed.calls`, if given.
    pub calls: Option<u64>,
    /// The whole period (`summary`).
    pub summary: ObservedScope,
    /// Per class, in the file's order.
    pub classes: Vec<ObservedScope>,
    /// Per interval, in the file's order.
    pub intervals: Vec<ObservedScope>,
    /// Per day of a multi-day study, in the file's order.
    pub study_days: Vec<ObservedScope>,
}

/// What is wrong with an `actual.json`, naming the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {problem}")]
pub struct ActualError {
    /// The file as given.
    pub file: String,
    /// What is wrong and how to fix it.
    pub problem: String,
}

/// Reads and checks an `actual.json`.
///
/// # Errors
///
/// When the file cannot be read, is not JSON, is not an observed report (`"kind": "actual"`), has
/// a schema version this ccsim does not read, or holds a metric that is not `{ "mean": number or
/// null, ... }`.
pub fn read(path: &Path) -> Result<Observed, ActualError> {
    let file = path.display().to_string();
    let error = |problem: String| ActualError {
        file: file.clone(),
        problem,
    };
    let text = crate::column_file::read_regular_text_or_reason(path, "observed report (JSON)")
        .map_err(|reason| error(format!("cannot read it: {reason}")))?;
    parse(&text).map_err(error)
}

/// Parses the text of an `actual.json`; the error is the problem, without the file name.
pub fn parse(text: &str) -> Result<Observed, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!("not valid JSON ({e}); expected an observed report as `ccsim fit` writes")
    })?;
    let top = value
        .as_object()
        .ok_or("expected a JSON object (an observed report as `ccsim fit` writes)")?;
    match top.get("kind").and_then(Value::as_str) {
        Some("actual") => {}
        Some(other) => {
            return Err(format!(
                "`kind` is {other:?}; expected \"actual\" (a simulated report cannot be the \
                 observation: give the actual.json that `ccsim fit` writes)"
            ));
        }
        None => {
            return Err(
                "`kind` is missing; expected \"kind\": \"actual\" (the actual.json that `ccsim \
                 fit` writes)"
                    .into(),
            );
        }
    }
    match top.get("schema_version").and_then(Value::as_u64) {
        Some(version) if version == u64::from(SCHEMA_VERSION) => {}
        Some(version) => {
            return Err(format!(
                "`schema_version` is {version}; this ccsim reads version {SCHEMA_VERSION}"
            ));
        }
        None => {
            return Err(format!(
                "`schema_version` is missing or not a whole number; expected {SCHEMA_VERSION}"
            ));
        }
    }
    let summary = top
        .get("summary")
        .and_then(Value::as_object)
        .ok_or("`summary` is missing or not an object; expected the observed metrics by key")?;
    let observed = top.get("observed").and_then(Value::as_object);
    let days = observed
        .and_then(|o| o.get("days"))
        .and_then(Value::as_array)
        .map(|days| {
            days.iter()
                .filter_map(|d| d.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    Ok(Observed {
        days,
        calls: observed
            .and_then(|o| o.get("calls"))
            .and_then(Value::as_u64),
        summary: ObservedScope {
            name: String::new(),
            end: None,
            metrics: metrics(summary, "summary")?,
        },
        classes: list(top, "classes", "name")?,
        intervals: list(top, "intervals", "start")?,
        study_days: list(top, "days", "name")?,
    })
}

/// The scopes of the optional array `section`, each named by its `key` field.
fn list(top: &Map<String, Value>, section: &str, key: &str) -> Result<Vec<ObservedScope>, String> {
    let Some(value) = top.get(section) else {
        return Ok(Vec::new());
    };
    let items = value
        .as_array()
        .ok_or_else(|| format!("`{section}` is not an array; expected one object per {key}"))?;
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let path = format!("{section}[{index}]");
            let object = item
                .as_object()
                .ok_or_else(|| format!("`{path}` is not an object"))?;
            let name = object.get(key).and_then(Value::as_str).ok_or_else(|| {
                format!("`{path}.{key}` is missing or not a string; every entry needs one")
            })?;
            Ok(ObservedScope {
                name: name.to_string(),
                end: object.get("end").and_then(Value::as_str).map(String::from),
                metrics: metrics(object, &path)?,
            })
        })
        .collect()
}

/// The metrics ccsim reports that `object` holds.
fn metrics(object: &Map<String, Value>, path: &str) -> Result<ObservedMetrics, String> {
    METRICS
        .iter()
        .filter_map(|metric| {
            let value = object.get(metric.key)?;
            Some(mean(value).map(|mean| (metric.key, mean)).ok_or_else(|| {
                format!(
                    "`{path}.{}` is {value}; expected a metric object such as {{ \"mean\": 0.8, \
                     \"std\": null, \"ci_low\": null, \"ci_high\": null, \"n\": 1 }} (mean null \
                     when not observed)",
                    metric.key
                )
            }))
        })
        .collect()
}

/// The `mean` of a metric object: `Some(None)` when null or absent.
fn mean(value: &Value) -> Option<Option<f64>> {
    match value.as_object()?.get("mean") {
        None | Some(Value::Null) => Some(None),
        Some(mean) => mean.as_f64().filter(|m| m.is_finite()).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_observed_metrics_by_scope() {
        let observed = parse(
            r#"{"kind": "actual", "schema_version": 1,
                "observed": {"days": ["1999-07-01"], "calls": 812},
                "summary": {"p_wait": {"mean": 0.4, "n": 1}, "occupancy": {"mean": null, "n": 0},
                            "not_a_metric": 3},
                "intervals": [{"start": "08:00", "end": "08:30",
                               "offered": {"mean": 12.0, "n": 1}}]}"#,
        )
        .unwrap();
        assert_eq!(observed.days, ["1999-07-01"]);
        assert_eq!(observed.calls, Some(812));
        assert_eq!(observed.summary.get("p_wait"), Some(0.4));
        assert_eq!(observed.summary.get("occupancy"), None);
        assert_eq!(observed.intervals[0].name, "08:00");
        assert_eq!(observed.intervals[0].get("offered"), Some(12.0));
        assert!(observed.classes.is_empty());
    }

    #[test]
    fn refuses_what_is_not_an_observation() {
        let problem = |text: &str| parse(text).unwrap_err();
        assert!(problem("{").contains("not valid JSON"));
        assert!(problem(r#"{"schema_version": 1, "summary": {}}"#).contains("`kind` is missing"));
        assert!(
            problem(r#"{"kind": "simulated", "schema_version": 1, "summary": {}}"#)
                .contains("expected \"actual\"")
        );
        assert!(
            problem(r#"{"kind": "actual", "schema_version": 9, "summary": {}}"#)
                .contains("reads version 1")
        );
        assert!(problem(r#"{"kind": "actual", "schema_version": 1}"#).contains("`summary`"));
        let bad_metric = r#"{"kind": "actual", "schema_version": 1,
            "summary": {"p_wait": {"mean": "high"}}}"#;
        assert!(problem(bad_metric).contains("`summary.p_wait`"));
        let unnamed = r#"{"kind": "actual", "schema_version": 1, "summary": {},
            "classes": [{"offered": {"mean": 3}}]}"#;
        assert!(problem(unnamed).contains("`classes[0].name`"));
    }
}
