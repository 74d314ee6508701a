//! The caller-contact sections — `[estimate]`, `[self_service]`, `[deflection]`,
//! `[announcement]` and `[callback]` — read into [`Contact`]. Every section but `[estimate]` has
//! an `enabled` switch (see [`super::switch`]); `[redial]` belongs to the classes and is read by
//! [`super::redial`].

use super::callback::{self, RawCallback};
use super::issue::Issue;
use super::kinds::{CALLER_SHARE, DURATION, FLAG, SELF_SERVICE_SHARE};
use super::names::ClassNames;
use super::per_interval::PerInterval;
use super::reader::Table;
use super::switch::{self, Section};
use super::{announcement, schema};
use crate::model::{Announcement, Contact, Deflection, EstimateMethod, Hours, SelfService};

const ESTIMATE: &str = "an [estimate] table such as { method = \"queue_length\" }";

const SELF_SERVICE: &str = "a [self_service] table such as { share = 0.05 }";

const DEFLECTION: &str = "a [deflection] table such as { share = 0.1, when_wait_over = \"3m\" }";

/// The caller-contact sections as written, each checked on its own, switched on or not.
#[derive(Debug)]
pub(super) struct RawContact {
    estimate: EstimateMethod,
    measure_estimates: bool,
    self_service: Option<Section<PerInterval<f64>>>,
    deflection: Option<Section<Deflection>>,
    announcement: Option<Section<Announcement>>,
    callback: Option<Section<RawCallback>>,
}

/// Reads the caller-contact sections of the top level.
pub(super) fn read(root: &Table) -> Result<RawContact, Issue> {
    let estimate = root.optional_table("estimate", ESTIMATE)?;
    Ok(RawContact {
        estimate: method(&estimate)?,
        measure_estimates: estimate.optional("measure", &FLAG)?.unwrap_or(false),
        self_service: switch::read(
            root,
            "self_service",
            SELF_SERVICE,
            schema::SELF_SERVICE,
            |table| {
                let share = table.required_field("share", SELF_SERVICE_SHARE.expected)?;
                PerInterval::read(&share, &SELF_SERVICE_SHARE)
            },
        )?,
        deflection: switch::read(
            root,
            "deflection",
            DEFLECTION,
            schema::DEFLECTION,
            |table| {
                Ok(Deflection {
                    share: table.required("share", &CALLER_SHARE)?,
                    when_wait_over: table.optional("when_wait_over", &DURATION)?,
                })
            },
        )?,
        announcement: switch::read(
            root,
            "announcement",
            announcement::EXPECTED,
            schema::ANNOUNCEMENT,
            announcement::read,
        )?,
        callback: switch::read(
            root,
            "callback",
            callback::EXPECTED,
            schema::CALLBACK,
            callback::read,
        )?,
    })
}

/// The estimator, `queue_length` when not given.
fn method(estimate: &Table) -> Result<EstimateMethod, Issue> {
    let Some(field) = estimate.field("method") else {
        return Ok(EstimateMethod::default());
    };
    let keys = EstimateMethod::ALL.map(EstimateMethod::key);
    let key = field.choice(&keys)?;
    Ok(EstimateMethod::ALL
        .into_iter()
        .find(|method| method.key() == key)
        .unwrap_or_default())
}

/// Builds the contact settings: per-interval shares fitted to the hours, class names resolved.
/// Sections switched off are checked too, then left out.
pub(super) fn build(raw: RawContact, hours: &Hours, names: &ClassNames) -> Result<Contact, Issue> {
    Ok(Contact {
        estimate: raw.estimate,
        measure_estimates: raw.measure_estimates,
        self_service: raw
            .self_service
            .map(|section| {
                section.build(|share| {
                    Ok(SelfService {
                        share: share.fit(hours)?,
                    })
                })
            })
            .transpose()?
            .flatten(),
        deflection: raw.deflection.and_then(Section::on),
        announcement: raw.announcement.and_then(Section::on),
        callback: raw
            .callback
            .map(|section| section.build(|callback| callback::build(callback, names)))
            .transpose()?
            .flatten(),
    })
}
