//! Writing results: atomically to files (never a half-written file), or to stdout where a closed
//! pipe (`ccsim run … | head`) is not an error.

use super::Failure;
use crate::charts::RenderedChart;
use clap::ValueEnum;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Output format of `sweep` and `staff` on standard output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ResultFormat {
    /// A readable table.
    #[default]
    Table,
    /// Versioned JSON (docs/report-format.md).
    Json,
    /// CSV, one row per point or interval.
    Csv,
}

/// Creates `dir` and its parents if missing, for `--out`. A path that names an existing file is
/// said plainly, rather than as the system's "File exists".
pub fn create_dir(dir: &Path) -> Result<(), Failure> {
    if let Some(blocking) = dir.ancestors().find(|path| path.is_file()) {
        return Err(Failure::failed(format!(
            "{}: is a file, so the output directory {} cannot be created there; give the path \
             of a directory (new or existing), such as {}-report",
            blocking.display(),
            dir.display(),
            dir.display()
        )));
    }
    fs::create_dir_all(dir)
        .map_err(|e| Failure::failed(format!("cannot create directory {}: {e}", dir.display())))
}

/// Writes a file through a temporary sibling and a rename, so readers see the old file or the
/// complete new one, never a partial one.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    let fail =
        |error: io::Error| Failure::failed(format!("cannot write {}: {error}", path.display()));
    let file_name = path
        .file_name()
        .ok_or_else(|| fail(io::Error::other("not a file path")))?;
    let temporary = path.with_file_name(format!(".{}.partial", file_name.to_string_lossy()));
    let result = (|| {
        let mut writer = BufWriter::new(fs::File::create(&temporary)?);
        write(&mut writer)?;
        writer
            .into_inner()
            .map_err(|e| e.into_error())?
            .sync_all()?;
        fs::rename(&temporary, path)
    })();
    if let Err(error) = result {
        let _ = fs::remove_file(&temporary);
        return Err(fail(error));
    }
    Ok(())
}

/// Writes to stdout; a reader that closed the pipe early ends the output quietly.
pub fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    match write(&mut lock).and_then(|()| lock.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Failure::failed(format!(
            "cannot write to standard output: {error}"
        ))),
    }
}

/// Adapts a CSV error to an I/O error for the writers above.
pub fn csv_to_io(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Writes each chart as `NAME.svg` and `NAME.png` into `dir`.
pub fn write_charts(dir: &Path, charts: &[RenderedChart]) -> Result<(), Failure> {
    create_dir(dir)?;
    for chart in charts {
        write_atomically(&dir.join(format!("{}.svg", chart.name)), |out| {
            out.write_all(chart.svg.as_bytes())
        })?;
        write_atomically(&dir.join(format!("{}.png", chart.name)), |out| {
            out.write_all(&chart.png)
        })?;
    }
    Ok(())
}
