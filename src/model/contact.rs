//! Caller-contact settings: what callers are told and offered between dialling and reaching an
//! agent (announcements, callbacks, other channels), and what they do after a lost call (redial).
//!
//! Every setting is off by default; a scenario with none of them simulates exactly what it
//! simulated before they existed, draw for draw.

use crate::dist::Distribution;

/// The caller-contact policies of a scenario, applied in this order to each caller: self-service,
/// deflection, announcement, callback offer.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Contact {
    /// How the wait a caller is told (and the callback offer) is estimated.
    pub estimate: EstimateMethod,
    /// Whether to measure how far each estimator's prediction is from the actual wait even when
    /// no policy uses the estimates (policies that use them always measure it).
    pub measure_estimates: bool,
    /// A knowledge hub or self-service channel that keeps some callers from calling at all.
    pub self_service: Option<SelfService>,
    /// An IVR message offering another channel.
    pub deflection: Option<Deflection>,
    /// Expected-wait or position announcements to callers in queue.
    pub announcement: Option<Announcement>,
    /// Callback offers: virtual hold or a booked call slot.
    pub callback: Option<Callback>,
}

impl Contact {
    /// Whether any caller-contact policy is switched on.
    pub fn any_policy(&self) -> bool {
        self.self_service.is_some()
            || self.deflection.is_some()
            || self.announcement.is_some()
            || self.callback.is_some()
    }
}

/// The wait-time estimators ccsim has built in (see [`crate::policy::WaitEstimator`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EstimateMethod {
    /// Position in queue × mean handle time ÷ agents serving the class.
    #[default]
    QueueLength,
    /// The wait of the last caller of the class to reach an agent.
    LastToEnterService,
    /// How long the caller at the head of the class's queue has waited so far.
    HeadOfLine,
}

impl EstimateMethod {
    /// Every method, in report order.
    pub const ALL: [EstimateMethod; 3] = [
        EstimateMethod::QueueLength,
        EstimateMethod::LastToEnterService,
        EstimateMethod::HeadOfLine,
    ];

    /// The scenario-file and report spelling.
    pub fn key(self) -> &'static str {
        match self {
            EstimateMethod::QueueLength => "queue_length",
            EstimateMethod::LastToEnterService => "last_to_enter_service",
            EstimateMethod::HeadOfLine => "head_of_line",
        }
    }
}

/// A probability that depends on a quantity (an announced or estimated wait in seconds, or a
/// position in queue): linear between the points, flat beyond the first and last.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    /// (quantity, probability) points, quantities strictly ascending, at least one point.
    pub points: Vec<(f64, f64)>,
}

impl Curve {
    /// A curve that is `probability` everywhere.
    pub fn constant(probability: f64) -> Self {
        Curve {
            points: vec![(0.0, probability)],
        }
    }

    /// The probability at `x`.
    pub fn at(&self, x: f64) -> f64 {
        let points = &self.points;
        let Some(after) = points.iter().position(|&(px, _)| px > x) else {
            return points.last().map_or(0.0, |&(_, p)| p);
        };
        if after == 0 {
            return points[0].1;
        }
        let ((x0, p0), (x1, p1)) = (points[after - 1], points[after]);
        p0 + (p1 - p0) * (x - x0) / (x1 - x0)
    }
}

/// Callers who find their answer elsewhere and never call: the inbound volume drops by this share.
#[derive(Clone, Debug, PartialEq)]
pub struct SelfService {
    /// Share of would-be callers who self-serve, per interval.
    pub share: Vec<f64>,
}

/// An IVR message offering another channel (web chat, e-mail, knowledge hub).
#[derive(Clone, Debug, PartialEq)]
pub struct Deflection {
    /// Share of callers who hear the message and take the other channel.
    pub share: f64,
    /// Play the message only when the estimated wait exceeds this many seconds (`None`: always).
    pub when_wait_over: Option<f64>,
}

/// What an announcement tells the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnnouncedContent {
    /// The expected wait; the balk curve is a function of it, in seconds.
    ExpectedWait,
    /// The position in queue; the balk curve is a function of it.
    Position,
}

/// How hearing the announcement changes the time a caller who stays is willing to wait.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PatienceResponse {
    /// No change.
    Keep,
    /// The remaining patience is multiplied by this factor.
    Scale(f64),
    /// A caller who stays commits to waiting at least this factor × the announced wait.
    Commit(f64),
}

/// Announcements to callers in queue.
#[derive(Clone, Debug, PartialEq)]
pub struct Announcement {
    /// Announce on entering the queue.
    pub at_entry: bool,
    /// Announce again every this many seconds of waiting (`None`: only at entry).
    pub every: Option<f64>,
    /// Expected wait or position.
    pub content: AnnouncedContent,
    /// Probability that a caller hangs up on hearing the announcement: a balk at entry, an
    /// abandon later.
    pub balk: Curve,
    /// The effect on the patience of callers who stay.
    pub patience: PatienceResponse,
}

