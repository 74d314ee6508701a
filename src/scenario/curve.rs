//! Probabilities that depend on what the caller hears or faces — the announced wait, the
//! position in queue, the estimated wait — written as one number, or as points
//! `[{ wait = "2m", probability = 0.1 }, { wait = "10m", probability = 0.4 }]` between which the
//! probability is linear (and flat beyond the first and last).

use super::issue::Issue;
use super::kinds::{DURATION, Kind, POSITION, PROBABILITY};
use super::reader::Field;
use super::units::format_duration;
use crate::model::Curve;

/// What a curve's points are measured in.
pub(super) struct Axis {
    /// The key of a point's quantity.
    key: &'static str,
    /// How the quantity is read.
    kind: &'static Kind<f64>,
    /// An example of the array form.
    example: &'static str,
    /// Completes "expected …" for a point not after the one before it.
    after: fn(f64) -> String,
    /// Added to "expected …" for keys of a point, naming the setting that chose this axis.
    context: &'static str,
}

/// The announced or estimated wait.
pub(super) const WAIT: Axis = Axis {
    key: "wait",
    kind: &DURATION,
    example: "[{ wait = \"2m\", probability = 0.1 }, { wait = \"10m\", probability = 0.4 }]",
    after: |previous| {
        format!(
            "a wait longer than the previous point's (\"{}\"): points in ascending order",
            format_duration(previous)
        )
    },
    context: "",
};

/// The announced or estimated wait, when the choice of axis depends on `content`.
pub(super) const ANNOUNCED_WAIT: Axis = Axis {
    context: " (for content = \"expected_wait\")",
    ..WAIT
};

/// The announced position in queue.
pub(super) const ANNOUNCED_POSITION: Axis = Axis {
    key: "position",
    kind: &POSITION,
    example: "[{ position = 1, probability = 0.0 }, { position = 20, probability = 0.3 }]",
    after: |previous| {
        format!("a position after the previous point's ({previous}): points in ascending order")
    },
    context: " (for content = \"position\")",
};

/// Reads `field`: a probability everywhere, or a non-empty array of points on `axis`, strictly
/// ascending, each with a probability from 0 to 1.
pub(super) fn read(field: &Field, axis: &Axis) -> Result<Curve, Issue> {
    let expected = || {
        format!(
            "a probability from 0 to 1 such as 0.1, or an array of points such as {}",
            axis.example
        )
    };
    let Some(entries) = field.entries() else {
        let probability =
            (PROBABILITY.read)(field.value).ok_or_else(|| field.invalid(expected()))?;
        return Ok(Curve::constant(probability));
    };
    let point_expected = format!(
        "a point such as {{ {} = …, probability = 0.1 }}{}",
        axis.key, axis.context
    );
    let keys = [axis.key, "probability"];
    let mut points: Vec<(f64, f64)> = Vec::new();
    for entry in entries {
        let point = entry.table(&point_expected)?;
        point.check_keys(&keys).map_err(|issue| Issue {
            expected: format!("{}{}", issue.expected, axis.context),
            ..issue
        })?;
        let at = point.required_field(axis.key, axis.kind.expected)?;
        let x = at.read(axis.kind)?;
        if let Some(&(previous, _)) = points.last()
            && x <= previous
        {
            return Err(at.invalid((axis.after)(previous)));
        }
        points.push((x, point.required("probability", &PROBABILITY)?));
    }
    if points.is_empty() {
        return Err(field.invalid(expected()));
    }
    Ok(Curve { points })
}
