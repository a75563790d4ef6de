//! Fuzzing the app with random sequences of steps: every action a keymap can name but `quit`,
//! characters typed, pastes with `\r\n`, backspace, enter, the finder (open, type a few
//! letters, confirm), the fake clock moved on by random steps, and frames drawn on terminals
//! from 1×1 to 200×60. It never panics, and after every step:
//! - no intervention is lost: each id seen before is still there, except the one `undo_floor`
//!   takes back when its note was empty (and only then, and only that one);
//! - at most one intervention is open, unless a point of order is open on top of the one it
//!   interrupts;
//! - ids are unique and increase in the order of the record;
//! - each speaking time is between zero and the time since the intervention started, and its
//!   pauses lie within it;
//! - the speaking times add up: the statistics' total is the sum over those that count.
//!
//! The number of cases is `PROPTEST_CASES` when set, else a modest default.

mod common;

use common::steps::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use rapporteur::action::Action;
use rapporteur::app::App;
use rapporteur::domain::{
    AgendaItem, AgendaItemId, Attendance, Category, InterventionId, InterventionKind, Participant,
    ParticipantId, SessionId, SessionRecord,
};
use rapporteur::keymap::Keymap;
use rapporteur::stats::{Statistics, StatsFilter};

fn demo() -> SessionRecord {
    static DEMO: OnceLock<SessionRecord> = OnceLock::new();
    DEMO.get_or_init(|| rapporteur::demo::demo_record(SessionId(1), t0()))
        .clone()
}

/// A session of one meeting, two agenda items and five delegations, nothing said yet.
fn small_roster() -> SessionRecord {
    let mut record = SessionRecord::starter(SessionId(7), t0(), "Europe/Vienna");
    record.agenda.push(AgendaItem {
        id: AgendaItemId(2),
        number: "2".into(),
        title: "Other matters".into(),
    });
    for (i, name) in ["France", "Ghana", "Brazil", "Japan", "Fiji"]
        .iter()
        .enumerate()
    {
        record.participants.push(Participant {
            id: ParticipantId((i + 1) as _),
            name: name.to_string(),
            category: Category::MemberState,
            attendance: Attendance::default(),
            organisation: None,
        });
    }
    record
}

fn step() -> impl Strategy<Value = Step> {
    let letters = prop_oneof![
        prop::sample::select(vec![
            "fr", "gh", "bra", "ja", "f", "ge", "ita", "ind", "eu", "me", "un", "zz", ""
        ])
        .prop_map(String::from),
        "[a-zA-Z ]{0,4}",
    ];
    prop_oneof![
        12 => prop::sample::select(actions()).prop_map(Step::Act),
        3 => "[a-z #.é]{1,6}".prop_map(Step::Type),
        1 => "[a-z\r\n日]{0,12}".prop_map(Step::Paste),
        1 => Just(Step::Paste("line one\r\nline two\r\n".into())),
        1 => Just(Step::Backspace),
        1 => Just(Step::Enter),
        4 => (
            prop::sample::select(vec![Action::Inscribe, Action::RightOfReply, Action::PointOfOrder]),
            letters,
        )
            .prop_map(|(a, l)| Step::Find(a, l)),
        3 => prop_oneof![0..5i64, 0..600i64, Just(3_600i64)].prop_map(Step::Advance),
        1 => (1..=200u16, 1..=60u16).prop_map(|(w, h)| Step::Draw(w, h)),
    ]
}

/// The notes of the interventions, by id, to tell what a step removed.
fn notes(record: &SessionRecord) -> BTreeMap<InterventionId, String> {
    record
        .interventions
        .iter()
        .map(|iv| (iv.id, iv.note.clone()))
        .collect()
}

