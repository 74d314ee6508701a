//! The outcome of checking several scenarios, as the renderers and the exit status see it.

use super::compare::{Mode, ScenarioCheck, Status};

/// One scenario's check, with the files it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedScenario {
    /// The scenario file, as given on the command line.
    pub scenario_file: String,
    /// The baseline file it was compared with.
    pub baseline_file: String,
    /// Wall-clock seconds the re-run and comparison took (JUnit reports it; nothing else does,
    /// so that the other outputs stay reproducible).
    pub seconds: f64,
    /// The comparison.
    pub check: ScenarioCheck,
}

/// Every scenario of one `ccsim check`, in the order given.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckOutcome {
    /// How the scenarios were compared.
    pub mode: Mode,
    /// The scenarios.
    pub scenarios: Vec<CheckedScenario>,
}

impl CheckOutcome {
    /// Number of scenarios with this status.
    pub fn count(&self, status: Status) -> usize {
        self.scenarios
            .iter()
            .filter(|s| s.check.status == status)
            .count()
    }

    /// Whether every scenario is [`Status::Ok`].
    pub fn passed(&self) -> bool {
        self.count(Status::Ok) == self.scenarios.len()
    }

    /// One line: how many scenarios regressed, changed and held.
    pub fn tally(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}, {}, {}",
            plural(self.count(Status::Regression), "regression", "regressions"),
            plural(
                self.count(Status::Changed),
                "scenario changed",
                "scenarios changed"
            ),
            plural(self.count(Status::Ok), "scenario ok", "scenarios ok"),
        )
    }
}
