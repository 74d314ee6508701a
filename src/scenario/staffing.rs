//! The staffing of one pool — `[staffing]`, or one `[[pools]]` table — from whichever source the
//! file gives: a count of agents per interval, `[[shifts]]`, or the agents column of a forecast;
//! then shrinkage, to turn the agents scheduled into the agents on the phones.

use super::issue::Issue;
use super::kinds::{AGENTS, SHRINKAGE};
use super::per_interval::PerInterval;
use super::reader::Table;
use super::shifts::{self, RawShift};
use crate::model::{Hours, on_the_phones};

/// A pool's agents on the phones per interval: whole agents (the ceiling of a fractional
/// count), and the count itself when some interval's is not whole; with the shrinkage that was
/// taken off the scheduled agents to get them (0 without one).
#[derive(Debug, PartialEq)]
pub(super) struct Staffing {
    pub agents: Vec<u32>,
    pub fractional: Option<Vec<f64>>,
    pub shrinkage: Vec<f64>,
}

impl Staffing {
    fn whole(agents: Vec<u32>) -> Self {
        Staffing {
            shrinkage: vec![0.0; agents.len()],
            agents,
            fractional: None,
        }
    }
}

/// A pool's staffing as written: the count (if given) and the shrinkage (if given).
#[derive(Debug)]
pub(super) struct RawStaffing {
    /// Dotted path of the table, `staffing` or `pools.1`.
    path: String,
    agents: Option<PerInterval<f64>>,
    shrinkage: Option<PerInterval<f64>>,
}

impl RawStaffing {
    /// Reads `agents` and `shrinkage` from `table`, both optional here: shifts or a forecast may
    /// give the agents instead.
    pub fn read(table: &Table) -> Result<Self, Issue> {
        Ok(RawStaffing {
            path: table.path().to_string(),
            agents: table
                .field("agents")
                .map(|field| PerInterval::read(&field, &AGENTS))
                .transpose()?,
            shrinkage: table
                .field("shrinkage")
                .map(|field| PerInterval::read(&field, &SHRINKAGE))
                .transpose()?,
        })
    }

    /// Agents on the phones per interval. The scheduled agents come from `agents`, else from the
    /// pool's `shifts`, else from the forecast's agents column (`forecast`); giving both a count
    /// and shifts is refused. Shrinkage then takes its share away, and the result is rounded to
    /// the nearest whole agent (halves up), as it always was; without shrinkage a count is used
    /// exactly as written, fractional counts included (average presence, see
    /// [`crate::model::AgentPool::fractional`]).
    pub fn fit(
        &self,
        shifts: &[&RawShift],
        forecast: Option<&[f64]>,
        hours: &Hours,
        expected: &str,
    ) -> Result<Staffing, Issue> {
        let scheduled: Vec<f64> = match (&self.agents, shifts.first()) {
            (Some(agents), Some(shift)) => {
                return Err(Issue::conflict(
                    shift.path(),
                    agents.key(),
                    format!(
                        "either a count of agents (`{}`) or [[shifts]] for a pool, not both",
                        agents.key()
                    ),
                ));
            }
            (Some(agents), None) => {
                let agents = agents.fit(hours)?;
                if self.shrinkage.is_none() {
                    return Ok(as_written(agents));
                }
                agents
            }
            (None, Some(_)) => shifts::scheduled(shifts, hours)?,
            (None, None) => match forecast {
                // Like a count: fractional agents are an average presence.
                Some(agents) if self.shrinkage.is_none() => return Ok(as_written(agents.to_vec())),
                Some(agents) => agents.to_vec(),
                None => {
                    return Err(Issue::missing(format!("{}.agents", self.path), expected));
                }
            },
        };
        let shrinkage = match &self.shrinkage {
            Some(shrinkage) => shrinkage.fit(hours)?,
            None => vec![0.0; scheduled.len()],
        };
        let agents = scheduled
            .iter()
            .zip(&shrinkage)
            .map(|(agents, shrinkage)| on_the_phones(*agents, *shrinkage))
            .collect();
        Ok(Staffing {
            agents,
            fractional: None,
            shrinkage,
        })
    }
}

