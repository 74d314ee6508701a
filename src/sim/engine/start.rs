//! The start state: callers already waiting and agents already busy at the opening time, for a
//! day that does not start empty or an intraday re-plan from the middle of a day.

use super::{Call, Engine, Event, Sampler};
use crate::kernel::rng::StreamRng;
use crate::policy::CallerRandom;
use rand::RngExt;

/// Draws beyond which a caller's patience is taken to have run out before the start.
const PATIENCE_TRIES: u32 = 10_000;

impl Engine<'_> {
    /// Puts the scenario's start state in place at the opening time, before the first event:
    /// the busy agents take their conversations, the waiting callers join their queues (longest
    /// wait first, so the queue keeps arrival order), and idle agents then take them. Every draw
    /// comes from the start stream, so the callers who arrive later draw exactly what they would
    /// without a start state.
    ///
    /// A waiting caller arrived `waited` seconds before the opening time: their wait, service
    /// level, maximum wait and overflow delays count from then, and they are offered in the
    /// first interval. Their remaining patience is their patience given that it has lasted
    /// `waited` (see [`remaining_patience`]). Start-state calls are not exposed to technical
    /// failures. With contact policies or redials, each waiting caller gets their own random
    /// key from the start stream, hears the periodic announcements and may redial like any
    /// other; the announcement at entry they heard before the run started. A busy agent's call
    /// is not counted: it appears in the call log only, arriving and answered at the opening
    /// time.
    pub(super) fn load_start_state(&mut self) {
        let scenario = self.scenario;
        if scenario.start.is_empty() {
            return;
        }
        let open = scenario.hours.open;
        let no_random = CallerRandom::new(0);
        for busy in &scenario.start.busy {
            let sampler = busy.remaining.sampler();
            let class = scenario.pools[busy.pool].skills[0].class;
            for _ in 0..busy.agents {
                let remaining = sampler.sample(&mut self.streams.start);
                let Some(agent) = self.pools[busy.pool].take_idle() else {
                    unreachable!("validated: no more busy agents than staffed");
                };
                let number = self.next_number();
                let mut call = Call::new(number, class, open, 0, false, remaining, no_random);
                call.answered_at = Some(open);
                call.served_by = Some((busy.pool as u32, agent));
                call.talk_time = remaining;
                let id = self.calls.insert(call);
                let end = Event::EndConversation(id, busy.pool as u32, agent);
                self.schedule_at(open + remaining, end);
            }
        }
        let mut groups: Vec<_> = scenario.start.waiting.iter().collect();
        groups.sort_by(|a, b| b.waited.total_cmp(&a.waited));
        for group in groups {
            let class = group.class;
            for _ in 0..group.callers {
                let samplers = &self.classes[class];
                let mut handle_time = samplers.handle_time.sample(&mut self.streams.start);
                if let Some(factor) = samplers.handle_time_factors.first() {
                    handle_time *= factor;
                }
                let wrap_up =
                    (samplers.wrap_up.as_ref()).map_or(0.0, |w| w.sample(&mut self.streams.start));
                let patience = samplers.patience.as_ref().map(|p| {
                    group.waited + remaining_patience(p, group.waited, &mut self.streams.start)
                });
                let number = self.next_number();
                let counted = open >= self.warm_end;
                let arrival = open - group.waited;
                let random = if self.caller_random {
                    CallerRandom::new(self.streams.start.random())
                } else {
                    no_random
                };
                let mut call = Call::new(number, class, arrival, 0, counted, handle_time, random);
                call.wrap_up = wrap_up;
                call.patience = patience;
                call.queue_exit = self.queue_exit(None, patience);
                let id = self.calls.insert(call);
                self.count_offered(id);
                self.enqueue(id, open);
                if !self.policies.contact.is_empty() {
                    self.schedule_checks(id, open);
                }
            }
        }
        for pool in 0..self.pools.len() {
            self.serve_waiting(pool, open);
        }
    }
}

/// The patience left to a caller who has already waited `waited`: a draw of the patience
/// distribution conditioned on exceeding `waited` (by rejection), less `waited`. For the
/// exponential this is the same distribution again (it is memoryless); for a Weibull with shape
/// below 1 the survivors are the patient ones. When no draw in [`PATIENCE_TRIES`] exceeds the wait
/// (a deterministic patience shorter than it, say), the caller has no patience left.
fn remaining_patience(patience: &Sampler, waited: f64, rng: &mut StreamRng) -> f64 {
    (0..PATIENCE_TRIES)
        .map(|_| patience.sample(rng))
        .find(|draw| *draw > waited)
        .map_or(0.0, |draw| draw - waited)
}
