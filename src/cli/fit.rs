//! `ccsim fit`: read call logs, write a calibrated scenario, its data files, fit.md and
//! actual.json into one directory, all or nothing.

use super::Failure;
use crate::calibrate::days::DaySelection;
use crate::calibrate::layout::{Layout, Preset};
use crate::calibrate::log::ReadOptions;
use crate::calibrate::observed::actual_json;
use crate::calibrate::output::{OutputFile, render};
use crate::calibrate::{FitOptions, HandleChoice, fit};
use crate::scenario::{parse_clock, parse_duration};
use clap::{Args, ValueEnum};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `ccsim fit`.
#[derive(Args, Debug)]
pub struct FitArgs {
    /// Call logs (CSV or TSV, delimiter detected), one row per call; several files are read as one log.
    #[arg(required = true)]
    calls: Vec<PathBuf>,
    /// Directory to write scenario.toml, its data files, fit.md and actual.json into (replaced as a whole).
    #[arg(long)]
    out: PathBuf,
    /// A known layout: `ccsim` (ccsim's --call-log; detected from its header) or `bank` (the 1999 Anonymous Bank files).
    #[arg(long)]
    preset: Option<String>,
    /// Columns of other logs: FIELD=COLUMN pairs, e.g. arrival=start_time,answered=answer_time,ended=end_time,outcome=result,class=queue,agent=agent_id.
    #[arg(long)]
    columns: Option<String>,
    /// Outcome words of the log: OUTCOME=WORD[|WORD], e.g. answered=AGENT,abandoned=HANG,ignore=PHANTOM.
    #[arg(long)]
    outcomes: Option<String>,
    /// strftime format of time columns (default: detected from the first row).
    #[arg(long)]
    time_format: Option<String>,
    /// strftime format of a separate date column (default: detected).
    #[arg(long)]
    date_format: Option<String>,
    /// Days to fit: dates or day numbers, lists and FIRST..LAST ranges, e.g. 1999-01-01..1999-06-30.
    #[arg(long)]
    days: Option<String>,
    /// Weekdays to keep, e.g. mon-fri, sun-thu, or mon,wed,fri (applies to --days and --replay).
    #[arg(long)]
    weekdays: Option<String>,
    /// Days to replay as a calendar ([[days]]): their own arrivals and inferred rosters; same syntax as --days.
    #[arg(long)]
    replay: Option<String>,
    /// Interval length: 15m, 30m or 1h (any duration that divides the day).
    #[arg(long, default_value = "30m")]
    interval: String,
    /// Opening hours, e.g. 07:00-24:00 (default: from the first to the last interval with a call).
    #[arg(long)]
    hours: Option<String>,
    /// Handle-time distribution written to the scenario.
    #[arg(long, value_enum, default_value_t = HandleTime::Empirical)]
    handle_time: HandleTime,
    /// Service-level threshold for the observed metrics and the scenario.
    #[arg(long, default_value = "20s")]
    threshold: String,
}

/// `--handle-time`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum HandleTime {
    /// The observed values, resampled.
    Empirical,
    /// The best of lognormal, gamma and Weibull by AIC.
    Parametric,
}

/// Runs `ccsim fit`.
pub fn run(args: FitArgs) -> Result<(), Failure> {
    let options = options(&args).map_err(Failure::bad_input)?;
    let paths: Vec<&Path> = args.calls.iter().map(PathBuf::as_path).collect();
    let fitted = fit(&paths, &options).map_err(|e| Failure::bad_input(e.to_string()))?;
    let mut files = render(&fitted);
    let actual = serde_json::to_string_pretty(&actual_json(&fitted)).expect("JSON serialises");
    files.push(OutputFile {
        path: "actual.json".into(),
        content: actual + "\n",
    });
    write_directory(&args.out, &files)?;
    let calls: usize = fitted.classes.iter().map(|c| c.calls).sum();
    eprintln!(
        "fitted {calls} calls of {} days into {} (classes: {}); see {}",
        fitted.fit_days.len(),
        args.out.join("scenario.toml").display(),
        fitted.classes.len(),
        args.out.join("fit.md").display()
    );
    Ok(())
}

