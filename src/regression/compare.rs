//! Comparing a new run of a scenario with its baseline, metric by metric.

use super::baseline::Baseline;
use super::direction::Direction;
use super::fingerprint::{Canonical, results_digest, scenario_fingerprint};
use super::report_metrics::{Scope, Section, read_sections};
use super::samples::{self, SectionSamples, section_samples};
use super::significance::{Difference, Evidence, holm_adjusted};
use super::tolerance::Tolerances;
use crate::Scenario;
use crate::experiment::ExperimentResult;
use crate::report;
use crate::stats::Estimate;
use std::collections::BTreeSet;

/// The power at which `ccsim check` states each metric's minimal detectable change, unless
/// `--power` says otherwise: the usual convention of study design.
pub const DEFAULT_POWER: f64 = 0.8;

/// Metrics that echo the scenario's inputs rather than measure how callers fared: the agents
/// present follow the staffing given. When only these move, the inputs changed and no outcome
/// moved detectably, which a check reports as such.
pub const INPUT_ECHO_METRICS: &[&str] = &["agents_mean"];

/// How a check decides that a metric moved.
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    /// Same ccsim version, seed and scenario: every value must be identical, bit for bit.
    Exact,
    /// Flag a metric when it moved beyond its tolerance (or at all, without one) with significance
    /// at family-wise level `alpha` over the scenario's metrics (see `significance`).
    Statistical {
        /// Family-wise significance level per scenario, strictly between 0 and 1.
        alpha: f64,
        /// The power at which minimal detectable changes are stated, strictly between 0 and 1
        /// ([`DEFAULT_POWER`] unless chosen).
        power: f64,
        /// Allowed moves in the bad direction, per metric.
        tolerances: Tolerances,
    },
}

impl Mode {
    /// The command-line spelling: `exact` or `statistical`.
    pub fn key(&self) -> &'static str {
        match self {
            Mode::Exact => "exact",
            Mode::Statistical { .. } => "statistical",
        }
    }

    /// Why this mode cannot compare a run of `scenario` with `baseline`, if it cannot. Exact mode
    /// needs the same ccsim version (another may draw its random numbers differently), seed and
    /// number of replications; statistical mode needs two replications on each side, without
    /// which there is no standard deviation and every metric would pass untested.
    pub fn applies(&self, baseline: &Baseline, scenario: &Scenario) -> Result<(), String> {
        let version = env!("CARGO_PKG_VERSION");
        match self {
            Mode::Exact if baseline.ccsim_version != version => Err(format!(
                "exact mode needs a baseline from this ccsim ({version}), but it was made by \
                 ccsim {}; use --mode statistical, or re-baseline with `ccsim baseline` if the \
                 new numbers are to be the reference",
                baseline.ccsim_version
            )),
            Mode::Exact
                if (scenario.seed, scenario.replications)
                    != (baseline.seed, baseline.replications) =>
            {
                Err(format!(
                    "exact mode re-runs the baseline's seed {} and {} replications, not seed {} \
                     and {}; drop --seed and --replications, or use --mode statistical",
                    baseline.seed, baseline.replications, scenario.seed, scenario.replications
                ))
            }
            Mode::Statistical { .. } if baseline.replications < 2 || scenario.replications < 2 => {
                Err(format!(
                    "statistical mode needs at least 2 replications on each side (30 or so to \
                     detect small changes), but the baseline has {} and the run {}; re-baseline \
                     with --replications 30, or use --mode exact",
                    baseline.replications, scenario.replications
                ))
            }
            _ => Ok(()),
        }
    }
}

/// The verdict on one scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every metric holds.
    Ok,
    /// The scenario is the one baselined, and its results moved.
    Regression,
    /// The scenario is not the one baselined (its fingerprint differs): re-baseline if the change
    /// was intended. What moved is still shown, for information.
    Changed,
}

impl Status {
    /// The JSON spelling.
    pub fn key(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Regression => "regression",
            Status::Changed => "changed",
        }
    }
}

