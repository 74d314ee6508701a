//! The fit's files as text: `scenario.toml` (runnable as it is, with comments saying where each
//! value came from), the data files it names, and `fit.md` (each estimate with its
//! uncertainty, and every row left out, by reason).

use super::layout::Preset;
use super::patience::{BOOTSTRAP_RESAMPLES, WithError};
use super::staffing::{DAY_EDGE, SESSION_GAP};
use super::{ClassFit, Fit, HandleChoice};
use crate::report::clock_time;
use std::fmt::Write;

/// A file of the fit's output: its path relative to the output directory, and its content.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputFile {
    /// Path within the output directory (`scenario.toml`, `days/1999-07-01-PS.csv`).
    pub path: String,
    /// The file's content.
    pub content: String,
}

/// A class name made safe for a file name.
fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "class".into() } else { s }
}

fn number(x: f64, digits: usize) -> String {
    let text = format!("{x:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn list(values: impl Iterator<Item = String>) -> String {
    format!("[{}]", values.collect::<Vec<_>>().join(", "))
}

fn toml_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialise")
}

/// A duration as a scenario file writes it: whole hours or minutes as `"1h"` / `"30m"`, else
/// seconds.
fn duration(seconds: f64) -> String {
    if seconds > 0.0 && seconds % 3600.0 == 0.0 {
        format!("\"{}h\"", seconds / 3600.0)
    } else if seconds > 0.0 && seconds % 60.0 == 0.0 {
        format!("\"{}m\"", seconds / 60.0)
    } else {
        format!("\"{}s\"", number(seconds, 3))
    }
}

/// Every file of the fit but `actual.json`.
pub fn render(fit: &Fit) -> Vec<OutputFile> {
    let mut files = vec![OutputFile {
        path: "scenario.toml".into(),
        content: scenario(fit),
    }];
    let pooled_needed = fit.classes.iter().any(|c| c.handle_values.is_empty());
    if pooled_needed || fit.options.handle_time == HandleChoice::Empirical {
        for class in &fit.classes {
            if !class.handle_values.is_empty() {
                files.push(values_file(
                    &format!("handle-{}.csv", slug(&class.name)),
                    "handle_s",
                    &class.handle_values,
                ));
            }
        }
    }
    if pooled_needed {
        let mut all: Vec<f64> = fit
            .classes
            .iter()
            .flat_map(|c| c.handle_values.iter().copied())
            .collect();
        all.sort_by(f64::total_cmp);
        files.push(values_file("handle-all.csv", "handle_s", &all));
    }
    for class in fit.classes.iter().filter(|c| !c.wrap_up_values.is_empty()) {
        files.push(values_file(
            &format!("wrap-up-{}.csv", slug(&class.name)),
            "wrap_up_s",
            &class.wrap_up_values,
        ));
    }
    for class in fit.classes.iter().filter(|c| c.patience.is_some()) {
        let mut content = String::from("wait_s,censored\n");
        for o in &class.patience_observations {
            let _ = writeln!(content, "{},{}", o.wait, u8::from(!o.abandoned));
        }
        files.push(OutputFile {
            path: format!("patience-{}.csv", slug(&class.name)),
            content,
        });
    }
    for day in &fit.replay {
        for (class, times) in fit.classes.iter().zip(&day.arrivals) {
            if !times.is_empty() {
                files.push(values_file(
                    &replay_file(&day.label, &class.name),
                    "arrival_s",
                    times,
                ));
            }
        }
    }
    files.push(OutputFile {
        path: "fit.md".into(),
        content: report(fit),
    });
    files
}

fn replay_file(day: &str, class: &str) -> String {
    format!("days/{day}-{}.csv", slug(class))
}

fn values_file(path: &str, column: &str, values: &[f64]) -> OutputFile {
    let mut content = format!("{column}\n");
    for v in values {
        let _ = writeln!(content, "{v}");
    }
    OutputFile {
        path: path.into(),
        content,
    }
}

