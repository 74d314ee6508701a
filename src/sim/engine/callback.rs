//! Callbacks in the engine: arranging them (virtual hold or a booked slot), making them when due
//! (an agent dials, the caller answers or not, retries) and the priority they are worked at.

use super::{AgentNumber, CallId, Engine, Event, Outcome};
use crate::kernel::rng::StreamRng;
use crate::model::{Callback, CallbackKind, CallbackService};
use crate::policy::Moment;
use crate::sim::calls::CallbackState;
use rand::SeedableRng;

const DIAL_TIME_TAG: u64 = 0xd1a1;
const ANSWER_TAG: u64 = 0xa45e;
const RETRY_TAG: u64 = 0x7e7e;

impl Engine<'_> {
    fn callback_settings(&self) -> &Callback {
        self.policies
            .contact
            .callback
            .as_ref()
            .expect("callbacks are only arranged when the policies say how")
    }

    /// Whether a callback accepted now can be arranged: the policies say how callbacks are made
    /// and, for call slots, a slot before closing time has room. (A caller who accepts when
    /// every slot is full is told so and keeps waiting.)
    pub(super) fn can_arrange_callback(&self, now: f64) -> bool {
        match &self.policies.contact.callback {
            None => false,
            Some(callback) => match callback.kind {
                CallbackKind::VirtualHold => true,
                CallbackKind::Slot { length, capacity } => {
                    self.free_slot(now, length, capacity).is_some()
                }
            },
        }
    }

    /// The first slot starting at or after `now`, before closing time, with room left.
    fn free_slot(&self, now: f64, length: f64, capacity: u32) -> Option<usize> {
        let hours = &self.scenario.hours;
        let first = ((now - hours.open) / length).ceil().max(0.0) as usize;
        (first..)
            .take_while(|&slot| hours.open + slot as f64 * length < hours.close)
            .find(|&slot| self.slot_bookings.get(slot).copied().unwrap_or(0) < capacity)
    }

    /// The caller leaves the line for a callback: on virtual hold at once, or at the start of the
    /// slot they book.
    pub(super) fn start_callback(&mut self, id: CallId, now: f64) {
        if self.calls.get(id).waiting {
            self.leave_live_queue(id, now);
        }
        let settings = self.callback_settings();
        let (promise, kind) = (settings.promise, settings.kind);
        let (deadline, slot_start) = match kind {
            CallbackKind::VirtualHold => (promise.map(|window| now + window), None),
            CallbackKind::Slot { length, capacity } => {
                let slot = self
                    .free_slot(now, length, capacity)
                    .expect("the offer was accepted only with a slot free");
                if self.slot_bookings.len() <= slot {
                    self.slot_bookings.resize(slot + 1, 0);
                }
                self.slot_bookings[slot] += 1;
                let start = self.scenario.hours.open + slot as f64 * length;
                (Some(start + length), Some(start))
            }
        };
        let call = self.calls.get_mut(id);
        call.callback = Some(Box::new(CallbackState {
            requested_at: now,
            live_wait: now - call.arrival,
            attempts: 0,
            deadline,
            reached_at: None,
            agent_seconds: 0.0,
        }));
        match slot_start {
            Some(start) => {
                self.schedule_at(start, Event::CallbackDue(id));
            }
            None => self.callback_due(id, now),
        }
    }

    pub(super) fn on_callback_due(&mut self, id: CallId, now: f64) {
        self.callback_due(id, now);
    }

    /// A callback is ready to be made. In `keep_place` service it waits in the caller's original
    /// place in their class's queue; otherwise in the list of due callbacks. An idle agent who may
    /// make it does so at once.
    fn callback_due(&mut self, id: CallId, now: f64) {
        let call = self.calls.get(id);
        let class = call.class as usize;
        if self.callback_settings().service == CallbackService::KeepPlace {
            self.held[class].push(id, call.number);
        } else {
            self.due.push_back(id);
        }
        for index in 0..self.classes[class].pools.len() {
            let pool = self.classes[class].pools[index];
            self.serve_waiting(pool, now);
        }
    }

    /// Removes the oldest due callback that `pool` may make, taking one of its idle agents for it
    /// (returned with the call).
    pub(super) fn take_due_callback_for(&mut self, pool: usize) -> Option<(CallId, AgentNumber)> {
        let index = self.due.iter().position(|&id| {
            let class = self.calls.get(id).class as usize;
            self.may_answer(pool, class, f64::INFINITY)
        })?;
        let agent = self.pools[pool].take_idle()?;
        self.due.remove(index).map(|id| (id, agent))
    }

    /// An agent of `pool` (already taken) dials the caller; dialling and ringing take the agent's
    /// time whether or not the caller answers.
    pub(super) fn dial(&mut self, id: CallId, pool: usize, agent: AgentNumber, now: f64) {
        let (dial_time, _) = self
            .callback_samplers
            .as_ref()
            .expect("callback samplers exist with callback settings");
        let call = self.calls.get_mut(id);
        let callback = call.callback.as_mut().expect("a callback to dial");
        callback.attempts += 1;
        let moment = Moment::Dial(callback.attempts);
        let mut rng =
            StreamRng::seed_from_u64(call.random.bits(call.attempt, moment, DIAL_TIME_TAG));
        let ringing = dial_time.sample(&mut rng);
        callback.agent_seconds += ringing;
        self.schedule_at(now + ringing, Event::DialEnd(id, pool as u32, agent));
    }

    /// The dial ends: the caller answered and talks with the agent, or the agent moves on and the
    /// callback is retried later or fails.
    pub(super) fn on_dial_end(&mut self, id: CallId, pool: usize, agent: AgentNumber, now: f64) {
        let settings = self.callback_settings();
        let (answer_probability, max_attempts) =
            (settings.answer_probability, settings.max_attempts);
        let call = self.calls.get(id);
        let callback = call.callback.as_ref().expect("a callback was dialled");
        let moment = Moment::Dial(callback.attempts);
        let attempts = callback.attempts;
        if call.random.uniform(call.attempt, moment, ANSWER_TAG) < answer_probability {
            self.answer(id, pool, agent, now);
            let call = self.calls.get_mut(id);
            let agent_time = call.talk_time + call.wrap_up;
            let callback = call.callback.as_mut().expect("a callback was dialled");
            callback.reached_at = Some(now);
            callback.agent_seconds += agent_time;
            return;
        }
        if attempts < max_attempts {
            let (_, retry_after) = self
                .callback_samplers
                .as_ref()
                .expect("callback samplers exist with callback settings");
            let mut rng =
                StreamRng::seed_from_u64(call.random.bits(call.attempt, moment, RETRY_TAG));
            let retry = retry_after.sample(&mut rng);
            self.schedule_at(now + retry, Event::CallbackDue(id));
        } else {
            self.finish(id, Outcome::CallbackFailed, now);
        }
        self.release_agent(pool, agent, now);
    }
}
