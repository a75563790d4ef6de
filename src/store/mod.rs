//! The store: the one place that writes to disk. Everything the app knows of a session lives
//! in sled trees, one record per key; the note of an intervention has its own tree, so that a
//! keystroke rewrites only the note, never the rest of the intervention.
//!
//! Every change is first appended to a journal in the store's folder and made durable there
//! (see `journal`): that sync is the moment a change is saved. The store is written in memory at
//! once and flushed to disk later, off the keystroke's path (`flush_durable`), so a keystroke
//! waits on the disk once, not three times. A store that stopped before its flush is given
//! the changes it lacks from the journal when it opens, as from any write-ahead log. sled can
//! also come back from an abrupt stop unable to open, or empty without a word; the journal
//! is what `recover` rebuilds it from then.

mod archive;
mod error;
mod journal;
mod keys;
mod location;
mod move_to_archive;
mod note_edit;
mod position;
mod recover;
mod saver;
mod verdict;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::domain::{
    AgendaItem, AgendaItemId, Intervention, InterventionId, Meeting, Participant, ParticipantId,
    Patch, Session, SessionId, SessionRecord, SpeakersList,
};

pub use error::StoreError;
pub use journal::{
    encode_record, journal_path, legacy_journal_path, scan_records, JournalEntry, Scan,
};
pub use note_edit::{Applied, NoteEdit};
pub use position::{Pane, Position};
pub use recover::{recover, RecoveryReport};
pub use saver::{SaveReport, Saver, Sink};

use journal::Journal;

/// The layout of the store. Raise it whenever a record changes in a way an older rapporteur
/// would misread; an older rapporteur then refuses the store instead of misreading it.
/// 2: sessions not in use may be kept in the archive (see `archive`), which a rapporteur
/// of schema 1 would read as sessions without interventions.
pub const SCHEMA_VERSION: u32 = 2;

const META_SCHEMA: &[u8] = b"schema_version";
const META_LAST_SESSION: &[u8] = b"last_session";
/// The number of the last journal record whose change the store holds.
const META_JOURNAL_SEQ: &[u8] = b"journal_seq";
/// The journal's length when it was last rewritten in short.
const META_JOURNAL_COMPACTED: &[u8] = b"journal_compacted_len";
/// The store's id, which its journal names in its first record (see `verdict`).
const META_STORE_ID: &[u8] = b"store_id";
/// Where the mark of the store's last flush sits in its journal (`journal::MarkAt`): opening
/// reads the journal from there.
const META_JOURNAL_MARK: &[u8] = b"journal_mark";

/// How many interventions each session holds (keyed by session), kept as they are written, so
/// that listing the sessions reads one number per session, not every intervention. Derived
/// from the `interventions` tree, and counted from it again at opening when `meta` does not
/// say the counts are kept (a store from before, or one `recover` rebuilt).
const COUNTS_TREE: &str = "intervention_counts";
const META_COUNTS_KEPT: &[u8] = b"intervention_counts_kept";

/// The trees that hold the record (all but `meta`), in the order a rebuild writes them.
const RECORD_TREES: [&str; 7] = [
    "sessions",
    "meetings",
    "agenda",
    "participants",
    "interventions",
    "notes",
    "lists",
];

/// A journal longer than this, and more than twice as long as when it was last rewritten in
/// short, is rewritten in short when the store opens sound: a note is journaled whole at
/// every keystroke, so a long day makes a long journal. (The twice: a large session's short
/// journal can itself be longer than this, and rewriting it at every opening would cost more
/// than reading it.)
const COMPACT_ABOVE: u64 = 8 << 20;

/// A change to the record, as the app hands it to the store. Each names one record, so that
/// a burst of changes to the same record can be coalesced into the last one.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Session(Session),
    Meeting(SessionId, Meeting),
    AgendaItem(SessionId, AgendaItem),
    Participant(SessionId, Participant),
    /// Everything of an intervention but its note (see `Note`).
    Intervention(SessionId, Intervention),
    Note(SessionId, InterventionId, String),
    /// What changed in a note since the store journaled it last: the store writes these in
    /// its journal in place of the whole note (see `note_edit`); the app hands over `Note`.
    NoteEdit(SessionId, InterventionId, NoteEdit),
    List(SessionId, SpeakersList),
    RemoveIntervention(SessionId, InterventionId),
    LastSession(SessionId),
    /// Where the user was in a session (see `position`).
    Position(SessionId, Position),
    RemoveMeeting(SessionId, u32),
    RemoveAgendaItem(SessionId, AgendaItemId),
    RemoveParticipant(SessionId, ParticipantId),
    RemoveList(SessionId, AgendaItemId),
    /// The session and everything in it: its record, its counts, where the user was in it.
    RemoveSession(SessionId),
}

/// Which record a change writes: two changes with the same target can be coalesced.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    tree: &'static str,
    key: Vec<u8>,
}

impl Change {
    pub fn target(&self) -> Target {
        let (tree, key): (&'static str, Vec<u8>) = match self {
            Change::Session(s) => ("sessions", keys::session(s.id).to_vec()),
            Change::Meeting(s, m) => ("meetings", keys::in_session_u32(*s, m.number).to_vec()),
            Change::AgendaItem(s, a) => ("agenda", keys::in_session_u32(*s, a.id.0).to_vec()),
            Change::Participant(s, p) => {
                ("participants", keys::in_session_u32(*s, p.id.0).to_vec())
            }
            // Removing an intervention and writing it again target the same record, so
            // that the later of the two wins when they are coalesced.
            Change::Intervention(s, i) => {
                ("interventions", keys::in_session_u64(*s, i.id.0).to_vec())
            }
            Change::RemoveIntervention(s, i) => {
                ("interventions", keys::in_session_u64(*s, i.0).to_vec())
            }
            Change::Note(s, i, _) | Change::NoteEdit(s, i, _) => {
                ("notes", keys::in_session_u64(*s, i.0).to_vec())
            }
            Change::List(s, l) => ("lists", keys::in_session_u32(*s, l.agenda_item.0).to_vec()),
            Change::LastSession(_) => ("meta", META_LAST_SESSION.to_vec()),
            Change::Position(s, _) => ("meta", position::key(*s)),
            Change::RemoveMeeting(s, n) => ("meetings", keys::in_session_u32(*s, *n).to_vec()),
            Change::RemoveAgendaItem(s, a) => ("agenda", keys::in_session_u32(*s, a.0).to_vec()),
            Change::RemoveParticipant(s, p) => {
                ("participants", keys::in_session_u32(*s, p.0).to_vec())
            }
            Change::RemoveList(s, a) => ("lists", keys::in_session_u32(*s, a.0).to_vec()),
            Change::RemoveSession(s) => ("sessions", keys::session(*s).to_vec()),
        };
        Target { tree, key }
    }
}

impl Change {
    /// The changes that save `patch` to session `s`, one per part it touches.
    pub fn for_patch(s: SessionId, patch: &Patch) -> Vec<Change> {
        let mut changes: Vec<Change> = patch.session.iter().cloned().map(Change::Session).collect();
        for (n, m) in &patch.meetings {
            changes.push(match m {
                Some(m) => Change::Meeting(s, m.clone()),
                None => Change::RemoveMeeting(s, *n),
            });
        }
        for (id, a) in &patch.agenda {
            changes.push(match a {
                Some(a) => Change::AgendaItem(s, a.clone()),
                None => Change::RemoveAgendaItem(s, *id),
            });
        }
        for (id, p) in &patch.participants {
            changes.push(match p {
                Some(p) => Change::Participant(s, p.clone()),
                None => Change::RemoveParticipant(s, *id),
            });
        }
        for (id, i) in &patch.interventions {
            match i {
                Some(i) => {
                    changes.push(Change::Intervention(s, i.clone()));
                    changes.push(Change::Note(s, *id, i.note.clone()));
                }
                None => changes.push(Change::RemoveIntervention(s, *id)),
            }
        }
        for (id, l) in &patch.lists {
            changes.push(match l {
                Some(l) => Change::List(s, l.clone()),
                None => Change::RemoveList(s, *id),
            });
        }
        changes
    }

