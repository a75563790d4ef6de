//! `rapporteur follow`: the room's screen follows the app's store from its journal, read-only,
//! through the app quitting and coming back and through the journal being rewritten in short.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::PtyApp;
use common::WAIT;
use rapporteur::domain::SessionId;
use rapporteur::live::replica::Replica;
use rapporteur::live::tail::{JournalTail, Polled};
use rapporteur::store::{Change, Store};

fn start_follower(store: &Path, view: &str) -> PtyApp {
    let follower = PtyApp::spawn(
        common::bin_path(),
        &[
            "follow",
            "--db",
            store.to_str().expect("a UTF-8 temporary path"),
            "--view",
            view,
        ],
        &[("XDG_CONFIG_HOME", "/nonexistent")],
        100,
        30,
    )
    .expect("the follower starts in a pty");
    follower.wait_for("Following", WAIT).unwrap();
    follower
}

/// Whether the chair's view on `screen` shows `name` with the floor, not only as next to speak
/// ("1. Austria").
fn has_the_floor(screen: &str, name: &str) -> bool {
    screen.contains("elapsed")
        && screen
            .lines()
            .any(|line| line.contains(name) && !line.contains(&format!(". {name}")))
}

fn wait_for_floor(follower: &PtyApp, name: &str) {
    follower
        .wait_until(|screen| has_the_floor(screen, name), WAIT)
        .unwrap_or_else(|e| panic!("{e}\n{}", follower.screen()));
}

fn quit_app(app: &mut PtyApp) {
    let status = app
        .quit_leaving_the_clock_running(WAIT)
        .unwrap_or_else(|| panic!("the app quits\n{}", app.screen()));
    assert!(status.success(), "{}", app.screen());
}

#[test]
fn the_room_sees_the_speaker_the_app_gives_the_floor_to_across_a_restart_of_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = common::start_app(&store, 110, 32);
    let mut follower = start_follower(&store, "chair");
    follower
        .wait_for("No one has the floor", WAIT)
        .unwrap_or_else(|e| panic!("{e}\n{}", follower.screen()));

    common::give_floor_to(&mut app, "Austria");
    wait_for_floor(&follower, "Austria");

    // The app quits, leaving the clock running, and comes back: the follower goes on.
    quit_app(&mut app);
    let mut app = common::start_app(&store, 110, 32);
    common::give_floor_to(&mut app, "Brazil");
    wait_for_floor(&follower, "Brazil");
    assert!(!has_the_floor(&follower.screen(), "Austria"));

    // Keys change views only; q quits.
    follower.send("l");
    follower.wait_for("Log", WAIT).unwrap();
    follower.send("s");
    follower.wait_for("List of speakers", WAIT).unwrap();
    follower.send("q");
    assert!(follower.wait_exit(WAIT).is_some_and(|s| s.success()));
    quit_app(&mut app);
}

#[test]
fn a_follower_of_a_folder_that_is_no_store_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::rapporteur_in(dir.path(), &dir.path().join("nowhere"), &["follow"]);
    assert!(!out.status.success());
    assert!(
        common::stderr(&out).contains("there is no store at"),
        "{}",
        common::stderr(&out)
    );
}

/// Reads what the journal gained into `replica`, as the follower does.
fn follow(tail: &mut JournalTail, replica: &mut Replica) -> &'static str {
    match tail.poll().unwrap() {
        Polled::Nothing => "nothing",
        Polled::Missing => "missing",
        Polled::Grown(batches) => {
            for entry in batches.iter().flat_map(|b| &b.changes) {
                replica.apply(&entry.change).unwrap();
            }
            "grown"
        }
        Polled::Restarted(batches) => {
            *replica = Replica::default();
            for entry in batches.iter().flat_map(|b| &b.changes) {
                replica.apply(&entry.change).unwrap();
            }
            "restarted"
        }
    }
}

/// A store at `path` holding four delegations and `n` statements, each with its speech.
fn store_with_statements(path: &Path, n: usize) -> (Store, SessionId) {
    let store = Store::open(path).unwrap();
    let mut record = common::typing::four_delegations();
    for id in 1..=n as u64 {
        let mut iv = common::typing::statement(id);
        iv.set_note(common::typing::speech(id));
        record.interventions.push(iv);
    }
    store.save_record(&record).unwrap();
    (store, record.session.id)
}

