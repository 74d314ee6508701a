//! The wait queue: callers in answer order, with O(log n) removal of a caller who leaves early.

use super::calls::CallId;
use priority_queue::PriorityQueue;
use std::cmp::Reverse;
use std::hash::{BuildHasherDefault, Hasher};

/// Callers waiting for an agent, answered first-come first-served (by arrival number).
///
/// Built on `priority-queue` because abandoning, timed-out and dropped callers leave from the
/// middle of the queue, which a plain heap cannot do cheaply.
#[derive(Default)]
pub(crate) struct WaitQueue {
    waiting: PriorityQueue<CallId, Reverse<u64>, BuildHasherDefault<CallIdHasher>>,
}

impl WaitQueue {
    pub fn push(&mut self, call: CallId, arrival_number: u64) {
        self.waiting.push(call, Reverse(arrival_number));
    }

    /// Removes and returns the caller to answer next.
    pub fn pop_next(&mut self) -> Option<CallId> {
        self.waiting.pop().map(|(call, _)| call)
    }

    /// The caller who would be answered next, without removing them.
    pub fn peek(&self) -> Option<CallId> {
        self.waiting.peek().map(|(call, _)| *call)
    }

    /// Removes a caller who leaves before being answered.
    pub fn remove(&mut self, call: CallId) {
        self.waiting.remove(&call);
    }

    pub fn len(&self) -> usize {
        self.waiting.len()
    }

    /// Callers who arrived before the caller with this arrival number.
    pub fn count_before(&self, arrival_number: u64) -> usize {
        self.waiting
            .iter()
            .filter(|(_, Reverse(number))| *number < arrival_number)
            .count()
    }

    /// The waiting callers in answer order (without removing them).
    pub fn in_order(&self) -> Vec<CallId> {
        let mut callers: Vec<(u64, CallId)> = self
            .waiting
            .iter()
            .map(|(call, Reverse(number))| (*number, *call))
            .collect();
        callers.sort_unstable();
        callers.into_iter().map(|(_, call)| call).collect()
    }

    pub fn drain(&mut self) -> impl Iterator<Item = CallId> + '_ {
        std::iter::from_fn(|| self.pop_next())
    }
}

/// Call ids are small unique integers, so they are their own hash: no hashing cost on the hot path.
#[derive(Default)]
pub(crate) struct CallIdHasher(u64);

impl Hasher for CallIdHasher {
    fn finish(&self) -> u64 {
        // Spread the bits so that the map's top-bit bucket selection sees them.
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.0 = u64::from(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_in_arrival_order_and_removes_from_the_middle() {
        let mut queue = WaitQueue::default();
        queue.push(7, 10);
        queue.push(3, 11);
        queue.push(9, 12);
        queue.remove(3);
        assert_eq!(queue.len(), 2);
        assert_eq!(queue.in_order(), vec![7, 9]);
        assert_eq!(queue.count_before(12), 1);
        assert_eq!(queue.pop_next(), Some(7));
        assert_eq!(queue.pop_next(), Some(9));
        assert_eq!(queue.pop_next(), None);
    }
}
