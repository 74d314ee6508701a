//! Merging parts: collect every unit by index from parts given in any order, check that they
//! cover the work exactly once, and add the pooled waits.
//!
//! Parts are added one at a time and dropped once read ([`Merger::add`]), so merging holds one
//! part, the replications' values (which the summary itself needs: intervals and percentiles are
//! computed from them) and the pooled histograms — never every part at once.

use super::{Header, PartialFile, Shard};
use crate::experiment::{PooledWaits, ReplicationValues};

/// The merged work of one scenario: what one machine would have collected.
#[derive(Clone, Debug)]
pub struct MergedScenario {
    /// Every replication's values, in replication order.
    pub values: Vec<ReplicationValues>,
    /// For a study, every replication's day values, in replication order; empty otherwise.
    pub days: Vec<Vec<Vec<Option<f64>>>>,
    /// Every replication's waits, pooled.
    pub waits: PooledWaits,
    /// The wall-clock seconds the parts spent on this scenario, added up (0 when the parts do
    /// not record time).
    pub seconds: f64,
}

/// Parts added so far.
pub struct Merger {
    /// The first part's name and header: every other part must match it.
    first: Option<(String, Header)>,
    /// The file that gave each shard, by shard index.
    shards: Vec<Option<String>>,
    /// Per scenario, per replication: the unit's values and day values, and the file it came from.
    units: Vec<Vec<Option<Unit>>>,
    /// Per scenario, the waits added so far.
    waits: Vec<Option<PooledWaits>>,
    /// Per shard index, the seconds its part recorded per scenario (added in shard order at the
    /// end, so that the total never depends on the order the parts came in).
    seconds: Vec<Vec<f64>>,
}

struct Unit {
    values: ReplicationValues,
    days: Vec<Vec<Option<f64>>>,
}

impl Default for Merger {
    fn default() -> Self {
        Self::new()
    }
}

impl Merger {
    /// No parts yet.
    pub fn new() -> Self {
        Merger {
            first: None,
            shards: Vec::new(),
            units: Vec::new(),
            waits: Vec::new(),
            seconds: Vec::new(),
        }
    }

    /// The header every part shares (the first part's), once a part has been added.
    pub fn header(&self) -> Option<&Header> {
        self.first.as_ref().map(|(_, header)| header)
    }

    /// Adds the part read from the file `name`. Refuses, naming both files, a part of other
    /// work (another command, options, scenario, seed, replications or ccsim version), a shard
    /// given twice, and a unit that is not the shard's or came already.
    pub fn add(&mut self, name: &str, part: PartialFile) -> Result<(), String> {
        let PartialFile {
            header,
            units,
            waits,
            seconds,
        } = part;
        if header.ccsim_version != env!("CARGO_PKG_VERSION") {
            return Err(format!(
                "{name}: written by ccsim {}, and this is ccsim {}: merge with the version \
                 that ran the shards",
                header.ccsim_version,
                env!("CARGO_PKG_VERSION")
            ));
        }
        match &self.first {
            None => {
                self.shards = vec![None; header.shard.count as usize];
                self.seconds = vec![Vec::new(); header.shard.count as usize];
                self.units = header
                    .scenarios
                    .iter()
                    .map(|s| (0..s.replications).map(|_| None).collect())
                    .collect();
                self.waits = vec![None; header.scenarios.len()];
                self.first = Some((name.to_string(), header.clone()));
            }
            Some((first, expected)) => same_work(first, expected, name, &header)?,
        }
        let shard = header.shard;
        if shard.index >= shard.count {
            return Err(format!("{name}: shard {shard} does not exist"));
        }
        if let Some(earlier) = &self.shards[shard.index as usize] {
            return Err(format!(
                "{name} and {earlier} are both shard {shard}: give each shard once"
            ));
        }
        self.shards[shard.index as usize] = Some(name.to_string());
        if !seconds.is_empty() && seconds.len() != header.scenarios.len() {
            return Err(format!(
                "{name}: {} times for {} scenarios",
                seconds.len(),
                header.scenarios.len()
            ));
        }
        self.seconds[shard.index as usize] = seconds;
        if waits.len() != header.scenarios.len() {
            return Err(format!(
                "{name}: {} sets of waits for {} scenarios",
                waits.len(),
                header.scenarios.len()
            ));
        }
        for (index, record) in waits.iter().enumerate() {
            let part_waits = record
                .pooled()
                .map_err(|error| format!("{name}: waits of scenario {index}: {error}"))?;
            match &mut self.waits[index] {
                slot @ None => *slot = Some(part_waits),
                Some(pooled) => add_waits(pooled, &part_waits)
                    .map_err(|error| format!("{name}: waits of scenario {index}: {error}"))?,
            }
        }
        let offsets = unit_offsets(&header);
        for unit in units {
            let replications = self.units.get_mut(unit.scenario).ok_or_else(|| {
                format!(
                    "{name}: a unit of scenario {}, which does not exist",
                    unit.scenario
                )
            })?;
            let count = replications.len();
            let slot = replications
                .get_mut(unit.replication as usize)
                .ok_or_else(|| {
                    format!(
                        "{name}: replication {} of {}, which has {} replications",
                        unit.replication, header.scenarios[unit.scenario].file, count
                    )
                })?;
            let ordinal = offsets[unit.scenario] + u64::from(unit.replication);
            if !shard.owns(ordinal) || slot.is_some() {
                return Err(format!(
                    "{name}: replication {} of {} is not shard {shard}'s, or is given twice: \
                     the parts overlap",
                    unit.replication, header.scenarios[unit.scenario].file
                ));
            }
            let days = unit.day_values();
            *slot = Some(Unit {
                values: unit.values.into(),
                days,
            });
        }
        Ok(())
    }

