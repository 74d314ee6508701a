//! Outbound campaigns checked against values computed independently of the engine: progressive
//! dialling against its renewal-reward rate, predictive dialling at a fixed ratio against a small
//! continuous-time Markov chain solved here; and bad campaign input refused with exit code 2.

use crate::common::ccsim;
use ccsim::experiment::{ExperimentResult, RunOptions, run_replications};
use ccsim::sim::campaign_tally::CAMPAIGN_METRICS;

/// Per-replication values of campaign 0's metric `key`.
fn samples(result: &ExperimentResult, key: &str) -> Vec<f64> {
    let index = CAMPAIGN_METRICS.iter().position(|m| m.key == key).unwrap();
    (result.replications.iter())
        .map(|r| r.campaigns[0][index].expect("defined in every replication"))
        .collect()
}

/// Mean and standard error of the mean.
fn mean_se(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (variance / n).sqrt())
}

fn run(text: &str) -> ExperimentResult {
    let scenario = ccsim::scenario::from_str(text, "outbound test").expect("valid scenario");
    run_replications(&scenario, &RunOptions::default())
}

/// A 24-hour day with no inbound calls, statistics after 2 hours, and one campaign (its keys
/// given by `campaign`; the single pool of five agents is called "agents").
fn day_with(campaign: &str) -> String {
    format!(
        r#"
name = "outbound"
seed = 14
replications = 20
warmup = "2h"
[hours]
open = "00:00"
close = "24:00"
interval = "1h"
[arrivals]
calls_per_hour = 0
[handle_time]
distribution = "exponential"
mean = "3m"
[staffing]
agents = 5

[[campaigns]]
name = "list"
list_size = 1000000
{campaign}
"#
    )
}

/// Progressive dialling holds an agent for each dial, so a person who answers always has one:
/// no outbound abandoned call, ever. Each agent then runs a renewal cycle — ring (by outcome),
/// then talk and wrap-up for a live answer or the machine time for a machine — of mean
/// 0.3·10 + 0.45·25 + 0.1·4 + 0.1·12 + 0.05·3 + 0.3·(180 + 30) + 0.1·10 = 80 s, and the
/// renewal-reward theorem gives 0.3 contacts per cycle: 5 × 3600 × 0.3 / 80 = 67.5 contacts an
/// hour.
#[test]
fn progressive_never_drops_and_matches_its_renewal_reward_rate() {
    let result = run(&day_with(
        r#"pools = ["agents"]
pacing = "progressive"
outcomes = { live = 0.3, no_answer = 0.45, busy = 0.1, machine = 0.1, invalid = 0.05 }
ring_time = { live = { distribution = "exponential", mean = "10s" }, no_answer = "25s", busy = { distribution = "exponential", mean = "4s" }, machine = { distribution = "exponential", mean = "12s" }, invalid = "3s" }
handle_time = { distribution = "exponential", mean = "3m" }
wrap_up = "30s"
machine_time = "10s"
"#,
    ));
    for abandoned in samples(&result, "outbound_abandoned") {
        assert_eq!(abandoned, 0.0, "progressive dialling never drops");
    }
    assert!(samples(&result, "live_answers").iter().all(|&n| n > 1000.0));
    let exact = 5.0 * 3600.0 * 0.3 / 80.0;
    let (mean, se) = mean_se(&samples(&result, "contacts_per_hour"));
    eprintln!("contacts per hour {mean} ± {se}, renewal-reward value {exact}");
    assert!(
        (mean - exact).abs() <= 4.0 * se,
        "contacts per hour {mean} ± {se}, renewal-reward value {exact}"
    );
}

