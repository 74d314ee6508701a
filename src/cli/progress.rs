//! Progress bars on standard error, for runs long enough to wonder about. They are drawn only
//! on a terminal: with `--quiet`, or when standard error is a file or a pipe (CI logs), nothing
//! is written at all. Bars tick once per replication, point or simulated day, never per event.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A bar counting `total` units of work named `unit` (plural, such as "replications"), hidden
/// with `quiet` or off a terminal. Its message, if set, follows the counts.
pub fn bar(total: u64, unit: &str, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let template =
        format!("{{bar:40}} {{pos}}/{{len}} {unit}, {{elapsed}} elapsed, ETA {{eta}} {{msg}}");
    ProgressBar::new(total)
        .with_style(ProgressStyle::with_template(&template).expect("valid template"))
}
