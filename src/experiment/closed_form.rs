//! What the exact Erlang formulas ([`crate::analytic`]) say about a scenario: the load of each
//! interval, the agents Erlang C and Erlang A would staff, and the Erlang A values of the
//! headline metrics of a stationary centre. Sweeps and the staffing search show these beside
//! the simulation, so the difference the simulation makes is visible.

use crate::analytic::{ErlangA, ErlangC};
use crate::dist::Distribution;
use crate::model::{Arrivals, Scenario, ServiceLevelFormula};

/// The traffic of one interval, every class together.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IntervalLoad {
    /// Calls per second.
    pub arrival_rate: f64,
    /// Mean handle time in seconds, weighted by the classes' arrival rates.
    pub mean_handle: f64,
    /// Mean patience in seconds, weighted by the classes' arrival rates; `None` when some class
    /// that calls in the interval never hangs up (Erlang A does not apply, Erlang C does).
    pub mean_patience: Option<f64>,
}

impl IntervalLoad {
    /// Offered load in erlangs: the agents the calls would keep busy if all were answered.
    pub fn erlangs(&self) -> f64 {
        self.arrival_rate * self.mean_handle
    }
}

/// The expected arrival rate of `class` in interval `interval`, calls per second: the Poisson
/// rate, or a replayed day's arrivals in the interval divided by its length.
pub fn arrival_rate(scenario: &Scenario, class: usize, interval: usize) -> f64 {
    let (start, end) = scenario.hours.interval_bounds(interval);
    match &scenario.classes[class].arrivals {
        Arrivals::Poisson { calls_per_hour } => {
            calls_per_hour.get(interval).copied().unwrap_or(0.0) / 3600.0
        }
        Arrivals::Trace { times } => {
            let calls = times.iter().filter(|&&t| t >= start && t < end).count();
            calls as f64 / (end - start)
        }
    }
}

/// The traffic of interval `interval`, every class together.
pub fn interval_load(scenario: &Scenario, interval: usize) -> IntervalLoad {
    let mut rate = 0.0;
    let mut handle = 0.0;
    let mut patience = Some(0.0);
    for (index, class) in scenario.classes.iter().enumerate() {
        let class_rate = arrival_rate(scenario, index, interval);
        if class_rate == 0.0 {
            continue;
        }
        rate += class_rate;
        handle += class_rate * class.mean_agent_time();
        patience = match (&class.patience, patience) {
            (Some(p), Some(sum)) => Some(sum + class_rate * p.mean()),
            _ => None,
        };
    }
    let weighted = |sum: f64| if rate > 0.0 { sum / rate } else { 0.0 };
    IntervalLoad {
        arrival_rate: rate,
        mean_handle: weighted(handle),
        mean_patience: patience.map(weighted).filter(|p| *p > 0.0),
    }
}

/// What a staffing must achieve, in the terms of the formulas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Requirement {
    /// Service-level threshold, seconds.
    pub threshold: f64,
    /// Service-level target, a share.
    pub target: f64,
    /// Highest acceptable abandon rate, a share.
    pub max_abandon: Option<f64>,
    /// Highest acceptable occupancy, a share.
    pub max_occupancy: Option<f64>,
}

/// Largest staffing the formulas try before giving up: far above any load they are given, as
/// the agents needed grow like the load plus a multiple of its square root.
fn staffing_limit(load: f64) -> u32 {
    (load * 2.0 + 20.0 * load.sqrt() + 100.0).min(1e6) as u32
}

/// The fewest agents with which Erlang C (callers never hang up) meets the service-level target
/// and the occupancy ceiling; 0 when no calls come. `None` when no staffing up to far above the
/// load does. Erlang C has no abandonment, so an abandonment ceiling is always met.
pub fn erlang_c_agents(load: &IntervalLoad, need: &Requirement) -> Option<u32> {
    if load.arrival_rate == 0.0 {
        return Some(0);
    }
    let first = load.erlangs().floor() as u32 + 1;
    (first..=staffing_limit(load.erlangs())).find(|&agents| {
        ErlangC::new(load.arrival_rate, load.mean_handle, agents, need.threshold).is_ok_and(|m| {
            m.service_level >= need.target && need.max_occupancy.is_none_or(|x| m.occupancy <= x)
        })
    })
}

/// The fewest agents with which Erlang A (callers hang up after an exponential patience with
/// the interval's mean) meets every target, the service level counted as answered within the
/// threshold over offered; Erlang C's answer when callers never hang up.
pub fn erlang_a_agents(load: &IntervalLoad, need: &Requirement) -> Option<u32> {
    let Some(patience) = load.mean_patience else {
        return erlang_c_agents(load, need);
    };
    if load.arrival_rate == 0.0 {
        return Some(0);
    }
    (1..=staffing_limit(load.erlangs())).find(|&agents| {
        ErlangA::new(
            load.arrival_rate,
            load.mean_handle,
            patience,
            agents,
            need.threshold,
        )
        .is_ok_and(|m| {
            m.p_answered_within >= need.target
                && need.max_abandon.is_none_or(|x| m.p_abandon <= x)
                && need.max_occupancy.is_none_or(|x| m.occupancy <= x)
        })
    })
}

