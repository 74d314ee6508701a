//! The scenario fingerprint: a canonical rendering of a validated [`Scenario`] and its FNV-1a hash.
//!
//! A baseline records which scenario its numbers belong to, so that `ccsim check` can tell an
//! edited scenario (*changed*: re-baseline if intended) from an engine that moved the numbers of
//! the same scenario (*regression*). Hashing the file's bytes would call a new comment or a
//! re-indented table a change; hashing the validated scenario does not, and it also sees that
//! `mean = "4m"` and `mean = 240` are the same scenario.
//!
//! **The canonical rendering** is one `key = value` line per setting that affects the results,
//! keyed by the scenario file's dotted paths and in a fixed order: numbers in seconds, calls per
//! hour or shares, printed by Rust's shortest round-trip formatting (so two numbers print alike
//! exactly when they are equal, on every platform); per-interval values as arrays with one entry
//! per interval; distributions as `family(parameter = value, …)`; probability curves as
//! `[(quantity, probability), …]`. Settings that are absent (no patience, no limits, no drops,
//! no redials, caller-contact sections not given or switched off) have no line, so a feature a scenario does not use never
//! enters its fingerprint: adding a setting to ccsim leaves existing fingerprints unchanged as
//! long as its default renders nothing. Left out on purpose: `name` and `description`, which do
//! not affect the results, and `seed` and `replications`, which the baseline records itself and
//! `ccsim check` takes from there. A file's `[[variants]]` are not part of the [`Scenario`] at all,
//! so they never enter its fingerprint: they do not change what `ccsim run` reports for the file,
//! and adding or editing a variant does not make its baseline *changed*.
//!
//! A multi-day study renders each day in calendar order: a `days.<index>.name = "…"` line, then
//! the day's canonical lines, each prefixed with `days.<index>.`. Renaming, adding, removing or
//! editing a day therefore changes the study's fingerprint.
//!
//! **The hash** is 64-bit FNV-1a over the UTF-8 bytes of the lines, each followed by `\n`, shown
//! as 16 lower-case hexadecimal digits. It depends on nothing but those bytes, so it is the same
//! on every run and platform.

use crate::Scenario;
use crate::dist::Distribution;
use crate::experiment::{ExperimentResult, ReplicationValues};
use crate::model::{
    AgentChoice, AgentPool, Amd, AnnouncedContent, Announcement, Arrivals, Blend, BusyAtStart,
    CallClass, Callback, CallbackKind, CallbackService, Campaign, Contact, Curve, Deflection,
    DialOutcome, DropRule, Drops, EstimateMethod, Hours, Limits, Pacing, PatienceResponse,
    QueueOrder, RedialAfter, RedialRule, Redials, Reservation, Retries, Routing, SelfService,
    ServiceLevel, Skill, StartState, Study, Uncertainty, WaitingAtStart,
};
use crate::scenario::ScenarioOrStudy;
use std::fmt::Write as _;

/// 64-bit FNV-1a: a simple, fully specified hash (no keys, no platform dependence), good enough to
/// notice that a scenario or a set of results changed. It is not a defence against tampering.
#[derive(Clone, Copy, Debug)]
struct Fnv1a64(u64);

impl Fnv1a64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;

    fn new() -> Self {
        Fnv1a64(Self::OFFSET_BASIS)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(Self::PRIME);
        }
    }

    fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The canonical rendering of `scenario`: one `key = value` line per setting that affects the
