//! The partial-result file: its header and its records, as serde types, and how a file is read
//! and written. The schema is documented in docs/cluster.md ("The partial-result format").

use super::Shard;
use crate::experiment::{PooledWaits, ReplicationValues};
use crate::stats::{HistogramCounts, WaitHistogram};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::io::{self, Write};
use std::path::Path;

/// The `format` of every partial-result file.
pub const FORMAT: &str = "ccsim-partial";

/// The version of the format this build writes and reads. A file of any other version is
/// refused: merging parts of one version with the code of another could silently misread them.
pub const FORMAT_VERSION: u32 = 1;

/// What produced a partial result: the command whose output the merge reproduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    /// `ccsim run`.
    Run,
    /// `ccsim sweep`.
    Sweep,
    /// `ccsim compare`: its arms (the baseline, then each variant) are the header's scenarios.
    Compare,
    /// `ccsim baseline`.
    Baseline,
    /// `ccsim check`.
    Check,
}

/// One scenario (or study) of the work, as the header records it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioEntry {
    /// The file as given on the command line (the reports name it).
    pub file: String,
    /// Its scenario fingerprint (`regression::fingerprint`), with the overrides applied.
    pub fingerprint: String,
    /// The seed of its random streams.
    pub seed: u64,
    /// Its total replications (over every shard).
    pub replications: u32,
}

/// What every part of one piece of work shares, and which shard the part is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written by this build.
    pub format_version: u32,
    /// The ccsim version that wrote the part.
    pub ccsim_version: String,
    /// The command that ran.
    pub command: CommandKind,
    /// The command's options that change its output (files, `--set`, `--group-by`…; never the
    /// thread count), as the command records them; parts of one piece of work have equal options.
    pub options: serde_json::Value,
    /// The scenarios, in the order their units are numbered.
    pub scenarios: Vec<ScenarioEntry>,
    /// Which share of the units this part holds.
    pub shard: Shard,
}

impl Header {
    /// A header of this build's format and version.
    pub fn new(
        command: CommandKind,
        options: serde_json::Value,
        scenarios: Vec<ScenarioEntry>,
        shard: Shard,
    ) -> Self {
        Header {
            format: FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            ccsim_version: env!("CARGO_PKG_VERSION").to_string(),
            command,
            options,
            scenarios,
            shard,
        }
    }
}

/// A metric value as stored: `null` when undefined, a JSON number when finite (written in the
/// shortest form that reads back to the same bits), and the strings `"inf"`, `"-inf"` or `"nan"`
/// otherwise, which JSON numbers cannot hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(pub Option<f64>);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => serializer.serialize_none(),
            Some(x) if x.is_finite() => serializer.serialize_f64(x),
            Some(x) if x.is_nan() => serializer.serialize_str("nan"),
            Some(x) if x > 0.0 => serializer.serialize_str("inf"),
            Some(_) => serializer.serialize_str("-inf"),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Finite(f64),
            Special(String),
        }
        let stored: Option<Stored> = Option::deserialize(deserializer)?;
        Ok(Number(match stored {
            None => None,
            Some(Stored::Finite(x)) => Some(x),
            Some(Stored::Special(text)) => Some(match text.as_str() {
                "inf" => f64::INFINITY,
                "-inf" => f64::NEG_INFINITY,
                "nan" => f64::NAN,
                other => {
                    return Err(serde::de::Error::custom(format!(
                        "found {other:?}; expected a number, null, \"inf\", \"-inf\" or \"nan\""
                    )));
                }
            }),
        }))
    }
}

fn numbers(values: &[Option<f64>]) -> Vec<Number> {
    values.iter().copied().map(Number).collect()
}

fn values_of(numbers: Vec<Number>) -> Vec<Option<f64>> {
    numbers.into_iter().map(|n| n.0).collect()
}

/// [`ReplicationValues`] as stored, section by section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValuesRecord {
    overall: Vec<Number>,
    intervals: Vec<Vec<Number>>,
    classes: Vec<Vec<Number>>,
    class_intervals: Vec<Vec<Vec<Number>>>,
    pools: Vec<Vec<Number>>,
    end_of_day: Vec<Number>,
    /// Per outbound campaign; absent without campaigns, so files of scenarios without them are
    /// written as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    campaigns: Vec<Vec<Number>>,
}

impl From<&ReplicationValues> for ValuesRecord {
    fn from(values: &ReplicationValues) -> Self {
        let table = |rows: &[Vec<Option<f64>>]| rows.iter().map(|r| numbers(r)).collect();
        ValuesRecord {
            overall: numbers(&values.overall),
            intervals: table(&values.intervals),
            classes: table(&values.classes),
            class_intervals: values.class_intervals.iter().map(|c| table(c)).collect(),
            pools: table(&values.pools),
            end_of_day: numbers(&values.end_of_day),
            campaigns: table(&values.campaigns),
        }
    }
}

impl From<ValuesRecord> for ReplicationValues {
    fn from(record: ValuesRecord) -> Self {
        let table = |rows: Vec<Vec<Number>>| rows.into_iter().map(values_of).collect();
        ReplicationValues {
            overall: values_of(record.overall),
            intervals: table(record.intervals),
            classes: table(record.classes),
            class_intervals: record.class_intervals.into_iter().map(table).collect(),
            pools: table(record.pools),
            end_of_day: values_of(record.end_of_day),
            campaigns: table(record.campaigns),
        }
    }
}

