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

fn positive(x: f64, what: &str) -> Result<(), DistError> {
    require(
        x.is_finite() && x > 0.0,
        &format!("{what} must be a positive, finite duration"),
    )
}

fn non_negative(x: f64, what: &str) -> Result<(), DistError> {
    require(
        x.is_finite() && x >= 0.0,
        &format!("{what} must be zero or more"),
    )
}

impl Distribution {
    /// Exponential with mean `mean` seconds.
    pub fn exponential(mean: f64) -> Result<Self, DistError> {
        positive(mean, "mean")?;
        Ok(Distribution::Exponential { mean })
    }

    /// The constant `value` seconds.
    pub fn deterministic(value: f64) -> Result<Self, DistError> {
        non_negative(value, "value")?;
        Ok(Distribution::Deterministic { value })
    }

    /// Uniform between `min` and `max` seconds.
    pub fn uniform(min: f64, max: f64) -> Result<Self, DistError> {
        non_negative(min, "min")?;
        require(max.is_finite() && max > min, "max must be greater than min")?;
        Ok(Distribution::Uniform { min, max })
    }

    /// Lognormal with the given mean and standard deviation, in seconds.
    pub fn lognormal(mean: f64, sd: f64) -> Result<Self, DistError> {
        positive(mean, "mean")?;
        positive(sd, "standard deviation")?;
        Ok(Distribution::LogNormal { mean, sd })
    }

    /// Gamma with the given mean and standard deviation, in seconds.
    pub fn gamma(mean: f64, sd: f64) -> Result<Self, DistError> {
        positive(mean, "mean")?;
        positive(sd, "standard deviation")?;
        Ok(Distribution::Gamma { mean, sd })
    }

    /// Weibull with shape `shape` and scale `scale` seconds.
    pub fn weibull(shape: f64, scale: f64) -> Result<Self, DistError> {
        require(
            shape.is_finite() && shape > 0.0,
            "shape must be a positive number",
        )?;
        positive(scale, "scale")?;
        Ok(Distribution::Weibull { shape, scale })
    }

    /// Weibull with shape `shape` whose mean is `mean` seconds.
    pub fn weibull_with_mean(shape: f64, mean: f64) -> Result<Self, DistError> {
        require(
            shape.is_finite() && shape > 0.0,
            "shape must be a positive number",
        )?;
        positive(mean, "mean")?;
        let scale = mean / ln_gamma(1.0 + 1.0 / shape).exp();
        Self::weibull(shape, scale)
    }

    /// Erlang-`k` with mean `mean` seconds.
    pub fn erlang(k: u32, mean: f64) -> Result<Self, DistError> {
        require(k >= 1, "k (the number of phases) must be at least 1")?;
        positive(mean, "mean")?;
        Ok(Distribution::Erlang { k, mean })
    }

    /// Resampling from `values` (seconds).
    pub fn empirical(values: Vec<f64>) -> Result<Self, DistError> {
        require(!values.is_empty(), "values must list at least one duration")?;
        require(
            values.iter().all(|v| v.is_finite() && *v >= 0.0),
            "every value must be a duration of zero or more",
        )?;
        Ok(Distribution::Empirical { values })
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
        SurvivalCurve::new(times, censored, tail_mean)
            .map(|curve| Distribution::KaplanMeier(Arc::new(curve)))
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
    pub fn sampler(&self) -> Sampler {
        let kind = match self {
            Distribution::Exponential { mean } => SamplerKind::Exponential(exp_with_mean(*mean)),
            Distribution::Deterministic { value } => SamplerKind::Constant(*value),
            Distribution::Uniform { min, max } => SamplerKind::Uniform {
                min: *min,
                width: max - min,
            },
            Distribution::LogNormal { mean, sd } => SamplerKind::LogNormal(
                rand_distr::LogNormal::from_mean_cv(*mean, sd / mean)
                    .expect("validated parameters"),
            ),
            Distribution::Gamma { mean, sd } => SamplerKind::Gamma(
                rand_distr::Gamma::new((mean / sd).powi(2), sd * sd / mean)
                    .expect("validated parameters"),
            ),
            Distribution::Weibull { shape, scale } => SamplerKind::Weibull(
                rand_distr::Weibull::new(*scale, *shape).expect("validated parameters"),
            ),
            Distribution::Erlang { k, mean } => SamplerKind::Gamma(
                rand_distr::Gamma::new(f64::from(*k), mean / f64::from(*k))
                    .expect("validated parameters"),
            ),
            Distribution::Empirical { values } => SamplerKind::Empirical(values.clone()),
            Distribution::KaplanMeier(curve) => SamplerKind::KaplanMeier(Arc::clone(curve)),
        };
        Sampler { kind }
    }
}

fn exp_with_mean(mean: f64) -> rand_distr::Exp<f64> {
    rand_distr::Exp::new(1.0 / mean).expect("validated mean")
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
}