/// results (see the module documentation).
///
/// Every field of the scenario is named below, so a field added to [`Scenario`] does not compile
/// until it is either rendered here or deliberately left out. Render a new setting only when it
/// differs from its default, so that existing baselines keep their fingerprint.
pub fn canonical_lines(scenario: &Scenario) -> Vec<String> {
    let Scenario {
        name: _,
        description: _,
        seed: _,
        replications: _,
        hours,
        warmup,
        classes,
        pools,
        routing,
        service_level,
        limits,
        drops,
        after_close,
        contact,
        uncertainty,
        start,
        // Patterns a roster may use do not change a simulated day.
        shift_patterns: _,
        // Targets judge a simulated day; they do not change it.
        targets: _,
        campaigns,
    } = scenario;
    let mut lines = Lines::default();

    let Hours {
        open,
        close,
        interval,
    } = hours;
    lines.push("hours.open", number(*open));
    lines.push("hours.close", number(*close));
    lines.push("hours.interval", number(*interval));
    lines.push("warmup", number(*warmup));
    lines.push("after_close", after_close.key().to_string());

    if is_single_queue(scenario) {
        // The single-queue form renders as it did before classes and pools existed, so baselines
        // of single-queue scenarios keep their fingerprint.
        let class = &classes[0];
        push_arrivals(&mut lines, "arrivals", &class.arrivals);
        lines.push("handle_time", distribution(&class.handle_time));
        if let Some(means) = &class.handle_time_by_interval {
            lines.push("handle_time.by_interval", numbers(means));
        }
        if let Some(patience) = &class.patience {
            lines.push("patience", distribution(patience));
        }
        if let Some(wrap_up) = &class.wrap_up {
            lines.push("wrap_up", distribution(wrap_up));
        }
        lines.push(
            "staffing.agents",
            staffing(&pools[0].agents, &pools[0].fractional),
        );
        push_shrinkage(&mut lines, "staffing.shrinkage", &pools[0].shrinkage);
        push_redial(&mut lines, "redial", &class.redial);
    } else {
        push_routing(&mut lines, routing);
        for (index, class) in classes.iter().enumerate() {
            push_class(&mut lines, &format!("classes.{index}"), class);
        }
        for (index, pool) in pools.iter().enumerate() {
            push_pool(&mut lines, &format!("pools.{index}"), pool, classes);
        }
    }

    let ServiceLevel {
        threshold,
        target,
        formula,
        short_abandon,
    } = service_level;
    lines.push("service_level.threshold", number(*threshold));
    lines.push("service_level.target", number(*target));
    lines.push("service_level.formula", formula.key().to_string());
    if let Some(short_abandon) = short_abandon {
        lines.push("service_level.short_abandon", number(*short_abandon));
    }

    let Limits {
        max_wait,
        lines: trunk_lines,
        queue_capacity,
    } = limits;
    if let Some(max_wait) = max_wait {
        lines.push("limits.max_wait", number(*max_wait));
    }
    if let Some(trunk_lines) = trunk_lines {
        lines.push("limits.lines", trunk_lines.to_string());
    }
    if let Some(capacity) = queue_capacity {
        lines.push("limits.queue_capacity", capacity.to_string());
    }

    let Drops {
        in_queue,
        in_conversation,
    } = drops;
    for (key, rule) in [
        ("drops.in_queue", in_queue),
        ("drops.in_conversation", in_conversation),
    ] {
        if let Some(DropRule { probability, after }) = rule {
            lines.push(&format!("{key}.probability"), number(*probability));
            lines.push(&format!("{key}.after"), distribution(after));
        }
    }
    let Uncertainty { volume_cv } = uncertainty;
    if *volume_cv > 0.0 {
        lines.push("uncertainty.volume_cv", number(*volume_cv));
    }
    push_start(&mut lines, start, classes, pools);

    push_contact(&mut lines, contact, classes);
    for (index, campaign) in campaigns.iter().enumerate() {
        push_campaign(&mut lines, &format!("campaigns.{index}"), campaign, pools);
    }
    lines.0
}

/// An outbound campaign, every setting that changes a simulated day (its pools by name).
fn push_campaign(lines: &mut Lines, key: &str, campaign: &Campaign, pools: &[AgentPool]) {
    let Campaign {
        name,
        list_size,
        dial_from,
        dial_until,
        pools: worked_by,
        outcomes,
        ring,
        right_party,
        handle_time,
        wrap_up,
        machine_time,
        retries,
        amd,
        connection_limit,
        pacing,
        blend,
    } = campaign;
    lines.push(&format!("{key}.name"), name.clone());
    lines.push(&format!("{key}.list_size"), list_size.to_string());
    lines.push(&format!("{key}.dial_from"), number(*dial_from));
    lines.push(&format!("{key}.dial_until"), number(*dial_until));
    let names = worked_by.iter().map(|&pool| pools[pool].name.clone());
    lines.push(&format!("{key}.pools"), list(names));
    for outcome in DialOutcome::ALL {
        let shares: Vec<f64> = outcomes.iter().map(|s| s.0[outcome.index()]).collect();
        lines.push(
            &format!("{key}.outcomes.{}", outcome.key()),
            numbers(&shares),
        );
        lines.push(
            &format!("{key}.ring_time.{}", outcome.key()),
            distribution(ring.of(outcome)),
        );
    }
    if *right_party < 1.0 {
        lines.push(&format!("{key}.right_party"), number(*right_party));
    }
    lines.push(&format!("{key}.handle_time"), distribution(handle_time));
    if let Some(wrap_up) = wrap_up {
        lines.push(&format!("{key}.wrap_up"), distribution(wrap_up));
    }
    lines.push(&format!("{key}.machine_time"), number(*machine_time));
    let Retries {
        no_answer,
        busy,
        max_attempts,
    } = retries;
    for (after, delay) in [("no_answer", no_answer), ("busy", busy)] {
        if let Some(delay) = delay {
            lines.push(&format!("{key}.retry.{after}"), distribution(delay));
        }
    }
    lines.push(
        &format!("{key}.retry.max_attempts"),
        max_attempts.to_string(),
    );
    if let Some(Amd {
        delay,
        false_positive,
        false_negative,
    }) = amd
    {
        lines.push(&format!("{key}.amd.delay"), number(*delay));
        lines.push(
            &format!("{key}.amd.false_positive"),
            number(*false_positive),
        );
        lines.push(
            &format!("{key}.amd.false_negative"),
            number(*false_negative),
        );
    }
    lines.push(
        &format!("{key}.connection_limit"),
        number(*connection_limit),
    );
    let pacing = match pacing {
        Pacing::Progressive => "progressive".to_string(),
        Pacing::Preview { preview_time } => format!("preview {}", number(*preview_time)),
        Pacing::Predictive { dial_ratio } => format!("predictive {}", number(*dial_ratio)),
        Pacing::Adaptive { target, max_ratio } => format!(
            "adaptive target {} max {}",
            number(*target),
            number(*max_ratio)
        ),
    };
    lines.push(&format!("{key}.pacing"), pacing);
    let Blend {
        inbound_first,
        reserve,
    } = blend;
    if *inbound_first {
        lines.push(&format!("{key}.blend.inbound_first"), "true".to_string());
    }
    if *reserve > 0 {
        lines.push(&format!("{key}.blend.reserve"), reserve.to_string());
    }
}

