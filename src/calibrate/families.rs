//! Handle-time families fitted by maximum likelihood — lognormal, gamma and Weibull — with the
//! criterion that ranks them (AIC; all three have two parameters, so it ranks them as the
//! log-likelihood does) and a goodness-of-fit figure (the Kolmogorov–Smirnov distance).

use crate::dist::ln_gamma;

/// A fitted two-parameter family.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Family {
    /// ln X ~ Normal(mu, sigma²).
    Lognormal {
        /// Mean of ln X.
        mu: f64,
        /// Standard deviation of ln X.
        sigma: f64,
    },
    /// Gamma with shape `k` and scale `theta`.
    Gamma {
        /// Shape.
        k: f64,
        /// Scale, seconds.
        theta: f64,
    },
    /// Weibull with shape `k` and scale `lambda`.
    Weibull {
        /// Shape.
        k: f64,
        /// Scale, seconds.
        lambda: f64,
    },
}

impl Family {
    /// The family's name as the scenario file spells it.
    pub fn name(&self) -> &'static str {
        match self {
            Family::Lognormal { .. } => "lognormal",
            Family::Gamma { .. } => "gamma",
            Family::Weibull { .. } => "weibull",
        }
    }

    /// The mean, seconds.
    pub fn mean(&self) -> f64 {
        match *self {
            Family::Lognormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Family::Gamma { k, theta } => k * theta,
            Family::Weibull { k, lambda } => lambda * ln_gamma(1.0 + 1.0 / k).exp(),
        }
    }

    /// The coefficient of variation.
    pub fn cv(&self) -> f64 {
        match *self {
            Family::Lognormal { sigma, .. } => ((sigma * sigma).exp() - 1.0).sqrt(),
            Family::Gamma { k, .. } => 1.0 / k.sqrt(),
            Family::Weibull { k, .. } => {
                let g1 = ln_gamma(1.0 + 1.0 / k).exp();
                let g2 = ln_gamma(1.0 + 2.0 / k).exp();
                (g2 / (g1 * g1) - 1.0).max(0.0).sqrt()
            }
        }
    }

    /// The cumulative distribution function.
    pub fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        match *self {
            Family::Lognormal { mu, sigma } => {
                0.5 * erfc(-(x.ln() - mu) / (sigma * std::f64::consts::SQRT_2))
            }
            Family::Gamma { k, theta } => regularized_gamma_p(k, x / theta),
            Family::Weibull { k, lambda } => 1.0 - (-(x / lambda).powf(k)).exp(),
        }
    }

    /// The log density.
    fn ln_pdf(&self, x: f64) -> f64 {
        match *self {
            Family::Lognormal { mu, sigma } => {
                let z = (x.ln() - mu) / sigma;
                -x.ln() - sigma.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln() - 0.5 * z * z
            }
            Family::Gamma { k, theta } => {
                (k - 1.0) * x.ln() - x / theta - k * theta.ln() - ln_gamma(k)
            }
            Family::Weibull { k, lambda } => {
                k.ln() - lambda.ln() + (k - 1.0) * (x / lambda).ln() - (x / lambda).powf(k)
            }
        }
    }

    /// The scenario-file table of this family: `{ distribution = "...", ... }`.
    pub fn toml(&self) -> String {
        match *self {
            Family::Lognormal { .. } | Family::Gamma { .. } => format!(
                "{{ distribution = \"{}\", mean = \"{}s\", cv = {} }}",
                self.name(),
                round(self.mean(), 3),
                round(self.cv(), 4)
            ),
            Family::Weibull { k, lambda } => format!(
                "{{ distribution = \"weibull\", shape = {}, scale = \"{}s\" }}",
                round(k, 4),
                round(lambda, 3)
            ),
        }
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// One family's fit to a sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FamilyFit {
    /// The fitted family.
    pub family: Family,
    /// The maximised log-likelihood.
    pub log_likelihood: f64,
    /// Akaike's information criterion, 2·2 − 2·log-likelihood: lower is better.
    pub aic: f64,
    /// The Kolmogorov–Smirnov distance between the sample and the fitted distribution.
    pub ks_distance: f64,
    /// The KS test's asymptotic p-value (conservative: the parameters come from the same sample).
    pub ks_p_value: f64,
}

