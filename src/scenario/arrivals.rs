//! Arrivals tables — `[arrivals]` at the top level and `[classes.arrivals]` in a class — read in
//! the form they were written (rates, a forecast per interval or a replayed day) and turned into
//! the model's [`Arrivals`] once the hours are known.

use super::data_file::DataFile;
use super::issue::Issue;
use super::kinds::{ARRIVAL_TIME, CALLS, CALLS_PER_HOUR};
use super::per_interval::PerInterval;
use super::reader::{Field, Table, Written};
use super::units::{format_clock, format_duration, parse_clock};
use crate::column_file;
use crate::model::{Arrivals, Hours};

/// Describes an arrivals table for an error message.
pub(super) const EXPECTED: &str = "an [arrivals] table with calls_per_hour (such as 300), \
                                   calls_per_interval (one forecast per interval), times or \
                                   times_file (a replayed day)";

const ONE_FORM: &str = "exactly one of `calls_per_hour` (such as 300, or one rate per \
                        interval), `calls_per_interval` (one forecast per interval), `times` \
                        (arrival times of a replayed day) or `times_file` (a CSV file of them, \
                        with `column` naming the column)";

/// What a cell of a `times_file` column must hold.
const FILE_TIME: &str = "an arrival time: seconds since midnight such as 28805.5, or a clock \
                         time such as \"08:00:05\" or \"08:00:05.250\"";

/// An arrivals table as written, with its key path.
#[derive(Debug)]
pub(super) struct RawArrivals {
    path: String,
    form: Form,
}

#[derive(Debug)]
enum Form {
    /// `calls_per_hour`: rates, calls per hour.
    Rates(PerInterval<f64>),
    /// `calls_per_interval`: a forecast of calls per interval, to be turned into rates with each
    /// interval's length.
    Forecast(PerInterval<f64>),
    /// `times`: a replayed day, arrival times in order, seconds since midnight.
    Trace(Vec<Written<f64>>),
    /// `times_file`: a replayed day from a column of a CSV file, each time with its line.
    TraceFile {
        file: DataFile,
        column: usize,
        times: Vec<(usize, f64)>,
    },
}

impl RawArrivals {
    /// Reads exactly one of rates per hour, a forecast per interval, or arrival times.
    pub fn read(table: &Table) -> Result<Self, Issue> {
        let rates = table.field("calls_per_hour");
        let forecast = table.field("calls_per_interval");
        let times = table.field("times");
        let times_file = table.field("times_file");
        let mut given = [&rates, &forecast, &times, &times_file]
            .into_iter()
            .flatten();
        if let (Some(first), Some(second)) = (given.next(), given.next()) {
            return Err(Issue::conflict(&second.key, &first.key, ONE_FORM));
        }
        if let (Some(column), None) = (table.field("column"), &times_file) {
            let expected = "`times_file`, the CSV file whose column of arrival times to read";
            return Err(Issue::without(
                column.key,
                table.key("times_file"),
                expected,
            ));
        }
        let form = match (&rates, &forecast, &times, &times_file) {
            (Some(rates), ..) => Form::Rates(PerInterval::read(rates, &CALLS_PER_HOUR)?),
            (_, Some(calls), ..) => Form::Forecast(PerInterval::read(calls, &CALLS)?),
            (_, _, Some(times), _) => Form::Trace(trace(times)?),
            (.., Some(_)) => trace_file(table)?,
            (None, None, None, None) => return Err(Issue::incomplete(table.path(), ONE_FORM)),
        };
        let path = table.path().to_string();
        Ok(RawArrivals { path, form })
    }

    /// The arrival process over `hours`. A forecast per interval is divided by each interval's
    /// real length, so a short last interval gets the rate that delivers its forecast; replayed
    /// arrival times must fall within the opening hours.
    pub fn fit(&self, hours: &Hours) -> Result<Arrivals, Issue> {
        let calls_per_hour = match &self.form {
            Form::Rates(rates) => rates.fit(hours)?,
            Form::Forecast(calls) => rates_from_forecast(calls, hours)?,
            Form::Trace(times) => return fit_trace(times, hours),
            Form::TraceFile {
                file,
                column,
                times,
            } => return fit_trace_file(file, *column, times, hours),
        };
        Ok(Arrivals::Poisson { calls_per_hour })
    }

