//! Paired comparison of a baseline and its variants on common random numbers: what a change
//! of staffing, handle time or policy does to every metric, with a confidence interval on each
//! difference. The job of `ccsim compare`; how to read one is in `docs/compare.md`.
//!
//! **Why pairing works.** Replication r of any scenario draws its random numbers from streams
//! keyed by (seed, r, purpose), and every caller's arrival time, handle time and patience are
//! drawn in arrival order from their own streams. A baseline and a variant run with the same
//! seed therefore meet the *same* callers in replication r: the busy Monday and the quiet
//! Tuesday are busy and quiet on both sides. The difference variant − baseline of replication r
//! has that shared day-to-day noise removed, and the Student-t interval on those per-replication
//! differences ([`stats::paired_difference`]) is typically several times narrower than the
//! interval two independent runs would give. Pairing needs the same seed and the same number of
//! replications on both sides ([`check_pairing`]).
//!
//! **What is compared.** Every metric of the report ([`METRICS`]) overall and for each class
//! and pool both sides have (matched by name), and the end-of-day metrics. For each: both
//! sides' estimates (as in their own reports), the paired difference, its two-sided p-value
//! ([`stats::paired_t_test`]) and whether the difference is significant (its interval excludes
//! 0). A ratio undefined in some replications (no calls, no agents) is paired over the
//! replications where both sides define it, and the difference's `n` says how many.
//!
//! ```
//! use ccsim::compare::{Arm, run_comparison};
//! use ccsim::experiment::RunOptions;
//!
//! let text = r#"
//! name = "Small office"
//! replications = 10
//! [hours]
//! open = "09:00"
//! close = "12:00"
//! [arrivals]
//! calls_per_hour = 40
//! [handle_time]
//! distribution = "exponential"
//! mean = "5m"
//! [patience]
//! distribution = "exponential"
//! mean = "2m"
//! [staffing]
//! agents = 4
//!
//! [[variants]]
//! name = "one more agent"
//! set = { "staffing.agents" = 5 }
//! "#;
//! let file = ccsim::scenario::from_str_with_variants(text, "office.toml", &[]).unwrap();
//! let baseline = Arm::baseline(file.baseline, "office.toml");
//! let variants: Vec<Arm> = file
//!     .variants
//!     .into_iter()
//!     .map(|variant| Arm::from_variant(variant, "office.toml"))
//!     .collect();
//! let comparison = run_comparison(baseline, variants, &RunOptions::default()).unwrap();
//!
//! let more = &comparison.variants[0].differences;
//! // The same callers on both sides: exactly as many calls offered.
//! let offered = more.get("offered").unwrap().difference.unwrap();
//! assert_eq!((offered.mean, offered.std), (0.0, Some(0.0)));
//! // An extra agent answers more calls within the threshold, never fewer, on the same callers.
//! let service_level = more.get("service_level").unwrap();
//! assert!(service_level.difference.unwrap().mean > 0.0);
//! ```

mod csv;
mod html;
mod json;
mod table;

pub use self::csv::{ObservedColumns, write_csv, write_csv_with};
pub use html::write_html;
pub use json::{COMPARISON_FORMAT, COMPARISON_SCHEMA_VERSION, to_json};
pub use table::write_table;

use crate::Scenario;
use crate::experiment::{
    CONFIDENCE_LEVEL, ExperimentResult, GroupSummary, MetricTable, ReplicationValues, RunOptions,
    run_many,
};
use crate::regression::Direction;
use crate::scenario::{Override, Variant};
use crate::sim::metrics::Metric;
#[cfg(doc)]
use crate::sim::metrics::{END_OF_DAY_METRICS, METRICS, POOL_METRICS};
use crate::stats::{self, Estimate};
use std::fmt;

/// How one side of a comparison is named in reports.
#[derive(Clone, Debug, PartialEq)]
pub struct ArmLabel {
    /// The baseline's scenario name; a variant's name (a `[[variants]]` entry's `name`, or the
    /// scenario name of a variant given as a file of its own).
    pub name: String,
    /// What it is or changes, in words.
    pub description: String,
    /// The scenario file it was read from, as given.
    pub file: String,
    /// A `[[variants]]` entry's `set`, applied on top of the baseline file; empty otherwise.
    pub overrides: Vec<Override>,
}

/// One side of a comparison: a scenario to run, and its label.
#[derive(Clone, Debug)]
pub struct Arm {
    /// How reports name it.
    pub label: ArmLabel,
    /// What to run.
    pub scenario: Scenario,
}

impl Arm {
    /// The baseline: `scenario` as read from `file`, named by its own name.
    pub fn baseline(scenario: Scenario, file: &str) -> Self {
        Self::from_file(scenario, file)
    }

