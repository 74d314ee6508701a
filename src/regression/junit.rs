//! `ccsim check --junit FILE`: JUnit XML, so that CI systems show each scenario as a test case,
//! failed when it regressed or changed, with the table of what moved as the failure's text.

use super::compare::{Mode, Status};
use super::outcome::{CheckOutcome, CheckedScenario};
use super::table::write_scenario;
use crate::report::escape_markup;
use std::io::{self, Write};

/// Writes the outcome as one `<testsuite>` with one `<testcase>` per scenario.
pub fn write_junit(out: &mut dyn Write, outcome: &CheckOutcome) -> io::Result<()> {
    let tests = outcome.scenarios.len();
    let failures = tests - outcome.count(Status::Ok);
    let seconds: f64 = outcome.scenarios.iter().map(|s| s.seconds).sum();
    let suite = match &outcome.mode {
        Mode::Exact => "ccsim check (exact mode)".to_string(),
        Mode::Statistical { alpha, .. } => format!("ccsim check (statistical mode, alpha {alpha})"),
    };
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="ccsim check" tests="{tests}" failures="{failures}" errors="0" time="{seconds:.3}">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="{}" tests="{tests}" failures="{failures}" errors="0" skipped="0" time="{seconds:.3}">"#,
        escape(&suite)
    )?;
    for scenario in &outcome.scenarios {
        write_case(out, scenario, &outcome.mode)?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

fn write_case(out: &mut dyn Write, scenario: &CheckedScenario, mode: &Mode) -> io::Result<()> {
    let check = &scenario.check;
    write!(
        out,
        r#"    <testcase classname="ccsim.check" name="{}" time="{:.3}""#,
        escape(&scenario.scenario_file),
        scenario.seconds
    )?;
    let (kind, message) = match check.status {
        Status::Ok => return writeln!(out, "/>"),
        Status::Regression => {
            let moved: Vec<String> = check
                .flagged()
                .take(5)
                .map(|m| format!("{} {}", m.scope, m.key))
                .collect();
            let more = check.flagged().count().saturating_sub(moved.len());
            let mut message = format!("{} regressed", check.name);
            if !moved.is_empty() {
                message += &format!(": {}", moved.join(", "));
            }
            if more > 0 {
                message += &format!(" and {more} more");
            }
            if let Some(note) = check.notes.first() {
                message += &format!("; {note}");
            }
            ("regression", message)
        }
        Status::Changed => {
            let keys: Vec<&str> = check.changes.iter().map(|c| c.key.as_str()).collect();
            (
                "scenario-changed",
                format!(
                    "{} changed ({}): re-baseline if intended",
                    check.name,
                    keys.join(", ")
                ),
            )
        }
    };
    let mut body = Vec::new();
    write_scenario(&mut body, scenario, mode)?;
    writeln!(out, ">")?;
    writeln!(
        out,
        r#"      <failure type="{kind}" message="{}">{}</failure>"#,
        escape(&message),
        escape_markup(&String::from_utf8_lossy(&body))
    )?;
    writeln!(out, "    </testcase>")
}

/// Escapes an attribute value: as [`escape_markup`], and line breaks and tabs as character
/// references, since a parser would otherwise normalise them to spaces.
fn escape(text: &str) -> String {
    escape_markup(text)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_xml_cannot_carry() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
        assert_eq!(escape("line\nnext\ttab\r"), "line&#10;next&#9;tab&#13;");
        assert_eq!(escape_markup("line\nnext\ttab"), "line\nnext\ttab");
        assert_eq!(
            escape("bell\u{7}\u{0}\u{ffff}"),
            "bell\u{fffd}\u{fffd}\u{fffd}"
        );
        assert_eq!(escape("Kundendienst – 80/20 ✓"), "Kundendienst – 80/20 ✓");
    }
}
