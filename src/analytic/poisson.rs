//! Poisson probabilities for uniformization, limited to the window that carries all but a
//! negligible part of the mass.

/// Largest neglected Poisson mass on each side of the window, relative to the window's.
const TAIL_TOLERANCE: f64 = 1e-15;

/// P(N = m) for N ~ Poisson(mean), over the window of m outside which at most
/// [`TAIL_TOLERANCE`] of the mass lies on each side; zero outside it.
///
/// The probabilities are built outwards from the mode, where the unnormalised weight is 1, by the
/// ratios P(m+1)/P(m) = mean/(m+1), and then normalised to sum to one. That never forms
/// e^{−mean}, which underflows for a mean above about 745, nor anything that overflows. Each
/// end of the window is where a geometric bound on the remaining tail (the ratios only shrink
/// away from the mode) drops below the tolerance, so the normalisation is off by at most
/// 2·[`TAIL_TOLERANCE`] relative. The window is about 17 standard deviations wide.
#[derive(Debug)]
pub(super) struct PoissonWindow {
    /// The smallest m in the window.
    first: usize,
    /// P(N = first), P(N = first + 1), … normalised over the window.
    probabilities: Vec<f64>,
}

impl PoissonWindow {
    /// The window for a finite `mean` ≥ 0.
    pub(super) fn new(mean: f64) -> Self {
        let mode = mean.floor() as usize;
        let mut sum = 1.0;

        // Upwards from the mode: the ratio mean/(m+1) is below 1 there and falls with m.
        let mut upper = vec![1.0];
        let mut weight = 1.0;
        for m in mode.. {
            let ratio = mean / (m + 1) as f64;
            if weight * ratio / (1.0 - ratio) <= TAIL_TOLERANCE * sum {
                break;
            }
            weight *= ratio;
            upper.push(weight);
            sum += weight;
        }

        // Downwards from the mode: the ratio m/mean is at most 1 there and falls as m does.
        let mut lower = Vec::new();
        let mut weight = 1.0;
        for m in (1..=mode).rev() {
            let ratio = m as f64 / mean;
            if ratio < 1.0 && weight * ratio / (1.0 - ratio) <= TAIL_TOLERANCE * sum {
                break;
            }
            weight *= ratio;
            lower.push(weight);
            sum += weight;
        }

        let first = mode - lower.len();
        let probabilities = lower
            .into_iter()
            .rev()
            .chain(upper)
            .map(|w| w / sum)
            .collect();
        Self {
            first,
            probabilities,
        }
    }

    /// The largest m in the window.
    pub(super) fn last(&self) -> usize {
        self.first + self.probabilities.len() - 1
    }

    /// P(N = m), zero outside the window.
    pub(super) fn probability(&self, m: usize) -> f64 {
        m.checked_sub(self.first)
            .and_then(|i| self.probabilities.get(i))
            .copied()
            .unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_poisson_formula_where_it_can_be_evaluated() {
        for mean in [0.3, 1.0, 7.5, 40.0, 300.0] {
            let window = PoissonWindow::new(mean);
            let mut exact = (-mean).exp();
            for m in 0..=window.last() + 5 {
                let got = window.probability(m);
                assert!(
                    (got - exact).abs() <= 1e-13 * exact + 1e-15,
                    "mean {mean}, m {m}: {got} vs {exact}"
                );
                exact *= mean / (m + 1) as f64;
            }
        }
    }

    #[test]
    fn zero_mean_puts_everything_on_zero_jumps() {
        let window = PoissonWindow::new(0.0);
        assert_eq!(window.last(), 0);
        assert_eq!(window.probability(0), 1.0);
        assert_eq!(window.probability(1), 0.0);
    }

    #[test]
    fn large_means_stay_normalised_and_narrow() {
        for mean in [1e3, 1e5, 1e8] {
            let window = PoissonWindow::new(mean);
            let total: f64 = (window.first..=window.last())
                .map(|m| window.probability(m))
                .sum();
            assert!((total - 1.0).abs() < 1e-12, "mean {mean}: total {total}");
            let width = (window.last() - window.first) as f64;
            assert!(width < 20.0 * mean.sqrt(), "mean {mean}: width {width}");
            // The mode carries about 1/√(2π·mean).
            let mode = window.probability(mean as usize);
            let expected = 1.0 / (2.0 * std::f64::consts::PI * mean).sqrt();
            assert!(
                (mode / expected - 1.0).abs() < 1e-3,
                "mean {mean}: mode {mode}"
            );
        }
    }
}
