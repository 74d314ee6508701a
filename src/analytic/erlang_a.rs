//! Erlang A: the M/M/c+M queue, in which a waiting caller hangs up after an exponential patience.

use std::f64::consts::LN_2;

use super::poisson::PoissonWindow;
use super::{AnalyticError, MEAN_PATIENCE, offered_load, positive, staffed, valid_threshold};

/// Stationary probability that may be cut off the top of the queue, relative to the total.
const TRUNCATION_TOLERANCE: f64 = 1e-16;

/// Most waiting calls the truncated chain may hold before the computation gives up. It is far
/// beyond any contact centre: with ρ = 3 and callers as patient as a handle time lasts, the queue
/// of 10 000 agents peaks near 20 000 waiting.
const MAX_WAITING: usize = 1 << 14;

/// Largest probability that a caller is still waiting at the horizon beyond which time-limited
/// questions are answered as if unlimited (see [`Rates::horizon`]).
const HORIZON_TOLERANCE: f64 = 1e-16;

/// Steady-state measures of the M/M/c+M queue (Erlang A, or Palm's queue): Poisson arrivals,
/// exponential handle times, `agents` agents, FIFO, and callers who hang up if not answered
/// within an exponential patience.
///
/// Abandonment keeps the queue stable at any load, so ρ = λE\[S\]/c may exceed 1; for example
/// 25 agents, a call every 10 s, 300 s handle time (ρ = 1.2) and 180 s mean patience.
///
/// # Method
///
/// The number of calls in the system is a birth–death chain with birth rate λ and death rate
/// min(n, c)μ + max(n − c, 0)θ in state n, where μ = 1/E\[S\] and θ = 1/E\[patience\]. Its
/// stationary distribution follows from the product formula, evaluated in logarithms relative to
/// the state "all agents busy, nobody waiting": there the weights would overflow a double long
/// before they become negligible. The states below c sum in closed form through the Erlang B
/// recursion; the queue part is summed upwards until a geometric bound on the rest (the ratio
/// of successive weights, λ/(cμ + jθ), only falls) is below 1e-16 of the total. An arrival sees
/// this distribution (PASTA).
///
/// A caller who finds all agents busy and j calls waiting would be answered, if it never hung
/// up, after V = Σ_{k=0..j} Exp(cμ + kθ): with k calls ahead, the queue moves up at rate
/// cμ + kθ (completions of service and hang-ups of those ahead) and, once nobody is ahead, the
/// caller is answered at rate cμ. Its own patience τ ~ Exp(θ) is independent of V, and it is
/// answered if V < τ. The absorption equations of this bidiagonal chain solve in closed form:
///
/// * P(answered) = E\[e^{−θV}\] = Π_k (cμ + kθ)/(cμ + (k+1)θ) = cμ / (cμ + (j+1)θ);
/// * E\[W·1{answered}\] = E\[V e^{−θV}\] = P(answered) · Σ_{k=0..j} 1/(cμ + (k+1)θ);
/// * E\[W\] = E\[min(V, τ)\] = (1 − P(answered))/θ = (j+1) / (cμ + (j+1)θ).
///
/// The probabilities of being answered, or of hanging up, within the threshold t are transient
/// probabilities of the same chain, computed by uniformization for all arrival states at once:
/// at the rate Λ of the fastest state, the chain becomes a Poisson(Λt) number of jumps of a
/// discrete chain, and the answer is the Poisson-weighted sum of its absorbed mass after each
/// number of jumps. Only the Poisson terms carrying all but 1e-15 of the mass on either side are
/// summed, and a threshold beyond the time by which all but 1e-16 of the callers are absorbed is
/// replaced by that time. Every neglected piece is a probability bounded as above, so all the
/// results are exact to well within 1e-12, up to rounding.
///
/// The cost is linear in the agents (the Erlang B recursion) plus, for the time-limited
/// measures, the product of the queue's truncation length and Λt. Both stay small for real
/// contact centres; a queue longer than 2^20 waiting calls is refused.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ErlangA {
    /// Probability that an arriving call finds every agent busy.
    pub p_wait: f64,
    /// Probability that a call hangs up before it is answered.
    pub p_abandon: f64,
    /// Average speed of answer: the mean wait in seconds of the calls that are answered.
    pub asa: f64,
    /// Mean wait in seconds of all calls, answered or abandoned.
    pub mean_wait: f64,
    /// Probability that a call is answered after waiting at most the threshold; as a service
    /// level this is "answered within the threshold / offered".
    pub p_answered_within: f64,
    /// Probability that a call hangs up after waiting at most the threshold. With
    /// [`p_answered_within`](Self::p_answered_within) and [`p_abandon`](Self::p_abandon) it
    /// forms the other service-level definitions, such as answered within / (answered +
    /// abandoned after the threshold).
    pub p_abandon_within: f64,
    /// Fraction of agent time spent handling calls, λ(1 − P(abandon))E\[S\] / c.
    pub occupancy: f64,
    /// Mean number of calls waiting (Lq).
    pub mean_queue_length: f64,
}