/// What the comparison found for one metric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Finding {
    /// Exact mode: mean, standard deviation, interval and count are bit for bit the baseline's.
    Identical,
    /// Exact mode: something differs.
    Differs,
    /// No replication defines the metric, on either side.
    BothUndefined,
    /// One side has fewer than two replications defining the metric: nothing to test with.
    Untestable,
    /// Neither side varies between replications: the move exceeds what is allowed or not, with
    /// certainty (and outside the Holm family, since it cannot be a false alarm).
    Certain {
        /// Whether the metric moved beyond what is allowed.
        exceeded: bool,
    },
    /// The paired (or Welch's) t-test against the allowed margin.
    Tested {
        /// The test's p-value.
        p: f64,
        /// Holm-adjusted over the scenario's tested metrics; flagged when ≤ α.
        p_holm: f64,
    },
}

/// A scope as notes name it: "interval 09:00-09:30", "class vip".
fn place(scope: &Scope) -> String {
    match scope {
        Scope::Interval { .. } => format!("interval {scope}"),
        _ => scope.to_string(),
    }
}

/// One metric of one scope, compared.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricCheck {
    /// Where the metric is.
    pub scope: Scope,
    /// The metric's report key.
    pub key: String,
    /// The tolerance that applied, in the metric's unit (statistical mode).
    pub tolerance: Option<f64>,
    /// The baseline's estimate (`None`: undefined in every replication).
    pub baseline: Option<Estimate>,
    /// The new run's estimate.
    pub new: Option<Estimate>,
    /// What the comparison found.
    pub finding: Finding,
    /// Whether the metric counts against the scenario.
    pub flagged: bool,
    /// Statistical mode: the smallest move the check would flag with the chosen power.
    pub detectable: Option<Detectable>,
}

/// A metric's minimal detectable change (see `significance`), in the metric's unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detectable {
    /// The smallest true move (beyond the tolerance, which it includes) that the check flags
    /// with the chosen power.
    pub change: f64,
    /// Whether it is the bound for independent replications, √2·s/√n from the baseline's
    /// spread, rather than measured from the paired differences: when the run reproduces the
    /// baseline replication by replication the differences have no spread to measure, and
    /// common random numbers make the true detectable change smaller than this bound.
    pub bound: bool,
}

impl MetricCheck {
    /// New mean − baseline mean, when both are defined.
    pub fn difference(&self) -> Option<f64> {
        Some(self.new?.mean - self.baseline?.mean)
    }

    /// The metric's good direction.
    pub fn direction(&self) -> Direction {
        Direction::of(&self.key)
    }

    /// The direction and margin it is tested with: without a tolerance the metric may not move
    /// either way.
    fn tested_direction(&self) -> (Direction, f64) {
        match self.tolerance {
            Some(tolerance) => (self.direction(), tolerance),
            None => (Direction::Neutral, 0.0),
        }
    }
}

/// One setting of the canonical scenario that differs from the baseline's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioChange {
    /// The setting's dotted key.
    pub key: String,
    /// Its value in the baseline (`None`: not set).
    pub baseline: Option<String>,
    /// Its value now (`None`: no longer set).
    pub now: Option<String>,
}

/// The comparison of one scenario with its baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioCheck {
    /// The scenario's name.
    pub name: String,
    /// The verdict.
    pub status: Status,
    /// Seed of the new run.
    pub seed: u64,
    /// Replications of the new run.
    pub replications: u32,
    /// Version of ccsim that ran the baseline.
    pub baseline_ccsim_version: String,
    /// Settings that differ from the baseline's scenario (empty unless [`Status::Changed`]).
    pub changes: Vec<ScenarioChange>,
    /// Whether the metrics were tested on paired replications (the run re-ran the baseline's
    /// seed and replications) rather than as two independent runs (Welch).
    pub paired: bool,
    /// Whether every flagged metric only echoes the inputs ([`INPUT_ECHO_METRICS`]).
    pub only_input_echo_moved: bool,
    /// Every metric compared, overall, end of day, then interval by interval.
    pub metrics: Vec<MetricCheck>,
    /// Findings that belong to no single metric: intervals on one side only (a regression),
    /// metrics too new for the baseline, a difference only the exact digest sees.
    pub notes: Vec<String>,
}

