//! Moving the sessions not in use to the archive (see `archive`), at an opening that finds
//! enough of them in the main sled. sled's page table does not shrink when keys are removed,
//! so the main sled is made anew, small, beside the old one, and put in its place.
//!
//! The steps, each left on disk in a state the next opening takes whole:
//! 1. each session to archive is written to its file (whole or not at all); the index of the
//!    main sled in use does not name them yet, so they mean nothing;
//! 2. the new main sled is built in `STORE/main.building/` and flushed: every session's own
//!    record and count, the records of the sessions in use, the store's marks, and the index
//!    naming every archived session;
//! 3. the plan, `STORE/main.plan`, is written whole: from here on the move is finished,
//!    never undone;
//! 4. the old main sled's files are removed and the new one's renamed into the store's
//!    folder, then `main.building` and the plan removed.
//!
//! A stop before the plan leaves the old main sled in use, whole: the opening after removes
//! `main.building`, and the next move removes the files the index does not name. A stop
//! after it leaves the plan, which every opening carries out first. The journal is not
//! touched: the new main sled holds the same marks of it as the old one.

use std::path::{Path, PathBuf};

use crate::domain::SessionId;

use super::{archive, keys, open_sled, Store, StoreError, COUNTS_TREE, META_SCHEMA};

/// How many sessions not in use the main sled may hold before they are moved to the archive:
/// each move rebuilds the main sled, so it is worth it for several at once.
pub(super) const UNUSED_TO_ARCHIVE: usize = 3;

const BUILDING: &str = "main.building";
const PLAN: &str = "main.plan";

/// The trees the new main sled takes whole: all but the archived ones, whose records it
/// takes for the sessions in use only.
const KEPT_WHOLE: [&str; 3] = ["sessions", COUNTS_TREE, "meta"];

fn building(store: &Path) -> PathBuf {
    store.join(BUILDING)
}

fn plan(store: &Path) -> PathBuf {
    store.join(PLAN)
}

/// Whether a move is under way: a store whose main sled's files may be half in place.
pub(super) fn under_way(store: &Path) -> bool {
    plan(store).exists()
}

/// The sessions in use: the one last opened (or else created last), and the one created last.
fn in_use(store: &Store) -> Result<Vec<SessionId>, StoreError> {
    let mut in_use: Vec<SessionId> = store.most_recent_session()?.into_iter().collect();
    let last_created = store
        .tree("sessions")?
        .last()
        .map_err(|e| store.err(e))?
        .and_then(|(k, _)| keys::u64_from(&k))
        .map(SessionId);
    in_use.extend(last_created);
    Ok(in_use)
}

/// The sessions the main sled holds whole that are not in use.
fn unused_in_main(store: &Store) -> Result<Vec<SessionId>, StoreError> {
    let in_use = in_use(store)?;
    let archived = archive::index(&store.db).map_err(|e| store.err(e))?;
    let mut unused = Vec::new();
    for key in store.tree("sessions")?.iter().keys() {
        let key = key.map_err(|e| store.err(e))?;
        let Some(s) = keys::u64_from(&key).map(SessionId) else {
            continue;
        };
        if !in_use.contains(&s) && !archived.contains_key(&s) {
            unused.push(s);
        }
    }
    Ok(unused)
}

/// Moves the sessions not in use to the archive if there are enough of them, and returns the
/// store open on its new main sled; or the store as it was, if there were not or the move
/// could not be prepared (nothing is lost either way: the archive only saves time).
pub(super) fn when_worth_it(store: Store) -> Result<Store, StoreError> {
    let unused = unused_in_main(&store)?;
    if unused.len() < UNUSED_TO_ARCHIVE {
        return Ok(store);
    }
    let path = store.path.clone();
    if let Err(e) = prepare(&store, &unused) {
        let _ = std::fs::remove_dir_all(building(&path));
        let _ = std::fs::remove_file(plan(&path));
        let mut store = store;
        store.notices.push(format!(
            "the sessions not in use could not be moved to the store's archive ({}); the \
             store is whole as it was, and opening it reads them all, which takes longer",
            e.to_string().lines().next().unwrap_or_default()
        ));
        return Ok(store);
    }
    let mut store = store;
    let notices = std::mem::take(&mut store.notices);
    drop(store);
    finish(&path)?;
    Store::open_locked(&path, true, notices)
}