/// Types `words` at the end of the note of statement 2, each journaled as the app does.
fn type_into_note(
    store: &Store,
    sid: SessionId,
    note: &mut String,
    words: impl IntoIterator<Item = impl AsRef<str>>,
) {
    for word in words {
        note.push_str(word.as_ref());
        store
            .write_batch(&[Change::Note(
                sid,
                rapporteur::domain::InterventionId(2),
                note.clone(),
            )])
            .unwrap();
    }
}

/// Where a journal's records end, before the zeros written ahead of them.
fn records_end(bytes: &[u8]) -> usize {
    bytes.len() - bytes.iter().rev().take_while(|&&b| b == 0).count()
}

#[test]
fn the_followed_record_is_the_stores_through_edits_and_a_rewrite_in_short() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let (store, sid) = store_with_statements(&path, 2);
    let mut tail = JournalTail::of_store(&path);
    let mut replica = Replica::default();
    assert_eq!(follow(&mut tail, &mut replica), "restarted");
    assert_eq!(replica.session(sid), Some(store.load(sid).unwrap()));

    // Typing: each keystroke journals an edit of the note.
    let mut note = common::typing::speech(2);
    type_into_note(
        &store,
        sid,
        &mut note,
        ["Chile", " supported", " the", " draft."],
    );
    assert_eq!(follow(&mut tail, &mut replica), "grown");
    assert_eq!(follow(&mut tail, &mut replica), "nothing");
    assert_eq!(replica.session(sid), Some(store.load(sid).unwrap()));

    // Rewritten in short while followed: read again from its start, the same record.
    store.compact_journal().unwrap();
    assert_eq!(follow(&mut tail, &mut replica), "restarted");
    assert_eq!(replica.session(sid), Some(store.load(sid).unwrap()));
    note.push_str(" Fiji agreed.");
    store
        .write_batch(&[Change::Note(
            sid,
            rapporteur::domain::InterventionId(2),
            note,
        )])
        .unwrap();
    store
        .write_batch(&[Change::RemoveIntervention(
            sid,
            rapporteur::domain::InterventionId(1),
        )])
        .unwrap();
    assert_eq!(follow(&mut tail, &mut replica), "grown");
    assert_eq!(replica.session(sid), Some(store.load(sid).unwrap()));
    assert_eq!(
        replica.most_recent_session(),
        store.most_recent_session().unwrap()
    );
    assert_eq!(replica.session(SessionId(99)), None);
}

/// A journal rewritten in short is a new file, but the system can give a new file the number
/// of one it freed: rewritten twice between two looks, the journal can come back under the
/// number the follower read, and longer than what it read. It is still read from its start.
#[test]
fn a_journal_rewritten_under_the_number_of_the_file_read_is_read_from_its_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let (store, sid) = store_with_statements(&path, 2);
    let mut note = common::typing::speech(2);
    let mut type_words = |store: &Store, words: usize| {
        let speech = common::typing::speech(3);
        let typed = speech
            .split(' ')
            .cycle()
            .take(words)
            .map(|w| format!(" {w}"));
        type_into_note(store, sid, &mut note, typed);
    };
    type_words(&store, 5);
    // The follower reads a file that is then written over in place: the same file number.
    let followed = dir.path().join("followed");
    let journal_now = |store: &Store| std::fs::read(store.journal_path()).unwrap();
    std::fs::write(&followed, journal_now(&store)).unwrap();
    let mut tail = JournalTail::at(followed.clone());
    let mut replica = Replica::default();
    assert_eq!(follow(&mut tail, &mut replica), "restarted");
    assert_eq!(replica.session(sid), Some(store.load(sid).unwrap()));

    store.compact_journal().unwrap();
    store.compact_journal().unwrap();
    type_words(&store, 200);
    let rewritten = journal_now(&store);
    let read = records_end(&std::fs::read(&followed).unwrap());
    assert!(records_end(&rewritten) > read, "longer than what was read");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&followed)
        .unwrap();
    std::os::unix::fs::FileExt::write_all_at(&file, &rewritten, 0).unwrap();
    drop(file);
    assert_eq!(follow(&mut tail, &mut replica), "restarted");
    assert_eq!(replica.session(sid), Some(store.load(sid).unwrap()));
}

