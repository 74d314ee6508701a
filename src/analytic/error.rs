//! Why a formula refused its parameters.

/// Why a queueing formula refused its parameters; the message says what to change.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum AnalyticError {
    /// A rate, mean or load is zero, negative, NaN, infinite or too small to invert.
    #[error("{quantity} must be a positive, finite number, got {value}")]
    NotPositive {
        /// What the number is, with its unit.
        quantity: &'static str,
        /// The value given.
        value: f64,
    },
    /// The service-level threshold is negative, NaN or infinite.
    #[error(
        "the service-level threshold must be a finite number of seconds, 0 or more, got {value}"
    )]
    InvalidThreshold {
        /// The value given, in seconds.
        value: f64,
    },
    /// There are no agents, so no call is ever answered.
    #[error("at least one agent is needed: with none, no call is ever answered")]
    NoAgents,
    /// There are no trunk lines, so every call is refused.
    #[error("at least one line is needed: with none, every call hears a busy signal")]
    NoLines,
    /// A redial probability or the attempts per caller are out of range.
    #[error("invalid redials: {reason}")]
    InvalidRedials {
        /// What is wrong, and the range allowed.
        reason: &'static str,
    },
    /// Without abandonment the load must stay below the number of agents, or the queue grows
    /// without bound and has no steady state.
    #[error(
        "the offered load of {load:.3} erlangs needs more than {agents} agents: without \
         abandonment the queue would grow forever; use at least {needed:.0} agents, lower the \
         arrival rate or handle time, or model abandonment with Erlang A",
        needed = .load.floor() + 1.0
    )]
    Unstable {
        /// Offered load, in erlangs.
        load: f64,
        /// Agents given.
        agents: u32,
    },
    /// Callers are so patient relative to the overload that the steady-state queue is longer than
    /// the exact Erlang A computation handles.
    #[error(
        "the queue would routinely hold more than {limit} waiting calls (callers are too patient \
         for this much overload), which is beyond the exact Erlang A computation; shorten the \
         mean patience, add agents or lower the load, or simulate instead"
    )]
    QueueTooLong {
        /// Most waiting calls the computation follows.
        limit: usize,
    },
}
