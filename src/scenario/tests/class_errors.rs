//! One test per class of error in multi-class files — classes, shares, pools, skills,
//! reservations, routing — each checking what the analyst sees: file, line, column, key, the
//! value found and what would have been accepted. Line numbers refer to `CLASSES` (see its
//! comment).

use super::errors::check;
use super::{CLASSES, MINIMAL, classes_with, load_error, load_error_with};
use crate::scenario::Override;

/// The skills line of the general pool, line 28.
const GENERAL_SKILLS: &str = "skills = [\"standard\", { class = \"vip\", after = \"30s\" }]";

#[test]
fn duplicate_class_or_pool_name() {
    let error = load_error(&classes_with("name = \"vip\"", "name = \"standard\""));
    check(
        &error,
        Some((17, 8)),
        "classes.1.name",
        Some("\"standard\""),
        "a name no other class has (`classes.0.name` is \"standard\" too)",
    );
    let error = load_error(&classes_with("name = \"general\"", "name = \"desk\""));
    check(
        &error,
        Some((26, 8)),
        "pools.1.name",
        Some("\"desk\""),
        "a name no other pool has (`pools.0.name` is \"desk\" too)",
    );
}

#[test]
fn unknown_class_in_skills() {
    let error = load_error(&classes_with("skills = [\"vip\"]", "skills = [\"vpi\"]"));
    check(
        &error,
        Some((23, 11)),
        "pools.0.skills.0",
        Some("\"vpi\""),
        "the name of a class, one of \"standard\" or \"vip\"",
    );
    assert_eq!(
        error.to_string(),
        "t.toml:23:11: `pools.0.skills.0`: found \"vpi\" (did you mean \"vip\"?); expected the \
         name of a class, one of \"standard\" or \"vip\""
    );
    let error = load_error(&classes_with("{ class = \"vip\"", "{ class = \"VIP\""));
    check(
        &error,
        Some((28, 33)),
        "pools.1.skills.1.class",
        Some("\"VIP\""),
        "the name of a class",
    );
    assert!(
        error.to_string().contains("(did you mean \"vip\"?)"),
        "{error}"
    );
}

#[test]
fn class_listed_twice_in_a_pool() {
    let skills = "skills = [\"standard\", \"vip\", { class = \"vip\" }]";
    let error = load_error(&classes_with(GENERAL_SKILLS, skills));
    check(
        &error,
        Some((28, 40)),
        "pools.1.skills.2.class",
        Some("\"vip\""),
        "a class not already among this pool's skills (it is at `pools.1.skills.1`)",
    );
}

#[test]
fn class_served_by_no_pool() {
    let text = classes_with("skills = [\"vip\"]", "skills = [\"standard\"]")
        .replace(GENERAL_SKILLS, "skills = [\"standard\"]");
    let error = load_error(&text);
    check(
        &error,
        Some((17, 8)),
        "classes.1.name",
        Some("\"vip\""),
        "a class some pool serves: add \"vip\" to the `skills` of a [[pools]] table",
    );
}

#[test]
fn share_without_a_total() {
    let error = load_error(&classes_with("[arrivals]\ncalls_per_hour = 200\n", ""));
    check(
        &error,
        Some((11, 1)),
        "classes.0.share",
        None,
        "a top-level [arrivals] table with the total that classes take a share of",
    );
    assert!(
        error
            .to_string()
            .starts_with("t.toml:11:1: `classes.0.share`: given without `arrivals`; "),
        "{error}"
    );
}

#[test]
fn share_of_a_total_that_is_not_poisson() {
    let error = load_error(&classes_with(
        "calls_per_hour = 200",
        "times = [\"08:00:05\"]",
    ));
    check(
        &error,
        Some((6, 1)),
        "arrivals.times",
        None,
        "`calls_per_hour` or `calls_per_interval` in a total that classes take a share of",
    );
    assert!(
        error
            .to_string()
            .contains("given together with `classes.0.share`"),
        "{error}"
    );
}

