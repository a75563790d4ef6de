//! The archive: the sessions not in use, kept out of the main sled so that opening the store
//! costs what the sessions in use cost. sled 0.34 reads at opening a page table that grows
//! with every page the store ever held, whatever the app then reads; a session kept here is
//! one file of its own (`STORE/archive/<id>.session`), read only when that session is.
//!
//! The main sled keeps every session's own record and its count of interventions, and an
//! index (`archived_sessions`) of the sessions whose other records are here, with each
//! file's length and checksum and the session's count of meetings, so that `rapporteur
//! sessions` reads nothing of the archive. The index is the authority: a file it does not name is left
//! over (a session brought back, a move stopped half-way) and means nothing.
//!
//! The journal still holds every change of every session: the archive is a second home for
//! records the journal has, never their only copy, so `recover` rebuilds an archived session
//! from the journal when its file is lost.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::domain::SessionId;

use super::{keys, StoreError};

/// The archive's folder inside the store's.
pub(super) const FOLDER: &str = "archive";

/// The trees whose records of an archived session are in its file; the others (`sessions`,
/// the counts) stay in the main sled, which lists the sessions. (A session of a long
/// conference has dozens of meetings: kept in the main sled for 200 sessions, they alone
/// would double its pages.) A file names each record's tree by its place here: a tree is
/// only ever added at the end.
pub(super) const ARCHIVED_TREES: [&str; 6] = [
    "agenda",
    "participants",
    "interventions",
    "notes",
    "lists",
    "meetings",
];

/// The main sled's index of archived sessions: session → `Filed`.
pub(super) const INDEX_TREE: &str = "archived_sessions";

/// The first bytes of an archive file, and the version of its layout.
const MAGIC: &[u8] = b"rapporteur archived session 1\n";

/// One record of a session, as sled holds it: its tree, key and value.
pub(super) type Row = (&'static str, Vec<u8>, Vec<u8>);

/// What the index knows of a session's file, to tell it whole, and of the session, to list
/// it without reading the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Filed {
    pub len: u64,
    pub crc: u32,
    pub meetings: u32,
}

impl Filed {
    pub fn to_bytes(self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&self.len.to_be_bytes());
        out[8..12].copy_from_slice(&self.crc.to_be_bytes());
        out[12..].copy_from_slice(&self.meetings.to_be_bytes());
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Filed> {
        Some(Filed {
            len: keys::u64_from(bytes)?,
            crc: keys::u32_from(bytes.get(8..)?)?,
            meetings: keys::u32_from(bytes.get(12..)?)?,
        })
    }
}

pub(super) fn folder(store: &Path) -> PathBuf {
    store.join(FOLDER)
}

/// The file of session `s`.
pub(super) fn file_of(store: &Path, s: SessionId) -> PathBuf {
    folder(store).join(file_name(s))
}

fn file_name(s: SessionId) -> String {
    format!("{}.session", s.0)
}

/// The archived sessions, as the main sled's index names them.
pub(super) fn index(db: &sled::Db) -> Result<BTreeMap<SessionId, Filed>, sled::Error> {
    let mut out = BTreeMap::new();
    for entry in db.open_tree(INDEX_TREE)?.iter() {
        let (k, v) = entry?;
        if let (Some(s), Some(filed)) = (keys::u64_from(&k), Filed::from_bytes(&v)) {
            out.insert(SessionId(s), filed);
        }
    }
    Ok(out)
}

/// Whether session `s` is in the archive, and its file as the index knows it.
pub(super) fn filed(db: &sled::Db, s: SessionId) -> Result<Option<Filed>, sled::Error> {
    Ok(db
        .open_tree(INDEX_TREE)?
        .get(keys::session(s))?
        .and_then(|v| Filed::from_bytes(&v)))
}

