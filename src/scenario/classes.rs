//! `[[classes]]`: the kinds of caller. Stage one reads each class on its own; stage two gives
//! each its arrivals — its own, or a share of the top-level total — and fills what it leaves out
//! from the top-level defaults.

use super::arrivals::RawArrivals;
use super::distribution;
use super::forecast::RawForecast;
use super::issue::Issue;
use super::kinds::{CLASS_NAME, CREDIT, DURATION, POSITIVE_DURATION, PRIORITY, SHARE, TARGET};
use super::names;
use super::reader::{Field, Table, Written};
use super::{redial, schema};
use crate::dist::Distribution;
use crate::model::{Arrivals, CallClass, Hours, Redials, ServiceLevel};

/// Describes the array of tables for an error message.
pub(super) const EXPECTED: &str = "one [[classes]] table per kind of caller, each with a `name` \
                                   and a `share` of the top-level [arrivals] or its own `arrivals`";

const ONE_ARRIVAL_SOURCE: &str = "exactly one of `share` (of the top-level [arrivals] total, \
                                  such as 0.8) or `arrivals` (the class's own table, such as \
                                  { calls_per_hour = 40 })";

const HANDLE_TIME: &str = "a distribution table such as { distribution = \"exponential\", mean \
                           = \"4m\" }, here or as a top-level [handle_time] for every class \
                           that gives none";

/// Shares may add up to a hair over 1 from rounding (0.1 + 0.2 + 0.7).
const SHARE_TOLERANCE: f64 = 1e-9;

/// A class as written, before it is checked against the other classes and the top level.
#[derive(Debug)]
pub(super) struct RawClass {
    /// Dotted path of the class, `classes.1`.
    path: String,
    /// The name, which pool skills refer to.
    pub name: Written<String>,
    source: Source,
    handle_time: Option<Distribution>,
    patience: Option<Distribution>,
    wrap_up: Option<Distribution>,
    threshold: Option<f64>,
    target: Option<f64>,
    short_abandon: Option<f64>,
    priority: u32,
    credit: f64,
    /// The class's own `redial` table, if given (switched off: never redial).
    redial: Option<Redials>,
}

/// Where a class's calls come from.
#[derive(Debug)]
enum Source {
    /// A share of the top-level arrivals.
    Share(Written<f64>),
    /// Its own arrivals table.
    Own(RawArrivals),
    /// Its rows of the `[forecast]` file, matched by name.
    Forecast,
}

/// What the top level gives the classes: the total they take shares of, and the defaults for
/// what they leave out.
pub(super) struct TopLevel<'a> {
    /// The top-level `[arrivals]`, if given.
    pub total: Option<&'a RawArrivals>,
    /// The top-level `[handle_time]`, if given.
    pub handle_time: Option<&'a Distribution>,
    /// The top-level `[patience]`, if given.
    pub patience: Option<&'a Distribution>,
    /// The top-level `wrap_up`, if given.
    pub wrap_up: Option<&'a Distribution>,
    /// The top-level `[redial]`, if given.
    pub redial: Option<&'a Redials>,
    /// `[service_level]`, whose threshold, target and short-abandon time are the defaults.
    pub service_level: &'a ServiceLevel,
}

/// Reads the `classes` array of tables, each class on its own. With a `[forecast]`, a class that
/// gives neither `share` nor `arrivals` takes its calls from the forecast's rows for it.
pub(super) fn read(field: &Field, forecast: bool) -> Result<Vec<RawClass>, Issue> {
    field
        .non_empty_entries(EXPECTED)?
        .map(|entry| class(&entry.table(EXPECTED)?, forecast))
        .collect()
}

/// The names of the classes that take their calls from the forecast, in declaration order.
pub(super) fn from_forecast(classes: &[RawClass]) -> Vec<&str> {
    classes
        .iter()
        .filter(|class| matches!(class.source, Source::Forecast))
        .map(|class| class.name.value.as_str())
        .collect()
}

fn class(table: &Table, forecast: bool) -> Result<RawClass, Issue> {
    table.check_keys(schema::CLASS)?;
    Ok(RawClass {
        path: table.path().to_string(),
        name: table
            .required_field("name", CLASS_NAME.expected)?
            .read_written(&CLASS_NAME)?,
        source: source(table, forecast)?,
        handle_time: distribution::optional(table, "handle_time")?,
        patience: distribution::optional(table, "patience")?,
        wrap_up: distribution::optional(table, "wrap_up")?,
        threshold: table.optional("threshold", &DURATION)?,
        target: table.optional("target", &TARGET)?,
        short_abandon: table.optional("short_abandon", &POSITIVE_DURATION)?,
        priority: table.optional("priority", &PRIORITY)?.unwrap_or(1),
        credit: table.optional("credit", &CREDIT)?.unwrap_or(0.0),
        redial: redial::read(table)?,
    })
}

/// Exactly one of `share` and `arrivals`.
fn source(table: &Table, forecast: bool) -> Result<Source, Issue> {
    match (table.field("share"), table.field("arrivals")) {
        (Some(share), None) => Ok(Source::Share(share.read_written(&SHARE)?)),
        (None, Some(arrivals)) => {
            let arrivals = arrivals.table(ONE_ARRIVAL_SOURCE)?;
            arrivals.check_keys(schema::ARRIVALS)?;
            Ok(Source::Own(RawArrivals::read(&arrivals)?))
        }
        (Some(share), Some(arrivals)) => {
            Err(Issue::conflict(arrivals.key, share.key, ONE_ARRIVAL_SOURCE))
        }
        (None, None) if forecast => Ok(Source::Forecast),
        (None, None) => Err(Issue::incomplete(table.path(), ONE_ARRIVAL_SOURCE)),
    }
}

