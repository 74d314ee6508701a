//! The agent pool: how many agents are present, idle or busy, and how staffing changes take effect.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// An agent's number within their pool: 0-based, kept from the moment the agent joins until they
/// leave, so the call log can say which agent took which calls.
pub(crate) type AgentNumber = u32;

/// Agents present in the centre.
///
/// When staffing drops, idle agents leave at once and busy agents finish their call before leaving
/// (`leaving_when_free`). Agents of a pool are interchangeable except for how long they have been
/// idle: idle agents are kept as the times they became idle, in that order, so the longest-idle
/// agent takes the next call, as most automatic call distributors do.
///
/// Each agent present holds a number; an agent who leaves frees it, and an agent who joins takes
/// the lowest free number, so numbers stay below the most agents ever present at once.
#[derive(Default)]
pub(crate) struct AgentPool {
    /// When each idle agent became idle, and who, longest idle first.
    idle: VecDeque<(f64, AgentNumber)>,
    busy: u32,
    leaving_when_free: u32,
    /// Numbers freed by agents who left, lowest first.
    free_numbers: BinaryHeap<Reverse<AgentNumber>>,
    /// Numbers handed out so far (the next new number).
    numbers_used: AgentNumber,
}

impl AgentPool {
    pub fn idle_count(&self) -> usize {
        self.idle.len()
    }

    pub fn busy_count(&self) -> u32 {
        self.busy
    }

    /// Agents in the building: idle plus busy (including busy agents due to leave).
    pub fn present_count(&self) -> u32 {
        self.busy + self.idle.len() as u32
    }

    /// Since when the longest-idle agent has been idle.
    pub fn longest_idle_since(&self) -> Option<f64> {
        self.idle.front().map(|(since, _)| *since)
    }

    /// The longest-idle agent starts a call, if any agent is idle: returns that agent's number.
    pub fn take_idle(&mut self) -> Option<AgentNumber> {
        let (_, agent) = self.idle.pop_front()?;
        self.busy += 1;
        Some(agent)
    }

    /// Busy agent `agent` finished a call at `now`. Returns `true` if the agent stays (and is now
    /// idle), `false` if the agent was due to leave and has left.
    pub fn finish_call(&mut self, agent: AgentNumber, now: f64) -> bool {
        self.busy -= 1;
        if self.leaving_when_free > 0 {
            self.leaving_when_free -= 1;
            self.free_numbers.push(Reverse(agent));
            false
        } else {
            self.idle.push_back((now, agent));
            true
        }
    }

    /// Closing time: idle agents go home and busy agents stay to work off the queue (pending
    /// departures are cancelled; [`AgentPool::dismiss_idle`] sends each home when done).
    pub fn close(&mut self) {
        self.leaving_when_free = 0;
        self.dismiss_idle();
    }

    /// Every idle agent goes home.
    pub fn dismiss_idle(&mut self) {
        for (_, agent) in self.idle.drain(..) {
            self.free_numbers.push(Reverse(agent));
        }
    }

    /// The number of an agent joining now: the lowest one free.
    fn join(&mut self) -> AgentNumber {
        self.free_numbers.pop().map_or_else(
            || {
                self.numbers_used += 1;
                self.numbers_used - 1
            },
            |Reverse(agent)| agent,
        )
    }

    /// Sets the staffed count at `now`. Added agents join idle; surplus idle agents leave now
    /// (the most recently idle first), surplus busy agents leave when their call ends.
    pub fn set_staffing(&mut self, target: u32, now: f64) {
        let staying = self.present_count() - self.leaving_when_free;
        if target >= staying {
            let mut to_add = target - staying;
            let kept = to_add.min(self.leaving_when_free);
            self.leaving_when_free -= kept;
            to_add -= kept;
            for _ in 0..to_add {
                let agent = self.join();
                self.idle.push_back((now, agent));
            }
        } else {
            let mut to_remove = staying - target;
            while to_remove > 0
                && let Some((_, agent)) = self.idle.pop_back()
            {
                self.free_numbers.push(Reverse(agent));
                to_remove -= 1;
            }
            self.leaving_when_free += to_remove;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staffing_drop_lets_busy_agents_finish() {
        let mut pool = AgentPool::default();
        pool.set_staffing(3, 0.0);
        assert_eq!((pool.take_idle(), pool.take_idle()), (Some(0), Some(1)));
        pool.set_staffing(1, 0.0); // one idle leaves now, one busy leaves after the call
        assert_eq!(pool.present_count(), 2);
        assert!(!pool.finish_call(1, 1.0), "first agent to finish leaves");
        assert!(pool.finish_call(0, 1.0), "second stays");
        assert_eq!(pool.present_count(), 1);
    }

    #[test]
    fn staffing_rise_cancels_pending_departures_first() {
        let mut pool = AgentPool::default();
        pool.set_staffing(2, 0.0);
        assert!(pool.take_idle().is_some() && pool.take_idle().is_some());
        pool.set_staffing(0, 0.0);
        assert_eq!(pool.present_count(), 2);
        pool.set_staffing(2, 0.0);
        assert_eq!(pool.present_count(), 2, "no new agents needed");
        assert!(pool.finish_call(0, 1.0));
        assert_eq!(pool.idle_count(), 1);
    }

    #[test]
    fn longest_idle_agent_answers_first() {
        let mut pool = AgentPool::default();
        pool.set_staffing(2, 0.0);
        assert!(pool.take_idle().is_some() && pool.take_idle().is_some());
        pool.finish_call(1, 1.0);
        pool.finish_call(0, 2.0);
        assert_eq!(pool.longest_idle_since(), Some(1.0));
        assert_eq!(pool.take_idle(), Some(1));
        assert_eq!(pool.longest_idle_since(), Some(2.0));
        assert_eq!((pool.take_idle(), pool.take_idle()), (Some(0), None));
    }

    /// An agent keeps their number while present; a newcomer takes the lowest number free.
    #[test]
    fn agents_keep_their_numbers_and_newcomers_reuse_the_lowest() {
        let mut pool = AgentPool::default();
        pool.set_staffing(3, 0.0);
        assert_eq!(pool.take_idle(), Some(0));
        pool.set_staffing(1, 10.0); // agents 2 then 1 (the most recently idle) leave
        pool.set_staffing(2, 20.0);
        assert!(pool.finish_call(0, 30.0));
        assert_eq!((pool.take_idle(), pool.take_idle()), (Some(1), Some(0)));
    }
}
