//! Probability distributions for handle times, patience and failure times, and the arrival process.
//!
//! Users think in means, so every family that allows it is parametrised by its mean (and a spread);
//! [`Distribution`] keeps those parameters for reports, and [`Sampler`] holds the prepared
//! `rand_distr` objects so the hot path only draws.

mod arrivals;
mod special;
mod survival;

pub use arrivals::PiecewisePoisson;
pub use special::ln_gamma;
pub use survival::SurvivalCurve;

use rand::RngExt;
use rand_distr::Distribution as _;
use std::fmt;
use std::sync::Arc;

/// A validated distribution of a non-negative duration, in seconds.
#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    /// Exponential with the given mean.
    Exponential {
        /// Mean, seconds.
        mean: f64,
    },
    /// Always the same value.
    Deterministic {
        /// The value, seconds.
        value: f64,
    },
    /// Uniform on `[min, max)`.
    Uniform {
        /// Lower bound, seconds.
        min: f64,
        /// Upper bound, seconds.
        max: f64,
    },
    /// Lognormal with the given mean and standard deviation (of the duration itself, not its log).
    LogNormal {
        /// Mean, seconds.
        mean: f64,
        /// Standard deviation, seconds.
        sd: f64,
    },
    /// Gamma with the given mean and standard deviation.
    Gamma {
        /// Mean, seconds.
        mean: f64,
        /// Standard deviation, seconds.
        sd: f64,
    },
    /// Weibull with the given shape and scale.
    Weibull {
        /// Shape parameter k (k < 1: decreasing hazard, k > 1: increasing).
        shape: f64,
        /// Scale parameter λ, seconds.
        scale: f64,
    },
    /// Erlang: the sum of `k` exponential phases, with the given overall mean.
    Erlang {
        /// Number of phases.
        k: u32,
        /// Mean, seconds.
        mean: f64,
    },
    /// Resampling from a list of observed values, each equally likely.
    Empirical {
        /// The observed values, seconds.
        values: Vec<f64>,
    },
    /// The Kaplan–Meier estimate from censored observations (patience hidden by answered
    /// calls), with an exponential tail beyond a censored largest observation.
    KaplanMeier(Arc<SurvivalCurve>),
}

/// Why distribution parameters were refused; the message says what a valid value looks like.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct DistError(pub String);

fn require(ok: bool, message: &str) -> Result<(), DistError> {
    if ok {
        Ok(())
    } else {
        Err(DistError(message.to_string()))
    }
}

/// The longest duration any distribution parameter may have: one year (8760 hours). Far beyond
/// any handle time, patience or delay a centre sees, and small enough that, with the spread and
/// shape bounds below, the largest value a sampler can draw stays a finite event time.
pub const LONGEST_DURATION: f64 = 8760.0 * 3600.0;

/// The coefficients of variation (sd / mean) a lognormal or gamma may have. Below 0.001 the
/// gamma's shape 1/cv² leaves what `rand_distr` can represent; above 100 the lognormal is a
/// spike at zero with a tail no centre has.
pub const CV_RANGE: std::ops::RangeInclusive<f64> = 0.001..=100.0;

/// The Weibull shapes allowed. The largest draw is scale · E^(1/shape), E an exponential variate
/// (at most about 45 with 53-bit uniforms): a shape of 0.1 keeps it below 10^17 scales, while
/// 0.001 overflowed to infinity.
pub const SHAPE_RANGE: std::ops::RangeInclusive<f64> = 0.1..=100.0;

fn positive(x: f64, what: &str) -> Result<(), DistError> {
    require(
        x.is_finite() && x > 0.0 && x <= LONGEST_DURATION,
        &format!("{what} must be a positive duration up to 8760h (one year)"),
    )
}

fn non_negative(x: f64, what: &str) -> Result<(), DistError> {
    require(
        x.is_finite() && (0.0..=LONGEST_DURATION).contains(&x),
        &format!("{what} must be a duration from zero up to 8760h (one year)"),
    )
}

