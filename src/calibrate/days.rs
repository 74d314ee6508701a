//! Which days of a log to use: `--days` (date ranges, lists, or replication numbers for ccsim's
//! own log) and `--weekdays` (`mon-fri`, `sun-thu`, `mon,wed`).

use super::error::FitError;
use jiff::civil::{Date, Weekday};

/// One day of a log: a calendar date, or a number (ccsim's replication) when the log has no dates.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Day {
    /// A calendar date.
    Date(Date),
    /// A numbered day (replication) of a log without dates.
    Number(i64),
}

impl Day {
    /// The day as reports and file names show it: `1999-07-01`, or `day-3`.
    pub fn label(&self) -> String {
        match self {
            Day::Date(date) => date.to_string(),
            Day::Number(n) => format!("day-{n}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Item {
    Dates(Date, Date),
    Numbers(i64, i64),
}

/// A selection of days.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DaySelection {
    items: Vec<Item>,
    weekdays: Option<[bool; 7]>,
    text: String,
}

impl DaySelection {
    /// Reads `--days` (a comma-separated list of days and `FIRST..LAST` ranges, inclusive; dates
    /// `YYYY-MM-DD` or day numbers) and `--weekdays`; `None` for either means no restriction.
    pub fn parse(
        option: &str,
        days: Option<&str>,
        weekdays: Option<&str>,
    ) -> Result<DaySelection, FitError> {
        let mut items = Vec::new();
        for item in days
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let (first, last) = item.split_once("..").unwrap_or((item, item));
            let bad = || {
                FitError::option(
                    option,
                    item,
                    "expected a date YYYY-MM-DD, a day number, or a range FIRST..LAST of either (inclusive), such as 1999-01-01..1999-06-30",
                )
            };
            let parsed = match (first.trim().parse::<Date>(), last.trim().parse::<Date>()) {
                (Ok(a), Ok(b)) => Item::Dates(a, b),
                _ => match (first.trim().parse::<i64>(), last.trim().parse::<i64>()) {
                    (Ok(a), Ok(b)) => Item::Numbers(a, b),
                    _ => return Err(bad()),
                },
            };
            let empty = match parsed {
                Item::Dates(a, b) => a > b,
                Item::Numbers(a, b) => a > b,
            };
            if empty {
                return Err(FitError::option(
                    option,
                    item,
                    "the range ends before it starts",
                ));
            }
            items.push(parsed);
        }
        let weekdays = weekdays.map(parse_weekdays).transpose()?;
        let mut text = days.unwrap_or("all days").to_string();
        if let Some(w) = weekdays.as_ref().and(weekdays_text(weekdays.as_ref())) {
            text += &format!(", {w}");
        }
        Ok(DaySelection {
            items,
            weekdays,
            text,
        })
    }

    /// Whether `day` is selected.
    pub fn contains(&self, day: &Day) -> bool {
        let listed = self.items.is_empty()
            || self.items.iter().any(|item| match (item, day) {
                (Item::Dates(a, b), Day::Date(d)) => a <= d && d <= b,
                (Item::Numbers(a, b), Day::Number(n)) => a <= n && n <= b,
                _ => false,
            });
        let weekday = match (&self.weekdays, day) {
            (None, _) => true,
            (Some(days), Day::Date(d)) => days[d.weekday().to_monday_zero_offset() as usize],
            (Some(_), Day::Number(_)) => false,
        };
        listed && weekday
    }

    /// The selection as the user wrote it, for fit.md.
    pub fn describe(&self) -> &str {
        &self.text
    }
}

const WEEKDAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn weekdays_text(days: Option<&[bool; 7]>) -> Option<String> {
    days.map(|d| {
        let names: Vec<&str> = WEEKDAY_NAMES
            .iter()
            .zip(d)
            .filter(|(_, on)| **on)
            .map(|(n, _)| *n)
            .collect();
        format!("weekdays {}", names.join(","))
    })
}

fn weekday_index(name: &str) -> Option<usize> {
    let name = name.trim().to_ascii_lowercase();
    WEEKDAY_NAMES
        .iter()
        .position(|w| name.starts_with(w) && (name.len() == 3 || weekday_full(w) == name))
}

fn weekday_full(short: &str) -> String {
    let weekday = match short {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        _ => Weekday::Sunday,
    };
    format!("{weekday:?}").to_ascii_lowercase()
}

/// Reads `mon-fri`, `sun-thu` (ranges wrap past Sunday) or `mon,wed,fri`.
fn parse_weekdays(text: &str) -> Result<[bool; 7], FitError> {
    let mut days = [false; 7];
    for item in text.split(',').filter(|s| !s.trim().is_empty()) {
        let bad = || {
            FitError::option(
                "--weekdays",
                item,
                "expected weekday names (mon, tue, ... sun) or a range such as mon-fri or sun-thu",
            )
        };
        let (first, last) = item.split_once('-').unwrap_or((item, item));
        let (a, b) = (
            weekday_index(first).ok_or_else(bad)?,
            weekday_index(last).ok_or_else(bad)?,
        );
        let mut i = a;
        loop {
            days[i] = true;
            if i == b {
                break;
            }
            i = (i + 1) % 7;
        }
    }
    if !days.contains(&true) {
        return Err(FitError::option("--weekdays", text, "no weekday named"));
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Day {
        Day::Date(text.parse().unwrap())
    }

    #[test]
    fn ranges_lists_and_weekdays_combine() {
        let s = DaySelection::parse(
            "--days",
            Some("1999-01-01..1999-06-30,1999-07-04"),
            Some("sun-thu"),
        )
        .unwrap();
        assert!(s.contains(&date("1999-01-03"))); // a Sunday
        assert!(!s.contains(&date("1999-01-01"))); // a Friday
        assert!(!s.contains(&date("1999-07-01")));
        assert!(s.contains(&date("1999-07-04"))); // a Sunday, listed
        assert!(!s.contains(&Day::Number(3)));
    }

    #[test]
    fn numbered_days_and_no_restriction() {
        let s = DaySelection::parse("--days", Some("0..4"), None).unwrap();
        assert!(s.contains(&Day::Number(4)) && !s.contains(&Day::Number(5)));
        assert!(
            DaySelection::parse("--days", None, None)
                .unwrap()
                .contains(&Day::Number(9))
        );
    }

    #[test]
    fn bad_selections_are_refused() {
        assert!(DaySelection::parse("--days", Some("1999-02-30"), None).is_err());
        assert!(DaySelection::parse("--days", Some("5..2"), None).is_err());
        assert!(DaySelection::parse("--days", None, Some("fri-funday")).is_err());
        let weekend = DaySelection::parse("--days", None, Some("sat,sunday")).unwrap();
        assert!(weekend.contains(&date("1999-01-02")) && weekend.contains(&date("1999-01-03")));
    }
}
