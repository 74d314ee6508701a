//! Charts of a run's results, as SVG text and PNG images that look the same.
//!
//! [`day_charts`] draws the charts of one scenario's day from its [`Summary`]: the service level
//! per interval against the target, offered calls against staffed agents, the queue length, the
//! waiting-time distribution and the lost calls by outcome; one series per class where the
//! scenario has several. [`SweepChart`] draws one metric against a varied parameter from plain
//! data, for commands that run a scenario at several settings; [`sweep_charts`] draws it for each
//! headline metric of a `ccsim sweep`.
//!
//! Every chart implements [`Chart`] and renders with [`to_svg`] or [`to_png`]. Rendering needs no
//! system font or library: the text is laid out with a font bundled in the binary. Output is
//! deterministic: the same summary gives the same bytes.
//!
//! ```
//! use ccsim::charts::{SweepChart, to_svg};
//! use ccsim::stats::Estimate;
//!
//! let agents = [10.0, 11.0, 12.0];
//! let service_levels = [[0.61, 0.66, 0.58], [0.78, 0.74, 0.80], [0.88, 0.86, 0.90]];
//! let chart = SweepChart::new(
//!     "Service level by staffing",
//!     "Agents",
//!     "Service level (%)",
//!     agents
//!         .iter()
//!         .zip(&service_levels)
//!         .map(|(&x, days)| (x, Estimate::from_samples(days, 0.95).unwrap()))
//!         .collect(),
//! )
//! .shares_as_percent()
//! .with_overlay("Erlang C", vec![(10.0, 0.62), (11.0, 0.77), (12.0, 0.87)])
//! .with_target("target 80%", 0.8);
//! let svg = to_svg(&chart).unwrap();
//! assert!(svg.contains("Erlang C"));
//! ```

mod lost_calls;
mod queue;
mod render;
mod service_level;
mod style;
mod sweep;
mod sweep_set;
mod traffic;
mod wait_distribution;

pub use lost_calls::LostCallsChart;
pub use queue::QueueChart;
pub use render::{ChartError, HEIGHT, WIDTH, to_png, to_svg};
pub use service_level::ServiceLevelChart;
pub use sweep::SweepChart;
pub use sweep_set::sweep_charts;
pub use traffic::TrafficChart;
pub use wait_distribution::WaitDistributionChart;

use crate::experiment::Summary;
use crate::model::Scenario;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};

/// What drawing on a plotters backend returns.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart that can be drawn on any plotters backend (SVG or bitmap).
pub trait Chart {
    /// The title, drawn above the chart.
    fn title(&self) -> String;

    /// Draws everything below the title on `area`.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// A chart rendered both ways.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderedChart {
    /// File name without extension, e.g. `service-level`.
    pub name: &'static str,
    /// The chart's title.
    pub title: String,
    /// A standalone SVG document.
    pub svg: String,
    /// A PNG image of [`WIDTH`] × [`HEIGHT`] pixels.
    pub png: Vec<u8>,
}

fn render(name: &'static str, chart: &impl Chart) -> Result<RenderedChart, ChartError> {
    Ok(RenderedChart {
        name,
        title: chart.title(),
        svg: to_svg(chart)?,
        png: to_png(chart)?,
    })
}

/// The charts of one scenario's day, in the order a report shows them.
pub fn day_charts(
    scenario: &Scenario,
    summary: &Summary,
) -> Result<Vec<RenderedChart>, ChartError> {
    Ok(vec![
        render("service-level", &ServiceLevelChart::new(scenario, summary))?,
        render("traffic", &TrafficChart::new(scenario, summary))?,
        render("queue", &QueueChart::new(summary))?,
        render(
            "wait-distribution",
            &WaitDistributionChart::new(scenario, summary),
        )?,
        render("lost-calls", &LostCallsChart::new(summary))?,
    ])
}
