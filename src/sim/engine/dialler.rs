//! Outbound campaigns in the engine: the dialler places dials as the campaign's pacing policy
//! asks, each dial rings out to what it finds, answering-machine detection listens to the
//! greeting, and whoever answers and is taken for a person is connected to a free agent of the
//! campaign's pools — or, after the connection limit, counted as an outbound abandoned call.
//!
//! Every random number of a dial is hashed from (campaign key, list record, attempt, purpose)
//! rather than drawn in sequence, so record r's k-th dial finds the same outcome, ring time and
//! talk time whatever the pacing: a paired comparison of two pacings sees the same list.

use super::{AgentNumber, Engine, Event};
use crate::dist::Sampler;
use crate::kernel::EventKey;
use crate::kernel::rng::{StreamRng, day_stream};
use crate::model::{Campaign, DialOutcome, Scenario};
use crate::policy::{CallerRandom, DiallerView, Moment, PacingPolicy, Policies, pacing_for};
use crate::sim::{CampaignTally, Purpose};
use rand::{RngExt, SeedableRng};
use std::collections::VecDeque;

/// Tags of the numbers a dial draws, one per purpose.
const OUTCOME_TAG: u64 = 0x0d1a_0001;
const RING_TAG: u64 = 0x0d1a_0002;
const AMD_TAG: u64 = 0x0d1a_0003;
const TALK_TAG: u64 = 0x0d1a_0004;
const RETRY_TAG: u64 = 0x0d1a_0005;
const RIGHT_PARTY_TAG: u64 = 0x0d1a_0006;

/// One dial: from placement until the line is hung up (rung out, hung up on, abandoned, or the
/// agent's conversation ended).
#[derive(Clone, Copy)]
struct Dial {
    campaign: u32,
    /// The list record dialled.
    record: u32,
    attempt: u32,
    /// The key of this (record, attempt)'s random numbers.
    random: CallerRandom,
    outcome: DialOutcome,
    placed_at: f64,
    counted: bool,
    /// Whether the answer goes to an agent (a person, or a machine not detected as one).
    to_agent: bool,
    /// The agent holding the dial (progressive pacing) or talking on it.
    agent: Option<(u32, AgentNumber)>,
    /// When the agent has to finish after the conversation (wrap-up), seconds.
    wrap_up: f64,
    /// The connection-limit timer of an answer waiting for an agent.
    limit: Option<EventKey>,
}

/// The samplers of one campaign.
struct CampaignSamplers {
    ring: [Sampler; 5],
    handle_time: Sampler,
    wrap_up: Option<Sampler>,
    retry_no_answer: Option<Sampler>,
    retry_busy: Option<Sampler>,
}

/// What the dialler knows of one campaign during the day.
struct CampaignState {
    key: u64,
    samplers: CampaignSamplers,
    /// The next record never dialled.
    next_fresh: u32,
    /// Records due to be dialled again, with the attempt they are due for, oldest first.
    ready: VecDeque<(u32, u32)>,
    dials_in_progress: u32,
    /// Answers taken for people, waiting for an agent, oldest first.
    waiting: VecDeque<u32>,
    dials: u64,
    live_answers: u64,
    abandoned: u64,
}

/// The dialler's state: empty (and never consulted) in a scenario without campaigns.
#[derive(Default)]
pub(super) struct Dialler {
    campaigns: Vec<CampaignState>,
    /// Dials in the air, by slot; `free` lists the slots to reuse.
    dials: Vec<Option<Dial>>,
    free: Vec<u32>,
    /// For each pool, the campaigns it works.
    campaigns_of_pool: Vec<Vec<usize>>,
    /// For each pool, whether a campaign it works puts inbound callers first.
    inbound_first: Vec<bool>,
    /// For each campaign, the inbound classes its pools serve (for the blending rules).
    served_classes: Vec<Vec<usize>>,
    /// Built-in pacing for campaigns the run's policies leave out.
    own_pacing: Vec<Box<dyn PacingPolicy>>,
}

