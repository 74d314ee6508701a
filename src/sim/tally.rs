//! Per-replication statistics, updated in place as calls end and as the clock advances.
//!
//! Every tally also adds up with another of its kind (`add`): counts and sums add, clock
//! integrals add, histograms add bin by bin and maxima keep the larger. The tally of several
//! days (or of several intervals) is then the sum of theirs, and metrics computed from the sum
//! are ratios of totals. Each `add` names every field, so a field added later cannot be
//! forgotten by it.

use super::campaign_tally::CampaignTally;
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
    /// Calls that queued: they entered the queue and were not answered the moment they arrived
    /// (they waited more than zero, or hung up, which only a caller in the queue can do), whatever
    /// their outcome. Blocked, deflected and balked calls never queue.
    pub queued: u64,
    /// Queued calls whose wait ended (every queued call but those unfinished at a stop).
    pub queued_ended: u64,
    /// Sum of the waits of the queued calls whose wait ended, seconds.
    pub queued_wait_sum: f64,
    /// Sum of the waits (times to hang up) of abandoned calls, seconds.
    pub abandoned_wait_sum: f64,
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
    /// Agent-seconds spent dialling callbacks, talking to callers reached and wrapping up.
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
    /// Adds the errors measured in `other`.
    pub fn add(&mut self, other: &Self) {
        let EstimateErrors {
            sum,
            abs_sum,
            count,
        } = *other;
        self.sum += sum;
        self.abs_sum += abs_sum;
        self.count += count;
    }

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
    /// Agent time spent on it: dials, the conversation and its wrap-up.
    pub agent_seconds: f64,
}

impl ContactTally {
    /// Adds the counts and sums of `other`.
    pub fn add(&mut self, other: &Self) {
        let ContactTally {
            self_served,
            unique_callers,
            callers_served,
            callback_offered,
            callback_accepted,
            callback_attempts,
            callback_promised,
            callback_within_promise,
            callback_delay_sum,
            callback_agent_seconds,
            estimate_errors,
        } = other;
        self.self_served += self_served;
        self.unique_callers += unique_callers;
        self.callers_served += callers_served;
        self.callback_offered += callback_offered;
        self.callback_accepted += callback_accepted;
        self.callback_attempts += callback_attempts;
        self.callback_promised += callback_promised;
        self.callback_within_promise += callback_within_promise;
        self.callback_delay_sum += callback_delay_sum;
        self.callback_agent_seconds += callback_agent_seconds;
        for (own, errors) in self.estimate_errors.iter_mut().zip(estimate_errors) {
            own.add(errors);
        }
    }

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
    /// Adds the calls counted in `other`, as if they had been recorded here.
    ///
    /// # Panics
    ///
    /// If one tally keeps a wait histogram and the other does not (see
    /// [`WaitHistogram::merge`]); tallies of the same set of calls in two runs of one scenario
    /// always agree.
    pub fn add(&mut self, other: &Self) {
        let CallTally {
            offered,
            answered,
            answered_within,
            abandoned,
            short_abandoned,
            abandoned_after_threshold,
            missed_timeout,
            missed_blocked,
            dropped_in_queue,
            dropped_in_conversation,
            unfinished,
            balked,
            deflected,
            callback_reached,
            callback_failed,
            overflowed,
            answered_wait_sum,
            wait_sum,
            waits,
            handle_sum,
            queued,
            queued_ended,
            queued_wait_sum,
            abandoned_wait_sum,
            contact,
        } = other;
        self.offered += offered;
        self.answered += answered;
        self.answered_within += answered_within;
        self.abandoned += abandoned;
        self.short_abandoned += short_abandoned;
        self.abandoned_after_threshold += abandoned_after_threshold;
        self.missed_timeout += missed_timeout;
        self.missed_blocked += missed_blocked;
        self.dropped_in_queue += dropped_in_queue;
        self.dropped_in_conversation += dropped_in_conversation;
        self.unfinished += unfinished;
        self.balked += balked;
        self.deflected += deflected;
        self.callback_reached += callback_reached;
        self.callback_failed += callback_failed;
        self.overflowed += overflowed;
        self.answered_wait_sum += answered_wait_sum;
        self.wait_sum += wait_sum;
        self.waits.merge(waits);
        self.handle_sum += handle_sum;
        self.queued += queued;
        self.queued_ended += queued_ended;
        self.queued_wait_sum += queued_wait_sum;
        self.abandoned_wait_sum += abandoned_wait_sum;
        self.contact.add(contact);
    }

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
        let queued = match outcome {
            Outcome::MissedBlocked | Outcome::Deflected | Outcome::Balked => false,
            Outcome::Abandoned => true,
            _ => wait > 0.0,
        };
        self.queued += u64::from(queued);
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
                self.abandoned_wait_sum += wait;
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
        if queued {
            self.queued_ended += 1;
            self.queued_wait_sum += wait;
        }
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
    /// Adds the clock time of `other`: integrals and seconds add, the queue's maximum is the
    /// larger of the two.
    pub fn add(&mut self, other: &Self) {
        let ClockTally {
            queue,
            busy_agent_seconds,
            present_agent_seconds,
            seconds,
        } = other;
        self.queue.merge(queue);
        self.busy_agent_seconds += busy_agent_seconds;
        self.present_agent_seconds += present_agent_seconds;
        self.seconds += seconds;
    }

