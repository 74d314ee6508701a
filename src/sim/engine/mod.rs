//! The event handlers: they apply arrivals, answers, departures and staffing changes to the model
//! through the calendar, ask the routing policies for decisions, and feed the tallies.
//!
//! What callers are told and offered (caller-contact policies), callbacks and redials have their
//! own handlers in the submodules; this file is the live queue.

mod callback;
mod contact;
mod dialler;
mod redial;
mod start;

use super::agents::{AgentNumber, AgentPool};
use super::calls::{Call, CallId, CallSlab, QueueExit};
use super::queue::WaitQueue;
use super::tally::{CallTally, CountingRules, DayTally};
use super::{Purpose, RunOutput, volume};
use crate::dist::{PiecewisePoisson, Sampler};
use crate::kernel::rng::{StreamRng, day_stream};
use crate::kernel::{Calendar, EventKey, SimTime};
use crate::model::{
    AfterClose, Arrivals, CallClass, CallRecord, CallbackService, DropPlace, DropRule, Outcome,
    Scenario, Skill,
};
use crate::policy::{CallerRandom, Policies, PoolCandidate, WaitingCall};
use rand::{RngExt, SeedableRng};
use std::collections::VecDeque;

/// What can happen. Events are small and `Copy`; calls are referred to by slab index.
#[derive(Clone, Copy, Debug)]
enum Event {
    /// A caller of this class arrives.
    Arrival(u32),
    /// The caller leaves the queue unanswered (abandon, timeout or failure, decided at arrival).
    LeaveQueue(CallId),
    /// The caller has waited long enough for an overflow pool to take them. The arrival number
    /// (its low 32 bits: a slot is never reused 2^32 calls later while the event is pending)
    /// tells a stale event, whose call is gone and slot reused, from a live one.
    Overflow(CallId, u32),
    /// The conversation ends, normally or by a failure, and agent `.2` of pool `.1` is free.
    EndConversation(CallId, u32, AgentNumber),
    /// A new interval starts: staffing changes.
    IntervalStart(u32),
    /// Pool `.0` goes down to `.1` agents within an interval: the agent of a fractional
    /// staffing leaves (see [`crate::model::AgentPool::fractional`]).
    StaffingStep(u32, u32),
    /// Contact policy `.2` checks on a waiting caller (`.1`: the arrival number's low 32 bits,
    /// as for `Overflow`).
    Check(CallId, u32, u32),
    /// A callback is due: its slot starts, or the retry delay after an unanswered dial is over.
    CallbackDue(CallId),
    /// Agent `.2` of pool `.1` finishes dialling a callback.
    DialEnd(CallId, u32, AgentNumber),
    /// Agent `.1` of pool `.0` finishes the wrap-up of a call whose caller has gone.
    WrapUpEnd(u32, AgentNumber),
    /// A caller tries again after a lost attempt.
    Redial(CallId),
    /// Closing time: arrivals have stopped.
    Close,
    /// Campaign `.0` starts dialling.
    DiallingStart(u32),
    /// Dial `.0` stops ringing: answered, busy, unanswered or invalid.
    RingEnd(u32),
    /// Answering-machine detection has classified the answer of dial `.0`.
    Classified(u32),
    /// The answer of dial `.0` has waited the connection limit for an agent.
    ConnectionLimit(u32),
    /// The agent's conversation on dial `.0` ends.
    OutboundTalkEnd(u32),
    /// Record `.1` of campaign `.0` is due for its attempt `.2`.
    RetryDue(u32, u32, u32),
}

struct Streams {
    handle_times: StreamRng,
    patience: StreamRng,
    failures: StreamRng,
    /// One key per caller for their own random numbers (see [`CallerRandom`]).
    policy: StreamRng,
    /// Draws for the start state only (see [`Engine::load_start_state`]).
    start: StreamRng,
    /// Wrap-up times, drawn only for classes that have one.
    wrap_up: StreamRng,
}

/// What is random about a caller of one class.
struct ClassSamplers {
    handle_time: Sampler,
    /// Per interval, the factor taking the handle time's mean to the interval's forecast mean;
    /// empty when the class has one handle-time distribution all day.
    handle_time_factors: Vec<f64>,
    patience: Option<Sampler>,
    wrap_up: Option<Sampler>,
    rules: CountingRules,
    /// The pools with a skill for the class.
    pools: Vec<usize>,
    /// Distinct positive overflow delays of the pools serving the class, ascending.
    overflow_delays: Vec<f64>,
    /// The mean time an agent spends on a call of the class, wrap-up included (for wait
    /// estimates).
    mean_handle_time: f64,
    /// Probability and delay of a redial after each kind of lost attempt (indexed like
    /// [`crate::model::RedialAfter::ALL`]), and the most attempts a caller makes.
    redials: ([Option<(f64, Sampler)>; 6], u32),
}

