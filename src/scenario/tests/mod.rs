//! Tests of scenario loading as a user meets it: whole files in, scenarios or error messages out.

mod class_errors;
mod classes;
mod contact;
mod data_files;
mod errors;
mod inputs;
mod loading;
mod robustness;
mod variants;

use super::{Override, ScenarioError, from_str_with_overrides};

/// The smallest valid scenario. Line numbers matter to the error tests:
/// 1 name, 2 [hours], 3 open, 4 close, 5 [arrivals], 6 calls_per_hour, 7 [handle_time],
/// 8 distribution, 9 mean, 10 [staffing], 11 agents.
const MINIMAL: &str = r#"name = "Test"
[hours]
open = "08:00"
close = "10:00"
[arrivals]
calls_per_hour = 120
[handle_time]
distribution = "exponential"
mean = "3m"
[staffing]
agents = 8
"#;

const BASIC: &str = include_str!("../../../scenarios/basic.toml");
const RETAIL_DAY: &str = include_str!("../../../scenarios/retail-day.toml");
const VIP_PRIORITY: &str = include_str!("../../../scenarios/vip-priority.toml");

/// The smallest multi-class scenario with pools: two classes taking shares of a total, a default
/// handle time, and two pools. Line numbers matter to the error tests:
/// 1 name, 2 [hours], 3 open, 4 close, 5 [arrivals], 6 calls_per_hour, 7 [handle_time],
/// 8 distribution, 9 mean, 10 blank, 11 [[classes]], 12 name, 13 share, 14 priority, 15 blank,
/// 16 [[classes]], 17 name, 18 share, 19 blank, 20 [[pools]], 21 name, 22 agents, 23 skills,
/// 24 blank, 25 [[pools]], 26 name, 27 agents, 28 skills.
const CLASSES: &str = r#"name = "Two classes"
[hours]
open = "08:00"
close = "10:00"
[arrivals]
calls_per_hour = 200
[handle_time]
distribution = "exponential"
mean = "3m"

[[classes]]
name = "standard"
share = 0.75
priority = 2

[[classes]]
name = "vip"
share = 0.25

[[pools]]
name = "desk"
agents = 2
skills = ["vip"]

[[pools]]
name = "general"
agents = 8
skills = ["standard", { class = "vip", after = "30s" }]
"#;

/// `CLASSES` with `from` replaced by `to` (which must occur).
fn classes_with(from: &str, to: &str) -> String {
    assert!(CLASSES.contains(from), "{from:?} is not in CLASSES");
    CLASSES.replacen(from, to, 1)
}

/// `MINIMAL` with `from` replaced by `to` (which must occur).
fn minimal_with(from: &str, to: &str) -> String {
    assert!(MINIMAL.contains(from), "{from:?} is not in MINIMAL");
    MINIMAL.replacen(from, to, 1)
}

/// The error loading `text` as `t.toml` with `sets` applied; panics if it loads.
fn load_error_with(text: &str, sets: &[&str]) -> ScenarioError {
    let sets: Vec<Override> = sets.iter().map(|s| s.parse().unwrap()).collect();
    match from_str_with_overrides(text, "t.toml", &sets) {
        Ok(scenario) => panic!("expected an error, loaded {scenario:?}"),
        Err(error) => error,
    }
}

fn load_error(text: &str) -> ScenarioError {
    load_error_with(text, &[])
}
