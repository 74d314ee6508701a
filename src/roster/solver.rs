//! The covering problem as an integer program: how many agents start on each (pattern, start
//! time), solved with good_lp's pure-Rust microlp backend (branch and bound over the simplex).

use crate::model::ShiftPattern;
use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable, constraint,
    microlp, variable,
};

/// One way to start a shift: a pattern and one of its start times.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Start {
    /// Index of the pattern in the list given to [`solve`].
    pub pattern: usize,
    /// The clock time, seconds since midnight.
    pub at: f64,
}

/// The cheapest integer numbers of agents per start whose presence covers `need` in every
/// interval: `coverage[s][j]` is the presence one agent on start `s` gives interval `j`, in
/// agents (the share of the interval worked). What a start costs is its pattern's cost, or its
/// paid hours when the patterns have no cost. A pattern's `max_agents` bounds its starts
/// together.
///
/// Returns `None` when no roster meets every need within the limits.
pub fn solve(
    patterns: &[ShiftPattern],
    starts: &[Start],
    coverage: &[Vec<f64>],
    need: &[f64],
) -> Result<Option<Vec<u32>>, String> {
    let mut variables = ProblemVariables::new();
    let agents: Vec<Variable> = starts
        .iter()
        .map(|_| variables.add(variable().integer().min(0)))
        .collect();
    let price = |start: &Start| {
        let pattern = &patterns[start.pattern];
        pattern.cost.unwrap_or(pattern.paid_seconds() / 3600.0)
    };
    let total: Expression = (starts.iter().zip(&agents))
        .map(|(start, x)| price(start) * *x)
        .sum();
    let mut model = variables.minimise(total).using(microlp);
    for (interval, needed) in need.iter().enumerate() {
        if *needed <= 0.0 {
            continue;
        }
        let present: Expression = (coverage.iter().zip(&agents))
            .filter(|(cover, _)| cover[interval] > 0.0)
            .map(|(cover, x)| cover[interval] * *x)
            .sum();
        model = model.with(constraint!(present >= *needed));
    }
    for (index, pattern) in patterns.iter().enumerate() {
        if let Some(limit) = pattern.max_agents {
            let on_pattern: Expression = (starts.iter().zip(&agents))
                .filter(|(start, _)| start.pattern == index)
                .map(|(_, x)| *x)
                .sum();
            model = model.with(constraint!(on_pattern <= f64::from(limit)));
        }
    }
    match model.solve() {
        Ok(solution) => Ok(Some(
            agents
                .iter()
                .map(|x| solution.value(*x).round().max(0.0) as u32)
                .collect(),
        )),
        Err(ResolutionError::Infeasible) => Ok(None),
        Err(error) => Err(error.to_string()),
    }
}
