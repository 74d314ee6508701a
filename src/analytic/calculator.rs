//! The Erlang formulas as one calculator: the same measures from every formula at any staffing,
//! and the fewest agents that meet a service-level target and ASA and abandonment ceilings.
//!
//! Each formula fills every measure with what its model says, so that tables and files have one
//! set of columns: Erlang C has no abandonment (0) and no blocking (0), Erlang B no wait (an
//! ASA of 0 and a service level of 1 − B, as every call it carries is answered at once).

use super::{AnalyticError, ErlangA, ErlangC, ErlangX, Redials, erlang_b};

/// Most agents (and lines) the calculator works with: above any contact centre, and small
/// enough that every formula answers in well under a second.
pub const MAX_AGENTS: u32 = 100_000;

/// Which formula, with the parameters beyond the traffic and the agents that it needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Formula {
    /// Erlang B: no queue, a call finding every agent (line) busy is lost.
    B,
    /// Erlang C: an unlimited queue, callers never hang up.
    C,
    /// Erlang A: callers hang up after an exponential patience.
    A {
        /// Mean patience, seconds.
        mean_patience: f64,
    },
    /// Erlang X: Erlang A with finite lines and redials.
    X {
        /// Mean patience, seconds.
        mean_patience: f64,
        /// Trunk lines, waiting and talking calls together; `None`: unlimited.
        lines: Option<u32>,
        /// Whether callers try again after a blocked or abandoned attempt.
        redials: Redials,
    },
}

impl Formula {
    /// The name used in reports and JSON: `erlang_b`, `erlang_c`, `erlang_a`, `erlang_x`.
    pub fn key(&self) -> &'static str {
        match self {
            Formula::B => "erlang_b",
            Formula::C => "erlang_c",
            Formula::A { .. } => "erlang_a",
            Formula::X { .. } => "erlang_x",
        }
    }
}

/// The calls offered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Traffic {
    /// Offered load of first attempts, in erlangs.
    pub load: f64,
    /// Calls per second and mean handle time in seconds: every formula but Erlang B needs them.
    pub timing: Option<(f64, f64)>,
}

/// What a formula says about one staffing. Shares are of the calls (attempts) offered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measures {
    /// Agents on the phones.
    pub agents: u32,
    /// Offered load including redials, in erlangs.
    pub offered_load: f64,
    /// Share answered within the threshold.
    pub service_level: f64,
    /// Average speed of answer: mean wait of answered calls, seconds.
    pub asa: f64,
    /// Share that queue.
    pub p_wait: f64,
    /// Share that hang up in the queue.
    pub abandon_rate: f64,
    /// Share refused at entry (every line busy).
    pub p_blocked: f64,
    /// Share of agent time spent handling calls.
    pub occupancy: f64,
    /// Mean number of calls waiting.
    pub mean_queue_length: f64,
    /// Share of the offered calls that are redials.
    pub redial_share: f64,
    /// Share of callers answered at some attempt.
    pub callers_answered: f64,
}

/// Targets a staffing must meet, every one given.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Targets {
    /// Least share answered within the threshold.
    pub service_level: Option<f64>,
    /// Longest acceptable ASA, seconds.
    pub max_asa: Option<f64>,
    /// Highest acceptable abandon rate.
    pub max_abandon: Option<f64>,
}

impl Targets {
    /// Whether no target is given.
    pub fn is_empty(&self) -> bool {
        *self == Targets::default()
    }

    /// Whether `measures` meet every target given.
    pub fn met_by(&self, measures: &Measures) -> bool {
        self.service_level
            .is_none_or(|target| measures.service_level >= target)
            && self.max_asa.is_none_or(|most| measures.asa <= most)
            && self
                .max_abandon
                .is_none_or(|most| measures.abandon_rate <= most)
    }
}