/// Fits the three families to `sorted`, positive values in increasing order, best (lowest AIC)
/// first. Fewer than two distinct values fit nothing.
pub fn fit_families(sorted: &[f64]) -> Vec<FamilyFit> {
    let n = sorted.len();
    if n < 2 || sorted[0] == sorted[n - 1] || sorted[0] <= 0.0 {
        return Vec::new();
    }
    let nf = n as f64;
    let mean = sorted.iter().sum::<f64>() / nf;
    let mean_ln = sorted.iter().map(|x| x.ln()).sum::<f64>() / nf;
    let var_ln = sorted
        .iter()
        .map(|x| (x.ln() - mean_ln).powi(2))
        .sum::<f64>()
        / nf;
    let lognormal = Family::Lognormal {
        mu: mean_ln,
        sigma: var_ln.sqrt(),
    };
    let gamma = fit_gamma(mean, mean_ln);
    let weibull = fit_weibull(sorted, mean, mean_ln);
    let mut fits: Vec<FamilyFit> = [lognormal, gamma, weibull]
        .into_iter()
        .filter(|f| f.mean().is_finite())
        .map(|family| {
            let log_likelihood: f64 = sorted.iter().map(|x| family.ln_pdf(*x)).sum();
            let ks_distance = ks_distance(sorted, &family);
            FamilyFit {
                family,
                log_likelihood,
                aic: 4.0 - 2.0 * log_likelihood,
                ks_distance,
                ks_p_value: kolmogorov_p_value(ks_distance, n),
            }
        })
        .collect();
    fits.sort_by(|a, b| a.aic.total_cmp(&b.aic));
    fits
}

/// Gamma MLE: the shape solves ln k − ψ(k) = ln(mean) − mean(ln x) (Newton from Minka's start).
fn fit_gamma(mean: f64, mean_ln: f64) -> Family {
    let s = (mean.ln() - mean_ln).max(1e-12);
    let mut k = (3.0 - s + ((s - 3.0).powi(2) + 24.0 * s).sqrt()) / (12.0 * s);
    for _ in 0..50 {
        let step = (k.ln() - digamma(k) - s) / (1.0 / k - trigamma(k));
        let next = (k - step).max(k / 10.0);
        if (next - k).abs() < 1e-12 * k {
            k = next;
            break;
        }
        k = next;
    }
    Family::Gamma { k, theta: mean / k }
}

/// Weibull MLE: the shape solves Σ yᵏ ln y / Σ yᵏ − 1/k = mean(ln y), y = x / mean (bisection on
/// ln k: the left side increases with k).
fn fit_weibull(sorted: &[f64], mean: f64, mean_ln: f64) -> Family {
    let ys: Vec<f64> = sorted.iter().map(|x| x / mean).collect();
    let mean_ln_y = mean_ln - mean.ln();
    let g = |k: f64| {
        let (mut sum, mut weighted) = (0.0, 0.0);
        for &y in &ys {
            let p = y.powf(k);
            sum += p;
            weighted += p * y.ln();
        }
        weighted / sum - 1.0 / k - mean_ln_y
    };
    let (mut lo, mut hi) = (0.02f64.ln(), 50f64.ln());
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if g(mid.exp()) > 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let k = (0.5 * (lo + hi)).exp();
    let mean_pow = ys.iter().map(|y| y.powf(k)).sum::<f64>() / ys.len() as f64;
    Family::Weibull {
        k,
        lambda: mean * mean_pow.powf(1.0 / k),
    }
}

/// sup |F_n − F| over a sorted sample.
fn ks_distance(sorted: &[f64], family: &Family) -> f64 {
    let n = sorted.len() as f64;
    sorted
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let f = family.cdf(*x);
            ((i + 1) as f64 / n - f).max(f - i as f64 / n)
        })
        .fold(0.0, f64::max)
}

