/// The service-level formulas in use in the industry. They give different numbers on the same data,
/// so every report names the one it used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ServiceLevelFormula {
    /// answered_within / offered
    #[default]
    Offered,
    /// answered_within / (answered + abandoned)
    AnsweredAndAbandoned,
    /// answered_within / (answered + abandoned − short_abandons)
    ExcludingShortAbandons,
    /// answered_within / (answered + abandoned_after_threshold)
    AbandonedAfterThreshold,
    /// answered_within / answered
    Answered,
}

impl ServiceLevelFormula {
    /// Every formula, in the order reports list them.
    pub const ALL: [ServiceLevelFormula; 5] = [
        ServiceLevelFormula::Offered,
        ServiceLevelFormula::AnsweredAndAbandoned,
        ServiceLevelFormula::ExcludingShortAbandons,
        ServiceLevelFormula::AbandonedAfterThreshold,
        ServiceLevelFormula::Answered,
    ];

    /// The scenario-file and JSON spelling.
    pub fn key(self) -> &'static str {
        match self {
            ServiceLevelFormula::Offered => "offered",
            ServiceLevelFormula::AnsweredAndAbandoned => "answered_abandoned",
            ServiceLevelFormula::ExcludingShortAbandons => "excluding_short_abandons",
            ServiceLevelFormula::AbandonedAfterThreshold => "abandoned_after_threshold",
            ServiceLevelFormula::Answered => "answered",
        }
    }

    /// The formula written out, as reports print it.
    pub fn formula(self) -> &'static str {
        match self {
            ServiceLevelFormula::Offered => "answered_within / offered",
            ServiceLevelFormula::AnsweredAndAbandoned => "answered_within / (answered + abandoned)",
            ServiceLevelFormula::ExcludingShortAbandons => {
                "answered_within / (answered + abandoned - short_abandons)"
            }
            ServiceLevelFormula::AbandonedAfterThreshold => {
                "answered_within / (answered + abandoned_after_threshold)"
            }
            ServiceLevelFormula::Answered => "answered_within / answered",
        }
    }

    /// Parses a scenario-file spelling.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }
}
