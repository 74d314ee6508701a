//! One test per class of error, each checking what the analyst sees: file, line, column, key,
//! the value found and what would have been accepted.

use super::{MINIMAL, RETAIL_DAY, load_error, load_error_with, minimal_with};
use crate::scenario::ScenarioError;
use crate::scenario::{Override, load};

/// Checks every part of an error; `expected` need only be part of the expectation.
#[track_caller]
pub(super) fn check(
    error: &ScenarioError,
    position: Option<(usize, usize)>,
    key: &str,
    found: Option<&str>,
    expected: &str,
) {
    let message = error.to_string();
    assert_eq!(error.file(), "t.toml", "{message}");
    assert_eq!(error.line().zip(error.column()), position, "{message}");
    assert_eq!(error.key(), key, "{message}");
    assert_eq!(error.found(), found, "{message}");
    assert!(error.expected().contains(expected), "{message}");
    assert!(!message.contains('\n'), "{message}");
}

#[test]
fn toml_syntax_error() {
    let error = load_error(&format!("{MINIMAL}x = [1,\n  2"));
    check(&error, Some((13, 4)), "", None, "unclosed array");
    assert!(
        error
            .to_string()
            .starts_with("t.toml:13:4: not valid TOML: "),
        "{error}"
    );

    let error = load_error(&format!("{MINIMAL}agents = 9\n"));
    check(&error, Some((12, 1)), "", None, "duplicate key");
}

#[test]
fn number_too_large_for_toml() {
    let error = load_error(&minimal_with("agents = 8", "agents = 99999999999999999999"));
    check(&error, Some((11, 10)), "", None, "integer out of range");
}

#[test]
fn unknown_top_level_key_points_to_its_table() {
    let error = load_error(&format!("agents = 3\n{MINIMAL}"));
    check(
        &error,
        Some((1, 1)),
        "agents",
        None,
        "one of `name`, `description`",
    );
    assert_eq!(
        error.to_string(),
        "t.toml:1:1: `agents`: unknown key (did you mean `staffing.agents`?); expected one of \
         `name`, `description`, `seed`, `replications`, `warmup`, `after_close`, `volume`, \
         `hours`, `forecast`, `arrivals`, `handle_time`, `patience`, `wrap_up`, `staffing`, \
         `shifts`, `shift_patterns`, `classes`, `pools`, `routing`, `service_level`, `targets`, \
         `limits`, `drops`, `uncertainty`, `start`, `estimate`, `self_service`, `deflection`, \
         `announcement`, `callback`, `redial`, `campaigns`, `variants` or `days`"
    );
}

#[test]
fn unknown_nested_key_suggests_the_typo_fix() {
    let error = load_error(&minimal_with("close =", "clsoe ="));
    check(
        &error,
        Some((4, 1)),
        "hours.clsoe",
        None,
        "`open`, `close`, `duration` or `interval`",
    );
    assert!(
        error.to_string().contains("(did you mean `hours.close`?)"),
        "{error}"
    );
}

#[test]
fn unknown_key_inside_a_distribution() {
    let error = load_error(&minimal_with("mean = \"3m\"", "mean = \"3m\"\ncv = 0.5"));
    check(
        &error,
        Some((10, 1)),
        "handle_time.cv",
        None,
        "one of `distribution` or `mean` (for distribution = \"exponential\")",
    );
    let error = load_error(&minimal_with("mean =", "maen ="));
    assert!(
        error
            .to_string()
            .contains("did you mean `handle_time.mean`?"),
        "{error}"
    );
    let error = load_error(&minimal_with("distribution =", "distrbution ="));
    check(
        &error,
        Some((8, 1)),
        "handle_time.distrbution",
        None,
        "`distribution`",
    );
}

#[test]
fn unknown_key_in_an_inline_distribution_table() {
    let text = format!(
        "{MINIMAL}[drops.in_queue]\nprobability = 0.01\n\
         after = {{ distribution = \"uniform\", min = \"0s\", max = \"5m\", mode = \"1m\" }}\n"
    );
    let error = load_error(&text);
    check(
        &error,
        Some((14, 61)),
        "drops.in_queue.after.mode",
        None,
        "`min` or `max`",
    );
}

