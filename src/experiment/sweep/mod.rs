//! Sweeps: one scenario run at every combination of some parameters' values, to see how the
//! results move with staffing, handle time or any other value `--set` can change.
//!
//! Every point keeps the scenario's seed and replications, so replication `r` of every point
//! sees the same callers (common random numbers): the differences between points are the
//! effect of the parameters, not of different luck, and [`Sweep::paired_difference`] measures
//! them with intervals much narrower than the points' own.
//!
//! ```
//! use ccsim::experiment::sweep::{self, SweepOptions};
//! let text = "name = 'office'\nreplications = 4\n[hours]\nopen = '09:00'\nclose = '11:00'\n\
//!             [arrivals]\ncalls_per_hour = 60\n[handle_time]\ndistribution = 'exponential'\n\
//!             mean = '4m'\n[staffing]\nagents = 5";
//! let parameters = vec!["staffing.agents=5..7".parse().unwrap()];
//! let plan = sweep::plan(text, "office.toml", &[], parameters).unwrap();
//! let sweep = plan.run(&SweepOptions::default());
//! assert_eq!(sweep.points.len(), 3);
//! let gain = sweep.paired_difference(0, 2, "service_level").unwrap();
//! assert!(gain.mean >= 0.0);
//! ```

mod vary;

pub use vary::{MAX_POINTS, ParseVaryError, Vary};

use super::closed_form::{ErlangAHeadline, erlang_a_headline};
use super::{BatchOptions, ExperimentResult, run_batch};
use crate::model::Scenario;
use crate::scenario::{self, Override};
use crate::sim::metrics::METRICS;
use crate::stats::{Estimate, paired_difference};

/// The metrics a sweep table shows, by report key: service level, ASA, abandon rate, occupancy
/// and the share of calls lost. The CSV and JSON outputs carry every metric.
pub const HEADLINE_METRICS: [&str; 5] = [
    "service_level",
    "asa_s",
    "abandon_rate",
    "occupancy",
    "lost_rate",
];

/// A sweep ready to run: every point's scenario, validated.
#[derive(Clone, Debug)]
pub struct SweepPlan {
    parameters: Vec<Vary>,
    points: Vec<(Vec<Override>, Scenario)>,
}

/// Why a sweep cannot run; every problem found, each ready to print on its own line.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", .problems.join("\n"))]
pub struct SweepError {
    /// One message per problem: a parameter given twice, too many points, or a point whose
    /// scenario is invalid (with the file, the key, the value and what is expected).
    pub problems: Vec<String>,
}

impl SweepError {
    fn one(problem: String) -> Self {
        SweepError {
            problems: vec![problem],
        }
    }
}

