//! The inputs of what-if staffing studies: forecast files, shrinkage, shifts, volume and its
//! uncertainty, and the start state — what they load as, and the errors an analyst sees.

use super::errors::check;
use super::{CLASSES, MINIMAL, classes_with, load_error, minimal_with};
use crate::dist::Distribution;
use crate::model::{Arrivals, Scenario};
use crate::scenario::{ScenarioError, from_str, load};
use std::path::{Path, PathBuf};

fn scenario(text: &str) -> Scenario {
    from_str(text, "t.toml").unwrap_or_else(|error| panic!("{error}"))
}

fn rates(s: &Scenario, class: usize) -> &[f64] {
    match &s.classes[class].arrivals {
        Arrivals::Poisson { calls_per_hour } => calls_per_hour,
        Arrivals::Trace { .. } => panic!("expected Poisson arrivals"),
    }
}

/// A directory of its own for one test's files.
fn directory(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ccsim-inputs-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Loads `toml` as `DIR/t.toml` next to `DIR/f.csv` holding `csv`.
fn with_forecast(test: &str, toml: &str, csv: &str) -> (Result<Scenario, ScenarioError>, PathBuf) {
    let dir = directory(test);
    std::fs::write(dir.join("f.csv"), csv).unwrap();
    std::fs::write(dir.join("t.toml"), toml).unwrap();
    (load(&dir.join("t.toml"), &[]), dir)
}

/// 08:00–09:30 in 30-minute intervals, one kind of call from the forecast `f.csv`.
const FORECAST: &str = r#"name = "Forecast"
[hours]
open = "08:00"
close = "09:30"
[forecast]
file = "f.csv"
[staffing]
shrinkage = 0.3
"#;

const CSV: &str = "Interval Start,Offered,AHT,Scheduled\n08:00,40,300,10\n08:30,60,240,11\n\
                   09:00,0,,4\n";

#[test]
fn forecast_gives_rates_handle_times_and_staffing() {
    let (loaded, _) = with_forecast("gives", FORECAST, CSV);
    let s = loaded.unwrap();
    // 40 and 60 calls per half hour are 80 and 120 per hour.
    assert_eq!(rates(&s, 0), [80.0, 120.0, 0.0]);
    // Day AHT weighted by calls: (40·300 + 60·240) / 100 = 264 s; the empty interval takes it.
    assert_eq!(
        s.classes[0].handle_time,
        Distribution::exponential(264.0).unwrap()
    );
    assert_eq!(
        s.classes[0].handle_time_by_interval.as_deref(),
        Some(&[300.0, 240.0, 264.0][..])
    );
    // 10, 11 and 4 scheduled at 30 % shrinkage: 7, 7.7 → 8, 2.8 → 3.
    assert_eq!(s.pools[0].agents, [7, 8, 3]);
}

#[test]
fn forecast_keeps_the_handle_time_shape_and_yields_to_a_staffing_count() {
    let toml = FORECAST.replace(
        "[staffing]\nshrinkage = 0.3\n",
        "[handle_time]\ndistribution = \"lognormal\"\nmean = \"4m\"\ncv = 0.5\n[staffing]\n\
         agents = 9\n",
    );
    let (loaded, _) = with_forecast("shape", &toml, CSV);
    let s = loaded.unwrap();
    // The lognormal keeps its CV 0.5 and takes the day's AHT, 264 s.
    assert_eq!(
        s.classes[0].handle_time,
        Distribution::lognormal(264.0, 132.0).unwrap()
    );
    assert_eq!(s.pools[0].agents, [9, 9, 9]);
}

#[test]
fn forecast_per_class() {
    let toml = classes_with(
        "[arrivals]\ncalls_per_hour = 200\n",
        "[forecast]\nfile = \"f.csv\"\n",
    )
    .replace("share = 0.75\n", "")
    .replace("share = 0.25\n", "");
    let csv = "interval,class,calls,aht\n08:00,standard,30,200\n08:30,standard,40,200\n\
               09:00,standard,50,200\n09:30,standard,60,200\n08:00,vip,5,400\n08:30,vip,6,400\n\
               09:00,vip,7,400\n09:30,vip,8,400\n";
    let (loaded, _) = with_forecast("classes", &toml, csv);
    let s = loaded.unwrap();
    assert_eq!(rates(&s, 0), [60.0, 80.0, 100.0, 120.0]);
    assert_eq!(rates(&s, 1), [10.0, 12.0, 14.0, 16.0]);
    // The top-level exponential 3m is the shape; each class takes its own AHT.
    assert_eq!(s.classes[1].handle_time.mean(), 400.0);
}

/// The sample forecast reproduces the rates, AHTs and staffing of its CSV, read here on its own.
#[test]
fn the_sample_forecast_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let s = load(&root.join("forecast-day.toml"), &[]).unwrap();
    let csv = std::fs::read_to_string(root.join("forecast-day.csv")).unwrap();
    let rows: Vec<Vec<f64>> = csv
        .lines()
        .skip(1)
        .map(|line| {
            line.split(',')
                .skip(1)
                .map(|v| v.parse().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 24);
    let rates = rates(&s, 0);
    let means = s.classes[0].handle_time_by_interval.as_ref().unwrap();
    for (index, row) in rows.iter().enumerate() {
        assert_eq!(rates[index], row[0] * 2.0, "interval {index}");
        assert_eq!(means[index], row[1], "interval {index}");
        let on_the_phones = (row[2] * 0.7).round() as u32;
        assert_eq!(s.pools[0].agents[index], on_the_phones, "interval {index}");
    }
    assert_eq!(s.uncertainty.volume_cv, 0.1);
}

/// Checks an error placed in the forecast file `DIR/f.csv`.
#[track_caller]
fn check_csv(
    error: &ScenarioError,
    dir: &Path,
    position: Option<(usize, usize)>,
    key: &str,
    found: &str,
    expected: &str,
) {
    let message = error.to_string();
    assert_eq!(
        error.file(),
        dir.join("f.csv").display().to_string(),
        "{message}"
    );
    assert_eq!(error.line().zip(error.column()), position, "{message}");
    assert_eq!(error.key(), key, "{message}");
    assert_eq!(error.found(), Some(found), "{message}");
    assert!(error.expected().contains(expected), "{message}");
}

#[test]
fn forecast_cell_errors_name_file_line_column_and_fix() {
    let csv = CSV.replace("08:30,60,240,11", "08:30, 60, -240,11");
    let (loaded, dir) = with_forecast("cell", FORECAST, &csv);
    let error = loaded.unwrap_err();
    check_csv(
        &error,
        &dir,
        Some((3, 12)),
        "AHT",
        "\"-240\"",
        "average handle time in seconds",
    );
    assert!(
        error.to_string().starts_with(&format!(
            "{}:3:12: `AHT`: found \"-240\"",
            dir.join("f.csv").display()
        )),
        "{error}"
    );

    let csv = CSV.replace("09:00,0,,4", "09:15,0,,4");
    let (loaded, dir) = with_forecast("grid", FORECAST, &csv);
    check_csv(
        &loaded.unwrap_err(),
        &dir,
        Some((4, 1)),
        "Interval Start",
        "\"09:15\"",
        "one row per 30-minute interval from 08:00 to 09:30 (08:00, 08:30, 09:00)",
    );

    let csv = CSV.replace("09:00,0,,4", "08:30,0,,4");
    let (loaded, dir) = with_forecast("twice", FORECAST, &csv);
    check_csv(
        &loaded.unwrap_err(),
        &dir,
        Some((4, 1)),
        "Interval Start",
        "\"08:30\"",
        "on line 3 already",
    );

    let csv = CSV.replace("\n09:00,0,,4", "");
    let (loaded, dir) = with_forecast("missing", FORECAST, &csv);
    check_csv(
        &loaded.unwrap_err(),
        &dir,
        None,
        "Interval Start",
        "no row for the interval 09:00",
        "one row per 30-minute interval",
    );

    // An unknown column is ignored, so a misspelt required one shows as missing, with the
    // ignored spelling suggested.
    let csv = CSV.replace("Offered", "Ofered");
    let (loaded, _) = with_forecast("header", FORECAST, &csv);
    let error = loaded.unwrap_err().to_string();
    assert!(error.contains(":1:1: `calls`"), "{error}");
    assert!(
        error.contains("the columns \"Ofered\" are not ones ccsim reads"),
        "{error}"
    );
    assert!(
        error.contains("rename \"Ofered\" to \"offered\""),
        "{error}"
    );

    let csv = CSV.replace("08:00,40,300,10", "08:00,40,300");
    let (loaded, dir) = with_forecast("fields", FORECAST, &csv);
    check_csv(
        &loaded.unwrap_err(),
        &dir,
        Some((2, 1)),
        "",
        "3 fields",
        "4 fields on every row",
    );
}

#[test]
fn forecast_errors_in_the_scenario_file() {
    let (loaded, dir) = with_forecast("nofile", &FORECAST.replace("f.csv", "g.csv"), CSV);
    let error = loaded.unwrap_err();
    assert_eq!(error.file(), dir.join("t.toml").display().to_string());
    assert_eq!((error.line(), error.key()), (Some(6), "forecast.file"));
    assert!(error.expected().contains("cannot read"), "{error}");

    let toml = format!("{FORECAST}[arrivals]\ncalls_per_hour = 5\n");
    let (loaded, _) = with_forecast("both", &toml, CSV);
    let error = loaded.unwrap_err();
    assert_eq!(error.key(), "arrivals");
    assert!(
        error
            .to_string()
            .contains("given together with `forecast.file`"),
        "{error}"
    );
}

#[test]
fn shrinkage_per_interval_and_per_pool() {
    let s = scenario(&minimal_with(
        "agents = 8",
        "agents = [10, 11, 12, 15]\nshrinkage = [0, 0.3, 0.3, \"30%\"]",
    ));
    assert_eq!(s.pools[0].agents, [10, 8, 8, 11]);
    let s = scenario(&classes_with(
        "agents = 8\n",
        "agents = 8\nshrinkage = 0.25\n",
    ));
    assert_eq!(s.pools[1].agents, [6; 4]);

    let error = load_error(&minimal_with("agents = 8", "agents = 8\nshrinkage = 1"));
    super::errors::check(
        &error,
        Some((12, 13)),
        "staffing.shrinkage",
        Some("1"),
        "up to (not including) 1",
    );
}

/// 08:00–10:00 in 30-minute intervals with the minimal scenario's calls.
const SHIFTS: &str = r#"
[[shifts]]
start = "08:00"
end = "10:00"
agents = 6
breaks = [{ start = "08:30", length = "15m" }]

[[shifts]]
start = "09:00"
end = "10:00"
agents = 3
"#;

#[test]
fn shifts_give_the_staffing() {
    let text = minimal_with(
        "[staffing]\nagents = 8\n",
        &format!("[staffing]\nshrinkage = 0.2\n{SHIFTS}"),
    );
    // Scheduled 6, 6 − 3 = 3 (a 15-minute break in 30 minutes), 9, 9; × 0.8 = 4.8, 2.4, 7.2, 7.2.
    assert_eq!(scenario(&text).pools[0].agents, [5, 2, 7, 7]);
    // Without [staffing] at all.
    let text = minimal_with("[staffing]\nagents = 8\n", SHIFTS);
    assert_eq!(scenario(&text).pools[0].agents, [6, 3, 9, 9]);
}

#[test]
fn shift_errors() {
    let error = load_error(&format!("{MINIMAL}{SHIFTS}"));
    check(
        &error,
        Some((13, 1)),
        "shifts.0",
        None,
        "either a count of agents (`staffing.agents`) or [[shifts]]",
    );

    let text = minimal_with(
        "[staffing]\nagents = 8\n",
        &SHIFTS.replace("end = \"10:00\"\nagents = 3", "end = \"10:30\"\nagents = 3"),
    );
    let error = load_error(&text);
    check(
        &error,
        Some((19, 7)),
        "shifts.1.end",
        Some("\"10:30\""),
        "within the opening hours, from 08:00 to 10:00",
    );

    let text = minimal_with(
        "[staffing]\nagents = 8\n",
        &SHIFTS.replace("agents = 3", "agents = 3\npool = \"desk\""),
    );
    let error = load_error(&text);
    check(
        &error,
        Some((21, 8)),
        "shifts.1.pool",
        Some("\"desk\""),
        "no `pool`: without [[pools]]",
    );

    // With pools: shifts name their pool; a pool staffed by shifts has no `agents`.
    let pools = classes_with("name = \"desk\"\nagents = 2\n", "name = \"desk\"\n");
    let error = load_error(&format!("{pools}{SHIFTS}"));
    check(
        &error,
        Some((29, 1)),
        "shifts.0.pool",
        None,
        "the name of the pool",
    );
    let text = format!(
        "{pools}{}",
        SHIFTS
            .replace("agents = 6", "agents = 6\npool = \"desk\"")
            .replace("agents = 3", "agents = 3\npool = \"dsek\"")
    );
    let error = load_error(&text);
    assert_eq!(error.key(), "shifts.1.pool");
    assert!(
        error.to_string().contains("(did you mean \"desk\"?)"),
        "{error}"
    );
    let text = format!(
        "{pools}{}",
        SHIFTS
            .replace("agents = 6", "agents = 6\npool = \"desk\"")
            .replace("agents = 3", "agents = 3\npool = \"desk\"")
    );
    assert_eq!(scenario(&text).pools[0].agents, [6, 3, 9, 9]);
}

#[test]
fn volume_scales_rates_and_uncertainty_is_kept() {
    let s = scenario(&format!(
        "volume = 1.5\n{MINIMAL}[uncertainty]\nvolume_cv = 0.2\n"
    ));
    assert_eq!(rates(&s, 0), [180.0; 4]);
    assert_eq!(s.uncertainty.volume_cv, 0.2);
    let s = scenario(&format!("volume = 0.5\n{CLASSES}"));
    assert_eq!(rates(&s, 0), [75.0; 4]);
    assert_eq!(rates(&s, 1), [25.0; 4]);

    let replay = minimal_with("calls_per_hour = 120", "times = [\"08:00:05\"]");
    let error = load_error(&format!("{replay}[uncertainty]\nvolume_cv = 0.1\n"));
    check(
        &error,
        Some((13, 13)),
        "uncertainty.volume_cv",
        Some("0.1"),
        "no volume scaling with a replayed day",
    );
    let error = load_error(&format!("volume = -1\n{MINIMAL}"));
    check(
        &error,
        Some((1, 10)),
        "volume",
        Some("-1"),
        "a factor from 0 to 100",
    );
}

#[test]
fn start_state() {
    let start = "[start]\nwaiting = [{ callers = 3, waited = \"40s\" }]\nbusy = [{ agents = 5, \
                 remaining = { distribution = \"exponential\", mean = \"2m\" } }]\n";
    let s = scenario(&format!("{MINIMAL}{start}"));
    assert_eq!(s.start.waiting[0].callers, 3);
    assert_eq!(s.start.waiting[0].waited, 40.0);
    assert_eq!(s.start.busy[0].agents, 5);

    let error = load_error(&format!(
        "{MINIMAL}{}",
        start.replace("agents = 5", "agents = 9")
    ));
    check(
        &error,
        Some((14, 20)),
        "start.busy.0.agents",
        Some("9"),
        "at most the 8 agents pool \"agents\" has",
    );

    let error = load_error(&format!(
        "{MINIMAL}{}",
        start.replace("callers = 3", "class = \"vip\", callers = 3")
    ));
    check(
        &error,
        Some((13, 22)),
        "start.waiting.0.class",
        Some("\"vip\""),
        "no `class`: the file has one class",
    );

    let named = "[start]\nwaiting = [{ class = \"vip\", callers = 2, waited = \"10s\" }]\nbusy = [{ \
                 pool = \"general\", agents = 3, remaining = { distribution = \"deterministic\", \
                 value = \"1m\" } }]\n";
    let s = scenario(&format!("{CLASSES}{named}"));
    assert_eq!((s.start.waiting[0].class, s.start.busy[0].pool), (1, 1));
    let error = load_error(&format!(
        "{CLASSES}{}",
        named.replace("class = \"vip\", ", "")
    ));
    check(
        &error,
        Some((30, 12)),
        "start.waiting.0.class",
        None,
        "the name of the class",
    );
}
