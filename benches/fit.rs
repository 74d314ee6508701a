//! `ccsim fit` on a large call log: the shipped retail day (`scenarios/retail-day.toml`, about
//! 2,870 calls a day) simulated for enough days to make a call log of about 100 MB in ccsim's own
//! `--call-log` layout, then fitted (read, estimate, render every output file and actual.json).
//! The result and the machine are recorded in `docs/benchmarks.md`.

use ccsim::calibrate::days::DaySelection;
use ccsim::calibrate::log::ReadOptions;
use ccsim::calibrate::observed::actual_json;
use ccsim::calibrate::output::render;
use ccsim::calibrate::{FitOptions, HandleChoice, fit};
use ccsim::experiment::{RunOptions, run_replications};
use ccsim::{report, scenario};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

/// Simulated days in the log: about 0.42 MB each.
const DAYS: u32 = 240;

fn write_log(path: &Path) -> u64 {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/retail-day.toml");
    let mut scenario = scenario::load(&file, &[]).expect("the shipped scenario is valid");
    scenario.replications = DAYS;
    let options = RunOptions {
        keep_call_log: true,
        ..RunOptions::default()
    };
    let result = run_replications(&scenario, &options);
    let logs = result.call_logs.expect("call logs were kept");
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("temporary file"));
    report::write_call_log(&mut out, &scenario, &logs).expect("log written");
    drop(out);
    std::fs::metadata(path).expect("log written").len()
}

fn bench_fit(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let log = dir.path().join("calls.csv");
    let bytes = write_log(&log);
    eprintln!("call log: {:.1} MB", bytes as f64 / 1e6);
    let options = FitOptions {
        read: ReadOptions::default(),
        fit_days: DaySelection::parse("--days", None, None).expect("no selection"),
        replay: None,
        interval: 1800.0,
        hours: None,
        handle_time: HandleChoice::Empirical,
        threshold: 20.0,
    };
    let mut group = c.benchmark_group("fit");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("retail_240days_100MB", |b| {
        b.iter(|| {
            let fitted = fit(&[log.as_path()], &options).expect("the log fits");
            let files = render(&fitted);
            let actual = actual_json(&fitted);
            black_box((files, actual))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_fit);
criterion_main!(benches);