/// The measures of `formula` with `agents` agents, the service level counted at `threshold`
/// seconds.
///
/// # Errors
///
/// The formula's own refusals ([`AnalyticError`]), and [`AnalyticError::NotPositive`] when a
/// formula that needs the handle time is given a load alone.
pub fn measures(
    formula: &Formula,
    traffic: &Traffic,
    agents: u32,
    threshold: f64,
) -> Result<Measures, AnalyticError> {
    if let Formula::B = formula {
        if !(traffic.load > 0.0 && traffic.load.is_finite()) {
            return Err(AnalyticError::NotPositive {
                quantity: super::OFFERED_LOAD,
                value: traffic.load,
            });
        }
        let blocked = erlang_b(agents, traffic.load);
        let carried = 1.0 - blocked;
        return Ok(Measures {
            agents,
            offered_load: traffic.load,
            service_level: carried,
            asa: 0.0,
            p_wait: 0.0,
            abandon_rate: 0.0,
            p_blocked: blocked,
            occupancy: if agents == 0 {
                0.0
            } else {
                traffic.load * carried / f64::from(agents)
            },
            mean_queue_length: 0.0,
            redial_share: 0.0,
            callers_answered: carried,
        });
    }
    let (rate, handle) = traffic.timing.ok_or(AnalyticError::NotPositive {
        quantity: super::MEAN_HANDLE,
        value: f64::NAN,
    })?;
    Ok(match *formula {
        Formula::B => unreachable!("handled above"),
        Formula::C => {
            let c = ErlangC::new(rate, handle, agents, threshold)?;
            Measures {
                agents,
                offered_load: traffic.load,
                service_level: c.service_level,
                asa: c.asa,
                p_wait: c.p_wait,
                abandon_rate: 0.0,
                p_blocked: 0.0,
                occupancy: c.occupancy,
                mean_queue_length: c.mean_queue_length,
                redial_share: 0.0,
                callers_answered: 1.0,
            }
        }
        Formula::A { mean_patience } => {
            let a = ErlangA::new(rate, handle, mean_patience, agents, threshold)?;
            Measures {
                agents,
                offered_load: traffic.load,
                service_level: a.p_answered_within,
                asa: a.asa,
                p_wait: a.p_wait,
                abandon_rate: a.p_abandon,
                p_blocked: 0.0,
                occupancy: a.occupancy,
                mean_queue_length: a.mean_queue_length,
                redial_share: 0.0,
                callers_answered: 1.0 - a.p_abandon,
            }
        }
        Formula::X {
            mean_patience,
            lines,
            redials,
        } => {
            let x = ErlangX::new(
                rate,
                handle,
                mean_patience,
                agents,
                lines,
                redials,
                threshold,
            )?;
            let m = x.attempt;
            Measures {
                agents,
                offered_load: x.attempt_rate * handle,
                service_level: m.p_answered_within,
                asa: m.asa,
                p_wait: m.p_wait,
                abandon_rate: m.p_abandon,
                p_blocked: m.p_blocked,
                occupancy: m.occupancy,
                mean_queue_length: m.mean_queue_length,
                redial_share: x.redial_share,
                callers_answered: x.p_caller_answered,
            }
        }
    })
}

