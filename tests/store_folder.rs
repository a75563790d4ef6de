//! One store folder holds everything: sled's files and the journal, so that a copy of the
//! folder is the whole record; a symbolic link and its target are one store with one
//! journal and one lock; a journal knows its store; a store from before, with its journal
//! beside the folder, is given it at its first opening, whatever point a move was stopped at.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::typing::{four_delegations, speech, write_statement, SID};
use common::{rapporteur_in, stderr, succeeds, WAIT};
use rapporteur::domain::*;
use rapporteur::store::{journal_path, legacy_journal_path, recover, Store, StoreError};

/// A store holding the four delegations and statement 1, flushed, then statement 2 typed
/// into the journal only, as a kill before the next flush leaves it. The store is still open
/// in this process: the caller copies its folder, which is what the kill leaves.
fn typing_store(path: &Path) -> Store {
    let store = Store::open(path).unwrap();
    store.save_record(&four_delegations()).unwrap();
    write_statement(&store, 1);
    store.flush_durable().unwrap();
    write_statement(&store, 2);
    store
}

fn notes_of(path: &Path) -> Vec<String> {
    let store = Store::open(path).unwrap();
    let record = store.load(SID).unwrap();
    record.interventions.into_iter().map(|iv| iv.note).collect()
}

#[test]
fn a_copy_of_the_store_folder_taken_after_a_kill_holds_every_saved_change() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("store");
    let store = typing_store(&live);
    let copy = dir.path().join("backup");
    common::copy_tree(&live, &copy);
    drop(store);
    assert_eq!(notes_of(&copy), [speech(1), speech(2)]);
    assert_eq!(journal_path(&live), live.join("journal"));
}

#[test]
fn a_link_and_its_target_are_one_store_with_one_journal_and_one_lock() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("store");
    std::fs::create_dir(&target).unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();

    let mut app = common::start_app(&link, 110, 32);
    common::give_floor_to(&mut app, "Austria");
    // A second rapporteur is refused by any path to the store.
    for other in [target.clone(), target.join("."), link.clone()] {
        let out = rapporteur_in(dir.path(), &other, &["sessions"]);
        assert!(!out.status.success(), "{}", other.display());
        assert!(stderr(&out).contains("is in use"), "{}", stderr(&out));
    }
    let text = "Austria aligned itself with the statement";
    app.type_slowly(text, Duration::from_millis(15));
    // Saved: the keystrokes reached the journal (the store's flush may not have come yet).
    std::thread::sleep(Duration::from_millis(300));
    app.kill();
    drop(app);

    // The target, opened by its own name, holds what was typed through the link.
    let store = Store::open(&target).unwrap();
    let id = store.most_recent_session().unwrap().unwrap();
    let record = store.load(id).unwrap();
    assert_eq!(
        record.interventions.len(),
        1,
        "the floor given through the link"
    );
    assert_eq!(record.interventions[0].note, text);
    assert_eq!(store.path(), std::fs::canonicalize(&target).unwrap());
    drop(store);

    // Typed into by the target's name and quit, then opened through the link: each note is
    // its own speaker's, none written over.
    let mut app = common::start_app(&target, 110, 32);
    app.wait_for("Note · Austria", WAIT).unwrap();
    common::give_floor_to(&mut app, "Brazil");
    app.type_slowly("Brazil", Duration::from_millis(15));
    app.wait_for(" ✔ saved", WAIT).unwrap();
    let status = app
        .quit_leaving_the_clock_running(WAIT)
        .expect("the app quits");
    assert!(status.success(), "{status:?}");
    let store = Store::open(&link).unwrap();
    let record = store.load(id).unwrap();
    let notes: Vec<(&str, &str)> = record
        .interventions
        .iter()
        .map(|iv| (record.speaker_name(iv.speaker), iv.note.as_str()))
        .collect();
    assert_eq!(notes, [("Austria", text), ("Brazil", "Brazil")]);
    drop(store);
    assert!(!legacy_journal_path(&link).exists());
    assert!(!legacy_journal_path(&target).exists());
}

/// The first record of a journal (the one naming its store) left out, as a journal written
/// before journals named their stores was.
fn without_first_record(journal: &[u8]) -> Vec<u8> {
    let len = u32::from_le_bytes(journal[..4].try_into().unwrap()) as usize;
    assert!(journal[8..8 + len].starts_with(b"{\"journal_of\""));
    journal[8 + len..].to_vec()
}

/// Turns the store at `path` (not open) into one as a rapporteur from before the store
/// folder held its journal left it: the journal beside the folder, naming no store, and no
/// id in the store.
fn make_it_from_before(path: &Path) {
    let journal = std::fs::read(journal_path(path)).unwrap();
    std::fs::write(legacy_journal_path(path), without_first_record(&journal)).unwrap();
    std::fs::remove_file(journal_path(path)).unwrap();
    // sled lets go of its lock a moment after the store is dropped.
    let db = (0..40)
        .find_map(|_| {
            sled::open(path).ok().or_else(|| {
                std::thread::sleep(Duration::from_millis(50));
                None
            })
        })
        .expect("sled opens the store");
    db.open_tree("meta").unwrap().remove("store_id").unwrap();
    db.flush().unwrap();
}

