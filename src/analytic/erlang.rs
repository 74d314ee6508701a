//! Erlang B (M/M/c/c: no queue, blocked calls are lost) and Erlang C (M/M/c: an unlimited queue
//! and callers who never hang up).

use super::{AnalyticError, offered_load, staffed, valid_threshold};

/// Erlang B: the probability that a call finds all `agents` busy and is lost, when calls that find
/// no free agent cannot queue (M/M/c/c) and the offered load is `load` erlangs.
///
/// Computed by the recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)). Every step divides
/// positive numbers, with no factorials, powers or subtractions, so nothing overflows or cancels
/// and rounding stays at the level of an ulp per step, for thousands of agents as for one.
/// (By insensitivity the result holds for any handle-time distribution with that mean.)
///
/// Returns NaN when `load` is negative, infinite or NaN; [`offered_load`] validates a load before
/// it gets here.
///
/// ```
/// use ccsim::analytic::erlang_b;
/// assert!((erlang_b(10, 10.0) - 0.2146).abs() < 1e-4);
/// assert_eq!(erlang_b(0, 3.0), 1.0); // no agents: every call is lost
/// ```
pub fn erlang_b(agents: u32, load: f64) -> f64 {
    if !(load >= 0.0 && load.is_finite()) {
        return f64::NAN;
    }
    let mut blocking = 1.0;
    for n in 1..=agents {
        if blocking == 0.0 {
            // Underflowed: every later step would keep it at zero.
            break;
        }
        let carried = load * blocking;
        blocking = carried / (f64::from(n) + carried);
    }
    blocking
}

/// Erlang C: the probability that a call has to wait in M/M/c with `agents` agents and an
/// offered load of `load` erlangs, when every caller waits as long as it takes.
///
/// Computed from Erlang B as C = c·B / (c − A·(1 − B)), which inherits its stability: the
/// denominator is (c − A) + A·B, a sum of non-negative terms. When the load reaches the agents
/// (A ≥ c) the queue has no steady state and every call eventually waits, so the result is 1.
///
/// Returns NaN when `load` is negative, infinite or NaN.
///
/// ```
/// use ccsim::analytic::erlang_c;
/// assert!((erlang_c(12, 10.0) - 0.4494).abs() < 1e-4);
/// assert_eq!(erlang_c(10, 10.0), 1.0);
/// ```
pub fn erlang_c(agents: u32, load: f64) -> f64 {
    if !(load >= 0.0 && load.is_finite()) {
        return f64::NAN;
    }
    let agents_f = f64::from(agents);
    if load >= agents_f {
        return 1.0;
    }
    let blocking = erlang_b(agents, load);
    agents_f * blocking / (agents_f - load * (1.0 - blocking))
}

/// Steady-state measures of the M/M/c queue (Erlang C): Poisson arrivals, exponential handle
/// times, `agents` agents, FIFO, and callers who never hang up.
///
/// A call that has to wait waits an exponential time with rate cμ − λ: the number of calls ahead
/// of it is geometric, and the queue drains at the full floor's rate cμ. Hence
/// P(W ≤ t) = 1 − C·e^{−(cμ−λ)t} and the other closed forms below.
///
/// With one agent this is M/M/1, and the measures reduce to the textbook ones:
///
/// ```
/// use ccsim::analytic::ErlangC;
/// let (arrival_rate, service_rate) = (0.5, 1.0);
/// let rho = arrival_rate / service_rate;
/// let mm1 = ErlangC::new(arrival_rate, 1.0 / service_rate, 1, 2.0).unwrap();
/// let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
/// assert!(close(mm1.p_wait, rho));
/// assert!(close(mm1.asa, rho / (service_rate - arrival_rate)));
/// assert!(close(mm1.mean_queue_length, rho * rho / (1.0 - rho)));
/// assert!(close(mm1.service_level, 1.0 - rho * (-(service_rate - arrival_rate) * 2.0).exp()));
/// assert!(close(mm1.occupancy, rho));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ErlangC {
    /// Probability that an arriving call finds every agent busy and waits: the Erlang C formula.
    pub p_wait: f64,
    /// Average speed of answer in seconds, C / (cμ − λ). Every call is answered eventually, so
    /// this is the mean wait of answered calls and of all calls alike.
    pub asa: f64,
    /// Service level: probability that a call waits at most the threshold,
    /// 1 − C·e^{−(cμ−λ)t}. It is the fraction of calls answered within the threshold.
    pub service_level: f64,
    /// Fraction of agent time spent handling calls, A / c.
    pub occupancy: f64,
    /// Mean number of calls waiting (Lq), λ·ASA by Little's law.
    pub mean_queue_length: f64,
    /// Mean wait in seconds of the calls that wait at all, 1 / (cμ − λ).
    pub mean_wait_given_wait: f64,
}

