//! Redials: a caller whose attempt was lost may call again later, as a new attempt of the same
//! person (same need, so the same handle time; fresh patience).

use super::{Call, CallId, Engine, Event, Outcome, failures};
use crate::kernel::rng::StreamRng;
use crate::model::{DropPlace, RedialAfter};
use crate::policy::Moment;
use rand::SeedableRng;

const REDIAL_TAG: u64 = 0x4ed1;
const DELAY_TAG: u64 = 0xde1a;
const ATTEMPT_TAG: u64 = 0xa77e;

/// The redial rule an outcome falls under, if callers may redial after it.
fn redial_case(outcome: Outcome) -> Option<RedialAfter> {
    match outcome {
        Outcome::Abandoned => Some(RedialAfter::Abandoned),
        Outcome::Balked => Some(RedialAfter::Balked),
        Outcome::MissedBlocked => Some(RedialAfter::Blocked),
        Outcome::MissedTimeout => Some(RedialAfter::Timeout),
        Outcome::Dropped(DropPlace::InQueue | DropPlace::InConversation) => {
            Some(RedialAfter::Dropped)
        }
        Outcome::CallbackFailed => Some(RedialAfter::CallbackFailed),
        Outcome::Answered | Outcome::CallbackReached | Outcome::Deflected | Outcome::Unfinished => {
            None
        }
    }
}

impl Engine<'_> {
    /// Decides whether the caller of an attempt that just ended will try again, and if so
    /// schedules the attempt and keeps the call's slot for it. Redials stop at closing time, like
    /// arrivals.
    pub(super) fn redial_later(&mut self, id: CallId, outcome: Outcome, now: f64) -> bool {
        let Some(case) = redial_case(outcome) else {
            return false;
        };
        let call = self.calls.get(id);
        let (rules, max_attempts) = &self.classes[call.class as usize].redials;
        let Some((probability, delay)) = &rules[case as usize] else {
            return false;
        };
        if call.attempt >= *max_attempts
            || call
                .random
                .uniform(call.attempt, Moment::Redial, REDIAL_TAG)
                >= *probability
        {
            return false;
        }
        let mut rng =
            StreamRng::seed_from_u64(call.random.bits(call.attempt, Moment::Redial, DELAY_TAG));
        let at = now + delay.sample(&mut rng);
        if at >= self.scenario.hours.close {
            return false;
        }
        self.schedule_at(at, Event::Redial(id));
        true
    }

    /// The caller calls again: a new attempt with fresh patience and failures drawn from the
    /// caller's own numbers (so the purpose streams of first attempts stay aligned).
    pub(super) fn on_redial(&mut self, id: CallId, now: f64) {
        let call = self.calls.get(id);
        let attempt = call.attempt + 1;
        let mut rng =
            StreamRng::seed_from_u64(call.random.bits(attempt, Moment::Arrival, ATTEMPT_TAG));
        let samplers = &self.classes[call.class as usize];
        let patience = samplers.patience.as_ref().map(|p| p.sample(&mut rng));
        let (queue_drop_after, conversation_drop_after) = if self.draws_failures() {
            failures(&self.queue_drop, &self.conversation_drop, &mut rng)
        } else {
            (None, None)
        };
        let number = self.next_number();
        let interval = self.interval_at(now);
        let counted = now >= self.warm_end;
        let previous = self.calls.get(id);
        let mut next = Call::new(
            number,
            previous.class as usize,
            now,
            interval,
            counted,
            previous.handle_time,
            previous.random,
        );
        next.caller = previous.caller;
        next.attempt = attempt;
        next.first_interval = previous.first_interval;
        next.first_counted = previous.first_counted;
        next.patience = patience;
        next.queue_drop_after = queue_drop_after;
        next.conversation_drop_after = conversation_drop_after;
        next.queue_exit = self.queue_exit(queue_drop_after, patience);
        *self.calls.get_mut(id) = next;
        self.admit(id, now);
    }
}
