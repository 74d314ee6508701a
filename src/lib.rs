//! # ccsim — a discrete-event simulator of contact-centre queues
//!
//! ccsim answers one question for the people who run contact centres: *what happens to our calls —
//! answered in time, missed, abandoned, dropped — if we change staffing, limits or the way we treat
//! callers who wait?*
//!
//! Data flows one way: a scenario file is parsed and validated into a [`Scenario`]
//! ([`scenario`]), the simulation ([`sim`]) runs one replication of it on its own random streams
//! ([`kernel::rng`]), the experiment layer ([`experiment`]) runs many replications in parallel and
//! summarises every metric with a confidence interval ([`stats`]), and [`report`] renders the result
//! as a table, JSON, CSV or a self-contained HTML page with the charts of [`charts`]. A calendar of
//! days of one centre (a [`model::Study`], from a file's `[[days]]`) runs with
//! [`experiment::run_study`], which adds the days' tallies replication by replication so that the
//! week's rates are ratios of the week's totals. The exact Erlang B / C / A formulas in [`analytic`] are the oracles the
//! test suite checks the simulation against.
//!
//! ```
//! let scenario = ccsim::scenario::from_str(
//!     r#"
//!     name = "doc example"
//!     [hours]
//!     open = "08:00"
//!     close = "10:00"
//!     [arrivals]
//!     calls_per_hour = 120
//!     [handle_time]
//!     distribution = "exponential"
//!     mean = "3m"
//!     [patience]
//!     distribution = "exponential"
//!     mean = "2m"
//!     [staffing]
//!     agents = 8
//!     "#,
//!     "doc.toml",
//! )
//! .unwrap();
//! let result = ccsim::experiment::run_replications(&scenario, &ccsim::experiment::RunOptions::default());
//! let offered = result.summary.overall.get("offered").unwrap();
//! assert!(offered.mean > 150.0 && offered.mean < 330.0);
//! ```
#![warn(missing_docs)]

pub mod analytic;
pub mod backtest;
pub mod calibrate;
pub mod charts;
pub mod cli;
pub mod column_file;
pub mod compare;
pub mod dist;
pub mod experiment;
pub mod kernel;
pub mod model;
pub mod partial;
pub mod policy;
pub mod regression;
pub mod report;
pub mod roster;
pub mod scenario;
pub mod sim;
pub mod stats;

pub use model::Scenario;

/// The code of `docs/policies.md`, compiled as a doctest so the guide cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../docs/policies.md")]
pub struct PoliciesGuide;
