//! Stage one: every table of the scenario read on its own. Unknown keys are refused and each
//! value is checked for its type, unit and range, giving a [`RawScenario`] whose parts may still
//! disagree with each other — that is for [`super::validate`].

use super::calls::{self, RawCalls};
use super::contact::{self, RawContact};
use super::issue::Issue;
use super::kinds::{AFTER_CLOSE, DURATION, NAME, REPLICATIONS, SEED, TEXT};
use super::reader::{Table, Written};
use super::{drops, hours, limits, redial, routing, schema, service_level};
use crate::model::{AfterClose, Drops, Hours, Limits, Redials, Routing, ServiceLevel};

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
    pub hours: Hours,
    pub calls: RawCalls,
    pub routing: Routing,
    pub service_level: ServiceLevel,
    pub limits: Limits,
    pub drops: Drops,
    pub contact: RawContact,
    /// The top-level `[redial]`: the single class's, or the default of every class.
    pub redial: Option<Redials>,
}

/// Reads every table of the scenario, in the order the documentation lists them.
pub(super) fn read(document: &toml::Table) -> Result<RawScenario, Issue> {
    let root = Table::root(document);
    schema::check_keys(&root)?;
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
        hours: hours::read(&root.required_table("hours", hours::EXPECTED)?)?,
        calls: calls::read(&root)?,
        routing: routing::read(&root.optional_table("routing", routing::EXPECTED)?)?,
        service_level: service_level::read(
            &root.optional_table("service_level", service_level::EXPECTED)?,
        )?,
        limits: limits::read(&root.optional_table("limits", limits::EXPECTED)?)?,
        drops: drops::read(&root.optional_table("drops", drops::EXPECTED)?)?,
        contact: contact::read(&root)?,
        redial: redial::read(&root)?,
    })
}