/// The start state, by class and pool name; nothing when the run starts empty.
fn push_start(lines: &mut Lines, start: &StartState, classes: &[CallClass], pools: &[AgentPool]) {
    let StartState { waiting, busy } = start;
    for (index, group) in waiting.iter().enumerate() {
        let WaitingAtStart {
            class,
            callers,
            waited,
        } = group;
        let text = format!(
            "{}(callers = {callers}, waited = {})",
            classes[*class].name,
            number(*waited)
        );
        lines.push(&format!("start.waiting.{index}"), text);
    }
    for (index, group) in busy.iter().enumerate() {
        let BusyAtStart {
            pool,
            agents,
            remaining,
        } = group;
        let text = format!(
            "{}(agents = {agents}, remaining = {})",
            pools[*pool].name,
            distribution(remaining)
        );
        lines.push(&format!("start.busy.{index}"), text);
    }
}

/// Whether the scenario is a single queue: one class served by one pool at once, with the
/// defaults a single-class scenario file produces.
fn is_single_queue(scenario: &Scenario) -> bool {
    let ([class], [pool]) = (scenario.classes.as_slice(), scenario.pools.as_slice()) else {
        return false;
    };
    let service = &scenario.service_level;
    scenario.routing == Routing::default()
        && class.threshold == service.threshold
        && class.target == service.target
        && class.short_abandon == service.short_abandon
        && class.priority == 1
        && class.credit == 0.0
        && pool.reserve.is_none()
        && pool.skills
            == [Skill {
                class: 0,
                after: 0.0,
                handle_factor: 1.0,
            }]
}

fn push_arrivals(lines: &mut Lines, key: &str, arrivals: &Arrivals) {
    match arrivals {
        Arrivals::Poisson { calls_per_hour } => {
            lines.push(&format!("{key}.calls_per_hour"), numbers(calls_per_hour))
        }
        Arrivals::Trace { times } => lines.push(&format!("{key}.times"), data(times)),
    }
}

fn push_routing(lines: &mut Lines, routing: &Routing) {
    let Routing { queue, agent } = routing;
    let queue = match queue {
        QueueOrder::Fifo => "fifo".to_string(),
        QueueOrder::Priority => "priority".to_string(),
        QueueOrder::Credit => "credit".to_string(),
        QueueOrder::Aging { after } => format!("aging(after = {})", number(*after)),
    };
    lines.push("routing.queue", queue);
    let agent = match agent {
        AgentChoice::LongestIdle => "longest_idle",
        AgentChoice::PreferredPool => "preferred_pool",
    };
    lines.push("routing.agent", agent.to_string());
}

