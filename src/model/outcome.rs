/// How a call ended. Every offered call ends in exactly one outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// An agent took the call and the conversation completed.
    Answered,
    /// The caller hung up while waiting (a short abandon if within the short-abandon time).
    Abandoned,
    /// The system disconnected the caller after the maximum wait.
    MissedTimeout,
    /// Refused at entry: all lines busy or the queue full.
    MissedBlocked,
    /// Disconnected by a technical failure.
    Dropped(DropPlace),
    /// The caller hung up on hearing the announcement as they entered the queue.
    Balked,
    /// The caller took another channel offered in the IVR.
    Deflected,
    /// The caller left the line for a callback and an agent reached them.
    CallbackReached,
    /// The caller left the line for a callback that never reached them (a lost call).
    CallbackFailed,
    /// Still waiting or talking when the simulation stopped at closing time.
    Unfinished,
}

/// Where a technical failure hit a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropPlace {
    /// While waiting in queue.
    InQueue,
    /// During the conversation with an agent.
    InConversation,
}

impl Outcome {
    /// The call-log spelling.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Abandoned => "abandoned",
            Outcome::MissedTimeout => "missed_timeout",
            Outcome::MissedBlocked => "missed_blocked",
            Outcome::Dropped(DropPlace::InQueue) => "dropped_in_queue",
            Outcome::Dropped(DropPlace::InConversation) => "dropped_in_conversation",
            Outcome::Balked => "balked",
            Outcome::Deflected => "deflected",
            Outcome::CallbackReached => "callback_reached",
            Outcome::CallbackFailed => "callback_failed",
            Outcome::Unfinished => "unfinished",
        }
    }
}

/// One call's history, kept only when a call log is requested.
#[derive(Clone, Debug, PartialEq)]
pub struct CallRecord {
    /// Sequence number of the call within its replication, from 0 in arrival order.
    pub call: u64,
    /// The caller: the sequence number of their first attempt (redials share it).
    pub caller: u64,
    /// Which attempt of the caller this call is, from 1.
    pub attempt: u32,
    /// Index of the call's class.
    pub class: usize,
    /// Arrival time, seconds since midnight.
    pub arrival: f64,
    /// Index of the interval the call arrived in.
    pub interval: usize,
    /// Time spent waiting in queue, seconds (0 for a blocked call).
    pub wait: f64,
    /// Time an agent answered, if one did.
    pub answered_at: Option<f64>,
    /// Index of the pool whose agent answered, if one did.
    pub pool: Option<usize>,
    /// The answering agent's number within that pool: 0-based, the same for all of one agent's
    /// calls while the agent is present (a newcomer takes the lowest number free).
    pub agent: Option<u32>,
    /// Conversation length of an answered call, seconds (up to the failure for a call dropped
    /// in conversation, up to the stop for one still talking at a stop).
    pub talk: Option<f64>,
    /// After-call work of an answered call, seconds (0 when the scenario has none).
    pub wrap_up: Option<f64>,
    /// Time the call left the system.
    pub ended_at: f64,
    /// How the call ended.
    pub outcome: Outcome,
    /// Whether the call counts in the statistics (it arrived after the warm-up).
    pub counted: bool,
}
