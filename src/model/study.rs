//! A multi-day study: a calendar of days, each a scenario with its own arrivals and rosters,
//! whose results are summed into one.
//!
//! Summing days only means something when they are days of the same centre measured the same
//! way, so [`Study::new`] refuses days that differ in what the sums are taken over: the opening
//! hours and intervals (the study's intervals are the same clock interval pooled over the days),
//! the warm-up, the classes and pools (by name, in order), the service-level definition, and the
//! seed and replications (replication `r` of the study is replication `r` of every day).

use super::{AgentPool, Scenario};
use std::fmt;

/// Days simulated together whose tallies are summed replication by replication.
#[derive(Clone, Debug, PartialEq)]
pub struct Study {
    /// Name shown in reports.
    pub name: String,
    /// The days, in calendar order. Day `d` of replication `r` draws from the streams keyed by
    /// (seed, `d`, `r`).
    pub days: Vec<StudyDay>,
}

/// One day of a study.
#[derive(Clone, Debug, PartialEq)]
pub struct StudyDay {
    /// The day's name, unique in the study (a date such as "1999-07-01", or "Monday").
    pub name: String,
    /// The day's scenario.
    pub scenario: Scenario,
}

/// Why a day cannot be part of a study: what it differs in from the first day.
#[derive(Clone, Debug, PartialEq)]
pub struct DayMismatch {
    /// Index of the day in the study.
    pub day: usize,
    /// The day's name.
    pub name: String,
    /// Dotted key path of the scenario value that differs (`hours.open`, `classes.1.name`).
    pub key: String,
    /// The day's value.
    pub found: String,
    /// What it must be: the first day's value, and why.
    pub expected: String,
}

impl fmt::Display for DayMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "day {:?}: `{}`: found {}; expected {}",
            self.name, self.key, self.found, self.expected
        )
    }
}

impl std::error::Error for DayMismatch {}

impl DayMismatch {
    /// Checks that day `index` shares with `reference` (described as `reference_name`, such as
    /// "the first day") what a study sums over.
    pub fn check(
        reference: &Scenario,
        reference_name: &str,
        index: usize,
        day: &StudyDay,
    ) -> Result<(), Self> {
        match difference(reference, &day.scenario) {
            None => Ok(()),
            Some((key, found, expected)) => Err(DayMismatch {
                day: index,
                name: day.name.clone(),
                key,
                found,
                expected: format!(
                    "{expected}, as in {reference_name}: every day of a study shares it"
                ),
            }),
        }
    }
}

impl Study {
    /// A study of `days`, checked to be days of the same centre measured the same way.
    ///
    /// # Panics
    ///
    /// If `days` is empty (callers read at least one day).
    pub fn new(name: String, days: Vec<StudyDay>) -> Result<Self, DayMismatch> {
        let first = &days.first().expect("a study has at least one day").scenario;
        for (index, day) in days.iter().enumerate().skip(1) {
            DayMismatch::check(first, "the first day", index, day)?;
        }
        for (index, day) in days.iter().enumerate() {
            if days[..index].iter().any(|other| other.name == day.name) {
                return Err(DayMismatch {
                    day: index,
                    name: day.name.clone(),
                    key: "name".into(),
                    found: format!("{:?}", day.name),
                    expected: "a name no other day of the study has".into(),
                });
            }
        }
        Ok(Study { name, days })
    }

    /// The first day's scenario: the seed, replications, hours, classes, pools and service
    /// level every day shares.
    pub fn first(&self) -> &Scenario {
        &self.days[0].scenario
    }

    /// The scenario the pooled results are reported against: the first day, named after the
    /// study, with each pool's agents per interval summed over the days (agent-intervals, which
    /// is what the study's summed call counts are offered to).
    ///
    /// When some day staffs a pool with fractional agents, the pool's average presence is summed
    /// too, and its whole agents are the ceiling of that sum, as for a single day.
    pub fn pooled_scenario(&self) -> Scenario {
        let mut pooled = self.first().clone();
        pooled.name = self.name.clone();
        for (index, pool) in pooled.pools.iter_mut().enumerate() {
            let day_pools = || self.days.iter().map(move |day| &day.scenario.pools[index]);
            pool.agents = (0..pool.agents.len())
                .map(|interval| day_pools().map(|day_pool| day_pool.agents[interval]).sum())
                .collect();
            if day_pools().any(|day_pool| day_pool.fractional.is_some()) {
                let presence: Vec<f64> = (0..pool.agents.len())
                    .map(|interval| {
                        day_pools()
                            .map(|day_pool| presence(day_pool, interval))
                            .sum()
                    })
                    .collect();
                pool.agents = presence.iter().map(|agents| agents.ceil() as u32).collect();
                pool.fractional = Some(presence);
            }
        }
        pooled
    }
}

/// The average agents of `pool` present in `interval`: its fractional staffing, or its whole agents.
fn presence(pool: &AgentPool, interval: usize) -> f64 {
    pool.fractional
        .as_ref()
        .map_or(f64::from(pool.agents[interval]), |fractional| {
            fractional[interval]
        })
}