impl ScenarioCheck {
    /// The metrics that count against the scenario.
    pub fn flagged(&self) -> impl Iterator<Item = &MetricCheck> {
        self.metrics.iter().filter(|m| m.flagged)
    }
}

/// What a check needs besides the baseline and the new run.
#[derive(Clone, Copy)]
pub struct CheckOptions<'a> {
    /// How to compare.
    pub mode: &'a Mode,
    /// The scenario file as loaded with the baseline's overrides (without any check-time
    /// `--set`): its fingerprint decides whether the scenario changed. For a multi-day study,
    /// the study.
    pub scenario: &'a dyn Canonical,
}

/// The verdict on `result`, a new run, against `baseline`: the one function every way of running
/// a check ends in. The run may be of a variant (check-time `--set`, `--seed`); when it has the
/// baseline's seed and replications, statistical mode pairs its replications with the
/// baseline's (see `significance`).
///
/// Fails only when the baseline's report is malformed.
pub fn compare(
    baseline: &Baseline,
    result: &ExperimentResult,
    options: &CheckOptions,
) -> Result<ScenarioCheck, String> {
    let mode = options.mode;
    let scenario = options.scenario;
    let changed = scenario_fingerprint(scenario) != baseline.scenario_fingerprint;
    let baseline_sections = read_sections(&baseline.report)?;
    let new_sections = read_sections(&new_report(result)?)?;
    let paired = matches!(mode, Mode::Statistical { .. })
        && (result.scenario.seed, result.scenario.replications)
            == (baseline.seed, baseline.replications)
        && result.replications.len() == baseline.per_replication.len();
    let (baseline_samples, new_samples) = if paired {
        (
            section_samples(
                &baseline_sections,
                &samples::of_records(&baseline.per_replication),
            )?,
            section_samples(&new_sections, &samples::of_result(result))?,
        )
    } else {
        (Vec::new(), Vec::new())
    };

    // Intervals present on one side only mean the engine or the report changed its layout: a
    // regression. Metrics the baseline lacks are new since its version: nothing to compare.
    let mut notes = Vec::new();
    let mut layout_differs = false;
    let mut metrics = Vec::new();
    let mut differences = Vec::new();
    let mut new_metrics = BTreeSet::new();
    let baseline_has_classes = baseline.report.get("classes").is_some();
    if !baseline_has_classes {
        notes.push(format!(
            "per-class metrics not compared, since the baseline's ccsim {} did not report classes",
            baseline.ccsim_version
        ));
    }
    for (new_index, new_section) in new_sections.iter().enumerate() {
        if !baseline_has_classes && matches!(new_section.scope, Scope::Class { .. }) {
            continue;
        }
        let Some(old_index) = baseline_sections
            .iter()
            .position(|s| s.scope == new_section.scope)
        else {
            layout_differs = true;
            notes.push(format!(
                "{} is not in the baseline",
                place(&new_section.scope)
            ));
            continue;
        };
        let old_section = &baseline_sections[old_index];
        for (key, _) in &new_section.metrics {
            if old_section.get(key).is_none() {
                new_metrics.insert(key.clone());
            }
        }
        let samples = paired.then(|| (&baseline_samples[old_index], &new_samples[new_index]));
        for (check, difference) in pair_up(old_section, new_section, samples) {
            metrics.push(check);
            differences.push(difference);
        }
    }
    for old_section in &baseline_sections {
        if !new_sections.iter().any(|s| s.scope == old_section.scope) {
            layout_differs = true;
            notes.push(format!(
                "{} of the baseline is missing",
                place(&old_section.scope)
            ));
        }
    }
    if !new_metrics.is_empty() {
        let keys: Vec<String> = new_metrics.into_iter().collect();
        notes.push(format!(
            "not compared, since the baseline's ccsim {} did not report them: {}",
            baseline.ccsim_version,
            keys.join(", ")
        ));
    }

    let moved = match mode {
        Mode::Exact => {
            let identical = results_digest(&result.replications) == baseline.results_digest;
            compare_exactly(&mut metrics, identical);
            if !identical && !metrics.iter().any(|m| m.flagged) {
                notes.push(
                    "the replications' values are not bit for bit the baseline's, although every \
                     summary in the report agrees"
                        .to_string(),
                );
            }
            !identical
        }
        Mode::Statistical {
            alpha,
            power,
            tolerances,
        } => {
            compare_statistically(&mut metrics, &differences, *alpha, *power, tolerances);
            metrics.iter().any(|m| m.flagged)
        }
    };
    let only_input_echo_moved = moved
        && metrics
            .iter()
            .filter(|m| m.flagged)
            .all(|m| INPUT_ECHO_METRICS.contains(&m.key.as_str()));
    if only_input_echo_moved {
        notes.push(format!(
            "only input-echo metrics moved ({}): the inputs changed, but no outcome metric \
             moved detectably",
            INPUT_ECHO_METRICS.join(", ")
        ));
    }
    let status = if changed {
        Status::Changed
    } else if moved || layout_differs {
        Status::Regression
    } else {
        Status::Ok
    };
    Ok(ScenarioCheck {
        name: result.scenario.name.clone(),
        status,
        seed: result.scenario.seed,
        replications: result.scenario.replications,
        baseline_ccsim_version: baseline.ccsim_version.clone(),
        paired,
        only_input_echo_moved,
        changes: if changed {
            scenario_changes(&baseline.scenario, &scenario.canonical())
        } else {
            Vec::new()
        },
        metrics,
        notes,
    })
}

