//! The event calendar: a binary heap keyed by (time, insertion sequence) with lazy cancellation.

use super::SimTime;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Handle to a scheduled event, used to cancel it.
///
/// A key stays valid until its event is delivered or cancelled; after that, cancelling it again is a
/// harmless no-op, even if the calendar has reused its slot for a newer event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventKey {
    slot: u32,
    generation: u32,
}

/// Why an event could not be scheduled.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum ScheduleError {
    /// The requested time lies before the current simulated time.
    #[error("cannot schedule an event at {at} because the simulation is already at {now}")]
    InThePast {
        /// The requested time.
        at: SimTime,
        /// The calendar's current time.
        now: SimTime,
    },
    /// The requested delay or time was NaN or infinite.
    #[error("cannot schedule an event at a non-finite time ({0} s)")]
    NotFinite(f64),
}

/// A future-event list.
///
/// **Ordering contract:** events come out in time order; events scheduled for the same time come
/// out in the order they were scheduled (first in, first out), never at random. Simulated time never
/// goes backwards: scheduling before [`Calendar::now`] is an error.
///
/// **Cancellation** is lazy: [`Calendar::cancel`] bumps the generation of the event's slot in O(1)
/// and the stale heap entry is skipped when it reaches the top. This keeps a cancelled patience
/// timer from costing a heap removal. Only events scheduled with
/// [`Calendar::schedule_cancellable_at`] carry a key; the others skip its bookkeeping.
pub struct Calendar<E> {
    heap: BinaryHeap<Entry<E>>,
    now: SimTime,
    next_sequence: u64,
    generations: Vec<u32>,
    free_slots: Vec<u32>,
}

struct Entry<E> {
    /// The event's time and insertion sequence as one integer ([`order`]), so that the heap
    /// compares one `u128` instead of two floats and a sequence number.
    order: u128,
    /// The cancellation key, or `None` for an event that cannot be cancelled (most are not:
    /// they skip the key's bookkeeping when scheduled and delivered).
    key: Option<EventKey>,
    event: E,
}

/// (time, sequence) as one integer that sorts as they do: the time's bits mapped so that
/// unsigned order is [`f64::total_cmp`]'s (the order [`SimTime`] has), then the sequence.
fn order(time: SimTime, sequence: u64) -> u128 {
    let bits = time.secs().to_bits();
    let sortable = if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    };
    (u128::from(sortable) << 64) | u128::from(sequence)
}

/// The time an [`order`] was made from.
fn time_of(order: u128) -> SimTime {
    let sortable = (order >> 64) as u64;
    let bits = if sortable >> 63 == 1 {
        sortable & !(1 << 63)
    } else {
        !sortable
    };
    SimTime::new(f64::from_bits(bits)).expect("calendar times are finite")
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<E> Eq for Entry<E> {}

impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Entry<E> {
    /// Reversed, so that the max-heap pops the earliest (time, sequence) first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.order.cmp(&self.order)
    }
}

impl<E> Default for Calendar<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Calendar<E> {
    /// An empty calendar at time zero.
    pub fn new() -> Self {
        Self::starting_at(SimTime::ZERO)
    }

    /// An empty calendar whose clock starts at `start`.
    pub fn starting_at(start: SimTime) -> Self {
        Calendar {
            heap: BinaryHeap::new(),
            now: start,
            next_sequence: 0,
            generations: Vec::new(),
            free_slots: Vec::new(),
        }
    }

    /// The time of the event delivered last (or the start time).
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Schedules `event` at the absolute time `at`, for good: it cannot be cancelled.
    pub fn schedule_at(&mut self, at: SimTime, event: E) -> Result<(), ScheduleError> {
        self.push(at, None, event)
    }

    /// Schedules `event` at the absolute time `at` and returns the key that cancels it.
    pub fn schedule_cancellable_at(
        &mut self,
        at: SimTime,
        event: E,
    ) -> Result<EventKey, ScheduleError> {
        let key = self.allocate_key();
        match self.push(at, Some(key), event) {
            Ok(()) => Ok(key),
            Err(error) => {
                self.cancel(key);
                Err(error)
            }
        }
    }

    /// Schedules `event` `delay` seconds from now, for good.
    pub fn schedule_in(&mut self, delay: f64, event: E) -> Result<(), ScheduleError> {
        let at = SimTime::new(self.now.secs() + delay).ok_or(ScheduleError::NotFinite(delay))?;
        self.schedule_at(at, event)
    }

    fn push(&mut self, at: SimTime, key: Option<EventKey>, event: E) -> Result<(), ScheduleError> {
        if at < self.now {
            return Err(ScheduleError::InThePast { at, now: self.now });
        }
        let sequence = self.next_sequence;
        self.next_sequence += 1;
        self.heap.push(Entry {
            order: order(at, sequence),
            key,
            event,
        });
        Ok(())
    }

