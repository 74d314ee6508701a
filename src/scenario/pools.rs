//! `[[pools]]`: groups of agents with the same skills and schedule. Stage one reads each pool on
//! its own; stage two resolves the class names its skills and reservation give, and fits its
//! staffing to the intervals.

use super::calls::AGENTS_SOURCE;
use super::issue::{Issue, one_of};
use super::kinds::{CLASS_NAME, DURATION, HANDLE_FACTOR, POOL_NAME, RESERVED_AGENTS};
use super::names::{self, ClassNames};
use super::reader::{Field, Table, Written};
use super::schema;
use super::shifts::RawShift;
use super::staffing::RawStaffing;
use crate::model::{AgentPool, Hours, Reservation, Skill};

/// Describes the array of tables for an error message.
pub(super) const EXPECTED: &str = "one [[pools]] table per group of agents, each with a `name`, \
                                   its `agents` and the `skills` it serves";

const SKILLS: &str = "a non-empty array of the classes the pool serves, such as [\"standard\", \
                      { class = \"vip\", after = \"30s\", handle_factor = 1.1 }]";

const SKILL: &str = "a class name such as \"vip\", or a table such as { class = \"vip\", after = \
                     \"30s\", handle_factor = 1.1 }";

const RESERVE: &str = "a table such as { agents = 2, for = [\"vip\"] }";

const RESERVE_FOR: &str = "a non-empty array of the classes the agents are kept for, such as \
                           [\"vip\"]";

/// A pool as written, before its class names are resolved.
#[derive(Debug)]
pub(super) struct RawPool {
    name: Written<String>,
    staffing: RawStaffing,
    skills: Vec<RawSkill>,
    reserve: Option<RawReserve>,
}

#[derive(Debug)]
struct RawSkill {
    class: Written<String>,
    after: f64,
    handle_factor: f64,
}

#[derive(Debug)]
struct RawReserve {
    agents: u32,
    /// The classes the agents are kept for; the whole array is kept for messages about it.
    classes: Written<Vec<Written<String>>>,
}

/// Reads the `pools` array of tables, each pool on its own.
pub(super) fn read(field: &Field) -> Result<Vec<RawPool>, Issue> {
    field
        .non_empty_entries(EXPECTED)?
        .map(|entry| pool(&entry.table(EXPECTED)?))
        .collect()
}

fn pool(table: &Table) -> Result<RawPool, Issue> {
    table.check_keys(schema::POOL)?;
    let skills = table.required_field("skills", SKILLS)?;
    Ok(RawPool {
        name: table
            .required_field("name", POOL_NAME.expected)?
            .read_written(&POOL_NAME)?,
        staffing: RawStaffing::read(table)?,
        skills: skills
            .non_empty_entries(SKILLS)?
            .map(|entry| skill(&entry))
            .collect::<Result<_, _>>()?,
        reserve: table
            .field("reserve")
            .map(|field| reserve(&field))
            .transpose()?,
    })
}

/// A skill: a class name, or a table with an overflow delay and a handle-time factor.
fn skill(entry: &Field) -> Result<RawSkill, Issue> {
    if entry.value.is_str() {
        return Ok(RawSkill {
            class: entry.read_written(&CLASS_NAME)?,
            after: 0.0,
            handle_factor: 1.0,
        });
    }
    let table = entry.table(SKILL)?;
    table.check_keys(schema::SKILL)?;
    Ok(RawSkill {
        class: table
            .required_field("class", CLASS_NAME.expected)?
            .read_written(&CLASS_NAME)?,
        after: table.optional("after", &DURATION)?.unwrap_or(0.0),
        handle_factor: table
            .optional("handle_factor", &HANDLE_FACTOR)?
            .unwrap_or(1.0),
    })
}