fn options(args: &FitArgs) -> Result<FitOptions, String> {
    let text = |e: crate::calibrate::error::FitError| e.to_string();
    let layout = Layout {
        preset: args
            .preset
            .as_deref()
            .map(Preset::parse)
            .transpose()
            .map_err(text)?,
        columns: args
            .columns
            .as_deref()
            .map(Layout::parse_columns)
            .transpose()
            .map_err(text)?
            .unwrap_or_default(),
        outcomes: args
            .outcomes
            .as_deref()
            .map(Layout::parse_outcomes)
            .transpose()
            .map_err(text)?
            .unwrap_or_default(),
    };
    let interval = parse_duration(&args.interval)
        .filter(|s| *s > 0.0 && 86_400.0 % s == 0.0)
        .ok_or_else(|| format!("--interval: found {:?}: expected a duration that divides the day, such as 15m, 30m or 1h", args.interval))?;
    let threshold = parse_duration(&args.threshold).ok_or_else(|| {
        format!(
            "--threshold: found {:?}: expected a duration such as 20s",
            args.threshold
        )
    })?;
    let hours = args
        .hours
        .as_deref()
        .map(|h| {
            let bad = || format!("--hours: found {h:?}: expected OPEN-CLOSE clock times on the interval grid, such as 07:00-24:00");
            let (open, close) = h.split_once('-').ok_or_else(bad)?;
            let (open, close) = (parse_clock(open.trim()).ok_or_else(bad)?, parse_clock(close.trim()).ok_or_else(bad)?);
            if close <= open || open % interval != 0.0 || close % interval != 0.0 {
                return Err(bad());
            }
            Ok((open, close))
        })
        .transpose()?;
    Ok(FitOptions {
        read: ReadOptions {
            layout,
            time_format: args.time_format.clone(),
            date_format: args.date_format.clone(),
            keep: Vec::new(),
        },
        fit_days: DaySelection::parse("--days", args.days.as_deref(), args.weekdays.as_deref())
            .map_err(text)?,
        replay: args
            .replay
            .as_deref()
            .map(|r| DaySelection::parse("--replay", Some(r), args.weekdays.as_deref()))
            .transpose()
            .map_err(text)?,
        interval,
        hours,
        handle_time: match args.handle_time {
            HandleTime::Empirical => HandleChoice::Empirical,
            HandleTime::Parametric => HandleChoice::Parametric,
        },
        threshold,
    })
}

/// Writes every file into a temporary sibling directory, then swaps it in for `dir`: readers
/// see the old directory or the complete new one, never a mix.
fn write_directory(dir: &Path, files: &[OutputFile]) -> Result<(), Failure> {
    let name = dir
        .file_name()
        .ok_or_else(|| {
            Failure::bad_input(format!(
                "--out: found {:?}: expected a directory path",
                dir.display().to_string()
            ))
        })?
        .to_string_lossy()
        .into_owned();
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    super::output::create_dir(parent)?;
    let partial = parent.join(format!(".{name}.partial"));
    let old = parent.join(format!(".{name}.old"));
    let fail = |what: &str, e: std::io::Error| {
        Failure::failed(format!("cannot write {}: {what}: {e}", dir.display()))
    };
    let _ = fs::remove_dir_all(&partial);
    let result = (|| -> std::io::Result<()> {
        fs::create_dir_all(&partial)?;
        for file in files {
            let path = partial.join(&file.path);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p)?;
            }
            let mut out = std::io::BufWriter::new(fs::File::create(&path)?);
            out.write_all(file.content.as_bytes())?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&partial);
        return Err(fail("writing the files", e));
    }
    let _ = fs::remove_dir_all(&old);
    if dir.exists() {
        fs::rename(dir, &old).map_err(|e| fail("moving the previous output aside", e))?;
    }
    fs::rename(&partial, dir).map_err(|e| fail("moving the new output in", e))?;
    let _ = fs::remove_dir_all(&old);
    Ok(())
}
