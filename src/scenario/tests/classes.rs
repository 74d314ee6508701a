//! Multi-class scenarios that load, and what they load as: shares and own arrivals, fall-backs
//! to the top level, pools with overflow, handle factors and reservations, routing, `--set`.

use super::{CLASSES, MINIMAL, VIP_PRIORITY, classes_with};
use crate::dist::Distribution;
use crate::model::{AgentChoice, AgentPool, Arrivals, CallClass, QueueOrder, Reservation};
use crate::model::{Routing, Scenario, Skill};
use crate::scenario::{from_str, from_str_with_overrides};

fn scenario(text: &str) -> Scenario {
    from_str(text, "t.toml").unwrap_or_else(|error| panic!("{error}"))
}

fn with_sets(text: &str, sets: &[&str]) -> Scenario {
    let sets: Vec<_> = sets.iter().map(|s| s.parse().unwrap()).collect();
    from_str_with_overrides(text, "t.toml", &sets).unwrap_or_else(|error| panic!("{error}"))
}

fn poisson(calls_per_hour: Vec<f64>) -> Arrivals {
    Arrivals::Poisson { calls_per_hour }
}

fn skill(class: usize, after: f64, handle_factor: f64) -> Skill {
    Skill {
        class,
        after,
        handle_factor,
    }
}

/// Per-interval rates of a class, rounded to micro-calls so that shares compare exactly.
fn rounded_rates(class: &CallClass) -> Vec<f64> {
    match &class.arrivals {
        Arrivals::Poisson { calls_per_hour } => calls_per_hour
            .iter()
            .map(|rate| (rate * 1e6).round() / 1e6)
            .collect(),
        other => panic!("expected Poisson arrivals, got {other:?}"),
    }
}

#[test]
fn vip_priority_loads() {
    let s = scenario(VIP_PRIORITY);
    assert_eq!((s.hours.interval_count(), s.replications), (20, 20));
    let [standard, vip] = s.classes.as_slice() else {
        panic!("two classes expected: {:?}", s.classes)
    };
    assert_eq!(
        (standard.name.as_str(), vip.name.as_str()),
        ("standard", "vip")
    );
    // 340 calls/hour at the peak, shared 88/12.
    let peak = |class: &CallClass| rounded_rates(class).into_iter().fold(0.0, f64::max);
    assert_eq!((peak(standard), peak(vip)), (299.2, 40.8));
    assert_eq!(
        standard.handle_time,
        Distribution::lognormal(240.0, 0.6 * 240.0).unwrap()
    );
    assert_eq!(
        vip.handle_time,
        Distribution::lognormal(300.0, 0.7 * 300.0).unwrap()
    );
    let patience = |class: &CallClass| class.patience.as_ref().map(Distribution::mean);
    assert!((patience(vip).unwrap() - 2.0 * patience(standard).unwrap()).abs() < 1e-6);
    assert_eq!((standard.threshold, standard.target), (20.0, 0.8));
    assert_eq!((vip.threshold, vip.target), (10.0, 0.9));
    assert_eq!(
        (standard.short_abandon, vip.short_abandon),
        (Some(5.0), Some(5.0))
    );
    assert_eq!((standard.credit, vip.credit), (0.0, 90.0));
    assert_eq!((standard.priority, vip.priority), (1, 1));
    assert_eq!(
        s.routing,
        Routing {
            queue: QueueOrder::Credit,
            agent: AgentChoice::LongestIdle
        }
    );
    let [desk, general] = s.pools.as_slice() else {
        panic!("two pools expected: {:?}", s.pools)
    };
    assert_eq!(desk.name, "vip-desk");
    assert_eq!(
        (desk.skills.as_slice(), &desk.reserve),
        (&[skill(1, 0.0, 1.0)][..], &None)
    );
    assert_eq!(desk.agents.iter().max(), Some(&5));
    assert_eq!(general.name, "general");
    assert_eq!(
        general.skills,
        vec![skill(0, 0.0, 1.0), skill(1, 30.0, 1.0)]
    );
    assert_eq!((general.agents.len(), &general.reserve), (20, &None));
    // The reserve its comments suggest as a what-if.
    let set = "pools.1.reserve={ agents = 1, for = [\"vip\"] }";
    let s = with_sets(VIP_PRIORITY, &[set]);
    let reserve = Reservation {
        agents: 1,
        classes: vec![1],
    };
    assert_eq!(s.pools[1].reserve, Some(reserve));
}

