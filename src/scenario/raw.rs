//! Stage one: every table of the scenario read on its own. Unknown keys are refused and each
//! value is checked for its type, unit and range, giving a [`RawScenario`] whose parts may still
//! disagree with each other — that is for [`super::validate`].

use super::calls::{self, RawCalls};
use super::campaigns::{self, RawCampaign};
use super::contact::{self, RawContact};
use super::forecast::{self, RawForecast};
use super::issue::Issue;
use super::kinds::{AFTER_CLOSE, DURATION, NAME, REPLICATIONS, SEED, TEXT, VOLUME, VOLUME_CV};
use super::reader::{Table, Written};
use super::shift_patterns::{self, RawPattern};
use super::shifts::{self, RawShift};
use super::start::{self, RawStart};
use super::{drops, hours, limits, redial, routing, schema, service_level, targets};
use crate::model::{AfterClose, Drops, Hours, Limits, Redials, Routing, ServiceLevel, Targets};
use std::path::Path;

/// A scenario whose every value is well-formed, before the values are checked against each
/// other.
#[derive(Debug)]
pub(super) struct RawScenario {
    pub name: String,
    pub description: String,
    pub seed: u64,
    pub replications: u32,
    pub warmup: Option<Written<f64>>,
    pub after_close: AfterClose,
    /// The multiplier of every arrival rate, when given.
    pub volume: Option<Written<f64>>,
    /// `uncertainty.volume_cv`, when given.
    pub volume_cv: Option<Written<f64>>,
    pub hours: Hours,
    pub forecast: Option<RawForecast>,
    pub shifts: Vec<RawShift>,
    pub shift_patterns: Vec<RawPattern>,
    pub calls: RawCalls,
    pub routing: Routing,
    pub service_level: ServiceLevel,
    pub targets: Targets,
    pub limits: Limits,
    pub drops: Drops,
    pub start: RawStart,
    pub contact: RawContact,
    /// The top-level `[redial]`: the single class's, or the default of every class.
    pub redial: Option<Redials>,
    /// The `[[campaigns]]`, each read on its own.
    pub campaigns: Vec<RawCampaign>,
}

/// Reads every table of the scenario, in the order the documentation lists them; files the
/// scenario refers to (a forecast) are found relative to `base`, the scenario file's directory.
pub(super) fn read(document: &toml::Table, base: &Path) -> Result<RawScenario, Issue> {
    let root = Table::root(document, base);
    schema::check_keys(&root)?;
    let forecast = forecast::read(&root, base)?;
    let shifts = shifts::read(&root)?;
    let calls = calls::read(
        &root,
        forecast.as_ref().map(RawForecast::key),
        !shifts.is_empty(),
    )?;
    let uncertainty = root.optional_table("uncertainty", "a table such as { volume_cv = 0.1 }")?;
    Ok(RawScenario {
        name: root.required("name", &NAME)?,
        description: root.optional("description", &TEXT)?.unwrap_or_default(),
        seed: root.optional("seed", &SEED)?.unwrap_or(1),
        replications: root.optional("replications", &REPLICATIONS)?.unwrap_or(30),
        warmup: root
            .field("warmup")
            .map(|field| field.read_written(&DURATION))
            .transpose()?,
        after_close: root
            .optional("after_close", &AFTER_CLOSE)?
            .unwrap_or_default(),
        volume: root
            .field("volume")
            .map(|field| field.read_written(&VOLUME))
            .transpose()?,
        volume_cv: uncertainty
            .field("volume_cv")
            .map(|field| field.read_written(&VOLUME_CV))
            .transpose()?,
        hours: hours::read(&root.required_table("hours", hours::EXPECTED)?)?,
        forecast,
        shifts,
        shift_patterns: shift_patterns::read(&root)?,
        calls,
        routing: routing::read(&root.optional_table("routing", routing::EXPECTED)?)?,
        service_level: service_level::read(
            &root.optional_table("service_level", service_level::EXPECTED)?,
        )?,
        targets: targets::read(&root.optional_table("targets", targets::EXPECTED)?)?,
        limits: limits::read(&root.optional_table("limits", limits::EXPECTED)?)?,
        drops: drops::read(&root.optional_table("drops", drops::EXPECTED)?)?,
        start: start::read(&root)?,
        contact: contact::read(&root)?,
        redial: redial::read(&root)?,
        campaigns: campaigns::read(&root)?,
    })
}
