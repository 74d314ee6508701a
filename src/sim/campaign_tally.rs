//! What one replication counts of an outbound campaign, and the campaign metrics computed from
//! it. Dials count when they are placed at or after the end of the warm-up; everything that
//! happens to a counted dial (its outcome, its connection or abandonment) counts with it.

use super::metrics::{Metric, Unit};
use super::tally::PoolTally;
use crate::model::{Campaign, DialOutcome, Scenario};

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
    /// Contacts with the person the record is for.
    pub right_party_contacts: u64,
    /// Records dialled for the first time.
    pub records_dialled: u64,
    /// Records on the list (the list's size; summed over the days of a study).
    pub list_records: u64,
    /// Records never dialled at the end of the day (0: the list was exhausted).
    pub records_left: u64,
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
        self.right_party_contacts += other.right_party_contacts;
        self.records_dialled += other.records_dialled;
        self.list_records += other.list_records;
        self.records_left += other.records_left;
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
        "right_party_contacts",
        "  of which right-party contacts",
        Unit::Calls,
    ),
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
    metric(
        "contacts_per_agent_hour",
        "Contacts per staffed agent-hour",
        Unit::Level,
    ),
    metric(
        "agent_idle",
        "Idle time of the campaign's agents",
        Unit::Share,
    ),
    metric(
        "records_dialled",
        "Records dialled (first dials)",
        Unit::Calls,
    ),
    metric(
        "records_left",
        "Records never dialled (0: list exhausted)",
        Unit::Calls,
    ),
    metric("list_used", "Share of the list dialled", Unit::Share),
    metric("agent_hours", "Agent hours on the campaign", Unit::Level),
    metric(
        "dial_ratio_mean",
        "Effective dial ratio (dials in progress per idle agent)",
        Unit::Level,
    ),
];

/// What a campaign's rates are divided by, from the scenario and the pools' tallies.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CampaignBasis {
    /// Hours of the dialling window after the warm-up (`None`: the campaign dials only during
    /// the warm-up).
    pub counted_hours: Option<f64>,
    /// Agent-hours the campaign's pools are scheduled over those hours.
    pub staffed_agent_hours: Option<f64>,
    /// The share of the campaign's pools' present agent time spent idle, over the opening
    /// hours after the warm-up.
    pub idle_share: Option<f64>,
}

impl CampaignBasis {
    /// The basis of `campaign` in `scenario`, whose pools measured `pools`.
    pub fn of(campaign: &Campaign, scenario: &Scenario, pools: &[PoolTally]) -> Self {
        let hours = &scenario.hours;
        let from = campaign.dial_from.max(hours.open + scenario.warmup);
        let seconds = campaign.dial_until - from;
        let agent_seconds: f64 = (0..hours.interval_count())
            .map(|interval| {
                let (start, end) = hours.interval_bounds(interval);
                let overlap = (end.min(campaign.dial_until) - start.max(from)).max(0.0);
                let agents: u32 = (campaign.pools.iter())
                    .map(|&pool| scenario.pools[pool].agents[interval])
                    .sum();
                overlap * f64::from(agents)
            })
            .sum();
        let (busy, present) = (campaign.pools.iter()).fold((0.0, 0.0), |(busy, present), &pool| {
            let clock = &pools[pool].clock;
            (
                busy + clock.busy_agent_seconds,
                present + clock.present_agent_seconds,
            )
        });
        CampaignBasis {
            counted_hours: (seconds > 0.0).then_some(seconds / 3600.0),
            staffed_agent_hours: (agent_seconds > 0.0).then_some(agent_seconds / 3600.0),
            idle_share: (present > 0.0).then(|| 1.0 - busy / present),
        }
    }
}

/// The values of [`CAMPAIGN_METRICS`], in order.
pub fn campaign_values(tally: &CampaignTally, basis: &CampaignBasis) -> Vec<Option<f64>> {
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
        count(tally.right_party_contacts),
        count(tally.abandoned()),
        count(tally.abandoned_no_agent),
        count(tally.amd_false_positives),
        count(tally.machines_to_agents),
        (live > 0).then(|| tally.abandoned() as f64 / live as f64),
        basis
            .counted_hours
            .map(|hours| tally.connected as f64 / hours),
        (basis.staffed_agent_hours).map(|hours| tally.connected as f64 / hours),
        basis.idle_share,
        count(tally.records_dialled),
        count(tally.records_left),
        (tally.list_records > 0)
            .then(|| 1.0 - tally.records_left as f64 / tally.list_records as f64),
        Some(tally.agent_seconds / 3600.0),
        (tally.ratio_decisions > 0).then(|| tally.ratio_sum / tally.ratio_decisions as f64),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_key(values: &[Option<f64>], key: &str) -> Option<f64> {
        values[CAMPAIGN_METRICS.iter().position(|m| m.key == key).unwrap()]
    }

    #[test]
    fn ofcom_rate_counts_amd_false_positives_over_live_answers() {
        let tally = CampaignTally {
            dials: 100,
            outcomes: [40, 30, 10, 15, 5],
            connected: 37,
            abandoned_no_agent: 2,
            amd_false_positives: 1,
            list_records: 1000,
            records_left: 750,
            ..CampaignTally::default()
        };
        let basis = CampaignBasis {
            counted_hours: Some(2.0),
            staffed_agent_hours: Some(10.0),
            idle_share: Some(0.25),
        };
        let values = campaign_values(&tally, &basis);
        let at = |key: &str| at_key(&values, key);
        assert_eq!(at("abandon_rate_ofcom"), Some(3.0 / 40.0));
        assert_eq!(at("outbound_abandoned"), Some(3.0));
        assert_eq!(at("contacts_per_hour"), Some(18.5));
        assert_eq!(at("contacts_per_agent_hour"), Some(3.7));
        assert_eq!(at("agent_idle"), Some(0.25));
        assert_eq!(at("list_used"), Some(0.25));
        assert_eq!(values.len(), CAMPAIGN_METRICS.len());
        let none = campaign_values(&CampaignTally::default(), &CampaignBasis::default());
        assert_eq!(at_key(&none, "abandon_rate_ofcom"), None, "no live answer");
        assert_eq!(at_key(&none, "contacts_per_hour"), None, "no counted hour");
        assert_eq!(at_key(&none, "list_used"), None, "no list");
    }
}
