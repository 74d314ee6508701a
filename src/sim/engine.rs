//! The event handlers: they apply arrivals, answers, departures and staffing changes to the model
//! through the calendar, ask the routing policies for decisions, and feed the tallies.

use super::agents::AgentPool;
use super::calls::{Call, CallId, CallSlab, QueueExit};
use super::queue::WaitQueue;
use super::tally::{CountingRules, DayTally};
use super::{Purpose, RunOutput};
use crate::dist::{PiecewisePoisson, Sampler};
use crate::kernel::rng::{StreamRng, stream};
use crate::kernel::{Calendar, EventKey, SimTime};
use crate::model::{
    AfterClose, Arrivals, CallRecord, DropPlace, DropRule, Outcome, Scenario, Skill,
};
use crate::policy::{Policies, PoolCandidate, WaitingCall};
use rand::{RngExt, SeedableRng};

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
    /// The conversation ends, normally or by a failure, and an agent of this pool is free.
    EndConversation(CallId, u32),
    /// A new interval starts: staffing changes.
    IntervalStart(u32),
    /// Closing time: arrivals have stopped.
    Close,
}

struct Streams {
    handle_times: StreamRng,
    patience: StreamRng,
    failures: StreamRng,
}

/// What is random about a caller of one class.
struct ClassSamplers {
    handle_time: Sampler,
    patience: Option<Sampler>,
    rules: CountingRules,
    /// The pools with a skill for the class.
    pools: Vec<usize>,
    /// Distinct positive overflow delays of the pools serving the class, ascending.
    overflow_delays: Vec<f64>,
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
    call_log: Option<Vec<CallRecord>>,
}

impl<'a> Engine<'a> {
    pub fn new(
        scenario: &'a Scenario,
        policies: &'a Policies,
        replication: u64,
        keep_call_log: bool,
    ) -> Self {
        let hours = &scenario.hours;
        let seed = scenario.seed;
        let classes = scenario
            .classes
            .iter()
            .enumerate()
            .map(|(index, class)| {
                let mut overflow_delays: Vec<f64> = scenario
                    .pools
                    .iter()
                    .filter_map(|pool| pool.skill(index))
                    .map(|skill| skill.after)
                    .filter(|after| *after > 0.0)
                    .collect();
                overflow_delays.sort_by(f64::total_cmp);
                overflow_delays.dedup();
                ClassSamplers {
                    pools: (0..scenario.pools.len())
                        .filter(|&pool| scenario.pools[pool].skill(index).is_some())
                        .collect(),
                    handle_time: class.handle_time.sampler(),
                    patience: class.patience.as_ref().map(|p| p.sampler()),
                    rules: CountingRules {
                        threshold: class.threshold,
                        short_abandon: class.short_abandon,
                    },
                    overflow_delays,
                }
            })
            .collect();
        // Class k's arrivals have their own stream (class 0 keeps the single-class stream number),
        // so adding a class never moves the arrival times of the others.
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
                        calls_per_hour.iter().map(|rate| rate / 3600.0).collect(),
                    ),
                    stream(seed, replication, Purpose::Arrivals.stream_for_class(index)),
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
                handle_times: stream(seed, replication, Purpose::HandleTimes as u64),
                patience: stream(seed, replication, Purpose::Patience as u64),
                failures: stream(seed, replication, Purpose::Failures as u64),
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
        let open = hours.open;
        for (pool, config) in self.pools.iter_mut().zip(&self.scenario.pools) {
            pool.set_staffing(config.agents[0], open);
        }
        for class in 0..self.arrivals.len() {
            self.schedule_next_arrival(class);
        }