/// Builds every class: names unique, shares of a Poisson total adding up to at most 1, and
/// what a class leaves out taken from the top level.
pub(super) fn build(
    classes: &[RawClass],
    top: &TopLevel,
    hours: &Hours,
    forecast: Option<&RawForecast>,
) -> Result<Vec<CallClass>, Issue> {
    names::unique(classes.iter().map(|class| &class.name), "class")?;
    let shares = Shares::new(classes, top.total, hours)?;
    let from_forecast = from_forecast(classes);
    let fitted = match forecast {
        Some(forecast) if !from_forecast.is_empty() => {
            Some(forecast.fit(hours, Some(&from_forecast))?)
        }
        _ => None,
    };
    let mut forecast_classes = fitted.iter().flat_map(|fitted| fitted.classes.iter());
    classes
        .iter()
        .map(|class| {
            let shape = class.handle_time.as_ref().or(top.handle_time);
            let (arrivals, handle_time, by_interval) = match &class.source {
                Source::Own(arrivals) => (arrivals.fit(hours)?, required(class, shape)?, None),
                Source::Share(share) => (shares.of(share.value), required(class, shape)?, None),
                Source::Forecast => {
                    let rows = forecast_classes.next().expect("one per forecast class");
                    let (distribution, means) = rows.handle_time(shape, class.name.key())?;
                    let calls_per_hour = rows.calls_per_hour.clone();
                    (
                        Arrivals::Poisson { calls_per_hour },
                        distribution,
                        Some(means),
                    )
                }
            };
            build_class(class, arrivals, handle_time, by_interval, top)
        })
        .collect()
}

/// The class's handle time, its own or the top-level default; one of them must be given.
fn required(class: &RawClass, handle_time: Option<&Distribution>) -> Result<Distribution, Issue> {
    handle_time
        .cloned()
        .ok_or_else(|| Issue::missing(format!("{}.handle_time", class.path), HANDLE_TIME))
}

fn build_class(
    class: &RawClass,
    arrivals: Arrivals,
    handle_time: Distribution,
    handle_time_by_interval: Option<Vec<f64>>,
    top: &TopLevel,
) -> Result<CallClass, Issue> {
    let defaults = top.service_level;
    Ok(CallClass {
        name: class.name.value.clone(),
        arrivals,
        handle_time,
        handle_time_by_interval,
        patience: class.patience.as_ref().or(top.patience).cloned(),
        wrap_up: class.wrap_up.as_ref().or(top.wrap_up).cloned(),
        threshold: class.threshold.unwrap_or(defaults.threshold),
        target: class.target.unwrap_or(defaults.target),
        short_abandon: class.short_abandon.or(defaults.short_abandon),
        priority: class.priority,
        credit: class.credit,
        redial: class
            .redial
            .as_ref()
            .or(top.redial)
            .cloned()
            .unwrap_or_default(),
    })
}

/// The top-level rates per interval that shares are taken of (empty when no class takes one).
struct Shares(Vec<f64>);

impl Shares {
    /// Checks the shares against the total: there must be one, it must be Poisson, and the
    /// shares may add up to at most 1. They need not add up to 1: the rest is not simulated. A
    /// total no class takes a share of is refused: the file would state a call volume that is
    /// not the one simulated. (A top-level default no class uses, by contrast, is allowed, so that
    /// a `--set` giving the last class its own handle time does not make the file invalid.)
    fn new(
        classes: &[RawClass],
        total: Option<&RawArrivals>,
        hours: &Hours,
    ) -> Result<Self, Issue> {
        let shares: Vec<&Written<f64>> = classes
            .iter()
            .filter_map(|class| match &class.source {
                Source::Share(share) => Some(share),
                Source::Own(_) | Source::Forecast => None,
            })
            .collect();
        let Some(first) = shares.first() else {
            return match total {
                None => Ok(Shares(Vec::new())),
                Some(_) => Err(Issue::unused(
                    "arrivals",
                    "a top-level [arrivals] only as the total that classes take a `share` of, \
                     and no class has a `share`",
                )),
            };
        };
        let Some(total) = total else {
            return Err(Issue::without(
                first.key(),
                "arrivals",
                "a top-level [arrivals] table with the total that classes take a share of, \
                 such as calls_per_hour = 340, or the class's own `arrivals` instead of a share",
            ));
        };
        let rates = total.total_rates(hours, first.key())?;
        let sum: f64 = shares.iter().map(|share| share.value).sum();
        let mut running = 0.0;
        for share in &shares {
            running += share.value;
            if running > 1.0 + SHARE_TOLERANCE {
                return Err(share.invalid(format!(
                    "shares that add up to at most 1 (of the top-level [arrivals]); the classes' \
                     shares add up to {}",
                    (sum * 1e6).round() / 1e6
                )));
            }
        }
        Ok(Shares(rates))
    }

    /// Poisson arrivals at `share` of the total rate in every interval.
    fn of(&self, share: f64) -> Arrivals {
        let calls_per_hour = self.0.iter().map(|rate| rate * share).collect();
        Arrivals::Poisson { calls_per_hour }
    }
}
