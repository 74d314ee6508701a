//! Number and time formatting shared by the table and the CSV/JSON writers.

use crate::sim::metrics::Unit;
use crate::stats::Estimate;

/// Formats seconds since midnight as a clock time: `HH:MM`, or `HH:MM:SS` when the seconds are not
/// zero. Hours go past 24 for runs longer than a day.
pub fn clock_time(seconds: f64) -> String {
    let total = seconds.round() as i64;
    let (hours, minutes, secs) = (total / 3600, (total % 3600) / 60, total % 60);
    if secs == 0 {
        format!("{hours:02}:{minutes:02}")
    } else {
        format!("{hours:02}:{minutes:02}:{secs:02}")
    }
}

/// A name as it may be shown on a terminal: control characters (an escape sequence that would
/// recolour or clear the screen, a carriage return that would overwrite the line) are shown
/// escaped, `\u{1b}`, `\r`, and everything else as written.
pub fn printable(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(name);
    }
    name.chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect::<String>()
        .into()
}

/// Formats a duration as people read one on a wallboard or a WFM report: `m:ss.s`, or
/// `h:mm:ss.s` from an hour on (`0:03.6`, `4:29.8`, `1:02:03.0`), with a leading `-` when
/// negative. The tenth of a second is kept because ASAs and their confidence bounds often differ
/// by less than a second. From a million seconds (11.6 days) on, engineering notation in seconds
/// (`2.40e7 s`) says "unstable" more plainly than hundreds of hours. Machine-read outputs (JSON,
/// CSV) keep plain seconds; this is for tables and pages only.
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() || seconds.abs() >= 1e6 {
        return format!("{seconds:.2e} s");
    }
    let tenths = (seconds.abs() * 10.0).round() as u64;
    let sign = if seconds < 0.0 && tenths > 0 { "-" } else { "" };
    let (hours, minutes) = (tenths / 36_000, tenths / 600 % 60);
    let (secs, tenth) = (tenths / 10 % 60, tenths % 10);
    if hours > 0 {
        format!("{sign}{hours}:{minutes:02}:{secs:02}.{tenth}")
    } else {
        format!("{sign}{minutes}:{secs:02}.{tenth}")
    }
}

/// A change of a duration, always signed: `+0:03.2`, `-1:00.0`.
pub fn duration_change(seconds: f64) -> String {
    let text = duration(seconds);
    if text.starts_with('-') {
        text
    } else {
        format!("+{text}")
    }
}

/// Formats a value for a table according to its unit.
pub(crate) fn value(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Share => format!("{:.1}%", value * 100.0),
        Unit::Seconds | Unit::SignedSeconds => duration(value),
        Unit::Calls => format!("{value:.1}"),
        Unit::Level => format!("{value:.2}"),
    }
}

/// A mean and its confidence interval in little width, for tables with many columns:
/// `81.2% [80.1, 82.3]`, `0:12.3 [0:11.0, 0:13.5]` (the bounds in the mean's unit); `-` when
/// undefined, the mean alone when there is no interval.
pub(crate) fn compact_estimate(estimate: Option<&crate::stats::Estimate>, unit: Unit) -> String {
    let Some(e) = estimate else {
        return "-".into();
    };
    let bound = |x: f64| match unit {
        Unit::Share => format!("{:.1}", x * 100.0),
        Unit::Level => format!("{x:.2}"),
        Unit::Seconds | Unit::SignedSeconds => duration(x),
        Unit::Calls => format!("{x:.1}"),
    };
    match e.ci_low.zip(e.ci_high) {
        Some((low, high)) => format!("{} [{}, {}]", value(e.mean, unit), bound(low), bound(high)),
        None => value(e.mean, unit),
    }
}