/// The asymptotic Kolmogorov p-value of distance `d` for `n` values, with Stephens' small-sample
/// correction.
pub fn kolmogorov_p_value(d: f64, n: usize) -> f64 {
    let root = (n as f64).sqrt();
    let lambda = (root + 0.12 + 0.11 / root) * d;
    if lambda < 0.2 {
        return 1.0;
    }
    let mut sum = 0.0;
    for j in 1..=100 {
        let j = f64::from(j);
        let term = (-2.0 * j * j * lambda * lambda).exp();
        sum += if j as u32 % 2 == 1 { term } else { -term };
        if term < 1e-16 {
            break;
        }
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

/// ψ(x) for x > 0: recurrence up to 10, then the asymptotic series.
fn digamma(mut x: f64) -> f64 {
    let mut result = 0.0;
    while x < 10.0 {
        result -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    result + x.ln()
        - 0.5 / x
        - f * (1.0 / 12.0 - f * (1.0 / 120.0 - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f / 132.0))))
}

/// ψ′(x) for x > 0: recurrence up to 10, then the asymptotic series.
fn trigamma(mut x: f64) -> f64 {
    let mut result = 0.0;
    while x < 10.0 {
        result += 1.0 / (x * x);
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    result
        + 1.0 / x
        + f / 2.0
        + (1.0 / x) * f * (1.0 / 6.0 - f * (1.0 / 30.0 - f * (1.0 / 42.0 - f / 30.0)))
}

/// The regularised lower incomplete gamma function P(a, x): its series below a + 1, its continued
/// fraction above (Numerical Recipes' `gammp`).
fn regularized_gamma_p(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let ln_prefix = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..1000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        (sum * ln_prefix.exp()).min(1.0)
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -f64::from(i) * (f64::from(i) - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-15 {
                break;
            }
        }
        (1.0 - ln_prefix.exp() * h).max(0.0)
    }
}

/// The complementary error function (Numerical Recipes' Chebyshev fit, relative error below
/// 1.2e-7: ample for a KS distance).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_distr::{Distribution, Gamma, LogNormal, Weibull};

    fn sample(d: impl Distribution<f64>, n: usize) -> Vec<f64> {
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(7);
        let mut v: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        v.sort_by(f64::total_cmp);
        v
    }

    #[test]
    fn each_family_is_recovered_and_ranked_first() {
        let n = 20_000;
        // mean 240, cv 0.6 in each family; the MLE recovers the mean within 4 standard errors
        // (SE = 240 · 0.6 / √n ≈ 1.0 s).
        let cases: Vec<(&str, Vec<f64>)> = vec![
            (
                "lognormal",
                sample(
                    LogNormal::new(240f64.ln() - 0.5 * (1.36f64).ln(), (1.36f64).ln().sqrt())
                        .unwrap(),
                    n,
                ),
            ),
            (
                "gamma",
                sample(Gamma::new(1.0 / 0.36, 240.0 * 0.36).unwrap(), n),
            ),
            (
                "weibull",
                sample(
                    Weibull::new(240.0 / ln_gamma(1.0 + 1.0 / 1.7).exp(), 1.7).unwrap(),
                    n,
                ),
            ),
        ];
        for (name, values) in cases {
            let fits = fit_families(&values);
            assert_eq!(fits[0].family.name(), name, "{fits:?}");
            assert!(
                (fits[0].family.mean() - 240.0).abs() < 4.0 * 240.0 * 0.6 / (n as f64).sqrt(),
                "{fits:?}"
            );
            assert!(fits[0].ks_p_value > 0.001, "{fits:?}");
        }
    }

    #[test]
    fn special_functions_match_known_values() {
        assert!((digamma(1.0) + 0.577_215_664_901_532_9).abs() < 1e-12);
        assert!((trigamma(1.0) - std::f64::consts::PI.powi(2) / 6.0).abs() < 1e-10);
        assert!((regularized_gamma_p(1.0, 2.0) - (1.0 - (-2.0f64).exp())).abs() < 1e-12);
        assert!((regularized_gamma_p(3.0, 10.0) - 0.997_230_604_284_488).abs() < 1e-12);
        assert!((erfc(0.5) - 0.479_500_122_186_953_5).abs() < 1e-7);
        assert!((kolmogorov_p_value(0.0, 100) - 1.0).abs() < 1e-12);
        assert!(kolmogorov_p_value(0.2, 100) < 0.001);
    }
}
