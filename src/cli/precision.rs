//! `--precision` on `run` and `staff`: how many replications a question needs, and warnings
//! when the confidence intervals are too wide to tell whether a target is met.

use super::Failure;
use crate::experiment::ExperimentResult;
use crate::experiment::precision::{Batched, Batches, DEFAULT_CAP, width_ratio};
use crate::experiment::staffing::{SearchPrecision, Targets};
use crate::report::clock_time;
use crate::scenario::parse_duration;
use crate::stats::Estimate;
use clap::Args;
use std::ops::Range;

/// The flags that ask for a precision instead of a fixed number of replications.
#[derive(Args, Debug, Default)]
pub struct PrecisionArgs {
    /// Run replications in batches until the 95% confidence interval of the deciding metric
    /// is this narrow (half-width): `1pp` (percentage points) for the service level, `2s` for
    /// the ASA, or `METRIC=WIDTH` with METRIC one of service_level, abandon_rate, asa,
    /// occupancy (`abandon_rate=0.5pp`). Repeat for several metrics.
    #[arg(long, value_name = "[METRIC=]WIDTH", value_parser = parse_precision)]
    precision: Vec<Wanted>,
    /// The most replications `--precision` may run (per scenario; for `staff`, per simulated
    /// day); reaching it before the precision is an error (exit code 1).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CAP,
          value_parser = clap::value_parser!(u32).range(2..))]
    max_replications: u32,
}

/// A metric that a precision can be asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Metric {
    ServiceLevel,
    AbandonRate,
    Occupancy,
    Asa,
}

impl Metric {
    const ALL: [Metric; 4] = [
        Metric::ServiceLevel,
        Metric::AbandonRate,
        Metric::Occupancy,
        Metric::Asa,
    ];

    fn key(self) -> &'static str {
        match self {
            Metric::ServiceLevel => "service_level",
            Metric::AbandonRate => "abandon_rate",
            Metric::Occupancy => "occupancy",
            Metric::Asa => "asa_s",
        }
    }

    /// The name on the command line.
    fn name(self) -> &'static str {
        match self {
            Metric::Asa => "asa",
            other => other.key(),
        }
    }

    fn in_seconds(self) -> bool {
        self == Metric::Asa
    }
}

/// One `--precision` value: a half-width, for one metric or for every metric of its unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Wanted {
    /// The metric named, if any.
    metric: Option<Metric>,
    /// The half-width: a share for `pp`, seconds for a duration.
    half_width: f64,
    /// Whether the width was a duration.
    seconds: bool,
    /// The value as typed, for messages.
    text: String,
}

impl Wanted {
    /// Whether it applies to `metric`: named so, or unnamed and of its unit.
    fn applies_to(&self, metric: Metric) -> bool {
        self.metric
            .map_or(self.seconds == metric.in_seconds(), |m| m == metric)
    }
}

/// `1pp`, `2s`, `abandon_rate=0.5pp`.
fn parse_precision(text: &str) -> Result<Wanted, String> {
    let names = Metric::ALL.map(Metric::name).join(", ");
    let (metric, width) = match text.split_once('=') {
        Some((name, width)) => {
            let name = name.trim();
            let metric = Metric::ALL
                .into_iter()
                .find(|m| m.name() == name || m.key() == name)
                .ok_or_else(|| format!("found metric {name:?}; expected one of {names}"))?;
            (Some(metric), width.trim())
        }
        None => (None, text.trim()),
    };
    if width.parse::<f64>().is_ok() {
        return Err(format!(
            "found {width:?} without a unit; expected percentage points such as 1pp (service \
             level, abandon rate, occupancy) or a duration such as 2s (ASA)"
        ));
    }
    let points = width.strip_suffix("pp").map(|n| n.trim().parse::<f64>());
    let (half_width, seconds) = match points {
        Some(Ok(points)) => (points / 100.0, false),
        Some(Err(_)) => return Err(format!("found {width:?}; expected a number such as 1pp")),
        None => match parse_duration(width) {
            Some(seconds) => (seconds, true),
            None => {
                return Err(format!(
                    "found {width:?}; expected percentage points such as 1pp (service level, \
                     abandon rate, occupancy) or a duration such as 2s (ASA)"
                ));
            }
        },
    };
    if !(half_width > 0.0 && half_width.is_finite()) {
        return Err(format!("found {width:?}; expected a half-width above 0"));
    }
    if let Some(metric) = metric
        && metric.in_seconds() != seconds
    {
        let example = if metric.in_seconds() { "2s" } else { "1pp" };
        return Err(format!(
            "found {width:?} for {}; expected a width in its unit, such as {example}",
            metric.name()
        ));
    }
    Ok(Wanted {
        metric,
        half_width,
        seconds,
        text: text.trim().to_string(),
    })
}

