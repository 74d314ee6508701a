//! Nothing a user can type makes loading panic: any text and any override give a scenario or an
//! error, for single-class and multi-class files alike.

use super::{RETAIL_DAY, VIP_PRIORITY};
use crate::scenario::{Override, from_str, from_str_with_overrides};
use proptest::prelude::*;

/// Keys worth aiming at: real ones (including array entries and tables), typos, and nonsense.
const KEYS: &[&str] = &[
    "name",
    "seed",
    "replications",
    "warmup",
    "after_close",
    "hours",
    "hours.open",
    "hours.close",
    "hours.duration",
    "hours.interval",
    "arrivals.calls_per_hour",
    "arrivals.calls_per_hour.0",
    "arrivals.calls_per_interval",
    "handle_time",
    "handle_time.distribution",
    "handle_time.mean",
    "handle_time.cv",
    "patience.shape",
    "staffing.agents",
    "staffing.agents.23",
    "staffing.agents.24",
    "service_level.target",
    "service_level.formula",
    "limits.lines",
    "drops.in_queue.after.max",
    "drops.in_queue.after",
    "name.x",
    "hours.clsoe",
    "x.y.z",
    "classes",
    "classes.0",
    "classes.1",
    "classes.2",
    "classes.0.name",
    "classes.1.name",
    "classes.0.share",
    "classes.1.share",
    "classes.1.arrivals",
    "classes.1.arrivals.calls_per_hour",
    "classes.1.handle_time",
    "classes.1.handle_time.mean",
    "classes.1.patience",
    "classes.1.priority",
    "classes.1.credit",
    "classes.1.threshold",
    "pools",
    "pools.0",
    "pools.1.name",
    "pools.0.agents",
    "pools.1.agents.19",
    "pools.1.skills",
    "pools.1.skills.0",
    "pools.1.skills.1",
    "pools.1.skills.1.class",
    "pools.1.skills.1.after",
    "pools.1.skills.1.handle_factor",
    "pools.1.reserve",
    "pools.1.reserve.agents",
    "pools.1.reserve.for",
    "pools.1.reserve.for.0",
    "routing",
    "routing.queue",
    "routing.aging_after",
    "routing.agent",
    "staffing",
];

/// Values worth trying: edge numbers, every unit, wrong types.
const VALUES: &[&str] = &[
    "0",
    "-1",
    "1e308",
    "nan",
    "inf",
    "-inf",
    "0.5",
    "4294967296",
    "9223372036854775807",
    "\"4m\"",
    "4m",
    "1h30m",
    "500ms",
    "0s",
    "24:00",
    "00:00",
    "08:00",
    "80%",
    "150%",
    "true",
    "[]",
    "[1, 2]",
    "[\"1m\"]",
    "{}",
    "{ distribution = \"weibull\", shape = 1e-300, mean = 1 }",
    "\"\"",
    "stop",
    "gamma",
    "\"excluding_short_abandons\"",
    "1979-05-27",
    "\"inf\"",
    "\"vip\"",
    "\"standard\"",
    "aging",
    "credit",
    "preferred_pool",
    "[\"vip\", \"vip\"]",
    "[\"standard\", { class = \"vip\", after = \"30s\" }]",
    "{ agents = 1, for = [\"vip\"] }",
    "{ agents = 1, for = [] }",
    "{ class = \"vip\", handle_factor = 0 }",
    "[{}]",
    "[{ name = \"x\", share = 0.5 }]",
    "[{ name = \"x\", agents = 1, skills = [\"x\"] }]",
];

fn mutate(text: &str, edits: &[(usize, u8, u8)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(position, byte, kind) in edits {
        let at = position % (bytes.len() + 1);
        match kind % 3 {
            0 if at < bytes.len() => bytes[at] = byte,
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => bytes.insert(at, byte),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = from_str(&text, "t.toml");
    }

    #[test]
    fn toml_like_text_never_panics(text in "[a-z_=\\[\\]{}\"0-9.:%, \n-]{0,300}") {
        let _ = from_str(&text, "t.toml");
    }

    #[test]
    fn byte_edits_of_a_valid_scenario_never_panic(
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)
    ) {
        let _ = from_str(&mutate(RETAIL_DAY, &edits), "t.toml");
    }

    #[test]
    fn byte_edits_of_a_multi_class_scenario_never_panic(
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)
    ) {
        let _ = from_str(&mutate(VIP_PRIORITY, &edits), "t.toml");
    }

    #[test]
    fn line_shuffles_of_a_multi_class_scenario_never_panic(
        swaps in prop::collection::vec((any::<usize>(), any::<usize>()), 1..6)
    ) {
        // Moving whole lines moves keys between tables and array elements while keeping the text
        // TOML-like, reaching the cross-checks that byte edits mostly stop short of.
        let mut lines: Vec<&str> = VIP_PRIORITY.lines().collect();
        for (a, b) in swaps {
            let count = lines.len();
            lines.swap(a % count, b % count);
        }
        let _ = from_str(&lines.join("\n"), "t.toml");
    }

    #[test]
    fn arbitrary_overrides_never_panic(
        sets in prop::collection::vec(
            (
                prop_oneof![prop::sample::select(KEYS).prop_map(String::from), "[a-z_.0-9]{1,20}"],
                prop_oneof![prop::sample::select(VALUES).prop_map(String::from), any::<String>()],
            ),
            1..4,
        )
    ) {
        let sets: Vec<Override> = sets
            .into_iter()
            .map(|(key, value)| Override { key, value })
            .collect();
        let _ = from_str_with_overrides(RETAIL_DAY, "t.toml", &sets);
        let _ = from_str_with_overrides(VIP_PRIORITY, "t.toml", &sets);
    }
}
