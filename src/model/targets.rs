//! The targets an analyst sets beyond the service level of `[service_level]`: ceilings on the
//! abandon rate, the occupancy and the ASA in every interval, and figures the whole day must
//! reach. A day can meet its daily figure with some intervals below it, and intervals can each
//! meet a floor that the day as a whole should beat, so the two scopes are set apart.

/// The targets of one scope (every interval, or the day). `None` sets no target.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct TargetBounds {
    /// Lowest acceptable service level, a share, by the scenario's formula and threshold.
    pub service_level: Option<f64>,
    /// Highest acceptable abandon rate (short abandons excluded), a share.
    pub max_abandon: Option<f64>,
    /// Highest acceptable occupancy, a share.
    pub max_occupancy: Option<f64>,
    /// Highest acceptable ASA (mean wait of answered calls), seconds.
    pub max_asa: Option<f64>,
}

impl TargetBounds {
    /// Whether no target is set.
    pub fn is_empty(&self) -> bool {
        *self == TargetBounds::default()
    }

    /// Every target set as (metric key, bound, whether the bound is a floor), in report order.
    pub fn bounds(&self) -> impl Iterator<Item = (&'static str, f64, bool)> {
        [
            self.service_level.map(|t| ("service_level", t, true)),
            self.max_abandon.map(|c| ("abandon_rate", c, false)),
            self.max_occupancy.map(|c| ("occupancy", c, false)),
            self.max_asa.map(|c| ("asa_s", c, false)),
        ]
        .into_iter()
        .flatten()
    }
}

/// The scenario's `[targets]`: ceilings per interval (the service-level floor per interval is
/// `[service_level].target`), and `[targets.day]`, targets on the day's overall figures.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Targets {
    /// Ceilings every interval must keep under; its `service_level` is always `None`.
    pub interval: TargetBounds,
    /// Targets on the whole day's figures.
    pub day: TargetBounds,
}
