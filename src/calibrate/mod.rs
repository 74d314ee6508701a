//! `ccsim fit`: from a real call log to a runnable, calibrated scenario.
//!
//! A room of its own: it reads call logs ([`log`]), estimates what a scenario needs — arrivals
//! per class and interval, handle times ([`families`]), patience by Kaplan–Meier
//! ([`patience`]), agents per interval from agent activity ([`staffing`]) — and renders the
//! scenario file, its data files, a fit report and the observed metrics
//! ([`output`], [`observed`]) as text for the command line to write. The engine does not know it
//! exists; the scenario it writes is read back by the ordinary scenario loader.

pub mod days;
pub mod error;
pub mod families;
pub mod layout;
pub mod log;
pub mod observed;
pub mod output;
pub mod patience;
pub mod staffing;
pub mod timestamp;

use days::DaySelection;
use error::FitError;
use families::{FamilyFit, fit_families};
use log::{CallLog, ObservedCall, ReadOptions, read_logs};
use patience::{Observation, PatienceFit, WithError, short_abandon_time};
use std::path::Path;

/// Which handle-time distribution the scenario uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HandleChoice {
    /// The observed values, resampled (the default: no shape assumed).
    #[default]
    Empirical,
    /// The best of lognormal, gamma and Weibull by AIC.
    Parametric,
}

/// Everything `ccsim fit` is told.
#[derive(Clone, Debug)]
pub struct FitOptions {
    /// How to read the logs (layout, formats).
    pub read: ReadOptions,
    /// The days whose calls are fitted.
    pub fit_days: DaySelection,
    /// The days to replay (`[[days]]`), if any.
    pub replay: Option<DaySelection>,
    /// Interval length, seconds.
    pub interval: f64,
    /// Opening hours (seconds since midnight), if given; else from the calls.
    pub hours: Option<(f64, f64)>,
    /// Handle-time distribution choice.
    pub handle_time: HandleChoice,
    /// The service-level threshold the observed metrics and the scenario use, seconds.
    pub threshold: f64,
}

/// Arrivals of one class in one interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateEstimate {
    /// Mean calls per hour over the fitted days.
    pub calls_per_hour: f64,
    /// Its Poisson standard error (√count over days, per hour).
    pub se: f64,
}

/// What was fitted for one class.
#[derive(Clone, Debug)]
pub struct ClassFit {
    /// The class's name.
    pub name: String,
    /// Offered calls over the fitted days.
    pub calls: usize,
    /// Arrivals per interval of the typical day.
    pub arrivals: Vec<RateEstimate>,
    /// Handle times (talk, or talk plus wrap-up when the log has no separate wrap-up), sorted.
    pub handle_values: Vec<f64>,
    /// Mean handle time with its standard error.
    pub handle_mean: Option<WithError>,
    /// Parametric fits to the positive handle times, best first.
    pub families: Vec<FamilyFit>,
    /// After-call work values, when the log has them, sorted.
    pub wrap_up_values: Vec<f64>,
    /// Patience observations (queued calls), as written to the data file.
    pub patience_observations: Vec<Observation>,
    /// The Kaplan–Meier fit, if any caller hung up.
    pub patience: Option<PatienceFit>,
    /// The short-abandon time the data show, if any.
    pub short_abandon: Option<f64>,
}

/// One replayed day.
#[derive(Clone, Debug)]
pub struct ReplayDay {
    /// Its label (a date).
    pub label: String,
    /// Arrival times per class, sorted.
    pub arrivals: Vec<Vec<f64>>,
    /// Inferred agents per interval.
    pub agents: Vec<f64>,
}

/// The result of a fit.
#[derive(Clone, Debug)]
pub struct Fit {
    /// The log as read (calls kept, rows excluded by reason).
    pub log: CallLog,
    /// Indices into `log.days` of the fitted days, in date order.
    pub fit_days: Vec<u32>,
    /// Opening time, seconds since midnight.
    pub open: f64,
    /// Interval length, seconds.
    pub interval: f64,
    /// Number of intervals.
    pub intervals: usize,
    /// Per class, in order of first appearance.
    pub classes: Vec<ClassFit>,
    /// Agents per interval of the typical day (mean over the fitted days).
    pub agents: Vec<f64>,
    /// Replayed days, in date order.
    pub replay: Vec<ReplayDay>,
    /// The options used.
    pub options: FitOptions,
}

impl Fit {
    /// Closing time, seconds since midnight.
    pub fn close(&self) -> f64 {
        self.open + self.interval * self.intervals as f64
    }
}

