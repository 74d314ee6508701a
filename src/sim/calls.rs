//! Calls in the system, kept in a slab so that events refer to them by a small index and the hot
//! path never allocates once the slab has grown to the day's peak.

use super::agents::AgentNumber;
use crate::kernel::EventKey;
use crate::policy::CallerRandom;

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
    /// After-call work once the conversation ends (0: none), drawn at arrival.
    pub wrap_up: f64,
    /// The earliest way this caller would leave the queue unanswered, and after how long a wait.
    pub queue_exit: Option<(f64, QueueExit)>,
    /// A failure this long after the answer ends the conversation early.
    pub conversation_drop_after: Option<f64>,
    /// The pending queue-exit event while the call waits.
    pub queue_exit_event: Option<EventKey>,
    pub answered_at: Option<f64>,
    /// The pool and the agent who answered (or, for a callback, reached) the caller.
    pub served_by: Option<(u32, AgentNumber)>,
    /// Whether the call is in its class queue.
    pub waiting: bool,
    /// Whether an overflow pool answered it.
    pub overflowed: bool,
    /// Time with the agent once answered: the handle time (scaled for the pool), or less if the
    /// conversation fails.
    pub talk_time: f64,
    /// Whether the conversation ends in a technical failure.
    pub ends_in_failure: bool,
    /// The caller: the arrival number of their first attempt.
    pub caller: u64,
    /// Which attempt this is, from 1.
    pub attempt: u32,
    /// The interval of the caller's first attempt (the caller's outcome is reported there).
    pub first_interval: u32,
    /// Whether the caller's first attempt counts in the statistics.
    pub first_counted: bool,
    /// The caller's own random numbers (only drawn when the scenario uses contact policies or
    /// redials; otherwise a fixed key that nothing reads).
    pub random: CallerRandom,
    /// How long the caller is willing to wait, from the start of this attempt.
    pub patience: Option<f64>,
    /// A failure would hit the call this long after the start of this attempt's wait.
    pub queue_drop_after: Option<f64>,
    /// Every estimator's prediction of the wait when the caller joined the queue (measured
    /// against the actual wait when the caller is answered).
    pub estimates: Option<[f64; 3]>,
    /// Whether a callback was offered on this attempt.
    pub callback_offered: bool,
    /// The callback this caller is waiting for or was reached by.
    pub callback: Option<Box<CallbackState>>,
}

impl Call {
    /// A call arriving at `arrival`, not yet waiting, answered or judged by any policy, as its
    /// caller's first attempt (a redial then sets the caller's fields).
    pub fn new(
        number: u64,
        class: usize,
        arrival: f64,
        interval: u32,
        counted: bool,
        handle_time: f64,
        random: CallerRandom,
    ) -> Call {
        Call {
            number,
            class: class as u32,
            arrival,
            interval,
            counted,
            handle_time,
            wrap_up: 0.0,
            queue_exit: None,
            conversation_drop_after: None,
            queue_exit_event: None,
            answered_at: None,
            served_by: None,
            waiting: false,
            overflowed: false,
            talk_time: 0.0,
            ends_in_failure: false,
            caller: number,
            attempt: 1,
            first_interval: interval,
            first_counted: counted,
            random,
            patience: None,
            queue_drop_after: None,
            estimates: None,
            callback_offered: false,
            callback: None,
        }
    }
}

/// A caller who left the line for a callback.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CallbackState {
    /// When the caller accepted.
    pub requested_at: f64,
    /// How long they had waited in the live queue before accepting.
    pub live_wait: f64,
    /// Dials made so far.
    pub attempts: u32,
    /// The promised latest time of the answer, if anything was promised.
    pub deadline: Option<f64>,
    /// When the caller answered a dial.
    pub reached_at: Option<f64>,
    /// Agent time spent on this callback so far.
    pub agent_seconds: f64,
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