impl ErlangC {
    /// Measures for calls arriving at `arrival_rate` per second, handled in `mean_handle` seconds
    /// on average by `agents` agents, with the service level counted against `threshold`
    /// seconds.
    ///
    /// # Errors
    ///
    /// [`AnalyticError::Unstable`] when the offered load is not below the number of agents, and
    /// the parameter errors of [`AnalyticError`] for a rate, time or threshold out of range or
    /// zero agents.
    pub fn new(
        arrival_rate: f64,
        mean_handle: f64,
        agents: u32,
        threshold: f64,
    ) -> Result<Self, AnalyticError> {
        let load = offered_load(arrival_rate, mean_handle)?;
        let threshold = valid_threshold(threshold)?;
        let agents_f = staffed(agents)?;
        if load >= agents_f {
            return Err(AnalyticError::Unstable { load, agents });
        }
        let p_wait = erlang_c(agents, load);
        // 1 / (cμ − λ), written as E[S] / (c − A) to stay in the units the caller gave.
        let mean_wait_given_wait = mean_handle / (agents_f - load);
        let asa = p_wait * mean_wait_given_wait;
        Ok(Self {
            p_wait,
            asa,
            service_level: 1.0 - p_wait * (-threshold / mean_wait_given_wait).exp(),
            occupancy: load / agents_f,
            mean_queue_length: arrival_rate * asa,
            mean_wait_given_wait,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Erlang B from its definition, the truncated Poisson (A^c/c!) / Σ_{k≤c} A^k/k!.
    fn erlang_b_by_summation(agents: u32, load: f64) -> f64 {
        let (mut term, mut sum) = (1.0, 1.0);
        for k in 1..=agents {
            term *= load / f64::from(k);
            sum += term;
        }
        term / sum
    }

    /// Erlang C from its definition: the stationary probability of c or more calls in M/M/c,
    /// (A^c/c!)·c/(c−A) / (Σ_{k<c} A^k/k! + (A^c/c!)·c/(c−A)).
    fn erlang_c_by_summation(agents: u32, load: f64) -> f64 {
        let c = f64::from(agents);
        let (mut term, mut below) = (1.0, 0.0);
        for k in 0..agents {
            below += term;
            term *= load / f64::from(k + 1);
        }
        let waiting = term * c / (c - load);
        waiting / (below + waiting)
    }

    fn assert_close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance * expected.abs().max(1e-300),
            "{actual} differs from {expected} by more than {tolerance} relative"
        );
    }

    #[test]
    fn erlang_b_matches_published_values() {
        assert!((erlang_b(10, 10.0) - 0.2146).abs() < 5e-5);
        assert!((erlang_b(10, 5.0) - 0.01838).abs() < 5e-6);
    }

    #[test]
    fn erlang_b_matches_its_definition() {
        for agents in [1, 2, 5, 10, 25, 60] {
            for load in [0.1, 1.0, 4.5, 10.0, 30.0, 80.0] {
                assert_close(
                    erlang_b(agents, load),
                    erlang_b_by_summation(agents, load),
                    1e-13,
                );
            }
        }
    }

    #[test]
    fn erlang_b_handles_edge_cases() {
        assert_eq!(erlang_b(0, 7.0), 1.0);
        assert_eq!(erlang_b(5, 0.0), 0.0);
        assert!(erlang_b(3, -1.0).is_nan());
        assert!(erlang_b(3, f64::NAN).is_nan());
        assert!(erlang_b(3, f64::INFINITY).is_nan());
        // Far too many agents for the load: underflows to zero rather than misbehaving.
        assert_eq!(erlang_b(100_000, 1.0), 0.0);
        // A large floor where A^c/c! would overflow: B(n, n) ≈ √(2/(πn)) for large n.
        let large = erlang_b(10_000, 10_000.0);
        assert_close(
            large,
            (2.0 / (std::f64::consts::PI * 10_000.0)).sqrt(),
            0.01,
        );
    }

    #[test]
    fn erlang_c_matches_published_value_and_its_definition() {
        assert!((erlang_c(12, 10.0) - 0.4494).abs() < 5e-5);
        for agents in [1, 2, 5, 12, 40] {
            for fraction in [0.05, 0.5, 0.8, 0.99] {
                let load = fraction * f64::from(agents);
                assert_close(
                    erlang_c(agents, load),
                    erlang_c_by_summation(agents, load),
                    1e-12,
                );
            }
        }
    }

    #[test]
    fn erlang_c_is_one_when_unstable_and_nan_when_invalid() {
        assert_eq!(erlang_c(10, 10.0), 1.0);
        assert_eq!(erlang_c(10, 25.0), 1.0);
        assert_eq!(erlang_c(0, 0.0), 1.0);
        assert_eq!(erlang_c(4, 0.0), 0.0);
        assert!(erlang_c(4, -0.5).is_nan());
        assert!(erlang_c(4, f64::NAN).is_nan());
    }

    /// The textbook staffing example: 100 calls per half hour, 3-minute handle time, target 80 %
    /// answered within 20 s.
    #[test]
    fn textbook_eighty_twenty_example() {
        let (arrival_rate, mean_handle, threshold) = (100.0 / 1800.0, 180.0, 20.0);
        let load = 10.0;
        let measures = |agents| ErlangC::new(arrival_rate, mean_handle, agents, threshold).unwrap();

        let twelve = measures(12);
        let c = erlang_c_by_summation(12, load);
        assert_close(twelve.p_wait, c, 1e-12);
        assert_close(twelve.asa, c * mean_handle / (12.0 - load), 1e-12);
        assert_close(
            twelve.service_level,
            1.0 - c * (-(12.0 - load) * threshold / mean_handle).exp(),
            1e-12,
        );
        // The published figures: 45 % wait, ASA about 40 s, service level about 64 %.
        assert!((twelve.p_wait - 0.4494).abs() < 5e-5);
        assert!((twelve.asa - 40.45).abs() < 0.01);
        assert!((twelve.service_level - 0.6402).abs() < 5e-5);
        assert_close(twelve.occupancy, 10.0 / 12.0, 1e-15);

        // Fourteen agents are the fewest that reach 80/20: thirteen answer 79.6 % in time.
        assert!((measures(13).service_level - 0.7956).abs() < 5e-5);
        assert!((measures(14).service_level - 0.8884).abs() < 5e-5);
    }

    #[test]
    fn queue_length_agrees_with_its_closed_form() {
        for (arrival_rate, mean_handle, agents) in
            [(0.05, 180.0, 12), (2.0, 240.0, 500), (0.9, 1.0, 1)]
        {
            let m = ErlangC::new(arrival_rate, mean_handle, agents, 20.0).unwrap();
            let load = arrival_rate * mean_handle;
            let agents = f64::from(agents);
            // Lq = C·A / (c − A), independently of Little's law used in the struct.
            assert_close(
                m.mean_queue_length,
                m.p_wait * load / (agents - load),
                1e-12,
            );
            assert_close(m.asa, m.p_wait * m.mean_wait_given_wait, 1e-15);
        }
    }

    #[test]
    fn one_agent_reduces_to_mm1() {
        for (arrival_rate, service_rate) in [(0.1, 0.5), (0.5, 1.0), (0.99, 1.0), (3.0, 4.0)] {
            let rho: f64 = arrival_rate / service_rate;
            for threshold in [0.0, 0.7, 5.0] {
                let m = ErlangC::new(arrival_rate, 1.0 / service_rate, 1, threshold).unwrap();
                assert_close(m.p_wait, rho, 1e-14);
                assert_close(m.occupancy, rho, 1e-14);
                assert_close(m.asa, rho / (service_rate - arrival_rate), 1e-13);
                assert_close(
                    m.mean_wait_given_wait,
                    1.0 / (service_rate - arrival_rate),
                    1e-13,
                );
                assert_close(m.mean_queue_length, rho * rho / (1.0 - rho), 1e-13);
                let survival = rho * (-(service_rate - arrival_rate) * threshold).exp();
                assert_close(m.service_level, 1.0 - survival, 1e-13);
            }
        }
    }

    #[test]
    fn service_level_at_zero_threshold_is_the_chance_of_no_wait() {
        let m = ErlangC::new(0.05, 180.0, 12, 0.0).unwrap();
        assert_close(m.service_level, 1.0 - m.p_wait, 1e-15);
    }

    #[test]
    fn refuses_unstable_and_invalid_parameters() {
        assert_eq!(
            ErlangC::new(0.1, 100.0, 10, 20.0),
            Err(AnalyticError::Unstable {
                load: 10.0,
                agents: 10
            })
        );
        assert_eq!(
            ErlangC::new(0.1, 10.0, 0, 20.0),
            Err(AnalyticError::NoAgents)
        );
        assert!(matches!(
            ErlangC::new(f64::NAN, 10.0, 3, 20.0),
            Err(AnalyticError::NotPositive { .. })
        ));
        assert!(matches!(
            ErlangC::new(0.1, -10.0, 3, 20.0),
            Err(AnalyticError::NotPositive { .. })
        ));
        assert!(matches!(
            ErlangC::new(0.1, 10.0, 3, -1.0),
            Err(AnalyticError::InvalidThreshold { .. })
        ));
        assert!(matches!(
            ErlangC::new(0.1, 10.0, 3, f64::INFINITY),
            Err(AnalyticError::InvalidThreshold { .. })
        ));
    }

    #[test]
    fn unstable_message_says_how_many_agents_are_needed() {
        let message = ErlangC::new(0.1, 100.0, 10, 20.0).unwrap_err().to_string();
        assert!(message.contains("at least 11 agents"), "{message}");
    }
}
