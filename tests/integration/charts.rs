//! Charts and the HTML report: the files `--out` writes, what they contain, that the report stands
//! alone, that scenario text is escaped, and that the bytes do not depend on the thread count.

use crate::common::ccsim;
use ccsim::charts::{self, HEIGHT, RenderedChart, SweepChart, WIDTH};
use ccsim::experiment::{ExperimentResult, RunOptions, run_replications};
use ccsim::sim::metrics::METRICS;
use ccsim::stats::Estimate;
use std::fs;
use std::path::Path;

const CHART_NAMES: [&str; 5] = [
    "service-level",
    "traffic",
    "queue",
    "wait-distribution",
    "lost-calls",
];

/// The first two colours of the chart palette: classes 0 and 1.
const CLASS_COLORS: [&str; 2] = ["#0072B2", "#E69F00"];

fn run(path: &str, replications: u32, threads: usize) -> ExperimentResult {
    let mut scenario = ccsim::scenario::load(Path::new(path), &[]).unwrap();
    scenario.replications = replications;
    run_replications(
        &scenario,
        &RunOptions {
            threads: Some(threads),
            ..RunOptions::default()
        },
    )
}

fn day_charts(result: &ExperimentResult) -> Vec<RenderedChart> {
    charts::day_charts(&result.scenario, &result.summary).unwrap()
}

fn html(result: &ExperimentResult, charts: &[RenderedChart]) -> String {
    let mut out = Vec::new();
    ccsim::report::write_html(&mut out, result, "scenario.toml", charts).unwrap();
    String::from_utf8(out).unwrap()
}

/// Decodes a PNG fully (every chunk's checksum and the compressed data) and returns its size and
/// 8-bit RGB pixels.
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "the header chunk comes first");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(
        (frame.color_type, frame.bit_depth),
        (png::ColorType::Rgb, png::BitDepth::Eight)
    );
    pixels.truncate(frame.buffer_size());
    (frame.width, frame.height, pixels)
}

/// Pixels of the title band (the top 30 rows) dark enough to be text.
fn dark_title_pixels(pixels: &[u8]) -> usize {
    pixels[..30 * WIDTH as usize * 3]
        .chunks(3)
        .filter(|rgb| rgb.iter().all(|&c| c < 110))
        .count()
}

/// The number of points of every `<polyline>` of more than two points drawn in `color` with the
/// series line width: the lines of a series (legend marks and dashes have two points).
fn series_lines(svg: &str, color: &str) -> Vec<usize> {
    svg.lines()
        .filter(|line| line.starts_with("<polyline"))
        .filter(|line| line.contains(&format!("stroke=\"{color}\"")))
        .filter(|line| line.contains("stroke-width=\"2\""))
        .map(|line| {
            let points = line.split("points=\"").nth(1).unwrap();
            points.split('"').next().unwrap().split_whitespace().count()
        })
        .filter(|&points| points > 2)
        .collect()
}

#[test]
fn every_day_chart_renders_to_a_decodable_png_and_an_svg_with_its_labels() {
    let result = run("scenarios/retail-day.toml", 3, 2);
    let charts = day_charts(&result);
    let names: Vec<&str> = charts.iter().map(|c| c.name).collect();
    assert_eq!(names, CHART_NAMES);
    for chart in &charts {
        let (width, height, pixels) = decode_png(&chart.png);
        assert_eq!((width, height), (WIDTH, HEIGHT), "{}", chart.name);
        assert!(
            dark_title_pixels(&pixels) > 300,
            "{}: the title is drawn with the bundled font",
            chart.name
        );
        assert!(
            (20_000..1_000_000).contains(&chart.png.len()),
            "{}: {} bytes of PNG",
            chart.name,
            chart.png.len()
        );
        assert!(chart.svg.starts_with("<svg ") && chart.svg.trim_end().ends_with("</svg>"));
        assert!(
            chart
                .svg
                .contains(&format!("viewBox=\"0 0 {WIDTH} {HEIGHT}\""))
        );
        assert!(
            chart.svg.contains(&chart.title),
            "{}: the title",
            chart.name
        );
    }
    let svg = |name: &str| &charts.iter().find(|c| c.name == name).unwrap().svg;
    for (name, labels) in [
        (
            "service-level",
            &["Service level (%)", "Interval (time of day)", "target 80%"][..],
        ),
        ("traffic", &["Offered calls per interval", "Agents"]),
        ("queue", &["Callers waiting", "95% confidence interval"]),
        ("wait-distribution", &["Wait (s)", "threshold 20 s"]),
        (
            "lost-calls",
            &[
                "Lost calls per interval",
                "abandoned (beyond short abandons)",
            ],
        ),
    ] {
        for label in labels {
            assert!(svg(name).contains(label), "{name}: {label}");
        }
    }
    // The time axis is labelled with clock times from opening to closing.
    assert!(
        svg("service-level").contains("\n08:00\n") && svg("service-level").contains("\n20:00\n")
    );
    // One service-level line through the 24 intervals of the single class.
    assert_eq!(series_lines(svg("service-level"), CLASS_COLORS[0]), [24]);
}

