//! Stage two: the values of a [`RawScenario`] checked against each other — per-interval arrays
//! against the number of intervals the hours define, the warm-up against the opening period —
//! and the [`Scenario`] built.

use super::issue::Issue;
use super::per_interval::PerInterval;
use super::raw::{RawArrivals, RawScenario};
use super::reader::Written;
use super::units::{format_clock, format_duration};
use crate::model::{Arrivals, Hours, Scenario};

/// Builds the scenario, or names the first key that does not fit the others.
pub(super) fn scenario(raw: RawScenario) -> Result<Scenario, Issue> {
    let hours = raw.hours;
    let service = &raw.service_level;
    Ok(Scenario {
        warmup: warmup(raw.warmup, &hours)?,
        classes: vec![crate::model::CallClass {
            name: "calls".into(),
            arrivals: arrivals(&raw.arrivals, &hours)?,
            handle_time: raw.handle_time,
            patience: raw.patience,
            threshold: service.threshold,
            target: service.target,
            short_abandon: service.short_abandon,
            priority: 1,
            credit: 0.0,
        }],
        pools: vec![crate::model::AgentPool {
            name: "agents".into(),
            agents: raw.agents.fit(&hours)?,
            skills: vec![crate::model::Skill {
                class: 0,
                after: 0.0,
                handle_factor: 1.0,
            }],
            reserve: None,
        }],
        routing: Default::default(),
        name: raw.name,
        description: raw.description,
        seed: raw.seed,
        replications: raw.replications,
        hours,
        service_level: raw.service_level,
        limits: raw.limits,
        drops: raw.drops,
        after_close: raw.after_close,
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

/// The arrival process. A forecast per interval is divided by each interval's real length, so a
/// short last interval gets the rate that delivers its forecast; replayed arrival times must fall
/// within the opening hours.
fn arrivals(arrivals: &RawArrivals, hours: &Hours) -> Result<Arrivals, Issue> {
    let calls_per_hour = match arrivals {
        RawArrivals::Rates(rates) => rates.fit(hours)?,
        RawArrivals::Forecast(calls) => rates_from_forecast(calls, hours)?,
        RawArrivals::Trace(times) => return trace(times, hours),
    };
    Ok(Arrivals::Poisson { calls_per_hour })
}

fn rates_from_forecast(calls: &PerInterval<f64>, hours: &Hours) -> Result<Vec<f64>, Issue> {
    let mut rates = calls.fit(hours)?;
    for (index, rate) in rates.iter_mut().enumerate() {
        let (start, end) = hours.interval_bounds(index);
        let count = *rate;
        *rate = count * 3600.0 / (end - start);
        if !rate.is_finite() {
            return Err(Issue::invalid(
                format!("{}.{index}", calls.key()),
                format!("{count} calls in {}", format_duration(end - start)),
                "a number of calls that gives a finite rate per hour",
            ));
        }
    }
    Ok(rates)
}

fn trace(times: &[Written<f64>], hours: &Hours) -> Result<Arrivals, Issue> {
    let outside = |time: &&Written<f64>| time.value < hours.open || time.value >= hours.close;
    if let Some(time) = times.iter().find(outside) {
        return Err(time.invalid(format!(
            "a time within the opening hours, from {} to before {}",
            format_clock(hours.open),
            format_clock(hours.close)
        )));
    }
    let times = times.iter().map(|time| time.value).collect();
    Ok(Arrivals::Trace { times })
}
