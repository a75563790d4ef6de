//! Rebuilding a store from its journal, for when sled cannot open it or opened it short.
//! Nothing is deleted: the store as found is moved aside, and the new one is built beside it
//! before it takes its place, so that a failure half-way leaves everything as it was.

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::journal::{self, JournalEntry};
use super::{
    create_private_dir, flush_db, journal_path, open_sled, write_change, Store, StoreError,
    META_JOURNAL_SEQ, META_SCHEMA, SCHEMA_VERSION,
};

/// What `recover` did, for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryReport {
    /// The store rebuilt.
    pub store: PathBuf,
    /// The journal it was rebuilt from.
    pub journal: PathBuf,
    /// Where the store as it was went (`<store>.damaged-<YYYYmmddTHHMMSS>`); `None` if there
    /// was no store directory.
    pub moved_aside: Option<PathBuf>,
    /// Where the journal as found went when it held bytes that could not be read; a sound
    /// journal was written from the rebuilt store in its place.
    pub journal_kept: Option<PathBuf>,
    /// Journal records replayed, in order.
    pub records_replayed: usize,
    /// What the rebuilt store holds.
    pub sessions: usize,
    pub interventions: usize,
    pub notes: usize,
    /// Bytes at the end of the journal that were a record cut off by an abrupt stop. That
    /// record was never reported saved.
    pub torn_bytes: u64,
    /// Bytes in the middle of the journal that could not be read (damage on the disk); the
    /// records after them were replayed.
    pub damaged_bytes: u64,
}

impl fmt::Display for RecoveryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Rebuilt the store at {} from its journal {}:",
            self.store.display(),
            self.journal.display()
        )?;
        writeln!(
            f,
            "  {} replayed; the store holds {}, {} and {}.",
            counted(self.records_replayed, "change"),
            counted(self.sessions, "session"),
            counted(self.interventions, "intervention"),
            counted(self.notes, "note")
        )?;
        if self.torn_bytes > 0 {
            writeln!(
                f,
                "  The last {} bytes of the journal were a change cut off mid-write by an abrupt \
                 stop; it had never been reported saved, and was left out.",
                self.torn_bytes
            )?;
        }
        if self.damaged_bytes > 0 {
            writeln!(
                f,
                "  {} bytes in the middle of the journal could not be read and were skipped; \
                 everything after them was replayed. Check the record of those hours.",
                self.damaged_bytes
            )?;
        }
        match &self.moved_aside {
            Some(old) => writeln!(
                f,
                "The store as it was is kept at {} (nothing was deleted).",
                old.display()
            )?,
            None => writeln!(f, "There was no store there before.")?,
        }
        if let Some(kept) = &self.journal_kept {
            writeln!(f, "The journal as found is kept at {}.", kept.display())?;
        }
        Ok(())
    }
}

