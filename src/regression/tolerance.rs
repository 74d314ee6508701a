//! Tolerances: how far a metric may move in its bad direction before `ccsim check` calls it a
//! regression, from `--tolerance KEY=VALUE` and the baseline directory's `tolerances.toml`.
//!
//! A key is a metric key of the JSON report (`service_level`, `asa_s`), which applies wherever
//! the metric is reported, or the same key under a section (`summary.service_level`,
//! `classes.service_level`, `days.service_level`, `intervals.service_level`,
//! `end_of_day.overtime_s`), which applies
//! there only and takes
//! precedence. Values are in the metric's unit: a share as a number or a percentage
//! (`0.02` or `"2%"`: two percentage points), seconds as a number or a duration (`5`, `"5s"`),
//! counts and levels as numbers.

use super::report_metrics::{Scope, metric};
use crate::scenario::parse_duration;
use crate::sim::metrics::{END_OF_DAY_METRICS, METRICS, Metric, Unit};
use std::collections::BTreeMap;

/// The name of the tolerances file `ccsim check` reads from the baseline directory.
pub const TOLERANCES_FILE: &str = "tolerances.toml";

/// The report sections a tolerance can be limited to.
const SECTIONS: [&str; 5] = ["summary", "classes", "days", "intervals", "end_of_day"];

/// Tolerances by key (`service_level` or `intervals.service_level`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tolerances {
    by_key: BTreeMap<String, f64>,
}

impl Tolerances {
    /// Reads a `tolerances.toml`: metric keys with their tolerance at the top level, and the same
    /// under `[summary]`, `[classes]`, `[days]`, `[intervals]` or `[end_of_day]` to limit them
    /// to that section.
    /// `file_label` names the file in error messages.
    pub fn from_toml(text: &str, file_label: &str) -> Result<Tolerances, String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let place = e.span().map_or(String::new(), |span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.chars().rev().take_while(|&c| c != '\n').count() + 1;
                format!(":{line}:{column}")
            });
            format!("{file_label}{place}: {}", e.message().trim_end())
        })?;
        let mut tolerances = Tolerances::default();
        for (key, value) in &table {
            match value {
                toml::Value::Table(inner) if SECTIONS.contains(&key.as_str()) => {
                    for (inner_key, inner_value) in inner {
                        tolerances
                            .insert(&format!("{key}.{inner_key}"), inner_value)
                            .map_err(|e| format!("{file_label}: {e}"))?;
                    }
                }
                _ => tolerances
                    .insert(key, value)
                    .map_err(|e| format!("{file_label}: {e}"))?,
            }
        }
        Ok(tolerances)
    }

    /// Adds one `--tolerance KEY=VALUE`, replacing any tolerance for the same key.
    pub fn insert_flag(&mut self, flag: &str) -> Result<(), String> {
        let (key, value) = flag.split_once('=').ok_or_else(|| {
            format!(
                "--tolerance {flag}: no `=`; expected KEY=VALUE, such as service_level=2% or \
                 intervals.asa_s=10s"
            )
        })?;
        let value = toml::Value::String(value.trim().to_string());
        self.insert(key.trim(), &value)
            .map_err(|e| format!("--tolerance {flag}: {e}"))
    }

    /// Adds `other`'s tolerances, replacing these for the same keys (command-line flags over the
    /// file).
    pub fn extend(&mut self, other: Tolerances) {
        self.by_key.extend(other.by_key);
    }

    /// The tolerance of metric `key` in `scope`: the section's own if there is one, else the
    /// metric's everywhere, else none.
    pub fn get(&self, scope: &Scope, key: &str) -> Option<f64> {
        self.by_key
            .get(&format!("{}.{key}", scope.section()))
            .or_else(|| self.by_key.get(key))
            .copied()
    }

    /// Whether no tolerance is set.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    fn insert(&mut self, key: &str, value: &toml::Value) -> Result<(), String> {
        let metric = metric_of(key)?;
        let tolerance = parse_value(metric, value)
            .map_err(|expected| format!("`{key}`: found {value}; expected {expected}"))?;
        self.by_key.insert(key.to_string(), tolerance);
        Ok(())
    }
}

/// The metric a tolerance key names, checking that its section reports it.
fn metric_of(key: &str) -> Result<&'static Metric, String> {
    let (section, metric_key) = match key.split_once('.') {
        Some((section, rest)) if SECTIONS.contains(&section) => (Some(section), rest),
        _ => (None, key),
    };
    let found = match section {
        None => metric(metric_key),
        Some("end_of_day") => END_OF_DAY_METRICS.iter().find(|m| m.key == metric_key),
        Some(_) => METRICS.iter().find(|m| m.key == metric_key),
    };
    found.ok_or_else(|| {
        let place = section.map_or(String::new(), |s| format!(" in `{s}`"));
        format!(
            "`{key}`: no such metric{place}; expected a metric key of the JSON report \
             (docs/report-format.md) such as service_level, abandon_rate, asa_s or lost, \
             optionally after summary., classes., days., intervals. or end_of_day."
        )
    })
}