/// A count of agents used as written: whole agents per interval, or their ceilings with the
/// fractional counts beside them.
fn as_written(agents: Vec<f64>) -> Staffing {
    let ceilings = agents.iter().map(|x| x.ceil() as u32).collect();
    match agents.iter().all(|x| x.fract() == 0.0) {
        true => Staffing::whole(ceilings),
        false => Staffing {
            shrinkage: vec![0.0; agents.len()],
            agents: ceilings,
            fractional: Some(agents),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinkage_rounds_to_the_nearest_agent_halves_up() {
        assert_eq!(on_the_phones(10.0, 0.3), 7);
        assert_eq!(on_the_phones(11.0, 0.3), 8); // 7.7
        assert_eq!(on_the_phones(12.0, 0.3), 8); // 8.4
        assert_eq!(on_the_phones(15.0, 0.3), 11); // 10.5, computed as 10.499999999999998
        assert_eq!(on_the_phones(5.0, 0.0), 5);
        assert_eq!(on_the_phones(0.0, 0.5), 0);
        assert_eq!(on_the_phones(4.5, 0.0), 5); // half agents from shifts
    }

    /// The scheduled agents `staff` prints, pasted back, leave at least the on-phone
    /// requirement on the phones — and never more than one agent over it.
    #[test]
    fn scheduled_agents_pasted_back_cover_the_requirement() {
        use crate::model::scheduled_agents;
        // Without shrinkage the two units are the same.
        for on_phones in 0..50 {
            assert_eq!(scheduled_agents(on_phones, 0.0), on_phones);
        }
        // 30 %: 7 / 0.7 = 10 exactly (10.000000000000002 in floating point), 14 / 0.7 = 20;
        // 8 / 0.7 = 11.43 is rounded up to 12.
        assert_eq!(scheduled_agents(7, 0.3), 10);
        assert_eq!(scheduled_agents(14, 0.3), 20);
        assert_eq!(scheduled_agents(21, 0.3), 30);
        assert_eq!(scheduled_agents(8, 0.3), 12);
        assert_eq!(scheduled_agents(1, 0.3), 2);
        // 25 %: 3 / 0.75 = 4 exactly; 4 / 0.75 = 5.33 is rounded up to 6, which the loader turns
        // into 4.5 agents on the phones and so 5: one more than asked for, never one fewer.
        assert_eq!(scheduled_agents(3, 0.25), 4);
        assert_eq!(scheduled_agents(4, 0.25), 6);
        assert_eq!(on_the_phones(6.0, 0.25), 5);
        assert_eq!(scheduled_agents(0, 0.3), 0);
        for shrinkage in [0.0, 0.05, 0.1, 0.25, 0.3, 0.333, 0.5, 0.9] {
            for on_phones in 0..200 {
                let scheduled = scheduled_agents(on_phones, shrinkage);
                let back = on_the_phones(f64::from(scheduled), shrinkage);
                assert!(
                    (on_phones..=on_phones + 1).contains(&back),
                    "{on_phones} on the phones at {shrinkage}: {scheduled} scheduled give {back}"
                );
                // And it is the fewest that do, by the planner's rule.
                if scheduled > 0 {
                    let fewer = f64::from(scheduled - 1) * (1.0 - shrinkage);
                    assert!(
                        fewer < f64::from(on_phones) - 1e-9,
                        "{scheduled} is not the fewest"
                    );
                }
            }
        }
    }

    #[test]
    fn fractional_counts_keep_their_value_beside_the_ceiling() {
        assert_eq!(as_written(vec![3.0, 5.0]), Staffing::whole(vec![3, 5]));
        assert_eq!(
            as_written(vec![3.4, 5.0, 0.25]),
            Staffing {
                agents: vec![4, 5, 1],
                fractional: Some(vec![3.4, 5.0, 0.25]),
                shrinkage: vec![0.0; 3],
            }
        );
    }
}
