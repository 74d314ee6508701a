//! Erlang A: the M/M/c+M queue, in which a waiting caller hangs up after an exponential patience.

use super::{AnalyticError, MEAN_PATIENCE, offered_load, positive, staffed, valid_threshold};

/// Probability that may be cut off the top of a queue-length distribution, relative to the rest.
const TRUNCATION_TOLERANCE: f64 = 1e-16;

/// Most waiting calls a queue-length distribution may reach before the computation gives up. It
/// is far beyond any contact centre: at ρ = 3, with callers as patient as a call lasts, the queue
/// of 10 000 agents peaks near 20 000 waiting.
const MAX_WAITING: usize = 1 << 20;

/// Steady-state measures of the M/M/c+M queue (Erlang A, or Palm's queue): Poisson arrivals,
/// exponential handle times, `agents` agents, FIFO, and callers who hang up if not answered
/// within an exponential patience.
///
/// Abandonment keeps the queue stable at any load, so ρ = λE\[S\]/c may exceed 1:
///
/// ```
/// use ccsim::analytic::ErlangA;
/// // A call every 10 s, 5-minute calls, 25 agents (ρ = 1.2), callers patient for 3 minutes on
/// // average, service level counted at 20 s.
/// let m = ErlangA::new(0.1, 300.0, 180.0, 25, 20.0).unwrap();
/// // The agents can answer at most 25 of every 30 calls, so at least 1 in 6 hangs up.
/// assert!(m.p_abandon > 1.0 / 6.0);
/// assert!(m.occupancy < 1.0);
/// assert!(m.p_answered_within < 1.0 - m.p_abandon);
/// // Little's law for abandonment: λ·P(abandon) = θ·Lq.
/// assert!((0.1 * m.p_abandon - m.mean_queue_length / 180.0).abs() < 1e-12);
/// ```
///
/// # Method
///
/// Write μ = 1/E\[S\] and θ = 1/E\[patience\]. The number of calls in the system is a
/// birth–death chain with birth rate λ and death rate min(n, c)μ + max(n − c, 0)θ in state n,
/// and an arrival sees its stationary distribution (PASTA). The states with an agent free sum in
/// closed form through the Erlang B recursion. Given that all agents are busy, the number
/// waiting has P(k) ∝ Π_{i=1..k} λ/(cμ + iθ); it is summed outwards from its mode, in doubles
/// relative to the mode and in logarithms across scales, and truncated where a geometric bound
/// on the rest (the ratios only fall) is below 1e-16 of the total.
///
/// A caller who finds all agents busy and k calls waiting would be answered, if it never hung
/// up, after V = Σ_{i=0..k} Exp(cμ + iθ): with i calls ahead the queue moves up at rate
/// cμ + iθ (service completions and the hang-ups of those ahead), and with nobody ahead the
/// caller is answered at rate cμ. Its own patience τ ~ Exp(θ) is independent of V, and it is
/// answered if V < τ. The absorption equations of this bidiagonal chain solve in closed form:
///
/// * P(answered) = E\[e^{−θV}\] = Π_i (cμ + iθ)/(cμ + (i+1)θ) = cμ / (cμ + (k+1)θ);
/// * E\[W·1{answered}\] = E\[V e^{−θV}\] = P(answered) · Σ_{i=0..k} 1/(cμ + (i+1)θ);
/// * E\[W\] = E\[min(V, τ)\] = (1 − P(answered))/θ = (k+1) / (cμ + (k+1)θ).
///
/// The time-limited measures come from the transient law of the same chain, which is exact in
/// closed form too. Let q_k(t) be the probability that a caller is still waiting t after
/// arriving, with k calls ahead. Its forward equations,
/// q_k′ = (cμ + (k+1)θ)·(q_{k+1} − q_k), started from the stationary law π_k, are solved by
///
/// q_k(t) = π_k · e^{−(k+1)θt} · exp(λ(1 − e^{−θt})/θ − cμt),
///
/// as substituting it and (cμ + (k+1)θ)·π_{k+1} = λ·π_k shows. So the positions of the callers
/// still waiting follow the stationary law with λ replaced by λe^{−θt}: the further back a
/// caller started, the more calls ahead of it have hung up. From there each caller's fate is
/// that of a fresh arrival with k ahead, which gives the probabilities of being answered, or
/// hanging up, after the threshold; the measures within the threshold are the totals less
/// those. (Cutting the stationary law off at its 1e-16 tail changes q by less than that
/// relative, since e^{−kθt} only falls with k.) This replaces uniformization of the chain, whose
/// cost grows with the square of the queue length: here everything is a sum of positive terms,
/// computed in time linear in the agents plus the queue length. The unit tests check it against
/// uniformization, and against order statistics of exponentials in the case θ = μ.
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
            agents: staffed(agents)?,
            abandonment: positive(
                "ratio of the mean handle time to the mean patience",
                mean_handle / mean_patience,
            )?,
        };

        let waiting = WaitingLaw::new(load, &rates, None)?;
        // P(all busy) : P(some agent free) = Σ_k weight(k) : Σ_{n<c} π(n)/π(c).
        let ln_idle = ln_idle_weight(agents, load);
        let p_wait = logistic(waiting.ln_weight - ln_idle);
        let p_idle = logistic(ln_idle - waiting.ln_weight);

        let fates = waiting.fates(&rates);
        let waits = waiting.waits(&rates);
        let (still_waiting, later) = waiting.after(&rates, threshold / mean_handle)?;
        let fates_later = later.fates(&rates);

        // Summed from its parts rather than as 1 − p_abandon, to keep its relative precision
        // when nearly everybody hangs up.
        let p_answered = p_idle + p_wait * fates.answered;
        Ok(Self {
            p_wait,
            p_abandon: p_wait * fates.abandoned,
            asa: p_wait * waits.answered / p_answered * mean_handle,
            mean_wait: p_wait * waits.all * mean_handle,
            // Rounding could take a vanishing difference a hair below zero.
            p_answered_within: (p_answered - p_wait * still_waiting * fates_later.answered)
                .max(0.0),
            p_abandon_within: (p_wait * (fates.abandoned - still_waiting * fates_later.abandoned))
                .max(0.0),
            occupancy: load * p_answered / rates.agents,
            mean_queue_length: p_wait * waits.queue_length,
        })
    }
}

