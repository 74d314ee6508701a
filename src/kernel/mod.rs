//! The simulation kernel: simulated time, the event calendar and seeded random streams.
//!
//! The kernel knows nothing of calls, agents or queues. It orders opaque events in time and hands
//! out reproducible random numbers; [`crate::sim`] gives both their meaning.

mod calendar;
pub mod rng;
mod time;

pub use calendar::{Calendar, EventKey, ScheduleError};
pub use time::SimTime;
