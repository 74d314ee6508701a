//! The event handlers: they apply arrivals, answers, departures and staffing changes to the model
//! through the calendar, and feed the tallies.

use super::agents::{AgentId, AgentPool};
use super::calls::{Call, CallId, CallSlab, QueueExit};
use super::queue::WaitQueue;
use super::tally::{CountingRules, DayTally};
use super::{Purpose, RunOutput};
use crate::dist::{PiecewisePoisson, Sampler};
use crate::kernel::rng::{StreamRng, stream};
use crate::kernel::{Calendar, SimTime};
use crate::model::{AfterClose, Arrivals, CallRecord, DropPlace, DropRule, Outcome, Scenario};
use rand::{RngExt, SeedableRng};

/// What can happen. Events are small and `Copy`; calls are referred to by slab index.
#[derive(Clone, Copy, Debug)]
enum Event {
    Arrival,
    /// The caller leaves the queue unanswered (abandon, timeout or failure, decided at arrival).
    LeaveQueue(CallId),
    /// The conversation ends, normally or by a failure, and the agent is free.
    EndConversation(CallId, AgentId),
    /// A new interval starts: staffing changes.
    IntervalStart(u32),
    /// Closing time: arrivals have stopped.
    Close,
}

struct Streams {
    arrivals: StreamRng,
    handle_times: StreamRng,
    patience: StreamRng,
    failures: StreamRng,
}

struct Samplers {
    handle_time: Sampler,
    patience: Option<Sampler>,
    queue_drop: Option<(f64, Sampler)>,
    conversation_drop: Option<(f64, Sampler)>,
}

fn drop_sampler(rule: &Option<DropRule>) -> Option<(f64, Sampler)> {
    rule.as_ref()
        .map(|rule| (rule.probability, rule.after.sampler()))
}

/// Where the next arrival time comes from.
enum ArrivalSource<'a> {
    Poisson(PiecewisePoisson),
    Trace { times: &'a [f64], next: usize },
}

/// Which stretch of clock time the time-weighted statistics are currently adding to.
#[derive(Clone, Copy, PartialEq)]
enum ClockBucket {
    Interval(usize),
    AfterClose,
}

pub(crate) struct Engine<'a> {
    scenario: &'a Scenario,
    calendar: Calendar<Event>,
    streams: Streams,
    samplers: Samplers,
    arrivals: ArrivalSource<'a>,
    rules: CountingRules,
    calls: CallSlab,
    queue: WaitQueue,
    agents: AgentPool,
    tally: DayTally,
    warm_end: f64,
    clock_last: f64,
    bucket: ClockBucket,
    closed: bool,
    calls_arrived: u64,
    call_log: Option<Vec<CallRecord>>,
}

impl<'a> Engine<'a> {
    pub fn new(scenario: &'a Scenario, replication: u64, keep_call_log: bool) -> Self {
        let hours = &scenario.hours;
        let seed = scenario.seed;
        let intervals = hours.interval_count();
        Engine {
            scenario,
            calendar: Calendar::starting_at(
                SimTime::new(hours.open).expect("validated opening time"),
            ),
            streams: Streams {
                arrivals: stream(seed, replication, Purpose::Arrivals as u64),
                handle_times: stream(seed, replication, Purpose::HandleTimes as u64),
                patience: stream(seed, replication, Purpose::Patience as u64),
                failures: stream(seed, replication, Purpose::Failures as u64),
            },
            samplers: Samplers {
                handle_time: scenario.handle_time.sampler(),
                patience: scenario.patience.as_ref().map(|p| p.sampler()),
                queue_drop: drop_sampler(&scenario.drops.in_queue),
                conversation_drop: drop_sampler(&scenario.drops.in_conversation),
            },
            arrivals: match &scenario.arrivals {
                Arrivals::Poisson { calls_per_hour } => {
                    ArrivalSource::Poisson(PiecewisePoisson::new(
                        hours.open,
                        hours.interval,
                        hours.close,
                        calls_per_hour.iter().map(|rate| rate / 3600.0).collect(),
                    ))
                }
                Arrivals::Trace { times } => ArrivalSource::Trace { times, next: 0 },
            },
            rules: CountingRules {
                threshold: scenario.service_level.threshold,
                short_abandon: scenario.service_level.short_abandon,
            },
            calls: CallSlab::default(),
            queue: WaitQueue::default(),
            agents: AgentPool::default(),
            tally: DayTally::new(intervals),
            warm_end: hours.open + scenario.warmup,
            clock_last: hours.open,
            bucket: ClockBucket::Interval(0),
            closed: false,
            calls_arrived: 0,
            call_log: keep_call_log.then(Vec::new),
        }
    }