impl PrecisionArgs {
    /// Whether any precision was asked for.
    pub fn asked(&self) -> bool {
        !self.precision.is_empty()
    }

    /// The half-width asked for `metric`: the last one naming it, else the last bare one of
    /// its unit when `bare` applies to it.
    fn of(&self, metric: Metric, bare: bool) -> Option<f64> {
        let named = self
            .precision
            .iter()
            .rev()
            .find(|w| w.metric == Some(metric));
        let unnamed = || {
            (self.precision.iter().rev())
                .find(|w| w.metric.is_none() && w.applies_to(metric))
                .filter(|_| bare)
        };
        named.or_else(unnamed).map(|w| w.half_width)
    }

    /// The precision of a staffing search with `targets`; a precision for a metric that has no
    /// target is refused (exit 2), since it would decide nothing.
    pub fn for_search(&self, targets: &Targets) -> Result<Option<SearchPrecision>, Failure> {
        if !self.asked() {
            return Ok(None);
        }
        let has_target = |metric| match metric {
            Metric::ServiceLevel => true,
            Metric::AbandonRate => targets.max_abandon.is_some(),
            Metric::Occupancy => targets.max_occupancy.is_some(),
            Metric::Asa => targets.max_asa.is_some(),
        };
        for wanted in &self.precision {
            if !Metric::ALL
                .into_iter()
                .any(|m| wanted.applies_to(m) && has_target(m))
            {
                let flag = match wanted.metric {
                    Some(Metric::AbandonRate) => "--max-abandon",
                    Some(Metric::Occupancy) => "--max-occupancy",
                    _ => "--max-asa",
                };
                return Err(Failure::bad_input(format!(
                    "--precision {}: no target of the search is measured in that unit, so the \
                     precision would decide nothing; add a target ({flag}) or drop it",
                    wanted.text
                )));
            }
        }
        let of = |metric| {
            Some(metric)
                .filter(|m| has_target(*m))
                .and_then(|m| self.of(m, true))
        };
        Ok(Some(SearchPrecision {
            service_level: of(Metric::ServiceLevel),
            abandon_rate: of(Metric::AbandonRate),
            occupancy: of(Metric::Occupancy),
            asa: of(Metric::Asa),
            cap: self.max_replications,
        }))
    }

    /// The batches of a run whose scenario has `replications`.
    pub fn batches(&self, replications: u32) -> Batches {
        Batches::new(replications, self.max_replications)
    }

    /// The cap, for the progress bar.
    pub fn cap(&self) -> u32 {
        self.max_replications
    }

    /// The day's metrics a run's precision is asked for, with their half-widths: each metric
    /// named, and the service level (the scenario's target) for a bare `pp`, the ASA for a bare
    /// duration.
    fn for_run(&self) -> Vec<(Metric, f64)> {
        (Metric::ALL.into_iter())
            .filter_map(|m| {
                let bare = matches!(m, Metric::ServiceLevel | Metric::Asa);
                self.of(m, bare).map(|half_width| (m, half_width))
            })
            .collect()
    }

    /// How much wider than asked the widest of the day's deciding intervals is, or `None` when
    /// they are all narrow enough.
    fn run_shortfall(&self, result: &ExperimentResult) -> Option<f64> {
        (self.for_run().into_iter())
            .filter_map(|(metric, half_width)| {
                let estimate = result.summary.overall.get(metric.key())?;
                Some(width_ratio(estimate, half_width))
            })
            .filter(|ratio| *ratio > 1.0)
            .reduce(f64::max)
    }

    /// Runs a scenario in batches until the day's deciding metrics are as precise as asked:
    /// `run(range)` runs the replications of `range`. Reaching the cap first is an error
    /// (exit 1) that says how wide the intervals stayed.
    pub fn run(
        &self,
        file: &str,
        replications: u32,
        run: impl FnMut(Range<u32>) -> ExperimentResult,
    ) -> Result<ExperimentResult, Failure> {
        let Batched {
            result, short_by, ..
        } = crate::experiment::precision::run_in_batches(
            &self.batches(replications),
            run,
            |result| self.run_shortfall(result),
        );
        if short_by.is_none() {
            return Ok(result);
        }
        let wide: Vec<String> = (self.for_run().into_iter())
            .filter_map(|(metric, half_width)| {
                let estimate = result.summary.overall.get(metric.key())?;
                let reached = estimate.half_width()?;
                (reached > half_width).then(|| {
                    format!(
                        "the day's {} is ±{} where ±{} was asked",
                        metric.name().replace('_', " "),
                        show(metric, reached),
                        show(metric, half_width)
                    )
                })
            })
            .collect();
        Err(Failure::failed(format!(
            "{file}: --precision not reached within --max-replications {}: {}; raise \
             --max-replications, or ask for a coarser --precision",
            self.max_replications,
            wide.join(", ")
        )))
    }
}

