//! A replication's steady state makes no heap allocation per call: the calls live in a slab,
//! events are `Copy` values in the calendar's heap, and the tallies are updated in place, so
//! once those have grown to the day's peak, more calls cost no allocation.
//!
//! A test binary of its own, because it installs a counting global allocator and needs no other
//! test running beside it.

use ccsim::{Scenario, scenario, sim};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The system allocator, counting every allocation and reallocation.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator, which upholds
// `GlobalAlloc`'s contract; the counter has no effect on the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's layout is passed on as given.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Held by each test while it counts, so that the tests of this binary never count each
/// other's allocations.
static COUNTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The Erlang-A queue of `scenarios/basic.toml` (360 calls/h, 25 agents, patience) run for one
/// replication of `hours` hours in one interval.
fn basic_for(hours: f64) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/basic.toml");
    let mut scenario = scenario::load(&path, &[]).expect("the shipped scenario is valid");
    scenario.hours.close = scenario.hours.open + hours * 3600.0;
    scenario.hours.interval = scenario.hours.close - scenario.hours.open;
    scenario
}

/// Allocations made by one replication and the calls it offered.
fn allocations_of(scenario: &Scenario) -> (u64, u64) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let output = sim::run(scenario, 0, false);
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    (after - before, output.tally.calls.offered)
}

/// 200 and 2,000 hours (about 72,000 and 720,000 calls): the longer day offers ten times the
/// calls, and may allocate only a few more times than the shorter one (a container that doubles
/// once more to reach a rarer peak of waiting callers), nowhere near one per call.
#[test]
fn more_calls_make_no_more_allocations_once_the_day_has_grown() {
    let _alone = COUNTING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let (short, short_calls) = allocations_of(&basic_for(200.0));
    let (long, long_calls) = allocations_of(&basic_for(2000.0));
    assert!(
        long_calls > 9 * short_calls,
        "{long_calls} vs {short_calls} calls"
    );
    let extra = long.saturating_sub(short);
    eprintln!("{short} allocations for {short_calls} calls, {long} for {long_calls}");
    assert!(
        extra <= 16,
        "{extra} more allocations for {} more calls ({short} for {short_calls} calls, {long} for \
         {long_calls})",
        long_calls - short_calls
    );
}

/// A predictive campaign with answering-machine detection and retries, dialling for `hours`
/// hours on ten agents who also answer inbound calls, in one interval.
fn campaign_for(hours: f64) -> Scenario {
    let text = format!(
        r#"
name = "dialler"
[hours]
open = "00:00"
duration = "{hours}h"
interval = "{hours}h"
[arrivals]
calls_per_hour = 30
[handle_time]
distribution = "exponential"
mean = "4m"
[patience]
distribution = "exponential"
mean = "1m"
[staffing]
agents = 10

[[campaigns]]
name = "list"
list_size = 100000000
pools = ["agents"]
pacing = "predictive"
dial_ratio = 2.5
outcomes = {{ live = 0.3, no_answer = 0.4, busy = 0.1, machine = 0.15, invalid = 0.05 }}
handle_time = {{ distribution = "exponential", mean = "3m" }}
wrap_up = "20s"
retry = {{ no_answer = "1h", busy = "10m", max_attempts = 3 }}
amd = {{ delay = "2s", false_positive = 0.02, false_negative = 0.1 }}
"#
    );
    scenario::from_str(&text, "dialler").expect("the test scenario is valid")
}

/// Dials (and the calls beside them) cost no allocation once the dialler's slab, its queues of
/// retries and waiting answers, and the calendar have grown: ten times the dials, at most a
/// few more allocations.
#[test]
fn more_dials_make_no_more_allocations_once_the_day_has_grown() {
    let _alone = COUNTING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let dials = |scenario: &Scenario| {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let output = sim::run(scenario, 0, false);
        let after = ALLOCATIONS.load(Ordering::Relaxed);
        (after - before, output.tally.campaigns[0].dials)
    };
    let (short, short_dials) = dials(&campaign_for(200.0));
    let (long, long_dials) = dials(&campaign_for(2000.0));
    assert!(
        long_dials > 9 * short_dials,
        "{long_dials} vs {short_dials}"
    );
    let extra = long.saturating_sub(short);
    eprintln!("{short} allocations for {short_dials} dials, {long} for {long_dials}");
    assert!(
        extra <= 16,
        "{extra} more allocations for {} more dials ({short} for {short_dials}, {long} for \
         {long_dials})",
        long_dials - short_dials
    );
}
