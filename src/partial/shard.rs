//! Which share of the work one machine of several runs: shard `I` of `N`.
//!
//! The units of work of a command (its replications, or its (scenario, replication) pairs when
//! several scenarios run) are numbered in the order one machine runs them, scenario after
//! scenario, from 0. Unit `u` belongs to shard `u mod N`: round robin, so every shard gets an
//! equal share (within one unit) of every scenario, and a shard that runs late is never the one
//! that holds all of the slowest scenario's replications. Each unit keeps the random streams it
//! has on one machine, since those are keyed by (seed, replication) alone.

use std::fmt;

/// The environment variables `--shard auto/N` reads the index from, in the order tried: Slurm
/// job arrays (`sbatch --array=0-(N-1)`) and Kubernetes Indexed Jobs.
pub const INDEX_VARIABLES: [&str; 2] = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"];

/// Shard `index` of `count`, numbered from 0 as Slurm array tasks and Kubernetes completion
/// indexes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// This shard's index, `0 ≤ index < count`.
    pub index: u32,
    /// How many shards the work is split into.
    pub count: u32,
}

impl Shard {
    /// The whole work as one shard.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Whether unit `ordinal` (see the module documentation) is this shard's.
    pub fn owns(self, ordinal: u64) -> bool {
        ordinal % u64::from(self.count) == u64::from(self.index)
    }

    /// Reads `I/N`, or `auto/N` with `I` taken from the first of [`INDEX_VARIABLES`] that is
    /// set, looked up with `variable`. The error says what was found and what is expected.
    pub fn parse(text: &str, variable: impl Fn(&str) -> Option<String>) -> Result<Shard, String> {
        let expected = "expected I/N with 0 ≤ I < N (shards are numbered from 0), such as \
                        `0/4`, or `auto/N` inside a Slurm array or Kubernetes Indexed Job";
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("found {text:?}; {expected}"))?;
        let count: u32 = count
            .trim()
            .parse()
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| {
                format!("found {text:?}: N must be a whole number of at least 1; {expected}")
            })?;
        let (index_text, source) = if index.trim() == "auto" {
            INDEX_VARIABLES
                .iter()
                .find_map(|name| {
                    variable(name).map(|value| {
                        let source = format!("{name}={value:?}");
                        (value, source)
                    })
                })
                .ok_or_else(|| {
                    format!(
                        "found {text:?}, but neither {} nor {} is set: `auto` is for a Slurm \
                         job array or a Kubernetes Indexed Job; elsewhere give the index, such \
                         as `0/{count}`",
                        INDEX_VARIABLES[0], INDEX_VARIABLES[1]
                    )
                })?
        } else {
            (index.trim().to_string(), format!("{text:?}"))
        };
        let index: u32 = index_text
            .trim()
            .parse()
            .map_err(|_| format!("found {source}: the index must be a whole number; {expected}"))?;
        if index >= count {
            return Err(format!(
                "found {source}: the index must be below {count} (shards are numbered from 0; \
                 for a Slurm array use --array=0-{})",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_variables(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn reads_index_and_count() {
        assert_eq!(
            Shard::parse("2/7", no_variables),
            Ok(Shard { index: 2, count: 7 })
        );
        assert_eq!(Shard::parse(" 0 / 1 ", no_variables), Ok(Shard::WHOLE));
    }

    #[test]
    fn refuses_bad_values_with_what_was_found() {
        for bad in ["3", "4/4", "-1/4", "a/4", "1/0", "1/", "/3", "1/x"] {
            let error = Shard::parse(bad, no_variables).unwrap_err();
            assert!(error.contains(&format!("{bad:?}")), "{bad}: {error}");
        }
        assert!(
            Shard::parse("4/4", no_variables)
                .unwrap_err()
                .contains("below 4")
        );
    }

    #[test]
    fn auto_reads_slurm_then_kubernetes() {
        let slurm = |name: &str| (name == "SLURM_ARRAY_TASK_ID").then(|| "3".to_string());
        assert_eq!(
            Shard::parse("auto/4", slurm),
            Ok(Shard { index: 3, count: 4 })
        );
        let kubernetes = |name: &str| (name == "JOB_COMPLETION_INDEX").then(|| "1".to_string());
        assert_eq!(
            Shard::parse("auto/4", kubernetes),
            Ok(Shard { index: 1, count: 4 })
        );
        let error = Shard::parse("auto/4", no_variables).unwrap_err();
        assert!(error.contains("SLURM_ARRAY_TASK_ID") && error.contains("JOB_COMPLETION_INDEX"));
        let error = Shard::parse("auto/4", |_| Some("4".to_string())).unwrap_err();
        assert!(error.contains("SLURM_ARRAY_TASK_ID=\"4\"") && error.contains("below 4"));
    }

    #[test]
    fn round_robin_gives_every_unit_to_exactly_one_shard() {
        for count in [1, 2, 3, 7] {
            for ordinal in 0..50 {
                let owners = (0..count)
                    .filter(|&index| Shard { index, count }.owns(ordinal))
                    .count();
                assert_eq!(owners, 1);
            }
        }
    }
}
