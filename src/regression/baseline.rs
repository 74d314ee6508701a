//! The baseline file: a run's JSON report plus what `ccsim check` needs to re-run and compare it.
//!
//! `ccsim baseline` writes one per scenario, `BASELINES/<scenario file stem>.json`:
//!
//! | field | meaning |
//! |---|---|
//! | `baseline_format` | layout version of this file ([`BASELINE_FORMAT`]) |
//! | `ccsim_version` | version of ccsim that ran the baseline |
//! | `schema_version` | version of the embedded report's layout |
//! | `scenario_file` | the scenario's path as given to `ccsim baseline` |
//! | `overrides` | the `--set KEY=VALUE` values it was run with; `ccsim check` applies them again |
//! | `seed`, `replications` | what it was run with; `ccsim check` re-runs with the same |
//! | `scenario_fingerprint` | FNV-1a 64 of the canonical scenario (see `fingerprint`) |
//! | `scenario` | the canonical scenario itself, one line per setting, to show what changed |
//! | `results_digest` | FNV-1a 64 of every replication's values, bit for bit, for exact mode |
//! | `report` | the JSON report of the run (`docs/report-format.md`): every metric's mean, standard deviation and count |
//! | `per_replication` | every replication's values, bit for bit, in the records of the partial-result format (`crate::partial::UnitRecord`, scenario 0): what the paired check subtracts from the new run's, replication by replication |
//!
//! Format 1 had no `per_replication`; it is refused with the command that re-creates it.

use super::fingerprint::{Canonical, results_digest, scenario_fingerprint};
use super::validate::validate;
use crate::experiment::ExperimentResult;
use crate::partial::UnitRecord;
use crate::report;
use crate::scenario::Override;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

/// Layout version of baseline files; a change that older versions cannot read bumps it.
pub const BASELINE_FORMAT: u32 = 2;

/// A stored run of one scenario, to check later runs against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// Layout version of the file ([`BASELINE_FORMAT`] when written by this version).
    pub baseline_format: u32,
    /// Version of ccsim that ran it.
    pub ccsim_version: String,
    /// Layout version of the embedded report ([`report::SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The scenario file as given when the baseline was made.
    pub scenario_file: String,
    /// `--set` overrides the baseline was run with, as `KEY=VALUE`.
    pub overrides: Vec<String>,
    /// Seed of the run.
    pub seed: u64,
    /// Replications of the run.
    pub replications: u32,
    /// Hash of the canonical scenario (16 hexadecimal digits).
    pub scenario_fingerprint: String,
    /// The canonical scenario, one `key = value` line per setting.
    pub scenario: Vec<String>,
    /// Hash of every replication's metric values, bit for bit (16 hexadecimal digits).
    pub results_digest: String,
    /// The JSON report of the run.
    pub report: Value,
    /// Every replication's values, by replication index (scenario index 0).
    pub per_replication: Vec<UnitRecord>,
}

impl Baseline {
    /// The baseline of `result`, the run of the scenario file `scenario_file` with `overrides`.
    pub fn new(result: &ExperimentResult, scenario_file: &str, overrides: &[Override]) -> Self {
        let scenario = &result.scenario;
        Baseline {
            baseline_format: BASELINE_FORMAT,
            ccsim_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: report::SCHEMA_VERSION,
            scenario_file: scenario_file.to_string(),
            overrides: overrides.iter().map(Override::to_string).collect(),
            seed: scenario.seed,
            replications: scenario.replications,
            scenario_fingerprint: scenario_fingerprint(result),
            scenario: result.canonical(),
            results_digest: results_digest(&result.replications),
            report: report::to_json(result, scenario_file),
            per_replication: result
                .replications
                .iter()
                .enumerate()
                .map(|(index, values)| {
                    let days: Vec<Vec<Option<f64>>> = result
                        .days
                        .iter()
                        .map(|day| day.replications[index].clone())
                        .collect();
                    UnitRecord::new(0, index as u32, values, &days)
                })
                .collect(),
        }
    }

