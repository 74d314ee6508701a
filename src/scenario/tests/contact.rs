//! The caller-contact sections and redials: what valid files load as, and what each kind of bad
//! value is told. Sections are appended to `MINIMAL` (08:00–10:00, four intervals), so they start
//! on line 12.

use super::errors::check;
use super::{CLASSES, MINIMAL, classes_with, load_error, load_error_with};
use crate::dist::Distribution;
use crate::model::{
    AnnouncedContent, Announcement, Callback, CallbackKind, CallbackService, Contact, Curve,
    Deflection, EstimateMethod, PatienceResponse, RedialAfter, RedialRule, Redials, Scenario,
    SelfService,
};
use crate::scenario::{Override, from_str_with_overrides};

const CALLBACK_VS_NONE: &str = include_str!("../../../scenarios/callback-vs-none.toml");
const ANNOUNCEMENT: &str = include_str!("../../../scenarios/announcement.toml");

fn with_sets(text: &str, sets: &[&str]) -> Scenario {
    let sets: Vec<Override> = sets.iter().map(|s| s.parse().unwrap()).collect();
    from_str_with_overrides(text, "t.toml", &sets).unwrap_or_else(|error| panic!("{error}"))
}

/// `MINIMAL` with `sections` appended, loaded.
fn minimal_and(sections: &str) -> Scenario {
    with_sets(&format!("{MINIMAL}{sections}"), &[])
}

fn fixed(seconds: f64) -> Distribution {
    Distribution::deterministic(seconds).unwrap()
}

fn curve(points: &[(f64, f64)]) -> Curve {
    Curve {
        points: points.to_vec(),
    }
}

/// Redials with the given rules and cap.
fn redials(max_attempts: u32, rules: &[(RedialAfter, f64, Distribution)]) -> Redials {
    let mut redials = Redials {
        max_attempts,
        ..Redials::default()
    };
    for (after, probability, delay) in rules {
        redials.rules[*after as usize] = Some(RedialRule {
            probability: *probability,
            delay: delay.clone(),
        });
    }
    redials
}

#[test]
fn no_contact_section_means_no_policy_and_no_redial() {
    let s = minimal_and("");
    assert_eq!(s.contact, Contact::default());
    assert_eq!(s.classes[0].redial, Redials::default());
}

#[test]
fn estimate() {
    let s = minimal_and("[estimate]\nmethod = \"head_of_line\"\nmeasure = true\n");
    assert_eq!(s.contact.estimate, EstimateMethod::HeadOfLine);
    assert!(s.contact.measure_estimates);
    assert!(!s.contact.any_policy());
    let s = minimal_and("[estimate]\nmeasure = false\n");
    assert_eq!(s.contact.estimate, EstimateMethod::QueueLength);

    let error = load_error(&format!("{MINIMAL}[estimate]\nmethod = \"queue_lenght\"\n"));
    check(
        &error,
        Some((13, 10)),
        "estimate.method",
        Some("\"queue_lenght\""),
        "one of \"queue_length\", \"last_to_enter_service\" or \"head_of_line\"",
    );
    assert!(
        error
            .to_string()
            .contains("(did you mean \"queue_length\"?)"),
        "{error}"
    );
    let error = load_error(&format!("{MINIMAL}[estimate]\nmeasure = \"yes\"\n"));
    check(
        &error,
        Some((13, 11)),
        "estimate.measure",
        Some("\"yes\""),
        "true or false",
    );
}

#[test]
fn self_service() {
    let s = minimal_and("[self_service]\nshare = \"5%\"\n");
    let hub = SelfService {
        share: vec![0.05; 4],
    };
    assert_eq!(s.contact.self_service, Some(hub));
    let s = minimal_and("[self_service]\nshare = [0, 0.1, 0.2, 0.1]\n");
    let share = &s.contact.self_service.unwrap().share;
    assert_eq!(share, &[0.0, 0.1, 0.2, 0.1]);

    let error = load_error(&format!("{MINIMAL}[self_service]\nshare = 1\n"));
    check(
        &error,
        Some((13, 9)),
        "self_service.share",
        Some("1"),
        "a share of would-be callers from 0 up to (not including) 1",
    );
    assert!(
        error
            .expected()
            .ends_with("or an array of them with one entry per interval")
    );
    let error = load_error(&format!("{MINIMAL}[self_service]\nshare = [0.1, 0.1]\n"));
    check(
        &error,
        Some((13, 9)),
        "self_service.share",
        Some("2 entries"),
        "4 entries, one per 30-minute interval from 08:00 to 10:00",
    );
    let error = load_error(&format!("{MINIMAL}[self_service]\nenabled = true\n"));
    check(
        &error,
        Some((12, 2)),
        "self_service.share",
        None,
        "a share of would-be callers",
    );
}

