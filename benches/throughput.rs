//! Simulated calls per second on the shipped Erlang-A scenario (`scenarios/basic.toml`): one long
//! replication, and many short replications run through the experiment layer on one thread; and
//! a sweep of the retail day on one and on two threads. Results and the machine they were
//! measured on are recorded in `docs/benchmarks.md`.

use ccsim::experiment::sweep::{self, SweepOptions};
use ccsim::experiment::{RunOptions, run_replications};
use ccsim::model::Arrivals;
use ccsim::{Scenario, scenario, sim};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn load(file: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(file);
    scenario::load(&path, &[]).expect("the shipped scenario is valid")
}

/// The expected number of calls in one replication (all classes, Poisson arrivals).
fn expected_calls(scenario: &Scenario) -> u64 {
    let hours = &scenario.hours;
    let calls: f64 = scenario
        .classes
        .iter()
        .map(|class| {
            let Arrivals::Poisson { calls_per_hour } = &class.arrivals else {
                panic!("benchmark scenarios have Poisson arrivals")
            };
            (0..hours.interval_count())
                .map(|i| {
                    let (start, end) = hours.interval_bounds(i);
                    calls_per_hour[i] * (end - start) / 3600.0
                })
                .sum::<f64>()
        })
        .sum();
    calls.round() as u64
}

fn long_run(c: &mut Criterion) {
    let mut scenario = load("basic.toml");
    // One replication of 1000 hours: about 360,000 calls.
    scenario.hours.close = scenario.hours.open + 1000.0 * 3600.0;
    scenario.hours.interval = scenario.hours.close - scenario.hours.open;
    let mut group = c.benchmark_group("long_run");
    group.throughput(Throughput::Elements(expected_calls(&scenario)));
    group.sample_size(10);
    group.bench_function("basic_1000h", |b| {
        b.iter(|| black_box(sim::run(&scenario, 0, false)))
    });
    group.finish();
}

fn short_replications(c: &mut Criterion) {
    let mut scenario = load("basic.toml");
    // 200 replications of 2 hours each (about 720 calls each), summarised with confidence intervals.
    scenario.hours.close = scenario.hours.open + 2.0 * 3600.0;
    scenario.hours.interval = 1800.0;
    scenario.warmup = 0.0;
    let Arrivals::Poisson { calls_per_hour } = &mut scenario.classes[0].arrivals else {
        panic!("basic.toml has Poisson arrivals")
    };
    *calls_per_hour = vec![calls_per_hour[0]; 4];
    scenario.pools[0].agents = vec![scenario.pools[0].agents[0]; 4];
    scenario.replications = 200;
    let options = RunOptions {
        threads: Some(1),
        ..RunOptions::default()
    };
    let mut group = c.benchmark_group("short_replications");
    group.throughput(Throughput::Elements(expected_calls(&scenario) * 200));
    group.sample_size(10);
    group.bench_function("basic_200x2h_1thread", |b| {
        b.iter(|| black_box(run_replications(&scenario, &options)))
    });
    group.finish();
}

/// Standard and VIP callers, a VIP desk and a general pool that takes VIP calls as overflow,
/// waiting-time credit (`scenarios/vip-priority.toml`), 100 replications on one thread: the cost
/// of classes, pools and routing policies, to compare with `short_replications`.
fn multi_class(c: &mut Criterion) {
    let mut scenario = load("vip-priority.toml");
    scenario.replications = 100;
    let options = RunOptions {
        threads: Some(1),
        ..RunOptions::default()
    };
    let mut group = c.benchmark_group("multi_class");
    group.throughput(Throughput::Elements(expected_calls(&scenario) * 100));
    group.sample_size(10);
    group.bench_function("vip_priority_100days_1thread", |b| {
        b.iter(|| black_box(run_replications(&scenario, &options)))
    });
    group.finish();
}