/// The first thing `day` differs in from `first` among what the days of a study must share:
/// (key, the day's value, the value it must have).
fn difference(first: &Scenario, day: &Scenario) -> Option<(String, String, String)> {
    let shared = [
        ("seed", first.seed.to_string(), day.seed.to_string()),
        (
            "replications",
            first.replications.to_string(),
            day.replications.to_string(),
        ),
        (
            "hours.open",
            seconds(first.hours.open),
            seconds(day.hours.open),
        ),
        (
            "hours.close",
            seconds(first.hours.close),
            seconds(day.hours.close),
        ),
        (
            "hours.interval",
            seconds(first.hours.interval),
            seconds(day.hours.interval),
        ),
        ("warmup", seconds(first.warmup), seconds(day.warmup)),
        (
            "service_level.threshold",
            seconds(first.service_level.threshold),
            seconds(day.service_level.threshold),
        ),
        (
            "service_level.short_abandon",
            optional_seconds(first.service_level.short_abandon),
            optional_seconds(day.service_level.short_abandon),
        ),
        (
            "service_level.formula",
            format!("{:?}", first.service_level.formula.key()),
            format!("{:?}", day.service_level.formula.key()),
        ),
    ];
    for (key, expected, found) in shared {
        if found != expected {
            return Some((key.into(), found, expected));
        }
    }
    let names = |what: &str, first: Vec<&str>, day: Vec<&str>| {
        if first == day {
            return None;
        }
        Some((
            what.to_string(),
            format!("{day:?}"),
            format!("the {what} {first:?}, in that order"),
        ))
    };
    names(
        "classes",
        first.classes.iter().map(|c| c.name.as_str()).collect(),
        day.classes.iter().map(|c| c.name.as_str()).collect(),
    )
    .or_else(|| {
        names(
            "pools",
            first.pools.iter().map(|p| p.name.as_str()).collect(),
            day.pools.iter().map(|p| p.name.as_str()).collect(),
        )
    })
}

/// Seconds as written in reports of a study mismatch.
fn seconds(value: f64) -> String {
    format!("{value} s")
}

fn optional_seconds(value: Option<f64>) -> String {
    value.map_or_else(|| "none".to_string(), seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ServiceLevelFormula;

    fn day(name: &str, scenario: &Scenario) -> StudyDay {
        StudyDay {
            name: name.into(),
            scenario: scenario.clone(),
        }
    }

    fn two_classes() -> Scenario {
        let text = r#"
            name = "Two classes"
            [hours]
            open = "09:00"
            close = "11:00"
            [[classes]]
            name = "retail"
            arrivals = { calls_per_hour = 60 }
            handle_time = { distribution = "exponential", mean = "4m" }
            [[classes]]
            name = "vip"
            arrivals = { calls_per_hour = 10 }
            handle_time = { distribution = "exponential", mean = "5m" }
            [[pools]]
            name = "all"
            agents = [5, 6, 6, 5]
            skills = ["retail", "vip"]
        "#;
        crate::scenario::from_str(text, "t.toml").unwrap()
    }

    fn mismatch(first: &Scenario, other: &Scenario) -> DayMismatch {
        Study::new("s".into(), vec![day("a", first), day("b", other)]).unwrap_err()
    }

    #[test]
    fn days_must_share_classes_pools_and_counting_rules() {
        let first = two_classes();
        let mut swapped = first.clone();
        swapped.classes.swap(0, 1);
        let error = mismatch(&first, &swapped);
        assert_eq!((error.day, error.key.as_str()), (1, "classes"));
        assert_eq!(
            error.to_string(),
            r#"day "b": `classes`: found ["vip", "retail"]; expected the classes ["retail", "vip"], in that order, as in the first day: every day of a study shares it"#
        );

        let mut renamed = first.clone();
        renamed.pools[0].name = "everyone".into();
        assert_eq!(mismatch(&first, &renamed).key, "pools");

        let mut formula = first.clone();
        formula.service_level.formula = ServiceLevelFormula::Answered;
        let error = mismatch(&first, &formula);
        assert_eq!(error.key, "service_level.formula");
        assert_eq!(error.found, r#""answered""#);

        let mut reseeded = first.clone();
        reseeded.seed += 1;
        assert_eq!(mismatch(&first, &reseeded).key, "seed");
    }

    #[test]
    fn day_names_are_unique_and_agents_are_summed() {
        let first = two_classes();
        let error = Study::new("s".into(), vec![day("a", &first), day("a", &first)]).unwrap_err();
        assert_eq!((error.day, error.key.as_str()), (1, "name"));

        let mut busier = first.clone();
        busier.pools[0].agents = vec![7, 8, 8, 7];
        let study = Study::new("s".into(), vec![day("a", &first), day("b", &busier)]).unwrap();
        let pooled = study.pooled_scenario();
        assert_eq!(pooled.name, "s");
        assert_eq!(pooled.pools[0].agents, vec![12, 14, 14, 12]);
        assert_eq!(pooled.classes, first.classes);
    }

    #[test]
    fn fractional_presence_is_summed_before_the_ceiling() {
        let first = two_classes();
        let mut partial = first.clone();
        partial.pools[0].fractional = Some(vec![0.5, 4.25, 6.0, 5.5]);
        partial.pools[0].agents = vec![1, 5, 6, 6];
        let study = Study::new("s".into(), vec![day("a", &partial), day("b", &partial)]).unwrap();
        let pooled = study.pooled_scenario();
        // Two half agents make one agent, not two.
        assert_eq!(pooled.pools[0].fractional, Some(vec![1.0, 8.5, 12.0, 11.0]));
        assert_eq!(pooled.pools[0].agents, vec![1, 9, 12, 11]);

        let study = Study::new("s".into(), vec![day("a", &first), day("b", &partial)]).unwrap();
        let whole = &first.pools[0].agents;
        let pooled = study.pooled_scenario();
        let expected: Vec<f64> = [0.5, 4.25, 6.0, 5.5]
            .iter()
            .zip(whole)
            .map(|(fraction, agents)| fraction + f64::from(*agents))
            .collect();
        assert_eq!(pooled.pools[0].fractional, Some(expected));
    }
}