fn reserve(field: &Field) -> Result<RawReserve, Issue> {
    let table = field.table(RESERVE)?;
    table.check_keys(schema::RESERVE)?;
    let agents = table.required("agents", &RESERVED_AGENTS)?;
    let classes = table.required_field("for", RESERVE_FOR)?;
    let names = classes
        .non_empty_entries(RESERVE_FOR)?
        .map(|entry| entry.read_written(&CLASS_NAME))
        .collect::<Result<_, _>>()?;
    Ok(RawReserve {
        agents,
        classes: classes.written(names),
    })
}

/// Builds every pool: names unique, staffing one per interval (a count or the shifts naming the
/// pool, less shrinkage), skills and reservations naming classes — each class at most once in a
/// pool's skills, and reserved only where it is served.
pub(super) fn build(
    pools: &[RawPool],
    classes: &ClassNames,
    hours: &Hours,
    shifts: &[RawShift],
) -> Result<Vec<AgentPool>, Issue> {
    names::unique(pools.iter().map(|pool| &pool.name), "pool")?;
    let pool_names = ClassNames::pools(pools.iter().map(|pool| pool.name.value.as_str()));
    let mut shifts_of: Vec<Vec<&RawShift>> = pools.iter().map(|_| Vec::new()).collect();
    for shift in shifts {
        let Some(pool) = &shift.pool else {
            return Err(Issue::missing(
                format!("{}.pool", shift.path()),
                "the name of the pool whose agents work the shift (the file has [[pools]])",
            ));
        };
        shifts_of[pool_names.index(pool)?].push(shift);
    }
    pools
        .iter()
        .zip(&shifts_of)
        .map(|(pool, shifts)| {
            let skills = skills(&pool.skills, classes)?;
            let reserve = pool
                .reserve
                .as_ref()
                .map(|reserve| reservation(reserve, &skills, classes))
                .transpose()?;
            let staffing = pool.staffing.fit(shifts, None, hours, AGENTS_SOURCE)?;
            Ok(AgentPool {
                name: pool.name.value.clone(),
                agents: staffing.agents,
                fractional: staffing.fractional,
                shrinkage: staffing.shrinkage,
                skills,
                reserve,
            })
        })
        .collect()
}

fn skills(skills: &[RawSkill], classes: &ClassNames) -> Result<Vec<Skill>, Issue> {
    let mut built: Vec<Skill> = Vec::with_capacity(skills.len());
    for skill in skills {
        let class = classes.index(&skill.class)?;
        if let Some(earlier) = built.iter().position(|earlier| earlier.class == class) {
            return Err(skill.class.invalid(format!(
                "a class not already among this pool's skills (it is at `{}`)",
                skills[earlier].class.key()
            )));
        }
        built.push(Skill {
            class,
            after: skill.after,
            handle_factor: skill.handle_factor,
        });
    }
    Ok(built)
}

/// The classes a reservation keeps agents for: classes the pool serves, each once, and not all
/// of them — a reserve for every class the pool serves would hold nothing back.
fn reservation(
    reserve: &RawReserve,
    skills: &[Skill],
    classes: &ClassNames,
) -> Result<Reservation, Issue> {
    let served = || skills.iter().map(|skill| classes.name(skill.class));
    let mut reserved: Vec<usize> = Vec::new();
    for name in &reserve.classes.value {
        let class = classes.index(name)?;
        if !skills.iter().any(|skill| skill.class == class) {
            let expected = format!("a class this pool serves, {}", one_of(served(), '"'));
            return Err(name.invalid(expected));
        }
        if reserved.contains(&class) {
            return Err(name.invalid("a class not already listed in this reservation"));
        }
        reserved.push(class);
    }
    if reserved.len() == skills.len() {
        return Err(reserve.classes.invalid(format!(
            "some of the classes this pool serves, not all: a reserve for all of them ({}) holds \
             nothing back from anyone",
            served()
                .map(|name| format!("\"{name}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(Reservation {
        agents: reserve.agents,
        classes: reserved,
    })
}
