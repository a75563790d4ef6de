//! The journal: a second, plain copy of every change, appended to a file in the store's folder
//! (`/x/store/journal` for the store `/x/store`) and made durable before the store is written.
//! sled can come back from an abrupt stop unable to open, or open as an empty store without a
//! word; the journal is what the store is rebuilt from then (see `recover`).
//!
//! Each record is self-delimiting and checksummed, so that a record cut off by a power cut in
//! the middle of an append is recognised and left out while everything before it is kept:
//!
//! ```text
//! u32 length (little-endian) | u32 CRC-32 of the length bytes and the payload | payload
//! ```
//!
//! The payload is the JSON of a `JournalEntry`: a sequence number, the batch it was written
//! in and how many records that batch holds, the UTC time and the change. A batch is what one
//! user action changed, and it is read back whole or not at all. A note's change is mostly
//! an edit of the text journaled before it (see `note_edit`), not the whole note. The sequence number is how the store tells whether it
//! holds everything the journal holds: the store keeps the number of the last change it
//! applied in its `meta` tree.
//!
//! The journal is the commit point: a change is saved once its record is synced here. The
//! store is flushed to disk later, off the keystroke's path, and each time it is, a record
//! with no change but `stored_through` says so. A store found behind that mark lost what it
//! had made durable; a store behind the journal but not behind the mark was only waiting
//! for its next flush, and is given the changes it lacks when it opens.
//!
//! The file is extended ahead of its records by runs of zeros, written and synced once, so
//! that a keystroke overwrites space the file system has already allocated and its sync has
//! only data to flush, not the file's new length. Zeros after the last record are that
//! space, not a torn record.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Change, NoteEdit, Position, StoreError};
use crate::domain::{
    AgendaItem, AgendaItemId, Intervention, InterventionId, Meeting, Participant, ParticipantId,
    Session, SessionId, SpeakersList,
};

/// A longer record is taken for damage (a length field hit by a flipped bit), not read.
const MAX_RECORD: usize = 64 << 20;
const HEADER: usize = 8;
/// How far the file is extended with zeros at a time: about 400 keystrokes of a 2 KB note,
/// for one longer sync.
const EXTEND_BY: u64 = 1 << 20;

/// Where the journal of the store at `store` lives: inside its folder, so that copying or
/// moving the folder takes the whole record with it.
pub fn journal_path(store: &Path) -> PathBuf {
    store.join("journal")
}

/// Where the journal lived before it moved into the store's folder: beside it
/// (`/x/store.journal` for the store `/x/store`). A store opened for the first time since is
/// given it (see `location::move_journal_in`).
pub fn legacy_journal_path(store: &Path) -> PathBuf {
    let named = |p: &Path| {
        p.file_name().map(|name| {
            let mut name = name.to_os_string();
            name.push(".journal");
            p.with_file_name(name)
        })
    };
    // `.` or `..` have no name of their own; the directory they stand for does. Only a store
    // at `/` has none at all, and nowhere beside it.
    named(store)
        .or_else(|| std::fs::canonicalize(store).ok().and_then(|p| named(&p)))
        .unwrap_or_else(|| store.join("store.journal"))
}

/// One change recorded in the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    pub seq: u64,
    /// The number of the first record of the batch it was written in.
    pub batch: u64,
    pub at: DateTime<Utc>,
    pub change: Change,
}

/// A record as it is written: a change, or the mark that the store was flushed to disk
/// holding every change up to `stored_through`.
///
/// The numbers come first, in this order, so that a record the store already holds can be
/// told by its first bytes without reading the change (see `numbers_first`).
#[derive(Serialize, Deserialize)]
struct Record {
    seq: u64,
    batch: u64,
    /// How many records the batch holds: a batch is replayed only if all of them are whole
    /// (see `whole_batches_only`). Journals written before it was recorded have none, and
    /// are replayed record by record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    batch_len: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stored_through: Option<u64>,
    at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "as_recorded")]
    change: Option<Change>,
}

/// What one whole record holds.
enum Read {
    Change(Box<JournalEntry>, Option<u64>),
    StoredThrough(u64),
    /// A change, checked whole but not read: the store holds it already.
    Skipped(Numbers),
    /// The id of the store the journal belongs to (see `identity_of`).
    Identity(String),
}

/// The numbers a record opens with (see `numbers_first`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Numbers {
    seq: u64,
    batch: u64,
    batch_len: Option<u64>,
    stored_through: Option<u64>,
}

/// `Change` as it is written in the journal. A mirror of its own, with named fields, so that
/// renaming or reshaping `Change` in the code cannot silently change what older journals mean.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Recorded {
    Session {
        session: Session,
    },
    Meeting {
        session: SessionId,
        meeting: Meeting,
    },
    AgendaItem {
        session: SessionId,
        item: AgendaItem,
    },
    Participant {
        session: SessionId,
        participant: Participant,
    },
    Intervention {
        session: SessionId,
        intervention: Intervention,
    },
    Note {
        session: SessionId,
        intervention: InterventionId,
        text: String,
    },
    NoteEdit {
        session: SessionId,
        intervention: InterventionId,
        #[serde(flatten)]
        edit: NoteEdit,
    },
    List {
        session: SessionId,
        list: SpeakersList,
    },
    RemoveIntervention {
        session: SessionId,
        intervention: InterventionId,
    },
    LastSession {
        session: SessionId,
    },
    Position {
        session: SessionId,
        position: Position,
    },
    RemoveMeeting {
        session: SessionId,
        meeting: u32,
    },
    RemoveAgendaItem {
        session: SessionId,
        item: AgendaItemId,
    },
    RemoveParticipant {
        session: SessionId,
        participant: ParticipantId,
    },
    RemoveList {
        session: SessionId,
        item: AgendaItemId,
    },
    RemoveSession {
        session: SessionId,
    },
}

impl From<Change> for Recorded {
    fn from(change: Change) -> Recorded {
        match change {
            // The note travels in its own `Note` change, as the store keeps it; written here
            // as well it would double the journal for nothing.
            Change::Intervention(session, mut intervention) => {
                intervention.set_note(String::new());
                Recorded::Intervention {
                    session,
                    intervention,
                }
            }
            Change::Session(session) => Recorded::Session { session },
            Change::Meeting(session, meeting) => Recorded::Meeting { session, meeting },
            Change::AgendaItem(session, item) => Recorded::AgendaItem { session, item },
            Change::Participant(session, participant) => Recorded::Participant {
                session,
                participant,
            },
            Change::Note(session, intervention, text) => Recorded::Note {
                session,
                intervention,
                text,
            },
            Change::NoteEdit(session, intervention, edit) => Recorded::NoteEdit {
                session,
                intervention,
                edit,
            },
            Change::List(session, list) => Recorded::List { session, list },
            Change::RemoveIntervention(session, intervention) => Recorded::RemoveIntervention {
                session,
                intervention,
            },
            Change::LastSession(session) => Recorded::LastSession { session },
            Change::Position(session, position) => Recorded::Position { session, position },
            Change::RemoveMeeting(session, meeting) => Recorded::RemoveMeeting { session, meeting },
            Change::RemoveAgendaItem(session, item) => Recorded::RemoveAgendaItem { session, item },
            Change::RemoveParticipant(session, participant) => Recorded::RemoveParticipant {
                session,
                participant,
            },
            Change::RemoveList(session, item) => Recorded::RemoveList { session, item },
            Change::RemoveSession(session) => Recorded::RemoveSession { session },
        }
    }
}