#[test]
fn deflection() {
    let s = minimal_and("[deflection]\nshare = 0.1\nwhen_wait_over = \"3m\"\n");
    let message = Deflection {
        share: 0.1,
        when_wait_over: Some(180.0),
    };
    assert_eq!(s.contact.deflection, Some(message));
    let s = minimal_and("[deflection]\nshare = 0.2\n");
    assert_eq!(s.contact.deflection.unwrap().when_wait_over, None);

    let error = load_error(&format!("{MINIMAL}[deflection]\nshare = 1.5\n"));
    check(
        &error,
        Some((13, 9)),
        "deflection.share",
        Some("1.5"),
        "a share of callers from 0 to 1",
    );
    let text = format!("{MINIMAL}[deflection]\nshare = 0.1\nwhen_wait_over = \"-3m\"\n");
    check(
        &load_error(&text),
        Some((14, 18)),
        "deflection.when_wait_over",
        Some("\"-3m\""),
        "a duration of zero or more",
    );
    let error = load_error(&format!(
        "{MINIMAL}[deflection]\nshare = 0.1\nwhen_wait_ovr = \"3m\"\n"
    ));
    check(
        &error,
        Some((14, 1)),
        "deflection.when_wait_ovr",
        None,
        "one of `enabled`, `share` or `when_wait_over`",
    );
    assert!(
        error
            .to_string()
            .contains("(did you mean `deflection.when_wait_over`?)"),
        "{error}"
    );
}

#[test]
fn announcement_of_the_expected_wait() {
    let s = minimal_and(
        "[announcement]\nevery = \"60s\"\n\
         balk = [{ wait = \"0s\", probability = 0 }, { wait = \"10m\", probability = 0.4 }]\n\
         patience = { commit = 1.0 }\n",
    );
    let announcement = Announcement {
        at_entry: true,
        every: Some(60.0),
        content: AnnouncedContent::ExpectedWait,
        balk: curve(&[(0.0, 0.0), (600.0, 0.4)]),
        patience: PatienceResponse::Commit(1.0),
    };
    assert_eq!(s.contact.announcement, Some(announcement));

    // Every key has a default but `at_entry` needs `every` to be false.
    let s = minimal_and("[announcement]\n");
    let defaults = Announcement {
        at_entry: true,
        every: None,
        content: AnnouncedContent::ExpectedWait,
        balk: Curve::constant(0.0),
        patience: PatienceResponse::Keep,
    };
    assert_eq!(s.contact.announcement, Some(defaults));
    let s = minimal_and(
        "[announcement]\nat_entry = false\nevery = \"2m\"\nbalk = \"5%\"\npatience = { scale = 1.5 }\n",
    );
    let announcement = s.contact.announcement.unwrap();
    assert_eq!(announcement.balk, Curve::constant(0.05));
    assert_eq!(announcement.patience, PatienceResponse::Scale(1.5));
    assert!(!announcement.at_entry);
    let s = minimal_and("[announcement]\npatience = \"keep\"\n");
    assert_eq!(
        s.contact.announcement.unwrap().patience,
        PatienceResponse::Keep
    );
}

#[test]
fn announcement_of_the_position() {
    let s = minimal_and(
        "[announcement]\ncontent = \"position\"\n\
         balk = [{ position = 5, probability = 0.1 }, { position = 20, probability = 0.5 }]\n",
    );
    let announcement = s.contact.announcement.unwrap();
    assert_eq!(announcement.content, AnnouncedContent::Position);
    assert_eq!(announcement.balk, curve(&[(5.0, 0.1), (20.0, 0.5)]));

    // A wait curve where positions are announced.
    let text = format!(
        "{MINIMAL}[announcement]\ncontent = \"position\"\n\
         balk = [{{ wait = \"1m\", probability = 0.1 }}]\n"
    );
    let error = load_error(&text);
    check(
        &error,
        Some((14, 11)),
        "announcement.balk.0.wait",
        None,
        "one of `position` or `probability` (for content = \"position\")",
    );
    let text = format!(
        "{MINIMAL}[announcement]\ncontent = \"position\"\nbalk = [{{ position = 0, probability = 0.1 }}]\n"
    );
    check(
        &load_error(&text),
        Some((14, 22)),
        "announcement.balk.0.position",
        Some("0"),
        "a place in the queue, a whole number 1 or more",
    );
}