/// The chain's rates with time measured in mean handle times, so that one agent serves at rate 1
/// and every rate is a ratio of the inputs.
pub(super) struct Rates {
    /// c: also the rate at which a fully busy floor completes calls.
    pub(super) agents: f64,
    /// θE\[S\]: the rate at which one waiting caller hangs up.
    pub(super) abandonment: f64,
}

impl Rates {
    /// cμ + kθ: the rate at which a caller with `ahead` = k calls in front moves up one place, or
    /// with none in front is answered. It is also the death rate of the state with all agents
    /// busy and k waiting.
    pub(super) fn advance(&self, ahead: usize) -> f64 {
        self.agents + ahead as f64 * self.abandonment
    }
}

/// The law of the number of calls waiting while all agents are busy, when calls arrive at rate
/// `arrival` (in calls per mean handle time): P(k) ∝ Π_{i=1..k} arrival/(cμ + iθ), up to a
/// limit on the waiting places when trunk lines are finite.
pub(super) struct WaitingLaw {
    /// The arrival rate it was built for.
    arrival: f64,
    /// ln Σ_k Π_{i=1..k} arrival/(cμ + iθ): the weight of all the states in which every agent is
    /// busy, relative to the one in which nobody waits.
    pub(super) ln_weight: f64,
    /// `probabilities[k]`: P(k calls waiting | all agents busy). It ends where the rest is
    /// negligible, or at the limit on waiting places.
    pub(super) probabilities: Vec<f64>,
}

/// What becomes of the callers who arrive to a [`WaitingLaw`], on average.
struct Fates {
    /// Probability of being answered.
    answered: f64,
    /// Probability of hanging up.
    abandoned: f64,
}

/// Mean waits and queue length under a [`WaitingLaw`], in mean handle times.
struct Waits {
    /// Mean wait of an arrival.
    all: f64,
    /// Mean of its wait times the indicator that it is answered.
    answered: f64,
    /// Mean number of calls waiting.
    queue_length: f64,
}