/// Refuses a spread outside [`CV_RANGE`], relative to `mean`.
fn spread_in_range(mean: f64, sd: f64) -> Result<(), DistError> {
    require(
        sd.is_finite() && CV_RANGE.contains(&(sd / mean)),
        "the coefficient of variation (sd / mean) must be from 0.001 to 100",
    )
}

/// Refuses a Weibull shape outside [`SHAPE_RANGE`].
fn shape_in_range(shape: f64) -> Result<(), DistError> {
    require(
        SHAPE_RANGE.contains(&shape),
        "shape must be a number from 0.1 to 100",
    )
}

impl Distribution {
    /// Exponential with mean `mean` seconds.
    pub fn exponential(mean: f64) -> Result<Self, DistError> {
        positive(mean, "mean")?;
        Distribution::Exponential { mean }.checked()
    }

    /// The constant `value` seconds.
    pub fn deterministic(value: f64) -> Result<Self, DistError> {
        non_negative(value, "value")?;
        Distribution::Deterministic { value }.checked()
    }

    /// Uniform between `min` and `max` seconds.
    pub fn uniform(min: f64, max: f64) -> Result<Self, DistError> {
        non_negative(min, "min")?;
        non_negative(max, "max")?;
        require(max > min, "max must be greater than min")?;
        Distribution::Uniform { min, max }.checked()
    }

    /// Lognormal with the given mean and standard deviation, in seconds.
    pub fn lognormal(mean: f64, sd: f64) -> Result<Self, DistError> {
        positive(mean, "mean")?;
        spread_in_range(mean, sd)?;
        Distribution::LogNormal { mean, sd }.checked()
    }

    /// Gamma with the given mean and standard deviation, in seconds.
    pub fn gamma(mean: f64, sd: f64) -> Result<Self, DistError> {
        positive(mean, "mean")?;
        spread_in_range(mean, sd)?;
        Distribution::Gamma { mean, sd }.checked()
    }

    /// Weibull with shape `shape` and scale `scale` seconds.
    pub fn weibull(shape: f64, scale: f64) -> Result<Self, DistError> {
        shape_in_range(shape)?;
        positive(scale, "scale")?;
        Distribution::Weibull { shape, scale }.checked()
    }

    /// Weibull with shape `shape` whose mean is `mean` seconds.
    pub fn weibull_with_mean(shape: f64, mean: f64) -> Result<Self, DistError> {
        shape_in_range(shape)?;
        positive(mean, "mean")?;
        let scale = mean / ln_gamma(1.0 + 1.0 / shape).exp();
        Self::weibull(shape, scale)
    }

    /// Erlang-`k` with mean `mean` seconds.
    pub fn erlang(k: u32, mean: f64) -> Result<Self, DistError> {
        require(k >= 1, "k (the number of phases) must be at least 1")?;
        positive(mean, "mean")?;
        Distribution::Erlang { k, mean }.checked()
    }

    /// Resampling from `values` (seconds).
    pub fn empirical(values: Vec<f64>) -> Result<Self, DistError> {
        require(!values.is_empty(), "values must list at least one duration")?;
        require(
            values
                .iter()
                .all(|v| v.is_finite() && (0.0..=LONGEST_DURATION).contains(v)),
            "every value must be a duration from zero up to 8760h (one year)",
        )?;
        Distribution::Empirical { values }.checked()
    }

    /// The Kaplan–Meier estimate from `times` (seconds), each observation censored (a lower
    /// bound: the caller was still willing to wait) where `censored` says so. `tail_mean` is the
    /// mean of the exponential tail beyond a censored largest observation; `None` takes the
    /// censored exponential estimate (see [`SurvivalCurve`]).
    pub fn kaplan_meier(
        times: Vec<f64>,
        censored: Vec<bool>,
        tail_mean: Option<f64>,
    ) -> Result<Self, DistError> {
        require(
            times
                .iter()
                .all(|t| t.is_finite() && (0.0..=LONGEST_DURATION).contains(t)),
            "every value must be a duration from zero up to 8760h (one year)",
        )?;
        if let Some(mean) = tail_mean {
            positive(mean, "tail_mean")?;
        }
        Distribution::KaplanMeier(Arc::new(SurvivalCurve::new(times, censored, tail_mean)?))
            .checked()
    }