#[test]
fn announcement_errors() {
    let bad = |section: &str| load_error(&format!("{MINIMAL}[announcement]\n{section}"));
    // Line 13 is the first key of the section.
    let error = bad(
        "balk = [{ wait = \"5m\", probability = 0.1 }, { wait = \"2m\", probability = 0.3 }]\n",
    );
    check(
        &error,
        Some((13, 54)),
        "announcement.balk.1.wait",
        Some("\"2m\""),
        "a wait longer than the previous point's (\"5m\"): points in ascending order",
    );
    let error = bad("balk = [{ wait = \"5m\", probability = 1.4 }]\n");
    check(
        &error,
        Some((13, 38)),
        "announcement.balk.0.probability",
        Some("1.4"),
        "a probability from 0 to 1",
    );
    let error = bad("balk = [{ wait = \"5m\" }]\n");
    check(
        &error,
        Some((13, 9)),
        "announcement.balk.0.probability",
        None,
        "a probability from 0 to 1",
    );
    let error = bad("balk = []\n");
    check(
        &error,
        Some((13, 8)),
        "announcement.balk",
        Some("[]"),
        "a probability from 0 to 1 such as 0.1, or an array of points such as [{ wait = \"2m\"",
    );
    let error = bad("balk = \"often\"\n");
    check(
        &error,
        Some((13, 8)),
        "announcement.balk",
        Some("\"often\""),
        "a probability from 0 to 1 such as 0.1, or an array of points",
    );
    let error = bad("at_entry = false\n");
    check(
        &error,
        Some((13, 1)),
        "announcement.at_entry",
        None,
        "with at_entry = false and no `every`, the announcement is never played",
    );
    assert!(
        error
            .to_string()
            .contains("given without `announcement.every`"),
        "{error}"
    );
    let error = bad("every = \"0s\"\n");
    check(
        &error,
        Some((13, 9)),
        "announcement.every",
        Some("\"0s\""),
        "a positive duration",
    );
    let error = bad("content = \"wait\"\n");
    check(
        &error,
        Some((13, 11)),
        "announcement.content",
        Some("\"wait\""),
        "one of \"expected_wait\" or \"position\"",
    );
    let error = bad("patience = \"kept\"\n");
    check(
        &error,
        Some((13, 12)),
        "announcement.patience",
        Some("\"kept\""),
        "\"keep\", { scale = 1.2 }",
    );
    let error = bad("patience = { scale = 1.2, commit = 1 }\n");
    check(
        &error,
        Some((13, 27)),
        "announcement.patience.commit",
        None,
        "\"keep\", { scale = 1.2 }",
    );
    assert!(
        error
            .to_string()
            .contains("given together with `announcement.patience.scale`"),
        "{error}"
    );
    let error = bad("patience = { scale = 0 }\n");
    check(
        &error,
        Some((13, 22)),
        "announcement.patience.scale",
        Some("0"),
        "a positive factor",
    );
    let error = bad("patience = { multiply = 2 }\n");
    check(
        &error,
        Some((13, 14)),
        "announcement.patience.multiply",
        None,
        "one of `scale` or `commit`",
    );
}

/// A virtual-hold offer with every key written; line 13 is `kind`.
const VIRTUAL_HOLD: &str = r#"[callback]
kind = "virtual_hold"
offer_when_wait_over = "2m"
accept = [{ wait = "2m", probability = 0.4 }, { wait = "10m", probability = 0.7 }]
service = "when_idle"
dial_time = { distribution = "uniform", min = "10s", max = "40s" }
answer_probability = "90%"
retry_after = "10m"
max_attempts = 4
promise = "30m"
classes = ["calls"]
"#;

#[test]
fn callback_with_virtual_hold() {
    let s = minimal_and(VIRTUAL_HOLD);
    let callback = Callback {
        kind: CallbackKind::VirtualHold,
        offer_when_wait_over: 120.0,
        accept: curve(&[(120.0, 0.4), (600.0, 0.7)]),
        service: CallbackService::WhenIdle,
        dial_time: Distribution::uniform(10.0, 40.0).unwrap(),
        answer_probability: 0.9,
        retry_after: fixed(600.0),
        max_attempts: 4,
        promise: Some(1800.0),
        classes: vec![0],
    };
    assert_eq!(s.contact.callback, Some(callback));

    // The defaults: keep the place, dial for 30 s, always answered, retry after 5 minutes, three
    // dials, nothing promised, every class.
    let s =
        minimal_and("[callback]\nkind = \"virtual_hold\"\noffer_when_wait_over = 0\naccept = 1\n");
    let callback = Callback {
        kind: CallbackKind::VirtualHold,
        offer_when_wait_over: 0.0,
        accept: Curve::constant(1.0),
        service: CallbackService::KeepPlace,
        dial_time: fixed(30.0),
        answer_probability: 1.0,
        retry_after: fixed(300.0),
        max_attempts: 3,
        promise: None,
        classes: Vec::new(),
    };
    assert_eq!(s.contact.callback, Some(callback));
}

