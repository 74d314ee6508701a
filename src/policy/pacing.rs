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
    /// Dials placed so far today (counted from the start of the day, warm-up included).
    pub dials: u64,
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

    /// Seconds a held agent spends on the record before the dial goes out (preview dialling);
    /// 0 for every other pacing.
    fn preview_time(&self) -> f64 {
        0.0
    }
}

/// Preview dialling: each idle agent is given a record, reads it, then dials it and stays on
/// the line, so no answer is ever left without an agent.
#[derive(Clone, Copy, Debug)]
pub struct Preview {
    /// Seconds the agent spends on the record before dialling.
    pub seconds: f64,
}

impl PacingPolicy for Preview {
    fn dials(&self, view: &DiallerView) -> u32 {
        view.idle_agents
    }

    fn holds_agent(&self) -> bool {
        true
    }

    fn preview_time(&self) -> f64 {
        self.seconds
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

/// Predictive dialling that adapts its ratio to hold the day's abandonment rate at a target.
///
/// The ratio starts from the one that would bring one live answer per idle agent — the inverse
/// of the share of dials answered by a person so far — and is scaled by
/// exp(−[`AdaptiveRatio::GAIN`] × (observed − target)), where observed is the day's abandonment
/// rate so far, shrunk towards the target by [`AdaptiveRatio::PRIOR_ANSWERS`] answers' worth of
/// evidence so that the first few answers do not swing it. Above the target the ratio falls, below
/// it rises; it stays between 1 and `max_ratio`. Because the day's rate is the running record of
/// every earlier decision, this acts on the accumulated error, which is what holds the day's rate
/// near the target rather than merely pulling towards it.
#[derive(Clone, Copy, Debug)]
pub struct AdaptiveRatio {
    /// The abandonment rate to hold.
    pub target: f64,
    /// The highest ratio allowed.
    pub max_ratio: f64,
}

impl AdaptiveRatio {
    /// How strongly the ratio answers a gap between the observed rate and the target: a gap of
    /// a tenth of a percentage point scales it by e^(−0.3) ≈ 0.74. The day's rate settles where
    /// the ratio that holds the target and the starting ratio differ by that factor, so the
    /// gain keeps it within a few tenths of a point of the target.
    pub const GAIN: f64 = 300.0;
    /// Live answers' worth of the target assumed before the day has any.
    pub const PRIOR_ANSWERS: f64 = 50.0;
    /// The share of dials answered by a person assumed before the day has any dials.
    const PRIOR_LIVE_SHARE: f64 = 0.3;
    /// Dials' worth of that assumption.
    const PRIOR_DIALS: f64 = 20.0;

    /// The dial ratio for what the view shows.
    pub fn ratio(&self, view: &DiallerView) -> f64 {
        let live = view.live_answers as f64;
        let live_share = (live + Self::PRIOR_LIVE_SHARE * Self::PRIOR_DIALS)
            / (view.dials as f64 + Self::PRIOR_DIALS);
        let observed = (view.abandoned as f64 + self.target * Self::PRIOR_ANSWERS)
            / (live + Self::PRIOR_ANSWERS);
        let ratio = (-Self::GAIN * (observed - self.target)).exp() / live_share;
        ratio.clamp(1.0, self.max_ratio)
    }
}

impl PacingPolicy for AdaptiveRatio {
    fn dials(&self, view: &DiallerView) -> u32 {
        FixedRatio {
            ratio: self.ratio(view),
        }
        .dials(view)
    }
}

/// The built-in pacing a campaign names.
pub fn pacing_for(campaign: &Campaign) -> Box<dyn PacingPolicy> {
    match campaign.pacing {
        Pacing::Progressive => Box::new(Progressive),
        Pacing::Preview { preview_time } => Box::new(Preview {
            seconds: preview_time,
        }),
        Pacing::Predictive { dial_ratio } => Box::new(FixedRatio { ratio: dial_ratio }),
        Pacing::Adaptive { target, max_ratio } => Box::new(AdaptiveRatio { target, max_ratio }),
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
            dials: 0,
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

    #[test]
    fn adaptive_ratio_falls_above_target_and_rises_when_fewer_people_answer() {
        let pacing = AdaptiveRatio {
            target: 0.03,
            max_ratio: 5.0,
        };
        let day = |dials: u64, live: u64, abandoned: u64| DiallerView {
            dials,
            live_answers: live,
            abandoned,
            ..view(4, 0, 0)
        };
        let on_target = pacing.ratio(&day(1000, 300, 9));
        let above = pacing.ratio(&day(1000, 300, 30));
        let fewer_answer = pacing.ratio(&day(1000, 150, 4));
        assert!(above < on_target, "{above} vs {on_target}");
        assert!(fewer_answer > on_target, "{fewer_answer} vs {on_target}");
        assert_eq!(pacing.ratio(&day(1000, 300, 300)), 1.0, "never below 1");
        assert_eq!(pacing.ratio(&day(1000, 10, 0)), 5.0, "never above the cap");
    }
}