#[test]
fn shares_over_one() {
    let error = load_error(&classes_with("share = 0.25", "share = 0.3"));
    check(
        &error,
        Some((18, 9)),
        "classes.1.share",
        Some("0.3"),
        "shares that add up to at most 1 (of the top-level [arrivals]); the classes' shares add \
         up to 1.05",
    );
    let error = load_error(&classes_with("share = 0.25", "share = 0"));
    check(
        &error,
        Some((18, 9)),
        "classes.1.share",
        Some("0"),
        "above 0 and at most 1",
    );
}

#[test]
fn share_and_arrivals_together_or_neither() {
    let error = load_error(&classes_with(
        "share = 0.25\n",
        "share = 0.25\narrivals = { calls_per_hour = 10 }\n",
    ));
    check(
        &error,
        Some((19, 1)),
        "classes.1.arrivals",
        None,
        "exactly one of `share`",
    );
    assert!(
        error
            .to_string()
            .contains("given together with `classes.1.share`"),
        "{error}"
    );
    let error = load_error(&classes_with("share = 0.25\n", ""));
    check(
        &error,
        Some((16, 1)),
        "classes.1",
        None,
        "exactly one of `share`",
    );
    assert!(
        error.to_string().contains("`classes.1`: incomplete;"),
        "{error}"
    );
}

#[test]
fn pools_together_with_staffing_or_neither() {
    let error = load_error(&format!("{CLASSES}[staffing]\nagents = 5\n"));
    check(
        &error,
        Some((20, 3)),
        "pools",
        None,
        "exactly one of [staffing] (one pool serving every class at once",
    );
    assert!(
        error.to_string().contains("given together with `staffing`"),
        "{error}"
    );
    let without_pools = &CLASSES[..CLASSES.find("[[pools]]").unwrap()];
    let error = load_error(without_pools);
    check(&error, None, "pools", None, "exactly one of [staffing]");
}

#[test]
fn pools_without_classes() {
    let error = load_error(&format!("{MINIMAL}[[pools]]\nname = \"desk\"\n"));
    check(
        &error,
        Some((12, 3)),
        "pools",
        None,
        "[[classes]] tables declaring the calls that pools serve",
    );
    assert!(
        error
            .to_string()
            .contains("`pools`: given without `classes`"),
        "{error}"
    );
}

#[test]
fn aging_after_missing_or_without_aging() {
    let error = load_error(&format!("{CLASSES}[routing]\nqueue = \"aging\"\n"));
    check(
        &error,
        Some((29, 2)),
        "routing.aging_after",
        None,
        "a positive duration such as \"2m\", which queue = \"aging\" needs",
    );
    let text = format!("{CLASSES}[routing]\nqueue = \"credit\"\naging_after = \"2m\"\n");
    let error = load_error(&text);
    check(
        &error,
        Some((31, 1)),
        "routing.aging_after",
        None,
        "`aging_after` only with queue = \"aging\"",
    );
    assert!(
        error
            .to_string()
            .contains("given together with `routing.queue`"),
        "{error}"
    );
    let error = load_error(&format!("{CLASSES}[routing]\naging_after = \"2m\"\n"));
    check(
        &error,
        Some((30, 1)),
        "routing.aging_after",
        None,
        "`aging_after` only with queue = \"aging\"",
    );
    assert!(
        error.to_string().contains("given without `routing.queue`"),
        "{error}"
    );
    let text = format!("{CLASSES}[routing]\nqueue = \"aging\"\naging_after = \"0s\"\n");
    let error = load_error(&text);
    check(
        &error,
        Some((31, 15)),
        "routing.aging_after",
        Some("\"0s\""),
        "a positive duration",
    );
}