#[test]
fn a_multi_class_scenario_gets_one_series_and_legend_entry_per_class() {
    let result = run("scenarios/vip-priority.toml", 3, 2);
    let charts = day_charts(&result);
    let svg = |name: &str| &charts.iter().find(|c| c.name == name).unwrap().svg;
    let service_level = svg("service-level");
    for (class, color) in ["standard", "vip"].iter().zip(CLASS_COLORS) {
        assert_eq!(
            service_level.matches(&format!("{class} (within ")).count(),
            1,
            "one legend entry for {class}"
        );
        assert_eq!(
            series_lines(service_level, color),
            [20],
            "one line through the 20 intervals of {class}"
        );
    }
    assert!(service_level.contains("target 90%") && service_level.contains("target 80%"));
    let waits = svg("wait-distribution");
    assert!(waits.contains("standard threshold 20 s") && waits.contains("vip threshold 10 s"));
    let traffic = svg("traffic");
    for label in [
        "offered: standard",
        "offered: vip",
        "scheduled: vip-desk",
        "scheduled: general",
    ] {
        assert!(traffic.contains(label), "{label}");
    }
}

#[test]
fn pooled_waits_hold_every_call_that_entered_the_queue() {
    let result = run("scenarios/vip-priority.toml", 3, 2);
    let metric = |values: &[Option<f64>], key: &str| {
        values[METRICS.iter().position(|m| m.key == key).unwrap()].unwrap()
    };
    let entered = |values: &[Option<f64>]| {
        metric(values, "offered") - metric(values, "missed_blocked") - metric(values, "unfinished")
    };
    let overall: f64 = result
        .replications
        .iter()
        .map(|r| entered(&r.overall))
        .sum();
    assert_eq!(result.summary.waits.count() as f64, overall);
    for (index, class) in result.summary.classes.iter().enumerate() {
        let calls: f64 = result
            .replications
            .iter()
            .map(|r| entered(&r.classes[index]))
            .sum();
        assert_eq!(class.waits.as_ref().unwrap().count() as f64, calls);
        assert_eq!(class.intervals.len(), result.summary.intervals.len());
        assert!(
            class
                .intervals
                .iter()
                .all(|t| t.get("wait_p90_s").is_none()),
            "no wait percentiles per class and interval"
        );
        assert!(
            class
                .intervals
                .iter()
                .all(|t| t.get("service_level").is_some())
        );
    }
    assert!(result.summary.pools.iter().all(|p| p.waits.is_none()));
}

#[test]
fn charts_and_report_are_the_same_bytes_whatever_the_thread_count() {
    let one = run("scenarios/vip-priority.toml", 4, 1);
    let two = run("scenarios/vip-priority.toml", 4, 2);
    let (charts_one, charts_two) = (day_charts(&one), day_charts(&two));
    assert_eq!(charts_one, charts_two);
    assert_eq!(charts_one, day_charts(&one), "rendering twice");
    assert_eq!(html(&one, &charts_one), html(&two, &charts_two));
}

