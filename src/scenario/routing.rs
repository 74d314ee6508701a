//! `[routing]`: which waiting call a free agent answers next (`queue`), and which idle agent
//! answers a new call (`agent`).

use super::issue::Issue;
use super::kinds::POSITIVE_DURATION;
use super::reader::Table;
use crate::model::{AgentChoice, QueueOrder, Routing};

/// Describes the table for an error message.
pub(super) const EXPECTED: &str =
    "a [routing] table such as { queue = \"credit\", agent = \"longest_idle\" }";

/// The queue orders, as `queue` spells them.
pub(super) const QUEUE_ORDERS: &[&str] = &["fifo", "priority", "credit", "aging"];

/// The agent choices, as `agent` spells them.
pub(super) const AGENT_CHOICES: &[&str] = &["longest_idle", "preferred_pool"];

const AGING_AFTER: &str = "a positive duration such as \"2m\", which queue = \"aging\" needs: \
                           calls that have waited this long go ahead of every call that has not";

const AGING_ONLY: &str = "`aging_after` only with queue = \"aging\", the one queue order that \
                          promotes calls that have waited long";

/// Reads `[routing]`; without it, calls are answered first come, first served, by the agent
/// idle longest.
pub(super) fn read(table: &Table) -> Result<Routing, Issue> {
    Ok(Routing {
        queue: queue(table)?,
        agent: agent(table)?,
    })
}

/// `queue`, with `aging_after` when, and only when, the order is `aging`.
fn queue(table: &Table) -> Result<QueueOrder, Issue> {
    let aging_after = table.field("aging_after");
    let Some(field) = table.field("queue") else {
        return match aging_after {
            Some(after) => Err(Issue::without(after.key, table.key("queue"), AGING_ONLY)),
            None => Ok(QueueOrder::default()),
        };
    };
    let name = field.choice(QUEUE_ORDERS)?;
    if name == "aging" {
        let after = table.required_field("aging_after", AGING_AFTER)?;
        return Ok(QueueOrder::Aging {
            after: after.read(&POSITIVE_DURATION)?,
        });
    }
    if let Some(after) = aging_after {
        return Err(Issue::conflict(after.key, field.key, AGING_ONLY));
    }
    Ok(match name {
        "priority" => QueueOrder::Priority,
        "credit" => QueueOrder::Credit,
        _ => QueueOrder::Fifo,
    })
}

fn agent(table: &Table) -> Result<AgentChoice, Issue> {
    let Some(field) = table.field("agent") else {
        return Ok(AgentChoice::default());
    };
    Ok(match field.choice(AGENT_CHOICES)? {
        "preferred_pool" => AgentChoice::PreferredPool,
        _ => AgentChoice::LongestIdle,
    })
}