#[test]
fn callback_with_slots() {
    let s = minimal_and(
        "[callback]\nkind = \"slot\"\noffer_when_wait_over = \"90s\"\naccept = 0.5\n\
         slot_length = \"30m\"\nslot_capacity = 4\n",
    );
    let callback = s.contact.callback.unwrap();
    let slots = CallbackKind::Slot {
        length: 1800.0,
        capacity: 4,
    };
    assert_eq!(callback.kind, slots);
    assert_eq!(callback.service, CallbackService::Head);
    assert_eq!(callback.promise, None);
}

#[test]
fn callback_kind_decides_which_keys_belong() {
    let hold = format!("{MINIMAL}{VIRTUAL_HOLD}");
    let error = load_error(&hold.replace("\"virtual_hold\"", "\"virtual hold\""));
    check(
        &error,
        Some((13, 8)),
        "callback.kind",
        Some("\"virtual hold\""),
        "one of \"virtual_hold\" or \"slot\"",
    );
    assert!(
        error
            .to_string()
            .contains("(did you mean \"virtual_hold\"?)"),
        "{error}"
    );
    let error = load_error(&hold.replace("kind = \"virtual_hold\"\n", ""));
    check(
        &error,
        Some((12, 2)),
        "callback.kind",
        None,
        "\"virtual_hold\" (the caller hangs up and is called back",
    );

    let error = load_error(&format!("{hold}slot_length = \"30m\"\n"));
    check(
        &error,
        Some((23, 1)),
        "callback.slot_length",
        None,
        "`slot_length` and `slot_capacity` only with kind = \"slot\"",
    );
    assert!(
        error
            .to_string()
            .contains("given together with `callback.kind`"),
        "{error}"
    );

    let slots = hold.replace("\"virtual_hold\"", "\"slot\"");
    let error = load_error(&slots);
    check(
        &error,
        Some((12, 2)),
        "callback.slot_length",
        None,
        "a positive duration such as \"30m\", which kind = \"slot\" needs",
    );
    let slots = slots.replace(
        "classes =",
        "slot_length = \"30m\"\nslot_capacity = 4\nclasses =",
    );
    let error = load_error(&slots);
    check(
        &error,
        Some((21, 1)),
        "callback.promise",
        None,
        "`promise` only with kind = \"virtual_hold\": a slot's promise is the end of the slot",
    );
    let slots = slots.replace("promise = \"30m\"\n", "");
    let error = load_error(&slots.replace("\"when_idle\"", "\"keep_place\""));
    check(
        &error,
        Some((16, 11)),
        "callback.service",
        Some("\"keep_place\""),
        "\"head\" or \"when_idle\" with kind = \"slot\"",
    );
    let error = load_error(&slots.replace("slot_capacity = 4", "slot_capacity = 0"));
    check(
        &error,
        Some((22, 17)),
        "callback.slot_capacity",
        Some("0"),
        "a whole number of callbacks per slot, 1 or more",
    );
    let s = with_sets(&slots, &[]);
    let callback = s.contact.callback.unwrap();
    assert_eq!(
        callback.kind,
        CallbackKind::Slot {
            length: 1800.0,
            capacity: 4
        }
    );
    assert_eq!(callback.service, CallbackService::WhenIdle);
}