/// `undo_keys`: the keys that gave `undo_floor` where the step began (typed outside the note,
/// a letter is a key like any other); `undo_held`: a letter typed in the list of speakers for
/// `undo_floor` was waiting to see whether a word followed, and any later step may run it.
fn check(
    before: &BTreeMap<InterventionId, String>,
    step: &Step,
    undo_keys: &[String],
    undo_held: bool,
    app: &App,
    now: DateTime<Utc>,
) -> Result<(), TestCaseError> {
    let record = &app.record;
    let after = notes(record);
    let removed: Vec<(&InterventionId, &String)> = before
        .iter()
        .filter(|(id, _)| !after.contains_key(id))
        .collect();
    if !removed.is_empty() {
        let undone = undo_held
            || match step {
                Step::Act(Action::UndoFloor) => true,
                Step::Type(text) | Step::Find(_, text) => text
                    .chars()
                    .any(|c| undo_keys.iter().any(|k| *k == c.to_string())),
                _ => false,
            };
        prop_assert!(undone, "{removed:?} removed by {step:?}");
        prop_assert_eq!(removed.len(), 1, "undo_floor removed {:?}", removed);
        prop_assert!(
            removed[0].1.trim().is_empty(),
            "undo_floor removed intervention {} with a note: {:?}",
            removed[0].0 .0,
            removed[0].1
        );
    }

    let ids: Vec<u64> = record.interventions.iter().map(|iv| iv.id.0).collect();
    prop_assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "ids not increasing: {ids:?}"
    );

    let open: Vec<_> = record
        .interventions
        .iter()
        .filter(|iv| iv.has_floor())
        .collect();
    // One speaker at a time; a point of order sits on top of the one it interrupts (and may
    // itself be interrupted by another: the open ones form one chain), whose clock stands.
    for pair in open.windows(2) {
        let (under, point) = (pair[0], pair[1]);
        prop_assert!(
            point.kind == InterventionKind::PointOfOrder && point.interrupts == Some(under.id),
            "two open: {} ({:?}, interrupts {:?}) over {}",
            point.id.0,
            point.kind,
            point.interrupts,
            under.id.0
        );
        prop_assert!(
            under.is_paused(),
            "{} is interrupted but its clock runs",
            under.id.0
        );
    }

    let mut sum = 0;
    for iv in &record.interventions {
        let spoken = iv.speaking_time(now);
        prop_assert!(spoken >= TimeDelta::zero(), "{}: {spoken}", iv.id.0);
        prop_assert!(
            spoken <= now - iv.started_at,
            "{}: spoke {spoken} in {}",
            iv.id.0,
            now - iv.started_at
        );
        if let Some(end) = iv.ended_at {
            prop_assert!(end >= iv.started_at, "{} ends before it starts", iv.id.0);
            prop_assert!(end <= now, "{} ends after now", iv.id.0);
        }
        for (i, p) in iv.pauses.iter().enumerate() {
            prop_assert!(
                p.from >= iv.started_at,
                "{}: pause before the start",
                iv.id.0
            );
            match p.until {
                Some(until) => {
                    prop_assert!(until >= p.from, "{}: pause ends before it starts", iv.id.0);
                    if let Some(end) = iv.ended_at {
                        prop_assert!(until <= end, "{}: pause past the end", iv.id.0);
                    }
                }
                None => prop_assert!(
                    iv.has_floor() && i + 1 == iv.pauses.len(),
                    "{}: a pause still running on an ended intervention or not the last",
                    iv.id.0
                ),
            }
            if let Some(end) = iv.ended_at {
                prop_assert!(p.from <= end, "{}: pause starts after the end", iv.id.0);
            }
        }
        if !iv.given_by_mistake {
            sum += spoken.num_seconds();
        }
    }
    let stats = Statistics::of(record, now, StatsFilter::default());
    prop_assert_eq!(
        stats.total.total_secs,
        sum,
        "the speaking times do not add up"
    );
    Ok(())
}

fn play(record: SessionRecord, steps: &[Step]) -> Result<(), TestCaseError> {
    in_scratch_directory();
    let mut now = t0();
    let mut app = App::new(record, Keymap::default_keymap());
    check(&BTreeMap::new(), &Step::Advance(0), &[], false, &app, now)?;
    for (i, step) in steps.iter().enumerate() {
        let before = notes(&app.record);
        let undo_keys = app.keymap.keys_for(app.context(), Action::UndoFloor);
        let undo_held = app
            .held_command()
            .is_some_and(|held| held.contains(&Action::UndoFloor));
        run(&mut app, step, &mut now);
        // The loop empties the outbox into the store; here nothing reads it.
        app.outbox.clear();
        check(&before, step, &undo_keys, undo_held, &app, now)
            .map_err(|e| TestCaseError::fail(format!("after step {i} ({step:?}): {e}")))?;
        if i % 8 == 7 {
            draw(&app, now, 120, 40);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn the_demo_session_survives_random_steps(steps in prop::collection::vec(step(), 1..80)) {
        play(demo(), &steps)?;
    }

    #[test]
    fn a_small_roster_survives_random_steps(steps in prop::collection::vec(step(), 1..80)) {
        play(small_roster(), &steps)?;
    }
}
