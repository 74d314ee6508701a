//! The callback offer: when the estimated wait is long, offer to call the caller back.

use super::{CallerView, ContactPolicy, WaitDecision};
use crate::model::{Callback, Curve};

const ACCEPT_TAG: u64 = 0xcab1;

/// Offers a callback once, to a caller whose estimated wait exceeds the threshold: on joining the
/// queue, or later when a staffing change pushes the estimate over it. The caller accepts with a
/// probability that may grow with the estimated wait.
#[derive(Clone, Debug)]
pub struct OfferCallback {
    when_wait_over: f64,
    accept: Curve,
    classes: Vec<usize>,
}

impl OfferCallback {
    /// The offer a scenario describes.
    pub fn new(callback: &Callback) -> Self {
        OfferCallback {
            when_wait_over: callback.offer_when_wait_over,
            accept: callback.accept.clone(),
            classes: callback.classes.clone(),
        }
    }

    fn offer(&self, caller: &CallerView<'_>) -> WaitDecision {
        let eligible = self.classes.is_empty() || self.classes.contains(&caller.class_index);
        if !eligible || caller.callback_offered || caller.estimated_wait <= self.when_wait_over {
            return WaitDecision::Stay;
        }
        let accepted = caller.uniform(ACCEPT_TAG) < self.accept.at(caller.estimated_wait);
        WaitDecision::OfferCallback { accepted }
    }
}

impl ContactPolicy for OfferCallback {
    fn on_enter_queue(&self, caller: &CallerView<'_>) -> WaitDecision {
        self.offer(caller)
    }

    fn on_estimate_change(&self, caller: &CallerView<'_>) -> WaitDecision {
        self.offer(caller)
    }
}
