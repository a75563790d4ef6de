//! Following a store's journal as it grows, from another process, without a lock and without
//! writing: each look reads what was appended since the last whole batch read. A batch cut
//! off at the end (still being written) is read whole at a later look. A journal rewritten in
//! short is a new file under the same name, or one shorter than what was read: it is read
//! again from its start, where its first batch holds the whole record as it stood. The system
//! can give the new file the number of one it freed (two rewrites between two looks): a file
//! whose first bytes are not those read is a rewrite too.

use std::fs::File;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::store::{journal_path, scan_records, JournalEntry, StoreError};

/// The changes of one user action, whole, in the order written.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub changes: Vec<JournalEntry>,
}

impl Batch {
    /// The number of its last record.
    pub fn last_seq(&self) -> u64 {
        self.changes.last().map_or(0, |e| e.seq)
    }
}

/// What a look at the journal found.
#[derive(Debug)]
pub enum Polled {
    /// Nothing new.
    Nothing,
    /// There is no journal at the store's place (yet, or no longer).
    Missing,
    /// Whole batches appended since the last look.
    Grown(Vec<Batch>),
    /// The journal is another file than the one read so far (rewritten in short, or the
    /// first look): read from its start. Its first batch makes the record from nothing.
    Restarted(Vec<Batch>),
}

/// How much of the file's start is kept to tell a rewrite by: the journal's first record
/// names the store and the moment the file was written, to the nanosecond.
const HEAD: usize = 256;

/// A file written to this recently may be written again within the same tick of its
/// modification time: it is read again, not taken as unchanged.
const SAME_TICK: Duration = Duration::from_millis(100);

/// The journal of a store, followed.
pub struct JournalTail {
    path: PathBuf,
    /// The file read so far (device and inode): a rename over it is a rewrite in short.
    file: Option<(u64, u64)>,
    /// The file's first bytes as read (up to `HEAD`): never written again in the same file.
    head: Vec<u8>,
    /// Where the first byte not read as part of a whole batch is.
    offset: u64,
    /// The number of the last change handed out, so that no change is handed out twice.
    seq: u64,
    /// The file's length and modification time at the last look that read it.
    seen: Option<(u64, SystemTime)>,
    store_id: Option<String>,
}

impl JournalTail {
    /// Follows the journal of the store at `store`.
    pub fn of_store(store: &Path) -> JournalTail {
        JournalTail::at(journal_path(store))
    }

    pub fn at(path: PathBuf) -> JournalTail {
        JournalTail {
            path,
            file: None,
            head: Vec::new(),
            offset: 0,
            seq: 0,
            seen: None,
            store_id: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The id of the store the journal names, once read.
    pub fn store_id(&self) -> Option<&str> {
        self.store_id.as_deref()
    }

    /// The next look reads the journal from its start, as a rewrite.
    pub fn read_again(&mut self) {
        *self = JournalTail::at(self.path.clone());
    }

    /// Looks at the journal once.
    pub fn poll(&mut self) -> Result<Polled, StoreError> {
        let path = self.path.clone();
        let fail = |e: std::io::Error| StoreError::Journal {
            path: path.clone(),
            detail: format!("cannot read it: {e}. Check that you may read that file"),
        };
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Polled::Missing),
            Err(e) => return Err(fail(e)),
        };
        let meta = file.metadata().map_err(fail)?;
        let id = (meta.dev(), meta.ino());
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let restarted = self.file != Some(id)
            || meta.len() < self.offset
            || !starts_with_head(&file, &self.head).map_err(fail)?;
        if restarted {
            *self = JournalTail::at(path.clone());
            self.file = Some(id);
        } else if self.seen == Some((meta.len(), modified))
            && modified.elapsed().is_ok_and(|age| age > SAME_TICK)
        {
            return Ok(Polled::Nothing);
        }
        let mut bytes = vec![0u8; meta.len().saturating_sub(self.offset) as usize];
        let mut read = 0;
        while read < bytes.len() {
            match file.read_at(&mut bytes[read..], self.offset + read as u64) {
                Ok(0) => break,
                Ok(n) => read += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(fail(e)),
            }
        }
        bytes.truncate(read);
        self.seen = Some((meta.len(), modified));
        // The zeros written ahead of the records are not read: no record ends in a zero.
        let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
        let scan = scan_records(&bytes[..end], self.offset);
        if let Some(id) = scan.store_id {
            self.store_id.get_or_insert(id);
        }
        // Whole records only: the zeros written ahead of them are written over.
        if self.offset as usize == self.head.len() && self.head.len() < HEAD {
            let whole = scan.clean_len.saturating_sub(self.offset) as usize;
            let more = (HEAD - self.head.len()).min(whole);
            self.head.extend_from_slice(&bytes[..more]);
        }
        self.offset = scan.clean_len;
        let mut batches: Vec<Batch> = Vec::new();
        for entry in scan.entries.into_iter().filter(|e| e.seq > self.seq) {
            match batches.last_mut() {
                Some(batch) if batch.changes[0].batch == entry.batch => batch.changes.push(entry),
                _ => batches.push(Batch {
                    changes: vec![entry],
                }),
            }
        }
        if let Some(last) = batches.last() {
            self.seq = last.last_seq();
        }
        Ok(match (restarted, batches.is_empty()) {
            (true, _) => Polled::Restarted(batches),
            (false, true) => Polled::Nothing,
            (false, false) => Polled::Grown(batches),
        })
    }
}

/// Whether `file` starts with `head`.
fn starts_with_head(file: &File, head: &[u8]) -> std::io::Result<bool> {
    let mut start = vec![0u8; head.len()];
    match file.read_exact_at(&mut start, 0) {
        Ok(()) => Ok(start == head),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(e),
    }
}