    /// Every scenario's merged work, once every shard and every unit has come; otherwise which
    /// shards are missing.
    pub fn finish(self) -> Result<(Header, Vec<MergedScenario>), String> {
        let (_, header) = self.first.ok_or("no parts to merge")?;
        let missing: Vec<String> = (0..header.shard.count)
            .filter(|&index| self.shards[index as usize].is_none())
            .map(|index| {
                Shard {
                    index,
                    count: header.shard.count,
                }
                .to_string()
            })
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "missing shard{} {}: give every part of the run",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ));
        }
        let mut merged = Vec::with_capacity(self.units.len());
        for (index, ((units, waits), entry)) in self
            .units
            .into_iter()
            .zip(self.waits)
            .zip(&header.scenarios)
            .enumerate()
        {
            let mut values = Vec::with_capacity(units.len());
            let mut days = Vec::new();
            for (replication, unit) in units.into_iter().enumerate() {
                let unit = unit.ok_or_else(|| {
                    format!(
                        "replication {replication} of {} is in no part, though every shard \
                         came: a part was written by an older or altered run",
                        entry.file
                    )
                })?;
                values.push(unit.values);
                if !unit.days.is_empty() {
                    days.push(unit.days);
                }
            }
            merged.push(MergedScenario {
                values,
                days,
                waits: waits.expect("every shard came, and each carries every scenario's waits"),
                seconds: self.seconds.iter().filter_map(|part| part.get(index)).sum(),
            });
        }
        Ok((header, merged))
    }
}

/// The number of the first unit of each scenario (units are numbered scenario after scenario).
fn unit_offsets(header: &Header) -> Vec<u64> {
    header
        .scenarios
        .iter()
        .scan(0_u64, |next, entry| {
            let first = *next;
            *next += u64::from(entry.replications);
            Some(first)
        })
        .collect()
}

/// Adds `other` to `pooled`, refusing histograms that do not line up instead of panicking.
fn add_waits(pooled: &mut PooledWaits, other: &PooledWaits) -> Result<(), String> {
    let caps_match = pooled.classes.len() == other.classes.len()
        && std::iter::once((&pooled.overall, &other.overall))
            .chain(pooled.classes.iter().zip(&other.classes))
            .all(|(a, b)| a.counts().cap == b.counts().cap);
    if !caps_match {
        return Err("histograms of other classes or caps than the first part's".to_string());
    }
    pooled.add(other);
    Ok(())
}