#[test]
fn callback_value_errors() {
    let hold = format!("{MINIMAL}{VIRTUAL_HOLD}");
    let bad = |from: &str, to: &str| {
        assert!(hold.contains(from), "{from}");
        load_error(&hold.replacen(from, to, 1))
    };
    let error = bad(
        "offer_when_wait_over = \"2m\"",
        "offer_when_wait_over = \"soon\"",
    );
    check(
        &error,
        Some((14, 24)),
        "callback.offer_when_wait_over",
        Some("\"soon\""),
        "a duration of zero or more",
    );
    let error = bad("offer_when_wait_over = \"2m\"\n", "");
    check(
        &error,
        Some((12, 2)),
        "callback.offer_when_wait_over",
        None,
        "callbacks are offered to callers whose estimated wait is longer",
    );
    let error = bad("accept = [", "acept = [");
    check(&error, Some((15, 1)), "callback.acept", None, "`accept`");
    assert!(
        error
            .to_string()
            .contains("(did you mean `callback.accept`?)"),
        "{error}"
    );
    let error = bad(
        "{ wait = \"10m\", probability = 0.7 }",
        "{ wait = \"2m\", probability = 0.7 }",
    );
    check(
        &error,
        Some((15, 56)),
        "callback.accept.1.wait",
        Some("\"2m\""),
        "a wait longer than the previous point's (\"2m\")",
    );
    let error = bad("dial_time = {", "dial_time = \"-5s\" # {");
    check(
        &error,
        Some((17, 13)),
        "callback.dial_time",
        Some("\"-5s\""),
        "a duration such as \"30s\" (always that long) or a distribution table",
    );
    let error = bad("min = \"10s\"", "min = \"50s\"");
    check(
        &error,
        Some((17, 60)),
        "callback.dial_time.max",
        Some("\"40s\""),
        "a duration longer than min (\"50s\")",
    );
    let error = bad("answer_probability = \"90%\"", "answer_probability = 2");
    check(
        &error,
        Some((18, 22)),
        "callback.answer_probability",
        Some("2"),
        "a probability from 0 to 1",
    );
    let error = bad("max_attempts = 4", "max_attempts = 0");
    check(
        &error,
        Some((20, 16)),
        "callback.max_attempts",
        Some("0"),
        "a whole number of attempts from 1 to 100",
    );
    let error = bad("promise = \"30m\"", "promise = \"0s\"");
    check(
        &error,
        Some((21, 11)),
        "callback.promise",
        Some("\"0s\""),
        "a positive duration",
    );
    let error = bad("classes = [\"calls\"]", "classes = [\"cals\"]");
    check(
        &error,
        Some((22, 12)),
        "callback.classes.0",
        Some("\"cals\""),
        "the name of a class, \"calls\"",
    );
    assert!(
        error.to_string().contains("(did you mean \"calls\"?)"),
        "{error}"
    );
    let error = bad("classes = [\"calls\"]", "classes = []");
    check(
        &error,
        Some((22, 11)),
        "callback.classes",
        Some("[]"),
        "a non-empty array of class names",
    );
    let error = bad("classes = [\"calls\"]", "classes = [\"calls\", \"calls\"]");
    check(
        &error,
        Some((22, 21)),
        "callback.classes.1",
        Some("\"calls\""),
        "a class not already listed in `classes`",
    );
}

#[test]
fn callback_classes_in_a_file_with_classes() {
    let text = format!(
        "{CLASSES}\n[callback]\nkind = \"virtual_hold\"\noffer_when_wait_over = \"1m\"\n\
         accept = 0.5\nclasses = [\"vip\"]\n"
    );
    let callback = with_sets(&text, &[]).contact.callback.unwrap();
    assert_eq!(callback.classes, vec![1]);
    assert!(callback.offered_to(1) && !callback.offered_to(0));
    let error = load_error(&text.replace("classes = [\"vip\"]", "classes = [\"VIP\"]"));
    check(
        &error,
        Some((34, 12)),
        "callback.classes.0",
        Some("\"VIP\""),
        "the name of a class, one of \"standard\" or \"vip\"",
    );
    assert!(
        error.to_string().contains("(did you mean \"vip\"?)"),
        "{error}"
    );
}

#[test]
fn redial_in_a_single_class_file() {
    let s = minimal_and(
        "[redial]\nabandoned = { probability = 0.5, delay = \"10m\" }\n\
         balked = { probability = \"30%\", delay = { distribution = \"exponential\", mean = \"15m\" } }\n",
    );
    let expected = redials(
        3,
        &[
            (RedialAfter::Abandoned, 0.5, fixed(600.0)),
            (
                RedialAfter::Balked,
                0.3,
                Distribution::exponential(900.0).unwrap(),
            ),
        ],
    );
    assert_eq!(s.classes[0].redial, expected);
    assert!(s.classes[0].redial.any());
    let s = minimal_and(
        "[redial]\nmax_attempts = 2\ncallback_failed = { probability = 1, delay = 1 }\n\
         blocked = { probability = 0.8, delay = \"1m\" }\ntimeout = { probability = 0.2, delay = \"5m\" }\n\
         dropped = { probability = 0.9, delay = \"30s\" }\n",
    );
    let expected = redials(
        2,
        &[
            (RedialAfter::Blocked, 0.8, fixed(60.0)),
            (RedialAfter::Timeout, 0.2, fixed(300.0)),
            (RedialAfter::Dropped, 0.9, fixed(30.0)),
            (RedialAfter::CallbackFailed, 1.0, fixed(1.0)),
        ],
    );
    assert_eq!(s.classes[0].redial, expected);
    assert_eq!(
        minimal_and("[redial]\n").classes[0].redial,
        Redials::default()
    );
}