impl WaitingLaw {
    /// The law for arrivals at `arrival`, with at most `limit` calls waiting (`None`: no limit).
    pub(super) fn new(
        arrival: f64,
        rates: &Rates,
        limit: Option<usize>,
    ) -> Result<Self, AnalyticError> {
        // weight(k) / weight(k − 1); it falls with k, and is at least 1 up to the mode.
        let ratio = |k: usize| arrival / rates.advance(k);
        let mode = ((arrival - rates.agents) / rates.abandonment)
            .floor()
            .max(0.0)
            .min(limit.map_or(f64::INFINITY, |limit| limit as f64));
        if mode >= MAX_WAITING as f64 {
            return Err(AnalyticError::QueueTooLong { limit: MAX_WAITING });
        }
        let mode = mode as usize;

        // Weights relative to the mode, where they peak: none overflows, and those that
        // underflow far below it are negligible.
        let mut weights = vec![0.0; mode + 1];
        weights[mode] = 1.0;
        for k in (1..=mode).rev() {
            weights[k - 1] = weights[k] / ratio(k);
        }
        let mut sum: f64 = weights.iter().sum();
        loop {
            let k = weights.len();
            if limit.is_some_and(|limit| k > limit) {
                break;
            }
            let last = weights[k - 1];
            let r = ratio(k);
            // Beyond the mode the ratios only fall, so the rest is below a geometric series.
            if r < 1.0 && last * r / (1.0 - r) <= TRUNCATION_TOLERANCE * sum {
                break;
            }
            if k > MAX_WAITING {
                return Err(AnalyticError::QueueTooLong { limit: MAX_WAITING });
            }
            weights.push(last * r);
            sum += last * r;
        }

        // The mode's own weight spans hundreds of orders of magnitude in an overloaded queue:
        // keep it as a logarithm, summed with compensation as the terms can number a million.
        let ln_mode = compensated_sum((1..=mode).map(|k| ratio(k).ln()));
        Ok(Self {
            arrival,
            ln_weight: ln_mode + sum.ln(),
            probabilities: weights.into_iter().map(|w| w / sum).collect(),
        })
    }

    /// The average fate of a caller who arrives to this law and waits as long as its patience
    /// lets it: with k ahead it is answered with probability cμ / (cμ + (k+1)θ).
    fn fates(&self, rates: &Rates) -> Fates {
        let mut fates = Fates {
            answered: 0.0,
            abandoned: 0.0,
        };
        for (ahead, p) in self.probabilities.iter().enumerate() {
            let leave_rate = rates.advance(ahead + 1);
            fates.answered += p * rates.agents / leave_rate;
            fates.abandoned += p * (ahead + 1) as f64 * rates.abandonment / leave_rate;
        }
        fates
    }

    /// Mean waits of a caller who arrives to this law, from the closed forms on [`ErlangA`].
    fn waits(&self, rates: &Rates) -> Waits {
        let mut waits = Waits {
            all: 0.0,
            answered: 0.0,
            queue_length: 0.0,
        };
        // Σ_{i=0..k} 1/(cμ + (i+1)θ): the mean time spent with i ahead, for i = k down to 0,
        // by a caller who does not hang up.
        let mut time_to_answer = 0.0;
        for (ahead, p) in self.probabilities.iter().enumerate() {
            let leave_rate = rates.advance(ahead + 1);
            time_to_answer += 1.0 / leave_rate;
            waits.all += p * (ahead + 1) as f64 / leave_rate;
            waits.answered += p * rates.agents / leave_rate * time_to_answer;
            waits.queue_length += p * ahead as f64;
        }
        waits
    }

    /// The callers who arrived to this law, `elapsed` mean handle times later: the fraction
    /// still waiting, and the law of the number still ahead of them, which is this law with the
    /// arrival rate thinned by e^{−θ·elapsed} (see [`ErlangA`]).
    fn after(&self, rates: &Rates, elapsed: f64) -> Result<(f64, Self), AnalyticError> {
        let theta = rates.abandonment;
        let later = Self::new(self.arrival * (-theta * elapsed).exp(), rates, None)?;
        // Σ_k q_k(t) = exp(λ(1 − e^{−θt})/θ − cμt − θt) · Σ_k π_k e^{−kθt}, and the last sum is
        // the ratio of the two laws' weights.
        let ln_growth =
            -self.arrival * (-theta * elapsed).exp_m1() / theta - (rates.agents + theta) * elapsed;
        let still_waiting = (ln_growth + later.ln_weight - self.ln_weight).exp();
        Ok((still_waiting, later))
    }
}

