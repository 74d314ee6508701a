//! `[targets]`: the ceilings every interval must keep under (abandon rate, occupancy, ASA) and,
//! in `[targets.day]`, the targets of the day's overall figures (service level, abandon rate,
//! occupancy, ASA). The service-level floor of every interval stays `[service_level].target`.

use super::issue::Issue;
use super::kinds::{DURATION, TARGET, TIME_SHARE};
use super::reader::Table;
use crate::model::{TargetBounds, Targets};

/// Describes the table for an error message.
pub(super) const EXPECTED: &str =
    "a [targets] table such as { max_asa = \"30s\", day = { service_level = \"80%\" } }";

/// Describes the day's table for an error message.
const DAY_EXPECTED: &str =
    "a [targets.day] table such as { service_level = \"80%\", max_abandon = \"5%\" }";

/// Reads `[targets]`; every target is optional, and none is set by default.
pub(super) fn read(table: &Table) -> Result<Targets, Issue> {
    let ceilings = |table: &Table| -> Result<TargetBounds, Issue> {
        Ok(TargetBounds {
            service_level: None,
            max_abandon: table.optional("max_abandon", &TARGET)?,
            max_occupancy: table.optional("max_occupancy", &TIME_SHARE)?,
            max_asa: table.optional("max_asa", &DURATION)?,
        })
    };
    let day = table.optional_table("day", DAY_EXPECTED)?;
    Ok(Targets {
        interval: ceilings(table)?,
        day: TargetBounds {
            service_level: day.optional("service_level", &TARGET)?,
            ..ceilings(&day)?
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::scenario::from_str;

    fn with(targets: &str) -> Result<crate::model::Targets, String> {
        let text = format!(
            "name = 't'\n[hours]\nopen = '09:00'\nclose = '10:00'\n[arrivals]\n\
             calls_per_hour = 60\n[handle_time]\ndistribution = 'exponential'\nmean = '3m'\n\
             [staffing]\nagents = 5\n{targets}"
        );
        from_str(&text, "t.toml")
            .map(|scenario| scenario.targets)
            .map_err(|error| error.to_string())
    }

    #[test]
    fn both_scopes_are_read_in_their_units() {
        let targets = with(
            "[targets]\nmax_asa = '30s'\nmax_occupancy = '90%'\n\
             [targets.day]\nservice_level = '80%'\nmax_abandon = 0.05",
        )
        .unwrap();
        assert_eq!(targets.interval.max_asa, Some(30.0));
        assert_eq!(targets.interval.max_occupancy, Some(0.9));
        assert_eq!(targets.interval.max_abandon, None);
        assert_eq!(targets.day.service_level, Some(0.8));
        assert_eq!(targets.day.max_abandon, Some(0.05));
        assert!(with("").unwrap().interval.is_empty());
    }

    #[test]
    fn a_bad_value_names_its_key_and_line() {
        let error = with("[targets.day]\nmax_abandon = '150%'").unwrap_err();
        assert!(
            error.contains("t.toml:13:15") && error.contains("targets.day.max_abandon"),
            "{error}"
        );
        let error = with("[targets]\nmax_asa = 'soon'").unwrap_err();
        assert!(
            error.contains("targets.max_asa") && error.contains("duration"),
            "{error}"
        );
        let error = with("[targets]\nservice_level = '80%'").unwrap_err();
        assert!(error.contains("targets.service_level"), "{error}");
    }
}