#[test]
fn a_batch_still_being_written_is_waited_for_and_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let (store, sid) = store_with_statements(&path, 3);
    let before = std::fs::read(store.journal_path()).unwrap();
    let start = records_end(&before);
    // One batch of three changes, as giving the floor writes it.
    store
        .write_batch(&[
            Change::RemoveIntervention(sid, rapporteur::domain::InterventionId(1)),
            Change::RemoveIntervention(sid, rapporteur::domain::InterventionId(2)),
            Change::LastSession(sid),
        ])
        .unwrap();
    let after = std::fs::read(store.journal_path()).unwrap();
    let end = records_end(&after);
    drop(store);

    // A journal that holds the batch cut at every tenth byte, then whole.
    let copy = dir.path().join("copy");
    std::fs::write(&copy, &after[..start]).unwrap();
    let mut tail = JournalTail::at(copy.clone());
    let mut replica = Replica::default();
    assert_eq!(follow(&mut tail, &mut replica), "restarted");
    let interventions = |r: &Replica| r.session(sid).unwrap().interventions.len();
    assert_eq!(interventions(&replica), 3);
    for cut in (start..end).step_by(10) {
        let mut bytes = after[..cut].to_vec();
        bytes.resize(end + 4096, 0);
        // Written in place, as the journal overwrites the zeros it wrote ahead.
        let file = std::fs::OpenOptions::new().write(true).open(&copy).unwrap();
        std::os::unix::fs::FileExt::write_all_at(&file, &bytes, 0).unwrap();
        follow(&mut tail, &mut replica);
        assert_eq!(interventions(&replica), 3, "cut at {cut}");
    }
    let file = std::fs::OpenOptions::new().write(true).open(&copy).unwrap();
    std::os::unix::fs::FileExt::write_all_at(&file, &after[..end], 0).unwrap();
    assert_eq!(follow(&mut tail, &mut replica), "grown");
    assert_eq!(interventions(&replica), 1);
}

/// How long after the app shows a new speaker the follower shows them, on this machine, and
/// how long after the app's journal holds the change: printed for BENCHMARKS.md, not
/// asserted (machines are noisy). The app shows a change before it is saved; the follower can
/// only show what is saved, so the first figure holds the app's own save on a busy disk.
#[test]
fn measure_how_far_the_follower_is_behind_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = common::start_app(&store, 110, 32);
    let follower = start_follower(&store, "chair");
    follower.wait_for("No one has the floor", WAIT).unwrap();
    let mut tail = JournalTail::of_store(&store);
    let mut replica = Replica::default();
    let mut behind_app = Vec::new();
    let mut behind_journal = Vec::new();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    for name in [
        "Austria", "Brazil", "Chile", "Denmark", "Egypt", "France", "Ghana", "Hungary",
    ] {
        common::inscribe(&mut app, name);
        app.send(common::pty::keys::CTRL_N);
        let sent = Instant::now();
        let (mut in_app, mut in_journal, mut in_room) = (None, None, None);
        while in_app.is_none() || in_journal.is_none() || in_room.is_none() {
            assert!(sent.elapsed() < WAIT, "{}", follower.screen());
            if in_app.is_none() && app.screen().contains(&format!("Note · {name}")) {
                in_app = Some(sent.elapsed());
            }
            if in_journal.is_none() {
                follow(&mut tail, &mut replica);
                let floor = replica.most_recent_session().and_then(|s| {
                    let record = replica.session(s)?;
                    let floor = record.floor()?;
                    Some(record.speaker_name(floor.speaker).to_string())
                });
                if floor.as_deref() == Some(name) {
                    in_journal = Some(sent.elapsed());
                }
            }
            if in_room.is_none() && has_the_floor(&follower.screen(), name) {
                in_room = Some(sent.elapsed());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let (in_app, in_journal, in_room) =
            (in_app.unwrap(), in_journal.unwrap(), in_room.unwrap());
        behind_app.push(in_room.saturating_sub(in_app));
        behind_journal.push(in_room.saturating_sub(in_journal));
        eprintln!(
            "follow lag: {name}: on the app's screen after {:.1} ms, in its journal after {:.1} ms, on the follower's screen after {:.1} ms",
            ms(in_app),
            ms(in_journal),
            ms(in_room)
        );
    }
    for (what, mut behind) in [
        ("the app's screen", behind_app),
        ("the journal", behind_journal),
    ] {
        behind.sort();
        eprintln!(
            "follow lag: the follower behind {what} by a median of {:.1} ms, at most {:.1} ms ({} floors given)",
            ms(behind[behind.len() / 2]),
            ms(*behind.last().unwrap()),
            behind.len()
        );
    }
    quit_app(&mut app);
}