/// Builds and validates the scenario of every point: the scenario `text` (named `file_label`
/// in messages) with the overrides `base` (`--set`), then one value of each parameter.
///
/// The points are the cartesian product of the parameters' values in the order given: the
/// first parameter changes slowest and the last fastest, like nested loops (`a=1,2` and
/// `b=x,y` give a=1 b=x, a=1 b=y, a=2 b=x, a=2 b=y).
///
/// # Errors
///
/// Every problem at once, before anything runs: no parameter, a key given twice (by two
/// `--vary`, or by `--vary` and `--set`), more than [`MAX_POINTS`] points, and each distinct
/// invalid point — a value the key does not accept is reported as `--vary KEY=VALUE` with what
/// the key expects.
pub fn plan(
    text: &str,
    file_label: &str,
    base: &[Override],
    parameters: Vec<Vary>,
) -> Result<SweepPlan, SweepError> {
    check_parameters(base, &parameters)?;
    let mut points = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for indices in cartesian(&parameters) {
        let settings: Vec<Override> = parameters
            .iter()
            .zip(&indices)
            .map(|(vary, &index)| vary.setting(index))
            .collect();
        let overrides: Vec<Override> = base.iter().chain(&settings).cloned().collect();
        match scenario::from_str_with_overrides(text, file_label, &overrides) {
            Ok(scenario) => points.push((settings, scenario)),
            Err(error) => {
                let problem = point_problem(&error, &settings);
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(SweepPlan { parameters, points })
    } else {
        Err(SweepError { problems })
    }
}

fn check_parameters(base: &[Override], parameters: &[Vary]) -> Result<(), SweepError> {
    if parameters.is_empty() {
        return Err(SweepError::one(
            "nothing to sweep: give at least one --vary KEY=VALUES".into(),
        ));
    }
    let mut problems = Vec::new();
    for (index, vary) in parameters.iter().enumerate() {
        if parameters[..index].iter().any(|v| v.key == vary.key) {
            problems.push(format!(
                "--vary {}: the key is varied twice; give all its values in one --vary",
                vary.key
            ));
        }
        if let Some(set) = base.iter().find(|set| set.key == vary.key) {
            problems.push(format!(
                "--set {set} and --vary {}: both set `{}`; drop the --set",
                vary.key, vary.key
            ));
        }
    }
    let count = parameters.iter().try_fold(1usize, |product, vary| {
        product.checked_mul(vary.values.len())
    });
    if count.is_none_or(|count| count > MAX_POINTS) {
        problems.push(format!(
            "the --vary values combine into more than the {MAX_POINTS} points a sweep may have; \
             sweep fewer values"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(SweepError { problems })
    }
}

/// The message for a point that does not load: as `--vary KEY=VALUE` when that value is the
/// culprit, otherwise the scenario's own error and the point it happened at (a value may be
/// valid alone but not with the rest of the file, such as a shorter interval with a staffing
/// array of the old length).
fn point_problem(error: &scenario::ScenarioError, settings: &[Override]) -> String {
    match error.overridden_by().filter(|set| settings.contains(set)) {
        Some(set) => format!("{}: --vary {set}: {}", error.file(), error.message()),
        None => {
            let point: Vec<String> = settings.iter().map(Override::to_string).collect();
            format!("{error} (at the sweep point {})", point.join(" "))
        }
    }
}

/// The value indices of every point, last parameter fastest.
fn cartesian(parameters: &[Vary]) -> Vec<Vec<usize>> {
    parameters.iter().fold(vec![Vec::new()], |prefixes, vary| {
        prefixes
            .iter()
            .flat_map(|prefix| {
                (0..vary.values.len()).map(move |index| {
                    let mut point = prefix.clone();
                    point.push(index);
                    point
                })
            })
            .collect()
    })
}

impl SweepPlan {
    /// The swept parameters, in the order given.
    pub fn parameters(&self) -> &[Vary] {
        &self.parameters
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether the plan has no point (never, for a plan [`plan`] returned).
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Runs every point's replications (all points' replications share the worker threads)
    /// and returns the points in plan order.
    pub fn run(self, options: &SweepOptions) -> Sweep {
        let (settings, scenarios): (Vec<Vec<Override>>, Vec<Scenario>) =
            self.points.into_iter().unzip();
        let done = options.on_point_done.map(|done| move |_: usize| done());
        let batch = BatchOptions {
            threads: options.threads,
            on_scenario_done: done.as_ref().map(|d| d as &(dyn Fn(usize) + Sync)),
        };
        let results = run_batch(&scenarios, &batch);
        Self::finish(self.parameters, settings, results)
    }

    /// The points, in plan order: each one's parameter values and scenario (what a shard of the
    /// sweep runs some replications of).
    pub fn points(&self) -> impl Iterator<Item = (&[Override], &Scenario)> {
        self.points
            .iter()
            .map(|(settings, scenario)| (settings.as_slice(), scenario))
    }

    /// The sweep from every point's result (in plan order), however they were run: on one
    /// machine by [`SweepPlan::run`], or merged from the shards of a sweep split across machines.
    pub fn assemble(self, results: Vec<ExperimentResult>) -> Sweep {
        let settings = self
            .points
            .into_iter()
            .map(|(settings, _)| settings)
            .collect();
        Self::finish(self.parameters, settings, results)
    }

    fn finish(
        parameters: Vec<Vary>,
        settings: Vec<Vec<Override>>,
        results: Vec<ExperimentResult>,
    ) -> Sweep {
        let points = settings
            .into_iter()
            .zip(results)
            .map(|(settings, result)| SweepPoint {
                erlang_a: erlang_a_headline(&result.scenario),
                settings,
                result,
            })
            .collect();
        Sweep { parameters, points }
    }
}

/// How a sweep runs.
#[derive(Default)]
pub struct SweepOptions<'a> {
    /// Worker threads; `None` uses every core. Never changes the results.
    pub threads: Option<usize>,
    /// Called once as each point finishes, from worker threads (for progress bars).
    pub on_point_done: Option<&'a (dyn Fn() + Sync)>,
}

/// A finished sweep.
#[derive(Clone, Debug)]
pub struct Sweep {
    /// The swept parameters, in the order given.
    pub parameters: Vec<Vary>,
    /// The points, in plan order (see [`plan`]).
    pub points: Vec<SweepPoint>,
}

/// One point of a sweep.
#[derive(Clone, Debug)]
pub struct SweepPoint {
    /// The value of each parameter, in parameter order.
    pub settings: Vec<Override>,
    /// The point's scenario, per-replication values and summary.
    pub result: ExperimentResult,
    /// The headline metrics by the Erlang A formula, where it describes the point's scenario
    /// (see [`erlang_a_headline`]): for drawing the formula beside the simulated curve.
    pub erlang_a: Option<ErlangAHeadline>,
}

impl Sweep {
    /// The overall metric `key` of point `to` minus that of point `from`, paired replication by
    /// replication, with its 95 % confidence interval. Points that share the seed share their
    /// callers, so the day-to-day noise cancels in each pair; replications in which either
    /// point leaves the metric undefined are skipped. `None` for an unknown key, or fewer than
    /// one pair.
    pub fn paired_difference(&self, from: usize, to: usize, key: &str) -> Option<Estimate> {
        let index = METRICS.iter().position(|metric| metric.key == key)?;
        let (baseline, variant): (Vec<f64>, Vec<f64>) = self.points[from]
            .result
            .replications
            .iter()
            .zip(&self.points[to].result.replications)
            .filter_map(|(a, b)| Some((a.overall[index]?, b.overall[index]?)))
            .unzip();
        paired_difference(&baseline, &variant, super::CONFIDENCE_LEVEL)
    }

    /// Estimates of the overall metric `key` at every point, in point order (`None` where no
    /// replication defined it): one curve of a chart against the swept parameter.
    pub fn curve(&self, key: &str) -> Vec<Option<Estimate>> {
        self.points
            .iter()
            .map(|point| point.result.summary.overall.get(key).copied())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFICE: &str = "name = 'office'\nseed = 3\nreplications = 4\n[hours]\n\
                          open = '09:00'\nclose = '11:00'\n[arrivals]\ncalls_per_hour = 60\n\
                          [handle_time]\ndistribution = 'exponential'\nmean = '4m'\n\
                          [patience]\ndistribution = 'exponential'\nmean = '2m'\n\
                          [staffing]\nagents = 5";

    fn vary(text: &str) -> Vary {
        text.parse().unwrap()
    }

    fn problems(base: &[&str], parameters: &[&str]) -> Vec<String> {
        let base: Vec<Override> = base.iter().map(|s| s.parse().unwrap()).collect();
        let parameters = parameters.iter().map(|s| vary(s)).collect();
        plan(OFFICE, "office.toml", &base, parameters)
            .unwrap_err()
            .problems
    }

    #[test]
    fn points_are_the_cartesian_product_last_parameter_fastest() {
        let plan = plan(
            OFFICE,
            "office.toml",
            &[],
            vec![
                vary("staffing.agents=4,5"),
                vary("handle_time.mean=3m,4m,5m"),
            ],
        )
        .unwrap();
        let points: Vec<String> = plan
            .points
            .iter()
            .map(|(settings, _)| {
                let values: Vec<&str> = settings.iter().map(|s| s.value.as_str()).collect();
                values.join(" ")
            })
            .collect();
        assert_eq!(points, ["4 3m", "4 4m", "4 5m", "5 3m", "5 4m", "5 5m"]);
        assert_eq!(plan.points[4].1.pools[0].agents[0], 5);
        assert_eq!(plan.points[4].1.classes[0].handle_time.mean(), 240.0);
    }

    #[test]
    fn bad_values_are_reported_once_each_before_anything_runs() {
        let found = problems(&[], &["staffing.agents=4,x,-1,x"]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("office.toml: --vary staffing.agents=x: `staffing.agents`: found \"x\"; expected a number of agents"),
            "{}",
            found[0]
        );
        assert!(found[1].contains("--vary staffing.agents=-1"), "{found:?}");
    }

    #[test]
    fn a_point_invalid_with_the_rest_of_the_file_names_the_point() {
        let found = problems(
            &["staffing.agents=[5, 5, 5, 5]"],
            &["hours.interval=30m,1h"],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("`staffing.agents`")
                && found[0].ends_with("(at the sweep point hours.interval=1h)"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn keys_given_twice_are_refused() {
        let found = problems(
            &["staffing.agents=6"],
            &["staffing.agents=4,5", "staffing.agents=7"],
        );
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("both set `staffing.agents`"));
        assert!(found[1].contains("varied twice"));
        assert!(problems(&[], &[])[0].contains("nothing to sweep"));
        let many = problems(&[], &["seed=1..200", "replications=1..100"]);
        assert!(many[0].contains("more than the 10000 points"), "{many:?}");
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        let run = |threads| {
            plan(
                OFFICE,
                "office.toml",
                &[],
                vec![vary("staffing.agents=3..6")],
            )
            .unwrap()
            .run(&SweepOptions {
                threads: Some(threads),
                on_point_done: None,
            })
        };
        let (one, two) = (run(1), run(2));
        for (a, b) in one.points.iter().zip(&two.points) {
            assert_eq!(a.result.replications, b.result.replications);
        }
        assert_eq!(one.curve("service_level"), two.curve("service_level"));
        assert!(one.points.iter().all(|p| p.erlang_a.is_some()));
    }
}