/// Rebuilds the store at `store_path` from the journal beside it: reads every whole record
/// of the journal, builds a new store from them at `<store>.recovering-…`, moves the store as
/// it is to `<store>.damaged-<YYYYmmddTHHMMSS>` and puts the new one in its place.
///
/// Refused, with nothing touched, if there is no journal, if it holds no readable change, or
/// if another rapporteur has the store open.
pub fn recover(store_path: &Path) -> Result<RecoveryReport, StoreError> {
    let journal_file = journal_path(store_path);
    let scan = journal::scan(&journal_file)?.ok_or_else(|| StoreError::NoJournal {
        path: store_path.to_path_buf(),
        journal: journal_file.clone(),
    })?;
    if scan.entries.is_empty() {
        return Err(StoreError::Journal {
            path: journal_file,
            detail: format!(
                "it holds no change that can be read ({} bytes), so there is nothing to \
                 rebuild the store at {} from; nothing was changed",
                scan.len,
                store_path.display()
            ),
        });
    }
    // Held until the end, so that no rapporteur opens the store while it is moved.
    let lock = lock_store(store_path)?;

    let building = aside(store_path, "recovering");
    let counts = match rebuild(&building, &scan.entries, scan.last_seq()) {
        Ok(counts) => counts,
        Err(e) => {
            // Only what this call built is removed; the store and journal are untouched.
            let _ = std::fs::remove_dir_all(&building);
            return Err(StoreError::Write {
                path: store_path.to_path_buf(),
                detail: format!(
                    "it could not be rebuilt beside it ({}); the store and its journal are \
                     as they were, so `rapporteur recover` can be run again",
                    e.to_string()
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .trim_end_matches('.')
                ),
            });
        }
    };

    let moved_aside = if store_path.exists() {
        let old = aside(store_path, "damaged");
        std::fs::rename(store_path, &old).map_err(|e| StoreError::Write {
            path: store_path.to_path_buf(),
            detail: format!(
                "cannot move it aside to {}: {e}. The rebuilt store is at {}",
                old.display(),
                building.display()
            ),
        })?;
        Some(old)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&building, store_path) {
        // Put the old store back where it was found rather than leave no store there.
        if let Some(old) = &moved_aside {
            let _ = std::fs::rename(old, store_path);
        }
        return Err(StoreError::Write {
            path: store_path.to_path_buf(),
            detail: format!(
                "cannot put the rebuilt store in place: {e}. It is at {}",
                building.display()
            ),
        });
    }
    let _ = journal::sync_parent_dir(store_path);

    // A journal with unreadable bytes is kept as found, beside the store it went with, and
    // `Store::open` writes a sound one from the rebuilt store.
    let journal_kept = if scan.torn_bytes > 0 || scan.damaged_bytes > 0 {
        let kept = match &moved_aside {
            Some(old) => journal_path(old),
            None => aside(&journal_file, "damaged"),
        };
        std::fs::rename(&journal_file, &kept).map_err(|e| StoreError::Journal {
            path: journal_file.clone(),
            detail: format!(
                "the store is rebuilt, but the journal cannot be moved aside to {}: {e}",
                kept.display()
            ),
        })?;
        let _ = journal::sync_parent_dir(&kept);
        Some(kept)
    } else {
        None
    };

    // Opening it checks it against the journal, and writes the journal anew if it was moved.
    drop(lock);
    drop(Store::open(store_path)?);

    Ok(RecoveryReport {
        store: store_path.to_path_buf(),
        journal: journal_file,
        moved_aside,
        journal_kept,
        records_replayed: scan.entries.len(),
        sessions: counts.sessions,
        interventions: counts.interventions,
        notes: counts.notes,
        torn_bytes: scan.torn_bytes,
        damaged_bytes: scan.damaged_bytes,
    })
}

struct Counts {
    sessions: usize,
    interventions: usize,
    notes: usize,
}

/// Builds a new store at `at` by writing every change in order, with one flush at the end.
fn rebuild(at: &Path, entries: &[JournalEntry], last: u64) -> Result<Counts, StoreError> {
    create_private_dir(at)?;
    let db = open_sled(at)?;
    let log_file = File::open(at.join("db")).map_err(|e| StoreError::Write {
        path: at.to_path_buf(),
        detail: format!("cannot open its log file: {e}"),
    })?;
    let err = |e| StoreError::from_sled(at, e);
    for entry in entries {
        write_change(&db, at, &entry.change)?;
    }
    let meta = db.open_tree("meta").map_err(err)?;
    meta.insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())
        .map_err(err)?;
    meta.insert(META_JOURNAL_SEQ, &last.to_be_bytes())
        .map_err(err)?;
    flush_db(&db, &log_file, at)?;
    let count = |tree: &str| db.open_tree(tree).map(|t| t.len()).map_err(err);
    Ok(Counts {
        sessions: count("sessions")?,
        interventions: count("interventions")?,
        notes: count("notes")?,
    })
}

/// A path beside `path` that is not taken: `<path>.<what>-<YYYYmmddTHHMMSS>`, then `-2`, `-3`…
/// Local time, as it is a name a person reads.
pub(super) fn aside(path: &Path, what: &str) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S");
    // Rebuilt from its components, `path` loses a trailing `/` that would put the name inside.
    let path: PathBuf = path.components().collect();
    let named = |suffix: String| {
        let mut name = path.clone().into_os_string();
        name.push(format!(".{what}-{stamp}{suffix}"));
        PathBuf::from(name)
    };
    let mut candidate = named(String::new());
    let mut n = 2;
    while candidate.exists() {
        candidate = named(format!("-{n}"));
        n += 1;
    }
    candidate
}

/// Takes the lock sled takes on an open store, so that the store is not moved from under a
/// rapporteur that has it open. sled locks its `db` file with flock(2) (through fs2), and
/// std's `File::try_lock` is the same call, so it sees that lock, even this process's own.
fn lock_store(store: &Path) -> Result<Option<File>, StoreError> {
    // Without a `db` file there is nothing sled could hold open.
    let Ok(file) = File::open(store.join("db")) else {
        return Ok(None);
    };
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::InUse {
            path: store.to_path_buf(),
        }),
        // A file system without locks: sled could not have locked it either.
        Err(std::fs::TryLockError::Error(_)) => Ok(Some(file)),
    }
}

/// "1 session", "3 sessions".
fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
