//! `--vary KEY=VALUES`: one swept parameter, as a list of values or a numeric range.

use crate::scenario::Override;
use std::fmt;
use std::str::FromStr;

/// Most points a sweep may have, so that a slip such as `0..100000` is refused at once rather
/// than discovered hours into a run.
pub const MAX_POINTS: usize = 10_000;

/// One swept parameter: a key `--set` accepts and the values it takes in turn, as text.
///
/// Written `KEY=LIST` or `KEY=FROM..TO[:STEP]`:
///
/// * a LIST is comma-separated: `staffing.agents=20,22,25`, `routing.queue=fifo,priority`.
///   Commas inside brackets, braces or quotes belong to the value, so a whole staffing array
///   can be a value: `staffing.agents=[10,12],[11,13]`.
/// * a range is inclusive and counts up from FROM by STEP while it does not pass TO. Integers
///   step by 1 unless told (`staffing.agents=20..30:2`); decimals need a step
///   (`service_level.target=0.7..0.9:0.05`). The points are computed in exact decimal arithmetic,
///   never by adding floats, and printed with as many decimals as FROM and STEP have
///   (`0.70, 0.75, …`).
///
/// ```
/// use ccsim::experiment::sweep::Vary;
/// let vary: Vary = "handle_time.mean=3m,4m,5m".parse().unwrap();
/// assert_eq!(vary.values, ["3m", "4m", "5m"]);
/// let vary: Vary = "service_level.target=0.7..0.8:0.05".parse().unwrap();
/// assert_eq!(vary.values, ["0.70", "0.75", "0.80"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vary {
    /// Dotted key path, as `--set` takes it.
    pub key: String,
    /// The values in sweep order, as `--set` would be given them.
    pub values: Vec<String>,
}

impl Vary {
    /// The override that sets the parameter to its `index`-th value.
    pub fn setting(&self, index: usize) -> Override {
        Override {
            key: self.key.clone(),
            value: self.values[index].clone(),
        }
    }
}

/// Why a `--vary` argument was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "--vary {given}: {reason}; expected KEY=LIST or KEY=FROM..TO[:STEP] with a key `--set` \
     accepts, such as staffing.agents=20,22,25 or staffing.agents=20..30:2"
)]
pub struct ParseVaryError {
    given: String,
    reason: String,
}

impl FromStr for Vary {
    type Err = ParseVaryError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = |reason: String| ParseVaryError {
            given: text.to_string(),
            reason,
        };
        let (key, spec) = text.split_once('=').ok_or_else(|| error("no `=`".into()))?;
        if key.trim().is_empty() {
            return Err(error("no key before `=`".into()));
        }
        // The key rules are those of `--set`.
        let key = format!("{key}=")
            .parse::<Override>()
            .map_err(|_| {
                error(format!(
                    "`{}` is not a dotted key (array indices are dotted numbers, as in \
                     classes.1.priority)",
                    key.trim()
                ))
            })?
            .key;
        let spec = spec.trim();
        if spec.is_empty() {
            return Err(error("no values after `=`".into()));
        }
        let values = if is_range(spec) {
            range(spec).map_err(error)?
        } else {
            list(spec).map_err(error)?
        };
        if values.len() > MAX_POINTS {
            return Err(error(format!(
                "{} values, more than the {MAX_POINTS} a sweep may have",
                values.len()
            )));
        }
        Ok(Vary { key, values })
    }
}

impl fmt::Display for Vary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key, self.values.join(","))
    }
}

/// A range is `..` outside any brackets or quotes: a list value may be an array or a string.
fn is_range(spec: &str) -> bool {
    !spec.starts_with(['[', '{', '"', '\'']) && spec.contains("..")
}

/// Splits a list at the commas outside brackets, braces and quotes.
fn list(spec: &str) -> Result<Vec<String>, String> {
    let mut values = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None, 0);
    for (index, c) in spec.char_indices() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                values.push(spec[start..index].trim().to_string());
                start = index + 1;
            }
            _ => {}
        }
    }
    if quote.is_some() || depth != 0 {
        return Err("an unclosed quote or bracket".into());
    }
    values.push(spec[start..].trim().to_string());
    if values.iter().any(String::is_empty) {
        return Err("an empty value in the list (two commas in a row?)".into());
    }
    Ok(values)
}

/// A decimal number held exactly: `units` × 10^−`places`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Decimal {
    units: i128,
    places: u32,
}

/// Most decimals a range bound or step may have: far beyond any scenario value, and small enough
/// that every point fits an `i128` exactly.
const MAX_PLACES: u32 = 12;

impl Decimal {
    /// Parses `-12`, `0.05` or `.5`; no exponents, no units.
    fn parse(text: &str) -> Option<Decimal> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.len() + fraction.len() == 0
            || !all_digits(whole)
            || !all_digits(fraction)
            || fraction.len() > MAX_PLACES as usize
            || whole.len() > 18
        {
            return None;
        }
        let units: i128 = format!("{whole}{fraction}").parse().ok()?;
        Some(Decimal {
            units: if negative { -units } else { units },
            places: fraction.len() as u32,
        })
    }

    /// The same number with `places` decimals (at least its own).
    fn scaled(self, places: u32) -> i128 {
        self.units * 10i128.pow(places - self.places)
    }
}