    /// The distribution, once the engine's own sampler has been built from it: what validates
    /// is exactly what runs.
    fn checked(self) -> Result<Self, DistError> {
        Sampler::new(&self)?;
        Ok(self)
    }

    /// The mean, in seconds.
    pub fn mean(&self) -> f64 {
        match self {
            Distribution::Exponential { mean }
            | Distribution::LogNormal { mean, .. }
            | Distribution::Gamma { mean, .. }
            | Distribution::Erlang { mean, .. } => *mean,
            Distribution::Deterministic { value } => *value,
            Distribution::Uniform { min, max } => (min + max) / 2.0,
            Distribution::Weibull { shape, scale } => scale * ln_gamma(1.0 + 1.0 / shape).exp(),
            Distribution::Empirical { values } => values.iter().sum::<f64>() / values.len() as f64,
            Distribution::KaplanMeier(curve) => curve.mean(),
        }
    }

    /// The same family with every duration multiplied by `factor`: the mean is multiplied by
    /// `factor` and the coefficient of variation (the shape) is kept. Used to give a handle time
    /// a forecast's AHT.
    pub fn scaled(&self, factor: f64) -> Result<Self, DistError> {
        require(
            factor.is_finite() && factor > 0.0,
            "the scaling factor must be a positive number",
        )?;
        match self {
            Distribution::Exponential { mean } => Self::exponential(mean * factor),
            Distribution::Deterministic { value } => Self::deterministic(value * factor),
            Distribution::Uniform { min, max } => Self::uniform(min * factor, max * factor),
            Distribution::LogNormal { mean, sd } => Self::lognormal(mean * factor, sd * factor),
            Distribution::Gamma { mean, sd } => Self::gamma(mean * factor, sd * factor),
            Distribution::Weibull { shape, scale } => Self::weibull(*shape, scale * factor),
            Distribution::Erlang { k, mean } => Self::erlang(*k, mean * factor),
            Distribution::Empirical { values } => {
                Self::empirical(values.iter().map(|v| v * factor).collect())
            }
            Distribution::KaplanMeier(curve) => Self::kaplan_meier(
                curve.times().iter().map(|t| t * factor).collect(),
                curve.censored().to_vec(),
                curve.given_tail_mean().map(|mean| mean * factor),
            ),
        }
    }

    /// Prepares the distribution for fast sampling.
    ///
    /// # Panics
    ///
    /// Never for a distribution made by the constructors above: each of them built this same
    /// sampler with [`Sampler::new`] (which is deterministic) before returning. A value written
    /// directly from the enum's variants skips that check; build those with [`Sampler::new`].
    pub fn sampler(&self) -> Sampler {
        Sampler::new(self).expect("the constructors built this sampler before returning")
    }
}

impl fmt::Display for Distribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Distribution::Exponential { mean } => write!(f, "exponential(mean {mean} s)"),
            Distribution::Deterministic { value } => write!(f, "deterministic({value} s)"),
            Distribution::Uniform { min, max } => write!(f, "uniform({min} s to {max} s)"),
            Distribution::LogNormal { mean, sd } => {
                write!(f, "lognormal(mean {mean} s, sd {sd} s)")
            }
            Distribution::Gamma { mean, sd } => write!(f, "gamma(mean {mean} s, sd {sd} s)"),
            Distribution::Weibull { shape, scale } => {
                write!(f, "weibull(shape {shape}, scale {scale} s)")
            }
            Distribution::Erlang { k, mean } => write!(f, "erlang(k {k}, mean {mean} s)"),
            Distribution::Empirical { values } => write!(f, "empirical({} values)", values.len()),
            Distribution::KaplanMeier(curve) => write!(
                f,
                "kaplan_meier({} observations, {} censored, mean {} s)",
                curve.times().len(),
                curve.censored().iter().filter(|c| **c).count(),
                curve.mean()
            ),
        }
    }
}

