//! `[announcement]`: what waiting callers are told — their expected wait or their position — when,
//! and how they respond: some hang up (the balk curve), and those who stay may wait longer.

use super::curve::{self, ANNOUNCED_POSITION, ANNOUNCED_WAIT};
use super::issue::Issue;
use super::kinds::{FLAG, PATIENCE_COMMIT, PATIENCE_SCALE, POSITIVE_DURATION};
use super::reader::{Field, Table};
use crate::model::{AnnouncedContent, Announcement, Curve, PatienceResponse};

/// Describes the table for an error message.
pub(super) const EXPECTED: &str = "an [announcement] table such as { every = \"60s\", content = \
                                   \"expected_wait\", balk = 0.05 }";

const PATIENCE: &str = "\"keep\", { scale = 1.2 } (the remaining patience times 1.2) or \
                        { commit = 1.0 } (callers who stay wait at least 1.0 × the announced wait)";

const NEVER_PLAYED: &str = "`at_entry = true` or an `every` period: with at_entry = false and no \
                            `every`, the announcement is never played";

/// Reads `[announcement]`.
pub(super) fn read(table: &Table) -> Result<Announcement, Issue> {
    let at_entry = table.optional("at_entry", &FLAG)?.unwrap_or(true);
    let every = table.optional("every", &POSITIVE_DURATION)?;
    if !at_entry && every.is_none() {
        let key = table.key("at_entry");
        return Err(Issue::without(key, table.key("every"), NEVER_PLAYED));
    }
    let content = match table.field("content") {
        None => AnnouncedContent::ExpectedWait,
        Some(field) => match field.choice(&["expected_wait", "position"])? {
            "position" => AnnouncedContent::Position,
            _ => AnnouncedContent::ExpectedWait,
        },
    };
    let axis = match content {
        AnnouncedContent::ExpectedWait => &ANNOUNCED_WAIT,
        AnnouncedContent::Position => &ANNOUNCED_POSITION,
    };
    let balk = match table.field("balk") {
        None => Curve::constant(0.0),
        Some(field) => curve::read(&field, axis)?,
    };
    let patience = match table.field("patience") {
        None => PatienceResponse::Keep,
        Some(field) => patience(&field)?,
    };
    Ok(Announcement {
        at_entry,
        every,
        content,
        balk,
        patience,
    })
}

/// `"keep"`, `{ scale = … }` or `{ commit = … }`.
fn patience(field: &Field) -> Result<PatienceResponse, Issue> {
    if field.value.as_str() == Some("keep") {
        return Ok(PatienceResponse::Keep);
    }
    let table = field.table(PATIENCE)?;
    table.check_keys(&["scale", "commit"])?;
    match (table.field("scale"), table.field("commit")) {
        (Some(scale), None) => Ok(PatienceResponse::Scale(scale.read(&PATIENCE_SCALE)?)),
        (None, Some(commit)) => Ok(PatienceResponse::Commit(commit.read(&PATIENCE_COMMIT)?)),
        (Some(_), Some(commit)) => Err(Issue::conflict(commit.key, table.key("scale"), PATIENCE)),
        (None, None) => Err(Issue::incomplete(table.path(), PATIENCE)),
    }
}