/// The long-run abandonment rate and contact rate of predictive dialling at ratio `ratio` with
/// `agents` agents, exponential ring times (rate `ring`, the same for every outcome), live
/// answers with probability `live` and exponential talk (rate `talk`), no wrap-up: the CTMC on
/// (busy agents b, dials in progress d), where after every transition the dialler tops d up to
/// ⌊ratio × (agents − b)⌋. A live answer with every agent busy is abandoned.
fn fixed_ratio_chain(agents: usize, ratio: f64, ring: f64, live: f64, talk: f64) -> (f64, f64) {
    let most_dials = (ratio * agents as f64).floor() as usize;
    let wanted = |b: usize| (ratio * (agents - b) as f64).floor() as usize;
    let top_up = |b: usize, d: usize| d.max(wanted(b));
    // Only topped-up states occur: d ≥ ⌊ratio × idle⌋.
    let mut numbers = vec![vec![usize::MAX; most_dials + 1]; agents + 1];
    let mut states = 0;
    for (b, row) in numbers.iter_mut().enumerate() {
        for number in &mut row[wanted(b)..] {
            *number = states;
            states += 1;
        }
    }
    let index = |b: usize, d: usize| numbers[b][d];
    // Generator, row = from, column = to.
    let mut q = vec![vec![0.0; states]; states];
    let mut add = |from: usize, to: usize, rate: f64| {
        q[from][to] += rate;
        q[from][from] -= rate;
    };
    for b in 0..=agents {
        for d in wanted(b)..=most_dials {
            let from = index(b, d);
            if d > 0 {
                let resolve = d as f64 * ring;
                if b < agents {
                    add(from, index(b + 1, top_up(b + 1, d - 1)), resolve * live);
                } else {
                    add(from, index(b, top_up(b, d - 1)), resolve * live);
                }
                add(from, index(b, top_up(b, d - 1)), resolve * (1.0 - live));
            }
            if b > 0 {
                add(from, index(b - 1, top_up(b - 1, d)), b as f64 * talk);
            }
        }
    }
    // π Q = 0 with Σ π = 1: solve Qᵀ π = 0 with the last equation replaced by the sum.
    let mut a: Vec<Vec<f64>> = (0..states)
        .map(|row| (0..states).map(|col| q[col][row]).collect())
        .collect();
    let mut rhs = vec![0.0; states];
    a[states - 1] = vec![1.0; states];
    rhs[states - 1] = 1.0;
    for col in 0..states {
        let pivot = (col..states)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap();
        a.swap(col, pivot);
        rhs.swap(col, pivot);
        for row in 0..states {
            if row != col && a[row][col] != 0.0 {
                let factor = a[row][col] / a[col][col];
                let pivot_row = a[col].clone();
                for (value, pivot) in a[row].iter_mut().zip(pivot_row).skip(col) {
                    *value -= factor * pivot;
                }
                rhs[row] -= factor * rhs[col];
            }
        }
    }
    let pi: Vec<f64> = (0..states).map(|s| rhs[s] / a[s][s]).collect();
    let (mut answers, mut lost) = (0.0, 0.0);
    for b in 0..=agents {
        for d in wanted(b)..=most_dials {
            let flow = pi[index(b, d)] * d as f64 * ring * live;
            answers += flow;
            if b == agents {
                lost += flow;
            }
        }
    }
    (lost / answers, (answers - lost) * 3600.0)
}

/// Predictive dialling at ratio 2 on five agents, every time exponential: the simulated
/// abandonment rate and contacts per hour match the Markov chain within 4 standard errors. The
/// 10 ms connection limit stands in for the chain's "no agent free at the answer": an agent
/// frees within it with probability under 5 × 0.01 / 180 ≈ 0.03 % of such answers.
#[test]
fn fixed_ratio_matches_an_independent_markov_chain() {
    let result = run(&day_with(
        r#"pools = ["agents"]
pacing = "predictive"
dial_ratio = 2.0
connection_limit = "0.01s"
outcomes = { live = 0.35, no_answer = 0.65 }
ring_time = { live = { distribution = "exponential", mean = "20s" }, no_answer = { distribution = "exponential", mean = "20s" } }
handle_time = { distribution = "exponential", mean = "3m" }
"#,
    ));
    let (rate, contacts) = fixed_ratio_chain(5, 2.0, 1.0 / 20.0, 0.35, 1.0 / 180.0);
    assert!(rate > 0.01, "the case drops calls: {rate}");
    let (mean, se) = mean_se(&samples(&result, "abandon_rate_ofcom"));
    eprintln!("abandonment rate {mean} ± {se}, Markov chain {rate}");
    assert!(
        (mean - rate).abs() <= 4.0 * se,
        "abandonment rate {mean} ± {se}, Markov chain {rate}"
    );
    let (mean, se) = mean_se(&samples(&result, "contacts_per_hour"));
    eprintln!("contacts per hour {mean} ± {se}, Markov chain {contacts}");
    assert!(
        (mean - contacts).abs() <= 4.0 * se,
        "contacts per hour {mean} ± {se}, Markov chain {contacts}"
    );
}