    /// A variant given as a scenario file of its own, named by its scenario name.
    pub fn from_file(scenario: Scenario, file: &str) -> Self {
        Arm {
            label: ArmLabel {
                name: scenario.name.clone(),
                description: scenario.description.clone(),
                file: file.to_string(),
                overrides: Vec::new(),
            },
            scenario,
        }
    }

    /// A `[[variants]]` entry of the scenario file `file`.
    pub fn from_variant(variant: Variant, file: &str) -> Self {
        Arm {
            label: ArmLabel {
                name: variant.name,
                description: variant.description,
                file: file.to_string(),
                overrides: variant.overrides,
            },
            scenario: variant.scenario,
        }
    }
}

/// A setting two scenarios must share for their replications to pair, and the values found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// `"seed"` or `"replications"`.
    pub setting: &'static str,
    /// The baseline's value.
    pub baseline: u64,
    /// The variant's value.
    pub variant: u64,
}

/// Whether `variant`'s replications pair with `baseline`'s: the same seed (so replication r
/// meets the same callers on both sides) and the same number of replications.
pub fn check_pairing(baseline: &Scenario, variant: &Scenario) -> Result<(), Mismatch> {
    let settings = [
        ("seed", baseline.seed, variant.seed),
        (
            "replications",
            baseline.replications.into(),
            variant.replications.into(),
        ),
    ];
    match settings.into_iter().find(|(_, b, v)| b != v) {
        Some((setting, baseline, variant)) => Err(Mismatch {
            setting,
            baseline,
            variant,
        }),
        None => Ok(()),
    }
}

/// A variant that cannot be paired with the baseline, naming both.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct PairingError {
    /// The baseline's scenario file.
    pub baseline_file: String,
    /// The variant's scenario file.
    pub variant_file: String,
    /// What differs.
    pub mismatch: Mismatch,
}

impl fmt::Display for PairingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Mismatch {
            setting,
            baseline,
            variant,
        } = &self.mismatch;
        write!(
            f,
            "cannot pair {} ({setting} {variant}) with the baseline {} ({setting} {baseline}): a \
             paired comparison needs the same seed, so that replication r meets the same \
             callers on both sides, and the same number of replications; give both files the \
             same `{setting}`, or set it for all with --{setting}",
            self.variant_file, self.baseline_file
        )
    }
}

/// The comparison of a baseline with its variants.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The seed every side ran with.
    pub seed: u64,
    /// The replications every side ran, paired by index.
    pub replications: u32,
    /// The level of every confidence interval.
    pub confidence_level: f64,
    /// The baseline.
    pub baseline: ArmLabel,
    /// Each variant against the baseline, in the order given.
    pub variants: Vec<VariantComparison>,
}

/// One variant against the baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct VariantComparison {
    /// The variant.
    pub label: ArmLabel,
    /// Every metric compared.
    pub differences: Differences,
}

/// Every metric of a variant compared with the baseline's, by scope.
#[derive(Clone, Debug, PartialEq)]
pub struct Differences {
    /// All counted calls over the opening hours ([`METRICS`], in report order).
    pub overall: Vec<MetricComparison>,
    /// Each class both sides have, matched by name, in the baseline's order.
    pub classes: Vec<GroupComparison>,
    /// Each pool both sides have, matched by name, in the baseline's order ([`POOL_METRICS`]).
    pub pools: Vec<GroupComparison>,
    /// Closing-time state and work-off ([`END_OF_DAY_METRICS`]).
    pub end_of_day: Vec<MetricComparison>,
    /// Each report interval after the warm-up that both sides share (same start and end), in
    /// time order ([`METRICS`]; calls count in the interval they arrived in).
    pub intervals: Vec<IntervalComparison>,
}

impl Differences {
    /// The overall comparison of the metric with this report key.
    pub fn get(&self, key: &str) -> Option<&MetricComparison> {
        self.overall.iter().find(|m| m.metric.key == key)
    }

    /// The comparisons of the class named `name`, if both sides have it.
    pub fn class(&self, name: &str) -> Option<&GroupComparison> {
        self.classes.iter().find(|group| group.name == name)
    }
}

/// The metrics of one class or pool, compared.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupComparison {
    /// The class's or pool's name.
    pub name: String,
    /// Its metrics, in report order.
    pub metrics: Vec<MetricComparison>,
}

impl GroupComparison {
    /// The comparison of the metric with this report key.
    pub fn get(&self, key: &str) -> Option<&MetricComparison> {
        self.metrics.iter().find(|m| m.metric.key == key)
    }
}

/// The metrics of one report interval, compared.
#[derive(Clone, Debug, PartialEq)]
pub struct IntervalComparison {
    /// Start, seconds since midnight.
    pub start: f64,
    /// End, seconds since midnight.
    pub end: f64,
    /// Its metrics, in report order.
    pub metrics: Vec<MetricComparison>,
}