impl From<Recorded> for Change {
    fn from(recorded: Recorded) -> Change {
        match recorded {
            Recorded::Session { session } => Change::Session(session),
            Recorded::Meeting { session, meeting } => Change::Meeting(session, meeting),
            Recorded::AgendaItem { session, item } => Change::AgendaItem(session, item),
            Recorded::Participant {
                session,
                participant,
            } => Change::Participant(session, participant),
            Recorded::Intervention {
                session,
                intervention,
            } => Change::Intervention(session, intervention),
            Recorded::Note {
                session,
                intervention,
                text,
            } => Change::Note(session, intervention, text),
            Recorded::NoteEdit {
                session,
                intervention,
                edit,
            } => Change::NoteEdit(session, intervention, edit),
            Recorded::List { session, list } => Change::List(session, list),
            Recorded::RemoveIntervention {
                session,
                intervention,
            } => Change::RemoveIntervention(session, intervention),
            Recorded::LastSession { session } => Change::LastSession(session),
            Recorded::Position { session, position } => Change::Position(session, position),
            Recorded::RemoveMeeting { session, meeting } => Change::RemoveMeeting(session, meeting),
            Recorded::RemoveAgendaItem { session, item } => Change::RemoveAgendaItem(session, item),
            Recorded::RemoveParticipant {
                session,
                participant,
            } => Change::RemoveParticipant(session, participant),
            Recorded::RemoveList { session, item } => Change::RemoveList(session, item),
            Recorded::RemoveSession { session } => Change::RemoveSession(session),
        }
    }
}

mod as_recorded {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Change, Recorded};

    pub fn serialize<S: Serializer>(change: &Option<Change>, s: S) -> Result<S::Ok, S::Error> {
        change.clone().map(Recorded::from).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Change>, D::Error> {
        Option::<Recorded>::deserialize(d).map(|r| r.map(Change::from))
    }
}

/// What reading a journal found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every change of a whole record, in the order written; from `scan_after`, only those
    /// numbered after the number it was given.
    pub entries: Vec<JournalEntry>,
    /// How many whole records hold a change.
    pub changes: usize,
    /// The highest number of a record.
    pub highest_seq: u64,
    /// The highest change the store was recorded as holding on disk; `None` if no record
    /// says (a journal written before the store was flushed off the keystroke's path).
    pub stored_through: Option<u64>,
    /// The file's length.
    pub len: u64,
    /// Where the first byte that is not part of a whole record is (`len` if none is).
    pub clean_len: u64,
    /// Bytes after the last whole record that are not a record: an append cut off by an
    /// abrupt stop. That append was never reported saved. (Zeros there are space written
    /// ahead for the records to come, not a torn record.)
    pub torn_bytes: u64,
    /// Bytes between whole records that are not records: damage on the disk, skipped so that
    /// the changes after it are still read. A whole last record that fails its check is
    /// damage too, not a torn append (see `tail_is_cut`).
    pub damaged_bytes: u64,
    /// Each run of damaged bytes, and which changes it may have held.
    pub damage: Vec<Damage>,
    /// The id of the store this journal was written for, from its first record; `None` in a
    /// journal from before journals said so.
    pub store_id: Option<String>,
    /// Edits of a note left out because the text they apply to is not the one the records
    /// before them make (a record between them was lost to damage): the note is read as it
    /// stood before, up to its next whole copy, never as an edit applied to the wrong text.
    pub unappliable_edits: usize,
    /// Where reading began: 0 for the whole journal, or the end of the store's last flush
    /// mark (see `scan_since`), before which only the record naming the store was read.
    pub read_from: u64,
}

/// A run of bytes in the journal that is not a whole record and not an append cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// Where it starts in the file, and how long it is.
    pub offset: u64,
    pub bytes: u64,
    /// The number of the last whole record before it (0 at the start).
    pub after_seq: u64,
    /// The highest number a change in it can have: that of the first whole record after it.
    /// `None` at the end of the journal, where nothing bounds it.
    pub up_to_seq: Option<u64>,
}

impl Damage {
    /// Whether it may have held a change the store at `applied` does not hold.
    pub fn may_hold_changes_after(&self, applied: u64) -> bool {
        self.up_to_seq.is_none_or(|seq| seq > applied)
    }
}

impl Scan {
    /// The number of the last change the journal holds (0 when it holds none).
    pub fn last_seq(&self) -> u64 {
        self.highest_seq
    }
}

/// Reads the journal at `path`, every change of it; `None` if there is none.
pub fn scan(path: &Path) -> Result<Option<Scan>, StoreError> {
    scan_after(path, 0)
}

/// Reads the journal at `path`, checking every record whole but reading only the changes
/// numbered after `seq`: those the store holds need not be read again each time it opens.
pub fn scan_after(path: &Path, seq: u64) -> Result<Option<Scan>, StoreError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(scan_bytes_after(&bytes, seq))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::Journal {
            path: path.to_path_buf(),
            detail: format!("cannot read it: {e}. Check that you may read that file"),
        }),
    }
}

/// Reads the records of `bytes`, a part of a journal starting `base` bytes into it, as
/// `scan` reads a whole one: for following a journal as it grows (see `crate::live`), and for
/// reading records framed as the journal frames them elsewhere (a live copy's stream).
pub fn scan_records(bytes: &[u8], base: u64) -> Scan {
    scan_bytes_from(bytes, 0, base, 0)
}

/// Appends the framed record of `entry`, written as the journal writes it, to `out`: the
/// changes of a batch of `batch_len` records, read back whole or not at all by `scan_records`.
pub fn encode_record(
    entry: &JournalEntry,
    batch_len: u64,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let record = Record {
        seq: entry.seq,
        batch: entry.batch,
        batch_len: Some(batch_len),
        stored_through: None,
        at: entry.at,
        change: Some(entry.change.clone()),
    };
    encode_into(&record, out)
}

#[cfg(test)]
fn scan_bytes(bytes: &[u8]) -> Scan {
    scan_bytes_after(bytes, 0)
}

/// Where the store's last flush mark sits in its journal, as the store keeps it: opening
/// reads the journal from there on, not from its first byte (see `scan_since`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkAt {
    pub start: u64,
    pub end: u64,
    /// The number of the last change the store held on disk when the mark was written.
    pub seq: u64,
}

