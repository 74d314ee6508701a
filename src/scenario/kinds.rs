//! The kinds of value a scenario key can hold — a duration, a clock time, a number of agents —
//! each with how to read it from TOML and the phrase that tells someone who wrote something else
//! what would have been accepted.

use super::units::{parse_clock, parse_duration, parse_percent};
use crate::dist::{CV_RANGE, LONGEST_DURATION, SHAPE_RANGE};
use crate::model::AfterClose;
use toml::Value;

/// The plausibility caps of docs/scenarios.md ("Plausibility caps"): far above any real centre,
/// low enough that a validated scenario's run fits in memory and time.
pub(super) mod cap {
    /// Calls per hour of one class in one interval (the busiest centres take tens of thousands).
    pub const CALLS_PER_HOUR: f64 = 1_000_000.0;
    /// Agents in one interval, of one pool, on one shift or busy at the start.
    pub const AGENTS: f64 = 100_000.0;
    /// Callers in one group waiting at the start.
    pub const WAITING_CALLERS: u32 = 100_000;
    /// Attempts of a caller (redials) or dials of a callback.
    pub const ATTEMPTS: u32 = 100;
    /// A factor on handle times or on patience.
    pub const FACTOR: f64 = 100.0;
    /// The day's volume factor.
    pub const VOLUME: f64 = 100.0;
    /// The smallest positive `volume_cv`: below it the gamma's shape 1/cv² is not representable
    /// (1e-160 hung the run, 1e-300 panicked it), and a day-to-day spread of 0.1 % is far below
    /// the Poisson noise anyway.
    pub const SMALLEST_VOLUME_CV: f64 = 0.001;
    /// The shortest mean delay of a loop that tries again (a redial, a callback's retry): with
    /// a zero delay, every attempt of a caller lands at the same instant.
    pub const SHORTEST_RETRY_DELAY: f64 = 1.0;
}

/// A kind of value: how to read it from TOML, and what to say when that fails.
pub(super) struct Kind<T> {
    /// Completes "expected …" in an error message.
    pub expected: &'static str,
    /// The value, or `None` when it is not of this kind.
    pub read: fn(&Value) -> Option<T>,
}

/// The scenario's name.
pub(super) const NAME: Kind<String> = Kind {
    expected: "a non-empty name such as \"Retail day\"",
    read: non_empty,
};

/// The name of a call class, which pool skills refer to.
pub(super) const CLASS_NAME: Kind<String> = Kind {
    expected: "a non-empty class name such as \"vip\"",
    read: non_empty,
};

/// The name of an agent pool.
pub(super) const POOL_NAME: Kind<String> = Kind {
    expected: "a non-empty pool name such as \"general\"",
    read: non_empty,
};

/// Free text.
pub(super) const TEXT: Kind<String> = Kind {
    expected: "a string of text",
    read: |v| v.as_str().map(str::to_string),
};

/// A random seed.
pub(super) const SEED: Kind<u64> = Kind {
    expected: "a whole number, 0 or more, such as 20261126",
    read: whole,
};

/// The number of replications.
pub(super) const REPLICATIONS: Kind<u32> = Kind {
    expected: "a whole number of replications from 1 to 100000",
    read: |v| {
        whole(v)
            .filter(|n| (1..=u64::from(crate::model::MAX_REPLICATIONS)).contains(n))
            .and_then(|n| n.try_into().ok())
    },
};

/// A duration that may be zero.
pub(super) const DURATION: Kind<f64> = Kind {
    expected: "a duration of zero or more, up to 8760h (one year), such as \"0s\", \"20s\" or \"1h30m\"",
    read: duration,
};

/// A duration that must be positive.
pub(super) const POSITIVE_DURATION: Kind<f64> = Kind {
    expected: "a positive duration up to 8760h (one year), such as \"240s\", \"4m\" or \"1h30m\"",
    read: |v| duration(v).filter(|d| *d > 0.0),
};