#[test]
fn redial_errors() {
    let bad = |section: &str| load_error(&format!("{MINIMAL}[redial]\n{section}"));
    let error = bad("max_attempts = 4\n");
    check(
        &error,
        Some((13, 1)),
        "redial.max_attempts",
        None,
        "`max_attempts` with at least one rule",
    );
    assert!(error.to_string().contains("not used"), "{error}");
    let error = bad("abandoned = { probability = 0.5 }\n");
    check(
        &error,
        Some((13, 1)),
        "redial.abandoned.delay",
        None,
        "a duration such as \"15m\" (always that long) or a distribution table",
    );
    let error = bad("abandoned = { probability = 0.5, delay = \"10m\", after = \"1m\" }\n");
    check(
        &error,
        Some((13, 49)),
        "redial.abandoned.after",
        None,
        "one of `probability` or `delay`",
    );
    let error = bad("abandoned = 0.5\n");
    check(
        &error,
        Some((13, 13)),
        "redial.abandoned",
        Some("0.5"),
        "a table such as { probability = 0.3, delay = \"15m\" }",
    );
    let error =
        bad("abandoned = { probability = 0.5, delay = { distribution = \"exponential\" } }\n");
    check(
        &error,
        Some((13, 34)),
        "redial.abandoned.delay.mean",
        None,
        "a positive duration",
    );
    let error = bad("max_attempts = 0\nabandoned = { probability = 0.5, delay = \"10m\" }\n");
    check(
        &error,
        Some((13, 16)),
        "redial.max_attempts",
        Some("0"),
        "a whole number of attempts from 1 to 100",
    );
    let error = bad("max_attempts = 1000000\nabandoned = { probability = 0.5, delay = \"10m\" }\n");
    check(
        &error,
        Some((13, 16)),
        "redial.max_attempts",
        Some("1000000"),
        "from 1 to 100",
    );
    let error = bad("abandoned = { probability = 0.5, delay = \"0s\" }\n");
    check(
        &error,
        Some((13, 42)),
        "redial.abandoned.delay",
        Some("\"0s\""),
        "a delay of at least 1s on average before trying again",
    );
    let error = bad("abandon = { probability = 0.5, delay = \"10m\" }\n");
    check(&error, Some((13, 1)), "redial.abandon", None, "`abandoned`");
    assert!(
        error
            .to_string()
            .contains("(did you mean `redial.abandoned`?)"),
        "{error}"
    );
}

#[test]
fn classes_inherit_the_top_level_redial_unless_they_give_their_own() {
    let top = "\n[redial]\nabandoned = { probability = 0.4, delay = \"15m\" }\n";
    let s = with_sets(&format!("{CLASSES}{top}"), &[]);
    let inherited = redials(3, &[(RedialAfter::Abandoned, 0.4, fixed(900.0))]);
    assert_eq!(s.classes[0].redial, inherited);
    assert_eq!(s.classes[1].redial, inherited);

    let own = classes_with(
        "share = 0.25\n",
        "share = 0.25\nredial = { max_attempts = 5, timeout = { probability = 1, delay = \"1m\" } }\n",
    );
    let s = with_sets(&format!("{own}{top}"), &[]);
    assert_eq!(s.classes[0].redial, inherited);
    let replaced = redials(5, &[(RedialAfter::Timeout, 1.0, fixed(60.0))]);
    assert_eq!(s.classes[1].redial, replaced);

    let opted_out = classes_with(
        "share = 0.25\n",
        "share = 0.25\nredial = { enabled = false }\n",
    );
    let s = with_sets(&format!("{opted_out}{top}"), &[]);
    assert_eq!(s.classes[0].redial, inherited);
    assert_eq!(s.classes[1].redial, Redials::default());

    // A class's own redial without a top-level one.
    let s = with_sets(&own, &[]);
    assert_eq!(s.classes[0].redial, Redials::default());
    assert_eq!(s.classes[1].redial, replaced);

    // Switching the top level off leaves the classes that have their own.
    let s = with_sets(&format!("{own}{top}"), &["redial.enabled=false"]);
    assert_eq!(s.classes[0].redial, Redials::default());
    assert_eq!(s.classes[1].redial, replaced);

    let error = load_error(&classes_with(
        "share = 0.25\n",
        "share = 0.25\nredial = { abandoned = { probability = 2, delay = \"1m\" } }\n",
    ));
    check(
        &error,
        Some((19, 40)),
        "classes.1.redial.abandoned.probability",
        Some("2"),
        "a probability from 0 to 1",
    );
    let error = load_error(&classes_with(
        "priority = 2\n",
        "priority = 2\nmax_attempts = 3\n",
    ));
    check(
        &error,
        Some((15, 1)),
        "classes.0.max_attempts",
        None,
        "`redial`",
    );
    assert!(
        error
            .to_string()
            .contains("(did you mean `classes.0.redial.max_attempts`?)"),
        "{error}"
    );
}

