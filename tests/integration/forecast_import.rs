//! Forecast exports as workforce-management tools write them: one fixture per quirk under
//! tests/fixtures/forecast, each the same three 30-minute intervals (40 calls at 300 s, 60 at
//! 240 s, none; 10, 11 and 4 scheduled agents), so every quirk must load as the plain file does.

use crate::common::ccsim;
use ccsim::Scenario;
use ccsim::model::Arrivals;
use ccsim::scenario::{ScenarioError, from_str, notes};
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/forecast");

/// The scenario around a fixture: 08:00–09:30 in 30-minute intervals, calls, handle times and
/// agents from the forecast.
fn load(fixture: &str) -> Result<Scenario, ScenarioError> {
    let toml = format!(
        "name = \"{fixture}\"\n[hours]\nopen = \"08:00\"\nclose = \"09:30\"\n[forecast]\n\
         file = \"{fixture}\"\n"
    );
    from_str(&toml, &format!("{FIXTURES}/scenario.toml"))
}

/// Asserts that `fixture` loads as the plain forecast.
#[track_caller]
fn loads_as_the_plain_forecast(fixture: &str) {
    let s = load(fixture).unwrap_or_else(|error| panic!("{fixture}: {error}"));
    let Arrivals::Poisson { calls_per_hour } = &s.classes[0].arrivals else {
        panic!("Poisson arrivals expected");
    };
    assert_eq!(calls_per_hour, &[80.0, 120.0, 0.0], "{fixture}");
    // The empty interval takes the day's AHT: (40·300 + 60·240) / 100 = 264 s.
    assert_eq!(
        s.classes[0].handle_time_by_interval.as_deref(),
        Some(&[300.0, 240.0, 264.0][..]),
        "{fixture}"
    );
    assert_eq!(s.pools[0].agents, [10, 11, 4], "{fixture}");
}

#[test]
fn interval_ranges_with_spaces() {
    loads_as_the_plain_forecast("range_spaced.csv");
}

#[test]
fn interval_ranges_without_spaces() {
    loads_as_the_plain_forecast("range_compact.csv");
}

#[test]
fn twelve_hour_clocks() {
    loads_as_the_plain_forecast("twelve_hour.csv");
}

#[test]
fn semicolons_and_decimal_commas() {
    loads_as_the_plain_forecast("semicolon_decimal_comma.csv");
}

#[test]
fn tabs_and_decimal_commas() {
    loads_as_the_plain_forecast("tab_decimal_comma.csv");
}

#[test]
fn handle_times_as_mm_ss() {
    loads_as_the_plain_forecast("aht_mm_ss.csv");
}

#[test]
fn handle_times_as_h_mm_ss() {
    loads_as_the_plain_forecast("aht_h_mm_ss.csv");
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends() {
    loads_as_the_plain_forecast("bom_crlf.csv");
}

#[test]
fn extra_columns_are_ignored_and_named_in_a_note() {
    loads_as_the_plain_forecast("extra_columns.csv");
    let scenario = Path::new(FIXTURES).join("extra_columns.toml");
    let notes = notes(&scenario, &[]);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].ends_with(
            "ignored the columns ccsim does not read: \"Date\", \"Abandoned\", \"Service Level\""
        ),
        "{notes:?}"
    );
    let output = ccsim()
        .args(["validate", "tests/fixtures/forecast/extra_columns.toml"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("note: ") && stderr.contains("\"Service Level\""),
        "{stderr}"
    );
}

#[test]
fn fractional_agents_are_an_average_presence() {
    let s = load("fractional_agents.csv").unwrap();
    // As `agents = [10.5, 11, 3.25]` would be: the ceiling, with the presence beside it.
    assert_eq!(s.pools[0].agents, [11, 11, 4]);
    assert_eq!(
        s.pools[0].fractional.as_deref(),
        Some(&[10.5, 11.0, 3.25][..])
    );
}

#[test]
fn a_range_must_end_where_the_interval_does() {
    let error = load("range_wrong_end.csv").unwrap_err();
    assert_eq!(
        (error.line(), error.column()),
        (Some(2), Some(1)),
        "{error}"
    );
    assert_eq!(error.found(), Some("\"08:00 - 08:15\""), "{error}");
    assert!(
        error
            .expected()
            .contains("ending where the scenario's interval does (08:30)")
    );
}

#[test]
fn what_is_still_unreadable_names_file_line_and_column() {
    let error = load("unreadable_aht.csv").unwrap_err();
    assert!(error.file().ends_with("unreadable_aht.csv"), "{error}");
    // The third field of line 3, after "08:30;60;".
    assert_eq!(
        (error.line(), error.column()),
        (Some(3), Some(10)),
        "{error}"
    );
    assert_eq!(error.key(), "AHT");
    assert!(error.expected().contains("mm:ss"), "{error}");
}

#[test]
fn a_device_is_refused_before_it_is_read() {
    // `/dev/zero` would never end; it is not a regular file.
    let toml = "name = \"zero\"\n[hours]\nopen = \"08:00\"\nclose = \"09:30\"\n[forecast]\n\
                file = \"/dev/zero\"\n";
    if !Path::new("/dev/zero").exists() {
        eprintln!("skipped: this system has no /dev/zero");
        return;
    }
    let error = from_str(toml, "t.toml").unwrap_err();
    assert_eq!(error.key(), "forecast.file");
    assert!(error.to_string().contains("not a regular file"), "{error}");
}