/// Whether `distribution` is exactly exponential, whichever way it is written: only then is a
/// caller's remaining patience independent of how long they have waited, as Erlang A assumes.
pub fn is_exponential(distribution: &Distribution) -> bool {
    match *distribution {
        Distribution::Exponential { .. } => true,
        Distribution::Erlang { k, .. } => k == 1,
        Distribution::Weibull { shape, .. } => shape == 1.0,
        Distribution::Gamma { mean, sd } => mean == sd,
        _ => false,
    }
}

/// The headline metrics of a day as Erlang A gives them, in the units of the reports (shares and
/// seconds). A metric the formula cannot express for the scenario is `None`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ErlangAHeadline {
    /// Service level by the scenario's formula.
    pub service_level: Option<f64>,
    /// Average speed of answer, seconds.
    pub asa_s: f64,
    /// Abandon rate, short abandons excluded as the reports do.
    pub abandon_rate: f64,
    /// Occupancy.
    pub occupancy: f64,
    /// Lost calls over offered calls (with no limits and no failures, the abandons beyond the
    /// short ones).
    pub lost_rate: f64,
}

impl ErlangAHeadline {
    /// The value of the headline metric with this report key (see [`crate::sim::metrics`]).
    pub fn get(&self, key: &str) -> Option<f64> {
        match key {
            "service_level" => self.service_level,
            "asa_s" => Some(self.asa_s),
            "abandon_rate" => Some(self.abandon_rate),
            "occupancy" => Some(self.occupancy),
            "lost_rate" => Some(self.lost_rate),
            _ => None,
        }
    }
}

