//! Statistics for replicated simulation output.
//!
//! ccsim estimates every metric from independent replications: each replication is one simulated
//! day on its own random streams, so its totals and averages are independent, identically
//! distributed observations of the quantity of interest. The experiment layer turns the values of
//! the replications into an [`Estimate`], a mean with a 95 % Student-t confidence interval, so that
//! every reported number carries its own uncertainty and two configurations are not declared
//! different on noise.
//!
//! Inside a replication, [`TimeAverage`] integrates levels that change at events (queue length,
//! busy agents) and [`WaitHistogram`] keeps the waiting-time distribution for percentiles in fixed
//! memory. Across replications, [`Welford`] accumulates means and variances in one pass, and
//! [`paired_difference`] (with [`paired_t_test`]) and [`welch_t_test`] (with
//! [`welch_half_width`]) compare two configurations: the former on common random numbers, the
//! latter for independent runs. The t distribution itself
//! ([`student_t_quantile`], [`student_t_cdf`]) is implemented here to full double precision.
//! [`kaplan_meier`] estimates a survival function (patience) from censored observations.

mod compare;
mod estimate;
mod histogram;
mod special;
mod student_t;
mod survival;
mod time_average;
mod welford;

pub use compare::{paired_difference, paired_t_test, welch_half_width, welch_t_test};
pub use estimate::{DEFAULT_CONFIDENCE_LEVEL, Estimate};
pub use histogram::{HistogramCounts, WaitHistogram};
pub use student_t::{student_t_cdf, student_t_quantile};
pub use survival::{KaplanMeier, SurvivalError, SurvivalStep, kaplan_meier};
pub use time_average::TimeAverage;
pub use welford::Welford;
