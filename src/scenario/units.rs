//! The units of a scenario file as text: durations (`"1h30m"`), clock times (`"08:00"`) and
//! percentages (`"80%"`), both ways — parsed from what an analyst writes, and printed back in the
//! same style when an error message needs to quote a time.
//!
//! Parsers return `None` on anything they do not understand; the caller knows which key it was
//! reading and says what was expected there.

/// Seconds in one unit of a duration, for every spelling accepted.
const DURATION_UNITS: &[(&str, f64)] = &[
    ("ms", 0.001),
    ("s", 1.0),
    ("sec", 1.0),
    ("secs", 1.0),
    ("second", 1.0),
    ("seconds", 1.0),
    ("m", 60.0),
    ("min", 60.0),
    ("mins", 60.0),
    ("minute", 60.0),
    ("minutes", 60.0),
    ("h", 3600.0),
    ("hr", 3600.0),
    ("hrs", 3600.0),
    ("hour", 3600.0),
    ("hours", 3600.0),
];

/// Parses a duration such as `"240s"`, `"4m"`, `"2.5m"`, `"1h30m"`, `"1h 30m"` or `"500ms"` into
/// seconds. A lone number without a unit (`"90"`) means seconds, as a bare TOML number does.
/// Signs are not accepted, so the result is never negative.
///
/// Components go from the largest unit to the smallest, and each after the first must be less
/// than one of the unit before it: `"90m"` and `"1h30m"` are read, but `"1h99m"` (a typo of
/// `"1h09m"`? or `"2h39m"`?) and `"30m1h"` are refused rather than guessed at.
pub fn parse_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Some((seconds, "")) = decimal(text) {
        return Some(seconds);
    }
    let mut rest = text;
    let mut total = 0.0;
    let mut previous_unit = f64::INFINITY;
    while !rest.is_empty() {
        let (amount, after_number) = decimal(rest)?;
        let after_number = after_number.trim_start();
        let unit_len = after_number
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after_number.len());
        let (unit, after_unit) = after_number.split_at(unit_len);
        let unit = unit.to_ascii_lowercase();
        let (_, seconds) = DURATION_UNITS.iter().find(|(name, _)| *name == unit)?;
        let component = amount * seconds;
        if *seconds >= previous_unit || component >= previous_unit {
            return None;
        }
        previous_unit = *seconds;
        total += component;
        rest = after_unit.trim_start();
    }
    (!text.is_empty() && total.is_finite()).then_some(total)
}

/// Parses a clock time `"HH:MM"`, `"HH:MM:SS"` or `"HH:MM:SS.sss"` (one- or two-digit hours,
/// `"24:00"` allowed for midnight at the end of the day) into seconds since midnight.
pub fn parse_clock(text: &str) -> Option<f64> {
    let mut parts = text.trim().split(':');
    let hours = clock_field(parts.next()?, 1..=2, 24)?;
    let minutes = clock_field(parts.next()?, 2..=2, 59)?;
    let seconds = match parts.next() {
        None => 0.0,
        Some(field) => clock_seconds(field)?,
    };
    if parts.next().is_some() || (hours == 24 && (minutes > 0 || seconds > 0.0)) {
        return None;
    }
    Some(f64::from(hours * 3600 + minutes * 60) + seconds)
}

/// The seconds of a clock time: `"05"`, or `"05.25"` with a fraction.
fn clock_seconds(field: &str) -> Option<f64> {
    let (whole, fraction) = match field.split_once('.') {
        None => (field, 0.0),
        Some((whole, digits)) => {
            let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
            let fraction = format!("0.{digits}").parse().ok().filter(|_| all_digits)?;
            (whole, fraction)
        }
    };
    Some(f64::from(clock_field(whole, 2..=2, 59)?) + fraction)
}

fn clock_field(text: &str, digits: std::ops::RangeInclusive<usize>, max: u32) -> Option<u32> {
    if !digits.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|value| *value <= max)
}

/// Parses a percentage such as `"80%"` or `"0.2 %"` into a fraction (0.8, 0.002).
pub(super) fn parse_percent(text: &str) -> Option<f64> {
    let number = text.trim().strip_suffix('%')?.trim_end();
    match decimal(number)? {
        (percent, "") => Some(percent / 100.0),
        _ => None,
    }
}

/// Splits a leading unsigned decimal number (`12`, `2.5`, `.5`, `3.`) off `text`. Exponents and
/// the words `inf` and `nan`, which `f64::from_str` would accept, are deliberately not numbers here.
fn decimal(text: &str) -> Option<(f64, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, rest) = text.split_at(end);
    let has_digit = number.bytes().any(|b| b.is_ascii_digit());
    let value: f64 = number.parse().ok().filter(|_| has_digit)?;
    Some((value, rest))
}