#[test]
fn wrong_type() {
    let error = load_error(&minimal_with("agents = 8", "agents = \"many\""));
    check(
        &error,
        Some((11, 10)),
        "staffing.agents",
        Some("\"many\""),
        "a number of agents",
    );

    let error = load_error(&minimal_with("name = \"Test\"", "name = 7"));
    check(&error, Some((1, 8)), "name", Some("7"), "a non-empty name");

    let table = "[handle_time]\ndistribution = \"exponential\"\nmean = \"3m\"\n";
    let error = load_error(&format!("handle_time = 5\n{}", minimal_with(table, "")));
    check(
        &error,
        Some((1, 15)),
        "handle_time",
        Some("5"),
        "a distribution table such as",
    );

    // Written below another table's header, a key belongs to that table: say where it belongs.
    let error = load_error(&format!("{}handle_time = 5\n", minimal_with(table, "")));
    assert!(
        error.to_string().contains("did you mean `handle_time`?"),
        "{error}"
    );
}

#[test]
fn bad_duration() {
    let error = load_error(&minimal_with("mean = \"3m\"", "mean = \"-4m\""));
    check(
        &error,
        Some((9, 8)),
        "handle_time.mean",
        Some("\"-4m\""),
        "positive duration",
    );
    assert_eq!(
        error.to_string(),
        "t.toml:9:8: `handle_time.mean`: found \"-4m\"; expected a positive duration up to 8760h (one \
         year), such as \"240s\", \"4m\" or \"1h30m\""
    );
    let error = load_error(&minimal_with("mean = \"3m\"", "mean = \"3 fortnights\""));
    check(
        &error,
        Some((9, 8)),
        "handle_time.mean",
        Some("\"3 fortnights\""),
        "\"1h30m\"",
    );
}

#[test]
fn bad_clock_time() {
    let error = load_error(&minimal_with("open = \"08:00\"", "open = \"8am\""));
    check(
        &error,
        Some((3, 8)),
        "hours.open",
        Some("\"8am\""),
        "a clock time \"HH:MM\"",
    );
    let error = load_error(&minimal_with("close = \"10:00\"", "close = \"24:30\""));
    check(
        &error,
        Some((4, 9)),
        "hours.close",
        Some("\"24:30\""),
        "to \"24:00\"",
    );
}

#[test]
fn close_before_open() {
    let error = load_error(&minimal_with("close = \"10:00\"", "close = \"07:30\""));
    check(
        &error,
        Some((4, 9)),
        "hours.close",
        Some("\"07:30\""),
        "a clock time after the opening time \"08:00\"",
    );
}

#[test]
fn close_and_duration_together_or_neither() {
    let error = load_error(&minimal_with(
        "close = \"10:00\"",
        "close = \"10:00\"\nduration = \"2h\"",
    ));
    check(
        &error,
        Some((5, 1)),
        "hours.duration",
        None,
        "exactly one of `close`",
    );
    assert!(
        error
            .to_string()
            .contains("given together with `hours.close`"),
        "{error}"
    );

    let error = load_error(&minimal_with("close = \"10:00\"\n", ""));
    check(
        &error,
        Some((2, 2)),
        "hours",
        None,
        "exactly one of `close`",
    );
    assert!(
        error.to_string().contains("`hours`: incomplete;"),
        "{error}"
    );
}

#[test]
fn interval_out_of_range() {
    let error = load_error(&minimal_with(
        "close = \"10:00\"",
        "close = \"10:00\"\ninterval = \"0s\"",
    ));
    check(
        &error,
        Some((5, 12)),
        "hours.interval",
        Some("\"0s\""),
        "positive duration",
    );
    let error = load_error(&minimal_with(
        "close = \"10:00\"",
        "close = \"10:00\"\ninterval = \"3h\"",
    ));
    check(
        &error,
        Some((5, 12)),
        "hours.interval",
        Some("\"3h\""),
        "no longer than the opening period (2h from 08:00 to 10:00)",
    );
    let error = load_error(&minimal_with(
        "close = \"10:00\"",
        "duration = \"8000h\"\ninterval = \"1s\"",
    ));
    check(
        &error,
        Some((5, 12)),
        "hours.interval",
        Some("\"1s\""),
        "at most 100000 intervals",
    );
}

#[test]
fn wrong_array_length() {
    let error = load_error(&minimal_with("agents = 8", "agents = [8, 9, 10]"));
    check(
        &error,
        Some((11, 10)),
        "staffing.agents",
        Some("3 entries"),
        "4 entries, one per 30-minute interval from 08:00 to 10:00, or a single value",
    );
    let short_last_interval = minimal_with("close = \"10:00\"", "close = \"09:45\"");
    let error = load_error_with(&short_last_interval, &["staffing.agents=[1, 2, 3]"]);
    check(
        &error,
        None,
        "staffing.agents",
        Some("3 entries"),
        "(the last one 15m long)",
    );
}