impl MarkAt {
    pub fn to_bytes(self) -> [u8; 24] {
        let mut out = [0u8; 24];
        out[..8].copy_from_slice(&self.start.to_be_bytes());
        out[8..16].copy_from_slice(&self.end.to_be_bytes());
        out[16..].copy_from_slice(&self.seq.to_be_bytes());
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<MarkAt> {
        let number = |at: usize| Some(u64::from_be_bytes(bytes.get(at..at + 8)?.try_into().ok()?));
        let mark = MarkAt {
            start: number(0)?,
            end: number(8)?,
            seq: number(16)?,
        };
        (mark.start < mark.end).then_some(mark)
    }
}

/// A flush mark encoded before it is written, so that the store can keep where it will sit
/// in the same flush as the changes it covers (see `Journal::prepare_mark`).
pub struct PreparedMark {
    bytes: Vec<u8>,
    pub at: MarkAt,
}

/// Reads the journal at `path` from the store's last flush mark on, when `mark` says where
/// that is: the changes before it are on the store's disk, so opening costs what came after
/// the last flush, not everything the store ever held. Only the record naming the store is
/// read before it. Should the journal not hold that very mark there (rewritten since, copied
/// from elsewhere, damaged at that place), it is read whole, as `scan_after` does: never
/// less than it holds after the mark.
pub fn scan_since(
    path: &Path,
    mark: Option<MarkAt>,
    read_after: u64,
) -> Result<Option<Scan>, StoreError> {
    if let Some(scan) = mark.and_then(|mark| read_since_mark(path, mark, read_after)) {
        return Ok(Some(scan));
    }
    scan_after(path, read_after)
}

/// The identity record at the start of the journal is longer than this only if damaged.
const MAX_IDENTITY: usize = 4096;

fn read_since_mark(path: &Path, mark: MarkAt, read_after: u64) -> Option<Scan> {
    use std::os::unix::fs::FileExt;
    let file = File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    if mark.end > len || mark.start < HEADER as u64 {
        return None;
    }
    let mut header = [0u8; HEADER];
    file.read_exact_at(&mut header, 0).ok()?;
    let identity_len =
        HEADER + u32::from_le_bytes(header[..4].try_into().expect("four bytes")) as usize;
    if identity_len > MAX_IDENTITY || identity_len as u64 > mark.start {
        return None;
    }
    let mut identity = vec![0u8; identity_len];
    file.read_exact_at(&mut identity, 0).ok()?;
    let Some((Read::Identity(store_id), _)) = record_at(&identity, 0, u64::MAX) else {
        return None;
    };
    let mut tail = vec![0u8; usize::try_from(len - mark.start).ok()?];
    file.read_exact_at(&mut tail, mark.start).ok()?;
    let mark_len = (mark.end - mark.start) as usize;
    match record_at(&tail[..mark_len], 0, u64::MAX) {
        Some((Read::StoredThrough(seq), end)) if seq == mark.seq && end == mark_len => {}
        _ => return None,
    }
    let mut scan = scan_bytes_from(&tail[mark_len..], read_after, mark.end, mark.seq);
    scan.store_id = Some(store_id);
    scan.stored_through = scan.stored_through.max(Some(mark.seq));
    scan.read_from = mark.end;
    Some(scan)
}

fn scan_bytes_after(bytes: &[u8], read_after: u64) -> Scan {
    scan_bytes_from(bytes, read_after, 0, 0)
}

/// Reads the records of `bytes`, which start `base` bytes into the journal, after a record
/// numbered `seq_before`.
fn scan_bytes_from(bytes: &[u8], read_after: u64, base: u64, seq_before: u64) -> Scan {
    let mut scan = scan_bytes_in(bytes, read_after, seq_before);
    scan.len += base;
    scan.clean_len += base;
    for damage in &mut scan.damage {
        damage.offset += base;
    }
    scan
}

fn scan_bytes_in(bytes: &[u8], read_after: u64, seq_before: u64) -> Scan {
    let mut scan = Scan {
        len: bytes.len() as u64,
        clean_len: bytes.len() as u64,
        highest_seq: seq_before,
        ..Scan::default()
    };
    let mut pos = 0;
    let mut clean = true;
    let mut batches = Batches::default();
    while pos < bytes.len() {
        if let Some((read, next)) = record_at(bytes, pos, read_after) {
            let seq = match read {
                Read::Change(entry, batch_len) => {
                    batches.record(&mut scan, pos, entry.batch, batch_len, true);
                    scan.changes += 1;
                    let seq = entry.seq;
                    scan.entries.push(*entry);
                    seq
                }
                Read::Skipped(numbers) => {
                    batches.record(&mut scan, pos, numbers.batch, numbers.batch_len, false);
                    scan.changes += 1;
                    numbers.seq
                }
                Read::StoredThrough(seq) => {
                    scan.stored_through = scan.stored_through.max(Some(seq));
                    seq
                }
                Read::Identity(id) => {
                    scan.store_id.get_or_insert(id);
                    scan.highest_seq
                }
            };
            scan.highest_seq = scan.highest_seq.max(seq);
            pos = next;
            batches.records_end = next;
            continue;
        }
        if clean {
            scan.clean_len = pos as u64;
            clean = false;
        }
        // Look for the next whole record. A false match would need a length, a CRC-32 and
        // valid JSON to line up by chance; inside a payload it cannot happen at all, since
        // JSON never holds the bytes below 0x20 that a plausible length is made of.
        match (pos + 1..bytes.len()).find(|&p| record_at(bytes, p, u64::MAX).is_some()) {
            Some(next) => {
                scan.damaged_bytes += (next - pos) as u64;
                scan.damage.push(Damage {
                    offset: pos as u64,
                    bytes: (next - pos) as u64,
                    after_seq: scan.highest_seq,
                    up_to_seq: record_at(bytes, next, u64::MAX).map(|(read, _)| read.seq()),
                });
                pos = next;
            }
            None => {
                let rest = (bytes.len() - pos) as u64;
                if tail_is_cut(&bytes[pos..]) {
                    if bytes[pos..].iter().any(|&b| b != 0) {
                        scan.torn_bytes = rest;
                    }
                } else {
                    // The zeros written ahead after it are not part of the damage.
                    let zeros = bytes[pos..].iter().rev().take_while(|&&b| b == 0).count();
                    let rest = rest - zeros as u64;
                    scan.damaged_bytes += rest;
                    scan.damage.push(Damage {
                        offset: pos as u64,
                        bytes: rest,
                        after_seq: scan.highest_seq,
                        up_to_seq: None,
                    });
                }
                break;
            }
        }
    }
    batches.finish(&mut scan);
    leave_out_unappliable_edits(&mut scan);
    scan
}

impl Read {
    /// The number it bears; an identity comes before every number.
    fn seq(&self) -> u64 {
        match self {
            Read::Change(entry, _) => entry.seq,
            Read::StoredThrough(seq) => *seq,
            Read::Skipped(numbers) => numbers.seq,
            Read::Identity(_) => 0,
        }
    }
}

/// Follows each note through the changes read, by the length and CRC-32 of its text, and
/// leaves out the edits that do not apply to the text the changes before them make, and the
/// edits after those up to the note's next whole copy. An edit of a note no change before it
/// in the scan makes is kept: it applies to what the store holds, which checks it.
fn leave_out_unappliable_edits(scan: &mut Scan) {
    use std::collections::{HashMap, HashSet};
    let mut known: HashMap<(SessionId, InterventionId), (u64, u32)> = HashMap::new();
    let mut broken = HashSet::new();
    let before = scan.entries.len();
    scan.entries.retain(|entry| match &entry.change {
        Change::Note(s, i, text) => {
            let text = text.as_bytes();
            known.insert((*s, *i), (text.len() as u64, crc32(&[text])));
            broken.remove(&(*s, *i));
            true
        }
        Change::NoteEdit(s, i, edit) => match known.get(&(*s, *i)) {
            Some(&base) if base == (edit.base_len, edit.base_crc) => {
                known.insert((*s, *i), (edit.len, edit.crc));
                true
            }
            Some(_) => {
                known.remove(&(*s, *i));
                broken.insert((*s, *i));
                false
            }
            None => !broken.contains(&(*s, *i)),
        },
        Change::RemoveIntervention(s, i) => {
            known.remove(&(*s, *i));
            broken.remove(&(*s, *i));
            true
        }
        Change::RemoveSession(s) => {
            known.retain(|(session, _), _| session != s);
            broken.retain(|(session, _)| session != s);
            true
        }
        _ => true,
    });
    scan.unappliable_edits = before - scan.entries.len();
    scan.changes -= scan.unappliable_edits;
}

/// Keeps a batch's changes only if every record of it is whole: the changes of one user
/// action (the list, the ended and the new intervention) are written together and must come
/// back together or not at all. A batch cut off at the end of the journal (a power cut in the
/// middle of its append, never reported saved) is cut off like a torn record; one cut in the
/// middle (damage) is left out, and the damage is counted where it was found.
#[derive(Default)]
struct Batches {
    open: Option<OpenBatch>,
    /// Where the last whole record ends.
    records_end: usize,
}

struct OpenBatch {
    batch: u64,
    len: u64,
    seen: u64,
    /// Where its first record starts.
    start: usize,
    /// The index in `Scan::entries` of its first change read.
    first_entry: usize,
    /// Whether a record of it was only checked, not read: the store holds those.
    skipped_any: bool,
}

impl Batches {
    fn record(
        &mut self,
        scan: &mut Scan,
        pos: usize,
        batch: u64,
        batch_len: Option<u64>,
        read: bool,
    ) {
        if self.open.as_ref().is_some_and(|open| open.batch != batch) {
            self.drop_open(scan, false);
        }
        let Some(len) = batch_len else {
            return;
        };
        let open = self.open.get_or_insert(OpenBatch {
            batch,
            len,
            seen: 0,
            start: pos,
            first_entry: scan.entries.len(),
            skipped_any: false,
        });
        open.seen += 1;
        open.skipped_any |= !read;
        if open.seen >= open.len {
            self.open = None;
        }
    }

