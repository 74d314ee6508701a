//! `[forecast]`: arrivals, handle times and optionally staffing from an interval forecast CSV, as
//! workforce-management tools export it. Stage one reads the file and checks every cell on its
//! own; stage two matches the rows to the scenario's intervals and classes.
//!
//! A problem in the CSV is reported in the CSV: its path, the line and column of the cell, the
//! column's header as the key, the value found and what would be accepted.
//!
//! Exports of real workforce-management tools differ in small ways, and each is read as the
//! analyst means it ([`layout`] has the normalisers): a byte-order mark and CRLF line ends, `;`
//! or tab separators (detected from the header line), decimal commas with those separators,
//! interval ranges ("08:00 - 08:30"), 12-hour clocks ("8:00 AM"), handle times as mm:ss or
//! h:mm:ss, fractional agents (an average presence), and columns ccsim does not use (ignored,
//! and listed by [`RawForecast::ignored_columns`] for a note).

mod layout;

use super::issue::{Issue, one_of};
use super::kinds::FILE;
use super::reader::{Table, Written};
use super::suggest;
use super::units::{format_clock, format_duration, interval_adjective};
use crate::column_file::{field_column, read_regular_text, refused_row};
use crate::dist::Distribution;
use crate::model::Hours;
use std::path::Path;

/// Describes the table for an error message.
pub(super) const EXPECTED: &str =
    "a [forecast] table with the interval forecast CSV, such as { file = \"forecast.csv\" }";

/// The columns a forecast may have, each with the header spellings accepted for it (compared
/// after lower-casing and turning spaces and dashes into underscores).
const COLUMNS: [(Column, &[&str]); 5] = [
    (
        Column::Interval,
        &["interval", "interval_start", "start", "start_time", "time"],
    ),
    (
        Column::Calls,
        &["calls", "offered", "calls_offered", "volume", "contacts"],
    ),
    (
        Column::Aht,
        &["aht", "aht_s", "handle_time", "average_handle_time"],
    ),
    (Column::Class, &["class", "queue", "call_type"]),
    (
        Column::Agents,
        &["agents", "scheduled", "scheduled_agents", "staff"],
    ),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Interval,
    Calls,
    Aht,
    Class,
    Agents,
}

/// One cell as read, with where it is, for messages about it found after reading.
#[derive(Debug, Clone)]
struct Cell<T> {
    value: T,
    text: String,
    line: usize,
    column: usize,
}

/// One row of the forecast.
#[derive(Debug)]
struct Row {
    start: Cell<f64>,
    /// The interval's end, when the row gives a range ("08:00 - 08:30").
    end: Option<f64>,
    calls: f64,
    /// The AHT in seconds; `None` when blank (allowed where no calls are forecast).
    aht: Option<f64>,
    class: Option<Cell<String>>,
    agents: Option<Cell<f64>>,
}

/// A forecast file read and checked cell by cell.
#[derive(Debug)]
pub(super) struct RawForecast {
    /// The `forecast.file` value.
    file: Written<String>,
    /// The file's path as the scenario's path to it displays.
    label: String,
    /// Header and its position, per column present.
    headers: Vec<(Column, Cell<String>)>,
    /// Headers of the columns ccsim does not use, in file order.
    ignored: Vec<String>,
    rows: Vec<Row>,
}

/// One class's forecast, fitted to the intervals.
#[derive(Debug)]
pub(super) struct ClassForecast {
    /// Calls per hour in each interval.
    pub calls_per_hour: Vec<f64>,
    /// Calls in each interval, as forecast.
    calls: Vec<f64>,
    /// AHT in each interval, where given.
    aht: Vec<Option<f64>>,
}

/// The forecast fitted to the intervals: one [`ClassForecast`] per class name asked for (or one
/// for a file without classes), and the scheduled agents if the file has them.
#[derive(Debug)]
pub(super) struct Fitted {
    pub classes: Vec<ClassForecast>,
    /// Scheduled agents per interval, possibly fractional (an average presence).
    pub agents: Option<Vec<f64>>,
}

