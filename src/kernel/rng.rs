//! Seeded, value-stable random streams.
//!
//! Every stream is a ChaCha8 generator keyed by (scenario seed, replication index, and, in a
//! multi-day study, the day's index) with the ChaCha stream number set to the purpose. ChaCha8 is a fully specified algorithm, so the same key gives the
//! same numbers on every platform and in every release of ccsim that keeps this crate version pinned
//! (unlike `StdRng`, which is documented as free to change). Giving each purpose (arrivals, handle
//! times, patience, …) its own stream means a policy that draws one extra number for its own purpose
//! cannot shift the handle time of any caller: comparisons of policies stay paired.

use rand::SeedableRng;
pub use rand::rngs::ChaCha8Rng as StreamRng;

/// Derives the generator for `purpose` in replication `replication` of a run seeded with `seed`.
/// It is the stream of day 0 in [`day_stream`].
pub fn stream(seed: u64, replication: u64, purpose: u64) -> StreamRng {
    day_stream(seed, 0, replication, purpose)
}

/// Derives the generator for `purpose` in replication `replication` of day `day` of a
/// multi-day study seeded with `seed`. The day fills the last 8 bytes of the key, which are zero
/// for day 0, so the first day of a study draws exactly what a plain run of it draws, and every
/// other day draws numbers of its own.
pub fn day_stream(seed: u64, day: u64, replication: u64, purpose: u64) -> StreamRng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&replication.to_le_bytes());
    key[16..24].copy_from_slice(b"ccsim-v1");
    key[24..].copy_from_slice(&day.to_le_bytes());
    let mut rng = StreamRng::from_seed(key);
    rng.set_stream(purpose);
    rng
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let draw = |seed, rep, purpose| -> Vec<u64> {
            let mut rng = stream(seed, rep, purpose);
            (0..4).map(|_| rng.random()).collect()
        };
        assert_eq!(draw(1, 0, 0), draw(1, 0, 0));
        assert_ne!(draw(1, 0, 0), draw(1, 0, 1));
        assert_ne!(draw(1, 0, 0), draw(1, 1, 0));
        assert_ne!(draw(1, 0, 0), draw(2, 0, 0));
    }

    #[test]
    fn day_zero_is_the_plain_stream_and_other_days_differ() {
        let draw = |day, rep| -> Vec<u64> {
            let mut rng = day_stream(1, day, rep, 2);
            (0..4).map(|_| rng.random()).collect()
        };
        let mut plain = stream(1, 3, 2);
        let plain: Vec<u64> = (0..4).map(|_| plain.random()).collect();
        assert_eq!(draw(0, 3), plain);
        assert_ne!(draw(1, 3), plain);
        assert_ne!(draw(1, 3), draw(2, 3));
        assert_ne!(draw(1, 3), draw(1, 4));
    }

    /// Pins the generator's values: if a dependency upgrade changed them, every stored baseline would
    /// silently stop being reproducible, so this must fail loudly instead.
    #[test]
    fn values_are_pinned() {
        let mut rng = stream(42, 7, 3);
        let first: u64 = rng.random();
        let mut again = stream(42, 7, 3);
        assert_eq!(first, again.random::<u64>());
        assert_eq!(first, PINNED_FIRST_DRAW);
    }

    /// The first output word pair of the ChaCha8 block for key (42, 7, "ccsim-v1"), counter 0 and
    /// stream 3, computed with an independent implementation of the ChaCha block function (RFC 8439
    /// quarter rounds, 8 rounds, 64-bit counter in words 12–13 and stream in words 14–15).
    const PINNED_FIRST_DRAW: u64 = 8_285_000_972_099_361_685;
}