/// The fewest agents, from 1 to `most`, whose measures meet `targets`, and those measures;
/// `None` when even `most` agents do not.
///
/// The service level rises, and the ASA and the abandon rate fall, as agents are added (for
/// Erlang X at a fixed number of lines too), so the staffings that meet the targets are all
/// those from the answer up. The search doubles from the offered load until a staffing meets
/// them, then bisects, so its cost grows with the logarithm of the answer. A staffing the
/// formula cannot compute for lack of agents (Erlang C's unstable queue, an Erlang A queue too
/// long to follow) meets no target.
///
/// # Errors
///
/// A parameter the formula refuses whatever the staffing.
pub fn fewest_agents(
    formula: &Formula,
    traffic: &Traffic,
    threshold: f64,
    targets: &Targets,
    most: u32,
) -> Result<Option<Measures>, AnalyticError> {
    let meets = |agents: u32| match measures(formula, traffic, agents, threshold) {
        Ok(m) => Ok(targets.met_by(&m).then_some(m)),
        Err(AnalyticError::Unstable { .. } | AnalyticError::QueueTooLong { .. }) => Ok(None),
        Err(other) => Err(other),
    };
    if most == 0 {
        return Ok(None);
    }
    // Invariant: `low` agents do not meet the targets (0 agents never do).
    let mut low = 0;
    let mut high = (traffic.load.ceil().max(1.0) as u32).min(most);
    let mut best = loop {
        if let Some(m) = meets(high)? {
            break m;
        }
        if high == most {
            return Ok(None);
        }
        low = high;
        high = high.saturating_mul(2).min(most);
    };
    while best.agents - low > 1 {
        let middle = low + (best.agents - low) / 2;
        match meets(middle)? {
            Some(m) => best = m,
            None => low = middle,
        }
    }
    Ok(Some(best))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first staffing from 1 up that meets the targets, without assuming anything.
    fn scan(
        formula: &Formula,
        traffic: &Traffic,
        threshold: f64,
        targets: &Targets,
        most: u32,
    ) -> Option<u32> {
        (1..=most).find(|&agents| {
            measures(formula, traffic, agents, threshold).is_ok_and(|m| targets.met_by(&m))
        })
    }

    #[test]
    fn bisection_agrees_with_a_scan_over_agents() {
        let redials = Redials {
            after_blocked: 0.7,
            after_abandoned: 0.4,
            max_attempts: 3,
        };
        let formulas = [
            Formula::C,
            Formula::A {
                mean_patience: 120.0,
            },
            Formula::A {
                mean_patience: 900.0,
            },
            Formula::X {
                mean_patience: 150.0,
                lines: Some(60),
                redials,
            },
            Formula::X {
                mean_patience: 150.0,
                lines: None,
                redials,
            },
        ];
        let target_sets = [
            Targets {
                service_level: Some(0.8),
                ..Targets::default()
            },
            Targets {
                service_level: Some(0.95),
                max_abandon: Some(0.02),
                ..Targets::default()
            },
            Targets {
                max_asa: Some(15.0),
                ..Targets::default()
            },
            Targets {
                service_level: Some(0.7),
                max_asa: Some(30.0),
                max_abandon: Some(0.05),
            },
        ];
        let mut compared = 0;
        for formula in &formulas {
            for (calls_per_hour, handle) in [(50.0, 300.0), (400.0, 240.0), (900.0, 180.0)] {
                let rate = calls_per_hour / 3600.0;
                let traffic = Traffic {
                    load: rate * handle,
                    timing: Some((rate, handle)),
                };
                for targets in &target_sets {
                    for threshold in [10.0, 20.0, 60.0] {
                        let most = 80;
                        let found = fewest_agents(formula, &traffic, threshold, targets, most)
                            .unwrap()
                            .map(|m| m.agents);
                        let expected = scan(formula, &traffic, threshold, targets, most);
                        assert_eq!(found, expected, "{formula:?} {traffic:?} {targets:?}");
                        compared += usize::from(expected.is_some());
                    }
                }
            }
        }
        // Most cases have an answer within 80 agents; the rest check the "none" answer.
        assert!(compared > 100, "{compared}");
    }

    #[test]
    fn none_when_the_cap_is_too_low() {
        let traffic = Traffic {
            load: 10.0,
            timing: Some((100.0 / 1800.0, 180.0)),
        };
        let targets = Targets {
            service_level: Some(0.8),
            ..Targets::default()
        };
        assert_eq!(
            fewest_agents(&Formula::C, &traffic, 20.0, &targets, 13).unwrap(),
            None
        );
        // The textbook answer: 14 agents reach 80/20.
        let m = fewest_agents(&Formula::C, &traffic, 20.0, &targets, 100)
            .unwrap()
            .unwrap();
        assert_eq!(m.agents, 14);
    }

    #[test]
    fn erlang_b_needs_no_handle_time_and_others_do() {
        let traffic = Traffic {
            load: 10.0,
            timing: None,
        };
        let b = measures(&Formula::B, &traffic, 10, 20.0).unwrap();
        assert!((b.p_blocked - erlang_b(10, 10.0)).abs() < 1e-15);
        assert!((b.service_level + b.p_blocked - 1.0).abs() < 1e-15);
        assert!(measures(&Formula::C, &traffic, 12, 20.0).is_err());
    }
}