/// Reads `[forecast]`, if given; `base` is the directory of the scenario file.
pub(super) fn read(root: &Table, base: &Path) -> Result<Option<RawForecast>, Issue> {
    let Some(field) = root.field("forecast") else {
        return Ok(None);
    };
    let table = field.table(EXPECTED)?;
    table.check_keys(super::schema::FORECAST)?;
    let file = table
        .required_field("file", FILE.expected)?
        .read_written(&FILE)?;
    let path = base.join(&file.value);
    let label = path.display().to_string();
    let text = read_regular_text(&path, "CSV file").map_err(|(found, expected)| {
        file.invalid(format!(
            "{expected} with the interval forecast, relative to the scenario file (cannot read \
             {label}: {found})"
        ))
    })?;
    parse(&text, file, label).map(Some)
}

fn parse(text: &str, file: Written<String>, label: String) -> Result<RawForecast, Issue> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let separator = layout::separator(lines.first().copied().unwrap_or(""));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let at = |issue: Issue, line: usize, column: usize| issue.in_file(&label, Some((line, column)));
    let header_record = reader
        .headers()
        .map_err(|error| csv_error(&error, &label))?
        .clone();
    let mut headers: Vec<(Column, Cell<String>)> = Vec::new();
    let mut ignored = Vec::new();
    for (index, name) in header_record.iter().enumerate() {
        let column = field_column(lines.first().copied().unwrap_or(""), index, separator);
        let cell = Cell {
            value: name.to_string(),
            text: format!("\"{name}\""),
            line: 1,
            column,
        };
        let Some(role) = role(name) else {
            ignored.push(name.to_string());
            continue;
        };
        if let Some((_, first)) = headers.iter().find(|(known, _)| *known == role) {
            let expected = format!(
                "one column of each kind (column {} \"{}\" is the same column)",
                first.column, first.value
            );
            return Err(at(Issue::invalid(name, &cell.text, expected), 1, column));
        }
        headers.push((role, cell));
    }
    for required in [Column::Interval, Column::Calls, Column::Aht] {
        if !headers.iter().any(|(role, _)| *role == required) {
            let (_, names) = COLUMNS.iter().find(|(role, _)| *role == required).unwrap();
            // A misspelt header is the likeliest cause: name the ignored columns, and the one
            // that looks like the missing column.
            let unused = match ignored.is_empty() {
                true => String::new(),
                false => format!(
                    "; the columns {} are not ones ccsim reads",
                    one_of(ignored.iter().map(String::as_str), '"')
                ),
            };
            let lookalike = ignored
                .iter()
                .find_map(|name| {
                    let close = suggest::closest(&normalise(name), names.iter().copied())?;
                    Some(format!(
                        " (rename \"{name}\" to \"{close}\" if it is that column)"
                    ))
                })
                .unwrap_or_default();
            let expected = format!(
                "a header row with a column {} ({HEADERS}){unused}{lookalike}",
                one_of(names.iter().copied(), '"')
            );
            let issue = Issue::missing(names[0], expected);
            return Err(at(issue, 1, 1));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| csv_error(&error, &label))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let text_line = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
        let cell = |wanted: Column| -> Option<Cell<String>> {
            let index = header_record
                .iter()
                .position(|name| role(name) == Some(wanted))?;
            let value = record.get(index).unwrap_or("").to_string();
            Some(Cell {
                text: format!("\"{value}\""),
                value,
                line,
                column: field_column(text_line, index, separator),
            })
        };
        let header = |role: Column| {
            headers
                .iter()
                .find(|(known, _)| *known == role)
                .map(|(_, cell)| cell.value.clone())
                .unwrap_or_default()
        };
        let bad = |cell: &Cell<String>, role: Column, expected: &str| {
            at(
                Issue::invalid(header(role), &cell.text, expected),
                cell.line,
                cell.column,
            )
        };
        let start = cell(Column::Interval).expect("required column");
        let (start_at, end_at) = layout::interval(&start.value).ok_or_else(|| {
            bad(
                &start,
                Column::Interval,
                "the interval's start as a clock time such as \"08:30\" or \"8:30 AM\", or \
                 its range such as \"08:30 - 09:00\"",
            )
        })?;
        let calls_cell = cell(Column::Calls).expect("required column");
        let calls = layout::number(&calls_cell.value, separator)
            .filter(|x| x.is_finite() && *x >= 0.0)
            .ok_or_else(|| {
                bad(
                    &calls_cell,
                    Column::Calls,
                    "the number of calls offered in the interval, 0 or more, such as 142",
                )
            })?;
        let aht_cell = cell(Column::Aht).expect("required column");
        let aht = match layout::handle_time(&aht_cell.value, separator).filter(|x| *x > 0.0) {
            Some(aht) => Some(aht),
            None if calls == 0.0 && matches!(aht_cell.value.as_str(), "" | "0") => None,
            None => {
                return Err(bad(
                    &aht_cell,
                    Column::Aht,
                    "the average handle time in seconds, above 0, such as 270, or as mm:ss or \
                     h:mm:ss such as 4:30 (it may be blank or 0 only where no calls are \
                     forecast)",
                ));
            }
        };
        let agents = match cell(Column::Agents) {
            None => None,
            Some(agents) => {
                let value = layout::number(&agents.value, separator)
                    .filter(|x| (0.0..=f64::from(u32::MAX)).contains(x))
                    .ok_or_else(|| {
                        bad(
                            &agents,
                            Column::Agents,
                            "a number of scheduled agents, 0 or more, such as 24 or 12.5 (an \
                             average presence)",
                        )
                    })?;
                Some(Cell {
                    value,
                    text: agents.text,
                    line: agents.line,
                    column: agents.column,
                })
            }
        };
        rows.push(Row {
            start: Cell {
                value: start_at,
                text: start.text,
                line,
                column: start.column,
            },
            end: end_at,
            calls,
            aht,
            class: cell(Column::Class),
            agents,
        });
    }
    Ok(RawForecast {
        file,
        label,
        headers,
        ignored,
        rows,
    })
}

