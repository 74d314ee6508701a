//! `ccsim merge`: the parts of a sharded command turned into the output one machine would have
//! written.

use super::Failure;
use super::run::Format;
use super::shard::{MergeOutputs, merge_output};
use crate::partial::{Merger, PartialFile};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The partial-result files the shards wrote (`--partial`), in any order.
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,
    /// Format of the output on standard output, as for the command that was sharded
    /// [default: table].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Also write the command's files into this directory, as its `--out` does (run, sweep,
    /// compare).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also write the verdict as JUnit XML to this file, as `check --junit` does (check).
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
}

/// Reads the parts one at a time (each is dropped once its units are taken), checks that they
/// are the whole of one piece of work, and writes its output.
pub fn merge(args: MergeArgs) -> Result<(), Failure> {
    let outputs = MergeOutputs {
        format: args.format,
        out: args.out.as_deref(),
        junit: args.junit.as_deref(),
    };
    let mut merger = Merger::new();
    for path in &args.parts {
        let part = PartialFile::read(path).map_err(Failure::bad_input)?;
        if merger.header().is_none() {
            outputs.check_for(part.header.command)?;
        }
        merger
            .add(&path.display().to_string(), part)
            .map_err(Failure::bad_input)?;
    }
    let (header, merged) = merger.finish().map_err(Failure::bad_input)?;
    merge_output(&header, merged, &outputs)
}
