//! Every action reaches the disk: random sequences of every action the keymap names (inscribe,
//! give the floor, end, pause, points of order, limits, moves and removals on the list, closing
//! it, undo, re-inscription) and typing, through `App` and its saver into a real store; then
//! the app stops (its saver finished, the store dropped) or is killed (the store's files
//! copied as they are once the saver says everything is saved, the store never flushed) and
//! the store is opened again. The session it holds must be the one the app held.
//!
//! The number of cases is `PROPTEST_CASES` when set, else a modest default.

mod common;

use common::steps::*;
use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use rapporteur::action::Action;
use rapporteur::app::App;
use rapporteur::domain::{SessionId, SessionRecord};
use rapporteur::keymap::Keymap;
use rapporteur::store::{Saver, Store};

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        12 => prop::sample::select(actions()).prop_map(Step::Act),
        4 => "[a-z #.é日🙂]{1,8}".prop_map(Step::Type),
        1 => "[a-z\r\n日]{0,40}".prop_map(Step::Paste),
        1 => Just(Step::Backspace),
        1 => Just(Step::Enter),
        5 => (
            prop::sample::select(vec![Action::Inscribe, Action::RightOfReply, Action::PointOfOrder]),
            prop::sample::select(vec!["fr", "gh", "bra", "ja", "au", "ind", "eu", "un", "zz", ""]),
        )
            .prop_map(|(a, l)| Step::Find(a, l.to_string())),
        3 => prop_oneof![0..5i64, 0..600i64].prop_map(Step::Advance),
    ]
}

/// How the app stops at the end of the steps.
#[derive(Debug, Clone, Copy)]
enum Stop {
    /// Quits: the saver finishes, the store is closed.
    Quit,
    /// Is killed once the saver says every change is saved: the store's files as they are
    /// then, never flushed.
    Kill,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What is compared: the session as the store reads it back. A list of speakers nobody was
/// ever inscribed on, open, is no list at all (the app makes one in memory when a key looks
/// at it); the store reads lists in the order of their agenda items.
fn as_read_back(record: &SessionRecord) -> SessionRecord {
    let mut record = record.clone();
    for iv in &mut record.interventions {
        iv.settle_live_record();
    }
    record
        .lists
        .retain(|l| !(l.speakers.is_empty() && l.replies.is_empty() && !l.closed));
    record.lists.sort_by_key(|l| l.agenda_item);
    record
}

fn play(record: SessionRecord, steps: &[Step], stop: Stop) -> Result<(), TestCaseError> {
    in_scratch_directory();
    let dir = tempfile::tempdir().unwrap();
    // The store and whatever it keeps beside it, in a folder of their own.
    let running = dir.path().join("running");
    let path = running.join("store");
    let store = Arc::new(Store::open(&path).unwrap());
    store.save_record(&record).unwrap();
    let mut saver = Saver::start(store.clone(), |_| {});
    let mut now = t0();
    let mut app = App::new(record, Keymap::default_keymap());
    for step in steps {
        run(&mut app, step, &mut now);
        // Exports are not what is tested here.
        app.exports.clear();
        app.hand_outbox_to(&mut saver);
    }
    let sid = app.record.session.id;
    let reopened_at = match stop {
        Stop::Quit => {
            saver.finish().unwrap();
            drop(store);
            path.clone()
        }
        Stop::Kill => {
            saver.sync().unwrap();
            let killed = dir.path().join("killed");
            copy_dir(&running, &killed);
            let copy = killed.join("store");
            drop(saver);
            drop(store);
            copy
        }
    };
    let reopened = Store::open(&reopened_at)
        .map_err(|e| TestCaseError::fail(format!("the store does not open: {e}")))?;
    let held = reopened.load(sid).unwrap();
    prop_assert_eq!(as_read_back(&held), as_read_back(&app.record));
    Ok(())
}

fn five_delegations() -> SessionRecord {
    use rapporteur::domain::{Attendance, Category, Participant, ParticipantId};
    let mut record = SessionRecord::starter(SessionId(3), t0(), "Europe/Vienna");
    for (i, name) in ["France", "Ghana", "Brazil", "Japan", "Australia"]
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

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn every_action_is_in_the_store_after_quitting(steps in prop::collection::vec(step(), 1..60)) {
        play(five_delegations(), &steps, Stop::Quit)?;
    }

    #[test]
    fn every_action_is_in_the_store_after_a_kill(steps in prop::collection::vec(step(), 1..60)) {
        play(five_delegations(), &steps, Stop::Kill)?;
    }

    #[test]
    fn every_action_on_the_demonstration_is_in_the_store_after_a_kill(
        steps in prop::collection::vec(step(), 1..40)
    ) {
        play(rapporteur::demo::demo_record(SessionId(1), t0()), &steps, Stop::Kill)?;
    }
}