#[test]
fn the_html_report_stands_alone_and_escapes_scenario_text() {
    let mut scenario =
        ccsim::scenario::load(Path::new("scenarios/vip-priority.toml"), &[]).unwrap();
    scenario.replications = 2;
    scenario.name = "Bank <b>line</b> & \"VIP\"".into();
    scenario.description = "<script>alert('x')</script> <img onerror=alert(1)>".into();
    scenario.classes[1].name = "<vip>".into();
    scenario.pools[0].name = "desk & co".into();
    let result = run_replications(&scenario, &RunOptions::default());
    let charts = day_charts(&result);
    let report = html(&result, &charts);

    assert!(report.starts_with("<!DOCTYPE html>"));
    for forbidden in [
        "http", "src=", "<script", "<link", "url(", "<img", "<vip>", "<b>",
    ] {
        assert!(
            !report.contains(forbidden),
            "the report contains {forbidden:?}"
        );
    }
    assert_eq!(
        report.matches("<svg").count(),
        CHART_NAMES.len(),
        "charts inline"
    );
    for escaped in [
        "Bank &lt;b&gt;line&lt;/b&gt; &amp; &quot;VIP&quot;",
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &lt;img onerror=alert(1)&gt;",
        "&lt;vip&gt;",
        "desk &amp; co",
    ] {
        assert!(report.contains(escaped), "{escaped}");
    }
    for section in [
        "Service level</strong> = answered_within / offered",
        "What happened to the calls",
        "By class",
        "By agent pool",
        "By interval",
        "SL &lt;vip&gt;",
    ] {
        assert!(report.contains(section), "{section}");
    }
}

#[test]
fn sweep_chart_draws_points_overlay_and_target_from_plain_data() {
    let points: Vec<(f64, Estimate)> = [
        (10.0, [0.55, 0.6, 0.58]),
        (12.0, [0.8, 0.84, 0.83]),
        (11.0, [0.7, 0.72, 0.69]),
    ]
    .into_iter()
    .map(|(x, days)| (x, Estimate::from_samples(&days, 0.95).unwrap()))
    .collect();
    let chart = SweepChart::new("SL by agents", "Agents", "Service level (%)", points)
        .shares_as_percent()
        .with_overlay("Erlang A", vec![(10.0, 0.57), (11.0, 0.71), (12.0, 0.82)])
        .with_target("target 80%", 0.8);
    let svg = charts::to_svg(&chart).unwrap();
    for label in [
        "SL by agents",
        "Agents",
        "Service level (%)",
        "Erlang A",
        "target 80%",
        "simulated (95% CI)",
    ] {
        assert!(svg.contains(label), "{label}");
    }
    assert_eq!(
        series_lines(&svg, CLASS_COLORS[0]),
        [3],
        "one line through the points"
    );
    let (width, height, _) = decode_png(&charts::to_png(&chart).unwrap());
    assert_eq!((width, height), (WIDTH, HEIGHT));
}

#[test]
fn out_writes_the_report_and_every_chart_as_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let output = ccsim()
        .args(["run", "scenarios/vip-priority.toml", "-r", "2", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut written: Vec<String> = fs::read_dir(dir.path().join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    let mut expected: Vec<String> = CHART_NAMES
        .iter()
        .flat_map(|name| [format!("{name}.png"), format!("{name}.svg")])
        .collect();
    expected.sort();
    assert_eq!(written, expected, "the charts and no temporary files");
    for name in CHART_NAMES {
        let png = fs::read(dir.path().join(format!("charts/{name}.png"))).unwrap();
        assert_eq!(decode_png(&png).0, WIDTH);
        let svg = fs::read_to_string(dir.path().join(format!("charts/{name}.svg"))).unwrap();
        assert!(svg.len() > 5_000, "{name}.svg has {} bytes", svg.len());
    }
    let report = fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(report.contains("<h1>VIP priority</h1>") && report.trim_end().ends_with("</html>"));
}

#[test]
fn a_failed_chart_write_leaves_no_report() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the charts directory should go.
    fs::write(dir.path().join("charts"), "in the way").unwrap();
    let output = ccsim()
        .args(["run", "scenarios/basic.toml", "-r", "2", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("charts"), "names the path: {stderr}");
    assert!(!dir.path().join("report.html").exists());
    assert!(
        fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".partial")),
        "no temporary files"
    );
}