impl IntervalComparison {
    /// The comparison of the metric with this report key.
    pub fn get(&self, key: &str) -> Option<&MetricComparison> {
        self.metrics.iter().find(|m| m.metric.key == key)
    }
}

/// One metric on both sides, and their paired difference.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MetricComparison {
    /// The metric.
    pub metric: Metric,
    /// The baseline's estimate, as in its own report; `None` where no replication defines it.
    pub baseline: Option<Estimate>,
    /// The variant's estimate, as in its own report.
    pub variant: Option<Estimate>,
    /// The mean of the per-replication differences variant − baseline, with its Student-t
    /// interval, over the replications where both sides define the metric; `None` where none
    /// does. Where every replication defines it, its mean is the difference of the two means.
    pub difference: Option<Estimate>,
    /// Two-sided p-value of the paired t-test of "no difference"; `None` with fewer than two
    /// paired replications.
    pub p_value: Option<f64>,
}

/// What a significant difference means for the service, by the metric's [`Direction`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Significant, in the metric's good direction.
    Better,
    /// Significant, in the metric's bad direction.
    Worse,
    /// Significant, for a metric with no good direction (calls offered, occupancy).
    Changed,
    /// The interval includes 0: no difference shown at this level.
    NotSignificant,
}

impl Verdict {
    /// The JSON and CSV spelling.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::Changed => "changed",
            Verdict::NotSignificant => "not_significant",
        }
    }
}

impl MetricComparison {
    /// Whether the difference is significant: its confidence interval excludes 0. `None` when
    /// there is no interval (fewer than two paired replications).
    pub fn significant(&self) -> Option<bool> {
        let difference = self.difference?;
        let (low, high) = difference.ci_low.zip(difference.ci_high)?;
        Some(low > 0.0 || high < 0.0)
    }

    /// What the difference means for the service; `None` without an interval.
    pub fn verdict(&self) -> Option<Verdict> {
        if !self.significant()? {
            return Some(Verdict::NotSignificant);
        }
        let mean = self.difference?.mean;
        Some(match Direction::of(self.metric.key) {
            Direction::Neutral => Verdict::Changed,
            direction if direction.worsening(mean) > 0.0 => Verdict::Worse,
            _ => Verdict::Better,
        })
    }
}

/// Runs the baseline and every variant (all replications in one pool of threads) and compares
/// each variant with the baseline. Refuses, before running anything, a variant whose seed or
/// replications differ from the baseline's.
pub fn run_comparison(
    baseline: Arm,
    variants: Vec<Arm>,
    options: &RunOptions,
) -> Result<Comparison, PairingError> {
    run_comparison_keeping_baseline(baseline, variants, options).map(|(comparison, _)| comparison)
}

/// [`run_comparison`], also returning the baseline's own result (for what needs its
/// per-replication values, such as a back-test of the baseline against observations).
pub fn run_comparison_keeping_baseline(
    baseline: Arm,
    variants: Vec<Arm>,
    options: &RunOptions,
) -> Result<(Comparison, ExperimentResult), PairingError> {
    check_arms(&baseline, &variants)?;
    let scenarios: Vec<&Scenario> = std::iter::once(&baseline.scenario)
        .chain(variants.iter().map(|arm| &arm.scenario))
        .collect();
    let results = run_many(&scenarios, options);
    comparison_of(baseline, variants, results)
}

/// Refuses the first variant whose seed or replications differ from the baseline's.
pub fn check_arms(baseline: &Arm, variants: &[Arm]) -> Result<(), PairingError> {
    for variant in variants {
        check_pairing(&baseline.scenario, &variant.scenario).map_err(|mismatch| PairingError {
            baseline_file: baseline.label.file.clone(),
            variant_file: variant.label.file.clone(),
            mismatch,
        })?;
    }
    Ok(())
}

/// The comparison of the sides' results already run — `results` holds the baseline's, then each
/// variant's, in order — and the baseline's result. What a single machine's run and a merge of
/// shards both end with.
///
/// # Panics
///
/// When `results` does not hold one result per side.
pub fn comparison_of(
    baseline: Arm,
    variants: Vec<Arm>,
    results: Vec<ExperimentResult>,
) -> Result<(Comparison, ExperimentResult), PairingError> {
    check_arms(&baseline, &variants)?;
    assert_eq!(results.len(), 1 + variants.len(), "one result per side");
    let mut results = results.into_iter();
    let baseline_result = results.next().expect("the baseline's result");
    let variants = variants
        .into_iter()
        .zip(results)
        .map(|(arm, result)| VariantComparison {
            label: arm.label,
            differences: compare_results(&baseline_result, &result)
                .expect("pairing was checked before running"),
        })
        .collect();
    let comparison = Comparison {
        seed: baseline.scenario.seed,
        replications: baseline.scenario.replications,
        confidence_level: CONFIDENCE_LEVEL,
        baseline: baseline.label,
        variants,
    };
    Ok((comparison, baseline_result))
}

