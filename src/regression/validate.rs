//! The statistics of a baseline, checked before `ccsim check` trusts them.
//!
//! A baseline is a file in the team's repository: it can be edited by hand, merged badly or
//! truncated. A standard deviation of 1e300 or −5, a count of 0 or an emptied `summary` would
//! otherwise make a check pass that tested nothing. Since the baseline stores every
//! replication's values, its report's summaries are checked against them: each metric's count
//! is the number of replications that define it, and its mean and standard deviation are those
//! of the stored values.

use super::baseline::Baseline;
use super::report_metrics::{Scope, read_sections};
use super::samples::{of_records, section_samples};
use crate::sim::metrics::{END_OF_DAY_METRICS, METRICS};
use crate::stats::Estimate;

/// Relative difference allowed between a stored summary and the one recomputed from the stored
/// values: both are the same sums in the same order, so they agree to the last bit; this leaves
/// room for nothing but a rounding of the JSON text.
const RELATIVE_AGREEMENT: f64 = 1e-12;

/// Why `baseline` cannot be trusted, if it cannot: the key path (as in the file), the value
/// found and what was expected.
pub fn validate(baseline: &Baseline) -> Result<(), String> {
    let replications = baseline.replications;
    if !(1..=crate::model::MAX_REPLICATIONS).contains(&replications) {
        return Err(format!(
            "`replications` is {replications}, but a run has 1 to {} replications",
            crate::model::MAX_REPLICATIONS
        ));
    }
    let stored = baseline.per_replication.len();
    if stored != replications as usize {
        return Err(format!(
            "`per_replication` holds {stored} replications, but `replications` is {replications}"
        ));
    }
    for (index, record) in baseline.per_replication.iter().enumerate() {
        if (record.scenario, record.replication as usize) != (0, index) {
            return Err(format!(
                "`per_replication.{index}` is scenario {} replication {}; expected scenario 0 \
                 replication {index} (one scenario, replications in order)",
                record.scenario, record.replication
            ));
        }
    }
    let sections = read_sections(&baseline.report).map_err(|e| format!("in `report`: {e}"))?;
    if baseline.report.get("classes").is_none() {
        return Err("`report.classes`: missing".to_string());
    }
    let mut paths = Vec::with_capacity(sections.len());
    let (mut class, mut day, mut interval) = (0, 0, 0);
    for section in &sections {
        let (path, expected) = match section.scope {
            Scope::Overall => ("summary".to_string(), METRICS),
            Scope::EndOfDay => ("end_of_day".to_string(), END_OF_DAY_METRICS),
            Scope::Class { .. } => (numbered("classes", &mut class), METRICS),
            Scope::Day { .. } => (numbered("days", &mut day), METRICS),
            Scope::Interval { .. } => (numbered("intervals", &mut interval), METRICS),
        };
        if let Some(missing) = expected.iter().find(|m| section.get(m.key).is_none()) {
            return Err(format!(
                "`report.{path}.{}`: missing ({} of the {} metrics this ccsim reports there \
                 are present)",
                missing.key,
                section.metrics.len(),
                expected.len()
            ));
        }
        paths.push(path);
    }
    let samples = section_samples(&sections, &of_records(&baseline.per_replication))
        .map_err(|e| format!("`per_replication` does not match `report`: {e}"))?;
    for ((section, path), columns) in sections.iter().zip(&paths).zip(&samples) {
        for ((key, stated), column) in section.metrics.iter().zip(columns) {
            let defined: Vec<f64> = column.iter().flatten().copied().collect();
            let recomputed = Estimate::from_samples(&defined, 0.95);
            agree(&format!("report.{path}.{key}"), stated, &recomputed)?;
        }
    }
    Ok(())
}

/// `classes.3`, counting `counter` up.
fn numbered(field: &str, counter: &mut usize) -> String {
    *counter += 1;
    format!("{field}.{}", *counter - 1)
}

/// Whether a stated estimate is the one the stored values give.
fn agree(
    path: &str,
    stated: &Option<Estimate>,
    recomputed: &Option<Estimate>,
) -> Result<(), String> {
    let Some(stated) = stated else {
        return match recomputed {
            None => Ok(()),
            Some(e) => Err(format!(
                "`{path}.mean` is null, but {} stored replications define it",
                e.n
            )),
        };
    };
    if let Some(std) = stated.std
        && !(std.is_finite() && std >= 0.0)
    {
        return Err(format!(
            "`{path}.std` is {}; a standard deviation is a finite number ≥ 0",
            number(std)
        ));
    }
    if !stated.mean.is_finite() {
        return Err(format!(
            "`{path}.mean` is {}; expected a finite number",
            number(stated.mean)
        ));
    }
    let Some(recomputed) = recomputed else {
        return Err(format!(
            "`{path}.n` is {}, but no stored replication defines the metric",
            stated.n
        ));
    };
    if stated.n != recomputed.n {
        return Err(format!(
            "`{path}.n` is {}, but {} stored replications define the metric",
            stated.n, recomputed.n
        ));
    }
    let close = |a: f64, b: f64| (a - b).abs() <= RELATIVE_AGREEMENT * a.abs().max(b.abs());
    if !close(stated.mean, recomputed.mean) {
        return Err(format!(
            "`{path}.mean` is {}, but the stored replications give {}",
            number(stated.mean),
            number(recomputed.mean)
        ));
    }
    match (stated.std, recomputed.std) {
        (Some(a), Some(b)) if close(a, b) => Ok(()),
        (None, None) => Ok(()),
        (a, b) => Err(format!(
            "`{path}.std` is {}, but the stored replications give {}",
            show(a),
            show(b)
        )),
    }
}

fn show(value: Option<f64>) -> String {
    value.map_or("null".to_string(), number)
}

/// A number as a reader can take it in: huge and tiny ones in scientific notation.
fn number(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}