/// Prints seconds since midnight as `"HH:MM"`, or `"HH:MM:SS"` when there are seconds. Hours go
/// past 24 for a long run (`"25:00"`).
pub fn format_clock(seconds: f64) -> String {
    let whole = seconds.round() as u64;
    let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60);
    if secs == 0 {
        format!("{hours:02}:{minutes:02}")
    } else {
        format!("{hours:02}:{minutes:02}:{secs:02}")
    }
}

/// Prints a duration the way a scenario file writes one: `"30m"`, `"1h30m"`, `"25h"`, `"2.5s"`.
/// An infinite duration (an unlimited credit, a forecast with no end) reads "unbounded".
pub fn format_duration(seconds: f64) -> String {
    if seconds.is_infinite() {
        return "unbounded".to_string();
    }
    let whole_minutes = (seconds / 60.0).floor();
    let secs = seconds - whole_minutes * 60.0;
    let (hours, minutes) = ((whole_minutes / 60.0).floor(), whole_minutes % 60.0);
    let mut text = String::new();
    if hours > 0.0 {
        text += &format!("{hours}h");
    }
    if minutes > 0.0 {
        text += &format!("{minutes}m");
    }
    if secs > 0.0 || text.is_empty() {
        text += &format!("{}s", (secs * 1000.0).round() / 1000.0);
    }
    text
}

/// Names an interval length as an adjective: `"30-minute"`, `"1-hour"`, `"90-second"`.
pub(super) fn interval_adjective(seconds: f64) -> String {
    if seconds % 3600.0 == 0.0 {
        format!("{}-hour", seconds / 3600.0)
    } else if seconds % 60.0 == 0.0 {
        format!("{}-minute", seconds / 60.0)
    } else {
        format!("{}-second", (seconds * 1000.0).round() / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_spelling() {
        let cases = [
            ("20s", 20.0),
            ("4m", 240.0),
            ("2.5m", 150.0),
            ("1h30m", 5400.0),
            ("1h 30m", 5400.0),
            ("90s", 90.0),
            ("500ms", 0.5),
            ("3 min", 180.0),
            ("2hr", 7200.0),
            ("10 sec", 10.0),
            ("1H", 3600.0),
            ("90", 90.0),
            (" 0s ", 0.0),
            (".5s", 0.5),
            ("90m", 5400.0),
            ("1h59m59s", 7199.0),
            ("1m 30s 250ms", 90.25),
        ];
        for (text, seconds) in cases {
            assert_eq!(parse_duration(text), Some(seconds), "{text}");
        }
    }

    #[test]
    fn durations_refused() {
        for text in [
            "", "-4m", "4x", "m", "1h30", "1e3s", "inf", "nan", "4m-", "1..5s", ".", "1h99m",
            "1h60m", "1m90s", "30m1h", "1h1h", "1s1500ms",
        ] {
            assert_eq!(parse_duration(text), None, "{text:?}");
        }
    }

    #[test]
    fn clock_times() {
        assert_eq!(parse_clock("08:00"), Some(28_800.0));
        assert_eq!(parse_clock("8:30"), Some(30_600.0));
        assert_eq!(parse_clock("23:59:59"), Some(86_399.0));
        assert_eq!(parse_clock("24:00"), Some(86_400.0));
        assert_eq!(parse_clock("08:00:05.25"), Some(28_805.25));
        for text in [
            "24:00:00.5",
            "08:00:05.",
            "08:00:05.x",
            "08:00:05.-1",
            "08:00.5",
            "24:01",
            "8",
            "08:60",
            "08:0",
            "08:00:60",
            "08:00:00:00",
            "-1:00",
            "8h",
            "",
        ] {
            assert_eq!(parse_clock(text), None, "{text:?}");
        }
    }

    #[test]
    fn percentages() {
        assert_eq!(parse_percent("80%"), Some(0.8));
        assert_eq!(parse_percent("0.2 %"), Some(0.002));
        for text in ["80", "%", "-5%", "80%%", "eighty%"] {
            assert_eq!(parse_percent(text), None, "{text:?}");
        }
    }

    #[test]
    fn printing() {
        assert_eq!(format_clock(28_800.0), "08:00");
        assert_eq!(format_clock(90_000.0), "25:00");
        assert_eq!(format_clock(30_615.0), "08:30:15");
        assert_eq!(format_duration(1800.0), "30m");
        assert_eq!(format_duration(5400.0), "1h30m");
        assert_eq!(format_duration(90_000.0), "25h");
        assert_eq!(format_duration(2.5), "2.5s");
        assert_eq!(format_duration(0.0), "0s");
        assert_eq!(format_duration(f64::INFINITY), "unbounded");
        assert_eq!(interval_adjective(1800.0), "30-minute");
        assert_eq!(interval_adjective(3600.0), "1-hour");
        assert_eq!(interval_adjective(90.0), "90-second");
    }
}
