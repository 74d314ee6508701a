//! Erlang X: Erlang A with a finite number of trunk lines (a call finding every line busy is
//! blocked) and callers who redial after a blocked or abandoned attempt.
//!
//! The model of one attempt, M/M/c/N+M, is solved exactly. Redials are folded in the way
//! Erlang X calculators do it: the redialled attempts are taken to arrive as a Poisson stream,
//! whose rate is found by a fixed point on the offered load (see [`ErlangX`]). That is the one
//! approximation, and its domain is documented in docs/staffing.md.

use super::erlang_a::{Rates, WaitingLaw, ln_idle_weight, logistic};
use super::{AnalyticError, ErlangA, MEAN_PATIENCE, erlang_b, offered_load, positive, staffed};
use super::{MEAN_HANDLE, valid_threshold};

/// Most single steps (jumps × waiting places) the transient computation of a line-limited queue
/// may take before it refuses: about a second of work, far beyond any realistic centre, where a
/// queue of thousands of places is followed over thousands of jumps.
const WORK_LIMIT: usize = 400_000_000;

/// Probability mass, relative to the whole, below which the transient computation stops.
const NEGLIGIBLE: f64 = 1e-17;

/// Most attempts a caller may make, for [`Redials::max_attempts`].
pub const MAX_ATTEMPTS: u32 = 100;

/// Whether callers try again after a lost attempt.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Redials {
    /// Probability of trying again after a busy signal.
    pub after_blocked: f64,
    /// Probability of trying again after hanging up in the queue.
    pub after_abandoned: f64,
    /// Attempts a caller makes at most, the first included (1: nobody redials).
    pub max_attempts: u32,
}

impl Redials {
    /// Callers who never try again.
    pub const NONE: Redials = Redials {
        after_blocked: 0.0,
        after_abandoned: 0.0,
        max_attempts: 1,
    };

    fn validate(&self) -> Result<(), AnalyticError> {
        let probability = |value: f64| (0.0..=1.0).contains(&value);
        if !probability(self.after_blocked) || !probability(self.after_abandoned) {
            return Err(AnalyticError::InvalidRedials {
                reason: "a redial probability must be from 0 to 1",
            });
        }
        if !(1..=MAX_ATTEMPTS).contains(&self.max_attempts) {
            return Err(AnalyticError::InvalidRedials {
                reason: "the attempts per caller must be from 1 to 100",
            });
        }
        Ok(())
    }

    /// Mean attempts per caller when each attempt leads to another with probability `redial`:
    /// 1 + r + … + r^(M−1).
    fn attempts_per_caller(&self, redial: f64) -> f64 {
        (0..self.max_attempts).map(|k| redial.powi(k as i32)).sum()
    }
}

/// Steady-state measures of one attempt in M/M/c/N+M: Poisson arrivals, exponential handle
/// times, `agents` agents, `lines` trunk lines (waiting and talking calls each hold one), FIFO,
/// and exponential patience. Probabilities are of the attempts offered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineLimited {
    /// Probability that an attempt finds every line busy and hears a busy signal.
    pub p_blocked: f64,
    /// Probability that an attempt gets a line but finds every agent busy, and queues.
    pub p_wait: f64,
    /// Probability that an attempt hangs up in the queue.
    pub p_abandon: f64,
    /// Average speed of answer: mean wait in seconds of the answered attempts.
    pub asa: f64,
    /// Probability that an attempt is answered within the threshold (of all offered).
    pub p_answered_within: f64,
    /// Probability that an attempt hangs up within the threshold.
    pub p_abandon_within: f64,
    /// Fraction of agent time spent handling calls.
    pub occupancy: f64,
    /// Mean number of calls waiting (Lq).
    pub mean_queue_length: f64,
}

