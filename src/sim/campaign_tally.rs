//! What one replication counts of an outbound campaign, and the campaign metrics computed from
//! it. Dials count when they are placed at or after the end of the warm-up; everything that
//! happens to a counted dial (its outcome, its connection or abandonment) counts with it.

use super::metrics::{Metric, Unit};
use crate::model::{Campaign, DialOutcome};

/// Counts of one campaign over the day.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CampaignTally {
    /// Dials placed.
    pub dials: u64,
    /// Dials by what they found, in the order of [`DialOutcome::ALL`].
    pub outcomes: [u64; 5],
    /// Live answers connected to an agent: the campaign's contacts.
    pub connected: u64,
    /// Live answers that found no agent within the connection limit.
    pub abandoned_no_agent: u64,
    /// Live answers the answering-machine detector took for machines and hung up on.
    pub amd_false_positives: u64,
    /// Answering machines passed to an agent (no detection, or a false negative).
    pub machines_to_agents: u64,
    /// Seconds of agent time on the campaign: dials an agent was held for, talk, wrap-up and
    /// machines.
    pub agent_seconds: f64,
    /// The sum, over the dialler's decisions while an agent was idle, of the dials in progress
    /// per idle agent the decision left (agents a decision held count as idle ones).
    pub ratio_sum: f64,
    /// Those decisions.
    pub ratio_decisions: u64,
}

impl CampaignTally {
    /// Adds another day's counts.
    pub fn add(&mut self, other: &Self) {
        self.dials += other.dials;
        for (own, other) in self.outcomes.iter_mut().zip(other.outcomes) {
            *own += other;
        }
        self.connected += other.connected;
        self.abandoned_no_agent += other.abandoned_no_agent;
        self.amd_false_positives += other.amd_false_positives;
        self.machines_to_agents += other.machines_to_agents;
        self.agent_seconds += other.agent_seconds;
        self.ratio_sum += other.ratio_sum;
        self.ratio_decisions += other.ratio_decisions;
    }

    /// Live answers of the day: people who picked up, whatever happened next.
    pub fn live_answers(&self) -> u64 {
        self.outcomes[DialOutcome::Live.index()]
    }

    /// Outbound abandoned calls as Ofcom counts them: live answers with no agent within the
    /// connection limit, and live people the detector hung up on.
    pub fn abandoned(&self) -> u64 {
        self.abandoned_no_agent + self.amd_false_positives
    }
}

const fn metric(key: &'static str, label: &'static str, unit: Unit) -> Metric {
    Metric { key, label, unit }
}

/// The metrics reported per campaign, in report order.
pub const CAMPAIGN_METRICS: &[Metric] = &[
    metric("dials", "Dials placed", Unit::Calls),
    metric("live_answers", "Live answers", Unit::Calls),
    metric("no_answer", "No answer", Unit::Calls),
    metric("busy", "Busy", Unit::Calls),
    metric("machine", "Answering machine", Unit::Calls),
    metric("invalid", "Invalid number", Unit::Calls),
    metric("contacts", "Contacts (live answers connected)", Unit::Calls),
    metric(
        "outbound_abandoned",
        "Outbound abandoned (no agent in time, AMD false positive)",
        Unit::Calls,
    ),
    metric(
        "abandoned_no_agent",
        "  no agent within the connection limit",
        Unit::Calls,
    ),
    metric(
        "amd_false_positives",
        "  live people hung up on by AMD",
        Unit::Calls,
    ),
    metric(
        "machines_to_agents",
        "Answering machines passed to agents",
        Unit::Calls,
    ),
    metric(
        "abandon_rate_ofcom",
        "Abandonment rate (Ofcom: abandoned / live answers)",
        Unit::Share,
    ),
    metric(
        "contacts_per_hour",
        "Contacts per dialling hour",
        Unit::Level,
    ),
    metric("agent_hours", "Agent hours on the campaign", Unit::Level),
    metric(
        "dial_ratio_mean",
        "Effective dial ratio (dials in progress per idle agent)",
        Unit::Level,
    ),
];

/// The values of [`CAMPAIGN_METRICS`], in order. `counted_hours` is the part of the campaign's
/// dialling hours after the warm-up, the denominator of the hourly rate (`None`: the campaign
/// dials only during the warm-up).
pub fn campaign_values(tally: &CampaignTally, counted_hours: Option<f64>) -> Vec<Option<f64>> {
    let count = |n: u64| Some(n as f64);
    let live = tally.live_answers();
    vec![
        count(tally.dials),
        count(live),
        count(tally.outcomes[DialOutcome::NoAnswer.index()]),
        count(tally.outcomes[DialOutcome::Busy.index()]),
        count(tally.outcomes[DialOutcome::Machine.index()]),
        count(tally.outcomes[DialOutcome::Invalid.index()]),
        count(tally.connected),
        count(tally.abandoned()),
        count(tally.abandoned_no_agent),
        count(tally.amd_false_positives),
        count(tally.machines_to_agents),
        (live > 0).then(|| tally.abandoned() as f64 / live as f64),
        counted_hours.map(|hours| tally.connected as f64 / hours),
        Some(tally.agent_seconds / 3600.0),
        (tally.ratio_decisions > 0).then(|| tally.ratio_sum / tally.ratio_decisions as f64),
    ]
}

/// The hours of `campaign`'s dialling window after the warm-up ends at `warm_end`, if any.
pub fn counted_dialling_hours(campaign: &Campaign, warm_end: f64) -> Option<f64> {
    let seconds = campaign.dial_until - campaign.dial_from.max(warm_end);
    (seconds > 0.0).then_some(seconds / 3600.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ofcom_rate_counts_amd_false_positives_over_live_answers() {
        let tally = CampaignTally {
            dials: 100,
            outcomes: [40, 30, 10, 15, 5],
            connected: 37,
            abandoned_no_agent: 2,
            amd_false_positives: 1,
            ..CampaignTally::default()
        };
        let values = campaign_values(&tally, Some(2.0));
        let at = |key: &str| values[CAMPAIGN_METRICS.iter().position(|m| m.key == key).unwrap()];
        assert_eq!(at("abandon_rate_ofcom"), Some(3.0 / 40.0));
        assert_eq!(at("outbound_abandoned"), Some(3.0));
        assert_eq!(at("contacts_per_hour"), Some(18.5));
        assert_eq!(values.len(), CAMPAIGN_METRICS.len());
        let none = campaign_values(&CampaignTally::default(), None);
        assert_eq!(none[11], None, "no live answer, no rate");
        assert_eq!(none[12], None, "no counted hour, no hourly rate");
    }
}
