//! Rebuilding a store, for when sled cannot open it, opened it short, or its journal cannot
//! be trusted. Nothing is deleted and nothing is lost: the rebuild holds every readable
//! change of the journal and everything the store as found holds that the journal lacks
//! (a longer note, an intervention), and says so; the store as found, with its journal, is
//! moved aside whole. The rebuild is made beside the store and takes its place only once it
//! is complete, so that a stop at any point leaves either the store as it was or a finished
//! rebuild that the next opening or `recover` puts in place.

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::journal::{self, Journal};
use super::{
    all_changes, archive, flush_db, is_archived, journal_path, keys, location, move_to_archive,
    open_sled, verdict, write_change, Change, Store, StoreError, META_JOURNAL_SEQ,
    META_LAST_SESSION, META_SCHEMA, META_STORE_ID, RECORD_TREES, SCHEMA_VERSION,
};

/// What `recover` did, for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryReport {
    /// What was done first to finish a `recover` that had been stopped, if one had.
    pub finished_earlier: Option<String>,
    /// The store rebuilt.
    pub store: PathBuf,
    /// The journal it was rebuilt from.
    pub journal: PathBuf,
    /// Where the store as it was went, with its journal (`<store>.damaged-<YYYYmmddTHHMMSS>`);
    /// `None` if there was no store directory.
    pub moved_aside: Option<PathBuf>,
    /// Why the journal was not replayed, if it was not (missing, or another store's): the
    /// store as found is then what the rebuild holds.
    pub journal_unused: Option<String>,
    /// Why the store as found could not be read, if it could not.
    pub store_unreadable: Option<String>,
    /// Journal records replayed, in order.
    pub records_replayed: usize,
    /// What the store as found held that the journal did not, each kept in the rebuild:
    /// "session 1, intervention 4 (its note: 120 characters)".
    pub kept_from_store: Vec<String>,
    /// What the rebuild holds.
    pub sessions: usize,
    pub interventions: usize,
    pub notes: usize,
    /// What the store as found held, to compare.
    pub sessions_before: usize,
    pub interventions_before: usize,
    /// Bytes at the end of the journal that were a record cut off by an abrupt stop. That
    /// record was never reported saved.
    pub torn_bytes: u64,
    /// Bytes of the journal that could not be read (damage on the disk); the records after
    /// them were replayed.
    pub damaged_bytes: u64,
}

impl fmt::Display for RecoveryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(finished) = &self.finished_earlier {
            writeln!(f, "First, {finished}.")?;
        }
        match &self.journal_unused {
            None => writeln!(
                f,
                "Rebuilt the store at {} from its journal {} and the store as found:",
                self.store.display(),
                self.journal.display()
            )?,
            Some(why) => writeln!(
                f,
                "Rebuilt the store at {} from the store as found ({why}), with a new journal:",
                self.store.display(),
            )?,
        }
        writeln!(
            f,
            "  {} replayed; the store holds {}, {} and {} (it held {} and {}).",
            counted(self.records_replayed, "change"),
            counted(self.sessions, "session"),
            counted(self.interventions, "intervention"),
            counted(self.notes, "note"),
            counted(self.sessions_before, "session"),
            counted(self.interventions_before, "intervention"),
        )?;
        if let Some(why) = &self.store_unreadable {
            writeln!(f, "  The store as found could not be read ({why}).")?;
        }
        if !self.kept_from_store.is_empty() && self.journal_unused.is_none() {
            writeln!(
                f,
                "  The store as found held {} the journal lacked, kept in the rebuild:",
                counted(self.kept_from_store.len(), "record")
            )?;
            for kept in self.kept_from_store.iter().take(KEPT_LISTED) {
                writeln!(f, "    {kept}")?;
            }
            if self.kept_from_store.len() > KEPT_LISTED {
                writeln!(
                    f,
                    "    and {} more.",
                    self.kept_from_store.len() - KEPT_LISTED
                )?;
            }
        }
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
                "  {} bytes of the journal could not be read and were skipped; everything \
                 else was replayed. Check the record of those hours.",
                self.damaged_bytes
            )?;
        }
        match &self.moved_aside {
            Some(old) => writeln!(
                f,
                "The store as it was, with its journal, is kept at {} (nothing was deleted).",
                old.display()
            )?,
            None => writeln!(f, "There was no store there before.")?,
        }
        Ok(())
    }
}

/// How many of the records kept from the store the report names one by one.
const KEPT_LISTED: usize = 20;