fn push_class(lines: &mut Lines, key: &str, class: &CallClass) {
    let CallClass {
        name,
        arrivals,
        handle_time,
        handle_time_by_interval,
        patience,
        wrap_up,
        threshold,
        target,
        short_abandon,
        priority,
        credit,
        redial,
    } = class;
    lines.push(&format!("{key}.name"), name.clone());
    push_arrivals(lines, &format!("{key}.arrivals"), arrivals);
    lines.push(&format!("{key}.handle_time"), distribution(handle_time));
    if let Some(means) = handle_time_by_interval {
        lines.push(&format!("{key}.handle_time.by_interval"), numbers(means));
    }
    if let Some(patience) = patience {
        lines.push(&format!("{key}.patience"), distribution(patience));
    }
    if let Some(wrap_up) = wrap_up {
        lines.push(&format!("{key}.wrap_up"), distribution(wrap_up));
    }
    lines.push(&format!("{key}.threshold"), number(*threshold));
    lines.push(&format!("{key}.target"), number(*target));
    if let Some(short_abandon) = short_abandon {
        lines.push(&format!("{key}.short_abandon"), number(*short_abandon));
    }
    lines.push(&format!("{key}.priority"), priority.to_string());
    lines.push(&format!("{key}.credit"), number(*credit));
    push_redial(lines, &format!("{key}.redial"), redial);
}

/// A class's redial rules, when it has any: the attempts cap, then one line per rule given.
fn push_redial(lines: &mut Lines, key: &str, redial: &Redials) {
    if *redial == Redials::default() {
        return;
    }
    let Redials {
        rules,
        max_attempts,
    } = redial;
    lines.push(&format!("{key}.max_attempts"), max_attempts.to_string());
    for (after, rule) in RedialAfter::ALL.iter().zip(rules) {
        if let Some(RedialRule { probability, delay }) = rule {
            let value = format!(
                "(probability = {}, delay = {})",
                number(*probability),
                distribution(delay)
            );
            lines.push(&format!("{key}.{}", after.key()), value);
        }
    }
}

/// The caller-contact settings: the estimator when it is not the default, then each section that
/// is switched on, in scenario-file order.
fn push_contact(lines: &mut Lines, contact: &Contact, classes: &[CallClass]) {
    let Contact {
        estimate,
        measure_estimates,
        self_service,
        deflection,
        announcement,
        callback,
    } = contact;
    if *estimate != EstimateMethod::default() {
        lines.push("estimate.method", estimate.key().to_string());
    }
    if *measure_estimates {
        lines.push("estimate.measure", "true".to_string());
    }
    if let Some(SelfService { share }) = self_service {
        lines.push("self_service.share", numbers(share));
    }
    if let Some(Deflection {
        share,
        when_wait_over,
    }) = deflection
    {
        lines.push("deflection.share", number(*share));
        if let Some(limit) = when_wait_over {
            lines.push("deflection.when_wait_over", number(*limit));
        }
    }
    if let Some(announcement) = announcement {
        push_announcement(lines, announcement);
    }
    if let Some(callback) = callback {
        push_callback(lines, callback, classes);
    }
}

fn push_announcement(lines: &mut Lines, announcement: &Announcement) {
    let Announcement {
        at_entry,
        every,
        content,
        balk,
        patience,
    } = announcement;
    lines.push("announcement.at_entry", at_entry.to_string());
    if let Some(every) = every {
        lines.push("announcement.every", number(*every));
    }
    let content = match content {
        AnnouncedContent::ExpectedWait => "expected_wait",
        AnnouncedContent::Position => "position",
    };
    lines.push("announcement.content", content.to_string());
    lines.push("announcement.balk", curve(balk));
    let patience = match patience {
        PatienceResponse::Keep => "keep".to_string(),
        PatienceResponse::Scale(factor) => format!("scale({})", number(*factor)),
        PatienceResponse::Commit(factor) => format!("commit({})", number(*factor)),
    };
    lines.push("announcement.patience", patience);
}

fn push_callback(lines: &mut Lines, callback: &Callback, classes: &[CallClass]) {
    let Callback {
        kind,
        offer_when_wait_over,
        accept,
        service,
        dial_time,
        answer_probability,
        retry_after,
        max_attempts,
        promise,
        classes: offered,
    } = callback;
    let kind = match kind {
        CallbackKind::VirtualHold => "virtual_hold".to_string(),
        CallbackKind::Slot { length, capacity } => {
            format!("slot(length = {}, capacity = {capacity})", number(*length))
        }
    };
    lines.push("callback.kind", kind);
    lines.push(
        "callback.offer_when_wait_over",
        number(*offer_when_wait_over),
    );
    lines.push("callback.accept", curve(accept));
    let service = match service {
        CallbackService::KeepPlace => "keep_place",
        CallbackService::Head => "head",
        CallbackService::WhenIdle => "when_idle",
    };
    lines.push("callback.service", service.to_string());
    lines.push("callback.dial_time", distribution(dial_time));
    lines.push("callback.answer_probability", number(*answer_probability));
    lines.push("callback.retry_after", distribution(retry_after));
    lines.push("callback.max_attempts", max_attempts.to_string());
    if let Some(promise) = promise {
        lines.push("callback.promise", number(*promise));
    }
    if !offered.is_empty() {
        let names = offered.iter().map(|class| classes[*class].name.clone());
        lines.push("callback.classes", list(names));
    }
}