/// The accepted headers, for messages.
const HEADERS: &str = "the headers interval (or interval_start, start, start_time, time), calls \
                       (or offered, calls_offered, volume, contacts), aht (or aht_s, \
                       handle_time, average_handle_time), and optionally class (or queue, \
                       call_type) and agents (or scheduled, scheduled_agents, staff), in any \
                       case";

/// The column a header names, if it is one of the accepted spellings.
fn role(header: &str) -> Option<Column> {
    let name = normalise(header);
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map(|(role, _)| *role)
}

fn normalise(header: &str) -> String {
    header.trim().to_lowercase().replace([' ', '-'], "_")
}

/// A CSV the csv reader refuses (a row with more or fewer fields than the header, text that is
/// not UTF-8).
fn csv_error(error: &csv::Error, label: &str) -> Issue {
    let (line, found, expected) = refused_row(error, "a comma-separated UTF-8 text file");
    Issue::invalid("", found, expected).in_file(label, line.map(|line| (line, 1)))
}

impl RawForecast {
    /// The key path of `file`, for conflicts with other sources of arrivals.
    pub fn key(&self) -> &str {
        self.file.key()
    }

    /// The headers of the columns ccsim does not read (such as an export's service level or
    /// abandoned calls), for a note: they are ignored.
    pub fn ignored_columns(&self) -> &[String] {
        &self.ignored
    }

    /// The forecast file as the scenario names it.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Whether the file has a class column.
    pub fn has_classes(&self) -> bool {
        self.column(Column::Class).is_some()
    }

    fn column(&self, role: Column) -> Option<&Cell<String>> {
        self.headers
            .iter()
            .find(|(known, _)| *known == role)
            .map(|(_, cell)| cell)
    }

    /// An issue with the header of column `role`.
    fn header_issue(&self, role: Column, expected: impl Into<String>) -> Issue {
        let cell = self.column(role).expect("the column is present");
        Issue::invalid(&cell.value, &cell.text, expected)
            .in_file(&self.label, Some((cell.line, cell.column)))
    }

    /// Refuses an agents column where no single pool could take it.
    pub fn refuse_agents(&self, why: &str) -> Result<(), Issue> {
        match self.column(Column::Agents) {
            None => Ok(()),
            Some(_) => Err(self.header_issue(Column::Agents, why)),
        }
    }