/// The new run's report, written to JSON text and read back, exactly as the baseline's was: the
/// JSON reader rounds some 17-digit numbers to a neighbouring value, and putting both sides
/// through the same text makes identical results compare identical.
fn new_report(result: &ExperimentResult) -> Result<serde_json::Value, String> {
    let text = report::to_json(result, "").to_string();
    serde_json::from_str(&text).map_err(|e| format!("cannot read back the new report: {e}"))
}

/// The metrics of a section present on both sides, each with its [`Difference`]: from the
/// paired replications when `samples` (the baseline's and the new run's values of these
/// sections) are given, from the two estimates (Welch) otherwise.
fn pair_up(
    old: &Section,
    new: &Section,
    samples: Option<(&SectionSamples, &SectionSamples)>,
) -> Vec<(MetricCheck, Option<Difference>)> {
    new.metrics
        .iter()
        .enumerate()
        .filter_map(|(new_index, (key, estimate))| {
            let old_index = old.metrics.iter().position(|(k, _)| k == key)?;
            let baseline = old.metrics[old_index].1;
            let difference = match samples {
                Some((old_samples, new_samples)) => {
                    let differences: Vec<f64> = old_samples[old_index]
                        .iter()
                        .zip(&new_samples[new_index])
                        .filter_map(|(old, new)| Some((*new)? - (*old)?))
                        .collect();
                    Difference::paired(&differences)
                }
                None => baseline
                    .as_ref()
                    .zip(estimate.as_ref())
                    .and_then(|(old, new)| Difference::welch(old, new)),
            };
            let check = MetricCheck {
                scope: new.scope.clone(),
                key: key.clone(),
                tolerance: None,
                baseline,
                new: *estimate,
                finding: Finding::BothUndefined,
                flagged: false,
                detectable: None,
            };
            Some((check, difference))
        })
        .collect()
}

fn compare_exactly(metrics: &mut [MetricCheck], identical_digest: bool) {
    for metric in metrics {
        let same = identical_digest || bits(&metric.baseline) == bits(&metric.new);
        metric.finding = if same {
            Finding::Identical
        } else {
            Finding::Differs
        };
        metric.flagged = !same;
    }
}