/// How a callback is arranged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CallbackKind {
    /// Virtual hold: the caller leaves the line and an agent calls back when their turn comes.
    VirtualHold,
    /// The caller books the next call slot with room left and is called at its start.
    Slot {
        /// Slot length, seconds; slots start at opening time.
        length: f64,
        /// Callbacks per slot.
        capacity: u32,
    },
}

/// When agents work callbacks that are due, relative to live callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackService {
    /// In the caller's original place in the queue (virtual hold only; a due slot callback goes to
    /// the head of its class).
    KeepPlace,
    /// Before every live caller.
    Head,
    /// Only by an agent with no live caller to answer.
    WhenIdle,
}

/// Callback offers and how callbacks are made.
#[derive(Clone, Debug, PartialEq)]
pub struct Callback {
    /// Virtual hold or call slots.
    pub kind: CallbackKind,
    /// Offer a callback once the estimated wait exceeds this many seconds.
    pub offer_when_wait_over: f64,
    /// Probability of accepting, as a function of the estimated wait (seconds).
    pub accept: Curve,
    /// When due callbacks are worked.
    pub service: CallbackService,
    /// Time an agent spends dialling and ringing, whether or not the caller answers.
    pub dial_time: Distribution,
    /// Probability that the caller answers a callback attempt.
    pub answer_probability: f64,
    /// Time before another attempt after an unanswered one.
    pub retry_after: Distribution,
    /// Attempts before the callback fails (at least 1).
    pub max_attempts: u32,
    /// The caller is promised a call within this many seconds of the request (virtual hold); a
    /// slot's promise is its end. `None`: nothing promised.
    pub promise: Option<f64>,
    /// Classes offered callbacks (indices); all if empty.
    pub classes: Vec<usize>,
}

impl Callback {
    /// Whether callers of `class` are offered callbacks.
    pub fn offered_to(&self, class: usize) -> bool {
        self.classes.is_empty() || self.classes.contains(&class)
    }
}

/// The ways an attempt can end that may lead the caller to try again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedialAfter {
    /// Hung up while waiting.
    Abandoned,
    /// Hung up on hearing the announcement at entry.
    Balked,
    /// Heard a busy signal.
    Blocked,
    /// Disconnected at the maximum wait.
    Timeout,
    /// Cut off by a technical failure.
    Dropped,
    /// Was never reached by the promised callback.
    CallbackFailed,
}

impl RedialAfter {
    /// Every case, in scenario-file order.
    pub const ALL: [RedialAfter; 6] = [
        RedialAfter::Abandoned,
        RedialAfter::Balked,
        RedialAfter::Blocked,
        RedialAfter::Timeout,
        RedialAfter::Dropped,
        RedialAfter::CallbackFailed,
    ];

    /// The scenario-file spelling.
    pub fn key(self) -> &'static str {
        match self {
            RedialAfter::Abandoned => "abandoned",
            RedialAfter::Balked => "balked",
            RedialAfter::Blocked => "blocked",
            RedialAfter::Timeout => "timeout",
            RedialAfter::Dropped => "dropped",
            RedialAfter::CallbackFailed => "callback_failed",
        }
    }
}

/// Whether and when a caller tries again after one kind of lost attempt.
#[derive(Clone, Debug, PartialEq)]
pub struct RedialRule {
    /// Probability of trying again.
    pub probability: f64,
    /// Time from the end of the lost attempt to the next.
    pub delay: Distribution,
}

/// A class's redial behaviour.
#[derive(Clone, Debug, PartialEq)]
pub struct Redials {
    /// The rule for each kind of lost attempt (indexed like [`RedialAfter::ALL`]).
    pub rules: [Option<RedialRule>; 6],
    /// Attempts a caller makes at most, the first included.
    pub max_attempts: u32,
}

impl Default for Redials {
    fn default() -> Self {
        Redials {
            rules: Default::default(),
            max_attempts: 1,
        }
    }
}

impl Redials {
    /// Whether callers of the class ever redial.
    pub fn any(&self) -> bool {
        self.max_attempts > 1 && self.rules.iter().any(Option::is_some)
    }

    /// The rule after an attempt lost this way.
    pub fn rule(&self, after: RedialAfter) -> Option<&RedialRule> {
        self.rules[after as usize].as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_is_linear_between_points_and_flat_beyond() {
        let curve = Curve {
            points: vec![(60.0, 0.1), (300.0, 0.5)],
        };
        assert_eq!(curve.at(0.0), 0.1);
        assert_eq!(curve.at(60.0), 0.1);
        assert!((curve.at(180.0) - 0.3).abs() < 1e-12);
        assert_eq!(curve.at(300.0), 0.5);
        assert_eq!(curve.at(1e6), 0.5);
        assert_eq!(Curve::constant(0.4).at(123.0), 0.4);
    }
}