/// Refuses a store whose archive lacks a file its index names: the store would list sessions
/// it cannot read. One listing of the folder, whatever the archive holds; whether each file
/// is whole is checked when it is read.
pub(super) fn check_present(store: &Path, db: &sled::Db) -> Result<(), StoreError> {
    let index = index(db).map_err(|e| StoreError::from_sled(store, e))?;
    if index.is_empty() {
        return Ok(());
    }
    let present: std::collections::HashSet<String> = std::fs::read_dir(folder(store))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let missing: Vec<String> = index
        .keys()
        .filter(|s| !present.contains(&file_name(**s)))
        .map(|s| s.0.to_string())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(StoreError::Damaged {
        path: store.to_path_buf(),
        detail: format!(
            "its archive, the folder {} that keeps the sessions not in use, lacks the records \
             of {} {} (a copy of the store made without that folder, or files deleted by hand), \
             so the store was not opened without them. If the folder is elsewhere, put it \
             back; the journal holds the whole record",
            folder(store).display(),
            if missing.len() == 1 {
                "session"
            } else {
                "sessions"
            },
            missing.join(", ")
        ),
    })
}

/// Writes the records of session `s` to its file, whole or not at all (a temporary file,
/// synced, renamed over the name; the folder synced). Returns what the index keeps of it.
pub(super) fn write_file(store: &Path, s: SessionId, rows: &[Row]) -> Result<Filed, StoreError> {
    let bytes = encode(rows);
    let path = file_of(store, s);
    let fail = |e: std::io::Error| StoreError::Write {
        path: store.to_path_buf(),
        detail: format!("cannot write the archive file {}: {e}", path.display()),
    };
    create_private_dir(&folder(store)).map_err(fail)?;
    let temp = folder(store).join(format!(".{}.tmp", file_name(s)));
    let file = private_file(&temp).map_err(fail)?;
    crate::durable::replace_with(&temp, file, &path, |f| f.write_all(&bytes)).map_err(fail)?;
    crate::durable::sync_folder_of(&path).map_err(fail)?;
    let meetings = rows
        .iter()
        .filter(|(tree, _, _)| *tree == "meetings")
        .count();
    Ok(Filed {
        len: bytes.len() as u64,
        crc: crc32fast::hash(&bytes),
        meetings: u32::try_from(meetings).unwrap_or(u32::MAX),
    })
}

/// Reads the records of the archived session `s`, refused unless its file is the one the
/// index names, whole.
pub(super) fn read_file(store: &Path, s: SessionId, filed: Filed) -> Result<Vec<Row>, StoreError> {
    let path = file_of(store, s);
    let damaged = |what: String| StoreError::Damaged {
        path: store.to_path_buf(),
        detail: format!(
            "the archive file {} of session {}, which keeps that session's records while it is \
             not in use, {what}; the journal holds the whole record",
            path.display(),
            s.0
        ),
    };
    let bytes = std::fs::read(&path).map_err(|e| damaged(format!("cannot be read ({e})")))?;
    if bytes.len() as u64 != filed.len || crc32fast::hash(&bytes) != filed.crc {
        return Err(damaged(format!(
            "is damaged ({} bytes, where the store wrote {} bytes with another checksum)",
            bytes.len(),
            filed.len
        )));
    }
    decode(&bytes).ok_or_else(|| damaged("cannot be decoded".into()))
}

/// The records of session `s` in the main sled's archived trees.
pub(super) fn rows_in(db: &sled::Db, s: SessionId) -> Result<Vec<Row>, sled::Error> {
    let mut rows = Vec::new();
    for tree in ARCHIVED_TREES {
        for entry in db.open_tree(tree)?.scan_prefix(keys::session(s)) {
            let (k, v) = entry?;
            rows.push((tree, k.to_vec(), v.to_vec()));
        }
    }
    Ok(rows)
}

/// Brings the archived session `s`, if it is archived, back into the main sled, before a
/// change is written to it. The records go first and the index entry last: sled comes back
/// from an abrupt stop with a prefix of its writes, so a session the index still names as
/// archived is read from its file, and the change that brought it back is replayed from the
/// journal and brings it back again.
pub(super) fn bring_back(db: &sled::Db, store: &Path, s: SessionId) -> Result<(), StoreError> {
    let err = |e| StoreError::from_sled(store, e);
    let Some(filed) = filed(db, s).map_err(err)? else {
        return Ok(());
    };
    for (tree, key, value) in read_file(store, s, filed)? {
        db.open_tree(tree)
            .and_then(|t| t.insert(key, value))
            .map_err(err)?;
    }
    db.open_tree(INDEX_TREE)
        .and_then(|t| t.remove(keys::session(s)))
        .map_err(err)?;
    Ok(())
}