#[test]
fn bad_array_entry_points_at_the_entry() {
    let error = load_error(&minimal_with("agents = 8", "agents = [8, 9, -1, 10]"));
    check(
        &error,
        Some((11, 17)),
        "staffing.agents.2",
        Some("-1"),
        "a number of agents",
    );
}

#[test]
fn invalid_distribution_parameters() {
    let lognormal = |params: &str| {
        minimal_with(
            "distribution = \"exponential\"\nmean = \"3m\"",
            &format!("distribution = \"lognormal\"\nmean = \"4m\"\n{params}"),
        )
    };
    let error = load_error(&lognormal(""));
    check(
        &error,
        Some((7, 2)),
        "handle_time",
        None,
        "exactly one of `sd`",
    );
    assert!(
        error.to_string().contains("`handle_time`: incomplete;"),
        "{error}"
    );

    let error = load_error(&lognormal("sd = \"2m\"\ncv = 0.5"));
    check(
        &error,
        Some((11, 1)),
        "handle_time.cv",
        None,
        "exactly one of `sd`",
    );
    assert!(
        error
            .to_string()
            .contains("given together with `handle_time.sd`"),
        "{error}"
    );

    let error = load_error(&lognormal("cv = -0.5"));
    check(
        &error,
        Some((10, 6)),
        "handle_time.cv",
        Some("-0.5"),
        "coefficient of variation (sd / mean) from 0.001 to 100",
    );

    let uniform = "distribution = \"uniform\"\nmin = \"5m\"\nmax = \"2m\"";
    let error = load_error(&minimal_with(
        "distribution = \"exponential\"\nmean = \"3m\"",
        uniform,
    ));
    check(
        &error,
        Some((10, 7)),
        "handle_time.max",
        Some("\"2m\""),
        "longer than min (\"5m\")",
    );

    let erlang = "distribution = \"erlang\"\nk = 0\nmean = \"3m\"";
    let error = load_error(&minimal_with(
        "distribution = \"exponential\"\nmean = \"3m\"",
        erlang,
    ));
    check(
        &error,
        Some((9, 5)),
        "handle_time.k",
        Some("0"),
        "phases, 1 or more",
    );

    let empirical = "distribution = \"empirical\"\nvalues = []";
    let error = load_error(&minimal_with(
        "distribution = \"exponential\"\nmean = \"3m\"",
        empirical,
    ));
    check(
        &error,
        Some((9, 10)),
        "handle_time.values",
        Some("[]"),
        "non-empty array",
    );
}

#[test]
fn distribution_the_model_refuses() {
    // Each value is a valid duration, but together they make a spread the model refuses.
    let gamma = "distribution = \"gamma\"\nmean = \"3m\"\nsd = \"1ms\"";
    let error = load_error(&minimal_with(
        "distribution = \"exponential\"\nmean = \"3m\"",
        gamma,
    ));
    assert_eq!(error.key(), "handle_time", "{error}");
    assert!(
        error.expected().contains(
            "parameters valid for distribution = \"gamma\": the coefficient of variation \
             (sd / mean) must be from 0.001 to 100"
        ),
        "{error}"
    );
}

#[test]
fn unknown_or_missing_distribution_family() {
    let error = load_error(&minimal_with("\"exponential\"", "\"exponentail\""));
    check(
        &error,
        Some((8, 16)),
        "handle_time.distribution",
        Some("\"exponentail\""),
        "the family, one of \"exponential\", \"deterministic\", \"uniform\", \"lognormal\", \
         \"gamma\", \"weibull\", \"erlang\", \"empirical\" or \"kaplan_meier\"",
    );
    assert!(
        error
            .to_string()
            .contains("(did you mean \"exponential\"?)"),
        "{error}"
    );

    let error = load_error(&minimal_with("distribution = \"exponential\"\n", ""));
    check(
        &error,
        Some((7, 2)),
        "handle_time.distribution",
        None,
        "the family, one of",
    );
}

#[test]
fn bad_set_syntax() {
    let error = "staffing.agents".parse::<Override>().unwrap_err();
    assert_eq!(
        error.to_string(),
        "--set staffing.agents: no `=`; expected KEY=VALUE with a dotted key, such as \
         staffing.agents=30 or handle_time.mean=4m"
    );
    for bad in ["=3", "staffing..agents=3", "staffing.=3"] {
        assert!(bad.parse::<Override>().is_err(), "{bad}");
    }
}

