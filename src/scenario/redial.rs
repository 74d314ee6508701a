//! `[redial]`: whether callers try again after a lost attempt — for every class at the top level,
//! or for one class inside its `[[classes]]` table, which then replaces the top-level rules for
//! that class (as a class's `handle_time` replaces the top-level one).

use super::distribution;
use super::issue::Issue;
use super::kinds::{ATTEMPTS, PROBABILITY};
use super::reader::Table;
use super::schema;
use super::switch::{self, Section};
use crate::model::{RedialAfter, RedialRule, Redials};

/// Describes the table for an error message.
const EXPECTED: &str = "a redial table such as { max_attempts = 3, abandoned = { probability = \
                        0.3, delay = \"15m\" } }";

const RULE: &str = "a table such as { probability = 0.3, delay = \"15m\" } or { probability = \
                    0.3, delay = { distribution = \"exponential\", mean = \"15m\" } }";

const DELAY: &str = "a duration such as \"15m\" (always that long) or a distribution table such \
                     as { distribution = \"exponential\", mean = \"15m\" }";

/// Attempts a caller makes at most, the first included, when the rules do not say.
const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// Reads the `redial` table of `parent` (the top level or a class). `None` when it is not given;
/// when it is switched off, rules that never redial — so a class can opt out of the top-level
/// rules with `redial = { enabled = false }`.
pub(super) fn read(parent: &Table) -> Result<Option<Redials>, Issue> {
    let given = parent.field("redial").is_some();
    let section = switch::read(parent, "redial", EXPECTED, schema::REDIAL, redials)?;
    Ok(given.then(|| section.and_then(Section::on).unwrap_or_default()))
}

/// The rules and the attempts cap. A cap with no rule would change nothing, so it is refused.
fn redials(table: &Table) -> Result<Redials, Issue> {
    let mut rules: [Option<RedialRule>; 6] = Default::default();
    for (slot, after) in rules.iter_mut().zip(RedialAfter::ALL) {
        *slot = rule(table, after.key())?;
    }
    let max_attempts = table.field("max_attempts");
    if rules.iter().all(Option::is_none) {
        return match max_attempts {
            Some(field) => Err(Issue::unused(
                field.key,
                "`max_attempts` with at least one rule saying which lost attempts are tried \
                 again: `abandoned`, `balked`, `blocked`, `timeout`, `dropped` or \
                 `callback_failed`",
            )),
            None => Ok(Redials::default()),
        };
    }
    let max_attempts = max_attempts
        .map(|field| field.read(&ATTEMPTS))
        .transpose()?
        .unwrap_or(DEFAULT_MAX_ATTEMPTS);
    Ok(Redials {
        rules,
        max_attempts,
    })
}

fn rule(redial: &Table, key: &str) -> Result<Option<RedialRule>, Issue> {
    let Some(field) = redial.field(key) else {
        return Ok(None);
    };
    let rule = field.table(RULE)?;
    rule.check_keys(schema::REDIAL_RULE)?;
    Ok(Some(RedialRule {
        probability: rule.required("probability", &PROBABILITY)?,
        delay: distribution::retry_delay(&rule.required_field("delay", DELAY)?)?,
    }))
}