/// Writes `header` and `rows` as columns two spaces apart, each as wide as its widest cell:
/// the first `left` columns aligned left (labels), the rest right (numbers). Trailing spaces
/// are trimmed.
pub(crate) fn write_aligned(
    out: &mut dyn std::io::Write,
    header: &[String],
    rows: &[Vec<String>],
    left: usize,
) -> std::io::Result<()> {
    let widths: Vec<usize> = (0..header.len())
        .map(|column| {
            std::iter::once(&header[column])
                .chain(rows.iter().map(|row| &row[column]))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(column, (cell, &width))| {
                if column < left {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

/// ", statistics from HH:MM" when the scenario has a warm-up, for a report's header line.
pub(crate) fn warmup_note(scenario: &crate::model::Scenario) -> String {
    if scenario.warmup > 0.0 {
        format!(
            ", statistics from {}",
            clock_time(scenario.hours.open + scenario.warmup)
        )
    } else {
        String::new()
    }
}

/// The mean of an estimate for its unit, or "-" when the metric is undefined.
pub(crate) fn mean_text(estimate: Option<&Estimate>, unit: Unit) -> String {
    estimate.map_or_else(|| "-".to_string(), |e| value(e.mean, unit))
}

/// The confidence interval of an estimate as "[low, high]", or nothing when there is none.
pub(crate) fn ci_text(estimate: Option<&Estimate>, unit: Unit) -> String {
    match estimate.and_then(|e| e.ci_low.zip(e.ci_high)) {
        Some((low, high)) => format!("[{}, {}]", value(low, unit), value(high, unit)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(printable("Retail day"), "Retail day");
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\ry\n"), "x\\ry\\n");
    }

    #[test]
    fn clock_times() {
        assert_eq!(clock_time(8.0 * 3600.0), "08:00");
        assert_eq!(clock_time(8.0 * 3600.0 + 90.0), "08:01:30");
        assert_eq!(clock_time(25.0 * 3600.0), "25:00");
    }

    #[test]
    fn aligned_columns() {
        let header = ["key", "value"].map(String::from).to_vec();
        let rows = vec![
            ["a", "1.5"].map(String::from).to_vec(),
            ["long key", "10"].map(String::from).to_vec(),
        ];
        let mut out = Vec::new();
        write_aligned(&mut out, &header, &rows, 1).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "key       value\na           1.5\nlong key     10\n"
        );
    }

    #[test]
    fn compact_estimates() {
        let e = crate::stats::Estimate {
            mean: 0.8123,
            std: Some(0.02),
            ci_low: Some(0.8011),
            ci_high: Some(0.8235),
            n: 30,
        };
        assert_eq!(
            compact_estimate(Some(&e), Unit::Share),
            "81.2% [80.1, 82.3]"
        );
        let seconds = crate::stats::Estimate { mean: 12.34, ..e };
        assert_eq!(
            compact_estimate(Some(&seconds), Unit::Seconds),
            "0:12.3 [0:00.8, 0:00.8]"
        );
        let single = crate::stats::Estimate {
            ci_low: None,
            ci_high: None,
            ..e
        };
        assert_eq!(compact_estimate(Some(&single), Unit::Share), "81.2%");
        assert_eq!(compact_estimate(None, Unit::Share), "-");
    }

    #[test]
    fn durations_read_as_minutes_and_seconds() {
        assert_eq!(duration(0.0), "0:00.0");
        assert_eq!(duration(3.64), "0:03.6");
        assert_eq!(duration(59.96), "1:00.0");
        assert_eq!(duration(269.8), "4:29.8");
        assert_eq!(duration(3723.0), "1:02:03.0");
        assert_eq!(duration(-3.2), "-0:03.2");
        assert_eq!(duration(-0.01), "0:00.0");
        assert_eq!(duration(2.4e7), "2.40e7 s");
        assert_eq!(duration(f64::INFINITY), "inf s");
        assert_eq!(duration_change(3.2), "+0:03.2");
        assert_eq!(duration_change(-60.0), "-1:00.0");
    }

    #[test]
    fn values_by_unit() {
        assert_eq!(value(0.8123, Unit::Share), "81.2%");
        assert_eq!(value(23.456, Unit::Seconds), "0:23.5");
        assert_eq!(value(1234.25, Unit::Calls), "1234.2");
    }
}