/// A time of day.
pub(super) const CLOCK: Kind<f64> = Kind {
    expected: "a clock time \"HH:MM\" or \"HH:MM:SS\" from \"00:00\" to \"24:00\", such as \"08:00\"",
    read: clock,
};

/// The time a caller arrives, in a replayed day.
pub(super) const ARRIVAL_TIME: Kind<f64> = Kind {
    expected: "a clock time such as \"08:00:05\" or \"08:00:05.25\", or seconds since midnight",
    read: |v| clock(v).or_else(|| number(v).filter(|x| *x >= 0.0)),
};

/// An arrival rate.
pub(super) const CALLS_PER_HOUR: Kind<f64> = Kind {
    expected: "a number of calls per hour, from 0 to 1000000",
    read: |v| number(v).filter(|x| (0.0..=cap::CALLS_PER_HOUR).contains(x)),
};

/// A forecast number of calls in one interval.
pub(super) const CALLS: Kind<f64> = Kind {
    expected: "a number of calls, from 0 to 1000000",
    read: |v| number(v).filter(|x| (0.0..=cap::CALLS_PER_HOUR).contains(x)),
};

/// A number of agents, possibly fractional: average presence in the interval.
pub(super) const AGENTS: Kind<f64> = Kind {
    expected: "a number of agents from 0 to 100000, such as 12 or 3.4 (an average presence)",
    read: |v| number(v).filter(|x| (0.0..=cap::AGENTS).contains(x)),
};

/// Agents a pool keeps back for some classes.
pub(super) const RESERVED_AGENTS: Kind<u32> = Kind {
    expected: "a whole number of agents from 1 to 100000",
    read: |v| whole_u32(v).filter(|n| (1..=cap::AGENTS as u32).contains(n)),
};

/// A class's share of the top-level arrivals.
pub(super) const SHARE: Kind<f64> = Kind {
    expected: "a share of the top-level arrivals, above 0 and at most 1, such as 0.8 or \"80%\"",
    read: |v| share(v).filter(|x| *x > 0.0),
};

/// A class's strict-priority level.
pub(super) const PRIORITY: Kind<u32> = Kind {
    expected: "a whole number, 1 or more (1 is answered first)",
    read: |v| whole_u32(v).filter(|n| *n >= 1),
};

/// A class's head start in the queue, which may be infinite.
pub(super) const CREDIT: Kind<f64> = Kind {
    expected: "a duration of zero or more, such as \"90s\", or \"inf\" for strict priority",
    read: |v| match v.as_str().map(str::trim) {
        Some("inf" | "infinite") => Some(f64::INFINITY),
        _ => duration(v),
    },
};

/// A multiplier of handle times.
pub(super) const HANDLE_FACTOR: Kind<f64> = Kind {
    expected: "a positive factor up to 100, such as 1.2 (handle times 20 % longer)",
    read: |v| number(v).filter(|x| *x > 0.0 && *x <= cap::FACTOR),
};

/// The share of scheduled agents not on the phones (breaks, training, absence).
pub(super) const SHRINKAGE: Kind<f64> = Kind {
    expected: "a shrinkage from 0 up to (not including) 1, such as 0.3 or \"30%\"",
    read: |v| share(v).filter(|x| *x < 1.0),
};

/// A multiplier of every class's arrival rates.
pub(super) const VOLUME: Kind<f64> = Kind {
    expected: "a factor from 0 to 100 for every arrival rate, such as 1.1 (10 % more calls)",
    read: |v| number(v).filter(|x| (0.0..=cap::VOLUME).contains(x)),
};

/// The coefficient of variation of the day's volume factor.
pub(super) const VOLUME_CV: Kind<f64> = Kind {
    expected: "a coefficient of variation of 0 (no uncertainty) or from 0.001 to 10, such as 0.1 \
               (days vary by about 10 %)",
    read: |v| number(v).filter(|x| *x == 0.0 || (cap::SMALLEST_VOLUME_CV..=10.0).contains(x)),
};