    /// Reads a baseline file, refusing one this version cannot compare with (another layout or
    /// report schema) and one whose statistics do not hold up (see `validate`). Errors name the
    /// file, the key and the value, and say how to re-create it.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let label = path.display();
        let recreate = "re-create it with `ccsim baseline`";
        let text = crate::column_file::read_regular_text_or_reason(path, "baseline (JSON)")
            .map_err(|reason| format!("{label}: cannot read the baseline: {reason}"))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            format!("{label}: not a ccsim baseline (invalid JSON: {e}); {recreate}")
        })?;
        let format = value.get("baseline_format").and_then(Value::as_u64);
        match format {
            Some(format) if format == u64::from(BASELINE_FORMAT) => {}
            Some(1) => {
                return Err(format!(
                    "{label}: baseline format 1 stores no per-replication values, which the \
                     paired check of this ccsim {} needs; re-run `ccsim baseline` on its scenario \
                     (with the same --dir) to re-create it",
                    env!("CARGO_PKG_VERSION")
                ));
            }
            Some(format) => {
                return Err(format!(
                    "{label}: baseline format {format}, but this ccsim {} reads format \
                     {BASELINE_FORMAT}; {recreate}",
                    env!("CARGO_PKG_VERSION")
                ));
            }
            None => {
                return Err(format!(
                    "{label}: not a ccsim baseline (no `baseline_format`); {recreate}"
                ));
            }
        }
        let baseline: Baseline = serde_json::from_value(value)
            .map_err(|e| format!("{label}: not a ccsim baseline ({e}); {recreate}"))?;
        if baseline.schema_version != report::SCHEMA_VERSION {
            return Err(format!(
                "{label}: the report in it has schema version {}, but this ccsim {} writes \
                 schema version {}; {recreate}",
                baseline.schema_version,
                env!("CARGO_PKG_VERSION"),
                report::SCHEMA_VERSION
            ));
        }
        validate(&baseline)
            .map_err(|e| format!("{label}: not a valid ccsim baseline: {e}; {recreate}"))?;
        Ok(baseline)
    }

    /// The overrides the baseline was run with, parsed.
    pub fn parsed_overrides(&self) -> Result<Vec<Override>, String> {
        self.overrides
            .iter()
            .map(|text| text.parse::<Override>().map_err(|e| e.to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{RunOptions, run_replications};
    use crate::scenario;

    fn baseline() -> Baseline {
        let overrides = vec!["staffing.agents=3".parse().unwrap()];
        let scenario = scenario::from_str_with_overrides(
            r#"
            name = "baseline"
            replications = 2
            [hours]
            open = "08:00"
            close = "09:00"
            [arrivals]
            calls_per_hour = 30
            [handle_time]
            distribution = "exponential"
            mean = "3m"
            [staffing]
            agents = 2
            "#,
            "b.toml",
            &overrides,
        )
        .unwrap();
        let result = run_replications(&scenario, &RunOptions::default());
        Baseline::new(&result, "b.toml", &overrides)
    }

    #[test]
    fn round_trips_through_a_file() {
        let baseline = baseline();
        assert_eq!(baseline.overrides, ["staffing.agents=3"]);
        assert_eq!(baseline.parsed_overrides().unwrap()[0].value, "3");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        let text = serde_json::to_string_pretty(&baseline).unwrap();
        std::fs::write(&path, &text).unwrap();
        let read = Baseline::read(&path).unwrap();
        // The JSON reader may round a 17-digit number in the report to a neighbour, so the report
        // is compared as read back; everything else survives exactly.
        assert_eq!(read, serde_json::from_str::<Baseline>(&text).unwrap());
        assert_eq!(
            (
                read.seed,
                read.replications,
                &read.scenario,
                &read.results_digest
            ),
            (
                baseline.seed,
                baseline.replications,
                &baseline.scenario,
                &baseline.results_digest
            )
        );
    }

    #[test]
    fn refuses_what_it_cannot_compare_with() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        let read = |value: &Value| {
            std::fs::write(&path, value.to_string()).unwrap();
            Baseline::read(&path).unwrap_err()
        };
        let mut value = serde_json::to_value(baseline()).unwrap();
        value["schema_version"] = 99.into();
        assert!(
            read(&value).contains("schema version 99"),
            "{}",
            read(&value)
        );
        value["baseline_format"] = 3.into();
        assert!(read(&value).contains("baseline format 3"));
        value["baseline_format"] = 1.into();
        let old = read(&value);
        assert!(
            old.contains("baseline format 1 stores no per-replication values")
                && old.contains("re-run `ccsim baseline`"),
            "{old}"
        );
        value["baseline_format"] = 2.into();
        value["schema_version"] = 1.into();
        value["report"]["summary"]["lost"] = serde_json::json!(null);
        assert!(read(&value).contains("in `report`: `summary.lost`: expected a metric object"));
        value.as_object_mut().unwrap().remove("seed");
        assert!(read(&value).contains("missing field `seed`"));
        assert!(read(&serde_json::json!([1, 2])).contains("no `baseline_format`"));
        std::fs::write(&path, "{").unwrap();
        assert!(Baseline::read(&path).unwrap_err().contains("invalid JSON"));
        let missing = Baseline::read(&dir.path().join("missing.json")).unwrap_err();
        assert!(missing.contains("cannot read the baseline"));
    }

    /// Statistics that would make a check pass untested are refused, naming the key and the
    /// value; each edit is made on an intact baseline.
    #[test]
    fn refuses_statistics_that_do_not_hold_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        let intact = serde_json::to_value(baseline()).unwrap();
        std::fs::write(&path, intact.to_string()).unwrap();
        Baseline::read(&path).unwrap();
        let refused = |edit: &dyn Fn(&mut Value)| {
            let mut value = intact.clone();
            edit(&mut value);
            std::fs::write(&path, value.to_string()).unwrap();
            let error = Baseline::read(&path).unwrap_err();
            assert!(
                error.starts_with(&format!("{}: not a valid ccsim baseline: ", path.display()))
            );
            assert!(
                error.ends_with("re-create it with `ccsim baseline`"),
                "{error}"
            );
            error
        };
        let offered = |value: &mut Value, field: &str, x: Value| {
            value["report"]["summary"]["offered"][field] = x;
        };
        let error = refused(&|v| offered(v, "std", 1e300.into()));
        assert!(
            error.contains(
                "`report.summary.offered.std` is 1e300, but the stored replications give"
            ),
            "{error}"
        );
        let error = refused(&|v| offered(v, "std", (-5.0).into()));
        assert!(
            error.contains(
                "`report.summary.offered.std` is -5; a standard deviation is a finite number ≥ 0"
            ),
            "{error}"
        );
        let error = refused(&|v| offered(v, "n", 0.into()));
        assert!(
            error.contains(
                "`report.summary.offered.n` is 0, but 2 stored replications define the metric"
            ),
            "{error}"
        );
        let error = refused(&|v| offered(v, "mean", 1e6.into()));
        assert!(
            error.contains("`report.summary.offered.mean` is 1000000, but"),
            "{error}"
        );
        let error = refused(&|v| v["report"]["summary"] = serde_json::json!({}));
        assert!(
            error.contains("`report.summary.offered`: missing (0 of the"),
            "{error}"
        );
        let error = refused(&|v| {
            v["report"]["intervals"][0]
                .as_object_mut()
                .unwrap()
                .remove("asa_s");
        });
        assert!(
            error.contains("`report.intervals.0.asa_s`: missing"),
            "{error}"
        );
        let error = refused(&|v| {
            v["report"]
                .as_object_mut()
                .unwrap()
                .remove("classes")
                .map(drop)
                .unwrap()
        });
        assert!(error.contains("`report.classes`: missing"), "{error}");
        let error = refused(&|v| v["replications"] = 4294967295u32.into());
        assert!(
            error.contains("`replications` is 4294967295, but a run has 1 to 100000 replications"),
            "{error}"
        );
        let error = refused(&|v| v["replications"] = 3.into());
        assert!(
            error.contains("`per_replication` holds 2 replications, but `replications` is 3"),
            "{error}"
        );
        let error = refused(&|v| v["per_replication"][1]["replication"] = 0.into());
        assert!(
            error.contains("`per_replication.1` is scenario 0 replication 0"),
            "{error}"
        );
        let error =
            refused(&|v| v["per_replication"][0]["values"]["intervals"] = serde_json::json!([]));
        assert!(
            error.contains("`per_replication` does not match `report`: replication 0 has no value"),
            "{error}"
        );
    }
}