/// A distribution prepared for sampling.
#[derive(Clone, Debug)]
pub struct Sampler {
    kind: SamplerKind,
}

#[derive(Clone, Debug)]
enum SamplerKind {
    Exponential(rand_distr::Exp<f64>),
    Constant(f64),
    Uniform { min: f64, width: f64 },
    LogNormal(rand_distr::LogNormal<f64>),
    Gamma(rand_distr::Gamma<f64>),
    Weibull(rand_distr::Weibull<f64>),
    Empirical(Vec<f64>),
    KaplanMeier(Arc<SurvivalCurve>),
}

impl Sampler {
    /// Prepares `distribution` for sampling, or says why `rand_distr` refuses its parameters.
    /// The same function serves validation (every constructor of [`Distribution`] calls it) and
    /// the engine, so a scenario that validates builds the samplers it runs with.
    pub fn new(distribution: &Distribution) -> Result<Sampler, DistError> {
        let refused = |error: &dyn fmt::Display| {
            DistError(format!("the parameters cannot be sampled ({error})"))
        };
        let kind = match distribution {
            Distribution::Exponential { mean } => {
                SamplerKind::Exponential(rand_distr::Exp::new(1.0 / mean).map_err(|e| refused(&e))?)
            }
            Distribution::Deterministic { value } => SamplerKind::Constant(*value),
            Distribution::Uniform { min, max } => SamplerKind::Uniform {
                min: *min,
                width: max - min,
            },
            Distribution::LogNormal { mean, sd } => SamplerKind::LogNormal(
                rand_distr::LogNormal::from_mean_cv(*mean, sd / mean).map_err(|e| refused(&e))?,
            ),
            Distribution::Gamma { mean, sd } => SamplerKind::Gamma(
                rand_distr::Gamma::new((mean / sd).powi(2), sd * sd / mean)
                    .map_err(|e| refused(&e))?,
            ),
            Distribution::Weibull { shape, scale } => SamplerKind::Weibull(
                rand_distr::Weibull::new(*scale, *shape).map_err(|e| refused(&e))?,
            ),
            Distribution::Erlang { k, mean } => SamplerKind::Gamma(
                rand_distr::Gamma::new(f64::from(*k), mean / f64::from(*k))
                    .map_err(|e| refused(&e))?,
            ),
            Distribution::Empirical { values } => SamplerKind::Empirical(values.clone()),
            Distribution::KaplanMeier(curve) => SamplerKind::KaplanMeier(Arc::clone(curve)),
        };
        Ok(Sampler { kind })
    }