    pub fn run(mut self) -> RunOutput {
        let hours = &self.scenario.hours;
        for interval in 1..hours.interval_count() {
            let (start, _) = hours.interval_bounds(interval);
            self.schedule_at(start, Event::IntervalStart(interval as u32));
        }
        self.schedule_at(hours.close, Event::Close);
        self.agents.set_staffing(self.scenario.agents[0]);
        self.schedule_next_arrival();

        while let Some((now, event)) = self.calendar.pop() {
            let now = now.secs();
            self.advance_clock(now);
            match event {
                Event::Arrival => self.on_arrival(now),
                Event::LeaveQueue(call) => self.on_leave_queue(call, now),
                Event::EndConversation(call, agent) => self.on_end_conversation(call, agent, now),
                Event::IntervalStart(interval) => self.on_interval_start(interval as usize, now),
                Event::Close => {
                    self.on_close();
                    if self.scenario.after_close == AfterClose::Stop {
                        break;
                    }
                }
            }
        }
        // At a stop, and in a work-off where callers still wait with no agent left and no patience,
        // the calls still in the system are unfinished.
        self.end_run(self.calendar.now().secs());
        let close = self.scenario.hours.close;
        self.tally.end_of_day.overtime = (self.calendar.now().secs() - close).max(0.0);
        RunOutput {
            tally: self.tally,
            call_log: self.call_log,
        }
    }

    fn schedule_at(&mut self, at: f64, event: Event) -> crate::kernel::EventKey {
        let at = SimTime::new(at).expect("event times are finite");
        self.calendar
            .schedule_at(at, event)
            .expect("the engine only schedules at or after the current time")
    }

    fn schedule_next_arrival(&mut self) {
        let now = self.calendar.now().secs();
        let next = match &mut self.arrivals {
            ArrivalSource::Poisson(process) => process.next_after(now, &mut self.streams.arrivals),
            ArrivalSource::Trace { times, next } => {
                let at = times.get(*next).copied();
                *next += 1;
                at
            }
        };
        if let Some(at) = next {
            self.schedule_at(at, Event::Arrival);
        }
    }

    /// Adds the time since the last event to the time-weighted statistics (after warm-up only).
    fn advance_clock(&mut self, now: f64) {
        let from = self.clock_last.max(self.warm_end);
        let crossing_warm_end = self.clock_last < self.warm_end && now >= self.warm_end;
        self.clock_last = now;
        if crossing_warm_end {
            self.observe_queue(now);
        }
        if now <= from {
            return;
        }
        let seconds = now - from;
        let (queue, busy, present) = (
            self.queue.len(),
            self.agents.busy_count(),
            self.agents.present_count(),
        );
        match self.bucket {
            ClockBucket::Interval(index) => {
                self.tally.clock.add(queue, busy, present, seconds);
                self.tally.interval_clock[index].add(queue, busy, present, seconds);
            }
            ClockBucket::AfterClose => {
                self.tally.end_of_day.busy_agent_seconds_after_close += f64::from(busy) * seconds;
            }
        }
    }

    /// Notes the current queue length for the maximum-queue statistics.
    fn observe_queue(&mut self, now: f64) {
        if now < self.warm_end {
            return;
        }
        let length = self.queue.len() as f64;
        if let ClockBucket::Interval(index) = self.bucket {
            self.tally.clock.queue.observe_level(length);
            self.tally.interval_clock[index].queue.observe_level(length);
        }
    }