/// The shrinkage per interval, only where some interval has one: it changes no simulated
/// number (the agents are already net of it) but it changes the scheduled agents `staff`
/// answers in, and files without shrinkage keep the fingerprint they had.
fn push_shrinkage(lines: &mut Lines, key: &str, shrinkage: &[f64]) {
    if shrinkage.iter().any(|share| *share != 0.0) {
        lines.push(key, numbers(shrinkage));
    }
}

fn push_pool(lines: &mut Lines, key: &str, pool: &AgentPool, classes: &[CallClass]) {
    let AgentPool {
        name,
        agents,
        fractional,
        shrinkage,
        skills,
        reserve,
    } = pool;
    lines.push(&format!("{key}.name"), name.clone());
    lines.push(&format!("{key}.agents"), staffing(agents, fractional));
    push_shrinkage(lines, &format!("{key}.shrinkage"), shrinkage);
    let skills = skills.iter().map(|skill| {
        format!(
            "{}(after = {}, handle_factor = {})",
            classes[skill.class].name,
            number(skill.after),
            number(skill.handle_factor)
        )
    });
    lines.push(&format!("{key}.skills"), list(skills));
    if let Some(Reservation {
        agents,
        classes: reserved,
    }) = reserve
    {
        lines.push(&format!("{key}.reserve.agents"), agents.to_string());
        let names = reserved.iter().map(|class| classes[*class].name.clone());
        lines.push(&format!("{key}.reserve.for"), list(names));
    }
}

/// What has a canonical rendering: a scenario, a multi-day study, or what a run ran.
pub trait Canonical {
    /// One `key = value` line per setting that affects the results (see the module
    /// documentation).
    fn canonical(&self) -> Vec<String>;
}

impl Canonical for Scenario {
    fn canonical(&self) -> Vec<String> {
        canonical_lines(self)
    }
}

impl Canonical for Study {
    fn canonical(&self) -> Vec<String> {
        days_lines(
            self.days
                .iter()
                .map(|day| (day.name.as_str(), &day.scenario)),
        )
    }
}

impl Canonical for ScenarioOrStudy {
    fn canonical(&self) -> Vec<String> {
        match self {
            ScenarioOrStudy::Scenario(scenario) => scenario.canonical(),
            ScenarioOrStudy::Study(study) => study.canonical(),
        }
    }
}

/// What `result` ran: its scenario, or each day of a study.
impl Canonical for ExperimentResult {
    fn canonical(&self) -> Vec<String> {
        if self.days.is_empty() {
            return self.scenario.canonical();
        }
        days_lines(
            self.days
                .iter()
                .map(|day| (day.name.as_str(), &day.scenario)),
        )
    }
}

/// Each day's name and canonical lines, under `days.<index>.`.
fn days_lines<'a>(days: impl Iterator<Item = (&'a str, &'a Scenario)>) -> Vec<String> {
    let mut lines = Vec::new();
    for (index, (name, scenario)) in days.enumerate() {
        lines.push(format!("days.{index}.name = {name:?}"));
        lines.extend(
            canonical_lines(scenario)
                .into_iter()
                .map(|line| format!("days.{index}.{line}")),
        );
    }
    lines
}

/// The FNV-1a 64 hash of the canonical rendering, as 16 hexadecimal digits.
pub fn scenario_fingerprint(scenario: &(impl Canonical + ?Sized)) -> String {
    let mut hash = Fnv1a64::new();
    for line in scenario.canonical() {
        hash.write(line.as_bytes());
        hash.write(b"\n");
    }
    hash.hex()
}

/// The FNV-1a 64 hash of every value of every replication, bit for bit, as 16 hexadecimal digits.
///
/// Exact mode compares this digest rather than the report: it sees a difference in the last bit
/// of any replication's value, even one that two replications' swapped values would hide from the
/// report's means and standard deviations. Values are hashed replication by replication — overall,
/// then each interval, end of day, each class, each pool and each campaign — as one byte 0 for an undefined value, or byte 1 followed
/// by the 8 little-endian bytes of the IEEE 754 bit pattern.
pub fn results_digest(replications: &[ReplicationValues]) -> String {
    let mut hash = Fnv1a64::new();
    let mut write_values = |values: &[Option<f64>]| {
        for value in values {
            match value {
                None => hash.write(&[0]),
                Some(x) => {
                    hash.write(&[1]);
                    hash.write(&x.to_bits().to_le_bytes());
                }
            }
        }
    };
    for replication in replications {
        write_values(&replication.overall);
        for interval in &replication.intervals {
            write_values(interval);
        }
        write_values(&replication.end_of_day);
        for group in (replication.classes.iter())
            .chain(&replication.pools)
            .chain(&replication.campaigns)
        {
            write_values(group);
        }
    }
    hash.hex()
}