/// Every field of an estimate as bits, so that the comparison is exact (and −0 differs from 0).
fn bits(estimate: &Option<Estimate>) -> Option<[Option<u64>; 5]> {
    estimate.map(|e| {
        [
            Some(e.mean.to_bits()),
            e.std.map(f64::to_bits),
            e.ci_low.map(f64::to_bits),
            e.ci_high.map(f64::to_bits),
            Some(u64::from(e.n)),
        ]
    })
}

/// Tests every metric with its difference (`differences`, parallel to `metrics`), applies Holm's
/// correction over those with noise, and states each testable metric's minimal detectable change.
fn compare_statistically(
    metrics: &mut [MetricCheck],
    differences: &[Option<Difference>],
    alpha: f64,
    power: f64,
    tolerances: &Tolerances,
) {
    let mut tested = Vec::new();
    for (index, (metric, difference)) in metrics.iter_mut().zip(differences).enumerate() {
        metric.tolerance = tolerances.get(&metric.scope, &metric.key);
        let (direction, margin) = metric.tested_direction();
        if (metric.baseline, metric.new) == (None, None) {
            metric.finding = Finding::BothUndefined;
            continue;
        }
        match difference.map(|d| d.evidence(direction, margin)) {
            None => metric.finding = Finding::Untestable,
            Some(Evidence::Certain { exceeded }) => {
                metric.finding = Finding::Certain { exceeded };
                metric.flagged = exceeded;
            }
            Some(Evidence::PValue(p)) => tested.push((index, p)),
        }
    }
    let p_values: Vec<f64> = tested.iter().map(|&(_, p)| p).collect();
    for ((index, p), p_holm) in tested.into_iter().zip(holm_adjusted(&p_values)) {
        metrics[index].finding = Finding::Tested { p, p_holm };
        metrics[index].flagged = p_holm <= alpha;
    }
    // A single moved metric must pass Holm's first step, α over every metric that can be
    // tested (those without noise now would have some once they move).
    let family = metrics
        .iter()
        .filter(|m| matches!(m.finding, Finding::Tested { .. } | Finding::Certain { .. }))
        .count();
    let level = alpha / family.max(1) as f64;
    for (metric, difference) in metrics.iter_mut().zip(differences) {
        if let (Some(difference), Finding::Tested { .. } | Finding::Certain { .. }) =
            (difference, metric.finding)
        {
            metric.detectable = Some(detectable(metric, difference, level, power));
        }
    }
}

/// The minimal detectable change of a testable metric: from its difference's standard error
/// when it has one, else bounded from the baseline's spread (see [`Detectable::bound`]), else
/// (no noise on either side) the tolerance itself: any move beyond it is certain.
fn detectable(metric: &MetricCheck, difference: &Difference, level: f64, power: f64) -> Detectable {
    let (direction, margin) = metric.tested_direction();
    if difference.se > 0.0 {
        return Detectable {
            change: difference.detectable(direction, margin, level, power),
            bound: false,
        };
    }
    match metric.baseline {
        Some(Estimate {
            std: Some(std), n, ..
        }) if std > 0.0 && n >= 2 => {
            let independent = Difference {
                mean: 0.0,
                se: std * (2.0 / f64::from(n)).sqrt(),
                df: f64::from(n - 1),
            };
            Detectable {
                change: independent.detectable(direction, margin, level, power),
                bound: true,
            }
        }
        _ => Detectable {
            change: margin,
            bound: false,
        },
    }
}

