//! Nothing a user can type makes loading panic: any text and any override give a scenario or an
//! error.

use super::RETAIL_DAY;
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
    }
}
