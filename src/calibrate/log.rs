//! Reading call logs: one pass over each file, streaming, keeping per call only what the
//! estimates need (a few numbers), and counting every row left out by its reason.

use super::days::{Day, DaySelection};
use super::error::FitError;
use super::layout::{Disposition, Field, Layout, Resolved};
use super::timestamp::{DateFormat, TimeFormat, parse_duration_field};
use crate::model::Outcome;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// One call as the estimates see it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ObservedCall {
    /// Index into [`CallLog::days`].
    pub day: u32,
    /// Index into [`CallLog::classes`].
    pub class: u16,
    /// Arrival at the queue, seconds since the day's midnight.
    pub arrival: f64,
    /// Seconds in queue (to the answer, or to hanging up, or to whatever ended the wait).
    pub wait: f64,
    /// How the call ended.
    pub outcome: Outcome,
    /// Conversation length of an answered call.
    pub talk: Option<f64>,
    /// After-call work of an answered call, when the log has it.
    pub wrap_up: Option<f64>,
    /// Index into [`CallLog::agents`] of the agent who answered.
    pub agent: Option<u32>,
}

impl ObservedCall {
    /// Whether the call queued: it entered the queue and was not answered the moment it arrived
    /// (it waited more than 0 s, whatever its outcome; a caller who hung up always queued). Blocked,
    /// deflected and balked calls did not.
    pub fn queued(&self) -> bool {
        match self.outcome {
            Outcome::MissedBlocked | Outcome::Deflected | Outcome::Balked => false,
            Outcome::Abandoned => true,
            _ => self.wait > 0.0,
        }
    }
}

/// Everything read from the logs.
#[derive(Clone, Debug, Default)]
pub struct CallLog {
    /// The files read, as given.
    pub sources: Vec<String>,
    /// The days met in the selected rows, in order of first appearance.
    pub days: Vec<Day>,
    /// Class names, in order of first appearance.
    pub classes: Vec<String>,
    /// Agent names (with their pool, where the log has one).
    pub agents: Vec<String>,
    /// The calls kept.
    pub calls: Vec<ObservedCall>,
    /// Rows read, header excluded.
    pub rows: u64,
    /// Rows left out, by reason.
    pub excluded: BTreeMap<String, u64>,
    /// Rows kept that look odd, by reason (reported in fit.md).
    pub odd: BTreeMap<String, u64>,
    /// Whether the log names agents.
    pub has_agents: bool,
    /// Whether the log has separate after-call work (a wrap-up column with a value above 0).
    pub has_wrap_up: bool,
    /// The first and last day met in the log, selected or not (for messages).
    pub seen: Option<(Day, Day)>,
}

/// How to read the logs.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Column and outcome mapping.
    pub layout: Layout,
    /// `--time-format`, if given.
    pub time_format: Option<String>,
    /// `--date-format`, if given.
    pub date_format: Option<String>,
    /// Rows of days in none of these are counted and left out.
    pub keep: Vec<DaySelection>,
}

/// The interned names of one reading.
#[derive(Default)]
struct Names {
    days: HashMap<Day, u32>,
    classes: HashMap<String, u16>,
    agents: HashMap<String, u32>,
}

/// Reads every file into one [`CallLog`].
pub fn read_logs(paths: &[&Path], options: &ReadOptions) -> Result<CallLog, FitError> {
    let mut log = CallLog::default();
    let mut names = Names::default();
    for path in paths {
        let label = path.display().to_string();
        log.sources.push(label.clone());
        let file = File::open(path)
            .map_err(|e| FitError::in_file(&label, format!("cannot read the file: {e}")))?;
        read_one(
            BufReader::with_capacity(1 << 20, file),
            &label,
            options,
            &mut log,
            &mut names,
        )?;
    }
    Ok(log)
}

/// The delimiter of a header line: the most frequent of `,`, `;` and tab.
fn detect_delimiter(header: &[u8]) -> u8 {
    let count = |d: u8| header.iter().filter(|b| **b == d).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (count(*d), *d == b','))
        .unwrap_or(b',')
}

