//! Invariants that hold in every run, checked on randomly generated scenarios and on the shipped
//! ones: every offered call ends in exactly one outcome, and intervals add up to the day.

use ccsim::Scenario;
use ccsim::dist::Distribution;
use ccsim::experiment::{ReplicationValues, RunOptions, run_replications, run_study};
use ccsim::model::{
    AfterClose, AgentChoice, AgentPool, AnnouncedContent, Announcement, Arrivals, CallClass,
    Callback, CallbackKind, CallbackService, Contact, Curve, Deflection, DropRule, Drops,
    EstimateMethod, Hours, Limits, PatienceResponse, QueueOrder, RedialRule, Redials, Reservation,
    Routing, SelfService, ServiceLevel, ServiceLevelFormula, Skill,
};
use ccsim::scenario::ScenarioOrStudy;
use ccsim::sim::metrics::METRICS;
use proptest::prelude::*;
use std::path::Path;

fn value(values: &[Option<f64>], key: &str) -> f64 {
    values[METRICS.iter().position(|m| m.key == key).unwrap()].unwrap()
}

/// Every way a call can end.
const OUTCOMES: [&str; 9] = [
    "answered",
    "abandoned",
    "balked",
    "missed",
    "dropped",
    "callback_reached",
    "callback_failed",
    "deflected",
    "unfinished",
];

/// offered = the sum of the outcomes, overall and in every interval, class, and class in an
/// interval; the intervals' counts add up to the overall counts, and to each class's, and the
/// classes' counts in an interval to the interval's.
fn assert_outcomes_add_up(replication: &ReplicationValues) {
    let check = |values: &[Option<f64>]| {
        let outcomes: f64 = OUTCOMES.iter().map(|key| value(values, key)).sum();
        assert_eq!(
            value(values, "offered"),
            outcomes,
            "outcomes add up to offered"
        );
        assert!(value(values, "answered_within") <= value(values, "answered"));
        assert!(value(values, "short_abandoned") <= value(values, "abandoned"));
        let settled = value(values, "callback_reached") + value(values, "callback_failed");
        assert!(settled <= value(values, "callback_accepted"));
        assert!(value(values, "callback_accepted") <= value(values, "offered"));
        assert!(value(values, "unique_callers") <= value(values, "offered"));
    };
    check(&replication.overall);
    replication.intervals.iter().for_each(|i| check(i));
    replication.classes.iter().for_each(|c| check(c));
    replication
        .class_intervals
        .iter()
        .flatten()
        .for_each(|i| check(i));
    for key in OUTCOMES.into_iter().chain([
        "offered",
        "lost",
        "self_served",
        "unique_callers",
        "callback_accepted",
    ]) {
        let by_interval: f64 = replication.intervals.iter().map(|i| value(i, key)).sum();
        assert_eq!(
            by_interval,
            value(&replication.overall, key),
            "{key}: intervals add up to the day"
        );
        for (class, intervals) in replication.classes.iter().zip(&replication.class_intervals) {
            let by_interval: f64 = intervals.iter().map(|i| value(i, key)).sum();
            assert_eq!(by_interval, value(class, key), "{key}: a class's intervals");
        }
        for (index, interval) in replication.intervals.iter().enumerate() {
            let by_class: f64 = replication
                .class_intervals
                .iter()
                .map(|intervals| value(&intervals[index], key))
                .sum();
            assert_eq!(
                by_class,
                value(interval, key),
                "{key}: an interval's classes"
            );
        }
    }
}

/// Callers who redial after some kinds of lost attempt, or never.
fn redials() -> impl Strategy<Value = Redials> {
    let rule = || {
        proptest::option::of(
            (0.0..=1.0f64, distribution())
                .prop_map(|(probability, delay)| RedialRule { probability, delay }),
        )
    };
    (1u32..4, [rule(), rule(), rule(), rule(), rule(), rule()]).prop_map(|(max_attempts, rules)| {
        Redials {
            rules,
            max_attempts,
        }
    })
}

fn curve() -> impl Strategy<Value = Curve> {
    prop_oneof![
        (0.0..=1.0f64).prop_map(Curve::constant),
        (0.0..300.0f64, 1.0..300.0f64, 0.0..=1.0f64, 0.0..=1.0f64).prop_map(|(x, dx, p0, p1)| {
            Curve {
                points: vec![(x, p0), (x + dx, p1)],
            }
        }),
    ]
}