impl LineLimited {
    /// Measures for attempts arriving at `arrival_rate` per second, handled in `mean_handle`
    /// seconds by `agents` agents on `lines` lines (`None`: unlimited, which is Erlang A),
    /// hanging up after `mean_patience` seconds on average, with the time-limited measures
    /// counted against `threshold` seconds.
    ///
    /// # Method
    ///
    /// With N ≤ c lines nobody can wait: the `lines` busiest agents form an Erlang B loss
    /// system. Otherwise the queue holds at most K = N − c calls, and the birth–death chain of
    /// Erlang A is cut at K waiting ([`ErlangA`] explains it): an arrival that finds K waiting
    /// is blocked (PASTA), one that finds k < K waiting has the fate of an Erlang A caller with
    /// k ahead, since the callers behind it do not change its wait. When the law of the queue
    /// beyond K is negligible (below 1e-16) the limit changes nothing and Erlang A's closed
    /// forms apply as they are. Else the time-limited measures come from the tagged caller's
    /// chain (position k moves up at cμ + kθ, hangs up at θ) solved by uniformization, which is
    /// exact up to the 1e-17 of probability it leaves out.
    ///
    /// # Errors
    ///
    /// The parameter errors of [`AnalyticError`], [`AnalyticError::NoLines`] for zero lines,
    /// and [`AnalyticError::QueueTooLong`] when the computation would exceed its bounds.
    pub fn new(
        arrival_rate: f64,
        mean_handle: f64,
        mean_patience: f64,
        agents: u32,
        lines: Option<u32>,
        threshold: f64,
    ) -> Result<Self, AnalyticError> {
        let load = offered_load(arrival_rate, mean_handle)?;
        let mean_patience = positive(MEAN_PATIENCE, mean_patience)?;
        let threshold = valid_threshold(threshold)?;
        let agents_f = staffed(agents)?;
        let unlimited = |p_blocked: f64| {
            ErlangA::new(arrival_rate, mean_handle, mean_patience, agents, threshold).map(|a| {
                Self {
                    p_blocked,
                    p_wait: a.p_wait,
                    p_abandon: a.p_abandon,
                    asa: a.asa,
                    p_answered_within: a.p_answered_within,
                    p_abandon_within: a.p_abandon_within,
                    occupancy: a.occupancy,
                    mean_queue_length: a.mean_queue_length,
                }
            })
        };
        let Some(lines) = lines else {
            return unlimited(0.0);
        };
        if lines == 0 {
            return Err(AnalyticError::NoLines);
        }
        if lines <= agents {
            let blocked = erlang_b(lines, load);
            return Ok(Self {
                p_blocked: blocked,
                p_wait: 0.0,
                p_abandon: 0.0,
                asa: 0.0,
                p_answered_within: 1.0 - blocked,
                p_abandon_within: 0.0,
                occupancy: load * (1.0 - blocked) / agents_f,
                mean_queue_length: 0.0,
            });
        }
        let places = (lines - agents) as usize;
        let rates = Rates {
            agents: agents_f,
            abandonment: positive(
                "ratio of the mean handle time to the mean patience",
                mean_handle / mean_patience,
            )?,
        };
        let law = WaitingLaw::new(load, &rates, Some(places))?;
        let ln_idle = ln_idle_weight(agents, load);
        let p_busy = logistic(law.ln_weight - ln_idle);
        let p_idle = logistic(ln_idle - law.ln_weight);
        if law.probabilities.len() <= places {
            // The queue reaches the limit with a negligible probability: the waiting law carried
            // on to it, for the record, and Erlang A for everything else.
            let last = law.probabilities.len() - 1;
            let at_limit = (last + 1..=places)
                .try_fold(law.probabilities[last], |p, k| {
                    let next = p * load / rates.advance(k);
                    (next > 0.0).then_some(next)
                })
                .unwrap_or(0.0);
            return unlimited(p_busy * at_limit);
        }
        let entering = &law.probabilities[..places];
        let (mut queued, mut answered, mut abandoned) = (0.0, 0.0, 0.0);
        let (mut time_to_answer, mut answered_wait) = (0.0, 0.0);
        for (ahead, p) in entering.iter().enumerate() {
            let leave_rate = rates.advance(ahead + 1);
            time_to_answer += 1.0 / leave_rate;
            queued += p;
            answered += p * rates.agents / leave_rate;
            abandoned += p * (ahead + 1) as f64 * rates.abandonment / leave_rate;
            answered_wait += p * rates.agents / leave_rate * time_to_answer;
        }
        let queue_length: f64 = law
            .probabilities
            .iter()
            .enumerate()
            .map(|(k, p)| k as f64 * p)
            .sum();
        let (answered_later, abandoned_later) = within(&rates, entering, threshold / mean_handle)?;
        let p_answered = p_idle + p_busy * answered;
        Ok(Self {
            p_blocked: p_busy * law.probabilities[places],
            p_wait: p_busy * queued,
            p_abandon: p_busy * abandoned,
            asa: p_busy * answered_wait / p_answered * mean_handle,
            p_answered_within: p_idle + p_busy * answered_later,
            p_abandon_within: p_busy * abandoned_later,
            occupancy: load * p_answered / agents_f,
            mean_queue_length: p_busy * queue_length,
        })
    }
}