/// The Erlang A values of the headline metrics, when the scenario is a centre Erlang A describes:
/// one class and one pool; Poisson arrivals at the same rate, and the same number of agents, in
/// every interval; exponential patience; no line, queue or waiting-time limit, no technical
/// failures, no reservation and no overflow delay or handle factor. Handle times enter by their
/// mean (the formula assumes them exponential; for other shapes it is the usual approximation).
/// The formula is the steady state, so a short day that starts empty lands a little better.
pub fn erlang_a_headline(scenario: &Scenario) -> Option<ErlangAHeadline> {
    let ([class], [pool]) = (scenario.classes.as_slice(), scenario.pools.as_slice()) else {
        return None;
    };
    let Arrivals::Poisson { calls_per_hour } = &class.arrivals else {
        return None;
    };
    let patience = class.patience.as_ref().filter(|p| is_exponential(p))?;
    let skill_is_plain = pool
        .skills
        .iter()
        .all(|skill| skill.after == 0.0 && skill.handle_factor == 1.0);
    let stationary = calls_per_hour.windows(2).all(|w| w[0] == w[1])
        && pool.agents.windows(2).all(|w| w[0] == w[1])
        && pool.fractional.is_none();
    let limits = &scenario.limits;
    let unlimited =
        limits.max_wait.is_none() && limits.lines.is_none() && limits.queue_capacity.is_none();
    let no_failures = scenario.drops.in_queue.is_none() && scenario.drops.in_conversation.is_none();
    if !(skill_is_plain && stationary && unlimited && no_failures && pool.reserve.is_none()) {
        return None;
    }
    let (rate, agents) = (calls_per_hour.first()? / 3600.0, *pool.agents.first()?);
    let model = |threshold: f64| {
        ErlangA::new(
            rate,
            class.mean_agent_time(),
            patience.mean(),
            agents,
            threshold,
        )
        .ok()
    };
    let at_threshold = model(class.threshold)?;
    // Hang-ups within the short-abandon time are left out of the abandon rate and of lost calls.
    let short = match class.short_abandon {
        Some(seconds) => model(seconds)?.p_abandon_within,
        None => 0.0,
    };
    let within = at_threshold.p_answered_within;
    let service_level = match scenario.service_level.formula {
        ServiceLevelFormula::Offered | ServiceLevelFormula::AnsweredAndAbandoned => Some(within),
        ServiceLevelFormula::ExcludingShortAbandons => Some(within / (1.0 - short)),
        ServiceLevelFormula::AbandonedAfterThreshold => {
            Some(within / (1.0 - at_threshold.p_abandon_within))
        }
        ServiceLevelFormula::Answered => Some(within / (1.0 - at_threshold.p_abandon)),
    };
    Some(ErlangAHeadline {
        service_level: service_level.filter(|v| v.is_finite()),
        asa_s: at_threshold.asa,
        abandon_rate: (at_threshold.p_abandon - short) / (1.0 - short),
        occupancy: at_threshold.occupancy,
        lost_rate: at_threshold.p_abandon - short,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic() -> Scenario {
        let text = "name = 'basic'\n[hours]\nopen = '08:00'\nclose = '10:00'\n\
                    [arrivals]\ncalls_per_hour = 360\n[handle_time]\ndistribution = 'exponential'\n\
                    mean = '4m'\n[patience]\ndistribution = 'exponential'\nmean = '3m'\n\
                    [staffing]\nagents = 25";
        crate::scenario::from_str(text, "basic.toml").unwrap()
    }

    fn need(target: f64) -> Requirement {
        Requirement {
            threshold: 20.0,
            target,
            max_abandon: None,
            max_occupancy: None,
        }
    }

    #[test]
    fn interval_load_weights_classes_by_their_rates() {
        let load = interval_load(&basic(), 0);
        assert!((load.arrival_rate - 0.1).abs() < 1e-15);
        assert!((load.erlangs() - 24.0).abs() < 1e-12);
        assert_eq!(load.mean_patience, Some(180.0));
    }

    /// The smallest staffing meeting 80/20 at 10 erlangs (3-minute calls), checked against the
    /// formula one agent below and at the answer.
    #[test]
    fn erlang_c_agents_is_the_smallest_staffing_that_meets_the_target() {
        let load = IntervalLoad {
            arrival_rate: 10.0 / 180.0,
            mean_handle: 180.0,
            mean_patience: None,
        };
        let agents = erlang_c_agents(&load, &need(0.8)).unwrap();
        let sl = |c| {
            ErlangC::new(load.arrival_rate, 180.0, c, 20.0)
                .unwrap()
                .service_level
        };
        assert!(sl(agents) >= 0.8 && sl(agents - 1) < 0.8, "{agents}");
        // An occupancy ceiling of 70 % needs 10 / 0.7 → 15 agents.
        let capped = Requirement {
            max_occupancy: Some(0.7),
            ..need(0.8)
        };
        assert_eq!(erlang_c_agents(&load, &capped), Some(agents.max(15)));
        let quiet = IntervalLoad {
            arrival_rate: 0.0,
            ..load
        };
        assert_eq!(erlang_c_agents(&quiet, &need(0.8)), Some(0));
    }

    /// Abandonment lowers the need: impatient callers leave the queue to those who stay.
    #[test]
    fn erlang_a_needs_no_more_agents_than_erlang_c() {
        let load = interval_load(&basic(), 0);
        let c = erlang_c_agents(&load, &need(0.8)).unwrap();
        let a = erlang_a_agents(&load, &need(0.8)).unwrap();
        assert!(a <= c, "Erlang A {a}, Erlang C {c}");
        let m = ErlangA::new(0.1, 240.0, 180.0, a, 20.0).unwrap();
        assert!(m.p_answered_within >= 0.8);
        let below = ErlangA::new(0.1, 240.0, 180.0, a - 1, 20.0).unwrap();
        assert!(below.p_answered_within < 0.8);
    }

    #[test]
    fn exponential_in_every_spelling() {
        assert!(is_exponential(&Distribution::exponential(60.0).unwrap()));
        assert!(is_exponential(&Distribution::erlang(1, 60.0).unwrap()));
        assert!(is_exponential(&Distribution::weibull(1.0, 60.0).unwrap()));
        assert!(is_exponential(&Distribution::gamma(60.0, 60.0).unwrap()));
        assert!(!is_exponential(&Distribution::weibull(0.8, 60.0).unwrap()));
        assert!(!is_exponential(
            &Distribution::lognormal(60.0, 60.0).unwrap()
        ));
    }

    #[test]
    fn erlang_a_headline_applies_only_to_a_stationary_single_queue() {
        let scenario = basic();
        let headline = erlang_a_headline(&scenario).unwrap();
        let m = ErlangA::new(0.1, 240.0, 180.0, 25, 20.0).unwrap();
        assert_eq!(headline.service_level, Some(m.p_answered_within));
        assert_eq!(
            (headline.asa_s, headline.abandon_rate),
            (m.asa, m.p_abandon)
        );
        assert_eq!(headline.get("occupancy"), Some(m.occupancy));

        let mut limited = scenario.clone();
        limited.limits.max_wait = Some(600.0);
        assert_eq!(erlang_a_headline(&limited), None);
        let mut uneven = scenario.clone();
        uneven.pools[0].agents[1] = 24;
        assert_eq!(erlang_a_headline(&uneven), None);
        let mut weibull = scenario;
        weibull.classes[0].patience = Some(Distribution::weibull_with_mean(0.8, 180.0).unwrap());
        assert_eq!(erlang_a_headline(&weibull), None);
    }
}
