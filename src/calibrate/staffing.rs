//! Agents per interval from agent activity.
//!
//! The rule: an agent is present from the answer of their first call to the end of their last
//! call (talk plus after-call work) of a working session, a session ending where the agent has
//! had no call for more than 30 minutes (a break, a meeting, the end of a shift). Presence in an
//! interval is the part of the interval covered by the agent's sessions, so a roster comes out
//! as fractional agents (average presence). It misses the idle minutes before a session's first
//! call and after its last, so it is a slight under-estimate where calls are sparse.
//!
//! An agent's first session of the day that starts within 10 minutes of opening is taken to
//! begin at opening (agents log in at opening, and the first caller takes a moment to come), and
//! a last session that ends within 10 minutes of closing (or after) to last until closing. An
//! agent who leaves at an interval boundary before closing is not stretched: their last call
//! ends soon after they stop taking calls, well before closing.
//!
//! A log that names no agents gives the most calls in conversation at once within each
//! interval instead: a lower bound on the agents present.

use super::log::ObservedCall;

/// The longest gap between two calls of one agent within one working session, seconds.
pub const SESSION_GAP: f64 = 30.0 * 60.0;

/// How close to opening (closing) a day's first (last) session must start (end) to be taken
/// to begin at opening (last until closing), seconds.
pub const DAY_EDGE: f64 = 10.0 * 60.0;
const EDGE: f64 = DAY_EDGE;

/// The busy span of an answered call: from the answer to the end of after-call work.
fn busy_span(call: &ObservedCall) -> Option<(f64, f64)> {
    let talk = call.talk?;
    let start = call.arrival + call.wait;
    Some((start, start + talk + call.wrap_up.unwrap_or(0.0)))
}

/// The presence of agents in each of `intervals` intervals of `length` seconds from `open`,
/// for the calls of one day.
pub fn presence(
    calls: &[&ObservedCall],
    open: f64,
    length: f64,
    intervals: usize,
    by_agent: bool,
) -> Vec<f64> {
    let mut agents = vec![0.0; intervals];
    let add = |from: f64, to: f64, weight: f64, agents: &mut Vec<f64>| {
        for (j, slot) in agents.iter_mut().enumerate() {
            let (a, b) = (open + j as f64 * length, open + (j + 1) as f64 * length);
            let overlap = to.min(b) - from.max(a);
            if overlap > 0.0 {
                *slot += weight * overlap / length;
            }
        }
    };
    if by_agent {
        let mut spans: Vec<(u32, f64, f64)> = calls
            .iter()
            .filter_map(|c| Some((c.agent?, busy_span(c)?)))
            .map(|(a, (s, e))| (a, s, e))
            .collect();
        spans.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
        let close = open + intervals as f64 * length;
        // The day's first session of an agent that starts within EDGE of opening began at
        // opening (agents log in at opening; the first caller takes a moment to come), and a
        // last session that ends within EDGE of closing lasts to closing.
        let mut emit = |mut start: f64, mut end: f64, first: bool, last: bool| {
            if first && start < open + EDGE {
                start = start.min(open);
            }
            if last && end > close - EDGE {
                end = end.max(close);
            }
            add(start, end, 1.0, &mut agents);
        };
        let mut i = 0;
        while i < spans.len() {
            let (agent, mut start, mut end) = spans[i];
            let mut first = true;
            i += 1;
            while i < spans.len() && spans[i].0 == agent {
                let (_, s, e) = spans[i];
                if s - end > SESSION_GAP {
                    emit(start, end, first, false);
                    first = false;
                    start = s;
                }
                end = end.max(e);
                i += 1;
            }
            emit(start, end, first, true);
        }
    } else {
        let mut changes: Vec<(f64, i32)> = calls
            .iter()
            .filter_map(|c| busy_span(c))
            .flat_map(|(s, e)| [(s, 1), (e, -1)])
            .collect();
        changes.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        // Each interval's value is the most calls in conversation at once within it, starting
        // from the level carried in at its start.
        let mut busy = 0i32;
        let mut next = 0usize;
        for (t, change) in changes {
            let j = ((t - open) / length).floor().max(0.0) as usize;
            while next < j.min(intervals) {
                agents[next] = f64::from(busy);
                next += 1;
            }
            if next == j && j < intervals {
                // A change exactly at the interval's start sets its starting level.
                let starts_before = t > open + j as f64 * length;
                agents[j] = if starts_before { f64::from(busy) } else { 0.0 };
                next += 1;
            }
            busy += change;
            if j < intervals {
                agents[j] = agents[j].max(f64::from(busy));
            }
        }
        while next < intervals {
            agents[next] = f64::from(busy);
            next += 1;
        }
    }
    agents
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;

    fn call(agent: u32, answered: f64, talk: f64) -> ObservedCall {
        ObservedCall {
            day: 0,
            class: 0,
            arrival: answered,
            wait: 0.0,
            outcome: Outcome::Answered,
            talk: Some(talk),
            wrap_up: None,
            agent: Some(agent),
        }
    }

    #[test]
    fn sessions_cover_calls_and_short_gaps_but_not_long_ones() {
        // Agent 0: calls 0–600 and 1200–1800 (gap 10 min: one session 0–1800); then 5850–6750
        // after a 67.5-minute gap (a new session, the day's last, ending within 10 minutes of
        // closing at 7200: it lasts to closing). Agent 1: 300–2100, from opening (it starts
        // within 10 minutes of it) to 2100; agent 2: 1000–1900, neither stretched.
        let calls = [
            call(0, 0.0, 600.0),
            call(0, 1200.0, 600.0),
            call(0, 5850.0, 900.0),
            call(1, 300.0, 1800.0),
            call(2, 1000.0, 900.0),
        ];
        let refs: Vec<&ObservedCall> = calls.iter().collect();
        let agents = presence(&refs, 0.0, 1800.0, 4, true);
        let expected = [
            1.0 + 1.0 + 800.0 / 1800.0,
            (300.0 + 100.0) / 1800.0,
            0.0,
            0.75,
        ];
        for (got, want) in agents.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{agents:?}");
        }
        // Without agent names: the most calls in conversation at once (3 at 1200 s; 2 carried
        // into 1800 s after the call ending there).
        let busy = presence(&refs, 0.0, 1800.0, 4, false);
        assert_eq!(busy, vec![3.0, 2.0, 0.0, 1.0]);
    }
}
