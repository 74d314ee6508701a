//! Keeping callers off the voice queue: a knowledge hub that answers them before they call, and an
//! IVR message that offers another channel.

use super::{ArrivalDecision, CallerView, ContactPolicy, Moment};
use crate::model::{Deflection, SelfService};

const SELF_SERVICE_TAG: u64 = 0x5e1f;
const DEFLECTION_TAG: u64 = 0xdef1;

/// A knowledge hub: a share of would-be callers (per interval) find their answer and never call.
/// Only first attempts are thinned, so the callers who do call are the same people whatever the
/// share (each would-be caller's fate is their own draw).
#[derive(Clone, Debug)]
pub struct SelfServiceHub {
    share: Vec<f64>,
}

impl SelfServiceHub {
    /// The hub a scenario describes.
    pub fn new(hub: &SelfService) -> Self {
        SelfServiceHub {
            share: hub.share.clone(),
        }
    }
}

impl ContactPolicy for SelfServiceHub {
    fn on_arrival(&self, caller: &CallerView<'_>) -> ArrivalDecision {
        let share = self.share.get(caller.interval).copied().unwrap_or(0.0);
        if caller.attempt == 1 && caller.uniform(SELF_SERVICE_TAG) < share {
            ArrivalDecision::SelfServe
        } else {
            ArrivalDecision::Continue
        }
    }
}

/// An IVR message offering another channel; a share of the callers who hear it take it.
#[derive(Clone, Debug)]
pub struct DeflectToChannel {
    share: f64,
    when_wait_over: Option<f64>,
}

impl DeflectToChannel {
    /// The message a scenario describes.
    pub fn new(deflection: &Deflection) -> Self {
        DeflectToChannel {
            share: deflection.share,
            when_wait_over: deflection.when_wait_over,
        }
    }
}

impl ContactPolicy for DeflectToChannel {
    fn on_arrival(&self, caller: &CallerView<'_>) -> ArrivalDecision {
        debug_assert_eq!(caller.moment, Moment::Arrival);
        let played = self
            .when_wait_over
            .is_none_or(|limit| caller.estimated_wait > limit);
        if played && caller.uniform(DEFLECTION_TAG) < self.share {
            ArrivalDecision::Deflect
        } else {
            ArrivalDecision::Continue
        }
    }
}