impl ClassSamplers {
    fn new(scenario: &Scenario, index: usize, class: &CallClass) -> Self {
        let mut overflow_delays: Vec<f64> = scenario
            .pools
            .iter()
            .filter_map(|pool| pool.skill(index))
            .map(|skill| skill.after)
            .filter(|after| *after > 0.0)
            .collect();
        overflow_delays.sort_by(f64::total_cmp);
        overflow_delays.dedup();
        let mean_handle_time = class.handle_time.mean();
        ClassSamplers {
            pools: (0..scenario.pools.len())
                .filter(|&pool| scenario.pools[pool].skill(index).is_some())
                .collect(),
            handle_time: class.handle_time.sampler(),
            handle_time_factors: class
                .handle_time_by_interval
                .iter()
                .flatten()
                .map(|mean| mean / mean_handle_time)
                .collect(),
            patience: class.patience.as_ref().map(|p| p.sampler()),
            wrap_up: class.wrap_up.as_ref().map(|w| w.sampler()),
            rules: CountingRules {
                threshold: class.threshold,
                short_abandon: class.short_abandon,
            },
            overflow_delays,
            mean_handle_time: class.mean_agent_time(),
            redials: (
                (class.redial.rules.clone())
                    .map(|rule| rule.map(|rule| (rule.probability, rule.delay.sampler()))),
                class.redial.max_attempts,
            ),
        }
    }
}

fn drop_sampler(rule: &Option<DropRule>) -> Option<(f64, Sampler)> {
    rule.as_ref()
        .map(|rule| (rule.probability, rule.after.sampler()))
}

/// Where a class's next arrival time comes from.
enum ArrivalSource<'a> {
    Poisson(Box<(PiecewisePoisson, StreamRng)>),
    Trace { times: &'a [f64], next: usize },
}

impl ArrivalSource<'_> {
    fn next_after(&mut self, now: f64) -> Option<f64> {
        match self {
            ArrivalSource::Poisson(poisson) => {
                let (process, rng) = &mut **poisson;
                process.next_after(now, rng)
            }
            ArrivalSource::Trace { times, next } => {
                let at = times.get(*next).copied();
                *next += 1;
                at
            }
        }
    }
}

/// Which stretch of clock time the time-weighted statistics are currently adding to.
#[derive(Clone, Copy, PartialEq)]
enum ClockBucket {
    Interval(usize),
    AfterClose,
}

pub(crate) struct Engine<'a> {
    scenario: &'a Scenario,
    policies: &'a Policies,
    calendar: Calendar<Event>,
    streams: Streams,
    classes: Vec<ClassSamplers>,
    queue_drop: Option<(f64, Sampler)>,
    conversation_drop: Option<(f64, Sampler)>,
    arrivals: Vec<ArrivalSource<'a>>,
    calls: CallSlab,
    /// One first-come-first-served queue per class.
    queues: Vec<WaitQueue>,
    waiting: usize,
    pools: Vec<AgentPool>,
    candidates: Vec<PoolCandidate>,
    /// Each pool's skill for each class, pool-major: `skills[pool * classes + class]`.
    skills: Vec<Option<Skill>>,
    /// Index of the last interval (calls arriving exactly at closing time belong to it).
    last_interval: usize,
    /// With one class (one pool), its tallies are the overall ones: they are copied at the end
    /// instead of being kept twice on the hot path.
    single_class: bool,
    single_pool: bool,
    tally: DayTally,
    warm_end: f64,
    clock_last: f64,
    bucket: ClockBucket,
    closed: bool,
    calls_arrived: u64,
    /// Agents busy with a wrap-up: their callers have gone, so they hold no line.
    wrapping_up: u32,
    call_log: Option<Vec<CallRecord>>,
    /// Whether callers get their own random numbers: some contact policy or redial needs them.
    caller_random: bool,
    /// Whether to record every estimator's error for callers answered after waiting.
    measure_estimates: bool,
    /// Per class: the wait of the last caller to reach an agent live.
    last_wait: Vec<Option<f64>>,
    /// Per class: callers on virtual hold who kept their place, in arrival order.
    held: Vec<WaitQueue>,
    /// Callbacks due and waiting for an agent, oldest first.
    due: VecDeque<CallId>,
    /// Callbacks booked in each call slot.
    slot_bookings: Vec<u32>,
    /// Callback dial and retry times.
    callback_samplers: Option<(Sampler, Sampler)>,
    /// Whether due callbacks go before every live caller (`head` service).
    callbacks_first: bool,
    /// Outbound campaigns' dials (empty without campaigns).
    dialler: dialler::Dialler,
}