    /// Records `seconds` of clock time spent with this queue length and these agents.
    pub(crate) fn record(&mut self, queue_length: usize, busy: u32, present: u32, seconds: f64) {
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

impl EndOfDay {
    /// Adds the closing-time state of another day: calls at close, calls answered after close,
    /// overtime and busy agent time after close are totals over the days.
    pub fn add(&mut self, other: &Self) {
        let EndOfDay {
            waiting_at_close,
            talking_at_close,
            answered_after_close,
            overtime,
            busy_agent_seconds_after_close,
        } = other;
        self.waiting_at_close += waiting_at_close;
        self.talking_at_close += talking_at_close;
        self.answered_after_close += answered_after_close;
        self.overtime += overtime;
        self.busy_agent_seconds_after_close += busy_agent_seconds_after_close;
    }
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

impl PoolTally {
    /// Adds what the same pool did in `other`.
    pub fn add(&mut self, other: &Self) {
        let PoolTally {
            clock,
            handled_by_class,
            overflow_handled,
        } = other;
        self.clock.add(clock);
        add_each(
            &mut self.handled_by_class,
            handled_by_class,
            |own, other| *own += other,
        );
        self.overflow_handled += overflow_handled;
    }
}

/// Adds each element of `other` to the element of `own` at the same position.
///
/// # Panics
///
/// If the lengths differ: the two tallies do not describe the same intervals, classes or pools.
fn add_each<T>(own: &mut [T], other: &[T], add: impl Fn(&mut T, &T)) {
    assert_eq!(
        own.len(),
        other.len(),
        "cannot add tallies of different shapes"
    );
    for (own, other) in own.iter_mut().zip(other) {
        add(own, other);
    }
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
    /// Each outbound campaign's dials, in scenario order (empty without campaigns).
    pub campaigns: Vec<CampaignTally>,
}

impl DayTally {
    /// Adds another day of the same shape (intervals, classes and pools): the tally of the two
    /// days together, interval by interval of the clock.
    ///
    /// # Panics
    ///
    /// If the shapes differ.
    pub fn add(&mut self, other: &Self) {
        let DayTally {
            calls,
            interval_calls,
            class_calls,
            class_interval_calls,
            clock,
            interval_clock,
            class_clock,
            pools,
            end_of_day,
            campaigns,
        } = other;
        self.calls.add(calls);
        add_each(&mut self.interval_calls, interval_calls, CallTally::add);
        add_each(&mut self.class_calls, class_calls, CallTally::add);
        add_each(
            &mut self.class_interval_calls,
            class_interval_calls,
            |own, other| add_each(own, other, CallTally::add),
        );
        self.clock.add(clock);
        add_each(&mut self.interval_clock, interval_clock, ClockTally::add);
        add_each(&mut self.class_clock, class_clock, ClockTally::add);
        add_each(&mut self.pools, pools, PoolTally::add);
        self.end_of_day.add(end_of_day);
        add_each(&mut self.campaigns, campaigns, CampaignTally::add);
    }

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
            campaigns: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: CountingRules = CountingRules {
        threshold: 20.0,
        short_abandon: Some(5.0),
    };

    /// (outcome, wait, handle time) of a few calls of every kind the tally separates.
    const CALLS: [(Outcome, f64, f64); 6] = [
        (Outcome::Answered, 3.0, 180.0),
        (Outcome::Answered, 45.0, 240.0),
        (Outcome::Abandoned, 2.0, 0.0),
        (Outcome::Abandoned, 60.0, 0.0),
        (Outcome::MissedBlocked, 0.0, 0.0),
        (Outcome::Dropped(DropPlace::InConversation), 12.0, 0.0),
    ];

    fn tally_of(calls: &[(Outcome, f64, f64)]) -> CallTally {
        let mut tally = CallTally::default();
        for &(outcome, wait, handle) in calls {
            tally.offered += 1;
            tally.record(outcome, wait, handle, false, &RULES);
        }
        tally
    }

    /// Adding the tallies of two sets of calls gives the tally of all of them.
    #[test]
    fn adding_call_tallies_equals_recording_every_call_into_one() {
        let (first, second) = CALLS.split_at(2);
        let mut sum = tally_of(first);
        sum.add(&tally_of(second));
        let all = tally_of(&CALLS);
        assert_eq!(format!("{sum:?}"), format!("{all:?}"));
        assert_eq!(sum.offered, 6);
        assert_eq!(sum.answered_within, 1);
        assert_eq!(sum.short_abandoned, 1);
        assert_eq!(sum.waits.count(), 5);
        // Every call but the blocked one waited more than zero.
        assert_eq!(sum.queued, 5);
        assert_eq!(sum.abandoned_wait_sum, 62.0);
    }

    /// Clock integrals add and the queue's maximum is the larger one.
    #[test]
    fn adding_clock_tallies_adds_integrals() {
        let mut first = ClockTally::default();
        first.record(2, 3, 4, 100.0);
        let mut second = ClockTally::default();
        second.record(5, 1, 2, 50.0);
        first.add(&second);
        assert_eq!(first.seconds, 150.0);
        assert_eq!(first.busy_agent_seconds, 350.0);
        assert_eq!(first.present_agent_seconds, 500.0);
        assert_eq!(first.queue.mean(), Some(450.0 / 150.0));
        assert_eq!(first.queue.max(), Some(5.0));
    }

    /// Two days of the same shape add interval by interval, class by class and pool by pool.
    #[test]
    fn adding_day_tallies_adds_every_part() {
        let mut first = DayTally::new(2, 2, 1);
        first.interval_calls[1].offered = 3;
        first.class_interval_calls[1][0].offered = 2;
        first.pools[0].handled_by_class = vec![4, 1];
        first.end_of_day.overtime = 30.0;
        let mut second = DayTally::new(2, 2, 1);
        second.interval_calls[1].offered = 4;
        second.class_interval_calls[1][0].offered = 5;
        second.pools[0].handled_by_class = vec![1, 2];
        second.end_of_day.overtime = 12.0;
        first.add(&second);
        assert_eq!(first.interval_calls[1].offered, 7);
        assert_eq!(first.class_interval_calls[1][0].offered, 7);
        assert_eq!(first.pools[0].handled_by_class, vec![5, 3]);
        assert_eq!(first.end_of_day.overtime, 42.0);
    }
}
