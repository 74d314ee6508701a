//! `[[variants]]`: each variant is the baseline with its `set` applied, validated fully, and a
//! mistake in one names the variant and points at the `set` entry that caused it.

use super::errors::check;
use super::{MINIMAL, RETAIL_DAY, load_error};
use crate::scenario::{
    Override, ScenarioError, ScenarioWithVariants, from_str, from_str_with_variants,
};

/// `MINIMAL` (lines 1–11) followed by `variants` from line 12.
fn with_variants(variants: &str) -> String {
    format!("{MINIMAL}{variants}")
}

fn load(text: &str, sets: &[&str]) -> Result<ScenarioWithVariants, ScenarioError> {
    let sets: Vec<Override> = sets.iter().map(|s| s.parse().unwrap()).collect();
    from_str_with_variants(text, "t.toml", &sets)
}

fn variant_error(variants: &str) -> ScenarioError {
    load(&with_variants(variants), &[]).expect_err("the variant is refused")
}

#[test]
fn each_variant_is_the_baseline_with_its_overrides() {
    let text = with_variants(
        r#"
[[variants]]
name = "more agents"
description = "two more agents all day"
set = { "staffing.agents" = "10", "handle_time.mean" = "2m30s" }

[[variants]]
name = "longer day"
[variants.set]
"hours.close" = "11:00"
"#,
    );
    let file = load(&text, &[]).unwrap();
    assert_eq!(file.baseline, from_str(MINIMAL, "t.toml").unwrap());
    let [more, longer] = &file.variants[..] else {
        panic!("two variants: {:?}", file.variants)
    };
    assert_eq!(more.name, "more agents");
    assert_eq!(more.description, "two more agents all day");
    let sets: Vec<String> = more.overrides.iter().map(Override::to_string).collect();
    assert_eq!(sets, ["staffing.agents=10", "handle_time.mean=2m30s"]);
    assert_eq!(more.scenario.pools[0].agents, vec![10; 4]);
    assert_eq!(more.scenario.classes[0].handle_time.mean(), 150.0);
    assert_eq!(
        (more.scenario.seed, more.scenario.replications),
        (file.baseline.seed, file.baseline.replications)
    );
    // Two more 30-minute intervals; eight agents (one number) staff each of them.
    assert_eq!(longer.scenario.hours.interval_count(), 6);
    assert_eq!(longer.description, "");
}

#[test]
fn values_may_be_toml_or_text_as_for_set() {
    let text = with_variants(
        r#"
[[variants]]
name = "typed values"
set = { "staffing.agents" = [9, 9, 10, 10], "service_level.target" = "90%", "patience" = { distribution = "exponential", mean = "3m" } }
"#,
    );
    let variant = &load(&text, &[]).unwrap().variants[0];
    assert_eq!(variant.scenario.pools[0].agents, vec![9, 9, 10, 10]);
    assert_eq!(variant.scenario.service_level.target, 0.9);
    assert_eq!(
        variant.scenario.classes[0]
            .patience
            .as_ref()
            .map(|p| p.mean()),
        Some(180.0)
    );
}

#[test]
fn dotted_keys_are_the_key_paths_they_spell() {
    let text = with_variants(
        r#"
[[variants]]
name = "dotted"
set = { handle_time.mean = "2m", staffing.agents = 12 }
"#,
    );
    let variant = &load(&text, &[]).unwrap().variants[0];
    let sets: Vec<String> = variant.overrides.iter().map(Override::to_string).collect();
    assert_eq!(sets, ["handle_time.mean=2m", "staffing.agents=12"]);
    // The rest of [handle_time] is kept, not replaced by a table holding only `mean`.
    assert_eq!(variant.scenario.classes[0].handle_time.mean(), 120.0);
    assert_eq!(variant.scenario.pools[0].agents, vec![12; 4]);
}

#[test]
fn command_line_sets_apply_to_the_baseline_and_before_each_variant() {
    let text = with_variants("[[variants]]\nname = \"v\"\nset = { \"staffing.agents\" = 12 }\n");
    let file = load(&text, &["staffing.agents=9", "handle_time.mean=2m"]).unwrap();
    assert_eq!(file.baseline.pools[0].agents, vec![9; 4]);
    let variant = &file.variants[0].scenario;
    assert_eq!(variant.pools[0].agents, vec![12; 4]);
    assert_eq!(variant.classes[0].handle_time.mean(), 120.0);
}

#[test]
fn a_bad_value_points_at_the_set_entry() {
    // Line 15, column 29: the value of "staffing.agents".
    let error = variant_error(
        "\n[[variants]]\nname = \"more\"\nset = { \"staffing.agents\" = \"many\" }\n",
    );
    check(
        &error,
        Some((15, 29)),
        "staffing.agents",
        Some("\"many\""),
        "a number of agents",
    );
    assert_eq!(error.variant(), Some("more"));
    assert!(
        error
            .to_string()
            .starts_with("t.toml:15:29: variant \"more\": `staffing.agents`: found \"many\""),
        "{error}"
    );
}