/// Steps 1 to 3. The store is flushed first, so that its sled holds every change.
fn prepare(store: &Store, unused: &[SessionId]) -> Result<(), StoreError> {
    let path = &store.path;
    let err = |e| StoreError::from_sled(path, e);
    store.flush_durable()?;
    let mut index = archive::index(&store.db).map_err(err)?;
    archive::remove_unnamed(path, &index).map_err(|e| StoreError::Write {
        path: path.clone(),
        detail: format!("cannot tidy its archive: {e}"),
    })?;
    for s in unused {
        let rows = archive::rows_in(&store.db, *s).map_err(err)?;
        index.insert(*s, archive::write_file(path, *s, &rows)?);
        stop_here(Step::FileWritten);
    }
    let at = building(path);
    let _ = std::fs::remove_dir_all(&at);
    build(store, &at, &index)?;
    stop_here(Step::Built);
    let names: Vec<String> = std::fs::read_dir(&at)
        .and_then(|entries| {
            entries
                .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect()
        })
        .map_err(|e| write_failed(path, &at, e))?;
    let plan = plan(path);
    let temp = path.join(format!("{PLAN}.tmp"));
    let file = std::fs::File::create(&temp).map_err(|e| write_failed(path, &temp, e))?;
    crate::durable::replace_with(&temp, file, &plan, |f| {
        use std::io::Write as _;
        f.write_all(names.join("\n").as_bytes())
    })
    .and_then(|_| crate::durable::sync_folder_of(&plan))
    .map_err(|e| write_failed(path, &plan, e))?;
    stop_here(Step::Planned);
    Ok(())
}

/// The new main sled at `at`: what the store lists and marks, and the sessions not archived.
fn build(
    store: &Store,
    at: &Path,
    index: &std::collections::BTreeMap<SessionId, archive::Filed>,
) -> Result<(), StoreError> {
    let err = |e| StoreError::from_sled(at, e);
    let db = open_sled(at)?;
    for name in KEPT_WHOLE {
        let into = db.open_tree(name).map_err(err)?;
        for entry in store.tree(name)?.iter() {
            let (k, v) = entry.map_err(|e| store.err(e))?;
            into.insert(k, v).map_err(err)?;
        }
    }
    for key in store.tree("sessions")?.iter().keys() {
        let key = key.map_err(|e| store.err(e))?;
        let Some(s) = keys::u64_from(&key).map(SessionId) else {
            continue;
        };
        if index.contains_key(&s) {
            continue;
        }
        for (tree, k, v) in archive::rows_in(&store.db, s).map_err(|e| store.err(e))? {
            db.open_tree(tree)
                .and_then(|t| t.insert(k, v))
                .map_err(err)?;
        }
    }
    {
        // A tree keeps its sled open: this one goes before the sled is closed below.
        let filed = db.open_tree(archive::INDEX_TREE).map_err(err)?;
        for (s, f) in index {
            filed
                .insert(keys::session(*s), &f.to_bytes())
                .map_err(err)?;
        }
    }
    // An older rapporteur would read the archived sessions as empty: it refuses the store.
    db.open_tree("meta")
        .and_then(|m| m.insert(META_SCHEMA, &super::SCHEMA_VERSION.to_be_bytes()))
        .map_err(err)?;
    let log_file = std::fs::File::open(at.join("db")).map_err(|e| write_failed(at, at, e))?;
    super::flush_db(&db, &log_file, at)?;
    // Closed, and its threads ended, before the plan lists its files.
    drop(db);
    let let_go = wait_for_sled_to_let_go(at);
    debug_assert!(let_go, "the sled built at {} is still open", at.display());
    Ok(())
}

