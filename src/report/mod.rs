//! Rendering experiment results: a readable table, the versioned JSON report, CSV, the
//! self-contained HTML report and the call log.
//!
//! Reporting runs no simulation; it only formats the Erlang calculator's results, an
//! [`ExperimentResult`](crate::experiment::ExperimentResult), a
//! [`Sweep`](crate::experiment::sweep::Sweep) or a
//! [`Staffing`](crate::experiment::staffing::Staffing).

mod call_log;
pub mod csv_cell;
mod csv_table;
mod erlang;
mod format;
mod html;
mod json;
mod markup;
mod roster;
mod staffing;
mod sweep;
mod table;
mod target;

pub use call_log::{CALL_LOG_COLUMNS, write_call_log};
pub use csv_table::{CsvRows, ExtraColumns, write_csv, write_csv_with, write_pools_csv};
pub use erlang::{
    ERLANG_SCHEMA_VERSION, ErlangReport, Evaluated, IntervalRow, IntervalTable, Required,
    StaffingTable, erlang_to_json, write_erlang_csv, write_erlang_table,
};
pub(crate) use format::value as format_value;
pub use format::{clock_time, duration, duration_change};
pub(crate) use format::{mean_text, value, write_aligned};
pub(crate) use html::write_page_start as write_html_page_start;
pub use html::{HtmlSection, write_html, write_html_with};
pub use json::{SCHEMA_VERSION, to_json};
pub(crate) use markup::escape_markup;
pub use roster::{roster_to_json, roster_to_toml, write_roster_table};
pub use staffing::{
    STAFFING_SCHEMA_VERSION, StaffingForm, staffing_line, staffing_to_json, write_staffing_csv,
    write_staffing_table,
};
pub use sweep::{
    SWEEP_SCHEMA_VERSION, sweep_to_json, write_sweep_csv, write_sweep_html, write_sweep_table,
};
pub(crate) use table::applies;
pub use table::write_table;
pub use target::{IntervalCount, Verdict};