/// One unit of work: a replication of one of the header's scenarios.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRecord {
    /// The index of its scenario in the header's list.
    pub scenario: usize,
    /// Its replication index (its random streams are keyed by it).
    pub replication: u32,
    /// Its metric values.
    pub values: ValuesRecord,
    /// For a multi-day study, its overall values of each day in calendar order; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<Vec<Number>>,
}

impl UnitRecord {
    /// The record of replication `replication` of scenario `scenario`.
    pub fn new(
        scenario: usize,
        replication: u32,
        values: &ReplicationValues,
        days: &[Vec<Option<f64>>],
    ) -> Self {
        UnitRecord {
            scenario,
            replication,
            values: values.into(),
            days: days.iter().map(|d| numbers(d)).collect(),
        }
    }

    /// The day values, as the experiment keeps them.
    pub fn day_values(&self) -> Vec<Vec<Option<f64>>> {
        self.days
            .iter()
            .map(|d| d.iter().map(|n| n.0).collect())
            .collect()
    }
}

/// A wait histogram as stored: its counters, with only the bins that counted something.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistogramRecord {
    cap: u32,
    zeros: u64,
    /// `[bin, count]` pairs in increasing order of bin.
    bins: Vec<(u32, u64)>,
    overflow: u64,
    max: f64,
}

impl HistogramRecord {
    fn of(histogram: &WaitHistogram) -> Self {
        let HistogramCounts {
            cap,
            zeros,
            bins,
            overflow,
            max,
        } = histogram.counts();
        HistogramRecord {
            cap,
            zeros,
            bins,
            overflow,
            max,
        }
    }

    fn histogram(&self) -> Result<WaitHistogram, String> {
        WaitHistogram::from_counts(&HistogramCounts {
            cap: self.cap,
            zeros: self.zeros,
            bins: self.bins.clone(),
            overflow: self.overflow,
            max: self.max,
        })
    }
}

/// The waits of a part's units of one scenario, pooled ([`PooledWaits`]): counts add exactly, so
/// the merge adds the parts' histograms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WaitsRecord {
    overall: HistogramRecord,
    classes: Vec<HistogramRecord>,
}

impl From<&PooledWaits> for WaitsRecord {
    fn from(waits: &PooledWaits) -> Self {
        WaitsRecord {
            overall: HistogramRecord::of(&waits.overall),
            classes: waits.classes.iter().map(HistogramRecord::of).collect(),
        }
    }
}

impl WaitsRecord {
    /// The pooled waits, or why the stored counters are not a histogram.
    pub fn pooled(&self) -> Result<PooledWaits, String> {
        Ok(PooledWaits {
            overall: self.overall.histogram()?,
            classes: self
                .classes
                .iter()
                .map(HistogramRecord::histogram)
                .collect::<Result<_, _>>()?,
        })
    }
}

/// A whole partial-result file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartialFile {
    /// What the part belongs to and which shard it is.
    #[serde(flatten)]
    pub header: Header,
    /// The shard's units, in the order they were run.
    pub units: Vec<UnitRecord>,
    /// Per scenario of the header, the waits of this part's units pooled.
    pub waits: Vec<WaitsRecord>,
    /// Per scenario of the header, the wall-clock seconds this part spent on its units, for
    /// outputs that report time (`check`'s JUnit file); empty for commands whose outputs do not,
    /// so that their parts stay byte-identical from run to run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seconds: Vec<f64>,
}

impl PartialFile {
    /// Writes the file as one line of JSON.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer(&mut *out, self)?;
        writeln!(out)
    }

    /// Reads the part at `path`, refusing another format or version before reading the rest.
    /// The error names the file.
    pub fn read(path: &Path) -> Result<PartialFile, String> {
        #[derive(Deserialize)]
        struct Probe {
            format: Option<String>,
            format_version: Option<serde_json::Value>,
        }
        let name = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("{name}: cannot read the file: {error}"))?;
        let probe: Probe = serde_json::from_str(&text)
            .map_err(|error| format!("{name}: not a ccsim partial result: {error}"))?;
        if probe.format.as_deref() != Some(FORMAT) {
            return Err(format!(
                "{name}: `format` is {:?}; expected {FORMAT:?} (a file written by `--partial`)",
                probe.format.unwrap_or_default()
            ));
        }
        let version = probe.format_version.unwrap_or(serde_json::Value::Null);
        if version != FORMAT_VERSION {
            return Err(format!(
                "{name}: `format_version` is {version}; this ccsim reads version \
                 {FORMAT_VERSION} only: merge with the ccsim version that wrote the parts"
            ));
        }
        serde_json::from_str(&text).map_err(|error| format!("{name}: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_bit_for_bit() {
        let values = [
            None,
            Some(0.1 + 0.2),
            Some(-0.0),
            Some(f64::MIN_POSITIVE / 3.0),
            Some(1e300),
            Some(f64::INFINITY),
            Some(f64::NEG_INFINITY),
            Some(2.0 / 3.0),
        ];
        let text = serde_json::to_string(&numbers(&values)).unwrap();
        let back = values_of(serde_json::from_str(&text).unwrap());
        for (value, read) in values.iter().zip(&back) {
            assert_eq!(value.map(f64::to_bits), read.map(f64::to_bits), "{text}");
        }
        let nan: Vec<Number> = serde_json::from_str("[\"nan\"]").unwrap();
        assert!(nan[0].0.unwrap().is_nan());
        assert!(serde_json::from_str::<Vec<Number>>("[\"lots\"]").is_err());
    }
}