/// A higher dial ratio buys contacts with drops: both rise from ratio 1.2 to 3 on the same list.
#[test]
fn a_higher_ratio_drops_more_and_connects_more() {
    let at = |ratio: f64| {
        run(&day_with(&format!(
            r#"pools = ["agents"]
pacing = "predictive"
dial_ratio = {ratio}
outcomes = {{ live = 0.3, no_answer = 0.7 }}
handle_time = {{ distribution = "exponential", mean = "3m" }}
"#
        )))
    };
    let (low, high) = (at(1.2), at(3.0));
    let mean = |result: &ExperimentResult, key| mean_se(&samples(result, key)).0;
    assert!(mean(&high, "abandon_rate_ofcom") > mean(&low, "abandon_rate_ofcom") + 0.01);
    assert!(mean(&high, "contacts_per_hour") > mean(&low, "contacts_per_hour"));
}

/// Bad campaign input: exit code 2, the key and the value quoted, a hint of the fix.
#[test]
fn bad_campaigns_are_refused_with_the_key() {
    let cases: [(&str, &str, &str); 5] = [
        (
            "outcomes = { live = 0.3, no_answer = 0.6 }",
            "campaigns.0.outcomes",
            "sum to 1",
        ),
        (
            "connection_limit = \"0s\"",
            "campaigns.0.connection_limit",
            "positive duration",
        ),
        (
            "connection_limit = \"-2s\"",
            "campaigns.0.connection_limit",
            "positive duration",
        ),
        (
            "dial_ratio = 0.8",
            "campaigns.0.dial_ratio",
            "from 1 to 100",
        ),
        ("pools = []", "campaigns.0.pools", "non-empty array"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (index, (change, key, hint)) in cases.iter().enumerate() {
        let changed = change.split(" = ").next().unwrap();
        let mut lines = vec![
            "pools = [\"agents\"]",
            "pacing = \"predictive\"",
            "dial_ratio = 1.5",
            "outcomes = { live = 0.3, no_answer = 0.7 }",
            "handle_time = \"3m\"",
        ];
        lines.retain(|line| !line.starts_with(changed));
        lines.push(change);
        let path = dir.path().join(format!("bad{index}.toml"));
        std::fs::write(&path, day_with(&lines.join("\n"))).unwrap();
        let output = ccsim().arg("run").arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{change}: {stderr}");
        assert!(stderr.contains(key), "{change}: {stderr}");
        assert!(stderr.contains(hint), "{change}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// A campaign without `pools` names the missing key.
#[test]
fn a_campaign_without_pools_is_refused() {
    let text = day_with("pacing = \"progressive\"\noutcomes = { live = 1 }\nhandle_time = \"3m\"");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-pools.toml");
    std::fs::write(&path, text).unwrap();
    let output = ccsim().arg("validate").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("campaigns.0.pools"), "{stderr}");
}

/// Adaptive pacing on three campaigns whose people answer 50 %, 30 % and 15 % of dials holds
/// the day's abandonment rate at its 3 % target — the mean over the days within half a
/// percentage point of it (a control property: the policy settles near, not exactly on, its
/// target; see `AdaptiveRatio::GAIN`) — and the fewer people answer, the higher the effective
/// dial ratio it uses.
#[test]
fn adaptive_pacing_holds_its_target_and_dials_harder_when_fewer_answer() {
    let mut ratios = Vec::new();
    for live in [0.5, 0.3, 0.15] {
        let result = run(&day_with(&format!(
            r#"pools = ["agents"]
pacing = "adaptive"
target_abandon = 0.03
max_dial_ratio = 10
outcomes = {{ live = {live}, no_answer = {} }}
ring_time = {{ live = {{ distribution = "exponential", mean = "15s" }}, no_answer = "25s" }}
handle_time = {{ distribution = "exponential", mean = "3m" }}
"#,
            1.0 - live
        )));
        let (rate, se) = mean_se(&samples(&result, "abandon_rate_ofcom"));
        let (ratio, _) = mean_se(&samples(&result, "dial_ratio_mean"));
        eprintln!("live {live}: abandonment {rate} ± {se}, effective dial ratio {ratio}");
        assert!((rate - 0.03).abs() <= 0.005, "live {live}: {rate} ± {se}");
        ratios.push(ratio);
    }
    assert!(ratios[0] < ratios[1] && ratios[1] < ratios[2], "{ratios:?}");
}

/// An inbound line of 45 calls an hour (4-minute calls, 2-minute patience) on ten agents, with
/// the campaign `campaign` (none when empty) dialling on the same agents.
fn blended(campaign: &str) -> ExperimentResult {
    run(&format!(
        r#"
name = "blended"
seed = 14
replications = 20
warmup = "2h"
[hours]
open = "00:00"
close = "24:00"
interval = "1h"
[arrivals]
calls_per_hour = 45
[handle_time]
distribution = "exponential"
mean = "4m"
[patience]
distribution = "exponential"
mean = "2m"
[staffing]
agents = 10
{campaign}
"#
    ))
}

const BLENDED_CAMPAIGN: &str = r#"
[[campaigns]]
name = "list"
list_size = 1000000
pools = ["agents"]
pacing = "predictive"
dial_ratio = 2.0
outcomes = { live = 0.3, no_answer = 0.7 }
handle_time = { distribution = "exponential", mean = "3m" }
"#;

/// Blending with inbound callers first and six agents reserved for a 3-Erlang inbound load
/// leaves the inbound service level within the confidence interval of the same line without the
/// campaign, while the campaign still makes contacts; blending without those rules costs inbound
/// service level well outside it.
#[test]
fn inbound_first_with_a_reserve_leaves_inbound_service_level_alone() {
    let service_level = |result: &ExperimentResult| {
        let estimate = result.summary.overall.get("service_level").unwrap();
        (
            estimate.mean,
            estimate.ci_low.unwrap(),
            estimate.ci_high.unwrap(),
        )
    };
    let alone = service_level(&blended(""));
    let protected = blended(&format!(
        "{BLENDED_CAMPAIGN}blend = {{ inbound_first = true, reserve = 6 }}\n"
    ));
    let free_for_all = blended(BLENDED_CAMPAIGN);
    let (with_rules, without_rules) = (service_level(&protected), service_level(&free_for_all));
    eprintln!(
        "inbound SL alone {alone:?}, blended with rules {with_rules:?}, without {without_rules:?}"
    );
    assert!(
        alone.1 <= with_rules.0 && with_rules.0 <= alone.2,
        "inbound SL {with_rules:?} outside the interval of the line alone {alone:?}"
    );
    assert!(
        without_rules.0 < alone.1 - 0.05,
        "{without_rules:?} vs {alone:?}"
    );
    let (contacts, _) = mean_se(&samples(&protected, "contacts_per_hour"));
    assert!(
        contacts > 10.0,
        "the blended campaign still connects: {contacts}"
    );
}

/// Preview dialling is progressive dialling with the agent reading the record first: it never
/// drops, and the renewal-reward rate takes the 15 s preview into each cycle,
/// 5 × 3600 × 0.3 / (80 + 15) contacts an hour. Of those contacts, 60 % reach the right person.
#[test]
fn preview_never_drops_and_counts_right_party_contacts() {
    let result = run(&day_with(
        r#"pools = ["agents"]
pacing = "preview"
preview_time = "15s"
right_party = 0.6
outcomes = { live = 0.3, no_answer = 0.45, busy = 0.1, machine = 0.1, invalid = 0.05 }
ring_time = { live = { distribution = "exponential", mean = "10s" }, no_answer = "25s", busy = { distribution = "exponential", mean = "4s" }, machine = { distribution = "exponential", mean = "12s" }, invalid = "3s" }
handle_time = { distribution = "exponential", mean = "3m" }
wrap_up = "30s"
"#,
    ));
    assert!(
        samples(&result, "outbound_abandoned")
            .iter()
            .all(|&n| n == 0.0)
    );
    let exact = 5.0 * 3600.0 * 0.3 / 95.0;
    let (mean, se) = mean_se(&samples(&result, "contacts_per_hour"));
    eprintln!("preview: contacts per hour {mean} ± {se}, renewal-reward value {exact}");
    assert!((mean - exact).abs() <= 4.0 * se, "{mean} ± {se} vs {exact}");
    let contacts = samples(&result, "contacts");
    let right = samples(&result, "right_party_contacts");
    let shares: Vec<f64> = right.iter().zip(&contacts).map(|(r, c)| r / c).collect();
    let (share, se) = mean_se(&shares);
    assert!(
        (share - 0.6).abs() <= 4.0 * se,
        "right-party share {share} ± {se}"
    );
}

/// A list smaller than a day's dialling runs out: every record dialled, none left.
#[test]
fn a_short_list_is_exhausted() {
    let result = run(&day_with(
        r#"pools = ["agents"]
pacing = "progressive"
outcomes = { live = 0.3, no_answer = 0.7 }
handle_time = "3m"
"#,
    )
    .replace("list_size = 1000000", "list_size = 500"));
    assert!(samples(&result, "records_left").iter().all(|&n| n == 0.0));
    assert!(samples(&result, "list_used").iter().all(|&n| n == 1.0));
}
