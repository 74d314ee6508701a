//! Stage one: every table of the scenario read on its own. Unknown keys are refused and each
//! value is checked for its type, unit and range, giving a [`RawScenario`] whose parts may still
//! disagree with each other — that is for [`super::validate`].

use super::issue::Issue;
use super::kinds::{AFTER_CLOSE, AGENTS, ARRIVAL_TIME, CALLS, CALLS_PER_HOUR, DURATION, NAME};
use super::kinds::{REPLICATIONS, SEED, TEXT};
use super::per_interval::PerInterval;
use super::reader::{Field, Table, Written};
use super::{distribution, drops, hours, limits, schema, service_level};
use crate::dist::Distribution;
use crate::model::{AfterClose, Drops, Hours, Limits, ServiceLevel};

/// A scenario whose every value is well-formed, before the values are checked against each
/// other.
#[derive(Debug)]
pub(super) struct RawScenario {
    pub name: String,
    pub description: String,
    pub seed: u64,
    pub replications: u32,
    pub warmup: Option<Written<f64>>,
    pub after_close: AfterClose,
    pub hours: Hours,
    pub arrivals: RawArrivals,
    pub handle_time: Distribution,
    pub patience: Option<Distribution>,
    pub agents: PerInterval<u32>,
    pub service_level: ServiceLevel,
    pub limits: Limits,
    pub drops: Drops,
}

/// The arrivals, in the form they were given.
#[derive(Debug)]
pub(super) enum RawArrivals {
    /// `calls_per_hour`: rates, calls per hour.
    Rates(PerInterval<f64>),
    /// `calls_per_interval`: a forecast of calls per interval, to be turned into rates with each
    /// interval's length.
    Forecast(PerInterval<f64>),
    /// `times`: a replayed day, arrival times in order, seconds since midnight.
    Trace(Vec<Written<f64>>),
}

const ARRIVALS: &str = "an [arrivals] table with calls_per_hour (such as 300), \
                        calls_per_interval (one forecast per interval) or times (a replayed day)";
const ONE_ARRIVAL_FORM: &str = "exactly one of `calls_per_hour` (such as 300, or one rate per \
                                interval), `calls_per_interval` (one forecast per interval) or \
                                `times` (arrival times of a replayed day)";
const STAFFING: &str = "a [staffing] table such as { agents = 25 }";

/// Reads every table of the scenario, in the order the documentation lists them.
pub(super) fn read(document: &toml::Table) -> Result<RawScenario, Issue> {
    let root = Table::root(document);
    schema::check_keys(&root)?;
    Ok(RawScenario {
        name: root.required("name", &NAME)?,
        description: root.optional("description", &TEXT)?.unwrap_or_default(),
        seed: root.optional("seed", &SEED)?.unwrap_or(1),
        replications: root.optional("replications", &REPLICATIONS)?.unwrap_or(30),
        warmup: root
            .field("warmup")
            .map(|field| field.read_written(&DURATION))
            .transpose()?,
        after_close: root
            .optional("after_close", &AFTER_CLOSE)?
            .unwrap_or_default(),
        hours: hours::read(&root.required_table("hours", hours::EXPECTED)?)?,
        arrivals: arrivals(&root.required_table("arrivals", ARRIVALS)?)?,
        handle_time: distribution::required(&root, "handle_time")?,
        patience: distribution::optional(&root, "patience")?,
        agents: staffing(&root.required_table("staffing", STAFFING)?)?,
        service_level: service_level::read(
            &root.optional_table("service_level", service_level::EXPECTED)?,
        )?,
        limits: limits::read(&root.optional_table("limits", limits::EXPECTED)?)?,
        drops: drops::read(&root.optional_table("drops", drops::EXPECTED)?)?,
    })
}

/// `[arrivals]`: exactly one of rates per hour, a forecast per interval, or arrival times.
fn arrivals(table: &Table) -> Result<RawArrivals, Issue> {
    let rates = table.field("calls_per_hour");
    let forecast = table.field("calls_per_interval");
    let times = table.field("times");
    let mut given = [&rates, &forecast, &times].into_iter().flatten();
    if let (Some(first), Some(second)) = (given.next(), given.next()) {
        return Err(Issue::conflict(&second.key, &first.key, ONE_ARRIVAL_FORM));
    }
    match (&rates, &forecast, &times) {
        (Some(rates), _, _) => PerInterval::read(rates, &CALLS_PER_HOUR).map(RawArrivals::Rates),
        (_, Some(calls), _) => PerInterval::read(calls, &CALLS).map(RawArrivals::Forecast),
        (_, _, Some(times)) => trace(times).map(RawArrivals::Trace),
        (None, None, None) => Err(Issue::incomplete(table.path(), ONE_ARRIVAL_FORM)),
    }
}

/// Arrival times of a replayed day, which must be in order.
fn trace(field: &Field) -> Result<Vec<Written<f64>>, Issue> {
    const EXPECTED: &str =
        "an array of arrival times in order, such as [\"08:00:05\", \"08:01:40\"]";
    let entries = field.entries().ok_or_else(|| field.invalid(EXPECTED))?;
    let mut times: Vec<Written<f64>> = Vec::new();
    for entry in entries {
        let time = entry.read_written(&ARRIVAL_TIME)?;
        if let Some(previous) = times.last().filter(|previous| time.value < previous.value) {
            let expected = format!(
                "a time no earlier than the arrival before it, {}",
                previous.text()
            );
            return Err(time.invalid(expected));
        }
        times.push(time);
    }
    Ok(times)
}

/// `[staffing]`: agents on duty, for the whole day or per interval.
fn staffing(table: &Table) -> Result<PerInterval<u32>, Issue> {
    PerInterval::read(&table.required_field("agents", AGENTS.expected)?, &AGENTS)
}
