//! Dates and times as call-centre exports write them, parsed with `jiff` (never by hand).
//!
//! A time field is read with one format per file: the `--time-format` / `--date-format` given,
//! or the first of the common formats below that reads the file's first value. Every later row
//! must then read with the same format, so a stray value is an error with its line, not a silent
//! guess.

use jiff::civil::Date;
use jiff::fmt::strtime;

/// Date-and-time formats tried, in order, when none is given.
const DATE_TIME_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
];

/// Time-of-day formats tried, in order, when none is given (a separate date column, or days
/// that are not dates, such as ccsim's replications).
const TIME_FORMATS: &[&str] = &["%H:%M:%S%.f", "%H:%M"];

/// Date formats tried, in order, for a separate date column.
const DATE_FORMATS: &[&str] = &["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y%m%d", "%y%m%d"];

/// A moment read from a time field: its date when the field has one, and the seconds since that
/// day's midnight.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moment {
    /// The date, if the field carries one.
    pub date: Option<Date>,
    /// Seconds since midnight (or since the start of the day's log, for plain numbers).
    pub seconds: f64,
}

/// How the values of one time column are read.
#[derive(Clone, Debug, PartialEq)]
pub enum TimeFormat {
    /// A number of seconds (since midnight for times of day; a duration for durations).
    Seconds,
    /// A strftime format with a date and a time of day.
    DateTime(String),
    /// A strftime format with a time of day only.
    TimeOfDay(String),
}

impl TimeFormat {
    /// The format for a column whose first value is `sample`: `given` if set (checked against
    /// the sample), else the first common format that reads it.
    pub fn detect(sample: &str, given: Option<&str>) -> Option<TimeFormat> {
        if let Some(format) = given {
            let format = if has_date(format) {
                TimeFormat::DateTime(format.to_string())
            } else {
                TimeFormat::TimeOfDay(format.to_string())
            };
            return Some(format);
        }
        let sample = sample.trim();
        if sample.parse::<f64>().is_ok_and(f64::is_finite) {
            return Some(TimeFormat::Seconds);
        }
        let date_time = DATE_TIME_FORMATS
            .iter()
            .find(|f| strtime::parse(f, sample).is_ok_and(|t| t.to_datetime().is_ok()))
            .map(|f| TimeFormat::DateTime((*f).to_string()));
        date_time.or_else(|| {
            TIME_FORMATS
                .iter()
                .find(|f| strtime::parse(f, sample).is_ok_and(|t| t.to_time().is_ok()))
                .map(|f| TimeFormat::TimeOfDay((*f).to_string()))
        })
    }

    /// Reads one value, or `None` if it does not fit the format.
    pub fn parse(&self, text: &str) -> Option<Moment> {
        let text = text.trim();
        match self {
            TimeFormat::Seconds => {
                let seconds: f64 = text.parse().ok()?;
                seconds.is_finite().then_some(Moment {
                    date: None,
                    seconds,
                })
            }
            TimeFormat::DateTime(format) => {
                let moment = strtime::parse(format, text).ok()?.to_datetime().ok()?;
                Some(Moment {
                    date: Some(moment.date()),
                    seconds: seconds_of(moment.time()),
                })
            }
            TimeFormat::TimeOfDay(format) => {
                let time = strtime::parse(format, text).ok()?.to_time().ok()?;
                Some(Moment {
                    date: None,
                    seconds: seconds_of(time),
                })
            }
        }
    }

    /// The format as an error message shows it.
    pub fn describe(&self) -> String {
        match self {
            TimeFormat::Seconds => "a number of seconds".to_string(),
            TimeFormat::DateTime(f) | TimeFormat::TimeOfDay(f) => format!("the format \"{f}\""),
        }
    }
}

/// How the values of a date column are read.
#[derive(Clone, Debug, PartialEq)]
pub struct DateFormat(String);

impl DateFormat {
    /// The format for a date column whose first value is `sample`.
    pub fn detect(sample: &str, given: Option<&str>) -> Option<DateFormat> {
        if let Some(format) = given {
            return Some(DateFormat(format.to_string()));
        }
        let sample = sample.trim();
        DATE_FORMATS
            .iter()
            .find(|f| parse_date(f, sample).is_some())
            .map(|f| DateFormat((*f).to_string()))
    }

    /// Reads one date, or `None` if it does not fit.
    pub fn parse(&self, text: &str) -> Option<Date> {
        parse_date(&self.0, text.trim())
    }

    /// The format as an error message shows it.
    pub fn describe(&self) -> String {
        format!("the date format \"{}\"", self.0)
    }
}

fn parse_date(format: &str, text: &str) -> Option<Date> {
    strtime::parse(format, text).ok()?.to_date().ok()
}

fn has_date(format: &str) -> bool {
    ["%Y", "%y", "%d", "%m", "%D", "%F", "%j", "%b", "%e"]
        .iter()
        .any(|directive| format.contains(directive))
}

fn seconds_of(time: jiff::civil::Time) -> f64 {
    f64::from(time.hour()) * 3600.0
        + f64::from(time.minute()) * 60.0
        + f64::from(time.second())
        + f64::from(time.subsec_nanosecond()) * 1e-9
}

/// Reads a duration field: a number of seconds, or a clock-style `H:MM:SS` length.
pub fn parse_duration_field(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return seconds.is_finite().then_some(seconds);
    }
    TimeFormat::TimeOfDay("%H:%M:%S%.f".into())
        .parse(text)
        .map(|m| m.seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moment(format: &TimeFormat, text: &str) -> (Option<String>, f64) {
        let m = format.parse(text).unwrap();
        (m.date.map(|d| d.to_string()), m.seconds)
    }

    #[test]
    fn common_formats_are_detected_and_read() {
        let cases = [
            ("2024-03-05 08:15:30", Some("2024-03-05"), 29_730.0),
            ("2024-03-05T08:15:30.5", Some("2024-03-05"), 29_730.5),
            ("05/03/2024 08:15", Some("2024-03-05"), 29_700.0),
            ("8:15:30", None, 29_730.0),
            ("0:00:31", None, 31.0),
            ("29730.25", None, 29_730.25),
        ];
        for (text, date, seconds) in cases {
            let format = TimeFormat::detect(text, None).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(
                moment(&format, text),
                (date.map(String::from), seconds),
                "{text}"
            );
        }
    }

    #[test]
    fn a_given_format_is_used_and_a_misfit_is_refused() {
        let format = TimeFormat::detect("x", Some("%m/%d/%Y %I:%M %p")).unwrap();
        assert_eq!(
            moment(&format, "03/05/2024 02:15 PM"),
            (Some("2024-03-05".into()), 51_300.0)
        );
        assert!(format.parse("2024-03-05 14:15").is_none());
        assert!(TimeFormat::detect("yesterday", None).is_none());
    }

    #[test]
    fn dates_in_a_separate_column() {
        let bank = DateFormat::detect("990101", None).unwrap();
        assert_eq!(bank.parse("990101").unwrap().to_string(), "1999-01-01");
        let iso = DateFormat::detect("2024-12-31", None).unwrap();
        assert_eq!(iso.parse("2024-12-31").unwrap().to_string(), "2024-12-31");
        assert!(iso.parse("31/12/2024").is_none());
    }

    #[test]
    fn durations_are_seconds_or_clock_lengths() {
        assert_eq!(parse_duration_field("153"), Some(153.0));
        assert_eq!(parse_duration_field("0:02:33"), Some(153.0));
        assert_eq!(parse_duration_field("soon"), None);
    }
}
