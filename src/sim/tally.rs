//! Per-replication statistics, updated in place as calls end and as the clock advances.

use crate::model::{DropPlace, Outcome};
use crate::stats::{TimeAverage, WaitHistogram};

/// Counts and sums over a set of calls (the whole day, or the calls that arrived in one interval).
#[derive(Clone, Debug, Default)]
pub struct CallTally {
    /// Calls that arrived.
    pub offered: u64,
    /// Calls answered and completed.
    pub answered: u64,
    /// Answered calls that waited no longer than the service-level threshold.
    pub answered_within: u64,
    /// Callers who hung up while waiting, short abandons included.
    pub abandoned: u64,
    /// Abandons within the short-abandon time.
    pub short_abandoned: u64,
    /// Abandons after waiting longer than the service-level threshold.
    pub abandoned_after_threshold: u64,
    /// Calls the system disconnected at the maximum wait.
    pub missed_timeout: u64,
    /// Calls refused at entry.
    pub missed_blocked: u64,
    /// Calls lost to a technical failure while waiting.
    pub dropped_in_queue: u64,
    /// Calls lost to a technical failure in conversation.
    pub dropped_in_conversation: u64,
    /// Calls still in the system when the simulation stopped.
    pub unfinished: u64,
    /// Callers who hung up on hearing the announcement as they joined the queue.
    pub balked: u64,
    /// Callers who took another channel offered in the IVR.
    pub deflected: u64,
    /// Callers who left the line for a callback and were reached.
    pub callback_reached: u64,
    /// Callers who left the line for a callback and were never reached.
    pub callback_failed: u64,
    /// Calls answered by a pool that serves their class only as overflow (after a delay).
    pub overflowed: u64,
    /// Sum of the waits of answered calls, seconds.
    pub answered_wait_sum: f64,
    /// Sum of the waits of all calls that entered the system and ended, seconds.
    pub wait_sum: f64,
    /// Waits of all calls that entered the system and ended.
    pub waits: WaitHistogram,
    /// Sum of the handle times of answered calls, seconds.
    pub handle_sum: f64,
    /// Callbacks, redials, self-service and estimate accuracy (all zero without contact policies).
    pub contact: ContactTally,
}

/// What caller-contact policies and redials did, over a set of calls.
#[derive(Clone, Debug, Default)]
pub struct ContactTally {
    /// Would-be callers who self-served and never called (by the interval they would have called in).
    pub self_served: u64,
    /// Distinct callers: first attempts.
    pub unique_callers: u64,
    /// Distinct callers whose last attempt was answered live or by callback (by the interval and
    /// class of their first attempt).
    pub callers_served: u64,
    /// Calls that were offered a callback.
    pub callback_offered: u64,
    /// Calls that accepted a callback.
    pub callback_accepted: u64,
    /// Callback dials made.
    pub callback_attempts: u64,
    /// Callbacks reached or failed that came with a promise (a window or a slot).
    pub callback_promised: u64,
    /// Promised callbacks reached within the promise.
    pub callback_within_promise: u64,
    /// Sum over reached callbacks of the time from the request to the answer, seconds.
    pub callback_delay_sum: f64,
    /// Agent-seconds spent dialling callbacks and talking to callers reached.
    pub callback_agent_seconds: f64,
    /// Per estimator (in [`crate::model::EstimateMethod::ALL`] order), over callers who waited in
    /// queue and were answered live: the sum of (estimate at entry − actual wait), the sum of its
    /// absolute value, and the number of such callers.
    pub estimate_errors: [EstimateErrors; 3],
}

/// Errors of one wait estimator.
#[derive(Clone, Copy, Debug, Default)]
pub struct EstimateErrors {
    /// Sum of (estimate − actual), seconds.
    pub sum: f64,
    /// Sum of |estimate − actual|, seconds.
    pub abs_sum: f64,
    /// Callers measured.
    pub count: u64,
}

impl EstimateErrors {
    pub(crate) fn record(&mut self, estimate: f64, actual: f64) {
        let error = estimate - actual;
        self.sum += error;
        self.abs_sum += error.abs();
        self.count += 1;
    }
}

/// What one call did with its callback, if it left the line for one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CallbackFacts {
    /// Dials made.
    pub attempts: u32,
    /// The answer came this long after the request (reached callbacks).
    pub delay: Option<f64>,
    /// Whether the callback was reached within its promise (`None`: nothing was promised).
    pub within_promise: Option<bool>,
    /// Agent time spent on it: dials and the conversation.
    pub agent_seconds: f64,
}

impl ContactTally {
    pub(crate) fn record_callback(&mut self, facts: &CallbackFacts) {
        self.callback_accepted += 1;
        self.callback_attempts += u64::from(facts.attempts);
        self.callback_delay_sum += facts.delay.unwrap_or(0.0);
        self.callback_agent_seconds += facts.agent_seconds;
        if let Some(within) = facts.within_promise {
            self.callback_promised += 1;
            self.callback_within_promise += u64::from(within);
        }
    }
}

