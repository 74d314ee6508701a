//! Built-in queue disciplines.

use super::{QueueDiscipline, Rank, WaitingCall};

/// First come, first served across all classes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Fifo;

impl QueueDiscipline for Fifo {
    fn rank(&self, call: &WaitingCall<'_>, _now: f64) -> Rank {
        Rank(call.arrival, 0.0)
    }
}

/// The class with the lowest priority number first (VIP first); first come, first served within.
#[derive(Clone, Copy, Debug, Default)]
pub struct StrictPriority;

impl QueueDiscipline for StrictPriority {
    fn rank(&self, call: &WaitingCall<'_>, _now: f64) -> Rank {
        Rank(f64::from(call.class.priority), call.arrival)
    }
}

/// Waiting-time credit: calls are ordered by arrival time minus their class's credit, so a class
/// with 90 s credit is answered as if it had called 90 s earlier. Credit 0 everywhere is FIFO; an
/// infinite credit is strict priority (ties broken by arrival).
#[derive(Clone, Copy, Debug, Default)]
pub struct WaitingTimeCredit;

impl QueueDiscipline for WaitingTimeCredit {
    fn rank(&self, call: &WaitingCall<'_>, _now: f64) -> Rank {
        Rank(call.arrival - call.class.credit, call.arrival)
    }
}

/// Strict priority with aging: a call that has waited `after` seconds or more goes ahead of every
/// call that has not (oldest first among them), so low-priority classes cannot starve.
#[derive(Clone, Copy, Debug)]
pub struct AgingPriority {
    /// Waiting time after which a call is promoted.
    pub after: f64,
}

impl QueueDiscipline for AgingPriority {
    fn rank(&self, call: &WaitingCall<'_>, now: f64) -> Rank {
        if now - call.arrival >= self.after {
            Rank(0.0, call.arrival)
        } else {
            Rank(f64::from(call.class.priority), call.arrival)
        }
    }
}
