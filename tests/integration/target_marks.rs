//! Reports that flag what missed: the intervals below the service-level target are marked in
//! the table, the CSV and the HTML, and the headline counts them.

use crate::common::{ccsim, stdout_of};

/// Intervals whose service level misses the target, or is too close to tell, are marked in
/// the table, the CSV and the HTML, and the headline counts them. The retail day with three
/// agents fewer at 10:30 misses there for sure.
#[test]
fn intervals_that_miss_the_target_are_flagged_in_every_view() {
    let dir = tempfile::tempdir().unwrap();
    let agents =
        "staffing.agents=[10,13,19,26,33,29,36,32,27,21,22,26,30,27,24,23,21,19,18,16,14,13,11,10]";
    let table = stdout_of(
        ccsim()
            .args([
                "run",
                "scenarios/retail-day.toml",
                "-q",
                "--set",
                agents,
                "--out",
            ])
            .arg(dir.path()),
    );
    let headline = table
        .lines()
        .find(|l| l.starts_with("Target over the day: "))
        .unwrap();
    assert!(
        headline.contains("1 of 24 intervals below target"),
        "{headline}"
    );
    let row = table
        .lines()
        .find(|l| l.starts_with("10:30-11:00"))
        .unwrap();
    assert!(row.ends_with("MISSED"), "{row}");
    let met = table
        .lines()
        .find(|l| l.starts_with("08:00-08:30"))
        .unwrap();
    assert!(
        !met.ends_with("MISSED") && !met.ends_with("unclear"),
        "{met}"
    );

    let csv = std::fs::read_to_string(dir.path().join("intervals.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = header
        .iter()
        .position(|h| h == "service_level_verdict")
        .unwrap();
    let low = header
        .iter()
        .position(|h| h == "service_level_ci_low")
        .unwrap();
    let high = header
        .iter()
        .position(|h| h == "service_level_ci_high")
        .unwrap();
    let mut missed = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let (low, high): (f64, f64) = (record[low].parse().unwrap(), record[high].parse().unwrap());
        let expected = if low >= 0.8 {
            "met"
        } else if high < 0.8 {
            "missed"
        } else {
            "unclear"
        };
        assert_eq!(&record[column], expected, "{record:?}");
        missed += usize::from(expected == "missed");
    }
    assert_eq!(missed, 1);

    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert_eq!(html.matches("<tr class=\"row-missed\">").count(), 1);
    assert!(html.contains("1 of 24 intervals below target"));
    assert!(html.contains("@media print"));
}