impl CallTally {
    /// Counts one call's outcome. (The call was counted as offered when it arrived, so a call that
    /// never ends would show up as a gap in the outcome breakdown instead of disappearing.)
    pub(crate) fn record(
        &mut self,
        outcome: Outcome,
        wait: f64,
        handle_time: f64,
        overflowed: bool,
        rules: &CountingRules,
    ) {
        self.overflowed += u64::from(overflowed);
        match outcome {
            Outcome::Answered => {
                self.answered += 1;
                self.answered_within += u64::from(wait <= rules.threshold);
                self.answered_wait_sum += wait;
                self.handle_sum += handle_time;
            }
            Outcome::Abandoned => {
                self.abandoned += 1;
                self.short_abandoned +=
                    u64::from(rules.short_abandon.is_some_and(|short| wait <= short));
                self.abandoned_after_threshold += u64::from(wait > rules.threshold);
            }
            Outcome::MissedTimeout => self.missed_timeout += 1,
            Outcome::MissedBlocked => {
                self.missed_blocked += 1;
                return; // never waited
            }
            Outcome::Balked => self.balked += 1,
            Outcome::Deflected => {
                self.deflected += 1;
                return; // left in the IVR, before the queue
            }
            Outcome::CallbackReached => self.callback_reached += 1,
            Outcome::CallbackFailed => self.callback_failed += 1,
            Outcome::Dropped(DropPlace::InQueue) => self.dropped_in_queue += 1,
            Outcome::Dropped(DropPlace::InConversation) => self.dropped_in_conversation += 1,
            Outcome::Unfinished => {
                self.unfinished += 1;
                return; // the wait never ended
            }
        }
        self.wait_sum += wait;
        self.waits.record(wait);
    }

    /// A tally that keeps no wait histogram (its waits all land in the overflow bin, so it has
    /// no wait percentiles): for the many small sets of calls where the 57 KB histogram would
    /// cost more than the counting.
    pub(crate) fn without_wait_histogram() -> Self {
        CallTally {
            waits: WaitHistogram::with_cap(0),
            ..CallTally::default()
        }
    }

    /// Calls that waited (every offered call that was neither blocked, deflected nor unfinished).
    pub fn waited(&self) -> u64 {
        self.offered - self.missed_blocked - self.deflected - self.unfinished
    }
}

/// The scenario's rules for counting a call as answered in time or as a short abandon.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CountingRules {
    pub threshold: f64,
    pub short_abandon: Option<f64>,
}

/// Time-weighted measures over a stretch of clock time.
#[derive(Clone, Debug, Default)]
pub struct ClockTally {
    /// Calls waiting in queue.
    pub queue: TimeAverage,
    /// Agent-seconds spent busy.
    pub busy_agent_seconds: f64,
    /// Agent-seconds present (idle or busy).
    pub present_agent_seconds: f64,
    /// Clock seconds covered.
    pub seconds: f64,
}

impl ClockTally {
    pub(crate) fn add(&mut self, queue_length: usize, busy: u32, present: u32, seconds: f64) {
        self.queue.add(queue_length as f64, seconds);
        self.busy_agent_seconds += f64::from(busy) * seconds;
        self.present_agent_seconds += f64::from(present) * seconds;
        self.seconds += seconds;
    }
}

/// The state of the centre at closing time and how long the work-off took.
#[derive(Clone, Debug, Default)]
pub struct EndOfDay {
    /// Calls waiting at closing time.
    pub waiting_at_close: u32,
    /// Calls in conversation at closing time.
    pub talking_at_close: u32,
    /// Counted calls answered after closing time.
    pub answered_after_close: u64,
    /// Seconds from closing time until the last call ended (0 if the centre was empty at close).
    pub overtime: f64,
    /// Busy agent-seconds after closing time.
    pub busy_agent_seconds_after_close: f64,
}

/// What one agent pool did over the opening hours after warm-up.
#[derive(Clone, Debug, Default)]
pub struct PoolTally {
    /// The pool's agents present and busy (the queue fields stay empty: queues belong to classes).
    pub clock: ClockTally,
    /// Counted calls the pool answered, by class.
    pub handled_by_class: Vec<u64>,
    /// Counted calls the pool answered as an overflow pool.
    pub overflow_handled: u64,
}

/// Everything one replication measured.
#[derive(Clone, Debug)]
pub struct DayTally {
    /// All counted calls.
    pub calls: CallTally,
    /// Counted calls by the interval they arrived in.
    pub interval_calls: Vec<CallTally>,
    /// Counted calls by class.
    pub class_calls: Vec<CallTally>,
    /// Counted calls by class and the interval they arrived in (`[class][interval]`), for each
    /// class's service level through the day, without wait histograms. Empty in a single-class
    /// scenario, whose one class is `interval_calls`.
    pub class_interval_calls: Vec<Vec<CallTally>>,
    /// The opening hours after warm-up.
    pub clock: ClockTally,
    /// Each interval's clock time after warm-up.
    pub interval_clock: Vec<ClockTally>,
    /// Each class's queue over the opening hours after warm-up (agent fields stay empty: agents
    /// belong to pools).
    pub class_clock: Vec<ClockTally>,
    /// Each pool's agents and calls.
    pub pools: Vec<PoolTally>,
    /// Closing-time state and work-off.
    pub end_of_day: EndOfDay,
}

impl DayTally {
    /// Every set of calls: the day's, each interval's, each class's and each class's in each
    /// interval.
    pub(crate) fn call_tallies_mut(&mut self) -> impl Iterator<Item = &mut CallTally> {
        std::iter::once(&mut self.calls)
            .chain(&mut self.interval_calls)
            .chain(&mut self.class_calls)
            .chain(self.class_interval_calls.iter_mut().flatten())
    }

    pub(crate) fn new(intervals: usize, classes: usize, pools: usize) -> Self {
        DayTally {
            calls: CallTally::default(),
            interval_calls: vec![CallTally::default(); intervals],
            class_calls: vec![CallTally::default(); classes],
            class_interval_calls: if classes > 1 {
                vec![vec![CallTally::without_wait_histogram(); intervals]; classes]
            } else {
                Vec::new()
            },
            clock: ClockTally::default(),
            interval_clock: vec![ClockTally::default(); intervals],
            class_clock: vec![ClockTally::default(); classes],
            pools: vec![
                PoolTally {
                    handled_by_class: vec![0; classes],
                    ..PoolTally::default()
                };
                pools
            ],
            end_of_day: EndOfDay::default(),
        }
    }
}
