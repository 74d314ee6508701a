//! `[[campaigns]]`: outbound campaigns. Stage one reads each campaign on its own (its values'
//! types and ranges, its pacing); stage two names its pools among the scenario's, fits its
//! outcome probabilities to the intervals and checks that they sum to 1 in every interval, and
//! places its dialling hours within the opening hours.

use super::distribution;
use super::issue::Issue;
use super::kinds::{
    ATTEMPTS, CLOCK, DURATION, FLAG, POOL_NAME, POSITIVE_DURATION, PROBABILITY, RESERVED_AGENTS,
};
use super::names::ClassNames;
use super::per_interval::PerInterval;
use super::reader::{Table, Written};
use super::schema;
use super::units::format_clock;
use crate::dist::Distribution;
use crate::model::{
    AgentPool, Amd, Blend, Campaign, DEFAULT_CONNECTION_LIMIT, DialOutcome, Hours, OutcomeShares,
    Pacing, Retries, RingTimes,
};

/// Describes the array of tables for an error message.
pub(super) const EXPECTED: &str = "one [[campaigns]] table per outbound campaign, each with a \
                                   `name`, a `list_size`, its `pools`, its `outcomes` and the \
                                   `handle_time` of a connected call";

const POOLS: &str = "a non-empty array of the pools whose agents work the campaign, such as \
                     [\"collectors\"]";

const OUTCOMES: &str = "a table of the probability of each outcome of a dial, such as { live = \
                        0.3, no_answer = 0.45, busy = 0.05, machine = 0.15, invalid = 0.05 }";

const RING_TIME: &str = "a table of ring times by outcome, such as { live = \"12s\", no_answer \
                         = \"30s\" }";

const RETRY: &str = "a table such as { no_answer = \"2h\", busy = \"15m\", max_attempts = 3 }";

const AMD: &str = "a table such as { delay = \"2s\", false_positive = 0.02, false_negative = \
                   0.1 }";

const BLEND: &str = "a table such as { inbound_first = true, reserve = 2 }";

const PACING: [&str; 4] = ["progressive", "preview", "predictive", "adaptive"];

/// Seconds an agent reads a record before a preview dial, when not given.
const DEFAULT_PREVIEW_TIME: f64 = 15.0;

/// The abandonment rate adaptive pacing holds when not told: the Ofcom and US TSR ceiling.
const DEFAULT_TARGET_ABANDON: f64 = 0.03;

/// The highest ratio adaptive pacing uses when not told.
const DEFAULT_MAX_DIAL_RATIO: f64 = 3.0;

/// The probabilities of one interval may differ from 1 by this much (decimal rounding).
const SUM_TOLERANCE: f64 = 1e-6;

/// The longest calling list: far beyond what a day's dialling reaches.
const MAX_LIST_SIZE: u32 = 100_000_000;

/// Ring times when the scenario gives none, by outcome ([`DialOutcome::ALL`] order): a person
/// picks up after a few rings, the dialler gives up after 25 s of ringing (Ofcom asks for at
/// least 15 s), a busy tone and an invalid number are known within seconds.
const DEFAULT_RING_TIMES: [f64; 5] = [15.0, 25.0, 5.0, 15.0, 3.0];

/// Seconds an agent spends on an answering machine passed to them, when not given.
const DEFAULT_MACHINE_TIME: f64 = 10.0;

/// The list size.
const LIST_SIZE: super::kinds::Kind<u32> = super::kinds::Kind {
    expected: "a whole number of records on the calling list, from 1 to 100000000",
    read: |v| {
        v.as_integer()
            .filter(|n| (1..=i64::from(MAX_LIST_SIZE)).contains(n))
            .map(|n| n as u32)
    },
};

/// A dial ratio: a number, checked against 1 when the pacing is known.
const DIAL_RATIO: super::kinds::Kind<f64> = super::kinds::Kind {
    expected: "a number of dials per idle agent from 1 to 100, such as 1.5",
    read: |v| {
        v.as_float()
            .or_else(|| v.as_integer().map(|n| n as f64))
            .filter(|x| x.is_finite())
    },
};