#[test]
fn sections_switched_off_load_as_none_but_are_checked() {
    let sections = format!(
        "{VIRTUAL_HOLD}enabled = false\n[announcement]\nenabled = false\nevery = \"1m\"\n\
         [deflection]\nenabled = false\nshare = 0.1\n[self_service]\nenabled = false\nshare = 0.1\n\
         [redial]\nenabled = false\nabandoned = {{ probability = 0.5, delay = \"10m\" }}\n"
    );
    let s = minimal_and(&sections);
    assert_eq!(s.contact, Contact::default());
    assert_eq!(s.classes[0].redial, Redials::default());

    let text = format!("{MINIMAL}{sections}");
    let error = load_error(&text.replace("every = \"1m\"", "every = \"1 minute later\""));
    check(
        &error,
        Some((26, 9)),
        "announcement.every",
        Some("\"1 minute later\""),
        "a positive duration",
    );
    // Stage-two checks too: class names, and per-interval arrays against the hours.
    let error = load_error(&text.replace("[\"calls\"]", "[\"call\"]"));
    check(
        &error,
        Some((22, 12)),
        "callback.classes.0",
        Some("\"call\""),
        "the name of a class",
    );
    let error = load_error(&text.replace("share = 0.1\n[redial]", "share = [0.1]\n[redial]"));
    check(
        &error,
        Some((32, 9)),
        "self_service.share",
        Some("1 entry"),
        "4 entries",
    );
    let error = load_error(&text.replace("enabled = false\nevery", "enabled = \"no\"\nevery"));
    check(
        &error,
        Some((25, 11)),
        "announcement.enabled",
        Some("\"no\""),
        "true or false",
    );
}

#[test]
fn set_switches_sections_and_changes_their_values() {
    let text = format!("{MINIMAL}{VIRTUAL_HOLD}[announcement]\nevery = \"60s\"\n");
    let s = with_sets(&text, &["callback.enabled=false"]);
    assert_eq!(s.contact.callback, None);
    assert!(s.contact.announcement.is_some());
    let s = with_sets(
        &text,
        &[
            "callback.offer_when_wait_over=3m",
            "announcement.balk=0.1",
            "announcement.patience={ scale = 1.25 }",
            "callback.accept=0.8",
        ],
    );
    let callback = s.contact.callback.unwrap();
    assert_eq!(callback.offer_when_wait_over, 180.0);
    assert_eq!(callback.accept, Curve::constant(0.8));
    let announcement = s.contact.announcement.unwrap();
    assert_eq!(announcement.balk, Curve::constant(0.1));
    assert_eq!(announcement.patience, PatienceResponse::Scale(1.25));

    // A bad value from --set names the --set.
    let error = load_error_with(&text, &["callback.offer_when_wait_over=later"]);
    check(
        &error,
        None,
        "callback.offer_when_wait_over",
        Some("\"later\""),
        "a duration of zero or more",
    );
    assert!(
        error
            .to_string()
            .starts_with("t.toml: --set callback.offer_when_wait_over=later: "),
        "{error}"
    );
}

#[test]
fn set_on_a_section_the_file_does_not_have() {
    // Switching off what is not there changes nothing.
    let s = with_sets(
        MINIMAL,
        &[
            "callback.enabled=false",
            "announcement.enabled=false",
            "redial.enabled=false",
        ],
    );
    assert_eq!(s.contact, Contact::default());
    assert_eq!(s.classes[0].redial, Redials::default());
    // Switching on what is not there lacks the section's required keys.
    let error = load_error_with(MINIMAL, &["callback.enabled=true"]);
    check(&error, None, "callback.kind", None, "\"virtual_hold\"");
    assert_eq!(
        error.to_string().split(": `").next(),
        Some("t.toml: --set callback.enabled=true")
    );
    // A section with no required key can be created whole.
    let s = with_sets(MINIMAL, &["announcement.every=2m"]);
    assert_eq!(s.contact.announcement.unwrap().every, Some(120.0));
    let s = with_sets(
        MINIMAL,
        &["redial.abandoned={ probability = 0.5, delay = \"10m\" }"],
    );
    assert!(s.classes[0].redial.any());
    let s = with_sets(MINIMAL, &["self_service.share=0.1"]);
    assert_eq!(s.contact.self_service.unwrap().share, vec![0.1; 4]);
}