/// Carries out a plan (step 4), or removes a main sled built without one. The old main sled
/// must be closed: the folder's lock is held, and sled's own lock waited for.
pub(super) fn finish(store: &Path) -> Result<(), StoreError> {
    let plan_file = plan(store);
    let at = building(store);
    let Ok(planned) = std::fs::read_to_string(&plan_file) else {
        if at.exists() {
            std::fs::remove_dir_all(&at).map_err(|e| write_failed(store, &at, e))?;
        }
        return Ok(());
    };
    let let_go = wait_for_sled_to_let_go(store);
    debug_assert!(
        let_go,
        "the store's old main sled at {} is still open",
        store.display()
    );
    let fail = |e: std::io::Error| write_failed(store, store, e);
    let planned: Vec<&str> = planned.lines().filter(|n| !n.is_empty()).collect();
    // The old main sled's files: what a plan names and `main.building` still holds is the
    // old one's under that name; what it does not name is the old one's.
    for entry in std::fs::read_dir(store).map_err(fail)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let moved = !at.join(&name).exists() && planned.contains(&name.as_str());
        if is_sleds(&name) && !moved {
            remove_any(&entry.path()).map_err(fail)?;
            stop_here(Step::OldRemoved);
        }
    }
    for name in &planned {
        let from = at.join(name);
        if from.exists() {
            std::fs::rename(&from, store.join(name)).map_err(fail)?;
            stop_here(Step::Renamed);
        }
    }
    crate::durable::sync_folder_of(&store.join(PLAN)).map_err(fail)?;
    if at.exists() {
        std::fs::remove_dir_all(&at).map_err(fail)?;
    }
    stop_here(Step::BuildingRemoved);
    std::fs::remove_file(&plan_file).map_err(fail)?;
    crate::durable::sync_folder_of(&plan_file).map_err(fail)
}

/// sled's own files in a store's folder (see `location::tighten`).
fn is_sleds(name: &str) -> bool {
    ["db", "conf", "blobs"].contains(&name) || name.starts_with("snap.")
}

