//! The keys of every table of a scenario file, in the order the documentation lists them.
//! Keys outside these lists are refused — in fixed tables before anything is read, in each
//! `[[classes]]` and `[[pools]]` element before the element is read — and a key found in the
//! wrong table is pointed to the table it belongs in.

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
    "volume",
    "hours",
    "forecast",
    "arrivals",
    "handle_time",
    "patience",
    "wrap_up",
    "staffing",
    "shifts",
    "shift_patterns",
    "classes",
    "pools",
    "routing",
    "service_level",
    "targets",
    "limits",
    "drops",
    "uncertainty",
    "start",
    "estimate",
    "self_service",
    "deflection",
    "announcement",
    "callback",
    "redial",
    "campaigns",
    "variants",
    "days",
];

/// Keys of `[hours]`.
pub(super) const HOURS: &[&str] = &["open", "close", "duration", "interval"];

/// Keys of `[arrivals]`.
pub(super) const ARRIVALS: &[&str] = &[
    "calls_per_hour",
    "calls_per_interval",
    "times",
    "times_file",
    "column",
];

/// Keys of `[staffing]`.
pub(super) const STAFFING: &[&str] = &["agents", "shrinkage"];

/// Keys of `[forecast]`.
pub(super) const FORECAST: &[&str] = &["file"];

/// Keys of each `[[shifts]]` element.
pub(super) const SHIFT: &[&str] = &["pool", "start", "end", "agents", "breaks"];

/// Keys of a `[[shift_patterns]]` table.
pub(super) const SHIFT_PATTERN: &[&str] = &[
    "name",
    "pool",
    "length",
    "earliest",
    "latest",
    "every",
    "breaks",
    "cost",
    "max_agents",
];

/// Keys of a shift pattern's break.
pub(super) const PATTERN_BREAK: &[&str] = &["after", "length", "paid"];

/// Keys of a shift's break.
pub(super) const BREAK: &[&str] = &["start", "length"];

/// Keys of `[uncertainty]`.
pub(super) const UNCERTAINTY: &[&str] = &["volume_cv"];

/// Keys of `[start]`.
pub(super) const START: &[&str] = &["waiting", "busy"];

/// Keys of each entry of `start.waiting`.
pub(super) const START_WAITING: &[&str] = &["class", "callers", "waited"];

/// Keys of each entry of `start.busy`.
pub(super) const START_BUSY: &[&str] = &["pool", "agents", "remaining"];

/// Keys of each `[[classes]]` element.
pub(super) const CLASS: &[&str] = &[
    "name",
    "share",
    "arrivals",
    "handle_time",
    "patience",
    "wrap_up",
    "threshold",
    "target",
    "short_abandon",
    "priority",
    "credit",
    "redial",
];

/// Keys of each `[[pools]]` element.
pub(super) const POOL: &[&str] = &["name", "agents", "shrinkage", "skills", "reserve"];

/// Keys of a skill written as a table, `{ class = "vip", after = "30s" }`.
pub(super) const SKILL: &[&str] = &["class", "after", "handle_factor"];

/// Keys of a pool's `reserve`.
pub(super) const RESERVE: &[&str] = &["agents", "for"];

/// Keys of each `[[variants]]` element (the keys inside its `set` are key paths of the scenario).
pub(super) const VARIANT: &[&str] = &["name", "description", "set"];

/// Keys of each `[[days]]` element (the keys inside its `set` are key paths of the scenario).
pub(super) const DAY: &[&str] = &["name", "set"];

/// Keys of `[routing]`.
pub(super) const ROUTING: &[&str] = &["queue", "aging_after", "agent"];

/// Keys of `[service_level]`.
pub(super) const SERVICE_LEVEL: &[&str] = &["threshold", "target", "formula", "short_abandon"];

/// Keys of `[targets]`: the ceilings of every interval, and the `[targets.day]` table.
pub(super) const TARGETS: &[&str] = &["max_abandon", "max_occupancy", "max_asa", "day"];

/// Keys of `[targets.day]`.
pub(super) const DAY_TARGETS: &[&str] =
    &["service_level", "max_abandon", "max_occupancy", "max_asa"];

/// Keys of `[limits]`.
pub(super) const LIMITS: &[&str] = &["max_wait", "lines", "queue_capacity"];

/// Keys of `[drops]`.
pub(super) const DROPS: &[&str] = &["in_queue", "in_conversation"];