/// Reads the logs and fits everything a scenario needs.
pub fn fit(paths: &[&Path], options: &FitOptions) -> Result<Fit, FitError> {
    let mut read = options.read.clone();
    read.keep = std::iter::once(options.fit_days.clone())
        .chain(options.replay.clone())
        .collect();
    let mut log = read_logs(paths, &read)?;
    if let Some((open, close)) = options.hours {
        let before = log.calls.len();
        log.calls.retain(|c| c.arrival >= open && c.arrival < close);
        let outside = (before - log.calls.len()) as u64;
        if outside > 0 {
            log.excluded.insert(
                "arrived outside the opening hours (--hours)".into(),
                outside,
            );
        }
    }
    let mut order: Vec<u32> = (0..log.days.len() as u32).collect();
    order.sort_by(|a, b| log.days[*a as usize].cmp(&log.days[*b as usize]));
    let fit_days: Vec<u32> = order
        .iter()
        .copied()
        .filter(|d| options.fit_days.contains(&log.days[*d as usize]))
        .collect();
    let in_fit: Vec<bool> = (0..log.days.len())
        .map(|d| fit_days.contains(&(d as u32)))
        .collect();
    if fit_days.is_empty() || !log.calls.iter().any(|c| in_fit[c.day as usize]) {
        return Err(FitError::option(
            "--days",
            options.fit_days.describe(),
            format!(
                "no call of the log falls in the selected days (the log's days: {}); widen --days or --weekdays",
                days_range(&log)
            ),
        ));
    }
    let replay_days: Vec<u32> = match &options.replay {
        Some(selection) => {
            let days: Vec<u32> = order
                .iter()
                .copied()
                .filter(|d| selection.contains(&log.days[*d as usize]))
                .collect();
            if days.is_empty() {
                return Err(FitError::option(
                    "--replay",
                    selection.describe(),
                    format!(
                        "no call of the log falls in the days to replay (the log's days: {})",
                        days_range(&log)
                    ),
                ));
            }
            days
        }
        None => Vec::new(),
    };
    let interval = options.interval;
    let (open, close) = options.hours.unwrap_or_else(|| {
        let (lo, hi) = log
            .calls
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
                (lo.min(c.arrival), hi.max(c.arrival))
            });
        (
            (lo / interval).floor() * interval,
            ((hi / interval).floor() + 1.0) * interval,
        )
    });
    let intervals = ((close - open) / interval).ceil().max(1.0) as usize;
    let n_days = fit_days.len() as f64;
    let hours_per_interval = interval / 3600.0;
    let mut by_class: Vec<Vec<&ObservedCall>> = vec![Vec::new(); log.classes.len()];
    for call in log.calls.iter().filter(|c| in_fit[c.day as usize]) {
        by_class[call.class as usize].push(call);
    }
    let classes = log
        .classes
        .iter()
        .zip(&by_class)
        .map(|(name, calls)| {
            let mut counts = vec![0u64; intervals];
            for call in calls {
                let j = ((call.arrival - open) / interval).floor();
                if j >= 0.0 && (j as usize) < intervals {
                    counts[j as usize] += 1;
                }
            }
            let arrivals = counts
                .iter()
                .map(|n| RateEstimate {
                    calls_per_hour: *n as f64 / n_days / hours_per_interval,
                    se: (*n as f64).sqrt() / n_days / hours_per_interval,
                })
                .collect();
            let separate_wrap = log.has_wrap_up;
            let mut handle_values: Vec<f64> = calls
                .iter()
                .filter_map(|c| {
                    c.talk.map(|t| {
                        if separate_wrap {
                            t
                        } else {
                            t + c.wrap_up.unwrap_or(0.0)
                        }
                    })
                })
                .collect();
            handle_values.sort_by(f64::total_cmp);
            let mut wrap_up_values: Vec<f64> = if separate_wrap {
                calls
                    .iter()
                    .filter(|c| c.talk.is_some())
                    .map(|c| c.wrap_up.unwrap_or(0.0))
                    .collect()
            } else {
                Vec::new()
            };
            wrap_up_values.sort_by(f64::total_cmp);
            let positive: Vec<f64> = handle_values.iter().copied().filter(|v| *v > 0.0).collect();
            let patience_observations: Vec<Observation> = calls
                .iter()
                .filter(|c| c.queued())
                .map(|c| Observation {
                    wait: c.wait,
                    abandoned: c.outcome == crate::model::Outcome::Abandoned,
                })
                .collect();
            ClassFit {
                name: name.clone(),
                calls: calls.len(),
                arrivals,
                handle_mean: mean_with_error(&handle_values),
                families: fit_families(&positive),
                handle_values,
                wrap_up_values,
                patience: PatienceFit::estimate(&patience_observations),
                short_abandon: short_abandon_time(&patience_observations),
                patience_observations,
            }
        })
        .collect();
    let by_agent = log.has_agents;
    let day_agents = |day: u32| {
        let calls: Vec<&ObservedCall> = log.calls.iter().filter(|c| c.day == day).collect();
        staffing::presence(&calls, open, interval, intervals, by_agent)
    };
    let mut agents = vec![0.0; intervals];
    for &day in &fit_days {
        for (total, x) in agents.iter_mut().zip(day_agents(day)) {
            *total += x / n_days;
        }
    }
    let replay = replay_days
        .iter()
        .map(|&day| {
            let mut arrivals = vec![Vec::new(); log.classes.len()];
            for call in log.calls.iter().filter(|c| c.day == day) {
                arrivals[call.class as usize].push(call.arrival);
            }
            for times in &mut arrivals {
                times.sort_by(f64::total_cmp);
            }
            ReplayDay {
                label: log.days[day as usize].label(),
                arrivals,
                agents: day_agents(day),
            }
        })
        .collect();
    Ok(Fit {
        log,
        fit_days,
        open,
        interval,
        intervals,
        classes,
        agents,
        replay,
        options: options.clone(),
    })
}

fn days_range(log: &CallLog) -> String {
    match &log.seen {
        Some((a, b)) => format!("{} to {}", a.label(), b.label()),
        None => "none: the log has no calls".to_string(),
    }
}

/// The sample mean and its standard error.
fn mean_with_error(values: &[f64]) -> Option<WithError> {
    let mut acc = crate::stats::Welford::new();
    for v in values {
        acc.push(*v);
    }
    let mean = acc.mean()?;
    let se = acc
        .std_dev()
        .map(|s| s / (values.len() as f64).sqrt())
        .unwrap_or(0.0);
    Some(WithError { value: mean, se })
}
