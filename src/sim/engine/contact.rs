//! Caller-contact policies in the engine: asking the policies at each moment of a caller's journey
//! (the IVR, joining the queue, periodic checks, staffing changes) and applying their decisions.

use super::{CallId, Engine, Event, Outcome};
use crate::model::EstimateMethod;
use crate::policy::{
    ArrivalDecision, CallerView, ContactPolicy, Moment, QueueState, WaitDecision, estimator,
};
use crate::sim::tally::CallbackFacts;

/// What became of a caller after the policies were asked about them.
enum Verdict {
    /// Still (or now) waiting in the live queue.
    Stays,
    /// Hung up.
    HungUp,
    /// Accepted a callback that can be arranged.
    Callback,
}

impl Engine<'_> {
    /// The IVR: self-service and deflection. Returns whether the caller goes on to the queue.
    pub(super) fn pass_ivr(&mut self, id: CallId, now: f64) -> bool {
        let class = self.calls.get(id).class as usize;
        let estimate = if self.agent_free_for(class) {
            0.0
        } else {
            let state = self.queue_state(class, self.newcomer_position(class), now);
            self.policies.contact.estimator.estimate(&state)
        };
        let view = self.caller_view(id, now, Moment::Arrival, 0, estimate);
        let policies = self.policies;
        for policy in &policies.contact.policies {
            match policy.on_arrival(&view) {
                ArrivalDecision::Continue => {}
                ArrivalDecision::SelfServe => {
                    let call = self.calls.get(id);
                    if call.counted {
                        let (class, interval) = (call.class as usize, call.interval as usize);
                        self.update_tallies(class, interval, |t| t.contact.self_served += 1);
                    }
                    self.calls.release(id);
                    return false;
                }
                ArrivalDecision::Deflect => {
                    self.count_offered(id);
                    self.finish(id, Outcome::Deflected, now);
                    return false;
                }
            }
        }
        true
    }

    /// A caller finds no free agent: the policies hear of it before the caller joins the queue
    /// (so a balk or an accepted callback never counts as queued), and every estimator's
    /// prediction is kept to be measured against the actual wait.
    pub(super) fn join_queue_with_policies(&mut self, id: CallId, now: f64) {
        let class = self.calls.get(id).class as usize;
        let position = self.newcomer_position(class);
        let state = self.queue_state(class, position, now);
        let estimates = EstimateMethod::ALL.map(|method| estimator(method).estimate(&state));
        self.calls.get_mut(id).estimates = Some(estimates);
        let estimate = self.policies.contact.estimator.estimate(&state);
        let all = self.policies;
        let policies = &all.contact.policies;
        let verdict = self.ask(
            id,
            now,
            Moment::EnterQueue,
            position,
            estimate,
            policies,
            |p, v| p.on_enter_queue(v),
        );
        match verdict {
            Verdict::Stays => {
                self.enqueue(id, now);
                self.schedule_checks(id, now);
            }
            Verdict::HungUp => self.finish(id, Outcome::Balked, now),
            Verdict::Callback => self.start_callback(id, now),
        }
    }

    /// A periodic check on a waiting caller by policy `policy`.
    pub(super) fn on_check(&mut self, id: CallId, number: u32, policy: usize, now: f64) {
        let call = self.calls.get(id);
        if call.number as u32 != number || !call.waiting {
            return; // answered or gone since
        }
        let all = self.policies;
        let policies = &all.contact.policies[policy..=policy];
        let every = policies[0]
            .check_every()
            .expect("checks are scheduled only for policies with a period");
        let check = ((now - call.arrival) / every).round() as u32;
        let class = call.class as usize;
        let (position, estimate) = self.position_and_estimate(id, now);
        let moment = Moment::Check(check);
        match self.ask(id, now, moment, position, estimate, policies, |p, v| {
            p.while_waiting(v)
        }) {
            // After closing time no agent comes back: once none is left for the class, the
            // caller waits unanswered until the end and the checks stop (or the run never would).
            Verdict::Stays if self.closed && self.queue_state(class, position, now).agents == 0 => {
            }
            Verdict::Stays => {
                self.schedule_at(now + every, Event::Check(id, number, policy as u32));
            }
            Verdict::HungUp => {
                self.leave_live_queue(id, now);
                self.finish(id, Outcome::Abandoned, now);
            }
            Verdict::Callback => self.start_callback(id, now),
        }
    }

    /// Staffing changed: the estimate of every waiting caller moved, and the policies hear of it,
    /// caller by caller in queue order.
    pub(super) fn announce_estimate_change(&mut self, interval: usize, now: f64) {
        let moment = Moment::EstimateChange(interval as u32);
        for class in 0..self.queues.len() {
            for id in self.queues[class].in_order() {
                if !self.calls.get(id).waiting {
                    continue; // left because of an earlier caller's decision
                }
                let (position, estimate) = self.position_and_estimate(id, now);
                let all = self.policies;
                let policies = &all.contact.policies;
                match self.ask(id, now, moment, position, estimate, policies, |p, v| {
                    p.on_estimate_change(v)
                }) {
                    Verdict::Stays => {}
                    Verdict::HungUp => {
                        self.leave_live_queue(id, now);
                        self.finish(id, Outcome::Abandoned, now);
                    }
                    Verdict::Callback => self.start_callback(id, now),
                }
            }
        }
    }

    /// Asks `policies` in order about a caller, applying patience changes and noting callback
    /// offers as it goes; the first decision that ends the caller's wait wins.
    #[allow(clippy::too_many_arguments)]
    fn ask(
        &mut self,
        id: CallId,
        now: f64,
        moment: Moment,
        position: usize,
        estimate: f64,
        policies: &[Box<dyn ContactPolicy>],
        hook: impl Fn(&dyn ContactPolicy, &CallerView<'_>) -> WaitDecision,
    ) -> Verdict {
        for policy in policies {
            let view = self.caller_view(id, now, moment, position, estimate);
            match hook(policy.as_ref(), &view) {
                WaitDecision::Stay => {}
                WaitDecision::SetPatience(remaining) => self.set_patience(id, now, remaining),
                WaitDecision::HangUp => return Verdict::HungUp,
                WaitDecision::OfferCallback { accepted } => {
                    self.calls.get_mut(id).callback_offered = true;
                    if accepted && self.can_arrange_callback(now) {
                        return Verdict::Callback;
                    }
                }
            }
        }
        Verdict::Stays
    }

    fn caller_view(
        &self,
        id: CallId,
        now: f64,
        moment: Moment,
        position: usize,
        estimated_wait: f64,
    ) -> CallerView<'_> {
        let call = self.calls.get(id);
        let class = call.class as usize;
        CallerView {
            class_index: class,
            class: &self.scenario.classes[class],
            interval: self.interval_at(now) as usize,
            arrival: call.arrival,
            now,
            attempt: call.attempt,
            position,
            estimated_wait,
            remaining_patience: call
                .patience
                .map(|patience| (call.arrival + patience - now).max(0.0)),
            callback_offered: call.callback_offered,
            random: call.random,
            moment,
        }
    }

    /// The caller is now willing to wait `remaining` more seconds: their exit from the queue moves.
    fn set_patience(&mut self, id: CallId, now: f64, remaining: f64) {
        let call = self.calls.get(id);
        let patience = Some(now - call.arrival + remaining.max(0.0));
        let exit = self.queue_exit(call.queue_drop_after, patience);
        let call = self.calls.get_mut(id);
        call.patience = patience;
        call.queue_exit = exit;
        if !call.waiting {
            return; // not queued yet: joining the queue schedules the exit
        }
        let arrival = call.arrival;
        if let Some(key) = call.queue_exit_event.take() {
            self.calendar.cancel(key);
        }
        if let Some((after, _)) = exit {
            let key = self.schedule_cancellable((arrival + after).max(now), Event::LeaveQueue(id));
            self.calls.get_mut(id).queue_exit_event = Some(key);
        }
    }

    /// Takes a waiting caller out of the live queue before their exit event.
    pub(super) fn leave_live_queue(&mut self, id: CallId, now: f64) {
        self.dequeue(id, now);
        if let Some(key) = self.calls.get_mut(id).queue_exit_event.take() {
            self.calendar.cancel(key);
        }
    }

    pub(super) fn schedule_checks(&mut self, id: CallId, now: f64) {
        let number = self.calls.get(id).number as u32;
        let policies = self.policies;
        for (index, policy) in policies.contact.policies.iter().enumerate() {
            if let Some(every) = policy.check_every() {
                self.schedule_at(now + every, Event::Check(id, number, index as u32));
            }
        }
    }

    /// Whether an agent may answer a new caller of `class` at once.
    fn agent_free_for(&self, class: usize) -> bool {
        self.classes[class]
            .pools
            .iter()
            .any(|&pool| self.may_answer(pool, class, 0.0))
    }

    /// The place a caller joining the class's queue now would take.
    fn newcomer_position(&self, class: usize) -> usize {
        self.queues[class].len() + self.held[class].len() + 1
    }

    /// A waiting caller's place in the queue, and the estimate of their remaining wait.
    fn position_and_estimate(&self, id: CallId, now: f64) -> (usize, f64) {
        let call = self.calls.get(id);
        let class = call.class as usize;
        let position = self.queues[class].count_before(call.number)
            + self.held[class].count_before(call.number)
            + 1;
        let state = self.queue_state(class, position, now);
        (position, self.policies.contact.estimator.estimate(&state))
    }

    /// What the ACD knows about the class's queue, for a caller at `position`.
    fn queue_state(&self, class: usize, position: usize, now: f64) -> QueueState {
        let samplers = &self.classes[class];
        QueueState {
            position,
            agents: samplers
                .pools
                .iter()
                .map(|&pool| self.pools[pool].present_count())
                .sum(),
            mean_handle_time: samplers.mean_handle_time,
            last_to_enter_service: self.last_wait[class],
            head_of_line: self
                .class_head(class)
                .map(|head| now - self.calls.get(head).arrival),
        }
    }

    /// Records what the contact policies, callbacks and redials did with a call that ended.
    pub(super) fn record_contact(&mut self, id: CallId, outcome: Outcome, wait: f64) {
        let call = self.calls.get(id);
        let class = call.class as usize;
        let (interval, first_interval) = (call.interval as usize, call.first_interval as usize);
        let served = matches!(outcome, Outcome::Answered | Outcome::CallbackReached);
        let caller_served = served && call.first_counted;
        let counted = call.counted;
        let offered = call.callback_offered;
        let callback = call.callback.as_ref().map(|callback| {
            let reached = callback.reached_at;
            CallbackFacts {
                attempts: callback.attempts,
                delay: reached.map(|at| at - callback.requested_at),
                within_promise: match outcome {
                    Outcome::Unfinished => None,
                    _ => callback
                        .deadline
                        .map(|deadline| reached.is_some_and(|at| at <= deadline)),
                },
                agent_seconds: callback.agent_seconds,
            }
        });
        // The estimates are judged against the wait of callers answered live.
        let estimates = call.estimates.filter(|_| outcome == Outcome::Answered);

        if caller_served {
            self.update_tallies(class, first_interval, |t| t.contact.callers_served += 1);
        }
        if !counted {
            return;
        }
        self.update_tallies(class, interval, |t| {
            let contact = &mut t.contact;
            contact.callback_offered += u64::from(offered);
            if let Some(facts) = &callback {
                contact.record_callback(facts);
            }
            if let Some(estimates) = estimates {
                for (errors, estimate) in contact.estimate_errors.iter_mut().zip(estimates) {
                    errors.record(estimate, wait);
                }
            }
        });
    }
}
