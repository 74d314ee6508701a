//! Scenarios that load, and what they load as.

use super::{BASIC, MINIMAL, RETAIL_DAY, minimal_with};
use crate::dist::Distribution;
use crate::model::ServiceLevelFormula;
use crate::model::{AfterClose, Arrivals, DropRule, Drops, Hours, Limits, Routing, Scenario};
use crate::model::{AgentPool, CallClass, Skill};
use crate::scenario::{from_str, from_str_with_overrides, load, routing, schema};

fn scenario(text: &str) -> Scenario {
    from_str(text, "t.toml").unwrap_or_else(|error| panic!("{error}"))
}

fn with_sets(text: &str, sets: &[&str]) -> Scenario {
    let sets: Vec<_> = sets.iter().map(|s| s.parse().unwrap()).collect();
    from_str_with_overrides(text, "t.toml", &sets).unwrap_or_else(|error| panic!("{error}"))
}

/// The one class of a single-class file.
fn class(s: &Scenario) -> &CallClass {
    assert_eq!(s.classes.len(), 1, "{:?}", s.classes);
    &s.classes[0]
}

/// Staffing of the one pool of a single-class file.
fn agents(s: &Scenario) -> &[u32] {
    assert_eq!(s.pools.len(), 1, "{:?}", s.pools);
    &s.pools[0].agents
}

/// Arrival rates per interval of the one class; panics unless the arrivals are Poisson.
fn rates(s: &Scenario) -> &[f64] {
    match &class(s).arrivals {
        Arrivals::Poisson { calls_per_hour } => calls_per_hour,
        other => panic!("expected Poisson arrivals, got {other:?}"),
    }
}

/// A single-class file is one class named "calls" with the service-level defaults, priority 1
/// and no credit, served at once by one pool named "agents", with the default routing.
#[track_caller]
fn check_single_class_mapping(s: &Scenario) {
    let sl = &s.service_level;
    let class = class(s);
    assert_eq!(class.name, "calls");
    assert_eq!(
        (class.threshold, class.target, class.short_abandon),
        (sl.threshold, sl.target, sl.short_abandon)
    );
    assert_eq!((class.priority, class.credit), (1, 0.0));
    let skill = Skill {
        class: 0,
        after: 0.0,
        handle_factor: 1.0,
    };
    let pool = AgentPool {
        name: "agents".to_string(),
        agents: agents(s).to_vec(),
        shrinkage: vec![0.0; agents(s).len()],
        fractional: None,
        skills: vec![skill],
        reserve: None,
    };
    assert_eq!(s.pools, vec![pool]);
    assert_eq!(s.routing, Routing::default());
}

#[test]
fn basic_is_the_erlang_a_case() {
    let s = scenario(BASIC);
    assert_eq!(
        s.hours,
        Hours {
            open: 0.0,
            close: 25.0 * 3600.0,
            interval: 25.0 * 3600.0
        }
    );
    assert_eq!(s.hours.interval_count(), 1);
    check_single_class_mapping(&s);
    assert_eq!((rates(&s), agents(&s)), (&[360.0][..], &[25][..]));
    assert_eq!(
        class(&s).handle_time,
        Distribution::Exponential { mean: 240.0 }
    );
    assert_eq!(
        class(&s).patience,
        Some(Distribution::Exponential { mean: 180.0 })
    );
    assert_eq!((s.warmup, s.replications), (3600.0, 20));
    assert_eq!(
        (s.service_level.threshold, s.service_level.target),
        (20.0, 0.8)
    );
    assert_eq!((s.limits, s.drops), (Limits::default(), Drops::default()));
}

#[test]
fn retail_day_loads() {
    let s = scenario(RETAIL_DAY);
    check_single_class_mapping(&s);
    assert_eq!(s.hours.interval_count(), 24);
    assert_eq!(rates(&s).len(), 24);
    assert_eq!(agents(&s).len(), 24);
    assert_eq!(rates(&s).iter().copied().fold(0.0, f64::max), 420.0);
    assert_eq!(
        class(&s).handle_time,
        Distribution::LogNormal {
            mean: 270.0,
            sd: 270.0 * 0.7
        }
    );
    let patience = class(&s).patience.clone().expect("retail day has patience");
    assert!(matches!(patience, Distribution::Weibull { shape, .. } if shape == 0.8));
    assert!((patience.mean() - 180.0).abs() < 1e-6);
    assert_eq!(s.service_level.short_abandon, Some(5.0));
    assert_eq!(class(&s).short_abandon, Some(5.0));
    assert_eq!(s.service_level.target, 0.8);
    assert_eq!(
        s.limits,
        Limits {
            max_wait: Some(900.0),
            lines: Some(80),
            queue_capacity: None
        }
    );
    let in_queue = s.drops.in_queue.expect("drops in queue");
    assert!((in_queue.probability - 0.002).abs() < 1e-12);
    assert_eq!(
        in_queue.after,
        Distribution::Uniform {
            min: 0.0,
            max: 300.0
        }
    );
    assert!(
        (s.drops
            .in_conversation
            .expect("drops in conversation")
            .probability
            - 0.005)
            .abs()
            < 1e-12
    );
}