/// Agents on a shift, or agents busy at the start: a whole number, 1 or more.
pub(super) const HEADCOUNT: Kind<u32> = Kind {
    expected: "a whole number of agents from 1 to 100000",
    read: |v| whole_u32(v).filter(|n| (1..=cap::AGENTS as u32).contains(n)),
};

/// Callers in one group waiting at the start.
pub(super) const WAITING_CALLERS: Kind<u32> = Kind {
    expected: "a whole number of callers from 1 to 100000",
    read: |v| whole_u32(v).filter(|n| (1..=cap::WAITING_CALLERS).contains(n)),
};

/// What one agent's shift of a pattern costs: a positive amount in any currency.
pub(super) const SHIFT_COST: Kind<f64> = Kind {
    expected: "a positive cost of one agent working one shift, such as 152.5",
    read: |v| number(v).filter(|x| *x > 0.0 && *x <= 1e12),
};

/// The most agents a shift pattern may take: a whole number, 0 or more.
pub(super) const PATTERN_AGENTS: Kind<u32> = Kind {
    expected: "a whole number of agents, 0 or more, such as 12",
    read: |v| whole_u32(v).filter(|n| *n <= 1_000_000),
};

/// The path of a file the scenario refers to.
pub(super) const FILE: Kind<String> = Kind {
    expected: "the path of a file, relative to the scenario file, such as \"forecast.csv\"",
    read: non_empty,
};

/// A number of trunk lines.
pub(super) const LINES: Kind<u32> = Kind {
    expected: "a whole number of lines, 1 or more",
    read: |v| whole_u32(v).filter(|n| *n >= 1),
};

/// A number of places in the queue.
pub(super) const QUEUE_CAPACITY: Kind<u32> = Kind {
    expected: "a whole number of places in the queue, 0 or more (0: no queue)",
    read: whole_u32,
};

/// A probability.
pub(super) const PROBABILITY: Kind<f64> = Kind {
    expected: "a probability from 0 to 1, such as 0.002 or \"0.2%\"",
    read: share,
};

/// A service-level target.
pub(super) const TARGET: Kind<f64> = Kind {
    expected: "a share of calls from 0 to 1, such as 0.8 or \"80%\"",
    read: share,
};

/// A share of the agents' time, such as an occupancy ceiling.
pub(super) const TIME_SHARE: Kind<f64> = Kind {
    expected: "a share of the agents' time from 0 to 1, such as 0.9 or \"90%\"",
    read: share,
};

/// A coefficient of variation.
pub(super) const CV: Kind<f64> = Kind {
    expected: "a coefficient of variation (sd / mean) from 0.001 to 100, such as 0.6",
    read: |v| number(v).filter(|x| CV_RANGE.contains(x)),
};

/// A Weibull shape.
pub(super) const SHAPE: Kind<f64> = Kind {
    expected: "a shape from 0.1 to 100, such as 0.8 (hang-ups most likely early) or 1.5",
    read: |v| number(v).filter(|x| SHAPE_RANGE.contains(x)),
};

/// The number of phases of an Erlang distribution.
pub(super) const PHASES: Kind<u32> = Kind {
    expected: "a whole number of phases, 1 or more",
    read: |v| whole_u32(v).filter(|n| *n >= 1),
};

/// A switch, such as a contact section's `enabled`.
pub(super) const FLAG: Kind<bool> = Kind {
    expected: "true or false",
    read: Value::as_bool,
};

/// A censoring flag of an observed duration.
pub(super) const CENSORED: Kind<bool> = Kind {
    expected: "true or 1 (censored: the duration is a lower bound), false or 0 (observed)",
    read: |v| match v {
        Value::Boolean(b) => Some(*b),
        Value::Integer(0) => Some(false),
        Value::Integer(1) => Some(true),
        _ => None,
    },
};

/// The share of would-be callers a self-service channel answers: below 1, since a share of 1
/// would leave no calls to simulate.
pub(super) const SELF_SERVICE_SHARE: Kind<f64> = Kind {
    expected: "a share of would-be callers from 0 up to (not including) 1, such as 0.05 or \"5%\"",
    read: |v| share(v).filter(|x| *x < 1.0),
};