/// For callers entering the queue with k ahead with probability `entering[k]`: the probability
/// of being answered, and of hanging up, within `t` mean handle times.
///
/// Uniformization at the fastest rate Λ = cμ + Kθ: the chain jumps at the times of a Poisson
/// process of rate Λ, and at each jump a caller with k ahead moves up with probability
/// (cμ + kθ)/Λ (answered if k = 0), hangs up with θ/Λ, and otherwise stays. The result is the
/// Poisson-weighted sum of the absorbed probabilities after n jumps; it stops when either the
/// Poisson tail or the probability still waiting is negligible.
fn within(rates: &Rates, entering: &[f64], t: f64) -> Result<(f64, f64), AnalyticError> {
    if t == 0.0 {
        return Ok((0.0, 0.0));
    }
    let places = entering.len();
    let jump_rate = rates.advance(places);
    let mean_jumps = jump_rate * t;
    let ln_mean = mean_jumps.ln();
    let mut waiting = entering.to_vec();
    let initial: f64 = entering.iter().sum();
    let (mut answered, mut abandoned) = (0.0, 0.0);
    let (mut answered_within, mut abandoned_within) = (0.0, 0.0);
    let (mut ln_factorial, mut poisson_so_far) = (0.0, 0.0);
    let mut work = 0;
    for jumps in 0_usize.. {
        if jumps > 0 {
            ln_factorial += (jumps as f64).ln();
        }
        let p_jumps = (-mean_jumps + jumps as f64 * ln_mean - ln_factorial).exp();
        answered_within += p_jumps * answered;
        abandoned_within += p_jumps * abandoned;
        poisson_so_far += p_jumps;
        let still_waiting: f64 = waiting.iter().sum();
        if still_waiting <= NEGLIGIBLE * initial {
            // Every later number of jumps finds the same absorbed probabilities.
            let rest = (1.0 - poisson_so_far).max(0.0);
            return Ok((
                answered_within + rest * answered,
                abandoned_within + rest * abandoned,
            ));
        }
        let ratio = mean_jumps / (jumps + 1) as f64;
        if ratio < 1.0 && p_jumps * ratio / (1.0 - ratio) <= NEGLIGIBLE {
            return Ok((answered_within, abandoned_within));
        }
        work += places;
        if work > WORK_LIMIT {
            return Err(AnalyticError::QueueTooLong { limit: places });
        }
        answered += waiting[0] * rates.advance(0) / jump_rate;
        for ahead in 0..places {
            let from_behind = waiting
                .get(ahead + 1)
                .map_or(0.0, |p| p * rates.advance(ahead + 1) / jump_rate);
            abandoned += waiting[ahead] * rates.abandonment / jump_rate;
            waiting[ahead] =
                waiting[ahead] * (1.0 - rates.advance(ahead + 1) / jump_rate) + from_behind;
        }
    }
    unreachable!("the loop returns")
}

/// Steady-state measures of Erlang X: [`LineLimited`] attempts, where a blocked attempt is
/// followed by another with probability [`Redials::after_blocked`] and an abandoned one with
/// [`Redials::after_abandoned`], up to [`Redials::max_attempts`] per caller.
///
/// # Method
///
/// Let λ be the rate of first attempts and Λ that of all attempts. If every attempt arrives in
/// a Poisson stream of rate Λ, it is lost and redialled with probability
/// r(Λ) = p_blocked·B(Λ) + p_abandoned·Ab(Λ), where B and Ab are [`LineLimited`]'s blocking and
/// abandonment at Λ; a caller then makes 1 + r + … + r^(M−1) attempts on average, so
/// Λ = λ·(1 + r(Λ) + … + r(Λ)^(M−1)). This fixed point is solved by bisection between λ and
/// λ·(1 + p + … + p^(M−1)) with p the larger redial probability, where the difference of the
/// two sides changes sign. The redial delay does not enter: in a steady state it shifts when a
/// redial comes, not how many. What is approximated is the Poisson stream: redials come after
/// congested moments, so they cluster when their delay is short next to the time the queue
/// takes to clear; with delays of several handle times the approximation is close (the
/// integration tests check it against the simulation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ErlangX {
    /// Attempts per second, first attempts and redials.
    pub attempt_rate: f64,
    /// Share of the attempts that are redials.
    pub redial_share: f64,
    /// Measures per attempt, at the attempt rate.
    pub attempt: LineLimited,
    /// Share of callers who are answered at some attempt.
    pub p_caller_answered: f64,
}

