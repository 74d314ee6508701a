//! Which column of a call log holds what: ccsim's own call log (detected from its header), the
//! 1999 Anonymous Bank layout, or a mapping given with `--columns`, plus the outcome words
//! (`--outcomes`).

use super::error::FitError;
use crate::model::{DropPlace, Outcome};
use std::collections::HashMap;

/// A piece of information a call log row can carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// When the call reached the queue (date and time, a time, or seconds).
    Arrival,
    /// The call's date, when `arrival` is a time of day.
    Date,
    /// The day's label when the log's days are not dates (ccsim's `replication`).
    Day,
    /// Seconds waited in queue.
    Wait,
    /// When an agent answered.
    Answered,
    /// When the call ended.
    Ended,
    /// How the call ended.
    Outcome,
    /// Conversation length, seconds.
    Talk,
    /// After-call work, seconds.
    WrapUp,
    /// The agent who answered.
    Agent,
    /// The pool of the agent who answered (qualifies `agent`).
    Pool,
    /// The call's class (type of call).
    Class,
    /// When the call entered the queue; a zero time means it never did.
    Queued,
    /// Whether the call counts (ccsim's warm-up flag).
    Counted,
}

/// Every field with its `--columns` key.
pub const FIELDS: &[(Field, &str)] = &[
    (Field::Arrival, "arrival"),
    (Field::Date, "date"),
    (Field::Day, "day"),
    (Field::Wait, "wait"),
    (Field::Answered, "answered"),
    (Field::Ended, "ended"),
    (Field::Outcome, "outcome"),
    (Field::Talk, "talk"),
    (Field::WrapUp, "wrap_up"),
    (Field::Agent, "agent"),
    (Field::Pool, "pool"),
    (Field::Class, "class"),
    (Field::Queued, "queued"),
    (Field::Counted, "counted"),
];

/// The key of a field in `--columns` and in messages.
pub fn field_key(field: Field) -> &'static str {
    FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, key)| *key)
        .unwrap_or("?")
}

/// What an outcome word of the log means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disposition {
    /// A call with this ccsim outcome.
    Call(Outcome),
    /// A record to count and leave out (the bank's PHANTOM calls).
    Ignore,
}

/// The known layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// ccsim's own `--call-log`.
    Ccsim,
    /// The 1999 Anonymous Bank monthly files (Technion SEE Lab).
    Bank,
}

impl Preset {
    /// Reads a preset name given with `--preset`.
    pub fn parse(text: &str) -> Result<Preset, FitError> {
        match text {
            "ccsim" => Ok(Preset::Ccsim),
            "bank" => Ok(Preset::Bank),
            _ => Err(FitError::option(
                "--preset",
                text,
                "expected \"ccsim\" (ccsim's own call log) or \"bank\" (the 1999 Anonymous Bank layout)",
            )),
        }
    }

    /// The preset whose required columns a header has, if any (only ccsim's log is recognised
    /// without asking: its header is ours).
    pub fn detect(header: &[String]) -> Option<Preset> {
        let has = |name: &str| header.iter().any(|h| h == name);
        (has("replication") && has("arrival_s") && has("wait_s") && has("outcome"))
            .then_some(Preset::Ccsim)
    }

    fn columns(self) -> &'static [(Field, &'static str, bool)] {
        // (field, column, required)
        match self {
            Preset::Ccsim => &[
                (Field::Day, "replication", true),
                (Field::Arrival, "arrival_s", true),
                (Field::Wait, "wait_s", true),
                (Field::Answered, "answered_s", true),
                (Field::Ended, "ended_s", true),
                (Field::Outcome, "outcome", true),
                (Field::Class, "class", true),
                (Field::Counted, "counted", false),
                (Field::Talk, "talk_s", false),
                (Field::WrapUp, "wrap_up_s", false),
                (Field::Agent, "agent", false),
                (Field::Pool, "pool", false),
            ],
            Preset::Bank => &[
                (Field::Date, "date", true),
                (Field::Arrival, "vru_exit", true),
                (Field::Queued, "q_start", true),
                (Field::Wait, "q_time", true),
                (Field::Answered, "ser_start", true),
                (Field::Ended, "ser_exit", true),
                (Field::Talk, "ser_time", true),
                (Field::Agent, "server", true),
                (Field::Outcome, "outcome", true),
                (Field::Class, "type", true),
            ],
        }
    }

    fn outcomes(self) -> &'static [(&'static str, Disposition)] {
        match self {
            Preset::Ccsim => &[],
            Preset::Bank => &[
                ("AGENT", Disposition::Call(Outcome::Answered)),
                ("HANG", Disposition::Call(Outcome::Abandoned)),
                ("PHANTOM", Disposition::Ignore),
            ],
        }
    }

    /// Agent names that mean "no agent".
    fn no_agent(self) -> &'static [&'static str] {
        match self {
            Preset::Ccsim => &[],
            Preset::Bank => &["NO_SERVER"],
        }
    }
}

