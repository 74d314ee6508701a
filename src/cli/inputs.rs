//! What every simulating subcommand does before it runs: parse `--set`, load every scenario (all
//! errors at once, before any simulation time is spent), and set up the progress bar.

use super::Failure;
use crate::Scenario;
use crate::scenario::{self, Override};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

/// Parses `KEY=VALUE` overrides.
pub fn parse_overrides(raw: &[String]) -> Result<Vec<Override>, Failure> {
    raw.iter()
        .map(|text| {
            text.parse::<Override>()
                .map_err(|e| Failure::bad_input(e.to_string()))
        })
        .collect()
}

/// Loads every scenario before anything runs, reporting every one that fails, so a typo in the
/// last file costs no simulation time.
pub fn load_all(paths: &[PathBuf], overrides: &[Override]) -> Result<Vec<Scenario>, Failure> {
    let mut scenarios = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match scenario::load(path, overrides) {
            Ok(loaded) => scenarios.push(loaded),
            Err(error) => errors.push(error.to_string()),
        }
    }
    if errors.is_empty() {
        Ok(scenarios)
    } else {
        Err(Failure::bad_input(errors.join("\nerror: ")))
    }
}

/// A progress bar over all the replications to run, on standard error; hidden with `quiet`, and
/// by indicatif itself when standard error is not a terminal (CI logs stay clean).
pub fn progress_bar(replications: impl Iterator<Item = u32>, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let total = replications.map(u64::from).sum();
    ProgressBar::new(total).with_style(
        ProgressStyle::with_template(
            "{bar:40} {pos}/{len} replications, {elapsed} elapsed, ETA {eta}",
        )
        .expect("valid template"),
    )
}