    /// Cancels a pending event. Returns whether it was still pending.
    pub fn cancel(&mut self, key: EventKey) -> bool {
        let generation = &mut self.generations[key.slot as usize];
        if *generation != key.generation {
            return false;
        }
        *generation = generation.wrapping_add(1);
        self.free_slots.push(key.slot);
        true
    }

    /// Removes the next live event, advances the clock to its time and returns it.
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        while let Some(entry) = self.heap.pop() {
            if let Some(key) = entry.key {
                let generation = &mut self.generations[key.slot as usize];
                if *generation != key.generation {
                    continue; // cancelled
                }
                *generation = generation.wrapping_add(1);
                self.free_slots.push(key.slot);
            }
            let time = time_of(entry.order);
            self.now = time;
            return Some((time, entry.event));
        }
        None
    }

    fn allocate_key(&mut self) -> EventKey {
        match self.free_slots.pop() {
            Some(slot) => EventKey {
                slot,
                generation: self.generations[slot as usize],
            },
            None => {
                let slot =
                    u32::try_from(self.generations.len()).expect("fewer than 2^32 pending events");
                self.generations.push(0);
                EventKey {
                    slot,
                    generation: 0,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: f64) -> SimTime {
        SimTime::new(secs).unwrap()
    }

    /// The integer order sorts (time, sequence) exactly as `SimTime`'s `total_cmp` and then the
    /// sequence do, across signs, zeros, subnormals and extremes, and gives the time back.
    #[test]
    fn the_integer_order_sorts_as_time_then_sequence_and_round_trips() {
        let times = [
            -1e300,
            -3.5,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            5e-324,
            f64::MIN_POSITIVE,
            1.0,
            28_800.25,
            1e300,
            f64::MAX,
        ];
        let mut keyed: Vec<(SimTime, u64)> = Vec::new();
        for (i, time) in times.iter().enumerate() {
            for sequence in [0, 7, u64::MAX - i as u64] {
                keyed.push((t(*time), sequence));
            }
        }
        for a in &keyed {
            assert_eq!(
                time_of(order(a.0, a.1)).secs().to_bits(),
                a.0.secs().to_bits()
            );
            for b in &keyed {
                let expected = a.0.cmp(&b.0).then(a.1.cmp(&b.1));
                assert_eq!(
                    order(a.0, a.1).cmp(&order(b.0, b.1)),
                    expected,
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn delivers_in_time_order_and_fifo_on_ties() {
        let mut calendar = Calendar::new();
        calendar.schedule_at(t(5.0), "late").unwrap();
        calendar.schedule_at(t(1.0), "first of two at 1").unwrap();
        calendar.schedule_at(t(1.0), "second of two at 1").unwrap();
        calendar.schedule_at(t(0.5), "early").unwrap();
        let order: Vec<_> = std::iter::from_fn(|| calendar.pop().map(|(_, e)| e)).collect();
        assert_eq!(
            order,
            ["early", "first of two at 1", "second of two at 1", "late"]
        );
        assert_eq!(calendar.now(), t(5.0));
    }

    #[test]
    fn many_ties_stay_fifo() {
        let mut calendar = Calendar::new();
        for i in 0..1000 {
            calendar.schedule_at(t(3.0), i).unwrap();
        }
        let order: Vec<_> = std::iter::from_fn(|| calendar.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn cancelled_events_are_skipped() {
        let mut calendar = Calendar::new();
        let patience = calendar
            .schedule_cancellable_at(t(10.0), "abandon")
            .unwrap();
        calendar.schedule_at(t(4.0), "answer").unwrap();
        assert_eq!(calendar.pop(), Some((t(4.0), "answer")));
        assert!(calendar.cancel(patience));
        assert!(!calendar.cancel(patience), "second cancel is a no-op");
        assert_eq!(calendar.pop(), None);
    }

    #[test]
    fn stale_key_does_not_cancel_a_reused_slot() {
        let mut calendar = Calendar::new();
        let old = calendar.schedule_cancellable_at(t(1.0), 1).unwrap();
        assert_eq!(calendar.pop(), Some((t(1.0), 1)));
        let _reused = calendar.schedule_cancellable_at(t(2.0), 2).unwrap();
        assert!(!calendar.cancel(old));
        assert_eq!(calendar.pop(), Some((t(2.0), 2)));
    }

    #[test]
    fn scheduling_into_the_past_is_an_error() {
        let mut calendar = Calendar::new();
        calendar.schedule_at(t(10.0), ()).unwrap();
        calendar.pop();
        assert_eq!(
            calendar.schedule_at(t(9.0), ()),
            Err(ScheduleError::InThePast {
                at: t(9.0),
                now: t(10.0)
            })
        );
        assert!(
            calendar.schedule_at(t(10.0), ()).is_ok(),
            "now itself is allowed"
        );
        assert!(matches!(
            calendar.schedule_in(f64::NAN, ()),
            Err(ScheduleError::NotFinite(_))
        ));
    }
}