impl Dialler {
    pub(super) fn new(
        scenario: &Scenario,
        policies: &Policies,
        day: u64,
        replication: u64,
    ) -> Self {
        if scenario.campaigns.is_empty() {
            return Dialler::default();
        }
        let campaigns = (scenario.campaigns.iter().enumerate())
            .map(|(index, campaign)| {
                let mut stream = day_stream(
                    scenario.seed,
                    day,
                    replication,
                    Purpose::stream_for_campaign(index),
                );
                CampaignState {
                    key: stream.random(),
                    samplers: samplers(campaign),
                    next_fresh: 0,
                    ready: VecDeque::new(),
                    dials_in_progress: 0,
                    waiting: VecDeque::new(),
                    dials: 0,
                    live_answers: 0,
                    abandoned: 0,
                }
            })
            .collect();
        let mut campaigns_of_pool = vec![Vec::new(); scenario.pools.len()];
        for (index, campaign) in scenario.campaigns.iter().enumerate() {
            for &pool in &campaign.pools {
                campaigns_of_pool[pool].push(index);
            }
        }
        let inbound_first = (campaigns_of_pool.iter())
            .map(|campaigns| (campaigns.iter()).any(|&c| scenario.campaigns[c].blend.inbound_first))
            .collect();
        let served_classes = (scenario.campaigns.iter())
            .map(|campaign| {
                (0..scenario.classes.len())
                    .filter(|&class| {
                        (campaign.pools.iter())
                            .any(|&pool| scenario.pools[pool].skill(class).is_some())
                    })
                    .collect()
            })
            .collect();
        Dialler {
            campaigns,
            dials: Vec::new(),
            free: Vec::new(),
            campaigns_of_pool,
            inbound_first,
            served_classes,
            own_pacing: (scenario.campaigns.iter().skip(policies.pacing.len()))
                .map(pacing_for)
                .collect(),
        }
    }

    /// Whether a campaign `pool` works puts inbound callers first.
    pub(super) fn inbound_first(&self, pool: usize) -> bool {
        self.inbound_first.get(pool).copied().unwrap_or(false)
    }

    /// Whether `pool` works some campaign.
    pub(super) fn works(&self, pool: usize) -> bool {
        self.campaigns_of_pool
            .get(pool)
            .is_some_and(|campaigns| !campaigns.is_empty())
    }

    fn insert(&mut self, dial: Dial) -> u32 {
        match self.free.pop() {
            Some(slot) => {
                self.dials[slot as usize] = Some(dial);
                slot
            }
            None => {
                self.dials.push(Some(dial));
                (self.dials.len() - 1) as u32
            }
        }
    }

    fn get(&self, slot: u32) -> Dial {
        self.dials[slot as usize].expect("events refer to dials in the air")
    }

    fn get_mut(&mut self, slot: u32) -> &mut Dial {
        self.dials[slot as usize]
            .as_mut()
            .expect("events refer to dials in the air")
    }

    fn release(&mut self, slot: u32) {
        self.dials[slot as usize] = None;
        self.free.push(slot);
    }
}

fn samplers(campaign: &Campaign) -> CampaignSamplers {
    CampaignSamplers {
        ring: std::array::from_fn(|index| campaign.ring.0[index].sampler()),
        handle_time: campaign.handle_time.sampler(),
        wrap_up: campaign.wrap_up.as_ref().map(|w| w.sampler()),
        retry_no_answer: campaign.retries.no_answer.as_ref().map(|d| d.sampler()),
        retry_busy: campaign.retries.busy.as_ref().map(|d| d.sampler()),
    }
}

/// A generator for one purpose of one dial.
fn dial_rng(random: CallerRandom, attempt: u32, tag: u64) -> StreamRng {
    StreamRng::seed_from_u64(random.bits(attempt, Moment::Dial(attempt), tag))
}