impl ErlangA {
    /// Measures for calls arriving at `arrival_rate` per second, handled in `mean_handle` seconds
    /// on average by `agents` agents, hanging up after `mean_patience` seconds of waiting on
    /// average, with the time-limited measures counted against `threshold` seconds.
    ///
    /// # Errors
    ///
    /// The parameter errors of [`AnalyticError`] for a rate, time or threshold out of range or
    /// zero agents, and [`AnalyticError::QueueTooLong`] when callers are so patient relative to
    /// the overload that the queue would hold more than 2^20 calls.
    pub fn new(
        arrival_rate: f64,
        mean_handle: f64,
        mean_patience: f64,
        agents: u32,
        threshold: f64,
    ) -> Result<Self, AnalyticError> {
        let load = offered_load(arrival_rate, mean_handle)?;
        let mean_patience = positive(MEAN_PATIENCE, mean_patience)?;
        let threshold = valid_threshold(threshold)?;
        let rates = Rates {
            arrival: load,
            agents: staffed(agents)?,
            abandonment: positive(
                "ratio of the mean handle time to the mean patience",
                mean_handle / mean_patience,
            )?,
        };
        let arrivals = Arrivals::stationary(agents, &rates)?;

        // Sum the per-state closed forms over what arrivals find. `stage_times` accumulates
        // Σ_{k=0..j} 1/(cμ + (k+1)θ), the mean time spent with k ahead, given no hang-up.
        let mut answered_after_wait = 0.0;
        let mut answered_wait = 0.0;
        let mut p_abandon = 0.0;
        let mut mean_wait = 0.0;
        let mut mean_queue_length = 0.0;
        let mut stage_times = 0.0;
        for (ahead, &p) in arrivals.waiting.iter().enumerate() {
            let exit_rate = rates.advance(ahead + 1);
            let answered = rates.agents / exit_rate;
            let position = (ahead + 1) as f64;
            stage_times += 1.0 / exit_rate;
            answered_after_wait += p * answered;
            answered_wait += p * answered * stage_times;
            p_abandon += p * position * rates.abandonment / exit_rate;
            mean_wait += p * position / exit_rate;
            mean_queue_length += p * ahead as f64;
        }
        // Summed from its parts rather than as 1 − p_abandon, to keep its relative precision
        // when nearly everybody hangs up.
        let p_answered = arrivals.idle + answered_after_wait;
        let (answered_within, abandoned_within) =
            arrivals.absorbed_within(&rates, threshold / mean_handle);

        Ok(Self {
            p_wait: arrivals.waiting.iter().sum(),
            p_abandon,
            asa: answered_wait / p_answered * mean_handle,
            mean_wait: mean_wait * mean_handle,
            p_answered_within: arrivals.idle + answered_within,
            p_abandon_within: abandoned_within,
            occupancy: load * p_answered / rates.agents,
            mean_queue_length,
        })
    }
}