/// Keys of `[drops.in_queue]` and `[drops.in_conversation]`.
pub(super) const DROP_RULE: &[&str] = &["probability", "after"];

/// Keys of `[estimate]`.
pub(super) const ESTIMATE: &[&str] = &["method", "measure"];

/// Keys of `[self_service]`.
pub(super) const SELF_SERVICE: &[&str] = &["enabled", "share"];

/// Keys of `[deflection]`.
pub(super) const DEFLECTION: &[&str] = &["enabled", "share", "when_wait_over"];

/// Keys of `[announcement]`.
pub(super) const ANNOUNCEMENT: &[&str] = &[
    "enabled", "at_entry", "every", "content", "balk", "patience",
];

/// Keys of `[callback]`.
pub(super) const CALLBACK: &[&str] = &[
    "enabled",
    "kind",
    "offer_when_wait_over",
    "accept",
    "service",
    "dial_time",
    "answer_probability",
    "retry_after",
    "max_attempts",
    "promise",
    "slot_length",
    "slot_capacity",
    "classes",
];

/// Keys of `[redial]`, at the top level and in a class: a switch, the attempts cap, and one rule
/// per kind of lost attempt (in [`crate::model::RedialAfter::ALL`] order).
pub(super) const REDIAL: &[&str] = &[
    "enabled",
    "max_attempts",
    "abandoned",
    "balked",
    "blocked",
    "timeout",
    "dropped",
    "callback_failed",
];

/// Keys of one redial rule, `{ probability = 0.3, delay = "15m" }`. Not in [`TABLES`]: the
/// rules are small inline tables, checked when read, and listing them there would make
/// `probability` a key of so many tables that a misplaced one could no longer be pointed home.
pub(super) const REDIAL_RULE: &[&str] = &["probability", "delay"];

/// Keys of each `[[campaigns]]` element.
pub(super) const CAMPAIGN: &[&str] = &[
    "name",
    "list_size",
    "dial_from",
    "dial_until",
    "pools",
    "pacing",
    "dial_ratio",
    "preview_time",
    "target_abandon",
    "max_dial_ratio",
    "outcomes",
    "ring_time",
    "right_party",
    "handle_time",
    "wrap_up",
    "machine_time",
    "retry",
    "amd",
    "connection_limit",
    "blend",
];

/// Keys of a campaign's `outcomes` and `ring_time`: the outcomes of a dial, in
/// [`crate::model::DialOutcome::ALL`] order.
pub(super) const CAMPAIGN_OUTCOMES: &[&str] = &["live", "no_answer", "busy", "machine", "invalid"];

/// Keys of a campaign's `retry`.
pub(super) const CAMPAIGN_RETRY: &[&str] = &["no_answer", "busy", "max_attempts"];

/// Keys of a campaign's `blend`.
pub(super) const CAMPAIGN_BLEND: &[&str] = &["inbound_first", "reserve"];

/// Keys of a campaign's `amd`.
pub(super) const CAMPAIGN_AMD: &[&str] = &["delay", "false_positive", "false_negative"];

/// Every fixed table by path, in the order the documentation lists them. Distribution tables are
/// not here: their keys depend on the family, and [`super::distribution`] checks them.
const TABLES: Tables = &[
    ("", TOP),
    ("hours", HOURS),
    ("arrivals", ARRIVALS),
    ("forecast", FORECAST),
    ("staffing", STAFFING),
    ("routing", ROUTING),
    ("service_level", SERVICE_LEVEL),
    ("targets", TARGETS),
    ("targets.day", DAY_TARGETS),
    ("limits", LIMITS),
    ("drops", DROPS),
    ("drops.in_queue", DROP_RULE),
    ("drops.in_conversation", DROP_RULE),
    ("uncertainty", UNCERTAINTY),
    ("start", START),
    ("estimate", ESTIMATE),
    ("self_service", SELF_SERVICE),
    ("deflection", DEFLECTION),
    ("announcement", ANNOUNCEMENT),
    ("callback", CALLBACK),
    ("redial", REDIAL),
];

/// Tables by path, each with its keys.
type Tables = &'static [(&'static str, &'static [&'static str])];