#[derive(Default)]
struct Lines(Vec<String>);

impl Lines {
    fn push(&mut self, key: &str, value: String) {
        self.0.push(format!("{key} = {value}"));
    }
}

/// Rust's shortest representation that reads back as the same `f64`: equal numbers print alike,
/// different numbers differently, independently of the platform.
fn number(x: f64) -> String {
    format!("{x:?}")
}

fn numbers(values: &[f64]) -> String {
    list(values.iter().map(|&x| number(x)))
}

/// Values that may come from a data file (observed durations, a replayed day's arrival times):
/// listed when short, and otherwise summarised by their count and a digest of every value, so a
/// baseline stays readable and still notices any edited value.
fn data(values: &[f64]) -> String {
    long_list(values.iter().map(|&x| number(x)).collect())
}

/// `items` listed, or as `[N values, fnv1a64 DIGEST]` beyond 64 of them.
fn long_list(items: Vec<String>) -> String {
    const LONGEST_LISTED: usize = 64;
    if items.len() <= LONGEST_LISTED {
        return list(items.into_iter());
    }
    let mut hash = Fnv1a64::new();
    for item in &items {
        hash.write(item.as_bytes());
        hash.write(b",");
    }
    format!("[{} values, fnv1a64 {}]", items.len(), hash.hex())
}

fn list(items: impl Iterator<Item = String>) -> String {
    let mut text = String::from("[");
    for (index, item) in items.enumerate() {
        if index > 0 {
            text.push_str(", ");
        }
        text.push_str(&item);
    }
    text.push(']');
    text
}

/// A pool's agents per interval: whole numbers as they always rendered, or the fractional counts
/// when some interval's is not whole.
fn staffing(agents: &[u32], fractional: &Option<Vec<f64>>) -> String {
    match fractional {
        Some(fractional) => numbers(fractional),
        None => list(agents.iter().map(u32::to_string)),
    }
}

/// A curve as its points, `[(quantity, probability), …]`.
fn curve(curve: &Curve) -> String {
    let points = curve
        .points
        .iter()
        .map(|&(x, p)| format!("({}, {})", number(x), number(p)));
    list(points)
}

