//! Regression checks of scenario outputs: store a run as a baseline, and later re-run the
//! scenario and say whether its results moved — the job of `ccsim baseline` and `ccsim check`
//! in a team's CI (see `docs/ci.md`).
//!
//! A [`Baseline`] is a run's JSON report plus what is needed to re-run and compare it: the seed,
//! the replications, the `--set` overrides, the versions, the scenario's [fingerprint], a
//! bit-exact digest of the results and every replication's values; its statistics are checked
//! against those values when it is read. [`compare`] re-reads both reports and decides per
//! metric, overall, at the end of the day and in every interval:
//!
//! * [`Mode::Exact`]: the same ccsim version, seed and scenario must give the same numbers, bit
//!   for bit; any difference is a regression. This catches every unintended engine change, and
//!   also every intended one, so it needs re-baselining whenever the engine changes.
//! * [`Mode::Statistical`]: a metric is flagged when it moved further than its tolerance (by
//!   default: at all) with significance at family-wise level α over all the metrics of the
//!   scenario, with Holm's correction ([`significance`]). A run of the baseline's seed and
//!   replications is tested replication by replication on the paired differences (common random
//!   numbers cancel most of the noise); a run of another seed, as two independent samples
//!   (Welch). A new seed or an engine that draws its random numbers differently then passes,
//!   unless the numbers really moved. Each metric's minimal detectable change at the chosen power
//!   says what the check can see.
//!
//! A scenario whose fingerprint differs from the baseline's is [`Status::Changed`], not a
//! regression: the team changed what is simulated and should re-baseline if they meant to.
//!
//! The outcome of several scenarios ([`CheckOutcome`]) renders as a table
//! ([`write_check_table`]), JSON ([`check_to_json`]) or JUnit XML ([`write_junit`]).
//!
//! ```
//! use ccsim::experiment::{RunOptions, run_replications};
//! use ccsim::regression::{Baseline, CheckOptions, DEFAULT_POWER, Mode, Status, Tolerances, compare};
//!
//! let mut scenario = ccsim::scenario::from_str(
//!     r#"
//!     name = "doc example"
//!     replications = 10
//!     [hours]
//!     open = "08:00"
//!     close = "10:00"
//!     [arrivals]
//!     calls_per_hour = 120
//!     [handle_time]
//!     distribution = "exponential"
//!     mean = "3m"
//!     [staffing]
//!     agents = 8
//!     "#,
//!     "doc.toml",
//! )
//! .unwrap();
//! let options = RunOptions::default();
//! let baseline = Baseline::new(&run_replications(&scenario, &options), "doc.toml", &[]);
//!
//! // Another seed: other random numbers, the same system.
//! let file_scenario = scenario.clone();
//! scenario.seed = 2;
//! let mode = Mode::Statistical {
//!     alpha: 0.01,
//!     power: DEFAULT_POWER,
//!     tolerances: Tolerances::default(),
//! };
//! let check_options = CheckOptions { mode: &mode, scenario: &file_scenario };
//! let check = compare(&baseline, &run_replications(&scenario, &options), &check_options).unwrap();
//! assert_eq!(check.status, Status::Ok);
//! assert!(!check.paired, "another seed has no pairs");
//! ```

mod baseline;
mod compare;
mod direction;
pub mod fingerprint;
mod json;
mod junit;
mod outcome;
mod report_metrics;
mod samples;
pub mod significance;
mod table;
mod tolerance;
mod validate;

pub use baseline::{BASELINE_FORMAT, Baseline};
pub use compare::{
    CheckOptions, DEFAULT_POWER, Detectable, Finding, INPUT_ECHO_METRICS, MetricCheck, Mode,
    ScenarioChange, ScenarioCheck, Status, compare,
};
pub use direction::Direction;
pub use json::check_to_json;
pub use junit::write_junit;
pub use outcome::{CheckOutcome, CheckedScenario};
pub use report_metrics::Scope;
pub use table::write_check_table;
pub use tolerance::{TOLERANCES_FILE, Tolerances};