impl<'a> Engine<'a> {
    pub fn new(
        scenario: &'a Scenario,
        policies: &'a Policies,
        day: u64,
        replication: u64,
        keep_call_log: bool,
    ) -> Self {
        let hours = &scenario.hours;
        let seed = scenario.seed;
        let classes = (scenario.classes.iter().enumerate())
            .map(|(index, class)| ClassSamplers::new(scenario, index, class))
            .collect();
        // Class k's arrivals have their own stream (class 0 keeps the single-class stream number),
        // so adding a class never moves the arrival times of the others. The day's volume factor
        // is 1 (and drawn from nothing) unless the scenario has forecast uncertainty.
        let volume = volume::day_factor(&scenario.uncertainty, seed, day, replication);
        let contact = &scenario.contact;
        let caller_random = !policies.contact.is_empty()
            || contact.measure_estimates
            || scenario.classes.iter().any(|class| class.redial.any());
        let arrivals = scenario
            .classes
            .iter()
            .enumerate()
            .map(|(index, class)| match &class.arrivals {
                Arrivals::Poisson { calls_per_hour } => ArrivalSource::Poisson(Box::new((
                    PiecewisePoisson::new(
                        hours.open,
                        hours.interval,
                        hours.close,
                        calls_per_hour
                            .iter()
                            .map(|rate| rate * volume / 3600.0)
                            .collect(),
                    ),
                    day_stream(
                        seed,
                        day,
                        replication,
                        Purpose::Arrivals.stream_for_class(index),
                    ),
                ))),
                Arrivals::Trace { times } => ArrivalSource::Trace { times, next: 0 },
            })
            .collect();
        Engine {
            scenario,
            policies,
            calendar: Calendar::starting_at(
                SimTime::new(hours.open).expect("validated opening time"),
            ),
            streams: Streams {
                handle_times: day_stream(seed, day, replication, Purpose::HandleTimes as u64),
                patience: day_stream(seed, day, replication, Purpose::Patience as u64),
                failures: day_stream(seed, day, replication, Purpose::Failures as u64),
                policy: day_stream(seed, day, replication, Purpose::Policy as u64),
                start: day_stream(seed, day, replication, Purpose::Start as u64),
                wrap_up: day_stream(seed, day, replication, Purpose::WrapUp as u64),
            },
            classes,
            queue_drop: drop_sampler(&scenario.drops.in_queue),
            conversation_drop: drop_sampler(&scenario.drops.in_conversation),
            arrivals,
            calls: CallSlab::default(),
            queues: (0..scenario.classes.len())
                .map(|_| WaitQueue::default())
                .collect(),
            waiting: 0,
            pools: (0..scenario.pools.len())
                .map(|_| AgentPool::default())
                .collect(),
            candidates: Vec::with_capacity(scenario.pools.len()),
            skills: scenario
                .pools
                .iter()
                .flat_map(|pool| {
                    (0..scenario.classes.len()).map(|class| pool.skill(class).cloned())
                })
                .collect(),
            last_interval: hours.interval_count() - 1,
            single_class: scenario.classes.len() == 1,
            single_pool: scenario.pools.len() == 1,
            tally: DayTally::new(
                hours.interval_count(),
                scenario.classes.len(),
                scenario.pools.len(),
            ),
            warm_end: hours.open + scenario.warmup,
            clock_last: hours.open,
            bucket: ClockBucket::Interval(0),
            closed: false,
            calls_arrived: 0,
            wrapping_up: 0,
            call_log: keep_call_log.then(Vec::new),
            caller_random,
            measure_estimates: !policies.contact.is_empty() || contact.measure_estimates,
            last_wait: vec![None; scenario.classes.len()],
            held: (0..scenario.classes.len())
                .map(|_| WaitQueue::default())
                .collect(),
            due: VecDeque::new(),
            slot_bookings: Vec::new(),
            callback_samplers: policies
                .contact
                .callback
                .as_ref()
                .map(|callback| (callback.dial_time.sampler(), callback.retry_after.sampler())),
            callbacks_first: policies
                .contact
                .callback
                .as_ref()
                .is_some_and(|callback| callback.service == CallbackService::Head),
            dialler: dialler::Dialler::new(scenario, policies, day, replication),
        }
    }

    pub fn run(mut self) -> RunOutput {
        let hours = &self.scenario.hours;
        for interval in 1..hours.interval_count() {
            let (start, _) = hours.interval_bounds(interval);
            self.schedule_at(start, Event::IntervalStart(interval as u32));
        }
        self.schedule_at(hours.close, Event::Close);
        self.staff_interval(0, hours.open);
        for class in 0..self.arrivals.len() {
            self.schedule_next_arrival(class);
        }
        self.load_start_state();
        if !self.scenario.campaigns.is_empty() {
            self.schedule_dialling();
        }

        while let Some((now, event)) = self.calendar.pop() {
            let now = now.secs();
            self.advance_clock(now);
            match event {
                Event::Arrival(class) => self.on_arrival(class as usize, now),
                Event::LeaveQueue(call) => self.on_leave_queue(call, now),
                Event::Overflow(call, number) => self.on_overflow(call, number, now),
                Event::EndConversation(call, pool, agent) => {
                    self.on_end_conversation(call, pool as usize, agent, now)
                }
                Event::IntervalStart(interval) => self.on_interval_start(interval as usize, now),
                Event::StaffingStep(pool, agents) => {
                    self.pools[pool as usize].set_staffing(agents, now)
                }
                Event::Check(call, number, policy) => {
                    self.on_check(call, number, policy as usize, now)
                }
                Event::CallbackDue(call) => self.on_callback_due(call, now),
                Event::DialEnd(call, pool, agent) => {
                    self.on_dial_end(call, pool as usize, agent, now)
                }
                Event::WrapUpEnd(pool, agent) => {
                    self.wrapping_up -= 1;
                    self.release_agent(pool as usize, agent, now);
                }
                Event::Redial(call) => self.on_redial(call, now),
                Event::DiallingStart(campaign) => self.on_dialling_start(campaign as usize, now),
                Event::RingEnd(dial) => self.on_ring_end(dial, now),
                Event::Classified(dial) => self.on_classified(dial, now),
                Event::ConnectionLimit(dial) => self.on_connection_limit(dial, now),
                Event::OutboundTalkEnd(dial) => self.on_outbound_talk_end(dial, now),
                Event::RetryDue(campaign, record, attempt) => {
                    self.on_retry_due(campaign, record, attempt, now)
                }
                Event::Close => {
                    self.on_close(now);
                    if self.scenario.after_close == AfterClose::Stop {
                        break;
                    }
                }
            }
        }
        // At a stop, and in a work-off where callers still wait with no agent left and no patience,
        // the calls still in the system are unfinished.
        self.end_run(self.calendar.now().secs());
        if !self.scenario.campaigns.is_empty() {
            self.close_campaign_tallies();
        }
        if !self.caller_random {
            // Nobody redials, so every call is a caller of its own, and the callers served are
            // the calls answered (no policy means no callback): counted here, not per call.
            for tally in self.tally.call_tallies_mut() {
                tally.contact.callers_served = tally.answered;
            }
        }
        let close = self.scenario.hours.close;
        self.tally.end_of_day.overtime = (self.calendar.now().secs() - close).max(0.0);
        if self.single_class {
            self.tally.class_calls[0] = self.tally.calls.clone();
            self.tally.class_clock[0] = self.tally.clock.clone();
        }
        if self.single_pool {
            self.tally.pools[0].clock = self.tally.clock.clone();
        }
        RunOutput {
            tally: self.tally,
            call_log: self.call_log,
        }
    }