/// Any mix of caller-contact policies, each switched on or off.
fn contact(intervals: usize, classes: usize) -> impl Strategy<Value = Contact> {
    let estimate = prop_oneof![
        Just(EstimateMethod::QueueLength),
        Just(EstimateMethod::LastToEnterService),
        Just(EstimateMethod::HeadOfLine),
    ];
    let self_service = proptest::option::of(
        proptest::collection::vec(0.0..0.5f64, intervals).prop_map(|share| SelfService { share }),
    );
    let deflection = proptest::option::of(
        (0.0..=1.0f64, proptest::option::of(0.0..300.0f64)).prop_map(|(share, when_wait_over)| {
            Deflection {
                share,
                when_wait_over,
            }
        }),
    );
    let patience = prop_oneof![
        Just(PatienceResponse::Keep),
        (0.2..3.0f64).prop_map(PatienceResponse::Scale),
        (0.5..2.0f64).prop_map(PatienceResponse::Commit),
    ];
    let announcement = proptest::option::of(
        (
            any::<bool>(),
            proptest::option::of(10.0..120.0f64),
            any::<bool>(),
            curve(),
            patience,
        )
            .prop_map(
                |(at_entry, every, by_position, balk, patience)| Announcement {
                    at_entry,
                    every,
                    content: if by_position {
                        AnnouncedContent::Position
                    } else {
                        AnnouncedContent::ExpectedWait
                    },
                    balk,
                    patience,
                },
            ),
    );
    let kind = prop_oneof![
        Just(CallbackKind::VirtualHold),
        (60.0..1800.0f64, 1u32..5)
            .prop_map(|(length, capacity)| CallbackKind::Slot { length, capacity }),
    ];
    let service = prop_oneof![
        Just(CallbackService::KeepPlace),
        Just(CallbackService::Head),
        Just(CallbackService::WhenIdle),
    ];
    let callback = proptest::option::of(
        (
            (kind, service, 0.0..300.0f64, curve()),
            (distribution(), 0.0..=1.0f64, distribution(), 1u32..4),
            (proptest::option::of(60.0..3600.0f64), any::<bool>()),
        )
            .prop_map(
                move |(
                    (kind, service, offer_when_wait_over, accept),
                    (dial_time, answer_probability, retry_after, max_attempts),
                    (promise, first_class_only),
                )| Callback {
                    kind,
                    offer_when_wait_over,
                    accept,
                    service,
                    dial_time,
                    answer_probability,
                    retry_after,
                    max_attempts,
                    promise,
                    classes: if first_class_only && classes > 1 {
                        vec![0]
                    } else {
                        vec![]
                    },
                },
            ),
    );
    (
        estimate,
        any::<bool>(),
        self_service,
        deflection,
        announcement,
        callback,
    )
        .prop_map(
            |(estimate, measure_estimates, self_service, deflection, announcement, callback)| {
                Contact {
                    estimate,
                    measure_estimates,
                    self_service,
                    deflection,
                    announcement,
                    callback,
                }
            },
        )
}

fn distribution() -> impl Strategy<Value = Distribution> {
    prop_oneof![
        (1.0..600.0f64).prop_map(|m| Distribution::exponential(m).unwrap()),
        (0.0..600.0f64).prop_map(|v| Distribution::deterministic(v).unwrap()),
        (1.0..600.0f64, 0.1..2.0f64)
            .prop_map(|(m, cv)| Distribution::lognormal(m, m * cv).unwrap()),
        (0.3..3.0f64, 1.0..600.0f64)
            .prop_map(|(k, m)| Distribution::weibull_with_mean(k, m).unwrap()),
    ]
}

fn drop_rule() -> impl Strategy<Value = Option<DropRule>> {
    proptest::option::of(
        (0.0..=1.0f64, distribution())
            .prop_map(|(probability, after)| DropRule { probability, after }),
    )
}

fn class(intervals: usize) -> impl Strategy<Value = CallClass> {
    (
        (
            proptest::collection::vec(0.0..600.0f64, intervals),
            distribution(),
            proptest::option::of(distribution()),
            0.0..60.0f64,
            proptest::option::of(1.0..10.0f64),
            1u32..4,
            prop_oneof![Just(0.0), 0.0..300.0f64, Just(f64::INFINITY)],
        ),
        redials(),
    )
        .prop_map(
            |(
                (rates, handle_time, patience, threshold, short_abandon, priority, credit),
                redial,
            )| {
                CallClass {
                    name: "class".into(),
                    arrivals: Arrivals::Poisson {
                        calls_per_hour: rates,
                    },
                    handle_time,
                    handle_time_by_interval: None,
                    patience,
                    wrap_up: None,
                    threshold,
                    target: 0.8,
                    short_abandon,
                    priority,
                    credit,
                    redial,
                }
            },
        )
}

