//! Outbound campaigns (`[[campaigns]]`): a calling list worked by a dialler on some of the
//! centre's agents, what each dial finds, and how fast the dialler may dial.
//!
//! A live person who answers a dial and finds no agent within the connection limit is an
//! *outbound abandoned* call, the lost-call type regulators cap (Ofcom: 3 % of live answers per
//! campaign per day). The model is described in `docs/outbound.md`.

use crate::dist::Distribution;

/// What a dial finds when it stops ringing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialOutcome {
    /// A live person answers.
    Live,
    /// Nobody answers before the dialler gives up.
    NoAnswer,
    /// The line is busy.
    Busy,
    /// An answering machine (voicemail) answers.
    Machine,
    /// The number does not exist or is out of service.
    Invalid,
}

impl DialOutcome {
    /// Every outcome, in the order of the scenario keys and of [`OutcomeShares`].
    pub const ALL: [DialOutcome; 5] = [
        DialOutcome::Live,
        DialOutcome::NoAnswer,
        DialOutcome::Busy,
        DialOutcome::Machine,
        DialOutcome::Invalid,
    ];

    /// The outcome's key in the scenario and the reports.
    pub fn key(self) -> &'static str {
        match self {
            DialOutcome::Live => "live",
            DialOutcome::NoAnswer => "no_answer",
            DialOutcome::Busy => "busy",
            DialOutcome::Machine => "machine",
            DialOutcome::Invalid => "invalid",
        }
    }

    /// The outcome's index in [`DialOutcome::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The probability of each outcome of a dial, in the order of [`DialOutcome::ALL`]; they sum
/// to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutcomeShares(pub [f64; 5]);

impl OutcomeShares {
    /// The outcome a uniform number `u` in [0, 1) picks: the first whose cumulative probability
    /// exceeds `u` (the last one with a positive probability when rounding leaves `u` above the
    /// sum).
    pub fn pick(&self, u: f64) -> DialOutcome {
        let mut cumulative = 0.0;
        let mut last = DialOutcome::Live;
        for (outcome, share) in DialOutcome::ALL.into_iter().zip(self.0) {
            if share <= 0.0 {
                continue;
            }
            cumulative += share;
            last = outcome;
            if u < cumulative {
                return outcome;
            }
        }
        last
    }
}

/// How long a dial rings before each outcome, in the order of [`DialOutcome::ALL`].
#[derive(Clone, Debug, PartialEq)]
pub struct RingTimes(pub [Distribution; 5]);

impl RingTimes {
    /// The ring time before `outcome`.
    pub fn of(&self, outcome: DialOutcome) -> &Distribution {
        &self.0[outcome.index()]
    }
}

/// When an unanswered or busy number is dialled again.
#[derive(Clone, Debug, PartialEq)]
pub struct Retries {
    /// Delay before dialling again after no answer; `None`: never again.
    pub no_answer: Option<Distribution>,
    /// Delay before dialling again after a busy line; `None`: never again.
    pub busy: Option<Distribution>,
    /// The most dials of one record, the first included.
    pub max_attempts: u32,
}

impl Default for Retries {
    fn default() -> Self {
        Retries {
            no_answer: None,
            busy: None,
            max_attempts: 1,
        }
    }
}

/// Answering-machine detection: the dialler listens to the greeting before passing the call on.
#[derive(Clone, Debug, PartialEq)]
pub struct Amd {
    /// How long the detector listens, seconds after the answer.
    pub delay: f64,
    /// The share of live people it takes for machines and hangs up on: outbound abandoned calls.
    pub false_positive: f64,
    /// The share of machines it takes for people and passes to an agent.
    pub false_negative: f64,
}

/// How fast the dialler dials, as the scenario names it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pacing {
    /// One dial per idle agent, the agent held for the dial until its outcome: never drops.
    Progressive,
    /// `dial_ratio` dials in progress per idle agent, no agent held: drops when too many answer.
    Predictive {
        /// Dials per idle agent, 1 or more.
        dial_ratio: f64,
    },
    /// Preview dialling: an agent is given a record, reads it for `preview_time` seconds, then
    /// dials it and stays on the line: never drops.
    Preview {
        /// Seconds the agent spends on the record before the dial goes out.
        preview_time: f64,
    },
    /// Predictive dialling that adapts its ratio through the day to hold the day's abandonment
    /// rate at `target` (see [`crate::policy::AdaptiveRatio`]).
    Adaptive {
        /// The abandonment rate (Ofcom's, over the day so far) to hold.
        target: f64,
        /// The highest dial ratio it may use.
        max_ratio: f64,
    },
}

/// How a campaign shares its agents with inbound queues (blending). The default shares them
/// freely: an idle agent is the dialler's as much as the queue's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Blend {
    /// Inbound callers first: a freed agent takes a waiting inbound caller before an answered
    /// dial, and the dialler places no dial while an inbound caller the campaign's pools serve
    /// is waiting.
    pub inbound_first: bool,
    /// Agents of the campaign's pools kept idle for inbound calls: the dialler dials only for
    /// idle agents beyond them, and connects answers only to agents beyond them.
    pub reserve: u32,
}

/// One outbound campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct Campaign {
    /// The campaign's name in reports.
    pub name: String,
    /// Records on the calling list.
    pub list_size: u32,
    /// The dialler places dials from this clock time (seconds since midnight) …
    pub dial_from: f64,
    /// … until this one (no new dial at or after it).
    pub dial_until: f64,
    /// The pools whose agents work the campaign (indices into the scenario's pools).
    pub pools: Vec<usize>,
    /// The outcome probabilities per interval (of the interval a dial is placed in).
    pub outcomes: Vec<OutcomeShares>,
    /// Ring time before each outcome.
    pub ring: RingTimes,
    /// The probability that a connected live answer is the person the record is for (a
    /// right-party contact), rather than someone else at that number.
    pub right_party: f64,
    /// Talk time of a connected live call.
    pub handle_time: Distribution,
    /// After-call work of a connected live call (`None`: none).
    pub wrap_up: Option<Distribution>,
    /// Seconds an agent spends on an answering machine that reaches them.
    pub machine_time: f64,
    /// Dialling again after no answer or a busy line.
    pub retries: Retries,
    /// Answering-machine detection (`None`: every answer goes to an agent).
    pub amd: Option<Amd>,
    /// Seconds a live person waits for an agent (after detection, if any) before the call
    /// counts as abandoned.
    pub connection_limit: f64,
    /// The built-in pacing the scenario names.
    pub pacing: Pacing,
    /// How the campaign shares its agents with inbound queues.
    pub blend: Blend,
}

/// The connection limit when the scenario does not give one: the 2 seconds of the Ofcom and US
/// Telemarketing Sales Rule definitions.
pub const DEFAULT_CONNECTION_LIMIT: f64 = 2.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_follows_the_cumulative_shares_and_skips_zero_ones() {
        let shares = OutcomeShares([0.25, 0.0, 0.25, 0.5, 0.0]);
        assert_eq!(shares.pick(0.0), DialOutcome::Live);
        assert_eq!(shares.pick(0.2499), DialOutcome::Live);
        assert_eq!(shares.pick(0.25), DialOutcome::Busy);
        assert_eq!(shares.pick(0.75), DialOutcome::Machine);
        assert_eq!(shares.pick(0.999_999_999_9), DialOutcome::Machine);
    }
}