    fn schedule_at(&mut self, at: f64, event: Event) {
        // Finite by construction: every event time is the current time plus a draw, and every
        // draw is finite because each distribution's parameters are bounded (`dist`:
        // LONGEST_DURATION, CV_RANGE, SHAPE_RANGE; factors at most 100) and its sampler was
        // built at validation; arrival times lie within the opening hours.
        let at = SimTime::new(at).expect("event times are finite");
        self.calendar
            .schedule_at(at, event)
            .expect("the engine only schedules at or after the current time")
    }

    /// Schedules an event that may be cancelled: a waiting caller's exit from the queue.
    fn schedule_cancellable(&mut self, at: f64, event: Event) -> EventKey {
        let at = SimTime::new(at).expect("event times are finite");
        self.calendar
            .schedule_cancellable_at(at, event)
            .expect("the engine only schedules at or after the current time")
    }

    fn schedule_next_arrival(&mut self, class: usize) {
        let now = self.calendar.now().secs();
        if let Some(at) = self.arrivals[class].next_after(now) {
            self.schedule_at(at, Event::Arrival(class as u32));
        }
    }

    /// Adds the time since the last event to the time-weighted statistics (after warm-up only).
    fn advance_clock(&mut self, now: f64) {
        let from = self.clock_last.max(self.warm_end);
        let crossing_warm_end = self.clock_last < self.warm_end && now >= self.warm_end;
        self.clock_last = now;
        if crossing_warm_end {
            self.observe_queue(now, None);
        }
        if now <= from {
            return;
        }
        let seconds = now - from;
        let (busy, present) = self.agents_busy_and_present();
        match self.bucket {
            ClockBucket::Interval(index) => {
                self.tally
                    .clock
                    .record(self.waiting, busy, present, seconds);
                self.tally.interval_clock[index].record(self.waiting, busy, present, seconds);
                // With one class (one pool) its clock is the overall one, copied at the end.
                if !self.single_class {
                    for (clock, queue) in self.tally.class_clock.iter_mut().zip(&self.queues) {
                        clock.record(queue.len(), 0, 0, seconds);
                    }
                }
                if !self.single_pool {
                    for (tally, pool) in self.tally.pools.iter_mut().zip(&self.pools) {
                        tally
                            .clock
                            .record(0, pool.busy_count(), pool.present_count(), seconds);
                    }
                }
            }
            ClockBucket::AfterClose => {
                self.tally.end_of_day.busy_agent_seconds_after_close += f64::from(busy) * seconds;
            }
        }
    }

    /// Busy and present agents over all pools.
    fn agents_busy_and_present(&self) -> (u32, u32) {
        if let [pool] = self.pools.as_slice() {
            return (pool.busy_count(), pool.present_count());
        }
        let busy = self.pools.iter().map(AgentPool::busy_count).sum();
        let present = self.pools.iter().map(AgentPool::present_count).sum();
        (busy, present)
    }

    /// Notes the current queue lengths for the maximum-queue statistics (`class`: the queue that
    /// changed, or `None` for all).
    fn observe_queue(&mut self, now: f64, class: Option<usize>) {
        if now < self.warm_end {
            return;
        }
        if let ClockBucket::Interval(index) = self.bucket {
            let total = self.waiting as f64;
            self.tally.clock.queue.observe_level(total);
            self.tally.interval_clock[index].queue.observe_level(total);
            let classes = match class {
                _ if self.single_class => 0..0,
                Some(c) => c..c + 1,
                None => 0..self.queues.len(),
            };
            for class in classes {
                let length = self.queues[class].len() as f64;
                self.tally.class_clock[class].queue.observe_level(length);
            }
        }
    }

    /// Draws everything random about a new caller, in arrival order from the purpose streams.
    fn draw_call(&mut self, class: usize, now: f64) -> Call {
        let interval = self.interval_at(now);
        let samplers = &self.classes[class];
        let mut handle_time = samplers.handle_time.sample(&mut self.streams.handle_times);
        if let Some(factor) = samplers.handle_time_factors.get(interval as usize) {
            handle_time *= factor;
        }
        let patience = samplers
            .patience
            .as_ref()
            .map(|p| p.sample(&mut self.streams.patience));
        let wrap_up = samplers
            .wrap_up
            .as_ref()
            .map_or(0.0, |w| w.sample(&mut self.streams.wrap_up));
        let (queue_drop_after, conversation_drop_after) = if self.draws_failures() {
            failures(
                &self.queue_drop,
                &self.conversation_drop,
                &mut self.streams.failures,
            )
        } else {
            (None, None)
        };
        let random = CallerRandom::new(if self.caller_random {
            self.streams.policy.random()
        } else {
            0
        });
        let number = self.next_number();
        let counted = now >= self.warm_end;
        let mut call = Call::new(number, class, now, interval, counted, handle_time, random);
        call.wrap_up = wrap_up;
        call.patience = patience;
        call.queue_drop_after = queue_drop_after;
        call.conversation_drop_after = conversation_drop_after;
        call.queue_exit = self.queue_exit(queue_drop_after, patience);
        call
    }