fn remove_any(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

/// sled lets go of its lock when its last thread ends, a moment after it is closed; its
/// files are not moved before.
/// Returns whether it did: a sled still open after the wait is one a tree of it (or a copy of
/// the `sled::Db`) keeps open, and every opening would wait the whole grace for it.
fn wait_for_sled_to_let_go(store: &Path) -> bool {
    let started = std::time::Instant::now();
    while started.elapsed() < super::LOCK_GRACE {
        let Ok(file) = std::fs::File::open(store.join("db")) else {
            return true;
        };
        match file.try_lock() {
            Err(std::fs::TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            _ => return true,
        }
    }
    false
}

fn write_failed(store: &Path, what: &Path, e: std::io::Error) -> StoreError {
    StoreError::Write {
        path: store.to_path_buf(),
        detail: format!(
            "moving the sessions not in use to its archive failed at {} ({e}); nothing was \
             lost, and the next opening finishes or undoes the move",
            what.display()
        ),
    }
}

/// The points between steps, where the tests stop a move as a kill would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    FileWritten,
    Built,
    Planned,
    OldRemoved,
    Renamed,
    BuildingRemoved,
}

#[cfg(test)]
thread_local! {
    pub(super) static STOP_AT: std::cell::Cell<Option<Step>> = const { std::cell::Cell::new(None) };
}

/// In the tests, stops the move at `step` as a kill would: by unwinding, with nothing tidied.
#[cfg(test)]
fn stop_here(step: Step) {
    if STOP_AT.with(|s| s.get()) == Some(step) {
        STOP_AT.with(|s| s.set(None));
        panic!("stopped at {step:?}");
    }
}

#[cfg(not(test))]
fn stop_here(_step: Step) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SessionRecord;
    use std::collections::BTreeMap;

    const STEPS: [Step; 6] = [
        Step::FileWritten,
        Step::Built,
        Step::Planned,
        Step::OldRemoved,
        Step::Renamed,
        Step::BuildingRemoved,
    ];

    fn at() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap()
    }

    fn everything(store: &Store) -> BTreeMap<SessionId, SessionRecord> {
        store
            .sessions()
            .unwrap()
            .into_iter()
            .map(|s| (s.session.id, store.load(s.session.id).unwrap()))
            .collect()
    }

    /// A store of five sessions, none archived yet, with notes typed since its last flush
    /// (in its journal only), and every session as it reads.
    fn store_to_move(path: &Path) -> BTreeMap<SessionId, SessionRecord> {
        let store = Store::open(path).unwrap();
        for s in 1..=5 {
            let record = crate::demo::large_record(SessionId(s), at(), 8, 4);
            store.save_record(&record).unwrap();
        }
        let mut typed = store.load(SessionId(2)).unwrap();
        let first = typed.interventions[0].id;
        {
            let mut writing = store.writing();
            let change = Change::Note(SessionId(2), first, "Typed before the kill.".into());
            super::super::record_in_journal(&mut writing, &[change]).unwrap();
            writing.journal.sync().unwrap();
        }
        typed.interventions[0].set_note("Typed before the kill.".into());
        let mut everything = everything(&store);
        everything.insert(SessionId(2), typed);
        // What a kill leaves: nothing flushed since, nothing tidied.
        std::mem::forget(store);
        everything
    }

    use super::super::Change;

    #[test]
    fn a_move_stopped_at_any_step_leaves_a_store_that_opens_whole() {
        for step in STEPS {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("s");
            let expected = store_to_move(&path);
            // A forgotten store still holds sled's lock: its copy is what a kill leaves.
            let copy = dir.path().join("copy");
            copy_folder(&path, &copy);
            STOP_AT.with(|s| s.set(Some(step)));
            let stopped = std::panic::catch_unwind(|| Store::open(&copy).map(drop));
            STOP_AT.with(|s| s.set(None));
            assert!(stopped.is_err(), "{step:?} was reached");
            let store = Store::open(&copy).unwrap_or_else(|e| panic!("{step:?}: {e}"));
            assert_eq!(everything(&store), expected, "{step:?}");
            assert!(!copy.join(BUILDING).exists() && !copy.join(PLAN).exists());
            let archived = archive::index(&store.db).unwrap();
            assert_eq!(archived.len(), 4, "{step:?}: the move was done at last");
            drop(store);
            let store = Store::open(&copy).unwrap();
            assert_eq!(everything(&store), expected, "{step:?}");
        }
    }

    #[test]
    fn recover_finishes_a_move_stopped_half_way_before_it_reads_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let expected = store_to_move(&path);
        let copy = dir.path().join("copy");
        copy_folder(&path, &copy);
        STOP_AT.with(|s| s.set(Some(Step::Renamed)));
        let stopped = std::panic::catch_unwind(|| Store::open(&copy).map(drop));
        STOP_AT.with(|s| s.set(None));
        assert!(stopped.is_err());
        let report = super::super::recover(&copy).unwrap();
        // The store as found is read whole, not as the half-moved files it was left as.
        assert_eq!(report.store_unreadable, None, "{report}");
        assert_eq!(
            (report.sessions_before, report.interventions_before),
            (5, 40),
            "{report}"
        );
        let store = Store::open(&copy).unwrap();
        assert_eq!(everything(&store), expected);
    }

    #[test]
    fn a_move_that_cannot_be_prepared_leaves_the_store_whole_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let expected = store_to_move(&path);
        let copy = dir.path().join("copy");
        copy_folder(&path, &copy);
        // A file where the archive's folder would be.
        std::fs::write(copy.join(archive::FOLDER), b"not a folder").unwrap();
        let store = Store::open(&copy).unwrap();
        assert_eq!(everything(&store), expected);
        assert!(
            store.notices().iter().any(|n| n.contains("archive")),
            "{:?}",
            store.notices()
        );
        assert!(archive::index(&store.db).unwrap().is_empty());
        assert!(!copy.join(BUILDING).exists());
    }

    fn copy_folder(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                copy_folder(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }
}
