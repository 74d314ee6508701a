//! Shift patterns: the shapes of shift a roster may use, for `ccsim staff --shifts` to choose
//! how many agents start on each (see [`crate::roster`]). They describe what is allowed, not who
//! works: a scenario's staffing still comes from `agents` or `[[shifts]]`.

/// One allowed shape of shift for the agents of a pool.
#[derive(Clone, Debug, PartialEq)]
pub struct ShiftPattern {
    /// The pattern's name, unique in the scenario.
    pub name: String,
    /// Index of the pool in [`crate::model::Scenario::pools`] whose agents work it.
    pub pool: usize,
    /// From the start of the shift to its end, seconds.
    pub length: f64,
    /// The clock times a shift of this pattern may start at, ascending, each leaving the whole
    /// shift within the opening hours.
    pub starts: Vec<f64>,
    /// Breaks, in order, placed relative to the shift's start.
    pub breaks: Vec<PatternBreak>,
    /// What one agent working one shift of this pattern costs, when the scenario prices its
    /// patterns; without costs, the planner minimises paid hours.
    pub cost: Option<f64>,
    /// The most agents who may work this pattern over all its start times.
    pub max_agents: Option<u32>,
}

/// A break within a shift pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternBreak {
    /// Seconds from the start of the shift to the start of the break.
    pub after: f64,
    /// Length of the break, seconds.
    pub length: f64,
    /// Whether the break is paid time (a short rest usually is, a meal break usually is not).
    pub paid: bool,
}

impl ShiftPattern {
    /// Paid seconds of one shift: its length less its unpaid breaks.
    pub fn paid_seconds(&self) -> f64 {
        let unpaid: f64 = (self.breaks.iter())
            .filter(|b| !b.paid)
            .map(|b| b.length)
            .sum();
        self.length - unpaid
    }

    /// The seconds within `[from, to)` that one agent starting this pattern at `start` is on
    /// shift and not on a break.
    pub fn presence(&self, start: f64, from: f64, to: f64) -> f64 {
        let overlap = |a: f64, b: f64| (b.min(to) - a.max(from)).max(0.0);
        let on_break: f64 = (self.breaks.iter())
            .map(|b| overlap(start + b.after, start + b.after + b.length))
            .sum();
        overlap(start, start + self.length) - on_break
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern() -> ShiftPattern {
        ShiftPattern {
            name: "day".into(),
            pool: 0,
            length: 8.5 * 3600.0,
            starts: vec![8.0 * 3600.0],
            breaks: vec![
                PatternBreak {
                    after: 2.0 * 3600.0,
                    length: 900.0,
                    paid: true,
                },
                PatternBreak {
                    after: 4.0 * 3600.0,
                    length: 1800.0,
                    paid: false,
                },
            ],
            cost: None,
            max_agents: None,
        }
    }

    #[test]
    fn paid_time_leaves_out_unpaid_breaks_only() {
        assert_eq!(pattern().paid_seconds(), 8.0 * 3600.0);
    }

    #[test]
    fn presence_counts_the_shift_less_its_breaks_by_the_second() {
        let p = pattern();
        let start = 8.0 * 3600.0;
        // 10:00–10:30 holds the 15-minute break: half of it present.
        assert_eq!(p.presence(start, 10.0 * 3600.0, 10.5 * 3600.0), 900.0);
        // 12:00–12:30 is the meal break: nobody.
        assert_eq!(p.presence(start, 12.0 * 3600.0, 12.5 * 3600.0), 0.0);
        // 16:00–17:00: present until the end at 16:30.
        assert_eq!(p.presence(start, 16.0 * 3600.0, 17.0 * 3600.0), 1800.0);
        // Before the start.
        assert_eq!(p.presence(start, 7.0 * 3600.0, 8.0 * 3600.0), 0.0);
    }
}