#[test]
fn set_of_an_unknown_key() {
    let error = load_error_with(MINIMAL, &["hours.clsoe=20:00"]);
    check(&error, None, "hours.clsoe", None, "`close`");
    assert_eq!(
        error.to_string(),
        "t.toml: --set hours.clsoe=20:00: `hours.clsoe`: unknown key (did you mean \
         `hours.close`?); expected one of `open`, `close`, `duration` or `interval`"
    );
    assert_eq!(
        error.overridden_by().map(|o| o.key.as_str()),
        Some("hours.clsoe")
    );
}

#[test]
fn set_creating_an_incomplete_table() {
    let error = load_error_with(MINIMAL, &["drops.in_queue.probability=0.1"]);
    check(
        &error,
        None,
        "drops.in_queue.after",
        None,
        "a distribution table",
    );
    assert!(
        error
            .to_string()
            .starts_with("t.toml: --set drops.in_queue.probability=0.1: ")
    );
}

#[test]
fn set_with_a_bad_value() {
    let error = load_error_with(RETAIL_DAY, &["staffing.agents=abc"]);
    assert_eq!(
        error.to_string(),
        "t.toml: --set staffing.agents=abc: `staffing.agents`: found \"abc\"; expected a number \
         of agents from 0 to 100000, such as 12 or 3.4 (an average presence), or an array of them \
         with one entry per interval"
    );
    check(
        &error,
        None,
        "staffing.agents",
        Some("\"abc\""),
        "a number of agents",
    );

    // A bad value inside a whole table given with --set is still blamed on the --set.
    let error = load_error_with(MINIMAL, &["limits={ lines = 0 }"]);
    check(&error, None, "limits.lines", Some("0"), "1 or more");
    assert!(
        error
            .to_string()
            .starts_with("t.toml: --set limits={ lines = 0 }: "),
        "{error}"
    );
}

#[test]
fn set_index_out_of_range_or_through_a_value() {
    let error = load_error_with(RETAIL_DAY, &["staffing.agents.24=5"]);
    check(
        &error,
        None,
        "staffing.agents.24",
        Some("index 24"),
        "from 0 to 23",
    );
    let error = load_error_with(MINIMAL, &["name.first=x"]);
    check(
        &error,
        None,
        "name",
        Some("\"Test\""),
        "a table or array to hold `first`",
    );
}

#[test]
fn probability_out_of_range() {
    let drops = |probability: &str| {
        format!(
            "{MINIMAL}[drops.in_conversation]\nprobability = {probability}\n\
             after = {{ distribution = \"exponential\", mean = \"2m\" }}\n"
        )
    };
    let error = load_error(&drops("1.5"));
    check(
        &error,
        Some((13, 15)),
        "drops.in_conversation.probability",
        Some("1.5"),
        "from 0 to 1",
    );
    let error = load_error(&drops("\"150%\""));
    check(
        &error,
        Some((13, 15)),
        "drops.in_conversation.probability",
        Some("\"150%\""),
        "0.2%",
    );
    let error = load_error(&format!("{MINIMAL}[drops.in_queue]\nprobability = 0.1\n"));
    check(
        &error,
        Some((12, 8)),
        "drops.in_queue.after",
        None,
        "a distribution table",
    );
}

#[test]
fn service_level_out_of_range() {
    let error = load_error(&format!("{MINIMAL}[service_level]\ntarget = \"120%\"\n"));
    check(
        &error,
        Some((13, 10)),
        "service_level.target",
        Some("\"120%\""),
        "from 0 to 1",
    );
    let error = load_error(&format!(
        "{MINIMAL}[service_level]\nformula = \"answered_only\"\n"
    ));
    check(
        &error,
        Some((13, 11)),
        "service_level.formula",
        Some("\"answered_only\""),
        "\"offered\"",
    );
    let text = format!("{MINIMAL}[service_level]\nformula = \"excluding_short_abandons\"\n");
    let error = load_error(&text);
    check(
        &error,
        Some((12, 2)),
        "service_level.short_abandon",
        None,
        "such as \"5s\"",
    );
}

