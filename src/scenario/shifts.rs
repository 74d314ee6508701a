//! `[[shifts]]`: staffing written as the shifts agents work, with their breaks, instead of a
//! count per interval. Stage one reads each shift on its own and checks that its breaks lie
//! inside it; stage two checks it against the opening hours and turns the shifts of a pool into
//! scheduled agents per interval.

use super::issue::Issue;
use super::kinds::{CLOCK, HEADCOUNT, POOL_NAME, POSITIVE_DURATION};
use super::reader::{Field, Table, Written};
use super::schema;
use super::units::{format_clock, format_duration};
use crate::model::Hours;

/// Describes the array of tables for an error message.
pub(super) const EXPECTED: &str = "one [[shifts]] table per group of agents working the same \
                                   hours, such as { start = \"08:00\", end = \"16:30\", agents = \
                                   12, breaks = [{ start = \"12:00\", length = \"30m\" }] }";

const BREAKS: &str = "an array of breaks, each a table such as { start = \"12:00\", length = \
                      \"30m\" }";

/// A shift as written.
#[derive(Debug)]
pub(super) struct RawShift {
    /// Dotted path of the shift, `shifts.2`.
    path: String,
    /// The pool the agents belong to (required with `[[pools]]`, refused without).
    pub pool: Option<Written<String>>,
    start: Written<f64>,
    end: Written<f64>,
    agents: u32,
    breaks: Vec<RawBreak>,
}

#[derive(Debug)]
struct RawBreak {
    start: f64,
    end: f64,
}

/// Reads the `shifts` array of tables; empty when there is none.
pub(super) fn read(root: &Table) -> Result<Vec<RawShift>, Issue> {
    let Some(field) = root.field("shifts") else {
        return Ok(Vec::new());
    };
    field
        .non_empty_entries(EXPECTED)?
        .map(|entry| shift(&entry.table(EXPECTED)?))
        .collect()
}

fn shift(table: &Table) -> Result<RawShift, Issue> {
    table.check_keys(schema::SHIFT)?;
    let start = table
        .required_field("start", CLOCK.expected)?
        .read_written(&CLOCK)?;
    let end = table
        .required_field("end", CLOCK.expected)?
        .read_written(&CLOCK)?;
    if end.value <= start.value {
        return Err(end.invalid(format!(
            "a clock time after the shift's start {}",
            start.text()
        )));
    }
    let mut breaks: Vec<RawBreak> = Vec::new();
    if let Some(field) = table.field("breaks") {
        let entries = field.entries().ok_or_else(|| field.invalid(BREAKS))?;
        for entry in entries {
            let shift_break = a_break(&entry, &start, &end)?;
            if let Some(last) = breaks.last()
                && shift_break.start < last.end
            {
                return Err(Issue::invalid(
                    format!("{}.start", entry.key),
                    format!("\"{}\"", format_clock(shift_break.start)),
                    format!(
                        "a break starting at or after the end of the previous one ({}), breaks \
                         in order",
                        format_clock(last.end)
                    ),
                ));
            }
            breaks.push(shift_break);
        }
    }
    Ok(RawShift {
        path: table.path().to_string(),
        pool: table
            .field("pool")
            .map(|field| field.read_written(&POOL_NAME))
            .transpose()?,
        agents: table.required("agents", &HEADCOUNT)?,
        start,
        end,
        breaks,
    })
}

/// A break, which must lie inside its shift.
fn a_break(entry: &Field, start: &Written<f64>, end: &Written<f64>) -> Result<RawBreak, Issue> {
    let table = entry.table(BREAKS)?;
    table.check_keys(schema::BREAK)?;
    let at = table
        .required_field("start", CLOCK.expected)?
        .read_written(&CLOCK)?;
    let length = table
        .required_field("length", POSITIVE_DURATION.expected)?
        .read_written(&POSITIVE_DURATION)?;
    let inside = format!(
        "within the shift, from {} to {}",
        format_clock(start.value),
        format_clock(end.value)
    );
    if at.value < start.value || at.value >= end.value {
        return Err(at.invalid(format!("a break start {inside}")));
    }
    if at.value + length.value > end.value {
        return Err(length.invalid(format!(
            "a break length that ends {inside} (at most {} from {})",
            format_duration(end.value - at.value),
            at.text()
        )));
    }
    Ok(RawBreak {
        start: at.value,
        end: at.value + length.value,
    })
}

impl RawShift {
    /// Dotted path of the shift, `shifts.2`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Agent-seconds the shift puts on the phones between `from` and `to`: its agents times the
    /// time it covers there, less its breaks.
    fn presence(&self, from: f64, to: f64) -> f64 {
        let overlap = |start: f64, end: f64| (end.min(to) - start.max(from)).max(0.0);
        let on_break: f64 = self.breaks.iter().map(|b| overlap(b.start, b.end)).sum();
        f64::from(self.agents) * (overlap(self.start.value, self.end.value) - on_break)
    }

