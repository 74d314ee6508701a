//! Who calls and who answers. A file without `[[classes]]` describes one kind of call answered by
//! one group of agents, from the top-level `[arrivals]`, `[handle_time]`, `[patience]` and
//! `[staffing]`, as files always have. A file with `[[classes]]` describes several kinds, answered
//! either by one pool from `[staffing]` that serves them all, or by `[[pools]]` with skills.

use super::arrivals::{self, RawArrivals};
use super::classes::{self, RawClass, TopLevel};
use super::distribution;
use super::forecast::RawForecast;
use super::issue::Issue;
use super::names::ClassNames;
use super::pools::{self, RawPool};
use super::reader::Table;
use super::shifts::RawShift;
use super::staffing::RawStaffing;
use crate::dist::Distribution;
use crate::model::{AgentPool, Arrivals, CallClass, Hours, Redials, ServiceLevel, Skill};

/// The name of the one class of a file without `[[classes]]`, which is served at once by the one
/// pool, with the service-level defaults, priority 1 and no credit.
const SINGLE_CLASS: &str = "calls";

/// The name of the pool `[staffing]` describes.
const SHARED_POOL: &str = "agents";

const STAFFING: &str = "a [staffing] table such as { agents = 25 }";

/// What a pool without a count of agents lacks.
pub(super) const AGENTS_SOURCE: &str = "a number of agents, 0 or more (one for every \
                                        interval or one per interval), or [[shifts]] for the \
                                        pool, or an agents column in the [forecast]";

const STAFFING_OR_POOLS: &str = "exactly one of [staffing] (one pool serving every class at once, \
                                 such as { agents = 25 }) or [[pools]] tables (groups of agents, \
                                 each with the classes it serves)";

const ONE_SOURCE: &str = "exactly one of [arrivals] or a [forecast] file for the calls";

/// The calls and agents of a scenario as written.
#[derive(Debug)]
pub(super) enum RawCalls {
    /// One kind of call, answered by the agents of `[staffing]`; the arrivals come from
    /// `[arrivals]` or, when absent, the forecast.
    Single {
        arrivals: Option<RawArrivals>,
        handle_time: Option<Distribution>,
        patience: Option<Distribution>,
        wrap_up: Option<Distribution>,
        staffing: RawStaffing,
    },
    /// `[[classes]]`, with the top-level tables they take shares and defaults from.
    Classes {
        total: Option<RawArrivals>,
        handle_time: Option<Distribution>,
        patience: Option<Distribution>,
        wrap_up: Option<Distribution>,
        classes: Vec<RawClass>,
        agents: RawAgents,
    },
}

/// The agents answering `[[classes]]`.
#[derive(Debug)]
pub(super) enum RawAgents {
    /// `[staffing]`: one pool serving every class at once.
    Shared(RawStaffing),
    /// `[[pools]]`.
    Pools(Vec<RawPool>),
}

/// Reads the tables describing calls and agents, in the order the documentation lists them.
/// `forecast` is the key of a `[forecast]` file, if the scenario has one; `shifts` whether it
/// has `[[shifts]]`, which may stand in for `[staffing]`.
pub(super) fn read(root: &Table, forecast: Option<&str>, shifts: bool) -> Result<RawCalls, Issue> {
    let Some(classes) = root.field("classes") else {
        return single(root, forecast, shifts);
    };
    let total = root
        .field("arrivals")
        .map(|field| RawArrivals::read(&field.table(arrivals::EXPECTED)?))
        .transpose()?;
    if let (Some(forecast), Some(_)) = (forecast, &total) {
        return Err(Issue::conflict("arrivals", forecast, ONE_SOURCE));
    }
    let handle_time = distribution::optional(root, "handle_time")?;
    let patience = distribution::optional(root, "patience")?;
    let wrap_up = distribution::optional(root, "wrap_up")?;
    let classes = classes::read(&classes, forecast.is_some())?;
    let agents = match (root.field("staffing"), root.field("pools")) {
        (Some(_), None) => RawAgents::Shared(staffing(root)?),
        (None, Some(pools)) => RawAgents::Pools(pools::read(&pools)?),
        (Some(staffing), Some(pools)) => {
            return Err(Issue::conflict(pools.key, staffing.key, STAFFING_OR_POOLS));
        }
        (None, None) if shifts || forecast.is_some() => RawAgents::Shared(RawStaffing::read(
            &root.optional_table("staffing", STAFFING)?,
        )?),
        (None, None) => return Err(Issue::missing("pools", STAFFING_OR_POOLS)),
    };
    Ok(RawCalls::Classes {
        total,
        handle_time,
        patience,
        wrap_up,
        classes,
        agents,
    })
}

/// A file without `[[classes]]`: `[arrivals]` (or a forecast), `[handle_time]` (which a forecast
/// may stand in for) and `[staffing]` (which shifts or a forecast may stand in for) are
/// required, and `[[pools]]` has no classes to serve.
fn single(root: &Table, forecast: Option<&str>, shifts: bool) -> Result<RawCalls, Issue> {
    if let Some(pools) = root.field("pools") {
        return Err(Issue::without(
            pools.key,
            "classes",
            "[[classes]] tables declaring the calls that pools serve, which pool skills name \
             (a file without them has one kind of call, answered by [staffing])",
        ));
    }
    let arrivals = match (forecast, root.field("arrivals")) {
        (Some(forecast), Some(_)) => {
            return Err(Issue::conflict("arrivals", forecast, ONE_SOURCE));
        }
        (Some(_), None) => None,
        (None, _) => Some(RawArrivals::read(
            &root.required_table("arrivals", arrivals::EXPECTED)?,
        )?),
    };
    let handle_time = match forecast {
        Some(_) => distribution::optional(root, "handle_time")?,
        None => Some(distribution::required(root, "handle_time")?),
    };
    let staffing = if shifts || forecast.is_some() {
        RawStaffing::read(&root.optional_table("staffing", STAFFING)?)?
    } else {
        staffing(root)?
    };
    Ok(RawCalls::Single {
        arrivals,
        handle_time,
        patience: distribution::optional(root, "patience")?,
        wrap_up: distribution::optional(root, "wrap_up")?,
        staffing,
    })
}

