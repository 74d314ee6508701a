//! Built-in agent selection.

use super::{AgentSelector, WaitingCall};

/// A pool that may answer a call and has an idle agent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PoolCandidate {
    /// Index of the pool in the scenario.
    pub pool: usize,
    /// Idle agents in the pool.
    pub idle: u32,
    /// Busy agents in the pool.
    pub busy: u32,
    /// Since when the pool's longest-idle agent has been idle, seconds since midnight.
    pub longest_idle_since: f64,
}

/// The agent idle longest, across every pool that may answer (ties: the earlier pool).
#[derive(Clone, Copy, Debug, Default)]
pub struct LongestIdle;

impl AgentSelector for LongestIdle {
    fn choose(&self, _call: &WaitingCall<'_>, candidates: &[PoolCandidate]) -> usize {
        candidates
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| a.longest_idle_since.total_cmp(&b.longest_idle_since))
            .map_or(0, |(index, _)| index)
    }
}

/// The first pool, in scenario order, that may answer (its longest-idle agent).
#[derive(Clone, Copy, Debug, Default)]
pub struct PreferredPool;

impl AgentSelector for PreferredPool {
    fn choose(&self, _call: &WaitingCall<'_>, candidates: &[PoolCandidate]) -> usize {
        candidates
            .iter()
            .enumerate()
            .min_by_key(|(_, candidate)| candidate.pool)
            .map_or(0, |(index, _)| index)
    }
}