/// A mapping from fields to columns and from outcome words to outcomes, before a header is seen.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// The preset, if one is used.
    pub preset: Option<Preset>,
    /// Columns given with `--columns` (they take precedence over a preset's).
    pub columns: Vec<(Field, String)>,
    /// Outcome words given with `--outcomes`.
    pub outcomes: Vec<(String, Disposition)>,
}

impl Layout {
    /// Reads `--columns arrival=COL,answered=COL,...`.
    pub fn parse_columns(text: &str) -> Result<Vec<(Field, String)>, FitError> {
        let mut columns = Vec::new();
        for item in text.split(',').filter(|s| !s.trim().is_empty()) {
            let (key, column) = item.split_once('=').ok_or_else(|| {
                FitError::option(
                    "--columns",
                    item,
                    "expected FIELD=COLUMN, such as arrival=vru_exit",
                )
            })?;
            let field = FIELDS
                .iter()
                .find(|(_, k)| *k == key.trim())
                .map(|(f, _)| *f)
                .ok_or_else(|| {
                    let keys: Vec<&str> = FIELDS.iter().map(|(_, k)| *k).collect();
                    FitError::option(
                        "--columns",
                        key,
                        format!("unknown field; expected one of {}", keys.join(", ")),
                    )
                })?;
            columns.push((field, column.trim().to_string()));
        }
        Ok(columns)
    }

    /// Reads `--outcomes answered=AGENT,abandoned=HANG|ABANDON,ignore=PHANTOM`.
    pub fn parse_outcomes(text: &str) -> Result<Vec<(String, Disposition)>, FitError> {
        let mut outcomes = Vec::new();
        for item in text.split(',').filter(|s| !s.trim().is_empty()) {
            let (key, words) = item.split_once('=').ok_or_else(|| {
                FitError::option(
                    "--outcomes",
                    item,
                    "expected OUTCOME=WORD, such as abandoned=HANG",
                )
            })?;
            let disposition = disposition_of(key.trim()).ok_or_else(|| {
                FitError::option(
                    "--outcomes",
                    key,
                    format!(
                        "unknown outcome; expected `ignore` or one of {}",
                        OUTCOME_KEYS.join(", ")
                    ),
                )
            })?;
            for word in words.split('|') {
                outcomes.push((word.trim().to_string(), disposition));
            }
        }
        Ok(outcomes)
    }

    /// Matches the layout to a file's header: the column index of every field found, or an
    /// error naming the first required column that is missing.
    pub fn resolve(&self, header: &[String], file: &str) -> Result<Resolved, FitError> {
        let preset = self.preset.or_else(|| {
            if self.columns.is_empty() {
                Preset::detect(header)
            } else {
                None
            }
        });
        let find = |column: &str| header.iter().position(|h| h == column);
        let mut index: HashMap<Field, usize> = HashMap::new();
        if let Some(preset) = preset {
            for &(field, column, required) in preset.columns() {
                if self.columns.iter().any(|(f, _)| *f == field) {
                    continue;
                }
                match find(column) {
                    Some(i) => {
                        index.insert(field, i);
                    }
                    None if required => {
                        return Err(missing(file, column, header, preset_name(preset)));
                    }
                    None => {}
                }
            }
        }
        for (field, column) in &self.columns {
            let i = find(column).ok_or_else(|| missing(file, column, header, "--columns"))?;
            index.insert(*field, i);
        }
        if !index.contains_key(&Field::Arrival) {
            return Err(FitError::in_file(
                file,
                format!(
                    "no arrival column: the header is {}; name it with --columns arrival=COLUMN (or use --preset bank for the 1999 Anonymous Bank layout)",
                    header.join(", ")
                ),
            ));
        }
        if !index.contains_key(&Field::Outcome) && !index.contains_key(&Field::Answered) {
            return Err(FitError::in_file(
                file,
                "no outcome column and no answer-time column: name one with --columns outcome=COLUMN or --columns answered=COLUMN",
            ));
        }
        let mut outcomes: HashMap<String, Disposition> = OUTCOME_KEYS
            .iter()
            .filter_map(|k| disposition_of(k).map(|d| ((*k).to_string(), d)))
            .collect();
        if let Some(preset) = preset {
            for &(word, disposition) in preset.outcomes() {
                outcomes.insert(word.to_string(), disposition);
            }
        }
        for (word, disposition) in &self.outcomes {
            outcomes.insert(word.clone(), *disposition);
        }
        let names = index
            .iter()
            .map(|(field, i)| (*field, header[*i].clone()))
            .collect();
        Ok(Resolved {
            preset,
            index,
            names,
            outcomes,
            no_agent: preset.map(|p| p.no_agent()).unwrap_or(&[]),
        })
    }
}

