//! Stage two: the values of a [`RawScenario`] checked against each other — per-interval arrays
//! against the number of intervals the hours define, the warm-up against the opening period,
//! classes against pools and the top-level defaults — and the [`Scenario`] built.

use super::issue::Issue;
use super::names::ClassNames;
use super::raw::RawScenario;
use super::reader::Written;
use super::units::{format_clock, format_duration};
use super::{calls, contact};
use crate::model::{Hours, Scenario};

/// Builds the scenario, or names the first key that does not fit the others.
pub(super) fn scenario(raw: RawScenario) -> Result<Scenario, Issue> {
    let hours = raw.hours;
    let warmup = warmup(raw.warmup, &hours)?;
    let (classes, pools) =
        calls::build(&raw.calls, &raw.service_level, raw.redial.as_ref(), &hours)?;
    let names = ClassNames::new(classes.iter().map(|class| class.name.as_str()));
    let contact = contact::build(raw.contact, &hours, &names)?;
    Ok(Scenario {
        warmup,
        classes,
        pools,
        routing: raw.routing,
        name: raw.name,
        description: raw.description,
        seed: raw.seed,
        replications: raw.replications,
        hours,
        service_level: raw.service_level,
        limits: raw.limits,
        drops: raw.drops,
        after_close: raw.after_close,
        contact,
    })
}

/// The warm-up in seconds, 0 when not given. Statistics start after it, so it must leave some of
/// the opening period to measure.
fn warmup(warmup: Option<Written<f64>>, hours: &Hours) -> Result<f64, Issue> {
    let Some(warmup) = warmup else {
        return Ok(0.0);
    };
    let period = hours.close - hours.open;
    if warmup.value < period {
        return Ok(warmup.value);
    }
    let expected = format!(
        "a duration shorter than the opening period ({} from {} to {})",
        format_duration(period),
        format_clock(hours.open),
        format_clock(hours.close)
    );
    Err(warmup.invalid(expected))
}