/// A tolerance value in the metric's unit; on failure, what would have been accepted.
fn parse_value(metric: &Metric, value: &toml::Value) -> Result<f64, String> {
    let expected = match metric.unit {
        Unit::Share => "a share of 0 to 1 or a percentage, such as 0.02 or \"2%\" (2 points)",
        Unit::Seconds | Unit::SignedSeconds => {
            "a duration, such as \"10s\", \"1m\" or 10 (seconds)"
        }
        Unit::Calls => "a number of calls, 0 or more, such as 5",
        Unit::Level => "a number, 0 or more, such as 0.5",
    };
    let number = match value {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(x) => Some(*x),
        toml::Value::String(text) => {
            let text = text.trim();
            text.parse::<f64>().ok().or_else(|| match metric.unit {
                Unit::Share => text
                    .strip_suffix('%')
                    .and_then(|p| p.trim().parse::<f64>().ok())
                    .map(|percent| percent / 100.0),
                Unit::Seconds | Unit::SignedSeconds => parse_duration(text),
                Unit::Calls | Unit::Level => None,
            })
        }
        _ => None,
    };
    let in_range = |x: f64| x.is_finite() && x >= 0.0 && (metric.unit != Unit::Share || x <= 1.0);
    number
        .filter(|&x| in_range(x))
        .ok_or_else(|| expected.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interval() -> Scope {
        Scope::Interval {
            start: "10:00".into(),
            end: "10:30".into(),
        }
    }

    #[test]
    fn flags_take_values_in_the_metrics_unit() {
        let mut tolerances = Tolerances::default();
        for flag in [
            "service_level=2%",
            "abandon_rate=0.01",
            "asa_s=1m",
            "intervals.asa_s=90",
            "lost=5",
        ] {
            tolerances.insert_flag(flag).unwrap();
        }
        assert_eq!(tolerances.get(&Scope::Overall, "service_level"), Some(0.02));
        assert_eq!(tolerances.get(&interval(), "service_level"), Some(0.02));
        assert_eq!(tolerances.get(&Scope::Overall, "abandon_rate"), Some(0.01));
        assert_eq!(tolerances.get(&Scope::Overall, "asa_s"), Some(60.0));
        assert_eq!(tolerances.get(&interval(), "asa_s"), Some(90.0));
        assert_eq!(tolerances.get(&Scope::Overall, "lost"), Some(5.0));
        assert_eq!(tolerances.get(&Scope::Overall, "offered"), None);
    }

    #[test]
    fn file_sections_scope_tolerances_and_flags_win() {
        let mut tolerances = Tolerances::from_toml(
            r#"
            service_level = "2%"
            [intervals]
            service_level = 0.05
            [end_of_day]
            overtime_s = "15m"
            "#,
            "tolerances.toml",
        )
        .unwrap();
        assert_eq!(tolerances.get(&Scope::Overall, "service_level"), Some(0.02));
        assert_eq!(tolerances.get(&interval(), "service_level"), Some(0.05));
        assert_eq!(tolerances.get(&Scope::EndOfDay, "overtime_s"), Some(900.0));
        let mut flags = Tolerances::default();
        flags.insert_flag("service_level=0.03").unwrap();
        tolerances.extend(flags);
        assert_eq!(tolerances.get(&Scope::Overall, "service_level"), Some(0.03));
        assert_eq!(tolerances.get(&interval(), "service_level"), Some(0.05));
    }

    #[test]
    fn errors_name_the_key_the_value_and_what_would_do() {
        let mut tolerances = Tolerances::default();
        let error = |t: &mut Tolerances, flag| t.insert_flag(flag).unwrap_err();
        assert_eq!(
            error(&mut tolerances, "service_level=lots"),
            "--tolerance service_level=lots: `service_level`: found \"lots\"; expected a share \
             of 0 to 1 or a percentage, such as 0.02 or \"2%\" (2 points)"
        );
        assert!(
            error(&mut tolerances, "service_levl=2%").contains("`service_levl`: no such metric")
        );
        assert!(
            error(&mut tolerances, "end_of_day.asa_s=1").contains("no such metric in `end_of_day`")
        );
        assert!(error(&mut tolerances, "asa_s=-5s").contains("expected a duration"));
        assert!(error(&mut tolerances, "lost").contains("no `=`"));
        let file = Tolerances::from_toml("[intervals]\nasa_s = true\n", "b/tolerances.toml");
        assert_eq!(
            file.unwrap_err(),
            "b/tolerances.toml: `intervals.asa_s`: found true; expected a duration, such as \
             \"10s\", \"1m\" or 10 (seconds)"
        );
        let syntax = Tolerances::from_toml("lost = 1\nasa_s = \n", "t.toml").unwrap_err();
        assert!(syntax.starts_with("t.toml:2:"), "{syntax}");
        assert!(tolerances.is_empty());
    }
}