#[test]
fn unknown_queue_order_or_agent_choice() {
    let error = load_error(&format!("{CLASSES}[routing]\nqueue = \"lifo\"\n"));
    check(
        &error,
        Some((30, 9)),
        "routing.queue",
        Some("\"lifo\""),
        "one of \"fifo\", \"priority\", \"credit\" or \"aging\"",
    );
    assert!(
        error.to_string().contains("(did you mean \"fifo\"?)"),
        "{error}"
    );
    let error = load_error(&format!("{CLASSES}[routing]\nagent = \"longest-idle\"\n"));
    check(
        &error,
        Some((30, 9)),
        "routing.agent",
        Some("\"longest-idle\""),
        "one of \"longest_idle\" or \"preferred_pool\"",
    );
    assert!(
        error
            .to_string()
            .contains("(did you mean \"longest_idle\"?)"),
        "{error}"
    );
}

#[test]
fn bad_priority() {
    for (written, found) in [("0", "0"), ("1.5", "1.5"), ("\"high\"", "\"high\"")] {
        let error = load_error(&classes_with(
            "priority = 2",
            &format!("priority = {written}"),
        ));
        check(
            &error,
            Some((14, 12)),
            "classes.0.priority",
            Some(found),
            "a whole number, 1 or more (1 is answered first)",
        );
    }
}

#[test]
fn bad_credit() {
    for written in ["\"-90s\"", "\"forever\"", "-1"] {
        let error = load_error(&classes_with(
            "priority = 2",
            &format!("credit = {written}"),
        ));
        check(
            &error,
            Some((14, 10)),
            "classes.0.credit",
            Some(written),
            "a duration of zero or more, such as \"90s\", or \"inf\" for strict priority",
        );
    }
}

#[test]
fn bad_skill() {
    let error = load_error(&classes_with("{ class = \"vip\", after = \"30s\" }", "7"));
    check(
        &error,
        Some((28, 23)),
        "pools.1.skills.1",
        Some("7"),
        "a class name such as \"vip\", or a table such as { class = \"vip\"",
    );
    let error = load_error(&classes_with("after = \"30s\"", "handle_factor = 0"));
    check(
        &error,
        Some((28, 56)),
        "pools.1.skills.1.handle_factor",
        Some("0"),
        "a positive factor",
    );
    let error = load_error(&classes_with("after = \"30s\"", "afterr = \"30s\""));
    check(
        &error,
        Some((28, 40)),
        "pools.1.skills.1.afterr",
        None,
        "one of `class`, `after` or `handle_factor`",
    );
    assert!(
        error
            .to_string()
            .contains("(did you mean `pools.1.skills.1.after`?)"),
        "{error}"
    );
    let error = load_error(&classes_with("skills = [\"vip\"]", "skills = []"));
    check(
        &error,
        Some((23, 10)),
        "pools.0.skills",
        Some("[]"),
        "a non-empty array of the classes the pool serves",
    );
}

#[test]
fn bad_reservation() {
    let desk = |reserve: &str| {
        classes_with(
            "skills = [\"vip\"]",
            &format!("skills = [\"vip\"]\nreserve = {reserve}"),
        )
    };
    let general = |reserve: &str| {
        classes_with(
            GENERAL_SKILLS,
            &format!("{GENERAL_SKILLS}\nreserve = {reserve}"),
        )
    };
    let error = load_error(&general("{ agents = 1, for = [\"vpi\"] }"));
    check(
        &error,
        Some((29, 32)),
        "pools.1.reserve.for.0",
        Some("\"vpi\""),
        "the name of a class, one of \"standard\" or \"vip\"",
    );
    assert!(
        error.to_string().contains("(did you mean \"vip\"?)"),
        "{error}"
    );
    let error = load_error(&desk("{ agents = 1, for = [\"standard\"] }"));
    check(
        &error,
        Some((24, 32)),
        "pools.0.reserve.for.0",
        Some("\"standard\""),
        "a class this pool serves, \"vip\"",
    );
    let error = load_error(&desk("{ agents = 1, for = [\"vip\"] }"));
    check(
        &error,
        Some((24, 31)),
        "pools.0.reserve.for",
        Some("[\"vip\"]"),
        "some of the classes this pool serves, not all",
    );
    let error = load_error(&general("{ agents = 1, for = [\"vip\", \"vip\"] }"));
    check(
        &error,
        Some((29, 39)),
        "pools.1.reserve.for.1",
        Some("\"vip\""),
        "a class not already listed in this reservation",
    );
    let error = load_error(&general("{ agents = 0, for = [\"vip\"] }"));
    check(
        &error,
        Some((29, 22)),
        "pools.1.reserve.agents",
        Some("0"),
        "a whole number of agents from 1 to 100000",
    );
    let error = load_error(&general("{ agents = 1 }"));
    check(
        &error,
        Some((29, 1)),
        "pools.1.reserve.for",
        None,
        "a non-empty array of the classes the agents are kept for",
    );
}