fn read_one(
    mut input: BufReader<File>,
    file: &str,
    options: &ReadOptions,
    log: &mut CallLog,
    names: &mut Names,
) -> Result<(), FitError> {
    let head = input
        .fill_buf()
        .map_err(|e| FitError::in_file(file, format!("cannot read the file: {e}")))?;
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let delimiter = detect_delimiter(first_line);
    let input: Box<dyn Read> = Box::new(input);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(input);
    let header: Vec<String> = reader
        .byte_headers()
        .map_err(|e| FitError::in_file(file, format!("cannot read the header: {e}")))?
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = String::from_utf8_lossy(h);
            let h = if i == 0 {
                h.trim_start_matches('\u{feff}')
            } else {
                &h
            };
            h.trim().to_string()
        })
        .collect();
    if header.iter().all(String::is_empty) {
        return Err(FitError::in_file(
            file,
            "the file is empty: expected a header row and one row per call",
        ));
    }
    let columns = options.layout.resolve(&header, file)?;
    let mut row = RowReader::new(file, &columns, options);
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                let line = error.position().map(|p| p.line()).unwrap_or(0);
                return Err(FitError {
                    place: format!("{file}:{line}"),
                    column: None,
                    value: None,
                    message: format!(
                        "not a well-formed row ({error}); every row needs the header's {} fields",
                        header.len()
                    ),
                });
            }
        }
        log.rows += 1;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        row.read(&record, line, log, names)?;
    }
    log.has_agents |= columns.get(Field::Agent).is_some();
    Ok(())
}

/// Reads the rows of one file with its resolved columns and the formats found in its first row.
struct RowReader<'a> {
    file: &'a str,
    columns: &'a Resolved,
    options: &'a ReadOptions,
    arrival_format: Option<TimeFormat>,
    date_format: Option<DateFormat>,
    moment_format: Option<TimeFormat>,
}

impl<'a> RowReader<'a> {
    fn new(file: &'a str, columns: &'a Resolved, options: &'a ReadOptions) -> Self {
        RowReader {
            file,
            columns,
            options,
            arrival_format: None,
            date_format: None,
            moment_format: None,
        }
    }

