//! Simulated calls per second on the shipped Erlang-A scenario (`scenarios/basic.toml`): one long
//! replication, and many short replications run through the experiment layer on one thread.
//! Results and the machine they were measured on are recorded in `docs/benchmarks.md`.

use ccsim::experiment::{RunOptions, run_replications};
use ccsim::model::Arrivals;
use ccsim::{Scenario, scenario, sim};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn basic() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/basic.toml");
    scenario::load(&path, &[]).expect("the shipped scenario is valid")
}

fn expected_calls(scenario: &Scenario) -> u64 {
    let Arrivals::Poisson { calls_per_hour } = &scenario.arrivals else {
        panic!("basic.toml has Poisson arrivals")
    };
    let hours = &scenario.hours;
    let calls: f64 = (0..hours.interval_count())
        .map(|i| {
            let (start, end) = hours.interval_bounds(i);
            calls_per_hour[i] * (end - start) / 3600.0
        })
        .sum();
    calls.round() as u64
}

fn long_run(c: &mut Criterion) {
    let mut scenario = basic();
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
    let mut scenario = basic();
    // 200 replications of 2 hours each (about 720 calls each), summarised with confidence intervals.
    scenario.hours.close = scenario.hours.open + 2.0 * 3600.0;
    scenario.hours.interval = 1800.0;
    scenario.warmup = 0.0;
    let Arrivals::Poisson { calls_per_hour } = &mut scenario.arrivals else {
        panic!("basic.toml has Poisson arrivals")
    };
    *calls_per_hour = vec![calls_per_hour[0]; 4];
    scenario.agents = vec![scenario.agents[0]; 4];
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

criterion_group!(benches, long_run, short_replications);
criterion_main!(benches);
