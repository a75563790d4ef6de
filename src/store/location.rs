//! Where a store lives: one folder that holds everything, sled's files and the journal, so
//! that copying, moving or backing up the folder takes the whole record. The path is resolved
//! before anything else, so that a symbolic link and its target are one store with one
//! journal and one lock.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::journal::{journal_path, legacy_journal_path, sync_parent_dir};
use super::StoreError;

/// `path` with every symbolic link resolved. A store not created yet is resolved through the
/// nearest folder above it that exists.
pub(super) fn resolve(path: &Path) -> PathBuf {
    if let Ok(resolved) = std::fs::canonicalize(path) {
        return resolved;
    }
    let mut rest = Vec::new();
    let mut above = path;
    while let (Some(parent), Some(name)) = (above.parent(), above.file_name()) {
        rest.push(name.to_os_string());
        above = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(mut resolved) = std::fs::canonicalize(above) {
            resolved.extend(rest.iter().rev());
            return resolved;
        }
    }
    path.to_path_buf()
}

/// Whether sled's files are in the folder: a folder made beforehand and left empty is a new
/// store, not one that lost its files.
pub(super) fn holds_a_store(path: &Path) -> bool {
    path.join("db").exists()
}

/// Makes `path` the store's folder, readable by its owner only: created so, or tightened to
/// it if it was there and open to others (the user is told once, as it happens once).
pub(super) fn private_dir(path: &Path) -> Result<Option<String>, StoreError> {
    let fail = |e: std::io::Error| match e.kind() {
        // The directory is not there yet, so what refused is the nearest one that is.
        std::io::ErrorKind::PermissionDenied => StoreError::CannotCreate {
            path: path.to_path_buf(),
            parent: path
                .ancestors()
                .skip(1)
                .find(|p| p.is_dir())
                .unwrap_or(Path::new("/"))
                .to_path_buf(),
        },
        _ => StoreError::Write {
            path: path.to_path_buf(),
            detail: format!("cannot create its directory: {e}"),
        },
    };
    if path.is_dir() {
        return Ok(tighten(path));
    }
    if path.exists() {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: "it is a file, not a store directory".into(),
        });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
            .map_err(fail)?;
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(path).map_err(fail)?;
    Ok(None)
}

/// Takes from others the right to read the store's folder and the store's files directly in
/// it (sled makes its files as the umask says, often readable by all). `None` if there was
/// nothing to take, or it could not be taken (a store of another user's, opened read-only).
/// A folder that is neither empty nor a store (`--db` pointed at a folder of other files) is
/// left as it is: its modes are its owner's business.
#[cfg(unix)]
fn tighten(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return None;
    }
    let empty = std::fs::read_dir(path).ok()?.next().is_none();
    if !empty && !holds_a_store(path) {
        return None;
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700)).ok()?;
    let the_stores = |name: &str| {
        ["db", "conf", "journal"].contains(&name)
            || name.starts_with("snap.")
            || name.starts_with("journal.")
    };
    for entry in std::fs::read_dir(path).ok()?.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        let ours = the_stores(&entry.file_name().to_string_lossy());
        if ours && meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
            let private = std::fs::Permissions::from_mode(meta.permissions().mode() & 0o700);
            let _ = std::fs::set_permissions(entry.path(), private);
        }
    }
    Some(format!(
        "the store's folder {} could be read by others (mode {mode:o}); it is now readable by \
         its owner only ({:o}), as the notes in it are",
        path.display(),
        mode & 0o700
    ))
}

#[cfg(not(unix))]
fn tighten(_path: &Path) -> Option<String> {
    None
}

/// Locks the store's folder for the time of an opening, so that two rapporteurs opening it at
/// once never both carry out a move of its main sled (see `move_to_archive`); sled's own lock
/// keeps a second one out once it is open. Waits a moment for an opening just ending, then
/// says the store is in use. A folder that cannot be locked (a file system without locks) is
/// opened as before, under sled's lock alone.
pub(super) fn lock_folder(path: &Path) -> Result<Option<File>, StoreError> {
    let Ok(folder) = File::open(path) else {
        return Ok(None);
    };
    let started = std::time::Instant::now();
    loop {
        match folder.try_lock() {
            Ok(()) => return Ok(Some(folder)),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < super::LOCK_GRACE => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::InUse {
                    path: path.to_path_buf(),
                })
            }
            Err(std::fs::TryLockError::Error(_)) => return Ok(None),
        }
    }
}

