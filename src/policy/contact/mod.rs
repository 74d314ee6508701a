//! Caller-contact policies: what the system says to and offers a caller between dialling and
//! reaching an agent — self-service, another channel, wait announcements, callbacks.
//!
//! A policy is a set of hooks the engine calls at fixed moments of a caller's journey; each hook
//! sees a read-only [`CallerView`] and returns a decision the engine applies. Policies compose:
//! the engine asks them in order and the first decision that ends the caller's wait wins (see
//! [`ContactPolicies`]). A scenario switches the built-ins on by name; a library user can add any
//! implementation of [`ContactPolicy`].
//!
//! Randomness: a policy's decisions must use [`CallerView::uniform`], which gives the same number
//! for the same caller, attempt, moment and tag in every variant of a scenario. Switching another
//! policy on or off therefore never changes what this caller decides here (common random numbers).

mod announcement;
mod callback;
mod deflection;
mod random;

pub use announcement::Announce;
pub use callback::OfferCallback;
pub use deflection::{DeflectToChannel, SelfServiceHub};
pub use random::{CallerRandom, Moment};

use super::estimate::{QueueState, WaitEstimator, estimator};
use crate::model::{CallClass, Callback, Contact, EstimateMethod};

/// A caller as contact policies see them.
#[derive(Clone, Copy, Debug)]
pub struct CallerView<'a> {
    /// Index of the caller's class.
    pub class_index: usize,
    /// The caller's class.
    pub class: &'a CallClass,
    /// The reporting interval the current time falls in.
    pub interval: usize,
    /// This attempt's arrival time, seconds since midnight.
    pub arrival: f64,
    /// The current time, seconds since midnight.
    pub now: f64,
    /// Which attempt this is (1 for a first call, more for redials).
    pub attempt: u32,
    /// Place in the class's queue from 1 (0 before the caller has joined it).
    pub position: usize,
    /// The estimated remaining wait, seconds, by the scenario's estimator (0 when an agent is free).
    pub estimated_wait: f64,
    /// How much longer the caller is willing to wait (`None`: for ever).
    pub remaining_patience: Option<f64>,
    /// Whether a callback has already been offered to this caller on this attempt.
    pub callback_offered: bool,
    /// The caller's own random numbers.
    pub random: CallerRandom,
    /// The moment of the journey this hook is called at.
    pub moment: Moment,
}

impl CallerView<'_> {
    /// A uniform number in [0, 1) for this caller, attempt and moment; `tag` tells apart the
    /// decisions of different policies (and of one policy within one hook).
    pub fn uniform(&self, tag: u64) -> f64 {
        self.random.uniform(self.attempt, self.moment, tag)
    }
}

/// A decision before the caller reaches the queue (the IVR stage).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ArrivalDecision {
    /// Go on to the queue.
    Continue,
    /// The caller found the answer in self-service and does not call: not an offered call.
    SelfServe,
    /// The caller takes another channel offered in the IVR.
    Deflect,
}

/// A decision about a caller who is waiting (or is about to wait) in queue.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WaitDecision {
    /// Keep waiting, unchanged.
    Stay,
    /// Hang up: a balk when joining the queue, an abandon later.
    HangUp,
    /// Keep waiting, willing to wait this many more seconds.
    SetPatience(f64),
    /// A callback was offered; the caller accepted it or not.
    OfferCallback {
        /// Whether the caller accepted and leaves the line.
        accepted: bool,
    },
}

/// Hooks into a caller's journey. Every hook has a default that does nothing, so a policy
/// implements only the moments it acts at.
pub trait ContactPolicy: Send + Sync {
    /// The IVR stage, before the caller joins the queue (callers answered at once pass here too).
    fn on_arrival(&self, _caller: &CallerView<'_>) -> ArrivalDecision {
        ArrivalDecision::Continue
    }

    /// The caller has just joined the queue (no agent was free).
    fn on_enter_queue(&self, _caller: &CallerView<'_>) -> WaitDecision {
        WaitDecision::Stay
    }

    /// How often [`ContactPolicy::while_waiting`] is called for a waiting caller, seconds.
    fn check_every(&self) -> Option<f64> {
        None
    }

    /// Called every [`ContactPolicy::check_every`] seconds of waiting.
    fn while_waiting(&self, _caller: &CallerView<'_>) -> WaitDecision {
        WaitDecision::Stay
    }

    /// Called for every waiting caller when the estimate inputs change for the whole queue: at
    /// each staffing change (the start of an interval).
    fn on_estimate_change(&self, _caller: &CallerView<'_>) -> WaitDecision {
        WaitDecision::Stay
    }
}

/// A built-in estimator chosen by method, as a boxable value.
struct BuiltInEstimate(EstimateMethod);

impl WaitEstimator for BuiltInEstimate {
    fn estimate(&self, queue: &QueueState) -> f64 {
        estimator(self.0).estimate(queue)
    }
}

/// The caller-contact policies of one run, the estimator they use and how accepted callbacks are
/// made.
pub struct ContactPolicies {
    /// Asked in this order.
    pub policies: Vec<Box<dyn ContactPolicy>>,
    /// The estimator behind [`CallerView::estimated_wait`].
    pub estimator: Box<dyn WaitEstimator>,
    /// How callbacks are made; an accepted offer is honoured only when this is set.
    pub callback: Option<Callback>,
}

impl ContactPolicies {
    /// The built-ins a scenario switches on, in the documented order: self-service, deflection,
    /// announcement, callback offer.
    pub fn from_contact(contact: &Contact) -> Self {
        let mut policies: Vec<Box<dyn ContactPolicy>> = Vec::new();
        if let Some(hub) = &contact.self_service {
            policies.push(Box::new(SelfServiceHub::new(hub)));
        }
        if let Some(deflection) = &contact.deflection {
            policies.push(Box::new(DeflectToChannel::new(deflection)));
        }
        if let Some(announcement) = &contact.announcement {
            policies.push(Box::new(Announce::new(announcement)));
        }
        if let Some(callback) = &contact.callback {
            policies.push(Box::new(OfferCallback::new(callback)));
        }
        ContactPolicies {
            policies,
            estimator: Box::new(BuiltInEstimate(contact.estimate)),
            callback: contact.callback.clone(),
        }
    }

    /// Whether there is any policy to ask.
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }
}