#[test]
fn classes_take_shares_and_fall_back_to_the_top_level() {
    let s = scenario(CLASSES);
    let exponential = Distribution::Exponential { mean: 180.0 };
    let class = |name: &str, rate: f64, priority| CallClass {
        name: name.to_string(),
        arrivals: poisson(vec![rate; 4]),
        handle_time: exponential.clone(),
        handle_time_by_interval: None,
        patience: None,
        wrap_up: None,
        threshold: 20.0,
        target: 0.8,
        short_abandon: None,
        priority,
        credit: 0.0,
        redial: Default::default(),
    };
    assert_eq!(
        s.classes,
        vec![class("standard", 150.0, 2), class("vip", 50.0, 1)]
    );
    let pool = |name: &str, agents, skills| AgentPool {
        name: name.to_string(),
        agents: vec![agents; 4],
        shrinkage: vec![0.0; 4],
        fractional: None,
        skills,
        reserve: None,
    };
    assert_eq!(
        s.pools,
        vec![
            pool("desk", 2, vec![skill(1, 0.0, 1.0)]),
            pool("general", 8, vec![skill(0, 0.0, 1.0), skill(1, 30.0, 1.0)])
        ]
    );
    assert_eq!(s.routing, Routing::default());
}

#[test]
fn shares_of_a_forecast_and_classes_with_their_own_arrivals() {
    // 08:00–09:45: the last 30-minute interval is 15 minutes long.
    let text = classes_with("close = \"10:00\"", "close = \"09:45\"")
        .replace(
            "calls_per_hour = 200",
            "calls_per_interval = [100, 100, 100, 50]",
        )
        .replace(
            "share = 0.25\n",
            "[classes.arrivals]\ntimes = [\"08:00:05\", \"09:44:59\"]\n",
        );
    let s = scenario(&text);
    assert_eq!(rounded_rates(&s.classes[0]), vec![150.0; 4]);
    assert_eq!(
        s.classes[1].arrivals,
        Arrivals::Trace {
            times: vec![28_805.0, 35_099.0]
        }
    );

    let own = "arrivals = { calls_per_interval = [10, 20, 30, 40] }\n";
    let s = scenario(&classes_with("share = 0.25\n", own));
    assert_eq!(s.classes[1].arrivals, poisson(vec![20.0, 40.0, 60.0, 80.0]));

    // Shares need not add up to 1: the rest of the total is not simulated.
    let s = scenario(&classes_with("share = 0.75", "share = \"50%\""));
    assert_eq!(rounded_rates(&s.classes[0]), vec![100.0; 4]);
}

#[test]
fn class_settings_override_the_defaults() {
    let settings = r#"share = 0.25
handle_time = { distribution = "lognormal", mean = "5m", cv = 0.5 }
patience = { distribution = "exponential", mean = "6m" }
threshold = "10s"
target = "90%"
short_abandon = "3s"
credit = "inf"
"#;
    let text = format!(
        "{}[patience]\ndistribution = \"exponential\"\nmean = \"2m\"\n\
         [service_level]\nthreshold = \"30s\"\ntarget = 0.7\nshort_abandon = \"5s\"\n",
        classes_with("share = 0.25\n", settings)
    );
    let s = scenario(&text);
    let (standard, vip) = (&s.classes[0], &s.classes[1]);
    assert_eq!(
        vip.handle_time,
        Distribution::lognormal(300.0, 0.5 * 300.0).unwrap()
    );
    assert_eq!(
        vip.patience,
        Some(Distribution::Exponential { mean: 360.0 })
    );
    assert_eq!(
        (vip.threshold, vip.target, vip.short_abandon),
        (10.0, 0.9, Some(3.0))
    );
    assert_eq!((vip.priority, vip.credit), (1, f64::INFINITY));
    assert_eq!(
        standard.handle_time,
        Distribution::Exponential { mean: 180.0 }
    );
    assert_eq!(
        standard.patience,
        Some(Distribution::Exponential { mean: 120.0 })
    );
    assert_eq!(
        (standard.threshold, standard.target, standard.short_abandon),
        (30.0, 0.7, Some(5.0))
    );
    for (credit, seconds) in [
        ("\"2m\"", 120.0),
        ("0", 0.0),
        ("\"infinite\"", f64::INFINITY),
    ] {
        let s = scenario(&classes_with("priority = 2", &format!("credit = {credit}")));
        assert_eq!(s.classes[0].credit, seconds, "{credit}");
    }
}

#[test]
fn skills_with_overflow_handle_factors_and_a_reservation() {
    let skills = r#"skills = ["standard", { class = "vip", after = "1m", handle_factor = 1.25 }]
reserve = { agents = 2, for = ["vip"] }"#;
    let s = scenario(&classes_with(
        "skills = [\"standard\", { class = \"vip\", after = \"30s\" }]",
        skills,
    ));
    let general = &s.pools[1];
    assert_eq!(
        general.skills,
        vec![skill(0, 0.0, 1.0), skill(1, 60.0, 1.25)]
    );
    assert_eq!(
        general.reserve,
        Some(Reservation {
            agents: 2,
            classes: vec![1]
        })
    );
    // The table form without `after` or `handle_factor` is the plain name.
    let s = scenario(&classes_with(
        "skills = [\"vip\"]",
        "skills = [{ class = \"vip\" }]",
    ));
    assert_eq!(s.pools[0].skills, vec![skill(1, 0.0, 1.0)]);
}