/// Compares the results of a variant with the baseline's, replication by replication: the
/// core of a comparison, for results already run.
pub fn compare_results(
    baseline: &ExperimentResult,
    variant: &ExperimentResult,
) -> Result<Differences, Mismatch> {
    check_pairing(&baseline.scenario, &variant.scenario)?;
    let (b, v) = (&baseline.summary, &variant.summary);
    let (b_runs, v_runs) = (&baseline.replications, &variant.replications);
    Ok(Differences {
        overall: compare_metrics(
            &b.overall,
            &v.overall,
            &scope_values(b_runs, |r| &r.overall),
            &scope_values(v_runs, |r| &r.overall),
        ),
        classes: compare_groups(&b.classes, &v.classes, b_runs, v_runs, |r| &r.classes),
        pools: compare_groups(&b.pools, &v.pools, b_runs, v_runs, |r| &r.pools),
        end_of_day: compare_metrics(
            &b.end_of_day,
            &v.end_of_day,
            &scope_values(b_runs, |r| &r.end_of_day),
            &scope_values(v_runs, |r| &r.end_of_day),
        ),
        intervals: compare_intervals(baseline, variant),
    })
}

/// The report intervals both sides share, after the warm-up: paired interval by interval.
/// Sides with different hours or interval lengths share only the intervals that coincide.
fn compare_intervals(
    baseline: &ExperimentResult,
    variant: &ExperimentResult,
) -> Vec<IntervalComparison> {
    let (b_runs, v_runs) = (&baseline.replications, &variant.replications);
    baseline
        .summary
        .intervals
        .iter()
        .zip(&variant.summary.intervals)
        .enumerate()
        .filter(|(_, (b, v))| (b.start, b.end) == (v.start, v.end) && !b.in_warmup && !v.in_warmup)
        .map(|(index, (b, v))| IntervalComparison {
            start: b.start,
            end: b.end,
            metrics: compare_metrics(
                &b.metrics,
                &v.metrics,
                &scope_values(b_runs, |r| r.intervals[index].as_slice()),
                &scope_values(v_runs, |r| r.intervals[index].as_slice()),
            ),
        })
        .collect()
}

/// Each replication's values of one scope.
fn scope_values<'r>(
    runs: &'r [ReplicationValues],
    scope: impl Fn(&'r ReplicationValues) -> &'r [Option<f64>],
) -> Vec<&'r [Option<f64>]> {
    runs.iter().map(scope).collect()
}

/// The groups (classes or pools) both sides have, matched by name, in the baseline's order.
/// `scope` picks the groups' per-replication values.
fn compare_groups(
    baseline: &[GroupSummary],
    variant: &[GroupSummary],
    b_runs: &[ReplicationValues],
    v_runs: &[ReplicationValues],
    scope: fn(&ReplicationValues) -> &[Vec<Option<f64>>],
) -> Vec<GroupComparison> {
    baseline
        .iter()
        .enumerate()
        .filter_map(|(bi, group)| {
            let vi = variant.iter().position(|other| other.name == group.name)?;
            Some(GroupComparison {
                name: group.name.clone(),
                metrics: compare_metrics(
                    &group.metrics,
                    &variant[vi].metrics,
                    &scope_values(b_runs, |r| scope(r)[bi].as_slice()),
                    &scope_values(v_runs, |r| scope(r)[vi].as_slice()),
                ),
            })
        })
        .collect()
}

/// Every metric of `baseline`'s table against `variant`'s (the same metrics), paired over the
/// replications where both define it. `b_values[r]` and `v_values[r]` are replication r's
/// values, in the tables' metric order.
fn compare_metrics(
    baseline: &MetricTable,
    variant: &MetricTable,
    b_values: &[&[Option<f64>]],
    v_values: &[&[Option<f64>]],
) -> Vec<MetricComparison> {
    baseline
        .metrics
        .iter()
        .enumerate()
        .map(|(index, metric)| {
            let (b, v): (Vec<f64>, Vec<f64>) = b_values
                .iter()
                .zip(v_values)
                .filter_map(|(b, v)| Some((b[index]?, v[index]?)))
                .unzip();
            let difference = stats::paired_difference(&b, &v, CONFIDENCE_LEVEL);
            MetricComparison {
                metric: *metric,
                baseline: baseline.estimates[index],
                variant: variant.estimates[index],
                difference,
                p_value: difference.as_ref().and_then(stats::paired_t_test),
            }
        })
        .collect()
}
