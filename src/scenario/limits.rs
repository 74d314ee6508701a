//! `[limits]`: the capacity limits that turn calls into missed calls — a maximum wait (timeout),
//! trunk lines and queue places (blocked).

use super::issue::Issue;
use super::kinds::{LINES, POSITIVE_DURATION, QUEUE_CAPACITY};
use super::reader::Table;
use crate::model::Limits;

/// Describes the table for an error message.
pub(super) const EXPECTED: &str = "a [limits] table such as { max_wait = \"10m\", lines = 60 }";

/// Reads `[limits]`; a limit not given does not exist.
pub(super) fn read(table: &Table) -> Result<Limits, Issue> {
    Ok(Limits {
        max_wait: table.optional("max_wait", &POSITIVE_DURATION)?,
        lines: table.optional("lines", &LINES)?,
        queue_capacity: table.optional("queue_capacity", &QUEUE_CAPACITY)?,
    })
}