fn distribution(distribution: &Distribution) -> String {
    let (family, parameters): (&str, Vec<(&str, String)>) = match distribution {
        Distribution::Exponential { mean } => ("exponential", vec![("mean", number(*mean))]),
        Distribution::Deterministic { value } => ("deterministic", vec![("value", number(*value))]),
        Distribution::Uniform { min, max } => (
            "uniform",
            vec![("min", number(*min)), ("max", number(*max))],
        ),
        Distribution::LogNormal { mean, sd } => (
            "lognormal",
            vec![("mean", number(*mean)), ("sd", number(*sd))],
        ),
        Distribution::Gamma { mean, sd } => {
            ("gamma", vec![("mean", number(*mean)), ("sd", number(*sd))])
        }
        Distribution::Weibull { shape, scale } => (
            "weibull",
            vec![("shape", number(*shape)), ("scale", number(*scale))],
        ),
        Distribution::Erlang { k, mean } => (
            "erlang",
            vec![("k", k.to_string()), ("mean", number(*mean))],
        ),
        Distribution::Empirical { values } => ("empirical", vec![("values", data(values))]),
        Distribution::KaplanMeier(curve) => {
            let censored = curve.censored().iter().map(|c| if *c { "1" } else { "0" });
            let mut parameters = vec![
                ("values", data(curve.times())),
                (
                    "censored",
                    long_list(censored.map(str::to_string).collect()),
                ),
            ];
            if let Some(mean) = curve.given_tail_mean() {
                parameters.push(("tail_mean", number(mean)));
            }
            ("kaplan_meier", parameters)
        }
    };
    let mut text = format!("{family}(");
    for (index, (name, value)) in parameters.iter().enumerate() {
        if index > 0 {
            text.push_str(", ");
        }
        let _ = write!(text, "{name} = {value}");
    }
    text.push(')');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    const TEXT: &str = r#"
name = "Fingerprint"
seed = 7
replications = 5
[hours]
open = "08:00"
close = "10:00"
[arrivals]
calls_per_hour = [100, 120, 90, 80]
[handle_time]
distribution = "lognormal"
mean = "4m"
cv = 0.5
[patience]
distribution = "exponential"
mean = "2m"
[staffing]
agents = 8
[limits]
max_wait = "10m"
[drops.in_conversation]
probability = "0.5%"
after = { distribution = "exponential", mean = "3m" }
"#;

    fn load(text: &str) -> Scenario {
        scenario::from_str(text, "fingerprint.toml").unwrap()
    }

    /// FNV-1a 64 test vectors from the reference implementation (Fowler, Noll, Vo).
    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        for (input, expected) in [
            ("", "cbf29ce484222325"),
            ("a", "af63dc4c8601ec8c"),
            ("foobar", "85944171f73967e8"),
        ] {
            let mut hash = Fnv1a64::new();
            hash.write(input.as_bytes());
            assert_eq!(hash.hex(), expected, "{input:?}");
        }
    }

    #[test]
    fn canonical_rendering_is_readable_and_complete() {
        let lines = canonical_lines(&load(TEXT));
        assert_eq!(
            lines,
            [
                "hours.open = 28800.0",
                "hours.close = 36000.0",
                "hours.interval = 1800.0",
                "warmup = 0.0",
                "after_close = work_off",
                "arrivals.calls_per_hour = [100.0, 120.0, 90.0, 80.0]",
                "handle_time = lognormal(mean = 240.0, sd = 120.0)",
                "patience = exponential(mean = 120.0)",
                "staffing.agents = [8, 8, 8, 8]",
                "service_level.threshold = 20.0",
                "service_level.target = 0.8",
                "service_level.formula = offered",
                "limits.max_wait = 600.0",
                "drops.in_conversation.probability = 0.005",
                "drops.in_conversation.after = exponential(mean = 180.0)",
            ]
        );
    }

    /// The value a known scenario hashes to: a change here invalidates every stored baseline, so
    /// it must be deliberate.
    #[test]
    fn fingerprint_is_stable() {
        assert_eq!(scenario_fingerprint(&load(TEXT)), "27837031a9ad600e");
    }

    #[test]
    fn layout_names_units_seed_and_replications_do_not_matter() {
        let reference = scenario_fingerprint(&load(TEXT));
        let rewritten = TEXT
            .replace(
                "name = \"Fingerprint\"",
                "name = \"Renamed\"\ndescription = \"x\"",
            )
            .replace("seed = 7", "seed = 8  # another seed")
            .replace("replications = 5", "\n\nreplications = 50")
            .replace("mean = \"4m\"", "mean = 240")
            .replace("close = \"10:00\"", "duration = \"2h\"");
        assert_eq!(scenario_fingerprint(&load(&rewritten)), reference);
    }

    #[test]
    fn every_setting_that_matters_changes_the_fingerprint() {
        let reference = scenario_fingerprint(&load(TEXT));
        for (from, to) in [
            ("agents = 8", "agents = [8, 8, 8, 7]"),
            ("[100, 120, 90, 80]", "[100, 120, 90, 81]"),
            ("cv = 0.5", "cv = 0.51"),
            ("mean = \"2m\"", "mean = \"121s\""),
            ("max_wait = \"10m\"", "max_wait = \"11m\""),
            ("\"0.5%\"", "\"0.6%\""),
            ("replications = 5", "after_close = \"stop\""),
            (
                "[staffing]",
                "[service_level]\nthreshold = \"30s\"\n[staffing]",
            ),
        ] {
            assert!(TEXT.contains(from), "{from}");
            let changed = load(&TEXT.replacen(from, to, 1));
            assert_ne!(scenario_fingerprint(&changed), reference, "{from} → {to}");
        }
    }

    /// The caller-contact sections and redials of a single-class file.
    const CONTACT: &str = r#"