/// A pool serving a random non-empty subset of `classes` classes (class `first` always), some as
/// overflow, possibly with a reservation.
fn pool(intervals: usize, classes: usize, first: usize) -> impl Strategy<Value = AgentPool> {
    (
        proptest::collection::vec(0u32..6, intervals),
        proptest::collection::vec(
            (
                any::<bool>(),
                prop_oneof![Just(0.0), 0.0..120.0f64],
                0.5..2.0f64,
            ),
            classes,
        ),
        proptest::option::of(1u32..3),
    )
        .prop_map(move |(agents, skills, reserve)| {
            let skills: Vec<Skill> = skills
                .into_iter()
                .enumerate()
                .filter(|(class, (serves, _, _))| *serves || *class == first)
                .map(|(class, (_, after, handle_factor))| Skill {
                    class,
                    after,
                    handle_factor,
                })
                .collect();
            let reserve = reserve.map(|agents| Reservation {
                agents,
                classes: vec![first],
            });
            AgentPool {
                name: "pool".into(),
                shrinkage: vec![0.0; agents.len()],
                agents,
                fractional: None,
                skills,
                reserve,
            }
        })
}

fn routing() -> impl Strategy<Value = Routing> {
    let queue = prop_oneof![
        Just(QueueOrder::Fifo),
        Just(QueueOrder::Priority),
        Just(QueueOrder::Credit),
        (0.0..120.0f64).prop_map(|after| QueueOrder::Aging { after }),
    ];
    let agent = prop_oneof![
        Just(AgentChoice::LongestIdle),
        Just(AgentChoice::PreferredPool)
    ];
    (queue, agent).prop_map(|(queue, agent)| Routing { queue, agent })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (1usize..5, 1usize..4, 1usize..4).prop_flat_map(|(intervals, classes, pools)| {
        (
            proptest::collection::vec(class(intervals), classes),
            (0..pools)
                .map(|p| pool(intervals, classes, p % classes))
                .collect::<Vec<_>>(),
            routing(),
            (
                proptest::option::of(1.0..900.0f64),
                proptest::option::of(1u32..20),
                proptest::option::of(0u32..10),
            ),
            (drop_rule(), drop_rule()),
            (any::<bool>(), 0.0..0.5f64, any::<u64>()),
            contact(intervals, classes),
        )
            .prop_map(
                move |(
                    classes,
                    pools,
                    routing,
                    (max_wait, lines, queue_capacity),
                    (in_queue, in_conversation),
                    (stop, warmup_share, seed),
                    contact,
                )| {
                    let interval = 900.0;
                    let open = 9.0 * 3600.0;
                    let close = open + interval * intervals as f64;
                    Scenario {
                        name: "random".into(),
                        description: String::new(),
                        seed,
                        replications: 2,
                        hours: Hours {
                            open,
                            close,
                            interval,
                        },
                        warmup: warmup_share * (close - open),
                        classes,
                        pools,
                        routing,
                        service_level: ServiceLevel {
                            threshold: 20.0,
                            target: 0.8,
                            formula: ServiceLevelFormula::Offered,
                            short_abandon: None,
                        },
                        limits: Limits {
                            max_wait,
                            lines,
                            queue_capacity,
                        },
                        drops: Drops {
                            in_queue,
                            in_conversation,
                        },
                        after_close: if stop {
                            AfterClose::Stop
                        } else {
                            AfterClose::WorkOff
                        },
                        contact,
                        uncertainty: Default::default(),
                        start: Default::default(),
                        shift_patterns: Vec::new(),
                        targets: Default::default(),
                        campaigns: Vec::new(),
                    }
                },
            )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_call_ends_in_exactly_one_outcome(scenario in scenario()) {
        let result = run_replications(&scenario, &RunOptions { threads: Some(1), ..RunOptions::default() });
        result.replications.iter().for_each(assert_outcomes_add_up);
    }
}

#[test]
fn shipped_scenarios_add_up() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let mut scenario = ccsim::scenario::load_any(&path, &[]).unwrap();
            scenario.set_replications(3);
            let result = match &scenario {
                ScenarioOrStudy::Scenario(scenario) => {
                    run_replications(scenario, &RunOptions::default())
                }
                ScenarioOrStudy::Study(study) => run_study(study, &RunOptions::default()),
            };
            result.replications.iter().for_each(assert_outcomes_add_up);
        }
    }
}
