//! The scenario loader and a short run: any text that validates as a scenario must simulate one
//! replication without a panic. Runs whose offered load is large are loaded but not simulated,
//! so each input stays fast (the load caps are tested by tests/fixtures/hardening).
#![no_main]

use ccsim::model::Arrivals;
use libfuzzer_sys::fuzz_target;

/// The most calls a simulated input may expect, arrivals and callers waiting at the start.
const MOST_CALLS: f64 = 20_000.0;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = ccsim::scenario::from_str(text, "fuzz.toml") else {
        return;
    };
    let hours = (scenario.hours.close - scenario.hours.open) / 3600.0;
    let arrivals: f64 = scenario
        .classes
        .iter()
        .map(|class| match &class.arrivals {
            Arrivals::Poisson { calls_per_hour } => {
                calls_per_hour.iter().copied().fold(0.0, f64::max) * hours
            }
            Arrivals::Trace { times } => times.len() as f64,
        })
        .sum();
    let waiting: f64 = scenario.start.waiting.iter().map(|w| f64::from(w.callers)).sum();
    if arrivals * 2.0 + waiting <= MOST_CALLS {
        ccsim::sim::run(&scenario, 0, false);
    }
});