/// ln Σ_{n<c} π(n)/π(c): the weight of "some agent free" relative to "all busy, nobody waiting",
/// for an offered load `load` > 0.
///
/// Since π(n−1)/π(n) = n/A below c, the weight I_n relative to state n obeys
/// I_n = ln(n/A) + ln(1 + e^{I_{n−1}}) from I_0 = −∞. This is the inverse Erlang B recursion
/// 1/B(n) = 1 + (n/A)/B(n−1) in logarithms, as e^{I_c} = 1/B(c) − 1. In logarithms it neither
/// overflows for many agents nor underflows to a useless zero.
pub(super) fn ln_idle_weight(agents: u32, load: f64) -> f64 {
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

/// 1 / (1 + e^{−x}): the probability of an outcome whose log-odds are x.
pub(super) fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The sum of `terms` with Neumaier's compensation, accurate to about an ulp of the result
/// however many terms there are.
fn compensated_sum(terms: impl IntoIterator<Item = f64>) -> f64 {
    let (mut sum, mut compensation) = (0.0_f64, 0.0);
    for term in terms {
        let next = sum + term;
        compensation += if sum.abs() >= term.abs() {
            (sum - next) + term
        } else {
            (term - next) + sum
        };
        sum = next;
    }
    sum + compensation
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
    const CASES: [(f64, f64, f64, u32); 7] = [
        (0.1, 300.0, 180.0, 25),
        (100.0 / 1800.0, 180.0, 600.0, 12),
        (0.3, 300.0, 60.0, 30),
        (0.01, 240.0, 30.0, 1),
        (1.5, 200.0, 120.0, 280),
        (5.0, 240.0, 300.0, 1000),
        // 1300-fold overload of one agent: some 13 000 callers wait.
        (1300.0, 1.0, 10.0, 1),
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
            assert!(m.occupancy > 0.0 && m.occupancy <= 1.0 + 1e-14, "{m:?}");
            assert!(m.p_wait > 0.0 && m.p_wait <= 1.0 + 1e-14, "{m:?}");
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

    /// The tagged caller's absorbing chain solved by uniformization, independently of the closed
    /// transient law: P(answered within t) and P(abandoned within t) for a caller who arrives
    /// to `law`, with t in mean handle times. At the rate of the fastest state, the chain makes
    /// Poisson many jumps, in each of which a caller with k ahead moves up with probability
    /// (c + kθ)/Λ, hangs up with θ/Λ, and otherwise stays put.
    fn uniformized(rates: &Rates, law: &WaitingLaw, t: f64) -> (f64, f64) {
        let jump_rate = rates.advance(law.probabilities.len());
        let mean_jumps = jump_rate * t;
        assert!(mean_jumps < 700.0, "e^-{mean_jumps} would underflow");
        let mut by_ahead = law.probabilities.clone();
        let (mut answered, mut abandoned) = (0.0, 0.0);
        let (mut answered_within, mut abandoned_within) = (0.0, 0.0);
        let mut p_jumps = (-mean_jumps).exp();
        let mut jumps = 0;
        while f64::from(jumps) <= mean_jumps || p_jumps > 1e-18 {
            answered_within += p_jumps * answered;
            abandoned_within += p_jumps * abandoned;
            answered += by_ahead[0] * rates.advance(0) / jump_rate;
            for k in 0..by_ahead.len() {
                let from_behind = by_ahead
                    .get(k + 1)
                    .map_or(0.0, |p| p * rates.advance(k + 1) / jump_rate);
                abandoned += by_ahead[k] * rates.abandonment / jump_rate;
                by_ahead[k] = by_ahead[k] * (1.0 - rates.advance(k + 1) / jump_rate) + from_behind;
            }
            jumps += 1;
            p_jumps *= mean_jumps / f64::from(jumps);
        }
        (answered_within, abandoned_within)
    }

    #[test]
    fn transient_law_agrees_with_uniformization() {
        // All but the last case, whose 13 000 waiting callers would take this plain
        // uniformization some 10^9 operations.
        for &(arrival_rate, mean_handle, mean_patience, agents) in &CASES[..6] {
            let rates = Rates {
                agents: f64::from(agents),
                abandonment: mean_handle / mean_patience,
            };
            let law = WaitingLaw::new(arrival_rate * mean_handle, &rates, None).unwrap();
            for threshold in [2.0, 20.0, 60.0] {
                let m = ErlangA::new(arrival_rate, mean_handle, mean_patience, agents, threshold)
                    .unwrap();
                let (answered, abandoned) = uniformized(&rates, &law, threshold / mean_handle);
                let expected_answered = 1.0 - m.p_wait + m.p_wait * answered;
                assert!(
                    (m.p_answered_within - expected_answered).abs() < 1e-13,
                    "{m:?}"
                );
                assert!(
                    (m.p_abandon_within - m.p_wait * abandoned).abs() < 1e-13,
                    "{m:?}"
                );
            }
        }
    }

    #[test]
    fn time_limited_measures_grow_to_the_totals() {
        let zero = overloaded(0.0);
        assert_close(zero.p_answered_within, 1.0 - zero.p_wait, 1e-14);
        assert_eq!(zero.p_abandon_within, 0.0);

        let mut previous = zero;
        for threshold in [1.0, 5.0, 20.0, 60.0, 180.0] {
            let m = overloaded(threshold);
            assert!(m.p_answered_within > previous.p_answered_within);
            assert!(m.p_abandon_within > previous.p_abandon_within);
            previous = m;
        }
        // Long after any caller could still be waiting, only the totals remain.
        for threshold in [1e5, 1e300] {
            let m = overloaded(threshold);
            assert_close(m.p_answered_within, 1.0 - m.p_abandon, 1e-13);
            assert_close(m.p_abandon_within, m.p_abandon, 1e-13);
        }
    }

    /// The time-limited measures (from the transient law) and the mean waits (from the
    /// absorption equations) are computed independently; integrating the former must give the
    /// latter:
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

    /// Every combination of extreme but valid parameters either gives probabilities in [0, 1]
    /// and finite means, or is refused with a clear error; none panics, hangs or makes NaN.
    #[test]
    fn extreme_parameters_give_sane_measures_or_a_clear_refusal() {
        let extremes = [1e-300, 1e-2, 1.0, 1e2, 1e300];
        let mut computed = 0;
        for arrival_rate in extremes {
            for mean_handle in extremes {
                for mean_patience in extremes {
                    for agents in [1, 20_000] {
                        for threshold in [0.0, 1e-300, 20.0, 1e300] {
                            let case = format!(
                                "{arrival_rate} {mean_handle} {mean_patience} {agents} {threshold}"
                            );
                            let m = match ErlangA::new(
                                arrival_rate,
                                mean_handle,
                                mean_patience,
                                agents,
                                threshold,
                            ) {
                                Ok(m) => m,
                                // A queue beyond the limit, or a load or ratio of times beyond
                                // the range of a double.
                                Err(AnalyticError::QueueTooLong { .. })
                                | Err(AnalyticError::NotPositive { .. }) => continue,
                                Err(other) => panic!("{case}: unexpected {other}"),
                            };
                            computed += 1;
                            let probabilities = [
                                m.p_wait,
                                m.p_abandon,
                                m.p_answered_within,
                                m.p_abandon_within,
                                m.p_answered_within + m.p_abandon_within,
                                m.occupancy,
                            ];
                            let means = [m.asa, m.mean_wait, m.mean_queue_length];
                            assert!(
                                probabilities
                                    .iter()
                                    .all(|p| (0.0..=1.0 + 1e-12).contains(p))
                                    && means.iter().all(|x| x.is_finite() && *x >= 0.0),
                                "{case}: {m:?}"
                            );
                        }
                    }
                }
            }
        }
        assert!(computed > 500, "only {computed} cases computed");
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
