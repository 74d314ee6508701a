//! The keys of every fixed table of a scenario file, in the order the documentation lists them.
//! Keys outside these lists are refused before anything is read; a key found in the wrong table
//! is pointed to the table it belongs in.

use super::document::join;
use super::issue::Issue;
use super::reader::Table;

/// Top-level keys and tables.
pub(super) const TOP: &[&str] = &[
    "name",
    "description",
    "seed",
    "replications",
    "warmup",
    "after_close",
    "hours",
    "arrivals",
    "handle_time",
    "patience",
    "staffing",
    "service_level",
    "limits",
    "drops",
];

/// Keys of `[hours]`.
pub(super) const HOURS: &[&str] = &["open", "close", "duration", "interval"];

/// Keys of `[arrivals]`.
pub(super) const ARRIVALS: &[&str] = &["calls_per_hour", "calls_per_interval", "times"];

/// Keys of `[staffing]`.
pub(super) const STAFFING: &[&str] = &["agents"];

/// Keys of `[service_level]`.
pub(super) const SERVICE_LEVEL: &[&str] = &["threshold", "target", "formula", "short_abandon"];

/// Keys of `[limits]`.
pub(super) const LIMITS: &[&str] = &["max_wait", "lines", "queue_capacity"];

/// Keys of `[drops]`.
pub(super) const DROPS: &[&str] = &["in_queue", "in_conversation"];

/// Keys of `[drops.in_queue]` and `[drops.in_conversation]`.
pub(super) const DROP_RULE: &[&str] = &["probability", "after"];

/// Every fixed table by path, in the order the documentation lists them. Distribution tables are
/// not here: their keys depend on the family, and [`super::distribution`] checks them.
const TABLES: &[(&str, &[&str])] = &[
    ("", TOP),
    ("hours", HOURS),
    ("arrivals", ARRIVALS),
    ("staffing", STAFFING),
    ("service_level", SERVICE_LEVEL),
    ("limits", LIMITS),
    ("drops", DROPS),
    ("drops.in_queue", DROP_RULE),
    ("drops.in_conversation", DROP_RULE),
];

/// Refuses unknown keys in every fixed table before anything is read, so that a key written in
/// the wrong table is reported as misplaced, not as missing from the table it belongs in.
pub(super) fn check_keys(root: &Table) -> Result<(), Issue> {
    TABLES
        .iter()
        .filter_map(|(path, keys)| Some((root.descend(path)?, keys)))
        .try_for_each(|(table, keys)| table.check_keys(keys))
}

/// The full path of `key` in the one other fixed table that has it: `agents` written at the top
/// level belongs at `staffing.agents`. `None` when no table, or more than one, has the key.
pub(super) fn home_of(key: &str, table: &str) -> Option<String> {
    let mut homes = TABLES
        .iter()
        .filter(|(path, keys)| *path != table && keys.contains(&key));
    match (homes.next(), homes.next()) {
        (Some((path, _)), None) => Some(join(path, key)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_misplaced_keys_home() {
        assert_eq!(home_of("agents", "").as_deref(), Some("staffing.agents"));
        assert_eq!(home_of("warmup", "hours").as_deref(), Some("warmup"));
        assert_eq!(home_of("interval", "hours"), None);
        assert_eq!(home_of("mean", ""), None);
        assert_eq!(home_of("probability", ""), None);
        assert_eq!(
            home_of("probability", "drops.in_queue").as_deref(),
            Some("drops.in_conversation.probability")
        );
    }
}
