//! Pacing policies: how many dials an outbound campaign places, and whether each dial holds an
//! agent while it rings. The engine asks whenever the answer may have changed (an agent of the
//! campaign became free, a dial ended, staffing changed, dialling started) and places the dials.

use crate::model::{Campaign, Pacing};

/// What a pacing policy sees of its campaign when asked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiallerView {
    /// Index of the campaign.
    pub campaign: usize,
    /// The current time, seconds since midnight.
    pub now: f64,
    /// The reporting interval `now` falls in.
    pub interval: usize,
    /// Idle agents of the campaign's pools (not held by a dial).
    pub idle_agents: u32,
    /// Agents of the campaign's pools in the building (idle or busy with anything).
    pub agents_present: u32,
    /// Dials placed that have not yet rung out, been answered or been classified.
    pub dials_in_progress: u32,
    /// Answered calls (people, or machines taken for people) waiting for an agent.
    pub waiting_for_agent: u32,
    /// Records that could be dialled now.
    pub records_ready: u32,
    /// Live answers so far today (counted from the start of the day, warm-up included).
    pub live_answers: u64,
    /// Live answers abandoned so far today, AMD false positives included.
    pub abandoned: u64,
}

/// Decides how many dials a campaign places now.
pub trait PacingPolicy: Send + Sync {
    /// The number of dials to place now (the engine places at most `records_ready`).
    fn dials(&self, view: &DiallerView) -> u32;

    /// Whether each dial takes an idle agent when placed and holds them until its outcome, so
    /// that a person who answers always finds that agent (progressive and preview dialling).
    /// A policy that holds agents is asked only while some agent is idle.
    fn holds_agent(&self) -> bool {
        false
    }
}

/// One dial per idle agent, the agent held for it: no answer is ever left without an agent.
#[derive(Clone, Copy, Debug, Default)]
pub struct Progressive;

impl PacingPolicy for Progressive {
    fn dials(&self, view: &DiallerView) -> u32 {
        view.idle_agents
    }

    fn holds_agent(&self) -> bool {
        true
    }
}

/// Predictive dialling at a fixed ratio: keeps ⌊ratio × idle agents⌋ dials in progress (answered
/// calls still waiting for an agent count as in progress), betting that most will not reach a
/// person.
#[derive(Clone, Copy, Debug)]
pub struct FixedRatio {
    /// Dials per idle agent, 1 or more.
    pub ratio: f64,
}

impl PacingPolicy for FixedRatio {
    fn dials(&self, view: &DiallerView) -> u32 {
        let wanted = (self.ratio * f64::from(view.idle_agents)).floor() as u32;
        wanted.saturating_sub(view.dials_in_progress + view.waiting_for_agent)
    }
}

/// The built-in pacing a campaign names.
pub fn pacing_for(campaign: &Campaign) -> Box<dyn PacingPolicy> {
    match campaign.pacing {
        Pacing::Progressive => Box::new(Progressive),
        Pacing::Predictive { dial_ratio } => Box::new(FixedRatio { ratio: dial_ratio }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(idle: u32, in_progress: u32, waiting: u32) -> DiallerView {
        DiallerView {
            campaign: 0,
            now: 0.0,
            interval: 0,
            idle_agents: idle,
            agents_present: 10,
            dials_in_progress: in_progress,
            waiting_for_agent: waiting,
            records_ready: 100,
            live_answers: 0,
            abandoned: 0,
        }
    }

    #[test]
    fn progressive_dials_once_per_idle_agent_and_holds_them() {
        assert_eq!(Progressive.dials(&view(3, 0, 0)), 3);
        assert!(Progressive.holds_agent());
    }

    #[test]
    fn fixed_ratio_tops_up_to_ratio_times_idle() {
        let pacing = FixedRatio { ratio: 2.5 };
        assert_eq!(pacing.dials(&view(3, 0, 0)), 7);
        assert_eq!(pacing.dials(&view(3, 4, 1)), 2);
        assert_eq!(pacing.dials(&view(3, 9, 0)), 0);
        assert_eq!(pacing.dials(&view(0, 0, 0)), 0);
        assert!(!pacing.holds_agent());
    }
}