/// Moves the journal of a store from before journals lived in its folder
/// (`<store>.journal`, beside it) into the folder, once. A rename does it at one stroke; across
/// file systems the journal is copied in under a temporary name, synced, renamed into place,
/// and only then removed from beside the store, so that a stop at any point leaves a whole
/// journal to open the store with, and the next opening finishes the move.
///
/// Only a store that was there (`store_was_there`) takes in a journal found beside it: one
/// beside a new store belongs to a store deleted by hand, and is left as it is.
pub(super) fn move_journal_in(
    store: &Path,
    store_was_there: bool,
) -> Result<Option<String>, StoreError> {
    let inside = journal_path(store);
    let beside = legacy_journal_path(store);
    let moving = moving_path(store);
    let fail = |e: std::io::Error| StoreError::Journal {
        path: beside.clone(),
        detail: format!(
            "it cannot be moved into the store's folder at {}: {e}. Check that you may write \
             there; nothing was changed",
            inside.display()
        ),
    };
    // What an earlier move stopped half-way left: a copy not yet complete.
    if moving.exists() {
        std::fs::remove_file(&moving).map_err(fail)?;
    }
    if !beside.is_file() {
        return Ok(None);
    }
    if inside.exists() {
        // A copy that was made whole and renamed in, the original not yet removed: the move
        // is finished. Anything else beside the store is not this store's, and stays.
        if same_contents(&beside, &inside).map_err(fail)? {
            std::fs::remove_file(&beside).map_err(fail)?;
            sync_parent_dir(&beside).map_err(fail)?;
        }
        return Ok(None);
    }
    if !store_was_there {
        return Ok(Some(format!(
            "a journal was found beside the new store, at {}: it belongs to a store that is no \
             longer there, so it was left as it is and not used",
            beside.display()
        )));
    }
    match std::fs::rename(&beside, &inside) {
        Ok(()) => {}
        Err(e) if e.raw_os_error() == Some(EXDEV) => {
            copy_synced(&beside, &moving).map_err(fail)?;
            std::fs::rename(&moving, &inside).map_err(fail)?;
            sync_parent_dir(&inside).map_err(fail)?;
            std::fs::remove_file(&beside).map_err(fail)?;
        }
        Err(e) => return Err(fail(e)),
    }
    sync_parent_dir(&inside).map_err(fail)?;
    sync_parent_dir(&beside).map_err(fail)?;
    Ok(Some(format!(
        "the store's journal was moved into its folder, from {} to {}: copying or backing up \
         the folder {} now takes the whole record",
        beside.display(),
        inside.display(),
        store.display()
    )))
}

/// "Invalid cross-device link": a rename between two file systems.
const EXDEV: i32 = 18;

/// Where a journal copied in from beside the store is written before it is renamed into place.
pub(super) fn moving_path(store: &Path) -> PathBuf {
    store.join("journal.moving")
}

fn copy_synced(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::copy(from, to)?;
    File::open(to)?.sync_all()
}

fn same_contents(a: &Path, b: &Path) -> std::io::Result<bool> {
    Ok(std::fs::metadata(a)?.len() == std::fs::metadata(b)?.len()
        && std::fs::read(a)? == std::fs::read(b)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_store_folder_is_made_private_and_a_folder_of_other_files_left_alone() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let open = std::fs::Permissions::from_mode(0o755);
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        std::fs::create_dir(&store).unwrap();
        std::fs::set_permissions(&store, open.clone()).unwrap();
        for name in ["db", "conf", "notes.txt"] {
            std::fs::write(store.join(name), b"x").unwrap();
            std::fs::set_permissions(store.join(name), std::fs::Permissions::from_mode(0o644))
                .unwrap();
        }
        assert!(private_dir(&store).unwrap().is_some());
        assert_eq!(mode(&store), 0o700);
        assert_eq!(mode(&store.join("db")), 0o600);
        assert_eq!(mode(&store.join("notes.txt")), 0o644, "not the store's");
        assert_eq!(private_dir(&store).unwrap(), None, "told once");

        let documents = dir.path().join("documents");
        std::fs::create_dir(&documents).unwrap();
        std::fs::write(documents.join("letter.txt"), b"x").unwrap();
        std::fs::set_permissions(&documents, open).unwrap();
        assert_eq!(private_dir(&documents).unwrap(), None);
        assert_eq!(mode(&documents), 0o755);
    }

    #[test]
    fn a_link_and_its_target_resolve_to_one_path_made_or_not() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(resolve(&link), resolve(&real));
        assert_eq!(resolve(&link.join("store")), resolve(&real).join("store"));
        assert_eq!(
            resolve(&link.join("a/b")),
            resolve(&real).join("a").join("b")
        );
    }

    #[test]
    fn a_copy_stopped_half_way_is_done_again_and_a_finished_one_cleared_up() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        std::fs::create_dir(&store).unwrap();
        let beside = legacy_journal_path(&store);
        std::fs::write(&beside, b"whole journal").unwrap();
        std::fs::write(moving_path(&store), b"whole jou").unwrap();
        assert!(move_journal_in(&store, true).unwrap().is_some());
        assert_eq!(
            std::fs::read(journal_path(&store)).unwrap(),
            b"whole journal"
        );
        assert!(!beside.exists() && !moving_path(&store).exists());

        std::fs::write(&beside, b"whole journal").unwrap();
        assert_eq!(move_journal_in(&store, true).unwrap(), None);
        assert!(!beside.exists());
        // Another store's journal beside this one is left alone.
        std::fs::write(&beside, b"another store's").unwrap();
        assert_eq!(move_journal_in(&store, true).unwrap(), None);
        assert!(beside.exists());
    }
}
