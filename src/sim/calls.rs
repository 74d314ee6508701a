//! Calls in the system, kept in a slab so that events refer to them by a small index and the hot
//! path never allocates once the slab has grown to the day's peak.

use crate::kernel::EventKey;

/// Index of a call's slot in the [`CallSlab`]; reused after the call leaves.
pub(crate) type CallId = u32;

/// Why a waiting caller leaves the queue without being answered, if nothing answers them first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QueueExit {
    /// A technical failure while waiting.
    Dropped,
    /// The system's maximum wait.
    Timeout,
    /// The caller's patience ran out.
    Abandon,
}

/// Everything about one call, drawn when it arrives so that the i-th caller is the same person in
/// every variant of a scenario (common random numbers).
#[derive(Clone, Debug)]
pub(crate) struct Call {
    /// Arrival order within the replication, from 0.
    pub number: u64,
    pub class: u32,
    pub arrival: f64,
    pub interval: u32,
    /// Whether the call arrived after the warm-up and so counts in the statistics.
    pub counted: bool,
    pub handle_time: f64,
    /// The earliest way this caller would leave the queue unanswered, and after how long a wait.
    pub queue_exit: Option<(f64, QueueExit)>,
    /// A failure this long after the answer ends the conversation early.
    pub conversation_drop_after: Option<f64>,
    /// The pending queue-exit event while the call waits.
    pub queue_exit_event: Option<EventKey>,
    pub answered_at: Option<f64>,
    /// Whether the call is in its class queue.
    pub waiting: bool,
    /// Whether an overflow pool answered it.
    pub overflowed: bool,
    /// Time with the agent once answered: the handle time (scaled for the pool), or less if the
    /// conversation fails.
    pub talk_time: f64,
    /// Whether the conversation ends in a technical failure.
    pub ends_in_failure: bool,
}

/// A free-list slab of calls.
#[derive(Default)]
pub(crate) struct CallSlab {
    slots: Vec<Call>,
    free: Vec<CallId>,
}

impl CallSlab {
    pub fn insert(&mut self, call: Call) -> CallId {
        match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = call;
                id
            }
            None => {
                self.slots.push(call);
                CallId::try_from(self.slots.len() - 1)
                    .expect("fewer than 2^32 calls in the system at once")
            }
        }
    }

    pub fn get(&self, id: CallId) -> &Call {
        &self.slots[id as usize]
    }

    pub fn get_mut(&mut self, id: CallId) -> &mut Call {
        &mut self.slots[id as usize]
    }

    /// Frees the slot; the call's data stays readable until the slot is reused.
    pub fn release(&mut self, id: CallId) {
        self.free.push(id);
    }
}