#[test]
fn defaults() {
    let s = scenario(MINIMAL);
    assert_eq!((s.seed, s.replications, s.warmup), (1, 30, 0.0));
    assert_eq!(s.description, "");
    assert_eq!(s.after_close, AfterClose::WorkOff);
    assert_eq!(s.hours.interval, 1800.0);
    check_single_class_mapping(&s);
    assert_eq!(rates(&s), vec![120.0; 4]);
    assert_eq!(agents(&s), vec![8; 4]);
    assert_eq!(class(&s).patience, None);
    assert_eq!((class(&s).threshold, class(&s).target), (20.0, 0.8));
    let sl = &s.service_level;
    assert_eq!(
        (sl.threshold, sl.target, sl.formula, sl.short_abandon),
        (20.0, 0.8, ServiceLevelFormula::Offered, None)
    );
    assert_eq!((s.limits, s.drops), (Limits::default(), Drops::default()));
}

#[test]
fn a_short_period_shortens_the_default_interval() {
    let s = scenario(&minimal_with("close = \"10:00\"", "duration = \"20m\""));
    assert_eq!(s.hours.interval, 1200.0);
}

#[test]
fn every_duration_spelling() {
    let cases = [
        ("\"240s\"", 240.0),
        ("\"4m\"", 240.0),
        ("\"2.5m\"", 150.0),
        ("\"1h30m\"", 5400.0),
        ("\"90s\"", 90.0),
        ("\"500ms\"", 0.5),
        ("\"3 min\"", 180.0),
        ("\"1 hr\"", 3600.0),
        ("\"45 sec\"", 45.0),
        ("240", 240.0),
        ("2.5", 2.5),
    ];
    for (written, seconds) in cases {
        let s = scenario(&minimal_with("\"3m\"", written));
        assert_eq!(
            class(&s).handle_time,
            Distribution::Exponential { mean: seconds },
            "{written}"
        );
    }
}

#[test]
fn clock_times_quoted_or_as_toml_times() {
    let s = scenario(&minimal_with(
        "open = \"08:00\"\nclose = \"10:00\"",
        "open = 08:00\nclose = \"24:00\"",
    ));
    assert_eq!((s.hours.open, s.hours.close), (28_800.0, 86_400.0));
    let s = scenario(&minimal_with("open = \"08:00\"", "open = \"07:59:30\""));
    assert_eq!(s.hours.open, 28_770.0);
}

#[test]
fn every_distribution_family() {
    let cases = [
        (
            "distribution = \"deterministic\"\nvalue = \"2m\"",
            Distribution::deterministic(120.0),
        ),
        (
            "distribution = \"uniform\"\nmin = \"1m\"\nmax = \"5m\"",
            Distribution::uniform(60.0, 300.0),
        ),
        (
            "distribution = \"lognormal\"\nmean = \"4m\"\nsd = \"2m\"",
            Distribution::lognormal(240.0, 120.0),
        ),
        (
            "distribution = \"gamma\"\nmean = \"4m\"\ncv = 0.5",
            Distribution::gamma(240.0, 120.0),
        ),
        (
            "distribution = \"weibull\"\nshape = 1.5\nscale = \"3m\"",
            Distribution::weibull(1.5, 180.0),
        ),
        (
            "distribution = \"weibull\"\nshape = 0.8\nmean = \"3m\"",
            Distribution::weibull_with_mean(0.8, 180.0),
        ),
        (
            "distribution = \"erlang\"\nk = 3\nmean = \"4m\"",
            Distribution::erlang(3, 240.0),
        ),
        (
            "distribution = \"empirical\"\nvalues = [\"30s\", 60, \"2m\"]",
            Distribution::empirical(vec![30.0, 60.0, 120.0]),
        ),
    ];
    for (table, expected) in cases {
        let text = minimal_with("distribution = \"exponential\"\nmean = \"3m\"", table);
        assert_eq!(
            Ok(class(&scenario(&text)).handle_time.clone()),
            expected,
            "{table}"
        );
    }
}

#[test]
fn overrides_replace_values_array_entries_and_whole_arrays() {
    let s = with_sets(
        RETAIL_DAY,
        &[
            "staffing.agents.5=40",
            "handle_time.mean=4m",
            "service_level.target=90%",
            "replications=5",
            "arrivals.calls_per_hour=300",
            "limits.queue_capacity=0",
            "after_close=stop",
        ],
    );
    assert_eq!(agents(&s)[5], 40);
    assert_eq!(agents(&s)[4], 33);
    assert_eq!(
        class(&s).handle_time,
        Distribution::LogNormal {
            mean: 240.0,
            sd: 240.0 * 0.7
        }
    );
    assert_eq!((s.service_level.target, s.replications), (0.9, 5));
    assert_eq!(class(&s).target, 0.9);
    assert_eq!(rates(&s), vec![300.0; 24]);
    assert_eq!(s.limits.queue_capacity, Some(0));
    assert_eq!(s.after_close, AfterClose::Stop);

    let s = with_sets(
        MINIMAL,
        &[
            "hours.open=08:30",
            "staffing.agents=[1, 2, 3]",
            "staffing.agents.0=9",
        ],
    );
    assert_eq!(agents(&s), vec![9, 2, 3]);
}