/// The settings whose canonical lines differ, in the order of the current scenario, then those
/// only the baseline had.
fn scenario_changes(baseline: &[String], now: &[String]) -> Vec<ScenarioChange> {
    let split = |line: &String| -> (String, String) {
        match line.split_once(" = ") {
            Some((key, value)) => (key.to_string(), value.to_string()),
            None => (line.clone(), String::new()),
        }
    };
    let old: Vec<(String, String)> = baseline.iter().map(split).collect();
    let new: Vec<(String, String)> = now.iter().map(split).collect();
    let value_in = |lines: &[(String, String)], key: &str| {
        lines.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let mut changes: Vec<ScenarioChange> = new
        .iter()
        .filter(|(key, value)| value_in(&old, key).as_ref() != Some(value))
        .map(|(key, value)| ScenarioChange {
            key: key.clone(),
            baseline: value_in(&old, key),
            now: Some(value.clone()),
        })
        .collect();
    changes.extend(
        old.iter()
            .filter(|(key, _)| value_in(&new, key).is_none())
            .map(|(key, value)| ScenarioChange {
                key: key.clone(),
                baseline: Some(value.clone()),
                now: None,
            }),
    );
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{RunOptions, run_replications};
    use crate::scenario::{self, Override};
    use crate::sim::metrics::{END_OF_DAY_METRICS, METRICS};

    const TEXT: &str = r#"
        name = "compare"
        replications = 12
        [hours]
        open = "08:00"
        close = "10:00"
        interval = "1h"
        [arrivals]
        calls_per_hour = 120
        [handle_time]
        distribution = "exponential"
        mean = "3m"
        [patience]
        distribution = "exponential"
        mean = "2m"
        [staffing]
        agents = 7
        "#;

    fn load(sets: &[&str]) -> Scenario {
        let overrides: Vec<Override> = sets.iter().map(|s| s.parse().unwrap()).collect();
        scenario::from_str_with_overrides(TEXT, "compare.toml", &overrides).unwrap()
    }

    fn run(scenario: &Scenario) -> ExperimentResult {
        run_replications(scenario, &RunOptions::default())
    }

    /// The check of `result` against `baseline`, with `scenario` as the file baselined.
    fn checked(
        baseline: &Baseline,
        scenario: &Scenario,
        result: &ExperimentResult,
        mode: &Mode,
    ) -> ScenarioCheck {
        compare(baseline, result, &CheckOptions { mode, scenario }).unwrap()
    }

    fn statistical(alpha: f64) -> Mode {
        Mode::Statistical {
            alpha,
            power: DEFAULT_POWER,
            tolerances: Tolerances::default(),
        }
    }

    #[test]
    fn the_same_run_is_identical_in_both_modes() {
        let scenario = load(&[]);
        let result = run(&scenario);
        let baseline = Baseline::new(&result, "compare.toml", &[]);
        for mode in [Mode::Exact, statistical(0.01)] {
            let check = checked(&baseline, &scenario, &result, &mode);
            assert_eq!(check.status, Status::Ok, "{mode:?}");
            assert!(check.notes.is_empty() && check.changes.is_empty());
            assert_eq!(
                check.metrics.len(),
                4 * METRICS.len() + END_OF_DAY_METRICS.len(), // overall, one class, two intervals
            );
        }
    }

    #[test]
    fn modes_refuse_what_they_cannot_compare() {
        let scenario = load(&[]);
        let baseline = Baseline::new(&run(&scenario), "compare.toml", &[]);
        assert_eq!(Mode::Exact.applies(&baseline, &scenario), Ok(()));
        let mut other = scenario.clone();
        other.seed = 5;
        let error = Mode::Exact.applies(&baseline, &other).unwrap_err();
        assert!(
            error.contains("seed 1 and 12 replications, not seed 5"),
            "{error}"
        );
        assert_eq!(statistical(0.01).applies(&baseline, &other), Ok(()));
        other.replications = 1;
        let error = statistical(0.01).applies(&baseline, &other).unwrap_err();
        assert!(error.contains("at least 2 replications"), "{error}");
        let mut older = baseline.clone();
        older.ccsim_version = "0.0.1".into();
        let error = Mode::Exact.applies(&older, &scenario).unwrap_err();
        assert!(error.contains("made by ccsim 0.0.1"), "{error}");
    }

    #[test]
    fn exact_mode_flags_any_difference_and_statistical_mode_only_real_ones() {
        let scenario = load(&[]);
        let baseline = Baseline::new(&run(&scenario), "compare.toml", &[]);
        let mut reseeded = scenario.clone();
        reseeded.seed = 99;
        let other_seed = run(&reseeded);
        let exact = checked(&baseline, &scenario, &other_seed, &Mode::Exact);
        assert_eq!(exact.status, Status::Regression);
        assert!(exact.flagged().any(|m| m.key == "offered"));
        let reseeded = checked(&baseline, &scenario, &other_seed, &statistical(0.01));
        assert_eq!(reseeded.status, Status::Ok);

        let fewer_agents = run(&load(&["staffing.agents=5"]));
        let check = checked(&baseline, &scenario, &fewer_agents, &statistical(0.01));
        assert_eq!(check.status, Status::Regression);
        let flagged: Vec<&str> = check.flagged().map(|m| m.key.as_str()).collect();
        for key in ["service_level", "asa_s", "abandoned"] {
            assert!(flagged.contains(&key), "{key} not in {flagged:?}");
        }
    }

    /// The same seed and replications pair the replications: handle times 3 % longer are seen,
    /// and the detectable change of the wait is much smaller than two independent runs of the
    /// same size would have.
    #[test]
    fn the_same_seed_is_tested_in_pairs() {
        let scenario = load(&[]);
        let baseline = Baseline::new(&run(&scenario), "compare.toml", &[]);
        let same = checked(&baseline, &scenario, &run(&scenario), &statistical(0.01));
        assert!(same.paired && same.status == Status::Ok);
        // Identical replications: no spread in the differences, so the detectable change shown
        // is the bound for independent replications, √2·s/√n.
        let asa = |check: &ScenarioCheck| {
            check
                .metrics
                .iter()
                .find(|m| m.scope == Scope::Overall && m.key == "asa_s")
                .cloned()
                .unwrap()
        };
        let unmoved = asa(&same);
        assert_eq!(unmoved.finding, Finding::Certain { exceeded: false });
        let bound = unmoved.detectable.unwrap();
        assert!(bound.bound);
        let s = unmoved.baseline.unwrap().std.unwrap();
        let family = same
            .metrics
            .iter()
            .filter(|m| m.detectable.is_some())
            .count();
        let expected = Difference {
            mean: 0.0,
            se: s * (2.0f64 / 12.0).sqrt(),
            df: 11.0,
        }
        .detectable(Direction::Neutral, 0.0, 0.01 / family as f64, DEFAULT_POWER);
        assert_eq!(bound.change, expected);

        let longer = run(&load(&["handle_time.mean=3m5.4s"]));
        let check = checked(&baseline, &scenario, &longer, &statistical(0.01));
        assert!(check.paired);
        assert_eq!(check.status, Status::Regression);
        assert!(!check.only_input_echo_moved);
        assert!(check.flagged().any(|m| m.key == "aht_s"));
        let paired = asa(&check).detectable.unwrap();
        assert!(
            !paired.bound && paired.change < bound.change / 2.0,
            "{paired:?} vs {bound:?}"
        );
    }

    /// When only the agents present move (the staffing given), the check says that no outcome
    /// moved: here occupancy, the one outcome more agents move, is given a tolerance.
    #[test]
    fn only_input_echo_moved_is_said() {
        let scenario = load(&["staffing.agents=40"]);
        let baseline = Baseline::new(&run(&scenario), "compare.toml", &[]);
        let more = run(&load(&["staffing.agents=41"]));
        let mut tolerances = Tolerances::default();
        tolerances.insert_flag("occupancy=100%").unwrap();
        let mode = Mode::Statistical {
            alpha: 0.01,
            power: DEFAULT_POWER,
            tolerances,
        };
        let check = checked(&baseline, &scenario, &more, &mode);
        let flagged: BTreeSet<&str> = check.flagged().map(|m| m.key.as_str()).collect();
        assert_eq!(flagged, BTreeSet::from(["agents_mean"]));
        assert!(check.only_input_echo_moved);
        assert!(
            check
                .notes
                .iter()
                .any(|n| n.starts_with("only input-echo metrics moved"))
        );
    }

    #[test]
    fn a_tolerance_forgives_small_moves_and_improvements() {
        let scenario = load(&[]);
        let baseline = Baseline::new(&run(&scenario), "compare.toml", &[]);
        let more_agents = run(&load(&["staffing.agents=9"]));
        let plain = checked(&baseline, &scenario, &more_agents, &statistical(0.01));
        assert!(
            plain.flagged().any(|m| m.key == "service_level"),
            "an improvement moves too"
        );

        let mut tolerances = Tolerances::default();
        tolerances.insert_flag("service_level=0").unwrap();
        let mode = Mode::Statistical {
            power: DEFAULT_POWER,
            alpha: 0.01,
            tolerances,
        };
        let check = checked(&baseline, &scenario, &more_agents, &mode);
        let service_level = check
            .metrics
            .iter()
            .find(|m| m.scope == Scope::Overall && m.key == "service_level")
            .unwrap();
        assert_eq!(service_level.tolerance, Some(0.0));
        assert!(!service_level.flagged, "{service_level:?}");
    }

    #[test]
    fn a_changed_scenario_is_changed_and_says_what_changed() {
        let scenario = load(&[]);
        let baseline = Baseline::new(&run(&scenario), "compare.toml", &[]);
        let edited = load(&["staffing.agents=8", "limits.lines=20"]);
        let check = checked(&baseline, &edited, &run(&edited), &statistical(0.01));
        assert_eq!(check.status, Status::Changed);
        assert_eq!(
            check.changes,
            [
                ScenarioChange {
                    key: "staffing.agents".into(),
                    baseline: Some("[7, 7]".into()),
                    now: Some("[8, 8]".into()),
                },
                ScenarioChange {
                    key: "limits.lines".into(),
                    baseline: None,
                    now: Some("20".into()),
                },
            ]
        );
    }

    #[test]
    fn metrics_newer_than_the_baseline_are_not_compared_and_intervals_must_match() {
        let scenario = load(&[]);
        let result = run(&scenario);
        let mut baseline = Baseline::new(&result, "compare.toml", &[]);
        baseline.ccsim_version = "0.0.1".into();
        let report = &mut baseline.report;
        report["summary"]
            .as_object_mut()
            .unwrap()
            .remove("wait_p95_s");
        report["intervals"][1]
            .as_object_mut()
            .unwrap()
            .remove("wait_p95_s");
        let check = checked(&baseline, &scenario, &result, &statistical(0.01));
        assert_eq!(check.status, Status::Ok);
        assert_eq!(
            check.metrics.len(),
            4 * METRICS.len() + END_OF_DAY_METRICS.len() - 2
        );
        assert_eq!(
            check.notes,
            ["not compared, since the baseline's ccsim 0.0.1 did not report them: wait_p95_s"]
        );

        baseline.report["intervals"][1]["start"] = "09:30".into();
        let check = checked(&baseline, &scenario, &result, &statistical(0.01));
        assert_eq!(check.status, Status::Regression);
        assert_eq!(
            check.notes[0],
            "interval 09:00-10:00 is not in the baseline"
        );
        assert_eq!(
            check.notes[1],
            "interval 09:30-10:00 of the baseline is missing"
        );
    }

    #[test]
    fn undefined_metrics_are_handled() {
        let scenario = load(&["arrivals.calls_per_hour=[120, 0]"]);
        let result = run(&scenario);
        let baseline = Baseline::new(&result, "compare.toml", &[]);
        let check = checked(&baseline, &scenario, &result, &statistical(0.01));
        let second_hour_asa = check
            .metrics
            .iter()
            .find(|m| m.scope.to_string() == "09:00-10:00" && m.key == "asa_s")
            .unwrap();
        assert_eq!(second_hour_asa.finding, Finding::BothUndefined);
        assert_eq!(check.status, Status::Ok);
    }
}