    fn next_number(&mut self) -> u64 {
        let number = self.calls_arrived;
        self.calls_arrived += 1;
        number
    }

    /// The interval `now` falls in (closing time belongs to the last one).
    fn interval_at(&self, now: f64) -> u32 {
        let hours = &self.scenario.hours;
        (((now - hours.open) / hours.interval) as usize).min(self.last_interval) as u32
    }

    /// The earliest way a caller would leave the queue unanswered, as a wait from the start of
    /// the attempt. Ties: a failure comes before the system timeout, which comes before the caller
    /// hangs up.
    fn queue_exit(
        &self,
        queue_drop_after: Option<f64>,
        patience: Option<f64>,
    ) -> Option<(f64, QueueExit)> {
        let exits = [
            queue_drop_after.map(|t| (t, QueueExit::Dropped)),
            self.scenario
                .limits
                .max_wait
                .map(|t| (t, QueueExit::Timeout)),
            patience.map(|t| (t, QueueExit::Abandon)),
        ];
        exits
            .into_iter()
            .flatten()
            .reduce(|earliest, exit| if exit.0 < earliest.0 { exit } else { earliest })
    }

    /// Whether the scenario has failures to draw. A scenario without them never touches the
    /// failure stream.
    fn draws_failures(&self) -> bool {
        self.queue_drop.is_some() || self.conversation_drop.is_some()
    }

    fn on_arrival(&mut self, class: usize, now: f64) {
        self.schedule_next_arrival(class);
        let call = self.draw_call(class, now);
        let id = self.calls.insert(call);
        self.admit(id, now);
    }

    /// An attempt reaches the centre: the IVR, then an agent, the queue or a busy signal.
    fn admit(&mut self, id: CallId, now: f64) {
        if !self.policies.contact.is_empty() && !self.pass_ivr(id, now) {
            return;
        }
        self.count_offered(id);
        let limits = &self.scenario.limits;
        let (busy, _) = self.agents_busy_and_present();
        let talking = busy - self.wrapping_up;
        let lines_full = limits
            .lines
            .is_some_and(|lines| self.waiting as u32 + talking >= lines);
        let queue_full = limits
            .queue_capacity
            .is_some_and(|capacity| self.waiting as u32 >= capacity);
        if lines_full {
            self.finish(id, Outcome::MissedBlocked, now);
        } else if let Some((pool, agent)) = self.take_agent_for(id, now) {
            self.answer(id, pool, agent, now);
        } else if queue_full {
            self.finish(id, Outcome::MissedBlocked, now);
        } else if self.measure_estimates {
            self.join_queue_with_policies(id, now);
        } else {
            self.enqueue(id, now);
        }
    }

    /// Counts the attempt as offered (and its caller as a new one on a first attempt).
    fn count_offered(&mut self, id: CallId) {
        let call = self.calls.get(id);
        if !call.counted {
            return;
        }
        let (class, interval) = (call.class as usize, call.interval as usize);
        let first = u64::from(call.attempt == 1);
        self.update_tallies(class, interval, |tally| {
            tally.offered += 1;
            tally.contact.unique_callers += first;
        });
    }

    /// Applies `update` to the tallies a call of `class` arriving in `interval` counts in.
    fn update_tallies(&mut self, class: usize, interval: usize, update: impl Fn(&mut CallTally)) {
        update(&mut self.tally.calls);
        update(&mut self.tally.interval_calls[interval]);
        if !self.single_class {
            update(&mut self.tally.class_calls[class]);
            update(&mut self.tally.class_interval_calls[class][interval]);
        }
    }

    /// Whether `pool` may give an idle agent to a call of `class` that has waited `waited`:
    /// the pool has the skill, the overflow delay has passed, and no reservation holds the agent
    /// back. After closing, delays and reservations lapse so that every call is worked off.
    fn may_answer(&self, pool: usize, class: usize, waited: f64) -> bool {
        let idle = self.pools[pool].idle_count() as u32;
        let Some(skill) = self.skill(pool, class).filter(|_| idle > 0) else {
            return false;
        };
        if self.closed {
            return true;
        }
        let reserved_away = self.scenario.pools[pool]
            .reserve
            .as_ref()
            .is_some_and(|reserve| !reserve.classes.contains(&class) && idle <= reserve.agents);
        waited >= skill.after && !reserved_away
    }

