//! The validated description of a contact centre and its day, and the outcome of a call.
//!
//! A [`Scenario`] knows nothing of files: [`crate::scenario`] builds one from TOML, a library user
//! may build one in code, and [`crate::sim`] runs it.

mod outcome;
mod service_level;

pub use outcome::{CallRecord, DropPlace, Outcome};
pub use service_level::ServiceLevelFormula;

use crate::dist::Distribution;

/// Everything needed to simulate one contact-centre day (or one long steady-state run).
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Human name shown in reports.
    pub name: String,
    /// Free text describing what the scenario models.
    pub description: String,
    /// Seed of every random stream; replication `r` uses streams derived from (seed, r).
    pub seed: u64,
    /// Number of independent replications (simulated days).
    pub replications: u32,
    /// Opening hours and their division into reporting intervals.
    pub hours: Hours,
    /// Statistics ignore calls arriving, and clock time passing, before `open + warmup` seconds.
    pub warmup: f64,
    /// When callers arrive.
    pub arrivals: Arrivals,
    /// Handle (talk + wrap-up) time of a call.
    pub handle_time: Distribution,
    /// How long a caller is willing to wait; `None` means callers never hang up.
    pub patience: Option<Distribution>,
    /// Staffed agents per interval.
    pub agents: Vec<u32>,
    /// Service-level threshold, target, headline formula and short-abandon rule.
    pub service_level: ServiceLevel,
    /// System limits that turn calls into missed calls.
    pub limits: Limits,
    /// Technical failures that turn calls into dropped calls.
    pub drops: Drops,
    /// What happens to calls still in the system at closing time.
    pub after_close: AfterClose,
}

/// When callers arrive.
#[derive(Clone, Debug, PartialEq)]
pub enum Arrivals {
    /// A Poisson process with one rate per interval, calls per hour.
    Poisson {
        /// Rate per interval, calls per hour.
        calls_per_hour: Vec<f64>,
    },
    /// Callers arrive at exactly these times (seconds since midnight, ascending, within the opening
    /// hours): a replayed day or a hand-computed example. Every replication sees the same arrivals.
    Trace {
        /// Arrival times.
        times: Vec<f64>,
    },
}

/// Opening hours, in seconds since midnight, cut into reporting intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct Hours {
    /// Opening time.
    pub open: f64,
    /// Closing time: arrivals stop here.
    pub close: f64,
    /// Length of a reporting and staffing interval; the last one may be shorter.
    pub interval: f64,
}

impl Hours {
    /// Number of intervals between opening and closing.
    pub fn interval_count(&self) -> usize {
        ((self.close - self.open) / self.interval - 1e-9)
            .ceil()
            .max(1.0) as usize
    }

    /// Start and end of interval `index`, seconds since midnight.
    pub fn interval_bounds(&self, index: usize) -> (f64, f64) {
        let start = self.open + index as f64 * self.interval;
        (start, (start + self.interval).min(self.close))
    }
}

/// How service level is measured and what the centre aims for.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceLevel {
    /// A call answered within this many seconds counts as answered in time (e.g. 20 in 80/20).
    pub threshold: f64,
    /// Share of calls the centre aims to answer in time (e.g. 0.8 in 80/20).
    pub target: f64,
    /// The formula reported as *the* service level.
    pub formula: ServiceLevelFormula,
    /// Callers who hang up within this many seconds are short abandons (wrong number, changed mind);
    /// `None` counts every abandon.
    pub short_abandon: Option<f64>,
}

/// Capacity limits of the system.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Limits {
    /// The system disconnects a caller who has waited this long (missed — timeout).
    pub max_wait: Option<f64>,
    /// Maximum calls in the system, waiting or talking (trunk lines); a call finding all lines busy
    /// hears a busy signal (missed — blocked).
    pub lines: Option<u32>,
    /// Maximum calls waiting in queue; a call finding the queue full is blocked.
    pub queue_capacity: Option<u32>,
}

/// Technical failures.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Drops {
    /// Failure while waiting: the time is measured from entering the queue.
    pub in_queue: Option<DropRule>,
    /// Failure in conversation: the time is measured from the answer; a failure later than the
    /// handle time does not happen.
    pub in_conversation: Option<DropRule>,
}

/// A call fails with `probability`, `after` the start of the phase it can fail in.
#[derive(Clone, Debug, PartialEq)]
pub struct DropRule {
    /// Probability that a call is hit by this failure.
    pub probability: f64,
    /// Time from the start of the phase to the failure.
    pub after: Distribution,
}

/// What happens at closing time to calls still waiting or talking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AfterClose {
    /// Arrivals stop; agents stay until every call in the system has ended (the usual practice).
    #[default]
    WorkOff,
    /// The simulation stops at closing time; calls still in the system are reported as unfinished.
    Stop,
}

impl AfterClose {
    /// The scenario-file spelling.
    pub fn key(self) -> &'static str {
        match self {
            AfterClose::WorkOff => "work_off",
            AfterClose::Stop => "stop",
        }
    }
}