/// A campaign as written, before its pools are named and its probabilities fitted.
#[derive(Debug)]
pub(super) struct RawCampaign {
    path: String,
    name: Written<String>,
    list_size: u32,
    dial_from: Option<Written<f64>>,
    dial_until: Option<Written<f64>>,
    pools: Vec<Written<String>>,
    outcomes: Vec<Option<PerInterval<f64>>>,
    ring: RingTimes,
    right_party: f64,
    handle_time: Distribution,
    wrap_up: Option<Distribution>,
    machine_time: f64,
    retries: Retries,
    amd: Option<Amd>,
    connection_limit: f64,
    pacing: Pacing,
    blend: Blend,
}

/// Reads the `campaigns` array of tables, if given.
pub(super) fn read(root: &Table) -> Result<Vec<RawCampaign>, Issue> {
    let Some(field) = root.field("campaigns") else {
        return Ok(Vec::new());
    };
    field
        .non_empty_entries(EXPECTED)?
        .map(|entry| campaign(&entry.table(EXPECTED)?))
        .collect()
}

fn campaign(table: &Table) -> Result<RawCampaign, Issue> {
    table.check_keys(schema::CAMPAIGN)?;
    let pools = table.required_field("pools", POOLS)?;
    let outcomes = table
        .required_field("outcomes", OUTCOMES)?
        .table(OUTCOMES)?;
    outcomes.check_keys(schema::CAMPAIGN_OUTCOMES)?;
    Ok(RawCampaign {
        path: table.path().to_string(),
        name: table
            .required_field("name", "a non-empty campaign name such as \"collections\"")?
            .read_written(&super::kinds::NAME)?,
        list_size: table.required("list_size", &LIST_SIZE)?,
        dial_from: written(table, "dial_from")?,
        dial_until: written(table, "dial_until")?,
        pools: pools
            .non_empty_entries(POOLS)?
            .map(|entry| entry.read_written(&POOL_NAME))
            .collect::<Result<_, _>>()?,
        outcomes: DialOutcome::ALL
            .iter()
            .map(|outcome| {
                (outcomes.field(outcome.key()))
                    .map(|field| PerInterval::read(&field, &PROBABILITY))
                    .transpose()
            })
            .collect::<Result<_, _>>()?,
        ring: ring_times(table)?,
        right_party: table.optional("right_party", &PROBABILITY)?.unwrap_or(1.0),
        handle_time: distribution::fixed_or_random(&table.required_field(
            "handle_time",
            "a duration such as \"4m\" or a distribution table such as { distribution = \
             \"lognormal\", mean = \"4m\", cv = 0.6 }",
        )?)?,
        wrap_up: (table.field("wrap_up"))
            .map(|field| distribution::fixed_or_random(&field))
            .transpose()?,
        machine_time: table
            .optional("machine_time", &DURATION)?
            .unwrap_or(DEFAULT_MACHINE_TIME),
        retries: retries(table)?,
        amd: amd(table)?,
        connection_limit: table
            .optional("connection_limit", &POSITIVE_DURATION)?
            .unwrap_or(DEFAULT_CONNECTION_LIMIT),
        pacing: pacing(table)?,
        blend: blend(table)?,
    })
}

fn blend(table: &Table) -> Result<Blend, Issue> {
    let Some(field) = table.field("blend") else {
        return Ok(Blend::default());
    };
    let blend = field.table(BLEND)?;
    blend.check_keys(schema::CAMPAIGN_BLEND)?;
    Ok(Blend {
        inbound_first: blend.optional("inbound_first", &FLAG)?.unwrap_or(false),
        reserve: blend.optional("reserve", &RESERVED_AGENTS)?.unwrap_or(0),
    })
}

fn written(table: &Table, key: &str) -> Result<Option<Written<f64>>, Issue> {
    (table.field(key))
        .map(|field| field.read_written(&CLOCK))
        .transpose()
}

fn ring_times(table: &Table) -> Result<RingTimes, Issue> {
    let given = table
        .field("ring_time")
        .map(|field| field.table(RING_TIME))
        .transpose()?;
    if let Some(given) = &given {
        given.check_keys(schema::CAMPAIGN_OUTCOMES)?;
    }
    let mut times = Vec::with_capacity(DialOutcome::ALL.len());
    for (outcome, default) in DialOutcome::ALL.into_iter().zip(DEFAULT_RING_TIMES) {
        let field = given.as_ref().and_then(|t| t.field(outcome.key()));
        times.push(match field {
            Some(field) => distribution::fixed_or_random(&field)?,
            None => Distribution::deterministic(default).expect("the defaults are valid"),
        });
    }
    Ok(RingTimes(
        times.try_into().expect("one ring time per outcome"),
    ))
}