[estimate]
method = "head_of_line"
measure = true
[self_service]
share = [0.1, 0.1, 0.2, 0.2]
[deflection]
share = 0.1
when_wait_over = "3m"
[announcement]
every = "1m"
content = "position"
balk = [{ position = 5, probability = 0.1 }, { position = 20, probability = 0.4 }]
patience = { scale = 1.5 }
[callback]
kind = "slot"
offer_when_wait_over = "90s"
accept = 0.5
slot_length = "30m"
slot_capacity = 4
service = "when_idle"
answer_probability = 0.9
retry_after = { distribution = "exponential", mean = "10m" }
classes = ["calls"]
[redial]
max_attempts = 4
abandoned = { probability = 0.3, delay = "15m" }
callback_failed = { probability = 0.5, delay = { distribution = "uniform", min = "20m", max = "40m" } }
"#;

    #[test]
    fn caller_contact_settings_render_as_key_value_lines() {
        let lines = canonical_lines(&load(&format!("{TEXT}{CONTACT}")));
        let reference = canonical_lines(&load(TEXT));
        let staffing = lines
            .iter()
            .position(|line| line.starts_with("staffing.agents"))
            .unwrap();
        assert_eq!(
            lines[staffing + 1..staffing + 4],
            [
                "redial.max_attempts = 4",
                "redial.abandoned = (probability = 0.3, delay = deterministic(value = 900.0))",
                "redial.callback_failed = (probability = 0.5, delay = uniform(min = 1200.0, \
                 max = 2400.0))",
            ]
        );
        assert_eq!(
            lines[reference.len() + 3..],
            [
                "estimate.method = head_of_line",
                "estimate.measure = true",
                "self_service.share = [0.1, 0.1, 0.2, 0.2]",
                "deflection.share = 0.1",
                "deflection.when_wait_over = 180.0",
                "announcement.at_entry = true",
                "announcement.every = 60.0",
                "announcement.content = position",
                "announcement.balk = [(5.0, 0.1), (20.0, 0.4)]",
                "announcement.patience = scale(1.5)",
                "callback.kind = slot(length = 1800.0, capacity = 4)",
                "callback.offer_when_wait_over = 90.0",
                "callback.accept = [(0.0, 0.5)]",
                "callback.service = when_idle",
                "callback.dial_time = deterministic(value = 30.0)",
                "callback.answer_probability = 0.9",
                "callback.retry_after = exponential(mean = 600.0)",
                "callback.max_attempts = 3",
                "callback.classes = [calls]",
            ]
        );
    }

    #[test]
    fn sections_switched_off_fingerprint_as_absent_and_each_setting_counts() {
        let reference = scenario_fingerprint(&load(TEXT));
        let switched_off = CONTACT
            .replace("[self_service]", "[self_service]\nenabled = false")
            .replace("[deflection]", "[deflection]\nenabled = false")
            .replace("[announcement]", "[announcement]\nenabled = false")
            .replace("[callback]", "[callback]\nenabled = false")
            .replace("[redial]", "[redial]\nenabled = false")
            .replace("method = \"head_of_line\"\nmeasure = true", "");
        assert_eq!(
            scenario_fingerprint(&load(&format!("{TEXT}{switched_off}"))),
            reference
        );
        let full = format!("{TEXT}{CONTACT}");
        let with_contact = scenario_fingerprint(&load(&full));
        for (from, to) in [
            ("max_attempts = 4", "max_attempts = 5"),
            ("probability = 0.3", "probability = 0.31"),
            ("every = \"1m\"", "every = \"61s\""),
            ("slot_capacity = 4", "slot_capacity = 5"),
            ("accept = 0.5", "accept = 0.51"),
            ("\"when_idle\"", "\"head\""),
            ("measure = true", "measure = false"),
        ] {
            assert!(full.contains(from), "{from}");
            let changed = load(&full.replacen(from, to, 1));
            assert_ne!(
                scenario_fingerprint(&changed),
                with_contact,
                "{from} → {to}"
            );
        }
    }

    #[test]
    fn class_redials_render_under_each_class() {
        let text = r#"
name = "Classes"
[hours]
open = "08:00"
close = "09:00"
[arrivals]
calls_per_hour = 100
[handle_time]
distribution = "exponential"
mean = "3m"
[staffing]
agents = 5
[redial]
timeout = { probability = 1, delay = "1m" }
[[classes]]
name = "a"
share = 0.5
[[classes]]
name = "b"
share = 0.5
redial = { enabled = false }
"#;
        let lines = canonical_lines(&load(text));
        let redial_lines: Vec<&str> = lines
            .iter()
            .filter(|line| line.contains(".redial."))
            .map(String::as_str)
            .collect();
        assert_eq!(
            redial_lines,
            [
                "classes.0.redial.max_attempts = 3",
                "classes.0.redial.timeout = (probability = 1.0, delay = deterministic(value = \
                 60.0))",
            ]
        );
    }

    #[test]
    fn results_digest_sees_one_bit_and_where_it_is() {
        let values = |x: f64| ReplicationValues {
            overall: vec![Some(1.0), None],
            intervals: vec![vec![Some(x)]],
            end_of_day: vec![Some(0.0)],
            classes: vec![vec![Some(2.0)]],
            class_intervals: vec![vec![vec![Some(2.0)]]],
            pools: vec![vec![Some(3.0)]],
            campaigns: Vec::new(),
        };
        let reference = results_digest(&[values(0.5)]);
        assert_eq!(results_digest(&[values(0.5)]), reference);
        assert_ne!(
            results_digest(&[values(f64::from_bits(0.5_f64.to_bits() + 1))]),
            reference
        );
        let mut undefined = values(0.5);
        undefined.overall[1] = Some(0.0);
        assert_ne!(results_digest(&[undefined]), reference);
        assert_ne!(results_digest(&[values(0.5), values(0.5)]), reference);
    }
}