#[test]
fn overrides_create_tables_and_later_ones_win() {
    let s = with_sets(
        MINIMAL,
        &[
            "drops.in_queue.probability=0.1",
            "drops.in_queue.after={ distribution = \"deterministic\", value = \"1m\" }",
            "seed=5",
            "seed=6",
        ],
    );
    let after = Distribution::Deterministic { value: 60.0 };
    assert_eq!(
        s.drops.in_queue,
        Some(DropRule {
            probability: 0.1,
            after
        })
    );
    assert_eq!(s.seed, 6);
}

#[test]
fn calls_per_interval_become_rates_with_each_intervals_length() {
    // 08:00–09:45 in 30-minute intervals: the fourth is 15 minutes long.
    let text = minimal_with("close = \"10:00\"", "close = \"09:45\"")
        .replace(
            "calls_per_hour = 120",
            "calls_per_interval = [50, 60, 70, 20]",
        )
        .replace("agents = 8", "agents = [8, 8, 8, 4]");
    let s = scenario(&text);
    assert_eq!(rates(&s), vec![100.0, 120.0, 140.0, 80.0]);
    assert_eq!(agents(&s), vec![8, 8, 8, 4]);
}

#[test]
fn arrival_times_replay_a_day() {
    // Quoted clock times, TOML times, fractions of a second and seconds since midnight; ties allowed.
    let times = r#"times = ["08:00:05", 08:00:05, 28900, "08:01:40.5", "09:59:59"]"#;
    let s = scenario(&minimal_with("calls_per_hour = 120", times));
    let expected = vec![28_805.0, 28_805.0, 28_900.0, 28_900.5, 35_999.0];
    assert_eq!(class(&s).arrivals, Arrivals::Trace { times: expected });
    let s = scenario(&minimal_with("calls_per_hour = 120", "times = []"));
    assert_eq!(class(&s).arrivals, Arrivals::Trace { times: vec![] });
}

#[test]
fn zero_staffing_is_a_valid_what_if() {
    let s = scenario(&minimal_with("agents = 8", "agents = 0"));
    assert_eq!(agents(&s), vec![0; 4]);
}

#[test]
fn load_reads_a_file() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("day.toml");
    std::fs::write(&path, MINIMAL).unwrap();
    let set = ["staffing.agents=3".parse().unwrap()];
    assert_eq!(load(&path, &set).unwrap().pools[0].agents, vec![3; 4]);
    std::fs::write(&path, minimal_with("agents = 8", "agents = -1")).unwrap();
    let error = load(&path, &[]).unwrap_err();
    assert_eq!(
        (error.file(), error.line()),
        (path.display().to_string().as_str(), Some(11))
    );
}

#[test]
fn the_documentation_covers_every_key() {
    let documentation = include_str!("../../../docs/scenarios.md");
    let tables = [
        schema::TOP,
        schema::HOURS,
        schema::ARRIVALS,
        schema::STAFFING,
        schema::SERVICE_LEVEL,
        schema::LIMITS,
        schema::DROPS,
        schema::DROP_RULE,
        schema::CLASS,
        schema::POOL,
        schema::SKILL,
        schema::RESERVE,
        schema::ROUTING,
        schema::VARIANT,
        schema::FORECAST,
        schema::SHIFT,
        schema::BREAK,
        schema::UNCERTAINTY,
        schema::START,
        schema::START_WAITING,
        schema::START_BUSY,
        schema::ESTIMATE,
        schema::SELF_SERVICE,
        schema::DEFLECTION,
        schema::ANNOUNCEMENT,
        schema::CALLBACK,
        schema::REDIAL,
        schema::REDIAL_RULE,
    ];
    for key in tables.into_iter().flatten() {
        let spellings = [
            format!("`{key}`"),
            format!("`[{key}]`"),
            format!("`[[{key}]]`"),
        ];
        let documented = spellings
            .iter()
            .any(|spelling| documentation.contains(spelling));
        assert!(documented, "docs/scenarios.md lacks `{key}`");
    }
    let contact_choices = [
        "queue_length",
        "last_to_enter_service",
        "head_of_line",
        "expected_wait",
        "position",
        "keep",
        "virtual_hold",
        "slot",
        "keep_place",
        "head",
        "when_idle",
    ];
    let choices = routing::QUEUE_ORDERS
        .iter()
        .chain(routing::AGENT_CHOICES)
        .chain(&contact_choices);
    for choice in choices {
        assert!(
            documentation.contains(&format!("`\"{choice}\"`")),
            "docs/scenarios.md lacks {choice}"
        );
    }
    for formula in ServiceLevelFormula::ALL {
        let key = formula.key();
        assert!(
            documentation.contains(&format!("`\"{key}\"`")),
            "docs/scenarios.md lacks {key}"
        );
    }
}