#[test]
fn staffing_instead_of_pools_serves_every_class_at_once() {
    let start = CLASSES.find("[[pools]]").unwrap();
    let text = format!("{}[staffing]\nagents = [5, 6, 7, 8]\n", &CLASSES[..start]);
    let s = scenario(&text);
    assert_eq!(
        s.pools,
        vec![AgentPool {
            name: "agents".to_string(),
            agents: vec![5, 6, 7, 8],
            shrinkage: vec![0.0; 4],
            fractional: None,
            skills: vec![skill(0, 0.0, 1.0), skill(1, 0.0, 1.0)],
            reserve: None,
        }]
    );
}

#[test]
fn every_routing_choice() {
    let cases = [
        ("", QueueOrder::Fifo, AgentChoice::LongestIdle),
        (
            "queue = \"fifo\"",
            QueueOrder::Fifo,
            AgentChoice::LongestIdle,
        ),
        (
            "queue = \"priority\"",
            QueueOrder::Priority,
            AgentChoice::LongestIdle,
        ),
        (
            "queue = \"credit\"",
            QueueOrder::Credit,
            AgentChoice::LongestIdle,
        ),
        (
            "queue = \"aging\"\naging_after = \"2m\"",
            QueueOrder::Aging { after: 120.0 },
            AgentChoice::LongestIdle,
        ),
        (
            "agent = \"longest_idle\"",
            QueueOrder::Fifo,
            AgentChoice::LongestIdle,
        ),
        (
            "queue = \"priority\"\nagent = \"preferred_pool\"",
            QueueOrder::Priority,
            AgentChoice::PreferredPool,
        ),
    ];
    for (table, queue, agent) in cases {
        let s = scenario(&format!("{CLASSES}[routing]\n{table}\n"));
        assert_eq!(s.routing, Routing { queue, agent }, "{table}");
    }
    // A single-class file may name its routing too; with one class every order is first come,
    // first served.
    let s = scenario(&format!("{MINIMAL}[routing]\nqueue = \"priority\"\n"));
    assert_eq!(s.routing.queue, QueueOrder::Priority);
}

#[test]
fn overrides_reach_into_classes_and_pools() {
    let s = with_sets(
        CLASSES,
        &[
            "classes.1.priority=3",
            "classes.0.share=60%",
            "classes.1.credit=90s",
            "pools.0.agents=[1, 2, 3, 4]",
            "pools.0.agents.3=7",
            "pools.1.agents=10",
            "pools.1.skills.1.after=45s",
            "pools.1.skills.1.handle_factor=1.2",
            "pools.1.reserve={ agents = 1, for = [\"vip\"] }",
            "routing.queue=credit",
        ],
    );
    assert_eq!((s.classes[1].priority, s.classes[1].credit), (3, 90.0));
    assert_eq!(rounded_rates(&s.classes[0]), vec![120.0; 4]);
    assert_eq!(s.pools[0].agents, vec![1, 2, 3, 7]);
    assert_eq!(s.pools[1].agents, vec![10; 4]);
    assert_eq!(s.pools[1].skills[1], skill(1, 45.0, 1.2));
    assert_eq!(s.pools[1].reserve.as_ref().map(|r| r.agents), Some(1));
    assert_eq!(s.routing.queue, QueueOrder::Credit);

    let sets = [
        "classes.0.share=0.8",
        "classes.1.share=0.2",
        "pools.0.agents=6",
    ];
    let s = with_sets(VIP_PRIORITY, &sets);
    assert_eq!(rounded_rates(&s.classes[1])[4], 68.0);
    assert_eq!(s.pools[0].agents, vec![6; 20]);

    // Giving the last class that used the top-level default its own leaves the default unused,
    // which is allowed: a what-if must not make the file invalid.
    let own = "classes.0.handle_time={ distribution = \"exponential\", mean = \"4m\" }";
    let s = with_sets(VIP_PRIORITY, &[own]);
    assert_eq!(
        s.classes[0].handle_time,
        Distribution::Exponential { mean: 240.0 }
    );
}

#[test]
fn the_documented_error_messages_are_real() {
    let documentation = include_str!("../../../docs/scenarios.md");
    let label = "scenarios/vip-priority.toml";
    for (from, to) in [
        ("skills = [\"vip\"]", "skills = [\"VIP\"]"),
        ("share = 0.12", "share = 0.2"),
    ] {
        let text = VIP_PRIORITY.replacen(from, to, 1);
        let error = from_str(&text, label).expect_err(to).to_string();
        assert!(documentation.contains(&error), "docs lack: {error}");
    }
}