    /// Draws everything random about a new caller, in arrival order from the purpose streams.
    fn draw_call(&mut self, now: f64) -> Call {
        let handle_time = self
            .samplers
            .handle_time
            .sample(&mut self.streams.handle_times);
        let patience = self
            .samplers
            .patience
            .as_ref()
            .map(|p| p.sample(&mut self.streams.patience));
        // A fixed number of draws per caller from the failure stream keeps later callers aligned
        // whatever the failure probabilities; failure times come from a per-caller generator.
        let fails_in_queue: f64 = self.streams.failures.random();
        let fails_in_conversation: f64 = self.streams.failures.random();
        let failure_seed: u64 = self.streams.failures.random();
        let mut failure_times = None;
        let mut failure_after = |rule: &Option<(f64, Sampler)>, draw: f64| -> Option<f64> {
            let (probability, after) = rule.as_ref()?;
            (draw < *probability).then(|| {
                let rng =
                    failure_times.get_or_insert_with(|| StreamRng::seed_from_u64(failure_seed));
                after.sample(rng)
            })
        };
        let queue_drop_after = failure_after(&self.samplers.queue_drop, fails_in_queue);
        let conversation_drop_after =
            failure_after(&self.samplers.conversation_drop, fails_in_conversation);

        // Ties: a failure comes before the system timeout, which comes before the caller hangs up.
        let exits = [
            queue_drop_after.map(|t| (t, QueueExit::Dropped)),
            self.scenario
                .limits
                .max_wait
                .map(|t| (t, QueueExit::Timeout)),
            patience.map(|t| (t, QueueExit::Abandon)),
        ];
        let queue_exit = exits
            .into_iter()
            .flatten()
            .reduce(|earliest, exit| if exit.0 < earliest.0 { exit } else { earliest });

        let hours = &self.scenario.hours;
        let interval =
            (((now - hours.open) / hours.interval) as usize).min(hours.interval_count() - 1);
        let number = self.calls_arrived;
        self.calls_arrived += 1;
        Call {
            number,
            arrival: now,
            interval: interval as u32,
            counted: now >= self.warm_end,
            handle_time,
            queue_exit,
            conversation_drop_after,
            queue_exit_event: None,
            answered_at: None,
        }
    }

    fn on_arrival(&mut self, now: f64) {
        self.schedule_next_arrival();
        let call = self.draw_call(now);
        if call.counted {
            self.tally.calls.offered += 1;
            self.tally.interval_calls[call.interval as usize].offered += 1;
        }
        let limits = &self.scenario.limits;
        let in_system = self.queue.len() as u32 + self.agents.busy_count();
        let lines_full = limits.lines.is_some_and(|lines| in_system >= lines);
        let queue_full = limits
            .queue_capacity
            .is_some_and(|capacity| self.queue.len() as u32 >= capacity);
        let id = self.calls.insert(call);
        if lines_full || (self.agents.idle_count() == 0 && queue_full) {
            self.finish(id, Outcome::MissedBlocked, now);
        } else if let Some(agent) = self.agents.take_idle() {
            self.answer(id, agent, now);
        } else {
            self.enqueue(id, now);
        }
    }

    fn enqueue(&mut self, id: CallId, now: f64) {
        let call = self.calls.get(id);
        let (number, exit) = (call.number, call.queue_exit);
        self.queue.push(id, number);
        if let Some((after, _)) = exit {
            let key = self.schedule_at(now + after, Event::LeaveQueue(id));
            self.calls.get_mut(id).queue_exit_event = Some(key);
        }
        self.observe_queue(now);
    }

    fn answer(&mut self, id: CallId, agent: AgentId, now: f64) {
        let call = self.calls.get_mut(id);
        call.answered_at = Some(now);
        if let Some(key) = call.queue_exit_event.take() {
            self.calendar.cancel(key);
        }
        let talk = match call.conversation_drop_after {
            Some(after) if after < call.handle_time => after,
            _ => call.handle_time,
        };
        self.schedule_at(now + talk, Event::EndConversation(id, agent));
    }