    fn text<'r>(
        &self,
        record: &'r csv::ByteRecord,
        field: Field,
        line: u64,
    ) -> Result<Option<&'r str>, FitError> {
        let Some(index) = self.columns.get(field) else {
            return Ok(None);
        };
        let bytes = record.get(index).unwrap_or(&[]);
        let text = std::str::from_utf8(bytes).map_err(|_| {
            self.error(
                line,
                field,
                &String::from_utf8_lossy(bytes),
                "not valid UTF-8 text; export the log as UTF-8",
            )
        })?;
        Ok(Some(text.trim()))
    }

    fn error(&self, line: u64, field: Field, value: &str, message: impl Into<String>) -> FitError {
        FitError::at_field(self.file, line, self.columns.name(field), value, message)
    }

    fn read(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
        log: &mut CallLog,
        names: &mut Names,
    ) -> Result<(), FitError> {
        // How the call ended.
        let outcome = match self.text(record, Field::Outcome, line)? {
            Some(word) => match self.columns.outcomes.get(word) {
                Some(Disposition::Call(outcome)) => *outcome,
                Some(Disposition::Ignore) => {
                    *log.excluded
                        .entry(format!("outcome {word} (ignored)"))
                        .or_default() += 1;
                    return Ok(());
                }
                None => {
                    return Err(self.error(
                        line,
                        Field::Outcome,
                        word,
                        "an outcome word this layout does not know; map it with --outcomes, e.g. --outcomes answered=AGENT,abandoned=HANG,ignore=PHANTOM",
                    ));
                }
            },
            None => match self.text(record, Field::Answered, line)? {
                Some(t) if !t.is_empty() => Outcome::Answered,
                _ => Outcome::Abandoned,
            },
        };
        // When it arrived, and on which day.
        let arrival_text = self.text(record, Field::Arrival, line)?.unwrap_or("");
        if self.arrival_format.is_none() {
            self.arrival_format = Some(
                TimeFormat::detect(arrival_text, self.options.time_format.as_deref()).ok_or_else(|| {
                    self.error(
                        line,
                        Field::Arrival,
                        arrival_text,
                        "not a time this command recognises (YYYY-MM-DD HH:MM:SS, DD/MM/YYYY HH:MM, H:MM:SS, or seconds); give its format with --time-format, e.g. --time-format \"%d.%m.%Y %H:%M:%S\"",
                    )
                })?,
            );
        }
        let format = self.arrival_format.as_ref().expect("detected above");
        let arrival = format.parse(arrival_text).ok_or_else(|| {
            self.error(line, Field::Arrival, arrival_text, format!("not a time in {} (the format of this file's first row); fix the value or give --time-format", format.describe()))
        })?;
        let day = self.day(record, line, arrival.date)?;
        log.seen = Some(match log.seen.take() {
            None => (day.clone(), day.clone()),
            Some((a, b)) => (a.min(day.clone()), b.max(day.clone())),
        });
        if !self
            .options
            .keep
            .iter()
            .any(|selection| selection.contains(&day))
        {
            *log.excluded
                .entry("outside the selected days".into())
                .or_default() += 1;
            return Ok(());
        }
        if let Some(counted) = self.text(record, Field::Counted, line)?
            && counted == "false"
        {
            *log.excluded
                .entry("arrived in the warm-up (counted = false)".into())
                .or_default() += 1;
            return Ok(());
        }
        let never_queued = match self.text(record, Field::Queued, line)? {
            Some(text) => parse_duration_field(text) == Some(0.0),
            None => false,
        };
        if never_queued && outcome != Outcome::Answered {
            *log.excluded
                .entry("hung up before reaching the queue (in the IVR/VRU)".into())
                .or_default() += 1;
            return Ok(());
        }
        // The wait.
        let wait = if never_queued {
            0.0
        } else {
            self.wait(record, line, arrival.seconds, outcome)?
        };
        // Talk, wrap-up and agent of answered calls.
        let (mut talk, mut wrap_up, mut agent) = (None, None, None);
        if outcome == Outcome::Answered {
            talk = Some(self.talk(record, line, arrival.seconds + wait)?);
            if talk == Some(0.0) {
                *log.odd
                    .entry("answered with zero talk time (kept)".into())
                    .or_default() += 1;
            }
            if let Some(text) = self.text(record, Field::WrapUp, line)?
                && !text.is_empty()
            {
                let value = self.duration(text, line, Field::WrapUp)?;
                log.has_wrap_up |= value > 0.0;
                wrap_up = Some(value);
            }
            agent = self.agent(record, line, names, log)?;
            if agent.is_none() && self.columns.get(Field::Agent).is_some() {
                *log.odd
                    .entry("answered without an agent named (kept)".into())
                    .or_default() += 1;
            }
        }
        let class_name = self.text(record, Field::Class, line)?.unwrap_or("calls");
        let class_name = if class_name.is_empty() {
            "unclassified"
        } else {
            class_name
        };
        let class = match names.classes.get(class_name) {
            Some(&c) => c,
            None => {
                let c = u16::try_from(log.classes.len()).map_err(|_| {
                    self.error(line, Field::Class, class_name, "more than 65,535 classes; map a coarser class column with --columns class=COLUMN")
                })?;
                names.classes.insert(class_name.to_string(), c);
                log.classes.push(class_name.to_string());
                c
            }
        };
        let day = match names.days.get(&day) {
            Some(&d) => d,
            None => {
                let d = log.days.len() as u32;
                names.days.insert(day.clone(), d);
                log.days.push(day);
                d
            }
        };
        log.calls.push(ObservedCall {
            day,
            class,
            arrival: arrival.seconds,
            wait,
            outcome,
            talk,
            wrap_up,
            agent,
        });
        Ok(())
    }

    fn day(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
        from_arrival: Option<jiff::civil::Date>,
    ) -> Result<Day, FitError> {
        if let Some(date) = from_arrival {
            return Ok(Day::Date(date));
        }
        if let Some(text) = self.text(record, Field::Date, line)? {
            if self.date_format.is_none() {
                self.date_format = Some(DateFormat::detect(text, self.options.date_format.as_deref()).ok_or_else(|| {
                    self.error(line, Field::Date, text, "not a date this command recognises (YYYY-MM-DD, DD/MM/YYYY, YYYYMMDD, YYMMDD); give its format with --date-format, e.g. --date-format %m/%d/%Y")
                })?);
            }
            let format = self.date_format.as_ref().expect("detected above");
            return format.parse(text).map(Day::Date).ok_or_else(|| {
                self.error(
                    line,
                    Field::Date,
                    text,
                    format!(
                        "not a date in {} (the format of this file's first row)",
                        format.describe()
                    ),
                )
            });
        }
        if let Some(text) = self.text(record, Field::Day, line)? {
            return text.parse::<i64>().map(Day::Number).map_err(|_| {
                self.error(
                    line,
                    Field::Day,
                    text,
                    "expected a whole day number (ccsim's replication)",
                )
            });
        }
        Ok(Day::Number(0))
    }

    fn duration(&self, text: &str, line: u64, field: Field) -> Result<f64, FitError> {
        let value = parse_duration_field(text).ok_or_else(|| {
            self.error(
                line,
                field,
                text,
                "expected a duration in seconds (such as 153 or 153.5) or H:MM:SS",
            )
        })?;
        if value < 0.0 {
            return Err(self.error(
                line,
                field,
                text,
                "a negative duration; durations are 0 or more",
            ));
        }
        Ok(value)
    }

    /// A moment column (answer or end time) in seconds since the arrival's midnight.
    fn moment(&mut self, text: &str, line: u64, field: Field) -> Result<f64, FitError> {
        if self.moment_format.is_none() {
            self.moment_format = Some(
                TimeFormat::detect(text, self.options.time_format.as_deref()).ok_or_else(|| {
                    self.error(
                        line,
                        field,
                        text,
                        "not a time this command recognises; give its format with --time-format",
                    )
                })?,
            );
        }
        let format = self.moment_format.as_ref().expect("detected above");
        format.parse(text).map(|m| m.seconds).ok_or_else(|| {
            self.error(
                line,
                field,
                text,
                format!("not a time in {}", format.describe()),
            )
        })
    }

    fn wait(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
        arrival: f64,
        outcome: Outcome,
    ) -> Result<f64, FitError> {
        if let Some(text) = self.text(record, Field::Wait, line)? {
            return self.duration(text, line, Field::Wait);
        }
        let (field, text) = match (
            outcome,
            self.text(record, Field::Answered, line)?,
            self.text(record, Field::Ended, line)?,
        ) {
            (Outcome::Answered, Some(t), _) => (Field::Answered, t),
            (_, _, Some(t)) if !t.is_empty() => (Field::Ended, t),
            _ => {
                return Err(FitError::in_file(
                    self.file,
                    "the wait cannot be told: map a wait column (--columns wait=COLUMN) or the answer and end times (--columns answered=COLUMN,ended=COLUMN)",
                ));
            }
        };
        let at = self.moment(text, line, field)?;
        if at < arrival {
            let what = if field == Field::Answered {
                "answered before it arrived"
            } else {
                "ended before it arrived"
            };
            return Err(self.error(line, field, text, format!("the call {what} (arrival {arrival:.0} s after midnight); check the column mapping or the row")));
        }
        Ok(at - arrival)
    }

    fn talk(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
        answered: f64,
    ) -> Result<f64, FitError> {
        if let Some(text) = self.text(record, Field::Talk, line)?
            && !text.is_empty()
        {
            return self.duration(text, line, Field::Talk);
        }
        let Some(text) = self
            .text(record, Field::Ended, line)?
            .filter(|t| !t.is_empty())
        else {
            return Err(FitError::in_file(
                self.file,
                "the talk time of answered calls cannot be told: map a talk-time column (--columns talk=COLUMN) or the end time (--columns ended=COLUMN)",
            ));
        };
        let ended = self.moment(text, line, Field::Ended)?;
        let handled = ended - answered;
        if handled < -1e-6 {
            return Err(self.error(
                line,
                Field::Ended,
                text,
                "the call ended before it was answered: a negative talk time",
            ));
        }
        Ok(handled.max(0.0))
    }

    fn agent(
        &self,
        record: &csv::ByteRecord,
        line: u64,
        names: &mut Names,
        log: &mut CallLog,
    ) -> Result<Option<u32>, FitError> {
        let Some(agent) = self
            .text(record, Field::Agent, line)?
            .filter(|a| !a.is_empty())
        else {
            return Ok(None);
        };
        if self.columns.no_agent.contains(&agent) {
            return Ok(None);
        }
        let pool = self.text(record, Field::Pool, line)?.unwrap_or("");
        let key = if pool.is_empty() {
            agent.to_string()
        } else {
            format!("{pool}/{agent}")
        };
        Ok(Some(match names.agents.get(&key) {
            Some(&a) => a,
            None => {
                let a = log.agents.len() as u32;
                names.agents.insert(key.clone(), a);
                log.agents.push(key);
                a
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(detect_delimiter(b"a,b,c"), b',');
        assert_eq!(detect_delimiter(b"a;b;c"), b';');
        assert_eq!(detect_delimiter(b"vru+line\tcall_id\tdate"), b'\t');
        assert_eq!(detect_delimiter(b"single"), b',');
    }
}
