//! The back-test in the JSON report: an `actual` object beside every predicted metric, and a
//! top-level `back_test` summary.

use super::{BackTest, Check};
use serde_json::{Value, json};

/// Adds the back-test to a report made by [`crate::report::to_json`]: `back_test` at the top,
/// and `actual: { observed, range_low, range_high, inside }` in every metric object of the
/// summary, of each class and of each interval.
pub fn annotate_json(report: &mut Value, backtest: &BackTest) {
    report["back_test"] = summary_json(backtest);
    annotate_sections(report, backtest);
}

/// Adds the back-test of the baseline to a comparison made by [`crate::compare::to_json`]:
/// `back_test` at the top, and an `actual` object beside `baseline` in every metric of each
/// variant's `summary` and `classes` (the ranges are the baseline's).
pub fn annotate_comparison(comparison: &mut Value, backtest: &BackTest) {
    comparison["back_test"] = summary_json(backtest);
    if let Some(variants) = comparison["variants"].as_array_mut() {
        for variant in variants {
            annotate_sections(variant, backtest);
        }
    }
}

/// The top-level `back_test` object.
fn summary_json(backtest: &BackTest) -> Value {
    let (checked, outside) = backtest.tally();
    json!({
        "file": backtest.file,
        "days": backtest.days,
        "range": backtest.rule.key(),
        "replications": backtest.replications,
        "checked": checked,
        "outside": outside,
    })
}

/// An `actual` object in every metric of `document`'s sections that the back-test has.
fn annotate_sections(document: &mut Value, backtest: &BackTest) {
    let report = document;
    for scope in &backtest.scopes {
        let target = match scope.section {
            "summary" => Some(&mut report["summary"]),
            section => {
                let key = if section == "intervals" {
                    "start"
                } else {
                    "name"
                };
                report[section].as_array_mut().and_then(|items| {
                    items
                        .iter_mut()
                        .find(|item| item[key].as_str() == Some(scope.name.as_str()))
                })
            }
        };
        let Some(target) = target else {
            continue;
        };
        for check in &scope.checks {
            if let Some(metric) = target.get_mut(check.metric.key) {
                metric["actual"] = actual_json(check);
            }
        }
    }
}

fn actual_json(check: &Check) -> Value {
    json!({
        "observed": check.observed,
        "range_low": check.range.map(|r| r.0),
        "range_high": check.range.map(|r| r.1),
        "inside": check.inside(),
    })
}
