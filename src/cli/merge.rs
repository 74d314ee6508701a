//! `ccsim merge`: the parts of a sharded command turned into the output one machine would have
//! written.

use super::Failure;
use super::run::Format;
use super::shard::merge_output;
use crate::partial::{Merger, PartialFile};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The partial-result files the shards wrote (`--partial`), in any order.
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,
    /// Format of the report on standard output, as for the command that was sharded.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also write the command's files into this directory, as its `--out` does.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Reads the parts one at a time (each is dropped once its units are taken), checks that they
/// are the whole of one piece of work, and writes its output.
pub fn merge(args: MergeArgs) -> Result<(), Failure> {
    let mut merger = Merger::new();
    for path in &args.parts {
        let part = PartialFile::read(path).map_err(Failure::bad_input)?;
        merger
            .add(&path.display().to_string(), part)
            .map_err(Failure::bad_input)?;
    }
    let (header, merged) = merger.finish().map_err(Failure::bad_input)?;
    merge_output(&header, merged, args.format, args.out.as_deref())
}
