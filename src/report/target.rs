//! Whether a service level meets its target, judged on its confidence interval, and how many
//! intervals of a day do not: the marks every report view (table, CSV, HTML) puts on them, so
//! that a daily figure above target never hides the intervals below it.

use crate::experiment::staffing::{key_label, show_value};
use crate::experiment::{ExperimentResult, IntervalSummary};
use crate::stats::Estimate;

/// A service level against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The whole confidence interval is at or above the target.
    Met,
    /// The whole confidence interval is below the target.
    Missed,
    /// The interval straddles the target: the replications cannot tell.
    Unclear,
}

impl Verdict {
    /// Judges `estimate` against `target`: met only when the whole interval is at or above the
    /// target, missed only when it is wholly below; with one replication (no interval), the
    /// mean is judged.
    pub fn of(estimate: &Estimate, target: f64) -> Verdict {
        match (estimate.ci_low, estimate.ci_high) {
            (Some(low), _) if low >= target => Verdict::Met,
            (_, Some(high)) if high < target => Verdict::Missed,
            (Some(_), Some(_)) => Verdict::Unclear,
            _ if estimate.mean >= target => Verdict::Met,
            _ => Verdict::Missed,
        }
    }

    /// Judges `estimate` against a ceiling: met only when the whole interval is at or below
    /// it, missed only when it is wholly above; with one replication, the mean is judged.
    pub fn of_ceiling(estimate: &Estimate, ceiling: f64) -> Verdict {
        let mirrored = |v: Option<f64>| v.map(|v| -v);
        let flipped = Estimate {
            mean: -estimate.mean,
            ci_low: mirrored(estimate.ci_high),
            ci_high: mirrored(estimate.ci_low),
            ..*estimate
        };
        Verdict::of(&flipped, -ceiling)
    }

    /// Its key in CSV and its CSS class in HTML: `met`, `missed` or `unclear`.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "missed",
            Verdict::Unclear => "unclear",
        }
    }

    /// Its mark in a readable table: empty when met, so the misses stand out.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Met => "",
            Verdict::Missed => "MISSED",
            Verdict::Unclear => "unclear",
        }
    }
}

/// The verdict of an interval's service level against the scenario's target; `None` for an
/// interval within the warm-up or without calls.
pub fn interval_verdict(result: &ExperimentResult, interval: &IntervalSummary) -> Option<Verdict> {
    if interval.in_warmup {
        return None;
    }
    let estimate = interval.metrics.get("service_level")?;
    Some(Verdict::of(estimate, result.scenario.service_level.target))
}

/// The scenario's daily targets (`[targets.day]`) against the day's overall figures, such as
/// `service level >= 85.0%: met; ASA <= 30 s: too close to tell`; `None` without daily targets.
pub fn day_target_words(result: &ExperimentResult) -> Option<String> {
    let overall = &result.summary.overall;
    let words: Vec<String> = (result.scenario.targets.day.bounds())
        .map(|(key, bound, floor)| {
            let verdict = overall.get(key).map(|estimate| match floor {
                true => Verdict::of(estimate, bound),
                false => Verdict::of_ceiling(estimate, bound),
            });
            let (label, shown) = (key_label(key), show_value(key, bound));
            let verdict = match verdict {
                Some(Verdict::Met) | None => "met",
                Some(Verdict::Missed) => "missed",
                Some(Verdict::Unclear) => "too close to tell",
            };
            format!(
                "{label} {} {shown}: {verdict}",
                if floor { ">=" } else { "<=" }
            )
        })
        .collect();
    (!words.is_empty()).then(|| words.join("; "))
}

/// How a day's intervals fare against the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct IntervalCount {
    /// Intervals judged (after the warm-up, with calls).
    pub judged: usize,
    /// Intervals whose whole interval is below the target.
    pub missed: usize,
    /// Intervals whose interval straddles the target.
    pub unclear: usize,
}

impl IntervalCount {
    /// Counts the verdicts of every interval of `result`.
    pub fn of(result: &ExperimentResult) -> IntervalCount {
        let mut count = IntervalCount::default();
        for interval in &result.summary.intervals {
            match interval_verdict(result, interval) {
                Some(Verdict::Met) => count.judged += 1,
                Some(Verdict::Missed) => {
                    (count.judged, count.missed) = (count.judged + 1, count.missed + 1)
                }
                Some(Verdict::Unclear) => {
                    (count.judged, count.unclear) = (count.judged + 1, count.unclear + 1)
                }
                None => {}
            }
        }
        count
    }

    /// `2 of 24 intervals below target, 3 too close to tell` in words.
    pub fn words(&self) -> String {
        let mut text = format!(
            "{} of {} interval{} below target",
            self.missed,
            self.judged,
            if self.judged == 1 { "" } else { "s" }
        );
        if self.unclear > 0 {
            text.push_str(&format!(", {} too close to tell", self.unclear));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(mean: f64, low: Option<f64>, high: Option<f64>) -> Estimate {
        Estimate {
            mean,
            std: low.map(|_| 0.05),
            ci_low: low,
            ci_high: high,
            n: if low.is_some() { 30 } else { 1 },
        }
    }

    #[test]
    fn the_verdict_follows_the_confidence_interval() {
        let target = 0.8;
        let of = |low, high| Verdict::of(&estimate(0.82, low, high), target);
        assert_eq!(of(Some(0.8), Some(0.84)), Verdict::Met);
        assert_eq!(of(Some(0.78), Some(0.84)), Verdict::Unclear);
        assert_eq!(
            Verdict::of(&estimate(0.7, Some(0.6), Some(0.79)), target),
            Verdict::Missed
        );
        assert_eq!(of(None, None), Verdict::Met);
        assert_eq!(
            Verdict::of(&estimate(0.7, None, None), target),
            Verdict::Missed
        );
    }

    #[test]
    fn a_ceiling_is_judged_from_above() {
        let ceiling = 0.05;
        let of = |low, high| Verdict::of_ceiling(&estimate(0.04, low, high), ceiling);
        assert_eq!(of(Some(0.03), Some(0.05)), Verdict::Met);
        assert_eq!(of(Some(0.03), Some(0.06)), Verdict::Unclear);
        assert_eq!(of(Some(0.051), Some(0.06)), Verdict::Missed);
        assert_eq!(of(None, None), Verdict::Met);
    }

    #[test]
    fn counts_read_as_words() {
        let count = IntervalCount {
            judged: 24,
            missed: 2,
            unclear: 3,
        };
        assert_eq!(
            count.words(),
            "2 of 24 intervals below target, 3 too close to tell"
        );
        let none = IntervalCount {
            judged: 1,
            ..IntervalCount::default()
        };
        assert_eq!(none.words(), "0 of 1 interval below target");
    }
}
