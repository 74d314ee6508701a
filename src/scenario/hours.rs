//! `[hours]`: when the centre opens and closes, and how that period is cut into the intervals
//! that staffing, forecasts and reports are given per.

use super::issue::Issue;
use super::kinds::{CLOCK, POSITIVE_DURATION};
use super::reader::Table;
use super::units::{format_clock, format_duration};
use crate::model::Hours;

/// Describes the table for an error message.
pub(super) const EXPECTED: &str =
    "a [hours] table with the opening hours, such as open = \"08:00\" and close = \"20:00\"";

/// The usual WFM planning interval.
const DEFAULT_INTERVAL: f64 = 30.0 * 60.0;

/// More intervals than this is a unit slip (a "30s" interval over a month, say), and would make
/// per-interval arrays impossible to write by hand.
const MAX_INTERVALS: usize = 100_000;

const CLOSE_OR_DURATION: &str = "exactly one of `close` (a clock time such as \"20:00\") or \
                                 `duration` (such as \"200h\", for a long steady-state run)";

/// Reads `[hours]` into opening and closing times and an interval length.
pub(super) fn read(table: &Table) -> Result<Hours, Issue> {
    let open = table.optional("open", &CLOCK)?.unwrap_or(0.0);
    let close = match (table.field("close"), table.field("duration")) {
        (Some(close), None) => {
            let close_at = close.read(&CLOCK)?;
            if close_at <= open {
                return Err(close.invalid(format!(
                    "a clock time after the opening time \"{}\" (for a centre open past \
                     midnight, give `duration` instead)",
                    format_clock(open)
                )));
            }
            close_at
        }
        (None, Some(duration)) => open + duration.read(&POSITIVE_DURATION)?,
        (Some(_), Some(duration)) => {
            let close = table.key("close");
            return Err(Issue::conflict(duration.key, close, CLOSE_OR_DURATION));
        }
        (None, None) => return Err(Issue::incomplete(table.path(), CLOSE_OR_DURATION)),
    };
    let period = close - open;
    let interval_field = table.field("interval");
    let interval = match &interval_field {
        Some(field) => field.read(&POSITIVE_DURATION)?,
        None => DEFAULT_INTERVAL.min(period),
    };
    let hours = Hours {
        open,
        close,
        interval,
    };
    let expected = if interval > period {
        format!(
            "a positive duration no longer than the opening period ({} from {} to {})",
            format_duration(period),
            format_clock(open),
            format_clock(close)
        )
    } else if hours.interval_count() > MAX_INTERVALS {
        format!(
            "an interval that cuts the {} opening period into at most {MAX_INTERVALS} intervals",
            format_duration(period)
        )
    } else {
        return Ok(hours);
    };
    Err(match interval_field {
        Some(field) => field.invalid(expected),
        None => {
            let found = format!("the default \"{}\"", format_duration(interval));
            Issue::invalid(table.key("interval"), found, expected)
        }
    })
}