/// A store from before, killed while statement 2 was typed: the folder holds statement 1,
/// the journal beside it statement 2 as well.
fn killed_store_from_before(dir: &Path, name: &str) -> PathBuf {
    let live = dir.join(format!("{name}-live"));
    let store = typing_store(&live);
    let killed = dir.join(name);
    common::copy_tree(&live, &killed);
    drop(store);
    make_it_from_before(&killed);
    killed
}

#[test]
fn a_journal_beside_a_store_from_before_is_moved_in_whatever_point_a_move_was_stopped_at() {
    let dir = tempfile::tempdir().unwrap();
    let whole = [speech(1), speech(2)];

    // Not moved yet.
    let path = killed_store_from_before(dir.path(), "before");
    let beside = legacy_journal_path(&path);
    let store = Store::open(&path).unwrap();
    let told = store.notices().join("\n");
    assert!(told.contains("moved into its folder"), "{told}");
    drop(store);
    assert!(!beside.exists());
    assert_eq!(notes_of(&path), whole);
    // Once: the next opening has nothing to say of it.
    assert!(Store::open(&path).unwrap().notices().is_empty());

    // Stopped while copying in across file systems: a part copy under a temporary name.
    let path = killed_store_from_before(dir.path(), "copying");
    let journal = std::fs::read(legacy_journal_path(&path)).unwrap();
    std::fs::write(path.join("journal.moving"), &journal[..journal.len() / 2]).unwrap();
    assert_eq!(notes_of(&path), whole);
    assert!(!path.join("journal.moving").exists());
    assert!(!legacy_journal_path(&path).exists());

    // Stopped after the copy was renamed in, before the journal beside was removed.
    let path = killed_store_from_before(dir.path(), "copied");
    std::fs::copy(legacy_journal_path(&path), journal_path(&path)).unwrap();
    assert_eq!(notes_of(&path), whole);
    assert!(!legacy_journal_path(&path).exists());

    // Moved, and the store then opened and given an id: stopped anywhere after, it opens.
    let path = killed_store_from_before(dir.path(), "moved");
    std::fs::rename(legacy_journal_path(&path), journal_path(&path)).unwrap();
    assert_eq!(notes_of(&path), whole);
    assert_eq!(notes_of(&path), whole);
}

#[test]
fn a_store_deleted_by_hand_and_made_again_at_the_same_path_opens_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    drop(typing_store(&path));
    std::fs::remove_dir_all(&path).unwrap();
    let store = Store::open(&path).expect("a new store where one was deleted");
    assert!(store.sessions().unwrap().is_empty());
    drop(store);

    // One from before, whose journal stayed beside the folder deleted by hand.
    let path = killed_store_from_before(dir.path(), "old");
    std::fs::remove_dir_all(&path).unwrap();
    let store = Store::open(&path).expect("the old journal is not taken for the new store's");
    assert!(store.sessions().unwrap().is_empty());
    let told = store.notices().join("\n");
    assert!(told.contains("not used"), "{told}");
    store
        .save_record(&SessionRecord::starter(
            SessionId(1),
            chrono::Utc::now(),
            "UTC",
        ))
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.sessions().unwrap().len(), 1);
    assert!(legacy_journal_path(&path).exists(), "left as it was found");
}

#[test]
fn another_stores_journal_is_never_applied_and_recover_keeps_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours");
    let theirs = dir.path().join("theirs");
    drop(typing_store(&ours));
    {
        let store = Store::open(&theirs).unwrap();
        let mut record = four_delegations();
        record.session.body = "Another body altogether".into();
        store.save_record(&record).unwrap();
    }
    let our_notes = notes_of(&ours);
    std::fs::copy(journal_path(&theirs), journal_path(&ours)).unwrap();

    let err = Store::open(&ours).err().expect("another store's journal");
    assert!(matches!(err, StoreError::ForeignJournal { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("belongs to another store"), "{message}");
    assert!(message.contains("rapporteur recover"), "{message}");

    let report = recover(&ours).unwrap();
    assert!(
        report.to_string().contains("belongs to another store"),
        "{report}"
    );
    assert_eq!(notes_of(&ours), our_notes);
    let store = Store::open(&ours).unwrap();
    assert_ne!(
        store.load(SID).unwrap().session.body,
        "Another body altogether"
    );
}

#[test]
fn a_store_folder_made_beforehand_is_made_private_and_the_user_told_once() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    std::fs::create_dir(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;

    let first = rapporteur_in(dir.path(), &path, &["sessions"]);
    let told = stderr(&first);
    succeeds(first);
    assert!(told.contains("readable by its owner only"), "{told}");
    assert!(told.contains(&path.display().to_string()), "{told}");
    assert_eq!(mode(&path), 0o700);

    let again = rapporteur_in(dir.path(), &path, &["sessions"]);
    assert_eq!(stderr(&again), "");
    succeeds(again);
}