/// The chain's rates with time measured in mean handle times, so that one agent serves at rate 1.
/// This keeps every rate a ratio of the inputs, which neither overflows nor underflows for any
/// parameters that pass validation.
struct Rates {
    /// λE\[S\]: the offered load.
    arrival: f64,
    /// c: also the rate at which a fully busy floor completes calls.
    agents: f64,
    /// θE\[S\]: the rate at which one waiting caller hangs up.
    abandonment: f64,
}

impl Rates {
    /// cμ + kθ: the rate at which a caller with `ahead` = k calls in front moves up one place, or
    /// with none in front is answered. It is also the death rate of the state with all agents
    /// busy and k waiting.
    fn advance(&self, ahead: usize) -> f64 {
        self.agents + ahead as f64 * self.abandonment
    }

    /// A time after which at most [`HORIZON_TOLERANCE`] of the callers who arrived with at most
    /// `deepest` calls ahead are still waiting. Two bounds hold and the smaller is used:
    ///
    /// * a caller hangs up at rate θ whatever happens ahead, so P(waiting at t) ≤ e^{−θt};
    /// * its wait until answered, V, is a sum of `deepest` + 1 exponentials with rates at least
    ///   c, so E\[e^{cV/2}\] ≤ 2^{deepest+1} and Chernoff gives P(V > t) ≤ 2^{deepest+1}e^{−ct/2}.
    ///
    /// The horizon times the uniformization rate is then of the order of `deepest`, whatever the
    /// threshold.
    fn horizon(&self, deepest: usize) -> f64 {
        let log_odds = -HORIZON_TOLERANCE.ln();
        let by_patience = log_odds / self.abandonment;
        let by_service = 2.0 * ((deepest + 1) as f64 * LN_2 + log_odds) / self.agents;
        by_patience.min(by_service)
    }
}

/// What an arriving call finds, which by PASTA is the stationary distribution of the chain.
struct Arrivals {
    /// Probability that some agent is free, so the call is answered at once.
    idle: f64,
    /// `waiting[j]`: probability that all agents are busy and j calls are already waiting.
    waiting: Vec<f64>,
}

impl Arrivals {
    fn stationary(agents: u32, rates: &Rates) -> Result<Self, AnalyticError> {
        // Logarithms of the weights relative to state c (all busy, nobody waiting).
        let ln_idle = ln_idle_weight(agents, rates.arrival);
        let mut ln_waiting = vec![0.0];
        let mut ln_total = softplus(ln_idle);
        loop {
            let ahead = ln_waiting.len();
            let last = ln_waiting[ahead - 1];
            // π(c + j) / π(c + j − 1) for j = `ahead`; the later ratios are smaller still.
            let ratio = rates.arrival / rates.advance(ahead);
            if ratio < 1.0
                && last + (ratio / (1.0 - ratio)).ln() < ln_total + TRUNCATION_TOLERANCE.ln()
            {
                break;
            }
            if ahead > MAX_WAITING {
                return Err(AnalyticError::QueueTooLong { limit: MAX_WAITING });
            }
            let ln_weight = last + ratio.ln();
            ln_waiting.push(ln_weight);
            ln_total = ln_add_exp(ln_total, ln_weight);
        }
        Ok(Self {
            idle: (ln_idle - ln_total).exp(),
            waiting: ln_waiting
                .into_iter()
                .map(|w| (w - ln_total).exp())
                .collect(),
        })
    }

