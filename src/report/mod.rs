//! Rendering experiment results: a readable table, the versioned JSON report, CSV, the
//! self-contained HTML report and the call log.
//!
//! Reporting runs no simulation; it only formats an [`ExperimentResult`](crate::experiment::ExperimentResult).

mod call_log;
mod csv_table;
mod format;
mod html;
mod json;
mod table;

pub use call_log::write_call_log;
pub use csv_table::{CsvRows, write_csv, write_pools_csv};
pub use format::clock_time;
pub use html::write_html;
pub use json::{SCHEMA_VERSION, to_json};
pub use table::write_table;