/// Rebuilds the store at `store_path`: every readable change of its journal, then whatever
/// the store as found holds that the rebuild lacks (a record the journal does not have, a
/// note longer than the journal's). A journal that is missing or another store's is not
/// replayed; the store as found is then rebuilt as it is, with a new journal. The rebuild
/// is made at `<store>.recovering-…`, the store as it is moved to
/// `<store>.damaged-<YYYYmmddTHHMMSS>`, and the rebuild put in its place, owned and
/// permitted as the store was.
///
/// Refused, with nothing touched, if there is nothing to rebuild from, or if another
/// rapporteur has the store open.
pub fn recover(store_path: &Path) -> Result<RecoveryReport, StoreError> {
    let store_path = &location::resolve(store_path);
    let finished_earlier = finish_interrupted(store_path)?;
    {
        // A move to the archive stopped after its plan is finished first: until then the
        // main sled's files may be half in place, and the store as found not readable.
        let _opening = location::lock_folder(store_path)?;
        move_to_archive::finish(store_path)?;
    }
    let journal_file = journal_path(store_path);
    let scan = journal::scan(&journal_file)?;
    // Held until the rebuild is in place, so that no rapporteur opens the store meanwhile.
    let lock = lock_store(store_path)?;
    let found = read_store(store_path)?;

    let journal_unused = match &scan {
        None => Some(format!("there is no journal at {}", journal_file.display())),
        Some(scan) => {
            let marks = verdict::Marks {
                applied: found.applied,
                store_id: found.store_id.as_deref(),
            };
            match verdict::check(store_path, &journal_file, &marks, Some(scan)) {
                Err(StoreError::ForeignJournal { .. }) => Some(format!(
                    "the journal at {} belongs to another store",
                    journal_file.display()
                )),
                _ => None,
            }
        }
    };
    let entries = match (&scan, &journal_unused) {
        (Some(scan), None) => scan.entries.as_slice(),
        _ => &[],
    };
    // A store read whole holds every change up to the one it says it applied. When the
    // journal is damaged, those are taken from the store, not from the journal: a record lost
    // to the damage could otherwise take back a removal or an edit the store holds (an
    // intervention removed, brought back). An undamaged journal is replayed whole, so that it
    // gives back whatever the store lost.
    let damaged = scan.as_ref().is_some_and(|s| s.damaged_bytes > 0);
    let entries = match (&found.unreadable, damaged) {
        (None, true) => entries
            .iter()
            .position(|e| e.seq > found.applied)
            .map_or(&entries[entries.len()..], |i| &entries[i..]),
        _ => entries,
    };
    if entries.is_empty() && found.records.is_empty() {
        return Err(match &scan {
            None => StoreError::NoJournal {
                path: store_path.to_path_buf(),
                journal: journal_file,
            },
            Some(scan) => StoreError::Journal {
                path: journal_file,
                detail: format!(
                    "it holds no change that can be read ({} bytes), and the store holds none \
                     either, so there is nothing to rebuild the store at {} from; nothing was \
                     changed",
                    scan.len,
                    store_path.display()
                ),
            },
        });
    }

    let building = aside(store_path, "recovering");
    let store_id = scan
        .as_ref()
        .filter(|_| journal_unused.is_none())
        .and_then(|s| s.store_id.clone())
        .or_else(|| found.store_id.clone())
        .unwrap_or_else(verdict::new_store_id);
    let last_seq = scan.as_ref().map_or(0, journal::Scan::last_seq);
    let owner = Owner::of(store_path);
    let built = rebuild(
        &building,
        entries,
        &found,
        &store_id,
        last_seq.max(found.applied),
    )
    .and_then(|built| {
        owner.give(&building)?;
        Ok(built)
    });
    let built = match built {
        Ok(built) => built,
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
    // Complete: from here on a stop leaves a rebuild the next run puts in place.
    let finished = aside(store_path, "recovered");
    rename_synced(&building, &finished)?;
    let moved_aside = put_in_place(store_path, &finished)?;
    drop(lock);
    // Opening it checks it against its journal; what opening wrote goes to the owner too.
    drop(Store::open(store_path)?);
    owner.give(store_path)?;

    Ok(RecoveryReport {
        finished_earlier,
        store: store_path.to_path_buf(),
        journal: journal_file,
        moved_aside,
        journal_unused,
        store_unreadable: found.unreadable,
        records_replayed: entries.len(),
        kept_from_store: built.kept_from_store,
        sessions: built.sessions,
        interventions: built.interventions,
        notes: built.notes,
        sessions_before: found.sessions,
        interventions_before: found.interventions,
        torn_bytes: scan.as_ref().map_or(0, |s| s.torn_bytes),
        damaged_bytes: scan.as_ref().map_or(0, |s| s.damaged_bytes),
    })
}

/// Finishes a `recover` that was stopped: a complete rebuild (`<store>.recovered-…`) is put
/// in place, the store as it was moved aside first; an incomplete one (`.recovering-…`) is
/// removed, as the store it was made from is still there. Says what it did, if anything.
/// Left for later if another rapporteur has the store open.
pub(super) fn finish_interrupted(store_path: &Path) -> Result<Option<String>, StoreError> {
    let (building, finished) = (
        leftovers(store_path, "recovering"),
        leftovers(store_path, "recovered"),
    );
    if building.is_empty() && finished.is_empty() {
        return Ok(None);
    }
    let Ok(lock) = lock_store(store_path) else {
        return Ok(None);
    };
    for incomplete in &building {
        let _ = std::fs::remove_dir_all(incomplete);
    }
    let mut told = None;
    // The newest is the last; an older one was superseded by a later run.
    if let Some(newest) = finished.last() {
        let moved_aside = put_in_place(store_path, newest)?;
        told = Some(format!(
            "a `rapporteur recover` that was stopped half-way was finished: its rebuild of the \
             store is in place{}",
            moved_aside.map_or(String::new(), |old| format!(
                ", and the store as it was is kept at {}",
                old.display()
            ))
        ));
    }
    drop(lock);
    Ok(told)
}

/// Moves the store at `store_path`, if there is one, aside to `<store>.damaged-…`, and puts
/// the complete rebuild `finished` in its place. Returns where the store went.
fn put_in_place(store_path: &Path, finished: &Path) -> Result<Option<PathBuf>, StoreError> {
    let moved_aside = if store_path.exists() {
        let old = aside(store_path, "damaged");
        rename_synced(store_path, &old).map_err(|e| StoreError::Write {
            path: store_path.to_path_buf(),
            detail: format!(
                "cannot move it aside to {} ({e}). The rebuilt store is at {}",
                old.display(),
                finished.display()
            ),
        })?;
        Some(old)
    } else {
        None
    };
    rename_synced(finished, store_path).map_err(|e| StoreError::Write {
        path: store_path.to_path_buf(),
        detail: format!(
            "cannot put the rebuilt store in place ({e}). It is at {}, and the next \
             `rapporteur recover` puts it there",
            finished.display()
        ),
    })?;
    Ok(moved_aside)
}

fn rename_synced(from: &Path, to: &Path) -> Result<(), StoreError> {
    std::fs::rename(from, to)
        .and_then(|()| journal::sync_parent_dir(to))
        .map_err(|e| StoreError::Write {
            path: from.to_path_buf(),
            detail: format!("cannot rename it to {}: {e}", to.display()),
        })
}

/// The folders `<store>.<what>-…` beside the store, oldest first.
fn leftovers(store_path: &Path, what: &str) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (store_path.parent(), store_path.file_name()) else {
        return Vec::new();
    };
    let prefix = format!("{}.{what}-", name.to_string_lossy());
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter_map(|e| {
            let modified = e.metadata().ok()?.modified().ok()?;
            Some((modified, e.path()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, path)| path).collect()
}

/// What the store as found holds, read past the journal: every record of its trees.
#[derive(Default)]
struct Found {
    /// (tree, key, value) of every record.
    records: Vec<(&'static str, Vec<u8>, Vec<u8>)>,
    last_session: Option<Vec<u8>>,
    store_id: Option<String>,
    applied: u64,
    sessions: usize,
    interventions: usize,
    unreadable: Option<String>,
}

/// Reads the store as found, whatever its journal says, from a copy of its files: sled
/// writes to a store as it opens it, and the store as found is to be kept as it was found.
/// A store sled cannot open holds nothing readable.
fn read_store(store_path: &Path) -> Result<Found, StoreError> {
    if !location::holds_a_store(store_path) {
        return Ok(Found::default());
    }
    let copy = aside(store_path, "recovering-found");
    let found = copy_store_files(store_path, &copy)
        .map_err(|e| StoreError::Write {
            path: store_path.to_path_buf(),
            detail: format!(
                "cannot copy it to {} to read it: {e}. Check that the disk has room; nothing \
                 was changed",
                copy.display()
            ),
        })
        .map(|()| read_copy(&copy, store_path));
    let _ = std::fs::remove_dir_all(&copy);
    found
}

/// Reads the copy at `copy` of the store at `store_path`.
fn read_copy(copy: &Path, store_path: &Path) -> Found {
    let db = match open_sled(copy) {
        Ok(db) => db,
        Err(e) => {
            return Found {
                unreadable: Some(first_line(&e)),
                ..Found::default()
            }
        }
    };
    let read = || -> Result<Found, sled::Error> {
        let mut found = Found::default();
        for tree in RECORD_TREES {
            for entry in db.open_tree(tree)?.iter() {
                let (k, v) = entry?;
                found.records.push((tree, k.to_vec(), v.to_vec()));
            }
        }
        // The archived sessions' records are in their files; what the main sled holds of
        // them is left from a bring-back cut short.
        let index = archive::index(&db)?;
        found
            .records
            .retain(|(tree, k, _)| !is_archived(&index, tree, k));
        for (s, filed) in &index {
            match archive::read_file(copy, *s, *filed) {
                Ok(rows) => found.records.extend(rows),
                Err(e) => {
                    // Named where the user finds it, not in the copy read here.
                    let why = first_line(&e).replace(
                        &copy.display().to_string(),
                        &store_path.display().to_string(),
                    );
                    found.unreadable = Some(match found.unreadable.take() {
                        Some(before) => format!("{before}; {why}"),
                        None => why,
                    });
                }
            }
        }
        found.sessions = db.open_tree("sessions")?.len();
        found.interventions = found
            .records
            .iter()
            .filter(|(tree, _, _)| *tree == "interventions")
            .count();
        let meta = db.open_tree("meta")?;
        found.last_session = meta.get(META_LAST_SESSION)?.map(|v| v.to_vec());
        found.store_id = meta
            .get(META_STORE_ID)?
            .map(|v| String::from_utf8_lossy(&v).into_owned());
        found.applied = meta
            .get(META_JOURNAL_SEQ)?
            .and_then(|v| keys::u64_from(&v))
            .unwrap_or(0);
        Ok(found)
    };
    read().unwrap_or_else(|e| Found {
        unreadable: Some(e.to_string()),
        ..Found::default()
    })
}

/// Copies sled's files of the store (not its journal, read on its own) to `to`.
fn copy_store_files(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        // The journal is read on its own; a main sled being built is not the store yet.
        if name.to_string_lossy().starts_with("journal") || name == "main.building" {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_store_files(&entry.path(), &to.join(&name))?;
        } else {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

fn first_line(e: &StoreError) -> String {
    e.to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_owned()
}

struct Built {
    sessions: usize,
    interventions: usize,
    notes: usize,
    kept_from_store: Vec<String>,
}

/// Builds a new store at `at`: every change of `entries` in order, then every record of
/// `found` the rebuild lacks, and every note of `found` longer than the rebuild's; then a
/// journal written from it, naming the store `store_id`, and one flush at the end.
fn rebuild(
    at: &Path,
    entries: &[journal::JournalEntry],
    found: &Found,
    store_id: &str,
    last_seq: u64,
) -> Result<Built, StoreError> {
    location::private_dir(at)?;
    let db = open_sled(at)?;
    let log_file = File::open(at.join("db")).map_err(|e| StoreError::Write {
        path: at.to_path_buf(),
        detail: format!("cannot open its log file: {e}"),
    })?;
    let err = |e| StoreError::from_sled(at, e);
    for entry in entries {
        match write_change(&db, at, &entry.change) {
            // An edit of a note whose whole copy was lost to damage has nothing to apply to
            // in a rebuild: the note stays as the records before it make it (and the store's
            // own, if longer, is kept below), never an edit applied to the wrong text.
            Err(StoreError::Damaged { .. }) if matches!(entry.change, Change::NoteEdit(..)) => {}
            other => other?,
        }
    }
    let mut kept_from_store = Vec::new();
    for (tree, key, value) in &found.records {
        let rebuilt = db.open_tree(tree).map_err(err)?;
        let keep = match rebuilt.get(key).map_err(err)? {
            None => true,
            // A note is kept whole from the store when the journal's is shorter: text the
            // journal lost, or text deleted since (told, so that it can be deleted again).
            Some(ours) => *tree == "notes" && value.len() > ours.len(),
        };
        if keep {
            rebuilt
                .insert(key.as_slice(), value.as_slice())
                .map_err(err)?;
            kept_from_store.push(describe(tree, key, value));
        }
    }
    let meta = db.open_tree("meta").map_err(err)?;
    if let Some(last) = &found.last_session {
        if !meta.contains_key(META_LAST_SESSION).map_err(err)? {
            meta.insert(META_LAST_SESSION, last.as_slice())
                .map_err(err)?;
        }
    }
    let seq = last_seq + 1;
    let changes = all_changes(&db, at)?;
    let mut journal = Journal::open(&journal_path(at), 0, seq)?;
    journal.belongs_to(store_id)?;
    journal.replace(&changes, seq)?;
    meta.insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())
        .map_err(err)?;
    meta.insert(META_JOURNAL_SEQ, &seq.to_be_bytes())
        .map_err(err)?;
    meta.insert(META_STORE_ID, store_id.as_bytes())
        .map_err(err)?;
    flush_db(&db, &log_file, at)?;
    let count = |tree: &str| db.open_tree(tree).map(|t| t.len()).map_err(err);
    Ok(Built {
        sessions: count("sessions")?,
        interventions: count("interventions")?,
        notes: count("notes")?,
        kept_from_store,
    })
}

/// "session 1, intervention 4", "session 1, the note of intervention 4 (120 characters)".
fn describe(tree: &str, key: &[u8], value: &[u8]) -> String {
    let session = keys::u64_from(key).unwrap_or_default();
    let number = key
        .get(8..)
        .and_then(|k| keys::u64_from(k).or_else(|| keys::u32_from(k).map(u64::from)));
    let what = match tree {
        "sessions" => return format!("session {session}"),
        "notes" => {
            let chars = String::from_utf8_lossy(value).chars().count();
            return format!(
                "session {session}, the note of intervention {} ({chars} characters)",
                number.unwrap_or_default()
            );
        }
        "interventions" => "intervention",
        "participants" => "participant",
        "meetings" => "meeting",
        "agenda" => "agenda item",
        "lists" => "list of speakers of agenda item",
        other => other,
    };
    format!("session {session}, {what} {}", number.unwrap_or_default())
}

/// Who owns the store, and its permissions, so that the rebuild has them too: a `recover`
/// run as root leaves the store to its user.
struct Owner {
    ids: Option<(u32, u32)>,
    mode: Option<u32>,
}

impl Owner {
    /// The store's owner and permissions; if there is no store, the owner of the folder it
    /// is in.
    #[cfg(unix)]
    fn of(store_path: &Path) -> Owner {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let store = std::fs::metadata(store_path).ok();
        let from = store
            .clone()
            .or_else(|| std::fs::metadata(store_path.parent().unwrap_or(Path::new("."))).ok());
        Owner {
            ids: from.map(|m| (m.uid(), m.gid())),
            mode: store.map(|m| m.permissions().mode() & 0o777),
        }
    }

    #[cfg(not(unix))]
    fn of(_store_path: &Path) -> Owner {
        Owner {
            ids: None,
            mode: None,
        }
    }

    /// Gives the folder `built` and everything in it this owner, and the folder the store's
    /// permissions (never more than its owner's own: a store is private).
    #[cfg(unix)]
    fn give(&self, built: &Path) -> Result<(), StoreError> {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let fail = |e: std::io::Error| StoreError::Write {
            path: built.to_path_buf(),
            detail: format!("cannot give it the store's owner and permissions: {e}"),
        };
        if let Some((uid, gid)) = self.ids {
            let mut stack = vec![built.to_path_buf()];
            while let Some(path) = stack.pop() {
                let meta = std::fs::symlink_metadata(&path).map_err(fail)?;
                if (meta.uid(), meta.gid()) != (uid, gid) {
                    std::os::unix::fs::lchown(&path, Some(uid), Some(gid)).map_err(fail)?;
                }
                if meta.is_dir() {
                    for entry in std::fs::read_dir(&path).map_err(fail)? {
                        stack.push(entry.map_err(fail)?.path());
                    }
                }
            }
        }
        if let Some(mode) = self.mode {
            let private = std::fs::Permissions::from_mode(mode & 0o700);
            std::fs::set_permissions(built, private).map_err(fail)?;
        }
        Ok(())
    }

    #[cfg(not(unix))]
    fn give(&self, _built: &Path) -> Result<(), StoreError> {
        Ok(())
    }
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