impl Engine<'_> {
    fn campaign(&self, campaign: usize) -> &Campaign {
        &self.scenario.campaigns[campaign]
    }

    fn pacing(&self, campaign: usize) -> &dyn PacingPolicy {
        match self.policies.pacing.get(campaign) {
            Some(policy) => policy.as_ref(),
            None => self.dialler.own_pacing[campaign - self.policies.pacing.len()].as_ref(),
        }
    }

    fn campaign_tally(&mut self, campaign: usize) -> &mut CampaignTally {
        &mut self.tally.campaigns[campaign]
    }

    /// Dialling hours begin: the campaign dials as its pacing asks.
    pub(super) fn on_dialling_start(&mut self, campaign: usize, now: f64) {
        self.pace(campaign, now);
    }

    /// Whether the campaign may place dials now.
    fn dialling(&self, campaign: usize, now: f64) -> bool {
        let settings = self.campaign(campaign);
        !self.closed
            && now >= settings.dial_from
            && now < settings.dial_until
            && !self.inbound_holds_dialling(campaign)
    }

    /// Whether the blending rules stop the campaign's dialling now: it puts inbound callers
    /// first and one its pools serve is waiting.
    fn inbound_holds_dialling(&self, campaign: usize) -> bool {
        self.campaign(campaign).blend.inbound_first
            && (self.dialler.served_classes[campaign].iter())
                .any(|&class| self.queues[class].len() > 0)
    }

    /// Idle agents of the campaign's pools beyond those its blending reserve keeps for
    /// inbound calls, and the agents present.
    fn campaign_agents(&self, campaign: usize) -> (u32, u32) {
        let settings = self.campaign(campaign);
        let (idle, present) = settings
            .pools
            .iter()
            .fold((0, 0), |(idle, present), &pool| {
                let state = &self.pools[pool];
                (
                    idle + state.idle_count() as u32,
                    present + state.present_count(),
                )
            });
        (idle.saturating_sub(settings.blend.reserve), present)
    }

    /// The longest-idle agent among the campaign's pools, taken, if one is idle beyond the
    /// blending reserve.
    fn take_campaign_agent(&mut self, campaign: usize) -> Option<(u32, AgentNumber)> {
        if self.campaign_agents(campaign).0 == 0 {
            return None;
        }
        let pool = (self.scenario.campaigns[campaign].pools.iter())
            .filter_map(|&pool| self.pools[pool].longest_idle_since().map(|t| (t, pool)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, pool)| pool)?;
        let agent = self.pools[pool].take_idle()?;
        Some((pool as u32, agent))
    }

    /// Asks the campaign's pacing how many dials to place, and places them.
    fn pace(&mut self, campaign: usize, now: f64) {
        if !self.dialling(campaign, now) {
            return;
        }
        let (idle, present) = self.campaign_agents(campaign);
        let state = &self.dialler.campaigns[campaign];
        let fresh_left = self.campaign(campaign).list_size - state.next_fresh;
        let records_ready = fresh_left.saturating_add(state.ready.len() as u32);
        let view = DiallerView {
            campaign,
            now,
            interval: self.interval_at(now) as usize,
            idle_agents: idle,
            agents_present: present,
            dials_in_progress: state.dials_in_progress,
            waiting_for_agent: state.waiting.len() as u32,
            records_ready,
            dials: state.dials,
            live_answers: state.live_answers,
            abandoned: state.abandoned,
        };
        let pacing = self.pacing(campaign);
        let holds_agent = pacing.holds_agent();
        if records_ready == 0 || (holds_agent && idle == 0) {
            return;
        }
        let dials = pacing.dials(&view).min(records_ready);
        for _ in 0..dials {
            let agent = match holds_agent {
                true => match self.take_campaign_agent(campaign) {
                    Some(agent) => Some(agent),
                    None => break,
                },
                false => None,
            };
            self.place_dial(campaign, agent, now);
        }
        if now >= self.warm_end && idle > 0 {
            // The ratio the decision left: dials in progress (and answers waiting) per idle agent.
            let state = &self.dialler.campaigns[campaign];
            let in_progress = state.dials_in_progress + state.waiting.len() as u32;
            let (idle_after, _) = self.campaign_agents(campaign);
            let held = idle - idle_after;
            let tally = self.campaign_tally(campaign);
            tally.ratio_sum += f64::from(in_progress) / f64::from(idle.max(held));
            tally.ratio_decisions += 1;
        }
    }

    /// Dials the next record: a retry that is due, else a fresh one.
    fn place_dial(&mut self, campaign: usize, agent: Option<(u32, AgentNumber)>, now: f64) {
        let interval = self.interval_at(now) as usize;
        let counted = now >= self.warm_end;
        let state = &mut self.dialler.campaigns[campaign];
        let (record, attempt) = state.ready.pop_front().unwrap_or_else(|| {
            state.next_fresh += 1;
            (state.next_fresh - 1, 1)
        });
        state.dials_in_progress += 1;
        state.dials += 1;
        let random =
            CallerRandom::new(CallerRandom::new(state.key).bits(record, Moment::Dial(0), 0));
        let outcome = self.scenario.campaigns[campaign].outcomes[interval].pick(random.uniform(
            attempt,
            Moment::Dial(attempt),
            OUTCOME_TAG,
        ));
        let ring =
            state.samplers.ring[outcome.index()].sample(&mut dial_rng(random, attempt, RING_TAG));
        let fresh = attempt == 1;
        let preview = match agent {
            Some(_) => self.pacing(campaign).preview_time(),
            None => 0.0,
        };
        let slot = self.dialler.insert(Dial {
            campaign: campaign as u32,
            record,
            attempt,
            random,
            outcome,
            placed_at: now,
            counted,
            to_agent: false,
            agent,
            wrap_up: 0.0,
            limit: None,
        });
        if counted {
            let tally = self.campaign_tally(campaign);
            tally.dials += 1;
            tally.records_dialled += u64::from(fresh);
        }
        self.schedule_at(now + preview + ring, Event::RingEnd(slot));
    }

    /// The dial stops ringing: what it found decides what follows.
    pub(super) fn on_ring_end(&mut self, slot: u32, now: f64) {
        let dial = self.dialler.get(slot);
        let campaign = dial.campaign as usize;
        if dial.counted {
            self.campaign_tally(campaign).outcomes[dial.outcome.index()] += 1;
        }
        let answered = matches!(dial.outcome, DialOutcome::Live | DialOutcome::Machine);
        if !answered {
            self.retry_later(dial, now);
            self.end_dial(slot, now);
            return;
        }
        let live = dial.outcome == DialOutcome::Live;
        if live {
            self.dialler.campaigns[campaign].live_answers += 1;
        }
        let Some(amd) = &self.campaign(campaign).amd else {
            self.dialler.get_mut(slot).to_agent = true;
            self.answer_classified(slot, now);
            return;
        };
        let u = dial
            .random
            .uniform(dial.attempt, Moment::Dial(dial.attempt), AMD_TAG);
        let to_agent = if live {
            u >= amd.false_positive
        } else {
            u < amd.false_negative
        };
        let delay = amd.delay;
        self.dialler.get_mut(slot).to_agent = to_agent;
        if live && !to_agent {
            self.dialler.campaigns[campaign].abandoned += 1;
            if dial.counted {
                self.campaign_tally(campaign).amd_false_positives += 1;
            }
        }
        self.schedule_at(now + delay, Event::Classified(slot));
    }

    /// Schedules the record's next dial after no answer or a busy line, if the campaign retries
    /// it, it has attempts left and the retry falls within the dialling hours.
    fn retry_later(&mut self, dial: Dial, now: f64) {
        let campaign = dial.campaign as usize;
        if dial.attempt >= self.campaign(campaign).retries.max_attempts {
            return;
        }
        let samplers = &self.dialler.campaigns[campaign].samplers;
        let sampler = match dial.outcome {
            DialOutcome::NoAnswer => samplers.retry_no_answer.as_ref(),
            DialOutcome::Busy => samplers.retry_busy.as_ref(),
            _ => None,
        };
        let Some(sampler) = sampler else {
            return;
        };
        let delay = sampler.sample(&mut dial_rng(dial.random, dial.attempt, RETRY_TAG));
        if now + delay >= self.campaign(campaign).dial_until {
            return; // due after dialling ends: never dialled again today
        }
        self.schedule_at(
            now + delay,
            Event::RetryDue(dial.campaign, dial.record, dial.attempt + 1),
        );
    }

    /// A record is due to be dialled again: it joins the campaign's ready records.
    pub(super) fn on_retry_due(&mut self, campaign: u32, record: u32, attempt: u32, now: f64) {
        let campaign = campaign as usize;
        self.dialler.campaigns[campaign]
            .ready
            .push_back((record, attempt));
        self.pace(campaign, now);
    }

    /// Answering-machine detection has listened to the greeting.
    pub(super) fn on_classified(&mut self, slot: u32, now: f64) {
        if self.dialler.get(slot).to_agent {
            self.answer_classified(slot, now);
        } else {
            self.end_dial(slot, now);
        }
    }

    /// An answer taken for a person goes to the agent holding the dial, a free agent of the
    /// campaign, or waits for one until the connection limit.
    fn answer_classified(&mut self, slot: u32, now: f64) {
        let dial = self.dialler.get(slot);
        let campaign = dial.campaign as usize;
        self.dialler.campaigns[campaign].dials_in_progress -= 1;
        let agent = dial.agent.or_else(|| self.take_campaign_agent(campaign));
        match agent {
            Some((pool, agent)) => self.connect(slot, pool, agent, now),
            None => {
                self.dialler.campaigns[campaign].waiting.push_back(slot);
                let limit = self.campaign(campaign).connection_limit;
                let key = self.schedule_cancellable(now + limit, Event::ConnectionLimit(slot));
                self.dialler.get_mut(slot).limit = Some(key);
            }
        }
    }

    /// Agent `agent` of `pool` takes the answered call.
    fn connect(&mut self, slot: u32, pool: u32, agent: AgentNumber, now: f64) {
        let dial = self.dialler.get(slot);
        let campaign = dial.campaign as usize;
        let held = dial.agent.map_or(0.0, |_| now - dial.placed_at);
        let (talk, wrap_up) = match dial.outcome {
            DialOutcome::Live => {
                let mut rng = dial_rng(dial.random, dial.attempt, TALK_TAG);
                let samplers = &self.dialler.campaigns[campaign].samplers;
                let talk = samplers.handle_time.sample(&mut rng);
                let wrap_up = samplers
                    .wrap_up
                    .as_ref()
                    .map_or(0.0, |w| w.sample(&mut rng));
                (talk, wrap_up)
            }
            _ => (self.campaign(campaign).machine_time, 0.0),
        };
        if dial.counted {
            let tally = self.campaign_tally(campaign);
            match dial.outcome {
                DialOutcome::Live => tally.connected += 1,
                _ => tally.machines_to_agents += 1,
            }
            let right_party = dial.outcome == DialOutcome::Live
                && dial
                    .random
                    .uniform(dial.attempt, Moment::Dial(dial.attempt), RIGHT_PARTY_TAG)
                    < self.scenario.campaigns[campaign].right_party;
            let tally = self.campaign_tally(campaign);
            tally.right_party_contacts += u64::from(right_party);
            tally.agent_seconds += held + talk + wrap_up;
        }
        let dial = self.dialler.get_mut(slot);
        dial.agent = Some((pool, agent));
        dial.wrap_up = wrap_up;
        self.schedule_at(now + talk, Event::OutboundTalkEnd(slot));
    }

    /// Nobody took the answer within the connection limit: the line is dropped.
    pub(super) fn on_connection_limit(&mut self, slot: u32, now: f64) {
        let dial = self.dialler.get(slot);
        let campaign = dial.campaign as usize;
        let waiting = &mut self.dialler.campaigns[campaign].waiting;
        if let Some(index) = waiting.iter().position(|&s| s == slot) {
            waiting.remove(index);
        }
        self.dialler.get_mut(slot).limit = None;
        if dial.outcome == DialOutcome::Live {
            self.dialler.campaigns[campaign].abandoned += 1;
            if dial.counted {
                self.campaign_tally(campaign).abandoned_no_agent += 1;
            }
        }
        self.dialler.release(slot);
        self.pace(campaign, now);
    }

    /// The agent's conversation on a dial ends: after-call work, or free for the next call.
    pub(super) fn on_outbound_talk_end(&mut self, slot: u32, now: f64) {
        let dial = self.dialler.get(slot);
        self.dialler.release(slot);
        let (pool, agent) = dial.agent.expect("a conversation has its agent");
        if dial.wrap_up > 0.0 {
            self.wrapping_up += 1;
            self.schedule_at(now + dial.wrap_up, Event::WrapUpEnd(pool, agent));
        } else {
            self.release_agent(pool as usize, agent, now);
        }
    }

    /// The dial ends without a conversation (rung out, or hung up on after detection): an agent
    /// holding it is free again, and the campaign may dial again.
    fn end_dial(&mut self, slot: u32, now: f64) {
        let dial = self.dialler.get(slot);
        let campaign = dial.campaign as usize;
        self.dialler.campaigns[campaign].dials_in_progress -= 1;
        self.dialler.release(slot);
        match dial.agent {
            Some((pool, agent)) => {
                if dial.counted {
                    self.campaign_tally(campaign).agent_seconds += now - dial.placed_at;
                }
                self.release_agent(pool as usize, agent, now);
            }
            None => self.pace(campaign, now),
        }
    }

    /// An agent of `pool` has become free: the oldest answer waiting in a campaign the pool
    /// works is connected first (the person hangs up within seconds), then the pool serves
    /// inbound callers (see `release_agent`).
    pub(super) fn connect_waiting(&mut self, pool: usize, now: f64) {
        for index in 0..self.dialler.campaigns_of_pool[pool].len() {
            let campaign = self.dialler.campaigns_of_pool[pool][index];
            while self.pools[pool].idle_count() > 0 && self.campaign_agents(campaign).0 > 0 {
                let Some(slot) = self.dialler.campaigns[campaign].waiting.pop_front() else {
                    break;
                };
                if let Some(key) = self.dialler.get_mut(slot).limit.take() {
                    self.calendar.cancel(key);
                }
                let agent = self.pools[pool]
                    .take_idle()
                    .expect("the loop runs while an agent is idle");
                self.connect(slot, pool as u32, agent, now);
            }
        }
    }

    /// Every campaign `pool` works reconsiders its dials.
    pub(super) fn pace_pool(&mut self, pool: usize, now: f64) {
        for index in 0..self.dialler.campaigns_of_pool[pool].len() {
            let campaign = self.dialler.campaigns_of_pool[pool][index];
            self.pace(campaign, now);
        }
    }

    /// Staffing changed: waiting answers take new agents, and every campaign reconsiders.
    pub(super) fn after_staffing_change(&mut self, now: f64) {
        for pool in 0..self.pools.len() {
            if self.dialler.works(pool) {
                self.connect_waiting(pool, now);
            }
        }
        for campaign in 0..self.dialler.campaigns.len() {
            self.pace(campaign, now);
        }
    }

    /// The day is over: each campaign notes its list's size and the records never dialled.
    pub(super) fn close_campaign_tallies(&mut self) {
        for (index, campaign) in self.scenario.campaigns.iter().enumerate() {
            let state = &self.dialler.campaigns[index];
            let tally = &mut self.tally.campaigns[index];
            tally.list_records = u64::from(campaign.list_size);
            tally.records_left = u64::from(campaign.list_size - state.next_fresh);
        }
    }

    /// Schedules the start of each campaign's dialling.
    pub(super) fn schedule_dialling(&mut self) {
        for index in 0..self.scenario.campaigns.len() {
            let from = self.scenario.campaigns[index].dial_from;
            self.schedule_at(from, Event::DiallingStart(index as u32));
        }
        self.tally.campaigns = vec![CampaignTally::default(); self.scenario.campaigns.len()];
    }
}