    /// An idle agent for the call, if any pool may answer it now: the agent selector picks among
    /// the pools that may, and the chosen pool's longest-idle agent is taken (returned as the pool
    /// and the agent's number in it).
    fn take_agent_for(&mut self, id: CallId, now: f64) -> Option<(usize, AgentNumber)> {
        let call = self.calls.get(id);
        let (class, arrival) = (call.class as usize, call.arrival);
        let waited = now - arrival;
        if let [pool] = self.classes[class].pools[..] {
            // One pool serves the class: nothing to choose.
            if !self.may_answer(pool, class, waited) {
                return None;
            }
            let agent = self.pools[pool].take_idle();
            debug_assert!(agent.is_some(), "may_answer saw an idle agent");
            return agent.map(|agent| (pool, agent));
        }
        self.candidates.clear();
        for index in 0..self.classes[class].pools.len() {
            let pool = self.classes[class].pools[index];
            if self.may_answer(pool, class, waited) {
                let state = &self.pools[pool];
                self.candidates.push(PoolCandidate {
                    pool,
                    idle: state.idle_count() as u32,
                    busy: state.busy_count(),
                    longest_idle_since: state.longest_idle_since().unwrap_or(now),
                });
            }
        }
        if self.candidates.is_empty() {
            return None;
        }
        let view = WaitingCall {
            class_index: class,
            class: &self.scenario.classes[class],
            arrival,
        };
        let chosen = self.policies.agents.choose(&view, &self.candidates);
        let pool = self.candidates[chosen.min(self.candidates.len() - 1)].pool;
        let agent = self.pools[pool].take_idle();
        debug_assert!(agent.is_some(), "candidate pools have an idle agent");
        agent.map(|agent| (pool, agent))
    }

    fn enqueue(&mut self, id: CallId, now: f64) {
        let call = self.calls.get_mut(id);
        call.waiting = true;
        let (number, class, exit, arrival) = (
            call.number,
            call.class as usize,
            call.queue_exit,
            call.arrival,
        );
        self.queues[class].push(id, number);
        self.waiting += 1;
        // Exits and overflow delays count from the arrival, which is now for every caller but
        // those already waiting when the run starts.
        if let Some((after, _)) = exit {
            let key = self.schedule_cancellable((arrival + after).max(now), Event::LeaveQueue(id));
            self.calls.get_mut(id).queue_exit_event = Some(key);
        }
        for index in 0..self.classes[class].overflow_delays.len() {
            let at = (arrival + self.classes[class].overflow_delays[index]).max(now);
            self.schedule_at(at, Event::Overflow(id, number as u32));
        }
        self.observe_queue(now, Some(class));
    }

    fn dequeue(&mut self, id: CallId, now: f64) {
        let call = self.calls.get_mut(id);
        call.waiting = false;
        let class = call.class as usize;
        self.queues[class].remove(id);
        self.waiting -= 1;
        self.observe_queue(now, Some(class));
    }

    /// Takes the oldest call of `class` out of its queue (cheaper than removing it by id).
    fn dequeue_head(&mut self, class: usize, now: f64) -> CallId {
        let id = self.queues[class]
            .pop_next()
            .expect("the class has a waiting call");
        self.calls.get_mut(id).waiting = false;
        self.waiting -= 1;
        self.observe_queue(now, Some(class));
        id
    }

    /// The pool's skill for the class, if it has one (a table lookup: this is on the hot path).
    fn skill(&self, pool: usize, class: usize) -> Option<&Skill> {
        self.skills[pool * self.classes.len() + class].as_ref()
    }

    fn answer(&mut self, id: CallId, pool: usize, agent: AgentNumber, now: f64) {
        let skill = self
            .skill(pool, self.calls.get(id).class as usize)
            .expect("pools only answer classes they are skilled for");
        let (factor, overflow) = (skill.handle_factor, skill.after > 0.0);
        let call = self.calls.get_mut(id);
        call.answered_at = Some(now);
        call.served_by = Some((pool as u32, agent));
        call.overflowed = overflow;
        if let Some(key) = call.queue_exit_event.take() {
            self.calendar.cancel(key);
        }
        let handle_time = call.handle_time * factor;
        let talk = match call.conversation_drop_after {
            Some(after) if after < handle_time => after,
            _ => handle_time,
        };
        call.talk_time = talk;
        call.ends_in_failure = talk < handle_time;
        let (counted, class) = (call.counted, call.class as usize);
        if call.callback.is_none() {
            self.last_wait[class] = Some(now - call.arrival);
        }
        if counted {
            let tally = &mut self.tally.pools[pool];
            tally.handled_by_class[class] += 1;
            tally.overflow_handled += u64::from(overflow);
        }
        let end = Event::EndConversation(id, pool as u32, agent);
        self.schedule_at(now + talk, end);
    }

    fn on_leave_queue(&mut self, id: CallId, now: f64) {
        self.dequeue(id, now);
        let reason = self.calls.get(id).queue_exit.map(|(_, reason)| reason);
        let outcome = match reason {
            Some(QueueExit::Dropped) => Outcome::Dropped(DropPlace::InQueue),
            Some(QueueExit::Timeout) => Outcome::MissedTimeout,
            Some(QueueExit::Abandon) | None => Outcome::Abandoned,
        };
        self.finish(id, outcome, now);
    }

    fn on_overflow(&mut self, id: CallId, number: u32, now: f64) {
        let call = self.calls.get(id);
        if call.number as u32 != number || !call.waiting {
            return; // answered or gone since
        }
        // Only the oldest call of a class can newly overflow: an older one waited longer, so any
        // agent free for this call would already have taken that one.
        if self.queues[call.class as usize].peek() != Some(id) {
            return;
        }
        if let Some((pool, agent)) = self.take_agent_for(id, now) {
            self.dequeue(id, now);
            self.answer(id, pool, agent, now);
        }
    }