#[test]
fn classes_not_an_array_of_tables() {
    let text = format!("{MINIMAL}[classes]\nname = \"vip\"\n");
    let error = load_error(&text);
    check(
        &error,
        Some((12, 1)),
        "classes",
        Some("{ name = \"vip\" }"),
        "one [[classes]] table per kind of caller",
    );
}

#[test]
fn top_level_arrivals_no_class_takes_a_share_of() {
    let text = classes_with("share = 0.75", "arrivals = { calls_per_hour = 150 }")
        .replace("share = 0.25", "arrivals = { calls_per_hour = 50 }");
    let error = load_error(&text);
    check(
        &error,
        Some((5, 2)),
        "arrivals",
        None,
        "a top-level [arrivals] only as the total that classes take a `share` of",
    );
    assert!(
        error.to_string().contains("`arrivals`: not used;"),
        "{error}"
    );
}

#[test]
fn class_without_a_handle_time() {
    let text = classes_with(
        "[handle_time]\ndistribution = \"exponential\"\nmean = \"3m\"\n",
        "",
    );
    let error = load_error(&text);
    check(
        &error,
        Some((8, 1)),
        "classes.0.handle_time",
        None,
        "here or as a top-level [handle_time] for every class that gives none",
    );
}

#[test]
fn misplaced_key_in_a_class_points_to_its_table() {
    let error = load_error(&classes_with("share = 0.25", "calls_per_hour = 50"));
    check(
        &error,
        Some((18, 1)),
        "classes.1.calls_per_hour",
        None,
        "one of `name`, `share`, `arrivals`",
    );
    assert!(
        error
            .to_string()
            .contains("(did you mean `classes.1.arrivals.calls_per_hour`?)"),
        "{error}"
    );
}

#[test]
fn set_into_classes_and_pools() {
    let error = load_error_with(CLASSES, &["classes.2.priority=1"]);
    check(
        &error,
        None,
        "classes.2",
        Some("index 2"),
        "an index from 0 to 1 (`classes` has 2 entries)",
    );
    let error = load_error_with(CLASSES, &["classes.1.priorty=1"]);
    check(&error, None, "classes.1.priorty", None, "`priority`");
    assert_eq!(
        error.to_string(),
        "t.toml: --set classes.1.priorty=1: `classes.1.priorty`: unknown key (did you mean \
         `classes.1.priority`?); expected one of `name`, `share`, `arrivals`, `handle_time`, \
         `patience`, `wrap_up`, `threshold`, `target`, `short_abandon`, `priority`, `credit` or \
         `redial`"
    );
    let error = load_error_with(CLASSES, &["pools.1.skills.0.after=1m"]);
    check(
        &error,
        None,
        "pools.1.skills.0",
        Some("\"standard\""),
        "a table or array to hold `after`",
    );
    let error = load_error_with(CLASSES, &["pools.0.agents=-2"]);
    check(
        &error,
        None,
        "pools.0.agents",
        Some("-2"),
        "a number of agents",
    );
    let error = "classes[1].priority=1".parse::<Override>().unwrap_err();
    assert!(
        error.to_string().starts_with(
            "--set classes[1].priority=1: an index in brackets (write array indices as dotted \
             numbers: classes.1.priority)"
        ),
        "{error}"
    );
}