    fn finish(mut self, scan: &mut Scan) {
        self.drop_open(scan, true);
    }

    /// Leaves out the batch still open: some of its records are missing.
    fn drop_open(&mut self, scan: &mut Scan, at_the_end: bool) {
        let Some(open) = self.open.take() else {
            return;
        };
        let read = scan.entries.len() - open.first_entry;
        scan.entries.truncate(open.first_entry);
        scan.changes -= read;
        // The store never holds part of a batch, so one it holds a record of was whole once:
        // what is missing of it is damage, not an append cut short, and it stays as found.
        if at_the_end && !open.skipped_any && scan.clean_len >= open.start as u64 {
            scan.torn_bytes += (self.records_end - open.start) as u64;
            scan.clean_len = open.start as u64;
            scan.changes -= (open.seen as usize).saturating_sub(read);
        }
    }
}

/// Whether what follows the last whole record is an append cut short (never reported saved,
/// so left out) rather than a record that was written whole and damaged since (which may have
/// been reported saved, so it is damage to be told of). A cut append is the start of a record
/// and nothing else: a header, then a payload that stops before the length the header gives
/// (at the end of the file, or where the zeros written ahead begin), and is not itself a whole
/// JSON object (which would mean the length, not the append, was hit). A mark that the store
/// was flushed holds no change, so one damaged at the end is left out as well. Zeros alone
/// are space written ahead.
fn tail_is_cut(tail: &[u8]) -> bool {
    let written = tail.len() - tail.iter().rev().take_while(|&&b| b == 0).count();
    if written == 0 {
        return true;
    }
    let Some(header) = tail.get(..HEADER) else {
        // Even the header stops short.
        return true;
    };
    let len = u32::from_le_bytes(header[..4].try_into().expect("four bytes")) as usize;
    if len == 0 || len > MAX_RECORD {
        return false;
    }
    let payload = &tail[HEADER..written.max(HEADER)];
    let holds_no_change = payload.starts_with(b"{\"journal_of\":")
        || numbers_first(payload).is_some_and(|n| n.stored_through.is_some());
    if holds_no_change {
        return true;
    }
    HEADER + len > written && serde_json::from_slice::<serde::de::IgnoredAny>(payload).is_err()
}

/// The store id of an identity record, `{"journal_of":"<id>",…}`, the first record of every
/// journal written since journals say whose they are.
fn identity_of(payload: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Identity {
        journal_of: String,
    }
    if !payload.starts_with(b"{\"journal_of\":") {
        return None;
    }
    serde_json::from_slice::<Identity>(payload)
        .ok()
        .map(|i| i.journal_of)
}

/// Appends the framed identity record of the store `id` to `out`.
fn encode_identity(id: &str, out: &mut Vec<u8>) {
    // A struct, not a map, so that the id comes first, where `identity_of` looks for it.
    #[derive(Serialize)]
    struct Identity<'a> {
        journal_of: &'a str,
        at: DateTime<Utc>,
    }
    let payload = serde_json::to_vec(&Identity {
        journal_of: id,
        at: Utc::now(),
    })
    .expect("an id and a time always serialise");
    let len = (payload.len() as u32).to_le_bytes();
    out.extend_from_slice(&len);
    out.extend_from_slice(&crc32(&[&len, &payload]).to_le_bytes());
    out.extend_from_slice(&payload);
}

/// The record starting at `pos`, and where the next one starts, if it is whole and sound.
/// A change numbered `read_after` or lower is checked (its length and checksum) but not read.
fn record_at(bytes: &[u8], pos: usize, read_after: u64) -> Option<(Read, usize)> {
    let header = bytes.get(pos..pos.checked_add(HEADER)?)?;
    let len = u32::from_le_bytes(header[..4].try_into().ok()?) as usize;
    let crc = u32::from_le_bytes(header[4..].try_into().ok()?);
    // A zero length is what a file extended by a power cut but never written reads as.
    if len == 0 || len > MAX_RECORD {
        return None;
    }
    let end = pos + HEADER + len;
    let payload = bytes.get(pos + HEADER..end)?;
    if crc32(&[&header[..4], payload]) != crc {
        return None;
    }
    if let Some(id) = identity_of(payload) {
        return Some((Read::Identity(id), end));
    }
    match numbers_first(payload) {
        Some(n) if n.stored_through.is_none() && n.seq <= read_after => {
            return Some((Read::Skipped(n), end))
        }
        Some(Numbers {
            stored_through: Some(through),
            ..
        }) => return Some((Read::StoredThrough(through), end)),
        _ => {}
    }
    let record: Record = serde_json::from_slice(payload).ok()?;
    let read = match (record.change, record.stored_through) {
        (Some(change), None) => Read::Change(
            Box::new(JournalEntry {
                seq: record.seq,
                batch: record.batch,
                at: record.at,
                change,
            }),
            record.batch_len,
        ),
        (None, Some(seq)) => Read::StoredThrough(seq),
        _ => return None,
    };
    Some((read, end))
}

/// The numbers a record opens with, `{"seq":1,"batch":1`, maybe `,"batch_len":1` and maybe
/// `,"stored_through":1`, read without reading the rest; `None` if it does not open so.
fn numbers_first(payload: &[u8]) -> Option<Numbers> {
    fn number(bytes: &[u8]) -> Option<(u64, &[u8])> {
        let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        let value = std::str::from_utf8(&bytes[..digits]).ok()?.parse().ok()?;
        Some((value, &bytes[digits..]))
    }
    let (seq, rest) = number(payload.strip_prefix(b"{\"seq\":")?)?;
    let (batch, rest) = number(rest.strip_prefix(b",\"batch\":")?)?;
    let (batch_len, rest) = match rest.strip_prefix(b",\"batch_len\":") {
        Some(rest) => number(rest).map(|(n, rest)| (Some(n), rest))?,
        None => (None, rest),
    };
    let stored_through = match rest.strip_prefix(b",\"stored_through\":") {
        Some(rest) => Some(number(rest)?.0),
        None => None,
    };
    Some(Numbers {
        seq,
        batch,
        batch_len,
        stored_through,
    })
}