    /// The probabilities that an arriving call waits, and then within `threshold` (in mean
    /// handle times) is answered, or hangs up. Uniformization, as described on [`ErlangA`].
    fn absorbed_within(&self, rates: &Rates, threshold: f64) -> (f64, f64) {
        let deepest = self.waiting.len() - 1;
        let threshold = threshold.min(rates.horizon(deepest));
        // The fastest state is the deepest one: a caller there leaves its place at rate
        // cμ + (deepest + 1)θ. At the rate of each Poisson jump, a caller with k ahead moves up
        // with probability advance(k)/Λ, hangs up with θ/Λ, and otherwise stays put.
        let jump_rate = rates.advance(deepest + 1);
        let jumps = PoissonWindow::new(jump_rate * threshold);
        let hang_up = rates.abandonment / jump_rate;

        // Probability mass of callers by the number ahead of them, and what has been absorbed.
        let mut by_ahead = self.waiting.clone();
        let (mut answered, mut abandoned) = (0.0, 0.0);
        let (mut answered_within, mut abandoned_within) = (0.0, 0.0);
        for m in 0..=jumps.last() {
            if m > 0 {
                answered += by_ahead[0] * rates.advance(0) / jump_rate;
                for k in 0..by_ahead.len() {
                    let from_behind = by_ahead
                        .get(k + 1)
                        .map_or(0.0, |p| p * rates.advance(k + 1) / jump_rate);
                    abandoned += by_ahead[k] * hang_up;
                    by_ahead[k] =
                        by_ahead[k] * (1.0 - rates.advance(k + 1) / jump_rate) + from_behind;
                }
            }
            // The absorbed mass after m jumps, weighted by the chance of exactly m jumps.
            let p = jumps.probability(m);
            answered_within += p * answered;
            abandoned_within += p * abandoned;
        }
        (answered_within, abandoned_within)
    }
}

/// ln Σ_{n<c} π(n)/π(c): the weight of "some agent free" relative to "all busy, nobody waiting",
/// for an offered load `load` > 0.
///
/// Since π(n−1)/π(n) = n/A below c, the weight I_n relative to state n obeys
/// I_{n} = ln(n/A) + ln(1 + e^{I_{n−1}}) from I_0 = −∞. This is the inverse Erlang B recursion
/// 1/B(n) = 1 + (n/A)/B(n−1) in logarithms, as e^{I_c} = 1/B(c) − 1. In logarithms it neither
/// overflows for many agents nor underflows to a useless zero.
fn ln_idle_weight(agents: u32, load: f64) -> f64 {
    (1..=agents).fold(f64::NEG_INFINITY, |ln_weight, n| {
        (f64::from(n) / load).ln() + softplus(ln_weight)
    })
}

/// ln(1 + e^x), without overflow for large x or loss of precision for very negative x.
fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// ln(e^a + e^b).
fn ln_add_exp(a: f64, b: f64) -> f64 {
    let (high, low) = if a >= b { (a, b) } else { (b, a) };
    high + softplus(low - high)
}

#[cfg(test)]
mod tests {
    use super::super::{ErlangC, erlang_b};
    use super::*;

    /// The overloaded example: ρ = 1.2, stable only thanks to abandonment.
    fn overloaded(threshold: f64) -> ErlangA {
        ErlangA::new(0.1, 300.0, 180.0, 25, threshold).unwrap()
    }