/// A share of callers who take up an offer.
pub(super) const CALLER_SHARE: Kind<f64> = Kind {
    expected: "a share of callers from 0 to 1, such as 0.1 or \"10%\"",
    read: share,
};

/// A number of attempts: calls, dials.
pub(super) const ATTEMPTS: Kind<u32> = Kind {
    expected: "a whole number of attempts from 1 to 100",
    read: |v| whole_u32(v).filter(|n| (1..=cap::ATTEMPTS).contains(n)),
};

/// Callbacks booked into one call slot.
pub(super) const SLOT_CAPACITY: Kind<u32> = Kind {
    expected: "a whole number of callbacks per slot, 1 or more",
    read: |v| whole_u32(v).filter(|n| *n >= 1),
};

/// A place in the queue.
pub(super) const POSITION: Kind<f64> = Kind {
    expected: "a place in the queue, a whole number 1 or more (1 is next to be answered)",
    read: |v| whole_u32(v).filter(|n| *n >= 1).map(f64::from),
};

/// The factor by which hearing an announcement scales a caller's remaining patience.
pub(super) const PATIENCE_SCALE: Kind<f64> = Kind {
    expected: "a positive factor up to 100, such as 1.2 (callers wait 20 % longer) or 0.8",
    read: |v| number(v).filter(|x| *x > 0.0 && *x <= cap::FACTOR),
};

/// The multiple of the announced wait a caller who stays commits to.
pub(super) const PATIENCE_COMMIT: Kind<f64> = Kind {
    expected: "a positive factor up to 100, such as 1.0 (callers who stay wait at least the \
               announced wait)",
    read: |v| number(v).filter(|x| *x > 0.0 && *x <= cap::FACTOR),
};

/// What happens at closing time.
pub(super) const AFTER_CLOSE: Kind<AfterClose> = Kind {
    expected: "\"work_off\" (calls in the system are worked off) or \"stop\"",
    read: |v| {
        [AfterClose::WorkOff, AfterClose::Stop]
            .into_iter()
            .find(|rule| v.as_str() == Some(rule.key()))
    },
};

/// A string with something in it besides spaces.
pub(super) fn non_empty(value: &Value) -> Option<String> {
    value
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
}

/// A finite number, integer or not.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(x) if x.is_finite() => Some(*x),
        _ => None,
    }
}

/// A whole number, 0 or more; `25.0` counts, as a spreadsheet might write it.
fn whole(value: &Value) -> Option<u64> {
    match value {
        Value::Integer(i) => u64::try_from(*i).ok(),
        Value::Float(x) if x.fract() == 0.0 && *x >= 0.0 && *x < u64::MAX as f64 => Some(*x as u64),
        _ => None,
    }
}

fn whole_u32(value: &Value) -> Option<u32> {
    whole(value).and_then(|n| n.try_into().ok())
}

/// A duration string with units, or a bare number of seconds.
/// Never longer than [`LONGEST_DURATION`], so every time derived from one stays finite.
fn duration(value: &Value) -> Option<f64> {
    match value {
        Value::String(text) => parse_duration(text),
        _ => number(value),
    }
    .filter(|x| (0.0..=LONGEST_DURATION).contains(x))
}

/// A clock-time string, or a TOML local time (`open = 08:00` without quotes is valid TOML 1.1).
fn clock(value: &Value) -> Option<f64> {
    match value {
        Value::String(text) => parse_clock(text),
        Value::Datetime(toml::value::Datetime {
            date: None,
            time: Some(time),
            offset: None,
        }) => Some(
            f64::from(time.hour) * 3600.0
                + f64::from(time.minute) * 60.0
                + f64::from(time.second.unwrap_or(0))
                + f64::from(time.nanosecond.unwrap_or(0)) * 1e-9,
        ),
        _ => None,
    }
}