fn day_range(fit: &Fit) -> String {
    let first = &fit.log.days[fit.fit_days[0] as usize];
    let last = &fit.log.days[*fit.fit_days.last().expect("non-empty") as usize];
    format!("{} to {}", first.label(), last.label())
}

/// "1 day" or "N days".
fn day_count(days: usize) -> String {
    if days == 1 {
        "1 day".to_string()
    } else {
        format!("{days} days")
    }
}

fn scenario(fit: &Fit) -> String {
    let mut s = String::new();
    let n_days = day_count(fit.fit_days.len());
    let calls: usize = fit.classes.iter().map(|c| c.calls).sum();
    let _ = writeln!(
        s,
        "# Fitted by `ccsim fit` from {} ({calls} calls on {n_days}, {}; selection: {}).",
        fit.log.sources.join(", "),
        day_range(fit),
        fit.options.fit_days.describe()
    );
    let _ = writeln!(
        s,
        "# Each value below comes from those calls; fit.md gives every estimate with its uncertainty"
    );
    let _ = writeln!(s, "# and the rows left out.");
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "name = {}",
        toml_string(&format!(
            "Fitted: {}",
            fit.log
                .sources
                .iter()
                .map(|p| file_stem(p))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    );
    let _ = writeln!(
        s,
        "description = {}",
        toml_string(&format!(
            "The typical day of {n_days} observed ({}): mean arrivals per class and interval, empirical handle times, Kaplan-Meier patience and agents inferred from agent activity.",
            day_range(fit)
        ))
    );
    let _ = writeln!(s, "seed = 1");
    let _ = writeln!(s, "replications = 30");
    let _ = writeln!(
        s,
        "after_close = \"work_off\"    # arrivals stop at closing time; agents finish the calls already in"
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "[hours]");
    let _ = writeln!(
        s,
        "# From the first to the last interval with a call in the selected days{}.",
        if fit.options.hours.is_some() {
            " (--hours)"
        } else {
            ""
        }
    );
    let _ = writeln!(s, "open = \"{}\"", clock_time(fit.open));
    let _ = writeln!(s, "close = \"{}\"", clock_time(fit.close()));
    let _ = writeln!(s, "interval = {}", duration(fit.interval));
    let _ = writeln!(s);
    let _ = writeln!(s, "[service_level]");
    let _ = writeln!(s, "threshold = {}", duration(fit.options.threshold));
    let _ = writeln!(s, "formula = \"offered\"");
    let _ = writeln!(s);
    let _ = writeln!(s, "[staffing]");
    if fit.log.has_agents {
        let _ = writeln!(
            s,
            "# Agents present per interval, fractional (average presence), mean over the {n_days}: an agent is"
        );
        let _ = writeln!(
            s,
            "# present from the answer of their first call to the end of their last call of a session;"
        );
        let _ = writeln!(
            s,
            "# a session ends after a gap of more than {} minutes without calls.",
            SESSION_GAP / 60.0
        );
    } else {
        let _ = writeln!(
            s,
            "# The log names no agents: the most calls in conversation at once in each interval, mean"
        );
        let _ = writeln!(
            s,
            "# over the {n_days} (a lower bound on the agents present)."
        );
    }
    let _ = writeln!(
        s,
        "agents = {}",
        list(fit.agents.iter().map(|a| number(*a, 2)))
    );
    for (k, class) in fit.classes.iter().enumerate() {
        let _ = writeln!(s);
        class_section(&mut s, fit, k, class);
    }
    for day in &fit.replay {
        let _ = writeln!(s);
        let _ = writeln!(s, "[[days]]");
        let _ = writeln!(s, "name = {}", toml_string(&day.label));
        let mut set = Vec::new();
        for (k, (class, times)) in fit.classes.iter().zip(&day.arrivals).enumerate() {
            let arrivals = if times.is_empty() {
                "{ calls_per_hour = 0 }".to_string()
            } else {
                format!(
                    "{{ times_file = {}, column = \"arrival_s\" }}",
                    toml_string(&replay_file(&day.label, &class.name))
                )
            };
            set.push(format!("\"classes.{k}.arrivals\" = {arrivals}"));
        }
        set.push(format!(
            "\"staffing.agents\" = {}",
            list(day.agents.iter().map(|a| number(*a, 2)))
        ));
        let calls: usize = day.arrivals.iter().map(Vec::len).sum();
        let _ = writeln!(
            s,
            "# {calls} calls replayed; agents inferred from that day's agent activity."
        );
        let _ = writeln!(s, "set = {{ {} }}", set.join(", "));
    }
    s
}

fn file_stem(path: &str) -> String {
    std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

fn class_section(s: &mut String, fit: &Fit, k: usize, class: &ClassFit) {
    let slug = slug(&class.name);
    let _ = writeln!(s, "[[classes]]");
    let _ = writeln!(s, "name = {}", toml_string(&class.name));
    let _ = writeln!(
        s,
        "# {} calls on {}: mean calls per hour in each interval.",
        class.calls,
        day_count(fit.fit_days.len())
    );
    let _ = writeln!(
        s,
        "arrivals = {{ calls_per_hour = {} }}",
        list(class.arrivals.iter().map(|r| number(r.calls_per_hour, 3)))
    );
    let what = if fit.log.has_wrap_up {
        "talk time"
    } else {
        "talk time (plus any after-call work: the log has no separate wrap-up)"
    };
    match (
        class.handle_values.is_empty(),
        fit.options.handle_time,
        class.families.first(),
    ) {
        (true, _, _) => {
            let _ = writeln!(
                s,
                "# No answered call of this class: the handle times of all classes together."
            );
            let _ = writeln!(
                s,
                "handle_time = {{ distribution = \"empirical\", values_file = \"handle-all.csv\", column = \"handle_s\" }}"
            );
        }
        (false, HandleChoice::Parametric, Some(best)) => {
            let _ = writeln!(
                s,
                "# {what}: the best of lognormal, gamma and Weibull by AIC (maximum likelihood; KS distance {:.3}).",
                best.ks_distance
            );
            let _ = writeln!(s, "handle_time = {}", best.family.toml());
        }
        (false, _, best) => {
            let _ = writeln!(
                s,
                "# {what}: the {} observed values, resampled.",
                class.handle_values.len()
            );
            if let Some(best) = best {
                let _ = writeln!(
                    s,
                    "# Best parametric fit by AIC: {} (KS distance {:.3}); see fit.md.",
                    best.family.toml(),
                    best.ks_distance
                );
            }
            let _ = writeln!(
                s,
                "handle_time = {{ distribution = \"empirical\", values_file = \"handle-{slug}.csv\", column = \"handle_s\" }}"
            );
        }
    }
    if !class.wrap_up_values.is_empty() {
        let _ = writeln!(
            s,
            "# After-call work of the {} answered calls, resampled.",
            class.wrap_up_values.len()
        );
        let _ = writeln!(
            s,
            "wrap_up = {{ distribution = \"empirical\", values_file = \"wrap-up-{slug}.csv\", column = \"wrap_up_s\" }}"
        );
    }
    match &class.patience {
        Some(p) => {
            let _ = writeln!(
                s,
                "# Kaplan-Meier over the {} calls that queued ({} hung up; the others are censored at their wait):",
                p.observations, p.events
            );
            let _ = writeln!(
                s,
                "# mean {:.1} s, median {:.1} s; beyond the longest wait an exponential tail of mean {:.1} s.",
                p.mean.value, p.median.value, p.tail_mean
            );
            let _ = writeln!(
                s,
                "patience = {{ distribution = \"kaplan_meier\", values_file = \"patience-{slug}.csv\", column = \"wait_s\", censored_column = \"censored\" }}"
            );
        }
        None => {
            let _ = writeln!(
                s,
                "# No caller of this class hung up while queued: no patience (callers never hang up)."
            );
        }
    }
    if let Some(short) = class.short_abandon {
        let _ = writeln!(
            s,
            "# Hang-ups within the first seconds are far more frequent than later (see fit.md)."
        );
        let _ = writeln!(s, "short_abandon = {}", duration(short));
    }
    let _ = k;
}

fn with_error(x: &WithError, unit: &str) -> String {
    format!("{:.1}{unit} ± {:.1}{unit}", x.value, x.se)
}

fn report(fit: &Fit) -> String {
    let mut s = String::new();
    let log = &fit.log;
    let _ = writeln!(s, "# Fit of {}", log.sources.join(", "));
    let _ = writeln!(s);
    let layout = match fit.options.read.layout.preset {
        Some(Preset::Bank) => "the 1999 Anonymous Bank layout (`--preset bank`)",
        Some(Preset::Ccsim) => "ccsim's call log",
        None if fit.options.read.layout.columns.is_empty() => {
            "ccsim's call log (detected from the header)"
        }
        None => "the columns given with `--columns`",
    };
    let _ = writeln!(s, "- Layout: {layout}.");
    let _ = writeln!(
        s,
        "- Days fitted: {} ({}), selection `{}`.",
        fit.fit_days.len(),
        day_range(fit),
        fit.options.fit_days.describe()
    );
    if !fit.replay.is_empty() {
        let labels: Vec<&str> = fit.replay.iter().map(|d| d.label.as_str()).collect();
        let _ = writeln!(
            s,
            "- Days replayed in `[[days]]`: {} ({}).",
            labels.len(),
            labels.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "- Opening hours {}–{}, {} intervals of {} s.",
        clock_time(fit.open),
        clock_time(fit.close()),
        fit.intervals,
        fit.interval
    );
    let _ = writeln!(
        s,
        "- Rows read: {}; calls kept: {}.",
        log.rows,
        log.calls.len()
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "## Rows left out or odd");
    let _ = writeln!(s);
    if log.excluded.is_empty() && log.odd.is_empty() {
        let _ = writeln!(s, "None.");
    } else {
        let _ = writeln!(s, "| rows | reason | used? |");
        let _ = writeln!(s, "|---:|---|---|");
        for (reason, n) in &log.excluded {
            let _ = writeln!(s, "| {n} | {reason} | no |");
        }
        for (reason, n) in &log.odd {
            let _ = writeln!(s, "| {n} | {reason} | yes |");
        }
    }
    for class in &fit.classes {
        let _ = writeln!(s);
        class_report(&mut s, fit, class);
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## Agents");
    let _ = writeln!(s);
    if log.has_agents {
        let _ = writeln!(
            s,
            "Rule: an agent is present from the answer of their first call to the end of their last call of a working session; a session ends after more than {} minutes without a call. A first session of the day that starts within {} minutes of opening is taken to begin at opening, and a last session that ends within {} minutes of closing to last until closing. Presence per interval is fractional (the share of the interval covered), averaged over the fitted days. It leaves out idle time before a session's first call and after its last, so it under-estimates slightly where calls are sparse.",
            SESSION_GAP / 60.0,
            DAY_EDGE / 60.0,
            DAY_EDGE / 60.0
        );
    } else {
        let _ = writeln!(
            s,
            "The log names no agents: agents per interval are the most calls in conversation at once within the interval, averaged over the fitted days (a lower bound)."
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "| interval | agents |");
    let _ = writeln!(s, "|---|---:|");
    for (j, a) in fit.agents.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {} | {:.2} |",
            clock_time(fit.open + j as f64 * fit.interval),
            a
        );
    }
    s
}

fn class_report(s: &mut String, fit: &Fit, class: &ClassFit) {
    let _ = writeln!(s, "## Class `{}`: {} calls", class.name, class.calls);
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "### Arrivals (mean calls per hour over {}, Poisson standard error)",
        day_count(fit.fit_days.len())
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "| interval | calls/hour | SE |");
    let _ = writeln!(s, "|---|---:|---:|");
    for (j, r) in class.arrivals.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {} | {:.2} | {:.2} |",
            clock_time(fit.open + j as f64 * fit.interval),
            r.calls_per_hour,
            r.se
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "### Handle time");
    let _ = writeln!(s);
    match &class.handle_mean {
        Some(m) => {
            let _ = writeln!(
                s,
                "{} answered calls; mean {}.",
                class.handle_values.len(),
                with_error(m, " s")
            );
        }
        None => {
            let _ = writeln!(
                s,
                "No answered call: the scenario uses the handle times of all classes together."
            );
        }
    }
    if !class.families.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Families fitted by maximum likelihood to the positive values; ranked by AIC = 2·2 − 2·log-likelihood (lower is better). KS: the Kolmogorov–Smirnov distance and its asymptotic p-value (conservative, since the parameters come from the same data; with thousands of calls any small misfit is significant, so read the distance)."
        );
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "| family | scenario form | mean | cv | log-likelihood | AIC | KS distance | KS p |"
        );
        let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---:|---:|");
        for f in &class.families {
            let _ = writeln!(
                s,
                "| {} | `{}` | {:.1} s | {:.3} | {:.1} | {:.1} | {:.4} | {:.3} |",
                f.family.name(),
                f.family.toml(),
                f.family.mean(),
                f.family.cv(),
                f.log_likelihood,
                f.aic,
                f.ks_distance,
                f.ks_p_value
            );
        }
        let _ = writeln!(s);
        let used = match fit.options.handle_time {
            HandleChoice::Empirical => "The scenario uses the empirical distribution (the observed values resampled: no shape assumed); `--handle-time parametric` uses the best family instead.".to_string(),
            HandleChoice::Parametric => format!("The scenario uses the best family, {} (`--handle-time parametric`).", class.families[0].family.name()),
        };
        let _ = writeln!(s, "{used}");
    }
    if !class.wrap_up_values.is_empty() {
        let mean = class.wrap_up_values.iter().sum::<f64>() / class.wrap_up_values.len() as f64;
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "After-call work: {} values, mean {:.1} s (a separate `wrap_up`, resampled).",
            class.wrap_up_values.len(),
            mean
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "### Patience (Kaplan–Meier)");
    let _ = writeln!(s);
    match &class.patience {
        Some(p) => {
            let _ = writeln!(
                s,
                "{} calls queued: {} hung up (events), {} were answered or left otherwise while still willing to wait (censored at their wait). Calls answered at once did not queue and carry no information.",
                p.observations,
                p.events,
                p.observations - p.events
            );
            let _ = writeln!(s);
            let _ = writeln!(
                s,
                "- Mean patience {} (tail included; bootstrap standard error over {BOOTSTRAP_RESAMPLES} resamples of the calls).",
                with_error(&p.mean, " s")
            );
            let _ = writeln!(
                s,
                "- Median patience {} (bootstrap standard error).",
                with_error(&p.median, " s")
            );
            let _ = writeln!(
                s,
                "- Survival left beyond the longest wait: {:.3}, given an exponential tail of mean {:.1} s (total time at risk / hang-ups, the censored exponential estimate).",
                p.tail_mass, p.tail_mean
            );
            if let Some(naive) = p.naive_mean {
                let _ = writeln!(
                    s,
                    "- For comparison, the mean wait of the callers who hung up is {naive:.1} s: it ignores the patient callers who were answered, so it under-estimates patience."
                );
            }
        }
        None => {
            let _ = writeln!(
                s,
                "No caller of this class hung up while queued: the scenario gives no patience."
            );
        }
    }
    let _ = writeln!(s);
    match class.short_abandon {
        Some(t) => {
            let _ = writeln!(
                s,
                "Short abandons: {t} s. Callers hang up in the first seconds more than three times as often (per second of waiting) as between 30 s and 3 min; the short-abandon time is the first whole second after which the rate over the next 5 s is at most twice the later rate."
            );
        }
        None => {
            let _ = writeln!(
                s,
                "Short abandons: none shown (the hang-up rate in the first 5 s is not more than three times the rate between 30 s and 3 min)."
            );
        }
    }
}
