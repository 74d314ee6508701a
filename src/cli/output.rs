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

/// Checks, before any simulation, that `--out DIR` can be written: the nearest part of `dir`
/// that exists is a directory ccsim may write in. A mistyped path then costs no simulation time.
pub fn check_out_dir(dir: &Path) -> Result<(), Failure> {
    if dir.is_dir() {
        return check_writable(dir, dir);
    }
    let existing = nearest_existing(dir);
    if existing.is_file() || existing == dir {
        return Err(Failure::bad_input(format!(
            "{}: is a file, so the output directory {} cannot be created there; give the path \
             of a directory (new or existing), such as {}-report",
            existing.display(),
            dir.display(),
            dir.display()
        )));
    }
    check_writable(existing, dir)
}

/// Checks, before any simulation, that the file `path` (`--call-log`) can be written: it is not
/// a directory, and its directory exists and may be written in.
pub fn check_out_file(path: &Path) -> Result<(), Failure> {
    if path.is_dir() {
        return Err(Failure::bad_input(format!(
            "{}: is a directory; give the path of a file in it, such as {}",
            path.display(),
            path.join("calls.csv").display()
        )));
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(Failure::bad_input(format!(
            "{}: the directory {} does not exist; create it, or give a path in an existing \
             directory",
            path.display(),
            parent.display()
        )));
    }
    check_writable(parent, path)
}

/// The longest leading part of `path` that exists (`.` for a relative path none of which does).
fn nearest_existing(path: &Path) -> &Path {
    path.ancestors()
        .find(|ancestor| !ancestor.as_os_str().is_empty() && ancestor.exists())
        .unwrap_or(Path::new("."))
}

/// Whether files can be created in the directory `dir` (where `target` will be written): by
/// creating and removing an empty file, since permission bits do not tell (a read-only mount, an
/// ACL, running as root).
fn check_writable(dir: &Path, target: &Path) -> Result<(), Failure> {
    let probe = dir.join(format!(".ccsim-write-check-{}", std::process::id()));
    match fs::File::create(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Ok(())
        }
        Err(error) => Err(Failure::bad_input(format!(
            "{}: cannot write in {}: {error}; give a path in a directory you can write to",
            target.display(),
            dir.display()
        ))),
    }
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