/// Removes the files of the archive its index does not name, and temporary files of a write
/// cut short: what a session brought back or a move stopped half-way left.
pub(super) fn remove_unnamed(
    store: &Path,
    index: &BTreeMap<SessionId, Filed>,
) -> std::io::Result<()> {
    let named: std::collections::HashSet<String> = index.keys().map(|s| file_name(*s)).collect();
    let Ok(entries) = std::fs::read_dir(folder(store)) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        if !named.contains(&*entry.file_name().to_string_lossy()) {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// magic, then for each row: tree (its place in `ARCHIVED_TREES`), key length, key, value
/// length, value; the lengths big-endian u32 and u64.
fn encode(rows: &[Row]) -> Vec<u8> {
    let size: usize = rows.iter().map(|(_, k, v)| 13 + k.len() + v.len()).sum();
    let mut out = Vec::with_capacity(MAGIC.len() + size);
    out.extend_from_slice(MAGIC);
    for (tree, key, value) in rows {
        let place = ARCHIVED_TREES.iter().position(|t| t == tree).unwrap_or(0);
        out.push(place as u8);
        out.extend_from_slice(&(key.len() as u32).to_be_bytes());
        out.extend_from_slice(key);
        out.extend_from_slice(&(value.len() as u64).to_be_bytes());
        out.extend_from_slice(value);
    }
    out
}

fn decode(bytes: &[u8]) -> Option<Vec<Row>> {
    let mut rest = bytes.strip_prefix(MAGIC)?;
    let mut rows = Vec::new();
    let take = |rest: &mut &[u8], n: usize| -> Option<Vec<u8>> {
        let (head, tail) = rest.split_at_checked(n)?;
        *rest = tail;
        Some(head.to_vec())
    };
    while let Some((&place, tail)) = rest.split_first() {
        rest = tail;
        let tree = *ARCHIVED_TREES.get(usize::from(place))?;
        let key_len = keys::u32_from(&take(&mut rest, 4)?)?;
        let key = take(&mut rest, usize::try_from(key_len).ok()?)?;
        let value_len = keys::u64_from(&take(&mut rest, 8)?)?;
        let value = take(&mut rest, usize::try_from(value_len).ok()?)?;
        rows.push((tree, key, value));
    }
    Some(rows)
}

fn create_private_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(path)
}

fn private_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Row> {
        vec![
            (
                "interventions",
                vec![0, 0, 0, 0, 0, 0, 0, 3, 9],
                b"{}".to_vec(),
            ),
            (
                "notes",
                vec![1; 16],
                "Le Chili — 中文 🙂".as_bytes().to_vec(),
            ),
            ("lists", vec![2; 12], Vec::new()),
        ]
    }

    #[test]
    fn a_session_written_to_its_file_reads_back_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let filed = write_file(dir.path(), SessionId(3), &rows()).unwrap();
        assert_eq!(read_file(dir.path(), SessionId(3), filed).unwrap(), rows());
        assert_eq!(Filed::from_bytes(&filed.to_bytes()), Some(filed));
    }

    #[test]
    fn a_file_damaged_or_cut_is_refused_with_what_and_where() {
        let dir = tempfile::tempdir().unwrap();
        let filed = write_file(dir.path(), SessionId(3), &rows()).unwrap();
        let path = file_of(dir.path(), SessionId(3));
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[40] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let message = read_file(dir.path(), SessionId(3), filed)
            .unwrap_err()
            .to_string();
        assert!(message.contains("is damaged"), "{message}");
        assert!(message.contains("recover"), "{message}");
        std::fs::write(&path, &bytes[..20]).unwrap();
        assert!(read_file(dir.path(), SessionId(3), filed).is_err());
        std::fs::remove_file(&path).unwrap();
        let message = read_file(dir.path(), SessionId(3), filed)
            .unwrap_err()
            .to_string();
        assert!(message.contains("cannot be read"), "{message}");
    }

    #[test]
    fn no_bytes_decode_into_a_panic() {
        let whole = encode(&rows());
        for cut in 0..whole.len() {
            let _ = decode(&whole[..cut]);
        }
    }
}
