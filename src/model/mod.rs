//! The validated description of a contact centre and its day, and the outcome of a call.
//!
//! A [`Scenario`] knows nothing of files: [`crate::scenario`] builds one from TOML, a library user
//! may build one in code, and [`crate::sim`] runs it.

mod campaign;
mod contact;
mod outcome;
mod service_level;
mod shift_pattern;
mod study;
mod targets;

pub use campaign::{
    Amd, Blend, Campaign, DEFAULT_CONNECTION_LIMIT, DialOutcome, OutcomeShares, Pacing, Retries,
    RingTimes,
};
pub use contact::{
    AnnouncedContent, Announcement, Callback, CallbackKind, CallbackService, Contact, Curve,
    Deflection, EstimateMethod, PatienceResponse, RedialAfter, RedialRule, Redials, SelfService,
};

pub use outcome::{CallRecord, DropPlace, Outcome};
pub use service_level::ServiceLevelFormula;
pub use shift_pattern::{PatternBreak, ShiftPattern};
pub use study::{DayMismatch, Study, StudyDay};
pub use targets::{TargetBounds, Targets};

/// The most replications a run may have, from a scenario file, the command line or a baseline:
/// each keeps about 118 kB of tallies, so this many need about 12 GB at most.
pub const MAX_REPLICATIONS: u32 = 100_000;

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
    /// The kinds of callers (one class for a single-queue centre), each with its own arrivals,
    /// handle and patience distributions and service-level threshold.
    pub classes: Vec<CallClass>,
    /// Groups of agents, each with its staffing per interval and the classes it may serve.
    pub pools: Vec<AgentPool>,
    /// How waiting calls are ordered and which idle agent answers.
    pub routing: Routing,
    /// Service-level threshold, target, headline formula and short-abandon rule.
    pub service_level: ServiceLevel,
    /// System limits that turn calls into missed calls.
    pub limits: Limits,
    /// Technical failures that turn calls into dropped calls.
    pub drops: Drops,
    /// What happens to calls still in the system at closing time.
    pub after_close: AfterClose,
    /// Announcements, callbacks and other channels offered to callers (all off by default).
    pub contact: Contact,
    /// Day-to-day uncertainty of the forecast (none by default).
    pub uncertainty: Uncertainty,
    /// Callers already waiting and agents already busy when the run starts (none by default).
    pub start: StartState,
    /// The shapes of shift `ccsim staff --shifts` may roster (`[[shift_patterns]]`); they do
    /// not staff the day.
    pub shift_patterns: Vec<ShiftPattern>,
    /// The targets an analyst sets beyond `[service_level]` (`[targets]`): what `staff` searches
    /// for and `run` judges the day by. They do not change a simulated day.
    pub targets: Targets,
    /// Outbound campaigns worked by the dialler on some of the pools' agents (none by default).
    pub campaigns: Vec<Campaign>,
}

/// How far a simulated day may stray from the forecast. The default, no uncertainty, makes no
/// random draws, so a scenario without it gives the results it always gave.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Uncertainty {
    /// Coefficient of variation of the day's volume factor: each replication multiplies every
    /// class's Poisson arrival rates by one draw of a gamma variable with mean 1 and this CV
    /// (0: every day is the forecast day).
    pub volume_cv: f64,
}

/// The state of the centre when the run starts, for a day that does not start empty or an
/// intraday re-plan from the middle of a day.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct StartState {
    /// Callers already waiting at the opening time.
    pub waiting: Vec<WaitingAtStart>,
    /// Agents already in a conversation at the opening time.
    pub busy: Vec<BusyAtStart>,
}

impl StartState {
    /// Whether the run starts with an empty centre (the default).
    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty() && self.busy.is_empty()
    }
}

/// Callers of one class already in the queue when the run starts.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitingAtStart {
    /// Index of the class in [`Scenario::classes`].
    pub class: usize,
    /// How many callers.
    pub callers: u32,
    /// How long each of them has already waited at the opening time, seconds. Waits, the
    /// service level and the system's maximum wait count from `open - waited`.
    pub waited: f64,
}

