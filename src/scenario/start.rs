//! `[start]`: the state the run starts in — callers already waiting and agents already busy — for
//! a day that does not start empty, or an intraday re-plan from the middle of a day (with
//! `hours.open` at the re-plan time). Stage one reads the entries; stage two resolves the class
//! and pool names and checks the busy agents against the staffing.

use super::distribution;
use super::issue::Issue;
use super::kinds::{CLASS_NAME, DURATION, HEADCOUNT, POOL_NAME, WAITING_CALLERS};
use super::names::ClassNames;
use super::reader::{Field, Table, Written};
use super::schema;
use super::units::format_clock;
use crate::dist::Distribution;
use crate::model::{AgentPool, BusyAtStart, CallClass, Hours, StartState, WaitingAtStart};

/// Describes the table for an error message.
pub(super) const EXPECTED: &str = "a [start] table with `waiting` (callers already in the queue) \
                                   and `busy` (agents already in a conversation)";

const WAITING: &str = "an array of tables such as { class = \"standard\", callers = 12, waited = \
                       \"45s\" } (`class` only with [[classes]])";

const BUSY: &str = "an array of tables such as { pool = \"general\", agents = 20, remaining = { \
                    distribution = \"uniform\", min = \"0s\", max = \"4m\" } } (`pool` only with \
                    [[pools]])";

/// `[start]` as written.
#[derive(Debug, Default)]
pub(super) struct RawStart {
    waiting: Vec<RawWaiting>,
    busy: Vec<RawBusy>,
}

#[derive(Debug)]
struct RawWaiting {
    path: String,
    class: Option<Written<String>>,
    callers: u32,
    waited: f64,
}

#[derive(Debug)]
struct RawBusy {
    path: String,
    pool: Option<Written<String>>,
    agents: Written<u32>,
    remaining: Distribution,
}

/// Reads `[start]`; an empty start state when it is not given.
pub(super) fn read(root: &Table) -> Result<RawStart, Issue> {
    let Some(field) = root.field("start") else {
        return Ok(RawStart::default());
    };
    let table = field.table(EXPECTED)?;
    let entries = |key: &str, expected: &'static str| -> Result<Vec<Table>, Issue> {
        let Some(field) = table.field(key) else {
            return Ok(Vec::new());
        };
        let entries: Vec<Field> = field
            .entries()
            .ok_or_else(|| field.invalid(expected))?
            .collect();
        entries.iter().map(|entry| entry.table(expected)).collect()
    };
    let waiting = entries("waiting", WAITING)?
        .iter()
        .map(|table| {
            table.check_keys(schema::START_WAITING)?;
            Ok(RawWaiting {
                path: table.path().to_string(),
                class: optional_name(table, "class", &CLASS_NAME)?,
                callers: table.required("callers", &WAITING_CALLERS)?,
                waited: table.required("waited", &DURATION)?,
            })
        })
        .collect::<Result<_, Issue>>()?;
    let busy = entries("busy", BUSY)?
        .iter()
        .map(|table| {
            table.check_keys(schema::START_BUSY)?;
            Ok(RawBusy {
                path: table.path().to_string(),
                pool: optional_name(table, "pool", &POOL_NAME)?,
                agents: table
                    .required_field("agents", HEADCOUNT.expected)?
                    .read_written(&HEADCOUNT)?,
                remaining: distribution::required(table, "remaining")?,
            })
        })
        .collect::<Result<_, Issue>>()?;
    Ok(RawStart { waiting, busy })
}

fn optional_name(
    table: &Table,
    key: &str,
    kind: &super::kinds::Kind<String>,
) -> Result<Option<Written<String>>, Issue> {
    table
        .field(key)
        .map(|field| field.read_written(kind))
        .transpose()
}

/// Whether the file names classes and pools, so that start entries must name them too.
pub(super) struct Named {
    /// The file has `[[classes]]`.
    pub classes: bool,
    /// The file has `[[pools]]`.
    pub pools: bool,
}

/// Builds the start state: each entry's class or pool resolved (named exactly when the file has
/// `[[classes]]` or `[[pools]]`), and no pool with more busy agents than it has on the phones in
/// the first interval.
pub(super) fn build(
    raw: &RawStart,
    classes: &[CallClass],
    pools: &[AgentPool],
    named: &Named,
    hours: &Hours,
) -> Result<StartState, Issue> {
    let class_names = ClassNames::new(classes.iter().map(|c| c.name.as_str()));
    let waiting = raw
        .waiting
        .iter()
        .map(|group| {
            let class = resolve(
                &group.class,
                named.classes,
                &class_names,
                &group.path,
                "class",
            )?;
            Ok(WaitingAtStart {
                class,
                callers: group.callers,
                waited: group.waited,
            })
        })
        .collect::<Result<_, Issue>>()?;
    let pool_names = ClassNames::pools(pools.iter().map(|p| p.name.as_str()));
    let mut busy_by_pool = vec![0u32; pools.len()];
    let mut busy = Vec::new();
    for group in &raw.busy {
        let pool = resolve(&group.pool, named.pools, &pool_names, &group.path, "pool")?;
        busy_by_pool[pool] = busy_by_pool[pool].saturating_add(group.agents.value);
        let staffed = pools[pool].agents[0];
        if busy_by_pool[pool] > staffed {
            let (start, end) = hours.interval_bounds(0);
            return Err(group.agents.invalid(format!(
                "at most the {staffed} agents pool \"{}\" has on the phones in the first \
                 interval ({}-{}), counting every `start.busy` entry for it",
                pools[pool].name,
                format_clock(start),
                format_clock(end)
            )));
        }
        busy.push(BusyAtStart {
            pool,
            agents: group.agents.value,
            remaining: group.remaining.clone(),
        });
    }
    Ok(StartState { waiting, busy })
}

/// The index a start entry's `class` or `pool` names: required when the file declares them,
/// refused when it does not (there is then only one).
fn resolve(
    name: &Option<Written<String>>,
    named: bool,
    names: &ClassNames,
    path: &str,
    what: &str,
) -> Result<usize, Issue> {
    let plural = if what == "class" { "classes" } else { "pools" };
    match (name, named) {
        (Some(name), true) => names.index(name),
        (None, false) => Ok(0),
        (None, true) => Err(Issue::missing(
            format!("{path}.{what}"),
            format!("the name of the {what} (the file declares [[{plural}]])"),
        )),
        (Some(name), false) => Err(name.invalid(format!(
            "no `{what}`: the file has one {what} (declare [[{plural}]] to name them)"
        ))),
    }
}