    /// Matches the rows to the intervals of `hours` and to `classes` (the names of the classes
    /// that take their calls from the forecast, or `None` for a scenario with one kind of call):
    /// every interval of every class exactly once, on the scenario's interval grid.
    pub fn fit(&self, hours: &Hours, classes: Option<&[&str]>) -> Result<Fitted, Issue> {
        match (classes, self.has_classes()) {
            (None, true) => {
                return Err(self.header_issue(
                    Column::Class,
                    "no class column: the scenario has one kind of call (declare [[classes]] to \
                     take several from the forecast)",
                ));
            }
            (Some(_), false) => {
                return Err(self.file.invalid(format!(
                    "a forecast with a class column (class, queue or call_type) naming the \
                     [[classes]] on each row; {} has none",
                    self.label
                )));
            }
            _ => {}
        }
        let count = hours.interval_count();
        let names = classes.unwrap_or(&[""]);
        let mut seen: Vec<Vec<Option<usize>>> = vec![vec![None; count]; names.len()];
        let mut fitted: Vec<ClassForecast> = names
            .iter()
            .map(|_| ClassForecast {
                calls_per_hour: vec![0.0; count],
                calls: vec![0.0; count],
                aht: vec![None; count],
            })
            .collect();
        let mut agents: Option<Vec<Option<&Cell<f64>>>> =
            self.column(Column::Agents).map(|_| vec![None; count]);
        for row in &self.rows {
            let interval = self.interval_of(row, hours)?;
            let class = match &row.class {
                None => 0,
                Some(cell) => names.iter().position(|n| *n == cell.value).ok_or_else(|| {
                    let suggestion = suggest::closest(&cell.value, names.iter().copied());
                    self.cell_issue(
                        Column::Class,
                        &cell.text,
                        (cell.line, cell.column),
                        format!(
                            "the name of a class that takes its calls from the forecast (one \
                             with neither `share` nor `arrivals`), {}",
                            one_of(names.iter().copied(), '"')
                        ),
                    )
                    .suggesting(suggestion.map(|s| format!("\"{s}\"")))
                })?,
            };
            if let Some(first) = seen[class][interval] {
                return Err(self.cell_issue(
                    Column::Interval,
                    &row.start.text,
                    (row.start.line, row.start.column),
                    format!("each interval once per class (it is on line {first} already)"),
                ));
            }
            seen[class][interval] = Some(row.start.line);
            let (start, end) = hours.interval_bounds(interval);
            fitted[class].calls[interval] = row.calls;
            fitted[class].calls_per_hour[interval] = row.calls * 3600.0 / (end - start);
            fitted[class].aht[interval] = row.aht;
            if let (Some(agents), Some(cell)) = (&mut agents, &row.agents) {
                match agents[interval] {
                    Some(first) if first.value != cell.value => {
                        return Err(self.cell_issue(
                            Column::Agents,
                            &cell.text,
                            (cell.line, cell.column),
                            format!(
                                "the same scheduled agents on every class's row of an interval \
                                 ({} on line {}): the agents of [staffing] serve every class",
                                first.value, first.line
                            ),
                        ));
                    }
                    _ => agents[interval] = Some(cell),
                }
            }
        }
        for (class, seen) in seen.iter().enumerate() {
            if let Some(missing) = seen.iter().position(Option::is_none) {
                let of_class = match classes {
                    Some(names) => format!(" of class \"{}\"", names[class]),
                    None => String::new(),
                };
                let found = format!(
                    "no row for the interval {}{of_class}",
                    format_clock(hours.interval_bounds(missing).0)
                );
                let header = &self.column(Column::Interval).expect("required").value;
                return Err(Issue::invalid(header, found, grid(hours)).in_file(&self.label, None));
            }
        }
        Ok(Fitted {
            classes: fitted,
            agents: agents.map(|agents| {
                agents
                    .into_iter()
                    .map(|cell| cell.expect("every interval has a row").value)
                    .collect()
            }),
        })
    }

    fn cell_issue(
        &self,
        role: Column,
        found: &str,
        position: (usize, usize),
        expected: impl Into<String>,
    ) -> Issue {
        let header = &self.column(role).expect("the column is present").value;
        Issue::invalid(header, found, expected).in_file(&self.label, Some(position))
    }

