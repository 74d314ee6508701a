//! Expected-wait and position announcements, and how callers respond to them.

use super::{CallerView, ContactPolicy, WaitDecision};
use crate::model::{AnnouncedContent, Announcement, Curve, PatienceResponse};

const BALK_TAG: u64 = 0xba1c;

/// Tells waiting callers their expected wait or position, at entry and/or every so often. A
/// caller hangs up with the probability the balk curve gives for what they heard; one who stays
/// adjusts their patience.
#[derive(Clone, Debug)]
pub struct Announce {
    at_entry: bool,
    every: Option<f64>,
    content: AnnouncedContent,
    balk: Curve,
    patience: PatienceResponse,
}

impl Announce {
    /// The announcement a scenario describes.
    pub fn new(announcement: &Announcement) -> Self {
        Announce {
            at_entry: announcement.at_entry,
            every: announcement.every,
            content: announcement.content,
            balk: announcement.balk.clone(),
            patience: announcement.patience,
        }
    }

    fn announce(&self, caller: &CallerView<'_>) -> WaitDecision {
        let heard = match self.content {
            AnnouncedContent::ExpectedWait => caller.estimated_wait,
            AnnouncedContent::Position => caller.position as f64,
        };
        if caller.uniform(BALK_TAG) < self.balk.at(heard) {
            return WaitDecision::HangUp;
        }
        let Some(remaining) = caller.remaining_patience else {
            return WaitDecision::Stay;
        };
        match self.patience {
            PatienceResponse::Keep => WaitDecision::Stay,
            PatienceResponse::Scale(factor) => WaitDecision::SetPatience(remaining * factor),
            PatienceResponse::Commit(factor) => {
                let committed = factor * caller.estimated_wait;
                if committed.is_finite() && committed > remaining {
                    WaitDecision::SetPatience(committed)
                } else {
                    WaitDecision::Stay
                }
            }
        }
    }
}

impl ContactPolicy for Announce {
    fn on_enter_queue(&self, caller: &CallerView<'_>) -> WaitDecision {
        if self.at_entry {
            self.announce(caller)
        } else {
            WaitDecision::Stay
        }
    }

    fn check_every(&self) -> Option<f64> {
        self.every
    }

    fn while_waiting(&self, caller: &CallerView<'_>) -> WaitDecision {
        self.announce(caller)
    }
}