/// A half-width or value in the metric's unit.
fn show(metric: Metric, value: f64) -> String {
    if metric.in_seconds() {
        format!("{value:.2} s")
    } else {
        format!("{:.2} pp", value * 100.0)
    }
}

/// A share's estimate as `81.2% [79.0%, 83.4%]`.
fn show_share(estimate: &Estimate) -> String {
    let percent = |v: f64| format!("{:.1}%", v * 100.0);
    format!(
        "{} [{}, {}]",
        percent(estimate.mean),
        percent(estimate.ci_low.unwrap_or(estimate.mean)),
        percent(estimate.ci_high.unwrap_or(estimate.mean))
    )
}

/// Whether an estimate's interval straddles `bound`: on both sides of it, so the replications
/// cannot tell whether the target is met.
fn straddles(estimate: &Estimate, bound: f64) -> bool {
    matches!((estimate.ci_low, estimate.ci_high), (Some(low), Some(high)) if low < bound && bound < high)
}

/// Warnings for a run whose day's service level, or some intervals' service levels, have a
/// confidence interval on both sides of the scenario's target.
pub fn run_warnings(result: &ExperimentResult, file: &str) -> Vec<String> {
    let target = result.scenario.service_level.target;
    let mut warnings = Vec::new();
    if let Some(day) = result.summary.overall.get("service_level")
        && straddles(day, target)
    {
        warnings.push(format!(
            "{file}: the day's service level {} straddles the {:.1}% target: too wide to tell \
             whether the target is met; narrow it with --precision (such as --precision 0.5pp)",
            show_share(day),
            target * 100.0
        ));
    }
    let close: Vec<String> = (result.summary.intervals.iter())
        .filter(|i| !i.in_warmup)
        .filter(|i| (i.metrics.get("service_level")).is_some_and(|e| straddles(e, target)))
        .map(|i| clock_time(i.start))
        .collect();
    if !close.is_empty() {
        warnings.push(format!(
            "{file}: the service level's confidence interval straddles the {:.1}% target in {} \
             interval{} ({}): too wide to tell whether they meet it",
            target * 100.0,
            close.len(),
            super::run::plural(close.len()),
            close.join(", ")
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precisions_are_points_or_durations_for_a_metric() {
        let p = parse_precision("1pp").unwrap();
        assert_eq!((p.metric, p.half_width, p.seconds), (None, 0.01, false));
        let p = parse_precision("2s").unwrap();
        assert_eq!((p.metric, p.half_width, p.seconds), (None, 2.0, true));
        let p = parse_precision("abandon_rate=0.5pp").unwrap();
        assert_eq!(p.metric, Some(Metric::AbandonRate));
        assert!((p.half_width - 0.005).abs() < 1e-15);
        assert!(
            parse_precision("asa=1pp")
                .unwrap_err()
                .contains("such as 2s")
        );
        assert!(
            parse_precision("1")
                .unwrap_err()
                .contains("percentage points")
        );
        assert!(parse_precision("0pp").unwrap_err().contains("above 0"));
        assert!(
            parse_precision("wait=2s")
                .unwrap_err()
                .contains("expected one of")
        );
    }

    fn args(values: &[&str]) -> PrecisionArgs {
        PrecisionArgs {
            precision: values.iter().map(|v| parse_precision(v).unwrap()).collect(),
            max_replications: 500,
        }
    }

    #[test]
    fn a_search_takes_each_precision_for_the_targets_of_its_unit() {
        let targets = Targets {
            service_level: 0.8,
            max_abandon: Some(0.05),
            max_occupancy: None,
            max_asa: Some(30.0),
        };
        let search = args(&["1pp", "asa=2s"])
            .for_search(&targets)
            .unwrap()
            .unwrap();
        assert_eq!(search.service_level, Some(0.01));
        assert_eq!(search.abandon_rate, Some(0.01));
        assert_eq!(search.occupancy, None);
        assert_eq!(search.asa, Some(2.0));
        assert_eq!(search.cap, 500);
        let no_asa = Targets {
            max_asa: None,
            ..targets
        };
        let error = args(&["2s"]).for_search(&no_asa).unwrap_err();
        assert_eq!(error.code, 2);
        assert!(error.message.contains("--max-asa"), "{}", error.message);
        assert_eq!(args(&[]).for_search(&targets).unwrap(), None);
    }

    #[test]
    fn a_run_decides_on_the_day_s_service_level_unless_told() {
        assert_eq!(args(&["1pp"]).for_run(), vec![(Metric::ServiceLevel, 0.01)]);
        assert_eq!(args(&["2s"]).for_run(), vec![(Metric::Asa, 2.0)]);
        let both = args(&["abandon_rate=0.5pp", "1pp"]).for_run();
        assert_eq!(
            both,
            vec![(Metric::ServiceLevel, 0.01), (Metric::AbandonRate, 0.005)]
        );
    }
}
