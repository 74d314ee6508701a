//! Scenario files: TOML text (plus `--set` overrides) in, a validated [`Scenario`] out, or one
//! error that names the file, line, column and key, what was found there and what would be
//! accepted. The file format is documented in `docs/scenarios.md`.
//!
//! ```
//! use ccsim::scenario::{Override, from_str_with_overrides};
//!
//! let text = r#"
//! name = "Small office"
//! [hours]
//! open = "09:00"
//! close = "17:00"
//! [arrivals]
//! calls_per_hour = 40
//! [handle_time]
//! distribution = "lognormal"
//! mean = "-4m"
//! cv = 0.6
//! [staffing]
//! agents = 4
//! "#;
//! let error = ccsim::scenario::from_str(text, "office.toml").unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     r#"office.toml:10:8: `handle_time.mean`: found "-4m"; expected a positive duration such as "240s", "4m" or "1h30m""#
//! );
//!
//! let fixed: Override = "handle_time.mean=4m".parse().unwrap();
//! let scenario = from_str_with_overrides(text, "office.toml", &[fixed]).unwrap();
//! assert_eq!(scenario.hours.interval_count(), 16);
//! assert_eq!(scenario.pools[0].agents, vec![4; 16]);
//! ```
//!
//! Loading happens in two stages, so that each check has the facts it needs and no more:
//!
//! 1. **Read** (`raw`): the text is parsed keeping the position of every key and value
//!    (`document`), the overrides are applied, and each table is read on its own. Unknown keys
//!    are refused, and every value is checked for its type, unit and range: a duration is a
//!    duration, a number of agents a whole number, a distribution table a valid distribution.
//! 2. **Validate** (`validate`): values that depend on each other are checked together —
//!    per-interval arrays against the number of intervals the opening hours define, the warm-up
//!    against the opening period, class names in pool skills against the classes, shares against
//!    the top-level arrivals — and the [`Scenario`] is built.
//!
//! Who calls and who answers is read by `calls`: a file without `[[classes]]` is one class
//! served by one pool, so every file written before classes existed loads unchanged; `classes`
//! and `pools` read the arrays of tables.
//!
//! What callers are told and offered is read by `contact` (with `announcement`, `callback` and
//! `curve` for probability curves), redials — top-level or per class — by `redial`, and the
//! `enabled` switch those sections share by `switch`.
//!
//! Checks name the dotted key path they concern (array elements by 0-based index, as in
//! `classes.1.handle_time.mean`, which is also what `--set` takes) and never deal with positions;
//! only when an error is reported is the path turned into a line and column, or into the `--set`
//! that supplied it.
//!
//! The TOML is read by hand (`reader`) rather than through `serde` structs: serde's errors are
//! plain strings, without the found/expected parts this module reports separately, and a
//! distribution table selected by its `distribution` key would be an internally tagged enum,
//! inside which `serde_path_to_error` loses the key path.

mod announcement;
mod arrivals;
mod callback;
mod calls;
mod classes;
mod contact;
mod curve;
mod distribution;
mod document;
mod drops;
mod error;
mod hours;
mod issue;
mod kinds;
mod limits;
mod names;
mod overrides;
mod per_interval;
mod pools;
mod raw;
mod reader;
mod redial;
mod routing;
mod schema;
mod service_level;
mod suggest;
mod switch;
mod units;
mod validate;

#[cfg(test)]
mod tests;

pub use error::ScenarioError;
pub use overrides::{Override, ParseOverrideError};
pub use units::parse_duration;

use crate::model::Scenario;
use document::Document;
use std::path::Path;

/// Reads the scenario file at `path` and applies `overrides` in order.
///
/// Errors name the file as `path` displays, so relative paths stay short.
pub fn load(path: &Path, overrides: &[Override]) -> Result<Scenario, ScenarioError> {
    let label = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|error| ScenarioError::unreadable(&label, &error))?;
    from_str_with_overrides(&text, &label, overrides)
}

/// Reads a scenario from TOML `text`; `file_label` names it in error messages.
pub fn from_str(text: &str, file_label: &str) -> Result<Scenario, ScenarioError> {
    from_str_with_overrides(text, file_label, &[])
}

/// Reads a scenario from TOML `text` and applies `overrides` in order, as `--set` does.
pub fn from_str_with_overrides(
    text: &str,
    file_label: &str,
    overrides: &[Override],
) -> Result<Scenario, ScenarioError> {
    let mut document = Document::parse(text, file_label)?;
    for set in overrides {
        document.set(set)?;
    }
    raw::read(document.table())
        .and_then(validate::scenario)
        .map_err(|issue| document.error(issue))
}