    /// The session whose records or place this change writes, if any: an archived session is
    /// brought back before it is written to (see `archive`). Read from the record's key, so
    /// that every change to a session's records, whatever it is, brings it back.
    fn session_written(&self) -> Option<SessionId> {
        match self {
            Change::LastSession(s) | Change::Position(s, _) => Some(*s),
            _ => {
                let target = self.target();
                (target.tree != "meta")
                    .then(|| keys::u64_from(&target.key).map(SessionId))
                    .flatten()
            }
        }
    }
}

/// One line of `rapporteur sessions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    pub session: Session,
    pub meetings: usize,
    pub interventions: usize,
}

pub struct Store {
    path: PathBuf,
    db: sled::Db,
    /// sled's flush on Linux ends in sync_file_range, which survives a killed process but not
    /// a power cut; an fsync of the log file through this handle makes the flush durable.
    log_file: File,
    /// Every write to the store takes this lock and goes to the journal first, so that the
    /// journal's order is the store's order.
    writing: Mutex<Writing>,
    /// What opening did that the user is to be told of (see `notices`).
    notices: Vec<String>,
}

/// What the store's writes share, under one lock.
struct Writing {
    journal: Journal,
    /// The number of the last journal record the store holds in memory.
    applied: u64,
    /// The number of the last journal record the store holds on disk.
    on_disk: u64,
    /// Why the store stopped taking changes in this run, if it did (sled refuses every write
    /// after one that failed on the disk, a full one say, until it is opened again). The
    /// journal goes on taking them, and the store is given them when it next opens.
    store_failed: Option<String>,
    /// The notes as the journal holds them, to journal a keystroke as an edit of its note.
    notes: note_edit::JournaledNotes,
}

