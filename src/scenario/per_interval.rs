//! Values given per interval — arrival rates, forecasts, staffing — written as one number for
//! every interval or as an array with one entry per interval. Stage one reads them; stage two
//! fits them to the intervals once the hours are known.

use super::issue::Issue;
use super::kinds::Kind;
use super::reader::Field;
use super::units::{format_clock, format_duration, interval_adjective};
use crate::model::Hours;

/// A per-interval value as written, with the key it was read from.
#[derive(Debug)]
pub(super) struct PerInterval<T> {
    key: String,
    values: Values<T>,
}

#[derive(Debug)]
enum Values<T> {
    /// One value for every interval.
    Every(T),
    /// One value per interval (not yet checked against the number of intervals).
    Each(Vec<T>),
}

impl<T: Copy> PerInterval<T> {
    /// Reads a number of `kind`, or an array of them.
    pub fn read(field: &Field, kind: &Kind<T>) -> Result<Self, Issue> {
        let values = match field.entries() {
            Some(entries) => Values::Each(
                entries
                    .map(|entry| entry.read(kind))
                    .collect::<Result<_, _>>()?,
            ),
            None => Values::Every((kind.read)(field.value).ok_or_else(|| {
                field.invalid(format!(
                    "{}, or an array of them with one entry per interval",
                    kind.expected
                ))
            })?),
        };
        Ok(PerInterval {
            key: field.key.clone(),
            values,
        })
    }

    /// Dotted key the values were read from.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// One value per interval of `hours`; an array must have exactly that many entries.
    pub fn fit(&self, hours: &Hours) -> Result<Vec<T>, Issue> {
        let count = hours.interval_count();
        match &self.values {
            Values::Every(value) => Ok(vec![*value; count]),
            Values::Each(values) if values.len() == count => Ok(values.clone()),
            Values::Each(values) => Err(Issue::invalid(
                &self.key,
                entries(values.len()),
                format!("{}, or a single value for every interval", intervals(hours)),
            )),
        }
    }
}

fn entries(count: usize) -> String {
    match count {
        1 => "1 entry".to_string(),
        _ => format!("{count} entries"),
    }
}

/// "24 entries, one per 30-minute interval from 08:00 to 20:00", noting a short last interval.
fn intervals(hours: &Hours) -> String {
    let count = hours.interval_count();
    let (open, close) = (format_clock(hours.open), format_clock(hours.close));
    let length = interval_adjective(hours.interval);
    let mut text = match count {
        1 => format!("1 entry, for the single {length} interval from {open} to {close}"),
        _ => format!("{count} entries, one per {length} interval from {open} to {close}"),
    };
    let (start, end) = hours.interval_bounds(count - 1);
    // The same tolerance as `Hours::interval_count`, so rounding never reports a short interval.
    if hours.interval - (end - start) > 1e-9 * hours.interval {
        text += &format!(" (the last one {} long)", format_duration(end - start));
    }
    text
}
