//! Turning a [`Chart`] into SVG text or PNG bytes, with the bundled font.
//!
//! Both backends draw the same chart at the same size, so the PNG and the SVG look the same. Text
//! is laid out with DejaVu Sans, embedded in the binary and registered with plotters once, so
//! charts render on a machine with no system fonts and no fontconfig; the SVG names the
//! `sans-serif` family, which every browser has.

use super::style;
use super::{Chart, DrawResult};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// Width of every chart, pixels.
pub const WIDTH: u32 = 960;
/// Height of every chart, pixels.
pub const HEIGHT: u32 = 540;

/// DejaVu Sans 2.37 (Bitstream Vera licence, see `assets/fonts/DejaVuSans-LICENSE.txt`).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Why a chart could not be rendered.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart \"{title}\": {message}")]
pub struct ChartError {
    /// The chart's title.
    pub title: String,
    /// What went wrong.
    pub message: String,
}

/// Registers the bundled font under the family name charts ask for, once; says whether plotters
/// accepted it (it is a constant of the build, so this fails in every run or in none).
fn register_bundled_font() -> bool {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| register_font(style::FONT_FAMILY, FontStyle::Normal, FONT).is_ok())
}

/// Fails unless the bundled font is registered.
fn with_font(chart: &impl Chart) -> Result<(), ChartError> {
    if register_bundled_font() {
        Ok(())
    } else {
        Err(failure(
            chart,
            "the bundled font is not a valid TrueType file",
        ))
    }
}

fn failure(chart: &impl Chart, message: impl ToString) -> ChartError {
    ChartError {
        title: chart.title(),
        message: message.to_string(),
    }
}

/// Renders `chart` as a standalone SVG document.
pub fn to_svg(chart: &impl Chart) -> Result<String, ChartError> {
    with_font(chart)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        draw_on(chart, &root).map_err(|e| failure(chart, e))?;
        root.present().map_err(|e| failure(chart, e))?;
    }
    Ok(svg)
}

/// Renders `chart` as a PNG image ([`WIDTH`] × [`HEIGHT`], 8-bit RGB), in memory so that the
/// caller can write it atomically.
pub fn to_png(chart: &impl Chart) -> Result<Vec<u8>, ChartError> {
    with_font(chart)?;
    let mut pixels = vec![0_u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        draw_on(chart, &root).map_err(|e| failure(chart, e))?;
        root.present().map_err(|e| failure(chart, e))?;
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| failure(chart, e))?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| failure(chart, e))?;
    writer.finish().map_err(|e| failure(chart, e))?;
    Ok(png)
}

/// The frame every chart shares: a white background and the title; the chart draws the rest.
fn draw_on<DB: DrawingBackend>(
    chart: &impl Chart,
    root: &DrawingArea<DB, Shift>,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let body = root.titled(&chart.title(), style::title())?;
    chart.draw(&body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_registers() {
        assert!(register_bundled_font());
        assert!(register_bundled_font(), "registering twice is harmless");
    }
}
