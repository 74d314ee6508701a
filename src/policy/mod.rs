//! Routing policies: which waiting call a free agent answers, and which idle agent answers a new
//! call. Policies see read-only views and return decisions; the engine applies them.
//!
//! A scenario chooses a built-in by name ([`Routing`]); a library user can supply any
//! implementation of [`QueueDiscipline`] and [`AgentSelector`] through [`Policies`] (see
//! `examples/custom_routing.rs`).
//!
//! Caller-contact policies ([`ContactPolicy`]: self-service, deflection, announcements,
//! callbacks) and the wait estimators they use ([`WaitEstimator`]) work the same way: built-ins
//! selected by the scenario, or any implementation added to [`Policies::contact`]. So do the
//! pacing policies of outbound campaigns ([`PacingPolicy`], one per campaign in
//! [`Policies::pacing`]).

mod agents;
mod contact;
mod estimate;
mod pacing;
mod queue;

pub use agents::{LongestIdle, PoolCandidate, PreferredPool};
pub use contact::{
    Announce, ArrivalDecision, CallerRandom, CallerView, ContactPolicies, ContactPolicy,
    DeflectToChannel, Moment, OfferCallback, SelfServiceHub, WaitDecision,
};
pub use estimate::{
    HeadOfLineEstimate, LastToEnterServiceEstimate, QueueLengthEstimate, QueueState, WaitEstimator,
    estimator,
};
pub use pacing::{
    AdaptiveRatio, DiallerView, FixedRatio, PacingPolicy, Preview, Progressive, pacing_for,
};
pub use queue::{AgingPriority, Fifo, StrictPriority, WaitingTimeCredit};

use crate::model::{AgentChoice, CallClass, Contact, QueueOrder, Routing, Scenario};
use std::cmp::Ordering;

/// A waiting call as policies see it.
#[derive(Clone, Copy, Debug)]
pub struct WaitingCall<'a> {
    /// Index of the call's class.
    pub class_index: usize,
    /// The call's class.
    pub class: &'a CallClass,
    /// Arrival time, seconds since midnight.
    pub arrival: f64,
}

/// A call's place in the answer order: lower ranks are answered first. Compared component by
/// component with a total order on floats.
#[derive(Clone, Copy, Debug)]
pub struct Rank(pub f64, pub f64);

impl Ord for Rank {
    fn cmp(&self, other: &Rank) -> Ordering {
        self.0.total_cmp(&other.0).then(self.1.total_cmp(&other.1))
    }
}

impl PartialOrd for Rank {
    fn partial_cmp(&self, other: &Rank) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Rank {
    fn eq(&self, other: &Rank) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Rank {}

/// Orders waiting calls across classes. Within one class calls are always answered first come,
/// first served, so an implementation must never rank a later call of a class ahead of an earlier
/// one of the same class at the same `now`; the engine only compares the oldest call of each class.
pub trait QueueDiscipline: Send + Sync {
    /// The rank of `call` at time `now`.
    fn rank(&self, call: &WaitingCall<'_>, now: f64) -> Rank;
}

/// Chooses which pool's idle agent answers a call, among pools that may answer it and have an
/// idle agent (never empty). Returns an index into `candidates`.
pub trait AgentSelector: Send + Sync {
    /// The chosen candidate.
    fn choose(&self, call: &WaitingCall<'_>, candidates: &[PoolCandidate]) -> usize;
}

/// The policies one run uses.
pub struct Policies {
    /// Queue discipline.
    pub queue: Box<dyn QueueDiscipline>,
    /// Agent selection.
    pub agents: Box<dyn AgentSelector>,
    /// What callers are told and offered while they wait.
    pub contact: ContactPolicies,
    /// How fast each outbound campaign dials, in the scenario's campaign order.
    pub pacing: Vec<Box<dyn PacingPolicy>>,
}

impl Policies {
    /// The built-in policies a scenario names.
    pub fn for_scenario(scenario: &Scenario) -> Self {
        Policies {
            contact: ContactPolicies::from_contact(&scenario.contact),
            pacing: scenario.campaigns.iter().map(pacing_for).collect(),
            ..Policies::routing(&scenario.routing)
        }
    }

    /// The built-in routing policies `routing` names, with no caller-contact policy and no
    /// campaign.
    pub fn routing(routing: &Routing) -> Self {
        let queue: Box<dyn QueueDiscipline> = match routing.queue {
            QueueOrder::Fifo => Box::new(Fifo),
            QueueOrder::Priority => Box::new(StrictPriority),
            QueueOrder::Credit => Box::new(WaitingTimeCredit),
            QueueOrder::Aging { after } => Box::new(AgingPriority { after }),
        };
        let agents: Box<dyn AgentSelector> = match routing.agent {
            AgentChoice::LongestIdle => Box::new(LongestIdle),
            AgentChoice::PreferredPool => Box::new(PreferredPool),
        };
        Policies {
            queue,
            agents,
            contact: ContactPolicies::from_contact(&Contact::default()),
            pacing: Vec::new(),
        }
    }
}