impl ErlangX {
    /// Erlang X for first attempts at `arrival_rate` per second; the other parameters as for
    /// [`LineLimited::new`], and the callers' `redials`.
    ///
    /// # Errors
    ///
    /// Those of [`LineLimited::new`], and [`AnalyticError::InvalidRedials`].
    pub fn new(
        arrival_rate: f64,
        mean_handle: f64,
        mean_patience: f64,
        agents: u32,
        lines: Option<u32>,
        redials: Redials,
        threshold: f64,
    ) -> Result<Self, AnalyticError> {
        redials.validate()?;
        positive(MEAN_HANDLE, mean_handle)?;
        let attempts = |rate: f64, threshold: f64| {
            LineLimited::new(rate, mean_handle, mean_patience, agents, lines, threshold)
        };
        let redial = |m: &LineLimited| {
            redials.after_blocked * m.p_blocked + redials.after_abandoned * m.p_abandon
        };
        let most = redials.attempts_per_caller(redials.after_blocked.max(redials.after_abandoned));
        let (mut low, mut high) = (arrival_rate, arrival_rate * most);
        while high - low > 1e-13 * high {
            let middle = 0.5 * (low + high);
            let m = attempts(middle, 0.0)?;
            if arrival_rate * redials.attempts_per_caller(redial(&m)) >= middle {
                low = middle;
            } else {
                high = middle;
            }
        }
        let attempt_rate = 0.5 * (low + high);
        let attempt = attempts(attempt_rate, threshold)?;
        let p_answered = 1.0 - attempt.p_blocked - attempt.p_abandon;
        Ok(Self {
            attempt_rate,
            redial_share: 1.0 - arrival_rate / attempt_rate,
            attempt,
            p_caller_answered: (attempt_rate / arrival_rate * p_answered).min(1.0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance * expected.abs().max(1e-300),
            "{actual} differs from {expected} by more than {tolerance} relative"
        );
    }

    /// The stationary law of M/M/c/N+M from its balance equations, state by state, and the
    /// measures that follow from it by PASTA and Little's law.
    fn by_balance(
        arrival_rate: f64,
        mean_handle: f64,
        mean_patience: f64,
        agents: u32,
        lines: u32,
    ) -> (f64, f64, f64, f64) {
        let (mu, theta, c) = (1.0 / mean_handle, 1.0 / mean_patience, agents as usize);
        let mut weights = vec![1.0];
        for n in 1..=lines as usize {
            let death = n.min(c) as f64 * mu + n.saturating_sub(c) as f64 * theta;
            weights.push(weights[n - 1] * arrival_rate / death);
        }
        let total: f64 = weights.iter().sum();
        let pi: Vec<f64> = weights.iter().map(|w| w / total).collect();
        let blocked = pi[lines as usize];
        let queued: f64 = pi[c..lines as usize].iter().sum();
        let lq: f64 = pi
            .iter()
            .enumerate()
            .map(|(n, p)| n.saturating_sub(c) as f64 * p)
            .sum();
        // Callers hang up at rate θ each: λ·P(abandon) = θ·Lq.
        let abandon = theta * lq / arrival_rate;
        (blocked, queued, abandon, lq)
    }

    #[test]
    fn line_limited_matches_its_balance_equations() {
        for (rate, handle, patience, agents, lines) in [
            (0.1, 300.0, 180.0, 25, 30),
            (0.1, 300.0, 180.0, 25, 26),
            (0.05, 180.0, 600.0, 12, 20),
            (0.5, 200.0, 60.0, 80, 150),
            (0.02, 240.0, 120.0, 3, 4),
        ] {
            let m = LineLimited::new(rate, handle, patience, agents, Some(lines), 20.0).unwrap();
            let (blocked, queued, abandon, lq) = by_balance(rate, handle, patience, agents, lines);
            assert_close(m.p_blocked, blocked, 1e-11);
            assert_close(m.p_wait, queued, 1e-11);
            assert_close(m.p_abandon, abandon, 1e-11);
            assert_close(m.mean_queue_length, lq, 1e-11);
            let served = 1.0 - blocked - abandon;
            assert_close(
                m.occupancy,
                rate * handle * served / f64::from(agents),
                1e-11,
            );
        }
    }

    #[test]
    fn no_more_lines_than_agents_is_erlang_b() {
        let m = LineLimited::new(8.0 / 180.0, 180.0, 60.0, 12, Some(10), 20.0).unwrap();
        assert_close(m.p_blocked, erlang_b(10, 8.0), 1e-14);
        assert_eq!((m.p_wait, m.p_abandon, m.asa), (0.0, 0.0, 0.0));
        assert_close(m.occupancy, 8.0 * (1.0 - m.p_blocked) / 12.0, 1e-14);
    }

    #[test]
    fn many_lines_are_erlang_a() {
        let a = ErlangA::new(0.1, 300.0, 180.0, 25, 20.0).unwrap();
        let m = LineLimited::new(0.1, 300.0, 180.0, 25, Some(2000), 20.0).unwrap();
        assert!(m.p_blocked < 1e-16);
        assert_close(m.p_answered_within, a.p_answered_within, 1e-12);
        assert_close(m.asa, a.asa, 1e-12);
    }

    /// With lines just short of where the limit stops mattering, the uniformized transient
    /// measures meet Erlang A's closed forms: the two methods are independent.
    #[test]
    fn uniformization_agrees_with_erlang_a_when_the_limit_barely_binds() {
        let (rate, handle, patience, agents) = (0.1, 300.0, 180.0, 25);
        let a = ErlangA::new(rate, handle, patience, agents, 20.0).unwrap();
        // With 44 waiting places this centre blocks about 1.2e-14 of its calls.
        let m = LineLimited::new(rate, handle, patience, agents, Some(agents + 44), 20.0).unwrap();
        assert!(
            m.p_blocked > 1e-15 && m.p_blocked < 1e-13,
            "{}",
            m.p_blocked
        );
        assert_close(m.p_answered_within, a.p_answered_within, 1e-10);
        assert_close(m.p_abandon_within, a.p_abandon_within, 1e-10);
        assert_close(m.asa, a.asa, 1e-10);
    }

    #[test]
    fn time_limited_measures_grow_to_the_totals() {
        let at = |threshold| LineLimited::new(0.1, 300.0, 180.0, 25, Some(30), threshold).unwrap();
        let zero = at(0.0);
        assert_close(
            zero.p_answered_within,
            1.0 - zero.p_wait - zero.p_blocked,
            1e-14,
        );
        let mut previous = zero;
        for threshold in [5.0, 20.0, 60.0, 300.0] {
            let m = at(threshold);
            assert!(m.p_answered_within > previous.p_answered_within);
            assert!(m.p_abandon_within > previous.p_abandon_within);
            previous = m;
        }
        let late = at(1e7);
        assert_close(
            late.p_answered_within,
            1.0 - late.p_blocked - late.p_abandon,
            1e-12,
        );
        assert_close(late.p_abandon_within, late.p_abandon, 1e-12);
    }

    #[test]
    fn redials_solve_the_fixed_point() {
        let redials = Redials {
            after_blocked: 0.8,
            after_abandoned: 0.5,
            max_attempts: 4,
        };
        let first = 0.1;
        let x = ErlangX::new(first, 300.0, 180.0, 25, Some(30), redials, 20.0).unwrap();
        let m = x.attempt;
        // The attempt rate reproduces itself: λ·(1 + r + r² + r³) = Λ.
        let r = 0.8 * m.p_blocked + 0.5 * m.p_abandon;
        assert_close(first * (1.0 + r + r * r + r * r * r), x.attempt_rate, 1e-11);
        assert_eq!(
            m,
            LineLimited::new(x.attempt_rate, 300.0, 180.0, 25, Some(30), 20.0).unwrap()
        );
        assert!(x.redial_share > 0.05 && x.redial_share < 0.5, "{x:?}");
        // Callers answered at some attempt: more than the attempts answered, at most all.
        assert!(x.p_caller_answered > 1.0 - m.p_blocked - m.p_abandon);
        assert!(x.p_caller_answered <= 1.0);
    }

    #[test]
    fn no_redials_is_one_attempt_per_caller() {
        let x = ErlangX::new(0.1, 300.0, 180.0, 25, Some(30), Redials::NONE, 20.0).unwrap();
        assert_eq!(x.attempt_rate, 0.1);
        assert_eq!(x.redial_share, 0.0);
        assert_close(
            x.p_caller_answered,
            1.0 - x.attempt.p_blocked - x.attempt.p_abandon,
            1e-14,
        );
    }

    #[test]
    fn refuses_invalid_lines_and_redials() {
        assert_eq!(
            LineLimited::new(0.1, 300.0, 180.0, 25, Some(0), 20.0),
            Err(AnalyticError::NoLines)
        );
        let bad = Redials {
            after_blocked: 1.5,
            ..Redials::NONE
        };
        assert!(matches!(
            ErlangX::new(0.1, 300.0, 180.0, 25, Some(30), bad, 20.0),
            Err(AnalyticError::InvalidRedials { .. })
        ));
        let too_many = Redials {
            max_attempts: 1000,
            ..Redials::NONE
        };
        assert!(ErlangX::new(0.1, 300.0, 180.0, 25, None, too_many, 20.0).is_err());
    }
}