    /// The rates per interval of a total that classes take shares of, the share being the value
    /// at `share_key`. Only a Poisson total can be split: a share of a replayed day would need to
    /// pick which of its calls belong to the class.
    pub fn total_rates(&self, hours: &Hours, share_key: &str) -> Result<Vec<f64>, Issue> {
        match self.fit(hours)? {
            Arrivals::Poisson { calls_per_hour } => Ok(calls_per_hour),
            Arrivals::Trace { .. } => Err(Issue::conflict(
                match &self.form {
                    Form::TraceFile { file, .. } => file.key().to_string(),
                    _ => format!("{}.times", self.path),
                },
                share_key,
                "`calls_per_hour` or `calls_per_interval` in a total that classes take a share \
                 of (a replayed day cannot be split into shares; give each class its own \
                 `arrivals` instead)",
            )),
        }
    }
}

/// Arrival times of a replayed day, which must be in order.
fn trace(field: &Field) -> Result<Vec<Written<f64>>, Issue> {
    const EXPECTED: &str =
        "an array of arrival times in order, such as [\"08:00:05\", \"08:01:40\"]";
    let entries = field.entries().ok_or_else(|| field.invalid(EXPECTED))?;
    let mut times: Vec<Written<f64>> = Vec::new();
    for entry in entries {
        let time = entry.read_written(&ARRIVAL_TIME)?;
        if let Some(previous) = times.last().filter(|previous| time.value < previous.value) {
            let expected = format!(
                "a time no earlier than the arrival before it, {}",
                previous.text()
            );
            return Err(time.invalid(expected));
        }
        times.push(time);
    }
    Ok(times)
}

/// Arrival times of a replayed day from a column of a CSV file, which must be in order.
fn trace_file(table: &Table) -> Result<Form, Issue> {
    let file = DataFile::open(table, "times_file")?;
    let column = file.column(table, "column", false)?;
    let mut previous: Option<(f64, String)> = None;
    let times = file.values_by_line(column, |cell| {
        let time = parse_clock(cell)
            .or_else(|| column_file::seconds(cell))
            .ok_or_else(|| FILE_TIME.to_string())?;
        if let Some((before, text)) = previous.as_ref().filter(|(before, _)| time < *before) {
            return Err(format!(
                "a time no earlier than the arrival before it, \"{text}\" ({before} s)"
            ));
        }
        previous = Some((time, cell.to_string()));
        Ok(time)
    })?;
    Ok(Form::TraceFile {
        file,
        column,
        times,
    })
}

fn rates_from_forecast(calls: &PerInterval<f64>, hours: &Hours) -> Result<Vec<f64>, Issue> {
    let mut rates = calls.fit(hours)?;
    for (index, rate) in rates.iter_mut().enumerate() {
        let (start, end) = hours.interval_bounds(index);
        let count = *rate;
        *rate = count * 3600.0 / (end - start);
        if !rate.is_finite() {
            return Err(Issue::invalid(
                format!("{}.{index}", calls.key()),
                format!("{count} calls in {}", format_duration(end - start)),
                "a number of calls that gives a finite rate per hour",
            ));
        }
    }
    Ok(rates)
}

fn fit_trace(times: &[Written<f64>], hours: &Hours) -> Result<Arrivals, Issue> {
    let outside = |time: &&Written<f64>| time.value < hours.open || time.value >= hours.close;
    if let Some(time) = times.iter().find(outside) {
        return Err(time.invalid(format!(
            "a time within the opening hours, from {} to before {}",
            format_clock(hours.open),
            format_clock(hours.close)
        )));
    }
    let times = times.iter().map(|time| time.value).collect();
    Ok(Arrivals::Trace { times })
}

fn fit_trace_file(
    file: &DataFile,
    column: usize,
    times: &[(usize, f64)],
    hours: &Hours,
) -> Result<Arrivals, Issue> {
    let outside = |(_, time): &&(usize, f64)| *time < hours.open || *time >= hours.close;
    if let Some((line, time)) = times.iter().find(outside) {
        let expected = format!(
            "a time within the opening hours, from {} to before {}",
            format_clock(hours.open),
            format_clock(hours.close)
        );
        let found = format!("{} ({time} s)", format_clock(*time));
        return Err(file.issue_at(*line, column, &found, &expected));
    }
    let times = times.iter().map(|(_, time)| *time).collect();
    Ok(Arrivals::Trace { times })
}
