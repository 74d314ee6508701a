//! Small normalisers for the cells of forecast exports, each tested below: the separator,
//! decimal commas, interval ranges, 12-hour clocks and mm:ss handle times. The clock and
//! duration parsing itself is the scenario's ([`parse_clock`], [`parse_duration`]) and jiff's.

use super::super::units::{parse_clock, parse_duration};
use jiff::fmt::strtime;
use std::borrow::Cow;

/// The separator of a CSV from its header line: a tab or a semicolon where it occurs more often
/// than a comma (exports for locales with decimal commas use them), else a comma.
pub(super) fn separator(header: &str) -> u8 {
    let count = |c: char| header.matches(c).count();
    let commas = count(',');
    [(b'\t', count('\t')), (b';', count(';'))]
        .into_iter()
        .filter(|(_, n)| *n > commas)
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(separator, _)| separator)
}

/// `text` with a decimal comma made a point ("12,5" → "12.5") where the separator is not a
/// comma; a number with both a comma and a point is left as it is (and refused).
fn decimal_point(text: &str, separator: u8) -> Cow<'_, str> {
    if separator != b',' && text.matches(',').count() == 1 && !text.contains('.') {
        Cow::Owned(text.replace(',', "."))
    } else {
        Cow::Borrowed(text)
    }
}

/// A finite number, with a decimal comma where the separator allows one.
pub(super) fn number(text: &str, separator: u8) -> Option<f64> {
    decimal_point(text.trim(), separator)
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// A clock time, seconds since midnight: "08:30", "08:30:00", or a 12-hour clock such as
/// "8:30 AM", "08:30PM" or "12:00 pm" (noon).
pub(super) fn clock(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Some(seconds) = parse_clock(text) {
        return Some(seconds);
    }
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect::<String>()
        .to_uppercase();
    ["%I:%M%p", "%I:%M:%S%p"].iter().find_map(|format| {
        let time = strtime::parse(format, &compact).ok()?.to_time().ok()?;
        Some(
            f64::from(time.hour()) * 3600.0
                + f64::from(time.minute()) * 60.0
                + f64::from(time.second()),
        )
    })
}

/// An interval cell: its start, and its end when the cell is a range such as "08:00 - 08:30",
/// "08:00-08:30" or "8:00 AM – 8:30 AM".
pub(super) fn interval(text: &str) -> Option<(f64, Option<f64>)> {
    match text.split_once(['-', '–']) {
        Some((start, end)) => Some((clock(start)?, Some(clock(end)?))),
        None => Some((clock(text)?, None)),
    }
}

/// A handle time in seconds: a duration as the scenario writes one ("270", "4m30s"), a decimal
/// with a comma where the separator allows one, or mm:ss ("4:30") or h:mm:ss ("0:04:30").
pub(super) fn handle_time(text: &str, separator: u8) -> Option<f64> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(':').collect();
    match parts.len() {
        1 => parse_duration(&decimal_point(text, separator)),
        // m:ss is h:mm:ss with no hours: "4:30" is "0:04:30".
        2 => parse_clock(&format!("0:{:0>2}:{}", parts[0], parts[1])),
        3 => parse_clock(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_detected_from_the_header() {
        assert_eq!(separator("Interval,Calls,AHT"), b',');
        assert_eq!(separator("Interval;Calls;AHT"), b';');
        assert_eq!(separator("Interval\tCalls\tAHT"), b'\t');
        // A comma inside one header does not outvote the semicolons.
        assert_eq!(separator("Interval;Calls, offered;AHT"), b';');
    }

    #[test]
    fn decimal_commas_only_with_another_separator() {
        assert_eq!(number("12,5", b';'), Some(12.5));
        assert_eq!(number("12,5", b'\t'), Some(12.5));
        assert_eq!(number(" 12.5 ", b';'), Some(12.5));
        assert_eq!(number("12,5", b','), None);
        assert_eq!(number("1.234,5", b';'), None);
        assert_eq!(number("inf", b';'), None);
    }

    #[test]
    fn twelve_hour_clocks() {
        assert_eq!(clock("8:00 AM"), Some(8.0 * 3600.0));
        assert_eq!(clock("08:30PM"), Some(20.5 * 3600.0));
        assert_eq!(clock("12:00 pm"), Some(12.0 * 3600.0));
        assert_eq!(clock("12:30 a.m."), Some(0.5 * 3600.0));
        assert_eq!(clock("08:30"), Some(8.5 * 3600.0));
        assert_eq!(clock("13:00 PM"), None);
        assert_eq!(clock("8 o'clock"), None);
    }

    #[test]
    fn interval_ranges() {
        assert_eq!(interval("08:00 - 08:30"), Some((28800.0, Some(30600.0))));
        assert_eq!(interval("08:00-08:30"), Some((28800.0, Some(30600.0))));
        assert_eq!(
            interval("8:00 AM – 8:30 AM"),
            Some((28800.0, Some(30600.0)))
        );
        assert_eq!(interval("08:00"), Some((28800.0, None)));
        assert_eq!(interval("08:00 -"), None);
    }

    #[test]
    fn handle_times_as_durations_and_clocks() {
        assert_eq!(handle_time("270", b','), Some(270.0));
        assert_eq!(handle_time("4m30s", b','), Some(270.0));
        assert_eq!(handle_time("270,5", b';'), Some(270.5));
        assert_eq!(handle_time("4:30", b','), Some(270.0));
        assert_eq!(handle_time("04:30", b','), Some(270.0));
        assert_eq!(handle_time("0:04:30", b','), Some(270.0));
        assert_eq!(handle_time("1:02:03", b','), Some(3723.0));
        assert_eq!(handle_time("4:75", b','), None);
        assert_eq!(handle_time("1:2:3:4", b','), None);
    }
}