/// Agents of one pool already busy when the run starts, with calls that are not counted (they
/// arrived before the period the run reports on).
#[derive(Clone, Debug, PartialEq)]
pub struct BusyAtStart {
    /// Index of the pool in [`Scenario::pools`].
    pub pool: usize,
    /// How many of the pool's agents are busy.
    pub agents: u32,
    /// Time left in each of their conversations (talk plus wrap-up).
    pub remaining: Distribution,
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

/// A kind of caller: sales, support, VIP, another language…
#[derive(Clone, Debug, PartialEq)]
pub struct CallClass {
    /// Name used in reports and in pool skills.
    pub name: String,
    /// When callers of this class arrive.
    pub arrivals: Arrivals,
    /// Handle time: talk plus wrap-up when `wrap_up` is `None`, talk only when it is given. A
    /// pool may scale it (see [`Skill::handle_factor`]).
    pub handle_time: Distribution,
    /// Mean handle time per interval (seconds), as an interval forecast gives it: a call arriving
    /// in interval `i` has its handle-time draw scaled by `handle_time_by_interval[i] /
    /// handle_time.mean()`, so the distribution keeps its shape and takes that interval's mean.
    /// `None`: every interval uses `handle_time` as it is.
    pub handle_time_by_interval: Option<Vec<f64>>,
    /// How long a caller is willing to wait; `None` means callers never hang up.
    pub patience: Option<Distribution>,
    /// After-call work: once the caller has gone, the agent stays busy this long before taking
    /// another call. `None`: no separate wrap-up (`handle_time` includes it).
    pub wrap_up: Option<Distribution>,
    /// A call answered within this many seconds counts as answered in time.
    pub threshold: f64,
    /// Share of calls the centre aims to answer in time.
    pub target: f64,
    /// Callers who hang up within this many seconds are short abandons.
    pub short_abandon: Option<f64>,
    /// Strict-priority level: 1 is served before 2 (used by [`QueueOrder::Priority`] and
    /// [`QueueOrder::Aging`]).
    pub priority: u32,
    /// Head start in queue order, seconds (used by [`QueueOrder::Credit`]): a call of this class
    /// is answered as if it had arrived this much earlier. Infinite credit is strict priority.
    pub credit: f64,
    /// Whether callers try again after a lost attempt (by default they do not).
    pub redial: Redials,
}

impl CallClass {
    /// Mean time an agent spends on an answered call of this class: the handle time plus the
    /// wrap-up, the handle time as an ACD reports it and as the Erlang formulas take it.
    pub fn mean_agent_time(&self) -> f64 {
        self.handle_time.mean() + self.wrap_up.as_ref().map_or(0.0, Distribution::mean)
    }
}

/// A group of agents with the same skills and schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct AgentPool {
    /// Name used in reports.
    pub name: String,
    /// Staffed agents per interval: whole agents, the ceiling of `fractional` where that is given
    /// (so formulas that need a whole number of agents take the agents present at the start of
    /// the interval).
    pub agents: Vec<u32>,
    /// Average presence per interval, when some interval's staffing is not a whole number: an
    /// interval of length L with x agents has floor(x) agents for all of it and one more for its
    /// first frac(x)·L seconds. `None`: every interval has exactly `agents`. Code that changes
    /// `agents` sets this to `None` (or keeps the two consistent).
    pub fractional: Option<Vec<f64>>,
    /// Share of the scheduled agents off the phones per interval (0 where the file gives none):
    /// `agents` are already net of it. The simulation does not use it; it is kept so that an
    /// answer in agents on the phones can be turned back into the scheduled agents the file is
    /// written in.
    pub shrinkage: Vec<f64>,
    /// The classes this pool may serve.
    pub skills: Vec<Skill>,
    /// Agents kept free for some classes.
    pub reserve: Option<Reservation>,
}

