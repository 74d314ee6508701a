//! `[service_level]`: the threshold and target of "80 % answered within 20 s", which of the
//! industry's formulas is the headline, and what counts as a short abandon.

use super::issue::{Issue, one_of};
use super::kinds::{DURATION, POSITIVE_DURATION, TARGET};
use super::reader::Table;
use super::suggest;
use crate::model::{ServiceLevel, ServiceLevelFormula};

/// Describes the table for an error message.
pub(super) const EXPECTED: &str =
    "a [service_level] table such as { threshold = \"20s\", target = 0.8 }";

/// Reads `[service_level]`; every key has a default (80/20, counted over offered calls).
pub(super) fn read(table: &Table) -> Result<ServiceLevel, Issue> {
    let formula = match table.field("formula") {
        None => ServiceLevelFormula::default(),
        Some(field) => {
            let key = field.value.as_str().unwrap_or_default();
            ServiceLevelFormula::from_key(key).ok_or_else(|| {
                let keys = || {
                    ServiceLevelFormula::ALL
                        .into_iter()
                        .map(ServiceLevelFormula::key)
                };
                let suggestion = suggest::closest(key, keys()).map(|key| format!("\"{key}\""));
                field.invalid(one_of(keys(), '"')).suggesting(suggestion)
            })?
        }
    };
    let short_abandon = table.optional("short_abandon", &POSITIVE_DURATION)?;
    if formula == ServiceLevelFormula::ExcludingShortAbandons && short_abandon.is_none() {
        return Err(Issue::missing(
            table.key("short_abandon"),
            "a short-abandon time such as \"5s\", which the formula \
             \"excluding_short_abandons\" needs",
        ));
    }
    Ok(ServiceLevel {
        threshold: table.optional("threshold", &DURATION)?.unwrap_or(20.0),
        target: table.optional("target", &TARGET)?.unwrap_or(0.8),
        formula,
        short_abandon,
    })
}