    /// Draws one duration, in seconds.
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match &self.kind {
            SamplerKind::Exponential(d) => d.sample(rng),
            SamplerKind::Constant(v) => *v,
            SamplerKind::Uniform { min, width } => min + width * rng.random::<f64>(),
            SamplerKind::LogNormal(d) => d.sample(rng),
            SamplerKind::Gamma(d) => d.sample(rng),
            SamplerKind::Weibull(d) => d.sample(rng),
            SamplerKind::Empirical(values) => values[rng.random_range(0..values.len())],
            SamplerKind::KaplanMeier(curve) => curve.inverse(1.0 - rng.random::<f64>()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::rng::stream;

    fn sample_mean_and_sd(d: &Distribution, n: usize) -> (f64, f64) {
        let sampler = d.sampler();
        let mut rng = stream(7, 0, 0);
        let xs: Vec<f64> = (0..n).map(|_| sampler.sample(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        (mean, var.sqrt())
    }

    /// Each family's sample mean is within 4 standard errors of the mean it was given.
    #[test]
    fn sample_means_match_parameters() {
        let n = 200_000;
        let cases = [
            Distribution::exponential(240.0).unwrap(),
            Distribution::uniform(10.0, 50.0).unwrap(),
            Distribution::lognormal(240.0, 150.0).unwrap(),
            Distribution::gamma(240.0, 100.0).unwrap(),
            Distribution::weibull_with_mean(0.7, 180.0).unwrap(),
            Distribution::erlang(3, 200.0).unwrap(),
            Distribution::empirical(vec![10.0, 20.0, 60.0]).unwrap(),
        ];
        for d in &cases {
            let (mean, sd) = sample_mean_and_sd(d, n);
            let se = sd / (n as f64).sqrt();
            assert!(
                (mean - d.mean()).abs() <= 4.0 * se,
                "{d}: sample mean {mean} vs {}",
                d.mean()
            );
        }
    }

    #[test]
    fn spreads_match_parameters() {
        let (_, sd) = sample_mean_and_sd(&Distribution::lognormal(240.0, 150.0).unwrap(), 200_000);
        assert!((sd - 150.0).abs() < 5.0, "lognormal sd {sd}");
        let (_, sd) = sample_mean_and_sd(&Distribution::erlang(4, 200.0).unwrap(), 200_000);
        assert!((sd - 100.0).abs() < 2.0, "erlang-4 sd {sd}");
    }

    #[test]
    fn deterministic_is_constant() {
        let d = Distribution::deterministic(30.0).unwrap();
        assert_eq!(sample_mean_and_sd(&d, 10), (30.0, 0.0));
    }

    #[test]
    fn refuses_bad_parameters() {
        assert!(Distribution::exponential(0.0).is_err());
        assert!(Distribution::exponential(f64::NAN).is_err());
        assert!(Distribution::uniform(5.0, 5.0).is_err());
        assert!(Distribution::erlang(0, 5.0).is_err());
        assert!(Distribution::empirical(vec![]).is_err());
        assert!(Distribution::empirical(vec![1.0, -1.0]).is_err());
        assert!(Distribution::weibull(-1.0, 3.0).is_err());
    }

    /// The values that panicked the engine once are refused where the distribution is built.
    #[test]
    fn refuses_parameters_whose_draws_would_not_be_finite() {
        assert!(Distribution::exponential(1e308).is_err());
        assert!(Distribution::uniform(0.0, 1e308).is_err());
        assert!(Distribution::deterministic(1e308).is_err());
        assert!(Distribution::empirical(vec![1.0, 1e308]).is_err());
        assert!(Distribution::weibull(0.001, 180.0).is_err());
        assert!(Distribution::gamma(180.0, 180.0 * 1e-200).is_err());
        assert!(Distribution::lognormal(180.0, 1e300).is_err());
        assert!(Distribution::kaplan_meier(vec![1.0, 1e300], vec![false, false], None).is_err());
        assert!(Distribution::exponential(LONGEST_DURATION).is_ok());
    }

    /// At the edges of the allowed parameters every draw is still a finite duration of zero or
    /// more, so every event time derived from one is finite.
    #[test]
    fn draws_at_the_bounds_are_finite() {
        let (cv_low, cv_high) = (*CV_RANGE.start(), *CV_RANGE.end());
        let extremes = [
            Distribution::weibull(*SHAPE_RANGE.start(), LONGEST_DURATION).unwrap(),
            Distribution::weibull(*SHAPE_RANGE.end(), LONGEST_DURATION).unwrap(),
            Distribution::weibull_with_mean(*SHAPE_RANGE.start(), 0.001).unwrap(),
            Distribution::lognormal(LONGEST_DURATION, cv_high * LONGEST_DURATION).unwrap(),
            Distribution::lognormal(0.001, cv_low * 0.001).unwrap(),
            Distribution::gamma(LONGEST_DURATION, cv_high * LONGEST_DURATION).unwrap(),
            Distribution::gamma(LONGEST_DURATION, cv_low * LONGEST_DURATION).unwrap(),
            Distribution::exponential(LONGEST_DURATION).unwrap(),
            Distribution::uniform(0.0, LONGEST_DURATION).unwrap(),
        ];
        let mut rng = stream(3, 0, 0);
        for d in &extremes {
            let sampler = d.sampler();
            for _ in 0..100_000 {
                let x = sampler.sample(&mut rng);
                assert!(x.is_finite() && x >= 0.0, "{d} drew {x}");
            }
        }
    }
}