/// `[staffing]`: agents on duty, for the whole day or per interval, and their shrinkage.
fn staffing(root: &Table) -> Result<RawStaffing, Issue> {
    RawStaffing::read(&root.required_table("staffing", STAFFING)?)
}

/// What the calls and agents are built against: the hours, the service-level defaults, the
/// shifts and the forecast.
pub(super) struct Context<'a> {
    pub service_level: &'a ServiceLevel,
    pub hours: &'a Hours,
    pub shifts: &'a [RawShift],
    pub forecast: Option<&'a RawForecast>,
    /// The top-level `[redial]`: the single class's, or the default of every class.
    pub redial: Option<&'a Redials>,
}

/// Builds the classes and pools; every class must be served by some pool. `redial` is the
/// top-level `[redial]`.
pub(super) fn build(
    calls: &RawCalls,
    context: &Context,
) -> Result<(Vec<CallClass>, Vec<AgentPool>), Issue> {
    let (service_level, hours) = (context.service_level, context.hours);
    match calls {
        RawCalls::Single {
            arrivals,
            handle_time,
            patience,
            wrap_up,
            staffing,
        } => {
            let fitted = context
                .forecast
                .map(|forecast| forecast.fit(hours, None))
                .transpose()?;
            let (arrivals, handle_time, by_interval) = match (arrivals, &fitted) {
                (Some(arrivals), _) => {
                    let handle_time = handle_time.clone().expect("required without a forecast");
                    (arrivals.fit(hours)?, handle_time, None)
                }
                (None, Some(fitted)) => {
                    let class = &fitted.classes[0];
                    let key = context.forecast.map_or("forecast", |f| f.key());
                    let (distribution, means) = class.handle_time(handle_time.as_ref(), key)?;
                    let calls_per_hour = class.calls_per_hour.clone();
                    (
                        Arrivals::Poisson { calls_per_hour },
                        distribution,
                        Some(means),
                    )
                }
                (None, None) => unreachable!("read requires [arrivals] without a forecast"),
            };
            let class = CallClass {
                name: SINGLE_CLASS.to_string(),
                arrivals,
                handle_time,
                handle_time_by_interval: by_interval,
                patience: patience.clone(),
                wrap_up: wrap_up.clone(),
                threshold: service_level.threshold,
                target: service_level.target,
                short_abandon: service_level.short_abandon,
                priority: 1,
                credit: 0.0,
                redial: context.redial.cloned().unwrap_or_default(),
            };
            let agents = fitted.as_ref().and_then(|f| f.agents.as_deref());
            let pool = shared_pool(staffing, 1, context, agents)?;
            Ok((vec![class], vec![pool]))
        }
        RawCalls::Classes {
            total,
            handle_time,
            patience,
            wrap_up,
            classes,
            agents,
        } => {
            let top = TopLevel {
                total: total.as_ref(),
                handle_time: handle_time.as_ref(),
                patience: patience.as_ref(),
                wrap_up: wrap_up.as_ref(),
                redial: context.redial,
                service_level,
            };
            let built = classes::build(classes, &top, hours, context.forecast)?;
            let forecast_agents = match (context.forecast, agents) {
                (Some(forecast), RawAgents::Shared(_)) => {
                    let names = classes::from_forecast(classes);
                    forecast.fit(hours, Some(&names))?.agents
                }
                _ => None,
            };
            let pools = match agents {
                RawAgents::Shared(staffing) => vec![shared_pool(
                    staffing,
                    built.len(),
                    context,
                    forecast_agents.as_deref(),
                )?],
                RawAgents::Pools(pools) => {
                    if let Some(forecast) = context.forecast {
                        forecast.refuse_agents(
                            "no agents column with [[pools]]: give each pool's staffing in its \
                             [[pools]] table or in [[shifts]]",
                        )?;
                    }
                    let names = ClassNames::new(built.iter().map(|class| class.name.as_str()));
                    pools::build(pools, &names, hours, context.shifts)?
                }
            };
            served(classes, &pools)?;
            Ok((built, pools))
        }
    }
}

/// The pool `[staffing]` describes: it serves every one of `classes` at once, at their own
/// handle times. Shifts for it name no pool.
fn shared_pool(
    staffing: &RawStaffing,
    classes: usize,
    context: &Context,
    forecast_agents: Option<&[f64]>,
) -> Result<AgentPool, Issue> {
    let shifts: Vec<&RawShift> = context.shifts.iter().collect();
    if let Some(pool) = shifts.iter().find_map(|shift| shift.pool.as_ref()) {
        return Err(pool
            .invalid("no `pool`: without [[pools]] every shift is for the agents of [staffing]"));
    }
    let skills = (0..classes)
        .map(|class| Skill {
            class,
            after: 0.0,
            handle_factor: 1.0,
        })
        .collect();
    let staffing = staffing.fit(&shifts, forecast_agents, context.hours, AGENTS_SOURCE)?;
    Ok(AgentPool {
        name: SHARED_POOL.to_string(),
        agents: staffing.agents,
        fractional: staffing.fractional,
        shrinkage: staffing.shrinkage,
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