    fn on_end_conversation(&mut self, id: CallId, pool: usize, agent: AgentNumber, now: f64) {
        let call = self.calls.get(id);
        let outcome = if call.ends_in_failure {
            Outcome::Dropped(DropPlace::InConversation)
        } else if call.callback.is_some() {
            Outcome::CallbackReached
        } else {
            Outcome::Answered
        };
        let wrap_up = call.wrap_up;
        self.finish(id, outcome, now);
        if wrap_up > 0.0 {
            // The caller has gone; the agent stays busy with the after-call work.
            self.wrapping_up += 1;
            self.schedule_at(now + wrap_up, Event::WrapUpEnd(pool as u32, agent));
        } else {
            self.release_agent(pool, agent, now);
        }
    }

    /// Agent `agent` of `pool` is done with a call: they take the next one, or leave if their
    /// shift has ended.
    fn release_agent(&mut self, pool: usize, agent: AgentNumber, now: f64) {
        let stays = self.pools[pool].finish_call(agent, now);
        if stays {
            let dials = self.dialler.works(pool);
            let inbound_first = self.dialler.inbound_first(pool);
            if dials && !inbound_first {
                self.connect_waiting(pool, now);
            }
            self.serve_waiting(pool, now);
            if dials {
                if inbound_first {
                    self.connect_waiting(pool, now);
                }
                self.pace_pool(pool, now);
            }
        }
        if self.closed {
            // Work-off: an agent with nothing left to answer goes home.
            self.pools[pool].dismiss_idle();
        }
    }

    /// The pool's idle agents take waiting callers: each time, the best-ranked call among the
    /// heads of the class queues the pool may answer.
    fn serve_waiting(&mut self, pool: usize, now: f64) {
        while self.pools[pool].idle_count() > 0 {
            if self.callbacks_first
                && !self.due.is_empty()
                && let Some((id, agent)) = self.take_due_callback_for(pool)
            {
                self.dial(id, pool, agent, now);
                continue;
            }
            if let Some((class, head)) = self.best_waiting_for(pool, now) {
                let Some(agent) = self.pools[pool].take_idle() else {
                    unreachable!("the loop runs while an agent is idle");
                };
                if self.calls.get(head).waiting {
                    let id = self.dequeue_head(class, now);
                    debug_assert_eq!(id, head, "the head of the live queue");
                    self.answer(id, pool, agent, now);
                } else {
                    self.held[class].remove(head);
                    self.dial(head, pool, agent, now);
                }
                continue;
            }
            match self.due.is_empty() {
                false => match self.take_due_callback_for(pool) {
                    Some((id, agent)) => self.dial(id, pool, agent, now),
                    None => break,
                },
                true => break,
            }
        }
    }

    /// The call a class answers next: the oldest live caller, or a caller on virtual hold who
    /// arrived before them and kept their place.
    fn class_head(&self, class: usize) -> Option<CallId> {
        let live = self.queues[class].peek();
        if self.held[class].len() == 0 {
            return live;
        }
        let held = self.held[class].peek();
        match (live, held) {
            (Some(l), Some(h)) if self.calls.get(h).number < self.calls.get(l).number => Some(h),
            (Some(l), _) => Some(l),
            (None, held) => held,
        }
    }

    /// The class whose next call the pool answers, and that call, if it may answer any.
    fn best_waiting_for(&self, pool: usize, now: f64) -> Option<(usize, CallId)> {
        let skills = &self.scenario.pools[pool].skills;
        if let [skill] = skills.as_slice() {
            // One class: nothing to rank, the oldest call goes first.
            let head = self.class_head(skill.class)?;
            let waited = now - self.calls.get(head).arrival;
            return self
                .may_answer(pool, skill.class, waited)
                .then_some((skill.class, head));
        }
        let mut best: Option<(crate::policy::Rank, usize, CallId)> = None;
        for skill in skills {
            let Some(head) = self.class_head(skill.class) else {
                continue;
            };
            let call = self.calls.get(head);
            if !self.may_answer(pool, skill.class, now - call.arrival) {
                continue;
            }
            let view = WaitingCall {
                class_index: skill.class,
                class: &self.scenario.classes[skill.class],
                arrival: call.arrival,
            };
            let rank = self.policies.queue.rank(&view, now);
            if best.is_none_or(|(best_rank, _, _)| rank < best_rank) {
                best = Some((rank, skill.class, head));
            }
        }
        best.map(|(_, class, head)| (class, head))
    }

    fn on_interval_start(&mut self, interval: usize, now: f64) {
        self.bucket = ClockBucket::Interval(interval);
        self.observe_queue(now, None);
        self.staff_interval(interval, now);
        for pool in 0..self.pools.len() {
            self.serve_waiting(pool, now);
        }
        if !self.scenario.campaigns.is_empty() {
            self.after_staffing_change(now);
        }
        if !self.policies.contact.is_empty() {
            self.announce_estimate_change(interval, now);
        }
    }

    /// Every pool takes the staffing of `interval`, which starts `now`. A fractional count x
    /// staffs ceil(x) agents now and floor(x) from frac(x) of the way through the interval.
    fn staff_interval(&mut self, interval: usize, now: f64) {
        let (_, end) = self.scenario.hours.interval_bounds(interval);
        for pool in 0..self.pools.len() {
            let config = &self.scenario.pools[pool];
            self.pools[pool].set_staffing(config.agents[interval], now);
            let Some(exact) = config.fractional.as_ref().map(|f| f[interval]) else {
                continue;
            };
            if exact.fract() > 0.0 {
                let at = now + exact.fract() * (end - now);
                self.schedule_at(at, Event::StaffingStep(pool as u32, exact.floor() as u32));
            }
        }
    }

