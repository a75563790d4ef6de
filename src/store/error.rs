use std::path::PathBuf;

/// What can go wrong with the store, in words for the person at the keyboard: what happened,
/// to which path, and what to do next.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the store at {path} is in use by another rapporteur (or another program).\n\
         Only one rapporteur can keep a store open at a time, so that no note is written twice.\n\
         Close the other one first, or open a different store with --db PATH."
    )]
    InUse { path: PathBuf },

    #[error(
        "the store at {path} was written by a newer version of rapporteur (store schema {found}; \
         this version reads up to {supported}).\n\
         It has not been touched. Open it with the newer rapporteur, or use another store with --db PATH."
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    #[error(
        "the store at {path} could not be read: {detail}.\n\
         Run `rapporteur recover --db {path}`: it rebuilds the store from its journal (kept \
         in its folder) and moves the damaged store aside, deleting nothing.\n\
         If that finds no journal, keep a copy of that directory, then move it aside \
         (e.g. `mv {path} {path}.damaged`) so that rapporteur starts a new store there, \
         or open another store with --db PATH."
    )]
    Damaged { path: PathBuf, detail: String },

    /// The store opened, but holds fewer changes than its journal: sled can come back from an
    /// abrupt stop empty or short without an error, and opening it would hide the loss.
    #[error(
        "the store at {path} holds fewer changes than its journal at {journal}: the store lost \
         changes (an abrupt stop or a damaged disk can do that), so it was not opened as it is.\n\
         Run `rapporteur recover --db {path}` to rebuild the store from the journal; the store \
         as it is now is moved aside, not deleted."
    )]
    BehindJournal { path: PathBuf, journal: PathBuf },

    /// The store has had a journal, and it is not there: whatever was saved after the
    /// store's last flush would be lost without a word.
    #[error(
        "the store at {path} has no journal at {journal}, though it holds a journal's changes \
         up to change {applied}: changes saved after the store was last written to disk may be \
         missing, so it was not opened as it is.\n\
         If the journal is elsewhere (a copy of the folder made without it), put it back at \
         {journal}. Otherwise run `rapporteur recover --db {path}`: it keeps everything the \
         store holds and starts a new journal; the store as found is kept aside, nothing is \
         deleted."
    )]
    MissingJournal {
        path: PathBuf,
        journal: PathBuf,
        applied: u64,
    },

    /// The journal in the store's folder was written for another store.
    #[error(
        "the journal at {journal} belongs to another store, not to the store at {path}, so none \
         of it was applied and the store was not opened.\n\
         If the folder was put together from two stores, put this store's own journal back. \
         Otherwise run `rapporteur recover --db {path}`: it keeps everything the store holds \
         and starts a new journal for it; the store and that journal are kept aside as found, \
         nothing is deleted."
    )]
    ForeignJournal { path: PathBuf, journal: PathBuf },

    /// Damage in the journal where it may hold changes the store does not.
    #[error(
        "{bytes} bytes of the journal at {journal}, from byte {offset}, cannot be read, and \
         they come after the last change the store at {path} holds (change {after}): they may \
         hold changes that were saved, so the store was not opened without them.\n\
         Run `rapporteur recover --db {path}`: it rebuilds the store from every readable record \
         of the journal, keeps anything the store holds that the rebuild lacks, and reports \
         what differs; the store and its journal as found are kept aside, nothing is deleted."
    )]
    DamagedJournal {
        path: PathBuf,
        journal: PathBuf,
        offset: u64,
        bytes: u64,
        after: u64,
    },

    #[error(
        "there is no journal at {journal} to rebuild the store at {path} from, so nothing was \
         changed.\n\
         Keep a copy of {path}, then move it aside (e.g. `mv {path} {path}.damaged`) so that \
         rapporteur starts a new store there, or open another store with --db PATH."
    )]
    NoJournal { path: PathBuf, journal: PathBuf },

    /// `detail` says what went wrong and what to do about it.
    #[error(
        "the journal at {path} (the second copy of every change, kept in the store's folder) \
         could not be used: {detail}"
    )]
    Journal { path: PathBuf, detail: String },

    #[error(
        "the store at {path} cannot be opened: permission denied.\n\
         Check that you own that directory and may write to it (the store is created readable \
         by its owner only), or open another store with --db PATH."
    )]
    PermissionDenied { path: PathBuf },

    #[error(
        "the store at {path} cannot be created: you may not write in {parent}.\n\
         Keep the store in a directory of your own with --db PATH (or RAPPORTEUR_DB), or ask \
         whoever owns {parent} to make room for it there."
    )]
    CannotCreate { path: PathBuf, parent: PathBuf },

    #[error("the store at {path} could not be written: {detail}")]
    Write { path: PathBuf, detail: String },

    #[error("no session {0} in this store (`rapporteur sessions` lists them)")]
    NoSuchSession(u64),
}

impl StoreError {
    /// Turns sled's errors into ours. sled reports a held lock only as an I/O error whose
    /// message says "could not acquire lock"; that is the one case people meet most.
    pub(crate) fn from_sled(path: &std::path::Path, e: sled::Error) -> StoreError {
        let path = path.to_path_buf();
        match e {
            sled::Error::Io(io) if io.to_string().contains("could not acquire lock") => {
                StoreError::InUse { path }
            }
            sled::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                StoreError::PermissionDenied { path }
            }
            // sled passes on the error it met first, worded for programmers.
            sled::Error::Io(io)
                if io.kind() == std::io::ErrorKind::StorageFull
                    || io.raw_os_error() == Some(28)
                    || io.to_string().contains("StorageFull") =>
            {
                StoreError::Write {
                    path,
                    detail: "the disk is full (No space left on device)".into(),
                }
            }
            sled::Error::Io(io) => StoreError::Write {
                path,
                detail: io.to_string(),
            },
            sled::Error::Corruption { .. } => StoreError::Damaged {
                path,
                detail: "its files are corrupted".into(),
            },
            other => StoreError::Damaged {
                path,
                detail: other.to_string(),
            },
        }
    }
}