/// The tables inside each element of an array of tables, by path relative to the element.
const ELEMENT_TABLES: &[(&str, Tables)] = &[
    (
        "classes",
        &[("", CLASS), ("arrivals", ARRIVALS), ("redial", REDIAL)],
    ),
    ("pools", &[("", POOL), ("reserve", RESERVE)]),
    ("shifts", &[("", SHIFT)]),
    ("shift_patterns", &[("", SHIFT_PATTERN)]),
    (
        "campaigns",
        &[
            ("", CAMPAIGN),
            ("outcomes", CAMPAIGN_OUTCOMES),
            ("ring_time", CAMPAIGN_OUTCOMES),
            ("retry", CAMPAIGN_RETRY),
            ("amd", CAMPAIGN_AMD),
            ("blend", CAMPAIGN_BLEND),
        ],
    ),
];

/// Refuses unknown keys in every fixed table before anything is read, so that a key written in
/// the wrong table is reported as misplaced, not as missing from the table it belongs in.
pub(super) fn check_keys(root: &Table) -> Result<(), Issue> {
    TABLES
        .iter()
        .filter_map(|(path, keys)| Some((root.descend(path)?, keys)))
        .try_for_each(|(table, keys)| table.check_keys(keys))
}

/// The full path of `key` in the one other table that has it: `agents` written at the top level
/// belongs at `staffing.agents`, and `calls_per_hour` written in `classes.1` at
/// `classes.1.arrivals.calls_per_hour`. Inside an element of `[[classes]]` or `[[pools]]` the
/// element's own tables are searched first, then the fixed tables — unless the key belongs in
/// an element of the other array (`agents` written in a class may be meant for a pool), whose
/// index cannot be guessed. `None` when no table, or more than one, has the key.
pub(super) fn home_of(key: &str, table: &str) -> Option<String> {
    if let Some((element, inner, tables)) = element_of(table) {
        let homes = tables.iter().filter(|(path, _)| *path != inner);
        match only(homes, key) {
            Home::One("") => return Some(join(element, key)),
            Home::One(path) => return Some(join(&join(element, path), key)),
            Home::Several => return None,
            Home::None => {}
        }
        let elsewhere = ELEMENT_TABLES.iter().flat_map(|(_, tables)| tables.iter());
        if !matches!(only(elsewhere, key), Home::None) {
            return None;
        }
    }
    match only(TABLES.iter().filter(|(path, _)| *path != table), key) {
        Home::One(path) => Some(join(path, key)),
        _ => None,
    }
}

/// How many tables have a key.
enum Home<'a> {
    None,
    One(&'a str),
    Several,
}

/// The table among `tables` that has `key`, if exactly one does.
fn only<'a>(tables: impl Iterator<Item = &'a (&'a str, &'a [&'a str])>, key: &str) -> Home<'a> {
    let mut homes = tables.filter(|(_, keys)| keys.contains(&key));
    match (homes.next(), homes.next()) {
        (None, _) => Home::None,
        (Some((path, _)), None) => Home::One(path),
        _ => Home::Several,
    }
}

/// For a table inside an element of an array of tables (`classes.1`, `pools.0.reserve`): the
/// element's path, the table's path inside it, and the element's tables.
fn element_of(table: &str) -> Option<(&str, &str, Tables)> {
    let mut parts = table.splitn(3, '.');
    let (array, index) = (parts.next()?, parts.next()?);
    index.parse::<usize>().ok()?;
    let (_, tables) = ELEMENT_TABLES.iter().find(|(name, _)| *name == array)?;
    let element = &table[..array.len() + 1 + index.len()];
    Some((element, parts.next().unwrap_or(""), tables))
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
        assert_eq!(home_of("queue", "").as_deref(), Some("routing.queue"));
    }

    #[test]
    fn points_misplaced_keys_home_within_an_element() {
        assert_eq!(
            home_of("calls_per_hour", "classes.1").as_deref(),
            Some("classes.1.arrivals.calls_per_hour")
        );
        assert_eq!(
            home_of("priority", "classes.0.arrivals").as_deref(),
            Some("classes.0.priority")
        );
        assert_eq!(
            home_of("for", "pools.2").as_deref(),
            Some("pools.2.reserve.for")
        );
        // `agents` is a key of the pool and of its reserve: no single home.
        assert_eq!(home_of("agents", "pools.0.skills.1"), None);
        // A pool's key in a class: which pool cannot be guessed.
        assert_eq!(home_of("agents", "classes.1"), None);
        // Not in the element's tables: the fixed tables are searched.
        assert_eq!(
            home_of("formula", "classes.0").as_deref(),
            Some("service_level.formula")
        );
    }
}