impl Store {
    /// Where the store lives unless `--db` or `RAPPORTEUR_DB` say otherwise:
    /// the user's data directory, e.g. `~/.local/share/rapporteur/store`.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "rapporteur").map(|d| d.data_dir().join("store"))
    }

    /// Opens the store at `path` (every symbolic link resolved first), creating it (readable
    /// by its owner only) if it is not there, and its journal in it. A `recover` that was
    /// stopped is finished first, and a journal from before, beside the folder, moved in.
    ///
    /// A store that lacks the journal's last changes (its rapporteur stopped before the
    /// store's next flush) is given them. One that cannot prove it holds every change the
    /// journal says was saved is refused, with nothing written: one that lacks changes the
    /// journal records it had flushed (`StoreError::BehindJournal`: sled can open a store cut
    /// short by an abrupt stop as an empty one, and working on would hide the loss), one whose
    /// journal is missing or another store's, or damaged where it may hold changes the store
    /// lacks (see `verdict`). `recover` rebuilds it. What the user is to be told of the
    /// opening is in `notices`.
    ///
    /// Sessions not in use are moved to the store's archive once the main sled holds enough
    /// of them (see `move_to_archive`), so that opening reads what the sessions in use need.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let path = &location::resolve(path);
        let mut notices: Vec<String> = recover::finish_interrupted(path)?.into_iter().collect();
        let was_a_store = location::holds_a_store(path) || move_to_archive::under_way(path);
        notices.extend(location::private_dir(path)?);
        // No other rapporteur opens the store while this one may move its main sled.
        let _opening = location::lock_folder(path)?;
        move_to_archive::finish(path)?;
        let store = Store::open_locked(path, was_a_store, notices)?;
        move_to_archive::when_worth_it(store)
    }

    /// `open`, once the folder is there and locked and no move to the archive is under way.
    fn open_locked(
        path: &Path,
        was_a_store: bool,
        mut notices: Vec<String>,
    ) -> Result<Store, StoreError> {
        let db = open_sled_when_free(path)?;
        // Under sled's lock: no other rapporteur moves the journal at the same time.
        notices.extend(location::move_journal_in(path, was_a_store)?);
        let log_file = File::open(path.join("db")).map_err(|e| StoreError::Write {
            path: path.to_path_buf(),
            detail: format!("cannot open its log file: {e}"),
        })?;
        let err = |e| StoreError::from_sled(path, e);
        let meta = db.open_tree("meta").map_err(err)?;
        // Nothing is written before these checks: a refused store is left as it was found.
        let schema = meta
            .get(META_SCHEMA)
            .map_err(err)?
            .and_then(|v| keys::u32_from(&v));
        if let Some(found) = schema.filter(|v| *v > SCHEMA_VERSION) {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let applied = meta
            .get(META_JOURNAL_SEQ)
            .map_err(err)?
            .and_then(|v| keys::u64_from(&v))
            .unwrap_or(0);
        let known_id = meta
            .get(META_STORE_ID)
            .map_err(err)?
            .map(|v| String::from_utf8_lossy(&v).into_owned());
        let last_mark = meta
            .get(META_JOURNAL_MARK)
            .map_err(err)?
            .and_then(|v| journal::MarkAt::from_bytes(&v))
            .filter(|mark| mark.seq <= applied);
        let journal_file = journal_path(path);
        let scan = journal::scan_since(&journal_file, last_mark, applied)?;
        let marks = verdict::Marks {
            applied,
            store_id: known_id.as_deref(),
        };
        verdict::check(path, &journal_file, &marks, scan.as_ref())?;
        archive::check_present(path, &db)?;
        let missing = missing_from_store(scan.as_ref(), applied).ok_or_else(|| {
            StoreError::BehindJournal {
                path: path.to_path_buf(),
                journal: journal_file.clone(),
            }
        })?;
        // A store from before ids takes its journal's, or a new one.
        let journal_id = scan.as_ref().and_then(|s| s.store_id.clone());
        let store_id = known_id
            .clone()
            .or(journal_id.clone())
            .unwrap_or_else(verdict::new_store_id);
        let (mut journal, rewrite, set_aside) = open_journal(path, &db, scan.as_ref(), applied)?;
        notices.extend(set_aside);
        journal.belongs_to(&store_id)?;
        // A journal with records but without the store's id first is written anew with it.
        let unnamed = journal_id.is_none() && scan.as_ref().is_some_and(|s| s.clean_len > 0);
        let rewrite = if unnamed { Rewrite::Needed } else { rewrite };
        let has_flush_marks = scan.as_ref().is_some_and(|s| s.stored_through.is_some());
        let store = Store {
            path: path.to_path_buf(),
            db,
            log_file,
            writing: Mutex::new(Writing {
                journal,
                applied,
                on_disk: applied,
                store_failed: None,
                notes: Default::default(),
            }),
            notices,
        };
        if let Some(last) = missing.last() {
            for entry in &missing {
                write_change(&store.db, path, &entry.change)?;
            }
            store.set_applied(&mut store.writing(), last.seq)?;
        }
        if !meta.contains_key(META_COUNTS_KEPT).map_err(err)? {
            count_interventions(&store.db).map_err(err)?;
            meta.insert(META_COUNTS_KEPT, &[1]).map_err(err)?;
        }
        if schema.is_none() {
            meta.insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())
                .map_err(err)?;
        }
        if !missing.is_empty() || schema.is_none() || !has_flush_marks {
            // From here on the journal says how far the store is on disk.
            store.checkpoint(true)?;
        }
        match rewrite {
            Rewrite::Needed => store.compact_journal()?,
            // Only a matter of length: the journal as it is still holds everything.
            Rewrite::Worth => {
                let _ = store.compact_journal();
            }
            Rewrite::No => {}
        }
        if known_id.is_none() {
            // Only now that the journal names the store: a store whose id is on disk before
            // its journal names it would take its own journal for another's.
            meta.insert(META_STORE_ID, store_id.as_bytes())
                .map_err(err)?;
            store.flush_sled()?;
        }
        Ok(store)
    }

    /// The store's folder, every symbolic link resolved.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What opening the store did that its user is to be told, once: a folder tightened to
    /// its owner, a journal moved into it, a damaged journal set aside.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// The journal in the store's folder (see `journal_path`).
    pub fn journal_path(&self) -> PathBuf {
        journal_path(&self.path)
    }

    fn err(&self, e: sled::Error) -> StoreError {
        StoreError::from_sled(&self.path, e)
    }

    fn tree(&self, name: &str) -> Result<sled::Tree, StoreError> {
        self.db.open_tree(name).map_err(|e| self.err(e))
    }

    fn damaged(&self, what: &str, key: &[u8], e: impl std::fmt::Display) -> StoreError {
        StoreError::Damaged {
            path: self.path.clone(),
            detail: format!("the {what} record {key:02x?} cannot be decoded ({e})"),
        }
    }

    /// The journal and the store's marks, locked: every write to the store holds it. A panic
    /// elsewhere while it was held must not stop the saving, so a poisoned lock is taken over
    /// as it is.
    fn writing(&self) -> MutexGuard<'_, Writing> {
        self.writing.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Applies one change in memory; it is on disk after the next `flush_durable`, in the
    /// journal first. (The saver uses `write_batch`, which makes the journal durable before
    /// the store is even touched.)
    pub fn apply(&self, change: &Change) -> Result<(), StoreError> {
        let mut writing = self.writing();
        let mark = writing.journal.mark();
        let seq = match record_in_journal(&mut writing, std::slice::from_ref(change)) {
            Ok(seq) => seq,
            Err(e) => {
                writing.notes.forget();
                return Err(e);
            }
        };
        let applied = write_change(&self.db, &self.path, change)
            .and_then(|()| self.set_applied(&mut writing, seq));
        if applied.is_err() {
            // The caller is told the change was not made; the journal must not say otherwise.
            writing.journal.rollback(mark);
            writing.notes.forget();
        }
        applied
    }

    /// Makes every change applied so far durable in the journal and on the store's own disk
    /// files (sled's flush and an fsync of its log, so that neither a killed process nor a
    /// power cut loses it), then records in the journal that the store holds them.
    pub fn flush_durable(&self) -> Result<(), StoreError> {
        self.checkpoint(false)
    }

    /// `flush_durable`; with `mark_anyway`, the journal is given the mark even if the store
    /// holds nothing new, so that a journal without any mark gets one.
    fn checkpoint(&self, mark_anyway: bool) -> Result<(), StoreError> {
        let mut writing = self.writing();
        writing.journal.sync()?;
        if let Some(why) = &writing.store_failed {
            return Err(StoreError::Write {
                path: self.path.clone(),
                detail: format!(
                    "{why}. Every change is in the journal, and the store is completed from it \
                     when it is next opened"
                ),
            });
        }
        if writing.on_disk == writing.applied && !mark_anyway {
            return Ok(());
        }
        let applied = writing.applied;
        self.set_applied(&mut writing, applied)?;
        // Where the mark will sit goes to disk with the changes it covers, so that the next
        // opening reads the journal from there.
        let mark = writing.journal.prepare_mark(applied);
        // Only if every record before it is one the store holds: a change journaled but not
        // yet in the store (cut off before it was applied) must still be read at opening,
        // so the mark kept before stays the place to read from.
        if writing.journal.next_seq() <= applied + 1 {
            self.keep_mark(mark.at)?;
        }
        self.flush_sled()?;
        writing.on_disk = applied;
        // Should this sync fail, the mark goes out with the next one: a journal whose last
        // mark is lower than it could be only makes the store's check at opening less strict.
        writing.journal.push_mark(mark);
        writing.journal.sync()
    }

    /// Rewrites the journal in short if it has grown long enough to be worth it, as opening
    /// does: for a store kept open for days, whose journal grows with every keystroke.
    /// Returns whether it did.
    pub fn compact_journal_if_long(&self) -> Result<bool, StoreError> {
        let length = self.writing().journal.len();
        if !journal_too_long(&self.db, length).map_err(|e| self.err(e))? {
            return Ok(false);
        }
        self.compact_journal().map(|()| true)
    }

    /// Keeps where the journal's mark of this flush sits (see `META_JOURNAL_MARK`).
    fn keep_mark(&self, mark: journal::MarkAt) -> Result<(), StoreError> {
        self.tree("meta")?
            .insert(META_JOURNAL_MARK, &mark.to_bytes())
            .map(drop)
            .map_err(|e| self.err(e))
    }

    fn flush_sled(&self) -> Result<(), StoreError> {
        flush_db(&self.db, &self.log_file, &self.path)
    }

    /// Records that the store holds the journal's changes up to `seq`. Written after the
    /// changes it covers: sled comes back from an abrupt stop with a prefix of its writes, so
    /// if the mark survived, so did they.
    ///
    /// The notes typed since they were last written go first (a keystroke writes its note to
    /// the journal only), and from here on each note is journaled whole before its next edit:
    /// a replay from this mark starts from a copy of each note, never from an edit of a text
    /// sled may not have come back with.
    fn set_applied(&self, writing: &mut Writing, seq: u64) -> Result<(), StoreError> {
        self.write_unwritten_notes(writing)?;
        self.tree("meta")?
            .insert(META_JOURNAL_SEQ, &seq.to_be_bytes())
            .map_err(|e| self.err(e))?;
        writing.notes.checkpoint();
        writing.applied = seq;
        Ok(())
    }

    /// Writes to sled, in memory, the notes the journal holds newer than it.
    fn write_unwritten_notes(&self, writing: &Writing) -> Result<(), StoreError> {
        let notes = self.tree("notes")?;
        for (s, i, text) in writing.notes.unwritten() {
            archive::bring_back(&self.db, &self.path, s)?;
            notes
                .insert(keys::in_session_u64(s, i.0), text.as_bytes())
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// Writes `changes`, in order, and makes them durable in the journal (written and
    /// synced); only then is anything of it reported saved. The store holds them in memory
    /// on return and on disk after the next `flush_durable`; should the process stop before
    /// that, the store is given them from the journal when it next opens. On an error, the
    /// caller keeps the changes and tries again; a change written twice is harmless, as each
    /// one is the whole new state of its record.
    ///
    /// Once in the journal, the changes are saved: should the store then refuse them (sled
    /// refuses every write after one that failed on a full disk, even once the disk has room
    /// again), they are not reported unsaved, and the store takes no more changes in this
    /// run, so that it never holds a later change without an earlier one. It is given them
    /// all from the journal when it next opens; `flush_durable` says so meanwhile.
    pub fn write_batch(&self, changes: &[Change]) -> Result<(), StoreError> {
        let mut writing = self.writing();
        let mark = writing.journal.mark();
        let recorded = record_in_journal(&mut writing, changes);
        let last = match recorded.and_then(|last| writing.journal.sync().map(|()| last)) {
            Ok(last) => last,
            Err(e) => {
                writing.journal.rollback(mark);
                // The journal did not take these edits: the next ones are of what it holds.
                writing.notes.forget();
                return Err(e);
            }
        };
        if writing.store_failed.is_some() || changes.is_empty() {
            return Ok(());
        }
        // A note goes to sled when the store is flushed (`set_applied`), from the journal's
        // copy of it: sled writing a note of a megabyte at every keystroke would cost more
        // than the keystroke's sync. So does the mark of how far the store holds the journal:
        // until then, an opening replays these changes, which are whole records or edits
        // the journal starts from a copy (the notes).
        let applied = changes
            .iter()
            .filter(|change| !matches!(change, Change::Note(..)))
            .try_for_each(|change| write_change(&self.db, &self.path, change));
        match applied {
            Ok(()) => writing.applied = last,
            Err(e) => writing.store_failed = Some(e.to_string()),
        }
        Ok(())
    }

    /// Writes a whole session (a demonstration, an import) and makes it durable, in the
    /// journal and in the store.
    pub fn save_record(&self, record: &SessionRecord) -> Result<(), StoreError> {
        let sid = record.session.id;
        let mut changes = vec![Change::Session(record.session.clone())];
        changes.extend(
            record
                .meetings
                .iter()
                .map(|m| Change::Meeting(sid, m.clone())),
        );
        changes.extend(
            record
                .agenda
                .iter()
                .map(|a| Change::AgendaItem(sid, a.clone())),
        );
        changes.extend(
            record
                .participants
                .iter()
                .map(|p| Change::Participant(sid, p.clone())),
        );
        for i in &record.interventions {
            changes.push(Change::Intervention(sid, i.clone()));
            changes.push(Change::Note(sid, i.id, i.note.clone()));
        }
        changes.extend(record.lists.iter().map(|l| Change::List(sid, l.clone())));
        self.write_batch(&changes)?;
        // A session written whole is journaled in short already: a journal that was never
        // rewritten takes its length as the one to double before the next rewrite is worth
        // it, or a large demonstration or import would be rewritten for nothing at the next
        // opening.
        let meta = self.tree("meta")?;
        if !meta
            .contains_key(META_JOURNAL_COMPACTED)
            .map_err(|e| self.err(e))?
        {
            let length = self.writing().journal.len();
            meta.insert(META_JOURNAL_COMPACTED, &length.to_be_bytes())
                .map_err(|e| self.err(e))?;
        }
        self.flush_durable()
    }

    /// Rewrites the journal as the fewest changes that rebuild the store as it is now: one per
    /// record of every tree. The new journal is written beside the old one and renamed over
    /// it, so an abrupt stop leaves one or the other whole.
    pub fn compact_journal(&self) -> Result<(), StoreError> {
        let mut writing = self.writing();
        writing.journal.sync()?;
        if let Some(why) = &writing.store_failed {
            // The store lacks changes the journal holds: written from it, the journal would
            // lose them.
            return Err(StoreError::Write {
                path: self.path.clone(),
                detail: format!("the journal cannot be rewritten from it ({why})"),
            });
        }
        // The notes typed since the last flush are in the journal only: the rewritten journal
        // is read from the store, so they go into it first.
        self.write_unwritten_notes(&writing)?;
        let changes = self.all_changes()?;
        let seq = writing.journal.next_seq();
        // The number is the rewritten journal's from now on, whether the rewrite succeeds or
        // not: the store is about to claim it, so no later change may be given it.
        writing.journal.skip_past(seq);
        // The store's mark first: were it ever below the journal's, a sound store would be
        // taken for one that lost changes.
        self.set_applied(&mut writing, seq)?;
        self.flush_sled()?;
        writing.on_disk = seq;
        let mark = writing.journal.replace(&changes, seq)?;
        self.tree("meta")?
            .insert(META_JOURNAL_COMPACTED, &mark.end.to_be_bytes())
            .map_err(|e| self.err(e))?;
        self.keep_mark(mark)?;
        self.flush_sled()
    }

    /// Every record of the store as the change that writes it, sessions first.
    fn all_changes(&self) -> Result<Vec<Change>, StoreError> {
        all_changes(&self.db, &self.path)
    }

    /// The next free session id.
    pub fn next_session_id(&self) -> Result<SessionId, StoreError> {
        let last = self
            .tree("sessions")?
            .last()
            .map_err(|e| self.err(e))?
            .and_then(|(k, _)| keys::u64_from(&k));
        Ok(SessionId(last.unwrap_or(0) + 1))
    }

    /// The session last opened, or else the one created last.
    pub fn most_recent_session(&self) -> Result<Option<SessionId>, StoreError> {
        let last_opened = self
            .tree("meta")?
            .get(META_LAST_SESSION)
            .map_err(|e| self.err(e))?
            .and_then(|v| keys::u64_from(&v))
            .map(SessionId);
        let sessions = self.tree("sessions")?;
        if let Some(id) = last_opened {
            if sessions
                .contains_key(keys::session(id))
                .map_err(|e| self.err(e))?
            {
                return Ok(Some(id));
            }
        }
        Ok(sessions
            .last()
            .map_err(|e| self.err(e))?
            .and_then(|(k, _)| keys::u64_from(&k))
            .map(SessionId))
    }

    pub fn sessions(&self) -> Result<Vec<SessionSummary>, StoreError> {
        let counts = self.tree(COUNTS_TREE)?;
        let archived = archive::index(&self.db).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for entry in self.tree("sessions")?.iter() {
            let (k, v) = entry.map_err(|e| self.err(e))?;
            let session: Session = decode(&v).map_err(|e| self.damaged("session", &k, e))?;
            let prefix = keys::session(session.id);
            // Counted as they are written: reading every intervention of every session to
            // count them would make the list cost what the store ever held.
            let interventions = counts
                .get(prefix)
                .map_err(|e| self.err(e))?
                .and_then(|v| keys::u64_from(&v))
                .unwrap_or(0);
            // An archived session's meetings are counted in the archive's index.
            let meetings = match archived.get(&session.id) {
                Some(filed) => usize::try_from(filed.meetings).unwrap_or(usize::MAX),
                None => self.tree("meetings")?.scan_prefix(prefix).count(),
            };
            out.push(SessionSummary {
                meetings,
                interventions: usize::try_from(interventions).unwrap_or(usize::MAX),
                session,
            });
        }
        Ok(out)
    }

    /// Reads a whole session into memory, from the main sled or, for a session not in use,
    /// from its file in the archive.
    pub fn load(&self, id: SessionId) -> Result<SessionRecord, StoreError> {
        // The notes typed since the last flush are in the journal and in memory, not yet in
        // sled's trees: they are read as typed.
        self.write_unwritten_notes(&self.writing())?;
        let session: Session = match self.tree("sessions")?.get(keys::session(id)) {
            Ok(Some(v)) => decode(&v).map_err(|e| self.damaged("session", &v, e))?,
            Ok(None) => return Err(StoreError::NoSuchSession(id.0)),
            Err(e) => return Err(self.err(e)),
        };
        let archived = match archive::filed(&self.db, id).map_err(|e| self.err(e))? {
            Some(filed) => Some(archive::read_file(&self.path, id, filed)?),
            None => None,
        };
        let rows = |tree: &str| self.rows_of(archived.as_deref(), tree, id);
        let mut interventions: Vec<Intervention> =
            self.decode_all("interventions", rows("interventions")?)?;
        // Both trees are keyed by session then intervention, so one pass in key order over
        // the notes meets each intervention in turn, without a lookup per note.
        let mut notes = rows("notes")?
            .into_iter()
            .map(|(k, v)| (k.get(8..).and_then(keys::u64_from), v))
            .peekable();
        for iv in &mut interventions {
            let mut note = String::new();
            while let Some((number, v)) =
                notes.next_if(|(number, _)| number.is_none_or(|n| n <= iv.id.0))
            {
                if number == Some(iv.id.0) {
                    note = String::from_utf8_lossy(&v).into_owned();
                }
            }
            iv.set_note(note);
            iv.settle_live_record();
        }
        Ok(SessionRecord {
            session,
            meetings: self.decode_all("meetings", rows("meetings")?)?,
            agenda: self.decode_all("agenda", rows("agenda")?)?,
            participants: self.decode_all("participants", rows("participants")?)?,
            interventions,
            lists: self.decode_all("lists", rows("lists")?)?,
        })
    }

    /// The records of session `id` in `tree`, in key order: from its archive file's `rows`
    /// for an archived tree of an archived session, from the main sled otherwise.
    fn rows_of(
        &self,
        archived: Option<&[archive::Row]>,
        tree: &str,
        id: SessionId,
    ) -> Result<Vec<(sled::IVec, sled::IVec)>, StoreError> {
        match archived {
            Some(rows) if archive::ARCHIVED_TREES.contains(&tree) => Ok(rows
                .iter()
                .filter(|(t, _, _)| *t == tree)
                .map(|(_, k, v)| (k.as_slice().into(), v.as_slice().into()))
                .collect()),
            _ => self
                .tree(tree)?
                .scan_prefix(keys::session(id))
                .map(|entry| entry.map_err(|e| self.err(e)))
                .collect(),
        }
    }

    fn decode_all<T: DeserializeOwned>(
        &self,
        tree: &str,
        rows: Vec<(sled::IVec, sled::IVec)>,
    ) -> Result<Vec<T>, StoreError> {
        rows.iter()
            .map(|(k, v)| decode(v).map_err(|e| self.damaged(tree, k, e)))
            .collect()
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // A store closed in order is on disk and says so: its next opening replays nothing.
        // Should this fail, the journal still holds every change for that opening to replay.
        let _ = self.checkpoint(false);
    }
}

/// Every record of the store `db` as the change that writes it, sessions first, and those of
/// its archived sessions from their files (see `archive`).
fn all_changes(db: &sled::Db, path: &Path) -> Result<Vec<Change>, StoreError> {
    let err = |e| StoreError::from_sled(path, e);
    let archived = archive::index(db).map_err(err)?;
    let mut changes = Vec::new();
    for tree in RECORD_TREES {
        for entry in db.open_tree(tree).map_err(err)?.iter() {
            let (k, v) = entry.map_err(err)?;
            if is_archived(&archived, tree, &k) {
                continue;
            }
            changes.push(change_of(path, tree, &k, &v)?);
        }
    }
    for (s, filed) in &archived {
        for (tree, k, v) in archive::read_file(path, *s, *filed)? {
            changes.push(change_of(path, tree, &k, &v)?);
        }
    }
    if let Some(v) = db
        .open_tree("meta")
        .and_then(|m| m.get(META_LAST_SESSION))
        .map_err(err)?
    {
        if let Some(s) = keys::u64_from(&v) {
            changes.push(Change::LastSession(SessionId(s)));
        }
    }
    Ok(changes)
}

/// Whether the record `key` of `tree` in the main sled belongs to an archived session: its
/// file holds it, and what the main sled holds of it is left from a bring-back cut short.
fn is_archived(
    archived: &std::collections::BTreeMap<SessionId, archive::Filed>,
    tree: &str,
    key: &[u8],
) -> bool {
    archive::ARCHIVED_TREES.contains(&tree)
        && keys::u64_from(key).is_some_and(|s| archived.contains_key(&SessionId(s)))
}

/// The change that writes the record `k` → `v` of `tree`.
fn change_of(path: &Path, tree: &str, k: &[u8], v: &[u8]) -> Result<Change, StoreError> {
    let session = keys::u64_from(k).map(SessionId);
    let number = k.get(8..).and_then(keys::u64_from);
    let bad = |e: &dyn std::fmt::Display| StoreError::Damaged {
        path: path.to_path_buf(),
        detail: format!("the {tree} record {k:02x?} cannot be decoded ({e})"),
    };
    Ok(match (tree, session) {
        ("sessions", _) => Change::Session(decode(v).map_err(|e| bad(&e))?),
        ("meetings", Some(s)) => Change::Meeting(s, decode(v).map_err(|e| bad(&e))?),
        ("agenda", Some(s)) => Change::AgendaItem(s, decode(v).map_err(|e| bad(&e))?),
        ("participants", Some(s)) => Change::Participant(s, decode(v).map_err(|e| bad(&e))?),
        ("interventions", Some(s)) => Change::Intervention(s, decode(v).map_err(|e| bad(&e))?),
        ("notes", Some(s)) => {
            let id = number.ok_or_else(|| bad(&"a key too short"))?;
            let text = String::from_utf8(v.to_vec()).map_err(|e| bad(&e))?;
            Change::Note(s, InterventionId(id), text)
        }
        ("lists", Some(s)) => Change::List(s, decode(v).map_err(|e| bad(&e))?),
        _ => return Err(bad(&"a key too short")),
    })
}

/// Numbers and encodes `changes` in the journal, each note as an edit of the text journaled
/// last when that is much smaller (see `note_edit`); returns the number of the last.
fn record_in_journal(writing: &mut Writing, changes: &[Change]) -> Result<u64, StoreError> {
    match writing.notes.journal_form(changes) {
        Some(journaled) => writing.journal.record(&journaled),
        None => writing.journal.record(changes),
    }
}

/// The journal's records the store lacks: those written after the store's last flush, which
/// `Store::open` gives it as from any write-ahead log. `None` if the store lacks changes the
/// journal records it had on disk: that is not an interrupted write but a store that lost
/// what it held, which is not to be hidden.
fn missing_from_store(scan: Option<&journal::Scan>, applied: u64) -> Option<Vec<&JournalEntry>> {
    let missing: Vec<&JournalEntry> = scan
        .iter()
        .flat_map(|s| &s.entries)
        .filter(|e| e.seq > applied)
        .collect();
    let sound = match scan {
        None => true,
        Some(journal::Scan {
            stored_through: Some(stored_through),
            ..
        }) => applied >= *stored_through,
        // A journal from before the store was flushed off the keystroke's path: the store
        // was flushed after every batch, so it may lack the last one only.
        Some(_) => match missing.first() {
            None => true,
            Some(first) => {
                first.batch == applied + 1 && missing.iter().all(|e| e.batch == first.batch)
            }
        },
    };
    sound.then_some(missing)
}

/// Opens the journal of a store found sound, and says whether it must be written anew from
/// the store so that it holds everything the store does.
fn open_journal(
    store: &Path,
    db: &sled::Db,
    scan: Option<&journal::Scan>,
    applied: u64,
) -> Result<(Journal, Rewrite, Option<String>), StoreError> {
    let journal_file = &journal_path(store);
    let next_seq = applied.max(scan.map_or(0, journal::Scan::last_seq)) + 1;
    match scan {
        Some(s) if s.damaged_bytes > 0 => {
            // Damage only where the store holds every change (see `verdict`): the journal as
            // found is kept, and a sound one written from the store, which holds all it held.
            let kept = recover::aside(journal_file, "damaged");
            std::fs::rename(journal_file, &kept).map_err(|e| StoreError::Journal {
                path: journal_file.to_path_buf(),
                detail: format!(
                    "it is damaged, and cannot be moved aside to {}: {e}",
                    kept.display()
                ),
            })?;
            let told = format!(
                "{} bytes of the journal could not be read, all of them changes the store holds \
                 already, so nothing is missing: the journal as found is kept at {}, and a \
                 sound one was written from the store",
                s.damaged_bytes,
                kept.display()
            );
            Ok((
                Journal::open(journal_file, 0, next_seq)?,
                Rewrite::Needed,
                Some(told),
            ))
        }
        // A torn last record (an append cut short) was never reported saved: it is cut off.
        // No journal, or none with a whole record in it, is a new store, one from before
        // journals, or one whose first write was cut short: the journal is written from the
        // store if that holds anything.
        _ => {
            // Read from the last flush mark on, it holds the changes before the mark too.
            let (clean_len, holds_any) = scan.map_or((0, false), |s| {
                (s.clean_len, s.changes > 0 || s.read_from > 0)
            });
            let journal = Journal::open(journal_file, clean_len, next_seq)?;
            let sled_err = |e| StoreError::from_sled(store, e);
            let holds_records = has_records(db).map_err(sled_err)?;
            let rewrite = if !holds_any && holds_records {
                Rewrite::Needed
            } else if journal_too_long(db, clean_len).map_err(sled_err)? {
                Rewrite::Worth
            } else {
                Rewrite::No
            };
            Ok((journal, rewrite, None))
        }
    }
}

/// Whether a journal of `length` bytes is worth rewriting in short (see `COMPACT_ABOVE`).
fn journal_too_long(db: &sled::Db, length: u64) -> Result<bool, sled::Error> {
    let compacted = db
        .open_tree("meta")?
        .get(META_JOURNAL_COMPACTED)?
        .and_then(|v| keys::u64_from(&v))
        .unwrap_or(0);
    Ok(length > COMPACT_ABOVE.max(compacted.saturating_mul(2)))
}

/// What `Store::open` does with the journal once the store is found sound.
enum Rewrite {
    /// The journal does not hold everything the store does.
    Needed,
    /// It does, but at great length.
    Worth,
    No,
}

/// Writes one change into sled's trees, in memory.
fn write_change(db: &sled::Db, path: &Path, change: &Change) -> Result<(), StoreError> {
    let err = |e| StoreError::from_sled(path, e);
    if let Some(s) = change.session_written() {
        archive::bring_back(db, path, s)?;
    }
    let target = change.target();
    let tree = db.open_tree(target.tree).map_err(err)?;
    let value: Option<Vec<u8>> = match change {
        Change::Session(s) => Some(encode(s)),
        Change::Meeting(_, m) => Some(encode(m)),
        Change::AgendaItem(_, a) => Some(encode(a)),
        Change::Participant(_, p) => Some(encode(p)),
        Change::Intervention(_, i) => Some(encode_intervention(i)),
        Change::Note(_, _, text) => Some(text.as_bytes().to_vec()),
        Change::NoteEdit(s, i, edit) => {
            let held = tree.get(&target.key).map_err(err)?;
            let held = held.as_deref().unwrap_or_default();
            let refused = |what: &str| StoreError::Damaged {
                path: path.to_path_buf(),
                detail: format!(
                    "the journal's edit of the note of intervention {} of session {} does not \
                     apply to the note the store holds ({what}); a record of the journal is \
                     missing or damaged. Nothing was changed; `rapporteur recover` rebuilds \
                     the store from its journal",
                    i.0, s.0
                ),
            };
            let held = std::str::from_utf8(held).map_err(|_| refused("it is not text"))?;
            match edit.apply_to(held) {
                note_edit::Applied::Edited(text) => Some(text.into_bytes()),
                note_edit::Applied::Already => return Ok(()),
                note_edit::Applied::OtherText => {
                    return Err(refused(&format!(
                        "{} bytes, where the edit expects {}",
                        held.len(),
                        edit.base_len
                    )))
                }
            }
        }
        Change::List(_, l) => Some(encode(l)),
        Change::RemoveIntervention(s, id) => {
            // The note goes with the intervention it belongs to.
            db.open_tree("notes")
                .and_then(|notes| notes.remove(keys::in_session_u64(*s, id.0)))
                .map_err(err)?;
            None
        }
        Change::LastSession(s) => Some(keys::session(*s).to_vec()),
        Change::Position(_, p) => Some(encode(p)),
        Change::RemoveMeeting(..)
        | Change::RemoveAgendaItem(..)
        | Change::RemoveParticipant(..)
        | Change::RemoveList(..) => None,
        Change::RemoveSession(s) => {
            remove_session_parts(db, *s).map_err(err)?;
            None
        }
    };
    let previous = match value {
        Some(v) => tree.insert(target.key, v),
        None => tree.remove(target.key),
    }
    .map_err(err)?;
    // Only a new intervention or one that was there counts: a change replayed from the
    // journal that the store holds already leaves the count as it is.
    match change {
        Change::Intervention(s, _) if previous.is_none() => add_to_count(db, *s, 1),
        Change::RemoveIntervention(s, _) if previous.is_some() => add_to_count(db, *s, -1),
        _ => Ok(()),
    }
    .map_err(err)
}

/// Everything of session `s` but its entry in `sessions`: the record's trees, its count,
/// where the user was in it, and `meta`'s last session if it was this one.
fn remove_session_parts(db: &sled::Db, s: SessionId) -> Result<(), sled::Error> {
    for name in RECORD_TREES.iter().chain([&COUNTS_TREE]) {
        let tree = db.open_tree(name)?;
        for key in tree.scan_prefix(keys::session(s)).keys() {
            tree.remove(key?)?;
        }
    }
    let meta = db.open_tree("meta")?;
    meta.remove(position::key(s))?;
    if meta.get(META_LAST_SESSION)?.as_deref() == Some(keys::session(s).as_slice()) {
        meta.remove(META_LAST_SESSION)?;
    }
    Ok(())
}

/// Adds `delta` to the count of the interventions of session `s` (see `COUNTS_TREE`).
fn add_to_count(db: &sled::Db, s: SessionId, delta: i64) -> Result<(), sled::Error> {
    db.open_tree(COUNTS_TREE)?
        .fetch_and_update(keys::session(s), |old| {
            let count = old.and_then(keys::u64_from).unwrap_or(0);
            Some(count.saturating_add_signed(delta).to_be_bytes().to_vec())
        })
        .map(drop)
}

/// Counts every session's interventions anew from the `interventions` tree: once, for a store
/// whose counts are not kept yet. Reads keys in order, one session after another.
fn count_interventions(db: &sled::Db) -> Result<(), sled::Error> {
    let counts = db.open_tree(COUNTS_TREE)?;
    // An archived session's count is kept: its interventions are in its file.
    let archived = archive::index(db)?;
    for key in counts.iter().keys() {
        let key = key?;
        if !keys::u64_from(&key).is_some_and(|s| archived.contains_key(&SessionId(s))) {
            counts.remove(key)?;
        }
    }
    let mut current: Option<([u8; 8], u64)> = None;
    for entry in db.open_tree("interventions")?.iter() {
        let (key, _) = entry?;
        if is_archived(&archived, "interventions", &key) {
            continue;
        }
        let Some(session) = key.get(..8).and_then(|k| <[u8; 8]>::try_from(k).ok()) else {
            continue;
        };
        match &mut current {
            Some((s, n)) if *s == session => *n += 1,
            _ => {
                if let Some((s, n)) = current.take() {
                    counts.insert(s, &n.to_be_bytes())?;
                }
                current = Some((session, 1));
            }
        }
    }
    if let Some((s, n)) = current {
        counts.insert(s, &n.to_be_bytes())?;
    }
    Ok(())
}

/// sled's flush, then an fsync of its log file: sled's own flush on Linux ends in
/// sync_file_range, which survives a killed process but not a power cut.
fn flush_db(db: &sled::Db, log_file: &File, path: &Path) -> Result<(), StoreError> {
    db.flush().map_err(|e| StoreError::from_sled(path, e))?;
    log_file.sync_all().map_err(|e| StoreError::Write {
        path: path.to_path_buf(),
        detail: format!("cannot sync to disk: {e}"),
    })
}

/// Whether any tree holds a record (the schema and the journal's mark do not count).
fn has_records(db: &sled::Db) -> Result<bool, sled::Error> {
    for name in RECORD_TREES {
        if !db.open_tree(name)?.is_empty() {
            return Ok(true);
        }
    }
    db.open_tree("meta")?.contains_key(META_LAST_SESSION)
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("domain types always serialise")
}

/// An intervention without its note and the tags drawn from it: those live in the `notes`
/// tree, written on their own at every keystroke.
fn encode_intervention(iv: &Intervention) -> Vec<u8> {
    let mut value = serde_json::to_value(iv).expect("domain types always serialise");
    if let Some(fields) = value.as_object_mut() {
        fields.remove("note");
        fields.remove("tags");
    }
    serde_json::to_vec(&value).expect("a JSON value always serialises")
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(bytes)
}

/// How long an open waits for a store that was just let go of: sled releases its lock when
/// its last background thread ends, a moment after the store is dropped or its process quits.
const LOCK_GRACE: std::time::Duration = std::time::Duration::from_millis(1500);

/// Opens sled, waiting a moment if the store is still locked by one just closed, so that
/// quitting and opening again at once never reads as "in use".
fn open_sled_when_free(path: &Path) -> Result<sled::Db, StoreError> {
    let started = std::time::Instant::now();
    loop {
        match open_sled(path) {
            Err(StoreError::InUse { .. }) if started.elapsed() < LOCK_GRACE => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// sled's own cache of its pages. The app holds the session it shows in memory already, so
/// sled's cache only serves reads the app does not keep, and a large one would hold a whole
/// session a second time (sled's default is 1 GB).
const SLED_CACHE_BYTES: u64 = 4 << 20;

/// Opens sled, turning its panics on some damaged files into an error: a damaged store must
/// get a message and a way out, never a crash.
fn open_sled(path: &Path) -> Result<sled::Db, StoreError> {
    let config = sled::Config::new()
        .path(path)
        // The app's saver flushes on its own deadline; sled's own timer would only compete.
        .flush_every_ms(None)
        .cache_capacity(SLED_CACHE_BYTES);
    let opened =
        quietly(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open())));
    match opened {
        Ok(result) => result.map_err(|e| StoreError::from_sled(path, e)),
        Err(panic) => Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: format!(
                "its files are damaged ({})",
                panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("the store engine stopped while reading them")
            ),
        }),
    }
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with panic messages of this thread kept off the terminal: a panic inside sled on a
/// damaged file becomes our own message instead. Other threads' panics still print.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let out = f();
    QUIET.with(|q| q.set(false));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(n: u64, text: &str) -> Change {
        Change::Note(SessionId(1), InterventionId(n), text.into())
    }

    fn note_in(store: &Store, n: u64) -> Option<String> {
        store.write_unwritten_notes(&store.writing()).unwrap();
        let key = keys::in_session_u64(SessionId(1), n);
        let value = store.tree("notes").unwrap().get(key).unwrap()?;
        Some(String::from_utf8(value.to_vec()).unwrap())
    }

    /// Journals `changes` as one batch, as `write_batch` does, and stops there: what a
    /// rapporteur killed between the journal's fsync and the store's flush leaves.
    fn journal_only(store: &Store, changes: &[Change]) {
        let mut writing = store.writing();
        record_in_journal(&mut writing, changes).unwrap();
        writing.journal.sync().unwrap();
    }

    /// A megabyte of notes, as a paste brings it.
    fn megabyte() -> String {
        "Le représentant a souligné — العربية — 中文记录 — 🙂 #cooperation\n".repeat(14_000)
    }

    #[test]
    fn a_keystroke_in_a_note_of_a_megabyte_journals_a_few_bytes_not_the_note() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let mut text = megabyte();
        store.write_batch(&[note(1, &text)]).unwrap();
        for c in "Austria".chars() {
            text.push(c);
            let before = store.writing().journal.len();
            store.write_batch(&[note(1, &text)]).unwrap();
            let grew = store.writing().journal.len() - before;
            assert!(grew < 400, "a keystroke journaled {grew} bytes");
        }
        // In the middle, and taken away.
        text.insert_str(1000, "— ");
        store.write_batch(&[note(1, &text)]).unwrap();
        for _ in 0..3 {
            text.pop();
        }
        store.write_batch(&[note(1, &text)]).unwrap();
        assert_eq!(note_in(&store, 1).as_deref(), Some(text.as_str()));
        let scan = journal::scan(&journal_path(&dir.path().join("s")))
            .unwrap()
            .unwrap();
        let edits = scan
            .entries
            .iter()
            .filter(|e| matches!(e.change, Change::NoteEdit(..)))
            .count();
        assert_eq!(edits, 9);
    }

    #[test]
    fn the_edits_journaled_after_the_stores_last_flush_rebuild_the_note_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let mut text = megabyte();
        {
            let store = Store::open(&path).unwrap();
            store.write_batch(&[note(1, &text)]).unwrap();
            store.flush_durable().unwrap();
            for (n, c) in "Brazil, on a point of order: 日本 🙂".chars().enumerate() {
                if n % 7 == 3 {
                    text.insert(500, c);
                } else {
                    text.push(c);
                }
                journal_only(&store, &[note(1, &text)]);
            }
            for _ in 0..5 {
                text.pop();
            }
            journal_only(&store, &[note(1, &text)]);
        }
        let store = Store::open(&path).expect("the edits are replayed");
        assert_eq!(note_in(&store, 1).as_deref(), Some(text.as_str()));
        // And the journal alone rebuilds it, as `recover` does.
        drop(store);
        let dir2 = tempfile::tempdir().unwrap();
        let rebuilt = dir2.path().join("r");
        let db = open_sled(&rebuilt).unwrap();
        for entry in journal::scan(&journal_path(&path))
            .unwrap()
            .unwrap()
            .entries
        {
            write_change(&db, &rebuilt, &entry.change).unwrap();
        }
        let key = keys::in_session_u64(SessionId(1), 1);
        let rebuilt_note = db.open_tree("notes").unwrap().get(key).unwrap().unwrap();
        assert_eq!(rebuilt_note.as_ref(), text.as_bytes());
    }

    #[test]
    fn an_edit_of_a_note_the_store_holds_otherwise_is_refused_not_applied() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let text = "Kenya asked for data by sex and age.".repeat(10);
        {
            let store = Store::open(&path).unwrap();
            store.write_batch(&[note(1, &text)]).unwrap();
            store.flush_durable().unwrap();
            // Journaled whole after a flush; the next keystroke is an edit of it.
            store.write_batch(&[note(1, &text)]).unwrap();
            journal_only(&store, &[note(1, &format!("{text} And"))]);
        }
        {
            // The store's note is not the one the edit was made against.
            let db = open_sled_when_free(&path).unwrap();
            db.open_tree("notes")
                .unwrap()
                .insert(
                    keys::in_session_u64(SessionId(1), 1),
                    "Another text".as_bytes(),
                )
                .unwrap();
            db.flush().unwrap();
        }
        let refused = Store::open(&path).err().expect("refused");
        let message = refused.to_string();
        assert!(matches!(refused, StoreError::Damaged { .. }), "{message}");
        assert!(message.contains("does not apply"), "{message}");
        assert!(message.contains("recover"), "{message}");
    }

    #[test]
    fn an_edit_the_store_holds_already_is_not_applied_twice() {
        // sled may come back holding a note of a later batch than its mark says.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let text = "Chile supported the draft. ".repeat(10);
        let longer = format!("{text}Fiji too.");
        {
            let store = Store::open(&path).unwrap();
            store.write_batch(&[note(1, &text)]).unwrap();
            store.flush_durable().unwrap();
            // Journaled whole after a flush; the next keystroke is an edit of it.
            store.write_batch(&[note(1, &text)]).unwrap();
            journal_only(&store, &[note(1, &longer)]);
            store
                .tree("notes")
                .unwrap()
                .insert(keys::in_session_u64(SessionId(1), 1), longer.as_bytes())
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(note_in(&store, 1).as_deref(), Some(longer.as_str()));
    }

    /// The mark of the store's last flush, as its meta keeps it.
    fn last_mark(path: &Path) -> journal::MarkAt {
        let db = open_sled(path).unwrap();
        let value = db
            .open_tree("meta")
            .unwrap()
            .get(META_JOURNAL_MARK)
            .unwrap();
        journal::MarkAt::from_bytes(&value.expect("a mark kept")).unwrap()
    }

    #[test]
    fn opening_reads_the_journal_from_the_stores_last_flush_mark_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        {
            let store = Store::open(&path).unwrap();
            for n in 1..=200 {
                store
                    .write_batch(&[note(n, &format!("Statement {n} of Austria"))])
                    .unwrap();
            }
            store.flush_durable().unwrap();
            journal_only(&store, &[note(201, "Brazil"), note(3, "Chile")]);
        }
        let mark = last_mark(&path);
        let journal_file = journal_path(&path);
        let scan = journal::scan_since(&journal_file, Some(mark), mark.seq)
            .unwrap()
            .unwrap();
        assert_eq!(scan.read_from, mark.end);
        assert!(
            mark.end > 200 * 60,
            "the flushed part is most of it: {mark:?}"
        );
        let read: Vec<&Change> = scan.entries.iter().map(|e| &e.change).collect();
        assert_eq!(read, [&note(201, "Brazil"), &note(3, "Chile")]);
        assert_eq!(scan.stored_through, Some(mark.seq));
        let whole = journal::scan(&journal_file).unwrap().unwrap();
        assert_eq!(scan.last_seq(), whole.last_seq());
        assert_eq!(scan.clean_len, whole.clean_len);
        let store = Store::open(&path).unwrap();
        assert_eq!(note_in(&store, 201).as_deref(), Some("Brazil"));
        assert_eq!(note_in(&store, 3).as_deref(), Some("Chile"));
        assert_eq!(
            note_in(&store, 150).as_deref(),
            Some("Statement 150 of Austria")
        );
    }

    #[test]
    fn damage_before_the_last_flush_mark_is_not_read_at_opening_but_recover_finds_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        {
            let store = Store::open(&path).unwrap();
            for n in 1..=50 {
                store
                    .write_batch(&[note(n, &format!("Kenya {n}"))])
                    .unwrap();
            }
            store.flush_durable().unwrap();
            journal_only(&store, &[note(51, "Fiji")]);
        }
        let mark = last_mark(&path);
        let journal_file = journal_path(&path);
        let mut bytes = std::fs::read(&journal_file).unwrap();
        bytes[mark.start as usize / 2] ^= 0x20;
        std::fs::write(&journal_file, &bytes).unwrap();
        let store = Store::open(&path).expect("the store holds every change before the mark");
        assert!(store.notices().is_empty(), "{:?}", store.notices());
        assert_eq!(note_in(&store, 51).as_deref(), Some("Fiji"));
        assert_eq!(note_in(&store, 25).as_deref(), Some("Kenya 25"));
        drop(store);
        // Read whole, as `recover` reads it, the damage is there.
        assert!(journal::scan(&journal_file).unwrap().unwrap().damaged_bytes > 0);
    }

    #[test]
    fn a_mark_the_journal_does_not_hold_where_the_store_says_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        {
            let store = Store::open(&path).unwrap();
            store.write_batch(&[note(1, "Austria")]).unwrap();
            store.flush_durable().unwrap();
            journal_only(&store, &[note(2, "Brazil")]);
        }
        let mark = last_mark(&path);
        let journal_file = journal_path(&path);
        for wrong in [
            journal::MarkAt {
                seq: mark.seq + 1,
                ..mark
            },
            journal::MarkAt {
                start: mark.start + 1,
                ..mark
            },
            journal::MarkAt {
                end: mark.end + 5_000_000,
                ..mark
            },
        ] {
            let scan = journal::scan_since(&journal_file, Some(wrong), mark.seq)
                .unwrap()
                .unwrap();
            assert_eq!(scan.read_from, 0, "{wrong:?}");
            assert_eq!(scan.entries.len(), 1, "{wrong:?}");
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(note_in(&store, 2).as_deref(), Some("Brazil"));
    }

    fn intervention(n: u64) -> crate::domain::Intervention {
        crate::domain::Intervention::new(
            InterventionId(n),
            1,
            crate::domain::AgendaItemId(1),
            crate::domain::ParticipantId(1),
            crate::domain::InterventionKind::Statement,
            chrono::Utc::now(),
        )
    }

    fn session(n: u64) -> Session {
        let mut record = crate::demo::large_record(SessionId(n), chrono::Utc::now(), 0, 1);
        record.session.id = SessionId(n);
        record.session
    }

    fn counted(store: &Store) -> Vec<(u64, usize)> {
        let sessions = store.sessions().unwrap();
        sessions
            .iter()
            .map(|s| (s.session.id.0, s.interventions))
            .collect()
    }

    #[test]
    fn the_sessions_are_listed_with_counts_kept_as_interventions_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        {
            let store = Store::open(&path).unwrap();
            store
                .write_batch(&[Change::Session(session(1)), Change::Session(session(2))])
                .unwrap();
            for n in 1..=5 {
                store
                    .write_batch(&[Change::Intervention(SessionId(1), intervention(n))])
                    .unwrap();
            }
            // Written again, and taken off: counted once, then not.
            store
                .write_batch(&[Change::Intervention(SessionId(1), intervention(2))])
                .unwrap();
            store
                .write_batch(&[Change::RemoveIntervention(SessionId(1), InterventionId(3))])
                .unwrap();
            store
                .write_batch(&[Change::RemoveIntervention(SessionId(1), InterventionId(9))])
                .unwrap();
            store
                .write_batch(&[Change::Intervention(SessionId(2), intervention(1))])
                .unwrap();
            assert_eq!(counted(&store), [(1, 4), (2, 1)]);
            store.flush_durable().unwrap();
            // Replayed at the next opening, after a stop before the flush.
            journal_only(
                &store,
                &[
                    Change::Intervention(SessionId(2), intervention(2)),
                    Change::Intervention(SessionId(2), intervention(1)),
                ],
            );
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(counted(&store), [(1, 4), (2, 2)]);
        // The list reads the kept count, not the interventions.
        store
            .tree(COUNTS_TREE)
            .unwrap()
            .insert(keys::session(SessionId(1)), &99u64.to_be_bytes())
            .unwrap();
        assert_eq!(counted(&store), [(1, 99), (2, 2)]);
        drop(store);
        // A store whose counts are not kept (from before, or rebuilt) is counted at opening.
        {
            // sled lets its lock go a moment after the store is dropped, later under load.
            let db = open_sled_when_free(&path).unwrap();
            db.open_tree("meta")
                .unwrap()
                .remove(META_COUNTS_KEPT)
                .unwrap();
            db.open_tree(COUNTS_TREE)
                .unwrap()
                .insert(keys::session(SessionId(1)), &99u64.to_be_bytes())
                .unwrap();
            db.flush().unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(counted(&store), [(1, 4), (2, 2)]);
    }

    #[test]
    fn recover_leaves_out_the_edits_of_a_note_whose_whole_copy_was_lost_to_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let text = "Chile supported the draft. ".repeat(10);
        {
            let store = Store::open(&path).unwrap();
            store.write_batch(&[note(1, "Austria")]).unwrap();
            store.flush_durable().unwrap();
            // A new note is journaled whole, then as edits of that copy.
            journal_only(&store, &[note(2, &format!("{text}Fiji"))]);
            journal_only(&store, &[note(2, &format!("{text}Fiji and Kenya"))]);
        }
        let journal_file = journal_path(&path);
        let mut bytes = std::fs::read(&journal_file).unwrap();
        let copy = bytes
            .windows(4)
            .position(|w| w == b"Fiji")
            .expect("the whole copy");
        bytes[copy - 20..copy + 4].fill(0);
        std::fs::write(&journal_file, &bytes).unwrap();
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::DamagedJournal { .. })
        ));
        recover(&path).expect("the edit with nothing to apply to is left out");
        let store = Store::open(&path).unwrap();
        assert_eq!(note_in(&store, 1).as_deref(), Some("Austria"));
        assert_eq!(note_in(&store, 2), None);
    }

    #[test]
    fn the_changes_journaled_after_the_stores_last_flush_are_given_to_it_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        {
            let store = Store::open(&path).unwrap();
            store.write_batch(&[note(1, "Aus")]).unwrap();
            store.flush_durable().unwrap();
            journal_only(&store, &[note(1, "Austria"), note(2, "Brazil")]);
            journal_only(&store, &[note(3, "Chile")]);
            journal_only(&store, &[note(2, "Brazil, speaking")]);
        }
        let store = Store::open(&path).expect("an unflushed store is completed, not refused");
        assert_eq!(note_in(&store, 1).as_deref(), Some("Austria"));
        assert_eq!(note_in(&store, 2).as_deref(), Some("Brazil, speaking"));
        assert_eq!(note_in(&store, 3).as_deref(), Some("Chile"));
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(note_in(&store, 3).as_deref(), Some("Chile"));
    }

    #[test]
    fn a_write_is_in_the_journal_at_once_and_in_the_stores_files_after_its_flush() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let store = Store::open(&path).unwrap();
        store.write_batch(&[note(1, "Austria")]).unwrap();
        let marks = |path: &Path| {
            let scan = journal::scan(&journal_path(path)).unwrap().unwrap();
            (scan.last_seq(), scan.stored_through.unwrap_or(0))
        };
        let (last, stored) = marks(&path);
        assert!(stored < last, "not yet flushed: {stored} < {last}");
        assert_eq!(note_in(&store, 1).as_deref(), Some("Austria"));
        store.flush_durable().unwrap();
        let (last_after, stored_after) = marks(&path);
        assert_eq!(stored_after, last);
        assert!(last_after >= last);
    }

    #[test]
    fn a_store_behind_what_the_journal_says_it_had_on_disk_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        {
            let store = Store::open(&path).unwrap();
            store.write_batch(&[note(1, "Austria")]).unwrap();
            store.flush_durable().unwrap();
            // What a store that lost its last flush looks like: its mark went back.
            let meta = store.tree("meta").unwrap();
            meta.insert(META_JOURNAL_SEQ, &0u64.to_be_bytes()).unwrap();
            store.flush_sled().unwrap();
            drop(store);
        }
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::BehindJournal { .. })
        ));
    }

    #[test]
    fn a_journal_without_flush_marks_lets_the_store_lack_only_its_last_batch() {
        let scan = |entries: Vec<(u64, u64)>| journal::Scan {
            entries: entries
                .into_iter()
                .map(|(seq, batch)| JournalEntry {
                    seq,
                    batch,
                    at: chrono::Utc::now(),
                    change: note(1, "a"),
                })
                .collect(),
            ..journal::Scan::default()
        };
        let last_batch = scan(vec![(1, 1), (2, 2), (3, 2)]);
        assert_eq!(missing_from_store(Some(&last_batch), 1).unwrap().len(), 2);
        let two_batches = scan(vec![(1, 1), (2, 2), (3, 3)]);
        assert!(missing_from_store(Some(&two_batches), 1).is_none());
        assert_eq!(missing_from_store(Some(&two_batches), 3).unwrap().len(), 0);
    }
}