/// A fraction from 0 to 1, as a number or a percentage string.
fn share(value: &Value) -> Option<f64> {
    match value {
        Value::String(text) => parse_percent(text),
        _ => number(value),
    }
    .filter(|x| (0.0..=1.0).contains(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T>(kind: &Kind<T>, toml: &str) -> Option<T> {
        (kind.read)(&toml.parse().unwrap())
    }

    #[test]
    fn numbers_must_be_finite_and_in_range() {
        assert_eq!(read(&CALLS_PER_HOUR, "0"), Some(0.0));
        assert_eq!(read(&CALLS_PER_HOUR, "nan"), None);
        assert_eq!(read(&CALLS_PER_HOUR, "inf"), None);
        assert_eq!(read(&CALLS_PER_HOUR, "-1"), None);
        assert_eq!(read(&AGENTS, "25.0"), Some(25.0));
        assert_eq!(read(&AGENTS, "25.5"), Some(25.5));
        assert_eq!(read(&AGENTS, "-1"), None);
        assert_eq!(read(&AGENTS, "4294967296"), None);
        assert_eq!(read(&LINES, "0"), None);
        assert_eq!(read(&REPLICATIONS, "0"), None);
        assert_eq!(read(&REPLICATIONS, "100000"), Some(100_000));
        assert_eq!(read(&REPLICATIONS, "100001"), None);
    }

    #[test]
    fn durations_clocks_and_shares() {
        assert_eq!(read(&DURATION, "\"1h30m\""), Some(5400.0));
        assert_eq!(read(&DURATION, "90"), Some(90.0));
        assert_eq!(read(&DURATION, "2.5"), Some(2.5));
        assert_eq!(read(&POSITIVE_DURATION, "\"0s\""), None);
        assert_eq!(read(&CLOCK, "\"08:30\""), Some(30_600.0));
        assert_eq!(read(&CLOCK, "08:30:15"), Some(30_615.0));
        assert_eq!(read(&CLOCK, "1979-05-27T07:32:00"), None);
        assert_eq!(read(&TARGET, "\"80%\""), Some(0.8));
        assert_eq!(read(&TARGET, "0.8"), Some(0.8));
        assert_eq!(read(&TARGET, "1.2"), None);
        assert_eq!(read(&PROBABILITY, "\"120%\""), None);
    }

    #[test]
    fn class_settings() {
        assert_eq!(read(&SHARE, "0"), None);
        assert_eq!(read(&SHARE, "\"15%\""), Some(0.15));
        assert_eq!(read(&SHARE, "1"), Some(1.0));
        assert_eq!(read(&SHARE, "1.01"), None);
        assert_eq!(read(&PRIORITY, "0"), None);
        assert_eq!(read(&PRIORITY, "2"), Some(2));
        assert_eq!(read(&PRIORITY, "1.5"), None);
        assert_eq!(read(&CREDIT, "\"90s\""), Some(90.0));
        assert_eq!(read(&CREDIT, "0"), Some(0.0));
        assert_eq!(read(&CREDIT, "\"inf\""), Some(f64::INFINITY));
        assert_eq!(read(&CREDIT, "\"infinite\""), Some(f64::INFINITY));
        assert_eq!(read(&CREDIT, "inf"), None);
        assert_eq!(read(&CREDIT, "\"-5s\""), None);
        assert_eq!(read(&HANDLE_FACTOR, "0"), None);
        assert_eq!(read(&HANDLE_FACTOR, "1.1"), Some(1.1));
        assert_eq!(read(&RESERVED_AGENTS, "0"), None);
        assert_eq!(read(&CLASS_NAME, "\" \""), None);
    }

    #[test]
    fn after_close_spellings() {
        assert_eq!(read(&AFTER_CLOSE, "\"stop\""), Some(AfterClose::Stop));
        assert_eq!(
            read(&AFTER_CLOSE, "\"work_off\""),
            Some(AfterClose::WorkOff)
        );
        assert_eq!(read(&AFTER_CLOSE, "\"workoff\""), None);
    }
}