/// Appends the framed record of `record` to `out`.
fn encode_into(record: &Record, out: &mut Vec<u8>) -> Result<(), String> {
    let payload = serde_json::to_vec(record).expect("domain types always serialise");
    if payload.len() > MAX_RECORD {
        return Err(format!(
            "a change of {} bytes is larger than a journal record may be ({MAX_RECORD} bytes)",
            payload.len()
        ));
    }
    let len = (payload.len() as u32).to_le_bytes();
    out.extend_from_slice(&len);
    out.extend_from_slice(&crc32(&[&len, &payload]).to_le_bytes());
    out.extend_from_slice(&payload);
    Ok(())
}

/// CRC-32 (IEEE 802.3, as zlib and PNG compute it) of the parts one after the other.
pub(crate) fn crc32(parts: &[&[u8]]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize()
}

/// The journal open for appending. All writes to the store go through it, under one lock, so
/// that the journal's order is the store's order.
pub struct Journal {
    path: PathBuf,
    file: File,
    /// The end of the last whole, synced record: where the next write goes.
    end: u64,
    /// The file's length: past `end` it holds zeros written ahead (see the module's comment).
    allocated: u64,
    /// Records encoded but not yet written and synced.
    unsynced: Vec<u8>,
    /// A failed write may have left bytes after `end`; they are cut off before the next one,
    /// so that no half record ever sits between whole ones.
    tail_unknown: bool,
    next_seq: u64,
    /// The id of the store it belongs to, written first in the file (see `belongs_to`).
    store_id: Option<String>,
}

/// Where the journal stood, to forget records that were encoded but could not be written.
#[derive(Clone, Copy)]
pub struct Mark {
    unsynced: usize,
    next_seq: u64,
}

impl Journal {
    /// Opens the journal at `path` for appending after its first `end` bytes, creating it if
    /// it is not there. Bytes after `end` (a torn last record, or zeros written ahead) are
    /// cut off.
    pub fn open(path: &Path, end: u64, next_seq: u64) -> Result<Journal, StoreError> {
        let fail = |e: std::io::Error| StoreError::Journal {
            path: path.to_path_buf(),
            detail: format!("cannot open it for writing: {e}. Check that you may write there"),
        };
        let file = create_private_file(path, false).map_err(fail)?;
        if file.metadata().map_err(fail)?.len() > end {
            file.set_len(end).map_err(fail)?;
            file.sync_all().map_err(fail)?;
        }
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            end,
            allocated: end,
            unsynced: Vec::new(),
            tail_unknown: false,
            next_seq: next_seq.max(1),
            store_id: None,
        })
    }

    /// Says which store the journal belongs to: written as its first record if it has none
    /// yet, and first again whenever it is rewritten (`replace`), so that a journal is never
    /// taken for another store's.
    pub fn belongs_to(&mut self, store_id: &str) -> Result<(), StoreError> {
        self.store_id = Some(store_id.to_owned());
        if self.end > 0 || !self.unsynced.is_empty() {
            return Ok(());
        }
        encode_identity(store_id, &mut self.unsynced);
        self.sync()
    }

    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// The length of its whole, synced records.
    pub fn len(&self) -> u64 {
        self.end
    }

    /// Numbers the next record after `seq` at least.
    pub fn skip_past(&mut self, seq: u64) {
        self.next_seq = self.next_seq.max(seq + 1);
    }

    pub fn mark(&self) -> Mark {
        Mark {
            unsynced: self.unsynced.len(),
            next_seq: self.next_seq,
        }
    }

    /// Forgets the records encoded since `mark` that are not written yet.
    pub fn rollback(&mut self, mark: Mark) {
        self.unsynced.truncate(mark.unsynced);
        self.next_seq = mark.next_seq;
    }

    /// Numbers and encodes `changes` for the next `sync`; returns the number of the last.
    pub fn record(&mut self, changes: &[Change]) -> Result<u64, StoreError> {
        let mark = self.mark();
        let at = Utc::now();
        for change in changes {
            let record = Record {
                seq: self.next_seq,
                batch: mark.next_seq,
                batch_len: Some(changes.len() as u64),
                at,
                change: Some(change.clone()),
                stored_through: None,
            };
            if let Err(detail) = encode_into(&record, &mut self.unsynced) {
                self.rollback(mark);
                return Err(self.error(detail));
            }
            self.next_seq += 1;
        }
        Ok(self.next_seq - 1)
    }

    /// Encodes, for the next `sync`, the mark that the store is on disk holding every change
    /// up to `seq`.
    #[cfg(test)]
    pub fn record_stored_through(&mut self, seq: u64) {
        let mark = self.prepare_mark(seq);
        self.push_mark(mark);
    }

    /// Encodes the mark that the store is on disk holding every change up to `seq`, and says
    /// where it will sit once written: after every record encoded so far. The store keeps
    /// that place in the flush the mark speaks of; `push_mark` then queues it for `sync`.
    pub fn prepare_mark(&self, seq: u64) -> PreparedMark {
        let record = Record {
            seq,
            batch: seq,
            batch_len: None,
            at: Utc::now(),
            change: None,
            stored_through: Some(seq),
        };
        let mut bytes = Vec::new();
        encode_into(&record, &mut bytes).expect("a mark is a few bytes");
        let start = self.end + self.unsynced.len() as u64;
        PreparedMark {
            at: MarkAt {
                start,
                end: start + bytes.len() as u64,
                seq,
            },
            bytes,
        }
    }

    /// Queues a mark from `prepare_mark` for the next `sync`. Should anything have been
    /// encoded in between, the mark lands elsewhere than the store was told, and the store's
    /// next opening reads the journal whole.
    pub fn push_mark(&mut self, mark: PreparedMark) {
        self.unsynced.extend_from_slice(&mark.bytes);
    }

    /// Writes the records encoded so far and makes them durable. On failure they are kept,
    /// and what may have reached the file is cut off again before the next attempt: after a
    /// failed fsync the kernel may have dropped the pages, so they are written anew.
    pub fn sync(&mut self) -> Result<(), StoreError> {
        if self.unsynced.is_empty() {
            return Ok(());
        }
        let attempt = (|| {
            use std::os::unix::fs::FileExt;
            if self.tail_unknown {
                self.file.set_len(self.end)?;
                self.allocated = self.end;
            }
            let new_end = self.end + self.unsynced.len() as u64;
            self.file.write_all_at(&self.unsynced, self.end)?;
            if new_end > self.allocated {
                // Zeros written ahead, synced with these records: the next ones overwrite
                // them in place. Only a saving of time: on a disk too full for them, the
                // records go without (and the zeros that did fit are cut off again).
                let ahead = (new_end + EXTEND_BY / 2).next_multiple_of(EXTEND_BY);
                let zeros = vec![0u8; (ahead - new_end) as usize];
                self.allocated = match self.file.write_all_at(&zeros, new_end) {
                    Ok(()) => ahead,
                    Err(_) => {
                        self.file.set_len(new_end)?;
                        new_end
                    }
                };
            }
            self.file.sync_data()
        })();
        match attempt {
            Ok(()) => {
                self.end += self.unsynced.len() as u64;
                self.unsynced.clear();
                self.tail_unknown = false;
                Ok(())
            }
            Err(e) => {
                self.tail_unknown = true;
                if self.file.set_len(self.end).is_ok() {
                    self.allocated = self.end;
                }
                Err(self.error(format!(
                    "cannot write to it: {e}. Check that the disk has room and that you may \
                     write there; the changes are kept and written again"
                )))
            }
        }
    }

    /// Replaces the whole journal by `changes`, all numbered `seq`, and the mark that the
    /// store holds them: written to a temporary file, synced, renamed over the journal, and
    /// the directory synced, so that an abrupt stop leaves either the old journal or the new
    /// one, never a mix.
    /// Returns where the new journal's mark sits: it ends the journal.
    pub fn replace(&mut self, changes: &[Change], seq: u64) -> Result<MarkAt, StoreError> {
        let at = Utc::now();
        let mut bytes = Vec::new();
        if let Some(id) = &self.store_id {
            encode_identity(id, &mut bytes);
        }
        for change in changes {
            let record = Record {
                seq,
                batch: seq,
                batch_len: None,
                at,
                change: Some(change.clone()),
                stored_through: None,
            };
            encode_into(&record, &mut bytes).map_err(|detail| self.error(detail))?;
        }
        let mark = Record {
            seq,
            batch: seq,
            batch_len: None,
            at,
            change: None,
            stored_through: Some(seq),
        };
        let mark_start = bytes.len() as u64;
        encode_into(&mark, &mut bytes).map_err(|detail| self.error(detail))?;
        let mark = MarkAt {
            start: mark_start,
            end: bytes.len() as u64,
            seq,
        };
        let mut temporary = self.path.clone().into_os_string();
        temporary.push(".new");
        let temporary = PathBuf::from(temporary);
        let written = create_private_file(&temporary, true).and_then(|file| {
            crate::durable::replace_with(&temporary, file, &self.path, |f| f.write_all(&bytes))
        });
        let file = written.map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            self.error(format!(
                "cannot rewrite it in short: {e}. Check that the disk has room; the journal \
                 as it was is kept"
            ))
        })?;
        // Renamed: the rewritten journal is the one from now on, whatever comes next.
        self.file = file;
        self.end = bytes.len() as u64;
        self.allocated = self.end;
        // Whatever was waiting is in the store, and so in the rewritten journal.
        self.unsynced.clear();
        self.tail_unknown = false;
        self.next_seq = self.next_seq.max(seq + 1);
        sync_parent_dir(&self.path).map_err(|e| {
            self.error(format!(
                "it was rewritten in short, but its directory cannot be synced: {e}"
            ))
        })?;
        Ok(mark)
    }

    fn error(&self, detail: String) -> StoreError {
        StoreError::Journal {
            path: self.path.clone(),
            detail,
        }
    }
}