/// Writes `units` × 10^−`places` with exactly `places` decimals.
fn format_decimal(units: i128, places: u32) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let magnitude = units.unsigned_abs();
    if places == 0 {
        return format!("{sign}{magnitude}");
    }
    let scale = 10u128.pow(places);
    let (whole, fraction) = (magnitude / scale, magnitude % scale);
    format!("{sign}{whole}.{fraction:0width$}", width = places as usize)
}

/// The points of `FROM..TO[:STEP]`.
fn range(spec: &str) -> Result<Vec<String>, String> {
    let (from_text, rest) = spec.split_once("..").expect("a range has `..`");
    let (to_text, step_text) = match rest.split_once(':') {
        Some((to, step)) => (to, Some(step)),
        None => (rest, None),
    };
    let number = |text: &str, what: &str| {
        Decimal::parse(text).ok_or_else(|| {
            format!(
                "{what} {:?} is not a plain number (ranges take numbers such as 20 or 0.05, \
                 without units; list other values: 3m,4m,5m)",
                text.trim()
            )
        })
    };
    let (from, to) = (number(from_text, "FROM")?, number(to_text, "TO")?);
    let step = match step_text {
        Some(text) => number(text, "STEP")?,
        None if from.places == 0 && to.places == 0 => Decimal {
            units: 1,
            places: 0,
        },
        None => {
            return Err(format!(
                "a range of decimals needs a step, such as {}:0.05",
                spec.trim()
            ));
        }
    };
    let places = from.places.max(to.places).max(step.places);
    let (first, last, increment) = (from.scaled(places), to.scaled(places), step.scaled(places));
    if increment <= 0 {
        return Err("the step must be positive".into());
    }
    if first > last {
        return Err(format!(
            "FROM is above TO; ranges count up, as in {}..{}",
            to_text.trim(),
            from_text.trim()
        ));
    }
    let count = (last - first) / increment + 1;
    if count > MAX_POINTS as i128 {
        return Err(format!(
            "{count} values, more than the {MAX_POINTS} a sweep may have"
        ));
    }
    // Every point is FROM + k·STEP, so it has no more decimals than FROM and STEP have.
    let shown = from.places.max(step.places);
    let divisor = 10i128.pow(places - shown);
    Ok((0..count)
        .map(|k| format_decimal((first + k * increment) / divisor, shown))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        text.parse::<Vary>().unwrap().values
    }

    fn reason(text: &str) -> String {
        text.parse::<Vary>().unwrap_err().to_string()
    }

    #[test]
    fn lists_split_at_top_level_commas() {
        assert_eq!(values("staffing.agents=20, 22,25"), ["20", "22", "25"]);
        assert_eq!(values("routing.queue=fifo"), ["fifo"]);
        assert_eq!(
            values("staffing.agents=[10,12],[11, 13]"),
            ["[10,12]", "[11, 13]"]
        );
        assert_eq!(values(r#"name="a,b",c"#), [r#""a,b""#, "c"]);
        let vary: Vary = " staffing . agents =1,2".parse().unwrap();
        assert_eq!(vary.key, "staffing.agents");
        assert_eq!(vary.setting(1).to_string(), "staffing.agents=2");
    }

    #[test]
    fn integer_ranges_step_by_one_unless_told() {
        assert_eq!(values("staffing.agents=20..23"), ["20", "21", "22", "23"]);
        assert_eq!(values("staffing.agents=20..25:2"), ["20", "22", "24"]);
        assert_eq!(values("x=-2..1"), ["-2", "-1", "0", "1"]);
        assert_eq!(values("x=5..5"), ["5"]);
    }

    /// 0.1 added to itself drifts (0.30000000000000004); the points here are exact decimals.
    #[test]
    fn decimal_ranges_have_no_float_drift() {
        let points = values("volume=0.9..1.2:0.05");
        assert_eq!(
            points,
            ["0.90", "0.95", "1.00", "1.05", "1.10", "1.15", "1.20"]
        );
        assert_eq!(values("x=0.1..0.3:0.1"), ["0.1", "0.2", "0.3"]);
        assert_eq!(values("x=0.95..1.2:0.1"), ["0.95", "1.05", "1.15"]);
        assert_eq!(
            values("x=1..2:0.25"),
            ["1.00", "1.25", "1.50", "1.75", "2.00"]
        );
        assert_eq!(values("x=-0.1..0.1:0.1"), ["-0.1", "0.0", "0.1"]);
        // The last point never passes TO, whatever TO's decimals.
        assert_eq!(values("x=0..1.05:0.5"), ["0.0", "0.5", "1.0"]);
    }

    #[test]
    fn bad_specs_say_what_is_wrong() {
        assert!(reason("staffing.agents").contains("no `=`"));
        assert!(reason("staffing.agents=").contains("no values"));
        assert!(reason("=1,2").contains("no key before `=`"));
        assert!(reason("classes[1].priority=1,2").contains("not a dotted key"));
        assert!(reason("x=1,,2").contains("empty value"));
        assert!(reason("x=[1,2").contains("unclosed"));
        assert!(reason("x=0.9..1.2").contains("needs a step, such as 0.9..1.2:0.05"));
        assert!(reason("x=30..20").contains("ranges count up, as in 20..30"));
        assert!(reason("x=1..5:0").contains("step must be positive"));
        assert!(reason("x=1..5:-1").contains("step must be positive"));
        assert!(reason("x=3m..5m:30s").contains("\"3m\" is not a plain number"));
        assert!(reason("x=0..100000").contains("more than the 10000"));
    }
}