fn preset_name(preset: Preset) -> &'static str {
    match preset {
        Preset::Ccsim => "the ccsim call-log layout",
        Preset::Bank => "--preset bank",
    }
}

fn missing(file: &str, column: &str, header: &[String], wanted_by: &str) -> FitError {
    FitError {
        place: file.to_string(),
        column: Some(column.to_string()),
        value: None,
        message: format!(
            "this column, which {wanted_by} needs, is not in the header ({}); map the column that holds it with --columns",
            header.join(", ")
        ),
    }
}

/// The outcome keys of ccsim's call log, accepted as outcome words in any log.
pub const OUTCOME_KEYS: &[&str] = &[
    "answered",
    "abandoned",
    "missed_timeout",
    "missed_blocked",
    "dropped_in_queue",
    "dropped_in_conversation",
    "balked",
    "deflected",
    "callback_reached",
    "callback_failed",
    "unfinished",
    "ignore",
];

fn disposition_of(key: &str) -> Option<Disposition> {
    let outcome = match key {
        "answered" => Outcome::Answered,
        "abandoned" => Outcome::Abandoned,
        "missed_timeout" => Outcome::MissedTimeout,
        "missed_blocked" => Outcome::MissedBlocked,
        "dropped_in_queue" => Outcome::Dropped(DropPlace::InQueue),
        "dropped_in_conversation" => Outcome::Dropped(DropPlace::InConversation),
        "balked" => Outcome::Balked,
        "deflected" => Outcome::Deflected,
        "callback_reached" => Outcome::CallbackReached,
        "callback_failed" => Outcome::CallbackFailed,
        "unfinished" => Outcome::Unfinished,
        "ignore" => return Some(Disposition::Ignore),
        _ => return None,
    };
    Some(Disposition::Call(outcome))
}

/// A layout matched to one file's header.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The preset in use, if any.
    pub preset: Option<Preset>,
    /// Column index of each field present.
    pub index: HashMap<Field, usize>,
    /// Column name of each field present, for messages.
    pub names: HashMap<Field, String>,
    /// What each outcome word means.
    pub outcomes: HashMap<String, Disposition>,
    /// Agent names that mean "no agent".
    pub no_agent: &'static [&'static str],
}

impl Resolved {
    /// The column index of a field, if the log has it.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.index.get(&field).copied()
    }

    /// The column name of a field, for messages.
    pub fn name(&self, field: Field) -> &str {
        self.names
            .get(&field)
            .map(String::as_str)
            .unwrap_or(field_key(field))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::CALL_LOG_COLUMNS;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ccsim_log_is_detected() {
        let resolved = Layout::default()
            .resolve(&header(&CALL_LOG_COLUMNS), "log.csv")
            .unwrap();
        assert_eq!(resolved.preset, Some(Preset::Ccsim));
        assert_eq!(resolved.get(Field::Wait), Some(9));
        assert_eq!(resolved.get(Field::Talk), Some(16));

        // A log written before ccsim logged pools, agents and talk times is still ccsim's.
        let older = Layout::default()
            .resolve(&header(&CALL_LOG_COLUMNS[..14]), "log.csv")
            .unwrap();
        assert_eq!(older.preset, Some(Preset::Ccsim));
        assert_eq!(older.get(Field::Talk), None);
    }

    #[test]
    fn a_missing_column_is_named() {
        let layout = Layout {
            columns: Layout::parse_columns("arrival=start,outcome=result").unwrap(),
            ..Layout::default()
        };
        let error = layout
            .resolve(&header(&["begin", "result"]), "x.csv")
            .unwrap_err();
        assert_eq!(error.column.as_deref(), Some("start"));
        assert!(error.to_string().contains("begin, result"), "{error}");
    }

    #[test]
    fn outcome_words_map_to_outcomes() {
        let words =
            Layout::parse_outcomes("answered=AGENT,abandoned=HANG|ABAN,ignore=PHANTOM").unwrap();
        assert_eq!(words.len(), 4);
        assert_eq!(
            words[2],
            ("ABAN".to_string(), Disposition::Call(Outcome::Abandoned))
        );
        assert!(Layout::parse_outcomes("served=AGENT").is_err());
        assert!(Layout::parse_columns("start=x").is_err());
    }
}