    /// The index of the interval a row's start names: a start on the scenario's grid.
    fn interval_of(&self, row: &Row, hours: &Hours) -> Result<usize, Issue> {
        let offset = (row.start.value - hours.open) / hours.interval;
        let index = offset.round();
        let on_grid = (offset - index).abs() < 1e-6
            && index >= 0.0
            && (index as usize) < hours.interval_count();
        if on_grid {
            let (_, end) = hours.interval_bounds(index as usize);
            // A range's end is a clock time: 23:30 - 00:00 ends at midnight.
            let ends_there = |written: f64| {
                ((written - end).rem_euclid(86_400.0)).min((end - written).rem_euclid(86_400.0))
                    < 1e-6
            };
            if row.end.is_some_and(|written| !ends_there(written)) {
                return Err(self.cell_issue(
                    Column::Interval,
                    &row.start.text,
                    (row.start.line, row.start.column),
                    format!(
                        "a range ending where the scenario's interval does ({}), or the start \
                         alone: {}",
                        format_clock(end),
                        grid(hours)
                    ),
                ));
            }
            return Ok(index as usize);
        }
        Err(self.cell_issue(
            Column::Interval,
            &row.start.text,
            (row.start.line, row.start.column),
            format!("the start of an interval: {}", grid(hours)),
        ))
    }
}

/// "one row per 30-minute interval from 08:00 to 20:00 (08:00, 08:30, …, 19:30): the forecast's
/// intervals must be the scenario's [hours]".
fn grid(hours: &Hours) -> String {
    let count = hours.interval_count();
    let start = |index| format_clock(hours.interval_bounds(index).0);
    let starts = if count <= 4 {
        (0..count).map(start).collect::<Vec<_>>().join(", ")
    } else {
        format!("{}, {}, …, {}", start(0), start(1), start(count - 1))
    };
    format!(
        "one row per {} interval from {} to {} ({starts}), as the scenario's [hours] define them \
         (change `hours.interval` or the forecast's rows if they differ)",
        interval_adjective(hours.interval),
        format_clock(hours.open),
        format_clock(hours.close)
    )
}

impl ClassForecast {
    /// The class's handle time and its mean per interval. The day's AHT is the calls-weighted
    /// mean of the forecast AHTs; an interval without an AHT (no calls forecast) takes it. The
    /// distribution is `shape` (the class's `handle_time`, if it gives one) scaled to the day's
    /// AHT, so it keeps its family and coefficient of variation, or else the exponential, the
    /// Erlang C assumption.
    pub fn handle_time(
        &self,
        shape: Option<&Distribution>,
        class_key: &str,
    ) -> Result<(Distribution, Vec<f64>), Issue> {
        let weight: f64 = self.calls.iter().sum();
        let weighted: f64 = self
            .calls
            .iter()
            .zip(&self.aht)
            .map(|(calls, aht)| calls * aht.unwrap_or(0.0))
            .sum();
        if weight <= 0.0 {
            return Err(Issue::invalid(
                class_key,
                "a forecast of 0 calls all day",
                "a forecast with calls in some interval, whose AHT gives the handle time",
            ));
        }
        let day_aht = weighted / weight;
        let means = self.aht.iter().map(|aht| aht.unwrap_or(day_aht)).collect();
        let distribution = match shape {
            Some(shape) => shape.scaled(day_aht / shape.mean()),
            None => Distribution::exponential(day_aht),
        }
        .map_err(|error| {
            Issue::invalid(
                class_key,
                format!("a day's AHT of {}", format_duration(day_aht)),
                format!("a handle time the distribution can take: {error}"),
            )
        })?;
        Ok((distribution, means))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_spellings() {
        for (header, role_expected) in [
            ("Interval Start", Column::Interval),
            ("START", Column::Interval),
            ("Offered", Column::Calls),
            ("volume", Column::Calls),
            ("Handle-Time", Column::Aht),
            ("AHT", Column::Aht),
            ("Scheduled", Column::Agents),
            ("Queue", Column::Class),
        ] {
            assert_eq!(role(header), Some(role_expected), "{header}");
        }
        assert_eq!(role("date"), None);
    }
}
