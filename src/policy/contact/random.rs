//! A caller's own random numbers, addressed by (attempt, moment, tag) instead of drawn in
//! sequence, so that what one policy decides for a caller never depends on which other policies
//! asked before it.

/// The moments of a caller's journey at which decisions are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// The IVR stage.
    Arrival,
    /// Joining the queue.
    EnterQueue,
    /// The n-th periodic check while waiting (from 1).
    Check(u32),
    /// The n-th estimate change while waiting (from 1).
    EstimateChange(u32),
    /// The n-th callback dial (from 1).
    Dial(u32),
    /// After the attempt ended, deciding whether to try again.
    Redial,
}

impl Moment {
    fn code(self) -> u64 {
        match self {
            Moment::Arrival => 0,
            Moment::EnterQueue => 1,
            Moment::Redial => 2,
            Moment::Check(n) => 0x1_0000_0000 | u64::from(n),
            Moment::EstimateChange(n) => 0x2_0000_0000 | u64::from(n),
            Moment::Dial(n) => 0x3_0000_0000 | u64::from(n),
        }
    }
}

/// The key of one caller's random numbers, drawn once per caller from the policy stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallerRandom {
    seed: u64,
}

impl CallerRandom {
    /// The caller whose numbers are keyed by `seed`.
    pub fn new(seed: u64) -> Self {
        CallerRandom { seed }
    }

    /// A 64-bit number for this caller at (attempt, moment, tag).
    pub fn bits(self, attempt: u32, moment: Moment, tag: u64) -> u64 {
        let mut state = self.seed;
        for word in [u64::from(attempt), moment.code(), tag] {
            state = split_mix(state ^ split_mix(word));
        }
        state
    }

    /// A uniform number in [0, 1) for this caller at (attempt, moment, tag).
    pub fn uniform(self, attempt: u32, moment: Moment, tag: u64) -> f64 {
        // The top 53 bits, as `rand` does for f64.
        (self.bits(attempt, moment, tag) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// The SplitMix64 finaliser: a bijective mix whose outputs pass BigCrush, used here as a hash.
fn split_mix(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_depend_on_every_part_of_the_address_and_nothing_else() {
        let caller = CallerRandom::new(7);
        let u = caller.uniform(1, Moment::EnterQueue, 3);
        assert_eq!(u, CallerRandom::new(7).uniform(1, Moment::EnterQueue, 3));
        assert_ne!(u, CallerRandom::new(8).uniform(1, Moment::EnterQueue, 3));
        assert_ne!(u, caller.uniform(2, Moment::EnterQueue, 3));
        assert_ne!(u, caller.uniform(1, Moment::Check(1), 3));
        assert_ne!(u, caller.uniform(1, Moment::EnterQueue, 4));
    }

    #[test]
    fn uniforms_are_uniform() {
        // Mean and variance of 100 000 draws over many callers: 1/2 and 1/12, within 4 SE.
        let n = 100_000u64;
        let draws: Vec<f64> = (0..n)
            .map(|i| CallerRandom::new(i).uniform(1, Moment::Arrival, 9))
            .collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|u| (u - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let se_mean = (1.0f64 / 12.0 / n as f64).sqrt();
        assert!((mean - 0.5).abs() < 4.0 * se_mean, "mean {mean}");
        // Var of (U - 1/2)^2 is 1/80 - 1/144 = 1/180.
        let se_var = (1.0f64 / 180.0 / n as f64).sqrt();
        assert!((var - 1.0 / 12.0).abs() < 4.0 * se_var, "variance {var}");
        assert!(draws.iter().all(|u| (0.0..1.0).contains(u)));
    }
}