    fn assert_close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance * expected.abs().max(1e-300),
            "{actual} differs from {expected} by more than {tolerance} relative"
        );
    }

    /// (arrival rate, mean handle, mean patience, agents): under- and overloaded, impatient and
    /// patient, small and large.
    const CASES: [(f64, f64, f64, u32); 6] = [
        (0.1, 300.0, 180.0, 25),
        (100.0 / 1800.0, 180.0, 600.0, 12),
        (0.3, 300.0, 60.0, 30),
        (0.01, 240.0, 30.0, 1),
        (1.5, 200.0, 120.0, 280),
        (5.0, 240.0, 300.0, 1000),
    ];

    #[test]
    fn abandonment_and_waits_obey_littles_law() {
        for (arrival_rate, mean_handle, mean_patience, agents) in CASES {
            let m = ErlangA::new(arrival_rate, mean_handle, mean_patience, agents, 20.0).unwrap();
            // Callers hang up at rate θ each while waiting: λ·P(abandon) = θ·Lq.
            assert_close(
                m.p_abandon,
                m.mean_queue_length / mean_patience / arrival_rate,
                1e-12,
            );
            // Lq = λ·E[wait of all calls].
            assert_close(m.mean_queue_length, arrival_rate * m.mean_wait, 1e-12);
            // Total wait splits into answered and abandoned calls', the latter at most patience.
            let answered_part = m.asa * (1.0 - m.p_abandon);
            assert!(answered_part <= m.mean_wait);
            assert!(m.mean_wait - answered_part <= m.p_abandon * mean_patience);
            // Answered calls keep agents busy: λ·P(answered)·E[S] ≤ c.
            assert!(m.occupancy > 0.0 && m.occupancy < 1.0);
            assert!(m.p_wait > 0.0 && m.p_wait < 1.0);
        }
    }

    /// With θ = μ every call in the system leaves at rate μ, waiting or not, so the number in the
    /// system is that of M/M/∞: Poisson(A). And the times to leave are then order statistics of
    /// independent exponentials, which gives the time-limited measures in closed form too.
    #[test]
    fn patience_equal_to_handle_time_gives_poisson_occupancy() {
        let (mean_handle, agents) = (120.0, 10);
        let arrival_rate = 0.1; // A = 12, ρ = 1.2
        let load = arrival_rate * mean_handle;
        let c = f64::from(agents);
        for threshold in [0.0, 10.0, 60.0, 240.0] {
            let m =
                ErlangA::new(arrival_rate, mean_handle, mean_handle, agents, threshold).unwrap();

            // P(N = n) for N ~ Poisson(A), n = 0, 1, …, 200.
            let poisson: Vec<f64> = (0..200)
                .scan((-load).exp(), |p, n| {
                    let current = *p;
                    *p *= load / f64::from(n + 1);
                    Some(current)
                })
                .collect();
            let waiting = &poisson[agents as usize..];

            // A caller who finds j waiting is answered when the (j+1)-th of the c + j calls in
            // front of it (all leaving at rate μ) has left, before its own patience expires.
            // Among those c + j + 1 exponential clocks its own is equally likely to hold any rank,
            // independently of the order statistics, whose CDF is a binomial tail.
            let p_done = 1.0 - (-threshold / mean_handle).exp();
            let (mut p_wait, mut lq, mut answered_within, mut abandoned_within) =
                (0.0, 0.0, 0.0, 0.0);
            for (ahead, &p) in waiting.iter().enumerate() {
                let clocks = agents as usize + ahead + 1;
                let at_least = binomial_upper_tails(clocks, p_done);
                p_wait += p;
                lq += p * ahead as f64;
                answered_within += p * c / clocks as f64 * at_least[ahead + 1];
                abandoned_within += p / clocks as f64 * at_least[1..=ahead + 1].iter().sum::<f64>();
            }
            assert_close(m.p_wait, p_wait, 1e-12);
            assert_close(m.mean_queue_length, lq, 1e-12);
            assert_close(m.p_abandon, lq / load, 1e-12);
            assert_close(m.p_answered_within, 1.0 - p_wait + answered_within, 1e-12);
            if threshold > 0.0 {
                assert_close(m.p_abandon_within, abandoned_within, 1e-11);
            } else {
                assert_eq!(m.p_abandon_within, 0.0);
            }
        }
    }

    /// P(Bin(n, p) ≥ r) for r = 0..=n.
    fn binomial_upper_tails(n: usize, p: f64) -> Vec<f64> {
        let mut pmf = vec![(1.0 - p).powi(n as i32)];
        for i in 0..n {
            let next = pmf[i] * (n - i) as f64 / (i + 1) as f64 * p / (1.0 - p);
            pmf.push(next);
        }
        let mut tails: Vec<f64> = pmf
            .iter()
            .rev()
            .scan(0.0, |tail, q| {
                *tail += q;
                Some(*tail)
            })
            .collect();
        tails.reverse();
        tails
    }

    /// The differences shrink in proportion to θ: about 1e-6 relative for a patience of 1e9 s
    /// in this example (the longest waits lose the odd caller), 1e-9 for 1e12 s.
    #[test]
    fn very_patient_callers_behave_like_erlang_c() {
        let (arrival_rate, mean_handle, agents) = (100.0 / 1800.0, 180.0, 12);
        for (mean_patience, tolerance) in [(1e9, 1e-5), (1e12, 1e-8)] {
            for threshold in [0.0, 20.0, 120.0] {
                let a = ErlangA::new(arrival_rate, mean_handle, mean_patience, agents, threshold)
                    .unwrap();
                let c = ErlangC::new(arrival_rate, mean_handle, agents, threshold).unwrap();
                assert!(a.p_abandon < tolerance, "{}", a.p_abandon);
                assert_close(a.p_wait, c.p_wait, tolerance);
                assert_close(a.asa, c.asa, tolerance);
                assert_close(a.mean_wait, c.asa, tolerance);
                assert_close(a.p_answered_within, c.service_level, tolerance);
                assert_close(a.occupancy, c.occupancy, tolerance);
                assert_close(a.mean_queue_length, c.mean_queue_length, tolerance);
            }
        }
    }

    #[test]
    fn time_limited_measures_grow_to_the_totals() {
        let at = |threshold| overloaded(threshold);
        let zero = at(0.0);
        assert_close(zero.p_answered_within, 1.0 - zero.p_wait, 1e-14);
        assert_eq!(zero.p_abandon_within, 0.0);

        let mut previous = zero;
        for threshold in [1.0, 5.0, 20.0, 60.0, 180.0] {
            let m = at(threshold);
            assert!(m.p_answered_within > previous.p_answered_within);
            assert!(m.p_abandon_within > previous.p_abandon_within);
            previous = m;
        }
        // Long after any caller could still be waiting, only the totals remain.
        for threshold in [1e5, 1e300] {
            let m = at(threshold);
            assert_close(m.p_answered_within, 1.0 - m.p_abandon, 1e-13);
            assert_close(m.p_abandon_within, m.p_abandon, 1e-13);
        }
    }

    /// The time-limited measures (by uniformization) and the mean waits (closed form) are
    /// computed independently; integrating the former must give the latter:
    /// E[W·1{answered}] = ∫ P(answered, W > t) dt, and likewise for abandoned calls.
    #[test]
    fn waits_integrate_to_the_mean_waits() {
        let totals = overloaded(0.0);
        let p_answered = 1.0 - totals.p_abandon;
        // Simpson's rule on [0, 3600 s]; beyond it every caller has long been absorbed. Its
        // error falls 16-fold as the step halves: about 1e-9 relative with this 1.25 s step.
        let (steps, end) = (2880, 3600.0);
        let h = end / f64::from(steps);
        let (mut answered_wait, mut abandoned_wait) = (0.0, 0.0);
        for i in 0..=steps {
            let weight = match i {
                0 => 1.0,
                _ if i == steps => 1.0,
                _ if i % 2 == 1 => 4.0,
                _ => 2.0,
            } * h
                / 3.0;
            let m = overloaded(f64::from(i) * h);
            answered_wait += weight * (p_answered - m.p_answered_within);
            abandoned_wait += weight * (totals.p_abandon - m.p_abandon_within);
        }
        assert_close(answered_wait, totals.asa * p_answered, 1e-8);
        assert_close(answered_wait + abandoned_wait, totals.mean_wait, 1e-8);
    }

    #[test]
    fn overloaded_example_is_stable_and_consistent() {
        let m = overloaded(20.0);
        // The agents can answer at most c/A = 25/30 of the calls, so at least 1/6 hang up.
        assert!(m.p_abandon > 1.0 / 6.0 && m.p_abandon < 0.5, "{m:?}");
        assert!(m.occupancy > 0.9 && m.occupancy < 1.0, "{m:?}");
        assert_close(m.occupancy, 30.0 * (1.0 - m.p_abandon) / 25.0, 1e-14);
        assert!(m.p_answered_within + m.p_abandon_within <= 1.0);
        assert!(m.asa < m.mean_wait / (1.0 - m.p_abandon));
    }

    #[test]
    fn idle_weight_is_the_inverse_erlang_b() {
        for (agents, load) in [(1, 0.5), (10, 10.0), (25, 30.0), (100, 60.0)] {
            let from_b = 1.0 / erlang_b(agents, load) - 1.0;
            assert_close(ln_idle_weight(agents, load).exp(), from_b, 1e-12);
        }
        // Where 1/B overflows a double, the logarithm is still fine.
        assert!(ln_idle_weight(2000, 10.0) > 700.0 * std::f64::consts::LN_10);
    }

    #[test]
    fn extreme_but_valid_loads_give_finite_measures() {
        for (arrival_rate, agents) in [(1e-6, 500), (0.5, 2)] {
            let m = ErlangA::new(arrival_rate, 300.0, 60.0, agents, 20.0).unwrap();
            for value in [
                m.p_wait,
                m.p_abandon,
                m.asa,
                m.mean_wait,
                m.p_answered_within,
            ] {
                assert!(value.is_finite(), "{m:?}");
            }
        }
    }

    #[test]
    fn refuses_a_queue_too_long_to_follow() {
        // ρ = 2 with callers a million handle times patient: the queue would peak near 10^7.
        assert_eq!(
            ErlangA::new(0.2, 100.0, 1e8, 10, 20.0),
            Err(AnalyticError::QueueTooLong { limit: MAX_WAITING })
        );
    }

    #[test]
    fn refuses_invalid_parameters() {
        let refused = |arrival_rate, mean_handle, mean_patience, agents, threshold| {
            ErlangA::new(arrival_rate, mean_handle, mean_patience, agents, threshold).unwrap_err()
        };
        assert!(matches!(
            refused(0.0, 300.0, 60.0, 3, 20.0),
            AnalyticError::NotPositive { .. }
        ));
        assert!(matches!(
            refused(0.1, f64::NAN, 60.0, 3, 20.0),
            AnalyticError::NotPositive { .. }
        ));
        assert!(matches!(
            refused(0.1, 300.0, f64::INFINITY, 3, 20.0),
            AnalyticError::NotPositive { .. }
        ));
        assert!(matches!(
            refused(0.1, 300.0, -5.0, 3, 20.0),
            AnalyticError::NotPositive { .. }
        ));
        assert_eq!(refused(0.1, 300.0, 60.0, 0, 20.0), AnalyticError::NoAgents);
        assert!(matches!(
            refused(0.1, 300.0, 60.0, 3, f64::NAN),
            AnalyticError::InvalidThreshold { .. }
        ));
        let message = refused(0.1, 300.0, -5.0, 3, 20.0).to_string();
        assert!(message.contains("mean patience"), "{message}");
    }
}
#[cfg(test)]
mod debug {
    use super::*;
    #[test]
    fn dbg_worst() {
        for (l, h, p, c) in [(1300.0, 1.0, 10.0, 1u32), (1.0, 1.0, 1e7, 1), (1.0,1.0,3e7,1), (3000.0, 1.0, 5.0, 1000), (1.2, 1.0, 1.0, 1000)] {
            let start = std::time::Instant::now();
            let r = ErlangA::new(l, h, p, c, 1e300);
            eprintln!("{:.3}s {l} {h} {p} {c} {r:?}", start.elapsed().as_secs_f64());
        }
    }
}