/// Opens `path` for reading and writing, creating it readable by its owner only. A new file's
/// name is made durable by syncing its directory: a synced file nobody can find is lost.
fn create_private_file(path: &Path, truncate: bool) -> std::io::Result<File> {
    let existed = path.exists();
    let mut options = OpenOptions::new();
    options
        .read(true)
        .write(true)
        .create(true)
        .truncate(truncate);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    if !existed {
        sync_parent_dir(path)?;
    }
    Ok(file)
}

pub(crate) use crate::durable::sync_folder_of as sync_parent_dir;

#[cfg(test)]
mod tests {
    use super::*;

    fn note(n: u64, text: &str) -> Change {
        Change::Note(SessionId(1), InterventionId(n), text.into())
    }

    fn framed(entries: &[(u64, Change)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (seq, change) in entries {
            let record = Record {
                seq: *seq,
                batch: *seq,
                batch_len: None,
                // One time for every record: the length of a time written in JSON varies with
                // its digits, and the tests compare lengths of records framed apart.
                at: DateTime::from_timestamp(1_790_000_000, 0).expect("a valid time"),
                change: Some(change.clone()),
                stored_through: None,
            };
            encode_into(&record, &mut out).unwrap();
        }
        out
    }

    #[test]
    fn crc32_is_the_standard_one() {
        assert_eq!(crc32(&[b"123456789"]), 0xCBF4_3926);
        assert_eq!(crc32(&[b"1234", b"56789"]), 0xCBF4_3926);
        assert_eq!(crc32(&[b""]), 0);
    }

    #[test]
    fn every_kind_of_change_reads_back_as_written() {
        let bytes = framed(&[
            (1, note(1, "Égalité, العربية, 中文, 🙂, e\u{301}")),
            (2, Change::LastSession(SessionId(3))),
            (
                3,
                Change::RemoveIntervention(SessionId(3), InterventionId(4)),
            ),
        ]);
        let scan = scan_bytes(&bytes);
        assert_eq!(scan.entries.len(), 3);
        assert_eq!(
            scan.entries[0].change,
            note(1, "Égalité, العربية, 中文, 🙂, e\u{301}")
        );
        assert_eq!(scan.entries[1].change, Change::LastSession(SessionId(3)));
        assert_eq!(scan.last_seq(), 3);
        assert_eq!((scan.clean_len, scan.torn_bytes), (bytes.len() as u64, 0));
    }

    #[test]
    fn a_scan_after_a_number_checks_every_record_but_reads_only_the_later_changes() {
        let bytes = framed(&[(1, note(1, "a")), (2, note(2, "b")), (3, note(3, "c"))]);
        let scan = scan_bytes_after(&bytes, 2);
        let read: Vec<u64> = scan.entries.iter().map(|e| e.seq).collect();
        assert_eq!(read, [3]);
        assert_eq!((scan.changes, scan.last_seq()), (3, 3));
        assert_eq!((scan.torn_bytes, scan.damaged_bytes), (0, 0));
        // A damaged record is found all the same, read or not.
        let one = framed(&[(1, note(1, "a"))]).len();
        let mut damaged = bytes.clone();
        damaged[one + HEADER + 3] ^= 0x40;
        let scan = scan_bytes_after(&damaged, 2);
        assert_eq!(scan.changes, 2);
        assert!(scan.damaged_bytes > 0);
    }

    #[test]
    fn the_numbers_of_a_record_are_read_from_its_first_bytes() {
        let mut bytes = Vec::new();
        let mark = Record {
            seq: 7,
            batch: 7,
            batch_len: None,
            stored_through: Some(7),
            at: Utc::now(),
            change: None,
        };
        encode_into(&mark, &mut bytes).unwrap();
        let numbers = |seq, batch_len, stored_through| Numbers {
            seq,
            batch: seq,
            batch_len,
            stored_through,
        };
        assert_eq!(
            numbers_first(&bytes[HEADER..]),
            Some(numbers(7, None, Some(7)))
        );
        let change = framed(&[(12, note(1, "a"))]);
        assert_eq!(
            numbers_first(&change[HEADER..]),
            Some(numbers(12, None, None))
        );
        let mut journal = Vec::new();
        let record = Record {
            seq: 12,
            batch: 12,
            batch_len: Some(3),
            stored_through: None,
            at: Utc::now(),
            change: Some(note(1, "a")),
        };
        encode_into(&record, &mut journal).unwrap();
        assert_eq!(
            numbers_first(&journal[HEADER..]),
            Some(numbers(12, Some(3), None))
        );
        assert_eq!(numbers_first(br#"{"batch":1,"seq":1}"#), None);
    }

    #[test]
    fn an_intervention_is_journaled_without_its_note_which_has_a_change_of_its_own() {
        let mut iv = crate::domain::Intervention::new(
            InterventionId(4),
            1,
            crate::domain::AgendaItemId(1),
            crate::domain::ParticipantId(1),
            crate::domain::InterventionKind::Statement,
            Utc::now(),
        );
        iv.set_note("A long statement #data".into());
        let bytes = framed(&[(1, Change::Intervention(SessionId(1), iv.clone()))]);
        assert!(!String::from_utf8_lossy(&bytes).contains("A long statement"));
        let scan = scan_bytes(&bytes);
        let Change::Intervention(_, read) = &scan.entries[0].change else {
            panic!("an intervention");
        };
        iv.set_note(String::new());
        assert_eq!(read, &iv);
    }

    #[test]
    fn a_torn_last_record_is_left_out_and_everything_before_it_kept() {
        let whole = framed(&[(1, note(1, "a")), (2, note(1, "ab"))]);
        let first_len = framed(&[(1, note(1, "a"))]).len();
        for cut in 1..(whole.len() - first_len) {
            let scan = scan_bytes(&whole[..whole.len() - cut]);
            assert_eq!(scan.entries.len(), 1, "cut {cut}");
            assert_eq!(scan.clean_len, first_len as u64);
            assert_eq!(scan.torn_bytes, (whole.len() - cut - first_len) as u64);
            assert_eq!(scan.damaged_bytes, 0);
        }
    }

    /// Giving the floor: the list, the ended intervention and the new one.
    fn floor_change() -> Vec<Change> {
        vec![
            Change::RemoveIntervention(SessionId(1), InterventionId(8)),
            note(2, "Austria aligned itself with the statement of the EU"),
            Change::LastSession(SessionId(1)),
        ]
    }

    #[test]
    fn a_batch_cut_at_any_byte_is_replayed_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.journal");
        let mut journal = Journal::open(&path, 0, 1).unwrap();
        journal.record(&[note(1, "Brazil")]).unwrap();
        journal.sync().unwrap();
        let before = journal.len() as usize;
        journal.record(&floor_change()).unwrap();
        journal.sync().unwrap();
        let after = journal.len() as usize;
        let whole = std::fs::read(&path).unwrap();
        for cut in before..after {
            for ahead in [0, 4096] {
                let mut bytes = whole[..cut].to_vec();
                bytes.extend(std::iter::repeat_n(0, ahead));
                let scan = scan_bytes(&bytes);
                let changes: Vec<&Change> = scan.entries.iter().map(|e| &e.change).collect();
                assert_eq!(changes, [&note(1, "Brazil")], "cut at {cut}");
                assert_eq!(scan.changes, 1, "cut at {cut}");
                assert_eq!(scan.clean_len, before as u64, "cut at {cut}");
                assert_eq!(scan.torn_bytes > 0, cut > before, "cut at {cut}");
            }
        }
        let scan = scan_bytes(&whole[..after]);
        assert_eq!(scan.entries.len(), 4);
        assert_eq!((scan.clean_len, scan.torn_bytes), (after as u64, 0));
    }

    #[test]
    fn a_batch_missing_a_record_in_the_middle_of_the_journal_is_left_out_whole() {
        let mut journal = Vec::new();
        let at = Utc::now();
        let batch_record =
            |journal: &mut Vec<u8>, seq: u64, batch: u64, len: u64, change: Change| {
                let record = Record {
                    seq,
                    batch,
                    batch_len: Some(len),
                    stored_through: None,
                    at,
                    change: Some(change),
                };
                encode_into(&record, journal).unwrap();
            };
        let changes = floor_change();
        batch_record(&mut journal, 1, 1, 3, changes[0].clone());
        batch_record(&mut journal, 2, 1, 3, changes[1].clone());
        let damaged_from = journal.len();
        batch_record(&mut journal, 3, 1, 3, changes[2].clone());
        let damaged_to = journal.len();
        batch_record(&mut journal, 4, 4, 1, note(3, "Chile"));
        journal[damaged_from + HEADER + 2] ^= 0x20;
        assert!(damaged_to > damaged_from);
        let scan = scan_bytes(&journal);
        let changes: Vec<&Change> = scan.entries.iter().map(|e| &e.change).collect();
        assert_eq!(changes, [&note(3, "Chile")]);
        assert!(scan.damaged_bytes > 0);
    }

    #[test]
    fn edits_after_a_lost_record_of_their_note_are_left_out_up_to_its_next_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.journal");
        let mut journal = Journal::open(&path, 0, 1).unwrap();
        let mut notes = super::super::note_edit::JournaledNotes::default();
        let text = |n: usize| format!("{} Fiji.", "Chile supported the draft. ".repeat(n));
        let mut ends = Vec::new();
        for n in 10..16 {
            let journaled = notes.journal_form(&[note(1, &text(n))]).unwrap();
            journal.record(&journaled).unwrap();
            journal.sync().unwrap();
            ends.push(journal.len() as usize);
        }
        let bytes = std::fs::read(&path).unwrap();
        let kinds = |scan: &Scan| -> Vec<bool> {
            scan.entries
                .iter()
                .map(|e| matches!(e.change, Change::NoteEdit(..)))
                .collect()
        };
        let whole = scan_bytes(&bytes[..ends[5]]);
        assert_eq!(kinds(&whole), [false, true, true, true, true, true]);
        assert_eq!(whole.unappliable_edits, 0);
        // The third record (an edit) damaged: the edits after it do not apply.
        let mut damaged = bytes[..ends[5]].to_vec();
        damaged[ends[1] + HEADER + 2] ^= 0x20;
        let scan = scan_bytes(&damaged);
        assert_eq!(kinds(&scan), [false, true]);
        assert_eq!(scan.unappliable_edits, 3);
        assert!(scan.damaged_bytes > 0);
    }

    #[test]
    fn a_journal_without_batch_lengths_is_replayed_record_by_record_as_before() {
        // Written before batches were marked: each whole record counts, as it always did.
        let mut bytes = framed(&[(1, note(1, "a")), (2, note(2, "b"))]);
        let whole = bytes.len();
        bytes.extend(&framed(&[(3, note(3, "c"))])[..10]);
        let scan = scan_bytes(&bytes);
        assert_eq!(scan.entries.len(), 2);
        assert_eq!(scan.clean_len, whole as u64);
    }

    #[test]
    fn zeros_after_the_last_record_are_space_written_ahead_not_a_torn_record() {
        let mut bytes = framed(&[(1, note(1, "a"))]);
        let len = bytes.len();
        bytes.extend_from_slice(&[0; 4096]);
        let scan = scan_bytes(&bytes);
        assert_eq!(scan.entries.len(), 1);
        assert_eq!((scan.clean_len, scan.torn_bytes), (len as u64, 0));
        // A record cut short in that space is torn, zeros after it or not.
        let whole = framed(&[(2, note(1, "ab"))]);
        bytes[len..len + whole.len() - 3].copy_from_slice(&whole[..whole.len() - 3]);
        let scan = scan_bytes(&bytes);
        assert_eq!(scan.entries.len(), 1);
        assert_eq!((scan.clean_len, scan.torn_bytes), (len as u64, 4096));
    }

    #[test]
    fn records_overwrite_the_zeros_written_ahead_and_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.journal");
        let mut journal = Journal::open(&path, 0, 1).unwrap();
        for n in 1..=3 {
            journal.record(&[note(1, &"a".repeat(n))]).unwrap();
            journal.sync().unwrap();
        }
        journal.record_stored_through(2);
        journal.sync().unwrap();
        let len = std::fs::metadata(&path).unwrap().len();
        assert_eq!(len, EXTEND_BY, "the file is extended ahead, once");
        let scan = scan(&path).unwrap().unwrap();
        let seqs: Vec<u64> = scan.entries.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 2, 3]);
        assert_eq!(scan.stored_through, Some(2));
        assert_eq!((scan.torn_bytes, scan.damaged_bytes), (0, 0));
        assert!(scan.clean_len < len);
        // Reopened, the zeros are cut off, and the next record follows the last one.
        let mut journal = Journal::open(&path, scan.clean_len, scan.last_seq() + 1).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), scan.clean_len);
        journal.record(&[note(1, "aaaa")]).unwrap();
        journal.sync().unwrap();
        let scan = super::scan(&path).unwrap().unwrap();
        let seqs: Vec<u64> = scan.entries.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 2, 3, 4]);
    }

    #[test]
    fn a_record_past_the_zeros_written_ahead_extends_the_file_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.journal");
        let mut journal = Journal::open(&path, 0, 1).unwrap();
        let big = "x".repeat(EXTEND_BY as usize + 10);
        journal.record(&[note(1, "a")]).unwrap();
        journal.sync().unwrap();
        journal.record(&[note(1, &big)]).unwrap();
        journal.sync().unwrap();
        let len = std::fs::metadata(&path).unwrap().len();
        assert!(len > EXTEND_BY + 10, "{len}");
        let scan = scan(&path).unwrap().unwrap();
        assert_eq!(scan.entries.len(), 2);
        assert_eq!(scan.entries[1].change, note(1, &big));
        assert_eq!(scan.torn_bytes, 0);
    }

    #[test]
    fn damage_in_the_middle_skips_one_record_and_reads_on() {
        let one = framed(&[(1, note(1, "a"))]).len();
        let mut bytes = framed(&[(1, note(1, "a")), (2, note(2, "b")), (3, note(3, "c"))]);
        bytes[one + HEADER + 3] ^= 0x40;
        let scan = scan_bytes(&bytes);
        let seqs: Vec<u64> = scan.entries.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 3]);
        assert_eq!(scan.clean_len, one as u64);
        assert!(scan.damaged_bytes > 0);
        assert_eq!(scan.torn_bytes, 0);
    }

    #[test]
    fn a_failed_write_leaves_no_half_record_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.journal");
        let mut journal = Journal::open(&path, 0, 1).unwrap();
        journal.record(&[note(1, "kept")]).unwrap();
        journal.sync().unwrap();
        // Garbage past the end, as a write cut short would leave it.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"\x10\x00\x00")
            .unwrap();
        // A write that fails: the file as the journal holds it can no longer be written to.
        let writable = std::mem::replace(&mut journal.file, File::open(&path).unwrap());
        journal.record(&[note(1, "kept, then more")]).unwrap();
        let failed = journal
            .sync()
            .expect_err("a read-only file refuses the write");
        assert!(
            failed.to_string().contains("cannot write to it"),
            "{failed}"
        );
        assert!(journal.tail_unknown);
        // The disk is writable again: the kept record is written whole, after the last one.
        journal.file = writable;
        journal.sync().unwrap();
        let scan = scan(&path).unwrap().unwrap();
        let seqs: Vec<u64> = scan.entries.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 2]);
        assert_eq!((scan.torn_bytes, scan.damaged_bytes), (0, 0));
    }

    #[test]
    fn a_whole_last_record_that_fails_its_check_is_damage_not_a_cut_append() {
        let whole = framed(&[(1, note(1, "kept")), (2, note(1, "kept, and saved"))]);
        let first = framed(&[(1, note(1, "kept"))]).len();
        let mut ahead = whole.clone();
        ahead.extend_from_slice(&[0; 4096]);
        // A flipped byte in its payload, its checksum or its length.
        for at in [first + HEADER + 5, first + 5, first + 1, whole.len() - 2] {
            let mut bytes = ahead.clone();
            bytes[at] ^= 0x08;
            let scan = scan_bytes(&bytes);
            assert_eq!(scan.entries.len(), 1, "byte {at}");
            assert_eq!(scan.torn_bytes, 0, "byte {at}");
            assert_eq!(scan.damage.len(), 1, "byte {at}");
            assert_eq!(scan.damage[0].up_to_seq, None, "byte {at}");
            assert!(scan.damage[0].may_hold_changes_after(1));
        }
        // A run of zeros inside it.
        let mut bytes = ahead.clone();
        bytes[first + HEADER + 3..first + HEADER + 9].fill(0);
        assert_eq!(scan_bytes(&bytes).damage.len(), 1);
        // An append cut short, at the end of the file or into the zeros: not damage.
        for cut in [first + 3, first + HEADER + 4, whole.len() - 1] {
            let mut bytes = ahead.clone();
            bytes[cut..whole.len()].fill(0);
            let scan = scan_bytes(&bytes);
            assert!(scan.damage.is_empty(), "cut at {cut}");
            assert!(scan.torn_bytes > 0, "cut at {cut}");
            assert!(scan_bytes(&whole[..cut]).damage.is_empty(), "cut at {cut}");
        }
    }

    #[test]
    fn damage_between_records_says_which_changes_it_may_have_held() {
        let one = framed(&[(1, note(1, "a"))]).len();
        let mut bytes = framed(&[(1, note(1, "a")), (2, note(2, "b")), (3, note(3, "c"))]);
        bytes[one + HEADER + 3] ^= 0x40;
        let scan = scan_bytes(&bytes);
        assert_eq!(scan.damage.len(), 1);
        let damage = &scan.damage[0];
        assert_eq!((damage.after_seq, damage.up_to_seq), (1, Some(3)));
        assert!(damage.may_hold_changes_after(2));
        assert!(!damage.may_hold_changes_after(3));
    }

    #[test]
    fn a_journal_names_its_store_first_and_again_when_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal");
        let mut journal = Journal::open(&path, 0, 1).unwrap();
        journal.belongs_to("a1b2").unwrap();
        journal.record(&[note(1, "a")]).unwrap();
        journal.sync().unwrap();
        let scan = scan(&path).unwrap().unwrap();
        assert_eq!(scan.store_id.as_deref(), Some("a1b2"));
        assert_eq!((scan.changes, scan.last_seq()), (1, 1));
        journal.replace(&[note(1, "ab")], 5).unwrap();
        let scan = super::scan(&path).unwrap().unwrap();
        assert_eq!(scan.store_id.as_deref(), Some("a1b2"));
        assert_eq!(scan.entries.len(), 1);
        // A journal from before ids names none.
        let old = framed(&[(1, note(1, "a"))]);
        assert_eq!(scan_bytes(&old).store_id, None);
    }

    #[test]
    fn the_journal_sits_in_the_stores_folder_and_sat_beside_it() {
        assert_eq!(
            journal_path(Path::new("/x/store")),
            Path::new("/x/store/journal")
        );
        assert_eq!(
            legacy_journal_path(Path::new("/x/store/")),
            Path::new("/x/store.journal")
        );
    }

    #[test]
    fn a_new_journal_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.journal");
        Journal::open(&path, 0, 1).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
