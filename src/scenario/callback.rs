//! `[callback]`: offering callers a call back when the wait is long — virtual hold (called back
//! when their turn comes) or a booked call slot — and how agents make the calls. Stage one reads
//! the table; stage two resolves the class names in `classes`.

use super::curve::{self, WAIT};
use super::distribution;
use super::issue::Issue;
use super::kinds::{ATTEMPTS, CLASS_NAME, DURATION, POSITIVE_DURATION, PROBABILITY, SLOT_CAPACITY};
use super::names::ClassNames;
use super::reader::{Field, Table, Written};
use crate::dist::Distribution;
use crate::model::{Callback, CallbackKind, CallbackService};

/// Describes the table for an error message.
pub(super) const EXPECTED: &str = "a [callback] table such as { kind = \"virtual_hold\", \
                                   offer_when_wait_over = \"2m\", accept = 0.6 }";

const KIND: &str = "\"virtual_hold\" (the caller hangs up and is called back when their turn \
                    comes) or \"slot\" (the caller books a call slot)";

const OFFER: &str = "a duration of zero or more such as \"2m\": callbacks are offered to callers \
                     whose estimated wait is longer";

const ACCEPT: &str = "a probability from 0 to 1 such as 0.6, or an array of points such as \
                      [{ wait = \"2m\", probability = 0.4 }, { wait = \"10m\", probability = 0.7 }]";

const SLOT_LENGTH: &str = "a positive duration such as \"30m\", which kind = \"slot\" needs: \
                           the length of each call slot, slots starting at opening time";

const SLOT_ONLY: &str = "`slot_length` and `slot_capacity` only with kind = \"slot\"";

const PROMISE_HOLD_ONLY: &str = "`promise` only with kind = \"virtual_hold\": a slot's promise is \
                                 the end of the slot";

const SLOT_SERVICE: &str = "\"head\" or \"when_idle\" with kind = \"slot\": a booked callback has \
                            no place in the queue to keep";

const CLASSES: &str = "a non-empty array of class names such as [\"vip\"] (leave `classes` out to \
                       offer callbacks to every class)";

/// A callback offer as written, before its class names are resolved.
#[derive(Debug)]
pub(super) struct RawCallback {
    kind: CallbackKind,
    offer_when_wait_over: f64,
    accept: crate::model::Curve,
    service: CallbackService,
    dial_time: Distribution,
    answer_probability: f64,
    retry_after: Distribution,
    max_attempts: u32,
    promise: Option<f64>,
    classes: Option<Vec<Written<String>>>,
}

/// Reads `[callback]`.
pub(super) fn read(table: &Table) -> Result<RawCallback, Issue> {
    let kind_field = table.required_field("kind", KIND)?;
    let kind = kind(table, &kind_field)?;
    let accept = table.required_field("accept", ACCEPT)?;
    Ok(RawCallback {
        kind,
        offer_when_wait_over: table
            .required_field("offer_when_wait_over", OFFER)?
            .read(&DURATION)?,
        accept: curve::read(&accept, &WAIT)?,
        service: service(table, kind)?,
        dial_time: fixed_or_random(table, "dial_time", 30.0)?,
        answer_probability: table
            .optional("answer_probability", &PROBABILITY)?
            .unwrap_or(1.0),
        retry_after: match table.field("retry_after") {
            Some(field) => distribution::retry_delay(&field)?,
            None => Distribution::Deterministic { value: 300.0 },
        },
        max_attempts: table.optional("max_attempts", &ATTEMPTS)?.unwrap_or(3),
        promise: promise(table, kind, &kind_field)?,
        classes: table.field("classes").map(|f| classes(&f)).transpose()?,
    })
}

/// The kind, with the slot settings when, and only when, it is `slot`.
fn kind(table: &Table, field: &Field) -> Result<CallbackKind, Issue> {
    if field.choice(&["virtual_hold", "slot"])? == "slot" {
        return Ok(CallbackKind::Slot {
            length: table
                .required_field("slot_length", SLOT_LENGTH)?
                .read(&POSITIVE_DURATION)?,
            capacity: table
                .required_field("slot_capacity", SLOT_CAPACITY.expected)?
                .read(&SLOT_CAPACITY)?,
        });
    }
    let slot_key = ["slot_length", "slot_capacity"]
        .into_iter()
        .find_map(|key| table.field(key));
    match slot_key {
        Some(slot) => Err(Issue::conflict(slot.key, field.key.clone(), SLOT_ONLY)),
        None => Ok(CallbackKind::VirtualHold),
    }
}

/// When due callbacks are worked: by default in the caller's place for virtual hold, and at the
/// head of the queue for a slot, which has no place to keep.
fn service(table: &Table, kind: CallbackKind) -> Result<CallbackService, Issue> {
    let slot = matches!(kind, CallbackKind::Slot { .. });
    let Some(field) = table.field("service") else {
        return Ok(match slot {
            true => CallbackService::Head,
            false => CallbackService::KeepPlace,
        });
    };
    match field.choice(&["keep_place", "head", "when_idle"])? {
        "keep_place" if slot => Err(field.invalid(SLOT_SERVICE)),
        "keep_place" => Ok(CallbackService::KeepPlace),
        "head" => Ok(CallbackService::Head),
        _ => Ok(CallbackService::WhenIdle),
    }
}

/// A time that may be fixed or random, `default_seconds` always when not given.
fn fixed_or_random(table: &Table, key: &str, default_seconds: f64) -> Result<Distribution, Issue> {
    match table.field(key) {
        Some(field) => distribution::fixed_or_random(&field),
        None => Ok(Distribution::Deterministic {
            value: default_seconds,
        }),
    }
}

/// The promised time to the callback: virtual hold only.
fn promise(table: &Table, kind: CallbackKind, kind_field: &Field) -> Result<Option<f64>, Issue> {
    let Some(field) = table.field("promise") else {
        return Ok(None);
    };
    match kind {
        CallbackKind::VirtualHold => Ok(Some(field.read(&POSITIVE_DURATION)?)),
        CallbackKind::Slot { .. } => Err(Issue::conflict(
            field.key,
            kind_field.key.clone(),
            PROMISE_HOLD_ONLY,
        )),
    }
}

fn classes(field: &Field) -> Result<Vec<Written<String>>, Issue> {
    field
        .non_empty_entries(CLASSES)?
        .map(|entry| entry.read_written(&CLASS_NAME))
        .collect()
}

/// Builds the offer: the classes it names must exist, each named once.
pub(super) fn build(raw: RawCallback, names: &ClassNames) -> Result<Callback, Issue> {
    let mut classes: Vec<usize> = Vec::new();
    for name in raw.classes.iter().flatten() {
        let class = names.index(name)?;
        if classes.contains(&class) {
            return Err(name.invalid("a class not already listed in `classes`"));
        }
        classes.push(class);
    }
    Ok(Callback {
        kind: raw.kind,
        offer_when_wait_over: raw.offer_when_wait_over,
        accept: raw.accept,
        service: raw.service,
        dial_time: raw.dial_time,
        answer_probability: raw.answer_probability,
        retry_after: raw.retry_after,
        max_attempts: raw.max_attempts,
        promise: raw.promise,
        classes,
    })
}