    /// Refuses a shift outside the opening hours: its agents could answer nothing there.
    fn check_hours(&self, hours: &Hours) -> Result<(), Issue> {
        let within = format!(
            "a clock time within the opening hours, from {} to {}",
            format_clock(hours.open),
            format_clock(hours.close)
        );
        if self.start.value < hours.open {
            return Err(self.start.invalid(within));
        }
        if self.end.value > hours.close {
            return Err(self.end.invalid(within));
        }
        Ok(())
    }
}

/// Scheduled agents per interval from `shifts`: the agent-time they cover in the interval divided
/// by its length. An agent on for 15 minutes of a 30-minute interval, or on a 15-minute break in
/// it, counts as half an agent there; the caller rounds to whole agents after shrinkage.
pub(super) fn scheduled(shifts: &[&RawShift], hours: &Hours) -> Result<Vec<f64>, Issue> {
    for shift in shifts {
        shift.check_hours(hours)?;
    }
    Ok((0..hours.interval_count())
        .map(|index| {
            let (start, end) = hours.interval_bounds(index);
            let present: f64 = shifts.iter().map(|s| s.presence(start, end)).sum();
            present / (end - start)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::document::Document;

    fn shifts(text: &str) -> Result<Vec<RawShift>, Issue> {
        let document = Document::parse(text, "t.toml").unwrap();
        read(&Table::root(document.table(), std::path::Path::new("")))
    }

    fn hours(open: f64, close: f64, interval: f64) -> Hours {
        Hours {
            open: open * 3600.0,
            close: close * 3600.0,
            interval: interval * 60.0,
        }
    }

    fn availability(text: &str, hours: &Hours) -> Vec<f64> {
        let shifts = shifts(text).unwrap();
        let refs: Vec<&RawShift> = shifts.iter().collect();
        scheduled(&refs, hours).unwrap()
    }

    /// 08:00–10:00 in 30-minute intervals. Shift A: 4 agents 08:00–10:00 with a break
    /// 09:00–09:15; shift B: 2 agents 08:45–10:00. Interval by interval: 4; 4 + 2·(15/30) = 5;
    /// 4·(15/30) + 2 = 4; 4 + 2 = 6.
    #[test]
    fn partial_coverage_and_breaks_count_by_the_minute() {
        let text = r#"
[[shifts]]
start = "08:00"
end = "10:00"
agents = 4
breaks = [{ start = "09:00", length = "15m" }]

[[shifts]]
start = "08:45"
end = "10:00"
agents = 2
"#;
        assert_eq!(
            availability(text, &hours(8.0, 10.0, 30.0)),
            [4.0, 5.0, 4.0, 6.0]
        );
    }

    /// A short last interval (08:00–08:45 in 30-minute intervals) divides by its real length.
    #[test]
    fn short_last_interval() {
        let text = "[[shifts]]\nstart = \"08:00\"\nend = \"08:40\"\nagents = 3\n";
        let got = availability(text, &hours(8.0, 8.75, 30.0));
        assert_eq!(got[0], 3.0);
        assert!((got[1] - 3.0 * 10.0 / 15.0).abs() < 1e-12, "{got:?}");
    }

    #[test]
    fn breaks_must_be_inside_their_shift_and_in_order() {
        let shift = "[[shifts]]\nstart = \"08:00\"\nend = \"12:00\"\nagents = 3\n";
        let error = shifts(&format!(
            "{shift}breaks = [{{ start = \"11:45\", length = \"30m\" }}]\n"
        ))
        .unwrap_err();
        assert_eq!(error.key, "shifts.0.breaks.0.length");
        assert!(error.expected.contains("at most 15m"), "{error}");

        let error = shifts(&format!(
            "{shift}breaks = [{{ start = \"07:45\", length = \"15m\" }}]\n"
        ))
        .unwrap_err();
        assert_eq!(error.key, "shifts.0.breaks.0.start");

        let error = shifts(&format!(
            "{shift}breaks = [{{ start = \"10:00\", length = \"30m\" }}, {{ start = \"10:15\", \
             length = \"15m\" }}]\n"
        ))
        .unwrap_err();
        assert_eq!(error.key, "shifts.0.breaks.1.start");
        assert!(error.expected.contains("(10:30)"), "{error}");
    }

    #[test]
    fn shifts_must_lie_within_the_opening_hours() {
        let text = "[[shifts]]\nstart = \"07:30\"\nend = \"09:00\"\nagents = 3\n";
        let shifts = shifts(text).unwrap();
        let error = scheduled(&[&shifts[0]], &hours(8.0, 10.0, 30.0)).unwrap_err();
        assert_eq!(error.key, "shifts.0.start");
        assert!(error.expected.contains("from 08:00 to 10:00"), "{error}");
    }
}
