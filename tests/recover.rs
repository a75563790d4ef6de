//! `rapporteur recover` leaves no less than it found and nothing behind: a recover stopped
//! half-way is finished or cleared up at the next run, and the store keeps its owner and its
//! permissions whoever runs it.

mod common;

use std::path::{Path, PathBuf};

use common::power_cut;
use common::typing::{four_delegations, write_statement, SID};
use common::{rapporteur_in, stdout, succeeds};
use rapporteur::domain::*;
use rapporteur::store::{recover, Store};

/// A store of four delegations and three statements, closed in order.
fn three_statements(path: &Path) -> SessionRecord {
    let store = Store::open(path).unwrap();
    store.save_record(&four_delegations()).unwrap();
    for id in 1..=3 {
        write_statement(&store, id);
    }
    store.flush_durable().unwrap();
    store.load(SID).unwrap()
}

fn session_of(path: &Path) -> SessionRecord {
    Store::open(path).unwrap().load(SID).unwrap()
}

fn beside(path: &Path, what: &str) -> Vec<PathBuf> {
    let name = format!("{}.{what}-", path.file_name().unwrap().to_string_lossy());
    std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&name))
        .collect()
}

#[test]
fn a_rebuild_stopped_before_it_was_complete_is_cleared_up_at_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let whole = three_statements(&path);
    power_cut(&path);
    // What a recover killed while it built leaves: a part rebuild beside the store.
    let part = dir.path().join("store.recovering-20240702T101500");
    std::fs::create_dir(&part).unwrap();
    std::fs::write(part.join("db"), b"half a store").unwrap();

    let report = recover(&path).unwrap();
    assert_eq!(report.finished_earlier, None, "{report}");
    assert!(beside(&path, "recovering").is_empty());
    assert!(beside(&path, "recovered").is_empty());
    assert_eq!(session_of(&path), whole);
}

#[test]
fn a_rebuild_complete_but_not_yet_in_place_is_put_in_place_at_the_next_opening() {
    let dir = tempfile::tempdir().unwrap();
    let made = dir.path().join("made");
    let whole = three_statements(&made);
    let path = dir.path().join("store");

    // Killed after the store as it was went aside, before the rebuild took its place.
    common::copy_tree(&made, &dir.path().join("store.recovered-20240702T101500"));
    common::copy_tree(&made, &dir.path().join("store.damaged-20240702T101500"));
    power_cut(&dir.path().join("store.damaged-20240702T101500"));
    let store = Store::open(&path).unwrap();
    assert!(
        store.notices().join("\n").contains("was finished"),
        "{:?}",
        store.notices()
    );
    assert_eq!(store.load(SID).unwrap(), whole);
    drop(store);
    assert!(beside(&path, "recovered").is_empty());

    // Killed before the store as it was went aside: it goes aside now.
    std::fs::remove_dir_all(&path).unwrap();
    common::copy_tree(&made, &path);
    power_cut(&path);
    common::copy_tree(&made, &dir.path().join("store.recovered-20240702T101600"));
    let out = rapporteur_in(dir.path(), &path, &["sessions"]);
    assert!(
        common::stderr(&out).contains("was finished"),
        "{}",
        common::stderr(&out)
    );
    assert!(
        stdout(&out).contains(&whole.session.title()),
        "{}",
        stdout(&out)
    );
    assert_eq!(session_of(&path), whole);
    assert_eq!(beside(&path, "damaged").len(), 2);

    // Found by the next `recover`: finished first, and said so.
    std::fs::rename(&path, dir.path().join("store.recovered-20240702T101700")).unwrap();
    let report = recover(&path).unwrap();
    let told = report.to_string();
    assert!(
        told.starts_with("First, a `rapporteur recover` that was stopped"),
        "{told}"
    );
    assert_eq!(session_of(&path), whole);
}

#[test]
fn recover_run_as_root_leaves_the_store_to_its_owner_with_its_permissions() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let whole = three_statements(&path);
    if std::fs::metadata(&path).unwrap().uid() != 0 {
        eprintln!("SKIPPED: not run as root, so no store of another user can be recovered");
        return;
    }
    const NOBODY: u32 = 65534;
    let give_away = |p: &Path| std::os::unix::fs::lchown(p, Some(NOBODY), Some(NOBODY)).unwrap();
    let mut stack = vec![path.clone()];
    while let Some(p) = stack.pop() {
        give_away(&p);
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        }
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).unwrap();
    power_cut(&path);

    let out = rapporteur_in(dir.path(), &path, &["recover"]);
    succeeds(out);
    let mut stack = vec![path.clone()];
    while let Some(p) = stack.pop() {
        let meta = std::fs::symlink_metadata(&p).unwrap();
        assert_eq!(
            (meta.uid(), meta.gid()),
            (NOBODY, NOBODY),
            "{}",
            p.display()
        );
        if meta.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        }
    }
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    assert_eq!(session_of(&path), whole);
}