    fn on_leave_queue(&mut self, id: CallId, now: f64) {
        self.queue.remove(id);
        self.observe_queue(now);
        let reason = self.calls.get(id).queue_exit.map(|(_, reason)| reason);
        let outcome = match reason {
            Some(QueueExit::Dropped) => Outcome::Dropped(DropPlace::InQueue),
            Some(QueueExit::Timeout) => Outcome::MissedTimeout,
            Some(QueueExit::Abandon) | None => Outcome::Abandoned,
        };
        self.finish(id, outcome, now);
    }

    fn on_end_conversation(&mut self, id: CallId, agent: AgentId, now: f64) {
        let call = self.calls.get(id);
        let dropped = call
            .conversation_drop_after
            .is_some_and(|after| after < call.handle_time);
        let outcome = if dropped {
            Outcome::Dropped(DropPlace::InConversation)
        } else {
            Outcome::Answered
        };
        self.finish(id, outcome, now);
        if self.closed {
            // Work-off: keep answering until the queue is empty, then go home.
            match self.queue.pop_next() {
                Some(next) => {
                    self.observe_queue(now);
                    self.answer(next, agent, now);
                }
                None => self.agents.leave_after_call(),
            }
        } else if self.agents.finish_call(agent) {
            self.serve_waiting(now);
        }
    }

    /// Idle agents take waiting callers, longest-idle agent first, first-come first-served.
    fn serve_waiting(&mut self, now: f64) {
        while self.agents.idle_count() > 0 {
            let Some(next) = self.queue.pop_next() else {
                break;
            };
            let agent = self.agents.take_idle().expect("an agent is idle");
            self.observe_queue(now);
            self.answer(next, agent, now);
        }
    }

    fn on_interval_start(&mut self, interval: usize, now: f64) {
        self.bucket = ClockBucket::Interval(interval);
        self.observe_queue(now);
        self.agents.set_staffing(self.scenario.agents[interval]);
        self.serve_waiting(now);
    }

    fn on_close(&mut self) {
        self.bucket = ClockBucket::AfterClose;
        self.closed = true;
        let end = &mut self.tally.end_of_day;
        end.waiting_at_close = self.queue.len() as u32;
        end.talking_at_close = self.agents.busy_count();
        // Idle agents go home; busy ones finish the queue (see on_end_conversation).
        self.agents.set_staffing(self.agents.busy_count());
    }

    /// Ends the run: every call still waiting or talking is unfinished.
    fn end_run(&mut self, now: f64) {
        let waiting: Vec<CallId> = self.queue.drain().collect();
        for id in waiting {
            self.finish(id, Outcome::Unfinished, now);
        }
        while let Some((_, event)) = self.calendar.pop() {
            if let Event::EndConversation(id, _) = event {
                self.finish(id, Outcome::Unfinished, now);
            }
        }
    }

    /// Records a call's outcome and frees its slot.
    fn finish(&mut self, id: CallId, outcome: Outcome, now: f64) {
        let call = self.calls.get(id);
        let wait = call.answered_at.unwrap_or(now) - call.arrival;
        let wait = if outcome == Outcome::MissedBlocked {
            0.0
        } else {
            wait
        };
        if call.counted {
            let handled = call.handle_time;
            self.tally.calls.record(outcome, wait, handled, &self.rules);
            self.tally.interval_calls[call.interval as usize].record(
                outcome,
                wait,
                handled,
                &self.rules,
            );
            if self.closed
                && outcome == Outcome::Answered
                && call
                    .answered_at
                    .is_some_and(|at| at >= self.scenario.hours.close)
            {
                self.tally.end_of_day.answered_after_close += 1;
            }
        }
        if let Some(log) = &mut self.call_log {
            log.push(CallRecord {
                call: call.number,
                arrival: call.arrival,
                interval: call.interval as usize,
                wait,
                answered_at: call.answered_at,
                ended_at: now,
                outcome,
                counted: call.counted,
            });
        }
        self.calls.release(id);
    }
}