/// The `[[variants]]` of a shipped file as `--set` overrides, the way `ccsim compare` reads them:
/// a string value is taken as typed, any other value as its TOML text.
fn variants(text: &str) -> Vec<(String, Vec<Override>)> {
    let document: toml::Table = text.parse().unwrap();
    document["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|variant| {
            let name = variant["name"].as_str().unwrap().to_string();
            let overrides = variant["set"]
                .as_table()
                .unwrap()
                .iter()
                .map(|(key, value)| Override {
                    key: key.clone(),
                    value: match value {
                        toml::Value::String(text) => text.clone(),
                        other => other.to_string(),
                    },
                })
                .collect();
            (name, overrides)
        })
        .collect()
}

fn variant(text: &str, name: &str) -> Scenario {
    let (_, overrides) = variants(text)
        .into_iter()
        .find(|(variant, _)| variant == name)
        .unwrap_or_else(|| panic!("no variant {name:?}"));
    from_str_with_overrides(text, "t.toml", &overrides).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn callback_vs_none_and_its_variants() {
    let s = with_sets(CALLBACK_VS_NONE, &[]);
    assert_eq!(s.hours.interval_count(), 20);
    assert_eq!((s.seed, s.replications), (20_261_201, 30));
    assert_eq!(s.contact, Contact::default());
    let expected = redials(
        3,
        &[
            (RedialAfter::Abandoned, 0.3, fixed(900.0)),
            (RedialAfter::CallbackFailed, 0.5, fixed(1800.0)),
        ],
    );
    assert_eq!(s.classes[0].redial, expected);
    // Lunch breaks leave the peak with fewer agents than the offered load in erlangs at 11:30.
    let load = 300.0 * 270.0 / 3600.0;
    assert!(f64::from(s.pools[0].agents[7]) < load);

    let names: Vec<String> = variants(CALLBACK_VS_NONE)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "virtual hold, in turn",
            "virtual hold, when free",
            "call slots"
        ]
    );
    let hold = variant(CALLBACK_VS_NONE, "virtual hold, in turn")
        .contact
        .callback
        .unwrap();
    let expected = Callback {
        kind: CallbackKind::VirtualHold,
        offer_when_wait_over: 90.0,
        accept: Curve::constant(0.5),
        service: CallbackService::KeepPlace,
        dial_time: fixed(20.0),
        answer_probability: 0.85,
        retry_after: fixed(600.0),
        max_attempts: 3,
        promise: Some(3600.0),
        classes: Vec::new(),
    };
    assert_eq!(hold, expected);
    let when_free = variant(CALLBACK_VS_NONE, "virtual hold, when free")
        .contact
        .callback
        .unwrap();
    assert_eq!(
        when_free,
        Callback {
            service: CallbackService::WhenIdle,
            ..expected.clone()
        }
    );
    let slots = variant(CALLBACK_VS_NONE, "call slots")
        .contact
        .callback
        .unwrap();
    let expected = Callback {
        kind: CallbackKind::Slot {
            length: 1800.0,
            capacity: 8,
        },
        service: CallbackService::Head,
        promise: None,
        ..expected
    };
    assert_eq!(slots, expected);
}

#[test]
fn announcement_and_its_variants() {
    let s = with_sets(ANNOUNCEMENT, &[]);
    let announcement = Announcement {
        at_entry: true,
        every: Some(60.0),
        content: AnnouncedContent::ExpectedWait,
        balk: curve(&[(0.0, 0.0), (120.0, 0.05), (600.0, 0.4)]),
        patience: PatienceResponse::Commit(1.0),
    };
    assert_eq!(s.contact.announcement, Some(announcement.clone()));
    assert_eq!(s.contact.estimate, EstimateMethod::QueueLength);

    let names: Vec<String> = variants(ANNOUNCEMENT).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["no announcement", "position only"]);
    let none = variant(ANNOUNCEMENT, "no announcement");
    assert_eq!(none.contact, Contact::default());
    let position = variant(ANNOUNCEMENT, "position only");
    let expected = Announcement {
        content: AnnouncedContent::Position,
        balk: curve(&[(1.0, 0.0), (15.0, 0.3)]),
        patience: PatienceResponse::Keep,
        ..announcement
    };
    assert_eq!(position.contact.announcement, Some(expected));
}