/// A sweep of `scenarios/retail-day.toml` over the 10:30 staffing, 30 to 37 agents: 8 points of
/// 30 days each, run on one thread and on two, to show how the points' replications share the
/// cores.
fn sweep_threads(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/retail-day.toml");
    let text = std::fs::read_to_string(&path).expect("the shipped scenario is readable");
    let parameters = vec!["staffing.agents.5=30..37".parse().expect("a valid --vary")];
    let plan = sweep::plan(&text, "retail-day.toml", &[], parameters).expect("a valid sweep");
    let scenario = load("retail-day.toml");
    let calls = expected_calls(&scenario) * u64::from(scenario.replications) * plan.len() as u64;
    let mut group = c.benchmark_group("sweep");
    group.throughput(Throughput::Elements(calls));
    group.sample_size(10);
    for threads in [1, 2] {
        let options = SweepOptions {
            threads: Some(threads),
            on_point_done: None,
        };
        group.bench_function(format!("retail_8points_{threads}thread"), |b| {
            b.iter(|| black_box(plan.clone().run(&options)))
        });
    }
    group.finish();
}

/// The speed-of-light reference: a bare M/M/c+M loop on the same workload as `long_run` — a binary
/// heap keyed by (time, sequence), lazy cancellation of patience timers, the same ChaCha8 streams and
/// exponential samplers — counting outcomes and nothing else. ccsim's engine adds statistics,
/// intervals, limits and failures on top; the ratio of the two is the cost of those layers.
mod bare {
    use ccsim::kernel::rng::stream;
    use rand_distr::{Distribution, Exp};
    use std::cmp::Reverse;
    use std::collections::{BinaryHeap, VecDeque};

    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Kind {
        Arrival,
        Departure,
        Abandon(u32),
    }

    /// Returns (answered, abandoned).
    pub fn run(
        calls_per_hour: f64,
        aht: f64,
        patience: f64,
        agents: u32,
        horizon: f64,
    ) -> (u64, u64) {
        let (mut arrivals, mut handle, mut patience_rng) =
            (stream(1, 0, 0), stream(1, 0, 1), stream(1, 0, 2));
        let gap = Exp::new(calls_per_hour / 3600.0).unwrap();
        let service = Exp::new(1.0 / aht).unwrap();
        let give_up = Exp::new(1.0 / patience).unwrap();
        let mut heap: BinaryHeap<Reverse<(u64, u64, Kind)>> = BinaryHeap::new();
        let mut sequence = 0u64;
        let mut push = |heap: &mut BinaryHeap<_>, t: f64, kind| {
            sequence += 1;
            heap.push(Reverse((t.to_bits(), sequence, kind)));
        };
        let mut waiting: VecDeque<(u32, f64)> = VecDeque::new();
        let mut cancelled: Vec<bool> = Vec::new();
        let (mut idle, mut answered, mut abandoned, mut next_id) = (agents, 0u64, 0u64, 0u32);
        push(&mut heap, gap.sample(&mut arrivals), Kind::Arrival);
        while let Some(Reverse((bits, _, kind))) = heap.pop() {
            let now = f64::from_bits(bits);
            match kind {
                Kind::Arrival => {
                    let next = now + gap.sample(&mut arrivals);
                    if next < horizon {
                        push(&mut heap, next, Kind::Arrival);
                    }
                    let (talk, wait_limit) = (
                        service.sample(&mut handle),
                        give_up.sample(&mut patience_rng),
                    );
                    if idle > 0 {
                        idle -= 1;
                        answered += 1;
                        push(&mut heap, now + talk, Kind::Departure);
                    } else {
                        let id = next_id;
                        next_id += 1;
                        cancelled.push(false);
                        waiting.push_back((id, talk));
                        push(&mut heap, now + wait_limit, Kind::Abandon(id));
                    }
                }
                Kind::Departure => match waiting.pop_front() {
                    Some((id, talk)) => {
                        cancelled[id as usize] = true;
                        answered += 1;
                        push(&mut heap, now + talk, Kind::Departure);
                    }
                    None => idle += 1,
                },
                Kind::Abandon(id) => {
                    if !cancelled[id as usize] {
                        waiting.retain(|(waiting_id, _)| *waiting_id != id);
                        abandoned += 1;
                    }
                }
            }
        }
        (answered, abandoned)
    }
}

fn bare_loop(c: &mut Criterion) {
    let calls = (360.0 * 1000.0) as u64;
    let mut group = c.benchmark_group("bare_loop");
    group.throughput(Throughput::Elements(calls));
    group.sample_size(10);
    group.bench_function("mmc_m_1000h", |b| {
        b.iter(|| black_box(bare::run(360.0, 240.0, 180.0, 25, 1000.0 * 3600.0)))
    });
    group.finish();
}

criterion_group!(
    benches,
    long_run,
    short_replications,
    multi_class,
    sweep_threads,
    bare_loop
);
criterion_main!(benches);