/// Checks that the part `name` belongs to the same work as the part `first`.
fn same_work(first: &str, expected: &Header, name: &str, header: &Header) -> Result<(), String> {
    let differ = |what: &str, theirs: String, ours: String| {
        Err(format!(
            "{name} and {first} are parts of different runs: {what} {theirs} against {ours}"
        ))
    };
    if header.command != expected.command {
        return differ(
            "command",
            format!("{:?}", header.command),
            format!("{:?}", expected.command),
        );
    }
    if header.scenarios.len() != expected.scenarios.len() {
        return differ(
            "scenario count",
            header.scenarios.len().to_string(),
            expected.scenarios.len().to_string(),
        );
    }
    for (theirs, ours) in header.scenarios.iter().zip(&expected.scenarios) {
        if theirs.file != ours.file {
            return differ("scenario file", theirs.file.clone(), ours.file.clone());
        }
        if theirs.fingerprint != ours.fingerprint {
            return differ(
                &format!("{}: scenario fingerprint", theirs.file),
                theirs.fingerprint.clone(),
                ours.fingerprint.clone(),
            );
        }
        if theirs.seed != ours.seed {
            return differ(
                &format!("{}: seed", theirs.file),
                theirs.seed.to_string(),
                ours.seed.to_string(),
            );
        }
        if theirs.replications != ours.replications {
            return differ(
                &format!("{}: replications", theirs.file),
                theirs.replications.to_string(),
                ours.replications.to_string(),
            );
        }
    }
    if header.options != expected.options {
        return differ(
            "options",
            header.options.to_string(),
            expected.options.to_string(),
        );
    }
    if header.shard.count != expected.shard.count {
        return differ(
            "shard count",
            header.shard.count.to_string(),
            expected.shard.count.to_string(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Shard `index` of 3 of a check of one scenario with 3 replications (one unit per shard),
    /// which spent `seconds` on it.
    fn part(index: u32, seconds: f64) -> PartialFile {
        let empty = json!({"cap": 7200, "zeros": 0, "bins": [], "overflow": 0, "max": 0.0});
        let values = json!({"overall": [1.5], "intervals": [], "classes": [],
                            "class_intervals": [], "pools": [], "end_of_day": []});
        serde_json::from_value(json!({
            "format": crate::partial::FORMAT,
            "format_version": crate::partial::FORMAT_VERSION,
            "ccsim_version": env!("CARGO_PKG_VERSION"),
            "command": "check",
            "options": {},
            "scenarios": [{"file": "a.toml", "fingerprint": "f", "seed": 1, "replications": 3}],
            "shard": {"index": index, "count": 3},
            "units": [{"scenario": 0, "replication": index, "values": values}],
            "waits": [{"overall": empty, "classes": []}],
            "seconds": [seconds],
        }))
        .unwrap()
    }

    #[test]
    fn seconds_add_up_the_same_whatever_the_order_of_the_parts() {
        // Floating-point addition is not associative: these three add up to different sums in
        // different orders, so the merger must add them in shard order.
        let seconds = [0.1, 1e16, -1e16];
        let mut totals = Vec::new();
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
            let mut merger = Merger::new();
            for index in order {
                merger
                    .add(
                        &format!("part-{index}"),
                        part(index, seconds[index as usize]),
                    )
                    .unwrap();
            }
            let (_, merged) = merger.finish().unwrap();
            assert_eq!(merged[0].values.len(), 3);
            totals.push(merged[0].seconds.to_bits());
        }
        assert_eq!(totals, vec![((0.1 + 1e16) + -1e16_f64).to_bits(); 3]);
    }

    #[test]
    fn refuses_a_part_with_times_for_other_scenarios() {
        let mut bad = part(1, 0.5);
        bad.seconds.push(0.25);
        let mut merger = Merger::new();
        merger.add("part-0", part(0, 0.5)).unwrap();
        let error = merger.add("part-1", bad).unwrap_err();
        assert!(error.contains("part-1: 2 times for 1 scenarios"), "{error}");
    }
}