impl AgentPool {
    /// Scheduled agents that leave at least `on_phones` on the phones in `interval`, after the
    /// pool's shrinkage there: see [`scheduled_agents`].
    pub fn scheduled(&self, interval: usize, on_phones: u32) -> u32 {
        scheduled_agents(
            on_phones,
            self.shrinkage.get(interval).copied().unwrap_or(0.0),
        )
    }

    /// The pool's skill for `class`, if it has one.
    pub fn skill(&self, class: usize) -> Option<&Skill> {
        self.skills.iter().find(|skill| skill.class == class)
    }
}

/// Allows for rounding in `scheduled × (1 − shrinkage)`: 15 × 0.7 is 10.499999999999998 in
/// floating point, and is meant as 10.5.
const ROUNDING_SLACK: f64 = 1e-9;

/// Whole agents on the phones out of `scheduled` (possibly fractional, from shifts) with
/// `shrinkage`: the nearest whole number, halves rounded up. This is how the scenario loader
/// staffs a pool written in scheduled agents or `[[shifts]]`.
pub fn on_the_phones(scheduled: f64, shrinkage: f64) -> u32 {
    (scheduled * (1.0 - shrinkage) + 0.5 + ROUNDING_SLACK).floor() as u32
}

/// Allows for rounding in `on_phones / (1 − shrinkage)`: 7 / 0.7 is 10.000000000000002 in
/// floating point, and is meant as 10.
const SCHEDULING_SLACK: f64 = 1e-9;

/// Scheduled agents needed for `on_phones` agents on the phones with `shrinkage`:
/// `on_phones / (1 − shrinkage)`, rounded up, as workforce planners compute it. The loader turns
/// scheduled agents back into `scheduled × (1 − shrinkage)` rounded to the nearest agent (halves
/// up), which is at least `on_phones` for this figure, so a requirement pasted back in scheduled
/// agents never staffs fewer than it asked for (now and then one more, where the rounding up
/// added half an agent or more).
pub fn scheduled_agents(on_phones: u32, shrinkage: f64) -> u32 {
    if on_phones == 0 {
        return 0;
    }
    (f64::from(on_phones) / (1.0 - shrinkage) - SCHEDULING_SLACK).ceil() as u32
}

/// A pool's ability to serve one class.
#[derive(Clone, Debug, PartialEq)]
pub struct Skill {
    /// Index of the class in [`Scenario::classes`].
    pub class: usize,
    /// The pool takes calls of this class only once they have waited this long (0: at once). A
    /// positive delay makes the pool an overflow (backup) pool for the class.
    pub after: f64,
    /// Multiplies the class's handle time (the talk, when the class has a separate wrap-up)
    /// when this pool serves it (1: as fast as anyone).
    pub handle_factor: f64,
}

/// Capacity a pool keeps for some classes.
#[derive(Clone, Debug, PartialEq)]
pub struct Reservation {
    /// The pool answers calls of other classes only while more than this many of its agents are idle.
    pub agents: u32,
    /// The classes the capacity is kept for.
    pub classes: Vec<usize>,
}

/// How waiting calls are ordered and which idle agent answers.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Routing {
    /// Which waiting call a free agent answers next.
    pub queue: QueueOrder,
    /// Which idle agent answers a new call.
    pub agent: AgentChoice,
}

/// Built-in queue disciplines. Within a class calls are always answered first come, first served.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum QueueOrder {
    /// The call that arrived first, whatever its class.
    #[default]
    Fifo,
    /// The class with the lowest priority number first; first come first served within it.
    Priority,
    /// By arrival time minus the class's credit: a head start of `credit` seconds.
    Credit,
    /// Strict priority, except that a call that has waited `after` seconds goes ahead of every
    /// call that has not, so low classes cannot starve.
    Aging {
        /// Waiting time after which a call is promoted.
        after: f64,
    },
}

/// Built-in agent selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AgentChoice {
    /// The agent idle longest among the pools that may answer.
    #[default]
    LongestIdle,
    /// The first pool in scenario order that may answer; its longest-idle agent.
    PreferredPool,
}

/// How service level is measured and what the centre aims for. Classes carry their own threshold,
/// target and short-abandon time (by default these); the formula is the same for all.
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
