//! `[drops]`: technical failures that disconnect calls, in the queue or in conversation.

use super::distribution;
use super::issue::Issue;
use super::kinds::PROBABILITY;
use super::reader::Table;
use crate::model::{DropRule, Drops};

/// Describes the table for an error message.
pub(super) const EXPECTED: &str = "a [drops] table with `in_queue` and/or `in_conversation`";

const RULE: &str = "a table such as { probability = 0.002, after = { distribution = \
                    \"exponential\", mean = \"3m\" } }";

/// Reads `[drops]`; a phase not given has no failures.
pub(super) fn read(table: &Table) -> Result<Drops, Issue> {
    Ok(Drops {
        in_queue: rule(table, "in_queue")?,
        in_conversation: rule(table, "in_conversation")?,
    })
}

fn rule(drops: &Table, key: &str) -> Result<Option<DropRule>, Issue> {
    let Some(field) = drops.field(key) else {
        return Ok(None);
    };
    let rule = field.table(RULE)?;
    Ok(Some(DropRule {
        probability: rule.required("probability", &PROBABILITY)?,
        after: distribution::required(&rule, "after")?,
    }))
}