fn retries(table: &Table) -> Result<Retries, Issue> {
    let Some(field) = table.field("retry") else {
        return Ok(Retries::default());
    };
    let retry = field.table(RETRY)?;
    retry.check_keys(schema::CAMPAIGN_RETRY)?;
    let delay = |key: &str| -> Result<Option<Distribution>, Issue> {
        (retry.field(key))
            .map(|field| distribution::retry_delay(&field))
            .transpose()
    };
    let (no_answer, busy) = (delay("no_answer")?, delay("busy")?);
    let max_attempts = retry.field("max_attempts");
    if no_answer.is_none() && busy.is_none() {
        return Err(Issue::incomplete(
            field.key,
            "at least one of `no_answer` or `busy`: the delay before a number is dialled again",
        ));
    }
    Ok(Retries {
        no_answer,
        busy,
        max_attempts: match max_attempts {
            Some(field) => field.read(&ATTEMPTS)?,
            None => 3,
        },
    })
}

fn amd(table: &Table) -> Result<Option<Amd>, Issue> {
    let Some(field) = table.field("amd") else {
        return Ok(None);
    };
    let amd = field.table(AMD)?;
    amd.check_keys(schema::CAMPAIGN_AMD)?;
    Ok(Some(Amd {
        delay: amd.required("delay", &POSITIVE_DURATION)?,
        false_positive: amd.optional("false_positive", &PROBABILITY)?.unwrap_or(0.0),
        false_negative: amd.optional("false_negative", &PROBABILITY)?.unwrap_or(0.0),
    }))
}

/// The pacing and its settings: predictive needs a ratio of at least 1 (fewer dials than idle
/// agents would be slower than progressive dialling, without its guarantee); adaptive takes a
/// target and a highest ratio instead; progressive takes none. A setting the pacing does not
/// use is refused, so that a forgotten `pacing` switch is not silently ignored.
fn pacing(table: &Table) -> Result<Pacing, Issue> {
    let pacing = table
        .required_field(
            "pacing",
            "\"progressive\", \"preview\", \"predictive\" or \"adaptive\"",
        )?
        .choice(&PACING)?;
    let owner = |key: &str| match key {
        "dial_ratio" => "predictive",
        "preview_time" => "preview",
        _ => "adaptive",
    };
    for key in [
        "dial_ratio",
        "preview_time",
        "target_abandon",
        "max_dial_ratio",
    ] {
        if let Some(field) = table.field(key).filter(|_| owner(key) != pacing) {
            let owner = owner(key);
            return Err(Issue::unused(
                field.key,
                format!(
                    "no `{key}` with pacing = \"{pacing}\" (it is a setting of pacing = \
                     \"{owner}\")"
                ),
            ));
        }
    }
    let ratio = |key: &str, what: &str| -> Result<Option<f64>, Issue> {
        let Some(field) = table.field(key) else {
            return Ok(None);
        };
        let ratio = field.read(&DIAL_RATIO)?;
        if !(1.0..=100.0).contains(&ratio) {
            return Err(field.invalid(format!(
                "{what} from 1 to 100, such as 1.5 (below 1 the dialler would place fewer dials \
                 than there are idle agents: use pacing = \"progressive\")"
            )));
        }
        Ok(Some(ratio))
    };
    match pacing {
        "progressive" => Ok(Pacing::Progressive),
        "preview" => Ok(Pacing::Preview {
            preview_time: table
                .optional("preview_time", &DURATION)?
                .unwrap_or(DEFAULT_PREVIEW_TIME),
        }),
        "predictive" => match ratio("dial_ratio", "a dial ratio under predictive pacing")? {
            Some(dial_ratio) => Ok(Pacing::Predictive { dial_ratio }),
            None => Err(Issue::missing(
                table.key("dial_ratio"),
                "a `dial_ratio` of 1 or more with pacing = \"predictive\", such as 1.5",
            )),
        },
        _ => Ok(Pacing::Adaptive {
            target: table
                .optional("target_abandon", &PROBABILITY)?
                .unwrap_or(DEFAULT_TARGET_ABANDON),
            max_ratio: ratio("max_dial_ratio", "a highest dial ratio")?
                .unwrap_or(DEFAULT_MAX_DIAL_RATIO),
        }),
    }
}

