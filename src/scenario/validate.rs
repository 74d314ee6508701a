//! Stage two: the values of a [`RawScenario`] checked against each other — per-interval arrays
//! against the number of intervals the hours define, the warm-up against the opening period,
//! classes against pools and the top-level defaults, the forecast against the intervals and
//! classes, shifts and the start state against the pools — and the [`Scenario`] built.

use super::calls::{self, Context, RawCalls};
use super::campaigns;
use super::contact;
use super::issue::Issue;
use super::names::ClassNames;
use super::raw::RawScenario;
use super::reader::Written;
use super::shift_patterns;
use super::start::{self, Named};
use super::units::{format_clock, format_duration};
use crate::model::{Arrivals, CallClass, Hours, Scenario, Uncertainty};

/// Builds the scenario, or names the first key that does not fit the others.
pub(super) fn scenario(raw: RawScenario) -> Result<Scenario, Issue> {
    let hours = raw.hours;
    let warmup = warmup(raw.warmup, &hours)?;
    let context = Context {
        service_level: &raw.service_level,
        hours: &hours,
        shifts: &raw.shifts,
        forecast: raw.forecast.as_ref(),
        redial: raw.redial.as_ref(),
    };
    let (mut classes, pools) = calls::build(&raw.calls, &context)?;
    let uncertainty = volume(raw.volume.as_ref(), raw.volume_cv.as_ref(), &mut classes)?;
    let named = match &raw.calls {
        RawCalls::Single { .. } => Named {
            classes: false,
            pools: false,
        },
        RawCalls::Classes { agents, .. } => Named {
            classes: true,
            pools: matches!(agents, calls::RawAgents::Pools(_)),
        },
    };
    let start = start::build(&raw.start, &classes, &pools, &named, &hours)?;
    let names = ClassNames::new(classes.iter().map(|class| class.name.as_str()));
    let contact = contact::build(raw.contact, &hours, &names)?;
    let pool_names: Vec<&str> = pools.iter().map(|pool| pool.name.as_str()).collect();
    let shift_patterns =
        shift_patterns::build(&raw.shift_patterns, &hours, &pool_names, named.pools)?;
    let campaigns = campaigns::build(raw.campaigns, &pools, &hours)?;
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
        uncertainty,
        start,
        shift_patterns,
        targets: raw.targets,
        campaigns,
    })
}

/// Applies the `volume` multiplier to every class's Poisson rates and returns the day-to-day
/// uncertainty. Both act on rates, so a class replaying a day (`times`) cannot take them.
fn volume(
    volume: Option<&Written<f64>>,
    volume_cv: Option<&Written<f64>>,
    classes: &mut [CallClass],
) -> Result<Uncertainty, Issue> {
    let replayed = classes
        .iter()
        .find(|class| matches!(class.arrivals, Arrivals::Trace { .. }));
    let scaling = [
        volume.filter(|v| v.value != 1.0),
        volume_cv.filter(|v| v.value > 0.0),
    ];
    if let (Some(class), Some(key)) = (replayed, scaling.into_iter().flatten().next()) {
        return Err(key.invalid(format!(
            "no volume scaling with a replayed day: the arrivals of \"{}\" are given as `times`, \
             which stay as they are (give `calls_per_hour` or `calls_per_interval` instead)",
            class.name
        )));
    }
    if let Some(volume) = volume.filter(|v| v.value != 1.0) {
        for class in classes.iter_mut() {
            if let Arrivals::Poisson { calls_per_hour } = &mut class.arrivals {
                calls_per_hour
                    .iter_mut()
                    .for_each(|rate| *rate *= volume.value);
            }
        }
    }
    Ok(Uncertainty {
        volume_cv: volume_cv.map_or(0.0, |cv| cv.value),
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