        while let Some((now, event)) = self.calendar.pop() {
            let now = now.secs();
            self.advance_clock(now);
            match event {
                Event::Arrival(class) => self.on_arrival(class as usize, now),
                Event::LeaveQueue(call) => self.on_leave_queue(call, now),
                Event::Overflow(call, number) => self.on_overflow(call, number, now),
                Event::EndConversation(call, pool) => {
                    self.on_end_conversation(call, pool as usize, now)
                }
                Event::IntervalStart(interval) => self.on_interval_start(interval as usize, now),
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

    fn schedule_at(&mut self, at: f64, event: Event) -> EventKey {
        let at = SimTime::new(at).expect("event times are finite");
        self.calendar
            .schedule_at(at, event)
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
                self.tally.clock.add(self.waiting, busy, present, seconds);
                self.tally.interval_clock[index].add(self.waiting, busy, present, seconds);
                for (clock, queue) in self.tally.class_clock.iter_mut().zip(&self.queues) {
                    clock.add(queue.len(), 0, 0, seconds);
                }
                for (tally, pool) in self.tally.pools.iter_mut().zip(&self.pools) {
                    tally
                        .clock
                        .add(0, pool.busy_count(), pool.present_count(), seconds);
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
        let samplers = &self.classes[class];
        let handle_time = samplers.handle_time.sample(&mut self.streams.handle_times);
        let patience = samplers
            .patience
            .as_ref()
            .map(|p| p.sample(&mut self.streams.patience));
        let (queue_drop_after, conversation_drop_after) = self.draw_failures();

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
        let interval = (((now - hours.open) / hours.interval) as usize).min(self.last_interval);
        let number = self.calls_arrived;
        self.calls_arrived += 1;
        Call {
            number,
            class: class as u32,
            arrival: now,
            interval: interval as u32,
            counted: now >= self.warm_end,
            handle_time,
            queue_exit,
            conversation_drop_after,
            queue_exit_event: None,
            answered_at: None,
            waiting: false,
            overflowed: false,
            talk_time: 0.0,
            ends_in_failure: false,
        }
    }

    /// When, if at all, the new caller's call fails in queue and in conversation (after entering
    /// the queue, after the answer). Every caller takes the same three numbers from the failure
    /// stream whatever the probabilities, so later callers stay aligned across variants; the
    /// failure times come from a per-caller generator. A scenario without failures never touches
    /// the stream.
    fn draw_failures(&mut self) -> (Option<f64>, Option<f64>) {
        if self.queue_drop.is_none() && self.conversation_drop.is_none() {
            return (None, None);
        }
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
        (
            failure_after(&self.queue_drop, fails_in_queue),
            failure_after(&self.conversation_drop, fails_in_conversation),
        )
    }

    fn on_arrival(&mut self, class: usize, now: f64) {
        self.schedule_next_arrival(class);
        let call = self.draw_call(class, now);
        if call.counted {
            self.tally.calls.offered += 1;
            self.tally.interval_calls[call.interval as usize].offered += 1;
            if !self.single_class {
                self.tally.class_calls[class].offered += 1;
                self.tally.class_interval_calls[class][call.interval as usize].offered += 1;
            }
        }
        let limits = &self.scenario.limits;
        let (busy, _) = self.agents_busy_and_present();
        let lines_full = limits
            .lines
            .is_some_and(|lines| self.waiting as u32 + busy >= lines);
        let queue_full = limits
            .queue_capacity
            .is_some_and(|capacity| self.waiting as u32 >= capacity);
        let id = self.calls.insert(call);
        if lines_full {
            self.finish(id, Outcome::MissedBlocked, now);
        } else if let Some(pool) = self.take_agent_for(id, now) {
            self.answer(id, pool, now);
        } else if queue_full {
            self.finish(id, Outcome::MissedBlocked, now);
        } else {
            self.enqueue(id, now);
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
    /// the pools that may, and the chosen pool's longest-idle agent is taken.
    fn take_agent_for(&mut self, id: CallId, now: f64) -> Option<usize> {
        let call = self.calls.get(id);
        let (class, arrival) = (call.class as usize, call.arrival);
        if let [pool] = self.classes[class].pools[..] {
            // One pool serves the class: nothing to choose.
            if !self.may_answer(pool, class, now - arrival) {
                return None;
            }
            let taken = self.pools[pool].take_idle();
            debug_assert!(taken, "may_answer saw an idle agent");
            return Some(pool);
        }
        self.candidates.clear();
        for index in 0..self.classes[class].pools.len() {
            let pool = self.classes[class].pools[index];
            if self.may_answer(pool, class, now - arrival) {
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
        let taken = self.pools[pool].take_idle();
        debug_assert!(taken, "candidate pools have an idle agent");
        Some(pool)
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
        if let Some((after, _)) = exit {
            let key = self.schedule_at(now + after, Event::LeaveQueue(id));
            self.calls.get_mut(id).queue_exit_event = Some(key);
        }
        for index in 0..self.classes[class].overflow_delays.len() {
            let at = arrival + self.classes[class].overflow_delays[index];
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

    fn answer(&mut self, id: CallId, pool: usize, now: f64) {
        let skill = self
            .skill(pool, self.calls.get(id).class as usize)
            .expect("pools only answer classes they are skilled for");
        let (factor, overflow) = (skill.handle_factor, skill.after > 0.0);
        let call = self.calls.get_mut(id);
        call.answered_at = Some(now);
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
        if counted {
            let tally = &mut self.tally.pools[pool];
            tally.handled_by_class[class] += 1;
            tally.overflow_handled += u64::from(overflow);
        }
        self.schedule_at(now + talk, Event::EndConversation(id, pool as u32));
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
        if let Some(pool) = self.take_agent_for(id, now) {
            self.dequeue(id, now);
            self.answer(id, pool, now);
        }
    }

    fn on_end_conversation(&mut self, id: CallId, pool: usize, now: f64) {
        let outcome = if self.calls.get(id).ends_in_failure {
            Outcome::Dropped(DropPlace::InConversation)
        } else {
            Outcome::Answered
        };
        self.finish(id, outcome, now);
        let stays = self.pools[pool].finish_call(now);
        if stays {
            self.serve_waiting(pool, now);
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
            let Some(class) = self.best_waiting_for(pool, now) else {
                break;
            };
            let taken = self.pools[pool].take_idle();
            debug_assert!(taken, "the loop runs while an agent is idle");
            let id = self.dequeue_head(class, now);
            self.answer(id, pool, now);
        }
    }

    /// The class whose oldest call the pool answers next, if it may answer any.
    fn best_waiting_for(&self, pool: usize, now: f64) -> Option<usize> {
        let skills = &self.scenario.pools[pool].skills;
        if let [skill] = skills.as_slice() {
            // One class: nothing to rank, the oldest call goes first.
            let head = self.queues[skill.class].peek()?;
            let waited = now - self.calls.get(head).arrival;
            return self
                .may_answer(pool, skill.class, waited)
                .then_some(skill.class);
        }
        let mut best: Option<(crate::policy::Rank, usize)> = None;
        for skill in skills {
            let Some(head) = self.queues[skill.class].peek() else {
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
            if best.is_none_or(|(best_rank, _)| rank < best_rank) {
                best = Some((rank, skill.class));
            }
        }
        best.map(|(_, class)| class)
    }

    fn on_interval_start(&mut self, interval: usize, now: f64) {
        self.bucket = ClockBucket::Interval(interval);
        self.observe_queue(now, None);
        for pool in 0..self.pools.len() {
            self.pools[pool].set_staffing(self.scenario.pools[pool].agents[interval], now);
        }
        for pool in 0..self.pools.len() {
            self.serve_waiting(pool, now);
        }
    }

    fn on_close(&mut self, now: f64) {
        self.bucket = ClockBucket::AfterClose;
        self.closed = true;
        let (busy, _) = self.agents_busy_and_present();
        let end = &mut self.tally.end_of_day;
        end.waiting_at_close = self.waiting as u32;
        end.talking_at_close = busy;
        // Overflow delays and reservations lapse: idle agents take what waits, then the idle go
        // home and the busy finish the queue (see on_end_conversation).
        for pool in 0..self.pools.len() {
            self.serve_waiting(pool, now);
            self.pools[pool].close();
        }
    }

    /// Ends the run: every call still waiting or talking is unfinished.
    fn end_run(&mut self, now: f64) {
        for class in 0..self.queues.len() {
            let waiting: Vec<CallId> = self.queues[class].drain().collect();
            for id in waiting {
                self.calls.get_mut(id).waiting = false;
                self.finish(id, Outcome::Unfinished, now);
            }
        }
        self.waiting = 0;
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
            let class = call.class as usize;
            let rules = &self.classes[class].rules;
            let (handled, overflowed) = (call.talk_time, call.overflowed);
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
        if let Some(log) = &mut self.call_log {
            log.push(CallRecord {
                call: call.number,
                class: call.class as usize,
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