#[test]
fn a_misspelt_key_points_at_the_set_entry_and_suggests_the_key() {
    let error =
        variant_error("\n[[variants]]\nname = \"more\"\n[variants.set]\n\"staffing.agnets\" = 9\n");
    check(&error, Some((16, 1)), "staffing.agnets", None, "`agents`");
    assert!(
        error
            .to_string()
            .contains("unknown key (did you mean `staffing.agents`?)"),
        "{error}"
    );
}

#[test]
fn an_index_beyond_the_array_points_at_the_set_entry() {
    let error =
        variant_error("[[variants]]\nname = \"peak\"\nset = { \"staffing.agents.3\" = 9 }\n");
    // `staffing.agents` is a single number, not an array, in MINIMAL.
    check(
        &error,
        Some((14, 31)),
        "staffing.agents",
        Some("8"),
        "a table or array",
    );
}

#[test]
fn a_problem_the_variant_causes_elsewhere_names_the_variant() {
    // Four intervals' worth of staffing no longer fits the variant's longer day.
    let text = MINIMAL.replace("agents = 8", "agents = [8, 8, 8, 8]");
    let error = load(
        &format!("{text}[[variants]]\nname = \"late\"\nset = {{ \"hours.close\" = \"11:00\" }}\n"),
        &[],
    )
    .unwrap_err();
    assert_eq!(error.variant(), Some("late"));
    assert_eq!(error.key(), "staffing.agents");
    assert_eq!(error.line(), Some(11), "{error}");
    assert!(error.expected().contains("6 entries"), "{error}");
}

#[test]
fn seed_and_replications_cannot_be_set_by_a_variant() {
    for key in ["seed", "replications"] {
        let error = variant_error(&format!(
            "[[variants]]\nname = \"v\"\nset = {{ \"{key}\" = 3 }}\n"
        ));
        check(
            &error,
            Some((14, 14 + key.len())),
            &format!("variants.0.set.{key}"),
            Some(&format!("\"{key}\"")),
            "the baseline's seed and replications",
        );
    }
}

#[test]
fn the_form_of_the_section_is_checked() {
    let error = variant_error("[[variants]]\nset = { \"staffing.agents\" = 3 }\n");
    check(
        &error,
        Some((12, 1)),
        "variants.0.name",
        None,
        "variant name",
    );

    let error = variant_error("[[variants]]\nname = \"v\"\n");
    check(
        &error,
        Some((12, 1)),
        "variants.0.set",
        None,
        "a table of overrides",
    );

    let error = variant_error("[[variants]]\nname = \"v\"\nset = {}\n");
    check(
        &error,
        Some((14, 7)),
        "variants.0.set",
        Some("an empty table"),
        "a table of overrides",
    );

    let error = variant_error("[[variants]]\nname = \"v\"\nsett = { \"staffing.agents\" = 3 }\n");
    check(&error, Some((14, 1)), "variants.0.sett", None, "`set`");

    let error = load(&format!("variants = 3\n{MINIMAL}"), &[]).unwrap_err();
    check(
        &error,
        Some((1, 12)),
        "variants",
        Some("3"),
        "an array of tables",
    );

    let error = variant_error(
        "[[variants]]\nname = \"v\"\nset = { \"staffing[0]\" = 3 }\n[[variants]]\nname = \"w\"\nset = { \"staffing.agents\" = 3 }\n",
    );
    check(
        &error,
        Some((14, 25)),
        "variants.0.set.staffing[0]",
        Some("\"staffing[0]\""),
        "an index in brackets",
    );
}

#[test]
fn variant_names_are_unique() {
    let error = variant_error(
        "[[variants]]\nname = \"v\"\nset = { \"staffing.agents\" = 3 }\n[[variants]]\nname = \"v\"\nset = { \"staffing.agents\" = 4 }\n",
    );
    check(
        &error,
        Some((16, 8)),
        "variants.1.name",
        Some("\"v\""),
        "a name no other variant has",
    );
}

#[test]
fn loading_without_variants_checks_their_form_but_does_not_build_them() {
    // The variant is broken (a value the loader refuses), but `from_str` does not build it.
    let text = with_variants("[[variants]]\nname = \"v\"\nset = { \"staffing.agents\" = -1 }\n");
    assert_eq!(
        from_str(&text, "t.toml").unwrap(),
        from_str(MINIMAL, "t.toml").unwrap()
    );
    assert!(load(&text, &[]).is_err());
    // A malformed section is an error for every command.
    let error = load_error(&with_variants("[[variants]]\nname = \"v\"\n"));
    assert_eq!(error.key(), "variants.0.set");
}

#[test]
fn shipped_variants_build() {
    let file = from_str_with_variants(RETAIL_DAY, "retail-day.toml", &[]).unwrap();
    assert!(!file.variants.is_empty());
    for variant in &file.variants {
        assert_ne!(variant.scenario, file.baseline, "{}", variant.name);
    }
}
