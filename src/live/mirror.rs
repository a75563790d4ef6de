//! `rapporteur mirror`: a live copy of a store kept from `rapporteur stream` on standard input,
//! in a store of its own. Each batch is applied whole through the copy's own journal, so the
//! copy opens after a stop at any point like any store. The copy keeps beside it which store
//! it copies and the last change it holds (`copy-of` in its folder), so that a broken
//! connection resumes where it stopped: the stream is asked to start there, a stream that
//! starts later (a gap) is refused, and what the copy holds already is not applied twice.

use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ending::WholeBatches;
use super::wire::{self, Frame, Received};
use crate::store::{Change, Store, StoreError};

/// Which store a copy copies, and how far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyOf {
    pub store_id: String,
    /// The number of the last change of that store the copy holds.
    pub through: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum MirrorError {
    #[error("{0}")]
    Stream(std::io::Error),
    #[error("nothing came on standard input: give it the output of `rapporteur stream`")]
    Empty,
    #[error(
        "the copy at {copy} is a copy of the store {of}, and the stream is of another store \
         ({streamed}): nothing was changed. Give each store a copy of its own (--db)"
    )]
    OtherStore {
        copy: PathBuf,
        of: String,
        streamed: String,
    },
    #[error(
        "the store at {0} is not a copy (it holds sessions of its own): nothing was changed. \
         Give `rapporteur mirror` a new folder, or one it made"
    )]
    NotACopy(PathBuf),
    #[error(
        "the stream starts after change {after}, but the copy holds changes up to {through} \
         only: the changes between would be missing, so nothing was applied. Run the stream \
         with --from {next} (`rapporteur mirror --resume-point` says so)"
    )]
    Gap { after: u64, through: u64, next: u64 },
    #[error(
        "the stream was cut in the middle of a batch, which was left out: the copy holds every \
         change up to {through}. Run the stream again with --from {next} to resume"
    )]
    Cut { through: u64, next: u64 },
    #[error(
        "the stream holds an edit of a note where it should hold the note's text: is it the \
         output of `rapporteur stream` of the same version?"
    )]
    NoteEdit,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot keep how far the copy is in {path}: {error}. Check that the disk has room")]
    Keep {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// Where a copy says which store it copies (see `CopyOf`).
pub fn copy_of_path(copy: &Path) -> PathBuf {
    copy.join("copy-of")
}

/// What the copy at `copy` says it copies; `None` for a copy never started.
pub fn copy_of(copy: &Path) -> Result<Option<CopyOf>, MirrorError> {
    let path = copy_of_path(copy);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| MirrorError::Keep {
                path,
                error: std::io::Error::other(format!("it cannot be read ({e})")),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(MirrorError::Keep { path, error }),
    }
}

/// The number of the first change the copy at `copy` lacks: what `rapporteur stream --from`
/// is to be given.
pub fn resume_point(copy: &Path) -> Result<u64, MirrorError> {
    Ok(copy_of(copy)?.map_or(1, |c| c.through + 1))
}

fn keep(copy: &Path, copy_of: &CopyOf) -> Result<(), MirrorError> {
    let path = copy_of_path(copy);
    let temp = copy.join("copy-of.new");
    let bytes = serde_json::to_vec(copy_of).expect("an id and a number always serialise");
    std::fs::File::create(&temp)
        .and_then(|file| crate::durable::replace_with(&temp, file, &path, |f| f.write_all(&bytes)))
        .and_then(|_| crate::durable::sync_folder_of(&path))
        .map_err(|error| MirrorError::Keep { path, error })
}

/// Applies the stream on `input` to the copy at `copy` until it ends. Returns how far the
/// copy is.
/// A signal waits while `batches` is held: for a batch and the note of how far the copy is.
pub fn mirror(
    copy: &Path,
    input: &mut impl Read,
    batches: &WholeBatches,
) -> Result<CopyOf, MirrorError> {
    if !wire::read_magic(input).map_err(MirrorError::Stream)? {
        return Err(MirrorError::Empty);
    }
    let hello = match wire::read_frame(input).map_err(MirrorError::Stream)? {
        Received::Frame(Frame::Hello(hello)) => hello,
        Received::End | Received::Cut => return Err(MirrorError::Empty),
        Received::Frame(_) => {
            return Err(MirrorError::Stream(std::io::Error::other(
                "the stream does not start by naming its store",
            )))
        }
    };
    let store = Store::open(copy)?;
    let copy = store.path().to_path_buf();
    let mut held = match copy_of(&copy)? {
        Some(held) if held.store_id != hello.store_id => {
            return Err(MirrorError::OtherStore {
                copy,
                of: held.store_id,
                streamed: hello.store_id,
            })
        }
        Some(held) => held,
        None if !store.sessions()?.is_empty() => return Err(MirrorError::NotACopy(copy)),
        None => {
            let new = CopyOf {
                store_id: hello.store_id.clone(),
                through: 0,
            };
            keep(&copy, &new)?;
            new
        }
    };
    if hello.after > held.through {
        return Err(MirrorError::Gap {
            after: hello.after,
            through: held.through,
            next: held.through + 1,
        });
    }
    loop {
        let frame = match wire::read_frame(input).map_err(MirrorError::Stream)? {
            Received::Frame(frame) => frame,
            Received::End => return Ok(held),
            Received::Cut => {
                return Err(MirrorError::Cut {
                    through: held.through,
                    next: held.through + 1,
                })
            }
        };
        let (seq, changes) = match frame {
            Frame::Hello(_) => {
                return Err(MirrorError::Stream(std::io::Error::other(
                    "the stream names its store twice",
                )))
            }
            Frame::Batch(entries) => {
                let seq = entries.last().map_or(0, |e| e.seq);
                (seq, entries.into_iter().map(|e| e.change).collect())
            }
            Frame::Whole { seq, changes } => {
                // The whole record takes the place of the copy's: what the copy holds and the
                // record does not was removed meanwhile.
                let mut replace: Vec<Change> = store
                    .sessions()?
                    .into_iter()
                    .map(|s| Change::RemoveSession(s.session.id))
                    .collect();
                replace.extend(changes);
                (seq, replace)
            }
        };
        if seq <= held.through {
            continue;
        }
        if changes.iter().any(|c| matches!(c, Change::NoteEdit(..))) {
            return Err(MirrorError::NoteEdit);
        }
        let _whole = batches.hold();
        store.write_batch(&changes)?;
        held.through = seq;
        // After the batch is saved: a stop between the two applies it again on resuming,
        // which changes nothing, each change being the whole new state of its record.
        keep(&copy, &held)?;
    }
}