/// Builds every campaign against the scenario's pools and hours.
pub(super) fn build(
    campaigns: Vec<RawCampaign>,
    pools: &[AgentPool],
    hours: &Hours,
) -> Result<Vec<Campaign>, Issue> {
    super::names::unique(campaigns.iter().map(|c| &c.name), "campaign")?;
    let pool_names = ClassNames::pools(pools.iter().map(|pool| pool.name.as_str()));
    campaigns
        .into_iter()
        .map(|raw| {
            let mut worked_by: Vec<usize> = Vec::with_capacity(raw.pools.len());
            for name in &raw.pools {
                let pool = pool_names.index(name)?;
                if worked_by.contains(&pool) {
                    return Err(name.invalid("a pool not already listed for this campaign"));
                }
                worked_by.push(pool);
            }
            let (dial_from, dial_until) = dialling_hours(&raw, hours)?;
            Ok(Campaign {
                outcomes: outcome_shares(&raw, hours)?,
                name: raw.name.value,
                list_size: raw.list_size,
                dial_from,
                dial_until,
                pools: worked_by,
                ring: raw.ring,
                right_party: raw.right_party,
                handle_time: raw.handle_time,
                wrap_up: raw.wrap_up,
                machine_time: raw.machine_time,
                retries: raw.retries,
                amd: raw.amd,
                connection_limit: raw.connection_limit,
                pacing: raw.pacing,
                blend: raw.blend,
            })
        })
        .collect()
}

/// The dialling window, within the opening hours (the whole of them by default).
fn dialling_hours(raw: &RawCampaign, hours: &Hours) -> Result<(f64, f64), Issue> {
    let from = raw.dial_from.as_ref().map_or(hours.open, |w| w.value);
    let until = raw.dial_until.as_ref().map_or(hours.close, |w| w.value);
    let within = format!(
        "a clock time within the opening hours, from {} to {}",
        format_clock(hours.open),
        format_clock(hours.close)
    );
    for written in [&raw.dial_from, &raw.dial_until].into_iter().flatten() {
        if written.value < hours.open || written.value > hours.close {
            return Err(written.invalid(within));
        }
    }
    if until <= from {
        let found = raw.dial_until.as_ref().or(raw.dial_from.as_ref());
        let expected = format!(
            "a dialling window that is not empty: `dial_until` after `dial_from` ({})",
            format_clock(from)
        );
        return Err(match found {
            Some(written) => written.invalid(expected),
            None => Issue::missing(format!("{}.dial_until", raw.path), expected),
        });
    }
    Ok((from, until))
}

/// The outcome probabilities of every interval, each interval's summing to 1.
fn outcome_shares(raw: &RawCampaign, hours: &Hours) -> Result<Vec<OutcomeShares>, Issue> {
    let mut columns: Vec<Vec<f64>> = Vec::with_capacity(DialOutcome::ALL.len());
    for given in &raw.outcomes {
        columns.push(match given {
            Some(values) => values.fit(hours)?,
            None => vec![0.0; hours.interval_count()],
        });
    }
    (0..hours.interval_count())
        .map(|interval| {
            let shares: [f64; 5] = std::array::from_fn(|outcome| columns[outcome][interval]);
            let sum: f64 = shares.iter().sum();
            if (sum - 1.0).abs() > SUM_TOLERANCE {
                let (start, end) = hours.interval_bounds(interval);
                let found = format!(
                    "probabilities summing to {} in the interval {}–{}",
                    (sum * 1e6).round() / 1e6,
                    format_clock(start),
                    format_clock(end)
                );
                return Err(Issue::invalid(
                    format!("{}.outcomes", raw.path),
                    found,
                    "probabilities of live, no_answer, busy, machine and invalid that sum to 1 \
                     in every interval (an outcome left out counts as 0)",
                ));
            }
            Ok(OutcomeShares(shares))
        })
        .collect()
}
