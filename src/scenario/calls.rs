//! Who calls and who answers. A file without `[[classes]]` describes one kind of call answered by
//! one group of agents, from the top-level `[arrivals]`, `[handle_time]`, `[patience]` and
//! `[staffing]`, as files always have. A file with `[[classes]]` describes several kinds, answered
//! either by one pool from `[staffing]` that serves them all, or by `[[pools]]` with skills.

use super::arrivals::{self, RawArrivals};
use super::classes::{self, RawClass, TopLevel};
use super::distribution;
use super::issue::Issue;
use super::kinds::AGENTS;
use super::names::ClassNames;
use super::per_interval::PerInterval;
use super::pools::{self, RawPool};
use super::reader::Table;
use crate::dist::Distribution;
use crate::model::{AgentPool, CallClass, Hours, Redials, ServiceLevel, Skill};

/// The name of the one class of a file without `[[classes]]`, which is served at once by the one
/// pool, with the service-level defaults, priority 1 and no credit.
const SINGLE_CLASS: &str = "calls";

/// The name of the pool `[staffing]` describes.
const SHARED_POOL: &str = "agents";

const STAFFING: &str = "a [staffing] table such as { agents = 25 }";

const STAFFING_OR_POOLS: &str = "exactly one of [staffing] (one pool serving every class at once, \
                                 such as { agents = 25 }) or [[pools]] tables (groups of agents, \
                                 each with the classes it serves)";

/// The calls and agents of a scenario as written.
#[derive(Debug)]
pub(super) enum RawCalls {
    /// One kind of call, answered by the agents of `[staffing]`.
    Single {
        arrivals: RawArrivals,
        handle_time: Distribution,
        patience: Option<Distribution>,
        agents: PerInterval<u32>,
    },
    /// `[[classes]]`, with the top-level tables they take shares and defaults from.
    Classes {
        total: Option<RawArrivals>,
        handle_time: Option<Distribution>,
        patience: Option<Distribution>,
        classes: Vec<RawClass>,
        agents: RawAgents,
    },
}

/// The agents answering `[[classes]]`.
#[derive(Debug)]
pub(super) enum RawAgents {
    /// `[staffing]`: one pool serving every class at once.
    Shared(PerInterval<u32>),
    /// `[[pools]]`.
    Pools(Vec<RawPool>),
}

/// Reads the tables describing calls and agents, in the order the documentation lists them.
pub(super) fn read(root: &Table) -> Result<RawCalls, Issue> {
    let Some(classes) = root.field("classes") else {
        return single(root);
    };
    let total = root
        .field("arrivals")
        .map(|field| RawArrivals::read(&field.table(arrivals::EXPECTED)?))
        .transpose()?;
    let handle_time = distribution::optional(root, "handle_time")?;
    let patience = distribution::optional(root, "patience")?;
    let classes = classes::read(&classes)?;
    let agents = match (root.field("staffing"), root.field("pools")) {
        (Some(_), None) => RawAgents::Shared(staffing(root)?),
        (None, Some(pools)) => RawAgents::Pools(pools::read(&pools)?),
        (Some(staffing), Some(pools)) => {
            return Err(Issue::conflict(pools.key, staffing.key, STAFFING_OR_POOLS));
        }
        (None, None) => return Err(Issue::missing("pools", STAFFING_OR_POOLS)),
    };
    Ok(RawCalls::Classes {
        total,
        handle_time,
        patience,
        classes,
        agents,
    })
}

/// A file without `[[classes]]`: `[arrivals]`, `[handle_time]` and `[staffing]` are required,
/// and `[[pools]]` has no classes to serve.
fn single(root: &Table) -> Result<RawCalls, Issue> {
    if let Some(pools) = root.field("pools") {
        return Err(Issue::without(
            pools.key,
            "classes",
            "[[classes]] tables declaring the calls that pools serve, which pool skills name \
             (a file without them has one kind of call, answered by [staffing])",
        ));
    }
    Ok(RawCalls::Single {
        arrivals: RawArrivals::read(&root.required_table("arrivals", arrivals::EXPECTED)?)?,
        handle_time: distribution::required(root, "handle_time")?,
        patience: distribution::optional(root, "patience")?,
        agents: staffing(root)?,
    })
}

/// `[staffing]`: agents on duty, for the whole day or per interval.
fn staffing(root: &Table) -> Result<PerInterval<u32>, Issue> {
    let table = root.required_table("staffing", STAFFING)?;
    PerInterval::read(&table.required_field("agents", AGENTS.expected)?, &AGENTS)
}

/// Builds the classes and pools; every class must be served by some pool. `redial` is the
/// top-level `[redial]`.
pub(super) fn build(
    calls: &RawCalls,
    service_level: &ServiceLevel,
    redial: Option<&Redials>,
    hours: &Hours,
) -> Result<(Vec<CallClass>, Vec<AgentPool>), Issue> {
    match calls {
        RawCalls::Single {
            arrivals,
            handle_time,
            patience,
            agents,
        } => {
            let class = CallClass {
                name: SINGLE_CLASS.to_string(),
                arrivals: arrivals.fit(hours)?,
                handle_time: handle_time.clone(),
                patience: patience.clone(),
                threshold: service_level.threshold,
                target: service_level.target,
                short_abandon: service_level.short_abandon,
                priority: 1,
                credit: 0.0,
                redial: redial.cloned().unwrap_or_default(),
            };
            Ok((vec![class], vec![shared_pool(agents, 1, hours)?]))
        }
        RawCalls::Classes {
            total,
            handle_time,
            patience,
            classes,
            agents,
        } => {
            let top = TopLevel {
                total: total.as_ref(),
                handle_time: handle_time.as_ref(),
                patience: patience.as_ref(),
                redial,
                service_level,
            };
            let built = classes::build(classes, &top, hours)?;
            let pools = match agents {
                RawAgents::Shared(agents) => vec![shared_pool(agents, built.len(), hours)?],
                RawAgents::Pools(pools) => {
                    let names = ClassNames::new(built.iter().map(|class| class.name.as_str()));
                    pools::build(pools, &names, hours)?
                }
            };
            served(classes, &pools)?;
            Ok((built, pools))
        }
    }
}

/// The pool `[staffing]` describes: it serves every one of `classes` at once, at their own
/// handle times.
fn shared_pool(
    agents: &PerInterval<u32>,
    classes: usize,
    hours: &Hours,
) -> Result<AgentPool, Issue> {
    let skills = (0..classes)
        .map(|class| Skill {
            class,
            after: 0.0,
            handle_factor: 1.0,
        })
        .collect();
    Ok(AgentPool {
        name: SHARED_POOL.to_string(),
        agents: agents.fit(hours)?,
        skills,
        reserve: None,
    })
}

/// Refuses a class no pool serves: its calls could only wait.
fn served(classes: &[RawClass], pools: &[AgentPool]) -> Result<(), Issue> {
    let unserved = classes
        .iter()
        .enumerate()
        .find(|(index, _)| pools.iter().all(|pool| pool.skill(*index).is_none()));
    match unserved {
        None => Ok(()),
        Some((_, class)) => Err(class.name.invalid(format!(
            "a class some pool serves: add {} to the `skills` of a [[pools]] table",
            class.name.text()
        ))),
    }
}