    fn on_close(&mut self, now: f64) {
        self.bucket = ClockBucket::AfterClose;
        self.closed = true;
        let (busy, _) = self.agents_busy_and_present();
        let end = &mut self.tally.end_of_day;
        end.waiting_at_close = self.waiting as u32;
        end.talking_at_close = busy - self.wrapping_up;
        // Overflow delays and reservations lapse: idle agents take what waits, then the idle go
        // home and the busy finish the queue (see on_end_conversation).
        for pool in 0..self.pools.len() {
            self.serve_waiting(pool, now);
            self.pools[pool].close();
        }
    }

    /// Ends the run: every call still waiting, talking or waiting for a callback is unfinished.
    /// (A caller due to redial later does not call again.)
    fn end_run(&mut self, now: f64) {
        for class in 0..self.queues.len() {
            let waiting: Vec<CallId> = self.queues[class].drain().collect();
            for id in waiting {
                self.calls.get_mut(id).waiting = false;
                self.finish(id, Outcome::Unfinished, now);
            }
            let held: Vec<CallId> = self.held[class].drain().collect();
            for id in held {
                self.finish(id, Outcome::Unfinished, now);
            }
        }
        self.waiting = 0;
        while let Some(id) = self.due.pop_front() {
            self.finish(id, Outcome::Unfinished, now);
        }
        while let Some((_, event)) = self.calendar.pop() {
            if let Event::EndConversation(id, ..)
            | Event::DialEnd(id, ..)
            | Event::CallbackDue(id) = event
            {
                self.finish(id, Outcome::Unfinished, now);
            }
        }
    }

    /// Records a call's outcome, then lets the caller try again or frees the call's slot.
    fn finish(&mut self, id: CallId, outcome: Outcome, now: f64) {
        let call = self.calls.get(id);
        let wait = match (&call.callback, outcome) {
            (_, Outcome::MissedBlocked) => 0.0,
            // A callback caller waited in the live queue only until they accepted.
            (Some(callback), _) => callback.live_wait,
            (None, _) => call.answered_at.unwrap_or(now) - call.arrival,
        };
        if call.counted {
            let class = call.class as usize;
            let rules = &self.classes[class].rules;
            // The agent's handle time, as an ACD reports it: talk plus wrap-up.
            let (handled, overflowed) = (call.talk_time + call.wrap_up, call.overflowed);
            self.tally
                .calls
                .record(outcome, wait, handled, overflowed, rules);
            self.tally.interval_calls[call.interval as usize]
                .record(outcome, wait, handled, overflowed, rules);
            if !self.single_class {
                self.tally.class_calls[class].record(outcome, wait, handled, overflowed, rules);
                self.tally.class_interval_calls[class][call.interval as usize]
                    .record(outcome, wait, handled, overflowed, rules);
            }
            let answered_after_close = self.closed
                && outcome == Outcome::Answered
                && call
                    .answered_at
                    .is_some_and(|at| at >= self.scenario.hours.close);
            self.tally.end_of_day.answered_after_close += u64::from(answered_after_close);
        }
        if self.caller_random {
            self.record_contact(id, outcome, wait);
        }
        if let Some(log) = &mut self.call_log {
            let call = self.calls.get(id);
            let talk = call.answered_at.map(|at| match outcome {
                Outcome::Unfinished => now - at,
                _ => call.talk_time,
            });
            log.push(CallRecord {
                call: call.number,
                caller: call.caller,
                attempt: call.attempt,
                class: call.class as usize,
                arrival: call.arrival,
                interval: call.interval as usize,
                wait,
                answered_at: call.answered_at,
                pool: call.served_by.map(|(pool, _)| pool as usize),
                agent: call.served_by.map(|(_, agent)| agent),
                talk,
                wrap_up: talk.map(|_| match outcome {
                    Outcome::Unfinished => 0.0,
                    _ => call.wrap_up,
                }),
                ended_at: now,
                outcome,
                counted: call.counted,
            });
        }
        if !(self.caller_random && self.redial_later(id, outcome, now)) {
            self.calls.release(id);
        }
    }
}

/// When, if at all, a caller's call fails in queue and in conversation (after entering the queue,
/// after the answer). Every caller takes the same three numbers from `rng` whatever the
/// probabilities, so later callers stay aligned across variants; the failure times come from a
/// per-caller generator.
fn failures<R: rand::Rng>(
    queue_drop: &Option<(f64, Sampler)>,
    conversation_drop: &Option<(f64, Sampler)>,
    rng: &mut R,
) -> (Option<f64>, Option<f64>) {
    let fails_in_queue: f64 = rng.random();
    let fails_in_conversation: f64 = rng.random();
    let failure_seed: u64 = rng.random();
    let mut failure_times = None;
    let mut failure_after = |rule: &Option<(f64, Sampler)>, draw: f64| -> Option<f64> {
        let (probability, after) = rule.as_ref()?;
        (draw < *probability).then(|| {
            let rng = failure_times.get_or_insert_with(|| StreamRng::seed_from_u64(failure_seed));
            after.sample(rng)
        })
    };
    (
        failure_after(queue_drop, fails_in_queue),
        failure_after(conversation_drop, fails_in_conversation),
    )
}
