//! Replication records: partial results of work split across machines, and their merge.
//!
//! A command run with `--shard I/N` runs only its share of the units of work ([`Shard`]: its
//! replications, or (scenario, replication) pairs) and writes a [`PartialFile`]: a header saying
//! which work it belongs to (command, options, scenario fingerprints, seeds, replications,
//! ccsim version, shard) and one [`UnitRecord`] per unit with its
//! [`ReplicationValues`](crate::experiment::ReplicationValues), bit for bit, plus the waits the
//! report pools.
//! [`Merger`] collects the units of every part by index and checks that they cover the work
//! exactly; the caller then summarises them with the same function a single machine uses, so the
//! merged report is byte-identical to the unsharded one.
//!
//! The records are per replication on purpose: besides merging shards, they are what pooling
//! days or scenarios after the fact, and a paired check that re-runs a baseline's seeds, need.

mod merge;
mod record;
mod shard;

pub use merge::{MergedScenario, Merger};
pub use record::{
    CommandKind, FORMAT, FORMAT_VERSION, Header, Number, PartialFile, ScenarioEntry, UnitRecord,
    ValuesRecord, WaitsRecord,
};
pub use shard::{INDEX_VARIABLES, Shard};