#[test]
fn missing_required_keys() {
    let error = load_error(&minimal_with("name = \"Test\"\n", ""));
    check(&error, None, "name", None, "a non-empty name");
    assert_eq!(
        error.to_string(),
        "t.toml: `name`: missing; expected a non-empty name such as \"Retail day\""
    );

    let error = load_error(&minimal_with(
        "[handle_time]\ndistribution = \"exponential\"\nmean = \"3m\"\n",
        "",
    ));
    check(&error, None, "handle_time", None, "a distribution table");

    let error = load_error(&minimal_with("[staffing]\nagents = 8\n", ""));
    check(&error, None, "staffing", None, "a [staffing] table");

    let error = load_error(&minimal_with("[staffing]\nagents = 8\n", "[staffing]\n"));
    check(
        &error,
        Some((10, 2)),
        "staffing.agents",
        None,
        "a number of agents",
    );

    let error = load_error(&minimal_with("[arrivals]\ncalls_per_hour = 120\n", ""));
    check(&error, None, "arrivals", None, "an [arrivals] table");

    let error = load_error(&minimal_with("calls_per_hour = 120\n", ""));
    check(
        &error,
        Some((5, 2)),
        "arrivals",
        None,
        "exactly one of `calls_per_hour`",
    );

    let error = load_error(&minimal_with(
        "[hours]\nopen = \"08:00\"\nclose = \"10:00\"\n",
        "",
    ));
    check(&error, None, "hours", None, "a [hours] table");
}

#[test]
fn top_level_values_out_of_range() {
    let cases = [
        ("replications = 0", "replications", "0", "from 1 to 100000"),
        ("seed = -1", "seed", "-1", "a whole number, 0 or more"),
        (
            "warmup = \"2h\"",
            "warmup",
            "\"2h\"",
            "shorter than the opening period (2h from 08:00",
        ),
        (
            "after_close = \"abandon\"",
            "after_close",
            "\"abandon\"",
            "\"work_off\"",
        ),
    ];
    for (line, key, found, expected) in cases {
        let error = load_error(&format!("{line}\n{MINIMAL}"));
        check(
            &error,
            Some((1, line.find('=').unwrap() + 3)),
            key,
            Some(found),
            expected,
        );
    }
    let error = load_error(&minimal_with("name = \"Test\"", "name = \"  \""));
    check(&error, Some((1, 8)), "name", Some("\"  \""), "non-empty");
}

#[test]
fn arrival_times_out_of_order_or_outside_the_hours() {
    let times = |list: &str| minimal_with("calls_per_hour = 120", &format!("times = [{list}]"));
    let error = load_error(&times("\"08:10\", \"08:05\""));
    check(
        &error,
        Some((6, 19)),
        "arrivals.times.1",
        Some("\"08:05\""),
        "no earlier than the arrival before it, \"08:10\"",
    );
    let error = load_error(&times("\"08:10\", \"10:00\""));
    check(
        &error,
        Some((6, 19)),
        "arrivals.times.1",
        Some("\"10:00\""),
        "within the opening hours, from 08:00 to before 10:00",
    );
    let error = load_error(&times("\"8 o'clock\""));
    check(
        &error,
        Some((6, 10)),
        "arrivals.times.0",
        Some("\"8 o'clock\""),
        "a clock time",
    );
    let text = minimal_with("calls_per_hour = 120", "calls_per_hour = 120\ntimes = []");
    let error = load_error(&text);
    check(
        &error,
        Some((7, 1)),
        "arrivals.times",
        None,
        "exactly one of `calls_per_hour`",
    );
    assert!(
        error
            .to_string()
            .contains("given together with `arrivals.calls_per_hour`")
    );
}

#[test]
fn non_finite_and_negative_numbers() {
    let error = load_error(&minimal_with(
        "calls_per_hour = 120",
        "calls_per_hour = nan",
    ));
    check(
        &error,
        Some((6, 18)),
        "arrivals.calls_per_hour",
        Some("nan"),
        "from 0 to 1000000",
    );
    let error = load_error(&minimal_with(
        "calls_per_hour = 120",
        "calls_per_hour = [60, inf, 0, 0]",
    ));
    check(
        &error,
        Some((6, 23)),
        "arrivals.calls_per_hour.1",
        Some("inf"),
        "from 0 to 1000000",
    );
    let error = load_error(&minimal_with("agents = 8", "agents = -3"));
    check(
        &error,
        Some((11, 10)),
        "staffing.agents",
        Some("-3"),
        "from 0 to 100000",
    );
}

#[test]
fn unreadable_file() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("missing.toml");
    let error = load(&path, &[]).unwrap_err();
    assert_eq!(error.file(), path.display().to_string());
    assert_eq!((error.line(), error.key()), (None, ""));
    assert!(
        error.to_string().contains(": cannot read the file: "),
        "{error}"
    );
}
