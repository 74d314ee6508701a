//! Wait-time estimators: the wait a caller is told, and the wait callback and deflection offers
//! are judged on. Each sees only what a real ACD knows at that moment.

use crate::model::EstimateMethod;

/// What the ACD knows about a caller's class queue when it estimates that caller's wait.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QueueState {
    /// The caller's place in their class's queue, from 1 (callers on virtual hold ahead of them
    /// count: they kept their place).
    pub position: usize,
    /// Agents present in the pools that serve the class.
    pub agents: u32,
    /// The class's mean handle time, seconds.
    pub mean_handle_time: f64,
    /// The wait of the last caller of the class to reach an agent, if any has.
    pub last_to_enter_service: Option<f64>,
    /// How long the caller at the head of the class's queue has waited (`None`: the queue is empty).
    pub head_of_line: Option<f64>,
}

/// Predicts how much longer a caller will wait.
pub trait WaitEstimator: Send + Sync {
    /// The predicted remaining wait, seconds (infinite when no agent serves the class).
    fn estimate(&self, queue: &QueueState) -> f64;
}

/// Position × mean handle time ÷ agents: the time for `position` departures when every agent is
/// busy and handle times are exponential.
#[derive(Clone, Copy, Debug, Default)]
pub struct QueueLengthEstimate;

impl WaitEstimator for QueueLengthEstimate {
    fn estimate(&self, queue: &QueueState) -> f64 {
        if queue.agents == 0 {
            return f64::INFINITY;
        }
        queue.position as f64 * queue.mean_handle_time / f64::from(queue.agents)
    }
}

/// The last caller to reach an agent waited this long; so will the next. Robust to handle-time
/// distributions and routing the queue-length formula ignores, but it lags behind changes.
#[derive(Clone, Copy, Debug, Default)]
pub struct LastToEnterServiceEstimate;

impl WaitEstimator for LastToEnterServiceEstimate {
    fn estimate(&self, queue: &QueueState) -> f64 {
        queue.last_to_enter_service.unwrap_or(0.0)
    }
}

/// The caller at the head of the queue has waited this long; a newcomer will wait about as long.
#[derive(Clone, Copy, Debug, Default)]
pub struct HeadOfLineEstimate;

impl WaitEstimator for HeadOfLineEstimate {
    fn estimate(&self, queue: &QueueState) -> f64 {
        queue.head_of_line.unwrap_or(0.0)
    }
}

/// The built-in estimator of a method.
pub fn estimator(method: EstimateMethod) -> &'static dyn WaitEstimator {
    match method {
        EstimateMethod::QueueLength => &QueueLengthEstimate,
        EstimateMethod::LastToEnterService => &LastToEnterServiceEstimate,
        EstimateMethod::HeadOfLine => &HeadOfLineEstimate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUEUE: QueueState = QueueState {
        position: 6,
        agents: 3,
        mean_handle_time: 240.0,
        last_to_enter_service: Some(95.0),
        head_of_line: Some(130.0),
    };

    #[test]
    fn each_estimator_reads_its_own_signal() {
        assert_eq!(QueueLengthEstimate.estimate(&QUEUE), 480.0);
        assert_eq!(LastToEnterServiceEstimate.estimate(&QUEUE), 95.0);
        assert_eq!(HeadOfLineEstimate.estimate(&QUEUE), 130.0);
    }

    #[test]
    fn no_agents_means_an_unbounded_wait_and_no_history_means_none() {
        let empty = QueueState {
            agents: 0,
            last_to_enter_service: None,
            head_of_line: None,
            ..QUEUE
        };
        assert_eq!(QueueLengthEstimate.estimate(&empty), f64::INFINITY);
        assert_eq!(LastToEnterServiceEstimate.estimate(&empty), 0.0);
        assert_eq!(HeadOfLineEstimate.estimate(&empty), 0.0);
    }
}
